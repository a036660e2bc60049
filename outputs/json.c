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

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../base/dist.h"
#include "output.h"
#include "../sim/rare.h"
#include "../sim/sobol.h"

#ifndef LS_VERSION
#define LS_VERSION "unknown"
#endif

/* The schema version of the document; bump on incompatible changes. */
#define LS_JSON_SCHEMA "leusden-result/1"

/* Allocation failures inside Jansson, since the last ls_json_begin: a
 * failed allocation makes a value NULL, and json_object_set_new then
 * drops its key without a word, so the document is checked as a whole
 * before it is written. */
static int json_failed;

static void *counting_malloc(size_t n)
{
    void *p = malloc(n);
    if (p == NULL)
        json_failed = 1;
    return p;
}

void ls_json_begin(void)
{
    static int hooked;
    if (!hooked) {
        json_set_alloc_funcs(counting_malloc, free);
        hooked = 1;
    }
    json_failed = 0;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0: no
 * overlong forms, no surrogates, nothing above U+10FFFF (RFC 3629). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t need = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3
                  : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (need == 0 || need > n)
        return 0;
    for (size_t k = 1; k < need; k++)
        if ((s[k] & 0xc0) != 0x80)
            return 0;
    unsigned c1 = s[1];
    if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f) ||
        (c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 > 0x8f))
        return 0;
    return need;
}

json_t *ls_json_str(const char *s)
{
    json_t *v = json_string(s);
    if (v != NULL || s == NULL)
        return v;
    /* Not UTF-8 (a file name is bytes): each byte that is not part of a
     * valid sequence becomes U+FFFD, so the key is kept and says so. */
    size_t n = strlen(s);
    char *t = malloc(3 * n + 1);
    if (t == NULL) {
        json_failed = 1;
        return NULL;
    }
    size_t j = 0;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_len((const unsigned char *)s + i, n - i);
        if (k > 0) {
            memcpy(t + j, s + i, k);
            j += k;
            i += k;
        } else {
            memcpy(t + j, "\xef\xbf\xbd", 3); /* U+FFFD */
            j += 3;
            i++;
        }
    }
    t[j] = '\0';
    v = json_string(t);
    free(t);
    if (v == NULL)
        json_failed = 1;
    return v;
}

json_t *ls_json_num(double x)
{
    return isfinite(x) ? json_real(ls_json_printable(x)) : json_null();
}

double ls_json_printable(double x)
{
    /* With 15 significant digits a value this close to DBL_MAX would be
     * written as 1.79769313486232e308, beyond the range of a double: no
     * reader could take it back.  The largest 15-digit value below is as
     * exact as the 15 digits promise. */
    const double top = 1.79769313486231e308;
    return x > top ? top : x < -top ? -top : x;
}

json_t *ls_json_program(void)
{
    json_t *prog = json_object();
    json_object_set_new(prog, "name", ls_json_str("leusden"));
    json_object_set_new(prog, "version", ls_json_str(LS_VERSION));
    return prog;
}

json_t *ls_json_run(const ls_run_stats *run, uint64_t paths)
{
    json_t *r = json_object();
    json_object_set_new(r, "seconds", ls_json_num(run->seconds));
    json_object_set_new(r, "threads", json_integer(run->threads));
    if (paths > 0)
        json_object_set_new(r, "paths_per_second",
                            ls_json_num((double)paths / run->seconds));
    json_object_set_new(r, "peak_rss_mb", ls_json_num(run->peak_rss_mb));
    return r;
}

int ls_json_dump(json_t *root, const char *path, ls_error *e)
{
    if (root == NULL || json_failed) {
        json_decref(root);
        return ls_error_set(e, LS_ERUNTIME, path, 0, NULL, "out of memory "
                            "while building the JSON document (nothing "
                            "written)");
    }
    ls_output o;
    int rc = ls_output_open(&o, path, e);
    if (rc == LS_OK) {
        errno = 0;
        if (json_dumpf(root, o.f, JSON_INDENT(1) | JSON_REAL_PRECISION(15)) !=
                0 ||
            fputc('\n', o.f) == EOF) {
            int err = errno;
            ls_output_abort(&o);
            rc = ls_error_set(e, LS_ERUNTIME, path, 0, NULL,
                              "writing the JSON failed: %s",
                              err ? strerror(err) : "out of memory");
        } else {
            rc = ls_output_commit(&o, e);
        }
    }
    json_decref(root);
    return rc;
}

static json_t *dist_json(const ls_param *p)
{
    static const char *const kinds[] = {
        "fixed", "uniform", "triangular", "pert", "normal", "lognormal",
        "beta", "truncnormal", "discrete",
    };
    const ls_dist *d = &p->dist;
    json_t *o = json_object();
    json_object_set_new(o, "type", ls_json_str(kinds[d->kind]));
    switch (d->kind) {
    case LS_DIST_FIXED:
        json_object_set_new(o, "value", ls_json_num(d->a));
        break;
    case LS_DIST_UNIFORM:
        json_object_set_new(o, "min", ls_json_num(d->lo));
        json_object_set_new(o, "max", ls_json_num(d->hi));
        break;
    case LS_DIST_TRIANGULAR:
    case LS_DIST_PERT:
        json_object_set_new(o, "min", ls_json_num(d->lo));
        json_object_set_new(o, "mode", ls_json_num(d->a));
        json_object_set_new(o, "max", ls_json_num(d->hi));
        break;
    case LS_DIST_NORMAL:
        json_object_set_new(o, "mean", ls_json_num(d->a));
        json_object_set_new(o, "sd", ls_json_num(d->b));
        break;
    case LS_DIST_LOGNORMAL:
        json_object_set_new(o, "median", ls_json_num(d->a));
        json_object_set_new(o, "sigma", ls_json_num(d->b));
        break;
    case LS_DIST_BETA:
        json_object_set_new(o, "alpha", ls_json_num(d->b));
        json_object_set_new(o, "beta", ls_json_num(d->c));
        json_object_set_new(o, "min", ls_json_num(d->lo));
        json_object_set_new(o, "max", ls_json_num(d->hi));
        break;
    case LS_DIST_TRUNCNORMAL:
        /* The keys are those of the scenario file: mean and sd of the
         * normal before truncation ("expected_value" below is the mean of
         * the truncated distribution). */
        json_object_set_new(o, "mean", ls_json_num(d->a));
        json_object_set_new(o, "sd", ls_json_num(d->b));
        json_object_set_new(o, "min", ls_json_num(d->lo));
        json_object_set_new(o, "max", ls_json_num(d->hi));
        break;
    case LS_DIST_DISCRETE: {
        json_t *v = json_array(), *w = json_array();
        for (size_t i = 0; i < d->n; i++) {
            json_array_append_new(v, ls_json_num(d->values[i]));
            json_array_append_new(w, ls_json_num(d->weight[i]));
        }
        json_object_set_new(o, "values", v);
        json_object_set_new(o, "weights", w);
        break;
    }
    }
    json_object_set_new(o, "expected_value", ls_json_num(ls_dist_mean(d)));
    return o;
}

static json_t *param_json(const ls_scenario *sc, const ls_param_spec *sp,
                          const void *params)
{
    const char *field = (const char *)params + sp->offset;
    json_t *o = json_object();
    json_object_set_new(o, "name", ls_json_str(sp->name));
    json_object_set_new(o, "unit", ls_json_str(sp->unit));
    json_object_set_new(o, "doc", ls_json_str(sp->doc));
    if (sp->kind == LS_PARAM_REAL) {
        json_object_set_new(o, "kind", ls_json_str("fixed"));
        json_object_set_new(o, "value",
                            ls_json_num(*(const double *)(const void *)field));
    } else if (sp->kind == LS_PARAM_INT) {
        json_object_set_new(o, "kind", ls_json_str("fixed"));
        json_object_set_new(o, "value", json_integer(
            *(const long long *)(const void *)field));
    } else {
        const ls_param *p = (const ls_param *)(const void *)field;
        if (p->shared > 0)
            json_object_set_new(o, "shared", ls_json_str(
                sc->shared[p->shared - 1].name));
        if (p->sched.n > 0) {
            json_t *pts = json_array();
            for (size_t i = 0; i < p->sched.n; i++) {
                json_t *pt = json_object();
                json_object_set_new(pt, "year",
                                    json_integer(p->sched.year[i]));
                json_object_set_new(pt, "value", ls_json_num(p->sched.value[i]));
                json_array_append_new(pts, pt);
            }
            json_object_set_new(o, "kind", ls_json_str("schedule"));
            json_object_set_new(o, "schedule", pts);
        } else if (p->dist.kind == LS_DIST_FIXED) {
            json_object_set_new(o, "kind", ls_json_str("fixed"));
            json_object_set_new(o, "value", ls_json_num(p->dist.a));
        } else {
            json_object_set_new(o, "kind", ls_json_str("distribution"));
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
        ls_stage stage = inst->type->stage;
        json_t *o = json_object(), *ps = json_array();
        json_object_set_new(o, "name", ls_json_str(inst->name));
        json_object_set_new(o, "type", ls_json_str(inst->type->name));
        json_object_set_new(o, "stage", ls_json_str(
            stage == LS_STAGE_DRIVER ? "driver" :
            stage == LS_STAGE_SECTOR ? "sector" : "system"));
        for (size_t k = 0; inst->type->spec[k].name != NULL; k++)
            json_array_append_new(ps, param_json(sc, &inst->type->spec[k],
                                                 inst->params));
        json_object_set_new(o, "parameters", ps);
        json_array_append_new(a, o);
    }
    return a;
}

/* The shared parameters (value, users) and their rank correlations. */
static json_t *shared_json(const ls_scenario *sc)
{
    json_t *o = json_object(), *a = json_array(), *c = json_array();
    for (size_t k = 0; k < sc->n_shared; k++) {
        const ls_shared *sh = &sc->shared[k];
        json_t *x = json_object();
        json_object_set_new(x, "name", ls_json_str(sh->name));
        json_object_set_new(x, "users", json_integer((json_int_t)sh->users));
        if (sh->value.dist.kind == LS_DIST_FIXED) {
            json_object_set_new(x, "kind", ls_json_str("fixed"));
            json_object_set_new(x, "value", ls_json_num(sh->value.dist.a));
        } else {
            json_object_set_new(x, "kind", ls_json_str("distribution"));
            json_object_set_new(x, "distribution", dist_json(&sh->value));
        }
        json_array_append_new(a, x);
    }
    for (size_t k = 0; k < sc->n_correlations; k++) {
        const ls_correlation *r = &sc->correlations[k];
        json_t *x = json_object(), *pair = json_array();
        json_array_append_new(pair, ls_json_str(sc->shared[r->a].name));
        json_array_append_new(pair, ls_json_str(sc->shared[r->b].name));
        json_object_set_new(x, "pair", pair);
        json_object_set_new(x, "rank", ls_json_num(r->rank));
        json_object_set_new(x, "normal", ls_json_num(r->normal));
        json_array_append_new(c, x);
    }
    json_object_set_new(o, "parameters", a);
    json_object_set_new(o, "correlations", c);
    return o;
}

/* An importance-sampling estimate (rare.h). */
static json_t *rare_json(const ls_rare_est *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "event", ls_json_str(e->miss ? "miss" : "hit"));
    json_object_set_new(o, "p", ls_json_num(e->p));
    json_object_set_new(o, "se", ls_json_num(e->se));
    json_object_set_new(o, "ci_low", ls_json_num(e->lo));
    json_object_set_new(o, "ci_high", ls_json_num(e->hi));
    json_object_set_new(o, "paths", json_integer((json_int_t)e->paths));
    json_object_set_new(o, "hits", json_integer((json_int_t)e->hits));
    json_object_set_new(o, "ess", ls_json_num(e->ess));
    json_object_set_new(o, "max_share", ls_json_num(e->max_share));
    json_object_set_new(o, "rel_err", ls_json_num(e->rel_err));
    json_object_set_new(o, "vov", ls_json_num(e->vov));
    json_object_set_new(o, "variance_reduction", ls_json_num(e->vrf));
    json_object_set_new(o, "iterations", json_integer(e->iterations));
    json_object_set_new(o, "moved", json_integer((json_int_t)e->moved));
    json_object_set_new(o, "cost", json_integer((json_int_t)e->cost));
    json_object_set_new(o, "check", ls_json_str(ls_rare_flag_word(e->flag)));
    json_object_set_new(o, "trusted", json_boolean(e->flag == LS_RARE_OK));
    json_object_set_new(o, "why", ls_json_str(ls_rare_flag_text(e->flag)));
    return o;
}

/* An estimate with its interval: {key, ci_low, ci_high}. */
static json_t *interval_json_as(const char *key, ls_interval ci)
{
    json_t *o = json_object();
    json_object_set_new(o, key, ls_json_num(ci.p));
    json_object_set_new(o, "ci_low", ls_json_num(ci.lo));
    json_object_set_new(o, "ci_high", ls_json_num(ci.hi));
    return o;
}

/* A Sobol' index with its interval: {s, ci_low, ci_high}. */
static json_t *index_json(ls_interval ci)
{
    return interval_json_as("s", ci);
}

/* The Sobol' indices (sobol.h): per target, of its hit and its metric. */
static json_t *sobol_json(const ls_result *r)
{
    const ls_sobol *s = r->sobol;
    const ls_scenario *sc = r->sc;
    json_t *root = json_object(), *outs = json_array();
    json_object_set_new(root, "rows", json_integer((json_int_t)s->rows));
    json_object_set_new(root, "paths_per_row",
                        json_integer((json_int_t)(s->d + 3)));
    for (size_t k = 0; k < s->n_out; k++) {
        const ls_sobol_out *so = &s->out[k];
        json_t *o = json_object(), *ps = json_array();
        json_object_set_new(o, "target", ls_json_str(sc->targets[k / 2].name));
        json_object_set_new(o, "output", ls_json_str(k % 2 ? "value" : "hit"));
        json_object_set_new(o, "mean", ls_json_num(so->mean));
        json_object_set_new(o, "variance", ls_json_num(so->var));
        json_object_set_new(o, "within_path", index_json(so->noise));
        json_object_set_new(o, "first_order_sum", ls_json_num(so->first_sum));
        for (size_t i = 0; i < s->d; i++) {
            json_t *p = json_object();
            json_object_set_new(p, "name", ls_json_str(sc->sens[i].name));
            json_object_set_new(p, "first", index_json(so->first[i]));
            json_object_set_new(p, "total", index_json(so->total[i]));
            json_array_append_new(ps, p);
        }
        json_object_set_new(o, "parameters", ps);
        json_array_append_new(outs, o);
    }
    json_object_set_new(root, "outputs", outs);
    return root;
}

static json_t *targets_json(const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    json_t *a = json_array();
    for (size_t t = 0; t < sc->n_targets; t++) {
        const ls_target *g = &sc->targets[t];
        ls_interval ci = r->p[t];
        json_t *o = json_object();
        json_object_set_new(o, "name", ls_json_str(g->name));
        json_object_set_new(o, "label", ls_json_str(g->label));
        json_object_set_new(o, "year", json_integer(g->year));
        json_object_set_new(o, "metric",
                            ls_json_str(sc->metric_names[g->metric]));
        json_object_set_new(o, "op", ls_json_str(ls_op_str(g->op)));
        json_object_set_new(o, "threshold", ls_json_num(g->threshold));
        json_object_set_new(o, "source", ls_json_str(g->source));
        json_object_set_new(o, "p_hit", ls_json_num(ci.p));
        json_object_set_new(o, "ci_low", ls_json_num(ci.lo));
        json_object_set_new(o, "ci_high", ls_json_num(ci.hi));
        json_object_set_new(o, "hits", json_integer((json_int_t)r->acc->hits[t]));
        json_object_set_new(o, "paths", json_integer((json_int_t)r->paths));
        if (r->rare != NULL && r->rare[t].done)
            json_object_set_new(o, "rare", rare_json(&r->rare[t]));
        if (g->has_observed) {
            json_t *ob = json_object();
            json_object_set_new(ob, "value", ls_json_num(g->observed));
            json_object_set_new(ob, "source",
                                ls_json_str(g->observed_source));
            json_object_set_new(ob, "met", json_boolean(ls_target_met(g)));
            json_object_set_new(o, "observed", ob);
        }
        json_array_append_new(a, o);
    }
    return a;
}

static const char *const qnames[LS_RESULT_QUANTILES] = {"q05", "q25", "q50",
                                                        "q75", "q95"};

static json_t *metric_years_json(const ls_result *r, size_t m)
{
    const ls_scenario *sc = r->sc;
    const ls_accum *acc = r->acc;
    json_t *years = json_array();
    for (size_t y = 0; y < acc->n_years; y++) {
        size_t s = y * sc->n_metrics + m;
        json_t *o = json_object();
        json_object_set_new(o, "year", json_integer(sc->year0 + (int)y));
        json_object_set_new(o, "mean", ls_json_num(acc->mom[s].mean));
        json_object_set_new(o, "sd",
                            ls_json_num(sqrt(ls_accum_variance(acc, s))));
        json_object_set_new(o, "mean_se",
                            ls_json_num(ls_accum_mean_se(acc, s)));
        json_object_set_new(o, "min", ls_json_num(acc->mom[s].min));
        json_object_set_new(o, "max", ls_json_num(acc->mom[s].max));
        json_t *ci = json_object();
        for (size_t q = 0; q < LS_RESULT_QUANTILES; q++) {
            json_object_set_new(o, qnames[q],
                                ls_json_num(ls_result_band(r, y, m, q)));
            json_t *ends = json_array();
            for (int side = 0; side < 2; side++)
                json_array_append_new(
                    ends, ls_json_num(ls_result_band_ci(r, y, m, q, side)));
            json_object_set_new(ci, qnames[q], ends);
        }
        json_object_set_new(o, "quantile_ci", ci);
        json_array_append_new(years, o);
    }
    return years;
}

static json_t *metrics_json(const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    json_t *a = json_array();
    for (size_t m = 0; m < sc->n_metrics; m++) {
        json_t *o = json_object();
        json_object_set_new(o, "name", ls_json_str(sc->metric_names[m]));
        json_object_set_new(o, "unit",
                            ls_json_str(sc->metric_defs[m]->unit));
        json_object_set_new(o, "doc", ls_json_str(sc->metric_defs[m]->doc));
        json_object_set_new(o, "years", metric_years_json(r, m));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *interval_json(ls_interval ci)
{
    return interval_json_as("p", ci);
}

static json_t *sensitivity_json(const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    json_t *a = json_array();
    /* without counters (--no-sensitivity) there is nothing to rank */
    size_t nt = r->sensitivity ? sc->n_targets : 0;
    for (size_t t = 0; t < nt; t++) {
        const ls_sens_effect *fx = ls_result_rank(r, t);
        for (size_t k = 0; k < sc->n_sens; k++) {
            json_t *o = json_object();
            json_object_set_new(o, "target",
                                ls_json_str(sc->targets[t].name));
            json_object_set_new(o, "parameter",
                                ls_json_str(sc->sens[fx[k].param].name));
            json_object_set_new(o, "rank", json_integer((json_int_t)k + 1));
            json_object_set_new(o, "low", interval_json(fx[k].low));
            json_object_set_new(o, "high", interval_json(fx[k].high));
            json_object_set_new(o, "spread", ls_json_num(fx[k].spread));
            json_object_set_new(o, "spread_ci_low",
                                ls_json_num(fx[k].diff.lo));
            json_object_set_new(o, "spread_ci_high",
                                ls_json_num(fx[k].diff.hi));
            json_object_set_new(o, "significant",
                                json_boolean(fx[k].significant));
            json_array_append_new(a, o);
        }
    }
    return a;
}

int ls_json_write(const char *path, const ls_result *r, ls_error *e)
{
    const ls_scenario *sc = r->sc;
    ls_json_begin();
    json_t *root = json_object();
    json_object_set_new(root, "schema", ls_json_str(LS_JSON_SCHEMA));
    json_object_set_new(root, "program", ls_json_program());
    json_object_set_new(root, "run_id", ls_json_str(r->run_id));
    json_t *s = json_object();
    json_object_set_new(s, "name", ls_json_str(sc->name));
    json_object_set_new(s, "file", ls_json_str(sc->file));
    json_object_set_new(s, "seed", json_integer((json_int_t)sc->seed));
    json_object_set_new(s, "rng", ls_json_str(sc->rng->name));
    json_object_set_new(s, "start", json_integer(sc->year0));
    json_object_set_new(s, "end", json_integer(sc->year1));
    json_object_set_new(root, "scenario", s);
    json_object_set_new(root, "paths", json_integer((json_int_t)r->paths));
    json_t *st = json_object();
    json_object_set_new(st, "precision", ls_json_num(r->stop.precision));
    json_object_set_new(st, "reached", json_boolean(r->stop.reached));
    json_object_set_new(st, "max_paths",
                        json_integer((json_int_t)r->stop.max_paths));
    json_object_set_new(root, "stopping", st);
    json_object_set_new(root, "models", models_json(sc));
    json_object_set_new(root, "shared", shared_json(sc));
    json_object_set_new(root, "targets", targets_json(r));
    json_object_set_new(root, "metrics", metrics_json(r));
    json_object_set_new(root, "sensitivity", sensitivity_json(r));
    if (r->sobol != NULL)
        json_object_set_new(root, "sobol", sobol_json(r));
    if (r->run != NULL)
        json_object_set_new(root, "run", ls_json_run(r->run, r->paths));
    return ls_json_dump(root, path, e);
}
