/*
 * html.c - the HTML report.
 *
 * One self-contained file: CSS in a <style> element, every chart an
 * inline <svg> from chart.c, no scripts and nothing fetched, so it can be
 * mailed to the council and opened anywhere.  The sources of the key
 * assumptions are the scenario files' own comments: the comment lines
 * right above a value (and a comment on its line), in the file and at the
 * line the value was written (a base file, a keuze file, or --set), as the
 * loader captured them when it read the files: the report never re-opens
 * an input, so a scenario from a pipe or a FIFO keeps its sources.  Every
 * text is Dutch (labels, not code names; Dutch numbers).
 */
#include "html.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/dist.h"
#include "chart.h"
#include "doc.h"
#include "summary.h"
#include "output.h"
#include "report.h"
#include "../base/stats.h"
#include "../sim/rare.h"
#include "../sim/sobol.h"

#ifndef LS_VERSION
#define LS_VERSION "unknown"
#endif

void ls_html_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

const char *const ls_html_style =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "max-width:980px;margin:2em auto;padding:0 1em;color:#1a1a1a;"
    "line-height:1.45}"
    "h1{font-size:1.7em;margin-bottom:0.2em}h2{margin-top:1.8em;"
    "border-bottom:1px solid #ccc;padding-bottom:0.2em}"
    ".sub{color:#555}.big{font-size:2.4em;font-weight:600}"
    ".box{border:1px solid #ccc;border-radius:6px;padding:0.8em 1.2em;"
    "margin:1em 0;background:#f7f9fb}"
    "table{border-collapse:collapse;width:100%;font-size:0.9em}"
    "th,td{text-align:left;padding:0.3em 0.5em;border-bottom:1px solid #e3e3e3;"
    "vertical-align:top}td.n,th.n{text-align:right;font-variant-numeric:"
    "tabular-nums;white-space:nowrap}"
    "figure{margin:1em 0}figure svg{width:100%;height:auto}"
    "figcaption{color:#555;font-size:0.88em}"
    ".likely{color:#00795a}.uncertain{color:#a86f00}.unlikely{color:#b34700}"
    "pre.hdr{white-space:pre-wrap;background:#f7f9fb;border-left:3px solid "
    "#ccc;padding:0.5em 1em;font-size:0.85em}"
    /* Printed (or saved as PDF from a browser): A4 portrait, 18 mm
     * margins, page numbers, no chart, table row or box cut between two
     * pages, and each main section on a new page. */
    "@page{size:A4 portrait;margin:18mm 16mm;"
    "@bottom-right{content:counter(page) \" / \" counter(pages)}}"
    "@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}"
    "h2{break-before:page;page-break-before:always}"
    "h2:first-of-type{break-before:auto;page-break-before:auto}"
    "figure,tr,.box,pre.hdr{break-inside:avoid;page-break-inside:avoid}"
    "thead{display:table-header-group}"
    "figure svg{max-height:235mm}a{color:inherit;text-decoration:none}}";

/* The charts, as the document calls them (doc.h). */
static int chart_targets(const void *r, size_t i, char **svg, ls_error *e)
{
    (void)i;
    return ls_chart_targets(r, svg, e);
}

static int chart_fan(const void *r, size_t m, char **svg, ls_error *e)
{
    return ls_chart_fan(r, m, svg, e);
}

static int chart_tornado(const void *r, size_t t, char **svg, ls_error *e)
{
    return ls_chart_tornado(r, t, 8, svg, e);
}

/* A target's name cell: its label, its code name as the tooltip. */
static void target_cell(ls_doc *d, const ls_target *g)
{
    ls_doc_cell(d, 0, "%s", g->label);
    ls_doc_cell_title(d, g->name);
}

static void targets_table(ls_doc *d, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    ls_doc_table(d, 7);
    ls_doc_row(d);
    static const char *const head[] = {"Tussendoel", "Jaar", "Grootheid",
                                       "Drempel", "Kans", "95%-interval",
                                       "Bron"};
    for (size_t i = 0; i < 7; i++)
        ls_doc_cell(d, LS_DOC_HEAD, "%s", head[i]);
    for (size_t t = 0; t < sc->n_targets; t++) {
        const ls_target *g = &sc->targets[t];
        char ml[256], th[96], p[32], lo[32], hi[32];
        ls_doc_row(d);
        target_cell(d, g);
        ls_doc_cell(d, 0, "%d", g->year);
        ls_doc_cell(d, 0, "%s",
                    ls_report_metric_label(sc, g->metric, ml, sizeof ml));
        ls_doc_cell(d, LS_DOC_NUM, "%s",
                    ls_report_threshold(sc, g, th, sizeof th));
        if (g->has_observed) {
            /* A past year: met or missed, as observed, not a chance. */
            int met = ls_target_met(g);
            ls_doc_cell(d, met ? LS_DOC_GOOD : LS_DOC_POOR,
                        "%s (waargenomen %s)",
                        met ? "gehaald" : "niet gehaald",
                        ls_report_number(g->observed, p, sizeof p));
            ls_doc_cell_span(d, 2);
            ls_doc_cell(d, 0, "%s; waarneming: %s", g->source,
                        g->observed_source);
            continue;
        }
        ls_interval ci = r->p[t];
        ls_doc_cell(d, LS_DOC_NUM | ls_report_verdict(ci.p), "%s",
                    ls_report_pct(ci.p, p, sizeof p));
        ls_doc_cell(d, LS_DOC_NUM, "%s" LS_NDASH "%s",
                    ls_report_pct(ci.lo, lo, sizeof lo),
                    ls_report_pct(ci.hi, hi, sizeof hi));
        ls_doc_cell(d, 0, "%s", g->source);
    }
}

/* An amount in EUR million, the Dutch way: "0" when exactly zero, two
 * decimals, or two significant digits below 0.01 (never a misleading
 * "0,00"). */
static const char *eur_text(double x, char *buf, size_t n)
{
    if (x == 0)
        snprintf(buf, n, "0");
    else if (fabs(x) < 0.01)
        snprintf(buf, n, "%.2g", x);
    else
        snprintf(buf, n, "%.2f", x);
    return ls_report_decimal_comma(buf);
}

/* The years the costs table shows: every fifth from the third, and the
 * last. */
static int cost_year(size_t y, size_t ny)
{
    return y % 5 == 2 || y + 1 == ny;
}

/* The costs: every metric in EUR million, its mean over the paths every
 * five years, and its 90 % band in the last year. */
static void costs(ls_doc *d, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    size_t ny = ls_scenario_years(sc), nm = sc->n_metrics, rows = 0, cols = 2;
    for (size_t m = 0; m < nm; m++)
        rows += strcmp(sc->metric_defs[m]->unit, "EUR M") == 0;
    if (rows == 0 || ny == 0)
        return;
    ls_doc_add(d, LS_DOC_SECTION, 0, "Kosten (miljoen euro)");
    ls_doc_add(d, LS_DOC_PARA, 0, "Gemiddelde over de doorgerekende "
               "toekomsten, per jaar of opgeteld tot dat jaar. Laatste kolom: "
               "de 90%%-band in %d (5%% van de toekomsten ligt lager, 5%% "
               "hoger).", sc->year1);
    for (size_t y = 0; y < ny; y++)
        cols += (size_t)cost_year(y, ny);
    ls_doc_table(d, cols);
    ls_doc_row(d);
    ls_doc_cell(d, LS_DOC_HEAD, "Grootheid");
    for (size_t y = 0; y < ny; y++)
        if (cost_year(y, ny))
            ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM, "%d",
                        sc->year0 + (int)y);
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM, "90%% in %d", sc->year1);
    for (size_t m = 0; m < nm; m++) {
        const ls_metric_def *md = sc->metric_defs[m];
        if (strcmp(md->unit, "EUR M") != 0)
            continue;
        char ml[256], a[32], b[32];
        ls_doc_row(d);
        ls_doc_cell(d, 0, "%s", ls_report_metric_label(sc, m, ml, sizeof ml));
        ls_doc_cell_title(d, sc->metric_names[m]);
        for (size_t y = 0; y < ny; y++)
            if (cost_year(y, ny))
                ls_doc_cell(d, LS_DOC_NUM, "%s",
                            eur_text(r->acc->mom[y * nm + m].mean, a,
                                     sizeof a));
        ls_doc_cell(d, LS_DOC_NUM, "%s" LS_NDASH "%s",
                    eur_text(ls_result_band(r, ny - 1, m, 0), a, sizeof a),
                    eur_text(ls_result_band(r, ny - 1, m, 4), b, sizeof b));
    }
}

/* The metrics to draw as fans (those with targets, then the balance's
 * headline ones), at most cap of them, into out; their total count, drawn
 * or not, into *total.  SIZE_MAX when out of memory. */
static size_t headline_metrics(const ls_scenario *sc, size_t *out,
                               size_t cap, size_t *total)
{
    size_t n = 0;
    *total = 0;
    unsigned char *seen = calloc(sc->n_metrics + 1, 1);
    if (seen == NULL)
        return SIZE_MAX;
    for (size_t t = 0; t < sc->n_targets; t++) {
        size_t m = sc->targets[t].metric;
        if (seen[m])
            continue;
        seen[m] = 1;
        ++*total;
        if (n < cap)
            out[n++] = m;
    }
    static const char *const extra[] = {"balance.demand_tj",
                                        "balance.renewable_tj",
                                        "balance.co2_kt",
                                        "homes.invest_cum_meur",
                                        "homes.queue", NULL};
    for (size_t i = 0; extra[i] != NULL; i++) {
        long m = ls_scenario_metric(sc, extra[i]);
        if (m < 0 || seen[m])
            continue;
        seen[m] = 1;
        ++*total;
        if (n < cap)
            out[n++] = (size_t)m;
    }
    free(seen);
    return n;
}

/* Where a value of model m (SIZE_MAX: a shared one) came from: its source
 * comment, as the loader captured it, parameters' names in it by their
 * labels, and the file when it is not the scenario's own. */
static void origin_cell(ls_doc *d, const ls_scenario *sc, size_t m,
                        const ls_origin *og)
{
    char note[2048];
    ls_report_note(sc, m == SIZE_MAX ? 0 : m, og->note ? og->note : "", note,
                   sizeof note);
    if (og->file == NULL)
        ls_doc_cell(d, 0, LS_I "standaardwaarde van het model" LS_I_END);
    else if (og->line == 0)
        ls_doc_cell(d, 0, LS_I "op de opdrachtregel gezet (--set)" LS_I_END);
    else if (strcmp(og->file, sc->file) != 0)
        ls_doc_cell(d, 0, "%s " LS_I "(%s)" LS_I_END, note, og->file);
    else
        ls_doc_cell(d, 0, "%s", note);
}

static void assumptions_head(ls_doc *d)
{
    ls_doc_table(d, 4);
    ls_doc_row(d);
    ls_doc_cell(d, LS_DOC_HEAD, "Aanname");
    ls_doc_cell(d, LS_DOC_HEAD, "Betekenis [eenheid]");
    ls_doc_cell(d, LS_DOC_HEAD, "Waarde of verdeling");
    ls_doc_cell(d, LS_DOC_HEAD, "Bron (de toelichting bij de waarde in "
                "het scenariobestand)");
}

/* Every parameter of every model and every shared parameter: its label,
 * meaning, value and source. */
static void assumptions(ls_doc *d, const ls_scenario *sc)
{
    /* The heads of the files the values come from, the scenario's first:
     * they explain the abbreviations of the source comments. */
    for (size_t i = 0; i < sc->n_heads; i++)
        if (sc->heads[i].text[0] != '\0') {
            ls_doc_add(d, LS_DOC_PARA, 0,
                       "Uit " LS_CODE "%s" LS_CODE_END " (de kop van "
                       "het scenariobestand):", sc->heads[i].file);
            ls_doc_add(d, LS_DOC_PRE, 0, "%s", sc->heads[i].text);
        }
    assumptions_head(d);
    for (size_t m = 0; m < sc->n_models; m++) {
        const ls_model_inst *inst = &sc->models[m];
        for (size_t k = 0; inst->type->spec[k].name != NULL; k++) {
            const ls_param_spec *sp = &inst->type->spec[k];
            char value[512], name[160], label[256];
            ls_report_value_nl(sc, sp, inst->params, value, sizeof value);
            snprintf(name, sizeof name, "%s.%s", inst->name, sp->name);
            ls_doc_row(d);
            ls_doc_cell(d, 0, "%s",
                        ls_report_param_label(sc, m, k, label, sizeof label));
            ls_doc_cell_title(d, name);
            ls_doc_cell(d, 0, "%s [%s]", sp->doc_nl ? sp->doc_nl : sp->doc,
                        ls_report_unit(sp->unit));
            ls_doc_cell(d, 0, "%s", value);
            origin_cell(d, sc, m, &inst->origin[k]);
        }
    }
    for (size_t k = 0; k < sc->n_shared; k++) {
        const ls_shared *sh = &sc->shared[k];
        char value[512], label[256];
        ls_report_dist_nl(&sh->value, 0, value, sizeof value);
        ls_doc_row(d);
        ls_doc_cell(d, 0, "%s",
                    ls_report_shared_label(sc, k, label, sizeof label));
        ls_doc_cell_title(d, sh->name);
        ls_doc_cell(d, 0, "gedeeld: in elke toekomst \u00e9\u00e9n waarde "
                    "voor elke aanname die ernaar verwijst");
        ls_doc_cell(d, 0, "%s", value);
        origin_cell(d, sc, SIZE_MAX, &sh->origin);
    }
}

/* Targets worth a tornado: uncertain ones with a significant spread, most
 * sensitive first.  *uncertain counts the uncertain targets. */
static size_t tornado_targets(const ls_result *r, size_t *out, size_t cap,
                              size_t *uncertain)
{
    const ls_scenario *sc = r->sc;
    *uncertain = 0;
    size_t n = 0;
    double best[8] = {0};
    assert(cap <= 8);
    if (sc->n_sens == 0)
        return 0;
    for (size_t t = 0; t < sc->n_targets; t++) {
        if (!ls_result_uncertain(r, t))
            continue;
        ++*uncertain;
        if (r->n_sig[t] == 0)
            continue;
        double s = fabs(ls_result_sig(r, t)[0].spread);
        size_t i = n < cap ? n++ : cap;
        while (i > 0 && best[i - 1] < s) {
            if (i < cap) {
                best[i] = best[i - 1];
                out[i] = out[i - 1];
            }
            i--;
        }
        if (i < cap) {
            best[i] = s;
            out[i] = t;
        }
    }
    return n;
}

/* The title and the line under it. */
static void head(ls_doc *d, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    char n[32];
    ls_doc_add(d, LS_DOC_TITLE, 0, "Leusden 2040 \u2014 energieneutraal?");
    ls_doc_add(d, LS_DOC_SMALL, 0,
               "Scenario " LS_B "%s" LS_B_END ": %s doorgerekende "
               "toekomsten, %d" LS_NDASH "%d. Elke kans met een "
               "95%%-betrouwbaarheidsinterval.", sc->label,
               ls_report_number((double)r->paths, n, sizeof n), sc->year0,
               sc->year1);
}

/* The targets the run left to importance sampling (--rare). */
static void rare_table(ls_doc *d, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    if (ls_result_rare_count(r) == 0)
        return;
    char paths[32];
    ls_report_number((double)r->rare_paths, paths, sizeof paths);
    ls_doc_add(d, LS_DOC_HEADING, 0, "Zeldzame tussendoelen");
    ls_doc_add(d, LS_DOC_PARA, 0, "Een doel dat in minder dan 50 "
               "toekomsten gehaald wordt, is apart geschat met importance "
               "sampling: %s toekomsten, getrokken waar het doel binnen "
               "bereik komt en daarna teruggewogen. Staat er geen getal, dan "
               "is die schatting niet betrouwbaar genoeg om te tonen.",
               paths);
    ls_doc_table(d, 3);
    ls_doc_row(d);
    ls_doc_cell(d, LS_DOC_HEAD, "Tussendoel");
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM, "Kans (95%%-interval)");
    ls_doc_cell(d, LS_DOC_HEAD, "Betrouwbaar?");
    for (size_t t = 0; t < sc->n_targets; t++) {
        const ls_rare_est *e = &r->rare[t];
        if (!e->done)
            continue;
        char ci[200];
        ls_doc_row(d);
        ls_doc_cell(d, 0, "%s", sc->targets[t].label);
        ls_doc_cell_title(d, sc->targets[t].name);
        if (e->flag == LS_RARE_OK) {
            ls_doc_cell(d, LS_DOC_NUM, "%s",
                        ls_summary_small_ci(e->p, e->lo, e->hi, ci,
                                            sizeof ci));
            ls_doc_cell(d, LS_DOC_GOOD, "ja");
        } else {
            ls_doc_cell(d, LS_DOC_NUM, "%s", LS_NDASH);
            ls_doc_cell(d, LS_DOC_POOR, "nee: %s",
                        ls_summary_rare_why(e->flag));
        }
    }
}

/* The probability bars and the targets table. */
static void targets(ls_doc *d, const ls_result *r)
{
    if (r->sc->n_targets == 0)
        return;
    ls_doc_add(d, LS_DOC_SECTION, 0, "Tussendoelen: de kans om ze te halen");
    ls_doc_figure(d, chart_targets, r, 0,
                  "Groen: waarschijnlijk (kans " LS_GE " 80" LS_NBSP "%); "
                  "oranje: onzeker; rood: onwaarschijnlijk (kans < 20"
                  LS_NBSP "%). Zwarte lijn: het 95%-interval.");
    targets_table(d, r);
    rare_table(d, r);
}

/* The fan charts of the headline metrics (a fan needs two years). */
static int fans(ls_doc *d, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    size_t ms[LS_REPORT_MAX_FANS], total = 0;
    size_t nm = r->acc->n_years >= 2
                    ? headline_metrics(sc, ms, LS_REPORT_MAX_FANS, &total)
                    : 0;
    if (nm == SIZE_MAX)
        return -1;
    if (nm > 0) {
        ls_doc_add(d, LS_DOC_SECTION, 0, "Verloop over de jaren");
        ls_doc_add(d, LS_DOC_PARA, 0, "Donkere band: de middelste 50%% van "
                   "de toekomsten (25" LS_NDASH "75%%); lichte band: 90%% "
                   "(5" LS_NDASH "95%%); lijn: de mediaan. Ruit: een "
                   "tussendoel, met de kans om het te halen.");
    }
    /* Each chart's title is its metric's label, its y axis the unit. */
    for (size_t i = 0; i < nm; i++)
        ls_doc_figure(d, chart_fan, r, ms[i], NULL);
    if (total > nm)
        ls_doc_add(d, LS_DOC_PARA, 0, "Nog %zu grootheden met een tussendoel "
                   "staan niet als grafiek in dit rapport (hoogstens %d); ze "
                   "staan in de JSON en de CSV.", total - nm,
                   LS_REPORT_MAX_FANS);
    return 0;
}

/* Target t's Sobol' indices (--sobol) under its tornado: the share of
 * the variance of its hit that the yearly randomness within a path
 * leaves, and the parameters with the largest total indices. */
static void sobol_table(ls_doc *d, const ls_result *r, size_t t)
{
    const ls_sobol *s = r->sobol;
    if (s == NULL || !(s->out[2 * t].var > 0))
        return;
    const ls_sobol_out *o = &s->out[2 * t];
    size_t *ix = malloc((s->d ? s->d : 1) * sizeof *ix);
    if (ix == NULL)
        return;
    ls_report_by_total(o, s->d, ix);
    char a[32], b[32], c[32], label[256];
    ls_doc_add(d, LS_DOC_PARA, 0, "Waar de spreiding vandaan komt "
               "(Sobol'-indices, %s rijen): het deel dat het toeval binnen "
               "een toekomst laat, en per aanname het deel samen met andere "
               "aannames en alleen.", ls_report_number((double)s->rows, a,
                                                      sizeof a));
    ls_doc_table(d, 3);
    ls_doc_row(d);
    ls_doc_cell(d, LS_DOC_HEAD, "Bron");
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM, "Deel (95%%-interval)");
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM, "Alleen");
    ls_doc_row(d);
    ls_doc_cell(d, 0, "Toeval binnen een toekomst (geen aanname stuurt het)");
    ls_doc_cell(d, LS_DOC_NUM, "%s (%s" LS_NDASH "%s)",
                ls_report_pct(o->noise.p, a, sizeof a),
                ls_report_pct(fmax(0, o->noise.lo), b, sizeof b),
                ls_report_pct(fmin(1, o->noise.hi), c, sizeof c));
    ls_doc_cell(d, LS_DOC_NUM, "%s", LS_NDASH);
    for (size_t k = 0; k < 5 && k < s->d; k++) {
        const ls_interval *x = &o->total[ix[k]];
        ls_doc_row(d);
        ls_doc_cell(d, 0, "%s", ls_report_sens_label(r->sc, ix[k], label,
                                                     sizeof label));
        ls_doc_cell(d, LS_DOC_NUM, "%s (%s" LS_NDASH "%s)",
                    ls_report_pct(fmax(0, x->p), a, sizeof a),
                    ls_report_pct(fmax(0, x->lo), b, sizeof b),
                    ls_report_pct(fmin(1, x->hi), c, sizeof c));
        ls_doc_cell(d, LS_DOC_NUM, "%s",
                    ls_report_pct(fmax(0, o->first[ix[k]].p), a, sizeof a));
    }
    free(ix);
}

/* The tornados of the most sensitive uncertain targets. */
static void tornados(ls_doc *d, const ls_result *r)
{
    size_t ts[4], uncertain = 0;
    size_t nt = tornado_targets(r, ts, 4, &uncertain);
    if (uncertain == 0 || !r->sensitivity)
        return;
    ls_doc_add(d, LS_DOC_SECTION, 0, "Welke onzekerheid telt het zwaarst?");
    ls_doc_add(d, LS_DOC_PARA, 0, "Per tussendoel: de kans om het te halen "
               "als een aanname in haar laagste of hoogste 10%% ligt. De "
               "langste balken wijzen de aannames aan die het meest "
               "uitmaken. Alleen verschillen die statistisch aantoonbaar zijn "
               "(95%%, gecorrigeerd voor het aantal aannames maal het aantal "
               "tussendoelen) staan erin.");
    if (nt == 0)
        ls_doc_add(d, LS_DOC_PARA, 0, LS_B "Geen enkele aanname heeft een "
                   "aantoonbaar effect" LS_B_END " met dit aantal "
                   "toekomsten: reken met meer toekomsten (of "
                   LS_CODE "--precision" LS_CODE_END ") voordat "
                   "u concludeert dat geen aanname ertoe doet.");
    for (size_t i = 0; i < nt; i++) {
        ls_doc_figure(d, chart_tornado, r, ts[i], NULL);
        sobol_table(d, r, ts[i]);
    }
}

void ls_report_run_doc(ls_doc *d, const ls_result *r, const char *run_id)
{
    const ls_scenario *sc = r->sc;
    ls_doc_add(d, LS_DOC_SECTION, 0, "Over deze berekening");
    ls_doc_table(d, 2);
    ls_doc_row(d);
    ls_doc_cell(d, 0, "Scenariobestand");
    ls_doc_cell(d, 0, LS_CODE "%s" LS_CODE_END, sc->file);
    ls_doc_row(d);
    ls_doc_cell(d, 0, "Startgetal (seed), generator");
    ls_doc_cell(d, 0, "%llu, %s", (unsigned long long)sc->seed,
                sc->rng->name);
    char num[32];
    ls_doc_row(d);
    ls_doc_cell(d, 0, "Doorgerekende toekomsten (paths)");
    ls_doc_cell(d, 0, "%s", ls_report_number((double)r->paths, num,
                                             sizeof num));
    if (r->stop.precision > 0) {
        ls_doc_row(d);
        ls_doc_cell(d, 0, "Precisie");
        ls_doc_cell(d, 0, "halve breedte %g %s (hoogstens %llu toekomsten)",
                    r->stop.precision,
                    r->stop.reached ? "gehaald" : "niet gehaald",
                    (unsigned long long)r->stop.max_paths);
    }
    if (r->run != NULL) {
        ls_doc_row(d);
        ls_doc_cell(d, 0, "Rekentijd");
        snprintf(num, sizeof num, "%.2f", r->run->seconds);
        ls_doc_cell(d, 0, "%s s op %d threads", ls_report_decimal_comma(num),
                    r->run->threads);
    }
    ls_doc_row(d);
    ls_doc_cell(d, 0, "Programma");
    ls_doc_cell(d, 0, "leusden %s", LS_VERSION);
    ls_doc_row(d);
    ls_doc_cell(d, 0, "Run-id");
    ls_doc_cell(d, 0,
                LS_CODE "%s" LS_CODE_END " (dezelfde in elke uitvoer van deze "
                "berekening)", run_id);
}

int ls_report_doc(ls_doc *d, const ls_result *r, const ls_compare *c)
{
    head(d, r);
    ls_summary_doc(d, r, c);
    targets(d, r);
    costs(d, r);
    if (fans(d, r) != 0)
        return -1;
    tornados(d, r);
    ls_doc_add(d, LS_DOC_SECTION, 0, "Aannames en bronnen");
    assumptions(d, r->sc);
    return 0;
}

int ls_html_write(const char *path, const ls_result *r, ls_error *e)
{
    ls_doc d;
    ls_doc_init(&d, r->run_id);
    int rc = ls_report_doc(&d, r, NULL) == 0 ? LS_OK : ls_error_oom(e);
    if (rc == LS_OK) {
        ls_report_run_doc(&d, r, r->run_id);
        rc = ls_doc_write(&d, path, e);
    }
    ls_doc_free(&d);
    return rc;
}
