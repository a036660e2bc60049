/*
 * main.c - the `leusden` command-line program.
 *
 *   leusden run SCENARIO [OPTION]...
 *   leusden check SCENARIO [--set P=V]...
 *   leusden compare A B [C]... [OPTION]...
 *   leusden sweep SCENARIO --vary P=FROM:TO:STEPS [--vary ...] [OPTION]...
 *   leusden batch SCENARIO... [OPTION]...
 *   leusden --help | --version
 *
 * Every command parses its options with one parser (parse_cli) and says
 * which of them it accepts.
 *
 * main() is the only place that maps error values to exit status (0 ok,
 * 1 runtime failure, 2 bad input) and the only place that prints them.
 * stdout carries results only, identical for any thread count; timings,
 * rates and thread counts go to stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "../config/scenario.h"
#include "../models/model.h"
#include "../models/model.h"
#include "compare.h"
#include "csv.h"
#include "html.h"
#include "engine.h"
#include "json.h"
#include "mpi.h"
#include "report.h"
#include "results.h"
#include "sweep.h"

#ifndef LS_VERSION
#define LS_VERSION "unknown"
#endif

/* Most --set overrides one command takes. */
#define LS_MAX_SETS 64

static void usage(FILE *out)
{
    fputs("Usage: leusden run SCENARIO [OPTION]...\n"
          "       leusden check SCENARIO [--set P=V]...\n"
          "       leusden compare A.cfg B.cfg [C.cfg]... [OPTION]...\n"
          "       leusden sweep SCENARIO --vary P=FROM:TO:STEPS [--vary ...] "
          "[OPTION]...\n"
          "       leusden batch SCENARIO... [OPTION]...\n"
          "       leusden --help | --version\n"
          "\n"
          "Monte Carlo simulator of Leusden's energy transition: estimates the\n"
          "probability of reaching each target (tussendoel) of a scenario.\n"
          "\n"
          "Commands:\n"
          "  run SCENARIO       run the scenario file and print the targets "
          "table\n"
          "  check SCENARIO     validate the scenario and print it fully "
          "resolved\n"
          "  compare A B [...]  run the scenarios on common random numbers "
          "and report\n"
          "                     the paired differences in P(hit) against A "
          "(--paths,\n"
          "                     --seed, --threads, --json, --set as for run)\n"
          "  sweep SCENARIO     P(hit) over a 1-D or 2-D grid of parameter "
          "values\n"
          "                     (--vary models.<instance>.<param>=FROM:TO:"
          "STEPS or\n"
          "                     --vary balance.<param>=..., once or twice), on "
          "common\n"
          "                     random numbers; --json, --csv,\n"
          "                     --report (heat maps) as for run\n"
          "  batch FILE...      run many scenarios and print one table; a bad "
          "file is\n"
          "                     reported and skipped, and the exit status is "
          "then 2\n"
          "\n"
          "Options for run:\n"
          "  -n, --paths N      number of Monte Carlo paths (default: the\n"
          "                     scenario's `paths`)\n"
          "  -s, --seed S       seed, 0..2^63-1 (default: the scenario's "
          "`seed`)\n"
          "  -t, --threads T    worker threads, 1..1024 (default: all "
          "processors);\n"
          "                     results are identical for any T\n"
          "      --precision E  run blocks of paths until every target's "
          "95 % interval\n"
          "                     half-width is at most E (e.g. 0.005)\n"
          "      --max-paths N  cap of a --precision run (default 100000000)\n"
          "      --json FILE    write everything as JSON "
          "(docs/result.schema.json)\n"
          "      --csv DIR      write tidy CSV tables into DIR\n"
          "      --report FILE  write an HTML report with charts\n"
          "  -q, --quiet        no progress line on stderr\n"
          "      --set P=V      override setting path P with value V (a number,\n"
          "                     a string or a group); repeatable; also for "
          "check\n"
          "      --no-sensitivity  skip the sensitivity counters\n"
          "  -h, --help         show this help and exit\n"
          "  -V, --version      show the version and exit\n"
          "\n"
          "Models:\n", out);
    for (size_t i = 0; ls_model_types[i] != NULL; i++) {
        const ls_model_type *t = ls_model_types[i];
        fprintf(out, "  %-18s %s\n", t->name, t->doc);
        for (size_t k = 0; t->metrics[k].name != NULL; k++)
            fprintf(out, "      metric %s.%s (%s): %s\n", t->name,
                    t->metrics[k].name, t->metrics[k].unit, t->metrics[k].doc);
    }
    fputs("\nGenerators (scenario.rng):\n", out);
    for (size_t i = 0; ls_rng_kinds[i] != NULL; i++)
        fprintf(out, "  %-18s %s\n", ls_rng_kinds[i]->name,
                ls_rng_kinds[i]->doc);
    fputs("\nExit status: 0 success, 1 runtime failure, 2 bad input.\n", out);
}

/* Under MPI every rank meets the same bad input; rank 0 says so. */
static int bad_usage(const char *fmt, const char *arg)
{
    if (ls_mpi_rank() != 0)
        return LS_EINPUT;
    fputs("leusden: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (try 'leusden --help')\n", stderr);
    return LS_EINPUT;
}

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

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Peak resident memory of this process.  Linux's VmHWM, because
 * getrusage's ru_maxrss survives exec: started from a large process (a
 * Python script), it reports the parent's memory. */
static double peak_rss_mb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        long kb;
        if (sscanf(line, "VmHWM: %ld kB", &kb) == 1) {
            fclose(f);
            return (double)kb / 1024.0;
        }
    }
    if (f != NULL)
        fclose(f);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

static int default_threads(void)
{
#ifdef _OPENMP
    return omp_get_num_procs();
#else
    return 1;
#endif
}

static int report_error(const ls_error *e)
{
    if (ls_mpi_rank() != 0)
        return e->status;
    char buf[LS_ERROR_MSG_MAX + LS_ERROR_FILE_MAX + LS_ERROR_PATH_MAX + 16];
    fprintf(stderr, "leusden: %s\n", ls_error_format(e, buf, sizeof buf));
    return e->status;
}

/* " x K ranks" under MPI with K > 1, else "". */
static const char *ranks_note(void)
{
    static char buf[32];
    if (ls_mpi_size() == 1)
        return "";
    snprintf(buf, sizeof buf, " x %d ranks", ls_mpi_size());
    return buf;
}

/* Largest 95 % interval half-width over the targets of acc. */
static double max_half_width(const ls_scenario *sc, const ls_accum *acc)
{
    double w = 0;
    for (size_t t = 0; t < sc->n_targets; t++) {
        ls_interval ci = ls_stats_binomial_ci(acc->hits[t], acc->paths,
                                              LS_REPORT_LEVEL,
                                              LS_CI_CLOPPER_PEARSON);
        if ((ci.hi - ci.lo) / 2 > w)
            w = (ci.hi - ci.lo) / 2;
    }
    return w;
}

/* Prints the progress line on stderr (a terminal). */
static void progress(uint64_t done, uint64_t total, double secs,
                     double width, double precision)
{
    double rate = secs > 0 ? (double)done / secs : 0;
    int bar = total > 0 ? (int)(30.0 * (double)done / (double)total) : 0;
    char b[31];
    for (int i = 0; i < 30; i++)
        b[i] = i < bar ? '#' : '.';
    b[30] = '\0';
    if (precision > 0)
        fprintf(stderr, "\r[%s] %llu paths, %.3g paths/s, widest "
                        "half-width %.4f (goal %.4f)\033[K", b,
                (unsigned long long)done, rate, width, precision);
    else
        fprintf(stderr, "\r[%s] %3.0f%% %llu/%llu paths, %.3g paths/s, "
                        "ETA %.1f s\033[K", b,
                100.0 * (double)done / (double)total,
                (unsigned long long)done, (unsigned long long)total, rate,
                rate > 0 ? (double)(total - done) / rate : 0);
}

/* The block counts after which a --precision run checks its intervals:
 * 16, 32, 48, 64, 80, 100, 125, ... (each step a quarter of the blocks so
 * far, at least 16).  They depend on nothing but the count itself, so
 * where the run stops is the same for any thread count. */
static uint64_t next_checkpoint(uint64_t blocks)
{
    uint64_t step = blocks / 4 > 16 ? blocks / 4 : 16;
    return blocks + step;
}

typedef struct run_opts {
    uint64_t paths;        /* fixed path count (0: the scenario's) */
    double precision;      /* 0: fixed path count */
    uint64_t max_paths;    /* cap of a precision run */
    int show_progress;     /* 1: progress line on stderr */
} run_opts;

/* Owns the outer loop over blocks: fixed count or precision, progress. */
static void run_loop(ls_engine *eng, const ls_scenario *sc, ls_accum *total,
                     const run_opts *o, int threads, ls_stopping *stop)
{
    double t0 = now();
    if (o->precision <= 0) {
        uint64_t n = o->paths, blocks = ls_engine_blocks(n);
        uint64_t chunk = o->show_progress ? 8 * (uint64_t)threads : blocks;
        for (uint64_t b = 0; b < blocks; b += chunk) {
            uint64_t c = b + chunk < blocks ? chunk : blocks - b;
            ls_mpi_run(eng, n, b, c, total);
            if (o->show_progress)
                progress(total->paths, n, now() - t0, 0, 0);
        }
        stop->reached = 1;
        return;
    }
    uint64_t n = o->max_paths, cap = ls_engine_blocks(n), done = 0;
    stop->reached = 0;
    while (done < cap) {
        uint64_t next = next_checkpoint(done);
        if (done == 0)
            next = 16;
        if (next > cap)
            next = cap;
        ls_mpi_run(eng, n, done, next - done, total);
        done = next;
        double w = max_half_width(sc, total);
        if (o->show_progress)
            progress(total->paths, n, now() - t0, w, o->precision);
        /* Rank 0 holds the total; every rank follows its decision. */
        if (ls_mpi_bcast_int(w <= o->precision)) {
            stop->reached = 1;
            break;
        }
    }
}

/* Most --set overrides, --vary grids and scenarios one command takes. */
#define LS_MAX_SCENARIOS 64

/* Options of every command; each command says which it accepts. */
enum {
    O_PATHS = 1 << 0, O_SEED = 1 << 1, O_THREADS = 1 << 2, O_JSON = 1 << 3,
    O_CSV = 1 << 4, O_REPORT = 1 << 5, O_PRECISION = 1 << 6,
    O_QUIET = 1 << 7, O_NOSENS = 1 << 8, O_SET = 1 << 9, O_VARY = 1 << 10
};

typedef struct cli {
    unsigned long long paths, seed, threads, max_paths;
    int have_seed, quiet, sensitivity;
    double precision;
    const char *json, *csv, *report;
    const char *sets[LS_MAX_SETS];
    size_t n_sets;
    const char *vary[2];
    size_t n_vary;
    char **files;       /* the operands (scenario files) */
    size_t n_files;
} cli;

/*
 * Words the error getopt_long reported (c is '?' or ':'; getopt is silent
 * with opterr = 0 and a leading ':' in the option string): a missing
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
                if (strlen(op->name) == len) { /* exact */
                    matches = 1;
                    name = op->name;
                    break;
                }
                matches++;
                name = op->name;
            }
        if (matches > 1)
            snprintf(msg, n, "%s: option '%.*s' is ambiguous", cmd,
                     (int)(len + 2), arg);
        else if (matches == 0 || optopt == 0)
            snprintf(msg, n, "%s: unknown option '%.*s'", cmd, (int)(len + 2),
                     arg);
        else if (c == ':')
            snprintf(msg, n, "%s: --%s needs a value", cmd, name);
        else
            snprintf(msg, n, "%s: --%s takes no value", cmd, name);
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

/* Parses the options of command `cmd`, which accepts those in `allowed`,
 * and collects its operands.  LS_OK, or LS_EINPUT after a one-line
 * message. */
static int parse_cli(int argc, char **argv, const char *cmd, unsigned allowed,
                     cli *o)
{
    static const struct option opts[] = {
        {"paths", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 't'},
        {"json", required_argument, NULL, 'j'},
        {"csv", required_argument, NULL, 'c'},
        {"report", required_argument, NULL, 'r'},
        {"precision", required_argument, NULL, 'p'},
        {"max-paths", required_argument, NULL, 'm'},
        {"quiet", no_argument, NULL, 'q'},
        {"no-sensitivity", no_argument, NULL, 'S'},
        {"set", required_argument, NULL, 'e'},
        {"vary", required_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static const struct {
        int c;
        unsigned flag;
        const char *name;
    } owner[] = {
        {'n', O_PATHS, "--paths"}, {'s', O_SEED, "--seed"},
        {'t', O_THREADS, "--threads"}, {'j', O_JSON, "--json"},
        {'c', O_CSV, "--csv"}, {'r', O_REPORT, "--report"},
        {'p', O_PRECISION, "--precision"}, {'m', O_PRECISION, "--max-paths"},
        {'q', O_QUIET, "--quiet"}, {'S', O_NOSENS, "--no-sensitivity"},
        {'e', O_SET, "--set"}, {'v', O_VARY, "--vary"},
    };
    memset(o, 0, sizeof *o);
    o->sensitivity = 1;
    int c;
    char msg[300];
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":n:s:t:qh", opts, NULL)) != -1) {
        if (c == 'h') {
            int rc = LS_OK;
            if (ls_mpi_rank() == 0) {
                usage(stdout);
                rc = fflush(stdout) == 0 ? LS_OK : LS_ERUNTIME;
            }
            ls_mpi_finalize();
            exit(rc);
        }
        if (c == '?' || c == ':') {
            option_error(argc, argv, cmd, c, opts, msg, sizeof msg);
            return bad_usage("%s", msg);
        }
        for (size_t i = 0; i < sizeof owner / sizeof owner[0]; i++)
            if (owner[i].c == c && !(allowed & owner[i].flag)) {
                fprintf(stderr, "leusden: %s: %s is not an option of this "
                                "command (try 'leusden --help')\n", cmd,
                        owner[i].name);
                return LS_EINPUT;
            }
        switch (c) {
        case 'n':
            if (parse_u64(optarg, 1, LS_PATHS_MAX, &o->paths) != 0)
                return bad_usage("--paths: '%s' is not a whole number from 1 "
                                 "to 2^48", optarg);
            break;
        case 's':
            if (parse_u64(optarg, 0, INT64_MAX, &o->seed) != 0)
                return bad_usage("--seed: '%s' is not a whole number from 0 "
                                 "to 2^63-1", optarg);
            o->have_seed = 1;
            break;
        case 't':
            if (parse_u64(optarg, 1, 1024, &o->threads) != 0)
                return bad_usage("--threads: '%s' is not a whole number from "
                                 "1 to 1024", optarg);
            break;
        case 'j':
            o->json = optarg;
            break;
        case 'c':
            o->csv = optarg;
            break;
        case 'r':
            o->report = optarg;
            break;
        case 'p': {
            char *end;
            errno = 0;
            o->precision = strtod(optarg, &end);
            if (errno != 0 || *end != '\0' || end == optarg ||
                !(o->precision >= 1e-5 && o->precision <= 0.5))
                return bad_usage("--precision: '%s' is not a half-width from "
                                 "0.00001 to 0.5", optarg);
            break;
        }
        case 'm':
            if (parse_u64(optarg, 1, LS_PATHS_MAX, &o->max_paths) != 0)
                return bad_usage("--max-paths: '%s' is not a whole number "
                                 "from 1 to 2^48", optarg);
            break;
        case 'q':
            o->quiet = 1;
            break;
        case 'S':
            o->sensitivity = 0;
            break;
        case 'e':
            if (o->n_sets == LS_MAX_SETS)
                return bad_usage("--set: more than %s overrides", "64");
            o->sets[o->n_sets++] = optarg;
            break;
        case 'v':
            if (o->n_vary == 2)
                return bad_usage("--vary: at most two (a 1-D or 2-D grid)%s",
                                 "");
            o->vary[o->n_vary++] = optarg;
            break;
        default:
            return LS_EINPUT;
        }
    }
    o->files = argv + optind;
    o->n_files = (size_t)(argc - optind);
    return LS_OK;
}

/* Loads scenario `file` with the command's overrides and seed. */
static int load(ls_scenario *sc, const char *file, const cli *o)
{
    ls_error err;
    ls_error_clear(&err);
    if (ls_scenario_load_set(sc, file, o->sets, o->n_sets, &err) != LS_OK)
        return report_error(&err);
    if (o->have_seed)
        sc->seed = o->seed;
    return LS_OK;
}

static int nonfinite_error(const ls_scenario *sc, const ls_accum *acc)
{
    ls_error err;
    ls_error_set(&err, LS_ERUNTIME, sc->file, 0, NULL,
                 "%llu metric values came out non-finite (NaN or "
                 "infinity), so the results would be wrong; check the "
                 "scenario's extreme values, or report a model bug",
                 (unsigned long long)acc->nonfinite);
    return report_error(&err);
}

static int stdout_done(void)
{
    if (ferror(stdout) || fflush(stdout) != 0) {
        fprintf(stderr, "leusden: writing the results to stdout failed: %s\n",
                strerror(errno));
        return LS_ERUNTIME;
    }
    return LS_OK;
}

static int cmd_run(int argc, char **argv)
{
    cli o;
    int rc = parse_cli(argc, argv, "run",
                       O_PATHS | O_SEED | O_THREADS | O_JSON | O_CSV |
                           O_REPORT | O_PRECISION | O_QUIET | O_NOSENS |
                           O_SET, &o);
    if (rc != LS_OK)
        return rc;
    if (o.n_files == 0)
        return bad_usage("run: missing SCENARIO file%s", "");
    if (o.n_files > 1)
        return bad_usage("run: unexpected argument '%s'", o.files[1]);
    if (o.precision > 0 && o.paths > 0)
        return bad_usage("--paths and --precision%s exclude each other "
                         "(use --max-paths to cap a precision run)", "");
    if (o.max_paths > 0 && o.precision <= 0)
        return bad_usage("--max-paths%s needs --precision", "");

    ls_scenario sc;
    if ((rc = load(&sc, o.files[0], &o)) != LS_OK)
        return rc;
    run_opts ro = {o.paths ? o.paths : sc.paths, o.precision,
                   o.max_paths ? o.max_paths : 100000000ULL,
                   !o.quiet && isatty(STDERR_FILENO) && ls_mpi_rank() == 0};
    if (o.precision > 0 && sc.n_targets == 0) {
        ls_scenario_destroy(&sc);
        return bad_usage("--precision%s needs a scenario with targets", "");
    }
    int nthreads = o.threads ? (int)o.threads : default_threads();

    ls_error err;
    ls_error_clear(&err);
    ls_accum *total = ls_engine_accum_alloc(&sc);
    ls_engine *eng = ls_engine_alloc(&sc, nthreads, &err);
    if (total == NULL || eng == NULL) {
        if (eng != NULL || err.status == LS_OK)
            ls_error_oom(&err);
        rc = report_error(&err);
        goto done;
    }
    ls_engine_set_sensitivity(eng, o.sensitivity);
    ls_stopping stop = {o.precision, 1, o.precision > 0 ? ro.max_paths : 0};
    double t0 = now();
    run_loop(eng, &sc, total, &ro, nthreads, &stop);
    ls_run_stats stats = {now() - t0, nthreads, 0};
    if (ro.show_progress)
        fputs("\r\033[K", stderr);
    if (ls_mpi_rank() != 0)
        goto done; /* rank 0 has the results, and writes them */
    if (total->nonfinite > 0) {
        rc = nonfinite_error(&sc, total);
        goto done;
    }
    stats.peak_rss_mb = peak_rss_mb();
    if ((o.json != NULL &&
         ls_json_write(o.json, &sc, total, &stop, &stats, &err) != LS_OK) ||
        (o.csv != NULL && ls_csv_write(o.csv, &sc, total, &err) != LS_OK) ||
        (o.report != NULL &&
         ls_html_write(o.report, &sc, total, &stop, &stats, &err) != LS_OK)) {
        rc = report_error(&err);
        goto done;
    }
    ls_report_table(stdout, &sc, total);
    if ((rc = stdout_done()) != LS_OK)
        goto done;
    if (o.precision > 0)
        fprintf(stderr, "leusden: precision %g %s after %llu paths\n",
                o.precision, stop.reached ? "reached" : "NOT reached (cap)",
                (unsigned long long)total->paths);
    double py = (double)total->paths * (double)ls_scenario_years(&sc);
    fprintf(stderr,
            "leusden: %llu paths x %zu years in %.3f s on %d thread%s%s "
            "(%.3g paths/s, %.3g path-years/s); peak RSS %.1f MB\n",
            (unsigned long long)total->paths, ls_scenario_years(&sc),
            stats.seconds, nthreads, nthreads == 1 ? "" : "s",
            ranks_note(), (double)total->paths / stats.seconds,
            py / stats.seconds, stats.peak_rss_mb);
done:
    ls_engine_free(eng);
    ls_accum_free(total);
    ls_scenario_destroy(&sc);
    return rc;
}

static int cmd_check(int argc, char **argv)
{
    cli o;
    int rc = parse_cli(argc, argv, "check", O_SET, &o);
    if (rc != LS_OK)
        return rc;
    if (o.n_files == 0)
        return bad_usage("check: missing SCENARIO file%s", "");
    if (o.n_files > 1)
        return bad_usage("check: unexpected argument '%s'", o.files[1]);
    ls_scenario sc;
    if ((rc = load(&sc, o.files[0], &o)) != LS_OK)
        return rc;
    if (ls_mpi_rank() == 0) {
        ls_report_scenario(stdout, &sc);
        rc = stdout_done();
    }
    ls_scenario_destroy(&sc);
    return rc;
}

static int cmd_compare(int argc, char **argv)
{
    cli o;
    int rc = parse_cli(argc, argv, "compare",
                       O_PATHS | O_SEED | O_THREADS | O_JSON | O_SET, &o);
    if (rc != LS_OK)
        return rc;
    size_t k = o.n_files;
    if (k < 2)
        return bad_usage("compare: needs at least two SCENARIO files%s", "");
    if (k > LS_MAX_SCENARIOS)
        return bad_usage("compare: more than %s scenarios", "64");

    ls_error err;
    ls_error_clear(&err);
    ls_scenario sc[LS_MAX_SCENARIOS];
    const ls_scenario *scp[LS_MAX_SCENARIOS];
    ls_engine *eng[LS_MAX_SCENARIOS] = {0};
    ls_accum *acc[LS_MAX_SCENARIOS] = {0};
    int same[LS_MAX_SCENARIOS] = {0};
    size_t loaded = 0;
    ls_pairs *pairs = NULL;
    for (; loaded < k; loaded++) {
        if ((rc = load(&sc[loaded], o.files[loaded], &o)) != LS_OK)
            goto done;
        scp[loaded] = &sc[loaded];
    }
    /* One seed and one generator: the paths are paired by their keys. */
    for (size_t j = 0; j < k; j++) {
        sc[j].seed = sc[0].seed;
        if (sc[j].rng != sc[0].rng) {
            ls_error_set(&err, LS_EINPUT, sc[j].file, 0, "scenario.rng",
                         "generator %s differs from %s's %s (common random "
                         "numbers need one generator)", sc[j].rng->name,
                         sc[0].file, sc[0].rng->name);
            rc = report_error(&err);
            goto done;
        }
    }
    int nthreads = o.threads ? (int)o.threads : default_threads();
    for (size_t j = 0; j < k; j++) {
        same[j] = ls_scenario_same_paths(&sc[0], &sc[j]);
        eng[j] = ls_engine_alloc(&sc[j], nthreads, &err);
        acc[j] = ls_engine_accum_alloc(&sc[j]);
        if (eng[j] == NULL || acc[j] == NULL) {
            if (eng[j] != NULL)
                ls_error_oom(&err);
            rc = report_error(&err);
            goto done;
        }
        ls_engine_set_sensitivity(eng[j], 0);
    }
    pairs = ls_pairs_alloc(scp, k);
    if (pairs == NULL) {
        ls_error_oom(&err);
        rc = report_error(&err);
        goto done;
    }
    uint64_t n = o.paths ? o.paths : sc[0].paths;
    double t0 = now();
    /* Each rank takes a contiguous share of the blocks; what compare
     * reports is made of counts, whose sums are exact in any order. */
    uint64_t nb = ls_engine_blocks(n), K = (uint64_t)ls_mpi_size();
    uint64_t r = (uint64_t)ls_mpi_rank();
    uint64_t b0 = nb * r / K, b1 = nb * (r + 1) / K;
    if (ls_engine_run_paired(eng, k, n, b0, b1 - b0, acc, pairs) != LS_OK)
        ls_mpi_abort(LS_ERUNTIME, "out of memory for the paired counters");
    for (size_t j = 0; j < k; j++) {
        ls_mpi_sum_u64(&acc[j]->paths, 1);
        ls_mpi_sum_u64(&acc[j]->nonfinite, 1);
        ls_mpi_sum_u64(acc[j]->hits, sc[j].n_targets);
    }
    ls_mpi_sum_u64(pairs->joint, k * pairs->n_targets * 4);
    ls_run_stats stats = {now() - t0, nthreads, peak_rss_mb()};
    if (ls_mpi_rank() != 0)
        goto done;
    for (size_t j = 0; j < k; j++)
        if (acc[j]->nonfinite > 0) {
            rc = nonfinite_error(&sc[j], acc[j]);
            goto done;
        }
    ls_compare cmp = {k, scp, acc, pairs, same};
    if (o.json != NULL && ls_compare_json(o.json, &cmp, &stats, &err) != LS_OK) {
        rc = report_error(&err);
        goto done;
    }
    ls_compare_table(stdout, &cmp);
    if ((rc = stdout_done()) != LS_OK)
        goto done;
    fprintf(stderr, "leusden: %zu scenarios x %llu paths in %.3f s on %d "
                    "thread%s; peak RSS %.1f MB\n", k, (unsigned long long)n,
            stats.seconds, nthreads, nthreads == 1 ? "" : "s",
            stats.peak_rss_mb);
done:
    ls_pairs_free(pairs);
    for (size_t j = 0; j < k; j++) {
        ls_engine_free(eng[j]);
        ls_accum_free(acc[j]);
    }
    for (size_t j = 0; j < loaded; j++)
        ls_scenario_destroy(&sc[j]);
    return rc;
}

/* Runs one scenario of a batch into *acc (allocated here). */
static int batch_one(const ls_scenario *sc, const cli *o, int threads,
                     ls_accum **acc)
{
    ls_error err;
    ls_error_clear(&err);
    *acc = ls_engine_accum_alloc(sc);
    ls_engine *eng = ls_engine_alloc(sc, threads, &err);
    if (*acc == NULL || eng == NULL) {
        ls_engine_free(eng);
        ls_error_oom(&err);
        return report_error(&err);
    }
    ls_engine_set_sensitivity(eng, 0);
    uint64_t n = o->paths ? o->paths : sc->paths;
    ls_engine_run(eng, n, 0, ls_engine_blocks(n), *acc);
    ls_engine_free(eng);
    return (*acc)->nonfinite > 0 ? nonfinite_error(sc, *acc) : LS_OK;
}

static int cmd_batch(int argc, char **argv)
{
    cli o;
    int rc = parse_cli(argc, argv, "batch",
                       O_PATHS | O_SEED | O_THREADS | O_SET, &o);
    if (rc != LS_OK)
        return rc;
    if (o.n_files == 0)
        return bad_usage("batch: missing SCENARIO files%s", "");
    if (o.n_files > LS_MAX_SCENARIOS)
        return bad_usage("batch: more than %s scenarios", "64");
    int nthreads = o.threads ? (int)o.threads : default_threads();
    ls_scenario sc[LS_MAX_SCENARIOS];
    ls_accum *acc[LS_MAX_SCENARIOS] = {0};
    int ok[LS_MAX_SCENARIOS] = {0};
    int bad_input = 0, failed = 0;
    double t0 = now();
    for (size_t i = 0; i < o.n_files; i++) {
        if (load(&sc[i], o.files[i], &o) != LS_OK) {
            bad_input = 1; /* reported; the others still run */
            continue;
        }
        ok[i] = 1;
        /* Scenarios are dealt to the ranks; rank 0 sums the counts. */
        if ((int)(i % (size_t)ls_mpi_size()) == ls_mpi_rank()) {
            if (batch_one(&sc[i], &o, nthreads, &acc[i]) != LS_OK)
                failed = 1;
        } else if ((acc[i] = ls_engine_accum_alloc(&sc[i])) == NULL) {
            ls_mpi_abort(LS_ERUNTIME, "out of memory");
        }
        ls_mpi_sum_u64(&acc[i]->paths, 1);
        ls_mpi_sum_u64(&acc[i]->nonfinite, 1);
        ls_mpi_sum_u64(acc[i]->hits, sc[i].n_targets);
        /* A scenario another rank ran may have failed there. */
        if (ls_mpi_rank() == 0 && acc[i]->nonfinite > 0 &&
            (int)(i % (size_t)ls_mpi_size()) != 0) {
            nonfinite_error(&sc[i], acc[i]);
            failed = 1;
        }
    }
    if (ls_mpi_rank() != 0) {
        for (size_t i = 0; i < o.n_files; i++) {
            ls_accum_free(acc[i]);
            if (ok[i])
                ls_scenario_destroy(&sc[i]);
        }
        return failed ? LS_ERUNTIME : bad_input ? LS_EINPUT : LS_OK;
    }
    /* One table: targets (in first-seen order) by scenario. */
    printf("Leusden 2040: batch of %zu scenarios, P(hit) per target\n",
           o.n_files);
    for (size_t i = 0; i < o.n_files; i++)
        if (ok[i] && acc[i] != NULL)
            printf("  [%zu] %s (%s), %llu paths, seed %llu\n", i + 1,
                   sc[i].name, sc[i].file,
                   (unsigned long long)acc[i]->paths,
                   (unsigned long long)sc[i].seed);
        else
            printf("  [%zu] %s: skipped (see the error above)\n", i + 1,
                   o.files[i]);
    const char *names[1024];
    size_t n_names = 0;
    int wt = 6;
    for (size_t i = 0; i < o.n_files; i++)
        for (size_t t = 0; ok[i] && t < sc[i].n_targets && n_names < 1024;
             t++) {
            size_t k = 0;
            while (k < n_names && strcmp(names[k], sc[i].targets[t].name))
                k++;
            if (k == n_names) {
                names[n_names++] = sc[i].targets[t].name;
                if ((int)strlen(sc[i].targets[t].name) > wt)
                    wt = (int)strlen(sc[i].targets[t].name);
            }
        }
    printf("\n%-*s", wt, "target");
    for (size_t i = 0; i < o.n_files; i++)
        printf("  [%5zu]", i + 1);
    putchar('\n');
    for (size_t k = 0; k < n_names; k++) {
        printf("%-*s", wt, names[k]);
        for (size_t i = 0; i < o.n_files; i++) {
            long t = -1;
            for (size_t u = 0; ok[i] && acc[i] && u < sc[i].n_targets; u++)
                if (strcmp(sc[i].targets[u].name, names[k]) == 0)
                    t = (long)u;
            if (t < 0)
                printf("  %7s", "-");
            else
                printf("  %7.4f", (double)acc[i]->hits[t] /
                                      (double)acc[i]->paths);
        }
        putchar('\n');
    }
    rc = stdout_done();
    fprintf(stderr, "leusden: batch of %zu scenarios in %.3f s on %d "
                    "thread%s%s\n", o.n_files, now() - t0, nthreads,
            nthreads == 1 ? "" : "s",
            bad_input ? "; some files were bad (exit status 2)" : "");
    for (size_t i = 0; i < o.n_files; i++) {
        ls_accum_free(acc[i]);
        if (ok[i])
            ls_scenario_destroy(&sc[i]);
    }
    if (rc == LS_OK && failed)
        rc = LS_ERUNTIME;
    if (rc == LS_OK && bad_input)
        rc = LS_EINPUT;
    return rc;
}

static int cmd_sweep(int argc, char **argv)
{
    cli o;
    int rc = parse_cli(argc, argv, "sweep",
                       O_PATHS | O_SEED | O_THREADS | O_JSON | O_CSV |
                           O_REPORT | O_QUIET | O_SET | O_VARY, &o);
    if (rc != LS_OK)
        return rc;
    if (o.n_files != 1)
        return bad_usage("sweep: expected one SCENARIO file%s", "");
    if (o.n_vary == 0)
        return bad_usage("sweep: needs --vary PATH=FROM:TO:STEPS%s", "");
    ls_error err;
    ls_error_clear(&err);
    ls_vary vary[2];
    for (size_t d = 0; d < o.n_vary; d++)
        if (ls_vary_parse(o.vary[d], &vary[d], &err) != LS_OK)
            return report_error(&err);
    ls_scenario sc;
    ls_sweep w = {0};
    ls_engine *eng = NULL;
    ls_accum *acc = NULL;
    if ((rc = load(&sc, o.files[0], &o)) != LS_OK)
        return rc;
    if (ls_sweep_init(&w, &sc, vary, o.n_vary, &err) != LS_OK) {
        rc = report_error(&err);
        goto done;
    }
    /* Every cell is checked before any runs. */
    for (size_t c = 0; c < w.n_cells; c++)
        if (ls_sweep_set_cell(&w, c, &err) != LS_OK) {
            rc = report_error(&err);
            goto done;
        }
    int nthreads = o.threads ? (int)o.threads : default_threads();
    eng = ls_engine_alloc(&sc, nthreads, &err);
    acc = ls_engine_accum_alloc(&sc);
    if (eng == NULL || acc == NULL) {
        ls_error_oom(&err);
        rc = report_error(&err);
        goto done;
    }
    ls_engine_set_sensitivity(eng, 0);
    w.paths = o.paths ? o.paths : sc.paths;
    int show = !o.quiet && isatty(STDERR_FILENO) && ls_mpi_rank() == 0;
    double t0 = now();
    uint64_t nonfinite = 0;
    for (size_t c = 0; c < w.n_cells; c++) {
        /* Cells are dealt to the ranks; rank 0 sums the hit counts. */
        if ((int)(c % (size_t)ls_mpi_size()) != ls_mpi_rank())
            continue;
        ls_sweep_set_cell(&w, c, &err); /* checked above */
        ls_accum_reset(acc);
        ls_engine_run(eng, w.paths, 0, ls_engine_blocks(w.paths), acc);
        nonfinite += acc->nonfinite;
        memcpy(&w.hits[c * sc.n_targets], acc->hits,
               sc.n_targets * sizeof *acc->hits);
        if (show)
            progress((c + 1) * w.paths, w.n_cells * w.paths, now() - t0, 0,
                     0);
    }
    if (show)
        fputs("\r\033[K", stderr);
    ls_mpi_sum_u64(w.hits, w.n_cells * sc.n_targets);
    ls_mpi_sum_u64(&nonfinite, 1);
    if (ls_mpi_rank() != 0)
        goto done;
    if (nonfinite > 0) {
        acc->nonfinite = nonfinite;
        rc = nonfinite_error(&sc, acc);
        goto done;
    }
    ls_run_stats stats = {now() - t0, nthreads, peak_rss_mb()};
    if ((o.json != NULL && ls_sweep_json(o.json, &w, &stats, &err) != LS_OK) ||
        (o.csv != NULL && ls_sweep_csv(o.csv, &w, &err) != LS_OK) ||
        (o.report != NULL && ls_sweep_html(o.report, &w, &err) != LS_OK)) {
        rc = report_error(&err);
        goto done;
    }
    ls_sweep_table(stdout, &w);
    if ((rc = stdout_done()) != LS_OK)
        goto done;
    fprintf(stderr, "leusden: sweep of %zu cells x %llu paths in %.3f s on "
                    "%d thread%s; peak RSS %.1f MB\n", w.n_cells,
            (unsigned long long)w.paths, stats.seconds, nthreads,
            nthreads == 1 ? "" : "s", stats.peak_rss_mb);
done:
    ls_engine_free(eng);
    ls_accum_free(acc);
    ls_sweep_free(&w);
    ls_scenario_destroy(&sc);
    return rc;
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2)
        return bad_usage("missing command%s", "");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
        strcmp(cmd, "help") == 0) {
        if (ls_mpi_rank() == 0)
            usage(stdout);
        return fflush(stdout) == 0 ? LS_OK : LS_ERUNTIME;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        if (ls_mpi_rank() == 0)
            printf("leusden %s%s\n", LS_VERSION,
#ifdef LS_MPI
                   " (MPI)"
#else
                   ""
#endif
            );
        return fflush(stdout) == 0 ? LS_OK : LS_ERUNTIME;
    }
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "compare") == 0)
        return cmd_compare(argc - 1, argv + 1);
    if (strcmp(cmd, "batch") == 0)
        return cmd_batch(argc - 1, argv + 1);
    if (strcmp(cmd, "sweep") == 0)
        return cmd_sweep(argc - 1, argv + 1);
    return bad_usage("unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (ls_mpi_init(&argc, &argv) != LS_OK) {
        fputs("leusden: MPI could not start\n", stderr);
        return LS_ERUNTIME;
    }
    int rc = dispatch(argc, argv);
    ls_mpi_finalize();
    return rc;
}
