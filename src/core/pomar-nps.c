/* pomar-nps.c: NPS, CSAT, the rounding they share, windows and monthly trends. */
#include "pomar-nps.h"

#include <math.h>
#include <string.h>

void
pomar_nps_counts_add (PomarNpsCounts *counts,
                      gint64          score)
{
  if (score >= 9 && score <= 10)
    counts->promoters++;
  else if (score >= 7 && score <= 8)
    counts->passives++;
  else if (score >= 0 && score <= 6)
    counts->detractors++;
}

void
pomar_csat_counts_add (PomarCsatCounts *counts,
                       gint64           score)
{
  if (score < 1 || score > 5)
    return;
  counts->total++;
  if (score >= 4)
    counts->satisfied++;
}

guint
pomar_nps_counts_total (const PomarNpsCounts *counts)
{
  return counts->promoters + counts->passives + counts->detractors;
}

gint64
pomar_round_ratio (gint64 num,
                   gint64 den)
{
  gint64 q;
  gint64 r;

  g_return_val_if_fail (den != 0, 0);

  if (den < 0)
    {
      num = -num;
      den = -den;
    }
  /* Exact integer arithmetic: 100 x 1 / 3 must not become 33.3333...4. */
  q = num / den;
  r = num % den;
  if (2 * (r < 0 ? -r : r) >= den)
    q += num < 0 ? -1 : 1;
  return q;
}

gint64
pomar_round (double value)
{
  /* round() rounds halves away from zero, as domain.md asks. */
  return (gint64) round (value);
}

gboolean
pomar_nps_compute (const PomarNpsCounts *counts,
                   int                  *nps)
{
  guint total = pomar_nps_counts_total (counts);

  if (total == 0)
    return FALSE;
  *nps = (int) pomar_round_ratio (100 * ((gint64) counts->promoters - (gint64) counts->detractors),
                                  (gint64) total);
  return TRUE;
}

gboolean
pomar_csat_compute (const PomarCsatCounts *counts,
                    double                *percent)
{
  if (counts->total == 0)
    return FALSE;
  *percent = 100.0 * counts->satisfied / counts->total;
  return TRUE;
}

gboolean
pomar_day_in_window (PomarDay day,
                     PomarDay as_of,
                     guint    n_days)
{
  return day != POMAR_NO_DAY && n_days > 0 && day <= as_of && day + n_days > as_of;
}

void
pomar_nps_window_add (PomarNpsCounts *counts,
                      PomarDay        day,
                      gint64          score,
                      PomarDay        as_of,
                      guint           n_days)
{
  g_return_if_fail (counts != NULL);

  if (pomar_day_in_window (day, as_of, n_days))
    pomar_nps_counts_add (counts, score);
}

void
pomar_nps_months_init (PomarDay      as_of,
                       PomarNpsMonth months[12])
{
  GDate date;
  int year, month;

  g_return_if_fail (months != NULL);

  memset (months, 0, POMAR_NPS_N_MONTHS * sizeof (PomarNpsMonth));
  g_return_if_fail (as_of != POMAR_NO_DAY && g_date_valid_julian (as_of));

  g_date_clear (&date, 1);
  g_date_set_julian (&date, as_of);
  year = (int) g_date_get_year (&date);
  month = (int) g_date_get_month (&date);

  /* Walk back from the month of as_of to the oldest of the twelve. */
  for (int i = POMAR_NPS_N_MONTHS - 1; i >= 0; i--)
    {
      PomarNpsMonth *m = &months[i];
      GDate first;

      if (year < 1)
        break;
      m->year = year;
      m->month = month;
      g_date_clear (&first, 1);
      g_date_set_dmy (&first, 1, (GDateMonth) month, (GDateYear) year);
      m->first_day = g_date_get_julian (&first);
      if (i == POMAR_NPS_N_MONTHS - 1)
        m->last_day = as_of;
      else
        m->last_day = m->first_day + g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year) - 1;

      if (--month == 0)
        {
          month = 12;
          year--;
        }
    }
}

int
pomar_nps_month_index (const PomarNpsMonth months[12],
                       PomarDay            day)
{
  g_return_val_if_fail (months != NULL, -1);

  if (day == POMAR_NO_DAY)
    return -1;
  for (int i = 0; i < POMAR_NPS_N_MONTHS; i++)
    if (months[i].first_day != POMAR_NO_DAY && day >= months[i].first_day && day <= months[i].last_day)
      return i;
  return -1;
}

void
pomar_nps_months_add (PomarNpsMonth months[12],
                      PomarDay      day,
                      gint64        score)
{
  int i = pomar_nps_month_index (months, day);

  if (i >= 0)
    pomar_nps_counts_add (&months[i].counts, score);
}
