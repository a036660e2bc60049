/*
 * homes.c - the housing stock and its heat transition: homes by owner and
 * zone, a menu of measures with costs, adoption that answers to prices,
 * the loan fund and the installers, new homes in projects, rooftop PV.
 *
 * The existing homes are counted in cells: two owners (owner-occupied,
 * with private rental, who decide home by home; the housing corporation,
 * which decides in projects) times three zones of the warmteplan (no plan;
 * zones a and b, each planned for one technique: a heat network,
 * all-electric or hybrid heat pumps, in a window of years), and in each
 * cell by
 * heating state: gas boiler, boiler in an insulated home, hybrid heat
 * pump, all-electric heat pump, heat network, Nul-op-de-meter (NOM).
 *
 * A measure moves a home from one state to another (the transitions T_*
 * below).  Per year, on every path:
 *   owners      a home in state a takes transition k with probability
 *               rate_k x programme(t) x boost x f(payback_k): per cell
 *               and state one binomial at the summed chance, split over
 *               the transitions by conditional binomials (a multinomial:
 *               one choice per home and year).  payback = net cost / yearly saving under
 *               this year's prices (the prices driver), with
 *               f(x) = 1 / (1 + (x / pb_half)^pb_slope); the heat network
 *               is a collective choice and has no payback term.  boost =
 *               wp_boost for the zone's planned technique inside its
 *               window; a heat network exists only in a heat-network
 *               zone, from its window's first year.
 *   financing   a decider's savings X ~ Exponential(mean savings_mean):
 *               X >= net cost pays itself; a gap of at most loan_max is
 *               lent by the municipal fund (LS_POOL_LOAN) while it has
 *               money; a gap it cannot serve, of at most national_max,
 *               gets the national loan with probability national_loans;
 *               the rest give up this year (counts rounded, per
 *               transition).
 *   corporation k ~ Poisson(corp_projects(t)) projects of corp_size homes,
 *               each all-electric, NOM or insulation (corp_hp_share,
 *               corp_nom_share), a heat network in that zone's window;
 *               a project that the year's budget corp_budget cannot pay
 *               does not start.
 *   installers  every job claims capacity (LS_POOL_INSTALL); the
 *               corporation's projects first, then the owners' queue;
 *               decisions the capacity cannot serve wait in the queue.
 *   new homes   projects start ~ Poisson(new_builds(t) / project_size),
 *               of 1 .. 2 project_size - 1 homes, and are completed 1 ..
 *               build_delay years later; a project is NOM with probability
 *               nom_share_new, else all-electric (no gas, 2018 policy).
 *   PV          Binomial(homes without PV, rate) install a system of this
 *               year's size (pv_kwp, growing by pv_size_growth, at most
 *               pv_kwp_max), rate = ls_pv_rate (model.h: diffusion damped
 *               by the payback under the year's electricity price and the
 *               netting schedule), as many as the roof potential
 *               pv_roof_mwp still holds.
 * Energy per home in each state: gas g (the boiler's use, falling by
 * saving_rate a year), g (1 - ins_saving) insulated, g hyb_gas for a
 * hybrid; electricity elec_per_home plus hyb_elec or hp_elec; net_heat of
 * district heat; nom_elec for a NOM home, whose own PV covers it.  The
 * heating part (heat_share) follows the degree days, and all of gas use
 * the price by a short-run elasticity.  Costs are counted when the work is
 * done, by measure and by payer.
 * Why this process: the memos name costs, installers, financing and the
 * warmteplan as what decides the heat transition, so each is an explicit
 * constraint the adoption runs into, and binomial draws keep every count
 * a whole number that cannot exceed its pool.
 */
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_randist.h>

#include "model.h"

enum { OWNER, CORP, OWNERS };                    /* who decides */
enum { Z_FREE, Z_A, Z_B, ZONES };                /* warmteplan zone */
/* A planned zone's technique (wp_a_technique, wp_b_technique). */
enum { WP_NET = 1, WP_ELEC = 2, WP_HYB = 3 };
enum { H_GAS, H_INS, H_HYB, H_HP, H_NET, H_NOM, STATES };
enum { MS_INS, MS_HYB, MS_HP, MS_NET, MS_NOM, MEASURES };
/* The transitions: from state, to state, the measures they take. */
enum { T_INS, T_HYB_G, T_HYB_I, T_HP_G, T_HP_I, T_NET_G, T_NET_I, T_NET_H,
       T_NOM_G, T_NOM_I, T_NOM_H, TRANS };

static const struct transition {
    int from, to, measure;
    int with_ins;  /* 1: the home is insulated as part of it */
} trans[TRANS] = {
    [T_INS] = {H_GAS, H_INS, MS_INS, 0},
    [T_HYB_G] = {H_GAS, H_HYB, MS_HYB, 0},
    [T_HYB_I] = {H_INS, H_HYB, MS_HYB, 0},
    [T_HP_G] = {H_GAS, H_HP, MS_HP, 1},
    [T_HP_I] = {H_INS, H_HP, MS_HP, 0},
    [T_NET_G] = {H_GAS, H_NET, MS_NET, 0},
    [T_NET_I] = {H_INS, H_NET, MS_NET, 0},
    [T_NET_H] = {H_HYB, H_NET, MS_NET, 0},
    [T_NOM_G] = {H_GAS, H_NOM, MS_NOM, 0},
    [T_NOM_I] = {H_INS, H_NOM, MS_NOM, 0},
    [T_NOM_H] = {H_HYB, H_NOM, MS_NOM, 0},
};

/* x >= 0 rounded to a whole number (half up), or floored: conversions,
 * not nearbyint() or floor(), which are library calls on the baseline
 * x86-64 and sit in the inner loops; values beyond 2^52 are whole
 * already (and INFINITY stays itself). */
static inline double whole(double x)
{
    return x < 4503599627370496.0 ? (double)(long long)(x + 0.5) : x;
}
static inline double whole_down(double x)
{
    return x < 4503599627370496.0 ? (double)(long long)x : x;
}

/* The smaller and larger of two numbers that are never NaN here: fmin()
 * and fmax() are library calls on the baseline x86-64. */
static inline double lesser(double a, double b)
{
    return a < b ? a : b;
}
static inline double greater(double a, double b)
{
    return a > b ? a : b;
}

/* The transitions out of each state an owner can be in when deciding
 * (boiler, insulated, hybrid), in table order, -1 ended. */
static const int out_of[3][6] = {
    [H_GAS] = {T_INS, T_HYB_G, T_HP_G, T_NET_G, T_NOM_G, -1},
    [H_INS] = {T_HYB_I, T_HP_I, T_NET_I, T_NOM_I, -1, -1},
    [H_HYB] = {T_NET_H, T_NOM_H, -1, -1, -1, -1},
};

/* Most years a new-build project can take from start to completion. */
#define BUILD_DELAY_MAX 8

typedef struct homes_params {
    ls_param stock0, nom0, social_share, wp_share[ZONES];
    ls_param new_builds, project_size, nom_share_new;
    long long build_delay;
    ls_param gas_per_home, elec_per_home, saving_rate, heat_share,
        elasticity, nom_elec;
    ls_param ins_saving, hyb_gas, hyb_elec, hp_elec, net_heat;
    ls_param cost[MEASURES];   /* EUR per home */
    ls_param cost_trend;
    double jobs[MEASURES];     /* installation jobs per home */
    ls_param rate[MEASURES];   /* owners: most a year at payback 0 */
    ls_param gas_price0, elec_price0, pb_half;
    double pb_slope;
    ls_param programme, subsidy, savings_mean, national_loans;
    double loan_max, national_max;
    long long wp_technique[ZONES], wp_from[ZONES], wp_years[ZONES];
    ls_param wp_boost;
    ls_param corp_projects, corp_size, corp_hp_share, corp_nom_share,
        corp_budget;
    ls_param pv_homes0, pv_kwp, pv_kwp_max, pv_roof_mwp, pv_yield, panel_kwp;
    ls_pv_params pv;
} homes_params;

typedef struct homes_draw {
    double stock0, nom0, social_share, wp_share[ZONES];
    double new_builds, project_size, nom_share_new;
    double gas_per_home, elec_per_home, saving_rate, heat_share, elasticity,
        nom_elec;
    double ins_saving, hyb_gas, hyb_elec, hp_elec, net_heat;
    double cost[MEASURES];
    double cost_trend;
    double rate[MEASURES];
    double gas_price0, elec_price0, pb_half;
    double programme, subsidy, savings_mean, national_loans;
    double wp_boost;
    double corp_projects, corp_size, corp_hp_share, corp_nom_share,
        corp_budget;
    double pv_homes0, pv_kwp, pv_kwp_max, pv_roof_mwp, pv_yield, panel_kwp;
    ls_pv_draw pv;
    double e_loan, e_national;  /* exp(loan_max / S), exp(national_max /
                                   S) for the path's savings S (sample) */
} homes_draw;

typedef struct homes_state {
    double n[OWNERS][ZONES][STATES];  /* existing homes */
    double queue[ZONES][TRANS];       /* owners waiting for an installer */
    double pipe[BUILD_DELAY_MAX];     /* homes completed in year y (ring) */
    double nom_pipe[BUILD_DELAY_MAX]; /* of which NOM */
    double new_nom, new_elec;         /* completed new homes */
    double pv_yes, pv_no;             /* non-NOM homes with/without PV */
    double pv_kwp;                    /* kWp on the non-NOM PV homes */
    double pv_payback;                /* years, a new system this year */
    ls_pv_state pvs;                  /* cost and size of a new system */
    double retrofits;                 /* NOM retrofits so far */
    double gas_factor;                /* boiler use relative to the start */
    double cost_factor;               /* measure costs relative to start */
    double invest_cum;                /* EUR million so far */
    double subsidy_cum;               /* EUR million of subsidy so far */
    int year0;                        /* first year (0 before it) */
} homes_state;

/* What a year's work cost and did, for the metrics. */
typedef struct year_work {
    double invest[MEASURES];  /* EUR million, all payers */
    double owner, corp, municipal, loans;  /* EUR million */
    double jobs, installs;    /* jobs claimed, homes served */
} year_work;

#define P(field) offsetof(homes_params, field)
#define D(field) offsetof(homes_draw, field)
#define SPEC(name_, field, req, once_, int_, lo_, hi_, def_, unit_, doc_,     \
             label_, doc_nl_)                                                \
    {.name = name_, .kind = LS_PARAM_DIST, .offset = P(field),               \
     .draw_offset = D(field), .lo = (lo_), .hi = (hi_), .integer = (int_),   \
     .once = (once_), .required = (req), .def = (def_), .unit = (unit_),     \
     .doc = (doc_), .label = (label_), .doc_nl = (doc_nl_)}
#define ONCE(f, int_, hi, unit, doc, label, doc_nl)                           \
    SPEC(#f, f, 1, 1, int_, 0, hi, 0, unit, doc, label, doc_nl)
#define DIST(f, lo, hi, unit, doc, label, doc_nl)                             \
    SPEC(#f, f, 1, 0, 0, lo, hi, 0, unit, doc, label, doc_nl)
#define OPT(f, lo, hi, def, unit, doc, label, doc_nl)                         \
    SPEC(#f, f, 0, 0, 0, lo, hi, def, unit, doc, label, doc_nl)
#define REAL(name_, field, lo_, hi_, def_, unit_, doc_, label_, doc_nl_)      \
    {.name = name_, .kind = LS_PARAM_REAL, .offset = P(field), .lo = (lo_),  \
     .hi = (hi_), .required = 0, .def = (def_), .unit = (unit_),             \
     .doc = (doc_), .label = (label_), .doc_nl = (doc_nl_)}
/* A warmteplan zone's technique, window start and length: wp_<z>_*. */
#define WP_ZONE(z, letter, tech)                                             \
    {.name = "wp_" letter "_technique", .kind = LS_PARAM_INT,                \
     .offset = P(wp_technique[z]), .lo = 1, .hi = 3, .def = (tech),          \
     .unit = "1-3", .doc = "zone " letter "'s technique: 1 heat network, 2 " \
     "all-electric, 3 hybrid",                                                \
     .label = "Techniek warmteplanzone " letter,                             \
     .doc_nl = "techniek van warmteplanzone " letter ": 1 warmtenet, 2 "     \
     "all-electric, 3 hybride warmtepomp"},                                   \
    {.name = "wp_" letter "_from", .kind = LS_PARAM_INT,                     \
     .offset = P(wp_from[z]), .lo = 0, .hi = 3000, .def = 0, .unit = "year", \
     .doc = "first year of zone " letter "'s window (0: no plan)",           \
     .label = "Startjaar warmteplanzone " letter,                            \
     .doc_nl = "eerste jaar van de uitvoeringsperiode van warmteplanzone "   \
     letter " (0: geen plan)"},                                               \
    {.name = "wp_" letter "_years", .kind = LS_PARAM_INT,                    \
     .offset = P(wp_years[z]), .lo = 0, .hi = 100, .def = 10,                \
     .unit = "years", .doc = "length of zone " letter "'s window",           \
     .label = "Looptijd warmteplanzone " letter,                             \
     .doc_nl = "aantal jaren van de uitvoeringsperiode van warmteplanzone "  \
     letter}

static const ls_param_spec spec[] = {
    ONCE(stock0, 1, 1e7, "homes", "housing stock at the start of the run",
         "Woningvoorraad bij de start", "aantal woningen bij de start van "
         "de berekening"),
    ONCE(nom0, 1, 1e7, "homes", "NOM homes at the start of the run",
         "Nul-op-de-meterwoningen bij de start", "aantal "
         "nul-op-de-meterwoningen bij de start van de berekening"),
    ONCE(social_share, 0, 1, "fraction", "share of the existing homes the "
         "housing corporation owns", "Aandeel corporatiewoningen", "deel "
         "van de bestaande woningen dat van de woningcorporatie is"),
    SPEC("wp_a_share", wp_share[Z_A], 1, 1, 0, 0, 1, 0, "fraction",
         "share of the homes in warmteplan zone a",
         "Aandeel woningen in warmteplanzone a",
         "deel van de woningen dat in zone a van het warmteplan ligt"),
    SPEC("wp_b_share", wp_share[Z_B], 1, 1, 0, 0, 1, 0, "fraction",
         "share of the homes in warmteplan zone b",
         "Aandeel woningen in warmteplanzone b",
         "deel van de woningen dat in zone b van het warmteplan ligt"),
    DIST(new_builds, 0, 1e5, "homes/yr", "mean number of homes started",
         "Nieuwbouw per jaar", "gemiddeld aantal woningen waarvan de bouw "
         "per jaar begint"),
    ONCE(project_size, 1, 1e4, "homes", "mean homes per new-build project",
         "Omvang nieuwbouwproject", "gemiddeld aantal woningen per "
         "nieuwbouwproject"),
    DIST(nom_share_new, 0, 1, "fraction", "share of new-build projects "
         "that are NOM (the rest all-electric)",
         "Aandeel nieuwbouw nul-op-de-meter", "deel van de "
         "nieuwbouwprojecten dat nul-op-de-meter wordt (de rest "
         "all-electric)"),
    LS_SPEC_INT(homes_params, build_delay, 0, 1, BUILD_DELAY_MAX, 2, "years",
                "most years from a project's start to its completion",
                "Langste bouwtijd nieuwbouw", "maximaal aantal jaren van de "
                "start van een nieuwbouwproject tot de oplevering"),
    DIST(gas_per_home, 0, 1, "TJ/yr", "gas use of a home with a boiler",
         "Gasverbruik woning met cv-ketel", "jaarlijks gasverbruik van een "
         "woning met een cv-ketel"),
    DIST(elec_per_home, 0, 1, "TJ/yr", "electricity use of an existing home",
         "Stroomverbruik bestaande woning", "jaarlijks "
         "elektriciteitsverbruik van een bestaande woning, zonder "
         "warmtepomp"),
    DIST(saving_rate, -0.1, 0.5, "1/yr", "yearly autonomous saving of "
         "boiler homes (behaviour, appliances, small measures)",
         "Autonome besparing woningen met cv-ketel", "jaarlijkse besparing "
         "op het gasverbruik van woningen met een cv-ketel zonder beleid "
         "(gedrag, apparaten, kleine maatregelen)"),
    DIST(heat_share, 0, 1, "fraction", "share of gas use for space heating "
         "(follows the degree days)", "Aandeel ruimteverwarming in "
         "gasverbruik", "deel van het gasverbruik voor ruimteverwarming "
         "(volgt de graaddagen)"),
    DIST(elasticity, -2, 0, "1", "short-run price elasticity of gas use",
         "Prijsgevoeligheid gasverbruik", "prijselasticiteit van het "
         "gasverbruik op korte termijn"),
    DIST(nom_elec, 0, 1, "TJ/yr", "electricity use of a NOM or all-electric "
         "home", "Stroomverbruik nul-op-de-meterwoning", "jaarlijks "
         "elektriciteitsverbruik van een nul-op-de-meterwoning of een "
         "all-electric nieuwbouwwoning"),
    DIST(ins_saving, 0, 1, "fraction", "gas saved by insulating a home",
         "Gasbesparing door isolatie", "deel van het gasverbruik dat het "
         "isoleren van een woning bespaart"),
    DIST(hyb_gas, 0, 1, "fraction", "gas a hybrid heat pump leaves of a "
         "boiler's use", "Resterend gasverbruik hybride warmtepomp", "deel "
         "van het gasverbruik van een cv-ketel dat met een hybride "
         "warmtepomp overblijft"),
    DIST(hyb_elec, 0, 1, "TJ/yr", "electricity a hybrid heat pump adds",
         "Stroomverbruik hybride warmtepomp", "extra jaarlijks "
         "elektriciteitsverbruik van een hybride warmtepomp"),
    DIST(hp_elec, 0, 1, "TJ/yr", "electricity an all-electric heat pump "
         "adds", "Stroomverbruik all-electric warmtepomp", "extra jaarlijks "
         "elektriciteitsverbruik van een all-electric warmtepomp"),
    DIST(net_heat, 0, 1, "TJ/yr", "district heat of a home on a heat "
         "network", "Warmteverbruik woning op warmtenet", "jaarlijks "
         "warmteverbruik van een woning die op een warmtenet is "
         "aangesloten"),
    SPEC("cost_ins", cost[MS_INS], 1, 1, 0, 0, 1e6, 0, "EUR/home",
         "cost of insulating a home", "Kosten isolatie",
         "kosten van het isoleren van een woning"),
    SPEC("cost_hyb", cost[MS_HYB], 1, 1, 0, 0, 1e6, 0, "EUR/home",
         "cost of a hybrid heat pump", "Kosten hybride warmtepomp",
         "kosten van een hybride warmtepomp per woning"),
    SPEC("cost_hp", cost[MS_HP], 1, 1, 0, 0, 1e6, 0, "EUR/home",
         "cost of an all-electric heat pump (insulation apart)",
         "Kosten all-electric warmtepomp", "kosten van een all-electric "
         "warmtepomp per woning (zonder de isolatie)"),
    SPEC("cost_net", cost[MS_NET], 1, 1, 0, 0, 1e6, 0, "EUR/home",
         "cost of a heat-network connection", "Kosten aansluiting warmtenet",
         "kosten van een aansluiting op een warmtenet per woning"),
    SPEC("cost_nom", cost[MS_NOM], 1, 1, 0, 0, 1e6, 0, "EUR/home",
         "cost of a NOM renovation", "Kosten nul-op-de-meterrenovatie",
         "kosten van een renovatie naar nul-op-de-meter per woning"),
    DIST(cost_trend, -0.5, 0.5, "1/yr", "yearly change of all measure "
         "costs (learning, volume)", "Kostenontwikkeling maatregelen",
         "jaarlijkse verandering van de kosten van alle maatregelen "
         "(leereffect, schaalvoordeel)"),
    REAL("jobs_ins", jobs[MS_INS], 0, 100, 0.5, "jobs/home",
         "installation jobs to insulate a home", "Installatiewerk isolatie",
         "installatieklussen voor het isoleren van een woning (één klus is "
         "één warmtepomp)"),
    REAL("jobs_hyb", jobs[MS_HYB], 0, 100, 1, "jobs/home",
         "installation jobs of a hybrid heat pump",
         "Installatiewerk hybride warmtepomp",
         "installatieklussen voor een hybride warmtepomp"),
    REAL("jobs_hp", jobs[MS_HP], 0, 100, 2, "jobs/home",
         "installation jobs of an all-electric heat pump",
         "Installatiewerk all-electric warmtepomp",
         "installatieklussen voor een all-electric warmtepomp"),
    REAL("jobs_net", jobs[MS_NET], 0, 100, 0.5, "jobs/home",
         "installation jobs of a heat-network connection",
         "Installatiewerk aansluiting warmtenet",
         "installatieklussen voor een aansluiting op een warmtenet"),
    REAL("jobs_nom", jobs[MS_NOM], 0, 100, 5, "jobs/home",
         "installation jobs of a NOM renovation",
         "Installatiewerk nul-op-de-meterrenovatie",
         "installatieklussen voor een renovatie naar nul-op-de-meter"),
    SPEC("rate_ins", rate[MS_INS], 1, 0, 0, 0, 1, 0, "1/yr",
         "owners: most homes a year that insulate (payback 0)",
         "Tempo isolatie door eigenaren", "eigenaren: hoogste deel van de "
         "woningen dat per jaar isoleert (bij terugverdientijd 0)"),
    SPEC("rate_hyb", rate[MS_HYB], 1, 0, 0, 0, 1, 0, "1/yr",
         "owners: most homes a year that take a hybrid heat pump",
         "Tempo hybride warmtepomp door eigenaren", "eigenaren: hoogste "
         "deel van de woningen dat per jaar een hybride warmtepomp neemt"),
    SPEC("rate_hp", rate[MS_HP], 1, 0, 0, 0, 1, 0, "1/yr",
         "owners: most homes a year that go all-electric",
         "Tempo all-electric door eigenaren", "eigenaren: hoogste deel van "
         "de woningen dat per jaar all-electric wordt"),
    SPEC("rate_net", rate[MS_NET], 1, 0, 0, 0, 1, 0, "1/yr",
         "owners: homes a year in a heat-network zone that connect",
         "Tempo aansluiting warmtenet door eigenaren", "eigenaren: deel van "
         "de woningen in een warmtenetzone dat zich per jaar aansluit"),
    SPEC("rate_nom", rate[MS_NOM], 1, 0, 0, 0, 1, 0, "1/yr",
         "owners: most homes a year renovated to NOM",
         "Tempo nul-op-de-meter door eigenaren", "eigenaren: hoogste deel "
         "van de woningen dat per jaar naar nul-op-de-meter wordt "
         "gerenoveerd"),
    ONCE(gas_price0, 0, 100, "EUR/m3", "households' gas price in the start "
         "year", "Gasprijs huishoudens in het startjaar", "gasprijs die "
         "huishoudens in het startjaar betalen"),
    ONCE(elec_price0, 0, 100, "EUR/kWh", "households' electricity price in "
         "the start year", "Stroomprijs huishoudens in het startjaar",
         "elektriciteitsprijs die huishoudens in het startjaar betalen"),
    DIST(pb_half, 0.1, 1000, "years", "payback at which owners adopt at "
         "half the rate", "Terugverdientijd die het tempo halveert",
         "terugverdientijd waarbij eigenaren half zo vaak een maatregel "
         "nemen"),
    REAL("pb_slope", pb_slope, 0.1, 20, 2, "1",
         "how sharply adoption falls with the payback",
         "Gevoeligheid voor de terugverdientijd", "hoe sterk het tempo van "
         "de eigenaren daalt bij een langere terugverdientijd"),
    OPT(programme, 0, 100, 1, "factor", "municipal programme (energy desk): "
        "multiplier of the owners' rates", "Gemeentelijk programma "
        "(energieloket)", "factor waarmee het gemeentelijke programma "
        "(energieloket) het tempo van de eigenaren vermenigvuldigt"),
    OPT(subsidy, 0, 1, 0, "fraction", "share of an owner's cost the "
        "municipality pays", "Gemeentelijke subsidie", "deel van de kosten "
        "van een eigenaar dat de gemeente betaalt"),
    SPEC("savings_mean", savings_mean, 0, 1, 0, 0, 1e7, 1e7, "EUR",
         "owners' mean savings for a measure (exponential over owners)",
         "Gemiddeld spaargeld van eigenaren", "gemiddeld spaargeld dat een "
         "eigenaar voor een maatregel heeft (exponentieel verdeeld)"),
    OPT(national_loans, 0, 1, 0, "fraction", "chance an owner the municipal "
        "fund cannot serve gets the national loan", "Kans op een landelijke "
        "lening", "kans dat een eigenaar die het gemeentelijke fonds niet "
        "kan helpen de landelijke lening krijgt"),
    REAL("loan_max", loan_max, 0, 1e6, 15000, "EUR",
         "largest loan from the municipal fund",
         "Hoogste lening uit het gemeentelijke fonds",
         "grootste lening uit het gemeentelijke duurzaamheidsfonds"),
    REAL("national_max", national_max, 0, 1e6, 25000, "EUR",
         "largest national loan", "Hoogste landelijke lening",
         "grootste lening die de landelijke regeling verstrekt"),
    WP_ZONE(Z_A, "a", WP_NET),
    WP_ZONE(Z_B, "b", WP_ELEC),
    OPT(wp_boost, 0, 100, 1, "factor", "multiplier of the planned measure "
        "in its zone and window", "Versnelling door het warmteplan",
        "factor waarmee de geplande maatregel in zijn zone en periode vaker "
        "wordt genomen"),
    OPT(corp_projects, 0, 1000, 0, "1/yr", "mean projects the corporation "
        "starts a year", "Projecten van de woningcorporatie", "gemiddeld "
        "aantal projecten dat de woningcorporatie per jaar start"),
    SPEC("corp_size", corp_size, 0, 1, 1, 1, 1e5, 40, "homes",
         "homes per corporation project", "Omvang corporatieproject",
         "aantal woningen per project van de woningcorporatie"),
    OPT(corp_hp_share, 0, 1, 0, "fraction", "share of corporation projects "
        "that go all-electric", "Aandeel corporatieprojecten all-electric",
        "deel van de projecten van de woningcorporatie dat all-electric "
        "wordt"),
    OPT(corp_nom_share, 0, 1, 0, "fraction", "share of corporation projects "
        "that go NOM", "Aandeel corporatieprojecten nul-op-de-meter",
        "deel van de projecten van de woningcorporatie dat nul-op-de-meter "
        "wordt"),
    OPT(corp_budget, 0, 1e6, 1e6, "EUR M/yr", "what the corporation can "
        "spend on measures in a year", "Budget van de woningcorporatie",
        "wat de woningcorporatie per jaar aan maatregelen kan uitgeven"),
    ONCE(pv_homes0, 1, 1e7, "homes", "homes with rooftop PV at the start",
         "Woningen met zonnepanelen bij de start", "aantal woningen met "
         "zonnepanelen op het dak bij de start"),
    ONCE(pv_kwp, 0, 100, "kWp", "rooftop PV per PV home at the start (new "
         "systems grow by pv_size_growth)", "Zonnepanelen per woning bij de "
         "start", "vermogen aan zonnepanelen per woning met panelen bij de "
         "start (nieuwe installaties worden groter)"),
    DIST(pv_kwp_max, 0, 100, "kWp", "largest new system on one home",
         "Grootste installatie per woning", "grootste nieuwe installatie "
         "met zonnepanelen op één woning"),
    ONCE(pv_roof_mwp, 0, 1e5, "MWp", "roof potential of the non-NOM homes "
         "(roof area for PV x panel density)", "Dakpotentieel zonnepanelen "
         "woningen", "vermogen aan zonnepanelen dat op de daken van de "
         "woningen past, buiten de nul-op-de-meterwoningen (dakoppervlak "
         "maal paneeldichtheid)"),
    LS_PV_SPEC(homes_params, homes_draw),
    DIST(pv_yield, 100, 2500, "kWh/kWp/yr", "PV yield in a normal year",
         "Opbrengst zonnepanelen", "opbrengst van zonnepanelen in een "
         "normaal jaar"),
    LS_SPEC_DIST_ONCE(homes_params, homes_draw, panel_kwp, 0, 0.05, 1, "kWp",
                      "capacity of one panel (for counts)",
                      "Vermogen van één zonnepaneel", "vermogen van één "
                      "zonnepaneel (om het aantal panelen te tellen)"),
    LS_SPEC_END,
};

static int homes_check(const void *params, ls_check *c)
{
    const homes_params *p = params;
    /* The start counts must fit in the stock on every path. */
    if (p->nom0.dist.hi > p->stock0.dist.lo)
        return ls_check_fail(c, "nom0", "can exceed stock0 (expected nom0 <= "
                             "stock0 on every path)");
    if (p->pv_homes0.dist.hi + p->nom0.dist.hi > p->stock0.dist.lo)
        return ls_check_fail(c, "pv_homes0", "pv_homes0 + nom0 can exceed "
                             "stock0 (expected them to fit in the stock on "
                             "every path)");
    if (p->pv_homes0.dist.hi * p->pv_kwp.dist.hi > 1000 * p->pv_roof_mwp.dist.lo)
        return ls_check_fail(c, "pv_roof_mwp", "can be smaller than the "
                             "start's PV, pv_homes0 x pv_kwp (expected the "
                             "roof potential to hold it on every path)");
    if (p->wp_share[Z_A].dist.hi + p->wp_share[Z_B].dist.hi > 1)
        return ls_check_fail(c, "wp_b_share", "wp_a_share + "
                             "wp_b_share can exceed 1 (the zones share "
                             "one stock)");
    return LS_OK;
}

/* The path's constants of the financing shares (financing()). */
static void homes_sample(const void *params, ls_stream *st, void *draw)
{
    (void)st;
    const homes_params *p = params;
    homes_draw *d = draw;
    double S = d->savings_mean;
    d->e_loan = S > 0 ? exp(lesser(700, p->loan_max / S)) : 0;
    d->e_national = S > 0 ? exp(lesser(700, p->national_max / S)) : 0;
}

static void homes_init(const void *params, const void *draw, void *state)
{
    (void)params;
    const homes_draw *d = draw;
    homes_state *s = state;
    *s = (homes_state){.gas_factor = 1, .cost_factor = 1};
    double existing = d->stock0 - d->nom0;
    double own = nearbyint((1 - d->social_share) * existing);
    double zone_share[ZONES] = {0, d->wp_share[Z_A], d->wp_share[Z_B]};
    zone_share[Z_FREE] = 1 - zone_share[Z_A] - zone_share[Z_B];
    for (int o = 0; o < OWNERS; o++) {
        double total = o == OWNER ? own : existing - own, left = total;
        for (int z = ZONES - 1; z > Z_FREE; z--) {
            s->n[o][z][H_GAS] = nearbyint(zone_share[z] * total);
            left -= s->n[o][z][H_GAS];
        }
        s->n[o][Z_FREE][H_GAS] = left;
    }
    /* The start's NOM homes are counted with the owners, no zone. */
    s->n[OWNER][Z_FREE][H_NOM] = d->nom0;
    s->pv_yes = d->pv_homes0;
    s->pv_no = existing - d->pv_homes0;
    s->pv_kwp = d->pv_homes0 * d->pv_kwp;
    ls_pv_start(&d->pv, &s->pvs);
}

/* The year's prices, costs and energy per home, shared by the steps. */
typedef struct year_ctx {
    int year;
    double gas[STATES], elec[STATES], heat[STATES]; /* TJ/yr per home */
    double cost[TRANS];      /* EUR per home, before subsidy */
    double rate[TRANS];      /* owners' chance before the zone's plan */
    double self[TRANS];      /* share of deciders who pay from savings */
    double fund[TRANS];      /* share whose gap the fund may lend */
    double nat[TRANS];       /* share whose larger gap a national loan
                                may cover */
    double loan[TRANS];      /* the fund's mean loan, EUR */
    double boost;            /* the plan's multiplier in its window */
    double subsidy;          /* share the municipality pays */
    double gas_eur, elec_eur; /* EUR per TJ of this year's prices */
    int open[ZONES];         /* the zone's window is open this year */
} year_ctx;

static int in_window(int year, long long from, long long years)
{
    return from > 0 && year >= from && year < from + years;
}

/* Energy per home by state and the measures' costs for this year. */
static void year_setup(const homes_params *p, const homes_draw *d,
                       const homes_state *s, int year, const ls_world *w,
                       year_ctx *c)
{
    c->year = year;
    double hs = ls_param_value(&p->heat_share, d->heat_share, year);
    double weather = 1 - hs + hs * w->heat;
    double price = pow(w->gas_price, ls_param_value(&p->elasticity,
                                                    d->elasticity, year));
    double g = ls_param_value(&p->gas_per_home, d->gas_per_home, year) *
               s->gas_factor * weather * price;
    double e = ls_param_value(&p->elec_per_home, d->elec_per_home, year);
    for (int h = 0; h < STATES; h++)
        c->gas[h] = c->heat[h] = 0, c->elec[h] = e;
    c->gas[H_GAS] = g;
    c->gas[H_INS] = g * (1 - ls_param_value(&p->ins_saving, d->ins_saving,
                                            year));
    c->gas[H_HYB] = g * ls_param_value(&p->hyb_gas, d->hyb_gas, year);
    c->elec[H_HYB] += ls_param_value(&p->hyb_elec, d->hyb_elec, year) *
                      weather;
    c->elec[H_HP] += ls_param_value(&p->hp_elec, d->hp_elec, year) * weather;
    c->heat[H_NET] = ls_param_value(&p->net_heat, d->net_heat, year) *
                     weather;
    c->elec[H_NOM] = ls_param_value(&p->nom_elec, d->nom_elec, year);
    for (int t = 0; t < TRANS; t++) {
        int m = trans[t].measure;
        c->cost[t] = ls_param_value(&p->cost[m], d->cost[m], year) *
                     s->cost_factor;
        if (trans[t].with_ins)
            c->cost[t] += d->cost[MS_INS] * s->cost_factor;
    }
    c->subsidy = ls_param_value(&p->subsidy, d->subsidy, year);
    c->gas_eur = d->gas_price0 / LS_TJ_PER_M3_GAS * w->gas_price;
    c->elec_eur = d->elec_price0 / LS_TJ_PER_KWH * w->elec_price;
    c->open[Z_FREE] = 0;
    for (int z = Z_A; z < ZONES; z++)
        c->open[z] = in_window(year, p->wp_from[z], p->wp_years[z]);
    c->boost = ls_param_value(&p->wp_boost, d->wp_boost, year);
}

/* Savings X ~ Exponential(mean S): P(X >= x), 1 for x <= 0. */
static double savings_above(double x, double S)
{
    if (!(x > 0))
        return 1;
    return S > 0 ? exp(-x / S) : 0;
}

/* The financing shares of transition t at net cost c: X >= c pays itself,
 * c - loan_max <= X < c borrows c - X from the fund (its mean from the
 * exponential truncated to that range), c - national_max <= X < c -
 * loan_max may get the national loan.  eL = exp(loan_max / S) and eN =
 * exp(national_max / S) are the year's, so one exp() serves each
 * transition. */
static void financing(const homes_params *p, double S, double eL, double eN,
                      double c, int t, year_ctx *x)
{
    double self = savings_above(c, S);
    double fund_lo = lesser(1, self * eL), nat_lo = lesser(1, self * eN);
    if (!(S > 0)) {
        fund_lo = c <= p->loan_max ? 1 : 0;
        nat_lo = c <= p->national_max ? 1 : 0;
    }
    x->self[t] = self;
    x->fund[t] = fund_lo - self;
    x->nat[t] = nat_lo > fund_lo ? nat_lo - fund_lo : 0;
    /* E[X | max(c - loan_max, 0) <= X < c] for the exponential; the whole
     * gap when nobody has savings. */
    double a = c - p->loan_max, lo = a > 0 ? a : 0, mean_x = 0;
    if (S > 0 && x->fund[t] > 1e-12)
        mean_x = S + (lo * fund_lo - c * self) / (fund_lo - self);
    x->loan[t] = c - mean_x;
}

/* An owner's yearly chance of transition t before the zone's plan: the
 * rate, the programme and the payback under this year's prices. */
static double owner_rate(const homes_params *p, const homes_draw *d,
                         const year_ctx *c, int t)
{
    int m = trans[t].measure, a = trans[t].from, b = trans[t].to;
    int year = c->year;
    double r = ls_param_value(&p->rate[m], d->rate[m], year) *
               ls_param_value(&p->programme, d->programme, year);
    if (m == MS_NET)
        return r;
    /* Yearly saving at this year's prices; a NOM home pays no bill. */
    double save = (c->gas[a] - c->gas[b]) * c->gas_eur -
                  (c->elec[b] - c->elec[a]) * c->elec_eur;
    if (m == MS_NOM)
        save = c->gas[a] * c->gas_eur + c->elec[a] * c->elec_eur;
    if (!(save > 0))
        return 0;
    double x = c->cost[t] * (1 - c->subsidy) / save /
               ls_param_value(&p->pb_half, d->pb_half, year);
    return r / (1 + (p->pb_slope == 2 ? x * x : pow(x, p->pb_slope)));
}

/* 1 if measure m is the technique zone z is planned for. */
static int planned(const homes_params *p, int z, int m)
{
    if (z == Z_FREE)
        return 0;
    long long tech = p->wp_technique[z];
    return (tech == WP_NET && m == MS_NET) ||
           (tech == WP_ELEC && (m == MS_HP || m == MS_NOM)) ||
           (tech == WP_HYB && m == MS_HYB);
}

/* The chance of transition t for an owner in zone z this year. */
static double zone_rate(const homes_params *p, const year_ctx *c, int z,
                        int t)
{
    int m = trans[t].measure;
    /* A heat network only where one is planned, from its first year. */
    if (m == MS_NET && (!planned(p, z, m) || p->wp_from[z] == 0 ||
                        c->year < p->wp_from[z]))
        return 0;
    double r = c->rate[t];
    if (c->open[z] && planned(p, z, m))
        r *= c->boost;
    return r < 1 ? r : 1;
}

/* The draw sites of a homes-year (rng.h).  The corporation's and the
 * new-build projects draw a random number of uniforms, each loop from a
 * site of its own; the owners' decisions have a site per zone and heating
 * state, and the split over the transitions the next TRANS sites. */
enum { S_CORP = 1, S_CORP_PROJECTS, S_NEW, S_NEW_PROJECTS, S_PV, S_DECIDE };

static unsigned decide_site(int z, int a)
{
    return S_DECIDE + (unsigned)(z * STATES + a) * (TRANS + 1);
}

/* Splits k deciders over the transitions ts (-1 ended) with chances pr[]
 * (summing to total > 0) into kt[], a multinomial draw by conditional
 * binomials, transition t at site + 1 + t.  The likeliest transition comes
 * last and takes what the others leave, so it needs no draw of its own. */
static void split_deciders(ls_stream *st, unsigned site, double k,
                           const int *ts, const double *pr, double total,
                           double *kt)
{
    int big = ts[0];
    for (const int *t = ts; *t >= 0; t++)
        if (pr[*t] > pr[big])
            big = *t;
    double left = total;
    for (const int *t = ts; *t >= 0; t++) {
        kt[*t] = 0;
        if (*t == big || !(pr[*t] > 0) || !(k > 0))
            continue;
        kt[*t] = ls_binomial(st, site + 1 + (unsigned)*t,
                             lesser(1, pr[*t] / left), k);
        k -= kt[*t];
        left -= pr[*t];
    }
    kt[big] = k;
}

/* Of k deciders on transition t, those who can pay: from savings, with a
 * loan from the fund while it has money, or with the national loan
 * (chance national) when the fund cannot serve them and the gap fits. */
static double financed(const year_ctx *c, int t, double k, double national,
                       ls_flows *out, year_work *w)
{
    double self = lesser(k, whole(k * c->self[t]));
    double fundable = lesser(k - self, whole(k * c->fund[t]));
    double got = fundable;
    if (fundable > 0 && c->loan[t] > 0) {
        got = lesser(fundable, ls_units_available(out, LS_POOL_LOAN,
                                                  c->loan[t] * 1e-6));
        w->loans += ls_claim(out, LS_POOL_LOAN, got * c->loan[t] * 1e-6);
    }
    /* Those the fund could not serve, and those whose gap is too large for
     * it but fits the national loan. */
    double nat_ok = lesser(k - self - fundable, whole(k * c->nat[t]));
    double national_got = whole((fundable - got + nat_ok) * national);
    return self + got + national_got;
}

/* Owners in zone z decide: per heating state, the number who act is one
 * binomial at the summed chance, split over the transitions (a
 * multinomial draw).  The deciders who are financed join the queue. */
static void owners_decide(const homes_params *p, const homes_draw *d,
                          homes_state *s, const year_ctx *c, int z,
                          ls_stream *st, ls_flows *out, year_work *w)
{
    double national = ls_param_value(&p->national_loans, d->national_loans,
                                     c->year);
    for (int a = H_GAS; a <= H_HYB; a++) {
        double free = s->n[OWNER][z][a], pr[TRANS] = {0}, kt[TRANS];
        double total = 0;
        for (const int *t = out_of[a]; *t >= 0; t++) {
            free -= s->queue[z][*t];
            total += pr[*t] = zone_rate(p, c, z, *t);
        }
        if (!(total > 0) || !(free > 0))
            continue;
        unsigned site = decide_site(z, a);
        double k = ls_binomial(st, site, lesser(1, total),
                               free);
        if (!(k > 0))
            continue;
        split_deciders(st, site, k, out_of[a], pr, total, kt);
        for (const int *t = out_of[a]; *t >= 0; t++)
            if (kt[*t] > 0)
                s->queue[z][*t] += financed(c, *t, kt[*t], national, out, w);
    }
}

/* Does `homes` of transition t in cell (o, z): state, costs, jobs. */
static void apply(homes_state *s, const year_ctx *c, int o, int z, int t,
                  double homes, const homes_params *p, year_work *w)
{
    if (!(homes > 0))
        return;
    s->n[o][z][trans[t].from] -= homes;
    s->n[o][z][trans[t].to] += homes;
    if (trans[t].to == H_NOM) {
        s->retrofits += homes;
        /* NOM homes leave the PV pools (their PV is counted apart), in
         * proportion, as whole homes. */
        double pool = s->pv_yes + s->pv_no;
        double yes = pool > 0 ? lesser(s->pv_yes, whole(homes * s->pv_yes
                                                           / pool)) : 0;
        yes = greater(yes, homes - s->pv_no);
        if (s->pv_yes > 0)
            s->pv_kwp -= s->pv_kwp * yes / s->pv_yes;
        s->pv_yes -= yes;
        s->pv_no -= homes - yes;
    }
    double eur = homes * c->cost[t] * 1e-6;
    w->invest[trans[t].measure] += eur;
    if (o == CORP) {
        w->corp += eur;
    } else {
        w->owner += eur * (1 - c->subsidy);
        w->municipal += eur * c->subsidy;
    }
    double jobs = homes * p->jobs[trans[t].measure];
    if (trans[t].with_ins)
        jobs += homes * p->jobs[MS_INS];
    w->jobs += jobs;
    w->installs += homes;
}

/* Jobs one home of transition t takes. */
static double jobs_of(const homes_params *p, int t)
{
    return p->jobs[trans[t].measure] +
           (trans[t].with_ins ? p->jobs[MS_INS] : 0);
}

/* The installers serve the owners' queue, every cell in the same share. */
static void serve_queue(const homes_params *p, homes_state *s,
                        const year_ctx *c, ls_flows *out, year_work *w)
{
    double need = 0;
    for (int z = 0; z < ZONES; z++)
        for (int t = 0; t < TRANS; t++)
            need += s->queue[z][t] * jobs_of(p, t);
    if (!(need > 0))
        return;
    double f = lesser(1, ls_available(out, LS_POOL_INSTALL) / need);
    double used = 0;
    for (int z = 0; z < ZONES; z++)
        for (int t = 0; t < TRANS; t++) {
            double k = f < 1 ? whole_down(s->queue[z][t] * f) : s->queue[z][t];
            s->queue[z][t] -= k;
            used += k * jobs_of(p, t);
            apply(s, c, OWNER, z, t, k, p, w);
        }
    ls_claim(out, LS_POOL_INSTALL, used);
}

/* The transition a corporation project of measure m takes in zone z, or
 * -1 when none of its homes can. */
static int corp_transition(const homes_state *s, int z, int m)
{
    static const int from_gas[MEASURES] = {T_INS, T_HYB_G, T_HP_G, T_NET_G,
                                           T_NOM_G};
    static const int from_ins[MEASURES] = {-1, T_HYB_I, T_HP_I, T_NET_I,
                                           T_NOM_I};
    if (m != MS_INS && s->n[CORP][z][H_INS] > 0)
        return from_ins[m];
    return s->n[CORP][z][H_GAS] > 0 ? from_gas[m] : -1;
}

/* The corporation's projects of the year. */
static void corp_step(const homes_params *p, const homes_draw *d,
                      homes_state *s, const year_ctx *c, ls_stream *st,
                      ls_flows *out, year_work *w)
{
    double mean = ls_param_value(&p->corp_projects, d->corp_projects, c->year);
    if (!(mean > 0))
        return;
    unsigned k = (unsigned)ls_poisson(st, S_CORP, mean);
    const gsl_rng *r = ls_stream_site(st, S_CORP_PROJECTS);
    double hp = ls_param_value(&p->corp_hp_share, d->corp_hp_share, c->year);
    double nom = ls_param_value(&p->corp_nom_share, d->corp_nom_share,
                                c->year);
    double budget = ls_param_value(&p->corp_budget, d->corp_budget, c->year);
    for (unsigned j = 0; j < k; j++) {
        double u = gsl_rng_uniform(r), v = gsl_rng_uniform(r);
        /* The zone: in proportion to the corporation's homes on gas. */
        double on_gas[ZONES], total = 0;
        for (int z = 0; z < ZONES; z++)
            total += on_gas[z] = s->n[CORP][z][H_GAS] + s->n[CORP][z][H_INS];
        int z = 0;
        for (double acc = on_gas[0]; z < ZONES - 1 && v * total >= acc;)
            acc += on_gas[++z];
        int m = u < nom ? MS_NOM : u < nom + hp ? MS_HP : MS_INS;
        /* Inside a zone's window the corporation does what is planned. */
        if (c->open[z])
            m = p->wp_technique[z] == WP_NET    ? MS_NET
                : p->wp_technique[z] == WP_HYB  ? MS_HYB
                : m == MS_NOM                   ? MS_NOM
                                                : MS_HP;
        int t = total > 0 ? corp_transition(s, z, m) : -1;
        if (t < 0)
            continue;
        double homes = lesser(d->corp_size, s->n[CORP][z][trans[t].from]);
        double per = jobs_of(p, t);
        homes = lesser(homes, ls_units_available(out, LS_POOL_INSTALL, per));
        if (homes * c->cost[t] * 1e-6 > budget - w->corp || !(homes > 0))
            continue;  /* the project waits for money or installers */
        ls_claim(out, LS_POOL_INSTALL, homes * per);
        apply(s, c, CORP, z, t, homes, p, w);
    }
}

/* New-build projects start; those due are completed. */
static void new_builds(const homes_params *p, const homes_draw *d,
                       homes_state *s, int year, ls_stream *st)
{
    int slot = (int)((unsigned)year % BUILD_DELAY_MAX);
    double done = s->pipe[slot], done_nom = s->nom_pipe[slot];
    s->pipe[slot] = s->nom_pipe[slot] = 0;
    s->new_nom += done_nom;
    s->new_elec += done - done_nom;
    s->pv_no += done - done_nom;
    double mean = ls_param_value(&p->new_builds, d->new_builds, year);
    double size = d->project_size > 1 ? d->project_size : 1;
    unsigned k = mean > 0 ? (unsigned)ls_poisson(st, S_NEW, mean / size) : 0;
    const gsl_rng *r = ls_stream_site(st, S_NEW_PROJECTS);
    double share = ls_param_value(&p->nom_share_new, d->nom_share_new, year);
    for (unsigned j = 0; j < k; j++) {
        /* Sizes 1 .. 2 size - 1 (mean size); delays 1 .. build_delay. */
        double homes = 1 + whole_down(gsl_rng_uniform(r) * (2 * size - 1));
        long long delay = 1 + (long long)(gsl_rng_uniform(r) *
                                               (double)p->build_delay);
        int when = (int)((unsigned)(year + delay) % BUILD_DELAY_MAX);
        s->pipe[when] += homes;
        if (gsl_rng_uniform(r) < share)
            s->nom_pipe[when] += homes;
    }
}

/* Fills the pipeline with the mean completions of the years before the
 * start, so that the first years are not empty. */
static void prime_pipeline(const homes_params *p, const homes_draw *d,
                           homes_state *s, int year)
{
    double mean = nearbyint(ls_param_value(&p->new_builds, d->new_builds,
                                           year));
    double share = ls_param_value(&p->nom_share_new, d->nom_share_new, year);
    for (long long k = 0; k < p->build_delay; k++) {
        int slot = (int)((unsigned)(year + k) % BUILD_DELAY_MAX);
        s->pipe[slot] = mean;
        s->nom_pipe[slot] = nearbyint(mean * share);
    }
}

enum {
    M_STOCK, M_NOM, M_RETROFITS, M_INSULATED, M_HYBRID, M_HEATPUMP,
    M_HEATNET, M_ON_GAS, M_QUEUE, M_INSTALLS, M_JOBS, M_INV, M_INV_INS,
    M_INV_HYB, M_INV_HP, M_INV_NET, M_INV_NOM, M_INV_OWNER, M_INV_CORP,
    M_SUBSIDY, M_SUBSIDY_CUM, M_LOANS, M_INV_CUM, M_PV_HOMES, M_PV_MWP, M_PV_EXISTING, M_PV_PAYBACK, M_PANELS, M_PV_TJ,
    M_GAS, M_ELEC, M_HEAT, M_DEMAND
};

/* Homes in heating state h over all cells. */
static double in_state(const homes_state *s, int h)
{
    double n = 0;
    for (int o = 0; o < OWNERS; o++)
        for (int z = 0; z < ZONES; z++)
            n += s->n[o][z][h];
    return n;
}

/* Rooftop PV on the homes now, MWp: the PV homes' and the NOM homes',
 * whose PV covers their own use in a normal year. */
static double homes_mwp(const homes_params *p, const homes_draw *d,
                        const homes_state *s, const year_ctx *c)
{
    double yield = ls_param_value(&p->pv_yield, d->pv_yield, c->year);
    double nom_kwp = yield > 0 ? c->elec[H_NOM] / (yield * LS_TJ_PER_KWH) : 0;
    return (s->pv_kwp + (in_state(s, H_NOM) + s->new_nom) * nom_kwp) / 1000;
}

/* The year's flows and metrics. */
static void report(const homes_params *p, const homes_draw *d,
                   homes_state *s, const year_ctx *c, const year_work *w,
                   double mwp_start, ls_flows *out)
{
    int year = c->year;
    double gas = 0, elec = 0, heat = 0, count[STATES];
    for (int h = 0; h < STATES; h++) {
        count[h] = in_state(s, h);
        gas += count[h] * c->gas[h];
        elec += count[h] * c->elec[h];
        heat += count[h] * c->heat[h];
    }
    double nom = count[H_NOM] + s->new_nom;
    elec += s->new_elec * c->elec[H_NOM] + s->new_nom * c->elec[H_NOM];
    double yield = ls_param_value(&p->pv_yield, d->pv_yield, year);
    double mwp = homes_mwp(p, d, s, c);
    double pv_tj = mwp_start * yield * LS_TJ_PER_MWH * out->world->pv;
    out->demand[LS_GAS] = gas;
    out->demand[LS_ELEC] = elec;
    out->demand[LS_HEAT] = heat;
    out->production[LS_PV_ROOF] = pv_tj;
    double queue = 0, inv = 0;
    for (int z = 0; z < ZONES; z++)
        for (int t = 0; t < TRANS; t++)
            queue += s->queue[z][t];
    double *m = out->metric;
    for (int k = 0; k < MEASURES; k++)
        inv += m[M_INV_INS + k] = w->invest[k];
    s->invest_cum += inv;
    m[M_STOCK] = count[H_GAS] + count[H_INS] + count[H_HYB] + count[H_HP] +
                 count[H_NET] + nom + s->new_elec;
    m[M_NOM] = nom;
    m[M_RETROFITS] = s->retrofits;
    m[M_INSULATED] = count[H_INS];
    m[M_HYBRID] = count[H_HYB];
    m[M_HEATPUMP] = count[H_HP];
    m[M_HEATNET] = count[H_NET];
    m[M_ON_GAS] = count[H_GAS] + count[H_INS] + count[H_HYB];
    m[M_QUEUE] = queue;
    m[M_INSTALLS] = w->installs;
    m[M_JOBS] = w->jobs;
    m[M_INV] = inv;
    m[M_INV_OWNER] = w->owner;
    m[M_INV_CORP] = w->corp;
    m[M_SUBSIDY] = w->municipal;
    s->subsidy_cum += w->municipal;
    m[M_SUBSIDY_CUM] = s->subsidy_cum;
    m[M_LOANS] = w->loans;
    m[M_INV_CUM] = s->invest_cum;
    m[M_PV_HOMES] = s->pv_yes;
    m[M_PV_MWP] = mwp;
    m[M_PV_EXISTING] = s->pv_kwp / 1000;
    m[M_PV_PAYBACK] = s->pv_payback;
    m[M_PANELS] = mwp * 1000 / ls_param_value(&p->panel_kwp, d->panel_kwp,
                                              year);
    m[M_PV_TJ] = pv_tj;
    m[M_GAS] = gas;
    m[M_ELEC] = elec;
    m[M_HEAT] = heat;
    m[M_DEMAND] = gas + elec + heat;
}

/* Owners without PV install it (ls_pv_rate under this year's payback),
 * new systems of this year's size, as many as the roof potential left
 * holds. */
static void pv_adopt(const homes_params *p, const homes_draw *d,
                     homes_state *s, int year, const ls_world *w,
                     ls_stream *st)
{
    double yield = ls_param_value(&p->pv_yield, d->pv_yield, year);
    double cap = d->pv_roof_mwp * 1000;
    double rate = ls_pv_adoption(&p->pv, &d->pv, &s->pvs, year,
                                 d->elec_price0 * w->elec_price, yield,
                                 cap > 0 ? s->pv_kwp / cap : 1,
                                 &s->pv_payback);
    double size = lesser(d->pv_kwp * s->pvs.size,
                         ls_param_value(&p->pv_kwp_max, d->pv_kwp_max, year));
    double x = ls_binomial(st, S_PV, rate, s->pv_no);
    double room = size > 0 ? whole_down((cap - s->pv_kwp) / size) : x;
    x = lesser(x, greater(room, 0));
    s->pv_no -= x;
    s->pv_yes += x;
    s->pv_kwp += x * size;
    ls_pv_advance(&p->pv, &d->pv, &s->pvs, year);
}

static void homes_step(const void *params, const void *draw, void *state,
                       int year, ls_stream *st, ls_flows *out)
{
    const homes_params *p = params;
    const homes_draw *d = draw;
    homes_state *s = state;
    if (s->year0 == 0) {
        s->year0 = year;
        prime_pipeline(p, d, s, year);
    }
    year_ctx c;
    year_setup(p, d, s, year, out->world, &c);
    for (int t = 0; t < TRANS; t++) {
        c.rate[t] = owner_rate(p, d, &c, t);
        financing(p, d->savings_mean, d->e_loan, d->e_national,
                  c.cost[t] * (1 - c.subsidy), t, &c);
    }
    year_work w = {{0}, 0, 0, 0, 0, 0, 0};
    /* PV installed before this year produces this year. */
    double mwp_start = homes_mwp(p, d, s, &c);
    for (int z = 0; z < ZONES; z++)
        owners_decide(p, d, s, &c, z, st, out, &w);
    corp_step(p, d, s, &c, st, out, &w);
    serve_queue(p, s, &c, out, &w);
    pv_adopt(p, d, s, year, out->world, st);
    new_builds(p, d, s, year, st);
    report(p, d, s, &c, &w, mwp_start, out);
    s->gas_factor *= 1 - ls_param_value(&p->saving_rate, d->saving_rate,
                                        year);
    s->cost_factor *= 1 + ls_param_value(&p->cost_trend, d->cost_trend, year);
}

#define COUNT (LS_M_COUNT | LS_M_NONNEG)
static const ls_metric_def metrics[] = {
    {"stock", "homes", "housing stock", COUNT | LS_M_MONOTONE, "Woningen"},
    {"nom", "homes", "Nul-op-de-meter homes (new and retrofitted)",
     COUNT | LS_M_MONOTONE, "Nul-op-de-meterwoningen"},
    {"retrofits", "homes", "existing homes renovated to NOM so far",
     COUNT | LS_M_MONOTONE, "Woningen gerenoveerd tot NOM"},
    {"insulated", "homes", "insulated homes still on a gas boiler", COUNT, "Geïsoleerde woningen op een cv-ketel"},
    {"hybrid", "homes", "homes with a hybrid heat pump", COUNT, "Woningen met een hybride warmtepomp"},
    {"heatpump", "homes", "existing homes with an all-electric heat pump",
     COUNT | LS_M_MONOTONE, "Bestaande woningen met een warmtepomp"},
    {"heatnet", "homes", "homes on a heat network", COUNT | LS_M_MONOTONE, "Woningen op een warmtenet"},
    {"on_gas", "homes", "homes still using gas for heat", COUNT, "Woningen nog op aardgas"},
    {"queue", "homes", "owners waiting for an installer", COUNT, "Eigenaren wachtend op een installateur"},
    {"installs", "homes", "measures installed this year", COUNT, "Maatregelen uitgevoerd dit jaar"},
    {"jobs", "jobs", "installation jobs used this year", LS_M_NONNEG, "Installatiewerk woningen (klussen)"},
    {"invest_meur", "EUR M", "invested in measures this year (all payers)",
     LS_M_NONNEG, "Investering in woningen (mln EUR)"},
    {"invest_ins_meur", "EUR M", "of which insulation", LS_M_NONNEG, "waarvan isolatie (mln EUR)"},
    {"invest_hyb_meur", "EUR M", "of which hybrid heat pumps", LS_M_NONNEG, "waarvan hybride warmtepompen (mln EUR)"},
    {"invest_hp_meur", "EUR M", "of which all-electric heat pumps",
     LS_M_NONNEG, "waarvan warmtepompen (mln EUR)"},
    {"invest_net_meur", "EUR M", "of which heat-network connections",
     LS_M_NONNEG, "waarvan warmtenetaansluitingen (mln EUR)"},
    {"invest_nom_meur", "EUR M", "of which NOM renovations", LS_M_NONNEG, "waarvan NOM-renovaties (mln EUR)"},
    {"owners_meur", "EUR M", "paid by owners this year", LS_M_NONNEG, "Betaald door eigenaren (mln EUR)"},
    {"corp_meur", "EUR M", "paid by the housing corporation this year",
     LS_M_NONNEG, "Betaald door de woningcorporatie (mln EUR)"},
    {"subsidy_meur", "EUR M", "paid by the municipality (subsidy) this year",
     LS_M_NONNEG, "Subsidie van de gemeente (mln EUR)"},
    {"subsidy_cum_meur", "EUR M", "paid by the municipality (subsidy) so "
     "far", LS_M_NONNEG | LS_M_MONOTONE, "Subsidie van de gemeente tot nu toe (mln EUR)"},
    {"loans_meur", "EUR M", "lent by the municipal fund this year",
     LS_M_NONNEG, "Leningen uit het fonds (mln EUR)"},
    {"invest_cum_meur", "EUR M", "invested in measures so far",
     LS_M_NONNEG | LS_M_MONOTONE, "Investering in woningen tot nu toe (mln EUR)"},
    {"pv_homes", "homes", "non-NOM homes with rooftop PV", COUNT, "Woningen met zonnepanelen"},
    {"pv_mwp", "MWp", "rooftop PV on homes, NOM homes included", LS_M_NONNEG, "Zonnepanelen op woningen (MWp)"},
    {"pv_existing_mwp", "MWp", "rooftop PV on non-NOM homes (at most the "
     "roof potential pv_roof_mwp)", LS_M_NONNEG, "Zonnepanelen op bestaande woningen (MWp)"},
    {"pv_payback", "yr", "payback of a new home PV system this year",
     LS_M_NONNEG, "Terugverdientijd zonnepanelen woning (jaar)"},
    {"panels", "panels", "solar panels on homes", LS_M_NONNEG, "Zonnepanelen op woningen"},
    {"pv_tj", "TJ", "rooftop PV production of homes",
     LS_M_NONNEG | LS_M_SUPPLY, "Zonnestroom woningen (TJ)"},
    {"gas_tj", "TJ", "household gas use", LS_M_NONNEG, "Aardgasgebruik woningen (TJ)"},
    {"elec_tj", "TJ", "household electricity use", LS_M_NONNEG, "Elektriciteitsgebruik woningen (TJ)"},
    {"heat_tj", "TJ", "household district heat", LS_M_NONNEG, "Warmte uit warmtenet woningen (TJ)"},
    {"demand_tj", "TJ", "household final demand", LS_M_NONNEG | LS_M_DEMAND, "Energievraag woningen (TJ)"},
    {NULL, NULL, NULL, 0, NULL},
};

const ls_model_type ls_model_homes = {
    .name = "homes",
    .doc = "housing stock by owner and warmteplan zone: measures with costs "
           "and paybacks, loans, installers, new homes in projects, PV",
    .stage = LS_STAGE_SECTOR,
    .params_size = sizeof(homes_params),
    .draw_size = sizeof(homes_draw),
    .state_size = sizeof(homes_state),
    .metrics = metrics,
    .spec = spec,
    .check = homes_check,
    .sample = homes_sample,
    .init = homes_init,
    .step = homes_step,
};
