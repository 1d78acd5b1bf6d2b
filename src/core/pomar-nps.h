/* pomar-nps.h: NPS and CSAT as domain.md defines them.
 *
 * NPS is 100 x (promoters - detractors) / answers, rounded half away from
 * zero, never an average of scores. CSAT is the share of 4s and 5s. Windows
 * are "the last N days": the N calendar days ending on the day asked for;
 * trends are one NPS per calendar month over the last 12 months.
 */
#pragma once

#include <glib.h>

#include "pomar-day.h"

G_BEGIN_DECLS

typedef struct
{
  guint promoters;   /* 9-10 */
  guint passives;    /* 7-8 */
  guint detractors;  /* 0-6 */
} PomarNpsCounts;

typedef struct
{
  guint satisfied;   /* 4-5 */
  guint total;       /* 1-5 */
} PomarCsatCounts;

/* Scores outside 0..10 (or 1..5 for CSAT) are ignored: they are invalid data
 * and never reach the cache, but the core does not trust that. */
void     pomar_nps_counts_add   (PomarNpsCounts        *counts,
                                 gint64                 score);
void     pomar_csat_counts_add  (PomarCsatCounts       *counts,
                                 gint64                 score);
guint    pomar_nps_counts_total (const PomarNpsCounts  *counts);

/* FALSE (and @nps untouched) when there is no answer. */
gboolean pomar_nps_compute      (const PomarNpsCounts  *counts,
                                 int                   *nps);
/* The share in percent, 0..100, not rounded; FALSE when there is no answer. */
gboolean pomar_csat_compute     (const PomarCsatCounts *counts,
                                 double                *percent);

/* @num / @den rounded to the nearest integer, halves away from zero. */
gint64   pomar_round_ratio      (gint64                 num,
                                 gint64                 den);
/* @value rounded to the nearest integer, halves away from zero. */
gint64   pomar_round            (double                 value);

/* TRUE when @day lies in the @n_days calendar days ending on @as_of. */
gboolean pomar_day_in_window    (PomarDay               day,
                                 PomarDay               as_of,
                                 guint                  n_days);

/* Adds @score to @counts only when @day lies in the @n_days calendar days
 * ending on @as_of (30, 90, 180 or 365 in domain.md). */
void     pomar_nps_window_add   (PomarNpsCounts        *counts,
                                 PomarDay               day,
                                 gint64                 score,
                                 PomarDay               as_of,
                                 guint                  n_days);

/* One calendar month of an NPS trend. */
typedef struct
{
  int            year;
  int            month;      /* 1..12 */
  PomarDay       first_day;  /* the 1st of the month */
  PomarDay       last_day;   /* its last day; for the month of as_of, as_of */
  PomarNpsCounts counts;
} PomarNpsMonth;

#define POMAR_NPS_N_MONTHS 12

/* The 12 calendar months ending with the month of @as_of, oldest first,
 * with zero counts. The current month ends on @as_of: only answers dated on
 * or before it count. */
void     pomar_nps_months_init  (PomarDay               as_of,
                                 PomarNpsMonth          months[12]);
/* The index (0..11) of the month holding @day, or -1 when none does. */
int      pomar_nps_month_index  (const PomarNpsMonth    months[12],
                                 PomarDay               day);
/* Adds @score to the month holding @day, if any. */
void     pomar_nps_months_add   (PomarNpsMonth          months[12],
                                 PomarDay               day,
                                 gint64                 score);

G_END_DECLS
