/* pomar-preferences-window.h: Preferences, for the cache of one window. */
#pragma once

#include <adwaita.h>

#include "pomar-context.h"

G_BEGIN_DECLS

#define POMAR_TYPE_PREFERENCES_WINDOW (pomar_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (PomarPreferencesWindow, pomar_preferences_window, POMAR, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Preferences for @context's connections, and the settings every cache
 * shares. @context may be NULL (a window whose cache could not be opened):
 * then there are no connections to show. Set its transient parent (the
 * PomarWindow of @context, which gets told of added and removed
 * connections) and present it. */
GtkWidget    *pomar_preferences_window_new         (PomarContext           *context);
PomarContext *pomar_preferences_window_get_context (PomarPreferencesWindow *self);

G_END_DECLS
