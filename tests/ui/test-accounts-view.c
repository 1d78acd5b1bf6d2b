/* test-accounts-view.c: the accounts table.
 *
 * Without a display: what a cell says (and says to a screen reader), and
 * the rows the column view shows following their model in steps. With
 * a display (xvfb-run): every column sorting both ways with unknown values
 * last; the search and its exact count; the table doing nothing while it
 * is hidden and catching up when shown; the selection and its action bar,
 * and the bulk actions it hands the window; the CSV export, through the
 * function the button calls. Those cases skip without a display. "Today"
 * is pinned.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ui/pomar-account-object.h"
#include "ui/pomar-accounts-view-private.h"
#include "ui/pomar-table-rows.h"
#include "pomar-resources.h"

#define TODAY "2026-11-23"

static gboolean have_display;

typedef struct
{
  const char *id;
  const char *name;
  const char *stage;
  const char *owner;
  const char *segment;
  int         health;       /* -1: unknown */
  int         delta;        /* 30 days; G_MININT: unknown */
  int         nps;          /* G_MININT: unknown */
  double      arr;          /* NAN: unknown */
  const char *currency;
  const char *renewal;
  gint64      tickets;
  const char *last_touch;
} Row;

#define NO_VALUE G_MININT

static PomarAccountObject *
make_account (const Row *row)
{
  PomarAccountSummary summary = { 0 };
  PomarAccountObject *account;

  summary.account.id = (char *) row->id;
  summary.account.name = (char *) row->name;
  summary.account.domain = g_strdup_printf ("%s.example.com", row->id);
  summary.account.stage = (char *) row->stage;
  summary.account.owner = (char *) row->owner;
  summary.account.segment = (char *) row->segment;
  summary.account.arr = row->arr;
  summary.account.currency = (char *) row->currency;
  summary.account.licensed_seats = 40;
  summary.account.renewal_date = (char *) row->renewal;

  summary.figures.computed = TRUE;
  summary.figures.as_of = pomar_day_parse (TODAY);
  summary.figures.known = row->health >= 0;
  summary.figures.score = row->health;
  summary.figures.rounded = row->health;
  summary.figures.band = row->health >= 0 ? pomar_health_band_for_score (row->health) : POMAR_HEALTH_BAND_NONE;
  summary.figures.known_30d_ago = row->health >= 0 && row->delta != NO_VALUE;
  summary.figures.rounded_30d_ago = row->delta != NO_VALUE ? row->health - row->delta : 0;
  summary.figures.has_nps_90d = row->nps != NO_VALUE;
  summary.figures.nps_90d = row->nps != NO_VALUE ? row->nps : 0;
  summary.figures.ttv_days = POMAR_NO_INT;
  summary.open_tickets = row->tickets;
  summary.last_touch = (char *) row->last_touch;

  account = pomar_account_object_new (&summary);
  g_free (summary.account.domain);
  return account;
}

/* A small book with every kind of unknown value, and text that CSV must
 * quote. */
static const Row book[] = {
  { "acc_01", "Acme Embalagens", "nurture", "ana.souza@pomar.example", "smb",
    82, 6, 40, 48000, "BRL", "2027-03-01", 2, "2026-11-20T10:00:00Z" },
  { "acc_02", "Baker, \"Best\" Foods", "onboarding", "sarah.chen@pomar.example", "enterprise",
    41, -19, -12, 120000.5, "USD", "2027-01-15", 0, "2026-10-01T09:00:00Z" },
  { "acc_03", "Café São Jorge", "inspire", "bruno.lima@pomar.example", "mid-market",
    -1, NO_VALUE, NO_VALUE, NAN, NULL, NULL, 5, NULL },
  { "acc_04", "Delta\nTwo Lines", "churned", NULL, NULL,
    60, 2, 100, 9000, "BRL", "2026-12-01", 1, "2026-11-22T23:30:00Z" },
  { "acc_05", "Echo Labs", NULL, "ana.souza@pomar.example", "smb",
    75, -5, 0, 300, "USD", "2028-06-30", 9, "2025-01-02T12:00:00Z" },
  { "acc_06", "Foxtrot Ltda", "orbit", "carla.dias@pomar.example", "other",
    49, 0, 55, 77000, "BRL", "2027-02-02", 3, "2026-11-01T08:00:00Z" },
  { "acc_07", NULL, "engagement", "ana.souza@pomar.example", "smb",
    90, NO_VALUE, -100, 5000, NULL, "2027-05-05", 4, "2026-09-09T09:09:09Z" },
};

static GListStore *
make_book (void)
{
  GListStore *store = g_list_store_new (POMAR_TYPE_ACCOUNT_OBJECT);

  for (guint i = 0; i < G_N_ELEMENTS (book); i++)
    {
      g_autoptr (PomarAccountObject) account = make_account (&book[i]);

      g_list_store_append (store, account);
    }
  return store;
}

/* Cells ---------------------------------------------------------------------- */

static void
check_cell (PomarAccountObject *account,
            const char         *column,
            const char         *text,
            const char         *accessible)
{
  g_autofree char *said = NULL;
  g_autofree char *shown = pomar_accounts_view_cell_text (column, account, &said);

  g_assert_cmpstr (shown, ==, text);
  g_assert_cmpstr (said, ==, accessible);
}

static void
test_cells (void)
{
  g_autoptr (PomarAccountObject) acme = make_account (&book[0]);
  g_autoptr (PomarAccountObject) baker = make_account (&book[1]);
  g_autoptr (PomarAccountObject) cafe = make_account (&book[2]);
  g_autoptr (PomarAccountObject) delta = make_account (&book[3]);
  g_autoptr (PomarAccountObject) unnamed = make_account (&book[6]);

  check_cell (acme, "health", "82", NULL);
  check_cell (cafe, "health", "—", "unknown");

  /* The arrow from 5 points, as on the board; the delta always; words
   * for a screen reader. */
  check_cell (acme, "trend", "↑ +6", "up 6 points");
  check_cell (baker, "trend", "↓ \u221219", "down 19 points");
  check_cell (delta, "trend", "+2", "up 2 points");
  check_cell (cafe, "trend", "—", "unknown");

  check_cell (acme, "nps", "40", NULL);
  check_cell (baker, "nps", "\u221212", NULL);
  check_cell (cafe, "nps", "—", "no answers in 90 days");

  check_cell (acme, "stage", "Nurture", NULL);
  check_cell (baker, "arr", "US$\u00a0120000", NULL);
  check_cell (cafe, "arr", "—", NULL);
  check_cell (delta, "owner", "—", "no owner");
  check_cell (unnamed, "name", "acc_07", NULL);
  check_cell (cafe, "touch", "Never", NULL);
  check_cell (acme, "tickets", "2", NULL);
}

/* The rows --------------------------------------------------------------------- */

static void
count_notify (guint *n)
{
  (*n)++;
}

static void
run_until_caught_up (GListModel *rows,
                     guint       n_items)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_list_model_get_n_items (rows) != n_items && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_items);
}

static void
test_table_rows (void)
{
  g_autoptr (GListStore) store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  g_autoptr (GtkMultiSelection) selection = NULL;
  g_autoptr (PomarTableRows) rows = NULL;
  g_autoptr (PomarTableRow) first = NULL;
  g_autoptr (PomarTableRow) last = NULL;
  g_autoptr (GtkBitset) selected = NULL;
  guint n_first = 0;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", i);
      g_autoptr (GtkStringObject) item = gtk_string_object_new (text);

      g_list_store_append (store, item);
    }
  selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (store)));
  rows = pomar_table_rows_new (GTK_SELECTION_MODEL (selection));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 1000);

  /* A cell shows the first row: it knows its item, and hears of changes. */
  first = g_list_model_get_item (G_LIST_MODEL (rows), 0);
  g_assert_null (pomar_table_row_get_item (first));
  pomar_table_row_watch (first);
  g_assert_cmpstr (gtk_string_object_get_string (pomar_table_row_get_item (first)), ==, "0");
  g_signal_connect_swapped (first, "notify::item", G_CALLBACK (count_notify), &n_first);

  /* The first item goes: the same row shows the next one. */
  g_list_store_remove (store, 0);
  g_assert_cmpuint (n_first, ==, 1);
  g_assert_cmpstr (gtk_string_object_get_string (pomar_table_row_get_item (first)), ==, "1");
  {
    g_autoptr (PomarTableRow) still = g_list_model_get_item (G_LIST_MODEL (rows), 0);

    g_assert_true (still == first);
  }

  /* A screenful of rows on screen, then nearly all items go: the rows
   * past the new end empty at once and go in steps, taking nothing into
   * the selection meanwhile. */
  for (guint i = 1; i < 100; i++)
    {
      g_autoptr (PomarTableRow) row = g_list_model_get_item (G_LIST_MODEL (rows), i);

      pomar_table_row_watch (row);
    }
  g_list_store_splice (store, 10, 989, NULL, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), >, 10);
  last = g_list_model_get_item (G_LIST_MODEL (rows), g_list_model_get_n_items (G_LIST_MODEL (rows)) - 1);
  g_assert_null (pomar_table_row_get_item (last));
  g_assert_false (gtk_selection_model_select_item (GTK_SELECTION_MODEL (rows), pomar_table_row_get_position (last),
                                                   FALSE));
  gtk_selection_model_select_all (GTK_SELECTION_MODEL (rows));
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (selection));
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 10);
  run_until_caught_up (G_LIST_MODEL (rows), 10);

  /* And back, in one go: a screenful at once, the rest in steps, the same
   * row objects again. */
  {
    g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr (PomarTableRow) again = NULL;

    for (guint i = 0; i < 500; i++)
      g_ptr_array_add (items, gtk_string_object_new ("again"));
    g_list_store_splice (store, 10, 0, items->pdata, items->len);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), <, 510);
    run_until_caught_up (G_LIST_MODEL (rows), 510);
    again = g_list_model_get_item (G_LIST_MODEL (rows), pomar_table_row_get_position (last));
    g_assert_true (again == last);
  }
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (rows), 9));
  g_assert_false (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (rows), 10));
  g_assert_cmpstr (gtk_string_object_get_string (pomar_table_row_get_item (first)), ==, "1");

  for (guint i = 1; i < 100; i++)
    {
      g_autoptr (PomarTableRow) row = g_list_model_get_item (G_LIST_MODEL (rows), i);

      pomar_table_row_unwatch (row);
    }
  pomar_table_row_unwatch (first);
  g_assert_null (pomar_table_row_get_item (first));
}

static const char *
row_text (GListModel *rows,
          guint       position)
{
  g_autoptr (PomarTableRow) row = g_list_model_get_item (rows, position);
  GtkStringObject *item = pomar_table_row_get_item (row);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

static gboolean
all_start_with (GListModel *rows,
                guint       from,
                guint       to,
                char        letter)
{
  for (guint i = from; i < to; i++)
    {
      const char *text = row_text (rows, i);

      if (text == NULL || text[0] != letter)
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_shown (GListModel *rows,
           guint       from,
           guint       to)
{
  for (guint i = from; i < to; i++)
    if (row_text (rows, i) == NULL)
      return FALSE;
  return TRUE;
}

/* As a view does: watches the rows it is told of, while it is told. */
static void
watch_added (GListModel *rows,
             guint       position,
             guint       removed,
             guint       added,
             GPtrArray  *seen)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (PomarTableRow) row = g_list_model_get_item (rows, i);
      GtkStringObject *item;

      pomar_table_row_watch (row);
      item = pomar_table_row_get_item (row);
      g_ptr_array_add (seen, g_strdup (item != NULL ? gtk_string_object_get_string (item) : "(none)"));
    }
}

static void
watch_rows (GListModel *rows,
            guint       from,
            guint       to,
            gboolean    watch)
{
  for (guint i = from; i < to; i++)
    {
      g_autoptr (PomarTableRow) row = g_list_model_get_item (rows, i);

      if (watch)
        pomar_table_row_watch (row);
      else
        pomar_table_row_unwatch (row);
    }
}

/* Told which rows are on screen, the rows show a change there at once and
 * elsewhere once changes rest, or when the screen gets there; rows a
 * change adds off screen come in steps and start empty. */
static void
test_table_rows_on_screen (void)
{
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);
  g_autoptr (GtkNoSelection) selection = NULL;
  g_autoptr (PomarTableRows) rows = NULL;
  GListModel *model;
  gint64 deadline;

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *text = g_strdup_printf ("a%u", i);

      gtk_string_list_append (list, text);
    }
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (list)));
  rows = pomar_table_rows_new (GTK_SELECTION_MODEL (selection));
  model = G_LIST_MODEL (rows);
  watch_rows (model, 0, 60, TRUE);
  pomar_table_rows_set_visible (rows, 0, 10);

  /* Every item is replaced: rows 0-9 show the new ones, 10-59 the old. */
  {
    g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < 100; i++)
      g_ptr_array_add (texts, g_strdup_printf ("b%u", i));
    g_ptr_array_add (texts, NULL);
    gtk_string_list_splice (list, 0, 100, (const char * const *) texts->pdata);
  }
  g_assert_cmpstr (row_text (model, 0), ==, "b0");
  g_assert_cmpstr (row_text (model, 9), ==, "b9");
  g_assert_cmpstr (row_text (model, 10), ==, "a10");
  g_assert_cmpstr (row_text (model, 59), ==, "a59");

  /* The screen moves to rows 20-29: they catch up, 30 on still wait. */
  pomar_table_rows_set_visible (rows, 20, 10);
  g_assert_cmpstr (row_text (model, 25), ==, "b25");
  g_assert_cmpstr (row_text (model, 35), ==, "a35");

  /* Rest: all of them catch up. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!all_start_with (model, 0, 60, 'b') && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (row_text (model, 59), ==, "b59");
  g_assert_cmpstr (row_text (model, 12), ==, "b12");

  /* Down to 5 items and back up to 100, with the screen on rows 0-9: the
   * rows the screen shows come at once, the others in steps. */
  watch_rows (model, 0, 60, FALSE);
  pomar_table_rows_set_visible (rows, 0, 10);
  gtk_string_list_splice (list, 5, 95, NULL);
  run_until_caught_up (model, 5);
  watch_rows (model, 0, 5, TRUE);
  {
    g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
    gulong handler = g_signal_connect (model, "items-changed", G_CALLBACK (watch_added), seen);

    for (guint i = 5; i < 100; i++)
      g_ptr_array_add (texts, g_strdup_printf ("c%u", i));
    g_ptr_array_add (texts, NULL);
    gtk_string_list_splice (list, 5, 0, (const char * const *) texts->pdata);
    /* In the change, rows 5-9 come, on screen, with their items; the
     * others come after, off screen, empty. */
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
    g_assert_cmpuint (seen->len, ==, 5);
    g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "c5");
    g_assert_cmpstr (g_ptr_array_index (seen, 4), ==, "c9");
    run_until_caught_up (model, 100);
    g_assert_cmpuint (seen->len, ==, 95);
    g_assert_cmpstr (g_ptr_array_index (seen, 5), ==, "(none)");
    g_signal_handler_disconnect (model, handler);
    deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    while (!all_shown (model, 5, 100) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpstr (row_text (model, 10), ==, "c10");
    g_assert_cmpstr (row_text (model, 99), ==, "c99");
    watch_rows (model, 5, 100, FALSE);
  }
  g_assert_cmpstr (row_text (model, 3), ==, "b3");

  /* A row a change brings off screen (as a view makes its cell) starts
   * empty and catches up; one a scroll brings shows its item at once. */
  pomar_table_rows_set_visible (rows, 0, 10);
  gtk_string_list_splice (list, 0, 1, NULL);
  {
    g_autoptr (PomarTableRow) row = g_list_model_get_item (model, 70);

    pomar_table_row_watch (row);
    g_assert_cmpstr (gtk_string_object_get_string (pomar_table_row_get_item (row)), ==, "c71");
    pomar_table_row_unwatch (row);
  }
  watch_rows (model, 0, 5, FALSE);
}

/* Showing the view ------------------------------------------------------------ */

typedef struct
{
  GtkWidget         *window;
  PomarAccountsView *view;
  GListStore        *store;
  GVariant          *move_stages;     /* the last win.move-stages */
  GVariant          *start_playbook;  /* the last win.start-playbook */
} Fixture;

static void
record_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  Fixture *fixture = user_data;
  GVariant **slot = g_str_equal (g_action_get_name (G_ACTION (action)), "move-stages")
                    ? &fixture->move_stages : &fixture->start_playbook;

  g_clear_pointer (slot, g_variant_unref);
  *slot = g_variant_ref (parameter);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const GActionEntry window_actions[] = {
    { "move-stages", record_action, "(ass)" },
    { "start-playbook", record_action, "(ass)" },
  };
  g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();

  if (!have_display)
    return;

  /* The window's actions, as the view finds them. */
  g_action_map_add_action_entries (G_ACTION_MAP (group), window_actions, G_N_ELEMENTS (window_actions), fixture);

  fixture->store = make_book ();
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_widget_insert_action_group (fixture->window, "win", G_ACTION_GROUP (group));
  fixture->view = POMAR_ACCOUNTS_VIEW (pomar_accounts_view_new ());
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  pomar_accounts_view_set_model (fixture->view, G_LIST_MODEL (fixture->store));
  gtk_window_present (GTK_WINDOW (fixture->window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (fixture->view)))
    g_main_context_iteration (NULL, TRUE);
  iterate ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!have_display)
    return;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  iterate ();
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->move_stages, g_variant_unref);
  g_clear_pointer (&fixture->start_playbook, g_variant_unref);
}

static GListModel *
shown (Fixture *fixture)
{
  return pomar_accounts_view_get_shown (fixture->view);
}

static PomarAccountObject *
shown_at (Fixture *fixture,
          guint    position)
{
  g_autoptr (PomarAccountObject) account = g_list_model_get_item (shown (fixture), position);

  return account;  /* the model keeps it */
}

static char *
shown_ids (Fixture *fixture)
{
  g_autoptr (GString) ids = g_string_new (NULL);
  guint n = g_list_model_get_n_items (shown (fixture));

  for (guint i = 0; i < n; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "",
                            pomar_account_object_get_id (shown_at (fixture, i)) + strlen ("acc_"));
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static void
sort_by (Fixture     *fixture,
         const char  *column,
         GtkSortType  order)
{
  gtk_column_view_sort_by_column (pomar_accounts_view_get_column_view (fixture->view),
                                  pomar_accounts_view_get_column (fixture->view, column), order);
}

/* Sorting --------------------------------------------------------------------- */

typedef struct
{
  const char *column;
  const char *ascending;   /* the ids' numbers, in order */
  const char *descending;
} SortCase;

static void
test_sorting (Fixture       *fixture,
              gconstpointer  data)
{
  /* Unknown values last both ways; ties by name (an account without a
   * name has no name to sort by: it is last by name, and last of its
   * ties). */
  static const SortCase cases[] = {
    { "name", "01 02 03 04 05 06 07", "06 05 04 03 02 01 07" },
    /* Journey order, churned after the four, a stage Pomar does not know
     * after churned; no stage last. */
    { "stage", "02 07 01 03 04 06 05", "06 04 03 01 07 02 05" },
    { "health", "02 06 04 05 01 07 03", "07 01 05 04 06 02 03" },
    { "trend", "02 05 06 04 01 03 07", "01 04 06 05 02 03 07" },
    { "nps", "07 02 05 01 06 04 03", "04 06 01 05 02 07 03" },
    /* By currency, then amount; no currency after the currencies; no
     * amount last. */
    { "arr", "04 01 06 05 02 07 03", "07 02 05 06 01 04 03" },
    { "renewal", "04 02 06 01 07 05 03", "05 07 01 06 02 04 03" },
    { "tickets", "02 04 01 06 07 03 05", "05 03 07 06 01 04 02" },
    { "owner", "01 05 07 03 06 02 04", "02 06 03 01 05 07 04" },
    /* By the name shown: Enterprise, Mid-market, Other, SMB. */
    { "segment", "02 03 06 01 05 07 04", "01 05 07 06 03 02 04" },
    { "touch", "05 07 02 06 01 04 03", "04 01 06 02 07 05 03" },
  };

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *ascending = NULL;
      g_autofree char *descending = NULL;

      sort_by (fixture, cases[i].column, GTK_SORT_ASCENDING);
      ascending = shown_ids (fixture);
      sort_by (fixture, cases[i].column, GTK_SORT_DESCENDING);
      descending = shown_ids (fixture);
      g_test_message ("%s: %s / %s", cases[i].column, ascending, descending);
      g_assert_cmpstr (ascending, ==, cases[i].ascending);
      g_assert_cmpstr (descending, ==, cases[i].descending);
    }

  /* A click on a header goes through the same column view sorter. */
  sort_by (fixture, "name", GTK_SORT_ASCENDING);
  g_assert_cmpstr (pomar_account_object_get_id (shown_at (fixture, 0)), ==, "acc_01");
}

/* A changed account moves to its place, and keeps its selection. */
static void
test_sorting_follows_changes (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *ids = NULL;
  PomarAccountObject *acme;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  sort_by (fixture, "stage", GTK_SORT_ASCENDING);
  acme = g_list_model_get_item (G_LIST_MODEL (fixture->store), 0);
  g_object_unref (acme);
  /* acc_01 is shown third: select it. */
  g_assert_true (shown_at (fixture, 2) == acme);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (gtk_column_view_get_model (
                                     pomar_accounts_view_get_column_view (fixture->view))), 2, TRUE);

  pomar_account_object_set_stage (acme, "onboarding");
  g_list_store_splice (fixture->store, 0, 1, (gpointer *) &acme, 1);
  ids = shown_ids (fixture);
  g_assert_cmpstr (ids, ==, "01 02 07 03 04 06 05");
  g_assert_cmpstr (pomar_accounts_view_get_selection_text (fixture->view), ==, "1 selected");
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (gtk_column_view_get_model (
                                                    pomar_accounts_view_get_column_view (fixture->view))),
                                                  0));
}

/* Hidden, the table does nothing --------------------------------------------- */

static void
count_changes (guint *n_changes)
{
  (*n_changes)++;
}

static void
test_hidden (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (PomarAccountObject) added = NULL;
  g_autofree char *ids = NULL;
  PomarAccountObject *acme;
  guint n_changes = 0;
  Row row = book[0];

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  sort_by (fixture, "stage", GTK_SORT_ASCENDING);
  g_signal_connect_swapped (shown (fixture), "items-changed", G_CALLBACK (count_changes), &n_changes);

  /* Another view is shown: the table is unmapped. */
  gtk_widget_set_visible (GTK_WIDGET (fixture->view), FALSE);
  g_assert_false (pomar_accounts_view_is_live (fixture->view));

  /* A stage move and a new account elsewhere: nothing here. */
  acme = g_list_model_get_item (G_LIST_MODEL (fixture->store), 0);
  g_object_unref (acme);
  pomar_account_object_set_stage (acme, "onboarding");
  g_list_store_splice (fixture->store, 0, 1, (gpointer *) &acme, 1);
  row.id = "acc_08";
  row.name = "Golf Club";
  row.stage = "onboarding";
  added = make_account (&row);
  g_list_store_append (fixture->store, added);
  g_assert_cmpuint (n_changes, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown (fixture)), ==, 7);

  /* Shown again: caught up, in one go. */
  gtk_widget_set_visible (GTK_WIDGET (fixture->view), TRUE);
  iterate ();
  g_assert_true (pomar_accounts_view_is_live (fixture->view));
  g_assert_cmpuint (n_changes, ==, 1);
  ids = shown_ids (fixture);
  g_assert_cmpstr (ids, ==, "01 02 08 07 03 04 06 05");
  g_assert_cmpstr (pomar_accounts_view_get_count_text (fixture->view), ==, "8 customers");

  /* Hidden and shown again with nothing changed: no work at all. */
  gtk_widget_set_visible (GTK_WIDGET (fixture->view), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (fixture->view), TRUE);
  iterate ();
  g_assert_cmpuint (n_changes, ==, 1);

  /* A new book while hidden lets the old one go at once. */
  gtk_widget_set_visible (GTK_WIDGET (fixture->view), FALSE);
  g_list_store_remove_all (fixture->store);
  g_assert_cmpuint (g_list_model_get_n_items (shown (fixture)), ==, 0);
  gtk_widget_set_visible (GTK_WIDGET (fixture->view), TRUE);
  iterate ();
  g_assert_cmpstr (pomar_accounts_view_get_page (fixture->view), ==, "empty");
}

/* Searching -------------------------------------------------------------------- */

static void
search (Fixture    *fixture,
        const char *text)
{
  GtkEditable *entry = pomar_accounts_view_get_search_entry (fixture->view);

  gtk_editable_set_text (entry, text);
  /* Without the entry's delay. */
  g_signal_emit_by_name (entry, "search-changed");
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  g_assert_cmpstr (pomar_accounts_view_get_count_text (fixture->view), ==, "7 customers");

  /* Accents and case folded; every word must match; owners too. */
  search (fixture, "sao");
  g_assert_cmpstr (pomar_accounts_view_get_count_text (fixture->view), ==, "1 of 7 customers");
  g_assert_cmpstr (pomar_account_object_get_id (shown_at (fixture, 0)), ==, "acc_03");
  search (fixture, "ana.souza");
  g_assert_cmpstr (pomar_accounts_view_get_count_text (fixture->view), ==, "3 of 7 customers");
  search (fixture, "ana.souza echo");
  g_assert_cmpstr (pomar_accounts_view_get_count_text (fixture->view), ==, "1 of 7 customers");
  search (fixture, "ana.souza echo");
  search (fixture, "ana.souza");
  g_assert_cmpstr (pomar_accounts_view_get_count_text (fixture->view), ==, "3 of 7 customers");
  /* The domain. */
  search (fixture, "acc_06.example");
  g_assert_cmpstr (pomar_accounts_view_get_count_text (fixture->view), ==, "1 of 7 customers");
  g_assert_cmpstr (pomar_accounts_view_get_page (fixture->view), ==, "list");

  search (fixture, "zzz");
  g_assert_cmpstr (pomar_accounts_view_get_count_text (fixture->view), ==, "0 of 7 customers");
  g_assert_cmpstr (pomar_accounts_view_get_page (fixture->view), ==, "no-match");

  search (fixture, "");
  g_assert_cmpstr (pomar_accounts_view_get_count_text (fixture->view), ==, "7 customers");
  g_assert_cmpstr (pomar_accounts_view_get_page (fixture->view), ==, "list");
}

/* Selection --------------------------------------------------------------------- */

static void
test_selection (Fixture       *fixture,
                gconstpointer  data)
{
  GtkSelectionModel *selection;
  const char **ids = NULL;
  const char *target;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  selection = GTK_SELECTION_MODEL (gtk_column_view_get_model (pomar_accounts_view_get_column_view (fixture->view)));
  g_assert_false (pomar_accounts_view_get_action_bar_revealed (fixture->view));

  /* Two rows: the action bar shows, and says how many. */
  gtk_selection_model_select_item (selection, 1, FALSE);
  gtk_selection_model_select_item (selection, 3, FALSE);
  g_assert_true (pomar_accounts_view_get_action_bar_revealed (fixture->view));
  g_assert_cmpstr (pomar_accounts_view_get_selection_text (fixture->view), ==, "2 selected");

  /* Move to Stage hands the window the selected ids, in the table's order. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "accounts.move-to-stage", "s", "nurture"));
  g_assert_nonnull (fixture->move_stages);
  g_variant_get (fixture->move_stages, "(^a&s&s)", &ids, &target);
  g_assert_cmpuint (g_strv_length ((char **) ids), ==, 2);
  g_assert_cmpstr (ids[0], ==, "acc_02");
  g_assert_cmpstr (ids[1], ==, "acc_04");
  g_assert_cmpstr (target, ==, "nurture");
  g_free (ids);

  /* Ctrl+A: every row shown, and only those. */
  search (fixture, "ana.souza");
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "accounts.select-all", NULL);
  g_assert_cmpstr (pomar_accounts_view_get_selection_text (fixture->view), ==, "3 selected");
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "accounts.start-playbook", "s", "onboarding");
  /* No catalog, so the action is off and the window hears nothing. */
  g_assert_null (fixture->start_playbook);

  /* Rows the search hides leave the selection. */
  search (fixture, "echo");
  g_assert_cmpstr (pomar_accounts_view_get_selection_text (fixture->view), ==, "1 selected");

  /* Clear Selection (Escape): the bar goes. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "accounts.clear-selection", NULL);
  g_assert_false (pomar_accounts_view_get_action_bar_revealed (fixture->view));
}

/* Export ------------------------------------------------------------------------- */

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
export (Fixture     *fixture,
        GFile       *file,
        gboolean     selected_only,
        guint       *n_rows,
        GError     **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pomar_accounts_view_export_async (fixture->view, file, selected_only, NULL, export_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return pomar_accounts_view_export_finish (fixture->view, result, n_rows, error);
}

static char *
read_text (GFile *file)
{
  char *contents = NULL;

  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
  return contents;
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *missing = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFile) nowhere = NULL;
  g_autofree char *text = NULL;
  GtkSelectionModel *selection;
  guint n_rows = 0;
  /* The header row, then the rows as shown: by health, descending. Plain
   * values: numbers with a '.', ISO days (the last touch in local time,
   * here UTC), the currency in its own column, an unknown value empty.
   * Commas, quotes and line breaks quoted (RFC 4180). */
  static const char expected[] =
    "Name,Stage,Health,Trend,NPS (90 Days),ARR,Currency,Renewal,Open Tickets,Owner,Segment,Last Touch\n"
    ",Initial engagement,90,,-100,5000.0,,2027-05-05,4,ana.souza@pomar.example,SMB,2026-09-09\n"
    "Acme Embalagens,Nurture,82,6,40,48000.0,BRL,2027-03-01,2,ana.souza@pomar.example,SMB,2026-11-20\n"
    "Echo Labs,,75,-5,0,300.0,USD,2028-06-30,9,ana.souza@pomar.example,SMB,2025-01-02\n"
    "\"Delta\nTwo Lines\",Churned,60,2,100,9000.0,BRL,2026-12-01,1,,,2026-11-22\n"
    "Foxtrot Ltda,orbit,49,0,55,77000.0,BRL,2027-02-02,3,carla.dias@pomar.example,Other,2026-11-01\n"
    "\"Baker, \"\"Best\"\" Foods\",Onboarding,41,-19,-12,120000.5,USD,2027-01-15,0,"
    "sarah.chen@pomar.example,Enterprise,2026-10-01\n"
    "Café São Jorge,Inspire,,,,,,,5,bruno.lima@pomar.example,Mid-market,\n";

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  dir = g_dir_make_tmp ("pomar-export-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_file_new_build_filename (dir, "customers.csv", NULL);

  /* Everything shown, in the table's order. */
  sort_by (fixture, "health", GTK_SORT_DESCENDING);
  g_assert_true (export (fixture, file, FALSE, &n_rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 7);
  text = read_text (file);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);

  /* Only what the search shows. */
  search (fixture, "ana.souza");
  g_assert_true (export (fixture, file, FALSE, &n_rows, &error));
  g_assert_cmpuint (n_rows, ==, 3);
  text = read_text (file);
  g_assert_true (g_str_has_prefix (text, "Name,Stage,"));
  g_assert_nonnull (strstr (text, "\nEcho Labs,"));
  g_assert_null (strstr (text, "Foxtrot"));
  g_clear_pointer (&text, g_free);
  search (fixture, "");

  /* Only the selected ones, when asked; the file replaced whole. */
  selection = GTK_SELECTION_MODEL (gtk_column_view_get_model (pomar_accounts_view_get_column_view (fixture->view)));
  gtk_selection_model_select_item (selection, 1, TRUE);
  gtk_selection_model_select_item (selection, 5, FALSE);
  g_assert_true (export (fixture, file, TRUE, &n_rows, &error));
  g_assert_cmpuint (n_rows, ==, 2);
  text = read_text (file);
  g_assert_cmpstr (text, ==,
                   "Name,Stage,Health,Trend,NPS (90 Days),ARR,Currency,Renewal,Open Tickets,Owner,Segment,Last Touch\n"
                   "Acme Embalagens,Nurture,82,6,40,48000.0,BRL,2027-03-01,2,ana.souza@pomar.example,SMB,2026-11-20\n"
                   "\"Baker, \"\"Best\"\" Foods\",Onboarding,41,-19,-12,120000.5,USD,2027-01-15,0,"
                   "sarah.chen@pomar.example,Enterprise,2026-10-01\n");
  g_clear_pointer (&text, g_free);

  /* A folder that is not there: an error, and no file anywhere. */
  missing = g_build_filename (dir, "gone", NULL);
  nowhere = g_file_new_build_filename (missing, "customers.csv", NULL);
  g_assert_false (export (fixture, nowhere, FALSE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* A folder that cannot be written to (root writes anyway). */
  if (geteuid () != 0)
    {
      g_autoptr (GFile) locked = g_file_new_build_filename (dir, "customers.csv", NULL);
      g_autofree char *before = read_text (locked);

      g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
      g_assert_false (export (fixture, locked, FALSE, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_clear_error (&error);
      g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
      /* The file as it was, and nothing beside it. */
      text = read_text (locked);
      g_assert_cmpstr (text, ==, before);
      g_clear_pointer (&text, g_free);
    }

  g_assert_cmpint (g_remove (g_file_peek_path (file)), ==, 0);
  {
    g_autoptr (GDir) left = g_dir_open (dir, 0, NULL);

    g_assert_null (g_dir_read_name (left));
  }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("POMAR_TODAY", TODAY, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();
  /* The widgets' templates are in the resources linked from the UI library. */
  g_assert_nonnull (pomar_get_resource ());

  g_test_add_func ("/accounts-view/cells", test_cells);
  g_test_add_func ("/accounts-view/table-rows", test_table_rows);
  g_test_add_func ("/accounts-view/table-rows-on-screen", test_table_rows_on_screen);
  g_test_add ("/accounts-view/sorting", Fixture, NULL, fixture_set_up, test_sorting, fixture_tear_down);
  g_test_add ("/accounts-view/sorting-follows-changes", Fixture, NULL, fixture_set_up,
              test_sorting_follows_changes, fixture_tear_down);
  g_test_add ("/accounts-view/hidden", Fixture, NULL, fixture_set_up, test_hidden, fixture_tear_down);
  g_test_add ("/accounts-view/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/accounts-view/selection", Fixture, NULL, fixture_set_up, test_selection, fixture_tear_down);
  g_test_add ("/accounts-view/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);

  return g_test_run ();
}
