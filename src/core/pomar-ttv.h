/* pomar-ttv.h: time to value (domain.md).
 *
 * TTV is reached on the first day D, on or after contract_start, on which the
 * mean of active_users / licensed_seats over D-6..D is at least 0.5 (a day
 * without a usage row counts 0). TTV = D - contract_start, in days.
 */
#pragma once

#include <glib.h>

#include "pomar-day.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean known;    /* FALSE: no contract start, no seats, or a start after the day */
  gboolean reached;
  PomarDay reached_on;
  gint64   days;     /* reached: the TTV; not reached: days since contract start ("day N") */
} PomarTtv;

/* @days and @active_users are @n parallel values (one usage row each, any
 * order); rows after @as_of are ignored. */
void   pomar_ttv_compute (PomarDay        contract_start,
                          gint64          licensed_seats,
                          const PomarDay *days,
                          const gint64   *active_users,
                          guint           n,
                          PomarDay        as_of,
                          PomarTtv       *ttv);

/* The median of @n values (the mean of the two middle ones for an even
 * count); FALSE when @n is 0. Sorts @values in place. */
gboolean pomar_median    (double         *values,
                          guint           n,
                          double         *median);

G_END_DECLS
