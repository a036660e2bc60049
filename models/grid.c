/*
 * grid.c - the regional grid's room for new large feed-in connections
 * (solar fields, turbines), with a congestion regime (a driver).
 *
 * Per path, drawn once: the year congestion starts (onset, a whole year;
 * 0 or a year after the run: never) and how long it lasts (duration, whole
 * years, the time to reinforce the grid).  The room for new connections
 * in year t is
 *   capacity(t) = capacity0                 outside congestion,
 *                 capacity0 x congested     during it
 *                                           (onset <= t < onset + duration),
 * in MW a year; the driver sets cap[LS_POOL_GRID] of the world, and the
 * regional model claims a project's MW when it is ready to connect (what
 * the grid cannot take waits for a later year).  Without a `grid` group
 * there is no limit.  It draws no random numbers of its own beyond the
 * per-path parameters.
 */
#include <math.h>
#include <stddef.h>

#include "model.h"

typedef struct grid_params {
    ls_param capacity0;  /* MW/yr of new connections outside congestion */
    ls_param onset;      /* first congested year (0: never) */
    ls_param duration;   /* congested years */
    ls_param congested;  /* share of capacity0 left during congestion */
} grid_params;

typedef struct grid_draw {
    double capacity0, onset, duration, congested;
} grid_draw;

typedef struct grid_state {
    char unused;
} grid_state;

static const ls_param_spec spec[] = {
    LS_SPEC_DIST(grid_params, grid_draw, capacity0, 1, 0, 1e6, 0, "MW/yr",
                 "new large feed-in connections the grid can take a year",
                 "Netcapaciteit voor nieuwe opwek", "nieuwe grote "
                 "aansluitingen voor teruglevering (zonnevelden, "
                 "windturbines) die het net per jaar kan opnemen"),
    LS_SPEC_DIST_ONCE(grid_params, grid_draw, onset, 1, 0, 3000, "year",
                      "first year of congestion (0: never)",
                      "Beginjaar netcongestie", "eerste jaar waarin het net "
                      "vol is (0: nooit)"),
    LS_SPEC_DIST_ONCE(grid_params, grid_draw, duration, 1, 0, 100, "years",
                      "years the congestion lasts (until reinforcement)",
                      "Duur van de netcongestie", "aantal jaren dat het net "
                      "vol blijft (tot de netversterking klaar is)"),
    LS_SPEC_DIST(grid_params, grid_draw, congested, 1, 0, 1, 0, "fraction",
                 "share of the connection capacity left during congestion",
                 "Resterende netcapaciteit bij congestie", "deel van de "
                 "aansluitcapaciteit dat overblijft zolang het net vol is"),
    LS_SPEC_END,
};

static void grid_init(const void *params, const void *draw, void *state)
{
    (void)params;
    (void)draw;
    ((grid_state *)state)->unused = 0;
}

static void grid_step(const void *params, const void *draw, void *state,
                      int year, ls_stream *st, ls_flows *out)
{
    (void)state;
    (void)st;
    const grid_params *p = params;
    const grid_draw *d = draw;
    int jam = d->onset > 0 && year >= d->onset &&
              year < d->onset + d->duration;
    double cap = ls_param_value(&p->capacity0, d->capacity0, year);
    if (jam)
        cap *= ls_param_value(&p->congested, d->congested, year);
    out->drive->cap[LS_POOL_GRID] = cap;
    out->metric[0] = cap;
    out->metric[1] = jam;
}

static const ls_metric_def metrics[] = {
    {"capacity_mw", "MW/yr", "new large feed-in the grid can take this year",
     LS_M_NONNEG, "Ruimte op het net voor nieuwe opwek (MW per jaar)"},
    {"congested", "0/1", "the grid is congested this year",
     LS_M_COUNT | LS_M_FRACTION, "Net vol (congestie, 0/1)"},
    {NULL, NULL, NULL, 0, NULL},
};

const ls_model_type ls_model_grid = {
    .name = "grid",
    .doc = "the grid's room for new large feed-in connections, with a "
           "congestion regime",
    .stage = LS_STAGE_DRIVER,
    .params_size = sizeof(grid_params),
    .draw_size = sizeof(grid_draw),
    .state_size = sizeof(grid_state),
    .metrics = metrics,
    .spec = spec,
    .check = NULL,
    .sample = NULL,
    .init = grid_init,
    .step = grid_step,
};
