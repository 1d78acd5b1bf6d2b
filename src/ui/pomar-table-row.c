/* pomar-table-row.c: one row of a PomarTableRows (see there why). */
#include "config.h"

#include <gtk/gtk.h>

#include "pomar-table-rows-private.h"

struct _PomarTableRow
{
  GObject         parent_instance;

  PomarTableRows *owner;      /* not a reference: the owner holds its rows */
  guint           position;
  guint           n_watchers;
  GObject        *item;       /* while watched */
};

G_DEFINE_FINAL_TYPE (PomarTableRow, pomar_table_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pomar_table_row_dispose (GObject *object)
{
  PomarTableRow *self = POMAR_TABLE_ROW (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (pomar_table_row_parent_class)->dispose (object);
}

static void
pomar_table_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PomarTableRow *self = POMAR_TABLE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_table_row_class_init (PomarTableRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pomar_table_row_dispose;
  object_class->get_property = pomar_table_row_get_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pomar_table_row_init (PomarTableRow *self)
{
}

PomarTableRow *
pomar_table_row_new (PomarTableRows *owner,
                     guint           position)
{
  PomarTableRow *self = g_object_new (POMAR_TYPE_TABLE_ROW, NULL);

  self->owner = owner;
  self->position = position;
  return self;
}

guint
pomar_table_row_get_position (PomarTableRow *self)
{
  g_return_val_if_fail (POMAR_IS_TABLE_ROW (self), 0);
  return self->position;
}

gpointer
pomar_table_row_get_item (PomarTableRow *self)
{
  g_return_val_if_fail (POMAR_IS_TABLE_ROW (self), NULL);
  return self->item;
}

static GObject *
fetch_item (PomarTableRow *self)
{
  GListModel *model;

  if (self->owner == NULL)
    return NULL;
  model = G_LIST_MODEL (pomar_table_rows_get_model (self->owner));
  return self->position < g_list_model_get_n_items (model) ? g_list_model_get_item (model, self->position) : NULL;
}

void
pomar_table_row_watch (PomarTableRow *self)
{
  g_return_if_fail (POMAR_IS_TABLE_ROW (self));

  if (self->n_watchers++ > 0)
    return;
  if (self->owner == NULL || !pomar_table_rows_row_watched (self->owner, self, TRUE))
    self->item = fetch_item (self);
}

void
pomar_table_row_unwatch (PomarTableRow *self)
{
  g_return_if_fail (POMAR_IS_TABLE_ROW (self));
  g_return_if_fail (self->n_watchers > 0);

  if (--self->n_watchers > 0)
    return;
  g_clear_object (&self->item);
  if (self->owner != NULL)
    pomar_table_rows_row_watched (self->owner, self, FALSE);
}

void
pomar_table_row_bind (GtkListItem          *list_item,
                      PomarTableRowRefresh  refresh)
{
  PomarTableRow *row = gtk_list_item_get_item (list_item);

  g_return_if_fail (POMAR_IS_TABLE_ROW (row));

  pomar_table_row_watch (row);
  g_signal_connect_swapped (row, "notify::item", G_CALLBACK (refresh), list_item);
  refresh (list_item);
}

void
pomar_table_row_unbind (GtkListItem          *list_item,
                        PomarTableRowRefresh  refresh)
{
  PomarTableRow *row = gtk_list_item_get_item (list_item);

  g_return_if_fail (POMAR_IS_TABLE_ROW (row));

  g_signal_handlers_disconnect_by_func (row, refresh, list_item);
  pomar_table_row_unwatch (row);
}

void
pomar_table_row_refresh (PomarTableRow *self,
                         gboolean       always)
{
  g_autoptr (GObject) item = NULL;

  if (self->n_watchers == 0)
    return;
  item = fetch_item (self);
  if (g_set_object (&self->item, item) || always)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

void
pomar_table_row_detach (PomarTableRow *self)
{
  self->owner = NULL;
}
