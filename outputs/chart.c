/*
 * chart.c - fan, bar and tornado charts with PLplot's svg device.
 *
 * PLplot writes to a FILE, so every chart goes to a memory stream
 * (open_memstream), which plend() closes; no file is ever made, so a full
 * /tmp or a signal cannot leave or truncate one.  Colour map 0 is replaced: index 0 white page, 1
 * black axes and text, 2-7 the Okabe-Ito palette (Wong, Nature Methods
 * 2011), 8-9 translucent blues for the fan bands.  PLplot's default map
 * (red axes, saturated green and yellow) reads as dated and is not
 * colour-blind safe.  Text is PLplot's, rendered by the browser as SVG
 * <text>, so it stays sharp at any zoom.
 */
#include "chart.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <plplot.h>
#include <unistd.h>

#include "output.h"
#include "../sim/compare.h"
#include "report.h"

#include "../sim/sensitivity.h"
#include "../sim/sweep.h"
#include "../base/stats.h"

enum { C_WHITE, C_BLACK, C_ORANGE, C_SKY, C_GREEN, C_BLUE, C_VERMILLION,
       C_PURPLE, C_FAN_OUTER, C_FAN_INNER, C_GREY };

typedef struct chart {
    FILE *f;         /* the memory stream PLplot writes to */
    char *text;      /* its buffer, valid once PLplot closed it */
    size_t len;      /* its length */
} chart;

static void palette(void)
{
    plscol0(C_WHITE, 255, 255, 255);
    plscol0(C_BLACK, 0, 0, 0);
    plscol0(C_ORANGE, 230, 159, 0);
    plscol0(C_SKY, 86, 180, 233);
    plscol0(C_GREEN, 0, 158, 115);
    plscol0(C_BLUE, 0, 114, 178);
    plscol0(C_VERMILLION, 213, 94, 0);
    plscol0(C_PURPLE, 204, 121, 167);
    plscol0a(C_FAN_OUTER, 0, 114, 178, 0.18);
    plscol0a(C_FAN_INNER, 0, 114, 178, 0.38);
    plscol0(C_GREY, 150, 150, 150);
}

/* PLplot's own error paths.  A fatal error (plexit) ends the process
 * whatever its handler returns: say so in our one-line format, remove the
 * run's temporaries, and leave with the runtime-failure status.  A
 * non-fatal one (plabort) is remembered, and the chart fails. */
static char plplot_error[256];

static int on_plexit(const char *msg)
{
    ls_output_discard();
    fprintf(stderr, "leusden: the chart library failed: %s\n", msg);
    fflush(stderr);
    _exit(LS_ERUNTIME);
}

static void on_plabort(const char *msg)
{
    if (plplot_error[0] == '\0')
        snprintf(plplot_error, sizeof plplot_error, "%s", msg);
}

/* 1 if a temporary file in dir (NULL: tmpfile()'s place) takes a few kB,
 * as PLplot's table does. */
static int tmp_room(const char *dir)
{
    static char block[16384];
    char name[LS_OUTPUT_PATH_MAX + 32];
    FILE *probe = NULL;
    if (dir == NULL) {
        probe = tmpfile();
    } else {
        snprintf(name, sizeof name, "%s/.leusden-probe-XXXXXX", dir);
        int fd = mkstemp(name);
        if (fd >= 0) {
            unlink(name);
            if ((probe = fdopen(fd, "w+")) == NULL)
                close(fd);
        }
    }
    int fine = probe != NULL && fwrite(block, 1, sizeof block, probe) ==
                                    sizeof block && fflush(probe) == 0;
    if (probe != NULL)
        fclose(probe);
    return fine;
}

int ls_chart_tmpdir(const char *dir)
{
    if (tmp_room(NULL))
        return 0;
    /* PLplot builds its table of drivers in a temporary file; with the
     * default place full or missing, it may use dir (it removes it).
     * Where neither takes one, PLplot would read a truncated table (and
     * misbehave): the charts are not begun at all. */
    setenv("TMPDIR", dir, 1);
    return tmp_room(dir) ? 0 : -1;
}

/* The Cairo context the charts go to instead of SVG (ls_chart_to_cairo),
 * and the size of the last chart begun. */
static void *cairo_target;
static double last_w, last_h;

void ls_chart_to_cairo(void *cr)
{
    cairo_target = cr;
}

void ls_chart_size(double *w, double *h)
{
    *w = last_w;
    *h = last_h;
}

/* Axis ticks the Dutch way (PLplot's custom labels, option "o"): a
 * decimal comma and points between thousands; with data non-NULL, a
 * probability axis in percent ("25 %"). */
static void tick_nl(PLINT axis, PLFLT value, char *text, PLINT length,
                    PLPointer data)
{
    (void)axis;
    char num[64];
    double v = fabs(value) < 1e-12 ? 0 : value;
    if (data != NULL)
        snprintf(text, (size_t)length, "%s %%",
                 ls_report_number(round(1000 * v) / 10, num, sizeof num));
    else
        snprintf(text, (size_t)length, "%s",
                 ls_report_number(v, num, sizeof num));
}

static int percent_axis; /* its address marks a probability axis */

/* Starts a w x h chart on a memory stream, or in the Cairo context. */
static int begin(chart *c, int w, int h, ls_error *e)
{
    c->text = NULL;
    c->len = 0;
    c->f = NULL;
    if (cairo_target == NULL &&
        (c->f = open_memstream(&c->text, &c->len)) == NULL)
        return ls_error_set(e, LS_ERUNTIME, NULL, 0, NULL,
                            "cannot make a chart: %s", strerror(errno));
    last_w = w;
    last_h = h;
    plsexit(on_plexit);
    plsabort(on_plabort);
    plplot_error[0] = '\0';
    if (cairo_target != NULL) {
        plsdev("extcairo");
    } else {
        plsdev("svg");
        plsfile(c->f);
    }
    plspage(0, 0, w, h, 0, 0);
    plsori(0);
    palette();
    plinit();
    if (cairo_target != NULL)
        pl_cmd(PLESC_DEVINIT, cairo_target);
    plfontld(1);
    pladv(0);
    plschr(0, 0.78);
    plslabelfunc(tick_nl, NULL);
    return LS_OK;
}

/* Ends the chart and returns its SVG element as a malloc'd string. */
static int finish(chart *c, char **svg, ls_error *e)
{
    plend(); /* closes c->f: c->text and c->len are final now */
    if (cairo_target != NULL && plplot_error[0] == '\0') {
        *svg = strdup(""); /* drawn into the context; nothing to inline */
        return *svg != NULL ? LS_OK : ls_error_oom(e);
    }
    char *text = c->text;
    if (plplot_error[0] != '\0') {
        free(text);
        return ls_error_set(e, LS_ERUNTIME, NULL, 0, NULL, "the chart library "
                            "failed: %s", plplot_error);
    }
    const char *start = text ? strstr(text, "<svg") : NULL;
    if (start == NULL) {
        free(text);
        return ls_error_set(e, LS_ERUNTIME, NULL, 0, NULL,
                            "PLplot did not produce a chart (out of "
                            "memory?)");
    }
    memmove(text, start, strlen(start) + 1);
    *svg = text;
    return LS_OK;
}

/* PLplot reads '#' as the start of an escape sequence: a name is copied
 * into buf with every '#' doubled, which PLplot prints as one '#'. */
static const char *label(const char *s, char *buf, size_t n)
{
    size_t j = 0;
    for (; *s && j + 2 < n; s++) {
        if (*s == '#')
            buf[j++] = '#';
        buf[j++] = *s;
    }
    buf[j] = '\0';
    return buf;
}

static const char *percent_nl(double p, char *buf, size_t n);

/* Nice axis limits around [lo, hi]. */
/* Largest magnitude an axis shows.  PLplot's tick placement loops for
 * ever on ranges near DBL_MAX, or spans too narrow for its precision
 * (found by fuzz_writers); values beyond are drawn at the edge. */
#define AXIS_MAX 1e15

static double on_axis(double v)
{
    return v > AXIS_MAX ? AXIS_MAX : v < -AXIS_MAX ? -AXIS_MAX : v;
}

/* Makes [lo, hi] a range PLplot can put ticks on: within +-AXIS_MAX and
 * at least a millionth of its magnitude wide. */
static void axis_range(double *lo, double *hi)
{
    *lo = on_axis(*lo);
    *hi = on_axis(*hi);
    double min_span = 1e-6 * fmax(1e-9, fmax(fabs(*lo), fabs(*hi)));
    if (*hi - *lo < min_span) {
        double mid = 0.5 * (*lo + *hi);
        *lo = mid - min_span;
        *hi = mid + min_span;
    }
}

static void pad(double *lo, double *hi)
{
    axis_range(lo, hi);
    if (!(*hi > *lo)) {
        double d = fabs(*lo) > 0 ? 0.1 * fabs(*lo) : 1;
        *lo -= d;
        *hi += d;
        return;
    }
    double d = 0.06 * (*hi - *lo);
    *lo = *lo >= 0 && *lo - d < 0 ? 0 : *lo - d;
    *hi += d;
}

/* Fills the band between lower[] and upper[] over years x[0..n-1]; px and
 * py have room for 2n points. */
static void band(int colour, const double *x, const double *lower,
                 const double *upper, size_t n, double *px, double *py)
{
    for (size_t i = 0; i < n; i++) {
        px[i] = x[i];
        py[i] = lower[i];
        px[2 * n - 1 - i] = x[i];
        py[2 * n - 1 - i] = upper[i];
    }
    plcol0(colour);
    plfill((PLINT)(2 * n), px, py);
}

int ls_chart_fan(const ls_result *r, size_t m, char **svg, ls_error *e)
{
    const ls_scenario *sc = r->sc;
    size_t ny = r->acc->n_years;
    double *buf = malloc(10 * ny * sizeof *buf);
    if (buf == NULL)
        return ls_error_oom(e);
    double *x = buf, *q[5], *px = buf + 6 * ny, *py = buf + 8 * ny;
    for (int k = 0; k < 5; k++)
        q[k] = buf + (size_t)(k + 1) * ny;
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (size_t y = 0; y < ny; y++) {
        x[y] = sc->year0 + (double)y;
        for (int k = 0; k < 5; k++) {
            q[k][y] = on_axis(ls_result_band(r, y, m, (size_t)k));
            if (isfinite(q[k][y])) {
                lo = fmin(lo, q[k][y]);
                hi = fmax(hi, q[k][y]);
            }
        }
    }
    for (size_t t = 0; t < sc->n_targets; t++)
        if (sc->targets[t].metric == m) {
            lo = fmin(lo, on_axis(sc->targets[t].threshold));
            hi = fmax(hi, on_axis(sc->targets[t].threshold));
        }
    if (!isfinite(lo))
        lo = 0, hi = 1;
    pad(&lo, &hi);
    hi += 0.06 * (hi - lo); /* room for the targets' labels */

    chart c;
    int rc = begin(&c, 760, 380, e);
    if (rc != LS_OK) {
        free(buf);
        return rc;
    }
    /* Room on the left for six-digit ticks and the unit, on the right
     * for the label of a target in the last year. */
    plvpor(0.14, 0.95, 0.14, 0.90);
    plwind(x[0] - 0.5, x[ny - 1] + 1.5, lo, hi);
    band(C_FAN_OUTER, x, q[0], q[4], ny, px, py);
    band(C_FAN_INNER, x, q[1], q[3], ny, px, py);
    plcol0(C_GREY);
    pllsty(2);
    plwidth(0.5);
    plbox("g", 5, 0, "g", 0, 0);
    pllsty(1);
    plcol0(C_BLUE);
    plwidth(2.5);
    plline((PLINT)ny, x, q[2]);
    plwidth(1);
    plcol0(C_BLACK);
    plbox("bcnst", 5, 5, "bcfnostv", 0, 0);
    char ylab[64];
    snprintf(ylab, sizeof ylab, "%s",
             ls_report_unit(sc->metric_defs[m]->unit));
    char lb[256];
    char ml[200];
    pllab("jaar", "",
          label(ls_report_metric_label(sc, m, ml, sizeof ml), lb, 128));
    plmtex("l", 6.2, 0.5, 0.5, label(ylab, lb + 128, 128));
    for (size_t t = 0; t < sc->n_targets; t++) {
        const ls_target *g = &sc->targets[t];
        if (g->metric != m)
            continue;
        ls_interval ci = r->p[t];
        double tx = g->year, ty = on_axis(g->threshold);
        plcol0(C_VERMILLION);
        plschr(0, 1.1);
        plstring(1, &tx, &ty, "\u25c6"); /* a filled diamond */
        char lab[64], pct[32];
        snprintf(lab, sizeof lab, "%s", percent_nl(ci.p, pct, sizeof pct));
        plcol0(C_BLACK);
        plschr(0, 0.62);
        plptex(tx, ty + 0.035 * (hi - lo), 1, 0, 0.5, lab);
        plschr(0, 0.78);
    }
    free(buf);
    return finish(&c, svg, e);
}

/* Dashed grey vertical grid lines every `step` (0: PLplot's choice). */
static void vertical_grid(double step)
{
    plcol0(C_GREY);
    pllsty(2);
    plwidth(0.5);
    plbox("g", step, 0, "", 0, 0);
    pllsty(1);
    plwidth(1);
}

/* Colour of a probability: likely, uncertain, unlikely. */
static int verdict_colour(double p)
{
    return p >= 0.8 ? C_GREEN : p >= 0.2 ? C_ORANGE : C_VERMILLION;
}

/* A probability as a reader sees it, the Dutch way: "27 %", "3,4 %",
 * "< 0,1 %", "> 99,9 %". */
static const char *percent_nl(double p, char *buf, size_t n)
{
    if (p < 0.001)
        snprintf(buf, n, "< 0,1 %%");
    else if (p > 0.999)
        snprintf(buf, n, "> 99,9 %%");
    else
        snprintf(buf, n, p < 0.1 ? "%.1f %%" : "%.0f %%", 100 * p);
    return ls_report_decimal_comma(buf);
}

int ls_chart_targets(const ls_result *r, char **svg, ls_error *e)
{
    const ls_scenario *sc = r->sc;
    size_t n = sc->n_targets;
    chart c;
    int h = 80 + 20 * (int)n;
    /* Wider than the other charts: the targets' labels are sentences. */
    int rc = begin(&c, 900, h, e);
    if (rc != LS_OK)
        return rc;
    double top = 1 - 30.0 / h, bottom = 50.0 / h;
    plvpor(0.40, 0.97, bottom, top);
    plwind(0, 1, 0, (double)n);
    vertical_grid(0.1);
    for (size_t t = 0; t < n; t++) {
        ls_interval ci = r->p[t];
        double y0 = (double)(n - 1 - t) + 0.18, y1 = y0 + 0.64;
        if (sc->targets[t].has_observed) {
            /* A past year shows what was observed, not a chance. */
            char lb[256];
            plcol0(C_BLACK);
            plschr(0, 0.62);
            plmtex("lv", 0.8, 1 - ((double)t + 0.5) / (double)n, 1,
                   label(sc->targets[t].label, lb, sizeof lb));
            plptex(0.012, y0 + 0.32, 1, 0, 0,
                   ls_target_met(&sc->targets[t])
                       ? "gehaald (waargenomen)"
                       : "niet gehaald (waargenomen)");
            plschr(0, 0.78);
            continue;
        }
        double bx[4] = {0, ci.p, ci.p, 0}, by[4] = {y0, y0, y1, y1};
        plcol0(verdict_colour(ci.p));
        plfill(4, bx, by);
        double wx[2] = {ci.lo, ci.hi}, wy[2] = {y0 + 0.32, y0 + 0.32};
        plcol0(C_BLACK);
        plwidth(1.5);
        plline(2, wx, wy);
        plwidth(1);
        plschr(0, 0.62);
        char lb[256];
        plmtex("lv", 0.8, 1 - ((double)t + 0.5) / (double)n, 1,
               label(sc->targets[t].label, lb, sizeof lb));
        /* The value beside the bar, so that a bar too short to see still
         * says what it is; left of the whisker when there is no room. */
        double at = ci.hi < 0.85 ? ci.hi + 0.012 : ci.lo - 0.012;
        plptex(at, y0 + 0.32, 1, 0, ci.hi < 0.85 ? 0 : 1,
               percent_nl(ci.p, lb, sizeof lb));
        plschr(0, 0.78);
    }
    plcol0(C_BLACK);
    plslabelfunc(tick_nl, &percent_axis);
    plbox("bcfnost", 0.2, 2, "bc", 0, 0);
    pllab("kans om te halen, met het 95%-interval", "", "Tussendoelen");
    return finish(&c, svg, e);
}

int ls_chart_tornado(const ls_result *r, size_t t, size_t top, char **svg,
                     ls_error *e)
{
    const ls_scenario *sc = r->sc;
    if (sc->n_sens == 0 || !r->sensitivity)
        return ls_error_set(e, LS_ERUNTIME, NULL, 0, NULL,
                            "no uncertain parameters for a tornado");
    const ls_sens_effect *fx = ls_result_sig(r, t);
    size_t n = r->n_sig[t];
    if (n > top)
        n = top;
    if (n == 0)
        return ls_error_set(e, LS_ERUNTIME, NULL, 0, NULL,
                            "no significant spread for target \"%s\"",
                            sc->targets[t].name);
    ls_interval all = r->p[t];
    double lo = all.p, hi = all.p;
    for (size_t k = 0; k < n; k++) {
        lo = fmin(lo, fmin(fx[k].low.p, fx[k].high.p));
        hi = fmax(hi, fmax(fx[k].low.p, fx[k].high.p));
    }
    pad(&lo, &hi);
    if (lo < 0)
        lo = 0;
    if (hi > 1)
        hi = 1;
    chart c;
    int h = 80 + 26 * (int)n;
    int rc = begin(&c, 760, h, e);
    if (rc != LS_OK) {
        return rc;
    }
    plvpor(0.30, 0.97, 45.0 / h, 1 - 34.0 / h);
    plwind(lo, hi, 0, (double)n);
    for (size_t k = 0; k < n; k++) {
        double y0 = (double)(n - 1 - k) + 0.2, y1 = y0 + 0.6;
        /* From the overall P to each end: lowest decile left of the
         * parameter's name colour, highest decile right. */
        double ends[2] = {fx[k].low.p, fx[k].high.p};
        int colours[2] = {C_SKY, C_BLUE};
        for (int side = 0; side < 2; side++) {
            if (!isfinite(ends[side]))
                continue;
            double bx[4] = {all.p, ends[side], ends[side], all.p};
            double by[4] = {y0, y0, y1, y1};
            plcol0(colours[side]);
            plfill(4, bx, by);
        }
        plcol0(C_BLACK);
        plschr(0, 0.62);
        char lb[256];
        char sl[256];
        plmtex("lv", 0.8, 1 - ((double)k + 0.5) / (double)n, 1,
               label(ls_report_sens_label(sc, fx[k].param, sl, sizeof sl),
                     lb, sizeof lb));
        plschr(0, 0.78);
    }
    double lx[2] = {all.p, all.p}, ly[2] = {0, (double)n};
    plcol0(C_BLACK);
    plwidth(1.5);
    plline(2, lx, ly);
    plwidth(1);
    plslabelfunc(tick_nl, &percent_axis);
    plbox("bcfnost", 0, 0, "bc", 0, 0);
    char title[400], lb[256], pct[32];
    snprintf(title, sizeof title, "Gevoeligheid: %s (kans %s)",
             label(sc->targets[t].label, lb, sizeof lb),
             percent_nl(all.p, pct, sizeof pct));
    pllab("kans om te halen: licht = aanname in haar laagste 10 %, donker = "
          "in haar hoogste 10 %", "", title);
    return finish(&c, svg, e);
}

/* A sequential colour-blind-safe ramp (viridis, Smith and van der Walt
 * 2015): colour of p in [0, 1], set as colour-map-0 index C_GREY + 1. */
static int ramp(double p)
{
    static const unsigned char v[5][3] = {
        {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98},
        {253, 231, 37}};
    double x = (p < 0 ? 0 : p > 1 ? 1 : p) * 4;
    int i = x >= 4 ? 3 : (int)x;
    double f = x - i;
    int rgb[3];
    for (int k = 0; k < 3; k++)
        rgb[k] = (int)lround(v[i][k] + f * (v[i + 1][k] - v[i][k]));
    plscol0(C_GREY + 1, rgb[0], rgb[1], rgb[2]);
    return C_GREY + 1;
}

/* A 1-D sweep: P(hit) of target t with its 95 % band over the values. */
static int sweep_line(const ls_sweep *w, size_t t, const char *title,
                      char **svg, ls_error *e)
{
    size_t nt = w->sc->n_targets;
    chart c;
    char lb[256];
    const ls_vary *v = &w->vary[0];
    size_t n = v->steps;
    double *buf = malloc(8 * n * sizeof *buf);
    if (buf == NULL)
        return ls_error_oom(e);
    double *x = buf, *p = buf + n, *lo = buf + 2 * n, *hi = buf + 3 * n;
    double *px = buf + 4 * n, *py = buf + 6 * n; /* 2n points each */
    for (size_t i = 0; i < n; i++) {
        ls_interval ci = w->ci[i * nt + t];
        x[i] = ls_vary_value(v, i);
        p[i] = ci.p;
        lo[i] = ci.lo;
        hi[i] = ci.hi;
    }
    int rc = begin(&c, 760, 340, e);
    if (rc == LS_OK) {
        plvpor(0.11, 0.97, 0.15, 0.88);
        for (size_t i = 0; i < n; i++)
            x[i] = on_axis(x[i]);
        double x0 = fmin(x[0], x[n - 1]), x1 = fmax(x[0], x[n - 1]);
        if (!(x1 > x0))
            x1 = x0 + 1;
        axis_range(&x0, &x1);
        plwind(x0, x1, 0, 1);
        band(C_FAN_OUTER, x, lo, hi, n, px, py);
        plcol0(C_BLUE);
        plwidth(2.5);
        plline((PLINT)n, x, p);
        plwidth(1);
        plcol0(C_BLACK);
        plbox("bcfnost", 0, 0, "bcfnstv", 0.2, 2);
        char pl[256];
        pllab(label(ls_report_path_label(w->sc, v->path, pl, sizeof pl), lb,
                    sizeof lb),
              "kans om te halen, 95%-band", title);
        rc = finish(&c, svg, e);
    }
    free(buf);
    return rc;
}

/* A 2-D sweep: a heat map of P(hit) of target t, cells labelled. */
static int sweep_map(const ls_sweep *w, size_t t, char *title, size_t size,
                     char **svg, ls_error *e)
{
    size_t nt = w->sc->n_targets;
    chart c;
    char lb[256];
    const ls_vary *a = &w->vary[0], *b = &w->vary[1];
    /* The colours span the observed range of P, not [0, 1], so that small
     * differences between keuzes are visible; the title says which range,
     * and the cells carry enough digits to tell close values apart. */
    double pmin = 1, pmax = 0;
    for (size_t k = 0; k < a->steps * b->steps; k++) {
        double p = w->ci[k * nt + t].p;
        pmin = fmin(pmin, p);
        pmax = fmax(pmax, p);
    }
    double span = pmax - pmin > 1e-12 ? pmax - pmin : 1;
    int digits = pmax - pmin < 0.02 ? 4 : 3;
    char from[32], to[32];
    snprintf(from, sizeof from, "%.*f %%", digits - 2, 100 * pmin);
    snprintf(to, sizeof to, "%.*f %%", digits - 2, 100 * pmax);
    snprintf(title + strlen(title), size - strlen(title),
             "; kleur van %s (donker) tot %s (geel)",
             ls_report_decimal_comma(from), ls_report_decimal_comma(to));
    int rc = begin(&c, 760, 520, e);
    if (rc != LS_OK)
        return rc;
    plvpor(0.14, 0.97, 0.12, 0.90);
    plwind(-0.5, (double)b->steps - 0.5, -0.5, (double)a->steps - 0.5);
    int annotate = a->steps <= 15 && b->steps <= 15;
    for (size_t i = 0; i < a->steps; i++)
        for (size_t j = 0; j < b->steps; j++) {
            double p = w->ci[(i * b->steps + j) * nt + t].p;
            double shade = (p - pmin) / span;
            double cx[4], cy[4];
            for (int k = 0; k < 4; k++) {
                cx[k] = (double)(long)j + (k == 1 || k == 2 ? 0.5 : -0.5);
                cy[k] = (double)(long)i + (k >= 2 ? 0.5 : -0.5);
            }
            plcol0(ramp(shade));
            plfill(4, cx, cy);
            if (annotate) {
                char s[16];
                snprintf(s, sizeof s, "%.*f %%", digits - 2, 100 * p);
                ls_report_decimal_comma(s);
                plcol0(shade > 0.6 ? C_BLACK : C_WHITE);
                plschr(0, 0.6);
                plptex((double)j, (double)i - 0.1, 1, 0, 0.5, s);
                plschr(0, 0.78);
            }
        }
    plcol0(C_BLACK);
    plbox("bc", 0, 0, "bc", 0, 0);
    for (size_t j = 0; j < b->steps; j++) {
        char s[32];
        ls_report_number(ls_vary_value(b, j), s, sizeof s);
        plmtex("b", 1.5, ((double)j + 0.5) / (double)b->steps, 0.5, s);
    }
    for (size_t i = 0; i < a->steps; i++) {
        char s[32];
        ls_report_number(ls_vary_value(a, i), s, sizeof s);
        plmtex("lv", 0.8, ((double)i + 0.5) / (double)a->steps, 1, s);
    }
    char pl[256];
    plmtex("b", 3.2, 0.5, 0.5,
           label(ls_report_path_label(w->sc, b->path, pl, sizeof pl), lb,
                 sizeof lb));
    plmtex("l", 5.0, 0.5, 0.5,
           label(ls_report_path_label(w->sc, a->path, pl, sizeof pl), lb,
                 sizeof lb));
    plmtex("t", 1.5, 0.5, 0.5, title);
    return finish(&c, svg, e);
}

int ls_chart_sweep(const ls_sweep *w, size_t t, char **svg, ls_error *e)
{
    char title[400], lb[256];
    snprintf(title, sizeof title, "%s: kans om te halen",
             label(w->sc->targets[t].label, lb, sizeof lb));
    if (w->n_vary == 1)
        return sweep_line(w, t, title, svg, e);
    return sweep_map(w, t, title, sizeof title, svg, e);
}

/* dP in percentage points the Dutch way: "+1,23", "-0,40", "0". */
static const char *points_nl(double d, char *buf, size_t n)
{
    if (d != 0)
        return ls_report_points(d, 1, buf, n);
    snprintf(buf, n, "0");
    return buf;
}

int ls_chart_forest(const ls_compare *c, size_t j, char **svg, ls_error *e)
{
    const ls_scenario *s0 = c->sc[0];
    size_t n = s0->n_targets;
    const ls_diff *diff = &c->diff[j * n];
    double lo = 0, hi = 0;
    for (size_t g = 0; g < n; g++)
        if (diff[g].has) {
            lo = fmin(lo, 100 * diff[g].d.lo);
            hi = fmax(hi, 100 * diff[g].d.hi);
        }
    double pad = 0.08 * (hi - lo) + 0.05;
    lo -= pad;
    hi += pad;
    chart ch;
    int h = 80 + 20 * (int)(n > 0 ? n : 1);
    int rc = begin(&ch, 900, h, e);
    if (rc != LS_OK)
        return rc;
    plvpor(0.40, 0.90, 50.0 / h, 1 - 30.0 / h);
    plwind(lo, hi, 0, (double)(n > 0 ? n : 1));
    vertical_grid(0);
    for (size_t g = 0; g < n; g++) {
        double y = (double)(n - 1 - g) + 0.5;
        char lb[256];
        plcol0(C_BLACK);
        plschr(0, 0.62);
        plmtex("lv", 0.8, 1 - ((double)g + 0.5) / (double)n, 1,
               label(s0->targets[g].label, lb, sizeof lb));
        if (!diff[g].has) {
            plptex(0, y, 1, 0, 0.5, "(niet in deze keuze)");
            plschr(0, 0.78);
            continue;
        }
        ls_interval d = diff[g].d;
        int sig = ls_diff_significant(&diff[g]);
        plcol0(!sig ? C_GREY : d.p > 0 ? C_GREEN : C_VERMILLION);
        double wx[2] = {100 * d.lo, 100 * d.hi}, wy[2] = {y, y};
        plwidth(2);
        plline(2, wx, wy);
        plwidth(1);
        double px = 100 * d.p;
        plschr(0, 0.9);
        plstring(1, &px, &y, "\u25cf"); /* a filled circle */
        plcol0(C_BLACK);
        plschr(0, 0.62);
        plmtex("rv", 0.8, 1 - ((double)g + 0.5) / (double)n, 0,
               points_nl(d.p, lb, sizeof lb));
        plschr(0, 0.78);
    }
    double zx[2] = {0, 0}, zy[2] = {0, (double)n};
    plcol0(C_BLACK);
    plwidth(1.5);
    plline(2, zx, zy);
    plwidth(1);
    plbox("bcnost", 0, 0, "bc", 0, 0);
    char title[420], lb[200], lr[200];
    snprintf(title, sizeof title, "%s tegenover %s",
             label(c->sc[j]->label, lb, sizeof lb),
             label(s0->label, lr, sizeof lr));
    pllab("verschil in de kans om te halen (procentpunten), met het "
          "95%-interval", "", title);
    return finish(&ch, svg, e);
}
