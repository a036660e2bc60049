/*
 * fuzz_load.c - the scenario loader on arbitrary files, inheritance
 * (`base`) and `@include` included.
 *
 * The input is up to three files, separated by lines that are exactly
 * "#---" (a libconfig comment, so a seed stays a readable scenario):
 * they are written as a.cfg, b.cfg and c.cfg into the process's scratch
 * directory, and a.cfg is loaded from there, so `base = "b.cfg";` and
 * `@include "c.cfg"` (relative to the file or to the working directory,
 * which is the scratch directory while loading) reach the other two.  A
 * file the input does not have is absent (a missing base or include).
 *
 * The loader must return LS_OK, LS_EINPUT or LS_ERUNTIME with the status
 * in the error and a message; a scenario it accepts is printed as
 * `leusden check` prints it and one path of it runs through the engine
 * (ls_engine_trace), so the models meet every parameter the loader lets
 * through.  Nothing may crash, leak or hang (libFuzzer's -timeout).
 */
#include "fuzz_util.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../config/scenario.h"
#include "../outputs/report.h"
#include "../sim/engine.h"

static const char *const names[3] = {"a.cfg", "b.cfg", "c.cfg"};
static const char sep[] = "\n#---\n";

static int cwd = -1;     /* the directory to return to after loading */
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    lsf_setup();
    lsf_scratch();
    cwd = open(".", O_RDONLY | O_DIRECTORY);
    devnull = fopen("/dev/null", "w");
    if (cwd < 0 || devnull == NULL)
        lsf_fail("cannot open the working directory or /dev/null");
    return 0;
}

/* Writes the input's files; the first is a.cfg, and those it lacks are
 * removed. */
static void write_files(const uint8_t *data, size_t size)
{
    char path[4096];
    size_t at = 0;
    for (size_t i = 0; i < 3; i++) {
        lsf_join(path, sizeof path, lsf_scratch(), names[i]);
        if (at > size) {
            unlink(path);
            continue;
        }
        const uint8_t *p = data + at;
        size_t left = size - at, len = left;
        if (i < 2)
            for (size_t k = 0; k + sizeof sep - 1 <= left; k++)
                if (memcmp(p + k, sep, sizeof sep - 1) == 0) {
                    len = k;
                    break;
                }
        lsf_write(path, p, len);
        /* past the separator; beyond the end if there was none */
        at += len == left ? len + 1 : len + sizeof sep - 1;
    }
}

/* One path of an accepted scenario through the engine. */
static void trace_one(const ls_scenario *sc)
{
    ls_error e;
    ls_error_clear(&e);
    ls_engine *eng = ls_engine_alloc(sc, 1, &e);
    if (eng == NULL)
        return;   /* out of memory: an answer, not a bug */
    size_t n = sc->n_metrics * ls_scenario_years(sc);
    double *trace = malloc((n ? n : 1) * sizeof *trace);
    if (trace != NULL)
        ls_engine_trace(eng, 0, trace);
    free(trace);
    ls_engine_free(eng);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    write_files(data, size);
    ls_scenario sc;
    ls_error e;
    ls_error_clear(&e);
    if (chdir(lsf_scratch()) != 0)
        lsf_fail("cannot enter the scratch directory");
    int rc = ls_scenario_load(&sc, names[0], &e);
    if (fchdir(cwd) != 0)
        lsf_fail("cannot return to the working directory");
    if (rc != LS_OK && rc != LS_EINPUT && rc != LS_ERUNTIME)
        lsf_fail("ls_scenario_load returned %d", rc);
    if (rc != LS_OK && ((int)e.status != rc || e.msg[0] == '\0'))
        lsf_fail("ls_scenario_load returned %d with status %d, message "
                 "'%s'", rc, (int)e.status, e.msg);
    if (rc == LS_OK) {
        ls_report_scenario(devnull, &sc);
        trace_one(&sc);
    }
    ls_scenario_destroy(&sc);
    ls_scenario_destroy(&sc);   /* documented as safe */
    return 0;
}
