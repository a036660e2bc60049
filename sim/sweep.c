/*
 * sweep.c - grids of parameter values on common random numbers.
 *
 * A varied parameter becomes a plain number: for each cell the value is
 * set in the owning instance's parameters (ls_scenario_set_value), which
 * checks it against the parameter table's range and the model's own
 * cross-checks (nom0 <= stock0, ...), so every cell is validated as a file
 * would be.  Nothing else is re-read or re-allocated.  Scenario and target
 * settings cannot be varied: the engine has derived tables from them.
 */
#include "sweep.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/suggest.h"
#include "../base/stats.h"

int ls_vary_parse(const char *arg, ls_vary *v, ls_error *e)
{
    memset(v, 0, sizeof *v);
    const char *eq = strchr(arg, '=');
    unsigned long steps = 0;
    int used = 0;
    if (eq == NULL || eq == arg || (size_t)(eq - arg) >= sizeof v->path ||
        sscanf(eq + 1, "%lf:%lf:%lu%n", &v->from, &v->to, &steps, &used) !=
            3 ||
        eq[1 + used] != '\0' || steps < 1 || steps > 1000)
        return ls_error_set(e, LS_EINPUT, "--vary", 0, NULL,
                            "'%s' is not PATH=FROM:TO:STEPS (e.g. "
                            "models.regional.turbines=0:10:11, 1 to 1000 "
                            "steps)", arg);
    if (!isfinite(v->from) || !isfinite(v->to))
        return ls_error_set(e, LS_EINPUT, "--vary", 0, NULL,
                            "%.*s: %s %g is not a finite number (expected "
                            "FROM and TO as numbers)", (int)(eq - arg), arg,
                            isfinite(v->from) ? "TO" : "FROM",
                            isfinite(v->from) ? v->to : v->from);
    if (steps == 1 && v->from != v->to)
        return ls_error_set(e, LS_EINPUT, "--vary", 0, NULL,
                            "'%s' has 1 step from %g to %g (expected FROM = "
                            "TO for one value, or 2 or more steps)", arg,
                            v->from, v->to);
    snprintf(v->path, sizeof v->path, "%.*s", (int)(eq - arg), arg);
    v->steps = steps;
    return LS_OK;
}

double ls_vary_value(const ls_vary *v, size_t i)
{
    if (v->steps == 1)
        return v->from;
    double t = (double)i / (double)(v->steps - 1);
    double x = v->from + (v->to - v->from) * t;
    /* TO - FROM overflows for bounds near the largest doubles (and
     * inf * 0 is NaN); the weighted form cannot. */
    return isfinite(x) ? x : v->from * (1 - t) + v->to * t;
}

/* Splits a --vary path into instance and parameter: models.<inst>.<p>
 * for a sector, <inst>.<p> for a driver or system (weather, balance).
 * Returns the instance's index, or -1 with *e filled. */
static long find_instance(const ls_scenario *sc, const ls_vary *v,
                          char *buf, size_t n, const char **param,
                          ls_error *e)
{
    snprintf(buf, n, "%s", v->path);
    int sector = strncmp(buf, "models.", 7) == 0;
    char *inst = sector ? buf + 7 : buf, *dot = strchr(inst, '.');
    if (dot != NULL)
        *dot = '\0';
    *param = dot != NULL ? dot + 1 : NULL;
    long m = ls_scenario_instance(sc, inst);
    int ok = m >= 0 && (sc->models[m].type->stage == LS_STAGE_SECTOR) ==
                           sector;
    if (*param == NULL || strchr(*param, '.') != NULL || (!sector && !ok)) {
        ls_error_set(e, LS_EINPUT, "--vary", 0, v->path,
                     "can only vary a model parameter "
                     "(models.<instance>.<parameter>) or a balance "
                     "parameter (balance.<parameter>)");
        return -1;
    }
    if (!ok)
        ls_error_set(e, LS_EINPUT, "--vary", 0, v->path,
                     "no model instance '%s'", inst);
    return ok ? m : -1;
}

/* Finds the instance and parameter a path names. */
static int bind(ls_sweep *w, ls_vary *v, ls_error *e)
{
    char buf[sizeof v->path];
    const char *param;
    long m = find_instance(w->sc, v, buf, sizeof buf, &param, e);
    if (m < 0)
        return LS_EINPUT;
    const ls_param_spec *spec = w->sc->models[m].type->spec;
    for (size_t k = 0; spec[k].name != NULL; k++) {
        if (strcmp(spec[k].name, param) != 0)
            continue;
        v->model = (size_t)m;
        v->spec = k;
        snprintf(v->name, sizeof v->name, "%s", param);
        v->integer = spec[k].kind == LS_PARAM_INT || spec[k].integer;
        for (size_t i = 0; v->integer && i < v->steps; i++) {
            double x = ls_vary_value(v, i);
            if (x != floor(x))
                return ls_error_set(e, LS_EINPUT, "--vary", 0, v->path,
                                    "value %g is not a whole number (the "
                                    "parameter is; choose FROM, TO and "
                                    "STEPS so the grid is whole)", x);
        }
        return LS_OK;
    }
    const char *names[LS_MODEL_MAX_PARAMS + 1];
    size_t n = 0;
    for (size_t k = 0; spec[k].name != NULL && n < LS_MODEL_MAX_PARAMS; k++)
        names[n++] = spec[k].name;
    names[n] = NULL;
    const char *hint = ls_suggest(param, names);
    return ls_error_set(e, LS_EINPUT, "--vary", 0, v->path,
                        "'%s' has no parameter '%s'%s%s%s",
                        w->sc->models[m].name, param,
                        hint ? " (did you mean '" : "", hint ? hint : "",
                        hint ? "'?)" : "");
}

int ls_sweep_init(ls_sweep *w, ls_scenario *sc, const ls_vary *v, size_t n,
                  ls_error *e)
{
    memset(w, 0, sizeof *w);
    w->sc = sc;
    w->n_vary = n;
    w->n_cells = 1;
    for (size_t i = 0; i < n; i++) {
        w->vary[i] = v[i];
        int rc = bind(w, &w->vary[i], e);
        if (rc != LS_OK)
            return rc;
        w->n_cells *= v[i].steps;
    }
    if (n == 2 && w->vary[0].model == w->vary[1].model &&
        strcmp(w->vary[0].name, w->vary[1].name) == 0)
        return ls_error_set(e, LS_EINPUT, "--vary", 0, w->vary[1].path,
                            "varied twice (expected two different "
                            "parameters)");
    w->hits = calloc(w->n_cells * (sc->n_targets ? sc->n_targets : 1),
                     sizeof *w->hits);
    if (w->hits == NULL)
        return ls_error_oom(e);
    return LS_OK;
}

void ls_sweep_free(ls_sweep *w)
{
    free(w->hits);
    free(w->ci);
    w->hits = NULL;
    w->ci = NULL;
}

double ls_sweep_cell_value(const ls_sweep *w, size_t c, size_t d)
{
    size_t i = w->n_vary == 2 ? (d == 0 ? c / w->vary[1].steps
                                        : c % w->vary[1].steps)
                              : c;
    return ls_vary_value(&w->vary[d], i);
}

int ls_sweep_set_cell(ls_sweep *w, size_t c, ls_error *e)
{
    for (size_t d = 0; d < w->n_vary; d++) {
        const ls_vary *v = &w->vary[d];
        int rc = ls_scenario_set_value(w->sc, v->model, v->spec,
                                       ls_sweep_cell_value(w, c, d), "--vary", e);
        if (rc == LS_OK)
            continue;
        char msg[LS_ERROR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", e->msg);
        char full[2 * LS_ERROR_MSG_MAX + 2 * 256];
        snprintf(full, sizeof full, "%s (in the cell %s = %g%s%s%s)", msg,
                 w->vary[0].path, ls_sweep_cell_value(w, c, 0),
                 w->n_vary == 2 ? ", " : "",
                 w->n_vary == 2 ? w->vary[1].path : "",
                 w->n_vary == 2 ? " varied too" : "");
        size_t len = strlen(full);
        if (len >= sizeof e->msg)
            len = sizeof e->msg - 1;
        memcpy(e->msg, full, len);
        e->msg[len] = '\0';
        return rc;
    }
    return LS_OK;
}

int ls_sweep_finish(ls_sweep *w, ls_error *e)
{
    size_t nt = w->sc->n_targets;
    char extra[2 * sizeof w->vary[0].path + 128] = "sweep";
    for (size_t d = 0; d < w->n_vary; d++) {
        size_t used = strlen(extra);
        snprintf(extra + used, sizeof extra - used, " %s=%.17g:%.17g:%zu",
                 w->vary[d].path, w->vary[d].from, w->vary[d].to,
                 w->vary[d].steps);
    }
    const ls_scenario *sc = w->sc;
    ls_result_run_id(&sc, 1, w->paths, extra, w->run_id);
    w->ci = calloc(w->n_cells * (nt ? nt : 1), sizeof *w->ci);
    if (w->ci == NULL)
        return ls_error_oom(e);
    for (size_t c = 0; c < w->n_cells; c++)
        for (size_t t = 0; t < nt; t++)
            w->ci[c * nt + t] = ls_result_ci(w->hits[c * nt + t], w->paths);
    return LS_OK;
}
