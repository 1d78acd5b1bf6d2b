/* pomar-sync-controller-private.h: what the tests of the controller need. */
#pragma once

#include "pomar-sync-controller.h"
#include "sync/pomar-reachability.h"

G_BEGIN_DECLS

/* How many seconds a minute of sync-interval-minutes lasts (60); a test
 * makes it 1 to see the automatic syncs come. */
void pomar_sync_controller_set_minute_seconds (PomarSyncController *self,
                                               guint                seconds);

/* How many progress updates reached the main loop (they are coalesced). */
guint pomar_sync_controller_get_n_updates     (PomarSyncController *self);

/* Its timing can be made short for tests. */
PomarReachability *pomar_sync_controller_get_reachability (PomarSyncController *self);

G_END_DECLS
