/* pomar-nps.c: NPS, CSAT and the rounding they share. */
#include "pomar-nps.h"

#include <math.h>

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
