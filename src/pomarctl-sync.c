/* pomarctl-sync.c: `pomarctl sync [NAME...] [--full]`.
 *
 * Syncs the named connections (all of them without names), one after the
 * other. One that fails does not stop the others; the exit status is 1 when
 * any failed, and stderr says which and why. On a terminal a progress line
 * shows the records stored so far.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "core/pomar-error.h"
#include "pomarctl-common.h"
#include "pomarctl-sync.h"
#include "pomar-sync-runner.h"

typedef struct
{
  gint64 last_shown;
  gboolean shown;
} Progress;

/* On the syncing thread; at most ten updates a second. */
static void
show_progress (const PomarSyncProgress *progress,
               gpointer                 user_data)
{
  Progress *state = user_data;
  gint64 now = g_get_monotonic_time ();

  if (now - state->last_shown < G_USEC_PER_SEC / 10)
    return;
  state->last_shown = now;
  state->shown = TRUE;
  g_printerr ("\r\033[K");
  g_printerr (_("Syncing %s: %s, %llu records"), progress->connection,
              pomar_collection_to_string (progress->collection),
              (unsigned long long) progress->records);
}

static void
print_summary (const PomarSyncResult *result)
{
  guint64 records = 0, quarantined = 0, tombstones = 0;

  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    {
      records += result->collections[i].records;
      quarantined += result->collections[i].quarantined;
      tombstones += result->collections[i].tombstones;
    }

  if (result->push.sent + result->push.settled + result->push.conflicts + result->push.gone + result->push.held > 0)
    g_print (_("%s: sent %u changes (%u already true on the server), %u conflicts to settle, "
               "%u for accounts gone from the server, %u waiting\n"),
             result->connection, result->push.sent + result->push.settled, result->push.settled,
             result->push.conflicts, result->push.gone, result->push.held);
  g_print (_("%s: %llu records (%llu deletions), %llu set aside as unreadable, in %.1f s\n"),
           result->connection, (unsigned long long) records, (unsigned long long) tombstones,
           (unsigned long long) quarantined, result->seconds);
}

static void
start_connection (const PomarConnectionInfo *info,
                  gpointer                   user_data)
{
  Progress *progress = user_data;

  progress->last_shown = 0;
  progress->shown = FALSE;
}

/* A connection whose token could not be read has no summary, only why. */
static void
finish_connection (const PomarConnectionInfo *info,
                   const PomarSyncResult     *result,
                   const GError              *error,
                   gpointer                   user_data)
{
  Progress *progress = user_data;

  if (progress->shown)
    g_printerr ("\r\033[K");
  if (result != NULL)
    print_summary (result);
  if (error != NULL)
    g_printerr ("pomarctl: %s: %s\n", info->name, error->message);
}

int
pomarctl_command_sync (const char  *main_dir,
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
  const PomarSyncRunnerCallbacks callbacks = { start_connection, finish_connection };
  PomarSyncOptions sync_options = { 0 };
  Progress progress = { 0 };
  gboolean full = FALSE;
  guint failed;
  const GOptionEntry entries[] = {
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_("Read everything again, not only what changed"), NULL },
    { NULL }
  };

  options = g_option_context_new (_("sync [NAME…]"));
  g_option_context_set_summary (options,
                                _("Brings the records of the named connections (all of them without\n"
                                  "names) into the cache: what changed since the last sync, or\n"
                                  "everything with --full. A pass that stops resumes where it\n"
                                  "stopped. Records that cannot be read are set aside and counted\n"
                                  "(see “pomarctl status”)."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  pomarctl_add_common_entries (options, &common);

  if ((args = pomarctl_parse_command (options, "sync", argc, argv)) == NULL
      || (data_dir = pomarctl_resolve_data_dir ("sync", main_dir, &common)) == NULL)
    return EXIT_USAGE;

  context = pomarctl_open_existing (data_dir, &error);
  if (context == NULL)
    return pomarctl_fail (error);

  connections = pomar_sync_runner_get_connections (pomar_context_get_store (context),
                                                   (const char * const *) args + 1, &error);
  if (connections == NULL)
    return pomarctl_fail (error);
  if (connections->len == 0)
    {
      g_set_error_literal (&error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                           _("There is no connection to sync; add one with “pomarctl connection add”."));
      return pomarctl_fail (error);
    }

  sync_options.full = full;
  if (isatty (STDERR_FILENO))
    {
      sync_options.progress = show_progress;
      sync_options.progress_data = &progress;
    }
  failed = pomar_sync_runner_run (pomar_context_get_store (context), connections, &sync_options,
                                  &callbacks, &progress, NULL);

  return failed > 0 ? EXIT_FAILED : EXIT_DONE;
}
