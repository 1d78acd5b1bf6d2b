/* test-sync-redmine.c: the Redmine provider against a real Redmine.
 *
 * test-redmine.sh starts Redmine on loopback (redmine/start.sh), fills it
 * through its API (redmine/seed.py: three projects, more than 100 issues
 * with Portuguese subjects, closed ones, one deleted) and runs this with
 * REDMINE_URL, REDMINE_KEY and REDMINE_TRUTH (seed.py's output). The
 * database is shared with earlier runs, so only the projects of this run's
 * prefix are compared.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "core/pomar-error.h"
#include "store/pomar-store.h"
#include "sync/pomar-sync-engine.h"
#include "store-test-util.h"

#define NAME "tracker"

typedef struct
{
  char       *tmp_dir;
  PomarStore *store;
  PomarConnectionInfo info;
  const char *key;
  JsonParser *truth;
} Fixture;

static const char * const account_fields[] = { "id", "version", "name", "domain", NULL };
static const char * const ticket_fields[] = { "id", "version", "account_id", "subject", "status", "priority",
                                              "type", "created_at", "solved_at", NULL };

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = NULL;

  f->tmp_dir = g_dir_make_tmp ("pomar-redmine-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (f->tmp_dir, "data", NULL);
  f->store = pomar_store_open (data_dir, &error);
  g_assert_no_error (error);

  f->info.name = g_strdup (NAME);
  f->info.provider = g_strdup ("redmine");
  f->info.base_url = g_strdup (g_getenv ("REDMINE_URL"));
  f->key = g_getenv ("REDMINE_KEY");
  f->truth = json_parser_new ();
  g_assert_true (json_parser_load_from_file (f->truth, g_getenv ("REDMINE_TRUTH"), &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->truth);
  g_free (f->info.name);
  g_free (f->info.provider);
  g_free (f->info.base_url);
  store_test_remove_tree (f->tmp_dir);
  g_free (f->tmp_dir);
}

static gboolean
sync_once (Fixture         *f,
           const char      *key,
           gboolean         full,
           PomarSyncResult *result,
           GError         **error)
{
  PomarSyncOptions options = { 0 };

  options.full = full;
  options.retry.max_attempts = 3;
  options.retry.backoff_ms = 50;
  options.retry.max_wait_ms = 2000;
  options.timeout_seconds = 30;
  return pomar_sync_connection (f->store, &f->info, key, &options, result, NULL, error);
}

static JsonObject *
truth (Fixture *f)
{
  return json_node_get_object (json_parser_get_root (f->truth));
}

static gint64
seconds (const char *iso)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

static char *
utc (const char *iso)
{
  g_autoptr (GDateTime) time = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

/* What the cache must hold for Redmine's names (the default data). */
static const char *
expected_status (JsonObject *issue)
{
  const char *name = json_object_get_string_member (issue, "status");

  if (json_object_get_boolean_member (issue, "is_closed"))
    return "closed";
  if (g_str_equal (name, "New"))
    return "new";
  if (g_str_equal (name, "Feedback"))
    return "pending";
  if (g_str_equal (name, "Resolved"))
    return "solved";
  return "open";
}

static const char *
expected_priority (const char *name)
{
  if (g_str_equal (name, "Low"))
    return "low";
  if (g_str_equal (name, "High"))
    return "high";
  if (g_str_equal (name, "Urgent") || g_str_equal (name, "Immediate"))
    return "urgent";
  return "normal";
}

static const char *
expected_type (const char *tracker)
{
  if (g_str_equal (tracker, "Bug"))
    return "incident";
  if (g_str_equal (tracker, "Feature"))
    return "task";
  if (g_str_equal (tracker, "Support"))
    return "question";
  return NULL;
}

static void
add (GString    *text,
     const char *name,
     const char *value)
{
  g_string_append_printf (text, "%s=%s;", name, value != NULL ? value : "null");
}

static char *
expected_ticket (JsonObject *issue)
{
  GString *text = g_string_new (NULL);
  g_autofree char *id = g_strdup_printf (NAME ":%" G_GINT64_FORMAT, json_object_get_int_member (issue, "id"));
  g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              seconds (json_object_get_string_member (issue, "updated_on")));
  g_autofree char *account = g_strdup_printf (NAME ":%" G_GINT64_FORMAT,
                                              json_object_get_int_member (issue, "project_id"));
  g_autofree char *created = utc (json_object_get_string_member (issue, "created_on"));
  g_autofree char *closed = utc (json_object_get_string_member_with_default (issue, "closed_on", NULL));
  gboolean is_closed = json_object_get_boolean_member (issue, "is_closed");

  add (text, "id", id);
  add (text, "version", version);
  add (text, "account_id", account);
  add (text, "subject", json_object_get_string_member (issue, "subject"));
  add (text, "status", expected_status (issue));
  add (text, "priority", expected_priority (json_object_get_string_member (issue, "priority")));
  add (text, "type", expected_type (json_object_get_string_member (issue, "tracker")));
  add (text, "created_at", created);
  add (text, "solved_at", is_closed ? closed : NULL);
  return g_string_free (text, FALSE);
}

/* The cache holds this run's projects and issues as the truth says. */
static void
assert_matches_truth (Fixture *f)
{
  g_autoptr (GHashTable) accounts = store_test_scan (f->store, POMAR_COLLECTION_ACCOUNTS, account_fields);
  g_autoptr (GHashTable) tickets = store_test_scan (f->store, POMAR_COLLECTION_TICKETS, ticket_fields);
  g_autoptr (GHashTable) own = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *projects = json_object_get_array_member (truth (f), "projects");
  JsonArray *issues = json_object_get_array_member (truth (f), "issues");
  GHashTableIter iter;
  gpointer key, value;
  guint n_own_tickets = 0;

  for (guint i = 0; i < json_array_get_length (projects); i++)
    {
      JsonObject *project = json_array_get_object_element (projects, i);
      g_autofree char *id = g_strdup_printf (NAME ":%" G_GINT64_FORMAT, json_object_get_int_member (project, "id"));
      const char *homepage = json_object_get_string_member_with_default (project, "homepage", NULL);
      g_autofree char *domain = homepage != NULL && *homepage != '\0' ? pomar_domain_key (homepage) : NULL;
      g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  seconds (json_object_get_string_member (project, "updated_on")));
      g_autoptr (GString) want = g_string_new (NULL);

      add (want, "id", id);
      add (want, "version", version);
      add (want, "name", json_object_get_string_member (project, "name"));
      add (want, "domain", domain);
      g_assert_cmpstr (g_hash_table_lookup (accounts, id), ==, want->str);
      g_hash_table_add (own, g_steal_pointer (&id));
    }

  for (guint i = 0; i < json_array_get_length (issues); i++)
    {
      JsonObject *issue = json_array_get_object_element (issues, i);
      g_autofree char *want = expected_ticket (issue);
      g_autofree char *id = g_strdup_printf (NAME ":%" G_GINT64_FORMAT, json_object_get_int_member (issue, "id"));

      g_assert_cmpstr (g_hash_table_lookup (tickets, id), ==, want);
    }

  /* Nothing else of this run's projects: the deleted issue is not there. */
  g_hash_table_iter_init (&iter, tickets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *account = NULL;
      const char *at = strstr (value, "account_id=");
      const char *end = at != NULL ? strchr (at, ';') : NULL;

      g_assert_nonnull (end);
      account = g_strndup (at + strlen ("account_id="), (gsize) (end - at) - strlen ("account_id="));
      if (g_hash_table_contains (own, account))
        n_own_tickets++;
    }
  g_assert_cmpuint (n_own_tickets, ==, json_array_get_length (issues));
}

/* Changes through Redmine's API ------------------------------------------------ */

static guint
api (Fixture    *f,
     const char *method,
     const char *path,
     const char *json)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (f->info.base_url, path, NULL);
  g_autoptr (SoupMessage) message = soup_message_new (method, uri);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (message), "X-Redmine-API-Key", f->key);
  if (json != NULL)
    {
      g_autoptr (GBytes) request = g_bytes_new (json, strlen (json));

      soup_message_set_request_body_from_bytes (message, "application/json", request);
    }
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (message);
}

/* The first sync reads every page (more than 100 issues) and matches the
 * truth to the letter, accents and all; a second one asks for little. */
static void
test_full_sync (Fixture       *f,
                gconstpointer  user_data)
{
  g_auto (PomarSyncResult) first = { 0 };
  g_auto (PomarSyncResult) second = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (truth (f), "issues")), >, 100);
  g_assert_true (sync_once (f, f->key, FALSE, &first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (first.collections[POMAR_COLLECTION_TICKETS].pages, >, 1);
  g_assert_cmpuint (first.collections[POMAR_COLLECTION_TICKETS].quarantined, ==, 0);
  assert_matches_truth (f);

  g_assert_true (sync_once (f, f->key, FALSE, &second, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (second.collections[POMAR_COLLECTION_TICKETS].pages, ==, 1);
  assert_matches_truth (f);
}

/* An issue changed, one made and one deleted in Redmine: the next sync
 * brings the first two; the deletion leaves no trace, so a full pass finds
 * it by comparing ids. */
static void
test_changes_and_hard_delete (Fixture       *f,
                              gconstpointer  user_data)
{
  g_auto (PomarSyncResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  JsonArray *issues = json_object_get_array_member (truth (f), "issues");
  JsonObject *changed = json_array_get_object_element (issues, 0);
  JsonObject *doomed = json_array_get_object_element (issues, 1);
  g_autofree char *changed_path = g_strdup_printf ("/issues/%" G_GINT64_FORMAT ".json",
                                                   json_object_get_int_member (changed, "id"));
  g_autofree char *doomed_path = g_strdup_printf ("/issues/%" G_GINT64_FORMAT ".json",
                                                  json_object_get_int_member (doomed, "id"));
  g_autofree char *doomed_id = g_strdup_printf (NAME ":%" G_GINT64_FORMAT, json_object_get_int_member (doomed, "id"));
  g_autofree char *changed_id = g_strdup_printf (NAME ":%" G_GINT64_FORMAT,
                                                 json_object_get_int_member (changed, "id"));
  g_autofree char *create = NULL;
  g_autoptr (GHashTable) tickets = NULL;

  g_assert_true (sync_once (f, f->key, FALSE, &result, &error));
  g_assert_no_error (error);
  pomar_sync_result_clear (&result);

  /* Redmine's times have whole seconds: a change must not share the second
   * of the last sync's newest issue unseen. */
  g_usleep (1100 * 1000);
  g_assert_cmpuint (api (f, "PUT", changed_path,
                         "{\"issue\":{\"subject\":\"Cobrança duplicada no cartão — revisar\"}}"), ==, 204);
  create = g_strdup_printf ("{\"issue\":{\"project_id\":%" G_GINT64_FORMAT ",\"subject\":\"Ação urgente: "
                            "certificado expirou\",\"priority_id\":4}}",
                            json_object_get_int_member (changed, "project_id"));
  g_assert_cmpuint (api (f, "POST", "/issues.json", create), ==, 201);
  g_assert_cmpuint (api (f, "DELETE", doomed_path, NULL), ==, 204);

  g_assert_true (sync_once (f, f->key, FALSE, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.collections[POMAR_COLLECTION_TICKETS].records, >=, 2);
  tickets = store_test_scan (f->store, POMAR_COLLECTION_TICKETS, ticket_fields);
  g_assert_nonnull (strstr (g_hash_table_lookup (tickets, changed_id), "Cobrança duplicada no cartão — revisar"));
  /* Deleted without a trace: still there until a full pass. */
  g_assert_true (g_hash_table_contains (tickets, doomed_id));
  g_clear_pointer (&tickets, g_hash_table_unref);
  pomar_sync_result_clear (&result);

  g_assert_true (sync_once (f, f->key, TRUE, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.collections[POMAR_COLLECTION_TICKETS].tombstones, >=, 1);
  tickets = store_test_scan (f->store, POMAR_COLLECTION_TICKETS, ticket_fields);
  g_assert_false (g_hash_table_contains (tickets, doomed_id));
  g_assert_true (g_hash_table_contains (tickets, changed_id));
}

/* A wrong key gets public data from a Redmine that needs no login; the
 * check before the passes refuses it, and nothing is stored. */
static void
test_wrong_key (Fixture       *f,
                gconstpointer  user_data)
{
  g_auto (PomarSyncResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) accounts = NULL;

  g_assert_false (sync_once (f, "0123456789abcdef0123456789abcdef01234567", FALSE, &result, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_AUTH);
  g_assert_true (result.auth_failed);
  accounts = store_test_scan (f->store, POMAR_COLLECTION_ACCOUNTS, account_fields);
  g_assert_cmpuint (g_hash_table_size (accounts), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("REDMINE_URL") == NULL || g_getenv ("REDMINE_KEY") == NULL || g_getenv ("REDMINE_TRUTH") == NULL)
    {
      g_printerr ("Run through test-redmine.sh, which starts Redmine.\n");
      return 1;
    }

  g_test_add ("/sync/redmine/full", Fixture, NULL, fixture_setup, test_full_sync, fixture_teardown);
  g_test_add ("/sync/redmine/wrong-key", Fixture, NULL, fixture_setup, test_wrong_key, fixture_teardown);
  /* Last: it changes the server. */
  g_test_add ("/sync/redmine/changes-and-hard-delete", Fixture, NULL, fixture_setup,
              test_changes_and_hard_delete, fixture_teardown);

  return g_test_run ();
}
