/*
 * limits.h - every size limit of the program, in one place, with its reason.
 *
 * As SQLite's sqliteLimit.h and Lua's luaconf.h do: a limit is a number a
 * reader can find, not a constant buried in a function.  Input that
 * exceeds one is an error that names the limit (file, line, setting
 * path), never a silent truncation.  Raising one is safe: nothing else
 * depends on its value, except where the comment says so.
 */
#ifndef LS_LIMITS_H
#define LS_LIMITS_H

#include <stdint.h>

/* Error texts (base/error.h): a message, a file name and a setting path
 * are cut to these sizes; an error report never fails. */
#define LS_ERROR_MSG_MAX 512
#define LS_ERROR_FILE_MAX 256
#define LS_ERROR_PATH_MAX 256

/* Values of a discrete distribution and points of a year schedule
 * (base/dist.h); both live inside every parameter, so they stay small. */
#define LS_DIST_MAX_VALUES 16
#define LS_SCHEDULE_MAX_POINTS 16

/* Simulated years: a range a model's year arithmetic can trust. */
#define LS_YEAR_MIN 1900
#define LS_YEAR_MAX 2200

/* Paths of one run: path indices key the streams in 64 bits, and 2^48
 * paths already take years on one machine. */
#define LS_PATHS_MAX ((uint64_t)1 << 48)

/* Paths of one importance-sampling estimate (--rare): fewer cannot fit a
 * proposal, and the final run keeps one double per path. */
#define LS_RARE_PATHS_MIN 1000
#define LS_RARE_PATHS_MAX 10000000

/* Files of one inheritance chain (a scenario, its base, its base's base):
 * longer chains are cycles in practice. */
#define LS_TREE_MAX_FILES 16

/* Bytes of one scenario file: they are a few kB; the cap keeps a wrong
 * argument (a log, a device) from filling memory. */
#define LS_TREE_MAX_BYTES (16u << 20)

/* Nesting depth of a setting path, and the members of a group that a
 * "did you mean" considers. */
#define LS_SETTING_MAX_DEPTH 64
#define LS_SETTING_MAX_NAMES 64

/* Parameters of one model type's table, and model types in the registry
 * (the "did you mean" lists are built on the stack). */
#define LS_MODEL_MAX_PARAMS 126

/* Aggregates of a scenario (sums of metrics): each is a metric series of
 * every accumulator. */
#define LS_AGGREGATES_MAX 1024
/* Shared parameters of a scenario (the copula's matrix is the square). */
#define LS_SHARED_MAX 64
#define LS_MODEL_MAX_TYPES 63

/* Command line: --set overrides, scenarios of compare and batch, --vary
 * dimensions (a sweep is a 1-D or 2-D grid). */
#define LS_MAX_SETS 64
#define LS_MAX_SCENARIOS 64
#define LS_MAX_VARY 2

/* Rows of a --sobol decomposition (each costs d + 3 paths): fewer give
 * intervals too wide to read. */
#define LS_SOBOL_ROWS_MIN 100
#define LS_SOBOL_ROWS_MAX 10000000

/* --probe metrics of one --experiments table. */
#define LS_MAX_PROBES 32

/* Output writers of one command (outputs/writers.c; the command line
 * keeps a destination for each). */
#define LS_MAX_WRITERS 8

/* Fan charts in one HTML report (one per metric with a target, then the
 * balance's headline ones): a page a council member can still read; the
 * report says how many more metrics the JSON and CSV hold. */
#define LS_REPORT_MAX_FANS 64

/* Length of an output file name (the temporary name adds a suffix). */
#define LS_OUTPUT_PATH_MAX 4096

/* Files one run writes (outputs/output.c queues them to rename together
 * at the end): a report, a JSON and a CSV directory's tables fit many
 * times over. */
#define LS_OUTPUT_MAX_FILES 32

/* Input files one run may protect from being overwritten by an output
 * (the scenario, its bases and includes). */
#define LS_OUTPUT_MAX_INPUTS 64

/* Seconds an MPI rank waits for another before it aborts the job as hung
 * (a stopped rank would otherwise hold the job for ever); a block takes
 * well under a second, so ten minutes is patience, not a race.  Set per
 * run with --rank-timeout. */
#define LS_MPI_TIMEOUT_S 600

/* Threads one MPI rank runs blocks on in one round (sim/mpi.c). */
#define LS_MPI_MAX_THREADS 1024

/* ---- Scenario input (config/tree.c, config/text.c) ----
 *
 * LS_TREE_MAX_BYTES above is "at most": a file of exactly that many bytes
 * loads.  It also caps one file's text with everything it @includes, as
 * libconfig parses it whole.  File names that config/ builds (a base or
 * an @include relative to the file naming it) are refused beyond the
 * system's PATH_MAX, never cut. */

/* @include directives expanded while reading one scenario and its base
 * files, repeats counted: each included file is read and kept whole, so
 * the count bounds memory; a cycle is refused on its own. */
#define LS_TREE_MAX_INCLUDES 64

/* Brackets { ( [ open at once in a scenario's text (its @includes
 * counted where they stand) or in a --set value.  libconfig's parser
 * fails near 10000 with "memory exhausted", and a setting's path (its
 * name and its groups' names) must stay within LS_SETTING_MAX_DEPTH
 * parts; real scenarios nest four deep. */
#define LS_TREE_MAX_NESTING 63

/* Bytes of a setting path given to --set or in a file's set = (...):
 * an error names the path whole, in an ls_error path of
 * LS_ERROR_PATH_MAX bytes. */
#define LS_SET_PATH_MAX (LS_ERROR_PATH_MAX - 1)

#endif /* LS_LIMITS_H */
