/*
 * rare.h - rare-event probabilities by importance sampling.
 *
 * A target that a plain run hits on almost no path (neutrality in 2040,
 * P ~ 1e-6 .. 1e-3) gets an interval of [0, 3/N] and no estimate.  Here
 * such a target is estimated by importance sampling over the path's
 * parameter coordinates (engine.h): each coordinate v in (0, 1) becomes
 * the normal score y = Phi^-1(v), the proposal moves and scales it,
 * y' = m + s y, and the path runs with coordinate Phi(y'), weighted by the
 * likelihood ratio W = prod phi(y') / (phi(y) / s).  The path's yearly
 * randomness keeps its nominal law (no weight), so the estimate
 *   P = mean(W * hit)
 * is unbiased whatever the proposal; the proposal only decides its
 * variance.
 *
 * The proposal is fitted by the cross-entropy method (Rubinstein and
 * Kroese 2004): run a pilot, take the paths whose score (the target's
 * metric, signed so that higher is closer to the event) reaches the
 * pilot's top fraction rho or the target, and move each coordinate's
 * (m, s) to the mean and sd of those paths' normal scores (weighted by W
 * once the level is the target's); repeat until the level reaches the
 * target, then refine there.  Only coordinates whose elite mean differs
 * from the proposal's by more than a z-test at level 1e-3 move, so the
 * dozens of parameters that do not matter stay nominal and add no weight
 * noise; s is kept in [1, 1.5] (s^2 > 1/2 keeps the variance of W finite,
 * and below 1 the tests' weights grew heavy-tailed).
 *
 * Every path is keyed (seed, LS_RARE_PATH0 + stage offset + j), so the
 * estimate is a pure function of the scenario, the seed and the options,
 * the same for any thread count; and sums run in path order.
 */
#ifndef LS_RARE_H
#define LS_RARE_H

#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../config/scenario.h"
#include "engine.h"

/* Path indexes of the importance-sampling stages start here (above any
 * plain run's paths); stage k of a target uses the 2^32 paths from
 * LS_RARE_PATH0 + k * 2^32. */
#define LS_RARE_PATH0 (UINT64_C(1) << 62)

/* A plain run leaves a target to importance sampling when it has fewer
 * than this many hits (or misses: then the miss is the rare event). */
#define LS_RARE_HITS 50

typedef struct ls_rare_opts {
    uint64_t paths;   /* paths of the final estimate */
    uint64_t pilot;   /* paths per cross-entropy iteration */
    double rho;       /* elite fraction of a pilot, e.g. 0.1 */
    int max_iter;     /* cross-entropy iterations at most */
} ls_rare_opts;

/* Defaults for a final estimate of `paths` paths. */
ls_rare_opts ls_rare_defaults(uint64_t paths);

/* The proposal: for each active coordinate (a truly uncertain parameter,
 * ls_scenario.sens; the others have no effect), the shift m and scale s
 * of its normal score (m = 0, s = 1: nominal). */
typedef struct ls_rare_proposal {
    size_t coords;    /* coordinates per path */
    size_t n;         /* active coordinates */
    size_t *active;   /* [n] their indexes */
    double *m, *s;    /* [n] */
    unsigned char *moving; /* [n] 1 once the fit has moved it */
    size_t moved;     /* how many are moving */
} ls_rare_proposal;

/* Why an estimate should not be trusted, or LS_RARE_OK. */
typedef enum ls_rare_flag {
    LS_RARE_OK = 0,
    LS_RARE_LEVEL,      /* the cross-entropy levels stopped short of the
                           target: the proposal may miss part of the
                           event, and the interval can be far too narrow */
    LS_RARE_FEW_HITS,   /* fewer than 30 paths hit under the proposal */
    LS_RARE_ESS,        /* the hits' weights are dominated by a few paths
                           (effective sample size of the hits < 30, or one
                           weight > 20 % of their sum) */
    LS_RARE_TAIL,       /* relative error above 0.1 or variance of the
                           variance above 0.1 (the checks of MCNP's tally
                           statistics, X-5 Monte Carlo Team 2003): the
                           weights are heavy-tailed and the interval too
                           short more often than 5 % of the time */
} ls_rare_flag;

/* One importance-sampling estimate: of P(event), the event being the
 * target's hit (miss = 0) or its miss (miss = 1, when hits are common). */
typedef struct ls_rare_est {
    int done;           /* 1: estimated */
    int miss;           /* 1: the event is the miss; P(hit) = 1 - p */
    double p;           /* P(event) */
    double se;          /* its standard error */
    double lo, hi;      /* 95 % interval of P(event) (normal, cut at 0) */
    uint64_t paths;     /* final paths */
    uint64_t hits;      /* final paths with the event */
    double ess;         /* Kish effective sample size of the event paths'
                           weights */
    double max_share;   /* largest event weight / their sum */
    double rel_err;     /* se / p */
    double vov;         /* variance of the variance: sum d^4 / (sum d^2)^2
                           - 1/paths, d = W * event - p */
    double vrf;         /* variance reduction per path against plain Monte
                           Carlo: p (1 - p) / (paths * se^2) */
    int iterations;     /* cross-entropy iterations */
    size_t moved;       /* coordinates the proposal moved */
    uint64_t cost;      /* paths run in all (pilots and final) */
    ls_rare_flag flag;
} ls_rare_est;

/* Text of a flag (English, for stdout and JSON), and one word for it. */
const char *ls_rare_flag_text(ls_rare_flag f);
const char *ls_rare_flag_word(ls_rare_flag f);

/* P(hit) of an estimate with its 95 % interval: p or 1 - p. */
void ls_rare_hit(const ls_rare_est *r, double *p, double *lo, double *hi);

/* Allocates a nominal proposal over the coordinates of the parameters
 * of sc.sens, for paths of `coords` coordinates; NULL if out of memory. */
ls_rare_proposal *ls_rare_proposal_alloc(const ls_scenario *sc,
                                         size_t coords);
void ls_rare_proposal_free(ls_rare_proposal *q);

/*
 * Fits the proposal q (allocated for ls_engine_coords(eng) coordinates,
 * nominal or a previous fit to start from)
 * for the event of target t of the engine's scenario by cross-entropy, on
 * stage `stage` paths (see LS_RARE_PATH0).  *iterations gets the
 * iterations run and *reached 1 if the last level was the target's.
 * Returns LS_OK or LS_ERUNTIME (out of memory, *e filled).
 */
int ls_rare_fit(ls_engine *eng, size_t t, int miss, const ls_rare_opts *o,
                uint64_t stage, ls_rare_proposal *q, int *iterations,
                int *reached, ls_error *e);

/*
 * Maps count rows of coordinates v (q->coords each) through proposal q in
 * place: writes each row's log likelihood ratio (nominal over proposal)
 * into logw and, if y is not NULL, the active coordinates' normal scores
 * into y[count][q->n].
 */
void ls_rare_warp(const ls_rare_proposal *q, double *v, size_t count,
                  double *logw, double *y);

/*
 * Estimates target t of the engine's scenario by importance sampling:
 * fits a proposal and runs the final paths.  Returns LS_OK or
 * LS_ERUNTIME.
 */
int ls_rare_estimate(ls_engine *eng, size_t t, int miss,
                     const ls_rare_opts *o, ls_rare_est *out, ls_error *e);

/* 1 if a plain run with `hits` hits leaves the target to importance
 * sampling (its hit is then the event: ls_rare_estimate with miss = 0). */
static inline int ls_rare_needed(uint64_t hits)
{
    return hits < LS_RARE_HITS;
}

/* A rare target of scenario 0 against scenario j, by importance sampling
 * on common random numbers: the same paths, the same coordinates, the
 * same weights, so that dP = mean(W (hit_j - hit_0)). */
typedef struct ls_rare_diff {
    int done;           /* 1: estimated */
    double pj;          /* P(hit) of scenario j */
    double pj_se;       /* its standard error */
    double d;           /* P_j - P_0 */
    double se;          /* its standard error */
    double lo, hi;      /* its 95 % interval (normal) */
    uint64_t differ;    /* final paths on which the two differ */
    ls_rare_flag flag;  /* the reference estimate's flag, or LS_RARE_TAIL
                           if the difference's relative error is > 0.1 */
} ls_rare_diff;

/*
 * For every target g of scenario 0 that its plain run (acc0) left to
 * importance sampling: fits a proposal on scenario 0, runs the final
 * paths in every scenario (engs[0..k-1], the same seed; pairs->match
 * says which target of scenario j is g), and writes the reference's
 * estimate into ref[g] and the differences into diff[j * n_targets0 + g]
 * (diff[g], j = 0, is left not done).  Coordinates are matched between
 * scenarios by parameter name (ls_sens_param.name).  LS_OK or
 * LS_ERUNTIME.
 */
int ls_rare_paired(ls_engine *const *engs, size_t k, const ls_pairs *pairs,
                   const ls_accum *acc0, const ls_rare_opts *o,
                   ls_rare_est *ref, ls_rare_diff *diff, ls_error *e);

#endif /* LS_RARE_H */
