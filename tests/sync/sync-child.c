/* sync-child.c: a sync in a process of its own, for test-sync's
 * killed-mid-pass case and for bench-sync: sync-child DATA_DIR URL TOKEN.
 * With --report as a fourth argument it prints its peak RSS in kB (VmHWM:
 * its own address space's, unlike getrusage, which also counts the forked
 * parent it was before exec). */
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

  if (argc != 4 && argc != 5)
    return 2;

  store = pomar_store_open (argv[1], &error);
  if (store == NULL)
    g_error ("%s", error->message);

  info.name = (char *) "fixture";
  info.provider = (char *) "pomar";
  info.base_url = argv[2];
  options.page_size = 500;
  if (!pomar_sync_connection (store, &info, argv[3], &options, NULL, NULL, &error))
    g_error ("%s", error->message);

  if (argc == 5 && g_str_equal (argv[4], "--report"))
    {
      g_autofree char *status = NULL;
      const char *hwm;

      if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
          && (hwm = strstr (status, "VmHWM:")) != NULL)
        g_print ("%ld\n", strtol (hwm + 6, NULL, 10));
    }
  return 0;
}
