/*
 * report.h - the human-readable result table, and the resolved scenario.
 *
 * Everything printed here is a function of the scenario and the result
 * object only, never of timing or thread count, so stdout is
 * byte-identical for any thread count.
 */
#ifndef LS_REPORT_H
#define LS_REPORT_H

#include <stdio.h>

#include "../config/scenario.h"
#include "../sim/result.h"

/* Writes the target table, the final-year metric summary and the
 * strongest sensitivities of a run to out.  Returns 0, or -1 if a write
 * failed. */
int ls_report_table(FILE *out, const ls_result *r);

/* Writes the fully resolved scenario (run settings, every model's every
 * parameter with its distribution, unit and meaning, the targets) to out,
 * for `leusden check`.  Returns 0, or -1 if a write failed. */
int ls_report_scenario(FILE *out, const ls_scenario *sc);

/* Dutch numbers: turns the decimal point of the number in buf (the
 * first '.') into a comma.  Returns buf. */
char *ls_report_decimal_comma(char *buf);

/* A probability or a difference x as percentage points with two decimals
 * and a decimal comma ("27,93"; with sign != 0, "+0,70").  Returns buf. */
char *ls_report_points(double x, int sign, char *buf, size_t n);

/* What the report calls metric m, into buf: its label, with the instance
 * in brackets when the instance is not named like its type (seven
 * regional instances share one label), or the metric's full name when it
 * has no label.  Returns buf. */
const char *ls_report_metric_label(const ls_scenario *sc, size_t m,
                                   char *buf, size_t n);

/* Writes parameter sp of a model's params as `check` shows it: its value or
 * distribution, preceded by "shared.NAME = " when it takes a shared
 * parameter.  Returns buf. */
char *ls_report_param_text(const ls_scenario *sc, const ls_param_spec *sp,
                           const void *params, char *buf, size_t n);

#endif /* LS_REPORT_H */
