/*
 * sweep_report.h - the outputs of `leusden sweep`.
 */
#ifndef LS_SWEEP_REPORT_H
#define LS_SWEEP_REPORT_H

#include <stdio.h>

#include "../base/error.h"
#include "../sim/result.h"
#include "../sim/sweep.h"

/* The outputs of a sweep after ls_sweep_finish: a table per target on out;
 * JSON; tidy CSV (sweep.csv); an HTML report with a heat map (2-D) or a
 * line with its band (1-D) per target. */
int ls_sweep_table(FILE *out, const ls_sweep *w);
int ls_sweep_json(const char *path, const ls_sweep *w, ls_error *e);
int ls_sweep_csv(const char *dir, const ls_sweep *w, ls_error *e);
int ls_sweep_html(const char *path, const ls_sweep *w, ls_error *e);

#endif /* LS_SWEEP_REPORT_H */
