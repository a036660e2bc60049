/*
 * scenario.h - a loaded, validated scenario.
 *
 * A scenario file (libconfig syntax) names the run (seed, years, generator,
 * default path count), the model instances with their parameters, and the
 * targets (tussendoelen) whose probability the run estimates:
 *
 *   scenario = { name = "testbed"; seed = 2018; start = 2018; end = 2040;
 *                rng = "philox4x64"; paths = 100000; };
 *   models = { testbed = { n = 40; p = 0.05; }; };
 *   targets = ( { name = "count-2030"; year = 2030; metric = "testbed.count";
 *                 op = ">="; threshold = 30; } );
 *
 * A sector instance is named by its group in `models`; its type is the
 * group name unless it has `type = "..."`.  Drivers and systems (the
 * weather, the energy balance) are configured by the top-level group named
 * like their type, and have one instance of that name.  The instance name
 * keys its random streams.  The instances are kept in step order: drivers,
 * sectors, systems.
 *
 * This header is the scenario as the rest of the program sees it, and does
 * not include libconfig: config/load.c reads files into it, capturing the
 * source comments and file heads, so nothing re-opens an input later.
 */
#ifndef LS_SCENARIO_H
#define LS_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../base/limits.h"
#include "../base/rng.h"
#include "../models/model.h"

typedef enum ls_op {
    LS_OP_GE,   /* hit when metric >= threshold */
    LS_OP_LE    /* hit when metric <= threshold */
} ls_op;

typedef struct ls_target {
    char *name;        /* unique within the scenario */
    int year;          /* evaluated at the end of this year */
    size_t metric;     /* index into ls_scenario.metric_names */
    ls_op op;
    double threshold;  /* in the metric's unit */
    char *source;      /* where the target comes from, "" if not given */
    int has_observed;  /* 1: the year is past and its value was observed */
    double observed;   /* that value, in the metric's unit */
    char *observed_source; /* where it was observed; NULL without one */
    char *label;       /* what the report calls it ("Energieneutraal in
                          2040"); the name when not given */
} ls_target;

/* 1 if an observed target was met. */
static inline int ls_target_met(const ls_target *g)
{
    return g->op == LS_OP_GE ? g->observed >= g->threshold
                             : g->observed <= g->threshold;
}

/* Where a parameter's value was written: file and line, or the file
 * "--set" (line 0), or no file at all for a model's default; and the
 * comment that documents it there (its source). */
typedef struct ls_origin {
    char *file;     /* NULL: the model's default */
    int line;
    char *note;     /* the comment lines right above the value and a comment
                       on its line, joined by spaces; "" if none, NULL when
                       file is NULL or line is 0 */
} ls_origin;

/* The comment block at the top of a file values came from: what the file
 * is and the abbreviations its source comments use. */
typedef struct ls_file_head {
    char *file;     /* as given (the scenario's, a base's, an @include's) */
    char *text;     /* its leading comment lines without the '#' and one
                       space, each ending in a newline; "" if none */
} ls_file_head;

/* Where an overridden setting's value came from. */
typedef struct ls_override {
    char *path;       /* "models.regional.turbines" */
    char *file;       /* file of the new value, or "--set" */
    int line;         /* its line, 0 for --set */
    char *was_file;   /* file of the value it replaced, "" if none */
    int was_line;     /* its line */
} ls_override;

typedef struct ls_model_inst {
    char *name;                 /* instance name, keys the streams */
    const ls_model_type *type;
    void *params;               /* type->params_size bytes, configured */
    uint64_t id;                /* ls_rng_name_id(name) */
    size_t metric0;             /* index of its first metric */
    size_t n_dists;             /* its LS_PARAM_DIST parameters */
    size_t u0;                  /* index of its first in the path's
                                   uniforms (ls_engine sensitivity) */
    ls_origin *origin;          /* [spec entries] where each value came
                                   from (inheritance and --set included) */
} ls_model_inst;

/* An uncertain parameter the sensitivity analysis bins paths on: one with
 * a non-degenerate distribution (not a fixed number, not a schedule). */
typedef struct ls_sens_param {
    char *name;     /* "<instance>.<parameter>", or "shared.<name>" */
    size_t model;   /* index into ls_scenario.models; SIZE_MAX for a
                       shared parameter */
    size_t spec;    /* index into that model type's spec (the shared
                       parameter's index) */
    size_t u;       /* index into the path's uniforms */
} ls_sens_param;

/* A parameter declared once, in the top-level `shared` group, and taken
 * by every model parameter that says "shared.NAME": one value per path for
 * what is one quantity in reality (the solar yield, a panel's size). */
typedef struct ls_shared {
    char *name;       /* "shared.<name>" */
    ls_param value;   /* its number or distribution (each user checks it
                         against its own range) */
    uint64_t id;      /* ls_rng_name_id(name): keys the path's uniform */
    size_t users;     /* model parameters that take it (>= 1) */
    int correlated;   /* 1: in a rank correlation (the copula moves it) */
    ls_origin origin; /* where its value came from */
} ls_shared;

/* A rank correlation between two shared parameters (`correlations`),
 * made with a Gaussian copula: Spearman's rho between their values is
 * `rank` on every path set, whatever their distributions. */
typedef struct ls_correlation {
    size_t a, b;      /* indexes into ls_scenario.shared */
    double rank;      /* Spearman's rho as written, in (-1, 1) */
    double normal;    /* the copula's correlation, 2 sin(pi rank / 6) */
} ls_correlation;

/* A metric that adds up model metrics of the same unit: "aggregates.<name>"
 * = the sum of its terms, every path-year (the RES region's output over
 * all regional instances, a cost over several sectors). */
typedef struct ls_aggregate {
    size_t metric;        /* its index in ls_scenario.metric_names */
    size_t n_terms;
    size_t *terms;        /* [n_terms] the model metrics it adds up */
    char *name;           /* the part after "aggregates." */
    char *doc;            /* what it is ("sum of a + b" when not given) */
    char *label;          /* what the report calls it; NULL: none given */
    ls_metric_def def;    /* name, unit, doc and the flags all terms share */
} ls_aggregate;

typedef struct ls_scenario {
    char *file;            /* path it was loaded from */
    char *name;            /* scenario.name */
    char *label;           /* scenario.label: what the reports call it
                              ("Netversterking eerder"); the name when not
                              given */
    uint64_t seed;         /* scenario.seed */
    int year0, year1;      /* first and last simulated year, inclusive */
    const ls_rng_kind *rng;/* scenario.rng */
    ls_samplers samplers; /* scenario.samplers */
    uint64_t paths;        /* default number of paths */
    size_t n_models;       /* instances in step order: drivers, sectors,
                              systems */
    ls_model_inst *models;
    size_t n_dists;        /* LS_PARAM_DIST parameters over all models */
    size_t n_sens;         /* of which truly uncertain */
    ls_sens_param *sens;   /* [n_sens] */
    size_t n_shared;       /* shared parameters; their uniforms follow the
                              models' (index n_dists + k) */
    ls_shared *shared;
    size_t n_correlations;
    ls_correlation *correlations;
    double *copula;        /* [n_shared^2] lower Cholesky factor of the
                              copula's correlation matrix, row-major; NULL
                              without correlations */
    size_t n_metrics;      /* over all instances, then the aggregates */
    char **metric_names;   /* "<instance>.<metric>" */
    const ls_metric_def **metric_defs;
    size_t n_aggregates;   /* their metrics follow the models' */
    ls_aggregate *aggregates;
    size_t n_targets;
    ls_target *targets;
    size_t n_overrides;    /* settings inherited files or --set replaced */
    ls_override *overrides;
    size_t n_heads;        /* the scenario file's, then those of the files
                              values came from, in model and table order */
    ls_file_head *heads;
    struct ls_names *metric_index; /* metric_names by name (base/names.h);
                                      NULL: ls_scenario_metric searches */
} ls_scenario;

/* Loads and validates file (config/load.c) into *sc (which it initialises).  Returns LS_OK;
 * LS_EINPUT for a missing, unreadable or invalid file; LS_ERUNTIME when out
 * of memory.  On failure *sc is left destroyed (safe to destroy again). */
int ls_scenario_load(ls_scenario *sc, const char *file, ls_error *e);

/* As ls_scenario_load, applying the n command-line overrides sets[i]
 * ("path=value", tree.h) after the file's own inheritance. */
int ls_scenario_load_set(ls_scenario *sc, const char *file,
                         const char *const *sets, size_t n, ls_error *e);

/* Frees everything *sc owns; sc may be zeroed or already destroyed. */
void ls_scenario_destroy(ls_scenario *sc);

/* Refuses (LS_EINPUT, naming both) two model instances or shared
 * parameters whose names hash to the same random-stream id
 * (ls_rng_name_id): they would draw the same numbers.  The loader calls
 * it; LS_OK for any scenario whose ids are distinct. */
int ls_scenario_check_ids(const ls_scenario *sc, ls_error *e);

/* Index of a metric by its full name, or -1. */
long ls_scenario_metric(const ls_scenario *sc, const char *name);

/* Index of a target by its name, or -1. */
long ls_scenario_target(const ls_scenario *sc, const char *name);

/* Number of simulated years. */
static inline size_t ls_scenario_years(const ls_scenario *sc)
{
    return (size_t)(sc->year1 - sc->year0 + 1);
}

/* 1 if a and b give bitwise the same metrics on every path (same seed,
 * generator, years, weather and model instances with the same parameters),
 * so any difference between them is exactly zero. */
int ls_scenario_same_paths(const ls_scenario *a, const ls_scenario *b);

/* Index of the instance named name, or -1. */
long ls_scenario_instance(const ls_scenario *sc, const char *name);

/* The setting path of instance m's parameter table: "models.<name>" for a
 * sector, "<name>" for a driver or system (into buf of size n). */
const char *ls_scenario_group_path(const ls_scenario *sc, size_t m, char *buf,
                                   size_t n);

/*
 * Sets parameter k (spec index) of instance m to the plain number x, as if
 * the scenario had said `name = x;` at `where` (a file or "--vary"), and
 * checks it against the table's range and the model's cross-parameter
 * rules.  Returns LS_OK, or LS_EINPUT with the error at `where` and the
 * parameter's setting path (x is then not set, and the instance is as
 * before).  For sweeps: nothing else of the scenario changes.
 */
int ls_scenario_set_value(ls_scenario *sc, size_t m, size_t k, double x,
                          const char *where, ls_error *e);

/* ">=" or "<=". */
const char *ls_op_str(ls_op op);

#endif /* LS_SCENARIO_H */
