/*
 * testbed.c - a model whose target probabilities have closed forms.
 *
 * It exists to test the engine and to benchmark it, not to describe
 * Leusden.  Each year, with m the number of years stepped so far:
 *   count += Binomial(n, p)                  => count ~ Binomial(n m, p)
 *   sum   += shift + Normal(mu, sigma)       => sum ~ Normal(m mu,
 *                                                m sigma^2 + m^2 tau^2)
 * where shift ~ Normal(0, tau) is drawn once per path by inverse CDF from
 * one uniform in the model's own sample hook.  p and mu may be
 * distributions too (the sensitivity test gives mu one, so the driver of
 * the sum's targets is known).  So P(count >= k) is a
 * binomial tail (gsl_cdf_binomial_Q) and P(sum >= t) a normal tail
 * (gsl_cdf_gaussian_Q); tests compare the engine's estimates with them.
 * The third metric, product = p mu, has an interaction: with p and mu
 * independent its Sobol' indices have closed forms (test_sobol).
 */
#include <stddef.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "model.h"

typedef struct testbed_params {
    long long n;    /* trials per year */
    ls_param p;     /* success probability per trial, 0..1 */
    ls_param mu;    /* mean of the yearly normal increment */
    double sigma;   /* sd of the yearly normal increment, > 0 */
    double tau;     /* sd of the per-path shift added every year, >= 0 */
} testbed_params;

typedef struct testbed_draw {
    double p, mu;   /* the path's p and mu */
    double shift;   /* per-path shift of the yearly increment */
    double u_shift; /* the uniform that sampled it, 0..1 */
} testbed_draw;

typedef struct testbed_state {
    double count;   /* successes so far */
    double sum;     /* sum of increments so far */
} testbed_state;

#define FIXED(kind_, field, lo_, hi_, req, def_, unit_, doc_, label_, doc_nl_) \
    {.name = #field, .kind = kind_, .offset = offsetof(testbed_params, field), \
     .lo = lo_, .hi = hi_, .required = req, .def = def_, .unit = unit_,       \
     .doc = doc_, .label = label_, .doc_nl = doc_nl_}

static const ls_param_spec spec[] = {
    FIXED(LS_PARAM_INT, n, 0, 1e6, 1, 0, "trials/yr",
          "Bernoulli trials per year", "Aantal proeven per jaar",
          "aantal Bernoulli-proeven per jaar (testmodel)"),
    LS_SPEC_DIST(testbed_params, testbed_draw, p, 1, 0, 1, 0, "fraction",
                 "success probability per trial", "Succeskans per proef",
                 "kans op succes per proef (testmodel)"),
    LS_SPEC_DIST(testbed_params, testbed_draw, mu, 0, -1e6, 1e6, 0,
                 "units/yr", "mean yearly increment",
                 "Gemiddelde jaarlijkse toename",
                 "gemiddelde jaarlijkse toename van de som (testmodel)"),
    FIXED(LS_PARAM_REAL, sigma, 1e-9, 1e6, 0, 1, "units/yr",
          "sd of the yearly increment", "Spreiding jaarlijkse toename",
          "standaardafwijking van de jaarlijkse toename (testmodel)"),
    FIXED(LS_PARAM_REAL, tau, 0, 1e6, 0, 0, "units/yr",
          "sd of the per-path shift of the increment",
          "Spreiding verschuiving per simulatiepad", "standaardafwijking "
          "van de verschuiving van de toename per simulatiepad (testmodel)"),
    {.name = NULL},
};

/* The draw sites (rng.h): the shift's in the sample phase, after the
 * parameter uniforms of site 0; the count's and the sum's every year. */
enum { S_SHIFT = 1, S_COUNT = 1, S_SUM };

static void testbed_sample(const void *params, ls_stream *st, void *draw)
{
    const testbed_params *pa = params;
    testbed_draw *d = draw;
    d->u_shift = gsl_rng_uniform_pos(ls_stream_site(st, S_SHIFT));
    d->shift = pa->tau > 0 ? gsl_cdf_gaussian_Pinv(d->u_shift, pa->tau) : 0;
}

static void testbed_init(const void *params, const void *draw, void *state)
{
    (void)params;
    (void)draw;
    testbed_state *s = state;
    s->count = 0;
    s->sum = 0;
}

/* The year once its binomial k and normal z are drawn. */
static void advance(const testbed_params *pa, const testbed_draw *d,
                    testbed_state *s, int year, double k, double z,
                    ls_flows *out)
{
    s->count += k;
    s->sum += d->shift + ls_param_value(&pa->mu, d->mu, year) + z;
    out->metric[0] = s->count;
    out->metric[1] = s->sum;
    out->metric[2] = ls_param_value(&pa->p, d->p, year) *
                     ls_param_value(&pa->mu, d->mu, year);
}

static void testbed_step(const void *params, const void *draw, void *state,
                         int year, ls_stream *st, ls_flows *out)
{
    const testbed_params *pa = params;
    const testbed_draw *d = draw;
    double k = ls_binomial(st, S_COUNT, ls_param_value(&pa->p, d->p, year),
                           (double)pa->n);
    double z = ls_normal(st, S_SUM, pa->sigma);
    advance(pa, d, state, year, k, z, out);
}

static void testbed_step_lanes(const void *params, const void *const *draw,
                               void *const *state, int year, ls_lanes *ln,
                               ls_flows *out)
{
    const testbed_params *pa = params;
    double p[LS_LANES], n[LS_LANES], k[LS_LANES], z[LS_LANES];
    for (size_t l = 0; l < ln->n; l++) {
        const testbed_draw *d = draw[l];
        p[l] = ls_param_value(&pa->p, d->p, year);
        n[l] = (double)pa->n;
    }
    ls_lanes_binomial(ln, S_COUNT, p, n, k);
    ls_lanes_normal(ln, S_SUM, pa->sigma, z);
    for (size_t l = 0; l < ln->n; l++)
        advance(pa, draw[l], state[l], year, k[l], z[l], &out[l]);
}

static const ls_metric_def metrics[] = {
    {"count", "successes", "cumulative Binomial(n, p) successes",
     LS_M_COUNT | LS_M_MONOTONE, "Aantal successen (testmodel)"},
    {"sum", "units", "cumulative sum of normal increments",
     0, "Som (testmodel)"},
    {"product", "units", "p times mu of the year (no randomness of its own)",
     0, "Product p maal mu (testmodel)"},
    {NULL, NULL, NULL, 0, NULL},
};

const ls_model_type ls_model_testbed = {
    .name = "testbed",
    .doc = "closed-form test model: binomial count and normal sum",
    .stage = LS_STAGE_SECTOR,
    .params_size = sizeof(testbed_params),
    .draw_size = sizeof(testbed_draw),
    .state_size = sizeof(testbed_state),
    .metrics = metrics,
    .spec = spec,
    .sample = testbed_sample,
    .init = testbed_init,
    .step = testbed_step,
    .step_lanes = testbed_step_lanes,
};
