/* pomar-sync-button.h: the header bar's Sync Now button and sync status. */
#pragma once

#include <adwaita.h>

#include "pomar-sync-controller.h"

G_BEGIN_DECLS

#define POMAR_TYPE_SYNC_BUTTON (pomar_sync_button_get_type ())
G_DECLARE_FINAL_TYPE (PomarSyncButton, pomar_sync_button, POMAR, SYNC_BUTTON, GtkWidget)

/* The button activates win.sync; its status shows @controller's state. It
 * hides itself while the controller knows no connection. */
void pomar_sync_button_set_controller (PomarSyncButton     *self,
                                       PomarSyncController *controller);

G_END_DECLS
