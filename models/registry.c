/*
 * registry.c - the one table of model types.
 *
 * Like Lua's linit.c, one static NULL-terminated table lists every model
 * type, of every stage: the drivers (the weather), the sectors, the system
 * (the energy balance).  Configuration looks types up by name here, and
 * the test suite loops over it to run the same invariant tests on every
 * model.  Adding a model is its file, one extern declaration and one line
 * in the table.
 */
#include "model.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

extern const ls_model_type ls_model_weather;
extern const ls_model_type ls_model_prices;
extern const ls_model_type ls_model_installers;
extern const ls_model_type ls_model_fund;
extern const ls_model_type ls_model_grid;
extern const ls_model_type ls_model_homes;
extern const ls_model_type ls_model_dairy;
extern const ls_model_type ls_model_business;
extern const ls_model_type ls_model_regional;
extern const ls_model_type ls_model_other;
extern const ls_model_type ls_model_testbed;
extern const ls_model_type ls_model_reference;
extern const ls_model_type ls_model_balance;

const ls_model_type *const ls_model_types[] = {
    &ls_model_weather,
    &ls_model_prices,
    &ls_model_installers,
    &ls_model_fund,
    &ls_model_grid,
    &ls_model_homes,
    &ls_model_dairy,
    &ls_model_business,
    &ls_model_regional,
    &ls_model_other,
    &ls_model_testbed,
    &ls_model_reference,
    &ls_model_balance,
    NULL,
};

const ls_model_type *ls_model_find(const char *name)
{
    for (size_t i = 0; ls_model_types[i] != NULL; i++)
        if (strcmp(ls_model_types[i]->name, name) == 0)
            return ls_model_types[i];
    return NULL;
}

size_t ls_model_dist_count(const ls_model_type *t)
{
    size_t n = 0;
    for (size_t i = 0; t->spec != NULL && t->spec[i].name != NULL; i++)
        n += t->spec[i].kind == LS_PARAM_DIST;
    return n;
}

void ls_model_sample_spec(const ls_model_type *t, const void *params,
                          void *draw, const double *z, double *u,
                          double *value, const double *shared_u)
{
    size_t k = 0;
    for (size_t i = 0; t->spec != NULL && t->spec[i].name != NULL; i++) {
        const ls_param_spec *sp = &t->spec[i];
        if (sp->kind != LS_PARAM_DIST)
            continue;
        const ls_param *p =
            (const ls_param *)(const void *)((const char *)params + sp->offset);
        double x = p->shared > 0 ? shared_u[p->shared - 1] : z[k];
        double v = p->sched.n > 0 ? NAN : ls_dist_quantile(&p->dist, x);
        memcpy((char *)draw + sp->draw_offset, &v, sizeof v);
        if (u != NULL)
            u[k] = x;
        if (value != NULL)
            value[k] = v;
        k++;
    }
}

size_t ls_model_metric_count(const ls_model_type *t)
{
    size_t n = 0;
    while (t->metrics[n].name != NULL)
        n++;
    return n;
}

int ls_check_fail(ls_check *c, const char *param, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    c->param = param;
    vsnprintf(c->msg, sizeof c->msg, fmt, ap);
    va_end(ap);
    return LS_EINPUT;
}

char *ls_model_param_text(const ls_param_spec *sp, const void *params,
                          char *buf, size_t n)
{
    const char *field = (const char *)params + sp->offset;
    if (sp->kind == LS_PARAM_DIST)
        ls_param_describe((const ls_param *)(const void *)field, buf, n);
    else if (sp->kind == LS_PARAM_REAL)
        snprintf(buf, n, "%g", *(const double *)(const void *)field);
    else
        snprintf(buf, n, "%lld", *(const long long *)(const void *)field);
    return buf;
}
