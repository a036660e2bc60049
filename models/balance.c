/*
 * balance.c - the yearly energy balance of Leusden.
 *
 * The balance is the system stage (LS_STAGE_SYSTEM): the scenario's
 * top-level `balance` group configures its one instance, and the engine
 * steps it after the sectors each year with their flows added up
 * (out->demand and out->production arrive filled in, instead of zeroed).
 * It turns them into the quantities the targets speak of:
 *
 *   demand     = sum of final demand over carriers                  (TJ)
 *   renewable  = sum of local renewable production + other_renewable (TJ)
 *   share      = renewable / demand     (energy neutral when >= 1)
 *   remaining  = (fields + wind + other_renewable) / (demand - rooftop PV),
 *                the Routekaart's "rest of the demand generated
 *                renewably" in the outer area
 *   saving     = 1 - demand / reference_demand
 *   CO2        = gas ef_gas + fuel ef_fuel + heat ef_heat
 *                + max(0, electricity - renewable) ef_elec           (kt)
 *
 * Which demand counts toward neutrality is decided where the demand
 * arises: each model reports only the demand that counts (see the
 * `other` model's include_motorway), so the balance needs no exceptions.
 */
#include <math.h>
#include <stddef.h>

#include "model.h"

typedef struct balance_params {
    ls_param ef_gas;            /* kt CO2/TJ */
    ls_param ef_elec;           /* kt CO2/TJ, grid electricity */
    ls_param ef_heat;           /* kt CO2/TJ */
    ls_param ef_fuel;           /* kt CO2/TJ */
    ls_param other_renewable;   /* TJ/yr renewable not modelled elsewhere */
    double reference_demand;    /* TJ/yr, base of the saving share */
} balance_params;

typedef struct balance_draw {
    double ef_gas, ef_elec, ef_heat, ef_fuel, other_renewable;
} balance_draw;

#define DIST(field, lo_, hi_, def_, unit_, doc_, label_, doc_nl_)            \
    {.name = #field, .kind = LS_PARAM_DIST,                                  \
     .offset = offsetof(balance_params, field),                              \
     .draw_offset = offsetof(balance_draw, field), .lo = lo_, .hi = hi_,     \
     .def = def_, .unit = unit_, .doc = doc_, .label = label_,               \
     .doc_nl = doc_nl_}

static const ls_param_spec spec[] = {
    DIST(ef_gas, 0, 1, 0.0566, "kt CO2/TJ", "emission factor of natural gas",
         "Emissiefactor aardgas", "CO2-uitstoot per eenheid aardgas"),
    DIST(ef_elec, 0, 1, 0.125, "kt CO2/TJ",
         "emission factor of grid electricity", "Emissiefactor elektriciteit",
         "CO2-uitstoot per eenheid elektriciteit van het net"),
    DIST(ef_heat, 0, 1, 0.036, "kt CO2/TJ", "emission factor of district heat",
         "Emissiefactor warmtenet",
         "CO2-uitstoot per eenheid warmte uit een warmtenet"),
    DIST(ef_fuel, 0, 1, 0.0725, "kt CO2/TJ",
         "emission factor of liquid fuels",
         "Emissiefactor vloeibare brandstoffen",
         "CO2-uitstoot per eenheid vloeibare brandstof"),
    DIST(other_renewable, 0, 1e5, 0, "TJ/yr",
         "renewable energy not modelled by the sector models",
         "Overige duurzame opwek",
         "duurzame energie die niet in de sectormodellen zit"),
    {.name = "reference_demand", .kind = LS_PARAM_REAL,
     .offset = offsetof(balance_params, reference_demand), .lo = 0,
     .hi = 1e5, .def = 0, .unit = "TJ/yr",
     .doc = "final demand the saving share is measured against (0: no "
            "saving metric)",
     .label = "Referentieverbruik voor de besparing",
     .doc_nl = "eindverbruik waartegen het besparingsaandeel wordt gemeten "
               "(0: geen besparing berekenen)"},
    {.name = NULL},
};

static void balance_init(const void *params, const void *draw, void *state)
{
    (void)params;
    (void)draw;
    (void)state;
}

enum {
    M_DEMAND, M_RENEWABLE, M_SHARE, M_REMAINING, M_GAP, M_SAVING, M_CO2,
    M_NEUTRAL, M_GAS, M_ELEC, M_PV_ROOF, M_PV_FIELD, M_WIND
};

static void balance_step(const void *params, const void *draw, void *state,
                         int year, ls_stream *st, ls_flows *out)
{
    (void)state;
    (void)st;
    const balance_params *p = params;
    const balance_draw *d = draw;
    double demand = 0, renewable = ls_param_value(&p->other_renewable,
                                                  d->other_renewable, year);
    for (int c = 0; c < LS_CARRIERS; c++)
        demand += out->demand[c];
    for (int s = 0; s < LS_SOURCES; s++)
        renewable += out->production[s];
    double grid = fmax(0.0, out->demand[LS_ELEC] - renewable);
    double co2 = out->demand[LS_GAS] * ls_param_value(&p->ef_gas, d->ef_gas,
                                                      year) +
                 out->demand[LS_FUEL] * ls_param_value(&p->ef_fuel,
                                                       d->ef_fuel, year) +
                 out->demand[LS_HEAT] * ls_param_value(&p->ef_heat,
                                                       d->ef_heat, year) +
                 grid * ls_param_value(&p->ef_elec, d->ef_elec, year);
    double *m = out->metric;
    m[M_DEMAND] = demand;
    m[M_RENEWABLE] = renewable;
    m[M_SHARE] = demand > 0 ? renewable / demand : 0;
    double rest = demand - out->production[LS_PV_ROOF];
    m[M_REMAINING] = rest > 0 ? (renewable - out->production[LS_PV_ROOF]) /
                                    rest
                              : 1;
    m[M_GAP] = demand - renewable;
    m[M_SAVING] = p->reference_demand > 0
                      ? 1 - demand / p->reference_demand : 0;
    m[M_CO2] = co2;
    m[M_NEUTRAL] = renewable >= demand;
    m[M_GAS] = out->demand[LS_GAS];
    m[M_ELEC] = out->demand[LS_ELEC];
    m[M_PV_ROOF] = out->production[LS_PV_ROOF];
    m[M_PV_FIELD] = out->production[LS_PV_FIELD];
    m[M_WIND] = out->production[LS_WIND];
}

static const ls_metric_def metrics[] = {
    {"demand_tj", "TJ", "final demand counted toward neutrality",
     LS_M_NONNEG, "Energievraag (TJ)"},
    {"renewable_tj", "TJ", "local renewable production",
     LS_M_NONNEG, "Duurzame opwek in Leusden (TJ)"},
    {"share", "fraction", "renewable / demand (neutral when >= 1)",
     LS_M_NONNEG, "Aandeel duurzaam opgewekt"},
    {"remaining_share", "fraction", "outer-area renewable / (demand - rooftop PV)",
     LS_M_NONNEG, "Restvraag duurzaam opgewekt (buitengebied)"},
    {"gap_tj", "TJ", "demand - renewable (neutral when <= 0)",
     0, "Tekort tot energieneutraal (TJ)"},
    {"saving", "fraction",
     "energy saving against the reference demand (1 - demand / reference)",
     0, "Energiebesparing t.o.v. 2010"},
    {"co2_kt", "kt CO2", "emissions of the counted demand",
     LS_M_NONNEG, "CO2-uitstoot (kton)"},
    {"neutral", "0/1", "1 when renewable >= demand",
     LS_M_COUNT, "Energieneutraal (0/1)"},
    {"gas_tj", "TJ", "natural gas demand",
     LS_M_NONNEG, "Aardgasgebruik (TJ)"},
    {"elec_tj", "TJ", "electricity demand",
     LS_M_NONNEG, "Elektriciteitsgebruik (TJ)"},
    {"pv_roof_tj", "TJ", "rooftop solar production",
     LS_M_NONNEG, "Zon op daken (TJ)"},
    {"pv_field_tj", "TJ", "solar-field production",
     LS_M_NONNEG, "Zonnevelden (TJ)"},
    {"wind_tj", "TJ", "wind production",
     LS_M_NONNEG, "Wind (TJ)"},
    {NULL, NULL, NULL, 0, NULL},
};

const ls_model_type ls_model_balance = {
    .name = "balance",
    .doc = "yearly energy balance: demand, renewable share, CO2, neutrality",
    .stage = LS_STAGE_SYSTEM,
    .params_size = sizeof(balance_params),
    .draw_size = sizeof(balance_draw),
    .state_size = 0,
    .metrics = metrics,
    .spec = spec,
    .sample = NULL,
    .init = balance_init,
    .step = balance_step,
};
