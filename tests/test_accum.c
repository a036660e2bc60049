/*
 * test_accum.c - quantile sketch and accumulators.
 *
 * The sketch's documented bound (sketch.h) is checked against exact order
 * statistics of sorted samples from skewed, signed and integer-valued
 * distributions.  Merging is checked to be exact for every counter and
 * order-independent for them, and Chan's merge of the moments to agree
 * with a two-pass computation to rounding.
 */
#include "test_util.h"

#include <gsl/gsl_errno.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/accum.h"

#define N 10007

typedef double (*sampler)(const gsl_rng *r);

static double s_lognormal(const gsl_rng *r) { return gsl_ran_lognormal(r, 2.385, 1.5); }
static double s_normal(const gsl_rng *r) { return gsl_ran_gaussian(r, 10.0) - 3.0; }
static double s_binomial(const gsl_rng *r) { return gsl_ran_binomial(r, 0.05, 520); }
static double s_mixed(const gsl_rng *r)
{
    double u = gsl_rng_uniform(r);
    return u < 0.3 ? 0.0 : u < 0.5 ? -gsl_ran_exponential(r, 1e-3)
                                   : gsl_ran_exponential(r, 5e4);
}

static void fill(double *x, size_t n, sampler f, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, seed);
    for (size_t i = 0; i < n; i++)
        x[i] = f(r);
    gsl_rng_free(r);
}

static void test_bin_value_bound(void **unused)
{
    (void)unused;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    size_t prev = 0;
    double xs[20000];
    for (size_t i = 0; i < 20000; i++)
        xs[i] = (gsl_rng_uniform(r) - 0.5) *
                pow(10.0, gsl_ran_flat(r, -8, 11));
    gsl_sort(xs, 1, 20000);
    for (size_t i = 0; i < 20000; i++) {
        double x = xs[i];
        size_t b = ls_sketch_bin(x);
        assert_true(b < LS_SKETCH_BINS);
        assert_true(b >= prev); /* monotone in x */
        prev = b;
        double v = ls_sketch_bin_value(b);
        double ax = fabs(x);
        if (ax < ldexp(1.0, LS_SKETCH_EXP_MIN))
            assert_true(v == 0.0);
        else if (ax < ldexp(1.0, LS_SKETCH_EXP_MAX + 1))
            ls_assert_close(v, x, ax * LS_SKETCH_REL_ERR);
        else
            assert_true(isinf(v) && (v > 0) == (x > 0));
    }
    gsl_rng_free(r);
}

static void check_quantiles(sampler f, unsigned long seed)
{
    double *x = malloc(N * sizeof *x);
    fill(x, N, f, seed);
    ls_accum *a = ls_accum_alloc(0, 1, 1, 0);
    for (size_t i = 0; i < N; i++)
        ls_accum_add(a, 0, x[i]);
    gsl_sort(x, 1, N);
    const double qs[] = {0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1};
    for (size_t j = 0; j < sizeof qs / sizeof qs[0]; j++) {
        double exact = x[(size_t)floor(qs[j] * (N - 1))];
        double tol = fmax(fabs(exact) * LS_SKETCH_REL_ERR,
                          ldexp(1.0, LS_SKETCH_EXP_MIN));
        ls_assert_close(ls_accum_quantile(a, 0, qs[j]), exact, tol);
    }
    assert_true(a->mom[0].min == x[0]);
    assert_true(a->mom[0].max == x[N - 1]);
    ls_accum_free(a);
    free(x);
}

static void test_quantile_bound(void **unused)
{
    (void)unused;
    check_quantiles(s_lognormal, 11);
    check_quantiles(s_normal, 12);
    check_quantiles(s_binomial, 13);
    check_quantiles(s_mixed, 14);
}

/* One pass for several quantiles gives exactly what one pass per
 * quantile gives, on data of every sign and on an empty series. */
static void test_quantiles_one_pass(void **unused)
{
    (void)unused;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 2385);
    static const double qs[] = {0, 0.05, 0.25, 0.5, 0.5, 0.75, 0.95, 1};
    const size_t nq = sizeof qs / sizeof qs[0];
    for (int rep = 0; rep < 40; rep++) {
        ls_accum *a = ls_accum_alloc(0, 1, 1, 0);
        assert_non_null(a);
        size_t n = rep == 0 ? 0 : (size_t)(1 + gsl_rng_uniform_int(r, 5000));
        for (size_t i = 0; i < n; i++) {
            double x = rep % 3 == 0 ? gsl_ran_gaussian(r, 7.3)
                                    : gsl_ran_lognormal(r, 1.1, 2.4);
            if (rep % 5 == 0)
                x = floor(x);
            ls_accum_add_row(a, 0, &x, 1);
        }
        double out[8];
        ls_sketch_quantiles(a->bins, a->mom[0].n, qs, nq, a->mom[0].min,
                            a->mom[0].max, out);
        for (size_t j = 0; j < nq; j++) {
            double one = ls_accum_quantile(a, 0, qs[j]);
            if (n == 0)
                assert_true(isnan(out[j]) && isnan(one));
            else if (memcmp(&one, &out[j], sizeof one) != 0)
                fail_msg("n %zu q %g: one pass %.17g, alone %.17g", n, qs[j],
                         out[j], one);
        }
        ls_accum_free(a);
    }
    gsl_rng_free(r);
}

/* Count quantiles (issue 15): whole numbers recorded, every quantile
 * turned back into a whole number (ls_sketch_whole) is the exact order
 * statistic below LS_SKETCH_EXACT_BELOW and within the sketch's bound
 * above, over counts from 0 to 5000 (with 64 buckets an octave the range
 * 64..127 was one too high). */
static void test_count_quantiles(void **unused)
{
    (void)unused;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 4171);
    enum { M = 3001 };
    static double x[M];
    size_t bad_small = 0;
    for (int rep = 0; rep < 30; rep++) {
        ls_accum *a = ls_accum_alloc(0, 1, 1, 0);
        double top = rep < 10 ? 200 : rep < 20 ? 1000 : 5000;
        for (size_t i = 0; i < M; i++) {
            x[i] = floor(gsl_rng_uniform(r) * top);
            ls_accum_add_row(a, 0, &x[i], 1);
        }
        gsl_sort(x, 1, M);
        for (size_t j = 0; j <= 100; j++) {
            double q = j / 100.0;
            double exact = x[(size_t)floor(q * (M - 1))];
            double v = ls_sketch_whole(ls_accum_quantile(a, 0, q));
            assert_true(v == floor(v));
            if (exact < LS_SKETCH_EXACT_BELOW)
                bad_small += v != exact;
            else if (fabs(v - exact) > exact * LS_SKETCH_REL_ERR)
                fail_msg("q %g: %g, exact %g", q, v, exact);
        }
        ls_accum_free(a);
    }
    assert_int_equal(bad_small, 0);
    /* The cases of the finding, by hand: S..2S-1 sit alone in buckets of
     * width 1 whose midpoint is k + 1/2. */
    for (double k = 0; k < LS_SKETCH_EXACT_BELOW; k++)
        assert_true(ls_sketch_whole(ls_sketch_bin_value(ls_sketch_bin(k))) ==
                    k);
    gsl_rng_free(r);
}

/* Blocks of uneven size merged in order equal one accumulator fed all
 * values: counters exactly, moments to rounding. */
/* Blocks merged into a total equal one accumulator of everything; the
 * blocks are full accumulators or (block = 1) block ones, which count
 * their values into a spill that is merged into the total at the end. */
static void merge_case(int block)
{
    double *x = malloc(N * sizeof *x);
    fill(x, N, s_lognormal, 21);
    ls_accum *all = ls_accum_alloc(2, 1, 1, 3);
    ls_accum *total = ls_accum_alloc(2, 1, 1, 3);
    ls_accum *blk = block ? ls_accum_alloc_block(2, 1, 1, 3)
                          : ls_accum_alloc(2, 1, 1, 3);
    ls_accum *spill = ls_accum_alloc(2, 1, 1, 3);
    if (block)
        ls_accum_set_spill(blk, spill);
    size_t cuts[] = {0, 1, 700, 701, 5000, N};
    for (size_t c = 0; c + 1 < sizeof cuts / sizeof cuts[0]; c++) {
        for (size_t i = cuts[c]; i < cuts[c + 1]; i++) {
            ls_accum_add(blk, 0, x[i]);
            ls_accum_add(all, 0, x[i]);
            uint64_t h = x[i] > 10.0;
            blk->hits[0] += h;
            all->hits[0] += h;
            size_t bin = (size_t)(i * 7 % (3 * LS_ACCUM_SENS_BINS));
            blk->sens_paths[bin]++;
            all->sens_paths[bin]++;
            blk->sens_hits[bin] += h;
            all->sens_hits[bin] += h;
            blk->paths++;
            all->paths++;
        }
        ls_accum_flush(blk);
        ls_accum_merge(total, blk);
        ls_accum_reset(blk);
    }
    ls_accum_merge(total, spill);   /* the sketch counts, in any order */
    assert_true(total->paths == N && total->hits[0] == all->hits[0]);
    assert_memory_equal(total->sens_paths, all->sens_paths,
                        3 * LS_ACCUM_SENS_BINS * sizeof *all->sens_paths);
    assert_memory_equal(total->sens_hits, all->sens_hits,
                        2 * 3 * LS_ACCUM_SENS_BINS * sizeof *all->sens_hits);
    assert_memory_equal(total->bins, all->bins,
                        LS_SKETCH_BINS * sizeof *all->bins);
    assert_true(total->mom[0].n == N);
    assert_true(total->mom[0].min == all->mom[0].min);
    assert_true(total->mom[0].max == all->mom[0].max);
    double mean = gsl_stats_mean(x, 1, N);
    double var = gsl_stats_variance_m(x, 1, N, mean);
    ls_assert_close(total->mom[0].mean, mean, 1e-12 * fabs(mean));
    ls_assert_close(ls_accum_variance(total, 0), var, 1e-10 * var);
    ls_assert_close(ls_accum_variance(all, 0), var, 1e-10 * var);

    /* A reset accumulator is indistinguishable from a new one. */
    ls_accum *fresh = ls_accum_alloc(2, 1, 1, 3);
    ls_accum_reset(total);
    assert_memory_equal(total->bins, fresh->bins,
                        LS_SKETCH_BINS * sizeof *fresh->bins);
    assert_memory_equal(total->mom, fresh->mom, sizeof *fresh->mom);
    assert_true(total->paths == 0 && total->hits[0] == 0);
    assert_memory_equal(total->sens_hits, fresh->sens_hits,
                        2 * 3 * LS_ACCUM_SENS_BINS * sizeof *fresh->sens_hits);
    assert_true(total->lo[0] == fresh->lo[0] && total->hi[0] == fresh->hi[0]);
    ls_accum_free(fresh);
    ls_accum_free(all);
    ls_accum_free(total);
    ls_accum_free(blk);
    ls_accum_free(spill);
    free(x);
}

static void test_merge(void **unused)
{
    (void)unused;
    merge_case(0);
    merge_case(1);
}

/* A block accumulator with a spill gives the same counts, moments and
 * sketch as a full one holding the same values, whether it counts as the
 * values come (few series) or in batches (ny years of 2 metrics, more
 * than LS_ACCUM_DIRECT_SERIES); a block's pack carries no buckets, its
 * spill's the same as the full one's; a reset block has nothing
 * pending. */
static void block_case(size_t ny)
{
    double x[3000];
    fill(x, 3000, s_lognormal, 5);
    ls_accum *full = ls_accum_alloc(1, 2, ny, 0);
    ls_accum *blk = ls_accum_alloc_block(1, 2, ny, 0);
    ls_accum *spill = ls_accum_alloc(1, 2, ny, 0);
    assert_true((blk->pend != NULL) == (2 * ny > LS_ACCUM_DIRECT_SERIES));
    ls_accum_set_spill(blk, spill);
    for (size_t i = 0; i < 3000; i++) {
        ls_accum_add(full, i % 2, x[i]);
        ls_accum_add(blk, i % 2, x[i]);
    }
    full->paths = blk->paths = 1500;
    ls_accum_flush(blk);
    assert_memory_equal(full->mom, blk->mom, 2 * ny * sizeof *full->mom);
    assert_memory_equal(full->bins, spill->bins,
                        2 * LS_SKETCH_BINS * sizeof *full->bins);
    ls_accum_merge(spill, blk);
    size_t n = ls_accum_pack(full, NULL, 0);
    assert_int_equal(ls_accum_pack(spill, NULL, 0), n);
    unsigned char *a = malloc(n), *b = malloc(n);
    ls_accum_pack(full, a, n);
    ls_accum_pack(spill, b, n);
    assert_memory_equal(a, b, n);
    assert_true(ls_accum_pack(blk, NULL, 0) < n);
    ls_accum_add(blk, 0, 1.0);
    ls_accum_reset(blk);
    for (size_t s = 0; blk->npend != NULL && s < 2; s++)
        assert_int_equal(blk->npend[s], 0);
    free(a);
    free(b);
    ls_accum_free(full);
    ls_accum_free(blk);
    ls_accum_free(spill);
}

static void test_block_accum(void **unused)
{
    (void)unused;
    block_case(1);
    block_case(100);
}

static void test_nonfinite_and_empty(void **unused)
{
    (void)unused;
    ls_accum *a = ls_accum_alloc(0, 2, 3, 0);
    assert_int_equal(a->n_series, 6);
    assert_true(isnan(ls_accum_quantile(a, 5, 0.5)));
    assert_true(isnan(ls_accum_variance(a, 5)));
    ls_accum_add(a, 5, NAN);
    ls_accum_add(a, 5, HUGE_VAL);
    ls_accum_add(a, 5, 2.5);
    assert_true(a->nonfinite == 2);
    assert_true(a->mom[5].n == 1);
    assert_true(ls_accum_quantile(a, 5, 0.5) == 2.5); /* clamped to min/max */
    ls_accum_add(a, 4, 1e300);
    ls_accum_add(a, 4, 3e300);
    ls_accum_add(a, 4, 2e300);
    /* Overflow buckets report the exact extremes. */
    assert_true(ls_accum_quantile(a, 4, 0.5) == 3e300);
    ls_accum_free(a);
}

/* Chan's merge on hand-checkable numbers: {1,2} + {3,4,5}. */
static void test_moments_merge(void **unused)
{
    (void)unused;
    ls_moments a = {2, 1.5, 0.5, 1, 2}, b = {3, 4.0, 2.0, 3, 5};
    ls_moments_merge(&a, &b);
    assert_true(a.n == 5);
    ls_assert_close(a.mean, 3.0, 1e-15);
    ls_assert_close(a.m2, 10.0, 1e-13);
    assert_true(a.min == 1 && a.max == 5);
    ls_moments empty = {0, 0, 0, HUGE_VAL, -HUGE_VAL};
    ls_moments c = empty;
    ls_moments_merge(&c, &b);
    assert_memory_equal(&c, &b, sizeof c);
    ls_moments_merge(&c, &empty);
    assert_memory_equal(&c, &b, sizeof c);
}

/* An accumulator packed and unpacked (as MPI ranks send them) merges
 * exactly like the original. */
static void test_pack(void **unused)
{
    (void)unused;
    double *x = malloc(N * sizeof *x);
    fill(x, N, s_mixed, 31);
    ls_accum *a = ls_accum_alloc(2, 3, 1, 2);
    for (size_t i = 0; i < N; i++) {
        ls_accum_add(a, i % 3, x[i]);
        a->hits[i % 2] += x[i] > 1;
        a->sens_paths[i % (2 * LS_ACCUM_SENS_BINS)]++;
        a->sens_hits[i % (4 * LS_ACCUM_SENS_BINS)] += x[i] > 1;
    }
    a->paths = N;
    size_t need = ls_accum_pack(a, NULL, 0);
    unsigned char *buf = malloc(need);
    assert_int_equal(ls_accum_pack(a, buf, need), need);
    ls_accum *b = ls_accum_alloc(2, 3, 1, 2);
    assert_int_equal(ls_accum_unpack(b, buf, need), 0);
    ls_accum *ma = ls_accum_alloc(2, 3, 1, 2), *mb = ls_accum_alloc(2, 3, 1, 2);
    ls_accum_merge(ma, a);
    ls_accum_merge(mb, b);
    assert_true(ma->paths == mb->paths);
    assert_memory_equal(ma->hits, mb->hits, 2 * sizeof *ma->hits);
    assert_memory_equal(ma->mom, mb->mom, 3 * sizeof *ma->mom);
    assert_memory_equal(ma->bins, mb->bins,
                        3 * LS_SKETCH_BINS * sizeof *ma->bins);
    assert_memory_equal(ma->sens_hits, mb->sens_hits,
                        4 * LS_ACCUM_SENS_BINS * sizeof *ma->sens_hits);
    /* A buffer of another shape or cut short is refused. */
    ls_accum *other = ls_accum_alloc(3, 3, 1, 2);
    assert_int_equal(ls_accum_unpack(other, buf, need), -1);
    assert_int_equal(ls_accum_unpack(b, buf, need - 1), -1);
    ls_accum_free(other);
    ls_accum_free(a);
    ls_accum_free(b);
    ls_accum_free(ma);
    ls_accum_free(mb);
    free(buf);
    free(x);
}

/* An accumulator without its sketch (a compare's keuze) keeps the same
 * hits and moments, merges blocks without one, and has NaN quantiles. */
static void test_drop_sketch(void **unused)
{
    (void)unused;
    ls_accum *full = ls_accum_alloc(1, 1, 1, 0), *bare = ls_accum_alloc(1, 1,
                                                                       1, 0);
    ls_accum *block = ls_accum_alloc_block(1, 1, 1, 0);
    ls_accum_drop_sketch(bare);
    ls_accum_drop_sketch(block);
    for (int i = 0; i < 1000; i++) {
        double x = (double)(i % 37) * 1.5;
        ls_accum_add_row(full, 0, &x, 1);
        ls_accum_add_row(block, 0, &x, 1);
        full->hits[0] += x > 20;
        block->hits[0] += x > 20;
    }
    ls_accum_flush(block);
    ls_accum_merge(bare, block);
    ls_accum_reset(block);
    assert_true(bare->hits[0] == full->hits[0]);
    assert_memory_equal(&bare->mom[0], &full->mom[0], sizeof full->mom[0]);
    assert_true(isnan(ls_accum_quantile(bare, 0, 0.5)));
    assert_false(isnan(ls_accum_quantile(full, 0, 0.5)));
    ls_accum_free(full);
    ls_accum_free(bare);
    ls_accum_free(block);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drop_sketch),
        cmocka_unit_test(test_bin_value_bound),
        cmocka_unit_test(test_quantile_bound),
        cmocka_unit_test(test_quantiles_one_pass),
        cmocka_unit_test(test_count_quantiles),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_block_accum),
        cmocka_unit_test(test_nonfinite_and_empty),
        cmocka_unit_test(test_moments_merge),
        cmocka_unit_test(test_pack),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
