/*
 * output.h - a run's output files: complete and all new, or absent.
 *
 * Every output file of a run is written to a temporary name beside its
 * destination (never in /tmp), closed and checked (ls_output_commit), and
 * queued.  Only when every output of the run has been written does
 * ls_output_finish rename them all into place, in the order they were
 * queued, with signals held for those few system calls; until then a
 * failure, a signal or an error elsewhere removes every temporary
 * (ls_output_discard) and leaves the previous files untouched.  So a reader
 * never sees a half-written file, nor a JSON of this run beside a CSV of
 * the last.
 *
 * A destination that is not a regular file (a terminal, a pipe, /dev/full)
 * is written directly: renaming over a device would replace it.  So is an
 * already open descriptor named as /dev/stdout, /dev/stderr, /dev/fd/N or
 * /proc/self/fd/N: it is written through the descriptor, at its offset and
 * in its mode (`--json /dev/stdout >> log` appends to log), never renamed
 * over.  A destination that is an input of the run (ls_output_protect) or
 * another output of the run is refused (LS_EINPUT) before anything is
 * written.
 *
 * Temporaries are named DEST.tmp-PID-XXXXXX.  A run killed with SIGKILL
 * cannot remove its own; the next run that writes DEST removes every
 * DEST.tmp-PID-* whose process is gone.
 */
#ifndef LS_OUTPUT_H
#define LS_OUTPUT_H

#include <stdio.h>

#include "../base/error.h"
#include "../base/limits.h"

typedef struct ls_output {
    FILE *f;                           /* write here */
    char path[LS_OUTPUT_PATH_MAX];     /* destination */
    char tmp[LS_OUTPUT_PATH_MAX + 32]; /* temporary name, "" if direct */
} ls_output;

/*
 * Opens o for writing to path.  Returns LS_OK; LS_EINPUT if path is an
 * input of the run or another output of it; LS_ERUNTIME with *e naming the
 * path and the system's reason.
 */
int ls_output_open(ls_output *o, const char *path, ls_error *e);

/* Flushes, checks for write errors and closes o, and queues its temporary
 * for ls_output_finish.  Returns LS_OK, or LS_ERUNTIME (the temporary is
 * removed). */
int ls_output_commit(ls_output *o, ls_error *e);

/* Closes o and removes its temporary, after an error elsewhere. */
void ls_output_abort(ls_output *o);

/* Renames every queued temporary into place, in queue order, with SIGINT
 * and SIGTERM held meanwhile.  Returns LS_OK, or LS_ERUNTIME (what was not
 * renamed yet is removed). */
int ls_output_finish(ls_error *e);

/* Removes every queued temporary and forgets the run's outputs.  Safe in a
 * signal handler (only unlink). */
void ls_output_discard(void);

/* Refuses path as an output of this run from now on (same file: device
 * and inode), because it is an input.  A path that does not exist is
 * ignored. */
void ls_output_protect(const char *path);

/* Checks, before a run computes anything, that destination path (a file,
 * or with is_dir the directory a writer fills) is neither an input of the
 * run nor another destination of it, nor inside or around another's
 * directory.  LS_OK or LS_EINPUT. */
int ls_output_claim(const char *path, int is_dir, ls_error *e);

/* Creates directory dir, and its missing parents, as mkdir -p.  LS_OK or
 * LS_ERUNTIME. */
int ls_output_mkdir(const char *dir, ls_error *e);

#endif /* LS_OUTPUT_H */
