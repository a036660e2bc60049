/*
 * fund.c - the municipal loan fund (stimuleringslening duurzaamheid): a
 * revolving budget that owners borrow from and repay into (a driver).
 *
 * The balance B is what the fund can lend.  Each year the driver reads
 * what the sectors borrowed in the previous year (L, the world's
 * used[LS_POOL_LOAN]), books its repayments as an annuity over `term`
 * years at `interest`, and sets this year's lending limit:
 *   B(t) = B(t-1) - L(t-1) + repayments due in t + topup(t),
 * with B(first year) = budget0 + topup(first year).  Sectors claim loans
 * from cap[LS_POOL_LOAN] = B(t) (ls_claim), so the fund can run dry but
 * never goes below zero: a claim gets at most what is left.  Amounts are
 * EUR million.  It draws no random numbers of its own.
 */
#include <math.h>
#include <stddef.h>

#include "model.h"

/* Longest loan term the repayment book holds. */
#define FUND_TERM_MAX 40

typedef struct fund_params {
    ls_param budget0;    /* EUR million in the fund at the start */
    ls_param topup;      /* EUR million/yr added by the council */
    double interest;     /* yearly interest on the loans */
    long long term;      /* years */
} fund_params;

typedef struct fund_draw {
    double budget0, topup;
} fund_draw;

typedef struct fund_state {
    double balance;                 /* EUR million available */
    double due[FUND_TERM_MAX];      /* repayments by year, a ring */
    int year;                       /* last year stepped (0 before it) */
} fund_state;

static const ls_param_spec spec[] = {
    LS_SPEC_DIST_ONCE(fund_params, fund_draw, budget0, 0, 0, 1e6, "EUR M",
                      "money in the loan fund at the start",
                      "Startkapitaal duurzaamheidsfonds", "geld in het "
                      "gemeentelijke leningenfonds (stimuleringslening "
                      "duurzaamheid) bij de start"),
    LS_SPEC_DIST(fund_params, fund_draw, topup, 0, 0, 1e6, 0, "EUR M/yr",
                 "money the council adds to the fund each year",
                 "Jaarlijkse aanvulling van het fonds", "geld dat de "
                 "gemeenteraad elk jaar aan het leningenfonds toevoegt"),
    {.name = "interest", .kind = LS_PARAM_REAL,
     .offset = offsetof(fund_params, interest), .lo = 0, .hi = 0.2,
     .required = 1, .unit = "1/yr",
     .doc = "yearly interest the borrowers pay",
     .label = "Rente op de lening",
     .doc_nl = "jaarlijkse rente die de leners aan het fonds betalen"},
    LS_SPEC_INT(fund_params, term, 1, 1, FUND_TERM_MAX, 10, "years",
                "years over which a loan is repaid",
                "Looptijd van de lening", "aantal jaren waarin een lening "
                "wordt afgelost"),
    LS_SPEC_END,
};

static void fund_init(const void *params, const void *draw, void *state)
{
    (void)params;
    const fund_draw *d = draw;
    fund_state *s = state;
    s->balance = d->budget0;
    for (int i = 0; i < FUND_TERM_MAX; i++)
        s->due[i] = 0;
    s->year = 0;
}

/* The yearly annuity that repays `lent` over n years at rate r. */
static double annuity(double lent, double r, long long n)
{
    if (r <= 0)
        return lent / (double)n;
    return lent * r / (1 - pow(1 + r, -(double)n));
}

static void fund_step(const void *params, const void *draw, void *state,
                      int year, ls_stream *st, ls_flows *out)
{
    (void)st;
    const fund_params *p = params;
    const fund_draw *d = draw;
    fund_state *s = state;
    int slot = (int)((unsigned)year % FUND_TERM_MAX);
    if (s->year != 0) {
        /* Last year's loans, repaid from this year on. */
        double lent = out->world->used[LS_POOL_LOAN];
        double a = annuity(lent, p->interest, p->term);
        for (long long k = 0; k < p->term; k++)
            s->due[(slot + k) % FUND_TERM_MAX] += a;
        s->balance -= lent;
    }
    double back = s->due[slot];
    s->due[slot] = 0;
    s->balance += back + ls_param_value(&p->topup, d->topup, year);
    if (s->balance < 0)  /* rounding only: claims never exceed it */
        s->balance = 0;
    s->year = year;
    out->drive->cap[LS_POOL_LOAN] = s->balance;
    out->metric[0] = s->balance;
    out->metric[1] = back;
}

static const ls_metric_def metrics[] = {
    {"balance_meur", "EUR M", "money the loan fund can lend this year",
     LS_M_NONNEG, "Saldo duurzaamheidsfonds (mln EUR)"},
    {"repaid_meur", "EUR M", "repayments (with interest) this year",
     LS_M_NONNEG, "Aflossingen aan het fonds (mln EUR)"},
    {NULL, NULL, NULL, 0, NULL},
};

const ls_model_type ls_model_fund = {
    .name = "fund",
    .doc = "municipal revolving loan fund for owners' measures",
    .stage = LS_STAGE_DRIVER,
    .params_size = sizeof(fund_params),
    .draw_size = sizeof(fund_draw),
    .state_size = sizeof(fund_state),
    .metrics = metrics,
    .spec = spec,
    .check = NULL,
    .sample = NULL,
    .init = fund_init,
    .step = fund_step,
};
