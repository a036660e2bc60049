/*
 * test_rare.c - importance sampling of rare targets (sim/rare.c).
 *
 *  - the warp: a nominal proposal changes nothing; a moved one keeps
 *    E_q[W] = 1 (within 5 standard errors of the sample);
 *  - a testbed target with a closed-form P = 1e-6: the estimate is within
 *    4 standard errors of it, trusted, with a large variance reduction,
 *    and the same for 1 and 3 threads;
 *  - coverage of the 95 % interval over 200 replications (seeds) of that
 *    target, within 4 binomial sd of 95 %, overall and of the trusted
 *    estimates; and where the yearly randomness decides the event (the
 *    intervals under-cover), the estimates are flagged untrusted;
 *  - a common target (P ~ 0.3) as a miss event and as a hit event agrees
 *    with its closed form;
 *  - compare: a keuze's dP of the rare target on the same paths and
 *    weights agrees with the closed-form difference.
 */
#include "test_util.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "sim/engine.h"
#include "sim/rare.h"

/* sum(2020) = 3 mu + three Normal(0, sigma) steps, mu ~ Normal(0, 1): so
 * sum ~ Normal(0, 9 + 3 sigma^2) and P(sum >= t) = Q(t / sqrt(9 + 3
 * sigma^2)).  b is a distractor: two uncertain parameters that do not
 * touch the target.  %g: sigma. */
static const char *const cfg =
    "scenario = { name = \"rare\"; seed = %d; start = 2018; end = 2020; };\n"
    "models = {\n"
    " a = { type = \"testbed\"; n = 0; p = 0.5; sigma = %g;\n"
    "       mu = { dist = \"truncnormal\"; mean = 0.0; sd = 1.0;\n"
    "              min = -40.0; max = 40.0; }; };\n"
    " b = { type = \"testbed\"; n = 10;\n"
    "       p = { dist = \"uniform\"; min = 0.1; max = 0.9; };\n"
    "       mu = { dist = \"uniform\"; min = -1.0; max = 1.0; }; };\n"
    "};\n"
    "targets = ( { name = \"rare\"; year = 2020; metric = \"a.sum\"; "
    "op = \">=\"; threshold = %.17g; },\n"
    " { name = \"common\"; year = 2020; metric = \"a.sum\"; op = \"<=\"; "
    "threshold = -1.8; } );\n";

static double sigma = 0.3;  /* the yearly steps' sd; set per test */

static double sd_of_sum(void)
{
    return sqrt(9 + 3 * sigma * sigma);
}

static double threshold_of(double p)
{
    return gsl_cdf_ugaussian_Qinv(p) * sd_of_sum();
}

static void test_warp(void **unused)
{
    (void)unused;
    ls_scenario sc;
    ls_test_load(&sc, cfg, 1, sigma, threshold_of(1e-6));
    ls_engine *eng = ls_engine_alloc(&sc, 1, NULL);
    size_t nz = ls_engine_coords(eng);
    ls_rare_proposal *q = ls_rare_proposal_alloc(&sc, nz);
    assert_int_equal(q->n, 3); /* a.mu, b.p, b.mu */
    enum { N = 200000 };
    double *v = malloc(N * nz * sizeof *v), *lw = malloc(N * sizeof *lw);
    double *copy = malloc(N * nz * sizeof *copy);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    for (size_t i = 0; i < N * nz; i++)
        copy[i] = v[i] = gsl_rng_uniform_pos(r);
    ls_rare_warp(q, v, N, lw, NULL);
    assert_memory_equal(v, copy, N * nz * sizeof *v);
    for (size_t i = 0; i < N; i++)
        assert_true(lw[i] == 0);
    q->moving[0] = 1;
    q->m[0] = 1.5;
    q->s[0] = 1.2;
    ls_rare_warp(q, v, N, lw, NULL);
    double s = 0, ss = 0;
    for (size_t i = 0; i < N; i++) {
        double w = exp(lw[i]);
        s += w;
        ss += w * w;
    }
    double mean = s / N, se = sqrt((ss / N - mean * mean) / N);
    print_message("E_q[W] = %.4f +- %.4f\n", mean, se);
    ls_assert_close(mean, 1.0, 5 * se);
    gsl_rng_free(r);
    free(v);
    free(lw);
    free(copy);
    ls_rare_proposal_free(q);
    ls_engine_free(eng);
    ls_scenario_destroy(&sc);
}

static ls_rare_est estimate(int seed, double p, uint64_t paths, int threads,
                            size_t t, int miss)
{
    ls_scenario sc;
    ls_test_load(&sc, cfg, seed, sigma, threshold_of(p));
    ls_engine *eng = ls_engine_alloc(&sc, threads, NULL);
    ls_rare_opts o = ls_rare_defaults(paths);
    ls_rare_est est;
    assert_int_equal(ls_rare_estimate(eng, t, miss, &o, &est, NULL), LS_OK);
    ls_engine_free(eng);
    ls_scenario_destroy(&sc);
    return est;
}

static void test_closed_form(void **unused)
{
    (void)unused;
    const double p = 1e-6;
    ls_rare_est a = estimate(7, p, 20000, 1, 0, 0);
    print_message("P = %.4g +- %.2g [%.4g, %.4g], hits %llu, ESS %.0f, "
                  "VRF %.3g, %d iterations, %zu moved, cost %llu\n",
                  a.p, a.se, a.lo, a.hi, (unsigned long long)a.hits, a.ess,
                  a.vrf, a.iterations, a.moved, (unsigned long long)a.cost);
    assert_true(a.done && a.flag == LS_RARE_OK);
    ls_assert_close(a.p, p, 4 * a.se);
    assert_true(a.se < 0.1 * p);
    assert_true(a.moved == 1);  /* only a.mu: the distractors stay */
    ls_rare_est b = estimate(7, p, 20000, 3, 0, 0);
    assert_memory_equal(&a, &b, sizeof a);
}

/* n replications (seeds) of the 1e-6 target at the current sigma: how
 * many intervals cover, how many are trusted, and how many of those
 * cover. */
static void replicate(int n, uint64_t paths, int *covered, int *trusted,
                      int *trusted_covered)
{
    const double p = 1e-6;
    double sum = 0, ss = 0, se2 = 0;
    *covered = *trusted = *trusted_covered = 0;
    for (int k = 0; k < n; k++) {
        ls_rare_est e = estimate(1000 + k, p, paths, 2, 0, 0);
        int in = e.lo <= p && p <= e.hi;
        *covered += in;
        *trusted += e.flag == LS_RARE_OK;
        *trusted_covered += in && e.flag == LS_RARE_OK;
        sum += e.p;
        ss += e.p * e.p;
        se2 += e.se * e.se;
    }
    double sd = sqrt(ss / n - sum * sum / n / n);
    print_message("sigma %g, %llu paths: mean %.4g (sd of estimates %.3g, "
                  "rms se %.3g); covered %d / %d, trusted %d, of which "
                  "covered %d\n", sigma, (unsigned long long)paths, sum / n,
                  sd, sqrt(se2 / n), *covered, n, *trusted, *trusted_covered);
}

/* 200 replications: the intervals cover 95 % within 4 binomial sd, and
 * so do the trusted ones, which are most. */
static void test_coverage(void **unused)
{
    (void)unused;
    const int reps = 200;
    int cov, trusted, tcov;
    sigma = 0.3;
    replicate(reps, 4000, &cov, &trusted, &tcov);
    double tol = 4 * sqrt(0.95 * 0.05 / reps);
    assert_true(fabs((double)cov / reps - 0.95) <= tol);
    assert_true(trusted >= reps * 8 / 10);
    assert_true(fabs((double)tcov / trusted - 0.95) <= tol);
}

/* When the paths' yearly randomness decides the event (sigma = 1: the
 * parameter explains less of it), the weights grow heavy-tailed and the
 * intervals cover only ~75-80 %: the diagnostics must say so. */
static void test_untrusted(void **unused)
{
    (void)unused;
    int cov, trusted, tcov;
    sigma = 1.0;
    replicate(50, 2000, &cov, &trusted, &tcov);
    assert_true(trusted <= 5);
    sigma = 0.3;
}

/* P(sum <= -1.8) = Phi(-1.8 / sd) ~ 0.28: estimated as the hit and as the
 * complement of the miss. */
static void test_common_event(void **unused)
{
    (void)unused;
    double exact = gsl_cdf_ugaussian_P(-1.8 / sd_of_sum());
    for (int miss = 0; miss < 2; miss++) {
        ls_rare_est e = estimate(3, 1e-6, 20000, 2, 1, miss);
        double p, lo, hi;
        ls_rare_hit(&e, &p, &lo, &hi);
        print_message("miss %d: P(hit) = %.4f [%.4f, %.4f], exact %.4f\n",
                      miss, p, lo, hi, exact);
        ls_assert_close(p, exact, 4 * e.se);
        assert_true(lo <= p && p <= hi);
    }
}

/* compare: the keuze moves mu's mean to +0.5, so P_j = Q((t - 1.5) / sd);
 * dP on the same paths and weights is within 4 se of the exact
 * difference, and the same for 1 and 2 threads. */
static void test_paired(void **unused)
{
    (void)unused;
    const double p = 1e-6, t = threshold_of(p), sd = sd_of_sum();
    const double pj = gsl_cdf_ugaussian_Q((t - 1.5) / sd);
    ls_scenario sc[2];
    ls_test_load(&sc[0], cfg, 5, sigma, t);
    char keuze[2048];
    snprintf(keuze, sizeof keuze, "%s", cfg);
    char *at = strstr(keuze, "mean = 0.0");
    assert_non_null(at);
    memcpy(at, "mean = 0.5", 10);
    ls_test_load(&sc[1], keuze, 5, sigma, t);
    ls_rare_diff first[2 * 2];
    for (int threads = 1; threads <= 2; threads++) {
        ls_engine *engs[2];
        const ls_scenario *scp[2] = {&sc[0], &sc[1]};
        for (int j = 0; j < 2; j++)
            engs[j] = ls_engine_alloc(&sc[j], threads, NULL);
        ls_pairs *pairs = ls_pairs_alloc(scp, 2);
        ls_accum *acc = ls_engine_accum_alloc(&sc[0]); /* no paths: rare */
        ls_rare_opts o = ls_rare_defaults(20000);
        ls_rare_est ref[2];
        ls_rare_diff diff[2 * 2];
        assert_int_equal(ls_rare_paired(engs, 2, pairs, acc, &o, ref, diff,
                                        NULL), LS_OK);
        const ls_rare_diff *d = &diff[2 + 0];
        print_message("P0 %.4g (exact %.4g), Pj %.4g (exact %.4g), dP %.4g "
                      "+- %.2g [%.4g, %.4g], exact %.4g, %llu paths differ\n",
                      ref[0].p, p, d->pj, pj, d->d, d->se, d->lo, d->hi,
                      pj - p, (unsigned long long)d->differ);
        assert_true(ref[0].done && d->done);
        ls_assert_close(ref[0].p, p, 4 * ref[0].se);
        ls_assert_close(d->d, pj - p, 4 * d->se);
        assert_true(d->lo > 0);
        if (threads == 1)
            memcpy(first, diff, sizeof diff);
        else
            assert_memory_equal(first, diff, sizeof diff);
        ls_accum_free(acc);
        ls_pairs_free(pairs);
        for (int j = 0; j < 2; j++)
            ls_engine_free(engs[j]);
    }
    ls_scenario_destroy(&sc[0]);
    ls_scenario_destroy(&sc[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_warp),
        cmocka_unit_test(test_closed_form),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_untrusted),
        cmocka_unit_test(test_common_event),
        cmocka_unit_test(test_paired),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
