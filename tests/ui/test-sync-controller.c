/* test-sync-controller.c: the GUI's sync controller, without a display.
 *
 * A real context and store in a throw-away folder, connections whose tokens
 * go to the throw-away keyring of with-keyring.sh, and tests/sync's fixture
 * server on loopback. The controller is driven as the window drives it,
 * and the main loop is run until it says it is done: what it reports
 * (items, properties, signals), how often its progress reaches the main
 * loop, one sync at a time, the interval and its live changes, a stop
 * in the middle of a sync, and a server that goes away and comes back
 * (offline, the change kept and counted, then sent by itself).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fixture-server.h"
#include "pomar-context.h"
#include "sync/pomar-connections.h"
#include "sync/pomar-reachability.h"
#include "ui/pomar-sync-banner.h"
#include "ui/pomar-sync-controller-private.h"
#include "ui/pomar-sync-item.h"

#define TOKEN "controller-test-token-5b1d"

typedef struct
{
  char                *data_dir;
  PomarContext        *context;
  FixtureServer       *server;
  PomarSyncController *controller;
  guint                n_finished;
  guint                n_stored;
  gboolean             last_stored;
  guint                n_syncing_on;
  gboolean             overlapped;
} Fixture;

static void
on_finished (PomarSyncController *controller,
             gboolean             stored,
             Fixture             *fixture)
{
  fixture->n_finished++;
  fixture->last_stored = stored;
}

static void
on_stored (PomarSyncController *controller,
           Fixture             *fixture)
{
  fixture->n_stored++;
}

static void
on_syncing (PomarSyncController *controller,
            GParamSpec          *pspec,
            Fixture             *fixture)
{
  if (pomar_sync_controller_get_syncing (controller))
    {
      /* A second sync never starts before the first one's end. */
      if (fixture->n_syncing_on > fixture->n_finished)
        fixture->overlapped = TRUE;
      fixture->n_syncing_on++;
    }
}

static void
add_connection (Fixture    *fixture,
                const char *name,
                const char *token)
{
  g_autoptr (GError) error = NULL;

  pomar_connections_add_sync (pomar_context_get_store (fixture->context), name, "pomar",
                              fixture_server_get_url (fixture->server), NULL, token, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  guint n_accounts = GPOINTER_TO_UINT (user_data);
  g_autoptr (GError) error = NULL;
  GDate today;

  fixture->data_dir = g_dir_make_tmp ("pomar-test-controller-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->context = pomar_context_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pomar_context_get_settings (fixture->context));
  g_settings_set_uint (pomar_context_get_settings (fixture->context), "sync-interval-minutes", 15);

  fixture->server = fixture_server_new (TOKEN);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);
  fixture_server_load_demo (fixture->server, n_accounts > 0 ? n_accounts : 30, 7, &today);
  /* Many small pages: many progress reports. */
  fixture_server_set_page_size_cap (fixture->server, 10);

  fixture->controller = pomar_sync_controller_new (fixture->context, NULL);
  g_signal_connect (fixture->controller, "finished", G_CALLBACK (on_finished), fixture);
  g_signal_connect (fixture->controller, "stored", G_CALLBACK (on_stored), fixture);
  g_signal_connect (fixture->controller, "notify::syncing", G_CALLBACK (on_syncing), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;

  if (fixture->controller != NULL)
    {
      pomar_sync_controller_stop (fixture->controller);
      g_clear_object (&fixture->controller);
    }
  /* Whatever the controller's worker still holds goes before the store. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->context);
  g_clear_pointer (&fixture->server, fixture_server_free);

  {
    g_autofree char *db = g_build_filename (fixture->data_dir, "pomar.db", NULL);
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
    g_unlink (db);
    g_rmdir (fixture->data_dir);
  }
  g_free (fixture->data_dir);
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *@counter reaches @target, or fails after
 * @seconds. */
static void
run_until (guint *counter,
           guint  target,
           guint  seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, on_timeout, &timed_out);

  while (*counter < target && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

/* Runs the main loop for @ms milliseconds. */
static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static PomarSyncItem *
get_item (Fixture *fixture,
          guint    position)
{
  GListModel *items = pomar_sync_controller_get_connections (fixture->controller);

  g_assert_cmpuint (g_list_model_get_n_items (items), >, position);
  return g_list_model_get_item (items, position);
}

static guint
total_requests (Fixture *fixture)
{
  guint n = 0;

  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    n += fixture_server_get_requests (fixture->server, i);
  return n;
}

/* A whole sync: the cache gets the server's records, the item and the
 * properties say so, and the main loop hears of it at most ten times a
 * second however many pages were stored. */
static void
test_sync (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr (PomarSyncItem) item = NULL;
  g_autofree char *diff = NULL;
  gint64 started;
  double seconds;
  guint n_pages;

  add_connection (fixture, "Acme", TOKEN);
  g_assert_false (pomar_sync_controller_get_has_connections (fixture->controller));

  started = g_get_monotonic_time ();
  pomar_sync_controller_sync (fixture->controller);
  g_assert_true (pomar_sync_controller_get_syncing (fixture->controller));
  run_until (&fixture->n_finished, 1, 120);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  g_assert_true (fixture->last_stored);
  g_assert_cmpuint (fixture->n_stored, >=, 1);
  g_assert_false (pomar_sync_controller_get_syncing (fixture->controller));
  g_assert_true (pomar_sync_controller_get_has_connections (fixture->controller));
  g_assert_null (pomar_sync_controller_get_progress_text (fixture->controller));
  g_assert_nonnull (pomar_sync_controller_get_last_synced (fixture->controller));
  g_assert_cmpuint (pomar_sync_controller_get_n_failures (fixture->controller), ==, 0);

  item = get_item (fixture, 0);
  g_assert_cmpstr (pomar_sync_item_get_name (item), ==, "Acme");
  g_assert_cmpint (pomar_sync_item_get_state (item), ==, POMAR_SYNC_ITEM_DONE);
  g_assert_null (pomar_sync_item_get_message (item));
  g_assert_nonnull (pomar_sync_item_get_last_synced (item));

  g_assert_true (fixture_server_matches_store (fixture->server,
                                               pomar_context_get_store (fixture->context), &diff));

  n_pages = total_requests (fixture);
  g_test_message ("%u pages in %.2f s reached the main loop %u times", n_pages, seconds,
                  pomar_sync_controller_get_n_updates (fixture->controller));
  g_assert_cmpuint (n_pages, >, 50);
  g_assert_cmpuint (pomar_sync_controller_get_n_updates (fixture->controller), <=,
                    (guint) (seconds * 10) + 4);
}

/* A refused token: the connection failed, needs a token, and nothing was
 * stored; the other connection still synced. */
static void
test_refused (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr (PomarSyncItem) acme = NULL;
  g_autoptr (PomarSyncItem) bad = NULL;

  add_connection (fixture, "Acme", TOKEN);
  add_connection (fixture, "Bad", "a-revoked-token");

  pomar_sync_controller_sync (fixture->controller);
  run_until (&fixture->n_finished, 1, 120);

  acme = get_item (fixture, 0);
  bad = get_item (fixture, 1);
  g_assert_cmpstr (pomar_sync_item_get_name (bad), ==, "Bad");
  g_assert_cmpint (pomar_sync_item_get_state (acme), ==, POMAR_SYNC_ITEM_DONE);
  g_assert_cmpint (pomar_sync_item_get_state (bad), ==, POMAR_SYNC_ITEM_FAILED);
  g_assert_true (pomar_sync_item_get_needs_token (bad));
  g_assert_nonnull (pomar_sync_item_get_message (bad));
  g_assert_null (pomar_sync_item_get_last_synced (bad));
  g_assert_cmpuint (pomar_sync_controller_get_n_failures (fixture->controller), ==, 1);
}

/* Asking during a sync queues one more, after it; never two at once. */
static void
test_one_at_a_time (Fixture       *fixture,
                    gconstpointer  user_data)
{
  add_connection (fixture, "Acme", TOKEN);

  pomar_sync_controller_sync (fixture->controller);
  pomar_sync_controller_sync (fixture->controller);
  pomar_sync_controller_sync (fixture->controller);
  run_until (&fixture->n_finished, 2, 120);
  run_for (500);

  g_assert_cmpuint (fixture->n_finished, ==, 2);
  g_assert_false (fixture->overlapped);
  /* The second had nothing new to store. */
  g_assert_false (fixture->last_stored);
}

/* Start: a reading, then a sync (automatic syncs are on), then one every
 * interval; 0 turns them off at once, and start does not sync then. */
static void
test_interval (Fixture       *fixture,
               gconstpointer  user_data)
{
  GSettings *settings = pomar_context_get_settings (fixture->context);
  guint n;

  add_connection (fixture, "Acme", TOKEN);
  /* A minute lasts a second here. */
  pomar_sync_controller_set_minute_seconds (fixture->controller, 1);
  g_settings_set_uint (settings, "sync-interval-minutes", 1);

  pomar_sync_controller_start (fixture->controller);
  run_until (&fixture->n_finished, 1, 120);
  run_until (&fixture->n_finished, 3, 30);

  g_settings_set_uint (settings, "sync-interval-minutes", 0);
  g_assert_cmpuint (pomar_sync_controller_get_interval_minutes (fixture->controller), ==, 0);
  /* A sync under way may still end. */
  run_for (3000);
  n = fixture->n_finished;
  run_for (2500);
  g_assert_cmpuint (fixture->n_finished, ==, n);

  /* On again, live. */
  g_settings_set_uint (settings, "sync-interval-minutes", 2);
  run_until (&fixture->n_finished, n + 1, 30);
  g_assert_false (fixture->overlapped);
}

static void
test_start_without_automatic_syncs (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  add_connection (fixture, "Acme", TOKEN);
  g_settings_set_uint (pomar_context_get_settings (fixture->context), "sync-interval-minutes", 0);

  pomar_sync_controller_start (fixture->controller);
  run_for (2000);

  /* The connections are known (the button shows), but nothing synced. */
  g_assert_true (pomar_sync_controller_get_has_connections (fixture->controller));
  g_assert_cmpuint (fixture->n_finished, ==, 0);
  g_assert_cmpuint (total_requests (fixture), ==, 0);
}

static void
on_weak_notify (gpointer  user_data,
                GObject  *where_the_object_was)
{
  guint *finalized = user_data;

  (*finalized)++;
}

/* Stopping (the window closes) cancels a sync that waits on a slow server
 * at once, and the controller goes when its worker is done. */
static void
test_stop (Fixture       *fixture,
           gconstpointer  user_data)
{
  guint finalized = 0;
  gint64 stopped;

  add_connection (fixture, "Acme", TOKEN);
  fixture_server_set_delay (fixture->server, 20000);
  fixture_server_inject (fixture->server, POMAR_COLLECTION_CONTACTS, 0, FIXTURE_FAULT_SLOW);

  pomar_sync_controller_sync (fixture->controller);
  /* Accounts come; contacts hang. */
  for (guint i = 0;
       fixture_server_get_requests (fixture->server, POMAR_COLLECTION_CONTACTS) == 0;
       i++)
    {
      g_assert_cmpuint (i, <, 600);
      run_for (100);
    }
  g_assert_true (pomar_sync_controller_get_syncing (fixture->controller));

  g_object_weak_ref (G_OBJECT (fixture->controller), on_weak_notify, &finalized);
  stopped = g_get_monotonic_time ();
  pomar_sync_controller_stop (fixture->controller);
  g_clear_object (&fixture->controller);
  run_until (&finalized, 1, 10);
  g_test_message ("the sync ended %.2f s after the stop",
                  (g_get_monotonic_time () - stopped) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - stopped, <, 5 * G_USEC_PER_SEC);
  /* No signal after the stop. */
  g_assert_cmpuint (fixture->n_finished, ==, 0);
}

static void
test_words (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
  g_autoptr (GDateTime) seconds_ago = g_date_time_add_seconds (now, -30);
  g_autoptr (GDateTime) minutes_ago = g_date_time_add_minutes (now, -5);
  g_autoptr (GDateTime) hours_ago = g_date_time_add_hours (now, -3);
  g_autoptr (GDateTime) days_ago = g_date_time_add_days (now, -2);
  struct
  {
    GDateTime  *when;
    const char *last_synced;
    const char *synced;
  } cases[] = {
    { NULL, "Never synced", "Not synced yet" },
    { seconds_ago, "Last synced just now", "Synced just now" },
    { minutes_ago, "Last synced 5 minutes ago", "Synced 5 minutes ago" },
    { hours_ago, "Last synced 3 hours ago", "Synced 3 hours ago" },
    { days_ago, "Last synced 2 days ago", "Synced 2 days ago" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *last_synced = pomar_sync_format_last_synced (cases[i].when, now);
      g_autofree char *synced = pomar_sync_format_synced (cases[i].when, now);

      g_assert_cmpstr (last_synced, ==, cases[i].last_synced);
      g_assert_cmpstr (synced, ==, cases[i].synced);
    }
}


/* Runs the main loop until @check (fixture) holds, or fails after @seconds. */
static void
run_until_true (gboolean (*check) (Fixture *fixture),
                Fixture   *fixture,
                guint      seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, on_timeout, &timed_out);

  while (!check (fixture) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static gboolean
is_offline_with_one_waiting (Fixture *fixture)
{
  return !pomar_sync_controller_get_online (fixture->controller)
         && pomar_sync_controller_get_n_waiting (fixture->controller) == 1;
}

static gboolean
is_online_with_nothing_waiting (Fixture *fixture)
{
  return pomar_sync_controller_get_online (fixture->controller)
         && pomar_sync_controller_get_n_waiting (fixture->controller) == 0
         && fixture_server_get_writes (fixture->server) > 0;
}

static void
on_note_added (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  guint *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (pomar_context_add_note_finish (POMAR_CONTEXT (source), result, NULL, &error));
  g_assert_no_error (error);
  (*done)++;
}

/* The server goes away after a first sync. A note made then is kept and
 * counted, the controller says it is offline (and the timer's syncs
 * wait); when the server listens again, the controller notices by itself
 * and the note reaches the server once. */
static void
offline_resume (Fixture  *fixture,
                gboolean  automatic)
{
  PomarReachability *reachability = pomar_sync_controller_get_reachability (fixture->controller);
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autofree char *account_id = NULL;
  guint finished_before;
  guint notes = 0;

  pomar_reachability_set_timing (reachability, 20, 200, 400, 1000);
  if (!automatic)
    g_settings_set_uint (pomar_context_get_settings (fixture->context), "sync-interval-minutes", 0);
  add_connection (fixture, "Acme", TOKEN);
  pomar_sync_controller_start (fixture->controller);
  if (!automatic)
    pomar_sync_controller_sync (fixture->controller);
  run_until (&fixture->n_finished, 1, 120);
  g_assert_true (pomar_sync_controller_get_online (fixture->controller));
  g_assert_cmpuint (pomar_sync_controller_get_n_waiting (fixture->controller), ==, 0);

  reader = pomar_store_reader_new (pomar_context_get_store (fixture->context), &error);
  accounts = pomar_store_reader_list_account_summaries (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, >, 0);
  account_id = g_strdup (((PomarAccountSummary *) g_ptr_array_index (accounts, 0))->account.id);

  /* Down: the note's push cannot connect, a probe confirms it. */
  fixture_server_set_listening (fixture->server, FALSE);
  pomar_context_add_note_async (fixture->context, account_id, "note", "Offline in the meeting room",
                                NULL, on_note_added, &notes);
  run_until (&notes, 1, 10);
  run_until_true (is_offline_with_one_waiting, fixture, 60);
  g_assert_cmpuint (fixture_server_get_writes (fixture->server), ==, 0);

  /* Offline, the banner says so, with the change waiting. */
  {
    g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *text = pomar_sync_banner_offline_text (pomar_sync_controller_get_last_synced (fixture->controller),
                                                            now, pomar_sync_controller_get_n_waiting (fixture->controller));

    g_assert_nonnull (strstr (text, "Offline"));
    g_assert_nonnull (strstr (text, "Last synced just now"));
    g_assert_nonnull (strstr (text, "1 change made here waits"));
  }

  /* Back: found by a later probe, with nothing asked of the controller.
   * With automatic syncs, a sync (which pushes first); without, only the
   * push. */
  finished_before = fixture->n_finished;
  fixture_server_set_listening (fixture->server, TRUE);
  run_until_true (is_online_with_nothing_waiting, fixture, 60);
  if (automatic)
    run_until (&fixture->n_finished, finished_before + 1, 60);
  else
    {
      run_for (500);
      g_assert_cmpuint (fixture->n_finished, ==, finished_before);
    }
  g_assert_cmpuint (fixture_server_get_writes (fixture->server), ==, 1);
}

static void
test_offline_resume (Fixture       *fixture,
                     gconstpointer  user_data)
{
  offline_resume (fixture, TRUE);
}

static void
test_offline_resume_manual (Fixture       *fixture,
                            gconstpointer  user_data)
{
  offline_resume (fixture, FALSE);
}

int
main (int    argc,
      char **argv)
{
  /* The words are checked in English. */
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-controller/words", test_words);
  g_test_add ("/sync-controller/sync", Fixture, GUINT_TO_POINTER (30),
              fixture_setup, test_sync, fixture_teardown);
  g_test_add ("/sync-controller/refused", Fixture, NULL,
              fixture_setup, test_refused, fixture_teardown);
  g_test_add ("/sync-controller/one-at-a-time", Fixture, NULL,
              fixture_setup, test_one_at_a_time, fixture_teardown);
  g_test_add ("/sync-controller/interval", Fixture, GUINT_TO_POINTER (5),
              fixture_setup, test_interval, fixture_teardown);
  g_test_add ("/sync-controller/start-without-automatic-syncs", Fixture, NULL,
              fixture_setup, test_start_without_automatic_syncs, fixture_teardown);
  g_test_add ("/sync-controller/stop", Fixture, NULL,
              fixture_setup, test_stop, fixture_teardown);
  g_test_add ("/sync-controller/offline-resume", Fixture, GUINT_TO_POINTER (5),
              fixture_setup, test_offline_resume, fixture_teardown);
  g_test_add ("/sync-controller/offline-resume-manual", Fixture, GUINT_TO_POINTER (5),
              fixture_setup, test_offline_resume_manual, fixture_teardown);

  return g_test_run ();
}
