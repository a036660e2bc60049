/*
 * writers.c - the tables of output writers, one per command that writes
 * files.  A format is a line here and the file that implements it.
 */
#include "writers.h"

#include "batch_report.h"
#include "compare_report.h"
#include "csv.h"
#include "html.h"
#include "json.h"
#include "sweep_report.h"

/* Adapters from the table's untyped results to each writer's own. */
static int run_json(const char *d, const void *r, ls_error *e)
{
    return ls_json_write(d, r, e);
}
static int run_csv(const char *d, const void *r, ls_error *e)
{
    return ls_csv_write(d, r, e);
}
static int run_html(const char *d, const void *r, ls_error *e)
{
    return ls_html_write(d, r, e);
}
static int compare_json(const char *d, const void *c, ls_error *e)
{
    return ls_compare_json(d, c, e);
}
static int compare_csv(const char *d, const void *c, ls_error *e)
{
    return ls_compare_csv(d, c, e);
}
static int compare_html(const char *d, const void *c, ls_error *e)
{
    return ls_compare_html(d, c, e);
}
static int batch_json(const char *d, const void *b, ls_error *e)
{
    return ls_batch_json(d, b, e);
}
static int batch_csv(const char *d, const void *b, ls_error *e)
{
    return ls_batch_csv(d, b, e);
}
static int batch_html(const char *d, const void *b, ls_error *e)
{
    return ls_batch_html(d, b, e);
}
static int sweep_json(const char *d, const void *w, ls_error *e)
{
    return ls_sweep_json(d, w, e);
}
static int sweep_csv(const char *d, const void *w, ls_error *e)
{
    return ls_sweep_csv(d, w, e);
}
static int sweep_html(const char *d, const void *w, ls_error *e)
{
    return ls_sweep_html(d, w, e);
}

const ls_writer ls_run_writers[] = {
    {"json", "FILE", "write everything as JSON (docs/result.schema.json)",
     run_json},
    {"csv", "DIR", "write tidy CSV tables into DIR", run_csv},
    {"report", "FILE", "write the report for the council (HTML; an A4 PDF "
                       "if FILE ends in .pdf)", run_html},
    {NULL, NULL, NULL, NULL},
};

const ls_writer ls_compare_writers[] = {
    {"json", "FILE", "write the differences as JSON "
                     "(docs/compare.schema.json)", compare_json},
    {"csv", "DIR", "write the differences as a CSV table (compare.csv)",
     compare_csv},
    {"report", "FILE", "write the council report of the first scenario "
                       "with the keuzes ranked and a forest plot of dP per "
                       "keuze (HTML; an A4 PDF if FILE ends in .pdf)",
     compare_html},
    {NULL, NULL, NULL, NULL},
};

const ls_writer ls_sweep_writers[] = {
    {"json", "FILE", "write the grid as JSON", sweep_json},
    {"csv", "DIR", "write the grid as a tidy CSV table (sweep.csv)",
     sweep_csv},
    {"report", "FILE", "write a report with a heat map per target (HTML; "
                       "an A4 PDF if FILE ends in .pdf)", sweep_html},
    {NULL, NULL, NULL, NULL},
};

const ls_writer ls_batch_writers[] = {
    {"json", "FILE", "write P(hit) per scenario and target as JSON",
     batch_json},
    {"csv", "DIR", "write P(hit) per scenario and target (batch.csv)",
     batch_csv},
    {"report", "FILE", "write a report of P(hit) per scenario and target "
                       "(HTML; an A4 PDF if FILE ends in .pdf)", batch_html},
    {NULL, NULL, NULL, NULL},
};
