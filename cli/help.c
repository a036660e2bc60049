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

/* The help of each shared option, in the order --help lists them; the
 * writers' options (--json, --csv, --report) come after `precision`. */
static const struct {
    unsigned flag;
    const char *text;
} option_help[] = {
    {O_PATHS, "  -n, --paths N      number of Monte Carlo paths (default: the\n"
              "                     scenario's `paths`)\n"},
    {O_SEED, "  -s, --seed S       seed, 0..2^63-1 (default: the scenario's "
             "`seed`)\n"},
    {O_THREADS, "  -t, --threads T    worker threads, 1..1024 (default: all "
                "processors);\n"
                "                     results are identical for any T\n"},
    {O_PRECISION, "      --precision E  run blocks of paths until both "
                  "arms of every target's\n"
                  "                     95 % interval are at most E (e.g. "
                  "0.005)\n"
                  "      --max-paths N  cap of a --precision run (default "
                  "100000000)\n"},
    {0, NULL}, /* the writers */
    {O_VARY, "      --vary P=FROM:TO:STEPS  a parameter's values (once for a "
             "line,\n"
             "                     twice for a grid), e.g. "
             "models.regional.turbines=0:8:9\n"},
    {O_RARE, "      --rare N       estimate every target with fewer than 50 "
             "hits by\n"
             "                     importance sampling on N paths, e.g. "
             "20000\n"
             "                     (docs/statistics.md)\n"},
    {O_SOBOL, "      --sobol N      Sobol' indices of every target (hit and "
              "metric) over\n"
              "                     N rows of d + 3 paths, d the uncertain "
              "parameters,\n"
              "                     and the within-path share, e.g. 2000\n"},
    {O_EXPERIMENTS, "      --experiments FILE  one CSV row per path: its "
                    "parameters (value\n"
                    "                     and uniform), its hit of every "
                    "target, the target\n"
                    "                     metrics and the --probe "
                    "metrics\n"
                    "      --probe M@Y    a metric in a year for "
                    "--experiments, e.g.\n"
                    "                     homes.nom@2030; repeatable\n"},
    {O_QUIET, "  -q, --quiet        no progress line on stderr\n"},
    {O_SET, "      --set P=V      override setting path P with value V (a "
            "number,\n"
            "                     a string or a group); repeatable\n"},
    {O_NOSENS, "      --no-sensitivity  skip the sensitivity counters\n"},
    {O_CSV, "      --csv-dialect D  rfc4180 (default) or excel-nl: "
            "semicolons,\n"
            "                     decimal commas, a UTF-8 BOM, no e-notation "
            "(for\n"
            "                     Excel in a Dutch locale)\n"},
    {O_TIMEOUT, "      --rank-timeout S  under MPI: abort the job when a rank "
                "has waited S\n"
                "                     seconds for another (default 600)\n"},
};

/* Writes text from column col on, broken between words before column
 * 80, continuation lines indented to column indent. */
static void wrapped_at(const char *text, int col, int indent)
{
    int start = col;
    for (const char *s = text; *s;) {
        while (*s == ' ')
            s++;
        size_t n = strcspn(s, " ");
        if (col > start && col + 1 + (int)n > 79) {
            printf("\n%*s", indent, "");
            col = start = indent;
        } else if (col > start) {
            putchar(' ');
            col++;
        }
        printf("%.*s", (int)n, s);
        col += (int)n;
        s += n;
    }
    putchar('\n');
}

static void wrapped(const char *text)
{
    wrapped_at(text, 21, 21);
}

/* The options of command c: the shared ones it accepts and its writers. */
static void options_of(const ls_command *c)
{
    for (size_t k = 0; k < sizeof option_help / sizeof option_help[0]; k++) {
        if (option_help[k].text == NULL) {
            for (size_t i = 0; c->writers && c->writers[i].option; i++) {
                char opt[32];
                snprintf(opt, sizeof opt, "--%s %s", c->writers[i].option,
                         c->writers[i].arg);
                printf("      %-15s", opt);
                wrapped(c->writers[i].help);
            }
        } else if (c->options & option_help[k].flag) {
            fputs(option_help[k].text, stdout);
        }
    }
    puts("  -h, --help         show this help and exit");
}

static void options(void)
{
    puts("\nOptions for run (`leusden help CMD` lists those of each "
         "command):");
    options_of(ls_cli_command("run"));
    puts("  -V, --version      show the version and exit");
}

void ls_cli_command_usage(const ls_command *c)
{
    printf("Usage: leusden %s\n\n", c->synopsis);
    fputs(c->help, stdout);
    puts("\nOptions:");
    options_of(c);
    puts("\nExit status: 0 success, 1 runtime failure, 2 bad input.  "
         "`leusden --help`\nfor everything: the commands, the models, the "
         "scenario format.");
}

static void models(void)
{
    puts("\nModels (drivers, sectors, the energy balance):");
    for (size_t i = 0; ls_model_types[i] != NULL; i++) {
        const ls_model_type *t = ls_model_types[i];
        printf("  %-18s ", t->name);
        wrapped(t->doc);
        for (size_t k = 0; t->metrics[k].name != NULL; k++) {
            int col = printf("      metric %s.%s (%s): ", t->name,
                             t->metrics[k].name, t->metrics[k].unit);
            wrapped_at(t->metrics[k].doc, col, 10);
        }
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
