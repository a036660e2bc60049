/*
 * results.h - what a run produced besides the accumulator, for the output
 * writers (JSON, CSV, HTML).
 */
#ifndef LS_RESULTS_H
#define LS_RESULTS_H

#include <stdint.h>

/* How the run ended: everything here is independent of the thread count. */
typedef struct ls_stopping {
    double precision;     /* requested CI half-width, 0 = fixed path count */
    int reached;          /* 1: every interval is that narrow (or no
                             precision was asked) */
    uint64_t max_paths;   /* cap of a --precision run */
} ls_stopping;

/* Run statistics: they depend on the machine and the thread count, so they
 * are kept apart (the JSON "run" object, stderr). */
typedef struct ls_run_stats {
    double seconds;       /* wall time of the engine */
    int threads;          /* worker threads */
    double peak_rss_mb;   /* peak resident memory of the process */
} ls_run_stats;

#endif /* LS_RESULTS_H */
