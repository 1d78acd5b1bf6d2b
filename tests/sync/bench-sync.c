/* bench-sync.c: a full sync from the fixture server on loopback.
 *
 * The fixture serves a demo book (1,000 accounts unless given: the
 * fixture keeps the whole book as JSON objects in memory, several GB for
 * 10,000). sync-child syncs it into a fresh cache in a process of its own,
 * so that its peak RSS is the engine's alone; then the same pages are
 * fetched again here and only parsed with json-glib, for the rate a sync
 * is measured against; then an incremental sync with nothing new.
 *
 * Run with `meson test -C BUILDDIR --benchmark`, or bench-sync [ACCOUNTS].
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdlib.h>

#include "fixture-server.h"
#include "store-test-util.h"

#define TOKEN "bench-token"

static double
run_child (const char *child,
           const char *data_dir,
           const char *url,
           long       *max_rss_kb)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { child, data_dir, url, TOKEN, "--report", NULL };
  gint64 start = g_get_monotonic_time ();
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error))
    g_error ("%s", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("the sync failed: %s", error->message);
  *max_rss_kb = strtol (out, NULL, 10);
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

/* Every page of a full pass of @collection, fetched, then parsed alone. */
static double
parse_only (SoupSession     *session,
            const char      *url,
            PomarCollection  collection,
            guint64         *records)
{
  g_autoptr (GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *cursor = NULL;
  gint64 start;

  do
    {
      g_autoptr (GString) uri = g_string_new (NULL);
      g_autoptr (SoupMessage) message = NULL;
      g_autoptr (JsonParser) parser = json_parser_new_immutable ();
      g_autoptr (GError) error = NULL;
      GBytes *body;
      JsonObject *page;

      g_string_printf (uri, "%s/v1/%s?limit=1000", url, pomar_collection_to_string (collection));
      if (cursor != NULL)
        g_string_append_printf (uri, "&cursor=%s", cursor);
      message = soup_message_new ("GET", uri->str);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                    "Bearer " TOKEN);
      body = soup_session_send_and_read (session, message, NULL, &error);
      if (body == NULL)
        g_error ("%s", error->message);
      g_ptr_array_add (bodies, body);
      json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), NULL);
      page = json_node_get_object (json_parser_get_root (parser));
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member_with_default (page, "next_cursor", NULL));
    }
  while (cursor != NULL);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new_immutable ();
      GBytes *body = g_ptr_array_index (bodies, i);

      json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), NULL);
      *records += json_array_get_length (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "data"));
    }
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (FixtureServer) server = fixture_server_new (TOKEN);
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *data_dir = NULL;
  const char *child = g_getenv ("POMAR_SYNC_CHILD");
  guint n_accounts = argc > 1 ? (guint) atoi (argv[1]) : 1000;
  guint64 total = 0, parsed = 0;
  double sync_s, parse_s = 0, again_s;
  long rss_kb, again_rss_kb;

  if (child == NULL)
    g_error ("POMAR_SYNC_CHILD is not set: run through meson");

  fixture_server_load_demo (server, n_accounts, 7, NULL);
  for (guint c = 0; c < POMAR_N_COLLECTIONS; c++)
    total += fixture_server_count (server, c);

  tmp = g_dir_make_tmp ("pomar-bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (tmp, "data", NULL);

  sync_s = run_child (child, data_dir, fixture_server_get_url (server), &rss_kb);
  for (guint c = 0; c < POMAR_N_COLLECTIONS; c++)
    parse_s += parse_only (session, fixture_server_get_url (server), c, &parsed);
  again_s = run_child (child, data_dir, fixture_server_get_url (server), &again_rss_kb);

  g_print ("book: %u accounts, %" G_GUINT64_FORMAT " records\n", n_accounts, total);
  g_print ("full sync:          %.1f s, %.0f records/s, peak RSS %ld MB (target: under 200 MB)\n",
           sync_s, (double) total / sync_s, rss_kb / 1024);
  g_print ("json-glib parsing:  %.1f s, %.0f records/s (the sync at %.2f of it; target 0.7)\n",
           parse_s, (double) parsed / parse_s, ((double) total / sync_s) / ((double) parsed / parse_s));
  g_print ("nothing new:        %.0f ms (target: under 300 ms)\n", again_s * 1000);

  store_test_remove_tree (tmp);
  return 0;
}
