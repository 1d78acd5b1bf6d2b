/* pomar-chart-private.h: what a PomarChart shows, and the arithmetic and
 * wording of it, apart from the widget.
 *
 * PomarChartData holds the axis, the series and the marks; the functions
 * below compute scales, label steps and texts from it with no widget and no
 * display, so tests/ui/test-chart.c can check them anywhere, in any locale.
 * Texts follow the current locale (LC_NUMERIC for numbers, LC_TIME for
 * dates), which in the application is the user's.
 */
#pragma once

#include "pomar-chart.h"

G_BEGIN_DECLS

typedef enum
{
  POMAR_CHART_X_NONE,
  POMAR_CHART_X_DAYS,
  POMAR_CHART_X_MONTHS,
  POMAR_CHART_X_CATEGORIES,
} PomarChartX;

typedef struct
{
  char           *name;
  PomarChartKind  kind;
  PomarChartRole  role;
  double         *values;       /* n_points */
  PomarChartRole *point_roles;  /* n_points, or NULL */
} PomarChartSeries;

/* A reference line (from == to, band FALSE) or a shaded band. */
typedef struct
{
  double          from;
  double          to;
  gboolean        band;
  PomarChartRole  role;
  char           *label;
} PomarChartMark;

typedef struct
{
  char             *title;
  PomarChartX       x;
  guint             n_points;
  PomarDay          first;       /* days; months: the 1st of the first month */
  char            **categories;  /* n_points labels */
  GPtrArray        *series;      /* PomarChartSeries */
  GPtrArray        *marks;       /* PomarChartMark */
  double            y_min;       /* NAN: automatic */
  double            y_max;
  PomarChartFormat  format;
  char             *currency;
} PomarChartData;

/* A Y axis: from @min to @max, ticks every @step from @first_tick. */
typedef struct
{
  double min;
  double max;
  double step;
  double first_tick;
  guint  n_ticks;
} PomarChartScale;

PomarChartData *pomar_chart_data_new             (void);
void            pomar_chart_data_free            (PomarChartData *data);
/* Removes the axis and the series. */
void            pomar_chart_data_clear           (PomarChartData *data);
void            pomar_chart_data_set_dates       (PomarChartData *data,
                                                  PomarChartX     x,
                                                  PomarDay        first,
                                                  guint           n);
void            pomar_chart_data_set_categories  (PomarChartData *data,
                                                  const char * const *labels);
guint           pomar_chart_data_add_series      (PomarChartData *data,
                                                  const char     *name,
                                                  PomarChartKind  kind,
                                                  PomarChartRole  role,
                                                  const double   *values,
                                                  guint           n);
/* No point, or no value in any series. */
gboolean        pomar_chart_data_is_empty        (const PomarChartData *data);
/* The day of point @i (months: the 1st of its month). */
PomarDay        pomar_chart_data_get_day         (const PomarChartData *data,
                                                  guint                 i);
/* The Y axis for the data: the fixed range, or a nice one around the
 * values, the marks and zero. */
void            pomar_chart_data_get_scale       (const PomarChartData *data,
                                                  PomarChartScale      *scale);

/* A value as the chart writes it; @decimals < 0 picks them (none for a
 * whole number, else one, two below 1). */
char           *pomar_chart_data_format_value    (const PomarChartData *data,
                                                  double                value,
                                                  int                   decimals);
/* A Y tick label: as many decimals as the scale's step needs. */
char           *pomar_chart_data_format_tick     (const PomarChartData  *data,
                                                  const PomarChartScale *scale,
                                                  double                 value);
/* An X tick label of point @i: "nov" or "12 nov" (the user's order of day
 * and month), or the category; *@year gets "2026" (dates only, else NULL),
 * for the line under the labels that start a year. */
char           *pomar_chart_data_format_x_tick   (const PomarChartData *data,
                                                  guint                 i,
                                                  char                **year);
/* Point @i in full: "12 nov 2026", "novembro 2026", or the category. */
char           *pomar_chart_data_format_x_long   (const PomarChartData *data,
                                                  guint                 i);
/* Point @i and every series' value at it: "12 nov 2026 — NPS 42" on one
 * line, or the date then one series a line (@multiline, for tooltips). */
char           *pomar_chart_data_describe_point  (const PomarChartData *data,
                                                  guint                 i,
                                                  gboolean              multiline);
/* The accessible summary; @empty_text when there is nothing to show. */
char           *pomar_chart_data_build_summary   (const PomarChartData *data,
                                                  const char           *empty_text);

/* A nice scale for values from @lo to @hi: 4 to 6 ticks (fewer only when
 * @integral leaves no choice) every 1, 2, 2.5 or 5 × 10ⁿ. @fixed keeps the
 * range as given and puts the ticks inside it; otherwise the range grows to
 * the ticks around the values. @integral: whole-number steps only (counts).
 * Returns the number of ticks. */
guint           pomar_chart_nice_scale           (double           lo,
                                                  double           hi,
                                                  gboolean         fixed,
                                                  gboolean         integral,
                                                  PomarChartScale *scale);
/* @value with @decimals decimals, grouped as LC_NUMERIC says, with a real
 * minus sign (U+2212) and never "−0". */
char           *pomar_chart_format_number        (double           value,
                                                  int              decimals);
/* The point whose slot holds @x, in a plot of @n_points equal slots from
 * @plot_x, @plot_width wide; clamped to the first or last point outside it;
 * -1 without points. */
int             pomar_chart_nearest_index        (guint            n_points,
                                                  double           plot_x,
                                                  double           plot_width,
                                                  double           x);
/* Every how many points an X label fits, for labels that need
 * @label_space pixels (the widest label and a gap) in slots @slot_width
 * wide: weeks and fortnights for days, quarters and half-years for
 * months. */
guint           pomar_chart_label_step           (PomarChartX      x,
                                                  double           slot_width,
                                                  double           label_space);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarChartData, pomar_chart_data_free)

G_END_DECLS
