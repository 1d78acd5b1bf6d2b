/* test-board.c: the journey board.
 *
 * Without a display: the filter bar's predicate and how strict each change
 * says it is, the folding of search text, the account objects' order,
 * health and trend, and the sentence a card says to a screen reader. With
 * a display (xvfb-run): the board itself sorting a book out into its
 * columns, following a stage move item by item, and counting what the
 * filter shows; those cases skip without one. "Today" is pinned.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gtk/gtk.h>

#include "ui/pomar-account-card.h"
#include "ui/pomar-account-object.h"
#include "ui/pomar-board-column.h"
#include "ui/pomar-board-filter.h"
#include "ui/pomar-board.h"
#include "pomar-resources.h"

#define TODAY "2026-11-23"

static gboolean have_display;

/* An account with a computed health of @health (-1: unknown), @trend points
 * in 30 days, renewing in @renews_in days. */
static PomarAccountObject *
make_account (const char *id,
              const char *name,
              const char *stage,
              const char *owner,
              const char *segment,
              int         health,
              int         trend,
              int         renews_in)
{
  PomarAccountSummary summary = { 0 };
  PomarAccountObject *account;
  char renewal[11];

  summary.account.id = (char *) id;
  summary.account.name = (char *) name;
  summary.account.domain = g_strdup_printf ("%s.example.com.br", id);
  summary.account.stage = (char *) stage;
  summary.account.owner = (char *) owner;
  summary.account.segment = (char *) segment;
  summary.account.arr = 120000;
  summary.account.currency = (char *) "BRL";
  summary.account.licensed_seats = 40;
  summary.account.renewal_date = pomar_day_format (pomar_day_parse (TODAY) + renews_in, renewal);

  summary.figures.computed = TRUE;
  summary.figures.as_of = pomar_day_parse (TODAY);
  summary.figures.known = health >= 0;
  summary.figures.score = health;
  summary.figures.rounded = health;
  summary.figures.band = health >= 0 ? pomar_health_band_for_score (health) : POMAR_HEALTH_BAND_NONE;
  summary.figures.known_30d_ago = health >= 0;
  summary.figures.rounded_30d_ago = health - trend;
  summary.figures.has_nps_90d = TRUE;
  summary.figures.nps_90d = 40;
  summary.figures.ttv_days = POMAR_NO_INT;
  summary.open_urgent_tickets = 2;
  summary.open_high_tickets = 1;
  summary.open_tickets = 5;
  summary.playbook_tasks = 6;
  summary.playbook_tasks_finished = 3;

  account = pomar_account_object_new (&summary);
  g_free (summary.account.domain);
  return account;
}

/* The filter ----------------------------------------------------------------- */

static void
record_change (GtkFilter       *filter,
               GtkFilterChange  change,
               gpointer         user_data)
{
  *(int *) user_data = change;
}

static void
test_filter (void)
{
  g_autoptr (PomarBoardFilter) filter = pomar_board_filter_new ();
  g_autoptr (PomarAccountObject) acme = make_account ("acc_1", "Acme Ltda", "nurture", "ana", "smb", 72, 6, 45);
  g_autoptr (PomarAccountObject) sao = make_account ("acc_2", "São Bento Café", "nurture", "bruno", "enterprise", 40, 0, 200);
  g_autoptr (PomarAccountObject) unknown = make_account ("acc_3", "Zeta", "inspire", "ana", "smb", -1, 0, 10);
  int change = -1;

  g_signal_connect (filter, "changed", G_CALLBACK (record_change), &change);

  /* Nothing set: everything, without looking. */
  g_assert_false (pomar_board_filter_is_active (filter));
  g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (filter)), ==, GTK_FILTER_MATCH_ALL);
  g_assert_true (pomar_board_filter_matches (filter, acme));

  /* Text: words of the name or the domain, any case, any accents. */
  pomar_board_filter_set_text (filter, "acm");
  g_assert_cmpint (change, ==, GTK_FILTER_CHANGE_MORE_STRICT);
  g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (filter)), ==, GTK_FILTER_MATCH_SOME);
  g_assert_true (pomar_board_filter_matches (filter, acme));
  g_assert_false (pomar_board_filter_matches (filter, sao));
  /* Typing on narrows; deleting widens; anything else changes. */
  pomar_board_filter_set_text (filter, "ACME ltd");
  g_assert_cmpint (change, ==, GTK_FILTER_CHANGE_MORE_STRICT);
  g_assert_true (pomar_board_filter_matches (filter, acme));
  pomar_board_filter_set_text (filter, "ACME");
  g_assert_cmpint (change, ==, GTK_FILTER_CHANGE_LESS_STRICT);
  pomar_board_filter_set_text (filter, "sao  cafe");
  g_assert_cmpint (change, ==, GTK_FILTER_CHANGE_DIFFERENT);
  g_assert_true (pomar_board_filter_matches (filter, sao));
  g_assert_false (pomar_board_filter_matches (filter, acme));
  pomar_board_filter_set_text (filter, "acc_2.example");
  g_assert_true (pomar_board_filter_matches (filter, sao));
  /* A word may not match across the name and the domain. */
  pomar_board_filter_set_text (filter, "café acc");
  g_assert_true (pomar_board_filter_matches (filter, sao));
  pomar_board_filter_set_text (filter, "cafeacc");
  g_assert_false (pomar_board_filter_matches (filter, sao));
  pomar_board_filter_set_text (filter, "  ");
  g_assert_false (pomar_board_filter_is_active (filter));
  g_assert_true (pomar_board_filter_matches (filter, acme));

  /* Owner and segment, by their ids; the band of the health shown. */
  change = -1;
  pomar_board_filter_set_owner (filter, "ana");
  g_assert_cmpint (change, ==, GTK_FILTER_CHANGE_MORE_STRICT);
  g_assert_true (pomar_board_filter_matches (filter, acme));
  g_assert_false (pomar_board_filter_matches (filter, sao));
  pomar_board_filter_set_owner (filter, "bruno");
  g_assert_cmpint (change, ==, GTK_FILTER_CHANGE_DIFFERENT);
  pomar_board_filter_set_owner (filter, NULL);
  g_assert_cmpint (change, ==, GTK_FILTER_CHANGE_LESS_STRICT);

  pomar_board_filter_set_segment (filter, "smb");
  pomar_board_filter_set_band (filter, POMAR_HEALTH_BAND_NONE);
  g_assert_true (pomar_board_filter_matches (filter, unknown));
  g_assert_false (pomar_board_filter_matches (filter, acme));
  pomar_board_filter_set_band (filter, POMAR_HEALTH_BAND_RED);
  g_assert_false (pomar_board_filter_matches (filter, sao)); /* red, but not smb */
  pomar_board_filter_set_segment (filter, "");
  g_assert_true (pomar_board_filter_matches (filter, sao));

  /* The criteria combine. */
  pomar_board_filter_set_band (filter, POMAR_HEALTH_BAND_YELLOW);
  pomar_board_filter_set_owner (filter, "ana");
  pomar_board_filter_set_text (filter, "acme");
  g_assert_true (pomar_board_filter_matches (filter, acme));
  pomar_board_filter_set_text (filter, "zeta");
  g_assert_false (pomar_board_filter_matches (filter, unknown));
  pomar_board_filter_set_band (filter, POMAR_BOARD_FILTER_ANY_BAND);
  g_assert_true (pomar_board_filter_matches (filter, unknown));
}

static void
test_fold (void)
{
  static const char *const cases[][2] = {
    { "São Paulo", "sao paulo" },
    { "AÇÃO Ltda", "acao ltda" },
    { "Müller & Söhne", "muller & sohne" },
    { "Привет", "привет" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = pomar_fold_for_search (cases[i][0]);

      g_assert_cmpstr (folded, ==, cases[i][1]);
    }
}

/* Account objects ------------------------------------------------------------ */

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(int *) user_data)++;
}

static void
test_account_object (void)
{
  g_autoptr (PomarAccountObject) a = make_account ("acc_2", "acme", "nurture", "ana", "smb", 72, 6, 45);
  g_autoptr (PomarAccountObject) b = make_account ("acc_1", "Acme", "nurture", "ana", "smb", 30, -5, 45);
  g_autoptr (PomarAccountObject) c = make_account ("acc_3", "Beta", "nurture", "ana", "smb", 50, 4, 45);
  PomarHealthBand band;
  int score;
  gint64 days;
  int notified = 0;

  g_assert_true (pomar_account_object_get_health (a, &score, &band));
  g_assert_cmpint (score, ==, 72);
  g_assert_cmpint (band, ==, POMAR_HEALTH_BAND_YELLOW);
  g_assert_cmpint (pomar_account_object_get_health_trend (a), ==, 1);
  g_assert_cmpint (pomar_account_object_get_health_trend (b), ==, -1);
  g_assert_cmpint (pomar_account_object_get_health_trend (c), ==, 0);
  g_assert_true (pomar_account_object_get_days_to_renewal (a, &days));
  g_assert_cmpint (days, ==, 45);

  /* By name as the locale sorts, then by id: a total order. */
  g_assert_cmpint (pomar_account_object_compare (a, c), <, 0);
  g_assert_cmpint (pomar_account_object_compare (c, a), >, 0);
  g_assert_cmpint (pomar_account_object_compare (a, a), ==, 0);
  g_assert_cmpint (pomar_account_object_compare (a, b), !=, 0);
  g_assert_cmpint (pomar_account_object_compare (a, b), ==, -pomar_account_object_compare (b, a));

  /* A local move notifies, and drops the suggestion of the old stage. */
  g_signal_connect (a, "notify::stage", G_CALLBACK (count_notify), &notified);
  pomar_account_object_set_stage (a, "inspire");
  pomar_account_object_set_stage (a, "inspire");
  g_assert_cmpint (notified, ==, 1);
  g_assert_cmpstr (pomar_account_object_get_stage (a), ==, "inspire");
  g_assert_null (pomar_account_object_get_summary (a)->suggested_stage);
}

/* The card's sentence --------------------------------------------------------- */

static void
test_card_description (void)
{
  g_autoptr (PomarAccountObject) acme = make_account ("acc_1", "Acme Ltda", "nurture", "ana", "smb", 72, 6, 45);
  g_autoptr (PomarAccountObject) zeta = make_account ("acc_3", "Zeta", "churned", NULL, "smb", -1, 0, 10);
  g_autofree char *text = pomar_account_card_describe (acme);
  g_autofree char *churned = pomar_account_card_describe (zeta);

  /* Colour is never the only sign: the number, the band, the trend. */
  g_assert_cmpstr (text, ==,
                   "Acme Ltda, ARR 120000 BRL, health 72, yellow, rising, renews in 45 days, "
                   "NPS 40 over 90 days, 2 urgent tickets and 1 high priority ticket open, "
                   "playbook 3 of 6 tasks done, owner ana");
  /* A churned account has no renewal countdown. */
  g_assert_cmpstr (churned, ==,
                   "Zeta, ARR 120000 BRL, health unknown, NPS 40 over 90 days, "
                   "2 urgent tickets and 1 high priority ticket open, playbook 3 of 6 tasks done");
}

/* The board (a display) -------------------------------------------------------- */

static PomarBoardColumn *
find_column (GtkWidget  *widget,
             const char *stage_id)
{
  if (POMAR_IS_BOARD_COLUMN (widget)
      && g_strcmp0 (pomar_board_column_get_stage_id (POMAR_BOARD_COLUMN (widget)), stage_id) == 0)
    return POMAR_BOARD_COLUMN (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      PomarBoardColumn *column = find_column (child, stage_id);

      if (column != NULL)
        return column;
    }
  return NULL;
}

static guint
count (GtkWidget  *board,
       const char *stage_id)
{
  return pomar_board_column_get_n_accounts (find_column (board, stage_id));
}

static void
test_board_columns (void)
{
  g_autoptr (GListStore) store = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  GtkWidget *window;
  GtkWidget *board;
  PomarAccountObject *moved;
  static const char *const stages[] = { "onboarding", "engagement", "nurture", "inspire", "churned", "orbit" };

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  store = g_list_store_new (POMAR_TYPE_ACCOUNT_OBJECT);
  accounts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *id = g_strdup_printf ("acc_%04u", i);
      g_autofree char *name = g_strdup_printf ("Account %04u", 600 - i);

      g_ptr_array_add (accounts, make_account (id, name, stages[i % 5], i % 2 ? "ana" : "bruno", "smb",
                                               (int) (i % 100), 0, 30));
    }
  /* One stage Pomar does not know: its own column, shown only then. */
  g_ptr_array_add (accounts, make_account ("acc_x", "Odd One", stages[5], "ana", "smb", 80, 0, 30));
  /* Out of order on purpose: the board sorts what the loader did not. */
  g_list_store_splice (store, 0, 0, accounts->pdata, accounts->len);

  /* In a window, as the board lives. */
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  board = pomar_board_new ();
  gtk_window_set_child (GTK_WINDOW (window), board);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (board))
    g_main_context_iteration (NULL, TRUE);
  pomar_board_set_model (POMAR_BOARD (board), G_LIST_MODEL (store));
  g_assert_cmpuint (count (board, "onboarding"), ==, 120);
  g_assert_cmpuint (count (board, "churned"), ==, 120);
  g_assert_cmpuint (count (board, NULL), ==, 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (find_column (board, "churned"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (find_column (board, NULL))));
  pomar_board_set_show_churned (POMAR_BOARD (board), TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (find_column (board, "churned"))));

  /* A move: the object changes, the model says one item changed. */
  moved = g_ptr_array_index (accounts, 0);
  pomar_account_object_set_stage (moved, "nurture");
  g_list_store_splice (store, 0, 1, (gpointer *) &moved, 1);
  g_assert_cmpuint (count (board, "onboarding"), ==, 119);
  g_assert_cmpuint (count (board, "nurture"), ==, 121);

  /* The keyboard focus can follow it to its new column. */
  g_assert_true (pomar_board_focus_account (POMAR_BOARD (board), moved));
  g_assert_true (pomar_board_column_get_focused_account (find_column (board, "nurture")) == moved);
  g_assert_null (pomar_board_column_get_focused_account (find_column (board, "onboarding")));

  /* The filter narrows every column; counts follow. */
  pomar_board_filter_set_owner (POMAR_BOARD_FILTER (pomar_board_get_filter (POMAR_BOARD (board))), "ana");
  g_assert_cmpuint (count (board, "onboarding"), ==, 60);
  g_assert_cmpuint (count (board, "nurture"), ==, 60);
  pomar_board_filter_set_text (POMAR_BOARD_FILTER (pomar_board_get_filter (POMAR_BOARD (board))), "0600");
  g_assert_cmpuint (count (board, "nurture"), ==, 0);
  pomar_board_filter_set_owner (POMAR_BOARD_FILTER (pomar_board_get_filter (POMAR_BOARD (board))), NULL);
  g_assert_cmpuint (count (board, "nurture"), ==, 1);
  pomar_board_filter_set_text (POMAR_BOARD_FILTER (pomar_board_get_filter (POMAR_BOARD (board))), NULL);

  /* An account removed, and one added. */
  g_list_store_remove (store, 5);
  g_assert_cmpuint (count (board, "onboarding"), ==, 118);
  {
    g_autoptr (PomarAccountObject) added = make_account ("acc_new", "Newcomer", "inspire", "ana", "smb", 90, 0, 30);

    g_list_store_insert (store, 3, added);
  }
  g_assert_cmpuint (count (board, "inspire"), ==, 121);

  /* The odd one moves to a known stage: its column goes. */
  moved = g_ptr_array_index (accounts, 600);
  pomar_account_object_set_stage (moved, "inspire");
  g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)) - 1, 1, (gpointer *) &moved, 1);
  g_assert_cmpuint (count (board, NULL), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (find_column (board, NULL))));

  /* A new book: all at once. */
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), accounts->pdata, 10);
  g_assert_cmpuint (count (board, "onboarding"), ==, 1);
  g_assert_cmpuint (count (board, "nurture"), ==, 3);

  gtk_window_destroy (GTK_WINDOW (window));
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

  g_test_add_func ("/board/filter", test_filter);
  g_test_add_func ("/board/fold", test_fold);
  g_test_add_func ("/board/account-object", test_account_object);
  g_test_add_func ("/board/card-description", test_card_description);
  g_test_add_func ("/board/columns", test_board_columns);

  return g_test_run ();
}
