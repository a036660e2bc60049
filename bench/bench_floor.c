/*
 * bench_floor.c - the random-number floor of the reference problem.
 *
 * How fast could the reference problem run if the engine and the model
 * cost nothing but their draws?  Phase 1 runs the real model through the
 * real engine on one thread and records the arguments of every sampler
 * call (gsl_ran_binomial and gsl_ran_gaussian_ziggurat are wrapped with
 * the linker's --wrap, so the model is measured as it is, not a copy of
 * it).  Phase 2 replays exactly those draws - the same keys, the same
 * samplers, the same arguments, in the same order, plus the per-path
 * parameter uniforms - and nothing else.  The floor is phase 2's time per
 * path; the engine's time per path (measured without recording) over the
 * floor is the overhead of everything that is not drawing.
 *
 * Usage: bench_floor SCENARIO [PATHS]   (SCENARIO: bench/problems/reference.cfg)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "sim/engine.h"

/* One recorded sampler call. */
typedef struct call {
    unsigned char kind;  /* 0 binomial, 1 ziggurat */
    unsigned n;          /* binomial trials */
    double p;            /* binomial p, or the ziggurat's sigma */
} call;

static call *calls;
static size_t n_calls, cap_calls;
static int recording;

unsigned int __real_gsl_ran_binomial(const gsl_rng *r, double p,
                                     unsigned int n);
unsigned int __wrap_gsl_ran_binomial(const gsl_rng *r, double p,
                                     unsigned int n);
double __real_gsl_ran_gaussian_ziggurat(const gsl_rng *r, double sigma);
double __wrap_gsl_ran_gaussian_ziggurat(const gsl_rng *r, double sigma);

static void record(unsigned char kind, unsigned n, double p)
{
    if (!recording)
        return;
    if (n_calls == cap_calls) {
        cap_calls = cap_calls ? 2 * cap_calls : 1 << 20;
        calls = realloc(calls, cap_calls * sizeof *calls);
        if (calls == NULL) {
            fputs("bench_floor: out of memory\n", stderr);
            exit(1);
        }
    }
    calls[n_calls++] = (call){kind, n, p};
}

unsigned int __wrap_gsl_ran_binomial(const gsl_rng *r, double p,
                                     unsigned int n)
{
    record(0, n, p);
    return __real_gsl_ran_binomial(r, p, n);
}

double __wrap_gsl_ran_gaussian_ziggurat(const gsl_rng *r, double sigma)
{
    record(1, 0, sigma);
    return __real_gsl_ran_gaussian_ziggurat(r, sigma);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
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

    /* The engine as it runs, best of 3, one thread. */
    double engine = HUGE_VAL;
    for (int rep = 0; rep < 3; rep++) {
        ls_accum_reset(acc);
        double t0 = now();
        ls_engine_run(eng, n, 0, ls_engine_blocks(n), acc);
        engine = fmin(engine, now() - t0);
    }

    /* Phase 1: record every sampler call of the same paths. */
    ls_accum_reset(acc);
    recording = 1;
    ls_engine_run(eng, n, 0, ls_engine_blocks(n), acc);
    recording = 0;
    size_t per_path = n_calls / n, per_year = per_path /
                                              ls_scenario_years(&sc);

    /* Phase 2: the draws alone, keyed as the engine keys them. */
    ls_stream *st = ls_stream_alloc(sc.rng);
    const ls_model_inst *m = &sc.models[0];
    volatile double sink = 0;
    double floor_s = HUGE_VAL;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = now(), s = 0;
        size_t c = 0;
        for (uint64_t i = 0; i < n; i++) {
            ls_stream_key(st, sc.seed, i, m->id, LS_KEY_SAMPLE);
            for (size_t k = 0; k < m->n_dists; k++)
                s += gsl_rng_uniform_pos(st->r);
            for (int y = sc.year0; y <= sc.year1; y++) {
                ls_stream_key(st, sc.seed, i, m->id, y);
                for (size_t k = 0; k < per_year; k++, c++) {
                    if (calls[c].kind == 0)
                        s += __real_gsl_ran_binomial(st->r, calls[c].p,
                                                     calls[c].n);
                    else
                        s += __real_gsl_ran_gaussian_ziggurat(st->r,
                                                              calls[c].p);
                }
                s += exp(s * 1e-300); /* the lognormal's exp() */
            }
        }
        floor_s = fmin(floor_s, now() - t0);
        sink += s;
    }
    printf("reference problem, %llu paths, 1 thread: %zu sampler calls per "
           "path (%zu per year)\n", (unsigned long long)n, per_path,
           per_year);
    printf("engine      %8.1f ns/path  %8.1f ns/path-year\n",
           1e9 * engine / (double)n,
           1e9 * engine / (double)n / (double)ls_scenario_years(&sc));
    printf("draws only  %8.1f ns/path  %8.1f ns/path-year\n",
           1e9 * floor_s / (double)n,
           1e9 * floor_s / (double)n / (double)ls_scenario_years(&sc));
    printf("engine / floor = %.3f\n", engine / floor_s);
    ls_stream_free(st);
    ls_accum_free(acc);
    ls_engine_free(eng);
    ls_scenario_destroy(&sc);
    free(calls);
    return 0;
}
