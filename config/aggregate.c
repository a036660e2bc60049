/*
 * aggregate.c - the `aggregates` group: metrics that add up model metrics.
 *
 *   aggregates = {
 *     outer_tj = { sum = ["regional.outer_tj", "res.outer_tj"];
 *                  doc = "outer-area generation, all regional projects"; };
 *   };
 *
 * makes the metric "aggregates.outer_tj", the sum of its terms in every
 * path-year (the engine adds them after the models have stepped), so a
 * target can be on the sum: the RES region's output over all regional
 * instances, a cost over several sectors.  Terms are model metrics (not
 * other aggregates) of one unit; the aggregate keeps the invariants all
 * its terms have (non-negative, whole, never decreasing), never the flow
 * flags, which belong to one sector.
 */
#include "aggregate.h"

#include <stdlib.h>
#include <string.h>

#include "../base/names.h"
#include "../base/suggest.h"
#include "setting.h"

/* The flags a sum of metrics that all have them keeps. */
#define SUM_FLAGS (LS_M_NONNEG | LS_M_COUNT | LS_M_MONOTONE)

/* Looks term k of aggregate g's sum up among the models' metrics. */
static int read_term(const ls_scenario *sc, const config_setting_t *sum,
                     int k, size_t n_model_metrics, size_t *out, ls_error *e)
{
    const config_setting_t *item = config_setting_get_elem(sum, (unsigned)k);
    if (config_setting_type(item) != CONFIG_TYPE_STRING)
        return ls_setting_type_error(e, item, "a metric name as a string, "
                                     "e.g. \"regional.outer_tj\"");
    const char *name = config_setting_get_string(item);
    long m = ls_scenario_metric(sc, name);
    if (m >= 0 && (size_t)m < n_model_metrics) {
        *out = (size_t)m;
        return LS_OK;
    }
    if (m >= 0)
        return ls_setting_error(e, item, NULL, "'%s' is an aggregate "
                                "(expected a model's metric)", name);
    const char *hint = ls_suggest(name, (const char *const *)sc->metric_names);
    if (hint != NULL)
        return ls_setting_error(e, item, NULL, "unknown metric '%s' (did you "
                                "mean '%s'?)", name, hint);
    return ls_setting_error(e, item, NULL, "unknown metric '%s' (expected "
                            "'<model>.<metric>')", name);
}

/* Reads aggregate group g into *a, whose metric index is set. */
static int read_aggregate(const ls_scenario *sc, const config_setting_t *g,
                          size_t n_model_metrics, ls_aggregate *a,
                          ls_error *e)
{
    static const char *const known[] = {"sum", "doc", "label", NULL};
    int rc = ls_setting_want_group(g, e);
    if (rc != LS_OK || (rc = ls_setting_check_known(g, known, e)) != LS_OK)
        return rc;
    const config_setting_t *sum = config_setting_get_member(g, "sum");
    if (sum == NULL)
        return ls_setting_error(e, g, "sum", "missing (expected a list of "
                                "metric names, e.g. [\"regional.outer_tj\"])");
    if (!config_setting_is_array(sum) && !config_setting_is_list(sum))
        return ls_setting_type_error(e, sum, "a list of metric names");
    int n = config_setting_length(sum);
    if (n == 0)
        return ls_setting_error(e, sum, NULL, "is empty (expected at least "
                                "one metric)");
    a->terms = calloc((size_t)n, sizeof *a->terms);
    if (a->terms == NULL)
        return ls_error_oom(e);
    unsigned flags = SUM_FLAGS;
    for (int k = 0; k < n; k++) {
        if ((rc = read_term(sc, sum, k, n_model_metrics, &a->terms[k], e)))
            return rc;
        const ls_metric_def *d = sc->metric_defs[a->terms[k]];
        if (k > 0 && strcmp(d->unit, a->def.unit) != 0)
            return ls_setting_error(e, config_setting_get_elem(sum,
                                                               (unsigned)k),
                                    NULL, "is in %s, the first term in %s "
                                    "(expected one unit)", d->unit,
                                    a->def.unit);
        a->def.unit = d->unit;
        flags &= d->flags;
        a->n_terms++;
    }
    const char *doc;
    if ((rc = ls_setting_string(g, "doc", 0, "", &doc, e)) != LS_OK)
        return rc;
    a->doc = strdup(doc[0] ? doc : "a sum of model metrics");
    if (a->doc == NULL)
        return ls_error_oom(e);
    a->def.doc = a->doc;
    a->def.flags = flags;
    const char *label;
    if ((rc = ls_setting_string(g, "label", 0, "", &label, e)) != LS_OK)
        return rc;
    if (label[0] != '\0' && (a->label = strdup(label)) == NULL)
        return ls_error_oom(e);
    a->def.label = a->label;
    return LS_OK;
}

/* Names aggregate a "aggregates.<name>" and indexes it. */
static int name_aggregate(ls_scenario *sc, ls_aggregate *a, const char *name,
                          ls_error *e)
{
    size_t len = strlen("aggregates.") + strlen(name) + 1;
    char *full = malloc(len);
    a->name = strdup(name);
    if (full == NULL || a->name == NULL) {
        free(full);
        return ls_error_oom(e);
    }
    snprintf(full, len, "aggregates.%s", name);
    a->def.name = a->name;
    sc->metric_names[a->metric] = full;
    sc->metric_defs[a->metric] = &a->def;
    sc->n_metrics++;
    if (sc->metric_index != NULL &&
        ls_names_add(sc->metric_index, full, a->metric) < 0)
        return ls_error_oom(e);
    return LS_OK;
}

int ls_load_aggregates(ls_scenario *sc, const config_setting_t *root,
                       ls_error *e)
{
    const config_setting_t *g = config_setting_get_member(root,
                                                          "aggregates");
    if (g == NULL)
        return LS_OK;
    int rc = ls_setting_want_group(g, e);
    if (rc != LS_OK)
        return rc;
    size_t n = (size_t)config_setting_length(g), base = sc->n_metrics;
    if (n > LS_AGGREGATES_MAX)
        return ls_setting_error(e, g, NULL, "has %zu aggregates (expected at "
                                "most %d, LS_AGGREGATES_MAX)", n,
                                LS_AGGREGATES_MAX);
    /* The names and definitions grow by n (NULL-terminated). */
    char **names = realloc(sc->metric_names, (base + n + 1) * sizeof *names);
    if (names == NULL)
        return ls_error_oom(e);
    sc->metric_names = names;
    const ls_metric_def **defs = realloc(sc->metric_defs,
                                         (base + n + 1) * sizeof *defs);
    if (defs == NULL)
        return ls_error_oom(e);
    sc->metric_defs = defs;
    for (size_t k = base; k <= base + n; k++) {
        sc->metric_names[k] = NULL;
        sc->metric_defs[k] = NULL;
    }
    sc->aggregates = calloc(n, sizeof *sc->aggregates);
    if (sc->aggregates == NULL)
        return ls_error_oom(e);
    for (size_t k = 0; k < n; k++) {
        const config_setting_t *a = config_setting_get_elem(g, (unsigned)k);
        ls_aggregate *ag = &sc->aggregates[k];
        ag->metric = base + k;
        sc->n_aggregates++;
        if ((rc = read_aggregate(sc, a, base, ag, e)) != LS_OK ||
            (rc = name_aggregate(sc, ag, config_setting_name(a), e)) != LS_OK)
            return rc;
    }
    return LS_OK;
}
