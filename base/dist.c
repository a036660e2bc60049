/*
 * dist.c - sampling and describing uncertain parameters.
 *
 * Sampling is by inverse CDF from one uniform u in (0, 1), through GSL's
 * quantile functions where GSL has them (normal, lognormal, beta, and PERT
 * as a scaled beta); uniform, triangular, truncated normal and discrete
 * have closed-form inverses.  Validation is config/'s, once, when the
 * scenario is read: after that, every value the sampler can return lies in
 * the parameter's physical range, so neither this file nor the models
 * check again.  Nothing here knows how a value was written.
 */
#include "dist.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "stats.h"

#define PERT_LAMBDA 4.0 /* Vose (2008): the usual PERT shape */

static double pert_alpha(const ls_dist *d)
{
    return 1 + PERT_LAMBDA * (d->a - d->lo) / (d->hi - d->lo);
}

static double pert_beta(const ls_dist *d)
{
    return 1 + PERT_LAMBDA * (d->hi - d->a) / (d->hi - d->lo);
}

double ls_dist_quantile(const ls_dist *d, double u)
{
    double x;
    switch (d->kind) {
    case LS_DIST_FIXED:
        return d->a;
    case LS_DIST_UNIFORM:
        if (d->integer) {
            x = floor(d->lo + u * (d->hi - d->lo + 1));
            return x > d->hi ? d->hi : x;
        }
        return d->lo + u * (d->hi - d->lo);
    case LS_DIST_TRIANGULAR: {
        double w = d->hi - d->lo;
        double fc = w > 0 ? (d->a - d->lo) / w : 0.5;
        x = u < fc ? d->lo + sqrt(u * w * (d->a - d->lo))
                   : d->hi - sqrt((1 - u) * w * (d->hi - d->a));
        break;
    }
    case LS_DIST_PERT:
        x = d->lo + (d->hi - d->lo) *
                        ls_stats_beta_quantile(u, pert_alpha(d), pert_beta(d));
        break;
    case LS_DIST_NORMAL:
        x = d->a + gsl_cdf_gaussian_Pinv(u, d->b);
        break;
    case LS_DIST_LOGNORMAL:
        x = gsl_cdf_lognormal_Pinv(u, log(d->a), d->b);
        break;
    case LS_DIST_BETA:
        x = d->lo + (d->hi - d->lo) * ls_stats_beta_quantile(u, d->b, d->c);
        break;
    case LS_DIST_TRUNCNORMAL: {
        double pa = gsl_cdf_ugaussian_P((d->lo - d->a) / d->b);
        double pb = gsl_cdf_ugaussian_P((d->hi - d->a) / d->b);
        x = d->a + d->b * gsl_cdf_ugaussian_Pinv(pa + u * (pb - pa));
        break;
    }
    case LS_DIST_DISCRETE: {
        size_t i = 0;
        while (i + 1 < d->n && u > d->cum[i])
            i++;
        return d->values[i];
    }
    default:
        return NAN;
    }
    if (d->integer)
        x = nearbyint(x);
    /* Guard the support against rounding in the inverse CDFs. */
    if (x < d->lo)
        x = d->lo;
    if (x > d->hi)
        x = d->hi;
    return x;
}

double ls_dist_mean(const ls_dist *d)
{
    switch (d->kind) {
    case LS_DIST_FIXED:
        return d->a;
    case LS_DIST_UNIFORM:
        return 0.5 * (d->lo + d->hi);
    case LS_DIST_TRIANGULAR:
        return (d->lo + d->a + d->hi) / 3;
    case LS_DIST_PERT:
        return (d->lo + PERT_LAMBDA * d->a + d->hi) / (PERT_LAMBDA + 2);
    case LS_DIST_NORMAL:
        return d->a;
    case LS_DIST_LOGNORMAL:
        return d->a * exp(0.5 * d->b * d->b);
    case LS_DIST_BETA:
        return d->lo + (d->hi - d->lo) * d->b / (d->b + d->c);
    case LS_DIST_TRUNCNORMAL: {
        double al = (d->lo - d->a) / d->b, be = (d->hi - d->a) / d->b;
        double z = gsl_cdf_ugaussian_P(be) - gsl_cdf_ugaussian_P(al);
        return d->a + d->b * (gsl_ran_ugaussian_pdf(al) -
                              gsl_ran_ugaussian_pdf(be)) / z;
    }
    case LS_DIST_DISCRETE: {
        double m = 0, prev = 0;
        for (size_t i = 0; i < d->n; i++) {
            m += d->values[i] * (d->cum[i] - prev);
            prev = d->cum[i];
        }
        return m;
    }
    default:
        return NAN;
    }
}

double ls_schedule_at(const ls_schedule *s, int year)
{
    if (year <= s->year[0])
        return s->value[0];
    for (size_t i = 1; i < s->n; i++) {
        if (year <= s->year[i]) {
            double f = (double)(year - s->year[i - 1]) /
                       (double)(s->year[i] - s->year[i - 1]);
            double v = s->value[i - 1] + f * (s->value[i] - s->value[i - 1]);
            return s->integer ? nearbyint(v) : v;
        }
    }
    return s->value[s->n - 1];
}

void ls_param_fixed(ls_param *p, double v, int integer)
{
    memset(p, 0, sizeof *p);
    p->dist.kind = LS_DIST_FIXED;
    p->dist.integer = integer;
    p->dist.a = p->dist.lo = p->dist.hi = v;
}

void ls_param_describe(const ls_param *p, char *buf, size_t n)
{
    const ls_dist *d = &p->dist;
    size_t used = 0;
#define PUT(...)                                                             \
    do {                                                                     \
        if (used < n) {                                                      \
            int k_ = snprintf(buf + used, n - used, __VA_ARGS__);            \
            if (k_ > 0)                                                      \
                used += (size_t)k_;                                          \
        }                                                                    \
    } while (0)
    buf[0] = '\0';
    if (p->sched.n > 0) {
        PUT("schedule(");
        for (size_t i = 0; i < p->sched.n; i++)
            PUT("%s%d: %g", i ? ", " : "", p->sched.year[i],
                p->sched.value[i]);
        PUT(")");
        return;
    }
    switch (d->kind) {
    case LS_DIST_FIXED: PUT("%g", d->a); break;
    case LS_DIST_UNIFORM: PUT("uniform(min %g, max %g)", d->lo, d->hi); break;
    case LS_DIST_TRIANGULAR:
        PUT("triangular(min %g, mode %g, max %g)", d->lo, d->a, d->hi);
        break;
    case LS_DIST_PERT:
        PUT("pert(min %g, mode %g, max %g)", d->lo, d->a, d->hi);
        break;
    case LS_DIST_NORMAL: PUT("normal(mean %g, sd %g)", d->a, d->b); break;
    case LS_DIST_LOGNORMAL:
        PUT("lognormal(median %g, sigma %g)", d->a, d->b);
        break;
    case LS_DIST_BETA:
        PUT("beta(alpha %g, beta %g, min %g, max %g)", d->b, d->c, d->lo,
            d->hi);
        break;
    case LS_DIST_TRUNCNORMAL:
        PUT("truncnormal(mean %g, sd %g, min %g, max %g)", d->a, d->b, d->lo,
            d->hi);
        break;
    case LS_DIST_DISCRETE: {
        PUT("discrete(");
        for (size_t i = 0; i < d->n; i++)
            PUT("%s%g: %.3g", i ? ", " : "", d->values[i], d->weight[i]);
        PUT(")");
        break;
    }
    }
    if (d->kind != LS_DIST_FIXED)
        PUT(", expected value %g", ls_dist_mean(d));
#undef PUT
}
