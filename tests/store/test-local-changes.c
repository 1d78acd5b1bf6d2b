/* test-local-changes.c: the local changes a front end makes through
 * PomarContext (domain.md, Offline): bulk stage moves in one transaction,
 * playbooks started by hand for several accounts, task changes, notes and
 * health overrides, each followed by ::account-changed for every account
 * it touched. "Today" is pinned.
 */
#include "config.h"


#include "core/pomar-error.h"
#include "pomar-context.h"
#include "store-test-util.h"

#define TODAY "2026-11-23"

typedef struct
{
  char         *tmp_dir;
  PomarContext *context;
  GPtrArray    *changed;   /* account ids, as ::account-changed named them */
  GAsyncResult *result;
} Fixture;

static void
on_account_changed (PomarContext *context,
                    const char   *account_id,
                    Fixture      *f)
{
  g_ptr_array_add (f->changed, g_strdup (account_id));
}

static gboolean
write_accounts (PomarStoreWriter  *writer,
                gpointer           user_data,
                GCancellable      *cancellable,
                GError           **error)
{
  static const struct { const char *id; const char *stage; } accounts[] = {
    { "acc_1", "onboarding" }, { "acc_2", "onboarding" }, { "acc_3", "nurture" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      g_autoptr (PomarAccount) account = store_test_account (accounts[i].id, 1, "Acme Ltda",
                                                             accounts[i].stage, 120000, "BRL");

      if (!pomar_store_writer_upsert_account (writer, account, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = NULL;

  f->tmp_dir = g_dir_make_tmp ("pomar-local-changes-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (f->tmp_dir, "data", NULL);
  f->context = pomar_context_new (data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (pomar_store_write_sync (pomar_context_get_store (f->context), write_accounts, NULL, NULL, &error));
  g_assert_no_error (error);
  f->changed = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->context, "account-changed", G_CALLBACK (on_account_changed), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_clear_object (&f->context);
  g_ptr_array_unref (f->changed);
  store_test_remove_tree (f->tmp_dir);
  g_free (f->tmp_dir);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Fixture *f)
{
  while (f->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return f->result;
}

static char *
stage_of (Fixture    *f,
          const char *account_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = pomar_store_reader_new (pomar_context_get_store (f->context), &error);
  g_autoptr (PomarAccountSummary) summary = NULL;

  g_assert_no_error (error);
  summary = pomar_store_reader_get_account_summary (reader, account_id, &error);
  g_assert_no_error (error);
  return g_strdup (summary->account.stage);
}

static gint64
count_rows (Fixture    *f,
            const char *sql)
{
  g_autofree char *data_dir = g_build_filename (f->tmp_dir, "data", NULL);

  return store_test_query_int (data_dir, sql);
}

static void
assert_stage (Fixture    *f,
              const char *account_id,
              const char *expected)
{
  g_autofree char *stage = stage_of (f, account_id);

  g_assert_cmpstr (stage, ==, expected);
}

static void
assert_changed (Fixture    *f,
                const char *expected)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < f->changed->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? " " : "", (char *) g_ptr_array_index (f->changed, i));
  g_assert_cmpstr (names->str, ==, expected);
  g_ptr_array_set_size (f->changed, 0);
}

static void
test_move_stages (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  const char *ids[] = { "acc_1", "acc_2", "acc_3", NULL };
  const char *to[] = { "engagement", "engagement", "nurture", NULL };
  const char *back_ids[] = { "acc_1", "acc_2", NULL };
  const char *back[] = { "onboarding", "onboarding", NULL };
  const char *bad_ids[] = { "acc_1", "acc_404", NULL };
  const char *bad_to[] = { "nurture", "nurture", NULL };
  guint moved = 0;

  /* acc_3 is in nurture already: left alone, not an error. */
  pomar_context_move_stages_async (f->context, ids, to, NULL, got_result, f);
  g_assert_true (pomar_context_move_stages_finish (f->context, wait_result (f), &moved, &error));
  g_assert_no_error (error);
  g_clear_object (&f->result);
  g_assert_cmpuint (moved, ==, 2);
  assert_stage (f, "acc_1", "engagement");
  assert_stage (f, "acc_2", "engagement");
  assert_stage (f, "acc_3", "nurture");
  assert_changed (f, "acc_1 acc_2 acc_3");
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM outbox WHERE kind = 'stage_move'"), ==, 2);

  /* Undo: each back to where it was. */
  pomar_context_move_stages_async (f->context, back_ids, back, NULL, got_result, f);
  g_assert_true (pomar_context_move_stages_finish (f->context, wait_result (f), &moved, &error));
  g_assert_no_error (error);
  g_clear_object (&f->result);
  g_assert_cmpuint (moved, ==, 2);
  assert_stage (f, "acc_1", "onboarding");
  assert_changed (f, "acc_1 acc_2");

  /* One account gone: nothing moves, nothing is announced. */
  pomar_context_move_stages_async (f->context, bad_ids, bad_to, NULL, got_result, f);
  g_assert_false (pomar_context_move_stages_finish (f->context, wait_result (f), &moved, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND);
  g_clear_object (&f->result);
  assert_stage (f, "acc_1", "onboarding");
  assert_changed (f, "");
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM outbox WHERE kind = 'stage_move'"), ==, 4);
}

static void
test_start_playbook (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  const char *first[] = { "acc_1", NULL };
  const char *all[] = { "acc_1", "acc_2", "acc_3", NULL };
  const char *gone[] = { "acc_404", NULL };
  guint started = 0;
  guint already_open = 0;

  pomar_context_start_playbook_async (f->context, first, "renewal", NULL, got_result, f);
  g_assert_true (pomar_context_start_playbook_finish (f->context, wait_result (f), &started, &already_open, &error));
  g_assert_no_error (error);
  g_clear_object (&f->result);
  g_assert_cmpuint (started, ==, 1);
  g_assert_cmpuint (already_open, ==, 0);

  pomar_context_start_playbook_async (f->context, all, "renewal", NULL, got_result, f);
  g_assert_true (pomar_context_start_playbook_finish (f->context, wait_result (f), &started, &already_open, &error));
  g_assert_no_error (error);
  g_clear_object (&f->result);
  g_assert_cmpuint (started, ==, 2);
  g_assert_cmpuint (already_open, ==, 1);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM playbook_instances"
                                  " WHERE template_id = 'renewal' AND \"trigger\" = 'manual'"), ==, 3);
  assert_changed (f, "acc_1 acc_1 acc_2 acc_3");

  pomar_context_start_playbook_async (f->context, gone, "renewal", NULL, got_result, f);
  g_assert_false (pomar_context_start_playbook_finish (f->context, wait_result (f), &started, &already_open, &error));
  g_assert_nonnull (error);
  g_clear_object (&f->result);
  assert_changed (f, "");
}

static void
test_task_note_override (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) instances = NULL;
  g_autoptr (GPtrArray) tasks = NULL;
  g_autofree char *activity_id = NULL;
  const char *ids[] = { "acc_1", NULL };
  PomarPlaybookInstance *instance;
  PomarPlaybookTask *task;
  PomarAccountFigures figures;

  pomar_context_start_playbook_async (f->context, ids, "renewal", NULL, got_result, f);
  g_assert_true (pomar_context_start_playbook_finish (f->context, wait_result (f), NULL, NULL, &error));
  g_clear_object (&f->result);

  reader = pomar_store_reader_new (pomar_context_get_store (f->context), &error);
  g_assert_no_error (error);
  instances = pomar_store_reader_list_playbook_instances (reader, "acc_1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (instances->len, >=, 1);
  instance = g_ptr_array_index (instances, 0);
  tasks = pomar_store_reader_list_playbook_tasks (reader, instance->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, >=, 1);
  task = g_ptr_array_index (tasks, 0);

  pomar_context_set_task_state_async (f->context, "acc_1", instance->id, task->task_id, "done", NULL,
                                      NULL, got_result, f);
  g_assert_true (pomar_context_set_task_state_finish (f->context, wait_result (f), &error));
  g_assert_no_error (error);
  g_clear_object (&f->result);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM activities WHERE kind = 'task_done'"), ==, 1);

  pomar_context_set_task_state_async (f->context, "acc_1", instance->id, task->task_id, "skipped", "",
                                      NULL, got_result, f);
  g_assert_false (pomar_context_set_task_state_finish (f->context, wait_result (f), &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_object (&f->result);

  pomar_context_add_note_async (f->context, "acc_1", "meeting", "QBR: renewal looks safe.",
                                NULL, got_result, f);
  g_assert_true (pomar_context_add_note_finish (f->context, wait_result (f), &activity_id, &error));
  g_assert_no_error (error);
  g_clear_object (&f->result);
  g_assert_true (g_uuid_string_is_valid (activity_id));
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM outbox WHERE kind = 'activity'"), ==, 2);

  pomar_context_set_health_override_async (f->context, "acc_1", 85, "Exec sponsor confirmed renewal",
                                           pomar_day_parse ("2026-12-31"), NULL, got_result, f);
  g_assert_true (pomar_context_set_health_override_finish (f->context, wait_result (f), &error));
  g_assert_no_error (error);
  g_clear_object (&f->result);
  g_assert_true (pomar_store_reader_get_figures (reader, "acc_1", &figures, &error));
  g_assert_no_error (error);
  g_assert_true (figures.override.set);
  g_assert_cmpint (figures.override.score, ==, 85);
  g_assert_cmpstr (figures.override_reason, ==, "Exec sponsor confirmed renewal");
  pomar_account_figures_clear (&figures);

  /* A score below zero takes the override away. */
  pomar_context_set_health_override_async (f->context, "acc_1", -1, NULL, POMAR_NO_DAY, NULL, got_result, f);
  g_assert_true (pomar_context_set_health_override_finish (f->context, wait_result (f), &error));
  g_assert_no_error (error);
  g_clear_object (&f->result);
  g_assert_true (pomar_store_reader_get_figures (reader, "acc_1", &figures, &error));
  g_assert_no_error (error);
  g_assert_false (figures.override.set);
  pomar_account_figures_clear (&figures);

  assert_changed (f, "acc_1 acc_1 acc_1 acc_1 acc_1");
}

int
main (int    argc,
      char **argv)
{
  /* Before any thread: today, and no team playbooks whatever this machine
   * has (a folder that does not exist). */
  g_setenv ("POMAR_TODAY", TODAY, TRUE);
  g_setenv ("XDG_CONFIG_HOME", "/nonexistent/pomar-test-config", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/local-changes/move-stages", test_move_stages);
  ADD ("/local-changes/start-playbook", test_start_playbook);
  ADD ("/local-changes/task-note-override", test_task_note_override);
#undef ADD

  return g_test_run ();
}
