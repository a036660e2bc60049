/*
 * doc.c - a report's blocks, and their HTML rendering.
 *
 * The HTML page is one self-contained file: the style sheet in a <style>
 * element (ls_html_style, with its A4 print rules), every chart an inline
 * <svg>, no scripts and nothing fetched, so it can be mailed and opened
 * anywhere.
 */
#include "doc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chart.h"
#include "html.h"
#include "output.h"

void ls_doc_init(ls_doc *d, const char *run_id)
{
    memset(d, 0, sizeof *d);
    if (run_id != NULL && (d->run_id = strdup(run_id)) == NULL)
        d->oom = 1;
}

void ls_doc_free(ls_doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        ls_doc_block *b = &d->blocks[i];
        free(b->text);
        for (size_t c = 0; c < b->n_cells; c++) {
            free(b->cells[c].text);
            free(b->cells[c].title);
        }
        free(b->cells);
        free(b->row_start);
    }
    free(d->blocks);
    free(d->run_id);
    memset(d, 0, sizeof *d);
}

/* Grows *p (of *cap items of size sz) to hold n; 0 when out of memory. */
static int grow(void **p, size_t *cap, size_t n, size_t sz)
{
    if (n <= *cap)
        return 1;
    size_t c = *cap ? 2 * *cap : 8;
    void *q = realloc(*p, c * sz);
    if (q == NULL)
        return 0;
    *p = q;
    *cap = c;
    return 1;
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s != NULL)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

/* A new block of kind k, or NULL (and d->oom) when out of memory. */
static ls_doc_block *new_block(ls_doc *d, ls_doc_kind k, int style)
{
    if (d->oom || !grow((void **)&d->blocks, &d->cap, d->n + 1,
                        sizeof *d->blocks)) {
        d->oom = 1;
        return NULL;
    }
    ls_doc_block *b = &d->blocks[d->n++];
    memset(b, 0, sizeof *b);
    b->kind = k;
    b->style = style;
    return b;
}

void ls_doc_add(ls_doc *d, ls_doc_kind kind, int style, const char *fmt, ...)
{
    ls_doc_block *b = new_block(d, kind, style);
    if (b == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    b->text = vformat(fmt, ap);
    va_end(ap);
    d->oom |= b->text == NULL;
}

void ls_doc_table(ls_doc *d, size_t n_cols)
{
    ls_doc_block *b = new_block(d, LS_DOC_TABLE, 0);
    if (b != NULL)
        b->n_cols = n_cols;
}

/* The table being written, or NULL. */
static ls_doc_block *table(ls_doc *d)
{
    if (d->oom || d->n == 0 || d->blocks[d->n - 1].kind != LS_DOC_TABLE)
        return NULL;
    return &d->blocks[d->n - 1];
}

void ls_doc_row(ls_doc *d)
{
    ls_doc_block *b = table(d);
    if (b == NULL)
        return;
    if (!grow((void **)&b->row_start, &b->cap_rows, b->n_rows + 1,
              sizeof *b->row_start)) {
        d->oom = 1;
        return;
    }
    b->row_start[b->n_rows++] = b->n_cells;
}

void ls_doc_cell(ls_doc *d, int style, const char *fmt, ...)
{
    ls_doc_block *b = table(d);
    if (b == NULL || b->n_rows == 0)
        return;
    if (!grow((void **)&b->cells, &b->cap_cells, b->n_cells + 1,
              sizeof *b->cells)) {
        d->oom = 1;
        return;
    }
    ls_doc_entry *c = &b->cells[b->n_cells++];
    va_list ap;
    va_start(ap, fmt);
    *c = (ls_doc_entry){.text = vformat(fmt, ap), .style = style, .span = 1};
    va_end(ap);
    d->oom |= c->text == NULL;
}

/* The last cell of the table being written, or NULL. */
static ls_doc_entry *last_cell(ls_doc *d)
{
    ls_doc_block *b = table(d);
    return b != NULL && b->n_cells > 0 ? &b->cells[b->n_cells - 1] : NULL;
}

void ls_doc_cell_title(ls_doc *d, const char *title)
{
    ls_doc_entry *c = last_cell(d);
    if (c != NULL && c->title == NULL)
        d->oom |= (c->title = strdup(title)) == NULL;
}

void ls_doc_cell_span(ls_doc *d, int span)
{
    ls_doc_entry *c = last_cell(d);
    if (c != NULL && span >= 1)
        c->span = span;
}

void ls_doc_figure(ls_doc *d, ls_doc_chart_fn chart, const void *ctx,
                   size_t index, const char *caption)
{
    ls_doc_block *b = new_block(d, LS_DOC_FIGURE, 0);
    if (b == NULL)
        return;
    b->chart = chart;
    b->ctx = ctx;
    b->index = index;
    if (caption != NULL)
        d->oom |= (b->text = strdup(caption)) == NULL;
}

/* The inline marks: their code letter, HTML element and bit. */
static const struct mark {
    char letter;
    const char *open, *close;
    int bit;
} marks[] = {{'b', "<b>", "</b>", LS_DOC_MARK_B},
             {'i', "<i>", "</i>", LS_DOC_MARK_I},
             {'c', "<code>", "</code>", LS_DOC_MARK_CODE}};
enum { N_MARKS = sizeof marks / sizeof marks[0] };

/* The mark at s (LS_B, LS_I_END, ...): its index into marks, *open 1 for
 * a start; -1 when s holds none. */
static int mark_at(const char *s, int *open)
{
    if (*s != '\x0e' && *s != '\x0f')
        return -1;
    for (int k = 0; k < N_MARKS; k++)
        if (s[1] == marks[k].letter) {
            *open = *s == '\x0e';
            return k;
        }
    return -1;
}

void ls_doc_runs(const char *text,
                 void (*fn)(void *ctx, const char *s, size_t n, int mark),
                 void *ctx)
{
    int mark = 0, open;
    const char *start = text;
    for (const char *s = text; *s;) {
        int k = mark_at(s, &open);
        if (k < 0) {
            s++;
            continue;
        }
        if (s > start)
            fn(ctx, start, (size_t)(s - start), mark);
        mark = open ? mark | marks[k].bit : mark & ~marks[k].bit;
        s += 2;
        start = s;
    }
    if (*start)
        fn(ctx, start, strlen(start), mark);
}

/* Writes text to f, escaped, its inline marks as HTML elements; with
 * plain, the marks left out (the page's title). */
static void html_text_as(FILE *f, const char *text, int plain)
{
    int open;
    for (const char *s = text; *s;) {
        int k = mark_at(s, &open);
        if (k >= 0) {
            if (!plain)
                fputs(open ? marks[k].open : marks[k].close, f);
            s += 2;
            continue;
        }
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        default: fputc(*s, f);
        }
        s++;
    }
}

static void html_text(FILE *f, const char *text)
{
    html_text_as(f, text, 0);
}

/* A cell's or a headline's class attribute: number, colour. */
static void html_class(FILE *f, int style, const char *extra)
{
    const char *colour = style & LS_DOC_GOOD   ? "likely"
                         : style & LS_DOC_FAIR ? "uncertain"
                         : style & LS_DOC_POOR ? "unlikely"
                                               : NULL;
    int num = (style & LS_DOC_NUM) != 0;
    if (colour == NULL && !num && extra == NULL)
        return;
    fprintf(f, " class=\"%s%s%s%s%s\"", extra ? extra : "",
            extra && (num || colour) ? " " : "", num ? "n" : "",
            num && colour ? " " : "", colour ? colour : "");
}

static void html_table(FILE *f, const ls_doc_block *b)
{
    fputs("<table>\n", f);
    for (size_t r = 0; r < b->n_rows; r++) {
        size_t end = r + 1 < b->n_rows ? b->row_start[r + 1] : b->n_cells;
        fputs("<tr>", f);
        for (size_t i = b->row_start[r]; i < end; i++) {
            const ls_doc_entry *c = &b->cells[i];
            const char *tag = c->style & LS_DOC_HEAD ? "th" : "td";
            fprintf(f, "<%s", tag);
            html_class(f, c->style & ~LS_DOC_HEAD, NULL);
            if (c->span > 1)
                fprintf(f, " colspan=%d", c->span);
            if (c->title != NULL) {
                fputs(" title=\"", f);
                ls_html_escape(f, c->title);
                fputc('"', f);
            }
            fputc('>', f);
            html_text(f, c->text);
            fprintf(f, "</%s>", tag);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

static int html_figure(FILE *f, const ls_doc_block *b, ls_error *e)
{
    char *svg = NULL;
    int rc = b->chart(b->ctx, b->index, &svg, e);
    if (rc != LS_OK)
        return rc;
    fputs("<figure>", f);
    fputs(svg, f);
    free(svg);
    if (b->text != NULL) {
        fputs("<figcaption>", f);
        html_text(f, b->text);
        fputs("</figcaption>", f);
    }
    fputs("</figure>\n", f);
    return LS_OK;
}

/* The page's head, with the title (its text without marks). */
static void html_head(FILE *f, const ls_doc *d)
{
    fputs("<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width\">", f);
    if (d->run_id != NULL)
        fprintf(f, "<meta name=\"leusden-run-id\" content=\"%s\">",
                d->run_id);
    fputs("<title>", f);
    for (size_t i = 0; i < d->n; i++)
        if (d->blocks[i].kind == LS_DOC_TITLE) {
            html_text_as(f, d->blocks[i].text, 1);
            break;
        }
    fprintf(f, "</title><style>%s</style></head><body>\n", ls_html_style);
}

int ls_doc_html(const ls_doc *d, FILE *f, ls_error *e)
{
    static const char *const open[] = {
        [LS_DOC_TITLE] = "<h1>", [LS_DOC_SECTION] = "<h2>",
        [LS_DOC_HEADING] = "<h3>", [LS_DOC_PARA] = "<p>",
        [LS_DOC_SMALL] = "<p class=sub>", [LS_DOC_PRE] = "<pre class=hdr>"};
    static const char *const close[] = {
        [LS_DOC_TITLE] = "</h1>", [LS_DOC_SECTION] = "</h2>",
        [LS_DOC_HEADING] = "</h3>", [LS_DOC_PARA] = "</p>",
        [LS_DOC_SMALL] = "</p>", [LS_DOC_PRE] = "</pre>"};
    html_head(f, d);
    for (size_t i = 0; i < d->n; i++) {
        const ls_doc_block *b = &d->blocks[i];
        int rc = LS_OK;
        switch (b->kind) {
        case LS_DOC_BOX: fputs("<div class=box>\n", f); break;
        case LS_DOC_BOX_END: fputs("</div>\n", f); break;
        case LS_DOC_TABLE: html_table(f, b); break;
        case LS_DOC_FIGURE: rc = html_figure(f, b, e); break;
        case LS_DOC_BIG:
            fputs("<div", f);
            html_class(f, b->style, "big");
            fputc('>', f);
            html_text(f, b->text);
            fputs("</div>\n", f);
            break;
        default:
            fputs(open[b->kind], f);
            html_text(f, b->text);
            fprintf(f, "%s\n", close[b->kind]);
        }
        if (rc != LS_OK)
            return rc;
    }
    fputs("</body></html>\n", f);
    return LS_OK;
}

int ls_doc_is_pdf(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && strcasecmp(path + n - 4, ".pdf") == 0;
}

int ls_doc_write(const ls_doc *d, const char *path, ls_error *e)
{
    if (d->oom)
        return ls_error_oom(e);
    ls_output o;
    int rc = ls_output_open(&o, path, e);
    if (rc != LS_OK)
        return rc;
    /* PLplot may need a temporary directory; the report's own will do. */
    char dir[LS_OUTPUT_PATH_MAX];
    const char *slash = strrchr(o.path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - o.path) : 1,
             slash ? o.path : ".");
    if (ls_chart_tmpdir(dir[0] ? dir : "/") != 0)
        rc = ls_error_set(e, LS_ERUNTIME, NULL, 0, NULL, "%s: no room for "
                          "the chart library's temporary file, neither in "
                          "the temporary directory nor in %s", path, dir);
    else if (ls_doc_is_pdf(path))
        rc = ls_doc_pdf(d, o.f, e);
    else
        rc = ls_doc_html(d, o.f, e);
    if (rc != LS_OK) {
        ls_output_abort(&o);
        return rc;
    }
    return ls_output_commit(&o, e);
}
