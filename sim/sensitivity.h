/*
 * sensitivity.h - which uncertain parameter moves P(hit) most.
 *
 * For every target and every uncertain parameter the accumulator holds
 * paths and hits per decile of the uniform that sampled the parameter.
 * The effect of the parameter on the target is the spread
 *   P(hit | highest decile) - P(hit | lowest decile),
 * each with its own 95 % interval; parameters are ranked by |spread|.
 * A spread is significant when its Newcombe interval (the two deciles are
 * independent samples) excludes 0 at a Bonferroni-corrected level,
 * 1 - 0.05 / (uncertain parameters x targets): with dozens of parameters
 * and targets, some spreads of pure noise would otherwise pass a 95 %
 * test, so the whole table (every parameter of every target) is tested
 * at 95 % as a family.
 * Because a decile of the uniform is a decile of the parameter's
 * distribution, this needs no per-path storage and no refit.
 */
#ifndef LS_SENSITIVITY_H
#define LS_SENSITIVITY_H

#include <stddef.h>

#include "../config/scenario.h"
#include "accum.h"
#include "../base/stats.h"

/* Confidence level of every reported interval (here and in result.h). */
#define LS_REPORT_LEVEL 0.95

typedef struct ls_sens_effect {
    size_t param;        /* index into sc->sens */
    ls_interval low;     /* P(hit | lowest decile), with 95 % interval */
    ls_interval high;    /* P(hit | highest decile), with 95 % interval */
    double spread;       /* high.p - low.p */
    ls_interval diff;    /* interval of the spread, at the corrected level */
    int significant;     /* 1 if diff excludes 0 */
} ls_sens_effect;

/* 1 if acc holds sensitivity counters (the scenario has uncertain
 * parameters and the run kept the counters), else 0. */
int ls_sensitivity_counted(const ls_scenario *sc, const ls_accum *acc);

/* Confidence level of one spread's interval in a table of n_sens
 * parameters by n_targets targets: 1 - 0.05 / (n_sens n_targets). */
double ls_sensitivity_level(size_t n_sens, size_t n_targets);

/*
 * Fills out[0 .. sc->n_sens-1] with every parameter's effect on target t,
 * ranked by |spread|, largest first (ties by parameter order, so the
 * ranking is deterministic).
 */
void ls_sensitivity_rank(const ls_scenario *sc, const ls_accum *acc,
                         size_t t, ls_sens_effect *out);

/* Ranks like ls_sensitivity_rank, then moves the significant effects to
 * the front (keeping their order); returns how many there are. */
size_t ls_sensitivity_significant(const ls_scenario *sc, const ls_accum *acc,
                                  size_t t, ls_sens_effect *out);

/* P(hit | decile b) of parameter k for target t, with its interval. */
ls_interval ls_sensitivity_bin(const ls_accum *acc, size_t t, size_t k,
                               size_t b);

#endif /* LS_SENSITIVITY_H */
