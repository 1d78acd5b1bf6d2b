/* sync-child.c: a sync in a process of its own, for test-sync's
 * killed-mid-pass case: sync-child DATA_DIR URL TOKEN. */
#include "config.h"

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

  if (argc != 4)
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
  return 0;
}
