/* test-stage-move.c: a stage move made in Pomar (domain.md, Offline).
 *
 * pomar_store_writer_move_stage writes, in one transaction, a stage_change
 * activity with a client-made id, the account's stage, its stage history
 * and an outbox entry; the commit derives the account's figures again and
 * starts the playbook of the stage entered. Undoing is a second move, so
 * the history keeps both. The account summaries the board reads carry the
 * playbook progress and the suggestion. "Today" is pinned.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "core/pomar-error.h"
#include "store-test-util.h"

#define TODAY "2026-11-23"

typedef struct
{
  char       *tmp_dir;
  char       *data_dir;
  PomarStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarPlaybookCatalog) catalog = NULL;
  g_autofree char *no_team = NULL;

  g_setenv ("POMAR_TODAY", TODAY, TRUE);
  f->tmp_dir = g_dir_make_tmp ("pomar-stage-move-XXXXXX", &error);
  g_assert_no_error (error);
  f->data_dir = g_build_filename (f->tmp_dir, "data", NULL);
  f->store = pomar_store_open (f->data_dir, &error);
  g_assert_no_error (error);

  no_team = g_build_filename (f->tmp_dir, "playbooks", NULL);
  catalog = pomar_playbook_catalog_load (no_team, NULL);
  pomar_store_set_playbook_catalog (f->store, catalog);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_clear_object (&f->store);
  store_test_remove_tree (f->tmp_dir);
  g_free (f->data_dir);
  g_free (f->tmp_dir);
}

static PomarStoreReader *
new_reader (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  PomarStoreReader *reader = pomar_store_reader_new (f->store, &error);

  g_assert_no_error (error);
  return reader;
}

/* One text or integer from the cache, read over a connection of its own. */
static char *
direct_text (Fixture    *f,
             const char *sql)
{
  return store_test_query_text (f->data_dir, sql);
}

static gint64
direct_int (Fixture    *f,
            const char *sql)
{
  return store_test_query_int (f->data_dir, sql);
}

typedef struct
{
  const char *account_id;
  const char *to_stage;
  const char *author;
  const char *occurred_at;
  char       *activity_id;
} Move;

static gboolean
write_move (PomarStoreWriter  *writer,
            gpointer           user_data,
            GCancellable      *cancellable,
            GError           **error)
{
  Move *move = user_data;

  return pomar_store_writer_move_stage (writer, move->account_id, move->to_stage, move->author,
                                        move->occurred_at, &move->activity_id, error);
}

/* Moves @account_id to @to_stage; returns the activity's id. */
static char *
move_stage (Fixture    *f,
            const char *account_id,
            const char *to_stage,
            const char *occurred_at)
{
  g_autoptr (GError) error = NULL;
  Move move = { account_id, to_stage, "ana@example.com", occurred_at, NULL };

  g_assert_true (pomar_store_write_sync (f->store, write_move, &move, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (move.activity_id);
  return move.activity_id;
}

static gboolean
write_accounts (PomarStoreWriter  *writer,
                gpointer           user_data,
                GCancellable      *cancellable,
                GError           **error)
{
  GPtrArray *accounts = user_data;

  for (guint i = 0; i < accounts->len; i++)
    if (!pomar_store_writer_upsert_account (writer, g_ptr_array_index (accounts, i), NULL, error))
      return FALSE;
  return TRUE;
}

static void
put_account (Fixture    *f,
             const char *id,
             gint64      version,
             const char *stage)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_account_free);

  g_ptr_array_add (accounts, store_test_account (id, version, "Acme Ltda", stage, 120000, "BRL"));
  g_assert_true (pomar_store_write_sync (f->store, write_accounts, accounts, NULL, &error));
  g_assert_no_error (error);
}

static PomarAccountSummary *
get_summary (Fixture    *f,
             const char *id)
{
  g_autoptr (PomarStoreReader) reader = new_reader (f);
  g_autoptr (GError) error = NULL;
  PomarAccountSummary *summary = pomar_store_reader_get_account_summary (reader, id, &error);

  g_assert_no_error (error);
  return summary;
}

static void
assert_json_member (JsonObject *object,
                    const char *member,
                    const char *expected)
{
  g_assert_true (json_object_has_member (object, member));
  if (expected == NULL)
    g_assert_true (json_object_get_null_member (object, member));
  else
    g_assert_cmpstr (json_object_get_string_member (object, member), ==, expected);
}

/* Tests ---------------------------------------------------------------------- */

static void
test_move (Fixture       *f,
           gconstpointer  user_data)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) history = NULL;
  g_autoptr (GPtrArray) activities = NULL;
  g_autoptr (PomarAccountSummary) summary = NULL;
  g_autofree char *activity_id = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *stored_stage = NULL;
  PomarStageChange *change;
  PomarActivity *activity;
  JsonObject *object;
  PomarStoreCounts counts;

  put_account (f, "acc_1", 7, "onboarding");
  activity_id = move_stage (f, "acc_1", "engagement", NULL);
  g_assert_true (g_uuid_string_is_valid (activity_id));

  /* The account's stage. */
  stored_stage = direct_text (f, "SELECT stage FROM accounts WHERE id = 'acc_1'");
  g_assert_cmpstr (stored_stage, ==, "engagement");
  g_assert_cmpint (direct_int (f, "SELECT version FROM accounts WHERE id = 'acc_1'"), ==, 7);

  /* The activity, as the contract writes a stage change. */
  reader = new_reader (f);
  activities = pomar_store_reader_list_activities (reader, "acc_1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (activities->len, ==, 1);
  activity = g_ptr_array_index (activities, 0);
  g_assert_cmpstr (activity->id, ==, activity_id);
  g_assert_cmpstr (activity->kind, ==, "stage_change");
  g_assert_cmpstr (activity->author, ==, "ana@example.com");
  g_assert_true (g_str_has_prefix (activity->occurred_at, TODAY "T"));
  g_assert_true (json_parser_load_from_data (parser, activity->body, -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (object), ==, 2);
  assert_json_member (object, "from", "onboarding");
  assert_json_member (object, "to", "engagement");

  /* The stage history. */
  history = pomar_store_reader_list_stage_history (reader, "acc_1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  change = g_ptr_array_index (history, 0);
  g_assert_cmpstr (change->activity_id, ==, activity_id);
  g_assert_cmpstr (change->from_stage, ==, "onboarding");
  g_assert_cmpstr (change->to_stage, ==, "engagement");

  /* The outbox entry: keyed by the activity, based on the account's version. */
  g_assert_true (pomar_store_reader_get_counts (reader, &counts, &error));
  g_assert_cmpint (counts.outbox, ==, 1);
  sql = g_strdup_printf ("SELECT payload FROM outbox WHERE idempotency_key = '%s'"
                         " AND account_id = 'acc_1' AND kind = 'stage_move'"
                         " AND base_version = 7 AND state = 'pending' AND created_at IS NOT NULL",
                         activity_id);
  payload = direct_text (f, sql);
  g_assert_nonnull (payload);
  g_assert_true (json_parser_load_from_data (parser, payload, -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  assert_json_member (object, "account_id", "acc_1");
  assert_json_member (object, "from", "onboarding");
  assert_json_member (object, "to", "engagement");
  assert_json_member (object, "activity_id", activity_id);

  /* The commit derived the account again: it entered its stage today, and
   * the stage's playbook started, which the summary counts. */
  summary = get_summary (f, "acc_1");
  g_assert_cmpstr (summary->account.stage, ==, "engagement");
  g_assert_true (summary->figures.computed);
  g_assert_cmpuint (summary->figures.stage_entered_on, ==, pomar_day_parse (TODAY));
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM playbook_instances WHERE account_id = 'acc_1'"
                                  " AND \"trigger\" = 'stage:engagement' AND status = 'open'"), ==, 1);
  g_assert_cmpint (summary->playbook_tasks, ==,
                   direct_int (f, "SELECT count(*) FROM playbook_tasks AS t"
                                  " JOIN playbook_instances AS i ON i.id = t.instance_id"
                                  " WHERE i.account_id = 'acc_1' AND i.status = 'open'"));
  g_assert_cmpint (summary->playbook_tasks, >, 0);
  g_assert_cmpint (summary->playbook_tasks_finished, ==, 0);
}

/* Two moves, then an undo (a third move, back): every one is kept. */
static void
test_moves_and_undo (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) history = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *undo = NULL;
  g_autofree char *stage = NULL;
  static const char *const expected[][2] = {
    { "onboarding", "engagement" },
    { "engagement", "nurture" },
    { "nurture", "engagement" },
  };

  put_account (f, "acc_1", 3, "onboarding");
  first = move_stage (f, "acc_1", "engagement", "2026-11-20T10:00:00Z");
  second = move_stage (f, "acc_1", "nurture", "2026-11-21T10:00:00Z");
  undo = move_stage (f, "acc_1", "engagement", "2026-11-21T10:00:05Z");
  g_assert_cmpstr (first, !=, second);
  g_assert_cmpstr (second, !=, undo);

  stage = direct_text (f, "SELECT stage FROM accounts WHERE id = 'acc_1'");
  g_assert_cmpstr (stage, ==, "engagement");

  reader = new_reader (f);
  history = pomar_store_reader_list_stage_history (reader, "acc_1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < history->len; i++)
    {
      PomarStageChange *change = g_ptr_array_index (history, i);

      g_assert_cmpstr (change->from_stage, ==, expected[i][0]);
      g_assert_cmpstr (change->to_stage, ==, expected[i][1]);
    }

  /* Three changes to send, in order, each based on the server's version. */
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM outbox WHERE kind = 'stage_move'"
                                  " AND base_version = 3"), ==, 3);
  g_clear_pointer (&stage, g_free);
  stage = direct_text (f, "SELECT json_extract (payload, '$.to') FROM outbox ORDER BY seq DESC LIMIT 1");
  g_assert_cmpstr (stage, ==, "engagement");
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM activities WHERE kind = 'stage_change'"), ==, 3);

  /* Back in engagement: the day it entered it again counts; the engagement
   * playbook opened by the first move is not started twice. */
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM playbook_instances WHERE account_id = 'acc_1'"
                                  " AND \"trigger\" = 'stage:engagement' AND status = 'open'"), ==, 1);
}

static void
test_refused (Fixture       *f,
              gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  PomarStoreCounts counts;
  g_autoptr (PomarStoreReader) reader = NULL;
  Move unknown_stage = { "acc_1", "orbit", NULL, NULL, NULL };
  Move same_stage = { "acc_1", "onboarding", NULL, NULL, NULL };
  Move no_account = { "acc_404", "nurture", NULL, NULL, NULL };

  put_account (f, "acc_1", 1, "onboarding");

  g_assert_false (pomar_store_write_sync (f->store, write_move, &unknown_stage, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pomar_store_write_sync (f->store, write_move, &same_stage, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pomar_store_write_sync (f->store, write_move, &no_account, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND);
  g_clear_error (&error);

  reader = new_reader (f);
  g_assert_true (pomar_store_reader_get_counts (reader, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts.outbox, ==, 0);
  g_assert_cmpint (counts.stage_changes, ==, 0);
  g_assert_cmpint (counts.collections[POMAR_COLLECTION_ACTIVITIES], ==, 0);
}

/* A sync that brings the account again, with the server's old stage, does
 * not undo a move that is still waiting to be sent. */
static void
test_sync_keeps_pending_move (Fixture       *f,
                              gconstpointer  user_data)
{
  g_autofree char *activity_id = NULL;
  g_autofree char *stage = NULL;

  put_account (f, "acc_1", 1, "onboarding");
  activity_id = move_stage (f, "acc_1", "nurture", NULL);
  put_account (f, "acc_1", 2, "onboarding");

  stage = direct_text (f, "SELECT stage FROM accounts WHERE id = 'acc_1'");
  g_assert_cmpstr (stage, ==, "nurture");
  g_assert_cmpint (direct_int (f, "SELECT version FROM accounts WHERE id = 'acc_1'"), ==, 2);
}

/* Playbook progress counts the open instances only, done and skipped
 * tasks as finished (domain.md, Playbooks). */
static gboolean
write_playbooks (PomarStoreWriter  *writer,
                 gpointer           user_data,
                 GCancellable      *cancellable,
                 GError           **error)
{
  static const struct { const char *instance; const char *status; const char *states[3]; } books[] = {
    { "pb_open", "open", { "done", "skipped", "open" } },
    { "pb_done", "complete", { "done", "done", "done" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (books); i++)
    {
      PomarPlaybookInstance instance = { 0 };

      instance.id = (char *) books[i].instance;
      instance.account_id = (char *) "acc_1";
      instance.template_id = (char *) books[i].instance;
      instance.trigger = (char *) "manual";
      instance.started_at = (char *) "2026-11-01T10:00:00Z";
      instance.status = (char *) books[i].status;
      if (!pomar_store_writer_put_playbook_instance (writer, &instance, error))
        return FALSE;

      for (guint j = 0; j < 3; j++)
        {
          PomarPlaybookTask task = { 0 };
          g_autofree char *task_id = g_strdup_printf ("t%u", j);

          task.instance_id = (char *) books[i].instance;
          task.task_id = task_id;
          task.position = j;
          task.title = (char *) "A task";
          task.state = (char *) books[i].states[j];
          if (!pomar_store_writer_put_playbook_task (writer, &task, error))
            return FALSE;
        }
    }
  return TRUE;
}

static void
test_playbook_progress (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) summaries = NULL;
  g_autoptr (PomarAccountSummary) summary = NULL;
  gboolean found = FALSE;

  put_account (f, "acc_1", 1, "nurture");
  put_account (f, "acc_2", 1, "nurture");
  g_assert_true (pomar_store_write_sync (f->store, write_playbooks, NULL, NULL, &error));
  g_assert_no_error (error);

  summary = get_summary (f, "acc_1");
  g_assert_cmpint (summary->playbook_tasks, ==, 3);
  g_assert_cmpint (summary->playbook_tasks_finished, ==, 2);

  reader = new_reader (f);
  summaries = pomar_store_reader_list_account_summaries (reader, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < summaries->len; i++)
    {
      PomarAccountSummary *s = g_ptr_array_index (summaries, i);

      if (g_str_equal (s->account.id, "acc_1"))
        {
          found = TRUE;
          g_assert_cmpint (s->playbook_tasks, ==, 3);
          g_assert_cmpint (s->playbook_tasks_finished, ==, 2);
        }
      else
        {
          g_assert_cmpint (s->playbook_tasks, ==, 0);
          g_assert_cmpint (s->playbook_tasks_finished, ==, 0);
        }
    }
  g_assert_true (found);
}

/* Notes and task changes made in Pomar (domain.md, Offline): activities
 * with client-made ids, each with an outbox entry carrying the contract's
 * activity record. */
typedef struct
{
  const char *account_id;
  const char *kind;
  const char *body;
  const char *instance_id;
  const char *task_id;
  const char *state;
  const char *reason;
  char       *activity_id;
} LocalChange;

static gboolean
write_activity (PomarStoreWriter  *writer,
                gpointer           user_data,
                GCancellable      *cancellable,
                GError           **error)
{
  LocalChange *change = user_data;

  return pomar_store_writer_add_local_activity (writer, change->account_id, change->kind, change->body,
                                                "ana@example.com", &change->activity_id, error);
}

static gboolean
write_task_change (PomarStoreWriter  *writer,
                   gpointer           user_data,
                   GCancellable      *cancellable,
                   GError           **error)
{
  LocalChange *change = user_data;

  return pomar_store_writer_change_task (writer, change->instance_id, change->task_id, change->state,
                                         "ana@example.com", change->reason, error);
}

static void
test_note (Fixture       *f,
           gconstpointer  user_data)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *body = NULL;
  LocalChange note = { "acc_1", "note", "  Kick-off done;\nchampion is Beatriz.  \n" };
  LocalChange empty = { "acc_1", "note", " \n\t " };
  LocalChange nobody = { "acc_404", "note", "Hello" };
  LocalChange stage = { "acc_1", "stage_change", "{}" };
  JsonObject *object;

  put_account (f, "acc_1", 1, "nurture");
  g_assert_true (pomar_store_write_sync (f->store, write_activity, &note, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (note.activity_id));

  sql = g_strdup_printf ("SELECT body FROM activities WHERE id = '%s' AND kind = 'note'"
                         " AND account_id = 'acc_1' AND author = 'ana@example.com'", note.activity_id);
  body = direct_text (f, sql);
  g_assert_cmpstr (body, ==, "Kick-off done;\nchampion is Beatriz.");
  g_free (sql);
  sql = g_strdup_printf ("SELECT payload FROM outbox WHERE idempotency_key = '%s' AND kind = 'activity'"
                         " AND account_id = 'acc_1' AND state = 'pending'", note.activity_id);
  payload = direct_text (f, sql);
  g_assert_nonnull (payload);
  g_assert_true (json_parser_load_from_data (parser, payload, -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  assert_json_member (object, "id", note.activity_id);
  assert_json_member (object, "account_id", "acc_1");
  assert_json_member (object, "kind", "note");
  assert_json_member (object, "author", "ana@example.com");
  assert_json_member (object, "body", "Kick-off done;\nchampion is Beatriz.");
  g_assert_true (json_object_has_member (object, "occurred_at"));
  /* The note counts as a touch. */
  {
    g_autoptr (PomarAccountSummary) summary = get_summary (f, "acc_1");

    g_assert_nonnull (summary->last_touch);
  }

  /* Refused, and nothing written. */
  g_assert_false (pomar_store_write_sync (f->store, write_activity, &empty, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pomar_store_write_sync (f->store, write_activity, &nobody, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pomar_store_write_sync (f->store, write_activity, &stage, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM activities"), ==, 1);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM outbox"), ==, 1);
  g_free (note.activity_id);
}

static void
test_task_change (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *payload = NULL;
  LocalChange done = { .instance_id = "pb_open", .task_id = "t2", .state = "done" };
  LocalChange reopen = { .instance_id = "pb_open", .task_id = "t2", .state = "open" };
  LocalChange skip = { .instance_id = "pb_open", .task_id = "t2", .state = "skipped", .reason = "No champion yet" };
  LocalChange skip_no_reason = { .instance_id = "pb_open", .task_id = "t0", .state = "skipped" };
  LocalChange unskip = { .instance_id = "pb_open", .task_id = "t2", .state = "open" };
  LocalChange gone = { .instance_id = "pb_404", .task_id = "t0", .state = "done" };
  JsonObject *object;

  put_account (f, "acc_1", 1, "nurture");
  g_assert_true (pomar_store_write_sync (f->store, write_playbooks, NULL, NULL, &error));
  g_assert_no_error (error);

  /* The last open task done: the instance completes, and a task_done
   * activity is queued. */
  g_assert_true (pomar_store_write_sync (f->store, write_task_change, &done, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM playbook_instances"
                                  " WHERE id = 'pb_open' AND status = 'complete'"), ==, 1);
  body = direct_text (f, "SELECT body FROM activities WHERE kind = 'task_done' AND account_id = 'acc_1'");
  g_assert_nonnull (body);
  g_assert_true (json_parser_load_from_data (parser, body, -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  assert_json_member (object, "playbook", "pb_open");
  assert_json_member (object, "task", "t2");
  payload = direct_text (f, "SELECT payload FROM outbox WHERE kind = 'activity'");
  g_assert_nonnull (strstr (payload, "\"task_done\""));

  /* Opened again: task_reopened, and the instance is open again. */
  g_assert_true (pomar_store_write_sync (f->store, write_task_change, &reopen, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM activities WHERE kind = 'task_reopened'"), ==, 1);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM playbook_instances"
                                  " WHERE id = 'pb_open' AND status = 'open'"), ==, 1);

  /* A skip stays here (the contract has no kind for it), and so does
   * opening a skipped task again. */
  g_assert_true (pomar_store_write_sync (f->store, write_task_change, &skip, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pomar_store_write_sync (f->store, write_task_change, &unskip, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM outbox"), ==, 2);

  /* Refusals write nothing. */
  g_assert_false (pomar_store_write_sync (f->store, write_task_change, &skip_no_reason, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pomar_store_write_sync (f->store, write_task_change, &gone, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM outbox"), ==, 2);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM activities"), ==, 2);
}

/* The summaries carry the suggestion exports give, account by account. */
static gboolean
collect_suggestion (const PomarField *fields,
                    guint             n_fields,
                    gpointer          user_data,
                    GError          **error)
{
  GHashTable *suggestions = user_data;
  const char *id = NULL;
  const char *stage = NULL;
  const char *reason = NULL;

  for (guint i = 0; i < n_fields; i++)
    {
      const char *text = fields[i].type == POMAR_FIELD_STRING ? fields[i].s : NULL;

      if (g_str_equal (fields[i].name, "id"))
        id = text;
      else if (g_str_equal (fields[i].name, "suggested_stage"))
        stage = text;
      else if (g_str_equal (fields[i].name, "suggestion_reason"))
        reason = text;
    }
  g_hash_table_insert (suggestions, g_strdup (id),
                       stage != NULL ? g_strdup_printf ("%s: %s", stage, reason) : g_strdup (""));
  return TRUE;
}

static void
test_summary_suggestion (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) summaries = NULL;
  g_autoptr (GHashTable) exported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  PomarDemoOptions options;
  guint suggested = 0;

  pomar_demo_options_init (&options);
  options.n_accounts = 60;
  g_date_set_julian (&options.today, pomar_day_parse (TODAY));
  g_assert_true (pomar_store_write_sync (f->store, store_test_write_demo, &options, NULL, &error));
  g_assert_no_error (error);

  reader = new_reader (f);
  g_assert_true (pomar_store_reader_scan (reader, POMAR_COLLECTION_ACCOUNTS, collect_suggestion,
                                          exported, &error));
  g_assert_no_error (error);
  summaries = pomar_store_reader_list_account_summaries (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, ==, 60);

  for (guint i = 0; i < summaries->len; i++)
    {
      PomarAccountSummary *s = g_ptr_array_index (summaries, i);
      g_autofree char *mine = s->suggested_stage != NULL
                              ? g_strdup_printf ("%s: %s", s->suggested_stage, s->suggestion_reason)
                              : g_strdup ("");

      g_assert_cmpstr (mine, ==, g_hash_table_lookup (exported, s->account.id));
      if (s->suggested_stage != NULL)
        {
          g_autoptr (PomarAccountSummary) one = get_summary (f, s->account.id);

          suggested++;
          g_assert_cmpstr (one->suggested_stage, ==, s->suggested_stage);
          g_assert_cmpstr (one->suggestion_reason, ==, s->suggestion_reason);
        }
    }
  /* The demo book has accounts ready to move on. */
  g_assert_cmpuint (suggested, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/stage-move/move", test_move);
  ADD ("/stage-move/moves-and-undo", test_moves_and_undo);
  ADD ("/stage-move/refused", test_refused);
  ADD ("/stage-move/sync-keeps-pending-move", test_sync_keeps_pending_move);
  ADD ("/stage-move/playbook-progress", test_playbook_progress);
  ADD ("/stage-move/summary-suggestion", test_summary_suggestion);
  ADD ("/local-change/note", test_note);
  ADD ("/local-change/task-change", test_task_change);
#undef ADD

  return g_test_run ();
}
