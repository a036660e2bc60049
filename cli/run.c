/*
 * run.c - `leusden run`: one scenario, a fixed number of paths or until
 * every interval is narrow enough (--precision), then the result object
 * to the table on stdout and to every output asked for.
 *
 * The command owns the outer loop over blocks (as GSL's iterate-and-test
 * design has the caller own it): the engine runs blocks, mpi.c deals them
 * to ranks, and the loop decides when
 * to stop at fixed checkpoints, so where a --precision run stops depends on
 * nothing but the block count and the results.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../outputs/experiments.h"
#include "../outputs/report.h"
#include "../sim/engine.h"
#include "../sim/mpi.h"
#include "../sim/rare.h"
#include "../sim/result.h"
#include "../sim/sobol.h"
#include "cli.h"

typedef struct run_opts {
    uint64_t paths;        /* fixed path count */
    double precision;      /* 0: fixed path count */
    uint64_t max_paths;    /* cap of a precision run */
    int show_progress;     /* 1: progress line on stderr */
    ls_experiments *exp;   /* --experiments, or NULL */
} run_opts;

/* Runs blocks first..first+count-1 of n paths in chunks of a few blocks
 * per thread, stopping after the chunk in which a stop was asked for.
 * Returns the signal, or 0 once all ran. */
static int run_blocks(ls_engine *eng, uint64_t n, uint64_t first,
                      uint64_t count, ls_accum *total, const run_opts *o,
                      double t0)
{
    /* With --experiments one block a thread, as its records hold. */
    uint64_t chunk = (o->exp != NULL ? 1 : 8) *
                     (uint64_t)ls_engine_threads(eng) *
                     (uint64_t)ls_mpi_size();
    for (uint64_t b = first; b < first + count; b += chunk) {
        uint64_t c = b + chunk < first + count ? chunk : first + count - b;
        ls_mpi_run(eng, n, b, c, total);
        if (o->exp != NULL) {
            /* A write error sticks, and the commit reports it. */
            uint64_t lo = b * LS_ENGINE_BLOCK;
            uint64_t hi = (b + c) * LS_ENGINE_BLOCK < n
                              ? (b + c) * LS_ENGINE_BLOCK
                              : n;
            ls_experiments_write(o->exp, lo, (size_t)(hi - lo));
        }
        if (o->show_progress && o->precision <= 0)
            ls_cli_progress(total->paths, n, ls_cli_now() - t0, 0, 0);
        int sig = ls_cli_interrupted();
        if (sig != 0)
            return sig;
    }
    return 0;
}

/* Runs to the precision goal or the cap: 1 if the goal was reached, 0 if
 * not, -sig if a signal stopped it. */
static int run_precision(ls_engine *eng, const ls_scenario *sc,
                         ls_accum *total, const run_opts *o)
{
    double t0 = ls_cli_now();
    uint64_t n = o->max_paths, cap = ls_engine_blocks(n), done = 0;
    uint64_t next = 1;   /* the first check after one block */
    while (done < cap) {
        if (next > cap)
            next = cap;
        int sig = run_blocks(eng, n, done, next - done, total, o, t0);
        if (sig != 0)
            return -sig;
        done = next;
        double w = ls_result_max_arm(sc, total);
        if (o->show_progress)
            ls_cli_progress(total->paths, n, ls_cli_now() - t0, w,
                            o->precision);
        /* Rank 0 holds the total; every rank follows its decision: 0 to
         * stop, else the blocks to add (at most 2^30 at a time). */
        uint64_t step = ls_precision_step(done, w, o->precision);
        int say = ls_mpi_bcast_int(step > (1u << 30) ? 1 << 30 : (int)step);
        if (say == 0)
            return 1;
        next = done + (uint64_t)say;
    }
    return 0;
}

static int check_options(const ls_cli *o)
{
    if (o->n_files == 0)
        return ls_cli_usage_error("run: missing SCENARIO file%s", "");
    if (o->n_files > 1)
        return ls_cli_usage_error("run: unexpected argument '%s'",
                                  o->files[1]);
    if (o->precision > 0 && o->paths > 0)
        return ls_cli_usage_error("--paths and --precision%s exclude each "
                                  "other (use --max-paths to cap a precision "
                                  "run)", "");
    if (o->max_paths > 0 && o->precision <= 0)
        return ls_cli_usage_error("--max-paths%s needs --precision", "");
    if (o->n_probes > 0 && o->experiments == NULL)
        return ls_cli_usage_error("--probe%s needs --experiments", "");
    if (o->experiments != NULL && ls_mpi_size() > 1)
        return ls_cli_usage_error("--experiments%s runs on one MPI rank "
                                  "only (the rows are written as the "
                                  "blocks run)", "");
    return LS_OK;
}

/* What a run computes beyond its paths, on rank 0: the importance-
 * sampling estimates (--rare) and the Sobol' indices (--sobol). */
typedef struct extras {
    ls_rare_est *rare;     /* [n_targets], or NULL */
    ls_sobol sobol;        /* rows = 0: none */
    double seconds[2];     /* time of each */
} extras;

static void extras_free(extras *x)
{
    free(x->rare);
    ls_sobol_free(&x->sobol);
}

static int run_extras(const ls_cli *o, ls_engine *eng, const ls_accum *total,
                      extras *x)
{
    memset(x, 0, sizeof *x);
    const ls_scenario *sc = ls_engine_scenario(eng);
    ls_error err;
    ls_error_clear(&err);
    double t0 = ls_cli_now();
    int sig = 0;
    if (o->rare > 0) {
        ls_rare_opts ro = ls_rare_defaults(o->rare);
        x->rare = calloc(sc->n_targets + 1, sizeof *x->rare);
        if (x->rare == NULL)
            ls_error_oom(&err);
        /* A target at a time, so that a stop waits for one at most. */
        for (size_t t = 0; x->rare != NULL && t < sc->n_targets &&
                           err.status == LS_OK && !(sig = ls_cli_signal());
             t++) {
            if (ls_rare_needed(total->hits[t]))
                ls_rare_estimate(eng, t, 0, &ro, &x->rare[t], &err);
        }
    }
    double t1 = ls_cli_now();
    if (err.status == LS_OK && !sig && o->sobol > 0)
        ls_sobol_run(eng, o->sobol, &x->sobol, &err);
    x->seconds[0] = t1 - t0;
    x->seconds[1] = ls_cli_now() - t1;
    if (sig == 0)
        sig = ls_cli_signal();
    if (err.status == LS_OK && sig == 0)
        return LS_OK;
    extras_free(x);
    return sig != 0 ? ls_cli_stopped(sig) : ls_cli_error(&err);
}

/* The run's statistics to stderr. */
static void say_run(const ls_cli *o, const ls_scenario *sc,
                    const ls_accum *total, const ls_stopping *stop,
                    const ls_run_stats *stats, const extras *x)
{
    if (o->rare > 0)
        fprintf(stderr, "leusden: importance sampling in %.3f s\n",
                x->seconds[0]);
    if (o->sobol > 0)
        fprintf(stderr, "leusden: Sobol' indices in %.3f s\n",
                x->seconds[1]);
    if (o->precision > 0)
        fprintf(stderr, "leusden: precision %g %s after %llu paths\n",
                o->precision, stop->reached ? "reached" : "NOT reached (cap)",
                (unsigned long long)total->paths);
    double py = (double)total->paths * (double)ls_scenario_years(sc);
    fprintf(stderr,
            "leusden: %llu paths x %zu years in %.3f s on %d thread%s%s "
            "(%.3g paths/s, %.3g path-years/s); peak RSS %.1f MB\n",
            (unsigned long long)total->paths, ls_scenario_years(sc),
            stats->seconds, stats->threads, stats->threads == 1 ? "" : "s",
            ls_cli_ranks_note(), (double)total->paths / stats->seconds,
            py / stats->seconds, stats->peak_rss_mb);
}

/* On rank 0: the results to every output and stdout, the run to stderr. */
static int report(const ls_cli *o, ls_engine *eng, const ls_accum *total,
                  const ls_stopping *stop, ls_run_stats *stats)
{
    const ls_scenario *sc = ls_engine_scenario(eng);
    if (total->nonfinite > 0)
        return ls_cli_nonfinite(sc, total);
    extras x;
    int rc = run_extras(o, eng, total, &x);
    if (rc != LS_OK)
        return rc;
    stats->peak_rss_mb = ls_cli_peak_rss_mb();
    ls_result res;
    ls_error err;
    ls_error_clear(&err);
    if (ls_result_compute(&res, sc, total, stop, stats, &err) != LS_OK) {
        extras_free(&x);
        return ls_cli_error(&err);
    }
    if (x.rare != NULL)
        ls_result_set_rare(&res, x.rare, o->rare);
    if (x.sobol.rows > 0)
        ls_result_set_sobol(&res, &x.sobol);
    rc = ls_cli_write(o, &res);
    if (rc == LS_OK) {
        ls_report_table(stdout, &res);
        rc = ls_cli_stdout_done();
    }
    ls_result_free(&res);
    if (rc == LS_OK)
        say_run(o, sc, total, stop, stats, &x);
    extras_free(&x);
    return rc;
}

/* With --experiments: the table opened, its probes resolved, and the
 * engine writing its records (one block per thread at a time). */
static int open_experiments(const ls_cli *o, const ls_scenario *sc,
                            ls_engine *eng, ls_experiments **exp)
{
    *exp = NULL;
    if (o->experiments == NULL)
        return LS_OK;
    ls_error err;
    ls_error_clear(&err);
    size_t probe[LS_MAX_PROBES];
    for (size_t k = 0; k < o->n_probes; k++)
        if (ls_experiments_probe(sc, o->probes[k], &probe[k], &err) != LS_OK)
            return ls_cli_error(&err);
    size_t slots = (size_t)ls_engine_threads(eng) * LS_ENGINE_BLOCK;
    *exp = ls_experiments_open(o->experiments, sc, probe, o->n_probes, slots,
                               &err);
    if (*exp == NULL)
        return ls_cli_error(&err);
    ls_engine_set_records(eng, ls_experiments_records(*exp));
    return LS_OK;
}

/* The experiments table closed and queued with the run's outputs. */
static int commit_experiments(ls_experiments *exp)
{
    ls_error err;
    ls_error_clear(&err);
    if (exp != NULL && ls_experiments_commit(exp, &err) != LS_OK)
        return ls_cli_error(&err);
    return LS_OK;
}

int ls_cmd_run(int argc, char **argv)
{
    ls_cli o;
    int rc = ls_cli_parse(argc, argv, "run", &o);
    if (rc != LS_OK || (rc = check_options(&o)) != LS_OK)
        return rc;
    ls_scenario sc;
    if ((rc = ls_cli_load(&sc, o.files[0], &o)) != LS_OK)
        return rc;
    if ((rc = ls_cli_claim(&o, &sc)) != LS_OK) {
        ls_scenario_destroy(&sc);
        return rc;
    }
    run_opts ro = {o.paths ? o.paths : sc.paths, o.precision,
                   o.max_paths ? o.max_paths : 100000000ULL,
                   ls_cli_show_progress(&o), NULL};
    if (o.precision > 0 && sc.n_targets == 0) {
        ls_scenario_destroy(&sc);
        return ls_cli_usage_error("--precision%s needs a scenario with "
                                  "targets", "");
    }
    int threads = ls_cli_threads(&o);
    ls_error err;
    ls_error_clear(&err);
    ls_accum *total = ls_engine_accum_alloc(&sc);
    ls_engine *eng = ls_engine_alloc(&sc, threads, &err);
    if (total == NULL || eng == NULL) {
        if (eng != NULL || err.status == LS_OK)
            ls_error_oom(&err);
        rc = ls_cli_error(&err);
    } else if ((rc = open_experiments(&o, &sc, eng, &ro.exp)) == LS_OK) {
        ls_engine_set_sensitivity(eng, o.sensitivity);
        ls_stopping stop = {o.precision, 1, o.precision > 0 ? ro.max_paths
                                                            : 0};
        double t0 = ls_cli_now();
        int sig = 0;
        if (o.precision > 0) {
            int r = run_precision(eng, &sc, total, &ro);
            stop.reached = r > 0;
            sig = r < 0 ? -r : 0;
        } else {
            sig = run_blocks(eng, ro.paths, 0, ls_engine_blocks(ro.paths),
                             total, &ro, t0);
        }
        ls_run_stats stats = {ls_cli_now() - t0, threads, 0};
        if (ro.show_progress)
            fputs("\r\033[K", stderr);
        if (sig != 0)
            rc = ls_cli_stopped(sig);
        else if ((rc = commit_experiments(ro.exp)) == LS_OK &&
                 ls_mpi_rank() == 0) /* rank 0 has the results */
            rc = report(&o, eng, total, &stop, &stats);
    }
    ls_experiments_free(ro.exp);
    ls_engine_free(eng);
    ls_accum_free(total);
    ls_scenario_destroy(&sc);
    return rc;
}
