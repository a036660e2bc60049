/*
 * stats.h - confidence intervals for probabilities estimated from hits.
 */
#ifndef LS_STATS_H
#define LS_STATS_H

#include <stdint.h>

typedef enum ls_ci_method {
    LS_CI_CLOPPER_PEARSON,  /* exact (conservative); the default */
    LS_CI_WILSON            /* score interval; near-nominal coverage */
} ls_ci_method;

typedef struct ls_interval {
    double p;     /* point estimate hits / n */
    double lo;    /* lower bound */
    double hi;    /* upper bound */
} ls_interval;

/*
 * Two-sided interval of confidence level `level` (e.g. 0.95) for a binomial
 * proportion with `hits` successes in n > 0 trials.  Clopper-Pearson uses
 * the beta quantiles gsl_cdf_beta_Pinv/Qinv; Wilson uses the normal
 * quantile gsl_cdf_ugaussian_Pinv.  n = 0 gives {NaN, 0, 1}.
 */
ls_interval ls_stats_binomial_ci(uint64_t hits, uint64_t n, double level,
                                 ls_ci_method method);

#endif /* LS_STATS_H */
