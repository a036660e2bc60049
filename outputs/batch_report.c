/*
 * batch_report.c - `leusden batch` as JSON and CSV (batch_report.h).
 */
#include "batch_report.h"

#include <stdio.h>

#include <jansson.h>

#include "csv.h"
#include "json.h"
#include "output.h"

static json_t *scenario_json(const ls_batch *b, size_t i)
{
    json_t *o = json_object();
    json_object_set_new(o, "file", ls_json_str(b->files[i]));
    if (b->sc[i] == NULL) {
        json_object_set_new(o, "skipped", json_true());
        return o;
    }
    const ls_scenario *sc = b->sc[i];
    const ls_accum *acc = b->acc[i];
    json_object_set_new(o, "name", ls_json_str(sc->name));
    json_object_set_new(o, "skipped", json_false());
    json_object_set_new(o, "seed", json_integer((json_int_t)sc->seed));
    json_object_set_new(o, "paths", json_integer((json_int_t)acc->paths));
    json_t *ts = json_array();
    for (size_t t = 0; t < sc->n_targets; t++) {
        const ls_target *g = &sc->targets[t];
        ls_interval ci = ls_result_ci(acc->hits[t], acc->paths);
        json_t *x = json_object();
        json_object_set_new(x, "name", ls_json_str(g->name));
        json_object_set_new(x, "year", json_integer(g->year));
        json_object_set_new(x, "metric",
                            ls_json_str(sc->metric_names[g->metric]));
        json_object_set_new(x, "p_hit", ls_json_num(ci.p));
        json_object_set_new(x, "ci_low", ls_json_num(ci.lo));
        json_object_set_new(x, "ci_high", ls_json_num(ci.hi));
        json_object_set_new(x, "hits", json_integer((json_int_t)acc->hits[t]));
        json_array_append_new(ts, x);
    }
    json_object_set_new(o, "targets", ts);
    return o;
}

int ls_batch_json(const char *path, const ls_batch *b, ls_error *e)
{
    ls_json_begin();
    json_t *root = json_object();
    json_object_set_new(root, "schema", ls_json_str("leusden-batch/1"));
    json_object_set_new(root, "run_id", ls_json_str(b->run_id));
    json_object_set_new(root, "program", ls_json_program());
    json_t *scs = json_array();
    for (size_t i = 0; i < b->n; i++)
        json_array_append_new(scs, scenario_json(b, i));
    json_object_set_new(root, "scenarios", scs);
    return ls_json_dump(root, path, e);
}

int ls_batch_csv(const char *dir, const ls_batch *b, ls_error *e)
{
    ls_output o;
    int rc = ls_csv_open(&o, dir, "batch.csv", e);
    if (rc != LS_OK)
        return rc;
    ls_csv_header(o.f, "scenario,file,target,year,metric,op,threshold,p_hit,"
                       "ci_low,ci_high,hits,paths,run_id");
    for (size_t i = 0; i < b->n; i++) {
        const ls_scenario *sc = b->sc[i];
        for (size_t t = 0; sc != NULL && t < sc->n_targets; t++) {
            const ls_target *g = &sc->targets[t];
            const ls_accum *acc = b->acc[i];
            ls_interval ci = ls_result_ci(acc->hits[t], acc->paths);
            ls_csv_text(o.f, sc->name);
            ls_csv_sep(o.f);
            ls_csv_text(o.f, b->files[i]);
            ls_csv_sep(o.f);
            ls_csv_text(o.f, g->name);
            ls_csv_sep(o.f);
            ls_csv_count(o.f, (unsigned long long)g->year);
            ls_csv_sep(o.f);
            ls_csv_text(o.f, sc->metric_names[g->metric]);
            ls_csv_sep(o.f);
            ls_csv_text(o.f, ls_op_str(g->op));
            const double v[] = {g->threshold, ci.p, ci.lo, ci.hi};
            for (size_t k = 0; k < 4; k++) {
                ls_csv_sep(o.f);
                ls_csv_number(o.f, v[k]);
            }
            ls_csv_sep(o.f);
            ls_csv_count(o.f, (unsigned long long)acc->hits[t]);
            ls_csv_sep(o.f);
            ls_csv_count(o.f, (unsigned long long)acc->paths);
            ls_csv_sep(o.f);
            ls_csv_text(o.f, b->run_id);
            ls_csv_end(o.f);
        }
    }
    return ls_output_commit(&o, e);
}
