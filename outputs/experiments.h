/*
 * experiments.h - the per-path experiments table (--experiments FILE).
 *
 * One row per path, in path order, written as the run goes (memory stays
 * flat in the path count):
 *   path                      the path's index
 *   <param>, <param>:u        every uncertain parameter (ls_scenario.sens):
 *                             its value on the path and the uniform it was
 *                             drawn from (shared ones after the copula)
 *   <target>, <target>:value  every target: 1 if the path hit it, and the
 *                             target's metric in the target's year
 *   <metric>@<year>           every probe (--probe METRIC@YEAR)
 * as CSV in the run's dialect (docs/statistics.md has the schema and a
 * pandas example).  The rows are a function of the scenario, the seed and
 * the path alone, so the file is the same for any thread count.  It is
 * written to a temporary beside FILE and renamed into place with the
 * run's other outputs (outputs/output.h).
 */
#ifndef LS_EXPERIMENTS_H
#define LS_EXPERIMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../config/scenario.h"
#include "../sim/engine.h"

typedef struct ls_experiments ls_experiments;

/* Resolves "METRIC@YEAR" of scenario sc into *probe (metric * years + year
 * index).  LS_OK, or LS_EINPUT with *e naming the option. */
int ls_experiments_probe(const ls_scenario *sc, const char *text,
                         size_t *probe, ls_error *e);

/* Opens FILE for the rows of scenario sc with the given probes (copied),
 * and allocates records for `slots` paths at a time.  NULL with *e filled
 * (LS_ERUNTIME) on failure. */
ls_experiments *ls_experiments_open(const char *path, const ls_scenario *sc,
                                    const size_t *probe, size_t n_probe,
                                    size_t slots, ls_error *e);

/* The records the engine fills (ls_engine_set_records). */
const ls_job_out *ls_experiments_records(const ls_experiments *x);

/* Writes the rows of paths first..first+count-1 from records slots
 * 0..count-1.  A write error sticks: ls_experiments_commit reports it. */
void ls_experiments_write(ls_experiments *x, uint64_t first, size_t count);

/* Closes and checks the file and queues it for ls_output_finish.  LS_OK
 * or LS_ERUNTIME (a write failed: the file is removed). */
int ls_experiments_commit(ls_experiments *x, ls_error *e);

/* Frees x; an uncommitted file is removed. */
void ls_experiments_free(ls_experiments *x);

#endif /* LS_EXPERIMENTS_H */
