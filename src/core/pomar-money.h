/* pomar-money.h: renewals, ARR at risk and the LTV estimate (domain.md, Money).
 *
 * Money is never added across currencies: every portfolio figure is a list
 * of (currency, amount) totals.
 */
#pragma once

#include <glib.h>

#include "pomar-day.h"
#include "pomar-health.h"

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

G_END_DECLS
