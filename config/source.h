/*
 * source.h - the comments that document a scenario's values.
 *
 * A scenario file cites its sources in comments: the comment lines right
 * above a value, and a comment on its line.  The head of a file (its
 * leading comment lines) says what the file is and explains the
 * abbreviations of those citations.  The loader extracts both from the
 * text it parsed, once, so the report never re-reads an input (a pipe or
 * a FIFO can be read only once).
 */
#ifndef LS_SOURCE_H
#define LS_SOURCE_H

#include <stdint.h>
#include <stddef.h>

/* A text with where each of its lines starts, so that the note of any
 * line is found in constant time (a scenario of 100,000 instances asks
 * for hundreds of thousands of notes).  Lines end at '\n'; a text of k
 * newlines has k + 1 lines.  Offsets fit in 32 bits: a text has at most
 * LS_TREE_MAX_BYTES bytes. */
typedef struct ls_lines {
    const char *text;    /* borrowed */
    size_t n;            /* lines */
    uint32_t *start;     /* [n] offset of each line's first byte */
} ls_lines;

/* Indexes the lines of text into *l (which borrows text).  LS_OK, or
 * LS_ERUNTIME when out of memory (l is then empty). */
int ls_lines_init(ls_lines *l, const char *text);

/* Frees the index; safe on a zeroed or freed one. */
void ls_lines_free(ls_lines *l);

/* The comment documenting line `line` (1-based) of the indexed text: the
 * block of comment lines right above it, then a comment on the line
 * itself, each without its '#' and leading blanks, joined by single
 * spaces.  A new string ("" if there is none; the caller frees it), NULL
 * if out of memory. */
char *ls_source_note_at(const ls_lines *l, int line);

/* As ls_source_note_at, on text not indexed (it is indexed for the call). */
char *ls_source_note(const char *text, int line);

/* The leading comment lines of text, each without its '#' and one space
 * after it, each ending in a newline.  A new string ("" if the file does
 * not start with a comment), NULL if out of memory. */
char *ls_source_head(const char *text);

#endif /* LS_SOURCE_H */
