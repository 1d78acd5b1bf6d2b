/* pomar-window.h: a window onto one cache (one PomarContext). */
#pragma once

#include <adwaita.h>

#include "pomar-context.h"

G_BEGIN_DECLS

#define POMAR_TYPE_WINDOW (pomar_window_get_type ())
G_DECLARE_FINAL_TYPE (PomarWindow, pomar_window, POMAR, WINDOW, AdwApplicationWindow)

/* @context may be NULL for a window that only shows why a cache could not
 * be opened (see pomar_window_show_error). With @prepare_demo, an empty
 * cache gets the default demo book instead of the welcome page. */
PomarWindow  *pomar_window_new              (GtkApplication *application,
                                             PomarContext   *context,
                                             gboolean        prepare_demo);
PomarContext *pomar_window_get_context      (PomarWindow    *self);

/* Reads the cache again (on a worker thread) and shows what it holds. */
void          pomar_window_reload           (PomarWindow    *self);
/* Replaces whatever the window shows with @title and the error's message. */
void          pomar_window_show_error       (PomarWindow    *self,
                                             const char     *title,
                                             const GError   *error);
/* A connection named @name was just added to this window's cache. */
void          pomar_window_connection_added (PomarWindow    *self,
                                             const char     *name);

G_END_DECLS
