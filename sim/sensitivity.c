/*
 * sensitivity.c - ranking parameters by their effect on P(hit).
 *
 * The counters come from the engine (engine.c, add_sensitivity); this file
 * only reads them.  Intervals are Clopper-Pearson, like every other
 * probability the program reports.
 */
#include "sensitivity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


ls_interval ls_sensitivity_bin(const ls_accum *acc, size_t t, size_t k,
                               size_t b)
{
    const size_t nb = LS_ACCUM_SENS_BINS;
    uint64_t n = acc->sens_paths[k * nb + b];
    uint64_t h = acc->sens_hits[(t * acc->n_sens + k) * nb + b];
    return ls_stats_binomial_ci(h, n, LS_REPORT_LEVEL, LS_CI_CLOPPER_PEARSON);
}

static int by_effect(const void *pa, const void *pb)
{
    const ls_sens_effect *a = pa, *b = pb;
    double x = fabs(a->spread), y = fabs(b->spread);
    if (x != y)
        return x > y ? -1 : 1;
    return a->param < b->param ? -1 : a->param > b->param;
}

int ls_sensitivity_counted(const ls_scenario *sc, const ls_accum *acc)
{
    uint64_t counted = 0;
    for (size_t b = 0; b < LS_ACCUM_SENS_BINS && sc->n_sens > 0; b++)
        counted += acc->sens_paths[b];
    return counted > 0;
}

double ls_sensitivity_level(size_t n_sens, size_t n_targets)
{
    double family = (double)(n_sens > 0 ? n_sens : 1) *
                    (double)(n_targets > 0 ? n_targets : 1);
    return 1 - (1 - LS_REPORT_LEVEL) / family;
}

void ls_sensitivity_rank(const ls_scenario *sc, const ls_accum *acc,
                         size_t t, ls_sens_effect *out)
{
    const size_t nb = LS_ACCUM_SENS_BINS;
    double level = ls_sensitivity_level(sc->n_sens, sc->n_targets);
    for (size_t k = 0; k < sc->n_sens; k++) {
        out[k].param = k;
        out[k].low = ls_sensitivity_bin(acc, t, k, 0);
        out[k].high = ls_sensitivity_bin(acc, t, k, nb - 1);
        double s = out[k].high.p - out[k].low.p;
        out[k].spread = isfinite(s) ? s : 0;
        const uint64_t *hits = &acc->sens_hits[(t * acc->n_sens + k) * nb];
        const uint64_t *paths = &acc->sens_paths[k * nb];
        if (paths[0] > 0 && paths[nb - 1] > 0) {
            out[k].diff = ls_stats_unpaired_diff(hits[0], paths[0],
                                                 hits[nb - 1], paths[nb - 1],
                                                 level);
            out[k].significant = out[k].diff.lo > 0 || out[k].diff.hi < 0;
        } else {
            out[k].diff = (ls_interval){NAN, NAN, NAN};
            out[k].significant = 0;
        }
    }
    qsort(out, sc->n_sens, sizeof *out, by_effect);
}

size_t ls_sensitivity_significant(const ls_scenario *sc, const ls_accum *acc,
                                  size_t t, ls_sens_effect *out)
{
    ls_sensitivity_rank(sc, acc, t, out);
    size_t n = 0;
    for (size_t k = 0; k < sc->n_sens; k++)
        if (out[k].significant) {
            ls_sens_effect x = out[k];
            memmove(&out[n + 1], &out[n], (k - n) * sizeof *out);
            out[n++] = x;
        }
    return n;
}
