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

/*
 * The distribution-free interval of the q-quantile from n values: the
 * 0-based ranks *lo <= *hi of the order statistics that bracket it with
 * confidence at least `level` (the binomial argument: the number of
 * values below the quantile is Binomial(n, q)).  *lo is the largest m
 * with P(B <= m) <= (1 - level) / 2 and *hi the smallest with P(B <= m)
 * >= (1 + level) / 2, each clamped to 0 .. n-1 (the sample's extremes
 * when n is too small for the level).  Exact (GSL's binomial CDF) up to
 * n = 10^7, the normal approximation above.
 */
void ls_stats_quantile_ranks(uint64_t n, double q, double level,
                             uint64_t *lo, uint64_t *hi);

/* x rounded to the digits its uncertainty leaves meaningful: to one
 * decimal place below the leading digit of `width` (e.g. width 0.023
 * rounds to 0.001); x itself when width is not positive and finite. */
double ls_stats_meaningful(double x, double width);

/* The u-quantile of Beta(a, b), robust where GSL's inverse is not (see
 * stats.c): GSL's answer when it checks out against the CDF, else a
 * bisection on the CDF in log space. */
double ls_stats_beta_quantile(double u, double a, double b);

/*
 * Interval for the difference p2 - p1 of two proportions measured on the
 * same n paths (paired), from the joint counts: a paths hit both, b only
 * the first, c only the second, d neither.  Newcombe (1998, Statistics in
 * Medicine 17:2635, method 10): Wilson intervals of the two margins
 * combined with the continuity-corrected phi correlation of the pairs.
 * p is (c - b) / n.
 */
ls_interval ls_stats_paired_diff(uint64_t a, uint64_t b, uint64_t c,
                                 uint64_t d, double level);

/* Interval for p2 - p1 from independent samples (h1 of n1, h2 of n2):
 * Newcombe (1998, Statistics in Medicine 17:873, method 10). */
ls_interval ls_stats_unpaired_diff(uint64_t h1, uint64_t n1, uint64_t h2,
                                   uint64_t n2, double level);

/*
 * Variance-reduction factor of pairing: the variance of the difference
 * of two independent estimates over that of the paired estimate, per
 * path, [p1(1-p1) + p2(1-p2)] / [(b + c)/n - ((c - b)/n)^2].  HUGE_VAL
 * when the paired variance is 0 but the independent one is not, NaN when
 * both are 0.
 */
double ls_stats_variance_reduction(uint64_t a, uint64_t b, uint64_t c,
                                   uint64_t d);

/* The variance-reduction factor with an interval of confidence level
 * `level` (p: the estimate as above; lo, hi: bounds, hi = +inf when the
 * data cannot rule out a paired variance of 0).  With no discordant path
 * the estimate is +inf but the interval's lower bound is finite: what
 * the run can claim.  From the Clopper-Pearson interval of the share of
 * discordant paths, the other moments taken as known (tested for
 * coverage in test_stats).  lo and hi are NaN for n = 0 and where
 * independent runs would have no variance either (p is then as above). */
ls_interval ls_stats_variance_reduction_ci(uint64_t a, uint64_t b,
                                          uint64_t c, uint64_t d,
                                          double level);

#endif /* LS_STATS_H */
