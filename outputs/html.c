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
 * an input, so a scenario from a pipe or a FIFO keeps its sources.  Labels are Dutch first, English second.
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
#include "output.h"
#include "report.h"
#include "../base/stats.h"

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

/* Writes a chart (and frees it) when rc, the chart's status, is LS_OK;
 * returns rc.  Call it after the chart function, not around it: C leaves
 * the order of argument evaluation open. */
static int put_svg(FILE *f, int rc, char *svg, const char *caption)
{
    if (rc != LS_OK)
        return rc;
    fputs("<figure>", f);
    fputs(svg, f);
    if (caption != NULL) {
        fputs("<figcaption>", f);
        ls_html_escape(f, caption);
        fputs("</figcaption>", f);
    }
    fputs("</figure>\n", f);
    free(svg);
    return LS_OK;
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
    "vertical-align:top}td.n{text-align:right;font-variant-numeric:"
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

/* Decimals to print p * 10^shift with: `base`, more while p is closer to 0
 * or 1 than half a unit of the last decimal (so 0.00018 is not "0.000");
 * none for exactly 0 and 1. */
static int decimals(double p, int base, int shift)
{
    if (p == 0 || p == 1)
        return 0;
    double q = fmin(p, 1 - p);
    int d = base;
    while (q < 0.5 * pow(10, -d - shift) && d < 8)
        d++;
    return d;
}

/* A probability as a percentage, the Dutch way ("23,6 %", "0,018 %",
 * "0 %"). */
static const char *pct_text(double p, char *buf, size_t n)
{
    if (isfinite(p))
        snprintf(buf, n, "%.*f&nbsp;%%", decimals(p, 1, 2), 100 * p);
    else
        snprintf(buf, n, "&ndash;");
    return ls_report_decimal_comma(buf);
}

/* A target's threshold in the metric's unit: fractions as percentages
 * ("&ge; 12%"), other units after the number ("&ge; 511 TJ"). */
static void threshold_text(FILE *f, const ls_scenario *sc,
                           const ls_target *g)
{
    const char *unit = sc->metric_defs[g->metric]->unit;
    fputs(g->op == LS_OP_GE ? "&ge; " : "&le; ", f);
    /* Dutch numbers: a decimal comma, a point between thousands. */
    char buf[64];
    double v = strcmp(unit, "fraction") == 0 ? 100 * g->threshold
                                             : g->threshold;
    snprintf(buf, sizeof buf, "%g", v);
    ls_report_decimal_comma(buf);
    char *digits = buf + (buf[0] == '-'), *end = digits;
    while (*end >= '0' && *end <= '9')
        end++;
    for (char *c = digits; c < end; c++) {
        fputc(*c, f);
        if ((end - c - 1) % 3 == 0 && c + 1 < end && strchr(buf, 'e') == NULL)
            fputc('.', f);
    }
    fputs(end, f);
    if (strcmp(unit, "fraction") == 0) {
        fputs("%", f);
    } else {
        if (strcmp(unit, "0/1") != 0) {
            fputs("&nbsp;", f);
            ls_html_escape(f, unit);
        }
    }
}

static const char *verdict(double p)
{
    return p >= 0.8 ? "likely" : p >= 0.2 ? "uncertain" : "unlikely";
}

static void write_targets_table(FILE *f, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    fputs("<table><tr><th>tussendoel (target)</th><th>jaar</th>"
          "<th>grootheid (metric)</th><th>drempel</th><th>P(hit)</th>"
          "<th>95%-interval</th><th>bron (source)</th></tr>\n", f);
    for (size_t t = 0; t < sc->n_targets; t++) {
        const ls_target *g = &sc->targets[t];
        ls_interval ci = r->p[t];
        /* The label for people; the code name only as a tooltip. */
        fputs("<tr><td title=\"", f);
        ls_html_escape(f, g->name);
        fputs("\">", f);
        ls_html_escape(f, g->label);
        fprintf(f, "</td><td>%d</td><td>", g->year);
        char ml[256];
        ls_html_escape(f, ls_report_metric_label(sc, g->metric, ml,
                                                 sizeof ml));
        char p[32], lo[32], hi[32];
        fputs("</td><td class=n>", f);
        threshold_text(f, sc, g);
        if (g->has_observed) {
            /* A past year: met or missed, as observed, not a chance. */
            int met = ls_target_met(g);
            fprintf(f, "</td><td class=\"%s\" colspan=2>%s (waargenomen "
                       "%g)</td><td>", met ? "likely" : "unlikely",
                    met ? "gehaald" : "niet gehaald", g->observed);
            ls_html_escape(f, g->source);
            fputs("; waarneming: ", f);
            ls_html_escape(f, g->observed_source);
            fputs("</td></tr>\n", f);
            continue;
        }
        fprintf(f, "</td><td class=\"n %s\">%s</td><td class=n>%s&ndash;%s"
                   "</td><td>", verdict(ci.p),
                pct_text(ci.p, p, sizeof p), pct_text(ci.lo, lo, sizeof lo),
                pct_text(ci.hi, hi, sizeof hi));
        ls_html_escape(f, g->source);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

/* An amount in EUR million: "0" when exactly zero, two decimals, or two
 * significant digits below 0.01 (never a misleading "0.00"). */
static const char *eur_text(double x, char *buf, size_t n)
{
    if (x == 0)
        snprintf(buf, n, "0");
    else if (fabs(x) < 0.01)
        snprintf(buf, n, "%.2g", x);
    else
        snprintf(buf, n, "%.2f", x);
    return buf;
}

/* The costs: every metric in EUR million, its mean over the paths every
 * five years, and its 90 % band in the last year. */
static void write_costs(FILE *f, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    size_t ny = ls_scenario_years(sc), nm = sc->n_metrics, rows = 0;
    for (size_t m = 0; m < nm; m++)
        rows += strcmp(sc->metric_defs[m]->unit, "EUR M") == 0;
    if (rows == 0 || ny == 0)
        return;
    fputs("<h2>Kosten (costs, EUR mln)</h2>\n<p>Gemiddelde over de "
          "doorgerekende toekomsten; per jaar, of opgeteld tot dat jaar "
          "(&lsquo;so far&rsquo;). Laatste kolom: 90%-band in het laatste "
          "jaar.</p>\n<table><tr><th>grootheid (metric)</th><th>wat</th>",
          f);
    for (size_t y = 0; y < ny; y++)
        if (y % 5 == 2 || y + 1 == ny)
            fprintf(f, "<th>%d</th>", sc->year0 + (int)y);
    fprintf(f, "<th>90%% in %d</th></tr>\n", sc->year1);
    for (size_t m = 0; m < nm; m++) {
        if (strcmp(sc->metric_defs[m]->unit, "EUR M") != 0)
            continue;
        fputs("<tr><td title=\"", f);
        ls_html_escape(f, sc->metric_names[m]);
        fputs("\">", f);
        char ml[256];
        ls_html_escape(f, ls_report_metric_label(sc, m, ml, sizeof ml));
        fputs("</td><td>", f);
        ls_html_escape(f, sc->metric_defs[m]->doc);
        fputs("</td>", f);
        char a[32], b[32];
        for (size_t y = 0; y < ny; y++)
            if (y % 5 == 2 || y + 1 == ny)
                fprintf(f, "<td class=n>%s</td>",
                        eur_text(r->acc->mom[y * nm + m].mean, a, sizeof a));
        fprintf(f, "<td class=n>%s&ndash;%s</td></tr>\n",
                eur_text(ls_result_band(r, ny - 1, m, 0), a, sizeof a),
                eur_text(ls_result_band(r, ny - 1, m, 4), b, sizeof b));
    }
    fputs("</table>\n", f);
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

/* Writes the comment block at the top of a scenario file (what it is, the
 * abbreviations its source comments use), if it has one. */
static void write_header(FILE *f, const ls_file_head *h)
{
    if (h->text[0] == '\0')
        return;
    fputs("<p>Uit <code>", f);
    ls_html_escape(f, h->file);
    fputs("</code> (the head of the scenario file):</p>\n<pre class=hdr>", f);
    ls_html_escape(f, h->text);
    fputs("</pre>\n", f);
}

/* Writes where a value came from: its source comment, as the loader
 * captured it, and the file when it is not the scenario's own. */
static void write_origin(FILE *f, const ls_scenario *sc, const ls_origin *og)
{
    if (og->file == NULL) {
        fputs("<i>default of the model</i>", f);
        return;
    }
    if (og->line == 0) {
        fputs("<i>set on the command line (--set)</i>", f);
        return;
    }
    ls_html_escape(f, og->note != NULL ? og->note : "");
    if (strcmp(og->file, sc->file) != 0) {
        fputs(" <i>(", f);
        ls_html_escape(f, og->file);
        fputs(")</i>", f);
    }
}

static void write_assumptions(FILE *f, const ls_scenario *sc)
{
    /* The heads of the files the values come from, the scenario's first:
     * they explain the abbreviations of the source comments. */
    for (size_t i = 0; i < sc->n_heads; i++)
        write_header(f, &sc->heads[i]);
    fputs("<table><tr><th>parameter</th><th>betekenis (meaning)</th>"
          "<th>waarde of verdeling</th><th>bron (source: the comment at the "
          "value in its scenario file)</th></tr>\n", f);
    for (size_t m = 0; m < sc->n_models; m++) {
        const ls_model_inst *inst = &sc->models[m];
        for (size_t k = 0; inst->type->spec[k].name != NULL; k++) {
            const ls_param_spec *sp = &inst->type->spec[k];
            char value[512];
            ls_report_param_text(sc, sp, inst->params, value, sizeof value);
            fputs("<tr><td>", f);
            ls_html_escape(f, inst->name);
            fputc('.', f);
            ls_html_escape(f, sp->name);
            fputs("</td><td>", f);
            ls_html_escape(f, sp->doc);
            fputs(" [", f);
            ls_html_escape(f, sp->unit);
            fputs("]</td><td>", f);
            ls_html_escape(f, value);
            fputs("</td><td>", f);
            write_origin(f, sc, &inst->origin[k]);
            fputs("</td></tr>\n", f);
        }
    }
    for (size_t k = 0; k < sc->n_shared; k++) {
        const ls_shared *sh = &sc->shared[k];
        char value[512];
        ls_param_describe(&sh->value, value, sizeof value);
        fputs("<tr><td>", f);
        ls_html_escape(f, sh->name);
        fputs("</td><td>gedeeld: one value per path for every parameter "
              "that names it</td><td>", f);
        ls_html_escape(f, value);
        fputs("</td><td>", f);
        write_origin(f, sc, &sh->origin);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
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

/* The page's head, title and subtitle. */
static void write_head(FILE *f, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset="
               "\"utf-8\"><meta name=\"viewport\" content=\"width=device-"
               "width\"><meta name=\"leusden-run-id\" content=\"%s\">"
               "<title>Leusden 2040: ", r->run_id);
    ls_html_escape(f, sc->name);
    fprintf(f, "</title><style>%s</style></head><body>\n", ls_html_style);
    fputs("<h1>Leusden 2040 &mdash; energieneutraal?</h1>\n<p class=sub>"
          "Scenario <b>", f);
    ls_html_escape(f, sc->name);
    fprintf(f, "</b>: %llu doorgerekende toekomsten (Monte Carlo paths), "
               "%d&ndash;%d. Elke kans met een 95%%-betrouwbaarheidsinterval."
               "</p>\n", (unsigned long long)r->paths, sc->year0,
            sc->year1);
}

/* The headline box: P(energy neutral), if the scenario has that target. */
static void write_neutral(FILE *f, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    long neutral = -1;
    for (size_t t = 0; t < sc->n_targets; t++)
        if (strcmp(sc->metric_names[sc->targets[t].metric],
                   "balance.share") == 0 &&
            sc->targets[t].op == LS_OP_GE &&
            sc->targets[t].threshold >= 1.0)
            neutral = (long)t;
    if (neutral < 0)
        return;
    const ls_target *g = &sc->targets[neutral];
    ls_interval ci = r->p[neutral];
    char p[32], lo[32], hi[32];
    fprintf(f, "<div class=box><div>Kans dat Leusden in %d "
               "energieneutraal is (probability of energy neutrality):"
               "</div><div class=\"big %s\">%s</div><div class=sub>"
               "95%%-interval %s&ndash;%s (%llu van %llu toekomsten)"
               "</div></div>\n",
            g->year, verdict(ci.p), pct_text(ci.p, p, sizeof p),
            pct_text(ci.lo, lo, sizeof lo), pct_text(ci.hi, hi, sizeof hi),
            (unsigned long long)r->acc->hits[neutral],
            (unsigned long long)r->paths);
}

/* The probability bars and the targets table. */
static int write_targets(FILE *f, const ls_result *r, ls_error *e)
{
    if (r->sc->n_targets == 0)
        return LS_OK;
    char *svg = NULL;
    fputs("<h2>Tussendoelen: kans om te halen</h2>\n", f);
    int rc = ls_chart_targets(r, &svg, e);
    rc = put_svg(f, rc, svg,
                 "Groen: waarschijnlijk (P \u2265 0.8); oranje: onzeker; "
                 "rood: onwaarschijnlijk (P < 0.2). Zwarte lijn: "
                 "95%-interval.");
    if (rc == LS_OK)
        write_targets_table(f, r);
    return rc;
}

/* The fan charts of the headline metrics (a fan needs two years). */
static int write_fans(FILE *f, const ls_result *r, ls_error *e)
{
    const ls_scenario *sc = r->sc;
    size_t ms[LS_REPORT_MAX_FANS], total = 0;
    size_t nm = r->acc->n_years >= 2
                    ? headline_metrics(sc, ms, LS_REPORT_MAX_FANS, &total)
                    : 0;
    if (nm == SIZE_MAX)
        return ls_error_oom(e);
    if (nm > 0)
        fputs("<h2>Verloop over de jaren (fan charts)</h2>\n<p>Donkere band: "
              "50% van de toekomsten (25&ndash;75%); lichte band: 90% "
              "(5&ndash;95%); lijn: mediaan. Ruit: tussendoel met de kans om "
              "het te halen.</p>\n", f);
    int rc = LS_OK;
    for (size_t i = 0; i < nm && rc == LS_OK; i++) {
        char caption[256], *svg = NULL;
        /* A label says its unit itself ("Energievraag (TJ)"). */
        char ml[200];
        const ls_metric_def *d = sc->metric_defs[ms[i]];
        snprintf(caption, sizeof caption, d->label ? "%s" : "%s [%s]",
                 ls_report_metric_label(sc, ms[i], ml, sizeof ml), d->unit);
        rc = ls_chart_fan(r, ms[i], &svg, e);
        rc = put_svg(f, rc, svg, caption);
    }
    if (rc == LS_OK && total > nm)
        fprintf(f, "<p>Nog %zu grootheden met een tussendoel staan niet als "
                   "grafiek in dit rapport (at most %d fan charts, "
                   "LS_REPORT_MAX_FANS); ze staan in de JSON en CSV.</p>\n",
                total - nm, LS_REPORT_MAX_FANS);
    return rc;
}

/* The tornados of the most sensitive uncertain targets. */
static int write_tornados(FILE *f, const ls_result *r, ls_error *e)
{
    size_t ts[4], uncertain = 0;
    size_t nt = tornado_targets(r, ts, 4, &uncertain);
    if (uncertain > 0 && r->sensitivity) {
        fputs("<h2>Welke onzekerheid telt het zwaarst? (sensitivity)</h2>\n"
              "<p>Per tussendoel: de kans om het te halen als een parameter "
              "in zijn laagste of hoogste 10% ligt. De langste balken wijzen "
              "de keuzes en aannames aan die het meest uitmaken. Alleen "
              "verschillen die statistisch aantoonbaar zijn (95%, gecorrigeerd "
              "voor het aantal parameters) staan erin.</p>\n", f);
        if (nt == 0)
            fputs("<p><b>Geen enkele parameter heeft een aantoonbaar effect"
                  "</b> met dit aantal paths: reken met meer paths (of "
                  "<code>--precision</code>) voordat u concludeert dat geen "
                  "aanname ertoe doet.</p>\n", f);
    }
    int rc = LS_OK;
    for (size_t i = 0; i < nt && rc == LS_OK; i++) {
        char *svg = NULL;
        rc = ls_chart_tornado(r, ts[i], 8, &svg, e);
        rc = put_svg(f, rc, svg, NULL);
    }
    return rc;
}

/* The assumptions with their sources, and what was run. */
static void write_run(FILE *f, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    fputs("<h2>Aannames en bronnen (assumptions and sources)</h2>\n", f);
    write_assumptions(f, sc);
    fputs("<h2>Over deze berekening (run)</h2>\n<table>", f);
    fputs("<tr><td>scenario file</td><td>", f);
    ls_html_escape(f, sc->file);
    fprintf(f, "</td></tr><tr><td>seed, generator</td><td>%llu, %s</td>"
               "</tr><tr><td>paths</td><td>%llu</td></tr>",
            (unsigned long long)sc->seed, sc->rng->name,
            (unsigned long long)r->paths);
    if (r->stop.precision > 0)
        fprintf(f, "<tr><td>precision</td><td>half-width %g %s (cap "
                   "%llu paths)</td></tr>", r->stop.precision,
                r->stop.reached ? "reached" : "not reached",
                (unsigned long long)r->stop.max_paths);
    if (r->run != NULL)
        fprintf(f, "<tr><td>run</td><td>%.2f s on %d threads</td></tr>",
                r->run->seconds, r->run->threads);
    fprintf(f, "<tr><td>program</td><td>leusden %s</td></tr><tr><td>run id"
               "</td><td><code>%s</code> (the same in every output of this "
               "run)</td></tr></table>\n</body></html>\n", LS_VERSION,
            r->run_id);
}

int ls_html_write(const char *path, const ls_result *r, ls_error *e)
{
    ls_output o;
    int rc = ls_output_open(&o, path, e);
    if (rc != LS_OK)
        return rc;
    char dir[LS_OUTPUT_PATH_MAX];
    const char *slash = strrchr(o.path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - o.path) : 1,
             slash ? o.path : ".");
    ls_chart_tmpdir(dir[0] ? dir : "/");
    write_head(o.f, r);
    write_neutral(o.f, r);
    if ((rc = write_targets(o.f, r, e)) == LS_OK &&
        (write_costs(o.f, r), rc = write_fans(o.f, r, e)) == LS_OK &&
        (rc = write_tornados(o.f, r, e)) == LS_OK)
        write_run(o.f, r);
    if (rc != LS_OK) {
        ls_output_abort(&o);
        return rc;
    }
    return ls_output_commit(&o, e);
}
