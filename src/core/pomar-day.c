/* pomar-day.c: calendar days as Julian day numbers. */
#include "pomar-day.h"

#include <string.h>

static gboolean
parse_digits (const char *s,
              guint       n,
              guint      *out)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (guint) (s[i] - '0');
    }
  *out = v;
  return TRUE;
}

PomarDay
pomar_day_parse (const char *text)
{
  guint y, m, d;

  if (text == NULL || strlen (text) < 10 || text[4] != '-' || text[7] != '-')
    return POMAR_NO_DAY;
  if (!parse_digits (text, 4, &y) || !parse_digits (text + 5, 2, &m) || !parse_digits (text + 8, 2, &d))
    return POMAR_NO_DAY;

  if (text[10] != '\0')
    {
      g_autoptr (GDateTime) dt = NULL;
      g_autoptr (GDateTime) utc = NULL;
      g_autoptr (GTimeZone) tz = NULL;

      /* A full timestamp: its date in UTC (an offset may move it a day). */
      if (text[10] != 'T' && text[10] != 't' && text[10] != ' ')
        return POMAR_NO_DAY;
      tz = g_time_zone_new_utc ();
      dt = g_date_time_new_from_iso8601 (text, tz);
      if (dt == NULL)
        return POMAR_NO_DAY;
      utc = g_date_time_to_utc (dt);
      y = (guint) g_date_time_get_year (utc);
      m = (guint) g_date_time_get_month (utc);
      d = (guint) g_date_time_get_day_of_month (utc);
    }

  if (y < 1 || y > 9999 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return POMAR_NO_DAY;

  {
    GDate date;

    g_date_clear (&date, 1);
    g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
    return g_date_get_julian (&date);
  }
}

PomarDay
pomar_day_parse_local (const char *text)
{
  g_autoptr (GDateTime) parsed = NULL;
  g_autoptr (GDateTime) local = NULL;
  GDate date;

  if (text == NULL || strlen (text) <= 10)
    return pomar_day_parse (text);

  /* A timestamp without an offset is local time already. */
  parsed = g_date_time_new_from_iso8601 (text, NULL);
  if (parsed == NULL)
    return POMAR_NO_DAY;
  local = g_date_time_to_local (parsed);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));
  return g_date_get_julian (&date);
}

char *
pomar_day_format (PomarDay  day,
                  char     *buf)
{
  GDate date;

  if (day == POMAR_NO_DAY || !g_date_valid_julian (day))
    {
      buf[0] = '\0';
      return buf;
    }
  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  g_snprintf (buf, 11, "%04u-%02u-%02u", g_date_get_year (&date),
              (guint) g_date_get_month (&date), (guint) g_date_get_day (&date));
  return buf;
}

PomarDay
pomar_day_from_date (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return POMAR_NO_DAY;
  return g_date_get_julian (date);
}

/* POMAR_TODAY=YYYY-MM-DD pins "today" (and "now", at noon UTC of that day):
 * the tests compute figures for a fixed day with it, and a person can see
 * the book as it looked on a given day. */
static PomarDay
pinned_today (void)
{
  const char *pinned = g_getenv ("POMAR_TODAY");

  if (pinned == NULL || *pinned == '\0' || strlen (pinned) != 10)
    return POMAR_NO_DAY;
  return pomar_day_parse (pinned);
}

/* Today in the computer's local time zone: "now" is the wall clock of the
 * person looking at the screen. */
PomarDay
pomar_day_today (void)
{
  g_autoptr (GDateTime) now = NULL;
  PomarDay pinned = pinned_today ();
  GDate date;

  if (pinned != POMAR_NO_DAY)
    return pinned;

  now = g_date_time_new_now_local ();
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  return g_date_get_julian (&date);
}

GDateTime *
pomar_now_utc (void)
{
  PomarDay pinned = pinned_today ();
  GDate date;

  if (pinned == POMAR_NO_DAY)
    return g_date_time_new_now_utc ();

  g_date_clear (&date, 1);
  g_date_set_julian (&date, pinned);
  return g_date_time_new_utc ((int) g_date_get_year (&date), (int) g_date_get_month (&date),
                              (int) g_date_get_day (&date), 12, 0, 0);
}
