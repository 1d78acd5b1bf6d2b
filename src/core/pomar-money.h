/* pomar-money.h: renewals, ARR at risk and the LTV estimate (domain.md, Money).
 *
 * Money is never added across currencies: every portfolio figure is a list
 * of (currency, amount) totals.
 */
#pragma once

#include <glib.h>

#include "pomar-day.h"
#include "pomar-health.h"
#include "pomar-stage-history.h"

G_BEGIN_DECLS

#define POMAR_LTV_MAX_YEARS 10.0

typedef struct
{
  char  *currency;  /* NULL: accounts without a currency */
  double amount;
  guint  accounts;
} PomarMoneyTotal;

void       pomar_money_total_free   (PomarMoneyTotal *total);

/* Adds @amount to the total of @currency in @totals (a GPtrArray of
 * PomarMoneyTotal, made with g_ptr_array_new_with_free_func
 * (pomar_money_total_free)), keeping the array sorted by currency. */
void       pomar_money_totals_add   (GPtrArray       *totals,
                                     const char      *currency,
                                     double           amount);

/* renewal - as_of in days (negative once it has passed); FALSE without a
 * renewal date. */
gboolean   pomar_days_to_renewal    (PomarDay         renewal,
                                     PomarDay         as_of,
                                     gint64          *days);

/* An account's ARR is at risk when its renewal falls within the next 90
 * days (0..90) and its health band is red or yellow. Choice: a churned
 * account is never at risk (it is already lost), nor is one whose renewal
 * date has passed (it is no longer coming). */
gboolean   pomar_arr_is_at_risk     (const char      *stage,
                                     PomarDay         renewal,
                                     PomarHealthBand  band,
                                     PomarDay         as_of);

/* Annual logo churn = churned in the last 365 days / customers 365 days ago;
 * expected lifetime = 1 / churn, capped at 10 years; @default_years when
 * there is no churn history (no customer a year ago, or nobody churned). */
typedef struct
{
  guint    churned_last_365d;
  guint    customers_365d_ago;
  gboolean from_history;   /* FALSE: @years is the default */
  double   churn;          /* 0..1 when from_history */
  double   years;
} PomarLifetime;

void       pomar_lifetime_compute   (guint            churned_last_365d,
                                     guint            customers_365d_ago,
                                     double           default_years,
                                     PomarLifetime   *lifetime);

/* What one account adds to the two counts of annual logo churn, as of
 * @as_of, from its stage history (@changes, any order, may be NULL with @n
 * 0), its contract start and its current stage:
 *  - @churned_last_365d: it moved to churned in the 365 days ending on
 *    @as_of (a change to churned from another stage, dated in the window);
 *  - @customer_365d_ago: on @as_of - 365 its stage was one other than
 *    churned; when the history says nothing on or before that day, its
 *    contract had started by then (an unknown contract start is not known
 *    to have) and it is not known to have churned by then.
 * Choice: an account whose current stage is churned but whose history never
 * records the move counts in neither: Pomar does not know when it left (a
 * year ago, last month), and counting it on one side only would bias the
 * churn rate. */
void       pomar_lifetime_count_account (const PomarStageChange * const *changes,
                                         guint                           n,
                                         PomarDay                        contract_start,
                                         const char                     *current_stage,
                                         PomarDay                        as_of,
                                         gboolean                       *churned_last_365d,
                                         gboolean                       *customer_365d_ago);

/* LTV (estimate) per currency = ARR x @lifetime's expected years, added to
 * @ltv_out (PomarMoneyTotal, kept sorted by currency; each total keeps the
 * number of accounts of its ARR total). @arr_totals is the ARR the
 * portfolio's LTV is of: callers pass the ARR of the current customers
 * (accounts whose stage is not churned), since a churned account brings no
 * more value. */
void       pomar_ltv_totals         (GPtrArray           *arr_totals,
                                     const PomarLifetime *lifetime,
                                     GPtrArray           *ltv_out);

G_END_DECLS
