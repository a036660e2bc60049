/*
 * doc_pdf.c - a report's blocks as A4 pages, drawn with Cairo.
 *
 * Cairo's PDF surface makes the pages and its text API (fontconfig's
 * sans-serif and monospace faces: DejaVu on Debian) sets the type; this
 * file only breaks text into lines, sizes table columns and places blocks
 * on pages.  Charts are PLplot's, drawn by its extcairo device straight
 * into the page, scaled to the text width, so they stay vector graphics.
 * The layout follows the HTML report's print rules: A4 portrait, margins
 * 18 mm by 16 mm, each main section on a new page, no table row, box or
 * chart split between pages,
 * a table's header repeated on every page it spans, "page / pages" at the
 * foot of each.  The pages are laid out twice: the first pass counts
 * them, the second draws.
 */
#include "doc.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/limits.h"
#include "chart.h"

#ifndef LS_VERSION
#define LS_VERSION "unknown"
#endif

/* A4 in points, and the margins (18 mm top and bottom, 16 mm sides). */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN_Y 51.0
#define MARGIN_X 45.35
#define TEXT_W (PAGE_W - 2 * MARGIN_X)
#define BOTTOM (PAGE_H - MARGIN_Y)
#define LEADING 1.32 /* line height over type size */
#define CELL_PAD 2.6 /* a table cell's padding */
#define BOX_PAD 8.0
#define MAX_FIG_H (235.0 / 25.4 * 72) /* a chart's height at most */
#define NOMEM (-1) /* a layout step's status: out of memory */
#define TOO_WIDE (-2) /* a table of more than MAX_COLS columns */
/* Most columns of a table (batch: one per scenario and the label). */
#define MAX_COLS (LS_MAX_SCENARIOS + 8)

typedef struct pdf {
    cairo_t *cr;
    int draw;                  /* 0: measuring (first pass) */
    double y;                  /* top of the next block */
    double x, w;               /* the text column (narrower in a box) */
    int page, pages;           /* this page (from 1); pages in all */
    double *fig_w, *fig_h;     /* each figure block's chart size, from the
                                  first pass */
} pdf;

typedef struct rgb {
    double r, g, b;
} rgb;

static const rgb black = {0.10, 0.10, 0.10}, grey = {0.33, 0.33, 0.33},
                 good = {0.0, 0.475, 0.353}, fair = {0.659, 0.435, 0.0},
                 poor = {0.702, 0.278, 0.0};

static rgb style_colour(int style)
{
    return style & LS_DOC_GOOD   ? good
           : style & LS_DOC_FAIR ? fair
           : style & LS_DOC_POOR ? poor
                                 : black;
}

/* ---- text: words, lines ---------------------------------------------- */

typedef struct word {
    const char *s;
    size_t n;
    int mark;
    int space;    /* a space before it */
    int newline;  /* a line break before it */
    double w;     /* its width */
} word;

typedef struct text {
    word *words;
    size_t n, cap;
    double size;  /* type size, points */
    int mark;     /* marks of the whole text (bold headings) */
    int space, newline, oom;
    pdf *p;
} text;

static void set_font(cairo_t *cr, int mark, double size)
{
    cairo_select_font_face(cr, mark & LS_DOC_MARK_CODE ? "monospace"
                                                       : "sans-serif",
                           mark & LS_DOC_MARK_I ? CAIRO_FONT_SLANT_ITALIC
                                                : CAIRO_FONT_SLANT_NORMAL,
                           mark & LS_DOC_MARK_B ? CAIRO_FONT_WEIGHT_BOLD
                                                : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, mark & LS_DOC_MARK_CODE ? 0.92 * size : size);
}

/* The length of the valid UTF-8 sequence at s (of at most n bytes), or
 * 0 when it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 && s[0] >= 0xc2 ? 2
               : (s[0] & 0xf0) == 0xe0                                    ? 3
               : (s[0] & 0xf8) == 0xf0 && s[0] <= 0xf4                    ? 4
                                                                          : 0;
    if (len == 0 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return len;
}

/* Copies s[0..n) into buf (of size 512) as valid UTF-8, each byte that
 * does not start a valid sequence (a file name from the command line may
 * hold any) as '?': Cairo refuses a string that is not UTF-8, and would
 * then draw nothing more.  A word longer than the buffer is cut. */
static void to_text(char buf[512], const char *s, size_t n)
{
    size_t j = 0;
    for (size_t i = 0; i < n && j + 5 < 512;) {
        size_t len = utf8_len((const unsigned char *)s + i, n - i);
        if (len == 0) {
            buf[j++] = '?';
            i++;
            continue;
        }
        memcpy(buf + j, s + i, len);
        j += len;
        i += len;
    }
    buf[j] = '\0';
}

/* The width of s[0..n) in the current font. */
static double width_of(cairo_t *cr, const char *s, size_t n)
{
    char buf[512];
    to_text(buf, s, n);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, buf, &ext);
    return ext.x_advance;
}

static void add_word(text *t, const char *s, size_t n, int mark)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        word *w = realloc(t->words, cap * sizeof *w);
        if (w == NULL) {
            t->oom = 1;
            return;
        }
        t->words = w;
        t->cap = cap;
    }
    set_font(t->p->cr, mark, t->size);
    t->words[t->n++] = (word){s, n, mark, t->space, t->newline,
                              width_of(t->p->cr, s, n)};
    t->space = t->newline = 0;
}

/* Splits a run of text into words at spaces and line breaks (a no-break
 * space joins). */
static void on_run(void *ctx, const char *s, size_t n, int mark)
{
    text *t = ctx;
    mark |= t->mark;
    size_t i = 0;
    while (i < n) {
        if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t') {
            t->newline |= s[i] == '\n';
            t->space = 1;
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\n' && s[j] != '\t')
            j++;
        add_word(t, s + i, j - i, mark);
        i = j;
    }
}

typedef struct line {
    size_t first, end;  /* its words */
    double w;
} line;

/* Breaks t's words into lines at most width wide (a longer word stays
 * whole on its own line).  Returns the lines (malloc'd) and their count. */
static line *break_lines(const text *t, double width, size_t *n_lines)
{
    line *ls = malloc((t->n + 1) * sizeof *ls);
    *n_lines = 0;
    if (ls == NULL)
        return NULL;
    double space = t->size * 0.28;
    line cur = {0, 0, 0};
    for (size_t i = 0; i < t->n; i++) {
        const word *w = &t->words[i];
        double add = (cur.end > cur.first && w->space ? space : 0) + w->w;
        if (cur.end > cur.first && (w->newline || cur.w + add > width + 0.01)) {
            ls[(*n_lines)++] = cur;
            cur = (line){i, i, 0};
            add = w->w;
        }
        cur.end = i + 1;
        cur.w += add;
    }
    if (cur.end > cur.first || *n_lines == 0)
        ls[(*n_lines)++] = cur;
    return ls;
}

/* Draws line l with its left edge at x (or right edge, if right) and its
 * top at y. */
static void draw_line(const pdf *p, const text *t, const line *l, double x,
                      double y, int right, rgb c)
{
    if (!p->draw)
        return;
    double space = t->size * 0.28, at = right ? x - l->w : x;
    cairo_set_source_rgb(p->cr, c.r, c.g, c.b);
    for (size_t i = l->first; i < l->end; i++) {
        const word *w = &t->words[i];
        if (i > l->first && w->space)
            at += space;
        char buf[512];
        to_text(buf, w->s, w->n);
        set_font(p->cr, w->mark, t->size);
        cairo_move_to(p->cr, at, y + 0.86 * t->size);
        cairo_show_text(p->cr, buf);
        at += w->w;
    }
}

/* Lays out s at `size` with marks `mark` into t and its lines. */
static line *layout(pdf *p, text *t, const char *s, double size, int mark,
                    double width, size_t *n_lines)
{
    *t = (text){.size = size, .mark = mark, .p = p};
    ls_doc_runs(s, on_run, t);
    line *ls = t->oom ? NULL : break_lines(t, width, n_lines);
    if (ls == NULL) {
        free(t->words);
        t->words = NULL;
    }
    return ls;
}

/* ---- pages ----------------------------------------------------------- */

static void footer(pdf *p)
{
    if (!p->draw)
        return;
    char buf[64];
    snprintf(buf, sizeof buf, "%d / %d", p->page, p->pages);
    set_font(p->cr, 0, 8);
    cairo_set_source_rgb(p->cr, grey.r, grey.g, grey.b);
    double w = width_of(p->cr, buf, strlen(buf));
    cairo_move_to(p->cr, PAGE_W - MARGIN_X - w, PAGE_H - 0.55 * MARGIN_Y);
    cairo_show_text(p->cr, buf);
}

static void new_page(pdf *p)
{
    footer(p);
    if (p->draw)
        cairo_show_page(p->cr);
    p->page++;
    p->y = MARGIN_Y;
}

/* Starts a new page unless h more points fit on this one (or the page is
 * still empty). */
static void keep(pdf *p, double h)
{
    if (p->y + h > BOTTOM && p->y > MARGIN_Y + 1)
        new_page(p);
}

/* A paragraph: its lines, page-broken between lines. */
static int flow(pdf *p, const char *s, double size, int mark, rgb c,
                double before, double after)
{
    text t;
    size_t n = 0;
    line *ls = layout(p, &t, s, size, mark, p->w, &n);
    if (ls == NULL)
        return NOMEM;
    double lh = size * LEADING;
    p->y += p->y > MARGIN_Y + 1 ? before : 0;
    keep(p, lh * (n < 2 ? n : 2)); /* no line alone at a page's foot */
    for (size_t i = 0; i < n; i++) {
        keep(p, lh);
        draw_line(p, &t, &ls[i], p->x, p->y, 0, c);
        p->y += lh;
    }
    p->y += after;
    free(ls);
    free(t.words);
    return LS_OK;
}

/* ---- tables ---------------------------------------------------------- */

/* 1 if a cell is never broken into lines: a number (not a column's
 * head). */
static int unbroken(const ls_doc_entry *c)
{
    return (c->style & (LS_DOC_NUM | LS_DOC_HEAD)) == LS_DOC_NUM;
}

/* The width a cell's text is broken to in a column w wide. */
static double cell_width(const ls_doc_entry *c, double w)
{
    return unbroken(c) ? 1e9 : w - 2 * CELL_PAD;
}

/* A cell's text, laid out at width w; its height. */
static double cell_height(pdf *p, const ls_doc_entry *c, double w, int *oom)
{
    text t;
    size_t n = 0;
    int mark = c->style & LS_DOC_HEAD ? LS_DOC_MARK_B : 0;
    line *ls = layout(p, &t, c->text, 8.2, mark, cell_width(c, w), &n);
    *oom |= ls == NULL;
    free(ls);
    free(t.words);
    return n * 8.2 * LEADING + 2 * CELL_PAD;
}

/* The narrowest (its longest word) and widest (one line) a cell can be. */
static void cell_extent(pdf *p, const ls_doc_entry *c, double *lo, double *hi)
{
    text t;
    size_t n = 0;
    int mark = c->style & LS_DOC_HEAD ? LS_DOC_MARK_B : 0;
    line *ls = layout(p, &t, c->text, 8.2, mark, 1e9, &n);
    *lo = *hi = 2 * CELL_PAD;
    for (size_t i = 0; ls != NULL && i < t.n; i++)
        *lo = fmax(*lo, t.words[i].w + 2 * CELL_PAD);
    for (size_t i = 0; ls != NULL && i < n; i++)
        *hi = fmax(*hi, ls[i].w + 2 * CELL_PAD);
    if (unbroken(c))
        *lo = *hi;
    free(ls);
    free(t.words);
}

/* Column widths: each column its widest line if all fit, else its
 * longest word plus a share of the rest in proportion to what it lacks. */
static void column_widths(pdf *p, const ls_doc_block *b, double *cw)
{
    size_t nc = b->n_cols;
    double lo[MAX_COLS] = {0}, hi[MAX_COLS] = {0}, sum_lo = 0, sum_hi = 0;
    for (size_t r = 0; r < b->n_rows; r++) {
        size_t end = r + 1 < b->n_rows ? b->row_start[r + 1] : b->n_cells;
        for (size_t i = b->row_start[r], col = 0; i < end && col < nc; i++) {
            const ls_doc_entry *c = &b->cells[i];
            if (c->span == 1) {
                double a, z;
                cell_extent(p, c, &a, &z);
                lo[col] = fmax(lo[col], fmin(a, 0.45 * p->w));
                hi[col] = fmax(hi[col], z);
            }
            col += (size_t)c->span;
        }
    }
    for (size_t k = 0; k < nc; k++) {
        hi[k] = fmax(hi[k], lo[k]);
        sum_lo += lo[k];
        sum_hi += hi[k];
    }
    for (size_t k = 0; k < nc; k++) {
        if (sum_hi <= p->w) /* all fit: stretched to the text width */
            cw[k] = hi[k] * p->w / sum_hi;
        else if (sum_lo >= p->w)
            cw[k] = p->w * lo[k] / sum_lo;
        else
            cw[k] = lo[k] + (p->w - sum_lo) * (hi[k] - lo[k]) /
                                (sum_hi - sum_lo);
    }
}

/* Draws row r of table b at the current y (its height h). */
static int table_row(pdf *p, const ls_doc_block *b, size_t r, const double *cw,
                     double h)
{
    size_t end = r + 1 < b->n_rows ? b->row_start[r + 1] : b->n_cells;
    double x = p->x;
    for (size_t i = b->row_start[r], col = 0; i < end && col < b->n_cols;
         i++) {
        const ls_doc_entry *c = &b->cells[i];
        double w = 0;
        for (int k = 0; k < c->span && col < b->n_cols; k++)
            w += cw[col++];
        text t;
        size_t n = 0;
        int head = (c->style & LS_DOC_HEAD) != 0;
        line *ls = layout(p, &t, c->text, 8.2, head ? LS_DOC_MARK_B : 0,
                          cell_width(c, w), &n);
        if (ls == NULL)
            return NOMEM;
        int right = (c->style & LS_DOC_NUM) != 0;
        for (size_t l = 0; l < n; l++)
            draw_line(p, &t, &ls[l], right ? x + w - CELL_PAD : x + CELL_PAD,
                      p->y + CELL_PAD + l * 8.2 * LEADING, right,
                      style_colour(c->style));
        free(ls);
        free(t.words);
        x += w;
    }
    if (p->draw) {
        cairo_set_source_rgb(p->cr, 0.85, 0.85, 0.85);
        cairo_set_line_width(p->cr, 0.5);
        cairo_move_to(p->cr, p->x, p->y + h);
        cairo_line_to(p->cr, p->x + p->w, p->y + h);
        cairo_stroke(p->cr);
    }
    p->y += h;
    return LS_OK;
}

/* 1 if every cell of row r is a header cell. */
static int header_row(const ls_doc_block *b, size_t r)
{
    size_t end = r + 1 < b->n_rows ? b->row_start[r + 1] : b->n_cells;
    for (size_t i = b->row_start[r]; i < end; i++)
        if (!(b->cells[i].style & LS_DOC_HEAD))
            return 0;
    return end > b->row_start[r];
}

static double row_height(pdf *p, const ls_doc_block *b, size_t r,
                         const double *cw, int *oom)
{
    size_t end = r + 1 < b->n_rows ? b->row_start[r + 1] : b->n_cells;
    double h = 0;
    for (size_t i = b->row_start[r], col = 0; i < end && col < b->n_cols;
         i++) {
        double w = 0;
        for (int k = 0; k < b->cells[i].span && col < b->n_cols; k++)
            w += cw[col++];
        h = fmax(h, cell_height(p, &b->cells[i], w, oom));
    }
    return h;
}

static int pdf_table(pdf *p, const ls_doc_block *b)
{
    if (b->n_cols == 0 || b->n_rows == 0)
        return LS_OK;
    if (b->n_cols > MAX_COLS)
        return TOO_WIDE;
    double cw[MAX_COLS];
    column_widths(p, b, cw);
    size_t heads = 0;
    while (heads < b->n_rows && header_row(b, heads))
        heads++;
    int oom = 0, rc = LS_OK;
    p->y += 4;
    for (size_t r = 0; r < b->n_rows && rc == LS_OK; r++) {
        double h = row_height(p, b, r, cw, &oom);
        double need = h;
        for (size_t k = r; r < heads && k < heads; k++) /* header + a row */
            need += row_height(p, b, k, cw, &oom);
        if (p->y + need > BOTTOM && p->y > MARGIN_Y + 1) {
            new_page(p);
            for (size_t k = 0; r >= heads && k < heads && rc == LS_OK; k++)
                rc = table_row(p, b, k, cw, row_height(p, b, k, cw, &oom));
        }
        if (rc == LS_OK)
            rc = table_row(p, b, r, cw, h);
    }
    p->y += 6;
    return oom ? NOMEM : rc;
}

/* ---- figures --------------------------------------------------------- */

/* Draws figure b's chart with its top left corner at (x, y), scaled by
 * scale (scale 0: measuring, in the first pass's context, where it may
 * draw anything); its size in points (unscaled) into *w, *h. */
static int draw_chart(pdf *p, const ls_doc_block *b, double x, double y,
                      double scale, double *w, double *h, ls_error *e)
{
    cairo_save(p->cr);
    cairo_translate(p->cr, x, y);
    if (scale > 0)
        cairo_scale(p->cr, scale, scale);
    ls_chart_to_cairo(p->cr);
    char *svg = NULL;
    int rc = b->chart(b->ctx, b->index, &svg, e);
    ls_chart_to_cairo(NULL);
    free(svg);
    cairo_restore(p->cr);
    ls_chart_size(w, h);
    return rc;
}

/* A figure: the chart measured in the first pass (drawn into the pass's
 * surface, which writes nothing), drawn in the second at the text width
 * (at most MAX_FIG_H high), kept on one page, then its caption. */
static int pdf_figure(pdf *p, const ls_doc_block *b, size_t i, ls_error *e)
{
    int rc = LS_OK;
    if (!p->draw)
        rc = draw_chart(p, b, 0, 0, 0, &p->fig_w[i], &p->fig_h[i], e);
    if (rc != LS_OK)
        return rc;
    if (!(p->fig_w[i] > 0 && p->fig_h[i] > 0))
        return LS_OK;
    double s = fmin(p->w / p->fig_w[i], MAX_FIG_H / p->fig_h[i]);
    double h = s * p->fig_h[i], w = s * p->fig_w[i], cw, ch;
    keep(p, h + (b->text ? 24 : 0));
    p->y += 4;
    if (p->draw) {
        cairo_save(p->cr);
        cairo_rectangle(p->cr, p->x + 0.5 * (p->w - w), p->y, w, h);
        cairo_clip(p->cr);
        rc = draw_chart(p, b, p->x + 0.5 * (p->w - w), p->y, s, &cw, &ch, e);
        cairo_restore(p->cr);
        if (rc != LS_OK)
            return rc;
    }
    p->y += h + 2;
    if (b->text != NULL && flow(p, b->text, 8.2, 0, grey, 0, 0) != LS_OK)
        return ls_error_oom(e);
    p->y += 8;
    return LS_OK;
}

/* ---- blocks ---------------------------------------------------------- */

static int pdf_blocks(pdf *p, const ls_doc *d, size_t from, size_t to,
                      ls_error *e);

/* A box: its blocks measured, a new page if they do not fit, the frame,
 * then the blocks.  Returns the index of its BOX_END. */
static size_t pdf_box(pdf *p, const ls_doc *d, size_t i, ls_error *e,
                      int *rc)
{
    size_t end = i + 1;
    while (end < d->n && d->blocks[end].kind != LS_DOC_BOX_END)
        end++;
    pdf m = *p;
    m.draw = 0;
    m.x += BOX_PAD;
    m.w -= 2 * BOX_PAD;
    m.y = MARGIN_Y + 2; /* measured as if not at a page's top */
    double top = m.y;
    if ((*rc = pdf_blocks(&m, d, i + 1, end, e)) != LS_OK)
        return end;
    double h = m.y - top + 2 * BOX_PAD;
    p->y += 6;
    keep(p, h);
    if (p->draw) {
        cairo_rectangle(p->cr, p->x, p->y, p->w, h);
        cairo_set_source_rgb(p->cr, 0.969, 0.976, 0.984);
        cairo_fill_preserve(p->cr);
        cairo_set_source_rgb(p->cr, 0.8, 0.8, 0.8);
        cairo_set_line_width(p->cr, 0.6);
        cairo_stroke(p->cr);
    }
    double x = p->x, w = p->w, y0 = p->y;
    p->x += BOX_PAD;
    p->w -= 2 * BOX_PAD;
    p->y += BOX_PAD - 2; /* the blocks' own space above is 2 here */
    *rc = pdf_blocks(p, d, i + 1, end, e);
    p->x = x;
    p->w = w;
    p->y = y0 + h + 8;
    return end;
}

static int pdf_text_block(pdf *p, const ls_doc_block *b, int first_section)
{
    switch (b->kind) {
    case LS_DOC_TITLE:
        return flow(p, b->text, 17, LS_DOC_MARK_B, black, 0, 6);
    case LS_DOC_SECTION:
        if (!first_section && p->y > MARGIN_Y + 1)
            new_page(p);
        return flow(p, b->text, 13.5, LS_DOC_MARK_B, black, 14, 6);
    case LS_DOC_HEADING:
        keep(p, 60);
        return flow(p, b->text, 11, LS_DOC_MARK_B, black, 10, 3);
    case LS_DOC_SMALL:
        return flow(p, b->text, 8.6, 0, grey, 2, 5);
    case LS_DOC_BIG:
        return flow(p, b->text, 24, LS_DOC_MARK_B, style_colour(b->style), 2,
                    4);
    case LS_DOC_PRE:
        return flow(p, b->text, 7.2, LS_DOC_MARK_CODE, black, 4, 6);
    default:
        return flow(p, b->text, 9.6, 0, black, 2, 6);
    }
}

static int pdf_blocks(pdf *p, const ls_doc *d, size_t from, size_t to,
                      ls_error *e)
{
    int sections = 0;
    for (size_t i = 0; i < from; i++)
        sections += d->blocks[i].kind == LS_DOC_SECTION;
    for (size_t i = from; i < to; i++) {
        const ls_doc_block *b = &d->blocks[i];
        int rc = LS_OK;
        if (b->kind == LS_DOC_BOX)
            i = pdf_box(p, d, i, e, &rc);
        else if (b->kind == LS_DOC_TABLE)
            rc = pdf_table(p, b);
        else if (b->kind == LS_DOC_FIGURE)
            rc = pdf_figure(p, b, i, e);
        else if (b->kind != LS_DOC_BOX_END)
            rc = pdf_text_block(p, b, b->kind == LS_DOC_SECTION &&
                                          sections++ == 0);
        if (rc == NOMEM)
            return ls_error_oom(e);
        if (rc == TOO_WIDE)
            return ls_error_set(e, LS_ERUNTIME, NULL, 0, NULL, "a table of "
                                "%zu columns is too wide for an A4 page "
                                "(at most %d; the HTML report has it)",
                                b->n_cols, MAX_COLS);
        if (rc != LS_OK)
            return rc;
    }
    return LS_OK;
}

/* ---- the file -------------------------------------------------------- */

static cairo_status_t write_out(void *f, const unsigned char *data,
                                unsigned int n)
{
    return fwrite(data, 1, n, f) == n ? CAIRO_STATUS_SUCCESS
                                      : CAIRO_STATUS_WRITE_ERROR;
}

static cairo_status_t write_none(void *f, const unsigned char *data,
                                 unsigned int n)
{
    (void)f;
    (void)data;
    (void)n;
    return CAIRO_STATUS_SUCCESS;
}

/* One pass over the document onto a PDF surface writing to f (or to
 * nothing, when measuring). */
static int pass(pdf *p, const ls_doc *d, FILE *f, ls_error *e)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(
        f ? write_out : write_none, f, PAGE_W, PAGE_H);
    for (size_t i = 0; f != NULL && i < d->n; i++)
        if (d->blocks[i].kind == LS_DOC_TITLE) {
            char title[512];
            size_t n = 0;
            for (const char *c = d->blocks[i].text; *c && n + 1 < sizeof title;
                 c++) {
                if (*c == '\x0e' || *c == '\x0f') /* a mark: left out */
                    c += c[1] != '\0';
                else
                    title[n++] = *c;
            }
            title[n] = '\0';
            cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
            break;
        }
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
                                   "leusden " LS_VERSION);
    p->cr = cairo_create(s);
    p->draw = f != NULL;
    p->page = 1;
    p->y = MARGIN_Y;
    p->x = MARGIN_X;
    p->w = TEXT_W;
    int rc = pdf_blocks(p, d, 0, d->n, e);
    if (rc == LS_OK)
        footer(p);
    /* A drawing error leaves the context inert: never a PDF with its
     * pages half drawn and exit 0. */
    cairo_status_t drawn = cairo_status(p->cr);
    if (rc == LS_OK && drawn != CAIRO_STATUS_SUCCESS)
        rc = ls_error_set(e, LS_ERUNTIME, NULL, 0, NULL, "cannot draw the "
                          "PDF: %s", cairo_status_to_string(drawn));
    cairo_destroy(p->cr);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (rc == LS_OK && st != CAIRO_STATUS_SUCCESS)
        rc = ls_error_set(e, LS_ERUNTIME, NULL, 0, NULL,
                          "cannot write the PDF: %s",
                          cairo_status_to_string(st));
    return rc;
}

int ls_doc_pdf(const ls_doc *d, FILE *f, ls_error *e)
{
    pdf p = {0};
    p.fig_w = calloc(d->n + 1, sizeof *p.fig_w);
    p.fig_h = calloc(d->n + 1, sizeof *p.fig_h);
    int rc = p.fig_w && p.fig_h ? LS_OK : ls_error_oom(e);
    if (rc == LS_OK && (rc = pass(&p, d, NULL, e)) == LS_OK) {
        p.pages = p.page;
        rc = pass(&p, d, f, e);
    }
    free(p.fig_w);
    free(p.fig_h);
    return rc;
}
