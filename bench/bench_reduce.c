/*
 * bench_reduce.c - what rank 0 does per block under MPI, and how far that
 * scales.
 *
 * Under MPI (sim/mpi.c) every rank sends each of its blocks to rank 0,
 * which merges them in block order; the quantile sketches are summed once
 * at the end by MPI_Reduce.  This program measures, for a scenario, one
 * block's compute time, the bytes of its message and rank 0's time to
 * unpack and merge it, both as the blocks are sent now (counts and
 * moments) and as they were sent before issue 16 (with the block's sketch
 * counts).  Rank 0 keeps up while it merges a round's blocks faster than
 * the ranks compute them: with K ranks of T threads a round is K T blocks
 * in one block's time, so rank 0 limits the job from about
 * K = block time / (T x merge time).  The same ratio bounds the link into
 * rank 0 (bytes per block x K T / block time).
 *
 * Usage: bench_reduce SCENARIO [THREADS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "sim/engine.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Rank 0's work for one received message: unpack, merge; best of reps. */
static double merge_time(const unsigned char *buf, size_t len, ls_accum *tmp,
                         ls_accum *total)
{
    double best = 1e30;
    for (int rep = 0; rep < 20; rep++) {
        double t0 = now();
        if (ls_accum_unpack(tmp, buf, len) != 0) {
            fputs("bench_reduce: unpack failed\n", stderr);
            exit(1);
        }
        ls_accum_merge(total, tmp);
        double t = now() - t0;
        best = t < best ? t : best;
    }
    return best;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        fputs("usage: bench_reduce SCENARIO [THREADS]\n", stderr);
        return 2;
    }
    int threads = argc > 2 ? atoi(argv[2]) : 2;
    ls_scenario sc;
    ls_error e;
    if (ls_scenario_load(&sc, argv[1], &e) != LS_OK) {
        fprintf(stderr, "bench_reduce: %s: %s\n", argv[1], e.msg);
        return 2;
    }
    ls_engine *eng = ls_engine_alloc(&sc, 1, &e);
    ls_accum *sketch = ls_engine_accum_alloc(&sc);
    ls_accum *tmp = ls_engine_accum_alloc(&sc);
    ls_accum *total = ls_engine_accum_alloc(&sc);
    uint64_t block = 0, n = LS_ENGINE_BLOCK;
    double t0 = now();
    ls_engine_run_each(eng, n, &block, 1);
    double compute = now() - t0;

    /* Now: the block's counts and moments. */
    const ls_accum *a = ls_engine_block_accum(eng, 0);
    size_t small = ls_accum_pack(a, NULL, 0);
    unsigned char *sbuf = malloc(small);
    ls_accum_pack(a, sbuf, small);
    /* Before: the same with the block's sketch counts. */
    ls_engine_take_sketch(eng, sketch);
    ls_accum_merge(sketch, a);
    size_t big = ls_accum_pack(sketch, NULL, 0);
    unsigned char *bbuf = malloc(big);
    ls_accum_pack(sketch, bbuf, big);

    double now_merge = merge_time(sbuf, small, tmp, total);
    double old_merge = merge_time(bbuf, big, tmp, total);
    printf("%s: one block of %d paths computes in %.1f ms (1 thread)\n",
           argv[1], LS_ENGINE_BLOCK, 1e3 * compute);
    printf("%-22s %10s %12s %18s %16s\n", "message per block", "bytes",
           "rank 0 us", "ranks rank 0 holds", "MB/s into rank 0");
    const char *label[2] = {"counts + moments (now)", "with sketch (before)"};
    size_t bytes[2] = {small, big};
    double merge[2] = {now_merge, old_merge};
    for (int k = 0; k < 2; k++) {
        double ranks = compute / ((double)threads * merge[k]);
        printf("%-22s %10zu %12.1f %18.0f %16.1f\n", label[k], bytes[k],
               1e6 * merge[k], ranks,
               1e-6 * (double)bytes[k] * 16 * threads / compute);
    }
    printf("(ranks of %d threads before rank 0 is the limit; the link "
           "rate is for 16 such ranks)\n", threads);
    free(sbuf);
    free(bbuf);
    ls_accum_free(sketch);
    ls_accum_free(tmp);
    ls_accum_free(total);
    ls_engine_free(eng);
    ls_scenario_destroy(&sc);
    return 0;
}
