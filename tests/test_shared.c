/*
 * test_shared.c - shared parameters and rank correlations (config/shared.c,
 * the engine's sample_shared).
 *
 * Three testbed instances with a near-zero yearly spread (sigma 1e-9, no
 * shift) report in their first year sum = mu + O(1e-9), so the path's
 * value of mu can be read from the trace.  Checked:
 *  - every user of a shared parameter gets the same value on every path;
 *  - each shared parameter keeps its marginal (Kolmogorov-Smirnov against
 *    GSL's CDF, critical value for alpha = 0.001 at the sample size), with
 *    and without a correlation;
 *  - Spearman's rho between two correlated parameters is the rank asked
 *    for, within 4 standard errors of Fisher's z (sd sqrt(1.06 / (n - 3))
 *    for Spearman's rho, Fieller, Hartley and Pearson 1957), and near 0
 *    without a correlation;
 *  - common random numbers: sharing one parameter moves no other draw of
 *    its model; declaring another shared parameter moves no value of this
 *    one; one and two threads give bitwise the same accumulators.
 */
#include "test_util.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/engine.h"

#define N_PATHS 5000

/* %s: extra shared declarations; %s a.mu; %s b.mu; %s c.mu; %s a.p;
 * %s correlations. */
static const char *const cfg =
    "scenario = { name = \"sh\"; seed = 11; start = 2018; end = 2019; };\n"
    "shared = { m = { dist = \"uniform\"; min = 0.0; max = 2.0; };\n"
    "           x = { dist = \"beta\"; alpha = 2.0; beta = 5.0; min = 0.0;"
    " max = 3.0; };\n"
    "           q = { dist = \"uniform\"; min = 0.2; max = 0.8; }; %s };\n"
    "models = {\n"
    " a = { type = \"testbed\"; n = 5; p = %s; mu = %s; sigma = 1e-9; };\n"
    " b = { type = \"testbed\"; n = 5; p = \"shared.q\"; mu = %s; "
    "sigma = 1e-9; };\n"
    " c = { type = \"testbed\"; n = 5; p = 0.5; mu = %s; sigma = 1e-9; };\n"
    "};\n"
    "%s\n"
    "targets = ( { name = \"t\"; year = 2019; metric = \"a.sum\"; "
    "op = \">=\"; threshold = 2.0; } );\n";

static const char *const own_p = "{ dist = \"uniform\"; min = 0.2; "
                                 "max = 0.8; }";
static const char *const own_mu = "{ dist = \"uniform\"; min = 0.0; "
                                  "max = 2.0; }";

/* The first-year value of metric `name` on paths 0..n-1 into v. */
static void first_year(ls_scenario *sc, const char *name, double *v,
                       size_t n)
{
    long m = ls_scenario_metric(sc, name);
    assert_true(m >= 0);
    ls_engine *eng = ls_engine_alloc(sc, 1, NULL);
    assert_non_null(eng);
    double *tr = malloc(ls_scenario_years(sc) * sc->n_metrics * sizeof *tr);
    assert_non_null(tr);
    for (size_t i = 0; i < n; i++) {
        ls_engine_trace(eng, i, tr);
        v[i] = tr[m];
    }
    free(tr);
    ls_engine_free(eng);
}

/* Kolmogorov-Smirnov distance of v[0..n-1] (sorted in place) from cdf. */
static double ks(double *v, size_t n, double (*cdf)(double))
{
    gsl_sort(v, 1, n);
    double d = 0;
    for (size_t i = 0; i < n; i++) {
        double f = cdf(v[i]);
        double lo = f - (double)i / (double)n, hi = (double)(i + 1) / n - f;
        d = fmax(d, fmax(lo, hi));
    }
    return d;
}

static double cdf_m(double v) { return gsl_cdf_flat_P(v, 0, 2); }
static double cdf_x(double v) { return gsl_cdf_beta_P(v / 3, 2, 5); }

/* The Kolmogorov distribution's 0.999 quantile over sqrt(n). */
static double ks_critical(size_t n) { return 1.9495 / sqrt((double)n); }

static double spearman(const double *a, const double *b, size_t n)
{
    double *work = malloc(2 * n * sizeof *work);
    assert_non_null(work);
    double r = gsl_stats_spearman(a, 1, b, 1, n, work);
    free(work);
    return r;
}

/* Fails unless r is a plausible sample Spearman's rho for rank rho. */
static void assert_rank(double r, double rho, size_t n)
{
    double sd = sqrt(1.06 / (double)(n - 3));
    print_message("rank %.3f: sample %.4f (z distance %.2f sd)\n", rho, r,
                  fabs(atanh(r) - atanh(rho)) / sd);
    ls_assert_close(atanh(r), atanh(rho), 4 * sd);
}

static void load(ls_scenario *sc, const char *extra, const char *a_p,
                 const char *a_mu, const char *c_mu, const char *corr)
{
    ls_test_load(sc, cfg, extra, a_p, a_mu, "\"shared.m\"", c_mu, corr);
}

static void test_one_value(void **unused)
{
    (void)unused;
    ls_scenario sc;
    load(&sc, "", own_p, "\"shared.m\"", "\"shared.x\"", "");
    assert_int_equal(sc.n_shared, 3);
    assert_int_equal(sc.shared[0].users, 2);
    static double a[N_PATHS], b[N_PATHS], c[N_PATHS];
    first_year(&sc, "a.sum", a, N_PATHS);
    first_year(&sc, "b.sum", b, N_PATHS);
    first_year(&sc, "c.sum", c, N_PATHS);
    for (size_t i = 0; i < N_PATHS; i++)
        ls_assert_close(a[i], b[i], 1e-7);
    /* Uncorrelated: rho near 0; each marginal its own. */
    assert_rank(spearman(a, c, N_PATHS), 0.0, N_PATHS);
    assert_true(ks(a, N_PATHS, cdf_m) < ks_critical(N_PATHS));
    assert_true(ks(c, N_PATHS, cdf_x) < ks_critical(N_PATHS));
    /* One sensitivity entry per shared parameter, none per user. */
    int seen = 0;
    for (size_t k = 0; k < sc.n_sens; k++) {
        assert_true(strcmp(sc.sens[k].name, "a.mu") != 0);
        seen += strcmp(sc.sens[k].name, "shared.m") == 0;
    }
    assert_int_equal(seen, 1);
    ls_scenario_destroy(&sc);
}

static void test_rank_correlation(void **unused)
{
    (void)unused;
    const double ranks[] = {-0.7, 0.3, 0.85};
    static double a[N_PATHS], c[N_PATHS];
    for (size_t k = 0; k < 3; k++) {
        char corr[160];
        snprintf(corr, sizeof corr, "correlations = ( { pair = [\"m\", "
                 "\"shared.x\"]; rank = %g; } );", ranks[k]);
        ls_scenario sc;
        load(&sc, "", own_p, "\"shared.m\"", "\"shared.x\"", corr);
        assert_int_equal(sc.n_correlations, 1);
        first_year(&sc, "a.sum", a, N_PATHS);
        first_year(&sc, "c.sum", c, N_PATHS);
        assert_rank(spearman(a, c, N_PATHS), ranks[k], N_PATHS);
        /* The copula leaves the marginals alone. */
        assert_true(ks(a, N_PATHS, cdf_m) < ks_critical(N_PATHS));
        assert_true(ks(c, N_PATHS, cdf_x) < ks_critical(N_PATHS));
        ls_scenario_destroy(&sc);
    }
}

static void test_common_random_numbers(void **unused)
{
    (void)unused;
    static double own[N_PATHS], shared[N_PATHS], more[N_PATHS];
    ls_scenario sc;
    /* a's mu is its own; its p is its own, then shared: mu (drawn after
     * p) must not move. */
    load(&sc, "", own_p, own_mu, "\"shared.x\"", "");
    first_year(&sc, "a.sum", own, N_PATHS);
    ls_scenario_destroy(&sc);
    load(&sc, "", "\"shared.q\"", own_mu, "\"shared.x\"", "");
    first_year(&sc, "a.sum", shared, N_PATHS);
    assert_memory_equal(own, shared, sizeof own);
    ls_scenario_destroy(&sc);
    /* Another shared parameter moves no value of m. */
    load(&sc, "", own_p, "\"shared.m\"", "\"shared.x\"", "");
    first_year(&sc, "a.sum", own, N_PATHS);
    ls_scenario_destroy(&sc);
    load(&sc, "z = { dist = \"uniform\"; min = 0.0; max = 1.0; };",
         "\"shared.z\"", "\"shared.m\"", "\"shared.x\"", "");
    first_year(&sc, "a.sum", more, N_PATHS);
    assert_memory_equal(own, more, sizeof own);
    ls_scenario_destroy(&sc);
}

static void test_threads(void **unused)
{
    (void)unused;
    ls_scenario sc;
    load(&sc, "", own_p, "\"shared.m\"", "\"shared.x\"",
         "correlations = ( { pair = [\"m\", \"x\"]; rank = 0.5; } );");
    ls_accum *acc[2];
    for (int t = 0; t < 2; t++) {
        ls_engine *eng = ls_engine_alloc(&sc, t + 1, NULL);
        acc[t] = ls_engine_accum_alloc(&sc);
        ls_engine_run(eng, 3 * LS_ENGINE_BLOCK + 7, 0,
                      ls_engine_blocks(3 * LS_ENGINE_BLOCK + 7), acc[t]);
        ls_engine_free(eng);
    }
    assert_memory_equal(acc[0]->hits, acc[1]->hits, sizeof *acc[0]->hits);
    assert_memory_equal(acc[0]->mom, acc[1]->mom,
                        acc[0]->n_series * sizeof *acc[0]->mom);
    /* P(a.sum >= 2 after two years) = P(mu >= 1) = 0.5. */
    double p = (double)acc[0]->hits[0] / (double)acc[0]->paths;
    ls_assert_close(p, 0.5, 4 * sqrt(0.25 / (double)acc[0]->paths));
    ls_accum_free(acc[0]);
    ls_accum_free(acc[1]);
    ls_scenario_destroy(&sc);
}

/* Two stream owners whose names hash alike are refused, naming both; a
 * real collision of the 64-bit hash cannot be written down, so the test
 * makes one. */
static void test_id_collision(void **unused)
{
    (void)unused;
    ls_scenario sc;
    load(&sc, "", own_p, "\"shared.m\"", "\"shared.x\"", "");
    ls_error e;
    ls_error_clear(&e);
    assert_int_equal(ls_scenario_check_ids(&sc, &e), LS_OK);
    uint64_t keep = sc.shared[0].id;
    sc.shared[0].id = sc.models[1].id; /* shared.m like the second model */
    assert_int_equal(ls_scenario_check_ids(&sc, &e), LS_EINPUT);
    assert_string_equal(e.path, sc.shared[0].name);
    assert_non_null(strstr(e.msg, sc.models[1].name));
    sc.shared[0].id = keep;
    sc.models[0].id = sc.models[1].id; /* two models alike */
    assert_int_equal(ls_scenario_check_ids(&sc, &e), LS_EINPUT);
    assert_non_null(strstr(e.msg, sc.models[0].name));
    ls_scenario_destroy(&sc);
}

/* Per-path records (engine.h): ls_engine_run's, ls_engine_run_jobs' with
 * the paths' own coordinates and with coordinates given all agree, for 1
 * and 3 threads, and add up to the accumulator's hits; a job with path j's
 * coordinates gets path j's parameters. */
static void test_records(void **unused)
{
    (void)unused;
    ls_scenario sc;
    load(&sc, "", own_p, "\"shared.m\"", "\"shared.x\"",
         "correlations = ( { pair = [\"m\", \"shared.x\"]; rank = 0.6; } );");
    const uint64_t n = 2 * LS_ENGINE_BLOCK + 77;
    const size_t slots = 3 * LS_ENGINE_BLOCK;
    double *rows[2][4];
    unsigned char *hits[2];
    ls_job *jobs = calloc(n, sizeof *jobs);
    for (int k = 0; k < 2; k++) {
        ls_engine *eng = ls_engine_alloc(&sc, 1 + 2 * k, NULL);
        size_t nz = ls_engine_coords(eng), nt = sc.n_targets;
        assert_int_equal(nz, sc.n_dists + sc.n_shared);
        for (int r = 0; r < 4; r++)
            rows[k][r] = calloc(slots * nz, sizeof(double));
        hits[k] = calloc(slots * nt, 1);
        ls_job_out rec = {rows[k][0], rows[k][1], rows[k][2], hits[k],
                          rows[k][3], 0, NULL, NULL};
        ls_accum *acc = ls_engine_accum_alloc(&sc);
        ls_engine_set_records(eng, &rec);
        ls_engine_run(eng, n, 0, ls_engine_blocks(n), acc);
        ls_engine_set_records(eng, NULL);
        uint64_t sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += hits[k][i * nt];
        assert_true(sum == acc->hits[0] && sum > 0 && sum < n);
        /* The same as jobs, with their own and with given coordinates. */
        double *z = calloc(n * nz, sizeof *z);
        ls_engine_draw_coords(eng, 0, n, z);
        assert_memory_equal(z, rows[k][0], n * nz * sizeof *z);
        for (int given = 0; given < 2; given++) {
            double *u = calloc(n * nz, sizeof *u);
            unsigned char *h = calloc(n * nt, 1);
            ls_job_out jr = {NULL, u, NULL, h, NULL, 0, NULL, NULL};
            for (size_t i = 0; i < n; i++)
                jobs[i] = (ls_job){i, given ? z + i * nz : NULL};
            ls_engine_run_jobs(eng, jobs, n, &jr);
            assert_memory_equal(u, rows[k][1], n * nz * sizeof *u);
            assert_memory_equal(h, hits[k], n * nt);
            free(u);
            free(h);
        }
        /* Path 5 with path 9's coordinates has path 9's parameters. */
        double *v = calloc(sc.n_dists, sizeof *v);
        ls_job_out one = {NULL, NULL, v, NULL, NULL, 0, NULL, NULL};
        ls_job job = {5, z + 9 * nz};
        ls_engine_run_jobs(eng, &job, 1, &one);
        assert_memory_equal(v, rows[k][2] + 9 * sc.n_dists,
                            sc.n_dists * sizeof *v);
        free(v);
        free(z);
        ls_accum_free(acc);
        ls_engine_free(eng);
    }
    size_t nz = sc.n_dists + sc.n_shared;
    for (int r = 0; r < 4; r++) {
        size_t w = r == 2 ? sc.n_dists : r == 3 ? sc.n_targets : nz;
        assert_memory_equal(rows[0][r], rows[1][r], n * w * sizeof(double));
        free(rows[0][r]);
        free(rows[1][r]);
    }
    assert_memory_equal(hits[0], hits[1], n * sc.n_targets);
    free(hits[0]);
    free(hits[1]);
    free(jobs);
    ls_scenario_destroy(&sc);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_value),
        cmocka_unit_test(test_rank_correlation),
        cmocka_unit_test(test_common_random_numbers),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_id_collision),
        cmocka_unit_test(test_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
