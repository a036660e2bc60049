/*
 * sample.h - exact samplers for the hot paths, and the draw calls models
 * make.
 *
 * GSL's samplers are the reference; these exist because its scalar API is
 * the bottleneck of a run (bench/README.md) and because a sampler that
 * can run over several paths at once (lanes.h) must take its uniforms from
 * fixed places.  Each takes a *pair* of uniforms at a fixed place of its
 * draw site (ls_stream_pair in rng.h) and, only when those do not decide
 * the draw, further uniforms from the site's own substream (ls_more):
 *
 *   Binomial(n, p)  inversion from 0 when n min(p, 1-p) < 10, else BTRD
 *                   (Hormann 1993, "The generation of binomial random
 *                   variates", J. Stat. Comput. Simul. 46), which decides
 *                   most draws from the first uniform;
 *   Normal(0, 1)    inverse CDF by Wichura's AS 241 (Applied Statistics 37,
 *                   1988), the algorithm of gsl_cdf_ugaussian_Pinv, from
 *                   the first uniform;
 *   Poisson(mu)     inversion from 0 when mu < 10, else gsl_ran_poisson on
 *                   the site's substream.
 *
 * tests/test_sample.c checks each against GSL's CDFs over a grid of
 * parameters with the edges (chi-square, tolerance from the sample size),
 * and the normal against gsl_cdf_ugaussian_Pinv value by value.  A
 * scenario picks GSL's samplers with `samplers = "gsl"`: every draw is
 * then the GSL call on the site's substream, as before this module
 * existed.
 */
#ifndef LS_SAMPLE_H
#define LS_SAMPLE_H

#include <math.h>

#include <gsl/gsl_randist.h>

#include "error.h"
#include "rng.h"

/* Binomial draws use inversion below this mean (of min(p, 1-p)). */
#define LS_BINOMIAL_INVERSION_MEAN 10.0
/* Poisson draws use inversion below this mean. */
#define LS_POISSON_INVERSION_MEAN 10.0
/* BTRD evaluates f(k) / f(m) by its recurrence (step 3.1, exact up to
 * rounding) when |k - m| is at most this; Hormann's 15, raised so that the
 * lanes decide more draws without a logarithm. */
#define LS_BTRD_RECURRENCE 40
/* An inversion that has not reached its uniform after this many steps
 * has met the rounding gap of its CDF (probability below 1e-60 of a true
 * value this far out) and restarts with a new uniform. */
#define LS_INVERSION_STEPS 128

/* Where a draw finds uniforms beyond its pair: the site's substream of
 * st, positioned on first use. */
typedef struct ls_more {
    ls_stream *st;
    unsigned site;
    int ready;
} ls_more;

/* The next further uniform, in (0, 1). */
double ls_more_uniform(ls_more *m);

/* floor(x) for 0 <= x < 2^52 without a library call (baseline x86-64 has
 * no rounding instruction), so that loops over lanes vectorise. */
static inline double ls_floor_pos(double x)
{
    double t = (x + 0x1p52) - 0x1p52;   /* x rounded to nearest */
    return t > x ? t - 1 : t;
}

/* x^e for a whole e in [0, 2^53), by squaring; within 2 log2(e) rounding
 * errors of the true power. */
static inline double ls_pow_count(double x, double e)
{
    uint64_t k = (uint64_t)e;
    double r = 1;
    while (k != 0) {
        if (k & 1)
            r *= x;
        x *= x;
        k >>= 1;
    }
    return r;
}

/* The constants of BTRD for one (n, p), p <= 1/2 and n p >= 10, named as
 * in Hormann's paper. */
typedef struct ls_btrd {
    double n, p, m, r, nr, npq, a, b, c, alpha, vr, urvr;
} ls_btrd;

static inline void ls_btrd_setup(ls_btrd *t, double p, double n)
{
    double spq = sqrt(n * p * (1 - p));
    t->n = n;
    t->p = p;
    t->m = ls_floor_pos((n + 1) * p);
    t->r = p / (1 - p);
    t->nr = (n + 1) * t->r;
    t->npq = n * p * (1 - p);
    t->b = 1.15 + 2.53 * spq;
    t->a = -0.0873 + 0.0248 * t->b + 0.01 * p;
    t->c = n * p + 0.5;
    t->alpha = (2.83 + 5.1 / t->b) * spq;
    t->vr = 0.92 - 4.2 / t->b;
    t->urvr = 0.86 * t->vr;
}

/* BTRD's step 1: 1 if v accepts at once, with the value in *k.  v is
 * clamped into the quick region first, so that *k is a finite count
 * whatever v is (the lanes compute it for every lane). */
static inline int ls_btrd_quick(const ls_btrd *t, double v, double *k)
{
    double w = v < t->urvr ? v : t->urvr;
    double u = w / t->vr - 0.43;
    *k = ls_floor_pos((2 * t->a / (0.5 - fabs(u)) + t->b) * u + t->c);
    return v <= t->urvr;
}

/* BTRD after a first uniform v that did not accept at once: u1 is the
 * pair's second uniform, further ones come from more. */
double ls_btrd_rest(const ls_btrd *t, double v, double u1, ls_more *more);

/* One step of inversion from 0: the pmf f and the CDF F at k + 1 from
 * those at k, with s = p / (1 - p). */
static inline void ls_inversion_step(double s, double n, double *k,
                                     double *f, double *F)
{
    double ratio = s * (n - *k) / (*k + 1);
    *f = *f * ratio;
    *F = *F + *f;
    *k = *k + 1;
}

/* Inversion of Binomial(n, p), p <= 1/2, from uniform u and the point
 * mass f0 = (1-p)^n at 0; restarts from more in the rounding gap. */
double ls_binomial_inversion(double p, double n, double f0, double u,
                             ls_more *more);

/* Binomial(n, p) from the pair u (and more, if it does not decide).  p in
 * [0, 1]; n a count in a double. */
double ls_sample_binomial(double p, double n, const double u[2],
                          ls_more *more);

/* AS 241's central rational function of r = 0.180625 - q^2, q = u - 1/2:
 * numerator and denominator, as macros so that the lanes evaluate them on
 * vectors in the same order (lanes.c). */
#define LS_AS241_NUM(r)                                                     \
    (((((((2.5090809287301226727e+3 * (r) + 3.3430575583588128105e+4) *     \
              (r) +                                                         \
          6.7265770927008700853e+4) * (r) +                                 \
         4.5921953931549871457e+4) * (r) +                                  \
        1.3731693765509461125e+4) * (r) +                                   \
       1.9715909503065514427e+3) * (r) +                                    \
      1.3314166789178437745e+2) * (r) +                                     \
     3.3871328727963666080e0)
#define LS_AS241_DEN(r)                                                     \
    (((((((5.2264952788528545610e+3 * (r) + 2.8729085735721942674e+4) *     \
              (r) +                                                         \
          3.9307895800092710610e+4) * (r) +                                 \
         2.1213794301586595867e+4) * (r) +                                  \
        5.3941960214247511077e+3) * (r) +                                   \
       6.8718700749205790830e+2) * (r) +                                    \
      4.2313330701600911252e+1) * (r) +                                     \
     1.0)

/* The standard normal quantile of u for |u - 1/2| <= 0.425 (computed for
 * any u, used only there). */
static inline double ls_normal_central(double u)
{
    double q = u - 0.5, r = 0.180625 - q * q;
    return q * LS_AS241_NUM(r) / LS_AS241_DEN(r);
}

/* 1 if u is in AS 241's central region. */
static inline int ls_normal_is_central(double u)
{
    return fabs(u - 0.5) <= 0.425;
}

/* AS 241's tails: the standard normal quantile of u outside the central
 * region. */
double ls_normal_tail(double u);

/* The standard normal quantile of u in (0, 1). */
static inline double ls_sample_normal(double u)
{
    return ls_normal_is_central(u) ? ls_normal_central(u) : ls_normal_tail(u);
}

/* Poisson(mu) from the pair u (and more, if it does not decide). */
double ls_sample_poisson(double mu, const double u[2], ls_more *more);

/* ---- the draws models make ------------------------------------------- */

/* A count held in a double must be a whole number within unsigned int
 * (validation bounds every pool); anything else is a bug, which aborts
 * loudly instead of wrapping around in a cast. */
static inline void ls_check_count(double n, const char *what)
{
    /* The conversion test, not floor(): floor is a library call on the
     * baseline x86-64 and this is the innermost loop. */
    if (!(n >= 0 && n <= 4294967295.0) || (double)(unsigned int)n != n)
        ls_panic("%s draw over %g units: not a count", what, n);
}

/* Binomial(n, p) at draw site `site` of st, p in [0, 1], n a count. */
static inline double ls_binomial(ls_stream *st, unsigned site, double p,
                                 double n)
{
    ls_check_count(n, "binomial");
    if (st->samplers == LS_SAMPLERS_GSL)
        return (double)gsl_ran_binomial(ls_stream_site(st, site), p,
                                        (unsigned int)n);
    if (n == 0 || !(p > 0))
        return 0;
    if (p >= 1)
        return n;
    double u[2];
    ls_stream_pair(st, site, u);
    ls_more more = {st, site, 0};
    return ls_sample_binomial(p, n, u, &more);
}

/* Normal(0, sigma) at draw site `site` of st (GSL: its ziggurat). */
static inline double ls_normal(ls_stream *st, unsigned site, double sigma)
{
    if (st->samplers == LS_SAMPLERS_GSL)
        return gsl_ran_gaussian_ziggurat(ls_stream_site(st, site), sigma);
    double u[2];
    ls_stream_pair(st, site, u);
    return sigma * ls_sample_normal(u[0]);
}

/* Poisson(mu) at draw site `site` of st, mu >= 0. */
static inline double ls_poisson(ls_stream *st, unsigned site, double mu)
{
    if (st->samplers == LS_SAMPLERS_GSL)
        return (double)gsl_ran_poisson(ls_stream_site(st, site), mu);
    if (!(mu > 0))
        return 0;
    double u[2];
    ls_stream_pair(st, site, u);
    ls_more more = {st, site, 0};
    return ls_sample_poisson(mu, u, &more);
}

#endif /* LS_SAMPLE_H */
