/*
 * sweep.c - grids of parameter values on common random numbers.
 *
 * A varied parameter becomes a plain number: for each cell the value is
 * set in the owning instance's parameters (ls_scenario_set_value), which
 * checks it against the parameter table's range and the model's own
 * cross-checks (nom0 <= stock0, ...), so every cell is validated as a file
 * would be.  Nothing else is re-read or re-allocated.  Scenario and target
 * settings cannot be varied: the engine has derived tables from them.
 */
#include "sweep.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../base/suggest.h"
#include "chart.h"
#include "csv.h"
#include "html.h"
#include "json.h"
#include "output.h"
#include "report.h"
#include "../base/stats.h"

int ls_vary_parse(const char *arg, ls_vary *v, ls_error *e)
{
    memset(v, 0, sizeof *v);
    const char *eq = strchr(arg, '=');
    unsigned long steps = 0;
    int used = 0;
    if (eq == NULL || eq == arg || (size_t)(eq - arg) >= sizeof v->path ||
        sscanf(eq + 1, "%lf:%lf:%lu%n", &v->from, &v->to, &steps, &used) !=
            3 ||
        eq[1 + used] != '\0' || steps < 1 || steps > 1000 ||
        !isfinite(v->from) || !isfinite(v->to))
        return ls_error_set(e, LS_EINPUT, "--vary", 0, NULL,
                            "'%s' is not PATH=FROM:TO:STEPS (e.g. "
                            "models.regional.turbines=0:10:11, 1 to 1000 "
                            "steps)", arg);
    if (steps == 1 && v->from != v->to)
        return ls_error_set(e, LS_EINPUT, "--vary", 0, NULL,
                            "'%s' has 1 step from %g to %g (expected FROM = "
                            "TO for one value, or 2 or more steps)", arg,
                            v->from, v->to);
    snprintf(v->path, sizeof v->path, "%.*s", (int)(eq - arg), arg);
    v->steps = steps;
    return LS_OK;
}

double ls_vary_value(const ls_vary *v, size_t i)
{
    if (v->steps == 1)
        return v->from;
    return v->from + (v->to - v->from) * (double)i / (double)(v->steps - 1);
}

/* Splits a --vary path into instance and parameter: models.<inst>.<p>
 * for a sector, <inst>.<p> for a driver or system (weather, balance).
 * Returns the instance's index, or -1 with *e filled. */
static long find_instance(const ls_scenario *sc, const ls_vary *v,
                          char *buf, size_t n, const char **param,
                          ls_error *e)
{
    snprintf(buf, n, "%s", v->path);
    int sector = strncmp(buf, "models.", 7) == 0;
    char *inst = sector ? buf + 7 : buf, *dot = strchr(inst, '.');
    if (dot != NULL)
        *dot = '\0';
    *param = dot != NULL ? dot + 1 : NULL;
    long m = ls_scenario_instance(sc, inst);
    int ok = m >= 0 && (sc->models[m].type->stage == LS_STAGE_SECTOR) ==
                           sector;
    if (*param == NULL || strchr(*param, '.') != NULL || (!sector && !ok)) {
        ls_error_set(e, LS_EINPUT, "--vary", 0, v->path,
                     "can only vary a model parameter "
                     "(models.<instance>.<parameter>) or a balance "
                     "parameter (balance.<parameter>)");
        return -1;
    }
    if (!ok)
        ls_error_set(e, LS_EINPUT, "--vary", 0, v->path,
                     "no model instance '%s'", inst);
    return ok ? m : -1;
}

/* Finds the instance and parameter a path names. */
static int bind(ls_sweep *w, ls_vary *v, ls_error *e)
{
    char buf[sizeof v->path];
    const char *param;
    long m = find_instance(w->sc, v, buf, sizeof buf, &param, e);
    if (m < 0)
        return LS_EINPUT;
    const ls_param_spec *spec = w->sc->models[m].type->spec;
    for (size_t k = 0; spec[k].name != NULL; k++) {
        if (strcmp(spec[k].name, param) != 0)
            continue;
        v->model = (size_t)m;
        v->spec = k;
        snprintf(v->name, sizeof v->name, "%s", param);
        v->integer = spec[k].kind == LS_PARAM_INT || spec[k].integer;
        for (size_t i = 0; v->integer && i < v->steps; i++) {
            double x = ls_vary_value(v, i);
            if (x != floor(x))
                return ls_error_set(e, LS_EINPUT, "--vary", 0, v->path,
                                    "value %g is not a whole number (the "
                                    "parameter is; choose FROM, TO and "
                                    "STEPS so the grid is whole)", x);
        }
        return LS_OK;
    }
    const char *names[LS_MODEL_MAX_PARAMS + 1];
    size_t n = 0;
    for (size_t k = 0; spec[k].name != NULL && n < LS_MODEL_MAX_PARAMS; k++)
        names[n++] = spec[k].name;
    names[n] = NULL;
    const char *hint = ls_suggest(param, names);
    return ls_error_set(e, LS_EINPUT, "--vary", 0, v->path,
                        "'%s' has no parameter '%s'%s%s%s",
                        w->sc->models[m].name, param,
                        hint ? " (did you mean '" : "", hint ? hint : "",
                        hint ? "'?)" : "");
}

int ls_sweep_init(ls_sweep *w, ls_scenario *sc, const ls_vary *v, size_t n,
                  ls_error *e)
{
    memset(w, 0, sizeof *w);
    w->sc = sc;
    w->n_vary = n;
    w->n_cells = 1;
    for (size_t i = 0; i < n; i++) {
        w->vary[i] = v[i];
        int rc = bind(w, &w->vary[i], e);
        if (rc != LS_OK)
            return rc;
        w->n_cells *= v[i].steps;
    }
    if (n == 2 && w->vary[0].model == w->vary[1].model &&
        strcmp(w->vary[0].name, w->vary[1].name) == 0)
        return ls_error_set(e, LS_EINPUT, "--vary", 0, w->vary[1].path,
                            "varied twice (expected two different "
                            "parameters)");
    w->hits = calloc(w->n_cells * (sc->n_targets ? sc->n_targets : 1),
                     sizeof *w->hits);
    if (w->hits == NULL)
        return ls_error_oom(e);
    return LS_OK;
}

void ls_sweep_free(ls_sweep *w)
{
    free(w->hits);
    w->hits = NULL;
}

/* The value of variable d in cell c. */
static double cell_value(const ls_sweep *w, size_t c, size_t d)
{
    size_t i = w->n_vary == 2 ? (d == 0 ? c / w->vary[1].steps
                                        : c % w->vary[1].steps)
                              : c;
    return ls_vary_value(&w->vary[d], i);
}

int ls_sweep_set_cell(ls_sweep *w, size_t c, ls_error *e)
{
    for (size_t d = 0; d < w->n_vary; d++) {
        const ls_vary *v = &w->vary[d];
        int rc = ls_scenario_set_value(w->sc, v->model, v->spec,
                                       cell_value(w, c, d), "--vary", e);
        if (rc == LS_OK)
            continue;
        char msg[LS_ERROR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", e->msg);
        char full[2 * LS_ERROR_MSG_MAX + 2 * 256];
        snprintf(full, sizeof full, "%s (in the cell %s = %g%s%s%s)", msg,
                 w->vary[0].path, cell_value(w, c, 0),
                 w->n_vary == 2 ? ", " : "",
                 w->n_vary == 2 ? w->vary[1].path : "",
                 w->n_vary == 2 ? " varied too" : "");
        size_t len = strlen(full);
        if (len >= sizeof e->msg)
            len = sizeof e->msg - 1;
        memcpy(e->msg, full, len);
        e->msg[len] = '\0';
        return rc;
    }
    return LS_OK;
}

static ls_interval cell_ci(const ls_sweep *w, size_t c, size_t t)
{
    return ls_stats_binomial_ci(w->hits[c * w->sc->n_targets + t], w->paths,
                                LS_REPORT_LEVEL, LS_CI_CLOPPER_PEARSON);
}

int ls_sweep_table(FILE *out, const ls_sweep *w)
{
    const ls_scenario *sc = w->sc;
    fprintf(out, "Leusden 2040: sweep of scenario \"%s\" (%s), %llu paths "
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
                        cell_value(w, c, 0), ci.p, ci.lo, ci.hi);
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

int ls_sweep_json(const char *path, const ls_sweep *w,
                  const ls_run_stats *run, ls_error *e)
{
    const ls_scenario *sc = w->sc;
    json_t *root = json_object();
    json_object_set_new(root, "schema", json_string("leusden-sweep/1"));
    json_object_set_new(root, "program", ls_json_program());
    json_object_set_new(root, "scenario", json_string(sc->name));
    json_object_set_new(root, "file", json_string(sc->file));
    json_object_set_new(root, "seed", json_integer((json_int_t)sc->seed));
    json_object_set_new(root, "paths_per_cell",
                        json_integer((json_int_t)w->paths));
    json_t *vs = json_array();
    for (size_t d = 0; d < w->n_vary; d++) {
        json_t *o = json_object(), *vals = json_array();
        json_object_set_new(o, "path", json_string(w->vary[d].path));
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
            json_array_append_new(vals, ls_json_num(cell_value(w, c, d)));
        json_object_set_new(o, "values", vals);
        for (size_t t = 0; t < sc->n_targets; t++) {
            ls_interval ci = cell_ci(w, c, t);
            json_t *x = json_object();
            json_object_set_new(x, "name", json_string(sc->targets[t].name));
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
    if (run != NULL)
        json_object_set_new(root, "run", ls_json_run(run, 0));
    return ls_json_dump(root, path, e);
}

int ls_sweep_csv(const char *dir, const ls_sweep *w, ls_error *e)
{
    int rc = ls_output_mkdir(dir, e);
    if (rc != LS_OK)
        return rc;
    char path[LS_OUTPUT_PATH_MAX];
    snprintf(path, sizeof path, "%s/sweep.csv", dir);
    ls_output o;
    if ((rc = ls_output_open(&o, path, e)) != LS_OK)
        return rc;
    const ls_scenario *sc = w->sc;
    fputs("scenario,path1,value1,path2,value2,target,p_hit,ci_low,ci_high,"
          "hits,paths\r\n", o.f);
    for (size_t c = 0; c < w->n_cells; c++)
        for (size_t t = 0; t < sc->n_targets; t++) {
            ls_interval ci = cell_ci(w, c, t);
            ls_csv_text(o.f, sc->name);
            fputc(',', o.f);
            ls_csv_text(o.f, w->vary[0].path);
            fputc(',', o.f);
            ls_csv_number(o.f, cell_value(w, c, 0));
            fputc(',', o.f);
            ls_csv_text(o.f, w->n_vary == 2 ? w->vary[1].path : "");
            fputc(',', o.f);
            if (w->n_vary == 2)
                ls_csv_number(o.f, cell_value(w, c, 1));
            fputc(',', o.f);
            ls_csv_text(o.f, sc->targets[t].name);
            fprintf(o.f, ",%.15g,%.15g,%.15g,%llu,%llu\r\n", ci.p, ci.lo,
                    ci.hi,
                    (unsigned long long)w->hits[c * sc->n_targets + t],
                    (unsigned long long)w->paths);
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

int ls_sweep_html(const char *path, const ls_sweep *w, ls_error *e)
{
    const ls_scenario *sc = w->sc;
    ls_output o;
    int rc = ls_output_open(&o, path, e);
    if (rc != LS_OK)
        return rc;
    FILE *f = o.f;
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset="
               "\"utf-8\"><title>Leusden 2040: sweep</title><style>"
               "body{font-family:system-ui,sans-serif;max-width:980px;"
               "margin:2em auto;padding:0 1em;color:#1a1a1a}figure svg"
               "{width:100%%;height:auto}.sub{color:#555}td,th{padding:.2em "
               ".8em;text-align:left}td+td{font-variant-numeric:tabular-nums}"
               "</style></head>"
               "<body>\n<h1>Leusden 2040 &mdash; keuzes in een raster "
               "(sweep)</h1>\n<p class=sub>Scenario <b>");
    ls_html_escape(f, sc->name);
    fprintf(f, "</b>, %llu toekomsten per cel, dezelfde toevalsgetallen in "
               "elke cel (common random numbers). Per tussendoel een kaart "
               "van de kans om het te halen, P(hit); de kleur loopt van de "
               "laagste kans in de kaart (donkerpaars) via groen naar de "
               "hoogste (geel), en elke cel toont haar kans.</p>\n",
            (unsigned long long)w->paths);
    size_t n_flat = 0;
    for (size_t t = 0; t < sc->n_targets && rc == LS_OK; t++) {
        if (flat(w, t)) {
            n_flat++;
            continue;
        }
        char *svg = NULL;
        rc = ls_chart_sweep(w, t, &svg, e);
        if (rc == LS_OK) {
            fprintf(f, "<figure>%s</figure>\n", svg);
            free(svg);
        }
    }
    if (rc == LS_OK && n_flat > 0) {
        fprintf(f, "<h2>%s</h2>\n<p>%s</p>\n<table><tr><th>tussendoel</th>"
                   "<th>P(hit)</th><th>95%%-interval</th></tr>\n",
                w->n_cells == 1 ? "Tussendoelen (&eacute;&eacute;n cel)"
                                : "Tussendoelen met overal dezelfde kans",
                w->n_cells == 1
                    ? "Het raster heeft &eacute;&eacute;n cel; dit zijn de "
                      "kansen."
                    : "Deze tussendoelen worden in elke cel door precies "
                      "even veel toekomsten gehaald: de gevarieerde keuzes "
                      "raken ze niet.");
        for (size_t t = 0; t < sc->n_targets; t++) {
            if (!flat(w, t))
                continue;
            ls_interval ci = cell_ci(w, 0, t);
            fputs("<tr><td>", f);
            ls_html_escape(f, sc->targets[t].name);
            fprintf(f, "</td><td>%.4f</td><td>%.4f&ndash;%.4f</td></tr>\n",
                    ci.p, ci.lo, ci.hi);
        }
        fputs("</table>\n", f);
    }
    fputs("</body></html>\n", f);
    if (rc != LS_OK) {
        ls_output_abort(&o);
        return rc;
    }
    return ls_output_commit(&o, e);
}
