/*
 * sobol.h - variance decomposition of the targets (Sobol' indices).
 *
 * The deciles tornado shows how P(hit) moves with one parameter alone.  A
 * target decided by several parameters together (an interaction) or by
 * the path's own yearly randomness is not seen that way.  Here each
 * output f - the hit of a target (0/1) and the target's metric in its
 * year - is decomposed over the uncertain parameters X_i (ls_scenario.
 * sens) and the path's yearly randomness W:
 *   first-order S_i  = Var(E[f | X_i]) / Var(f)     what X_i does alone
 *   total       ST_i = E[Var(f | X_~i, W)] / Var(f)  with its interactions
 *   within-path STw = E[Var(f | X)] / Var(f)         what no parameter
 *                                                    controls
 * by pick-freeze on rows of paths (Saltelli et al. 2010): per row, two
 * independent paths A and B, and for every parameter i the path A_B^i (A
 * with X_i of B), and A_W (A's parameters, B's yearly draws).  With
 * V = (f_A - f_B)^2 / 2 averaged over the rows (unbiased, and free of the
 * mean):
 *   S_i  = mean f_B (f_ABi - f_A) / V      (Saltelli 2010)
 *   ST_i = mean (f_A - f_ABi)^2 / 2 / V     (Jansen 1999)
 *   STw  = mean (f_A - f_AW)^2 / 2 / V
 * each with a 95 % interval by the delta method for a ratio of means.
 * A row costs d + 3 paths.  Rows are keyed from LS_SOBOL_PATH0 and summed
 * in row order, so the result is the same for any thread count.
 */
#ifndef LS_SOBOL_H
#define LS_SOBOL_H

#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../base/stats.h"
#include "engine.h"

/* Path indexes of the rows start here (apart from plain runs and from the
 * importance sampling's, rare.h). */
#define LS_SOBOL_PATH0 (UINT64_C(1) << 61)

/* One output's decomposition. */
typedef struct ls_sobol_out {
    double mean;          /* mean of f over the A and B paths */
    double var;           /* Var(f) */
    ls_interval noise;    /* STw: the within-path share */
    ls_interval *first;   /* [d] S_i */
    ls_interval *total;   /* [d] ST_i */
    double first_sum;     /* sum of the S_i */
} ls_sobol_out;

typedef struct ls_sobol {
    uint64_t rows;
    size_t d;             /* uncertain parameters */
    size_t n_out;         /* 2 per target: [2t] its hit, [2t+1] its metric */
    ls_sobol_out *out;    /* [n_out] */
} ls_sobol;

/* Runs `rows` rows on eng's scenario and fills *s (free with
 * ls_sobol_free).  LS_OK or LS_ERUNTIME (out of memory). */
int ls_sobol_run(ls_engine *eng, uint64_t rows, ls_sobol *s, ls_error *e);

void ls_sobol_free(ls_sobol *s);

#endif /* LS_SOBOL_H */
