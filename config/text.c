/*
 * text.c - reading a scenario's text and preparing it for libconfig
 * (text.h says what and why).
 *
 * Three scanners walk the text, each skipping strings and comments as
 * libconfig's scanner (lib/scanner.l) does: the literal check, the search
 * for @include directives (libconfig's rule: "@include" at the start of a
 * line after blanks only, then blanks and a quoted name in which only \\
 * and \" are escapes), and a tokenizer for the nesting check and the
 * group rewrite.  The rewrite is done only where the tokenizer recognises
 * the group's structure exactly (name, = or :, value, optional ; or ,);
 * anything it does not follow stops all further rewriting and leaves the
 * rest of the text as written, for libconfig to parse (or to report).
 */
/* realpath(3) is an X/Open function. */
#define _XOPEN_SOURCE 700

#include "text.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/limits.h"

_Static_assert(LS_TREE_MAX_NESTING < LS_SETTING_MAX_DEPTH,
               "a setting path must have room for every level of nesting");
_Static_assert(LS_TREE_MAX_BYTES < INT_MAX / 2,
               "line numbers and offsets of a text fit in an int");

/* ------------------------------------------------------------ reading */

/* Reads fp to its end or to one byte past LS_TREE_MAX_BYTES into *buf
 * (NUL-terminated), its length in *len. */
static int read_all(FILE *fp, const char *file, char **buf, size_t *len,
                    ls_error *e)
{
    size_t cap = 0;
    *buf = NULL;
    *len = 0;
    for (;;) {
        if (*len == cap) {
            if (cap > LS_TREE_MAX_BYTES)
                return ls_error_set(e, LS_EINPUT, file, 0, NULL, "is larger "
                                    "than %u bytes (LS_TREE_MAX_BYTES), not "
                                    "a scenario file", LS_TREE_MAX_BYTES);
            cap = cap ? 2 * cap : 65536;
            if (cap > LS_TREE_MAX_BYTES + 1)
                cap = LS_TREE_MAX_BYTES + 1;
            char *grown = realloc(*buf, cap + 1);
            if (grown == NULL)
                return ls_error_oom(e);
            *buf = grown;
        }
        size_t got = fread(*buf + *len, 1, cap - *len, fp);
        *len += got;
        if (got == 0) {
            if (ferror(fp))
                return ls_error_set(e, LS_EINPUT, file, 0, NULL,
                                    "cannot read: %s", strerror(errno));
            break;
        }
    }
    if (*len > LS_TREE_MAX_BYTES)
        return ls_error_set(e, LS_EINPUT, file, 0, NULL, "is larger than %u "
                            "bytes (LS_TREE_MAX_BYTES), not a scenario file",
                            LS_TREE_MAX_BYTES);
    (*buf)[*len] = '\0';
    return LS_OK;
}

int ls_text_read(const char *file, char **text, ls_error *e)
{
    *text = NULL;
    FILE *fp = fopen(file, "rb");
    if (fp == NULL)
        return ls_error_set(e, LS_EINPUT, file, 0, NULL, "cannot open: %s",
                            strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(fp);
        return ls_error_set(e, LS_EINPUT, file, 0, NULL, "is a directory, "
                            "not a scenario file");
    }
    char *buf;
    size_t len;
    int rc = read_all(fp, file, &buf, &len, e);
    fclose(fp);
    if (rc == LS_OK && strlen(buf) != len)
        rc = ls_error_set(e, LS_EINPUT, file, 0, NULL, "contains a NUL "
                          "byte, not a scenario file");
    if (rc != LS_OK) {
        free(buf);
        return rc;
    }
    *text = buf;
    return LS_OK;
}

/* ------------------------------------------------------ integer literals */

/*
 * libconfig 1.5 reads an integer literal without an L suffix as a 32-bit
 * int and wraps one that does not fit (5000000000 becomes 705032704, and
 * 0x100000005 becomes 5), with no error.  We catch that before libconfig
 * sees the text: scan it, skip strings and comments, and reject every
 * integer literal without the suffix outside the 32-bit range, and every
 * literal beyond 64 bits (which libconfig saturates, suffix or not).
 * (libconfig 1.7 promotes such literals itself; the check is then merely
 * redundant.)  Every file is scanned, @include'd ones too.
 */

/* A character of a libconfig setting name: [A-Za-z0-9_*-]. */
static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '*' || c == '-';
}

/* Checks the number that starts at p (a digit; text is NUL-terminated)
 * and sets *next past it. */
static int check_number(const char *text, const char *p, int line,
                        const char *file, const char **next, ls_error *e)
{
    int neg = p > text && p[-1] == '-';
    int hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
    const char *q = p + (hex ? 2 : 0);
    while (hex ? (*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f') ||
                     (*q >= 'A' && *q <= 'F')
               : *q >= '0' && *q <= '9')
        q++;
    if (!hex && (*q == '.' || *q == 'e' || *q == 'E')) { /* a float */
        while ((*q >= '0' && *q <= '9') || *q == '.' || *q == 'e' ||
               *q == 'E' || ((*q == '+' || *q == '-') &&
                             (q[-1] == 'e' || q[-1] == 'E')))
            q++;
        *next = q;
        return LS_OK;
    }
    int n = (int)(q - p), suffixed = *q == 'L';
    *next = q + strspn(q, "L");
    errno = 0;
    int too_wide;
    if (hex) {
        unsigned long long v = strtoull(p, NULL, 16);
        too_wide = errno == ERANGE;
        if (!too_wide && !suffixed && v > INT_MAX)
            return ls_error_set(e, LS_EINPUT, file, line, NULL,
                                "the integer %.*s does not fit in 31 bits, "
                                "and libconfig would silently wrap it; write "
                                "it with an L suffix: %.*sL", n, p, n, p);
    } else {
        const char *d = p + strspn(p, "0"); /* leading zeros do not count */
        if (d == q)
            return LS_OK;
        too_wide = q - d > 19;
        long long v = 0;
        if (!too_wide) {
            char buf[24];
            snprintf(buf, sizeof buf, "%s%.*s", neg ? "-" : "", (int)(q - d),
                     d);
            v = strtoll(buf, NULL, 10);
            too_wide = errno == ERANGE;
        }
        if (!too_wide && !suffixed && (v > INT_MAX || v < INT_MIN))
            return ls_error_set(e, LS_EINPUT, file, line, NULL,
                                "the integer %s%.*s does not fit in 32 bits, "
                                "and libconfig would silently wrap it; write "
                                "it with an L suffix: %s%.*sL", neg ? "-" : "",
                                n, p, neg ? "-" : "", n, p);
    }
    if (too_wide)
        return ls_error_set(e, LS_EINPUT, file, line, NULL, "the integer "
                            "%s%.*s does not fit in 64 bits", neg ? "-" : "",
                            n, p);
    return LS_OK;
}

int ls_text_check_literals(const char *text, const char *file, ls_error *e)
{
    const char *p = text;
    int line = 1;
    while (*p) {
        if (*p == '\n') {
            line++;
            p++;
        } else if (*p == '"') {
            for (p++; *p && *p != '"'; p++) {
                if (*p == '\\' && p[1] != '\0')
                    p++;
                if (*p == '\n')
                    line++;
            }
            p += *p == '"';
        } else if (*p == '#' || (p[0] == '/' && p[1] == '/')) {
            p += strcspn(p, "\n");
        } else if (p[0] == '/' && p[1] == '*') {
            for (p += 2; *p && !(p[0] == '*' && p[1] == '/'); p++)
                line += *p == '\n';
            p += *p ? 2 : 0;
        } else if (name_char(*p) && *p != '-') { /* a name or a number */
            /* A number starts after neither a name nor a '.'; a '-' is a
             * sign unless a name goes before it ("x-5" is a name). */
            const char *before = p > text ? p - 1 : NULL;
            if (before != NULL && *before == '-')
                before = before > text ? before - 1 : NULL;
            int starts = *p >= '0' && *p <= '9' &&
                         !(before != NULL && (name_char(*before) ||
                                              *before == '.'));
            if (starts) {
                int rc = check_number(text, p, line, file, &p, e);
                if (rc != LS_OK)
                    return rc;
            } else {
                while (name_char(*p))
                    p++;
            }
        } else {
            p++;
        }
    }
    return LS_OK;
}

/* ------------------------------------------------------------ @include */

/* An @include directive: its line of the file, where that line starts,
 * the quoted name as written (between the quotes) and the end of the
 * directive (past the closing quote). */
typedef struct directive {
    int line;
    const char *start, *name, *name_end, *end;
} directive;

/* The text being built: the expansion of a file and its @includes, with
 * the count of its newlines, and the map of its lines. */
typedef struct expander {
    const char *top;          /* the scenario file, for size errors */
    char *out;
    size_t len, cap;
    int newlines;
    ls_text_seg *seg;
    size_t n_seg, cap_seg;
    ls_text_file **inc;
    size_t *n_inc;
    char *chain[LS_TREE_MAX_INCLUDES + 1]; /* canonical names, NULL if
                                              unknown, of the files being
                                              expanded */
    size_t depth;
    ls_error *e;
} expander;

/* Appends n bytes at s to the text being built. */
static int put(expander *x, const char *s, size_t n)
{
    if (x->len + n > LS_TREE_MAX_BYTES)
        return ls_error_set(x->e, LS_EINPUT, x->top, 0, NULL, "is larger, "
                            "with the files it @includes, than %u bytes "
                            "(LS_TREE_MAX_BYTES)", LS_TREE_MAX_BYTES);
    if (x->len + n + 1 > x->cap) {
        size_t cap = x->cap ? x->cap : 65536;
        while (cap < x->len + n + 1)
            cap *= 2;
        char *grown = realloc(x->out, cap);
        if (grown == NULL)
            return ls_error_oom(x->e);
        x->out = grown;
        x->cap = cap;
    }
    memcpy(x->out + x->len, s, n);
    x->len += n;
    x->out[x->len] = '\0';
    for (const char *p = s; (p = memchr(p, '\n', n - (size_t)(p - s)));
         p++)
        x->newlines++;
    return LS_OK;
}

/* Starts a segment: the next line of the text is line `line` of file. */
static int segment(expander *x, const char *file, int line)
{
    int from = x->newlines + 1;
    if (x->n_seg > 0 && x->seg[x->n_seg - 1].from == from)
        x->n_seg--; /* the previous one has no line of its own */
    if (x->n_seg == x->cap_seg) {
        size_t cap = x->cap_seg ? 2 * x->cap_seg : 8;
        ls_text_seg *grown = realloc(x->seg, cap * sizeof *grown);
        if (grown == NULL)
            return ls_error_oom(x->e);
        x->seg = grown;
        x->cap_seg = cap;
    }
    x->seg[x->n_seg++] = (ls_text_seg){from, file, line};
    return LS_OK;
}

/* Skips the string that starts at *p (a quote), counting its lines; 1 if
 * it is closed, 0 if the text ends inside it. */
static int skip_string(const char **p, int *line)
{
    const char *s = *p + 1;
    for (; *s && *s != '"'; s++) {
        if (*s == '\\' && s[1] != '\0')
            s++;
        *line += *s == '\n';
    }
    *p = s + (*s == '"');
    return *s == '"';
}

/* Whether an @include directive starts at s, the start of a line; if so,
 * fills d (but for its line). */
static int directive_at(const char *s, directive *d)
{
    const char *q = s + strspn(s, " \t");
    if (strncmp(q, "@include", 8) != 0 || (q[8] != ' ' && q[8] != '\t'))
        return 0;
    q += 8 + strspn(q + 8, " \t");
    if (*q != '"')
        return 0;
    d->start = s;
    d->name = q + 1;
    const char *r = q + 1;
    while (*r && *r != '"')
        r += r[0] == '\\' && r[1] != '\0' ? 2 : 1;
    d->name_end = r;
    d->end = *r ? r + 1 : r;
    return 1;
}

/* Finds the next directive of text at or after *p (on line *line); 1 if
 * there is one (in d, with *p past it), 0 at the end of the text, where
 * *open is the line a string or comment left open starts on (0 if none). */
static int next_include(const char *text, const char **p, int *line,
                        directive *d, int *open)
{
    const char *s = *p;
    *open = 0;
    while (*s) {
        if ((s == text || s[-1] == '\n') && directive_at(s, d)) {
            d->line = *line;
            *p = d->end;
            return 1;
        }
        if (*s == '\n') {
            (*line)++;
            s++;
        } else if (*s == '"') {
            int at = *line;
            if (!skip_string(&s, line))
                *open = at;
        } else if (*s == '#' || (s[0] == '/' && s[1] == '/')) {
            s += strcspn(s, "\n");
        } else if (s[0] == '/' && s[1] == '*') {
            int at = *line;
            for (s += 2; *s && !(s[0] == '*' && s[1] == '/'); s++)
                *line += *s == '\n';
            if (*s == '\0')
                *open = at;
            s += *s ? 2 : 0;
        } else {
            s++;
        }
    }
    *p = s;
    return 0;
}

/* The file name of directive d of file, unescaped, into name (of PATH_MAX
 * bytes): \\ and \" are its only escapes, as in libconfig. */
static int include_name(const directive *d, const char *file, char *name,
                        ls_error *e)
{
    int n = (int)(d->name_end - d->name);
    if (*d->name_end != '"')
        return ls_error_set(e, LS_EINPUT, file, d->line, NULL, "@include: "
                            "the file name has no closing quote");
    size_t k = 0;
    for (const char *s = d->name; s < d->name_end; s++) {
        char c = *s;
        if (c == '\\' && s[1] != '\\' && s[1] != '"')
            return ls_error_set(e, LS_EINPUT, file, d->line, NULL,
                                "@include \"%.*s\": a backslash in the file "
                                "name is written \\\\ (and a quote \\\")", n,
                                d->name);
        if (c == '\\')
            c = *++s;
        if (k + 1 >= PATH_MAX)
            return ls_error_set(e, LS_EINPUT, file, d->line, NULL,
                                "@include: the file name is longer than %d "
                                "bytes (PATH_MAX)", PATH_MAX - 1);
        name[k++] = c;
    }
    name[k] = '\0';
    char esc[LS_ESCAPED_MAX];
    if (k == 0)
        return ls_error_set(e, LS_EINPUT, file, d->line, NULL,
                            "@include \"\": no file name");
    if (ls_control_char(name, esc))
        return ls_error_set(e, LS_EINPUT, file, d->line, NULL,
                            "@include \"%s\": the file name contains the "
                            "control character %s (expected a file name "
                            "without control characters)", name, esc);
    return LS_OK;
}

int ls_text_relative(const char *file, const char *name, char *path)
{
    const char *slash = strrchr(file, '/');
    int n = name[0] == '/' || slash == NULL
                ? snprintf(path, PATH_MAX, "%s", name)
                : snprintf(path, PATH_MAX, "%.*s/%s", (int)(slash - file),
                           file, name);
    return n < 0 || n >= PATH_MAX ? -1 : 0;
}

/* The included file `name` of file: relative to file's directory unless
 * absolute, into path (of PATH_MAX bytes). */
static int include_path(const directive *d, const char *file,
                        const char *name, char *path, ls_error *e)
{
    if (ls_text_relative(file, name, path) != 0)
        return ls_error_set(e, LS_EINPUT, file, d->line, NULL, "@include "
                            "\"%s\": the file name, relative to this file, is "
                            "longer than %d bytes (PATH_MAX)", name,
                            PATH_MAX - 1);
    return LS_OK;
}

static int expand(expander *x, const char *file, const char *text,
                  int included);

/* Reads the file directive d of file names, checks it as a scenario file
 * is checked, keeps it in *x->inc and expands it into the text. */
static int expand_one(expander *x, const char *file, const directive *d,
                      char *name, char *path, char *canon)
{
    ls_error *e = x->e;
    int rc = include_name(d, file, name, e);
    if (rc == LS_OK)
        rc = include_path(d, file, name, path, e);
    if (rc != LS_OK)
        return rc;
    if (*x->n_inc >= LS_TREE_MAX_INCLUDES)
        return ls_error_set(e, LS_EINPUT, file, d->line, NULL, "@include "
                            "\"%s\": more than %d @include directives in one "
                            "scenario (LS_TREE_MAX_INCLUDES)", name,
                            LS_TREE_MAX_INCLUDES);
    int known = realpath(path, canon) != NULL;
    for (size_t i = 0; known && i <= x->depth; i++)
        if (x->chain[i] != NULL && strcmp(x->chain[i], canon) == 0)
            return ls_error_set(e, LS_EINPUT, file, d->line, NULL, "@include "
                                "\"%s\": includes itself (a cycle of "
                                "@include)", name);
    ls_error inner;
    ls_error_clear(&inner);
    char *text = NULL;
    int same = strcmp(path, name) == 0;
    if ((rc = ls_text_read(path, &text, &inner)) != LS_OK)
        return ls_error_set(e, (ls_status)rc, file, d->line, NULL,
                            "@include \"%s\": %s%s%s%s", name, inner.msg,
                            same ? "" : " (", same ? "" : path,
                            same ? "" : ")");
    ls_text_file *grown = realloc(*x->inc, (*x->n_inc + 1) * sizeof *grown);
    char *kept = strdup(path);
    if (grown != NULL)
        *x->inc = grown;
    if (grown == NULL || kept == NULL) {
        free(text);
        free(kept);
        return ls_error_oom(e);
    }
    (*x->inc)[(*x->n_inc)++] = (ls_text_file){kept, text};
    if ((rc = ls_text_check_literals(text, kept, e)) != LS_OK)
        return rc;
    x->chain[++x->depth] = known ? strdup(canon) : NULL;
    rc = known && x->chain[x->depth] == NULL ? (int)ls_error_oom(e)
                                              : expand(x, kept, text, 1);
    free(x->chain[x->depth]);
    x->chain[x->depth--] = NULL;
    return rc;
}

/* Appends text (of file) to the text being built, its @includes expanded
 * in place of their lines: the included text, then on a line of its own
 * whatever followed the directive on its line. */
static int expand(expander *x, const char *file, const char *text,
                  int included)
{
    char *buf = malloc(3 * (size_t)PATH_MAX);
    int rc = buf != NULL ? segment(x, file, 1) : (int)ls_error_oom(x->e);
    const char *p = text, *last = text;
    int line = 1, open = 0;
    directive d;
    while (rc == LS_OK && next_include(text, &p, &line, &d, &open)) {
        if ((rc = put(x, last, (size_t)(d.start - last))) != LS_OK ||
            (rc = expand_one(x, file, &d, buf, buf + PATH_MAX,
                             buf + 2 * PATH_MAX)) != LS_OK)
            break;
        if (x->len > 0 && x->out[x->len - 1] != '\n' &&
            (rc = put(x, "\n", 1)) != LS_OK)
            break;
        const char *rest = d.end + strspn(d.end, " \t");
        if (strncmp(rest, "@include", 8) == 0) {
            rc = ls_error_set(x->e, LS_EINPUT, file, d.line, NULL, "syntax "
                              "error: a second @include on the line (expected "
                              "each @include on a line of its own)");
            break;
        }
        rc = segment(x, file, d.line);
        last = d.end;
    }
    free(buf);
    if (rc == LS_OK)
        rc = put(x, last, strlen(last));
    if (rc == LS_OK && included && open > 0)
        rc = ls_error_set(x->e, LS_EINPUT, file, open, NULL, "ends inside "
                          "the string or comment begun here (an @include'd "
                          "file must close what it opens)");
    return rc;
}

/* ------------------------------------------- nesting and large groups */

enum { T_END, T_NAME, T_SCALAR, T_STR, T_OPEN, T_CLOSE, T_EQ, T_SEMI,
       T_COMMA, T_BAD };

typedef struct token {
    int kind;
    size_t off, len;
    int line;
} token;

typedef struct lexer {
    const char *text;
    size_t p;
    int line;
} lexer;

/* Skips blanks, newlines and comments, as libconfig does. */
static void skip_blank(lexer *l)
{
    const char *s = l->text;
    for (;;) {
        char c = s[l->p];
        if (c == '\n') {
            l->line++;
            l->p++;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
            l->p++;
        } else if (c == '#' || (c == '/' && s[l->p + 1] == '/')) {
            l->p += strcspn(s + l->p, "\n");
        } else if (c == '/' && s[l->p + 1] == '*') {
            size_t q = l->p + 2;
            while (s[q] && !(s[q] == '*' && s[q + 1] == '/'))
                l->line += s[q++] == '\n';
            l->p = s[q] ? q + 2 : q;
        } else {
            return;
        }
    }
}

static int alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The next token: a string, a bracket, = or :, ; or ,, a name, a scalar
 * (any run of a number's characters), or T_BAD for anything else. */
static token lex(lexer *l)
{
    skip_blank(l);
    const char *s = l->text;
    token t = {T_END, l->p, 0, l->line};
    char c = s[l->p];
    size_t q = l->p + 1;
    if (c == '\0')
        return t;
    if (c == '"') {
        const char *p = s + l->p;
        t.kind = skip_string(&p, &l->line) ? T_STR : T_BAD;
        q = (size_t)(p - s);
    } else if (strchr("{[(", c) != NULL) {
        t.kind = T_OPEN;
    } else if (strchr("}])", c) != NULL) {
        t.kind = T_CLOSE;
    } else if (c == '=' || c == ':') {
        t.kind = T_EQ;
    } else if (c == ';' || c == ',') {
        t.kind = c == ';' ? T_SEMI : T_COMMA;
    } else if (alpha(c) || c == '*') {
        t.kind = T_NAME;
        while (name_char(s[q]))
            q++;
    } else if ((c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-') {
        t.kind = T_SCALAR;
        while (alpha(s[q]) || (s[q] >= '0' && s[q] <= '9') || s[q] == '.' ||
               s[q] == '_' || ((s[q] == '+' || s[q] == '-') &&
                               (s[q - 1] == 'e' || s[q - 1] == 'E')))
            q++;
    } else {
        t.kind = T_BAD;
    }
    t.len = q - l->p;
    l->p = q;
    return t;
}

/* A member of a group being read: its name, the = or : after it, the ;
 * or , ending it (SIZE_MAX if none), and the name's line. */
typedef struct member {
    size_t name, len, eq, term;
    int line;
} member;

/* States of a group ('{' or the root, 'R'): a name is next, then = or :,
 * then a value, then (after the value) ; or , or the next name. */
enum { S_NAME, S_EQ, S_VALUE, S_AFTER };

typedef struct frame {
    char kind;       /* 'R', '{', '[' or '(' */
    int state;       /* of a group */
    int after_str;   /* S_AFTER a string: another one joins it */
    size_t ordinal;  /* of its bracket among all brackets */
    size_t open;     /* offset of its bracket */
    size_t base;     /* its first member in the members read */
} frame;

/* The groups being read and their members. */
typedef struct reader {
    char *text;
    frame st[LS_TREE_MAX_NESTING + 1];
    size_t depth;    /* st[0] is the root */
    member *m;
    size_t n_m, cap_m;
    int lost;        /* 1 once the structure is not followed */
    ls_text *out;
} reader;

static int add_member(reader *r, const token *t)
{
    if (r->n_m == r->cap_m) {
        size_t cap = r->cap_m ? 2 * r->cap_m : 64;
        member *grown = realloc(r->m, cap * sizeof *grown);
        if (grown == NULL)
            return -1;
        r->m = grown;
        r->cap_m = cap;
    }
    r->m[r->n_m++] = (member){t->off, t->len, 0, SIZE_MAX, t->line};
    return 0;
}

/* Rewrites the group of frame f, closed by the bracket at `close`, as a
 * list of its values, and records its names. */
static int rewrite(reader *r, const frame *f, size_t close)
{
    size_t n = r->n_m - f->base;
    ls_text_group g = {f->ordinal, n, calloc(n, sizeof(char *)),
                       calloc(n, sizeof(int))};
    ls_text_group *grown = realloc(r->out->group,
                                   (r->out->n_group + 1) * sizeof *grown);
    if (grown != NULL)
        r->out->group = grown;
    for (size_t i = 0; g.names != NULL && g.lines != NULL && i < n; i++) {
        const member *m = &r->m[f->base + i];
        if ((g.names[i] = strndup(r->text + m->name, m->len)) == NULL)
            break;
        g.lines[i] = m->line;
    }
    if (grown == NULL || g.names == NULL || g.lines == NULL ||
        (n > 0 && g.names[n - 1] == NULL)) {
        for (size_t i = 0; g.names != NULL && i < n; i++)
            free(g.names[i]);
        free(g.names);
        free(g.lines);
        return -1;
    }
    r->out->group[r->out->n_group++] = g;
    r->text[f->open] = '(';
    r->text[close] = ')';
    for (size_t i = 0; i < n; i++) {
        const member *m = &r->m[f->base + i];
        memset(r->text + m->name, ' ', m->len);
        r->text[m->eq] = ' ';
        if (i > 0)
            r->text[m->name] = ',';
        if (m->term != SIZE_MAX)
            r->text[m->term] = ' ';
    }
    return 0;
}

/* Closes the innermost frame at bracket token t. */
static int close_frame(reader *r, const token *t)
{
    frame *f = &r->st[r->depth];
    char c = r->text[t->off];
    char want = f->kind == '{' ? '}' : f->kind == '[' ? ']' : ')';
    if (f->kind == 'R' || c != want ||
        (f->kind == '{' && f->state != S_NAME && f->state != S_AFTER)) {
        r->lost = 1;
        return 0;
    }
    if (f->kind == '{' && r->n_m - f->base >= LS_TEXT_LIST_MEMBERS &&
        rewrite(r, f, t->off) != 0)
        return -1;
    r->n_m = f->base;
    r->depth--;
    frame *up = &r->st[r->depth];
    if (up->kind == 'R' || up->kind == '{') {
        up->state = S_AFTER;
        up->after_str = 0;
    }
    return 0;
}

/* Follows token t (not a bracket) in group f. */
static int in_group(reader *r, frame *f, const token *t)
{
    int s = f->state;
    if (t->kind == T_NAME && (s == S_NAME || s == S_AFTER)) {
        f->state = S_EQ;
        return add_member(r, t);
    }
    if (t->kind == T_EQ && s == S_EQ) {
        r->m[r->n_m - 1].eq = t->off;
        f->state = S_VALUE;
    } else if ((t->kind == T_NAME || t->kind == T_SCALAR ||
                t->kind == T_STR) && s == S_VALUE) {
        f->state = S_AFTER;
        f->after_str = t->kind == T_STR;
    } else if (t->kind == T_STR && s == S_AFTER && f->after_str) {
        /* "a" "b": one string */
    } else if ((t->kind == T_SEMI || t->kind == T_COMMA) && s == S_AFTER) {
        r->m[r->n_m - 1].term = t->off;
        f->state = S_NAME;
    } else {
        r->lost = 1;
    }
    return 0;
}

/* Follows token t; -1 if out of memory. */
static int follow(reader *r, const token *t, size_t ordinal)
{
    frame *f = &r->st[r->depth];
    int group = f->kind == 'R' || f->kind == '{';
    if (t->kind == T_CLOSE)
        return close_frame(r, t);
    if (t->kind == T_OPEN) {
        if (group && f->state != S_VALUE) {
            r->lost = 1;
            return 0;
        }
        r->st[++r->depth] = (frame){r->text[t->off], S_NAME, 0, ordinal,
                                    t->off, r->n_m};
        return 0;
    }
    if (t->kind == T_BAD) {
        r->lost = 1;
        return 0;
    }
    return group ? in_group(r, f, t) : 0;
}

static int by_ordinal(const void *a, const void *b)
{
    const ls_text_group *x = a, *y = b;
    return (x->ordinal > y->ordinal) - (x->ordinal < y->ordinal);
}

/* Checks the nesting of text and, if rewrite is set, rewrites its large
 * groups into out; map (may be NULL: file) positions errors. */
static int structure(char *text, const char *file, int rewrite_groups,
                     ls_text *out, ls_error *e)
{
    reader r = {.text = text, .lost = !rewrite_groups, .out = out};
    r.st[0] = (frame){'R', S_NAME, 0, 0, 0, 0};
    lexer l = {text, 0, 1};
    size_t ordinal = 0, depth = 0;
    int rc = LS_OK;
    for (token t = lex(&l); t.kind != T_END && rc == LS_OK; t = lex(&l)) {
        if (t.kind == T_OPEN && depth == LS_TREE_MAX_NESTING) {
            const char *f = file;
            int at = t.line;
            if (out != NULL && out->n_seg > 0)
                ls_text_where(out, t.line, &f, &at);
            rc = ls_error_set(e, LS_EINPUT, f, at, NULL, "nesting deeper than "
                              "%d levels of { }, ( ) and [ ] "
                              "(LS_TREE_MAX_NESTING)", LS_TREE_MAX_NESTING);
            break;
        }
        if (!r.lost && follow(&r, &t, ordinal) != 0)
            rc = ls_error_oom(e);
        ordinal += t.kind == T_OPEN;
        depth += t.kind == T_OPEN;
        depth -= t.kind == T_CLOSE && depth > 0;
    }
    free(r.m);
    if (rc == LS_OK && out != NULL && out->n_group > 1)
        qsort(out->group, out->n_group, sizeof *out->group, by_ordinal);
    return rc;
}

int ls_text_check_nesting(const char *text, const char *file, ls_error *e)
{
    return structure((char *)(uintptr_t)text, file, 0, NULL, e);
}

/* ------------------------------------------------------------ the text */

int ls_text_prepare(const char *file, const char *text, ls_text_file **inc,
                    size_t *n_inc, ls_text *out, ls_error *e)
{
    memset(out, 0, sizeof *out);
    expander x = {.top = file, .inc = inc, .n_inc = n_inc, .e = e};
    char canon[PATH_MAX];
    int known = realpath(file, canon) != NULL;
    x.chain[0] = known ? strdup(canon) : NULL;
    int rc = known && x.chain[0] == NULL
                 ? (int)ls_error_oom(e)
                 : ls_text_check_literals(text, file, e);
    if (rc == LS_OK)
        rc = expand(&x, file, text, 0);
    free(x.chain[0]);
    out->text = x.out;
    out->seg = x.seg;
    out->n_seg = x.n_seg;
    if (rc == LS_OK)
        rc = structure(out->text, file, 1, out, e);
    if (rc != LS_OK)
        ls_text_free(out);
    return rc;
}

void ls_text_where(const ls_text *x, int line, const char **file, int *at)
{
    size_t lo = 0, hi = x->n_seg;
    while (hi - lo > 1) { /* the last segment starting at or before line */
        size_t mid = lo + (hi - lo) / 2;
        if (x->seg[mid].from <= line)
            lo = mid;
        else
            hi = mid;
    }
    if (x->n_seg == 0 || line <= 0) {
        *file = x->n_seg > 0 ? x->seg[0].file : NULL;
        *at = line;
        return;
    }
    *file = x->seg[lo].file;
    *at = x->seg[lo].line + (line - x->seg[lo].from);
}

void ls_text_free(ls_text *x)
{
    for (size_t g = 0; g < x->n_group; g++) {
        for (size_t i = 0; x->group[g].names != NULL && i < x->group[g].n;
             i++)
            free(x->group[g].names[i]);
        free(x->group[g].names);
        free(x->group[g].lines);
    }
    free(x->group);
    free(x->seg);
    free(x->text);
    memset(x, 0, sizeof *x);
}

void ls_text_files_free(ls_text_file *inc, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(inc[i].name);
        free(inc[i].text);
    }
    free(inc);
}
