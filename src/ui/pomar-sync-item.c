/* pomar-sync-item.c: one connection as the sync controller sees it.
 *
 * The controller keeps one item per connection in a GListModel and updates
 * it on the main loop; the header's status popover and the failure banner
 * bind to the model, so they follow without asking anything of the
 * controller.
 */
#include "config.h"

#include "pomar-sync-item.h"

struct _PomarSyncItem
{
  GObject             parent_instance;

  char               *name;
  PomarSyncItemState  state;
  char               *progress_text;
  char               *message;
  gboolean            needs_token;
  GDateTime          *last_synced;
};

G_DEFINE_ENUM_TYPE (PomarSyncItemState, pomar_sync_item_state,
                    G_DEFINE_ENUM_VALUE (POMAR_SYNC_ITEM_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (POMAR_SYNC_ITEM_WAITING, "waiting"),
                    G_DEFINE_ENUM_VALUE (POMAR_SYNC_ITEM_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (POMAR_SYNC_ITEM_DONE, "done"),
                    G_DEFINE_ENUM_VALUE (POMAR_SYNC_ITEM_FAILED, "failed"))

G_DEFINE_FINAL_TYPE (PomarSyncItem, pomar_sync_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_STATE,
  PROP_PROGRESS_TEXT,
  PROP_MESSAGE,
  PROP_NEEDS_TOKEN,
  PROP_LAST_SYNCED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pomar_sync_item_finalize (GObject *object)
{
  PomarSyncItem *self = POMAR_SYNC_ITEM (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->progress_text, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->last_synced, g_date_time_unref);

  G_OBJECT_CLASS (pomar_sync_item_parent_class)->finalize (object);
}

static void
pomar_sync_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PomarSyncItem *self = POMAR_SYNC_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_PROGRESS_TEXT:
      g_value_set_string (value, self->progress_text);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_NEEDS_TOKEN:
      g_value_set_boolean (value, self->needs_token);
      break;

    case PROP_LAST_SYNCED:
      g_value_set_boxed (value, self->last_synced);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_sync_item_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PomarSyncItem *self = POMAR_SYNC_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_sync_item_class_init (PomarSyncItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pomar_sync_item_finalize;
  object_class->get_property = pomar_sync_item_get_property;
  object_class->set_property = pomar_sync_item_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       POMAR_TYPE_SYNC_ITEM_STATE, POMAR_SYNC_ITEM_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS_TEXT] =
    g_param_spec_string ("progress-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEEDS_TOKEN] =
    g_param_spec_boolean ("needs-token", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNCED] =
    g_param_spec_boxed ("last-synced", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pomar_sync_item_init (PomarSyncItem *self)
{
}

PomarSyncItem *
pomar_sync_item_new (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (POMAR_TYPE_SYNC_ITEM, "name", name, NULL);
}

const char *
pomar_sync_item_get_name (PomarSyncItem *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_ITEM (self), NULL);
  return self->name;
}

PomarSyncItemState
pomar_sync_item_get_state (PomarSyncItem *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_ITEM (self), POMAR_SYNC_ITEM_IDLE);
  return self->state;
}

const char *
pomar_sync_item_get_progress_text (PomarSyncItem *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_ITEM (self), NULL);
  return self->progress_text;
}

const char *
pomar_sync_item_get_message (PomarSyncItem *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_ITEM (self), NULL);
  return self->message;
}

gboolean
pomar_sync_item_get_needs_token (PomarSyncItem *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_ITEM (self), FALSE);
  return self->needs_token;
}

GDateTime *
pomar_sync_item_get_last_synced (PomarSyncItem *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_ITEM (self), NULL);
  return self->last_synced;
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
pomar_sync_item_set_state (PomarSyncItem      *self,
                           PomarSyncItemState  state,
                           const char         *progress_text,
                           const char         *message,
                           gboolean            needs_token)
{
  g_return_if_fail (POMAR_IS_SYNC_ITEM (self));

  needs_token = !!needs_token;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (set_string (&self->progress_text, progress_text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_TEXT]);
  if (set_string (&self->message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
  if (self->needs_token != needs_token)
    {
      self->needs_token = needs_token;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_TOKEN]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
pomar_sync_item_set_last_synced (PomarSyncItem *self,
                                 GDateTime     *last_synced)
{
  g_return_if_fail (POMAR_IS_SYNC_ITEM (self));

  if (self->last_synced == last_synced
      || (self->last_synced != NULL && last_synced != NULL
          && g_date_time_equal (self->last_synced, last_synced)))
    return;

  g_clear_pointer (&self->last_synced, g_date_time_unref);
  if (last_synced != NULL)
    self->last_synced = g_date_time_ref (last_synced);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED]);
}
