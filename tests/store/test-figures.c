/* test-figures.c: what the store derives (health, TTV, suggestions'
 * inputs, playbooks started by triggers, the portfolio), checked against
 * the core computing from plain records and against hand-computed books.
 *
 * "Today" is pinned with POMAR_TODAY so that every figure is reproducible;
 * tests that need another day move it and refresh.
 */
#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "core/pomar-demo.h"
#include "core/pomar-error.h"
#include "store/pomar-store-private.h"
#include "store-test-util.h"

#define TODAY "2026-11-23"

/* Fixture ------------------------------------------------------------------ */

typedef struct
{
  char       *tmp_dir;
  char       *data_dir;
  PomarStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarPlaybookCatalog) catalog = NULL;
  g_autofree char *no_team = NULL;

  g_setenv ("POMAR_TODAY", TODAY, TRUE);
  f->tmp_dir = g_dir_make_tmp ("pomar-figures-XXXXXX", &error);
  g_assert_no_error (error);
  f->data_dir = g_build_filename (f->tmp_dir, "data", NULL);
  f->store = pomar_store_open (f->data_dir, &error);
  g_assert_no_error (error);

  /* The built-in templates only: the team folder is empty. */
  no_team = g_build_filename (f->tmp_dir, "playbooks", NULL);
  catalog = pomar_playbook_catalog_load (no_team, NULL);
  pomar_store_set_playbook_catalog (f->store, catalog);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_clear_object (&f->store);
  store_test_remove_tree (f->tmp_dir);
  g_free (f->data_dir);
  g_free (f->tmp_dir);
  g_setenv ("POMAR_TODAY", TODAY, TRUE);
}

static PomarStoreReader *
new_reader (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  PomarStoreReader *reader = pomar_store_reader_new (f->store, &error);

  g_assert_no_error (error);
  return reader;
}

static char *
db_path (Fixture *f)
{
  return g_build_filename (f->data_dir, "pomar.db", NULL);
}

static void
direct_exec (Fixture    *f,
             const char *sql)
{
  g_autofree char *path = db_path (f);
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static gint64
direct_int (Fixture    *f,
            const char *sql)
{
  return store_test_query_int (f->data_dir, sql);
}

/* A timestamp @days before today, at 10:00 UTC. */
static char *
days_ago (int days)
{
  g_autofree char *d = store_test_day_text (store_test_day (TODAY) - (PomarDay) days);

  return g_strdup_printf ("%sT10:00:00Z", d);
}

/* Writing a batch of records ------------------------------------------------ */

static void
run_batch (Fixture        *f,
           StoreTestBatch *b)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pomar_store_write_sync (f->store, store_test_write_batch, b, NULL, &error));
  g_assert_no_error (error);
}

/* An account of 10 seats used by @active people on each of the last 90
 * days (100 events a day), touched 3 days ago. */
static void
add_steady_account (StoreTestBatch *b,
                    const char     *id,
                    const char     *stage,
                    double          arr,
                    const char     *currency,
                    gint64          active)
{
  PomarAccount *a = store_test_account (id, 1, id, stage, arr, currency);
  g_autofree char *touch = days_ago (3);
  g_autofree char *touch_id = g_strdup_printf ("%s-note", id);

  g_free (a->contract_start);
  a->contract_start = g_strdup ("2024-01-15");
  a->licensed_seats = 10;
  g_ptr_array_add (b->accounts, a);
  for (int i = 0; i < 90; i++)
    {
      g_autofree char *d = store_test_day_text (store_test_day (TODAY) - (PomarDay) i);

      g_ptr_array_add (b->usage, store_test_usage (id, d, 1, active, 100));
    }
  g_ptr_array_add (b->activities, store_test_activity (touch_id, 1, id, "note", "Checked in.", touch));
}

static void
get_figures (Fixture             *f,
             const char          *id,
             PomarAccountFigures *figures)
{
  g_autoptr (PomarStoreReader) reader = new_reader (f);
  g_autoptr (GError) error = NULL;

  g_assert_true (pomar_store_reader_get_figures (reader, id, figures, &error));
  g_assert_no_error (error);
}

static gint64
count_instances (Fixture    *f,
                 const char *account_id,
                 const char *template_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM playbook_instances"
                                          " WHERE account_id = '%s' AND template_id = '%s'",
                                          account_id, template_id);

  return direct_int (f, sql);
}

/* SQL aggregates against the core ------------------------------------------- */

static void
store_demo (Fixture *f,
            guint    n_accounts)
{
  g_autoptr (GError) error = NULL;
  PomarDemoOptions options;

  pomar_demo_options_init (&options);
  options.n_accounts = n_accounts;
  g_date_set_julian (&options.today, store_test_day (TODAY));
  g_assert_true (pomar_store_write_sync (f->store, store_test_write_demo, &options, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_inputs_equal (const PomarHealthInputs *sql,
                     const PomarHealthInputs *core)
{
  g_assert_cmpint (sql->licensed_seats, ==, core->licensed_seats);
  g_assert_cmpint (sql->has_usage, ==, core->has_usage);
  g_assert_cmpint (sql->active_users_30d, ==, core->active_users_30d);
  g_assert_cmpint (sql->events_30d, ==, core->events_30d);
  g_assert_cmpint (sql->events_prev_30d, ==, core->events_prev_30d);
  g_assert_cmpfloat_with_epsilon (sql->open_ticket_weight, core->open_ticket_weight, 1e-9);
  g_assert_cmpuint (sql->open_tickets_old, ==, core->open_tickets_old);
  g_assert_cmpuint (sql->nps_180d.promoters, ==, core->nps_180d.promoters);
  g_assert_cmpuint (sql->nps_180d.passives, ==, core->nps_180d.passives);
  g_assert_cmpuint (sql->nps_180d.detractors, ==, core->nps_180d.detractors);
  g_assert_cmpuint (sql->csat_180d.satisfied, ==, core->csat_180d.satisfied);
  g_assert_cmpuint (sql->csat_180d.total, ==, core->csat_180d.total);
  g_assert_cmpuint (sql->last_engagement, ==, core->last_engagement);
}

/* For every account of a demo book and several days, the inputs the SQL
 * aggregates give equal those the core counts from the same records, and
 * the stored health is the core's score of them. */
static void
test_sql_matches_records (Fixture       *f,
                          gconstpointer  user_data)
{
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) summaries = NULL;
  g_autoptr (GError) error = NULL;
  const int offsets[] = { 0, 1, 14, 45, 200 };
  guint known = 0;

  store_demo (f, 40);
  reader = new_reader (f);
  summaries = pomar_store_reader_list_account_summaries (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, ==, 40);

  for (guint i = 0; i < summaries->len; i++)
    {
      const PomarAccountSummary *s = g_ptr_array_index (summaries, i);
      const PomarAccount *a = &s->account;
      g_autoptr (GPtrArray) usage = pomar_store_reader_list_usage (reader, a->id, NULL, &error);
      g_autoptr (GPtrArray) tickets = pomar_store_reader_list_tickets (reader, a->id, &error);
      g_autoptr (GPtrArray) responses = pomar_store_reader_list_responses (reader, a->id, &error);
      g_autoptr (GPtrArray) activities = pomar_store_reader_list_activities (reader, a->id, &error);
      PomarHealthResult expected;

      g_assert_no_error (error);
      for (guint k = 0; k < G_N_ELEMENTS (offsets); k++)
        {
          PomarDay as_of = store_test_day (TODAY) - (PomarDay) offsets[k];
          PomarHealthInputs sql_now, sql_then, core_now, core_then;

          g_assert_true (pomar_store_gather_health (reader->db, a->id, a->licensed_seats, as_of,
                                                    &sql_now, &sql_then, NULL, NULL, &error));
          g_assert_no_error (error);
          pomar_health_inputs_from_records (&core_now, a,
                                            (const PomarUsage * const *) usage->pdata, usage->len,
                                            (const PomarTicket * const *) tickets->pdata, tickets->len,
                                            (const PomarResponse * const *) responses->pdata, responses->len,
                                            (const PomarActivity * const *) activities->pdata, activities->len,
                                            as_of);
          pomar_health_inputs_from_records (&core_then, a,
                                            (const PomarUsage * const *) usage->pdata, usage->len,
                                            (const PomarTicket * const *) tickets->pdata, tickets->len,
                                            (const PomarResponse * const *) responses->pdata, responses->len,
                                            (const PomarActivity * const *) activities->pdata, activities->len,
                                            as_of - 30);
          assert_inputs_equal (&sql_now, &core_now);
          assert_inputs_equal (&sql_then, &core_then);
        }

      /* The stored figures are today's */
      g_assert_true (s->figures.computed);
      g_assert_cmpuint (s->figures.as_of, ==, store_test_day (TODAY));
      {
        PomarHealthInputs in;

        pomar_health_inputs_from_records (&in, a,
                                          (const PomarUsage * const *) usage->pdata, usage->len,
                                          (const PomarTicket * const *) tickets->pdata, tickets->len,
                                          (const PomarResponse * const *) responses->pdata, responses->len,
                                          (const PomarActivity * const *) activities->pdata, activities->len,
                                          store_test_day (TODAY));
        pomar_health_compute (&in, store_test_day (TODAY), NULL, &expected);
      }
      g_assert_cmpint (s->figures.known, ==, expected.known);
      if (expected.known)
        {
          g_assert_cmpint (s->figures.rounded, ==, expected.rounded);
          g_assert_cmpfloat_with_epsilon (s->figures.score, expected.score, 1e-9);
          g_assert_cmpint (s->figures.band, ==, expected.band);
          known++;
        }
      g_assert_cmpint (s->figures.most_impactful, ==, expected.most_impactful);
      for (guint c = 0; c < POMAR_HEALTH_N_COMPONENTS; c++)
        g_assert_cmpint (s->figures.part_present[c], ==, expected.parts[c].present);
    }
  /* A demo book is not a book of unknowns. */
  g_assert_cmpuint (known, >, 30);
}

/* Only what a write touched is recomputed ------------------------------------ */

static void
test_touched_only (Fixture       *f,
                   gconstpointer  user_data)
{
  g_auto (StoreTestBatch) b = { 0 };
  g_auto (StoreTestBatch) change = { 0 };
  g_autofree char *created = days_ago (20);
  PomarAccountFigures before = { 0 }, after = { 0 };

  store_test_batch_init (&b);
  add_steady_account (&b, "acc-a", "nurture", 1000, "BRL", 8);
  add_steady_account (&b, "acc-b", "nurture", 1000, "BRL", 8);
  run_batch (f, &b);

  get_figures (f, "acc-a", &before);
  g_assert_true (before.computed);
  g_assert_true (before.part_present[POMAR_HEALTH_SUPPORT]);
  g_assert_cmpfloat (before.part_score[POMAR_HEALTH_SUPPORT], ==, 100);

  /* A marker no computation writes: it must survive a write to acc-a. */
  direct_exec (f, "UPDATE health SET score = -1 WHERE account_id = 'acc-b'");

  store_test_batch_init (&change);
  /* high (2) + older than 14 days (1): W = 3, support = 100 - 37.5 */
  g_ptr_array_add (change.tickets, store_test_ticket ("t-1", 1, "acc-a", "open", "high", created));
  run_batch (f, &change);

  get_figures (f, "acc-a", &after);
  g_assert_cmpfloat_with_epsilon (after.part_score[POMAR_HEALTH_SUPPORT], 62.5, 1e-9);
  g_assert_cmpfloat (after.score, <, before.score);
  g_assert_cmpint (direct_int (f, "SELECT score FROM health WHERE account_id = 'acc-b'"), ==, -1);

  pomar_account_figures_clear (&before);
  pomar_account_figures_clear (&after);
}

/* Time to value, read again only from the day new usage starts ------------- */

static void
test_ttv_incremental (Fixture       *f,
                      gconstpointer  user_data)
{
  g_auto (StoreTestBatch) b = { 0 };
  g_auto (StoreTestBatch) week = { 0 };
  g_auto (StoreTestBatch) again = { 0 };
  PomarAccountFigures fig = { 0 };
  PomarAccount *a;

  /* 10 seats, 2 people a day for 20 days: not there yet. */
  store_test_batch_init (&b);
  a = store_test_account ("acc-a", 1, "acc-a", "onboarding", 100, "USD");
  a->licensed_seats = 10;
  g_free (a->contract_start);
  a->contract_start = store_test_day_text (store_test_day (TODAY) - 20);
  g_ptr_array_add (b.accounts, a);
  for (int i = 1; i <= 20; i++)
    {
      g_autofree char *d = store_test_day_text (store_test_day (TODAY) - (PomarDay) i);

      g_ptr_array_add (b.usage, store_test_usage ("acc-a", d, 1, 2, 10));
    }
  run_batch (f, &b);
  get_figures (f, "acc-a", &fig);
  g_assert_cmpint (fig.ttv_days, ==, POMAR_NO_INT);
  pomar_account_figures_clear (&fig);

  /* Then 7 in 10 from six days ago to today. The 7-day window needs 35
   * active users: ending D-3 it holds 2 x 3 + 7 x 4 = 34, ending D-2
   * 2 x 2 + 7 x 5 = 39. Reached on D-2, 18 days after the start. */
  store_test_batch_init (&week);
  for (int i = 0; i <= 6; i++)
    {
      g_autofree char *d = store_test_day_text (store_test_day (TODAY) - (PomarDay) i);

      g_ptr_array_add (week.usage, store_test_usage ("acc-a", d, 2, 7, 10));
    }
  run_batch (f, &week);
  get_figures (f, "acc-a", &fig);
  g_assert_cmpint (fig.ttv_days, ==, 18);
  g_assert_cmpuint (fig.ttv_reached_on, ==, store_test_day (TODAY) - 2);
  pomar_account_figures_clear (&fig);

  /* Read from the start (a new version of the account): the same. */
  store_test_batch_init (&again);
  a = store_test_account ("acc-a", 2, "acc-a", "onboarding", 100, "USD");
  a->licensed_seats = 10;
  g_free (a->contract_start);
  a->contract_start = store_test_day_text (store_test_day (TODAY) - 20);
  g_ptr_array_add (again.accounts, a);
  run_batch (f, &again);
  get_figures (f, "acc-a", &fig);
  g_assert_cmpint (fig.ttv_days, ==, 18);
  pomar_account_figures_clear (&fig);
}

/* A new day, or new weights, recompute every account ------------------------- */

static void
test_new_day_and_weights (Fixture       *f,
                          gconstpointer  user_data)
{
  g_auto (StoreTestBatch) b = { 0 };
  g_autoptr (GError) error = NULL;
  PomarHealthWeights weights;
  PomarAccountFigures fig = { 0 };

  store_test_batch_init (&b);
  add_steady_account (&b, "acc-a", "nurture", 1000, "BRL", 4);
  add_steady_account (&b, "acc-b", "nurture", 1000, "BRL", 8);
  run_batch (f, &b);
  direct_exec (f, "UPDATE health SET score = -1");

  /* Same day, same weights: nothing to do. */
  g_assert_true (pomar_store_refresh_derived (f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM health WHERE score = -1"), ==, 2);

  /* The next day: both again, as of that day. The note of 3 days ago is
   * 4 days old, still within 14 days. */
  g_setenv ("POMAR_TODAY", "2026-11-24", TRUE);
  g_assert_true (pomar_store_refresh_derived (f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM health WHERE score = -1"), ==, 0);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM health WHERE as_of = '2026-11-24'"), ==, 2);

  /* Adoption alone: acc-a has 4 of 10 seats in use over the 30 days ending
   * on the 24th (29 days of rows and the 24th without: 4 x 29 / 300 =
   * 0.3867), 100 x 0.3867 / 0.8 = 48.33. */
  direct_exec (f, "UPDATE health SET score = -1");
  memset (&weights, 0, sizeof weights);
  weights.weight[POMAR_HEALTH_ADOPTION] = 30;
  pomar_store_set_health_weights (f->store, &weights);
  g_assert_true (pomar_store_refresh_derived (f->store, NULL, &error));
  g_assert_no_error (error);
  get_figures (f, "acc-a", &fig);
  g_assert_cmpfloat_with_epsilon (fig.score, 100.0 * (4.0 * 29 / 300.0) / 0.8, 1e-9);
  g_assert_cmpint (fig.rounded, ==, 48);
  g_assert_cmpint (fig.band, ==, POMAR_HEALTH_BAND_RED);
  pomar_account_figures_clear (&fig);
}

/* Overrides ------------------------------------------------------------------- */

typedef struct
{
  const char *account_id;
  int         score;
  const char *reason;
  PomarDay    expires_on;
  gboolean    clear;
} OverrideOp;

static gboolean
write_override (PomarStoreWriter  *writer,
                gpointer           user_data,
                GCancellable      *cancellable,
                GError           **error)
{
  OverrideOp *op = user_data;

  if (op->clear)
    return pomar_store_writer_clear_health_override (writer, op->account_id, NULL, error);
  return pomar_store_writer_set_health_override (writer, op->account_id, op->score, op->reason,
                                                 op->expires_on, error);
}

static void
test_override (Fixture       *f,
               gconstpointer  user_data)
{
  g_auto (StoreTestBatch) b = { 0 };
  g_auto (StoreTestBatch) sync = { 0 };
  g_autoptr (GError) error = NULL;
  OverrideOp op = { "acc-a", 20, "Champion left last week", 0, FALSE };
  PomarAccountFigures fig = { 0 };
  PomarHealthBand band;
  int shown;

  store_test_batch_init (&b);
  add_steady_account (&b, "acc-a", "nurture", 1000, "BRL", 9);
  run_batch (f, &b);

  /* Refused: out of range, no reason, no account, an expiry of today. */
  op.expires_on = store_test_day (TODAY) + 30;
  op.score = 101;
  g_assert_false (pomar_store_write_sync (f->store, write_override, &op, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  op.score = 20;
  op.reason = "  ";
  g_assert_false (pomar_store_write_sync (f->store, write_override, &op, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  op.reason = "Champion left last week";
  op.account_id = "acc-nobody";
  g_assert_false (pomar_store_write_sync (f->store, write_override, &op, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  op.account_id = "acc-a";
  op.expires_on = store_test_day (TODAY);
  g_assert_false (pomar_store_write_sync (f->store, write_override, &op, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM health_overrides"), ==, 0);

  op.expires_on = store_test_day (TODAY) + 30;
  g_assert_true (pomar_store_write_sync (f->store, write_override, &op, NULL, &error));
  g_assert_no_error (error);

  get_figures (f, "acc-a", &fig);
  g_assert_true (fig.known);
  g_assert_cmpint (fig.band, ==, POMAR_HEALTH_BAND_GREEN);
  g_assert_true (pomar_account_figures_shown_health (&fig, store_test_day (TODAY), &shown, &band));
  g_assert_cmpint (shown, ==, 20);
  g_assert_cmpint (band, ==, POMAR_HEALTH_BAND_RED);
  g_assert_cmpstr (fig.override_reason, ==, "Champion left last week");
  pomar_account_figures_clear (&fig);

  /* A sync that brings a new version of the account keeps it. */
  store_test_batch_init (&sync);
  g_ptr_array_add (sync.accounts, store_test_account ("acc-a", 2, "acc-a", "nurture", 1200, "BRL"));
  run_batch (f, &sync);
  get_figures (f, "acc-a", &fig);
  g_assert_true (pomar_account_figures_shown_health (&fig, store_test_day (TODAY), &shown, &band));
  g_assert_cmpint (shown, ==, 20);
  pomar_account_figures_clear (&fig);

  /* The last day it holds, and the day it expires. */
  g_setenv ("POMAR_TODAY", "2026-12-22", TRUE);
  g_assert_true (pomar_store_refresh_derived (f->store, NULL, &error));
  get_figures (f, "acc-a", &fig);
  g_assert_true (pomar_account_figures_shown_health (&fig, store_test_day ("2026-12-22"), &shown, &band));
  g_assert_cmpint (shown, ==, 20);
  g_assert_true (pomar_account_figures_shown_health (&fig, store_test_day ("2026-12-23"), &shown, &band));
  g_assert_cmpint (shown, !=, 20);
  g_assert_cmpint (shown, ==, fig.rounded);
  pomar_account_figures_clear (&fig);

  /* Cleared */
  op.clear = TRUE;
  g_assert_true (pomar_store_write_sync (f->store, write_override, &op, NULL, &error));
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM health_overrides"), ==, 0);
}

/* Triggers and playbooks ---------------------------------------------------------- */

typedef struct
{
  const char *instance_id;
  GPtrArray  *task_ids;
} FinishOp;

static gboolean
finish_tasks (PomarStoreWriter  *writer,
              gpointer           user_data,
              GCancellable      *cancellable,
              GError           **error)
{
  FinishOp *op = user_data;

  for (guint i = 0; i < op->task_ids->len; i++)
    if (!pomar_store_writer_set_task_state (writer, op->instance_id, g_ptr_array_index (op->task_ids, i),
                                            i == 0 ? "skipped" : "done", "ana", "not needed", error))
      return FALSE;
  return TRUE;
}

static void
finish_instance (Fixture    *f,
                 const char *account_id,
                 const char *template_id)
{
  g_autoptr (PomarStoreReader) reader = new_reader (f);
  g_autoptr (GPtrArray) instances = NULL;
  g_autoptr (GPtrArray) tasks = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  const PomarPlaybookInstance *found = NULL;
  FinishOp op;

  instances = pomar_store_reader_list_playbook_instances (reader, account_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < instances->len && found == NULL; i++)
    {
      const PomarPlaybookInstance *instance = g_ptr_array_index (instances, i);

      if (g_str_equal (instance->template_id, template_id) && g_str_equal (instance->status, "open"))
        found = instance;
    }
  g_assert_nonnull (found);
  tasks = pomar_store_reader_list_playbook_tasks (reader, found->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, >, 0);
  for (guint i = 0; i < tasks->len; i++)
    g_ptr_array_add (ids, g_strdup (((PomarPlaybookTask *) g_ptr_array_index (tasks, i))->task_id));

  op.instance_id = found->id;
  op.task_ids = ids;
  g_assert_true (pomar_store_write_sync (f->store, finish_tasks, &op, NULL, &error));
  g_assert_no_error (error);
}

static void
add_urgent_tickets (StoreTestBatch *b,
                    const char     *account_id,
                    const char     *prefix,
                    int             n,
                    int             age_days)
{
  g_autofree char *created = days_ago (age_days);

  for (int i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%d", prefix, i);

      g_ptr_array_add (b->tickets, store_test_ticket (id, 1, account_id, "open", "urgent", created));
    }
}

static void
solve_tickets (StoreTestBatch *b,
               const char     *account_id,
               const char     *prefix,
               int             n)
{
  g_autofree char *created = days_ago (10);
  g_autofree char *solved = days_ago (0);

  for (int i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%d", prefix, i);
      PomarTicket *t = store_test_ticket (id, 2, account_id, "solved", "urgent", created);

      t->solved_at = g_strdup (solved);
      g_ptr_array_add (b->tickets, t);
    }
}

static void
test_health_red_trigger (Fixture       *f,
                         gconstpointer  user_data)
{
  g_auto (StoreTestBatch) b = { 0 };
  g_auto (StoreTestBatch) red = { 0 };
  g_auto (StoreTestBatch) again = { 0 };
  g_auto (StoreTestBatch) healed = { 0 };
  g_auto (StoreTestBatch) red_again = { 0 };

  /* Green, and nothing starts: nurture has no template, and the renewal is
   * 282 days away. */
  store_test_batch_init (&b);
  add_steady_account (&b, "acc-a", "nurture", 1000, "BRL", 9);
  run_batch (f, &b);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM playbook_instances"), ==, 0);

  /* Nobody uses it any more and eight urgent tickets of 10 days are open:
   * adoption 0, trend 50 (same events), support 0 (W = 32), engagement 100
   * (a note 3 days ago). */
  store_test_batch_init (&red);
  for (int i = 0; i < 90; i++)
    {
      g_autofree char *d = store_test_day_text (store_test_day (TODAY) - (PomarDay) i);
      PomarUsage *u = store_test_usage ("acc-a", d, 2, 0, 100);

      g_ptr_array_add (red.usage, u);
    }
  add_urgent_tickets (&red, "acc-a", "u", 8, 10);
  run_batch (f, &red);
  {
    PomarAccountFigures fig = { 0 };

    get_figures (f, "acc-a", &fig);
    /* adoption 0 (30), trend 50 (10), support 0 (20), engagement 100 (15):
     * (0 + 500 + 0 + 1500) / 75 = 26.67 */
    g_assert_cmpint (fig.rounded, ==, 27);
    g_assert_cmpint (fig.band, ==, POMAR_HEALTH_BAND_RED);
    pomar_account_figures_clear (&fig);
  }
  g_assert_cmpint (count_instances (f, "acc-a", "risk-recovery"), ==, 1);
  /* Urgent tickets open for 10 days: the escalation started too, once. */
  g_assert_cmpint (count_instances (f, "acc-a", "technical-escalation"), ==, 1);

  /* Fires again while open: nothing new. */
  store_test_batch_init (&again);
  add_urgent_tickets (&again, "acc-a", "v", 1, 5);
  run_batch (f, &again);
  g_assert_cmpint (count_instances (f, "acc-a", "risk-recovery"), ==, 1);
  /* A new urgent ticket past 48 hours fires, but the escalation is open. */
  g_assert_cmpint (count_instances (f, "acc-a", "technical-escalation"), ==, 1);

  /* Finished while still red: still one, and no new one on the next write. */
  finish_instance (f, "acc-a", "risk-recovery");
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM playbook_instances"
                                  " WHERE template_id = 'risk-recovery' AND status = 'complete'"), ==, 1);
  run_batch (f, &again);
  g_assert_cmpint (count_instances (f, "acc-a", "risk-recovery"), ==, 1);

  /* Healed, then red again: a second instance. */
  store_test_batch_init (&healed);
  solve_tickets (&healed, "acc-a", "u", 8);
  solve_tickets (&healed, "acc-a", "v", 1);
  for (int i = 0; i < 90; i++)
    {
      g_autofree char *d = store_test_day_text (store_test_day (TODAY) - (PomarDay) i);

      g_ptr_array_add (healed.usage, store_test_usage ("acc-a", d, 3, 9, 100));
    }
  run_batch (f, &healed);
  {
    PomarAccountFigures fig = { 0 };

    get_figures (f, "acc-a", &fig);
    g_assert_cmpint (fig.band, ==, POMAR_HEALTH_BAND_GREEN);
    pomar_account_figures_clear (&fig);
  }
  g_assert_cmpint (count_instances (f, "acc-a", "risk-recovery"), ==, 1);

  store_test_batch_init (&red_again);
  for (int i = 0; i < 90; i++)
    {
      g_autofree char *d = store_test_day_text (store_test_day (TODAY) - (PomarDay) i);

      g_ptr_array_add (red_again.usage, store_test_usage ("acc-a", d, 4, 0, 100));
    }
  add_urgent_tickets (&red_again, "acc-a", "w", 8, 1);
  run_batch (f, &red_again);
  g_assert_cmpint (count_instances (f, "acc-a", "risk-recovery"), ==, 2);
}

static void
test_other_triggers (Fixture       *f,
                     gconstpointer  user_data)
{
  g_auto (StoreTestBatch) b = { 0 };
  g_auto (StoreTestBatch) answer = { 0 };
  g_autofree char *yesterday = days_ago (1);
  g_autofree char *long_ago = days_ago (40);
  PomarAccount *renewing;

  store_test_batch_init (&b);
  /* Onboarding: its playbook starts. */
  add_steady_account (&b, "acc-new", "onboarding", 500, "USD", 9);
  /* Renewal in exactly 90 days: its playbook starts. */
  add_steady_account (&b, "acc-renew", "nurture", 800, "USD", 9);
  renewing = g_ptr_array_index (b.accounts, 1);
  g_free (renewing->renewal_date);
  renewing->renewal_date = store_test_day_text (store_test_day (TODAY) + 90);
  /* Renewal in 91 days: nothing. */
  add_steady_account (&b, "acc-later", "nurture", 800, "USD", 9);
  renewing = g_ptr_array_index (b.accounts, 2);
  g_free (renewing->renewal_date);
  renewing->renewal_date = store_test_day_text (store_test_day (TODAY) + 91);
  /* A detractor of 40 days ago: too old to start a follow-up. */
  g_ptr_array_add (b.responses, store_test_response ("r-old", "acc-later", "nps", 3, long_ago));
  run_batch (f, &b);

  g_assert_cmpint (count_instances (f, "acc-new", "onboarding"), ==, 1);
  g_assert_cmpint (count_instances (f, "acc-renew", "renewal"), ==, 1);
  g_assert_cmpint (count_instances (f, "acc-later", "renewal"), ==, 0);
  g_assert_cmpint (count_instances (f, "acc-later", "detractor-follow-up"), ==, 0);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM playbook_tasks AS t"
                                  " JOIN playbook_instances AS i ON i.id = t.instance_id"
                                  " WHERE i.account_id = 'acc-new'"), ==, 6);

  /* A detractor answer arrives: a follow-up; a passive does nothing. */
  store_test_batch_init (&answer);
  g_ptr_array_add (answer.responses, store_test_response ("r-1", "acc-later", "nps", 4, yesterday));
  g_ptr_array_add (answer.responses, store_test_response ("r-2", "acc-renew", "nps", 8, yesterday));
  run_batch (f, &answer);
  g_assert_cmpint (count_instances (f, "acc-later", "detractor-follow-up"), ==, 1);
  g_assert_cmpint (count_instances (f, "acc-renew", "detractor-follow-up"), ==, 0);

  /* The same answer synced again starts nothing. */
  run_batch (f, &answer);
  g_assert_cmpint (count_instances (f, "acc-later", "detractor-follow-up"), ==, 1);
}

static void
test_quiet_triggers (Fixture       *f,
                     gconstpointer  user_data)
{
  g_auto (StoreTestBatch) b = { 0 };
  g_auto (StoreTestBatch) later = { 0 };

  store_test_batch_init (&b);
  b.quiet = TRUE;
  add_steady_account (&b, "acc-new", "onboarding", 500, "USD", 9);
  run_batch (f, &b);
  g_assert_cmpint (count_instances (f, "acc-new", "onboarding"), ==, 0);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM playbook_triggers"
                                  " WHERE account_id = 'acc-new' AND \"trigger\" = 'stage:onboarding'"
                                  " AND key IS NOT NULL"), ==, 1);

  /* What was seen quietly does not fire later. */
  store_test_batch_init (&later);
  add_urgent_tickets (&later, "acc-new", "x", 1, 0);
  run_batch (f, &later);
  g_assert_cmpint (count_instances (f, "acc-new", "onboarding"), ==, 0);
}

/* The portfolio, by hand --------------------------------------------------------- */

static PomarActivity *
stage_change (const char *id,
              const char *account_id,
              const char *from,
              const char *to,
              const char *at)
{
  g_autofree char *body = from != NULL ? g_strdup_printf ("{\"from\": \"%s\", \"to\": \"%s\"}", from, to)
                                       : g_strdup_printf ("{\"to\": \"%s\"}", to);

  return store_test_activity (id, 1, account_id, "stage_change", body, at);
}

static void
test_portfolio (Fixture       *f,
                gconstpointer  user_data)
{
  g_auto (StoreTestBatch) b = { 0 };
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *d5 = days_ago (5);
  g_autofree char *d100 = days_ago (100);
  g_autofree char *d800 = days_ago (800);
  PomarPortfolio p;
  PomarAccount *a;
  int nps;

  store_test_batch_init (&b);
  /* Three customers of two years, and one that left 100 days ago. */
  add_steady_account (&b, "acc-brl-1", "nurture", 1000, "BRL", 9);
  add_steady_account (&b, "acc-brl-2", "nurture", 500, "BRL", 0);
  add_steady_account (&b, "acc-usd", "inspire", 2000, "USD", 9);
  add_steady_account (&b, "acc-gone", "churned", 700, "USD", 0);
  for (guint i = 0; i < b.accounts->len; i++)
    {
      a = g_ptr_array_index (b.accounts, i);
      g_free (a->contract_start);
      a->contract_start = g_strdup ("2024-06-01");
    }
  /* acc-brl-2 renews in 30 days and is not green: at risk. */
  a = g_ptr_array_index (b.accounts, 1);
  g_free (a->renewal_date);
  a->renewal_date = store_test_day_text (store_test_day (TODAY) + 30);
  for (guint i = 0; i < b.accounts->len; i++)
    {
      const char *id = ((PomarAccount *) g_ptr_array_index (b.accounts, i))->id;
      g_autofree char *sc = g_strdup_printf ("%s-sc0", id);

      g_ptr_array_add (b.activities, stage_change (sc, id, NULL, "onboarding", d800));
    }
  g_ptr_array_add (b.activities, stage_change ("acc-gone-sc1", "acc-gone", "nurture", "churned", d100));

  /* NPS in 90 days: 2 promoters, 1 passive, 1 detractor = 25 */
  g_ptr_array_add (b.responses, store_test_response ("n1", "acc-brl-1", "nps", 10, d5));
  g_ptr_array_add (b.responses, store_test_response ("n2", "acc-usd", "nps", 9, d5));
  g_ptr_array_add (b.responses, store_test_response ("n3", "acc-usd", "nps", 7, d5));
  g_ptr_array_add (b.responses, store_test_response ("n4", "acc-brl-2", "nps", 2, d5));
  /* ... and one of 100 days ago, outside the window but in a month */
  g_ptr_array_add (b.responses, store_test_response ("n5", "acc-brl-1", "nps", 0, d100));
  /* CSAT: 2 of 3 satisfied */
  g_ptr_array_add (b.responses, store_test_response ("c1", "acc-brl-1", "csat", 5, d5));
  g_ptr_array_add (b.responses, store_test_response ("c2", "acc-brl-1", "csat", 4, d5));
  g_ptr_array_add (b.responses, store_test_response ("c3", "acc-brl-1", "csat", 2, d5));
  run_batch (f, &b);

  reader = new_reader (f);
  g_assert_true (pomar_store_reader_get_portfolio (reader, store_test_day (TODAY), NULL, 5.0, &p, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (p.accounts, ==, 4);
  g_assert_cmpuint (p.customers, ==, 3);
  g_assert_true (pomar_nps_compute (&p.nps_90d, &nps));
  g_assert_cmpint (nps, ==, 25);
  g_assert_cmpuint (p.csat_90d.satisfied, ==, 2);
  g_assert_cmpuint (p.csat_90d.total, ==, 3);

  /* ARR of customers, per currency; the churned USD is not in it. */
  g_assert_cmpuint (p.arr->len, ==, 2);
  g_assert_cmpstr (((PomarMoneyTotal *) g_ptr_array_index (p.arr, 0))->currency, ==, "BRL");
  g_assert_cmpfloat (((PomarMoneyTotal *) g_ptr_array_index (p.arr, 0))->amount, ==, 1500);
  g_assert_cmpstr (((PomarMoneyTotal *) g_ptr_array_index (p.arr, 1))->currency, ==, "USD");
  g_assert_cmpfloat (((PomarMoneyTotal *) g_ptr_array_index (p.arr, 1))->amount, ==, 2000);
  g_assert_cmpuint (p.arr_at_risk->len, ==, 1);
  g_assert_cmpstr (((PomarMoneyTotal *) g_ptr_array_index (p.arr_at_risk, 0))->currency, ==, "BRL");
  g_assert_cmpfloat (((PomarMoneyTotal *) g_ptr_array_index (p.arr_at_risk, 0))->amount, ==, 500);

  /* 1 of 4 customers of a year ago left: 25 % churn, 4 years. */
  g_assert_true (p.lifetime.from_history);
  g_assert_cmpuint (p.lifetime.churned_last_365d, ==, 1);
  g_assert_cmpuint (p.lifetime.customers_365d_ago, ==, 4);
  g_assert_cmpfloat_with_epsilon (p.lifetime.years, 4.0, 1e-9);
  g_assert_cmpuint (p.ltv->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (((PomarMoneyTotal *) g_ptr_array_index (p.ltv, 0))->amount, 6000, 1e-6);
  g_assert_cmpfloat_with_epsilon (((PomarMoneyTotal *) g_ptr_array_index (p.ltv, 1))->amount, 8000, 1e-6);

  g_assert_cmpuint (p.bands[POMAR_HEALTH_BAND_GREEN] + p.bands[POMAR_HEALTH_BAND_YELLOW]
                    + p.bands[POMAR_HEALTH_BAND_RED] + p.bands[POMAR_HEALTH_BAND_NONE], ==, 3);

  /* The month of 100 days ago holds the lone detractor: -100. */
  {
    PomarDay then = store_test_day (TODAY) - 100;
    gboolean seen = FALSE;

    for (guint i = 0; i < 12; i++)
      if (then >= p.nps_months[i].first_day && then <= p.nps_months[i].last_day)
        {
          g_assert_true (pomar_nps_compute (&p.nps_months[i].counts, &nps));
          g_assert_cmpint (nps, ==, -100);
          seen = TRUE;
        }
    g_assert_true (seen);
    g_assert_true (pomar_nps_compute (&p.nps_months[11].counts, &nps));
  }
  pomar_portfolio_clear (&p);

  /* One account's answers: acc-usd has a 9 and a 7 five days ago (NPS 50
   * in every window); acc-brl-1 a 10 five days ago and a 0 a hundred days
   * ago: 100 over 30 and 90 days, 0 over 180 and 365, and two months. */
  {
    PomarAccountAnswers answers;
    const int brl_windows[4] = { 100, 100, 0, 0 };
    guint months_with_answers = 0;

    g_assert_true (pomar_store_reader_get_account_answers (reader, "acc-usd", store_test_day (TODAY), &answers, &error));
    g_assert_no_error (error);
    for (guint w = 0; w < 4; w++)
      {
        g_assert_true (pomar_nps_compute (&answers.windows[w], &nps));
        g_assert_cmpint (nps, ==, 50);
      }
    g_assert_cmpuint (answers.csat_90d.total, ==, 0);

    g_assert_true (pomar_store_reader_get_account_answers (reader, "acc-brl-1", store_test_day (TODAY), &answers, &error));
    for (guint w = 0; w < 4; w++)
      {
        g_assert_true (pomar_nps_compute (&answers.windows[w], &nps));
        g_assert_cmpint (nps, ==, brl_windows[w]);
      }
    for (guint m = 0; m < 12; m++)
      months_with_answers += pomar_nps_counts_total (&answers.months[m].counts) > 0;
    g_assert_cmpuint (months_with_answers, ==, 2);
    g_assert_cmpuint (answers.csat_90d.satisfied, ==, 2);
    g_assert_cmpuint (answers.csat_90d.total, ==, 3);
  }

  /* As of a day before the churn, the same code computes health live. */
  g_assert_true (pomar_store_reader_get_portfolio (reader, store_test_day (TODAY) - 120, NULL, 5.0, &p, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (p.lifetime.churned_last_365d, ==, 0);
  g_assert_false (p.lifetime.from_history);
  g_assert_cmpfloat (p.lifetime.years, ==, 5.0);
  pomar_portfolio_clear (&p);
}

/* The accounts export carries the computed fields ----------------------------------- */

static gboolean
collect_row (const PomarField  *fields,
             guint              n_fields,
             gpointer           user_data,
             GError           **error)
{
  GHashTable *row = user_data;

  for (guint i = 0; i < n_fields; i++)
    {
      const PomarField *field = &fields[i];
      char *value;

      switch (field->type)
        {
        case POMAR_FIELD_NULL:
          value = g_strdup ("null");
          break;
        case POMAR_FIELD_INT:
        case POMAR_FIELD_BOOLEAN:
          value = g_strdup_printf ("%" G_GINT64_FORMAT, field->i);
          break;
        case POMAR_FIELD_DOUBLE:
          value = g_strdup_printf ("%.2f", field->d);
          break;
        case POMAR_FIELD_STRING:
        case POMAR_FIELD_JSON:
        default:
          value = g_strdup (field->s);
          break;
        }
      g_hash_table_insert (row, g_strdup (field->name), value);
    }
  return TRUE;
}

static void
test_export_fields (Fixture       *f,
                    gconstpointer  user_data)
{
  g_auto (StoreTestBatch) b = { 0 };
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GHashTable) row = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GError) error = NULL;
  g_autofree char *created = days_ago (3);
  PomarAccount *a;

  store_test_batch_init (&b);
  add_steady_account (&b, "acc-a", "onboarding", 1000, "BRL", 9);
  a = g_ptr_array_index (b.accounts, 0);
  g_free (a->contract_start);
  /* Nine of ten seats from the first day: value on day 0. */
  a->contract_start = store_test_day_text (store_test_day (TODAY) - 60);
  g_free (a->renewal_date);
  a->renewal_date = store_test_day_text (store_test_day (TODAY) + 200);
  g_ptr_array_add (b.tickets, store_test_ticket ("t-1", 1, "acc-a", "open", "low", created));
  run_batch (f, &b);

  reader = new_reader (f);
  g_assert_true (pomar_store_reader_scan (reader, POMAR_COLLECTION_ACCOUNTS, collect_row, row, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (g_hash_table_size (row), ==, 26);
  g_assert_cmpstr (g_hash_table_lookup (row, "health_override"), ==, "null");
  g_assert_cmpstr (g_hash_table_lookup (row, "health"), ==, g_hash_table_lookup (row, "health_computed"));
  g_assert_cmpstr (g_hash_table_lookup (row, "health_band"), ==, "green");
  g_assert_cmpstr (g_hash_table_lookup (row, "open_tickets"), ==, "1");
  g_assert_cmpstr (g_hash_table_lookup (row, "days_to_renewal"), ==, "200");
  g_assert_cmpstr (g_hash_table_lookup (row, "nps_90d"), ==, "null");
  g_assert_cmpstr (g_hash_table_lookup (row, "csat_90d"), ==, "null");
  g_assert_cmpstr (g_hash_table_lookup (row, "ttv_days"), ==, "0");
  g_assert_cmpstr (g_hash_table_lookup (row, "suggested_stage"), ==, "engagement");
  g_assert_nonnull (g_hash_table_lookup (row, "suggestion_reason"));
  g_assert_cmpstr (g_hash_table_lookup (row, "suggestion_reason"), !=, "null");
}

/* Schema and deletion --------------------------------------------------------------- */

static void
test_upgrade_from_v1 (Fixture       *f,
                      gconstpointer  user_data)
{
  g_auto (StoreTestBatch) b = { 0 };
  g_autoptr (GError) error = NULL;
  PomarAccountFigures fig = { 0 };

  store_test_batch_init (&b);
  add_steady_account (&b, "acc-a", "nurture", 1000, "BRL", 9);
  run_batch (f, &b);
  g_clear_object (&f->store);

  /* What a cache of schema 1 looked like. */
  direct_exec (f,
               "DROP TABLE health; DROP TABLE health_overrides; DROP TABLE playbook_triggers;"
               "DROP TABLE account_sources;"
               "ALTER TABLE outbox DROP COLUMN server_record; ALTER TABLE outbox DROP COLUMN connection;"
               "DROP INDEX responses_kind_time; DROP INDEX stage_history_to_time;"
               "DELETE FROM meta WHERE key = 'derived.signature';"
               "PRAGMA user_version = 1;");

  f->store = pomar_store_open (f->data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pomar_store_get_schema_version (f->store), ==, POMAR_STORE_SCHEMA_VERSION);
  g_assert_true (pomar_store_refresh_derived (f->store, NULL, &error));
  g_assert_no_error (error);
  get_figures (f, "acc-a", &fig);
  g_assert_true (fig.computed);
  g_assert_cmpint (fig.band, ==, POMAR_HEALTH_BAND_GREEN);
  pomar_account_figures_clear (&fig);
}

static void
test_account_tombstone (Fixture       *f,
                        gconstpointer  user_data)
{
  g_auto (StoreTestBatch) b = { 0 };
  g_auto (StoreTestBatch) gone = { 0 };
  g_autoptr (GError) error = NULL;
  OverrideOp op = { "acc-a", 40, "Waiting for the new sponsor", 0, FALSE };
  PomarAccount *tombstone;

  store_test_batch_init (&b);
  add_steady_account (&b, "acc-a", "onboarding", 1000, "BRL", 9);
  run_batch (f, &b);
  op.expires_on = store_test_day (TODAY) + 10;
  g_assert_true (pomar_store_write_sync (f->store, write_override, &op, NULL, &error));
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM health"), ==, 1);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM playbook_triggers"), >, 0);

  store_test_batch_init (&gone);
  tombstone = g_new0 (PomarAccount, 1);
  tombstone->id = g_strdup ("acc-a");
  tombstone->version = 5;
  tombstone->deleted = TRUE;
  tombstone->licensed_seats = POMAR_NO_INT;
  tombstone->arr = NAN;
  g_ptr_array_add (gone.accounts, tombstone);
  run_batch (f, &gone);

  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM health"), ==, 0);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM health_overrides"), ==, 0);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM playbook_triggers"), ==, 0);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM playbook_instances"), ==, 0);
}

/* Records of an account the cache does not know are kept, and counted. */
static void
test_unmatched (Fixture       *f,
                gconstpointer  user_data)
{
  g_auto (StoreTestBatch) b = { 0 };
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *at = days_ago (2);
  gint64 tickets = -1, responses = -1;

  store_test_batch_init (&b);
  add_steady_account (&b, "acc-a", "nurture", 10, "BRL", 5);
  g_ptr_array_add (b.tickets, store_test_ticket ("t-known", 1, "acc-a", "open", "low", at));
  g_ptr_array_add (b.tickets, store_test_ticket ("t-stray", 1, "acc-elsewhere", "open", "low", at));
  g_ptr_array_add (b.responses, store_test_response ("r-stray", NULL, "nps", 9, at));
  g_ptr_array_add (b.responses, store_test_response ("r-known", "acc-a", "nps", 9, at));
  run_batch (f, &b);

  reader = new_reader (f);
  g_assert_true (pomar_store_reader_count_unmatched (reader, &tickets, &responses, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tickets, ==, 1);
  g_assert_cmpint (responses, ==, 1);
  g_assert_cmpint (direct_int (f, "SELECT count(*) FROM tickets"), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/figures/sql-matches-records", test_sql_matches_records);
  ADD ("/figures/touched-only", test_touched_only);
  ADD ("/figures/ttv-incremental", test_ttv_incremental);
  ADD ("/figures/new-day-and-weights", test_new_day_and_weights);
  ADD ("/figures/override", test_override);
  ADD ("/figures/trigger/health-red", test_health_red_trigger);
  ADD ("/figures/trigger/others", test_other_triggers);
  ADD ("/figures/trigger/quiet", test_quiet_triggers);
  ADD ("/figures/portfolio", test_portfolio);
  ADD ("/figures/export-fields", test_export_fields);
  ADD ("/figures/upgrade-from-v1", test_upgrade_from_v1);
  ADD ("/figures/account-tombstone", test_account_tombstone);
  ADD ("/figures/unmatched", test_unmatched);
#undef ADD

  return g_test_run ();
}
