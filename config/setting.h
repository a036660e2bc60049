/*
 * setting.h - typed, range-checked reading of libconfig settings.
 *
 * Every scenario value goes through these helpers, so every error names the
 * file, the line and the full setting path, and says what was expected.
 * Integers are accepted where a real is expected (libconfig 1.5 would
 * otherwise reject "p = 2;" for a float).  Unknown settings are errors with
 * a "did you mean" suggestion.
 */
#ifndef LS_SETTING_H
#define LS_SETTING_H

#include <stddef.h>

#include <libconfig.h>

#include "../base/error.h"
#include "../base/suggest.h"

/* Writes the dotted path of s ("models.testbed.p", "targets.[2].year") into
 * buf of size n, as many whole parts as fit (an error message cuts it to
 * LS_ERROR_PATH_MAX).  Returns buf. */
char *ls_setting_path(const config_setting_t *s, char *buf, size_t n);

/* The whole dotted path of s, a new string (the caller frees it); NULL if
 * out of memory. */
char *ls_setting_path_dup(const config_setting_t *s);

/* Fills *e with an LS_EINPUT error positioned at setting `at`, or, when
 * child is not NULL, at its member `child` (at the group, with the child's
 * name appended to the path, if there is no such member). */
ls_status ls_setting_error(ls_error *e, const config_setting_t *at,
                           const char *child, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "an integer", "a string", ... for a libconfig CONFIG_TYPE_*. */
const char *ls_setting_type_name(int type);

/*
 * Sets e to "setting s is of the wrong type" and returns LS_EINPUT; the
 * message ends "(expected <expected>)".  It shows what was found: a number
 * where an integer was expected is "2024.5 is not a whole number"; a string
 * is quoted, and a string that is a number with a decimal comma ("0,5")
 * gets the hint to write a decimal point.
 */
int ls_setting_type_error(ls_error *e, const config_setting_t *s,
                          const char *expected);

/* Checks that every child of group is named in known (NULL-terminated).
 * Returns LS_OK or LS_EINPUT ("unknown setting 'x' (did you mean 'y'?)"). */
int ls_setting_check_known(const config_setting_t *group,
                           const char *const *known, ls_error *e);

/* Requires group to be a group; otherwise LS_EINPUT at it. */
int ls_setting_want_group(const config_setting_t *s, ls_error *e);

/*
 * Reads child `name` of group as a real in [lo, hi].  If it is absent:
 * with required != 0 an error, else *out = def.  Accepts integer settings.
 */
int ls_setting_real(const config_setting_t *group, const char *name,
                    double lo, double hi, int required, double def,
                    double *out, ls_error *e);

/* As ls_setting_real for an integer in [lo, hi] (64-bit). */
int ls_setting_int(const config_setting_t *group, const char *name,
                   long long lo, long long hi, int required, long long def,
                   long long *out, ls_error *e);

/* Reads child `name` as a string; *out points into libconfig's memory (copy
 * it before config_destroy).  Absent and not required: *out = def.  The
 * string must be UTF-8 without control characters (ls_control_char):
 * every string of a scenario reaches a terminal or a file sooner or
 * later, and one must not retitle the terminal or fake an error line. */
int ls_setting_string(const config_setting_t *group, const char *name,
                      int required, const char *def, const char **out,
                      ls_error *e);

#endif /* LS_SETTING_H */
