/*
 * fuzz_util.c - the scratch directory, file helpers and the byte reader
 * of the fuzz targets.
 */
/* nftw(3) and mkdtemp(3) are X/Open functions. */
#define _XOPEN_SOURCE 700

#include "fuzz_util.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <omp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "../outputs/chart.h"

_Noreturn void lsf_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

/*
 * Leaks that are not the project's, kept out of the reports so that they
 * do not stop every fuzzing run at its first syntax error:
 *   libconfig_yylex, strbuf_append
 *       libconfig 1.5 (Debian 12) leaks the text of a string token that
 *       its parser discards at a syntax error (`a = 1; "x"`, or just
 *       `""`): the grammar has no %destructor for TOK_STRING.  Fixed
 *       upstream in libconfig 1.7 (hyperrealm/libconfig issue #142, pull
 *       request #155).  The scanner allocates the token's text with
 *       calloc (empty) or strbuf_append (the fast unwinder shows only
 *       that frame), so both are named.  A tree the project forgot to
 *       config_destroy() is still reported: its settings are allocated
 *       by the parser, not the scanner.
 *   the chart libraries' caches (outputs/chart.h, as the program's own
 *       sanitizer build suppresses them).
 */
const char *__lsan_default_suppressions(void)
{
    return "leak:libconfig_yylex\nleak:strbuf_append\n"
           LS_CHART_LSAN_SUPPRESSIONS;
}

void lsf_setup(void)
{
    gsl_set_error_handler_off();
    omp_set_num_threads(1);
}

static char scratch[PATH_MAX];

/* nftw's callback takes no context: whether the top is removed too. */
static int remove_top;

static int remove_one(const char *path, const struct stat *st, int flag,
                      struct FTW *ftw)
{
    (void)st;
    (void)flag;
    if (ftw->level > 0 || remove_top)
        remove(path);
    return 0;
}

/* Removes dir's contents, and dir too if whole. */
static void remove_tree(const char *dir, int whole)
{
    remove_top = whole;
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void remove_scratch(void)
{
    if (scratch[0] != '\0')
        remove_tree(scratch, 1);
}

/* Removes the scratch directories of fuzzers that died (a crash, a
 * timeout, -minimize_crash's children): leusden-fuzz-PID-* in tmp whose
 * process is gone. */
static void remove_stale(const char *tmp)
{
    DIR *d = opendir(tmp);
    for (struct dirent *de; d != NULL && (de = readdir(d)) != NULL;) {
        const char *n = de->d_name;
        if (strncmp(n, "leusden-fuzz-", 13) != 0)
            continue;
        char *end;
        long pid = strtol(n + 13, &end, 10);
        if (end == n + 13 || *end != '-' || pid <= 0 ||
            kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char path[PATH_MAX];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", tmp, n) <
            sizeof path)
            remove_tree(path, 1);
    }
    if (d != NULL)
        closedir(d);
}

const char *lsf_scratch(void)
{
    if (scratch[0] != '\0')
        return scratch;
    const char *tmp = getenv("TMPDIR");
    if (tmp == NULL || *tmp == '\0')
        tmp = "/tmp";
    remove_stale(tmp);
    char templ[PATH_MAX];
    if ((size_t)snprintf(templ, sizeof templ, "%s/leusden-fuzz-%ld-XXXXXX",
                         tmp, (long)getpid()) >= sizeof templ)
        lsf_fail("TMPDIR is too long");
    if (mkdtemp(templ) == NULL)
        lsf_fail("cannot create a scratch directory in %s: %s", tmp,
                 strerror(errno));
    snprintf(scratch, sizeof scratch, "%s", templ);
    atexit(remove_scratch);
    return scratch;
}

char *lsf_join(char *buf, size_t n, const char *dir, const char *name)
{
    if ((size_t)snprintf(buf, n, "%s/%s", dir, name) >= n)
        lsf_fail("path too long: %s/%s", dir, name);
    return buf;
}

void lsf_write(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || (n > 0 && fwrite(data, 1, n, f) != n) || fclose(f) != 0)
        lsf_fail("cannot write %s: %s", path, strerror(errno));
}

void lsf_empty_dir(const char *dir)
{
    remove_tree(dir, 0);
}

/* nftw's callback takes no context: the count of lsf_count_temporaries. */
static long temporaries;

static int count_one(const char *path, const struct stat *st, int flag,
                     struct FTW *ftw)
{
    (void)st;
    (void)flag;
    if (strstr(path + ftw->base, ".tmp-") != NULL)
        temporaries++;
    return 0;
}

long lsf_count_temporaries(const char *dir)
{
    temporaries = 0;
    nftw(dir, count_one, 16, FTW_PHYS);
    return temporaries;
}

char *lsf_strndup(const uint8_t *data, size_t n)
{
    char *s = malloc(n + 1);
    if (s == NULL)
        lsf_fail("out of memory");
    if (n > 0)
        memcpy(s, data, n);
    s[n] = '\0';
    return s;
}

void lsf_bytes_init(lsf_bytes *b, const uint8_t *data, size_t size)
{
    b->p = data;
    b->n = size;
    b->at = 0;
    b->wrapped = 0;
}

uint8_t lsf_u8(lsf_bytes *b)
{
    if (b->n == 0)
        return 0;
    if (b->at >= b->n) {
        b->at = 0;
        b->wrapped = 1;
    }
    return b->p[b->at++];
}

uint32_t lsf_u32(lsf_bytes *b)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v = v << 8 | lsf_u8(b);
    return v;
}

uint64_t lsf_u64(lsf_bytes *b)
{
    return (uint64_t)lsf_u32(b) << 32 | lsf_u32(b);
}

/* Values where formatting, rounding, the sketch's buckets and the
 * statistics change behaviour. */
static const double edges[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, 0.05, 0.95, 2.0, 10.0, 100.0, 1e3, 1e6,
    -1e6, 1e-7, 9.5367431640625e-7 /* 2^-20 */, 1.0995116277760e12 /* 2^40 */,
    2.2e12, -2.2e12, 1e15, 1e21, 1e300, -1e300, 1.7976931348623157e308,
    -1.7976931348623157e308, 4.9406564584124654e-324, 2.2250738585072014e-308,
    9007199254740993.0, 0.1, 1.0 / 3.0, 123456.789, 2018.0, 2040.0,
};
#define N_EDGES (sizeof edges / sizeof edges[0])

double lsf_double(lsf_bytes *b)
{
    uint8_t k = lsf_u8(b);
    if (k < 128)
        return edges[k % N_EDGES];
    if (k < 192)  /* a small whole or half number */
        return (double)((int)lsf_u8(b) - 128) * (k & 1 ? 0.5 : 1.0);
    uint64_t bits = lsf_u64(b);
    double x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

double lsf_finite(lsf_bytes *b)
{
    double x = lsf_double(b);
    return isfinite(x) ? x : 0.0;
}
