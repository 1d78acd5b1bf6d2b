/* pomar-board.c: the accounts as cards in one column per journey stage.
 *
 * One column per stage of domain.md, in the journey's order. Churned
 * accounts are history rather than work, so their column shows only when
 * asked for. Accounts whose stage Pomar does not know (a newer server, or no
 * stage at all) are not dropped: they get a column of their own, shown only
 * when it has any.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/pomar-stage.h"
#include "pomar-board-column.h"
#include "pomar-board.h"

struct _PomarBoard
{
  GtkWidget         parent_instance;

  GListModel       *accounts;
  gboolean          show_churned;

  GtkWidget        *churned_column;
  GtkWidget        *other_column;
  GPtrArray        *columns;

  /* Template widgets */
  GtkLabel         *total_label;
  GtkToggleButton  *churned_button;
  GtkBox           *columns_box;
};

G_DEFINE_FINAL_TYPE (PomarBoard, pomar_board, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW_CHURNED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_visibility (PomarBoard *self)
{
  g_autoptr (GString) total = g_string_new (NULL);
  guint n_accounts = self->accounts != NULL ? g_list_model_get_n_items (self->accounts) : 0;
  guint n_churned = pomar_board_column_get_n_accounts (POMAR_BOARD_COLUMN (self->churned_column));
  guint n_other = pomar_board_column_get_n_accounts (POMAR_BOARD_COLUMN (self->other_column));

  gtk_widget_set_visible (self->churned_column, self->show_churned);
  gtk_widget_set_visible (self->other_column, n_other > 0);

  g_string_append_printf (total,
                          g_dngettext (GETTEXT_PACKAGE, "%'u account", "%'u accounts", n_accounts),
                          n_accounts);
  if (!self->show_churned && n_churned > 0)
    {
      g_string_append (total, " · ");
      g_string_append_printf (total,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%'u churned account hidden",
                                           "%'u churned accounts hidden",
                                           n_churned),
                              n_churned);
    }
  gtk_label_set_text (self->total_label, total->str);
}

static void
pomar_board_dispose (GObject *object)
{
  PomarBoard *self = POMAR_BOARD (object);

  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_BOARD);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  self->churned_column = NULL;
  self->other_column = NULL;
  g_clear_object (&self->accounts);

  G_OBJECT_CLASS (pomar_board_parent_class)->dispose (object);
}

static void
pomar_board_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PomarBoard *self = POMAR_BOARD (object);

  switch (prop_id)
    {
    case PROP_SHOW_CHURNED:
      g_value_set_boolean (value, self->show_churned);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_board_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PomarBoard *self = POMAR_BOARD (object);

  switch (prop_id)
    {
    case PROP_SHOW_CHURNED:
      pomar_board_set_show_churned (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_board_class_init (PomarBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pomar_board_dispose;
  object_class->get_property = pomar_board_get_property;
  object_class->set_property = pomar_board_set_property;

  properties[PROP_SHOW_CHURNED] =
    g_param_spec_boolean ("show-churned", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pomar/Pomar/ui/pomar-board.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarBoard, total_label);
  gtk_widget_class_bind_template_child (widget_class, PomarBoard, churned_button);
  gtk_widget_class_bind_template_child (widget_class, PomarBoard, columns_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "board");
}

static void
pomar_board_init (PomarBoard *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  /* GTK 4.8 names a button by its label property, mnemonic underscore and
   * all, followed by its label's text: without the property, a screen
   * reader hears "Show Churned" once. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->churned_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
  g_object_bind_property (self, "show-churned",
                          self->churned_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  self->columns = g_ptr_array_new ();
  for (guint stage = 0; stage <= POMAR_N_STAGES; stage++)
    {
      /* POMAR_N_STAGES (POMAR_STAGE_UNKNOWN) has no id: the "other" column. */
      GtkWidget *column = pomar_board_column_new (pomar_stage_to_id (stage));

      gtk_box_append (self->columns_box, column);
      g_ptr_array_add (self->columns, column);
      g_signal_connect_object (column, "notify::n-accounts",
                               G_CALLBACK (update_visibility), self,
                               G_CONNECT_SWAPPED);

      if (stage == POMAR_STAGE_CHURNED)
        self->churned_column = column;
      else if (stage == POMAR_STAGE_UNKNOWN)
        self->other_column = column;
    }

  update_visibility (self);
}

GtkWidget *
pomar_board_new (void)
{
  return g_object_new (POMAR_TYPE_BOARD, NULL);
}

void
pomar_board_set_model (PomarBoard *self,
                       GListModel *accounts)
{
  g_return_if_fail (POMAR_IS_BOARD (self));
  g_return_if_fail (accounts == NULL || G_IS_LIST_MODEL (accounts));

  if (self->accounts == accounts)
    return;

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_func (self->accounts, update_visibility, self);
  g_set_object (&self->accounts, accounts);
  if (self->accounts != NULL)
    g_signal_connect_object (self->accounts, "items-changed",
                             G_CALLBACK (update_visibility), self,
                             G_CONNECT_SWAPPED);

  for (guint i = 0; i < self->columns->len; i++)
    pomar_board_column_set_model (g_ptr_array_index (self->columns, i), accounts);

  update_visibility (self);
}

gboolean
pomar_board_get_show_churned (PomarBoard *self)
{
  g_return_val_if_fail (POMAR_IS_BOARD (self), FALSE);
  return self->show_churned;
}

void
pomar_board_set_show_churned (PomarBoard *self,
                              gboolean    show_churned)
{
  g_return_if_fail (POMAR_IS_BOARD (self));

  show_churned = !!show_churned;
  if (self->show_churned == show_churned)
    return;

  self->show_churned = show_churned;
  update_visibility (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_CHURNED]);
}
