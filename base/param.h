/*
 * param.h - a model's parameters as a table.
 *
 * A model declares its parameters once, as a NULL-terminated array of
 * ls_param_spec (name, kind, physical range, unit, meaning in English,
 * label and meaning in Dutch, where the value lives in the model's params
 * and draw structs).  One generic reader in config/ fills the params
 * struct from a scenario file and range-checks every value against the
 * table; the engine samples every LS_PARAM_DIST entry once per path;
 * --help, `check`, the JSON and the report describe parameters from the
 * same table.  A model therefore never sees how its values were written.
 */
#ifndef LS_PARAM_H
#define LS_PARAM_H

#include <stddef.h>

/* A declarative parameter table for models (see models/homes.c). */
typedef enum ls_param_kind {
    LS_PARAM_REAL,  /* double at offset: a fixed number */
    LS_PARAM_INT,   /* long long at offset: a fixed whole number */
    LS_PARAM_DIST   /* ls_param at offset: number, distribution or
                       schedule (base/dist.h); the engine samples it once
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
    const char *doc;     /* one line: what the parameter means, in English
                            (the command line: --help, `check`) */
    const char *label;   /* a short Dutch name for people, for the report
                            ("Spreiding zonne-opbrengst"): a capital
                            first, no code name, no unit, at most ~45
                            characters; every table entry has one
                            (tests/test_models.c checks) */
    const char *doc_nl;  /* what the parameter means, in Dutch, for the
                            report: one line, like doc ("standaardafwijking
                            van de jaarlijkse zonne-opbrengst rond een
                            normaal jaar"); every entry has one */
} ls_param_spec;

/* Spec entries for a parameter `field` of params struct P sampled into the
 * same-named double of draw struct D (models use these; see homes.c).
 * Every one ends with the English doc, the Dutch label and the Dutch
 * doc_nl. */
#define LS_SPEC_DIST(P, D, field, req, lo_, hi_, def_, unit_, doc_, label_,  \
                     doc_nl_)                                                \
    {.name = #field, .kind = LS_PARAM_DIST, .offset = offsetof(P, field),    \
     .draw_offset = offsetof(D, field), .lo = (lo_), .hi = (hi_),            \
     .required = (req), .def = (def_), .unit = (unit_), .doc = (doc_),       \
     .label = (label_), .doc_nl = (doc_nl_)}
#define LS_SPEC_DIST_INT(P, D, field, req, lo_, hi_, def_, unit_, doc_,      \
                         label_, doc_nl_)                                    \
    {.name = #field, .kind = LS_PARAM_DIST, .offset = offsetof(P, field),    \
     .draw_offset = offsetof(D, field), .lo = (lo_), .hi = (hi_),            \
     .integer = 1, .required = (req), .def = (def_), .unit = (unit_),        \
     .doc = (doc_), .label = (label_), .doc_nl = (doc_nl_)}
/* A parameter used once per path, at the start (no schedule). */
#define LS_SPEC_DIST_ONCE(P, D, field, integer_, lo_, hi_, unit_, doc_,       \
                          label_, doc_nl_)                                    \
    {.name = #field, .kind = LS_PARAM_DIST, .offset = offsetof(P, field),    \
     .draw_offset = offsetof(D, field), .lo = (lo_), .hi = (hi_),            \
     .integer = (integer_), .once = 1, .required = 1, .unit = (unit_),       \
     .doc = (doc_), .label = (label_), .doc_nl = (doc_nl_)}
/* A fixed whole number (a year, a switch): long long `field` of P. */
#define LS_SPEC_INT(P, field, req, lo_, hi_, def_, unit_, doc_, label_,      \
                    doc_nl_)                                                 \
    {.name = #field, .kind = LS_PARAM_INT, .offset = offsetof(P, field),     \
     .lo = (lo_), .hi = (hi_), .required = (req), .def = (def_),             \
     .unit = (unit_), .doc = (doc_), .label = (label_), .doc_nl = (doc_nl_)}
#define LS_SPEC_END {.name = NULL}

#endif /* LS_PARAM_H */
