/*
 * homes.c - the housing stock: Nul-op-de-meter (NOM) homes, savings and
 * rooftop PV.
 *
 * Per year, on every path:
 *   new builds        n ~ Poisson(new_builds(t)); NOM among them
 *                     ~ Binomial(n, nom_share_new(t)); the rest are
 *                     all-electric (no gas connection for new homes)
 *   NOM retrofits     Bass diffusion over the market M = round(
 *                     retrofit_market (stock0 - nom0)) of existing homes:
 *                     h = min(1, bass_p subsidy(t) + bass_q A / M); each
 *                     market home not yet retrofitted does so with
 *                     probability h, drawn per pool (with and without PV)
 *   rooftop PV        in each pool of non-NOM homes without PV (market,
 *                     rest of the existing stock, all-electric new builds)
 *                     Binomial(pool, pv_adoption) homes install pv_kwp
 *   gas saving        the gas use per existing home falls by saving_rate
 * The homes are kept in six pools, {market, rest, new} x {PV, no PV}, so
 * that every draw is a binomial over one pool: exact for homes that act
 * independently, and O(1) per draw where a hypergeometric split of the
 * retrofits over the PV pool would cost one uniform per retrofit.
 * Flows: gas of the existing homes still on gas; electricity of those,
 * plus nom_elec for every NOM and all-electric new home; rooftop PV of the
 * homes that had PV at the start of the year plus, for every NOM home, PV
 * that equals its electricity use in a normal year (NOM: zero on the
 * meter), both times the weather factor.
 * A Bass process was chosen over a fixed rate because NOM uptake is driven
 * by imitation (neighbourhood projects), and binomial draws keep every
 * count an integer that cannot exceed its pool.
 */
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_randist.h>

#include "model.h"

typedef struct homes_params {
    ls_param stock0;          /* homes at the start of the run */
    ls_param nom0;            /* NOM homes at the start */
    ls_param new_builds;      /* homes/yr, mean completions */
    ls_param nom_share_new;   /* fraction of new builds that are NOM */
    ls_param retrofit_market; /* fraction of existing homes in the market */
    ls_param bass_p;          /* /yr, Bass innovation coefficient */
    ls_param bass_q;          /* /yr, Bass imitation coefficient */
    ls_param subsidy;         /* multiplier of bass_p (a lever) */
    ls_param gas_per_home;    /* TJ/yr per existing home on gas */
    ls_param elec_per_home;   /* TJ/yr per existing home */
    ls_param saving_rate;     /* fraction/yr, gas saving of those homes */
    ls_param nom_elec;        /* TJ/yr per NOM or all-electric home */
    ls_param pv_homes0;       /* homes with rooftop PV at the start */
    ls_param pv_adoption;     /* fraction/yr of homes without PV */
    ls_param pv_kwp;          /* kWp per PV home */
    ls_param pv_yield;        /* kWh/kWp/yr in a normal year */
    ls_param panel_kwp;       /* kWp per panel, for counting panels */
} homes_params;

typedef struct homes_draw {
    double stock0, nom0, new_builds, nom_share_new, retrofit_market, bass_p,
        bass_q, subsidy, gas_per_home, elec_per_home, saving_rate, nom_elec,
        pv_homes0, pv_adoption, pv_kwp, pv_yield, panel_kwp;
} homes_draw;

typedef struct homes_state {
    double stock;       /* homes */
    double new_nom;     /* NOM new builds so far */
    double market;      /* M, existing homes that may retrofit */
    double retrofits;   /* A, NOM retrofits so far */
    double m_pv, m_no;  /* market homes not retrofitted, with/without PV */
    double r_pv, r_no;  /* rest of the existing non-NOM homes */
    double e_pv, e_no;  /* all-electric non-NOM new builds */
    double gas_factor;  /* gas use per home relative to the start */
} homes_state;

#define DIST(field, lo, hi, unit, doc)                                       \
    LS_SPEC_DIST(homes_params, homes_draw, field, 1, lo, hi, 0, unit, doc)
#define ONCE(field, integer, hi, unit, doc)                                   \
    LS_SPEC_DIST_ONCE(homes_params, homes_draw, field, integer, 0, hi, unit, doc)

static const ls_param_spec spec[] = {
    ONCE(stock0, 1, 1e7, "homes", "housing stock at the start of the run"),
    ONCE(nom0, 1, 1e7, "homes", "NOM homes at the start of the run"),
    DIST(new_builds, 0, 1e5, "homes/yr", "mean number of homes completed"),
    DIST(nom_share_new, 0, 1, "fraction", "share of new builds that are NOM"),
    ONCE(retrofit_market, 0, 1, "fraction",
         "share of existing non-NOM homes that may ever retrofit to NOM"),
    DIST(bass_p, 0, 1, "1/yr", "Bass innovation coefficient of retrofits"),
    DIST(bass_q, 0, 2, "1/yr", "Bass imitation coefficient of retrofits"),
    LS_SPEC_DIST(homes_params, homes_draw, subsidy, 0, 0, 100, 1, "factor",
                 "multiplier of bass_p, e.g. a NOM subsidy (default 1)"),
    DIST(gas_per_home, 0, 1, "TJ/yr", "gas use of an existing home on gas"),
    DIST(elec_per_home, 0, 1, "TJ/yr", "electricity use of an existing home"),
    DIST(saving_rate, 0, 0.5, "1/yr", "yearly gas saving of homes on gas"),
    DIST(nom_elec, 0, 1, "TJ/yr",
         "electricity use of a NOM or all-electric home"),
    ONCE(pv_homes0, 1, 1e7, "homes", "homes with rooftop PV at the start"),
    DIST(pv_adoption, 0, 1, "1/yr",
         "share of homes without PV that install it each year"),
    ONCE(pv_kwp, 0, 100, "kWp", "rooftop PV per PV home"),
    DIST(pv_yield, 100, 2500, "kWh/kWp/yr", "PV yield in a normal year"),
    LS_SPEC_DIST_ONCE(homes_params, homes_draw, panel_kwp, 0, 0.05, 1, "kWp",
                      "capacity of one panel (for counts)"),
    LS_SPEC_END,
};

static int homes_check(const void *params, ls_check *c)
{
    const homes_params *p = params;
    /* The start counts must fit in the stock on every path. */
    if (p->nom0.dist.hi > p->stock0.dist.lo)
        return ls_check_fail(c, "nom0", "can exceed stock0 (expected nom0 <= "
                             "stock0 on every path)");
    if (p->pv_homes0.dist.hi + p->nom0.dist.hi > p->stock0.dist.lo)
        return ls_check_fail(c, "pv_homes0", "pv_homes0 + nom0 can exceed "
                             "stock0 (expected them to fit in the stock on "
                             "every path)");
    return LS_OK;
}

static void homes_init(const void *params, const void *draw, void *state)
{
    (void)params;
    const homes_draw *d = draw;
    homes_state *s = state;
    double existing = d->stock0 - d->nom0;
    s->stock = d->stock0;
    s->new_nom = 0;
    s->market = nearbyint(d->retrofit_market * existing);
    s->retrofits = 0;
    /* The PV homes are spread over market and rest in proportion. */
    s->m_pv = existing > 0 ? nearbyint(d->pv_homes0 * s->market / existing)
                           : 0;
    s->m_no = s->market - s->m_pv;
    s->r_pv = d->pv_homes0 - s->m_pv;
    s->r_no = existing - s->market - s->r_pv;
    s->e_pv = 0;
    s->e_no = 0;
    s->gas_factor = 1;
}

enum {
    M_STOCK, M_NOM, M_RETROFITS, M_PV_HOMES, M_PV_MWP, M_PANELS, M_PV_TJ,
    M_GAS, M_ELEC, M_DEMAND
};

/* Rooftop PV on non-NOM homes: each pool without PV adopts at rate a
 * (the retrofit market, the rest of the existing stock, new builds). */
static void adopt_pv(const gsl_rng *r, double a, homes_state *s)
{
    double x = ls_binomial(r, a, s->m_no);
    s->m_no -= x;
    s->m_pv += x;
    x = ls_binomial(r, a, s->r_no);
    s->r_no -= x;
    s->r_pv += x;
    x = ls_binomial(r, a, s->e_no);
    s->e_no -= x;
    s->e_pv += x;
}

static void homes_step(const void *params, const void *draw, void *state,
                       int year, ls_stream *st, ls_flows *out)
{
    const homes_params *p = params;
    const homes_draw *d = draw;
    homes_state *s = state;
    const gsl_rng *r = st->r;

    /* New builds: NOM or all-electric. */
    double built = gsl_ran_poisson(
        r, ls_param_value(&p->new_builds, d->new_builds, year));
    double nom_new = ls_binomial(
        r, ls_param_value(&p->nom_share_new, d->nom_share_new, year), built);
    s->stock += built;
    s->new_nom += nom_new;
    s->e_no += built - nom_new;

    /* NOM retrofits by Bass diffusion, per pool. */
    double h = 0;
    if (s->market > 0)
        h = fmin(1.0, ls_param_value(&p->bass_p, d->bass_p, year) *
                          ls_param_value(&p->subsidy, d->subsidy, year) +
                          ls_param_value(&p->bass_q, d->bass_q, year) *
                              s->retrofits / s->market);
    double k_pv = ls_binomial(r, h, s->m_pv);
    double k_no = ls_binomial(r, h, s->m_no);
    s->m_pv -= k_pv;
    s->m_no -= k_no;
    s->retrofits += k_pv + k_no;

    /* PV on homes produces from the year after it is installed (as on
     * farms and businesses); NOM homes produce from their first year. */
    double kwp = ls_param_value(&p->pv_kwp, d->pv_kwp, year);
    double yield = ls_param_value(&p->pv_yield, d->pv_yield, year);
    double nom_elec = ls_param_value(&p->nom_elec, d->nom_elec, year);
    double nom = d->nom0 + s->new_nom + s->retrofits;
    /* A NOM home's PV covers its own use in a normal year. */
    double nom_kwp = yield > 0 ? nom_elec / (yield * LS_TJ_PER_KWH) : 0;
    double mwp_start = ((s->m_pv + s->r_pv + s->e_pv) * kwp + nom * nom_kwp) /
                       1000;
    double pv_tj = mwp_start * yield * LS_TJ_PER_MWH * out->world->pv;

    adopt_pv(r, ls_param_value(&p->pv_adoption, d->pv_adoption, year), s);

    double on_gas = s->m_pv + s->m_no + s->r_pv + s->r_no;
    double new_other = s->e_pv + s->e_no;
    double pv_homes = s->m_pv + s->r_pv + s->e_pv;
    double gas = on_gas * ls_param_value(&p->gas_per_home, d->gas_per_home,
                                         year) * s->gas_factor;
    double elec = on_gas * ls_param_value(&p->elec_per_home,
                                          d->elec_per_home, year) +
                  (nom + new_other) * nom_elec;
    double mwp = (pv_homes * kwp + nom * nom_kwp) / 1000;

    out->demand[LS_GAS] = gas;
    out->demand[LS_ELEC] = elec;
    out->production[LS_PV_ROOF] = pv_tj;
    double *m = out->metric;
    m[M_STOCK] = s->stock;
    m[M_NOM] = nom;
    m[M_RETROFITS] = s->retrofits;
    m[M_PV_HOMES] = pv_homes;
    m[M_PV_MWP] = mwp;
    m[M_PANELS] = mwp * 1000 / ls_param_value(&p->panel_kwp, d->panel_kwp,
                                              year);
    m[M_PV_TJ] = pv_tj;
    m[M_GAS] = gas;
    m[M_ELEC] = elec;
    m[M_DEMAND] = gas + elec;

    s->gas_factor *= 1 - ls_param_value(&p->saving_rate, d->saving_rate,
                                        year);
}

static const ls_metric_def metrics[] = {
    {"stock", "homes", "housing stock",
     LS_M_COUNT | LS_M_MONOTONE},
    {"nom", "homes", "Nul-op-de-meter homes (new and retrofitted)",
     LS_M_COUNT | LS_M_MONOTONE},
    {"retrofits", "homes", "existing homes retrofitted to NOM so far",
     LS_M_COUNT | LS_M_MONOTONE},
    {"pv_homes", "homes", "non-NOM homes with rooftop PV",
     LS_M_COUNT},
    {"pv_mwp", "MWp", "rooftop PV on homes, NOM homes included",
     LS_M_NONNEG},
    {"panels", "panels", "solar panels on homes",
     LS_M_NONNEG},
    {"pv_tj", "TJ", "rooftop PV production of homes",
     LS_M_NONNEG | LS_M_SUPPLY},
    {"gas_tj", "TJ", "household gas use",
     LS_M_NONNEG},
    {"elec_tj", "TJ", "household electricity use",
     LS_M_NONNEG},
    {"demand_tj", "TJ", "household final demand",
     LS_M_NONNEG | LS_M_DEMAND},
    {NULL, NULL, NULL, 0},
};

const ls_model_type ls_model_homes = {
    .name = "homes",
    .doc = "housing stock: NOM new builds and Bass-diffusion retrofits, gas "
           "saving, rooftop PV",
    .stage = LS_STAGE_SECTOR,
    .params_size = sizeof(homes_params),
    .draw_size = sizeof(homes_draw),
    .state_size = sizeof(homes_state),
    .metrics = metrics,
    .spec = spec,
    .check = homes_check,
    .sample = NULL,
    .init = homes_init,
    .step = homes_step,
};
