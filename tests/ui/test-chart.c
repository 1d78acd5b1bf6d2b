/* test-chart.c: PomarChart, the one chart widget.
 *
 * Most of a chart is arithmetic and wording (pomar-chart-private.h): nice
 * scales, label steps, the point under the pointer, tick labels, the
 * tooltip and the accessible summary. Those run anywhere, in the C locale
 * and in pt_BR (a decimal comma, day before month), compiled for the test
 * with localedef when the system lacks it, as tests/cli does. The widget
 * itself (that it draws, and what it tells a screen reader) needs a
 * display: under xvfb-run it has one, and without one those cases skip.
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include <gtk/gtk.h>

#include "../cli/cli-test-util.h"
#include "ui/pomar-chart-private.h"

static gboolean have_display;

/* NPS by month, November 2025 to October 2026, no answers in March. */
static const double nps[12] = { 12, 18, 9, 5, NAN, 22, 31, 48, 35, 38, 40, 42 };

static PomarChartData *
make_nps (void)
{
  PomarChartData *data = pomar_chart_data_new ();

  data->title = g_strdup ("NPS by month");
  pomar_chart_data_set_dates (data, POMAR_CHART_X_MONTHS, pomar_day_parse ("2025-11-17"), 12);
  pomar_chart_data_add_series (data, "NPS", POMAR_CHART_LINE, POMAR_CHART_ROLE_ACCENT, nps, 12);
  return data;
}

/* Scales ------------------------------------------------------------------- */

typedef struct
{
  double   lo, hi;
  gboolean fixed, integral;
  double   min, max, step;
  guint    ticks;
} ScaleCase;

static void
test_scale_examples (void)
{
  static const ScaleCase cases[] = {
    /* Active users (whole numbers) up to 45. */
    { 0, 45, FALSE, TRUE, 0, 50, 10, 6 },
    { 0, 41, FALSE, TRUE, 0, 50, 10, 6 },
    /* Accounts per band. */
    { 0, 58, FALSE, TRUE, 0, 60, 20, 4 },
    /* Events per day. */
    { 0, 1500, FALSE, TRUE, 0, 1500, 500, 4 },
    /* NPS, fixed. */
    { -100, 100, TRUE, TRUE, -100, 100, 50, 5 },
    /* A percentage or a health score, fixed. */
    { 0, 100, TRUE, FALSE, 0, 100, 25, 5 },
    { 0, 1, FALSE, FALSE, 0, 1, 0.25, 5 },
    { 0, 0.03, FALSE, FALSE, 0, 0.03, 0.01, 4 },
    { -7, 13, FALSE, TRUE, -10, 15, 5, 6 },
    /* Small counts: no half events. */
    { 0, 3, FALSE, TRUE, 0, 3, 1, 4 },
    { 0, 2, FALSE, TRUE, 0, 2, 1, 3 },
    /* One value, or none: an axis from zero. */
    { 0, 0, FALSE, TRUE, 0, 1, 1, 2 },
    { 7, 7, FALSE, TRUE, 0, 8, 2, 5 },
    { 1234, 98765, FALSE, FALSE, 0, 100000, 25000, 5 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const ScaleCase *expected = &cases[c];
      PomarChartScale scale;
      guint ticks;

      ticks = pomar_chart_nice_scale (expected->lo, expected->hi, expected->fixed,
                                      expected->integral, &scale);
      g_test_message ("case %u: %g..%g -> %g..%g every %g, %u ticks", c, expected->lo,
                      expected->hi, scale.min, scale.max, scale.step, ticks);
      g_assert_cmpfloat_with_epsilon (scale.min, expected->min, 1e-9);
      g_assert_cmpfloat_with_epsilon (scale.max, expected->max, 1e-9);
      g_assert_cmpfloat_with_epsilon (scale.step, expected->step, 1e-12);
      g_assert_cmpuint (ticks, ==, expected->ticks);
      g_assert_cmpuint (scale.n_ticks, ==, ticks);
    }
}

static gboolean
is_nice_step (double step)
{
  double decade = pow (10, floor (log10 (step) + 1e-9));
  double mantissa = step / decade;

  return fabs (mantissa - 1) < 1e-9 || fabs (mantissa - 2) < 1e-9
         || fabs (mantissa - 2.5) < 1e-9 || fabs (mantissa - 5) < 1e-9;
}

/* Thousands of ranges, of every size: 4 to 6 nice ticks (3 at worst for
 * whole numbers) that cover the values, on a range that starts and ends on
 * a tick. */
static void
test_scale_many (void)
{
  for (guint run = 0; run < 5000; run++)
    {
      gboolean integral = run % 2 == 1;
      double span = pow (10, g_test_rand_double_range (-3, 7));
      double lo = g_test_rand_double_range (-1, 1) * span * 3;
      double hi;
      PomarChartScale scale;
      guint ticks;

      if (integral)
        {
          lo = round (lo);
          span = MAX (3, round (span));
        }
      hi = lo + span;

      /* Whole numbers alone cannot always make four ticks: -15..-5 gets
       * -15, -10, -5 (2 would make seven; 2.5 is not whole). */
      ticks = pomar_chart_nice_scale (lo, hi, FALSE, integral, &scale);
      if (ticks < (integral ? 3 : 4) || ticks > 6 || !is_nice_step (scale.step)
          || scale.min > lo + 1e-9 * span || scale.max < hi - 1e-9 * span)
        g_error ("%g..%g%s -> %g..%g every %g, %u ticks", lo, hi, integral ? " (integral)" : "",
                 scale.min, scale.max, scale.step, ticks);

      g_assert_cmpfloat_with_epsilon (scale.first_tick, scale.min, 1e-9 * span);
      g_assert_cmpfloat_with_epsilon (scale.min + (ticks - 1) * scale.step, scale.max, 1e-6 * span);
      if (integral)
        g_assert_cmpfloat (scale.step, >=, 1);

      /* Fixed: the range as given, ticks inside it. */
      ticks = pomar_chart_nice_scale (lo, hi, TRUE, FALSE, &scale);
      g_assert_cmpfloat (scale.min, ==, lo);
      g_assert_cmpfloat (scale.max, ==, hi);
      g_assert_cmpuint (ticks, >=, 2);
      g_assert_cmpuint (ticks, <=, 6);
      g_assert_cmpfloat (scale.first_tick, >=, lo - 1e-9 * span);
      g_assert_cmpfloat (scale.first_tick + (ticks - 1) * scale.step, <=, hi + 1e-9 * span);
    }
}

static void
test_scale_of_data (void)
{
  g_autoptr (PomarChartData) data = make_nps ();
  static const double shares[3] = { 82.5, 90, 95 };
  PomarChartScale scale;

  /* Automatic: around the values and zero. */
  pomar_chart_data_get_scale (data, &scale);
  g_assert_cmpfloat (scale.min, ==, 0);
  g_assert_cmpfloat (scale.max, ==, 50);

  /* A reference line beyond the values widens it. */
  {
    PomarChartMark mark = { 70, 70, FALSE, POMAR_CHART_ROLE_NEUTRAL, NULL };

    g_ptr_array_add (data->marks, g_memdup2 (&mark, sizeof mark));
    pomar_chart_data_get_scale (data, &scale);
    g_assert_cmpfloat (scale.max, ==, 80);
  }

  data->y_min = -100;
  data->y_max = 100;
  pomar_chart_data_get_scale (data, &scale);
  g_assert_cmpfloat (scale.min, ==, -100);
  g_assert_cmpfloat (scale.max, ==, 100);
  g_assert_cmpfloat (scale.step, ==, 50);

  /* Shares with decimals may get a step of 2.5 and its decimal. */
  pomar_chart_data_set_dates (data, POMAR_CHART_X_MONTHS, pomar_day_parse ("2026-01-01"), 3);
  pomar_chart_data_add_series (data, NULL, POMAR_CHART_BAR, POMAR_CHART_ROLE_SUCCESS, shares, 3);
  data->y_min = 0;
  data->y_max = 10;
  pomar_chart_data_get_scale (data, &scale);
  g_assert_cmpfloat (scale.step, ==, 2.5);
}

/* Positions ---------------------------------------------------------------- */

static void
test_nearest_index (void)
{
  /* Twelve slots of 20 px from x = 40. */
  g_assert_cmpint (pomar_chart_nearest_index (12, 40, 240, 40), ==, 0);
  g_assert_cmpint (pomar_chart_nearest_index (12, 40, 240, 59.9), ==, 0);
  g_assert_cmpint (pomar_chart_nearest_index (12, 40, 240, 60), ==, 1);
  g_assert_cmpint (pomar_chart_nearest_index (12, 40, 240, 171), ==, 6);
  g_assert_cmpint (pomar_chart_nearest_index (12, 40, 240, 279), ==, 11);
  /* Outside the plot: the point at that edge. */
  g_assert_cmpint (pomar_chart_nearest_index (12, 40, 240, -5), ==, 0);
  g_assert_cmpint (pomar_chart_nearest_index (12, 40, 240, 1000), ==, 11);
  /* One point, no point, no room. */
  g_assert_cmpint (pomar_chart_nearest_index (1, 40, 240, 200), ==, 0);
  g_assert_cmpint (pomar_chart_nearest_index (0, 40, 240, 100), ==, -1);
  g_assert_cmpint (pomar_chart_nearest_index (12, 40, 0, 40), ==, -1);
}

static void
test_label_step (void)
{
  /* 90 days in 330 px: every day needs 52 px; fortnights fit. */
  g_assert_cmpuint (pomar_chart_label_step (POMAR_CHART_X_DAYS, 3.7, 50), ==, 14);
  g_assert_cmpuint (pomar_chart_label_step (POMAR_CHART_X_DAYS, 3.7, 56), ==, 28);
  g_assert_cmpuint (pomar_chart_label_step (POMAR_CHART_X_DAYS, 60, 50), ==, 1);
  g_assert_cmpuint (pomar_chart_label_step (POMAR_CHART_X_DAYS, 30, 50), ==, 2);
  g_assert_cmpuint (pomar_chart_label_step (POMAR_CHART_X_DAYS, 10, 50), ==, 7);
  /* Twelve months: every month, every other, quarters, half-years. */
  g_assert_cmpuint (pomar_chart_label_step (POMAR_CHART_X_MONTHS, 50, 48), ==, 1);
  g_assert_cmpuint (pomar_chart_label_step (POMAR_CHART_X_MONTHS, 36, 48), ==, 2);
  g_assert_cmpuint (pomar_chart_label_step (POMAR_CHART_X_MONTHS, 20, 48), ==, 3);
  g_assert_cmpuint (pomar_chart_label_step (POMAR_CHART_X_MONTHS, 10, 48), ==, 6);
  /* Anything else: as many slots as a label needs; never zero. */
  g_assert_cmpuint (pomar_chart_label_step (POMAR_CHART_X_CATEGORIES, 30, 70), ==, 3);
  g_assert_cmpuint (pomar_chart_label_step (POMAR_CHART_X_DAYS, 0, 50), ==, 1);
  g_assert_cmpuint (pomar_chart_label_step (POMAR_CHART_X_DAYS, 0.01, 5000), >=, 364);
}

static void
test_dates (void)
{
  g_autoptr (PomarChartData) data = make_nps ();
  char buf[11];

  /* Months start on the 1st, whatever day was given. */
  g_assert_cmpstr (pomar_day_format (pomar_chart_data_get_day (data, 0), buf), ==, "2025-11-01");
  g_assert_cmpstr (pomar_day_format (pomar_chart_data_get_day (data, 2), buf), ==, "2026-01-01");
  g_assert_cmpstr (pomar_day_format (pomar_chart_data_get_day (data, 11), buf), ==, "2026-10-01");

  pomar_chart_data_set_dates (data, POMAR_CHART_X_DAYS, pomar_day_parse ("2026-02-27"), 5);
  g_assert_cmpuint (data->series->len, ==, 0);
  g_assert_cmpstr (pomar_day_format (pomar_chart_data_get_day (data, 2), buf), ==, "2026-03-01");

  pomar_chart_data_set_dates (data, POMAR_CHART_X_DAYS, POMAR_NO_DAY, 5);
  g_assert_cmpuint (data->n_points, ==, 0);
  g_assert_true (pomar_chart_data_is_empty (data));
}

/* Texts in the C locale ---------------------------------------------------- */

static void
assert_text (char       *text,
             const char *expected)
{
  g_assert_cmpstr (text, ==, expected);
  g_free (text);
}

static void
test_format_c (void)
{
  g_autoptr (PomarChartData) data = make_nps ();
  PomarChartScale scale = { 0, 10, 2.5, 0, 5 };
  char *year = NULL;

  assert_text (pomar_chart_format_number (1234.5, 1), "1234.5");
  assert_text (pomar_chart_format_number (-50, 0), "\u221250");
  assert_text (pomar_chart_format_number (-0.2, 0), "0");
  assert_text (pomar_chart_format_number (-0.0, 2), "0.00");

  assert_text (pomar_chart_data_format_value (data, 42, -1), "42");
  assert_text (pomar_chart_data_format_value (data, 87.54, -1), "87.5");
  assert_text (pomar_chart_data_format_value (data, 0.126, -1), "0.13");
  assert_text (pomar_chart_data_format_value (data, NAN, -1), "no value");
  assert_text (pomar_chart_data_format_tick (data, &scale, 5), "5.0");
  data->format = POMAR_CHART_FORMAT_PERCENT;
  assert_text (pomar_chart_data_format_value (data, 87.5, -1), "87.5%");
  data->format = POMAR_CHART_FORMAT_CURRENCY;
  data->currency = g_strdup ("BRL");
  assert_text (pomar_chart_data_format_value (data, 1500, -1), "R$\u00a01500");
  data->format = POMAR_CHART_FORMAT_NUMBER;

  /* The C locale writes 11/12/26: the month first. */
  assert_text (pomar_chart_data_format_x_tick (data, 0, &year), "Nov");
  assert_text (year, "2025");
  assert_text (pomar_chart_data_format_x_long (data, 4), "March 2026");

  pomar_chart_data_set_dates (data, POMAR_CHART_X_DAYS, pomar_day_parse ("2026-11-12"), 3);
  assert_text (pomar_chart_data_format_x_tick (data, 0, NULL), "Nov 12");
  assert_text (pomar_chart_data_format_x_long (data, 0), "Nov 12, 2026");
  assert_text (pomar_chart_data_format_x_long (data, 9), "");

  {
    const char * const bands[] = { "Red", "Yellow", NULL };

    pomar_chart_data_set_categories (data, bands);
    assert_text (pomar_chart_data_format_x_tick (data, 1, &year), "Yellow");
    g_assert_null (year);
  }
}

static void
test_describe_point (void)
{
  g_autoptr (PomarChartData) data = make_nps ();
  static const double seats[12] = { 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50 };

  assert_text (pomar_chart_data_describe_point (data, 11, FALSE), "October 2026 — NPS 42");
  assert_text (pomar_chart_data_describe_point (data, 4, FALSE), "March 2026 — NPS no value");
  assert_text (pomar_chart_data_describe_point (data, 12, FALSE), "");

  pomar_chart_data_add_series (data, "Seats", POMAR_CHART_DASHED_LINE, POMAR_CHART_ROLE_NEUTRAL,
                               seats, 12);
  assert_text (pomar_chart_data_describe_point (data, 0, FALSE),
               "November 2025 — NPS 12, Seats 50");
  assert_text (pomar_chart_data_describe_point (data, 0, TRUE), "November 2025\nNPS 12\nSeats 50");

  /* An unnamed series is its value alone. */
  pomar_chart_data_set_dates (data, POMAR_CHART_X_DAYS, pomar_day_parse ("2026-11-12"), 12);
  pomar_chart_data_add_series (data, NULL, POMAR_CHART_BAR, POMAR_CHART_ROLE_ACCENT, nps, 12);
  assert_text (pomar_chart_data_describe_point (data, 0, FALSE), "Nov 12, 2026 — 12");
}

static void
test_summary (void)
{
  g_autoptr (PomarChartData) data = make_nps ();
  double users[90], seats[90];
  static const double one[3] = { NAN, 42, NAN };
  static const double counts[4] = { 12, 30, 58, 4 };
  const char * const bands[] = { "Red", "Yellow", "Green", "Unknown", NULL };

  /* First and last, lowest and highest and when, and the gap. */
  assert_text (pomar_chart_data_build_summary (data, "No answers"),
               "NPS by month, November 2025 to October 2026: from 12 to 42, "
               "lowest 5 in February 2026, highest 48 in June 2026; "
               "1 month without a value.");

  /* Two series by day: a sentence each; a flat one says so. */
  for (guint i = 0; i < 90; i++)
    {
      users[i] = i == 30 ? 5 : i == 60 ? 45 : 20 + i % 7;
      seats[i] = 50;
    }
  users[89] = NAN;
  users[88] = NAN;
  g_clear_pointer (&data->title, g_free);
  data->title = g_strdup ("Active users");
  pomar_chart_data_set_dates (data, POMAR_CHART_X_DAYS, pomar_day_parse ("2026-08-14"), 90);
  pomar_chart_data_add_series (data, "Users", POMAR_CHART_LINE, POMAR_CHART_ROLE_ACCENT, users, 90);
  pomar_chart_data_add_series (data, "Seats", POMAR_CHART_DASHED_LINE, POMAR_CHART_ROLE_NEUTRAL,
                               seats, 90);
  assert_text (pomar_chart_data_build_summary (data, "No data"),
               "Active users, Aug 14, 2026 to Nov 11, 2026. "
               "Users: from 20 to 23, lowest 5 on Sep 13, 2026, highest 45 on Oct 13, 2026; "
               "2 days without a value. "
               "Seats: 50 throughout.");

  /* A single value. */
  pomar_chart_data_set_dates (data, POMAR_CHART_X_MONTHS, pomar_day_parse ("2026-01-01"), 3);
  pomar_chart_data_add_series (data, NULL, POMAR_CHART_LINE, POMAR_CHART_ROLE_ACCENT, one, 3);
  assert_text (pomar_chart_data_build_summary (data, "No data"),
               "Active users, January 2026 to March 2026: 42 in February 2026; "
               "2 months without a value.");

  /* Categories, value by value. */
  g_clear_pointer (&data->title, g_free);
  data->title = g_strdup ("Health bands");
  pomar_chart_data_set_categories (data, bands);
  pomar_chart_data_add_series (data, "Accounts", POMAR_CHART_BAR, POMAR_CHART_ROLE_ACCENT,
                               counts, 4);
  assert_text (pomar_chart_data_build_summary (data, "No data"),
               "Health bands: Red 12, Yellow 30, Green 58, Unknown 4.");

  /* Nothing to show: the empty text, after the title. */
  pomar_chart_data_clear (data);
  assert_text (pomar_chart_data_build_summary (data, "No answers in the last 12 months"),
               "Health bands: No answers in the last 12 months");
  pomar_chart_data_set_dates (data, POMAR_CHART_X_MONTHS, pomar_day_parse ("2026-01-01"), 3);
  pomar_chart_data_add_series (data, "NPS", POMAR_CHART_LINE, POMAR_CHART_ROLE_ACCENT, NULL, 0);
  g_assert_true (pomar_chart_data_is_empty (data));
  g_clear_pointer (&data->title, g_free);
  assert_text (pomar_chart_data_build_summary (data, "No answers"), "No answers");
}

/* Texts in pt_BR ----------------------------------------------------------- */

static void
test_format_pt_br (void)
{
  g_autoptr (PomarChartData) data = make_nps ();
  g_autofree char *tmp_dir = g_dir_make_tmp ("pomar-chart-XXXXXX", NULL);
  g_autofree char *why = NULL;
  char *year = NULL;

  if (!cli_test_provide_comma_locale (tmp_dir, &why))
    {
      cli_test_remove_tree (tmp_dir);
      g_test_skip (why);
      return;
    }
  g_assert_nonnull (setlocale (LC_ALL, CLI_TEST_COMMA_LOCALE));

  assert_text (pomar_chart_format_number (1234.5, 1), "1.234,5");
  assert_text (pomar_chart_format_number (-1234, 0), "\u22121.234");
  data->format = POMAR_CHART_FORMAT_PERCENT;
  assert_text (pomar_chart_data_format_value (data, 87.5, -1), "87,5%");
  data->format = POMAR_CHART_FORMAT_NUMBER;

  /* pt_BR writes 12/11/2026: the day first. */
  assert_text (pomar_chart_data_format_x_tick (data, 0, &year), "nov");
  assert_text (year, "2025");
  assert_text (pomar_chart_data_format_x_long (data, 4), "março 2026");
  pomar_chart_data_set_dates (data, POMAR_CHART_X_DAYS, pomar_day_parse ("2026-11-12"), 3);
  assert_text (pomar_chart_data_format_x_tick (data, 0, NULL), "12 nov");
  assert_text (pomar_chart_data_format_x_long (data, 0), "12 nov 2026");

  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  cli_test_remove_tree (tmp_dir);
}

/* The widget --------------------------------------------------------------- */

static void
wait_until_drawn (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* The pixels @widget draws (not its window), and how many it covers. */
static guint
count_drawn_pixels (GtkWidget *widget)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint drawn = 0;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  if (node == NULL)
    return 0;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);

  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    if (pixels[i * 4 + 3] > 0)  /* ARGB32 in memory: B, G, R, A */
      drawn++;
  return drawn;
}

static void
test_widget_draws (void)
{
  GtkWidget *window, *box, *chart, *empty;
  guint drawn, drawn_empty;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  chart = pomar_chart_new ();
  pomar_chart_set_title (POMAR_CHART (chart), "NPS by month");
  pomar_chart_set_months (POMAR_CHART (chart), pomar_day_parse ("2025-11-01"), 12);
  pomar_chart_set_y_range (POMAR_CHART (chart), -100, 100);
  pomar_chart_add_series (POMAR_CHART (chart), "NPS", POMAR_CHART_LINE, POMAR_CHART_ROLE_ACCENT,
                          nps, 12);
  pomar_chart_add_reference (POMAR_CHART (chart), 50, "Target");
  empty = pomar_chart_new ();
  pomar_chart_set_empty_text (POMAR_CHART (empty), "No answers in the last 12 months");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), chart);
  gtk_box_append (GTK_BOX (box), empty);
  window = gtk_window_new ();
  /* The narrowest window Pomar supports. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, -1);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_drawn (chart);

  g_assert_cmpint (gtk_widget_get_height (chart), ==, 180);
  g_assert_cmpint (gtk_widget_get_width (chart), ==, 360);

  drawn = count_drawn_pixels (chart);
  drawn_empty = count_drawn_pixels (empty);
  g_test_message ("chart: %u pixels drawn, empty chart: %u", drawn, drawn_empty);
  /* Grid, line, labels: thousands of pixels; the empty one a line of
   * text, and still something. */
  g_assert_cmpuint (drawn, >, 3000);
  g_assert_cmpuint (drawn_empty, >, 100);
  g_assert_cmpuint (drawn_empty, <, drawn / 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_widget_accessible (void)
{
  g_autoptr (GtkWidget) chart = NULL;
  const char *summary;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  chart = g_object_ref_sink (pomar_chart_new ());
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_ROLE_IMG);
  /* Nothing to step through with the keyboard yet. */
  g_assert_false (gtk_widget_get_focusable (chart));

  /* Empty: the empty text is the description. */
  pomar_chart_set_empty_text (POMAR_CHART (chart), "No answers in the last 12 months");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "No answers in the last 12 months");

  pomar_chart_set_title (POMAR_CHART (chart), "NPS by month");
  pomar_chart_set_months (POMAR_CHART (chart), pomar_day_parse ("2025-11-01"), 12);
  pomar_chart_add_series (POMAR_CHART (chart), "NPS", POMAR_CHART_LINE, POMAR_CHART_ROLE_ACCENT,
                          nps, 12);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "NPS by month");
  g_assert_true (gtk_widget_get_focusable (chart));
  summary = pomar_chart_get_summary (POMAR_CHART (chart));
  g_assert_true (g_str_has_prefix (summary,
                                   "NPS by month, November 2025 to October 2026: from 12 to 42"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       summary);

  /* The keyboard: Left starts at the latest point, and the description
   * follows the highlighted point. */
  g_assert_cmpint (pomar_chart_get_selected (POMAR_CHART (chart)), ==, -1);
  g_assert_true (gtk_widget_activate_action (chart, "chart.previous", NULL));
  g_assert_cmpint (pomar_chart_get_selected (POMAR_CHART (chart)), ==, 11);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "October 2026 — NPS 42");
  gtk_widget_activate_action (chart, "chart.previous", NULL);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "September 2026 — NPS 40");
  gtk_widget_activate_action (chart, "chart.first", NULL);
  gtk_widget_activate_action (chart, "chart.previous", NULL);
  g_assert_cmpint (pomar_chart_get_selected (POMAR_CHART (chart)), ==, 0);
  gtk_widget_activate_action (chart, "chart.last", NULL);
  gtk_widget_activate_action (chart, "chart.next", NULL);
  g_assert_cmpint (pomar_chart_get_selected (POMAR_CHART (chart)), ==, 11);

  /* New data: nothing highlighted, the new summary. */
  pomar_chart_set_y_range (POMAR_CHART (chart), -100, 100);
  g_assert_cmpint (pomar_chart_get_selected (POMAR_CHART (chart)), ==, -1);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       pomar_chart_get_summary (POMAR_CHART (chart)));

  pomar_chart_clear (POMAR_CHART (chart));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "NPS by month: No answers in the last 12 months");
  g_assert_true (gtk_widget_activate_action (chart, "chart.previous", NULL));
  g_assert_cmpint (pomar_chart_get_selected (POMAR_CHART (chart)), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  /* The C locale, whatever the environment says: the expected texts are
   * its texts. The pt_BR case switches on its own. */
  gtk_disable_setlocale ();
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();

  g_test_add_func ("/chart/scale/examples", test_scale_examples);
  g_test_add_func ("/chart/scale/many", test_scale_many);
  g_test_add_func ("/chart/scale/of-data", test_scale_of_data);
  g_test_add_func ("/chart/nearest-index", test_nearest_index);
  g_test_add_func ("/chart/label-step", test_label_step);
  g_test_add_func ("/chart/dates", test_dates);
  g_test_add_func ("/chart/format/c", test_format_c);
  g_test_add_func ("/chart/format/pt-BR", test_format_pt_br);
  g_test_add_func ("/chart/describe-point", test_describe_point);
  g_test_add_func ("/chart/summary", test_summary);
  g_test_add_func ("/chart/widget/draws", test_widget_draws);
  g_test_add_func ("/chart/widget/accessible", test_widget_accessible);

  return g_test_run ();
}
