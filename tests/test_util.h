/*
 * test_util.h - helpers shared by the cmocka tests.
 *
 * cmocka 1.1.5 has no assert_double_equal (assert_float_equal casts to
 * float), so ls_assert_close prints both values and the tolerance.  Scenario
 * text is written to a temporary file so tests can state their scenario
 * inline, next to the closed form they check.
 */
#ifndef LS_TEST_UTIL_H
#define LS_TEST_UTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config/scenario.h"

#define ls_assert_close(a, b, tol)                                           \
    do {                                                                     \
        double ls_a_ = (a), ls_b_ = (b), ls_t_ = (tol);                      \
        if (!(fabs(ls_a_ - ls_b_) <= ls_t_))                                 \
            fail_msg("%s = %.17g and %s = %.17g differ by %.3g > %.3g", #a,  \
                     ls_a_, #b, ls_b_, fabs(ls_a_ - ls_b_), ls_t_);          \
    } while (0)

/* Writes text to a new temporary file; returns its malloc'd path. */
static inline char *ls_test_write_cfg(const char *text)
{
    char *path = strdup("/tmp/leusden-test-XXXXXX");
    assert_non_null(path);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    return path;
}

/* Loads scenario text (printf format) into *sc; fails the test on error. */
static inline void ls_test_load(ls_scenario *sc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline void ls_test_load(ls_scenario *sc, const char *fmt, ...)
{
    char text[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    char *path = ls_test_write_cfg(text);
    ls_error e;
    ls_error_clear(&e);
    int rc = ls_scenario_load(sc, path, &e);
    if (rc != LS_OK) {
        char buf[1024];
        fail_msg("scenario did not load: %s",
                 ls_error_format(&e, buf, sizeof buf));
    }
    unlink(path);
    free(path);
}

/* Loads the shipped base scenario (scenarios/leusden.cfg under
 * $LS_SOURCE_DIR) into *sc; fails the test on error. */
static inline void ls_test_load_base(ls_scenario *sc)
{
    const char *src = getenv("LS_SOURCE_DIR");
    assert_non_null(src);
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/leusden.cfg", src);
    ls_error e;
    if (ls_scenario_load(sc, path, &e) != LS_OK)
        fail_msg("%s: %s", path, e.msg);
}

#endif /* LS_TEST_UTIL_H */
