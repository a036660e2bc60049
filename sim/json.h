/*
 * json.h - the complete result of a run as JSON (schema:
 * docs/result.schema.json), written with Jansson.
 */
#ifndef LS_JSON_H
#define LS_JSON_H

#include "../config/scenario.h"
#include "accum.h"
#include "error.h"
#include "results.h"

/* Writes the result document to path (atomically, see output.h).  run may
 * be NULL (no "run" object).  Returns LS_OK or LS_ERUNTIME. */
int ls_json_write(const char *path, const ls_scenario *sc,
                  const ls_accum *acc, const ls_stopping *stop,
                  const ls_run_stats *run, ls_error *e);

#endif /* LS_JSON_H */
