/* pomar-sync-runner.h: a whole sync, as both front ends run it.
 *
 * `pomarctl sync` and the GUI's Sync Now do the same work: take the
 * connections (all of them, or the named ones), read each one's token from
 * the Secret Service and sync it, one after the other; one that fails does
 * not stop the others. This is that loop, once. It also gives a connection
 * a new token after its server refused the old one.
 *
 * The calls block (D-Bus, HTTP, SQLite): the CLI calls them directly, the
 * GUI from a worker thread (the _async ones run there).
 */
#pragma once

#include <gio/gio.h>

#include "store/pomar-store.h"
#include "sync/pomar-push.h"
#include "sync/pomar-sync-engine.h"

G_BEGIN_DECLS

/* The connections named in @names, in that order (POMAR_ERROR_NOT_FOUND
 * for a name no connection has), or, when @names is NULL or empty, all of
 * them by name (possibly none). A GPtrArray of PomarConnectionInfo. */
GPtrArray *pomar_sync_runner_get_connections (PomarStore          *store,
                                              const char * const  *names,
                                              GError             **error);

/* Reads the token of @info from the Secret Service and syncs @info with
 * it (pomar_sync_connection). FALSE with @error when the token could not
 * be read (then *@ran is FALSE: nothing was asked of the server) or when a
 * pass did not complete. @result, if not NULL, is filled when *@ran. */
gboolean   pomar_sync_runner_sync_connection (PomarStore                *store,
                                              const PomarConnectionInfo *info,
                                              const PomarSyncOptions    *options,
                                              PomarSyncResult           *result,
                                              gboolean                  *ran,
                                              GCancellable              *cancellable,
                                              GError                   **error);

/* Reads the token of @info from the Secret Service and pushes its
 * pending local changes (pomar_push_connection), without pulling. FALSE
 * with @error when the token could not be read (then *@ran is FALSE) or
 * the push failed; @result, if not NULL, is filled when *@ran. A
 * connection that takes no writes: TRUE, nothing read or sent. */
gboolean   pomar_sync_runner_push_connection (PomarStore                *store,
                                              const PomarConnectionInfo *info,
                                              PomarPushResult           *result,
                                              gboolean                  *ran,
                                              GCancellable              *cancellable,
                                              GError                   **error);

/* Called on the syncing thread for each connection of a run: @started
 * before its token is read, @finished after, with the result (NULL when
 * the sync could not start: no token) and the reason it failed (NULL when
 * it did not). Either may be NULL. */
typedef struct
{
  void (*started)  (const PomarConnectionInfo *info,
                    gpointer                   user_data);
  void (*finished) (const PomarConnectionInfo *info,
                    const PomarSyncResult     *result,
                    const GError              *error,
                    gpointer                   user_data);
} PomarSyncRunnerCallbacks;

/* Syncs each of @connections (PomarConnectionInfo) in turn; a failure does
 * not stop the others, a cancel stops the run. Returns how many failed
 * (a connection not reached because of a cancel counts as failed). */
guint      pomar_sync_runner_run             (PomarStore                     *store,
                                              GPtrArray                      *connections,
                                              const PomarSyncOptions         *options,
                                              const PomarSyncRunnerCallbacks *callbacks,
                                              gpointer                        user_data,
                                              GCancellable                   *cancellable);

/* Gives the connection @name a new token: checks first that its server
 * accepts @token (one small request, see pomar_connections_check_sync),
 * then keeps it in the Secret Service in place of the old one. Nothing is
 * kept when the check fails: POMAR_ERROR_AUTH when the server refused the
 * token, POMAR_ERROR_NOT_FOUND when no connection has that name, and the
 * check's other errors (POMAR_ERROR_NETWORK...). */
gboolean   pomar_sync_runner_replace_token_sync   (PomarStore          *store,
                                                   const char          *name,
                                                   const char          *token,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
void       pomar_sync_runner_replace_token_async  (PomarStore          *store,
                                                   const char          *name,
                                                   const char          *token,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean   pomar_sync_runner_replace_token_finish (PomarStore          *store,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
