/* pomar-sync-engine.h: bringing a connection's records into the cache.
 *
 * A pass reads one collection page by page, from the token of the last
 * completed pass (or from nothing, for a full pass). Each page is stored
 * with its cursor in one transaction, so a pass that stops (a crash, a
 * cancel, a server down) resumes after the last stored page; the token is
 * kept only when the pass is complete. While one page is being stored the
 * next is being fetched. Bad records are quarantined and counted; one never
 * blocks the rest.
 *
 * The calls block (HTTP and SQLite): run them on a worker thread, or from
 * the CLI.
 */
#pragma once

#include <gio/gio.h>

#include "store/pomar-store.h"
#include "sync/pomar-http.h"
#include "sync/pomar-push.h"

G_BEGIN_DECLS

typedef struct
{
  const char     *connection;
  PomarCollection collection;
  guint64         records;      /* stored in this pass so far */
  guint64         quarantined;
  gint64          total;        /* what the server says the pass holds, or -1 */
} PomarSyncProgress;

typedef void (*PomarSyncProgressFunc) (const PomarSyncProgress *progress,
                                       gpointer                 user_data);

typedef struct
{
  gboolean              full;        /* ignore the stored tokens: read everything */
  guint                 page_size;   /* asked of the server; 0: 1000 */
  PomarRetryPolicy      retry;       /* zeroed: the defaults */
  guint                 timeout_seconds; /* 0: POMAR_HTTP_TIMEOUT_SECONDS */
  PomarSyncProgressFunc progress;
  gpointer              progress_data;
} PomarSyncOptions;

/* What one collection's pass did. */
typedef struct
{
  PomarCollection collection;
  gboolean        done;          /* the pass completed */
  guint64         records;
  guint64         tombstones;
  guint64         quarantined;
  guint           pages;
  guint           requests;
  guint           restarts;      /* passes started again after an expired cursor */
  char           *error;         /* why it stopped, or NULL */
} PomarSyncCollectionResult;

typedef struct
{
  char                     *connection;
  PomarSyncCollectionResult collections[POMAR_N_COLLECTIONS];
  gboolean                  auth_failed;  /* the token was refused: nothing else was tried */
  double                    seconds;
  PomarPushResult           push;         /* what the push before the pull did (the runner's) */
} PomarSyncResult;

void     pomar_sync_result_clear (PomarSyncResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PomarSyncResult, pomar_sync_result_clear)

/* Syncs @info with @token. TRUE when every collection's pass completed;
 * FALSE with @error set to the first reason when one did not (the others
 * went on, unless the token was refused). @result, if not NULL, is filled
 * either way. Only the "pomar" provider syncs so far; the others fail with
 * POMAR_ERROR_INVALID_ARGUMENT. */
gboolean pomar_sync_connection (PomarStore                *store,
                                const PomarConnectionInfo *info,
                                const char                *token,
                                const PomarSyncOptions    *options,
                                PomarSyncResult           *result,
                                GCancellable              *cancellable,
                                GError                   **error);

G_END_DECLS
