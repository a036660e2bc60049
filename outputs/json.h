/*
 * json.h - the complete result of a run as JSON (schema:
 * docs/result.schema.json), written with Jansson.
 */
#ifndef LS_JSON_H
#define LS_JSON_H

#include "../config/scenario.h"
#include "../base/error.h"
#include "../sim/result.h"

#include <jansson.h>

/* Starts a document: from now until ls_json_dump, a failed allocation
 * inside Jansson is noticed and the document refused. */
void ls_json_begin(void);

/* A JSON string of s; bytes that are not UTF-8 (a file name can hold
 * any) become U+FFFD, so no key is ever dropped. */
json_t *ls_json_str(const char *s);

/* x, or for |x| within 15 significant digits of DBL_MAX the largest
 * 15-digit value below it: what JSON and CSV print at 15 digits must read
 * back as a double. */
double ls_json_printable(double x);

/* A JSON number, or null for NaN and infinities (which JSON lacks). */
json_t *ls_json_num(double x);

/* {"name": "leusden", "version": ...} */
json_t *ls_json_program(void);

/* The thread-dependent "run" object of a document (seconds, threads,
 * peak memory, and paths/s when paths > 0). */
json_t *ls_json_run(const ls_run_stats *run, uint64_t paths);

/* Dumps root (and releases it) to path, atomically, with 15 significant
 * digits per real.  LS_OK or LS_ERUNTIME. */
int ls_json_dump(json_t *root, const char *path, ls_error *e);

/* Writes the result document of r to path (atomically, see output.h);
 * the "run" object only when r->run is set.  LS_OK, or LS_ERUNTIME. */
int ls_json_write(const char *path, const ls_result *r, ls_error *e);

#endif /* LS_JSON_H */
