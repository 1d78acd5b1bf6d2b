/* pomar-day.h: calendar days as plain numbers.
 *
 * The core counts days, so it works with GLib's Julian day numbers (day 1 is
 * 0001-01-01) rather than with dates. A timestamp belongs to the calendar day
 * of its UTC date: the contract's timestamps are UTC, and this keeps every
 * figure the same whatever the time zone of the computer computing it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef guint32 PomarDay;

#define POMAR_NO_DAY ((PomarDay) 0)

/* "YYYY-MM-DD" (or an RFC 3339 timestamp: its UTC date) to a day;
 * POMAR_NO_DAY for NULL or anything that does not parse. */
PomarDay pomar_day_parse      (const char *text);
/* For showing, not counting: "YYYY-MM-DD" as written, an RFC 3339
 * timestamp as its calendar day in local time; POMAR_NO_DAY for NULL or
 * anything that does not parse. */
PomarDay pomar_day_parse_local (const char *text);
/* "YYYY-MM-DD" into @buf (at least 11 bytes); returns @buf. */
char    *pomar_day_format     (PomarDay    day,
                               char       *buf);
PomarDay pomar_day_from_date  (const GDate *date);
/* Today, local time; POMAR_TODAY=YYYY-MM-DD in the environment pins it. */
PomarDay pomar_day_today      (void);
/* Now, in UTC (noon of the pinned day when POMAR_TODAY is set). */
GDateTime *pomar_now_utc      (void);

G_END_DECLS
