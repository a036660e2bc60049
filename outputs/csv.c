/*
 * csv.c - the tidy CSV tables.
 *
 * Numbers are printed with %.15g: fifteen significant digits survive a
 * round trip through any spreadsheet, and the C locale (which the program
 * never changes) guarantees '.' as the decimal point.  Text fields are
 * quoted only when RFC 4180 requires it (comma, quote, CR or LF), with
 * quotes doubled.
 */
#include "csv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "output.h"

void ls_csv_text(FILE *f, const char *s)
{
    /* A cell that a spreadsheet would take for a formula (=, +, -, @, or a
     * tab or carriage return first) starts with an apostrophe, which
     * spreadsheets show as text (OWASP's advice on CSV injection). */
    int formula = s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
    if (!formula && strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (formula)
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void ls_csv_number(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.15g", ls_json_printable(x));
}

/* Opens dir/name; the caller writes and commits. */
static int open_in(ls_output *o, const char *dir, const char *name,
                   ls_error *e)
{
    char path[LS_OUTPUT_PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >=
        sizeof path)
        return ls_error_set(e, LS_ERUNTIME, dir, 0, NULL,
                            "directory name too long");
    return ls_output_open(o, path, e);
}

static void write_targets(FILE *f, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    const ls_accum *acc = r->acc;
    fputs("scenario,target,year,metric,op,threshold,p_hit,ci_low,ci_high,"
          "hits,paths,source,run_id\r\n", f);
    for (size_t t = 0; t < sc->n_targets; t++) {
        const ls_target *g = &sc->targets[t];
        ls_interval ci = r->p[t];
        ls_csv_text(f, sc->name);
        fputc(',', f);
        ls_csv_text(f, g->name);
        fprintf(f, ",%d,", g->year);
        ls_csv_text(f, sc->metric_names[g->metric]);
        fprintf(f, ",%s,", ls_op_str(g->op));
        ls_csv_number(f, g->threshold);
        fputc(',', f);
        ls_csv_number(f, ci.p);
        fputc(',', f);
        ls_csv_number(f, ci.lo);
        fputc(',', f);
        ls_csv_number(f, ci.hi);
        fprintf(f, ",%llu,%llu,", (unsigned long long)acc->hits[t],
                (unsigned long long)acc->paths);
        ls_csv_text(f, g->source);
        fprintf(f, ",%s\r\n", r->run_id);
    }
}

static void write_bands(FILE *f, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    const ls_accum *acc = r->acc;
    fputs("scenario,metric,year,quantile,value,run_id\r\n", f);
    for (size_t m = 0; m < sc->n_metrics; m++)
        for (size_t y = 0; y < acc->n_years; y++)
            for (size_t q = 0; q < LS_RESULT_QUANTILES; q++) {
                ls_csv_text(f, sc->name);
                fputc(',', f);
                ls_csv_text(f, sc->metric_names[m]);
                fprintf(f, ",%d,%.2f,", sc->year0 + (int)y,
                        ls_result_quantiles[q]);
                ls_csv_number(f, ls_result_band(r, y, m, q));
                fprintf(f, ",%s\r\n", r->run_id);
            }
}

static void write_metrics(FILE *f, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    const ls_accum *acc = r->acc;
    fputs("scenario,metric,unit,year,mean,sd,min,max,run_id\r\n", f);
    for (size_t m = 0; m < sc->n_metrics; m++)
        for (size_t y = 0; y < acc->n_years; y++) {
            size_t s = y * sc->n_metrics + m;
            ls_csv_text(f, sc->name);
            fputc(',', f);
            ls_csv_text(f, sc->metric_names[m]);
            fputc(',', f);
            ls_csv_text(f, sc->metric_defs[m]->unit);
            fprintf(f, ",%d,", sc->year0 + (int)y);
            ls_csv_number(f, acc->mom[s].mean);
            fputc(',', f);
            ls_csv_number(f, sqrt(ls_accum_variance(acc, s)));
            fputc(',', f);
            ls_csv_number(f, acc->mom[s].min);
            fputc(',', f);
            ls_csv_number(f, acc->mom[s].max);
            fprintf(f, ",%s\r\n", r->run_id);
        }
}

static void write_sensitivity(FILE *f, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    fputs("scenario,target,parameter,rank,p_low,p_low_ci_low,p_low_ci_high,"
          "p_high,p_high_ci_low,p_high_ci_high,spread,spread_ci_low,"
          "spread_ci_high,significant,run_id\r\n", f);
    /* without counters (--no-sensitivity) there is nothing to rank */
    size_t nt = r->sensitivity ? sc->n_targets : 0;
    for (size_t t = 0; t < nt; t++) {
        const ls_sens_effect *fx = ls_result_rank(r, t);
        for (size_t k = 0; k < sc->n_sens; k++) {
            const ls_sens_effect *x = &fx[k];
            ls_csv_text(f, sc->name);
            fputc(',', f);
            ls_csv_text(f, sc->targets[t].name);
            fputc(',', f);
            ls_csv_text(f, sc->sens[x->param].name);
            fprintf(f, ",%zu,", k + 1);
            const double v[] = {x->low.p, x->low.lo, x->low.hi, x->high.p,
                                x->high.lo, x->high.hi, x->spread,
                                x->diff.lo, x->diff.hi};
            for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
                if (i)
                    fputc(',', f);
                ls_csv_number(f, v[i]);
            }
            fprintf(f, ",%d,%s\r\n", x->significant, r->run_id);
        }
    }
}

int ls_csv_write(const char *dir, const ls_result *r, ls_error *e)
{
    int rc = ls_output_mkdir(dir, e);
    if (rc != LS_OK)
        return rc;
    static const struct {
        const char *name;
        void (*write)(FILE *f, const ls_result *r);
    } tables[] = {
        {"targets.csv", write_targets},
        {"bands.csv", write_bands},
        {"metrics.csv", write_metrics},
        {"sensitivity.csv", write_sensitivity},
    };
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        ls_output o;
        if ((rc = open_in(&o, dir, tables[i].name, e)) != LS_OK)
            return rc;
        tables[i].write(o.f, r);
        if ((rc = ls_output_commit(&o, e)) != LS_OK)
            return rc;
    }
    return LS_OK;
}
