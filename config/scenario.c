/*
 * scenario.c - reading a scenario file into an ls_scenario.
 *
 * libconfig parses; this file validates, in the order a reader would check
 * a file by hand: the scenario group, then each model (delegated to the
 * model type's configure hook), then the targets, which may refer to any
 * model's metrics.  Every message names file, line and setting path.  All
 * strings are copied out of libconfig's tree, so the scenario outlives it.
 */
#include "scenario.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../models/balance.h"
#include "setting.h"
#include "tree.h"


const char *ls_op_str(ls_op op)
{
    return op == LS_OP_GE ? ">=" : "<=";
}

void ls_scenario_destroy(ls_scenario *sc)
{
    free(sc->file);
    free(sc->name);
    for (size_t i = 0; i < sc->n_models; i++) {
        free(sc->models[i].name);
        free(sc->models[i].params);
        for (size_t k = 0; sc->models[i].origin != NULL &&
                           sc->models[i].type->spec[k].name != NULL;
             k++)
            free(sc->models[i].origin[k].file);
        free(sc->models[i].origin);
    }
    free(sc->models);
    for (size_t i = 0; i < sc->n_metrics; i++)
        free(sc->metric_names[i]);
    free(sc->metric_names);
    free(sc->metric_defs);
    for (size_t i = 0; i < sc->n_targets; i++) {
        free(sc->targets[i].name);
        free(sc->targets[i].source);
    }
    free(sc->targets);
    for (size_t i = 0; i < sc->n_sens; i++)
        free(sc->sens[i].name);
    free(sc->sens);
    for (size_t i = 0; i < sc->n_overrides; i++) {
        free(sc->overrides[i].path);
        free(sc->overrides[i].file);
        free(sc->overrides[i].was_file);
    }
    free(sc->overrides);
    memset(sc, 0, sizeof *sc);
}

int ls_scenario_same_paths(const ls_scenario *a, const ls_scenario *b)
{
    if (a->seed != b->seed || a->rng != b->rng || a->year0 != b->year0 ||
        a->year1 != b->year1 || a->weather_pv_sd != b->weather_pv_sd ||
        a->weather_wind_sd != b->weather_wind_sd ||
        a->n_models != b->n_models || a->has_balance != b->has_balance)
        return 0;
    for (size_t m = 0; m < a->n_models; m++) {
        const ls_model_inst *x = &a->models[m], *y = &b->models[m];
        if (x->type != y->type || strcmp(x->name, y->name) != 0 ||
            memcmp(x->params, y->params, x->type->params_size) != 0)
            return 0;
    }
    return 1;
}

long ls_scenario_metric(const ls_scenario *sc, const char *name)
{
    for (size_t i = 0; i < sc->n_metrics; i++)
        if (strcmp(sc->metric_names[i], name) == 0)
            return (long)i;
    return -1;
}

static int load_run(ls_scenario *sc, const config_setting_t *root,
                    ls_error *e)
{
    static const char *const known[] = {"name", "seed", "start", "end",
                                        "rng", "paths", NULL};
    const config_setting_t *g = config_setting_get_member(root, "scenario");
    if (g == NULL)
        return ls_setting_error(e, root, "scenario",
                                "missing (expected a group with name, seed, "
                                "start, end)");
    int rc = ls_setting_want_group(g, e);
    if (rc == LS_OK)
        rc = ls_setting_check_known(g, known, e);
    if (rc != LS_OK)
        return rc;

    const char *name, *rng;
    long long seed, start, end, paths;
    if ((rc = ls_setting_string(g, "name", 1, NULL, &name, e)) ||
        (rc = ls_setting_int(g, "seed", 0, INT64_MAX, 1, 0, &seed, e)) ||
        (rc = ls_setting_int(g, "start", LS_YEAR_MIN, LS_YEAR_MAX, 1, 0,
                             &start, e)) ||
        (rc = ls_setting_int(g, "end", LS_YEAR_MIN, LS_YEAR_MAX, 1, 0, &end,
                             e)) ||
        (rc = ls_setting_string(g, "rng", 0, ls_rng_kinds[0]->name, &rng,
                                e)) ||
        (rc = ls_setting_int(g, "paths", 1, (long long)LS_PATHS_MAX, 0, 10000,
                             &paths, e)))
        return rc;
    if (end < start)
        return ls_setting_error(e, config_setting_get_member(g, "end"), NULL,
                                "%lld is before start %lld (expected end >= "
                                "start)", end, start);
    sc->rng = ls_rng_find(rng);
    if (sc->rng == NULL) {
        const char *names[16];
        char list[256] = "";
        size_t k = 0, used = 0;
        for (; ls_rng_kinds[k] != NULL && k < 15; k++) {
            names[k] = ls_rng_kinds[k]->name;
            int w = snprintf(list + used, sizeof list - used, "%s%s",
                             k ? ", " : "", names[k]);
            if (w > 0 && (size_t)w < sizeof list - used)
                used += (size_t)w;
        }
        names[k] = NULL;
        const char *hint = ls_suggest(rng, names);
        const config_setting_t *at = config_setting_get_member(g, "rng");
        if (hint != NULL)
            return ls_setting_error(e, at, NULL, "unknown generator '%s' "
                                    "(did you mean '%s'?)", rng, hint);
        return ls_setting_error(e, at, NULL, "unknown generator '%s' "
                                "(expected one of %s)", rng, list);
    }
    sc->name = strdup(name);
    if (sc->name == NULL)
        return ls_error_oom(e);
    sc->seed = (uint64_t)seed;
    sc->year0 = (int)start;
    sc->year1 = (int)end;
    sc->paths = (uint64_t)paths;
    return LS_OK;
}

/* Adds an instance of type t named name, configured from group g (may be
 * NULL: all defaults). */
static int add_instance(ls_scenario *sc, const char *name,
                        const ls_model_type *t, const config_setting_t *g,
                        ls_error *e)
{
    ls_model_inst *inst = &sc->models[sc->n_models];
    inst->type = t;
    inst->name = strdup(name);
    inst->params = calloc(1, t->params_size ? t->params_size : 1);
    if (inst->name == NULL || inst->params == NULL) {
        free(inst->name);
        free(inst->params);
        return ls_error_oom(e);
    }
    sc->n_models++;
    inst->id = ls_rng_name_id(inst->name);
    inst->n_dists = ls_model_dist_count(t);
    inst->u0 = sc->n_dists;
    sc->n_dists += inst->n_dists;
    size_t n_spec = 0;
    while (t->spec[n_spec].name != NULL)
        n_spec++;
    inst->origin = calloc(n_spec + 1, sizeof *inst->origin);
    if (inst->origin == NULL)
        return ls_error_oom(e);
    for (size_t k = 0; k < n_spec; k++) {
        const config_setting_t *s =
            g == NULL ? NULL : config_setting_get_member(g, t->spec[k].name);
        if (s == NULL)
            continue;
        const char *f = config_setting_source_file(s);
        inst->origin[k].file = strdup(f != NULL ? f : sc->file);
        inst->origin[k].line = (int)config_setting_source_line(s);
        if (inst->origin[k].file == NULL)
            return ls_error_oom(e);
    }
    return t->configure(inst->params, g, e);
}

static int load_models(ls_scenario *sc, const config_setting_t *root,
                       ls_error *e)
{
    const config_setting_t *g = config_setting_get_member(root, "models");
    if (g == NULL)
        return ls_setting_error(e, root, "models",
                                "missing (expected a group of model settings)");
    int rc = ls_setting_want_group(g, e);
    if (rc != LS_OK)
        return rc;
    int n = config_setting_length(g);
    if (n == 0)
        return ls_setting_error(e, g, NULL, "is empty (expected at least one "
                                            "model)");
    sc->models = calloc((size_t)n + 1, sizeof *sc->models);
    if (sc->models == NULL)
        return ls_error_oom(e);

    const char *type_names[64];
    size_t nt = 0;
    for (; ls_model_types[nt] != NULL && nt < 63; nt++)
        type_names[nt] = ls_model_types[nt]->name;
    type_names[nt] = NULL;

    for (int i = 0; i < n; i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        if ((rc = ls_setting_want_group(m, e)) != LS_OK)
            return rc;
        const char *iname = config_setting_name(m);
        const char *tname;
        if ((rc = ls_setting_string(m, "type", 0, iname, &tname, e)) != LS_OK)
            return rc;
        if (strcmp(iname, ls_model_balance.name) == 0)
            return ls_setting_error(e, m, NULL, "'%s' is reserved for the "
                                    "energy balance (expected the top-level "
                                    "group balance = { ... })", iname);
        if (strcmp(iname, LS_WEATHER_NAME) == 0)
            return ls_setting_error(e, m, NULL, "'%s' is reserved: it keys "
                                    "the weather's random stream (expected "
                                    "another instance name)", iname);
        const ls_model_type *t = ls_model_find(tname);
        if (t == NULL) {
            const char *hint = ls_suggest(tname, type_names);
            const config_setting_t *at = config_setting_get_member(m, "type");
            if (hint != NULL)
                return ls_setting_error(e, at ? at : m, NULL,
                                        "unknown model type '%s' (did you "
                                        "mean '%s'?)", tname, hint);
            return ls_setting_error(e, at ? at : m, NULL,
                                    "unknown model type '%s' (see 'leusden "
                                    "--help' for the list)", tname);
        }
        if ((rc = add_instance(sc, iname, t, m, e)) != LS_OK)
            return rc;
    }

    /* The energy balance, if the scenario has one, comes last: the engine
     * steps it after the sector models, with their flows added up. */
    const config_setting_t *b = config_setting_get_member(root, "balance");
    if (b != NULL) {
        if (ls_setting_want_group(b, e) == LS_OK &&
            config_setting_get_member(b, "type") != NULL)
            return ls_setting_error(e, b, "type", "unknown setting 'type' "
                                    "(the balance has no type; expected its "
                                    "parameters only)");
        if ((rc = ls_setting_want_group(b, e)) != LS_OK ||
            (rc = add_instance(sc, ls_model_balance.name, &ls_model_balance,
                               b, e)) != LS_OK)
            return rc;
        sc->has_balance = 1;
    }

    size_t n_metrics = 0;
    for (size_t i = 0; i < sc->n_models; i++) {
        sc->models[i].metric0 = n_metrics;
        n_metrics += ls_model_metric_count(sc->models[i].type);
    }
    /* NULL-terminated, so it can serve as a list of suggestions. */
    sc->metric_names = calloc(n_metrics + 1, sizeof *sc->metric_names);
    sc->metric_defs = calloc(n_metrics + 1, sizeof *sc->metric_defs);
    if (sc->metric_names == NULL || sc->metric_defs == NULL)
        return ls_error_oom(e);
    for (size_t i = 0; i < sc->n_models; i++) {
        const ls_model_inst *inst = &sc->models[i];
        for (size_t k = 0; inst->type->metrics[k].name != NULL; k++) {
            const ls_metric_def *d = &inst->type->metrics[k];
            size_t len = strlen(inst->name) + strlen(d->name) + 2;
            char *full = malloc(len);
            if (full == NULL)
                return ls_error_oom(e);
            snprintf(full, len, "%s.%s", inst->name, d->name);
            sc->metric_names[sc->n_metrics] = full;
            sc->metric_defs[sc->n_metrics] = d;
            sc->n_metrics++;
        }
    }
    return LS_OK;
}

/* Lists the parameters whose value varies between paths. */
static int list_sensitive(ls_scenario *sc, ls_error *e)
{
    sc->sens = calloc(sc->n_dists + 1, sizeof *sc->sens);
    if (sc->sens == NULL)
        return ls_error_oom(e);
    for (size_t m = 0; m < sc->n_models; m++) {
        const ls_model_inst *inst = &sc->models[m];
        const ls_param_spec *spec = inst->type->spec;
        size_t u = inst->u0;
        for (size_t k = 0; spec != NULL && spec[k].name != NULL; k++) {
            if (spec[k].kind != LS_PARAM_DIST)
                continue;
            const ls_param *p = (const ls_param *)(const void *)(
                (const char *)inst->params + spec[k].offset);
            if (p->sched.n == 0 && p->dist.kind != LS_DIST_FIXED &&
                p->dist.lo < p->dist.hi) {
                ls_sens_param *s = &sc->sens[sc->n_sens];
                size_t len = strlen(inst->name) + strlen(spec[k].name) + 2;
                s->name = malloc(len);
                if (s->name == NULL)
                    return ls_error_oom(e);
                snprintf(s->name, len, "%s.%s", inst->name, spec[k].name);
                s->model = m;
                s->spec = k;
                s->u = u;
                sc->n_sens++;
            }
            u++;
        }
    }
    return LS_OK;
}

/* Keeps the record of overridden settings for `leusden check`. */
static int copy_overrides(ls_scenario *sc, const ls_tree *t, ls_error *e)
{
    if (t->n_overrides == 0)
        return LS_OK;
    sc->overrides = calloc(t->n_overrides, sizeof *sc->overrides);
    if (sc->overrides == NULL)
        return ls_error_oom(e);
    for (size_t i = 0; i < t->n_overrides; i++) {
        const ls_override *o = &t->overrides[i];
        ls_override *c = &sc->overrides[sc->n_overrides];
        c->path = strdup(o->path);
        c->file = strdup(o->file);
        c->was_file = strdup(o->was_file);
        c->line = o->line;
        c->was_line = o->was_line;
        sc->n_overrides++;
        if (!c->path || !c->file || !c->was_file)
            return ls_error_oom(e);
    }
    return LS_OK;
}

static int load_weather(ls_scenario *sc, const config_setting_t *root,
                        ls_error *e)
{
    static const char *const known[] = {"pv_sd", "wind_sd", NULL};
    const config_setting_t *g = config_setting_get_member(root, "weather");
    int rc = LS_OK;
    if (g != NULL && ((rc = ls_setting_want_group(g, e)) != LS_OK ||
                      (rc = ls_setting_check_known(g, known, e)) != LS_OK))
        return rc;
    if ((rc = ls_setting_real(g, "pv_sd", 0, 0.25, 0, 0, &sc->weather_pv_sd,
                              e)) != LS_OK)
        return rc;
    return ls_setting_real(g, "wind_sd", 0, 0.25, 0, 0, &sc->weather_wind_sd,
                           e);
}

static int load_target(ls_scenario *sc, const config_setting_t *t,
                       ls_target *out, ls_error *e)
{
    static const char *const known[] = {"name", "year", "metric", "op",
                                        "threshold", "source", NULL};
    int rc = ls_setting_want_group(t, e);
    if (rc == LS_OK)
        rc = ls_setting_check_known(t, known, e);
    if (rc != LS_OK)
        return rc;
    const char *name, *metric, *op, *source;
    long long year;
    double threshold;
    if ((rc = ls_setting_string(t, "name", 1, NULL, &name, e)) ||
        (rc = ls_setting_int(t, "year", sc->year0, sc->year1, 1, 0, &year,
                             e)) ||
        (rc = ls_setting_string(t, "metric", 1, NULL, &metric, e)) ||
        (rc = ls_setting_string(t, "op", 0, ">=", &op, e)) ||
        (rc = ls_setting_real(t, "threshold", -HUGE_VAL, HUGE_VAL, 1, 0,
                              &threshold, e)) ||
        (rc = ls_setting_string(t, "source", 0, "", &source, e)))
        return rc;
    if (name[0] == '\0')
        return ls_setting_error(e, config_setting_get_member(t, "name"), NULL,
                                "is empty (expected a target name)");
    for (size_t i = 0; i < sc->n_targets; i++)
        if (strcmp(sc->targets[i].name, name) == 0)
            return ls_setting_error(e, config_setting_get_member(t, "name"),
                                    NULL, "duplicate target name '%s' "
                                    "(expected unique names)", name);
    long m = ls_scenario_metric(sc, metric);
    if (m < 0) {
        const char *hint = ls_suggest(metric,
                                      (const char *const *)sc->metric_names);
        const config_setting_t *at = config_setting_get_member(t, "metric");
        if (hint != NULL)
            return ls_setting_error(e, at, NULL, "unknown metric '%s' (did "
                                    "you mean '%s'?)", metric, hint);
        return ls_setting_error(e, at, NULL, "unknown metric '%s' (expected "
                                "'<model>.<metric>', see 'leusden --help')",
                                metric);
    }
    if (strcmp(op, ">=") == 0)
        out->op = LS_OP_GE;
    else if (strcmp(op, "<=") == 0)
        out->op = LS_OP_LE;
    else
        return ls_setting_error(e, config_setting_get_member(t, "op"), NULL,
                                "unknown operator '%s' (expected \">=\" or "
                                "\"<=\")", op);
    out->name = strdup(name);
    out->source = strdup(source);
    if (out->name == NULL || out->source == NULL) {
        free(out->name);
        free(out->source);
        out->name = out->source = NULL;
        return ls_error_oom(e);
    }
    out->year = (int)year;
    out->metric = (size_t)m;
    out->threshold = threshold;
    return LS_OK;
}

static int load_targets(ls_scenario *sc, const config_setting_t *root,
                        ls_error *e)
{
    const config_setting_t *l = config_setting_get_member(root, "targets");
    if (l == NULL)
        return LS_OK;
    int type = config_setting_type(l);
    if (type != CONFIG_TYPE_LIST && !(type == CONFIG_TYPE_ARRAY &&
                                      config_setting_length(l) == 0))
        return ls_setting_error(e, l, NULL, "is not a list (expected "
                                "( { name = ...; }, ... ))");
    int n = config_setting_length(l);
    sc->targets = calloc((size_t)n + 1, sizeof *sc->targets);
    if (sc->targets == NULL)
        return ls_error_oom(e);
    for (int i = 0; i < n; i++) {
        const config_setting_t *t = config_setting_get_elem(l, (unsigned)i);
        int rc = load_target(sc, t, &sc->targets[sc->n_targets], e);
        if (rc != LS_OK)
            return rc;
        sc->n_targets++;
    }
    return LS_OK;
}

int ls_scenario_from_tree(ls_scenario *sc, const ls_tree *t,
                          const char *file, ls_error *e)
{
    memset(sc, 0, sizeof *sc);
    static const char *const known[] = {"scenario", "models", "balance",
                                        "weather", "targets", NULL};
    const config_setting_t *root = config_root_setting(t->root);
    int rc;
    sc->file = strdup(file);
    if (sc->file == NULL)
        rc = ls_error_oom(e);
    else if ((rc = ls_setting_check_known(root, known, e)) == LS_OK &&
             (rc = load_run(sc, root, e)) == LS_OK &&
             (rc = load_models(sc, root, e)) == LS_OK &&
             (rc = list_sensitive(sc, e)) == LS_OK &&
             (rc = load_weather(sc, root, e)) == LS_OK &&
             (rc = load_targets(sc, root, e)) == LS_OK)
        rc = copy_overrides(sc, t, e);
    if (rc != LS_OK) {
        /* Settings read from the top level carry no file name. */
        if (e != NULL && e->file[0] == '\0' && rc == LS_EINPUT)
            snprintf(e->file, sizeof e->file, "%s", file);
        ls_scenario_destroy(sc);
    }
    return rc;
}

int ls_scenario_load_set(ls_scenario *sc, const char *file,
                         const char *const *sets, size_t n, ls_error *e)
{
    memset(sc, 0, sizeof *sc);
    ls_tree t;
    int rc = ls_tree_load(&t, file, sets, n, e);
    if (rc != LS_OK)
        return rc;
    rc = ls_scenario_from_tree(sc, &t, file, e);
    ls_tree_free(&t);
    return rc;
}

int ls_scenario_load(ls_scenario *sc, const char *file, ls_error *e)
{
    return ls_scenario_load_set(sc, file, NULL, 0, e);
}
