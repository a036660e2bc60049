/*
 * test_dist.c - distributions and schedules of uncertain parameters.
 *
 * Each distribution's inverse CDF is checked against its CDF (closed form
 * or GSL's), its support, and its mean (ls_dist_mean) by midpoint
 * quadrature over u; sampling through a keyed stream is checked against
 * the mean at z = 4 with the standard deviation from the same quadrature.
 * Parameters are read from libconfig text, so the reader is tested too.
 */
#include "test_util.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "base/dist.h"
#include "config/param.h"
#include "base/rng.h"

/* Reads `p = <text>;` as a parameter in [lo, hi]. */
static int read_param(const char *text, double lo, double hi, int integer,
                      int once, ls_param *out, ls_error *e)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "p = %s;", text);
    config_t cfg;
    config_init(&cfg);
    config_set_auto_convert(&cfg, 1);
    assert_int_equal(config_read_string(&cfg, buf), CONFIG_TRUE);
    int rc = ls_param_read(config_root_setting(&cfg), "p", lo, hi, integer,
                           once, 1, 0, out, e);
    config_destroy(&cfg);
    return rc;
}

static ls_param must_read(const char *text, double lo, double hi,
                          int integer)
{
    ls_param p;
    ls_error e;
    ls_error_clear(&e);
    if (read_param(text, lo, hi, integer, 0, &p, &e) != LS_OK)
        fail_msg("%s: %s", text, e.msg);
    return p;
}

typedef double (*cdf_fn)(const ls_dist *d, double x);

static double cdf_uniform(const ls_dist *d, double x)
{
    return (x - d->lo) / (d->hi - d->lo);
}

static double cdf_triangular(const ls_dist *d, double x)
{
    double a = d->lo, c = d->a, b = d->hi;
    return x <= c ? (x - a) * (x - a) / ((b - a) * (c - a))
                  : 1 - (b - x) * (b - x) / ((b - a) * (b - c));
}

static double cdf_pert(const ls_dist *d, double x)
{
    double al = 1 + 4 * (d->a - d->lo) / (d->hi - d->lo);
    double be = 1 + 4 * (d->hi - d->a) / (d->hi - d->lo);
    return gsl_cdf_beta_P((x - d->lo) / (d->hi - d->lo), al, be);
}

static double cdf_normal(const ls_dist *d, double x)
{
    return gsl_cdf_gaussian_P(x - d->a, d->b);
}

static double cdf_lognormal(const ls_dist *d, double x)
{
    return gsl_cdf_lognormal_P(x, log(d->a), d->b);
}

static double cdf_beta(const ls_dist *d, double x)
{
    return gsl_cdf_beta_P((x - d->lo) / (d->hi - d->lo), d->b, d->c);
}

static double cdf_truncnormal(const ls_dist *d, double x)
{
    double pa = gsl_cdf_ugaussian_P((d->lo - d->a) / d->b);
    double pb = gsl_cdf_ugaussian_P((d->hi - d->a) / d->b);
    return (gsl_cdf_ugaussian_P((x - d->a) / d->b) - pa) / (pb - pa);
}

static void check_dist(const char *text, cdf_fn cdf, double lo, double hi)
{
    ls_param p = must_read(text, lo, hi, 0);
    const ls_dist *d = &p.dist;
    /* Inverse of the CDF, monotone, inside the support. */
    double prev = -HUGE_VAL;
    for (int i = 1; i < 1000; i++) {
        double u = i / 1000.0;
        double x = ls_dist_quantile(d, u);
        assert_true(x >= prev);
        assert_true(x >= d->lo && x <= d->hi);
        prev = x;
        if (cdf != NULL)
            ls_assert_close(cdf(d, x), u, 1e-7);
    }
    /* Mean and variance by midpoint quadrature over u. */
    const int n = 200000;
    double m = 0, m2 = 0;
    for (int i = 0; i < n; i++) {
        double x = ls_dist_quantile(d, (i + 0.5) / n);
        m += x / n;
        m2 += x * x / n;
    }
    double sd = sqrt(fmax(m2 - m * m, 0));
    ls_assert_close(m, ls_dist_mean(d), 1e-3 * sd + 1e-12);
    /* Sampling through a keyed stream: the mean at z = 4. */
    ls_stream *st = ls_stream_alloc(ls_rng_kinds[0]);
    const int draws = 100000;
    double s = 0;
    for (int i = 0; i < draws; i++) {
        ls_stream_key(st, 42, (uint64_t)i, 7, LS_KEY_SAMPLE);
        s += ls_dist_quantile(d, gsl_rng_uniform_pos(st->r));
    }
    ls_assert_close(s / draws, ls_dist_mean(d), 4 * sd / sqrt(draws));
    ls_stream_free(st);
}

static void test_distributions(void **unused)
{
    (void)unused;
    check_dist("{ dist = \"uniform\"; min = 0.012; max = 0.043; }",
               cdf_uniform, 0, 1);
    check_dist("{ dist = \"triangular\"; min = 0.01; mode = 0.02; max = 0.04; }",
               cdf_triangular, 0, 1);
    check_dist("{ dist = \"triangular\"; min = 3; mode = 3; max = 7.5; }",
               cdf_triangular, 0, 10);
    check_dist("{ dist = \"pert\"; min = 50; mode = 150; max = 400; }",
               cdf_pert, 0, 1000);
    check_dist("{ dist = \"normal\"; mean = -2.385; sd = 0.7; }", cdf_normal,
               -HUGE_VAL, HUGE_VAL);
    check_dist("{ dist = \"lognormal\"; median = 2.385; sigma = 0.5; }",
               cdf_lognormal, 0, HUGE_VAL);
    check_dist("{ dist = \"beta\"; alpha = 2.5; beta = 5; min = 0.2; max = 0.9; }",
               cdf_beta, 0, 1);
    check_dist("{ dist = \"truncnormal\"; mean = 0.015; sd = 0.007; min = 0; "
               "max = 0.04; }", cdf_truncnormal, 0, 0.1);
    check_dist("{ dist = \"discrete\"; values = [0, 2, 3, 6]; "
               "weights = [0.6, 0.15, 0.15, 0.1]; }", NULL, 0, 10);
}

static void test_discrete_and_integer(void **unused)
{
    (void)unused;
    ls_param p = must_read("{ dist = \"discrete\"; values = [0, 2, 3, 6]; "
                           "weights = [0.6, 0.15, 0.15, 0.1]; }", 0, 10, 1);
    ls_assert_close(ls_dist_mean(&p.dist), 0.3 + 0.45 + 0.6, 1e-12);
    assert_true(ls_dist_quantile(&p.dist, 0.59) == 0);
    assert_true(ls_dist_quantile(&p.dist, 0.61) == 2);
    assert_true(ls_dist_quantile(&p.dist, 0.76) == 3);
    assert_true(ls_dist_quantile(&p.dist, 0.95) == 6);
    /* Integer uniform: each of 4..7 with probability 1/4. */
    ls_param q = must_read("{ dist = \"uniform\"; min = 4; max = 7; }", 0, 10,
                           1);
    int count[8] = {0};
    for (int i = 0; i < 4000; i++)
        count[(int)ls_dist_quantile(&q.dist, (i + 0.5) / 4000)]++;
    for (int v = 4; v <= 7; v++)
        assert_int_equal(count[v], 1000);
    /* Other integer distributions round to whole numbers. */
    ls_param t = must_read("{ dist = \"triangular\"; min = 4; mode = 6; "
                           "max = 10; }", 0, 10, 1);
    for (int i = 1; i < 100; i++) {
        double x = ls_dist_quantile(&t.dist, i / 100.0);
        assert_true(x == floor(x) && x >= 4 && x <= 10);
    }
}

/* Skewed beta shapes where GSL's inverse fails still give every quantile
 * (bisection on the CDF), matching the CDF. */
static void test_extreme_beta(void **unused)
{
    (void)unused;
    const char *texts[] = {
        "{ dist = \"beta\"; alpha = 1.0; beta = 10000.0; }",
        "{ dist = \"beta\"; alpha = 0.01; beta = 5.0; }",
        "{ dist = \"beta\"; alpha = 2.0; beta = 9000.0; }",
    };
    for (size_t i = 0; i < 3; i++) {
        ls_param p = must_read(texts[i], 0, 1, 0);
        for (int k = 1; k < 1000; k++) {
            double u = k / 1000.0;
            double x = ls_dist_quantile(&p.dist, u);
            assert_true(isfinite(x));
            ls_assert_close(gsl_cdf_beta_P(x, p.dist.b, p.dist.c), u, 1e-6);
        }
    }
}

/* Integer schedules give whole numbers between their points. */
static void test_integer_schedule(void **unused)
{
    (void)unused;
    ls_param p = must_read("{ schedule = ( (2020, 0), (2023, 3), (2027, 4) ); }",
                           0, 30, 1);
    assert_true(ls_param_value(&p, NAN, 2021) == 1);
    assert_true(ls_param_value(&p, NAN, 2022) == 2);
    assert_true(ls_param_value(&p, NAN, 2025) == 4); /* 3.5 rounds to even */
    assert_true(ls_param_value(&p, NAN, 2026) == 4);
}

static void test_fixed_and_schedule(void **unused)
{
    (void)unused;
    ls_param f = must_read("2.385", 0, 10, 0);
    assert_true(f.sched.n == 0 && f.dist.kind == LS_DIST_FIXED);
    assert_true(ls_dist_quantile(&f.dist, 0.123) == 2.385);
    assert_true(ls_param_value(&f, 2.385, 2030) == 2.385);
    ls_param i = must_read("3", 0, 10, 0); /* an integer where a real goes */
    assert_true(ls_dist_quantile(&i.dist, 0.5) == 3.0);
    ls_param s = must_read("{ schedule = ( (2020, 1.0), (2025, 2.0), "
                           "(2030, 2.0), (2040, 0.5) ); }", 0, 10, 0);
    assert_int_equal(s.sched.n, 4);
    assert_true(ls_param_value(&s, NAN, 2018) == 1.0);   /* flat before */
    assert_true(ls_param_value(&s, NAN, 2020) == 1.0);
    ls_assert_close(ls_param_value(&s, NAN, 2022), 1.4, 1e-15);
    assert_true(ls_param_value(&s, NAN, 2027) == 2.0);
    ls_assert_close(ls_param_value(&s, NAN, 2035), 1.25, 1e-15);
    assert_true(ls_param_value(&s, NAN, 2045) == 0.5);   /* flat after */
    char buf[256];
    ls_param_describe(&s, buf, sizeof buf);
    assert_string_equal(buf, "schedule(2020: 1, 2025: 2, 2030: 2, 2040: 0.5)");
}

/* Errors name the setting and say what was expected. */
static void test_errors(void **unused)
{
    (void)unused;
    static const struct {
        const char *text;
        double lo, hi;
        int integer, once;
        const char *expect;
    } bad[] = {
        {"1.5", 0, 1, 0, 0, "1.5 is out of range (expected 0 to 1)"},
        {"2.5", 0, 10, 1, 0, "not a whole number"},
        {"\"x\"", 0, 1, 0, 0, "is the string \"x\" (expected a number from 0 to 1"},
        {"{ dist = \"normal\"; mean = 0.5; sd = 0.1; }", 0, 1, 0, 0,
         "unbounded but the parameter lies in [0, 1] (use truncnormal"},
        {"{ dist = \"uniform\"; min = 0.5; max = 0.2; }", 0, 1, 0, 0,
         "is not above min"},
        {"{ dist = \"triangular\"; min = 0; mode = 2; max = 1; }", 0, 5, 0, 0,
         "outside [0, 1] (expected min <= mode <= max)"},
        {"{ dist = \"uniform\"; min = 0.5; max = 1.2; }", 0, 1, 0, 0,
         "spans [0.5, 1.2], outside the parameter's range [0, 1]"},
        {"{ dist = \"trinagular\"; min = 0; mode = 0; max = 1; }", 0, 1, 0, 0,
         "unknown distribution 'trinagular' (did you mean 'triangular'?)"},
        {"{ dist = \"uniform\"; min = 0; max = 1; mode = 0.5; }", 0, 1, 0, 0,
         "unknown setting 'mode'"},
        {"{ dist = \"normal\"; mean = 0; sd = 0; }", -9, 9, 0, 0,
         "is not positive (expected sd > 0)"},
        {"{ dist = \"truncnormal\"; mean = 0; sd = 1; min = 50; max = 60; }",
         -100, 100, 0, 0, "holds a probability of only"},
        {"{ dist = \"discrete\"; values = [1, 2]; weights = [1]; }", 0, 5, 0, 0,
         "has 1 entries for 2 values"},
        {"{ dist = \"discrete\"; values = [1, 2]; weights = [0, 0]; }", 0, 5,
         0, 0, "weights sum to 0 (expected probabilities that sum to 1)"},
        {"{ dist = \"discrete\"; values = [1, 2, 3]; "
         "weights = [0.6, 0.3, 0.3]; }", 0, 5, 0, 0, "weights sum to 1.2 "},
        {"{ dist = \"discrete\"; values = [1, 2]; weights = [6, 4]; }", 0, 5,
         0, 0, "weights sum to 10 "},
        {"{ dist = \"discrete\"; values = [1, 9]; }", 0, 5, 0, 0,
         "value 9 is out of range"},
        {"{ schedule = ( (2020, 1), (2020, 2) ); }", 0, 5, 0, 0,
         "year 2020 does not follow 2020"},
        {"{ schedule = ( (2020, 1), (2030, 7) ); }", 0, 5, 0, 0,
         "value 7 is out of range"},
        {"{ schedule = ( (2020, 1) ); }", 0, 5, 0, 1, "cannot be a schedule"},
        {"{ schedule = ( 2020 ); }", 0, 5, 0, 0, "expected a (year, value) pair"},
        {"{ dist = \"beta\"; alpha = 2; beta = -1; }", 0, 1, 0, 0,
         "-1 is out of range (expected 0.01 to 10000)"},
        {"{ mean = 2; }", 0, 5, 0, 0, "a group without dist or schedule"},
        {"{ dist = \"lognormal\"; median = 0; sigma = 1; }", 0, HUGE_VAL, 0, 0,
         "is not positive (expected median > 0)"},
        {"{ dist = \"uniform\"; min = 1.5; max = 3; }", 0, 5, 1, 0,
         "are not whole numbers"},
        {"{ }", 0, 5, 0, 0, "a group without dist or schedule"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ls_param p;
        ls_error e;
        ls_error_clear(&e);
        int rc = read_param(bad[i].text, bad[i].lo, bad[i].hi,
                            bad[i].integer, bad[i].once, &p, &e);
        char msg[1024];
        ls_error_format(&e, msg, sizeof msg);
        if (rc != LS_EINPUT || strstr(msg, bad[i].expect) == NULL)
            fail_msg("%s: got %d '%s', expected '%s'", bad[i].text, rc, msg,
                     bad[i].expect);
        assert_non_null(strstr(msg, "p"));
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distributions),
        cmocka_unit_test(test_discrete_and_integer),
        cmocka_unit_test(test_fixed_and_schedule),
        cmocka_unit_test(test_extreme_beta),
        cmocka_unit_test(test_integer_schedule),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
