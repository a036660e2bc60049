/*
 * batch.h - the results of `leusden batch` as the writers see them: the
 * scenarios that ran (NULL for a file that was skipped) and their counts.
 */
#ifndef LS_BATCH_H
#define LS_BATCH_H

#include "../config/scenario.h"
#include "accum.h"
#include "result.h"

typedef struct ls_batch {
    size_t n;                        /* files, in the order given */
    const char *const *files;        /* [n] as given */
    const ls_scenario *const *sc;    /* [n] NULL: skipped (bad input) */
    ls_accum *const *acc;            /* [n] NULL where sc is */
    char run_id[LS_RUN_ID_LEN + 1];  /* of the scenarios that ran */
} ls_batch;

#endif /* LS_BATCH_H */
