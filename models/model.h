/*
 * model.h - the interface every sector model implements.
 *
 * A model is a const type object in the style of gsl_rng_type: a name, a
 * stage, a table of parameters, the sizes of its three blocks of memory,
 * and hooks.  The engine allocates the blocks (zeroed, once per thread,
 * before the parallel loop) and calls the hooks; a model never allocates
 * during a run, never parses its settings (config/ reads them from the
 * table) and never talks to another model except through the world its
 * stage may read.  Per path the engine calls sample() once, init() once,
 * and then step() for every year of the run; each call gets a random
 * stream keyed for exactly that (path, model, year), so a model's draws do
 * not depend on other models, on threads, or on the order paths are run
 * in.  Within a year, every draw whose uniforms are not a fixed count (a
 * binomial, a Poisson, a ziggurat normal, a loop of random length) or that
 * is made only sometimes takes a draw site of its own (ls_stream_site in
 * rng.h), numbered independently of the path's state, so that a draw's
 * numbers never depend on how many the draws before it consumed: this is
 * what keeps common random numbers common between keuzes.  A model whose
 * draws are a fixed count of uniforms in a fixed order may take them all
 * from site 0.  This header and base/ are all a model may include.
 */
#ifndef LS_MODEL_H
#define LS_MODEL_H

#include <math.h>
#include <stddef.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "../base/dist.h"
#include "../base/error.h"
#include "../base/lanes.h"
#include "../base/param.h"
#include "../base/rng.h"
#include "../base/sample.h"

/* Final-demand carriers of the energy balance. */
typedef enum ls_carrier {
    LS_GAS,       /* natural gas */
    LS_ELEC,      /* electricity */
    LS_HEAT,      /* district heat */
    LS_FUEL,      /* liquid fuels, biomass and other */
    LS_CARRIERS
} ls_carrier;

/* Renewable sources of the energy balance. */
typedef enum ls_source {
    LS_PV_ROOF,   /* rooftop solar: homes, farms, businesses */
    LS_PV_FIELD,  /* ground-mounted solar fields */
    LS_WIND,      /* wind turbines */
    LS_SOURCES
} ls_source;

/*
 * When a model steps in a year, and where its settings live.  Every year
 * the drivers step first, then the sectors, then the systems; within a
 * stage, instances step in scenario order.
 */
typedef enum ls_stage {
    LS_STAGE_DRIVER = 1, /* sets the world of a path-year (the weather);
                            one instance, configured by the top-level group
                            named like the type */
    LS_STAGE_SECTOR = 2, /* a sector's demand and production; instances
                            are the groups of `models` */
    LS_STAGE_SYSTEM = 3  /* sees the sum of the sectors' flows (the energy
                            balance); one instance, top-level group named
                            like the type */
} ls_stage;

/* Shared constraints: capacities a driver sets for a path-year and the
 * sectors draw on, in scenario order, through ls_claim(). */
typedef enum ls_pool {
    LS_POOL_INSTALL,  /* installation jobs (1 = one heat-pump install) */
    LS_POOL_LOAN,     /* EUR million the municipal loan fund can lend */
    LS_POOL_GRID,     /* MW of new large feed-in connections */
    LS_POOLS
} ls_pool;

/* What the drivers set for one path-year and every later stage reads.  The
 * engine starts each path from ls_world_normal() and keeps the world from
 * year to year; a driver writes only its own fields, all of them every
 * year, and finds the world as the previous year left it (out->world), so
 * that a fund sees what was lent from it.  The claims (`used`) start
 * afresh after the drivers; sectors read this year's world. */
typedef struct ls_world {
    double pv;              /* solar yield factor, 1 = normal year */
    double wind;            /* wind yield factor, 1 = normal year */
    double heat;            /* heating degree days, 1 = the start year's
                               normal */
    double gas_price;       /* gas price, 1 = the start year's level */
    double elec_price;      /* electricity price, 1 = the start year's */
    double cap[LS_POOLS];   /* what each shared constraint allows this
                               year (INFINITY: no constraint) */
    double used[LS_POOLS];  /* what the sectors have claimed so far */
} ls_world;

/* A year with no driver: normal weather, start-year prices, no limits. */
static inline ls_world ls_world_normal(void)
{
    ls_world w = {.pv = 1.0, .wind = 1.0, .heat = 1.0, .gas_price = 1.0,
                  .elec_price = 1.0};
    for (int i = 0; i < LS_POOLS; i++) {
        w.cap[i] = INFINITY;
        w.used[i] = 0.0;
    }
    return w;
}

/* What a model contributes in one year.  The engine zeroes demand and
 * production before each step and adds them up over the sectors; a
 * system's step finds the sectors' sums in them. */
typedef struct ls_flows {
    const ls_world *world;          /* input: this path-year's world */
    ls_world *drive;                /* a driver's output: the world the
                                       later stages see (NULL for them) */
    double *metric;                 /* this model's metrics, in the order of
                                       ls_model_type.metrics; step() writes
                                       every entry */
    double demand[LS_CARRIERS];     /* TJ/yr final demand counted toward
                                       neutrality */
    double production[LS_SOURCES];  /* TJ/yr local renewable production */
    ls_world *shared;               /* a sector's claims on the shared
                                       constraints (ls_claim); NULL for
                                       drivers and systems */
} ls_flows;

/* What is left of pool p this year (>= 0; INFINITY without a limit). */
static inline double ls_available(const ls_flows *out, ls_pool p)
{
    double left = out->shared->cap[p] - out->shared->used[p];
    return left > 0 ? left : 0.0;
}

/* How many whole units of `size` pool p can still grant (a loan, a
 * project's jobs, a turbine's MW): INFINITY when the pool has no limit or
 * a unit takes nothing.  Truncated by conversion (floor() is a library
 * call on the baseline x86-64); 1e-9 absorbs rounding in the division. */
static inline double ls_units_available(const ls_flows *out, ls_pool p,
                                        double size)
{
    double left = ls_available(out, p);
    if (!(size > 0) || isinf(left))
        return INFINITY;
    double n = left / size + 1e-9;
    return n < 4503599627370496.0 ? (double)(long long)n : n;
}

/* Claims up to `want` (>= 0) of pool p for a sector and returns what was
 * granted: all of it when the pool has room, else what is left.  Sectors
 * claim in scenario order, so the first in the file is served first. */
static inline double ls_claim(ls_flows *out, ls_pool p, double want)
{
    double left = ls_available(out, p);
    double got = want < left ? want : left;
    if (!(got > 0))
        return 0.0;
    out->shared->used[p] += got;
    return got;
}

/* Properties a metric must have on every path, checked for every model by
 * the test suite (tests/test_models.c).
 *
 * LS_M_DEMAND and LS_M_SUPPLY tie a sector's metrics to its flows, so that
 * the tests can check the energy balance against any set of sectors
 * without naming one: every year, the balance's demand_tj is the sum of
 * the sectors' LS_M_DEMAND metrics, and its renewable_tj the sum of their
 * LS_M_SUPPLY metrics plus its own other_renewable.  Only sectors carry
 * them (a system's metrics are sums, a driver has no flows); a sector has
 * at most one metric of each, and one that ever writes a nonzero demand
 * (production) must flag the metric that equals it. */
enum {
    LS_M_NONNEG = 1,    /* >= 0 */
    LS_M_COUNT = 2,     /* a whole number >= 0 */
    LS_M_FRACTION = 4,  /* in [0, 1] */
    LS_M_MONOTONE = 8,  /* never decreases from year to year */
    LS_M_DEMAND = 16,   /* equals the sum of out->demand over the carriers
                           in that year: the model's counted final demand
                           (TJ) */
    LS_M_SUPPLY = 32    /* equals the sum of out->production over the
                           sources in that year: the model's local
                           renewable production (TJ) */
};

/* One metric a model reports every year. */
typedef struct ls_metric_def {
    const char *name;   /* short name; reported as "<model>.<name>" */
    const char *unit;   /* e.g. "homes", "TJ", "fraction" */
    const char *doc;    /* one line */
    unsigned flags;     /* LS_M_* invariants */
    const char *label;  /* what the report calls it, in Dutch ("Woningen
                           op een warmtenet"); NULL: the name */
} ls_metric_def;

/* A broken cross-parameter rule, as a check hook reports it: config/
 * positions it at the parameter's setting (file, line, path). */
typedef struct ls_check {
    const char *param;            /* the parameter to blame */
    char msg[LS_ERROR_MSG_MAX];   /* what is wrong (what was expected) */
} ls_check;

typedef struct ls_model_type {
    const char *name;          /* registry name, e.g. "testbed" */
    const char *doc;           /* one line for --help and docs */
    ls_stage stage;            /* when it steps, where it is configured */
    int always;                /* drivers and systems: 1 if a scenario has
                                  the instance (with its defaults) even
                                  without its group */
    size_t params_size;        /* per scenario, read-only during a run */
    size_t draw_size;          /* per path: sampled uncertain parameters */
    size_t state_size;         /* per path: evolving state */
    const ls_metric_def *metrics; /* terminated by an entry with name NULL */
    const ls_param_spec *spec;    /* the parameters, terminated by an entry
                                     with name NULL; the engine samples
                                     every LS_PARAM_DIST entry, in table
                                     order, before sample() */

    /* Optional (NULL: no rules beyond the table's ranges).  Checks rules
     * between parameters once they are read (params is filled from the
     * spec).  Returns LS_OK, or LS_EINPUT with c->param and c->msg set
     * (ls_check_fail does both). */
    int (*check)(const void *params, ls_check *c);

    /* Optional (NULL: never idle).  1 if with these parameters step()
     * would draw nothing and leave the world normal and every flow zero, so
     * the engine may skip it; only for types without metrics. */
    int (*idle)(const void *params);

    /* Optional (NULL: nothing beyond the spec's distributions).  Draws
     * further per-path quantities into draw from st, from site 1 on (site
     * 0 holds the parameters' coordinates); the spec's LS_PARAM_DIST
     * values are already in draw when it is called. */
    void (*sample)(const void *params, ls_stream *st, void *draw);

    /* Required.  Sets state to the start of a path. */
    void (*init)(const void *params, const void *draw, void *state);

    /* Required.  Advances state by one year and writes the year's metrics
     * into out->metric. */
    void (*step)(const void *params, const void *draw, void *state,
                 int year, ls_stream *st, ls_flows *out);

    /* Optional (NULL: the engine calls step() path by path).  Advances
     * ln->n paths by one year at once, exactly as step() advances each of
     * them, to the bit: draw[l], state[l] and out[l] are path l's, and its
     * draws come from lane l of ln (lanes.h).  step() stays the readable
     * specification; tests/test_engine.c runs both on every type that has
     * both.  The engine uses it under Philox and the fast samplers. */
    void (*step_lanes)(const void *params, const void *const *draw,
                       void *const *state, int year, ls_lanes *ln,
                       ls_flows *out);
} ls_model_type;

/* The registry: every model type, NULL-terminated (models/registry.c). */
extern const ls_model_type *const ls_model_types[];

/* Fills *c (the parameter to blame, the message) and returns LS_EINPUT:
 * `return ls_check_fail(c, "nom0", "can exceed stock0 (...)");`. */
int ls_check_fail(ls_check *c, const char *param, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Looks a model type up by name; NULL if there is none. */
const ls_model_type *ls_model_find(const char *name);

/* Number of metrics of a type. */
size_t ls_model_metric_count(const ls_model_type *t);

/* Number of LS_PARAM_DIST entries in a type's spec. */
size_t ls_model_dist_count(const ls_model_type *t);

/* Fills draw with the path's value of every LS_PARAM_DIST parameter of t,
 * in spec order, each by inverse CDF from its coordinate z[k] (the engine
 * draws one uniform per parameter, whether it is a number, a distribution
 * or a schedule, so that changing one parameter's form never shifts
 * another's draw).  A parameter that takes shared parameter k
 * (ls_param.shared = k + 1) ignores its coordinate and evaluates at
 * shared_u[k], the path's uniform of that parameter.  The uniforms used
 * are stored in u[0 .. ls_model_dist_count(t)-1] and the values in
 * value[...] (NaN for a schedule), each if not NULL. */
void ls_model_sample_spec(const ls_model_type *t, const void *params,
                          void *draw, const double *z, double *u,
                          double *value, const double *shared_u);

/* Writes parameter sp of params as a scenario reader would say it: a
 * number, a whole number, or the description of a distribution or
 * schedule (ls_param_describe).  Returns buf. */
char *ls_model_param_text(const ls_param_spec *sp, const void *params,
                          char *buf, size_t n);

/* A standard normal cut at +-4, from one uniform of r (inverse CDF): the
 * yearly noise terms of the drivers and sectors. */
static inline double ls_normal_cut(const gsl_rng *r)
{
    double z = gsl_cdf_ugaussian_Pinv(gsl_rng_uniform_pos(r));
    return z > 4 ? 4 : z < -4 ? -4 : z;
}

/*
 * Rooftop solar, shared by the sectors that own roofs (homes, businesses,
 * farms): what a new system costs and earns, and how many owners install
 * one.  A sector embeds ls_pv_params in its params and ls_pv_draw in its
 * draw (both as the member `pv`), lists LS_PV_SPEC(P, D) in its table,
 * keeps an ls_pv_state, and each year
 *   payback = ls_pv_payback(...)   years to earn back a kWp at this year's
 *                                  cost, tariff and netting
 *   rate    = ls_pv_rate(...)      share of the owners without PV who
 *                                  install this year
 *   ls_pv_advance(...)             costs fall, new systems grow
 * The adoption rate is a diffusion (Bass) shape damped by the payback:
 *   rate = (p + q F) (1 - F) / (1 + (payback / pb_half)^2),
 * F = the share of the roof potential already used, so installations first
 * accelerate (imitation) and then saturate at the roof cap; a longer
 * payback (dearer systems, cheaper power, less netting) slows them.  The
 * value of a kWh is the tariff for the share used on site, and for the
 * share fed in the tariff where it is netted (salderingsregeling, a
 * schedule: the share of fed-in kWh netted each year) and the feed-in
 * price where not.
 */
typedef struct ls_pv_params {
    ls_param p, q, pb_half, cost0, cost_trend, size_growth, self_use,
        netting, feedin;
} ls_pv_params;

typedef struct ls_pv_draw {
    double p, q, pb_half, cost0, cost_trend, size_growth, self_use, netting,
        feedin;
} ls_pv_draw;

typedef struct ls_pv_state {
    double cost;   /* EUR/Wp of a new system this year */
    double size;   /* a new system's size relative to the start year's */
} ls_pv_state;

#define LS_PV_ENTRY(P, D, name_, field, lo_, hi_, once_, unit_, doc_,       \
                    label_, doc_nl_)                                         \
    {.name = name_, .kind = LS_PARAM_DIST, .offset = offsetof(P, pv.field),  \
     .draw_offset = offsetof(D, pv.field), .lo = (lo_), .hi = (hi_),         \
     .once = (once_), .required = 1, .unit = (unit_), .doc = (doc_),         \
     .label = (label_), .doc_nl = (doc_nl_)}
/* The table entries of the rooftop-solar parameters of params struct P and
 * draw struct D (the same names, labels and meanings in every sector). */
#define LS_PV_SPEC(P, D)                                                     \
    LS_PV_ENTRY(P, D, "pv_p", p, 0, 1, 0, "1/yr",                            \
                "PV diffusion: owners installing of their own accord",      \
                "Zonnepanelen: spontane aanschaf (Bass p)",                 \
                "verspreiding van zonnepanelen: eigenaren die uit zichzelf "\
                "panelen nemen"),                                           \
    LS_PV_ENTRY(P, D, "pv_q", q, 0, 10, 0, "1/yr",                           \
                "PV diffusion: imitation, times the potential used",        \
                "Zonnepanelen: navolging (Bass q)",                         \
                "verspreiding van zonnepanelen: navolging van anderen, maal "\
                "het deel van het dakpotentieel dat al benut is"),          \
    LS_PV_ENTRY(P, D, "pv_pb_half", pb_half, 0.1, 100, 0, "yr",              \
                "PV payback at which adoption halves",                      \
                "Zonnepanelen: terugverdientijd halve aanschaf",            \
                "terugverdientijd van zonnepanelen waarbij half zoveel "    \
                "eigenaren ze aanschaffen"),                                \
    LS_PV_ENTRY(P, D, "pv_cost0", cost0, 0, 20, 1, "EUR/Wp",                 \
                "cost of a new PV system in the start year",                \
                "Kosten zonnepanelen in het startjaar",                     \
                "kosten van een nieuwe installatie met zonnepanelen in het "\
                "startjaar"),                                               \
    LS_PV_ENTRY(P, D, "pv_cost_trend", cost_trend, -0.5, 0.5, 0, "1/yr",     \
                "yearly change of the PV system cost",                      \
                "Kostenontwikkeling zonnepanelen",                          \
                "jaarlijkse verandering van de kosten van een installatie " \
                "met zonnepanelen"),                                        \
    LS_PV_ENTRY(P, D, "pv_size_growth", size_growth, -0.5, 0.5, 0, "1/yr",   \
                "yearly growth of a new system's size",                     \
                "Groei omvang nieuwe zonnepaneleninstallatie",              \
                "jaarlijkse groei van het vermogen van een nieuwe "         \
                "installatie met zonnepanelen"),                            \
    LS_PV_ENTRY(P, D, "pv_self_use", self_use, 0, 1, 0, "fraction",          \
                "share of PV output used on site",                          \
                "Eigen verbruik zonnestroom",                               \
                "deel van de zonnestroom dat ter plekke wordt verbruikt"),  \
    LS_PV_ENTRY(P, D, "pv_netting", netting, 0, 1, 0, "fraction",            \
                "share of fed-in PV output netted (salderingsregeling)",    \
                "Saldering teruggeleverde zonnestroom",                     \
                "deel van de teruggeleverde zonnestroom dat wordt "         \
                "weggestreept tegen het verbruik (salderingsregeling)"),    \
    LS_PV_ENTRY(P, D, "pv_feedin", feedin, 0, 10, 0, "EUR/kWh",              \
                "price of fed-in PV output that is not netted",             \
                "Terugleververgoeding zonnestroom",                         \
                "vergoeding voor teruggeleverde zonnestroom die niet wordt "\
                "gesaldeerd")

static inline void ls_pv_start(const ls_pv_draw *d, ls_pv_state *s)
{
    s->cost = d->cost0;
    s->size = 1;
}

/* Years a kWp installed this year takes to earn back its cost, at
 * `tariff` EUR/kWh for power not bought and `yield` kWh/kWp/yr; INFINITY
 * when it earns nothing. */
static inline double ls_pv_payback(const ls_pv_params *p, const ls_pv_draw *d,
                                   const ls_pv_state *s, int year,
                                   double tariff, double yield)
{
    double self = ls_param_value(&p->self_use, d->self_use, year);
    double net = ls_param_value(&p->netting, d->netting, year);
    double feed = ls_param_value(&p->feedin, d->feedin, year);
    double eur_kwh = self * tariff +
                     (1 - self) * (net * tariff + (1 - net) * feed);
    double earn = eur_kwh * yield;
    return earn > 0 ? s->cost * 1000 / earn : INFINITY;
}

/* Share of the owners without PV who install it this year, with `used`
 * the share of the roof potential already covered (0..1). */
static inline double ls_pv_rate(const ls_pv_params *p, const ls_pv_draw *d,
                                int year, double used, double payback)
{
    double f = used < 0 ? 0 : used > 1 ? 1 : used;
    double x = payback / ls_param_value(&p->pb_half, d->pb_half, year);
    double r = (ls_param_value(&p->p, d->p, year) +
                ls_param_value(&p->q, d->q, year) * f) * (1 - f) /
               (1 + x * x);
    return r < 0 ? 0 : r > 1 ? 1 : r;
}

/* This year's adoption rate (ls_pv_rate) under this year's payback,
 * which it stores in *payback. */
static inline double ls_pv_adoption(const ls_pv_params *p,
                                    const ls_pv_draw *d,
                                    const ls_pv_state *s, int year,
                                    double tariff, double yield, double used,
                                    double *payback)
{
    *payback = ls_pv_payback(p, d, s, year, tariff, yield);
    return ls_pv_rate(p, d, year, used, *payback);
}

/* Moves costs and sizes on to next year. */
static inline void ls_pv_advance(const ls_pv_params *p, const ls_pv_draw *d,
                                 ls_pv_state *s, int year)
{
    s->cost *= 1 + ls_param_value(&p->cost_trend, d->cost_trend, year);
    s->size *= 1 + ls_param_value(&p->size_growth, d->size_growth, year);
}

/* kWh -> TJ, MWh -> TJ (1 kWh = 3.6 MJ). */
#define LS_TJ_PER_KWH 3.6e-6
#define LS_TJ_PER_MWH 3.6e-3
/* Groningen-quality natural gas, 31.65 MJ/m3 (docs/sources.md,
 * conventions). */
#define LS_TJ_PER_M3_GAS 31.65e-6

#endif /* LS_MODEL_H */
