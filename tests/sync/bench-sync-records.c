/* bench-sync-records.c: how fast usage pages turn into records.
 *
 * A full sync of a large book reads millions of usage rows, so the cost of
 * pomar_sync_record_parse() beside json-glib's own parsing is worth knowing.
 * Pages are generated as a server would send them (5000 records, the
 * contract's largest page) outside the timed part; each page is timed three
 * times: json-glib parsing alone, then parsing plus conversion to
 * PomarUsage, then the page reader that needs no tree (pomar-sync-page.c),
 * which is what a sync from a Pomar server uses.
 *
 *   bench-sync-records [--records N] [--page-size N]
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sync/pomar-sync-page.h"
#include "sync/pomar-sync-records.h"

static char *
generate_page (guint first,
               guint count)
{
  GString *page = g_string_sized_new ((gsize) count * 240);

  g_string_append (page, "{\"data\":[");
  for (guint n = first; n < first + count; n++)
    {
      guint account = n % 20000;
      guint day = n / 20000;
      /* Days from 2024-01-01 on, well within valid dates. */
      guint year = 2024 + day / 336;
      guint month = 1 + (day / 28) % 12;
      guint dom = 1 + day % 28;

      if (n > first)
        g_string_append_c (page, ',');
      g_string_append_printf (page,
                              "{\"id\":\"acc_%05u:%04u-%02u-%02u\",\"account_id\":\"acc_%05u\","
                              "\"day\":\"%04u-%02u-%02u\",\"active_users\":%u,\"sessions\":%u,"
                              "\"events\":%u,\"features\":{\"reports\":%u,\"dashboards\":%u,\"exports\":%u},"
                              "\"updated_at\":\"%04u-%02u-%02uT23:%02u:%02uZ\",\"version\":%u}",
                              account, year, month, dom, account,
                              year, month, dom, n % 50, n % 150, n % 5000,
                              n % 120, n % 35, n % 4,
                              year, month, dom, n % 60, (n / 7) % 60, 1 + n % 3);
    }
  g_string_append (page, "],\"next_cursor\":\"c\",\"sync_token\":\"t\"}");

  return g_string_free (page, FALSE);
}

static void
report (const char *what,
        guint       records,
        gint64      usec)
{
  double seconds = usec / (double) G_USEC_PER_SEC;

  g_print ("%-22s %9u records in %7.3f s: %10.0f records/s (%.2f us per record)\n",
           what, records, seconds, records / seconds, usec / (double) records);
}

int
main (int   argc,
      char *argv[])
{
  int records = 1000000;
  int page_size = 5000;
  GOptionEntry entries[] = {
    { "records", 0, 0, G_OPTION_ARG_INT, &records, "Usage records to parse", "N" },
    { "page-size", 0, 0, G_OPTION_ARG_INT, &page_size, "Records per page", "N" },
    { NULL, },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- time parsing usage records");
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  gint64 parse_usec = 0;
  gint64 both_usec = 0;
  gint64 convert_usec = 0;
  gint64 reader_usec = 0;
  guint done = 0;
  guint invalid = 0;
  gsize bytes = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (records <= 0 || page_size <= 0)
    {
      g_printerr ("--records and --page-size must be positive\n");
      return EXIT_FAILURE;
    }

  while (done < (guint) records)
    {
      guint count = MIN ((guint) page_size, (guint) records - done);
      g_autofree char *page = generate_page (done, count);
      gsize length = strlen (page);
      JsonArray *data;
      gint64 start;
      gint64 converting;

      bytes += length;

      /* json-glib alone. */
      start = g_get_monotonic_time ();
      if (!json_parser_load_from_data (parser, page, length, &error))
        g_error ("The generated page does not parse: %s", error->message);
      parse_usec += g_get_monotonic_time () - start;

      /* json-glib, then every record converted and freed. */
      start = g_get_monotonic_time ();
      if (!json_parser_load_from_data (parser, page, length, &error))
        g_error ("The generated page does not parse: %s", error->message);
      data = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "data");
      converting = g_get_monotonic_time ();
      for (guint i = 0; i < json_array_get_length (data); i++)
        {
          char *reason = NULL;
          char *id = NULL;
          PomarUsage *usage = pomar_sync_record_parse (POMAR_COLLECTION_USAGE,
                                                       json_array_get_element (data, i),
                                                       &id, &reason);

          if (usage == NULL)
            {
              if (invalid++ == 0)
                g_printerr ("Invalid record %s: %s\n", id, reason);
              g_free (id);
              g_free (reason);
            }
          pomar_usage_free (usage);
        }
      convert_usec += g_get_monotonic_time () - converting;
      both_usec += g_get_monotonic_time () - start;

      /* The page reader: page to records, no tree. */
      {
        PomarProviderPage read;

        pomar_provider_page_init (&read, POMAR_COLLECTION_USAGE);
        start = g_get_monotonic_time ();
        if (!pomar_sync_page_read (POMAR_COLLECTION_USAGE, page, length, &read))
          g_error ("The page reader left a generated page to json-glib");
        invalid += read.quarantined->len;
        pomar_provider_page_clear (&read);
        reader_usec += g_get_monotonic_time () - start;
      }

      done += count;
    }

  g_print ("%u usage records in pages of %d, %.1f MB of JSON\n", done, page_size, bytes / 1e6);
  report ("parse only", done, parse_usec);
  report ("parse + convert", done, both_usec);
  report ("convert alone", done, MAX (convert_usec, 1));
  report ("page reader", done, MAX (reader_usec, 1));

  return invalid == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
