/*
 * error.c - filling and formatting ls_error values.
 *
 * The buffers are fixed-size members of ls_error so that reporting an error
 * never allocates and therefore cannot fail (SQLite's csv.c keeps its error
 * text the same way).  vsnprintf truncates silently, which is what we want
 * for a message buffer.
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

char *ls_error_format(const ls_error *e, char *buf, size_t n)
{
    if (n == 0)
        return buf;
    buf[0] = '\0';
    size_t used = 0;
#define APPEND(...)                                                          \
    do {                                                                     \
        if (used < n) {                                                      \
            int k = snprintf(buf + used, n - used, __VA_ARGS__);             \
            if (k > 0)                                                       \
                used += (size_t)k;                                           \
        }                                                                    \
    } while (0)
    if (e->file[0] != '\0') {
        if (e->line > 0)
            APPEND("%s:%d: ", e->file, e->line);
        else
            APPEND("%s: ", e->file);
    }
    if (e->path[0] != '\0')
        APPEND("%s: ", e->path);
    APPEND("%s", e->msg);
#undef APPEND
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
