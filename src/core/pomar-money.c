/* pomar-money.c: per-currency totals, renewals, ARR at risk and lifetime. */
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

void
pomar_money_totals_add (GPtrArray  *totals,
                        const char *currency,
                        double      amount)
{
  PomarMoneyTotal *total;
  guint i;

  for (i = 0; i < totals->len; i++)
    {
      PomarMoneyTotal *t = g_ptr_array_index (totals, i);
      int cmp = g_strcmp0 (t->currency, currency);

      if (cmp == 0)
        {
          if (!isnan (amount))
            t->amount += amount;
          t->accounts++;
          return;
        }
      if (cmp > 0)
        break;
    }

  total = g_new0 (PomarMoneyTotal, 1);
  total->currency = g_strdup (currency);
  total->amount = isnan (amount) ? 0 : amount;
  total->accounts = 1;
  g_ptr_array_insert (totals, (int) i, total);
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
