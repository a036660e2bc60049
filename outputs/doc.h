/*
 * doc.h - a report as a list of blocks, written as HTML or as an A4 PDF.
 *
 * The report writers (html.c, compare_report.c, sweep_report.c,
 * batch_report.c) say what a report contains once, as blocks: headings,
 * paragraphs, boxes, tables and charts.  ls_doc_write renders them as one
 * self-contained HTML page (doc.c) or, for a path ending in ".pdf", as A4
 * pages drawn with Cairo, the charts by PLplot's extcairo device into the
 * same pages (doc_pdf.c).  So the HTML and the PDF of a report carry the
 * same content by construction.
 *
 * Text is UTF-8 (write "≥", "–", a no-break space U+00A0, never an HTML
 * entity) with three inline marks, LS_B … LS_B_END (bold), LS_I …
 * LS_I_END (italic) and LS_CODE … LS_CODE_END (code), written in the
 * format strings: control characters that no scenario text holds (the
 * loader refuses control characters in names and labels), so a name
 * like "<b>" is text, never markup.  Every add function formats like
 * printf.  Out of memory is remembered and reported by ls_doc_write, so a
 * writer adds blocks without checking each one.
 */
#ifndef LS_DOC_H
#define LS_DOC_H

#include <stddef.h>
#include <stdio.h>

#include "../base/error.h"

/* The inline marks: shift-out and shift-in, then b, i or c. */
#define LS_B "\x0e" "b"
#define LS_B_END "\x0f" "b"
#define LS_I "\x0e" "i"
#define LS_I_END "\x0f" "i"
#define LS_CODE "\x0e" "c"
#define LS_CODE_END "\x0f" "c"

/* Characters the texts use, as UTF-8. */
#define LS_NBSP "\u00a0"  /* no-break space */
#define LS_NDASH "\u2013" /* en dash: ranges */
#define LS_GE "\u2265"
#define LS_LE "\u2264"

typedef enum ls_doc_kind {
    LS_DOC_TITLE,      /* the report's title, once, first */
    LS_DOC_SECTION,    /* a main section: a new page when printed */
    LS_DOC_HEADING,    /* a heading within a section */
    LS_DOC_PARA,       /* a paragraph */
    LS_DOC_SMALL,      /* a note in small grey type */
    LS_DOC_BIG,        /* a headline figure in large type */
    LS_DOC_PRE,        /* preformatted text (a file's comment block) */
    LS_DOC_BOX,        /* starts a framed box of the blocks up to BOX_END */
    LS_DOC_BOX_END,
    LS_DOC_TABLE,      /* a table: its rows follow (ls_doc_row) */
    LS_DOC_FIGURE      /* a chart with its caption */
} ls_doc_kind;

/* Cell and paragraph styles, or'ed. */
enum {
    LS_DOC_HEAD = 1,       /* a table's header cell */
    LS_DOC_NUM = 2,        /* a number: right-aligned, not wrapped */
    LS_DOC_GOOD = 4,       /* coloured: likely, or a gain */
    LS_DOC_FAIR = 8,       /* coloured: uncertain */
    LS_DOC_POOR = 16       /* coloured: unlikely, or a loss */
};

/* Draws a chart: as SVG into *svg (malloc'd) when the chart module draws
 * SVG, or into the Cairo context it was pointed at (chart.h); LS_OK or
 * LS_ERUNTIME. */
typedef int (*ls_doc_chart_fn)(const void *ctx, size_t index, char **svg,
                               ls_error *e);

typedef struct ls_doc_entry {
    char *text;
    char *title;      /* HTML tooltip (a code name), or NULL */
    int style;
    int span;         /* columns it spans, >= 1 */
} ls_doc_entry;

typedef struct ls_doc_block {
    ls_doc_kind kind;
    int style;
    char *text;                /* the text; a figure's caption */
    size_t n_cols;             /* a table's columns */
    size_t n_cells, cap_cells; /* a table's cells, row after row */
    ls_doc_entry *cells;
    size_t *row_start;         /* index of each row's first cell */
    size_t n_rows, cap_rows;
    ls_doc_chart_fn chart;     /* a figure's chart */
    const void *ctx;
    size_t index;
} ls_doc_block;

typedef struct ls_doc {
    ls_doc_block *blocks;
    size_t n, cap;
    char *run_id;   /* written into the HTML's head, or NULL */
    int oom;
} ls_doc;

/* An empty document; run_id may be NULL. */
void ls_doc_init(ls_doc *d, const char *run_id);
void ls_doc_free(ls_doc *d);

/* Adds a block of text of the given kind and style. */
void ls_doc_add(ls_doc *d, ls_doc_kind kind, int style, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Starts a table of n_cols columns; then rows and cells. */
void ls_doc_table(ls_doc *d, size_t n_cols);
void ls_doc_row(ls_doc *d);
void ls_doc_cell(ls_doc *d, int style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sets the last cell's tooltip (HTML only) and how many columns it spans. */
void ls_doc_cell_title(ls_doc *d, const char *title);
void ls_doc_cell_span(ls_doc *d, int span);

/* Adds a chart (drawn when the document is written) with its caption
 * (NULL: none). */
void ls_doc_figure(ls_doc *d, ls_doc_chart_fn chart, const void *ctx,
                   size_t index, const char *caption);

/* Writes the document to path: A4 PDF if path ends in ".pdf", else HTML.
 * LS_OK, or LS_EINPUT/LS_ERUNTIME (nothing is left at path). */
int ls_doc_write(const ls_doc *d, const char *path, ls_error *e);

/* 1 if path names a PDF report (ends in ".pdf", any case). */
int ls_doc_is_pdf(const char *path);

/* The renderers (doc.c, doc_pdf.c), for ls_doc_write: write d to f. */
int ls_doc_html(const ls_doc *d, FILE *f, ls_error *e);
int ls_doc_pdf(const ls_doc *d, FILE *f, ls_error *e);

/* Calls fn(ctx, text, len, mark) for each run of text between the inline
 * marks, mark being 0 (plain) or the or of LS_DOC_MARK_*. */
enum { LS_DOC_MARK_B = 1, LS_DOC_MARK_I = 2, LS_DOC_MARK_CODE = 4 };
void ls_doc_runs(const char *text,
                 void (*fn)(void *ctx, const char *s, size_t n, int mark),
                 void *ctx);

#endif /* LS_DOC_H */
