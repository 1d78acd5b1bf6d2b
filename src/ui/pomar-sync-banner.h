/* pomar-sync-banner.h: offline, failed connections, undelivered changes. */
#pragma once

#include <adwaita.h>

#include "pomar-sync-controller.h"

G_BEGIN_DECLS

#define POMAR_TYPE_SYNC_BANNER (pomar_sync_banner_get_type ())
G_DECLARE_FINAL_TYPE (PomarSyncBanner, pomar_sync_banner, POMAR, SYNC_BANNER, GtkWidget)

/* Follows @controller: offline (the data's age, the changes waiting, Try
 * Again), the connections its last sync could not complete (a row each
 * with its name and why, and "Enter New Token…" (win.enter-token) where
 * the token was refused), and the changes kept for accounts gone from the
 * server (Show Changes…: copy or discard them). */
void pomar_sync_banner_set_controller (PomarSyncBanner     *self,
                                       PomarSyncController *controller);

/* The offline row's sentence (for tests too). */
char *pomar_sync_banner_offline_text  (GDateTime           *last_synced,
                                       GDateTime           *now,
                                       guint                n_waiting);

G_END_DECLS
