/*
 * setting.c - typed, range-checked reading of libconfig settings.
 *
 * libconfig tells us each setting's line and file; we add the dotted path
 * by walking the parents, so messages read
 *   scenarios/x.cfg:12: models.testbed.p: 1.5 is out of range (expected 0 to 1)
 * Unknown names get a "did you mean" from base/suggest.c.
 */
#include "setting.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes the path of s into buf (n bytes) after the path of its parents
 * if that was written whole (*whole), and returns the length of the
 * whole path.  A path has as many parts as s is deep: no cap. */
static size_t path_of(const config_setting_t *s, char *buf, size_t n,
                      int *whole)
{
    if (s == NULL || config_setting_is_root(s))
        return 0;
    size_t len = path_of(config_setting_parent(s), buf, n, whole);
    char index[32];
    const char *name = config_setting_name(s);
    if (name == NULL) {
        snprintf(index, sizeof index, "[%d]", config_setting_index(s));
        name = index;
    }
    size_t k = (len > 0) + strlen(name);
    if (*whole && len + k < n) {
        if (len > 0)
            buf[len] = '.';
        memcpy(buf + len + (len > 0), name, strlen(name) + 1);
    } else {
        *whole = 0;
    }
    return len + k;
}

char *ls_setting_path(const config_setting_t *s, char *buf, size_t n)
{
    int whole = 1;
    if (n == 0)
        return buf;
    buf[0] = '\0';
    path_of(s, buf, n, &whole);
    return buf;
}

char *ls_setting_path_dup(const config_setting_t *s)
{
    int whole = 0;
    size_t len = path_of(s, NULL, 0, &whole);
    char *buf = malloc(len + 1);
    if (buf != NULL)
        ls_setting_path(s, buf, len + 1);
    return buf;
}

static ls_status verror(ls_error *e, const config_setting_t *at,
                        const char *child, const char *fmt, va_list ap)
{
    char path[LS_ERROR_PATH_MAX] = "";
    char msg[LS_ERROR_MSG_MAX];
    /* A child that exists is a better position than its group. */
    if (at != NULL && child != NULL &&
        config_setting_type(at) == CONFIG_TYPE_GROUP &&
        config_setting_get_member(at, child) != NULL) {
        at = config_setting_get_member(at, child);
        child = NULL;
    }
    if (at != NULL)
        ls_setting_path(at, path, sizeof path);
    if (child != NULL) {
        size_t len = strlen(path);
        snprintf(path + len, sizeof path - len, "%s%s", len ? "." : "",
                 child);
    }
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (at == NULL)
        return ls_error_set(e, LS_EINPUT, NULL, 0, path, "%s", msg);
    const char *file = config_setting_source_file(at);
    return ls_error_set(e, LS_EINPUT, file, (int)config_setting_source_line(at),
                        path, "%s", msg);
}

ls_status ls_setting_error(ls_error *e, const config_setting_t *at,
                           const char *child, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ls_status st = verror(e, at, child, fmt, ap);
    va_end(ap);
    return st;
}

static int is_known(const char *name, const char *const *known)
{
    for (size_t i = 0; known != NULL && known[i] != NULL; i++)
        if (strcmp(name, known[i]) == 0)
            return 1;
    return 0;
}

/* The child `name` of group, or NULL (also when group is NULL, which the
 * readers below treat as an empty group). */
static const config_setting_t *member(const config_setting_t *group,
                                      const char *name)
{
    return group == NULL ? NULL : config_setting_get_member(group, name);
}

int ls_setting_check_known(const config_setting_t *group,
                           const char *const *known, ls_error *e)
{
    if (group == NULL)
        return LS_OK;
    int n = config_setting_length(group);
    for (int i = 0; i < n; i++) {
        const config_setting_t *c = config_setting_get_elem(group, (unsigned)i);
        const char *name = config_setting_name(c);
        if (name == NULL || is_known(name, known))
            continue;
        const char *hint = ls_suggest(name, known);
        char expected[LS_ERROR_MSG_MAX / 2];
        size_t used = 0;
        expected[0] = '\0';
        for (size_t k = 0; known != NULL && known[k] != NULL; k++) {
            int w = snprintf(expected + used, sizeof expected - used, "%s%s",
                             k ? ", " : "", known[k]);
            if (w < 0 || (size_t)w >= sizeof expected - used)
                break;
            used += (size_t)w;
        }
        if (hint != NULL)
            return ls_setting_error(e, c, NULL,
                                    "unknown setting '%s' (did you mean '%s'?)",
                                    name, hint);
        return ls_setting_error(e, c, NULL,
                                "unknown setting '%s' (expected one of: %s)",
                                name, expected);
    }
    return LS_OK;
}

const char *ls_setting_type_name(int type)
{
    switch (type) {
    case CONFIG_TYPE_GROUP: return "a group { ... }";
    case CONFIG_TYPE_INT: return "an integer";
    case CONFIG_TYPE_INT64: return "an integer";
    case CONFIG_TYPE_FLOAT: return "a number";
    case CONFIG_TYPE_STRING: return "a string";
    case CONFIG_TYPE_BOOL: return "a boolean";
    case CONFIG_TYPE_ARRAY: return "an array [ ... ]";
    case CONFIG_TYPE_LIST: return "a list ( ... )";
    default: return "an unknown type";
    }
}

int ls_setting_type_error(ls_error *e, const config_setting_t *s,
                          const char *expected)
{
    int type = config_setting_type(s);
    if (type == CONFIG_TYPE_FLOAT && strstr(expected, "integer") != NULL)
        return ls_setting_error(e, s, NULL, "%.17g is not a whole number "
                                "(expected %s)", config_setting_get_float(s),
                                expected);
    if (type != CONFIG_TYPE_STRING)
        return ls_setting_error(e, s, NULL, "is %s (expected %s)",
                                ls_setting_type_name(type), expected);
    const char *text = config_setting_get_string(s);
    /* "0,5" or "1.234,5": a number written with a decimal comma */
    char fixed[64];
    size_t n = strlen(text);
    const char *comma = strrchr(text, ',');
    if (comma != NULL && n < sizeof fixed && strstr(expected, "number")) {
        size_t k = 0;
        for (const char *c = text; *c; c++)
            if (c == comma)
                fixed[k++] = '.';
            else if (*c != '.')
                fixed[k++] = *c;
        fixed[k] = '\0';
        char *end;
        strtod(fixed, &end);
        if (end != fixed && *end == '\0')
            return ls_setting_error(e, s, NULL, "is the string \"%s\" "
                                    "(expected %s; write decimals with a "
                                    "point: %s)", text,
                                    expected, fixed);
    }
    /* Shown on one line, control characters escaped (base/error.h). */
    char shown[80 * LS_ESCAPED_MAX + 1];
    size_t k = ls_escape(shown, sizeof shown, text, 80);
    return ls_setting_error(e, s, NULL, "is the string \"%s\"%s (expected "
                            "%s)", shown, k < n ? "..." : "", expected);
}

int ls_setting_want_group(const config_setting_t *s, ls_error *e)
{
    if (config_setting_type(s) != CONFIG_TYPE_GROUP)
        return ls_setting_type_error(e, s, "a group { ... }");
    return LS_OK;
}

int ls_setting_real(const config_setting_t *group, const char *name,
                    double lo, double hi, int required, double def,
                    double *out, ls_error *e)
{
    const config_setting_t *s = member(group, name);
    if (s == NULL) {
        if (required)
            return ls_setting_error(e, group, name,
                                    "missing (expected a number from %g to %g)",
                                    lo, hi);
        *out = def;
        return LS_OK;
    }
    double v;
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        v = (double)config_setting_get_int64(s);
        break;
    case CONFIG_TYPE_FLOAT:
        v = config_setting_get_float(s);
        break;
    default:
        return ls_setting_type_error(e, s, "a number");
    }
    if (!isfinite(v) || v < lo || v > hi)
        return ls_setting_error(e, s, NULL,
                                "%g is out of range (expected %g to %g)", v,
                                lo, hi);
    *out = v;
    return LS_OK;
}

int ls_setting_int(const config_setting_t *group, const char *name,
                   long long lo, long long hi, int required, long long def,
                   long long *out, ls_error *e)
{
    const config_setting_t *s = member(group, name);
    if (s == NULL) {
        if (required)
            return ls_setting_error(
                e, group, name, "missing (expected an integer from %lld to %lld)",
                lo, hi);
        *out = def;
        return LS_OK;
    }
    int type = config_setting_type(s);
    if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64)
        return ls_setting_type_error(e, s, "an integer");
    long long v = config_setting_get_int64(s);
    if (v < lo || v > hi)
        return ls_setting_error(e, s, NULL,
                                "%lld is out of range (expected %lld to %lld)",
                                v, lo, hi);
    *out = v;
    return LS_OK;
}

/* 1 if s is well-formed UTF-8 (no overlongs, no surrogates). */
static int utf8_ok(const unsigned char *s)
{
    while (*s) {
        unsigned c = *s++;
        int more = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2
                 : (c >> 3) == 30 ? 3 : -1;
        if (more < 0 || (more == 1 && c < 0xc2) || c > 0xf4)
            return 0;
        unsigned cp = more == 0 ? c : c & (0x3f >> more);
        for (int i = 0; i < more; i++, s++) {
            if ((*s & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (*s & 0x3f);
        }
        if ((more == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (more == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return 0;
    }
    return 1;
}

int ls_setting_string(const config_setting_t *group, const char *name,
                      int required, const char *def, const char **out,
                      ls_error *e)
{
    const config_setting_t *s = member(group, name);
    if (s == NULL) {
        if (required)
            return ls_setting_error(e, group, name,
                                    "missing (expected a string)");
        *out = def;
        return LS_OK;
    }
    if (config_setting_type(s) != CONFIG_TYPE_STRING)
        return ls_setting_type_error(e, s, "a string");
    *out = config_setting_get_string(s);
    char esc[LS_ESCAPED_MAX];
    if (!utf8_ok((const unsigned char *)*out))
        return ls_setting_error(e, s, NULL, "is not valid UTF-8 (expected "
                                "text in UTF-8)");
    if (ls_control_char(*out, esc))
        return ls_setting_error(e, s, NULL, "contains the control character "
                                "%s (expected text without control "
                                "characters)", esc);
    return LS_OK;
}
