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

#include <math.h>
#include <stdlib.h>
#include <string.h>

const double ls_result_quantiles[LS_RESULT_QUANTILES] = {0.05, 0.25, 0.50,
                                                         0.75, 0.95};

void ls_result_free(ls_result *r)
{
    free(r->p);
    free(r->band);
    free(r->rank);
    free(r->sig);
    free(r->n_sig);
    memset(r, 0, sizeof *r);
}

/* Every metric-year's quantiles, whole numbers for counts. */
static void compute_bands(ls_result *r)
{
    const ls_scenario *sc = r->sc;
    size_t nm = sc->n_metrics;
    for (size_t y = 0; y < r->acc->n_years; y++)
        for (size_t m = 0; m < nm; m++) {
            size_t s = y * nm + m;
            const ls_moments *mo = &r->acc->mom[s];
            double *out = r->band + s * LS_RESULT_QUANTILES;
            ls_sketch_quantiles(&r->acc->bins[s * LS_SKETCH_BINS], mo->n,
                                ls_result_quantiles, LS_RESULT_QUANTILES,
                                mo->min, mo->max, out);
            if (!(sc->metric_defs[m]->flags & LS_M_COUNT))
                continue;
            for (size_t q = 0; q < LS_RESULT_QUANTILES; q++)
                if (isfinite(out[q]))
                    out[q] = round(out[q]);
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
    size_t nt = sc->n_targets, ns = sc->n_sens;
    size_t series = acc->n_years * sc->n_metrics;
    r->p = calloc(nt + 1, sizeof *r->p);
    r->band = calloc(series * LS_RESULT_QUANTILES + 1, sizeof *r->band);
    r->rank = calloc(nt * ns + 1, sizeof *r->rank);
    r->sig = calloc(nt * ns + 1, sizeof *r->sig);
    r->n_sig = calloc(nt + 1, sizeof *r->n_sig);
    if (!r->p || !r->band || !r->rank || !r->sig || !r->n_sig) {
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
