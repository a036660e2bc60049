/*
 * prices.c - energy prices: one gas and one electricity price path per
 * path-year, a driver every sector reads from the world.
 *
 * Prices are indices, 1 = the start year's level; each sector applies
 * them to its own tariff (households and firms pay different prices for
 * the same gas).  Per path-year, from four uniforms in a fixed order:
 *   trend       x_g += gas_drift + gas_sd Z_g,  x_e += elec_drift +
 *               elec_sd Z_e   (Z standard normal, cut at +-4)
 *   shock       with probability shock_p a shock of size S ~
 *               uniform(shock_min, shock_max) starts; the shock level
 *               decays, s = shock_decay s + S
 *   index       gas = exp(x_g + s),  electricity = exp(x_e + elec_pass s)
 * so a shock (a gas-market or tax jump) lifts both carriers at once and
 * fades over a few years, and the trend carries the slow drift and the
 * ordinary year-to-year noise.  Years up to observed_until take the
 * observed indices gas_observed and elec_observed instead (the uniforms
 * are drawn all the same, so later years keep their random numbers).
 * A log random walk with jumps was chosen over a mean-reverting model
 * because the record to 2019 (docs/models.md) shows long drifts of both
 * signs and a few sudden jumps, and too few years to fit more.
 */
#include <math.h>
#include <stddef.h>

#include "model.h"

typedef struct prices_params {
    ls_param gas_drift;     /* 1/yr, mean change of log gas price */
    ls_param elec_drift;    /* 1/yr, mean change of log electricity price */
    double gas_sd;          /* sd of the yearly change, outside shocks */
    double elec_sd;
    ls_param shock_p;       /* chance a shock starts in a year */
    double shock_min;       /* size of a shock, log points */
    double shock_max;
    ls_param shock_decay;   /* fraction of a shock left after a year */
    ls_param elec_pass;     /* share of a shock passed to electricity */
    long long observed_until; /* last year with observed indices (0: none) */
    ls_param gas_observed;  /* observed gas index (a schedule) */
    ls_param elec_observed; /* observed electricity index */
} prices_params;

typedef struct prices_draw {
    double gas_drift, elec_drift, shock_p, shock_decay, elec_pass,
        gas_observed, elec_observed;
} prices_draw;

typedef struct prices_state {
    double xg, xe;  /* log trend levels */
    double s;       /* shock level, log points */
    int started;    /* 0 before the first year */
} prices_state;

#define DIST(field, lo, hi, def, unit, doc, label, doc_nl)                   \
    LS_SPEC_DIST(prices_params, prices_draw, field, 0, lo, hi, def, unit, doc, \
                 label, doc_nl)
#define REAL(field, lo_, hi_, def_, unit_, doc_, label_, doc_nl_)            \
    {.name = #field, .kind = LS_PARAM_REAL,                                  \
     .offset = offsetof(prices_params, field), .lo = (lo_), .hi = (hi_),     \
     .def = (def_), .unit = (unit_), .doc = (doc_), .label = (label_),       \
     .doc_nl = (doc_nl_)}

static const ls_param_spec spec[] = {
    DIST(gas_drift, -0.2, 0.2, 0, "1/yr", "mean yearly change of the log "
         "gas price", "Trend gasprijs", "gemiddelde jaarlijkse verandering "
         "van de gasprijs (logaritmisch)"),
    DIST(elec_drift, -0.2, 0.2, 0, "1/yr", "mean yearly change of the log "
         "electricity price", "Trend elektriciteitsprijs", "gemiddelde "
         "jaarlijkse verandering van de elektriciteitsprijs (logaritmisch)"),
    REAL(gas_sd, 0, 0.5, 0, "1/yr",
         "sd of the yearly change of the log gas price, outside shocks",
         "Jaarlijkse schommeling gasprijs", "standaardafwijking van de "
         "jaarlijkse verandering van de gasprijs (logaritmisch), buiten "
         "prijsschokken"),
    REAL(elec_sd, 0, 0.5, 0, "1/yr",
         "sd of the yearly change of the log electricity price",
         "Jaarlijkse schommeling elektriciteitsprijs", "standaardafwijking "
         "van de jaarlijkse verandering van de elektriciteitsprijs "
         "(logaritmisch)"),
    DIST(shock_p, 0, 1, 0, "1/yr", "chance a price shock starts in a year",
         "Kans op een prijsschok", "kans dat in een jaar een prijsschok "
         "begint (op de gasmarkt of door de energiebelasting)"),
    REAL(shock_min, 0, 3, 0, "log points",
         "smallest size of a shock (log of the price ratio)",
         "Kleinste prijsschok", "kleinste omvang van een prijsschok "
         "(logaritme van de prijsverhouding)"),
    REAL(shock_max, 0, 3, 0, "log points",
         "largest size of a shock (log of the price ratio)",
         "Grootste prijsschok", "grootste omvang van een prijsschok "
         "(logaritme van de prijsverhouding)"),
    DIST(shock_decay, 0, 1, 0.5, "fraction", "share of a shock still "
         "there a year later", "Naijlen van een prijsschok", "deel van een "
         "prijsschok dat een jaar later nog doorwerkt"),
    DIST(elec_pass, 0, 2, 1, "fraction", "share of a gas-price shock "
         "passed on to electricity", "Doorwerking gasprijsschok op "
         "stroomprijs", "deel van een schok in de gasprijs dat doorwerkt in "
         "de elektriciteitsprijs"),
    LS_SPEC_INT(prices_params, observed_until, 0, 0, 3000, 0, "year",
                "last year whose indices are observed (0: none)",
                "Laatste jaar met waargenomen prijzen", "laatste jaar "
                "waarvan de prijsindices zijn waargenomen (0: geen)"),
    DIST(gas_observed, 0.01, 100, 1, "index", "observed gas price index up "
         "to observed_until", "Waargenomen gasprijs", "waargenomen index "
         "van de gasprijs, tot en met het laatste waargenomen jaar"),
    DIST(elec_observed, 0.01, 100, 1, "index", "observed electricity price "
         "index up to observed_until", "Waargenomen elektriciteitsprijs",
         "waargenomen index van de elektriciteitsprijs, tot en met het "
         "laatste waargenomen jaar"),
    LS_SPEC_END,
};

static int prices_check(const void *params, ls_check *c)
{
    const prices_params *p = params;
    if (p->shock_min > p->shock_max)
        return ls_check_fail(c, "shock_min", "is above shock_max (%g > %g)",
                             p->shock_min, p->shock_max);
    return LS_OK;
}

static void prices_init(const void *params, const void *draw, void *state)
{
    (void)params;
    (void)draw;
    prices_state *s = state;
    s->xg = s->xe = s->s = 0;
    s->started = 0;
}

/* Extreme settings (drifts of 0.2 a year, shocks that never decay, a
 * century of years) would overflow exp(); an index stays within e^+-50
 * (5e21), far beyond any price path the model is meant for. */
static double clamp_log(double x)
{
    return x > 50 ? 50 : x < -50 ? -50 : x;
}

enum { M_GAS, M_ELEC, M_SHOCK };

static void prices_step(const void *params, const void *draw, void *state,
                        int year, ls_stream *st, ls_flows *out)
{
    const prices_params *p = params;
    const prices_draw *d = draw;
    prices_state *s = state;
    /* Four uniforms, always: site 0 (model.h). */
    double zg = ls_normal_cut(st->r);
    double ze = ls_normal_cut(st->r);
    double u_shock = gsl_rng_uniform(st->r);
    double u_size = gsl_rng_uniform(st->r);
    double shock = 0;
    /* The start year is the reference: index 1, no change yet. */
    if (s->started) {
        s->xg += ls_param_value(&p->gas_drift, d->gas_drift, year) +
                 p->gas_sd * zg;
        s->xe += ls_param_value(&p->elec_drift, d->elec_drift, year) +
                 p->elec_sd * ze;
        if (u_shock < ls_param_value(&p->shock_p, d->shock_p, year))
            shock = p->shock_min + u_size * (p->shock_max - p->shock_min);
        s->s = ls_param_value(&p->shock_decay, d->shock_decay, year) * s->s +
               shock;
    }
    s->started = 1;
    double pass = ls_param_value(&p->elec_pass, d->elec_pass, year);
    double gas = exp(clamp_log(s->xg + s->s));
    double elec = exp(clamp_log(s->xe + pass * s->s));
    if (year <= p->observed_until) {
        /* An observed year: the path continues from the observed level. */
        gas = ls_param_value(&p->gas_observed, d->gas_observed, year);
        elec = ls_param_value(&p->elec_observed, d->elec_observed, year);
        s->xg = log(gas);
        s->xe = log(elec);
        s->s = 0;
    }
    out->drive->gas_price = gas;
    out->drive->elec_price = elec;
    out->metric[M_GAS] = gas;
    out->metric[M_ELEC] = elec;
    out->metric[M_SHOCK] = shock > 0;
}

static const ls_metric_def metrics[] = {
    {"gas_index", "index", "gas price, 1 = the start year", LS_M_NONNEG, "Gasprijs (index, startjaar = 1)"},
    {"elec_index", "index", "electricity price, 1 = the start year",
     LS_M_NONNEG, "Stroomprijs (index, startjaar = 1)"},
    {"shock", "0/1", "a price shock started this year",
     LS_M_COUNT | LS_M_FRACTION, "Prijsschok dit jaar (0/1)"},
    {NULL, NULL, NULL, 0, NULL},
};

const ls_model_type ls_model_prices = {
    .name = "prices",
    .doc = "gas and electricity price paths with shocks, seen by every "
           "sector",
    .stage = LS_STAGE_DRIVER,
    .params_size = sizeof(prices_params),
    .draw_size = sizeof(prices_draw),
    .state_size = sizeof(prices_state),
    .metrics = metrics,
    .spec = spec,
    .check = prices_check,
    .sample = NULL,
    .init = prices_init,
    .step = prices_step,
};
