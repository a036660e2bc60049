/*
 * error.h - error values with a position.
 *
 * Library code never exits and never prints: a function that can fail
 * returns an ls_status and fills a caller-supplied ls_error with the file,
 * line and setting path the problem belongs to.  Only main() turns a status
 * into an exit code, and the numeric values are chosen so that it can do so
 * directly (0 success, 1 runtime failure, 2 bad input).
 */
#ifndef LS_ERROR_H
#define LS_ERROR_H

#include <stddef.h>

#include "limits.h"

typedef enum ls_status {
    LS_OK = 0,       /* success */
    LS_ERUNTIME = 1, /* runtime failure: out of memory, I/O error */
    LS_EINPUT = 2    /* bad input: scenario file, option, setting */
} ls_status;

typedef struct ls_error {
    ls_status status;                /* what kind of failure */
    int line;                        /* line in file, 0 if unknown */
    char file[LS_ERROR_FILE_MAX];    /* file name, "" if none */
    char path[LS_ERROR_PATH_MAX];    /* setting path, "" if none */
    char msg[LS_ERROR_MSG_MAX];      /* what is wrong (what was expected) */
} ls_error;

/* Clears *e (status LS_OK, empty strings).  e may be NULL. */
void ls_error_clear(ls_error *e);

/*
 * Fills *e and returns status, so a caller can write
 *   return ls_error_set(e, LS_EINPUT, file, line, path, "...", ...);
 * Every error of the program is made here (ls_setting_error, ls_error_oom
 * and ls_check_fail's callers end here too), so this function is the one
 * place to break on.  A GSL_ERROR-style macro around it was tried and
 * dropped: it hid the return, and nothing used it.
 * file and path may be NULL.  Strings are truncated to fit; the call cannot
 * fail.  e may be NULL, in which case only status is returned.
 */
ls_status ls_error_set(ls_error *e, ls_status status, const char *file,
                       int line, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/*
 * Writes "file:line: path: msg" (omitting empty parts) into buf of size n,
 * always NUL-terminated, every part escaped as ls_escape does: no error
 * line ever carries a control character, whatever the file name (from the
 * command line) or a value quoted in the message (from a scenario file).
 * Returns buf.
 */
char *ls_error_format(const ls_error *e, char *buf, size_t n);

/*
 * Text echoed to a terminal, on one line and inert: copies at most max
 * bytes of src into dst (of size n, NUL-terminated when n > 0), whole
 * characters only, with every C0 control (below 0x20) and DEL written
 * \xHH, every C1 control (U+0080 to U+009F, in UTF-8) \u00HH, and every
 * byte that is not part of well-formed UTF-8 \xHH.  Everything else,
 * backslashes included, is copied as is, so text without such characters
 * comes out unchanged.  Returns the number of bytes of src copied, less
 * than strlen(src) when max or n cut it short.
 */
size_t ls_escape(char *dst, size_t n, const char *src, size_t max);

/*
 * If s holds a control character - a C0 control, DEL, a C1 control in
 * UTF-8, or a stray byte 0x80 to 0x9f (a C1 control to a Latin-1
 * terminal) - writes the first one as ls_escape shows it ("\x1b",
 * "\u009b") into esc (of LS_ESCAPED_MAX bytes) and returns 1; else 0.
 */
#define LS_ESCAPED_MAX 8
int ls_control_char(const char *s, char *esc);

/* Fills *e with "out of memory" (LS_ERUNTIME) and returns LS_ERUNTIME. */
ls_status ls_error_oom(ls_error *e);

/* Prints "leusden: <formatted error>" to stderr and aborts.  For broken
 * invariants inside the program (a bug), never for bad input. */
_Noreturn void ls_panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif /* LS_ERROR_H */
