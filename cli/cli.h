/*
 * cli.h - what the commands share: the options, loading, messages, the
 * output writers, timing.
 *
 * Every command is a file (cli/run.c, check.c, compare.c, sweep.c,
 * batch.c) with one entry in the command table of cli/main.c.  A command
 * parses its options with ls_cli_parse, naming which it accepts; its
 * output options (--json, --csv, --report) come from its table of writers
 * (outputs/writers.h), so a new output format is a writer and a table
 * line, not a change here.  Only main() maps error values to exit status
 * and only rank 0 prints.
 */
#ifndef LS_CLI_H
#define LS_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "../base/limits.h"
#include "../config/scenario.h"
#include "../outputs/writers.h"
#include "../sim/accum.h"

/* Options; each command says which it accepts. */
enum {
    O_PATHS = 1 << 0, O_SEED = 1 << 1, O_THREADS = 1 << 2,
    O_PRECISION = 1 << 3, O_QUIET = 1 << 4, O_NOSENS = 1 << 5,
    O_SET = 1 << 6, O_VARY = 1 << 7, O_TIMEOUT = 1 << 8,
    O_CSV = 1 << 9, O_RARE = 1 << 10, O_EXPERIMENTS = 1 << 11,
    O_SOBOL = 1 << 12
};

typedef struct ls_cli {
    unsigned long long paths, seed, threads, max_paths;
    unsigned long long sobol;             /* --sobol N: rows, 0 = none */
    unsigned long long rare;              /* --rare N: paths of each
                                             importance-sampling estimate,
                                             0 = none */
    int have_seed, quiet, sensitivity;
    double precision;
    const ls_writer *writers;             /* the command's output table */
    const char *dest[LS_MAX_WRITERS];     /* [writer] its FILE or DIR, or
                                             NULL when not asked for */
    const char *sets[LS_MAX_SETS];
    size_t n_sets;
    const char *vary[LS_MAX_VARY];
    size_t n_vary;
    const char *experiments;              /* --experiments FILE, or NULL */
    const char *probes[LS_MAX_PROBES];    /* --probe METRIC@YEAR */
    size_t n_probes;
    char **files;                         /* the operands */
    size_t n_files;
} ls_cli;

/* One command: its name, what it does, and its entry point. */
typedef struct ls_command {
    const char *name;
    const char *synopsis;   /* "run SCENARIO [OPTION]..." */
    const char *help;       /* what it does, for --help (lines) */
    int (*run)(int argc, char **argv);
    unsigned options;       /* the O_* options it accepts */
    const ls_writer *writers; /* its outputs (NULL: none) */
} ls_command;

/* The command named name; NULL if there is none. */
const ls_command *ls_cli_command(const char *name);

/* The commands (cli/main.c), NULL-name-terminated. */
extern const ls_command ls_commands[];

/*
 * Parses the options of command `cmd` (a name in ls_commands, whose entry
 * says which options and outputs it accepts) and collects its operands
 * into *o.  LS_OK, or LS_EINPUT after a one-line message; --help prints
 * the command's help and exits.
 */
int ls_cli_parse(int argc, char **argv, const char *cmd, ls_cli *o);

/* Prints the whole --help text to stdout. */
void ls_cli_usage(void);

/* Prints command c's help (usage, what it does, its options) to stdout. */
void ls_cli_command_usage(const ls_command *c);

/* Loads scenario file with the command's overrides and seed; reports a
 * failure.  LS_OK, LS_EINPUT or LS_ERUNTIME. */
int ls_cli_load(ls_scenario *sc, const char *file, const ls_cli *o);

/* Prints "leusden: <error>" on rank 0 and returns its status. */
int ls_cli_error(const ls_error *e);

/* Prints "leusden: <fmt with arg> (try 'leusden --help')" on rank 0 and
 * returns LS_EINPUT. */
int ls_cli_usage_error(const char *fmt, const char *arg);

/* The runtime error of a run whose metrics came out non-finite. */
int ls_cli_nonfinite(const ls_scenario *sc, const ls_accum *acc);

/* Flushes stdout; LS_OK, or LS_ERUNTIME after a message. */
int ls_cli_stdout_done(void);

/* Writes every output the user asked for, in table order, then renames
 * them all into place (outputs/output.h); the first failure is reported
 * and returned, and then no output is left.  A pending stop request
 * returns ls_cli_stopped's status instead. */
int ls_cli_write(const ls_cli *o, const void *results);

/* Installs the SIGINT/SIGTERM handlers: the first asks the run to stop
 * at the next block (ls_cli_interrupted), a second removes the
 * temporaries and exits at once. */
void ls_cli_signals(void);

/* The signal this process received, 0 if none (not collective). */
int ls_cli_signal(void);

/* The signal that asked the run to stop, 0 if none; every rank gets rank
 * 0's answer, so call it on every rank at the same point. */
int ls_cli_interrupted(void);

/* Removes every temporary, says "interrupted" and returns the exit
 * status of a run stopped by signal sig (128 + sig: 130, 143). */
int ls_cli_stopped(int sig);

/* Protects the scenario's files from being overwritten and checks every
 * destination the user gave (not an input, not twice).  LS_OK or
 * LS_EINPUT after a message. */
int ls_cli_claim(const ls_cli *o, const ls_scenario *sc);

/* Threads to use: --threads, or every processor. */
int ls_cli_threads(const ls_cli *o);

/* 1 if a progress line goes to stderr (a terminal, not --quiet, rank 0). */
int ls_cli_show_progress(const ls_cli *o);

/* Prints the progress line (fraction done, rate; the widest half-width
 * when precision > 0). */
void ls_cli_progress(uint64_t done, uint64_t total, double secs,
                     double width, double precision);

/* Monotonic seconds; peak resident memory in MB. */
double ls_cli_now(void);
double ls_cli_peak_rss_mb(void);

/* " x K ranks" under MPI with K > 1, else "". */
const char *ls_cli_ranks_note(void);

/* The commands' entry points. */
int ls_cmd_run(int argc, char **argv);
int ls_cmd_check(int argc, char **argv);
int ls_cmd_compare(int argc, char **argv);
int ls_cmd_sweep(int argc, char **argv);
int ls_cmd_batch(int argc, char **argv);

#endif /* LS_CLI_H */
