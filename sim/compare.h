/*
 * compare.h - paired differences between scenarios run on common random
 * numbers (see ls_engine_run_paired), computed once for the writers.
 */
#ifndef LS_COMPARE_H
#define LS_COMPARE_H

#include "../base/error.h"
#include "../base/stats.h"
#include "../config/scenario.h"
#include "accum.h"
#include "engine.h"
#include "result.h"

/* The difference P_j - P_0 of one target. */
typedef struct ls_diff {
    int has;           /* 0: scenario j has no target of that name */
    ls_interval d;     /* estimate and 95 % interval (Newcombe's method 10
                          on the paired outcomes) */
    double vrf;        /* variance-reduction factor of pairing; +inf when
                          no path differs, NaN when undefined */
    ls_interval vrf_ci; /* vrf with its 95 % interval
                           (ls_stats_variance_reduction_ci): a finite
                           lower bound even where vrf is +inf */
} ls_diff;

/* 1 if difference d is significant: its 95 % interval excludes 0. */
static inline int ls_diff_significant(const ls_diff *d)
{
    return d->d.lo > 0 || d->d.hi < 0;
}

typedef struct ls_compare {
    char run_id[LS_RUN_ID_LEN + 1];  /* from ls_compare_compute */
    size_t k;                        /* scenarios; [0] is the reference */
    const ls_scenario *const *sc;    /* [k] */
    ls_accum *const *acc;            /* [k] */
    const ls_pairs *pairs;
    const int *same;                 /* [k] 1: gives the same paths as [0] */
    ls_interval **p;                 /* [k][its n_targets] P(hit) */
    ls_diff *diff;                   /* [k][targets of scenario 0] */
    const ls_run_stats *run;        /* NULL: no "run" object is written */
    uint64_t rare_paths;             /* --rare N, 0: none */
    const struct ls_rare_est *rare;  /* [targets of scenario 0] the
                                        reference's importance-sampling
                                        estimates (rare.h), or NULL */
    const struct ls_rare_diff *rare_diff; /* [k][targets of scenario 0] */
} ls_compare;

/*
 * Computes every scenario's P(hit) and, for every scenario j and target g
 * of scenario 0, the paired difference.  If scenario j gives the same
 * paths as scenario 0 and defines the target the same way, the difference
 * is exactly 0 ([0, 0], factor +inf).  LS_OK or LS_ERUNTIME.
 */
int ls_compare_compute(ls_compare *c, ls_error *e);

/* Frees what ls_compare_compute allocated. */
void ls_compare_free(ls_compare *c);

#endif /* LS_COMPARE_H */
