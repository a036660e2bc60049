/*
 * main.c - the `leusden` program: the command table and the dispatch.
 *
 *   leusden run SCENARIO [OPTION]...
 *   leusden check SCENARIO [--set P=V]...
 *   leusden compare A B [C]... [OPTION]...
 *   leusden sweep SCENARIO --vary P=FROM:TO:STEPS [--vary ...] [OPTION]...
 *   leusden batch SCENARIO... [OPTION]...
 *   leusden --help | --version
 *
 * Each command is a file of cli/ and a line of ls_commands (Lua's
 * luaL_Reg): adding one is that file and that line.  main() is the only
 * place that maps error values to exit status (0 ok, 1 runtime failure,
 * 2 bad input).  stdout carries results only, identical for any thread
 * count; timings and thread counts go to stderr.
 */
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "../base/suggest.h"
#include "../sim/mpi.h"
#include "cli.h"
#include "../outputs/chart.h"

#ifndef LS_VERSION
#define LS_VERSION "unknown"
#endif

const ls_command ls_commands[] = {
    {"run", "run SCENARIO [OPTION]...",
     "  run SCENARIO       run the scenario file and print the targets "
     "table\n", ls_cmd_run,
     O_PATHS | O_SEED | O_THREADS | O_PRECISION | O_QUIET | O_NOSENS | O_SET |
         O_TIMEOUT | O_CSV | O_RARE | O_EXPERIMENTS | O_SOBOL,
     ls_run_writers},
    {"check", "check SCENARIO [--set P=V]...",
     "  check SCENARIO     validate the scenario and print it fully "
     "resolved\n", ls_cmd_check, O_SET, NULL},
    {"compare", "compare A.cfg B.cfg [C.cfg]... [OPTION]...",
     "  compare A B [...]  run the scenarios on common random numbers and "
     "report\n"
     "                     the paired differences in P(hit) against A "
     "(--paths,\n"
     "                     --seed, --threads, --json, --csv, --set as for "
     "run)\n",
     ls_cmd_compare,
     O_PATHS | O_SEED | O_THREADS | O_QUIET | O_SET | O_TIMEOUT | O_CSV |
         O_RARE,
     ls_compare_writers},
    {"sweep", "sweep SCENARIO --vary P=FROM:TO:STEPS [--vary ...] "
              "[OPTION]...",
     "  sweep SCENARIO     P(hit) over a 1-D or 2-D grid of parameter "
     "values\n"
     "                     (--vary models.<instance>.<param>=FROM:TO:STEPS "
     "or\n"
     "                     --vary balance.<param>=..., once or twice), on "
     "common\n"
     "                     random numbers; --json, --csv,\n"
     "                     --report (heat maps) as for run\n",
     ls_cmd_sweep,
     O_PATHS | O_SEED | O_THREADS | O_QUIET | O_SET | O_VARY | O_TIMEOUT |
         O_CSV,
     ls_sweep_writers},
    {"batch", "batch SCENARIO... [OPTION]...",
     "  batch FILE...      run many scenarios and print one table; a bad "
     "file is\n"
     "                     reported and skipped, and the exit status is "
     "then 2;\n"
     "                     --json, --csv, --report\n", ls_cmd_batch,
     O_PATHS | O_SEED | O_THREADS | O_QUIET | O_SET | O_TIMEOUT | O_CSV,
     ls_batch_writers},
    {NULL, NULL, NULL, NULL, 0, NULL},
};

const ls_command *ls_cli_command(const char *name)
{
    for (size_t i = 0; ls_commands[i].name != NULL; i++)
        if (strcmp(ls_commands[i].name, name) == 0)
            return &ls_commands[i];
    return NULL;
}

static int version(void)
{
    if (ls_mpi_rank() != 0)
        return LS_OK;
    printf("leusden %s%s\n", LS_VERSION,
#ifdef LS_MPI
           " (MPI)"
#else
           ""
#endif
    );
    return ls_cli_stdout_done();
}

/* An unknown command, with the closest known one if it is a likely
 * typo. */
static int unknown(const char *cmd)
{
    const char *names[sizeof ls_commands / sizeof ls_commands[0]];
    size_t n = 0;
    for (; ls_commands[n].name != NULL; n++)
        names[n] = ls_commands[n].name;
    names[n] = NULL;
    const char *hint = ls_suggest(cmd, names);
    if (ls_mpi_rank() != 0)
        return LS_EINPUT;
    char safe[LS_ERROR_MSG_MAX];
    ls_escape(safe, sizeof safe, cmd, (size_t)-1);
    if (hint != NULL)
        fprintf(stderr, "leusden: unknown command '%s' (did you mean "
                        "'%s'?)\n", safe, hint);
    else
        fprintf(stderr, "leusden: unknown command '%s' (try 'leusden "
                        "--help')\n", safe);
    return LS_EINPUT;
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2)
        return ls_cli_usage_error("missing command%s", "");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
        strcmp(cmd, "help") == 0) {
        /* `leusden help CMD`: that command's help */
        const ls_command *c = NULL;
        if (strcmp(cmd, "help") == 0 && argc > 2 &&
            (c = ls_cli_command(argv[2])) == NULL)
            return unknown(argv[2]);
        if (ls_mpi_rank() != 0)
            return LS_OK;
        if (c != NULL)
            ls_cli_command_usage(c);
        else
            ls_cli_usage();
        return ls_cli_stdout_done();
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0)
        return version();
    const ls_command *c = ls_cli_command(cmd);
    return c != NULL ? c->run(argc - 1, argv + 1) : unknown(cmd);
}

#if defined(__SANITIZE_ADDRESS__)
/* The sanitizer build's LeakSanitizer: the chart libraries' caches are
 * not the program's leaks (outputs/chart.h). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return LS_CHART_LSAN_SUPPRESSIONS;
}
#endif

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (ls_mpi_init(&argc, &argv) != LS_OK) {
        fputs("leusden: MPI could not start\n", stderr);
        return LS_ERUNTIME;
    }
    ls_cli_signals();
    int rc = dispatch(argc, argv);
    ls_mpi_finalize();
    return rc;
}
