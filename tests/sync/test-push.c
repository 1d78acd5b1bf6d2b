/* test-push.c: local changes sent to the fixture server (pomar-push.c).
 *
 * Each case syncs a demo book from the fixture, makes changes here as the
 * app does (a stage move, a note), pushes, and checks the server: every
 * change there exactly once (the fixture counts how often each key's work
 * was done), the outbox empty, and after a sync the cache equal to the
 * server's truth. Then the ways a push goes wrong: the connection dropped
 * after the server applied a write, a server down, a server that asks
 * Pomar to slow down (429) for a while or for too long, a stage moved
 * elsewhere on the server (a conflict that holds the account's later
 * changes), moved the same way, changed otherwise, an account deleted
 * there, a refused token. Nothing local may be lost in any of them.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "core/pomar-error.h"
#include "store/pomar-store.h"
#include "sync/pomar-push.h"
#include "sync/pomar-sync-engine.h"
#include "fixture-server.h"
#include "store-test-util.h"
#include "sync-test-util.h"

#define TOKEN "fixture-token-1234"

typedef struct
{
  char               *tmp_dir;
  PomarStore         *store;
  FixtureServer      *server;
  PomarConnectionInfo info;
  char               *account;     /* an account of the book, and its stage */
  char               *stage;
  char               *other_stage; /* a stage it is not in */
  char               *third_stage; /* neither */
} Fixture;

static const char * const stages[] = { "onboarding", "engagement", "nurture", "inspire" };

static void
sync_once (Fixture *f)
{
  g_auto (PomarSyncResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  PomarSyncOptions options;

  sync_test_fast_options (&options);
  g_assert_true (pomar_sync_connection (f->store, &f->info, TOKEN, &options, &result, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
push (Fixture         *f,
      const char      *token,
      PomarPushResult *result,
      GError         **error)
{
  PomarSyncOptions options;

  sync_test_fast_options (&options);
  options.retry.max_attempts = 3;
  return pomar_push_connection (f->store, &f->info, token, &options.retry, options.timeout_seconds,
                                result, NULL, error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = NULL;
  GDate today;

  f->tmp_dir = g_dir_make_tmp ("pomar-push-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (f->tmp_dir, "data", NULL);
  f->store = pomar_store_open (data_dir, &error);
  g_assert_no_error (error);

  f->server = fixture_server_new (TOKEN);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);
  fixture_server_load_demo (f->server, 12, 7, &today);

  f->info.name = g_strdup ("fixture");
  f->info.provider = g_strdup ("pomar");
  f->info.base_url = g_strdup (fixture_server_get_url (f->server));
  sync_once (f);

  /* The first account with a known stage. */
  {
    g_autoptr (PomarStoreReader) reader = pomar_store_reader_new (f->store, &error);
    g_autoptr (GPtrArray) summaries = pomar_store_reader_list_account_summaries (reader, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < summaries->len && f->account == NULL; i++)
      {
        const PomarAccountSummary *summary = g_ptr_array_index (summaries, i);

        if (summary->account.stage != NULL && !g_str_equal (summary->account.stage, "churned"))
          {
            f->account = g_strdup (summary->account.id);
            f->stage = g_strdup (summary->account.stage);
          }
      }
    g_assert_nonnull (f->account);
    for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
      if (!g_str_equal (stages[i], f->stage))
        {
          if (f->other_stage == NULL)
            f->other_stage = g_strdup (stages[i]);
          else if (f->third_stage == NULL)
            f->third_stage = g_strdup (stages[i]);
        }
  }
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
  g_free (f->account);
  g_free (f->stage);
  g_free (f->other_stage);
  g_free (f->third_stage);
  store_test_remove_tree (f->tmp_dir);
  g_free (f->tmp_dir);
}

/* Local changes, as the app makes them ------------------------------------ */

typedef struct
{
  const char *account_id;
  const char *stage;
  const char *text;
  char       *activity_id;
} Change;

static gboolean
write_move (PomarStoreWriter  *writer,
            gpointer           user_data,
            GCancellable      *cancellable,
            GError           **error)
{
  Change *change = user_data;

  return pomar_store_writer_move_stage (writer, change->account_id, change->stage, "ana@example.com",
                                        NULL, &change->activity_id, error);
}

static gboolean
write_note (PomarStoreWriter  *writer,
            gpointer           user_data,
            GCancellable      *cancellable,
            GError           **error)
{
  Change *change = user_data;

  return pomar_store_writer_add_local_activity (writer, change->account_id, "note", change->text,
                                                "ana@example.com", &change->activity_id, error);
}

/* The key of the move is its activity's id (pomar_store_writer_move_stage). */
static char *
move_stage (Fixture    *f,
            const char *stage)
{
  g_autoptr (GError) error = NULL;
  Change change = { f->account, stage, NULL, NULL };

  g_assert_true (pomar_store_write_sync (f->store, write_move, &change, NULL, &error));
  g_assert_no_error (error);
  return change.activity_id;
}

static char *
add_note (Fixture    *f,
          const char *text)
{
  g_autoptr (GError) error = NULL;
  Change change = { f->account, NULL, text, NULL };

  g_assert_true (pomar_store_write_sync (f->store, write_note, &change, NULL, &error));
  g_assert_no_error (error);
  return change.activity_id;
}

static GPtrArray *
outbox (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = pomar_store_reader_new (f->store, &error);
  GPtrArray *entries = pomar_store_reader_list_outbox (reader, &error);

  g_assert_no_error (error);
  return entries;
}

static char *
local_stage (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = pomar_store_reader_new (f->store, &error);
  g_autoptr (PomarAccountSummary) summary = pomar_store_reader_get_account_summary (reader, f->account, &error);

  g_assert_no_error (error);
  return g_strdup (summary->account.stage);
}

static void
assert_server_stage (Fixture    *f,
                     const char *stage)
{
  g_autofree char *server_stage = fixture_server_get_string (f->server, POMAR_COLLECTION_ACCOUNTS,
                                                             f->account, "stage");

  g_assert_cmpstr (server_stage, ==, stage);
}

static void
assert_matches (Fixture *f)
{
  g_autofree char *diff = NULL;

  if (!fixture_server_matches_store (f->server, f->store, &diff))
    g_error ("the cache differs from the server: %s", diff);
}

/* Someone else moves the account on the server, through its API. */
static void
server_move (Fixture    *f,
             const char *stage)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("%s/v1/accounts/%s", fixture_server_get_url (f->server), f->account);
  g_autofree char *if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                                               fixture_server_get_version (f->server, POMAR_COLLECTION_ACCOUNTS,
                                                                           f->account));
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf ("{\"stage\": \"%s\"}", stage);
  g_autoptr (SoupMessage) message = soup_message_new ("PATCH", uri);
  g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_replace (headers, "Authorization", "Bearer " TOKEN);
  soup_message_headers_replace (headers, "Idempotency-Key", key);
  soup_message_headers_replace (headers, "If-Match", if_match);
  soup_message_set_request_body_from_bytes (message, "application/json", request);
  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
}

/* Cases ------------------------------------------------------------------------ */

static void
test_sent_once (Fixture       *f,
                gconstpointer  user_data)
{
  g_auto (PomarPushResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *move_key = move_stage (f, f->other_stage);
  g_autofree char *note_key = add_note (f, "Kick-off done; champion is Beatriz.");
  gint64 version = fixture_server_get_version (f->server, POMAR_COLLECTION_ACCOUNTS, f->account);
  guint activities = fixture_server_count (f->server, POMAR_COLLECTION_ACTIVITIES);

  g_assert_true (push (f, TOKEN, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.sent, ==, 2);
  g_assert_cmpuint (result.conflicts + result.gone + result.held, ==, 0);

  assert_server_stage (f, f->other_stage);
  g_assert_cmpint (fixture_server_get_version (f->server, POMAR_COLLECTION_ACCOUNTS, f->account), ==, version + 1);
  g_assert_cmpuint (fixture_server_get_applied (f->server, move_key), ==, 1);
  g_assert_cmpuint (fixture_server_get_applied (f->server, note_key), ==, 1);
  /* The note, and the move's stage_change activity. */
  g_assert_cmpuint (fixture_server_count (f->server, POMAR_COLLECTION_ACTIVITIES), ==, activities + 2);
  entries = outbox (f);
  g_assert_cmpuint (entries->len, ==, 0);

  /* Nothing left to send: a second push sends nothing. */
  pomar_push_result_clear (&result);
  g_assert_true (push (f, TOKEN, &result, &error));
  g_assert_cmpuint (result.sent, ==, 0);
  g_assert_cmpuint (fixture_server_get_applied (f->server, move_key), ==, 1);

  sync_once (f);
  assert_matches (f);
}

/* The server applies the write, then the connection drops: the retry sends
 * the same key and gets the first answer back. */
static void
test_dropped_after_apply (Fixture       *f,
                          gconstpointer  user_data)
{
  g_auto (PomarPushResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *move_key = move_stage (f, f->other_stage);
  g_autofree char *note_key = add_note (f, "Renewal call booked.");
  guint writes = fixture_server_get_writes (f->server);

  fixture_server_inject_write (f->server, 1, FIXTURE_FAULT_DROP_AFTER_APPLY);
  fixture_server_inject_write (f->server, 3, FIXTURE_FAULT_DROP_AFTER_APPLY);
  g_assert_true (push (f, TOKEN, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.sent, ==, 2);
  g_assert_cmpuint (fixture_server_get_writes (f->server), >, writes + 3);
  g_assert_cmpuint (fixture_server_get_applied (f->server, move_key), ==, 1);
  g_assert_cmpuint (fixture_server_get_applied (f->server, note_key), ==, 1);
  assert_server_stage (f, f->other_stage);
  entries = outbox (f);
  g_assert_cmpuint (entries->len, ==, 0);

  sync_once (f);
  assert_matches (f);
}

/* A server that answers 503 to every write: the changes stay, counted and
 * explained, and go once it is back. */
static void
test_server_down (Fixture       *f,
                  gconstpointer  user_data)
{
  g_auto (PomarPushResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *move_key = move_stage (f, f->other_stage);
  g_autofree char *note_key = add_note (f, "Asked for a roadmap session.");
  g_autofree char *stage = NULL;

  fixture_server_inject_write (f->server, 0, FIXTURE_FAULT_503);
  g_assert_false (push (f, TOKEN, &result, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpuint (result.sent, ==, 0);
  g_assert_cmpuint (fixture_server_get_applied (f->server, move_key), ==, 0);

  entries = outbox (f);
  g_assert_cmpuint (entries->len, ==, 2);
  {
    const PomarOutboxEntry *first = g_ptr_array_index (entries, 0);

    g_assert_cmpstr (first->state, ==, "pending");
    g_assert_cmpint (first->attempts, ==, 1);
    g_assert_nonnull (first->last_error);
  }
  /* Shown here all along, even after a sync brings the server's copy. */
  sync_once (f);
  stage = local_stage (f);
  g_assert_cmpstr (stage, ==, f->other_stage);

  fixture_server_clear_faults (f->server);
  pomar_push_result_clear (&result);
  g_assert_true (push (f, TOKEN, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.sent, ==, 2);
  g_assert_cmpuint (fixture_server_get_applied (f->server, move_key), ==, 1);
  g_assert_cmpuint (fixture_server_get_applied (f->server, note_key), ==, 1);
  sync_once (f);
  assert_matches (f);
}

/* The outbox as seq and key, in its order, to compare before and after. */
static char *
outbox_order (Fixture *f)
{
  g_autoptr (GPtrArray) entries = outbox (f);
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      const PomarOutboxEntry *entry = g_ptr_array_index (entries, i);

      g_string_append_printf (text, "%" G_GINT64_FORMAT " %s\n", entry->seq, entry->idempotency_key);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The server asks Pomar to slow down (429) on the first tries of two
 * writes: the push waits as long as Retry-After says (one second each
 * here, where its own backoff would wait milliseconds), sends the same
 * request again, and every change lands once, in the outbox's order. */
static void
test_rate_limited (Fixture       *f,
                   gconstpointer  user_data)
{
  g_auto (PomarPushResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *move_key = move_stage (f, f->other_stage);
  g_autofree char *activity_key = pomar_push_derive_key (move_key);
  g_autofree char *first_key = add_note (f, "Asked about the API limits.");
  g_autofree char *second_key = add_note (f, "They will batch their imports.");
  guint writes = fixture_server_get_writes (f->server);
  gint64 start;

  /* Writes in order: the PATCH (429, then 200), the move's activity (429,
   * 429 without Retry-After, then 201), the two notes. */
  fixture_server_inject_write (f->server, 1, FIXTURE_FAULT_429);
  fixture_server_inject_write (f->server, 3, FIXTURE_FAULT_429);
  fixture_server_inject_write (f->server, 4, FIXTURE_FAULT_429_NO_RETRY_AFTER);
  start = g_get_monotonic_time ();
  g_assert_true (push (f, TOKEN, &result, &error));
  g_assert_no_error (error);
  /* Two waits of Retry-After: 1; the backoff alone is tens of ms. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC - 50000);

  g_assert_cmpuint (result.sent, ==, 3);
  g_assert_cmpuint (result.conflicts + result.gone + result.held, ==, 0);
  g_assert_cmpuint (fixture_server_get_writes (f->server), ==, writes + 7);
  g_assert_cmpuint (fixture_server_get_applied (f->server, move_key), ==, 1);
  g_assert_cmpuint (fixture_server_get_applied (f->server, activity_key), ==, 1);
  g_assert_cmpuint (fixture_server_get_applied (f->server, first_key), ==, 1);
  g_assert_cmpuint (fixture_server_get_applied (f->server, second_key), ==, 1);
  assert_server_stage (f, f->other_stage);
  entries = outbox (f);
  g_assert_cmpuint (entries->len, ==, 0);

  sync_once (f);
  assert_matches (f);
}

/* A 429 that outlasts every try: nothing is done on the server, the push
 * stops there, and the outbox keeps all three changes in their order, the
 * first one saying why it is still waiting. Once the server lets Pomar in,
 * each goes once. */
static void
test_rate_limited_too_long (Fixture       *f,
                            gconstpointer  user_data)
{
  g_auto (PomarPushResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *move_key = move_stage (f, f->other_stage);
  g_autofree char *first_key = add_note (f, "Asked about the API limits.");
  g_autofree char *second_key = add_note (f, "They will batch their imports.");
  g_autofree char *before = outbox_order (f);
  g_autofree char *after = NULL;
  guint writes = fixture_server_get_writes (f->server);

  fixture_server_inject_write (f->server, 0, FIXTURE_FAULT_429);
  g_assert_false (push (f, TOKEN, &result, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "limiting"));
  g_clear_error (&error);
  g_assert_cmpuint (result.sent, ==, 0);
  g_assert_cmpuint (result.held, ==, 3);
  /* The one request, tried as often as the policy allows, then no other. */
  g_assert_cmpuint (fixture_server_get_writes (f->server), ==, writes + 3);
  g_assert_cmpuint (fixture_server_get_applied (f->server, move_key), ==, 0);
  g_assert_cmpuint (fixture_server_get_applied (f->server, first_key), ==, 0);
  assert_server_stage (f, f->stage);

  after = outbox_order (f);
  g_assert_cmpstr (after, ==, before);
  entries = outbox (f);
  for (guint i = 0; i < entries->len; i++)
    {
      const PomarOutboxEntry *entry = g_ptr_array_index (entries, i);

      g_assert_cmpstr (entry->state, ==, "pending");
      g_assert_cmpint (entry->attempts, ==, i == 0 ? 1 : 0);
      if (i == 0)
        g_assert_nonnull (strstr (entry->last_error, "limiting"));
      else
        g_assert_null (entry->last_error);
    }

  fixture_server_clear_faults (f->server);
  pomar_push_result_clear (&result);
  g_assert_true (push (f, TOKEN, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.sent, ==, 3);
  g_assert_cmpuint (fixture_server_get_applied (f->server, move_key), ==, 1);
  g_assert_cmpuint (fixture_server_get_applied (f->server, first_key), ==, 1);
  g_assert_cmpuint (fixture_server_get_applied (f->server, second_key), ==, 1);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = outbox (f);
  g_assert_cmpuint (entries->len, ==, 0);
  sync_once (f);
  assert_matches (f);
}

/* Moved elsewhere on the server meanwhile: a conflict for the user, with
 * the server's account kept; the account's later note waits behind it;
 * the local stage stays the one moved to. */
static void
test_conflict (Fixture       *f,
               gconstpointer  user_data)
{
  g_auto (PomarPushResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *move_key = NULL;
  g_autofree char *note_key = NULL;
  g_autofree char *stage = NULL;
  const PomarOutboxEntry *entry;

  move_key = move_stage (f, f->other_stage);
  note_key = add_note (f, "Moved after the QBR.");
  server_move (f, f->third_stage);

  g_assert_true (push (f, TOKEN, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.conflicts, ==, 1);
  g_assert_cmpuint (result.held, ==, 1);
  g_assert_cmpuint (result.sent, ==, 0);
  assert_server_stage (f, f->third_stage);
  g_assert_cmpuint (fixture_server_get_applied (f->server, note_key), ==, 0);

  entries = outbox (f);
  g_assert_cmpuint (entries->len, ==, 2);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->state, ==, "conflict");
  g_assert_nonnull (entry->server_record);
  g_assert_nonnull (strstr (entry->server_record, f->third_stage));
  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (entry->state, ==, "pending");

  sync_once (f);
  stage = local_stage (f);
  g_assert_cmpstr (stage, ==, f->other_stage);

  /* A second push changes nothing: the user settles it. */
  pomar_push_result_clear (&result);
  g_assert_true (push (f, TOKEN, &result, &error));
  g_assert_cmpuint (result.sent, ==, 0);
  g_assert_cmpuint (result.held, ==, 1);
  g_assert_cmpuint (fixture_server_get_applied (f->server, move_key), ==, 0);
}

/* The server's account changed but not its stage (moved away and back):
 * the move goes again on the server's version. */
static void
test_stale_version (Fixture       *f,
                    gconstpointer  user_data)
{
  g_auto (PomarPushResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *move_key = move_stage (f, f->other_stage);

  server_move (f, f->third_stage);
  server_move (f, f->stage);

  g_assert_true (push (f, TOKEN, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.sent, ==, 1);
  g_assert_cmpuint (result.conflicts, ==, 0);
  assert_server_stage (f, f->other_stage);
  entries = outbox (f);
  g_assert_cmpuint (entries->len, ==, 0);
  sync_once (f);
  assert_matches (f);
}

/* Someone made the same move: settled, nothing sent twice. */
static void
test_same_move (Fixture       *f,
                gconstpointer  user_data)
{
  g_auto (PomarPushResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *move_key = move_stage (f, f->other_stage);
  gint64 version;

  server_move (f, f->other_stage);
  version = fixture_server_get_version (f->server, POMAR_COLLECTION_ACCOUNTS, f->account);
  g_assert_true (push (f, TOKEN, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.settled, ==, 1);
  g_assert_cmpint (fixture_server_get_version (f->server, POMAR_COLLECTION_ACCOUNTS, f->account), ==, version);
  entries = outbox (f);
  g_assert_cmpuint (entries->len, ==, 0);
  sync_once (f);
  assert_matches (f);
}

/* The account was deleted on the server: its changes are kept, marked. */
static void
test_gone (Fixture       *f,
           gconstpointer  user_data)
{
  g_auto (PomarPushResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *move_key = move_stage (f, f->other_stage);
  g_autofree char *note_key = add_note (f, "Sent the proposal.");

  fixture_server_delete (f->server, POMAR_COLLECTION_ACCOUNTS, f->account);
  g_assert_true (push (f, TOKEN, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.gone, ==, 1);
  g_assert_cmpuint (result.held, ==, 1);
  entries = outbox (f);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (((PomarOutboxEntry *) g_ptr_array_index (entries, 0))->state, ==, "gone");
}

/* A refused token: nothing sent, nothing lost. */
static void
test_refused_token (Fixture       *f,
                    gconstpointer  user_data)
{
  g_auto (PomarPushResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *move_key = move_stage (f, f->other_stage);

  g_assert_false (push (f, "wrong-token", &result, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_AUTH);
  g_assert_true (result.auth_failed);
  entries = outbox (f);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((PomarOutboxEntry *) g_ptr_array_index (entries, 0))->state, ==, "pending");
  g_assert_cmpuint (fixture_server_get_applied (f->server, move_key), ==, 0);
}


/* Settling a conflict: theirs drops the move (the account shows the
 * server's stage), mine sends it again over the server's; either way the
 * timeline says so, the held note goes, and the cache ends as the server. */
static void
settle_conflict (Fixture  *f,
                 gboolean  keep_mine)
{
  g_auto (PomarPushResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *move_key = move_stage (f, f->other_stage);
  g_autofree char *note_key = add_note (f, "Moved after the QBR.");
  g_autofree char *stage = NULL;
  guint activities;
  gint64 seq;

  server_move (f, f->third_stage);
  g_assert_true (push (f, TOKEN, &result, &error));
  g_assert_cmpuint (result.conflicts, ==, 1);
  entries = outbox (f);
  seq = ((PomarOutboxEntry *) g_ptr_array_index (entries, 0))->seq;

  /* Not a conflict: refused, nothing changes. */
  g_assert_false (pomar_push_resolve_conflict (f->store, seq + 1, keep_mine, "Ana", &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (pomar_push_resolve_conflict (f->store, seq, keep_mine, "Ana", &error));
  g_assert_no_error (error);
  stage = local_stage (f);
  g_assert_cmpstr (stage, ==, keep_mine ? f->other_stage : f->third_stage);

  activities = fixture_server_count (f->server, POMAR_COLLECTION_ACTIVITIES);
  pomar_push_result_clear (&result);
  g_assert_true (push (f, TOKEN, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.conflicts + result.held + result.gone, ==, 0);
  /* mine: the move, its activity, the note and the outcome; theirs: the two notes. */
  g_assert_cmpuint (fixture_server_count (f->server, POMAR_COLLECTION_ACTIVITIES), ==,
                    activities + (keep_mine ? 3 : 2));
  assert_server_stage (f, keep_mine ? f->other_stage : f->third_stage);
  g_assert_cmpuint (fixture_server_get_applied (f->server, note_key), ==, 1);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = outbox (f);
  g_assert_cmpuint (entries->len, ==, 0);

  sync_once (f);
  assert_matches (f);
}

static void
test_keep_mine (Fixture       *f,
                gconstpointer  user_data)
{
  settle_conflict (f, TRUE);
}

static void
test_take_theirs (Fixture       *f,
                  gconstpointer  user_data)
{
  settle_conflict (f, FALSE);
}


/* Killed with SIGKILL at random points of push and sync, 50 times: after
 * each restart the cache passes SQLite's integrity check; in the end every
 * change reached the server exactly once and the cache is the server's
 * truth. Writes are slowed so that kills land between a write's effect on
 * the server and its answer being stored. */
#define KILLS 50

static void
test_killed_again_and_again (Fixture       *f,
                             gconstpointer  user_data)
{
  const char *child_path = g_getenv ("POMAR_PUSH_CHILD");
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) summaries = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = g_strdup (pomar_store_get_data_dir (f->store));
  guint killed = 0;

  if (child_path == NULL)
    {
      g_test_skip ("POMAR_PUSH_CHILD is not set: run this test through meson");
      return;
    }

  /* Every account moves, and gets two notes. */
  reader = pomar_store_reader_new (f->store, &error);
  summaries = pomar_store_reader_list_account_summaries (reader, &error);
  g_assert_no_error (error);
  g_clear_pointer (&reader, pomar_store_reader_free);
  for (guint i = 0; i < summaries->len; i++)
    {
      const PomarAccountSummary *summary = g_ptr_array_index (summaries, i);
      const char *to = g_strcmp0 (summary->account.stage, "inspire") == 0 ? "nurture" : "inspire";
      Change move = { summary->account.id, to, NULL, NULL };
      Change first = { summary->account.id, NULL, "First call after the kick-off.", NULL };
      Change second = { summary->account.id, NULL, "Asked for the usage report.", NULL };

      g_assert_true (pomar_store_write_sync (f->store, write_move, &move, NULL, &error));
      g_assert_true (pomar_store_write_sync (f->store, write_note, &first, NULL, &error));
      g_assert_true (pomar_store_write_sync (f->store, write_note, &second, NULL, &error));
      g_assert_no_error (error);
      g_ptr_array_add (keys, move.activity_id);
      /* The move's activity goes under a key derived from the move's. */
      g_ptr_array_add (keys, pomar_push_derive_key (move.activity_id));
      g_ptr_array_add (keys, first.activity_id);
      g_ptr_array_add (keys, second.activity_id);
    }

  fixture_server_set_delay (f->server, 15);
  fixture_server_inject_write (f->server, 0, FIXTURE_FAULT_SLOW);
  g_clear_object (&f->store);

  while (killed < KILLS)
    {
      g_autoptr (GSubprocess) child = NULL;
      g_autoptr (PomarStore) store = NULL;
      g_autoptr (PomarStoreReader) check = NULL;
      g_autofree char *report = NULL;

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, child_path, data_dir,
                                fixture_server_get_url (f->server), TOKEN, NULL);
      g_assert_no_error (error);
      g_usleep (g_test_rand_int_range (0, 120000));
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, NULL);
      if (g_subprocess_get_if_signaled (child))
        killed++;

      store = pomar_store_open (data_dir, &error);
      g_assert_no_error (error);
      check = pomar_store_reader_new (store, &error);
      g_assert_no_error (error);
      g_assert_true (pomar_store_reader_check_integrity (check, &report, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (report, ==, "ok");
    }

  /* Left alone at last: everything goes. */
  fixture_server_clear_faults (f->server);
  f->store = pomar_store_open (data_dir, &error);
  g_assert_no_error (error);
  {
    g_auto (PomarPushResult) result = { 0 };
    g_autoptr (GPtrArray) entries = NULL;

    g_assert_true (push (f, TOKEN, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (result.conflicts + result.gone + result.held, ==, 0);
    entries = outbox (f);
    g_assert_cmpuint (entries->len, ==, 0);
  }
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      if (fixture_server_get_applied (f->server, key) != 1)
        g_error ("change %s was done %u times on the server", key, fixture_server_get_applied (f->server, key));
    }
  sync_once (f);
  assert_matches (f);
}

static void
test_derive_key (void)
{
  g_autofree char *a = pomar_push_derive_key ("3f1c0c1e-8a0e-4a4b-9f59-2b7f3f2a9d10");
  g_autofree char *b = pomar_push_derive_key ("3f1c0c1e-8a0e-4a4b-9f59-2b7f3f2a9d10");
  g_autofree char *c = pomar_push_derive_key ("3f1c0c1e-8a0e-4a4b-9f59-2b7f3f2a9d10@4");

  g_assert_true (g_uuid_string_is_valid (a));
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpint (a[14], ==, '5');
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/push/derive-key", test_derive_key);
#define ADD(path, func) g_test_add ("/push/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("sent-once", test_sent_once);
  ADD ("dropped-after-apply", test_dropped_after_apply);
  ADD ("server-down", test_server_down);
  ADD ("rate-limited", test_rate_limited);
  ADD ("rate-limited-too-long", test_rate_limited_too_long);
  ADD ("conflict", test_conflict);
  ADD ("stale-version", test_stale_version);
  ADD ("same-move", test_same_move);
  ADD ("keep-mine", test_keep_mine);
  ADD ("take-theirs", test_take_theirs);
  ADD ("gone", test_gone);
  ADD ("refused-token", test_refused_token);
  ADD ("killed-again-and-again", test_killed_again_and_again);
#undef ADD

  return g_test_run ();
}
