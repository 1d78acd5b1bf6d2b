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
#include "sync/pomar-connections.h"
#include "sync/pomar-secret-store.h"
#include "sync/pomar-sync-engine.h"

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

  g_print (_("%s: %llu records (%llu deletions), %llu set aside as unreadable, in %.1f s\n"),
           result->connection, (unsigned long long) records, (unsigned long long) tombstones,
           (unsigned long long) quarantined, result->seconds);
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
  gboolean full = FALSE;
  guint failed = 0;
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

  if (args[1] == NULL)
    {
      connections = pomar_connections_list (pomar_context_get_store (context), &error);
      if (connections == NULL)
        return pomarctl_fail (error);
      if (connections->len == 0)
        {
          g_set_error_literal (&error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                               _("There is no connection to sync; add one with “pomarctl connection add”."));
          return pomarctl_fail (error);
        }
    }
  else
    {
      connections = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_connection_info_free);
      for (guint i = 1; args[i] != NULL; i++)
        {
          PomarConnectionInfo *info = pomar_connections_get (pomar_context_get_store (context), args[i], &error);

          if (info == NULL)
            return pomarctl_fail (error);
          g_ptr_array_add (connections, info);
        }
    }

  for (guint i = 0; i < connections->len; i++)
    {
      const PomarConnectionInfo *info = g_ptr_array_index (connections, i);
      g_auto (PomarSyncResult) result = { 0 };
      g_autoptr (GError) sync_error = NULL;
      PomarSyncOptions sync_options = { 0 };
      Progress progress = { 0 };
      char *token;
      gboolean ok;

      token = pomar_secret_store_lookup_sync (data_dir, info->name, NULL, &sync_error);
      if (token == NULL)
        {
          g_printerr ("pomarctl: %s: %s\n", info->name, sync_error->message);
          failed++;
          continue;
        }

      sync_options.full = full;
      if (isatty (STDERR_FILENO))
        {
          sync_options.progress = show_progress;
          sync_options.progress_data = &progress;
        }
      ok = pomar_sync_connection (pomar_context_get_store (context), info, token, &sync_options,
                                  &result, NULL, &sync_error);
      pomar_secret_store_free_token (token);
      if (progress.shown)
        g_printerr ("\r\033[K");

      print_summary (&result);
      if (!ok)
        {
          g_printerr ("pomarctl: %s: %s\n", info->name, sync_error->message);
          failed++;
        }
    }

  return failed > 0 ? EXIT_FAILED : EXIT_DONE;
}
