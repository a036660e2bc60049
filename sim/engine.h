/*
 * engine.h - the Monte Carlo engine: blocks of paths, threads, merge order.
 *
 * Paths are numbered 0..n-1 and grouped in blocks of LS_ENGINE_BLOCK
 * consecutive paths.  The caller owns the outer loop (GSL style, no callbacks):
 * it asks the engine to run blocks first..first+count-1 and gets their
 * accumulators merged, in increasing block order, into its own total.  Any
 * thread count gives bitwise the same total, because every path draws from
 * streams keyed by (seed, path, model, year) and the merge order is fixed.
 */
#ifndef LS_ENGINE_H
#define LS_ENGINE_H

#include <stdint.h>

#include "../config/scenario.h"
#include "accum.h"
#include "../base/error.h"

#define LS_ENGINE_BLOCK 1024   /* paths per block; part of the result */

typedef struct ls_engine ls_engine;

/*
 * Allocates an engine for scenario sc (borrowed: it must outlive the
 * engine and must not change while blocks run) with `threads` >= 1 worker
 * threads, each with its own workspace.  The generator is sc->rng and the
 * seed sc->seed, read when blocks run.  Returns NULL with *e filled
 * (LS_ERUNTIME) when out of memory.
 */
ls_engine *ls_engine_alloc(const ls_scenario *sc, int threads, ls_error *e);

/* Frees eng; eng may be NULL. */
void ls_engine_free(ls_engine *eng);

/* Number of blocks of a run of n paths. */
static inline uint64_t ls_engine_blocks(uint64_t n)
{
    return (n + LS_ENGINE_BLOCK - 1) / LS_ENGINE_BLOCK;
}

/* An empty accumulator shaped for sc; NULL if out of memory. */
ls_accum *ls_engine_accum_alloc(const ls_scenario *sc);

/*
 * Runs blocks first..first+count-1 of a run of n paths (the last block may
 * be short) and merges them into total in increasing block order.  total
 * must come from ls_engine_accum_alloc for the same scenario.
 */
void ls_engine_run(ls_engine *eng, uint64_t n, uint64_t first,
                   uint64_t count, ls_accum *total);

/* Paired outcomes of several scenarios run on the same paths: for every
 * scenario j >= 1 and every target of scenario 0 that scenario j has too
 * (by name), the number of paths on which both hit, only scenario 0 hit,
 * only scenario j hit, neither hit. */
typedef struct ls_pairs {
    size_t k;           /* scenarios */
    size_t n_targets;   /* targets of scenario 0 */
    long *match;        /* [k][n_targets] the target's index in scenario j,
                           -1 if j has no target of that name */
    uint64_t *joint;    /* [k][n_targets][4] both, 0 only, j only, neither */
} ls_pairs;

/* Allocates zeroed pair counters for scenarios sc[0..k-1]; NULL if out of
 * memory.  Free with ls_pairs_free. */
ls_pairs *ls_pairs_alloc(const ls_scenario *const *sc, size_t k);
void ls_pairs_free(ls_pairs *p);

/*
 * Runs blocks first..first+count-1 of n paths for k scenarios on common
 * random numbers: path i of every scenario draws from the same keyed
 * streams, so where their models agree the paths are identical.  Each
 * engs[j] (same thread count) merges into totals[j] in block order, and
 * the paired outcomes into pairs.  LS_OK, or LS_ERUNTIME if the
 * per-thread counters cannot be allocated (nothing is run then).
 */
int ls_engine_run_paired(ls_engine *const *engs, size_t k, uint64_t n,
                         uint64_t first, uint64_t count,
                         ls_accum *const *totals, ls_pairs *pairs);

/*
 * Runs the count <= ls_engine_threads(eng) blocks blocks[0..count-1] of a
 * run of n paths in parallel, block i on thread i, each into its own
 * block accumulator (read it with ls_engine_block_accum), without merging
 * them anywhere.  For the MPI ranks, which send blocks to rank 0 to be
 * merged there in block order.
 */
void ls_engine_run_each(ls_engine *eng, uint64_t n, const uint64_t *blocks,
                        size_t count);

/* The accumulator block i of the last ls_engine_run_each left. */
const ls_accum *ls_engine_block_accum(const ls_engine *eng, size_t i);

/* The scenario the engine runs. */
const ls_scenario *ls_engine_scenario(const ls_engine *eng);

/* The engine's worker threads. */
int ls_engine_threads(const ls_engine *eng);

/* Drops the quantile sketch of the engine's block accumulators
 * (ls_accum_drop_sketch): its totals must have none either. */
void ls_engine_drop_sketch(ls_engine *eng);

/* Turns the sensitivity counters on (the default) or off; off, they stay
 * zero and a run is slightly faster. */
void ls_engine_set_sensitivity(ls_engine *eng, int on);

/* Whether the models' lanes hooks run, or every path steps alone through
 * step(); the results are bitwise the same either way (tests/
 * test_engine.c).  The default is on where the engine can use them
 * (model.h) and the lanes' kernels run at AVX-512 (lanes.h), the one level
 * at which they are faster than path by path. */
void ls_engine_set_lanes(ls_engine *eng, int on);

/* Adds the sketch counts of the blocks ls_engine_run_each ran into total
 * and empties them (the blocks' own accumulators hold counts and moments
 * only; ls_engine_run does this itself). */
void ls_engine_take_sketch(ls_engine *eng, ls_accum *total);

/*
 * Runs path i alone on the first workspace and writes its metrics into
 * trace[y * n_metrics + m] for every year index y and metric m.  For tests
 * and diagnostics; not thread-safe against a concurrent ls_engine_run.
 */
void ls_engine_trace(ls_engine *eng, uint64_t i, double *trace);

/*
 * Per-path records: the path-level view that importance sampling, the
 * variance decomposition and the experiments table need.  A path's
 * parameters come from its coordinates: independent uniforms, one per
 * LS_PARAM_DIST parameter of every model (in instance order, from
 * ls_model_inst.u0) and then one per shared parameter (before the copula
 * correlates them); ls_engine_coords of them.  Every array is NULL (not
 * kept) or holds one row per path slot.
 */
typedef struct ls_job_out {
    double *z;             /* [slots][coords] the coordinates */
    double *u;             /* [slots][coords] the uniforms as used: a
                              parameter that takes a shared one has the
                              shared one's, the shared ones after the
                              copula */
    double *value;         /* [slots][n_dists] the model parameters' values
                              (NaN for a schedule) */
    unsigned char *hit;    /* [slots][n_targets] 1 if the path hit */
    double *x;             /* [slots][n_targets] each target's metric in
                              its year */
    size_t n_probe;        /* further metrics to keep */
    const size_t *probe;   /* [n_probe] metric * years + year index */
    double *probe_x;       /* [slots][n_probe] their values */
} ls_job_out;

/* Coordinates per path (n_dists + n_shared of the scenario). */
size_t ls_engine_coords(const ls_engine *eng);

/* Makes every later ls_engine_run also write the record of each path p it
 * runs into slot p - first * LS_ENGINE_BLOCK of rec (first: that call's
 * first block), so rec must have count * LS_ENGINE_BLOCK slots for the
 * largest count run; NULL turns it off.  rec is borrowed. */
void ls_engine_set_records(ls_engine *eng, const ls_job_out *rec);

/* Writes the coordinates of paths first..first+count-1 into
 * z[count][coords], as a run draws them. */
void ls_engine_draw_coords(ls_engine *eng, uint64_t first, size_t count,
                           double *z);

/* A path to run: its yearly draws are path `path`'s; its parameters come
 * from coordinates z (NULL: path `path`'s own). */
typedef struct ls_job {
    uint64_t path;
    const double *z;
} ls_job;

/* Runs jobs[0..count-1] in parallel, job j into slot j of rec.  Each
 * record is a pure function of its job, whatever the thread count. */
void ls_engine_run_jobs(ls_engine *eng, const ls_job *jobs, size_t count,
                        const ls_job_out *rec);

#endif /* LS_ENGINE_H */
