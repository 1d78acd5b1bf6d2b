/* pomar-sync-banner.h: the connections the last sync could not complete. */
#pragma once

#include <adwaita.h>

#include "pomar-sync-controller.h"

G_BEGIN_DECLS

#define POMAR_TYPE_SYNC_BANNER (pomar_sync_banner_get_type ())
G_DECLARE_FINAL_TYPE (PomarSyncBanner, pomar_sync_banner, POMAR, SYNC_BANNER, GtkWidget)

/* Shows, after each of @controller's syncs, the connections it could not
 * complete: a row each with its name and why, and "Enter New Token…"
 * (win.enter-token) where the token was refused. */
void pomar_sync_banner_set_controller (PomarSyncBanner     *self,
                                       PomarSyncController *controller);

G_END_DECLS
