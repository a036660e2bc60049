/*
 * rare.c - cross-entropy fitted importance sampling of rare targets.
 *
 * Paths run in chunks of CHUNK through ls_engine_run_jobs (in parallel);
 * everything summed over paths is summed here, serially, in path order,
 * so the estimate is the same for any thread count.
 *
 * Rejected: a piecewise-constant proposal on the uniforms (bins of equal
 * width cannot reach an event that lives in the last 1e-5 of a
 * coordinate), and multilevel splitting over years (the events here are
 * decided mostly by the per-path parameters, which are drawn once, before
 * the first year, so splitting by year has nothing to split on).
 */
#include "rare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>

#include "../base/stats.h"

#define CHUNK 4096          /* paths per ls_engine_run_jobs call */
#define SCREEN_Z 3.29       /* |z| of the screening test, two-sided 1e-3 */
#define SMOOTH 0.7          /* weight of a new scale against the old one */
#define S_MIN 1.0           /* the proposal's scale at least (rare.h) */
#define S_MAX 1.5           /* and at most */
#define REFINE 3            /* iterations at the target's level */
#define STALL 3             /* iterations without a higher level: stop */
#define TRUST_HITS 30       /* event paths and their ESS at least */
#define TRUST_SHARE 0.2     /* the largest event weight's share at most */
#define TRUST_REL 0.1       /* relative error at most (MCNP's rule) */
#define TRUST_VOV 0.1       /* variance of the variance at most (MCNP) */

ls_rare_opts ls_rare_defaults(uint64_t paths)
{
    uint64_t pilot = paths / 4;
    pilot = pilot < 2000 ? 2000 : pilot > 10000 ? 10000 : pilot;
    return (ls_rare_opts){paths, pilot, 0.1, 20};
}

const char *ls_rare_flag_text(ls_rare_flag f)
{
    switch (f) {
    case LS_RARE_OK:
        return "ok";
    case LS_RARE_LEVEL:
        return "the fit did not reach the target's level";
    case LS_RARE_FEW_HITS:
        return "fewer than 30 paths hit under the proposal";
    case LS_RARE_ESS:
        return "a few paths carry most of the weight";
    case LS_RARE_TAIL:
        return "relative error or variance of the variance above 0.1";
    }
    return "?";
}

const char *ls_rare_flag_word(ls_rare_flag f)
{
    static const char *const word[] = {"ok", "level", "hits", "weights",
                                       "tail"};
    return (unsigned)f < sizeof word / sizeof word[0] ? word[f] : "?";
}

void ls_rare_hit(const ls_rare_est *r, double *p, double *lo, double *hi)
{
    *p = r->miss ? 1 - r->p : r->p;
    *lo = r->miss ? 1 - r->hi : r->lo;
    *hi = r->miss ? 1 - r->lo : r->hi;
}

ls_rare_proposal *ls_rare_proposal_alloc(const ls_scenario *sc,
                                         size_t coords)
{
    ls_rare_proposal *q = calloc(1, sizeof *q);
    if (q == NULL)
        return NULL;
    size_t n = sc->n_sens ? sc->n_sens : 1;
    q->coords = coords;
    q->active = calloc(n, sizeof *q->active);
    q->m = calloc(n, sizeof *q->m);
    q->s = calloc(n, sizeof *q->s);
    q->moving = calloc(n, 1);
    if (!q->active || !q->m || !q->s || !q->moving) {
        ls_rare_proposal_free(q);
        return NULL;
    }
    for (size_t k = 0; k < sc->n_sens; k++) {
        if (sc->sens[k].u >= coords)
            continue;
        q->active[q->n] = sc->sens[k].u;
        q->s[q->n++] = 1;
    }
    return q;
}

void ls_rare_proposal_free(ls_rare_proposal *q)
{
    if (q == NULL)
        return;
    free(q->active);
    free(q->m);
    free(q->s);
    free(q->moving);
    free(q);
}

void ls_rare_warp(const ls_rare_proposal *q, double *v, size_t count,
                  double *logw, double *y)
{
    for (size_t i = 0; i < count; i++) {
        double *row = v + i * q->coords, lw = 0;
        for (size_t k = 0; k < q->n; k++) {
            double *c = row + q->active[k];
            double y0 = gsl_cdf_ugaussian_Pinv(*c);
            double y1 = q->m[k] + q->s[k] * y0;
            if (q->moving[k]) {
                /* log phi(y1) - log(phi(y0) / s) */
                lw += 0.5 * (y0 * y0 - y1 * y1) + log(q->s[k]);
                double u = gsl_cdf_ugaussian_P(y1);
                *c = u < 1e-300 ? 1e-300 : u > 1 - 0x1p-53 ? 1 - 0x1p-53 : u;
            }
            if (y != NULL)
                y[i * q->n + k] = y1;
        }
        logw[i] = lw;
    }
}

/* The event's score of a target metric x: higher is closer to it, and it
 * holds from score >= level on. */
typedef struct event {
    size_t t;
    int miss;
    double sign;    /* score = sign * x */
    double level;   /* sign * threshold */
} event;

static event event_of(const ls_scenario *sc, size_t t, int miss)
{
    const ls_target *g = &sc->targets[t];
    double sign = (g->op == LS_OP_GE) != (miss != 0) ? 1 : -1;
    return (event){t, miss, sign, sign * g->threshold};
}

static int oom(ls_error *e)
{
    return ls_error_set(e, LS_ERUNTIME, NULL, 0, NULL,
                        "out of memory for importance sampling");
}

/* Buffers for one chunk of paths. */
typedef struct chunk {
    size_t nz, nt;
    double *z;            /* [CHUNK][nz] */
    double *logw;         /* [CHUNK] */
    double *x;            /* [CHUNK][nt] */
    unsigned char *hit;   /* [CHUNK][nt] */
    ls_job *jobs;         /* [CHUNK] */
} chunk;

static void chunk_free(chunk *c)
{
    free(c->z);
    free(c->logw);
    free(c->x);
    free(c->hit);
    free(c->jobs);
}

/* Buffers for paths of up to nz coordinates and nt targets. */
static int chunk_alloc_for(chunk *c, size_t nz, size_t nt)
{
    *c = (chunk){nz, nt, NULL, NULL, NULL, NULL, NULL};
    nz = nz ? nz : 1;
    size_t ntt = nt ? nt : 1;
    c->z = malloc(CHUNK * nz * sizeof *c->z);
    c->logw = malloc(CHUNK * sizeof *c->logw);
    c->x = malloc(CHUNK * ntt * sizeof *c->x);
    c->hit = malloc(CHUNK * ntt);
    c->jobs = malloc(CHUNK * sizeof *c->jobs);
    if (c->z && c->logw && c->x && c->hit && c->jobs)
        return LS_OK;
    chunk_free(c);
    return LS_ERUNTIME;
}

static int chunk_alloc(chunk *c, ls_engine *eng, size_t nt)
{
    return chunk_alloc_for(c, ls_engine_coords(eng), nt);
}

/* Runs paths path0..path0+count-1 (count <= CHUNK) under proposal q:
 * their weights, target metrics and hits land in c; the active
 * coordinates' normal scores in y if not NULL. */
static void run_chunk(ls_engine *eng, const ls_rare_proposal *q,
                      uint64_t path0, size_t count, chunk *c, double *y)
{
    ls_engine_draw_coords(eng, path0, count, c->z);
    ls_rare_warp(q, c->z, count, c->logw, y);
    for (size_t j = 0; j < count; j++)
        c->jobs[j] = (ls_job){path0 + j, c->z + j * c->nz};
    ls_job_out rec = {NULL, NULL, NULL, c->hit, c->x, 0, NULL, NULL};
    ls_engine_run_jobs(eng, c->jobs, count, &rec);
}

/* 1 if path j of chunk c has the event. */
static int has_event(const chunk *c, const event *ev, size_t j)
{
    return c->hit[j * c->nt + ev->t] != ev->miss;
}

/* A pilot: its paths' scores, events, log weights and normal scores. */
typedef struct pilot {
    size_t n;
    double *score, *logw, *y;
    unsigned char *ev;
} pilot;

static void pilot_free(pilot *p)
{
    free(p->score);
    free(p->logw);
    free(p->y);
    free(p->ev);
}

static int pilot_alloc(pilot *p, size_t n, size_t active)
{
    *p = (pilot){n, NULL, NULL, NULL, NULL};
    p->score = malloc(n * sizeof *p->score);
    p->logw = malloc(n * sizeof *p->logw);
    p->y = malloc(n * (active ? active : 1) * sizeof *p->y);
    p->ev = malloc(n);
    if (p->score && p->logw && p->y && p->ev)
        return LS_OK;
    pilot_free(p);
    return LS_ERUNTIME;
}

/* Runs the pilot of one iteration into p. */
static void run_pilot(ls_engine *eng, const ls_rare_proposal *q,
                      const event *ev, uint64_t path0, chunk *c, pilot *p)
{
    for (size_t done = 0; done < p->n; done += CHUNK) {
        size_t count = p->n - done < CHUNK ? p->n - done : CHUNK;
        run_chunk(eng, q, path0 + done, count, c, p->y + done * q->n);
        for (size_t j = 0; j < count; j++) {
            double x = c->x[j * c->nt + ev->t];
            p->score[done + j] = isnan(x) ? -INFINITY : ev->sign * x;
            p->logw[done + j] = c->logw[j];
            p->ev[done + j] = (unsigned char)has_event(c, ev, j);
        }
    }
}

/* The pilot's level: its scores' (1 - rho) quantile, or the event's own
 * level once that is reached (*reached = 1). */
static double pilot_level(const pilot *p, const event *ev, double rho,
                          double *sorted, int *reached)
{
    memcpy(sorted, p->score, p->n * sizeof *sorted);
    gsl_sort(sorted, 1, p->n);
    size_t k = (size_t)floor((1 - rho) * (double)p->n);
    double g = sorted[k < p->n ? k : p->n - 1];
    *reached = g >= ev->level;
    return *reached ? ev->level : g;
}

/* 1 if pilot path i is an elite at level g. */
static int elite(const pilot *p, size_t i, double g, int reached)
{
    return reached ? p->ev[i] : p->score[i] >= g;
}

/* Moves active coordinate k of q to the elites' normal scores if it is
 * moving already or its elite mean fails the screening test against the
 * proposal's own mean.  Below the target's level the elites count alike,
 * so that the proposal follows them (the intermediate proposals are only
 * a way there); at the level they are weighted by their likelihood
 * ratios, which makes the proposal the cross-entropy fit to the event's
 * own conditional law. */
static void update_coord(ls_rare_proposal *q, size_t k, const pilot *p,
                         double g, int reached, double lwmax)
{
    double n = 0, sum = 0, w = 0, wy = 0, wyy = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (!elite(p, i, g, reached))
            continue;
        double yi = p->y[i * q->n + k];
        double wi = reached ? exp(p->logw[i] - lwmax) : 1;
        n += 1;
        sum += yi;
        w += wi;
        wy += wi * yi;
        wyy += wi * yi * yi;
    }
    if (n < 2 || !(w > 0))
        return;
    double z = (sum / n - q->m[k]) / (q->s[k] / sqrt(n));
    if (!q->moving[k] && !(fabs(z) > SCREEN_Z))
        return;
    if (!q->moving[k])
        q->moved++;
    q->moving[k] = 1;
    double mean = wy / w, var = wyy / w - mean * mean;
    double sd = var > 0 ? sqrt(var) : S_MIN;
    sd = sd < S_MIN ? S_MIN : sd > S_MAX ? S_MAX : sd;
    q->m[k] = mean;
    q->s[k] = SMOOTH * sd + (1 - SMOOTH) * q->s[k];
}

/* One cross-entropy update of q from pilot p at level g. */
static void update(ls_rare_proposal *q, const pilot *p, double g,
                   int reached)
{
    double lwmax = -INFINITY;
    for (size_t i = 0; i < p->n; i++)
        if (elite(p, i, g, reached) && p->logw[i] > lwmax)
            lwmax = p->logw[i];
    if (!isfinite(lwmax))
        return;
    for (size_t k = 0; k < q->n; k++)
        update_coord(q, k, p, g, reached, lwmax);
}

int ls_rare_fit(ls_engine *eng, size_t t, int miss, const ls_rare_opts *o,
                uint64_t stage, ls_rare_proposal *q, int *iterations,
                int *reached, ls_error *e)
{
    chunk c;
    pilot p;
    double *sorted = malloc((o->pilot ? o->pilot : 1) * sizeof *sorted);
    int ok_c = chunk_alloc(&c, eng, ls_engine_scenario(eng)->n_targets);
    int ok_p = pilot_alloc(&p, o->pilot, q->n);
    if (sorted == NULL || ok_c != LS_OK || ok_p != LS_OK) {
        free(sorted);
        if (ok_c == LS_OK)
            chunk_free(&c);
        if (ok_p == LS_OK)
            pilot_free(&p);
        return oom(e);
    }
    event ev = event_of(ls_engine_scenario(eng), t, miss);
    double best = -INFINITY;
    int stall = 0;
    *reached = 0;
    *iterations = 0;
    int refine = 0;
    for (int it = 0; it < o->max_iter && refine < REFINE && stall < STALL;
         it++) {
        uint64_t path0 = LS_RARE_PATH0 + ((stage + (uint64_t)it) << 32);
        run_pilot(eng, q, &ev, path0, &c, &p);
        double g = pilot_level(&p, &ev, o->rho, sorted, reached);
        stall = g > best ? 0 : stall + 1;
        best = g > best ? g : best;
        refine += *reached;
        update(q, &p, g, *reached);
        *iterations = it + 1;
    }
    free(sorted);
    chunk_free(&c);
    pilot_free(&p);
    return LS_OK;
}

/* The estimate and its diagnostics from the final paths' values
 * x[i] = W_i * event_i, in path order. */
static void summarise(const double *x, uint64_t n, ls_rare_est *out)
{
    double sum = 0, w = 0, ww = 0, wmax = 0;
    uint64_t hits = 0;
    for (uint64_t i = 0; i < n; i++) {
        sum += x[i];
        if (x[i] > 0) {
            hits++;
            w += x[i];
            ww += x[i] * x[i];
            wmax = x[i] > wmax ? x[i] : wmax;
        }
    }
    double mean = n > 0 ? sum / (double)n : 0, m2 = 0, m4 = 0;
    for (uint64_t i = 0; i < n; i++) {
        double d = (x[i] - mean) * (x[i] - mean);
        m2 += d;
        m4 += d * d;
    }
    double se = n > 1 ? sqrt(m2 / (double)(n - 1) / (double)n) : INFINITY;
    out->p = mean;
    out->se = se;
    out->lo = fmax(0, mean - 1.959963984540054 * se);
    out->hi = fmin(1, mean + 1.959963984540054 * se);
    out->paths = n;
    out->hits = hits;
    out->ess = ww > 0 ? w * w / ww : 0;
    out->max_share = w > 0 ? wmax / w : 0;
    out->rel_err = mean > 0 ? se / mean : INFINITY;
    out->vov = m2 > 0 ? m4 / (m2 * m2) - 1 / (double)n : INFINITY;
    out->vrf = se > 0 ? mean * (1 - mean) / ((double)n * se * se) : INFINITY;
}

/* The final paths under q: the estimate and its diagnostics. */
static int final_run(ls_engine *eng, const ls_rare_proposal *q,
                     const event *ev, uint64_t path0, uint64_t n,
                     ls_rare_est *out)
{
    chunk c;
    double *x = malloc((n ? n : 1) * sizeof *x);
    if (x == NULL ||
        chunk_alloc(&c, eng, ls_engine_scenario(eng)->n_targets) != LS_OK) {
        free(x);
        return LS_ERUNTIME;
    }
    for (uint64_t done = 0; done < n; done += CHUNK) {
        size_t count = n - done < CHUNK ? (size_t)(n - done) : CHUNK;
        run_chunk(eng, q, path0 + done, count, &c, NULL);
        for (size_t j = 0; j < count; j++)
            x[done + j] = has_event(&c, ev, j) ? exp(c.logw[j]) : 0;
    }
    chunk_free(&c);
    summarise(x, n, out);
    free(x);
    return LS_OK;
}

/* The flag of a finished estimate, reached: the fit's last level was the
 * target's. */
static ls_rare_flag judge(const ls_rare_est *r, int reached)
{
    return !reached                                 ? LS_RARE_LEVEL
           : r->hits < TRUST_HITS                   ? LS_RARE_FEW_HITS
           : r->ess < TRUST_HITS || r->max_share > TRUST_SHARE ? LS_RARE_ESS
           : r->rel_err > TRUST_REL || r->vov > TRUST_VOV ? LS_RARE_TAIL
                                                    : LS_RARE_OK;
}

/* Target t's stages of paths (LS_RARE_PATH0): its fit's iterations, then
 * its final run. */
static uint64_t stage_of(size_t t, const ls_rare_opts *o)
{
    return (uint64_t)t * (uint64_t)(o->max_iter + 1);
}

static uint64_t final_path0(size_t t, const ls_rare_opts *o)
{
    return LS_RARE_PATH0 + ((stage_of(t, o) + (uint64_t)o->max_iter) << 32);
}

/* Allocates and fits the proposal of target t's event; NULL with *e
 * filled when out of memory. */
static ls_rare_proposal *fit_target(ls_engine *eng, size_t t, int miss,
                                    const ls_rare_opts *o, int *reached,
                                    ls_rare_est *out, ls_error *e)
{
    ls_rare_proposal *q = ls_rare_proposal_alloc(ls_engine_scenario(eng),
                                                 ls_engine_coords(eng));
    if (q == NULL) {
        oom(e);
        return NULL;
    }
    if (ls_rare_fit(eng, t, miss, o, stage_of(t, o), q, &out->iterations,
                    reached, e) != LS_OK) {
        ls_rare_proposal_free(q);
        return NULL;
    }
    out->miss = miss;
    out->moved = q->moved;
    out->cost = (uint64_t)out->iterations * o->pilot + o->paths;
    return q;
}

int ls_rare_estimate(ls_engine *eng, size_t t, int miss,
                     const ls_rare_opts *o, ls_rare_est *out, ls_error *e)
{
    memset(out, 0, sizeof *out);
    int reached;
    ls_rare_proposal *q = fit_target(eng, t, miss, o, &reached, out, e);
    if (q == NULL)
        return LS_ERUNTIME;
    event ev = event_of(ls_engine_scenario(eng), t, miss);
    int rc = final_run(eng, q, &ev, final_path0(t, o), o->paths, out);
    ls_rare_proposal_free(q);
    if (rc != LS_OK)
        return oom(e);
    out->done = 1;
    out->flag = judge(out, reached);
    return LS_OK;
}

/* q carried over to scenario sj's coordinates: each active coordinate
 * takes the shift and scale of the parameter of the same name in s0. */
static ls_rare_proposal *map_proposal(const ls_rare_proposal *q,
                                      const ls_scenario *s0,
                                      const ls_scenario *sj, size_t coords)
{
    ls_rare_proposal *qj = ls_rare_proposal_alloc(sj, coords);
    for (size_t k = 0; qj != NULL && k < qj->n; k++)
        for (size_t k0 = 0; k0 < q->n; k0++)
            if (strcmp(s0->sens[k0].name, sj->sens[k].name) == 0) {
                qj->m[k] = q->m[k0];
                qj->s[k] = q->s[k0];
                qj->moving[k] = q->moving[k0];
                qj->moved += q->moving[k0];
            }
    return qj;
}

/* The paired final run of target g: x[j * n + i] = W_i * hit of path i in
 * scenario j (0 where j has no target g). */
static int paired_run(ls_engine *const *engs, size_t k, const ls_pairs *pr,
                      ls_rare_proposal *const *q, size_t g, uint64_t path0,
                      uint64_t n, double *x)
{
    size_t nz = 0, nt = 0;
    for (size_t j = 0; j < k; j++) {
        size_t a = ls_engine_coords(engs[j]);
        size_t b = ls_engine_scenario(engs[j])->n_targets;
        nz = a > nz ? a : nz;
        nt = b > nt ? b : nt;
    }
    chunk c;
    if (chunk_alloc_for(&c, nz, nt) != LS_OK)
        return LS_ERUNTIME;
    double *logw = malloc(CHUNK * sizeof *logw);
    if (logw == NULL) {
        chunk_free(&c);
        return LS_ERUNTIME;
    }
    for (uint64_t done = 0; done < n; done += CHUNK) {
        size_t count = n - done < CHUNK ? (size_t)(n - done) : CHUNK;
        for (size_t j = 0; j < k; j++) {
            long m = pr->match[j * pr->n_targets + g];
            if (m < 0)
                continue;
            c.nz = ls_engine_coords(engs[j]);
            c.nt = ls_engine_scenario(engs[j])->n_targets;
            run_chunk(engs[j], q[j], path0 + done, count, &c, NULL);
            if (j == 0)
                memcpy(logw, c.logw, count * sizeof *logw);
            for (size_t i = 0; i < count; i++)
                x[j * n + done + i] =
                    c.hit[i * c.nt + (size_t)m] ? exp(logw[i]) : 0;
        }
    }
    free(logw);
    chunk_free(&c);
    return LS_OK;
}

/* The difference of scenario j from the paired values x (rows of n). */
static void paired_diff(const double *x0, const double *xj, uint64_t n,
                        ls_rare_diff *d, ls_rare_flag ref_flag)
{
    double *dx = malloc((n ? n : 1) * sizeof *dx);
    ls_rare_est pj, dd;
    summarise(xj, n, &pj);
    d->differ = 0;
    if (dx != NULL) {
        for (uint64_t i = 0; i < n; i++) {
            dx[i] = xj[i] - x0[i];
            d->differ += dx[i] != 0;
        }
        summarise(dx, n, &dd);
    } else {
        dd = (ls_rare_est){.p = NAN, .se = NAN};
    }
    free(dx);
    d->done = 1;
    d->pj = pj.p;
    d->pj_se = pj.se;
    d->d = dd.p;
    d->se = dd.se;
    d->lo = dd.p - 1.959963984540054 * dd.se;
    d->hi = dd.p + 1.959963984540054 * dd.se;
    d->flag = ref_flag != LS_RARE_OK ? ref_flag
              : d->differ > 0 && !(fabs(dd.se) <= TRUST_REL *
                                                     fmax(pj.p, 1e-300))
                  ? LS_RARE_TAIL
                  : LS_RARE_OK;
}

/* Target g of the paired run: the fit on scenario 0, then the final paths
 * in every scenario. */
static int paired_target(ls_engine *const *engs, size_t k,
                         const ls_pairs *pr, const ls_rare_opts *o, size_t g,
                         ls_rare_est *ref, ls_rare_diff *diff, ls_error *e)
{
    const ls_scenario *s0 = ls_engine_scenario(engs[0]);
    int reached = 0;
    ls_rare_proposal **q = calloc(k, sizeof *q);
    double *x = calloc(k * o->paths, sizeof *x);
    int rc = q == NULL || x == NULL ? oom(e) : LS_OK;
    if (rc == LS_OK &&
        (q[0] = fit_target(engs[0], g, 0, o, &reached, ref, e)) == NULL)
        rc = LS_ERUNTIME;
    for (size_t j = 1; rc == LS_OK && j < k; j++)
        if ((q[j] = map_proposal(q[0], s0, ls_engine_scenario(engs[j]),
                                 ls_engine_coords(engs[j]))) == NULL)
            rc = oom(e);
    if (rc == LS_OK &&
        paired_run(engs, k, pr, q, g, final_path0(g, o), o->paths, x) !=
            LS_OK)
        rc = oom(e);
    if (rc == LS_OK) {
        summarise(x, o->paths, ref);
        ref->done = 1;
        ref->flag = judge(ref, reached);
        for (size_t j = 1; j < k; j++)
            if (pr->match[j * pr->n_targets + g] >= 0)
                paired_diff(x, x + j * o->paths, o->paths,
                            &diff[j * pr->n_targets + g], ref->flag);
    }
    for (size_t j = 0; q != NULL && j < k; j++)
        ls_rare_proposal_free(q[j]);
    free(q);
    free(x);
    return rc;
}

int ls_rare_paired(ls_engine *const *engs, size_t k, const ls_pairs *pairs,
                   const ls_accum *acc0, const ls_rare_opts *o,
                   ls_rare_est *ref, ls_rare_diff *diff, ls_error *e)
{
    size_t nt = pairs->n_targets;
    memset(diff, 0, k * nt * sizeof *diff);
    for (size_t g = 0; g < nt; g++) {
        memset(&ref[g], 0, sizeof ref[g]);
        if (!ls_rare_needed(acc0->hits[g]))
            continue;
        int rc = paired_target(engs, k, pairs, o, g, &ref[g], diff, e);
        if (rc != LS_OK)
            return rc;
    }
    return LS_OK;
}
