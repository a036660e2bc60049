/*
 * test_sample.c - the fast samplers (base/sample.h) proven against GSL's
 * CDFs, and the lanes (base/lanes.h) against the per-path draws, bit for
 * bit.
 *
 * Each distribution test draws DRAWS values on the keyed Philox streams
 * (one key per draw, as the engine keys paths), bins them into cells whose
 * probabilities come from GSL's CDF (gsl_cdf_binomial_P, gsl_cdf_poisson_P,
 * gsl_cdf_ugaussian_P), and compares Pearson's chi-square with its
 * quantile at ALPHA divided by the number of tests in the file
 * (Bonferroni): the whole file fails by chance with probability below
 * ALPHA.  The grid covers both methods, the boundary between them and the
 * edges (n = 0, p = 0, p = 1, n near 2^32, p above and below 1/2).
 */
#include "test_util.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "base/lanes.h"
#include "base/sample.h"

#define DRAWS 20000
#define ALPHA 1e-4     /* family-wise chance of a false failure */
#define TESTS 160      /* chi-square tests in this file, at most */
#define MODEL 77       /* model id of the test keys */
#define YEAR 2018

static ls_stream *fast_stream(const ls_rng_kind *kind)
{
    ls_stream *st = ls_stream_alloc(kind);
    assert_non_null(st);
    st->samplers = LS_SAMPLERS_FAST;
    return st;
}

/* The chi-square test of `counts` (cells of the CDF's boundaries) against
 * expected = DRAWS x the probabilities; cells below 5 expected are merged
 * into their neighbour. */
static void chisq(const double *expect, const double *seen, size_t cells,
                  const char *what)
{
    double e[64], o[64];
    size_t k = 0;
    for (size_t c = 0; c < cells; c++) {
        if (k == 0 || e[k - 1] >= 5) {
            e[k] = o[k] = 0;
            k++;
        }
        e[k - 1] += expect[c];
        o[k - 1] += seen[c];
    }
    if (k > 1 && e[k - 1] < 5) {   /* a small last cell joins the one before */
        e[k - 2] += e[k - 1];
        o[k - 2] += o[k - 1];
        k--;
    }
    if (k < 2)
        return;   /* one cell: nothing to test beyond the support */
    double x2 = 0;
    for (size_t c = 0; c < k; c++)
        x2 += (o[c] - e[c]) * (o[c] - e[c]) / e[c];
    double crit = gsl_cdf_chisq_Qinv(ALPHA / TESTS, (double)(k - 1));
    if (!(x2 <= crit))
        fail_msg("%s: chi-square %.1f > %.1f on %zu degrees of freedom", what,
                 x2, crit, k - 1);
}

/* Cell boundaries for a discrete variable of this mean and sd: up to 40
 * values b[0] < b[1] < ... (cell c holds the values in (b[c-1], b[c]]),
 * the last one `top`. */
static size_t boundaries(double mean, double sd, double top, double *b)
{
    size_t k = 0;
    for (int j = 1; j < 40; j++) {
        double v = floor(mean + sd * gsl_cdf_ugaussian_Pinv(j / 40.0));
        if (v < 0 || v >= top || (k > 0 && v <= b[k - 1]))
            continue;
        b[k++] = v;
    }
    b[k++] = top;
    return k;
}

static size_t cell_of(const double *b, size_t cells, double x)
{
    size_t c = 0;
    while (c + 1 < cells && x > b[c])
        c++;
    return c;
}

/* P(X <= k) for X ~ Binomial(n, p).  GSL 2.7's incomplete beta returns
 * NaN at some points near the mean of a large n (k = 499913, p = 0.05, n =
 * 1e7); there the CDF is taken at the nearest point below where it is a
 * number, plus the pmf in between. */
static double binomial_P(unsigned k, double p, unsigned n)
{
    double P = gsl_cdf_binomial_P(k, p, n);
    unsigned below = k;
    for (uint64_t d = 1; isnan(P) && d <= k; d *= 2) {
        below = k - (unsigned)d;
        P = gsl_cdf_binomial_P(below, p, n);
    }
    assert_false(isnan(P));
    for (unsigned j = below + 1; j <= k && below < k; j++)
        P += gsl_ran_binomial_pdf(j, p, n);
    return P;
}

static void check_binomial_n(const ls_rng_kind *kind, double p, double n,
                             uint64_t draws)
{
    ls_stream *st = fast_stream(kind);
    double mean = n * p, sd = sqrt(n * p * (1 - p)) + 1;
    double b[41], seen[41] = {0}, expect[41];
    size_t cells = boundaries(mean, sd, n, b);
    for (uint64_t i = 0; i < draws; i++) {
        ls_stream_key(st, 1, i, MODEL, YEAR);
        double x = ls_binomial(st, 3, p, n);
        if (!(x >= 0 && x <= n && x == floor(x)))
            fail_msg("Binomial(%g, %g) gave %g", n, p, x);
        seen[cell_of(b, cells, x)]++;
    }
    double prev = 0;
    for (size_t c = 0; c < cells; c++) {
        double P = c + 1 == cells
                       ? 1
                       : binomial_P((unsigned)b[c], p, (unsigned)n);
        expect[c] = (double)draws * (P - prev);
        prev = P;
    }
    char what[96];
    snprintf(what, sizeof what, "%s Binomial(n %.10g, p %.3g)", kind->name,
             n, p);
    chisq(expect, seen, cells, what);
    ls_stream_free(st);
}

static void check_binomial(const ls_rng_kind *kind, double p, double n)
{
    check_binomial_n(kind, p, n, DRAWS);
}

static void test_binomial_against_cdf(void **state)
{
    (void)state;
    static const double ns[] = {1, 2, 5, 10, 37, 100, 1000, 12800, 1e5, 1e7,
                                4294967295.0};
    static const double ps[] = {1e-7, 1e-3, 0.01, 0.05, 0.1, 0.3, 0.5, 0.7,
                                0.95, 0.999};
    for (size_t i = 0; i < sizeof ns / sizeof *ns; i++)
        for (size_t j = 0; j < sizeof ps / sizeof *ps; j++)
            check_binomial(ls_rng_kinds[0], ps[j], ns[i]);
    /* Either side of the switch from inversion to BTRD (n p = 10). */
    check_binomial(ls_rng_kinds[0], 0.00999, 1000);
    check_binomial(ls_rng_kinds[0], 0.01, 1000);
    check_binomial(ls_rng_kinds[0], 1 - 0.01, 1000);
    /* A reference generator: the pair and further uniforms of one
     * substream. */
    check_binomial(ls_rng_find("taus2"), 0.3, 1000);
    check_binomial(ls_rng_find("taus2"), 0.004, 1000);
    /* More power where BTRD's slow steps decide a third of the draws:
     * 2e6 draws resolve a cell's probability to about 1 %. */
    check_binomial_n(ls_rng_kinds[0], 0.3, 100, 2000000);
    check_binomial_n(ls_rng_kinds[0], 0.01, 12800, 2000000);
    check_binomial_n(ls_rng_kinds[0], 0.6, 1500, 2000000);
    check_binomial_n(ls_rng_kinds[0], 0.3, 1e7, 2000000);
}

static void test_binomial_edges(void **state)
{
    (void)state;
    ls_stream *st = fast_stream(ls_rng_kinds[0]);
    for (uint64_t i = 0; i < 1000; i++) {
        ls_stream_key(st, 2, i, MODEL, YEAR);
        assert_true(ls_binomial(st, 1, 0.3, 0) == 0);
        assert_true(ls_binomial(st, 1, 0, 1e6) == 0);
        assert_true(ls_binomial(st, 1, 1, 1e6) == 1e6);
        assert_true(ls_binomial(st, 1, 1, 4294967295.0) == 4294967295.0);
        double x = ls_binomial(st, 1, 1e-300, 4294967295.0);
        assert_true(x >= 0 && x <= 2);
    }
    ls_stream_free(st);
}

static void check_poisson(double mu)
{
    ls_stream *st = fast_stream(ls_rng_kinds[0]);
    double b[41], seen[41] = {0}, expect[41];
    size_t cells = boundaries(mu, sqrt(mu) + 1, 1e12, b);
    for (uint64_t i = 0; i < DRAWS; i++) {
        ls_stream_key(st, 3, i, MODEL, YEAR);
        seen[cell_of(b, cells, ls_poisson(st, 5, mu))]++;
    }
    double prev = 0;
    for (size_t c = 0; c < cells; c++) {
        double P = c + 1 == cells ? 1 : gsl_cdf_poisson_P((unsigned)b[c], mu);
        expect[c] = DRAWS * (P - prev);
        prev = P;
    }
    char what[64];
    snprintf(what, sizeof what, "Poisson(%g)", mu);
    chisq(expect, seen, cells, what);
    ls_stream_free(st);
}

static void test_poisson_against_cdf(void **state)
{
    (void)state;
    static const double mus[] = {1e-6, 0.1, 1, 5, 9.99, 10, 30, 1000, 1e6};
    for (size_t i = 0; i < sizeof mus / sizeof *mus; i++)
        check_poisson(mus[i]);
    ls_stream *st = fast_stream(ls_rng_kinds[0]);
    ls_stream_key(st, 3, 0, MODEL, YEAR);
    assert_true(ls_poisson(st, 5, 0) == 0);
    ls_stream_free(st);
}

/* AS 241 is gsl_cdf_ugaussian_Pinv's algorithm: the two agree to a few
 * rounding errors everywhere, the far tails included. */
static void test_normal_quantiles(void **state)
{
    (void)state;
    static const double us[] = {1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.01,
                                0.0749, 0.075, 0.0751, 0.3, 0.5 - 1e-12};
    for (size_t i = 0; i < sizeof us / sizeof *us; i++) {
        for (int side = 0; side < 2; side++) {
            double u = side ? 1 - us[i] : us[i];
            if (!(u < 1))
                continue;   /* 1 - 1e-300 is 1: outside (0, 1) */
            double x = ls_sample_normal(u), g = gsl_cdf_ugaussian_Pinv(u);
            ls_assert_close(x, g, 1e-14 * (1 + fabs(g)));
        }
    }
    ls_stream *st = fast_stream(ls_rng_kinds[0]);
    for (uint64_t i = 0; i < 100000; i++) {
        ls_stream_key(st, 4, i, MODEL, YEAR);
        double u[2];
        ls_stream_pair(st, 1, u);
        double g = gsl_cdf_ugaussian_Pinv(u[0]);
        ls_assert_close(ls_sample_normal(u[0]), g, 1e-14 * (1 + fabs(g)));
    }
    ls_stream_free(st);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Kolmogorov-Smirnov: the draws of ls_normal against Normal(0, sigma). */
static void test_normal_against_cdf(void **state)
{
    (void)state;
    ls_stream *st = fast_stream(ls_rng_kinds[0]);
    double *x = malloc(DRAWS * sizeof *x), d = 0;
    assert_non_null(x);
    for (uint64_t i = 0; i < DRAWS; i++) {
        ls_stream_key(st, 5, i, MODEL, YEAR);
        x[i] = ls_normal(st, 2, 0.1);
    }
    qsort(x, DRAWS, sizeof *x, by_value);
    for (size_t i = 0; i < DRAWS; i++) {
        double F = gsl_cdf_gaussian_P(x[i], 0.1);
        d = fmax(d, fmax(F - (double)i / DRAWS, (double)(i + 1) / DRAWS - F));
    }
    /* The asymptotic Kolmogorov bound at ALPHA / TESTS. */
    double crit = sqrt(-0.5 * log(ALPHA / TESTS / 2)) / sqrt(DRAWS);
    if (!(d <= crit))
        fail_msg("KS distance %.4f > %.4f", d, crit);
    free(x);
    ls_stream_free(st);
}

/* A parameter for the lanes test: the edges often, the rest spread over
 * both methods. */
static void random_case(gsl_rng *r, double *p, double *n)
{
    static const double ps[] = {0, 1, 1e-300, 0.5, 0.5000001, 0.9999999};
    static const double ns[] = {0, 1, 2, 9, 10, 11, 1000, 12800, 4294967295.0};
    double a = gsl_rng_uniform(r);
    *p = a < 0.2 ? ps[gsl_rng_uniform_int(r, 6)]
         : a < 0.6 ? gsl_rng_uniform(r)
                   : pow(10, -6 * gsl_rng_uniform(r));
    double b = gsl_rng_uniform(r);
    *n = b < 0.3 ? ns[gsl_rng_uniform_int(r, 9)]
                 : floor(pow(10, 6 * gsl_rng_uniform(r)));
}

/* The lanes at instruction-set level `level` draw bitwise what the
 * per-path streams draw, for every lane count, with the edges and both
 * methods mixed across lanes. */
static void check_lanes(ls_simd level)
{
    ls_lanes *ln = ls_lanes_alloc();
    ls_stream *st = fast_stream(ls_rng_kinds[0]);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    assert_non_null(ln);
    assert_non_null(r);
    assert_int_equal(ls_lanes_set_simd(ln, level), 0);
    print_message("lanes at level %s\n", ls_lanes_simd_name(level));
    for (int trial = 0; trial < 20000; trial++) {
        size_t L = 1 + gsl_rng_uniform_int(r, LS_LANES);
        uint64_t path[LS_LANES];
        double p[LS_LANES], n[LS_LANES], x[LS_LANES], z[LS_LANES];
        for (size_t l = 0; l < L; l++) {
            path[l] = gsl_rng_get(r);
            random_case(r, &p[l], &n[l]);
        }
        unsigned site = 1 + (unsigned)gsl_rng_uniform_int(r, 9);
        ls_lanes_key(ln, 6, path, L, MODEL, YEAR);
        ls_lanes_binomial(ln, site, p, n, x);
        ls_lanes_normal(ln, site + 1, 0.3, z);
        for (size_t l = 0; l < L; l++) {
            ls_stream_key(st, 6, path[l], MODEL, YEAR);
            double want = ls_binomial(st, site, p[l], n[l]);
            double zw = ls_normal(st, site + 1, 0.3);
            if (memcmp(&want, &x[l], sizeof want) != 0 ||
                memcmp(&zw, &z[l], sizeof zw) != 0)
                fail_msg("lane %zu of %zu (p %.17g, n %.17g, site %u): "
                         "%.17g/%.17g, per path %.17g/%.17g",
                         l, L, p[l], n[l], site, x[l], z[l], want, zw);
        }
    }
    gsl_rng_free(r);
    ls_stream_free(st);
    ls_lanes_free(ln);
}

static void test_lanes_match_paths(void **state)
{
    (void)state;
    int levels = 0;
    for (int k = 0; k < LS_SIMD_LEVELS; k++) {
        if (!ls_lanes_simd_supported((ls_simd)k))
            continue;
        check_lanes((ls_simd)k);
        levels++;
    }
    assert_true(levels >= 1);
    ls_lanes *ln = ls_lanes_alloc();
    assert_int_equal(ln->simd, ls_lanes_simd_best());
    assert_int_equal(ls_lanes_set_simd(ln, LS_SIMD_LEVELS), -1);
    ls_lanes_free(ln);
}

/* With samplers = "gsl" a draw is GSL's on the site's substream. */
static void test_gsl_samplers(void **state)
{
    (void)state;
    ls_stream *st = ls_stream_alloc(ls_rng_kinds[0]);
    ls_stream *ref = ls_stream_alloc(ls_rng_kinds[0]);
    st->samplers = LS_SAMPLERS_GSL;
    for (uint64_t i = 0; i < 1000; i++) {
        ls_stream_key(st, 7, i, MODEL, YEAR);
        ls_stream_key(ref, 7, i, MODEL, YEAR);
        double x = ls_binomial(st, 4, 0.3, 1000);
        double g = gsl_ran_binomial(ls_stream_site(ref, 4), 0.3, 1000);
        assert_true(x == g);
        x = ls_normal(st, 5, 2);
        g = gsl_ran_gaussian_ziggurat(ls_stream_site(ref, 5), 2);
        assert_true(x == g);
        x = ls_poisson(st, 6, 3.5);
        g = gsl_ran_poisson(ls_stream_site(ref, 6), 3.5);
        assert_true(x == g);
    }
    ls_stream_free(st);
    ls_stream_free(ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binomial_against_cdf),
        cmocka_unit_test(test_binomial_edges),
        cmocka_unit_test(test_poisson_against_cdf),
        cmocka_unit_test(test_normal_quantiles),
        cmocka_unit_test(test_normal_against_cdf),
        cmocka_unit_test(test_lanes_match_paths),
        cmocka_unit_test(test_gsl_samplers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
