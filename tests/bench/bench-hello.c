/* bench-hello.c: GTK's hello world, the yardstick of the UI benchmark.
 *
 * A GtkApplication with one window holding one label, watched by the same
 * frame report as pomar (src/ui/pomar-frame-report.c): with
 * POMAR_REPORT_FIRST_FRAME=1 it prints "first frame N ms after start". It
 * stays open until it is killed, so that its memory can be read.
 */
#include "config.h"

#include <gtk/gtk.h>

#include "ui/pomar-frame-report.h"

static void
on_activate (GtkApplication *app)
{
  GtkWidget *window = gtk_application_window_new (app);

  gtk_window_set_title (GTK_WINDOW (window), "Hello");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Hello, world"));
  pomar_frame_report_watch (window);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GtkApplication) app = gtk_application_new ("io.github.pomar.BenchHello", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
