/*
 * compare.h - paired differences between scenarios run on common random
 * numbers (see ls_engine_run_paired).
 */
#ifndef LS_COMPARE_H
#define LS_COMPARE_H

#include <stdio.h>

#include "../config/scenario.h"
#include "accum.h"
#include "engine.h"
#include "../base/error.h"
#include "results.h"
#include "../base/stats.h"

typedef struct ls_compare {
    size_t k;                        /* scenarios; [0] is the reference */
    const ls_scenario *const *sc;    /* [k] */
    ls_accum *const *acc;            /* [k] */
    const ls_pairs *pairs;
    const int *same;                 /* [k] 1: gives the same paths as [0] */
} ls_compare;

/*
 * The difference P_j - P_0 for target g of scenario 0: its estimate and
 * 95 % interval from the paired outcomes (Newcombe's method 10), and the
 * variance-reduction factor of pairing.  If scenario j gives the same
 * paths as scenario 0 and defines the target the same way, the difference
 * is exactly 0 ([0, 0], factor +inf).  Returns 0 if scenario j has no
 * target of that name.
 */
int ls_compare_diff(const ls_compare *c, size_t j, size_t g, ls_interval *d,
                    double *vrf);

/* The table on stdout.  0, or -1 if a write failed. */
int ls_compare_table(FILE *out, const ls_compare *c);

/* The JSON document (schema docs/compare.schema.json), atomically. */
int ls_compare_json(const char *path, const ls_compare *c,
                    const ls_run_stats *run, ls_error *e);

#endif /* LS_COMPARE_H */
