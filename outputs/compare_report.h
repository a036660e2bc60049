/*
 * compare_report.h - the outputs of `leusden compare`: the table and the
 * JSON document, from the differences sim/compare.c computed.
 */
#ifndef LS_COMPARE_REPORT_H
#define LS_COMPARE_REPORT_H

#include <stdio.h>

#include "../base/error.h"
#include "../sim/compare.h"
#include "../sim/result.h"

#include <stdio.h>


/* The table on stdout.  0, or -1 if a write failed. */
int ls_compare_table(FILE *out, const ls_compare *c);

/* The JSON document (schema docs/compare.schema.json), atomically. */
int ls_compare_json(const char *path, const ls_compare *c, ls_error *e);

/* Writes dir/compare.csv (dir created if missing), one row per scenario
 * and target of the reference: reference, scenario, target, p_reference,
 * p_scenario, delta, ci_low, ci_high, variance_reduction ("inf" when no
 * path differs, empty when undefined), paths, run_id; in the CSV dialect
 * of the run.  LS_OK or LS_ERUNTIME. */
int ls_compare_csv(const char *dir, const ls_compare *c, ls_error *e);

/* Writes the comparison as a report for the council (HTML, or an A4 PDF
 * for a path ending in ".pdf"): the reference scenario's whole report
 * (html.h) with the keuzes ranked by their largest significant dP on its
 * first page, then per keuze a forest plot of dP with its 95 % interval
 * per target (chart.h) and the table of P and dP; targets by their labels,
 * numbers the Dutch way.  LS_OK or LS_ERUNTIME. */
int ls_compare_html(const char *path, const ls_compare *c, ls_error *e);

#endif /* LS_COMPARE_REPORT_H */
