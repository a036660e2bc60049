/*
 * fuzz_writers.c - every writer of `leusden run` on random results.
 *
 * The scenario is one of four, loaded once, as the input's first byte
 * says; the rest of the input fills an accumulator of its shape
 * (ls_engine_accum_alloc): the path count, hits, every series' moments
 * and sketch counts, the sensitivity counters.  Then the result object is
 * computed (ls_result_compute) and handed to the table on stdout (to
 * /dev/null) and to every writer of ls_run_writers, into the process's
 * scratch directory, as a run does: ls_output_finish when all succeeded,
 * else ls_output_discard.  The directory is emptied after each input.
 *
 * The flag byte:
 *   bits 0-1  the scenario: 0 scenarios/testbed.cfg (46 series, 4
 *             targets, no uncertain parameter); 1 the same with three
 *             --set overrides (`rich` below: 2 uncertain parameters, 3
 *             targets, overrides from the command line); 2
 *             scenarios/leusden.cfg (1173 series, 24 targets, 52 uncertain
 *             parameters); 3 scenarios/keuze-wind.cfg (leusden through
 *             `base` and `set`: two file heads, an override).  The last
 *             two are 10 to 100 times slower (the sensitivity's 12,480
 *             Clopper-Pearson intervals, the JSON of 1173 series), so most
 *             seeds use the first two.
 *   bit 2  the report too (PLplot's charts make it the slowest): as HTML,
 *          or as PDF when the byte after the flags is odd
 *   bit 3  the scenario's texts replaced by strings from the input:
 *          names, sources, notes, file heads, overrides (valid UTF-8 with
 *          quotes, commas, '<', '=', control characters, U+2028, ...)
 *   bit 4  and file names as raw bytes (not UTF-8: they come from the
 *          command line)
 *   bit 5  inconsistent counts: moments, sketch counts, minimum and
 *          maximum that do not agree with each other or with the path
 *          count, NaN and infinite moments (hits stay <= paths and a
 *          decile's hits <= its paths: those are the accumulator's
 *          contract, ls_stats_binomial_ci's domain)
 *   bit 6  sensitivity counters filled (else the run "did not count")
 *   bit 7  no run statistics (as `batch` and the tests write)
 *
 * Oracles beyond "no crash, no leak, no sanitizer report": with
 * consistent counts and valid UTF-8 every writer succeeds; a JSON file
 * written parses back (Jansson); every row of a CSV table written has as
 * many fields as its header (RFC 4180 quoting); the report never holds
 * the marker tag "<x-fuzz" unescaped.
 */
#include "fuzz_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "../config/scenario.h"
#include "../outputs/output.h"
#include "../outputs/report.h"
#include "../outputs/writers.h"
#include "../sim/engine.h"
#include "../sim/result.h"

enum {
    F_SCENARIO = 3, F_HTML = 4, F_TEXTS = 8, F_RAW = 16, F_WILD = 32,
    F_SENS = 64, F_NO_RUN = 128
};

/* The --set overrides that make testbed a small scenario with everything
 * the writers show: uncertain parameters (sensitivity), overrides from
 * the command line, targets of both operators, one with a source. */
static const char *const rich[] = {
    "models.testbed.p={ dist = \"triangular\"; min = 0.01; mode = 0.05; "
    "max = 0.2; }",
    "models.testbed.mu={ dist = \"pert\"; min = -1.0; mode = 1.0; "
    "max = 2.0; }",
    "targets=( { name = \"a\"; year = 2018; metric = \"testbed.count\"; "
    "op = \">=\"; threshold = 1; source = \"s\"; }, { name = \"b\"; "
    "year = 2040; metric = \"testbed.sum\"; op = \"<=\"; threshold = 0; }, "
    "{ name = \"c\"; year = 2030; metric = \"testbed.count\"; "
    "op = \"<=\"; threshold = 30; } )",
};

#define N_SCENARIOS 4
static const struct {
    const char *file;
    const char *const *sets;
    size_t n_sets;
} scenarios[N_SCENARIOS] = {
    {LS_FUZZ_SOURCE_DIR "/scenarios/testbed.cfg", NULL, 0},
    {LS_FUZZ_SOURCE_DIR "/scenarios/testbed.cfg", rich,
     sizeof rich / sizeof rich[0]},
    {LS_FUZZ_SOURCE_DIR "/scenarios/leusden.cfg", NULL, 0},
    {LS_FUZZ_SOURCE_DIR "/scenarios/keuze-wind.cfg", NULL, 0},
};
static ls_scenario sc[N_SCENARIOS];
static ls_accum *acc[N_SCENARIOS];
static FILE *devnull;
/* The sketch counts an input set, to be cleared after it: zeroing only
 * those is far cheaper than ls_accum_reset's memset of each series'
 * touched range, which values scattered from -1e300 to 1e300 make the
 * whole sketch. */
static size_t *touched;
static size_t n_touched, max_touched;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    lsf_setup();
    lsf_scratch();
    devnull = fopen("/dev/null", "w");
    if (devnull == NULL)
        lsf_fail("cannot open /dev/null");
    for (int i = 0; i < N_SCENARIOS; i++) {
        ls_error e;
        ls_error_clear(&e);
        if (ls_scenario_load_set(&sc[i], scenarios[i].file,
                                 scenarios[i].sets, scenarios[i].n_sets,
                                 &e) != LS_OK)
            lsf_fail("cannot load %s: %s", scenarios[i].file, e.msg);
        acc[i] = ls_engine_accum_alloc(&sc[i]);
        if (acc[i] == NULL)
            lsf_fail("out of memory");
        if (4 * acc[i]->n_series > max_touched)
            max_touched = 4 * acc[i]->n_series;
    }
    touched = malloc(max_touched * sizeof *touched);
    if (touched == NULL)
        lsf_fail("out of memory");
    return 0;
}

/* ------------------------------------------------------------ texts */

/* The scenario's strings the input replaced, to put back afterwards. */
typedef struct texts {
    char **slot[4096];
    char *orig[4096];
    size_t n;
} texts;

/* Pieces of the texts: plain, CSV- and HTML-special, control characters
 * (ESC, DEL, U+2028), multi-byte UTF-8, format directives. */
static const char *const tokens[] = {
    "a", "Z", "0", "9", " ", ".", "_", "-", "=", "+", "@", ",", "\"", "'",
    "<", ">", "&", ";", "\t", "\n", "\r", "\r\n", "\\", "/", "%", "%s",
    "%n", "\xc3\xa9", "\xe2\x82\xac", "\xe2\x80\xa8", "\xf0\x9f\x98\x80",
    "\x1b[2J", "\x7f", "<x-fuzz>", "]]>", "</svg>", "&amp;", "--",
    "\"\"", "=cmd|' /C calc'!A0", "null", "NaN", "1e308",
};
#define N_TOKENS (sizeof tokens / sizeof tokens[0])

/* A string of tokens (valid UTF-8), or of raw bytes (any but NUL). */
static char *make_text(lsf_bytes *b, int raw)
{
    size_t n = lsf_u8(b) % 24;
    char *s = malloc(n * 24 + 1);
    if (s == NULL)
        lsf_fail("out of memory");
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (raw) {
            uint8_t c = lsf_u8(b);
            s[len++] = (char)(c ? c : 0xff);
            continue;
        }
        const char *t = tokens[lsf_u8(b) % N_TOKENS];
        memcpy(s + len, t, strlen(t));
        len += strlen(t);
    }
    s[len] = '\0';
    return s;
}

static void replace(texts *t, char **slot, char *s)
{
    if (t->n == sizeof t->slot / sizeof t->slot[0]) {
        free(s);
        return;
    }
    t->slot[t->n] = slot;
    t->orig[t->n++] = *slot;
    *slot = s;
}

/* Replaces the free texts of the scenario: its name, the targets' names
 * and sources, the source notes, the file heads; file names too, as raw
 * bytes if raw. */
static void replace_texts(texts *t, ls_scenario *s, lsf_bytes *b, int raw)
{
    replace(t, &s->name, make_text(b, 0));
    replace(t, &s->file, make_text(b, raw));
    for (size_t i = 0; i < s->n_targets; i++) {
        replace(t, &s->targets[i].name, make_text(b, 0));
        replace(t, &s->targets[i].source, make_text(b, 0));
    }
    for (size_t i = 0; i < s->n_heads; i++) {
        replace(t, &s->heads[i].file, make_text(b, raw));
        replace(t, &s->heads[i].text, make_text(b, 0));
    }
    for (size_t i = 0; i < s->n_overrides; i++) {
        replace(t, &s->overrides[i].path, make_text(b, 0));
        replace(t, &s->overrides[i].file, make_text(b, raw));
    }
    for (size_t m = 0; m < s->n_models; m++)
        for (size_t k = 0; s->models[m].type->spec[k].name != NULL; k++) {
            ls_origin *o = &s->models[m].origin[k];
            if (o->note != NULL)
                replace(t, &o->note, make_text(b, 0));
            if (o->file != NULL && lsf_u8(b) < 32)
                replace(t, &o->file, make_text(b, raw));
        }
}

static void restore_texts(texts *t)
{
    while (t->n > 0) {
        t->n--;
        free(*t->slot[t->n]);
        *t->slot[t->n] = t->orig[t->n];
    }
}

/* ------------------------------------------------------ accumulator */

/* A count from 0 to n: often an edge (0, n, n / 2). */
static uint64_t pick_count(lsf_bytes *b, uint64_t n)
{
    switch (lsf_u8(b) % 4) {
    case 0: return 0;
    case 1: return n;
    case 2: return n / 2;
    default: return n == UINT64_MAX ? lsf_u64(b) : lsf_u64(b) % (n + 1);
    }
}

static uint64_t pick_paths(lsf_bytes *b)
{
    uint8_t k = lsf_u8(b);
    switch (k % 4) {
    case 0: return k / 4 % 4;               /* 0 to 3 */
    case 1: return lsf_u32(b) % 5000;
    case 2: return lsf_u32(b);
    default: return lsf_u64(b) % (LS_PATHS_MAX + 1);
    }
}

static void count_bin(ls_accum *a, size_t s, size_t bin, uint64_t c)
{
    if (n_touched == max_touched)
        return;
    touched[n_touched++] = s * LS_SKETCH_BINS + bin;
    a->bins[s * LS_SKETCH_BINS + bin] += c;
    if (bin < a->lo[s])
        a->lo[s] = (uint32_t)bin;
    if (bin > a->hi[s])
        a->hi[s] = (uint32_t)bin;
}

/* Empties a: the counts set, then everything else (ls_accum_reset, with
 * every series' range marked empty so that it clears no sketch). */
static void clear(ls_accum *a)
{
    for (size_t i = 0; i < n_touched; i++)
        a->bins[touched[i]] = 0;
    n_touched = 0;
    for (size_t s = 0; s < a->n_series; s++) {
        a->lo[s] = UINT32_MAX;
        a->hi[s] = 0;
    }
    ls_accum_reset(a);
}

/* c values x into series s (sketch count, range, moments). */
static void add_values(ls_accum *a, size_t s, double x, uint64_t c)
{
    if (c == 0)
        return;
    count_bin(a, s, ls_sketch_bin(x), c);
    ls_moments m = {c, x, 0.0, x, x};
    ls_moments_merge(&a->mom[s], &m);
}

/* One series as a run leaves it: paths values in all, a few distinct,
 * mostly close to each other (as a metric's values are), sometimes
 * anywhere. */
static void fill_series(ls_accum *a, size_t s, lsf_bytes *b, uint64_t paths)
{
    size_t nv = 1 + lsf_u8(b) % 4;
    uint64_t left = paths;
    double x0 = lsf_finite(b), x = x0;
    for (size_t i = 0; i < nv && left > 0; i++) {
        uint64_t c = i + 1 == nv ? left : pick_count(b, left);
        add_values(a, s, x, c);
        left -= c;
        uint8_t k = lsf_u8(b);
        x = k < 64 ? lsf_finite(b)
                   : k < 160 ? x0 + (double)(k - 160)
                             : x0 * (1.0 + (double)(k - 160) / 64.0);
        if (!isfinite(x))   /* a run adds finite values only */
            x = x0;
    }
}

/* One series as no run leaves it. */
static void fill_wild(ls_accum *a, size_t s, lsf_bytes *b, uint64_t paths)
{
    for (size_t i = lsf_u8(b) % 4; i > 0; i--)
        count_bin(a, s, lsf_u32(b) % LS_SKETCH_BINS, pick_count(b, paths));
    a->mom[s] = (ls_moments){pick_count(b, paths + (paths < UINT64_MAX)),
                             lsf_double(b), lsf_double(b), lsf_double(b),
                             lsf_double(b)};
}

/* The decile counters: paths per decile, hits per target and decile. */
static void fill_sens(ls_accum *a, lsf_bytes *b, uint64_t paths, int wild)
{
    const size_t nb = LS_ACCUM_SENS_BINS;
    for (size_t k = 0; k < a->n_sens; k++)
        for (size_t j = 0; j < nb; j++) {
            uint64_t n = wild ? pick_count(b, paths)
                              : paths / nb + (j < paths % nb);
            a->sens_paths[k * nb + j] = n;
            for (size_t t = 0; t < a->n_targets; t++)
                a->sens_hits[(t * a->n_sens + k) * nb + j] = pick_count(b, n);
        }
}

static void fill(ls_accum *a, lsf_bytes *b, int wild, int sens)
{
    uint64_t paths = pick_paths(b);
    a->paths = paths;
    for (size_t t = 0; t < a->n_targets; t++)
        a->hits[t] = pick_count(b, paths);
    for (size_t s = 0; s < a->n_series; s++)
        if (wild && lsf_u8(b) < 64)
            fill_wild(a, s, b, paths);
        else
            fill_series(a, s, b, paths);
    if (sens)
        fill_sens(a, b, paths, wild);
}

/* ---------------------------------------------------------- oracles */

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        lsf_fail("a writer succeeded but %s cannot be read", path);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    for (size_t got; buf != NULL && (got = fread(buf + len, 1, cap - len,
                                                 f)) > 0;) {
        len += got;
        if (len == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (buf == NULL)
        lsf_fail("out of memory");
    *n = len;
    return buf;
}

/* Every record of an RFC 4180 table has as many fields as the first. */
static void check_csv(const char *path)
{
    size_t n, i = 0, fields = 1, header = 0, record = 1;
    char *s = slurp(path, &n);
    while (i < n) {
        if (s[i] == '"') {
            for (i++;; i++) {
                if (i >= n)
                    lsf_fail("%s: record %zu: unterminated quote", path,
                             record);
                if (s[i] == '"' && (i + 1 >= n || s[i + 1] != '"'))
                    break;
                i += s[i] == '"';
            }
            i++;
            if (i < n && s[i] != ',' && s[i] != '\r')
                lsf_fail("%s: record %zu: text after a closing quote", path,
                         record);
        } else
            for (; i < n && s[i] != ',' && s[i] != '\r' && s[i] != '\n'; i++)
                if (s[i] == '"')
                    lsf_fail("%s: record %zu: a quote in an unquoted field",
                             path, record);
        if (i < n && s[i] == ',') {
            fields++;
            i++;
            continue;
        }
        if (i < n && (s[i] != '\r' || i + 1 >= n || s[i + 1] != '\n'))
            lsf_fail("%s: record %zu: a line break that is not CRLF", path,
                     record);
        if (record == 1)
            header = fields;
        else if (fields != header)
            lsf_fail("%s: record %zu has %zu fields, the header %zu", path,
                     record, fields, header);
        i += 2;
        fields = 1;
        record++;
    }
    free(s);
}

/* The checks of a file (or directory) a writer wrote. */
static void check_output(const char *option, const char *dest)
{
    if (strcmp(option, "json") == 0) {
        json_error_t err;
        json_t *root = json_load_file(dest, 0, &err);
        if (root == NULL || !json_is_object(root))
            lsf_fail("%s is not a JSON object: line %d: %s", dest, err.line,
                     err.text);
        json_decref(root);
    } else if (strcmp(option, "csv") == 0) {
        static const char *const tables[] = {"targets.csv", "bands.csv",
                                             "metrics.csv",
                                             "sensitivity.csv"};
        for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
            char path[4096];
            lsf_join(path, sizeof path, dest, tables[i]);
            if (access(path, F_OK) == 0)
                check_csv(path);
        }
    } else if (strcmp(option, "report.pdf") == 0) {
        size_t n;
        char *s = slurp(dest, &n);
        int end = 0; /* "%%EOF" among the last 16 bytes */
        for (size_t i = n > 16 ? n - 16 : 0; i + 5 <= n && !end; i++)
            end = memcmp(s + i, "%%EOF", 5) == 0;
        if (n < 16 || memcmp(s, "%PDF-", 5) != 0 || !end)
            lsf_fail("%s is not a complete PDF (%zu bytes)", dest, n);
        free(s);
    } else if (strcmp(option, "report") == 0) {
        size_t n;
        char *s = slurp(dest, &n);
        for (size_t i = 0; i + 7 <= n; i++)
            if (memcmp(s + i, "<x-fuzz", 7) == 0)
                lsf_fail("%s holds a text unescaped (offset %zu)", dest, i);
        free(s);
    }
}

/* ---------------------------------------------------------- writers */

/* Runs one writer into the scratch directory's file `name`, checks its
 * status. */
static int run_writer(const ls_writer *w, const char *name,
                      const ls_result *r, int must_ok)
{
    char dest[4096];
    lsf_join(dest, sizeof dest, lsf_scratch(), name);
    ls_error e;
    ls_error_clear(&e);
    int rc = w->write(dest, r, &e);
    if (rc != LS_OK && rc != LS_ERUNTIME && rc != LS_EINPUT)
        lsf_fail("writer %s returned %d", w->option, rc);
    if (rc != LS_OK && ((int)e.status != rc || e.msg[0] == '\0'))
        lsf_fail("writer %s returned %d with status %d, message '%s'",
                 w->option, rc, (int)e.status, e.msg);
    if (rc != LS_OK && must_ok)
        lsf_fail("writer %s failed on consistent results: %s", w->option,
                 e.msg);
    return rc == LS_OK;
}

/* The file writer w writes: "report.pdf" for the report as PDF, else its
 * option's name. */
static const char *report_name(const ls_writer *w, int pdf)
{
    return pdf && strcmp(w->option, "report") == 0 ? "report.pdf"
                                                   : w->option;
}

/* As a run ends: every output renamed into place (and checked) when every
 * writer succeeded, else every temporary removed; no temporary is left
 * either way. */
static void finish_run(int ok, int must_ok, unsigned flags, int pdf)
{
    ls_error e;
    ls_error_clear(&e);
    if (ok && ls_output_finish(&e) != LS_OK) {
        if (must_ok)
            lsf_fail("ls_output_finish failed: %s", e.msg);
        ok = 0;
    }
    if (!ok)
        ls_output_discard();
    if (lsf_count_temporaries(lsf_scratch()) != 0)
        lsf_fail("temporaries left after %s",
                 ok ? "ls_output_finish" : "ls_output_discard");
    for (const ls_writer *w = ls_run_writers; ok && w->option != NULL; w++)
        if (strcmp(w->option, "report") != 0 || (flags & F_HTML)) {
            const char *name = report_name(w, pdf);
            char dest[4096];
            check_output(name, lsf_join(dest, sizeof dest, lsf_scratch(),
                                        name));
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lsf_bytes b;
    lsf_bytes_init(&b, data, size);
    unsigned flags = lsf_u8(&b);
    int pdf = (flags & F_HTML) && (lsf_u8(&b) & 1);
    int which = flags & F_SCENARIO;
    ls_scenario *s = &sc[which];
    ls_accum *a = acc[which];
    static texts t;   /* large: kept off the stack */
    t.n = 0;
    if (flags & F_TEXTS)
        replace_texts(&t, s, &b, (flags & F_RAW) != 0);
    fill(a, &b, (flags & F_WILD) != 0, (flags & F_SENS) != 0);

    ls_stopping stop = {0.0, 1, 0};
    if (lsf_u8(&b) & 1)   /* a --precision run */
        stop = (ls_stopping){lsf_finite(&b), (int)(lsf_u8(&b) & 1),
                             lsf_u64(&b)};
    ls_run_stats run = {lsf_finite(&b), (int)(lsf_u8(&b) % 64) + 1,
                        lsf_finite(&b)};
    ls_result r;
    ls_error e;
    ls_error_clear(&e);
    if (ls_result_compute(&r, s, a, &stop, (flags & F_NO_RUN) ? NULL : &run,
                          &e) == LS_OK) {
        ls_report_table(devnull, &r);
        int must_ok = !(flags & F_WILD) &&
                      (flags & (F_TEXTS | F_RAW)) != (F_TEXTS | F_RAW);
        int ok = 1;
        for (const ls_writer *w = ls_run_writers; w->option != NULL; w++)
            if (strcmp(w->option, "report") != 0 || (flags & F_HTML))
                ok &= run_writer(w, report_name(w, pdf), &r, must_ok);
        finish_run(ok, must_ok, flags, pdf);
    }
    ls_result_free(&r);
    lsf_empty_dir(lsf_scratch());
    clear(a);
    restore_texts(&t);
    return 0;
}
