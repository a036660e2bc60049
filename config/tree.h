/*
 * tree.h - a scenario's settings after inheritance and overrides.
 *
 * A scenario file may inherit another and override parts of it:
 *
 *   base = "leusden.cfg";                    # relative to this file
 *   scenario = { name = "wind"; };           # groups merge setting by setting
 *   set = ( ("models.regional.turbines", 6), # then overrides by path, in order
 *           ("models.homes.subsidy", { schedule = ( (2020, 1.0), (2021, 2.0) ); }) );
 *
 * Groups merge recursively; any other setting (a number, a string, a list
 * such as `targets`, and a group that is a value - one with `dist` or
 * `schedule`) replaces the base's wholesale.  Chains resolve base first;
 * a cycle or a missing base is an error at the `base` line.  Command-line
 * overrides (`--set path=value`) apply last.  Copied settings keep the
 * file and line they were written at, so validation errors point at the
 * override, and every override is recorded for `leusden check`.
 *
 * Each file's text is read and checked once (config/text.c): its
 * @includes are expanded there, relative to the including file, and
 * every setting carries the file and line it was written at, an
 * @include'd file's included.
 */
#ifndef LS_TREE_H
#define LS_TREE_H

#include <stddef.h>

#include <libconfig.h>

#include "../base/error.h"
#include "../base/limits.h"
#include "scenario.h" /* ls_override */
#include "source.h"   /* ls_lines */
#include "text.h"     /* ls_text_file */

typedef struct ls_tree {
    config_t *cfg[LS_TREE_MAX_FILES]; /* every file read, base first */
    size_t n_cfg;
    config_t *root;                   /* the merged settings (cfg[0]) */
    ls_override *overrides;           /* in the order they were applied */
    size_t n_overrides, cap_overrides;
    char *files[LS_TREE_MAX_FILES];   /* canonical names, for cycles */
    char *given[LS_TREE_MAX_FILES];   /* names as given; the settings'
                                         file fields point at these */
    char *text[LS_TREE_MAX_FILES];    /* each file's text as read, for the
                                         source comments (config/load.c) */
    ls_lines lines[LS_TREE_MAX_FILES];/* ... and where its lines start */
    ls_text_file *inc;                /* every @include'd file, in the
                                         order read; settings from one name
                                         it by inc[i].name */
    size_t n_inc;
    ls_lines *inc_lines;              /* [n_inc_lines], the first of inc */
    size_t n_inc_lines;
} ls_tree;

/*
 * Reads file and everything it inherits, applies the n command-line
 * overrides sets[i] ("path=value"), and leaves the result in t->root.
 * Returns LS_OK, LS_EINPUT (file:line: path: message) or LS_ERUNTIME; on
 * failure t is freed.
 */
int ls_tree_load(ls_tree *t, const char *file, const char *const *sets,
                 size_t n, ls_error *e);

/*
 * Reads a scenario file whole into *text (NUL-terminated; the caller
 * frees it).  Returns LS_OK, or LS_EINPUT naming the file: it cannot be
 * opened or read, is a directory, has more than LS_TREE_MAX_BYTES bytes
 * or holds a NUL byte.  (ls_text_read; kept for callers of this name.)
 */
int ls_tree_read_text(const char *file, char **text, ls_error *e);

/* The lines of `file` as the tree read it (the scenario file, a base or
 * an @include'd file, by the name its settings carry), or NULL if the
 * tree read no such file.  Nothing is read again: a pipe or a FIFO can be
 * read only once. */
const ls_lines *ls_tree_lines(const ls_tree *t, const char *file);

/* Frees everything t owns; safe on a zeroed or freed tree. */
void ls_tree_free(ls_tree *t);

#endif /* LS_TREE_H */
