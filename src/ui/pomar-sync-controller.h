/* pomar-sync-controller.h: the GUI's syncs of one cache. */
#pragma once

#include <gio/gio.h>

#include "pomar-context.h"

G_BEGIN_DECLS

#define POMAR_TYPE_SYNC_CONTROLLER (pomar_sync_controller_get_type ())
G_DECLARE_FINAL_TYPE (PomarSyncController, pomar_sync_controller, POMAR, SYNC_CONTROLLER, GObject)

/* @application, if not NULL, is held while a sync runs, so that quitting
 * waits for a cancelled sync to wind down rather than cut it off. */
PomarSyncController *pomar_sync_controller_new                 (PomarContext        *context,
                                                                GApplication        *application);

/* Once, when the window shows what the cache holds: reads the connections
 * and when they last synced (on a worker thread), then syncs them unless
 * automatic syncs are off, and again every sync-interval-minutes. */
void                 pomar_sync_controller_start               (PomarSyncController *self);
/* Syncs every connection now; during a sync, once more after it. */
void                 pomar_sync_controller_sync                (PomarSyncController *self);
/* Cancels the sync under way and stops for good (the window is closing). */
void                 pomar_sync_controller_stop                (PomarSyncController *self);

gboolean             pomar_sync_controller_get_syncing         (PomarSyncController *self);
gboolean             pomar_sync_controller_get_has_connections (PomarSyncController *self);
/* How far the sync under way is, from 0 to 1. */
double               pomar_sync_controller_get_fraction        (PomarSyncController *self);
/* "Syncing “Acme”: accounts, 1,200 records"; NULL when not syncing. */
const char          *pomar_sync_controller_get_progress_text   (PomarSyncController *self);
/* The last time any connection completed a pass, or NULL. */
GDateTime           *pomar_sync_controller_get_last_synced     (PomarSyncController *self);
/* Connections the last sync could not complete. */
guint                pomar_sync_controller_get_n_failures      (PomarSyncController *self);
/* sync-interval-minutes: 0 when automatic syncs are off. */
guint                pomar_sync_controller_get_interval_minutes (PomarSyncController *self);
/* The connections, by name: a GListModel of PomarSyncItem. */
GListModel          *pomar_sync_controller_get_connections     (PomarSyncController *self);
gboolean             pomar_sync_controller_get_online          (PomarSyncController *self);
guint                pomar_sync_controller_get_n_waiting       (PomarSyncController *self);
guint                pomar_sync_controller_get_n_gone          (PomarSyncController *self);
PomarContext        *pomar_sync_controller_get_context         (PomarSyncController *self);
/* Pushes what waits (when a server can be reached) and counts the outbox
 * again, after a job under way if there is one. */
void                 pomar_sync_controller_recount             (PomarSyncController *self);

/* "Last synced 5 minutes ago" (or "Never synced"), as of @now. */
char                *pomar_sync_format_last_synced             (GDateTime           *last_synced,
                                                                GDateTime           *now);
/* "Synced 5 minutes ago" (or "Not synced yet"), for one connection. */
char                *pomar_sync_format_synced                  (GDateTime           *last_synced,
                                                                GDateTime           *now);

G_END_DECLS
