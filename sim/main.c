/*
 * main.c - the `leusden` command-line program.
 *
 *   leusden run SCENARIO [--paths N] [--seed S] [--threads T]
 *   leusden check SCENARIO
 *   leusden --help | --version
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
#include "compare.h"
#include "csv.h"
#include "html.h"
#include "engine.h"
#include "json.h"
#include "report.h"
#include "results.h"

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
          "      --max-paths N  cap of a --precision run (default 1e8)\n"
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

static int bad_usage(const char *fmt, const char *arg)
{
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

static double peak_rss_mb(void)
{
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
    char buf[LS_ERROR_MSG_MAX + LS_ERROR_FILE_MAX + LS_ERROR_PATH_MAX + 16];
    fprintf(stderr, "leusden: %s\n", ls_error_format(e, buf, sizeof buf));
    return e->status;
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
            ls_engine_run(eng, n, b, c, total);
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
        ls_engine_run(eng, n, done, next - done, total);
        done = next;
        double w = max_half_width(sc, total);
        if (o->show_progress)
            progress(total->paths, n, now() - t0, w, o->precision);
        if (w <= o->precision) {
            stop->reached = 1;
            break;
        }
    }
}

static int cmd_run(int argc, char **argv)
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
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *sets[LS_MAX_SETS];
    size_t n_sets = 0;
    unsigned long long paths = 0, seed = 0, threads = 0, max_paths = 0;
    double precision = 0;
    int have_seed = 0, quiet = 0, sensitivity = 1;
    const char *json = NULL, *csv = NULL, *html = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "n:s:t:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            if (parse_u64(optarg, 1, LS_PATHS_MAX, &paths) != 0)
                return bad_usage("--paths: '%s' is not a whole number from 1 "
                                 "to 2^48", optarg);
            break;
        case 's':
            if (parse_u64(optarg, 0, INT64_MAX, &seed) != 0)
                return bad_usage("--seed: '%s' is not a whole number from 0 "
                                 "to 2^63-1", optarg);
            have_seed = 1;
            break;
        case 't':
            if (parse_u64(optarg, 1, 1024, &threads) != 0)
                return bad_usage("--threads: '%s' is not a whole number from "
                                 "1 to 1024", optarg);
            break;
        case 'j':
            json = optarg;
            break;
        case 'c':
            csv = optarg;
            break;
        case 'r':
            html = optarg;
            break;
        case 'p': {
            char *end;
            errno = 0;
            precision = strtod(optarg, &end);
            if (errno != 0 || *end != '\0' || end == optarg ||
                !(precision >= 1e-5 && precision <= 0.5))
                return bad_usage("--precision: '%s' is not a half-width from "
                                 "0.00001 to 0.5", optarg);
            break;
        }
        case 'm':
            if (parse_u64(optarg, 1, LS_PATHS_MAX, &max_paths) != 0)
                return bad_usage("--max-paths: '%s' is not a whole number "
                                 "from 1 to 2^48", optarg);
            break;
        case 'q':
            quiet = 1;
            break;
        case 'S':
            sensitivity = 0;
            break;
        case 'e':
            if (n_sets == LS_MAX_SETS)
                return bad_usage("--set: more than %s overrides", "64");
            sets[n_sets++] = optarg;
            break;
        case 'h':
            usage(stdout);
            return LS_OK;
        default:
            return LS_EINPUT; /* getopt printed the message */
        }
    }
    if (optind >= argc)
        return bad_usage("run: missing SCENARIO file%s", "");
    if (optind + 1 < argc)
        return bad_usage("run: unexpected argument '%s'", argv[optind + 1]);
    if (precision > 0 && paths > 0)
        return bad_usage("--paths and --precision%s exclude each other "
                         "(use --max-paths to cap a precision run)", "");
    if (max_paths > 0 && precision <= 0)
        return bad_usage("--max-paths%s needs --precision", "");

    ls_error err;
    ls_error_clear(&err);
    ls_scenario sc;
    if (ls_scenario_load_set(&sc, argv[optind], sets, n_sets, &err) != LS_OK)
        return report_error(&err);
    if (have_seed)
        sc.seed = seed;
    run_opts ro = {paths ? paths : sc.paths, precision,
                   max_paths ? max_paths : 100000000ULL,
                   !quiet && isatty(STDERR_FILENO)};
    if (precision > 0 && sc.n_targets == 0) {
        ls_scenario_destroy(&sc);
        return bad_usage("--precision%s needs a scenario with targets", "");
    }
    int nthreads = threads ? (int)threads : default_threads();

    int rc = LS_OK;
    ls_accum *total = ls_engine_accum_alloc(&sc);
    ls_engine *eng = ls_engine_alloc(&sc, nthreads, &err);
    if (total == NULL || eng == NULL) {
        if (eng != NULL || err.status == LS_OK)
            ls_error_set(&err, LS_ERUNTIME, NULL, 0, NULL, "out of memory");
        rc = report_error(&err);
        goto done;
    }
    ls_engine_set_sensitivity(eng, sensitivity);
    ls_stopping stop = {precision, 1, precision > 0 ? ro.max_paths : 0};
    double t0 = now();
    run_loop(eng, &sc, total, &ro, nthreads, &stop);
    ls_run_stats stats = {now() - t0, nthreads, 0};
    if (ro.show_progress)
        fputs("\r\033[K", stderr);
    if (total->nonfinite > 0) {
        ls_error_set(&err, LS_ERUNTIME, sc.file, 0, NULL,
                     "%llu metric values came out non-finite (NaN or "
                     "infinity), so the results would be wrong; check the "
                     "scenario's extreme values, or report a model bug",
                     (unsigned long long)total->nonfinite);
        rc = report_error(&err);
        goto done;
    }
    stats.peak_rss_mb = peak_rss_mb();
    if ((json != NULL &&
         ls_json_write(json, &sc, total, &stop, &stats, &err) != LS_OK) ||
        (csv != NULL && ls_csv_write(csv, &sc, total, &err) != LS_OK) ||
        (html != NULL &&
         ls_html_write(html, &sc, total, &stop, &stats, &err) != LS_OK)) {
        rc = report_error(&err);
        goto done;
    }
    if (ls_report_table(stdout, &sc, total) != 0 || fflush(stdout) != 0) {
        fprintf(stderr, "leusden: writing the results to stdout failed: %s\n",
                strerror(errno));
        rc = LS_ERUNTIME;
        goto done;
    }
    if (precision > 0)
        fprintf(stderr, "leusden: precision %g %s after %llu paths\n",
                precision, stop.reached ? "reached" : "NOT reached (cap)",
                (unsigned long long)total->paths);
    double py = (double)total->paths * (double)ls_scenario_years(&sc);
    fprintf(stderr,
            "leusden: %llu paths x %zu years in %.3f s on %d thread%s "
            "(%.3g paths/s, %.3g path-years/s); peak RSS %.1f MB\n",
            (unsigned long long)total->paths, ls_scenario_years(&sc),
            stats.seconds, nthreads, nthreads == 1 ? "" : "s",
            (double)total->paths / stats.seconds, py / stats.seconds,
            stats.peak_rss_mb);
done:
    ls_engine_free(eng);
    ls_accum_free(total);
    ls_scenario_destroy(&sc);
    return rc;
}

static int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {
        {"set", required_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *sets[LS_MAX_SETS];
    size_t n_sets = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'e':
            if (n_sets == LS_MAX_SETS)
                return bad_usage("--set: more than %s overrides", "64");
            sets[n_sets++] = optarg;
            break;
        case 'h':
            usage(stdout);
            return LS_OK;
        default:
            return LS_EINPUT;
        }
    }
    if (optind >= argc)
        return bad_usage("check: missing SCENARIO file%s", "");
    if (optind + 1 < argc)
        return bad_usage("check: unexpected argument '%s'", argv[optind + 1]);
    ls_error err;
    ls_error_clear(&err);
    ls_scenario sc;
    if (ls_scenario_load_set(&sc, argv[optind], sets, n_sets, &err) != LS_OK)
        return report_error(&err);
    int rc = LS_OK;
    if (ls_report_scenario(stdout, &sc) != 0 || fflush(stdout) != 0) {
        fprintf(stderr, "leusden: writing to stdout failed: %s\n",
                strerror(errno));
        rc = LS_ERUNTIME;
    }
    ls_scenario_destroy(&sc);
    return rc;
}

/* Most scenarios one compare or batch takes. */
#define LS_MAX_SCENARIOS 64

static int cmd_compare(int argc, char **argv)
{
    static const struct option opts[] = {
        {"paths", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 't'},
        {"json", required_argument, NULL, 'j'},
        {"set", required_argument, NULL, 'e'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *sets[LS_MAX_SETS];
    size_t n_sets = 0;
    unsigned long long paths = 0, seed = 0, threads = 0;
    int have_seed = 0, quiet = 0;
    const char *json = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "n:s:t:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            if (parse_u64(optarg, 1, LS_PATHS_MAX, &paths) != 0)
                return bad_usage("--paths: '%s' is not a whole number from 1 "
                                 "to 2^48", optarg);
            break;
        case 's':
            if (parse_u64(optarg, 0, INT64_MAX, &seed) != 0)
                return bad_usage("--seed: '%s' is not a whole number from 0 "
                                 "to 2^63-1", optarg);
            have_seed = 1;
            break;
        case 't':
            if (parse_u64(optarg, 1, 1024, &threads) != 0)
                return bad_usage("--threads: '%s' is not a whole number from "
                                 "1 to 1024", optarg);
            break;
        case 'j':
            json = optarg;
            break;
        case 'e':
            if (n_sets == LS_MAX_SETS)
                return bad_usage("--set: more than %s overrides", "64");
            sets[n_sets++] = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            usage(stdout);
            return LS_OK;
        default:
            return LS_EINPUT;
        }
    }
    size_t k = (size_t)(argc - optind);
    if (k < 2)
        return bad_usage("compare: needs at least two SCENARIO files%s", "");
    if (k > LS_MAX_SCENARIOS)
        return bad_usage("compare: more than %s scenarios", "64");
    (void)quiet;

    ls_error err;
    ls_error_clear(&err);
    ls_scenario sc[LS_MAX_SCENARIOS];
    const ls_scenario *scp[LS_MAX_SCENARIOS];
    ls_engine *eng[LS_MAX_SCENARIOS] = {0};
    ls_accum *acc[LS_MAX_SCENARIOS] = {0};
    int same[LS_MAX_SCENARIOS] = {0};
    size_t loaded = 0;
    int rc = LS_OK;
    ls_pairs *pairs = NULL;
    for (; loaded < k; loaded++) {
        if (ls_scenario_load_set(&sc[loaded], argv[optind + (int)loaded],
                                 sets, n_sets, &err) != LS_OK) {
            rc = report_error(&err);
            goto done;
        }
        scp[loaded] = &sc[loaded];
    }
    for (size_t j = 0; j < k; j++) {
        sc[j].seed = have_seed ? seed : sc[0].seed;
        if (sc[j].rng != sc[0].rng) {
            ls_error_set(&err, LS_EINPUT, sc[j].file, 0, "scenario.rng",
                         "generator %s differs from %s's %s (common random "
                         "numbers need one generator)", sc[j].rng->name,
                         sc[0].file, sc[0].rng->name);
            rc = report_error(&err);
            goto done;
        }
    }
    int nthreads = threads ? (int)threads : default_threads();
    for (size_t j = 0; j < k; j++) {
        same[j] = ls_scenario_same_paths(&sc[0], &sc[j]);
        eng[j] = ls_engine_alloc(&sc[j], nthreads, &err);
        acc[j] = ls_engine_accum_alloc(&sc[j]);
        if (eng[j] == NULL || acc[j] == NULL) {
            ls_error_set(&err, LS_ERUNTIME, NULL, 0, NULL, "out of memory");
            rc = report_error(&err);
            goto done;
        }
        ls_engine_set_sensitivity(eng[j], 0);
    }
    pairs = ls_pairs_alloc(scp, k);
    if (pairs == NULL) {
        ls_error_set(&err, LS_ERUNTIME, NULL, 0, NULL, "out of memory");
        rc = report_error(&err);
        goto done;
    }
    uint64_t n = paths ? paths : sc[0].paths;
    double t0 = now();
    ls_engine_run_paired(eng, k, n, 0, ls_engine_blocks(n), acc, pairs);
    ls_run_stats stats = {now() - t0, nthreads, peak_rss_mb()};
    for (size_t j = 0; j < k; j++)
        if (acc[j]->nonfinite > 0) {
            ls_error_set(&err, LS_ERUNTIME, sc[j].file, 0, NULL,
                         "%llu metric values came out non-finite",
                         (unsigned long long)acc[j]->nonfinite);
            rc = report_error(&err);
            goto done;
        }
    ls_compare cmp = {k, scp, acc, pairs, same};
    if (json != NULL && ls_compare_json(json, &cmp, &stats, &err) != LS_OK) {
        rc = report_error(&err);
        goto done;
    }
    if (ls_compare_table(stdout, &cmp) != 0 || fflush(stdout) != 0) {
        fprintf(stderr, "leusden: writing the results to stdout failed: %s\n",
                strerror(errno));
        rc = LS_ERUNTIME;
        goto done;
    }
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

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2)
        return bad_usage("missing command%s", "");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
        strcmp(cmd, "help") == 0) {
        usage(stdout);
        return fflush(stdout) == 0 ? LS_OK : LS_ERUNTIME;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("leusden %s\n", LS_VERSION);
        return fflush(stdout) == 0 ? LS_OK : LS_ERUNTIME;
    }
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "compare") == 0)
        return cmd_compare(argc - 1, argv + 1);
    return bad_usage("unknown command '%s'", cmd);
}
