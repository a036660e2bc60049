/*
 * batch_report.c - `leusden batch` as JSON, CSV and a report
 * (batch_report.h).
 */
#include "batch_report.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "csv.h"
#include "doc.h"
#include "json.h"
#include "output.h"
#include "report.h"

#ifndef LS_VERSION
#define LS_VERSION "unknown"
#endif

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

/* The targets of every scenario that ran, each name once, in the order
 * they first appear: (scenario, target) pairs into sc_of and t_of; their
 * count.  The arrays have room for every target of every scenario. */
static size_t target_union(const ls_batch *b, size_t *sc_of, size_t *t_of)
{
    size_t n = 0;
    for (size_t i = 0; i < b->n; i++)
        for (size_t t = 0; b->sc[i] != NULL && t < b->sc[i]->n_targets;
             t++) {
            const char *name = b->sc[i]->targets[t].name;
            int seen = 0;
            for (size_t k = 0; k < n && !seen; k++)
                seen = strcmp(b->sc[sc_of[k]]->targets[t_of[k]].name,
                              name) == 0;
            if (!seen) {
                sc_of[n] = i;
                t_of[n++] = (size_t)t;
            }
        }
    return n;
}

/* The table: a row per target, a column per scenario that ran. */
static void batch_table(ls_doc *d, const ls_batch *b, const size_t *sc_of,
                        const size_t *t_of, size_t n)
{
    size_t cols = 1;
    for (size_t i = 0; i < b->n; i++)
        cols += b->sc[i] != NULL;
    ls_doc_table(d, cols);
    ls_doc_row(d);
    ls_doc_cell(d, LS_DOC_HEAD, "Tussendoel");
    for (size_t i = 0; i < b->n; i++)
        if (b->sc[i] != NULL) {
            ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM, "%s", b->sc[i]->label);
            ls_doc_cell_title(d, b->sc[i]->name);
        }
    for (size_t k = 0; k < n; k++) {
        const ls_target *g = &b->sc[sc_of[k]]->targets[t_of[k]];
        ls_doc_row(d);
        ls_doc_cell(d, 0, "%s", g->label);
        ls_doc_cell_title(d, g->name);
        for (size_t i = 0; i < b->n; i++) {
            if (b->sc[i] == NULL)
                continue;
            long t = ls_scenario_target(b->sc[i], g->name);
            if (t < 0) {
                ls_doc_cell(d, LS_DOC_NUM, LS_NDASH);
                continue;
            }
            ls_interval ci = ls_result_ci(b->acc[i]->hits[t],
                                          b->acc[i]->paths);
            char p[32];
            ls_doc_cell(d, LS_DOC_NUM | ls_report_verdict(ci.p), "%s",
                        ls_report_pct(ci.p, p, sizeof p));
        }
    }
}

int ls_batch_html(const char *path, const ls_batch *b, ls_error *e)
{
    size_t total = 0, ran = 0;
    for (size_t i = 0; i < b->n; i++)
        if (b->sc[i] != NULL) {
            total += b->sc[i]->n_targets;
            ran++;
        }
    size_t *sc_of = malloc((total + 1) * sizeof *sc_of);
    size_t *t_of = malloc((total + 1) * sizeof *t_of);
    if (sc_of == NULL || t_of == NULL) {
        free(sc_of);
        free(t_of);
        return ls_error_oom(e);
    }
    size_t n = target_union(b, sc_of, t_of);
    ls_doc d;
    ls_doc_init(&d, b->run_id);
    ls_doc_add(&d, LS_DOC_TITLE, 0, "Leusden 2040 \u2014 scenario's naast "
               "elkaar");
    ls_doc_add(&d, LS_DOC_SMALL, 0, "%zu scenario's, elk apart doorgerekend "
               "met zijn eigen startgetal en aantal toekomsten (voor "
               "verschillen tussen keuzes op dezelfde toekomsten: "
               LS_CODE "leusden compare" LS_CODE_END "). Per tussendoel de "
               "kans om het "
               "te halen; " LS_NDASH " waar een scenario het tussendoel niet "
               "heeft.", ran);
    ls_doc_add(&d, LS_DOC_SECTION, 0, "Kans om de tussendoelen te halen");
    batch_table(&d, b, sc_of, t_of, n);
    ls_doc_add(&d, LS_DOC_SECTION, 0, "De scenario's");
    ls_doc_table(&d, 4);
    ls_doc_row(&d);
    ls_doc_cell(&d, LS_DOC_HEAD, "Scenario");
    ls_doc_cell(&d, LS_DOC_HEAD, "Bestand");
    ls_doc_cell(&d, LS_DOC_HEAD | LS_DOC_NUM, "Toekomsten");
    ls_doc_cell(&d, LS_DOC_HEAD | LS_DOC_NUM, "Startgetal");
    for (size_t i = 0; i < b->n; i++) {
        char num[32];
        ls_doc_row(&d);
        if (b->sc[i] == NULL) {
            ls_doc_cell(&d, LS_DOC_POOR, "overgeslagen (fout in de invoer)");
            ls_doc_cell(&d, 0, LS_CODE "%s" LS_CODE_END, b->files[i]);
            ls_doc_cell(&d, 0, "%s", "");
            ls_doc_cell_span(&d, 2);
            continue;
        }
        ls_doc_cell(&d, 0, "%s", b->sc[i]->label);
        ls_doc_cell(&d, 0, LS_CODE "%s" LS_CODE_END, b->files[i]);
        ls_doc_cell(&d, LS_DOC_NUM, "%s",
                    ls_report_number((double)b->acc[i]->paths, num,
                                     sizeof num));
        ls_doc_cell(&d, LS_DOC_NUM, "%llu",
                    (unsigned long long)b->sc[i]->seed);
    }
    ls_doc_add(&d, LS_DOC_SMALL, 0,
               "Run-id " LS_CODE "%s" LS_CODE_END "; leusden %s.",
               b->run_id, LS_VERSION);
    int rc = ls_doc_write(&d, path, e);
    ls_doc_free(&d);
    free(sc_of);
    free(t_of);
    return rc;
}
