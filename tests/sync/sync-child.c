/* sync-child.c: a sync in a process of its own, for test-sync's
 * killed-mid-pass case and for bench-sync:
 *   sync-child DATA_DIR URL TOKEN [--report] [--page-size=N]
 * Pages ask for 500 records unless told. With --report it prints its peak
 * RSS in kB (VmHWM: its own address space's, unlike getrusage, which also
 * counts the forked parent it was before exec), then the records stored. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/pomar-store.h"
#include "sync/pomar-sync-engine.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStore) store = NULL;
  PomarConnectionInfo info = { 0 };
  PomarSyncOptions options = { 0 };
  g_auto (PomarSyncResult) result = { 0 };
  gboolean report = FALSE;

  if (argc < 4)
    return 2;
  options.page_size = 500;
  for (int i = 4; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--report"))
        report = TRUE;
      else if (g_str_has_prefix (argv[i], "--page-size="))
        options.page_size = (guint) atoi (argv[i] + strlen ("--page-size="));
      else
        return 2;
    }

  store = pomar_store_open (argv[1], &error);
  if (store == NULL)
    g_error ("%s", error->message);

  info.name = (char *) "fixture";
  info.provider = (char *) "pomar";
  info.base_url = argv[2];
  if (!pomar_sync_connection (store, &info, argv[3], &options, &result, NULL, &error))
    g_error ("%s", error->message);

  if (report)
    {
      g_autofree char *status = NULL;
      const char *hwm;
      guint64 records = 0;

      for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
        records += result.collections[i].records;
      if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
          && (hwm = strstr (status, "VmHWM:")) != NULL)
        g_print ("%ld %" G_GUINT64_FORMAT "\n", strtol (hwm + 6, NULL, 10), records);
    }
  return 0;
}
