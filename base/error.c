/*
 * error.c - filling and formatting ls_error values.
 *
 * The buffers are fixed-size members of ls_error so that reporting an error
 * never allocates and therefore cannot fail (SQLite's csv.c keeps its error
 * text the same way).  vsnprintf truncates silently, which is what we want
 * for a message buffer.  Formatting escapes control characters (and bytes
 * that are not UTF-8), so an error line is one inert line on any terminal.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t n, const char *src)
{
    if (src == NULL)
        src = "";
    snprintf(dst, n, "%s", src);
}

void ls_error_clear(ls_error *e)
{
    if (e == NULL)
        return;
    e->status = LS_OK;
    e->line = 0;
    e->file[0] = e->path[0] = e->msg[0] = '\0';
}

ls_status ls_error_set(ls_error *e, ls_status status, const char *file,
                       int line, const char *path, const char *fmt, ...)
{
    if (e == NULL)
        return status;
    e->status = status;
    e->line = line;
    copy(e->file, sizeof e->file, file);
    copy(e->path, sizeof e->path, path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return status;
}

ls_status ls_error_oom(ls_error *e)
{
    return ls_error_set(e, LS_ERUNTIME, NULL, 0, NULL, "out of memory");
}

/* The length of the well-formed UTF-8 character at s (1 to 4; no
 * overlongs, no surrogates, nothing above U+10FFFF) with its code point
 * in *cp, or 0 if s does not start one. */
static size_t utf8_char(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0];
    size_t more = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2
                : (c >> 3) == 30 ? 3 : 4;
    if (more == 4 || (more == 1 && c < 0xc2) || c > 0xf4)
        return 0;
    unsigned v = more == 0 ? c : c & (0x3fu >> more);
    for (size_t i = 1; i <= more; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3fu);
    }
    if ((more == 2 && (v < 0x800 || (v >= 0xd800 && v <= 0xdfff))) ||
        (more == 3 && (v < 0x10000 || v > 0x10ffff)))
        return 0;
    *cp = v;
    return more + 1;
}

/* How the character of len bytes at s (code point cp; len 0 for a stray
 * byte) is shown: as itself (returns 0), or escaped into esc. */
static int escaped(const unsigned char *s, size_t len, unsigned cp,
                   char *esc)
{
    if (len == 0) {
        snprintf(esc, LS_ESCAPED_MAX, "\\x%02x", s[0]);
        return 1;
    }
    if (cp < 0x20 || cp == 0x7f) {
        snprintf(esc, LS_ESCAPED_MAX, "\\x%02x", cp);
        return 1;
    }
    if (cp >= 0x80 && cp <= 0x9f) {
        snprintf(esc, LS_ESCAPED_MAX, "\\u%04x", cp);
        return 1;
    }
    return 0;
}

size_t ls_escape(char *dst, size_t n, const char *src, size_t max)
{
    const unsigned char *s = (const unsigned char *)(src ? src : "");
    size_t used = 0, i = 0;
    if (n == 0)
        return 0;
    while (s[i] != '\0' && i < max) {
        unsigned cp = 0;
        size_t len = utf8_char(s + i, &cp);
        char esc[LS_ESCAPED_MAX];
        const char *out = (const char *)s + i;
        size_t k = len;
        if (escaped(s + i, len, cp, esc)) {
            out = esc;
            k = strlen(esc);
        }
        size_t step = len ? len : 1;
        if (used + k >= n || i + step > max)
            break;
        memcpy(dst + used, out, k);
        used += k;
        i += step;
    }
    dst[used] = '\0';
    return i;
}

int ls_control_char(const char *s, char *esc)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; p[i] != '\0';) {
        unsigned cp = 0;
        size_t len = utf8_char(p + i, &cp);
        if (len == 0 && p[i] >= 0x80 && p[i] <= 0x9f)
            return escaped(p + i, 0, 0, esc);
        if (len != 0 && escaped(p + i, len, cp, esc))
            return 1;
        i += len ? len : 1;
    }
    return 0;
}

char *ls_error_format(const ls_error *e, char *buf, size_t n)
{
    if (n == 0)
        return buf;
    buf[0] = '\0';
    size_t used = 0;
    /* Each part escaped, whole characters only, so a cut line is still
     * one line of well-formed text. */
    const char *parts[3] = {e->file, e->path, e->msg};
    for (int i = 0; i < 3; i++) {
        if (parts[i][0] == '\0')
            continue;
        ls_escape(buf + used, n - used, parts[i], (size_t)-1);
        used += strlen(buf + used);
        char sep[16] = "";
        if (i == 0 && e->line > 0)
            snprintf(sep, sizeof sep, ":%d: ", e->line);
        else if (i < 2)
            snprintf(sep, sizeof sep, ": ");
        if (used + strlen(sep) < n) {
            memcpy(buf + used, sep, strlen(sep) + 1);
            used += strlen(sep);
        }
    }
    return buf;
}

_Noreturn void ls_panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("leusden: internal error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}
