/*
 * installers.c - the installer capacity: a yearly cap on installation
 * jobs, shared by every sector that installs (a driver).
 *
 * One job is one heat-pump installation; other measures count as a
 * multiple of it (each sector says how many jobs a measure takes).  The
 * capacity of year t is
 *   cap(t) = floor(capacity0 prod_{k = first+1 .. t} (1 + growth(k))),
 * with capacity0 drawn once per path and growth a per-path draw or a
 * schedule.  The driver sets cap[LS_POOL_INSTALL] of the world; sectors
 * claim jobs from it in scenario order (ls_claim), and work above it
 * waits in the sectors' queues.  It draws no random numbers of its own.
 * Without an `installers` group the scenario has no installer limit.
 */
#include <math.h>
#include <stddef.h>

#include "model.h"

typedef struct installers_params {
    ls_param capacity0;  /* jobs/yr in the first year */
    ls_param growth;     /* fraction/yr */
} installers_params;

typedef struct installers_draw {
    double capacity0, growth;
} installers_draw;

typedef struct installers_state {
    double cap;  /* this year's capacity before rounding */
    int year;    /* last year stepped (0 before the first) */
} installers_state;

static const ls_param_spec spec[] = {
    LS_SPEC_DIST_ONCE(installers_params, installers_draw, capacity0, 0, 0,
                      1e9, "jobs/yr", "installation jobs the installers "
                      "can do in the first year",
                      "Capaciteit installateurs in het eerste jaar",
                      "installatieklussen die de installateurs in het eerste "
                      "jaar aankunnen (één klus is één warmtepomp)"),
    LS_SPEC_DIST(installers_params, installers_draw, growth, 1, -0.5, 1.0, 0,
                 "1/yr", "yearly growth of the installer capacity",
                 "Groei capaciteit installateurs", "jaarlijkse groei van "
                 "het aantal klussen dat de installateurs aankunnen"),
    LS_SPEC_END,
};

static void installers_init(const void *params, const void *draw,
                            void *state)
{
    (void)params;
    const installers_draw *d = draw;
    installers_state *s = state;
    s->cap = d->capacity0;
    s->year = 0;
}

static void installers_step(const void *params, const void *draw,
                            void *state, int year, ls_stream *st,
                            ls_flows *out)
{
    (void)st;
    const installers_params *p = params;
    const installers_draw *d = draw;
    installers_state *s = state;
    if (s->year != 0)
        s->cap *= 1 + ls_param_value(&p->growth, d->growth, year);
    s->year = year;
    double cap = floor(s->cap);
    out->drive->cap[LS_POOL_INSTALL] = cap;
    out->metric[0] = cap;
}

static const ls_metric_def metrics[] = {
    {"capacity", "jobs/yr", "installation jobs the installers can do",
     LS_M_COUNT | LS_M_NONNEG, "Capaciteit installateurs (klussen per jaar)"},
    {NULL, NULL, NULL, 0, NULL},
};

const ls_model_type ls_model_installers = {
    .name = "installers",
    .doc = "installer capacity: a yearly cap on installation jobs shared by "
           "all sectors",
    .stage = LS_STAGE_DRIVER,
    .params_size = sizeof(installers_params),
    .draw_size = sizeof(installers_draw),
    .state_size = sizeof(installers_state),
    .metrics = metrics,
    .spec = spec,
    .check = NULL,
    .sample = NULL,
    .init = installers_init,
    .step = installers_step,
};
