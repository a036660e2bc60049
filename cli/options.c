/*
 * options.c - one option parser for every command, and --help.
 *
 * getopt_long over a table of the options every command shares, to
 * which the command's output writers add theirs (--json, --csv,
 * --report); a command names the shared ones it accepts and gets a clear
 * one-line error for the others.  Messages are our own words (getopt is
 * silenced), with the --help hint.
 */
#include "cli.h"

#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../outputs/csv.h"
#include "../sim/mpi.h"

/* getopt values of the writers' options: LS_OPT_WRITER + index. */
#define LS_OPT_WRITER 1000

static const struct option shared[] = {
    {"paths", required_argument, NULL, 'n'},
    {"seed", required_argument, NULL, 's'},
    {"threads", required_argument, NULL, 't'},
    {"precision", required_argument, NULL, 'p'},
    {"max-paths", required_argument, NULL, 'm'},
    {"quiet", no_argument, NULL, 'q'},
    {"no-sensitivity", no_argument, NULL, 'S'},
    {"set", required_argument, NULL, 'e'},
    {"vary", required_argument, NULL, 'v'},
    {"rank-timeout", required_argument, NULL, 'R'},
    {"csv-dialect", required_argument, NULL, 'D'},
    {"rare", required_argument, NULL, 'r'},
    {"sobol", required_argument, NULL, 'b'},
    {"experiments", required_argument, NULL, 'E'},
    {"probe", required_argument, NULL, 'P'},
    {"help", no_argument, NULL, 'h'},
};
#define N_SHARED (sizeof shared / sizeof shared[0])

/* Which flag of `allowed` each shared option needs. */
static const struct {
    int c;
    unsigned flag;
    const char *name;
} owner[] = {
    {'n', O_PATHS, "--paths"}, {'s', O_SEED, "--seed"},
    {'t', O_THREADS, "--threads"}, {'p', O_PRECISION, "--precision"},
    {'m', O_PRECISION, "--max-paths"}, {'q', O_QUIET, "--quiet"},
    {'S', O_NOSENS, "--no-sensitivity"}, {'e', O_SET, "--set"},
    {'v', O_VARY, "--vary"}, {'R', O_TIMEOUT, "--rank-timeout"},
    {'D', O_CSV, "--csv-dialect"}, {'r', O_RARE, "--rare"},
    {'b', O_SOBOL, "--sobol"}, {'E', O_EXPERIMENTS, "--experiments"},
    {'P', O_EXPERIMENTS, "--probe"},
};

/* The writers of every command, so that an output option of another
 * command is "not an option of this command", not unknown. */
static const ls_writer *const all_writers[] = {
    ls_run_writers, ls_compare_writers, ls_sweep_writers, ls_batch_writers,
    NULL};

/* Parses a decimal unsigned integer in [lo, hi]; 0 on success. */
static int parse_u64(const char *s, unsigned long long lo,
                     unsigned long long hi, unsigned long long *out)
{
    if (s[0] < '0' || s[0] > '9')
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/*
 * Words for the error getopt_long reported (c is '?' or ':'): a missing
 * value, a value given to an option without one, an ambiguous
 * abbreviation, or an unknown option.
 */
static void option_error(int argc, char **argv, const char *cmd, int c,
                         const struct option *opts, char *msg, size_t n)
{
    const char *arg = optind - 1 < argc ? argv[optind - 1] : "";
    const char *name = NULL;
    if (strncmp(arg, "--", 2) == 0) {
        size_t len = strcspn(arg + 2, "=");
        int matches = 0;
        for (const struct option *op = opts; op->name != NULL; op++)
            if (strncmp(op->name, arg + 2, len) == 0) {
                name = op->name;
                if (strlen(op->name) == len) { /* exact */
                    matches = 1;
                    break;
                }
                matches++;
            }
        if (matches > 1)
            snprintf(msg, n, "%s: option '%.*s' is ambiguous", cmd,
                     (int)(len + 2), arg);
        else if (matches == 0 || optopt == 0)
            snprintf(msg, n, "%s: unknown option '%.*s'", cmd, (int)(len + 2),
                     arg);
        else
            snprintf(msg, n, "%s: --%s %s", cmd, name,
                     c == ':' ? "needs a value" : "takes no value");
        return;
    }
    for (const struct option *op = opts; op->name != NULL; op++)
        if (op->val == optopt && strchr("nst", optopt) != NULL)
            name = op->name;
    if (c == ':' && name != NULL)
        snprintf(msg, n, "%s: -%c (--%s) needs a value", cmd, optopt, name);
    else
        snprintf(msg, n, "%s: unknown option '-%c'", cmd, optopt);
}

/* Fills opts with the shared options and every command's writers (the
 * command's own first, so its indexes are LS_OPT_WRITER + i).  Returns
 * the number of the command's writers. */
static size_t build_options(const ls_writer *mine, struct option *opts,
                            size_t cap)
{
    size_t n = 0, k = 0;
    for (; n < N_SHARED; n++)
        opts[n] = shared[n];
    for (; mine != NULL && mine[k].option != NULL; k++)
        opts[n++] = (struct option){mine[k].option, required_argument, NULL,
                                    LS_OPT_WRITER + (int)k};
    for (size_t t = 0; all_writers[t] != NULL; t++)
        for (size_t i = 0; all_writers[t][i].option != NULL; i++) {
            int seen = 0;
            for (size_t j = 0; j < n; j++)
                seen |= strcmp(opts[j].name, all_writers[t][i].option) == 0;
            if (!seen && n + 1 < cap)
                opts[n++] = (struct option){all_writers[t][i].option,
                                            required_argument, NULL, 'X'};
        }
    opts[n] = (struct option){NULL, 0, NULL, 0};
    return k;
}

/* The options of run's further analyses: --rare, --sobol,
 * --experiments, --probe. */
static int take_analysis(int c, const char *arg, ls_cli *o)
{
    switch (c) {
    case 'r':
        if (parse_u64(arg, LS_RARE_PATHS_MIN, LS_RARE_PATHS_MAX, &o->rare) != 0)
            return ls_cli_usage_error("--rare: '%s' is not a whole number "
                                      "from 1000 to 10000000", arg);
        return LS_OK;
    case 'b':
        if (parse_u64(arg, LS_SOBOL_ROWS_MIN, LS_SOBOL_ROWS_MAX, &o->sobol) !=
            0)
            return ls_cli_usage_error("--sobol: '%s' is not a whole number "
                                      "from 100 to 10000000", arg);
        return LS_OK;
    case 'E': o->experiments = arg; return LS_OK;
    case 'P':
        if (o->n_probes == LS_MAX_PROBES)
            return ls_cli_usage_error("--probe: more than %s metrics", "32");
        o->probes[o->n_probes++] = arg;
        return LS_OK;
    default:
        return LS_EINPUT;
    }
}

/* Handles one option c (with optarg) that the command accepts. */
static int take(int c, const char *arg, ls_cli *o)
{
    switch (c) {
    case 'n':
        if (parse_u64(arg, 1, LS_PATHS_MAX, &o->paths) != 0)
            return ls_cli_usage_error("--paths: '%s' is not a whole number "
                                      "from 1 to 2^48", arg);
        return LS_OK;
    case 's':
        if (parse_u64(arg, 0, INT64_MAX, &o->seed) != 0)
            return ls_cli_usage_error("--seed: '%s' is not a whole number "
                                      "from 0 to 2^63-1", arg);
        o->have_seed = 1;
        return LS_OK;
    case 't':
        if (parse_u64(arg, 1, LS_MPI_MAX_THREADS, &o->threads) != 0)
            return ls_cli_usage_error("--threads: '%s' is not a whole number "
                                      "from 1 to 1024", arg);
        return LS_OK;
    case 'p': {
        char *end;
        errno = 0;
        o->precision = strtod(arg, &end);
        if (errno != 0 || *end != '\0' || end == arg ||
            !(o->precision >= 1e-5 && o->precision <= 0.5))
            return ls_cli_usage_error("--precision: '%s' is not a half-width "
                                      "from 0.00001 to 0.5", arg);
        return LS_OK;
    }
    case 'm':
        if (parse_u64(arg, 1, LS_PATHS_MAX, &o->max_paths) != 0)
            return ls_cli_usage_error("--max-paths: '%s' is not a whole "
                                      "number from 1 to 2^48", arg);
        return LS_OK;
    case 'q': o->quiet = 1; return LS_OK;
    case 'S': o->sensitivity = 0; return LS_OK;
    case 'e':
        if (o->n_sets == LS_MAX_SETS)
            return ls_cli_usage_error("--set: more than %s overrides", "64");
        o->sets[o->n_sets++] = arg;
        return LS_OK;
    case 'R': {
        char *end;
        errno = 0;
        double t = strtod(arg, &end);
        if (errno != 0 || *end != '\0' || end == arg || !(t >= 1 && t <= 1e7))
            return ls_cli_usage_error("--rank-timeout: '%s' is not a number "
                                      "of seconds from 1 to 10000000", arg);
        ls_mpi_set_timeout(t);
        return LS_OK;
    }
    case 'D': {
        ls_csv_dialect d;
        if (ls_csv_dialect_parse(arg, &d) != 0)
            return ls_cli_usage_error("--csv-dialect: '%s' is not a dialect "
                                      "(expected rfc4180 or excel-nl)", arg);
        ls_csv_set_dialect(d);
        return LS_OK;
    }
    case 'v':
        if (o->n_vary == LS_MAX_VARY)
            return ls_cli_usage_error("--vary: at most two (a 1-D or 2-D "
                                      "grid)%s", "");
        o->vary[o->n_vary++] = arg;
        return LS_OK;
    default:
        return take_analysis(c, arg, o);
    }
}

/* The --help exit: the command's help on rank 0, then the process
 * ends. */
static _Noreturn void help_and_exit(const ls_command *c)
{
    int rc = LS_OK;
    if (ls_mpi_rank() == 0) {
        ls_cli_command_usage(c);
        rc = ls_cli_stdout_done();
    }
    ls_mpi_finalize();
    exit(rc);
}

/* Refuses a shared option the command does not accept. */
static int not_mine(int c, unsigned allowed, const char *cmd)
{
    for (size_t i = 0; i < sizeof owner / sizeof owner[0]; i++)
        if (owner[i].c == c && !(allowed & owner[i].flag)) {
            if (ls_mpi_rank() == 0)
                fprintf(stderr, "leusden: %s: %s is not an option of this "
                                "command (try 'leusden --help')\n", cmd,
                        owner[i].name);
            return LS_EINPUT;
        }
    return LS_OK;
}

int ls_cli_parse(int argc, char **argv, const char *cmd, ls_cli *o)
{
    const ls_command *command = ls_cli_command(cmd);
    assert(command != NULL);
    unsigned allowed = command->options;
    const ls_writer *writers = command->writers;
    struct option opts[N_SHARED + 4 * LS_MAX_WRITERS + 1];
    memset(o, 0, sizeof *o);
    o->sensitivity = 1;
    o->writers = writers;
    size_t nw = build_options(writers, opts, sizeof opts / sizeof opts[0]);
    assert(nw <= LS_MAX_WRITERS);
    (void)nw;
    int c, idx = 0;
    char msg[300];
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":n:s:t:qh", opts, &idx)) != -1) {
        if (c == 'h')
            help_and_exit(command);
        if (c == '?' || c == ':') {
            option_error(argc, argv, cmd, c, opts, msg, sizeof msg);
            return ls_cli_usage_error("%s", msg);
        }
        if (c == 'X') {
            if (ls_mpi_rank() == 0)
                fprintf(stderr, "leusden: %s: --%s is not an option of this "
                                "command (try 'leusden --help')\n", cmd,
                        opts[idx].name);
            return LS_EINPUT;
        }
        if (c >= LS_OPT_WRITER) {
            o->dest[c - LS_OPT_WRITER] = optarg;
            continue;
        }
        int rc = not_mine(c, allowed, cmd);
        if (rc == LS_OK)
            rc = take(c, optarg, o);
        if (rc != LS_OK)
            return rc;
    }
    o->files = argv + optind;
    o->n_files = (size_t)(argc - optind);
    return LS_OK;
}
