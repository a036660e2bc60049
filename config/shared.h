/*
 * shared.h - reading the `shared` group and the `correlations` list
 * (config/shared.c).
 */
#ifndef LS_SHARED_H
#define LS_SHARED_H

#include <libconfig.h>

#include "scenario.h"

/* Reads the top-level `shared` group, if any, into sc->shared (in the
 * group's order, the indexes "shared.NAME" references resolve to).  Call
 * before the models are read.  LS_OK, LS_EINPUT positioned at the
 * setting, or LS_ERUNTIME when out of memory. */
int ls_load_shared(ls_scenario *sc, const config_setting_t *root,
                   ls_error *e);

/* After the models are read: counts each shared parameter's users (one
 * nobody uses is an error, a likely typo), reads `correlations` and
 * factors the copula's matrix (refused when it is not a correlation
 * matrix).  LS_OK, LS_EINPUT or LS_ERUNTIME. */
int ls_link_shared(ls_scenario *sc, const config_setting_t *root,
                   ls_error *e);

#endif /* LS_SHARED_H */
