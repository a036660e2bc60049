/*
 * fuzz_util.h - what the fuzz targets share: libFuzzer's entry points, a
 * per-process scratch directory, reading bytes from the input.
 *
 * Each target is one file defining LLVMFuzzerTestOneInput (and, if it
 * needs one-time set-up, LLVMFuzzerInitialize).  A target never prints,
 * never exits and keeps nothing between inputs that changes what the next
 * input does, so every crash reproduces from its input file alone.
 */
#ifndef LS_FUZZ_UTIL_H
#define LS_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* libFuzzer's entry points (declared here for -Wmissing-prototypes). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* LeakSanitizer's hook for built-in suppressions (fuzz_util.c says
 * which, and why). */
const char *__lsan_default_suppressions(void);

#ifndef LS_FUZZ_SOURCE_DIR
#define LS_FUZZ_SOURCE_DIR "."
#endif

/* What every target does once: GSL's abort-on-error handler off (as
 * main() does), one OpenMP thread. */
void lsf_setup(void);

/* The process's scratch directory ($TMPDIR or /tmp, leusden-fuzz-PID-*),
 * created on the first call and removed with its contents at exit. */
const char *lsf_scratch(void);

/* dir/name into buf (aborts if it does not fit). */
char *lsf_join(char *buf, size_t n, const char *dir, const char *name);

/* Writes n bytes to path, replacing it; aborts on failure (the scratch
 * directory is the harness's, not the code under test's). */
void lsf_write(const char *path, const void *data, size_t n);

/* Removes everything inside dir (not dir itself), recursively. */
void lsf_empty_dir(const char *dir);

/* Counts the files under dir (recursively) whose name has ".tmp-": the
 * temporaries of outputs/output.c. */
long lsf_count_temporaries(const char *dir);

/* A reader of the input's bytes.  Past the end it wraps around to the
 * start (a short input still fills every field, deterministically); an
 * empty input reads as zeros. */
typedef struct lsf_bytes {
    const uint8_t *p;
    size_t n, at;
    int wrapped;   /* the end was reached at least once */
} lsf_bytes;

void lsf_bytes_init(lsf_bytes *b, const uint8_t *data, size_t size);
uint8_t lsf_u8(lsf_bytes *b);
uint32_t lsf_u32(lsf_bytes *b);
uint64_t lsf_u64(lsf_bytes *b);
/* A double: one of a table of edge cases (0, -0, subnormals, the sketch's
 * range limits, huge, tiny, whole numbers), or 8 raw bytes (NaN and
 * infinities included), as the first byte chooses. */
double lsf_double(lsf_bytes *b);
/* A finite double, the same way. */
double lsf_finite(lsf_bytes *b);

/* A NUL-terminated copy of data[0..n-1] (aborts when out of memory). */
char *lsf_strndup(const uint8_t *data, size_t n);

/* Aborts with a message: an oracle of a target failed (a property the
 * code under test must have, beyond "does not crash"). */
_Noreturn void lsf_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif /* LS_FUZZ_UTIL_H */
