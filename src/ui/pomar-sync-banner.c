/* pomar-sync-banner.c: the connections the last sync could not complete.
 *
 * A failure must be seen and must say what to do, but a sync every
 * fifteen minutes must not flash it away and back: the banner changes only
 * when a sync ends. It then lists each connection that failed, by name,
 * with the reason in words (the sync layer's messages are sentences) and,
 * where the server refused the token, the way to give it a new one. It
 * hides when a sync ends without failures, or when dismissed until the
 * next one ends with some.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pomar-sync-banner.h"
#include "pomar-sync-item.h"

struct _PomarSyncBanner
{
  GtkWidget            parent_instance;

  PomarSyncController *controller;

  /* Template widgets */
  GtkRevealer         *revealer;
  GtkBox              *rows_box;
  GtkWidget           *dismiss_button;
};

G_DEFINE_FINAL_TYPE (PomarSyncBanner, pomar_sync_banner, GTK_TYPE_WIDGET)

static void
set_shown (PomarSyncBanner *self,
           gboolean         shown)
{
  if (shown)
    gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_revealer_set_reveal_child (self->revealer, shown);
}

static void
on_child_revealed (PomarSyncBanner *self)
{
  if (!gtk_revealer_get_child_revealed (self->revealer)
      && !gtk_revealer_get_reveal_child (self->revealer))
    gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static GtkWidget *
make_row (PomarSyncItem *item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *label;
  g_autofree char *text = NULL;

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Failed"),
                                  -1);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), icon);

  /* Translators: a connection's name and why it could not sync, a
   * sentence such as "The server refused its token." */
  text = g_strdup_printf (_("Could not sync “%s”: %s"), pomar_sync_item_get_name (item),
                          pomar_sync_item_get_message (item));
  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (row), label);

  if (pomar_sync_item_get_needs_token (item))
    {
      GtkWidget *button = gtk_button_new_with_label (_("Enter New Token…"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.enter-token");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                        pomar_sync_item_get_name (item));
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_box_append (GTK_BOX (row), button);
    }

  return row;
}

/* After each sync: the failures it left, or nothing. */
static void
on_finished (PomarSyncBanner *self)
{
  GListModel *connections = pomar_sync_controller_get_connections (self->controller);
  GtkWidget *child;
  guint n_failed = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_box))) != NULL)
    gtk_box_remove (self->rows_box, child);

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr (PomarSyncItem) item = g_list_model_get_item (connections, i);

      if (pomar_sync_item_get_state (item) != POMAR_SYNC_ITEM_FAILED)
        continue;
      gtk_box_append (self->rows_box, make_row (item));
      n_failed++;
    }

  set_shown (self, n_failed > 0);
}

void
pomar_sync_banner_set_controller (PomarSyncBanner     *self,
                                  PomarSyncController *controller)
{
  g_return_if_fail (POMAR_IS_SYNC_BANNER (self));
  g_return_if_fail (controller == NULL || POMAR_IS_SYNC_CONTROLLER (controller));

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);

  if (controller != NULL)
    g_signal_connect_swapped (controller, "finished", G_CALLBACK (on_finished), self);
  set_shown (self, FALSE);
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  set_shown (POMAR_SYNC_BANNER (widget), FALSE);
}

static void
pomar_sync_banner_dispose (GObject *object)
{
  PomarSyncBanner *self = POMAR_SYNC_BANNER (object);

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_clear_object (&self->controller);

  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_SYNC_BANNER);

  G_OBJECT_CLASS (pomar_sync_banner_parent_class)->dispose (object);
}

static void
pomar_sync_banner_class_init (PomarSyncBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pomar_sync_banner_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pomar/Pomar/ui/pomar-sync-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarSyncBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, PomarSyncBanner, rows_box);
  gtk_widget_class_bind_template_child (widget_class, PomarSyncBanner, dismiss_button);

  gtk_widget_class_install_action (widget_class, "sync-banner.dismiss", NULL, dismiss_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "syncbanner");
}

static void
pomar_sync_banner_init (PomarSyncBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dismiss_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dismiss"),
                                  -1);
  g_signal_connect_swapped (self->revealer, "notify::child-revealed",
                            G_CALLBACK (on_child_revealed), self);
}
