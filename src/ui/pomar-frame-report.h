/* pomar-frame-report.h: how soon a window draws, and whether it stutters.
 *
 * A diagnostic for benchmarks, off unless POMAR_REPORT_FIRST_FRAME=1 is in
 * the environment: then a watched window prints, on stderr, the time from
 * the start of the process to its first frame, to the first frame after
 * its data arrived, and the longest gap between two frames from its first
 * frame until two seconds after the data (the main loop's worst stall).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean pomar_frame_report_enabled (void);
/* Call once, before @window is realized. */
void     pomar_frame_report_watch   (GtkWidget  *window);
/* The data arrived (the first call counts); @detail is printed beside it. */
void     pomar_frame_report_mark    (GtkWidget  *window,
                                     const char *detail);

/* With POMAR_REPORT_FIRST_FRAME=1: for each key typed into @widget (a
 * letter, a space, a backspace), the time from the key to the end of the
 * next frame, printed as "pomar: <what> keystroke on screen N ms after the
 * key". The benchmarks read it. */
void     pomar_frame_report_watch_keys (GtkWidget  *widget,
                                        const char *what);

G_END_DECLS
