/* test-portfolio-view.c: the Portfolio view over a book made by hand.
 *
 * A cache with seven accounts whose figures are worked out below (NPS and
 * CSAT answers, ARR per currency, one account red from its tickets, one
 * that reached value 14 days after its contract started, renewals around
 * the 0 and 90 day edges, contract starts around the quarter's first day),
 * shown by the view as the window shows it: the accounts model and the
 * context. The test reads what the view shows (labels, what they say to a
 * screen reader, the renewals list) and checks it against those figures
 * and against pomar_store_reader_get_portfolio(). It needs a display
 * (xvfb-run) and skips without one. "Today" is pinned.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gtk/gtk.h>

#include "../store/store-test-util.h"
#include "pomar-context.h"
#include "pomar-resources.h"
#include "ui/pomar-account-object.h"
#include "ui/pomar-chart.h"
#include "ui/pomar-customer-page.h"
#include "ui/pomar-portfolio-view.h"

#define TODAY "2026-11-23"

static gboolean have_display;

/* Days and records ------------------------------------------------------------ */

/* @days after today (before, when negative). */
static char *
days_from_today (int days)
{
  return store_test_day_text ((PomarDay) ((int) store_test_day (TODAY) + days));
}

static char *
days_ago_at_ten (int days)
{
  g_autofree char *d = days_from_today (-days);

  return g_strdup_printf ("%sT10:00:00Z", d);
}

static PomarAccount *
add_account (StoreTestBatch *b,
             const char     *id,
             const char     *name,
             const char     *stage,
             double          arr,
             const char     *currency,
             const char     *contract_start,
             int             renews_in)
{
  PomarAccount *a = store_test_account (id, 1, name, stage, arr, currency);

  g_free (a->contract_start);
  a->contract_start = g_strdup (contract_start);
  g_free (a->renewal_date);
  a->renewal_date = days_from_today (renews_in);
  a->licensed_seats = 10;
  g_ptr_array_add (b->accounts, a);
  return a;
}

static void
add_response (StoreTestBatch *b,
              const char     *id,
              const char     *account_id,
              const char     *kind,
              gint64          score,
              int             days_ago)
{
  g_autofree char *at = days_ago_at_ten (days_ago);

  g_ptr_array_add (b->responses, store_test_response (id, account_id, kind, score, at));
}

/* @active of 10 seats on every day from @from to today, 100 events each. */
static void
add_usage (StoreTestBatch *b,
           const char     *account_id,
           PomarDay        from,
           gint64          active)
{
  for (PomarDay d = from; d <= store_test_day (TODAY); d++)
    {
      g_autofree char *text = store_test_day_text (d);

      g_ptr_array_add (b->usage, store_test_usage (account_id, text, 1, active, 100));
    }
}

/* The book (today 2026-11-23; the quarter began on 2026-10-01):
 *
 * | id    | name    | stage      | ARR      | contract   | renews in | health |
 * | acc-a | Acme    | nurture    | 1000 BRL | 2024-06-01 | 30        | green  |
 * | acc-b | Beta    | nurture    |  500 BRL | 2026-10-15 | 10        | red    |
 * | acc-c | Cobalt  | inspire    | 2000 USD | 2026-11-20 | 10        | green  |
 * | acc-d | Delta   | churned    |  700 USD | 2026-10-02 | 5         | -      |
 * | acc-e | Echo    | engagement |  300 BRL | 2026-12-01 | 120       | green  |
 * | acc-f | Foxtrot | onboarding |  100 USD | 2026-07-15 | -3        | green  |
 * | acc-g | Golf    | onboarding |  250 BRL | 2026-09-30 | 90        | green  |
 *
 * Renewals in 0..90 days, soonest first, by name on the same day: Beta,
 * Cobalt, Acme, Golf (Delta churned, Echo too far, Foxtrot passed). New
 * this quarter: Beta, Cobalt and Delta (churned since, still won this
 * quarter); not Echo (starts after today) nor Golf (the day before).
 * Beta is red: two urgent tickets open for 20 days weigh 2 x 4 + 2 = 10
 * (support 0) and its one answer is a detractor (sentiment 0); the others
 * have no open ticket (support 100) and nothing against them. ARR at
 * risk: Beta's 500 BRL. Golf's usage starts on 2026-10-10 at 8 of 10
 * seats: the 7-day mean first reaches 0.5 on 2026-10-14, 14 days after its
 * contract started, the only time to value of the last 365 days.
 * NPS, 90 days: 10, 9, 7 and 2 = 2 promoters, 1 passive, 1 detractor: 25;
 * a 0 of 100 days ago is outside it. CSAT: 5, 4, 2: 2 of 3, 67%. */
static void
make_book (StoreTestBatch *b)
{
  g_autofree char *old = days_ago_at_ten (20);
  g_autofree char *touch = days_ago_at_ten (3);

  store_test_batch_init (b);
  add_account (b, "acc-a", "Acme", "nurture", 1000, "BRL", "2024-06-01", 30);
  add_account (b, "acc-b", "Beta", "nurture", 500, "BRL", "2026-10-15", 10);
  add_account (b, "acc-c", "Cobalt", "inspire", 2000, "USD", "2026-11-20", 10);
  add_account (b, "acc-d", "Delta", "churned", 700, "USD", "2026-10-02", 5);
  add_account (b, "acc-e", "Echo", "engagement", 300, "BRL", "2026-12-01", 120);
  add_account (b, "acc-f", "Foxtrot", "onboarding", 100, "USD", "2026-07-15", -3);
  add_account (b, "acc-g", "Golf", "onboarding", 250, "BRL", "2026-09-30", 90);

  g_ptr_array_add (b->tickets, store_test_ticket ("t1", 1, "acc-b", "open", "urgent", old));
  g_ptr_array_add (b->tickets, store_test_ticket ("t2", 1, "acc-b", "open", "urgent", old));

  /* Acme reached value long ago: its usage goes back past a year. */
  add_usage (b, "acc-a", store_test_day (TODAY) - 400, 9);
  g_ptr_array_add (b->activities, store_test_activity ("acc-a-note", 1, "acc-a", "note", "Checked in.", touch));
  add_usage (b, "acc-g", store_test_day ("2026-10-10"), 8);

  add_response (b, "n1", "acc-a", "nps", 10, 5);
  add_response (b, "n2", "acc-c", "nps", 9, 5);
  add_response (b, "n3", "acc-c", "nps", 7, 6);
  add_response (b, "n4", "acc-b", "nps", 2, 7);
  add_response (b, "n5", "acc-a", "nps", 0, 100);
  add_response (b, "c1", "acc-a", "csat", 5, 5);
  add_response (b, "c2", "acc-c", "csat", 4, 5);
  add_response (b, "c3", "acc-c", "csat", 2, 5);
}

/* Fixture ------------------------------------------------------------------------ */

typedef struct
{
  char         *tmp_dir;
  PomarContext *context;
  GListStore   *accounts;
  GtkWidget    *window;
  GtkWidget    *view;
} Fixture;

static void
write_records (Fixture        *f,
               StoreTestBatch *b)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pomar_store_write_sync (pomar_context_get_store (f->context), store_test_write_batch, b, NULL, &error));
  g_assert_no_error (error);
}

/* The accounts as the window loads them, into the model at once. */
static void
load_accounts (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = pomar_store_reader_new (pomar_context_get_store (f->context), &error);
  g_autoptr (GPtrArray) summaries = NULL;
  g_autoptr (GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_no_error (error);
  summaries = pomar_store_reader_list_account_summaries (reader, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < summaries->len; i++)
    g_ptr_array_add (objects, pomar_account_object_new (g_ptr_array_index (summaries, i)));
  g_list_store_splice (f->accounts, 0, g_list_model_get_n_items (G_LIST_MODEL (f->accounts)),
                       objects->pdata, objects->len);
}

/* What is ready to run now (idles, a finished task), for a second at most:
 * a window may keep its frame clock busy. */
static void
drain (void)
{
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

  while (g_main_context_pending (NULL) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

/* Until the count of the accounts (an idle) and the store's figures (a
 * worker) are done. */
static void
wait_for_figures (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  drain ();
  while (pomar_portfolio_view_get_computing (POMAR_PORTFOLIO_VIEW (f->view)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  drain ();
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_auto (StoreTestBatch) book = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = NULL;

  if (!have_display)
    return;

  f->tmp_dir = g_dir_make_tmp ("pomar-portfolio-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (f->tmp_dir, "data", NULL);
  f->context = pomar_context_new (data_dir, &error);
  g_assert_no_error (error);

  make_book (&book);
  write_records (f, &book);
  g_assert_true (pomar_context_refresh (f->context, NULL, &error));
  g_assert_no_error (error);

  f->accounts = g_list_store_new (POMAR_TYPE_ACCOUNT_OBJECT);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 800);
  f->view = pomar_portfolio_view_new ();
  gtk_window_set_child (GTK_WINDOW (f->window), f->view);
  gtk_window_present (GTK_WINDOW (f->window));
  while (!gtk_widget_get_mapped (f->view))
    g_main_context_iteration (NULL, TRUE);

  /* As the window does: the context, then the model, filled later. */
  pomar_portfolio_view_set_context (POMAR_PORTFOLIO_VIEW (f->view), f->context);
  pomar_portfolio_view_set_model (POMAR_PORTFOLIO_VIEW (f->view), G_LIST_MODEL (f->accounts));
  load_accounts (f);
  wait_for_figures (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  if (!have_display)
    return;

  g_clear_pointer ((GtkWindow **) &f->window, gtk_window_destroy);
  g_clear_object (&f->accounts);
  g_clear_object (&f->context);
  store_test_remove_tree (f->tmp_dir);
  g_free (f->tmp_dir);
}

/* Reading the view ---------------------------------------------------------------- */

static GtkWidget *
child_named (Fixture    *f,
             const char *name)
{
  GObject *child = gtk_widget_get_template_child (f->view, POMAR_TYPE_PORTFOLIO_VIEW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static const char *
text_of (Fixture    *f,
         const char *name)
{
  return gtk_label_get_text (GTK_LABEL (child_named (f, name)));
}

/* Every label under @root, depth first, by their texts. */
static void
collect_labels (GtkWidget *root,
                GPtrArray *labels)
{
  if (GTK_IS_LABEL (root))
    g_ptr_array_add (labels, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  collect_labels (root, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_str_equal (gtk_label_get_text (g_ptr_array_index (labels, i)), text))
      return g_ptr_array_index (labels, i);
  return NULL;
}

/* The figure of a tile: the label before its caption. */
static const char *
tile_value (Fixture    *f,
            const char *caption)
{
  GtkWidget *label = find_label (child_named (f, "tiles_box"), caption);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_prev_sibling (label)));
}

/* The renewals, as the list shows them. */
static char *
renewal_names (Fixture *f)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (child_named (f, "renewals_list"))));
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (PomarAccountObject) account = g_list_model_get_item (model, i);

      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", pomar_account_object_get_name (account));
    }
  return g_string_free (names, FALSE);
}

static void
assert_accessible_label (GtkWidget  *widget,
                         const char *expected)
{
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
}

/* The tests ------------------------------------------------------------------------- */

static void
test_figures (Fixture       *f,
              gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autofree char *ltv_brl = NULL;
  g_autofree char *ltv_detail = NULL;
  PomarHealthWeights weights;
  PomarPortfolio p;
  double years;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child_named (f, "stack"))), ==, "portfolio");
  g_assert_true (gtk_widget_get_visible (child_named (f, "figures_box")));

  /* The totals, from the accounts. */
  g_assert_cmpstr (tile_value (f, "Accounts"), ==, "7");
  g_assert_cmpstr (tile_value (f, "Active customers"), ==, "6");
  g_assert_cmpstr (tile_value (f, "New customers this quarter"), ==, "3");

  /* NPS and its counts; the chart's year. */
  g_assert_cmpstr (text_of (f, "nps_value"), ==, "25");
  assert_accessible_label (child_named (f, "nps_value"), "NPS, last 90 days: 25");
  g_assert_cmpstr (text_of (f, "nps_counts"), ==, "2 promoters · 1 passive · 1 detractor");
  g_assert_cmpstr (text_of (f, "nps_answers"), ==, "From 4 answers");
  g_assert_true (g_str_has_prefix (pomar_chart_get_summary (POMAR_CHART (child_named (f, "nps_chart"))),
                                   "NPS by month, December 2025 to November 2026: "));

  /* CSAT */
  g_assert_cmpstr (text_of (f, "csat_value"), ==, "67%");
  assert_accessible_label (child_named (f, "csat_value"), "CSAT, last 90 days: 67%");
  g_assert_cmpstr (text_of (f, "csat_answers"), ==, "2 of 3 answers rated 4 or 5 out of 5");

  /* Time to value */
  g_assert_cmpstr (text_of (f, "ttv_value"), ==, "14 days");
  g_assert_cmpstr (text_of (f, "ttv_detail"), ==, "Over the 1 account that reached value in the last 365 days");

  /* Health bands: five green, Beta red; Unknown is left out at 0. */
  assert_accessible_label (gtk_widget_get_parent (find_label (child_named (f, "bands_box"), "Green")),
                           "Green: 5 customers, 83%");
  assert_accessible_label (gtk_widget_get_parent (find_label (child_named (f, "bands_box"), "Red")),
                           "Red: 1 customer, 17%");
  assert_accessible_label (gtk_widget_get_parent (find_label (child_named (f, "bands_box"), "Yellow")),
                           "Yellow: 0 customers, 0%");
  g_assert_null (find_label (child_named (f, "bands_box"), "Unknown"));
  g_assert_cmpstr (pomar_chart_get_summary (POMAR_CHART (child_named (f, "bands_chart"))), ==,
                   "Customers per health band: Green 5, Yellow 0, Red 1.");

  /* ARR and ARR at risk per currency, never converted. */
  g_assert_nonnull (find_label (child_named (f, "arr_box"), "R$\u00a02050"));
  g_assert_nonnull (find_label (child_named (f, "arr_box"), "US$\u00a02100"));
  assert_accessible_label (find_label (child_named (f, "arr_box"), "R$\u00a0500 at risk (24%), 1 customer"),
                           "ARR at risk in BRL: R$\u00a0500 at risk (24%), 1 customer");
  g_assert_nonnull (find_label (child_named (f, "arr_box"), "Nothing at risk"));

  /* LTV: no churn history, so the lifetime of the settings, said so. */
  years = pomar_context_get_default_lifetime (f->context);
  ltv_brl = pomar_format_money (2050 * years, "BRL");
  g_assert_nonnull (find_label (child_named (f, "ltv_box"), ltv_brl));
  g_assert_true (g_str_has_suffix (text_of (f, "ltv_detail"),
                                   "of expected lifetime: the default in Preferences, as there is no churn history yet"));

  /* The same figures as the store's own call (and pomarctl portfolio). */
  reader = pomar_store_reader_new (pomar_context_get_store (f->context), &error);
  g_assert_no_error (error);
  pomar_context_get_health_weights (f->context, &weights);
  g_assert_true (pomar_store_reader_get_portfolio (reader, store_test_day (TODAY), &weights, years, &p, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (p.bands[POMAR_HEALTH_BAND_GREEN], ==, 5);
  g_assert_cmpuint (p.bands[POMAR_HEALTH_BAND_RED], ==, 1);
  g_assert_cmpuint (p.arr_at_risk->len, ==, 1);
  pomar_portfolio_clear (&p);
}

static void
record_show_account (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  g_free (*(char **) user_data);
  *(char **) user_data = g_variant_dup_string (parameter, NULL);
}

static void
test_renewals (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr (GSimpleActionGroup) win = NULL;
  g_autoptr (GSimpleAction) show_account = NULL;
  g_autofree char *names = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *date = NULL;
  GtkWidget *list;
  GtkWidget *row;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  /* Soonest first, by name on the same day; 0..90 days, no churned. */
  names = renewal_names (f);
  g_assert_cmpstr (names, ==, "Beta, Cobalt, Acme, Golf");
  g_assert_cmpstr (text_of (f, "renewals_count"), ==, "4");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child_named (f, "renewals_stack"))), ==, "list");

  /* The first row, as a screen reader reads it. */
  list = child_named (f, "renewals_list");
  drain ();
  row = gtk_widget_get_first_child (list);
  g_assert_nonnull (row);
  {
    g_autofree char *renewal = days_from_today (10);

    date = pomar_format_day (renewal);
  }
  sentence = g_strdup_printf ("Beta, renews on %s, in 10 days, ARR R$\u00a0500, health 0, red", date);
  assert_accessible_label (gtk_widget_get_first_child (row), sentence);

  /* Activating a row opens that customer through win.show-account. */
  win = g_simple_action_group_new ();
  show_account = g_simple_action_new ("show-account", G_VARIANT_TYPE_STRING);
  g_signal_connect (show_account, "activate", G_CALLBACK (record_show_account), &shown);
  g_action_map_add_action (G_ACTION_MAP (win), G_ACTION (show_account));
  gtk_widget_insert_action_group (f->window, "win", G_ACTION_GROUP (win));
  g_signal_emit_by_name (list, "activate", 1);
  g_assert_cmpstr (shown, ==, "acc-c");

  /* A book without renewals: the empty state. */
  {
    PomarAccountObject *echo = NULL;
    GListModel *model = G_LIST_MODEL (f->accounts);

    for (guint i = 0; i < g_list_model_get_n_items (model) && echo == NULL; i++)
      {
        g_autoptr (PomarAccountObject) account = g_list_model_get_item (model, i);

        if (g_str_equal (pomar_account_object_get_id (account), "acc-e"))
          echo = g_steal_pointer (&account);
      }
    g_assert_nonnull (echo);
    g_list_store_splice (f->accounts, 0, g_list_model_get_n_items (model), (gpointer *) &echo, 1);
    g_object_unref (echo);
  }
  wait_for_figures (f);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child_named (f, "renewals_stack"))), ==, "empty");
  g_assert_cmpstr (text_of (f, "renewals_count"), ==, "0");
  g_assert_cmpstr (tile_value (f, "Accounts"), ==, "1");
  g_assert_cmpstr (tile_value (f, "New customers this quarter"), ==, "0");
}

/* A change to the book (new answers, then the accounts model changing, as
 * after a sync) computes the figures again; those shown before stay until
 * then, and a newer change replaces a computation in flight. */
static void
test_recompute (Fixture       *f,
                gconstpointer  user_data)
{
  g_auto (StoreTestBatch) more = { 0 };
  g_auto (StoreTestBatch) later = { 0 };
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  store_test_batch_init (&more);
  add_response (&more, "n6", "acc-g", "nps", 0, 1);
  add_response (&more, "n7", "acc-g", "nps", 1, 1);
  write_records (f, &more);
  g_assert_cmpstr (text_of (f, "nps_value"), ==, "25");

  /* Two changes in a row are counted once, in an idle. */
  load_accounts (f);
  load_accounts (f);
  while (!pomar_portfolio_view_get_computing (POMAR_PORTFOLIO_VIEW (f->view)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  /* The figures of before, meanwhile. */
  g_assert_cmpstr (text_of (f, "nps_value"), ==, "25");

  /* Another change while that computes: the newer one decides. */
  store_test_batch_init (&later);
  add_response (&later, "n8", "acc-g", "nps", 10, 1);
  write_records (f, &later);
  load_accounts (f);
  wait_for_figures (f);

  /* 3 promoters, 1 passive, 3 detractors of 7: 0 */
  g_assert_cmpstr (text_of (f, "nps_value"), ==, "0");
  g_assert_cmpstr (text_of (f, "nps_answers"), ==, "From 7 answers");
  g_assert_cmpstr (text_of (f, "nps_counts"), ==, "3 promoters · 1 passive · 3 detractors");
}

/* Without answers, the figures say so rather than show a zero. */
static void
test_no_answers (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *data_dir = NULL;
  g_auto (StoreTestBatch) book = { 0 };
  Fixture f = { 0 };

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  tmp_dir = g_dir_make_tmp ("pomar-portfolio-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (tmp_dir, "data", NULL);
  f.context = pomar_context_new (data_dir, &error);
  g_assert_no_error (error);
  store_test_batch_init (&book);
  add_account (&book, "acc-z", "Zulu", "nurture", 100, "EUR", "2025-01-01", 200);
  write_records (&f, &book);

  f.accounts = g_list_store_new (POMAR_TYPE_ACCOUNT_OBJECT);
  f.window = gtk_window_new ();
  f.view = pomar_portfolio_view_new ();
  gtk_window_set_child (GTK_WINDOW (f.window), f.view);
  pomar_portfolio_view_set_model (POMAR_PORTFOLIO_VIEW (f.view), G_LIST_MODEL (f.accounts));
  pomar_portfolio_view_set_context (POMAR_PORTFOLIO_VIEW (f.view), f.context);
  /* Before anything is computed: the empty page, not zeros. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child_named (&f, "stack"))), ==, "empty");
  load_accounts (&f);
  wait_for_figures (&f);

  g_assert_cmpstr (text_of (&f, "nps_value"), ==, "—");
  g_assert_cmpstr (text_of (&f, "nps_answers"), ==, "Not enough answers");
  g_assert_false (gtk_widget_get_visible (child_named (&f, "nps_counts")));
  assert_accessible_label (child_named (&f, "nps_value"), "NPS, last 90 days: not enough answers");
  g_assert_cmpstr (text_of (&f, "csat_answers"), ==, "Not enough answers");
  g_assert_cmpstr (text_of (&f, "ttv_detail"), ==, "No customer reached value in the last 365 days");
  g_assert_nonnull (find_label (child_named (&f, "arr_box"), "€\u00a0100"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child_named (&f, "renewals_stack"))), ==, "empty");

  /* Without a context, the store's figures are not shown at all. */
  pomar_portfolio_view_set_context (POMAR_PORTFOLIO_VIEW (f.view), NULL);
  wait_for_figures (&f);
  g_assert_false (gtk_widget_get_visible (child_named (&f, "figures_box")));

  gtk_window_destroy (GTK_WINDOW (f.window));
  g_clear_object (&f.accounts);
  g_clear_object (&f.context);
  store_test_remove_tree (tmp_dir);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("POMAR_TODAY", TODAY, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();
  /* The widgets' templates are in the resources linked from the UI library. */
  g_assert_nonnull (pomar_get_resource ());

  g_test_add ("/portfolio/figures", Fixture, NULL, fixture_setup, test_figures, fixture_teardown);
  g_test_add ("/portfolio/renewals", Fixture, NULL, fixture_setup, test_renewals, fixture_teardown);
  g_test_add ("/portfolio/recompute", Fixture, NULL, fixture_setup, test_recompute, fixture_teardown);
  g_test_add_func ("/portfolio/no-answers", test_no_answers);

  return g_test_run ();
}
