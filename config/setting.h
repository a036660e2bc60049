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

#include "../sim/error.h"

/* Writes the dotted path of s ("models.testbed.p", "targets.[2].year") into
 * buf of size n.  Returns buf. */
char *ls_setting_path(const config_setting_t *s, char *buf, size_t n);

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

/* Levenshtein distance between a and b, capped at 255. */
unsigned ls_edit_distance(const char *a, const char *b);

/* The candidate closest to name if it is close enough to be a likely typo,
 * else NULL.  candidates is NULL-terminated. */
const char *ls_suggest(const char *name, const char *const *candidates);

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
 * it before config_destroy).  Absent and not required: *out = def. */
int ls_setting_string(const config_setting_t *group, const char *name,
                      int required, const char *def, const char **out,
                      ls_error *e);

/* A declarative parameter table for models (see models/homes.c). */
typedef enum ls_param_kind {
    LS_PARAM_REAL,  /* double at offset: a fixed number */
    LS_PARAM_INT,   /* long long at offset: a fixed whole number */
    LS_PARAM_DIST   /* ls_param at offset: number, distribution or
                       schedule (config/dist.h); the engine samples it once
                       per path into the double at draw_offset */
} ls_param_kind;

typedef struct ls_param_spec {
    const char *name;    /* setting name; NULL ends a table */
    ls_param_kind kind;
    size_t offset;       /* offsetof(params struct, field) */
    size_t draw_offset;  /* LS_PARAM_DIST: offsetof(draw struct, field) */
    double lo, hi;       /* physical range, inclusive */
    int integer;         /* LS_PARAM_DIST: whole numbers only */
    int once;            /* LS_PARAM_DIST: used once per path (at the
                            start), so a schedule is refused */
    int required;        /* 1: must be present */
    double def;          /* default when absent and not required */
    const char *unit;    /* e.g. "homes/yr" */
    const char *doc;     /* one line */
} ls_param_spec;

/* Spec entries for a parameter `field` of params struct P sampled into the
 * same-named double of draw struct D (models use these; see homes.c). */
#define LS_SPEC_DIST(P, D, field, req, lo_, hi_, def_, unit_, doc_)          \
    {.name = #field, .kind = LS_PARAM_DIST, .offset = offsetof(P, field),    \
     .draw_offset = offsetof(D, field), .lo = (lo_), .hi = (hi_),            \
     .required = (req), .def = (def_), .unit = (unit_), .doc = (doc_)}
#define LS_SPEC_DIST_INT(P, D, field, req, lo_, hi_, def_, unit_, doc_)      \
    {.name = #field, .kind = LS_PARAM_DIST, .offset = offsetof(P, field),    \
     .draw_offset = offsetof(D, field), .lo = (lo_), .hi = (hi_),            \
     .integer = 1, .required = (req), .def = (def_), .unit = (unit_),        \
     .doc = (doc_)}
/* A parameter used once per path, at the start (no schedule). */
#define LS_SPEC_DIST_ONCE(P, D, field, integer_, lo_, hi_, unit_, doc_)       \
    {.name = #field, .kind = LS_PARAM_DIST, .offset = offsetof(P, field),    \
     .draw_offset = offsetof(D, field), .lo = (lo_), .hi = (hi_),            \
     .integer = (integer_), .once = 1, .required = 1, .unit = (unit_),       \
     .doc = (doc_)}
/* A fixed whole number (a year, a switch): long long `field` of P. */
#define LS_SPEC_INT(P, field, req, lo_, hi_, def_, unit_, doc_)              \
    {.name = #field, .kind = LS_PARAM_INT, .offset = offsetof(P, field),     \
     .lo = (lo_), .hi = (hi_), .required = (req), .def = (def_),             \
     .unit = (unit_), .doc = (doc_)}
#define LS_SPEC_END {.name = NULL}

/* Reads every parameter of spec from group into params, after checking that
 * group has no settings other than those in spec, in extra (NULL-
 * terminated, may be NULL) and `type` (which names a model group's type and
 * is read by the scenario loader).  group may be NULL: every parameter is then
 * absent.  (The single readers above accept a NULL group too.) */
int ls_setting_read_params(void *params, const ls_param_spec *spec,
                           const config_setting_t *group,
                           const char *const *extra, ls_error *e);

#endif /* LS_SETTING_H */
