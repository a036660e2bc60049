/*
 * param.c - reading uncertain parameters: numbers, distributions and
 * schedules, each value checked against the parameter's physical range.
 *
 * A distribution's whole support must lie in the range (an unbounded
 * normal or lognormal is refused for a bounded parameter, with a hint to
 * truncate), so that whatever the sampler (base/dist.c) returns later is
 * valid and the models need no checks of their own.  Every error names
 * the file, the line and the setting path.
 */
#include "param.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "setting.h"

typedef struct range {
    double lo, hi;   /* the parameter's physical range */
    int integer;     /* whole numbers only */
} range;

/* Checks that value v of setting `at` (child `child` of it, may be NULL)
 * fits the parameter's range; `what` names v in the message ("value",
 * "" for the setting itself). */
static int check_value(const config_setting_t *at, const char *child,
                       double v, const range *r, const char *what,
                       ls_error *e)
{
    const char *sep = what[0] != '\0' ? " " : "";
    if (!isfinite(v) || v < r->lo || v > r->hi)
        return ls_setting_error(e, at, child, "%s%s%g is out of range "
                                "(expected %g to %g)", what, sep, v, r->lo,
                                r->hi);
    if (r->integer && v != floor(v))
        return ls_setting_error(e, at, child, "%s%s%g is not a whole number "
                                "(expected an integer)", what, sep, v);
    return LS_OK;
}

static int number_of(const config_setting_t *s, double *out, ls_error *e)
{
    int t = config_setting_type(s);
    if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64)
        *out = (double)config_setting_get_int64(s);
    else if (t == CONFIG_TYPE_FLOAT)
        *out = config_setting_get_float(s);
    else
        return ls_setting_error(e, s, NULL, "is not a number (expected a "
                                "number)");
    return LS_OK;
}

static int read_schedule(const config_setting_t *g, const range *r,
                         ls_schedule *out, ls_error *e)
{
    static const char *const known[] = {"schedule", NULL};
    int rc = ls_setting_check_known(g, known, e);
    if (rc != LS_OK)
        return rc;
    const config_setting_t *l = config_setting_get_member(g, "schedule");
    int n = config_setting_length(l);
    if (!config_setting_is_list(l) || n < 1 || n > LS_SCHEDULE_MAX_POINTS)
        return ls_setting_error(e, l, NULL, "expected a list of 1 to %d "
                                "(year, value) pairs, e.g. ( (2018, 0.01), "
                                "(2025, 0.03) ) (LS_SCHEDULE_MAX_POINTS)",
                                LS_SCHEDULE_MAX_POINTS);
    for (int i = 0; i < n; i++) {
        const config_setting_t *pt = config_setting_get_elem(l, (unsigned)i);
        int t = config_setting_type(pt);
        if ((t != CONFIG_TYPE_LIST && t != CONFIG_TYPE_ARRAY) ||
            config_setting_length(pt) != 2)
            return ls_setting_error(e, pt, NULL, "expected a (year, value) "
                                    "pair");
        const config_setting_t *ys = config_setting_get_elem(pt, 0);
        const config_setting_t *vs = config_setting_get_elem(pt, 1);
        int yt = config_setting_type(ys);
        if (yt != CONFIG_TYPE_INT && yt != CONFIG_TYPE_INT64)
            return ls_setting_error(e, ys, NULL, "year is not an integer "
                                    "(expected a year such as 2025)");
        long long y = config_setting_get_int64(ys);
        if (y < LS_YEAR_MIN || y > LS_YEAR_MAX)
            return ls_setting_error(e, ys, NULL, "year %lld is out of range "
                                    "(expected %d to %d)", y, LS_YEAR_MIN,
                                    LS_YEAR_MAX);
        if (i > 0 && y <= out->year[i - 1])
            return ls_setting_error(e, ys, NULL, "year %lld does not follow "
                                    "%d (expected increasing years)", y,
                                    out->year[i - 1]);
        double v = 0;
        if ((rc = number_of(vs, &v, e)) != LS_OK ||
            (rc = check_value(vs, NULL, v, r, "value", e)) != LS_OK)
            return rc;
        out->year[i] = (int)y;
        out->value[i] = v;
    }
    out->n = (size_t)n;
    out->integer = r->integer;
    return LS_OK;
}

static int get_num(const config_setting_t *g, const char *name, int required,
                   double def, double *out, ls_error *e)
{
    return ls_setting_real(g, name, -HUGE_VAL, HUGE_VAL, required, def, out,
                           e);
}

static int read_discrete(const config_setting_t *g, const range *r,
                         ls_dist *d, ls_error *e)
{
    const config_setting_t *vs = config_setting_get_member(g, "values");
    const config_setting_t *ws = config_setting_get_member(g, "weights");
    if (vs == NULL)
        return ls_setting_error(e, g, "values", "missing (expected an array "
                                "of values, e.g. [0, 2, 4])");
    int n = config_setting_length(vs);
    int t = config_setting_type(vs);
    if ((t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) || n < 1 ||
        n > LS_DIST_MAX_VALUES)
        return ls_setting_error(e, vs, NULL, "expected an array of 1 to %d "
                                "values (LS_DIST_MAX_VALUES)",
                                LS_DIST_MAX_VALUES);
    if (ws != NULL && config_setting_length(ws) != n)
        return ls_setting_error(e, ws, NULL, "has %d entries for %d values "
                                "(expected one weight per value)",
                                config_setting_length(ws), n);
    double total = 0;
    for (int i = 0; i < n; i++) {
        const config_setting_t *v = config_setting_get_elem(vs, (unsigned)i);
        double x = 0, w = 1;
        int rc = number_of(v, &x, e);
        if (rc == LS_OK)
            rc = check_value(v, NULL, x, r, "value", e);
        if (rc == LS_OK && ws != NULL) {
            const config_setting_t *wi = config_setting_get_elem(ws,
                                                                 (unsigned)i);
            rc = number_of(wi, &w, e);
            if (rc == LS_OK && !(w >= 0 && isfinite(w)))
                rc = ls_setting_error(e, wi, NULL, "weight %g is not a "
                                      "finite number >= 0 (expected a "
                                      "weight >= 0)", w);
        }
        if (rc != LS_OK)
            return rc;
        d->values[i] = x;
        d->weight[i] = ws != NULL ? w : 1.0 / n;
        total += w;
        d->cum[i] = total;
    }
    /* Weights are probabilities: a sum other than 1 is far more often a
     * typo than relative weights, so it is refused, not renormalised. */
    if (ws != NULL && !(fabs(total - 1) <= LS_DIST_WEIGHT_TOL))
        return ls_setting_error(e, ws, NULL, "weights sum to %.10g (expected "
                                "probabilities that sum to 1)", total);
    for (int i = 0; i < n; i++)
        d->cum[i] /= total;
    d->cum[n - 1] = 1.0;
    d->n = (size_t)n;
    d->lo = d->values[0];
    d->hi = d->values[0];
    for (int i = 1; i < n; i++) {
        d->lo = fmin(d->lo, d->values[i]);
        d->hi = fmax(d->hi, d->values[i]);
    }
    return LS_OK;
}

/* Reads min and max (required, or defaulting to 0 and 1) and checks that
 * min < max. */
static int read_bounds(const config_setting_t *g, int required, ls_dist *d,
                       ls_error *e)
{
    int rc;
    if ((rc = get_num(g, "min", required, 0, &d->lo, e)) ||
        (rc = get_num(g, "max", required, 1, &d->hi, e)))
        return rc;
    if (!(d->lo < d->hi))
        return ls_setting_error(e, g, "max", "%g is not above min %g "
                                "(expected min < max)", d->hi, d->lo);
    return LS_OK;
}

static const char *const dist_names[] = {
    "fixed", "uniform", "triangular", "pert", "normal", "lognormal", "beta",
    "truncnormal", "discrete", NULL,
};

static const char *const *dist_known(ls_dist_kind k)
{
    static const char *const fixed[] = {"dist", "value", NULL};
    static const char *const minmax[] = {"dist", "min", "max", NULL};
    static const char *const mode[] = {"dist", "min", "mode", "max", NULL};
    static const char *const normal[] = {"dist", "mean", "sd", NULL};
    static const char *const lognormal[] = {"dist", "median", "sigma", NULL};
    static const char *const beta[] = {"dist", "alpha", "beta", "min", "max",
                                       NULL};
    static const char *const trunc[] = {"dist", "mean", "sd", "min", "max",
                                        NULL};
    static const char *const discrete[] = {"dist", "values", "weights", NULL};
    switch (k) {
    case LS_DIST_FIXED: return fixed;
    case LS_DIST_UNIFORM: return minmax;
    case LS_DIST_TRIANGULAR:
    case LS_DIST_PERT: return mode;
    case LS_DIST_NORMAL: return normal;
    case LS_DIST_LOGNORMAL: return lognormal;
    case LS_DIST_BETA: return beta;
    case LS_DIST_TRUNCNORMAL: return trunc;
    default: return discrete;
    }
}

/* The kind named by g's `dist`, as *kind (with the name in *name). */
static int dist_kind(const config_setting_t *g, ls_dist_kind *kind,
                     const char **name, ls_error *e)
{
    if (config_setting_get_member(g, "dist") == NULL)
        return ls_setting_error(e, g, NULL, "is a group without dist or "
                                "schedule (expected { dist = \"...\"; ... } "
                                "or { schedule = ( (year, value), ... ); })");
    int rc = ls_setting_string(g, "dist", 1, NULL, name, e);
    if (rc != LS_OK)
        return rc;
    const config_setting_t *at = config_setting_get_member(g, "dist");
    size_t k = 0;
    while (dist_names[k] != NULL && strcmp(dist_names[k], *name) != 0)
        k++;
    if (dist_names[k] != NULL) {
        *kind = (ls_dist_kind)k;
        return LS_OK;
    }
    const char *hint = ls_suggest(*name, dist_names);
    if (hint != NULL)
        return ls_setting_error(e, at, NULL, "unknown distribution '%s' "
                                "(did you mean '%s'?)", *name, hint);
    return ls_setting_error(e, at, NULL, "unknown distribution '%s' "
                            "(expected fixed, uniform, triangular, pert, "
                            "normal, lognormal, beta, truncnormal or "
                            "discrete)", *name);
}

/* uniform, triangular, pert: min, max and (but for uniform) mode. */
static int read_bounded(const config_setting_t *g, ls_dist *d, ls_error *e)
{
    int rc = read_bounds(g, 1, d, e);
    if (rc != LS_OK || d->kind == LS_DIST_UNIFORM)
        return rc;
    if ((rc = get_num(g, "mode", 1, 0, &d->a, e)))
        return rc;
    if (d->a < d->lo || d->a > d->hi)
        return ls_setting_error(e, g, "mode", "%g lies outside [%g, %g] "
                                "(expected min <= mode <= max)", d->a, d->lo,
                                d->hi);
    return LS_OK;
}

/* normal and truncnormal: mean and sd, and the cut for truncnormal. */
static int read_normal(const config_setting_t *g, ls_dist *d, ls_error *e)
{
    int rc;
    if ((rc = get_num(g, "mean", 1, 0, &d->a, e)) ||
        (rc = get_num(g, "sd", 1, 0, &d->b, e)))
        return rc;
    if (!(d->b > 0))
        return ls_setting_error(e, g, "sd", "%g is not positive (expected "
                                "sd > 0)", d->b);
    if (d->kind != LS_DIST_TRUNCNORMAL)
        return LS_OK;
    if ((rc = read_bounds(g, 1, d, e)))
        return rc;
    double mass = gsl_cdf_ugaussian_P((d->hi - d->a) / d->b) -
                  gsl_cdf_ugaussian_P((d->lo - d->a) / d->b);
    if (!(mass > 1e-9))
        return ls_setting_error(e, g, NULL, "[min, max] holds a probability "
                                "of only %g of the normal (expected min and "
                                "max within a few sd of the mean)", mass);
    return LS_OK;
}

static int read_lognormal(const config_setting_t *g, ls_dist *d, ls_error *e)
{
    int rc;
    if ((rc = get_num(g, "median", 1, 0, &d->a, e)) ||
        (rc = get_num(g, "sigma", 1, 0, &d->b, e)))
        return rc;
    if (!(d->a > 0))
        return ls_setting_error(e, g, "median", "%g is not positive "
                                "(expected median > 0)", d->a);
    if (!(d->b > 0))
        return ls_setting_error(e, g, "sigma", "%g is not positive "
                                "(expected sigma > 0)", d->b);
    d->lo = 0;
    return LS_OK;
}

static int read_beta(const config_setting_t *g, ls_dist *d, ls_error *e)
{
    int rc;
    if ((rc = get_num(g, "alpha", 1, 0, &d->b, e)) ||
        (rc = get_num(g, "beta", 1, 0, &d->c, e)) ||
        (rc = read_bounds(g, 0, d, e)))
        return rc;
    if (!(d->b >= 0.01 && d->b <= 1e4))
        return ls_setting_error(e, g, "alpha", "%g is out of range (expected "
                                "0.01 to 10000)", d->b);
    if (!(d->c >= 0.01 && d->c <= 1e4))
        return ls_setting_error(e, g, "beta", "%g is out of range (expected "
                                "0.01 to 10000)", d->c);
    return LS_OK;
}

/* The support must lie in the parameter's range, every draw must be a
 * number, and an integer parameter's bounds whole. */
static int check_support(const config_setting_t *g, const range *r,
                         const ls_dist *d, const char *name, ls_error *e)
{
    if (d->lo < r->lo || d->hi > r->hi) {
        if (!isfinite(d->lo) || !isfinite(d->hi))
            return ls_setting_error(e, g, NULL, "a %s distribution is "
                                    "unbounded but the parameter lies in "
                                    "[%g, %g] (use truncnormal, beta, pert or "
                                    "triangular)", name, r->lo, r->hi);
        return ls_setting_error(e, g, NULL, "the %s distribution spans [%g, "
                                "%g], outside the parameter's range [%g, %g]",
                                name, d->lo, d->hi, r->lo, r->hi);
    }
    /* Probe the inverse CDF across (0, 1): GSL's beta quantile can fail
     * for extreme shapes. */
    for (int i = 0; i <= 100; i++) {
        double u = i == 0 ? 1e-12 : i == 100 ? 1 - 1e-12 : i / 100.0;
        if (!isfinite(ls_dist_quantile(d, u)))
            return ls_setting_error(e, g, NULL, "the %s distribution cannot "
                                    "be sampled at quantile %g (GSL's "
                                    "inverse CDF fails; expected a less "
                                    "extreme shape)", name, u);
    }
    if (r->integer && d->kind != LS_DIST_DISCRETE &&
        (d->lo != floor(d->lo) || d->hi != floor(d->hi)))
        return ls_setting_error(e, g, NULL, "bounds [%g, %g] are not whole "
                                "numbers (expected integers)", d->lo, d->hi);
    return LS_OK;
}

static int read_dist(const config_setting_t *g, const range *r, ls_dist *d,
                     ls_error *e)
{
    const char *name;
    int rc = dist_kind(g, &d->kind, &name, e);
    if (rc != LS_OK ||
        (rc = ls_setting_check_known(g, dist_known(d->kind), e)) != LS_OK)
        return rc;
    d->integer = r->integer;
    d->lo = -HUGE_VAL;
    d->hi = HUGE_VAL;
    switch (d->kind) {
    case LS_DIST_FIXED:
        rc = get_num(g, "value", 1, 0, &d->a, e);
        d->lo = d->hi = d->a;
        break;
    case LS_DIST_UNIFORM:
    case LS_DIST_TRIANGULAR:
    case LS_DIST_PERT: rc = read_bounded(g, d, e); break;
    case LS_DIST_NORMAL:
    case LS_DIST_TRUNCNORMAL: rc = read_normal(g, d, e); break;
    case LS_DIST_LOGNORMAL: rc = read_lognormal(g, d, e); break;
    case LS_DIST_BETA: rc = read_beta(g, d, e); break;
    case LS_DIST_DISCRETE: rc = read_discrete(g, r, d, e); break;
    }
    return rc != LS_OK ? rc : check_support(g, r, d, name, e);
}

/* Reads the value of setting s (a number, a distribution or a schedule)
 * into *out for range r. */
static int read_value(const config_setting_t *s, const range *r, int once,
                      ls_param *out, ls_error *e)
{
    int t = config_setting_type(s);
    if (t == CONFIG_TYPE_GROUP) {
        if (config_setting_get_member(s, "schedule") != NULL) {
            if (once)
                return ls_setting_error(e, s, NULL, "cannot be a schedule "
                                        "(it is used once, at the start of a "
                                        "path; expected a number or a "
                                        "distribution)");
            return read_schedule(s, r, &out->sched, e);
        }
        return read_dist(s, r, &out->dist, e);
    }
    double v = 0;
    if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64 &&
        t != CONFIG_TYPE_FLOAT) {
        char expected[200];
        snprintf(expected, sizeof expected, "a number from %g to %g%s",
                 r->lo, r->hi,
                 once ? ", a distribution { dist = ...; } or \"shared.NAME\""
                      : ", a distribution { dist = ...; }, a schedule or "
                        "\"shared.NAME\"");
        return ls_setting_type_error(e, s, expected);
    }
    number_of(s, &v, e);
    int rc = check_value(s, NULL, v, r, "", e);
    if (rc != LS_OK)
        return rc;
    ls_param_fixed(out, v, r->integer);
    return LS_OK;
}

/* Reads the reference "shared.NAME" at s: the value of member NAME of the
 * top-level `shared` group, checked against this parameter's range, and
 * its index there (config/shared.c lists the group in the same order). */
static int read_shared(const config_setting_t *s, const char *ref,
                       const range *r, ls_param *out, ls_error *e)
{
    const config_setting_t *root = s;
    while (config_setting_parent(root) != NULL)
        root = config_setting_parent(root);
    const config_setting_t *g = config_setting_get_member(root, "shared");
    const char *name = ref + strlen("shared.");
    const config_setting_t *m =
        g != NULL && config_setting_is_group(g) && name[0] != '\0'
            ? config_setting_get_member(g, name)
            : NULL;
    if (m == NULL)
        return ls_setting_error(e, s, NULL, "names \"%s\", which the "
                                "top-level `shared` group does not declare "
                                "(expected shared = { NAME = ...; };)", ref);
    range rs = *r;
    int rc = read_value(m, &rs, 1, out, e);
    if (rc != LS_OK && e != NULL) {
        char at[LS_ERROR_PATH_MAX];
        size_t len = strlen(e->msg);
        snprintf(e->msg + len, sizeof e->msg - len, " (as used by %s)",
                 ls_setting_path(s, at, sizeof at));
        return rc;
    }
    out->shared = config_setting_index(m) + 1;
    return rc;
}

int ls_param_read_setting(const config_setting_t *s, double lo, double hi,
                          int integer, int once, ls_param *out, ls_error *e)
{
    range r = {lo, hi, integer};
    ls_param_fixed(out, 0, integer);
    return read_value(s, &r, once, out, e);
}

int ls_param_read(const config_setting_t *group, const char *name, double lo,
                  double hi, int integer, int once, int required, double def,
                  ls_param *out, ls_error *e)
{
    range r = {lo, hi, integer};
    ls_param_fixed(out, 0, integer);
    const config_setting_t *s =
        group == NULL ? NULL : config_setting_get_member(group, name);
    if (s == NULL) {
        if (required)
            return ls_setting_error(e, group, name, "missing (expected a "
                                    "number from %g to %g, a distribution or "
                                    "a schedule)", lo, hi);
        ls_param_fixed(out, def, integer);
        return LS_OK;
    }
    const char *ref = config_setting_type(s) == CONFIG_TYPE_STRING
                          ? config_setting_get_string(s)
                          : NULL;
    if (ref != NULL && strncmp(ref, "shared.", 7) == 0)
        return read_shared(s, ref, &r, out, e);
    return read_value(s, &r, once, out, e);
}

int ls_param_read_table(void *params, const ls_param_spec *spec,
                        const config_setting_t *group, ls_error *e)
{
    const char *known[LS_MODEL_MAX_PARAMS + 2];
    size_t n = 0;
    for (size_t i = 0; spec[i].name != NULL; i++) {
        assert(n < LS_MODEL_MAX_PARAMS); /* the registry test checks it */
        known[n++] = spec[i].name;
    }
    known[n++] = "type"; /* the scenario loader's: the model type */
    known[n] = NULL;
    int rc = ls_setting_check_known(group, known, e);
    if (rc != LS_OK)
        return rc;
    for (size_t i = 0; spec[i].name != NULL; i++) {
        const ls_param_spec *p = &spec[i];
        char *field = (char *)params + p->offset;
        if (p->kind == LS_PARAM_REAL) {
            rc = ls_setting_real(group, p->name, p->lo, p->hi, p->required,
                                 p->def, (double *)(void *)field, e);
        } else if (p->kind == LS_PARAM_DIST) {
            rc = ls_param_read(group, p->name, p->lo, p->hi, p->integer,
                               p->once, p->required, p->def,
                               (ls_param *)(void *)field, e);
        } else {
            rc = ls_setting_int(group, p->name, (long long)p->lo,
                                (long long)p->hi, p->required,
                                (long long)p->def,
                                (long long *)(void *)field, e);
        }
        if (rc != LS_OK)
            return rc;
    }
    return LS_OK;
}
