/*
 * shared.c - parameters declared once and used by several models, and rank
 * correlations between them.
 *
 *   shared = {
 *     pv_yield = { dist = "triangular"; min = 820.0; mode = 875.0;
 *                  max = 950.0; };
 *   };
 *   models = { homes = { pv_yield = "shared.pv_yield"; ... };
 *              business = { pv_yield = "shared.pv_yield"; ... }; };
 *   correlations = ( { pair = ["pv_cost", "gas_drift"]; rank = -0.4; } );
 *
 * A model parameter that says "shared.NAME" takes the shared parameter's
 * value on every path: the engine draws one uniform per shared parameter
 * per path (keyed by its name, so adding one shifts no other draw) and
 * every user evaluates the same distribution at it.  The user's own
 * uniform is still drawn and dropped, so that sharing a parameter moves no
 * other draw of its model (common random numbers).
 *
 * A correlation joins two shared parameters by a Gaussian copula: the
 * uniforms become normal scores, are mixed by the Cholesky factor L of the
 * matrix R (R_ab = 2 sin(pi rho / 6)) and turned back into uniforms.  For
 * the Gaussian copula Spearman's rho of the uniforms is (6 / pi)
 * asin(R_ab / 2) = rho exactly, and ranks do not change under the
 * parameters' inverse CDFs, so the values have rank correlation rho
 * whatever their distributions, and each keeps its own marginal.  A
 * parameter set to a fixed number (say by --set) keeps its correlations
 * in the file; they then move nothing.
 */
#include "shared.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "../base/names.h"
#include "../base/suggest.h"
#include "param.h"
#include "setting.h"

int ls_load_shared(ls_scenario *sc, const config_setting_t *root,
                   ls_error *e)
{
    const config_setting_t *g = config_setting_get_member(root, "shared");
    if (g == NULL)
        return LS_OK;
    int rc = ls_setting_want_group(g, e);
    if (rc != LS_OK)
        return rc;
    size_t n = (size_t)config_setting_length(g);
    if (n > LS_SHARED_MAX)
        return ls_setting_error(e, g, NULL, "has %zu parameters (expected "
                                "at most %d, LS_SHARED_MAX)", n,
                                LS_SHARED_MAX);
    sc->shared = calloc(n + 1, sizeof *sc->shared);
    if (sc->shared == NULL)
        return ls_error_oom(e);
    for (size_t k = 0; k < n; k++) {
        const config_setting_t *s = config_setting_get_elem(g, (unsigned)k);
        ls_shared *sh = &sc->shared[k];
        size_t len = strlen("shared.") + strlen(config_setting_name(s)) + 1;
        if ((sh->name = malloc(len)) == NULL)
            return ls_error_oom(e);
        snprintf(sh->name, len, "shared.%s", config_setting_name(s));
        sc->n_shared++;
        sh->id = ls_rng_name_id(sh->name);
        if (config_setting_type(s) == CONFIG_TYPE_STRING)
            return ls_setting_error(e, s, NULL, "is a string (expected a "
                                    "number or a distribution; a shared "
                                    "parameter cannot name another)");
        rc = ls_param_read_setting(s, -HUGE_VAL, HUGE_VAL, 0, 1, &sh->value,
                                   e);
        if (rc != LS_OK)
            return rc;
    }
    return LS_OK;
}

/* Counts the model parameters that take each shared parameter. */
static int count_users(ls_scenario *sc, const config_setting_t *root,
                       ls_error *e)
{
    for (size_t m = 0; m < sc->n_models; m++) {
        const ls_model_inst *inst = &sc->models[m];
        for (const ls_param_spec *sp = inst->type->spec; sp->name; sp++) {
            if (sp->kind != LS_PARAM_DIST)
                continue;
            const ls_param *p = (const ls_param *)(const void *)(
                (const char *)inst->params + sp->offset);
            if (p->shared > 0)
                sc->shared[p->shared - 1].users++;
        }
    }
    const config_setting_t *g = config_setting_get_member(root, "shared");
    for (size_t k = 0; k < sc->n_shared; k++)
        if (sc->shared[k].users == 0)
            return ls_setting_error(e, config_setting_get_elem(g,
                                                               (unsigned)k),
                                    NULL, "is used by no model (expected a "
                                    "parameter = \"%s\"; somewhere in "
                                    "models or a driver)", sc->shared[k].name);
    return LS_OK;
}

/* Looks element k of a pair up among the shared parameters (with or
 * without the "shared." prefix). */
static int pair_member(const ls_scenario *sc, const config_setting_t *pair,
                       unsigned k, size_t *out, ls_error *e)
{
    const config_setting_t *item = config_setting_get_elem(pair, k);
    if (config_setting_type(item) != CONFIG_TYPE_STRING)
        return ls_setting_type_error(e, item, "the name of a shared "
                                     "parameter as a string");
    const char *name = config_setting_get_string(item);
    const char *bare = strncmp(name, "shared.", 7) == 0 ? name + 7 : name;
    const char *names[LS_SHARED_MAX + 1];
    for (size_t i = 0; i < sc->n_shared; i++) {
        names[i] = sc->shared[i].name + 7;
        if (strcmp(names[i], bare) == 0) {
            *out = i;
            return LS_OK;
        }
    }
    names[sc->n_shared] = NULL;
    const char *hint = ls_suggest(bare, names);
    if (hint != NULL)
        return ls_setting_error(e, item, NULL, "unknown shared parameter "
                                "'%s' (did you mean '%s'?)", name, hint);
    return ls_setting_error(e, item, NULL, "unknown shared parameter '%s' "
                            "(a correlation joins parameters of the "
                            "top-level `shared` group)", name);
}

/* Reads correlation group c into *r. */
static int read_correlation(const ls_scenario *sc, const config_setting_t *c,
                            ls_correlation *r, ls_error *e)
{
    static const char *const known[] = {"pair", "rank", "source", NULL};
    int rc = ls_setting_want_group(c, e);
    if (rc != LS_OK || (rc = ls_setting_check_known(c, known, e)) != LS_OK)
        return rc;
    const config_setting_t *pair = config_setting_get_member(c, "pair");
    if (pair == NULL)
        return ls_setting_error(e, c, "pair", "missing (expected two shared "
                                "parameters, e.g. [\"a\", \"b\"])");
    if ((!config_setting_is_array(pair) && !config_setting_is_list(pair)) ||
        config_setting_length(pair) != 2)
        return ls_setting_type_error(e, pair, "two names in brackets");
    if ((rc = pair_member(sc, pair, 0, &r->a, e)) != LS_OK ||
        (rc = pair_member(sc, pair, 1, &r->b, e)) != LS_OK)
        return rc;
    if (r->a == r->b)
        return ls_setting_error(e, pair, NULL, "names one parameter twice "
                                "(expected two different ones)");
    if ((rc = ls_setting_real(c, "rank", -1, 1, 1, 0, &r->rank, e)) != LS_OK)
        return rc;
    if (!(fabs(r->rank) < 1))
        return ls_setting_error(e, c, "rank", "is %g (expected a rank "
                                "correlation strictly between -1 and 1)",
                                r->rank);
    const char *source;
    if ((rc = ls_setting_string(c, "source", 0, "", &source, e)) != LS_OK)
        return rc;
    r->normal = 2 * sin(M_PI * r->rank / 6);
    return LS_OK;
}

/* Factors the copula's correlation matrix into sc->copula. */
static int factor_copula(ls_scenario *sc, const config_setting_t *list,
                         ls_error *e)
{
    size_t n = sc->n_shared;
    gsl_matrix *m = gsl_matrix_alloc(n, n);
    sc->copula = calloc(n * n, sizeof *sc->copula);
    if (m == NULL || sc->copula == NULL) {
        gsl_matrix_free(m);
        return ls_error_oom(e);
    }
    gsl_matrix_set_identity(m);
    for (size_t k = 0; k < sc->n_correlations; k++) {
        const ls_correlation *r = &sc->correlations[k];
        gsl_matrix_set(m, r->a, r->b, r->normal);
        gsl_matrix_set(m, r->b, r->a, r->normal);
    }
    int status = gsl_linalg_cholesky_decomp1(m);
    for (size_t i = 0; status == GSL_SUCCESS && i < n; i++)
        for (size_t j = 0; j <= i; j++)
            sc->copula[i * n + j] = gsl_matrix_get(m, i, j);
    gsl_matrix_free(m);
    if (status != GSL_SUCCESS)
        return ls_setting_error(e, list, NULL, "together are not a possible "
                                "set of correlations (the copula's matrix is "
                                "not positive definite; expected weaker or "
                                "consistent ranks)");
    return LS_OK;
}

/* Reads the top-level `correlations` list, if any. */
static int load_correlations(ls_scenario *sc, const config_setting_t *root,
                             ls_error *e)
{
    const config_setting_t *l = config_setting_get_member(root,
                                                          "correlations");
    if (l == NULL)
        return LS_OK;
    if (!config_setting_is_list(l))
        return ls_setting_type_error(e, l, "a list ( { pair = [\"a\", "
                                     "\"b\"]; rank = 0.5; }, ... )");
    size_t n = (size_t)config_setting_length(l);
    if (n == 0)
        return LS_OK;
    sc->correlations = calloc(n, sizeof *sc->correlations);
    if (sc->correlations == NULL)
        return ls_error_oom(e);
    for (size_t k = 0; k < n; k++) {
        const config_setting_t *c = config_setting_get_elem(l, (unsigned)k);
        ls_correlation *r = &sc->correlations[k];
        int rc = read_correlation(sc, c, r, e);
        if (rc != LS_OK)
            return rc;
        for (size_t j = 0; j < k; j++) {
            const ls_correlation *q = &sc->correlations[j];
            if ((q->a == r->a && q->b == r->b) ||
                (q->a == r->b && q->b == r->a))
                return ls_setting_error(e, c, NULL, "joins %s and %s again "
                                        "(expected one correlation per "
                                        "pair)", sc->shared[r->a].name,
                                        sc->shared[r->b].name);
        }
        sc->n_correlations++;
        sc->shared[r->a].correlated = sc->shared[r->b].correlated = 1;
    }
    return factor_copula(sc, l, e);
}

int ls_link_shared(ls_scenario *sc, const config_setting_t *root,
                   ls_error *e)
{
    int rc = count_users(sc, root, e);
    return rc != LS_OK ? rc : load_correlations(sc, root, e);
}
