/*
 * check.c - `leusden check`: validate a scenario and print it fully
 * resolved (every parameter, where overridden values came from).
 */
#include <stdio.h>

#include "../outputs/report.h"
#include "../sim/mpi.h"
#include "cli.h"

int ls_cmd_check(int argc, char **argv)
{
    ls_cli o;
    int rc = ls_cli_parse(argc, argv, "check", &o);
    if (rc != LS_OK)
        return rc;
    if (o.n_files == 0)
        return ls_cli_usage_error("check: missing SCENARIO file%s", "");
    if (o.n_files > 1)
        return ls_cli_usage_error("check: unexpected argument '%s'",
                                  o.files[1]);
    ls_scenario sc;
    if ((rc = ls_cli_load(&sc, o.files[0], &o)) != LS_OK)
        return rc;
    if (ls_mpi_rank() == 0) {
        ls_report_scenario(stdout, &sc);
        rc = ls_cli_stdout_done();
    }
    ls_scenario_destroy(&sc);
    return rc;
}
