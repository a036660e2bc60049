/*
 * accum.c - allocation, merging and read-out of accumulators.
 *
 * The sketch counts are the bulk of the memory (LS_SKETCH_BINS counters
 * per series), allocated with calloc so pages nobody touches stay
 * unmapped.  A block accumulator (one thread's block of paths) has none:
 * it keeps a series' values until LS_ACCUM_PENDING have come, and then
 * counts them into its spill, the thread's full accumulator, in one go.
 * A path adds one value to every series, each in a random bucket, so a
 * batch of one series touches few cache lines and pages where one value
 * at a time missed both for every value.  Each series remembers the range
 * of buckets it touched, so merging and resetting cost only that range,
 * not the whole array.  Everything a thread writes per path is allocated
 * in whole cache lines (mem.h) so two threads' accumulators never share
 * one.
 */
#include "accum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/error.h"
#include "../base/mem.h"

static void series_empty(ls_accum *a, size_t s)
{
    a->mom[s] = (ls_moments){0, 0.0, 0.0, HUGE_VAL, -HUGE_VAL};
    a->lo[s] = UINT32_MAX;
    a->hi[s] = 0;
}

static ls_accum *accum_alloc(size_t n_targets, size_t n_metrics,
                             size_t n_years, size_t n_sens, int block)
{
    ls_accum *a = ls_calloc_lines(1, sizeof *a);
    if (a == NULL)
        return NULL;
    a->n_targets = n_targets;
    a->n_metrics = n_metrics;
    a->n_years = n_years;
    a->n_series = n_metrics * n_years;
    size_t ns = a->n_series ? a->n_series : 1;
    a->hits = ls_calloc_lines(n_targets, sizeof *a->hits);
    a->mom = ls_calloc_lines(ns, sizeof *a->mom);
    int batch = block && ns > LS_ACCUM_DIRECT_SERIES;
    if (batch) {
        a->pend = ls_calloc_lines(ns * LS_ACCUM_PENDING, sizeof *a->pend);
        a->npend = ls_calloc_lines(ns, sizeof *a->npend);
    } else if (block) {
        a->bins16 = calloc(ns * LS_SKETCH_BINS, sizeof *a->bins16);
    } else {
        a->bins = calloc(ns * LS_SKETCH_BINS, sizeof *a->bins);
    }
    a->lo = ls_calloc_lines(ns, sizeof *a->lo);
    a->hi = ls_calloc_lines(ns, sizeof *a->hi);
    a->n_sens = n_sens;
    a->sens_paths = ls_calloc_lines(n_sens * LS_ACCUM_SENS_BINS,
                                    sizeof *a->sens_paths);
    a->sens_hits = ls_calloc_lines(n_targets * n_sens * LS_ACCUM_SENS_BINS,
                                   sizeof *a->sens_hits);
    if (a->hits == NULL || a->mom == NULL ||
        (batch && (a->pend == NULL || a->npend == NULL)) ||
        (block && !batch && a->bins16 == NULL) ||
        (!block && a->bins == NULL) ||
        a->lo == NULL || a->hi == NULL || a->sens_paths == NULL ||
        a->sens_hits == NULL) {
        ls_accum_free(a);
        return NULL;
    }
    for (size_t s = 0; s < a->n_series; s++)
        series_empty(a, s);
    a->sketch = 1;
    return a;
}

void ls_accum_drop_sketch(ls_accum *a)
{
    free(a->bins);
    free(a->bins16);
    free(a->pend);
    free(a->npend);
    a->bins = NULL;
    a->bins16 = NULL;
    a->pend = NULL;
    a->npend = NULL;
    a->spill = NULL;
    a->sketch = 0;
}

void ls_accum_set_spill(ls_accum *a, ls_accum *into)
{
    a->spill = into;
}

void ls_accum_flush_series(ls_accum *a, size_t s)
{
    ls_accum *into = a->spill;
    size_t k = a->npend[s];
    a->npend[s] = 0;
    if (into == NULL || !into->sketch)
        return;
    const double *x = &a->pend[s * LS_ACCUM_PENDING];
    uint64_t *bins = &into->bins[s * LS_SKETCH_BINS];
    uint32_t lo = into->lo[s], hi = into->hi[s];
    for (size_t j = 0; j < k; j++) {
        uint32_t b = (uint32_t)ls_sketch_bin(x[j]);
        bins[b]++;
        lo = b < lo ? b : lo;
        hi = b > hi ? b : hi;
    }
    into->lo[s] = lo;
    into->hi[s] = hi;
}

/* Adds a block's own 16-bit counts of series s into its spill and
 * empties them. */
static void flush_counts(ls_accum *a, size_t s)
{
    uint32_t lo = a->lo[s], hi = a->hi[s];
    if (lo > hi)
        return;
    uint16_t *b = &a->bins16[s * LS_SKETCH_BINS];
    ls_accum *into = a->spill;
    if (into != NULL && into->bins != NULL) {
        uint64_t *d = &into->bins[s * LS_SKETCH_BINS];
        for (uint32_t k = lo; k <= hi; k++)
            d[k] += b[k];
        into->lo[s] = lo < into->lo[s] ? lo : into->lo[s];
        into->hi[s] = hi > into->hi[s] ? hi : into->hi[s];
    }
    memset(&b[lo], 0, (hi - lo + 1) * sizeof *b);
    a->lo[s] = UINT32_MAX;
    a->hi[s] = 0;
}

void ls_accum_flush(ls_accum *a)
{
    for (size_t s = 0; s < a->n_series; s++) {
        if (a->pend != NULL && a->npend[s] > 0)
            ls_accum_flush_series(a, s);
        if (a->bins16 != NULL)
            flush_counts(a, s);
    }
}

/* Merging or packing a block with values still pending would lose them. */
static void assert_flushed(const ls_accum *a)
{
    for (size_t s = 0; s < a->n_series; s++)
        if ((a->pend != NULL && a->npend[s] > 0) ||
            (a->bins16 != NULL && a->lo[s] <= a->hi[s]))
            ls_panic("a block accumulator was read with values pending "
                     "(ls_accum_flush first)");
}

ls_accum *ls_accum_alloc(size_t n_targets, size_t n_metrics, size_t n_years,
                         size_t n_sens)
{
    return accum_alloc(n_targets, n_metrics, n_years, n_sens, 0);
}

ls_accum *ls_accum_alloc_block(size_t n_targets, size_t n_metrics,
                               size_t n_years, size_t n_sens)
{
    return accum_alloc(n_targets, n_metrics, n_years, n_sens, 1);
}

void ls_accum_free(ls_accum *a)
{
    if (a == NULL)
        return;
    free(a->hits);
    free(a->mom);
    free(a->bins);
    free(a->bins16);
    free(a->pend);
    free(a->npend);
    free(a->lo);
    free(a->hi);
    free(a->sens_paths);
    free(a->sens_hits);
    free(a);
}

void ls_accum_reset(ls_accum *a)
{
    a->paths = 0;
    a->nonfinite = 0;
    memset(a->hits, 0, a->n_targets * sizeof *a->hits);
    memset(a->sens_paths, 0,
           a->n_sens * LS_ACCUM_SENS_BINS * sizeof *a->sens_paths);
    memset(a->sens_hits, 0, a->n_targets * a->n_sens * LS_ACCUM_SENS_BINS *
                                sizeof *a->sens_hits);
    for (size_t s = 0; s < a->n_series; s++) {
        if (a->lo[s] <= a->hi[s]) {
            size_t at = s * LS_SKETCH_BINS + a->lo[s];
            size_t k = a->hi[s] - a->lo[s] + 1;
            if (a->bins16 != NULL)
                memset(&a->bins16[at], 0, k * sizeof *a->bins16);
            else
                memset(&a->bins[at], 0, k * sizeof *a->bins);
        }
        series_empty(a, s);
        if (a->npend != NULL)
            a->npend[s] = 0;
    }
}

void ls_moments_merge(ls_moments *dst, const ls_moments *src)
{
    if (src->n == 0)
        return;
    if (dst->n == 0) {
        *dst = *src;
        return;
    }
    double na = (double)dst->n, nb = (double)src->n, n = na + nb;
    double d = src->mean - dst->mean;
    dst->mean += d * (nb / n);
    dst->m2 += src->m2 + d * d * (na * nb / n);
    dst->n += src->n;
    if (src->min < dst->min)
        dst->min = src->min;
    if (src->max > dst->max)
        dst->max = src->max;
}

void ls_accum_merge(ls_accum *dst, const ls_accum *src)
{
    assert_flushed(src);
    dst->paths += src->paths;
    dst->nonfinite += src->nonfinite;
    for (size_t t = 0; t < dst->n_targets; t++)
        dst->hits[t] += src->hits[t];
    for (size_t k = 0; k < dst->n_sens * LS_ACCUM_SENS_BINS; k++)
        dst->sens_paths[k] += src->sens_paths[k];
    for (size_t k = 0; k < dst->n_targets * dst->n_sens * LS_ACCUM_SENS_BINS;
         k++)
        dst->sens_hits[k] += src->sens_hits[k];
    for (size_t s = 0; s < dst->n_series; s++) {
        ls_moments_merge(&dst->mom[s], &src->mom[s]);
        if (src->lo[s] > src->hi[s] || dst->bins == NULL)
            continue;
        /* Both are full accumulators (a block's range is empty). */
        uint64_t *d = &dst->bins[s * LS_SKETCH_BINS];
        const uint64_t *b = &src->bins[s * LS_SKETCH_BINS];
        for (uint32_t k = src->lo[s]; k <= src->hi[s]; k++)
            d[k] += b[k];
        if (src->lo[s] < dst->lo[s])
            dst->lo[s] = src->lo[s];
        if (src->hi[s] > dst->hi[s])
            dst->hi[s] = src->hi[s];
    }
}

double ls_accum_quantile(const ls_accum *a, size_t s, double q)
{
    const ls_moments *m = &a->mom[s];
    if (!a->sketch)
        return NAN;
    return ls_sketch_quantile(&a->bins[s * LS_SKETCH_BINS], m->n, q, m->min,
                              m->max);
}

double ls_accum_variance(const ls_accum *a, size_t s)
{
    const ls_moments *m = &a->mom[s];
    return m->n < 2 ? NAN : m->m2 / (double)(m->n - 1);
}

double ls_accum_mean_se(const ls_accum *a, size_t s)
{
    return sqrt(ls_accum_variance(a, s) / (double)a->mom[s].n);
}

/* The packed layout, in native byte order (all ranks of a job share one
 * architecture): a header of five uint64 (magic, targets, series, sens,
 * paths) and the nonfinite count, the hits, the sensitivity counters, the
 * moments, then per series its bucket range and the buckets in it. */
#define PACK_MAGIC UINT64_C(0x4c5341434331) /* "LSACC1" */

typedef struct packer {
    unsigned char *buf;
    size_t cap, len;
} packer;

static void put(packer *p, const void *x, size_t n)
{
    if (p->len + n <= p->cap)
        memcpy(p->buf + p->len, x, n);
    p->len += n;
}

size_t ls_accum_pack(const ls_accum *a, unsigned char *buf, size_t cap)
{
    assert_flushed(a);
    packer p = {buf, cap, 0};
    const uint64_t head[6] = {PACK_MAGIC, a->n_targets, a->n_series,
                              a->n_sens, a->paths, a->nonfinite};
    size_t ns = a->n_sens * LS_ACCUM_SENS_BINS;
    put(&p, head, sizeof head);
    put(&p, a->hits, a->n_targets * sizeof *a->hits);
    put(&p, a->sens_paths, ns * sizeof *a->sens_paths);
    put(&p, a->sens_hits, a->n_targets * ns * sizeof *a->sens_hits);
    put(&p, a->mom, a->n_series * sizeof *a->mom);
    for (size_t s = 0; s < a->n_series; s++) {
        const uint32_t range[2] = {a->lo[s], a->hi[s]};
        put(&p, range, sizeof range);
        if (a->lo[s] > a->hi[s])
            continue;
        put(&p, &a->bins[s * LS_SKETCH_BINS + a->lo[s]],
            (a->hi[s] - a->lo[s] + 1) * sizeof *a->bins);
    }
    return p.len;
}

/* Copies n bytes from the reader into x; 0, or -1 past the end. */
static int get(const unsigned char *buf, size_t len, size_t *at, void *x,
               size_t n)
{
    if (*at + n > len)
        return -1;
    memcpy(x, buf + *at, n);
    *at += n;
    return 0;
}

int ls_accum_unpack(ls_accum *a, const unsigned char *buf, size_t len)
{
    ls_accum_reset(a);
    size_t at = 0, ns = a->n_sens * LS_ACCUM_SENS_BINS;
    uint64_t head[6];
    if (get(buf, len, &at, head, sizeof head) != 0 || head[0] != PACK_MAGIC ||
        head[1] != a->n_targets || head[2] != a->n_series ||
        head[3] != a->n_sens)
        return -1;
    a->paths = head[4];
    a->nonfinite = head[5];
    if (get(buf, len, &at, a->hits, a->n_targets * sizeof *a->hits) ||
        get(buf, len, &at, a->sens_paths, ns * sizeof *a->sens_paths) ||
        get(buf, len, &at, a->sens_hits,
            a->n_targets * ns * sizeof *a->sens_hits) ||
        get(buf, len, &at, a->mom, a->n_series * sizeof *a->mom))
        return -1;
    for (size_t s = 0; s < a->n_series; s++) {
        uint32_t range[2];
        if (get(buf, len, &at, range, sizeof range) != 0)
            return -1;
        if (range[0] > range[1])
            continue;
        if (range[1] >= LS_SKETCH_BINS ||
            get(buf, len, &at, &a->bins[s * LS_SKETCH_BINS + range[0]],
                (range[1] - range[0] + 1) * sizeof *a->bins) != 0)
            return -1;
        a->lo[s] = range[0];
        a->hi[s] = range[1];
    }
    return at == len ? 0 : -1;
}
