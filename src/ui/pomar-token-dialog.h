/* pomar-token-dialog.h: a new token for a connection. */
#pragma once

#include <adwaita.h>

#include "store/pomar-store.h"

G_BEGIN_DECLS

#define POMAR_TYPE_TOKEN_DIALOG (pomar_token_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PomarTokenDialog, pomar_token_dialog, POMAR, TOKEN_DIALOG, AdwWindow)

/* A modal window that gives the connection @name of @store a new token;
 * set its transient parent and present it. Emits "token-replaced" once
 * the server accepted the token and the keyring keeps it, then closes. */
GtkWidget *pomar_token_dialog_new (PomarStore *store,
                                   const char *name);

G_END_DECLS
