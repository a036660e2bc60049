/*
 * sketch.h - fixed-size, mergeable quantile sketch with a relative error
 * bound (log-linear buckets, as in HdrHistogram).
 *
 * A value x is put in a bucket by the bits of its IEEE-754 representation:
 * the binary exponent and the top LS_SKETCH_SUB_BITS bits of the mantissa.
 * Each octave [2^k, 2^(k+1)) is thus split into 2^LS_SKETCH_SUB_BITS equal
 * buckets, and a bucket's midpoint is within a relative 2^-(SUB_BITS+1) of
 * every value in it.  Negative values mirror the positive buckets; values
 * with |x| < 2^LS_SKETCH_EXP_MIN share one zero bucket.
 *
 * Error bound (tested): for 0 <= q <= 1, ls_sketch_quantile returns a value
 * within max(|x_k| / 2^(SUB_BITS+1), 2^EXP_MIN) of x_k, the k-th smallest
 * recorded value with k = floor(q (n - 1)), provided |x_k| < 2^(EXP_MAX+1).
 * Values beyond that range are counted as overflow; a quantile that falls
 * on them is returned as the exact max (or min) of the data, so it is
 * bounded but not within the relative bound.  Non-finite values are
 * counted apart and are not part of n.
 *
 * The counts are exact integers, so merging is exact and order-free.
 */
#ifndef LS_SKETCH_H
#define LS_SKETCH_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define LS_SKETCH_SUB_BITS 8                  /* 256 buckets per octave */
#define LS_SKETCH_EXP_MIN (-20)               /* 2^-20 ~ 9.5e-7 */
#define LS_SKETCH_EXP_MAX 39                  /* 2^40 ~ 1.1e12 */
#define LS_SKETCH_HALF                                                       \
    ((LS_SKETCH_EXP_MAX - LS_SKETCH_EXP_MIN + 1) << LS_SKETCH_SUB_BITS)
/* bucket 0: -overflow, 1..HALF: negative, HALF+1: zero, then positive,
 * last: +overflow */
#define LS_SKETCH_BINS (2 * LS_SKETCH_HALF + 3)
#define LS_SKETCH_ZERO (LS_SKETCH_HALF + 1)

/* Relative error bound of a quantile (see above). */
#define LS_SKETCH_REL_ERR (1.0 / (double)(2 << LS_SKETCH_SUB_BITS))

/* Whole numbers below this are alone in their buckets, so a count
 * quantile is exact there (ls_sketch_whole). */
#define LS_SKETCH_EXACT_BELOW (2.0 * (double)(1u << LS_SKETCH_SUB_BITS))

/* Bucket index of x (finite). */
static inline size_t ls_sketch_bin(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int neg = (int)(bits >> 63);
    int exp = (int)((bits >> 52) & 0x7ff) - 1023;
    if (exp < LS_SKETCH_EXP_MIN)
        return LS_SKETCH_ZERO;
    if (exp > LS_SKETCH_EXP_MAX)
        return neg ? 0 : LS_SKETCH_BINS - 1;
    size_t sub = (size_t)((bits >> (52 - LS_SKETCH_SUB_BITS)) &
                          ((1u << LS_SKETCH_SUB_BITS) - 1));
    size_t k = ((size_t)(exp - LS_SKETCH_EXP_MIN) << LS_SKETCH_SUB_BITS) + sub;
    return neg ? LS_SKETCH_HALF - k : LS_SKETCH_ZERO + 1 + k;
}

/* Midpoint of bucket b (HUGE_VAL-signed for overflow, 0 for zero). */
double ls_sketch_bin_value(size_t b);

/*
 * Value of quantile q of the counts in bins (LS_SKETCH_BINS entries, total
 * n > 0), clamped to [min, max], the exact extremes of the data.
 */
double ls_sketch_quantile(const uint64_t *bins, uint64_t n, double q,
                          double min, double max);

/*
 * The whole number a quantile v of whole-number data stands for.  v is a
 * bucket's midpoint (or the exact min or max).  Below S = 2^SUB_BITS a
 * bucket is at most half a unit wide and holds at most one whole number,
 * which is the nearest to v; from S on a bucket [lo, lo + w) is w >= 1
 * wide and holds lo, ..., lo + w - 1, whose middle is v - 1/2 (rounding
 * the midpoint itself gave lo + 1 for every count from S to 2S - 1, one
 * too high).  So a count quantile is exact below LS_SKETCH_EXACT_BELOW =
 * 2S and within the sketch's bound above.
 */
static inline double ls_sketch_whole(double v)
{
    if (!(v == v) || v == floor(v))
        return v; /* NaN, or a whole number already (min, max, zero) */
    double a = fabs(v);
    return a < LS_SKETCH_EXACT_BELOW / 2 ? round(v)
                                         : copysign(round(a - 0.5), v);
}

/* The values of 0-based ranks rank[0..nq-1] (ascending, each < n) of the
 * counts, as ls_sketch_quantiles gives them for quantile levels. */
void ls_sketch_at_ranks(const uint64_t *bins, uint64_t n,
                        const uint64_t *rank, size_t nq, double min,
                        double max, double *out);

/* Most quantiles one ls_sketch_quantiles call takes. */
#define LS_SKETCH_MAX_QUANTILES 16

/*
 * The values of quantiles q[0] <= q[1] <= ... <= q[nq-1] (nq at most
 * LS_SKETCH_MAX_QUANTILES) of the counts in
 * bins, in one pass over the buckets: out[i] is exactly what
 * ls_sketch_quantile(bins, n, q[i], min, max) returns.
 */
void ls_sketch_quantiles(const uint64_t *bins, uint64_t n, const double *q,
                         size_t nq, double min, double max, double *out);

#endif /* LS_SKETCH_H */
