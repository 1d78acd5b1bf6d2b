/* pomar-sync-item.h: one connection as the sync controller sees it. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  POMAR_SYNC_ITEM_IDLE,     /* not part of a sync under way */
  POMAR_SYNC_ITEM_WAITING,  /* its turn comes later in this sync */
  POMAR_SYNC_ITEM_SYNCING,
  POMAR_SYNC_ITEM_DONE,     /* this sync completed it */
  POMAR_SYNC_ITEM_FAILED,   /* this sync stopped on it; see the message */
} PomarSyncItemState;

#define POMAR_TYPE_SYNC_ITEM_STATE (pomar_sync_item_state_get_type ())
GType pomar_sync_item_state_get_type (void);

#define POMAR_TYPE_SYNC_ITEM (pomar_sync_item_get_type ())
G_DECLARE_FINAL_TYPE (PomarSyncItem, pomar_sync_item, POMAR, SYNC_ITEM, GObject)

PomarSyncItem      *pomar_sync_item_new              (const char         *name);
const char         *pomar_sync_item_get_name         (PomarSyncItem      *self);
PomarSyncItemState  pomar_sync_item_get_state        (PomarSyncItem      *self);
/* While syncing: "accounts, 1,200 of 5,000 records"; NULL otherwise. */
const char         *pomar_sync_item_get_progress_text (PomarSyncItem     *self);
/* Why the connection did not sync, as a sentence; NULL when it did. */
const char         *pomar_sync_item_get_message      (PomarSyncItem      *self);
/* The server refused the token, or the keyring holds none: a new token
 * is what the connection needs. */
gboolean            pomar_sync_item_get_needs_token  (PomarSyncItem      *self);
/* When a pass of the connection last completed, or NULL. */
GDateTime          *pomar_sync_item_get_last_synced  (PomarSyncItem      *self);

/* For the controller. Each notifies only what changed. */
void                pomar_sync_item_set_state        (PomarSyncItem      *self,
                                                      PomarSyncItemState  state,
                                                      const char         *progress_text,
                                                      const char         *message,
                                                      gboolean            needs_token);
void                pomar_sync_item_set_last_synced  (PomarSyncItem      *self,
                                                      GDateTime          *last_synced);

G_END_DECLS
