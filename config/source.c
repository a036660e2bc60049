/*
 * source.c - comments next to settings, taken from the text as parsed.
 *
 * Both extractions walk the text line by line (a line ends at '\n' or at
 * the end of the text); a comment line is one whose first non-blank
 * character is '#'.  A '#' inside a string on a value's line would be
 * taken for a comment: the scenario files keep source comments outside
 * strings, and nothing here changes what a value is.
 */
#include "source.h"

#include <stdlib.h>
#include <string.h>

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Start of line `line` (1-based) of text, or NULL if it has fewer. */
static const char *line_start(const char *text, int line)
{
    const char *p = text;
    for (int i = 1; i < line; i++) {
        p = strchr(p, '\n');
        if (p == NULL)
            return NULL;
        p++;
    }
    return p;
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

char *ls_source_note(const char *text, int line)
{
    const char *at = line > 0 ? line_start(text, line) : NULL;
    if (at == NULL)
        return strdup("");
    /* Room for every line above and this one: the note is shorter. */
    char *buf = malloc((size_t)(at - text) + line_len(at) + 1);
    if (buf == NULL)
        return NULL;
    size_t used = 0;
    buf[0] = '\0';
    int first = line;
    while (first > 1 && is_comment(line_start(text, first - 1)))
        first--;
    for (int i = first; i < line; i++) {
        const char *p = line_start(text, i);
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
