/* pomar-ttv.c: time to value over a 7-day sliding window. */
#include "pomar-ttv.h"

#include <stdlib.h>
#include <string.h>

#include "pomar-records.h"

void
pomar_ttv_compute (PomarDay        start,
                   gint64          seats,
                   const PomarDay *days,
                   const gint64   *active,
                   guint           n,
                   PomarDay        as_of,
                   PomarTtv       *ttv)
{
  g_autofree gint64 *per_day = NULL;
  PomarDay first;
  guint span;
  gint64 window = 0;

  memset (ttv, 0, sizeof *ttv);
  if (start == POMAR_NO_DAY || seats == POMAR_NO_INT || seats <= 0 || start > as_of)
    return;

  ttv->known = TRUE;
  ttv->days = (gint64) (as_of - start);

  /* Active users per day from start-6 to as_of: the window of the first
   * candidate day reaches six days before the contract starts. */
  first = start > 6 ? start - 6 : 1;
  span = as_of - first + 1;
  per_day = g_new0 (gint64, span);
  for (guint i = 0; i < n; i++)
    {
      /* Choice: a null active_users counts as 0, like a missing row. */
      if (days[i] < first || days[i] > as_of || active[i] == POMAR_NO_INT || active[i] < 0)
        continue;
      per_day[days[i] - first] += active[i];
    }

  for (guint i = 0; i < span; i++)
    {
      PomarDay d = first + i;

      window += per_day[i];
      if (i >= 7)
        window -= per_day[i - 7];
      /* mean over 7 days of active/seats >= 0.5, in exact integers */
      if (d >= start && 2 * window >= 7 * seats)
        {
          ttv->reached = TRUE;
          ttv->reached_on = d;
          ttv->days = (gint64) (d - start);
          return;
        }
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

gboolean
pomar_median (double *values,
              guint   n,
              double *median)
{
  if (n == 0)
    return FALSE;
  qsort (values, n, sizeof (double), compare_doubles);
  if (n % 2 == 1)
    *median = values[n / 2];
  else
    *median = (values[n / 2 - 1] + values[n / 2]) / 2.0;
  return TRUE;
}
