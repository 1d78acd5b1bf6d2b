/* pomar-board-column.c: one stage of the board: its accounts as cards.
 *
 * The column does not copy accounts: it looks at the window's shared model
 * through a filter (this stage only) and a sorter (by name), and a list view
 * makes cards only for the rows on screen, so a stage of thousands of
 * accounts costs a screenful of widgets. The header sums ARR per currency,
 * never across currencies (domain.md, Money).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "core/pomar-stage.h"
#include "pomar-account-card.h"
#include "pomar-account-object.h"
#include "pomar-board-column.h"

struct _PomarBoardColumn
{
  GtkWidget           parent_instance;

  char               *stage_id;
  GtkFilterListModel *filter_model;
  GtkSelectionModel  *selection;
  guint               n_accounts;

  /* Template widgets */
  GtkLabel           *title_label;
  GtkLabel           *summary_label;
  GtkListView        *list_view;
};

G_DEFINE_FINAL_TYPE (PomarBoardColumn, pomar_board_column, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STAGE_ID,
  PROP_N_ACCOUNTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *currency;
  double      total;
} CurrencyTotal;

static int
compare_currency_totals (gconstpointer a,
                         gconstpointer b)
{
  const CurrencyTotal *ta = a;
  const CurrencyTotal *tb = b;

  return g_strcmp0 (ta->currency, tb->currency);
}

static gboolean
filter_account (gpointer item,
                gpointer user_data)
{
  PomarBoardColumn *self = user_data;
  const char *stage = pomar_account_object_get_stage (item);

  if (self->stage_id == NULL)
    return pomar_stage_from_id (stage) == POMAR_STAGE_UNKNOWN;
  return g_strcmp0 (stage, self->stage_id) == 0;
}

/* "12 accounts", then "R$ 540.000 · US$ 80.000" on a line of its own, so
 * that the columns' lists start level whatever their totals' widths. */
static void
update_summary (PomarBoardColumn *self)
{
  g_autoptr (GArray) totals = g_array_new (FALSE, FALSE, sizeof (CurrencyTotal));
  g_autoptr (GString) summary = g_string_new (NULL);
  GListModel *model = G_LIST_MODEL (self->filter_model);
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (PomarAccountObject) account = g_list_model_get_item (model, i);
      const char *currency = pomar_account_object_get_currency (account);
      double arr = pomar_account_object_get_arr (account);
      guint j;

      if (isnan (arr))
        continue;

      for (j = 0; j < totals->len; j++)
        if (g_strcmp0 (g_array_index (totals, CurrencyTotal, j).currency, currency) == 0)
          break;
      if (j == totals->len)
        {
          CurrencyTotal total = { currency, 0.0 };
          g_array_append_val (totals, total);
        }
      g_array_index (totals, CurrencyTotal, j).total += arr;
    }
  g_array_sort (totals, compare_currency_totals);

  if (n_items == 0)
    g_string_append (summary, _("No accounts"));
  else
    g_string_append_printf (summary,
                            g_dngettext (GETTEXT_PACKAGE, "%'u account", "%'u accounts", n_items),
                            n_items);

  for (guint j = 0; j < totals->len; j++)
    {
      const CurrencyTotal *total = &g_array_index (totals, CurrencyTotal, j);
      g_autofree char *money = pomar_format_money (total->total, total->currency);

      g_string_append (summary, j == 0 ? "\n" : " · ");
      g_string_append (summary, money);
    }

  gtk_label_set_text (self->summary_label, summary->str);

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
  update_summary (self);
}

static void
on_list_view_activate (PomarBoardColumn *self,
                       guint             position,
                       GtkListView      *list_view)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (list_view));
  g_autoptr (PomarAccountObject) account = g_list_model_get_item (model, position);

  if (account == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-account", "s",
                              pomar_account_object_get_id (account));
}

/* A list view keeps up to a couple of hundred cards alive whatever its
 * size; a hidden column (Churned, by default) needs none, only its count. */
static void
update_list_model (PomarBoardColumn *self)
{
  GtkSelectionModel *model = gtk_widget_get_visible (GTK_WIDGET (self)) ? self->selection : NULL;

  if (gtk_list_view_get_model (self->list_view) != model)
    gtk_list_view_set_model (self->list_view, model);
}

static void
setup_card (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, pomar_account_card_new ());
}

static void
bind_card (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  pomar_account_card_set_account (POMAR_ACCOUNT_CARD (gtk_list_item_get_child (list_item)),
                                  gtk_list_item_get_item (list_item));
}

static void
unbind_card (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  pomar_account_card_set_account (POMAR_ACCOUNT_CARD (gtk_list_item_get_child (list_item)), NULL);
}

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
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
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
  update_summary (self);
}

static void
pomar_board_column_dispose (GObject *object)
{
  PomarBoardColumn *self = POMAR_BOARD_COLUMN (object);

  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_BOARD_COLUMN);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);

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
  gtk_widget_class_bind_template_child (widget_class, PomarBoardColumn, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PomarBoardColumn, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "boardcolumn");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pomar_board_column_init (PomarBoardColumn *self)
{
  g_autoptr (GtkListItemFactory) factory = NULL;
  GtkCustomFilter *filter;
  GtkStringSorter *sorter;
  GtkSortListModel *sort_model;
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  filter = gtk_custom_filter_new (filter_account, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, GTK_FILTER (filter));
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_filter_items_changed), self,
                           G_CONNECT_SWAPPED);

  sorter = gtk_string_sorter_new (gtk_property_expression_new (POMAR_TYPE_ACCOUNT_OBJECT, NULL, "name"));
  sort_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filter_model)),
                                        GTK_SORTER (sorter));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_card), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_card), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_card), NULL);

  gtk_list_view_set_factory (self->list_view, factory);
  self->selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (sort_model)));

  g_signal_connect (self, "notify::visible", G_CALLBACK (update_list_model), NULL);
  update_list_model (self);
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
                              GListModel       *accounts)
{
  g_return_if_fail (POMAR_IS_BOARD_COLUMN (self));
  g_return_if_fail (accounts == NULL || G_IS_LIST_MODEL (accounts));

  gtk_filter_list_model_set_model (self->filter_model, accounts);
}

guint
pomar_board_column_get_n_accounts (PomarBoardColumn *self)
{
  g_return_val_if_fail (POMAR_IS_BOARD_COLUMN (self), 0);
  return self->n_accounts;
}
