/*
 * reference.c - the benchmark's reference problem, exactly as specified
 * (bench/README.md, "The reference problem").
 *
 * A fixed, small model of the whole transition - NOM homes by Bass
 * diffusion, asbestos removal with PV on barns, business savings under an
 * obligation, permitted wind turbines - used to measure the engine, not to
 * describe Leusden.  Every constant is the specification's; the thirteen
 * uncertain parameters come from the scenario (bench/problems/
 * reference.cfg) as uniform distributions.  Per year, in this order:
 *   1. h = min(1, p + q nom/HOMES); nom += Binomial(HOMES - nom, h)
 *   2. w ~ Normal(1, 0.05); prod_pv = pv_kwp pv_yield w / 1e6 GWh
 *   3. removed ~ Binomial(asb, hazard); new ~ Binomial(removed, pv_after);
 *      pv_kwp += new kwp_per_farm
 *   4. c ~ Binomial(FIRMS, compliance); bdem *= 1 - rate c / FIRMS
 *   5. k ~ Binomial(unpermitted, permit_prob), online in t + build_delay
 *   6. cf = min(0.6, capacity_factor LogNormal(0, 0.1)); prod_wind =
 *      online 4.2 8760 cf / 1000 GWh
 *   7. share = (renew + save_homes + save_bus) / DEMAND0, and balance.
 * LogNormal(0, 0.1) is drawn as exp(Normal(0, 0.1)): the same
 * distribution as gsl_ran_lognormal.  The year's numbers are drawn first
 * (each at its draw site, so that a count's draws never shift another's)
 * and then the state moves (advance), so that the per-path step and the
 * lanes step share every operation but the draws.
 */
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_randist.h>

#include "model.h"

#define HOMES 12800.0
#define FARMS 100.0
#define FIRMS 1500.0
#define BUSINESS_DEMAND0 200.0  /* GWh/yr */
#define DEMAND0 450.0           /* GWh/yr */
#define RENEW0 20.0             /* GWh/yr */
#define TURBINE_MW 4.2
#define MAX_DELAY 32            /* ring of future years for turbines */

typedef struct reference_params {
    ls_param bass_p, bass_q, nom_saving, asbestos_hazard, pv_after_removal,
        kwp_per_farm, pv_yield, business_saving_rate, business_compliance,
        n_turbines, permit_prob, build_delay, capacity_factor;
} reference_params;

typedef struct reference_draw {
    double bass_p;               /* 1/yr */
    double bass_q;               /* 1/yr */
    double nom_saving;           /* MWh/yr per NOM home */
    double asbestos_hazard;      /* 1/yr */
    double pv_after_removal;     /* probability */
    double kwp_per_farm;         /* kWp */
    double pv_yield;             /* kWh/kWp/yr */
    double business_saving_rate; /* fraction/yr */
    double business_compliance;  /* fraction of firms/yr */
    double n_turbines;           /* turbines planned */
    double permit_prob;          /* 1/yr */
    double build_delay;          /* years */
    double capacity_factor;      /* fraction */
} reference_draw;

typedef struct reference_state {
    double nom;                  /* NOM homes */
    double asb;                  /* farms with asbestos roofs */
    double pv_kwp;               /* kWp on barns */
    double bdem;                 /* GWh/yr business demand */
    double unpermitted;          /* turbines waiting for a permit */
    double online;               /* turbines running */
    double pipe[MAX_DELAY];      /* turbines starting in year % MAX_DELAY */
} reference_state;

#define U(field, lo, hi, unit, doc, label, doc_nl)                            \
    LS_SPEC_DIST(reference_params, reference_draw, field, 1, lo, hi, 0,      \
                 unit, doc, label, doc_nl)
#define UI(field, lo, hi, unit, doc, label, doc_nl)                           \
    LS_SPEC_DIST_INT(reference_params, reference_draw, field, 1, lo, hi, 0,  \
                     unit, doc, label, doc_nl)

static const ls_param_spec spec[] = {
    U(bass_p, 0, 1, "1/yr", "Bass innovation coefficient",
      "Spontane overstap naar nul-op-de-meter (Bass p)",
      "innovatiecoëfficiënt van het Bass-diffusiemodel voor "
      "nul-op-de-meterwoningen"),
    U(bass_q, 0, 2, "1/yr", "Bass imitation coefficient",
      "Navolging nul-op-de-meter (Bass q)",
      "imitatiecoëfficiënt van het Bass-diffusiemodel voor "
      "nul-op-de-meterwoningen"),
    U(nom_saving, 0, 100, "MWh/yr", "saving per NOM home",
      "Besparing per nul-op-de-meterwoning",
      "jaarlijkse besparing per nul-op-de-meterwoning"),
    U(asbestos_hazard, 0, 1, "1/yr", "asbestos removal hazard",
      "Tempo asbestsanering",
      "deel van de asbestdaken dat per jaar wordt gesaneerd"),
    U(pv_after_removal, 0, 1, "probability", "PV on a renewed roof",
      "Zonnepanelen bij asbestsanering",
      "kans op zonnepanelen op een vernieuwd dak"),
    U(kwp_per_farm, 0, 1e4, "kWp", "PV per renewed roof",
      "Zonnepanelen per vernieuwd staldak",
      "vermogen aan zonnepanelen per vernieuwd staldak"),
    U(pv_yield, 0, 2000, "kWh/kWp/yr", "PV yield", "Opbrengst zonnepanelen",
      "jaarlijkse opbrengst van zonnepanelen"),
    U(business_saving_rate, 0, 1, "1/yr", "saving rate of complying firms",
      "Besparing nalevende bedrijven", "besparing van bedrijven die aan de "
      "energiebesparingsplicht voldoen"),
    U(business_compliance, 0, 1, "1/yr", "share of firms complying",
      "Naleving energiebesparingsplicht", "deel van de bedrijven dat per "
      "jaar aan de energiebesparingsplicht voldoet"),
    UI(n_turbines, 0, 30, "turbines", "turbines planned",
       "Geplande windturbines", "aantal geplande windturbines"),
    U(permit_prob, 0, 1, "1/yr", "permit chance per turbine",
      "Vergunningskans windturbine",
      "jaarlijkse kans op een vergunning per windturbine"),
    UI(build_delay, 0, 30, "years", "permit to operation",
       "Tijd van vergunning tot ingebruikname",
       "aantal jaren van de vergunning tot de ingebruikname van een "
       "windturbine"),
    U(capacity_factor, 0, 1, "fraction", "wind capacity factor",
      "Capaciteitsfactor windturbines",
      "capaciteitsfactor van de windturbines"),
    LS_SPEC_END,
};

static void reference_init(const void *params, const void *draw, void *state)
{
    (void)params;
    const reference_draw *d = draw;
    reference_state *s = state;
    s->nom = 0;
    s->asb = FARMS;
    s->pv_kwp = 0;
    s->bdem = BUSINESS_DEMAND0;
    s->unpermitted = d->n_turbines;
    s->online = 0;
    for (int i = 0; i < MAX_DELAY; i++)
        s->pipe[i] = 0;
}

enum { M_SHARE, M_BALANCE };

/* The draw sites of a reference path-year (rng.h). */
enum { S_NOM = 1, S_PV, S_REMOVED, S_ROOFS, S_COMPLY, S_PERMIT, S_WIND };

/* A year's random numbers, drawn before anything moves. */
typedef struct year_draws {
    double nom;       /* new NOM homes */
    double w;         /* solar yield noise, Normal(0, 0.05) */
    double removed;   /* asbestos roofs removed */
    double roofs;     /* of those, with PV */
    double comply;    /* firms complying */
    double permit;    /* turbines permitted */
    double g;         /* wind noise, Normal(0, 0.1) */
} year_draws;

static double lesser(double a, double b)
{
    return a < b ? a : b;
}

/* Step 1's hazard of a home going NOM this year. */
static double nom_hazard(const reference_draw *d, const reference_state *s)
{
    return lesser(1.0, d->bass_p + d->bass_q * s->nom / HOMES);
}

/* Steps 1-7 once the year's numbers y are drawn. */
static void advance(const reference_draw *d, reference_state *s, int year,
                    const year_draws *y, ls_flows *out)
{
    s->nom += y->nom;
    double save_homes = s->nom * d->nom_saving / 1000;
    double prod_pv = s->pv_kwp * d->pv_yield * (1 + y->w) / 1e6;

    s->asb -= y->removed;
    s->pv_kwp += y->roofs * d->kwp_per_farm;

    s->bdem *= 1 - d->business_saving_rate * y->comply / FIRMS;
    double save_bus = BUSINESS_DEMAND0 - s->bdem;

    s->unpermitted -= y->permit;
    s->pipe[(year + (int)d->build_delay) % MAX_DELAY] += y->permit;
    s->online += s->pipe[year % MAX_DELAY];
    s->pipe[year % MAX_DELAY] = 0;

    double cf = lesser(0.6, d->capacity_factor * exp(y->g));
    double prod_wind = s->online * TURBINE_MW * 8760 * cf / 1000;

    double renew = RENEW0 + prod_pv + prod_wind;
    out->metric[M_SHARE] = (renew + save_homes + save_bus) / DEMAND0;
    out->metric[M_BALANCE] = renew - (DEMAND0 - save_homes - save_bus);
}

static void reference_step(const void *params, const void *draw, void *state,
                           int year, ls_stream *st, ls_flows *out)
{
    (void)params;
    const reference_draw *d = draw;
    reference_state *s = state;
    year_draws y;
    y.nom = ls_binomial(st, S_NOM, nom_hazard(d, s), HOMES - s->nom);
    y.w = ls_normal(st, S_PV, 0.05);
    y.removed = ls_binomial(st, S_REMOVED, d->asbestos_hazard, s->asb);
    y.roofs = ls_binomial(st, S_ROOFS, d->pv_after_removal, y.removed);
    y.comply = ls_binomial(st, S_COMPLY, d->business_compliance, FIRMS);
    y.permit = ls_binomial(st, S_PERMIT, d->permit_prob, s->unpermitted);
    y.g = ls_normal(st, S_WIND, 0.1);
    advance(d, s, year, &y, out);
}

/* The same draws for all lanes at once, site by site. */
static void reference_step_lanes(const void *params, const void *const *draw,
                                 void *const *state, int year, ls_lanes *ln,
                                 ls_flows *out)
{
    (void)params;
    enum { L = LS_LANES };
    double p[L], n[L], nom[L], w[L], removed[L], roofs[L], comply[L],
        permit[L], g[L];
    const reference_draw *d[L];
    reference_state *s[L];
    for (size_t l = 0; l < ln->n; l++) {
        d[l] = draw[l];
        s[l] = state[l];
        p[l] = nom_hazard(d[l], s[l]);
        n[l] = HOMES - s[l]->nom;
    }
    ls_lanes_binomial(ln, S_NOM, p, n, nom);
    ls_lanes_normal(ln, S_PV, 0.05, w);
    for (size_t l = 0; l < ln->n; l++) {
        p[l] = d[l]->asbestos_hazard;
        n[l] = s[l]->asb;
    }
    ls_lanes_binomial(ln, S_REMOVED, p, n, removed);
    for (size_t l = 0; l < ln->n; l++)
        p[l] = d[l]->pv_after_removal;
    ls_lanes_binomial(ln, S_ROOFS, p, removed, roofs);
    for (size_t l = 0; l < ln->n; l++) {
        p[l] = d[l]->business_compliance;
        n[l] = FIRMS;
    }
    ls_lanes_binomial(ln, S_COMPLY, p, n, comply);
    for (size_t l = 0; l < ln->n; l++) {
        p[l] = d[l]->permit_prob;
        n[l] = s[l]->unpermitted;
    }
    ls_lanes_binomial(ln, S_PERMIT, p, n, permit);
    ls_lanes_normal(ln, S_WIND, 0.1, g);
    for (size_t l = 0; l < ln->n; l++) {
        year_draws y = {nom[l], w[l], removed[l], roofs[l], comply[l],
                        permit[l], g[l]};
        advance(d[l], s[l], year, &y, &out[l]);
    }
}

static const ls_metric_def metrics[] = {
    {"share", "fraction", "(renewable + savings) / DEMAND0", LS_M_NONNEG, "Aandeel (referentieprobleem)"},
    {"balance_gwh", "GWh", "renewable - remaining demand", 0, "Balans (referentieprobleem, GWh)"},
    {NULL, NULL, NULL, 0, NULL},
};

const ls_model_type ls_model_reference = {
    .name = "reference",
    .doc = "the benchmark's fixed reference problem (bench/README.md)",
    .stage = LS_STAGE_SECTOR,
    .params_size = sizeof(reference_params),
    .draw_size = sizeof(reference_draw),
    .state_size = sizeof(reference_state),
    .metrics = metrics,
    .spec = spec,
    .sample = NULL,
    .init = reference_init,
    .step = reference_step,
    .step_lanes = reference_step_lanes,
};
