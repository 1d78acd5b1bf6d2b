/* bench-sync.c: a full sync of a big book from the fixture server on loopback.
 *
 * Issue 4's measure. The fixture serves a demo book, 10,000 accounts unless
 * told (about 4 million records: 100,000 tickets, 3.67 million usage rows,
 * 51,000 answers, with their contacts and activities). sync-child syncs it
 * into a fresh cache in a process of its own, so that its peak RSS is the
 * engine's alone. Then the same pages (same collections, same page size,
 * same snapshot of the truth, so the same records in the same order) are
 * fetched again here and parsed with json-glib alone: only the parsing is
 * timed, which is the rate the sync is measured against. Then an
 * incremental sync with nothing new.
 *
 * Targets: the sync at no less than 0.7 of the parse-only rate, its peak
 * RSS under 200 MB, nothing new under 300 ms.
 *
 * Run with `meson test -C BUILDDIR --benchmark sync-full`, or
 * POMAR_SYNC_CHILD=.../sync-child bench-sync [ACCOUNTS].
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdlib.h>

#include "fixture-server.h"
#include "store-test-util.h"

#define TOKEN            "bench-token"
#define DEFAULT_ACCOUNTS 10000
/* What the engine asks for when not told (pomar-sync-engine.c), which is
 * also the most pomar's provider asks for. */
#define PAGE_SIZE        1000

static double
run_child (const char *child,
           const char *data_dir,
           const char *url,
           long       *max_rss_kb,
           guint64    *records)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *page_size = g_strdup_printf ("--page-size=%u", PAGE_SIZE);
  const char *argv[] = { child, data_dir, url, TOKEN, "--report", page_size, NULL };
  gint64 start = g_get_monotonic_time ();
  char *end = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error))
    g_error ("%s", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("the sync failed: %s", error->message);
  *max_rss_kb = strtol (out, &end, 10);
  *records = g_ascii_strtoull (end, NULL, 10);
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

/* Every page of a full pass of @collection, fetched as the sync fetched
 * them; only json-glib's parsing of each is timed. */
static double
parse_only (SoupSession     *session,
            const char      *url,
            PomarCollection  collection,
            guint64         *records,
            guint64         *bytes)
{
  g_autofree char *cursor = NULL;
  gint64 parsing = 0;

  do
    {
      g_autoptr (GString) uri = g_string_new (NULL);
      g_autoptr (SoupMessage) message = NULL;
      g_autoptr (JsonParser) parser = json_parser_new_immutable ();
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) body = NULL;
      JsonObject *page;
      gint64 start;

      g_string_printf (uri, "%s/v1/%s?limit=%u", url, pomar_collection_to_string (collection), PAGE_SIZE);
      if (cursor != NULL)
        g_string_append_printf (uri, "&cursor=%s", cursor);
      message = soup_message_new ("GET", uri->str);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                    "Bearer " TOKEN);
      body = soup_session_send_and_read (session, message, NULL, &error);
      if (body == NULL)
        g_error ("%s", error->message);

      start = g_get_monotonic_time ();
      if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body),
                                       &error))
        g_error ("a page does not parse: %s", error->message);
      parsing += g_get_monotonic_time () - start;

      page = json_node_get_object (json_parser_get_root (parser));
      *records += json_array_get_length (json_object_get_array_member (page, "data"));
      *bytes += g_bytes_get_size (body);
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member_with_default (page, "next_cursor", NULL));
    }
  while (cursor != NULL);

  return (double) parsing / G_USEC_PER_SEC;
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
  guint n_accounts = argc > 1 ? (guint) atoi (argv[1]) : DEFAULT_ACCOUNTS;
  guint64 total = 0, synced = 0, again_synced = 0, parsed = 0, bytes = 0;
  double load_s, sync_s, parse_s = 0, again_s, sync_rate, parse_rate;
  long rss_kb, again_rss_kb;
  gint64 start;

  if (child == NULL)
    g_error ("POMAR_SYNC_CHILD is not set: run through meson");
  if (n_accounts == 0)
    g_error ("usage: bench-sync [ACCOUNTS]");

  /* Loopback only, whatever the environment says about proxies. */
  soup_session_set_proxy_resolver (session, NULL);

  start = g_get_monotonic_time ();
  fixture_server_load_demo (server, n_accounts, 7, NULL);
  load_s = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  for (guint c = 0; c < POMAR_N_COLLECTIONS; c++)
    total += fixture_server_count (server, c);
  g_print ("book: %u accounts, %" G_GUINT64_FORMAT " records", n_accounts, total);
  for (guint c = 0; c < POMAR_N_COLLECTIONS; c++)
    g_print ("%s%u %s", c == 0 ? " (" : ", ", fixture_server_count (server, c), pomar_collection_to_string (c));
  g_print ("), served from text made in %.1f s\n", load_s);

  tmp = g_dir_make_tmp ("pomar-bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (tmp, "data", NULL);

  sync_s = run_child (child, data_dir, fixture_server_get_url (server), &rss_kb, &synced);
  for (guint c = 0; c < POMAR_N_COLLECTIONS; c++)
    parse_s += parse_only (session, fixture_server_get_url (server), c, &parsed, &bytes);
  again_s = run_child (child, data_dir, fixture_server_get_url (server), &again_rss_kb, &again_synced);

  if (synced != total || parsed != total)
    g_error ("the sync stored %" G_GUINT64_FORMAT " records and the pages held %" G_GUINT64_FORMAT
             ", not the book's %" G_GUINT64_FORMAT, synced, parsed, total);
  if (again_synced != 0)
    g_error ("the sync with nothing new stored %" G_GUINT64_FORMAT " records", again_synced);

  sync_rate = (double) total / sync_s;
  parse_rate = (double) parsed / parse_s;
  g_print ("pages of %u records, %.0f MB of JSON\n", PAGE_SIZE, bytes / 1e6);
  g_print ("full sync:          %.1f s, %.0f records/s, peak RSS %ld MB (target: under 200 MB)\n",
           sync_s, sync_rate, rss_kb / 1024);
  g_print ("json-glib parsing:  %.1f s, %.0f records/s, the same pages\n", parse_s, parse_rate);
  g_print ("ratio:              %.2f of the parse-only rate (target: 0.7 or more)\n", sync_rate / parse_rate);
  g_print ("nothing new:        %.0f ms, peak RSS %ld MB (target: under 300 ms)\n", again_s * 1000,
           again_rss_kb / 1024);

  store_test_remove_tree (tmp);
  return 0;
}
