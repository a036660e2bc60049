/*
 * accum.c - allocation, merging and read-out of accumulators.
 *
 * The sketch counts are the bulk of the memory (LS_SKETCH_BINS counters
 * per series), allocated with calloc so pages nobody touches stay
 * unmapped.  Each series remembers the range of buckets it touched, so
 * merging a block and resetting it costs only that range, not the whole
 * array: a block's values for one metric-year fall in a few hundred
 * buckets at most.  Everything a thread writes per path is allocated in
 * whole cache lines (mem.h) so two threads' accumulators never share one.
 */
#include "accum.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

static void series_empty(ls_accum *a, size_t s)
{
    a->mom[s] = (ls_moments){0, 0.0, 0.0, HUGE_VAL, -HUGE_VAL};
    a->lo[s] = UINT32_MAX;
    a->hi[s] = 0;
}

ls_accum *ls_accum_alloc(size_t n_targets, size_t n_metrics, size_t n_years,
                         size_t n_sens)
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
    a->bins = calloc(ns * LS_SKETCH_BINS, sizeof *a->bins);
    a->lo = ls_calloc_lines(ns, sizeof *a->lo);
    a->hi = ls_calloc_lines(ns, sizeof *a->hi);
    a->n_sens = n_sens;
    a->sens_paths = ls_calloc_lines(n_sens * LS_ACCUM_SENS_BINS,
                                    sizeof *a->sens_paths);
    a->sens_hits = ls_calloc_lines(n_targets * n_sens * LS_ACCUM_SENS_BINS,
                                   sizeof *a->sens_hits);
    if (a->hits == NULL || a->mom == NULL || a->bins == NULL ||
        a->lo == NULL || a->hi == NULL || a->sens_paths == NULL ||
        a->sens_hits == NULL) {
        ls_accum_free(a);
        return NULL;
    }
    for (size_t s = 0; s < a->n_series; s++)
        series_empty(a, s);
    return a;
}

void ls_accum_free(ls_accum *a)
{
    if (a == NULL)
        return;
    free(a->hits);
    free(a->mom);
    free(a->bins);
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
        if (a->lo[s] <= a->hi[s])
            memset(&a->bins[s * LS_SKETCH_BINS + a->lo[s]], 0,
                   (a->hi[s] - a->lo[s] + 1) * sizeof *a->bins);
        series_empty(a, s);
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
        if (src->lo[s] > src->hi[s])
            continue;
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
    return ls_sketch_quantile(&a->bins[s * LS_SKETCH_BINS], m->n, q, m->min,
                              m->max);
}

double ls_accum_variance(const ls_accum *a, size_t s)
{
    const ls_moments *m = &a->mom[s];
    return m->n < 2 ? NAN : m->m2 / (double)(m->n - 1);
}
