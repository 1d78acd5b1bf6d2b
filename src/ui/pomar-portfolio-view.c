/* pomar-portfolio-view.c: the book of business at a glance.
 *
 * The figures (customers and ARR per stage and currency) are computed in C
 * from the same model of accounts the board and the table show, not read
 * with a query of their own (pomar_store_reader_list_stage_totals): every
 * account object already carries its stage, currency and ARR, one pass over
 * 10,000 of them takes about a millisecond, and the three views can never
 * disagree about a book that a refresh has just replaced. The context is
 * kept for the figures that need history from the store (churn, LTV, trends)
 * in later issues.
 *
 * Model changes are coalesced in an idle, so a model filled piecewise is
 * counted once.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <adwaita.h>

#include "core/pomar-stage.h"
#include "pomar-account-object.h"
#include "pomar-portfolio-view.h"

/* One row per stage, plus "Other" (an unknown or missing stage) at
 * POMAR_STAGE_UNKNOWN. */
#define N_ROWS (POMAR_N_STAGES + 1)

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
} Portfolio;

static void
portfolio_clear (Portfolio *portfolio)
{
  g_clear_pointer (&portfolio->currencies, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Portfolio, portfolio_clear)

struct _PomarPortfolioView
{
  GtkWidget     parent_instance;

  GListModel   *accounts;
  PomarContext *context;
  guint         update_id;

  /* Template widgets */
  GtkStack     *stack;
  GtkFlowBox   *tiles_box;
  GtkGrid      *stages_grid;
};

G_DEFINE_FINAL_TYPE (PomarPortfolioView, pomar_portfolio_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Counting ----------------------------------------------------------------- */

static void
portfolio_compute (Portfolio  *portfolio,
                   GListModel *accounts)
{
  guint n_items = accounts != NULL ? g_list_model_get_n_items (accounts) : 0;

  memset (portfolio, 0, sizeof *portfolio);
  portfolio->currencies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (PomarAccountObject) account = g_list_model_get_item (accounts, i);
      PomarStage row = pomar_stage_from_id (pomar_account_object_get_stage (account));
      const char *currency = pomar_account_object_get_currency (account);
      double arr = pomar_account_object_get_arr (account);
      CurrencyTotals *totals;

      portfolio->total++;
      portfolio->accounts[row]++;

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

/* Showing ------------------------------------------------------------------ */

static void
set_accessible_label (GtkWidget  *widget,
                      const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
add_tile (PomarPortfolioView *self,
          const char         *caption,
          const char         *value)
{
  g_autofree char *accessible = g_strdup_printf ("%s: %s", caption, value);
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *child;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (box, "card");

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
            Portfolio          *portfolio,
            GPtrArray          *currencies)
{
  g_autofree char *customers = NULL;
  g_autofree char *active = NULL;
  guint n_active = portfolio->total - portfolio->accounts[POMAR_STAGE_CHURNED];
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles_box))) != NULL)
    gtk_flow_box_remove (self->tiles_box, child);

  customers = g_strdup_printf ("%'u", portfolio->total);
  add_tile (self, _("Customers"), customers);

  active = g_strdup_printf ("%'u", n_active);
  add_tile (self, _("Active customers"), active);

  for (guint i = 0; i < currencies->len; i++)
    {
      const char *currency = g_ptr_array_index (currencies, i);
      const CurrencyTotals *totals = g_hash_table_lookup (portfolio->currencies, currency);
      g_autofree char *caption = NULL;
      g_autofree char *value = NULL;
      double sum = 0;

      for (guint row = 0; row < N_ROWS; row++)
        if (row != POMAR_STAGE_CHURNED)
          sum += totals->sum[row];

      /* Translators: %s is a currency code such as BRL or USD. */
      caption = g_strdup_printf (_("Active ARR in %s"), currency);
      value = pomar_format_money (sum, currency);
      add_tile (self, caption, value);
    }
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
  GtkWidget *child;
  int row = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);

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
      g_autofree char *share_text = NULL;
      g_autofree char *share_accessible = NULL;
      double share;

      /* "Other" only when some account has a stage Pomar does not know. */
      if (stage == POMAR_STAGE_UNKNOWN && count == 0)
        continue;

      share = portfolio->total > 0 ? 100.0 * count / portfolio->total : 0;
      count_text = g_strdup_printf ("%'u", count);
      count_accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %'u customer", "%s: %'u customers", count),
                                          name, count);
      /* Translators: a share of the customers, in percent. */
      share_text = g_strdup_printf (_("%.0f%%"), share);
      /* Translators: the first %s is a stage, the second a percentage. */
      share_accessible = g_strdup_printf (_("%s: %s of customers"), name, share_text);

      grid_cell (grid, 0, row, name, FALSE, NULL);
      grid_cell (grid, 1, row, count_text, TRUE, count_accessible);
      grid_cell (grid, 2, row, share_text, TRUE, share_accessible);

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

static void
update (PomarPortfolioView *self)
{
  g_auto (Portfolio) portfolio = { 0, };
  g_autoptr (GPtrArray) currencies = NULL;

  portfolio_compute (&portfolio, self->accounts);

  if (portfolio.total == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  currencies = portfolio_get_currencies (&portfolio);
  show_tiles (self, &portfolio, currencies);
  show_table (self, &portfolio, currencies);
  gtk_stack_set_visible_child_name (self->stack, "portfolio");
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
on_items_changed (PomarPortfolioView *self,
                  guint               position,
                  guint               removed,
                  guint               added,
                  GListModel         *model)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add (update_idle, self);
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

  g_clear_handle_id (&self->update_id, g_source_remove);
  update (self);
}

void
pomar_portfolio_view_set_context (PomarPortfolioView *self,
                                  PomarContext       *context)
{
  g_return_if_fail (POMAR_IS_PORTFOLIO_VIEW (self));
  g_return_if_fail (context == NULL || POMAR_IS_CONTEXT (context));

  if (g_set_object (&self->context, context))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

/* GObject ------------------------------------------------------------------ */

static void
pomar_portfolio_view_dispose (GObject *object)
{
  PomarPortfolioView *self = POMAR_PORTFOLIO_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_func (self->accounts, on_items_changed, self);
  g_clear_object (&self->accounts);
  g_clear_object (&self->context);

  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_PORTFOLIO_VIEW);
  /* dispose_template () only unparents the children it has a name for. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pomar_portfolio_view_parent_class)->dispose (object);
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
  object_class->get_property = pomar_portfolio_view_get_property;
  object_class->set_property = pomar_portfolio_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         POMAR_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pomar/Pomar/ui/pomar-portfolio-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, stack);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, tiles_box);
  gtk_widget_class_bind_template_child (widget_class, PomarPortfolioView, stages_grid);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pomarportfolioview");
}

static void
pomar_portfolio_view_init (PomarPortfolioView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  update (self);
}
