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
 * computed together (their rounds overlap in the processor), and the
 * samplers' common cases run as loops over the lanes that the compiler
 * vectorises, leaving only the rare slow cases (BTRD's rejection steps,
 * AS 241's tails) to a loop over single lanes.  Lanes need Philox (the
 * engine steps path by path under the reference generators or
 * `samplers = "gsl"`).
 */
#ifndef LS_LANES_H
#define LS_LANES_H

#include <stddef.h>
#include <stdint.h>

#include "rng.h"

#define LS_LANES 8   /* paths a lanes hook advances at once, at most */

typedef struct ls_lanes {
    size_t n;                      /* lanes in use, 1..LS_LANES */
    uint64_t seed, model;          /* the key, as ls_stream_key's */
    int year;
    uint64_t path[LS_LANES];
    int pair_ok;                   /* pair holds pair block pair_j */
    uint64_t pair_j;
    uint64_t pair[4 * LS_LANES];   /* word w of lane l at 4 l + w */
    ls_stream *st;                 /* a single lane's further uniforms */
} ls_lanes;

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
