/*
 * json.c - the result document.
 *
 * Built as a Jansson tree and dumped once; never printed by hand.  NaN and
 * infinities are not JSON, so they become null (an empty series has no
 * mean).  Reals carry 15 significant digits (0.06, not
 * 0.059999999999999998), as in the CSV tables.  Objects keep their insertion order (Jansson >= 2.8), and every
 * value outside "run" is a function of the scenario, seed and path count,
 * so two runs with different thread counts differ only in "run".
 */
#include "json.h"

#include <math.h>
#include <stdlib.h>

#include <jansson.h>

#include "../config/dist.h"
#include "output.h"
#include "report.h"
#include "sensitivity.h"

#ifndef LS_VERSION
#define LS_VERSION "unknown"
#endif

/* The schema version of the document; bump on incompatible changes. */
#define LS_JSON_SCHEMA "leusden-result/1"

static json_t *num(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

static json_t *dist_json(const ls_param *p)
{
    static const char *const kinds[] = {
        "fixed", "uniform", "triangular", "pert", "normal", "lognormal",
        "beta", "truncnormal", "discrete",
    };
    const ls_dist *d = &p->dist;
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string(kinds[d->kind]));
    switch (d->kind) {
    case LS_DIST_FIXED:
        json_object_set_new(o, "value", num(d->a));
        break;
    case LS_DIST_UNIFORM:
        json_object_set_new(o, "min", num(d->lo));
        json_object_set_new(o, "max", num(d->hi));
        break;
    case LS_DIST_TRIANGULAR:
    case LS_DIST_PERT:
        json_object_set_new(o, "min", num(d->lo));
        json_object_set_new(o, "mode", num(d->a));
        json_object_set_new(o, "max", num(d->hi));
        break;
    case LS_DIST_NORMAL:
        json_object_set_new(o, "mean", num(d->a));
        json_object_set_new(o, "sd", num(d->b));
        break;
    case LS_DIST_LOGNORMAL:
        json_object_set_new(o, "median", num(d->a));
        json_object_set_new(o, "sigma", num(d->b));
        break;
    case LS_DIST_BETA:
        json_object_set_new(o, "alpha", num(d->b));
        json_object_set_new(o, "beta", num(d->c));
        json_object_set_new(o, "min", num(d->lo));
        json_object_set_new(o, "max", num(d->hi));
        break;
    case LS_DIST_TRUNCNORMAL:
        /* mu and sd of the normal before truncation; "mean" below is the
         * truncated distribution's. */
        json_object_set_new(o, "mu", num(d->a));
        json_object_set_new(o, "sd", num(d->b));
        json_object_set_new(o, "min", num(d->lo));
        json_object_set_new(o, "max", num(d->hi));
        break;
    case LS_DIST_DISCRETE: {
        json_t *v = json_array(), *w = json_array();
        double prev = 0;
        for (size_t i = 0; i < d->n; i++) {
            json_array_append_new(v, num(d->values[i]));
            json_array_append_new(w, num(d->cum[i] - prev));
            prev = d->cum[i];
        }
        json_object_set_new(o, "values", v);
        json_object_set_new(o, "weights", w);
        break;
    }
    }
    json_object_set_new(o, "mean", num(ls_dist_mean(d)));
    return o;
}

static json_t *param_json(const ls_param_spec *sp, const void *params)
{
    const char *field = (const char *)params + sp->offset;
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(sp->name));
    json_object_set_new(o, "unit", json_string(sp->unit));
    json_object_set_new(o, "doc", json_string(sp->doc));
    if (sp->kind == LS_PARAM_REAL) {
        json_object_set_new(o, "kind", json_string("fixed"));
        json_object_set_new(o, "value",
                            num(*(const double *)(const void *)field));
    } else if (sp->kind == LS_PARAM_INT) {
        json_object_set_new(o, "kind", json_string("fixed"));
        json_object_set_new(o, "value", json_integer(
            *(const long long *)(const void *)field));
    } else {
        const ls_param *p = (const ls_param *)(const void *)field;
        if (p->sched.n > 0) {
            json_t *pts = json_array();
            for (size_t i = 0; i < p->sched.n; i++) {
                json_t *pt = json_object();
                json_object_set_new(pt, "year",
                                    json_integer(p->sched.year[i]));
                json_object_set_new(pt, "value", num(p->sched.value[i]));
                json_array_append_new(pts, pt);
            }
            json_object_set_new(o, "kind", json_string("schedule"));
            json_object_set_new(o, "schedule", pts);
        } else if (p->dist.kind == LS_DIST_FIXED) {
            json_object_set_new(o, "kind", json_string("fixed"));
            json_object_set_new(o, "value", num(p->dist.a));
        } else {
            json_object_set_new(o, "kind", json_string("distribution"));
            json_object_set_new(o, "distribution", dist_json(p));
        }
    }
    return o;
}

static json_t *models_json(const ls_scenario *sc)
{
    json_t *a = json_array();
    for (size_t m = 0; m < sc->n_models; m++) {
        const ls_model_inst *inst = &sc->models[m];
        json_t *o = json_object(), *ps = json_array();
        json_object_set_new(o, "name", json_string(inst->name));
        json_object_set_new(o, "type", json_string(inst->type->name));
        for (size_t k = 0; inst->type->spec[k].name != NULL; k++)
            json_array_append_new(ps, param_json(&inst->type->spec[k],
                                                 inst->params));
        json_object_set_new(o, "parameters", ps);
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *targets_json(const ls_scenario *sc, const ls_accum *acc)
{
    json_t *a = json_array();
    for (size_t t = 0; t < sc->n_targets; t++) {
        const ls_target *g = &sc->targets[t];
        ls_interval ci = ls_stats_binomial_ci(acc->hits[t], acc->paths,
                                              LS_REPORT_LEVEL,
                                              LS_CI_CLOPPER_PEARSON);
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(g->name));
        json_object_set_new(o, "year", json_integer(g->year));
        json_object_set_new(o, "metric",
                            json_string(sc->metric_names[g->metric]));
        json_object_set_new(o, "op", json_string(ls_op_str(g->op)));
        json_object_set_new(o, "threshold", num(g->threshold));
        json_object_set_new(o, "source", json_string(g->source));
        json_object_set_new(o, "p_hit", num(ci.p));
        json_object_set_new(o, "ci_low", num(ci.lo));
        json_object_set_new(o, "ci_high", num(ci.hi));
        json_object_set_new(o, "hits", json_integer((json_int_t)acc->hits[t]));
        json_object_set_new(o, "paths", json_integer((json_int_t)acc->paths));
        json_array_append_new(a, o);
    }
    return a;
}

static const double quantiles[] = {0.05, 0.25, 0.50, 0.75, 0.95};
static const char *const qnames[] = {"q05", "q25", "q50", "q75", "q95"};

static json_t *metrics_json(const ls_scenario *sc, const ls_accum *acc)
{
    json_t *a = json_array();
    for (size_t m = 0; m < sc->n_metrics; m++) {
        json_t *o = json_object(), *years = json_array();
        json_object_set_new(o, "name", json_string(sc->metric_names[m]));
        json_object_set_new(o, "unit",
                            json_string(sc->metric_defs[m]->unit));
        json_object_set_new(o, "doc", json_string(sc->metric_defs[m]->doc));
        for (size_t y = 0; y < acc->n_years; y++) {
            size_t s = y * sc->n_metrics + m;
            json_t *r = json_object();
            json_object_set_new(r, "year", json_integer(sc->year0 + (int)y));
            json_object_set_new(r, "mean", num(acc->mom[s].mean));
            json_object_set_new(r, "sd", num(sqrt(ls_accum_variance(acc, s))));
            json_object_set_new(r, "min", num(acc->mom[s].min));
            json_object_set_new(r, "max", num(acc->mom[s].max));
            for (size_t q = 0; q < 5; q++)
                json_object_set_new(r, qnames[q],
                                    num(ls_accum_quantile(acc, s,
                                                          quantiles[q])));
            json_array_append_new(years, r);
        }
        json_object_set_new(o, "years", years);
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *interval_json(ls_interval ci)
{
    json_t *o = json_object();
    json_object_set_new(o, "p", num(ci.p));
    json_object_set_new(o, "ci_low", num(ci.lo));
    json_object_set_new(o, "ci_high", num(ci.hi));
    return o;
}

static json_t *sensitivity_json(const ls_scenario *sc, const ls_accum *acc)
{
    json_t *a = json_array();
    ls_sens_effect *fx = malloc((sc->n_sens + 1) * sizeof *fx);
    if (fx == NULL) {
        json_decref(a);
        return NULL;
    }
    for (size_t t = 0; t < sc->n_targets; t++) {
        ls_sensitivity_rank(sc, acc, t, fx);
        for (size_t r = 0; r < sc->n_sens; r++) {
            json_t *o = json_object();
            json_object_set_new(o, "target",
                                json_string(sc->targets[t].name));
            json_object_set_new(o, "parameter",
                                json_string(sc->sens[fx[r].param].name));
            json_object_set_new(o, "rank", json_integer((json_int_t)r + 1));
            json_object_set_new(o, "low", interval_json(fx[r].low));
            json_object_set_new(o, "high", interval_json(fx[r].high));
            json_object_set_new(o, "spread", num(fx[r].spread));
            json_array_append_new(a, o);
        }
    }
    free(fx);
    return a;
}

int ls_json_write(const char *path, const ls_scenario *sc,
                  const ls_accum *acc, const ls_stopping *stop,
                  const ls_run_stats *run, ls_error *e)
{
    json_t *root = json_object();
    json_object_set_new(root, "schema", json_string(LS_JSON_SCHEMA));
    json_t *prog = json_object();
    json_object_set_new(prog, "name", json_string("leusden"));
    json_object_set_new(prog, "version", json_string(LS_VERSION));
    json_object_set_new(root, "program", prog);
    json_t *s = json_object();
    json_object_set_new(s, "name", json_string(sc->name));
    json_object_set_new(s, "file", json_string(sc->file));
    json_object_set_new(s, "seed", json_integer((json_int_t)sc->seed));
    json_object_set_new(s, "rng", json_string(sc->rng->name));
    json_object_set_new(s, "start", json_integer(sc->year0));
    json_object_set_new(s, "end", json_integer(sc->year1));
    json_object_set_new(s, "weather_pv_sd", num(sc->weather_pv_sd));
    json_object_set_new(s, "weather_wind_sd", num(sc->weather_wind_sd));
    json_object_set_new(root, "scenario", s);
    json_object_set_new(root, "paths", json_integer((json_int_t)acc->paths));
    json_t *st = json_object();
    json_object_set_new(st, "precision", num(stop->precision));
    json_object_set_new(st, "reached", json_boolean(stop->reached));
    json_object_set_new(st, "max_paths",
                        json_integer((json_int_t)stop->max_paths));
    json_object_set_new(root, "stopping", st);
    json_object_set_new(root, "models", models_json(sc));
    json_object_set_new(root, "targets", targets_json(sc, acc));
    json_object_set_new(root, "metrics", metrics_json(sc, acc));
    json_t *sens = sensitivity_json(sc, acc);
    if (sens == NULL) {
        json_decref(root);
        return ls_error_set(e, LS_ERUNTIME, path, 0, NULL, "out of memory");
    }
    json_object_set_new(root, "sensitivity", sens);
    if (run != NULL) {
        json_t *r = json_object();
        json_object_set_new(r, "seconds", num(run->seconds));
        json_object_set_new(r, "threads", json_integer(run->threads));
        json_object_set_new(r, "paths_per_second",
                            num((double)acc->paths / run->seconds));
        json_object_set_new(r, "peak_rss_mb", num(run->peak_rss_mb));
        json_object_set_new(root, "run", r);
    }

    ls_output o;
    int rc = ls_output_open(&o, path, e);
    if (rc == LS_OK) {
        if (json_dumpf(root, o.f, JSON_INDENT(1) | JSON_REAL_PRECISION(15)) != 0 ||
            fputc('\n', o.f) == EOF) {
            ls_output_abort(&o);
            rc = ls_error_set(e, LS_ERUNTIME, path, 0, NULL,
                              "writing the JSON failed");
        } else {
            rc = ls_output_commit(&o, e);
        }
    }
    json_decref(root);
    return rc;
}
