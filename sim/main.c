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

#include <gsl/gsl_errno.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "../config/scenario.h"
#include "../models/model.h"
#include "engine.h"
#include "report.h"

#ifndef LS_VERSION
#define LS_VERSION "unknown"
#endif

static void usage(FILE *out)
{
    fputs("Usage: leusden run SCENARIO [OPTION]...\n"
          "       leusden check SCENARIO\n"
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
          "\n"
          "Options for run:\n"
          "  -n, --paths N      number of Monte Carlo paths (default: the\n"
          "                     scenario's `paths`)\n"
          "  -s, --seed S       seed, 0..2^63-1 (default: the scenario's "
          "`seed`)\n"
          "  -t, --threads T    worker threads, 1..1024 (default: all "
          "processors);\n"
          "                     results are identical for any T\n"
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

static int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"paths", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    unsigned long long paths = 0, seed = 0, threads = 0;
    int have_seed = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "n:s:t:h", opts, NULL)) != -1) {
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

    ls_error err;
    ls_error_clear(&err);
    ls_scenario sc;
    if (ls_scenario_load(&sc, argv[optind], &err) != LS_OK)
        return report_error(&err);
    if (have_seed)
        sc.seed = seed;
    if (paths == 0)
        paths = sc.paths;
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
    double t0 = now();
    ls_engine_run(eng, paths, 0, ls_engine_blocks(paths), total);
    double secs = now() - t0;
    if (total->nonfinite > 0) {
        ls_error_set(&err, LS_ERUNTIME, sc.file, 0, NULL,
                     "%llu metric values came out non-finite (NaN or "
                     "infinity), so the results would be wrong; check the "
                     "scenario's extreme values, or report a model bug",
                     (unsigned long long)total->nonfinite);
        rc = report_error(&err);
        goto done;
    }
    if (ls_report_table(stdout, &sc, total) != 0 || fflush(stdout) != 0) {
        fprintf(stderr, "leusden: writing the results to stdout failed: %s\n",
                strerror(errno));
        rc = LS_ERUNTIME;
        goto done;
    }
    double py = (double)paths * (double)ls_scenario_years(&sc);
    fprintf(stderr,
            "leusden: %llu paths x %zu years in %.3f s on %d thread%s "
            "(%.3g paths/s, %.3g path-years/s); peak RSS %.1f MB\n",
            paths, ls_scenario_years(&sc), secs, nthreads,
            nthreads == 1 ? "" : "s", (double)paths / secs, py / secs,
            peak_rss_mb());
done:
    ls_engine_free(eng);
    ls_accum_free(total);
    ls_scenario_destroy(&sc);
    return rc;
}

static int cmd_check(int argc, char **argv)
{
    if (argc < 2)
        return bad_usage("check: missing SCENARIO file%s", "");
    if (argc > 2)
        return bad_usage("check: unexpected argument '%s'", argv[2]);
    ls_error err;
    ls_error_clear(&err);
    ls_scenario sc;
    if (ls_scenario_load(&sc, argv[1], &err) != LS_OK)
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
    return bad_usage("unknown command '%s'", cmd);
}
