/* pomarctl.c: Pomar's command line.
 *
 * A thin front end over libpomar-private, for scripts and for people who
 * live in a terminal: it generates the demo book, says what a cache holds,
 * and exports collections as CSV or JSON. It never holds SQL and never loads
 * GTK; what it does goes through the same calls the GUI makes.
 *
 *   pomarctl [--data-dir DIR | --demo] COMMAND [ARGS…]
 *
 * The main options stop at the first argument that is not an option (the
 * command); each command then parses the rest with a context of its own,
 * which takes --data-dir and --demo again so that they work on either side
 * of the command. Exit status: 0 done; 1 failed, with one line on stderr
 * ("pomarctl: " and a sentence); 2 bad usage, with a hint to --help.
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "core/pomar-error.h"
#include "core/pomar-export.h"
#include "pomar-context.h"
#include "pomarctl-common.h"
#include "pomarctl-connection.h"
#include "pomarctl-figures.h"
#include "pomarctl-outbox.h"
#include "pomarctl-sync.h"

/* Not an exit status: main() turns it into death by SIGPIPE (see
 * finish_broken_pipe()). */
#define EXIT_BROKEN_PIPE -1

/* How many quarantined records status shows. */
#define QUARANTINE_SHOWN 5

/* demo --------------------------------------------------------------------- */

typedef struct
{
  gint64 last_shown;
} Progress;

/* On the store's writer thread; only when stderr is a terminal. At most
 * ten updates a second: a terminal is slower than the generator. */
static void
demo_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  Progress *progress = user_data;
  gint64 now = g_get_monotonic_time ();

  if (done < total && now - progress->last_shown < G_USEC_PER_SEC / 10)
    return;
  progress->last_shown = now;

  g_printerr ("\r");
  /* Translators: progress on a terminal, rewritten in place. */
  g_printerr (_("Generating the demo book… %u of %u accounts"), done, total);
}

/* Exactly YYYY-MM-DD, a real day. */
static gboolean
parse_today (const char *text,
             GDate      *date)
{
  guint year, month, day;

  if (strlen (text) != 10)
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? text[i] != '-' : !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/* "12 contacts", with the plural the language wants:
 * COUNT_TEXT (n, g_dngettext (GETTEXT_PACKAGE, "%lld contact", "%lld contacts", n)).
 * A macro, so that xgettext sees the strings in g_dngettext() and the
 * compiler sees a format it can check (-Wformat-nonliteral). */
#define COUNT_TEXT(count, format) g_strdup_printf (format, (long long) (count))

static int
command_demo (const char  *main_dir,
              int          argc,
              char       **argv)
{
  g_auto (PomarctlCommonOptions) common = { 0 };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (PomarContext) pomar = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) parts = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *accounts_text = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *accounts_done = NULL;
  g_autofree char *details = NULL;
  gboolean force = FALSE;
  PomarDemoOptions options;
  PomarStoreCounts counts;
  const gint64 *n;
  Progress progress = { 0 };
  gboolean terminal;
  guint64 value;
  gint64 started;
  const GOptionEntry entries[] = {
    { "accounts", 0, 0, G_OPTION_ARG_STRING, &accounts_text,
      N_("How many accounts (1 to 100000; 120 by default)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("The seed: the same seed and day give the same book"), N_("S") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text,
      N_("The book’s today, for a book that does not change from day to day (today by default)"),
      N_("YYYY-MM-DD") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Replace a cache that holds data other than a demo book"), NULL },
    { NULL }
  };

  context = g_option_context_new ("demo");
  g_option_context_set_summary (context,
                                _("Replaces the cache’s contents with a generated book of business:\n"
                                  "accounts with their contacts, tickets, 18 months of usage, survey\n"
                                  "responses, activities and playbooks. A cache that holds anything\n"
                                  "but a demo book is left alone unless --force is given."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  pomarctl_add_common_entries (context, &common);

  if ((args = pomarctl_parse_command (context, "demo", argc, argv)) == NULL
      || !pomarctl_check_positional ("demo", args, 0)
      || (data_dir = pomarctl_resolve_data_dir ("demo", main_dir, &common)) == NULL)
    return EXIT_USAGE;

  pomar_demo_options_init (&options);
  options.n_accounts = POMAR_DEMO_DEFAULT_ACCOUNTS;
  options.seed = POMAR_DEMO_DEFAULT_SEED;

  if (accounts_text != NULL)
    {
      if (!g_ascii_string_to_unsigned (accounts_text, 10, 1, 100000, &value, NULL))
        {
          g_autofree char *message =
            g_strdup_printf (_("--accounts takes a whole number from 1 to 100000, not “%s”."),
                             accounts_text);
          return pomarctl_usage_error ("demo", message);
        }
      options.n_accounts = (guint) value;
    }

  if (seed_text != NULL)
    {
      if (!g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &value, NULL))
        {
          g_autofree char *message =
            g_strdup_printf (_("--seed takes a whole number from 0 to %llu, not “%s”."),
                             (unsigned long long) G_MAXUINT64, seed_text);
          return pomarctl_usage_error ("demo", message);
        }
      options.seed = value;
    }

  if (today_text != NULL && !parse_today (today_text, &options.today))
    {
      g_autofree char *message =
        g_strdup_printf (_("--today takes a date as YYYY-MM-DD, not “%s”."), today_text);
      return pomarctl_usage_error ("demo", message);
    }

  pomar = pomar_context_new (data_dir, &error);
  if (pomar == NULL)
    return pomarctl_fail (error);

  terminal = isatty (STDERR_FILENO);
  started = g_get_monotonic_time ();
  if (!pomar_context_generate_demo (pomar, &options, force,
                                    terminal ? demo_progress : NULL, &progress,
                                    NULL, &error))
    {
      if (terminal)
        g_printerr ("\r\033[K");
      if (g_error_matches (error, POMAR_ERROR, POMAR_ERROR_REFUSED))
        {
          /* The library's sentence says what is there; the way out is the
           * command line's to tell. */
          g_printerr ("pomarctl: %s%s %s\n", error->message,
                      g_str_has_suffix (error->message, ".") ? "" : ".",
                      _("Run “pomarctl demo --force” to replace them anyway."));
          return EXIT_FAILED;
        }
      return pomarctl_fail (error);
    }
  if (terminal)
    g_printerr ("\r\033[K");

  reader = pomar_store_reader_new (pomar_context_get_store (pomar), &error);
  if (reader == NULL || !pomar_store_reader_get_counts (reader, &counts, &error))
    return pomarctl_fail (error);

  n = counts.collections;
  parts = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (parts, COUNT_TEXT (n[POMAR_COLLECTION_CONTACTS],
                                      g_dngettext (GETTEXT_PACKAGE, "%lld contact", "%lld contacts",
                                                   n[POMAR_COLLECTION_CONTACTS])));
  g_ptr_array_add (parts, COUNT_TEXT (n[POMAR_COLLECTION_TICKETS],
                                      g_dngettext (GETTEXT_PACKAGE, "%lld ticket", "%lld tickets",
                                                   n[POMAR_COLLECTION_TICKETS])));
  g_ptr_array_add (parts, COUNT_TEXT (n[POMAR_COLLECTION_USAGE],
                                      g_dngettext (GETTEXT_PACKAGE, "%lld usage row", "%lld usage rows",
                                                   n[POMAR_COLLECTION_USAGE])));
  g_ptr_array_add (parts, COUNT_TEXT (n[POMAR_COLLECTION_RESPONSES],
                                      g_dngettext (GETTEXT_PACKAGE, "%lld survey response",
                                                   "%lld survey responses",
                                                   n[POMAR_COLLECTION_RESPONSES])));
  g_ptr_array_add (parts, COUNT_TEXT (n[POMAR_COLLECTION_ACTIVITIES],
                                      g_dngettext (GETTEXT_PACKAGE, "%lld activity", "%lld activities",
                                                   n[POMAR_COLLECTION_ACTIVITIES])));
  g_ptr_array_add (parts, COUNT_TEXT (counts.playbook_instances,
                                      g_dngettext (GETTEXT_PACKAGE, "%lld playbook", "%lld playbooks",
                                                   counts.playbook_instances)));
  g_ptr_array_add (parts, NULL);
  /* Translators: the separator of the list in "Generated 30 accounts (…)". */
  details = g_strjoinv (_(", "), (char **) parts->pdata);
  accounts_done = COUNT_TEXT (n[POMAR_COLLECTION_ACCOUNTS],
                              g_dngettext (GETTEXT_PACKAGE, "%lld account", "%lld accounts",
                                           n[POMAR_COLLECTION_ACCOUNTS]));

  /* Translators: "Generated 30 accounts (120 contacts, …) in 1.2 s". */
  g_print (_("Generated %s (%s) in %.1f s\n"), accounts_done, details,
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);

  return EXIT_DONE;
}

/* status ------------------------------------------------------------------- */

/* What status reports, gathered before any of it is printed. */
typedef struct
{
  char             *path;
  gboolean          exists;
  int               schema_version;
  PomarStoreCounts  counts;
  GPtrArray        *sync_states;  /* PomarSyncState */
  gint64            unmatched_tickets;
  gint64            unmatched_responses;
  GPtrArray        *quarantined;  /* PomarQuarantined, newest first */
} Status;

static void
status_clear (Status *status)
{
  g_clear_pointer (&status->path, g_free);
  g_clear_pointer (&status->sync_states, g_ptr_array_unref);
  g_clear_pointer (&status->quarantined, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Status, status_clear)

static gboolean
status_gather (const char  *data_dir,
               Status      *status,
               GError     **error)
{
  g_autoptr (PomarContext) pomar = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  PomarStore *store;

  memset (status, 0, sizeof *status);
  status->path = g_build_filename (data_dir, "pomar.db", NULL);

  if (!pomarctl_cache_exists (data_dir, &status->exists, error))
    return FALSE;
  if (!status->exists)
    return TRUE;

  pomar = pomar_context_new (data_dir, error);
  if (pomar == NULL)
    return FALSE;
  store = pomar_context_get_store (pomar);
  status->schema_version = pomar_store_get_schema_version (store);

  reader = pomar_store_reader_new (store, error);
  if (reader == NULL
      || !pomar_store_reader_get_counts (reader, &status->counts, error))
    return FALSE;

  if (!pomar_store_reader_count_unmatched (reader, &status->unmatched_tickets,
                                           &status->unmatched_responses, error))
    return FALSE;
  status->sync_states = pomar_store_reader_list_sync_states (reader, error);
  if (status->sync_states == NULL)
    return FALSE;
  status->quarantined = pomar_store_reader_list_quarantined (reader, error);
  if (status->quarantined == NULL)
    return FALSE;

  return TRUE;
}

static void
status_print_json (const Status *status)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *path = g_filename_display_name (status->path);

  json_builder_begin_object (builder);
  pomarctl_builder_add_string (builder, "cache", path);
  json_builder_set_member_name (builder, "exists");
  json_builder_add_boolean_value (builder, status->exists);
  json_builder_set_member_name (builder, "schema_version");
  if (status->exists)
    json_builder_add_int_value (builder, status->schema_version);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint c = 0; c < POMAR_N_COLLECTIONS; c++)
    pomarctl_builder_add_int (builder, pomar_collection_to_string (c), status->counts.collections[c]);
  pomarctl_builder_add_int (builder, "stage_history", status->counts.stage_changes);
  pomarctl_builder_add_int (builder, "playbooks", status->counts.playbook_instances);
  pomarctl_builder_add_int (builder, "playbook_tasks", status->counts.playbook_tasks);
  json_builder_end_object (builder);

  pomarctl_builder_add_int (builder, "outbox", status->counts.outbox);
  json_builder_set_member_name (builder, "unmatched");
  json_builder_begin_object (builder);
  pomarctl_builder_add_int (builder, "tickets", status->unmatched_tickets);
  pomarctl_builder_add_int (builder, "responses", status->unmatched_responses);
  json_builder_end_object (builder);
  pomarctl_builder_add_int (builder, "quarantined", status->counts.quarantined);

  json_builder_set_member_name (builder, "sync");
  json_builder_begin_array (builder);
  for (guint i = 0; status->sync_states != NULL && i < status->sync_states->len; i++)
    {
      const PomarSyncState *state = g_ptr_array_index (status->sync_states, i);

      json_builder_begin_object (builder);
      pomarctl_builder_add_string (builder, "connection", state->connection);
      pomarctl_builder_add_string (builder, "collection", state->collection);
      pomarctl_builder_add_string (builder, "last_synced_at", state->last_synced_at);
      json_builder_set_member_name (builder, "pass_under_way");
      json_builder_add_boolean_value (builder, state->cursor != NULL);
      pomarctl_builder_add_string (builder, "last_error", state->last_error);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "quarantine");
  json_builder_begin_array (builder);
  for (guint i = 0; status->quarantined != NULL && i < MIN (status->quarantined->len, QUARANTINE_SHOWN); i++)
    {
      const PomarQuarantined *q = g_ptr_array_index (status->quarantined, i);

      json_builder_begin_object (builder);
      pomarctl_builder_add_string (builder, "connection", q->connection);
      pomarctl_builder_add_string (builder, "collection", q->collection);
      pomarctl_builder_add_string (builder, "id", q->record_id);
      pomarctl_builder_add_string (builder, "reason", q->reason);
      pomarctl_builder_add_string (builder, "received_at", q->received_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  pomarctl_print_builder (builder);
}

static void
status_print_text (const Status *status)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (pomarctl_line_free);
  g_autofree char *path = g_filename_display_name (status->path);
  const PomarStoreCounts *counts = &status->counts;

  if (!status->exists)
    {
      pomarctl_add_line (lines, _("Cache:"), g_strdup (path));
      pomarctl_print_lines (lines);
      g_print ("%s\n", _("There is no cache here yet: “pomarctl demo” makes a demo book, "
                         "“pomarctl connection add” links a service."));
      return;
    }

  pomarctl_add_line (lines, _("Cache:"), g_strdup (path));
  pomarctl_add_line (lines, _("Schema:"), g_strdup_printf (_("version %d"), status->schema_version));
  pomarctl_add_line (lines, _("Accounts:"), pomarctl_int_text (counts->collections[POMAR_COLLECTION_ACCOUNTS]));
  pomarctl_add_line (lines, _("Contacts:"), pomarctl_int_text (counts->collections[POMAR_COLLECTION_CONTACTS]));
  pomarctl_add_line (lines, _("Tickets:"), pomarctl_int_text (counts->collections[POMAR_COLLECTION_TICKETS]));
  pomarctl_add_line (lines, _("Usage rows:"), pomarctl_int_text (counts->collections[POMAR_COLLECTION_USAGE]));
  pomarctl_add_line (lines, _("Survey responses:"), pomarctl_int_text (counts->collections[POMAR_COLLECTION_RESPONSES]));
  pomarctl_add_line (lines, _("Activities:"), pomarctl_int_text (counts->collections[POMAR_COLLECTION_ACTIVITIES]));
  pomarctl_add_line (lines, _("Stage history:"), pomarctl_int_text (counts->stage_changes));
  pomarctl_add_line (lines, _("Playbooks:"),
            /* Translators: playbooks, and the tasks they hold. */
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld (%lld task)", "%lld (%lld tasks)",
                                          counts->playbook_tasks),
                             (long long) counts->playbook_instances,
                             (long long) counts->playbook_tasks));
  pomarctl_add_line (lines, _("No known account:"),
            /* Translators: records kept though their account is not in the cache. */
            g_strdup_printf (_("%lld tickets, %lld survey answers"),
                             (long long) status->unmatched_tickets, (long long) status->unmatched_responses));
  pomarctl_add_line (lines, _("Outbox:"),
            COUNT_TEXT (counts->outbox,
                        g_dngettext (GETTEXT_PACKAGE, "%lld change waiting to be sent",
                                     "%lld changes waiting to be sent", counts->outbox)));
  pomarctl_add_line (lines, _("Quarantined:"),
            COUNT_TEXT (counts->quarantined,
                        g_dngettext (GETTEXT_PACKAGE, "%lld record", "%lld records",
                                     counts->quarantined)));
  pomarctl_print_lines (lines);

  g_print ("\n");
  if (status->sync_states->len == 0)
    {
      g_print ("%s\n", _("No connections have synced yet."));
    }
  else
    {
      const char *headings[] = { _("CONNECTION"), _("COLLECTION"), _("LAST SYNCED"), _("PROBLEM") };
      g_autoptr (GPtrArray) cells = g_ptr_array_new ();

      for (guint i = 0; i < status->sync_states->len; i++)
        {
          const PomarSyncState *state = g_ptr_array_index (status->sync_states, i);

          g_ptr_array_add (cells, state->connection);
          g_ptr_array_add (cells, state->collection);
          g_ptr_array_add (cells, state->last_synced_at != NULL
                                  ? state->last_synced_at : (gpointer) _("never"));
          /* Why the last pass stopped; a pass under way resumes next time. */
          if (state->last_error != NULL)
            g_ptr_array_add (cells, state->last_error);
          else if (state->cursor != NULL)
            g_ptr_array_add (cells, (gpointer) _("stopped part way; resumes at the next sync"));
          else
            g_ptr_array_add (cells, (gpointer) "");
        }
      g_print ("%s\n", _("Last sync:"));
      pomarctl_print_table (headings, G_N_ELEMENTS (headings), cells);
    }

  if (status->quarantined->len > 0)
    {
      const char *headings[] = { _("COLLECTION"), _("ID"), _("REASON") };
      g_autoptr (GPtrArray) cells = g_ptr_array_new ();
      guint shown = MIN (status->quarantined->len, QUARANTINE_SHOWN);

      for (guint i = 0; i < shown; i++)
        {
          const PomarQuarantined *q = g_ptr_array_index (status->quarantined, i);

          g_ptr_array_add (cells, q->collection);
          g_ptr_array_add (cells, q->record_id != NULL ? q->record_id : (gpointer) _("(no id)"));
          g_ptr_array_add (cells, q->reason);
        }
      g_print ("\n");
      if (shown < status->quarantined->len)
        /* Translators: a heading, "the newest 5 of 12". */
        g_print (_("Quarantined records (the newest %u of %u):\n"), shown, status->quarantined->len);
      else
        g_print ("%s\n", _("Quarantined records:"));
      pomarctl_print_table (headings, G_N_ELEMENTS (headings), cells);
    }
}

static int
command_status (const char  *main_dir,
                int          argc,
                char       **argv)
{
  g_auto (PomarctlCommonOptions) common = { 0 };
  g_auto (Status) status = { 0 };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *data_dir = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };

  context = g_option_context_new ("status");
  g_option_context_set_summary (context,
                                _("Shows the cache’s path and schema, how many records it holds,\n"
                                  "when each connection last synced each collection, and the newest\n"
                                  "records kept aside because they could not be read. A cache that\n"
                                  "does not exist yet is reported as such, not created."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  pomarctl_add_common_entries (context, &common);

  if ((args = pomarctl_parse_command (context, "status", argc, argv)) == NULL
      || !pomarctl_check_positional ("status", args, 0)
      || (data_dir = pomarctl_resolve_data_dir ("status", main_dir, &common)) == NULL)
    return EXIT_USAGE;

  if (!status_gather (data_dir, &status, &error))
    return pomarctl_fail (error);

  if (json)
    status_print_json (&status);
  else
    status_print_text (&status);

  return EXIT_DONE;
}

/* export ------------------------------------------------------------------- */

static gboolean
export_row (const PomarField  *fields,
            guint              n_fields,
            gpointer           user_data,
            GError           **error)
{
  return pomar_export_writer_write_row (user_data, fields, n_fields, error);
}

static int
command_export (const char  *main_dir,
                int          argc,
                char       **argv)
{
  g_auto (PomarctlCommonOptions) common = { 0 };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (PomarContext) pomar = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (PomarExportWriter) writer = NULL;
  g_autoptr (GOutputStream) stdout_stream = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *data_dir = NULL;
  PomarExportFormat format = POMAR_EXPORT_FORMAT_CSV;
  PomarCollection collection;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
      N_("csv (the default) or json"), N_("FORMAT") },
    { NULL }
  };

  context = g_option_context_new (_("export COLLECTION"));
  g_option_context_set_summary (context,
                                _("Writes one collection to standard output: accounts, contacts,\n"
                                  "tickets, usage, responses or activities. Fields are named as in\n"
                                  "Pomar Sync API v1.\n"
                                  "\n"
                                  "JSON is one array of objects, one object per line. CSV has a\n"
                                  "header row; lines end with LF; a field with a comma, a quote or a\n"
                                  "line break is quoted; a null is an empty field and an empty text\n"
                                  "is \"\"; numbers always have a '.' for a decimal point."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  pomarctl_add_common_entries (context, &common);

  if ((args = pomarctl_parse_command (context, "export", argc, argv)) == NULL)
    return EXIT_USAGE;

  if (args[1] == NULL)
    return pomarctl_usage_error ("export",
                                 _("“export” needs a collection: accounts, contacts, tickets, "
                                   "usage, responses or activities."));
  if (!pomar_collection_from_string (args[1], &collection))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a collection; use accounts, contacts, tickets, "
                           "usage, responses or activities."), args[1]);
      return pomarctl_usage_error ("export", message);
    }
  if (format_text != NULL && !pomar_export_format_from_string (format_text, &format))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a format; use csv or json."), format_text);
      return pomarctl_usage_error ("export", message);
    }
  if (!pomarctl_check_positional ("export", args, 1)
      || (data_dir = pomarctl_resolve_data_dir ("export", main_dir, &common)) == NULL)
    return EXIT_USAGE;

  /* An export never creates a cache; its accounts carry figures that must
   * be of today. */
  pomar = pomarctl_open_existing (data_dir, &error);
  if (pomar == NULL
      || (collection == POMAR_COLLECTION_ACCOUNTS && !pomar_context_refresh (pomar, NULL, &error)))
    return pomarctl_fail (error);
  reader = pomar_store_reader_new (pomar_context_get_store (pomar), &error);
  if (reader == NULL)
    return pomarctl_fail (error);

  /* Unbuffered: the writer fills 64 KiB before each write. */
  stdout_stream = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  writer = pomar_export_writer_new (stdout_stream, format,
                                    pomar_export_collection_fields (collection));

  if (!pomar_store_reader_scan (reader, collection, export_row, writer, &error)
      || !pomar_export_writer_finish (writer, &error))
    {
      /* The reader went away (`pomarctl export usage | head`): not a
       * failure of ours, and nothing to say about it. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        return EXIT_BROKEN_PIPE;
      if (error->domain == G_IO_ERROR)
        {
          g_autofree char *message =
            g_strdup_printf (_("Could not write the export: %s."), error->message);

          g_printerr ("pomarctl: %s\n", message);
          return EXIT_FAILED;
        }
      return pomarctl_fail (error);
    }

  return EXIT_DONE;
}

/* connection --------------------------------------------------------------- */

static int
command_connection (const char  *main_dir,
                    int          argc,
                    char       **argv)
{
  return pomarctl_connection_main (main_dir, argc, argv);
}

/* main --------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (const char *main_dir, int argc, char **argv);
} Command;

static const Command commands[] = {
  { "demo", N_("Generate a demo book of business into the cache"), command_demo },
  { "status", N_("Show what the cache holds and when it last synced"), command_status },
  { "export", N_("Write a collection to standard output as CSV or JSON"), command_export },
  { "health", N_("Explain one account’s health score"), pomarctl_command_health },
  { "playbooks", N_("List one account’s playbooks and tasks, or the templates"), pomarctl_command_playbooks },
  { "portfolio", N_("Show NPS, CSAT, ARR, risk, health, TTV and LTV for the whole book"), pomarctl_command_portfolio },
  { "override", N_("Set or clear an account’s health by hand"), pomarctl_command_override },
  { "connection", N_("Add, list, test and remove connections"), command_connection },
  { "sync", N_("Send local changes, then bring the records of connections into the cache"), pomarctl_command_sync },
  { "account", N_("Move an account to a journey stage (set-stage)"), pomarctl_command_account },
  { "note", N_("Add a note to an account (add)"), pomarctl_command_note },
  { "task", N_("Tick, reopen or skip a playbook task (done, reopen, skip)"), pomarctl_command_task },
  { "outbox", N_("List the changes made here that the server has not taken yet"), pomarctl_command_outbox },
  { "conflicts", N_("List the stage moves the server refused, to settle"), pomarctl_command_conflicts },
  { "conflict", N_("Settle a stage conflict: keep mine or take theirs (resolve)"), pomarctl_command_conflict },
  { "push", N_("Send the changes made here to the connections that take them"), pomarctl_command_push },
};

static char *
main_summary (void)
{
  GString *summary = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (summary, "\n  %-12s%s", commands[i].name, _(commands[i].summary));

  return g_string_free (summary, FALSE);
}

/* SIGPIPE is ignored so that a closed pipe is an error we see and can
 * clean up after (the store closes). Once it is clean, pomarctl dies of
 * the signal after all, as cat and grep do: the shell then knows the
 * output was cut short, and nothing is printed about it. */
static int
finish_broken_pipe (void)
{
  signal (SIGPIPE, SIG_DFL);
  raise (SIGPIPE);
  return EXIT_FAILED;
}

int
main (int    argc,
      char **argv)
{
  g_auto (PomarctlCommonOptions) common = { 0 };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *main_dir = NULL;
  gboolean version = FALSE;
  const Command *command = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Show the version and quit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  /* As in main.c: run from the build tree, POMAR_LOCALEDIR points at the
   * freshly built catalogs. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("POMAR_LOCALEDIR") != NULL ? g_getenv ("POMAR_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("pomarctl");
  signal (SIGPIPE, SIG_IGN);

  summary = main_summary ();
  context = g_option_context_new (_("COMMAND [ARGS…]"));
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context,
                                    _("Run “pomarctl COMMAND --help” for what a command takes.\n"
                                      "Without --data-dir or --demo, pomarctl works on your own cache.\n"
                                      "\n"
                                      "Exit status: 0 done; 1 failed (the reason is on standard error);\n"
                                      "2 bad usage."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  pomarctl_add_common_entries (context, &common);
  /* Stop at the command: what follows it is the command's to parse. */
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    return pomarctl_usage_error (NULL, error->message);

  if (version)
    {
      g_print ("pomarctl %s\n", PACKAGE_VERSION);
      return EXIT_DONE;
    }

  if (args[1] == NULL)
    return pomarctl_usage_error (NULL, _("No command given."));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (args[1], commands[i].name))
      command = &commands[i];
  if (command == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a pomarctl command."), args[1]);
      return pomarctl_usage_error (NULL, message);
    }

  if (common.demo || common.data_dir != NULL)
    {
      main_dir = pomarctl_resolve_data_dir (NULL, NULL, &common);
      if (main_dir == NULL)
        return EXIT_USAGE;
    }

  status = command->run (main_dir, g_strv_length (args) - 1, args + 1);
  if (status == EXIT_BROKEN_PIPE)
    return finish_broken_pipe ();

  return status;
}
