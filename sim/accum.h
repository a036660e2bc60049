/*
 * accum.h - fixed-size, mergeable accumulators of a Monte Carlo run.
 *
 * One ls_accum holds, for a run or a block of paths:
 *   - hits per target (exact counters),
 *   - per series (metric m in year index y, series = y * n_metrics + m):
 *     count, mean and M2 (Welford; merged with Chan et al.'s formula), the
 *     exact min and max, and a log-linear quantile sketch (sketch.h),
 *   - the number of non-finite metric values seen (a model bug if > 0),
 *   - for sensitivity, per uncertain parameter and decile of the uniform
 *     that sampled it: paths, and hits per target.
 * Its size depends on the numbers of targets, metrics and years, never on
 * the number of paths.  Merging is exact for the counters; for the moments
 * it is deterministic given the merge order, which the engine fixes to the
 * block order.
 */
#ifndef LS_ACCUM_H
#define LS_ACCUM_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/sketch.h"

/* Bins of a parameter's uniform: deciles. */
#define LS_ACCUM_SENS_BINS 10

typedef struct ls_moments {
    uint64_t n;    /* values added */
    double mean;   /* running mean */
    double m2;     /* sum of squared deviations from the mean */
    double min;    /* smallest value, +inf when n = 0 */
    double max;    /* largest value, -inf when n = 0 */
} ls_moments;

typedef struct ls_accum ls_accum;
struct ls_accum {
    size_t n_targets;
    size_t n_metrics;
    size_t n_years;
    size_t n_series;     /* n_metrics * n_years */
    uint64_t paths;      /* paths added */
    uint64_t nonfinite;  /* non-finite metric values (not in the series) */
    uint64_t *hits;      /* [n_targets] paths that hit each target */
    ls_moments *mom;     /* [n_series] */
    uint64_t *bins;      /* [n_series][LS_SKETCH_BINS] sketch counts, or
                            NULL in a block accumulator, which counts its
                            values into its spill's */
    uint16_t *bins16;    /* a block of few series: its own counts, 16-bit
                            (a block has at most LS_ACCUM_BLOCK_MAX paths),
                            added to its spill's when it is flushed */
    double *pend;        /* a block accumulator's values not yet counted:
                            [n_series][LS_ACCUM_PENDING] */
    uint16_t *npend;     /* [n_series] values waiting in pend */
    struct ls_accum *spill; /* a block accumulator's: the full accumulator
                            its values are counted into (ls_accum_flush),
                            NULL for none */
    uint32_t *lo, *hi;   /* [n_series] touched bucket range, lo > hi empty */
    int sketch;          /* 0 after ls_accum_drop_sketch: no buckets, no
                            quantiles */
    size_t n_sens;       /* uncertain parameters binned for sensitivity */
    uint64_t *sens_paths;/* [n_sens][LS_ACCUM_SENS_BINS] paths per bin of
                            the parameter's uniform */
    uint64_t *sens_hits; /* [n_targets][n_sens][LS_ACCUM_SENS_BINS] hits */
};

/* Most paths a block accumulator may hold (its pending counts are
 * 16-bit). */
#define LS_ACCUM_BLOCK_MAX 65535

/* Values a block accumulator keeps per series before it counts them into
 * its spill's buckets, all at once: a path adds one value to every series,
 * each in a bucket of that series' own 240 KB of counters, so counting
 * each value as it comes misses the cache and the TLB once per value,
 * while a series' batch falls on few lines (docs/performance.md). */
#define LS_ACCUM_PENDING 1024
/* A block of at most this many series counts each value as it comes, in
 * 16-bit counters of its own that stay in the cache (a batch would only
 * add work; the testbed has 69 series), added to its spill's at a
 * flush. */
#define LS_ACCUM_DIRECT_SERIES 128

/* Allocates an empty accumulator; NULL if out of memory.  n_sens
 * parameters get sensitivity counters (0 for none). */
ls_accum *ls_accum_alloc(size_t n_targets, size_t n_metrics, size_t n_years,
                         size_t n_sens);

/* The same, as a block accumulator: it holds at most LS_ACCUM_BLOCK_MAX
 * paths and is only added to, merged into another and reset.  It keeps
 * no buckets of its own: its values are counted into the buckets of its
 * spill (ls_accum_set_spill), a full accumulator, which the engine keeps
 * per thread.  Sketch counts are whole numbers, so it does not matter in
 * which order blocks add to them; only the moments must be merged in
 * block order, and a block's are small. */
ls_accum *ls_accum_alloc_block(size_t n_targets, size_t n_metrics,
                               size_t n_years, size_t n_sens);

/* Frees a; a may be NULL. */
void ls_accum_free(ls_accum *a);

/* Frees a's sketch (an empty accumulator's): from then on a counts no
 * buckets, merges none and has NaN quantiles.  For results that report
 * no bands (a compare's keuzes), where the buckets are most of the
 * memory and a tenth of the time. */
void ls_accum_drop_sketch(ls_accum *a);

/* Makes block accumulator a count its values into full accumulator into
 * (NULL: nowhere, for results without bands). */
void ls_accum_set_spill(ls_accum *a, ls_accum *into);

/* Counts a block accumulator's pending values, or adds its own counts,
 * into its spill (the engine does so at the end of every block; merging
 * or packing a block with values pending is a bug). */
void ls_accum_flush(ls_accum *a);

/* Counts series s's pending values (ls_accum_add_finite, when full). */
void ls_accum_flush_series(ls_accum *a, size_t s);

/* Empties a (cost proportional to the buckets actually touched). */
void ls_accum_reset(ls_accum *a);

/* Adds finite x to series s whose count becomes n; inv = 1 / n. */
static inline void ls_accum_add_finite(ls_accum *a, size_t s, double x,
                                       uint64_t n, double inv)
{
    ls_moments *m = &a->mom[s];
    m->n = n;
    double d = x - m->mean;
    m->mean += d * inv;
    m->m2 += d * (x - m->mean);
    if (x < m->min)
        m->min = x;
    if (x > m->max)
        m->max = x;
    if (!a->sketch)
        return;
    if (a->pend != NULL) {
        a->pend[s * LS_ACCUM_PENDING + a->npend[s]] = x;
        if (++a->npend[s] == LS_ACCUM_PENDING)
            ls_accum_flush_series(a, s);
        return;
    }
    /* A full accumulator counts itself, a block of few series in its own
     * 16-bit counters (a quarter of the cache lines of its spill's). */
    size_t b = ls_sketch_bin(x);
    if (a->bins16 != NULL)
        a->bins16[s * LS_SKETCH_BINS + b]++;
    else
        a->bins[s * LS_SKETCH_BINS + b]++;
    if (b < a->lo[s])
        a->lo[s] = (uint32_t)b;
    if (b > a->hi[s])
        a->hi[s] = (uint32_t)b;
}

/* Adds value x to series s (Welford's update; non-finite values are only
 * counted). */
static inline void ls_accum_add(ls_accum *a, size_t s, double x)
{
    if (!isfinite(x)) {
        a->nonfinite++;
        return;
    }
    uint64_t n = a->mom[s].n + 1;
    ls_accum_add_finite(a, s, x, n, 1.0 / (double)n);
}

/*
 * Adds x[0..k-1] to series s0..s0+k-1 (one path's metrics in one year).
 * The same as k calls of ls_accum_add, but one path adds one value to
 * every series, so their counts agree and one reciprocal serves them all
 * (a division per value is a measurable share of a run).
 */
static inline void ls_accum_add_row(ls_accum *a, size_t s0, const double *x,
                                    size_t k)
{
    if (k == 0)
        return;
    uint64_t n = a->mom[s0].n + 1;
    double inv = 1.0 / (double)n;
    for (size_t j = 0; j < k; j++) {
        if (isfinite(x[j]) && a->mom[s0 + j].n + 1 == n)
            ls_accum_add_finite(a, s0 + j, x[j], n, inv);
        else
            ls_accum_add(a, s0 + j, x[j]);
    }
}

/* Merges the moments src into dst (Chan, Golub, LeVeque 1979). */
void ls_moments_merge(ls_moments *dst, const ls_moments *src);

/* dst += src.  Both must have the same shape. */
void ls_accum_merge(ls_accum *dst, const ls_accum *src);

/*
 * Serialises a into buf (of capacity cap bytes) for sending to another
 * process: the counters, the moments, and each series' touched range of
 * sketch buckets only.  Returns the bytes needed; if that exceeds cap,
 * nothing useful was written and the caller retries with a larger buffer.
 */
size_t ls_accum_pack(const ls_accum *a, unsigned char *buf, size_t cap);

/* Reads a packed accumulator of the same shape into a (which it resets
 * first).  Returns 0, or -1 if buf is not a packed accumulator of a's
 * shape. */
int ls_accum_unpack(ls_accum *a, const unsigned char *buf, size_t len);

/* Quantile q (0..1) of series s; NaN if the series is empty.  Error bound:
 * see sketch.h. */
double ls_accum_quantile(const ls_accum *a, size_t s, double q);

/* Sample variance (n - 1 denominator) of series s; NaN if n < 2. */
double ls_accum_variance(const ls_accum *a, size_t s);

/* The standard error of series s's mean over the paths, sd / sqrt(n)
 * (the paths are independent); NaN below two values. */
double ls_accum_mean_se(const ls_accum *a, size_t s);

#endif /* LS_ACCUM_H */
