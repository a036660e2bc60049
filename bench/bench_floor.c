/*
 * bench_floor.c - the random-number floor of the reference problem.
 *
 * How fast could the reference problem run if the engine and the model
 * cost nothing but their draws?  Phase 1 runs the real model through the
 * real engine on one thread and records every call it makes to the lanes
 * (lanes.h: ls_lanes_key, ls_lanes_binomial, ls_lanes_normal, wrapped
 * with the linker's --wrap, so the model is measured as it is, not a copy
 * of it).  Phase 2 replays exactly those calls - the same keys, sites and
 * arguments, in the same order, plus the per-path parameter uniforms and
 * the lognormal's exp() - and nothing else: the draws' floor.  Phase 3
 * replays only the keys and the pairs the calls read (the Philox blocks):
 * the generator's floor.  Phases 2 and 3 run at every instruction-set
 * level the processor has (lanes.h), which shows what the vector kernels
 * buy.  The engine's time per path-year over a floor is the overhead of
 * everything that is not drawing.
 *
 * Usage: bench_floor SCENARIO [PATHS]   (SCENARIO: bench/problems/reference.cfg)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "base/lanes.h"
#include "sim/engine.h"

/* One recorded call. */
typedef struct call {
    unsigned char kind;          /* 0 key, 1 binomial, 2 normal */
    unsigned char n;             /* lanes */
    unsigned site;
    int year;
    uint64_t model;
    double a[LS_LANES];          /* binomial p, the paths of a key */
    double b[LS_LANES];          /* binomial n; b[0] a normal's sigma */
} call;

static call *calls;
static size_t n_calls, cap_calls;
static int recording;

void __real_ls_lanes_key(ls_lanes *ln, uint64_t seed, const uint64_t *path,
                         size_t n, uint64_t model, int year);
void __wrap_ls_lanes_key(ls_lanes *ln, uint64_t seed, const uint64_t *path,
                         size_t n, uint64_t model, int year);
void __real_ls_lanes_binomial(ls_lanes *ln, unsigned site, const double *p,
                              const double *n, double *x);
void __wrap_ls_lanes_binomial(ls_lanes *ln, unsigned site, const double *p,
                              const double *n, double *x);
void __real_ls_lanes_normal(ls_lanes *ln, unsigned site, double sigma,
                            double *x);
void __wrap_ls_lanes_normal(ls_lanes *ln, unsigned site, double sigma,
                            double *x);

static call *next_call(void)
{
    if (n_calls == cap_calls) {
        cap_calls = cap_calls ? 2 * cap_calls : 1 << 16;
        calls = realloc(calls, cap_calls * sizeof *calls);
        if (calls == NULL) {
            fputs("bench_floor: out of memory\n", stderr);
            exit(1);
        }
    }
    return &calls[n_calls++];
}

void __wrap_ls_lanes_key(ls_lanes *ln, uint64_t seed, const uint64_t *path,
                         size_t n, uint64_t model, int year)
{
    if (recording) {
        call *c = next_call();
        *c = (call){.kind = 0, .n = (unsigned char)n, .year = year,
                    .model = model};
        for (size_t l = 0; l < n; l++)
            c->a[l] = (double)path[l];
    }
    __real_ls_lanes_key(ln, seed, path, n, model, year);
}

void __wrap_ls_lanes_binomial(ls_lanes *ln, unsigned site, const double *p,
                              const double *n, double *x)
{
    if (recording) {
        call *c = next_call();
        *c = (call){.kind = 1, .n = (unsigned char)ln->n, .site = site};
        memcpy(c->a, p, ln->n * sizeof *p);
        memcpy(c->b, n, ln->n * sizeof *n);
    }
    __real_ls_lanes_binomial(ln, site, p, n, x);
}

void __wrap_ls_lanes_normal(ls_lanes *ln, unsigned site, double sigma,
                            double *x)
{
    if (recording) {
        call *c = next_call();
        *c = (call){.kind = 2, .n = (unsigned char)ln->n, .site = site};
        c->b[0] = sigma;
    }
    __real_ls_lanes_normal(ln, site, sigma, x);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The per-path parameter uniforms, as the engine draws them. */
static double coords(ls_stream *st, const ls_scenario *sc, uint64_t n)
{
    double s = 0;
    const ls_model_inst *m = &sc->models[0];
    for (uint64_t i = 0; i < n; i++) {
        ls_stream_key(st, sc->seed, i, m->id, LS_KEY_SAMPLE);
        for (size_t k = 0; k < m->n_dists; k++)
            s += gsl_rng_uniform_pos(st->r);
    }
    return s;
}

/* Replays the recorded calls on ln: all of them (draws = 1) or only the
 * keys and the pairs they read (draws = 0).  Returns the seconds. */
static double replay(ls_lanes *ln, ls_stream *st, const ls_scenario *sc,
                     uint64_t n, int draws, volatile double *sink)
{
    double t0 = now(), s = coords(st, sc, n), x[LS_LANES], y[LS_LANES];
    for (size_t c = 0; c < n_calls; c++) {
        const call *k = &calls[c];
        if (k->kind == 0) {
            uint64_t path[LS_LANES];
            for (size_t l = 0; l < k->n; l++)
                path[l] = (uint64_t)k->a[l];
            __real_ls_lanes_key(ln, sc->seed, path, k->n, k->model, k->year);
            continue;
        }
        if (!draws) {
            ls_lanes_pairs(ln, k->site, x, y);
        } else if (k->kind == 1) {
            __real_ls_lanes_binomial(ln, k->site, k->a, k->b, x);
        } else {
            __real_ls_lanes_normal(ln, k->site, k->b[0], x);
            for (size_t l = 0; draws && l < k->n; l++)
                x[l] = exp(x[l] * 1e-300);   /* the lognormal's exp() */
        }
        s += x[0];
    }
    *sink += s;
    return now() - t0;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        fputs("usage: bench_floor SCENARIO [PATHS]\n", stderr);
        return 2;
    }
    uint64_t n = argc > 2 ? strtoull(argv[2], NULL, 10) : 20000;
    ls_scenario sc;
    ls_error e;
    if (ls_scenario_load(&sc, argv[1], &e) != LS_OK) {
        fprintf(stderr, "bench_floor: %s: %s\n", argv[1], e.msg);
        return 2;
    }
    ls_engine *eng = ls_engine_alloc(&sc, 1, &e);
    ls_engine_set_sensitivity(eng, 0);
    ls_accum *acc = ls_engine_accum_alloc(&sc);
    double years = (double)ls_scenario_years(&sc), py = (double)n * years;

    /* The engine as it runs, best of 3, one thread. */
    double engine = HUGE_VAL;
    for (int rep = 0; rep < 3; rep++) {
        ls_accum_reset(acc);
        double t0 = now();
        ls_engine_run(eng, n, 0, ls_engine_blocks(n), acc);
        engine = fmin(engine, now() - t0);
    }

    /* Phase 1: record every call of the same paths. */
    ls_accum_reset(acc);
    recording = 1;
    ls_engine_run(eng, n, 0, ls_engine_blocks(n), acc);
    recording = 0;
    if (n_calls == 0) {
        fprintf(stderr, "bench_floor: %s makes no lanes calls (Philox and "
                "the fast samplers are needed)\n", argv[1]);
        return 2;
    }
    printf("reference problem, %llu paths, 1 thread: %zu lanes calls\n",
           (unsigned long long)n, n_calls);
    printf("engine                 %8.1f ns/path-year\n", 1e9 * engine / py);

    /* Phases 2 and 3 at every level, best of 3 each. */
    ls_lanes *ln = ls_lanes_alloc();
    ls_stream *st = ls_stream_alloc(sc.rng);
    volatile double sink = 0;
    for (int level = 0; level < LS_SIMD_LEVELS; level++) {
        if (ls_lanes_set_simd(ln, (ls_simd)level) != 0)
            continue;
        double d = HUGE_VAL, g = HUGE_VAL;
        for (int rep = 0; rep < 3; rep++) {
            d = fmin(d, replay(ln, st, &sc, n, 1, &sink));
            g = fmin(g, replay(ln, st, &sc, n, 0, &sink));
        }
        printf("%-8s draws only     %8.1f ns/path-year   generator only "
               "%6.1f ns/path-year\n", ls_lanes_simd_name((ls_simd)level),
               1e9 * d / py, 1e9 * g / py);
        if (level == (int)ls_lanes_simd_best())
            printf("engine / draws = %.2f, engine / generator = %.2f\n",
                   engine / d, engine / g);
    }
    ls_lanes_free(ln);
    ls_stream_free(st);
    ls_accum_free(acc);
    ls_engine_free(eng);
    ls_scenario_destroy(&sc);
    free(calls);
    return 0;
}
