/*
 * experiments.c - the per-path experiments table (experiments.h).
 */
#include "experiments.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/dist.h"
#include "csv.h"
#include "output.h"

struct ls_experiments {
    const ls_scenario *sc;
    ls_output out;
    int open;              /* 1 until committed or aborted */
    size_t nz, n_probe;
    size_t *probe;         /* [n_probe] */
    ls_job_out rec;        /* the engine's records */
};

int ls_experiments_probe(const ls_scenario *sc, const char *text,
                         size_t *probe, ls_error *e)
{
    const char *at = strrchr(text, '@');
    size_t len = at != NULL ? (size_t)(at - text) : 0;
    if (at == NULL || len == 0)
        return ls_error_set(e, LS_EINPUT, NULL, 0, NULL, "--probe: '%s' is "
                            "not METRIC@YEAR (e.g. homes.nom@2030)", text);
    char *name = malloc(len + 1);
    if (name == NULL)
        return ls_error_oom(e);
    memcpy(name, text, len);
    name[len] = '\0';
    long m = ls_scenario_metric(sc, name);
    if (m < 0) {
        ls_error_set(e, LS_EINPUT, NULL, 0, NULL, "--probe: '%s' is not a "
                     "metric of %s (leusden check lists them)", name,
                     sc->file);
        free(name);
        return LS_EINPUT;
    }
    free(name);
    char *end;
    errno = 0;
    long year = strtol(at + 1, &end, 10);
    if (errno != 0 || *end != '\0' || end == at + 1 || year < sc->year0 ||
        year > sc->year1)
        return ls_error_set(e, LS_EINPUT, NULL, 0, NULL, "--probe: '%s' is "
                            "not a year of the run (%d-%d)", at + 1,
                            sc->year0, sc->year1);
    *probe = (size_t)m * ls_scenario_years(sc) + (size_t)(year - sc->year0);
    return LS_OK;
}

/* A column head: a separator, then name with suffix (an int with "%d"). */
static int head(FILE *f, const char *name, const char *suffix, int year)
{
    size_t n = strlen(name) + strlen(suffix) + 16;
    char *buf = malloc(n);
    if (buf == NULL)
        return -1;
    int k = snprintf(buf, n, "%s", name);
    snprintf(buf + k, n - (size_t)k, suffix, year);
    ls_csv_sep(f);
    ls_csv_text(f, buf);
    free(buf);
    return 0;
}

/* The header row: path, parameters, targets, probes. */
static int header(ls_experiments *x)
{
    const ls_scenario *sc = x->sc;
    FILE *f = x->out.f;
    int rc = 0;
    ls_csv_begin(f);
    ls_csv_text(f, "path");
    for (size_t k = 0; k < sc->n_sens; k++)
        rc |= head(f, sc->sens[k].name, "", 0) |
              head(f, sc->sens[k].name, ":u", 0);
    for (size_t t = 0; t < sc->n_targets; t++)
        rc |= head(f, sc->targets[t].name, "", 0) |
              head(f, sc->targets[t].name, ":value", 0);
    size_t ny = ls_scenario_years(sc);
    for (size_t k = 0; k < x->n_probe; k++)
        rc |= head(f, sc->metric_names[x->probe[k] / ny], "@%d",
                   sc->year0 + (int)(x->probe[k] % ny));
    ls_csv_end(f);
    return rc;
}

ls_experiments *ls_experiments_open(const char *path, const ls_scenario *sc,
                                    const size_t *probe, size_t n_probe,
                                    size_t slots, ls_error *e)
{
    ls_experiments *x = calloc(1, sizeof *x);
    if (x == NULL) {
        ls_error_oom(e);
        return NULL;
    }
    x->sc = sc;
    x->nz = sc->n_dists + sc->n_shared;
    x->n_probe = n_probe;
    size_t nz = x->nz ? x->nz : 1, nd = sc->n_dists ? sc->n_dists : 1;
    size_t nt = sc->n_targets ? sc->n_targets : 1;
    x->probe = calloc(n_probe ? n_probe : 1, sizeof *x->probe);
    x->rec.u = malloc(slots * nz * sizeof *x->rec.u);
    x->rec.value = malloc(slots * nd * sizeof *x->rec.value);
    x->rec.hit = malloc(slots * nt);
    x->rec.x = malloc(slots * nt * sizeof *x->rec.x);
    x->rec.probe_x = malloc(slots * (n_probe ? n_probe : 1) *
                            sizeof *x->rec.probe_x);
    if (!x->probe || !x->rec.u || !x->rec.value || !x->rec.hit ||
        !x->rec.x || !x->rec.probe_x) {
        ls_error_oom(e);
        ls_experiments_free(x);
        return NULL;
    }
    if (n_probe > 0)
        memcpy(x->probe, probe, n_probe * sizeof *probe);
    x->rec.n_probe = n_probe;
    x->rec.probe = x->probe;
    if (ls_output_open(&x->out, path, e) != LS_OK) {
        ls_experiments_free(x);
        return NULL;
    }
    x->open = 1;
    if (header(x) != 0) {
        ls_error_oom(e);
        ls_experiments_free(x);
        return NULL;
    }
    return x;
}

const ls_job_out *ls_experiments_records(const ls_experiments *x)
{
    return &x->rec;
}

/* The value of uncertain parameter k on the path of slot j. */
static double param_value(const ls_experiments *x, size_t k, size_t j)
{
    const ls_scenario *sc = x->sc;
    const ls_sens_param *sp = &sc->sens[k];
    if (sp->model != SIZE_MAX)
        return x->rec.value[j * sc->n_dists + sp->u];
    return ls_dist_quantile(&sc->shared[sp->spec].value.dist,
                            x->rec.u[j * x->nz + sp->u]);
}

void ls_experiments_write(ls_experiments *x, uint64_t first, size_t count)
{
    const ls_scenario *sc = x->sc;
    FILE *f = x->out.f;
    size_t nt = sc->n_targets;
    for (size_t j = 0; j < count; j++) {
        ls_csv_count(f, (unsigned long long)(first + j));
        for (size_t k = 0; k < sc->n_sens; k++) {
            ls_csv_sep(f);
            ls_csv_number(f, param_value(x, k, j));
            ls_csv_sep(f);
            ls_csv_number(f, x->rec.u[j * x->nz + sc->sens[k].u]);
        }
        for (size_t t = 0; t < nt; t++) {
            ls_csv_sep(f);
            ls_csv_count(f, x->rec.hit[j * nt + t]);
            ls_csv_sep(f);
            ls_csv_number(f, x->rec.x[j * nt + t]);
        }
        for (size_t k = 0; k < x->n_probe; k++) {
            ls_csv_sep(f);
            ls_csv_number(f, x->rec.probe_x[j * x->n_probe + k]);
        }
        ls_csv_end(f);
    }
}

int ls_experiments_commit(ls_experiments *x, ls_error *e)
{
    x->open = 0;
    return ls_output_commit(&x->out, e);
}

void ls_experiments_free(ls_experiments *x)
{
    if (x == NULL)
        return;
    if (x->open)
        ls_output_abort(&x->out);
    free(x->probe);
    free(x->rec.u);
    free(x->rec.value);
    free(x->rec.hit);
    free(x->rec.x);
    free(x->rec.probe_x);
    free(x);
}
