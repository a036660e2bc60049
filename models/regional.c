/*
 * regional.c - wind turbines and solar fields of the Regional Energy
 * Strategy (RES regio Amersfoort) attributable to Leusden.
 *
 * Every project passes the same stages, each a binomial draw over the
 * projects in it (so a count never exceeds its pool):
 *   plan     from the year permits can be granted, each unpermitted
 *            project is dropped with probability attrition, then
 *            permitted with probability permit;
 *   appeal   a permit is appealed with probability appeal; the appeal
 *            takes appeal_years, after which the permit is annulled with
 *            probability appeal_lost (the project is gone);
 *   close    a permitted project whose appeals are over is dropped each
 *            year with probability drop (no subsidy, no financing, the
 *            developer gives up), else reaches its final decision with
 *            probability close;
 *   build    it runs `lead` years after the decision.
 * With appeal = 0, close = 1 and drop = 0 this is the permit lottery of
 * earlier versions: a permitted project runs after its lead time.  Wind projects are single
 * turbines of turbine_mw; solar projects are fields of field_ha hectares
 * (the planned hectares rounded up to whole fields).  Production:
 *   wind  = turbines x turbine_mw x full_load_hours x weather.wind
 *   solar = hectares x mwp_per_ha x solar_yield x weather.pv
 * times `share`, the part of the output that counts for Leusden (1 for
 * projects on Leusden's own land; Leusden's share of the region's for
 * regional projects - use two instances for both).
 * A project ready to run needs a grid connection: it claims its MW (a
 * turbine's turbine_mw, a field's MWp) from the grid driver's room for new
 * connections (LS_POOL_GRID); what the grid cannot take waits, and the
 * waiting projects connect first in later years (turbines before
 * fields).  Without a grid driver every project connects at once.
 * Before any permit, the municipality decides on a framework (the RES
 * pipeline's shared gate): in year gate_year, passing with the path's
 * gate_ok (1) or vetoing (0); a veto stops every project of the instance,
 * wind and solar alike, for the whole run.
 * Rejected: a deterministic build schedule, which would hide exactly the
 * permitting risk that decides whether the 2030 targets are met.
 */
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_randist.h>

#include "model.h"

#define PIPE 64 /* ring of future years; lead times are at most 30 */

typedef struct regional_params {
    ls_param turbines;          /* turbines planned */
    long long wind_from;        /* first year permits can be granted */
    ls_param wind_permit;       /* 1/yr permit chance per project */
    ls_param wind_attrition;    /* 1/yr chance a project is dropped */
    ls_param wind_lead;         /* years from decision to operation */
    ls_param wind_appeal;       /* chance a permit is appealed */
    ls_param wind_appeal_years; /* years an appeal takes */
    ls_param wind_appeal_lost;  /* chance an appeal annuls the permit */
    ls_param wind_close;        /* 1/yr chance of the final decision */
    ls_param wind_drop;         /* 1/yr chance a permitted one is dropped */
    ls_param turbine_mw;        /* MW per turbine */
    ls_param full_load_hours;   /* h/yr in a normal year */
    ls_param solar_ha;          /* hectares of solar fields planned */
    ls_param field_ha;          /* hectares per field (project) */
    long long solar_from;       /* first year permits can be granted */
    ls_param solar_permit;      /* 1/yr permit chance per field */
    ls_param solar_attrition;   /* 1/yr chance a field is dropped */
    ls_param solar_lead;        /* years from decision to operation */
    ls_param solar_appeal, solar_appeal_years, solar_appeal_lost,
        solar_close, solar_drop; /* as for wind */
    ls_param mwp_per_ha;        /* MWp/ha */
    ls_param solar_yield;       /* kWh/kWp/yr in a normal year */
    ls_param share;             /* fraction of the output counted */
    ls_param gate_year;         /* year of the framework decision */
    ls_param gate_ok;           /* 1: the framework passes, 0: a veto */
} regional_params;

typedef struct regional_draw {
    double turbines, wind_permit, wind_attrition, wind_lead, turbine_mw,
        full_load_hours, solar_ha, field_ha, solar_permit, solar_attrition,
        solar_lead, mwp_per_ha, solar_yield, share, gate_year, gate_ok;
    double wind_appeal, wind_appeal_years, wind_appeal_lost, wind_close,
        wind_drop, solar_appeal, solar_appeal_years, solar_appeal_lost,
        solar_close, solar_drop;
} regional_draw;

typedef struct regional_state {
    double wind_plan;           /* turbines not yet permitted */
    double wind_on;             /* turbines running */
    double solar_plan;          /* fields not yet permitted */
    double solar_on;            /* fields running */
    double wind_wait;           /* turbines built, waiting for the grid */
    double solar_wait;          /* fields built, waiting for the grid */
    double wind_pipe[PIPE];     /* turbines starting in year % PIPE */
    double solar_pipe[PIPE];    /* fields starting in year % PIPE */
    double wind_ready, solar_ready;  /* permitted, appeals over, no final
                                        decision yet */
    double wind_court[PIPE];    /* appeals decided in year % PIPE */
    double solar_court[PIPE];
} regional_state;

#define DIST(field, lo, hi, unit, doc, label, doc_nl)                         \
    LS_SPEC_DIST(regional_params, regional_draw, field, 1, lo, hi, 0, unit,  \
                 doc, label, doc_nl)
#define ONCE(field, integer, hi, unit, doc, label, doc_nl)                    \
    LS_SPEC_DIST_ONCE(regional_params, regional_draw, field, integer, 0, hi,  \
                      unit, doc, label, doc_nl)
/* Per-unit capacities are fixed per path (no schedule): a schedule would
 * re-rate turbines and fields already built.  LEAD: whole years, 0 to 30
 * (the lead times; the appeals' durations, optional with default 0). */
#define LEAD(field, req, doc, label, doc_nl)                                  \
    LS_SPEC_DIST_INT(regional_params, regional_draw, field, req, 0, 30, 0,   \
                     "years", doc, label, doc_nl)
/* An optional parameter (not required) from 0 to hi, default def. */
#define OPT(field, hi, def, unit, doc, label, doc_nl)                         \
    LS_SPEC_DIST(regional_params, regional_draw, field, 0, 0, hi, def, unit, \
                 doc, label, doc_nl)

static const ls_param_spec spec[] = {
    ONCE(turbines, 1, 1000, "turbines", "wind turbines planned",
         "Geplande windturbines", "aantal geplande windturbines"),
    LS_SPEC_INT(regional_params, wind_from, 1, 1900, 2200, 0, "year",
                "first year wind permits can be granted",
                "Eerste vergunningsjaar windturbines", "eerste jaar waarin "
                "vergunningen voor windturbines kunnen worden verleend"),
    DIST(wind_permit, 0, 1, "1/yr", "yearly permit chance per turbine",
         "Vergunningskans windturbine",
         "jaarlijkse kans op een vergunning per windturbine"),
    DIST(wind_attrition, 0, 1, "1/yr",
         "yearly chance an unpermitted turbine is dropped",
         "Uitval windturbines zonder vergunning",
         "jaarlijkse kans dat een windturbine zonder vergunning afvalt"),
    LEAD(wind_lead, 1, "years from the final decision to operation (wind)",
         "Bouwtijd windturbine", "aantal jaren van het definitieve besluit "
         "tot de ingebruikname van een windturbine"),
    ONCE(turbine_mw, 0, 20, "MW", "capacity per turbine",
         "Vermogen per windturbine", "vermogen van één windturbine"),
    DIST(full_load_hours, 0, 8760, "h/yr", "wind full-load hours",
         "Vollasturen windturbines",
         "vollasturen van de windturbines in een normaal jaar"),
    ONCE(solar_ha, 0, 1e5, "ha", "hectares of solar fields planned",
         "Geplande oppervlakte zonnevelden",
         "oppervlakte aan zonnevelden die gepland is"),
    ONCE(field_ha, 0, 1e4, "ha", "hectares per solar field",
         "Oppervlakte per zonneveld", "oppervlakte van één zonneveld"),
    LS_SPEC_INT(regional_params, solar_from, 1, 1900, 2200, 0, "year",
                "first year solar-field permits can be granted",
                "Eerste vergunningsjaar zonnevelden", "eerste jaar waarin "
                "vergunningen voor zonnevelden kunnen worden verleend"),
    DIST(solar_permit, 0, 1, "1/yr", "yearly permit chance per field",
         "Vergunningskans zonneveld",
         "jaarlijkse kans op een vergunning per zonneveld"),
    DIST(solar_attrition, 0, 1, "1/yr",
         "yearly chance an unpermitted field is dropped",
         "Uitval zonnevelden zonder vergunning",
         "jaarlijkse kans dat een zonneveld zonder vergunning afvalt"),
    LEAD(solar_lead, 1, "years from the final decision to operation (solar)",
         "Bouwtijd zonneveld", "aantal jaren van het definitieve besluit "
         "tot de ingebruikname van een zonneveld"),
    ONCE(mwp_per_ha, 0, 5, "MWp/ha", "solar-field density",
         "Vermogen per hectare zonneveld",
         "opgesteld vermogen per hectare zonneveld"),
    DIST(solar_yield, 100, 2500, "kWh/kWp/yr", "solar-field yield",
         "Opbrengst zonnevelden",
         "opbrengst van de zonnevelden in een normaal jaar"),
    DIST(share, 0, 1, "fraction", "share of the output counted for Leusden",
         "Aandeel voor Leusden",
         "deel van de opwek dat voor Leusden meetelt"),
    {.name = "gate_year", .kind = LS_PARAM_DIST,
     .offset = offsetof(regional_params, gate_year),
     .draw_offset = offsetof(regional_draw, gate_year), .lo = 0, .hi = 3000,
     .integer = 1, .once = 1, .def = 0, .unit = "year",
     .doc = "year of the municipality's framework decision (0: none needed)",
     .label = "Jaar van het gemeentelijke kader",
     .doc_nl = "jaar waarin de gemeenteraad over het kader voor wind en zon "
               "besluit (0: geen besluit nodig)"},
    {.name = "gate_ok", .kind = LS_PARAM_DIST,
     .offset = offsetof(regional_params, gate_ok),
     .draw_offset = offsetof(regional_draw, gate_ok), .lo = 0, .hi = 1,
     .integer = 1, .once = 1, .def = 1, .unit = "0/1",
     .doc = "1: the framework passes; 0: a veto stops every project",
     .label = "Kader aangenomen",
     .doc_nl = "1: het kader wordt aangenomen; 0: een veto houdt alle "
               "projecten tegen"},
    /* After the older entries, so that their draws do not move. */
    OPT(wind_appeal, 1, 0, "probability", "chance a wind permit is appealed",
        "Kans op beroep tegen windvergunning", "kans dat tegen de "
        "vergunning voor een windturbine beroep wordt ingesteld"),
    LEAD(wind_appeal_years, 0, "years a wind appeal takes",
         "Duur beroepsprocedure wind", "aantal jaren dat een beroep tegen "
         "een windvergunning duurt"),
    OPT(wind_appeal_lost, 1, 0, "probability",
        "chance an appeal annuls a wind permit",
        "Vernietiging windvergunning in beroep", "kans dat de rechter in "
        "beroep de vergunning voor een windturbine vernietigt"),
    OPT(wind_close, 1, 1, "1/yr", "yearly chance a permitted turbine reaches "
        "its final decision (default 1)", "Definitief besluit windturbine",
        "jaarlijkse kans dat een vergunde windturbine het definitieve "
        "besluit haalt (standaard 1)"),
    OPT(wind_drop, 1, 0, "1/yr", "yearly chance a permitted turbine is "
        "dropped", "Afvallen vergunde windturbine", "jaarlijkse kans dat "
        "een vergunde windturbine toch afvalt (geen subsidie, geen "
        "financiering)"),
    OPT(solar_appeal, 1, 0, "probability",
        "chance a solar-field permit is appealed",
        "Kans op beroep tegen zonneveldvergunning", "kans dat tegen de "
        "vergunning voor een zonneveld beroep wordt ingesteld"),
    LEAD(solar_appeal_years, 0, "years a solar-field appeal takes",
         "Duur beroepsprocedure zonneveld", "aantal jaren dat een beroep "
         "tegen een zonneveldvergunning duurt"),
    OPT(solar_appeal_lost, 1, 0, "probability",
        "chance an appeal annuls a field permit",
        "Vernietiging zonneveldvergunning in beroep", "kans dat de rechter "
        "in beroep de vergunning voor een zonneveld vernietigt"),
    OPT(solar_close, 1, 1, "1/yr", "yearly chance a permitted field reaches "
        "its final decision (default 1)", "Definitief besluit zonneveld",
        "jaarlijkse kans dat een vergund zonneveld het definitieve besluit "
        "haalt (standaard 1)"),
    OPT(solar_drop, 1, 0, "1/yr", "yearly chance a permitted field is "
        "dropped", "Afvallen vergund zonneveld", "jaarlijkse kans dat een "
        "vergund zonneveld toch afvalt (geen subsidie, geen financiering)"),
    LS_SPEC_END,
};

static int regional_check(const void *params, ls_check *c)
{
    const regional_params *p = params;
    if (p->solar_ha.dist.hi > 0 && !(p->field_ha.dist.lo > 0))
        return ls_check_fail(c, "field_ha", "can be 0 while solar_ha is not "
                             "(expected a positive field size)");
    if (p->solar_ha.dist.hi > 0 && p->solar_ha.dist.hi / p->field_ha.dist.lo > 1e6)
        return ls_check_fail(c, "field_ha", "makes up to %g fields (expected "
                             "at most a million)",
                             p->solar_ha.dist.hi / p->field_ha.dist.lo);
    return LS_OK;
}

static void regional_init(const void *params, const void *draw, void *state)
{
    (void)params;
    const regional_draw *d = draw;
    regional_state *s = state;
    s->wind_plan = d->turbines;
    s->wind_on = 0;
    /* Whole fields, not one more for a rounding error in the ratio. */
    double fields = d->field_ha > 0 ? d->solar_ha / d->field_ha : 0;
    s->solar_plan = ceil(fields - 1e-9 * fields);
    s->solar_on = 0;
    s->wind_wait = s->solar_wait = 0;
    s->wind_ready = s->solar_ready = 0;
    for (int i = 0; i < PIPE; i++)
        s->wind_pipe[i] = s->solar_pipe[i] = s->wind_court[i] =
            s->solar_court[i] = 0;
}

/* The stages of one technology's projects (see the head of the file). */
typedef struct stages {
    double *plan, *ready, *court, *pipe;
    double attrition, permit, appeal, appeal_years, appeal_lost, close, drop,
        lead;
} stages;

/* The draw sites of a pipeline-year (rng.h), from the pipeline's first
 * site: wind's are 1.., solar's S_PIPELINE + 1... */
enum {
    S_ATTRITION = 1, S_PERMIT, S_APPEAL, S_LOST, S_DROP, S_CLOSE,
    S_PIPELINE = S_CLOSE
};

/* One year of a project pipeline: attrition and permits (while open),
 * appeals, final decisions, start-ups.  Returns the projects ready to
 * run this year. */
static double pipeline(ls_stream *st, unsigned site, const stages *g,
                       int year, int open)
{
    if (open) {
        *g->plan -= ls_binomial(st, site + S_ATTRITION, g->attrition, *g->plan);
        double k = ls_binomial(st, site + S_PERMIT, g->permit, *g->plan);
        *g->plan -= k;
        double appealed =
            g->appeal > 0
                ? ls_binomial(st, site + S_APPEAL, g->appeal,
                              k)
                : 0;
        g->court[(year + (int)g->appeal_years) % PIPE] += appealed;
        *g->ready += k - appealed;
    }
    /* Appeals decided this year (an appeal of 0 years the same year). */
    double heard = g->court[year % PIPE];
    g->court[year % PIPE] = 0;
    if (heard > 0)
        *g->ready += heard - ls_binomial(st, site + S_LOST, g->appeal_lost, heard);
    if (*g->ready > 0) {
        if (g->drop > 0)
            *g->ready -= ls_binomial(st, site + S_DROP, g->drop, *g->ready);
        double go = g->close < 1
                        ? ls_binomial(st, site + S_CLOSE, g->close, *g->ready)
                        : *g->ready;
        *g->ready -= go;
        g->pipe[(year + (int)g->lead) % PIPE] += go;
    }
    double started = g->pipe[year % PIPE];
    g->pipe[year % PIPE] = 0;
    return started;
}

/* Connects as many of the `ready` projects of `mw` MW each as the grid
 * can take; the rest wait in *wait.  Returns the projects connected and
 * adds their MW to *connected. */
static double connect(double ready, double mw, double *wait, ls_flows *out,
                      double *connected)
{
    double want = *wait + ready, got = want;
    if (want > 0 && mw > 0) {
        double room = ls_units_available(out, LS_POOL_GRID, mw);
        got = room < want ? room : want;
        *connected += ls_claim(out, LS_POOL_GRID, got * mw);
    }
    *wait = want - got;
    return got;
}

enum {
    M_TURBINES, M_WIND_MW, M_WIND_TJ, M_FIELDS, M_SOLAR_MWP, M_SOLAR_TJ,
    M_OUTER_TJ, M_WAITING, M_CONNECTED
};

static void regional_step(const void *params, const void *draw, void *state,
                          int year, ls_stream *st, ls_flows *out)
{
    const regional_params *p = params;
    const regional_draw *d = draw;
    regional_state *s = state;

    /* The shared gate: nothing is permitted before the framework, and
     * nothing at all after a veto. */
    int gate = d->gate_ok > 0 && year >= d->gate_year;
#define STAGES(t)                                                            \
    {&s->t##_plan, &s->t##_ready, s->t##_court, s->t##_pipe,                 \
     ls_param_value(&p->t##_attrition, d->t##_attrition, year),              \
     ls_param_value(&p->t##_permit, d->t##_permit, year),                    \
     ls_param_value(&p->t##_appeal, d->t##_appeal, year),                    \
     ls_param_value(&p->t##_appeal_years, d->t##_appeal_years, year),        \
     ls_param_value(&p->t##_appeal_lost, d->t##_appeal_lost, year),          \
     ls_param_value(&p->t##_close, d->t##_close, year),                      \
     ls_param_value(&p->t##_drop, d->t##_drop, year),                        \
     ls_param_value(&p->t##_lead, d->t##_lead, year)}
    const stages wind = STAGES(wind), solar = STAGES(solar);
#undef STAGES
    double wind_ready = pipeline(st, 0, &wind, year,
                                 gate && year >= p->wind_from);
    double solar_ready = pipeline(st, S_PIPELINE, &solar, year,
                                  gate && year >= p->solar_from);
    double mw = 0;
    s->wind_on += connect(wind_ready, ls_param_value(&p->turbine_mw,
                                                     d->turbine_mw, year),
                          &s->wind_wait, out, &mw);
    s->solar_on += connect(solar_ready, d->field_ha *
                           ls_param_value(&p->mwp_per_ha, d->mwp_per_ha,
                                          year), &s->solar_wait, out, &mw);

    double share = ls_param_value(&p->share, d->share, year);
    double wind_mw = s->wind_on * ls_param_value(&p->turbine_mw,
                                                 d->turbine_mw, year);
    double wind_tj = wind_mw * ls_param_value(&p->full_load_hours,
                                              d->full_load_hours, year) *
                     LS_TJ_PER_MWH * out->world->wind * share;
    double solar_mwp = s->solar_on * d->field_ha *
                       ls_param_value(&p->mwp_per_ha, d->mwp_per_ha, year);
    double solar_tj = solar_mwp * ls_param_value(&p->solar_yield,
                                                 d->solar_yield, year) *
                      LS_TJ_PER_MWH * out->world->pv * share;

    out->production[LS_WIND] = wind_tj;
    out->production[LS_PV_FIELD] = solar_tj;
    double *m = out->metric;
    m[M_TURBINES] = s->wind_on;
    m[M_WIND_MW] = wind_mw;
    m[M_WIND_TJ] = wind_tj;
    m[M_FIELDS] = s->solar_on;
    m[M_SOLAR_MWP] = solar_mwp;
    m[M_SOLAR_TJ] = solar_tj;
    m[M_OUTER_TJ] = wind_tj + solar_tj;
    m[M_WAITING] = s->wind_wait + s->solar_wait;
    m[M_CONNECTED] = mw;
}

static const ls_metric_def metrics[] = {
    {"turbines", "turbines", "wind turbines running",
     LS_M_COUNT | LS_M_MONOTONE, "Windturbines in bedrijf"},
    {"wind_mw", "MW", "wind capacity running",
     LS_M_NONNEG, "Windvermogen (MW)"},
    {"wind_tj", "TJ", "wind production counted for Leusden",
     LS_M_NONNEG, "Windstroom (TJ)"},
    {"fields", "fields", "solar fields running",
     LS_M_COUNT | LS_M_MONOTONE, "Zonnevelden in bedrijf"},
    {"solar_mwp", "MWp", "solar-field capacity running",
     LS_M_NONNEG, "Vermogen zonnevelden (MWp)"},
    {"solar_tj", "TJ", "solar-field production counted for Leusden",
     LS_M_NONNEG, "Stroom uit zonnevelden (TJ)"},
    {"outer_tj", "TJ", "wind + solar fields (outer-area generation)",
     LS_M_NONNEG | LS_M_SUPPLY, "Opwek in het buitengebied (TJ)"},
    {"waiting", "projects", "turbines and fields built, waiting for the grid",
     LS_M_COUNT, "Projecten wachtend op het net"},
    {"connected_mw", "MW", "capacity connected to the grid this year",
     LS_M_NONNEG, "Nieuw aangesloten op het net (MW)"},
    {NULL, NULL, NULL, 0, NULL},
};

const ls_model_type ls_model_regional = {
    .name = "regional",
    .doc = "RES wind turbines and solar fields: permit lottery, lead times, "
           "attrition, Leusden's share",
    .stage = LS_STAGE_SECTOR,
    .params_size = sizeof(regional_params),
    .draw_size = sizeof(regional_draw),
    .state_size = sizeof(regional_state),
    .metrics = metrics,
    .spec = spec,
    .check = regional_check,
    .sample = NULL,
    .init = regional_init,
    .step = regional_step,
};
