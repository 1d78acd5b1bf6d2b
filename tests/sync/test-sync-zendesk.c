/* test-sync-zendesk.c: the Zendesk provider against Zendesk-shaped
 * endpoints on the fixture server.
 *
 * After every pass the cache's accounts, tickets and answers are compared
 * with the truth as a Zendesk connection must have made them.
 */
#include "config.h"

#include <string.h>

#include "core/pomar-error.h"
#include "store/pomar-store.h"
#include "sync/pomar-sync-engine.h"
#include "fixture-zendesk.h"
#include "store-test-util.h"
#include "sync-test-util.h"

#define TOKEN "zendesk-token-5678"
#define NAME  "support"
/* 2026-11-01T00:00:00Z */
#define T0    G_GINT64_CONSTANT (1793491200)

typedef struct
{
  char           *tmp_dir;
  PomarStore     *store;
  FixtureServer  *server;
  FixtureZendesk *zendesk;
  PomarConnectionInfo info;
} Fixture;

static const char *const statuses[] = { "new", "open", "pending", "hold", "solved", "closed" };
static const char *const priorities[] = { "low", "normal", "high", "urgent", NULL };
static const char *const types[] = { "question", "incident", "problem", "task", NULL };

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = NULL;

  f->tmp_dir = g_dir_make_tmp ("pomar-zendesk-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (f->tmp_dir, "data", NULL);
  f->store = pomar_store_open (data_dir, &error);
  g_assert_no_error (error);

  f->server = fixture_server_new (TOKEN);
  f->zendesk = fixture_zendesk_new (f->server);
  fixture_zendesk_set_page_size (f->zendesk, 20);

  /* 30 organisations, three to a second, so that pages share seconds;
   * 240 tickets over them, plus one without an organisation and one of an
   * organisation the server does not list; 40 ratings, a few unanswered. */
  for (gint64 i = 1; i <= 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("Cliente %" G_GINT64_FORMAT " Ltda", i);
      g_autofree char *domain = i % 7 == 0 ? NULL : g_strdup_printf ("cliente%" G_GINT64_FORMAT ".com.br", i);

      fixture_zendesk_put_organization (f->zendesk, 100 + i, name, domain, T0 + i / 3);
    }
  for (gint64 i = 1; i <= 242; i++)
    {
      g_autofree char *subject = g_strdup_printf ("Relatório %" G_GINT64_FORMAT " não abre", i);
      gint64 organization = i == 241 ? 0 : (i == 242 ? 999 : 101 + i % 30);

      fixture_zendesk_put_ticket (f->zendesk, 5000 + i, organization, subject,
                                  statuses[i % G_N_ELEMENTS (statuses)], priorities[i % 5], types[i % 5],
                                  T0 + 100 + i / 4);
    }
  for (gint64 i = 1; i <= 40; i++)
    {
      const char *score = i % 9 == 0 ? "offered" : (i % 3 == 0 ? "bad" : "good");

      fixture_zendesk_put_rating (f->zendesk, 900 + i, 5000 + i * 5, score,
                                  i % 2 == 0 ? "Atendimento rápido" : NULL, T0 + 200 + i / 2, T0 + 300 + i);
    }

  f->info.name = g_strdup (NAME);
  f->info.provider = g_strdup ("zendesk");
  f->info.base_url = g_strdup (fixture_zendesk_get_url (f->zendesk));
  f->info.email = g_strdup ("ana@example.com");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->server, fixture_server_free);
  g_clear_pointer (&f->zendesk, fixture_zendesk_free);
  g_free (f->info.name);
  g_free (f->info.provider);
  g_free (f->info.base_url);
  g_free (f->info.email);
  store_test_remove_tree (f->tmp_dir);
  g_free (f->tmp_dir);
}

static gboolean
sync_once (Fixture         *f,
           PomarSyncResult *result,
           GError         **error)
{
  PomarSyncOptions options;

  sync_test_fast_options (&options);
  options.page_size = 100;
  return pomar_sync_connection (f->store, &f->info, TOKEN, &options, result, NULL, error);
}

static void
assert_matches (Fixture    *f,
                GHashTable *account_of_org)
{
  g_autofree char *diff = NULL;

  if (!fixture_zendesk_matches_store (f->zendesk, f->store, NAME, account_of_org, &diff))
    g_error ("the cache differs from Zendesk: %s", diff);
}

static void
unmatched (Fixture *f,
           gint64  *tickets,
           gint64  *responses)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = pomar_store_reader_new (f->store, &error);

  g_assert_no_error (error);
  g_assert_true (pomar_store_reader_count_unmatched (reader, tickets, responses, &error));
  g_assert_no_error (error);
}

/* A full pass, changes and deletions, then a pass with nothing new. */
static void
test_full_and_incremental (Fixture       *f,
                           gconstpointer  user_data)
{
  g_auto (PomarSyncResult) first = { 0 };
  g_auto (PomarSyncResult) second = { 0 };
  g_auto (PomarSyncResult) third = { 0 };
  g_autoptr (GError) error = NULL;
  gint64 tickets, responses;

  g_assert_true (sync_once (f, &first, &error));
  g_assert_no_error (error);
  assert_matches (f, NULL);
  g_assert_cmpuint (first.collections[POMAR_COLLECTION_TICKETS].pages, >, 10);
  g_assert_cmpuint (first.collections[POMAR_COLLECTION_ACCOUNTS].pages, >, 1);
  g_assert_cmpuint (first.collections[POMAR_COLLECTION_RESPONSES].pages, >, 1);
  g_assert_true (first.collections[POMAR_COLLECTION_RESPONSES].done);
  /* Zendesk has no contacts, usage or activities for Pomar. */
  g_assert_cmpuint (first.collections[POMAR_COLLECTION_USAGE].requests, ==, 0);

  /* The ticket without an organisation and the one of an unknown
   * organisation are kept and counted, and so is the rating of the first. */
  unmatched (f, &tickets, &responses);
  g_assert_cmpint (tickets, ==, 2);

  /* A renamed organisation, a deleted one, a deleted ticket, a ticket
   * solved, a new rating. */
  fixture_zendesk_put_organization (f->zendesk, 105, "Cliente Cinco S.A.", "cinco.com.br", T0 + 1000);
  fixture_zendesk_delete_organization (f->zendesk, 106, T0 + 1001);
  fixture_zendesk_put_ticket (f->zendesk, 5010, 111, "Integração com o ERP falhou", "deleted", "high", NULL,
                              T0 + 1002);
  fixture_zendesk_put_ticket (f->zendesk, 5011, 112, "Exportação lenta às segundas", "solved", "urgent",
                              "incident", T0 + 1003);
  fixture_zendesk_put_rating (f->zendesk, 990, 5011, "bad", "Demorou demais", T0 + 1004, T0 + 1004);

  g_assert_true (sync_once (f, &second, &error));
  g_assert_no_error (error);
  assert_matches (f, NULL);
  g_assert_cmpuint (second.collections[POMAR_COLLECTION_TICKETS].tombstones, ==, 1);
  g_assert_cmpuint (second.collections[POMAR_COLLECTION_ACCOUNTS].tombstones, ==, 1);
  g_assert_cmpuint (second.collections[POMAR_COLLECTION_RESPONSES].records, >=, 1);

  /* Nothing new: one request per collection, and (the exports repeat the
   * last second) nothing but repeats. */
  g_assert_true (sync_once (f, &third, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (third.collections[POMAR_COLLECTION_TICKETS].requests, ==, 1);
  g_assert_cmpuint (third.collections[POMAR_COLLECTION_TICKETS].records, ==, 0);
  g_assert_cmpuint (third.collections[POMAR_COLLECTION_ACCOUNTS].requests, ==, 1);
  g_assert_cmpuint (third.collections[POMAR_COLLECTION_RESPONSES].requests, ==, 1);
  assert_matches (f, NULL);
}

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
  { "slow", FIXTURE_FAULT_SLOW },
  { "truncated", FIXTURE_FAULT_TRUNCATED },
  { "not-json", FIXTURE_FAULT_NOT_JSON },
  { "wrong-shape", FIXTURE_FAULT_WRONG_SHAPE },
  { "reset", FIXTURE_FAULT_RESET },
  { "repeated-record", FIXTURE_FAULT_REPEAT },
};

static void
test_transient_fault (Fixture       *f,
                      gconstpointer  user_data)
{
  FixtureFault fault = (FixtureFault) GPOINTER_TO_INT (user_data);
  g_auto (PomarSyncResult) result = { 0 };
  g_autoptr (GError) error = NULL;

  fixture_server_inject (f->server, POMAR_COLLECTION_ACCOUNTS, 2, fault);
  fixture_server_inject (f->server, POMAR_COLLECTION_TICKETS, 3, fault);
  fixture_server_inject (f->server, POMAR_COLLECTION_RESPONSES, 2, fault);
  g_assert_true (sync_once (f, &result, &error));
  g_assert_no_error (error);
  assert_matches (f, NULL);
  if (fault != FIXTURE_FAULT_REPEAT)
    g_assert_cmpuint (result.collections[POMAR_COLLECTION_TICKETS].requests, >,
                      result.collections[POMAR_COLLECTION_TICKETS].pages);
}

/* A refused token: nothing else is tried, and the reason says so. */
static void
test_refused_token (Fixture       *f,
                    gconstpointer  user_data)
{
  g_auto (PomarSyncResult) result = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_false (pomar_sync_connection (f->store, &f->info, "wrong", NULL, &result, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_AUTH);
  g_assert_true (result.auth_failed);
  g_assert_cmpuint (result.collections[POMAR_COLLECTION_TICKETS].requests, ==, 0);
}

/* Bearer, when the connection has no email (an OAuth token). */
static void
test_bearer (Fixture       *f,
             gconstpointer  user_data)
{
  g_auto (PomarSyncResult) result = { 0 };
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&f->info.email, g_free);
  g_assert_true (sync_once (f, &result, &error));
  g_assert_no_error (error);
  assert_matches (f, NULL);
}

/* A cursor that does not move stops that pass with a reason; the ratings,
 * which need the tickets, wait for the next sync. */
static void
test_stuck_cursor (Fixture       *f,
                   gconstpointer  user_data)
{
  g_auto (PomarSyncResult) result = { 0 };
  g_autoptr (GError) error = NULL;

  fixture_server_inject (f->server, POMAR_COLLECTION_TICKETS, 0, FIXTURE_FAULT_STUCK_CURSOR);
  g_assert_false (sync_once (f, &result, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_SERVER_BUG);
  g_assert_false (result.collections[POMAR_COLLECTION_TICKETS].done);
  g_assert_true (result.collections[POMAR_COLLECTION_ACCOUNTS].done);
  /* Ratings take their ticket's account: they wait for the tickets. */
  g_assert_false (result.collections[POMAR_COLLECTION_RESPONSES].done);
  g_assert_cmpuint (result.collections[POMAR_COLLECTION_RESPONSES].requests, ==, 0);
  g_assert_nonnull (strstr (result.collections[POMAR_COLLECTION_RESPONSES].error, "tickets"));

  /* Once the server mends its ways, the pass ends with the truth. */
  fixture_server_clear_faults (f->server);
  g_clear_error (&error);
  pomar_sync_result_clear (&result);
  g_assert_true (sync_once (f, &result, &error));
  g_assert_no_error (error);
  assert_matches (f, NULL);
}

/* A record Pomar cannot read is quarantined with its reason; the rest of
 * its page is stored. */
static void
test_invalid_records (Fixture       *f,
                      gconstpointer  user_data)
{
  g_auto (PomarSyncResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) quarantined = NULL;

  fixture_server_inject (f->server, POMAR_COLLECTION_TICKETS, 1, FIXTURE_FAULT_INVALID_RECORD);
  fixture_server_inject (f->server, POMAR_COLLECTION_RESPONSES, 1, FIXTURE_FAULT_INVALID_RECORD);
  g_assert_true (sync_once (f, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.collections[POMAR_COLLECTION_TICKETS].quarantined, ==, 1);
  g_assert_cmpuint (result.collections[POMAR_COLLECTION_RESPONSES].quarantined, ==, 1);

  reader = pomar_store_reader_new (f->store, &error);
  quarantined = pomar_store_reader_list_quarantined (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quarantined->len, ==, 2);
  for (guint i = 0; i < quarantined->len; i++)
    {
      PomarQuarantined *q = g_ptr_array_index (quarantined, i);

      g_assert_cmpstr (q->connection, ==, NAME);
      g_assert_nonnull (q->record_id);
      g_assert_true (strstr (q->reason, "updated_at") != NULL || strstr (q->reason, "great") != NULL);
    }
}

static gboolean
put_local_account (PomarStoreWriter  *writer,
                   gpointer           user_data,
                   GCancellable      *cancellable,
                   GError           **error)
{
  g_autoptr (PomarAccount) account = g_new0 (PomarAccount, 1);

  account->id = g_strdup ("acc_cinco");
  account->version = 3;
  account->updated_at = g_strdup ("2026-10-01T00:00:00Z");
  account->name = g_strdup ("Cliente Cinco (CRM)");
  account->domain = g_strdup ("cliente5.com.br");
  account->stage = g_strdup ("nurture");
  account->arr = 48000;
  account->currency = g_strdup ("BRL");
  account->licensed_seats = 40;
  return pomar_store_writer_upsert_account (writer, account, NULL, error);
}

/* An organisation whose domain an account already has is that account:
 * its tickets and answers are the account's, and the account keeps its own
 * fields, Zendesk's filling none it has. */
static void
test_matched_by_domain (Fixture       *f,
                        gconstpointer  user_data)
{
  g_auto (PomarSyncResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) map = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (PomarAccountSummary) summary = NULL;
  g_autoptr (GHashTable) sources = NULL;

  g_assert_true (pomar_store_write_sync (f->store, put_local_account, NULL, NULL, &error));
  g_assert_no_error (error);
  /* Written the way people write them. */
  fixture_zendesk_put_organization (f->zendesk, 105, "Cliente 5 (suporte)", "https://WWW.Cliente5.com.br/",
                                    T0 + 500);

  g_assert_true (sync_once (f, &result, &error));
  g_assert_no_error (error);
  g_hash_table_insert (map, (gpointer) "105", (gpointer) "acc_cinco");
  assert_matches (f, map);

  reader = pomar_store_reader_new (f->store, &error);
  summary = pomar_store_reader_get_account_summary (reader, "acc_cinco", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary->account.name, ==, "Cliente Cinco (CRM)");
  g_assert_cmpstr (summary->account.stage, ==, "nurture");
  g_assert_null (pomar_store_reader_get_account_summary (reader, NAME ":105", NULL));

  /* The account keeps the id Zendesk knows it by. */
  sources = pomar_store_reader_get_account_map (reader, NAME, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (sources, "105"), ==, "acc_cinco");
  g_assert_cmpstr (g_hash_table_lookup (sources, "101"), ==, NAME ":101");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/zendesk/full-and-incremental", Fixture, NULL, fixture_setup, test_full_and_incremental,
              fixture_teardown);
  for (guint i = 0; i < G_N_ELEMENTS (transient_faults); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync/zendesk/fault/%s", transient_faults[i].name);

      g_test_add (path, Fixture, GINT_TO_POINTER (transient_faults[i].fault), fixture_setup,
                  test_transient_fault, fixture_teardown);
    }
  g_test_add ("/sync/zendesk/refused-token", Fixture, NULL, fixture_setup, test_refused_token, fixture_teardown);
  g_test_add ("/sync/zendesk/bearer", Fixture, NULL, fixture_setup, test_bearer, fixture_teardown);
  g_test_add ("/sync/zendesk/stuck-cursor", Fixture, NULL, fixture_setup, test_stuck_cursor, fixture_teardown);
  g_test_add ("/sync/zendesk/invalid-records", Fixture, NULL, fixture_setup, test_invalid_records,
              fixture_teardown);
  g_test_add ("/sync/zendesk/matched-by-domain", Fixture, NULL, fixture_setup, test_matched_by_domain,
              fixture_teardown);

  return g_test_run ();
}
