/*
 * batch.c - `leusden batch`: many scenarios, one table of P(hit) per
 * target and scenario.  A bad file is reported and skipped (exit status
 * 2 at the end); the scenarios are dealt to the ranks and rank 0 sums
 * their counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../outputs/output.h"
#include "../sim/batch.h"
#include "../sim/engine.h"
#include "../sim/mpi.h"
#include "../sim/result.h"
#include "cli.h"

typedef struct batch {
    size_t n;
    char **files;                 /* the files as given */
    ls_scenario sc[LS_MAX_SCENARIOS];
    ls_accum *acc[LS_MAX_SCENARIOS];
    int ok[LS_MAX_SCENARIOS];
    int bad_input, failed;
} batch;

/* Runs one scenario of a batch into *acc (allocated here). */
static int run_one(const ls_scenario *sc, const ls_cli *o, int threads,
                   ls_accum **acc)
{
    ls_error err;
    ls_error_clear(&err);
    *acc = ls_engine_accum_alloc(sc);
    ls_engine *eng = ls_engine_alloc(sc, threads, &err);
    if (*acc == NULL || eng == NULL) {
        ls_engine_free(eng);
        ls_error_oom(&err);
        return ls_cli_error(&err);
    }
    ls_engine_set_sensitivity(eng, 0);
    uint64_t n = o->paths ? o->paths : sc->paths;
    ls_engine_run(eng, n, 0, ls_engine_blocks(n), *acc);
    ls_engine_free(eng);
    return (*acc)->nonfinite > 0 ? ls_cli_nonfinite(sc, *acc) : LS_OK;
}

/* Loads scenario i; a bad one is reported and skipped. */
static void load_one(batch *b, size_t i, const ls_cli *o)
{
    int rc = ls_cli_load(&b->sc[i], o->files[i], o);
    if (rc == LS_OK)
        b->ok[i] = 1;
    else if (rc == LS_EINPUT)
        b->bad_input = 1; /* reported; the others still run */
    else
        b->failed = 1;
}

/* Protects every input of the scenarios that loaded and checks the
 * destinations of the outputs, before anything runs. */
static int claim_outputs(const batch *b, const ls_cli *o)
{
    const ls_scenario *first = NULL;
    for (size_t i = 0; i < b->n; i++) {
        if (!b->ok[i])
            continue;
        for (size_t h = 0; h < b->sc[i].n_heads; h++)
            ls_output_protect(b->sc[i].heads[h].file);
        if (first == NULL)
            first = &b->sc[i];
    }
    return first != NULL ? ls_cli_claim(o, first) : LS_OK;
}

/* Runs scenario i (on its rank), then sums its counts. */
static void run_and_sum(batch *b, size_t i, const ls_cli *o, int threads)
{
    if (!b->ok[i])
        return;
    if (ls_mpi_owns(i)) {
        if (run_one(&b->sc[i], o, threads, &b->acc[i]) != LS_OK)
            b->failed = 1;
    } else {
        b->acc[i] = ls_engine_accum_alloc(&b->sc[i]);
    }
    if (b->acc[i] == NULL) {
        /* Out of memory: the other ranks would wait for its counts. */
        if (ls_mpi_size() > 1)
            ls_mpi_abort(LS_ERUNTIME, "out of memory");
        ls_scenario_destroy(&b->sc[i]);
        b->ok[i] = 0;
        b->failed = 1;
        return;
    }
    ls_mpi_sum_u64(&b->acc[i]->paths, 1);
    ls_mpi_sum_u64(&b->acc[i]->nonfinite, 1);
    ls_mpi_sum_u64(b->acc[i]->hits, b->sc[i].n_targets);
    /* A scenario another rank ran may have failed there. */
    if (ls_mpi_rank() == 0 && b->acc[i]->nonfinite > 0 && !ls_mpi_owns(i)) {
        ls_cli_nonfinite(&b->sc[i], b->acc[i]);
        b->failed = 1;
    }
}

/* Index of target `name` in scenario i of the batch, or -1. */
static long target_of(const batch *b, size_t i, const char *name)
{
    return b->ok[i] && b->acc[i] ? ls_scenario_target(&b->sc[i], name) : -1;
}

/* The targets of all scenarios in first-seen order (a new array of
 * borrowed names), and the widest name. */
static const char **target_names(const batch *b, size_t *n, int *width)
{
    size_t most = 1;
    for (size_t i = 0; i < b->n; i++)
        most += b->ok[i] ? b->sc[i].n_targets : 0;
    const char **names = malloc(most * sizeof *names);
    *n = 0;
    *width = 6;
    for (size_t i = 0; names != NULL && i < b->n; i++)
        for (size_t t = 0; b->ok[i] && t < b->sc[i].n_targets; t++) {
            const char *name = b->sc[i].targets[t].name;
            size_t k = 0;
            while (k < *n && strcmp(names[k], name) != 0)
                k++;
            if (k < *n)
                continue;
            names[(*n)++] = name;
            if ((int)strlen(name) > *width)
                *width = (int)strlen(name);
        }
    return names;
}

/* The table: targets (in first-seen order) by scenario. */
static int print_table(const batch *b)
{
    printf("Leusden 2040: batch of %zu scenarios, P(hit) per target\n", b->n);
    for (size_t i = 0; i < b->n; i++)
        if (b->ok[i] && b->acc[i] != NULL)
            printf("  [%zu] %s, %llu paths, seed %llu\n      %s\n", i + 1,
                   b->sc[i].name, (unsigned long long)b->acc[i]->paths,
                   (unsigned long long)b->sc[i].seed, b->sc[i].file);
        else
        {
            char name[LS_ERROR_FILE_MAX];
            ls_escape(name, sizeof name, b->files[i], (size_t)-1);
            printf("  [%zu] %s: skipped (see the error above)\n", i + 1,
                   name);
        }
    size_t n_names;
    int wt;
    const char **names = target_names(b, &n_names, &wt);
    if (names == NULL) {
        ls_error err;
        return ls_cli_error((ls_error_oom(&err), &err));
    }
    /* Columns headed by the scenarios' names (cut to 20 characters),
     * at least as wide as a probability. */
    int cw[LS_MAX_SCENARIOS];
    printf("\n%-*s", wt, "target");
    for (size_t i = 0; i < b->n; i++) {
        const char *h = b->ok[i] ? b->sc[i].name : "(skipped)";
        int len = (int)strlen(h);
        cw[i] = len < 7 ? 7 : len > 20 ? 20 : len;
        printf("  %*.*s", cw[i], cw[i], h);
    }
    putchar('\n');
    for (size_t k = 0; k < n_names; k++) {
        printf("%-*s", wt, names[k]);
        for (size_t i = 0; i < b->n; i++) {
            long t = target_of(b, i, names[k]);
            if (t < 0)
                printf("  %*s", cw[i], "-");
            else
                printf("  %*.4f", cw[i], ls_result_ci(b->acc[i]->hits[t],
                                                      b->acc[i]->paths).p);
        }
        putchar('\n');
    }
    free(names);
    return ls_cli_stdout_done();
}

/* The batch's files (--json, --csv), all renamed into place together. */
static int write_outputs(const batch *b, const ls_cli *o)
{
    const ls_scenario *scp[LS_MAX_SCENARIOS], *ran[LS_MAX_SCENARIOS];
    size_t k = 0;
    for (size_t i = 0; i < b->n; i++) {
        int ok = b->ok[i] && b->acc[i] != NULL;
        scp[i] = ok ? &b->sc[i] : NULL;
        if (ok)
            ran[k++] = &b->sc[i];
    }
    ls_batch view = {.n = b->n, .files = (const char *const *)b->files,
                     .sc = scp, .acc = b->acc};
    ls_result_run_id(ran, k, o->paths, "batch", view.run_id);
    return ls_cli_write(o, &view);
}

int ls_cmd_batch(int argc, char **argv)
{
    ls_cli o;
    int rc = ls_cli_parse(argc, argv, "batch", &o);
    if (rc != LS_OK)
        return rc;
    if (o.n_files == 0)
        return ls_cli_usage_error("batch: missing SCENARIO files%s", "");
    if (o.n_files > LS_MAX_SCENARIOS)
        return ls_cli_usage_error("batch: more than %s scenarios", "64");
    static batch b; /* large; one per process */
    memset(&b, 0, sizeof b);
    b.n = o.n_files;
    b.files = o.files;
    int threads = ls_cli_threads(&o);
    double t0 = ls_cli_now();
    int sig = 0;
    for (size_t i = 0; i < b.n; i++)
        load_one(&b, i, &o);
    rc = claim_outputs(&b, &o);
    int progress = rc == LS_OK && ls_cli_show_progress(&o);
    for (size_t i = 0; rc == LS_OK && i < b.n && sig == 0; i++) {
        if (progress && ls_mpi_rank() == 0)
            fprintf(stderr, "\rleusden: batch: scenario %zu of %zu ...",
                    i + 1, b.n);
        run_and_sum(&b, i, &o, threads);
        sig = ls_cli_interrupted();
    }
    if (progress && ls_mpi_rank() == 0)
        fputs("\r\033[K", stderr);
    if (rc != LS_OK) {
        /* a destination was refused (reported) */
    } else if (sig != 0) {
        rc = ls_cli_stopped(sig);
    } else if (ls_mpi_rank() == 0) {
        rc = write_outputs(&b, &o);
        if (rc == LS_OK)
            rc = print_table(&b);
        fprintf(stderr, "leusden: batch of %zu scenarios in %.3f s on %d "
                        "thread%s%s\n", b.n, ls_cli_now() - t0, threads,
                threads == 1 ? "" : "s",
                b.bad_input ? "; some files were bad (exit status 2)" : "");
    }
    for (size_t i = 0; i < b.n; i++) {
        ls_accum_free(b.acc[i]);
        if (b.ok[i])
            ls_scenario_destroy(&b.sc[i]);
    }
    if (rc == LS_OK && b.failed)
        rc = LS_ERUNTIME;
    if (rc == LS_OK && b.bad_input)
        rc = LS_EINPUT;
    return rc;
}
