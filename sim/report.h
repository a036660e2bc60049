/*
 * report.h - the human-readable result table.
 *
 * Everything printed here is a function of the scenario and the merged
 * accumulator only, never of timing or thread count, so stdout is
 * byte-identical for any thread count.
 */
#ifndef LS_REPORT_H
#define LS_REPORT_H

#include <stdio.h>

#include "../config/scenario.h"
#include "accum.h"
#include "../base/stats.h"

/* Confidence level of every reported interval. */
#define LS_REPORT_LEVEL 0.95

/*
 * Quantile q over paths of metric m in year index y, from the sketch of
 * acc.  A metric flagged LS_M_COUNT is a whole number on every path, so its
 * quantile is rounded to the nearest whole number (still within the
 * sketch's relative bound, LS_SKETCH_REL_ERR, of the exact order statistic,
 * which is itself whole).  Every output (table, JSON, CSV, charts) reports
 * quantiles through this function so that they agree.
 */
double ls_report_quantile(const ls_scenario *sc, const ls_accum *acc,
                          size_t y, size_t m, double q);

/* Writes the target table and the final-year metric summary of a run with
 * accumulator acc to out.  Returns 0, or -1 if a write failed. */
int ls_report_table(FILE *out, const ls_scenario *sc, const ls_accum *acc);

/* Writes the fully resolved scenario (run settings, every model's every
 * parameter with its distribution, unit and meaning, the targets) to out,
 * for `leusden check`.  Returns 0, or -1 if a write failed. */
int ls_report_scenario(FILE *out, const ls_scenario *sc);

#endif /* LS_REPORT_H */
