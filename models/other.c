/*
 * other.c - the rest of Leusden's final demand: transport, industry and
 * agriculture other than the dairy farms, as exogenous trends.
 *
 * Transport is split into local traffic and through traffic on the A28
 * motorway; include_motorway decides whether the latter counts toward
 * neutrality (the Routekaart's scope is a setting, see docs/models.md).
 * Electric vehicles take over a share ev_share(t) of the vehicle
 * kilometres (a schedule), using ev_efficiency times the energy of a
 * combustion engine, as electricity; the start's transport energy already
 * holds the start's EVs, so the energy per km is taken relative to the
 * first year's mix.  Industry and other agriculture
 * follow a yearly efficiency trend.  Road transport also varies from year
 * to year around its trend (traffic, counting): a factor normal around 1
 * with sd transport_sd, cut at +-4 sd, from one uniform a year (none when
 * the sd is 0).  These sectors are not levers of the plan, only part of
 * the balance it must close.
 */
#include <math.h>
#include <stddef.h>

#include "model.h"

typedef struct other_params {
    ls_param transport_tj;     /* TJ/yr local road transport at the start */
    ls_param motorway_tj;      /* TJ/yr A28 through traffic at the start */
    long long include_motorway;/* 1: motorway demand counts */
    ls_param transport_trend;  /* 1/yr change of vehicle kilometres */
    double transport_sd;       /* sd of the yearly transport factor */
    ls_param ev_share;         /* fraction of vehicle-km driven electric */
    ls_param ev_efficiency;    /* EV energy / combustion energy per km */
    ls_param industry_tj;      /* TJ/yr at the start */
    ls_param industry_gas;     /* fraction of industry use that is gas */
    ls_param agriculture_tj;   /* TJ/yr other agriculture at the start */
    ls_param trend;            /* 1/yr efficiency trend of industry and
                                  agriculture */
} other_params;

typedef struct other_draw {
    double transport_tj, motorway_tj, transport_trend, ev_share,
        ev_efficiency, industry_tj, industry_gas, agriculture_tj, trend;
} other_draw;

typedef struct other_state {
    double km;       /* vehicle kilometres relative to the start */
    double eff;      /* industry/agriculture use relative to the start */
    double mix0;     /* the start year's energy per km relative to all
                        combustion (0 before the first step) */
} other_state;

#define DIST(field, lo, hi, unit, doc, label, doc_nl)                         \
    LS_SPEC_DIST(other_params, other_draw, field, 1, lo, hi, 0, unit, doc,   \
                 label, doc_nl)
#define ONCE(field, hi, unit, doc, label, doc_nl)                             \
    LS_SPEC_DIST_ONCE(other_params, other_draw, field, 0, 0, hi, unit, doc,   \
                      label, doc_nl)

static const ls_param_spec spec[] = {
    ONCE(transport_tj, 1e6, "TJ/yr", "local road transport at the start",
         "Lokaal wegverkeer bij de start",
         "energieverbruik van het lokale wegverkeer bij de start"),
    ONCE(motorway_tj, 1e6, "TJ/yr", "A28 through traffic at the start",
         "Doorgaand verkeer op de A28 bij de start",
         "energieverbruik van het doorgaande verkeer op de A28 bij de start"),
    LS_SPEC_INT(other_params, include_motorway, 1, 0, 1, 0, "0/1",
                "1: motorway traffic counts toward neutrality",
                "Verkeer op de A28 telt mee", "1: het verkeer op de A28 "
                "telt mee voor energieneutraliteit"),
    DIST(transport_trend, -0.2, 0.2, "1/yr",
         "yearly change of vehicle kilometres",
         "Trend voertuigkilometers",
         "jaarlijkse verandering van het aantal voertuigkilometers"),
    {.name = "transport_sd", .kind = LS_PARAM_REAL,
     .offset = offsetof(other_params, transport_sd), .lo = 0, .hi = 0.25,
     .def = 0, .unit = "fraction",
     .doc = "sd of the yearly variation of road transport around its trend",
     .label = "Jaarlijkse schommeling wegverkeer",
     .doc_nl = "standaardafwijking van de jaarlijkse schommeling van het "
               "wegverkeer rond de trend"},
    DIST(ev_share, 0, 1, "fraction", "share of vehicle-km driven electric",
         "Aandeel elektrisch rijden",
         "deel van de voertuigkilometers dat elektrisch wordt gereden"),
    DIST(ev_efficiency, 0, 1, "fraction",
         "EV energy per km relative to a combustion engine",
         "Zuinigheid elektrisch rijden", "energieverbruik per kilometer "
         "van een elektrisch voertuig, ten opzichte van een "
         "verbrandingsmotor"),
    ONCE(industry_tj, 1e6, "TJ/yr", "industry use at the start",
         "Verbruik industrie bij de start",
         "energieverbruik van de industrie bij de start"),
    DIST(industry_gas, 0, 1, "fraction", "share of industry use that is gas",
         "Aandeel gas in de industrie",
         "deel van het energieverbruik van de industrie dat gas is"),
    ONCE(agriculture_tj, 1e6, "TJ/yr",
         "agriculture use other than the dairy model's, at the start",
         "Verbruik overige landbouw bij de start",
         "energieverbruik van de landbouw buiten de melkveebedrijven, bij "
         "de start"),
    DIST(trend, -0.2, 0.2, "1/yr",
         "yearly change of industry and agriculture use",
         "Trend industrie en landbouw", "jaarlijkse verandering van het "
         "energieverbruik van industrie en overige landbouw"),
    LS_SPEC_END,
};

static void other_init(const void *params, const void *draw, void *state)
{
    (void)params;
    (void)draw;
    other_state *s = state;
    s->km = 1;
    s->eff = 1;
    s->mix0 = 0;
}

enum { M_TRANSPORT, M_EV_SHARE, M_INDUSTRY, M_AGRICULTURE, M_DEMAND };

static void other_step(const void *params, const void *draw, void *state,
                       int year, ls_stream *st, ls_flows *out)
{
    const other_params *p = params;
    const other_draw *d = draw;
    other_state *s = state;
    double noise = 1;
    if (p->transport_sd > 0)
        noise = 1 + p->transport_sd *
                        ls_normal_cut(ls_stream_site(st, 1));

    double ev = ls_param_value(&p->ev_share, d->ev_share, year);
    double eff = ls_param_value(&p->ev_efficiency, d->ev_efficiency, year);
    /* The start's transport_tj already holds the start's EVs: energy per
     * km is taken relative to the first year's mix. */
    if (s->mix0 == 0)
        s->mix0 = 1 - ev + ev * eff;
    double road = (d->transport_tj + (p->include_motorway ? d->motorway_tj
                                                          : 0)) * s->km *
                  noise / (s->mix0 > 0 ? s->mix0 : 1);
    double fuel = road * (1 - ev);
    double elec_road = road * ev * eff;
    double industry = d->industry_tj * s->eff;
    double gas_share = ls_param_value(&p->industry_gas, d->industry_gas,
                                      year);
    double agri = d->agriculture_tj * s->eff;

    out->demand[LS_FUEL] = fuel;
    out->demand[LS_ELEC] = elec_road + industry * (1 - gas_share) + agri;
    out->demand[LS_GAS] = industry * gas_share;
    double *m = out->metric;
    m[M_TRANSPORT] = fuel + elec_road;
    m[M_EV_SHARE] = ev;
    m[M_INDUSTRY] = industry;
    m[M_AGRICULTURE] = agri;
    m[M_DEMAND] = fuel + elec_road + industry + agri;

    s->km *= 1 + ls_param_value(&p->transport_trend, d->transport_trend,
                                year);
    s->eff *= 1 + ls_param_value(&p->trend, d->trend, year);
}

static const ls_metric_def metrics[] = {
    {"transport_tj", "TJ", "road transport counted (fuel and electric)",
     LS_M_NONNEG, "Energie voor verkeer (TJ)"},
    {"ev_share", "fraction", "share of vehicle-km driven electric",
     LS_M_FRACTION, "Aandeel elektrische auto's"},
    {"industry_tj", "TJ", "industry use",
     LS_M_NONNEG, "Energie industrie (TJ)"},
    {"agriculture_tj", "TJ", "other agriculture use",
     LS_M_NONNEG, "Energie overige landbouw (TJ)"},
    {"demand_tj", "TJ", "final demand of these sectors",
     LS_M_NONNEG | LS_M_DEMAND, "Energievraag verkeer, industrie, landbouw (TJ)"},
    {NULL, NULL, NULL, 0, NULL},
};

const ls_model_type ls_model_other = {
    .name = "other",
    .doc = "rest of the demand: transport (with EVs, motorway optional), "
           "industry, other agriculture",
    .stage = LS_STAGE_SECTOR,
    .params_size = sizeof(other_params),
    .draw_size = sizeof(other_draw),
    .state_size = sizeof(other_state),
    .metrics = metrics,
    .spec = spec,
    .sample = NULL,
    .init = other_init,
    .step = other_step,
};
