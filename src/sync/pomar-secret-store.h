/* pomar-secret-store.h: connection tokens in the Secret Service.
 *
 * A token lives in the system keyring (libsecret) and nowhere else. Each is
 * filed under the connection's name and the cache's data dir, so the demo
 * cache, a person's own cache and every test's cache never see each other's
 * tokens. The calls block on D-Bus: use them from a worker thread (or the
 * CLI), never from the GUI's main loop.
 *
 * When no Secret Service can be reached, every call fails with
 * POMAR_ERROR_NO_KEYRING and a sentence that says so; nothing is kept
 * anywhere else instead.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Keeps @token for @connection of the cache in @data_dir, replacing any
 * token it had. */
gboolean  pomar_secret_store_store_sync  (const char    *data_dir,
                                          const char    *connection,
                                          const char    *token,
                                          GCancellable  *cancellable,
                                          GError       **error);

/* The token, to free with pomar_secret_store_free_token(); NULL with
 * POMAR_ERROR_NOT_FOUND when the keyring holds none. */
char     *pomar_secret_store_lookup_sync (const char    *data_dir,
                                          const char    *connection,
                                          GCancellable  *cancellable,
                                          GError       **error);

/* Forgets the token. Succeeds when there was none. */
gboolean  pomar_secret_store_clear_sync  (const char    *data_dir,
                                          const char    *connection,
                                          GCancellable  *cancellable,
                                          GError       **error);

/* Overwrites the token's bytes before freeing them. NULL is fine. */
void      pomar_secret_store_free_token  (char          *token);

G_END_DECLS
