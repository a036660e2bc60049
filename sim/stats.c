/*
 * stats.c - binomial confidence intervals.
 *
 * Clopper-Pearson (1934) is the default: its coverage is at least the
 * nominal level for every p and n, which matters here because targets
 * often have P(hit) near 0 or 1, where Wilson's coverage dips.  The cost
 * is an interval slightly wider than needed.  Wilson (1927) is available
 * for comparison.  The bounds come from GSL's quantile functions.
 */
#include "stats.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

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
    r.lo = hits == 0 ? 0.0 : gsl_cdf_beta_Pinv(alpha / 2, k, nn - k + 1);
    r.hi = hits == n ? 1.0 : gsl_cdf_beta_Qinv(alpha / 2, k + 1, nn - k);
    return r;
}
