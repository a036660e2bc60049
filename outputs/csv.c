/*
 * csv.c - the tidy CSV tables.
 *
 * Two dialects.  rfc4180 (the default): numbers with %.15g (fifteen
 * significant digits survive a round trip through any spreadsheet; the C
 * locale, which the program never changes, guarantees '.'), commas, text
 * quoted only when RFC 4180 requires it (comma, quote, CR or LF), quotes
 * doubled.  excel-nl (--csv-dialect excel-nl), for Excel in a Dutch
 * locale: a UTF-8 byte-order mark, semicolons, numbers in plain decimal
 * notation with a decimal comma and no e-notation, text quoted when it
 * holds a semicolon, quote, CR or LF.
 */
#include "csv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "output.h"
#include "report.h"
#include "../sim/rare.h"
#include "../sim/sobol.h"

static ls_csv_dialect dialect = LS_CSV_RFC4180;

void ls_csv_set_dialect(ls_csv_dialect d)
{
    dialect = d;
}

int ls_csv_dialect_parse(const char *name, ls_csv_dialect *out)
{
    if (strcmp(name, "rfc4180") == 0)
        *out = LS_CSV_RFC4180;
    else if (strcmp(name, "excel-nl") == 0)
        *out = LS_CSV_EXCEL_NL;
    else
        return -1;
    return 0;
}

void ls_csv_begin(FILE *f)
{
    /* Excel takes a file without a byte-order mark for the system's code
     * page and garbles every accent. */
    if (dialect == LS_CSV_EXCEL_NL)
        fputs("\xef\xbb\xbf", f);
}

void ls_csv_sep(FILE *f)
{
    fputc(dialect == LS_CSV_EXCEL_NL ? ';' : ',', f);
}

void ls_csv_end(FILE *f)
{
    fputs("\r\n", f);
}

void ls_csv_header(FILE *f, const char *names)
{
    ls_csv_begin(f);
    for (; *names; names++) {
        if (*names == ',')
            ls_csv_sep(f);
        else
            fputc(*names, f);
    }
    ls_csv_end(f);
}

void ls_csv_text(FILE *f, const char *s)
{
    /* A cell that a spreadsheet would take for a formula (=, +, -, @, or a
     * tab or carriage return first) starts with an apostrophe, which
     * spreadsheets show as text (OWASP's advice on CSV injection). */
    int formula = s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
    const char *special = dialect == LS_CSV_EXCEL_NL ? ";\"\r\n" : ",\"\r\n";
    if (!formula && strpbrk(s, special) == NULL) {
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

/* x in plain decimal notation with 15 significant digits, a decimal comma
 * and no trailing zeros (Dutch Excel reads neither e-notation nor a
 * point): 1.5e-07 becomes 0,00000015.  Digits below 1e-20 are dropped. */
static void number_nl(FILE *f, double x)
{
    char buf[400];
    int mag = x != 0 ? (int)floor(log10(fabs(x))) : 0;
    int dec = 14 - mag;
    dec = dec < 0 ? 0 : dec > 20 ? 20 : dec;
    snprintf(buf, sizeof buf, "%.*f", dec, x);
    char *point = strchr(buf, '.');
    if (point != NULL) {
        char *z = buf + strlen(buf) - 1;
        while (z > point && *z == '0')
            *z-- = '\0';
        if (z == point)
            *z = '\0';
    }
    fputs(strcmp(buf, "-0") == 0 ? "0" : ls_report_decimal_comma(buf), f);
}

void ls_csv_number(FILE *f, double x)
{
    if (!isfinite(x))
        return;
    if (dialect == LS_CSV_EXCEL_NL)
        number_nl(f, ls_json_printable(x));
    else
        fprintf(f, "%.15g", ls_json_printable(x));
}

void ls_csv_count(FILE *f, unsigned long long n)
{
    fprintf(f, "%llu", n);
}

int ls_csv_open(ls_output *o, const char *dir, const char *name,
                ls_error *e)
{
    int rc = ls_output_mkdir(dir, e);
    if (rc != LS_OK)
        return rc;
    char path[LS_OUTPUT_PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >=
        sizeof path)
        return ls_error_set(e, LS_ERUNTIME, dir, 0, NULL,
                            "directory name too long");
    return ls_output_open(o, path, e);
}

/* Fields of a row after the first: numbers v[0..n-1]. */
static void numbers(FILE *f, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ls_csv_sep(f);
        ls_csv_number(f, v[i]);
    }
}

/* The last field of a row of r's tables, the run id, and the row's end. */
static void row_end(FILE *f, const ls_result *r)
{
    ls_csv_sep(f);
    ls_csv_text(f, r->run_id);
    ls_csv_end(f);
}

static void write_targets(FILE *f, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    const ls_accum *acc = r->acc;
    ls_csv_header(f, "scenario,target,year,metric,op,threshold,p_hit,ci_low,"
                     "ci_high,hits,paths,source,run_id");
    for (size_t t = 0; t < sc->n_targets; t++) {
        const ls_target *g = &sc->targets[t];
        ls_interval ci = r->p[t];
        ls_csv_text(f, sc->name);
        ls_csv_sep(f);
        ls_csv_text(f, g->name);
        ls_csv_sep(f);
        ls_csv_count(f, (unsigned long long)g->year);
        ls_csv_sep(f);
        ls_csv_text(f, sc->metric_names[g->metric]);
        ls_csv_sep(f);
        ls_csv_text(f, ls_op_str(g->op));
        const double v[] = {g->threshold, ci.p, ci.lo, ci.hi};
        for (size_t i = 0; i < 4; i++) {
            ls_csv_sep(f);
            ls_csv_number(f, v[i]);
        }
        ls_csv_sep(f);
        ls_csv_count(f, (unsigned long long)acc->hits[t]);
        ls_csv_sep(f);
        ls_csv_count(f, (unsigned long long)acc->paths);
        ls_csv_sep(f);
        ls_csv_text(f, g->source);
        ls_csv_sep(f);
        ls_csv_text(f, r->run_id);
        ls_csv_end(f);
    }
}

/* A quantile level as two decimals (0.05, 0.50), as it always was. */
static void quantile(FILE *f, double q)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.2f", q);
    fputs(dialect == LS_CSV_EXCEL_NL ? ls_report_decimal_comma(buf) : buf, f);
}

static void write_bands(FILE *f, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    const ls_accum *acc = r->acc;
    ls_csv_header(f, "scenario,metric,year,quantile,value,ci_low,ci_high,"
                     "run_id");
    for (size_t m = 0; m < sc->n_metrics; m++)
        for (size_t y = 0; y < acc->n_years; y++)
            for (size_t q = 0; q < LS_RESULT_QUANTILES; q++) {
                ls_csv_text(f, sc->name);
                ls_csv_sep(f);
                ls_csv_text(f, sc->metric_names[m]);
                ls_csv_sep(f);
                ls_csv_count(f, (unsigned long long)sc->year0 + y);
                ls_csv_sep(f);
                quantile(f, ls_result_quantiles[q]);
                ls_csv_sep(f);
                ls_csv_number(f, ls_result_band(r, y, m, q));
                const double ci[] = {ls_result_band_ci(r, y, m, q, 0),
                                     ls_result_band_ci(r, y, m, q, 1)};
                numbers(f, ci, 2);
                row_end(f, r);
            }
}

static void write_metrics(FILE *f, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    const ls_accum *acc = r->acc;
    ls_csv_header(f, "scenario,metric,unit,year,mean,sd,mean_se,min,max,"
                     "run_id");
    for (size_t m = 0; m < sc->n_metrics; m++)
        for (size_t y = 0; y < acc->n_years; y++) {
            size_t s = y * sc->n_metrics + m;
            ls_csv_text(f, sc->name);
            ls_csv_sep(f);
            ls_csv_text(f, sc->metric_names[m]);
            ls_csv_sep(f);
            ls_csv_text(f, sc->metric_defs[m]->unit);
            ls_csv_sep(f);
            ls_csv_count(f, (unsigned long long)sc->year0 + y);
            const double v[] = {acc->mom[s].mean,
                                sqrt(ls_accum_variance(acc, s)),
                                ls_accum_mean_se(acc, s), acc->mom[s].min,
                                acc->mom[s].max};
            numbers(f, v, 5);
            row_end(f, r);
        }
}

static void write_sensitivity(FILE *f, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    ls_csv_header(f, "scenario,target,parameter,rank,p_low,p_low_ci_low,"
                     "p_low_ci_high,p_high,p_high_ci_low,p_high_ci_high,"
                     "spread,spread_ci_low,spread_ci_high,significant,"
                     "run_id");
    /* without counters (--no-sensitivity) there is nothing to rank */
    size_t nt = r->sensitivity ? sc->n_targets : 0;
    for (size_t t = 0; t < nt; t++) {
        const ls_sens_effect *fx = ls_result_rank(r, t);
        for (size_t k = 0; k < sc->n_sens; k++) {
            const ls_sens_effect *x = &fx[k];
            ls_csv_text(f, sc->name);
            ls_csv_sep(f);
            ls_csv_text(f, sc->targets[t].name);
            ls_csv_sep(f);
            ls_csv_text(f, sc->sens[x->param].name);
            ls_csv_sep(f);
            ls_csv_count(f, k + 1);
            const double v[] = {x->low.p, x->low.lo, x->low.hi, x->high.p,
                                x->high.lo, x->high.hi, x->spread,
                                x->diff.lo, x->diff.hi};
            for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
                ls_csv_sep(f);
                ls_csv_number(f, v[i]);
            }
            ls_csv_sep(f);
            ls_csv_count(f, (unsigned long long)x->significant);
            ls_csv_sep(f);
            ls_csv_text(f, r->run_id);
            ls_csv_end(f);
        }
    }
}

/* The importance-sampling estimates (--rare); the header alone without
 * them, so that a directory never keeps another run's. */
static void write_rare(FILE *f, const ls_result *r)
{
    const ls_scenario *sc = r->sc;
    ls_csv_header(f, "scenario,target,event,p,se,ci_low,ci_high,paths,hits,"
                     "ess,rel_err,vov,vrf,iterations,moved,check,run_id");
    for (size_t t = 0; r->rare != NULL && t < sc->n_targets; t++) {
        const ls_rare_est *e = &r->rare[t];
        if (!e->done)
            continue;
        ls_csv_text(f, sc->name);
        ls_csv_sep(f);
        ls_csv_text(f, sc->targets[t].name);
        ls_csv_sep(f);
        ls_csv_text(f, e->miss ? "miss" : "hit");
        const double v[] = {e->p, e->se, e->lo, e->hi};
        numbers(f, v, 4);
        const unsigned long long c[] = {e->paths, e->hits};
        for (size_t i = 0; i < 2; i++) {
            ls_csv_sep(f);
            ls_csv_count(f, c[i]);
        }
        const double d[] = {e->ess, e->rel_err, e->vov, e->vrf};
        numbers(f, d, 4);
        ls_csv_sep(f);
        ls_csv_count(f, (unsigned long long)e->iterations);
        ls_csv_sep(f);
        ls_csv_count(f, (unsigned long long)e->moved);
        ls_csv_sep(f);
        ls_csv_text(f, ls_rare_flag_word(e->flag));
        row_end(f, r);
    }
}

/* One row of sobol.csv: first empty for the within-path share. */
static void sobol_row(FILE *f, const ls_result *r, size_t k,
                      const char *param, const ls_interval *first,
                      ls_interval total)
{
    ls_csv_text(f, r->sc->name);
    ls_csv_sep(f);
    ls_csv_text(f, r->sc->targets[k / 2].name);
    ls_csv_sep(f);
    ls_csv_text(f, k % 2 ? "value" : "hit");
    ls_csv_sep(f);
    ls_csv_text(f, param);
    const double v[] = {first ? first->p : NAN, first ? first->lo : NAN,
                        first ? first->hi : NAN, total.p, total.lo,
                        total.hi};
    numbers(f, v, 6);
    row_end(f, r);
}

/* The Sobol' indices (--sobol); the header alone without them. */
static void write_sobol(FILE *f, const ls_result *r)
{
    const ls_sobol *s = r->sobol;
    ls_csv_header(f, "scenario,target,output,parameter,first,first_low,"
                     "first_high,total,total_low,total_high,run_id");
    for (size_t k = 0; s != NULL && k < s->n_out; k++) {
        const ls_sobol_out *o = &s->out[k];
        sobol_row(f, r, k, "(within path)", NULL, o->noise);
        for (size_t i = 0; i < s->d; i++)
            sobol_row(f, r, k, r->sc->sens[i].name, &o->first[i],
                      o->total[i]);
    }
}

int ls_csv_write(const char *dir, const ls_result *r, ls_error *e)
{
    int rc;
    static const struct {
        const char *name;
        void (*write)(FILE *f, const ls_result *r);
    } tables[] = {
        {"targets.csv", write_targets},
        {"bands.csv", write_bands},
        {"metrics.csv", write_metrics},
        {"sensitivity.csv", write_sensitivity},
        {"rare.csv", write_rare},
        {"sobol.csv", write_sobol},
    };
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        ls_output o;
        if ((rc = ls_csv_open(&o, dir, tables[i].name, e)) != LS_OK)
            return rc;
        tables[i].write(o.f, r);
        if ((rc = ls_output_commit(&o, e)) != LS_OK)
            return rc;
    }
    return LS_OK;
}
