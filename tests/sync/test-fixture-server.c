/* test-fixture-server.c: the fixture server checked on its own.
 *
 * The sync engine's tests trust the fixture server to speak the contract and
 * to misbehave exactly as asked; these tests make sure it does, with plain
 * libsoup requests (and a raw socket where libsoup would hide what came over
 * the wire). Every test must end with no server thread left and no more
 * files open than it started with; the tests with a cache remove its folder.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "core/pomar-demo.h"
#include "fixture-server.h"
#include "store-test-util.h"

#define TOKEN       "fixture-token-5d2e8a71c4"
#define OTHER_TOKEN "fixture-token-other"

/* Helpers ------------------------------------------------------------------ */

static guint
count_server_threads (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", name, "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL) && g_str_equal (g_strchomp (comm), "fixture-server"))
        n++;
    }

  return n;
}

static void
stop_server (FixtureServer *server)
{
  fixture_server_free (server);
  g_assert_cmpuint (count_server_threads (), ==, 0);
}

static SoupSession *
new_session (void)
{
  SoupSession *session = soup_session_new ();

  /* Loopback only, whatever the environment says about proxies. */
  soup_session_set_proxy_resolver (session, NULL);
  return session;
}

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  GError             *error;
  JsonNode           *json;
} Answer;

static void
answer_free (Answer *answer)
{
  g_clear_pointer (&answer->headers, soup_message_headers_unref);
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_clear_pointer (&answer->json, json_node_unref);
  g_clear_error (&answer->error);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

/* Sends @msg as a client of the contract does and keeps what came back. */
static Answer *
exchange (SoupSession *session,
          SoupMessage *msg,
          const char  *authorization)
{
  SoupMessageHeaders *request_headers = soup_message_get_request_headers (msg);
  Answer *answer = g_new0 (Answer, 1);

  soup_message_headers_replace (request_headers, "Accept", "application/json");
  if (authorization != NULL)
    soup_message_headers_replace (request_headers, "Authorization", authorization);

  answer->body = soup_session_send_and_read (session, msg, NULL, &answer->error);
  answer->status = soup_message_get_status (msg);
  answer->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (answer->body != NULL)
    {
      gsize len;
      const char *data = g_bytes_get_data (answer->body, &len);
      g_autofree char *text = g_strndup (data, len);

      answer->json = json_from_string (text, NULL);
    }

  return answer;
}

static Answer *
send_request (SoupSession *session,
              const char  *method,
              const char  *url,
              const char  *authorization)
{
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  return exchange (session, msg, authorization);
}

/* A write: @key and @if_match as headers when not NULL, @body as it is. */
static Answer *
send_write (SoupSession *session,
            const char  *method,
            const char  *url,
            const char  *authorization,
            const char  *key,
            const char  *if_match,
            const char  *body)
{
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
  SoupMessageHeaders *request_headers;

  g_assert_nonnull (msg);
  request_headers = soup_message_get_request_headers (msg);
  if (key != NULL)
    soup_message_headers_replace (request_headers, "Idempotency-Key", key);
  if (if_match != NULL)
    soup_message_headers_replace (request_headers, "If-Match", if_match);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);

  return exchange (session, msg, authorization);
}

static char *
page_url (FixtureServer *server,
          const char    *collection,
          const char    *since,
          const char    *cursor,
          const char    *limit)
{
  GString *url = g_string_new (fixture_server_get_url (server));
  const char *names[] = { "since", "cursor", "limit" };
  const char *values[] = { since, cursor, limit };
  char separator = '?';

  g_string_append_printf (url, "/v1/%s", collection);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *escaped = NULL;

      if (values[i] == NULL)
        continue;
      escaped = g_uri_escape_string (values[i], NULL, FALSE);
      g_string_append_printf (url, "%c%s=%s", separator, names[i], escaped);
      separator = '&';
    }

  return g_string_free (url, FALSE);
}

static Answer *
get_page (SoupSession   *session,
          FixtureServer *server,
          const char    *collection,
          const char    *since,
          const char    *cursor,
          const char    *limit)
{
  g_autofree char *url = page_url (server, collection, since, cursor, limit);

  return send_request (session, SOUP_METHOD_GET, url, "Bearer " TOKEN);
}

/* Checks a 200 page's shape and returns its top object. */
static JsonObject *
check_page (Answer *answer)
{
  JsonObject *root;
  JsonNode *next;

  g_assert_no_error (answer->error);
  g_assert_cmpuint (answer->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_content_type (answer->headers, NULL), ==,
                   "application/json");
  g_assert_nonnull (answer->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer->json));

  root = json_node_get_object (answer->json);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "data")));
  next = json_object_get_member (root, "next_cursor");
  g_assert_nonnull (next);
  g_assert_true (JSON_NODE_HOLDS_NULL (next)
                 || json_node_get_value_type (next) == G_TYPE_STRING);
  g_assert_cmpstr (json_object_get_string_member (root, "sync_token"), !=, NULL);

  return root;
}

static JsonArray *
page_data (Answer *answer)
{
  return json_object_get_array_member (check_page (answer), "data");
}

static const char *
page_next (Answer *answer)
{
  JsonObject *root = check_page (answer);

  if (json_object_get_null_member (root, "next_cursor"))
    return NULL;
  return json_object_get_string_member (root, "next_cursor");
}

static const char *
record_id (JsonArray *data,
           guint      index)
{
  return json_object_get_string_member (json_array_get_object_element (data, index), "id");
}

/* Checks an error answer: status and the contract's error body. */
static void
check_error (Answer     *answer,
             guint       status,
             const char *code)
{
  JsonObject *error;

  g_assert_no_error (answer->error);
  g_assert_cmpuint (answer->status, ==, status);
  g_assert_nonnull (answer->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer->json));
  error = json_object_get_object_member (json_node_get_object (answer->json), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (error, "message"), !=, NULL);
}

/* Every page of one pass: the records (as served, in order), the pages
 * and the pass's sync token. */
typedef struct
{
  GPtrArray *records; /* JsonObject */
  guint      n_pages;
  char      *sync_token;
} Pass;

static void
pass_clear (Pass *pass)
{
  g_clear_pointer (&pass->records, g_ptr_array_unref);
  g_clear_pointer (&pass->sync_token, g_free);
}

static void
run_pass (SoupSession   *session,
          FixtureServer *server,
          const char    *collection,
          const char    *since,
          const char    *limit,
          guint          max_per_page,
          Pass          *pass)
{
  g_autofree char *cursor = NULL;

  pass->records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  pass->n_pages = 0;
  pass->sync_token = NULL;

  do
    {
      g_autoptr (Answer) answer = get_page (session, server, collection, since, cursor, limit);
      JsonArray *data = page_data (answer);
      const char *token = json_object_get_string_member (check_page (answer), "sync_token");
      const char *next = page_next (answer);

      g_assert_cmpuint (json_array_get_length (data), <=, max_per_page);
      for (guint i = 0; i < json_array_get_length (data); i++)
        g_ptr_array_add (pass->records, json_object_ref (json_array_get_object_element (data, i)));

      if (pass->sync_token == NULL)
        pass->sync_token = g_strdup (token);
      else
        g_assert_cmpstr (pass->sync_token, ==, token);

      if (next != NULL)
        g_assert_cmpstr (next, !=, cursor);
      g_free (cursor);
      cursor = g_strdup (next);
      g_assert_cmpuint (++pass->n_pages, <, 10000);
    }
  while (cursor != NULL);
}

static JsonObject *
pass_find (Pass       *pass,
           const char *id)
{
  JsonObject *found = NULL;

  for (guint i = 0; i < pass->records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (pass->records, i);

      if (g_str_equal (json_object_get_string_member (record, "id"), id))
        {
          g_assert_null (found);
          found = record;
        }
    }

  return found;
}

static JsonObject *
new_contact (const char *id,
             gint64      version,
             const char *name)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", id);
  json_object_set_string_member (o, "account_id", "acc_1");
  json_object_set_string_member (o, "name", name);
  json_object_set_string_member (o, "email", "someone@example.com");
  json_object_set_null_member (o, "title");
  json_object_set_string_member (o, "role", "user");
  json_object_set_string_member (o, "updated_at", "2026-11-20T09:12:44Z");
  json_object_set_int_member (o, "version", version);
  return o;
}

static void
put_contacts (FixtureServer *server,
              guint          n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("con_%04u", i);
      g_autofree char *name = g_strdup_printf ("Contact %u", i);
      g_autoptr (JsonObject) record = new_contact (id, 1, name);

      fixture_server_put (server, POMAR_COLLECTION_CONTACTS, record);
    }
}

static void
put_response (FixtureServer *server,
              const char    *id,
              const char    *kind,
              gint64         score)
{
  g_autoptr (JsonObject) o = json_object_new ();

  json_object_set_string_member (o, "id", id);
  json_object_set_string_member (o, "account_id", "acc_1");
  json_object_set_null_member (o, "contact_id");
  json_object_set_string_member (o, "kind", kind);
  json_object_set_int_member (o, "score", score);
  json_object_set_null_member (o, "comment");
  json_object_set_string_member (o, "responded_at", "2026-11-02T16:20:00Z");
  json_object_set_string_member (o, "updated_at", "2026-11-02T16:20:00Z");
  json_object_set_int_member (o, "version", 1);
  fixture_server_put (server, POMAR_COLLECTION_RESPONSES, o);
}

/* The bytes a raw GET of @path_and_query brings until the server closes. */
static GByteArray *
raw_get (FixtureServer *server,
         const char    *path_and_query)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *request = NULL;
  GByteArray *bytes = g_byte_array_new ();
  GInputStream *input;
  guint8 buffer[4096];
  gssize n;

  uri = g_uri_parse (fixture_server_get_url (server), G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);

  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) g_uri_get_port (uri),
                                                NULL, &error);
  g_assert_no_error (error);

  request = g_strdup_printf ("GET %s%s HTTP/1.1\r\n"
                             "Host: 127.0.0.1\r\n"
                             "Authorization: Bearer " TOKEN "\r\n"
                             "Accept: application/json\r\n"
                             "\r\n",
                             g_uri_get_path (uri), path_and_query);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);

  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  while ((n = g_input_stream_read (input, buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (bytes, buffer, (guint) n);
  /* A reset may end the read with an error rather than EOF: both end it. */
  g_clear_error (&error);

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return bytes;
}

/* Lifecycle ---------------------------------------------------------------- */

static void
test_lifecycle (void)
{
  FixtureServer *a = fixture_server_new (TOKEN);
  FixtureServer *b = fixture_server_new (TOKEN);
  g_autoptr (GUri) uri = NULL;

  g_assert_cmpuint (count_server_threads (), ==, 2);
  g_assert_true (g_str_has_prefix (fixture_server_get_url (a), "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (fixture_server_get_url (a), "/api"));
  g_assert_cmpstr (fixture_server_get_url (a), !=, fixture_server_get_url (b));

  uri = g_uri_parse (fixture_server_get_url (a), G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (uri);
  g_assert_cmpint (g_uri_get_port (uri), >, 0);

  for (guint c = 0; c < POMAR_N_COLLECTIONS; c++)
    {
      g_assert_cmpuint (fixture_server_count (a, c), ==, 0);
      g_assert_cmpuint (fixture_server_get_requests (a, c), ==, 0);
    }

  fixture_server_free (b);
  g_assert_cmpuint (count_server_threads (), ==, 1);
  stop_server (a);
}

/* Paging ------------------------------------------------------------------- */

static void
test_paging (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Pass pass;

  put_contacts (server, 23);
  g_assert_cmpuint (fixture_server_count (server, POMAR_COLLECTION_CONTACTS), ==, 23);

  /* The cap wins over a larger limit... */
  fixture_server_set_page_size_cap (server, 5);
  run_pass (session, server, "contacts", NULL, NULL, 5, &pass);
  g_assert_cmpuint (pass.n_pages, ==, 5);
  g_assert_cmpuint (pass.records->len, ==, 23);
  for (guint i = 0; i < pass.records->len; i++)
    {
      const char *id = json_object_get_string_member (g_ptr_array_index (pass.records, i), "id");

      g_assert_true (g_hash_table_add (seen, g_strdup (id)));
      g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (pass.records, i), "version"), ==, 1);
    }
  g_assert_cmpuint (fixture_server_get_requests (server, POMAR_COLLECTION_CONTACTS), ==, 5);
  pass_clear (&pass);

  /* ... and a smaller limit wins over the cap. */
  run_pass (session, server, "contacts", NULL, "4", 4, &pass);
  g_assert_cmpuint (pass.n_pages, ==, 6);
  g_assert_cmpuint (pass.records->len, ==, 23);
  pass_clear (&pass);

  /* Default limit 500, maximum 5000. */
  fixture_server_set_page_size_cap (server, 0);
  put_contacts (server, 5003);
  run_pass (session, server, "contacts", NULL, NULL, 500, &pass);
  g_assert_cmpuint (pass.n_pages, ==, 11);
  g_assert_cmpuint (pass.records->len, ==, 5003);
  pass_clear (&pass);
  run_pass (session, server, "contacts", NULL, "100000", 5000, &pass);
  g_assert_cmpuint (pass.n_pages, ==, 2);
  g_assert_cmpuint (pass.records->len, ==, 5003);
  pass_clear (&pass);

  /* An empty collection: one empty last page. */
  run_pass (session, server, "tickets", NULL, NULL, 500, &pass);
  g_assert_cmpuint (pass.n_pages, ==, 1);
  g_assert_cmpuint (pass.records->len, ==, 0);
  pass_clear (&pass);

  stop_server (server);
}

static void
test_bad_parameters (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  const char *bad_limits[] = { "0", "-1", "abc", "12x", "" };
  g_autofree char *cursor = NULL;
  g_autofree char *token = NULL;

  put_contacts (server, 10);
  fixture_server_set_page_size_cap (server, 3);

  for (guint i = 0; i < G_N_ELEMENTS (bad_limits); i++)
    {
      g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, bad_limits[i]);

      check_error (answer, SOUP_STATUS_BAD_REQUEST, "bad_request");
    }

  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);

    cursor = g_strdup (page_next (answer));
    token = g_strdup (json_object_get_string_member (check_page (answer), "sync_token"));
    g_assert_nonnull (cursor);
    /* URL-safe as it is. */
    g_assert_null (strpbrk (cursor, "+/=%&? "));
    g_assert_null (strpbrk (token, "+/=%&? "));
  }

  {
    g_autoptr (Answer) garbage = get_page (session, server, "contacts", NULL, "not-a-cursor", NULL);
    g_autoptr (Answer) other = get_page (session, server, "accounts", NULL, cursor, NULL);
    g_autoptr (Answer) since = get_page (session, server, "contacts", "nonsense", NULL, NULL);
    g_autoptr (Answer) mixed = get_page (session, server, "contacts", token, cursor, NULL);
    g_autoptr (Answer) fine = get_page (session, server, "contacts", NULL, cursor, NULL);

    check_error (garbage, SOUP_STATUS_BAD_REQUEST, "invalid_cursor");
    check_error (other, SOUP_STATUS_BAD_REQUEST, "invalid_cursor");
    check_error (since, SOUP_STATUS_BAD_REQUEST, "bad_request");
    /* A cursor of a full pass sent with a since. */
    check_error (mixed, SOUP_STATUS_BAD_REQUEST, "bad_request");
    g_assert_cmpuint (json_array_get_length (page_data (fine)), ==, 3);
  }

  stop_server (server);
}

/* Passes since a token ----------------------------------------------------- */

static void
test_since (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  g_autoptr (JsonObject) changed = new_contact ("con_0003", 2, "Renamed");
  g_autoptr (JsonObject) added = new_contact ("con_9000", 1, "New");
  g_autofree char *token = NULL;
  JsonObject *record;
  Pass pass;

  put_contacts (server, 12);
  fixture_server_set_page_size_cap (server, 5);

  run_pass (session, server, "contacts", NULL, NULL, 5, &pass);
  token = g_strdup (pass.sync_token);
  pass_clear (&pass);

  /* Nothing changed: an empty pass, and the same token. */
  run_pass (session, server, "contacts", token, NULL, 5, &pass);
  g_assert_cmpuint (pass.records->len, ==, 0);
  g_assert_cmpuint (pass.n_pages, ==, 1);
  g_assert_cmpstr (pass.sync_token, ==, token);
  pass_clear (&pass);

  fixture_server_put (server, POMAR_COLLECTION_CONTACTS, changed);
  fixture_server_delete (server, POMAR_COLLECTION_CONTACTS, "con_0007");
  fixture_server_put (server, POMAR_COLLECTION_CONTACTS, added);
  /* Another collection's changes are not this one's. */
  put_response (server, "rsp_1", "nps", 9);
  g_assert_cmpuint (fixture_server_count (server, POMAR_COLLECTION_CONTACTS), ==, 12);

  run_pass (session, server, "contacts", token, NULL, 5, &pass);
  g_assert_cmpuint (pass.records->len, ==, 3);

  record = pass_find (&pass, "con_0003");
  g_assert_nonnull (record);
  g_assert_cmpstr (json_object_get_string_member (record, "name"), ==, "Renamed");
  g_assert_cmpint (json_object_get_int_member (record, "version"), ==, 2);

  record = pass_find (&pass, "con_0007");
  g_assert_nonnull (record);
  g_assert_cmpuint (json_object_get_size (record), ==, 4);
  g_assert_true (json_object_get_boolean_member (record, "deleted"));
  g_assert_cmpint (json_object_get_int_member (record, "version"), ==, 2);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (record, "updated_at"), "Z"));
  g_assert_cmpuint (strlen (json_object_get_string_member (record, "updated_at")), ==, 20);

  g_assert_nonnull (pass_find (&pass, "con_9000"));
  g_assert_cmpstr (pass.sync_token, !=, token);
  g_free (token);
  token = g_strdup (pass.sync_token);
  pass_clear (&pass);

  /* A full pass shows the live records only. */
  run_pass (session, server, "contacts", NULL, NULL, 5, &pass);
  g_assert_cmpuint (pass.records->len, ==, 12);
  g_assert_null (pass_find (&pass, "con_0007"));
  pass_clear (&pass);

  /* A record brought back after its tombstone. */
  {
    g_autoptr (JsonObject) back = new_contact ("con_0007", 3, "Back");

    fixture_server_put (server, POMAR_COLLECTION_CONTACTS, back);
    run_pass (session, server, "contacts", token, NULL, 5, &pass);
    g_assert_cmpuint (pass.records->len, ==, 1);
    record = pass_find (&pass, "con_0007");
    g_assert_false (json_object_has_member (record, "deleted"));
    g_assert_cmpint (json_object_get_int_member (record, "version"), ==, 3);
    pass_clear (&pass);
  }

  /* A token from the future is not this server's. */
  {
    FixtureServer *fresh = fixture_server_new (TOKEN);
    g_autoptr (Answer) answer = get_page (session, fresh, "contacts", token, NULL, NULL);

    check_error (answer, SOUP_STATUS_BAD_REQUEST, "bad_request");
    fixture_server_free (fresh);
    g_assert_cmpuint (count_server_threads (), ==, 1);
  }

  stop_server (server);
}

/* The truth changes while a pass runs: the pass goes on from its snapshot,
 * nothing is skipped, and the next pass brings what changed. */
static void
test_snapshot (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (JsonObject) changed = new_contact ("con_0001", 5, "Changed during the pass");
  g_autoptr (JsonObject) added = new_contact ("con_0500", 1, "Added during the pass");
  g_autofree char *cursor = NULL;
  g_autofree char *token = NULL;
  JsonObject *record;
  Pass pass;

  put_contacts (server, 10);
  fixture_server_set_page_size_cap (server, 3);

  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);
    JsonArray *data = page_data (answer);

    for (guint i = 0; i < json_array_get_length (data); i++)
      g_hash_table_add (seen, g_strdup (record_id (data, i)));
    cursor = g_strdup (page_next (answer));
    token = g_strdup (json_object_get_string_member (check_page (answer), "sync_token"));
  }

  fixture_server_put (server, POMAR_COLLECTION_CONTACTS, changed); /* served already */
  fixture_server_delete (server, POMAR_COLLECTION_CONTACTS, "con_0008"); /* not yet */
  fixture_server_delete (server, POMAR_COLLECTION_CONTACTS, "con_0000");
  fixture_server_put (server, POMAR_COLLECTION_CONTACTS, added);

  while (cursor != NULL)
    {
      g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, cursor, NULL);
      JsonArray *data = page_data (answer);

      for (guint i = 0; i < json_array_get_length (data); i++)
        g_assert_true (g_hash_table_add (seen, g_strdup (record_id (data, i))));
      g_assert_cmpstr (json_object_get_string_member (check_page (answer), "sync_token"), ==, token);
      g_free (cursor);
      cursor = g_strdup (page_next (answer));
    }

  /* The ten of the snapshot, each once. */
  g_assert_cmpuint (g_hash_table_size (seen), ==, 10);
  g_assert_true (g_hash_table_contains (seen, "con_0008"));
  g_assert_false (g_hash_table_contains (seen, "con_0500"));

  run_pass (session, server, "contacts", token, NULL, 3, &pass);
  g_assert_cmpuint (pass.records->len, ==, 4);
  record = pass_find (&pass, "con_0001");
  g_assert_cmpint (json_object_get_int_member (record, "version"), ==, 5);
  g_assert_true (json_object_get_boolean_member (pass_find (&pass, "con_0008"), "deleted"));
  g_assert_true (json_object_get_boolean_member (pass_find (&pass, "con_0000"), "deleted"));
  g_assert_nonnull (pass_find (&pass, "con_0500"));
  pass_clear (&pass);

  stop_server (server);
}

/* The token check and the paths ------------------------------------------- */

static void
test_token (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  g_autofree char *url = page_url (server, "accounts", NULL, NULL, NULL);
  const char *wrong[] = { NULL, "Bearer " OTHER_TOKEN, "Bearer", "Basic " TOKEN, "Bearer " TOKEN "x" };
  const char *unknown[] = { "/v1/playbooks", "/v1/", "/v1/accounts/acc_1", "/v2/accounts", "" };

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr (Answer) answer = send_request (session, SOUP_METHOD_GET, url, wrong[i]);

      check_error (answer, SOUP_STATUS_UNAUTHORIZED, "unauthorized");
      g_assert_cmpstr (soup_message_headers_get_one (answer->headers, "WWW-Authenticate"), !=, NULL);
    }
  g_assert_cmpuint (fixture_server_get_requests (server, POMAR_COLLECTION_ACCOUNTS), ==,
                    G_N_ELEMENTS (wrong));

  {
    g_autoptr (Answer) answer = send_request (session, SOUP_METHOD_GET, url, "bearer " TOKEN);

    check_page (answer);
  }

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_autofree char *other = g_strconcat (fixture_server_get_url (server), unknown[i], NULL);
      g_autoptr (Answer) answer = send_request (session, SOUP_METHOD_GET, other, "Bearer " TOKEN);

      check_error (answer, SOUP_STATUS_NOT_FOUND, "not_found");
    }

  {
    g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
    g_autofree char *outside = g_strdup_printf ("http://127.0.0.1:%d/v1/accounts", g_uri_get_port (uri));
    g_autoptr (Answer) answer = send_request (session, SOUP_METHOD_GET, outside, "Bearer " TOKEN);

    check_error (answer, SOUP_STATUS_NOT_FOUND, "not_found");
  }

  {
    g_autoptr (Answer) answer = send_request (session, SOUP_METHOD_DELETE, url, "Bearer " TOKEN);

    check_error (answer, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed");
  }

  stop_server (server);
}

/* Faults ------------------------------------------------------------------- */

static void
test_fault_statuses (void)
{
  static const struct
  {
    FixtureFault fault;
    guint        status;
    const char  *code;
    const char  *retry_after;
  } cases[] = {
    { FIXTURE_FAULT_429, 429, "rate_limited", "1" },
    { FIXTURE_FAULT_429_NO_RETRY_AFTER, 429, "rate_limited", NULL },
    { FIXTURE_FAULT_500, 500, "internal_error", NULL },
    { FIXTURE_FAULT_502, 502, "bad_gateway", NULL },
    { FIXTURE_FAULT_503, 503, "unavailable", NULL },
    { FIXTURE_FAULT_400, 400, "bad_request", NULL },
    { FIXTURE_FAULT_400_INVALID_CURSOR, 400, "invalid_cursor", NULL },
    { FIXTURE_FAULT_401, 401, "unauthorized", NULL },
    { FIXTURE_FAULT_403, 403, "forbidden", NULL },
    { FIXTURE_FAULT_404, 404, "not_found", NULL },
  };
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);

  put_contacts (server, 3);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (Answer) faulty = NULL;
      g_autoptr (Answer) normal = NULL;

      fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 1, cases[i].fault);
      faulty = get_page (session, server, "contacts", NULL, NULL, NULL);
      check_error (faulty, cases[i].status, cases[i].code);
      g_assert_cmpstr (soup_message_headers_get_one (faulty->headers, "Retry-After"), ==,
                       cases[i].retry_after);

      /* Once only, and only for contacts. */
      normal = get_page (session, server, "contacts", NULL, NULL, NULL);
      g_assert_cmpuint (json_array_get_length (page_data (normal)), ==, 3);
    }

  g_assert_cmpuint (fixture_server_get_requests (server, POMAR_COLLECTION_CONTACTS), ==,
                    2 * G_N_ELEMENTS (cases));
  stop_server (server);
}

static void
test_fault_counting (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  guint expected[] = { 200, 503, 200, 500, 500, 500 };

  put_contacts (server, 3);

  /* Other collections do not count; the second contacts request fails. */
  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 2, FIXTURE_FAULT_503);
  {
    g_autoptr (Answer) answer = get_page (session, server, "accounts", NULL, NULL, NULL);

    check_page (answer);
  }

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);

      g_assert_cmpuint (answer->status, ==, expected[i]);
      if (i == 2)
        fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 0, FIXTURE_FAULT_500);
    }

  /* A one-shot fault wins over a standing one for its request. */
  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 1, FIXTURE_FAULT_403);
  {
    g_autoptr (Answer) first = get_page (session, server, "contacts", NULL, NULL, NULL);
    g_autoptr (Answer) second = get_page (session, server, "contacts", NULL, NULL, NULL);

    check_error (first, 403, "forbidden");
    check_error (second, 500, "internal_error");
  }

  fixture_server_clear_faults (server);
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);

    check_page (answer);
  }

  g_assert_cmpuint (fixture_server_get_requests (server, POMAR_COLLECTION_CONTACTS), ==, 9);
  g_assert_cmpuint (fixture_server_get_requests (server, POMAR_COLLECTION_ACCOUNTS), ==, 1);
  stop_server (server);
}

static void
test_fault_truncated (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  g_autoptr (GByteArray) bytes = NULL;
  g_autofree char *head = NULL;
  const char *length;
  const char *end;
  gsize body_len;
  guint64 claimed;

  put_contacts (server, 40);

  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 1, FIXTURE_FAULT_TRUNCATED);
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);

    /* libsoup tells a cut body only on a connection meant to stay open. */
    g_assert_error (answer->error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
    g_assert_null (answer->body);
  }

  /* On the wire: a 200 whose Content-Length claims twice what came. */
  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 1, FIXTURE_FAULT_TRUNCATED);
  bytes = raw_get (server, "/v1/contacts");
  end = g_strstr_len ((const char *) bytes->data, bytes->len, "\r\n\r\n");
  g_assert_nonnull (end);
  head = g_strndup ((const char *) bytes->data, (gsize) (end - (const char *) bytes->data));
  body_len = bytes->len - (gsize) (end + 4 - (const char *) bytes->data);
  g_assert_true (g_str_has_prefix (head, "HTTP/1.1 200 OK\r\n"));
  g_assert_null (strstr (head, "Connection: close"));
  length = strstr (head, "Content-Length: ");
  g_assert_nonnull (length);
  claimed = g_ascii_strtoull (length + strlen ("Content-Length: "), NULL, 10);
  g_assert_cmpuint (body_len, >, 0);
  g_assert_cmpuint (body_len, ==, claimed / 2);

  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);

    g_assert_cmpuint (json_array_get_length (page_data (answer)), ==, 40);
  }

  stop_server (server);
}

static void
test_fault_reset (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  g_autoptr (GByteArray) bytes = NULL;

  put_contacts (server, 3);

  /* A session that has used a connection before: the fault still shows. */
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);

    check_page (answer);
  }
  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 1, FIXTURE_FAULT_RESET);
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);

    g_assert_error (answer->error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
    g_assert_null (answer->body);
  }
  g_assert_cmpuint (fixture_server_get_requests (server, POMAR_COLLECTION_CONTACTS), ==, 2);

  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 1, FIXTURE_FAULT_RESET);
  bytes = raw_get (server, "/v1/contacts");
  g_assert_cmpuint (bytes->len, ==, 0);

  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);

    check_page (answer);
  }

  stop_server (server);
}

static void
test_fault_bodies (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);

  put_contacts (server, 4);

  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 1, FIXTURE_FAULT_NOT_JSON);
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);

    g_assert_no_error (answer->error);
    g_assert_cmpuint (answer->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_content_type (answer->headers, NULL), ==, "text/html");
    g_assert_null (answer->json);
    g_assert_cmpuint (g_bytes_get_size (answer->body), >, 0);
  }

  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 1, FIXTURE_FAULT_WRONG_SHAPE);
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);

    g_assert_no_error (answer->error);
    g_assert_cmpuint (answer->status, ==, 200);
    g_assert_nonnull (answer->json);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (answer->json));
  }

  stop_server (server);
}

static void
test_fault_slow (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  gint64 start;

  put_contacts (server, 2);

  fixture_server_set_delay (server, 300);
  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 1, FIXTURE_FAULT_SLOW);
  start = g_get_monotonic_time ();
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);

    g_assert_cmpuint (json_array_get_length (page_data (answer)), ==, 2);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * G_TIME_SPAN_MILLISECOND);

  /* A client that gives up first; the server answers into the void and
   * goes on. */
  soup_session_set_timeout (session, 1);
  fixture_server_set_delay (server, 1300);
  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 1, FIXTURE_FAULT_SLOW);
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);

    g_assert_error (answer->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  }
  g_usleep (600 * G_TIME_SPAN_MILLISECOND);
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);

    check_page (answer);
  }

  /* Stopped while an answer is held back. */
  fixture_server_set_delay (server, 60000);
  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 0, FIXTURE_FAULT_SLOW);
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);

    g_assert_error (answer->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  }

  stop_server (server);
}

static void
test_fault_stuck_cursor (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  g_autofree char *stuck = NULL;
  g_autofree char *cursor = NULL;

  put_contacts (server, 5);
  fixture_server_set_page_size_cap (server, 2);

  /* On a first page: a cursor that comes back as itself, forever. */
  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 1, FIXTURE_FAULT_STUCK_CURSOR);
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);

    g_assert_cmpuint (json_array_get_length (page_data (answer)), ==, 2);
    stuck = g_strdup (page_next (answer));
    g_assert_nonnull (stuck);
  }
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, stuck, NULL);

      g_assert_cmpstr (page_next (answer), ==, stuck);
    }

  /* On a later page: the cursor sent. */
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);

    cursor = g_strdup (page_next (answer));
    g_assert_cmpstr (cursor, !=, stuck);
  }
  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 1, FIXTURE_FAULT_STUCK_CURSOR);
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, cursor, NULL);

    g_assert_cmpstr (page_next (answer), ==, cursor);
  }
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, cursor, NULL);

    g_assert_cmpstr (page_next (answer), !=, cursor);
  }

  /* Even a single last page gets a cursor. */
  fixture_server_set_page_size_cap (server, 0);
  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 1, FIXTURE_FAULT_STUCK_CURSOR);
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);
    g_autofree char *next = g_strdup (page_next (answer));
    g_autoptr (Answer) again = get_page (session, server, "contacts", NULL, next, NULL);

    g_assert_nonnull (next);
    g_assert_cmpstr (page_next (again), ==, next);
  }

  stop_server (server);
}

static void
test_fault_invalid_record (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  JsonObject *first;

  put_contacts (server, 3);
  put_response (server, "rsp_1", "nps", 9);
  put_response (server, "rsp_2", "csat", 4);

  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 1, FIXTURE_FAULT_INVALID_RECORD);
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);
    JsonArray *data = page_data (answer);

    g_assert_cmpuint (json_array_get_length (data), ==, 3);
    first = json_array_get_object_element (data, 0);
    g_assert_cmpstr (json_object_get_string_member (first, "version"), ==, "x");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (data, 1), "version"), ==, 1);
  }

  fixture_server_inject (server, POMAR_COLLECTION_RESPONSES, 1, FIXTURE_FAULT_INVALID_RECORD);
  {
    g_autoptr (Answer) answer = get_page (session, server, "responses", NULL, NULL, NULL);
    JsonArray *data = page_data (answer);

    first = json_array_get_object_element (data, 0);
    g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, "rsp_1");
    g_assert_cmpint (json_object_get_int_member (first, "score"), ==, 11);
    g_assert_cmpint (json_object_get_int_member (first, "version"), ==, 1);
  }

  /* The truth is untouched. */
  {
    g_autoptr (Answer) answer = get_page (session, server, "responses", NULL, NULL, NULL);
    JsonArray *data = page_data (answer);

    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (data, 0), "score"), ==, 9);
  }

  stop_server (server);
}

static void
test_fault_repeat (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *last_of_first = NULL;
  g_autofree char *cursor = NULL;
  guint served = 0;

  put_contacts (server, 7);
  fixture_server_set_page_size_cap (server, 3);

  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);
    JsonArray *data = page_data (answer);

    for (guint i = 0; i < json_array_get_length (data); i++)
      g_hash_table_add (seen, g_strdup (record_id (data, i)));
    served += json_array_get_length (data);
    last_of_first = g_strdup (record_id (data, 2));
    cursor = g_strdup (page_next (answer));
  }

  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 1, FIXTURE_FAULT_REPEAT);
  while (cursor != NULL)
    {
      g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, cursor, NULL);
      JsonArray *data = page_data (answer);

      g_assert_cmpuint (json_array_get_length (data), <=, 3);
      if (served == 3)
        g_assert_cmpstr (record_id (data, 0), ==, last_of_first);
      for (guint i = 0; i < json_array_get_length (data); i++)
        g_hash_table_add (seen, g_strdup (record_id (data, i)));
      served += json_array_get_length (data);
      g_free (cursor);
      cursor = g_strdup (page_next (answer));
    }

  /* One record twice, none lost. */
  g_assert_cmpuint (served, ==, 8);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 7);

  /* On a first page, the page repeats its own first record. */
  fixture_server_inject (server, POMAR_COLLECTION_CONTACTS, 1, FIXTURE_FAULT_REPEAT);
  {
    g_autoptr (Answer) answer = get_page (session, server, "contacts", NULL, NULL, NULL);
    JsonArray *data = page_data (answer);

    g_assert_cmpuint (json_array_get_length (data), ==, 3);
    g_assert_cmpstr (record_id (data, 0), ==, record_id (data, 2));
  }

  stop_server (server);
}

/* Writes ------------------------------------------------------------------- */

#define NOTE_ID "3f1c0c1e-8a0e-4a4b-9f59-2b7f3f2a9d10"

static char *
note_json (const char *id,
           const char *body)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"account_id\":\"acc_1\",\"kind\":\"note\","
                          "\"author\":\"ana@example.com\",\"body\":\"%s\","
                          "\"occurred_at\":\"2026-11-21T15:00:00Z\"}",
                          id, body);
}

static Answer *
post_activity (SoupSession   *session,
               FixtureServer *server,
               const char    *key,
               const char    *body)
{
  g_autofree char *url = g_strconcat (fixture_server_get_url (server), "/v1/activities", NULL);

  return send_write (session, SOUP_METHOD_POST, url, "Bearer " TOKEN, key, NULL, body);
}

static Answer *
patch_account (SoupSession   *session,
               FixtureServer *server,
               const char    *id,
               const char    *key,
               const char    *if_match,
               const char    *body)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s/v1/accounts/%s", fixture_server_get_url (server),
                                          escaped);

  return send_write (session, "PATCH", url, "Bearer " TOKEN, key, if_match, body);
}

/* Checks a write's answer: @status and a record of the contract. */
static JsonObject *
check_record (Answer *answer,
              guint   status)
{
  g_assert_no_error (answer->error);
  g_assert_cmpuint (answer->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (answer->headers, NULL), ==,
                   "application/json");
  g_assert_nonnull (answer->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer->json));
  return json_node_get_object (answer->json);
}

/* @record's updated_at: the server's now, in the contract's form. */
static void
check_updated_now (JsonObject *record)
{
  const char *text = json_object_get_string_member (record, "updated_at");
  g_autoptr (GDateTime) updated = g_date_time_new_from_iso8601 (text, NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  g_assert_true (g_str_has_suffix (text, "Z"));
  g_assert_cmpuint (strlen (text), ==, 20);
  g_assert_nonnull (updated);
  g_assert_cmpint (ABS (g_date_time_difference (now, updated)), <, 60 * G_TIME_SPAN_SECOND);
}

static void
put_account (FixtureServer *server,
             const char    *id,
             gint64         version,
             const char    *stage)
{
  g_autoptr (JsonObject) o = json_object_new ();

  json_object_set_string_member (o, "id", id);
  json_object_set_string_member (o, "name", "Acme Tintas Ltda");
  json_object_set_string_member (o, "domain", "acmetintas.com.br");
  json_object_set_string_member (o, "segment", "mid-market");
  json_object_set_string_member (o, "owner", "ana@example.com");
  json_object_set_string_member (o, "stage", stage);
  json_object_set_double_member (o, "arr", 48000.0);
  json_object_set_string_member (o, "currency", "BRL");
  json_object_set_string_member (o, "updated_at", "2026-11-20T09:12:44Z");
  json_object_set_int_member (o, "version", version);
  fixture_server_put (server, POMAR_COLLECTION_ACCOUNTS, o);
}

static void
test_write_post (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  g_autofree char *note = note_json (NOTE_ID, "Kick-off done; champion is Beatriz.");
  g_autofree char *changed = note_json (NOTE_ID, "Changed since");
  g_autofree char *token = NULL;
  g_autofree char *stored_body = NULL;
  g_autoptr (Answer) first = NULL;
  const char *bad_bodies[] = {
    "",
    "not JSON",
    "[1, 2]",
    "{\"id\":\"a1\",\"account_id\":\"acc_1\",\"kind\":\"note\"}",
    "{\"id\":7,\"account_id\":\"acc_1\",\"kind\":\"note\",\"body\":\"x\"}",
    "{\"id\":\"a1\",\"account_id\":null,\"kind\":\"note\",\"body\":\"x\"}",
    "{\"id\":\"a1\",\"account_id\":\"acc_1\",\"kind\":\"note\",\"body\":\"x\",\"author\":3}",
  };
  JsonObject *record;
  guint writes = 0;
  Pass pass;

  run_pass (session, server, "activities", NULL, NULL, 500, &pass);
  token = g_strdup (pass.sync_token);
  pass_clear (&pass);

  first = post_activity (session, server, "key-post-1", note);
  writes++;
  record = check_record (first, SOUP_STATUS_CREATED);
  g_assert_cmpstr (json_object_get_string_member (record, "id"), ==, NOTE_ID);
  g_assert_cmpstr (json_object_get_string_member (record, "account_id"), ==, "acc_1");
  g_assert_cmpstr (json_object_get_string_member (record, "kind"), ==, "note");
  g_assert_cmpstr (json_object_get_string_member (record, "author"), ==, "ana@example.com");
  g_assert_cmpstr (json_object_get_string_member (record, "body"), ==,
                   "Kick-off done; champion is Beatriz.");
  g_assert_cmpstr (json_object_get_string_member (record, "occurred_at"), ==,
                   "2026-11-21T15:00:00Z");
  g_assert_cmpint (json_object_get_int_member (record, "version"), ==, 1);
  check_updated_now (record);
  g_assert_cmpuint (fixture_server_get_applied (server, "key-post-1"), ==, 1);
  g_assert_cmpuint (fixture_server_count (server, POMAR_COLLECTION_ACTIVITIES), ==, 1);
  g_assert_cmpint (fixture_server_get_version (server, POMAR_COLLECTION_ACTIVITIES, NOTE_ID), ==, 1);

  /* The same key again, even with another body: the first answer, byte
   * for byte, and nothing done. */
  {
    g_autoptr (Answer) replay = post_activity (session, server, "key-post-1", note);
    g_autoptr (Answer) other = post_activity (session, server, "key-post-1", changed);

    writes += 2;
    check_record (replay, SOUP_STATUS_CREATED);
    g_assert_true (g_bytes_equal (replay->body, first->body));
    check_record (other, SOUP_STATUS_CREATED);
    g_assert_true (g_bytes_equal (other->body, first->body));
  }
  g_assert_cmpuint (fixture_server_get_applied (server, "key-post-1"), ==, 1);
  g_assert_cmpuint (fixture_server_count (server, POMAR_COLLECTION_ACTIVITIES), ==, 1);

  /* The same id under a new key: the stored record, not a second one. */
  {
    g_autoptr (Answer) again = post_activity (session, server, "key-post-2", changed);

    writes++;
    check_record (again, SOUP_STATUS_OK);
    g_assert_true (json_node_equal (again->json, first->json));
  }
  g_assert_cmpuint (fixture_server_get_applied (server, "key-post-2"), ==, 0);
  g_assert_cmpuint (fixture_server_count (server, POMAR_COLLECTION_ACTIVITIES), ==, 1);
  stored_body = fixture_server_get_string (server, POMAR_COLLECTION_ACTIVITIES, NOTE_ID, "body");
  g_assert_cmpstr (stored_body, ==, "Kick-off done; champion is Beatriz.");

  /* Refused: no key, a body that is no activity, no token. */
  {
    g_autofree char *other_note = note_json ("c0ffee00-0000-4000-8000-000000000001", "No key");
    g_autoptr (Answer) answer = post_activity (session, server, NULL, other_note);

    writes++;
    check_error (answer, SOUP_STATUS_BAD_REQUEST, "bad_request");
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad_bodies); i++)
    {
      g_autofree char *key = g_strdup_printf ("key-bad-%u", i);
      g_autoptr (Answer) answer = post_activity (session, server, key, bad_bodies[i]);

      writes++;
      check_error (answer, SOUP_STATUS_BAD_REQUEST, "bad_request");
      g_assert_cmpuint (fixture_server_get_applied (server, key), ==, 0);
    }
  {
    g_autofree char *url = g_strconcat (fixture_server_get_url (server), "/v1/activities", NULL);
    g_autofree char *other_note = note_json ("c0ffee00-0000-4000-8000-000000000002", "No token");
    g_autoptr (Answer) none = send_write (session, SOUP_METHOD_POST, url, NULL, "key-post-3", NULL,
                                          other_note);
    g_autoptr (Answer) wrong = send_write (session, SOUP_METHOD_POST, url, "Bearer " OTHER_TOKEN,
                                           "key-post-3", NULL, other_note);

    writes += 2;
    check_error (none, SOUP_STATUS_UNAUTHORIZED, "unauthorized");
    check_error (wrong, SOUP_STATUS_UNAUTHORIZED, "unauthorized");
    g_assert_cmpuint (fixture_server_get_applied (server, "key-post-3"), ==, 0);
  }
  g_assert_cmpuint (fixture_server_count (server, POMAR_COLLECTION_ACTIVITIES), ==, 1);
  g_assert_cmpuint (fixture_server_get_writes (server), ==, writes);
  /* Writes are not reads. */
  g_assert_cmpuint (fixture_server_get_requests (server, POMAR_COLLECTION_ACTIVITIES), ==, 1);

  /* Passes see the activity: since the earlier token, and a full one. */
  run_pass (session, server, "activities", token, NULL, 500, &pass);
  g_assert_cmpuint (pass.records->len, ==, 1);
  g_assert_true (json_object_equal (pass_find (&pass, NOTE_ID), json_node_get_object (first->json)));
  pass_clear (&pass);
  run_pass (session, server, "activities", NULL, NULL, 500, &pass);
  g_assert_cmpuint (pass.records->len, ==, 1);
  pass_clear (&pass);

  /* Deleted, then posted again: back above its tombstone. */
  fixture_server_delete (server, POMAR_COLLECTION_ACTIVITIES, NOTE_ID);
  g_assert_cmpint (fixture_server_get_version (server, POMAR_COLLECTION_ACTIVITIES, NOTE_ID), ==,
                   -1);
  {
    g_autoptr (Answer) answer = post_activity (session, server, "key-post-4", note);

    record = check_record (answer, SOUP_STATUS_CREATED);
    g_assert_cmpint (json_object_get_int_member (record, "version"), ==, 3);
  }

  /* The collection's other methods. */
  {
    g_autofree char *url = g_strconcat (fixture_server_get_url (server), "/v1/activities", NULL);
    g_autoptr (Answer) answer = send_write (session, SOUP_METHOD_PUT, url, "Bearer " TOKEN,
                                            "key-post-5", NULL, note);

    check_error (answer, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed");
    g_assert_cmpstr (soup_message_headers_get_one (answer->headers, "Allow"), ==, "GET, POST");
  }

  stop_server (server);
}

static void
test_write_patch (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  g_autoptr (Answer) moved = NULL;
  g_autoptr (Answer) stale = NULL;
  g_autofree char *token = NULL;
  g_autofree char *stage = NULL;
  const struct
  {
    const char *if_match;
    const char *body;
  } bad[] = {
    { "\"6\"", "{\"name\":\"Other\"}" },
    { "\"6\"", "{\"stage\":\"inspire\",\"name\":\"Other\"}" },
    { "\"6\"", "{\"stage\":3}" },
    { "\"6\"", "{}" },
    { "\"6\"", "[\"stage\"]" },
    { "\"6\"", "stage=inspire" },
    { NULL, "{\"stage\":\"inspire\"}" },
    { "\"six\"", "{\"stage\":\"inspire\"}" },
    { "W/\"6\"", "{\"stage\":\"inspire\"}" },
    { "", "{\"stage\":\"inspire\"}" },
  };
  JsonObject *record;
  JsonObject *current;
  Pass pass;

  put_account (server, "acc_1", 4, "onboarding");
  put_account (server, "acc 2", 1, "nurture");
  run_pass (session, server, "accounts", NULL, NULL, 500, &pass);
  token = g_strdup (pass.sync_token);
  pass_clear (&pass);

  moved = patch_account (session, server, "acc_1", "key-patch-1", "\"4\"",
                         "{\"stage\":\"engagement\"}");
  record = check_record (moved, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (record, "id"), ==, "acc_1");
  g_assert_cmpstr (json_object_get_string_member (record, "stage"), ==, "engagement");
  g_assert_cmpstr (json_object_get_string_member (record, "name"), ==, "Acme Tintas Ltda");
  g_assert_cmpint (json_object_get_int_member (record, "version"), ==, 5);
  check_updated_now (record);
  g_assert_cmpint (fixture_server_get_version (server, POMAR_COLLECTION_ACCOUNTS, "acc_1"), ==, 5);
  stage = fixture_server_get_string (server, POMAR_COLLECTION_ACCOUNTS, "acc_1", "stage");
  g_assert_cmpstr (stage, ==, "engagement");
  g_assert_cmpuint (fixture_server_get_applied (server, "key-patch-1"), ==, 1);

  {
    g_autoptr (Answer) replay = patch_account (session, server, "acc_1", "key-patch-1", "\"4\"",
                                               "{\"stage\":\"engagement\"}");

    check_record (replay, SOUP_STATUS_OK);
    g_assert_true (g_bytes_equal (replay->body, moved->body));
  }
  g_assert_cmpint (fixture_server_get_version (server, POMAR_COLLECTION_ACCOUNTS, "acc_1"), ==, 5);
  g_assert_cmpuint (fixture_server_get_applied (server, "key-patch-1"), ==, 1);

  /* On the old version: refused, with the account as it is now. */
  stale = patch_account (session, server, "acc_1", "key-patch-2", "\"4\"",
                         "{\"stage\":\"nurture\"}");
  check_error (stale, SOUP_STATUS_PRECONDITION_FAILED, "version_conflict");
  current = json_object_get_object_member (json_node_get_object (stale->json), "current");
  g_assert_nonnull (current);
  g_assert_true (json_object_equal (current, record));
  g_assert_cmpuint (fixture_server_get_applied (server, "key-patch-2"), ==, 0);
  g_assert_cmpint (fixture_server_get_version (server, POMAR_COLLECTION_ACCOUNTS, "acc_1"), ==, 5);

  /* Its key keeps its answer, though the version it sends now would do:
   * a client sends the move again under a key of its own. */
  {
    g_autoptr (Answer) replay = patch_account (session, server, "acc_1", "key-patch-2", "\"5\"",
                                               "{\"stage\":\"nurture\"}");

    g_assert_cmpuint (replay->status, ==, SOUP_STATUS_PRECONDITION_FAILED);
    g_assert_true (g_bytes_equal (replay->body, stale->body));
  }
  g_assert_cmpint (fixture_server_get_version (server, POMAR_COLLECTION_ACCOUNTS, "acc_1"), ==, 5);

  /* If-Match without quotes; the stage back to none. */
  {
    g_autoptr (Answer) answer = patch_account (session, server, "acc_1", "key-patch-3", "5",
                                               "{\"stage\":null}");

    record = check_record (answer, SOUP_STATUS_OK);
    g_assert_true (json_object_get_null_member (record, "stage"));
    g_assert_cmpint (json_object_get_int_member (record, "version"), ==, 6);
  }
  g_clear_pointer (&stage, g_free);
  stage = fixture_server_get_string (server, POMAR_COLLECTION_ACCOUNTS, "acc_1", "stage");
  g_assert_null (stage);

  /* An id that needs escaping in the path. */
  {
    g_autoptr (Answer) answer = patch_account (session, server, "acc 2", "key-patch-4", "\"1\"",
                                               "{\"stage\":\"inspire\"}");

    record = check_record (answer, SOUP_STATUS_OK);
    g_assert_cmpstr (json_object_get_string_member (record, "id"), ==, "acc 2");
    g_assert_cmpint (fixture_server_get_version (server, POMAR_COLLECTION_ACCOUNTS, "acc 2"), ==, 2);
  }

  {
    g_autoptr (Answer) answer = patch_account (session, server, "acc_404", "key-patch-5", "\"1\"",
                                               "{\"stage\":\"inspire\"}");

    check_error (answer, SOUP_STATUS_NOT_FOUND, "not_found");
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *key = g_strdup_printf ("key-patch-bad-%u", i);
      g_autoptr (Answer) answer = patch_account (session, server, "acc_1", key, bad[i].if_match,
                                                 bad[i].body);

      check_error (answer, SOUP_STATUS_BAD_REQUEST, "bad_request");
    }
  {
    g_autoptr (Answer) answer = patch_account (session, server, "acc_1", NULL, "\"6\"",
                                               "{\"stage\":\"inspire\"}");

    check_error (answer, SOUP_STATUS_BAD_REQUEST, "bad_request");
  }
  g_assert_cmpint (fixture_server_get_version (server, POMAR_COLLECTION_ACCOUNTS, "acc_1"), ==, 6);

  /* A pass since the earlier token sees both accounts as they are now. */
  run_pass (session, server, "accounts", token, NULL, 500, &pass);
  g_assert_cmpuint (pass.records->len, ==, 2);
  record = pass_find (&pass, "acc_1");
  g_assert_cmpint (json_object_get_int_member (record, "version"), ==, 6);
  g_assert_true (json_object_get_null_member (record, "stage"));
  g_assert_cmpstr (json_object_get_string_member (pass_find (&pass, "acc 2"), "stage"), ==,
                   "inspire");
  pass_clear (&pass);

  /* Gone. */
  fixture_server_delete (server, POMAR_COLLECTION_ACCOUNTS, "acc_1");
  {
    g_autoptr (Answer) answer = patch_account (session, server, "acc_1", "key-patch-6", "\"7\"",
                                               "{\"stage\":\"inspire\"}");

    check_error (answer, SOUP_STATUS_NOT_FOUND, "not_found");
  }
  g_assert_cmpint (fixture_server_get_version (server, POMAR_COLLECTION_ACCOUNTS, "acc_1"), ==, -1);
  g_assert_null (fixture_server_get_string (server, POMAR_COLLECTION_ACCOUNTS, "acc_1", "name"));

  stop_server (server);
}

/* The write is done, its answer lost: the retry with the same key gets the
 * answer, and the work is not done again. */
static void
test_write_drop_after_apply (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  g_autofree char *note = note_json (NOTE_ID, "Renewal call booked.");

  put_account (server, "acc_1", 1, "onboarding");

  fixture_server_inject_write (server, 1, FIXTURE_FAULT_DROP_AFTER_APPLY);
  {
    g_autoptr (Answer) lost = post_activity (session, server, "key-drop-1", note);
    g_autoptr (Answer) retry = NULL;
    JsonObject *record;

    g_assert_nonnull (lost->error);
    g_assert_null (lost->body);
    g_assert_cmpuint (fixture_server_count (server, POMAR_COLLECTION_ACTIVITIES), ==, 1);
    g_assert_cmpuint (fixture_server_get_applied (server, "key-drop-1"), ==, 1);

    retry = post_activity (session, server, "key-drop-1", note);
    record = check_record (retry, SOUP_STATUS_CREATED);
    g_assert_cmpstr (json_object_get_string_member (record, "id"), ==, NOTE_ID);
    g_assert_cmpint (json_object_get_int_member (record, "version"), ==, 1);
    g_assert_cmpuint (fixture_server_count (server, POMAR_COLLECTION_ACTIVITIES), ==, 1);
    g_assert_cmpuint (fixture_server_get_applied (server, "key-drop-1"), ==, 1);
  }

  fixture_server_inject_write (server, 1, FIXTURE_FAULT_DROP_AFTER_APPLY);
  {
    g_autoptr (Answer) lost = patch_account (session, server, "acc_1", "key-drop-2", "\"1\"",
                                             "{\"stage\":\"engagement\"}");
    g_autoptr (Answer) retry = NULL;
    JsonObject *record;

    g_assert_nonnull (lost->error);
    g_assert_null (lost->body);
    g_assert_cmpint (fixture_server_get_version (server, POMAR_COLLECTION_ACCOUNTS, "acc_1"), ==, 2);

    retry = patch_account (session, server, "acc_1", "key-drop-2", "\"1\"",
                           "{\"stage\":\"engagement\"}");
    record = check_record (retry, SOUP_STATUS_OK);
    g_assert_cmpstr (json_object_get_string_member (record, "stage"), ==, "engagement");
    g_assert_cmpint (json_object_get_int_member (record, "version"), ==, 2);
    g_assert_cmpint (fixture_server_get_version (server, POMAR_COLLECTION_ACCOUNTS, "acc_1"), ==, 2);
    g_assert_cmpuint (fixture_server_get_applied (server, "key-drop-2"), ==, 1);
  }

  g_assert_cmpuint (fixture_server_get_writes (server), ==, 4);
  stop_server (server);
}

static void
test_write_faults (void)
{
  static const struct
  {
    FixtureFault fault;
    guint        status;    /* 0: no answer */
    const char  *code;
    const char  *retry_after;
  } cases[] = {
    { FIXTURE_FAULT_429, 429, "rate_limited", "1" },
    { FIXTURE_FAULT_500, 500, "internal_error", NULL },
    { FIXTURE_FAULT_503, 503, "unavailable", NULL },
    { FIXTURE_FAULT_RESET, 0, NULL, NULL },
  };
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  guint activities = 0;
  gint64 start;

  put_account (server, "acc_1", 1, "onboarding");

  /* Turned away with nothing done; the key is free to try again. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = g_strdup_printf ("key-fault-%u", i);
      g_autofree char *id = g_strdup_printf ("c0ffee00-0000-4000-8000-%012u", i);
      g_autofree char *note = note_json (id, "Asked for a roadmap session.");
      g_autoptr (Answer) faulty = NULL;
      g_autoptr (Answer) retry = NULL;

      fixture_server_inject_write (server, 1, cases[i].fault);
      faulty = post_activity (session, server, key, note);
      if (cases[i].status == 0)
        {
          g_assert_nonnull (faulty->error);
          g_assert_null (faulty->body);
        }
      else
        {
          check_error (faulty, cases[i].status, cases[i].code);
          g_assert_cmpstr (soup_message_headers_get_one (faulty->headers, "Retry-After"), ==,
                           cases[i].retry_after);
        }
      g_assert_cmpuint (fixture_server_count (server, POMAR_COLLECTION_ACTIVITIES), ==, activities);
      g_assert_cmpuint (fixture_server_get_applied (server, key), ==, 0);

      retry = post_activity (session, server, key, note);
      check_record (retry, SOUP_STATUS_CREATED);
      activities++;
      g_assert_cmpuint (fixture_server_count (server, POMAR_COLLECTION_ACTIVITIES), ==, activities);
      g_assert_cmpuint (fixture_server_get_applied (server, key), ==, 1);
    }

  /* Held back, but done. */
  fixture_server_set_delay (server, 300);
  fixture_server_inject_write (server, 1, FIXTURE_FAULT_SLOW);
  start = g_get_monotonic_time ();
  {
    g_autoptr (Answer) answer = patch_account (session, server, "acc_1", "key-slow", "\"1\"",
                                               "{\"stage\":\"engagement\"}");

    check_record (answer, SOUP_STATUS_OK);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (fixture_server_get_version (server, POMAR_COLLECTION_ACCOUNTS, "acc_1"), ==, 2);

  /* POSTs and PATCHes count together: the second write from here fails. */
  fixture_server_inject_write (server, 2, FIXTURE_FAULT_503);
  {
    g_autofree char *note = note_json ("c0ffee00-0000-4000-8000-000000000100", "One");
    g_autoptr (Answer) first = post_activity (session, server, "key-count-1", note);
    g_autoptr (Answer) second = patch_account (session, server, "acc_1", "key-count-2", "\"2\"",
                                               "{\"stage\":\"nurture\"}");
    g_autoptr (Answer) third = patch_account (session, server, "acc_1", "key-count-2", "\"2\"",
                                              "{\"stage\":\"nurture\"}");

    check_record (first, SOUP_STATUS_CREATED);
    check_error (second, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable");
    check_record (third, SOUP_STATUS_OK);
  }

  /* Every write until cleared, reads untouched; and reads' faults do not
   * reach writes. */
  fixture_server_inject_write (server, 0, FIXTURE_FAULT_500);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (Answer) answer = patch_account (session, server, "acc_1", "key-every", "\"3\"",
                                                 "{\"stage\":\"inspire\"}");

      check_error (answer, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error");
    }
  {
    g_autoptr (Answer) answer = get_page (session, server, "accounts", NULL, NULL, NULL);

    check_page (answer);
  }
  fixture_server_clear_faults (server);
  fixture_server_inject (server, POMAR_COLLECTION_ACCOUNTS, 0, FIXTURE_FAULT_503);
  {
    g_autoptr (Answer) write = patch_account (session, server, "acc_1", "key-every", "\"3\"",
                                              "{\"stage\":\"inspire\"}");
    g_autoptr (Answer) read = get_page (session, server, "accounts", NULL, NULL, NULL);

    check_record (write, SOUP_STATUS_OK);
    check_error (read, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable");
  }
  fixture_server_clear_faults (server);
  g_assert_cmpint (fixture_server_get_version (server, POMAR_COLLECTION_ACCOUNTS, "acc_1"), ==, 4);

  g_assert_cmpuint (fixture_server_get_writes (server), ==, 2 * G_N_ELEMENTS (cases) + 1 + 3 + 3);
  g_assert_cmpuint (fixture_server_get_requests (server, POMAR_COLLECTION_ACCOUNTS), ==, 2);
  stop_server (server);
}

/* The demo book and a cache ------------------------------------------------ */



typedef enum
{
  EDIT_CONTACT,
  EDIT_TICKET,
  EDIT_ACTIVITY,
} EditKind;

typedef struct
{
  EditKind  kind;
  gpointer  record;
} Edit;

static gboolean
write_edit (PomarStoreWriter  *writer,
            gpointer           user_data,
            GCancellable      *cancellable,
            GError           **error)
{
  Edit *edit = user_data;

  switch (edit->kind)
    {
    case EDIT_CONTACT:
      return pomar_store_writer_upsert_contact (writer, edit->record, NULL, error);
    case EDIT_TICKET:
      return pomar_store_writer_upsert_ticket (writer, edit->record, NULL, error);
    case EDIT_ACTIVITY:
      return pomar_store_writer_upsert_activity (writer, edit->record, NULL, error);
    default:
      g_assert_not_reached ();
    }
}

static void
store_edit (PomarStore *store,
            EditKind    kind,
            gpointer    record)
{
  g_autoptr (GError) error = NULL;
  Edit edit = { kind, record };

  pomar_store_write_sync (store, write_edit, &edit, NULL, &error);
  g_assert_no_error (error);
}

static void
assert_matches (FixtureServer *server,
                PomarStore    *store)
{
  g_autofree char *diff = NULL;

  if (!fixture_server_matches_store (server, store, &diff))
    g_error ("The cache differs from the truth:\n%s", diff);
  g_assert_null (diff);
}

static char *
assert_differs (FixtureServer *server,
                PomarStore    *store)
{
  char *diff = NULL;

  g_assert_false (fixture_server_matches_store (server, store, &diff));
  g_assert_nonnull (diff);
  g_test_message ("%s", diff);
  return diff;
}

static void
test_matches_store (void)
{
  g_autoptr (SoupSession) session = new_session ();
  FixtureServer *server = fixture_server_new (TOKEN);
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStore) store = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) summaries = NULL;
  g_autoptr (GPtrArray) contacts = NULL;
  g_autoptr (GPtrArray) tickets = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *diff = NULL;
  PomarDemoOptions options;
  const char *account_id;
  PomarContact *contact;
  PomarTicket *ticket;

  pomar_demo_options_init (&options);
  options.n_accounts = 3;
  options.seed = 20261123;
  g_date_set_dmy (&options.today, 23, G_DATE_NOVEMBER, 2026);

  fixture_server_load_demo (server, options.n_accounts, options.seed, &options.today);
  for (guint c = 0; c < POMAR_N_COLLECTIONS; c++)
    g_assert_cmpuint (fixture_server_count (server, c), >, 0);
  g_assert_cmpuint (fixture_server_count (server, POMAR_COLLECTION_ACCOUNTS), ==, 3);

  /* The demo's records as the contract has them. */
  {
    g_autoptr (Answer) answer = get_page (session, server, "accounts", NULL, NULL, NULL);
    JsonArray *data = page_data (answer);
    JsonObject *account = json_array_get_object_element (data, 0);

    g_assert_cmpuint (json_array_get_length (data), ==, 3);
    g_assert_cmpuint (json_object_get_size (account), ==, 15);
    g_assert_true (json_object_has_member (account, "licensed_seats"));
    g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (account, "arr"))
                   || JSON_NODE_HOLDS_NULL (json_object_get_member (account, "arr")));
  }
  {
    g_autoptr (Answer) answer = get_page (session, server, "usage", NULL, NULL, "1");
    JsonObject *usage = json_array_get_object_element (page_data (answer), 0);

    g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (usage, "features")));
  }

  tmp_dir = g_dir_make_tmp ("fixture-server-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (tmp_dir, "data", NULL);
  store = pomar_store_open (data_dir, &error);
  g_assert_no_error (error);

  /* An empty cache: everything missing, told in a few lines. */
  diff = assert_differs (server, store);
  g_assert_nonnull (strstr (diff, "missing from the cache"));
  g_assert_nonnull (strstr (diff, "more differences"));
  g_clear_pointer (&diff, g_free);

  pomar_store_write_sync (store, store_test_write_demo, &options, NULL, &error);
  g_assert_no_error (error);
  assert_matches (server, store);

  reader = pomar_store_reader_new (store, &error);
  g_assert_no_error (error);
  summaries = pomar_store_reader_list_account_summaries (reader, &error);
  g_assert_no_error (error);
  account_id = ((PomarAccountSummary *) g_ptr_array_index (summaries, 0))->account.id;
  contacts = pomar_store_reader_list_contacts (reader, account_id, &error);
  g_assert_no_error (error);
  tickets = pomar_store_reader_list_tickets (reader, account_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, >, 0);
  g_assert_cmpuint (tickets->len, >, 0);

  /* One record differs in the cache... */
  contact = g_ptr_array_index (contacts, 0);
  g_free (contact->name);
  contact->name = g_strdup ("Someone Else");
  contact->version++;
  store_edit (store, EDIT_CONTACT, contact);
  diff = assert_differs (server, store);
  g_assert_nonnull (strstr (diff, contact->id));
  g_assert_nonnull (strstr (diff, "name is \"Someone Else\""));
  g_assert_nonnull (strstr (diff, "version"));
  g_clear_pointer (&diff, g_free);

  /* ... until the truth has the same. */
  {
    g_autoptr (JsonObject) same = json_object_new ();

    json_object_set_string_member (same, "id", contact->id);
    json_object_set_string_member (same, "account_id", contact->account_id);
    json_object_set_string_member (same, "name", contact->name);
    json_object_set_string_member (same, "email", contact->email);
    if (contact->title != NULL)
      json_object_set_string_member (same, "title", contact->title);
    json_object_set_string_member (same, "role", contact->role);
    json_object_set_string_member (same, "updated_at", contact->updated_at);
    json_object_set_int_member (same, "version", contact->version);
    json_object_set_string_member (same, "unknown_field", "ignored");
    fixture_server_put (server, POMAR_COLLECTION_CONTACTS, same);
  }
  assert_matches (server, store);

  /* One record missing from the cache... */
  ticket = g_ptr_array_index (tickets, 0);
  ticket->version++;
  ticket->deleted = TRUE;
  store_edit (store, EDIT_TICKET, ticket);
  diff = assert_differs (server, store);
  g_assert_nonnull (strstr (diff, ticket->id));
  g_assert_nonnull (strstr (diff, "missing from the cache"));
  g_clear_pointer (&diff, g_free);
  fixture_server_delete (server, POMAR_COLLECTION_TICKETS, ticket->id);
  assert_matches (server, store);

  /* ... and one the truth does not have. Timestamps compare as instants
   * in whole seconds, in UTC. */
  {
    PomarActivity extra = { 0 };
    g_autoptr (JsonObject) same = json_object_new ();

    extra.id = (char *) "3f1c0c1e-8a0e-4a4b-9f59-2b7f3f2a9d10";
    extra.version = 1;
    extra.updated_at = (char *) "2026-11-21T15:00:00Z";
    extra.account_id = (char *) account_id;
    extra.kind = (char *) "note";
    extra.author = (char *) "ana@example.com";
    extra.body = (char *) "Kick-off done.";
    extra.occurred_at = (char *) "2026-11-21T15:00:00Z";
    store_edit (store, EDIT_ACTIVITY, &extra);
    diff = assert_differs (server, store);
    g_assert_nonnull (strstr (diff, "in the cache, not in the truth"));
    g_clear_pointer (&diff, g_free);

    json_object_set_string_member (same, "id", extra.id);
    json_object_set_string_member (same, "account_id", account_id);
    json_object_set_string_member (same, "kind", "note");
    json_object_set_string_member (same, "author", "ana@example.com");
    json_object_set_string_member (same, "body", "Kick-off done.");
    json_object_set_string_member (same, "occurred_at", "2026-11-21T17:00:00+02:00");
    json_object_set_string_member (same, "updated_at", "2026-11-21T15:00:00.250Z");
    json_object_set_int_member (same, "version", 1);
    fixture_server_put (server, POMAR_COLLECTION_ACTIVITIES, same);
    assert_matches (server, store);

    json_object_set_string_member (same, "body", "Kick-off done!");
    fixture_server_put (server, POMAR_COLLECTION_ACTIVITIES, same);
    diff = assert_differs (server, store);
    g_assert_nonnull (strstr (diff, "body is \"Kick-off done.\" in the cache, \"Kick-off done!\" in the truth"));
    g_clear_pointer (&diff, g_free);
  }

  pomar_store_reader_free (g_steal_pointer (&reader));
  pomar_store_close (store);
  g_clear_object (&store);
  store_test_remove_tree (tmp_dir);

  stop_server (server);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* Usage rows compare their features as JSON and their numbers as numbers. */
static gboolean
write_usage (PomarStoreWriter  *writer,
             gpointer           user_data,
             GCancellable      *cancellable,
             GError           **error)
{
  PomarAccount account = { 0 };
  PomarUsage usage = { 0 };

  account.id = (char *) "acc_1";
  account.version = 1;
  account.updated_at = (char *) "2026-11-20T09:12:44Z";
  account.name = (char *) "Acme";
  account.arr = 48000.0;
  account.currency = (char *) "BRL";
  account.licensed_seats = POMAR_NO_INT;

  usage.id = (char *) "acc_1:2026-11-20";
  usage.version = 1;
  usage.updated_at = (char *) "2026-11-21T03:00:00Z";
  usage.account_id = (char *) "acc_1";
  usage.day = (char *) "2026-11-20";
  usage.active_users = 23;
  usage.sessions = 61;
  usage.events = 4210;
  usage.features_json = (char *) "{\"reports\":120,\"dashboards\":35,\"exports\":4}";

  return pomar_store_writer_upsert_account (writer, &account, NULL, error)
         && pomar_store_writer_upsert_usage (writer, &usage, NULL, error);
}

static void
test_matches_numbers (void)
{
  FixtureServer *server = fixture_server_new (TOKEN);
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStore) store = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *diff = NULL;
  g_autoptr (JsonObject) account = parse_object (
    "{\"id\":\"acc_1\",\"name\":\"Acme\",\"arr\":48000,\"currency\":\"BRL\","
    "\"updated_at\":\"2026-11-20T09:12:44Z\",\"version\":1}");
  g_autoptr (JsonObject) usage = parse_object (
    "{\"id\":\"acc_1:2026-11-20\",\"account_id\":\"acc_1\",\"day\":\"2026-11-20\","
    "\"active_users\":23,\"sessions\":61,\"events\":4210,"
    "\"features\":{\"exports\":4,\"reports\":120,\"dashboards\":35},"
    "\"updated_at\":\"2026-11-21T03:00:00Z\",\"version\":1}");

  fixture_server_put (server, POMAR_COLLECTION_ACCOUNTS, account);
  fixture_server_put (server, POMAR_COLLECTION_USAGE, usage);

  tmp_dir = g_dir_make_tmp ("fixture-server-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (tmp_dir, "data", NULL);
  store = pomar_store_open (data_dir, &error);
  g_assert_no_error (error);
  pomar_store_write_sync (store, write_usage, NULL, NULL, &error);
  g_assert_no_error (error);

  assert_matches (server, store);

  json_object_set_object_member (usage, "features",
                                 parse_object ("{\"reports\":121,\"dashboards\":35,\"exports\":4}"));
  fixture_server_put (server, POMAR_COLLECTION_USAGE, usage);
  diff = assert_differs (server, store);
  g_assert_nonnull (strstr (diff, "features"));
  g_clear_pointer (&diff, g_free);

  json_object_set_double_member (account, "arr", 48000.5);
  fixture_server_put (server, POMAR_COLLECTION_ACCOUNTS, account);
  diff = assert_differs (server, store);
  g_assert_nonnull (strstr (diff, "arr is 48000 in the cache, 48000.5 in the truth"));

  pomar_store_close (store);
  g_clear_object (&store);
  store_test_remove_tree (tmp_dir);

  stop_server (server);
}

/* Each test must leave no server thread and no open file behind. */
static guint
count_open_files (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

typedef struct
{
  const char *path;
  GTestFunc   func;
} TestCase;

static void
run_test_case (gconstpointer data)
{
  const TestCase *test_case = data;
  guint open_files = count_open_files ();

  test_case->func ();

  g_assert_cmpuint (count_server_threads (), ==, 0);
  g_assert_cmpuint (count_open_files (), ==, open_files);
}

static const TestCase test_cases[] = {
  { "/fixture-server/lifecycle", test_lifecycle },
  { "/fixture-server/paging", test_paging },
  { "/fixture-server/bad-parameters", test_bad_parameters },
  { "/fixture-server/since", test_since },
  { "/fixture-server/snapshot", test_snapshot },
  { "/fixture-server/token", test_token },
  { "/fixture-server/fault/statuses", test_fault_statuses },
  { "/fixture-server/fault/counting", test_fault_counting },
  { "/fixture-server/fault/truncated", test_fault_truncated },
  { "/fixture-server/fault/reset", test_fault_reset },
  { "/fixture-server/fault/bodies", test_fault_bodies },
  { "/fixture-server/fault/slow", test_fault_slow },
  { "/fixture-server/fault/stuck-cursor", test_fault_stuck_cursor },
  { "/fixture-server/fault/invalid-record", test_fault_invalid_record },
  { "/fixture-server/fault/repeat", test_fault_repeat },
  { "/fixture-server/write/post", test_write_post },
  { "/fixture-server/write/patch", test_write_patch },
  { "/fixture-server/write/drop-after-apply", test_write_drop_after_apply },
  { "/fixture-server/write/faults", test_write_faults },
  { "/fixture-server/matches-store", test_matches_store },
  { "/fixture-server/matches-store/numbers", test_matches_numbers },
};

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* GLib and libsoup open a few files once per process (the default main
   * context's wakeup, the worker thread's...): let them, before counting. */
  {
    g_autoptr (SoupSession) session = new_session ();
    FixtureServer *server = fixture_server_new (TOKEN);
    g_autoptr (Answer) answer = get_page (session, server, "accounts", NULL, NULL, NULL);

    check_page (answer);
    stop_server (server);
  }

  for (guint i = 0; i < G_N_ELEMENTS (test_cases); i++)
    g_test_add_data_func (test_cases[i].path, &test_cases[i], run_test_case);

  return g_test_run ();
}
