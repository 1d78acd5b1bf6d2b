/* pomar-connections.h: what the CLI and the GUI do with connections.
 *
 * A connection is a name, a provider, a base URL (and, for Zendesk, an
 * optional email) kept in the store, plus a token kept in the Secret Service
 * and nowhere else (pomar-secret-store.h). These calls keep the two in step:
 * adding stores the token first and the row second, removing clears both.
 *
 * The _sync calls block on D-Bus, SQLite and HTTP: the CLI calls them
 * directly, the GUI through the _async ones, which run them on a worker
 * thread. The sync layer sits below the context, so everything takes the
 * PomarStore.
 */
#pragma once

#include <gio/gio.h>

#include "store/pomar-store.h"

G_BEGIN_DECLS

/* The providers, as stored: "pomar", "zendesk", "hubspot", "redmine". */
const char * const *pomar_connections_get_providers         (void);
gboolean            pomar_connections_is_provider           (const char *provider);
/* A translated name to show for @provider ("Zendesk"); NULL when unknown. */
const char         *pomar_connections_get_provider_title    (const char *provider);
/* TRUE when @provider can use an email with its token (Zendesk). */
gboolean            pomar_connections_provider_takes_email  (const char *provider);

/* Checks what a person typed. @email may be NULL or empty (it must be, for
 * providers other than Zendesk). http:// is refused unless the host is this
 * computer (localhost, 127.0.0.0/8, ::1). On success, @out_url (if not
 * NULL) gets the URL as it will be stored: trimmed, without a trailing
 * slash. Errors are POMAR_ERROR_INVALID_ARGUMENT. */
gboolean   pomar_connections_validate        (const char    *name,
                                              const char    *provider,
                                              const char    *url,
                                              const char    *email,
                                              char         **out_url,
                                              GError       **error);

/* Validates, refuses a name already in use, keeps @token in the Secret
 * Service, then adds the row; if the row cannot be added the token is
 * cleared again. Nothing is stored when the Secret Service is missing. */
gboolean   pomar_connections_add_sync        (PomarStore    *store,
                                              const char    *name,
                                              const char    *provider,
                                              const char    *url,
                                              const char    *email,
                                              const char    *token,
                                              GCancellable  *cancellable,
                                              GError       **error);
/* The same, with the provider's settings: a JSON object as text, or NULL.
 * Only HubSpot's connections have any (pomar-provider-hubspot.h). */
gboolean   pomar_connections_add_with_settings_sync (PomarStore    *store,
                                                     const char    *name,
                                                     const char    *provider,
                                                     const char    *url,
                                                     const char    *email,
                                                     const char    *settings_json,
                                                     const char    *token,
                                                     GCancellable  *cancellable,
                                                     GError       **error);
void       pomar_connections_add_async       (PomarStore          *store,
                                              const char          *name,
                                              const char          *provider,
                                              const char          *url,
                                              const char          *email,
                                              const char          *token,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean   pomar_connections_add_finish      (PomarStore    *store,
                                              GAsyncResult  *result,
                                              GError       **error);
/* pomar_connections_add_with_settings_sync() on a worker thread (the
 * GUI's HubSpot properties). */
void       pomar_connections_add_with_settings_async  (PomarStore          *store,
                                                       const char          *name,
                                                       const char          *provider,
                                                       const char          *url,
                                                       const char          *email,
                                                       const char          *settings_json,
                                                       const char          *token,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean   pomar_connections_add_with_settings_finish (PomarStore    *store,
                                                       GAsyncResult  *result,
                                                       GError       **error);

/* Clears the token, then removes the row (and the connection's sync state).
 * POMAR_ERROR_NOT_FOUND when no connection has that name. */
gboolean   pomar_connections_remove_sync     (PomarStore    *store,
                                              const char    *name,
                                              GCancellable  *cancellable,
                                              GError       **error);

/* A GPtrArray of PomarConnectionInfo, by name. */
GPtrArray *pomar_connections_list            (PomarStore    *store,
                                              GError       **error);
/* NULL with POMAR_ERROR_NOT_FOUND when no connection has that name. */
PomarConnectionInfo *pomar_connections_get   (PomarStore    *store,
                                              const char    *name,
                                              GError       **error);

/* Asks the provider whether @token opens @url: one small authenticated GET.
 * Returns a short translated summary of what the server said ("signed in
 * as ana@example.com"), or NULL with a human error (POMAR_ERROR_AUTH for a
 * refused token, POMAR_ERROR_NETWORK, POMAR_ERROR_NOT_FOUND for a wrong
 * URL, POMAR_ERROR_INVALID_DATA for an answer that is not the provider's). */
char      *pomar_connections_check_sync      (const char    *provider,
                                              const char    *url,
                                              const char    *email,
                                              const char    *token,
                                              GCancellable  *cancellable,
                                              GError       **error);
void       pomar_connections_check_async     (const char          *provider,
                                              const char          *url,
                                              const char          *email,
                                              const char          *token,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char      *pomar_connections_check_finish    (GAsyncResult  *result,
                                              GError       **error);

/* pomar_connections_check_sync() for a stored connection, with the token
 * from the Secret Service. */
char      *pomar_connections_test_sync       (PomarStore    *store,
                                              const char    *name,
                                              GCancellable  *cancellable,
                                              GError       **error);
void       pomar_connections_test_async      (PomarStore          *store,
                                              const char          *name,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char      *pomar_connections_test_finish     (PomarStore    *store,
                                              GAsyncResult  *result,
                                              GError       **error);

G_END_DECLS
