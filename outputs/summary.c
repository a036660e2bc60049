/*
 * summary.c - the report's first page (summary.h).
 */
#include "summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "../sim/rare.h"

const char *ls_summary_small(double p, char *buf, size_t size)
{
    static const struct {
        double scale;
        const char *name;
    } scales[] = {
        {1e1, "10"}, {1e2, "100"}, {1e3, "1.000"}, {1e4, "10.000"},
        {1e5, "100.000"}, {1e6, "miljoen"}, {1e7, "10 miljoen"},
        {1e8, "100 miljoen"}, {1e9, "miljard"},
    };
    if (!(p > 0)) {
        snprintf(buf, size, "0");
        return buf;
    }
    size_t n = sizeof scales / sizeof scales[0], k = 0;
    while (k + 1 < n && p * scales[k].scale < 1)
        k++;
    if (p * scales[k].scale < 1) {
        snprintf(buf, size, "minder dan 1 op de miljard");
        return buf;
    }
    /* 9,96 op de 10 miljoen prints as 10: say 1 op de miljoen. */
    if (k > 0 && p * scales[k].scale >= 9.95)
        k--;
    char num[32];
    snprintf(num, sizeof num, "%.2g", p * scales[k].scale);
    snprintf(buf, size, "%s op de %s", ls_report_decimal_comma(num),
             scales[k].name);
    return buf;
}

const char *ls_summary_small_ci(double p, double lo, double hi, char *buf,
                                size_t size)
{
    char a[64], b[64], c[64];
    ls_summary_small(p, a, sizeof a);
    ls_summary_small(lo, b, sizeof b);
    ls_summary_small(hi, c, sizeof c);
    const char *sa = strstr(a, " op de "), *sb = strstr(b, " op de ");
    const char *sc = strstr(c, " op de ");
    if (sa && sb && sc && strcmp(sa, sb) == 0 && strcmp(sa, sc) == 0) {
        /* The same scale: "2,2 op de 1.000 (2,0-2,3 op de 1.000)". */
        snprintf(buf, size, "%s (%.*s" LS_NDASH "%s)", a, (int)(sb - b), b,
                 c);
        return buf;
    }
    snprintf(buf, size, "%s (%s" LS_NDASH "%s)", a, b, c);
    return buf;
}

const char *ls_summary_rare_why(int flag)
{
    switch (flag) {
    case LS_RARE_LEVEL:
        return "de gerichte trekking bereikte het doel niet";
    case LS_RARE_FEW_HITS:
        return "te weinig toekomsten haalden het doel";
    case LS_RARE_ESS:
    case LS_RARE_TAIL:
        return "een paar toekomsten bepalen de uitkomst";
    default:
        return "";
    }
}

const char *ls_summary_words(uint64_t hits, uint64_t n, char *buf,
                             size_t size)
{
    char a[32], b[32];
    double p = n > 0 ? (double)hits / (double)n : 0;
    ls_report_number((double)n, b, sizeof b);
    if (hits == 0) {
        snprintf(buf, size, "in geen van de %s", b);
        return buf;
    }
    if (hits == n) {
        snprintf(buf, size, "in alle %s", b);
        return buf;
    }
    /* The smallest power of ten, from 100, at which the count is at least
     * 1 and not all of them. */
    for (double scale = 100; scale < (double)n; scale *= 10) {
        double k = round(p * scale);
        if (k >= 1 && k < scale) {
            snprintf(buf, size, "in %s van de %s",
                     ls_report_number(k, a, sizeof a),
                     ls_report_number(scale, b, sizeof b));
            return buf;
        }
    }
    snprintf(buf, size, "in %s van de %s",
             ls_report_number((double)hits, a, sizeof a), b);
    return buf;
}

/* The target the question is about: energy neutrality (balance.share at
 * least 1) in the last such year, or -1. */
static long neutral_target(const ls_scenario *sc)
{
    long neutral = -1;
    for (size_t t = 0; t < sc->n_targets; t++)
        if (strcmp(sc->metric_names[sc->targets[t].metric],
                   "balance.share") == 0 &&
            sc->targets[t].op == LS_OP_GE &&
            sc->targets[t].threshold >= 1.0 && !sc->targets[t].has_observed)
            neutral = (long)t;
    return neutral;
}

/* 1 if the scenario is a region: several instances of the regional
 * model (res-amersfoort.cfg), not one municipality. */
static int region(const ls_scenario *sc)
{
    size_t n = 0;
    for (size_t m = 0; m < sc->n_models; m++)
        n += strcmp(sc->models[m].type->name, "regional") == 0;
    return n > 1;
}

static void question(ls_doc *d, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    char n[32];
    ls_doc_add(d, LS_DOC_SECTION, 0, "Samenvatting");
    ls_doc_add(d, LS_DOC_HEADING, 0, "De vraag");
    ls_doc_add(d, LS_DOC_PARA, 0, "Haalt %s de tussendoelen op weg naar "
               "%d, en hoe groot is die kans? Dit rapport rekent %s mogelijke "
               "toekomsten door, jaar voor jaar van %d tot %d. In elke "
               "toekomst krijgen de onzekere aannames (kosten, subsidie, "
               "netcapaciteit, vakmensen, het warmteplan, de financiering, "
               "het weer) een eigen waarde binnen hun bandbreedte; de kans "
               "op een doel is het deel van de toekomsten waarin het gehaald "
               "wordt. Scenario: " LS_B "%s" LS_B_END ".",
               region(sc) ? "de regio" : "Leusden",
               sc->year1, ls_report_number((double)r->paths, n, sizeof n),
               sc->year0, sc->year1, sc->label);
}

/* The colour class of target t: 0 likely, 1 uncertain, 2 unlikely, 3
 * observed. */
static int target_class(const ls_result *r, size_t t)
{
    if (r->sc->targets[t].has_observed)
        return 3;
    int v = ls_report_verdict(r->p[t].p);
    return v == LS_DOC_GOOD ? 0 : v == LS_DOC_FAIR ? 1 : 2;
}

/* Per target year: how many targets are likely, uncertain, unlikely. */
static void by_year(ls_doc *d, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    if (sc->n_targets == 0)
        return;
    ls_doc_table(d, 5);
    ls_doc_row(d);
    ls_doc_cell(d, LS_DOC_HEAD, "Jaar");
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM, "Tussendoelen");
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM | LS_DOC_GOOD,
                "Waarschijnlijk (kans " LS_GE " 80" LS_NBSP "%%)");
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM | LS_DOC_FAIR, "Onzeker");
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM | LS_DOC_POOR,
                "Onwaarschijnlijk (< 20" LS_NBSP "%%)");
    for (int year = sc->year0; year <= sc->year1; year++) {
        size_t count[4] = {0}, all = 0;
        for (size_t t = 0; t < sc->n_targets; t++)
            if (sc->targets[t].year == year) {
                count[target_class(r, t)]++;
                all++;
            }
        if (all == 0)
            continue;
        ls_doc_row(d);
        if (count[3] > 0)
            ls_doc_cell(d, 0, "%d (%zu waargenomen)", year, count[3]);
        else
            ls_doc_cell(d, 0, "%d", year);
        ls_doc_cell(d, LS_DOC_NUM, "%zu", all);
        for (int k = 0; k < 3; k++)
            ls_doc_cell(d, LS_DOC_NUM, "%zu", count[k]);
    }
}

/* The uncertain targets in words: where keuzes can make the difference. */
static void uncertain(ls_doc *d, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    size_t n = 0;
    for (size_t t = 0; t < sc->n_targets; t++)
        n += target_class(r, t) == 1;
    if (n == 0) {
        ls_doc_add(d, LS_DOC_PARA, 0, "Geen tussendoel is onzeker: elk is "
                   "waarschijnlijk of onwaarschijnlijk. Alle tussendoelen "
                   "met hun kans en bron staan in het hoofdstuk "
                   LS_I "Tussendoelen" LS_I_END ".");
        return;
    }
    ls_doc_add(d, LS_DOC_PARA, 0, "De onzekere tussendoelen (kans tussen 20 "
               "en 80" LS_NBSP "%%): daar kunnen keuzes het verschil maken. "
               "Alle tussendoelen met hun kans en bron staan in het "
               "hoofdstuk " LS_I "Tussendoelen" LS_I_END ".");
    ls_doc_table(d, 3);
    ls_doc_row(d);
    ls_doc_cell(d, LS_DOC_HEAD, "Tussendoel");
    ls_doc_cell(d, LS_DOC_HEAD, "Hoe vaak gehaald");
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM, "Kans (95%%-interval)");
    for (size_t t = 0; t < sc->n_targets; t++) {
        if (target_class(r, t) != 1)
            continue;
        const ls_target *g = &sc->targets[t];
        ls_interval ci = r->p[t];
        char w[96], p[32], lo[32], hi[32];
        ls_doc_row(d);
        ls_doc_cell(d, 0, "%s", g->label);
        ls_doc_cell_title(d, g->name);
        ls_doc_cell(d, 0, "%s toekomsten",
                    ls_summary_words(r->acc->hits[t], r->paths, w,
                                     sizeof w));
        ls_doc_cell(d, LS_DOC_NUM | LS_DOC_FAIR, "%s (%s" LS_NDASH "%s)",
                    ls_report_pct(ci.p, p, sizeof p),
                    ls_report_pct(ci.lo, lo, sizeof lo),
                    ls_report_pct(ci.hi, hi, sizeof hi));
    }
}

/* What importance sampling says of rare target t: its estimate in words,
 * or why it gives none. */
static void rare_line(ls_doc *d, const ls_result *r, size_t t)
{
    const ls_rare_est *e = &r->rare[t];
    char n[32], ci[200];
    ls_report_number((double)e->paths, n, sizeof n);
    if (e->flag == LS_RARE_OK)
        ls_doc_add(d, LS_DOC_SMALL, 0, "Een gerichte schatting "
                   "(importance sampling, %s toekomsten) geeft %s, met "
                   "95%%-interval.", n,
                   ls_summary_small_ci(e->p, e->lo, e->hi, ci, sizeof ci));
    else
        ls_doc_add(d, LS_DOC_SMALL, 0, "Ook een gerichte schatting "
                   "(importance sampling, %s toekomsten) geeft geen "
                   "betrouwbaar getal, want %s: de kans is te klein om hier "
                   "te schatten.", n, ls_summary_rare_why(e->flag));
}

/* The headline box, the targets per year, the uncertain ones. */
static void outcome(ls_doc *d, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    long neutral = neutral_target(sc);
    char w[96], p[32], lo[32], hi[32];
    ls_doc_add(d, LS_DOC_HEADING, 0, "De uitkomst");
    if (neutral >= 0) {
        const ls_target *g = &sc->targets[neutral];
        ls_interval ci = r->p[neutral];
        ls_doc_add(d, LS_DOC_BOX, 0, "%s", "");
        ls_doc_add(d, LS_DOC_PARA, 0, "Kans dat Leusden in %d "
                   "energieneutraal is:", g->year);
        ls_doc_add(d, LS_DOC_BIG, ls_report_verdict(ci.p), "%s",
                   ls_report_pct(ci.p, p, sizeof p));
        ls_doc_add(d, LS_DOC_SMALL, 0, "%s doorgerekende toekomsten; "
                   "95%%-interval %s" LS_NDASH "%s.",
                   ls_summary_words(r->acc->hits[neutral], r->paths, w,
                                    sizeof w),
                   ls_report_pct(ci.lo, lo, sizeof lo),
                   ls_report_pct(ci.hi, hi, sizeof hi));
        if (r->rare != NULL && r->rare[neutral].done)
            rare_line(d, r, (size_t)neutral);
        ls_doc_add(d, LS_DOC_BOX_END, 0, "%s", "");
    }
    by_year(d, r);
    uncertain(d, r);
}

/* The assumptions that move each uncertain target most. */
static void rests_on(ls_doc *d, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    ls_doc_add(d, LS_DOC_HEADING, 0, "Waar het op rust");
    ls_doc_add(d, LS_DOC_PARA, 0, "Deze kansen gelden voor de aannames van "
               "dit scenario en hun bandbreedtes; alle aannames staan met hun "
               "bron in het hoofdstuk " LS_I "Aannames en bronnen" LS_I_END
               ". Wat per "
               "tussendoel met een kans tussen 1 en 99" LS_NBSP "%% de twee "
               "aannames die het meest uitmaken: de kans als de aanname in "
               "haar laagste 10%% ligt \u2192 in haar hoogste 10%%.");
    size_t shown = 0;
    ls_doc_table(d, 2);
    ls_doc_row(d);
    ls_doc_cell(d, LS_DOC_HEAD, "Tussendoel");
    ls_doc_cell(d, LS_DOC_HEAD, "Aannames die het meest uitmaken");
    for (size_t t = 0; r->sensitivity && t < sc->n_targets; t++) {
        if (r->p[t].p < 0.01 || r->p[t].p > 0.99 || r->n_sig[t] == 0 ||
            sc->targets[t].has_observed)
            continue;
        char text[1024] = "", label[256], lo[32], hi[32];
        size_t used = 0;
        for (size_t k = 0; k < r->n_sig[t] && k < 2; k++) {
            const ls_sens_effect *ef = &ls_result_sig(r, t)[k];
            int w = snprintf(text + used, sizeof text - used,
                             "%s%s: %s \u2192 %s", k ? "; " : "",
                             ls_report_sens_label(sc, ef->param, label,
                                                  sizeof label),
                             ls_report_pct(ef->low.p, lo, sizeof lo),
                             ls_report_pct(ef->high.p, hi, sizeof hi));
            if (w > 0 && (size_t)w < sizeof text - used)
                used += (size_t)w;
        }
        ls_doc_row(d);
        ls_doc_cell(d, 0, "%s", sc->targets[t].label);
        ls_doc_cell_title(d, sc->targets[t].name);
        ls_doc_cell(d, 0, "%s", text);
        shown++;
    }
    if (shown == 0) {
        ls_doc_row(d);
        ls_doc_cell(d, 0, "%s", r->sensitivity
                                    ? "(geen tussendoel is onzeker, of "
                                      "geen aanname heeft een aantoonbaar "
                                      "effect met dit aantal toekomsten)"
                                    : "(niet berekend: --no-sensitivity)");
        ls_doc_cell_span(d, 2);
    }
}

/* Keuze j's largest significant |dP| (0 when none) and its target. */
static double keuze_effect(const ls_compare *c, size_t j, size_t *target)
{
    const ls_scenario *s0 = c->sc[0];
    double best = 0;
    *target = SIZE_MAX;
    for (size_t g = 0; g < s0->n_targets; g++) {
        const ls_diff *df = &c->diff[j * s0->n_targets + g];
        if (!df->has || s0->targets[g].has_observed ||
            !ls_diff_significant(df))
            continue;
        if (fabs(df->d.p) > fabs(best)) {
            best = df->d.p;
            *target = g;
        }
    }
    return best;
}

static void keuze_rows(ls_doc *d, const ls_compare *c)
{
    /* Each keuze's largest effect, once; then the keuzes by it (insertion
     * sort, stable: equal effects keep the command line's order). */
    size_t order[LS_MAX_SCENARIOS], target[LS_MAX_SCENARIOS], n = 0;
    double best[LS_MAX_SCENARIOS];
    for (size_t j = 1; j < c->k && j < LS_MAX_SCENARIOS; j++) {
        best[j] = keuze_effect(c, j, &target[j]);
        order[n++] = j;
    }
    for (size_t a = 1; a < n; a++)
        for (size_t b = a;
             b > 0 && fabs(best[order[b]]) > fabs(best[order[b - 1]]); b--) {
            size_t tmp = order[b];
            order[b] = order[b - 1];
            order[b - 1] = tmp;
        }
    for (size_t i = 0; i < n; i++) {
        size_t j = order[i], g = target[j];
        ls_doc_row(d);
        ls_doc_cell(d, 0, "%s", c->sc[j]->label);
        ls_doc_cell_title(d, c->sc[j]->name);
        if (g == SIZE_MAX) {
            size_t shared = 0;
            for (size_t t = 0; t < c->sc[0]->n_targets; t++)
                shared += c->diff[j * c->sc[0]->n_targets + t].has != 0;
            ls_doc_cell(d, 0, "%s", shared == 0
                                        ? "deelt geen tussendoel met het "
                                          "scenario hierboven"
                                        : "geen aantoonbaar effect op een "
                                          "tussendoel");
            ls_doc_cell_span(d, 3);
            continue;
        }
        const ls_diff *df = &c->diff[j * c->sc[0]->n_targets + g];
        char p[32], lo[32], hi[32];
        ls_doc_cell(d, LS_DOC_NUM | (best[j] > 0 ? LS_DOC_GOOD : LS_DOC_POOR),
                    "%s", ls_report_points(df->d.p, 1, p, sizeof p));
        ls_doc_cell(d, LS_DOC_NUM, "%s tot %s",
                    ls_report_points(df->d.lo, 1, lo, sizeof lo),
                    ls_report_points(df->d.hi, 1, hi, sizeof hi));
        ls_doc_cell(d, 0, "%s", c->sc[0]->targets[g].label);
        ls_doc_cell_title(d, c->sc[0]->targets[g].name);
    }
}

/* The keuzes ranked, or how to rank them. */
static void moves(ls_doc *d, const ls_compare *c)
{
    ls_doc_add(d, LS_DOC_HEADING, 0, "Wat de kansen verschuift: de keuzes");
    if (c == NULL || c->k < 2) {
        ls_doc_add(d, LS_DOC_PARA, 0, "Dit rapport rekent \u00e9\u00e9n "
                   "scenario door. Welke keuze de kansen het meest "
                   "verschuift, blijkt als de keuzes op dezelfde toekomsten "
                   "worden doorgerekend: " LS_CODE "leusden compare "
                   "scenarios/leusden.cfg scenarios/keuze-*.cfg --report "
                   "raad.pdf" LS_CODE_END " zet ze hier op volgorde.");
        return;
    }
    ls_doc_add(d, LS_DOC_PARA, 0, "Elke keuze is op dezelfde toekomsten "
               "doorgerekend als het scenario hierboven. Per keuze haar "
               "grootste aantoonbare effect: het verschil in kans, in "
               "procentpunten, met het 95%%-interval; de grootste eerst. "
               "Alle effecten per tussendoel staan in het hoofdstuk "
               LS_I "Keuzes vergeleken" LS_I_END ".");
    ls_doc_table(d, 4);
    ls_doc_row(d);
    ls_doc_cell(d, LS_DOC_HEAD, "Keuze");
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM, "Verschil (punten)");
    ls_doc_cell(d, LS_DOC_HEAD | LS_DOC_NUM, "95%%-interval");
    ls_doc_cell(d, LS_DOC_HEAD, "Op tussendoel");
    keuze_rows(d, c);
}

static void is_not(ls_doc *d)
{
    ls_doc_add(d, LS_DOC_HEADING, 0, "Wat zo'n kans niet is");
    ls_doc_add(d, LS_DOC_PARA, 0,
               LS_B "Geen voorspelling." LS_B_END " De kans zegt "
               "in hoeveel van de doorgerekende toekomsten een doel gehaald "
               "wordt, gegeven de aangenomen bandbreedtes. Andere "
               "bandbreedtes geven andere kansen; daarom staat bij elke "
               "aanname haar bron.");
    ls_doc_add(d, LS_DOC_PARA, 0,
               LS_B "Het interval is rekenonzekerheid." LS_B_END " "
               "Het 95%%-interval zegt hoe nauwkeurig de kans met dit aantal "
               "toekomsten is berekend, niet hoe zeker de aannames zelf "
               "zijn.");
    ls_doc_add(d, LS_DOC_PARA, 0, LS_B "Wat het model niet kent, zit er niet "
               "in:" LS_B_END " nieuw rijksbeleid, een doorbraak in "
               "techniek, een "
               "economische crisis. En 0%% betekent: in geen van de "
               "doorgerekende toekomsten, niet: onmogelijk.");
}

void ls_summary_doc(ls_doc *d, const ls_result *r, const ls_compare *c)
{
    question(d, r);
    outcome(d, r);
    rests_on(d, r);
    moves(d, c);
    is_not(d);
}
