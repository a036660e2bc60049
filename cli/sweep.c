/*
 * sweep.c - `leusden sweep`: P(hit) over a 1-D or 2-D grid of parameter
 * values, on common random numbers.
 *
 * The scenario is read once; every cell is checked before any runs, then
 * the cells are dealt to the ranks and rank 0 sums their hit counts.
 */
#include <stdio.h>
#include <string.h>

#include "../outputs/sweep_report.h"
#include "../sim/engine.h"
#include "../sim/mpi.h"
#include "../sim/sweep.h"
#include "cli.h"

/* Binds the --vary paths and checks every cell's values. */
static int prepare(ls_sweep *w, ls_scenario *sc, const ls_cli *o)
{
    ls_error err;
    ls_error_clear(&err);
    ls_vary vary[LS_MAX_VARY];
    for (size_t d = 0; d < o->n_vary; d++)
        if (ls_vary_parse(o->vary[d], &vary[d], &err) != LS_OK)
            return ls_cli_error(&err);
    if (ls_sweep_init(w, sc, vary, o->n_vary, &err) != LS_OK)
        return ls_cli_error(&err);
    for (size_t c = 0; c < w->n_cells; c++)
        if (ls_sweep_set_cell(w, c, &err) != LS_OK)
            return ls_cli_error(&err);
    return LS_OK;
}

/* Runs this rank's cells, adding the non-finite values met to
 * *nonfinite; stops early (ls_cli_signal) when asked to.  LS_OK, or
 * LS_ERUNTIME after a message when a cell cannot be set (out of memory:
 * every value was checked in prepare). */
static int run_cells(ls_sweep *w, ls_engine *eng, ls_accum *acc, int show,
                     uint64_t *nonfinite_out)
{
    size_t nt = w->sc->n_targets;
    double t0 = ls_cli_now();
    uint64_t nonfinite = 0;
    for (size_t c = 0; c < w->n_cells && ls_cli_signal() == 0; c++) {
        if (!ls_mpi_owns(c))
            continue;
        ls_error err;
        ls_error_clear(&err);
        if (ls_sweep_set_cell(w, c, &err) != LS_OK) {
            if (ls_mpi_size() > 1) /* the other ranks would wait */
                ls_mpi_abort(LS_ERUNTIME, "%s", err.msg);
            return ls_cli_error(&err);
        }
        ls_accum_reset(acc);
        ls_engine_run(eng, w->paths, 0, ls_engine_blocks(w->paths), acc);
        nonfinite += acc->nonfinite;
        memcpy(&w->hits[c * nt], acc->hits, nt * sizeof *acc->hits);
        if (show)
            ls_cli_progress((c + 1) * w->paths, w->n_cells * w->paths,
                            ls_cli_now() - t0, 0, 0);
    }
    if (show)
        fputs("\r\033[K", stderr);
    *nonfinite_out = nonfinite;
    return LS_OK;
}

/* On rank 0: the grid to the outputs and stdout. */
static int report(ls_sweep *w, const ls_cli *o, ls_accum *acc,
                  uint64_t nonfinite, const ls_run_stats *stats)
{
    if (nonfinite > 0) {
        acc->nonfinite = nonfinite;
        return ls_cli_nonfinite(w->sc, acc);
    }
    ls_error err;
    ls_error_clear(&err);
    w->run = stats;
    if (ls_sweep_finish(w, &err) != LS_OK)
        return ls_cli_error(&err);
    int rc = ls_cli_write(o, w);
    if (rc != LS_OK)
        return rc;
    ls_sweep_table(stdout, w);
    if ((rc = ls_cli_stdout_done()) != LS_OK)
        return rc;
    fprintf(stderr, "leusden: sweep of %zu cells x %llu paths in %.3f s on "
                    "%d thread%s; peak RSS %.1f MB\n", w->n_cells,
            (unsigned long long)w->paths, stats->seconds, stats->threads,
            stats->threads == 1 ? "" : "s", stats->peak_rss_mb);
    return LS_OK;
}

int ls_cmd_sweep(int argc, char **argv)
{
    ls_cli o;
    int rc = ls_cli_parse(argc, argv, "sweep", &o);
    if (rc != LS_OK)
        return rc;
    if (o.n_files != 1)
        return ls_cli_usage_error("sweep: expected one SCENARIO file%s", "");
    if (o.n_vary == 0)
        return ls_cli_usage_error("sweep: needs --vary PATH=FROM:TO:STEPS%s",
                                  "");
    ls_scenario sc;
    if ((rc = ls_cli_load(&sc, o.files[0], &o)) != LS_OK)
        return rc;
    ls_sweep w = {0};
    ls_engine *eng = NULL;
    ls_accum *acc = NULL;
    int threads = ls_cli_threads(&o);
    if ((rc = ls_cli_claim(&o, &sc)) == LS_OK &&
        (rc = prepare(&w, &sc, &o)) == LS_OK) {
        ls_error err;
        ls_error_clear(&err);
        eng = ls_engine_alloc(&sc, threads, &err);
        acc = ls_engine_accum_alloc(&sc);
        if (eng == NULL || acc == NULL)
            rc = ls_cli_error((ls_error_oom(&err), &err));
    }
    double t0 = ls_cli_now();
    uint64_t nonfinite = 0;
    if (rc == LS_OK) {
        ls_engine_set_sensitivity(eng, 0);
        w.paths = o.paths ? o.paths : sc.paths;
        t0 = ls_cli_now();
        rc = run_cells(&w, eng, acc, ls_cli_show_progress(&o), &nonfinite);
    }
    if (rc == LS_OK) {
        int sig = ls_cli_interrupted();
        ls_run_stats stats = {ls_cli_now() - t0, threads,
                              ls_cli_peak_rss_mb()};
        if (sig != 0) {
            rc = ls_cli_stopped(sig);
        } else {
            ls_mpi_sum_u64(w.hits, w.n_cells * sc.n_targets);
            ls_mpi_sum_u64(&nonfinite, 1);
            if (ls_mpi_rank() == 0)
                rc = report(&w, &o, acc, nonfinite, &stats);
        }
    }
    ls_engine_free(eng);
    ls_accum_free(acc);
    ls_sweep_free(&w);
    ls_scenario_destroy(&sc);
    return rc;
}
