/*
 * result.h - the results of a run, computed once from the merged
 * accumulator, for every writer.
 *
 * A writer (outputs/) formats; it never recomputes statistics.  So the
 * numbers every output shows - each target's P(hit) with its interval,
 * each metric's bands, the sensitivity ranking - are computed here, once,
 * and the table on stdout, the JSON, the CSV and the report print the
 * same values by construction.  Everything in ls_result except `run` is a
 * function of the scenario and the merged accumulator only, never of
 * timing or thread count.
 */
#ifndef LS_RESULT_H
#define LS_RESULT_H

#include <stdint.h>

#include "../base/error.h"
#include "../base/stats.h"
#include "../config/scenario.h"
#include "accum.h"
#include "sensitivity.h"

/* The quantiles of every metric-year's band, in this order. */
#define LS_RESULT_QUANTILES 5
extern const double ls_result_quantiles[LS_RESULT_QUANTILES];

/* How the run ended: everything here is independent of the thread count. */
typedef struct ls_stopping {
    double precision;     /* requested CI half-width, 0 = fixed path count */
    int reached;          /* 1: every interval is that narrow (or no
                             precision was asked) */
    uint64_t max_paths;   /* cap of a --precision run */
} ls_stopping;

/* Run statistics: they depend on the machine and the thread count, so they
 * are kept apart (the JSON "run" object, stderr). */
typedef struct ls_run_stats {
    double seconds;       /* wall time of the engine */
    int threads;          /* worker threads */
    double peak_rss_mb;   /* peak resident memory of the process */
} ls_run_stats;

/* A run's id: 16 hex digits, a hash of everything that decides its
 * results (program version, scenarios, seed, paths, options), so the
 * outputs of one run carry the same id and those of another run differ:
 * a reader can tell a mix.  The same run repeated gets the same id (and
 * the same results). */
#define LS_RUN_ID_LEN 16

typedef struct ls_result {
    char run_id[LS_RUN_ID_LEN + 1];
    const ls_scenario *sc;  /* borrowed */
    const ls_accum *acc;    /* borrowed: moments, min and max per series */
    uint64_t paths;         /* paths run */
    ls_stopping stop;
    const ls_run_stats *run;/* NULL: not to be written (tests, batch) */
    ls_interval *p;         /* [n_targets] P(hit), 95 % Clopper-Pearson */
    double *band;           /* [n_years][n_metrics][LS_RESULT_QUANTILES]
                               quantiles over paths (whole numbers for
                               LS_M_COUNT metrics) */
    double *band_lo, *band_hi; /* the same shape: each quantile's 95 %
                               interval, the order statistics that bracket
                               it (ls_stats_quantile_ranks) widened by the
                               sketch's bound, so it holds both the
                               sampling and the sketch's error */
    int sensitivity;        /* 1: the run counted deciles (ls_sensitivity_
                               counted) and rank/n_sig are filled */
    ls_sens_effect *rank;   /* [n_targets][n_sens] by |spread|, largest
                               first */
    ls_sens_effect *sig;    /* [n_targets][n_sens] the same, significant
                               ones first (n_sig[t] of them) */
    size_t *n_sig;          /* [n_targets] */
    const struct ls_rare_est *rare; /* [n_targets] importance-sampling
                               estimates (rare.h; done = 0 where none was
                               made), or NULL: none asked for; borrowed */
    uint64_t rare_paths;    /* paths of each of them */
    const struct ls_sobol *sobol; /* Sobol' indices (sobol.h), or NULL:
                               none asked for; borrowed */
} ls_result;

/*
 * Computes every result of a run of scenario sc with merged accumulator
 * acc (both borrowed: they must outlive *r).  run may be NULL.  Returns
 * LS_OK, or LS_ERUNTIME when out of memory (then *r needs no
 * ls_result_free, but allows it).
 */
int ls_result_compute(ls_result *r, const ls_scenario *sc,
                      const ls_accum *acc, const ls_stopping *stop,
                      const ls_run_stats *run, ls_error *e);

/* Writes the run id of k scenarios run with n paths and the options text
 * extra (what else decides the results; may be "") into id. */
void ls_result_run_id(const ls_scenario *const *sc, size_t k, uint64_t n,
                      const char *extra, char id[LS_RUN_ID_LEN + 1]);

/* How many targets have an importance-sampling estimate. */
size_t ls_result_rare_count(const ls_result *r);

/* Adds the importance-sampling estimates rare[n_targets] (borrowed) made
 * on `paths` paths each to r, and to its run id. */
void ls_result_set_rare(ls_result *r, const struct ls_rare_est *rare,
                        uint64_t paths);

/* Adds the Sobol' indices s (borrowed) to r, and to its run id. */
void ls_result_set_sobol(ls_result *r, const struct ls_sobol *s);

/* Frees what *r owns; r may be zeroed or freed already. */
void ls_result_free(ls_result *r);

/* Quantile number q (index into ls_result_quantiles) of metric m in year
 * index y. */
static inline double ls_result_band(const ls_result *r, size_t y, size_t m,
                                    size_t q)
{
    return r->band[(y * r->sc->n_metrics + m) * LS_RESULT_QUANTILES + q];
}

/* Its 95 % interval: lo (side 0) or hi (side 1). */
static inline double ls_result_band_ci(const ls_result *r, size_t y,
                                       size_t m, size_t q, int side)
{
    const double *b = side ? r->band_hi : r->band_lo;
    return b[(y * r->sc->n_metrics + m) * LS_RESULT_QUANTILES + q];
}

/* The effects of the parameters on target t: ranked by |spread|, or with
 * the significant ones first. */
static inline const ls_sens_effect *ls_result_rank(const ls_result *r,
                                                   size_t t)
{
    return r->rank + t * r->sc->n_sens;
}
static inline const ls_sens_effect *ls_result_sig(const ls_result *r,
                                                  size_t t)
{
    return r->sig + t * r->sc->n_sens;
}

/* 1 if target t was hit on some paths and missed on others. */
static inline int ls_result_uncertain(const ls_result *r, size_t t)
{
    return r->acc->hits[t] != 0 && r->acc->hits[t] != r->paths;
}

/* The longest arm of any target's 95 % interval in acc: the larger of p -
 * lo and hi - p, so that --precision EPS bounds both arms of every
 * interval (a Clopper-Pearson interval is not symmetric: near 0 its upper
 * arm is the longer, and half the width would let it exceed EPS). */
double ls_result_max_arm(const ls_scenario *sc, const ls_accum *acc);

/*
 * --precision's schedule: after `blocks` blocks whose longest arm is w,
 * how many blocks to add before the next check, or 0 to stop (w <= eps).
 * An arm shrinks as 1/sqrt(n), so the blocks needed are predicted as
 * blocks (w / eps)^2; the run closes in on that from below, adding
 * LS_PRECISION_APPROACH of the predicted gap (at least one block, at most
 * LS_PRECISION_GROWTH times the blocks so far), so that it stops within a
 * block or two of the first block count that meets the goal (test_engine
 * measures it).  It depends only on the results, which are the same for
 * any thread or rank count, so the stop is too.
 */
uint64_t ls_precision_step(uint64_t blocks, double w, double eps);
#define LS_PRECISION_APPROACH 0.8
#define LS_PRECISION_GROWTH 3

/* A binomial proportion with its 95 % Clopper-Pearson interval: the one
 * interval of every P(hit) the program reports. */
static inline ls_interval ls_result_ci(uint64_t hits, uint64_t n)
{
    return ls_stats_binomial_ci(hits, n, LS_REPORT_LEVEL,
                                LS_CI_CLOPPER_PEARSON);
}

#endif /* LS_RESULT_H */
