/* pomar-chart-data.c: what a PomarChart shows, and how it reads.
 *
 * Kept apart from the widget so that the arithmetic (nice scales, label
 * steps, the point under the pointer) and the wording (tick labels, the
 * tooltip, the accessible summary) are tested without a display. Numbers go
 * through printf's "'" flag and dates through GDateTime, so both follow the
 * user's locale; the order of day and month in "12 nov" comes from the
 * locale's own numeric date format, which says whether its people write the
 * day or the month first.
 */
#include "config.h"

#include <langinfo.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "pomar-account-object.h"
#include "pomar-chart-private.h"

/* Data --------------------------------------------------------------------- */

static void
series_free (PomarChartSeries *series)
{
  g_free (series->name);
  g_free (series->values);
  g_free (series->point_roles);
  g_free (series);
}

static void
mark_free (PomarChartMark *mark)
{
  g_free (mark->label);
  g_free (mark);
}

PomarChartData *
pomar_chart_data_new (void)
{
  PomarChartData *data = g_new0 (PomarChartData, 1);

  data->series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  data->marks = g_ptr_array_new_with_free_func ((GDestroyNotify) mark_free);
  data->y_min = NAN;
  data->y_max = NAN;
  data->format = POMAR_CHART_FORMAT_NUMBER;

  return data;
}

void
pomar_chart_data_free (PomarChartData *data)
{
  if (data == NULL)
    return;

  g_free (data->title);
  g_strfreev (data->categories);
  g_ptr_array_unref (data->series);
  g_ptr_array_unref (data->marks);
  g_free (data->currency);
  g_free (data);
}

void
pomar_chart_data_clear (PomarChartData *data)
{
  data->x = POMAR_CHART_X_NONE;
  data->n_points = 0;
  data->first = POMAR_NO_DAY;
  g_clear_pointer (&data->categories, g_strfreev);
  g_ptr_array_set_size (data->series, 0);
}

void
pomar_chart_data_set_dates (PomarChartData *data,
                            PomarChartX     x,
                            PomarDay        first,
                            guint           n)
{
  g_return_if_fail (x == POMAR_CHART_X_DAYS || x == POMAR_CHART_X_MONTHS);

  pomar_chart_data_clear (data);
  if (n == 0 || first == POMAR_NO_DAY || !g_date_valid_julian (first))
    return;

  if (x == POMAR_CHART_X_MONTHS)
    {
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, first);
      g_date_set_day (&date, 1);
      first = g_date_get_julian (&date);
    }

  data->x = x;
  data->first = first;
  data->n_points = n;
}

void
pomar_chart_data_set_categories (PomarChartData     *data,
                                 const char * const *labels)
{
  pomar_chart_data_clear (data);
  if (labels == NULL || labels[0] == NULL)
    return;

  data->x = POMAR_CHART_X_CATEGORIES;
  data->categories = g_strdupv ((char **) labels);
  data->n_points = g_strv_length (data->categories);
}

guint
pomar_chart_data_add_series (PomarChartData *data,
                             const char     *name,
                             PomarChartKind  kind,
                             PomarChartRole  role,
                             const double   *values,
                             guint           n)
{
  PomarChartSeries *series = g_new0 (PomarChartSeries, 1);

  series->name = g_strdup (name);
  series->kind = kind;
  series->role = role;
  series->values = g_new (double, MAX (data->n_points, 1));
  for (guint i = 0; i < data->n_points; i++)
    series->values[i] = i < n && values != NULL ? values[i] : NAN;

  g_ptr_array_add (data->series, series);
  return data->series->len - 1;
}

gboolean
pomar_chart_data_is_empty (const PomarChartData *data)
{
  for (guint s = 0; s < data->series->len; s++)
    {
      const PomarChartSeries *series = g_ptr_array_index (data->series, s);

      for (guint i = 0; i < data->n_points; i++)
        if (isfinite (series->values[i]))
          return FALSE;
    }
  return TRUE;
}

PomarDay
pomar_chart_data_get_day (const PomarChartData *data,
                          guint                 i)
{
  GDate date;

  if (data->x == POMAR_CHART_X_DAYS)
    return data->first + i;
  if (data->x != POMAR_CHART_X_MONTHS)
    return POMAR_NO_DAY;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, data->first);
  g_date_add_months (&date, i);
  return g_date_get_julian (&date);
}

/* Scales ------------------------------------------------------------------- */

guint
pomar_chart_nice_scale (double           lo,
                        double           hi,
                        gboolean         fixed,
                        gboolean         integral,
                        PomarChartScale *scale)
{
  static const double mantissas[] = { 1, 2, 2.5, 5 };
  PomarChartScale best = { 0 };
  PomarChartScale fallback = { 0 };
  guint best_score = G_MAXUINT;
  gboolean have_fallback = FALSE;
  double base;

  if (!isfinite (lo) || !isfinite (hi))
    {
      lo = 0;
      hi = 1;
    }
  if (lo > hi)
    {
      double swap = lo;

      lo = hi;
      hi = swap;
    }
  /* One value: an axis from zero to it, or from zero to one for zero. */
  if (hi - lo < 1e-9 * MAX (1.0, fabs (hi)))
    {
      if (hi > 0)
        lo = 0;
      else if (lo < 0)
        hi = 0;
      else
        hi = 1;
    }

  /* A tenth of the range's decade is a step of more than ten ticks; four
   * decades up is a step wider than the range. */
  base = pow (10, floor (log10 (hi - lo)) - 1);
  for (int decade = 0; decade < 4; decade++)
    for (guint m = 0; m < G_N_ELEMENTS (mantissas); m++)
      {
        double step = mantissas[m] * base * pow (10, decade);
        PomarChartScale candidate;
        double first, last;
        guint ticks, score;

        if (integral && (step < 1 - 1e-9 || fabs (step - round (step)) > 1e-9))
          continue;

        /* The epsilons keep 0.1 * 3 from making a tick of its own. */
        if (fixed)
          {
            first = ceil (lo / step - 1e-9);
            last = floor (hi / step + 1e-9);
            candidate.min = lo;
            candidate.max = hi;
          }
        else
          {
            first = floor (lo / step + 1e-9);
            last = ceil (hi / step - 1e-9);
            candidate.min = first * step;
            candidate.max = last * step;
          }
        if (last < first)
          continue;

        ticks = (guint) (last - first) + 1;
        candidate.step = step;
        candidate.first_tick = first * step;
        candidate.n_ticks = ticks;

        if (ticks <= 6 && !have_fallback)
          {
            fallback = candidate;
            have_fallback = TRUE;
          }
        /* Five ticks read best; at a tie, the finer step, whose range
         * wastes less room above the values. */
        if (ticks >= 4 && ticks <= 6)
          {
            score = ticks > 5 ? ticks - 5 : 5 - ticks;
            if (score < best_score)
              {
                best = candidate;
                best_score = score;
              }
          }
      }

  *scale = best_score != G_MAXUINT ? best : fallback;
  return scale->n_ticks;
}

void
pomar_chart_data_get_scale (const PomarChartData *data,
                            PomarChartScale      *scale)
{
  gboolean integral = data->format == POMAR_CHART_FORMAT_CURRENCY;
  gboolean all_whole = TRUE;
  double lo = 0, hi = 0;

  for (guint s = 0; s < data->series->len; s++)
    {
      const PomarChartSeries *series = g_ptr_array_index (data->series, s);

      for (guint i = 0; i < data->n_points; i++)
        {
          double v = series->values[i];

          if (!isfinite (v))
            continue;
          lo = MIN (lo, v);
          hi = MAX (hi, v);
          all_whole = all_whole && v == floor (v);
        }
    }
  /* Counts get whole-number ticks: no "0.5 events". */
  integral = integral || all_whole;

  if (isfinite (data->y_min) && isfinite (data->y_max))
    {
      pomar_chart_nice_scale (data->y_min, data->y_max, TRUE, integral, scale);
      return;
    }

  for (guint m = 0; m < data->marks->len; m++)
    {
      const PomarChartMark *mark = g_ptr_array_index (data->marks, m);

      lo = MIN (lo, MIN (mark->from, mark->to));
      hi = MAX (hi, MAX (mark->from, mark->to));
    }

  pomar_chart_nice_scale (lo, hi, FALSE, integral, scale);
}

int
pomar_chart_nearest_index (guint  n_points,
                           double plot_x,
                           double plot_width,
                           double x)
{
  double slot;
  double i;

  if (n_points == 0 || !(plot_width > 0))
    return -1;

  slot = plot_width / n_points;
  i = floor ((x - plot_x) / slot);
  return (int) CLAMP (i, 0, (double) n_points - 1);
}

guint
pomar_chart_label_step (PomarChartX x,
                        double      slot_width,
                        double      label_space)
{
  /* Steps a reader counts in: weeks for days, quarters for months. */
  static const guint day_steps[] = { 1, 2, 7, 14, 28, 56, 91, 182, 364 };
  static const guint month_steps[] = { 1, 2, 3, 4, 6, 12, 24, 60, 120 };
  const guint *steps = NULL;
  guint n_steps = 0;
  double needed;

  if (!(slot_width > 0))
    return 1;

  if (x == POMAR_CHART_X_DAYS)
    {
      steps = day_steps;
      n_steps = G_N_ELEMENTS (day_steps);
    }
  else if (x == POMAR_CHART_X_MONTHS)
    {
      steps = month_steps;
      n_steps = G_N_ELEMENTS (month_steps);
    }

  for (guint i = 0; i < n_steps; i++)
    if (steps[i] * slot_width >= label_space)
      return steps[i];

  needed = ceil (label_space / slot_width);
  return (guint) MAX (1, MIN (needed, G_MAXINT));
}

/* Texts -------------------------------------------------------------------- */

char *
pomar_chart_format_number (double value,
                           int    decimals)
{
  g_autofree char *digits = NULL;

  decimals = CLAMP (decimals, 0, 6);
  /* What rounds to zero is zero, not "−0". */
  if (fabs (value) < 0.5 * pow (10, -decimals))
    value = 0;

  digits = g_strdup_printf ("%'.*f", decimals, fabs (value));
  if (value < 0)
    return g_strconcat ("\u2212", digits, NULL);
  return g_steal_pointer (&digits);
}

/* The fewest decimals that write @step exactly (2.5: one, 0.25: two). */
static int
decimals_for_step (double step)
{
  for (int d = 0; d < 6; d++)
    {
      double scaled = step * pow (10, d);

      if (fabs (scaled - round (scaled)) < 1e-6 * MAX (1.0, scaled))
        return d;
    }
  return 6;
}

char *
pomar_chart_data_format_value (const PomarChartData *data,
                               double                value,
                               int                   decimals)
{
  g_autofree char *number = NULL;

  if (!isfinite (value))
    return g_strdup (_("no value"));

  if (data->format == POMAR_CHART_FORMAT_CURRENCY)
    return pomar_format_money (value, data->currency);

  if (decimals < 0)
    {
      if (value == floor (value))
        decimals = 0;
      else
        decimals = fabs (value) < 1 ? 2 : 1;
    }
  number = pomar_chart_format_number (value, decimals);

  if (data->format == POMAR_CHART_FORMAT_PERCENT)
    /* Translators: a percentage on a chart; %s is the number. */
    return g_strdup_printf (C_("chart value", "%s%%"), number);
  return g_steal_pointer (&number);
}

char *
pomar_chart_data_format_tick (const PomarChartData  *data,
                              const PomarChartScale *scale,
                              double                 value)
{
  return pomar_chart_data_format_value (data, value, decimals_for_step (scale->step));
}

/* Whether this locale writes the month before the day (10/31/2026), as
 * its numeric date format says. A format that starts with the year (ISO
 * 8601) reads "31 oct" best. */
static gboolean
month_before_day (void)
{
  const char *format = nl_langinfo (D_FMT);
  const char *month, *day;

  if (format == NULL || (format[0] == '%' && (format[1] == 'Y' || format[1] == 'y')))
    return FALSE;

  month = strstr (format, "%m");
  day = strstr (format, "%d");
  if (day == NULL)
    day = strstr (format, "%e");
  return month != NULL && day != NULL && month < day;
}

static char *
format_day (PomarDay    day,
            const char *format)
{
  g_autoptr (GDateTime) date_time = NULL;
  char *text = NULL;
  GDate date;

  if (day == POMAR_NO_DAY || !g_date_valid_julian (day))
    return g_strdup ("");

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  date_time = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date),
                                   g_date_get_day (&date), 12, 0, 0);
  if (date_time != NULL)
    text = g_date_time_format (date_time, format);
  return text != NULL ? text : g_strdup ("");
}

char *
pomar_chart_data_format_x_tick (const PomarChartData *data,
                                guint                 i,
                                char                **year)
{
  PomarDay day;

  if (year != NULL)
    *year = NULL;
  if (i >= data->n_points)
    return g_strdup ("");

  switch (data->x)
    {
    case POMAR_CHART_X_CATEGORIES:
      return g_strdup (data->categories[i]);

    case POMAR_CHART_X_DAYS:
    case POMAR_CHART_X_MONTHS:
      day = pomar_chart_data_get_day (data, i);
      if (year != NULL)
        *year = format_day (day, "%Y");
      if (data->x == POMAR_CHART_X_MONTHS)
        return format_day (day, "%b");
      return format_day (day, month_before_day () ? "%b %-d" : "%-d %b");

    case POMAR_CHART_X_NONE:
    default:
      return g_strdup ("");
    }
}

char *
pomar_chart_data_format_x_long (const PomarChartData *data,
                                guint                 i)
{
  PomarDay day;

  if (i >= data->n_points)
    return g_strdup ("");

  switch (data->x)
    {
    case POMAR_CHART_X_CATEGORIES:
      return g_strdup (data->categories[i]);

    case POMAR_CHART_X_MONTHS:
      return format_day (pomar_chart_data_get_day (data, i), "%B %Y");

    case POMAR_CHART_X_DAYS:
      day = pomar_chart_data_get_day (data, i);
      return format_day (day, month_before_day () ? "%b %-d, %Y" : "%-d %b %Y");

    case POMAR_CHART_X_NONE:
    default:
      return g_strdup ("");
    }
}

static const char *
series_name (const PomarChartSeries *series)
{
  return series->name != NULL ? series->name : "";
}

char *
pomar_chart_data_describe_point (const PomarChartData *data,
                                 guint                 i,
                                 gboolean              multiline)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *x = NULL;
  g_autofree char *values = NULL;

  if (i >= data->n_points)
    return g_strdup ("");

  x = pomar_chart_data_format_x_long (data, i);
  for (guint s = 0; s < data->series->len; s++)
    {
      const PomarChartSeries *series = g_ptr_array_index (data->series, s);
      g_autofree char *value = pomar_chart_data_format_value (data, series->values[i], -1);

      if (series->name != NULL)
        /* Translators: a series and its value at one point of a chart,
         * "NPS 42". */
        g_ptr_array_add (items, g_strdup_printf (C_("chart point", "%s %s"), series->name, value));
      else
        g_ptr_array_add (items, g_steal_pointer (&value));
    }
  g_ptr_array_add (items, NULL);

  values = g_strjoinv (multiline ? "\n" : C_("chart point, between values", ", "),
                       (char **) items->pdata);
  if (items->len == 1)
    return g_steal_pointer (&x);
  if (multiline)
    return g_strconcat (x, "\n", values, NULL);
  /* Translators: a point of a chart and its values, "12 Nov 2026 — NPS 42". */
  return g_strdup_printf (C_("chart point", "%s — %s"), x, values);
}

/* The summary -------------------------------------------------------------- */

/* What one series of dates shows: its first and last values, its lowest
 * and highest and when, and how many points have no value. */
static char *
summarize_dates (const PomarChartData   *data,
                 const PomarChartSeries *series)
{
  g_autofree char *text = NULL;
  guint n_values = 0, n_gaps = 0;
  guint first = 0, last = 0, lowest = 0, highest = 0;

  for (guint i = 0; i < data->n_points; i++)
    {
      double v = series->values[i];

      if (!isfinite (v))
        {
          n_gaps++;
          continue;
        }
      if (n_values == 0)
        first = lowest = highest = i;
      last = i;
      if (v < series->values[lowest])
        lowest = i;
      if (v > series->values[highest])
        highest = i;
      n_values++;
    }

  if (n_values == 0)
    return g_strdup (_("no values"));

  if (n_values == 1)
    {
      g_autofree char *value = pomar_chart_data_format_value (data, series->values[first], -1);
      g_autofree char *when = pomar_chart_data_format_x_long (data, first);

      if (data->x == POMAR_CHART_X_MONTHS)
        /* Translators: the only value of a chart, "42 in March 2026". */
        text = g_strdup_printf (C_("chart summary", "%s in %s"), value, when);
      else
        /* Translators: the only value of a chart, "42 on 12 Mar 2026". */
        text = g_strdup_printf (C_("chart summary", "%s on %s"), value, when);
    }
  else if (series->values[lowest] == series->values[highest])
    {
      g_autofree char *value = pomar_chart_data_format_value (data, series->values[first], -1);

      /* Translators: a series whose every value is the same, "50 throughout". */
      text = g_strdup_printf (C_("chart summary", "%s throughout"), value);
    }
  else
    {
      g_autofree char *from = pomar_chart_data_format_value (data, series->values[first], -1);
      g_autofree char *to = pomar_chart_data_format_value (data, series->values[last], -1);
      g_autofree char *low = pomar_chart_data_format_value (data, series->values[lowest], -1);
      g_autofree char *low_when = pomar_chart_data_format_x_long (data, lowest);
      g_autofree char *high = pomar_chart_data_format_value (data, series->values[highest], -1);
      g_autofree char *high_when = pomar_chart_data_format_x_long (data, highest);

      if (data->x == POMAR_CHART_X_MONTHS)
        /* Translators: a series of a chart by month: its first and last
         * values, its lowest and highest and their months. */
        text = g_strdup_printf (_("from %s to %s, lowest %s in %s, highest %s in %s"),
                                from, to, low, low_when, high, high_when);
      else
        /* Translators: a series of a chart by day: its first and last
         * values, its lowest and highest and their days. */
        text = g_strdup_printf (_("from %s to %s, lowest %s on %s, highest %s on %s"),
                                from, to, low, low_when, high, high_when);
    }

  if (n_gaps > 0)
    {
      g_autofree char *gaps = NULL;

      if (data->x == POMAR_CHART_X_MONTHS)
        gaps = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u month without a value",
                                             "%u months without a value",
                                             n_gaps),
                                n_gaps);
      else
        gaps = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u day without a value",
                                             "%u days without a value",
                                             n_gaps),
                                n_gaps);
      /* Translators: a series' values, then its gaps. */
      return g_strdup_printf (C_("chart summary", "%s; %s"), text, gaps);
    }

  return g_steal_pointer (&text);
}

/* A series of categories, value by value: "Red 12, Yellow 30, Green 58". */
static char *
summarize_categories (const PomarChartData   *data,
                      const PomarChartSeries *series)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < data->n_points; i++)
    {
      g_autofree char *value = pomar_chart_data_format_value (data, series->values[i], -1);

      /* Translators: a category of a chart and its value, "Red 12". */
      g_ptr_array_add (items, g_strdup_printf (C_("chart summary", "%s %s"),
                                               data->categories[i], value));
    }
  g_ptr_array_add (items, NULL);

  return g_strjoinv (C_("chart summary, between values", ", "), (char **) items->pdata);
}

char *
pomar_chart_data_build_summary (const PomarChartData *data,
                                const char           *empty_text)
{
  g_autoptr (GString) summary = g_string_new (NULL);
  g_autofree char *range = NULL;
  g_autofree char *header = NULL;

  if (pomar_chart_data_is_empty (data))
    {
      if (data->title != NULL)
        /* Translators: a chart's title, then why it shows nothing. */
        return g_strdup_printf (C_("chart summary", "%s: %s"), data->title, empty_text);
      return g_strdup (empty_text);
    }

  if (data->x == POMAR_CHART_X_DAYS || data->x == POMAR_CHART_X_MONTHS)
    {
      g_autofree char *from = pomar_chart_data_format_x_long (data, 0);
      g_autofree char *to = pomar_chart_data_format_x_long (data, data->n_points - 1);

      /* Translators: the dates a chart covers, "November 2025 to October
       * 2026". */
      if (data->n_points > 1)
        range = g_strdup_printf (_("%s to %s"), from, to);
      else
        range = g_steal_pointer (&from);
    }

  if (data->title != NULL && range != NULL)
    /* Translators: a chart's title and the dates it covers. */
    header = g_strdup_printf (C_("chart summary", "%s, %s"), data->title, range);
  else if (data->title != NULL)
    header = g_strdup (data->title);
  else
    header = g_steal_pointer (&range);

  for (guint s = 0; s < data->series->len; s++)
    {
      const PomarChartSeries *series = g_ptr_array_index (data->series, s);
      g_autofree char *values = NULL;
      g_autofree char *sentence = NULL;
      const char *subject;

      if (data->x == POMAR_CHART_X_CATEGORIES)
        values = summarize_categories (data, series);
      else
        values = summarize_dates (data, series);

      /* One series: "NPS by month, …: from 12 to 42…". Several: the header
       * as a sentence of its own, then one sentence per series, by name. */
      if (data->series->len == 1)
        subject = header;
      else
        {
          if (s == 0 && header != NULL)
            g_string_append_printf (summary, C_("chart summary", "%s."), header);
          subject = series_name (series);
        }

      if (subject != NULL && *subject != '\0')
        /* Translators: what a chart (or one of its series) shows, then its
         * values. */
        sentence = g_strdup_printf (C_("chart summary", "%s: %s."), subject, values);
      else
        sentence = g_strdup_printf (C_("chart summary", "%s."), values);

      if (summary->len > 0)
        g_string_append_c (summary, ' ');
      g_string_append (summary, sentence);
    }

  return g_string_free (g_steal_pointer (&summary), FALSE);
}
