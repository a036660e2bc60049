/*
 * load.c - reading a scenario file into an ls_scenario.
 *
 * tree.c parses (libconfig) and resolves inheritance and overrides; this
 * file validates the merged settings, in the order a reader would check a
 * file by hand: the scenario group, then each model instance, in step
 * order (the drivers' top-level groups, the sectors of `models`, the
 * systems' top-level groups), each read by the one generic reader from its
 * type's parameter table and then checked by the type's check hook, and
 * last the targets, which may refer to any instance's metrics.  Every
 * message names file, line and setting path.  All strings are copied out
 * of libconfig's tree, so the scenario outlives it; so are the comments
 * that document each value and the heads of the files they are in
 * (source.c), so no output ever re-opens an input.  Names are looked up
 * in maps (base/names.h) and notes through line indexes, so loading is
 * linear in the number of targets and instances (bench/load).
 */
#include "scenario.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/names.h"
#include "aggregate.h"
#include "shared.h"
#include "param.h"
#include "setting.h"
#include "source.h"
#include "tree.h"

/* The error for a name of setting `key` of g that is not among names
 * (NULL-terminated): "did you mean" if one is close, else the list. */
static int unknown_name(const config_setting_t *g, const char *key,
                        const char *what, const char *name,
                        const char *const *names, ls_error *e)
{
    char list[256] = "";
    size_t used = 0;
    for (size_t k = 0; names[k] != NULL; k++) {
        int w = snprintf(list + used, sizeof list - used, "%s%s",
                         k ? ", " : "", names[k]);
        if (w > 0 && (size_t)w < sizeof list - used)
            used += (size_t)w;
    }
    const char *hint = ls_suggest(name, names);
    const config_setting_t *at = config_setting_get_member(g, key);
    if (hint != NULL)
        return ls_setting_error(e, at, NULL, "unknown %s '%s' (did you mean "
                                "'%s'?)", what, name, hint);
    return ls_setting_error(e, at, NULL, "unknown %s '%s' (expected one of "
                            "%s)", what, name, list);
}

/* scenario.rng: one of ls_rng_kinds. */
static int load_rng(ls_scenario *sc, const config_setting_t *g, ls_error *e)
{
    const char *name;
    int rc = ls_setting_string(g, "rng", 0, ls_rng_kinds[0]->name, &name, e);
    if (rc != LS_OK)
        return rc;
    sc->rng = ls_rng_find(name);
    if (sc->rng != NULL)
        return LS_OK;
    const char *names[16];
    size_t k = 0;
    for (; ls_rng_kinds[k] != NULL && k < 15; k++)
        names[k] = ls_rng_kinds[k]->name;
    names[k] = NULL;
    return unknown_name(g, "rng", "generator", name, names, e);
}

/* scenario.samplers: "fast" (sample.h, the default) or "gsl". */
static int load_samplers(ls_scenario *sc, const config_setting_t *g,
                         ls_error *e)
{
    static const char *const names[] = {"fast", "gsl", NULL};
    const char *name;
    int rc = ls_setting_string(g, "samplers", 0, names[0], &name, e);
    if (rc != LS_OK)
        return rc;
    for (int k = 0; names[k] != NULL; k++)
        if (strcmp(name, names[k]) == 0) {
            sc->samplers = k == 0 ? LS_SAMPLERS_FAST : LS_SAMPLERS_GSL;
            return LS_OK;
        }
    return unknown_name(g, "samplers", "samplers", name, names, e);
}

static int load_run(ls_scenario *sc, const config_setting_t *root,
                    ls_error *e)
{
    static const char *const known[] = {"name", "seed", "start", "end",
                                        "rng", "samplers", "paths", "label",
                                        NULL};
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

    const char *name, *label;
    long long seed, start, end, paths;
    if ((rc = ls_setting_string(g, "name", 1, NULL, &name, e)) ||
        (rc = ls_setting_string(g, "label", 0, "", &label, e)) ||
        (rc = ls_setting_int(g, "seed", 0, INT64_MAX, 1, 0, &seed, e)) ||
        (rc = ls_setting_int(g, "start", LS_YEAR_MIN, LS_YEAR_MAX, 1, 0,
                             &start, e)) ||
        (rc = ls_setting_int(g, "end", LS_YEAR_MIN, LS_YEAR_MAX, 1, 0, &end,
                             e)) ||
        (rc = ls_setting_int(g, "paths", 1, (long long)LS_PATHS_MAX, 0, 10000,
                             &paths, e)))
        return rc;
    if (end < start)
        return ls_setting_error(e, config_setting_get_member(g, "end"), NULL,
                                "%lld is before start %lld (expected end >= "
                                "start)", end, start);
    if ((rc = load_rng(sc, g, e)) != LS_OK ||
        (rc = load_samplers(sc, g, e)) != LS_OK)
        return rc;
    sc->name = strdup(name);
    sc->label = strdup(label[0] != '\0' ? label : name);
    if (sc->name == NULL || sc->label == NULL)
        return ls_error_oom(e);
    sc->seed = (uint64_t)seed;
    sc->year0 = (int)start;
    sc->year1 = (int)end;
    sc->paths = (uint64_t)paths;
    return LS_OK;
}

/* Records where parameter k of inst was written (setting s), with the
 * comment that documents it there. */
static int record_origin(ls_scenario *sc, const ls_tree *t, ls_origin *og,
                         const config_setting_t *s, ls_error *e)
{
    const char *f = config_setting_source_file(s);
    og->file = strdup(f != NULL ? f : sc->file);
    og->line = (int)config_setting_source_line(s);
    if (og->file == NULL)
        return ls_error_oom(e);
    if (og->line <= 0)
        return LS_OK; /* --set: no comment to cite */
    const ls_lines *l = ls_tree_lines(t, og->file);
    og->note = l != NULL ? ls_source_note_at(l, og->line) : strdup("");
    return og->note != NULL ? LS_OK : ls_error_oom(e);
}

/* Reads the shared parameters and where each value came from. */
static int load_shared(ls_scenario *sc, const ls_tree *t,
                       const config_setting_t *root, ls_error *e)
{
    int rc = ls_load_shared(sc, root, e);
    const config_setting_t *g = config_setting_get_member(root, "shared");
    for (size_t k = 0; rc == LS_OK && k < sc->n_shared; k++)
        rc = record_origin(sc, t, &sc->shared[k].origin,
                           config_setting_get_elem(g, (unsigned)k), e);
    return rc;
}

/* Adds an instance of type ty named name, configured from group g (may be
 * NULL: all defaults): the generic reader fills its parameters from the
 * type's table, then the type's check hook sees them together. */
static int add_instance(ls_scenario *sc, const ls_tree *t, const char *name,
                        const ls_model_type *ty, const config_setting_t *g,
                        ls_error *e)
{
    ls_model_inst *inst = &sc->models[sc->n_models];
    inst->type = ty;
    inst->name = strdup(name);
    inst->params = calloc(1, ty->params_size ? ty->params_size : 1);
    if (inst->name == NULL || inst->params == NULL) {
        free(inst->name);
        free(inst->params);
        return ls_error_oom(e);
    }
    sc->n_models++;
    inst->id = ls_rng_name_id(inst->name);
    inst->n_dists = ls_model_dist_count(ty);
    inst->u0 = sc->n_dists;
    sc->n_dists += inst->n_dists;
    size_t n_spec = 0;
    while (ty->spec[n_spec].name != NULL)
        n_spec++;
    inst->origin = calloc(n_spec + 1, sizeof *inst->origin);
    if (inst->origin == NULL)
        return ls_error_oom(e);
    for (size_t k = 0; k < n_spec; k++) {
        const config_setting_t *s =
            g == NULL ? NULL : config_setting_get_member(g, ty->spec[k].name);
        int rc = s != NULL ? record_origin(sc, t, &inst->origin[k], s, e) : LS_OK;
        if (rc != LS_OK)
            return rc;
    }
    int rc = ls_param_read_table(inst->params, ty->spec, g, e);
    ls_check c = {NULL, ""};
    if (rc == LS_OK && ty->check != NULL &&
        ty->check(inst->params, &c) != LS_OK)
        rc = ls_setting_error(e, g, c.param, "%s", c.msg);
    return rc;
}

static const char *stage_name(ls_stage s)
{
    return s == LS_STAGE_DRIVER ? "driver" : "system";
}

/* Adds the one instance of every driver (or system) type whose top-level
 * group the scenario has, or that is always there. */
static int load_singletons(ls_scenario *sc, const ls_tree *t,
                           const config_setting_t *root, ls_stage stage,
                           ls_error *e)
{
    for (size_t i = 0; ls_model_types[i] != NULL; i++) {
        const ls_model_type *ty = ls_model_types[i];
        if (ty->stage != stage)
            continue;
        const config_setting_t *g = config_setting_get_member(root, ty->name);
        if (g == NULL && !ty->always)
            continue;
        int rc = g != NULL ? ls_setting_want_group(g, e) : LS_OK;
        if (rc != LS_OK)
            return rc;
        if (g != NULL && config_setting_get_member(g, "type") != NULL)
            return ls_setting_error(e, g, "type", "unknown setting 'type' "
                                    "(the %s has no type; expected its "
                                    "parameters only)", ty->name);
        if ((rc = add_instance(sc, t, ty->name, ty, g, e)) != LS_OK)
            return rc;
    }
    return LS_OK;
}

/* The type of sector instance m (group of `models`), after checking its
 * name is free and its type exists. */
static int sector_type(const config_setting_t *m, const ls_model_type **out,
                       ls_error *e)
{
    const char *iname = config_setting_name(m);
    const char *tname;
    int rc = ls_setting_want_group(m, e);
    if (rc != LS_OK ||
        (rc = ls_setting_string(m, "type", 0, iname, &tname, e)) != LS_OK)
        return rc;
    const ls_model_type *own = ls_model_find(iname);
    if (own != NULL && own->stage != LS_STAGE_SECTOR)
        return ls_setting_error(e, m, NULL, "'%s' is reserved: it names the "
                                "%s %s = { ... } at the top level and keys "
                                "its random stream (expected another "
                                "instance name)", iname,
                                stage_name(own->stage), iname);
    const char *names[LS_MODEL_MAX_TYPES + 1];
    size_t nt = 0;
    for (size_t i = 0; ls_model_types[i] != NULL; i++)
        if (ls_model_types[i]->stage == LS_STAGE_SECTOR) {
            assert(nt < LS_MODEL_MAX_TYPES);
            names[nt++] = ls_model_types[i]->name;
        }
    names[nt] = NULL;
    *out = ls_model_find(tname);
    if (*out != NULL && (*out)->stage == LS_STAGE_SECTOR)
        return LS_OK;
    const char *hint = ls_suggest(tname, names);
    const config_setting_t *at = config_setting_get_member(m, "type");
    if (hint != NULL)
        return ls_setting_error(e, at ? at : m, NULL, "unknown model type "
                                "'%s' (did you mean '%s'?)", tname, hint);
    return ls_setting_error(e, at ? at : m, NULL, "unknown model type '%s' "
                            "(see 'leusden --help' for the list)", tname);
}

/* Indexes the metrics by name, for ls_scenario_metric.  Instance names
 * are unique and contain no '.', so full names are unique too. */
static int index_metrics(ls_scenario *sc, ls_error *e)
{
    sc->metric_index = calloc(1, sizeof *sc->metric_index);
    if (sc->metric_index == NULL)
        return ls_error_oom(e);
    ls_names_init(sc->metric_index);
    for (size_t i = 0; i < sc->n_metrics; i++)
        if (ls_names_add(sc->metric_index, sc->metric_names[i], i) < 0)
            return ls_error_oom(e);
    return LS_OK;
}

/* Names every metric "<instance>.<metric>", in instance order. */
static int name_metrics(ls_scenario *sc, ls_error *e)
{
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
    return index_metrics(sc, e);
}

static int load_models(ls_scenario *sc, const ls_tree *t,
                       const config_setting_t *root, ls_error *e)
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
    size_t singletons = 0;
    for (size_t i = 0; ls_model_types[i] != NULL; i++)
        singletons += ls_model_types[i]->stage != LS_STAGE_SECTOR;
    sc->models = calloc((size_t)n + singletons + 1, sizeof *sc->models);
    if (sc->models == NULL)
        return ls_error_oom(e);
    if ((rc = load_singletons(sc, t, root, LS_STAGE_DRIVER, e)) != LS_OK)
        return rc;
    for (int i = 0; i < n; i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const ls_model_type *ty = NULL;
        if ((rc = sector_type(m, &ty, e)) != LS_OK ||
            (rc = add_instance(sc, t, config_setting_name(m), ty, m, e)) !=
                LS_OK)
            return rc;
    }
    if ((rc = load_singletons(sc, t, root, LS_STAGE_SYSTEM, e)) != LS_OK)
        return rc;
    return name_metrics(sc, e);
}

/* Appends a sensitivity entry `name` (copied) binning on uniform u. */
static int add_sens(ls_scenario *sc, const char *a, const char *b, size_t m,
                    size_t k, size_t u, ls_error *e)
{
    ls_sens_param *s = &sc->sens[sc->n_sens];
    size_t len = strlen(a) + strlen(b) + 2;
    s->name = malloc(len);
    if (s->name == NULL)
        return ls_error_oom(e);
    snprintf(s->name, len, b[0] ? "%s.%s" : "%s%s", a, b);
    s->model = m;
    s->spec = k;
    s->u = u;
    sc->n_sens++;
    return LS_OK;
}

/* 1 if p's value varies between paths. */
static int varies(const ls_param *p)
{
    return p->sched.n == 0 && p->dist.kind != LS_DIST_FIXED &&
           p->dist.lo < p->dist.hi;
}

/* Lists the parameters whose value varies between paths: each model's own,
 * then the shared ones (once, not per user). */
static int list_sensitive(ls_scenario *sc, ls_error *e)
{
    sc->sens = calloc(sc->n_dists + sc->n_shared + 1, sizeof *sc->sens);
    if (sc->sens == NULL)
        return ls_error_oom(e);
    int rc = LS_OK;
    for (size_t m = 0; m < sc->n_models && rc == LS_OK; m++) {
        const ls_model_inst *inst = &sc->models[m];
        const ls_param_spec *spec = inst->type->spec;
        size_t u = inst->u0;
        for (size_t k = 0; spec[k].name != NULL && rc == LS_OK; k++) {
            if (spec[k].kind != LS_PARAM_DIST)
                continue;
            const ls_param *p = (const ls_param *)(const void *)(
                (const char *)inst->params + spec[k].offset);
            if (p->shared == 0 && varies(p))
                rc = add_sens(sc, inst->name, spec[k].name, m, k, u, e);
            u++;
        }
    }
    for (size_t k = 0; k < sc->n_shared && rc == LS_OK; k++)
        if (varies(&sc->shared[k].value))
            rc = add_sens(sc, sc->shared[k].name, "", SIZE_MAX, k,
                          sc->n_dists + k, e);
    return rc;
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

/* Reads target t into *out; names holds the names of the targets before
 * it. */
/* The target's label for people, its name when not given. */
static int read_label(const config_setting_t *t, ls_target *out, ls_error *e)
{
    const char *label;
    int rc = ls_setting_string(t, "label", 0, "", &label, e);
    if (rc != LS_OK)
        return rc;
    out->label = strdup(label[0] != '\0' ? label : out->name);
    return out->label != NULL ? LS_OK : ls_error_oom(e);
}

/* A target of a year already past may say what was observed, with its
 * source: the report then shows it as met or missed. */
static int read_observed(const config_setting_t *t, ls_target *out,
                         ls_error *e)
{
    const config_setting_t *v = config_setting_get_member(t, "observed");
    const char *src;
    int rc = ls_setting_string(t, "observed_source", 0, "", &src, e);
    if (rc != LS_OK)
        return rc;
    if (v == NULL)
        return src[0] == '\0' ? LS_OK
                               : ls_setting_error(e, t, "observed_source",
                                                  "is given without "
                                                  "`observed` (expected "
                                                  "both or neither)");
    if ((rc = ls_setting_real(t, "observed", -HUGE_VAL, HUGE_VAL, 1, 0,
                              &out->observed, e)) != LS_OK)
        return rc;
    if (src[0] == '\0')
        return ls_setting_error(e, t, "observed_source", "missing (an "
                                "observed value needs its source, e.g. "
                                "\"Klimaatmonitor 2020\")");
    out->has_observed = 1;
    out->observed_source = strdup(src);
    return out->observed_source != NULL ? LS_OK : ls_error_oom(e);
}

static int load_target(ls_scenario *sc, const config_setting_t *t,
                       const ls_names *names, ls_target *out, ls_error *e)
{
    static const char *const known[] = {"name", "year", "metric", "op",
                                        "threshold", "source", "observed",
                                        "observed_source", "label", NULL};
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
    if (ls_names_get(names, name, NULL))
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
    return (rc = read_label(t, out, e)) != LS_OK ? rc
                                                 : read_observed(t, out, e);
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
    ls_names names;
    ls_names_init(&names);
    int rc = LS_OK;
    for (int i = 0; i < n && rc == LS_OK; i++) {
        const config_setting_t *t = config_setting_get_elem(l, (unsigned)i);
        ls_target *out = &sc->targets[sc->n_targets];
        rc = load_target(sc, t, &names, out, e);
        /* Counted even when it failed part-way, so that destroy frees
         * what it holds (the array is zeroed). */
        if (out->name != NULL)
            sc->n_targets++;
        if (rc == LS_OK) {
            if (ls_names_add(&names, out->name, sc->n_targets - 1) < 0)
                rc = ls_error_oom(e);
        }
    }
    ls_names_free(&names);
    return rc;
}

/* Adds the head of `file` to the scenario's heads, once. */
static int add_head(ls_scenario *sc, const ls_tree *t, const char *file,
                    ls_error *e)
{
    for (size_t i = 0; i < sc->n_heads; i++)
        if (strcmp(sc->heads[i].file, file) == 0)
            return LS_OK;
    if (sc->n_heads >= t->n_cfg + t->n_inc + 1) /* collect_heads' room */
        ls_panic("a value from '%s', a file the tree did not read", file);
    const ls_lines *l = ls_tree_lines(t, file);
    ls_file_head *h = &sc->heads[sc->n_heads];
    h->file = strdup(file);
    h->text = ls_source_head(l != NULL ? l->text : "");
    sc->n_heads++;
    return h->file != NULL && h->text != NULL ? LS_OK : ls_error_oom(e);
}

/* The heads of the scenario file and of every file a value came from, in
 * that order: they explain the abbreviations of the source comments. */
static int collect_heads(ls_scenario *sc, const ls_tree *t, ls_error *e)
{
    /* Every value comes from a file of the tree (or --set, line 0). */
    size_t most = t->n_cfg + t->n_inc + 1;
    sc->heads = calloc(most, sizeof *sc->heads);
    if (sc->heads == NULL)
        return ls_error_oom(e);
    int rc = add_head(sc, t, sc->file, e);
    for (size_t m = 0; rc == LS_OK && m < sc->n_models; m++) {
        const ls_model_inst *inst = &sc->models[m];
        for (size_t k = 0; rc == LS_OK && inst->type->spec[k].name != NULL;
             k++)
            if (inst->origin[k].file != NULL && inst->origin[k].line > 0)
                rc = add_head(sc, t, inst->origin[k].file, e);
    }
    return rc;
}

/* Checks that the top level holds only what a scenario may: its own
 * groups and those of the drivers and systems. */
static int check_top(const config_setting_t *root, ls_error *e)
{
    const char *known[LS_MODEL_MAX_TYPES + 7] = {
        "scenario", "models", "targets", "aggregates", "shared",
        "correlations"};
    size_t n = 6;
    for (size_t i = 0; ls_model_types[i] != NULL; i++)
        if (ls_model_types[i]->stage != LS_STAGE_SECTOR) {
            assert(n < LS_MODEL_MAX_TYPES + 6);
            known[n++] = ls_model_types[i]->name;
        }
    known[n] = NULL;
    return ls_setting_check_known(root, known, e);
}

/* Validates the merged settings of tree t (read from file) into *sc. */
static int from_tree(ls_scenario *sc, const ls_tree *t, const char *file,
                     ls_error *e)
{
    memset(sc, 0, sizeof *sc);
    const config_setting_t *root = config_root_setting(t->root);
    int rc;
    sc->file = strdup(file);
    if (sc->file == NULL)
        rc = ls_error_oom(e);
    else if ((rc = check_top(root, e)) == LS_OK &&
             (rc = load_run(sc, root, e)) == LS_OK &&
             (rc = load_shared(sc, t, root, e)) == LS_OK &&
             (rc = load_models(sc, t, root, e)) == LS_OK &&
             (rc = ls_scenario_check_ids(sc, e)) == LS_OK &&
             (rc = ls_link_shared(sc, root, e)) == LS_OK &&
             (rc = list_sensitive(sc, e)) == LS_OK &&
             (rc = ls_load_aggregates(sc, root, e)) == LS_OK &&
             (rc = load_targets(sc, root, e)) == LS_OK &&
             (rc = copy_overrides(sc, t, e)) == LS_OK)
        rc = collect_heads(sc, t, e);
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
    rc = from_tree(sc, &t, file, e);
    ls_tree_free(&t);
    return rc;
}

int ls_scenario_load(ls_scenario *sc, const char *file, ls_error *e)
{
    return ls_scenario_load_set(sc, file, NULL, 0, e);
}
