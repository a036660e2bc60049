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
 */
#ifndef LS_TREE_H
#define LS_TREE_H

#include <stddef.h>

#include <libconfig.h>

#include "../base/error.h"
#include "../base/limits.h"
#include "scenario.h" /* ls_override */

typedef struct ls_tree {
    config_t *cfg[LS_TREE_MAX_FILES]; /* every file read, base first */
    size_t n_cfg;
    config_t *root;                   /* the merged settings (cfg[0]) */
    ls_override *overrides;           /* in the order they were applied */
    size_t n_overrides;
    char *files[LS_TREE_MAX_FILES];   /* canonical names, for cycles */
    char *given[LS_TREE_MAX_FILES];   /* names as given; the settings'
                                         file fields point at these */
    char *text[LS_TREE_MAX_FILES];    /* each file's text as read, for the
                                         source comments (config/load.c) */
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
 * opened or read, is a directory, is larger than LS_TREE_MAX_BYTES or
 * holds a NUL byte.
 */
int ls_tree_read_text(const char *file, char **text, ls_error *e);

/* Frees everything t owns; safe on a zeroed or freed tree. */
void ls_tree_free(ls_tree *t);

#endif /* LS_TREE_H */
