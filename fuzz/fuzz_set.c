/*
 * fuzz_set.c - command-line values: `--set path=value` and
 * `--vary path=from:to:steps`.
 *
 * The input is text; its first three lines (split at '\n') are used both
 * ways:
 *   --set   scenarios/leusden.cfg is loaded with every line as one
 *           override, in order (ls_scenario_load_set), as
 *           `leusden run leusden.cfg --set L1 --set L2 --set L3` would;
 *           an accepted scenario runs one path through the engine;
 *   --vary  each line that parses (ls_vary_parse) becomes a dimension
 *           (the first two) of a sweep over the base scenario, loaded
 *           once; every cell is set (ls_sweep_set_cell; evenly spread
 *           cells, up to a cap, in a large grid), the first accepted cells
 *           run one path each, and the grid's JSON and CSV are written.
 * The parameters the sweep changed are restored after every input, so
 * each input starts from the same scenario.
 */
#include "fuzz_util.h"

#include <stdlib.h>
#include <string.h>

#include "../config/scenario.h"
#include "../outputs/output.h"
#include "../outputs/sweep_report.h"
#include "../sim/engine.h"
#include "../sim/sweep.h"

#define MAX_LINES 3
#define MAX_CELLS 256   /* cells set per input */
#define MAX_TRACES 4    /* of which run one path */

static const char scenario[] = LS_FUZZ_SOURCE_DIR "/scenarios/leusden.cfg";

static ls_scenario base;        /* for --vary, loaded once */
static ls_engine *base_eng;     /* its engine */
static void **saved;            /* [n_models] its parameters as loaded */
static double *trace;           /* one path's metrics */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    lsf_setup();
    lsf_scratch();
    ls_error e;
    ls_error_clear(&e);
    if (ls_scenario_load(&base, scenario, &e) != LS_OK)
        lsf_fail("cannot load %s: %s", scenario, e.msg);
    base_eng = ls_engine_alloc(&base, 1, &e);
    saved = calloc(base.n_models, sizeof *saved);
    trace = malloc(base.n_metrics * ls_scenario_years(&base) * sizeof *trace);
    if (base_eng == NULL || saved == NULL || trace == NULL)
        lsf_fail("out of memory");
    for (size_t m = 0; m < base.n_models; m++) {
        size_t n = base.models[m].type->params_size;
        saved[m] = malloc(n ? n : 1);
        if (saved[m] == NULL)
            lsf_fail("out of memory");
        memcpy(saved[m], base.models[m].params, n);
    }
    return 0;
}

static void check_status(const char *what, int rc, const ls_error *e)
{
    if (rc != LS_OK && rc != LS_EINPUT && rc != LS_ERUNTIME)
        lsf_fail("%s returned %d", what, rc);
    if (rc != LS_OK && ((int)e->status != rc || e->msg[0] == '\0'))
        lsf_fail("%s returned %d with status %d, message '%s'", what, rc,
                 (int)e->status, e->msg);
}

/* --set: the base scenario with the lines as overrides. */
static void fuzz_set(const char *const *lines, size_t n)
{
    ls_scenario sc;
    ls_error e;
    ls_error_clear(&e);
    int rc = ls_scenario_load_set(&sc, scenario, lines, n, &e);
    check_status("ls_scenario_load_set", rc, &e);
    if (rc == LS_OK) {
        ls_engine *eng = ls_engine_alloc(&sc, 1, &e);
        double *t = malloc(sc.n_metrics * ls_scenario_years(&sc) *
                           sizeof *t + 1);
        if (eng != NULL && t != NULL)
            ls_engine_trace(eng, 0, t);
        free(t);
        ls_engine_free(eng);
    }
    ls_scenario_destroy(&sc);
}

/* The grid's tables, with made-up hit counts. */
static void write_grid(ls_sweep *w)
{
    size_t nt = base.n_targets;
    w->paths = 1000;
    for (size_t c = 0; c < w->n_cells; c++)
        for (size_t t = 0; t < nt; t++)
            w->hits[c * nt + t] = (c * 7 + t * 131) % (w->paths + 1);
    ls_error e;
    ls_error_clear(&e);
    if (ls_sweep_finish(w, &e) != LS_OK)
        return;
    char path[4096];
    lsf_join(path, sizeof path, lsf_scratch(), "sweep.json");
    int rc = ls_sweep_json(path, w, &e);
    check_status("ls_sweep_json", rc, &e);
    if (rc == LS_OK) {
        lsf_join(path, sizeof path, lsf_scratch(), "csv");
        rc = ls_sweep_csv(path, w, &e);
        check_status("ls_sweep_csv", rc, &e);
    }
    if (rc != LS_OK || ls_output_finish(&e) != LS_OK)
        ls_output_discard();
    if (lsf_count_temporaries(lsf_scratch()) != 0)
        lsf_fail("temporaries left after the sweep's outputs");
    lsf_empty_dir(lsf_scratch());
}

/* --vary: a sweep over the lines that parse as one. */
static void fuzz_vary(const char *const *lines, size_t n)
{
    ls_vary v[LS_MAX_VARY];
    size_t nv = 0;
    ls_error e;
    for (size_t i = 0; i < n && nv < LS_MAX_VARY; i++) {
        ls_error_clear(&e);
        int rc = ls_vary_parse(lines[i], &v[nv], &e);
        check_status("ls_vary_parse", rc, &e);
        if (rc == LS_OK)
            nv++;
    }
    if (nv == 0)
        return;
    ls_sweep w;
    ls_error_clear(&e);
    int rc = ls_sweep_init(&w, &base, v, nv, &e);
    check_status("ls_sweep_init", rc, &e);
    if (rc == LS_OK) {
        size_t cells = w.n_cells < MAX_CELLS ? w.n_cells : MAX_CELLS;
        int traces = 0;
        for (size_t i = 0; i < cells; i++) {
            size_t c = cells == w.n_cells
                           ? i
                           : (size_t)((double)i * (double)(w.n_cells - 1) /
                                      (double)(cells - 1));
            ls_error_clear(&e);
            int rc_cell = ls_sweep_set_cell(&w, c, &e);
            check_status("ls_sweep_set_cell", rc_cell, &e);
            if (rc_cell == LS_OK && traces++ < MAX_TRACES)
                ls_engine_trace(base_eng, c, trace);
        }
        write_grid(&w);
    }
    ls_sweep_free(&w);
    for (size_t m = 0; m < base.n_models; m++)
        memcpy(base.models[m].params, saved[m],
               base.models[m].type->params_size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = lsf_strndup(data, size);
    const char *lines[MAX_LINES];
    size_t n = 0;
    for (char *p = text; n < MAX_LINES;) {
        lines[n++] = p;
        char *nl = strchr(p, '\n');
        if (nl == NULL)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    fuzz_set(lines, n);
    fuzz_vary(lines, n);
    free(text);
    return 0;
}
