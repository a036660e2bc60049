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
#include "doc.h"
#include "csv.h"
#include "html.h"
#include "json.h"
#include "output.h"
#include "report.h"
#include "../sim/rare.h"

static int widen(int w, const char *s)
{
    int n = (int)strlen(s);
    return n > w ? n : w;
}

/* Scenario j's rare targets by importance sampling, if any. */
static void rare_table(FILE *out, const ls_compare *c, size_t j, int wt)
{
    const ls_scenario *s0 = c->sc[0];
    size_t nt = s0->n_targets, n = 0;
    for (size_t g = 0; c->rare_diff != NULL && g < nt; g++)
        n += c->rare_diff[j * nt + g].done;
    if (n == 0)
        return;
    fprintf(out, "rare targets by importance sampling (%llu paths, the same "
                 "weights for both)\n",
            (unsigned long long)c->rare_paths);
    fprintf(out, "%-*s %8s %8s %9s %-19s %s\n", wt, "target", "P(ref)",
            "P(this)", "dP", "95% CI", "check");
    for (size_t g = 0; g < nt; g++) {
        const ls_rare_diff *d = &c->rare_diff[j * nt + g];
        if (!d->done)
            continue;
        char ci[48];
        snprintf(ci, sizeof ci, "[%+.2g,%+.2g]", d->lo, d->hi);
        fprintf(out, "%-*s %8.2g %8.2g %+9.2g %-19s %s\n", wt,
                s0->targets[g].name, c->rare[g].p, d->pj, d->d, ci,
                ls_rare_flag_word(d->flag));
    }
}

int ls_compare_table(FILE *out, const ls_compare *c)
{
    const ls_scenario *s0 = c->sc[0];
    fprintf(out, "Leusden 2040: comparison on common random numbers\n%llu "
                 "paths per scenario, seed %llu\n",
            (unsigned long long)c->acc[0]->paths,
            (unsigned long long)s0->seed);
    for (size_t j = 0; j < c->k; j++)
        fprintf(out, "  [%zu] %s%s\n      %s\n", j, c->sc[j]->name,
                j == 0 ? ", the reference" : "", c->sc[j]->file);
    int wt = 6;
    for (size_t g = 0; g < s0->n_targets; g++)
        wt = widen(wt, s0->targets[g].name);
    for (size_t j = 1; j < c->k; j++) {
        fprintf(out, "\n%s vs %s\ndP = P(%s) - P(%s), 95%% paired "
                     "interval (Newcombe);\nVRF: variance reduction by the "
                     "pairing\n", c->sc[j]->name, s0->name, c->sc[j]->name,
                s0->name);
        fprintf(out, "%-*s %6s %7s %7s %-17s %s\n", wt, "target", "P(ref)",
                "P(this)", "dP", "95% CI", "VRF");
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
            if (isinf(vrf) && c->same[j])
                snprintf(v, sizeof v, "inf (same)");
            else if (isinf(vrf)) /* no path differs: what the run shows */
                snprintf(v, sizeof v, ">= %.0fx", df->vrf_ci.lo);
            else if (isnan(vrf))
                snprintf(v, sizeof v, "-");
            else
                snprintf(v, sizeof v, "%.1fx", vrf);
            char ci[48];
            snprintf(ci, sizeof ci, "[%+.4f,%+.4f]", d.lo, d.hi);
            fprintf(out, "%-*s %6.4f %7.4f %+7.4f %-17s %s\n", wt,
                    s0->targets[g].name, p0, pj, d.p, ci, v);
        }
        rare_table(out, c, j, wt);
    }
    return ferror(out) ? -1 : 0;
}

/* The importance-sampling difference of target g for scenario j. */
static json_t *rare_diff_json(const ls_compare *c, size_t j, size_t g)
{
    const ls_rare_diff *d = &c->rare_diff[j * c->sc[0]->n_targets + g];
    json_t *o = json_object();
    json_object_set_new(o, "p_reference", ls_json_num(c->rare[g].p));
    json_object_set_new(o, "p_scenario", ls_json_num(d->pj));
    json_object_set_new(o, "delta", ls_json_num(d->d));
    json_object_set_new(o, "se", ls_json_num(d->se));
    json_object_set_new(o, "ci_low", ls_json_num(d->lo));
    json_object_set_new(o, "ci_high", ls_json_num(d->hi));
    json_object_set_new(o, "paths", json_integer((json_int_t)c->rare_paths));
    json_object_set_new(o, "differ", json_integer((json_int_t)d->differ));
    json_object_set_new(o, "check", ls_json_str(ls_rare_flag_word(d->flag)));
    json_object_set_new(o, "trusted", json_boolean(d->flag == LS_RARE_OK));
    return o;
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
                                isinf(vrf) ? ls_json_str("inf")
                                           : ls_json_num(vrf));
            json_t *vci = json_array();
            const double ends[2] = {df->vrf_ci.lo, df->vrf_ci.hi};
            for (int k = 0; k < 2; k++)
                json_array_append_new(vci, isinf(ends[k])
                                               ? ls_json_str("inf")
                                               : ls_json_num(ends[k]));
            json_object_set_new(o, "variance_reduction_ci", vci);
            if (c->rare_diff != NULL &&
                c->rare_diff[j * s0->n_targets + g].done)
                json_object_set_new(o, "rare", rare_diff_json(c, j, g));
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
                       "delta,ci_low,ci_high,variance_reduction,"
                       "variance_reduction_low,variance_reduction_high,"
                       "paths,run_id");
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
            const double vrf[3] = {df->vrf, df->vrf_ci.lo, df->vrf_ci.hi};
            for (int k = 0; k < 3; k++) {
                if (isinf(vrf[k]))
                    ls_csv_text(o.f, "inf");
                else
                    ls_csv_number(o.f, vrf[k]);
                ls_csv_sep(o.f);
            }
            ls_csv_count(o.f, (unsigned long long)c->acc[0]->paths);
            ls_csv_sep(o.f);
            ls_csv_text(o.f, c->run_id);
            ls_csv_end(o.f);
        }
    return ls_output_commit(&o, e);
}

static int chart_forest(const void *c, size_t j, char **svg, ls_error *e)
{
    return ls_chart_forest(c, j, svg, e);
}

/* The table under keuze j's forest plot: P of both and dP with its
 * interval, per target of the reference. */
static void compare_table(ls_doc *d, const ls_compare *c, size_t j)
{
    const ls_scenario *s0 = c->sc[0];
    ls_doc_table(d, 5);
    ls_doc_row(d);
    ls_doc_cell(d, LS_DOC_HEAD, "Tussendoel");
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM, "Kans referentie (%%)");
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM, "Kans keuze (%%)");
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM, "Verschil (punten)");
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM, "95%%-interval");
    for (size_t g = 0; g < s0->n_targets; g++) {
        const ls_diff *df = &c->diff[j * s0->n_targets + g];
        if (!df->has)
            continue;
        long t = c->pairs->match[j * c->pairs->n_targets + g];
        char a[32], b[32], lo[32], hi[32];
        int sig = ls_diff_significant(df);
        ls_doc_row(d);
        ls_doc_cell(d, 0, "%s", s0->targets[g].label);
        ls_doc_cell_title(d, s0->targets[g].name);
        ls_doc_cell(d, LS_DOC_NUM, "%s",
                    ls_report_points(c->p[0][g].p, 0, a, sizeof a));
        ls_doc_cell(d, LS_DOC_NUM, "%s",
                    t >= 0 ? ls_report_points(c->p[j][t].p, 0, b, sizeof b)
                           : LS_NDASH);
        ls_doc_cell(d, LS_DOC_NUM | (!sig             ? 0
                                     : df->d.p > 0 ? LS_DOC_GOOD
                                                   : LS_DOC_POOR),
                    "%s", ls_report_points(df->d.p, 1, a, sizeof a));
        ls_doc_cell(d, LS_DOC_NUM, "%s tot %s",
                    ls_report_points(df->d.lo, 1, lo, sizeof lo),
                    ls_report_points(df->d.hi, 1, hi, sizeof hi));
    }
}

/* Per keuze a forest plot of dP and its table. */
static void keuzes(ls_doc *d, const ls_compare *c)
{
    char n[32];
    ls_doc_add(d, LS_DOC_SECTION, 0, "Keuzes vergeleken");
    ls_doc_add(d, LS_DOC_PARA, 0,
               "Referentie: " LS_B "%s" LS_B_END ". Elke keuze is op "
               "dezelfde %s toekomsten doorgerekend, met dezelfde "
               "toevalsgetallen, zodat een verschil het gevolg is van de "
               "keuze en niet van toeval. Per keuze het verschil in de kans "
               "om elk tussendoel te halen, in procentpunten, met het "
               "95%%-interval (Newcombe); gekleurd waar het interval nul "
               "uitsluit (groen: hoger, rood: lager).", c->sc[0]->label,
               ls_report_number((double)c->acc[0]->paths, n, sizeof n));
    for (size_t j = 1; j < c->k; j++) {
        ls_doc_add(d, LS_DOC_HEADING, 0, "%s", c->sc[j]->label);
        ls_doc_figure(d, chart_forest, c, j, NULL);
        compare_table(d, c, j);
    }
}

int ls_compare_html(const char *path, const ls_compare *c, ls_error *e)
{
    /* The reference's own report, with the keuzes ranked on its first
     * page, then the comparison. */
    ls_result r0;
    ls_stopping stop = {0};
    int rc = ls_result_compute(&r0, c->sc[0], c->acc[0], &stop, c->run, e);
    if (rc != LS_OK)
        return rc;
    ls_doc d;
    ls_doc_init(&d, c->run_id);
    if (ls_report_doc(&d, &r0, c) != 0)
        rc = ls_error_oom(e);
    if (rc == LS_OK) {
        keuzes(&d, c);
        ls_report_run_doc(&d, &r0, c->run_id);
        rc = ls_doc_write(&d, path, e);
    }
    ls_doc_free(&d);
    ls_result_free(&r0);
    return rc;
}
