/*
 * scenario.c - the loaded scenario as an object: freeing it, looking
 * things up in it, comparing two, and setting one parameter (for sweeps).
 *
 * Reading files into it is load.c's (the only file here that needs
 * libconfig's tree); this one sees only the scenario, the parameter
 * tables and the model types, so a sweep can change a value without a
 * settings tree: the value is checked against the same table ranges and
 * the same check hook as a value read from a file.
 */
#include "scenario.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/names.h"

const char *ls_op_str(ls_op op)
{
    return op == LS_OP_GE ? ">=" : "<=";
}

void ls_scenario_destroy(ls_scenario *sc)
{
    free(sc->file);
    free(sc->name);
    free(sc->label);
    for (size_t i = 0; i < sc->n_models; i++) {
        free(sc->models[i].name);
        free(sc->models[i].params);
        for (size_t k = 0; sc->models[i].origin != NULL &&
                           sc->models[i].type->spec[k].name != NULL;
             k++)
        {
            free(sc->models[i].origin[k].file);
            free(sc->models[i].origin[k].note);
        }
        free(sc->models[i].origin);
    }
    free(sc->models);
    for (size_t i = 0; i < sc->n_metrics; i++)
        free(sc->metric_names[i]);
    free(sc->metric_names);
    free(sc->metric_defs);
    for (size_t i = 0; i < sc->n_aggregates; i++) {
        free(sc->aggregates[i].terms);
        free(sc->aggregates[i].name);
        free(sc->aggregates[i].doc);
        free(sc->aggregates[i].label);
    }
    free(sc->aggregates);
    for (size_t i = 0; i < sc->n_targets; i++) {
        free(sc->targets[i].name);
        free(sc->targets[i].source);
        free(sc->targets[i].observed_source);
        free(sc->targets[i].label);
    }
    free(sc->targets);
    for (size_t i = 0; i < sc->n_sens; i++)
        free(sc->sens[i].name);
    free(sc->sens);
    for (size_t i = 0; i < sc->n_shared; i++) {
        free(sc->shared[i].name);
        free(sc->shared[i].origin.file);
        free(sc->shared[i].origin.note);
    }
    free(sc->shared);
    free(sc->correlations);
    free(sc->copula);
    for (size_t i = 0; i < sc->n_overrides; i++) {
        free(sc->overrides[i].path);
        free(sc->overrides[i].file);
        free(sc->overrides[i].was_file);
    }
    free(sc->overrides);
    for (size_t i = 0; i < sc->n_heads; i++) {
        free(sc->heads[i].file);
        free(sc->heads[i].text);
    }
    free(sc->heads);
    if (sc->metric_index != NULL)
        ls_names_free(sc->metric_index);
    free(sc->metric_index);
    memset(sc, 0, sizeof *sc);
}

int ls_scenario_same_paths(const ls_scenario *a, const ls_scenario *b)
{
    if (a->seed != b->seed || a->rng != b->rng ||
        a->samplers != b->samplers || a->year0 != b->year0 ||
        a->year1 != b->year1 || a->n_models != b->n_models)
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
    size_t at;
    if (sc->metric_index != NULL)
        return ls_names_get(sc->metric_index, name, &at) ? (long)at : -1;
    for (size_t i = 0; i < sc->n_metrics; i++)
        if (strcmp(sc->metric_names[i], name) == 0)
            return (long)i;
    return -1;
}

long ls_scenario_target(const ls_scenario *sc, const char *name)
{
    for (size_t t = 0; t < sc->n_targets; t++)
        if (strcmp(sc->targets[t].name, name) == 0)
            return (long)t;
    return -1;
}

long ls_scenario_instance(const ls_scenario *sc, const char *name)
{
    for (size_t m = 0; m < sc->n_models; m++)
        if (strcmp(sc->models[m].name, name) == 0)
            return (long)m;
    return -1;
}

const char *ls_scenario_group_path(const ls_scenario *sc, size_t m, char *buf,
                                   size_t n)
{
    const ls_model_inst *inst = &sc->models[m];
    const char *pre = inst->type->stage == LS_STAGE_SECTOR ? "models." : "";
    if (snprintf(buf, n, "%s%s", pre, inst->name) >= (int)n && n > 0)
        buf[n - 1] = '\0'; /* cut, as an error message cuts it */
    return buf;
}

int ls_scenario_set_value(ls_scenario *sc, size_t m, size_t k, double x,
                          const char *where, ls_error *e)
{
    ls_model_inst *inst = &sc->models[m];
    const ls_param_spec *sp = &inst->type->spec[k];
    /* The error cuts the path to LS_ERROR_PATH_MAX; room for both here. */
    char group[LS_ERROR_PATH_MAX], path[2 * LS_ERROR_PATH_MAX + 2];
    snprintf(path, sizeof path, "%s.%s",
             ls_scenario_group_path(sc, m, group, sizeof group), sp->name);
    if (!isfinite(x) || x < sp->lo || x > sp->hi)
        return ls_error_set(e, LS_EINPUT, where, 0, path, "%g is out of range "
                            "(expected %g to %g)", x, sp->lo, sp->hi);
    int whole = sp->kind == LS_PARAM_INT || sp->integer;
    if (whole && x != floor(x))
        return ls_error_set(e, LS_EINPUT, where, 0, path, "%g is not a whole "
                            "number (expected an integer)", x);

    /* Set it on a copy, so a value the model refuses leaves no trace. */
    size_t size = inst->type->params_size;
    unsigned char *old = malloc(size ? size : 1);
    if (old == NULL)
        return ls_error_oom(e);
    memcpy(old, inst->params, size);
    char *field = (char *)inst->params + sp->offset;
    if (sp->kind == LS_PARAM_REAL)
        memcpy(field, &x, sizeof x);
    else if (sp->kind == LS_PARAM_INT) {
        long long v = (long long)x; /* whole and within the range */
        memcpy(field, &v, sizeof v);
    } else
        ls_param_fixed((ls_param *)(void *)field, x, sp->integer);
    ls_check c = {NULL, ""};
    if (inst->type->check != NULL &&
        inst->type->check(inst->params, &c) != LS_OK) {
        memcpy(inst->params, old, size);
        free(old);
        /* At the blamed parameter: where it was written, unless it is the
         * one being set. */
        const char *file = where;
        int line = 0;
        for (size_t j = 0; inst->type->spec[j].name != NULL; j++)
            if (j != k && strcmp(inst->type->spec[j].name, c.param) == 0) {
                file = inst->origin[j].file ? inst->origin[j].file : sc->file;
                line = inst->origin[j].line;
            }
        snprintf(path, sizeof path, "%s.%s", group, c.param);
        return ls_error_set(e, LS_EINPUT, file, line, path, "%s", c.msg);
    }
    free(old);
    return LS_OK;
}

/* The random-stream id and the setting path of stream owner k: the
 * models first, then the shared parameters. */
static uint64_t owner_id(const ls_scenario *sc, size_t k)
{
    return k < sc->n_models ? sc->models[k].id
                            : sc->shared[k - sc->n_models].id;
}

static const char *owner_name(const ls_scenario *sc, size_t k)
{
    return k < sc->n_models ? sc->models[k].name
                            : sc->shared[k - sc->n_models].name;
}

typedef struct id_of {
    uint64_t id;
    size_t k;
} id_of;

static int by_id(const void *a, const void *b)
{
    const id_of *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->k < y->k ? -1 : x->k > y->k;
}

int ls_scenario_check_ids(const ls_scenario *sc, ls_error *e)
{
    size_t n = sc->n_models + sc->n_shared;
    id_of *ids = malloc((n + 1) * sizeof *ids);
    if (ids == NULL)
        return ls_error_oom(e);
    for (size_t k = 0; k < n; k++)
        ids[k] = (id_of){owner_id(sc, k), k};
    qsort(ids, n, sizeof *ids, by_id); /* O(n log n): 10^5 instances */
    int rc = LS_OK;
    for (size_t i = 1; i < n && rc == LS_OK; i++) {
        if (ids[i].id != ids[i - 1].id)
            continue;
        size_t a = ids[i - 1].k, b = ids[i].k;
        char path[256];
        snprintf(path, sizeof path, "%s%s", b < sc->n_models ? "models." : "",
                 owner_name(sc, b));
        rc = ls_error_set(e, LS_EINPUT, sc->file, 0, path, "has the same "
                          "random-stream id as %s (a collision of the 64-bit "
                          "name hash; expected distinct ids: rename one of "
                          "them)", owner_name(sc, a));
    }
    free(ids);
    return rc;
}
