/*
 * business.c - businesses under the energy-saving obligation
 * (energiebesparingsplicht: measures that pay back within five years) and
 * rooftop solar on business roofs and parking lots.
 *
 * The obligation is modelled per firm in cycles: the list of recognised
 * measures is renewed every cycle_years years (four, by law), and in each
 * cycle a firm that has not yet complied does so in a year with
 * probability compliance(t) (a schedule: the enforcement lever).  The firms
 * are kept in three pools: never complied (N), complied in an earlier
 * cycle but not this one (B), complied this cycle (C).  Per year:
 *   k1 ~ Binomial(N, compliance(t)) comply for the first time and save
 *   saving_first of their energy; k2 ~ Binomial(B, compliance(t)) comply
 *   with the renewed list and save saving_cycle.  The obligated demand
 *   shrinks by the average saving, at measure_cost EUR per GJ/yr saved.
 *   The whole sector's demand follows the autonomous trend (the
 *   obligation's measures come on top of it).
 * Electricity follows elec_trend on top of the sector's trend, and the
 * whole use varies from year to year by a factor 1 + noise_sd Z (Z
 * standard normal cut at +-4, one uniform a year, none when noise_sd = 0).
 * Heat: the heating part of gas use (heat_share) follows the degree days
 * and all of it the gas price by a short-run elasticity; each year a
 * share electrify of the remaining gas use moves to heat pumps (gas /
 * cop of electricity), claiming jobs_per_tj installer jobs per TJ of gas
 * from the shared capacity, at hp_cost EUR per GJ/yr of gas replaced;
 * likewise, from heatnet_from on, a share heatnet connects to a heat
 * network (district heat = net_eff x the gas it replaces, net_cost EUR
 * per GJ/yr, net_jobs_per_tj installer jobs per TJ).
 * Solar: projects of pv_project_mwp (growing with pv_size_growth) start
 * ~ Poisson(rate x pv_max_mwp / size), rate = ls_pv_rate (model.h:
 * diffusion over the share of the roof potential used, damped by the
 * payback), never beyond the roof potential; each needs a large grid
 * connection (LS_POOL_GRID, MW), and projects the grid cannot take this
 * year wait for it.  Production is capacity x yield x the weather factor.
 */
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_randist.h>

#include "model.h"

typedef struct business_params {
    ls_param firms;           /* establishments under the obligation */
    ls_param gas0;            /* TJ/yr sector gas use at the start */
    ls_param elec0;           /* TJ/yr sector electricity use */
    ls_param heat0;           /* TJ/yr sector district-heat use */
    ls_param obligated_share; /* fraction of the sector's use obligated */
    ls_param compliance;      /* fraction/yr of remaining firms complying */
    ls_param saving_first;    /* fraction saved at a firm's first compliance */
    ls_param saving_cycle;    /* fraction saved in each later cycle */
    long long cycle_years;    /* years between renewals of the list */
    ls_param trend;           /* fraction/yr change of the other use */
    ls_param heat_share;      /* fraction of gas use for space heating */
    ls_param elasticity;      /* short-run price elasticity of gas use */
    ls_param elec_trend;      /* 1/yr extra change of electricity use */
    double noise_sd;          /* sd of the yearly variation of the use */
    ls_param measure_cost;    /* EUR per GJ/yr saved under the obligation */
    ls_param electrify;       /* fraction/yr of gas use to heat pumps */
    ls_param cop;             /* heat-pump seasonal COP */
    ls_param hp_cost;         /* EUR per GJ/yr of gas replaced */
    double jobs_per_tj;       /* installer jobs per TJ/yr of gas replaced */
    ls_param heatnet;         /* fraction/yr of gas use to a heat network */
    double net_jobs_per_tj;   /* installer jobs per TJ/yr connected */
    long long heatnet_from;   /* first year with a network (0: none) */
    ls_param net_eff;         /* district heat per TJ of gas replaced */
    ls_param net_cost;        /* EUR per GJ/yr of gas replaced */
    ls_param pv_mwp0;         /* MWp rooftop solar at the start */
    ls_param pv_project_mwp;  /* MWp of one project at the start */
    ls_param pv_max_mwp;      /* MWp roof and parking-lot potential */
    ls_param elec_price0;     /* EUR/kWh a business pays, start year */
    ls_pv_params pv;          /* the rooftop-solar market */
    ls_param pv_yield;        /* kWh/kWp/yr in a normal year */
    ls_param panel_kwp;       /* kWp per panel, for counting panels */
} business_params;

typedef struct business_draw {
    double firms, gas0, elec0, heat0, obligated_share, compliance,
        saving_first, saving_cycle, trend, heat_share, elasticity, elec_trend,
        measure_cost, electrify, cop, hp_cost, heatnet, net_eff, net_cost,
        pv_mwp0, pv_project_mwp, pv_max_mwp, elec_price0,
        pv_yield, panel_kwp;
    ls_pv_draw pv;
} business_draw;

typedef struct business_state {
    double ever;      /* firms that complied at least once */
    double cycle;     /* firms that complied in the current cycle */
    double obl;       /* obligated use relative to the start */
    double rest;      /* the autonomous trend, relative to the start */
    double gas_left;  /* share of the gas use still on gas */
    double net;       /* share moved to a heat network */
    double elec;      /* electricity's own trend, relative to the start */
    double pv_mwp;    /* MWp */
    double pv_wait;   /* projects waiting for a grid connection */
    double pv_payback;/* years, a new project this year */
    double pv_conn;   /* MW connected this year */
    ls_pv_state pvs;  /* cost and size of a new project */
    int year0;        /* first year stepped, for the cycles */
} business_state;

#define DIST(field, lo, hi, unit, doc, label, doc_nl)                         \
    LS_SPEC_DIST(business_params, business_draw, field, 1, lo, hi, 0, unit,  \
                 doc, label, doc_nl)
#define ONCE(field, integer, hi, unit, doc, label, doc_nl)                    \
    LS_SPEC_DIST_ONCE(business_params, business_draw, field, integer, 0, hi,  \
                      unit, doc, label, doc_nl)
/* An optional parameter (not required) with default def. */
#define OPT(field, lo, hi, def, unit, doc, label, doc_nl)                     \
    LS_SPEC_DIST(business_params, business_draw, field, 0, lo, hi, def,      \
                 unit, doc, label, doc_nl)
/* A fixed number, default 0. */
#define REAL(field, hi_, unit_, doc_, label_, doc_nl_)                        \
    {.name = #field, .kind = LS_PARAM_REAL,                                  \
     .offset = offsetof(business_params, field), .lo = 0, .hi = (hi_),       \
     .def = 0, .unit = (unit_), .doc = (doc_), .label = (label_),            \
     .doc_nl = (doc_nl_)}

static const ls_param_spec spec[] = {
    ONCE(firms, 1, 1e6, "firms", "establishments under the obligation",
         "Bedrijven met energiebesparingsplicht",
         "aantal vestigingen onder de energiebesparingsplicht"),
    ONCE(gas0, 0, 1e5, "TJ/yr", "gas use of the sector at the start",
         "Gasverbruik bedrijven bij de start",
         "gasverbruik van de bedrijven bij de start"),
    ONCE(elec0, 0, 1e5, "TJ/yr", "electricity use of the sector",
         "Stroomverbruik bedrijven bij de start",
         "elektriciteitsverbruik van de bedrijven bij de start"),
    ONCE(heat0, 0, 1e5, "TJ/yr", "district-heat use of the sector",
         "Warmteverbruik bedrijven bij de start",
         "verbruik van warmte uit een warmtenet door de bedrijven bij de "
         "start"),
    ONCE(obligated_share, 0, 1, "fraction",
         "share of the sector's use at obligated firms",
         "Aandeel verbruik onder de besparingsplicht",
         "deel van het verbruik van de sector bij bedrijven met een "
         "energiebesparingsplicht"),
    DIST(compliance, 0, 1, "1/yr",
         "chance a firm that has not complied this cycle does so this year",
         "Naleving energiebesparingsplicht",
         "kans dat een bedrijf dat in deze cyclus nog niet aan de plicht "
         "voldoet dat dit jaar doet"),
    DIST(saving_first, 0, 1, "fraction",
         "saving of a firm's use when it first complies",
         "Besparing bij eerste naleving",
         "besparing op het verbruik van een bedrijf als het voor het eerst "
         "aan de plicht voldoet"),
    DIST(saving_cycle, 0, 1, "fraction",
         "saving when it complies with a renewed list",
         "Besparing bij latere naleving",
         "besparing als een bedrijf aan een vernieuwde lijst erkende "
         "maatregelen voldoet"),
    LS_SPEC_INT(business_params, cycle_years, 1, 1, 50, 4, "years",
                "years between renewals of the measures list",
                "Vernieuwing lijst erkende maatregelen", "aantal jaren "
                "tussen twee vernieuwingen van de lijst erkende "
                "maatregelen"),
    DIST(trend, -0.2, 0.2, "1/yr", "autonomous yearly change of the "
         "sector's use", "Autonome trend verbruik bedrijven",
         "jaarlijkse verandering van het verbruik van de sector zonder "
         "beleid"),
    OPT(heat_share, 0, 1, 0, "fraction", "share of gas use for space "
        "heating (follows the degree days)", "Aandeel ruimteverwarming in "
        "gasverbruik", "deel van het gasverbruik voor ruimteverwarming "
        "(volgt de graaddagen)"),
    OPT(elasticity, -2, 0, 0, "1", "short-run price elasticity of gas use",
        "Prijsgevoeligheid gasverbruik", "prijselasticiteit van het "
        "gasverbruik op korte termijn"),
    OPT(elec_trend, -0.2, 0.2, 0, "1/yr", "yearly change of electricity use "
        "on top of the sector's trend", "Extra trend stroomverbruik",
        "jaarlijkse verandering van het elektriciteitsverbruik bovenop de "
        "trend van de sector"),
    {.name = "noise_sd", .kind = LS_PARAM_REAL,
     .offset = offsetof(business_params, noise_sd), .lo = 0, .hi = 0.25,
     .def = 0, .unit = "fraction",
     .doc = "sd of the yearly variation of the sector's use around its "
            "trend",
     .label = "Jaarlijkse schommeling verbruik",
     .doc_nl = "standaardafwijking van de jaarlijkse schommeling van het "
               "verbruik van de sector rond de trend"},
    OPT(measure_cost, 0, 1e5, 0, "EUR/(GJ/yr)", "investment per GJ/yr saved "
        "under the obligation", "Investering in besparingsmaatregelen",
        "investering per jaarlijks bespaarde GJ onder de "
        "energiebesparingsplicht"),
    OPT(electrify, 0, 1, 0, "1/yr", "share of the remaining gas use moved "
        "to heat pumps each year", "Overstap van bedrijven op warmtepompen",
        "deel van het resterende gasverbruik dat elk jaar overgaat op "
        "warmtepompen"),
    OPT(cop, 1, 10, 3.5, "1", "seasonal COP of the buildings' heat pumps",
        "Rendement van de warmtepompen (COP)", "seizoensrendement (COP) "
        "van de warmtepompen in de bedrijfsgebouwen"),
    OPT(hp_cost, 0, 1e5, 0, "EUR/(GJ/yr)", "investment per GJ/yr of gas "
        "replaced by heat pumps", "Investering in warmtepompen",
        "investering per jaarlijks vervangen GJ gas door warmtepompen"),
    REAL(jobs_per_tj, 1e4, "jobs/(TJ/yr)",
         "installer jobs per TJ/yr of gas replaced by heat pumps",
         "Installatiewerk warmtepompen bedrijven", "installatieklussen "
         "per jaarlijks vervangen TJ gas door warmtepompen"),
    REAL(net_jobs_per_tj, 1e4, "jobs/(TJ/yr)",
         "installer jobs per TJ/yr of gas replaced by a heat network",
         "Installatiewerk warmtenet bedrijven", "installatieklussen per "
         "jaarlijks vervangen TJ gas door een warmtenet"),
    OPT(heatnet, 0, 1, 0, "1/yr", "share of the remaining gas use connected "
        "to a heat network each year", "Overstap van bedrijven op een "
        "warmtenet", "deel van het resterende gasverbruik dat elk jaar op "
        "een warmtenet wordt aangesloten"),
    LS_SPEC_INT(business_params, heatnet_from, 0, 0, 3000, 0, "year",
                "first year buildings connect to a heat network (0: never)",
                "Startjaar warmtenet voor bedrijven", "eerste jaar waarin "
                "bedrijfsgebouwen op een warmtenet worden aangesloten (0: "
                "nooit)"),
    OPT(net_eff, 0, 2, 0.9, "1", "district heat delivered per TJ of gas "
        "replaced", "Warmte per vervangen hoeveelheid gas", "geleverde "
        "warmte uit het warmtenet per TJ vervangen gas"),
    OPT(net_cost, 0, 1e5, 0, "EUR/(GJ/yr)", "investment per GJ/yr of gas "
        "replaced by a heat network", "Investering in een warmtenet",
        "investering per jaarlijks vervangen GJ gas door een warmtenet"),
    ONCE(pv_mwp0, 0, 1e5, "MWp", "business rooftop solar at the start",
         "Zonnepanelen op bedrijfsdaken bij de start",
         "vermogen aan zonnepanelen op bedrijfsdaken bij de start"),
    ONCE(pv_project_mwp, 0, 100, "MWp", "one business solar project at the "
         "start (grows by pv_size_growth)", "Omvang zonneproject bedrijf",
         "vermogen van één zonneproject van een bedrijf bij de start "
         "(projecten worden groter)"),
    ONCE(pv_max_mwp, 0, 1e5, "MWp", "potential of roofs and parking lots",
         "Potentieel bedrijfsdaken en parkeerplaatsen",
         "vermogen aan zonnepanelen dat op bedrijfsdaken en "
         "parkeerplaatsen past"),
    DIST(elec_price0, 0, 10, "EUR/kWh", "electricity price a business pays "
         "in the start year (follows the price index)",
         "Stroomprijs bedrijven in het startjaar",
         "elektriciteitsprijs die een bedrijf in het startjaar betaalt "
         "(volgt de prijsindex)"),
    LS_PV_SPEC(business_params, business_draw),
    DIST(pv_yield, 100, 2500, "kWh/kWp/yr", "PV yield in a normal year",
         "Opbrengst zonnepanelen",
         "opbrengst van zonnepanelen in een normaal jaar"),
    LS_SPEC_DIST_ONCE(business_params, business_draw, panel_kwp, 0, 0.05, 1,
                      "kWp", "capacity of one panel (for counts)",
                      "Vermogen van één zonnepaneel", "vermogen van één "
                      "zonnepaneel (om het aantal panelen te tellen)"),
    LS_SPEC_END,
};

static void business_init(const void *params, const void *draw, void *state)
{
    (void)params;
    const business_draw *d = draw;
    business_state *s = state;
    s->ever = 0;
    s->cycle = 0;
    s->obl = 1;
    s->rest = 1;
    s->gas_left = 1;
    s->net = 0;
    s->elec = 1;
    s->pv_mwp = d->pv_mwp0;
    s->pv_wait = 0;
    s->pv_payback = 0;
    s->pv_conn = 0;
    ls_pv_start(&d->pv, &s->pvs);
    s->year0 = 0;
}

enum {
    M_COMPLIANT, M_EVER, M_GAS, M_ELEC, M_DEMAND, M_SAVINGS, M_ELECTRIFIED,
    M_HEAT,
    M_JOBS, M_INVEST, M_PV_MWP, M_PANELS, M_PV_TJ, M_PV_WAIT, M_PV_PAYBACK,
    M_PV_CONN
};

/* The year's rooftop solar projects: started at the market's rate within
 * the roof potential, connected as far as the grid has room, the rest
 * waiting (the first in line are connected first). */
/* The draw sites of a business-year (rng.h). */
enum { S_FIRST = 1, S_AGAIN, S_NOISE, S_SOLAR };

static void solar(const business_params *p, const business_draw *d,
                  business_state *s, int year, ls_stream *st,
                  ls_flows *out)
{
    double cap = d->pv_max_mwp;
    double size = d->pv_project_mwp * s->pvs.size;
    double yield = ls_param_value(&p->pv_yield, d->pv_yield, year);
    double rate = ls_pv_adoption(&p->pv, &d->pv, &s->pvs, year,
                                 d->elec_price0 * out->world->elec_price,
                                 yield, cap > 0 ? s->pv_mwp / cap : 1,
                                 &s->pv_payback);
    double mean = size > 0 ? rate * cap / size : 0;
    double k = mean > 0 ? ls_poisson(st, S_SOLAR, mean) : 0;
    double room = size > 0 ? (cap - s->pv_mwp) / size - s->pv_wait : 0;
    room = room > 0 ? (double)(long long)room : 0;
    s->pv_wait += k < room ? k : room;
    double n = ls_units_available(out, LS_POOL_GRID, size);
    n = n < s->pv_wait ? n : s->pv_wait;
    ls_claim(out, LS_POOL_GRID, n * size);
    s->pv_conn = n * size;
    s->pv_wait -= n;
    s->pv_mwp += n * size;
    ls_pv_advance(&p->pv, &d->pv, &s->pvs, year);
}

/* A share `rate` of the remaining gas use moves away from gas (heat pumps
 * or a heat network), as far as the installers can at per_tj jobs per
 * TJ/yr (*jobs: the jobs claimed); returns the share of the start's gas
 * use moved. */
static double convert(double per_tj, business_state *s, double rate,
                      double gas_now, ls_flows *out, double *jobs)
{
    double x = rate * s->gas_left;
    if (!(x > 0) || !(gas_now > 0))
        return 0;
    double tj = x * gas_now / s->gas_left;  /* this year's gas replaced */
    if (per_tj > 0) {
        double got = ls_claim(out, LS_POOL_INSTALL, tj * per_tj);
        *jobs += got;
        x = got / per_tj * s->gas_left / gas_now;
    }
    s->gas_left -= x;
    return x;
}

/* The year of the obligation: firms comply (a renewed list every
 * cycle_years); returns the TJ/yr saved by this year's compliers. */
static double obligation(const business_params *p, const business_draw *d,
                         business_state *s, int year, ls_stream *st)
{
    if (s->year0 == 0)
        s->year0 = year;
    else if ((year - s->year0) % p->cycle_years == 0)
        s->cycle = 0; /* a renewed list: everybody must act again */
    double firms = d->firms;
    double c = ls_param_value(&p->compliance, d->compliance, year);
    double first = ls_binomial(st, S_FIRST, c,
                               firms - s->ever);
    double again = ls_binomial(st, S_AGAIN, c,
                               s->ever - s->cycle);
    double saved = first * ls_param_value(&p->saving_first, d->saving_first,
                                          year) +
                   again * ls_param_value(&p->saving_cycle, d->saving_cycle,
                                          year);
    double use0 = d->gas0 + d->elec0 + d->heat0, obl_before = s->obl;
    if (firms > 0)
        s->obl *= 1 - saved / firms;
    s->ever += first;
    s->cycle += first + again;
    return use0 * d->obligated_share * (obl_before - s->obl) * s->rest;
}

static void business_step(const void *params, const void *draw, void *state,
                          int year, ls_stream *st, ls_flows *out)
{
    const business_params *p = params;
    const business_draw *d = draw;
    business_state *s = state;

    double firms = d->firms;
    double saved_tj = obligation(p, d, s, year, st);

    double f = s->rest * (d->obligated_share * s->obl +
                          1 - d->obligated_share);
    double hs = ls_param_value(&p->heat_share, d->heat_share, year);
    double response = (1 - hs + hs * out->world->heat) *
                      pow(out->world->gas_price,
                          ls_param_value(&p->elasticity, d->elasticity, year));
    double use = d->gas0 * f * response;  /* the gas use without moves */
    double jobs = 0;
    double x = convert(p->jobs_per_tj, s,
                       ls_param_value(&p->electrify, d->electrify, year),
                       use * s->gas_left, out, &jobs);
    double xn = 0;
    if (p->heatnet_from > 0 && year >= p->heatnet_from) {
        xn = convert(p->net_jobs_per_tj, s,
                     ls_param_value(&p->heatnet, d->heatnet, year),
                     use * s->gas_left, out, &jobs);
        s->net += xn;
    }
    double cop = ls_param_value(&p->cop, d->cop, year);
    double moved = use * (1 - s->gas_left);
    double gas = use * s->gas_left;
    double elec = d->elec0 * f * s->elec + (moved - use * s->net) / cop;
    double heat = d->heat0 * f + use * s->net *
                  ls_param_value(&p->net_eff, d->net_eff, year);
    if (p->noise_sd > 0) {
        /* One uniform a year, at a site of its own. */
        double k = 1 + p->noise_sd * ls_normal_cut(ls_stream_site(st,
                                                                  S_NOISE));
        gas *= k;
        elec *= k;
        heat *= k;
    }
    /* TJ x EUR/GJ = kEUR, so x 1e-3 gives EUR million. */
    double invest = (saved_tj * ls_param_value(&p->measure_cost,
                                               d->measure_cost, year) +
                     x * use * ls_param_value(&p->hp_cost, d->hp_cost, year) +
                     xn * use * ls_param_value(&p->net_cost, d->net_cost,
                                               year)) * 1e-3;
    s->rest *= 1 + ls_param_value(&p->trend, d->trend, year);
    s->elec *= 1 + ls_param_value(&p->elec_trend, d->elec_trend, year);

    double pv_tj = s->pv_mwp * ls_param_value(&p->pv_yield, d->pv_yield,
                                              year) *
                   LS_TJ_PER_MWH * out->world->pv;
    solar(p, d, s, year, st, out);

    out->demand[LS_GAS] = gas;
    out->demand[LS_ELEC] = elec;
    out->demand[LS_HEAT] = heat;
    out->production[LS_PV_ROOF] = pv_tj;
    double *m = out->metric;
    m[M_COMPLIANT] = firms > 0 ? s->cycle / firms : 0;
    m[M_EVER] = firms > 0 ? s->ever / firms : 0;
    m[M_GAS] = gas;
    m[M_ELEC] = elec;
    m[M_DEMAND] = gas + elec + heat;
    m[M_SAVINGS] = (d->gas0 + d->elec0 + d->heat0) * d->obligated_share *
                   (1 - s->obl);
    m[M_ELECTRIFIED] = moved;
    m[M_HEAT] = heat;
    m[M_JOBS] = jobs;
    m[M_INVEST] = invest;
    m[M_PV_MWP] = s->pv_mwp;
    m[M_PANELS] = s->pv_mwp * 1000 / ls_param_value(&p->panel_kwp,
                                                     d->panel_kwp, year);
    m[M_PV_TJ] = pv_tj;
    m[M_PV_WAIT] = s->pv_wait;
    m[M_PV_PAYBACK] = s->pv_payback;
    m[M_PV_CONN] = s->pv_conn;
}

static const ls_metric_def metrics[] = {
    {"compliant", "fraction", "share of firms that complied this cycle",
     LS_M_FRACTION, "Bedrijven die aan de plicht voldoen (deze cyclus)"},
    {"ever_compliant", "fraction", "share of firms that ever complied",
     LS_M_FRACTION | LS_M_MONOTONE, "Bedrijven die ooit aan de plicht voldeden"},
    {"gas_tj", "TJ", "gas use of the sector", LS_M_NONNEG, "Aardgasgebruik bedrijven (TJ)"},
    {"elec_tj", "TJ", "electricity use of the sector", LS_M_NONNEG, "Elektriciteitsgebruik bedrijven (TJ)"},
    {"demand_tj", "TJ", "final demand of the sector",
     LS_M_NONNEG | LS_M_DEMAND, "Energievraag bedrijven (TJ)"},
    {"savings_tj", "TJ", "use saved under the obligation",
     LS_M_NONNEG | LS_M_MONOTONE, "Besparing door de energiebesparingsplicht (TJ)"},
    {"electrified_tj", "TJ", "gas use moved to heat pumps or a heat network "
     "(as gas)", LS_M_NONNEG, "Aardgas vervangen door warmtepompen (TJ)"},
    {"heat_tj", "TJ", "district heat of the sector", LS_M_NONNEG, "Warmtenet bedrijven (TJ)"},
    {"jobs", "jobs", "installation jobs used this year", LS_M_NONNEG, "Installatiewerk bedrijven (klussen)"},
    {"invest_meur", "EUR M", "invested by firms this year (obligation "
     "measures and heat pumps)", LS_M_NONNEG, "Investering bedrijven (mln EUR)"},
    {"pv_mwp", "MWp", "business rooftop solar (end of year)",
     LS_M_NONNEG | LS_M_MONOTONE, "Zonnepanelen op bedrijfsdaken (MWp)"},
    {"panels", "panels", "solar panels on business roofs",
     LS_M_NONNEG, "Zonnepanelen op bedrijfsdaken"},
    {"pv_tj", "TJ", "business rooftop solar production",
     LS_M_NONNEG | LS_M_SUPPLY, "Zonnestroom bedrijven (TJ)"},
    {"pv_wait", "projects", "solar projects waiting for a grid connection",
     LS_M_COUNT | LS_M_NONNEG, "Zonprojecten wachtend op het net"},
    {"pv_payback", "yr", "payback of a new business solar project",
     LS_M_NONNEG, "Terugverdientijd zonproject bedrijf (jaar)"},
    {"pv_connected_mw", "MW", "business solar connected to the grid this "
     "year", LS_M_NONNEG, "Zon bedrijven aangesloten dit jaar (MW)"},
    {NULL, NULL, NULL, 0, NULL},
};

const ls_model_type ls_model_business = {
    .name = "business",
    .doc = "businesses: autonomous trend, energy-saving obligation in "
           "4-year cycles with an enforcement lever, heat pumps, rooftop PV",
    .stage = LS_STAGE_SECTOR,
    .params_size = sizeof(business_params),
    .draw_size = sizeof(business_draw),
    .state_size = sizeof(business_state),
    .metrics = metrics,
    .spec = spec,
    .sample = NULL,
    .init = business_init,
    .step = business_step,
};
