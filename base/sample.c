/*
 * sample.c - the parts of the exact samplers that are not inline: BTRD's
 * slow steps, inversion with its restart, AS 241's tails, Poisson.
 *
 * The inline parts in sample.h are shared with the lanes (lanes.c), which
 * run them over several paths at once: the same operations in the same
 * order give the same doubles, so a draw is bitwise the same whichever way
 * it is made (tests/test_sample.c).  Nothing here may be reassociated or
 * contracted (CMakeLists.txt sets -ffp-contract=off).
 */
#include "sample.h"

#include <math.h>

#define LN_SQRT_2PI 0.91893853320467274178  /* log(2 pi) / 2 */

double ls_more_uniform(ls_more *m)
{
    if (!m->ready) {
        ls_stream_more(m->st, m->site);
        m->ready = 1;
    }
    return gsl_rng_uniform_pos(m->st->r);
}

/* Stirling's correction: log k! = (k + 1/2) log(k + 1) - (k + 1)
 * + log(2 pi) / 2 + fc(k); the series for k >= 10 (Hormann 1993). */
static double stirling_fc(double k)
{
    if (k < 10)
        return lgamma(k + 1) - ((k + 0.5) * log(k + 1) - (k + 1) +
                                LN_SQRT_2PI);
    double r = 1 / (k + 1), rr = r * r;
    return (1.0 / 12 - (1.0 / 360 - rr / 1260) * rr) * r;
}

/* BTRD's steps 3.1-3.3 for the candidate k with the scaled v: 1 to
 * accept. */
static int btrd_accept(const ls_btrd *t, double k, double v)
{
    double km = fabs(k - t->m);
    if (km <= LS_BTRD_RECURRENCE) {
        /* 3.1: f(k) / f(m) by the recurrence. */
        double f = 1;
        if (t->m < k)
            for (double i = t->m + 1; i <= k; i++)
                f *= t->nr / i - t->r;
        else
            for (double i = k + 1; i <= t->m; i++)
                v *= t->nr / i - t->r;
        return v <= f;
    }
    /* 3.2: squeeze on log f(k) / f(m). */
    v = log(v);
    double rho = km / t->npq * (((km / 3 + 0.625) * km + 1.0 / 6) / t->npq +
                                0.5);
    double tt = -km * km / (2 * t->npq);
    if (v < tt - rho)
        return 1;
    if (v > tt + rho)
        return 0;
    /* 3.3: the exact test with Stirling's corrections. */
    double nm = t->n - t->m + 1, nk = t->n - k + 1;
    double h = (t->m + 0.5) * log((t->m + 1) / (t->r * nm)) +
               stirling_fc(t->m) + stirling_fc(t->n - t->m);
    return v <= h + (t->n + 1) * log(nm / nk) +
                    (k + 0.5) * log(nk * t->r / (k + 1)) - stirling_fc(k) -
                    stirling_fc(t->n - k);
}

double ls_btrd_rest(const ls_btrd *t, double v, double u1, ls_more *more)
{
    for (int first = 1;; first = 0) {
        double k;
        if (!first) {
            v = ls_more_uniform(more);
            if (ls_btrd_quick(t, v, &k))
                return k;
        }
        /* Step 2: a point of the region outside the quick box. */
        double next = first ? u1 : ls_more_uniform(more), u;
        if (v >= t->vr) {
            u = next - 0.5;
        } else {
            u = v / t->vr - 0.93;
            u = copysign(0.5, u) - u;
            v = next * t->vr;
        }
        /* Step 3.0: the candidate, and v scaled to the hat there. */
        double us = 0.5 - fabs(u);
        double x = (2 * t->a / us + t->b) * u + t->c;
        if (!(x >= 0 && x < t->n + 1))
            continue;
        k = ls_floor_pos(x);
        v = v * t->alpha / (t->a / (us * us) + t->b);
        if (btrd_accept(t, k, v))
            return k;
    }
}

double ls_binomial_inversion(double p, double n, double f0, double u,
                             ls_more *more)
{
    double s = p / (1 - p);
    for (;;) {
        double k = 0, f = f0, F = f0;
        while (u > F && k < n && k < LS_INVERSION_STEPS)
            ls_inversion_step(s, n, &k, &f, &F);
        if (u <= F || k == n)
            return k;
        u = ls_more_uniform(more);
    }
}

double ls_sample_binomial(double p, double n, const double u[2],
                          ls_more *more)
{
    int flip = p > 0.5;
    double pp = flip ? 1 - p : p, x;
    if (n * pp < LS_BINOMIAL_INVERSION_MEAN) {
        x = ls_binomial_inversion(pp, n, ls_pow_count(1 - pp, n), u[0], more);
    } else {
        ls_btrd t;
        ls_btrd_setup(&t, pp, n);
        if (!ls_btrd_quick(&t, u[0], &x))
            x = ls_btrd_rest(&t, u[0], u[1], more);
    }
    return flip ? n - x : x;
}

double ls_normal_tail(double u)
{
    double q = u - 0.5;
    double r = sqrt(-log(q < 0 ? u : 1 - u)), x;
    if (r <= 5) {
        r -= 1.6;
        x = (((((((7.74545014278341407640e-4 * r +
                   2.27238449892691845833e-2) * r +
                  2.41780725177450611770e-1) * r +
                 1.27045825245236838258e0) * r +
                3.64784832476320460504e0) * r +
               5.76949722146069140550e0) * r +
              4.63033784615654529590e0) * r +
             1.42343711074968357734e0) /
            (((((((1.05075007164441684324e-9 * r +
                   5.47593808499534494600e-4) * r +
                  1.51986665636164571966e-2) * r +
                 1.48103976427480074590e-1) * r +
                6.89767334985100004550e-1) * r +
               1.67638483018380384940e0) * r +
              2.05319162663775882187e0) * r +
             1.0);
    } else {
        r -= 5;
        x = (((((((2.01033439929228813265e-7 * r +
                   2.71155556874348757815e-5) * r +
                  1.24266094738807843860e-3) * r +
                 2.65321895265761230930e-2) * r +
                2.96560571828504891230e-1) * r +
               1.78482653991729133580e0) * r +
              5.46378491116411436990e0) * r +
             6.65790464350110377720e0) /
            (((((((2.04426310338993978564e-15 * r +
                   1.42151175831644588870e-7) * r +
                  1.84631831751005468180e-5) * r +
                 7.86869131145613259100e-4) * r +
                1.48753612908506148525e-2) * r +
               1.36929880922735805310e-1) * r +
              5.99832206555887937690e-1) * r +
             1.0);
    }
    return q < 0 ? -x : x;
}

double ls_sample_poisson(double mu, const double u[2], ls_more *more)
{
    if (mu >= LS_POISSON_INVERSION_MEAN)
        return (double)gsl_ran_poisson(ls_stream_more(more->st, more->site),
                                       mu);
    double v = u[0], f0 = exp(-mu);
    for (;;) {
        double k = 0, f = f0, F = f0;
        while (v > F && k < LS_INVERSION_STEPS) {
            k++;
            f *= mu / k;
            F += f;
        }
        if (v <= F)
            return k;
        v = ls_more_uniform(more);
    }
}
