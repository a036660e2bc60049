/*
 * compare.c - the statistics and output of `leusden compare`.
 *
 * Scenarios run on common random numbers: path i of every scenario sees
 * the same draws wherever their models are the same, so P_j - P_0 is
 * estimated from paired outcomes, with a variance far below that of two
 * independent runs when the scenarios differ in one lever.  The interval
 * is Newcombe's hybrid score interval for paired proportions (method 10),
 * which keeps its coverage for the small discordant counts typical here.
 */
#include "compare_report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "chart.h"
#include "csv.h"
#include "html.h"
#include "json.h"
#include "output.h"
#include "report.h"

static int widen(int w, const char *s)
{
    int n = (int)strlen(s);
    return n > w ? n : w;
}

int ls_compare_table(FILE *out, const ls_compare *c)
{
    const ls_scenario *s0 = c->sc[0];
    fprintf(out, "Leusden 2040: comparison on common random numbers, %llu "
                 "paths per scenario, seed %llu\n",
            (unsigned long long)c->acc[0]->paths,
            (unsigned long long)s0->seed);
    for (size_t j = 0; j < c->k; j++)
        fprintf(out, "  [%zu] %s (%s)%s\n", j, c->sc[j]->name,
                c->sc[j]->file, j == 0 ? ", the reference" : "");
    int wt = 6;
    for (size_t g = 0; g < s0->n_targets; g++)
        wt = widen(wt, s0->targets[g].name);
    for (size_t j = 1; j < c->k; j++) {
        fprintf(out, "\n%s vs %s: dP = P(%s) - P(%s), 95%% paired "
                     "interval (Newcombe)\n", c->sc[j]->name, s0->name,
                c->sc[j]->name, s0->name);
        fprintf(out, "%-*s  %7s  %7s  %8s  %-20s  %s\n", wt, "target", "P(ref)",
                "P(this)", "dP", "95% CI", "variance reduction");
        for (size_t g = 0; g < s0->n_targets; g++) {
            const ls_diff *df = &c->diff[j * s0->n_targets + g];
            ls_interval d = df->d;
            double vrf = df->vrf;
            if (!df->has) {
                fprintf(out, "%-*s  (no such target in %s)\n", wt,
                        s0->targets[g].name, c->sc[j]->name);
                continue;
            }
            long m = c->pairs->match[j * c->pairs->n_targets + g];
            double p0 = c->p[0][g].p, pj = c->p[j][m].p;
            char v[32];
            if (isinf(vrf))
                snprintf(v, sizeof v, c->same[j] ? "inf (same paths)"
                                                 : "inf (no path differs)");
            else if (isnan(vrf))
                snprintf(v, sizeof v, "-");
            else
                snprintf(v, sizeof v, "%.1fx", vrf);
            char ci[48];
            snprintf(ci, sizeof ci, "[%+.4f, %+.4f]", d.lo, d.hi);
            fprintf(out, "%-*s  %7.4f  %7.4f  %+8.4f  %-20s  %s\n", wt,
                    s0->targets[g].name, p0, pj, d.p, ci, v);
        }
    }
    return ferror(out) ? -1 : 0;
}

int ls_compare_json(const char *path, const ls_compare *c, ls_error *e)
{
    const ls_scenario *s0 = c->sc[0];
    ls_json_begin();
    json_t *root = json_object();
    json_object_set_new(root, "schema", ls_json_str("leusden-compare/1"));
    json_object_set_new(root, "run_id", ls_json_str(c->run_id));
    json_object_set_new(root, "program", ls_json_program());
    json_object_set_new(root, "seed", json_integer((json_int_t)s0->seed));
    json_object_set_new(root, "paths",
                        json_integer((json_int_t)c->acc[0]->paths));
    json_t *scs = json_array();
    for (size_t j = 0; j < c->k; j++) {
        json_t *o = json_object(), *ts = json_array();
        json_object_set_new(o, "name", ls_json_str(c->sc[j]->name));
        json_object_set_new(o, "file", ls_json_str(c->sc[j]->file));
        for (size_t t = 0; t < c->sc[j]->n_targets; t++) {
            ls_interval ci = c->p[j][t];
            json_t *x = json_object();
            json_object_set_new(x, "name",
                                ls_json_str(c->sc[j]->targets[t].name));
            json_object_set_new(x, "p_hit", ls_json_num(ci.p));
            json_object_set_new(x, "ci_low", ls_json_num(ci.lo));
            json_object_set_new(x, "ci_high", ls_json_num(ci.hi));
            json_object_set_new(x, "hits",
                                json_integer((json_int_t)c->acc[j]->hits[t]));
            json_array_append_new(ts, x);
        }
        json_object_set_new(o, "targets", ts);
        json_array_append_new(scs, o);
    }
    json_object_set_new(root, "scenarios", scs);
    json_t *diffs = json_array();
    for (size_t j = 1; j < c->k; j++)
        for (size_t g = 0; g < s0->n_targets; g++) {
            const ls_diff *df = &c->diff[j * s0->n_targets + g];
            ls_interval d = df->d;
            double vrf = df->vrf;
            if (!df->has)
                continue;
            const uint64_t *q =
                &c->pairs->joint[(j * c->pairs->n_targets + g) * 4];
            json_t *o = json_object();
            json_object_set_new(o, "target",
                                ls_json_str(s0->targets[g].name));
            json_object_set_new(o, "scenario", ls_json_str(c->sc[j]->name));
            json_object_set_new(o, "reference", ls_json_str(s0->name));
            json_object_set_new(o, "delta", ls_json_num(d.p));
            json_object_set_new(o, "ci_low", ls_json_num(d.lo));
            json_object_set_new(o, "ci_high", ls_json_num(d.hi));
            json_object_set_new(o, "both", json_integer((json_int_t)q[0]));
            json_object_set_new(o, "reference_only",
                                json_integer((json_int_t)q[1]));
            json_object_set_new(o, "scenario_only",
                                json_integer((json_int_t)q[2]));
            json_object_set_new(o, "neither", json_integer((json_int_t)q[3]));
            json_object_set_new(o, "variance_reduction",
                                isinf(vrf) ? ls_json_str("inf") : ls_json_num(vrf));
            json_array_append_new(diffs, o);
        }
    json_object_set_new(root, "differences", diffs);
    if (c->run != NULL)
        json_object_set_new(root, "run", ls_json_run(c->run, 0));
    return ls_json_dump(root, path, e);
}

int ls_compare_csv(const char *dir, const ls_compare *c, ls_error *e)
{
    ls_output o;
    int rc = ls_csv_open(&o, dir, "compare.csv", e);
    if (rc != LS_OK)
        return rc;
    const ls_scenario *s0 = c->sc[0];
    ls_csv_header(o.f, "reference,scenario,target,p_reference,p_scenario,"
                       "delta,ci_low,ci_high,variance_reduction,paths,"
                       "run_id");
    for (size_t j = 1; j < c->k; j++)
        for (size_t g = 0; g < s0->n_targets; g++) {
            const ls_diff *df = &c->diff[j * s0->n_targets + g];
            if (!df->has)
                continue;
            long t = c->pairs->match[j * c->pairs->n_targets + g];
            ls_csv_text(o.f, s0->name);
            ls_csv_sep(o.f);
            ls_csv_text(o.f, c->sc[j]->name);
            ls_csv_sep(o.f);
            ls_csv_text(o.f, s0->targets[g].name);
            const double v[] = {c->p[0][g].p, t >= 0 ? c->p[j][t].p : NAN,
                                df->d.p, df->d.lo, df->d.hi};
            for (size_t i = 0; i < 5; i++) {
                ls_csv_sep(o.f);
                ls_csv_number(o.f, v[i]);
            }
            ls_csv_sep(o.f);
            if (isinf(df->vrf))
                ls_csv_text(o.f, "inf");
            else
                ls_csv_number(o.f, df->vrf);
            ls_csv_sep(o.f);
            ls_csv_count(o.f, (unsigned long long)c->acc[0]->paths);
            ls_csv_sep(o.f);
            ls_csv_text(o.f, c->run_id);
            ls_csv_end(o.f);
        }
    return ls_output_commit(&o, e);
}

/* A probability or a difference in percentage points, the Dutch way. */
static void pp_nl(FILE *f, double x, int sign)
{
    char buf[32];
    fputs(ls_report_points(x, sign, buf, sizeof buf), f);
}

/* The table under keuze j's forest plot: P of both and dP with its
 * interval, per target of the reference. */
static void compare_table_html(FILE *f, const ls_compare *c, size_t j)
{
    const ls_scenario *s0 = c->sc[0];
    fputs("<table><tr><th>tussendoel</th><th>P referentie (%)</th>"
          "<th>P keuze (%)</th><th>dP (procentpunten)</th>"
          "<th>95%-interval</th></tr>\n", f);
    for (size_t g = 0; g < s0->n_targets; g++) {
        const ls_diff *df = &c->diff[j * s0->n_targets + g];
        if (!df->has)
            continue;
        long t = c->pairs->match[j * c->pairs->n_targets + g];
        fputs("<tr><td title=\"", f);
        ls_html_escape(f, s0->targets[g].name);
        fputs("\">", f);
        ls_html_escape(f, s0->targets[g].label);
        fputs("</td><td class=n>", f);
        pp_nl(f, c->p[0][g].p, 0);
        fputs("</td><td class=n>", f);
        if (t >= 0)
            pp_nl(f, c->p[j][t].p, 0);
        fputs("</td><td class=n>", f);
        pp_nl(f, df->d.p, 1);
        fputs("</td><td class=n>", f);
        pp_nl(f, df->d.lo, 1);
        fputs(" tot ", f);
        pp_nl(f, df->d.hi, 1);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

int ls_compare_html(const char *path, const ls_compare *c, ls_error *e)
{
    ls_output o;
    int rc = ls_output_open(&o, path, e);
    if (rc != LS_OK)
        return rc;
    FILE *f = o.f;
    const ls_scenario *s0 = c->sc[0];
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset="
               "\"utf-8\"><meta name=\"leusden-run-id\" content=\"%s\">"
               "<title>Leusden 2040: keuzes vergeleken</title><style>%s"
               "</style></head><body>\n"
               "<h1>Leusden 2040 &mdash; keuzes vergeleken</h1>\n"
               "<p class=sub>Referentie <b>", c->run_id, ls_html_style);
    ls_html_escape(f, s0->name);
    fprintf(f, "</b>; %llu toekomsten per scenario, voor elk scenario "
               "dezelfde toevalsgetallen (common random numbers), zodat een "
               "verschil het gevolg is van de keuze en niet van toeval. Per "
               "keuze het verschil dP in de kans om elk tussendoel te halen, "
               "in procentpunten, met een 95%%-interval (Newcombe); gekleurd "
               "waar het interval nul uitsluit.</p>\n",
            (unsigned long long)c->acc[0]->paths);
    for (size_t j = 1; j < c->k && rc == LS_OK; j++) {
        fputs("<h2>", f);
        ls_html_escape(f, c->sc[j]->name);
        fputs("</h2>\n", f);
        char *svg = NULL;
        rc = ls_chart_forest(c, j, &svg, e);
        if (rc == LS_OK) {
            fprintf(f, "<figure>%s</figure>\n", svg);
            free(svg);
            compare_table_html(f, c, j);
        }
    }
    fputs("</body></html>\n", f);
    if (rc != LS_OK) {
        ls_output_abort(&o);
        return rc;
    }
    return ls_output_commit(&o, e);
}
