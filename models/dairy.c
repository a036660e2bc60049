/*
 * dairy.c - dairy farms: asbestos-roof removal with solar on the barn roof,
 * and the farmers' programme toward a net energy-supplying sector.
 *
 * The farms are kept in five pools: asbestos roof in / out of the
 * programme, solar roof (always in), neither in / out.  Every farm acts
 * independently, so each step is a binomial draw over one pool (exact, and
 * cheap).  Per year, on every path:
 *   exits       each farm stops with probability exit_rate
 *   removal     each asbestos roof is removed with probability h =
 *               hazard before the legal deadline and deadline_compliance
 *               from it on (no deadline: deadline = 0)
 *   solar       a removed roof gets kwp_per_farm of PV with probability
 *               pv_at_removal, producing from the next year; the farm is
 *               then in the programme
 *   programme   farms outside it join with probability join_rate
 *   sound roofs farms without asbestos or PV put kwp_per_farm on the roof
 *               at the rooftop-solar market's rate (ls_pv_rate, model.h:
 *               diffusion over the share of farms with PV, damped by the
 *               payback), and join the programme
 * With no exits and no deadline, E[A_t] = A_0 (1 - hazard)^t: the test
 * suite checks the engine against that closed form.
 * Flows: the farms' electricity, gas and fuel use; rooftop PV production
 * times the weather factor.  The sector's net energy is PV minus use; the
 * memo's "net energy-supplying sector from 2027" is net_tj >= 0.
 */
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_randist.h>

#include "model.h"

typedef struct dairy_params {
    ls_param farms0;              /* dairy farms at the start */
    ls_param asbestos_share0;     /* fraction with an asbestos roof */
    ls_param participation0;      /* fraction in the programme */
    ls_param exit_rate;           /* fraction of farms stopping per year */
    ls_param hazard;              /* fraction/yr of asbestos roofs removed */
    long long deadline;           /* year of a legal ban, 0 = none */
    ls_param deadline_compliance; /* fraction/yr removed once banned */
    ls_param pv_at_removal;       /* P(solar roof | asbestos removed) */
    ls_param kwp_per_farm;        /* kWp on a renewed barn roof */
    ls_param pv_yield;            /* kWh/kWp/yr in a normal year */
    ls_param join_rate;           /* fraction/yr of others joining */
    ls_param elec_per_farm;       /* TJ/yr per farm */
    ls_param gas_per_farm;        /* TJ/yr per farm */
    ls_param fuel_per_farm;       /* TJ/yr per farm (diesel) */
    ls_param elec_price0;         /* EUR/kWh a farm pays, start year */
    ls_pv_params pv;              /* solar without a roof renewal */
} dairy_params;

typedef struct dairy_draw {
    double farms0, asbestos_share0, participation0, exit_rate, hazard,
        deadline_compliance, pv_at_removal, kwp_per_farm, pv_yield,
        join_rate, elec_per_farm, gas_per_farm, fuel_per_farm, elec_price0;
    ls_pv_draw pv;
} dairy_draw;

typedef struct dairy_state {
    double a_in, a_out;  /* asbestos roof, in / out of the programme */
    double pv;           /* solar roof (in the programme) */
    double o_in, o_out;  /* neither, in / out of the programme */
    ls_pv_state pvs;     /* cost of a new system */
} dairy_state;

#define DIST(field, lo, hi, unit, doc, label, doc_nl)                         \
    LS_SPEC_DIST(dairy_params, dairy_draw, field, 1, lo, hi, 0, unit, doc,   \
                 label, doc_nl)
#define ONCE(field, integer, hi, unit, doc, label, doc_nl)                    \
    LS_SPEC_DIST_ONCE(dairy_params, dairy_draw, field, integer, 0, hi, unit,  \
                      doc, label, doc_nl)

static const ls_param_spec spec[] = {
    ONCE(farms0, 1, 1e5, "farms", "dairy farms at the start",
         "Melkveebedrijven bij de start",
         "aantal melkveebedrijven bij de start"),
    ONCE(asbestos_share0, 0, 1, "fraction",
         "share of farms with an asbestos roof at the start",
         "Aandeel asbestdaken bij de start",
         "deel van de melkveebedrijven met een asbestdak bij de start"),
    ONCE(participation0, 0, 1, "fraction",
         "share of farms in the programme at the start",
         "Deelname boerenprogramma bij de start",
         "deel van de melkveebedrijven dat bij de start meedoet aan het "
         "programma van de melkveehouders"),
    DIST(exit_rate, 0, 1, "1/yr", "share of farms that stop each year",
         "Stoppende melkveebedrijven",
         "deel van de melkveebedrijven dat elk jaar stopt"),
    DIST(hazard, 0, 1, "1/yr",
         "share of remaining asbestos roofs removed each year",
         "Tempo asbestsanering",
         "deel van de resterende asbestdaken dat elk jaar wordt gesaneerd"),
    LS_SPEC_INT(dairy_params, deadline, 0, 0, 2200, 0, "year",
                "year a legal asbestos-roof ban takes effect (0: none)",
                "Ingangsjaar verbod op asbestdaken", "jaar waarin een "
                "wettelijk verbod op asbestdaken ingaat (0: geen verbod)"),
    LS_SPEC_DIST(dairy_params, dairy_draw, deadline_compliance, 0, 0, 1, 1,
                 "1/yr", "share of remaining roofs removed each year once "
                 "banned (default 1)", "Asbestsanering na het verbod",
                 "deel van de resterende asbestdaken dat na het verbod elk "
                 "jaar wordt gesaneerd (standaard 1)"),
    DIST(pv_at_removal, 0, 1, "probability",
         "probability a farm puts solar on the renewed roof",
         "Zonnepanelen bij asbestsanering",
         "kans dat een melkveebedrijf zonnepanelen op het vernieuwde dak "
         "legt"),
    ONCE(kwp_per_farm, 0, 1e4, "kWp", "solar capacity per renewed roof",
         "Zonnepanelen per vernieuwd staldak",
         "vermogen aan zonnepanelen per vernieuwd staldak"),
    DIST(pv_yield, 100, 2500, "kWh/kWp/yr", "PV yield in a normal year",
         "Opbrengst zonnepanelen",
         "opbrengst van zonnepanelen in een normaal jaar"),
    DIST(join_rate, 0, 1, "1/yr",
         "share of non-participating farms joining each year",
         "Instroom in het boerenprogramma",
         "deel van de niet-deelnemende melkveebedrijven dat elk jaar gaat "
         "meedoen"),
    DIST(elec_per_farm, 0, 10, "TJ/yr", "electricity use per farm",
         "Stroomverbruik per melkveebedrijf",
         "jaarlijks elektriciteitsverbruik per melkveebedrijf"),
    DIST(gas_per_farm, 0, 10, "TJ/yr", "gas use per farm",
         "Gasverbruik per melkveebedrijf",
         "jaarlijks gasverbruik per melkveebedrijf"),
    DIST(fuel_per_farm, 0, 10, "TJ/yr", "diesel use per farm",
         "Dieselverbruik per melkveebedrijf",
         "jaarlijks dieselverbruik per melkveebedrijf"),
    DIST(elec_price0, 0, 10, "EUR/kWh", "electricity price a farm pays in "
         "the start year (follows the price index)",
         "Stroomprijs melkveebedrijf in het startjaar",
         "elektriciteitsprijs die een melkveebedrijf in het startjaar "
         "betaalt (volgt de prijsindex)"),
    LS_PV_SPEC(dairy_params, dairy_draw),
    LS_SPEC_END,
};

static int dairy_check(const void *params, ls_check *c)
{
    const dairy_params *p = params;
    if (p->deadline != 0 && p->deadline < 1900)
        return ls_check_fail(c, "deadline", "%lld is not a year (expected 0 "
                             "for no ban, or 1900 to 2200)", p->deadline);
    return LS_OK;
}

static void dairy_init(const void *params, const void *draw, void *state)
{
    (void)params;
    const dairy_draw *d = draw;
    dairy_state *s = state;
    double asb = nearbyint(d->farms0 * d->asbestos_share0);
    double other = d->farms0 - asb;
    /* Participants are spread over both kinds of roof in proportion. */
    s->a_in = nearbyint(asb * d->participation0);
    s->a_out = asb - s->a_in;
    s->pv = 0;
    s->o_in = nearbyint(other * d->participation0);
    s->o_out = other - s->o_in;
    ls_pv_start(&d->pv, &s->pvs);
}

/* n minus Binomial(n, p). */
static double survive(ls_stream *st, unsigned site, double p, double n)
{
    return n - ls_binomial(st, site, p, n);
}

/* The draw sites of a farm-year (rng.h): one per draw. */
enum {
    S_EXIT_A_IN = 1, S_EXIT_A_OUT, S_EXIT_PV, S_EXIT_O_IN, S_EXIT_O_OUT,
    S_REMOVE_IN, S_REMOVE_OUT, S_PV_IN, S_PV_OUT, S_JOIN_A, S_JOIN_O,
    S_SOUND_IN, S_SOUND_OUT
};

enum {
    M_FARMS, M_ASBESTOS, M_PV_FARMS, M_PARTICIPATION, M_PV_MWP, M_PV_TJ,
    M_USE, M_NET, M_RATIO
};

/* Solar on sound roofs: farms without asbestos or PV install at the
 * market's rate (model.h), F = the share of farms with PV; a farm's one
 * system fills its roof, so no farm ever has two.  Then in the programme,
 * as the removal's solar roofs are. */
static void sound_roofs(const dairy_params *p, const dairy_draw *d,
                        dairy_state *s, int year, double yield, double farms,
                        const ls_world *w, ls_stream *st)
{
    double pb;
    double rate = ls_pv_adoption(&p->pv, &d->pv, &s->pvs, year,
                                 d->elec_price0 * w->elec_price, yield,
                                 farms > 0 ? s->pv / farms : 1, &pb);
    double si = ls_binomial(st, S_SOUND_IN, rate, s->o_in);
    double so = ls_binomial(st, S_SOUND_OUT, rate, s->o_out);
    s->o_in -= si;
    s->o_out -= so;
    s->pv += si + so;
    ls_pv_advance(&p->pv, &d->pv, &s->pvs, year);
}

static void dairy_step(const void *params, const void *draw, void *state,
                       int year, ls_stream *st, ls_flows *out)
{
    const dairy_params *p = params;
    const dairy_draw *d = draw;
    dairy_state *s = state;

    /* Exits. */
    double e = ls_param_value(&p->exit_rate, d->exit_rate, year);
    s->a_in = survive(st, S_EXIT_A_IN, e, s->a_in);
    s->a_out = survive(st, S_EXIT_A_OUT, e, s->a_out);
    s->pv = survive(st, S_EXIT_PV, e, s->pv);
    s->o_in = survive(st, S_EXIT_O_IN, e, s->o_in);
    s->o_out = survive(st, S_EXIT_O_OUT, e, s->o_out);
    double farms = s->a_in + s->a_out + s->pv + s->o_in + s->o_out;

    /* Solar built in earlier years produces this year. */
    double kwp = ls_param_value(&p->kwp_per_farm, d->kwp_per_farm, year);
    double yield = ls_param_value(&p->pv_yield, d->pv_yield, year);
    double pv_tj = s->pv * kwp / 1000 * yield * LS_TJ_PER_MWH *
                   out->world->pv;

    /* Asbestos removal, and solar on the renewed roofs. */
    int banned = p->deadline != 0 && year >= p->deadline;
    double h = banned ? ls_param_value(&p->deadline_compliance,
                                       d->deadline_compliance, year)
                      : ls_param_value(&p->hazard, d->hazard, year);
    double q = ls_param_value(&p->pv_at_removal, d->pv_at_removal, year);
    double rem_in = ls_binomial(st, S_REMOVE_IN, h, s->a_in);
    double rem_out = ls_binomial(st, S_REMOVE_OUT, h,
                                 s->a_out);
    double pv_in = ls_binomial(st, S_PV_IN, q, rem_in);
    double pv_out = ls_binomial(st, S_PV_OUT, q, rem_out);
    s->a_in -= rem_in;
    s->a_out -= rem_out;
    s->pv += pv_in + pv_out;
    s->o_in += rem_in - pv_in;
    s->o_out += rem_out - pv_out;

    /* The programme: farms outside it join. */
    double j = ls_param_value(&p->join_rate, d->join_rate, year);
    double ja = ls_binomial(st, S_JOIN_A, j, s->a_out);
    double jo = ls_binomial(st, S_JOIN_O, j, s->o_out);
    s->a_out -= ja;
    s->a_in += ja;
    s->o_out -= jo;
    s->o_in += jo;

    sound_roofs(p, d, s, year, yield, farms, out->world, st);

    double elec = farms * ls_param_value(&p->elec_per_farm, d->elec_per_farm,
                                         year);
    double gas = farms * ls_param_value(&p->gas_per_farm, d->gas_per_farm,
                                        year);
    double fuel = farms * ls_param_value(&p->fuel_per_farm, d->fuel_per_farm,
                                         year);
    double use = elec + gas + fuel;
    out->demand[LS_ELEC] = elec;
    out->demand[LS_GAS] = gas;
    out->demand[LS_FUEL] = fuel;
    out->production[LS_PV_ROOF] = pv_tj;
    double *m = out->metric;
    m[M_FARMS] = farms;
    m[M_ASBESTOS] = s->a_in + s->a_out;
    m[M_PV_FARMS] = s->pv;
    m[M_PARTICIPATION] = farms > 0 ? (s->a_in + s->pv + s->o_in) / farms : 0;
    m[M_PV_MWP] = s->pv * kwp / 1000;
    m[M_PV_TJ] = pv_tj;
    m[M_USE] = use;
    m[M_NET] = pv_tj - use;
    m[M_RATIO] = use > 0 ? pv_tj / use : 0;
}

static const ls_metric_def metrics[] = {
    {"farms", "farms", "active dairy farms",
     LS_M_COUNT, "Melkveebedrijven"},
    {"asbestos", "farms", "farms with an asbestos roof",
     LS_M_COUNT, "Bedrijven met een asbestdak"},
    {"pv_farms", "farms", "farms with solar on a renewed roof",
     LS_M_COUNT, "Bedrijven met zonnepanelen"},
    {"participation", "fraction", "share of farms in the programme",
     LS_M_FRACTION, "Deelname aan het programma"},
    {"pv_mwp", "MWp", "solar on barn roofs (built by the end of the year)",
     LS_M_NONNEG, "Zonnepanelen op stallen (MWp)"},
    {"pv_tj", "TJ", "solar production on barn roofs",
     LS_M_NONNEG | LS_M_SUPPLY, "Zonnestroom melkveehouderij (TJ)"},
    {"use_tj", "TJ", "direct energy use of the farms",
     LS_M_NONNEG | LS_M_DEMAND, "Energiegebruik melkveehouderij (TJ)"},
    {"net_tj", "TJ", "solar production minus use (supplier when >= 0)",
     0, "Netto energie melkveehouderij (TJ)"},
    {"supply_ratio", "fraction", "solar production / use",
     LS_M_NONNEG, "Eigen opwek / gebruik melkveehouderij"},
    {NULL, NULL, NULL, 0, NULL},
};

const ls_model_type ls_model_dairy = {
    .name = "dairy",
    .doc = "dairy farms: asbestos-roof removal with solar, programme "
           "participation, net energy",
    .stage = LS_STAGE_SECTOR,
    .params_size = sizeof(dairy_params),
    .draw_size = sizeof(dairy_draw),
    .state_size = sizeof(dairy_state),
    .metrics = metrics,
    .spec = spec,
    .check = dairy_check,
    .sample = NULL,
    .init = dairy_init,
    .step = dairy_step,
};
