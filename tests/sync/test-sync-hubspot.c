/* test-sync-hubspot.c: the HubSpot provider against HubSpot-shaped
 * endpoints on the fixture server.
 *
 * After every pass the cache's whole accounts table is compared, field by
 * field, with the companies as a HubSpot connection must have made them
 * (fixture_hubspot_matches_store). Times are the test's own, in ms, so
 * that hundreds of companies can share one.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <libsoup/soup.h>

#include "core/pomar-error.h"
#include "store/pomar-store.h"
#include "sync/pomar-provider-hubspot.h"
#include "sync/pomar-sync-engine.h"
#include "fixture-hubspot.h"
#include "store-test-util.h"
#include "sync-test-util.h"

#define TOKEN      "hubspot-token-4321"
#define CONNECTION "hub"
/* 2026-01-01T00:00:00Z, in ms */
#define T0         G_GINT64_CONSTANT (1767225600000)
#define SECOND     G_GINT64_CONSTANT (1000)
#define MINUTE     (60 * SECOND)
#define HOUR       (60 * MINUTE)
#define DAY        (24 * HOUR)

typedef struct
{
  char           *tmp_dir;
  PomarStore     *store;
  FixtureServer  *server;
  FixtureHubspot *hubspot;
  PomarConnectionInfo info;
} Fixture;

static const char *const assignments[] = {
  "arr=arr_total", "currency=arr_currency", "renewal_date=renewal_on", "licensed_seats=seats",
  "stage=cs_stage", "segment=tier", "owner=cs_owner", "plan=plan_name", "contract_start=contract_start_on",
  NULL,
};

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = NULL;

  f->tmp_dir = g_dir_make_tmp ("pomar-hubspot-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (f->tmp_dir, "data", NULL);
  f->store = pomar_store_open (data_dir, &error);
  g_assert_no_error (error);

  f->server = fixture_server_new (TOKEN);
  f->hubspot = fixture_hubspot_new (f->server);
  fixture_hubspot_set_arr_property (f->hubspot, "arr_total");

  f->info.name = g_strdup (CONNECTION);
  f->info.provider = g_strdup ("hubspot");
  f->info.base_url = g_strdup (fixture_hubspot_get_url (f->hubspot));
  g_assert_true (pomar_hubspot_settings_from_assignments (assignments, &f->info.settings_json, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->server, fixture_server_free);
  g_clear_pointer (&f->hubspot, fixture_hubspot_free);
  g_free (f->info.name);
  g_free (f->info.provider);
  g_free (f->info.base_url);
  g_free (f->info.settings_json);
  store_test_remove_tree (f->tmp_dir);
  g_free (f->tmp_dir);
}

/* Company @id as of change @round: every value form HubSpot may send. */
static void
put_company (Fixture *f,
             gint64   id,
             gint64   modified,
             guint    round)
{
  static const char *const stages[] = {
    "onboarding", "Initial engagement", "NURTURE", "inspire", "Churned", "engagement", "lead", NULL,
  };
  static const char *const tiers[] = { "enterprise", "Mid Market", "smb", "strategic", NULL };
  static const char *const currencies[] = { "USD", "EUR", NULL };
  static const char *const plans[] = { "Pro", "Basic", NULL };
  guint i = (guint) (id % 100000) + round;
  guint month = 1 + i % 12, day = 1 + i % 28;
  g_autoptr (GDateTime) renewal = g_date_time_new_utc (2027, (int) month, (int) day, 0, 0, 0);
  g_autofree char *name = g_strdup_printf ("Company %" G_GINT64_FORMAT " (%u)", id, round);
  g_autofree char *domain = NULL;
  g_autofree char *arr = NULL;
  g_autofree char *renewal_on = NULL;
  g_autofree char *seats = NULL;
  g_autofree char *owner = i % 4 == 0 ? NULL : g_strdup_printf ("owner%u@example.com", i % 7);
  g_autofree char *start = NULL;

  if (id % 13 != 0)
    domain = id % 11 == 0 ? g_strdup_printf ("www.Company%" G_GINT64_FORMAT ".Example", id)
                          : g_strdup_printf ("company%" G_GINT64_FORMAT ".example", id);
  switch (i % 4)
    {
    case 0:
      arr = g_strdup_printf ("%u.50", i * 100);
      break;
    case 1:
      arr = g_strdup_printf ("%u", i * 10);
      break;
    case 2:
      break;
    default:
      arr = g_strdup ("1.25e4");
      break;
    }
  switch (i % 3)
    {
    case 0:
      renewal_on = g_date_time_format (renewal, "%Y-%m-%d");
      break;
    case 1:
      renewal_on = g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (renewal) * 1000);
      break;
    default:
      renewal_on = g_date_time_format (renewal, "%Y-%m-%dT%H:%M:%S.000Z");
      break;
    }
  if (i % 3 != 2)
    seats = g_strdup_printf (i % 3 == 0 ? "%u" : "%u.0", 5 + i % 90);
  start = i % 2 == 0
            ? g_strdup_printf ("2026-%02u-01", month)
            : g_strdup_printf ("%" G_GINT64_FORMAT, (g_date_time_to_unix (renewal) - 365 * 86400) * 1000);

  fixture_hubspot_put (f->hubspot, id, modified,
                       "name", name,
                       "domain", domain,
                       "arr_total", arr,
                       "arr_currency", currencies[i % 3],
                       "renewal_on", renewal_on,
                       "seats", seats,
                       "cs_stage", stages[i % G_N_ELEMENTS (stages)],
                       "tier", tiers[i % G_N_ELEMENTS (tiers)],
                       "cs_owner", owner,
                       "plan_name", plans[i % 3],
                       "contract_start_on", start,
                       "annualrevenue", "999999",  /* never taken for the ARR */
                       NULL);
}

/* @n companies from @first_id, five to a time, a minute apart. */
static void
put_companies (Fixture *f,
               gint64   first_id,
               guint    n,
               gint64   from)
{
  for (guint k = 0; k < n; k++)
    put_company (f, first_id + k, from + (gint64) (k / 5) * MINUTE, 0);
}

static gboolean
sync_once (Fixture         *f,
           gboolean         full,
           PomarSyncResult *result,
           GError         **error)
{
  PomarSyncOptions options;

  sync_test_fast_options (&options);
  options.full = full;
  return pomar_sync_connection (f->store, &f->info, TOKEN, &options, result, NULL, error);
}

static void
sync_ok (Fixture         *f,
         gboolean         full,
         PomarSyncResult *result)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (sync_once (f, full, result, &error));
  g_assert_no_error (error);
  g_assert_true (result->collections[POMAR_COLLECTION_ACCOUNTS].done);
}

static void
assert_matches (Fixture *f)
{
  g_autofree char *diff = NULL;

  if (!fixture_hubspot_matches_store (f->hubspot, f->store, CONNECTION, f->info.settings_json, &diff))
    g_error ("the cache differs from HubSpot: %s", diff);
}

static gint64
quarantined (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = pomar_store_reader_new (f->store, &error);
  PomarStoreCounts counts;

  g_assert_no_error (error);
  g_assert_true (pomar_store_reader_get_counts (reader, &counts, &error));
  return counts.quarantined;
}

static PomarSyncState *
sync_state (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = pomar_store_reader_new (f->store, &error);
  PomarSyncState *state;

  g_assert_no_error (error);
  state = pomar_store_reader_get_sync_state (reader, CONNECTION, POMAR_COLLECTION_ACCOUNTS, &error);
  g_assert_no_error (error);
  return state;
}

/* A full pass lists; later ones search for what changed and list what was
 * archived; a pass with nothing new reads only the last minute again. */
static void
test_full_and_incremental (Fixture       *f,
                           gconstpointer  user_data)
{
  g_auto (PomarSyncResult) first = { 0 };
  g_auto (PomarSyncResult) second = { 0 };
  g_auto (PomarSyncResult) third = { 0 };
  g_auto (PomarSyncResult) full = { 0 };
  g_autoptr (PomarSyncState) state = NULL;
  guint lists, archived_lists, searches;
  const gint64 t1 = T0 + DAY;

  put_companies (f, 1001, 250, T0);
  /* Five archived before the first pass. */
  put_companies (f, 5001, 5, T0);
  for (gint64 id = 5001; id <= 5005; id++)
    fixture_hubspot_archive (f->hubspot, id, T0 + 2 * HOUR);

  sync_ok (f, FALSE, &first);
  assert_matches (f);
  g_assert_cmpuint (first.collections[POMAR_COLLECTION_ACCOUNTS].records, ==, 250 + 5);
  g_assert_cmpuint (first.collections[POMAR_COLLECTION_ACCOUNTS].tombstones, ==, 5);
  fixture_hubspot_get_requests (f->hubspot, &lists, &archived_lists, &searches);
  g_assert_cmpuint (lists, ==, 3);
  g_assert_cmpuint (archived_lists, ==, 1);
  g_assert_cmpuint (searches, ==, 1);
  state = sync_state (f);
  g_assert_true (g_str_has_prefix (state->sync_token, "hs1|"));
  g_assert_null (state->cursor);
  g_clear_pointer (&state, pomar_sync_state_free);

  /* 30 changed, 10 archived, 5 new. */
  for (guint k = 0; k < 30; k++)
    put_company (f, 1001 + k * 7, t1 + k * SECOND, 1);
  for (guint k = 0; k < 10; k++)
    fixture_hubspot_archive (f->hubspot, 1003 + k * 7, t1 + 5 * MINUTE);
  for (guint k = 0; k < 5; k++)
    put_company (f, 2001 + k, t1 + 10 * MINUTE + k * SECOND, 0);

  sync_ok (f, FALSE, &second);
  assert_matches (f);
  g_assert_cmpuint (second.collections[POMAR_COLLECTION_ACCOUNTS].records, >=, 35 + 10);
  g_assert_cmpuint (second.collections[POMAR_COLLECTION_ACCOUNTS].tombstones, ==, 10);
  fixture_hubspot_get_requests (f->hubspot, &lists, NULL, NULL);
  g_assert_cmpuint (lists, ==, 3);   /* no listing of every company again */

  /* Nothing new: the last minute is read again, and nothing is archived
   * twice. */
  sync_ok (f, FALSE, &third);
  assert_matches (f);
  g_assert_cmpuint (third.collections[POMAR_COLLECTION_ACCOUNTS].records, ==, 5);
  g_assert_cmpuint (third.collections[POMAR_COLLECTION_ACCOUNTS].tombstones, ==, 0);
  g_assert_cmpuint (third.collections[POMAR_COLLECTION_ACCOUNTS].requests, ==, 2);

  /* A full pass over a cache that has it all changes nothing. */
  sync_ok (f, TRUE, &full);
  assert_matches (f);
  g_assert_cmpuint (fixture_hubspot_count (f->hubspot), ==, 250 - 10 + 5);
}

/* 12,000 companies changed at three times pass in one later pass: past the
 * search's window of 10,000 and past thousands that share a time. */
static void
test_past_the_window (Fixture       *f,
                      gconstpointer  user_data)
{
  g_auto (PomarSyncResult) first = { 0 };
  g_auto (PomarSyncResult) second = { 0 };
  guint lists, searches_before, searches;
  const gint64 t1 = T0 + DAY;
  gint64 start;

  put_companies (f, 1001, 3, T0);
  sync_ok (f, FALSE, &first);
  fixture_hubspot_get_requests (f->hubspot, NULL, NULL, &searches_before);

  /* Ids and times do not go together: the order by time is not the
   * order by id. */
  for (gint64 k = 0; k < 12000; k++)
    put_company (f, 100000 + k, t1 + ((k * 7) % 3) * SECOND, 0);

  start = g_get_monotonic_time ();
  sync_ok (f, FALSE, &second);
  g_test_message ("12,000 companies in one later pass: %.2f s, %u requests",
                  (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC,
                  second.collections[POMAR_COLLECTION_ACCOUNTS].requests);
  assert_matches (f);
  g_assert_cmpuint (fixture_hubspot_count (f->hubspot), ==, 12003);
  g_assert_cmpuint (second.collections[POMAR_COLLECTION_ACCOUNTS].records, >=, 12000);
  fixture_hubspot_get_requests (f->hubspot, &lists, NULL, &searches);
  g_assert_cmpuint (lists, ==, 1);
  g_assert_cmpuint (searches - searches_before, >=, 120);
}

/* Faults a pass rides out, in a full pass and in a later one. */
static const struct
{
  const char  *name;
  FixtureFault fault;
} transient_faults[] = {
  { "429", FIXTURE_FAULT_429 },
  { "429-without-retry-after", FIXTURE_FAULT_429_NO_RETRY_AFTER },
  { "500", FIXTURE_FAULT_500 },
  { "502", FIXTURE_FAULT_502 },
  { "503", FIXTURE_FAULT_503 },
  { "truncated", FIXTURE_FAULT_TRUNCATED },
  { "reset", FIXTURE_FAULT_RESET },
  { "not-json", FIXTURE_FAULT_NOT_JSON },
  { "wrong-shape", FIXTURE_FAULT_WRONG_SHAPE },
  { "slow", FIXTURE_FAULT_SLOW },
  { "repeated-record", FIXTURE_FAULT_REPEAT },
};

static void
test_transient_fault (Fixture       *f,
                      gconstpointer  user_data)
{
  FixtureFault fault = (FixtureFault) GPOINTER_TO_INT (user_data);
  g_auto (PomarSyncResult) first = { 0 };
  g_auto (PomarSyncResult) second = { 0 };
  const gint64 t1 = T0 + DAY;

  put_companies (f, 1001, 250, T0);
  put_companies (f, 5001, 5, T0);
  for (gint64 id = 5001; id <= 5005; id++)
    fixture_hubspot_archive (f->hubspot, id, T0 + HOUR);
  /* The first page of the list and the archived list: the probe, three
   * pages (and a second try of the first, but for REPEAT), then it. */
  fixture_server_inject (f->server, POMAR_COLLECTION_ACCOUNTS, 2, fault);
  fixture_server_inject (f->server, POMAR_COLLECTION_ACCOUNTS, fault == FIXTURE_FAULT_REPEAT ? 5 : 6, fault);
  sync_ok (f, FALSE, &first);
  g_assert_cmpuint (first.collections[POMAR_COLLECTION_ACCOUNTS].tombstones, ==, 5);
  assert_matches (f);
  g_assert_cmpint (quarantined (f), ==, 0);
  /* Both pages were asked for again. */
  if (fault != FIXTURE_FAULT_REPEAT)
    g_assert_cmpuint (first.collections[POMAR_COLLECTION_ACCOUNTS].requests, ==,
                      first.collections[POMAR_COLLECTION_ACCOUNTS].pages + 2);

  /* Every company changed, three archived: several pages of search, the
   * second one hit. */
  for (guint k = 0; k < 250; k++)
    put_company (f, 1001 + k, t1 + (k / 3) * SECOND, 1);
  for (gint64 id = 1010; id <= 1012; id++)
    fixture_hubspot_archive (f->hubspot, id, t1 + HOUR);
  fixture_server_inject (f->server, POMAR_COLLECTION_ACCOUNTS, 2, fault);
  sync_ok (f, FALSE, &second);
  assert_matches (f);
  g_assert_cmpint (quarantined (f), ==, 0);
  g_assert_cmpuint (second.collections[POMAR_COLLECTION_ACCOUNTS].tombstones, ==, 3);
  g_assert_cmpuint (second.collections[POMAR_COLLECTION_ACCOUNTS].pages, >=, 3);
  if (fault != FIXTURE_FAULT_REPEAT)
    g_assert_cmpuint (second.collections[POMAR_COLLECTION_ACCOUNTS].requests, >,
                      second.collections[POMAR_COLLECTION_ACCOUNTS].pages);
}

/* A refused token stops the connection; a token without the right, the
 * pass. */
static void
test_refusals (Fixture       *f,
               gconstpointer  user_data)
{
  g_auto (PomarSyncResult) result = { 0 };
  g_auto (PomarSyncResult) other = { 0 };
  g_autoptr (GError) error = NULL;

  put_companies (f, 1001, 20, T0);
  fixture_server_inject (f->server, POMAR_COLLECTION_ACCOUNTS, 1, FIXTURE_FAULT_401);
  g_assert_false (sync_once (f, FALSE, &result, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_AUTH);
  g_assert_true (result.auth_failed);
  g_assert_false (result.collections[POMAR_COLLECTION_ACCOUNTS].done);
  g_clear_error (&error);

  fixture_server_inject (f->server, POMAR_COLLECTION_ACCOUNTS, 2, FIXTURE_FAULT_403);
  g_assert_false (sync_once (f, FALSE, &other, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_FORBIDDEN);
  g_assert_false (other.auth_failed);
  g_assert_false (other.collections[POMAR_COLLECTION_ACCOUNTS].done);
  g_assert_nonnull (other.collections[POMAR_COLLECTION_ACCOUNTS].error);
}

/* HubSpot's 400 on a search comes out as its own explanation. */
static void
test_refused_search (Fixture       *f,
                     gconstpointer  user_data)
{
  g_auto (PomarSyncResult) first = { 0 };
  g_auto (PomarSyncResult) refused = { 0 };
  g_auto (PomarSyncResult) again = { 0 };
  g_autoptr (GError) error = NULL;

  put_companies (f, 1001, 20, T0);
  sync_ok (f, FALSE, &first);
  put_company (f, 1005, T0 + DAY, 1);

  fixture_hubspot_refuse_next_search (f->hubspot, "Property \"tier\" is not searchable.");
  g_assert_false (sync_once (f, FALSE, &refused, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "HubSpot refused"));
  g_assert_nonnull (strstr (error->message, "Property \"tier\" is not searchable."));
  g_assert_cmpuint (refused.collections[POMAR_COLLECTION_ACCOUNTS].requests, ==, 1);
  g_assert_false (refused.collections[POMAR_COLLECTION_ACCOUNTS].done);

  sync_ok (f, FALSE, &again);
  assert_matches (f);
}

/* A list whose "after" does not move stops the pass rather than loop. */
static void
test_stuck_cursor (Fixture       *f,
                   gconstpointer  user_data)
{
  g_auto (PomarSyncResult) result = { 0 };
  g_auto (PomarSyncResult) again = { 0 };
  g_autoptr (GError) error = NULL;

  put_companies (f, 1001, 250, T0);
  /* The probe, the first page, then the second page. */
  fixture_server_inject (f->server, POMAR_COLLECTION_ACCOUNTS, 3, FIXTURE_FAULT_STUCK_CURSOR);
  g_assert_false (sync_once (f, FALSE, &result, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_SERVER_BUG);
  g_assert_false (result.collections[POMAR_COLLECTION_ACCOUNTS].done);

  sync_ok (f, FALSE, &again);
  assert_matches (f);
}

/* A company whose ARR is not a number is set aside, counted and kept raw;
 * the others are stored. */
static void
test_invalid_record (Fixture       *f,
                     gconstpointer  user_data)
{
  g_auto (PomarSyncResult) result = { 0 };
  g_auto (PomarSyncResult) again = { 0 };
  g_auto (PomarSyncResult) bad = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) kept = NULL;
  g_autofree char *diff = NULL;
  PomarQuarantined *q;

  put_companies (f, 1001, 250, T0);
  fixture_server_inject (f->server, POMAR_COLLECTION_ACCOUNTS, 2, FIXTURE_FAULT_INVALID_RECORD);
  sync_ok (f, FALSE, &result);
  g_assert_cmpuint (result.collections[POMAR_COLLECTION_ACCOUNTS].quarantined, ==, 1);
  g_assert_cmpuint (result.collections[POMAR_COLLECTION_ACCOUNTS].records, ==, 249);
  g_assert_cmpint (quarantined (f), ==, 1);
  /* Only that company is missing. */
  g_assert_false (fixture_hubspot_matches_store (f->hubspot, f->store, CONNECTION, f->info.settings_json,
                                                 &diff));
  g_assert_nonnull (strstr (diff, "1 differences"));

  /* Served well again (a full pass), it is stored. */
  sync_ok (f, TRUE, &again);
  assert_matches (f);

  /* A bad ARR in HubSpot itself: quarantined on every pass it comes in. */
  fixture_hubspot_set (f->hubspot, 1100, T0 + DAY, "arr_total", "n/a");
  sync_ok (f, FALSE, &bad);
  g_assert_cmpuint (bad.collections[POMAR_COLLECTION_ACCOUNTS].quarantined, ==, 1);
  reader = pomar_store_reader_new (f->store, &error);
  g_assert_no_error (error);
  kept = pomar_store_reader_list_quarantined (reader, &error);
  g_assert_no_error (error);
  q = g_ptr_array_index (kept, 0);
  g_assert_cmpstr (q->record_id, ==, "1100");
  g_assert_cmpstr (q->collection, ==, "accounts");
  g_assert_nonnull (strstr (q->reason, "arr_total"));
  g_assert_nonnull (strstr (q->reason, "“n/a”"));
  g_assert_nonnull (strstr (q->raw, "\"n/a\""));
}

static gboolean
put_local_account (PomarStoreWriter  *writer,
                   gpointer           user_data,
                   GCancellable      *cancellable,
                   GError           **error)
{
  PomarAccount account = { 0 };

  account.id = (char *) "acme";
  account.version = 3;
  account.updated_at = (char *) "2026-01-02T00:00:00Z";
  account.name = (char *) "Acme Tintas Ltda";
  account.domain = (char *) "acme.com";
  account.stage = (char *) "engagement";
  account.arr = NAN;
  account.licensed_seats = POMAR_NO_INT;
  return pomar_store_writer_upsert_account (writer, &account, NULL, error);
}

/* An account another source has and a HubSpot company with its domain
 * ("www.ACME.com") are one account, with both sources; HubSpot fills what
 * the other lacks. */
static void
test_matched_by_domain (Fixture       *f,
                        gconstpointer  user_data)
{
  g_auto (PomarSyncResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GHashTable) hubspot_map = NULL;
  g_autoptr (GHashTable) local_map = NULL;
  PomarAccount *account;

  g_assert_true (pomar_store_write_sync (f->store, put_local_account, NULL, NULL, &error));
  g_assert_no_error (error);
  fixture_hubspot_put (f->hubspot, 777, T0 + HOUR,
                       "name", "ACME (HubSpot)",
                       "domain", "www.ACME.com",
                       "arr_total", "48000.00",
                       "arr_currency", "BRL",
                       "renewal_on", "2027-09-01",
                       "seats", "40",
                       "cs_stage", "Nurture",
                       NULL);
  sync_ok (f, FALSE, &result);

  reader = pomar_store_reader_new (f->store, &error);
  g_assert_no_error (error);
  accounts = pomar_store_reader_list_account_summaries (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  account = &((PomarAccountSummary *) g_ptr_array_index (accounts, 0))->account;
  g_assert_cmpstr (account->id, ==, "acme");
  /* The other source speaks first... */
  g_assert_cmpstr (account->name, ==, "Acme Tintas Ltda");
  g_assert_cmpstr (account->domain, ==, "acme.com");
  g_assert_cmpstr (account->stage, ==, "engagement");
  /* ...and HubSpot fills the rest. */
  g_assert_cmpfloat_with_epsilon (account->arr, 48000.0, 1e-9);
  g_assert_cmpstr (account->currency, ==, "BRL");
  g_assert_cmpstr (account->renewal_date, ==, "2027-09-01");
  g_assert_cmpint (account->licensed_seats, ==, 40);

  hubspot_map = pomar_store_reader_get_account_map (reader, CONNECTION, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (hubspot_map), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (hubspot_map, "777"), ==, "acme");
  local_map = pomar_store_reader_get_account_map (reader, "", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (local_map, "acme"), ==, "acme");
}

/* HubSpot's search trails its writes: a change it did not show yet is
 * found by the next pass, which starts a minute before the newest one. */
static void
test_search_lag (Fixture       *f,
                 gconstpointer  user_data)
{
  g_auto (PomarSyncResult) first = { 0 };
  g_auto (PomarSyncResult) second = { 0 };
  g_auto (PomarSyncResult) third = { 0 };
  g_autofree char *diff = NULL;
  const gint64 t1 = T0 + DAY;

  put_companies (f, 1001, 10, T0);
  sync_ok (f, FALSE, &first);

  fixture_hubspot_hold_in_search (f->hubspot, 1002);
  put_company (f, 1002, t1, 1);
  put_company (f, 1007, t1 + 10 * SECOND, 1);
  sync_ok (f, FALSE, &second);
  g_assert_false (fixture_hubspot_matches_store (f->hubspot, f->store, CONNECTION, f->info.settings_json,
                                                 &diff));
  g_assert_nonnull (strstr (diff, CONNECTION ":1002"));

  fixture_hubspot_release_search (f->hubspot);
  sync_ok (f, FALSE, &third);
  assert_matches (f);
}

/* Transient faults that outlast the tries stop the pass; the next sync
 * goes on from the last stored page. */
static void
test_gives_up_then_resumes (Fixture       *f,
                            gconstpointer  user_data)
{
  g_auto (PomarSyncResult) first = { 0 };
  g_auto (PomarSyncResult) failed = { 0 };
  g_auto (PomarSyncResult) again = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarSyncState) state = NULL;
  const gint64 t1 = T0 + DAY;

  put_companies (f, 1001, 250, T0);
  sync_ok (f, FALSE, &first);
  for (guint k = 0; k < 250; k++)
    put_company (f, 1001 + k, t1 + (k / 3) * SECOND, 1);

  /* The second page of the search, every try. */
  for (guint nth = 2; nth <= 6; nth++)
    fixture_server_inject (f->server, POMAR_COLLECTION_ACCOUNTS, nth, FIXTURE_FAULT_503);
  g_assert_false (sync_once (f, FALSE, &failed, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK);
  g_assert_cmpuint (failed.collections[POMAR_COLLECTION_ACCOUNTS].records, ==, 100);
  state = sync_state (f);
  g_assert_true (g_str_has_prefix (state->cursor, "hs1|search|"));

  fixture_server_clear_faults (f->server);
  sync_ok (f, FALSE, &again);
  assert_matches (f);
  /* It went on: the first page was not read again (but for the companies
   * of its last second). */
  g_assert_cmpuint (again.collections[POMAR_COLLECTION_ACCOUNTS].records, <, 250 - 90);
}

/* A full pass stopped in the middle of the list goes on from there, and
 * ends with the token its probe set. */
static void
test_full_pass_resumes (Fixture       *f,
                        gconstpointer  user_data)
{
  g_auto (PomarSyncResult) failed = { 0 };
  g_auto (PomarSyncResult) again = { 0 };
  g_auto (PomarSyncResult) later = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarSyncState) state = NULL;
  g_auto (GStrv) parts = NULL;
  guint lists, searches;

  put_companies (f, 1001, 250, T0);
  /* The second page of the list, every try. */
  for (guint nth = 3; nth <= 7; nth++)
    fixture_server_inject (f->server, POMAR_COLLECTION_ACCOUNTS, nth, FIXTURE_FAULT_503);
  g_assert_false (sync_once (f, FALSE, &failed, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK);
  state = sync_state (f);
  g_assert_true (g_str_has_prefix (state->cursor, "hs1|list|"));
  g_assert_null (state->sync_token);
  g_clear_pointer (&state, pomar_sync_state_free);

  fixture_server_clear_faults (f->server);
  sync_ok (f, FALSE, &again);
  assert_matches (f);
  g_assert_cmpuint (again.collections[POMAR_COLLECTION_ACCOUNTS].records, ==, 150);
  fixture_hubspot_get_requests (f->hubspot, &lists, NULL, &searches);
  /* (The fixture counts what reached it: the 503s did not.) The first
   * page once, the two others after the resume. */
  g_assert_cmpuint (lists, ==, 3);
  g_assert_cmpuint (searches, ==, 1);
  /* The newest change the probe found (one of the last five companies,
   * which share it), and no archiving since. */
  state = sync_state (f);
  parts = g_strsplit (state->sync_token, "|", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 4);
  g_assert_cmpstr (parts[0], ==, "hs1");
  g_assert_cmpstr (parts[1], ==, "1767228540000");
  g_assert_cmpint (g_ascii_strtoll (parts[2], NULL, 10), >=, 1246);
  g_assert_cmpint (g_ascii_strtoll (parts[2], NULL, 10), <=, 1250);
  g_assert_cmpstr (parts[3], ==, "1767228540000");

  put_company (f, 1010, T0 + DAY, 1);
  sync_ok (f, FALSE, &later);
  assert_matches (f);
}

/* The fixture's search refuses what HubSpot's refuses: a page past the
 * 10,000th result, two sorts, a limit over 200. */
static guint
post_search (Fixture    *f,
             const char *body)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (fixture_hubspot_get_url (f->hubspot), "/crm/v3/objects/companies/search",
                                      NULL);
  g_autoptr (SoupMessage) message = soup_message_new (SOUP_METHOD_POST, uri);
  g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", "Bearer " TOKEN);
  soup_message_set_request_body_from_bytes (message, "application/json", request);
  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (message);
}

static void
test_fixture_window (Fixture       *f,
                     gconstpointer  user_data)
{
  put_companies (f, 1001, 20, T0);
  g_assert_cmpuint (post_search (f, "{\"limit\": 100, \"after\": \"9900\"}"), ==, 200);
  g_assert_cmpuint (post_search (f, "{\"limit\": 100, \"after\": \"9950\"}"), ==, 400);
  g_assert_cmpuint (post_search (f, "{\"limit\": 201}"), ==, 400);
  g_assert_cmpuint (post_search (f, "{\"sorts\": [{\"propertyName\": \"hs_lastmodifieddate\"},"
                                    " {\"propertyName\": \"hs_object_id\"}]}"),
                    ==, 400);
  g_assert_cmpuint (post_search (f, "{\"filterGroups\": [{\"filters\": [{\"propertyName\": "
                                    "\"hs_lastmodifieddate\", \"operator\": \"GT\", "
                                    "\"value\": \"2026-01-01T00:00:00Z\"}]}]}"),
                    ==, 400);
}

/* What `pomarctl connection add --property` keeps. */
static void
test_settings (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *settings = NULL;
  g_autofree char *described = NULL;
  g_autofree char *arr = NULL;
  const char *good[] = { "renewal_date=contract_end", "arr = annual_contract_value", NULL };
  const char *unknown[] = { "revenue=annualrevenue", NULL };
  const char *bad_name[] = { "arr=annual revenue", NULL };
  const char *twice[] = { "arr=a", "arr=b", NULL };
  const char *no_equals[] = { "arr", NULL };

  g_assert_true (pomar_hubspot_settings_from_assignments (good, &settings, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (settings, ==, "{\"properties\":{\"arr\":\"annual_contract_value\","
                                 "\"renewal_date\":\"contract_end\"}}");
  described = pomar_hubspot_settings_describe (settings);
  g_assert_cmpstr (described, ==, "arr=annual_contract_value, renewal_date=contract_end");
  arr = pomar_hubspot_settings_get_property (settings, "arr");
  g_assert_cmpstr (arr, ==, "annual_contract_value");
  g_clear_pointer (&settings, g_free);

  g_assert_true (pomar_hubspot_settings_from_assignments (NULL, &settings, &error));
  g_assert_null (settings);
  g_assert_null (pomar_hubspot_settings_describe (NULL));

  g_assert_false (pomar_hubspot_settings_from_assignments (unknown, &settings, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“revenue”"));
  g_clear_error (&error);
  g_assert_false (pomar_hubspot_settings_from_assignments (bad_name, &settings, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "internal name"));
  g_clear_error (&error);
  g_assert_false (pomar_hubspot_settings_from_assignments (twice, &settings, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pomar_hubspot_settings_from_assignments (no_equals, &settings, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_assert_null (settings);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)
  ADD ("/sync/hubspot/full-and-incremental", NULL, test_full_and_incremental);
  ADD ("/sync/hubspot/past-the-window", NULL, test_past_the_window);
  for (guint i = 0; i < G_N_ELEMENTS (transient_faults); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync/hubspot/fault/%s", transient_faults[i].name);

      ADD (path, GINT_TO_POINTER (transient_faults[i].fault), test_transient_fault);
    }
  ADD ("/sync/hubspot/refusals", NULL, test_refusals);
  ADD ("/sync/hubspot/refused-search", NULL, test_refused_search);
  ADD ("/sync/hubspot/stuck-cursor", NULL, test_stuck_cursor);
  ADD ("/sync/hubspot/invalid-record", NULL, test_invalid_record);
  ADD ("/sync/hubspot/matched-by-domain", NULL, test_matched_by_domain);
  ADD ("/sync/hubspot/search-lag", NULL, test_search_lag);
  ADD ("/sync/hubspot/gives-up-then-resumes", NULL, test_gives_up_then_resumes);
  ADD ("/sync/hubspot/full-pass-resumes", NULL, test_full_pass_resumes);
  ADD ("/sync/hubspot/fixture-window", NULL, test_fixture_window);
#undef ADD
  g_test_add_func ("/sync/hubspot/settings", test_settings);

  return g_test_run ();
}
