/* bench-demo.c: how fast the demo generator makes a big book.
 *
 * Generates a book (10,000 accounts unless given another size as the first
 * argument) into a sink that only counts, so the time measured is the
 * generator's alone, without storage. Prints the records made of each kind
 * and the seconds taken.
 */
#include "core/pomar-demo.h"

#include <stdlib.h>

static const char * const kind_names[] = {
  "accounts", "contacts", "tickets", "usage", "responses", "activities",
  "playbook instances", "playbook tasks",
};

static gboolean
count_sink (PomarDemoRecordKind   kind,
            gconstpointer         record,
            gpointer              user_data,
            GError              **error)
{
  guint64 *counts = user_data;

  counts[kind]++;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  PomarDemoOptions options;
  guint64 counts[G_N_ELEMENTS (kind_names)] = { 0 };
  guint64 total = 0;
  gint64 started;
  double seconds;

  pomar_demo_options_init (&options);
  options.n_accounts = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 10000;
  /* A fixed today: the same book on every run, comparable timings. */
  g_date_set_dmy (&options.today, 23, G_DATE_NOVEMBER, 2026);

  started = g_get_monotonic_time ();
  if (!pomar_demo_generate (&options, count_sink, NULL, counts, NULL, &error))
    {
      g_printerr ("bench-demo: %s\n", error->message);
      return 1;
    }
  seconds = (g_get_monotonic_time () - started) / 1e6;

  g_print ("demo book of %u accounts (seed %" G_GUINT64_FORMAT ")\n",
           options.n_accounts, options.seed);
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      g_print ("  %-20s %10" G_GUINT64_FORMAT "  (%.1f per account)\n",
               kind_names[i], counts[i], (double) counts[i] / options.n_accounts);
      total += counts[i];
    }
  g_print ("  %-20s %10" G_GUINT64_FORMAT "\n", "records", total);
  g_print ("generated in %.2f s (%.0f records/s)\n", seconds, total / seconds);
  return 0;
}
