/*
 * stats.c - binomial confidence intervals.
 *
 * Clopper-Pearson (1934) is the default: its coverage is at least the
 * nominal level for every p and n, which matters here because targets
 * often have P(hit) near 0 or 1, where Wilson's coverage dips.  The cost
 * is an interval slightly wider than needed.  Wilson (1927) is available
 * for comparison.
 *
 * The Clopper-Pearson bounds are beta quantiles (ls_stats_beta_quantile,
 * also used for PERT and beta parameters).  GSL's inverse
 * gsl_cdf_beta_Pinv fails for large or skewed parameters: it returns NaN
 * (seen from n ~ 1e5 for small k), or, worse, a finite value that is not
 * the quantile (seen at n = 1e7, k = 4586990: a lower bound above the
 * estimate).  So its answer is checked against GSL's CDF, and replaced by
 * a bisection on that CDF when it is off.  The CDF itself returns NaN
 * right at the centre for huge parameters; the quantiles we look for lie
 * well away from it, so a NaN is read as "near the centre".
 */
#include "stats.h"

#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>

/* Is P(x) below u for Beta(a, b)?  GSL's CDF returns NaN for huge
 * parameters near the distribution's centre, where P is near 1/2. */
static int cdf_below(double x, double u, double a, double b)
{
    double f = gsl_cdf_beta_P(x, a, b);
    return isnan(f) ? 0.5 < u : f < u;
}

double ls_stats_beta_quantile(double u, double a, double b)
{
    /* GSL's inverse can loop for ever when a + b is large (seen at
     * a = 3367893, b = 6632108), so it is only asked for moderate shapes,
     * the ones distributions sample per path. */
    if (a + b < 1e5) {
        double x = gsl_cdf_beta_Pinv(u, a, b);
        double tol = 1e-7 * fmin(u, 1 - u) + 1e-15;
        if (isfinite(x) && x >= 0 && x <= 1) {
            double f = gsl_cdf_beta_P(x, a, b);
            if (isfinite(f) && fabs(f - u) <= tol)
                return x;
        }
    }
    /* Bisection on log x, so quantiles far below 1e-20 (Beta(0.01, 5)
     * holds 77 % of its mass below 1e-12) keep their relative precision;
     * 110 halvings of [log DBL_MIN, 0] resolve x to 1e-30 near 1 too. */
    double lo = log(DBL_MIN), hi = 0;
    for (int i = 0; i < 110; i++) {
        double mid = 0.5 * (lo + hi);
        if (cdf_below(exp(mid), u, a, b))
            lo = mid;
        else
            hi = mid;
    }
    return exp(0.5 * (lo + hi));
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
    r.lo = hits == 0 ? 0.0 : ls_stats_beta_quantile(alpha / 2, k, nn - k + 1);
    r.hi = hits == n ? 1.0
                     : ls_stats_beta_quantile(1 - alpha / 2, k + 1, nn - k);
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
    /* Newcombe's phi with its continuity correction: a positive ad - bc
     * loses n/2 (not below 0); a negative one is kept as it is. */
    double num = fa * fd - fb * fc;
    if (num > 0)
        num = fmax(0.0, num - (double)n / 2);
    double phi = den > 0 ? num / sqrt(den) : 0.0;
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

/* Of paired outcomes (a both, b first only, c second only, d neither):
 * the variance of the difference of two independent runs, and the mean
 * paired difference (c - b) / n.  0 when n is 0. */
static double independent_variance(uint64_t a, uint64_t b, uint64_t c,
                                   uint64_t d, double *diff)
{
    double n = (double)(a + b + c + d);
    *diff = n > 0 ? ((double)c - (double)b) / n : 0;
    if (n == 0)
        return 0;
    double p1 = (double)(a + b) / n, p2 = (double)(a + c) / n;
    return p1 * (1 - p1) + p2 * (1 - p2);
}

ls_interval ls_stats_variance_reduction_ci(uint64_t a, uint64_t b,
                                          uint64_t c, uint64_t d,
                                          double level)
{
    ls_interval r = {ls_stats_variance_reduction(a, b, c, d), NAN, NAN};
    double diff, indep = independent_variance(a, b, c, d, &diff);
    if (a + b + c + d == 0 || !(indep > 0))
        return r;
    /* The paired variance is pi - diff^2, pi the share of discordant
     * paths: its uncertainty dominates (few paths differ), so pi's
     * Clopper-Pearson interval carries over; indep and diff are taken as
     * known (they rest on all n paths). */
    ls_interval pi = ls_stats_binomial_ci(b + c, a + b + c + d, level,
                                          LS_CI_CLOPPER_PEARSON);
    double hi = pi.lo - diff * diff, lo = pi.hi - diff * diff;
    r.lo = lo > 0 ? indep / lo : HUGE_VAL;
    r.hi = hi > 0 ? indep / hi : HUGE_VAL;
    return r;
}

double ls_stats_variance_reduction(uint64_t a, uint64_t b, uint64_t c,
                                   uint64_t d)
{
    if (a + b + c + d == 0)
        return NAN;
    double diff, indep = independent_variance(a, b, c, d, &diff);
    double paired = ((double)b + (double)c) / (double)(a + b + c + d) -
                    diff * diff;
    if (paired <= 0)
        return indep > 0 ? HUGE_VAL : NAN;
    return indep / paired;
}

/* The smallest m in [0, n] with P(Binomial(n, q) <= m) >= p. */
static uint64_t binomial_quantile(uint64_t n, double q, double p)
{
    if (n > 10000000) {
        double m = (double)n * q + gsl_cdf_ugaussian_Pinv(p) *
                                       sqrt((double)n * q * (1 - q));
        m = ceil(m - 0.5);
        return m < 0 ? 0 : m > (double)n ? n : (uint64_t)m;
    }
    uint64_t lo = 0, hi = n;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (gsl_cdf_binomial_P((unsigned)mid, q, (unsigned)n) >= p)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

void ls_stats_quantile_ranks(uint64_t n, double q, double level,
                             uint64_t *lo, uint64_t *hi)
{
    double a = (1 - level) / 2;
    q = q < 0 ? 0 : q > 1 ? 1 : q;
    if (n == 0) {
        *lo = *hi = 0;
        return;
    }
    /* Largest m with F(m) <= a: one below the smallest with F(m) > a. */
    uint64_t m = binomial_quantile(n, q, nextafter(a, 1));
    *lo = m > 0 ? m - 1 : 0;
    *hi = binomial_quantile(n, q, 1 - a);
    if (*hi > n - 1)
        *hi = n - 1;
    if (*lo > n - 1)
        *lo = n - 1;
}

double ls_stats_meaningful(double x, double width)
{
    if (!(width > 0) || !isfinite(width) || !isfinite(x))
        return x;
    double step = pow(10, floor(log10(width)) - 1);
    return round(x / step) * step;
}
