/*
 * sweep.h - P(hit) over a 1-D or 2-D grid of parameter values.
 *
 *   leusden sweep leusden.cfg --vary models.regional.turbines=0:10:11
 *                             [--vary models.homes.subsidy=1:4:4]
 *
 * The scenario is read and validated once; for each cell only the varied
 * parameters change, in the one model instance that owns each (checked
 * as a value read from a file would be), and the
 * same engine and accumulator are reused.  Every cell runs on the same
 * seed and path keys: common random numbers across the grid, so
 * neighbouring cells differ by the parameter, not by noise.
 */
#ifndef LS_SWEEP_H
#define LS_SWEEP_H

#include <stdio.h>

#include "../config/scenario.h"
#include "../base/error.h"
#include "result.h"

typedef struct ls_vary {
    char path[256];   /* models.<instance>.<parameter> or balance.<param> */
    double from, to;  /* first and last value */
    size_t steps;     /* values, >= 1 */
    size_t model;     /* index of the instance it belongs to */
    size_t spec;      /* index of the parameter in its type's table */
    int integer;      /* the parameter takes whole numbers */
    char name[256];   /* the parameter's setting name */
} ls_vary;

/* Parses "path=from:to:steps".  LS_OK or LS_EINPUT. */
int ls_vary_parse(const char *arg, ls_vary *v, ls_error *e);

/* Value number i of v. */
double ls_vary_value(const ls_vary *v, size_t i);

typedef struct ls_sweep {
    char run_id[LS_RUN_ID_LEN + 1]; /* from ls_sweep_finish */
    ls_scenario *sc;    /* borrowed; its params change cell by cell */
    size_t n_vary;      /* 1 or 2 */
    ls_vary vary[2];
    size_t n_cells;     /* product of the steps; cell = i0 * steps1 + i1 */
    uint64_t paths;     /* paths per cell */
    uint64_t *hits;     /* [n_cells][n_targets] */
    ls_interval *ci;    /* [n_cells][n_targets] P(hit) with its interval,
                           from ls_sweep_finish */
    const ls_run_stats *run; /* NULL: no "run" object is written */
} ls_sweep;

/* Binds the sweep to a scenario and checks the paths (they must name a
 * parameter of a sector instance, models.<instance>.<parameter>, or of a
 * driver or system, weather.<parameter> or balance.<parameter>).  LS_OK,
 * LS_EINPUT or LS_ERUNTIME. */
int ls_sweep_init(ls_sweep *w, ls_scenario *sc, const ls_vary *v, size_t n,
                  ls_error *e);

void ls_sweep_free(ls_sweep *w);

/* Puts the values of cell c into the instances they belong to.  LS_OK, or LS_EINPUT if a value is invalid there (the
 * message names the path and value). */
int ls_sweep_set_cell(ls_sweep *w, size_t c, ls_error *e);

/* The value of varied parameter d (0 or 1) in cell c. */
double ls_sweep_cell_value(const ls_sweep *w, size_t c, size_t d);

/* Computes every cell's P(hit) and interval (into w->ci) once the hits
 * are summed.  LS_OK or LS_ERUNTIME. */
int ls_sweep_finish(ls_sweep *w, ls_error *e);

#endif /* LS_SWEEP_H */
