/*
 * test_models.c - every model in the registry, and the base scenario.
 *
 *  - The registry table: every type has a valid stage, and the metric
 *    flags that tie a sector's metrics to its flows are consistent (at most
 *    one LS_M_DEMAND and one LS_M_SUPPLY metric, in TJ, on sectors only).
 *  - The registry loop: each model type is configured with random
 *    parameters (fixed values and uniform distributions anywhere in the
 *    physical ranges of its spec) and run; every metric of every path and
 *    year must be finite and keep the invariants its definition declares
 *    (LS_M_COUNT, LS_M_FRACTION, LS_M_NONNEG, LS_M_MONOTONE).  Every
 *    random scenario of a sector has a balance, so the energy-balance
 *    identity below is checked for each sector type with random
 *    parameters, and a sector that writes demand or production without
 *    flagging the metric that equals it is caught.
 *  - The base scenario: the same invariants and the same identity.
 *  - The identity, without naming a sector: in every path-year the
 *    balance's demand_tj is the sum over the sector instances of their
 *    LS_M_DEMAND metric, its renewable_tj the sum of their LS_M_SUPPLY
 *    metrics plus its other_renewable, and share = renewable / demand.
 *  - Closed forms, each within z = 4 standard errors over n paths:
 *    asbestos roofs left after t years without exits or deadline,
 *    n (1-h)^t; homes without PV after t years, Binomial with (1-a)^t;
 *    free NOM renovations at a fixed rate r, Binomial(E, 1-(1-r)^t)
 *    (projects, prices and constraints: tests/test_heat.c); firms that ever
 *    complied, Binomial(F, 1-(1-c)^t); turbines running, Binomial(T,
 *    1-(1-pi)^k) for k lottery years before the lead time.
 */
#include "test_util.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "base/limits.h"
#include "sim/engine.h"

#define HEAD "scenario = { name = \"t\"; seed = %d; start = 2018; end = 2040; };\n"

/* Relative tolerance of the balance identity: the engine adds the flows
 * per carrier over the sectors, a model its metric over its carriers, so
 * the two sums differ only by rounding. */
#define BALANCE_TOL 1e-9

/* Index in t's metrics of its metric flagged `flag`, or -1 if none; fails
 * when more than one is. */
static long flagged(const ls_model_type *t, unsigned flag)
{
    long found = -1;
    for (size_t j = 0; t->metrics[j].name != NULL; j++) {
        if (!(t->metrics[j].flags & flag))
            continue;
        if (found >= 0)
            fail_msg("%s: %s and %s are both flagged %s", t->name,
                     t->metrics[found].name, t->metrics[j].name,
                     flag == LS_M_DEMAND ? "LS_M_DEMAND" : "LS_M_SUPPLY");
        found = (long)j;
    }
    return found;
}

/* Index in sc's metrics of metric `name` of instance k. */
static size_t inst_metric(const ls_scenario *sc, size_t k, const char *name)
{
    const ls_model_type *t = sc->models[k].type;
    for (size_t j = 0; t->metrics[j].name != NULL; j++)
        if (strcmp(t->metrics[j].name, name) == 0)
            return sc->models[k].metric0 + j;
    fail_msg("%s has no metric %s", t->name, name);
    return 0;
}

/* The balance's other_renewable in sc (instance k): *fixed = 1 and its
 * value in `year` when it is a number or a schedule; *fixed = 0 and the
 * support [*lo, *hi] of its distribution otherwise (the path's draw is
 * the engine's, not visible in a trace). */
static double other_renewable(const ls_scenario *sc, size_t k, int year,
                              int *fixed, double *lo, double *hi)
{
    const ls_param_spec *spec = sc->models[k].type->spec;
    *fixed = 0;
    *lo = -INFINITY;
    *hi = INFINITY;
    for (size_t i = 0; spec[i].name != NULL; i++) {
        if (strcmp(spec[i].name, "other_renewable") != 0)
            continue;
        assert_int_equal(spec[i].kind, LS_PARAM_DIST);
        const ls_param *p = (const ls_param *)(const void *)(
            (const char *)sc->models[k].params + spec[i].offset);
        *lo = p->dist.lo;
        *hi = p->dist.hi;
        *fixed = 1;
        if (p->sched.n > 0)
            return ls_schedule_at(&p->sched, year);
        if (p->dist.kind == LS_DIST_FIXED)
            return p->dist.a;
        if (p->dist.lo == p->dist.hi)
            return p->dist.lo;
        *fixed = 0;
        return NAN;
    }
    fail_msg("the balance has no parameter other_renewable");
    return NAN;
}

/* What the balance checks saw over a run: whether any year had demand or
 * production. */
typedef struct flows_seen {
    int demand;   /* balance.demand_tj > 0 in some path-year */
    int supply;   /* renewable_tj - other_renewable > 0 in some path-year */
} flows_seen;

/* got (named what) equals want (named from) to BALANCE_TOL. */
static void assert_rel(double got, double want, const char *what,
                       const char *from, uint64_t path, int year)
{
    double tol = BALANCE_TOL * fmax(fabs(got), fabs(want));
    if (!(fabs(got - want) <= tol))
        fail_msg("path %llu, %d: %s = %.17g, but %s = %.17g (differ by %.3g "
                 "> %.3g)", (unsigned long long)path, year, what, got, from,
                 want, fabs(got - want), tol);
}

/* The balance identity on one path's trace, without naming a sector (see
 * the head of the file).  sc must have a balance instance, b. */
static void check_balance(const ls_scenario *sc, size_t b, const double *tr,
                          uint64_t path, flows_seen *seen)
{
    size_t ny = ls_scenario_years(sc), nm = sc->n_metrics;
    size_t m_demand = inst_metric(sc, b, "demand_tj");
    size_t m_renew = inst_metric(sc, b, "renewable_tj");
    size_t m_share = inst_metric(sc, b, "share");
    size_t m_neutral = inst_metric(sc, b, "neutral");
    int any_demand = 0, any_supply = 0;
    for (size_t k = 0; k < sc->n_models; k++)
        if (sc->models[k].type->stage == LS_STAGE_SECTOR) {
            any_demand |= flagged(sc->models[k].type, LS_M_DEMAND) >= 0;
            any_supply |= flagged(sc->models[k].type, LS_M_SUPPLY) >= 0;
        }
    double other0 = NAN;  /* a distribution's value on this path */
    for (size_t y = 0; y < ny; y++) {
        int year = sc->year0 + (int)y;
        const double *row = tr + y * nm;
        double demand = 0, supply = 0;
        for (size_t k = 0; k < sc->n_models; k++) {
            const ls_model_inst *in = &sc->models[k];
            if (in->type->stage != LS_STAGE_SECTOR)
                continue;
            long d = flagged(in->type, LS_M_DEMAND);
            long s = flagged(in->type, LS_M_SUPPLY);
            if (d >= 0)
                demand += row[in->metric0 + (size_t)d];
            if (s >= 0)
                supply += row[in->metric0 + (size_t)s];
        }
        double bd = row[m_demand], br = row[m_renew];
        int fixed = 0;
        double lo = -INFINITY, hi = INFINITY;
        double other = other_renewable(sc, b, year, &fixed, &lo, &hi);
        if (!fixed) {
            /* One draw per path: what the balance adds to the sectors'
             * production is the same every year, within the support. */
            other = br - supply;
            if (y == 0)
                other0 = other;
            assert_rel(other, other0, "renewable_tj - supply",
                       "its value in the first year", path, year);
            if (!(other >= lo - BALANCE_TOL * fabs(br) &&
                  other <= hi + BALANCE_TOL * fabs(br)))
                fail_msg("path %llu, %d: renewable_tj - supply = %.17g is "
                         "outside other_renewable's [%g, %g]",
                         (unsigned long long)path, year, other, lo, hi);
            other = other0;
        }
        if (bd > 0) {
            seen->demand = 1;
            if (!any_demand)
                fail_msg("path %llu, %d: balance.demand_tj = %g, but no "
                         "sector flags a metric LS_M_DEMAND (a sector that "
                         "writes out->demand must)",
                         (unsigned long long)path, year, bd);
        }
        if (fabs(br - other) > BALANCE_TOL * fabs(br)) {
            seen->supply = 1;
            if (!any_supply)
                fail_msg("path %llu, %d: balance.renewable_tj = %g beyond "
                         "other_renewable = %g, but no sector flags a metric "
                         "LS_M_SUPPLY (a sector that writes out->production "
                         "must)", (unsigned long long)path, year, br, other);
        }
        assert_rel(bd, demand, "balance.demand_tj",
                   "the sum of the sectors' LS_M_DEMAND metrics", path, year);
        assert_rel(br, supply + other, "balance.renewable_tj",
                   "the sum of the sectors' LS_M_SUPPLY metrics + "
                   "other_renewable", path, year);
        double share = demand > 0 ? (supply + other) / demand : 0;
        assert_rel(row[m_share], share, "balance.share",
                   "those sums' renewable / demand", path, year);
        if (row[m_neutral] != (br >= bd))
            fail_msg("path %llu, %d: balance.neutral = %g with renewable %g "
                     "and demand %g", (unsigned long long)path, year,
                     row[m_neutral], br, bd);
    }
}

/* Checks every path's trace of metrics against their flags and, if sc has
 * a balance, the balance identity; *seen (may be NULL) gathers whether the
 * balance saw demand and production. */
static void check_invariants(ls_engine *eng, const ls_scenario *sc,
                             uint64_t paths, flows_seen *seen)
{
    size_t ny = ls_scenario_years(sc), nm = sc->n_metrics;
    long b = -1;
    for (size_t k = 0; k < sc->n_models; k++)
        if (sc->models[k].type->stage == LS_STAGE_SYSTEM &&
            strcmp(sc->models[k].type->name, "balance") == 0)
            b = (long)k;
    flows_seen local = {0, 0};
    if (seen == NULL)
        seen = &local;
    double *tr = malloc(ny * nm * sizeof *tr);
    for (uint64_t i = 0; i < paths; i++) {
        ls_engine_trace(eng, i, tr);
        for (size_t m = 0; m < nm; m++) {
            unsigned f = sc->metric_defs[m]->flags;
            for (size_t y = 0; y < ny; y++) {
                double x = tr[y * nm + m];
                const char *name = sc->metric_names[m];
                if (!isfinite(x))
                    fail_msg("%s is %g in year %zu", name, x, y);
                if ((f & (LS_M_NONNEG | LS_M_COUNT)) && !(x >= 0))
                    fail_msg("%s = %g < 0 in year %zu", name, x, y);
                if ((f & LS_M_COUNT) && x != floor(x))
                    fail_msg("%s = %g is not a count", name, x);
                if ((f & LS_M_FRACTION) && !(x >= 0 && x <= 1))
                    fail_msg("%s = %g is not a fraction", name, x);
                if ((f & LS_M_MONOTONE) && y > 0 && x < tr[(y - 1) * nm + m])
                    fail_msg("%s falls from %g to %g", name,
                             tr[(y - 1) * nm + m], x);
            }
        }
        if (b >= 0)
            check_balance(sc, (size_t)b, tr, i, seen);
    }
    free(tr);
}

/* The registry's table: stages, and the flags that tie metrics to flows. */
static void test_registry_flags(void **unused)
{
    (void)unused;
    size_t systems = 0;
    for (size_t t = 0; ls_model_types[t] != NULL; t++) {
        const ls_model_type *type = ls_model_types[t];
        assert_non_null(type->name);
        if (!(type->stage == LS_STAGE_DRIVER ||
              type->stage == LS_STAGE_SECTOR ||
              type->stage == LS_STAGE_SYSTEM))
            fail_msg("%s has stage %d", type->name, (int)type->stage);
        assert_non_null(type->metrics);
        /* The readers build their name lists on the stack. */
        size_t np = 0;
        while (type->spec != NULL && type->spec[np].name != NULL)
            np++;
        if (np >= LS_MODEL_MAX_PARAMS)
            fail_msg("%s has %zu parameters (LS_MODEL_MAX_PARAMS is %d)",
                     type->name, np, LS_MODEL_MAX_PARAMS);
        systems += strcmp(type->name, "balance") == 0 &&
                   type->stage == LS_STAGE_SYSTEM;
        const unsigned known = LS_M_NONNEG | LS_M_COUNT | LS_M_FRACTION |
                               LS_M_MONOTONE | LS_M_DEMAND | LS_M_SUPPLY;
        for (size_t j = 0; type->metrics[j].name != NULL; j++) {
            const ls_metric_def *md = &type->metrics[j];
            if (md->flags & ~known)
                fail_msg("%s.%s has unknown flags %#x", type->name, md->name,
                         md->flags & ~known);
            if (!(md->flags & (LS_M_DEMAND | LS_M_SUPPLY)))
                continue;
            /* Flows are sector flows, in TJ/yr. */
            if (type->stage != LS_STAGE_SECTOR)
                fail_msg("%s.%s: only sectors flag LS_M_DEMAND or "
                         "LS_M_SUPPLY (%s is not a sector)", type->name,
                         md->name, type->name);
            if (strcmp(md->unit, "TJ") != 0)
                fail_msg("%s.%s is flagged a flow but its unit is %s, not TJ",
                         type->name, md->name, md->unit);
        }
        /* At most one of each (flagged() fails on a second). */
        (void)flagged(type, LS_M_DEMAND);
        (void)flagged(type, LS_M_SUPPLY);
    }
    /* The identity the other tests check needs the balance. */
    assert_int_equal(systems, 1);
}

/* Appends "name = value;" for spec entry sp, drawn at random from its
 * range (capped so runs stay small). */
static size_t random_setting(char *buf, size_t n, const ls_param_spec *sp,
                             gsl_rng *r)
{
    double lo = sp->lo, hi = fmin(sp->hi, sp->lo + 2000);
    if (sp->kind == LS_PARAM_INT) {
        hi = fmin(sp->hi, sp->lo + 50);
        long long v = gsl_rng_uniform(r) < 0.5
                          ? (long long)sp->def
                          : (long long)(lo + floor(gsl_rng_uniform(r) *
                                                   (hi - lo + 1)));
        return (size_t)snprintf(buf, n, "%s = %lld; ", sp->name, v);
    }
    double a = lo + gsl_rng_uniform(r) * (hi - lo);
    double b = lo + gsl_rng_uniform(r) * (hi - lo);
    if (sp->integer) {
        /* Both ends included: a 0/1 switch is 1 half the time. */
        a = fmin(hi, floor(lo + gsl_rng_uniform(r) * (hi - lo + 1)));
        b = fmin(hi, floor(lo + gsl_rng_uniform(r) * (hi - lo + 1)));
    }
    if (sp->kind == LS_PARAM_REAL || gsl_rng_uniform(r) < 0.5 || a == b)
        return (size_t)snprintf(buf, n, "%s = %.17g; ", sp->name, a);
    return (size_t)snprintf(buf, n, "%s = { dist = \"uniform\"; min = %.17g; "
                            "max = %.17g; }; ", sp->name, fmin(a, b),
                            fmax(a, b));
}

static void test_registry_random(void **unused)
{
    (void)unused;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 2385);
    for (size_t t = 0; ls_model_types[t] != NULL; t++) {
        const ls_model_type *type = ls_model_types[t];
        assert_true(type->stage >= LS_STAGE_DRIVER &&
                    type->stage <= LS_STAGE_SYSTEM);
        assert_non_null(type->init);
        assert_non_null(type->step);
        assert_non_null(type->spec);
        int loaded = 0, refused = 0;
        int sector = type->stage == LS_STAGE_SECTOR;
        flows_seen seen = {0, 0};
        for (int rep = 0; rep < 60 * 50 && loaded < 60; rep++) {
            /* A sector is instance m of `models`, beside a balance with
             * its defaults (other_renewable 0), so the balance identity is
             * checked on it; a driver or system has its top-level group,
             * beside a small testbed sector. */
            char text[8192];
            size_t used = (size_t)snprintf(text, sizeof text, HEAD "%s%s",
                                           rep, sector ? "balance = { };\n"
                                           "models = { m = { type = \""
                                           : "models = { testbed = { n = 40; "
                                           "p = 0.25; }; };\n", type->name);
            used += (size_t)snprintf(text + used, sizeof text - used, "%s",
                                     sector ? "\"; " : " = { ");
            for (size_t k = 0; type->spec[k].name != NULL; k++)
                used += random_setting(text + used, sizeof text - used,
                                       &type->spec[k], r);
            snprintf(text + used, sizeof text - used, "%s",
                     sector ? "}; };\n" : "};\n");
            char *path = ls_test_write_cfg(text);
            ls_scenario sc;
            ls_error e;
            int rc = ls_scenario_load(&sc, path, &e);
            unlink(path);
            free(path);
            if (rc != LS_OK) {
                /* Cross-checks refuse inconsistent combinations (more
                 * homes with PV than homes); the message must still be
                 * positioned.  Draw again. */
                assert_int_equal(rc, LS_EINPUT);
                assert_true(e.line > 0);
                refused++;
                continue;
            }
            loaded++;
            if (sector)
                assert_true(ls_scenario_instance(&sc, "balance") >= 0);
            ls_engine *eng = ls_engine_alloc(&sc, 1, NULL);
            check_invariants(eng, &sc, 20, &seen);
            ls_engine_free(eng);
            ls_scenario_destroy(&sc);
        }
        print_message("%s: %d random configurations checked (%d refused by "
                      "cross-checks)%s%s\n", type->name, loaded, refused,
                      seen.demand ? ", demand" : "",
                      seen.supply ? ", production" : "");
        assert_int_equal(loaded, 60);
        if (!sector)
            continue;
        /* A sector that reports demand (production) in a random run has
         * the metric that equals it (check_balance fails at the first such
         * year; this says it per type), and a flagged metric was checked
         * against a nonzero flow at least once. */
        if (seen.demand && flagged(type, LS_M_DEMAND) < 0)
            fail_msg("%s reports demand but flags no metric LS_M_DEMAND",
                     type->name);
        if (seen.supply && flagged(type, LS_M_SUPPLY) < 0)
            fail_msg("%s reports production but flags no metric LS_M_SUPPLY",
                     type->name);
        if (!seen.demand && flagged(type, LS_M_DEMAND) >= 0)
            fail_msg("%s flags LS_M_DEMAND but no random run had demand",
                     type->name);
        if (!seen.supply && flagged(type, LS_M_SUPPLY) >= 0)
            fail_msg("%s flags LS_M_SUPPLY but no random run had production",
                     type->name);
    }
    gsl_rng_free(r);
}

/* The base scenario keeps every invariant, and its balance adds up its
 * sectors, whichever they are. */
static void test_base_scenario(void **unused)
{
    (void)unused;
    ls_scenario sc;
    ls_test_load_base(&sc);
    assert_true(ls_scenario_instance(&sc, "balance") >= 0);
    ls_engine *eng = ls_engine_alloc(&sc, 1, NULL);
    flows_seen seen = {0, 0};
    check_invariants(eng, &sc, 300, &seen);
    /* The identity was checked against real flows. */
    assert_true(seen.demand);
    assert_true(seen.supply);
    ls_engine_free(eng);
    ls_scenario_destroy(&sc);
}

/* Mean over n paths of metric `name` in `year`, with the scenario text. */
static double mean_of(const char *text, const char *name, int year,
                      uint64_t n)
{
    ls_scenario sc;
    ls_test_load(&sc, "%s", text);
    long m = ls_scenario_metric(&sc, name);
    assert_true(m >= 0);
    ls_engine *eng = ls_engine_alloc(&sc, 2, NULL);
    ls_accum *acc = ls_engine_accum_alloc(&sc);
    ls_engine_run(eng, n, 0, ls_engine_blocks(n), acc);
    double mean = acc->mom[(size_t)(year - sc.year0) * sc.n_metrics +
                           (size_t)m].mean;
    ls_accum_free(acc);
    ls_engine_free(eng);
    ls_scenario_destroy(&sc);
    return mean;
}

/* |mean - n p| within z = 4 for a Binomial(count, p) metric over paths. */
static void assert_binomial_mean(double mean, double count, double p,
                                 uint64_t paths)
{
    double sd = sqrt(count * p * (1 - p) / (double)paths);
    ls_assert_close(mean, count * p, 4 * sd + 1e-12);
}

static void test_dairy_closed_form(void **unused)
{
    (void)unused;
    const char *text = HEAD
        "models = { dairy = { farms0 = 100; asbestos_share0 = 1.0; "
        "participation0 = 0.3; exit_rate = 0; hazard = 0.0712; "
        "pv_at_removal = 0.5; kwp_per_farm = 150; pv_yield = 875; "
        "join_rate = 0.1; elec_per_farm = 0.16; gas_per_farm = 0.03; "
        "fuel_per_farm = 0.45; elec_price0 = 0.11; pv_p = 0.05; pv_q = 0.2; "
        "pv_pb_half = 12; pv_cost0 = 1.0; pv_cost_trend = -0.04; "
        "pv_size_growth = 0; pv_self_use = 0.3; pv_netting = 0; "
        "pv_feedin = 0.107; %s }; };\n";
    char buf[2048];
    snprintf(buf, sizeof buf, text, 5, "");
    const uint64_t n = 20000;
    for (int year = 2020; year <= 2040; year += 10) {
        double p = pow(1 - 0.0712, year - 2018 + 1);
        assert_binomial_mean(mean_of(buf, "dairy.asbestos", year, n), 100, p,
                             n);
    }
    /* A legal deadline with full compliance clears every roof. */
    char ban[2048];
    snprintf(ban, sizeof ban, text, 5, "deadline = 2024;");
    assert_true(mean_of(ban, "dairy.asbestos", 2024, 2000) == 0);
    assert_true(mean_of(ban, "dairy.asbestos", 2023, 2000) > 0);
}

static void test_homes_closed_form(void **unused)
{
    (void)unused;
    /* No measures, no new builds: homes without PV ~ Binomial(E - pv0,
     * (1 - a)^t).  NOM renovations alone at rate r and payback 0 (free,
     * a subsidy of 100 %): retrofits ~ Binomial(E, 1 - (1 - r)^t).  (New
     * homes in projects: tests/test_heat.c.) */
    const char *fmt = HEAD
        "models = { homes = { stock0 = 5000; nom0 = 0; social_share = 0; "
        "wp_a_share = 0; wp_b_share = 0; new_builds = 0; "
        "project_size = 10; nom_share_new = 0.3; gas_per_home = 0.04; "
        "elec_per_home = 0.01; saving_rate = 0.01; heat_share = 0.8; "
        "elasticity = 0; nom_elec = 0.016; ins_saving = 0.25; "
        "hyb_gas = 0.4; hyb_elec = 0.005; hp_elec = 0.008; net_heat = 0.03; "
        "cost_ins = 8000; cost_hyb = 5000; cost_hp = 12000; cost_net = 7000; "
        "cost_nom = 65000; cost_trend = 0; rate_ins = 0; rate_hyb = 0; "
        "rate_hp = 0; rate_net = 0; rate_nom = %g; subsidy = %g; "
        "gas_price0 = 0.7; elec_price0 = 0.17; pb_half = 7; "
        "pv_homes0 = 500; pv_kwp = 0.001; pv_kwp_max = 0.001; "
        "pv_roof_mwp = 1e5; pv_p = 0.0523; pv_q = 0.4; pv_pb_half = 12; "
        "pv_cost0 = 1.4; pv_cost_trend = 0; pv_size_growth = 0; "
        "pv_self_use = 0.3; pv_netting = 1; pv_feedin = 0.05; "
        "pv_yield = 875; panel_kwp = 0.28; }; };\n";
    char buf[4096];
    const uint64_t n = 10000;
    snprintf(buf, sizeof buf, fmt, 3, 0.0, 0.0);
    /* PV (model.h ls_pv_rate): with fixed costs and prices and tiny
     * systems on a vast roof (F ~ 1e-8) the yearly rate is constant, r =
     * p / (1 + (payback / pb_half)^2) with payback = 1400 EUR/kWp over
     * 0.17 EUR/kWh x 875 kWh/kWp (all netted), so homes without PV after
     * t years ~ Binomial(4500, (1 - r)^t). */
    double pb = 1.4 * 1000 / (0.17 * 875), r = 0.0523 / (1 + pow(pb / 12, 2));
    for (int year = 2019; year <= 2040; year += 7) {
        int t = year - 2018 + 1;
        double no_pv = 4500 * pow(1 - r, t);
        double mean = mean_of(buf, "homes.pv_homes", year, n);
        double sd = sqrt(4500 * pow(1 - r, t) * (1 - pow(1 - r, t)) /
                         (double)n);
        ls_assert_close(5000 - mean, no_pv, 4 * sd);
        ls_assert_close(mean_of(buf, "homes.pv_payback", year, 10), pb,
                        1e-9 * pb);
    }
    snprintf(buf, sizeof buf, fmt, 4, 0.0031, 1.0);
    double retro = mean_of(buf, "homes.retrofits", 2030, n);
    assert_binomial_mean(retro, 5000, 1 - pow(1 - 0.0031, 13), n);
}

/* The rooftop-solar economics of model.h against hand-computed values:
 * what netting is worth, and the diffusion rate. */
static void test_pv_economics(void **unused)
{
    (void)unused;
    ls_pv_params p;
    ls_pv_draw d = {.p = 0.1, .q = 0.4, .pb_half = 8, .cost0 = 1.4,
                    .cost_trend = -0.05, .size_growth = 0.02,
                    .self_use = 0.3, .netting = 1, .feedin = 0.05};
    ls_param *all[] = {&p.p, &p.q, &p.pb_half, &p.cost0, &p.cost_trend,
                       &p.size_growth, &p.self_use, &p.netting, &p.feedin};
    for (size_t k = 0; k < 9; k++)
        ls_param_fixed(all[k], 0, 0);
    ls_pv_state s;
    ls_pv_start(&d, &s);
    /* All netted: every kWh is worth the tariff. */
    ls_assert_close(ls_pv_payback(&p, &d, &s, 2020, 0.2, 875),
                    1400 / (0.2 * 875), 1e-12);
    /* None netted: the fed-in 70 % earns the feed-in price. */
    d.netting = 0;
    double pb = 1400 / ((0.3 * 0.2 + 0.7 * 0.05) * 875);
    ls_assert_close(ls_pv_payback(&p, &d, &s, 2020, 0.2, 875), pb, 1e-12);
    assert_true(isinf(ls_pv_payback(&p, &d, &s, 2020, 0, 0)));
    /* (p + q F)(1 - F) / (1 + (pb / pb_half)^2) at F = 0.5, pb = 8. */
    ls_assert_close(ls_pv_rate(&p, &d, 2020, 0.5, 8), 0.075, 1e-15);
    ls_assert_close(ls_pv_rate(&p, &d, 2020, 1.0, 8), 0, 0);
    ls_assert_close(ls_pv_rate(&p, &d, 2020, 0, INFINITY), 0, 0);
    /* A year on: 5 % cheaper, 2 % larger. */
    ls_pv_advance(&p, &d, &s, 2020);
    ls_assert_close(s.cost, 1.4 * 0.95, 1e-15);
    ls_assert_close(s.size, 1.02, 1e-15);
}

static void test_business_closed_form(void **unused)
{
    (void)unused;
    const char *text = HEAD
        "models = { business = { firms = 120; gas0 = 200; elec0 = 165; "
        "heat0 = 4; obligated_share = 0.7; compliance = 0.0877; "
        "saving_first = 0.15; saving_cycle = 0.05; cycle_years = 50; "
        "trend = -0.008; pv_mwp0 = 5.2; pv_project_mwp = 0.2; "
        "pv_max_mwp = 30; elec_price0 = 0.11; pv_p = %g; pv_q = %g; "
        "pv_pb_half = 12; pv_cost0 = 1.0; pv_cost_trend = -0.03; "
        "pv_size_growth = 0.03; pv_self_use = 0.6; pv_netting = 0; "
        "pv_feedin = 0.107; pv_yield = 875; panel_kwp = 0.28; }; };\n";
    char buf[2048];
    snprintf(buf, sizeof buf, text, 6, 0.0, 0.0);
    const uint64_t n = 10000;
    double ever = mean_of(buf, "business.ever_compliant", 2025, n) * 120;
    assert_binomial_mean(ever, 120, 1 - pow(1 - 0.0877, 8), n);
    /* Without adoption PV stays where it started; with it, it fills the
     * roofs (no grid limit here) to within one project and never more. */
    ls_assert_close(mean_of(buf, "business.pv_mwp", 2040, 100), 5.2, 1e-9);
    snprintf(buf, sizeof buf, text, 6, 0.3, 0.4);
    double full = mean_of(buf, "business.pv_mwp", 2040, 100);
    assert_true(full <= 30 + 1e-9 && full > 30 - 0.2 * pow(1.03, 22));
}

/* The rest of a regional model with turbines only (no fields). */
#define REGIONAL_WIND_ONLY                                                   \
    "turbine_mw = 4.5; full_load_hours = 2300; solar_ha = 0; "               \
    "field_ha = 3; solar_from = 2020; solar_permit = 0.3; "                  \
    "solar_attrition = 0; solar_lead = 2; mwp_per_ha = 1; "                  \
    "solar_yield = 950; share = 1; }; };\n"

static void test_regional_closed_form(void **unused)
{
    (void)unused;
    /* Permits from 2021 at pi a year, lead 3, no attrition: by 2030 the
     * turbines permitted in 2021..2027 run, Binomial(T, 1-(1-pi)^7). */
    const char *text = HEAD
        "models = { regional = { turbines = 6; wind_from = 2021; "
        "wind_permit = 0.1523; wind_attrition = 0; wind_lead = 3; "
        REGIONAL_WIND_ONLY;
    char buf[2048];
    snprintf(buf, sizeof buf, text, 7);
    const uint64_t n = 20000;
    double on = mean_of(buf, "regional.turbines", 2030, n);
    assert_binomial_mean(on, 6, 1 - pow(1 - 0.1523, 7), n);
    assert_true(mean_of(buf, "regional.turbines", 2023, 1000) == 0);
    /* Production = turbines x MW x full-load hours (no weather spread). */
    double tj = mean_of(buf, "regional.wind_tj", 2030, n);
    ls_assert_close(tj, on * 4.5 * 2300 * 3.6e-3, 1e-9 * tj);
}

/* P(a turbine runs by `by`) through every stage: permits from 2021 at pi
 * a year (no attrition); appealed with probability a, decided after y
 * years and annulled with probability l; then each year dropped with
 * probability d, else decided with probability c; running L years after
 * the decision. */
static double stages_p(double pi, double a, int y, double l, double d,
                       double c, int L, int by)
{
    double q = 0;
    for (int t = 2021; t <= by; t++) {
        double permit = pi * pow(1 - pi, t - 2021);
        for (int appealed = 0; appealed <= 1; appealed++) {
            double w = appealed ? a * (1 - l) : 1 - a;
            int k = by - t - L - (appealed ? y : 0); /* years to decide */
            double g = 0; /* P(decided within k + 1 tries) */
            for (int i = 0; i <= k; i++)
                g += pow((1 - d) * (1 - c), i) * (1 - d) * c;
            q += permit * w * g;
        }
    }
    return q;
}

/* The RES pipeline's stages against their closed form: each turbine
 * passes them independently, so the turbines running are Binomial(T, q). */
static void test_regional_stages(void **unused)
{
    (void)unused;
    const char *text = HEAD
        "models = { regional = { turbines = 8; wind_from = 2021; "
        "wind_permit = 0.25; wind_attrition = 0; wind_lead = 2; "
        "wind_appeal = 0.6; wind_appeal_years = 2; wind_appeal_lost = 0.2; "
        "wind_close = 0.35; wind_drop = 0.05; "
        REGIONAL_WIND_ONLY;
    char buf[2048];
    snprintf(buf, sizeof buf, text, 7);
    const uint64_t n = 20000;
    for (int by = 2024; by <= 2040; by += 8) {
        double q = stages_p(0.25, 0.6, 2, 0.2, 0.05, 0.35, 2, by);
        assert_true(q > 0.05 && q < 0.95); /* a test that can fail */
        assert_binomial_mean(mean_of(buf, "regional.turbines", by, n), 8, q,
                             n);
    }
    /* Nothing runs before permit + lead: 2021 + 2 = 2023. */
    assert_true(mean_of(buf, "regional.turbines", 2022, 1000) == 0);
}

/* An aggregate is exactly the sum of its terms on every path-year, keeps
 * the invariants its terms share, and a target on it is scored on it. */
static void test_aggregates(void **unused)
{
    (void)unused;
    ls_scenario sc;
    ls_test_load(&sc, HEAD
                 "models = { a = { type = \"testbed\"; n = 40; p = 0.25; };\n"
                 "  b = { type = \"testbed\"; n = 30; p = 0.5; }; };\n"
                 "aggregates = { hits = { sum = [\"a.count\", \"b.count\"]; }; };\n"
                 "targets = ( { name = \"t\"; year = 2030; "
                 "metric = \"aggregates.hits\"; op = \">=\"; "
                 "threshold = 325; } );\n", 9);
    long g = ls_scenario_metric(&sc, "aggregates.hits");
    long a = ls_scenario_metric(&sc, "a.count");
    long b = ls_scenario_metric(&sc, "b.count");
    assert_true(g >= 0 && a >= 0 && b >= 0);
    assert_int_equal(sc.metric_defs[g]->flags,
                     sc.metric_defs[a]->flags &
                         (LS_M_NONNEG | LS_M_COUNT | LS_M_MONOTONE));
    size_t ny = ls_scenario_years(&sc), nm = sc.n_metrics;
    double *tr = malloc(ny * nm * sizeof *tr);
    ls_engine *eng = ls_engine_alloc(&sc, 1, NULL);
    for (uint64_t i = 0; i < 50; i++) {
        ls_engine_trace(eng, i, tr);
        for (size_t y = 0; y < ny; y++)
            assert_true(tr[y * nm + (size_t)g] ==
                        tr[y * nm + (size_t)a] + tr[y * nm + (size_t)b]);
    }
    check_invariants(eng, &sc, 50, NULL);
    /* The target is on the sum: by 2030, Binomial(520, 1/4) +
     * Binomial(390, 1/2) successes (mean 325) reach 325 on some paths and
     * miss on others. */
    ls_accum *acc = ls_engine_accum_alloc(&sc);
    ls_engine_run(eng, 2000, 0, ls_engine_blocks(2000), acc);
    assert_true(acc->hits[0] > 0 && acc->hits[0] < 2000);
    ls_accum_free(acc);
    ls_engine_free(eng);
    free(tr);
    ls_scenario_destroy(&sc);
}

/* Every parameter of every registered model type has a Dutch label and a
 * Dutch meaning for the report: both present and not empty; the label
 * short (at most 60 bytes), starting with a capital, never the setting
 * name and never a code name (no '_'). */
static void test_registry_labels(void **unused)
{
    (void)unused;
    for (size_t t = 0; ls_model_types[t] != NULL; t++) {
        const ls_model_type *type = ls_model_types[t];
        for (size_t i = 0; type->spec != NULL && type->spec[i].name != NULL;
             i++) {
            const ls_param_spec *sp = &type->spec[i];
            const char *l = sp->label;
            if (l == NULL || l[0] == '\0')
                fail_msg("%s.%s has no label", type->name, sp->name);
            if (sp->doc_nl == NULL || sp->doc_nl[0] == '\0')
                fail_msg("%s.%s has no doc_nl", type->name, sp->name);
            if (strlen(l) > 60)
                fail_msg("%s.%s: label \"%s\" is %zu bytes (at most 60)",
                         type->name, sp->name, l, strlen(l));
            if (strchr(l, '_') != NULL || strcmp(l, sp->name) == 0)
                fail_msg("%s.%s: label \"%s\" is a code name", type->name,
                         sp->name, l);
            if (!(l[0] >= 'A' && l[0] <= 'Z'))
                fail_msg("%s.%s: label \"%s\" does not start with a "
                         "capital", type->name, sp->name, l);
        }
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_flags),
        cmocka_unit_test(test_registry_random),
        cmocka_unit_test(test_registry_labels),
        cmocka_unit_test(test_base_scenario),
        cmocka_unit_test(test_dairy_closed_form),
        cmocka_unit_test(test_homes_closed_form),
        cmocka_unit_test(test_pv_economics),
        cmocka_unit_test(test_business_closed_form),
        cmocka_unit_test(test_regional_closed_form),
        cmocka_unit_test(test_regional_stages),
        cmocka_unit_test(test_aggregates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
