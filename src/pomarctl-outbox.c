/* pomarctl-outbox.c: `pomarctl outbox [--json]` and `pomarctl push [NAME…]`.
 *
 * The outbox lists the changes made here that the server has not taken
 * yet, oldest first, each with its state: pending, conflict (a stage move
 * the user settles) or gone (the account is no longer on the server), and
 * why sending it failed so far. push sends them to the named "pomar"
 * connections (all of them without names) without syncing; `pomarctl sync`
 * pushes too, before it pulls.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "core/pomar-error.h"
#include "pomarctl-common.h"
#include "pomarctl-outbox.h"
#include "pomar-sync-runner.h"
#include "sync/pomar-push.h"

static void
print_json (GPtrArray *entries)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      const PomarOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr (JsonNode) payload = json_from_string (entry->payload, NULL);

      json_builder_begin_object (builder);
      pomarctl_builder_add_int (builder, "seq", entry->seq);
      pomarctl_builder_add_string (builder, "idempotency_key", entry->idempotency_key);
      pomarctl_builder_add_string (builder, "account_id", entry->account_id);
      pomarctl_builder_add_string (builder, "kind", entry->kind);
      pomarctl_builder_add_string (builder, "state", entry->state);
      pomarctl_builder_add_string (builder, "created_at", entry->created_at);
      pomarctl_builder_add_int (builder, "attempts", entry->attempts);
      pomarctl_builder_add_string (builder, "last_error", entry->last_error);
      json_builder_set_member_name (builder, "base_version");
      if (entry->base_version >= 0)
        json_builder_add_int_value (builder, entry->base_version);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "payload");
      if (payload != NULL)
        json_builder_add_value (builder, g_steal_pointer (&payload));
      else
        json_builder_add_string_value (builder, entry->payload);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  pomarctl_print_builder (builder);
}

static void
print_text (GPtrArray *entries)
{
  const char *headings[] = { _("Account"), _("Change"), _("State"), _("Made"), _("Tries"), _("Last error") };
  g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  if (entries->len == 0)
    {
      g_print ("%s\n", _("Nothing is waiting to be sent: the server has every change made here."));
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      const PomarOutboxEntry *entry = g_ptr_array_index (entries, i);

      g_ptr_array_add (cells, g_strdup (entry->account_id != NULL ? entry->account_id : "—"));
      g_ptr_array_add (cells, pomar_push_describe_change (entry));
      g_ptr_array_add (cells, g_strdup (entry->state));
      g_ptr_array_add (cells, g_strdup (entry->created_at));
      g_ptr_array_add (cells, g_strdup_printf ("%" G_GINT64_FORMAT, entry->attempts));
      g_ptr_array_add (cells, g_strdup (entry->last_error != NULL ? entry->last_error : ""));
    }
  pomarctl_print_table (headings, G_N_ELEMENTS (headings), cells);
}

int
pomarctl_command_outbox (const char  *main_dir,
                         int          argc,
                         char       **argv)
{
  g_auto (PomarctlCommonOptions) common = { 0 };
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (PomarContext) context = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *data_dir = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries_options[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL }
  };

  options = g_option_context_new ("outbox");
  g_option_context_set_summary (options,
                                _("Lists the changes made here that the server has not taken yet,\n"
                                  "oldest first: pending (to be sent), conflict (a stage move to\n"
                                  "settle) or gone (the account is no longer on the server)."));
  g_option_context_add_main_entries (options, entries_options, GETTEXT_PACKAGE);
  pomarctl_add_common_entries (options, &common);

  if ((args = pomarctl_parse_command (options, "outbox", argc, argv)) == NULL
      || !pomarctl_check_positional ("outbox", args, 0)
      || (data_dir = pomarctl_resolve_data_dir ("outbox", main_dir, &common)) == NULL)
    return EXIT_USAGE;

  context = pomarctl_open_existing (data_dir, &error);
  if (context == NULL)
    return pomarctl_fail (error);
  reader = pomar_store_reader_new (pomar_context_get_store (context), &error);
  if (reader == NULL || (entries = pomar_store_reader_list_outbox (reader, &error)) == NULL)
    return pomarctl_fail (error);

  if (json)
    print_json (entries);
  else
    print_text (entries);
  return EXIT_DONE;
}

int
pomarctl_command_push (const char  *main_dir,
                       int          argc,
                       char       **argv)
{
  g_auto (PomarctlCommonOptions) common = { 0 };
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (PomarContext) context = NULL;
  g_autoptr (GPtrArray) connections = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *data_dir = NULL;
  guint failed = 0;
  guint writable = 0;

  options = g_option_context_new (_("push [NAME…]"));
  g_option_context_set_summary (options,
                                _("Sends the changes made here (stage moves, notes, task changes) to the\n"
                                  "named connections (all of them without names) that take writes,\n"
                                  "without syncing. See what waits with “pomarctl outbox”."));
  pomarctl_add_common_entries (options, &common);

  if ((args = pomarctl_parse_command (options, "push", argc, argv)) == NULL
      || (data_dir = pomarctl_resolve_data_dir ("push", main_dir, &common)) == NULL)
    return EXIT_USAGE;

  context = pomarctl_open_existing (data_dir, &error);
  if (context == NULL)
    return pomarctl_fail (error);
  connections = pomar_sync_runner_get_connections (pomar_context_get_store (context),
                                                   (const char * const *) args + 1, &error);
  if (connections == NULL)
    return pomarctl_fail (error);

  for (guint i = 0; i < connections->len; i++)
    {
      const PomarConnectionInfo *info = g_ptr_array_index (connections, i);
      g_auto (PomarPushResult) result = { 0 };
      g_autoptr (GError) local_error = NULL;
      gboolean ran = FALSE;
      gboolean ok;

      if (g_strcmp0 (info->provider, "pomar") != 0)
        continue;
      writable++;
      ok = pomar_sync_runner_push_connection (pomar_context_get_store (context), info, &result, &ran,
                                              NULL, &local_error);
      if (!ran)
        {
          g_printerr ("pomarctl: %s: %s\n", info->name, local_error->message);
          failed++;
          continue;
        }

      g_print (_("%s: %u sent, %u already true on the server, %u conflicts to settle, "
                 "%u for accounts gone from the server, %u waiting\n"),
               info->name, result.sent, result.settled, result.conflicts, result.gone, result.held);
      if (!ok)
        {
          g_printerr ("pomarctl: %s: %s\n", info->name, local_error->message);
          failed++;
        }
    }

  if (writable == 0)
    {
      g_set_error_literal (&error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                           _("No connection takes changes: only a “pomar” connection does; "
                             "add one with “pomarctl connection add”."));
      return pomarctl_fail (error);
    }
  return failed > 0 ? EXIT_FAILED : EXIT_DONE;
}

/* Local changes from the command line -------------------------------------- */

typedef struct
{
  const char *account_id;
  const char *stage;
  const char *text;
  char       *author;
  char       *activity_id;
} CliChange;

static gboolean
write_stage (PomarStoreWriter  *writer,
             gpointer           user_data,
             GCancellable      *cancellable,
             GError           **error)
{
  CliChange *change = user_data;

  return pomar_store_writer_move_stage (writer, change->account_id, change->stage, change->author, NULL,
                                        &change->activity_id, error);
}

static gboolean
write_note (PomarStoreWriter  *writer,
            gpointer           user_data,
            GCancellable      *cancellable,
            GError           **error)
{
  CliChange *change = user_data;

  return pomar_store_writer_add_local_activity (writer, change->account_id, "note", change->text,
                                                change->author, &change->activity_id, error);
}

/* `pomarctl account set-stage ID STAGE` and `pomarctl note add ID TEXT`:
 * one local change, queued for the server as the app queues it. */
static int
run_change (const char          *main_dir,
            const char          *command_path,
            const char          *parameters,
            const char          *summary,
            const char          *missing,
            PomarStoreWriteFunc  func,
            int                  argc,
            char               **argv)
{
  g_auto (PomarctlCommonOptions) common = { 0 };
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (PomarContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *data_dir = NULL;
  CliChange change = { 0 };
  gboolean ok;

  options = g_option_context_new (parameters);
  g_option_context_set_summary (options, summary);
  pomarctl_add_common_entries (options, &common);

  if ((args = pomarctl_parse_command (options, command_path, argc, argv)) == NULL
      || !pomarctl_check_positional (command_path, args, 2)
      || (data_dir = pomarctl_resolve_data_dir (command_path, main_dir, &common)) == NULL)
    return EXIT_USAGE;
  if (g_strv_length (args) < 3 || *args[2] == '\0')
    return pomarctl_usage_error (command_path, missing);

  context = pomarctl_open_existing (data_dir, &error);
  if (context == NULL)
    return pomarctl_fail (error);

  change.account_id = args[1];
  change.stage = args[2];
  change.text = args[2];
  change.author = pomar_context_local_author ();
  ok = pomar_store_write_sync (pomar_context_get_store (context), func, &change, NULL, &error);
  g_free (change.author);
  if (!ok)
    return pomarctl_fail (error);

  g_print (_("Saved here; it waits to be sent to the server (see “pomarctl outbox”).\n"));
  g_free (change.activity_id);
  return EXIT_DONE;
}

int
pomarctl_command_account (const char  *main_dir,
                          int          argc,
                          char       **argv)
{
  if (argc < 2 || g_strcmp0 (argv[1], "set-stage") != 0)
    return pomarctl_usage_error ("account", _("Say what to do: “pomarctl account set-stage ACCOUNT_ID STAGE”."));
  return run_change (main_dir, "account set-stage", _("set-stage ACCOUNT_ID STAGE"),
                     _("Moves an account to a journey stage (onboarding, engagement, nurture,\n"
                       "inspire, churned) here, and queues the move for the server."),
                     _("Give the account’s id and the stage to move it to."),
                     write_stage, argc - 1, argv + 1);
}

int
pomarctl_command_note (const char  *main_dir,
                       int          argc,
                       char       **argv)
{
  if (argc < 2 || g_strcmp0 (argv[1], "add") != 0)
    return pomarctl_usage_error ("note", _("Say what to do: “pomarctl note add ACCOUNT_ID TEXT”."));
  return run_change (main_dir, "note add", _("add ACCOUNT_ID TEXT"),
                     _("Adds a note to an account’s timeline here, and queues it for the server."),
                     _("Give the account’s id and the note’s text."),
                     write_note, argc - 1, argv + 1);
}

/* Playbook tasks -------------------------------------------------------------- */

typedef struct
{
  const char *instance_id;
  const char *task_id;
  const char *state;
  const char *reason;
  char       *author;
} CliTask;

static gboolean
write_task (PomarStoreWriter  *writer,
            gpointer           user_data,
            GCancellable      *cancellable,
            GError           **error)
{
  CliTask *task = user_data;

  return pomar_store_writer_change_task (writer, task->instance_id, task->task_id, task->state,
                                         task->author, task->reason, error);
}

/* The account's playbook that @playbook names: an instance id, or a
 * template id (the contract's "playbook"), which means the newest
 * instance of it that was not cancelled. NULL with an error naming the
 * account when there is none. */
static char *
find_instance (PomarStoreReader  *reader,
               const char        *account_id,
               const char        *playbook,
               GError           **error)
{
  g_autoptr (PomarAccountSummary) summary = NULL;
  g_autoptr (GPtrArray) instances = NULL;

  /* NOT_FOUND, in words, for an account that is not in the cache. */
  summary = pomar_store_reader_get_account_summary (reader, account_id, error);
  if (summary == NULL)
    return NULL;
  instances = pomar_store_reader_list_playbook_instances (reader, account_id, error);
  if (instances == NULL)
    return NULL;

  /* Newest first: the first match is the one the user sees on top. */
  for (guint i = 0; i < instances->len; i++)
    {
      const PomarPlaybookInstance *instance = g_ptr_array_index (instances, i);

      if (g_strcmp0 (instance->id, playbook) == 0)
        return g_strdup (instance->id);
      if (g_strcmp0 (instance->template_id, playbook) == 0 && g_strcmp0 (instance->status, "cancelled") != 0)
        return g_strdup (instance->id);
    }

  g_set_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
               _("%s has no playbook “%s”. See its playbooks with “pomarctl playbooks %s”, "
                 "or start one with “--start”."),
               summary->account.name != NULL ? summary->account.name : account_id, playbook, account_id);
  return NULL;
}

int
pomarctl_command_task (const char  *main_dir,
                       int          argc,
                       char       **argv)
{
  static const struct { const char *verb; const char *state; } verbs[] = {
    { "done", "done" }, { "reopen", "open" }, { "skip", "skipped" },
  };
  g_auto (PomarctlCommonOptions) common = { 0 };
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (PomarContext) context = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *instance_id = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *command_path = NULL;
  const char *state = NULL;
  CliTask task = { 0 };
  gboolean ok;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the task is skipped (needed by skip)"), N_("REASON") },
    { NULL }
  };

  for (guint i = 0; argc >= 2 && i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (argv[1], verbs[i].verb))
      state = verbs[i].state;
  if (state == NULL)
    return pomarctl_usage_error ("task",
                                 _("Say what to do: “pomarctl task done|reopen|skip ACCOUNT_ID PLAYBOOK TASK”."));
  command_path = g_strconcat ("task ", argv[1], NULL);

  options = g_option_context_new (_("done|reopen|skip ACCOUNT_ID PLAYBOOK TASK"));
  g_option_context_set_summary (options,
                                _("Ticks a playbook task (done), opens it again (reopen) or skips it\n"
                                  "with --reason, here. PLAYBOOK is the playbook’s template id (its\n"
                                  "newest run for the account) or a run’s id, TASK the task’s id: both\n"
                                  "are listed by “pomarctl playbooks ACCOUNT_ID”. Done and reopened\n"
                                  "tasks are queued for the server; a skip stays on this computer."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  pomarctl_add_common_entries (options, &common);

  if ((args = pomarctl_parse_command (options, command_path, argc - 1, argv + 1)) == NULL
      || !pomarctl_check_positional (command_path, args, 3)
      || (data_dir = pomarctl_resolve_data_dir (command_path, main_dir, &common)) == NULL)
    return EXIT_USAGE;
  if (g_strv_length (args) < 4 || *args[1] == '\0' || *args[2] == '\0' || *args[3] == '\0')
    return pomarctl_usage_error (command_path, _("Give the account’s id, the playbook and the task."));
  if (g_str_equal (state, "skipped") && (reason == NULL || *g_strstrip (reason) == '\0'))
    return pomarctl_usage_error (command_path, _("Skipping a task needs a reason: add --reason “…”."));
  if (!g_str_equal (state, "skipped") && reason != NULL)
    return pomarctl_usage_error (command_path, _("Only skip takes a reason."));

  context = pomarctl_open_existing (data_dir, &error);
  if (context == NULL)
    return pomarctl_fail (error);
  reader = pomar_store_reader_new (pomar_context_get_store (context), &error);
  if (reader == NULL
      || (instance_id = find_instance (reader, args[1], args[2], &error)) == NULL)
    return pomarctl_fail (error);

  task.instance_id = instance_id;
  task.task_id = args[3];
  task.state = state;
  task.reason = reason;
  task.author = pomar_context_local_author ();
  ok = pomar_store_write_sync (pomar_context_get_store (context), write_task, &task, NULL, &error);
  g_free (task.author);
  if (!ok)
    return pomarctl_fail (error);

  if (g_str_equal (state, "skipped"))
    g_print ("%s\n", _("Skipped here."));
  else
    g_print (_("Saved here; it waits to be sent to the server (see “pomarctl outbox”).\n"));
  return EXIT_DONE;
}

/* Conflicts -------------------------------------------------------------------- */

/* The server's stage in a conflict's record, or NULL. */
static char *
server_stage (const PomarOutboxEntry *entry)
{
  g_autoptr (JsonNode) record = entry->server_record != NULL ? json_from_string (entry->server_record, NULL) : NULL;

  if (record == NULL || !JSON_NODE_HOLDS_OBJECT (record))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (record), "stage", NULL));
}

int
pomarctl_command_conflicts (const char  *main_dir,
                            int          argc,
                            char       **argv)
{
  g_auto (PomarctlCommonOptions) common = { 0 };
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (PomarContext) context = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *data_dir = NULL;
  gboolean json = FALSE;
  guint n = 0;
  const GOptionEntry entries_options[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL }
  };
  const char *headings[] = { _("Id"), _("Account"), _("Moved here"), _("On the server"), _("Made") };

  options = g_option_context_new ("conflicts");
  g_option_context_set_summary (options,
                                _("Lists the stage moves made here that the server refused because the\n"
                                  "account was moved elsewhere meanwhile. Settle each with\n"
                                  "“pomarctl conflict resolve ID mine” or “… theirs”."));
  g_option_context_add_main_entries (options, entries_options, GETTEXT_PACKAGE);
  pomarctl_add_common_entries (options, &common);

  if ((args = pomarctl_parse_command (options, "conflicts", argc, argv)) == NULL
      || !pomarctl_check_positional ("conflicts", args, 0)
      || (data_dir = pomarctl_resolve_data_dir ("conflicts", main_dir, &common)) == NULL)
    return EXIT_USAGE;

  context = pomarctl_open_existing (data_dir, &error);
  if (context == NULL)
    return pomarctl_fail (error);
  reader = pomar_store_reader_new (pomar_context_get_store (context), &error);
  if (reader == NULL || (entries = pomar_store_reader_list_outbox (reader, &error)) == NULL)
    return pomarctl_fail (error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      const PomarOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr (JsonNode) payload = NULL;
      g_autofree char *theirs = NULL;
      const char *mine = NULL;

      if (g_strcmp0 (entry->state, "conflict") != 0)
        continue;
      n++;
      payload = json_from_string (entry->payload, NULL);
      if (payload != NULL && JSON_NODE_HOLDS_OBJECT (payload))
        mine = json_object_get_string_member_with_default (json_node_get_object (payload), "to", NULL);
      theirs = server_stage (entry);

      json_builder_begin_object (builder);
      pomarctl_builder_add_int (builder, "id", entry->seq);
      pomarctl_builder_add_string (builder, "account_id", entry->account_id);
      pomarctl_builder_add_string (builder, "mine", mine);
      pomarctl_builder_add_string (builder, "theirs", theirs);
      pomarctl_builder_add_string (builder, "created_at", entry->created_at);
      json_builder_set_member_name (builder, "server_record");
      {
        JsonNode *record = entry->server_record != NULL ? json_from_string (entry->server_record, NULL) : NULL;

        if (record != NULL)
          json_builder_add_value (builder, record);
        else
          json_builder_add_null_value (builder);
      }
      json_builder_end_object (builder);

      g_ptr_array_add (cells, g_strdup_printf ("%" G_GINT64_FORMAT, entry->seq));
      g_ptr_array_add (cells, g_strdup (entry->account_id));
      g_ptr_array_add (cells, g_strdup (mine != NULL ? mine : "—"));
      g_ptr_array_add (cells, g_strdup (theirs != NULL ? theirs : "—"));
      g_ptr_array_add (cells, g_strdup (entry->created_at));
    }
  json_builder_end_array (builder);

  if (json)
    pomarctl_print_builder (builder);
  else if (n == 0)
    g_print ("%s\n", _("No conflicts: every stage move made here agrees with the server, or waits to be sent."));
  else
    pomarctl_print_table (headings, G_N_ELEMENTS (headings), cells);
  return EXIT_DONE;
}

int
pomarctl_command_conflict (const char  *main_dir,
                           int          argc,
                           char       **argv)
{
  g_auto (PomarctlCommonOptions) common = { 0 };
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (PomarContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *author = NULL;
  guint64 seq;
  gboolean mine;

  if (argc < 2 || g_strcmp0 (argv[1], "resolve") != 0)
    return pomarctl_usage_error ("conflict", _("Say what to do: “pomarctl conflict resolve ID mine|theirs”."));

  options = g_option_context_new (_("resolve ID mine|theirs"));
  g_option_context_set_summary (options,
                                _("Settles a stage conflict (see “pomarctl conflicts”): mine sends the\n"
                                  "move made here again, over the server’s stage, at the next push or\n"
                                  "sync; theirs drops it and keeps the server’s stage. The account’s\n"
                                  "timeline records the choice."));
  pomarctl_add_common_entries (options, &common);
  if ((args = pomarctl_parse_command (options, "conflict resolve", argc - 1, argv + 1)) == NULL
      || !pomarctl_check_positional ("conflict resolve", args, 2)
      || (data_dir = pomarctl_resolve_data_dir ("conflict resolve", main_dir, &common)) == NULL)
    return EXIT_USAGE;
  if (g_strv_length (args) < 3
      || !g_ascii_string_to_unsigned (args[1], 10, 1, G_MAXINT64, &seq, NULL)
      || (g_strcmp0 (args[2], "mine") != 0 && g_strcmp0 (args[2], "theirs") != 0))
    return pomarctl_usage_error ("conflict resolve",
                                 _("Give the conflict’s id (a number, see “pomarctl conflicts”) and mine or theirs."));
  mine = g_str_equal (args[2], "mine");

  context = pomarctl_open_existing (data_dir, &error);
  if (context == NULL)
    return pomarctl_fail (error);
  author = pomar_context_local_author ();
  if (!pomar_push_resolve_conflict (pomar_context_get_store (context), (gint64) seq, mine, author, &error))
    return pomarctl_fail (error);

  g_print ("%s\n", mine ? _("Kept the move made here; it goes to the server at the next push or sync.")
                        : _("Took the server’s stage; the move made here was dropped."));
  return EXIT_DONE;
}
