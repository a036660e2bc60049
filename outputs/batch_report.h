/*
 * batch_report.h - the files of `leusden batch`: JSON, a tidy CSV table
 * of P(hit) per scenario and target, and a report.
 */
#ifndef LS_BATCH_REPORT_H
#define LS_BATCH_REPORT_H

#include "../base/error.h"
#include "../sim/batch.h"

/* Writes the batch as JSON ("leusden-batch/1"): the scenarios (name,
 * file, paths, seed; "skipped" for a bad file) and, per scenario, every
 * target with P(hit), its 95 % interval and the hits.  LS_OK or
 * LS_ERUNTIME. */
int ls_batch_json(const char *path, const ls_batch *b, ls_error *e);

/* Writes dir/batch.csv (dir created if missing): scenario, file, target,
 * year, metric, op, threshold, p_hit, ci_low, ci_high, hits, paths,
 * run_id, one row per scenario that ran and target, in the run's CSV
 * dialect.  LS_OK or LS_ERUNTIME. */
int ls_batch_csv(const char *dir, const ls_batch *b, ls_error *e);

/* Writes the batch as a report (HTML, or an A4 PDF for a path ending in
 * ".pdf"): P(hit) per target (rows, by label) and scenario (columns, by
 * label), and the scenarios with their files, paths and seeds; a skipped
 * file is named as skipped.  LS_OK or LS_ERUNTIME. */
int ls_batch_html(const char *path, const ls_batch *b, ls_error *e);

#endif /* LS_BATCH_REPORT_H */
