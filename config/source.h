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

/* The comment documenting line `line` (1-based) of text: the block of
 * comment lines right above it, then a comment on the line itself, each
 * without its '#' and leading blanks, joined by single spaces.  A new
 * string ("" if there is none; the caller frees it), NULL if out of
 * memory. */
char *ls_source_note(const char *text, int line);

/* The leading comment lines of text, each without its '#' and one space
 * after it, each ending in a newline.  A new string ("" if the file does
 * not start with a comment), NULL if out of memory. */
char *ls_source_head(const char *text);

#endif /* LS_SOURCE_H */
