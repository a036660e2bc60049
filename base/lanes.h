/*
 * lanes.h - keyed random numbers and exact samplers over several paths at
 * once.
 *
 * A model with a lanes hook (model.h, step_lanes) advances up to LS_LANES
 * paths of one year together.  Its draws come from an ls_lanes: the same
 * keys as the per-path streams (seed, path, model, year), the same draw
 * sites, the same pairs (rng.h, ls_stream_pair) and the same samplers
 * (sample.h), so every lane draws bitwise what step() would draw for its
 * path, and common random numbers and reproducibility hold as before.
 * What differs is the order of work: the Philox blocks of all lanes are
 * computed together in vector registers, four blocks at a time, and the
 * samplers' common cases run on vectors of the lanes, leaving only the
 * rare slow cases (BTRD's rejections and steps 3.2-3.3, AS 241's tails)
 * to single lanes.  Lanes need Philox (the engine steps path by path
 * under the reference generators or `samplers = "gsl"`), and the engine
 * uses them only at the AVX-512 level, the one at which they beat path by
 * path (docs/performance.md).
 */
#ifndef LS_LANES_H
#define LS_LANES_H

#include <stddef.h>
#include <stdint.h>

#include "rng.h"

#define LS_LANES 8   /* paths a lanes hook advances at once, at most */
#define LS_LANES_GROUP 4  /* pair blocks computed together */

/* The instruction-set levels the lanes' kernels are compiled for; every
 * level gives bitwise the same draws.  The best one the processor has is
 * picked at run time. */
typedef enum ls_simd {
    LS_SIMD_BASE,    /* any x86-64 (SSE2), or another processor */
    LS_SIMD_AVX2,    /* 4 doubles per vector */
    LS_SIMD_AVX512,  /* 8 doubles per vector (AVX-512F) */
    LS_SIMD_LEVELS
} ls_simd;

typedef struct ls_lanes {
    size_t n;                      /* lanes in use, 1..LS_LANES */
    uint64_t seed, model;          /* the key, as ls_stream_key's */
    int year;
    uint64_t path[LS_LANES];
    int pair_ok;                   /* pair holds pair blocks pair_j.. */
    uint64_t pair_j;
    uint64_t pair[LS_LANES_GROUP][4][LS_LANES]; /* block pair_j + c, word
                                                   w of lane l */
    ls_stream *st;                 /* a single lane's further uniforms */
    ls_simd simd;                  /* the kernels' level */
} ls_lanes;

/* 1 if this processor runs level `level`. */
int ls_lanes_simd_supported(ls_simd level);

/* The best level this processor runs. */
ls_simd ls_lanes_simd_best(void);

/* The level new lanes use: the best, or the one the environment variable
 * LEUSDEN_SIMD names ("baseline", "avx2", "avx512") if the processor runs
 * it, to compare levels (the results are the same). */
ls_simd ls_lanes_simd_default(void);

/* A level's name ("baseline", "avx2", "avx512"), or "unsupported". */
const char *ls_lanes_simd_name(ls_simd level);

/* Makes ln use level `level` (the default is the best); 0, or -1 if the
 * processor does not run it. */
int ls_lanes_set_simd(ls_lanes *ln, ls_simd level);

/* Allocates lanes (their single-lane stream is Philox); NULL if out of
 * memory. */
ls_lanes *ls_lanes_alloc(void);

/* Frees lanes from ls_lanes_alloc; ln may be NULL. */
void ls_lanes_free(ls_lanes *ln);

/* Keys the lanes for (seed, path[l], model, year), l < n <= LS_LANES. */
void ls_lanes_key(ls_lanes *ln, uint64_t seed, const uint64_t *path,
                  size_t n, uint64_t model, int year);

/* The pairs of draw site `site` of every lane: u0[l], u1[l] are what
 * ls_stream_pair gives lane l's stream. */
void ls_lanes_pairs(ls_lanes *ln, unsigned site, double *u0, double *u1);

/* x[l] = ls_binomial(lane l's stream, site, p[l], n[l]), bitwise. */
void ls_lanes_binomial(ls_lanes *ln, unsigned site, const double *p,
                       const double *n, double *x);

/* x[l] = ls_normal(lane l's stream, site, sigma), bitwise. */
void ls_lanes_normal(ls_lanes *ln, unsigned site, double sigma, double *x);

#endif /* LS_LANES_H */
