/*
 * test_sobol.c - Sobol' indices (sim/sobol.c) against closed forms.
 *
 * On the testbed over three years, with p ~ U(0.2, 0.8) and
 * mu ~ U(1, 3) independent and sigma = 1:
 *   sum = 3 mu + three Normal(0, 1) steps: additive, with yearly noise:
 *     Var = 9 Var(mu) + 3 = 6, so S_mu = ST_mu = 0.5, S_p = ST_p = 0 and
 *     the within-path share is 0.5;
 *   product = p mu: an interaction and no noise:
 *     V_p = Var(p) E[mu]^2 = 0.12, V_mu = Var(mu) E[p]^2 = 1/12,
 *     V_p,mu = Var(p) Var(mu) = 0.01, so S_p = 0.5625, ST_p = 0.609375,
 *     S_mu = 0.390625, ST_mu = 0.4375 (of V = 0.21333...).
 * Each estimate lies within 4 standard errors (from its interval) of its
 * closed form, the intervals of 1 and 2 threads are bitwise equal, and
 * every interval covers its value in most of 60 replications.
 */
#include "test_util.h"

#include "sim/engine.h"
#include "sim/sobol.h"

static const char *const cfg =
    "scenario = { name = \"sobol\"; seed = %d; start = 2018; end = 2020; };\n"
    "models = { a = { type = \"testbed\"; n = 0; sigma = 1.0;\n"
    "  p = { dist = \"uniform\"; min = 0.2; max = 0.8; };\n"
    "  mu = { dist = \"uniform\"; min = 1.0; max = 3.0; }; }; };\n"
    "targets = (\n"
    " { name = \"s\"; year = 2020; metric = \"a.sum\"; op = \">=\"; "
    "threshold = 6.0; },\n"
    " { name = \"q\"; year = 2020; metric = \"a.product\"; op = \">=\"; "
    "threshold = 1.0; } );\n";

typedef struct expect {
    size_t out;              /* 1: the sum's value, 3: the product's */
    double first[2], total[2], noise;   /* [0] p, [1] mu */
} expect;

static const expect exact[] = {
    {1, {0, 0.5}, {0, 0.5}, 0.5},
    {3, {0.5625, 0.390625}, {0.609375, 0.4375}, 0},
};

static void run(int seed, int threads, uint64_t rows, ls_sobol *s)
{
    ls_scenario sc;
    ls_test_load(&sc, cfg, seed);
    assert_int_equal(sc.n_sens, 2);
    assert_string_equal(sc.sens[0].name, "a.p");
    ls_engine *eng = ls_engine_alloc(&sc, threads, NULL);
    assert_int_equal(ls_sobol_run(eng, rows, s, NULL), LS_OK);
    ls_engine_free(eng);
    ls_scenario_destroy(&sc);
}

/* 1 if the interval covers x; its estimate is within 4 se of x when
 * close is set. */
static int covers(ls_interval ci, double x, int close, const char *what)
{
    double se = (ci.hi - ci.lo) / (2 * 1.959963984540054);
    if (close) {
        print_message("%-10s %.4f [%.4f, %.4f], exact %.4f\n", what, ci.p,
                      ci.lo, ci.hi, x);
        ls_assert_close(ci.p, x, 4 * se + 1e-12);
    }
    return ci.lo <= x + 1e-12 && x - 1e-12 <= ci.hi;
}

static void test_closed_forms(void **unused)
{
    (void)unused;
    ls_sobol a, b;
    run(3, 1, 20000, &a);
    run(3, 2, 20000, &b);
    for (size_t k = 0; k < 2; k++) {
        const expect *x = &exact[k];
        const ls_sobol_out *o = &a.out[x->out], *p = &b.out[x->out];
        covers(o->noise, x->noise, 1, "noise");
        for (int i = 0; i < 2; i++) {
            covers(o->first[i], x->first[i], 1, i ? "S mu" : "S p");
            covers(o->total[i], x->total[i], 1, i ? "ST mu" : "ST p");
        }
        assert_memory_equal(o->first, p->first, 4 * sizeof *o->first);
        assert_memory_equal(&o->noise, &p->noise, sizeof o->noise);
    }
    /* The product has no yearly randomness: exactly 0. */
    assert_true(a.out[3].noise.p == 0);
    ls_sobol_free(&a);
    ls_sobol_free(&b);
}

/* The intervals cover: 60 replications of the product's and the sum's
 * indices, 5 intervals each. */
static void test_coverage(void **unused)
{
    (void)unused;
    int n = 0, in = 0;
    for (int r = 0; r < 60; r++) {
        ls_sobol s;
        run(100 + r, 2, 2000, &s);
        for (size_t k = 0; k < 2; k++) {
            const expect *x = &exact[k];
            const ls_sobol_out *o = &s.out[x->out];
            if (x->noise > 0) {
                in += covers(o->noise, x->noise, 0, "");
                n++;
            }
            for (int i = 0; i < 2; i++) {
                if (x->total[i] == 0)
                    continue;  /* zero-variance terms: exact 0, no test */
                in += covers(o->first[i], x->first[i], 0, "");
                in += covers(o->total[i], x->total[i], 0, "");
                n += 2;
            }
        }
        ls_sobol_free(&s);
    }
    print_message("coverage %d / %d = %.3f\n", in, n, (double)in / n);
    assert_true(fabs((double)in / n - 0.95) <= 4 * sqrt(0.95 * 0.05 / n));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_forms),
        cmocka_unit_test(test_coverage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
