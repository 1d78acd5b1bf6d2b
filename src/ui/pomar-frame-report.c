/* pomar-frame-report.c: how soon a window draws, and whether it stutters.
 *
 * While it watches, a tick callback keeps the window's frame clock running
 * every frame, so that the gap between two ticks is the time the main loop
 * could not draw: the stall a user would see as a frozen window. The start
 * of the process is read from /proc (Linux); elsewhere times count from
 * the call to pomar_frame_report_watch().
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pomar-frame-report.h"

#define REPORT_KEY      "pomar-frame-report"
#define WATCH_AFTER_US  (2 * G_USEC_PER_SEC)
#define GIVE_UP_US      (120 * G_USEC_PER_SEC)

typedef struct
{
  gint64  origin;      /* monotonic time of the process's start */
  gint64  watched;
  gint64  first_frame;
  gint64  mark;
  gint64  data_frame;
  gint64  last_tick;
  gint64  max_gap;
  gint64  max_gap_end;
  char   *detail;
} Report;

static void
report_free (Report *report)
{
  g_free (report->detail);
  g_free (report);
}

gboolean
pomar_frame_report_enabled (void)
{
  return g_strcmp0 (g_getenv ("POMAR_REPORT_FIRST_FRAME"), "1") == 0;
}

/* The monotonic time at which this process started, from its start time
 * in clock ticks since boot; @fallback when that cannot be read. */
static gint64
process_origin (gint64 fallback)
{
  g_autofree char *stat = NULL;
  const char *fields;
  unsigned long long start_ticks = 0;
  struct timespec boot, mono;
  long ticks_per_second = sysconf (_SC_CLK_TCK);
  gint64 age;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL)
      || ticks_per_second <= 0)
    return fallback;
  /* The command name may hold spaces: count fields after its ')'. */
  fields = strrchr (stat, ')');
  if (fields == NULL
      || sscanf (fields + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
                 &start_ticks) != 1)
    return fallback;
  if (clock_gettime (CLOCK_BOOTTIME, &boot) != 0 || clock_gettime (CLOCK_MONOTONIC, &mono) != 0)
    return fallback;

  age = (gint64) boot.tv_sec * G_USEC_PER_SEC + boot.tv_nsec / 1000
        - (gint64) (start_ticks * G_USEC_PER_SEC / (unsigned long long) ticks_per_second);
  return (gint64) mono.tv_sec * G_USEC_PER_SEC + mono.tv_nsec / 1000 - age;
}

static double
ms_since (Report *report,
          gint64  time)
{
  return (time - report->origin) / 1000.0;
}

static void
on_after_paint (GdkFrameClock *clock,
                Report        *report)
{
  gint64 now = g_get_monotonic_time ();

  if (report->first_frame == 0)
    {
      report->first_frame = now;
      g_printerr ("pomar: first frame %.0f ms after start\n", ms_since (report, now));
    }
  if (report->mark != 0 && report->data_frame == 0)
    {
      report->data_frame = now;
      g_printerr ("pomar: data on screen %.0f ms after start (%s; data arrived at %.0f ms)\n",
                  ms_since (report, now), report->detail, ms_since (report, report->mark));
    }
}

static void
on_realize (GtkWidget *window,
            Report    *report)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), report);
}

static gboolean
on_tick (GtkWidget     *window,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Report *report = user_data;
  gint64 now = g_get_monotonic_time ();

  if (report->first_frame != 0 && report->last_tick != 0 && now - report->last_tick > report->max_gap)
    {
      report->max_gap = now - report->last_tick;
      report->max_gap_end = now;
    }
  report->last_tick = now;

  if ((report->data_frame != 0 && now - report->data_frame > WATCH_AFTER_US)
      || now - report->watched > GIVE_UP_US)
    {
      g_printerr ("pomar: longest gap between frames %.0f ms (ending %.0f ms after start)\n",
                  report->max_gap / 1000.0, ms_since (report, report->max_gap_end));
      g_signal_handlers_disconnect_by_func (clock, on_after_paint, report);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

void
pomar_frame_report_watch (GtkWidget *window)
{
  Report *report;

  g_return_if_fail (GTK_IS_WIDGET (window));

  if (!pomar_frame_report_enabled ())
    return;

  report = g_new0 (Report, 1);
  report->watched = g_get_monotonic_time ();
  report->origin = process_origin (report->watched);
  g_object_set_data_full (G_OBJECT (window), REPORT_KEY, report, (GDestroyNotify) report_free);

  g_signal_connect (window, "realize", G_CALLBACK (on_realize), report);
  gtk_widget_add_tick_callback (window, on_tick, report, NULL);
}

void
pomar_frame_report_mark (GtkWidget  *window,
                         const char *detail)
{
  Report *report;

  g_return_if_fail (GTK_IS_WIDGET (window));

  report = g_object_get_data (G_OBJECT (window), REPORT_KEY);
  if (report == NULL || report->mark != 0)
    return;

  report->mark = g_get_monotonic_time ();
  report->detail = g_strdup (detail);
}

/* Keystrokes --------------------------------------------------------------- */

typedef struct
{
  char   *what;
  gint64  pressed;    /* monotonic time of the key not yet on screen, or 0 */
  gulong  paint_id;
  GdkFrameClock *clock;
} KeyReport;

static void
key_report_free (KeyReport *report)
{
  if (report->clock != NULL && report->paint_id != 0)
    g_signal_handler_disconnect (report->clock, report->paint_id);
  g_clear_object (&report->clock);
  g_free (report->what);
  g_free (report);
}

static void
on_key_after_paint (GdkFrameClock *clock,
                    KeyReport     *report)
{
  if (report->pressed == 0)
    return;
  g_printerr ("pomar: %s keystroke on screen %.1f ms after the key\n",
              report->what, (g_get_monotonic_time () - report->pressed) / 1000.0);
  report->pressed = 0;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KeyReport             *report)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (clock != NULL && clock != report->clock)
    {
      if (report->clock != NULL && report->paint_id != 0)
        g_signal_handler_disconnect (report->clock, report->paint_id);
      g_set_object (&report->clock, clock);
      report->paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_key_after_paint), report);
    }
  /* Modifiers alone change nothing on screen. */
  if (!gdk_keyval_is_upper (keyval) && !gdk_keyval_is_lower (keyval)
      && keyval != GDK_KEY_BackSpace && keyval != GDK_KEY_space)
    return GDK_EVENT_PROPAGATE;
  report->pressed = g_get_monotonic_time ();
  return GDK_EVENT_PROPAGATE;
}

void
pomar_frame_report_watch_keys (GtkWidget  *widget,
                               const char *what)
{
  GtkEventController *controller;
  KeyReport *report;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (!pomar_frame_report_enabled ())
    return;

  report = g_new0 (KeyReport, 1);
  report->what = g_strdup (what);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), report);
  g_object_set_data_full (G_OBJECT (controller), "pomar-key-report", report, (GDestroyNotify) key_report_free);
  gtk_widget_add_controller (widget, controller);
}
