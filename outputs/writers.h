/*
 * writers.h - the output formats, as tables of writers.
 *
 * Like Redis's rio or SQLite's VFS, one interface and a constant table:
 * each writer names its command-line option, what it writes to, and the
 * function that formats the results into it.  The commands take their
 * --json/--csv/--report options from their command's table, so a new
 * format is one file and one line here.  Writers only format: the
 * numbers come computed (sim/result.h, sim/compare.h, sim/sweep.h).
 */
#ifndef LS_WRITERS_H
#define LS_WRITERS_H

#include "../base/error.h"
#include "../base/limits.h"

typedef struct ls_writer {
    const char *option;   /* "json": the option --json; NULL ends a table */
    const char *arg;      /* "FILE" or "DIR", for --help */
    const char *help;     /* one line for --help */
    /* Writes the results (an ls_result, ls_compare or ls_sweep, as the
     * table says) to dest.  LS_OK or LS_ERUNTIME with *e filled. */
    int (*write)(const char *dest, const void *results, ls_error *e);
} ls_writer;

/* Writers of `run` (results: const ls_result *). */
extern const ls_writer ls_run_writers[];

/* Writers of `compare` (results: const ls_compare *). */
extern const ls_writer ls_compare_writers[];

/* Writers of `sweep` (results: const ls_sweep *). */
extern const ls_writer ls_sweep_writers[];

/* Writers of `batch` (results: const ls_batch *). */
extern const ls_writer ls_batch_writers[];

#endif /* LS_WRITERS_H */
