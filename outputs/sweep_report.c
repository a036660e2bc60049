/*
 * sweep_report.c - the writers of a sweep: the table on stdout, JSON,
 * tidy CSV and the HTML report with a heat map or a band per target.
 *
 * Every P(hit) and interval comes from the sweep's cells as
 * ls_sweep_finish computed them; nothing is recomputed here.
 */
#include "sweep_report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "chart.h"
#include "doc.h"
#include "csv.h"
#include "html.h"
#include "json.h"
#include "output.h"
#include "report.h"

static ls_interval cell_ci(const ls_sweep *w, size_t c, size_t t)
{
    return w->ci[c * w->sc->n_targets + t];
}

int ls_sweep_table(FILE *out, const ls_sweep *w)
{
    const ls_scenario *sc = w->sc;
    fprintf(out, "Leusden 2040: sweep of scenario \"%s\"\nfile %s\n%llu paths "
                 "per cell, seed %llu, common random numbers\n",
            sc->name, sc->file, (unsigned long long)w->paths,
            (unsigned long long)sc->seed);
    for (size_t t = 0; t < sc->n_targets; t++) {
        fprintf(out, "\n%s: P(hit)", sc->targets[t].name);
        if (w->n_vary == 1) {
            fprintf(out, " with 95%% interval\n%14s  %7s  %s\n",
                    w->vary[0].path, "P(hit)", "95% CI");
            for (size_t c = 0; c < w->n_cells; c++) {
                ls_interval ci = cell_ci(w, c, t);
                fprintf(out, "%14.6g  %7.4f  [%.4f, %.4f]\n",
                        ls_sweep_cell_value(w, c, 0), ci.p, ci.lo, ci.hi);
            }
            continue;
        }
        fprintf(out, "; rows %s, columns %s\n%12s", w->vary[0].path,
                w->vary[1].path, "");
        for (size_t j = 0; j < w->vary[1].steps; j++)
            fprintf(out, "  %8.4g", ls_vary_value(&w->vary[1], j));
        fputc('\n', out);
        for (size_t i = 0; i < w->vary[0].steps; i++) {
            fprintf(out, "%12.6g", ls_vary_value(&w->vary[0], i));
            for (size_t j = 0; j < w->vary[1].steps; j++)
                fprintf(out, "  %8.4f",
                        cell_ci(w, i * w->vary[1].steps + j, t).p);
            fputc('\n', out);
        }
    }
    return ferror(out) ? -1 : 0;
}

int ls_sweep_json(const char *path, const ls_sweep *w, ls_error *e)
{
    const ls_scenario *sc = w->sc;
    ls_json_begin();
    json_t *root = json_object();
    json_object_set_new(root, "schema", ls_json_str("leusden-sweep/1"));
    json_object_set_new(root, "run_id", ls_json_str(w->run_id));
    json_object_set_new(root, "program", ls_json_program());
    json_object_set_new(root, "scenario", ls_json_str(sc->name));
    json_object_set_new(root, "file", ls_json_str(sc->file));
    json_object_set_new(root, "seed", json_integer((json_int_t)sc->seed));
    json_object_set_new(root, "paths_per_cell",
                        json_integer((json_int_t)w->paths));
    json_t *vs = json_array();
    for (size_t d = 0; d < w->n_vary; d++) {
        json_t *o = json_object(), *vals = json_array();
        json_object_set_new(o, "path", ls_json_str(w->vary[d].path));
        for (size_t i = 0; i < w->vary[d].steps; i++)
            json_array_append_new(vals, ls_json_num(ls_vary_value(&w->vary[d], i)));
        json_object_set_new(o, "values", vals);
        json_array_append_new(vs, o);
    }
    json_object_set_new(root, "vary", vs);
    json_t *cells = json_array();
    for (size_t c = 0; c < w->n_cells; c++) {
        json_t *o = json_object(), *vals = json_array(), *ts = json_array();
        for (size_t d = 0; d < w->n_vary; d++)
            json_array_append_new(vals, ls_json_num(ls_sweep_cell_value(w, c, d)));
        json_object_set_new(o, "values", vals);
        for (size_t t = 0; t < sc->n_targets; t++) {
            ls_interval ci = cell_ci(w, c, t);
            json_t *x = json_object();
            json_object_set_new(x, "name", ls_json_str(sc->targets[t].name));
            json_object_set_new(x, "p_hit", ls_json_num(ci.p));
            json_object_set_new(x, "ci_low", ls_json_num(ci.lo));
            json_object_set_new(x, "ci_high", ls_json_num(ci.hi));
            json_object_set_new(x, "hits", json_integer(
                (json_int_t)w->hits[c * sc->n_targets + t]));
            json_array_append_new(ts, x);
        }
        json_object_set_new(o, "targets", ts);
        json_array_append_new(cells, o);
    }
    json_object_set_new(root, "cells", cells);
    if (w->run != NULL)
        json_object_set_new(root, "run", ls_json_run(w->run, 0));
    return ls_json_dump(root, path, e);
}

int ls_sweep_csv(const char *dir, const ls_sweep *w, ls_error *e)
{
    ls_output o;
    int rc = ls_csv_open(&o, dir, "sweep.csv", e);
    if (rc != LS_OK)
        return rc;
    const ls_scenario *sc = w->sc;
    ls_csv_header(o.f, "scenario,path1,value1,path2,value2,target,p_hit,"
                       "ci_low,ci_high,hits,paths,run_id");
    for (size_t c = 0; c < w->n_cells; c++)
        for (size_t t = 0; t < sc->n_targets; t++) {
            ls_interval ci = cell_ci(w, c, t);
            ls_csv_text(o.f, sc->name);
            ls_csv_sep(o.f);
            ls_csv_text(o.f, w->vary[0].path);
            ls_csv_sep(o.f);
            ls_csv_number(o.f, ls_sweep_cell_value(w, c, 0));
            ls_csv_sep(o.f);
            ls_csv_text(o.f, w->n_vary == 2 ? w->vary[1].path : "");
            ls_csv_sep(o.f);
            if (w->n_vary == 2)
                ls_csv_number(o.f, ls_sweep_cell_value(w, c, 1));
            ls_csv_sep(o.f);
            ls_csv_text(o.f, sc->targets[t].name);
            const double v[] = {ci.p, ci.lo, ci.hi};
            for (size_t i = 0; i < 3; i++) {
                ls_csv_sep(o.f);
                ls_csv_number(o.f, v[i]);
            }
            ls_csv_sep(o.f);
            ls_csv_count(o.f, (unsigned long long)w->hits[c * sc->n_targets + t]);
            ls_csv_sep(o.f);
            ls_csv_count(o.f, (unsigned long long)w->paths);
            ls_csv_sep(o.f);
            ls_csv_text(o.f, w->run_id);
            ls_csv_end(o.f);
        }
    return ls_output_commit(&o, e);
}

/* 1 if target t is hit by the same number of paths in every cell. */
static int flat(const ls_sweep *w, size_t t)
{
    size_t nt = w->sc->n_targets;
    for (size_t c = 1; c < w->n_cells; c++)
        if (w->hits[c * nt + t] != w->hits[t])
            return 0;
    return 1;
}

static int chart_sweep(const void *w, size_t t, char **svg, ls_error *e)
{
    return ls_chart_sweep(w, t, svg, e);
}

/* The targets every cell hits equally often, in one table. */
static void flat_targets(ls_doc *d, const ls_sweep *w, size_t n_flat)
{
    const ls_scenario *sc = w->sc;
    if (n_flat == 0)
        return;
    ls_doc_add(d, LS_DOC_SECTION, 0, "%s",
               w->n_cells == 1 ? "Tussendoelen (\u00e9\u00e9n cel)"
                               : "Tussendoelen met overal dezelfde kans");
    ls_doc_add(d, LS_DOC_PARA, 0, "%s",
               w->n_cells == 1
                   ? "Het raster heeft \u00e9\u00e9n cel; dit zijn de kansen."
                   : "Deze tussendoelen worden in elke cel door precies even "
                     "veel toekomsten gehaald: de gevarieerde keuzes raken "
                     "ze niet.");
    ls_doc_table(d, 3);
    ls_doc_row(d);
    ls_doc_cell(d, LS_DOC_HEAD, "Tussendoel");
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM, "Kans");
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM, "95%%-interval");
    for (size_t t = 0; t < sc->n_targets; t++) {
        if (!flat(w, t))
            continue;
        ls_interval ci = cell_ci(w, 0, t);
        char p[32], lo[32], hi[32];
        ls_doc_row(d);
        ls_doc_cell(d, 0, "%s", sc->targets[t].label);
        ls_doc_cell_title(d, sc->targets[t].name);
        ls_doc_cell(d, LS_DOC_NUM | ls_report_verdict(ci.p), "%s",
                    ls_report_pct(ci.p, p, sizeof p));
        ls_doc_cell(d, LS_DOC_NUM, "%s" LS_NDASH "%s",
                    ls_report_pct(ci.lo, lo, sizeof lo),
                    ls_report_pct(ci.hi, hi, sizeof hi));
    }
}

int ls_sweep_html(const char *path, const ls_sweep *w, ls_error *e)
{
    const ls_scenario *sc = w->sc;
    ls_doc d;
    char n[32];
    ls_doc_init(&d, NULL);
    ls_doc_add(&d, LS_DOC_TITLE, 0, "Leusden 2040 \u2014 keuzes in een "
               "raster");
    ls_doc_add(&d, LS_DOC_SMALL, 0,
               "Scenario " LS_B "%s" LS_B_END ", %s toekomsten per "
               "cel, dezelfde toevalsgetallen in elke cel. Per tussendoel een "
               "kaart van de kans om het te halen; de kleur loopt van de "
               "laagste kans in de kaart (donkerpaars) via groen naar de "
               "hoogste (geel), en elke cel toont haar kans.", sc->label,
               ls_report_number((double)w->paths, n, sizeof n));
    size_t n_flat = 0, n_maps = 0;
    for (size_t t = 0; t < sc->n_targets; t++) {
        if (flat(w, t)) {
            n_flat++;
            continue;
        }
        if (n_maps++ == 0)
            ls_doc_add(&d, LS_DOC_SECTION, 0, "Kansen over het raster");
        ls_doc_figure(&d, chart_sweep, w, t, NULL);
    }
    flat_targets(&d, w, n_flat);
    int rc = ls_doc_write(&d, path, e);
    ls_doc_free(&d);
    return rc;
}
