/* push-child.c: a push and then a sync, as `pomarctl sync` runs them, in a
 * process of its own, for test-push's case that kills it again and again:
 *   push-child DATA_DIR URL TOKEN
 * Exits 0 when both completed, 1 when one failed. */
#include "config.h"

#include "store/pomar-store.h"
#include "sync/pomar-push.h"
#include "sync/pomar-sync-engine.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStore) store = NULL;
  g_auto (PomarSyncResult) result = { 0 };
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
  options.retry.max_attempts = 3;
  options.retry.backoff_ms = 5;
  options.retry.max_wait_ms = 100;
  if (!pomar_push_connection (store, &info, argv[3], &options.retry, 2, NULL, NULL, &error)
      || !pomar_sync_connection (store, &info, argv[3], &options, &result, NULL, &error))
    {
      g_printerr ("push-child: %s\n", error->message);
      return 1;
    }
  return 0;
}
