/*
 * bench_rng.c - nanoseconds per draw of every generator and sampler we use.
 *
 * Generators: each keyed stream of ls_rng_kinds[] (keyed once with
 * ls_stream_key, then drawn from many times), and the plain GSL generators
 * that the reference streams wrap, so the cost of the wrapper shows.
 * Samplers: gsl_rng_uniform, the ziggurat normal, gsl_ran_binomial at
 * n p = 2 (inversion) and n p = 128 (BTPE), the lognormal, and, for the
 * keyed streams, one re-key alone and one re-key followed by one draw.
 *
 * Each cell is calibrated to run about `target` seconds, then timed
 * BENCH_REPS times with CLOCK_MONOTONIC; the best run is reported, because
 * on a shared machine interference can only add time.  Every sampler has
 * its own loop function, so the only indirect calls per draw are those GSL
 * makes through gsl_rng_type; a function pointer per draw would add its
 * own cost to every cell.  Draws are summed into a volatile sink so none
 * can be optimised away.  Rejected: rdtsc (reference cycles, not time, and
 * x86 only) and the mean of the repetitions (it averages in whatever else
 * the machine was doing).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "base/rng.h"

#define BENCH_SEED UINT64_C(2018) /* seed of every key; any value will do */
#define BENCH_REPS 3              /* timed runs per cell; the best counts */
#define TARGET_FULL 0.2           /* s per timed run */
#define TARGET_QUICK 0.002        /* s per timed run with --quick */

/* A generator under test. */
typedef struct gen {
    char label[48];  /* row label in the table */
    gsl_rng *r;      /* what the samplers draw from */
    ls_stream *st;   /* keyed stream that owns r; NULL for plain GSL */
} gen;

/* Runs n calls of one sampler on g and returns a sum of the results. */
typedef double (*kernel_fn)(gen *g, size_t n);

/* One row kind of the table. */
typedef struct bench_case {
    const char *name;  /* distribution column */
    kernel_fn run;     /* the timed loop */
    int keyed_only;    /* 1 if it needs an ls_stream (re-keying) */
} bench_case;

/* The plain GSL generators, by the address of GSL's type variable. */
typedef struct plain_gen {
    const char *name;                   /* GSL's name for it */
    const gsl_rng_type *const *type;    /* &gsl_rng_<name> */
} plain_gen;

static const plain_gen plain_gens[] = {
    {"taus2", &gsl_rng_taus2},
    {"mt19937", &gsl_rng_mt19937},
    {"ranlxd1", &gsl_rng_ranlxd1},
};
#define N_PLAIN (sizeof plain_gens / sizeof plain_gens[0])

/* Every result ends up here, so the compiler must compute it. */
static volatile double sink;

/* Model id of the keys, as the engine would compute it for the testbed. */
static uint64_t model_id;

static double k_uniform(gen *g, size_t n)
{
    gsl_rng *r = g->r;
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += gsl_rng_uniform(r);
    return s;
}

static double k_gaussian(gen *g, size_t n)
{
    gsl_rng *r = g->r;
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += gsl_ran_gaussian_ziggurat(r, 1.0);
    return s;
}

static double k_binomial_small(gen *g, size_t n)
{
    gsl_rng *r = g->r;
    uint64_t s = 0;
    for (size_t i = 0; i < n; i++)
        s += gsl_ran_binomial(r, 0.05, 40);
    return (double)s;
}

static double k_binomial_large(gen *g, size_t n)
{
    gsl_rng *r = g->r;
    uint64_t s = 0;
    for (size_t i = 0; i < n; i++)
        s += gsl_ran_binomial(r, 0.01, 12800);
    return (double)s;
}

static double k_lognormal(gen *g, size_t n)
{
    gsl_rng *r = g->r;
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += gsl_ran_lognormal(r, 0.0, 1.0);
    return s;
}

/* Re-keys as the engine does, path after path.  The key hook is an
 * indirect call into another object file, so it cannot be elided; one draw
 * at the end feeds the sink. */
static double k_rekey(gen *g, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ls_stream_key(g->st, BENCH_SEED, (uint64_t)i, model_id,
                      2018 + (int)(i % 23));
    return gsl_rng_uniform(g->r);
}

/* Re-key plus the first draw: Philox defers its block computation to the
 * first draw after a key, so this is the real cost of a fresh substream. */
static double k_rekey_draw(gen *g, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        ls_stream_key(g->st, BENCH_SEED, (uint64_t)i, model_id,
                      2018 + (int)(i % 23));
        s += gsl_rng_uniform(g->r);
    }
    return s;
}

static const bench_case cases[] = {
    {"gsl_rng_uniform", k_uniform, 0},
    {"gsl_ran_gaussian_ziggurat", k_gaussian, 0},
    {"gsl_ran_binomial n=40 p=0.05", k_binomial_small, 0},
    {"gsl_ran_binomial n=12800 p=0.01", k_binomial_large, 0},
    {"gsl_ran_lognormal 0,1", k_lognormal, 0},
    {"ls_stream_key", k_rekey, 1},
    {"ls_stream_key + uniform", k_rekey_draw, 1},
};
#define N_CASES (sizeof cases / sizeof cases[0])

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Times one run of n calls and returns its duration in seconds. */
static double time_once(const bench_case *c, gen *g, size_t n)
{
    double t0 = now();
    sink += c->run(g, n);
    return now() - t0;
}

/* Returns the best time per call, in ns, of BENCH_REPS runs of c on g, each
 * sized to last about target seconds.  The calibration runs warm up the
 * caches and the CPU clock as a side effect. */
static double measure(const bench_case *c, gen *g, double target)
{
    size_t n = 64;
    double t = time_once(c, g, n);
    while (t < target / 8.0 && n < SIZE_MAX / 8) {
        n *= 4;
        t = time_once(c, g, n);
    }
    if (t > 0.0 && (double)n * target / t > (double)n)
        n = (size_t)((double)n * target / t);
    double best = HUGE_VAL;
    for (int rep = 0; rep < BENCH_REPS; rep++) {
        t = time_once(c, g, n);
        if (t < best)
            best = t;
    }
    return best * 1e9 / (double)n;
}

static void gens_free(gen *gens, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (gens[i].st != NULL)
            ls_stream_free(gens[i].st);
        else
            gsl_rng_free(gens[i].r);
    }
    free(gens);
}

/* Allocates the keyed streams (keyed once) and the plain generators
 * (seeded once); returns NULL if out of memory, *n set to the count. */
static gen *gens_alloc(size_t *n)
{
    size_t nkinds = 0;
    while (ls_rng_kinds[nkinds] != NULL)
        nkinds++;
    gen *gens = calloc(nkinds + N_PLAIN, sizeof *gens);
    if (gens == NULL)
        return NULL;
    *n = 0;
    for (size_t k = 0; k < nkinds; k++) {
        gen *g = &gens[*n];
        g->st = ls_stream_alloc(ls_rng_kinds[k]);
        if (g->st == NULL) {
            gens_free(gens, *n);
            return NULL;
        }
        g->r = g->st->r;
        snprintf(g->label, sizeof g->label, "%s (keyed)",
                 ls_rng_kinds[k]->name);
        ls_stream_key(g->st, BENCH_SEED, 1, model_id, 2018);
        (*n)++;
    }
    for (size_t k = 0; k < N_PLAIN; k++) {
        gen *g = &gens[*n];
        g->r = gsl_rng_alloc(*plain_gens[k].type);
        if (g->r == NULL) {
            gens_free(gens, *n);
            return NULL;
        }
        gsl_rng_set(g->r, (unsigned long)BENCH_SEED);
        snprintf(g->label, sizeof g->label, "%s (plain gsl)",
                 plain_gens[k].name);
        (*n)++;
    }
    return gens;
}

static void usage(FILE *out)
{
    fputs("Usage: bench_rng [--quick]\n"
          "\n"
          "Prints nanoseconds per call of the GSL samplers on every keyed\n"
          "stream (ls_rng_kinds) and on the plain GSL generators, and the\n"
          "cost of re-keying a stream.  Each cell is the best of 3 runs of\n"
          "about 0.2 s.\n"
          "\n"
          "  --quick     runs of about 2 ms, for a smoke test (noisy)\n"
          "  --kat       check the Philox known answer only\n"
          "  -h, --help  show this help and exit\n", out);
}

/* Philox4x64-10 known answers (Random123's kat_vectors), through our
 * keyed stream: counter {0,0,0,0} and key {0,0} is (seed 0, path 0, model
 * 0, year 0), whose first word is 0x16554d9eca36314c. */
static int kat(void)
{
    ls_stream *st = ls_stream_alloc(ls_rng_find("philox4x64"));
    if (st == NULL)
        return 1;
    ls_stream_key(st, 0, 0, 0, 0);
    unsigned long top = gsl_rng_get(st->r);
    ls_stream_free(st);
    int ok = top == (unsigned long)(UINT64_C(0x16554d9eca36314c) >> 32);
    printf("Philox4x64-10 known answer %s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    double target = TARGET_FULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--kat") == 0) {
            return kat();
        } else if (strcmp(argv[i], "--quick") == 0) {
            target = TARGET_QUICK;
        } else if (strcmp(argv[i], "--help") == 0 ||
                   strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "bench_rng: unknown option '%s' "
                    "(try 'bench_rng --help')\n", argv[i]);
            return 2;
        }
    }

    model_id = ls_rng_name_id("testbed");
    size_t ngens = 0;
    gen *gens = gens_alloc(&ngens);
    if (gens == NULL) {
        fputs("bench_rng: out of memory\n", stderr);
        return 1;
    }

    printf("# best of %d runs of ~%g s each; ns per call\n", BENCH_REPS,
           target);
    printf("%-22s  %-31s  %9s\n", "generator", "distribution", "ns/draw");
    printf("%-22s  %-31s  %9s\n", "----------------------",
           "-------------------------------", "---------");
    for (size_t i = 0; i < ngens; i++) {
        for (size_t c = 0; c < N_CASES; c++) {
            if (cases[c].keyed_only && gens[i].st == NULL)
                continue;
            double ns = measure(&cases[c], &gens[i], target);
            printf("%-22s  %-31s  %9.2f\n", gens[i].label, cases[c].name, ns);
            fflush(stdout);
        }
    }
    gens_free(gens, ngens);
    if (ferror(stdout) || fflush(stdout) != 0) {
        fputs("bench_rng: writing the table to stdout failed\n", stderr);
        return 1;
    }
    return 0;
}
