/*
 * mpi.c - blocks over ranks, merged in block order on rank 0.
 *
 * Rank r takes, in rounds of T blocks (T = its threads), the blocks whose
 * index (counted from `first`) is r modulo the number of ranks K: round j
 * gives rank r the blocks j T K + i K + r, i < T.  Each rank runs its
 * round's blocks in parallel, one per thread (ls_engine_run_each), and
 * sends every block's counts and moments, packed (ls_accum_pack), to rank
 * 0.  Rank 0 runs its own blocks the same way, then merges the round's
 * blocks in increasing order, taking its own from its threads and
 * receiving the others from their ranks; MPI delivers the messages of one
 * sender in the order sent, so no tags are needed.  The merge sequence is
 * exactly the single-process one, which is why the output is bitwise
 * identical.  The quantile sketches, the bulk of the data, do not pass
 * through rank 0 block by block: each rank keeps its own counts, and at
 * the end MPI_Reduce sums them over its reduction tree (whole numbers, so
 * in any order: reduce_sketch).  A block's message is then only its
 * moments (47 KB in the base scenario), which is what lets rank 0 keep up
 * with many ranks (docs/performance.md).
 * Every wait for another rank (a block, a sum, a broadcast, the end) is
 * bounded: nonblocking calls polled until ls_mpi_set_timeout's limit, after
 * which the job is aborted with a message, so a stopped or hung rank
 * cannot hold the others for ever.
 * Rejected: MPI_Reduce of partial sums (the floating-point moments would
 * depend on the rank count) and sending per-path results (traffic grows
 * with the paths; a block's accumulator does not).
 */
#include "mpi.h"

#include "../base/limits.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef LS_MPI
#include <mpi.h>
#endif

#ifdef LS_MPI

static int rank_, size_ = 1;
static double timeout_s = LS_MPI_TIMEOUT_S;

void ls_mpi_set_timeout(double seconds)
{
    timeout_s = seconds;
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Polls done() until it says yes; after a thousand quick polls it sleeps
 * 0.2 ms between them, and after timeout_s it aborts the job. */
static void wait_until(int (*done)(void *), void *arg, const char *what,
                       int peer)
{
    double t0 = mono();
    for (unsigned spins = 0; !done(arg); spins++) {
        if (spins > 1000) {
            struct timespec nap = {0, 200000};
            nanosleep(&nap, NULL);
        }
        if (mono() - t0 > timeout_s)
            ls_mpi_abort(1, "waited %g s for %s %s rank %d (stopped or hung?); "
                            "the job is stopped and writes nothing "
                            "(--rank-timeout sets the wait)", timeout_s,
                         what, peer < 0 ? "from every" : "from", peer < 0 ? 0
                                                                  : peer);
    }
}

static int request_done(void *arg)
{
    int flag = 0;
    MPI_Test((MPI_Request *)arg, &flag, MPI_STATUS_IGNORE);
    return flag;
}

/* Completes request r within the timeout. */
static void wait_request(MPI_Request *r, const char *what, int peer)
{
    wait_until(request_done, r, what, peer);
}

typedef struct probe {
    int src;
    MPI_Status st;
} probe;

static int probe_done(void *arg)
{
    probe *p = arg;
    int flag = 0;
    MPI_Iprobe(p->src, 0, MPI_COMM_WORLD, &flag, &p->st);
    return flag;
}

int ls_mpi_init(int *argc, char ***argv)
{
    int provided;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) !=
        MPI_SUCCESS)
        return LS_ERUNTIME;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    return LS_OK;
}

void ls_mpi_finalize(void)
{
    /* Every rank gets here, rank 0 after writing; a bounded barrier, so a
     * stopped rank cannot hold the end for ever. */
    MPI_Request r;
    MPI_Ibarrier(MPI_COMM_WORLD, &r);
    wait_request(&r, "the end of the job", -1);
    MPI_Finalize();
}

int ls_mpi_rank(void) { return rank_; }
int ls_mpi_size(void) { return size_; }

_Noreturn void ls_mpi_abort(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "leusden: rank %d: ", rank_);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, status);
    exit(status);
}

/* A growable byte buffer for packed accumulators. */
typedef struct buffer {
    unsigned char *p;
    size_t cap;
} buffer;

static unsigned char *reserve(buffer *b, size_t n)
{
    if (n > b->cap) {
        unsigned char *q = realloc(b->p, n);
        if (q == NULL)
            ls_mpi_abort(1, "out of memory for a %zu-byte block", n);
        b->p = q;
        b->cap = n;
    }
    return b->p;
}

/* Sums every rank's sketch counts in a into rank 0's a.  The ranks agree
 * on one bucket range per series (the union of theirs), lay their counts
 * out over those ranges, and MPI_Reduce adds the arrays up the tree. */
static void reduce_sketch(ls_accum *a)
{
    size_t ns = a->n_series, cells = 0;
    if (a->bins == NULL || ns == 0)
        return;
    uint32_t *lo = malloc(ns * sizeof *lo), *hi = malloc(ns * sizeof *hi);
    if (lo == NULL || hi == NULL)
        ls_mpi_abort(1, "out of memory for the sketch ranges");
    memcpy(lo, a->lo, ns * sizeof *lo);
    memcpy(hi, a->hi, ns * sizeof *hi);
    MPI_Request r[2];
    MPI_Iallreduce(MPI_IN_PLACE, lo, (int)ns, MPI_UINT32_T, MPI_MIN,
                   MPI_COMM_WORLD, &r[0]);
    MPI_Iallreduce(MPI_IN_PLACE, hi, (int)ns, MPI_UINT32_T, MPI_MAX,
                   MPI_COMM_WORLD, &r[1]);
    wait_request(&r[0], "the sketch ranges", -1);
    wait_request(&r[1], "the sketch ranges", -1);
    for (size_t s = 0; s < ns; s++)
        cells += lo[s] <= hi[s] ? hi[s] - lo[s] + 1 : 0;
    if (cells > (size_t)INT32_MAX)
        ls_mpi_abort(1, "the sketches span %zu buckets, more than one "
                        "MPI message holds", cells);
    uint64_t *c = calloc(cells ? cells : 1, sizeof *c);
    if (c == NULL)
        ls_mpi_abort(1, "out of memory for the sketch counts");
    for (size_t s = 0, at = 0; s < ns; s++)
        for (uint32_t k = lo[s]; lo[s] <= hi[s] && k <= hi[s]; k++)
            c[at++] = a->bins[s * LS_SKETCH_BINS + k];
    MPI_Ireduce(rank_ == 0 ? MPI_IN_PLACE : c, rank_ == 0 ? c : NULL,
                (int)cells, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD, &r[0]);
    wait_request(&r[0], "the sketch counts", -1);
    if (rank_ == 0) {
        for (size_t s = 0, at = 0; s < ns; s++) {
            for (uint32_t k = lo[s]; lo[s] <= hi[s] && k <= hi[s]; k++)
                a->bins[s * LS_SKETCH_BINS + k] = c[at++];
            a->lo[s] = lo[s];
            a->hi[s] = hi[s];
        }
    }
    free(c);
    free(lo);
    free(hi);
}

/* Every rank's sketch counts of the run, summed into rank 0's total. */
static void gather_sketches(ls_engine *eng, ls_accum *total)
{
    ls_accum *own = total;
    if (rank_ != 0 && (own = ls_accum_alloc(total->n_targets,
                                            total->n_metrics, total->n_years,
                                            total->n_sens)) == NULL)
        ls_mpi_abort(1, "out of memory for an accumulator");
    if (!total->sketch)
        ls_accum_drop_sketch(own);
    ls_engine_take_sketch(eng, own);
    reduce_sketch(own);
    if (own != total)
        ls_accum_free(own);
}

void ls_mpi_run(ls_engine *eng, uint64_t n, uint64_t first, uint64_t count,
                ls_accum *total)
{
    if (size_ == 1) {
        ls_engine_run(eng, n, first, count, total);
        return;
    }
#ifdef LS_TEST_HOOKS
    /* Test hook, compiled in only with -DLEUSDEN_TEST_HOOKS=ON (never in a
     * production build): LEUSDEN_FAIL_RANK=R makes rank R (not 0) abort,
     * so tests/mpi.sh can check that a failing rank stops the job with a
     * clear message and no output. */
    const char *fail = getenv("LEUSDEN_FAIL_RANK");
    if (fail != NULL && atoi(fail) == rank_ && rank_ != 0)
        ls_mpi_abort(1, "failing on purpose (LEUSDEN_FAIL_RANK=%s); the "
                        "job is stopped and writes nothing", fail);
#endif
    uint64_t t = (uint64_t)ls_engine_threads(eng), k = (uint64_t)size_;
    uint64_t mine[LS_MPI_MAX_THREADS], r = (uint64_t)rank_;
    if (t > LS_MPI_MAX_THREADS) /* --threads is at most that */
        t = LS_MPI_MAX_THREADS;
    buffer b = {NULL, 0};
    ls_accum *tmp = NULL;
    for (uint64_t round = 0; round * t * k < count; round++) {
        uint64_t base = round * t * k;
        size_t m = 0;
        for (uint64_t i = 0; i < t; i++) {
            uint64_t rel = base + i * k + r;
            if (rel < count)
                mine[m++] = first + rel;
        }
        ls_engine_run_each(eng, n, mine, m);
        if (rank_ != 0) {
            for (size_t i = 0; i < m; i++) {
                const ls_accum *a = ls_engine_block_accum(eng, i);
                size_t len = ls_accum_pack(a, NULL, 0);
                ls_accum_pack(a, reserve(&b, len), len);
                MPI_Request req;
                MPI_Isend(b.p, (int)len, MPI_BYTE, 0, 0, MPI_COMM_WORLD,
                          &req);
                wait_request(&req, "the delivery of a block to", 0);
            }
            continue;
        }
        for (uint64_t rel = base; rel < base + t * k && rel < count; rel++) {
            uint64_t src = rel % k, slot = (rel - base) / k;
            if (src == 0) {
                ls_accum_merge(total, ls_engine_block_accum(eng, slot));
                continue;
            }
            probe pr = {(int)src, {0}};
            int len;
            wait_until(probe_done, &pr, "a block", (int)src);
            MPI_Get_count(&pr.st, MPI_BYTE, &len);
            MPI_Recv(reserve(&b, (size_t)len), len, MPI_BYTE, (int)src, 0,
                     MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (tmp == NULL && (tmp = ls_accum_alloc(total->n_targets,
                                                     total->n_metrics,
                                                     total->n_years,
                                                     total->n_sens)) == NULL)
                ls_mpi_abort(1, "out of memory for an accumulator");
            if (ls_accum_unpack(tmp, b.p, (size_t)len) != 0)
                ls_mpi_abort(1, "block %llu from rank %llu is not an "
                                "accumulator of this scenario",
                             (unsigned long long)(first + rel),
                             (unsigned long long)src);
            ls_accum_merge(total, tmp);
        }
    }
    gather_sketches(eng, total);
    ls_accum_free(tmp);
    free(b.p);
}

void ls_mpi_sum_u64(uint64_t *x, size_t n)
{
    if (size_ == 1 || n == 0)
        return;
    MPI_Request r;
    if (rank_ == 0)
        MPI_Ireduce(MPI_IN_PLACE, x, (int)n, MPI_UINT64_T, MPI_SUM, 0,
                    MPI_COMM_WORLD, &r);
    else
        MPI_Ireduce(x, NULL, (int)n, MPI_UINT64_T, MPI_SUM, 0,
                    MPI_COMM_WORLD, &r);
    wait_request(&r, "the sums", -1);
}

int ls_mpi_bcast_int(int v)
{
    MPI_Request r;
    MPI_Ibcast(&v, 1, MPI_INT, 0, MPI_COMM_WORLD, &r);
    wait_request(&r, "a decision", 0);
    return v;
}

#else /* one process */

int ls_mpi_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return LS_OK;
}

void ls_mpi_finalize(void) {}

void ls_mpi_set_timeout(double seconds)
{
    (void)seconds;
}
int ls_mpi_rank(void) { return 0; }
int ls_mpi_size(void) { return 1; }

_Noreturn void ls_mpi_abort(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("leusden: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(status);
}

void ls_mpi_run(ls_engine *eng, uint64_t n, uint64_t first, uint64_t count,
                ls_accum *total)
{
    ls_engine_run(eng, n, first, count, total);
}

void ls_mpi_sum_u64(uint64_t *x, size_t n)
{
    (void)x;
    (void)n;
}

int ls_mpi_bcast_int(int v)
{
    return v;
}

#endif

int ls_mpi_owns(size_t i)
{
    return (int)(i % (size_t)ls_mpi_size()) == ls_mpi_rank();
}

void ls_mpi_share(uint64_t n, uint64_t *first, uint64_t *count)
{
    uint64_t k = (uint64_t)ls_mpi_size(), r = (uint64_t)ls_mpi_rank();
    *first = n * r / k;
    *count = n * (r + 1) / k - *first;
}
