/* pomar-money.c: per-currency totals, renewals, ARR at risk, annual logo churn,
 * lifetime and LTV. */
#include "pomar-money.h"

#include <math.h>

#include "pomar-stage.h"

void
pomar_money_total_free (PomarMoneyTotal *total)
{
  if (total == NULL)
    return;
  g_free (total->currency);
  g_free (total);
}

/* The total of @currency in @totals, made (at zero, with no account) in its
 * sorted place when there is none. */
static PomarMoneyTotal *
totals_lookup (GPtrArray  *totals,
               const char *currency)
{
  PomarMoneyTotal *total;
  guint i;

  for (i = 0; i < totals->len; i++)
    {
      PomarMoneyTotal *t = g_ptr_array_index (totals, i);
      int cmp = g_strcmp0 (t->currency, currency);

      if (cmp == 0)
        return t;
      if (cmp > 0)
        break;
    }

  total = g_new0 (PomarMoneyTotal, 1);
  total->currency = g_strdup (currency);
  g_ptr_array_insert (totals, (int) i, total);
  return total;
}

void
pomar_money_totals_add (GPtrArray  *totals,
                        const char *currency,
                        double      amount)
{
  PomarMoneyTotal *total;

  g_return_if_fail (totals != NULL);

  total = totals_lookup (totals, currency);
  if (!isnan (amount))
    total->amount += amount;
  total->accounts++;
}

gboolean
pomar_days_to_renewal (PomarDay renewal,
                       PomarDay as_of,
                       gint64  *days)
{
  if (renewal == POMAR_NO_DAY)
    return FALSE;
  *days = (gint64) renewal - (gint64) as_of;
  return TRUE;
}

gboolean
pomar_arr_is_at_risk (const char      *stage,
                      PomarDay         renewal,
                      PomarHealthBand  band,
                      PomarDay         as_of)
{
  gint64 days;

  if (pomar_stage_from_id (stage) == POMAR_STAGE_CHURNED)
    return FALSE;
  if (!pomar_days_to_renewal (renewal, as_of, &days) || days < 0 || days > 90)
    return FALSE;
  return band == POMAR_HEALTH_BAND_RED || band == POMAR_HEALTH_BAND_YELLOW;
}

void
pomar_lifetime_compute (guint          churned,
                        guint          customers,
                        double         default_years,
                        PomarLifetime *lifetime)
{
  lifetime->churned_last_365d = churned;
  lifetime->customers_365d_ago = customers;
  lifetime->from_history = customers > 0 && churned > 0;

  if (!lifetime->from_history)
    {
      lifetime->churn = 0;
      lifetime->years = default_years;
      return;
    }

  /* More churned than there were customers (new accounts that churned
   * within the year) still means everybody left: churn is at most 1. */
  lifetime->churn = MIN (1.0, (double) churned / (double) customers);
  lifetime->years = MIN (POMAR_LTV_MAX_YEARS, 1.0 / lifetime->churn);
}

void
pomar_lifetime_count_account (const PomarStageChange * const *changes,
                              guint                           n,
                              PomarDay                        contract_start,
                              const char                     *current_stage,
                              PomarDay                        as_of,
                              gboolean                       *churned_last_365d,
                              gboolean                       *customer_365d_ago)
{
  const char *churned_id = pomar_stage_to_id (POMAR_STAGE_CHURNED);
  PomarDay then, moved;
  const char *stage_then;
  gboolean churned = FALSE, customer = FALSE;

  if (churned_last_365d != NULL)
    *churned_last_365d = FALSE;
  if (customer_365d_ago != NULL)
    *customer_365d_ago = FALSE;
  g_return_if_fail (as_of > 365);

  /* Churned now, and the history never tells when: see the header. */
  if (pomar_stage_from_id (current_stage) == POMAR_STAGE_CHURNED
      && pomar_stage_last_move_to (changes, n, churned_id, G_MAXUINT32) == POMAR_NO_DAY)
    return;

  /* The window is the 365 days ending on as_of, so "365 days ago" is the
   * day just before it: a customer at the end of that day who left within
   * the window counts on both sides. */
  then = as_of - 365;

  /* Choice: a move into churned counts, not a repeated change to churned
   * of an account that already was (a duplicate would count it twice). */
  moved = pomar_stage_last_move_to (changes, n, churned_id, as_of);
  churned = pomar_day_in_window (moved, as_of, 365);

  stage_then = pomar_stage_as_of (changes, n, then);
  if (stage_then != NULL)
    customer = pomar_stage_from_id (stage_then) != POMAR_STAGE_CHURNED;
  else if (contract_start != POMAR_NO_DAY && contract_start <= then)
    {
      /* The history starts after that day; the contract had started. The
       * first change after it may say where the account came from. Choice:
       * a NULL from_stage (the first stage ever recorded) does not say it
       * was not a customer yet; a from_stage of churned says it had left. */
      customer = pomar_stage_from_id (pomar_stage_from_after (changes, n, then)) != POMAR_STAGE_CHURNED;
    }

  if (churned_last_365d != NULL)
    *churned_last_365d = churned;
  if (customer_365d_ago != NULL)
    *customer_365d_ago = customer;
}

void
pomar_ltv_totals (GPtrArray           *arr_totals,
                  const PomarLifetime *lifetime,
                  GPtrArray           *ltv_out)
{
  g_return_if_fail (arr_totals != NULL);
  g_return_if_fail (lifetime != NULL);
  g_return_if_fail (ltv_out != NULL);

  for (guint i = 0; i < arr_totals->len; i++)
    {
      const PomarMoneyTotal *arr = g_ptr_array_index (arr_totals, i);
      PomarMoneyTotal *ltv = totals_lookup (ltv_out, arr->currency);

      ltv->amount += arr->amount * lifetime->years;
      ltv->accounts += arr->accounts;
    }
}
