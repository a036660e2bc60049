/*
 * fault_alloc.c - a counting, failing allocator for the fault-injection
 * sweep (tests/faults.sh), linked only into the test program
 * leusden_faults, never into leusden.
 *
 * leusden_faults is the leusden program linked with
 *   -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,
 *          --wrap=strndup,--wrap=aligned_alloc,--wrap=open_memstream
 * so that every call of those functions made from the project's own object
 * files (the CLI objects and the static library leusden_core) reaches
 * __wrap_X here instead; calls made inside shared libraries (libconfig,
 * Jansson, GSL, PLplot, libgomp, libc itself) are not seen.  Jansson is
 * seen nonetheless: outputs/json.c installs its own counting_malloc with
 * json_set_alloc_funcs (ls_json_begin), and counting_malloc calls malloc
 * from the project's object, so every Jansson allocation of a writer comes
 * through __wrap_malloc as the one call site of counting_malloc.  (Setting
 * json_set_alloc_funcs here, from a constructor, would be undone by
 * ls_json_begin, so it is not done.)
 *
 * The environment is read here only, in the test program:
 *   LEUSDEN_FAULT_ALLOC=K   the K-th allocation (1-based, over all the
 *                           wrapped functions) fails: NULL, errno ENOMEM;
 *                           only that one, the later ones succeed again
 *   LEUSDEN_FAULT_COUNT=1   count the allocations and their sites; at
 *                           exit write to file F (LEUSDEN_FAULT_REPORT):
 *                             total N
 *                             lost L           (sites beyond the table: 0)
 *                             site OFFSET KIND FIRST LAST CALLS (per site)
 *   LEUSDEN_FAULT_REPORT=F  with LEUSDEN_FAULT_ALLOC, the line
 *                             failed OFFSET KIND K
 *                           is appended to F the moment the K-th fails.
 *                           OFFSET is the return address of the call, as
 *                           an offset from the start of the executable
 *                           (what objdump -d shows for a PIE); FIRST is
 *                           the index of the first allocation made there,
 *                           LAST of the last one.
 *                           Without F, count mode prints the total on
 *                           stderr.
 * A call site is identified by __builtin_return_address(0): the address
 * right after the call instruction in the caller (for a tail call, after
 * the call of the function that tail-called; faults.sh resolves those).
 *
 * Allocations are counted with atomics and the site table under a spin
 * lock, so threads are safe; the count is deterministic only for one
 * thread (faults.sh runs with --threads 1).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The start of the executable's image (GNU ld, gold, lld). */
extern char __executable_start[];

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__real_aligned_alloc(size_t align, size_t n);
FILE *__real_open_memstream(char **buf, size_t *len);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
void *__wrap_aligned_alloc(size_t align, size_t n);
FILE *__wrap_open_memstream(char **buf, size_t *len);

enum { KIND_MALLOC, KIND_CALLOC, KIND_REALLOC, KIND_STRDUP, KIND_STRNDUP,
       KIND_ALIGNED, KIND_MEMSTREAM };
static const char *const kind_name[] = {
    "malloc", "calloc", "realloc", "strdup", "strndup", "aligned_alloc",
    "open_memstream"};

#define MAX_SITES 4096 /* a power of two, well above the sites present */

typedef struct site {
    uintptr_t off;  /* return address - __executable_start; 0: free slot */
    int kind;
    unsigned long first, last, calls;
} site;

static site sites[MAX_SITES];
static unsigned long n_sites_lost; /* table full (never, at 4096) */
static volatile int table_lock;

static unsigned long fail_at; /* 0: never */
static int report_on;
static char report_file[4096];

static unsigned long n_calls;    /* allocations so far */
static uintptr_t failed_off;     /* the site that was made to fail */
static int failed_kind = -1;

__attribute__((constructor(101))) static void fault_init(void)
{
    const char *k = getenv("LEUSDEN_FAULT_ALLOC");
    if (k != NULL && *k != '\0')
        fail_at = strtoul(k, NULL, 10);
    const char *c = getenv("LEUSDEN_FAULT_COUNT");
    report_on = c != NULL && strcmp(c, "1") == 0;
    const char *f = getenv("LEUSDEN_FAULT_REPORT");
    if (f != NULL)
        snprintf(report_file, sizeof report_file, "%s", f);
}

static void put(int fd, const char *s, size_t n);

/* The "failed" line, written at once (a crash after it must not lose it),
 * with write(2) and a stack buffer: nothing is allocated. */
static void report_failure(void)
{
    if (report_file[0] == '\0')
        return;
    int fd = open(report_file, O_WRONLY | O_CREAT | O_APPEND, 0666);
    if (fd < 0)
        return;
    char line[128];
    int n = snprintf(line, sizeof line, "failed %lx %s %lu\n",
                     (unsigned long)failed_off, kind_name[failed_kind],
                     fail_at);
    put(fd, line, (size_t)n);
    close(fd);
}

/* Records one allocation at return address ra; returns nonzero if it is
 * the one to fail. */
static int count(void *ra, int kind)
{
    unsigned long i = __atomic_add_fetch(&n_calls, 1, __ATOMIC_SEQ_CST);
    uintptr_t off = (uintptr_t)ra - (uintptr_t)__executable_start;
    if (report_on) {
        while (__atomic_exchange_n(&table_lock, 1, __ATOMIC_ACQUIRE))
            ;
        size_t h = (size_t)((off * 0x9e3779b97f4a7c15u) >> 40) &
                   (MAX_SITES - 1);
        size_t probes = 0;
        while (sites[h].off != 0 &&
               (sites[h].off != off || sites[h].kind != kind) &&
               probes < MAX_SITES) {
            h = (h + 1) & (MAX_SITES - 1);
            probes++;
        }
        if (probes == MAX_SITES) {
            n_sites_lost++;
        } else {
            if (sites[h].off == 0) {
                sites[h].off = off;
                sites[h].kind = kind;
                sites[h].first = i;
            }
            sites[h].last = i;
            sites[h].calls++;
        }
        __atomic_store_n(&table_lock, 0, __ATOMIC_RELEASE);
    }
    if (fail_at == 0 || i != fail_at)
        return 0;
    failed_off = off;
    failed_kind = kind;
    report_failure();
    errno = ENOMEM;
    return 1;
}

void *__wrap_malloc(size_t n)
{
    return count(__builtin_return_address(0), KIND_MALLOC) ? NULL
                                                           : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return count(__builtin_return_address(0), KIND_CALLOC)
               ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return count(__builtin_return_address(0), KIND_REALLOC)
               ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
    return count(__builtin_return_address(0), KIND_STRDUP) ? NULL
                                                           : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
    return count(__builtin_return_address(0), KIND_STRNDUP)
               ? NULL : __real_strndup(s, n);
}

void *__wrap_aligned_alloc(size_t align, size_t n)
{
    return count(__builtin_return_address(0), KIND_ALIGNED)
               ? NULL : __real_aligned_alloc(align, n);
}

FILE *__wrap_open_memstream(char **buf, size_t *len)
{
    return count(__builtin_return_address(0), KIND_MEMSTREAM)
               ? NULL : __real_open_memstream(buf, len);
}

/* write(2) all of s[0..n-1] to fd, ignoring failures (a report only). */
static void put(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* At exit (exit() or a return from main; not _exit, not a crash): the
 * report, written with write(2) and stack buffers so that it allocates
 * nothing. */
__attribute__((destructor(101))) static void fault_report(void)
{
    if (!report_on)
        return;
    char line[256];
    int n;
    if (report_file[0] == '\0') {
        n = snprintf(line, sizeof line, "leusden_faults: %lu allocations\n",
                     n_calls);
        put(STDERR_FILENO, line, (size_t)n);
        return;
    }
    int fd = open(report_file, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0)
        return;
    n = snprintf(line, sizeof line, "total %lu\nlost %lu\n", n_calls,
                 n_sites_lost);
    put(fd, line, (size_t)n);
    for (size_t i = 0; i < MAX_SITES; i++)
        if (sites[i].off != 0) {
            n = snprintf(line, sizeof line, "site %lx %s %lu %lu %lu\n",
                         (unsigned long)sites[i].off,
                         kind_name[sites[i].kind], sites[i].first,
                         sites[i].last, sites[i].calls);
            put(fd, line, (size_t)n);
        }
    close(fd);
}
