/*
 * sketch.c - bucket values and quantiles of the log-linear sketch.
 *
 * Adding is in the header (a few integer operations on the double's bits,
 * no log()); this file holds the rarely called inverse: the value a bucket
 * stands for, and the quantile scan.  Rejected: a fixed-range linear
 * histogram (needs each metric's range in advance) and t-digest/KLL
 * (merging is not exact, so results would depend on block order).
 */
#include "sketch.h"

#include <assert.h>
#include <math.h>

double ls_sketch_bin_value(size_t b)
{
    if (b == 0)
        return -HUGE_VAL;
    if (b == LS_SKETCH_BINS - 1)
        return HUGE_VAL;
    if (b == LS_SKETCH_ZERO)
        return 0.0;
    int neg = b < LS_SKETCH_ZERO;
    size_t k = neg ? LS_SKETCH_HALF - b : b - LS_SKETCH_ZERO - 1;
    int exp = (int)(k >> LS_SKETCH_SUB_BITS) + LS_SKETCH_EXP_MIN;
    double sub = (double)(k & ((1u << LS_SKETCH_SUB_BITS) - 1));
    double mid = ldexp(1.0 + (sub + 0.5) / (double)(1u << LS_SKETCH_SUB_BITS),
                       exp);
    return neg ? -mid : mid;
}

double ls_sketch_quantile(const uint64_t *bins, uint64_t n, double q,
                          double min, double max)
{
    if (n == 0)
        return NAN;
    if (q < 0)
        q = 0;
    if (q > 1)
        q = 1;
    uint64_t k = (uint64_t)floor(q * (double)(n - 1));
    uint64_t cum = 0;
    for (size_t b = 0; b < LS_SKETCH_BINS; b++) {
        cum += bins[b];
        if (cum > k) {
            double v = ls_sketch_bin_value(b);
            if (v < min)
                v = min;
            if (v > max)
                v = max;
            return v;
        }
    }
    return max;
}

/* The rank k of quantile q among n values, as ls_sketch_quantile takes it. */
static uint64_t rank_of(double q, uint64_t n)
{
    if (q < 0)
        q = 0;
    if (q > 1)
        q = 1;
    return (uint64_t)floor(q * (double)(n - 1));
}

static double clamp(double v, double min, double max)
{
    return v < min ? min : v > max ? max : v;
}

void ls_sketch_quantiles(const uint64_t *bins, uint64_t n, const double *q,
                         size_t nq, double min, double max, double *out)
{
    size_t i = 0;
    if (n == 0) {
        for (; i < nq; i++)
            out[i] = NAN;
        return;
    }
    uint64_t rank[LS_SKETCH_MAX_QUANTILES];
    assert(nq <= LS_SKETCH_MAX_QUANTILES);
    for (size_t j = 0; j < nq; j++)
        rank[j] = rank_of(q[j], n);
    ls_sketch_at_ranks(bins, n, rank, nq, min, max, out);
}

void ls_sketch_at_ranks(const uint64_t *bins, uint64_t n,
                        const uint64_t *rank, size_t nq, double min,
                        double max, double *out)
{
    size_t i = 0;
    if (n == 0) {
        for (; i < nq; i++)
            out[i] = NAN;
        return;
    }
    /* No value lies below min, so no bucket below min's holds one: start
     * there (most metrics fill a few octaves of the 60). */
    uint64_t cum = 0;
    for (size_t b = isfinite(min) ? ls_sketch_bin(min) : 0;
         b < LS_SKETCH_BINS && i < nq; b++) {
        cum += bins[b];
        while (i < nq && cum > rank[i])
            out[i++] = clamp(ls_sketch_bin_value(b), min, max);
    }
    for (; i < nq; i++)
        out[i] = max;
}
