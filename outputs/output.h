/*
 * output.h - files that are either complete or absent.
 *
 * Every output file is written to a temporary name in the same directory
 * and renamed over the destination only when everything was written and
 * closed without error, so a reader never sees a half-written file, and a
 * failed run leaves the previous file (if any) untouched.  A destination
 * that exists and is not a regular file (a terminal, a pipe, /dev/full) is
 * written directly: renaming over a device would replace it.
 */
#ifndef LS_OUTPUT_H
#define LS_OUTPUT_H

#include <stdio.h>

#include "../base/error.h"
#include "../base/limits.h"

typedef struct ls_output {
    FILE *f;                           /* write here */
    char path[LS_OUTPUT_PATH_MAX];     /* destination */
    char tmp[LS_OUTPUT_PATH_MAX + 16]; /* temporary name, "" if direct */
} ls_output;

/* Opens o for writing to path.  Returns LS_OK, or LS_ERUNTIME with *e
 * naming the path and the system's reason. */
int ls_output_open(ls_output *o, const char *path, ls_error *e);

/* Flushes, checks for write errors, closes and renames into place.
 * Returns LS_OK, or LS_ERUNTIME (the temporary file is removed). */
int ls_output_commit(ls_output *o, ls_error *e);

/* Closes o and removes the temporary file, after an error elsewhere. */
void ls_output_abort(ls_output *o);

/* Creates directory dir, and its missing parents, as mkdir -p.  LS_OK or
 * LS_ERUNTIME. */
int ls_output_mkdir(const char *dir, ls_error *e);

#endif /* LS_OUTPUT_H */
