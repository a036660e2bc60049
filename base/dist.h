/*
 * dist.h - uncertain parameters: distributions and year schedules.
 *
 * In a scenario file every uncertain parameter is a number, a distribution
 * group or a schedule:
 *   p = 0.02;
 *   p = { dist = "triangular"; min = 0.01; mode = 0.02; max = 0.04; };
 *   p = { schedule = ( (2018, 0.01), (2025, 0.03) ); };
 * A distribution is sampled once per path, by inverse CDF from one
 * uniform, so that sensitivity analysis can bin paths on that uniform.  A
 * schedule is deterministic: values at given years, linear in between,
 * flat outside.  This file holds the values and their maths; reading them
 * from a scenario file is config/param.c's.
 */
#ifndef LS_DIST_H
#define LS_DIST_H

#include <stddef.h>

#include "limits.h"

/* How far the weights of a discrete distribution may sum from 1 (room for
 * decimal fractions such as ten weights of 0.1, not for typos). */
#define LS_DIST_WEIGHT_TOL 1e-6

typedef enum ls_dist_kind {
    LS_DIST_FIXED,       /* a:value */
    LS_DIST_UNIFORM,     /* lo..hi */
    LS_DIST_TRIANGULAR,  /* lo, a:mode, hi */
    LS_DIST_PERT,        /* lo, a:mode, hi; Beta(b, c) on [lo, hi] */
    LS_DIST_NORMAL,      /* a:mean, b:sd */
    LS_DIST_LOGNORMAL,   /* a:median, b:sigma of log */
    LS_DIST_BETA,        /* b:alpha, c:beta on [lo, hi] */
    LS_DIST_TRUNCNORMAL, /* a:mean, b:sd, cut to [lo, hi] */
    LS_DIST_DISCRETE     /* values[n] with cumulative weights cum[n] */
} ls_dist_kind;

typedef struct ls_dist {
    ls_dist_kind kind;
    double a, b, c;      /* kind-specific, see ls_dist_kind */
    double lo, hi;       /* support (inclusive), -inf/+inf if unbounded */
    int integer;         /* 1: values are rounded to whole numbers */
    size_t n;            /* discrete: number of values */
    double values[LS_DIST_MAX_VALUES]; /* discrete: the values */
    double cum[LS_DIST_MAX_VALUES];    /* discrete: cumulative weights, last 1 */
    double weight[LS_DIST_MAX_VALUES]; /* discrete: the weights as given */
} ls_dist;

typedef struct ls_schedule {
    size_t n;                              /* points, 0 = not a schedule */
    int integer;                           /* 1: values are rounded */
    int year[LS_SCHEDULE_MAX_POINTS];      /* increasing */
    double value[LS_SCHEDULE_MAX_POINTS];
} ls_schedule;

/* An uncertain parameter: a distribution, or a schedule (sched.n > 0). */
typedef struct ls_param {
    ls_dist dist;
    ls_schedule sched;
    int shared;    /* 0: the parameter's own; k > 0: the scenario's shared
                      parameter k - 1 ("shared.NAME"), whose path value it
                      takes (dist is then that parameter's distribution) */
} ls_param;

/* The value of distribution d at quantile u in (0, 1). */
double ls_dist_quantile(const ls_dist *d, double u);

/* Mean of d (exact for every kind; used by docs and tests). */
double ls_dist_mean(const ls_dist *d);

/* The schedule's value in year (linear between points, flat outside;
 * rounded to a whole number for integer parameters). */
double ls_schedule_at(const ls_schedule *s, int year);

/* Makes *p the plain number v (a fixed distribution; integer as the
 * parameter's table says). */
void ls_param_fixed(ls_param *p, double v, int integer);

/* Value of p for a path whose sampled value is `sampled`, in `year`. */
static inline double ls_param_value(const ls_param *p, double sampled,
                                    int year)
{
    return p->sched.n > 0 ? ls_schedule_at(&p->sched, year) : sampled;
}

/* Writes a one-line description ("triangular(min 0.01, mode 0.02, max
 * 0.04)", "schedule(2018: 0.01, 2025: 0.03)", "0.02") into buf. */
void ls_param_describe(const ls_param *p, char *buf, size_t n);

#endif /* LS_DIST_H */
