/* test-sync.c: the sync engine against the fixture server.
 *
 * After every pass (clean, or with a fault injected) the whole cache is
 * compared with the server's truth. A sync killed with SIGKILL in the
 * middle of a pass (a child process, sync-child) is run again and must end
 * with exactly the truth.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "core/pomar-error.h"
#include "store/pomar-store.h"
#include "sync/pomar-sync-engine.h"
#include "fixture-server.h"
#include "store-test-util.h"
#include "sync-test-util.h"

#define TOKEN "fixture-token-1234"

typedef struct
{
  char          *tmp_dir;
  char          *data_dir;
  PomarStore    *store;
  FixtureServer *server;
  PomarConnectionInfo info;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  GDate today;

  f->tmp_dir = g_dir_make_tmp ("pomar-sync-XXXXXX", &error);
  g_assert_no_error (error);
  f->data_dir = g_build_filename (f->tmp_dir, "data", NULL);
  f->store = pomar_store_open (f->data_dir, &error);
  g_assert_no_error (error);

  f->server = fixture_server_new (TOKEN);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);
  fixture_server_load_demo (f->server, 12, 7, &today);
  /* Several pages per collection. */
  fixture_server_set_page_size_cap (f->server, 97);

  f->info.name = g_strdup ("fixture");
  f->info.provider = g_strdup ("pomar");
  f->info.base_url = g_strdup (fixture_server_get_url (f->server));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->server, fixture_server_free);
  g_free (f->info.name);
  g_free (f->info.provider);
  g_free (f->info.base_url);
  store_test_remove_tree (f->tmp_dir);
  g_free (f->data_dir);
  g_free (f->tmp_dir);
}

static gboolean
sync_once (Fixture         *f,
           gboolean         full,
           PomarSyncResult *result,
           GError         **error)
{
  PomarSyncOptions options;

  sync_test_fast_options (&options);
  options.full = full;
  return pomar_sync_connection (f->store, &f->info, TOKEN, &options, result, NULL, error);
}

static void
assert_matches (Fixture *f)
{
  g_autofree char *diff = NULL;

  if (!fixture_server_matches_store (f->server, f->store, &diff))
    g_error ("the cache differs from the server: %s", diff);
}

static guint64
quarantined (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = pomar_store_reader_new (f->store, &error);
  PomarStoreCounts counts;

  g_assert_no_error (error);
  g_assert_true (pomar_store_reader_get_counts (reader, &counts, &error));
  return (guint64) counts.quarantined;
}

/* A clean full sync, then an incremental one with changes and deletions,
 * then one with nothing new. */
static void
test_full_and_incremental (Fixture       *f,
                           gconstpointer  user_data)
{
  g_auto (PomarSyncResult) first = { 0 };
  g_auto (PomarSyncResult) second = { 0 };
  g_auto (PomarSyncResult) third = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) changed = json_object_new ();

  g_assert_true (sync_once (f, FALSE, &first, &error));
  g_assert_no_error (error);
  assert_matches (f);
  g_assert_cmpuint (first.collections[POMAR_COLLECTION_USAGE].pages, >, 1);
  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    g_assert_true (first.collections[i].done);

  /* A renamed account, a deleted ticket and a deleted contact. (An
   * account's tombstone takes what belongs to it along in the cache; the
   * store's tests check that.) */
  json_object_set_string_member (changed, "id", "acc_0003");
  json_object_set_int_member (changed, "version", 1000);
  json_object_set_string_member (changed, "name", "Renamed Ltda");
  json_object_set_string_member (changed, "updated_at", "2026-11-23T10:00:00Z");
  fixture_server_put (f->server, POMAR_COLLECTION_ACCOUNTS, changed);
  fixture_server_delete (f->server, POMAR_COLLECTION_TICKETS, "tkt_24");
  fixture_server_delete (f->server, POMAR_COLLECTION_CONTACTS, "con_11");

  g_assert_true (sync_once (f, FALSE, &second, &error));
  g_assert_no_error (error);
  assert_matches (f);
  g_assert_cmpuint (second.collections[POMAR_COLLECTION_ACCOUNTS].records, ==, 1);
  g_assert_cmpuint (second.collections[POMAR_COLLECTION_TICKETS].records, ==, 1);
  g_assert_cmpuint (second.collections[POMAR_COLLECTION_TICKETS].tombstones, ==, 1);
  g_assert_cmpuint (second.collections[POMAR_COLLECTION_CONTACTS].tombstones, ==, 1);

  g_assert_true (sync_once (f, FALSE, &third, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    {
      g_assert_cmpuint (third.collections[i].records, ==, 0);
      g_assert_cmpuint (third.collections[i].requests, ==, 1);
    }
}

/* Faults a sync rides out: it ends with the truth. */
static const struct
{
  const char  *name;
  FixtureFault fault;
} transient_faults[] = {
  { "429", FIXTURE_FAULT_429 },
  { "429-without-retry-after", FIXTURE_FAULT_429_NO_RETRY_AFTER },
  { "500", FIXTURE_FAULT_500 },
  { "502", FIXTURE_FAULT_502 },
  { "503", FIXTURE_FAULT_503 },
  { "truncated", FIXTURE_FAULT_TRUNCATED },
  { "not-json", FIXTURE_FAULT_NOT_JSON },
  { "wrong-shape", FIXTURE_FAULT_WRONG_SHAPE },
  { "slow", FIXTURE_FAULT_SLOW },
  { "reset", FIXTURE_FAULT_RESET },
  { "repeated-record", FIXTURE_FAULT_REPEAT },
  { "invalid-cursor", FIXTURE_FAULT_400_INVALID_CURSOR },
};

static void
test_transient_fault (Fixture       *f,
                      gconstpointer  user_data)
{
  FixtureFault fault = (FixtureFault) GPOINTER_TO_INT (user_data);
  g_auto (PomarSyncResult) result = { 0 };
  g_autoptr (GError) error = NULL;

  /* On the second page of usage and of tickets. */
  fixture_server_inject (f->server, POMAR_COLLECTION_USAGE, 2, fault);
  fixture_server_inject (f->server, POMAR_COLLECTION_TICKETS, 2, fault);
  g_assert_true (sync_once (f, FALSE, &result, &error));
  g_assert_no_error (error);
  assert_matches (f);
  g_assert_cmpuint (quarantined (f), ==, 0);
  if (fault == FIXTURE_FAULT_400_INVALID_CURSOR)
    g_assert_cmpuint (result.collections[POMAR_COLLECTION_USAGE].restarts, ==, 1);
  else if (fault != FIXTURE_FAULT_REPEAT)
    g_assert_cmpuint (result.collections[POMAR_COLLECTION_USAGE].requests, >,
                      result.collections[POMAR_COLLECTION_USAGE].pages);
}

/* One bad record is set aside and counted; the rest is stored. */
static void
test_invalid_record (Fixture       *f,
                     gconstpointer  user_data)
{
  g_auto (PomarSyncResult) result = { 0 };
  g_auto (PomarSyncResult) again = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *diff = NULL;

  fixture_server_inject (f->server, POMAR_COLLECTION_RESPONSES, 1, FIXTURE_FAULT_INVALID_RECORD);
  g_assert_true (sync_once (f, FALSE, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.collections[POMAR_COLLECTION_RESPONSES].quarantined, ==, 1);
  g_assert_cmpuint (quarantined (f), ==, 1);
  /* Only that record is missing. */
  g_assert_false (fixture_server_matches_store (f->server, f->store, &diff));

  /* Served well again (a full pass), it is stored. */
  g_assert_true (sync_once (f, TRUE, &again, &error));
  assert_matches (f);
}

/* A refused token stops the connection; a refused collection, only itself. */
static void
test_refusals (Fixture       *f,
               gconstpointer  user_data)
{
  g_auto (PomarSyncResult) result = { 0 };
  g_auto (PomarSyncResult) other = { 0 };
  g_autoptr (GError) error = NULL;

  fixture_server_inject (f->server, POMAR_COLLECTION_ACCOUNTS, 1, FIXTURE_FAULT_401);
  g_assert_false (sync_once (f, FALSE, &result, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_AUTH);
  g_assert_true (result.auth_failed);
  g_assert_cmpuint (fixture_server_get_requests (f->server, POMAR_COLLECTION_CONTACTS), ==, 0);
  g_clear_error (&error);

  fixture_server_inject (f->server, POMAR_COLLECTION_TICKETS, 1, FIXTURE_FAULT_403);
  fixture_server_inject (f->server, POMAR_COLLECTION_RESPONSES, 1, FIXTURE_FAULT_404);
  fixture_server_inject (f->server, POMAR_COLLECTION_ACTIVITIES, 1, FIXTURE_FAULT_400);
  g_assert_false (sync_once (f, FALSE, &other, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_FORBIDDEN);
  g_assert_true (other.collections[POMAR_COLLECTION_ACCOUNTS].done);
  g_assert_true (other.collections[POMAR_COLLECTION_USAGE].done);
  g_assert_false (other.collections[POMAR_COLLECTION_TICKETS].done);
  g_assert_false (other.collections[POMAR_COLLECTION_RESPONSES].done);
  g_assert_false (other.collections[POMAR_COLLECTION_ACTIVITIES].done);
  g_assert_nonnull (other.collections[POMAR_COLLECTION_ACTIVITIES].error);
}

/* A cursor that does not advance stops the pass rather than loop. */
static void
test_stuck_cursor (Fixture       *f,
                   gconstpointer  user_data)
{
  g_auto (PomarSyncResult) result = { 0 };
  g_autoptr (GError) error = NULL;

  fixture_server_inject (f->server, POMAR_COLLECTION_USAGE, 2, FIXTURE_FAULT_STUCK_CURSOR);
  g_assert_false (sync_once (f, FALSE, &result, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_SERVER_BUG);
  g_assert_false (result.collections[POMAR_COLLECTION_USAGE].done);
  g_assert_true (result.collections[POMAR_COLLECTION_RESPONSES].done);
}

/* Transient faults that outlast the tries: the pass stops, and the next
 * sync resumes from the last stored page to the truth. */
static void
test_gives_up_then_resumes (Fixture       *f,
                            gconstpointer  user_data)
{
  g_auto (PomarSyncResult) result = { 0 };
  g_auto (PomarSyncResult) again = { 0 };
  g_autoptr (GError) error = NULL;
  guint requests_before;

  fixture_server_inject (f->server, POMAR_COLLECTION_USAGE, 0, FIXTURE_FAULT_503);
  g_assert_false (sync_once (f, FALSE, &result, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK);
  g_assert_cmpuint (result.collections[POMAR_COLLECTION_USAGE].requests, ==, 5);
  g_clear_error (&error);

  fixture_server_clear_faults (f->server);
  requests_before = fixture_server_get_requests (f->server, POMAR_COLLECTION_USAGE);
  g_assert_true (sync_once (f, FALSE, &again, &error));
  g_assert_no_error (error);
  assert_matches (f);
  g_assert_cmpuint (fixture_server_get_requests (f->server, POMAR_COLLECTION_USAGE), >, requests_before);
}

/* Killed mid-pass, run again: exactly the truth. */
static void
test_killed_mid_pass (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr (GSubprocess) child = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (PomarSyncResult) result = { 0 };
  const char *child_path = g_getenv ("POMAR_SYNC_CHILD");
  gint64 deadline;

  if (child_path == NULL)
    {
      g_test_skip ("POMAR_SYNC_CHILD is not set: run this test through meson");
      return;
    }

  /* Slow pages, so that the child is mid-pass when it dies. */
  fixture_server_set_delay (f->server, 40);
  fixture_server_inject (f->server, POMAR_COLLECTION_USAGE, 0, FIXTURE_FAULT_SLOW);
  g_clear_object (&f->store);

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, child_path, f->data_dir,
                            fixture_server_get_url (f->server), TOKEN, NULL);
  g_assert_no_error (error);

  /* Until some usage pages are in. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (fixture_server_get_requests (f->server, POMAR_COLLECTION_USAGE) < 4)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10000);
    }
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (child));

  fixture_server_clear_faults (f->server);
  f->store = pomar_store_open (f->data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (sync_once (f, FALSE, &result, &error));
  g_assert_no_error (error);
  assert_matches (f);
  /* It resumed: usage did not start from its first page again. */
  g_assert_cmpuint (result.collections[POMAR_COLLECTION_ACCOUNTS].records, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)
  ADD ("/sync/full-and-incremental", NULL, test_full_and_incremental);
  for (guint i = 0; i < G_N_ELEMENTS (transient_faults); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync/fault/%s", transient_faults[i].name);

      ADD (path, GINT_TO_POINTER (transient_faults[i].fault), test_transient_fault);
    }
  ADD ("/sync/invalid-record", NULL, test_invalid_record);
  ADD ("/sync/refusals", NULL, test_refusals);
  ADD ("/sync/stuck-cursor", NULL, test_stuck_cursor);
  ADD ("/sync/gives-up-then-resumes", NULL, test_gives_up_then_resumes);
  ADD ("/sync/killed-mid-pass", NULL, test_killed_mid_pass);
#undef ADD

  return g_test_run ();
}
