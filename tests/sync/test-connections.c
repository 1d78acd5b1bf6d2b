/* test-connections.c: connections, their tokens and their tests.
 *
 * Runs inside with-keyring.sh, which gives it a throw-away Secret Service.
 * Servers are SoupServers on loopback, port 0, served from the test's main
 * context while the library's worker thread talks to them.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "core/pomar-error.h"
#include "store/pomar-store.h"
#include "sync/pomar-connections.h"
#include "sync/pomar-http.h"
#include "sync/pomar-secret-store.h"

#define GOOD_TOKEN  "pomar-test-token-7f3a9c2e5b1d"
#define OTHER_TOKEN "pomar-other-token-41c8e0aa92"
#define ZENDESK_EMAIL "ana@example.com"

/* Helpers ---------------------------------------------------------------- */

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_assert_no_errno (g_remove (child));
        }
    }
  g_assert_no_errno (g_rmdir (path));
}

typedef struct
{
  char       *tmp_dir;
  char       *data_dir;
  PomarStore *store;
  gboolean    closed;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;

  fixture->tmp_dir = g_dir_make_tmp ("pomar-test-connections-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->tmp_dir, "cache", NULL);
  fixture->store = pomar_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  if (!fixture->closed)
    pomar_store_close (fixture->store);
  g_clear_object (&fixture->store);
  remove_tree (fixture->tmp_dir);
  g_free (fixture->data_dir);
  g_free (fixture->tmp_dir);
}

static char *
lookup_token (const char *data_dir,
              const char *name)
{
  g_autoptr (GError) error = NULL;
  char *token;
  char *copy;

  token = pomar_secret_store_lookup_sync (data_dir, name, NULL, &error);
  if (token == NULL)
    {
      g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND);
      return NULL;
    }
  copy = g_strdup (token);
  pomar_secret_store_free_token (token);
  return copy;
}

/* TRUE when any file in @dir holds @needle. */
/* SQLite files hold NULs, so no string search. */
static gboolean
bytes_contain (const char *haystack,
               gsize       length,
               const char *needle)
{
  gsize needle_length = strlen (needle);
  gsize i;

  for (i = 0; i + needle_length <= length; i++)
    {
      if (memcmp (haystack + i, needle, needle_length) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
dir_contains_bytes (const char *dir,
                    const char *needle)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      if (bytes_contain (contents, length, needle))
        return TRUE;
    }

  return FALSE;
}

/* Validation ------------------------------------------------------------- */

static void
assert_valid (const char *provider,
              const char *url,
              const char *email,
              const char *expected_url)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *clean = NULL;

  g_assert_true (pomar_connections_validate ("Support", provider, url, email, &clean, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (clean, ==, expected_url);
}

static void
assert_invalid (const char *name,
                const char *provider,
                const char *url,
                const char *email,
                const char *expected_fragment)
{
  g_autoptr (GError) error = NULL;
  char *clean = NULL;

  g_assert_false (pomar_connections_validate (name, provider, url, email, &clean, &error));
  g_assert_null (clean);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  if (strstr (error->message, expected_fragment) == NULL)
    g_error ("“%s” does not hold “%s”", error->message, expected_fragment);
}

static void
test_validate_https (void)
{
  assert_valid ("pomar", "https://cs.example.com/api", NULL, "https://cs.example.com/api");
  assert_valid ("pomar", "  https://cs.example.com/api/  ", NULL, "https://cs.example.com/api");
  assert_valid ("zendesk", "https://acme.zendesk.com/", ZENDESK_EMAIL, "https://acme.zendesk.com");
  assert_valid ("zendesk", "https://acme.zendesk.com", "", "https://acme.zendesk.com");
  assert_valid ("hubspot", "https://api.hubapi.com", NULL, "https://api.hubapi.com");
  assert_valid ("redmine", "HTTPS://redmine.example.org:8443/", NULL, "HTTPS://redmine.example.org:8443");
}

static void
test_validate_http_refused (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (pomar_connections_validate ("Support", "zendesk", "http://example.com", NULL, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "Pomar refuses http:// for example.com because the token would travel "
                   "unencrypted; use https://, or http:// only for a server on this computer.");

  /* Names that only look local are not. */
  assert_invalid ("Support", "pomar", "http://localhost.example.com", NULL, "refuses http://");
  assert_invalid ("Support", "pomar", "http://128.0.0.1", NULL, "refuses http://");
  assert_invalid ("Support", "pomar", "http://10.0.0.1:8080/api", NULL, "refuses http://");
}

static void
test_validate_http_loopback (void)
{
  assert_valid ("pomar", "http://127.0.0.1:8080", NULL, "http://127.0.0.1:8080");
  assert_valid ("pomar", "http://127.4.5.6/api/", NULL, "http://127.4.5.6/api");
  assert_valid ("redmine", "http://localhost", NULL, "http://localhost");
  assert_valid ("redmine", "http://LocalHost:3000/", NULL, "http://LocalHost:3000");
  assert_valid ("hubspot", "http://[::1]:9", NULL, "http://[::1]:9");
}

static void
test_validate_bad (void)
{
  g_autofree char *long_name = g_strnfill (65, 'a');
  g_autofree char *longest_name = g_strnfill (64, 'a');
  g_autoptr (GError) error = NULL;

  assert_invalid ("Support", "github", "https://example.com", NULL, "“github” is not a provider");
  assert_invalid ("Support", NULL, "https://example.com", NULL, "needs a provider");
  assert_invalid ("", "pomar", "https://example.com", NULL, "needs a name");
  assert_invalid (NULL, "pomar", "https://example.com", NULL, "needs a name");
  assert_invalid (long_name, "pomar", "https://example.com", NULL, "at most 64 characters");
  assert_invalid ("Sup\tport", "pomar", "https://example.com", NULL, "control characters");
  assert_invalid ("Sup\nport", "pomar", "https://example.com", NULL, "control characters");
  assert_invalid (" Support", "pomar", "https://example.com", NULL, "start or end with a space");
  assert_invalid ("Support ", "pomar", "https://example.com", NULL, "start or end with a space");
  assert_invalid ("Support", "pomar", "", NULL, "needs the URL");
  assert_invalid ("Support", "pomar", "example.com", NULL, "not a full URL");
  assert_invalid ("Support", "pomar", "ftp://example.com", NULL, "not “ftp:”");
  assert_invalid ("Support", "pomar", "https://", NULL, "names no server");
  assert_invalid ("Support", "pomar", "https://ana:secret@example.com", NULL, "user name or password");
  assert_invalid ("Support", "pomar", "https://example.com/api?x=1", NULL, "without a “?” or “#” part");
  assert_invalid ("Support", "pomar", "https://example.com/api#top", NULL, "without a “?” or “#” part");
  assert_invalid ("Support", "pomar", "https://example.com", ZENDESK_EMAIL, "Only Zendesk connections use an email");
  assert_invalid ("Support", "zendesk", "https://example.com", "ana", "not an address");
  assert_invalid ("Support", "zendesk", "https://example.com", "ana @example.com", "not an address");
  assert_invalid ("Support", "zendesk", "https://example.com", "@example.com", "not an address");

  /* The edges that pass: 64 characters, and non-ASCII names. */
  g_assert_true (pomar_connections_validate (longest_name, "pomar", "https://example.com", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pomar_connections_validate ("Suporte São Paulo", "pomar", "https://example.com", NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Adding, listing, removing (a real Secret Service) ---------------------- */

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) connections = NULL;
  g_autoptr (PomarConnectionInfo) info = NULL;
  g_autofree char *token = NULL;
  PomarConnectionInfo *listed;

  g_assert_true (pomar_connections_add_sync (fixture->store, "Acme Zendesk", "zendesk",
                                             "https://acme.zendesk.com/", ZENDESK_EMAIL,
                                             GOOD_TOKEN, NULL, &error));
  g_assert_no_error (error);

  connections = pomar_connections_list (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (connections->len, ==, 1);
  listed = g_ptr_array_index (connections, 0);
  g_assert_cmpstr (listed->name, ==, "Acme Zendesk");
  g_assert_cmpstr (listed->provider, ==, "zendesk");
  g_assert_cmpstr (listed->base_url, ==, "https://acme.zendesk.com");
  g_assert_cmpstr (listed->email, ==, ZENDESK_EMAIL);
  g_assert_nonnull (listed->created_at);

  info = pomar_connections_get (fixture->store, "Acme Zendesk", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->base_url, ==, "https://acme.zendesk.com");

  token = lookup_token (fixture->data_dir, "Acme Zendesk");
  g_assert_cmpstr (token, ==, GOOD_TOKEN);

  /* A relative spelling of the same data dir finds the same token. */
  {
    g_autofree char *cwd = g_get_current_dir ();
    g_autofree char *via_dots = NULL;
    g_autofree char *again = NULL;

    g_assert_no_errno (g_chdir (fixture->tmp_dir));
    again = lookup_token ("cache/", "Acme Zendesk");
    g_assert_no_errno (g_chdir (cwd));
    g_assert_cmpstr (again, ==, GOOD_TOKEN);
    via_dots = g_build_filename (fixture->data_dir, "..", "cache", NULL);
    g_clear_pointer (&again, g_free);
    again = lookup_token (via_dots, "Acme Zendesk");
    g_assert_cmpstr (again, ==, GOOD_TOKEN);
  }

  /* The token is in the keyring, never in the cache: neither in the
   * database, nor in its WAL, nor anywhere else in the data dir. */
  g_assert_false (dir_contains_bytes (fixture->data_dir, GOOD_TOKEN));
  g_assert_true (dir_contains_bytes (fixture->data_dir, "acme.zendesk.com"));

  g_assert_true (pomar_connections_remove_sync (fixture->store, "Acme Zendesk", NULL, &error));
  g_assert_no_error (error);

  g_clear_pointer (&connections, g_ptr_array_unref);
  connections = pomar_connections_list (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (connections->len, ==, 0);

  g_clear_pointer (&token, g_free);
  token = lookup_token (fixture->data_dir, "Acme Zendesk");
  g_assert_null (token);

  /* Removing again: no such connection. */
  g_assert_false (pomar_connections_remove_sync (fixture->store, "Acme Zendesk", NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "There is no connection named “Acme Zendesk”.");

  /* Still nothing of the token once the store has closed and
   * checkpointed. */
  pomar_store_close (fixture->store);
  fixture->closed = TRUE;
  g_assert_false (dir_contains_bytes (fixture->data_dir, GOOD_TOKEN));
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) connections = NULL;
  g_autofree char *token = NULL;
  PomarConnectionInfo *listed;

  g_assert_true (pomar_connections_add_sync (fixture->store, "Tracker", "redmine",
                                             "https://redmine.example.org", NULL,
                                             GOOD_TOKEN, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (pomar_connections_add_sync (fixture->store, "Tracker", "pomar",
                                              "https://cs.example.com/api", NULL,
                                              OTHER_TOKEN, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "A connection named “Tracker” already exists."));
  g_assert_null (strstr (error->message, OTHER_TOKEN));
  g_clear_error (&error);

  /* Nothing changed: the first row and the first token. */
  connections = pomar_connections_list (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (connections->len, ==, 1);
  listed = g_ptr_array_index (connections, 0);
  g_assert_cmpstr (listed->provider, ==, "redmine");
  g_assert_cmpstr (listed->base_url, ==, "https://redmine.example.org");
  g_assert_null (listed->email);

  token = lookup_token (fixture->data_dir, "Tracker");
  g_assert_cmpstr (token, ==, GOOD_TOKEN);

  g_assert_true (pomar_connections_remove_sync (fixture->store, "Tracker", NULL, &error));
  g_assert_no_error (error);
}

static void
test_refused_before_storing (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) connections = NULL;
  g_autofree char *token = NULL;

  /* An http:// URL off this computer: nothing stored. */
  g_assert_false (pomar_connections_add_sync (fixture->store, "Plain", "pomar",
                                              "http://cs.example.com", NULL,
                                              GOOD_TOKEN, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* A token that cannot go into a header, or none. */
  g_assert_false (pomar_connections_add_sync (fixture->store, "Plain", "pomar",
                                              "https://cs.example.com", NULL,
                                              "two\nlines", NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_assert_null (strstr (error->message, "two"));
  g_clear_error (&error);
  g_assert_false (pomar_connections_add_sync (fixture->store, "Plain", "pomar",
                                              "https://cs.example.com", NULL,
                                              "", NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "A connection needs a token.");
  g_clear_error (&error);

  connections = pomar_connections_list (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (connections->len, ==, 0);
  token = lookup_token (fixture->data_dir, "Plain");
  g_assert_null (token);
}

/* Two caches (a person's and the demo's, or two tests') never see each
 * other's tokens, even for connections of the same name. */
static void
test_caches_apart (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStore) other = NULL;
  g_autofree char *other_dir = g_build_filename (fixture->tmp_dir, "other", NULL);
  g_autofree char *token = NULL;

  other = pomar_store_open (other_dir, &error);
  g_assert_no_error (error);

  g_assert_true (pomar_connections_add_sync (fixture->store, "Hub", "hubspot", "https://api.hubapi.com",
                                             NULL, GOOD_TOKEN, NULL, &error));
  g_assert_no_error (error);
  token = lookup_token (other_dir, "Hub");
  g_assert_null (token);

  g_assert_true (pomar_connections_add_sync (other, "Hub", "hubspot", "https://api.hubapi.com",
                                             NULL, OTHER_TOKEN, NULL, &error));
  g_assert_no_error (error);
  token = lookup_token (fixture->data_dir, "Hub");
  g_assert_cmpstr (token, ==, GOOD_TOKEN);
  g_clear_pointer (&token, g_free);
  token = lookup_token (other_dir, "Hub");
  g_assert_cmpstr (token, ==, OTHER_TOKEN);
  g_clear_pointer (&token, g_free);

  g_assert_true (pomar_connections_remove_sync (other, "Hub", NULL, &error));
  g_assert_no_error (error);
  token = lookup_token (fixture->data_dir, "Hub");
  g_assert_cmpstr (token, ==, GOOD_TOKEN);
  g_clear_pointer (&token, g_free);

  g_assert_true (pomar_connections_remove_sync (fixture->store, "Hub", NULL, &error));
  g_assert_no_error (error);
  pomar_store_close (other);
}

/* Testing against a server ----------------------------------------------- */

/* The server answers by the first path segment (the connection's base URL
 * picks the behaviour) and checks the credentials each provider sends. */
typedef struct
{
  SoupServer *server;
  char       *base;     /* http://127.0.0.1:PORT */
  guint       requests;
} Server;

static gboolean
credentials_ok (SoupServerMessage *message,
                const char        *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *accept = soup_message_headers_get_one (headers, "Accept");

  if (g_strcmp0 (accept, "application/json") != 0)
    return FALSE;

  if (g_str_has_suffix (path, "/users/current.json"))
    return g_strcmp0 (soup_message_headers_get_one (headers, "X-Redmine-API-Key"), GOOD_TOKEN) == 0
           && authorization == NULL;

  if (g_str_has_suffix (path, "/api/v2/users/me.json") && g_str_has_prefix (path, "/basic/"))
    {
      g_autofree char *expected = NULL;
      g_autofree char *encoded = NULL;
      const char *plain = ZENDESK_EMAIL "/token:" GOOD_TOKEN;

      encoded = g_base64_encode ((const guchar *) plain, strlen (plain));
      expected = g_strconcat ("Basic ", encoded, NULL);
      return g_strcmp0 (authorization, expected) == 0;
    }

  return g_strcmp0 (authorization, "Bearer " GOOD_TOKEN) == 0;
}

static void
server_callback (SoupServer        *soup_server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Server *server = user_data;
  const char *body = NULL;

  server->requests++;

  if (g_str_has_prefix (path, "/fail500/"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return;
    }
  if (g_str_has_prefix (path, "/missing/"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  if (g_str_has_prefix (path, "/moved/"))
    {
      soup_server_message_set_redirect (message, SOUP_STATUS_FOUND, "https://elsewhere.example.com/");
      return;
    }
  if (!credentials_ok (message, path))
    {
      soup_server_message_set_status (message, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }

  if (g_str_has_prefix (path, "/garbage/"))
    body = "<html><body>Welcome to nginx!</body></html>";
  else if (g_str_has_prefix (path, "/wrongshape/"))
    body = "{\"error\":null}";
  else if (g_str_has_prefix (path, "/anon/"))
    body = "{\"user\":{\"id\":null,\"name\":\"Anonymous user\",\"email\":\"invalid@example.com\"}}";
  else if (g_str_has_suffix (path, "/v1/accounts") && g_strcmp0 (g_hash_table_lookup (query, "limit"), "1") == 0)
    body = "{\"data\":[],\"next_cursor\":null,\"sync_token\":\"t1\"}";
  else if (g_str_has_suffix (path, "/api/v2/users/me.json"))
    body = "{\"user\":{\"id\":42,\"name\":\"Ana\",\"email\":\"" ZENDESK_EMAIL "\"}}";
  else if (g_str_has_suffix (path, "/crm/v3/objects/companies") && g_strcmp0 (g_hash_table_lookup (query, "limit"), "1") == 0)
    body = "{\"results\":[]}";
  else if (g_str_has_suffix (path, "/users/current.json"))
    body = "{\"user\":{\"id\":1,\"login\":\"admin\"}}";

  if (body == NULL)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
server_start (Server *server)
{
  g_autoptr (GError) error = NULL;
  GSList *uris;
  GUri *uri;

  server->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server->server, NULL, server_callback, server, NULL);
  soup_server_listen_local (server->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server->server);
  g_assert_nonnull (uris);
  uri = uris->data;
  server->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
server_stop (Server *server)
{
  soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  g_clear_pointer (&server->base, g_free);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs a check while the main context serves the requests. */
static char *
check (const char  *provider,
       const char  *url,
       const char  *email,
       const char  *token,
       GError     **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pomar_connections_check_async (provider, url, email, token, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return pomar_connections_check_finish (result, error);
}

static void
assert_check_ok (Server     *server,
                 const char *prefix,
                 const char *provider,
                 const char *email,
                 const char *expected_summary)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strconcat (server->base, prefix, NULL);
  g_autofree char *summary = NULL;

  summary = check (provider, url, email, GOOD_TOKEN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary, ==, expected_summary);
}

static void
assert_check_fails (Server     *server,
                    const char *prefix,
                    const char *provider,
                    const char *email,
                    const char *token,
                    int         code,
                    const char *expected_message)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strconcat (server->base, prefix, NULL);
  g_autofree char *summary = NULL;

  summary = check (provider, url, email, token, &error);
  g_assert_null (summary);
  g_assert_error (error, POMAR_ERROR, code);
  g_assert_cmpstr (error->message, ==, expected_message);
  if (*token != '\0')
    g_assert_null (strstr (error->message, token));
}

#define REFUSED "The token was refused by 127.0.0.1. Give the connection a new token (Enter New Token in Pomar, or “pomarctl connection token”)."

static void
test_check_providers (void)
{
  Server server = { 0 };
  guint n_requests;

  server_start (&server);

  assert_check_ok (&server, "/ok/api", "pomar", NULL, "accounts can be read");
  assert_check_ok (&server, "/ok", "zendesk", NULL, "signed in as " ZENDESK_EMAIL);
  assert_check_ok (&server, "/basic/", "zendesk", ZENDESK_EMAIL, "signed in as " ZENDESK_EMAIL);
  assert_check_ok (&server, "/ok", "hubspot", NULL, "companies can be read");
  assert_check_ok (&server, "/ok/redmine", "redmine", NULL, "signed in as admin");

  /* A wrong token, for each way of sending one. */
  assert_check_fails (&server, "/ok/api", "pomar", NULL, OTHER_TOKEN, POMAR_ERROR_AUTH, REFUSED);
  assert_check_fails (&server, "/ok", "zendesk", NULL, OTHER_TOKEN, POMAR_ERROR_AUTH, REFUSED);
  assert_check_fails (&server, "/basic", "zendesk", ZENDESK_EMAIL, OTHER_TOKEN, POMAR_ERROR_AUTH, REFUSED);
  assert_check_fails (&server, "/basic", "zendesk", "bea@example.com", GOOD_TOKEN, POMAR_ERROR_AUTH, REFUSED);
  assert_check_fails (&server, "/ok", "hubspot", NULL, OTHER_TOKEN, POMAR_ERROR_AUTH, REFUSED);
  assert_check_fails (&server, "/ok", "redmine", NULL, OTHER_TOKEN, POMAR_ERROR_AUTH, REFUSED);

  /* Zendesk's anonymous user is a refused token too. */
  assert_check_fails (&server, "/anon", "zendesk", NULL, GOOD_TOKEN, POMAR_ERROR_AUTH, REFUSED);

  assert_check_fails (&server, "/fail500", "pomar", NULL, GOOD_TOKEN, POMAR_ERROR_NETWORK,
                      "127.0.0.1 had a problem answering (HTTP 500 Internal Server Error). Try again later.");
  assert_check_fails (&server, "/garbage", "pomar", NULL, GOOD_TOKEN, POMAR_ERROR_INVALID_DATA,
                      "127.0.0.1 answered, but not the way a Pomar Sync API server does. "
                      "Check the connection’s URL and provider.");
  assert_check_fails (&server, "/wrongshape", "redmine", NULL, GOOD_TOKEN, POMAR_ERROR_INVALID_DATA,
                      "127.0.0.1 answered, but not the way a Redmine server does. "
                      "Check the connection’s URL and provider.");
  /* A URL where the service is not: nothing at the path. */
  assert_check_fails (&server, "/missing", "hubspot", NULL, GOOD_TOKEN, POMAR_ERROR_NOT_FOUND,
                      "127.0.0.1 has nothing at /missing/crm/v3/objects/companies (HTTP 404). "
                      "Check the connection’s URL: it should be the base address of the service’s API.");

  /* A redirect is reported, not followed: the token stays here. */
  n_requests = server.requests;
  assert_check_fails (&server, "/moved", "pomar", NULL, GOOD_TOKEN, POMAR_ERROR_NETWORK,
                      "127.0.0.1 answered with a redirect to https://elsewhere.example.com/. "
                      "If that is the right place, use it as the connection’s URL.");
  g_assert_cmpuint (server.requests, ==, n_requests + 1);

  /* Checks validate too, before any request. */
  n_requests = server.requests;
  assert_check_fails (&server, "/ok", "pomar", NULL, "", POMAR_ERROR_INVALID_ARGUMENT,
                      "A connection needs a token.");
  g_assert_cmpuint (server.requests, ==, n_requests);

  server_stop (&server);
}

/* `test` for a stored connection: the token comes from the keyring. */
static void
test_stored_connection (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *good_url = NULL;
  g_autofree char *summary = NULL;
  Server server = { 0 };

  server_start (&server);
  good_url = g_strconcat (server.base, "/basic/", NULL);

  g_assert_true (pomar_connections_add_sync (fixture->store, "Desk", "zendesk", good_url,
                                             ZENDESK_EMAIL, GOOD_TOKEN, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pomar_connections_add_sync (fixture->store, "Stale", "redmine", good_url,
                                             NULL, OTHER_TOKEN, NULL, &error));
  g_assert_no_error (error);

  pomar_connections_test_async (fixture->store, "Desk", NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  summary = pomar_connections_test_finish (fixture->store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary, ==, "signed in as " ZENDESK_EMAIL);
  g_clear_object (&result);

  pomar_connections_test_async (fixture->store, "Stale", NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_pointer (&summary, g_free);
  summary = pomar_connections_test_finish (fixture->store, result, &error);
  g_assert_null (summary);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_AUTH);
  g_assert_cmpstr (error->message, ==, REFUSED);
  g_clear_error (&error);
  g_clear_object (&result);

  pomar_connections_test_async (fixture->store, "Nobody", NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  summary = pomar_connections_test_finish (fixture->store, result, &error);
  g_assert_null (summary);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  /* A row whose token is gone from the keyring says so. */
  g_assert_true (pomar_secret_store_clear_sync (fixture->data_dir, "Desk", NULL, &error));
  g_assert_no_error (error);
  summary = pomar_connections_test_sync (fixture->store, "Desk", NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "holds no token for the connection “Desk”"));
  g_clear_error (&error);

  g_assert_true (pomar_connections_remove_sync (fixture->store, "Desk", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pomar_connections_remove_sync (fixture->store, "Stale", NULL, &error));
  g_assert_no_error (error);

  server_stop (&server);
}

/* Transport failures ----------------------------------------------------- */

/* A loopback port nobody listens on. */
static guint16
closed_port (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

static void
test_check_refused (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *summary = NULL;
  guint16 port = closed_port ();

  url = g_strdup_printf ("http://127.0.0.1:%u/api", port);
  summary = pomar_connections_check_sync ("pomar", url, NULL, GOOD_TOKEN, NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK);
  expected = g_strdup_printf ("127.0.0.1 refused the connection on port %u. "
                              "Check the address and port in the URL, and that the server is running.",
                              port);
  g_assert_cmpstr (error->message, ==, expected);
}

/* A plain HTTP server that answers anything at once with a 400, as web
 * servers do when a TLS handshake reaches them. */
static void
on_plain_incoming (GSocketService     *service,
                   GSocketConnection  *connection,
                   GObject            *source,
                   gpointer            user_data)
{
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n";
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  char hello[4096];

  /* Read the client's hello first: closing with unread data would reset
   * the connection instead of answering. */
  g_input_stream_read (input, hello, sizeof hello, NULL, NULL);
  g_output_stream_write_all (output, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

/* https:// to a server that speaks plain HTTP: the TLS handshake fails. */
static void
test_check_not_tls (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketService) service = g_socket_service_new ();
  g_autofree char *url = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *expected = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_plain_incoming), NULL);
  g_socket_service_start (service);

  url = g_strdup_printf ("https://127.0.0.1:%u/ok", port);
  summary = check ("pomar", url, NULL, GOOD_TOKEN, &error);
  g_assert_null (summary);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK);
  expected = g_strdup_printf ("Pomar could not make a secure connection to 127.0.0.1 on port %u. "
                              "Check that the server speaks HTTPS on that port.",
                              port);
  g_assert_cmpstr (error->message, ==, expected);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

/* A self-signed certificate for 127.0.0.1, made for this test only (its key
 * guards nothing). */
static const char self_signed_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBnDCCAUGgAwIBAgIUNvWa3dDvIT7Yhq2Z9l9j4jlBWTcwCgYIKoZIzj0EAwIw\n"
  "FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyMzA4MjYwMloYDzIxMjYxMDMw\n"
  "MDgyNjAyWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO\n"
  "PQMBBwNCAAQyfixR/43JqvKBXId3qLr8UTjUZTRtLnKDncIGGCx47vJS11vs5ow5\n"
  "EqS+n461thd9DqKZFEI8Ub4rKvneSj9ro28wbTAdBgNVHQ4EFgQUBB+xkdZ91uKM\n"
  "MHb23jXNvXiwWRUwHwYDVR0jBBgwFoAUBB+xkdZ91uKMMHb23jXNvXiwWRUwDwYD\n"
  "VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI\n"
  "zj0EAwIDSQAwRgIhALH9mYwiSe6kshvzqpl9nBNJ/oyN3RjJQqfMvveOaVGuAiEA\n"
  "vSWc7TJmHpbuGT4dfjOsnE9PHNnJUXM7S5QPMw+82Vw=\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg1RA77ZPUwIRen/85\n"
  "xwca1TpBYyFls1mGM1BMYb1KAgWhRANCAAQyfixR/43JqvKBXId3qLr8UTjUZTRt\n"
  "LnKDncIGGCx47vJS11vs5ow5EqS+n461thd9DqKZFEI8Ub4rKvneSj9r\n"
  "-----END PRIVATE KEY-----\n";

static void
test_check_untrusted_certificate (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTlsCertificate) certificate = NULL;
  g_autoptr (SoupServer) soup_server = NULL;
  g_autofree char *url = NULL;
  g_autofree char *summary = NULL;
  Server server = { 0 };
  GSList *uris;

  certificate = g_tls_certificate_new_from_pem (self_signed_pem, -1, &error);
  g_assert_no_error (error);
  soup_server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (soup_server, NULL, server_callback, &server, NULL);
  soup_server_listen_local (soup_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (soup_server);
  url = g_strdup_printf ("https://127.0.0.1:%d/ok", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  summary = check ("pomar", url, NULL, GOOD_TOKEN, &error);
  g_assert_null (summary);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==,
                   "The certificate of 127.0.0.1 is not trusted (it may be self-signed, expired "
                   "or made for another name), so Pomar did not send the token.");
  /* The handshake failed before any request reached the server. */
  g_assert_cmpuint (server.requests, ==, 0);

  soup_server_disconnect (soup_server);
}

/* A server that accepts the connection and then says nothing. The kernel
 * completes the handshake for a listening socket nobody accepts on, which
 * is all this needs. */
static void
test_timeout (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) mapped = NULL;
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (SoupSession) session = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char *url = NULL;
  gint64 start, elapsed;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_socket_listen (socket, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/v1/accounts",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  session = pomar_http_session_new (1);
  message = soup_message_new (SOUP_METHOD_GET, url);
  start = g_get_monotonic_time ();
  body = soup_session_send_and_read (session, message, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_null (body);
  g_assert_nonnull (error);
  g_assert_cmpint (elapsed, <, 10 * G_USEC_PER_SEC);

  pomar_http_set_error_from_transport (&mapped, soup_message_get_uri (message), error);
  g_assert_error (mapped, POMAR_ERROR, POMAR_ERROR_NETWORK);
  g_assert_cmpstr (mapped->message, ==,
                   "127.0.0.1 did not answer in time. Check that the server is up, or try again later.");
  g_socket_close (socket, NULL);
}

/* DNS and certificates cannot be provoked offline and deterministically;
 * their mapping is checked with the errors GIO reports for them. */
static void
test_transport_messages (void)
{
  g_autoptr (GUri) uri = g_uri_parse ("https://acme.zendesk.com/api", G_URI_FLAGS_NONE, NULL);
  struct
  {
    GQuark      domain;
    int         code;
    int         pomar_code;
    const char *message;
  } cases[] = {
    { G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, POMAR_ERROR_NETWORK,
      "Pomar could not find the server acme.zendesk.com. "
      "Check the address in the URL and that this computer is online." },
    { G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE, POMAR_ERROR_NETWORK,
      "Pomar could not find the server acme.zendesk.com. "
      "Check the address in the URL and that this computer is online." },
    { G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, POMAR_ERROR_NETWORK,
      "acme.zendesk.com refused the connection on port 443. "
      "Check the address and port in the URL, and that the server is running." },
    { G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, POMAR_ERROR_NETWORK,
      "acme.zendesk.com cannot be reached from this network. Check that this computer is online." },
    { G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, POMAR_ERROR_NETWORK,
      "The certificate of acme.zendesk.com is not trusted (it may be self-signed, expired "
      "or made for another name), so Pomar did not send the token." },
    { G_IO_ERROR, G_IO_ERROR_TIMED_OUT, POMAR_ERROR_NETWORK,
      "acme.zendesk.com did not answer in time. Check that the server is up, or try again later." },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) transport = g_error_new_literal (cases[i].domain, cases[i].code, "raw");
      g_autoptr (GError) error = NULL;

      pomar_http_set_error_from_transport (&error, uri, transport);
      g_assert_error (error, POMAR_ERROR, cases[i].pomar_code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  /* Cancelling stays a cancellation, so callers can tell it apart. */
  {
    g_autoptr (GError) transport = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
    g_autoptr (GError) error = NULL;

    pomar_http_set_error_from_transport (&error, uri, transport);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connections/validate/https", test_validate_https);
  g_test_add_func ("/connections/validate/http-refused", test_validate_http_refused);
  g_test_add_func ("/connections/validate/http-loopback", test_validate_http_loopback);
  g_test_add_func ("/connections/validate/bad", test_validate_bad);
  g_test_add ("/connections/round-trip", Fixture, NULL, fixture_setup, test_round_trip, fixture_teardown);
  g_test_add ("/connections/duplicate", Fixture, NULL, fixture_setup, test_duplicate, fixture_teardown);
  g_test_add ("/connections/refused-before-storing", Fixture, NULL, fixture_setup,
              test_refused_before_storing, fixture_teardown);
  g_test_add ("/connections/caches-apart", Fixture, NULL, fixture_setup, test_caches_apart, fixture_teardown);
  g_test_add_func ("/connections/check/providers", test_check_providers);
  g_test_add ("/connections/check/stored", Fixture, NULL, fixture_setup, test_stored_connection, fixture_teardown);
  g_test_add_func ("/connections/check/refused", test_check_refused);
  g_test_add_func ("/connections/check/not-tls", test_check_not_tls);
  g_test_add_func ("/connections/check/untrusted-certificate", test_check_untrusted_certificate);
  g_test_add_func ("/connections/check/timeout", test_timeout);
  g_test_add_func ("/connections/check/transport-messages", test_transport_messages);

  return g_test_run ();
}
