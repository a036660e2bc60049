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

/* Dutch-formatted numbers for the reports (UTF-8, with no-break spaces):
 * a probability as a percentage with the decimals it needs ("23,6 %",
 * "0,018 %", "0 %"; "–" when not finite); a number with a decimal comma
 * and points between thousands ("1.800", "0,35"); a target's threshold in
 * its metric's unit ("≥ 511 TJ", "≥ 49 %").  Each returns buf. */
const char *ls_report_pct(double p, char *buf, size_t n);
const char *ls_report_number(double v, char *buf, size_t n);
const char *ls_report_threshold(const ls_scenario *sc, const ls_target *g,
                                char *buf, size_t n);

/* A unit as the Dutch report writes it ("1/yr" -> "per jaar"); a unit it
 * does not know as it is. */
const char *ls_report_unit(const char *unit);

/* What the report calls a parameter: its label (the model table's), with
 * the instance in brackets when the instance is not named like its type;
 * a shared parameter by the label of its first user and "(gedeeld)"; a
 * sensitivity parameter (index into sc->sens) either way.  Each returns
 * buf. */
const char *ls_report_param_label(const ls_scenario *sc, size_t model,
                                  size_t spec, char *buf, size_t n);
const char *ls_report_shared_label(const ls_scenario *sc, size_t k,
                                   char *buf, size_t n);
const char *ls_report_sens_label(const ls_scenario *sc, size_t k, char *buf,
                                 size_t n);

/* The parameters of Sobol' output o (sim/sobol.h) by total index,
 * largest first, into ix[d]. */
struct ls_sobol_out;
void ls_report_by_total(const struct ls_sobol_out *o, size_t d, size_t *ix);

/* What the report calls the parameter at setting path ("homes.bass_q",
 * "shared.pv_yield"): its label as above, or the path when it names no
 * parameter.  Returns buf. */
const char *ls_report_path_label(const ls_scenario *sc, const char *path,
                                 char *buf, size_t n);

/* The colour a report gives probability p (doc.h styles): likely (at
 * least 0.8), uncertain, unlikely (below 0.2). */
int ls_report_verdict(double p);

/* A source comment of model m's parameters for people: every word in it
 * that is a parameter's setting name ("see corp_hp_share") replaced by
 * that parameter's label in quotes, looked up in model m first, then in
 * every model.  Returns buf. */
char *ls_report_note(const ls_scenario *sc, size_t model, const char *note,
                     char *buf, size_t n);

/* A parameter's value as the Dutch report writes it: a number, a
 * distribution ("driehoek (min 5; top 27; max 80), verwachting 37,3"), a
 * schedule ("verloop: 2018: 1; 2019: 1,19"), or the shared parameter it
 * takes by its label; years without points between thousands.  Returns
 * buf. */
const char *ls_report_value_nl(const ls_scenario *sc,
                               const ls_param_spec *sp, const void *params,
                               char *buf, size_t n);
/* The same for parameter p alone (plain: its numbers are years). */
const char *ls_report_dist_nl(const ls_param *p, int plain, char *buf,
                              size_t n);

#endif /* LS_REPORT_H */
