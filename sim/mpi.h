/*
 * mpi.h - the same program across MPI ranks (build with -DLEUSDEN_MPI=ON).
 *
 * Without MPI every function here is the single-process case (one rank,
 * rank 0), so the commands are written once.  With MPI, blocks of paths
 * are dealt to the ranks and every block's accumulator travels to rank 0,
 * which merges them in block order: the result is bitwise that of one
 * process, for any number of ranks and threads per rank.  This is the one
 * place that deals work to ranks: blocks (ls_mpi_run), whole units such
 * as sweep cells and batch scenarios (ls_mpi_owns), shares of blocks
 * (ls_mpi_share).  Only rank 0 prints results and writes files.
 */
#ifndef LS_MPI_H
#define LS_MPI_H

#include <stddef.h>
#include <stdint.h>

#include "accum.h"
#include "engine.h"
#include "../base/error.h"

/* Starts MPI (if built with it).  Returns LS_OK or LS_ERUNTIME. */
int ls_mpi_init(int *argc, char ***argv);

/* Ends MPI (if built with it). */
void ls_mpi_finalize(void);

int ls_mpi_rank(void);
int ls_mpi_size(void);

/* Prints "leusden: rank R: message" to stderr and ends the whole job with
 * status (MPI_Abort), or the process without MPI. */
_Noreturn void ls_mpi_abort(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Runs blocks first..first+count-1 of n paths over all ranks (and each
 * rank's threads) and merges them into total on rank 0, in block order.
 * On the other ranks total is left as it was.  Must be called by every
 * rank with the same arguments.
 */
void ls_mpi_run(ls_engine *eng, uint64_t n, uint64_t first, uint64_t count,
                ls_accum *total);

/* The dealing of whole units of work - sweep cells, batch scenarios - to
 * the ranks, round robin: 1 if this rank runs unit i. */
int ls_mpi_owns(size_t i);

/* This rank's contiguous share first..first+count-1 of n blocks (for
 * compare, whose results are integer counts summed in any order). */
void ls_mpi_share(uint64_t n, uint64_t *first, uint64_t *count);

/* How long a rank waits for another (a block, a sum, the end) before it
 * aborts the job as hung: LS_MPI_TIMEOUT_S unless set (--rank-timeout).
 * Without MPI nothing waits. */
void ls_mpi_set_timeout(double seconds);

/* Sums x[0..n-1] over the ranks into rank 0's x (integer sums are exact,
 * so the order does not matter). */
void ls_mpi_sum_u64(uint64_t *x, size_t n);

/* Rank 0's value of v, on every rank. */
int ls_mpi_bcast_int(int v);

#endif /* LS_MPI_H */
