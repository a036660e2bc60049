/*
 * compare.c - `leusden compare`: scenarios on common random numbers, the
 * paired differences in P(hit) against the first.
 *
 * One seed and one generator for all, so path i of every scenario draws
 * from the same keyed streams; each rank runs a contiguous share of the
 * blocks and rank 0 sums the counts (exact in any order).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../outputs/compare_report.h"
#include "../sim/compare.h"
#include "../sim/engine.h"
#include "../sim/mpi.h"
#include "../sim/rare.h"
#include "cli.h"

typedef struct compare_run {
    size_t k, loaded;
    ls_scenario sc[LS_MAX_SCENARIOS];
    const ls_scenario *scp[LS_MAX_SCENARIOS];
    ls_engine *eng[LS_MAX_SCENARIOS];
    ls_accum *acc[LS_MAX_SCENARIOS];
    int same[LS_MAX_SCENARIOS];
    ls_pairs *pairs;
} compare_run;

/* Loads the scenarios and checks they can share their random numbers. */
static int load_all(compare_run *c, const ls_cli *o)
{
    for (; c->loaded < c->k; c->loaded++) {
        int rc = ls_cli_load(&c->sc[c->loaded], o->files[c->loaded], o);
        if (rc != LS_OK)
            return rc;
        c->scp[c->loaded] = &c->sc[c->loaded];
    }
    for (size_t j = 0; j < c->k; j++) {
        c->sc[j].seed = c->sc[0].seed;
        if (c->sc[j].rng != c->sc[0].rng) {
            ls_error err;
            ls_error_set(&err, LS_EINPUT, c->sc[j].file, 0, "scenario.rng",
                         "generator %s differs from %s's %s (common random "
                         "numbers need one generator)", c->sc[j].rng->name,
                         c->sc[0].file, c->sc[0].rng->name);
            return ls_cli_error(&err);
        }
        if (c->sc[j].samplers != c->sc[0].samplers) {
            ls_error err;
            ls_error_set(&err, LS_EINPUT, c->sc[j].file, 0,
                         "scenario.samplers", "samplers differ from %s's "
                         "(common random numbers need one kind)",
                         c->sc[0].file);
            return ls_cli_error(&err);
        }
    }
    return LS_OK;
}

static int alloc_all(compare_run *c, int threads)
{
    ls_error err;
    ls_error_clear(&err);
    for (size_t j = 0; j < c->k; j++) {
        c->same[j] = ls_scenario_same_paths(&c->sc[0], &c->sc[j]);
        c->eng[j] = ls_engine_alloc(&c->sc[j], threads, &err);
        c->acc[j] = ls_engine_accum_alloc(&c->sc[j]);
        if (c->eng[j] == NULL || c->acc[j] == NULL) {
            if (c->eng[j] != NULL)
                ls_error_oom(&err);
            return ls_cli_error(&err);
        }
        ls_engine_set_sensitivity(c->eng[j], 0);
        /* Only the reference's bands are reported (its --report). */
        if (j > 0) {
            ls_engine_drop_sketch(c->eng[j]);
            ls_accum_drop_sketch(c->acc[j]);
        }
    }
    c->pairs = ls_pairs_alloc(c->scp, c->k);
    if (c->pairs == NULL)
        return ls_cli_error((ls_error_oom(&err), &err));
    return LS_OK;
}

/* Runs this rank's share of the blocks in chunks, and sums the counts on
 * rank 0; with progress, a progress line of rank 0's share on stderr.
 * Returns the signal that stopped it, or 0. */
static int run_all(compare_run *c, uint64_t n, int progress)
{
    uint64_t b0, nb;
    ls_mpi_share(ls_engine_blocks(n), &b0, &nb);
    uint64_t chunk = 8 * (uint64_t)ls_engine_threads(c->eng[0]);
    double t0 = ls_cli_now();
    for (uint64_t b = b0; b < b0 + nb; b += chunk) {
        if (progress)
            ls_cli_progress((b - b0) * LS_ENGINE_BLOCK * c->k,
                            nb * LS_ENGINE_BLOCK * c->k, ls_cli_now() - t0, 0,
                            0);
        uint64_t m = b + chunk < b0 + nb ? chunk : b0 + nb - b;
        if (ls_engine_run_paired(c->eng, c->k, n, b, m, c->acc, c->pairs) !=
            LS_OK)
            ls_mpi_abort(LS_ERUNTIME, "out of memory for the paired "
                                      "counters");
        /* Ranks run different numbers of chunks: each decides alone. */
        if (ls_cli_signal() != 0)
            break;
    }
    if (progress)
        fputs("\r\033[K", stderr);
    int sig = ls_cli_interrupted();
    if (sig != 0)
        return sig;
    for (size_t j = 0; j < c->k; j++) {
        ls_mpi_sum_u64(&c->acc[j]->paths, 1);
        ls_mpi_sum_u64(&c->acc[j]->nonfinite, 1);
        ls_mpi_sum_u64(c->acc[j]->hits, c->sc[j].n_targets);
    }
    ls_mpi_sum_u64(c->pairs->joint, c->k * c->pairs->n_targets * 4);
    return 0;
}

/* On rank 0: the differences to the outputs and stdout. */
static int report(compare_run *c, const ls_cli *o, ls_run_stats *stats)
{
    for (size_t j = 0; j < c->k; j++)
        if (c->acc[j]->nonfinite > 0)
            return ls_cli_nonfinite(&c->sc[j], c->acc[j]);
    ls_compare cmp = {.k = c->k, .sc = c->scp, .acc = c->acc,
                      .pairs = c->pairs, .same = c->same, .run = stats};
    ls_error err;
    ls_error_clear(&err);
    ls_rare_est *ref = NULL;
    ls_rare_diff *diff = NULL;
    if (o->rare > 0) {
        size_t nt = c->sc[0].n_targets + 1;
        ref = calloc(nt, sizeof *ref);
        diff = calloc(c->k * nt, sizeof *diff);
        ls_rare_opts ro = ls_rare_defaults(o->rare);
        if (ref == NULL || diff == NULL)
            ls_error_oom(&err);
        else
            ls_rare_paired(c->eng, c->k, c->pairs, c->acc[0], &ro, ref, diff,
                           &err);
        cmp.rare_paths = o->rare;
        cmp.rare = ref;
        cmp.rare_diff = diff;
    }
    if (err.status != LS_OK || ls_compare_compute(&cmp, &err) != LS_OK) {
        free(ref);
        free(diff);
        return ls_cli_error(&err);
    }
    int rc = ls_cli_write(o, &cmp);
    if (rc == LS_OK) {
        ls_compare_table(stdout, &cmp);
        rc = ls_cli_stdout_done();
    }
    ls_compare_free(&cmp);
    free(ref);
    free(diff);
    if (rc == LS_OK)
        fprintf(stderr, "leusden: %zu scenarios x %llu paths in %.3f s on %d "
                        "thread%s; peak RSS %.1f MB\n", c->k,
                (unsigned long long)c->acc[0]->paths, stats->seconds,
                stats->threads, stats->threads == 1 ? "" : "s",
                stats->peak_rss_mb);
    return rc;
}

int ls_cmd_compare(int argc, char **argv)
{
    ls_cli o;
    int rc = ls_cli_parse(argc, argv, "compare", &o);
    if (rc != LS_OK)
        return rc;
    if (o.n_files < 2)
        return ls_cli_usage_error("compare: needs at least two SCENARIO "
                                  "files%s", "");
    if (o.n_files > LS_MAX_SCENARIOS)
        return ls_cli_usage_error("compare: more than %s scenarios", "64");
    static compare_run c; /* large; one per process */
    memset(&c, 0, sizeof c);
    c.k = o.n_files;
    int threads = ls_cli_threads(&o);
    if ((rc = load_all(&c, &o)) == LS_OK &&
        (rc = ls_cli_claim(&o, &c.sc[0])) == LS_OK &&
        (rc = alloc_all(&c, threads)) == LS_OK) {
        uint64_t n = o.paths ? o.paths : c.sc[0].paths;
        double t0 = ls_cli_now();
        int sig = run_all(&c, n, ls_cli_show_progress(&o));
        ls_run_stats stats = {ls_cli_now() - t0, threads,
                              ls_cli_peak_rss_mb()};
        if (sig != 0)
            rc = ls_cli_stopped(sig);
        else if (ls_mpi_rank() == 0)
            rc = report(&c, &o, &stats);
    }
    ls_pairs_free(c.pairs);
    for (size_t j = 0; j < c.k; j++) {
        ls_engine_free(c.eng[j]);
        ls_accum_free(c.acc[j]);
    }
    for (size_t j = 0; j < c.loaded; j++)
        ls_scenario_destroy(&c.sc[j]);
    return rc;
}
