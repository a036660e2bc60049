/*
 * aggregate.h - reading the `aggregates` group (config/aggregate.c).
 */
#ifndef LS_AGGREGATE_H
#define LS_AGGREGATE_H

#include <libconfig.h>

#include "scenario.h"

/* Reads the top-level `aggregates` group, if any, into sc: each aggregate
 * becomes the metric "aggregates.<name>" after the models' metrics, indexed
 * for ls_scenario_metric.  Call after the models are named and before the
 * targets are read.  LS_OK, LS_EINPUT positioned at the setting, or
 * LS_ERUNTIME when out of memory. */
int ls_load_aggregates(ls_scenario *sc, const config_setting_t *root,
                       ls_error *e);

#endif /* LS_AGGREGATE_H */
