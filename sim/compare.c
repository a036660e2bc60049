/*
 * compare.c - P(hit) of every scenario of a comparison and the paired
 * differences against the first, computed once from the counts.
 */
#include "compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "result.h"

static int same_target(const ls_scenario *a, size_t ta, const ls_scenario *b,
                       size_t tb)
{
    const ls_target *x = &a->targets[ta], *y = &b->targets[tb];
    return x->year == y->year && x->op == y->op &&
           x->threshold == y->threshold &&
           strcmp(a->metric_names[x->metric], b->metric_names[y->metric]) == 0;
}

static int compare_diff(const ls_compare *c, size_t j, size_t g,
                        ls_interval *d, double *vrf, ls_interval *vrf_ci)
{
    const ls_pairs *p = c->pairs;
    long m = p->match[j * p->n_targets + g];
    if (m < 0)
        return 0;
    if (c->same[j] && same_target(c->sc[0], g, c->sc[j], (size_t)m)) {
        *d = (ls_interval){0.0, 0.0, 0.0};
        *vrf = HUGE_VAL; /* the same paths: no difference by construction */
        *vrf_ci = (ls_interval){HUGE_VAL, HUGE_VAL, HUGE_VAL};
        return 1;
    }
    const uint64_t *q = &p->joint[(j * p->n_targets + g) * 4];
    *d = ls_stats_paired_diff(q[0], q[1], q[2], q[3], LS_REPORT_LEVEL);
    *vrf = ls_stats_variance_reduction(q[0], q[1], q[2], q[3]);
    *vrf_ci = ls_stats_variance_reduction_ci(q[0], q[1], q[2], q[3],
                                             LS_REPORT_LEVEL);
    return 1;
}

void ls_compare_free(ls_compare *c)
{
    for (size_t j = 0; c->p != NULL && j < c->k; j++)
        free(c->p[j]);
    free(c->p);
    free(c->diff);
    c->p = NULL;
    c->diff = NULL;
}

int ls_compare_compute(ls_compare *c, ls_error *e)
{
    size_t nt = c->sc[0]->n_targets;
    char extra[48];
    snprintf(extra, sizeof extra, "compare rare %llu",
             (unsigned long long)c->rare_paths);
    ls_result_run_id(c->sc, c->k, c->acc[0]->paths,
                     c->rare_paths ? extra : "compare", c->run_id);
    c->p = calloc(c->k, sizeof *c->p);
    c->diff = calloc(c->k * nt + 1, sizeof *c->diff);
    if (c->p == NULL || c->diff == NULL) {
        ls_compare_free(c);
        return ls_error_oom(e);
    }
    for (size_t j = 0; j < c->k; j++) {
        c->p[j] = calloc(c->sc[j]->n_targets + 1, sizeof *c->p[j]);
        if (c->p[j] == NULL) {
            ls_compare_free(c);
            return ls_error_oom(e);
        }
        for (size_t t = 0; t < c->sc[j]->n_targets; t++)
            c->p[j][t] = ls_result_ci(c->acc[j]->hits[t], c->acc[j]->paths);
    }
    for (size_t j = 1; j < c->k; j++)
        for (size_t g = 0; g < nt; g++) {
            ls_diff *df = &c->diff[j * nt + g];
            df->has = compare_diff(c, j, g, &df->d, &df->vrf, &df->vrf_ci);
        }
    return LS_OK;
}
