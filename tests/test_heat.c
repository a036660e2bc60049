/*
 * test_heat.c - the heat transition: homes by owner and zone, measures,
 * prices, installers and the loan fund.
 *
 *  - Invariants on every path-year of the base scenario: the jobs all
 *    sectors claim never exceed the installer capacity; the fund never
 *    goes below zero and never lends more than it has; its balance
 *    follows B(t) = B(t-1) - L(t-1) + repaid(t) + topup.
 *  - Common random numbers: a change in the homes leaves every path's
 *    prices and installer capacity unchanged.
 *  - Limiting cases: unlimited installers and money give bitwise the
 *    model without those constraints; prices without shocks or noise
 *    follow exp(drift (t - t0)) exactly, and boiler homes' gas follows the
 *    degree days and the price by its elasticity exactly; homes with no
 *    measure available
 *    never change state; a shock starts in a year with probability
 *    shock_p (z = 4).
 *  - The warmteplan: a zone planned for hybrids boosts them inside its
 *    window only; heat networks appear only in their zone, from its first
 *    year.
 *  - The grid: an ample grid without congestion leaves the regional
 *    model bitwise as it is without a grid; a tight one is never
 *    exceeded on any path-year, and projects wait for it.
 *  - The RES gate: a veto means no project is ever built; a later
 *    framework means none before it.
 *  - Constraints bind: a small fund or few installers mean fewer measures
 *    (on common random numbers, path by path, never more).
 *  - New homes in projects: the stock after t years has the mean and the
 *    variance of the compound Poisson closed form (z = 4 with the
 *    standard errors of the sample mean and variance).
 */
#include "test_util.h"

#include "sim/engine.h"

#define HEAD "scenario = { name = \"heat\"; seed = %d; start = 2018; end = 2040; };\n"

/* A homes model with every required setting; %s slots: the owners' rates,
 * further homes settings, further top-level groups. */
#define HOMES                                                                \
    "models = { homes = { stock0 = 5000; nom0 = 0; social_share = 0.2; "     \
    "wp_a_share = 0.1; wp_b_share = 0.3; wp_a_from = 2025; "                \
    "wp_a_years = 11; wp_b_from = 2022; wp_b_years = 9; "                    \
    "new_builds = %g; project_size = %g; "                                   \
    "build_delay = %d; nom_share_new = 0.3; gas_per_home = 0.04; "           \
    "elec_per_home = 0.01; saving_rate = 0.01; heat_share = 0.8; "           \
    "elasticity = -0.1; nom_elec = 0.016; ins_saving = 0.25; "               \
    "hyb_gas = 0.4; hyb_elec = 0.005; hp_elec = 0.008; net_heat = 0.033; "   \
    "cost_ins = 8000; cost_hyb = 5000; cost_hp = 12000; cost_net = 7000; "   \
    "cost_nom = 65000; cost_trend = -0.01; gas_price0 = 0.7; "               \
    "elec_price0 = 0.17; pb_half = 7; savings_mean = 20000; "               \
    "national_loans = 0.5; pv_homes0 = 500; pv_roof_mwp = 12; "             \
    "pv_kwp = 3.4; pv_yield = 875; panel_kwp = 0.28; " PV_MARKET             \
    " %s %s }; };\n%s"
/* The rooftop-solar market of a sector (model.h), with a tight roof. */
#define PV_MARKET                                                            \
    "pv_kwp_max = 6; pv_p = 0.08; pv_q = 0.4; pv_pb_half = 12; "             \
    "pv_cost0 = 1.4; pv_cost_trend = -0.04; pv_size_growth = 0.03; "         \
    "pv_self_use = 0.3; pv_netting = 1; pv_feedin = 0.05;"
#define RATES "rate_ins = 0.2; rate_hyb = 0.02; rate_hp = 0.05; " \
              "rate_net = 0.05; rate_nom = 0.02;"
#define NO_RATES "rate_ins = 0; rate_hyb = 0; rate_hp = 0; rate_net = 0; " \
                 "rate_nom = 0;"
#define CORP "corp_projects = 2; corp_size = 30; corp_hp_share = 0.3; " \
             "corp_nom_share = 0.1;"
#define PRICES "prices = { gas_drift = 0.02; elec_drift = 0.01; " \
               "gas_sd = 0.05; elec_sd = 0.05; shock_p = 0.1; " \
               "shock_min = 0.1; shock_max = 0.4; };\n"

/* The per-path traces of a scenario: paths x years x metrics. */
typedef struct traces {
    ls_scenario sc;
    size_t ny, nm;
    uint64_t paths;
    double *v;
} traces;

static void run_traces(traces *t, uint64_t paths, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void run_traces(traces *t, uint64_t paths, const char *fmt, ...)
{
    char text[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    ls_test_load(&t->sc, "%s", text);
    t->ny = ls_scenario_years(&t->sc);
    t->nm = t->sc.n_metrics;
    t->paths = paths;
    t->v = malloc(paths * t->ny * t->nm * sizeof *t->v);
    assert_non_null(t->v);
    ls_engine *eng = ls_engine_alloc(&t->sc, 1, NULL);
    for (uint64_t i = 0; i < paths; i++)
        ls_engine_trace(eng, i, t->v + i * t->ny * t->nm);
    ls_engine_free(eng);
}

static void free_traces(traces *t)
{
    free(t->v);
    ls_scenario_destroy(&t->sc);
}

/* Metric `name` of path i in year index y; 0 if the scenario lacks it and
 * optional is set. */
static double at(const traces *t, uint64_t i, size_t y, const char *name,
                 int optional)
{
    long m = ls_scenario_metric(&t->sc, name);
    if (m < 0 && optional)
        return 0;
    if (m < 0)
        fail_msg("no metric %s", name);
    return t->v[(i * t->ny + y) * t->nm + (size_t)m];
}

static void test_base_invariants(void **unused)
{
    (void)unused;
    traces t;
    ls_scenario base;
    ls_test_load_base(&base);
    t.sc = base;
    t.ny = ls_scenario_years(&base);
    t.nm = base.n_metrics;
    t.paths = 400;
    t.v = malloc(t.paths * t.ny * t.nm * sizeof *t.v);
    ls_engine *eng = ls_engine_alloc(&base, 1, NULL);
    for (uint64_t i = 0; i < t.paths; i++)
        ls_engine_trace(eng, i, t.v + i * t.ny * t.nm);
    ls_engine_free(eng);
    int bound = 0;
    for (uint64_t i = 0; i < t.paths; i++) {
        double prev_bal = 0, prev_lent = 0;
        for (size_t y = 0; y < t.ny; y++) {
            double cap = at(&t, i, y, "installers.capacity", 0);
            double jobs = at(&t, i, y, "homes.jobs", 0) +
                          at(&t, i, y, "business.jobs", 0);
            if (!(jobs <= cap + 1e-9 * cap))
                fail_msg("path %llu, year %zu: %.17g jobs > capacity %.17g",
                         (unsigned long long)i, y, jobs, cap);
            bound += jobs > cap - 1;
            double grid = at(&t, i, y, "grid.capacity_mw", 0);
            if (!(at(&t, i, y, "regional.connected_mw", 0) +
                  at(&t, i, y, "business.pv_connected_mw", 0) <= grid + 1e-9))
                fail_msg("path %llu, year %zu: more MW connected than the "
                         "grid's room %.17g", (unsigned long long)i, y, grid);
            double bal = at(&t, i, y, "fund.balance_meur", 0);
            double lent = at(&t, i, y, "homes.loans_meur", 0);
            double repaid = at(&t, i, y, "fund.repaid_meur", 0);
            if (!(bal >= 0) || !(lent <= bal * (1 + 1e-12) + 1e-15))
                fail_msg("path %llu, year %zu: fund %.17g, lent %.17g",
                         (unsigned long long)i, y, bal, lent);
            if (y > 0)
                ls_assert_close(bal, fmax(0, prev_bal - prev_lent + repaid),
                                1e-9);
            prev_bal = bal;
            prev_lent = lent;
        }
    }
    /* The capacity binds on some path-years: the check is not vacuous. */
    assert_true(bound > 0);
    free_traces(&t);
}

/* A roof cap is never exceeded: the homes' PV stays within the roof
 * potential on every path-year (12 MWp here, against 5,000 homes that
 * would cover about 30), and reaches it to within one system. */
static void test_roof_cap(void **unused)
{
    (void)unused;
    traces t;
    run_traces(&t, 200, HEAD HOMES, 3, 0.0, 1.0, 1, NO_RATES, "", "");
    double most = 0;
    for (uint64_t i = 0; i < t.paths; i++)
        for (size_t y = 0; y < t.ny; y++) {
            double mwp = at(&t, i, y, "homes.pv_existing_mwp", 0);
            if (!(mwp <= 12 + 1e-9))
                fail_msg("path %llu, year %zu: %.17g MWp on a 12 MWp roof",
                         (unsigned long long)i, y, mwp);
            most = fmax(most, mwp);
        }
    assert_true(most > 12 - 0.006);
    free_traces(&t);
}

/* Every homes metric of every path and year of a and b is bitwise
 * equal. */
static void assert_same_homes(const traces *a, const traces *b)
{
    for (size_t m = 0; m < a->nm; m++) {
        const char *name = a->sc.metric_names[m];
        if (strncmp(name, "homes.", 6) != 0)
            continue;
        for (uint64_t i = 0; i < a->paths; i++)
            for (size_t y = 0; y < a->ny; y++)
                if (memcmp(&a->v[(i * a->ny + y) * a->nm + m],
                           &(double){at(b, i, y, name, 0)}, sizeof(double)))
                    fail_msg("%s differs on path %llu, year %zu: %.17g vs "
                             "%.17g", name, (unsigned long long)i, y,
                             a->v[(i * a->ny + y) * a->nm + m],
                             at(b, i, y, name, 0));
    }
}

static void test_unlimited_is_uncapped(void **unused)
{
    (void)unused;
    traces free_run, huge;
    run_traces(&free_run, 200, HEAD HOMES, 3, 90.0, 25.0, 3, RATES, CORP,
               PRICES);
    run_traces(&huge, 200, HEAD HOMES, 3, 90.0, 25.0, 3, RATES, CORP,
               PRICES "installers = { capacity0 = 1e9; growth = 0; };\n"
               "fund = { budget0 = 1e6; interest = 0.029; term = 10; };\n");
    assert_same_homes(&free_run, &huge);
    free_traces(&free_run);
    free_traces(&huge);
}

static void test_constraints_bind(void **unused)
{
    (void)unused;
    traces wide, tight;
    const char *groups = PRICES "installers = { capacity0 = %g; growth = 0; };\n"
                         "fund = { budget0 = %g; interest = 0.029; term = 10; };\n";
    char g1[1024], g2[1024];
    snprintf(g1, sizeof g1, groups, 1e9, 1e6);
    snprintf(g2, sizeof g2, groups, 40.0, 0.01);
    run_traces(&wide, 200, HEAD HOMES, 3, 90.0, 25.0, 3, RATES,
               "", g1);
    run_traces(&tight, 200, HEAD HOMES, 3, 90.0, 25.0, 3, RATES,
               "", g2);
    size_t last = wide.ny - 1;
    double sum_wide = 0, sum_tight = 0;
    for (uint64_t i = 0; i < wide.paths; i++) {
        double a = at(&wide, i, last, "homes.invest_cum_meur", 0);
        double b = at(&tight, i, last, "homes.invest_cum_meur", 0);
        sum_wide += a;
        sum_tight += b;
        for (size_t y = 0; y < tight.ny; y++)
            if (!(at(&tight, i, y, "homes.jobs", 0) <= 40 + 1e-9))
                fail_msg("path %llu: jobs above the capacity of 40",
                         (unsigned long long)i);
    }
    /* Less money and fewer installers mean clearly less work done. */
    assert_true(sum_tight < 0.8 * sum_wide);
    free_traces(&wide);
    free_traces(&tight);
}

/* Common random numbers: a change in the homes (a keuze) leaves every
 * path's prices and installer capacity as they were. */
static void test_drivers_common(void **unused)
{
    (void)unused;
    traces a, b;
    const char *groups = PRICES "installers = { capacity0 = 150; growth = "
                         "{ dist = \"uniform\"; min = 0; max = 0.2; }; };\n";
    run_traces(&a, 100, HEAD HOMES, 3, 90.0, 25.0, 3, RATES, "", groups);
    run_traces(&b, 100, HEAD HOMES, 3, 90.0, 25.0, 3, NO_RATES, CORP, groups);
    static const char *const same[] = {"prices.gas_index", "prices.elec_index",
                                       "prices.shock", "installers.capacity"};
    for (uint64_t i = 0; i < a.paths; i++)
        for (size_t y = 0; y < a.ny; y++)
            for (size_t k = 0; k < sizeof same / sizeof *same; k++)
                if (at(&a, i, y, same[k], 0) != at(&b, i, y, same[k], 0))
                    fail_msg("%s differs on path %llu, year %zu", same[k],
                             (unsigned long long)i, y);
    free_traces(&a);
    free_traces(&b);
}

/* Mean of metric `name` over the paths in year index y. */
static double mean_at(const traces *t, size_t y, const char *name)
{
    double sum = 0;
    for (uint64_t i = 0; i < t->paths; i++)
        sum += at(t, i, y, name, 0);
    return sum / (double)t->paths;
}

/* A zone planned for hybrids boosts hybrids there, inside its window only;
 * a zone planned for a heat network is the only place one appears. */
static void test_zone_techniques(void **unused)
{
    (void)unused;
    traces hyb, none;
    const char *zones = "wp_b_technique = 3; wp_boost = 4;";
    run_traces(&hyb, 300, HEAD HOMES, 3, 0.0, 1.0, 1, RATES, zones, "");
    run_traces(&none, 300, HEAD HOMES, 3, 0.0, 1.0, 1, RATES,
               "wp_b_technique = 3; wp_boost = 1;", "");
    size_t in = 2026 - 2018, before = 2021 - 2018;
    /* The window is 2022-2030: no effect before it, a large one in it. */
    ls_assert_close(mean_at(&hyb, before, "homes.hybrid"),
                    mean_at(&none, before, "homes.hybrid"), 0);
    assert_true(mean_at(&hyb, in, "homes.hybrid") >
                1.3 * mean_at(&none, in, "homes.hybrid"));
    /* Zone a is the heat-network zone, from 2025: none before it. */
    for (uint64_t i = 0; i < hyb.paths; i++)
        assert_true(at(&hyb, i, 2024 - 2018, "homes.heatnet", 0) == 0);
    assert_true(mean_at(&hyb, 2030 - 2018, "homes.heatnet") > 0);
    free_traces(&hyb);
    free_traces(&none);
}

#define REGIONAL                                                             \
    "models = { regional = { turbines = 6; wind_from = 2021; "              \
    "wind_permit = 0.3; wind_attrition = 0.02; wind_lead = 3; "              \
    "turbine_mw = 4.5; full_load_hours = 2300; solar_ha = 60; "              \
    "field_ha = 5; solar_from = 2020; solar_permit = 0.4; "                  \
    "solar_attrition = 0.02; solar_lead = 2; mwp_per_ha = 1; "               \
    "solar_yield = 950; share = 1; }; };\n%s"

/* The grid: without congestion and with ample room, the regional model is
 * bitwise what it is without a grid; with little room, the MW connected
 * never exceed the grid's room on any path-year, and projects wait. */
static void test_grid(void **unused)
{
    (void)unused;
    traces none, ample, tight;
    run_traces(&none, 200, HEAD REGIONAL, 3, "");
    run_traces(&ample, 200, HEAD REGIONAL, 3, "grid = { capacity0 = 1e6; "
               "onset = 0; duration = 0; congested = 0; };\n");
    run_traces(&tight, 200, HEAD REGIONAL, 3, "grid = { capacity0 = 12; "
               "onset = { dist = \"uniform\"; min = 2020; max = 2026; }; "
               "duration = 6; congested = 0.1; };\n");
    for (size_t m = 0; m < none.nm; m++) {
        const char *name = none.sc.metric_names[m];
        for (uint64_t i = 0; i < none.paths; i++)
            for (size_t y = 0; y < none.ny; y++)
                if (at(&none, i, y, name, 0) != at(&ample, i, y, name, 0))
                    fail_msg("%s differs with an ample grid (path %llu, "
                             "year %zu)", name, (unsigned long long)i, y);
    }
    double waited = 0;
    for (uint64_t i = 0; i < tight.paths; i++)
        for (size_t y = 0; y < tight.ny; y++) {
            double cap = at(&tight, i, y, "grid.capacity_mw", 0);
            double mw = at(&tight, i, y, "regional.connected_mw", 0);
            if (!(mw <= cap + 1e-9))
                fail_msg("path %llu, year %zu: %.17g MW connected, room "
                         "%.17g", (unsigned long long)i, y, mw, cap);
            waited += at(&tight, i, y, "regional.waiting", 0);
        }
    assert_true(waited > 0);
    free_traces(&none);
    free_traces(&ample);
    free_traces(&tight);
}

/* A vetoing gate means no project of that instance is ever built; a gate
 * in a later year means none before it. */
#define GATED                                                                \
    "models = { regional = { turbines = 6; wind_from = 2021; "              \
    "wind_permit = 0.9; wind_attrition = 0; wind_lead = 1; "                 \
    "turbine_mw = 4.5; full_load_hours = 2300; solar_ha = 60; "              \
    "field_ha = 5; solar_from = 2020; solar_permit = 0.9; "                  \
    "solar_attrition = 0; solar_lead = 1; mwp_per_ha = 1; "                  \
    "solar_yield = 950; share = 1; gate_year = %d; "                         \
    "gate_ok = { dist = \"discrete\"; values = [0, 1]; "                    \
    "weights = [%g, %g]; }; }; };\n"

/* A vetoing gate means no project of that instance is ever built; a gate
 * in a later year means none before it (and many after). */
static void test_regional_gate(void **unused)
{
    (void)unused;
    traces veto, late;
    run_traces(&veto, 200, HEAD GATED, 3, 2019, 1.0, 0.0);
    run_traces(&late, 200, HEAD GATED, 3, 2030, 0.0, 1.0);
    double built = 0;
    for (uint64_t i = 0; i < veto.paths; i++)
        for (size_t y = 0; y < veto.ny; y++) {
            double v = at(&veto, i, y, "regional.turbines", 0) +
                       at(&veto, i, y, "regional.fields", 0);
            double l = at(&late, i, y, "regional.turbines", 0) +
                       at(&late, i, y, "regional.fields", 0);
            if (v != 0)
                fail_msg("a vetoed gate built a project (path %llu, year "
                         "%zu)", (unsigned long long)i, y);
            /* Permits from 2030, one year to build: none before 2031. */
            if (2018 + (int)y < 2031 && l != 0)
                fail_msg("a project before the gate (path %llu, year %zu)",
                         (unsigned long long)i, y);
            built += l;
        }
    assert_true(built > 0);
    free_traces(&veto);
    free_traces(&late);
}

static void test_prices_deterministic(void **unused)
{
    (void)unused;
    traces t;
    run_traces(&t, 20, HEAD HOMES, 3, 0.0, 1.0, 1, NO_RATES, "",
               "prices = { gas_drift = 0.03; elec_drift = -0.01; "
               "shock_p = 0; };\n");
    for (uint64_t i = 0; i < t.paths; i++)
        for (size_t y = 0; y < t.ny; y++) {
            ls_assert_close(at(&t, i, y, "prices.gas_index", 0),
                            exp(0.03 * (double)y), 1e-12);
            ls_assert_close(at(&t, i, y, "prices.elec_index", 0),
                            exp(-0.01 * (double)y), 1e-12);
        }
    free_traces(&t);
}

static void test_heat_response(void **unused)
{
    (void)unused;
    /* No measures, no noise: the boiler homes' gas is exactly stock x g x
     * (1 - s)^y x (1 - h + h (1 + trend)^y) x (gas index)^e. */
    traces t;
    run_traces(&t, 5, HEAD HOMES, 3, 0.0, 1.0, 1, NO_RATES, "",
               "prices = { gas_drift = 0.03; };\n"
               "weather = { heat_trend = -0.01; };\n");
    for (uint64_t i = 0; i < t.paths; i++)
        for (size_t y = 0; y < t.ny; y++) {
            double yy = (double)y;
            double want = 5000 * 0.04 * pow(0.99, yy) *
                          (0.2 + 0.8 * pow(0.99, yy)) *
                          pow(exp(0.03 * yy), -0.1);
            ls_assert_close(at(&t, i, y, "homes.gas_tj", 0), want,
                            1e-9 * want);
        }
    free_traces(&t);
}

static void test_shock_frequency(void **unused)
{
    (void)unused;
    traces t;
    run_traces(&t, 4000, HEAD HOMES, 3, 0.0, 1.0, 1, NO_RATES, "",
               "prices = { shock_p = 0.137; shock_min = 0.1; "
               "shock_max = 0.3; };\n");
    double n = 0, k = 0;
    for (uint64_t i = 0; i < t.paths; i++)
        for (size_t y = 1; y < t.ny; y++) {
            k += at(&t, i, y, "prices.shock", 0);
            n++;
        }
    /* Shocks are independent across years and paths: Binomial(n, p). */
    ls_assert_close(k / n, 0.137, 4 * sqrt(0.137 * 0.863 / n));
    free_traces(&t);
}

static void test_no_measure_no_change(void **unused)
{
    (void)unused;
    traces t;
    run_traces(&t, 100, HEAD HOMES, 3, 0.0, 1.0, 1, NO_RATES, "", PRICES);
    static const char *const frozen[] = {
        "homes.insulated", "homes.hybrid", "homes.heatpump", "homes.heatnet",
        "homes.retrofits", "homes.installs", "homes.invest_cum_meur",
        "homes.queue"};
    for (uint64_t i = 0; i < t.paths; i++)
        for (size_t y = 0; y < t.ny; y++) {
            for (size_t k = 0; k < sizeof frozen / sizeof *frozen; k++)
                if (at(&t, i, y, frozen[k], 0) != 0)
                    fail_msg("%s = %g on path %llu without measures",
                             frozen[k], at(&t, i, y, frozen[k], 0),
                             (unsigned long long)i);
            assert_true(at(&t, i, y, "homes.on_gas", 0) == 5000);
        }
    free_traces(&t);
}

static void test_projects_closed_form(void **unused)
{
    (void)unused;
    /* Delay 1: year y completes the projects started in y - 1 (the start
     * year completes round(lambda)).  Over the t = 12 starting years
     * 2018..2029, the homes added by 2030 are compound Poisson: projects
     * ~ Poisson(lambda t / s), sizes uniform on 1 .. 2s - 1. */
    const double lambda = 90, s = 20;
    traces t;
    const uint64_t n = 4000;
    run_traces(&t, n, HEAD HOMES, 3, lambda, s, 1, NO_RATES, "", "");
    size_t y = 2030 - 2018;
    double sum = 0, sum2 = 0;
    for (uint64_t i = 0; i < n; i++) {
        double x = at(&t, i, y, "homes.stock", 0) - 5000 - lambda;
        sum += x;
        sum2 += x * x;
    }
    double mean = sum / (double)n;
    double var = (sum2 - sum * mean) / (double)(n - 1);
    /* Moments of the sizes, uniform on 1 .. m = 2s - 1. */
    double m = 2 * s - 1, es2 = 0, es4 = 0;
    for (double k = 1; k <= m; k++) {
        es2 += k * k / m;
        es4 += k * k * k * k / m;
    }
    double projects = lambda * 12 / s;
    double mu = lambda * 12, sigma2 = projects * es2;
    ls_assert_close(mean, mu, 4 * sqrt(sigma2 / (double)n));
    /* The sample variance's standard error: sigma^2 sqrt(2 / (n - 1) +
     * kappa / n), with the compound Poisson's excess kurtosis kappa =
     * E[S^4] / (projects E[S^2]^2). */
    double kappa = es4 / (projects * es2 * es2);
    ls_assert_close(var, sigma2, 4 * sigma2 * sqrt(2.0 / (double)(n - 1) +
                                                    kappa / (double)n));
    /* And far wider than one-at-a-time Poisson completions would give. */
    assert_true(var > 5 * mu);
    free_traces(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base_invariants),
        cmocka_unit_test(test_roof_cap),
        cmocka_unit_test(test_unlimited_is_uncapped),
        cmocka_unit_test(test_constraints_bind),
        cmocka_unit_test(test_drivers_common),
        cmocka_unit_test(test_zone_techniques),
        cmocka_unit_test(test_grid),
        cmocka_unit_test(test_regional_gate),
        cmocka_unit_test(test_prices_deterministic),
        cmocka_unit_test(test_heat_response),
        cmocka_unit_test(test_shock_frequency),
        cmocka_unit_test(test_no_measure_no_change),
        cmocka_unit_test(test_projects_closed_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
