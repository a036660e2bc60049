/*
 * csv.h - tidy (long) tables of a run's results, for pandas, R and Excel.
 */
#ifndef LS_CSV_H
#define LS_CSV_H

#include "../config/scenario.h"
#include "../sim/result.h"
#include "../base/error.h"
#include "output.h"

/* The CSV dialect every CSV writer of the run uses. */
typedef enum ls_csv_dialect {
    LS_CSV_RFC4180,  /* commas, decimal points, %.15g (the default) */
    LS_CSV_EXCEL_NL  /* BOM, semicolons, decimal commas, no e-notation */
} ls_csv_dialect;

/* Sets the dialect for the rest of the process (the --csv-dialect
 * option, before anything is written). */
void ls_csv_set_dialect(ls_csv_dialect d);

/* Parses "rfc4180" or "excel-nl"; 0, or -1 for another name. */
int ls_csv_dialect_parse(const char *name, ls_csv_dialect *out);

/* The pieces of a row in the dialect: the header line (a comma-separated
 * list of column names, written with the dialect's separator, after the
 * byte-order mark if it has one), a separator, the end of a row. */
void ls_csv_header(FILE *f, const char *names);
void ls_csv_begin(FILE *f);
void ls_csv_sep(FILE *f);
void ls_csv_end(FILE *f);

/* Writes text field s to f, quoted when the dialect requires it; a field a
 * spreadsheet would run as a formula (=, +, -, @ first) gets a leading
 * apostrophe inside the quotes. */
void ls_csv_text(FILE *f, const char *s);

/* Writes number x with 15 significant digits in the dialect's notation;
 * nothing if not finite. */
void ls_csv_number(FILE *f, double x);

/* Opens dir/name for a table (dir and its parents created if missing);
 * the caller writes and commits (outputs/output.h).  LS_OK or
 * LS_ERUNTIME. */
int ls_csv_open(ls_output *o, const char *dir, const char *name,
                ls_error *e);

/* Writes a count (years, hits, paths). */
void ls_csv_count(FILE *f, unsigned long long n);

/*
 * Writes into directory dir (created if missing), each file atomically:
 *   targets.csv      scenario,target,year,metric,op,threshold,p_hit,ci_low,
 *                    ci_high,hits,paths,source
 *   bands.csv        scenario,metric,year,quantile,value
 *   metrics.csv      scenario,metric,unit,year,mean,sd,min,max
 *   sensitivity.csv  scenario,target,parameter,rank,p_low,p_low_ci_low,
 *                    p_low_ci_high,p_high,p_high_ci_low,p_high_ci_high,spread
 * with a header row in the dialect (ls_csv_set_dialect), UTF-8, and empty
 * fields for undefined values (the mean of an empty series).
 * Returns LS_OK or LS_ERUNTIME.
 */
int ls_csv_write(const char *dir, const ls_result *r, ls_error *e);

#endif /* LS_CSV_H */
