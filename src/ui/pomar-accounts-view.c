/* pomar-accounts-view.c: every customer in a sortable, searchable table.
 *
 * The model chain is accounts (the window's) -> shown (a GListStore that
 * follows them while the view is mapped) -> GtkSortListModel ->
 * GtkFilterListModel (the search) -> GtkMultiSelection -> PomarTableRows
 * (rows that keep their widgets) -> GtkColumnView. Numbers below are from
 * a 10,000-account demo book under Xvfb, the table alone.
 *
 * Hidden, the table does no work. The window's store changes under every
 * view at once (a reload splices in the whole book, a stage move on the
 * board one account), and a sort model fed by it sorts whether or not
 * anyone looks: a reload spent 100-200 ms sorting this table while the
 * board was shown. So the sort model reads "shown", which follows the
 * accounts only while the view is mapped; unmapped, a change only marks
 * it stale (1.6 ms for a reload), and the next map catches up in one
 * splice (a new book while hidden also empties it at once, which sorts
 * nothing, so that the old book is not kept alive). Nothing changed,
 * nothing is done: switching views does not re-sort.
 *
 * Filtering the sorted list rather than sorting the filtered one means a
 * keystroke never re-sorts. Searching folds case and accents ("sao" finds
 * "São") as the board's filter does, on the name and domain (folded once,
 * on the loading thread, by the account object) and the owner (folded once
 * per owner here); the filter runs synchronously, so the count label is
 * always exact. What a keystroke costs is GTK's: GTK 4.8 destroys the
 * widgets of rows whose item left and makes new ones for new items, a
 * dozen widgets a row, for up to 200 rows. PomarTableRows gives the column
 * view rows that stay (see pomar-table-rows.h): a keystroke took 12 ms
 * (median) and 64 ms (95th percentile) on the main loop before, 9 and
 * 20 ms with them.
 *
 * Sorting: GTK 4.8's column view sorter inverts a column's whole order for
 * a descending sort, which would put unknown values first; and it has no
 * API for its sort column (4.10 does). So each column's sorter is only a
 * probe: when the column view sorter changes, it is asked to compare two
 * dummies, the primary column's probe records itself and answers
 * "smaller", and the answer says the direction. The sort model then sorts
 * with one comparison of ours that keeps unknown values last in both
 * directions and breaks ties by name. It compares precomputed keys (the
 * name's collation key is made on the loading thread), so a full sort
 * makes no allocation.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <adwaita.h>

#include "core/pomar-day.h"
#include "core/pomar-export.h"
#include "core/pomar-stage.h"
#include "pomar-account-object.h"
#include "pomar-customer-page.h"
#include "pomar-table-rows.h"
#include "pomar-accounts-view-private.h"
#include "pomar-ui-util.h"

/* The table's columns, in the template's order. */
enum
{
  COLUMN_NAME,
  COLUMN_STAGE,
  COLUMN_HEALTH,
  COLUMN_TREND,
  COLUMN_NPS,
  COLUMN_ARR,
  COLUMN_RENEWAL,
  COLUMN_TICKETS,
  COLUMN_OWNER,
  COLUMN_SEGMENT,
  COLUMN_TOUCH,
  N_COLUMNS
};

typedef struct _ColumnSpec ColumnSpec;

/* One column of one view: the probe sorter's user data. */
typedef struct
{
  PomarAccountsView   *view;
  guint                index;
  GtkColumnViewColumn *column;  /* template child */
} ColumnInfo;

struct _PomarAccountsView
{
  GtkWidget             parent_instance;

  GListModel           *accounts;      /* the window's, or NULL */
  GListStore           *shown;         /* @accounts as of the last map */
  gboolean              live;          /* mapped: @shown follows @accounts */
  gboolean              stale;         /* @accounts changed while not live */

  GtkSortListModel     *sort_model;
  GtkCustomSorter      *sorter;
  GtkFilterListModel   *filter_model;
  GtkCustomFilter      *filter;
  GtkMultiSelection    *selection;
  PomarTableRows       *rows;          /* what the column view shows */

  /* Sorting */
  const ColumnSpec     *sort_spec;
  gboolean              sort_descending;
  int                   probed;        /* the column whose probe answered, or -1 */
  GObject              *probe_a;
  GObject              *probe_b;
  GHashTable           *collation_keys; /* owner or segment name -> collation key */

  /* Searching */
  char                 *query;         /* folded, as typed */
  char                **query_words;   /* folded words, all of which must match */
  GHashTable           *folded_owners; /* owner -> folded */
  gint64                search_started;
  gulong                after_paint_id;

  PomarPlaybookCatalog *catalog;
  GMenu                *stage_menu;
  GMenu                *playbook_menu;
  GtkNativeDialog      *export_dialog;
  GCancellable         *cancellable;

  ColumnInfo            columns[N_COLUMNS];

  /* Template widgets */
  GtkSearchEntry       *search_entry;
  GtkLabel             *count_label;
  GtkStack             *stack;
  AdwStatusPage        *no_match_page;
  GtkColumnView        *column_view;
  guint                 visible_rows_id;
  GtkActionBar         *action_bar;
  GtkLabel             *selection_label;
  GtkMenuButton        *move_button;
  GtkMenuButton        *playbook_button;
};

G_DEFINE_FINAL_TYPE (PomarAccountsView, pomar_accounts_view, GTK_TYPE_WIDGET)

static void update_state     (PomarAccountsView *self);
static void update_selection (PomarAccountsView *self);

/* Values ------------------------------------------------------------------- */

/* domain.md's trend: the computed health today minus 30 days ago (an
 * override is not history), as the account object's arrow has it. */
static gboolean
health_delta (PomarAccountObject *account,
              int                *delta)
{
  const PomarAccountFigures *figures = &pomar_account_object_get_summary (account)->figures;

  if (!figures->computed || !figures->known || !figures->known_30d_ago)
    return FALSE;
  *delta = figures->rounded - figures->rounded_30d_ago;
  return TRUE;
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* Journey order, as on the board, churned after the four; stage ids Pomar
 * does not know come after churned. */
static int
stage_rank (const char *stage)
{
  PomarStage known = pomar_stage_from_id (stage);

  return known != POMAR_STAGE_UNKNOWN ? (int) known : POMAR_N_STAGES;
}

/* Cells -------------------------------------------------------------------- */

typedef struct
{
  char       *text;
  char       *accessible; /* what a screen reader says, when the text does not say it */
  const char *style;      /* a style class of the column's */
} Cell;

static void
cell_clear (Cell *cell)
{
  g_clear_pointer (&cell->text, g_free);
  g_clear_pointer (&cell->accessible, g_free);
}

typedef void     (*CellFunc)    (PomarAccountObject *account,
                                 Cell               *cell);
typedef char    *(*TooltipFunc) (PomarAccountObject *account);
typedef gboolean (*KnownFunc)   (PomarAccountObject *account);
/* Both accounts have a known value; qsort-style. */
typedef int      (*CompareFunc) (PomarAccountsView  *self,
                                 PomarAccountObject *a,
                                 PomarAccountObject *b);

struct _ColumnSpec
{
  const char         *id;
  CellFunc            cell;
  TooltipFunc         tooltip;   /* NULL: none */
  KnownFunc           known;     /* NULL: every account has a value */
  CompareFunc         compare;
  guint               nat_chars;
  gboolean            numeric;   /* right-aligned, with tabular figures */
  const char * const *styles;    /* the column's class, then those cell() sets */
};

static const char * const health_styles[] = { "health", "success", "warning", "error", "unknown", NULL };
static const char * const trend_styles[] = { "trend", "trend-up", "trend-down", "trend-flat", NULL };

static void
name_cell (PomarAccountObject *account,
           Cell               *cell)
{
  const char *name = pomar_account_object_get_name (account);

  cell->text = g_strdup (has_text (name) ? name : pomar_account_object_get_id (account));
}

static void
stage_cell (PomarAccountObject *account,
            Cell               *cell)
{
  cell->text = g_strdup (pomar_stage_id_to_name (pomar_account_object_get_stage (account)));
}

/* The score in its band's colour (the style class the board's badge and
 * the health card use); the number says it without the colour. */
static void
health_cell (PomarAccountObject *account,
             Cell               *cell)
{
  PomarHealthBand band;
  int score;

  if (!pomar_account_object_get_health (account, &score, &band))
    {
      cell->text = g_strdup ("—");
      cell->accessible = g_strdup (C_("health", "unknown"));
      cell->style = pomar_health_band_style_class (POMAR_HEALTH_BAND_NONE);
      return;
    }

  cell->text = g_strdup_printf ("%d", score);
  cell->style = pomar_health_band_style_class (band);
}

/* "↑ +6": the arrow only at 5 points or more, as on the board's cards;
 * a true minus sign; and in words for a screen reader. */
static void
trend_cell (PomarAccountObject *account,
            Cell               *cell)
{
  int trend = pomar_account_object_get_health_trend (account);
  int delta;

  if (!health_delta (account, &delta))
    {
      cell->text = g_strdup ("—");
      cell->accessible = g_strdup (C_("trend", "unknown"));
      return;
    }

  if (delta > 0)
    {
      cell->text = g_strdup_printf ("%s+%d", trend > 0 ? "↑ " : "", delta);
      /* Translators: how the health score changed in 30 days, for a screen reader. */
      cell->accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "up %d point", "up %d points", delta),
                                          delta);
    }
  else if (delta < 0)
    {
      cell->text = g_strdup_printf ("%s\u2212%d", trend < 0 ? "↓ " : "", -delta);
      cell->accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "down %d point", "down %d points", -delta),
                                          -delta);
    }
  else
    {
      cell->text = g_strdup ("0");
      cell->accessible = g_strdup (_("no change"));
    }
  cell->style = trend > 0 ? "trend-up" : trend < 0 ? "trend-down" : "trend-flat";
}

static char *
trend_tooltip (PomarAccountObject *account)
{
  const PomarAccountFigures *figures = &pomar_account_object_get_summary (account)->figures;
  int delta;

  if (!health_delta (account, &delta))
    return NULL;
  /* Translators: the computed health score today and 30 days ago. */
  return g_strdup_printf (_("Computed health %d, against %d 30 days ago"),
                          figures->rounded, figures->rounded_30d_ago);
}

static void
nps_cell (PomarAccountObject *account,
          Cell               *cell)
{
  const PomarAccountFigures *figures = &pomar_account_object_get_summary (account)->figures;

  if (!figures->has_nps_90d)
    {
      cell->text = g_strdup ("—");
      cell->accessible = g_strdup (_("no answers in 90 days"));
      return;
    }
  cell->text = figures->nps_90d < 0 ? g_strdup_printf ("\u2212%d", -figures->nps_90d)
                                    : g_strdup_printf ("%d", figures->nps_90d);
}

static void
arr_cell (PomarAccountObject *account,
          Cell               *cell)
{
  cell->text = pomar_format_money (pomar_account_object_get_arr (account),
                                   pomar_account_object_get_currency (account));
}

static void
renewal_cell (PomarAccountObject *account,
              Cell               *cell)
{
  cell->text = pomar_format_day (pomar_account_object_get_renewal_date (account));
}

static char *
renewal_tooltip (PomarAccountObject *account)
{
  gint64 days;

  if (!pomar_account_object_get_days_to_renewal (account, &days))
    return NULL;
  if (days < 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Renewal was %d day ago", "Renewal was %d days ago",
                                         (gulong) -days),
                            (int) -days);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Renews in %d day", "Renews in %d days", (gulong) days),
                          (int) days);
}

static void
tickets_cell (PomarAccountObject *account,
              Cell               *cell)
{
  cell->text = g_strdup_printf ("%" G_GINT64_FORMAT, pomar_account_object_get_open_tickets (account));
}

static char *
tickets_tooltip (PomarAccountObject *account)
{
  const PomarAccountSummary *summary = pomar_account_object_get_summary (account);

  if (summary->open_urgent_tickets == 0 && summary->open_high_tickets == 0)
    return NULL;
  return g_strdup_printf (_("%d urgent, %d high priority"),
                          (int) summary->open_urgent_tickets, (int) summary->open_high_tickets);
}

static void
owner_cell (PomarAccountObject *account,
            Cell               *cell)
{
  const char *owner = pomar_account_object_get_owner (account);

  cell->text = g_strdup (has_text (owner) ? owner : "—");
  if (!has_text (owner))
    cell->accessible = g_strdup (_("no owner"));
}

static void
segment_cell (PomarAccountObject *account,
              Cell               *cell)
{
  cell->text = g_strdup (pomar_segment_to_name (pomar_account_object_get_segment (account)));
}

static void
touch_cell (PomarAccountObject *account,
            Cell               *cell)
{
  PomarDay day = pomar_account_object_get_last_touch_day (account);

  if (day == POMAR_NO_DAY)
    cell->text = g_strdup (_("Never"));
  else
    cell->text = pomar_format_days_ago ((int) pomar_day_today () - (int) day);
}

static char *
touch_tooltip (PomarAccountObject *account)
{
  const char *last_touch = pomar_account_object_get_last_touch (account);

  return last_touch != NULL ? pomar_format_day (last_touch) : NULL;
}

/* Sorting ------------------------------------------------------------------- */

static gboolean
name_known (PomarAccountObject *account)
{
  return has_text (pomar_account_object_get_name (account));
}

static int
name_compare (PomarAccountsView  *self,
              PomarAccountObject *a,
              PomarAccountObject *b)
{
  return pomar_account_object_compare (a, b);
}

static gboolean
stage_known (PomarAccountObject *account)
{
  return has_text (pomar_account_object_get_stage (account));
}

static int
stage_compare (PomarAccountsView  *self,
               PomarAccountObject *a,
               PomarAccountObject *b)
{
  const char *stage_a = pomar_account_object_get_stage (a);
  const char *stage_b = pomar_account_object_get_stage (b);
  int rank_a = stage_rank (stage_a);
  int rank_b = stage_rank (stage_b);

  if (rank_a != rank_b)
    return rank_a - rank_b;
  return rank_a == POMAR_N_STAGES ? strcmp (stage_a, stage_b) : 0;
}

static gboolean
health_known (PomarAccountObject *account)
{
  return pomar_account_object_get_health (account, NULL, NULL);
}

static int
health_compare (PomarAccountsView  *self,
                PomarAccountObject *a,
                PomarAccountObject *b)
{
  int score_a, score_b;

  pomar_account_object_get_health (a, &score_a, NULL);
  pomar_account_object_get_health (b, &score_b, NULL);
  return score_a - score_b;
}

static gboolean
trend_known (PomarAccountObject *account)
{
  int delta;

  return health_delta (account, &delta);
}

static int
trend_compare (PomarAccountsView  *self,
               PomarAccountObject *a,
               PomarAccountObject *b)
{
  int delta_a = 0, delta_b = 0;

  health_delta (a, &delta_a);
  health_delta (b, &delta_b);
  return delta_a - delta_b;
}

static gboolean
nps_known (PomarAccountObject *account)
{
  return pomar_account_object_get_summary (account)->figures.has_nps_90d;
}

static int
nps_compare (PomarAccountsView  *self,
             PomarAccountObject *a,
             PomarAccountObject *b)
{
  return pomar_account_object_get_summary (a)->figures.nps_90d
         - pomar_account_object_get_summary (b)->figures.nps_90d;
}

static gboolean
arr_known (PomarAccountObject *account)
{
  return !isnan (pomar_account_object_get_arr (account));
}

/* ARRs in different currencies cannot be compared (Pomar has no exchange
 * rates, and domain.md never adds BRL to USD), so the column sorts by
 * currency code first and by amount within each currency: every BRL
 * account, then every USD account, and an amount without a currency
 * after those; descending reverses all of that. An unknown amount is an
 * unknown value, last either way. */
static int
arr_compare (PomarAccountsView  *self,
             PomarAccountObject *a,
             PomarAccountObject *b)
{
  const char *currency_a = pomar_account_object_get_currency (a);
  const char *currency_b = pomar_account_object_get_currency (b);
  double arr_a = pomar_account_object_get_arr (a);
  double arr_b = pomar_account_object_get_arr (b);

  if (has_text (currency_a) != has_text (currency_b))
    return has_text (currency_a) ? -1 : 1;
  if (has_text (currency_a))
    {
      int result = strcmp (currency_a, currency_b);

      if (result != 0)
        return result;
    }
  return (arr_a > arr_b) - (arr_a < arr_b);
}

static gboolean
renewal_known (PomarAccountObject *account)
{
  return pomar_day_parse (pomar_account_object_get_renewal_date (account)) != POMAR_NO_DAY;
}

/* ISO dates and UTC timestamps sort as strings. */
static int
renewal_compare (PomarAccountsView  *self,
                 PomarAccountObject *a,
                 PomarAccountObject *b)
{
  return strcmp (pomar_account_object_get_renewal_date (a), pomar_account_object_get_renewal_date (b));
}

static int
tickets_compare (PomarAccountsView  *self,
                 PomarAccountObject *a,
                 PomarAccountObject *b)
{
  gint64 tickets_a = pomar_account_object_get_open_tickets (a);
  gint64 tickets_b = pomar_account_object_get_open_tickets (b);

  return (tickets_a > tickets_b) - (tickets_a < tickets_b);
}

/* Owners and segment names sort as the locale sorts them, ignoring case.
 * A book has a few dozen of them: each collation key is made once. */
static const char *
collation_key (PomarAccountsView *self,
               const char        *text)
{
  char *key = g_hash_table_lookup (self->collation_keys, text);

  if (key == NULL)
    {
      g_autofree char *folded = g_utf8_casefold (text, -1);

      key = g_utf8_collate_key (folded, -1);
      g_hash_table_insert (self->collation_keys, g_strdup (text), key);
    }
  return key;
}

static gboolean
owner_known (PomarAccountObject *account)
{
  return has_text (pomar_account_object_get_owner (account));
}

static int
owner_compare (PomarAccountsView  *self,
               PomarAccountObject *a,
               PomarAccountObject *b)
{
  const char *owner_a = pomar_account_object_get_owner (a);
  const char *owner_b = pomar_account_object_get_owner (b);

  if (g_str_equal (owner_a, owner_b))
    return 0;
  return strcmp (collation_key (self, owner_a), collation_key (self, owner_b));
}

static gboolean
segment_known (PomarAccountObject *account)
{
  return has_text (pomar_account_object_get_segment (account));
}

/* By the name shown, not by the id. */
static int
segment_compare (PomarAccountsView  *self,
                 PomarAccountObject *a,
                 PomarAccountObject *b)
{
  const char *name_a = pomar_segment_to_name (pomar_account_object_get_segment (a));
  const char *name_b = pomar_segment_to_name (pomar_account_object_get_segment (b));

  if (name_a == name_b || g_str_equal (name_a, name_b))
    return 0;
  return strcmp (collation_key (self, name_a), collation_key (self, name_b));
}

static gboolean
touch_known (PomarAccountObject *account)
{
  return pomar_account_object_get_last_touch (account) != NULL;
}

static int
touch_compare (PomarAccountsView  *self,
               PomarAccountObject *a,
               PomarAccountObject *b)
{
  return strcmp (pomar_account_object_get_last_touch (a), pomar_account_object_get_last_touch (b));
}

static const ColumnSpec column_specs[N_COLUMNS] = {
  [COLUMN_NAME] = { "name", name_cell, NULL, name_known, name_compare, 28, FALSE, NULL },
  [COLUMN_STAGE] = { "stage", stage_cell, NULL, stage_known, stage_compare, 16, FALSE, NULL },
  [COLUMN_HEALTH] = { "health", health_cell, NULL, health_known, health_compare, 3, TRUE, health_styles },
  [COLUMN_TREND] = { "trend", trend_cell, trend_tooltip, trend_known, trend_compare, 6, TRUE, trend_styles },
  [COLUMN_NPS] = { "nps", nps_cell, NULL, nps_known, nps_compare, 4, TRUE, NULL },
  [COLUMN_ARR] = { "arr", arr_cell, NULL, arr_known, arr_compare, 11, TRUE, NULL },
  [COLUMN_RENEWAL] = { "renewal", renewal_cell, renewal_tooltip, renewal_known, renewal_compare, 10, TRUE, NULL },
  [COLUMN_TICKETS] = { "tickets", tickets_cell, tickets_tooltip, NULL, tickets_compare, 4, TRUE, NULL },
  [COLUMN_OWNER] = { "owner", owner_cell, NULL, owner_known, owner_compare, 20, FALSE, NULL },
  [COLUMN_SEGMENT] = { "segment", segment_cell, NULL, segment_known, segment_compare, 10, FALSE, NULL },
  [COLUMN_TOUCH] = { "touch", touch_cell, touch_tooltip, touch_known, touch_compare, 12, FALSE, NULL },
};

static GtkOrdering
ordering_from_int (int value)
{
  return value < 0 ? GTK_ORDERING_SMALLER : value > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* The sort model's one comparison: the chosen column, unknown values last
 * whichever the direction, then the name (an account without one last)
 * and the id, for a stable order. */
static int
compare_accounts (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  PomarAccountsView *self = user_data;
  const ColumnSpec *spec = self->sort_spec;
  PomarAccountObject *account_a = (PomarAccountObject *) a;
  PomarAccountObject *account_b = (PomarAccountObject *) b;
  gboolean known_a = spec->known == NULL || spec->known (account_a);
  gboolean known_b = spec->known == NULL || spec->known (account_b);

  if (known_a != known_b)
    return known_a ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  if (known_a)
    {
      int result = spec->compare (self, account_a, account_b);

      if (result != 0)
        return ordering_from_int (self->sort_descending ? -result : result);
    }
  if (spec->known != name_known && name_known (account_a) != name_known (account_b))
    return name_known (account_a) ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return ordering_from_int (pomar_account_object_compare (account_a, account_b));
}

/* Only ever called while probing (see the top of the file). */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  ColumnInfo *info = user_data;

  info->view->probed = (int) info->index;
  return GTK_ORDERING_SMALLER;
}

static void
on_column_sorter_changed (PomarAccountsView *self,
                          GtkSorterChange    change,
                          GtkSorter         *column_sorter)
{
  GtkOrdering order;

  self->probed = -1;
  order = gtk_sorter_compare (column_sorter, self->probe_a, self->probe_b);
  if (self->probed < 0)
    {
      self->sort_spec = &column_specs[COLUMN_NAME];
      self->sort_descending = FALSE;
    }
  else
    {
      self->sort_spec = &column_specs[self->probed];
      self->sort_descending = order == GTK_ORDERING_LARGER;
    }

  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

/* Following the accounts ---------------------------------------------------- */

/* @shown takes @accounts' items [position, position + added) in place of
 * its own [position, position + removed). */
static void
splice_shown (PomarAccountsView *self,
              guint              position,
              guint              removed,
              guint              added)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_full (added, g_object_unref);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (items, g_list_model_get_item (self->accounts, position + i));
  g_list_store_splice (self->shown, position, removed, items->pdata, items->len);
}

static void
on_accounts_changed (PomarAccountsView *self,
                     guint              position,
                     guint              removed,
                     guint              added,
                     GListModel        *accounts)
{
  guint n_shown;

  if (self->live)
    {
      splice_shown (self, position, removed, added);
      return;
    }

  /* A new book while hidden: let the old one go now (removing sorts
   * nothing); the next map brings the new one in. */
  self->stale = TRUE;
  n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  if (n_shown > 0 && removed >= n_shown / 2)
    g_list_store_remove_all (self->shown);
}

static void
set_live (PomarAccountsView *self,
          gboolean           live)
{
  self->live = live;
  if (live && self->stale)
    {
      gint64 started = g_get_monotonic_time ();
      guint n_accounts = self->accounts != NULL ? g_list_model_get_n_items (self->accounts) : 0;

      self->stale = FALSE;
      splice_shown (self, 0, g_list_model_get_n_items (G_LIST_MODEL (self->shown)), n_accounts);
      update_state (self);
      g_debug ("The accounts table caught up with %u accounts: %.1f ms", n_accounts,
               (g_get_monotonic_time () - started) / 1000.0);
    }
}

/* Searching ---------------------------------------------------------------- */

static const char *
folded_owner (PomarAccountsView  *self,
              PomarAccountObject *account)
{
  const char *owner = pomar_account_object_get_owner (account);
  char *folded;

  if (owner == NULL)
    return "";
  folded = g_hash_table_lookup (self->folded_owners, owner);
  if (folded == NULL)
    {
      folded = pomar_fold_for_search (owner);
      g_hash_table_insert (self->folded_owners, g_strdup (owner), folded);
    }
  return folded;
}

/* Every word of the query is in the name, the domain or the owner. The
 * name and domain are one key, a line each, so that no word matches across
 * the two. */
static gboolean
account_matches (gpointer item,
                 gpointer user_data)
{
  PomarAccountsView *self = user_data;
  const char *key;
  const char *owner = NULL;

  if (self->query_words == NULL)
    return TRUE;

  key = pomar_account_object_get_search_key (item);
  for (guint i = 0; self->query_words[i] != NULL; i++)
    {
      const char *word = self->query_words[i];

      if (*word == '\0' || strstr (key, word) != NULL)
        continue;
      if (owner == NULL)
        owner = folded_owner (self, item);
      if (strstr (owner, word) == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
update_state (PomarAccountsView *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *count = NULL;

  if (self->query_words == NULL)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u customer", "%'u customers", total),
                             total);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u of %'u customer", "%'u of %'u customers", total),
                             shown, total);
  gtk_label_set_text (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), total > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.export", shown > 0);

  if (total == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-match");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
on_items_changed (PomarAccountsView *self,
                  guint              position,
                  guint              removed,
                  guint              added,
                  GListModel        *model)
{
  update_state (self);
}

/* How long a search takes to reach the screen, for G_MESSAGES_DEBUG (the
 * search entry starts it 150 ms after the last key). */
static void
on_after_paint (PomarAccountsView *self,
                GdkFrameClock     *frame_clock)
{
  if (self->search_started == 0)
    return;
  g_debug ("Search: %.1f ms to the frame that shows it",
           (g_get_monotonic_time () - self->search_started) / 1000.0);
  self->search_started = 0;
}

static void
on_search_changed (PomarAccountsView *self,
                   GtkSearchEntry    *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *query = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *description = NULL;
  g_autofree char *markup = NULL;
  GtkFilterChange change;
  gint64 started;

  query = pomar_fold_for_search (text);
  g_strstrip (query);
  if (g_strcmp0 (query, self->query) == 0)
    return;

  /* Every word must match, so typing more can only narrow the result and
   * deleting can only widen it: the filter model then re-checks only the
   * items that can change. */
  if (self->query != NULL && g_str_has_prefix (query, self->query))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->query != NULL && g_str_has_prefix (self->query, query))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_clear_pointer (&self->query_words, g_strfreev);
  /* g_strsplit_set leaves empty strings between repeated spaces; the
   * filter skips them. */
  if (*query != '\0')
    self->query_words = g_strsplit_set (query, " \t\n", -1);
  g_free (self->query);
  self->query = g_steal_pointer (&query);

  /* Status page descriptions are markup; what was typed is not. */
  typed = g_strstrip (g_strdup (text));
  description = g_strdup_printf (_("No name, domain or owner contains “%s”."), typed);
  markup = g_markup_escape_text (description, -1);
  adw_status_page_set_description (self->no_match_page, markup);

  started = g_get_monotonic_time ();
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_state (self);
  g_debug ("Search: %u of %u customers, %.1f ms to filter",
           g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)),
           g_list_model_get_n_items (G_LIST_MODEL (self->shown)),
           (g_get_monotonic_time () - started) / 1000.0);
  self->search_started = started;
}

/* Text typed elsewhere in the window lands here (key capture) but leaves
 * the focus where it was; bring it over, without selecting what was typed,
 * so that Enter and the arrows then act on the search. */
static void
on_search_text_changed (PomarAccountsView *self,
                        GtkEditable       *entry)
{
  GtkEditable *text = gtk_editable_get_delegate (entry);

  if (*gtk_editable_get_text (entry) == '\0' || !GTK_IS_TEXT (text))
    return;
  if (!gtk_widget_has_focus (GTK_WIDGET (text)))
    gtk_text_grab_focus_without_selecting (GTK_TEXT (text));
}

/* Escape clears the search; in an empty search, the selection. */
static void
on_stop_search (PomarAccountsView *self,
                GtkSearchEntry    *entry)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

/* Opening a customer ------------------------------------------------------- */

static void
open_account_at (PomarAccountsView *self,
                 guint              position)
{
  g_autoptr (PomarAccountObject) account = NULL;

  account = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (account == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-account", "s",
                              pomar_account_object_get_id (account));
}

static void
on_row_activated (PomarAccountsView *self,
                  guint              position,
                  GtkColumnView     *column_view)
{
  open_account_at (self, position);
}

/* Enter in the search entry opens the first match. */
static void
on_search_activate (PomarAccountsView *self,
                    GtkSearchEntry    *entry)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    open_account_at (self, 0);
}

/* Cell widgets ------------------------------------------------------------- */

static gboolean
cell_query_tooltip (GtkWidget   *inscription,
                    int          x,
                    int          y,
                    gboolean     keyboard_mode,
                    GtkTooltip  *tooltip,
                    GtkListItem *list_item)
{
  const ColumnSpec *spec = g_object_get_data (G_OBJECT (inscription), "pomar-column-spec");
  PomarTableRow *row = gtk_list_item_get_item (list_item);
  PomarAccountObject *account = row != NULL ? pomar_table_row_get_item (row) : NULL;
  g_autofree char *text = NULL;

  if (account == NULL || (text = spec->tooltip (account)) == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* GtkInscription is the label made for list cells: it does not ask for
 * its text's size, so scrolling through thousands of rows stays cheap. */
static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  const ColumnSpec *spec = user_data;
  GtkWidget *inscription = gtk_inscription_new (NULL);

  /* In GTK 4.8 a column view's cell takes clicks as its row does, so a
   * Ctrl+click toggled the row twice (no change) and a double click opened
   * the customer twice: the row alone selects and activates. */
  gtk_list_item_set_selectable (list_item, FALSE);
  gtk_list_item_set_activatable (list_item, FALSE);

  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), spec->nat_chars);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (spec->numeric)
    {
      gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), 1.0);
      gtk_widget_add_css_class (inscription, "numeric");
    }
  if (spec->styles != NULL)
    gtk_widget_add_css_class (inscription, spec->styles[0]);
  /* The tooltip is made when asked for: gtk_widget_set_tooltip_text ()
   * in bind would query the pointer (an X round trip) for every cell. */
  if (spec->tooltip != NULL)
    {
      gtk_widget_set_has_tooltip (inscription, TRUE);
      g_signal_connect_object (inscription, "query-tooltip", G_CALLBACK (cell_query_tooltip), list_item, 0);
    }
  g_object_set_data (G_OBJECT (inscription), "pomar-column-spec", (gpointer) spec);
  gtk_list_item_set_child (list_item, inscription);
}

/* The cell shows its row's account (rows keep their widgets while the
 * accounts they show change: see pomar-table-rows.h). */
static void
cell_refresh (GtkListItem *list_item)
{
  GtkWidget *inscription = gtk_list_item_get_child (list_item);
  const ColumnSpec *spec = g_object_get_data (G_OBJECT (inscription), "pomar-column-spec");
  PomarTableRow *row = gtk_list_item_get_item (list_item);
  PomarAccountObject *account = row != NULL ? pomar_table_row_get_item (row) : NULL;
  Cell cell = { 0 };

  /* An empty row, on its way out. */
  if (account == NULL)
    {
      gtk_inscription_set_text (GTK_INSCRIPTION (inscription), NULL);
      for (guint i = 1; spec->styles != NULL && spec->styles[i] != NULL; i++)
        gtk_widget_remove_css_class (inscription, spec->styles[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (inscription), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
      return;
    }

  spec->cell (account, &cell);
  gtk_inscription_set_text (GTK_INSCRIPTION (inscription), cell.text);

  /* The first class is the column's own; the others change with the value. */
  for (guint i = 1; spec->styles != NULL && spec->styles[i] != NULL; i++)
    {
      if (g_strcmp0 (spec->styles[i], cell.style) == 0)
        gtk_widget_add_css_class (inscription, spec->styles[i]);
      else
        gtk_widget_remove_css_class (inscription, spec->styles[i]);
    }

  /* A cell is named by its text (GtkInscription does that itself), or by
   * what says it better ("up 6 points" rather than "↑ +6"). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (inscription),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  cell.accessible != NULL ? cell.accessible : cell.text,
                                  -1);

  cell_clear (&cell);
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  pomar_table_row_bind (list_item, cell_refresh);
}

static void
cell_unbind (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  pomar_table_row_unbind (list_item, cell_refresh);
}

/* Which rows are on screen, for the rows to know which change at once
 * (pomar_table_rows_set_visible ()): the list's rows are one line each, so
 * its height over its rows is a row's. A few rows either side count as
 * on screen, for the estimate's sake. */
#define VISIBLE_MARGIN_ROWS 4

static gboolean
update_visible_rows (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  PomarAccountsView *self = POMAR_ACCOUNTS_VIEW (widget);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  double upper = gtk_adjustment_get_upper (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double row_height;
  guint first;

  self->visible_rows_id = 0;
  if (n_rows == 0 || upper <= 0 || page <= 0)
    return G_SOURCE_REMOVE;
  row_height = upper / n_rows;
  first = (guint) (gtk_adjustment_get_value (adjustment) / row_height);
  first = first > VISIBLE_MARGIN_ROWS ? first - VISIBLE_MARGIN_ROWS : 0;
  pomar_table_rows_set_visible (self->rows, first,
                                (guint) ceil (page / row_height) + 2 * VISIBLE_MARGIN_ROWS + 1);
  return G_SOURCE_REMOVE;
}

/* The view says it scrolled or changed size while it lays its rows out,
 * too late for a row to change in that frame: the rows hear of it before
 * the next one lays out. */
static void
on_view_scrolled (PomarAccountsView *self)
{
  if (self->visible_rows_id == 0)
    self->visible_rows_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), update_visible_rows, NULL, NULL);
}

static void
setup_columns (PomarAccountsView *self)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      ColumnInfo *info = &self->columns[i];
      g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr (GtkCustomSorter) probe = gtk_custom_sorter_new (probe_compare, info, NULL);

      info->view = self;
      info->index = i;

      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), (gpointer) &column_specs[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), (gpointer) &column_specs[i]);
      g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind), (gpointer) &column_specs[i]);
      gtk_column_view_column_set_factory (info->column, factory);
      gtk_column_view_column_set_sorter (info->column, GTK_SORTER (probe));
    }
}

/* Selection ---------------------------------------------------------------- */

static guint
n_selected (PomarAccountsView *self)
{
  g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  return (guint) gtk_bitset_get_size (selected);
}

static void
update_selection (PomarAccountsView *self)
{
  guint n = n_selected (self);
  g_autofree char *text = NULL;

  /* Translators: how many customers are selected in the table. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u selected", "%'u selected", n), n);
  gtk_label_set_text (self->selection_label, text);
  gtk_action_bar_set_revealed (self->action_bar, n > 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.clear-selection", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.move-to-stage", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.start-playbook", n > 0 && self->catalog != NULL);
}

static void
on_selection_changed (PomarAccountsView *self,
                      guint              position,
                      guint              n_items,
                      GtkSelectionModel *model)
{
  update_selection (self);
}

/* Rows the search hides leave the selection, without "selection-changed";
 * the selection model has dropped them by the time it says its items
 * changed (the filter model's own signal comes too early). */
static void
on_selection_items_changed (PomarAccountsView *self,
                            guint              position,
                            guint              removed,
                            guint              added,
                            GtkSelectionModel *model)
{
  update_selection (self);
}

/* The ids of the selected accounts, in the table's order. */
static GStrv
selected_ids (PomarAccountsView *self)
{
  g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr (PomarAccountObject) account = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      if (account != NULL)
        g_strv_builder_add (ids, pomar_account_object_get_id (account));
    }
  return g_strv_builder_end (ids);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PomarAccountsView *self = POMAR_ACCOUNTS_VIEW (widget);

  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PomarAccountsView *self = POMAR_ACCOUNTS_VIEW (widget);

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

/* Ctrl+A selects every row shown, wherever the focus is in the view, but
 * a search entry with text keeps Ctrl+A for its own text. */
static gboolean
on_select_all_shortcut (GtkWidget *widget,
                        GVariant  *args,
                        gpointer   user_data)
{
  PomarAccountsView *self = POMAR_ACCOUNTS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_entry))
      && *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    return FALSE;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return FALSE;

  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
  return TRUE;
}

/* The bulk actions are the window's (it owns the accounts, the context and
 * the toasts); the view says which accounts. */
static void
move_to_stage_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PomarAccountsView *self = POMAR_ACCOUNTS_VIEW (widget);
  g_auto (GStrv) ids = selected_ids (self);

  if (ids[0] == NULL)
    return;
  gtk_widget_activate_action (widget, "win.move-stages", "(^ass)", ids,
                              g_variant_get_string (parameter, NULL));
}

static void
start_playbook_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PomarAccountsView *self = POMAR_ACCOUNTS_VIEW (widget);
  g_auto (GStrv) ids = selected_ids (self);

  if (ids[0] == NULL)
    return;
  gtk_widget_activate_action (widget, "win.start-playbook", "(^ass)", ids,
                              g_variant_get_string (parameter, NULL));
}

/* A menu label shows an underscore as a mnemonic unless it is doubled. */
static char *
escape_mnemonic (const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

static void
build_stage_menu (PomarAccountsView *self)
{
  for (PomarStage stage = 0; stage < POMAR_N_STAGES; stage++)
    {
      g_autofree char *label = escape_mnemonic (pomar_stage_get_name (stage));
      g_autoptr (GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "accounts.move-to-stage",
                                               g_variant_new_string (pomar_stage_to_id (stage)));
      g_menu_append_item (self->stage_menu, item);
    }
}

/* Exporting ---------------------------------------------------------------- */

enum
{
  EXPORT_NAME,
  EXPORT_STAGE,
  EXPORT_HEALTH,
  EXPORT_TREND,
  EXPORT_NPS,
  EXPORT_ARR,
  EXPORT_CURRENCY,
  EXPORT_RENEWAL,
  EXPORT_TICKETS,
  EXPORT_OWNER,
  EXPORT_SEGMENT,
  EXPORT_TOUCH,
  N_EXPORT_FIELDS
};

/* The header: the table's column titles, and the currency. */
static void
export_header (const char *names[N_EXPORT_FIELDS + 1])
{
  names[EXPORT_NAME] = _("Name");
  names[EXPORT_STAGE] = _("Stage");
  names[EXPORT_HEALTH] = _("Health");
  names[EXPORT_TREND] = _("Trend");
  names[EXPORT_NPS] = _("NPS (90 Days)");
  names[EXPORT_ARR] = _("ARR");
  names[EXPORT_CURRENCY] = _("Currency");
  names[EXPORT_RENEWAL] = _("Renewal");
  names[EXPORT_TICKETS] = _("Open Tickets");
  names[EXPORT_OWNER] = _("Owner");
  names[EXPORT_SEGMENT] = _("Segment");
  names[EXPORT_TOUCH] = _("Last Touch");
  names[N_EXPORT_FIELDS] = NULL;
}

typedef struct
{
  GFile        *file;
  const char   *names[N_EXPORT_FIELDS + 1];
  GArray       *fields;   /* PomarField, N_EXPORT_FIELDS a row */
  GStringChunk *strings;  /* the fields' texts */
  guint         n_rows;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->file);
  g_clear_pointer (&job->fields, g_array_unref);
  g_clear_pointer (&job->strings, g_string_chunk_free);
  g_free (job);
}

static void
set_string (PomarField   *field,
            GStringChunk *strings,
            const char   *value)
{
  if (value == NULL)
    return;
  field->type = POMAR_FIELD_STRING;
  field->s = g_string_chunk_insert_const (strings, value);
}

static void
set_int (PomarField *field,
         gint64      value)
{
  field->type = POMAR_FIELD_INT;
  field->i = value;
}

/* The day of a "YYYY-MM-DD" day or of an RFC 3339 timestamp in local
 * time, as the table shows it; FALSE when it does not parse. */
static gboolean
local_day (const char *value,
           char        buf[11])
{
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *day = NULL;
  PomarDay parsed;

  if (value == NULL)
    return FALSE;
  if (strlen (value) == 10 && (parsed = pomar_day_parse (value)) != POMAR_NO_DAY)
    {
      pomar_day_format (parsed, buf);
      return TRUE;
    }

  utc = g_date_time_new_from_iso8601 (value, NULL);
  if (utc == NULL)
    return FALSE;
  local = g_date_time_to_local (utc);
  day = g_date_time_format (local, "%Y-%m-%d");
  g_strlcpy (buf, day, 11);
  return TRUE;
}

/* One row of plain values: what a spreadsheet reads back as numbers and
 * dates. An unknown value is an empty field. */
static void
export_row (PomarAccountObject *account,
            PomarField         *row,
            GStringChunk       *strings,
            const char * const *names)
{
  const PomarAccountSummary *summary = pomar_account_object_get_summary (account);
  const char *stage = pomar_account_object_get_stage (account);
  const char *segment = pomar_account_object_get_segment (account);
  double arr = pomar_account_object_get_arr (account);
  PomarDay renewal = pomar_day_parse (pomar_account_object_get_renewal_date (account));
  char day[11];
  int score, delta;

  for (guint i = 0; i < N_EXPORT_FIELDS; i++)
    row[i] = (PomarField) { .name = names[i], .type = POMAR_FIELD_NULL };

  set_string (&row[EXPORT_NAME], strings, pomar_account_object_get_name (account));
  if (stage != NULL)
    set_string (&row[EXPORT_STAGE], strings, pomar_stage_id_to_name (stage));
  if (pomar_account_object_get_health (account, &score, NULL))
    set_int (&row[EXPORT_HEALTH], score);
  if (health_delta (account, &delta))
    set_int (&row[EXPORT_TREND], delta);
  if (summary->figures.has_nps_90d)
    set_int (&row[EXPORT_NPS], summary->figures.nps_90d);
  if (!isnan (arr))
    {
      row[EXPORT_ARR].type = POMAR_FIELD_DOUBLE;
      row[EXPORT_ARR].d = arr;
    }
  set_string (&row[EXPORT_CURRENCY], strings, pomar_account_object_get_currency (account));
  if (renewal != POMAR_NO_DAY)
    set_string (&row[EXPORT_RENEWAL], strings, pomar_day_format (renewal, day));
  set_int (&row[EXPORT_TICKETS], pomar_account_object_get_open_tickets (account));
  set_string (&row[EXPORT_OWNER], strings, pomar_account_object_get_owner (account));
  if (segment != NULL)
    set_string (&row[EXPORT_SEGMENT], strings, pomar_segment_to_name (segment));
  if (local_day (pomar_account_object_get_last_touch (account), day))
    set_string (&row[EXPORT_TOUCH], strings, day);
}

/* On a worker thread: the CSV in memory (pomar-export.c's writer, the
 * command line's quoting), then the file replaced in one step. */
static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (PomarExportWriter) writer = NULL;
  g_autoptr (GBytes) bytes = NULL;
  GError *error = NULL;

  writer = pomar_export_writer_new (stream, POMAR_EXPORT_FORMAT_CSV, job->names);
  for (guint i = 0; i < job->n_rows; i++)
    {
      const PomarField *row = &g_array_index (job->fields, PomarField, (gsize) i * N_EXPORT_FIELDS);

      if (!pomar_export_writer_write_row (writer, row, N_EXPORT_FIELDS, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  if (!pomar_export_writer_finish (writer, &error)
      || !g_output_stream_close (stream, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  if (!g_file_replace_contents (job->file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_NONE, NULL, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_int (task, job->n_rows);
}

void
pomar_accounts_view_export_async (PomarAccountsView   *self,
                                  GFile               *file,
                                  gboolean             selected_only,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GtkBitset) rows = NULL;
  GListModel *model = G_LIST_MODEL (self->selection);
  ExportJob *job;
  GtkBitsetIter iter;
  guint position;
  guint row;

  g_return_if_fail (POMAR_IS_ACCOUNTS_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* The rows are read here, on the main thread, where the account objects
   * live; the worker only sees plain values. */
  if (selected_only)
    rows = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  else
    {
      rows = gtk_bitset_new_empty ();
      gtk_bitset_add_range (rows, 0, g_list_model_get_n_items (model));
    }

  job = g_new0 (ExportJob, 1);
  job->file = g_object_ref (file);
  export_header (job->names);
  job->n_rows = (guint) gtk_bitset_get_size (rows);
  job->fields = g_array_sized_new (FALSE, FALSE, sizeof (PomarField), job->n_rows * N_EXPORT_FIELDS);
  g_array_set_size (job->fields, job->n_rows * N_EXPORT_FIELDS);
  job->strings = g_string_chunk_new (64 * 1024);
  row = 0;
  for (gboolean more = gtk_bitset_iter_init_first (&iter, rows, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position), row++)
    {
      g_autoptr (PomarAccountObject) account = g_list_model_get_item (model, position);

      export_row (account, &g_array_index (job->fields, PomarField, (gsize) row * N_EXPORT_FIELDS),
                  job->strings, job->names);
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pomar_accounts_view_export_async);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
pomar_accounts_view_export_finish (PomarAccountsView  *self,
                                   GAsyncResult       *result,
                                   guint              *n_rows,
                                   GError            **error)
{
  gssize rows;

  g_return_val_if_fail (POMAR_IS_ACCOUNTS_VIEW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  rows = g_task_propagate_int (G_TASK (result), error);
  if (rows < 0)
    return FALSE;
  if (n_rows != NULL)
    *n_rows = (guint) rows;
  return TRUE;
}

static void
add_toast (PomarAccountsView *self,
           AdwToast          *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
on_open_export (AdwToast  *toast,
                GtkWidget *widget)
{
  const char *uri = g_object_get_data (G_OBJECT (toast), "pomar-export-uri");
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

/* What went wrong, in the words of someone saving a file. */
static char *
export_error_text (GFile        *file,
                   const GError *error)
{
  g_autofree char *name = g_file_get_basename (file);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    return g_strdup_printf (_("Could not save “%s”: that folder cannot be written to. Choose another folder."),
                            name);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    return g_strdup_printf (_("Could not save “%s”: the disk is full."), name);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return g_strdup_printf (_("Could not save “%s”: that folder no longer exists."), name);
  return g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  PomarAccountsView *self = POMAR_ACCOUNTS_VIEW (source);
  g_autoptr (GFile) file = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *markup = NULL;
  AdwToast *toast;
  guint n_rows;

  if (!pomar_accounts_view_export_finish (self, result, &n_rows, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = export_error_text (file, error);
      markup = g_markup_escape_text (text, -1);
      toast = adw_toast_new (markup);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      add_toast (self, toast);
      return;
    }

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %'u customer", "Exported %'u customers", n_rows),
                          n_rows);
  markup = g_markup_escape_text (text, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_button_label (toast, _("_Open"));
  g_object_set_data_full (G_OBJECT (toast), "pomar-export-uri", g_file_get_uri (file), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_open_export), self, 0);
  add_toast (self, toast);
}

static void
on_export_response (PomarAccountsView *self,
                    int                response,
                    GtkNativeDialog   *dialog)
{
  gboolean selected_only = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "pomar-selected-only"));
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->export_dialog);

  if (file != NULL)
    pomar_accounts_view_export_async (self, file, selected_only, self->cancellable, export_done,
                                      g_object_ref (file));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PomarAccountsView *self = POMAR_ACCOUNTS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  guint selected = n_selected (self);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *dialog;
  char today[11];

  if (self->export_dialog != NULL)
    return;

  /* The title says what will be written. */
  if (selected > 0)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Export %'u Selected Customer",
                                          "Export %'u Selected Customers", selected),
                             selected);
  else
    {
      guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Export %'u Customer", "Export %'u Customers", shown),
                               shown);
    }

  dialog = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* Translators: the file name an export suggests; %s is today, YYYY-MM-DD. */
  name = g_strdup_printf (_("customers-%s.csv"), pomar_day_format (pomar_day_today (), today));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);

  g_object_set_data (G_OBJECT (dialog), "pomar-selected-only", GINT_TO_POINTER (selected > 0));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response), self, G_CONNECT_SWAPPED);
  self->export_dialog = GTK_NATIVE_DIALOG (dialog);
  gtk_native_dialog_show (self->export_dialog);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
pomar_accounts_view_new (void)
{
  return g_object_new (POMAR_TYPE_ACCOUNTS_VIEW, NULL);
}

void
pomar_accounts_view_set_model (PomarAccountsView *self,
                               GListModel        *accounts)
{
  g_return_if_fail (POMAR_IS_ACCOUNTS_VIEW (self));
  g_return_if_fail (accounts == NULL || G_IS_LIST_MODEL (accounts));

  if (self->accounts == accounts)
    return;

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_func (self->accounts, on_accounts_changed, self);
  g_set_object (&self->accounts, accounts);
  if (self->accounts != NULL)
    g_signal_connect_object (self->accounts, "items-changed", G_CALLBACK (on_accounts_changed), self,
                             G_CONNECT_SWAPPED);

  self->stale = TRUE;
  if (self->live)
    set_live (self, TRUE);
  else
    g_list_store_remove_all (self->shown);
  update_state (self);
}

void
pomar_accounts_view_set_playbook_catalog (PomarAccountsView    *self,
                                          PomarPlaybookCatalog *catalog)
{
  GPtrArray *templates;

  g_return_if_fail (POMAR_IS_ACCOUNTS_VIEW (self));

  if (catalog != NULL)
    pomar_playbook_catalog_ref (catalog);
  g_clear_pointer (&self->catalog, pomar_playbook_catalog_unref);
  self->catalog = catalog;

  g_menu_remove_all (self->playbook_menu);
  templates = catalog != NULL ? pomar_playbook_catalog_get_templates (catalog) : NULL;
  for (guint i = 0; templates != NULL && i < templates->len; i++)
    {
      const PomarPlaybookTemplate *tmpl = g_ptr_array_index (templates, i);
      g_autofree char *label = escape_mnemonic (tmpl->name);
      g_autoptr (GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "accounts.start-playbook",
                                               g_variant_new_string (tmpl->id));
      g_menu_append_item (self->playbook_menu, item);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->playbook_button), templates != NULL && templates->len > 0);
  update_selection (self);
}

/* The filter model: what the table shows, in its order (as of the last
 * time the table was mapped, which is what the person saw). */
GListModel *
pomar_accounts_view_get_shown (PomarAccountsView *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNTS_VIEW (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

/* Private API, for tests --------------------------------------------------- */

GtkColumnView *
pomar_accounts_view_get_column_view (PomarAccountsView *self)
{
  return self->column_view;
}

GtkColumnViewColumn *
pomar_accounts_view_get_column (PomarAccountsView *self,
                                const char        *id)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    if (g_str_equal (column_specs[i].id, id))
      return self->columns[i].column;
  return NULL;
}

GtkEditable *
pomar_accounts_view_get_search_entry (PomarAccountsView *self)
{
  return GTK_EDITABLE (self->search_entry);
}

const char *
pomar_accounts_view_get_count_text (PomarAccountsView *self)
{
  return gtk_label_get_text (self->count_label);
}

const char *
pomar_accounts_view_get_page (PomarAccountsView *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
pomar_accounts_view_get_action_bar_revealed (PomarAccountsView *self)
{
  return gtk_action_bar_get_revealed (self->action_bar);
}

const char *
pomar_accounts_view_get_selection_text (PomarAccountsView *self)
{
  return gtk_label_get_text (self->selection_label);
}

char *
pomar_accounts_view_cell_text (const char *column_id,
                               gpointer    account,
                               char      **accessible)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    if (g_str_equal (column_specs[i].id, column_id))
      {
        Cell cell = { 0 };

        column_specs[i].cell (account, &cell);
        if (accessible != NULL)
          *accessible = g_steal_pointer (&cell.accessible);
        g_free (cell.accessible);
        return cell.text;
      }
  return NULL;
}

gboolean
pomar_accounts_view_is_live (PomarAccountsView *self)
{
  return self->live;
}

/* GtkWidget ---------------------------------------------------------------- */

/* Mapped, the table follows the accounts and typing anywhere in the window
 * searches it, as in Files or Settings; unmapped, it does neither, so the
 * other views keep their keys and a change elsewhere costs nothing here. */
static void
pomar_accounts_view_map (GtkWidget *widget)
{
  PomarAccountsView *self = POMAR_ACCOUNTS_VIEW (widget);
  GdkFrameClock *frame_clock;

  set_live (self, TRUE);

  GTK_WIDGET_CLASS (pomar_accounts_view_parent_class)->map (widget);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (gtk_widget_get_root (widget)));
  frame_clock = gtk_widget_get_frame_clock (widget);
  if (frame_clock != NULL)
    self->after_paint_id = g_signal_connect_object (frame_clock, "after-paint", G_CALLBACK (on_after_paint),
                                                    self, G_CONNECT_SWAPPED);
}

static void
pomar_accounts_view_unmap (GtkWidget *widget)
{
  PomarAccountsView *self = POMAR_ACCOUNTS_VIEW (widget);
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (widget);

  if (frame_clock != NULL && self->after_paint_id != 0)
    g_signal_handler_disconnect (frame_clock, self->after_paint_id);
  self->after_paint_id = 0;
  self->search_started = 0;
  gtk_search_entry_set_key_capture_widget (self->search_entry, NULL);
  set_live (self, FALSE);

  GTK_WIDGET_CLASS (pomar_accounts_view_parent_class)->unmap (widget);
}

/* GObject ------------------------------------------------------------------ */

static void
pomar_accounts_view_dispose (GObject *object)
{
  PomarAccountsView *self = POMAR_ACCOUNTS_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->visible_rows_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->visible_rows_id);
      self->visible_rows_id = 0;
    }
  if (self->export_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->export_dialog, self);
      gtk_native_dialog_destroy (self->export_dialog);
      g_clear_object (&self->export_dialog);
    }

  /* The column view's columns go with it, and each tells its sorter: the
   * view hears nothing of that, its labels being gone. */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view),
                                          on_column_sorter_changed, self);
  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_func (self->accounts, on_accounts_changed, self);
  g_clear_object (&self->accounts);
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_func (self->filter_model, on_items_changed, self);
  if (self->selection != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->selection, on_selection_changed, self);
      g_signal_handlers_disconnect_by_func (self->selection, on_selection_items_changed, self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_ACCOUNTS_VIEW);
  /* dispose_template () only unparents the children it has a name for. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->rows);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->sorter);
  g_clear_object (&self->shown);
  g_clear_object (&self->stage_menu);
  g_clear_object (&self->playbook_menu);
  g_clear_pointer (&self->catalog, pomar_playbook_catalog_unref);

  G_OBJECT_CLASS (pomar_accounts_view_parent_class)->dispose (object);
}

static void
pomar_accounts_view_finalize (GObject *object)
{
  PomarAccountsView *self = POMAR_ACCOUNTS_VIEW (object);

  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->query_words, g_strfreev);
  g_clear_pointer (&self->collation_keys, g_hash_table_unref);
  g_clear_pointer (&self->folded_owners, g_hash_table_unref);
  g_clear_object (&self->probe_a);
  g_clear_object (&self->probe_b);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pomar_accounts_view_parent_class)->finalize (object);
}

static void
pomar_accounts_view_class_init (PomarAccountsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *const column_ids[N_COLUMNS] = {
    "name_column", "stage_column", "health_column", "trend_column", "nps_column", "arr_column",
    "renewal_column", "tickets_column", "owner_column", "segment_column", "touch_column",
  };

  object_class->dispose = pomar_accounts_view_dispose;
  object_class->finalize = pomar_accounts_view_finalize;

  widget_class->map = pomar_accounts_view_map;
  widget_class->unmap = pomar_accounts_view_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pomar/Pomar/ui/pomar-accounts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarAccountsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountsView, stack);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountsView, no_match_page);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountsView, action_bar);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountsView, selection_label);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountsView, move_button);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountsView, playbook_button);
  for (guint i = 0; i < N_COLUMNS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, column_ids[i], FALSE,
                                               G_STRUCT_OFFSET (PomarAccountsView, columns)
                                               + i * sizeof (ColumnInfo)
                                               + G_STRUCT_OFFSET (ColumnInfo, column));
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_search_text_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "accounts.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "accounts.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_install_action (widget_class, "accounts.move-to-stage", "s", move_to_stage_action);
  gtk_widget_class_install_action (widget_class, "accounts.start-playbook", "s", start_playbook_action);
  gtk_widget_class_install_action (widget_class, "accounts.export", NULL, export_action);

  /* Escape clears the selection; with none, the action is off and the
   * window's Escape (back) has its turn. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "accounts.clear-selection", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pomaraccountsview");
}

static void
pomar_accounts_view_init (PomarAccountsView *self)
{
  GtkEventController *shortcuts;
  GtkAdjustment *vadjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->probed = -1;
  self->probe_a = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_b = g_object_new (G_TYPE_OBJECT, NULL);
  self->sort_spec = &column_specs[COLUMN_NAME];
  self->collation_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->folded_owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  setup_columns (self);

  self->shown = g_list_store_new (POMAR_TYPE_ACCOUNT_OBJECT);
  self->sorter = gtk_custom_sorter_new (compare_accounts, self, NULL);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->shown)),
                                              g_object_ref (GTK_SORTER (self->sorter)));

  self->filter = gtk_custom_filter_new (account_matches, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sort_model)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  g_signal_connect_swapped (self->filter_model, "items-changed", G_CALLBACK (on_items_changed), self);

  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (on_selection_items_changed), self);
  self->rows = pomar_table_rows_new (GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->rows));
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  g_signal_connect_object (vadjustment, "value-changed", G_CALLBACK (on_view_scrolled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment, "changed", G_CALLBACK (on_view_scrolled), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_column_sorter_changed), self, G_CONNECT_SWAPPED);
  gtk_column_view_sort_by_column (self->column_view, self->columns[COLUMN_NAME].column, GTK_SORT_ASCENDING);

  self->stage_menu = g_menu_new ();
  build_stage_menu (self);
  gtk_menu_button_set_menu_model (self->move_button, G_MENU_MODEL (self->stage_menu));
  self->playbook_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->playbook_button, G_MENU_MODEL (self->playbook_menu));
  gtk_widget_set_visible (GTK_WIDGET (self->playbook_button), FALSE);

  /* Before the focused widget: see on_select_all_shortcut (). */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_a, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (on_select_all_shortcut,
                                                                                   NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  update_state (self);
  update_selection (self);
}
