/*
 * stats.c - binomial confidence intervals.
 *
 * Clopper-Pearson (1934) is the default: its coverage is at least the
 * nominal level for every p and n, which matters here because targets
 * often have P(hit) near 0 or 1, where Wilson's coverage dips.  The cost
 * is an interval slightly wider than needed.  Wilson (1927) is available
 * for comparison.
 *
 * The Clopper-Pearson bounds are beta quantiles.  GSL's inverses
 * (gsl_cdf_beta_Pinv/Qinv) fail to converge for large n (seen from
 * n ~ 1e5 for small k and n ~ 1e7 for k ~ n/3), so when they fail we
 * bisect on GSL's beta CDF instead.  That CDF itself returns NaN right at
 * the distribution's centre for huge parameters; the bound we look for
 * lies about two standard deviations away from the centre, so a NaN is
 * read as "still near the centre" and the bisection moves outwards.
 */
#include "stats.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

/* Lower bound: x in [0, phat] with gsl_cdf_beta_P(x; a, b) = t.
 * Upper bound: x in [phat, 1] with gsl_cdf_beta_Q(x; a, b) = t. */
static double beta_bound(int upper, double t, double a, double b,
                         double phat)
{
    double x = upper ? gsl_cdf_beta_Qinv(t, a, b) : gsl_cdf_beta_Pinv(t, a, b);
    if (isfinite(x) && x >= 0 && x <= 1)
        return x;
    double lo = upper ? phat : 0.0, hi = upper ? 1.0 : phat;
    for (int i = 0; i < 2000; i++) {
        double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi)
            break;
        double f = upper ? gsl_cdf_beta_Q(mid, a, b) : gsl_cdf_beta_P(mid, a, b);
        /* NaN: near the centre, where P and Q are near 1/2 > t. */
        int beyond = isnan(f) || f > t;
        if (upper == beyond)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

ls_interval ls_stats_binomial_ci(uint64_t hits, uint64_t n, double level,
                                 ls_ci_method method)
{
    ls_interval r = {NAN, 0.0, 1.0};
    if (n == 0)
        return r;
    double k = (double)hits, nn = (double)n, alpha = 1.0 - level;
    r.p = k / nn;
    if (method == LS_CI_WILSON) {
        double z = gsl_cdf_ugaussian_Pinv(1.0 - alpha / 2);
        double z2 = z * z;
        double centre = (r.p + z2 / (2 * nn)) / (1 + z2 / nn);
        double half = z / (1 + z2 / nn) *
                      sqrt(r.p * (1 - r.p) / nn + z2 / (4 * nn * nn));
        r.lo = fmax(0.0, centre - half);
        r.hi = fmin(1.0, centre + half);
        if (hits == 0)
            r.lo = 0.0;
        if (hits == n)
            r.hi = 1.0;
        return r;
    }
    r.lo = hits == 0 ? 0.0 : beta_bound(0, alpha / 2, k, nn - k + 1, r.p);
    r.hi = hits == n ? 1.0 : beta_bound(1, alpha / 2, k + 1, nn - k, r.p);
    return r;
}

ls_interval ls_stats_unpaired_diff(uint64_t h1, uint64_t n1, uint64_t h2,
                                   uint64_t n2, double level)
{
    ls_interval a = ls_stats_binomial_ci(h1, n1, level, LS_CI_WILSON);
    ls_interval b = ls_stats_binomial_ci(h2, n2, level, LS_CI_WILSON);
    ls_interval r;
    r.p = b.p - a.p;
    r.lo = r.p - sqrt((b.p - b.lo) * (b.p - b.lo) + (a.hi - a.p) * (a.hi - a.p));
    r.hi = r.p + sqrt((b.hi - b.p) * (b.hi - b.p) + (a.p - a.lo) * (a.p - a.lo));
    r.lo = fmax(r.lo, -1.0);
    r.hi = fmin(r.hi, 1.0);
    return r;
}

ls_interval ls_stats_paired_diff(uint64_t a, uint64_t b, uint64_t c,
                                 uint64_t d, double level)
{
    uint64_t n = a + b + c + d;
    ls_interval r = {NAN, -1.0, 1.0};
    if (n == 0)
        return r;
    ls_interval m1 = ls_stats_binomial_ci(a + b, n, level, LS_CI_WILSON);
    ls_interval m2 = ls_stats_binomial_ci(a + c, n, level, LS_CI_WILSON);
    double fa = (double)a, fb = (double)b, fc = (double)c, fd = (double)d;
    double den = (fa + fb) * (fc + fd) * (fa + fc) * (fb + fd);
    double phi = den > 0 ? (fa * fd - fb * fc) / sqrt(den) : 0.0;
    /* theta = p1 - p2 has [theta - delta, theta + eps]; we report
     * p2 - p1 = -theta, so [-(theta + eps), -(theta - delta)]. */
    double p1 = m1.p, p2 = m2.p;
    double dl = (p1 - m1.lo), du = (m2.hi - p2);
    double el = (m1.hi - p1), eu = (p2 - m2.lo);
    double delta = sqrt(fmax(0.0, dl * dl - 2 * phi * dl * du + du * du));
    double eps = sqrt(fmax(0.0, el * el - 2 * phi * el * eu + eu * eu));
    r.p = (fc - fb) / (double)n;
    r.lo = fmax(-1.0, r.p - eps);
    r.hi = fmin(1.0, r.p + delta);
    return r;
}

double ls_stats_variance_reduction(uint64_t a, uint64_t b, uint64_t c,
                                   uint64_t d)
{
    double n = (double)(a + b + c + d);
    if (n == 0)
        return NAN;
    double p1 = (double)(a + b) / n, p2 = (double)(a + c) / n;
    double indep = p1 * (1 - p1) + p2 * (1 - p2);
    double diff = ((double)c - (double)b) / n;
    double paired = ((double)b + (double)c) / n - diff * diff;
    if (paired <= 0)
        return indep > 0 ? HUGE_VAL : NAN;
    return indep / paired;
}
