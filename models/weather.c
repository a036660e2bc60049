/*
 * weather.c - the year-to-year weather: a driver of every path-year.
 *
 * Solar and wind yields and the need for heating vary from year to year
 * around a normal year.  The weather draws, for each path-year, a solar,
 * a wind and a heating-degree-day factor from normal distributions around
 * 1 with sd pv_sd, wind_sd and heat_sd, cut at +-4 sd (and at 0), by
 * inverse CDF from one uniform each, in that order.  The degree days also
 * follow a trend (a warming climate): the factor of year t is multiplied
 * by (1 + heat_trend)^(t - first year).  Every later stage reads them from
 * the world (ls_flows.world): rooftop PV and solar fields scale with `pv`,
 * turbines with `wind`, space heating with `heat`.
 *
 * The scenario has a weather even without a `weather` group (always = 1):
 * with every sd and the trend 0 every year is normal, and the weather is idle, so the
 * engine skips it and a run without weather costs nothing extra.  Its
 * stream is keyed by the instance name "weather", which no sector may use.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "model.h"

typedef struct weather_params {
    double pv_sd;    /* sd of the yearly solar yield factor */
    double wind_sd;  /* sd of the yearly wind yield factor */
    double heat_sd;  /* sd of the yearly degree-day factor */
    double heat_trend; /* fraction/yr change of the normal degree days */
} weather_params;

typedef struct weather_state {
    ls_dist pv;      /* the solar factor's distribution */
    ls_dist wind;    /* the wind factor's distribution */
    ls_dist heat;    /* the degree-day factor's distribution */
    int year0;       /* the first year stepped (0 before it) */
} weather_state;

static const ls_param_spec spec[] = {
    {.name = "pv_sd", .kind = LS_PARAM_REAL,
     .offset = offsetof(weather_params, pv_sd), .lo = 0, .hi = 0.25,
     .unit = "fraction",
     .doc = "sd of the yearly solar yield factor around a normal year",
     .label = "Spreiding zonne-opbrengst",
     .doc_nl = "standaardafwijking van de jaarlijkse zonne-opbrengst rond "
               "een normaal jaar"},
    {.name = "wind_sd", .kind = LS_PARAM_REAL,
     .offset = offsetof(weather_params, wind_sd), .lo = 0, .hi = 0.25,
     .unit = "fraction",
     .doc = "sd of the yearly wind yield factor around a normal year",
     .label = "Spreiding windopbrengst",
     .doc_nl = "standaardafwijking van de jaarlijkse windopbrengst rond een "
               "normaal jaar"},
    {.name = "heat_sd", .kind = LS_PARAM_REAL,
     .offset = offsetof(weather_params, heat_sd), .lo = 0, .hi = 0.25,
     .unit = "fraction",
     .doc = "sd of the yearly heating degree days around a normal year",
     .label = "Spreiding graaddagen",
     .doc_nl = "standaardafwijking van het jaarlijkse aantal graaddagen rond "
               "een normaal jaar"},
    {.name = "heat_trend", .kind = LS_PARAM_REAL,
     .offset = offsetof(weather_params, heat_trend), .lo = -0.05, .hi = 0.05,
     .unit = "1/yr",
     .doc = "yearly change of the normal heating degree days (climate)",
     .label = "Trend graaddagen (klimaat)",
     .doc_nl = "jaarlijkse verandering van het normale aantal graaddagen "
               "(klimaatverandering)"},
    LS_SPEC_END,
};

/* A yield factor: normal around 1 with sd, cut at +-4 sd (and at 0); a
 * fixed 1 when sd = 0. */
static void factor_dist(ls_dist *d, double sd)
{
    memset(d, 0, sizeof *d);
    if (sd <= 0) {
        d->kind = LS_DIST_FIXED;
        d->a = d->lo = d->hi = 1.0;
        return;
    }
    d->kind = LS_DIST_TRUNCNORMAL;
    d->a = 1.0;
    d->b = sd;
    d->lo = 1.0 - 4 * sd > 0 ? 1.0 - 4 * sd : 0.0;
    d->hi = 1.0 + 4 * sd;
}

static int weather_idle(const void *params)
{
    const weather_params *p = params;
    return !(p->pv_sd > 0) && !(p->wind_sd > 0) && !(p->heat_sd > 0) &&
           p->heat_trend == 0;
}

static void weather_init(const void *params, const void *draw, void *state)
{
    (void)draw;
    const weather_params *p = params;
    weather_state *s = state;
    factor_dist(&s->pv, p->pv_sd);
    factor_dist(&s->wind, p->wind_sd);
    factor_dist(&s->heat, p->heat_sd);
    s->year0 = 0;
}

static void weather_step(const void *params, const void *draw, void *state,
                         int year, ls_stream *st, ls_flows *out)
{
    (void)draw;
    const weather_params *p = params;
    weather_state *s = state;
    if (s->year0 == 0)
        s->year0 = year;
    /* Three uniforms, always: site 0 (model.h). */
    out->drive->pv = ls_dist_quantile(&s->pv, gsl_rng_uniform_pos(st->r));
    out->drive->wind = ls_dist_quantile(&s->wind,
                                        gsl_rng_uniform_pos(st->r));
    out->drive->heat = ls_dist_quantile(&s->heat,
                                        gsl_rng_uniform_pos(st->r)) *
                       pow(1 + p->heat_trend, year - s->year0);
}

static const ls_metric_def metrics[] = {
    {NULL, NULL, NULL, 0, NULL},
};

const ls_model_type ls_model_weather = {
    .name = "weather",
    .doc = "year-to-year solar and wind yields and heating degree days, "
           "seen by every sector",
    .stage = LS_STAGE_DRIVER,
    .always = 1,
    .params_size = sizeof(weather_params),
    .draw_size = 0,
    .state_size = sizeof(weather_state),
    .metrics = metrics,
    .spec = spec,
    .check = NULL,
    .idle = weather_idle,
    .sample = NULL,
    .init = weather_init,
    .step = weather_step,
};
