/*
 * sobol.c - pick-freeze estimates of Sobol' indices (sobol.h).
 *
 * Rows run in chunks of CHUNK_ROWS through ls_engine_run_jobs (in
 * parallel); the sums over rows are taken here, serially, in row order.
 *
 * Rejected: estimating S_i from the deciles the run already counts (that
 * gives first-order indices only, biased upward by the bin noise, and no
 * total index or within-path share), and one run per parameter with the
 * others frozen (the same cost without the shared A and B paths).
 */
#include "sobol.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_ROWS 32
#define Z95 1.959963984540054

/* Sums for a ratio of means g / v over the rows. */
typedef struct sums {
    double g, gg, gv;
} sums;

/* Everything summed over the rows, per output. */
typedef struct acc {
    double n, v, vv, f;   /* rows, sum v, sum v^2, sum f_A + f_B */
    sums noise;
    sums *first, *total;  /* [d] */
} acc;

typedef struct work {
    size_t d, nz, nt, jobs;   /* jobs per row: A, B, A_W, A_B^i */
    double *z;                /* [CHUNK_ROWS][jobs][nz] */
    double *ab;               /* [CHUNK_ROWS][2][nz] the A and B draws */
    ls_job *job;              /* [CHUNK_ROWS * jobs] */
    unsigned char *hit;       /* [CHUNK_ROWS * jobs][nt] */
    double *x;                /* [CHUNK_ROWS * jobs][nt] */
    acc *a;                   /* [2 nt] */
    sums *all;                /* [2 nt][2 d] behind a[].first, .total */
} work;

static void work_free(work *w)
{
    free(w->z);
    free(w->ab);
    free(w->job);
    free(w->hit);
    free(w->x);
    free(w->a);
    free(w->all);
}

static int work_alloc(work *w, ls_engine *eng)
{
    const ls_scenario *sc = ls_engine_scenario(eng);
    memset(w, 0, sizeof *w);
    w->d = sc->n_sens;
    w->nz = ls_engine_coords(eng);
    w->nt = sc->n_targets;
    w->jobs = w->d + 3;
    size_t nz = w->nz ? w->nz : 1, nt = w->nt ? w->nt : 1;
    size_t slots = CHUNK_ROWS * w->jobs, n_out = 2 * nt;
    w->z = malloc(slots * nz * sizeof *w->z);
    w->ab = malloc(CHUNK_ROWS * 2 * nz * sizeof *w->ab);
    w->job = malloc(slots * sizeof *w->job);
    w->hit = malloc(slots * nt);
    w->x = malloc(slots * nt * sizeof *w->x);
    w->a = calloc(n_out, sizeof *w->a);
    w->all = calloc(n_out * 2 * (w->d ? w->d : 1), sizeof *w->all);
    if (!w->z || !w->ab || !w->job || !w->hit || !w->x || !w->a || !w->all) {
        work_free(w);
        memset(w, 0, sizeof *w);
        return LS_ERUNTIME;
    }
    for (size_t o = 0; o < n_out; o++) {
        w->a[o].first = w->all + o * 2 * w->d;
        w->a[o].total = w->a[o].first + w->d;
    }
    return LS_OK;
}

/* Builds and runs the jobs of rows r0..r0+count-1. */
static void run_chunk(ls_engine *eng, const ls_scenario *sc, work *w,
                      uint64_t r0, size_t count)
{
    size_t nz = w->nz;
    ls_engine_draw_coords(eng, LS_SOBOL_PATH0 + 2 * r0, 2 * count, w->ab);
    for (size_t r = 0; r < count; r++) {
        const double *za = w->ab + (2 * r) * nz, *zb = za + nz;
        uint64_t a = LS_SOBOL_PATH0 + 2 * (r0 + r), b = a + 1;
        double *z = w->z + r * w->jobs * nz;
        ls_job *job = w->job + r * w->jobs;
        memcpy(z, za, nz * sizeof *z);
        memcpy(z + nz, zb, nz * sizeof *z);
        job[0] = (ls_job){a, z};
        job[1] = (ls_job){b, z + nz};
        job[2] = (ls_job){b, z};          /* A's parameters, B's years */
        for (size_t i = 0; i < w->d; i++) {
            double *zi = z + (3 + i) * nz;
            size_t u = sc->sens[i].u;
            memcpy(zi, za, nz * sizeof *zi);
            zi[u] = zb[u];
            job[3 + i] = (ls_job){a, zi};
        }
    }
    ls_job_out rec = {NULL, NULL, NULL, w->hit, w->x, 0, NULL, NULL};
    ls_engine_run_jobs(eng, w->job, count * w->jobs, &rec);
}

static void add(sums *s, double g, double v)
{
    s->g += g;
    s->gg += g * g;
    s->gv += g * v;
}

/* Output o's value on job j of the chunk. */
static double value(const work *w, size_t j, size_t o)
{
    size_t t = o / 2;
    return o % 2 == 0 ? (double)w->hit[j * w->nt + t] : w->x[j * w->nt + t];
}

/* Adds the chunk's rows to the sums, in row order. */
static void add_chunk(work *w, size_t count)
{
    for (size_t r = 0; r < count; r++) {
        size_t j0 = r * w->jobs;
        for (size_t o = 0; o < 2 * w->nt; o++) {
            double fa = value(w, j0, o), fb = value(w, j0 + 1, o);
            double fw = value(w, j0 + 2, o);
            int ok = isfinite(fa) && isfinite(fb) && isfinite(fw);
            for (size_t i = 0; ok && i < w->d; i++)
                ok = isfinite(value(w, j0 + 3 + i, o));
            if (!ok)
                continue;
            acc *a = &w->a[o];
            double v = (fa - fb) * (fa - fb) / 2;
            a->n += 1;
            a->v += v;
            a->vv += v * v;
            a->f += fa + fb;
            add(&a->noise, (fa - fw) * (fa - fw) / 2, v);
            for (size_t i = 0; i < w->d; i++) {
                double fi = value(w, j0 + 3 + i, o);
                add(&a->first[i], fb * (fi - fa), v);
                add(&a->total[i], (fa - fi) * (fa - fi) / 2, v);
            }
        }
    }
}

/* The ratio of means g / v with its 95 % interval (delta method). */
static ls_interval ratio(const sums *s, const acc *a)
{
    double n = a->n, gm = s->g / n, vm = a->v / n;
    if (!(n > 1) || !(vm > 0))
        return (ls_interval){NAN, NAN, NAN};
    double r = gm / vm;
    double sgg = (s->gg - n * gm * gm) / (n - 1);
    double sgv = (s->gv - n * gm * vm) / (n - 1);
    double svv = (a->vv - n * vm * vm) / (n - 1);
    double var = (sgg - 2 * r * sgv + r * r * svv) / (n * vm * vm);
    double se = var > 0 ? sqrt(var) : 0;
    return (ls_interval){r, r - Z95 * se, r + Z95 * se};
}

static int finish(const work *w, uint64_t rows, ls_sobol *s)
{
    size_t n_out = 2 * w->nt;
    s->rows = rows;
    s->d = w->d;
    s->n_out = n_out;
    s->out = calloc(n_out ? n_out : 1, sizeof *s->out);
    if (s->out == NULL)
        return LS_ERUNTIME;
    for (size_t o = 0; o < n_out; o++) {
        const acc *a = &w->a[o];
        ls_sobol_out *so = &s->out[o];
        so->first = calloc(w->d ? 2 * w->d : 1, sizeof *so->first);
        if (so->first == NULL)
            return LS_ERUNTIME;
        so->total = so->first + w->d;
        so->mean = a->n > 0 ? a->f / (2 * a->n) : NAN;
        so->var = a->n > 0 ? a->v / a->n : NAN;
        so->noise = ratio(&a->noise, a);
        for (size_t i = 0; i < w->d; i++) {
            so->first[i] = ratio(&a->first[i], a);
            so->total[i] = ratio(&a->total[i], a);
            if (isfinite(so->first[i].p))
                so->first_sum += so->first[i].p;
        }
    }
    return LS_OK;
}

int ls_sobol_run(ls_engine *eng, uint64_t rows, ls_sobol *s, ls_error *e)
{
    memset(s, 0, sizeof *s);
    work w;
    int rc = work_alloc(&w, eng);
    const ls_scenario *sc = ls_engine_scenario(eng);
    for (uint64_t r = 0; rc == LS_OK && r < rows; r += CHUNK_ROWS) {
        size_t count = rows - r < CHUNK_ROWS ? (size_t)(rows - r)
                                             : CHUNK_ROWS;
        run_chunk(eng, sc, &w, r, count);
        add_chunk(&w, count);
    }
    if (rc == LS_OK)
        rc = finish(&w, rows, s);
    work_free(&w);
    if (rc != LS_OK) {
        ls_sobol_free(s);
        return ls_error_set(e, LS_ERUNTIME, NULL, 0, NULL,
                            "out of memory for the Sobol' indices");
    }
    return LS_OK;
}

void ls_sobol_free(ls_sobol *s)
{
    for (size_t o = 0; s->out != NULL && o < s->n_out; o++)
        free(s->out[o].first);
    free(s->out);
    memset(s, 0, sizeof *s);
}
