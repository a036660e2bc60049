/*
 * html.h - a one-file report for the council: charts (PLplot SVG, inline),
 * the targets with their probabilities, the sensitivity tornados, the key
 * assumptions with their sources, and the run's metadata.
 */
#ifndef LS_HTML_H
#define LS_HTML_H

#include "../config/scenario.h"
#include "../base/error.h"
#include "../sim/result.h"

/* Writes s to f with &, <, >, " escaped for HTML. */
void ls_html_escape(FILE *f, const char *s);

/* The report's style sheet (screen and A4 print), for every HTML page
 * the program writes. */
extern const char *const ls_html_style;

struct ls_doc;
struct ls_compare;

/* Adds the run report of r to d (doc.h): the title, the summary (with the
 * keuzes of comparison c ranked, when c is not NULL), the targets, costs,
 * fans, tornados and the assumptions with their sources.  0, or -1 when
 * out of memory. */
int ls_report_doc(struct ls_doc *d, const ls_result *r,
                  const struct ls_compare *c);

/* Adds the section on what was run (scenario file, seed, paths, program,
 * run id) to d. */
void ls_report_run_doc(struct ls_doc *d, const ls_result *r,
                       const char *run_id);

/* Writes the report to path (atomically): HTML, or an A4 PDF for a path
 * ending in ".pdf".  LS_OK or LS_ERUNTIME. */
int ls_html_write(const char *path, const ls_result *r, ls_error *e);

#endif /* LS_HTML_H */
