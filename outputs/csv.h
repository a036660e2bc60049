/*
 * csv.h - tidy (long) tables of a run's results, for pandas, R and Excel.
 */
#ifndef LS_CSV_H
#define LS_CSV_H

#include "../config/scenario.h"
#include "../sim/result.h"
#include "../base/error.h"

/* Writes text field s to f, quoted as RFC 4180 requires; a field a
 * spreadsheet would run as a formula (=, +, -, @ first) gets a leading
 * apostrophe inside the quotes. */
void ls_csv_text(FILE *f, const char *s);

/* Writes number x with 15 significant digits; nothing if not finite. */
void ls_csv_number(FILE *f, double x);

/*
 * Writes into directory dir (created if missing), each file atomically:
 *   targets.csv      scenario,target,year,metric,op,threshold,p_hit,ci_low,
 *                    ci_high,hits,paths,source
 *   bands.csv        scenario,metric,year,quantile,value
 *   metrics.csv      scenario,metric,unit,year,mean,sd,min,max
 *   sensitivity.csv  scenario,target,parameter,rank,p_low,p_low_ci_low,
 *                    p_low_ci_high,p_high,p_high_ci_low,p_high_ci_high,spread
 * with a header row, RFC 4180 quoting, '.' as the decimal point, UTF-8,
 * and empty fields for undefined values (the mean of an empty series).
 * Returns LS_OK or LS_ERUNTIME.
 */
int ls_csv_write(const char *dir, const ls_result *r, ls_error *e);

#endif /* LS_CSV_H */
