/* pomar-board-column.c: one stage of the board: its accounts as cards.
 *
 * The column shows the board's list of its stage (already in order: the
 * board keeps it sorted) through the filter bar's filter, and makes cards
 * only for what is near the screen. A one-column GtkGridView rather than a
 * GtkListView: GTK 4.8's list view keeps 200 rows alive whatever its
 * height, so four columns of a big book made and measured some 800 cards
 * at once; the grid view keeps about 30. The header counts the accounts
 * shown and sums their ARR per currency, never across currencies
 * (domain.md, Money).
 *
 * What a keystroke in the search costs is what is on screen. The view's
 * items are rows that keep their place while the filter changes what
 * they show (pomar-table-rows.h): GTK 4.8's grid view destroyed the cards
 * of the accounts a key filtered out and built new ones for those it let
 * in. The rows are told which of them are on screen; the others (most of
 * the 30) show the change once the typing rests. Cards whose cells GTK
 * lets go are kept for the next cells.
 *
 * A card dropped on the column moves its account here: the column asks the
 * board (the "board.move-to" action) with the account's id.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "core/pomar-stage.h"
#include "pomar-account-card.h"
#include "pomar-account-object.h"
#include "pomar-board-column.h"
#include "pomar-table-rows.h"

struct _PomarBoardColumn
{
  GtkWidget           parent_instance;

  char               *stage_id;
  GtkFilterListModel *filter_model;
  GtkSelectionModel  *selection;
  PomarTableRows     *rows;
  GPtrArray          *spare_cards;
  guint               scrolled_id;
  guint               n_accounts;

  /* What the filter model shows, item for item, and its ARR per currency,
   * kept up to date change by change: a card moved in or out costs the
   * header no walk over the whole column. */
  GPtrArray          *shown;
  GArray             *totals;

  /* Template widgets */
  GtkLabel           *title_label;
  GtkLabel           *count_label;
  GtkLabel           *summary_label;
  GtkGridView        *grid_view;
};

G_DEFINE_FINAL_TYPE (PomarBoardColumn, pomar_board_column, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STAGE_ID,
  PROP_N_ACCOUNTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The row a card shows, while bound (not a reference). */
static GQuark row_quark;

/* Currencies are interned strings: compared by address. */
typedef struct
{
  const char *currency;
  double      total;
  guint       accounts;
} CurrencyTotal;

/* Beyond this many items changed at once, counting again is cheaper. */
#define INCREMENTAL_LIMIT 512

static int
compare_currency_totals (gconstpointer a,
                         gconstpointer b)
{
  const CurrencyTotal *ta = a;
  const CurrencyTotal *tb = b;

  return g_strcmp0 (ta->currency, tb->currency);
}

/* Adds (@sign 1) or takes away (-1) @account's ARR. */
static void
count_account (PomarBoardColumn   *self,
               PomarAccountObject *account,
               int                 sign)
{
  const char *currency = pomar_account_object_get_currency (account);
  double arr = pomar_account_object_get_arr (account);
  guint j;

  if (isnan (arr))
    return;

  for (j = 0; j < self->totals->len; j++)
    if (g_array_index (self->totals, CurrencyTotal, j).currency == currency)
      break;
  if (j == self->totals->len)
    {
      CurrencyTotal total = { currency, 0.0, 0 };

      if (sign < 0)
        return;
      g_array_append_val (self->totals, total);
    }

  g_array_index (self->totals, CurrencyTotal, j).total += sign * arr;
  g_array_index (self->totals, CurrencyTotal, j).accounts += sign;
  if (g_array_index (self->totals, CurrencyTotal, j).accounts == 0)
    g_array_remove_index (self->totals, j);
}

static void
count_all (PomarBoardColumn *self)
{
  GListModel *model = G_LIST_MODEL (self->filter_model);
  guint n_items = g_list_model_get_n_items (model);

  g_ptr_array_set_size (self->shown, 0);
  g_array_set_size (self->totals, 0);
  for (guint i = 0; i < n_items; i++)
    {
      PomarAccountObject *account = g_list_model_get_item (model, i);

      g_ptr_array_add (self->shown, account);
      count_account (self, account, 1);
    }
}

static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

/* The count as a badge beside the title, and "R$ 540.000 · US$ 80.000"
 * under it; the group's accessible description says both in words. */
static void
update_summary (PomarBoardColumn *self)
{
  g_autoptr (GArray) totals = g_array_copy (self->totals);
  g_autoptr (GString) money = g_string_new (NULL);
  g_autofree char *count = NULL;
  g_autofree char *description = NULL;
  guint n_items = self->shown->len;

  g_array_sort (totals, compare_currency_totals);
  for (guint j = 0; j < totals->len; j++)
    {
      const CurrencyTotal *total = &g_array_index (totals, CurrencyTotal, j);
      g_autofree char *amount = pomar_format_money (total->total, total->currency);

      if (j > 0)
        g_string_append (money, " · ");
      g_string_append (money, amount);
    }

  /* A label given its own text again would still be measured again. */
  count = g_strdup_printf ("%'u", n_items);
  set_label_text (self->count_label, count);
  set_label_text (self->summary_label, n_items == 0 ? _("No accounts") : money->str);

  if (n_items == 0)
    description = g_strdup (_("No accounts"));
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u account, %s", "%'u accounts, %s", n_items),
                                   n_items, money->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);

  if (self->n_accounts != n_items)
    {
      self->n_accounts = n_items;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACCOUNTS]);
    }
}

static void
on_filter_items_changed (PomarBoardColumn *self,
                         guint             position,
                         guint             removed,
                         guint             added,
                         GListModel       *model)
{
  if (removed + added > INCREMENTAL_LIMIT || position + removed > self->shown->len)
    count_all (self);
  else
    {
      for (guint i = 0; i < removed; i++)
        count_account (self, g_ptr_array_index (self->shown, position + i), -1);
      g_ptr_array_remove_range (self->shown, position, removed);
      for (guint i = 0; i < added; i++)
        {
          PomarAccountObject *account = g_list_model_get_item (model, position + i);

          g_ptr_array_insert (self->shown, position + i, account);
          count_account (self, account, 1);
        }
    }
  update_summary (self);
}

static void
on_grid_view_activate (PomarBoardColumn *self,
                       guint             position,
                       GtkGridView      *grid_view)
{
  g_autoptr (PomarAccountObject) account = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);

  if (account == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-account", "s",
                              pomar_account_object_get_id (account));
}

/* A view keeps cards alive whatever its size; a hidden column (Churned,
 * by default) needs none, only its count. */
static void
update_view_model (PomarBoardColumn *self)
{
  GtkSelectionModel *model = gtk_widget_get_visible (GTK_WIDGET (self)) ? GTK_SELECTION_MODEL (self->rows) : NULL;

  if (gtk_grid_view_get_model (self->grid_view) != model)
    gtk_grid_view_set_model (self->grid_view, model);
}

/* A search that empties a column and fills it again would otherwise build
 * some 30 cards from their template in a keystroke: a card whose cell
 * goes away (it loses its parent) is kept, empty, for the next cell. */
#define SPARE_CARDS 16

static void
on_card_parent (PomarBoardColumn *self,
                GParamSpec       *pspec,
                GtkWidget        *card)
{
  if (gtk_widget_get_parent (card) != NULL || self->spare_cards == NULL
      || self->spare_cards->len >= SPARE_CARDS)
    return;
  g_ptr_array_add (self->spare_cards, g_object_ref (card));
  pomar_account_card_set_account (POMAR_ACCOUNT_CARD (card), NULL);
}

static void
setup_card (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            PomarBoardColumn         *self)
{
  GtkWidget *card;

  if (self->spare_cards->len > 0)
    card = g_ptr_array_steal_index_fast (self->spare_cards, self->spare_cards->len - 1);
  else
    {
      card = g_object_ref_sink (pomar_account_card_new ());
      g_signal_connect_object (card, "notify::parent", G_CALLBACK (on_card_parent), self, G_CONNECT_SWAPPED);
    }
  gtk_list_item_set_child (list_item, card);
  g_object_unref (card);
}

/* The card shows its row's account, whatever it is now. */
static void
card_refresh (GtkListItem *list_item)
{
  pomar_account_card_set_account (POMAR_ACCOUNT_CARD (gtk_list_item_get_child (list_item)),
                                  pomar_table_row_get_item (gtk_list_item_get_item (list_item)));
}

static void
bind_card (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  g_object_set_qdata (G_OBJECT (gtk_list_item_get_child (list_item)), row_quark,
                      gtk_list_item_get_item (list_item));
  pomar_table_row_bind (list_item, card_refresh);
}

/* The card keeps what it shows: emptying it only for the next bind to
 * fill it again would lay it out twice. A card that is not bound again is
 * not shown. */
static void
unbind_card (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  pomar_table_row_unbind (list_item, card_refresh);
  g_object_set_qdata (G_OBJECT (gtk_list_item_get_child (list_item)), row_quark, NULL);
}

/* Which rows are on screen, for pomar_table_rows_set_visible (), told
 * before each change: those whose cells are laid out on screen (GTK 4.8's
 * grid view gives the cells it keeps off screen no size), and the rows
 * that fit in the room left below the last (a column that grows). A
 * scroll shows every row what it is to show. */
#define SHORTEST_CARD 80

static void
update_visible_rows (PomarBoardColumn *self)
{
  GtkWidget *view = GTK_WIDGET (self->grid_view);
  int height = gtk_widget_get_height (view);
  guint first = G_MAXUINT;
  guint last = 0;
  float bottom = 0;

  for (GtkWidget *cell = gtk_widget_get_first_child (view); cell != NULL; cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *card = gtk_widget_get_first_child (cell);
      PomarTableRow *row;
      graphene_rect_t bounds;
      guint at;

      if (!POMAR_IS_ACCOUNT_CARD (card) || gtk_widget_get_width (cell) == 0
          || (row = g_object_get_qdata (G_OBJECT (card), row_quark)) == NULL
          || !gtk_widget_compute_bounds (cell, view, &bounds)
          || bounds.origin.y >= height || bounds.origin.y + bounds.size.height <= 0)
        continue;
      at = pomar_table_row_get_position (row);
      first = MIN (first, at);
      if (at >= last)
        {
          last = at;
          bottom = bounds.origin.y + bounds.size.height;
        }
    }
  if (first == G_MAXUINT)
    {
      first = 0;
      last = 0;
      bottom = 0;
    }
  pomar_table_rows_set_visible (self->rows, first,
                                last - first + 1 + (guint) ceil (MAX (height - bottom, 0) / SHORTEST_CARD));
}

static void
show_all_rows (PomarBoardColumn *self)
{
  pomar_table_rows_set_visible (self->rows, 0, G_MAXUINT);
}

static gboolean
scrolled_tick (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  PomarBoardColumn *self = POMAR_BOARD_COLUMN (widget);

  self->scrolled_id = 0;
  show_all_rows (self);
  return G_SOURCE_REMOVE;
}

/* The view may say so while it lays its cells out, too late for a card
 * to change in that frame: the rows catch up before the next one lays
 * out. */
static void
on_scrolled (PomarBoardColumn *self)
{
  if (self->scrolled_id == 0)
    self->scrolled_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scrolled_tick, NULL, NULL);
}

/* Dropping ------------------------------------------------------------------ */

static gboolean
on_drop (GtkDropTarget    *target,
         const GValue     *value,
         double            x,
         double            y,
         PomarBoardColumn *self)
{
  const char *account_id;

  if (!G_VALUE_HOLDS_STRING (value) || self->stage_id == NULL)
    return FALSE;
  account_id = g_value_get_string (value);
  if (account_id == NULL)
    return FALSE;

  gtk_widget_activate_action (GTK_WIDGET (self), "board.move-to", "(ss)", account_id, self->stage_id);
  return TRUE;
}

/* GObject ------------------------------------------------------------------- */

static void
update_title (PomarBoardColumn *self)
{
  const char *title;
  g_autofree char *list_label = NULL;

  if (self->stage_id != NULL)
    title = pomar_stage_id_to_name (self->stage_id);
  else
    title = _("Other Stages");

  gtk_label_set_text (self->title_label, title);
  list_label = g_strdup_printf (_("Accounts in %s"), title);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, list_label,
                                  -1);
  if (self->stage_id == NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label),
                                 _("Accounts whose stage Pomar does not know, or that have none"));
}

static void
pomar_board_column_constructed (GObject *object)
{
  PomarBoardColumn *self = POMAR_BOARD_COLUMN (object);

  G_OBJECT_CLASS (pomar_board_column_parent_class)->constructed (object);

  update_title (self);
  count_all (self);
  update_summary (self);

  /* The column of stages Pomar does not know takes no drops: it is no
   * stage to move to. */
  if (self->stage_id != NULL)
    {
      GtkDropTarget *target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE);

      g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
      gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
    }
}

static void
pomar_board_column_dispose (GObject *object)
{
  PomarBoardColumn *self = POMAR_BOARD_COLUMN (object);

  GtkWidget *child;

  if (self->scrolled_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scrolled_id);
      self->scrolled_id = 0;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_BOARD_COLUMN);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->spare_cards, g_ptr_array_unref);
  g_clear_object (&self->rows);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->totals, g_array_unref);

  G_OBJECT_CLASS (pomar_board_column_parent_class)->dispose (object);
}

static void
pomar_board_column_finalize (GObject *object)
{
  PomarBoardColumn *self = POMAR_BOARD_COLUMN (object);

  g_clear_pointer (&self->stage_id, g_free);

  G_OBJECT_CLASS (pomar_board_column_parent_class)->finalize (object);
}

static void
pomar_board_column_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PomarBoardColumn *self = POMAR_BOARD_COLUMN (object);

  switch (prop_id)
    {
    case PROP_STAGE_ID:
      g_value_set_string (value, self->stage_id);
      break;

    case PROP_N_ACCOUNTS:
      g_value_set_uint (value, self->n_accounts);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_board_column_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PomarBoardColumn *self = POMAR_BOARD_COLUMN (object);

  switch (prop_id)
    {
    case PROP_STAGE_ID:
      self->stage_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_board_column_class_init (PomarBoardColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pomar_board_column_constructed;
  object_class->dispose = pomar_board_column_dispose;
  object_class->finalize = pomar_board_column_finalize;
  object_class->get_property = pomar_board_column_get_property;
  object_class->set_property = pomar_board_column_set_property;

  /* NULL: the column of stages Pomar does not know. */
  properties[PROP_STAGE_ID] =
    g_param_spec_string ("stage-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ACCOUNTS] =
    g_param_spec_uint ("n-accounts", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pomar/Pomar/ui/pomar-board-column.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarBoardColumn, title_label);
  gtk_widget_class_bind_template_child (widget_class, PomarBoardColumn, count_label);
  gtk_widget_class_bind_template_child (widget_class, PomarBoardColumn, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PomarBoardColumn, grid_view);
  gtk_widget_class_bind_template_callback (widget_class, on_grid_view_activate);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "boardcolumn");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  row_quark = g_quark_from_static_string ("pomar-board-column-row");
}

static void
pomar_board_column_init (PomarBoardColumn *self)
{
  g_autoptr (GtkListItemFactory) factory = NULL;
  GtkLayoutManager *layout;
  GtkAdjustment *vadjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  self->shown = g_ptr_array_new_with_free_func (g_object_unref);
  self->totals = g_array_new (FALSE, FALSE, sizeof (CurrencyTotal));
  self->filter_model = gtk_filter_list_model_new (NULL, NULL);
  /* After the view has seen the change: counting may show or hide the
   * column (the board decides), which gives the view its model or takes
   * it away, and a view must not get a model in the middle of that
   * model's own change. */
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_filter_items_changed), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  /* Before the rows hear of a change (they follow the selection model,
   * made below): which of them are on screen. */
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (update_visible_rows), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  self->spare_cards = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_card), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_card), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_card), NULL);

  gtk_grid_view_set_factory (self->grid_view, factory);
  self->selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model))));
  self->rows = pomar_table_rows_new (self->selection);
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->grid_view));
  g_signal_connect_object (vadjustment, "value-changed", G_CALLBACK (on_scrolled), self, G_CONNECT_SWAPPED);

  g_signal_connect (self, "notify::visible", G_CALLBACK (update_view_model), NULL);
  update_view_model (self);
}

GtkWidget *
pomar_board_column_new (const char *stage_id)
{
  return g_object_new (POMAR_TYPE_BOARD_COLUMN,
                       "stage-id", stage_id,
                       NULL);
}

const char *
pomar_board_column_get_stage_id (PomarBoardColumn *self)
{
  g_return_val_if_fail (POMAR_IS_BOARD_COLUMN (self), NULL);
  return self->stage_id;
}

void
pomar_board_column_set_model (PomarBoardColumn *self,
                              GListModel       *accounts,
                              GtkFilter        *filter)
{
  g_return_if_fail (POMAR_IS_BOARD_COLUMN (self));
  g_return_if_fail (accounts == NULL || G_IS_LIST_MODEL (accounts));
  g_return_if_fail (filter == NULL || GTK_IS_FILTER (filter));

  gtk_filter_list_model_set_filter (self->filter_model, filter);
  gtk_filter_list_model_set_model (self->filter_model, accounts);
}

guint
pomar_board_column_get_n_accounts (PomarBoardColumn *self)
{
  g_return_val_if_fail (POMAR_IS_BOARD_COLUMN (self), 0);
  return self->n_accounts;
}

/* The card of @account among the view's cells, if one is made. */
static GtkWidget *
find_cell (PomarBoardColumn   *self,
           PomarAccountObject *account)
{
  for (GtkWidget *cell = gtk_widget_get_first_child (GTK_WIDGET (self->grid_view));
       cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *card = gtk_widget_get_first_child (cell);

      if (POMAR_IS_ACCOUNT_CARD (card)
          && pomar_account_card_get_account (POMAR_ACCOUNT_CARD (card)) == account)
        return cell;
    }
  return NULL;
}

gboolean
pomar_board_column_focus_account (PomarBoardColumn   *self,
                                  PomarAccountObject *account)
{
  GtkWidget *cell;
  guint position;

  g_return_val_if_fail (POMAR_IS_BOARD_COLUMN (self), FALSE);
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (account), FALSE);

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return FALSE;

  if (!g_ptr_array_find (self->shown, account, &position))
    return FALSE;

  /* The view makes the cell when it scrolls to it; the rows off screen
   * show what they are to show first. */
  show_all_rows (self);
  gtk_widget_activate_action (GTK_WIDGET (self->grid_view), "list.scroll-to-item", "u", position);
  cell = find_cell (self, account);
  if (cell == NULL)
    return FALSE;
  return gtk_widget_grab_focus (cell);
}

PomarAccountObject *
pomar_board_column_get_focused_account (PomarBoardColumn *self)
{
  GtkWidget *focus;
  GtkRoot *root;

  g_return_val_if_fail (POMAR_IS_BOARD_COLUMN (self), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (root == NULL)
    return NULL;
  focus = gtk_root_get_focus (root);
  for (; focus != NULL && focus != GTK_WIDGET (self); focus = gtk_widget_get_parent (focus))
    {
      GtkWidget *child = gtk_widget_get_first_child (focus);

      if (POMAR_IS_ACCOUNT_CARD (focus))
        return pomar_account_card_get_account (POMAR_ACCOUNT_CARD (focus));
      if (POMAR_IS_ACCOUNT_CARD (child) && gtk_widget_get_parent (focus) == GTK_WIDGET (self->grid_view))
        return pomar_account_card_get_account (POMAR_ACCOUNT_CARD (child));
    }
  return NULL;
}
