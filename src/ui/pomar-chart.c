/* pomar-chart.c: one chart widget for every chart of Pomar.
 *
 * Drawn in snapshot(): the grid, bands, bars and lines with cairo through
 * gtk_snapshot_append_cairo() (GTK 4.8 has no GskPath, and polylines with
 * gaps are a few lines of cairo), the text as Pango layouts appended to the
 * snapshot, so labels stay crisp and use the widget's font.
 *
 * Colours come from the style, so that dark style and the accent follow:
 * each role is two classes (chart.series-accent for lines and text,
 * chart.fill-accent for bars and bands, …) that style.css maps to
 * libadwaita's named colours, read from a saved style context, which
 * matches a copy of the chart's CSS node without restyling the chart
 * itself. (gtk_widget_get_color () is GTK 4.10.) Without that style sheet
 * (another program, a test) the roles fall back to libadwaita 1.2's
 * palette, light or dark by the text colour.
 *
 * Where things go (the plot, the labels kept so they never overlap) is
 * worked out once per size and data, in a Geometry, and reused by the
 * pointer and the tooltip until the size, the data or the style changes.
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "pomar-chart-private.h"

/* Pixels. */
#define MIN_WIDTH        200
#define NATURAL_WIDTH    360
#define MIN_HEIGHT       120
#define NATURAL_HEIGHT   180
#define Y_LABEL_GAP      8     /* between the Y labels and the plot */
#define X_LABEL_GAP      6     /* between the plot and the X labels */
#define LABEL_SPACING    16    /* at least between two X labels */
#define MIN_RIGHT        8
#define MARK_LABEL_GAP   6     /* between the plot and the mark labels */
#define LEGEND_SWATCH    14
#define LEGEND_SPACING   16
#define LINE_WIDTH       2.0
#define DASHED_WIDTH     1.5
#define DOT_RADIUS       3.5
#define MARKER_RADIUS    2.5
/* Lines get a marker on every point when points are at least this far
 * apart (a year by month, not 90 days). */
#define MARKER_MIN_SLOT  20

/* Alphas of the text colour, for what should recede. */
#define LABEL_ALPHA      0.6
#define GRID_ALPHA       0.1
#define AXIS_ALPHA       0.25
#define GUIDE_ALPHA      0.35
#define HIGHLIGHT_ALPHA  0.07
#define BAND_ALPHA       0.1

typedef struct
{
  PangoLayout *layout;
  double       x;
  double       y;
  guint        series;
} LegendItem;

typedef struct
{
  int              width;
  int              height;
  graphene_rect_t  plot;
  double           slot;
  int              line_height;
  PomarChartScale  scale;
  GPtrArray       *y_labels;     /* PangoLayout per tick */
  GPtrArray       *x_labels;     /* PangoLayout per point, NULL where none fits */
  GPtrArray       *x_years;      /* PangoLayout under the labels that start a year */
  GPtrArray       *mark_labels;  /* PangoLayout per mark, or NULL */
  GArray          *legend;       /* LegendItem */
} Geometry;

struct _PomarChart
{
  GtkWidget       parent_instance;

  PomarChartData *data;
  char           *empty_text;
  char           *summary;

  int             hover;     /* the point under the pointer, or -1 */
  int             selected;  /* the point highlighted with the keyboard, or -1 */

  PangoAttrList  *label_attrs;
  Geometry       *geometry;

  gboolean        colors_valid;
  GdkRGBA         foreground;
  GdkRGBA         lines[POMAR_CHART_N_ROLES];
  GdkRGBA         fills[POMAR_CHART_N_ROLES];
};

G_DEFINE_FINAL_TYPE (PomarChart, pomar_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_EMPTY_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Colours ------------------------------------------------------------------ */

/* Each role has a line colour (libadwaita's @accent_color and kin, made to
 * stand on the window's background as text and strokes do) and a fill
 * colour (@accent_bg_color and kin, made to be filled). */
static const char * const line_classes[POMAR_CHART_N_ROLES] = {
  "series-accent",
  "series-success",
  "series-warning",
  "series-error",
  "series-neutral",
};

static const char * const fill_classes[POMAR_CHART_N_ROLES] = {
  "fill-accent",
  "fill-success",
  "fill-warning",
  "fill-error",
  "fill-neutral",
};

#define RGB(hex) { ((hex) >> 16) / 255., (((hex) >> 8) & 0xff) / 255., ((hex) & 0xff) / 255., 1 }

/* libadwaita 1.2's colours, light then dark: the fallback when no style
 * sheet colours the roles. Neutral is the text colour, dimmed. */
static const GdkRGBA fallback_lines[2][POMAR_CHART_N_ROLES - 1] = {
  { RGB (0x1c71d8), RGB (0x26a269), RGB (0x9c6e03), RGB (0xc01c28) },
  { RGB (0x78aeed), RGB (0x8ff0a4), RGB (0xf8e45c), RGB (0xff7b63) },
};
static const GdkRGBA fallback_fills[2][POMAR_CHART_N_ROLES - 1] = {
  { RGB (0x3584e4), RGB (0x2ec27e), RGB (0xe5a50a), RGB (0xe01b24) },
  { RGB (0x3584e4), RGB (0x26a269), RGB (0xcd9309), RGB (0xc01c28) },
};

#undef RGB

static GdkRGBA
with_alpha (const GdkRGBA *color,
            double         alpha)
{
  GdkRGBA result = *color;

  result.alpha *= alpha;
  return result;
}

/* The colour of @class_name in a saved copy of the chart's style; FALSE
 * when the class has no colour of its own (no Pomar style sheet). */
static gboolean
lookup_class_color (GtkStyleContext *context,
                    const char      *class_name,
                    const GdkRGBA   *foreground,
                    GdkRGBA         *color)
{
  gtk_style_context_save (context);
  gtk_style_context_add_class (context, class_name);
  gtk_style_context_get_color (context, color);
  gtk_style_context_restore (context);

  return !gdk_rgba_equal (color, foreground);
}

static void
ensure_colors (PomarChart *self)
{
  GtkStyleContext *context;
  const GdkRGBA *fg = &self->foreground;
  gboolean dark;

  if (self->colors_valid)
    return;

  context = gtk_widget_get_style_context (GTK_WIDGET (self));
  gtk_style_context_get_color (context, &self->foreground);
  /* Light text is dark style. */
  dark = 0.2126 * fg->red + 0.7152 * fg->green + 0.0722 * fg->blue > 0.5;

  for (guint role = 0; role < POMAR_CHART_N_ROLES; role++)
    {
      if (!lookup_class_color (context, line_classes[role], fg, &self->lines[role]))
        self->lines[role] = role == POMAR_CHART_ROLE_NEUTRAL ? with_alpha (fg, 0.45)
                                                             : fallback_lines[dark][role];
      if (!lookup_class_color (context, fill_classes[role], fg, &self->fills[role]))
        self->fills[role] = role == POMAR_CHART_ROLE_NEUTRAL ? with_alpha (fg, 0.3)
                                                             : fallback_fills[dark][role];
    }

  self->colors_valid = TRUE;
}

static PomarChartRole
point_role (const PomarChartSeries *series,
            guint                   i)
{
  PomarChartRole role = series->point_roles != NULL ? series->point_roles[i] : series->role;

  return MIN (role, POMAR_CHART_ROLE_NEUTRAL);
}

/* Geometry ----------------------------------------------------------------- */

static void
layout_free (gpointer layout)
{
  if (layout != NULL)
    g_object_unref (layout);
}

static void
geometry_free (Geometry *geometry)
{
  g_clear_pointer (&geometry->y_labels, g_ptr_array_unref);
  g_clear_pointer (&geometry->x_labels, g_ptr_array_unref);
  g_clear_pointer (&geometry->x_years, g_ptr_array_unref);
  g_clear_pointer (&geometry->mark_labels, g_ptr_array_unref);
  g_clear_pointer (&geometry->legend, g_array_unref);
  g_free (geometry);
}

static void
legend_item_clear (LegendItem *item)
{
  g_clear_object (&item->layout);
}

static PangoLayout *
make_label (PomarChart *self,
            const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  pango_layout_set_attributes (layout, self->label_attrs);
  return layout;
}

static int
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static double
value_to_y (const Geometry *geometry,
            double          value)
{
  const PomarChartScale *scale = &geometry->scale;

  return geometry->plot.origin.y
         + geometry->plot.size.height * (scale->max - value) / (scale->max - scale->min);
}

static double
index_to_x (const Geometry *geometry,
            guint           i)
{
  return geometry->plot.origin.x + (i + 0.5) * geometry->slot;
}

/* A legend, with two series or more, flowing into rows across the top.
 * Returns its height. */
static int
layout_legend (PomarChart *self,
               Geometry   *geometry,
               double      left)
{
  PomarChartData *data = self->data;
  double x = left, y = 0;
  int rows = 1;

  geometry->legend = g_array_new (FALSE, TRUE, sizeof (LegendItem));
  g_array_set_clear_func (geometry->legend, (GDestroyNotify) legend_item_clear);
  if (data->series->len < 2)
    return 0;

  for (guint s = 0; s < data->series->len; s++)
    {
      const PomarChartSeries *series = g_ptr_array_index (data->series, s);
      LegendItem item = { 0 };
      double item_width;

      if (series->name == NULL)
        continue;

      item.layout = make_label (self, series->name);
      item.series = s;
      item_width = LEGEND_SWATCH + 6 + layout_width (item.layout);
      if (x > left && x + item_width > geometry->width)
        {
          x = left;
          y += geometry->line_height + 4;
          rows++;
        }
      item.x = x;
      item.y = y;
      g_array_append_val (geometry->legend, item);
      x += item_width + LEGEND_SPACING;
    }

  return rows * geometry->line_height + (rows - 1) * 4 + 10;
}

static Geometry *
geometry_new (PomarChart *self,
              int         width,
              int         height)
{
  PomarChartData *data = self->data;
  Geometry *geometry = g_new0 (Geometry, 1);
  gboolean dates = data->x == POMAR_CHART_X_DAYS || data->x == POMAR_CHART_X_MONTHS;
  g_autofree int *label_widths = NULL;
  g_autoptr (PangoLayout) probe = NULL;
  g_autofree char *last_year = NULL;
  double left, right, top, bottom;
  int y_label_width = 0, x_label_width = 0, mark_label_width = 0;
  guint n = data->n_points;
  guint step;

  geometry->width = width;
  geometry->height = height;
  probe = make_label (self, "0");
  pango_layout_get_pixel_size (probe, NULL, &geometry->line_height);

  /* The Y axis and its labels, which set the plot's left edge. */
  pomar_chart_data_get_scale (data, &geometry->scale);
  geometry->y_labels = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint t = 0; t < geometry->scale.n_ticks; t++)
    {
      double value = geometry->scale.first_tick + t * geometry->scale.step;
      g_autofree char *text = pomar_chart_data_format_tick (data, &geometry->scale, value);
      PangoLayout *layout = make_label (self, text);

      y_label_width = MAX (y_label_width, layout_width (layout));
      g_ptr_array_add (geometry->y_labels, layout);
    }

  /* Labels of references and bands go in a column right of the plot,
   * where no line or bar can run over them. */
  geometry->mark_labels = g_ptr_array_new_with_free_func (layout_free);
  for (guint m = 0; m < data->marks->len; m++)
    {
      const PomarChartMark *mark = g_ptr_array_index (data->marks, m);
      PangoLayout *layout = NULL;

      if (mark->label != NULL)
        {
          layout = make_label (self, mark->label);
          mark_label_width = MAX (mark_label_width, layout_width (layout));
        }
      g_ptr_array_add (geometry->mark_labels, layout);
    }

  left = y_label_width + Y_LABEL_GAP;
  top = layout_legend (self, geometry, left) + ceil (geometry->line_height / 2.0);
  bottom = X_LABEL_GAP + geometry->line_height * (dates ? 2 : 1);

  /* The X labels: all of them, to measure, then only every step-th. */
  geometry->x_labels = g_ptr_array_new_with_free_func (layout_free);
  geometry->x_years = g_ptr_array_new_with_free_func (layout_free);
  label_widths = g_new0 (int, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = pomar_chart_data_format_x_tick (data, i, NULL);
      PangoLayout *layout = make_label (self, text);

      label_widths[i] = layout_width (layout);
      x_label_width = MAX (x_label_width, label_widths[i]);
      g_ptr_array_add (geometry->x_labels, layout);
      g_ptr_array_add (geometry->x_years, NULL);
    }
  if (dates)
    {
      g_autoptr (PangoLayout) year = make_label (self, "0000");

      x_label_width = MAX (x_label_width, layout_width (year));
    }

  /* The last point is always labelled, centred on its slot: leave room on
   * the right for the half of it that sticks out. */
  right = mark_label_width > 0 ? mark_label_width + MARK_LABEL_GAP : MIN_RIGHT;
  geometry->slot = MAX (1.0, (width - left - right) / MAX (n, 1));
  if (n > 0 && data->x != POMAR_CHART_X_CATEGORIES)
    {
      right = MAX (right, ceil (label_widths[n - 1] / 2.0 - geometry->slot / 2.0) + 1);
      geometry->slot = MAX (1.0, (width - left - right) / MAX (n, 1));
    }

  geometry->plot = GRAPHENE_RECT_INIT (left, top,
                                       MAX (1.0, width - left - right),
                                       MAX (1.0, height - top - bottom));

  if (data->x == POMAR_CHART_X_CATEGORIES)
    {
      /* Every category is named; a long name is ellipsized to its slot. */
      for (guint i = 0; i < n; i++)
        {
          PangoLayout *layout = g_ptr_array_index (geometry->x_labels, i);

          pango_layout_set_width (layout, MAX (1, (int) (geometry->slot - 4)) * PANGO_SCALE);
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
        }
      return geometry;
    }

  /* Counted back from the last point, which is the one most looked at. */
  step = pomar_chart_label_step (data->x, geometry->slot, x_label_width + LABEL_SPACING);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *year = NULL;
      g_autofree char *text = NULL;

      if ((n - 1 - i) % step != 0)
        {
          g_clear_pointer (&g_ptr_array_index (geometry->x_labels, i), g_object_unref);
          continue;
        }

      /* The year under the first label and under each that starts one. */
      text = pomar_chart_data_format_x_tick (data, i, &year);
      if (year != NULL && g_strcmp0 (year, last_year) != 0)
        {
          g_ptr_array_index (geometry->x_years, i) = make_label (self, year);
          g_free (last_year);
          last_year = g_steal_pointer (&year);
        }
    }

  return geometry;
}

static Geometry *
ensure_geometry (PomarChart *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->geometry != NULL
      && (self->geometry->width != width || self->geometry->height != height))
    g_clear_pointer (&self->geometry, geometry_free);
  if (self->geometry == NULL)
    self->geometry = geometry_new (self, width, height);

  return self->geometry;
}

/* Drawing ------------------------------------------------------------------ */

static void
append_layout (GtkSnapshot   *snapshot,
               PangoLayout   *layout,
               double         x,
               double         y,
               const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x), round (y)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* A horizontal hairline on a pixel row, from x0 to x1. */
static void
hairline (cairo_t *cr,
          double   x0,
          double   x1,
          double   y)
{
  y = floor (y) + 0.5;
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
}

static void
draw_grid (PomarChart *self,
           Geometry   *geometry,
           cairo_t    *cr)
{
  double x0 = geometry->plot.origin.x;
  double x1 = x0 + geometry->plot.size.width;
  GdkRGBA grid = with_alpha (&self->foreground, GRID_ALPHA);
  GdkRGBA axis = with_alpha (&self->foreground, AXIS_ALPHA);
  double zero = CLAMP (0, geometry->scale.min, geometry->scale.max);

  cairo_set_line_width (cr, 1);
  gdk_cairo_set_source_rgba (cr, &grid);
  for (guint t = 0; t < geometry->scale.n_ticks; t++)
    {
      double value = geometry->scale.first_tick + t * geometry->scale.step;

      if (fabs (value - zero) < geometry->scale.step / 2)
        continue;
      hairline (cr, x0, x1, value_to_y (geometry, value));
    }

  /* The zero line (or the bottom of a range above zero) is the axis bars
   * stand on: a little stronger. */
  gdk_cairo_set_source_rgba (cr, &axis);
  hairline (cr, x0, x1, value_to_y (geometry, zero));
}

static void
draw_marks (PomarChart *self,
            Geometry   *geometry,
            cairo_t    *cr)
{
  const graphene_rect_t *plot = &geometry->plot;
  GdkRGBA line = with_alpha (&self->foreground, 0.4);
  static const double dash[] = { 4, 3 };

  for (guint m = 0; m < self->data->marks->len; m++)
    {
      const PomarChartMark *mark = g_ptr_array_index (self->data->marks, m);

      if (mark->band)
        {
          double hi = MIN (MAX (mark->from, mark->to), geometry->scale.max);
          double lo = MAX (MIN (mark->from, mark->to), geometry->scale.min);
          double y0 = round (value_to_y (geometry, hi));
          double y1 = round (value_to_y (geometry, lo));
          GdkRGBA fill = with_alpha (&self->fills[mark->role], BAND_ALPHA);

          if (lo >= hi)
            continue;
          gdk_cairo_set_source_rgba (cr, &fill);
          cairo_rectangle (cr, plot->origin.x, y0, plot->size.width, y1 - y0);
          cairo_fill (cr);
        }
      else if (mark->from >= geometry->scale.min && mark->from <= geometry->scale.max)
        {
          cairo_save (cr);
          cairo_set_line_width (cr, 1);
          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
          gdk_cairo_set_source_rgba (cr, &line);
          hairline (cr, plot->origin.x, plot->origin.x + plot->size.width,
                    value_to_y (geometry, mark->from));
          cairo_restore (cr);
        }
    }
}

/* A bar from @y_base to @y_value, its far end rounded. */
static void
bar_path (cairo_t *cr,
          double   x0,
          double   x1,
          double   y_base,
          double   y_value)
{
  double width = x1 - x0;
  double radius = width >= 6 ? MIN (3, width / 3) : 0;
  double top = MIN (y_base, y_value), bottom = MAX (y_base, y_value);
  gboolean up = y_value <= y_base;

  radius = MIN (radius, bottom - top);
  if (radius <= 0)
    {
      cairo_rectangle (cr, x0, top, width, bottom - top);
      return;
    }

  if (up)
    {
      cairo_move_to (cr, x0, bottom);
      cairo_arc (cr, x0 + radius, top + radius, radius, G_PI, 1.5 * G_PI);
      cairo_arc (cr, x1 - radius, top + radius, radius, 1.5 * G_PI, 2 * G_PI);
      cairo_line_to (cr, x1, bottom);
    }
  else
    {
      cairo_move_to (cr, x0, top);
      cairo_line_to (cr, x1, top);
      cairo_arc (cr, x1 - radius, bottom - radius, radius, 0, 0.5 * G_PI);
      cairo_arc (cr, x0 + radius, bottom - radius, radius, 0.5 * G_PI, G_PI);
    }
  cairo_close_path (cr);
}

static void
draw_bars (PomarChart *self,
           Geometry   *geometry,
           cairo_t    *cr)
{
  PomarChartData *data = self->data;
  guint n_bars = 0, bar = 0;
  double group, gap, width;
  double y_base = value_to_y (geometry, CLAMP (0, geometry->scale.min, geometry->scale.max));

  for (guint s = 0; s < data->series->len; s++)
    if (((PomarChartSeries *) g_ptr_array_index (data->series, s))->kind == POMAR_CHART_BAR)
      n_bars++;
  if (n_bars == 0)
    return;

  /* Narrow slots (90 days) get bars with a pixel between them; wide ones
   * (a handful of categories) bars of at most 40 px, so a few do not turn
   * into slabs. */
  if (geometry->slot >= 8)
    {
      group = MIN (geometry->slot * 0.7, 40.0 * n_bars);
      gap = n_bars > 1 ? 2 : 0;
    }
  else
    {
      group = MAX (1.0, geometry->slot - 1);
      gap = 0;
    }
  width = MAX (1.0, (group - gap * (n_bars - 1)) / n_bars);

  for (guint s = 0; s < data->series->len; s++)
    {
      const PomarChartSeries *series = g_ptr_array_index (data->series, s);

      if (series->kind != POMAR_CHART_BAR)
        continue;

      for (guint i = 0; i < data->n_points; i++)
        {
          double v = series->values[i];
          double x0, x1, y;

          if (!isfinite (v))
            continue;

          /* Whole pixels: thin bars stay sharp. */
          x0 = round (index_to_x (geometry, i) - group / 2 + bar * (width + gap));
          x1 = MAX (x0 + 1, round (x0 + width));
          y = round (value_to_y (geometry, CLAMP (v, geometry->scale.min, geometry->scale.max)));
          if (fabs (y - y_base) < 1 && v != 0)
            y = y_base + (v > 0 ? -1 : 1);

          gdk_cairo_set_source_rgba (cr, &self->fills[point_role (series, i)]);
          bar_path (cr, x0, x1, round (y_base), y);
          cairo_fill (cr);
        }
      bar++;
    }
}

static gboolean
has_value (const PomarChartSeries *series,
           guint                   n,
           int                     i)
{
  return i >= 0 && (guint) i < n && isfinite (series->values[i]);
}

static void
draw_lines (PomarChart *self,
            Geometry   *geometry,
            cairo_t    *cr)
{
  PomarChartData *data = self->data;
  const graphene_rect_t *plot = &geometry->plot;
  static const double dash[] = { 6, 4 };

  /* Values outside a fixed range run to its edge and no further. */
  cairo_save (cr);
  cairo_rectangle (cr, plot->origin.x - 4, plot->origin.y - 4,
                   plot->size.width + 8, plot->size.height + 8);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  for (guint s = 0; s < data->series->len; s++)
    {
      const PomarChartSeries *series = g_ptr_array_index (data->series, s);
      gboolean markers = series->kind == POMAR_CHART_LINE && geometry->slot >= MARKER_MIN_SLOT;
      gboolean in_segment = FALSE;

      if (series->kind == POMAR_CHART_BAR)
        continue;

      cairo_save (cr);
      if (series->kind == POMAR_CHART_DASHED_LINE)
        {
          cairo_set_line_width (cr, DASHED_WIDTH);
          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
        }
      else
        cairo_set_line_width (cr, LINE_WIDTH);
      gdk_cairo_set_source_rgba (cr, &self->lines[series->role]);

      /* A gap breaks the line: a month without answers is not a month
       * halfway between its neighbours. */
      for (guint i = 0; i < data->n_points; i++)
        {
          double x, y;

          if (!isfinite (series->values[i]))
            {
              in_segment = FALSE;
              continue;
            }
          x = index_to_x (geometry, i);
          y = value_to_y (geometry, series->values[i]);
          if (in_segment)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          in_segment = TRUE;
        }
      cairo_stroke (cr);

      /* Markers, and a dot for a point with no neighbour to join. */
      for (guint i = 0; i < data->n_points; i++)
        {
          gboolean alone = !has_value (series, data->n_points, (int) i - 1)
                           && !has_value (series, data->n_points, (int) i + 1);

          if (!isfinite (series->values[i]) || !(markers || alone))
            continue;

          gdk_cairo_set_source_rgba (cr, &self->lines[point_role (series, i)]);
          cairo_arc (cr, index_to_x (geometry, i), value_to_y (geometry, series->values[i]),
                     markers ? MARKER_RADIUS + 0.5 : MARKER_RADIUS, 0, 2 * G_PI);
          cairo_fill (cr);
        }
      cairo_restore (cr);
    }

  cairo_restore (cr);
}

static void
draw_highlight (PomarChart *self,
                Geometry   *geometry,
                cairo_t    *cr,
                guint       i,
                gboolean    behind)
{
  PomarChartData *data = self->data;
  const graphene_rect_t *plot = &geometry->plot;
  gboolean has_bars = FALSE, has_lines = FALSE;
  double x = index_to_x (geometry, i);

  for (guint s = 0; s < data->series->len; s++)
    {
      const PomarChartSeries *series = g_ptr_array_index (data->series, s);

      has_bars = has_bars || series->kind == POMAR_CHART_BAR;
      has_lines = has_lines || series->kind != POMAR_CHART_BAR;
    }

  /* Behind the data: a shaded column for bars. */
  if (behind)
    {
      if (has_bars)
        {
          GdkRGBA shade = with_alpha (&self->foreground, HIGHLIGHT_ALPHA);
          double x0 = round (x - geometry->slot / 2), x1 = round (x + geometry->slot / 2);

          gdk_cairo_set_source_rgba (cr, &shade);
          cairo_rectangle (cr, x0, plot->origin.y, MAX (1, x1 - x0), plot->size.height);
          cairo_fill (cr);
        }
      return;
    }

  /* In front: a guide and a dot on each line. */
  if (!has_lines)
    return;

  {
    GdkRGBA guide = with_alpha (&self->foreground, GUIDE_ALPHA);

    cairo_set_line_width (cr, 1);
    gdk_cairo_set_source_rgba (cr, &guide);
    cairo_move_to (cr, floor (x) + 0.5, plot->origin.y);
    cairo_line_to (cr, floor (x) + 0.5, plot->origin.y + plot->size.height);
    cairo_stroke (cr);
  }

  for (guint s = 0; s < data->series->len; s++)
    {
      const PomarChartSeries *series = g_ptr_array_index (data->series, s);
      double y;
      GdkRGBA halo;

      if (series->kind == POMAR_CHART_BAR || !isfinite (series->values[i]))
        continue;

      y = value_to_y (geometry,
                      CLAMP (series->values[i], geometry->scale.min, geometry->scale.max));
      halo = with_alpha (&self->lines[point_role (series, i)], 0.25);
      gdk_cairo_set_source_rgba (cr, &halo);
      cairo_arc (cr, x, y, DOT_RADIUS * 2, 0, 2 * G_PI);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, &self->lines[point_role (series, i)]);
      cairo_arc (cr, x, y, DOT_RADIUS, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static void
draw_legend_swatches (PomarChart *self,
                      Geometry   *geometry,
                      cairo_t    *cr)
{
  static const double dash[] = { 3, 2 };

  for (guint k = 0; k < geometry->legend->len; k++)
    {
      const LegendItem *item = &g_array_index (geometry->legend, LegendItem, k);
      const PomarChartSeries *series = g_ptr_array_index (self->data->series, item->series);
      double middle = item->y + geometry->line_height / 2.0;

      if (series->kind == POMAR_CHART_BAR)
        {
          gdk_cairo_set_source_rgba (cr, &self->fills[series->role]);
          cairo_rectangle (cr, item->x + 2, round (middle - 5), 10, 10);
          cairo_fill (cr);
          continue;
        }

      cairo_save (cr);
      gdk_cairo_set_source_rgba (cr, &self->lines[series->role]);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      if (series->kind == POMAR_CHART_DASHED_LINE)
        {
          cairo_set_line_width (cr, DASHED_WIDTH);
          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
        }
      else
        cairo_set_line_width (cr, LINE_WIDTH);
      cairo_move_to (cr, item->x + 1, round (middle));
      cairo_line_to (cr, item->x + LEGEND_SWATCH - 1, round (middle));
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

static void
snapshot_texts (PomarChart  *self,
                Geometry    *geometry,
                GtkSnapshot *snapshot)
{
  PomarChartData *data = self->data;
  const graphene_rect_t *plot = &geometry->plot;
  GdkRGBA label = with_alpha (&self->foreground, LABEL_ALPHA);
  GdkRGBA legend = with_alpha (&self->foreground, 0.8);
  double x_labels_y = plot->origin.y + plot->size.height + X_LABEL_GAP;
  double label_top = 0, label_bottom = 0;
  guint y_every = 1, zero_tick = 0;

  /* A short chart labels every other tick, counted from zero, rather than
   * stacking labels on each other. */
  if (geometry->scale.n_ticks > 1)
    {
      double spacing = plot->size.height / (geometry->scale.n_ticks - 1);

      if (spacing < geometry->line_height + 2)
        {
          y_every = 2;
          zero_tick = (guint) MAX (0, round (-geometry->scale.first_tick / geometry->scale.step));
        }
    }

  for (guint t = 0; t < geometry->y_labels->len; t++)
    {
      PangoLayout *layout = g_ptr_array_index (geometry->y_labels, t);
      double value = geometry->scale.first_tick + t * geometry->scale.step;
      int w, h;

      if ((t + y_every - zero_tick % y_every) % y_every != 0)
        continue;
      pango_layout_get_pixel_size (layout, &w, &h);
      append_layout (snapshot, layout, plot->origin.x - Y_LABEL_GAP - w,
                     value_to_y (geometry, value) - h / 2.0, &label);
    }

  /* Centred under their points, but kept inside the widget. */
  for (guint i = 0; i < data->n_points; i++)
    {
      PangoLayout *layout = g_ptr_array_index (geometry->x_labels, i);
      PangoLayout *year = g_ptr_array_index (geometry->x_years, i);
      double x = index_to_x (geometry, i);
      int w;

      if (layout == NULL)
        continue;
      w = layout_width (layout);
      append_layout (snapshot, layout, CLAMP (x - w / 2.0, 0, geometry->width - w),
                     x_labels_y, &label);
      if (year != NULL)
        {
          w = layout_width (year);
          append_layout (snapshot, year, CLAMP (x - w / 2.0, 0, geometry->width - w),
                         x_labels_y + geometry->line_height, &label);
        }
    }

  /* Mark labels right of the plot, level with their line or centred on
   * what shows of their band; one that would overlap the one before is
   * left out rather than drawn over it. */
  for (guint m = 0; m < data->marks->len; m++)
    {
      const PomarChartMark *mark = g_ptr_array_index (data->marks, m);
      PangoLayout *layout = g_ptr_array_index (geometry->mark_labels, m);
      double lo = MAX (MIN (mark->from, mark->to), geometry->scale.min);
      double hi = MIN (MAX (mark->from, mark->to), geometry->scale.max);
      double y;
      int w, h;

      if (layout == NULL || lo > hi)
        continue;

      pango_layout_get_pixel_size (layout, &w, &h);
      y = value_to_y (geometry, (lo + hi) / 2) - h / 2.0;
      y = CLAMP (y, 0, geometry->height - h);
      if (y < label_bottom && y + h > label_top)
        continue;

      append_layout (snapshot, layout, plot->origin.x + plot->size.width + MARK_LABEL_GAP, y,
                     mark->band ? &self->lines[mark->role] : &label);
      label_top = y;
      label_bottom = y + h;
    }

  for (guint k = 0; k < geometry->legend->len; k++)
    {
      const LegendItem *item = &g_array_index (geometry->legend, LegendItem, k);

      append_layout (snapshot, item->layout, item->x + LEGEND_SWATCH + 6, item->y, &legend);
    }
}

/* The keyboard has no tooltip: the highlighted point says its values in a
 * box beside the guide, drawn like a libadwaita tooltip. */
static void
snapshot_callout (PomarChart  *self,
                  Geometry    *geometry,
                  GtkSnapshot *snapshot,
                  guint        i)
{
  static const GdkRGBA background = { 0, 0, 0, 0.8 };
  static const GdkRGBA text_color = { 1, 1, 1, 1 };
  g_autofree char *text = NULL;
  g_autoptr (PangoLayout) layout = NULL;
  GskRoundedRect box;
  double x = index_to_x (geometry, i);
  double box_x;
  int w, h;

  text = pomar_chart_data_describe_point (self->data, i, self->data->series->len > 1);
  layout = make_label (self, text);
  pango_layout_get_pixel_size (layout, &w, &h);
  w += 16;
  h += 10;
  box_x = x + 8;
  if (box_x + w > geometry->width)
    box_x = x - 8 - w;
  box_x = round (MAX (0, box_x));

  gsk_rounded_rect_init_from_rect (&box,
                                   &GRAPHENE_RECT_INIT (box_x, geometry->plot.origin.y, w, h),
                                   6);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, &background, &box.bounds);
  gtk_snapshot_pop (snapshot);
  append_layout (snapshot, layout, box_x + 8, geometry->plot.origin.y + 5, &text_color);
}

static void
snapshot_empty (PomarChart  *self,
                GtkSnapshot *snapshot)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  g_autoptr (PangoLayout) layout = NULL;
  GdkRGBA dim = with_alpha (&self->foreground, 0.55);
  int w, h;

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->empty_text);
  pango_layout_set_width (layout, MAX (1, width - 24) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &w, &h);
  append_layout (snapshot, layout, (width - MAX (1, width - 24)) / 2.0, (height - h) / 2.0, &dim);
}

static void
pomar_chart_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  PomarChart *self = POMAR_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  Geometry *geometry;
  int highlight;
  cairo_t *cr;

  ensure_colors (self);

  if (pomar_chart_data_is_empty (self->data))
    {
      snapshot_empty (self, snapshot);
      return;
    }

  geometry = ensure_geometry (self);
  highlight = self->hover >= 0 ? self->hover : self->selected;
  if (highlight >= (int) self->data->n_points)
    highlight = -1;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_marks (self, geometry, cr);
  draw_grid (self, geometry, cr);
  if (highlight >= 0)
    draw_highlight (self, geometry, cr, highlight, TRUE);
  draw_bars (self, geometry, cr);
  draw_lines (self, geometry, cr);
  if (highlight >= 0)
    draw_highlight (self, geometry, cr, highlight, FALSE);
  draw_legend_swatches (self, geometry, cr);
  cairo_destroy (cr);

  snapshot_texts (self, geometry, snapshot);

  if (self->hover < 0 && self->selected >= 0 && highlight >= 0)
    snapshot_callout (self, geometry, snapshot, highlight);
}

/* Pointer, keyboard, tooltip ----------------------------------------------- */

static int
index_at (PomarChart *self,
          double      x)
{
  Geometry *geometry;

  if (pomar_chart_data_is_empty (self->data))
    return -1;

  geometry = ensure_geometry (self);
  return pomar_chart_nearest_index (self->data->n_points, geometry->plot.origin.x,
                                    geometry->plot.size.width, x);
}

static void
set_hover (PomarChart *self,
           int         hover)
{
  if (self->hover == hover)
    return;

  self->hover = hover;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           PomarChart               *self)
{
  int hover = index_at (self, x);

  if (hover == self->hover)
    return;

  set_hover (self, hover);
  /* GTK hides a tooltip whose tip area the pointer leaves, and shows one
   * again only on the next motion: when the pointer stops in a new point's
   * column, ask now, or its tooltip would never come. */
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

static void
on_leave (GtkEventControllerMotion *controller,
          PomarChart               *self)
{
  set_hover (self, -1);
}

/* The description is the summary, or, while a point is highlighted with
 * the keyboard, that point: GTK 4.8 has no announcements, and a changed
 * description is what a screen reader reads of the focused widget. */
static void
update_description (PomarChart *self)
{
  g_autofree char *point = NULL;

  if (self->selected >= 0)
    point = pomar_chart_data_describe_point (self->data, self->selected, FALSE);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  point != NULL ? point : self->summary,
                                  -1);
}

static void
select_point (PomarChart *self,
              int         selected)
{
  if (self->selected == selected)
    return;

  self->selected = selected;
  /* The keyboard takes over from the pointer. */
  self->hover = -1;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                PomarChart              *self)
{
  select_point (self, -1);
}

/* Left from nothing starts at the latest point, Right at the first. */
static void
move_selection (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PomarChart *self = POMAR_CHART (widget);
  int last = (int) self->data->n_points - 1;
  int selected = self->selected;

  if (pomar_chart_data_is_empty (self->data))
    return;

  if (g_str_equal (action_name, "chart.previous"))
    selected = selected < 0 ? last : MAX (0, selected - 1);
  else if (g_str_equal (action_name, "chart.next"))
    selected = selected < 0 ? 0 : MIN (last, selected + 1);
  else if (g_str_equal (action_name, "chart.first"))
    selected = 0;
  else if (g_str_equal (action_name, "chart.last"))
    selected = last;

  select_point (self, selected);
}

static gboolean
on_query_tooltip (PomarChart *self,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip)
{
  g_autofree char *text = NULL;
  Geometry *geometry;
  GdkRectangle area;
  int i;

  /* The point the pointer highlights, rather than the one at @x: GTK 4.8
   * asks again (when it shows the tooltip, and after
   * gtk_widget_trigger_tooltip_query ()) with coordinates off by the
   * window's shadow, which is a point or two away on a 90-day chart. */
  if (keyboard_mode)
    i = self->selected;
  else if (self->hover >= 0)
    i = self->hover;
  else
    i = index_at (self, x);
  if (i < 0)
    return FALSE;

  geometry = ensure_geometry (self);
  /* One series on one line, "12 Nov 2026 — NPS 42"; several a line each. */
  text = pomar_chart_data_describe_point (self->data, i, self->data->series->len > 1);
  gtk_tooltip_set_text (tooltip, text);

  /* The point's column: GTK asks again once the pointer leaves it. */
  area.x = (int) floor (index_to_x (geometry, i) - geometry->slot / 2);
  area.width = MAX (1, (int) ceil (geometry->slot));
  area.y = 0;
  area.height = geometry->height;
  gtk_tooltip_set_tip_area (tooltip, &area);
  return TRUE;
}

/* Changes ------------------------------------------------------------------ */

/* After any change to the data: new layout, new summary, nothing
 * highlighted (the points it named may be gone). */
static void
data_changed (PomarChart *self)
{
  g_clear_pointer (&self->geometry, geometry_free);
  self->hover = -1;
  self->selected = -1;

  g_free (self->summary);
  self->summary = pomar_chart_data_build_summary (self->data, self->empty_text);
  update_description (self);

  /* Nothing to step through, no stop for the Tab key. */
  gtk_widget_set_focusable (GTK_WIDGET (self), !pomar_chart_data_is_empty (self->data));

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* As g_set_str (), which is GLib 2.76. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* GObject ------------------------------------------------------------------ */

static void
pomar_chart_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  PomarChart *self = POMAR_CHART (widget);

  GTK_WIDGET_CLASS (pomar_chart_parent_class)->css_changed (widget, change);

  /* Colours, and the font the labels were measured in. */
  self->colors_valid = FALSE;
  g_clear_pointer (&self->geometry, geometry_free);
  gtk_widget_queue_draw (widget);
}

static void
pomar_chart_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NATURAL_WIDTH;
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = NATURAL_HEIGHT;
    }
}

static void
pomar_chart_finalize (GObject *object)
{
  PomarChart *self = POMAR_CHART (object);

  g_clear_pointer (&self->data, pomar_chart_data_free);
  g_clear_pointer (&self->empty_text, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->label_attrs, pango_attr_list_unref);
  g_clear_pointer (&self->geometry, geometry_free);

  G_OBJECT_CLASS (pomar_chart_parent_class)->finalize (object);
}

static void
pomar_chart_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PomarChart *self = POMAR_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->data->title);
      break;

    case PROP_EMPTY_TEXT:
      g_value_set_string (value, self->empty_text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_chart_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PomarChart *self = POMAR_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      pomar_chart_set_title (self, g_value_get_string (value));
      break;

    case PROP_EMPTY_TEXT:
      pomar_chart_set_empty_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_binding (GtkWidgetClass *widget_class,
             guint           key,
             guint           keypad_key,
             const char     *action)
{
  gtk_widget_class_add_binding_action (widget_class, key, 0, action, NULL);
  gtk_widget_class_add_binding_action (widget_class, keypad_key, 0, action, NULL);
}

static void
pomar_chart_class_init (PomarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pomar_chart_finalize;
  object_class->get_property = pomar_chart_get_property;
  object_class->set_property = pomar_chart_set_property;

  widget_class->snapshot = pomar_chart_snapshot;
  widget_class->measure = pomar_chart_measure;
  widget_class->css_changed = pomar_chart_css_changed;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPTY_TEXT] =
    g_param_spec_string ("empty-text", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "chart.previous", NULL, move_selection);
  gtk_widget_class_install_action (widget_class, "chart.next", NULL, move_selection);
  gtk_widget_class_install_action (widget_class, "chart.first", NULL, move_selection);
  gtk_widget_class_install_action (widget_class, "chart.last", NULL, move_selection);
  add_binding (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, "chart.previous");
  add_binding (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, "chart.next");
  add_binding (widget_class, GDK_KEY_Home, GDK_KEY_KP_Home, "chart.first");
  add_binding (widget_class, GDK_KEY_End, GDK_KEY_KP_End, "chart.last");

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pomar_chart_init (PomarChart *self)
{
  GtkEventController *controller;

  self->data = pomar_chart_data_new ();
  self->empty_text = g_strdup (_("No data to show"));
  self->hover = -1;
  self->selected = -1;

  /* Labels a size smaller than the text, with figures of one width (as
   * libadwaita's .numeric) so that ticks line up. */
  self->label_attrs = pango_attr_list_new ();
  pango_attr_list_insert (self->label_attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (self->label_attrs, pango_attr_font_features_new ("tnum=1"));

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  data_changed (self);
}

/* API ---------------------------------------------------------------------- */

GtkWidget *
pomar_chart_new (void)
{
  return g_object_new (POMAR_TYPE_CHART, NULL);
}

void
pomar_chart_set_title (PomarChart *self,
                       const char *title)
{
  g_return_if_fail (POMAR_IS_CHART (self));

  if (!set_string (&self->data->title, title))
    return;

  if (title != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);

  data_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
pomar_chart_get_title (PomarChart *self)
{
  g_return_val_if_fail (POMAR_IS_CHART (self), NULL);
  return self->data->title;
}

void
pomar_chart_set_empty_text (PomarChart *self,
                            const char *text)
{
  g_return_if_fail (POMAR_IS_CHART (self));

  if (text == NULL)
    text = _("No data to show");
  if (!set_string (&self->empty_text, text))
    return;

  data_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY_TEXT]);
}

const char *
pomar_chart_get_empty_text (PomarChart *self)
{
  g_return_val_if_fail (POMAR_IS_CHART (self), NULL);
  return self->empty_text;
}

void
pomar_chart_set_days (PomarChart *self,
                      PomarDay    first,
                      guint       n)
{
  g_return_if_fail (POMAR_IS_CHART (self));

  pomar_chart_data_set_dates (self->data, POMAR_CHART_X_DAYS, first, n);
  data_changed (self);
}

void
pomar_chart_set_months (PomarChart *self,
                        PomarDay    first,
                        guint       n)
{
  g_return_if_fail (POMAR_IS_CHART (self));

  pomar_chart_data_set_dates (self->data, POMAR_CHART_X_MONTHS, first, n);
  data_changed (self);
}

void
pomar_chart_set_categories (PomarChart         *self,
                            const char * const *labels)
{
  g_return_if_fail (POMAR_IS_CHART (self));

  pomar_chart_data_set_categories (self->data, labels);
  data_changed (self);
}

guint
pomar_chart_add_series (PomarChart     *self,
                        const char     *name,
                        PomarChartKind  kind,
                        PomarChartRole  role,
                        const double   *values,
                        guint           n)
{
  guint index;

  g_return_val_if_fail (POMAR_IS_CHART (self), 0);
  g_return_val_if_fail (values != NULL || n == 0, 0);
  g_return_val_if_fail (kind <= POMAR_CHART_DASHED_LINE, 0);
  g_return_val_if_fail (role < POMAR_CHART_N_ROLES, 0);

  index = pomar_chart_data_add_series (self->data, name, kind, role, values, n);
  data_changed (self);
  return index;
}

void
pomar_chart_set_series_roles (PomarChart           *self,
                              guint                 series,
                              const PomarChartRole *roles,
                              guint                 n)
{
  PomarChartSeries *s;

  g_return_if_fail (POMAR_IS_CHART (self));
  g_return_if_fail (series < self->data->series->len);
  g_return_if_fail (roles != NULL || n == 0);

  s = g_ptr_array_index (self->data->series, series);
  g_clear_pointer (&s->point_roles, g_free);
  if (n > 0)
    {
      s->point_roles = g_new (PomarChartRole, MAX (self->data->n_points, 1));
      for (guint i = 0; i < self->data->n_points; i++)
        s->point_roles[i] = i < n ? MIN (roles[i], POMAR_CHART_ROLE_NEUTRAL) : s->role;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
pomar_chart_clear (PomarChart *self)
{
  g_return_if_fail (POMAR_IS_CHART (self));

  pomar_chart_data_clear (self->data);
  data_changed (self);
}

void
pomar_chart_set_y_range (PomarChart *self,
                         double      min,
                         double      max)
{
  g_return_if_fail (POMAR_IS_CHART (self));
  g_return_if_fail (isnan (min) || isnan (max) || min < max);

  self->data->y_min = min;
  self->data->y_max = max;
  data_changed (self);
}

static void
add_mark (PomarChart     *self,
          double          from,
          double          to,
          gboolean        band,
          PomarChartRole  role,
          const char     *label)
{
  PomarChartMark *mark = g_new0 (PomarChartMark, 1);

  mark->from = from;
  mark->to = to;
  mark->band = band;
  mark->role = role;
  mark->label = g_strdup (label);
  g_ptr_array_add (self->data->marks, mark);
  data_changed (self);
}

void
pomar_chart_add_reference (PomarChart *self,
                           double      value,
                           const char *label)
{
  g_return_if_fail (POMAR_IS_CHART (self));
  g_return_if_fail (isfinite (value));

  add_mark (self, value, value, FALSE, POMAR_CHART_ROLE_NEUTRAL, label);
}

void
pomar_chart_add_band (PomarChart     *self,
                      double          from,
                      double          to,
                      PomarChartRole  role,
                      const char     *label)
{
  g_return_if_fail (POMAR_IS_CHART (self));
  g_return_if_fail (isfinite (from) && isfinite (to));
  g_return_if_fail (role < POMAR_CHART_N_ROLES);

  add_mark (self, from, to, TRUE, role, label);
}

void
pomar_chart_clear_references (PomarChart *self)
{
  g_return_if_fail (POMAR_IS_CHART (self));

  g_ptr_array_set_size (self->data->marks, 0);
  data_changed (self);
}

void
pomar_chart_set_value_format (PomarChart       *self,
                              PomarChartFormat  format,
                              const char       *currency)
{
  g_return_if_fail (POMAR_IS_CHART (self));
  g_return_if_fail (format <= POMAR_CHART_FORMAT_CURRENCY);

  self->data->format = format;
  set_string (&self->data->currency, currency);
  data_changed (self);
}

const char *
pomar_chart_get_summary (PomarChart *self)
{
  g_return_val_if_fail (POMAR_IS_CHART (self), NULL);
  return self->summary;
}

int
pomar_chart_get_selected (PomarChart *self)
{
  g_return_val_if_fail (POMAR_IS_CHART (self), -1);
  return self->selected;
}
