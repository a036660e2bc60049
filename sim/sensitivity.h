/*
 * sensitivity.h - which uncertain parameter moves P(hit) most.
 *
 * For every target and every uncertain parameter the accumulator holds
 * paths and hits per decile of the uniform that sampled the parameter.
 * The effect of the parameter on the target is the spread
 *   P(hit | highest decile) - P(hit | lowest decile),
 * each with its own 95 % interval; parameters are ranked by |spread|.
 * Because a decile of the uniform is a decile of the parameter's
 * distribution, this needs no per-path storage and no refit.
 */
#ifndef LS_SENSITIVITY_H
#define LS_SENSITIVITY_H

#include <stddef.h>

#include "../config/scenario.h"
#include "accum.h"
#include "stats.h"

typedef struct ls_sens_effect {
    size_t param;        /* index into sc->sens */
    ls_interval low;     /* P(hit | lowest decile), with 95 % interval */
    ls_interval high;    /* P(hit | highest decile), with 95 % interval */
    double spread;       /* high.p - low.p */
} ls_sens_effect;

/*
 * Fills out[0 .. sc->n_sens-1] with every parameter's effect on target t,
 * ranked by |spread|, largest first (ties by parameter order, so the
 * ranking is deterministic).
 */
void ls_sensitivity_rank(const ls_scenario *sc, const ls_accum *acc,
                         size_t t, ls_sens_effect *out);

/* P(hit | decile b) of parameter k for target t, with its interval. */
ls_interval ls_sensitivity_bin(const ls_accum *acc, size_t t, size_t k,
                               size_t b);

#endif /* LS_SENSITIVITY_H */
