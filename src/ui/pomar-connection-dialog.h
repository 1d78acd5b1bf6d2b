/* pomar-connection-dialog.h: the "Add a Connection" window. */
#pragma once

#include <adwaita.h>

#include "store/pomar-store.h"

G_BEGIN_DECLS

#define POMAR_TYPE_CONNECTION_DIALOG (pomar_connection_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PomarConnectionDialog, pomar_connection_dialog, POMAR, CONNECTION_DIALOG, AdwWindow)

/* A modal window that adds a connection to @store; set its transient
 * parent and present it. Emits "connection-added" (the name) once the
 * connection and its token are stored, then closes. */
GtkWidget *pomar_connection_dialog_new (PomarStore *store);

G_END_DECLS
