/* pomar-connections.c: adding, listing, testing and removing connections.
 *
 * The row (store) and the token (Secret Service) must never drift apart in a
 * way that leaks or loses a token: the token goes in first and comes out
 * first, and an add whose row fails takes its token back out. A test is one
 * small authenticated GET per provider, on a session of its own, without
 * following redirects (a redirect would carry the token elsewhere).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "core/pomar-error.h"
#include "pomar-connections.h"
#include "pomar-http.h"
#include "pomar-secret-store.h"

#define MAX_NAME_CHARS  64
#define MAX_EMAIL_CHARS 254

static const char * const providers[] = { "pomar", "zendesk", "hubspot", "redmine", NULL };

const char * const *
pomar_connections_get_providers (void)
{
  return providers;
}

gboolean
pomar_connections_is_provider (const char *provider)
{
  return provider != NULL && g_strv_contains (providers, provider);
}

const char *
pomar_connections_get_provider_title (const char *provider)
{
  if (g_strcmp0 (provider, "pomar") == 0)
    return _("Pomar Sync API");
  if (g_strcmp0 (provider, "zendesk") == 0)
    return _("Zendesk");
  if (g_strcmp0 (provider, "hubspot") == 0)
    return _("HubSpot");
  if (g_strcmp0 (provider, "redmine") == 0)
    return _("Redmine");
  return NULL;
}

gboolean
pomar_connections_provider_takes_email (const char *provider)
{
  return g_strcmp0 (provider, "zendesk") == 0;
}

/* Validation ------------------------------------------------------------- */

static gboolean
validate_name (const char  *name,
               GError     **error)
{
  const char *p;
  glong n_chars;

  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("A connection needs a name."));
      return FALSE;
    }

  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("The connection’s name is not valid UTF-8 text."));
      return FALSE;
    }

  n_chars = g_utf8_strlen (name, -1);
  if (n_chars > MAX_NAME_CHARS)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                   _("A connection’s name can be at most %d characters long."),
                   MAX_NAME_CHARS);
      return FALSE;
    }

  for (p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        {
          g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                               _("A connection’s name cannot hold control characters "
                                 "such as tabs or line breaks."));
          return FALSE;
        }
    }

  /* "acme" and "acme " would look the same in every list. */
  if (g_unichar_isspace (g_utf8_get_char (name))
      || g_unichar_isspace (g_utf8_get_char (g_utf8_offset_to_pointer (name, n_chars - 1))))
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("A connection’s name cannot start or end with a space."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_provider (const char  *provider,
                   GError     **error)
{
  if (pomar_connections_is_provider (provider))
    return TRUE;

  if (provider == NULL || *provider == '\0')
    g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                         _("A connection needs a provider: pomar, zendesk, hubspot or redmine."));
  else
    g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                 _("“%s” is not a provider Pomar knows; use pomar, zendesk, hubspot or redmine."),
                 g_utf8_validate (provider, -1, NULL) ? provider : "?");
  return FALSE;
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr (GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* Returns the URL to store (trimmed, no trailing slash), or NULL. */
static char *
validate_url (const char  *url,
              GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr (GUri) uri = NULL;
  const char *scheme;
  const char *host;
  gsize len;

  trimmed = g_strstrip (g_strdup (url != NULL ? url : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("A connection needs the URL of the service, "
                             "such as https://example.zendesk.com."));
      return NULL;
    }

  uri = g_uri_parse (trimmed, G_URI_FLAGS_ENCODED, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || !g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("That is not a full URL; write it like https://example.zendesk.com."));
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                   _("Pomar connects to services over https://, not “%s:”."),
                   scheme);
      return NULL;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("The URL names no server; "
                             "write it like https://example.zendesk.com."));
      return NULL;
    }

  /* Whatever is in the URL is stored in the cache and shown in lists, so a
   * password in it would escape the keyring. */
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("The URL holds a user name or password. Leave them out: the token "
                             "goes in its own field, so that it stays in the keyring."));
      return NULL;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("The URL must be the base address of the service, "
                             "without a “?” or “#” part."));
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !host_is_loopback (host))
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                   _("Pomar refuses http:// for %s because the token would travel "
                     "unencrypted; use https://, or http:// only for a server on this computer."),
                   host);
      return NULL;
    }

  /* Paths are joined as base + "/v1/...". */
  len = strlen (trimmed);
  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';

  return g_steal_pointer (&trimmed);
}

static gboolean
validate_email (const char  *provider,
                const char  *email,
                GError     **error)
{
  const char *at;
  const char *p;

  if (email == NULL || *email == '\0')
    return TRUE;

  if (!pomar_connections_provider_takes_email (provider))
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                   _("Only Zendesk connections use an email; "
                     "a %s connection needs just the token."),
                   pomar_connections_get_provider_title (provider));
      return FALSE;
    }

  at = strchr (email, '@');
  for (p = email; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        break;
    }

  if (*p != '\0' || at == NULL || at == email || at[1] == '\0' || strchr (at + 1, '@') != NULL
      || strlen (email) > MAX_EMAIL_CHARS || !g_utf8_validate (email, -1, NULL))
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("The email is not an address like ana@example.com."));
      return FALSE;
    }

  return TRUE;
}

/* The token goes into an HTTP header, so it must be printable ASCII. The
 * messages never quote it. */
static gboolean
validate_token (const char  *token,
                GError     **error)
{
  const char *p;

  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("A connection needs a token."));
      return FALSE;
    }

  for (p = token; *p != '\0'; p++)
    {
      if (*p <= ' ' || *p > '~')
        {
          g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                               _("The token holds spaces, line breaks or other characters that "
                                 "cannot be sent to a server. Copy it again."));
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
pomar_connections_validate (const char  *name,
                            const char  *provider,
                            const char  *url,
                            const char  *email,
                            char       **out_url,
                            GError     **error)
{
  g_autofree char *clean_url = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_name (name, error) || !validate_provider (provider, error))
    return FALSE;

  clean_url = validate_url (url, error);
  if (clean_url == NULL)
    return FALSE;

  if (!validate_email (provider, email, error))
    return FALSE;

  if (out_url != NULL)
    *out_url = g_steal_pointer (&clean_url);

  return TRUE;
}

/* Reading ---------------------------------------------------------------- */

GPtrArray *
pomar_connections_list (PomarStore  *store,
                        GError     **error)
{
  g_autoptr (PomarStoreReader) reader = NULL;

  g_return_val_if_fail (POMAR_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = pomar_store_reader_new (store, error);
  if (reader == NULL)
    return NULL;

  return pomar_store_reader_list_connections (reader, error);
}

static void
set_no_such_connection (GError     **error,
                        const char  *name)
{
  g_set_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
               _("There is no connection named “%s”."), name);
}

PomarConnectionInfo *
pomar_connections_get (PomarStore  *store,
                       const char  *name,
                       GError     **error)
{
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GError) local_error = NULL;
  PomarConnectionInfo *info;

  g_return_val_if_fail (POMAR_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = pomar_store_reader_new (store, error);
  if (reader == NULL)
    return NULL;

  info = pomar_store_reader_get_connection (reader, name, &local_error);
  if (info == NULL)
    {
      /* Our own sentence, so the CLI and the GUI word it the same way. */
      if (g_error_matches (local_error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND))
        set_no_such_connection (error, name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return info;
}

/* Adding and removing ---------------------------------------------------- */

static gboolean
add_row_func (PomarStoreWriter  *writer,
              gpointer           user_data,
              GCancellable      *cancellable,
              GError           **error)
{
  return pomar_store_writer_add_connection (writer, user_data, error);
}

static gboolean
remove_row_func (PomarStoreWriter  *writer,
                 gpointer           user_data,
                 GCancellable      *cancellable,
                 GError           **error)
{
  return pomar_store_writer_remove_connection (writer, user_data, error);
}

gboolean
pomar_connections_add_sync (PomarStore    *store,
                            const char    *name,
                            const char    *provider,
                            const char    *url,
                            const char    *email,
                            const char    *token,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return pomar_connections_add_with_settings_sync (store, name, provider, url, email, NULL, token,
                                                   cancellable, error);
}

/* Settings are a JSON object, and only HubSpot's connections have any (the
 * names of the properties that hold ARR, stage...). */
static gboolean
validate_settings (const char  *provider,
                   const char  *settings_json,
                   GError     **error)
{
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;

  if (settings_json == NULL)
    return TRUE;
  if (g_strcmp0 (provider, "hubspot") != 0)
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("Only HubSpot connections take the names of properties."));
      return FALSE;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, settings_json, -1, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("The connection’s settings are not a JSON object."));
      return FALSE;
    }
  return TRUE;
}

gboolean
pomar_connections_add_with_settings_sync (PomarStore    *store,
                                          const char    *name,
                                          const char    *provider,
                                          const char    *url,
                                          const char    *email,
                                          const char    *settings_json,
                                          const char    *token,
                                          GCancellable  *cancellable,
                                          GError       **error)
{
  g_autoptr (PomarConnectionInfo) existing = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *clean_url = NULL;
  g_autofree char *created_at = NULL;
  PomarConnectionInfo info = { 0 };
  const char *data_dir;

  g_return_val_if_fail (POMAR_IS_STORE (store), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pomar_connections_validate (name, provider, url, email, &clean_url, error)
      || !validate_settings (provider, settings_json, error)
      || !validate_token (token, error))
    return FALSE;

  /* Checked before the keyring is touched: storing first would replace the
   * token of the connection that already has this name. */
  existing = pomar_connections_get (store, name, &local_error);
  if (existing != NULL)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                   _("A connection named “%s” already exists. "
                     "Choose another name, or remove that connection first."),
                   name);
      return FALSE;
    }
  if (!g_error_matches (local_error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);

  data_dir = pomar_store_get_data_dir (store);
  if (!pomar_secret_store_store_sync (data_dir, name, token, cancellable, error))
    return FALSE;

  now = g_date_time_new_now_utc ();
  created_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  info.name = (char *) name;
  info.provider = (char *) provider;
  info.base_url = clean_url;
  info.email = email != NULL && *email != '\0' ? (char *) email : NULL;
  info.settings_json = (char *) settings_json;
  info.created_at = created_at;

  if (!pomar_store_write_sync (store, add_row_func, &info, cancellable, &local_error))
    {
      g_autoptr (GError) clear_error = NULL;

      /* Not cancellable: a token without its row must not stay behind. */
      if (!pomar_secret_store_clear_sync (data_dir, name, NULL, &clear_error))
        g_warning ("The token of the connection “%s” could not be taken back out "
                   "of the keyring: %s",
                   name, clear_error->message);

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

gboolean
pomar_connections_remove_sync (PomarStore    *store,
                               const char    *name,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr (PomarConnectionInfo) info = NULL;

  g_return_val_if_fail (POMAR_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  info = pomar_connections_get (store, name, error);
  if (info == NULL)
    return FALSE;

  /* The token first: if the keyring cannot be reached, the row stays, so
   * the connection can still be removed, token and all, later. */
  if (!pomar_secret_store_clear_sync (pomar_store_get_data_dir (store), name, cancellable, error))
    return FALSE;

  return pomar_store_write_sync (store, remove_row_func, (gpointer) name, cancellable, error);
}

/* Checking --------------------------------------------------------------- */

/* What each provider's check asks for, and how it reads the answer. */
static char *
request_path (const char *provider)
{
  if (g_str_equal (provider, "pomar"))
    return g_strdup ("/v1/accounts?limit=1");
  if (g_str_equal (provider, "zendesk"))
    return g_strdup ("/api/v2/users/me.json");
  if (g_str_equal (provider, "hubspot"))
    return g_strdup ("/crm/v3/objects/companies?limit=1");
  return g_strdup ("/users/current.json");
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Reads a 200's body. Returns the summary, or NULL with no error when the
 * body is not what the provider sends, or with POMAR_ERROR_AUTH when it
 * says nobody is signed in. */
static char *
read_answer (const char  *provider,
             JsonNode    *root,
             const char  *host,
             GError     **error)
{
  JsonObject *object;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);

  if (g_str_equal (provider, "pomar"))
    {
      JsonNode *data = json_object_get_member (object, "data");

      if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
        return NULL;
      return g_strdup (_("accounts can be read"));
    }

  if (g_str_equal (provider, "hubspot"))
    {
      JsonNode *results = json_object_get_member (object, "results");

      if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results))
        return NULL;
      return g_strdup (_("companies can be read"));
    }

  if (g_str_equal (provider, "zendesk") || g_str_equal (provider, "redmine"))
    {
      JsonNode *user_node = json_object_get_member (object, "user");
      JsonObject *user;
      JsonNode *id;
      const char *who;

      if (user_node == NULL || !JSON_NODE_HOLDS_OBJECT (user_node))
        return NULL;
      user = json_node_get_object (user_node);

      /* Zendesk answers a request it cannot authenticate with its
       * anonymous user, whose id is null. */
      id = json_object_get_member (user, "id");
      if (id == NULL || JSON_NODE_HOLDS_NULL (id))
        {
          g_set_error (error, POMAR_ERROR, POMAR_ERROR_AUTH,
                       _("The token was refused by %s. Give the connection a new token (Enter New Token in Pomar, or “pomarctl connection token”)."),
                       host);
          return NULL;
        }

      who = member_string (user, "email");
      if (who == NULL || *who == '\0')
        who = member_string (user, "login");
      if (who == NULL || *who == '\0')
        who = member_string (user, "name");
      if (who == NULL || *who == '\0')
        return g_strdup (_("signed in"));

      /* Translators: %s is a user's email or login on the service. */
      return g_strdup_printf (_("signed in as %s"), who);
    }

  return NULL;
}

char *
pomar_connections_check_sync (const char    *provider,
                              const char    *url,
                              const char    *email,
                              const char    *token,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr (SoupSession) session = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (JsonParser) parser = NULL;
  g_autofree char *clean_url = NULL;
  g_autofree char *path = NULL;
  g_autofree char *request_url = NULL;
  g_autoptr (PomarHttpCredentials) credentials = NULL;
  const char *host;
  char *summary;
  gconstpointer data;
  gsize size;

  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!validate_provider (provider, error))
    return NULL;
  clean_url = validate_url (url, error);
  if (clean_url == NULL
      || !validate_email (provider, email, error)
      || !validate_token (token, error))
    return NULL;

  path = request_path (provider);
  request_url = g_strconcat (clean_url, path, NULL);
  message = soup_message_new (SOUP_METHOD_GET, request_url);
  if (message == NULL)
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("That is not a full URL; write it like https://example.zendesk.com."));
      return NULL;
    }

  /* A redirect would carry the token to wherever the server points. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Accept", "application/json");
  credentials = pomar_http_credentials_new (provider, email, token);
  pomar_http_credentials_apply (credentials, soup_message_get_request_headers (message));

  host = g_uri_get_host (soup_message_get_uri (message));

  session = pomar_http_session_new (POMAR_HTTP_TIMEOUT_SECONDS);
  body = soup_session_send_and_read (session, message, cancellable, &local_error);
  if (body == NULL)
    {
      pomar_http_set_error_from_transport (error, soup_message_get_uri (message), local_error);
      return NULL;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      pomar_http_set_error_from_status (error, message);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  data = g_bytes_get_data (body, &size);
  summary = NULL;
  if (size > 0 && json_parser_load_from_data (parser, data, size, NULL))
    {
      summary = read_answer (provider, json_parser_get_root (parser), host, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  if (summary == NULL)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                   _("%s answered, but not the way a %s server does. "
                     "Check the connection’s URL and provider."),
                   host, pomar_connections_get_provider_title (provider));
      return NULL;
    }

  return summary;
}

char *
pomar_connections_test_sync (PomarStore    *store,
                             const char    *name,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr (PomarConnectionInfo) info = NULL;
  char *token;
  char *summary;

  g_return_val_if_fail (POMAR_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = pomar_connections_get (store, name, error);
  if (info == NULL)
    return NULL;

  token = pomar_secret_store_lookup_sync (pomar_store_get_data_dir (store), name,
                                          cancellable, error);
  if (token == NULL)
    return NULL;

  summary = pomar_connections_check_sync (info->provider, info->base_url, info->email, token,
                                          cancellable, error);
  pomar_secret_store_free_token (token);

  return summary;
}

/* The async variants: the sync calls on a worker thread. ----------------- */

typedef struct
{
  char *name;
  char *provider;
  char *url;
  char *email;
  char *settings_json;
  char *token;
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_free (data->name);
  g_free (data->provider);
  g_free (data->url);
  g_free (data->email);
  g_free (data->settings_json);
  if (data->token != NULL)
    {
      memset (data->token, 0, strlen (data->token));
      g_free (data->token);
    }
  g_free (data);
}

static TaskData *
task_data_new (const char *name,
               const char *provider,
               const char *url,
               const char *email,
               const char *token)
{
  TaskData *data = g_new0 (TaskData, 1);

  data->name = g_strdup (name);
  data->provider = g_strdup (provider);
  data->url = g_strdup (url);
  data->email = g_strdup (email);
  data->token = g_strdup (token);
  return data;
}

static void
add_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;

  if (pomar_connections_add_with_settings_sync (source_object, data->name, data->provider,
                                                data->url, data->email, data->settings_json,
                                                data->token, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Both adds run the same thread; the source tag tells their results apart. */
static void
add_in_thread (PomarStore          *store,
               gpointer             source_tag,
               const char          *name,
               const char          *provider,
               const char          *url,
               const char          *email,
               const char          *settings_json,
               const char          *token,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  TaskData *data;

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  data = task_data_new (name, provider, url, email, token);
  data->settings_json = g_strdup (settings_json);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, add_thread);
}

void
pomar_connections_add_async (PomarStore          *store,
                             const char          *name,
                             const char          *provider,
                             const char          *url,
                             const char          *email,
                             const char          *token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (POMAR_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  add_in_thread (store, pomar_connections_add_async, name, provider, url, email, NULL, token,
                 cancellable, callback, user_data);
}

gboolean
pomar_connections_add_finish (PomarStore    *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pomar_connections_add_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
pomar_connections_add_with_settings_async (PomarStore          *store,
                                           const char          *name,
                                           const char          *provider,
                                           const char          *url,
                                           const char          *email,
                                           const char          *settings_json,
                                           const char          *token,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (POMAR_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  add_in_thread (store, pomar_connections_add_with_settings_async, name, provider, url, email,
                 settings_json, token, cancellable, callback, user_data);
}

gboolean
pomar_connections_add_with_settings_finish (PomarStore    *store,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                          == pomar_connections_add_with_settings_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  char *summary;

  summary = pomar_connections_check_sync (data->provider, data->url, data->email, data->token,
                                          cancellable, &error);
  if (summary != NULL)
    g_task_return_pointer (task, summary, g_free);
  else
    g_task_return_error (task, error);
}

void
pomar_connections_check_async (const char          *provider,
                               const char          *url,
                               const char          *email,
                               const char          *token,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pomar_connections_check_async);
  g_task_set_task_data (task, task_data_new (NULL, provider, url, email, token),
                        (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, check_thread);
}

char *
pomar_connections_check_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pomar_connections_check_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  char *summary;

  summary = pomar_connections_test_sync (source_object, data->name, cancellable, &error);
  if (summary != NULL)
    g_task_return_pointer (task, summary, g_free);
  else
    g_task_return_error (task, error);
}

void
pomar_connections_test_async (PomarStore          *store,
                              const char          *name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (POMAR_IS_STORE (store));
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pomar_connections_test_async);
  g_task_set_task_data (task, task_data_new (name, NULL, NULL, NULL, NULL),
                        (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, test_thread);
}

char *
pomar_connections_test_finish (PomarStore    *store,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pomar_connections_test_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
