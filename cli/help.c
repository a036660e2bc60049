/*
 * help.c - the --help text, built from the tables: the commands, the
 * output writers of `run`, the model registry and the generators, so a
 * new command, format or model appears here without an edit.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "../models/model.h"

static void commands(void)
{
    for (size_t i = 0; ls_commands[i].name != NULL; i++)
        printf("%s leusden %s\n", i == 0 ? "Usage:" : "      ",
               ls_commands[i].synopsis);
    puts("       leusden --help | --version\n\n"
         "Monte Carlo simulator of Leusden's energy transition: estimates the\n"
         "probability of reaching each target (tussendoel) of a scenario.\n\n"
         "Commands:");
    for (size_t i = 0; ls_commands[i].name != NULL; i++)
        fputs(ls_commands[i].help, stdout);
}

static void options(void)
{
    puts("\nOptions for run:\n"
         "  -n, --paths N      number of Monte Carlo paths (default: the\n"
         "                     scenario's `paths`)\n"
         "  -s, --seed S       seed, 0..2^63-1 (default: the scenario's "
         "`seed`)\n"
         "  -t, --threads T    worker threads, 1..1024 (default: all "
         "processors);\n"
         "                     results are identical for any T\n"
         "      --precision E  run blocks of paths until every target's 95 % "
         "interval\n"
         "                     half-width is at most E (e.g. 0.005)\n"
         "      --max-paths N  cap of a --precision run (default 100000000)");
    for (size_t i = 0; ls_run_writers[i].option != NULL; i++) {
        char opt[32];
        snprintf(opt, sizeof opt, "--%s %s", ls_run_writers[i].option,
                 ls_run_writers[i].arg);
        printf("      %-15s%s\n", opt, ls_run_writers[i].help);
    }
    puts("  -q, --quiet        no progress line on stderr\n"
         "      --set P=V      override setting path P with value V (a "
         "number,\n"
         "                     a string or a group); repeatable; also for "
         "check\n"
         "      --no-sensitivity  skip the sensitivity counters\n"
         "      --csv-dialect D  rfc4180 (default) or excel-nl: semicolons,\n"
         "                     decimal commas, a UTF-8 BOM, no e-notation (for\n"
         "                     Excel in a Dutch locale); also for sweep\n"
         "      --rank-timeout S  under MPI: abort the job when a rank has "
         "waited S\n"
         "                     seconds for another (default 600); also for "
         "compare,\n"
         "                     sweep, batch\n"
         "  -h, --help         show this help and exit\n"
         "  -V, --version      show the version and exit");
}

static void models(void)
{
    puts("\nModels (drivers, sectors, the energy balance):");
    for (size_t i = 0; ls_model_types[i] != NULL; i++) {
        const ls_model_type *t = ls_model_types[i];
        printf("  %-18s %s\n", t->name, t->doc);
        for (size_t k = 0; t->metrics[k].name != NULL; k++)
            printf("      metric %s.%s (%s): %s\n", t->name,
                   t->metrics[k].name, t->metrics[k].unit,
                   t->metrics[k].doc);
    }
    puts("\nAggregates: aggregates = { NAME = { sum = [\"a.m\", \"b.m\"]; }; };\n"
         "  makes the metric aggregates.NAME, the sum of model metrics of one "
         "unit,\n  every path-year; targets may be on it.");
    puts("\nShared parameters: shared = { NAME = <number or distribution>; };"
         "\n  a model parameter = \"shared.NAME\"; takes its value, one per "
         "path for\n  every user; correlations = ( { pair = [\"a\", \"b\"]; "
         "rank = 0.5; } );\n  joins two of them by a rank correlation "
         "(Gaussian copula).");
    puts("\nGenerators (scenario.rng):");
    for (size_t i = 0; ls_rng_kinds[i] != NULL; i++)
        printf("  %-18s %s\n", ls_rng_kinds[i]->name, ls_rng_kinds[i]->doc);
}

void ls_cli_usage(void)
{
    commands();
    options();
    models();
    puts("\nExit status: 0 success, 1 runtime failure, 2 bad input.");
}
