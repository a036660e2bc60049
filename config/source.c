/*
 * source.c - comments next to settings, taken from the text as parsed.
 *
 * Both extractions walk the text line by line (a line ends at '\n' or at
 * the end of the text); a comment line is one whose first non-blank
 * character is '#'.  A '#' inside a string on a value's line would be
 * taken for a comment: the scenario files keep source comments outside
 * strings, and nothing here changes what a value is.  Lines are found
 * through an index of their starts (ls_lines), built once per file.
 */
#include "source.h"

#include <stdlib.h>
#include <string.h>

#include "../base/error.h"

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

int ls_lines_init(ls_lines *l, const char *text)
{
    size_t n = 1;
    for (const char *p = text; (p = strchr(p, '\n')) != NULL; p++)
        n++;
    l->text = text;
    l->n = 0;
    l->start = malloc(n * sizeof *l->start);
    if (l->start == NULL)
        return LS_ERUNTIME;
    l->start[l->n++] = 0;
    for (const char *p = text; (p = strchr(p, '\n')) != NULL; p++)
        l->start[l->n++] = (uint32_t)(p + 1 - text);
    return LS_OK;
}

void ls_lines_free(ls_lines *l)
{
    free(l->start);
    memset(l, 0, sizeof *l);
}

/* Start of line `line` (1-based) of l's text, or NULL if it has fewer. */
static const char *line_start(const ls_lines *l, int line)
{
    if (line < 1 || (size_t)line > l->n)
        return NULL;
    return l->text + l->start[line - 1];
}

static size_t line_len(const char *p)
{
    return strcspn(p, "\n");
}

static int is_comment(const char *p)
{
    return *skip_space(p) == '#';
}

/* Appends the n bytes at s to the string being built at *buf. */
static void append(char *buf, size_t *used, const char *s, size_t n)
{
    memcpy(buf + *used, s, n);
    *used += n;
    buf[*used] = '\0';
}

char *ls_source_note_at(const ls_lines *l, int line)
{
    const char *at = line > 0 ? line_start(l, line) : NULL;
    if (at == NULL)
        return strdup("");
    int first = line;
    while (first > 1 && is_comment(line_start(l, first - 1)))
        first--;
    /* Room for the lines from first to this one: the note is shorter. */
    const char *from = line_start(l, first);
    char *buf = malloc((size_t)(at - from) + line_len(at) + 1);
    if (buf == NULL)
        return NULL;
    size_t used = 0;
    buf[0] = '\0';
    for (int i = first; i < line; i++) {
        const char *p = line_start(l, i);
        const char *c = skip_space(skip_space(p) + 1);
        size_t n = line_len(p) - (size_t)(c - p);
        if (used > 0)
            append(buf, &used, " ", 1);
        append(buf, &used, c, n);
    }
    const char *hash = memchr(at, '#', line_len(at));
    if (hash != NULL) {
        const char *c = skip_space(hash + 1);
        if (used > 0)
            append(buf, &used, " ", 1);
        append(buf, &used, c, line_len(at) - (size_t)(c - at));
    }
    return buf;
}

char *ls_source_note(const char *text, int line)
{
    ls_lines l;
    if (ls_lines_init(&l, text) != LS_OK)
        return NULL;
    char *note = ls_source_note_at(&l, line);
    ls_lines_free(&l);
    return note;
}

char *ls_source_head(const char *text)
{
    char *buf = malloc(strlen(text) + 1);
    if (buf == NULL)
        return NULL;
    size_t used = 0;
    buf[0] = '\0';
    for (const char *p = text; *p != '\0' && is_comment(p);) {
        const char *c = skip_space(p) + 1;
        if (*c == ' ')
            c++;
        size_t n = line_len(p) - (size_t)(c - p);
        append(buf, &used, c, n);
        append(buf, &used, "\n", 1);
        p += line_len(p);
        if (*p == '\n')
            p++;
    }
    return buf;
}
