/* pomar-portfolio-view.c: the book of business at a glance.
 *
 * Two sources, each for what it does best:
 *
 * - The window's model of accounts gives what every account object already
 *   carries: the totals, the table of stages (customers and ARR per stage
 *   and currency), the renewals of the next 90 days and the new customers
 *   of the quarter. They are counted in C on the main thread (one pass over
 *   10,000 objects takes about a millisecond), so the board, the table and
 *   this view can never disagree about a book that a refresh has just
 *   replaced.
 * - The store gives the figures that need history or answers no account
 *   object holds: NPS (90 days, and by month for a year), CSAT, ARR and ARR
 *   at risk, the health bands, the median time to value and the LTV
 *   estimate. They come from pomar_store_reader_get_portfolio(), the call
 *   behind `pomarctl portfolio`, so the window and the command line say the
 *   same. It reads the whole book (a few hundred milliseconds for 10,000
 *   accounts), so it runs in a GTask on a worker thread with a reader of its
 *   own, as the customer page loads a customer.
 *
 * Model changes are coalesced in an idle, so a model filled piecewise is
 * counted once; each count starts a computation of the store's figures and
 * cancels the one in flight (whose result is then dropped). The figures
 * last computed stay on screen until newer ones arrive.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <adwaita.h>

#include "core/pomar-money.h"
#include "core/pomar-nps.h"
#include "core/pomar-stage.h"
#include "pomar-account-object.h"
#include "pomar-chart.h"
#include "pomar-customer-page.h"
#include "pomar-portfolio-view.h"
#include "pomar-ui-util.h"

/* One row per stage, plus "Other" (an unknown or missing stage) at
 * POMAR_STAGE_UNKNOWN. */
#define N_ROWS (POMAR_N_STAGES + 1)

/* The renewals listed: those due today up to this many days ahead. */
#define RENEWAL_DAYS 90
/* Rows the list shows before it scrolls (and half a row more then, so
 * that it looks like a list that goes on). */
#define RENEWAL_ROWS_SHOWN 6
/* The padding above and below a row, as style.css gives it
 * (listview.renewals-list > row). */
#define RENEWAL_ROW_PADDING 16

/* Journey order; the unknown stages are active customers, so they come
 * before churned, which is last. */
static const PomarStage row_order[N_ROWS] = {
  POMAR_STAGE_ONBOARDING,
  POMAR_STAGE_ENGAGEMENT,
  POMAR_STAGE_NURTURE,
  POMAR_STAGE_INSPIRE,
  POMAR_STAGE_UNKNOWN,
  POMAR_STAGE_CHURNED,
};

/* The health bands as the view lists them: best first. */
static const PomarHealthBand band_order[] = {
  POMAR_HEALTH_BAND_GREEN,
  POMAR_HEALTH_BAND_YELLOW,
  POMAR_HEALTH_BAND_RED,
  POMAR_HEALTH_BAND_NONE,
};

typedef struct
{
  double sum[N_ROWS];
  guint  accounts[N_ROWS];  /* with a known ARR in this currency */
} CurrencyTotals;

typedef struct
{
  guint       total;
  guint       accounts[N_ROWS];
  GHashTable *currencies;   /* ISO 4217 code -> CurrencyTotals */
  PomarDay    quarter_start;
  PomarDay    today;
  guint       new_this_quarter;
} Portfolio;

static void
portfolio_clear (Portfolio *portfolio)
{
  g_clear_pointer (&portfolio->currencies, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Portfolio, portfolio_clear)

struct _PomarPortfolioView
{
  GtkWidget           parent_instance;

  GListModel         *accounts;
  PomarContext       *context;
  guint               update_id;

  /* The store's figures last computed (NULL before the first), and the
   * computation in flight. */
  PomarPortfolio     *figures;
  GCancellable       *cancellable;
  gboolean            computing;
  char               *figures_error_text;

  /* Renewals: the accounts, filtered and sorted by renewal date. */
  GtkFilterListModel *renewals_filtered;
  GtkSortListModel   *renewals;
  int                 renewal_row_height;

  /* Template widgets */
  GtkStack           *stack;
  GtkFlowBox         *tiles_box;
  GtkWidget          *figures_box;
  GtkLabel           *figures_error;
  GtkLabel           *nps_value;
  GtkLabel           *nps_counts;
  GtkLabel           *nps_answers;
  PomarChart         *nps_chart;
  GtkLabel           *csat_value;
  GtkLabel           *csat_answers;
  GtkLabel           *ttv_value;
  GtkLabel           *ttv_detail;
  GtkFlowBox         *arr_box;
  GtkFlowBox         *ltv_box;
  GtkLabel           *ltv_detail;
  PomarChart         *bands_chart;
  GtkFlowBox         *bands_box;
  GtkLabel           *renewals_count;
  GtkStack           *renewals_stack;
  GtkScrolledWindow  *renewals_scroller;
  GtkListView        *renewals_list;
  GtkGrid            *stages_grid;
};

G_DEFINE_FINAL_TYPE (PomarPortfolioView, pomar_portfolio_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_COMPUTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_figures (PomarPortfolioView *self);

/* Words -------------------------------------------------------------------- */


/* The chart's colours for the bands, the same as the badges'. */
static PomarChartRole
band_role (PomarHealthBand band)
{
  switch (band)
    {
    case POMAR_HEALTH_BAND_RED:
      return POMAR_CHART_ROLE_ERROR;
    case POMAR_HEALTH_BAND_YELLOW:
      return POMAR_CHART_ROLE_WARNING;
    case POMAR_HEALTH_BAND_GREEN:
      return POMAR_CHART_ROLE_SUCCESS;
    case POMAR_HEALTH_BAND_NONE:
    default:
      return POMAR_CHART_ROLE_NEUTRAL;
    }
}

/* "in 12 days", "today", "tomorrow" */
static char *
days_ahead_text (gint64 days)
{
  if (days == 0)
    return g_strdup (_("today"));
  if (days == 1)
    return g_strdup (_("tomorrow"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d day", "in %d days", (gulong) days),
                          (int) days);
}

/* A percentage of a whole, for shares of customers. */
static char *
share_text (guint part,
            guint whole)
{
  /* Translators: a share of the customers, in percent. */
  return g_strdup_printf (_("%.0f%%"), whole > 0 ? 100.0 * part / whole : 0.0);
}

/* "5 years", "4.2 years": a tenth when it is not a whole number. */
static char *
format_years (double years)
{
  g_autofree char *number = NULL;
  double rounded = round (years * 10) / 10;

  if (rounded == floor (rounded))
    number = g_strdup_printf ("%.0f", rounded);
  else
    number = g_strdup_printf ("%.1f", rounded);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s year", "%s years", rounded == 1 ? 1 : 2), number);
}

/* The first day of the calendar quarter holding @day. */
static PomarDay
quarter_start (PomarDay day)
{
  GDate date;
  int first_month;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  first_month = ((g_date_get_month (&date) - 1) / 3) * 3 + 1;
  g_date_set_dmy (&date, 1, first_month, g_date_get_year (&date));
  return g_date_get_julian (&date);
}

/* Counting ----------------------------------------------------------------- */

/* New customers this quarter: accounts whose contract started between the
 * first day of the current calendar quarter and today, whatever their
 * stage now. The contract start is the day an account became a customer
 * (domain.md: Onboarding runs from it), and unlike the stage history it is
 * given by every source; a customer won and lost in the same quarter was
 * still won in it, so churned accounts count. A contract that starts later
 * this quarter is not yet a customer. */
static gboolean
is_new_this_quarter (PomarAccountObject *account,
                     PomarDay            first,
                     PomarDay            today)
{
  const PomarAccountSummary *summary = pomar_account_object_get_summary (account);
  PomarDay start = pomar_day_parse (summary->account.contract_start);

  return start != POMAR_NO_DAY && start >= first && start <= today;
}

static void
portfolio_compute (Portfolio  *portfolio,
                   GListModel *accounts)
{
  guint n_items = accounts != NULL ? g_list_model_get_n_items (accounts) : 0;

  memset (portfolio, 0, sizeof *portfolio);
  portfolio->currencies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  portfolio->today = pomar_day_today ();
  portfolio->quarter_start = quarter_start (portfolio->today);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (PomarAccountObject) account = g_list_model_get_item (accounts, i);
      PomarStage row = pomar_stage_from_id (pomar_account_object_get_stage (account));
      const char *currency = pomar_account_object_get_currency (account);
      double arr = pomar_account_object_get_arr (account);
      CurrencyTotals *totals;

      portfolio->total++;
      portfolio->accounts[row]++;
      if (is_new_this_quarter (account, portfolio->quarter_start, portfolio->today))
        portfolio->new_this_quarter++;

      /* An amount without a currency cannot be added to anything. */
      if (currency == NULL || isnan (arr))
        continue;

      totals = g_hash_table_lookup (portfolio->currencies, currency);
      if (totals == NULL)
        {
          totals = g_new0 (CurrencyTotals, 1);
          g_hash_table_insert (portfolio->currencies, g_strdup (currency), totals);
        }
      totals->sum[row] += arr;
      totals->accounts[row]++;
    }
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  /* g_ptr_array_sort passes pointers to the elements. */
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The currencies in alphabetical order, so the columns do not move. The
 * strings belong to the portfolio. */
static GPtrArray *
portfolio_get_currencies (Portfolio *portfolio)
{
  GPtrArray *currencies = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer code;

  g_hash_table_iter_init (&iter, portfolio->currencies);
  while (g_hash_table_iter_next (&iter, &code, NULL))
    g_ptr_array_add (currencies, code);
  g_ptr_array_sort (currencies, compare_codes);

  return currencies;
}

/* Showing what the accounts say -------------------------------------------- */

static void
set_accessible_label (GtkWidget  *widget,
                      const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
remove_children (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    {
      if (GTK_IS_FLOW_BOX (container))
        gtk_flow_box_remove (GTK_FLOW_BOX (container), child);
      else if (GTK_IS_BOX (container))
        gtk_box_remove (GTK_BOX (container), child);
      else
        gtk_grid_remove (GTK_GRID (container), child);
    }
}

static void
add_tile (PomarPortfolioView *self,
          const char         *caption,
          const char         *value,
          const char         *tooltip)
{
  g_autofree char *accessible = g_strdup_printf ("%s: %s", caption, value);
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *child;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (box, "card");
  if (tooltip != NULL)
    {
      gtk_widget_set_tooltip_text (box, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                      -1);
    }

  label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "title-2");
  gtk_widget_add_css_class (label, "numeric");
  set_accessible_label (label, accessible);
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (caption);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  gtk_flow_box_append (self->tiles_box, box);
  /* Figures to read, not items to pick. */
  child = gtk_widget_get_parent (box);
  gtk_widget_set_focusable (child, FALSE);
}

static void
show_tiles (PomarPortfolioView *self,
            Portfolio          *portfolio)
{
  g_autofree char *accounts = NULL;
  g_autofree char *active = NULL;
  g_autofree char *added = NULL;
  g_autofree char *since = NULL;
  g_autofree char *definition = NULL;
  guint n_active = portfolio->total - portfolio->accounts[POMAR_STAGE_CHURNED];
  char day[11];

  remove_children (GTK_WIDGET (self->tiles_box));

  accounts = g_strdup_printf ("%'u", portfolio->total);
  add_tile (self, _("Accounts"), accounts, NULL);

  active = g_strdup_printf ("%'u", n_active);
  add_tile (self, _("Active customers"), active, _("Accounts in any stage but Churned"));

  added = g_strdup_printf ("%'u", portfolio->new_this_quarter);
  since = pomar_format_day (pomar_day_format (portfolio->quarter_start, day));
  /* Translators: %s is the first day of the current quarter, as a date. */
  definition = g_strdup_printf (_("Accounts whose contract started between %s and today, "
                                  "whatever their stage now"), since);
  add_tile (self, _("New customers this quarter"), added, definition);
}

/* A cell of the table: @accessible says what the figure is, since a bare
 * number means nothing to someone who cannot see its column. */
static GtkWidget *
grid_cell (GtkGrid    *grid,
           int         column,
           int         row,
           const char *text,
           gboolean    numeric,
           const char *accessible)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_widget_set_hexpand (label, !numeric);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (accessible != NULL)
    set_accessible_label (label, accessible);
  gtk_grid_attach (grid, label, column, row, 1, 1);

  return label;
}

static void
show_table (PomarPortfolioView *self,
            Portfolio          *portfolio,
            GPtrArray          *currencies)
{
  GtkGrid *grid = self->stages_grid;
  int n_columns = 3 + (int) currencies->len;
  int row = 0;

  remove_children (GTK_WIDGET (grid));

  gtk_widget_add_css_class (grid_cell (grid, 0, row, _("Stage"), FALSE, NULL), "heading");
  gtk_widget_add_css_class (grid_cell (grid, 1, row, _("Customers"), TRUE, NULL), "heading");
  gtk_widget_add_css_class (grid_cell (grid, 2, row, _("Share"), TRUE, NULL), "heading");
  for (guint c = 0; c < currencies->len; c++)
    {
      /* Translators: a column of ARR; %s is a currency code such as BRL. */
      g_autofree char *title = g_strdup_printf (_("ARR in %s"), (const char *) g_ptr_array_index (currencies, c));

      gtk_widget_add_css_class (grid_cell (grid, 3 + c, row, title, TRUE, NULL), "heading");
    }
  row++;
  gtk_grid_attach (grid, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL), 0, row++, n_columns, 1);

  for (guint i = 0; i < N_ROWS; i++)
    {
      PomarStage stage = row_order[i];
      guint count = portfolio->accounts[stage];
      const char *name = stage == POMAR_STAGE_UNKNOWN ? _("Other") : pomar_stage_get_name (stage);
      g_autofree char *count_text = NULL;
      g_autofree char *count_accessible = NULL;
      g_autofree char *share = NULL;
      g_autofree char *share_accessible = NULL;

      /* "Other" only when some account has a stage Pomar does not know. */
      if (stage == POMAR_STAGE_UNKNOWN && count == 0)
        continue;

      count_text = g_strdup_printf ("%'u", count);
      count_accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %'u customer", "%s: %'u customers", count),
                                          name, count);
      share = share_text (count, portfolio->total);
      /* Translators: the first %s is a stage, the second a percentage. */
      share_accessible = g_strdup_printf (_("%s: %s of customers"), name, share);

      grid_cell (grid, 0, row, name, FALSE, NULL);
      grid_cell (grid, 1, row, count_text, TRUE, count_accessible);
      grid_cell (grid, 2, row, share, TRUE, share_accessible);

      for (guint c = 0; c < currencies->len; c++)
        {
          const char *currency = g_ptr_array_index (currencies, c);
          const CurrencyTotals *totals = g_hash_table_lookup (portfolio->currencies, currency);
          g_autofree char *money = NULL;
          g_autofree char *accessible = NULL;

          if (totals->accounts[stage] > 0)
            money = pomar_format_money (totals->sum[stage], currency);
          else
            money = g_strdup ("—");
          /* Translators: the first %s is a stage, then a currency code, then an amount. */
          accessible = g_strdup_printf (_("%s: ARR in %s %s"), name, currency, money);
          grid_cell (grid, 3 + c, row, money, TRUE, accessible);
        }

      row++;
    }
}

/* Renewals ----------------------------------------------------------------- */

/* Due within the next RENEWAL_DAYS days, today included. A churned account
 * is left out: its renewal date is history, not a renewal to prepare (as
 * ARR at risk leaves it out). */
static gboolean
renewal_filter (gpointer item,
                gpointer user_data)
{
  PomarAccountObject *account = item;
  gint64 days;

  if (pomar_stage_from_id (pomar_account_object_get_stage (account)) == POMAR_STAGE_CHURNED)
    return FALSE;
  return pomar_account_object_get_days_to_renewal (account, &days) && days >= 0 && days <= RENEWAL_DAYS;
}

/* Soonest first; on the same day, by name as the board orders them. */
static int
renewal_compare (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  PomarAccountObject *account_a = (PomarAccountObject *) a;
  PomarAccountObject *account_b = (PomarAccountObject *) b;
  gint64 days_a = 0, days_b = 0;

  pomar_account_object_get_days_to_renewal (account_a, &days_a);
  pomar_account_object_get_days_to_renewal (account_b, &days_b);
  if (days_a != days_b)
    return days_a < days_b ? -1 : 1;
  return pomar_account_object_compare (account_a, account_b);
}

static GtkWidget *
renewal_row_new (void)
{
  GtkWidget *row;
  GtkWidget *top;
  GtkWidget *label;

  /* A group, so that a screen reader reads the row's own sentence. */
  row = g_object_new (GTK_TYPE_BOX,
                      "orientation", GTK_ORIENTATION_VERTICAL,
                      "spacing", 2,
                      "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                      NULL);
  gtk_widget_add_css_class (row, "renewal-row");

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (row), top);

  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (top), label);

  label = gtk_label_new (NULL);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "health-badge");
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_box_append (GTK_BOX (top), label);

  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (row), label);

  return row;
}

static void
renewal_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (item, renewal_row_new ());
}

/* The height of one row, measured on a row of its own: a list view inside
 * a page that scrolls cannot ask for the height of its rows (GTK 4.8
 * measures only those it made), so the view sets it. */
static int
renewal_row_height (PomarPortfolioView *self)
{
  if (self->renewal_row_height == 0)
    {
      GtkWidget *row = g_object_ref_sink (renewal_row_new ());
      GtkWidget *top = gtk_widget_get_first_child (row);
      int natural = 0;

      gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (top)), "Ag");
      gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (top)), "00");
      gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (row)), "Ag 00");
      gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
      self->renewal_row_height = natural + RENEWAL_ROW_PADDING;
      g_object_unref (row);
    }
  return self->renewal_row_height;
}

/* "Acme, renews on 3/9/27, in 12 days, ARR R$ 48.000, health 72, green" */
static void
renewal_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  PomarAccountObject *account = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *top = gtk_widget_get_first_child (row);
  GtkWidget *name = gtk_widget_get_first_child (top);
  GtkWidget *badge = gtk_widget_get_next_sibling (name);
  GtkWidget *detail = gtk_widget_get_next_sibling (top);
  g_autofree char *date = pomar_format_day (pomar_account_object_get_renewal_date (account));
  g_autofree char *ahead = NULL;
  g_autofree char *money = pomar_format_money (pomar_account_object_get_arr (account),
                                               pomar_account_object_get_currency (account));
  g_autofree char *score_text = NULL;
  g_autofree char *health = NULL;
  g_autofree char *line = NULL;
  g_autofree char *sentence = NULL;
  PomarHealthBand band = POMAR_HEALTH_BAND_NONE;
  gint64 days = 0;
  int score = 0;

  pomar_account_object_get_days_to_renewal (account, &days);
  ahead = days_ahead_text (days);

  if (pomar_account_object_get_health (account, &score, &band))
    {
      score_text = g_strdup_printf ("%d", score);
      /* Translators: a health score and its band (green, yellow, red). */
      health = g_strdup_printf (_("health %d, %s"), score, pomar_health_band_word (band));
    }
  else
    {
      score_text = g_strdup ("—");
      health = g_strdup (_("health unknown"));
    }

  gtk_label_set_text (GTK_LABEL (name), pomar_account_object_get_name (account));
  gtk_label_set_text (GTK_LABEL (badge), score_text);
  pomar_set_health_band_class (badge, band);
  gtk_widget_set_tooltip_text (badge, health);

  /* Translators: renewal date, how far ahead ("in 12 days"), ARR. */
  line = g_strdup_printf (_("%s · %s · %s"), date, ahead, money);
  gtk_label_set_text (GTK_LABEL (detail), line);

  /* Translators: account name, renewal date, how far ahead, ARR, health. */
  sentence = g_strdup_printf (_("%s, renews on %s, %s, ARR %s, %s"),
                              pomar_account_object_get_name (account), date, ahead, money, health);
  set_accessible_label (row, sentence);
}

static void
on_renewal_activate (PomarPortfolioView *self,
                     guint               position,
                     GtkListView        *list)
{
  g_autoptr (PomarAccountObject) account = NULL;

  account = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (list)), position);
  if (account == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-account", "s",
                              pomar_account_object_get_id (account));
}

static void
on_renewals_changed (PomarPortfolioView *self,
                     guint               position,
                     guint               removed,
                     guint               added,
                     GListModel         *renewals)
{
  guint n = g_list_model_get_n_items (renewals);
  g_autofree char *count = g_strdup_printf ("%'u", n);
  g_autofree char *accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "%'u renewal in the next 90 days",
                                                              "%'u renewals in the next 90 days", n),
                                                 n);
  int height;

  gtk_label_set_text (self->renewals_count, count);
  set_accessible_label (GTK_WIDGET (self->renewals_count), accessible);
  gtk_stack_set_visible_child_name (self->renewals_stack, n > 0 ? "list" : "empty");

  if (n > RENEWAL_ROWS_SHOWN)
    height = RENEWAL_ROWS_SHOWN * renewal_row_height (self) + renewal_row_height (self) / 2;
  else
    height = (int) n * renewal_row_height (self);
  gtk_scrolled_window_set_min_content_height (self->renewals_scroller, height);
}

/* Showing what the store computed ------------------------------------------ */

static const PomarMoneyTotal *
find_total (GPtrArray  *totals,
            const char *currency)
{
  for (guint i = 0; totals != NULL && i < totals->len; i++)
    {
      const PomarMoneyTotal *total = g_ptr_array_index (totals, i);

      if (g_strcmp0 (total->currency, currency) == 0)
        return total;
    }
  return NULL;
}

/* A figure in one of the boxes of money, one per currency: to read, not
 * to pick. */
static void
append_figure (GtkFlowBox *box,
               GtkWidget  *figure)
{
  gtk_flow_box_append (box, figure);
  gtk_widget_set_focusable (gtk_widget_get_parent (figure), FALSE);
}

static GtkWidget *
figure_label (const char *text,
              const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  /* The cards flow two a line at their natural width: keep it short. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

/* The answers of the last 90 days. Until the first figures arrive the
 * cards say so rather than show a zero that is not one. */
static void
show_nps (PomarPortfolioView   *self,
          const PomarPortfolio *p)
{
  g_autofree char *value = NULL;
  g_autofree char *accessible = NULL;
  int nps;

  if (p == NULL)
    {
      gtk_label_set_text (self->nps_value, "—");
      set_accessible_label (GTK_WIDGET (self->nps_value), _("NPS, last 90 days: computing"));
      gtk_widget_set_visible (GTK_WIDGET (self->nps_counts), FALSE);
      gtk_label_set_text (self->nps_answers, _("Computing…"));
      return;
    }

  if (!pomar_nps_compute (&p->nps_90d, &nps))
    {
      gtk_label_set_text (self->nps_value, "—");
      set_accessible_label (GTK_WIDGET (self->nps_value), _("NPS, last 90 days: not enough answers"));
      gtk_widget_set_visible (GTK_WIDGET (self->nps_counts), FALSE);
      gtk_label_set_text (self->nps_answers, _("Not enough answers"));
    }
  else
    {
      guint total = pomar_nps_counts_total (&p->nps_90d);
      g_autofree char *promoters = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u promoter", "%'u promoters",
                                                                 p->nps_90d.promoters),
                                                    p->nps_90d.promoters);
      g_autofree char *passives = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u passive", "%'u passives",
                                                                p->nps_90d.passives),
                                                   p->nps_90d.passives);
      g_autofree char *detractors = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u detractor", "%'u detractors",
                                                                  p->nps_90d.detractors),
                                                     p->nps_90d.detractors);
      g_autofree char *counts = NULL;
      g_autofree char *answers = NULL;

      value = g_strdup_printf ("%d", nps);
      /* Translators: NPS over the last 90 days, a number from -100 to 100. */
      accessible = g_strdup_printf (_("NPS, last 90 days: %d"), nps);
      gtk_label_set_text (self->nps_value, value);
      set_accessible_label (GTK_WIDGET (self->nps_value), accessible);

      /* Translators: "12 promoters · 5 passives · 3 detractors" */
      counts = g_strdup_printf (_("%s · %s · %s"), promoters, passives, detractors);
      gtk_label_set_text (self->nps_counts, counts);
      gtk_widget_set_visible (GTK_WIDGET (self->nps_counts), TRUE);

      answers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "From %'u answer", "From %'u answers", total), total);
      gtk_label_set_text (self->nps_answers, answers);
    }
}

static void
show_nps_chart (PomarPortfolioView   *self,
                const PomarPortfolio *p)
{
  double values[POMAR_NPS_N_MONTHS];
  int nps;

  pomar_chart_clear (self->nps_chart);
  pomar_chart_clear_references (self->nps_chart);
  if (p == NULL)
    return;

  for (guint i = 0; i < POMAR_NPS_N_MONTHS; i++)
    values[i] = pomar_nps_compute (&p->nps_months[i].counts, &nps) ? nps : NAN;

  pomar_chart_set_months (self->nps_chart, p->nps_months[0].first_day, POMAR_NPS_N_MONTHS);
  pomar_chart_set_y_range (self->nps_chart, -100, 100);
  pomar_chart_add_reference (self->nps_chart, 0, NULL);
  pomar_chart_add_series (self->nps_chart, _("NPS"), POMAR_CHART_LINE, POMAR_CHART_ROLE_ACCENT,
                          values, POMAR_NPS_N_MONTHS);
}

static void
show_csat (PomarPortfolioView   *self,
           const PomarPortfolio *p)
{
  g_autofree char *value = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *answers = NULL;
  double csat;

  if (p == NULL)
    {
      gtk_label_set_text (self->csat_value, "—");
      set_accessible_label (GTK_WIDGET (self->csat_value), _("CSAT, last 90 days: computing"));
      gtk_label_set_text (self->csat_answers, _("Computing…"));
      return;
    }

  if (!pomar_csat_compute (&p->csat_90d, &csat))
    {
      gtk_label_set_text (self->csat_value, "—");
      set_accessible_label (GTK_WIDGET (self->csat_value), _("CSAT, last 90 days: not enough answers"));
      gtk_label_set_text (self->csat_answers, _("Not enough answers"));
      return;
    }

  /* Translators: CSAT, the share of satisfied answers, in percent. */
  value = g_strdup_printf (_("%.0f%%"), csat);
  /* Translators: %s is a percentage. */
  accessible = g_strdup_printf (_("CSAT, last 90 days: %s"), value);
  gtk_label_set_text (self->csat_value, value);
  set_accessible_label (GTK_WIDGET (self->csat_value), accessible);
  /* Translators: satisfied answers (a 4 or a 5) of all answers. */
  answers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%'u of %'u answer rated 4 or 5 out of 5",
                                          "%'u of %'u answers rated 4 or 5 out of 5",
                                          p->csat_90d.total),
                             p->csat_90d.satisfied, p->csat_90d.total);
  gtk_label_set_text (self->csat_answers, answers);
}

static void
show_ttv (PomarPortfolioView   *self,
          const PomarPortfolio *p)
{
  g_autofree char *value = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *number = NULL;

  if (p == NULL)
    {
      gtk_label_set_text (self->ttv_value, "—");
      gtk_label_set_text (self->ttv_detail, _("Computing…"));
      return;
    }
  if (!p->has_median_ttv)
    {
      gtk_label_set_text (self->ttv_value, "—");
      set_accessible_label (GTK_WIDGET (self->ttv_value), _("Median time to value: none"));
      gtk_label_set_text (self->ttv_detail, _("No customer reached value in the last 365 days"));
      return;
    }

  /* A median of an even count may fall between two days. */
  if (p->median_ttv == floor (p->median_ttv))
    number = g_strdup_printf ("%'.0f", p->median_ttv);
  else
    number = g_strdup_printf ("%'.1f", p->median_ttv);
  value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s day", "%s days", (gulong) ceil (p->median_ttv)),
                           number);
  /* Translators: %s is a number of days, such as "54 days". */
  accessible = g_strdup_printf (_("Median time to value: %s"), value);
  gtk_label_set_text (self->ttv_value, value);
  set_accessible_label (GTK_WIDGET (self->ttv_value), accessible);
  detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Over the %'u account that reached value in the last 365 days",
                                         "Over the %'u accounts that reached value in the last 365 days",
                                         p->ttv_reached_365d),
                            p->ttv_reached_365d);
  gtk_label_set_text (self->ttv_detail, detail);
}

static void
show_arr (PomarPortfolioView   *self,
          const PomarPortfolio *p)
{
  remove_children (GTK_WIDGET (self->arr_box));

  if (p == NULL || p->arr->len == 0)
    {
      append_figure (self->arr_box, figure_label (p == NULL ? _("Computing…") : _("No ARR on record"),
                                                   "dim-label"));
      return;
    }

  for (guint i = 0; i < p->arr->len; i++)
    {
      const PomarMoneyTotal *arr = g_ptr_array_index (p->arr, i);
      const PomarMoneyTotal *risk = find_total (p->arr_at_risk, arr->currency);
      const char *code = arr->currency != NULL ? arr->currency : _("no currency");
      g_autofree char *money = pomar_format_money (arr->amount, arr->currency);
      g_autofree char *accessible = NULL;
      g_autofree char *risk_text = NULL;
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *label;

      label = figure_label (money, "title-2");
      gtk_widget_add_css_class (label, "numeric");
      /* Translators: a currency code (or "no currency"), then an amount. */
      accessible = g_strdup_printf (_("ARR in %s: %s"), code, money);
      set_accessible_label (label, accessible);
      gtk_box_append (GTK_BOX (row), label);

      if (risk != NULL && risk->amount > 0)
        {
          g_autofree char *risk_money = pomar_format_money (risk->amount, risk->currency);
          /* Translators: a share of the ARR, in percent. */
          g_autofree char *share = g_strdup_printf (_("%.0f%%"), arr->amount > 0 ? 100.0 * risk->amount / arr->amount : 0.0);

          /* Translators: an amount of ARR at risk, its share of the ARR,
           * then how many customers it is. */
          risk_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "%s at risk (%s), %'u customer",
                                                    "%s at risk (%s), %'u customers",
                                                    risk->accounts),
                                       risk_money, share, risk->accounts);
          label = figure_label (risk_text, "warning");
        }
      else
        {
          risk_text = g_strdup (_("Nothing at risk"));
          label = figure_label (risk_text, "dim-label");
        }
      gtk_widget_add_css_class (label, "numeric");
      g_clear_pointer (&accessible, g_free);
      /* Translators: a currency code, then "R$ 1,000 at risk (12%), 3 customers". */
      accessible = g_strdup_printf (_("ARR at risk in %s: %s"), code, risk_text);
      set_accessible_label (label, accessible);
      gtk_box_append (GTK_BOX (row), label);

      append_figure (self->arr_box, row);
    }
}

static void
show_ltv (PomarPortfolioView   *self,
          const PomarPortfolio *p)
{
  const PomarLifetime *lifetime;
  g_autofree char *detail = NULL;
  g_autofree char *years = NULL;

  remove_children (GTK_WIDGET (self->ltv_box));

  if (p == NULL)
    {
      append_figure (self->ltv_box, figure_label (_("Computing…"), "dim-label"));
      gtk_label_set_text (self->ltv_detail, "");
      return;
    }

  if (p->ltv->len == 0)
    append_figure (self->ltv_box, figure_label (_("No ARR on record"), "dim-label"));
  for (guint i = 0; i < p->ltv->len; i++)
    {
      const PomarMoneyTotal *ltv = g_ptr_array_index (p->ltv, i);
      const char *code = ltv->currency != NULL ? ltv->currency : _("no currency");
      g_autofree char *money = pomar_format_money (ltv->amount, ltv->currency);
      g_autofree char *accessible = NULL;
      GtkWidget *label = figure_label (money, "title-2");

      gtk_widget_add_css_class (label, "numeric");
      /* Translators: a currency code (or "no currency"), then an amount. */
      accessible = g_strdup_printf (_("LTV estimate in %s: %s"), code, money);
      set_accessible_label (label, accessible);
      append_figure (self->ltv_box, label);
    }

  /* Say where the lifetime comes from: a measure, the cap, or the
   * setting, since the estimate is only as good as it. */
  lifetime = &p->lifetime;
  years = format_years (lifetime->years);
  if (!lifetime->from_history)
    /* Translators: %s is a number of years, such as "5 years". */
    detail = g_strdup_printf (_("ARR × %s of expected lifetime: the default in Preferences, "
                                "as there is no churn history yet"),
                              years);
  else if (lifetime->years >= POMAR_LTV_MAX_YEARS)
    /* Translators: a number of years, then churned customers of all the
     * customers of a year ago, then the yearly churn in percent. */
    detail = g_strdup_printf (_("ARR × %s of expected lifetime, the most Pomar assumes: "
                                "%'u of %'u customers of a year ago have left (%.1f%% a year)"),
                              years, lifetime->churned_last_365d, lifetime->customers_365d_ago,
                              100.0 * lifetime->churn);
  else
    /* Translators: a number of years, then churned customers of all the
     * customers of a year ago, then the yearly churn in percent. */
    detail = g_strdup_printf (_("ARR × %s of expected lifetime, measured: "
                                "%'u of %'u customers of a year ago have left (%.1f%% a year)"),
                              years, lifetime->churned_last_365d, lifetime->customers_365d_ago,
                              100.0 * lifetime->churn);
  gtk_label_set_text (self->ltv_detail, detail);
}

static void
show_bands (PomarPortfolioView   *self,
            const PomarPortfolio *p)
{
  const char *labels[G_N_ELEMENTS (band_order) + 1] = { NULL, };
  double counts[G_N_ELEMENTS (band_order)];
  PomarChartRole roles[G_N_ELEMENTS (band_order)];
  guint n_bars = 0;
  guint total = 0;

  remove_children (GTK_WIDGET (self->bands_box));
  pomar_chart_clear (self->bands_chart);
  if (p == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (band_order); i++)
    total += p->bands[band_order[i]];

  for (guint i = 0; i < G_N_ELEMENTS (band_order); i++)
    {
      PomarHealthBand band = band_order[i];
      guint count = p->bands[band];
      g_autofree char *count_text = NULL;
      g_autofree char *share = NULL;
      g_autofree char *accessible = NULL;
      GtkWidget *item;
      GtkWidget *label;

      /* Unknown only when some customer's health is. */
      if (band == POMAR_HEALTH_BAND_NONE && count == 0)
        continue;

      labels[n_bars] = pomar_health_band_name (band);
      counts[n_bars] = count;
      roles[n_bars] = band_role (band);
      n_bars++;

      count_text = g_strdup_printf ("%'u", count);
      share = share_text (count, total);
      /* Translators: a health band, a number of customers, a percentage. */
      accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%s: %'u customer, %s",
                                                 "%s: %'u customers, %s", count),
                                    pomar_health_band_name (band), count, share);

      item = g_object_new (GTK_TYPE_BOX,
                           "orientation", GTK_ORIENTATION_HORIZONTAL,
                           "spacing", 6,
                           "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                           NULL);
      set_accessible_label (item, accessible);
      gtk_widget_add_css_class (item, "band-item");

      label = gtk_label_new (count_text);
      gtk_widget_add_css_class (label, "health-badge");
      gtk_widget_add_css_class (label, "numeric");
      pomar_set_health_band_class (label, band);
      gtk_box_append (GTK_BOX (item), label);

      label = gtk_label_new (pomar_health_band_name (band));
      gtk_box_append (GTK_BOX (item), label);

      label = gtk_label_new (share);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      gtk_box_append (GTK_BOX (item), label);

      gtk_flow_box_append (self->bands_box, item);
      gtk_widget_set_focusable (gtk_widget_get_parent (item), FALSE);
    }

  if (total == 0)
    return;
  pomar_chart_set_categories (self->bands_chart, labels);
  pomar_chart_set_series_roles (self->bands_chart,
                                pomar_chart_add_series (self->bands_chart, _("Customers"), POMAR_CHART_BAR,
                                                        POMAR_CHART_ROLE_NEUTRAL, counts, n_bars),
                                roles, n_bars);
}

/* Whether two sets of figures draw the same charts: a recount after a
 * stage move rarely changes them, and setting a chart again would lose
 * the point a keyboard user highlighted. */
static gboolean
same_nps_months (const PomarPortfolio *a,
                 const PomarPortfolio *b)
{
  if (a == NULL || b == NULL)
    return FALSE;
  for (guint i = 0; i < POMAR_NPS_N_MONTHS; i++)
    if (a->nps_months[i].first_day != b->nps_months[i].first_day
        || memcmp (&a->nps_months[i].counts, &b->nps_months[i].counts, sizeof (PomarNpsCounts)) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
same_bands (const PomarPortfolio *a,
            const PomarPortfolio *b)
{
  return a != NULL && b != NULL && memcmp (a->bands, b->bands, sizeof a->bands) == 0;
}

static void
show_figures (PomarPortfolioView   *self,
              const PomarPortfolio *previous)
{
  const PomarPortfolio *p = self->figures;

  gtk_widget_set_visible (GTK_WIDGET (self->figures_error), self->figures_error_text != NULL);
  if (self->figures_error_text != NULL)
    gtk_label_set_text (self->figures_error, self->figures_error_text);

  show_nps (self, p);
  if (!same_nps_months (previous, p))
    show_nps_chart (self, p);
  show_csat (self, p);
  show_ttv (self, p);
  show_arr (self, p);
  show_ltv (self, p);
  if (!same_bands (previous, p))
    show_bands (self, p);
}

/* Computing the store's figures, on a worker thread ------------------------- */

typedef struct
{
  PomarStore        *store;
  PomarDay           as_of;
  PomarHealthWeights weights;
  double             default_lifetime;
  gint64             started;
} FiguresRequest;

static void
figures_request_free (FiguresRequest *request)
{
  g_clear_object (&request->store);
  g_free (request);
}

static void
portfolio_free (PomarPortfolio *portfolio)
{
  pomar_portfolio_clear (portfolio);
  g_free (portfolio);
}

static void
figures_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  FiguresRequest *request = task_data;
  g_autoptr (PomarStoreReader) reader = NULL;
  PomarPortfolio *portfolio;
  GError *error = NULL;

  /* A newer count may have replaced this one while it waited for a thread. */
  if (g_task_return_error_if_cancelled (task))
    return;

  reader = pomar_store_reader_new (request->store, &error);
  if (reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  portfolio = g_new0 (PomarPortfolio, 1);
  if (!pomar_store_reader_get_portfolio (reader, request->as_of, &request->weights,
                                         request->default_lifetime, portfolio, &error))
    {
      portfolio_free (portfolio);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, portfolio, (GDestroyNotify) portfolio_free);
}

static void
set_computing (PomarPortfolioView *self,
               gboolean            computing)
{
  if (self->computing == computing)
    return;
  self->computing = computing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPUTING]);
}

static void
figures_done (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PomarPortfolioView *self = POMAR_PORTFOLIO_VIEW (source_object);
  const FiguresRequest *request = g_task_get_task_data (G_TASK (result));
  PomarPortfolio *portfolio;
  PomarPortfolio *previous;
  g_autoptr (GError) error = NULL;

  portfolio = g_task_propagate_pointer (G_TASK (result), &error);

  /* Replaced by a newer computation (or the view is going): that one
   * alone decides what shows. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->figures_error_text, g_free);

  if (portfolio == NULL)
    {
      /* The figures last computed stay; the error says they may be old. */
      self->figures_error_text = g_strdup_printf (_("Pomar could not compute the portfolio’s figures: %s"),
                                                  error->message);
      show_figures (self, self->figures);
      set_computing (self, FALSE);
      return;
    }

  g_debug ("Portfolio figures: %.1f ms on the worker",
           (g_get_monotonic_time () - request->started) / 1000.0);

  previous = g_steal_pointer (&self->figures);
  self->figures = portfolio;
  show_figures (self, previous);
  g_clear_pointer (&previous, portfolio_free);
  set_computing (self, FALSE);
}

static void
start_figures (PomarPortfolioView *self)
{
  g_autoptr (GTask) task = NULL;
  FiguresRequest *request;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_set_visible (self->figures_box, self->context != NULL);
  if (self->context == NULL)
    {
      set_computing (self, FALSE);
      return;
    }

  self->cancellable = g_cancellable_new ();

  request = g_new0 (FiguresRequest, 1);
  request->store = g_object_ref (pomar_context_get_store (self->context));
  request->as_of = pomar_day_today ();
  pomar_context_get_health_weights (self->context, &request->weights);
  request->default_lifetime = pomar_context_get_default_lifetime (self->context);
  request->started = g_get_monotonic_time ();

  task = g_task_new (self, self->cancellable, figures_done, NULL);
  g_task_set_source_tag (task, start_figures);
  g_task_set_task_data (task, request, (GDestroyNotify) figures_request_free);
  g_task_run_in_thread (task, figures_thread);

  set_computing (self, TRUE);
}

/* Updating ----------------------------------------------------------------- */

static void
update (PomarPortfolioView *self)
{
  g_auto (Portfolio) portfolio = { 0, };
  g_autoptr (GPtrArray) currencies = NULL;
  gint64 started = g_get_monotonic_time ();

  portfolio_compute (&portfolio, self->accounts);

  if (portfolio.total == 0)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      set_computing (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  currencies = portfolio_get_currencies (&portfolio);
  show_tiles (self, &portfolio);
  show_table (self, &portfolio, currencies);
  gtk_stack_set_visible_child_name (self->stack, "portfolio");
  g_debug ("Portfolio: %u accounts counted and shown in %.1f ms", portfolio.total,
           (g_get_monotonic_time () - started) / 1000.0);

  start_figures (self);
}

static gboolean
update_idle (gpointer user_data)
{
  PomarPortfolioView *self = user_data;

  self->update_id = 0;
  update (self);

  return G_SOURCE_REMOVE;
}

static void
queue_update (PomarPortfolioView *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add (update_idle, self);
}

static void
on_items_changed (PomarPortfolioView *self,
                  guint               position,
                  guint               removed,
                  guint               added,
                  GListModel         *model)
{
  queue_update (self);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
pomar_portfolio_view_new (void)
{
  return g_object_new (POMAR_TYPE_PORTFOLIO_VIEW, NULL);
}

void
pomar_portfolio_view_set_model (PomarPortfolioView *self,
                                GListModel         *accounts)
{
  g_return_if_fail (POMAR_IS_PORTFOLIO_VIEW (self));
  g_return_if_fail (accounts == NULL || G_IS_LIST_MODEL (accounts));

  if (self->accounts == accounts)
    return;

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_func (self->accounts, on_items_changed, self);
  g_set_object (&self->accounts, accounts);
  if (self->accounts != NULL)
    g_signal_connect_swapped (self->accounts, "items-changed", G_CALLBACK (on_items_changed), self);
  gtk_filter_list_model_set_model (self->renewals_filtered, accounts);

  g_clear_handle_id (&self->update_id, g_source_remove);
  update (self);
}

void
pomar_portfolio_view_set_context (PomarPortfolioView *self,
                                  PomarContext       *context)
{
  g_return_if_fail (POMAR_IS_PORTFOLIO_VIEW (self));
  g_return_if_fail (context == NULL || POMAR_IS_CONTEXT (context));

  if (!g_set_object (&self->context, context))
    return;

  /* Figures of another cache are no figures of this one. */
  g_clear_pointer (&self->figures, portfolio_free);
  g_clear_pointer (&self->figures_error_text, g_free);
  show_figures (self, NULL);
  queue_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

gboolean
pomar_portfolio_view_get_computing (PomarPortfolioView *self)
{
  g_return_val_if_fail (POMAR_IS_PORTFOLIO_VIEW (self), FALSE);

  return self->computing;
}

/* GObject ------------------------------------------------------------------ */

static void
pomar_portfolio_view_dispose (GObject *object)
{
  PomarPortfolioView *self = POMAR_PORTFOLIO_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->update_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_func (self->accounts, on_items_changed, self);
  g_clear_object (&self->accounts);
  g_clear_object (&self->context);
  if (self->renewals != NULL)
    g_signal_handlers_disconnect_by_func (self->renewals, on_renewals_changed, self);
  g_clear_object (&self->renewals);
  g_clear_object (&self->renewals_filtered);

  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_PORTFOLIO_VIEW);
  /* dispose_template () only unparents the children it has a name for. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pomar_portfolio_view_parent_class)->dispose (object);
}

static void
pomar_portfolio_view_finalize (GObject *object)
{
  PomarPortfolioView *self = POMAR_PORTFOLIO_VIEW (object);

  g_clear_pointer (&self->figures, portfolio_free);
  g_clear_pointer (&self->figures_error_text, g_free);

  G_OBJECT_CLASS (pomar_portfolio_view_parent_class)->finalize (object);
}

static void
pomar_portfolio_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PomarPortfolioView *self = POMAR_PORTFOLIO_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_COMPUTING:
      g_value_set_boolean (value, self->computing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_portfolio_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PomarPortfolioView *self = POMAR_PORTFOLIO_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      pomar_portfolio_view_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_portfolio_view_class_init (PomarPortfolioViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pomar_portfolio_view_dispose;
  object_class->finalize = pomar_portfolio_view_finalize;
  object_class->get_property = pomar_portfolio_view_get_property;
  object_class->set_property = pomar_portfolio_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         POMAR_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_COMPUTING] =
    g_param_spec_boolean ("computing", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (POMAR_TYPE_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pomar/Pomar/ui/pomar-portfolio-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, stack);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, tiles_box);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, figures_box);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, figures_error);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, nps_value);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, nps_counts);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, nps_answers);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, nps_chart);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, csat_value);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, csat_answers);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, ttv_value);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, ttv_detail);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, arr_box);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, ltv_box);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, ltv_detail);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, bands_chart);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, bands_box);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, renewals_count);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, renewals_stack);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, renewals_scroller);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, renewals_list);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, stages_grid);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pomarportfolioview");
}

static void
pomar_portfolio_view_init (PomarPortfolioView *self)
{
  g_autoptr (GtkListItemFactory) factory = NULL;
  g_autoptr (GtkSelectionModel) selection = NULL;
  GtkCustomFilter *filter;
  GtkCustomSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  pomar_chart_set_title (self->nps_chart, _("NPS by month"));
  pomar_chart_set_empty_text (self->nps_chart, _("No answers in the last 12 months"));
  pomar_chart_set_title (self->bands_chart, _("Customers per health band"));
  pomar_chart_set_empty_text (self->bands_chart, _("No customers"));

  /* Renewals: the window's accounts, those due in the next 90 days, the
   * soonest first. The models follow the accounts' items-changed. */
  filter = gtk_custom_filter_new (renewal_filter, NULL, NULL);
  self->renewals_filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (filter));
  sorter = gtk_custom_sorter_new (renewal_compare, NULL, NULL);
  self->renewals = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->renewals_filtered)),
                                            GTK_SORTER (sorter));
  g_signal_connect_swapped (self->renewals, "items-changed", G_CALLBACK (on_renewals_changed), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (renewal_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (renewal_bind), NULL);
  gtk_list_view_set_factory (self->renewals_list, factory);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->renewals))));
  gtk_list_view_set_model (self->renewals_list, selection);
  g_signal_connect_swapped (self->renewals_list, "activate", G_CALLBACK (on_renewal_activate), self);

  on_renewals_changed (self, 0, 0, 0, G_LIST_MODEL (self->renewals));
  show_figures (self, NULL);
  update (self);
}
