/*
 * param.h - reading a model's parameters from its setting group.
 *
 * The generic reader of the parameter tables of base/param.h: every model
 * type's values are read here, checked against the table's physical
 * ranges, so a model declares its parameters and never parses them.
 */
#ifndef LS_CONFIG_PARAM_H
#define LS_CONFIG_PARAM_H

#include <libconfig.h>

#include "../base/dist.h"
#include "../base/error.h"
#include "../base/param.h"

/*
 * Reads parameter `name` of group into *out.  Every value the parameter can
 * take must lie in [lo, hi] (a distribution's whole support; unbounded
 * normal and lognormal are refused for bounded parameters, with a hint to
 * truncate).  integer != 0 asks for whole numbers; once != 0 refuses a
 * schedule (the value is used once per path).  If the setting is absent
 * and required is 0, *out is fixed at def.  Returns LS_OK or LS_EINPUT with
 * file, line and setting path.
 */
int ls_param_read(const config_setting_t *group, const char *name, double lo,
                  double hi, int integer, int once, int required, double def,
                  ls_param *out, ls_error *e);

/*
 * Reads setting s itself (a number, a distribution, or a schedule unless
 * once) into *out, as ls_param_read does a group's member.
 */
int ls_param_read_setting(const config_setting_t *s, double lo, double hi,
                          int integer, int once, ls_param *out, ls_error *e);

/*
 * Reads every parameter of spec from group into params (zeroed by the
 * caller), after checking that group has no settings other than those in
 * spec and `type` (which names a model group's type and is read by the
 * scenario loader).  group may be NULL: every parameter is then absent.
 * Returns LS_OK or LS_EINPUT with file, line and setting path.
 */
int ls_param_read_table(void *params, const ls_param_spec *spec,
                        const config_setting_t *group, ls_error *e);

#endif /* LS_CONFIG_PARAM_H */
