/*
 * chart.h - charts of a run, drawn by PLplot as SVG.
 *
 * Each function renders one chart with PLplot's svg device and returns
 * the SVG markup (without the XML prolog) as a malloc'd string, for
 * inlining into the HTML report.  The look is set once here: white page,
 * black axes, the Okabe-Ito colour-blind-safe palette, translucent fan
 * bands.  PLplot keeps global state, so these functions are not
 * thread-safe; the program calls them from its main thread only.
 */
#ifndef LS_CHART_H
#define LS_CHART_H

#include <stddef.h>

#include "../config/scenario.h"
#include "../sim/result.h"
#include "../base/error.h"

/* PLplot needs a temporary file to start (its table of drivers): if the
 * default temporary directory cannot take one, point PLplot at dir (the
 * report's own directory).  Call before the first chart.  0, or -1 when
 * neither takes a temporary file of 16 kB (then draw no chart). */
int ls_chart_tmpdir(const char *dir);

/* Points every chart from now on at Cairo context cr (PLplot's extcairo
 * device; the PDF report) instead of SVG, until called with NULL; the
 * functions below then draw into cr, in its user space of points, and
 * return an empty *svg.  ls_chart_size gives the size (points) of the
 * last chart drawn. */
void ls_chart_to_cairo(void *cr);
void ls_chart_size(double *w, double *h);

/* Fan chart of metric m over the run's years: median, 25-75 % and 5-95 %
 * bands, and the targets on that metric as markers labelled with their
 * P(hit).  *svg is malloc'd; LS_OK or LS_ERUNTIME. */
int ls_chart_fan(const ls_result *r, size_t m, char **svg, ls_error *e);

/* Horizontal bars of P(hit) per target with 95 % interval whiskers. */
int ls_chart_targets(const ls_result *r, char **svg, ls_error *e);

/* Tornado of target t: P(hit) with each of the `top` most influential
 * parameters in its lowest and highest decile, around the overall P; only
 * significant spreads (sensitivity.h) are drawn, and a target without any
 * is an error. */
int ls_chart_tornado(const ls_result *r, size_t t, size_t top, char **svg,
                     ls_error *e);

struct ls_compare;

/* Forest plot of keuze j of a comparison against its reference: per
 * target of the reference, the paired difference dP (percentage points)
 * with its 95 % interval, around a zero line; targets whose intervals
 * exclude zero are coloured (green up, vermillion down). */
int ls_chart_forest(const struct ls_compare *c, size_t j, char **svg,
                    ls_error *e);

struct ls_sweep;

/* Sweep of target t: a heat map of P(hit) over a 2-D grid (cells
 * labelled with P), or P(hit) with its 95 % band over a 1-D grid. */
int ls_chart_sweep(const struct ls_sweep *w, size_t t, char **svg,
                   ls_error *e);

/*
 * LeakSanitizer suppressions for the libraries behind the charts and the
 * PDF, for the sanitizer builds (cli/main.c, fuzz/fuzz_util.c): their
 * process-wide caches are never freed and show as leaks at exit.
 * Fontconfig's patterns and configuration (Cairo's toy font faces and
 * Pango keep them), Pango's and GLib's font maps and worker threads
 * (PLplot's cairo driver lays its text out with Pango) and libltdl's
 * handle of the PLplot driver it loads.  Cairo itself is not suppressed,
 * so a Cairo object the project forgets to destroy is still reported.
 */
#define LS_CHART_LSAN_SUPPRESSIONS                                           \
    "leak:libfontconfig.so\nleak:libpango-1.0.so\nleak:libpangoft2-1.0.so\n" \
    "leak:libpangocairo-1.0.so\nleak:libglib-2.0.so\n"                      \
    "leak:libgobject-2.0.so\nleak:libltdl.so\n"

#endif /* LS_CHART_H */
