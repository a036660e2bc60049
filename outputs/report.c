/*
 * report.c - the table on stdout.
 *
 * One row per target with its 95 % Clopper-Pearson interval, then a
 * summary of every metric: its mean in the first year (where the run
 * starts, for checking the calibration) and its mean and 5/50/95 %
 * quantiles (from the sketch) in the last year.  Column widths follow the
 * longest name so the table stays aligned for any scenario.  Every number
 * comes from the result object (sim/result.h); nothing is computed here.
 */
#include "report.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/dist.h"
#include "../sim/rare.h"
#include "../sim/sobol.h"
#include "doc.h"

static int widen(int w, const char *name)
{
    int len = (int)strlen(name);
    return len > w ? len : w;
}

/* The three parameters that move each target most, for targets that are
 * neither certain nor impossible on the paths run. */
static void report_sensitivity(FILE *out, const ls_result *r, int wt)
{
    const ls_scenario *sc = r->sc;
    if (!r->sensitivity)
        return;
    (void)wt;
    int wp = 9;
    for (size_t k = 0; k < sc->n_sens; k++)
        wp = widen(wp, sc->sens[k].name);
    fprintf(out, "\nSensitivity: P(hit) with each parameter in its lowest "
                 "and highest decile\n(the 3 largest spreads per target "
                 "among those that are\nsignificant, 95 %% family-wise over "
                 "the whole "
                 "table)\n");
    /* A target on its own line, its parameters below: fits 80 columns
     * for parameter names up to 50 characters. */
    fprintf(out, "target\n  %-*s  %7s  %7s  %7s\n", wp, "parameter", "low",
            "high", "spread");
    for (size_t t = 0; t < sc->n_targets; t++) {
        if (!ls_result_uncertain(r, t))
            continue;
        const ls_sens_effect *fx = ls_result_sig(r, t);
        size_t n = r->n_sig[t];
        fprintf(out, "%s%s\n", sc->targets[t].name,
                n == 0 ? "  (no significant spread)" : "");
        for (size_t k = 0; k < 3 && k < n; k++)
            fprintf(out, "  %-*s  %7.4f  %7.4f  %+7.4f\n", wp,
                    sc->sens[fx[k].param].name, fx[k].low.p, fx[k].high.p,
                    fx[k].spread);
    }
}

/* v with four significant digits in at most 8 characters where it can:
 * "12729" rather than "1.273e+04", e-notation only beyond 1e8. */
static const char *compact(double v, char *buf, size_t n)
{
    snprintf(buf, n, "%.4g", v);
    if (strchr(buf, 'e') != NULL && fabs(v) >= 1 && fabs(v) < 1e8)
        snprintf(buf, n, "%.0f", v);
    return buf;
}

static void report_targets(FILE *out, const ls_result *r, int wt)
{
    const ls_scenario *sc = r->sc;
    if (sc->n_targets == 0) {
        fprintf(out, "No targets in this scenario.\n");
        return;
    }
    fprintf(out, "Targets (tussendoelen): P(hit) with 95%% "
                 "Clopper-Pearson interval\n(metrics and sources: leusden "
                 "check)\n");
    fprintf(out, "%-*s  %4s  %2s %10s  %6s  %s\n", wt, "target", "year",
            "op", "threshold", "P(hit)", "95% CI");
    for (size_t t = 0; t < sc->n_targets; t++) {
        const ls_target *g = &sc->targets[t];
        ls_interval ci = r->p[t];
        fprintf(out, "%-*s  %4d  %2s %10.6g  %6.4f  [%.4f, %.4f]\n", wt,
                g->name, g->year, ls_op_str(g->op), g->threshold, ci.p,
                ci.lo, ci.hi);
    }
    /* Past years: what was observed decides, not the model. */
    for (size_t t = 0; t < sc->n_targets; t++) {
        const ls_target *g = &sc->targets[t];
        if (g->has_observed)
            fprintf(out, "  %s: %s (observed %g; %s)\n", g->name,
                    ls_target_met(g) ? "met" : "missed", g->observed,
                    g->observed_source);
    }
}

/* The importance-sampling estimates (--rare), if any were made. */
static void report_rare(FILE *out, const ls_result *r, int wt)
{
    const ls_scenario *sc = r->sc;
    if (ls_result_rare_count(r) == 0)
        return;
    fprintf(out, "\nRare targets by importance sampling (%llu paths each; "
                 "check: ok or why\nnot to trust it, docs/statistics.md)\n",
            (unsigned long long)r->rare_paths);
    int w = wt + 52 <= 80 ? wt : 0;
    fprintf(out, "%-*s %9s %-19s %6s %7s %s\n", w ? w : 6, "target",
            "P(hit)", "95% CI", "ESS", "VRF", "check");
    for (size_t t = 0; t < sc->n_targets; t++) {
        const ls_rare_est *e = &r->rare[t];
        if (!e->done)
            continue;
        double p, lo, hi;
        char ci[48];
        ls_rare_hit(e, &p, &lo, &hi);
        snprintf(ci, sizeof ci, "[%.2g, %.2g]", lo, hi);
        if (w == 0)
            fprintf(out, "%s\n", sc->targets[t].name);
        fprintf(out, "%-*s %9.3g %-19s %6.0f %7.2g %s\n", w,
                w ? sc->targets[t].name : "", p, ci, e->ess, e->vrf,
                ls_rare_flag_word(e->flag));
    }
}

void ls_report_by_total(const ls_sobol_out *o, size_t d, size_t *ix)
{
    for (size_t i = 0; i < d; i++)
        ix[i] = i;
    for (size_t i = 1; i < d; i++)
        for (size_t j = i; j > 0; j--) {
            double a = o->total[ix[j - 1]].p, b = o->total[ix[j]].p;
            if (!(isnan(a) || (!isnan(b) && b > a)))
                break;
            size_t t = ix[j];
            ix[j] = ix[j - 1];
            ix[j - 1] = t;
        }
}

/* The Sobol' indices of each target's hit (--sobol), in short: the
 * within-path share, the sum of the first-order indices, and the three
 * largest total indices. */
static void report_sobol(FILE *out, const ls_result *r)
{
    const ls_sobol *s = r->sobol;
    if (s == NULL)
        return;
    const ls_scenario *sc = r->sc;
    size_t *ix = malloc((s->d ? s->d : 1) * sizeof *ix);
    if (ix == NULL)
        return;
    fprintf(out, "\nVariance of each target's hit (Sobol' indices, %llu "
                 "rows of %zu paths;\nintervals in the JSON and CSV): the "
                 "share of the yearly randomness\nwithin a path, the sum of "
                 "the first-order indices, the largest totals\n",
            (unsigned long long)s->rows, s->d + 3);
    for (size_t t = 0; t < sc->n_targets; t++) {
        const ls_sobol_out *o = &s->out[2 * t];
        if (!(o->var > 0)) {
            fprintf(out, "%s: no variance (hit on every path or none)\n",
                    sc->targets[t].name);
            continue;
        }
        fprintf(out, "%s: within path %.2f, first-order sum %.2f\n",
                sc->targets[t].name, o->noise.p, o->first_sum);
        ls_report_by_total(o, s->d, ix);
        for (size_t k = 0; k < 3 && k < s->d; k++)
            fprintf(out, "  %-48s total %5.2f first %5.2f\n",
                    sc->sens[ix[k]].name, o->total[ix[k]].p,
                    o->first[ix[k]].p);
    }
    free(ix);
}

int ls_report_table(FILE *out, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    const ls_accum *acc = r->acc;
    fprintf(out, "Leusden 2040: scenario \"%s\"\nfile %s\n", sc->name,
            sc->file);
    fprintf(out, "seed %llu, generator %s, %llu paths, years %d-%d\n\n",
            (unsigned long long)sc->seed, sc->rng->name,
            (unsigned long long)r->paths, sc->year0, sc->year1);

    int wt = 6, wm = 6, wu = 4;
    for (size_t t = 0; t < sc->n_targets; t++)
        wt = widen(wt, sc->targets[t].name);
    for (size_t m = 0; m < sc->n_metrics; m++) {
        wm = widen(wm, sc->metric_names[m]);
        wu = widen(wu, sc->metric_defs[m]->unit);
    }
    report_targets(out, r, wt);
    report_rare(out, r, wt);

    size_t y = ls_scenario_years(sc) - 1;
    fprintf(out, "\nMetrics: mean in %d; mean and quantiles over paths in %d\n",
            sc->year0, sc->year1);
    char first[16];
    snprintf(first, sizeof first, "%d", sc->year0);
    /* Four significant digits (all of them in the JSON and CSV), so that
     * a row fits 80 columns for names up to 26 characters; a longer name
     * takes a line of its own. */
    fprintf(out, "%-*s %-*s %8s %8s %8s %8s %8s\n", wm, "metric", wu, "unit",
            first, "mean", "5%", "50%", "95%");
    for (size_t m = 0; m < sc->n_metrics; m++) {
        size_t s = y * sc->n_metrics + m;
        const double v[5] = {acc->mom[m].mean, acc->mom[s].mean,
                             ls_result_band(r, y, m, 0),
                             ls_result_band(r, y, m, 2),
                             ls_result_band(r, y, m, 4)};
        int w = wm + 1 + wu + 45 <= 80 ? wm : 0;
        if (w == 0)
            fprintf(out, "%s\n", sc->metric_names[m]);
        fprintf(out, "%-*s %-*s", w, w ? sc->metric_names[m] : "", wu,
                sc->metric_defs[m]->unit);
        for (int k = 0; k < 5; k++) {
            char num[32];
            fprintf(out, " %8s", compact(v[k], num, sizeof num));
        }
        fputc('\n', out);
    }
    report_sensitivity(out, r, wt);
    report_sobol(out, r);
    return ferror(out) ? -1 : 0;
}

char *ls_report_decimal_comma(char *buf)
{
    char *point = strchr(buf, '.');
    if (point != NULL)
        *point = ',';
    return buf;
}

char *ls_report_points(double x, int sign, char *buf, size_t n)
{
    snprintf(buf, n, sign ? "%+.2f" : "%.2f", 100 * x);
    return ls_report_decimal_comma(buf);
}

const char *ls_report_metric_label(const ls_scenario *sc, size_t m,
                                   char *buf, size_t n)
{
    const char *label = sc->metric_defs[m]->label;
    const ls_model_inst *inst = NULL;
    for (size_t i = 0; i < sc->n_models; i++)
        if (m >= sc->models[i].metric0)
            inst = &sc->models[i];
    size_t model_metrics = sc->n_metrics - sc->n_aggregates;
    if (label == NULL)
        snprintf(buf, n, "%s", sc->metric_names[m]);
    else if (m < model_metrics && inst != NULL &&
             strcmp(inst->name, inst->type->name) != 0)
        snprintf(buf, n, "%s (%s)", label, inst->name);
    else
        snprintf(buf, n, "%s", label);
    return buf;
}

char *ls_report_param_text(const ls_scenario *sc, const ls_param_spec *sp,
                           const void *params, char *buf, size_t n)
{
    const ls_param *p = (const ls_param *)(const void *)(
        (const char *)params + sp->offset);
    if (sp->kind != LS_PARAM_DIST || p->shared == 0)
        return ls_model_param_text(sp, params, buf, n);
    int k = snprintf(buf, n, "%s = ", sc->shared[p->shared - 1].name);
    if (k >= 0 && (size_t)k < n)
        ls_model_param_text(sp, params, buf + k, n - (size_t)k);
    return buf;
}

/* The shared parameters and their correlations, for `check`. */
static void report_shared(FILE *out, const ls_scenario *sc)
{
    if (sc->n_shared == 0)
        return;
    fprintf(out, "\nshared parameters (one value per path for every user)\n");
    for (size_t k = 0; k < sc->n_shared; k++) {
        const ls_shared *sh = &sc->shared[k];
        char value[512];
        ls_param_describe(&sh->value, value, sizeof value);
        fprintf(out, "  %s  %s, used by %zu parameter%s\n", sh->name, value,
                sh->users, sh->users == 1 ? "" : "s");
    }
    for (size_t k = 0; k < sc->n_correlations; k++) {
        const ls_correlation *c = &sc->correlations[k];
        fprintf(out, "  rank correlation %s ~ %s: %g (normal copula %.4f)\n",
                sc->shared[c->a].name, sc->shared[c->b].name, c->rank,
                c->normal);
    }
}

int ls_report_scenario(FILE *out, const ls_scenario *sc)
{
    fprintf(out, "scenario \"%s\" (%s)\n", sc->name, sc->file);
    fprintf(out, "  seed %llu, years %d-%d, generator %s%s, %llu paths\n",
            (unsigned long long)sc->seed, sc->year0, sc->year1,
            sc->rng->name,
            sc->samplers == LS_SAMPLERS_GSL ? " with GSL's samplers" : "",
            (unsigned long long)sc->paths);
    for (size_t i = 0; i < sc->n_models; i++) {
        const ls_model_inst *inst = &sc->models[i];
        ls_stage stage = inst->type->stage;
        fprintf(out, "\n%s (%s %s: %s)\n", inst->name,
                stage == LS_STAGE_DRIVER ? "driver" :
                stage == LS_STAGE_SECTOR ? "model" : "system",
                inst->type->name, inst->type->doc);
        const ls_param_spec *spec = inst->type->spec;
        int w = 6;
        for (size_t k = 0; spec != NULL && spec[k].name != NULL; k++)
            w = widen(w, spec[k].name);
        for (size_t k = 0; spec != NULL && spec[k].name != NULL; k++) {
            const ls_param_spec *sp = &spec[k];
            char value[512];
            ls_report_param_text(sc, sp, inst->params, value, sizeof value);
            fprintf(out, "  %-*s  %s [%s]\n  %-*s  %s\n", w, sp->name, value,
                    sp->unit, w, "", sp->doc);
        }
    }
    report_shared(out, sc);
    fprintf(out, "\ntargets\n");
    for (size_t t = 0; t < sc->n_targets; t++) {
        const ls_target *g = &sc->targets[t];
        fprintf(out, "  %s: %s %s %g in %d%s%s\n", g->name,
                sc->metric_names[g->metric], ls_op_str(g->op), g->threshold,
                g->year, g->source[0] ? "; source: " : "", g->source);
        if (strcmp(g->label, g->name) != 0)
            fprintf(out, "    label: %s\n", g->label);
    }
    if (sc->n_overrides > 0) {
        fprintf(out, "\noverrides (where each replaced value came from)\n");
        for (size_t i = 0; i < sc->n_overrides; i++) {
            const ls_override *o = &sc->overrides[i];
            fprintf(out, "  %s: set in %s", o->path, o->file);
            if (o->line > 0)
                fprintf(out, ":%d", o->line);
            if (o->was_file[0] != '\0') {
                fprintf(out, ", replacing %s", o->was_file);
                if (o->was_line > 0)
                    fprintf(out, ":%d", o->was_line);
            } else {
                fputs(", new", out);
            }
            fputc('\n', out);
        }
    }
    fprintf(out, "\nmetrics\n");
    for (size_t m = 0; m < sc->n_metrics; m++)
        fprintf(out, "  %s [%s]: %s\n", sc->metric_names[m],
                sc->metric_defs[m]->unit, sc->metric_defs[m]->doc);
    return ferror(out) ? -1 : 0;
}

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

const char *ls_report_pct(double p, char *buf, size_t n)
{
    if (isfinite(p))
        snprintf(buf, n, "%.*f" LS_NBSP "%%", decimals(p, 1, 2), 100 * p);
    else
        snprintf(buf, n, LS_NDASH);
    return ls_report_decimal_comma(buf);
}

const char *ls_report_number(double v, char *buf, size_t n)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.6g", v);
    if (strchr(raw, 'e') != NULL || !isfinite(v)) {
        snprintf(buf, n, "%s", raw);
        return ls_report_decimal_comma(buf);
    }
    ls_report_decimal_comma(raw);
    const char *digits = raw + (raw[0] == '-'), *end = digits;
    while (*end >= '0' && *end <= '9')
        end++;
    size_t j = 0;
    if (raw[0] == '-' && j + 1 < n)
        buf[j++] = '-';
    for (const char *c = digits; c < end && j + 2 < n; c++) {
        buf[j++] = *c;
        if ((end - c - 1) % 3 == 0 && c + 1 < end)
            buf[j++] = '.';
    }
    snprintf(buf + j, n - j, "%s", end);
    return buf;
}

const char *ls_report_threshold(const ls_scenario *sc, const ls_target *g,
                                char *buf, size_t n)
{
    const char *unit = sc->metric_defs[g->metric]->unit;
    int fraction = strcmp(unit, "fraction") == 0;
    char num[64];
    ls_report_number(fraction ? 100 * g->threshold : g->threshold, num,
                     sizeof num);
    snprintf(buf, n, "%s %s%s%s", g->op == LS_OP_GE ? LS_GE : LS_LE, num,
             fraction || strcmp(unit, "0/1") == 0 ? "" : LS_NBSP,
             fraction ? LS_NBSP "%" : strcmp(unit, "0/1") == 0
                                          ? ""
                                          : ls_report_unit(unit));
    return buf;
}

/* Units as the Dutch report writes them. */
static const char *const units_nl[][2] = {
    {"1/yr", "per jaar"}, {"fraction", "fractie"}, {"years", "jaar"},
    {"yr", "jaar"}, {"year", "jaartal"}, {"probability", "kans"},
    {"homes", "woningen"}, {"homes/yr", "woningen per jaar"},
    {"jobs/home", "vakmensen per woning"}, {"EUR/home", "euro per woning"},
    {"kt CO2/TJ", "kt CO\u2082 per TJ"}, {"kt CO2", "kt CO\u2082"},
    {"kWh/kWp/yr", "kWh per kWp per jaar"}, {"EUR", "euro"},
    {"EUR/Wp", "euro per Wp"}, {"EUR/kWh", "euro per kWh"},
    {"EUR/(GJ/yr)", "euro per GJ/jaar"}, {"EUR/m3", "euro per m\u00b3"},
    {"EUR M", "mln euro"}, {"EUR M/yr", "mln euro per jaar"},
    {"log points", "log-punten"}, {"jobs/(TJ/yr)", "vakmensen per TJ/jaar"},
    {"jobs/yr", "vakmensen per jaar"}, {"jobs", "vakmensen"},
    {"TJ/yr", "TJ per jaar"}, {"MW/yr", "MW per jaar"},
    {"h/yr", "uur per jaar"}, {"firms", "bedrijven"}, {"farms", "bedrijven"},
    {"turbines", "windturbines"}, {"units/yr", "eenheden per jaar"},
    {"units", "eenheden"}, {"1-3", "1" LS_NDASH "3"}, {"1", "\u2013"},
    {"index", "index"}, {"factor", "factor"}, {"panels", "panelen"},
    {"fields", "zonnevelden"}, {"projects", "projecten"},
    {"0/1", "0/1"}};

const char *ls_report_unit(const char *unit)
{
    for (size_t i = 0; i < sizeof units_nl / sizeof units_nl[0]; i++)
        if (strcmp(unit, units_nl[i][0]) == 0)
            return units_nl[i][1];
    return unit;
}

/* The label of spec entry sp, or its setting name when it has none. */
static const char *spec_label(const ls_param_spec *sp)
{
    return sp->label != NULL && sp->label[0] != '\0' ? sp->label : sp->name;
}

const char *ls_report_param_label(const ls_scenario *sc, size_t model,
                                  size_t spec, char *buf, size_t n)
{
    const ls_model_inst *inst = &sc->models[model];
    const char *label = spec_label(&inst->type->spec[spec]);
    if (strcmp(inst->name, inst->type->name) != 0)
        snprintf(buf, n, "%s (%s)", label, inst->name);
    else
        snprintf(buf, n, "%s", label);
    return buf;
}

const char *ls_report_shared_label(const ls_scenario *sc, size_t k,
                                   char *buf, size_t n)
{
    for (size_t m = 0; m < sc->n_models; m++) {
        const ls_model_inst *inst = &sc->models[m];
        for (size_t i = 0; inst->type->spec[i].name != NULL; i++) {
            const ls_param_spec *sp = &inst->type->spec[i];
            const ls_param *p = (const ls_param *)(const void *)(
                (const char *)inst->params + sp->offset);
            if (sp->kind == LS_PARAM_DIST && (size_t)p->shared == k + 1) {
                snprintf(buf, n, "%s (gedeeld)", spec_label(sp));
                return buf;
            }
        }
    }
    snprintf(buf, n, "%s", sc->shared[k].name);
    return buf;
}

const char *ls_report_sens_label(const ls_scenario *sc, size_t k, char *buf,
                                 size_t n)
{
    const ls_sens_param *sp = &sc->sens[k];
    if (sp->model == SIZE_MAX)
        return ls_report_shared_label(sc, sp->spec, buf, n);
    return ls_report_param_label(sc, sp->model, sp->spec, buf, n);
}

const char *ls_report_path_label(const ls_scenario *sc, const char *path,
                                 char *buf, size_t n)
{
    if (strncmp(path, "models.", 7) == 0) /* as --vary writes it */
        path += 7;
    const char *dot = strchr(path, '.');
    size_t len = dot ? (size_t)(dot - path) : 0;
    for (size_t k = 0; dot != NULL && k < sc->n_shared; k++)
        if (strcmp(sc->shared[k].name, path) == 0)
            return ls_report_shared_label(sc, k, buf, n);
    for (size_t m = 0; dot != NULL && m < sc->n_models; m++) {
        const ls_model_inst *inst = &sc->models[m];
        if (strlen(inst->name) != len || strncmp(inst->name, path, len) != 0)
            continue;
        for (size_t i = 0; inst->type->spec[i].name != NULL; i++)
            if (strcmp(inst->type->spec[i].name, dot + 1) == 0)
                return ls_report_param_label(sc, m, i, buf, n);
    }
    snprintf(buf, n, "%s", path);
    return buf;
}

int ls_report_verdict(double p)
{
    return p >= 0.8 ? LS_DOC_GOOD : p >= 0.2 ? LS_DOC_FAIR : LS_DOC_POOR;
}

/* The label of the parameter named word[0..n) of model m, or of any
 * model when m has none of that name; NULL when there is none. */
static const char *word_label(const ls_scenario *sc, size_t m,
                              const char *word, size_t n)
{
    for (size_t k = 0; k <= sc->n_models; k++) {
        size_t i = k == 0 ? m : k - 1;
        if (i >= sc->n_models || (k > 0 && i == m))
            continue;
        const ls_param_spec *spec = sc->models[i].type->spec;
        for (size_t j = 0; spec[j].name != NULL; j++)
            if (strlen(spec[j].name) == n &&
                strncmp(spec[j].name, word, n) == 0 && spec[j].label)
                return spec[j].label;
    }
    return NULL;
}

char *ls_report_note(const ls_scenario *sc, size_t model, const char *note,
                     char *buf, size_t n)
{
    size_t j = 0;
    buf[0] = '\0';
    for (const char *s = note; *s && j + 1 < n;) {
        size_t len = 0;
        int underscore = 0;
        while ((s[len] >= 'a' && s[len] <= 'z') ||
               (s[len] >= '0' && s[len] <= '9') || s[len] == '_')
            underscore |= s[len++] == '_';
        int start = s == note || s[-1] == ' ' || s[-1] == '(';
        const char *label = underscore && start
                                ? word_label(sc, model, s, len)
                                : NULL;
        char shared[256];
        if (start && len == 6 && strncmp(s, "shared", 6) == 0 &&
            s[6] == '.') { /* "shared.NAME": the shared parameter's label */
            size_t k = 7;
            while ((s[k] >= 'a' && s[k] <= 'z') ||
                   (s[k] >= '0' && s[k] <= '9') || s[k] == '_')
                k++;
            for (size_t i = 0; i < sc->n_shared && label == NULL; i++)
                if (strlen(sc->shared[i].name) == k &&
                    strncmp(sc->shared[i].name, s, k) == 0) {
                    label = ls_report_shared_label(sc, i, shared,
                                                   sizeof shared);
                    len = k;
                }
        }
        int w = label ? snprintf(buf + j, n - j, "\u2018%s\u2019", label)
                : len ? snprintf(buf + j, n - j, "%.*s", (int)len, s)
                      : snprintf(buf + j, n - j, "%c", *s);
        if (w < 0 || (size_t)w >= n - j)
            break;
        j += (size_t)w;
        s += len ? len : 1;
    }
    return buf;
}

/* A number in a value's description: Dutch, with points between
 * thousands unless it is a year (plain). */
static const char *num_nl(double v, int plain, char *buf, size_t n)
{
    if (plain && v == floor(v) && fabs(v) < 1e6) {
        snprintf(buf, n, "%.0f", v);
        return buf;
    }
    return ls_report_number(v, buf, n);
}

/* Appends to buf (of n, *used so far) as snprintf. */
static void put(char *buf, size_t n, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void put(char *buf, size_t n, size_t *used, const char *fmt, ...)
{
    if (*used >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + *used, n - *used, fmt, ap);
    va_end(ap);
    if (k > 0)
        *used += (size_t)k;
}

/* A distribution's name and parameters, the Dutch way ("driehoek (min
 * −0,01; top 0,02; max 0,06)"). */
static void dist_nl(const ls_dist *d, int plain, char *buf, size_t n,
                    size_t *used)
{
    static const char *const names[] = {
        [LS_DIST_UNIFORM] = "uniform", [LS_DIST_TRIANGULAR] = "driehoek",
        [LS_DIST_PERT] = "PERT", [LS_DIST_NORMAL] = "normaal",
        [LS_DIST_LOGNORMAL] = "lognormaal", [LS_DIST_BETA] = "beta",
        [LS_DIST_TRUNCNORMAL] = "afgekapt normaal",
        [LS_DIST_DISCRETE] = "discreet"};
    char a[32], b[32], c[32], e[32];
    const char *lo = num_nl(d->lo, plain, a, sizeof a),
               *hi = num_nl(d->hi, plain, b, sizeof b),
               *ma = num_nl(d->a, plain, c, sizeof c);
    put(buf, n, used, "%s (", names[d->kind]);
    switch (d->kind) {
    case LS_DIST_UNIFORM: put(buf, n, used, "%s tot %s", lo, hi); break;
    case LS_DIST_TRIANGULAR:
    case LS_DIST_PERT:
        put(buf, n, used, "min %s; top %s; max %s", lo, ma, hi);
        break;
    case LS_DIST_NORMAL:
        put(buf, n, used, "gemiddeld %s; sd %s", ma,
            num_nl(d->b, 0, e, sizeof e));
        break;
    case LS_DIST_LOGNORMAL:
        put(buf, n, used, "mediaan %s; sigma %s", ma,
            num_nl(d->b, 0, e, sizeof e));
        break;
    case LS_DIST_BETA:
        put(buf, n, used, "alfa %s; b\u00e8ta %s; %s tot %s",
            num_nl(d->b, 0, c, sizeof c), num_nl(d->c, 0, e, sizeof e), lo,
            hi);
        break;
    case LS_DIST_TRUNCNORMAL:
        put(buf, n, used, "gemiddeld %s; sd %s; %s tot %s", ma,
            num_nl(d->b, 0, e, sizeof e), lo, hi);
        break;
    case LS_DIST_DISCRETE:
        for (size_t i = 0; i < d->n; i++)
            put(buf, n, used, "%s%s met kans %s", i ? "; " : "",
                num_nl(d->values[i], plain, a, sizeof a),
                ls_report_pct(d->weight[i], b, sizeof b));
        break;
    default: break;
    }
    put(buf, n, used, ")");
}

const char *ls_report_value_nl(const ls_scenario *sc,
                               const ls_param_spec *sp, const void *params,
                               char *buf, size_t n)
{
    const char *field = (const char *)params + sp->offset;
    int plain = strcmp(sp->unit, "year") == 0;
    size_t used = 0;
    char a[32];
    buf[0] = '\0';
    if (sp->kind == LS_PARAM_REAL) {
        put(buf, n, &used, "%s",
            num_nl(*(const double *)(const void *)field, plain, a, sizeof a));
        return buf;
    }
    if (sp->kind == LS_PARAM_INT) {
        put(buf, n, &used, "%s",
            num_nl((double)*(const long long *)(const void *)field, plain, a,
                   sizeof a));
        return buf;
    }
    const ls_param *p = (const ls_param *)(const void *)field;
    if (p->shared != 0) {
        char label[256];
        put(buf, n, &used, "gedeeld met andere aannames: \u2018%s\u2019",
            ls_report_shared_label(sc, (size_t)p->shared - 1, label,
                                   sizeof label));
        return buf;
    }
    return ls_report_dist_nl(p, plain, buf, n);
}

const char *ls_report_dist_nl(const ls_param *p, int plain, char *buf,
                              size_t n)
{
    size_t used = 0;
    char a[32], b[32];
    buf[0] = '\0';
    if (p->sched.n > 0) {
        put(buf, n, &used, "verloop: ");
        for (size_t i = 0; i < p->sched.n; i++)
            put(buf, n, &used, "%s%d: %s", i ? "; " : "", p->sched.year[i],
                num_nl(p->sched.value[i], plain, a, sizeof a));
        return buf;
    }
    const ls_dist *d = &p->dist;
    if (d->kind == LS_DIST_FIXED) {
        put(buf, n, &used, "%s", num_nl(d->a, plain, a, sizeof a));
        return buf;
    }
    dist_nl(d, plain, buf, n, &used);
    snprintf(a, sizeof a, "%.3g", ls_dist_mean(d));
    put(buf, n, &used, ", verwachting %s",
        num_nl(strtod(a, NULL), plain, b, sizeof b));
    return buf;
}
