/*
 * model.h - the interface every sector model implements.
 *
 * A model is a const type object in the style of gsl_rng_type: a name, the
 * sizes of its three blocks of memory, and hooks.  The engine allocates the
 * blocks (zeroed, once per thread, before the parallel loop) and calls the
 * hooks; a model never allocates during a run and never talks to another
 * model.  Per path the engine calls sample() once, init() once, and then
 * step() for every year of the run; each call gets a random stream keyed
 * for exactly that (path, model, year), so a model's draws do not depend on
 * other models, on threads, or on the order paths are run in.
 */
#ifndef LS_MODEL_H
#define LS_MODEL_H

#include <stddef.h>

#include <libconfig.h>

#include "../sim/error.h"
#include "../sim/rng.h"

/* What a model contributes in one year. */
typedef struct ls_flows {
    double *metric;   /* this model's metrics, in the order of
                         ls_model_type.metrics; step() writes every entry */
} ls_flows;

/* One metric a model reports every year. */
typedef struct ls_metric_def {
    const char *name;   /* short name; reported as "<model>.<name>" */
    const char *unit;   /* e.g. "homes", "TJ", "fraction" */
    const char *doc;    /* one line */
} ls_metric_def;

typedef struct ls_model_type {
    const char *name;          /* registry name, e.g. "testbed" */
    const char *doc;           /* one line for --help and docs */
    size_t params_size;        /* per scenario, read-only during a run */
    size_t draw_size;          /* per path: sampled uncertain parameters */
    size_t state_size;         /* per path: evolving state */
    const ls_metric_def *metrics; /* terminated by an entry with name NULL */

    /* Required.  Reads the model's setting group s into params, which is
     * zeroed.  Returns LS_OK, or LS_EINPUT with *e filled in (file, line,
     * setting path; config/setting.h does that). */
    int (*configure)(void *params, const config_setting_t *s, ls_error *e);

    /* Optional (NULL: the model has no uncertain parameters).  Draws the
     * path's uncertain parameters into draw from st. */
    void (*sample)(const void *params, ls_stream *st, void *draw);

    /* Required.  Sets state to the start of a path. */
    void (*init)(const void *params, const void *draw, void *state);

    /* Required.  Advances state by one year and writes the year's metrics
     * into out->metric. */
    void (*step)(const void *params, const void *draw, void *state,
                 int year, ls_stream *st, ls_flows *out);
} ls_model_type;

/* The registry: every model type, NULL-terminated (models/registry.c). */
extern const ls_model_type *const ls_model_types[];

/* Looks a model type up by name; NULL if there is none. */
const ls_model_type *ls_model_find(const char *name);

/* Number of metrics of a type. */
size_t ls_model_metric_count(const ls_model_type *t);

#endif /* LS_MODEL_H */
