/* bench-store.c: how fast the cache takes and gives data at demo scale.
 *
 * 10,000 accounts, 1,000,000 usage rows written in transactions of 50,000
 * (as the demo generator and a sync write them), 100,000 tickets and
 * 50,000 activities; then the account summaries every list shows, for all
 * 10,000 accounts at once. Prints rows/s and milliseconds.
 *
 * Run with `meson test -C BUILDDIR --benchmark`, or directly with a row
 * count: bench-store [USAGE_ROWS].
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "core/pomar-error.h"
#include "store-test-util.h"

#define N_ACCOUNTS   10000
#define N_TICKETS    100000
#define N_ACTIVITIES 50000
#define CHUNK        50000

typedef struct
{
  guint    first;
  guint    count;
  gboolean want_outcome;
  gboolean day_major;  /* every account's day 1, then day 2...: scattered ids */
  guint    total;
} Chunk;

static gboolean
write_accounts (PomarStoreWriter  *writer,
                gpointer           user_data,
                GCancellable      *cancellable,
                GError           **error)
{
  const char *stages[] = { "onboarding", "engagement", "nurture", "inspire", "churned" };

  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      g_autofree char *id = g_strdup_printf ("acc_%05u", i);
      g_autofree char *name = g_strdup_printf ("Customer %u Ltda", (i * 7919) % N_ACCOUNTS);
      g_autoptr (PomarAccount) account = store_test_account (id, 1, name, stages[i % 5],
                                                             1000.0 * (i % 97), i % 3 ? "BRL" : "USD");

      if (!pomar_store_writer_upsert_account (writer, account, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* Usage rows are built in place, in stack buffers, so that the benchmark
 * measures the store rather than the allocator. */
static gboolean
write_usage (PomarStoreWriter  *writer,
             gpointer           user_data,
             GCancellable      *cancellable,
             GError           **error)
{
  Chunk *chunk = user_data;
  char id[32], account_id[16], day[16];
  char updated_at[] = "2026-11-20T23:00:00Z";
  char features[] = "{\"reports\":120,\"dashboards\":35,\"exports\":4}";
  PomarUsage usage = { 0, };
  PomarUpsertOutcome outcome;
  g_autoptr (GDate) date = g_date_new ();

  usage.id = id;
  usage.account_id = account_id;
  usage.day = day;
  usage.updated_at = updated_at;
  usage.features_json = features;
  usage.version = 1;

  for (guint n = chunk->first; n < chunk->first + chunk->count; n++)
    {
      guint days = MAX (1u, chunk->total / N_ACCOUNTS);
      guint account = chunk->day_major ? n % N_ACCOUNTS : n / days;
      guint day_index = chunk->day_major ? n / N_ACCOUNTS : n % days;

      g_date_set_dmy (date, 1, 1, 2024);
      g_date_add_days (date, day_index);
      g_snprintf (account_id, sizeof account_id, "acc_%05u", account);
      g_date_strftime (day, sizeof day, "%Y-%m-%d", date);
      g_snprintf (id, sizeof id, "%s:%s", account_id, day);
      usage.active_users = 5 + n % 30;
      usage.sessions = 3 * usage.active_users;
      usage.events = 100 + n % 5000;

      if (!pomar_store_writer_upsert_usage (writer, &usage, chunk->want_outcome ? &outcome : NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_tickets (PomarStoreWriter  *writer,
               gpointer           user_data,
               GCancellable      *cancellable,
               GError           **error)
{
  const char *statuses[] = { "new", "open", "pending", "hold", "solved", "closed", "solved", "closed" };
  const char *priorities[] = { "low", "normal", "normal", "high", "urgent" };

  for (guint i = 0; i < N_TICKETS; i++)
    {
      g_autofree char *id = g_strdup_printf ("tkt_%06u", i);
      g_autofree char *account_id = g_strdup_printf ("acc_%05u", (i * 31) % N_ACCOUNTS);
      g_autoptr (PomarTicket) ticket = store_test_ticket (id, 1, account_id, statuses[i % 8],
                                                         priorities[i % 5], "2026-10-01T00:00:00Z");

      if (!pomar_store_writer_upsert_ticket (writer, ticket, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_activities (PomarStoreWriter  *writer,
                  gpointer           user_data,
                  GCancellable      *cancellable,
                  GError           **error)
{
  const char *kinds[] = { "note", "meeting", "email", "call", "task_done" };

  for (guint i = 0; i < N_ACTIVITIES; i++)
    {
      g_autofree char *id = g_strdup_printf ("act_%06u", i);
      g_autofree char *account_id = g_strdup_printf ("acc_%05u", (i * 17) % N_ACCOUNTS);
      g_autofree char *when = g_strdup_printf ("2026-%02u-%02uT10:00:00Z", 1 + i % 12, 1 + i % 28);
      g_autoptr (PomarActivity) activity = store_test_activity (id, 1, account_id, kinds[i % 5],
                                                                "Talked about the renewal.", when);

      if (!pomar_store_writer_upsert_activity (writer, activity, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_nothing (PomarStoreWriter  *writer,
               gpointer           user_data,
               GCancellable      *cancellable,
               GError           **error)
{
  return pomar_store_writer_set_meta (writer, "bench", "1", error);
}

static void
check (gboolean  ok,
       GError   *error)
{
  if (!ok)
    g_error ("%s", error != NULL ? error->message : "failed");
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
upsert_usage (PomarStore *store,
              guint       rows,
              gboolean    want_outcome,
              gboolean    day_major)
{
  gint64 start = g_get_monotonic_time ();

  for (guint first = 0; first < rows; first += CHUNK)
    {
      GError *error = NULL;
      Chunk chunk = { first, MIN (CHUNK, rows - first), want_outcome, day_major, rows };

      check (pomar_store_write_sync (store, write_usage, &chunk, NULL, &error), error);
    }
  return seconds_since (start);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStore) store = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *data_dir = NULL;
  guint usage_rows = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 1000000;
  PomarStoreCounts counts;
  gint64 start;
  double seconds;
  double best = G_MAXDOUBLE;
  double first_ms = 0;
  double best_cpu = G_MAXDOUBLE;

  tmp_dir = g_dir_make_tmp ("pomar-bench-XXXXXX", &error);
  check (tmp_dir != NULL, error);
  data_dir = g_build_filename (tmp_dir, "data", NULL);
  store = pomar_store_open (data_dir, &error);
  check (store != NULL, error);

  start = g_get_monotonic_time ();
  check (pomar_store_write_sync (store, write_accounts, NULL, NULL, &error), error);
  seconds = seconds_since (start);
  g_print ("accounts:   %7u rows in %6.2f s = %9.0f rows/s\n", N_ACCOUNTS, seconds, N_ACCOUNTS / seconds);

  /* Account by account, as the demo generator and a per-account sync
   * write them: ids arrive in key order. */
  seconds = upsert_usage (store, usage_rows, FALSE, FALSE);
  g_print ("usage:      %7u rows in %6.2f s = %9.0f rows/s (inserts, account by account, %u per transaction)\n",
           usage_rows, seconds, usage_rows / seconds, CHUNK);

  /* The same rows again, day by day (ids scattered over the whole table),
   * asking for outcomes as a sync does. */
  seconds = upsert_usage (store, usage_rows, TRUE, TRUE);
  g_print ("usage:      %7u rows in %6.2f s = %9.0f rows/s (updates, day by day, with outcomes)\n",
           usage_rows, seconds, usage_rows / seconds);

  start = g_get_monotonic_time ();
  check (pomar_store_write_sync (store, write_tickets, NULL, NULL, &error), error);
  seconds = seconds_since (start);
  g_print ("tickets:    %7u rows in %6.2f s = %9.0f rows/s\n", N_TICKETS, seconds, N_TICKETS / seconds);

  start = g_get_monotonic_time ();
  check (pomar_store_write_sync (store, write_activities, NULL, NULL, &error), error);
  seconds = seconds_since (start);
  g_print ("activities: %7u rows in %6.2f s = %9.0f rows/s\n", N_ACTIVITIES, seconds, N_ACTIVITIES / seconds);

  /* The demo generator's path: a whole book in one transaction, in a cache
   * of its own; then how much WAL is left once the store is closed. */
  {
    g_autofree char *demo_dir = g_build_filename (tmp_dir, "demo", NULL);
    g_autofree char *wal = g_build_filename (demo_dir, "pomar.db-wal", NULL);
    g_autoptr (PomarStore) demo = pomar_store_open (demo_dir, &error);
    Chunk chunk = { 0, usage_rows, FALSE, FALSE, usage_rows };
    GStatBuf st;

    check (demo != NULL, error);
    start = g_get_monotonic_time ();
    check (pomar_store_write_sync (demo, write_usage, &chunk, NULL, &error), error);
    seconds = seconds_since (start);
    g_print ("usage:      %7u rows in %6.2f s = %9.0f rows/s (inserts, all in one transaction)\n",
             usage_rows, seconds, usage_rows / seconds);
    if (g_stat (wal, &st) == 0)
      g_print ("            WAL right after the commit: %.1f MB\n", st.st_size / 1e6);
    /* The next write starts the WAL over, cut to journal_size_limit. */
    check (pomar_store_write_sync (demo, write_nothing, NULL, NULL, &error), error);
    check (pomar_store_write_sync (demo, write_nothing, NULL, NULL, &error), error);
    if (g_stat (wal, &st) == 0)
      g_print ("            WAL after the next writes: %.1f MB\n", st.st_size / 1e6);
  }

  reader = pomar_store_reader_new (store, &error);
  check (reader != NULL, error);

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr (GPtrArray) summaries = NULL;
      clock_t cpu_start;
      double ms;

      start = g_get_monotonic_time ();
      cpu_start = clock ();
      summaries = pomar_store_reader_list_account_summaries (reader, &error);
      ms = seconds_since (start) * 1000;
      best_cpu = MIN (best_cpu, (clock () - cpu_start) * 1000.0 / CLOCKS_PER_SEC);
      check (summaries != NULL, error);
      if (summaries->len != N_ACCOUNTS)
        g_error ("%u summaries, expected %u", summaries->len, N_ACCOUNTS);
      if (i == 0)
        first_ms = ms;
      best = MIN (best, ms);
    }
  g_print ("list_account_summaries (%u accounts): first %.1f ms, best of 5 %.1f ms (CPU %.1f ms)\n",
           N_ACCOUNTS, first_ms, best, best_cpu);

  start = g_get_monotonic_time ();
  {
    g_autoptr (PomarAccountSummary) summary = pomar_store_reader_get_account_summary (reader, "acc_00042", &error);
    check (summary != NULL, error);
  }
  g_print ("get_account_summary: %.2f ms\n", seconds_since (start) * 1000);

  start = g_get_monotonic_time ();
  {
    g_autoptr (GPtrArray) usage = pomar_store_reader_list_usage (reader, "acc_00042", NULL, &error);
    check (usage != NULL, error);
  }
  g_print ("list_usage (one account, all days): %.2f ms\n", seconds_since (start) * 1000);

  start = g_get_monotonic_time ();
  check (pomar_store_reader_get_counts (reader, &counts, &error), error);
  g_print ("get_counts: %.1f ms (%" G_GINT64_FORMAT " usage rows)\n",
           seconds_since (start) * 1000, counts.collections[POMAR_COLLECTION_USAGE]);

  g_clear_pointer (&reader, pomar_store_reader_free);
  g_clear_object (&store);
  store_test_remove_tree (tmp_dir);
  return 0;
}
