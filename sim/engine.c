/*
 * engine.c - running paths in blocks over OpenMP threads.
 *
 * Each thread owns a workspace, allocated before any parallel loop: a
 * stream, the per-path draw and state blocks of every model (sizes from the
 * model types), the year's metric vector and a block accumulator.  Nothing
 * is allocated while paths run.  Blocks are handed out round-robin
 * (schedule(static, 1)); each thread fills its block accumulator and then,
 * inside an `ordered` region, merges it into the total, so merges happen
 * in block order whatever thread ran the block.
 *
 * A path-year steps the instances in the scenario's order, which is stage
 * order: the drivers set the world (the weather), the sectors add their
 * flows, the systems (the energy balance) see the sectors' sums.  An
 * instance without per-path draws gets no sample-phase key, and an idle
 * one (its type says so for its parameters) no step: neither draws.
 *
 * Rejected: omp atomic / critical sums (order depends on timing), and one
 * accumulator per block kept until the end (memory grows with n).
 */
#include "engine.h"

#include <assert.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"

#ifdef _OPENMP
#include <omp.h>
#endif

#define ALIGN LS_CACHE_LINE

/* A workspace's accumulator holds one block and counts in 16 bits. */
_Static_assert(LS_ENGINE_BLOCK <= LS_ACCUM_BLOCK_MAX,
               "a block must fit in a block accumulator");

typedef struct workspace {
    ls_stream *st;        /* keyed per (path, model, year) */
    unsigned char *mem;   /* draws and states of all models */
    double *v;            /* [n_metrics] this year's metrics */
    double *z;            /* [n_coords] the path's parameter coordinates:
                             independent uniforms, the models' then the
                             shared ones (before the copula) */
    double *u;            /* [n_coords] the uniforms as used: a model
                             parameter that takes a shared one has its
                             uniform, the shared ones after the copula */
    double *value;        /* [n_dists] the models' parameter values */
    unsigned char *hit;   /* [n_targets] this path hit the target */
    size_t *cell;         /* [n_sens] the path's decile cell of each
                             ranked parameter, k * bins + decile */
    ls_accum *acc;        /* the block being run */
    ls_world world;       /* the path's world; the drivers find it as the
                             previous year left it */
} workspace;

struct ls_engine {
    const ls_scenario *sc;
    int threads;
    size_t *draw_off;     /* [n_models] offsets into workspace.mem */
    size_t *state_off;    /* [n_models] */
    size_t mem_size;
    size_t *due;          /* targets sorted by year index */
    size_t *due_start;    /* [n_years + 1] ranges into due */
    size_t *draws;        /* instances that sample per path, in order */
    size_t n_draws;
    size_t *steps;        /* instances that step (not idle), in order */
    size_t n_steps;
    int sensitivity;      /* 1: count hits per decile of each uniform */
    const ls_job_out *rec;/* per-path records of ls_engine_run, or NULL */
    size_t slots;         /* workspaces per thread: LS_LANES if a model
                             has a lanes hook, else 1 */
    int lanes;            /* 1: call the lanes hooks where there are */
    workspace *ws;        /* [threads * slots]; thread t's from t * slots,
                             its accumulator in the first */
    ls_lanes **ln;        /* [threads] when slots > 1 */
    ls_accum **sk;        /* [threads] each thread's sketch counts: its
                             blocks' values, added to the total at the
                             end of a run (whole numbers, so in any
                             order) */
    ls_accum **ring;      /* [n_ring] finished blocks waiting to be merged
                             in block order (hits and moments only) */
    unsigned char *ready; /* [n_ring] */
    size_t n_ring;
    uint64_t next;        /* the next block to merge into the total */
#ifdef _OPENMP
    omp_lock_t lock;      /* over ring, ready and next */
#endif
};

/* Thread t's workspaces. */
static workspace *slots_of(const ls_engine *eng, int t)
{
    return &eng->ws[(size_t)t * eng->slots];
}

/* The calling OpenMP thread's number, 0 without OpenMP. */
static int thread_num(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

static size_t round_up(size_t n)
{
    return (n + ALIGN - 1) / ALIGN * ALIGN;
}

ls_accum *ls_engine_accum_alloc(const ls_scenario *sc)
{
    return ls_accum_alloc(sc->n_targets, sc->n_metrics,
                          ls_scenario_years(sc), sc->n_sens);
}

void ls_engine_free(ls_engine *eng)
{
    if (eng == NULL)
        return;
    size_t nw = (size_t)eng->threads * eng->slots;
    for (size_t k = 0; eng->ws != NULL && k < nw; k++) {
        workspace *w = &eng->ws[k];
        ls_stream_free(w->st);
        free(w->mem);
        free(w->v);
        free(w->z);
        free(w->u);
        free(w->value);
        free(w->hit);
        free(w->cell);
        ls_accum_free(w->acc);
    }
    for (int t = 0; eng->ln != NULL && t < eng->threads; t++)
        ls_lanes_free(eng->ln[t]);
    for (int t = 0; eng->sk != NULL && t < eng->threads; t++)
        ls_accum_free(eng->sk[t]);
    for (size_t k = 0; eng->ring != NULL && k < eng->n_ring; k++)
        ls_accum_free(eng->ring[k]);
#ifdef _OPENMP
    if (eng->ring != NULL)
        omp_destroy_lock(&eng->lock);
#endif
    free(eng->ln);
    free(eng->sk);
    free(eng->ring);
    free(eng->ready);
    free(eng->ws);
    free(eng->draw_off);
    free(eng->state_off);
    free(eng->due);
    free(eng->due_start);
    free(eng->draws);
    free(eng->steps);
    free(eng);
}

/* Which instances draw per path and which step, and whether paths run
 * in groups of lanes: when a stepping type has a lanes hook.  The hooks
 * run under Philox and the fast samplers (lanes.h). */
static void plan_models(ls_engine *eng)
{
    const ls_scenario *sc = eng->sc;
    int any = 0;
    for (size_t m = 0; m < sc->n_models; m++) {
        const ls_model_inst *inst = &sc->models[m];
        assert(m == 0 || inst->type->stage >= sc->models[m - 1].type->stage);
        if (inst->n_dists > 0 || inst->type->sample != NULL)
            eng->draws[eng->n_draws++] = m;
        if (inst->type->idle == NULL || !inst->type->idle(inst->params)) {
            eng->steps[eng->n_steps++] = m;
            any |= inst->type->step_lanes != NULL;
        }
    }
    int can = any && sc->rng == ls_rng_kinds[0] &&
              sc->samplers == LS_SAMPLERS_FAST;
    eng->slots = can ? LS_LANES : 1;
    /* The lanes pay only with AVX-512 (bench_floor: at the other levels
     * the draws take longer than path by path); the results are the same
     * either way, and ls_engine_set_lanes can still turn them on. */
    eng->lanes = can && ls_lanes_simd_default() >= LS_SIMD_AVX512;
}

/* The threads' sketch counts and the ring of blocks waiting to be merged
 * (RING_PER_THREAD a thread); 0 on success.  Each thread's block
 * accumulator counts into that thread's sketch. */
#define RING_PER_THREAD 4
static int alloc_merging(ls_engine *eng)
{
    const ls_scenario *sc = eng->sc;
    size_t ny = ls_scenario_years(sc), nt = (size_t)eng->threads;
    eng->n_ring = RING_PER_THREAD * nt;
    eng->sk = calloc(nt, sizeof *eng->sk);
    eng->ring = calloc(eng->n_ring, sizeof *eng->ring);
    eng->ready = calloc(eng->n_ring, 1);
    if (eng->sk == NULL || eng->ring == NULL || eng->ready == NULL)
        return -1;
#ifdef _OPENMP
    omp_init_lock(&eng->lock);
#endif
    for (size_t t = 0; t < nt; t++) {
        eng->sk[t] = ls_accum_alloc(sc->n_targets, sc->n_metrics, ny,
                                    sc->n_sens);
        if (eng->sk[t] == NULL)
            return -1;
        ls_accum_set_spill(slots_of(eng, (int)t)->acc, eng->sk[t]);
    }
    for (size_t k = 0; k < eng->n_ring; k++) {
        eng->ring[k] = ls_accum_alloc_block(sc->n_targets, sc->n_metrics, ny,
                                            sc->n_sens);
        if (eng->ring[k] == NULL)
            return -1;
        ls_accum_drop_sketch(eng->ring[k]);   /* counts and moments only */
    }
    return 0;
}

/* Allocates the blocks of one workspace, the accumulator only if acc;
 * 0 on success. */
static int alloc_workspace(const ls_engine *eng, workspace *w, int acc)
{
    const ls_scenario *sc = eng->sc;
    w->st = ls_stream_alloc(sc->rng);
    if (w->st != NULL)
        w->st->samplers = sc->samplers;
    w->mem = ls_calloc_lines(1, eng->mem_size);
    w->v = ls_calloc_lines(sc->n_metrics, sizeof *w->v);
    size_t nz = ls_engine_coords(eng);
    w->z = ls_calloc_lines(nz ? nz : 1, sizeof *w->z);
    w->u = ls_calloc_lines(nz ? nz : 1, sizeof *w->u);
    w->value = ls_calloc_lines(sc->n_dists ? sc->n_dists : 1,
                               sizeof *w->value);
    w->hit = ls_calloc_lines(sc->n_targets, sizeof *w->hit);
    w->cell = ls_calloc_lines(sc->n_sens, sizeof *w->cell);
    if (acc)
        w->acc = ls_accum_alloc_block(sc->n_targets, sc->n_metrics,
                                      ls_scenario_years(sc), sc->n_sens);
    return !w->st || !w->mem || !w->v || !w->z || !w->u || !w->value ||
                   !w->hit || !w->cell || (acc && !w->acc)
               ? -1
               : 0;
}

ls_engine *ls_engine_alloc(const ls_scenario *sc, int threads, ls_error *e)
{
    ls_engine *eng = calloc(1, sizeof *eng);
    if (eng == NULL)
        goto oom;
    eng->sc = sc;
    eng->threads = threads < 1 ? 1 : threads;
    size_t nm = sc->n_models ? sc->n_models : 1;
    size_t ny = ls_scenario_years(sc);
    eng->draw_off = calloc(nm, sizeof *eng->draw_off);
    eng->state_off = calloc(nm, sizeof *eng->state_off);
    eng->due = calloc(sc->n_targets + 1, sizeof *eng->due);
    eng->due_start = calloc(ny + 1, sizeof *eng->due_start);
    eng->draws = calloc(nm, sizeof *eng->draws);
    eng->steps = calloc(nm, sizeof *eng->steps);
    if (!eng->draw_off || !eng->state_off || !eng->due || !eng->due_start ||
        !eng->draws || !eng->steps)
        goto oom;
    plan_models(eng);
    size_t nw = (size_t)eng->threads * eng->slots;
    eng->ws = ls_calloc_lines(nw, sizeof *eng->ws);
    if (eng->ws == NULL)
        goto oom;

    size_t off = 0;
    for (size_t m = 0; m < sc->n_models; m++) {
        eng->draw_off[m] = off;
        off += round_up(sc->models[m].type->draw_size);
        eng->state_off[m] = off;
        off += round_up(sc->models[m].type->state_size);
    }
    eng->mem_size = off ? off : ALIGN;

    /* Targets grouped by year index, in scenario order within a year. */
    size_t k = 0;
    for (size_t y = 0; y < ny; y++) {
        eng->due_start[y] = k;
        for (size_t t = 0; t < sc->n_targets; t++)
            if ((size_t)(sc->targets[t].year - sc->year0) == y)
                eng->due[k++] = t;
    }
    eng->due_start[ny] = k;

    eng->sensitivity = 1;

    for (size_t s = 0; s < nw; s++)
        if (alloc_workspace(eng, &eng->ws[s], s % eng->slots == 0) != 0)
            goto oom;
    if (alloc_merging(eng) != 0)
        goto oom;
    if (eng->slots > 1) {
        eng->ln = calloc((size_t)eng->threads, sizeof *eng->ln);
        for (int t = 0; eng->ln != NULL && t < eng->threads; t++)
            if ((eng->ln[t] = ls_lanes_alloc()) == NULL)
                goto oom;
        if (eng->ln == NULL)
            goto oom;
    }
    return eng;
oom:
    ls_engine_free(eng);
    ls_error_set(e, LS_ERUNTIME, NULL, 0, NULL,
                 "out of memory allocating the engine workspaces");
    return NULL;
}

/* Counts the path in the decile of each uncertain parameter's uniform,
 * and its hits there. */
static void add_sensitivity(const ls_scenario *sc, const workspace *w,
                            ls_accum *acc)
{
    const size_t nb = LS_ACCUM_SENS_BINS, ns = sc->n_sens;
    /* The cells once per path, then one increment per hit target. */
    for (size_t k = 0; k < ns; k++) {
        size_t b = (size_t)(w->u[sc->sens[k].u] * (double)nb);
        w->cell[k] = k * nb + (b < nb ? b : nb - 1);
        acc->sens_paths[w->cell[k]]++;
    }
    for (size_t t = 0; t < sc->n_targets; t++) {
        if (!w->hit[t])
            continue;
        uint64_t *h = acc->sens_hits + t * ns * nb;
        const size_t *cell = w->cell;
        for (size_t k = 0; k < ns; k++)
            h[cell[k]]++;
    }
}

size_t ls_engine_coords(const ls_engine *eng)
{
    return eng->sc->n_dists + eng->sc->n_shared;
}

/* Draws the parameter coordinates of path i into z: each model's, one
 * uniform per LS_PARAM_DIST parameter from site 0 of its (path, model,
 * sample) stream, then one per shared parameter from a stream keyed by its
 * name. */
static void draw_coords(const ls_engine *eng, ls_stream *st, uint64_t i,
                        double *z)
{
    const ls_scenario *sc = eng->sc;
    for (size_t j = 0; j < eng->n_draws; j++) {
        const ls_model_inst *inst = &sc->models[eng->draws[j]];
        if (inst->n_dists == 0)
            continue;
        ls_stream_key(st, sc->seed, i, inst->id, LS_KEY_SAMPLE);
        for (size_t k = 0; k < inst->n_dists; k++)
            z[inst->u0 + k] = gsl_rng_uniform_pos(st->r);
    }
    for (size_t k = 0; k < sc->n_shared; k++) {
        ls_stream_key(st, sc->seed, i, sc->shared[k].id, LS_KEY_SAMPLE);
        z[sc->n_dists + k] = gsl_rng_uniform_pos(st->r);
    }
    ls_stream_unkey(st);
}

/* The shared parameters' uniforms su from their coordinates zs: those in
 * a rank correlation through the Gaussian copula (normal scores mixed by
 * the lower Cholesky factor, back to uniforms; config/shared.c), the
 * others as they are. */
static void mix_shared(const ls_scenario *sc, const double *zs, double *su)
{
    size_t n = sc->n_shared;
    double z[LS_SHARED_MAX];
    for (size_t k = 0; k < n; k++) {
        su[k] = zs[k];
        /* Only the correlated ones mix: the factor's row of any other
         * parameter is a unit vector and its column zero elsewhere. */
        z[k] = sc->shared[k].correlated ? gsl_cdf_ugaussian_Pinv(zs[k]) : 0;
    }
    if (sc->copula == NULL)
        return;
    for (size_t k = 0; k < n; k++) {
        if (!sc->shared[k].correlated)
            continue;
        const double *row = sc->copula + k * n;
        double x = 0;
        for (size_t j = 0; j <= k; j++)
            x += row[j] * z[j];
        /* Kept inside (0, 1) as the models' inverse CDFs expect. */
        double v = gsl_cdf_ugaussian_P(x);
        su[k] = v < 1e-300 ? 1e-300 : v > 1 - 0x1p-53 ? 1 - 0x1p-53 : v;
    }
}

/* Starts path i: its parameters from the coordinates z (NULL: its own,
 * drawn), every instance's draw (the sample hooks keyed by path i) and
 * state. */
static void start_path(const ls_engine *eng, workspace *w, uint64_t i,
                       const double *z)
{
    const ls_scenario *sc = eng->sc;
    ls_stream *st = w->st;
    if (z == NULL)
        draw_coords(eng, st, i, w->z);
    else
        memcpy(w->z, z, ls_engine_coords(eng) * sizeof *z);
    const double *su = w->u + sc->n_dists;
    if (sc->n_shared > 0)
        mix_shared(sc, w->z + sc->n_dists, w->u + sc->n_dists);
    for (size_t j = 0; j < eng->n_draws; j++) {
        size_t m = eng->draws[j];
        const ls_model_inst *inst = &sc->models[m];
        void *draw = w->mem + eng->draw_off[m];
        ls_model_sample_spec(inst->type, inst->params, draw, w->z + inst->u0,
                             w->u + inst->u0, w->value + inst->u0, su);
        if (inst->type->sample == NULL)
            continue;
        ls_stream_key(st, sc->seed, i, inst->id, LS_KEY_SAMPLE);
        inst->type->sample(inst->params, st, draw);
    }
    ls_stream_unkey(st);
    w->world = ls_world_normal();
    /* An idle instance never steps, so its state is never read. */
    for (size_t j = 0; j < eng->n_steps; j++) {
        size_t m = eng->steps[j];
        const ls_model_inst *inst = &sc->models[m];
        inst->type->init(inst->params, w->mem + eng->draw_off[m],
                         w->mem + eng->state_off[m]);
    }
}

/* Steps one instance through `year` on the L paths i0.. of workspaces w,
 * with their flows out: all at once through the type's lanes hook if it
 * has one and the engine uses them (with ln, the thread's lanes), else
 * path by path. */
static void step_instance(const ls_engine *eng, workspace *w, size_t L,
                          uint64_t i0, const ls_model_inst *inst, size_t m,
                          int year, ls_flows *out, ls_lanes *ln)
{
    const ls_scenario *sc = eng->sc;
    const ls_model_type *type = inst->type;
    if (eng->lanes && type->step_lanes != NULL && ln != NULL) {
        const void *draw[LS_LANES];
        void *state[LS_LANES];
        uint64_t path[LS_LANES];
        for (size_t l = 0; l < L; l++) {
            draw[l] = w[l].mem + eng->draw_off[m];
            state[l] = w[l].mem + eng->state_off[m];
            path[l] = i0 + l;
        }
        ls_lanes_key(ln, sc->seed, path, L, inst->id, year);
        type->step_lanes(inst->params, draw, state, year, ln, out);
        return;
    }
    for (size_t l = 0; l < L; l++) {
        ls_stream_key(w[l].st, sc->seed, i0 + l, inst->id, year);
        type->step(inst->params, w[l].mem + eng->draw_off[m],
                   w[l].mem + eng->state_off[m], year, w[l].st, &out[l]);
    }
}

/* Steps every instance through year index y of the L paths i0.. (one per
 * workspace of w), in stage order, leaving each year's metrics in w[l].v.
 * Inlined: it is the inner loop, and a call per path-year costs a few per
 * cent on the small models. */
static inline __attribute__((always_inline)) void
step_year(const ls_engine *eng, workspace *w, size_t L, uint64_t i0,
          size_t y, ls_lanes *ln)
{
    const ls_scenario *sc = eng->sc;
    int year = sc->year0 + (int)y;
    /* One world per path: each driver rewrites its own fields every year
     * (reading the claims of the year before), then the claims start
     * afresh for the sectors. */
    int claims_cleared = 0;
    double demand[LS_LANES][LS_CARRIERS], production[LS_LANES][LS_SOURCES];
    for (size_t l = 0; l < L; l++) {
        for (int c = 0; c < LS_CARRIERS; c++)
            demand[l][c] = 0;
        for (int k = 0; k < LS_SOURCES; k++)
            production[l][k] = 0;
    }
    for (size_t j = 0; j < eng->n_steps; j++) {
        size_t m = eng->steps[j];
        const ls_model_inst *inst = &sc->models[m];
        ls_stage stage = inst->type->stage;
        int driver = stage == LS_STAGE_DRIVER;
        ls_flows out[LS_LANES];
        for (size_t l = 0; l < L; l++) {
            ls_world *world = &w[l].world;
            if (!driver && !claims_cleared)
                for (int k = 0; k < LS_POOLS; k++)
                    world->used[k] = 0;
            out[l] = (ls_flows){world, driver ? world : NULL,
                                w[l].v + inst->metric0, {0}, {0},
                                stage == LS_STAGE_SECTOR ? world : NULL};
            if (stage == LS_STAGE_SYSTEM) {
                memcpy(out[l].demand, demand[l], sizeof demand[l]);
                memcpy(out[l].production, production[l],
                       sizeof production[l]);
            }
        }
        claims_cleared |= !driver;
        step_instance(eng, w, L, i0, inst, m, year, out, ln);
        if (stage != LS_STAGE_SECTOR)
            continue;
        for (size_t l = 0; l < L; l++) {
            for (int c = 0; c < LS_CARRIERS; c++)
                demand[l][c] += out[l].demand[c];
            for (int s = 0; s < LS_SOURCES; s++)
                production[l][s] += out[l].production[s];
        }
    }
    /* The aggregates, after every model has written its metrics. */
    for (size_t l = 0; l < L; l++) {
        ls_stream_unkey(w[l].st);
        double *v = w[l].v;
        for (size_t a = 0; a < sc->n_aggregates; a++) {
            const ls_aggregate *ag = &sc->aggregates[a];
            double sum = 0;
            for (size_t k = 0; k < ag->n_terms; k++)
                sum += v[ag->terms[k]];
            v[ag->metric] = sum;
        }
    }
}

/* Scores the targets due in year index y on this path's metrics, into
 * w->hit and, if acc is not NULL, acc. */
static inline __attribute__((always_inline)) void
score_year(const ls_engine *eng, workspace *w, size_t y, ls_accum *acc)
{
    const ls_scenario *sc = eng->sc;
    for (size_t d = eng->due_start[y]; d < eng->due_start[y + 1]; d++) {
        const ls_target *t = &sc->targets[eng->due[d]];
        double x = w->v[t->metric];
        int hit = t->op == LS_OP_GE ? x >= t->threshold : x <= t->threshold;
        if (acc != NULL)
            acc->hits[eng->due[d]] += (uint64_t)hit;
        w->hit[eng->due[d]] = (unsigned char)hit;
    }
}

/* Where a path's outcome goes: an accumulator, a trace of all its
 * metrics, a slot of per-path records; any of them NULL. */
typedef struct sink {
    ls_accum *acc;
    double *trace;
    const ls_job_out *rec;
    size_t slot;
} sink;

/* Keeps year index y's targets and probes in slot j of the records. */
static void record_year(const ls_engine *eng, const workspace *w, size_t y,
                        const ls_job_out *rec, size_t j)
{
    const ls_scenario *sc = eng->sc;
    size_t nt = sc->n_targets, ny = ls_scenario_years(sc);
    if (rec->x != NULL)
        for (size_t d = eng->due_start[y]; d < eng->due_start[y + 1]; d++)
            rec->x[j * nt + eng->due[d]] =
                w->v[sc->targets[eng->due[d]].metric];
    for (size_t k = 0; rec->probe_x != NULL && k < rec->n_probe; k++)
        if (rec->probe[k] % ny == y)
            rec->probe_x[j * rec->n_probe + k] = w->v[rec->probe[k] / ny];
}

/* Keeps the path's parameters and hits in slot j of the records. */
static void record_path(const ls_engine *eng, const workspace *w,
                        const ls_job_out *rec, size_t j)
{
    const ls_scenario *sc = eng->sc;
    size_t nz = ls_engine_coords(eng), nt = sc->n_targets;
    if (rec->z != NULL)
        memcpy(rec->z + j * nz, w->z, nz * sizeof *w->z);
    if (rec->u != NULL)
        memcpy(rec->u + j * nz, w->u, nz * sizeof *w->u);
    if (rec->value != NULL)
        memcpy(rec->value + j * sc->n_dists, w->value,
               sc->n_dists * sizeof *w->value);
    if (rec->hit != NULL)
        memcpy(rec->hit + j * nt, w->hit, nt);
}

/* Runs the L paths i0.. (one per workspace of w; L = 1 if z, the
 * parameter coordinates of path i0, is not NULL) into the sink, lane l
 * into its slot + l.  Within a (metric, year) series the values still
 * reach the accumulator in path order. */
static void run_group(const ls_engine *eng, workspace *w, size_t L,
                      uint64_t i0, const double *z, const sink *out,
                      ls_lanes *ln)
{
    const ls_scenario *sc = eng->sc;
    size_t nmet = sc->n_metrics;
    size_t ny = ls_scenario_years(sc);
    for (size_t l = 0; l < L; l++)
        start_path(eng, &w[l], i0 + l, z);
    for (size_t y = 0; y < ny; y++) {
        step_year(eng, w, L, i0, y, ln);
        for (size_t l = 0; l < L; l++) {
            if (out->trace != NULL)
                memcpy(out->trace + y * nmet, w[l].v, nmet * sizeof *w->v);
            if (out->acc != NULL)
                ls_accum_add_row(out->acc, y * nmet, w[l].v, nmet);
            score_year(eng, &w[l], y, out->acc);
            if (out->rec != NULL)
                record_year(eng, &w[l], y, out->rec, out->slot + l);
        }
    }
    for (size_t l = 0; l < L; l++) {
        if (out->rec != NULL)
            record_path(eng, &w[l], out->rec, out->slot + l);
        if (out->acc == NULL)
            continue;
        out->acc->paths++;
        if (eng->sensitivity)
            add_sensitivity(sc, &w[l], out->acc);
    }
}

/* Runs path i alone, with the parameters of coordinates z (NULL: its
 * own), into the sink. */
static void run_path(const ls_engine *eng, workspace *w, uint64_t i,
                     const double *z, const sink *out)
{
    run_group(eng, w, 1, i, z, out, NULL);
}

/* Runs paths lo..hi-1 of a block into thread t's accumulator, in groups
 * of its workspaces, with records rec (or NULL) from slot lo - base. */
static void run_block(const ls_engine *eng, int t, uint64_t lo, uint64_t hi,
                      uint64_t base, const ls_job_out *rec)
{
    workspace *w = slots_of(eng, t);
    ls_lanes *ln = eng->ln != NULL ? eng->ln[t] : NULL;
    for (uint64_t i = lo; i < hi; i += eng->slots) {
        size_t L = hi - i < eng->slots ? (size_t)(hi - i) : eng->slots;
        sink out = {w->acc, NULL, rec, (size_t)(i - base)};
        run_group(eng, w, L, i, NULL, &out, ln);
    }
    ls_accum_flush(w->acc);
}

static void ring_lock(ls_engine *eng)
{
#ifdef _OPENMP
    omp_set_lock(&eng->lock);
#else
    (void)eng;
#endif
}

static void ring_unlock(ls_engine *eng)
{
#ifdef _OPENMP
    omp_unset_lock(&eng->lock);
#else
    (void)eng;
#endif
}

/* Hands finished block b (its counts and moments in acc) over for merging
 * into total in block order, and merges every block that is then next.
 * A block waits in the ring, so a thread goes on to its next block
 * instead of waiting for the blocks before this one (OpenMP's `ordered`
 * held the threads in step); it waits only if b is a full ring ahead of
 * the next block to merge.  Empties acc. */
static void deposit(ls_engine *eng, uint64_t b, ls_accum *acc,
                    ls_accum *total)
{
    for (;;) {
        ring_lock(eng);
        if (b - eng->next < eng->n_ring)
            break;
        ring_unlock(eng);
        sched_yield();
    }
    size_t k = (size_t)(b % eng->n_ring);
    ls_accum_reset(eng->ring[k]);
    ls_accum_merge(eng->ring[k], acc);
    eng->ready[k] = 1;
    for (k = (size_t)(eng->next % eng->n_ring); eng->ready[k];
         k = (size_t)(eng->next % eng->n_ring)) {
        ls_accum_merge(total, eng->ring[k]);
        eng->ready[k] = 0;
        eng->next++;
    }
    ring_unlock(eng);
    ls_accum_reset(acc);
}

/* Adds the threads' sketch counts into total and empties them. */
static void take_sketches(ls_engine *eng, ls_accum *total)
{
    for (int t = 0; t < eng->threads; t++) {
        ls_accum_merge(total, eng->sk[t]);
        ls_accum_reset(eng->sk[t]);
    }
}

void ls_engine_run(ls_engine *eng, uint64_t n, uint64_t first,
                   uint64_t count, ls_accum *total)
{
    uint64_t end = first + count;
    eng->next = first;
#pragma omp parallel for schedule(static, 1) num_threads(eng->threads)
    for (uint64_t b = first; b < end; b++) {
        int t = thread_num();
        uint64_t lo = b * LS_ENGINE_BLOCK;
        uint64_t hi = lo + LS_ENGINE_BLOCK < n ? lo + LS_ENGINE_BLOCK : n;
        run_block(eng, t, lo, hi, first * LS_ENGINE_BLOCK, eng->rec);
        deposit(eng, b, slots_of(eng, t)->acc, total);
    }
    take_sketches(eng, total);
}

void ls_engine_take_sketch(ls_engine *eng, ls_accum *total)
{
    take_sketches(eng, total);
}

ls_pairs *ls_pairs_alloc(const ls_scenario *const *sc, size_t k)
{
    ls_pairs *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->k = k;
    p->n_targets = sc[0]->n_targets;
    size_t nt = p->n_targets ? p->n_targets : 1;
    p->match = calloc(k * nt, sizeof *p->match);
    p->joint = calloc(k * nt * 4, sizeof *p->joint);
    if (p->match == NULL || p->joint == NULL) {
        ls_pairs_free(p);
        return NULL;
    }
    for (size_t j = 0; j < k; j++)
        for (size_t t = 0; t < p->n_targets; t++)
            p->match[j * nt + t] =
                ls_scenario_target(sc[j], sc[0]->targets[t].name);
    return p;
}

void ls_pairs_free(ls_pairs *p)
{
    if (p == NULL)
        return;
    free(p->match);
    free(p->joint);
    free(p);
}

int ls_engine_run_paired(ls_engine *const *engs, size_t k, uint64_t n,
                         uint64_t first, uint64_t count,
                         ls_accum *const *totals, ls_pairs *pairs)
{
    int threads = engs[0]->threads;
    size_t cells = k * (pairs->n_targets ? pairs->n_targets : 1) * 4;
    uint64_t *local = ls_calloc_lines((size_t)threads * cells,
                                      sizeof *local);
    if (local == NULL)
        return LS_ERUNTIME;
    uint64_t end = first + count;
#pragma omp parallel for ordered schedule(static, 1) num_threads(threads)
    for (uint64_t b = first; b < end; b++) {
        int t = thread_num();
        uint64_t *joint = local + (size_t)t * cells;
        memset(joint, 0, cells * sizeof *joint);
        uint64_t lo = b * LS_ENGINE_BLOCK;
        uint64_t hi = lo + LS_ENGINE_BLOCK < n ? lo + LS_ENGINE_BLOCK : n;
        const workspace *w0 = slots_of(engs[0], t);
        for (uint64_t i = lo; i < hi; i++) {
            for (size_t j = 0; j < k; j++) {
                workspace *w = slots_of(engs[j], t);
                sink out = {w->acc, NULL, NULL, 0};
                run_path(engs[j], w, i, NULL, &out);
            }
            for (size_t j = 0; j < k; j++) {
                const workspace *w = slots_of(engs[j], t);
                for (size_t g = 0; g < pairs->n_targets; g++) {
                    long m = pairs->match[j * pairs->n_targets + g];
                    if (m < 0)
                        continue;
                    int a = w0->hit[g], c = w->hit[m];
                    joint[(j * pairs->n_targets + g) * 4 +
                          (a ? (c ? 0 : 1) : (c ? 2 : 3))]++;
                }
            }
        }
        for (size_t j = 0; j < k; j++)
            ls_accum_flush(slots_of(engs[j], t)->acc);
#pragma omp ordered
        {
            for (size_t j = 0; j < k; j++) {
                ls_accum_merge(totals[j], slots_of(engs[j], t)->acc);
                ls_accum_reset(slots_of(engs[j], t)->acc);
            }
            for (size_t c = 0; c < k * pairs->n_targets * 4; c++)
                pairs->joint[c] += joint[c];
        }
    }
    for (size_t j = 0; j < k; j++)
        take_sketches(engs[j], totals[j]);
    free(local);
    return LS_OK;
}

void ls_engine_run_each(ls_engine *eng, uint64_t n, const uint64_t *blocks,
                        size_t count)
{
    if (count > (size_t)eng->threads)
        ls_panic("%zu blocks for %d threads", count, eng->threads);
#pragma omp parallel for schedule(static, 1) num_threads(eng->threads)
    for (size_t i = 0; i < count; i++) {
        ls_accum_reset(slots_of(eng, (int)i)->acc);
        uint64_t lo = blocks[i] * LS_ENGINE_BLOCK;
        uint64_t hi = lo + LS_ENGINE_BLOCK < n ? lo + LS_ENGINE_BLOCK : n;
        run_block(eng, (int)i, lo, hi, lo, NULL);
    }
}

const ls_accum *ls_engine_block_accum(const ls_engine *eng, size_t i)
{
    return slots_of(eng, (int)i)->acc;
}

const ls_scenario *ls_engine_scenario(const ls_engine *eng)
{
    return eng->sc;
}

int ls_engine_threads(const ls_engine *eng)
{
    return eng->threads;
}

void ls_engine_drop_sketch(ls_engine *eng)
{
    for (int t = 0; t < eng->threads; t++) {
        ls_accum_drop_sketch(slots_of(eng, t)->acc);
        ls_accum_drop_sketch(eng->sk[t]);
    }
}

void ls_engine_set_sensitivity(ls_engine *eng, int on)
{
    eng->sensitivity = on;
}

void ls_engine_set_lanes(ls_engine *eng, int on)
{
    eng->lanes = on && eng->slots > 1;
}

void ls_engine_trace(ls_engine *eng, uint64_t i, double *trace)
{
    sink out = {NULL, trace, NULL, 0};
    run_path(eng, slots_of(eng, 0), i, NULL, &out);
}

void ls_engine_set_records(ls_engine *eng, const ls_job_out *rec)
{
    eng->rec = rec;
}

void ls_engine_draw_coords(ls_engine *eng, uint64_t first, size_t count,
                           double *z)
{
    size_t nz = ls_engine_coords(eng);
#pragma omp parallel for schedule(static) num_threads(eng->threads)
    for (size_t j = 0; j < count; j++) {
        int t = thread_num();
        draw_coords(eng, slots_of(eng, t)->st, first + j, z + j * nz);
    }
}

void ls_engine_run_jobs(ls_engine *eng, const ls_job *jobs, size_t count,
                        const ls_job_out *rec)
{
#pragma omp parallel for schedule(static) num_threads(eng->threads)
    for (size_t j = 0; j < count; j++) {
        int t = thread_num();
        sink out = {NULL, NULL, rec, j};
        run_path(eng, slots_of(eng, t), jobs[j].path, jobs[j].z, &out);
    }
}
