/*
 * result.c - computing a run's results once.
 *
 * The bands walk each metric-year's sketch once for all five quantiles
 * (ls_sketch_quantiles); the sensitivity ranking is one sort per target.
 * Both used to be recomputed by every writer that showed them (up to five
 * times per run); now writers only read the arrays.  The cost is paid
 * once per run whatever is written: for the base scenario, one pass over
 * the sketches, a few per cent of a 20,000-path run.
 */
#include "result.h"

#include "rare.h"
#include "sobol.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const double ls_result_quantiles[LS_RESULT_QUANTILES] = {0.05, 0.25, 0.50,
                                                         0.75, 0.95};

void ls_result_free(ls_result *r)
{
    free(r->p);
    free(r->band);
    free(r->band_lo);
    free(r->band_hi);
    free(r->rank);
    free(r->sig);
    free(r->n_sig);
    memset(r, 0, sizeof *r);
}

/* Every metric-year's quantiles, whole numbers for counts. */
/* The order-statistic ranks of every band quantile's interval for n
 * values, ascending: rank[2q] low, rank[2q + 1] high; ix[k] says which of
 * the 2 LS_RESULT_QUANTILES the k-th smallest is. */
typedef struct band_ranks {
    uint64_t n;
    uint64_t rank[2 * LS_RESULT_QUANTILES];
    size_t ix[2 * LS_RESULT_QUANTILES];
} band_ranks;

static void ranks_for(band_ranks *br, uint64_t n)
{
    br->n = n;
    uint64_t r[2 * LS_RESULT_QUANTILES];
    for (size_t q = 0; q < LS_RESULT_QUANTILES; q++)
        ls_stats_quantile_ranks(n, ls_result_quantiles[q], LS_REPORT_LEVEL,
                                &r[2 * q], &r[2 * q + 1]);
    /* Insertion sort: ten entries. */
    for (size_t k = 0; k < 2 * LS_RESULT_QUANTILES; k++) {
        size_t j = k;
        while (j > 0 && r[br->ix[j - 1]] > r[k]) {
            br->ix[j] = br->ix[j - 1];
            j--;
        }
        br->ix[j] = k;
    }
    for (size_t k = 0; k < 2 * LS_RESULT_QUANTILES; k++)
        br->rank[k] = r[br->ix[k]];
}

/* v moved outward by the sketch's bound (side 0 down, 1 up), within the
 * data's range; a count stays whole (exact below LS_SKETCH_EXACT_BELOW). */
static double widen(double v, int side, int count, double min, double max)
{
    if (!isfinite(v))
        return v;
    if (count) {
        v = ls_sketch_whole(v);
        if (fabs(v) < LS_SKETCH_EXACT_BELOW)
            return v;
    }
    double d = fmax(fabs(v) * LS_SKETCH_REL_ERR, ldexp(1, LS_SKETCH_EXP_MIN));
    v = side ? v + d : v - d;
    if (count)
        v = side ? ceil(v) : floor(v);
    return side ? fmin(v, max) : fmax(v, min);
}

static void compute_bands(ls_result *r)
{
    const ls_scenario *sc = r->sc;
    size_t nm = sc->n_metrics;
    band_ranks br = {UINT64_MAX, {0}, {0}};
    for (size_t y = 0; y < r->acc->n_years; y++)
        for (size_t m = 0; m < nm; m++) {
            size_t s = y * nm + m;
            const ls_moments *mo = &r->acc->mom[s];
            if (!r->acc->sketch) {
                for (size_t q = 0; q < LS_RESULT_QUANTILES; q++)
                    r->band[s * LS_RESULT_QUANTILES + q] =
                        r->band_lo[s * LS_RESULT_QUANTILES + q] =
                            r->band_hi[s * LS_RESULT_QUANTILES + q] = NAN;
                continue;
            }
            const uint64_t *bins = &r->acc->bins[s * LS_SKETCH_BINS];
            size_t at = s * LS_RESULT_QUANTILES;
            double *out = r->band + at, ends[2 * LS_RESULT_QUANTILES];
            ls_sketch_quantiles(bins, mo->n, ls_result_quantiles,
                                LS_RESULT_QUANTILES, mo->min, mo->max, out);
            if (mo->n != br.n)
                ranks_for(&br, mo->n);
            double sorted[2 * LS_RESULT_QUANTILES];
            ls_sketch_at_ranks(bins, mo->n, br.rank, 2 * LS_RESULT_QUANTILES,
                               mo->min, mo->max, sorted);
            for (size_t k = 0; k < 2 * LS_RESULT_QUANTILES; k++)
                ends[br.ix[k]] = sorted[k];
            int count = (sc->metric_defs[m]->flags & LS_M_COUNT) != 0;
            for (size_t q = 0; q < LS_RESULT_QUANTILES; q++) {
                if (count && isfinite(out[q]))
                    out[q] = ls_sketch_whole(out[q]);
                r->band_lo[at + q] = widen(ends[2 * q], 0, count, mo->min,
                                           mo->max);
                r->band_hi[at + q] = widen(ends[2 * q + 1], 1, count,
                                           mo->min, mo->max);
                /* Only the digits the interval leaves meaningful, and
                 * still in order after rounding. */
                if (!count)
                    out[q] = ls_stats_meaningful(
                        out[q], r->band_hi[at + q] - r->band_lo[at + q]);
                if (q > 0 && out[q] < out[q - 1])
                    out[q] = out[q - 1];
            }
        }
}

/* The ranking of every target, and the same with significant ones first. */
static void compute_sensitivity(ls_result *r)
{
    const ls_scenario *sc = r->sc;
    size_t ns = sc->n_sens;
    for (size_t t = 0; t < sc->n_targets; t++) {
        ls_sens_effect *rank = r->rank + t * ns, *sig = r->sig + t * ns;
        ls_sensitivity_rank(sc, r->acc, t, rank);
        size_t n = 0;
        for (size_t k = 0; k < ns; k++)
            if (rank[k].significant)
                sig[n++] = rank[k];
        r->n_sig[t] = n;
        for (size_t k = 0; k < ns; k++)
            if (!rank[k].significant)
                sig[n++] = rank[k];
    }
}

#ifndef LS_VERSION
#define LS_VERSION "unknown"
#endif

/* FNV-1a, 64 bits, over n bytes. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
    return fnv(h, s, strlen(s) + 1);
}

/* The scenario as it decides the results: run settings, every instance's
 * type, name and parameters, every target. */
static uint64_t hash_scenario(uint64_t h, const ls_scenario *sc)
{
    h = fnv_str(fnv_str(fnv_str(h, sc->name), sc->file), sc->rng->name);
    h = fnv(h, &sc->seed, sizeof sc->seed);
    h = fnv(fnv(h, &sc->year0, sizeof sc->year0), &sc->year1,
            sizeof sc->year1);
    for (size_t m = 0; m < sc->n_models; m++) {
        const ls_model_inst *inst = &sc->models[m];
        h = fnv_str(fnv_str(h, inst->type->name), inst->name);
        h = fnv(h, inst->params, inst->type->params_size);
    }
    for (size_t t = 0; t < sc->n_targets; t++) {
        const ls_target *g = &sc->targets[t];
        h = fnv_str(fnv_str(h, g->name), g->source);
        h = fnv(h, &g->year, sizeof g->year);
        h = fnv(h, &g->metric, sizeof g->metric);
        h = fnv(h, &g->op, sizeof g->op);
        h = fnv(h, &g->threshold, sizeof g->threshold);
    }
    return h;
}

void ls_result_run_id(const ls_scenario *const *sc, size_t k, uint64_t n,
                      const char *extra, char id[LS_RUN_ID_LEN + 1])
{
    uint64_t h = fnv_str(0xcbf29ce484222325ULL, LS_VERSION);
    for (size_t j = 0; j < k; j++)
        h = hash_scenario(h, sc[j]);
    h = fnv_str(fnv(h, &n, sizeof n), extra);
    snprintf(id, LS_RUN_ID_LEN + 1, "%016llx", (unsigned long long)h);
}

/* The part of the run id that options other than the path count decide. */
static void run_extra(const ls_result *r, char *extra, size_t n)
{
    snprintf(extra, n, "precision %.17g max %llu sensitivity %d rare %llu "
             "sobol %llu", r->stop.precision,
             (unsigned long long)r->stop.max_paths, r->sensitivity,
             (unsigned long long)r->rare_paths,
             (unsigned long long)(r->sobol != NULL ? r->sobol->rows : 0));
}

void ls_result_set_sobol(ls_result *r, const struct ls_sobol *s)
{
    r->sobol = s;
    char extra[160];
    run_extra(r, extra, sizeof extra);
    ls_result_run_id(&r->sc, 1, r->paths, extra, r->run_id);
}

size_t ls_result_rare_count(const ls_result *r)
{
    size_t n = 0;
    for (size_t t = 0; r->rare != NULL && t < r->sc->n_targets; t++)
        n += r->rare[t].done;
    return n;
}

void ls_result_set_rare(ls_result *r, const struct ls_rare_est *rare,
                        uint64_t paths)
{
    r->rare = rare;
    r->rare_paths = paths;
    char extra[160];
    run_extra(r, extra, sizeof extra);
    ls_result_run_id(&r->sc, 1, r->paths, extra, r->run_id);
}

int ls_result_compute(ls_result *r, const ls_scenario *sc,
                      const ls_accum *acc, const ls_stopping *stop,
                      const ls_run_stats *run, ls_error *e)
{
    memset(r, 0, sizeof *r);
    r->sc = sc;
    r->acc = acc;
    r->paths = acc->paths;
    r->stop = *stop;
    r->run = run;
    r->sensitivity = ls_sensitivity_counted(sc, acc);
    char extra[160];
    run_extra(r, extra, sizeof extra);
    ls_result_run_id(&sc, 1, acc->paths, extra, r->run_id);
    size_t nt = sc->n_targets, ns = sc->n_sens;
    size_t series = acc->n_years * sc->n_metrics;
    r->p = calloc(nt + 1, sizeof *r->p);
    r->band = calloc(series * LS_RESULT_QUANTILES + 1, sizeof *r->band);
    r->band_lo = calloc(series * LS_RESULT_QUANTILES + 1, sizeof *r->band);
    r->band_hi = calloc(series * LS_RESULT_QUANTILES + 1, sizeof *r->band);
    r->rank = calloc(nt * ns + 1, sizeof *r->rank);
    r->sig = calloc(nt * ns + 1, sizeof *r->sig);
    r->n_sig = calloc(nt + 1, sizeof *r->n_sig);
    if (!r->p || !r->band || !r->band_lo || !r->band_hi || !r->rank ||
        !r->sig || !r->n_sig) {
        ls_result_free(r);
        return ls_error_oom(e);
    }
    for (size_t t = 0; t < nt; t++)
        r->p[t] = ls_result_ci(acc->hits[t], acc->paths);
    compute_bands(r);
    r->sensitivity = ls_sensitivity_counted(sc, acc);
    if (r->sensitivity)
        compute_sensitivity(r);
    return LS_OK;
}

double ls_result_max_arm(const ls_scenario *sc, const ls_accum *acc)
{
    double w = 0;
    for (size_t t = 0; t < sc->n_targets; t++) {
        ls_interval ci = ls_result_ci(acc->hits[t], acc->paths);
        w = fmax(w, fmax(ci.p - ci.lo, ci.hi - ci.p));
    }
    return w;
}

uint64_t ls_precision_step(uint64_t blocks, double w, double eps)
{
    if (w <= eps)
        return 0;
    double most = (double)LS_PRECISION_GROWTH * (double)(blocks ? blocks : 1);
    if (!isfinite(w) || !(eps > 0))
        return (uint64_t)most;
    double gap = (double)blocks * (w / eps) * (w / eps) - (double)blocks;
    double step = ceil(LS_PRECISION_APPROACH * gap);
    return step < 1 ? 1 : step > most ? (uint64_t)most : (uint64_t)step;
}
