/*
 * text.h - a scenario file's text, checked and made ready for libconfig.
 *
 * Everything config/ does to the bytes of a file before libconfig parses
 * them, with no libconfig in sight (so it can be tested and fuzzed as
 * text):
 *
 *   - reading a file whole, with the size cap and the NUL check;
 *   - the integer-literal check (libconfig 1.5 silently wraps 5000000000);
 *   - @include, expanded here, not by libconfig: the included file is
 *     named relative to the file that includes it, is read and checked as
 *     a scenario file is, and a directory, a missing file or a cycle is an
 *     error at the @include line.  libconfig then parses one text and
 *     never opens a file; a map takes each line of that text back to the
 *     file and line it was written at;
 *   - the nesting check (libconfig's parser fails on deep nesting with
 *     "memory exhausted");
 *   - large groups written as lists: libconfig checks every new member of
 *     a group against all the members before it, so a group of n members
 *     (models with 100,000 instances) costs n^2/2 name comparisons to
 *     parse.  A group of LS_TEXT_LIST_MEMBERS or more is rewritten, byte
 *     for byte in place, as a list of its values, and config/tree.c turns
 *     the list back into the group after the parse (names, lines and the
 *     duplicate check restored), in linear time.
 */
#ifndef LS_TEXT_H
#define LS_TEXT_H

#include <stddef.h>

#include "../base/error.h"

/* Groups with at least this many members are parsed as lists (above).
 * Small groups are parsed as written. */
#define LS_TEXT_LIST_MEMBERS 16

/* A file read for a scenario: an @include'd one (the scenario file and its
 * bases are config/tree.c's). */
typedef struct ls_text_file {
    char *name;  /* the path it was opened by; its settings name it */
    char *text;  /* as read, for the source comments */
} ls_text_file;

/* Lines from..(next segment's from - 1) of the parsed text are lines
 * line.. of file. */
typedef struct ls_text_seg {
    int from;
    const char *file;
    int line;
} ls_text_seg;

/* A group parsed as a list: the ordinal-th aggregate ({ [ or ( in text
 * order, from 0) of the text, with its members' names and the lines of
 * the parsed text they stand on. */
typedef struct ls_text_group {
    size_t ordinal;
    size_t n;
    char **names;  /* malloc'd; config/tree.c hands them to libconfig */
    int *lines;
} ls_text_group;

typedef struct ls_text {
    char *text;            /* what libconfig parses */
    ls_text_seg *seg;      /* [n_seg], by from */
    size_t n_seg;
    ls_text_group *group;  /* [n_group], by ordinal */
    size_t n_group;
} ls_text;

/*
 * Reads file whole into *text (NUL-terminated; the caller frees it).
 * Returns LS_OK, or LS_EINPUT naming the file: it cannot be opened or
 * read, is a directory, has more than LS_TREE_MAX_BYTES bytes or holds a
 * NUL byte; LS_ERUNTIME when out of memory.
 */
int ls_text_read(const char *file, char **text, ls_error *e);

/* Checks every integer literal of text (of file): one without an L suffix
 * must fit in 32 bits (31 for hex), any in 64.  LS_OK or LS_EINPUT at the
 * literal's line. */
int ls_text_check_literals(const char *text, const char *file, ls_error *e);

/* Checks that brackets nest at most LS_TREE_MAX_NESTING deep in text (of
 * file).  LS_OK or LS_EINPUT at the line that goes deeper. */
int ls_text_check_nesting(const char *text, const char *file, ls_error *e);

/*
 * Prepares text, read from file (a name that must outlive *out: the map
 * points at it), for libconfig: checks its literals, expands its
 * @includes (each included file is appended to the array *inc of *n_inc
 * entries, which the caller frees with ls_text_files_free even on
 * failure; *n_inc counts toward LS_TREE_MAX_INCLUDES), checks the
 * nesting and rewrites large groups.  Returns LS_OK, LS_EINPUT
 * (file:line: message) or LS_ERUNTIME; on failure *out is freed.
 */
int ls_text_prepare(const char *file, const char *text, ls_text_file **inc,
                    size_t *n_inc, ls_text *out, ls_error *e);

/* The file and line that line `line` of x->text was written at. */
void ls_text_where(const ls_text *x, int line, const char **file, int *at);

/* Frees x (the names its groups still own included); safe twice. */
void ls_text_free(ls_text *x);

/* Frees n files of inc, and inc. */
void ls_text_files_free(ls_text_file *inc, size_t n);

/* The file `name` names from inside `file`: relative to file's directory
 * unless absolute, into path (PATH_MAX bytes).  0, or -1 if it does not
 * fit (never cut). */
int ls_text_relative(const char *file, const char *name, char *path);

#endif /* LS_TEXT_H */
