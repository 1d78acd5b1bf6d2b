/* pomar-chart.h: one chart widget for every chart of Pomar.
 *
 * A chart has one X axis, of calendar days, of calendar months or of named
 * categories, and one or more series of values over it, each drawn as a
 * line, a dashed line or bars. A value of NAN is "no value": a line breaks
 * there. The Y axis is automatic (a "nice" range that includes zero) or
 * fixed, and may carry reference lines and shaded bands.
 *
 * Filling a chart: set the X axis first (setting it removes the series of
 * the previous one), then add the series:
 *
 *   pomar_chart_set_title (chart, _("NPS by month"));
 *   pomar_chart_set_months (chart, first_month, 12);
 *   pomar_chart_set_y_range (chart, -100, 100);
 *   pomar_chart_add_series (chart, _("NPS"), POMAR_CHART_LINE,
 *                           POMAR_CHART_ROLE_ACCENT, nps, 12);
 *
 * The title is not drawn (the page around a chart has its own heading): it
 * is the chart's accessible name, and the chart describes itself to screen
 * readers with a summary of what it shows (pomar_chart_get_summary()). With
 * the keyboard, Left and Right (and Home, End) move a highlighted point, which
 * the chart shows and announces in its accessible description; they are the
 * actions chart.previous, chart.next, chart.first and chart.last. An empty
 * chart is not focusable.
 */
#pragma once

#include <gtk/gtk.h>

#include "core/pomar-day.h"

G_BEGIN_DECLS

typedef enum
{
  POMAR_CHART_LINE,
  POMAR_CHART_BAR,
  /* A thin dashed line, for a series that is a limit rather than a
   * measure: licensed seats beside active users. */
  POMAR_CHART_DASHED_LINE,
} PomarChartKind;

/* Colours by meaning, taken from the theme (libadwaita's accent, success,
 * warning and error colours; neutral is the text colour, dimmed), so light
 * and dark styles both follow. */
typedef enum
{
  POMAR_CHART_ROLE_ACCENT,
  POMAR_CHART_ROLE_SUCCESS,
  POMAR_CHART_ROLE_WARNING,
  POMAR_CHART_ROLE_ERROR,
  POMAR_CHART_ROLE_NEUTRAL,
} PomarChartRole;

#define POMAR_CHART_N_ROLES (POMAR_CHART_ROLE_NEUTRAL + 1)

/* How values read, on the Y axis, in tooltips and in the summary; numbers
 * always follow the user's locale (grouping, decimal comma). */
typedef enum
{
  POMAR_CHART_FORMAT_NUMBER,    /* 1,234.5 */
  POMAR_CHART_FORMAT_PERCENT,   /* 87.5% */
  POMAR_CHART_FORMAT_CURRENCY,  /* as pomar_format_money(): R$ 1,234 */
} PomarChartFormat;

#define POMAR_TYPE_CHART (pomar_chart_get_type ())
G_DECLARE_FINAL_TYPE (PomarChart, pomar_chart, POMAR, CHART, GtkWidget)

GtkWidget  *pomar_chart_new                (void);

/* The chart's accessible name and the start of its summary. */
void        pomar_chart_set_title          (PomarChart           *self,
                                            const char           *title);
const char *pomar_chart_get_title          (PomarChart           *self);

/* Shown, centred and dimmed, when there is nothing to draw (no points, or
 * no value in any series); NULL restores the default ("No data to show"). */
void        pomar_chart_set_empty_text     (PomarChart           *self,
                                            const char           *text);
const char *pomar_chart_get_empty_text     (PomarChart           *self);

/* The X axis. Each of these removes the series (they belonged to the old
 * axis) and keeps everything else.
 *  - set_days: @n consecutive calendar days from @first;
 *  - set_months: @n consecutive calendar months from the month of @first;
 *  - set_categories: one point per label of the NULL-terminated @labels. */
void        pomar_chart_set_days           (PomarChart           *self,
                                            PomarDay              first,
                                            guint                 n);
void        pomar_chart_set_months         (PomarChart           *self,
                                            PomarDay              first,
                                            guint                 n);
void        pomar_chart_set_categories     (PomarChart           *self,
                                            const char * const   *labels);

/* Adds a series of @n values (NAN: no value), one per point of the X axis;
 * points past @n have no value. @name is shown in the legend (with two
 * series or more), the tooltip and the summary; it may be NULL for the
 * only series of a chart. Returns the series' index. */
guint       pomar_chart_add_series         (PomarChart           *self,
                                            const char           *name,
                                            PomarChartKind        kind,
                                            PomarChartRole        role,
                                            const double         *values,
                                            guint                 n);
/* A colour per point instead of the series' own (the bars of the health
 * band distribution: red, yellow, green); @n roles, one per point. */
void        pomar_chart_set_series_roles   (PomarChart           *self,
                                            guint                 series,
                                            const PomarChartRole *roles,
                                            guint                 n);
/* Removes the X axis and the series: the chart shows its empty text. */
void        pomar_chart_clear              (PomarChart           *self);

/* A fixed Y range (e.g. -100 to 100 for NPS); NAN for both makes it
 * automatic again. */
void        pomar_chart_set_y_range        (PomarChart           *self,
                                            double                min,
                                            double                max);
/* A thin dashed line across the chart at @value, with an optional label. */
void        pomar_chart_add_reference      (PomarChart           *self,
                                            double                value,
                                            const char           *label);
/* A shaded zone from @from to @to (say 0 to 40 in the error colour), with
 * an optional label. */
void        pomar_chart_add_band           (PomarChart           *self,
                                            double                from,
                                            double                to,
                                            PomarChartRole        role,
                                            const char           *label);
/* Removes the references and the bands. */
void        pomar_chart_clear_references   (PomarChart           *self);

/* @currency (ISO 4217) is for POMAR_CHART_FORMAT_CURRENCY only. */
void        pomar_chart_set_value_format   (PomarChart           *self,
                                            PomarChartFormat      format,
                                            const char           *currency);

/* The text summary that is the chart's accessible description, e.g. "NPS
 * by month, November 2025 to October 2026: from 12 to 42, lowest 5 in
 * March 2026, highest 48 in June 2026; 1 month without a value." */
const char *pomar_chart_get_summary        (PomarChart           *self);

/* The point highlighted with the keyboard, or -1. */
int         pomar_chart_get_selected       (PomarChart           *self);

G_END_DECLS
