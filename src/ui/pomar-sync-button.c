/* pomar-sync-button.c: the header bar's Sync Now button and sync status.
 *
 * The button syncs (win.sync) and turns into a spinner while a sync runs;
 * its tooltip and accessible description say when Pomar last synced, or
 * how far the sync is. The arrow beside it opens the status: the same
 * words, and a row per connection with its progress, when it last synced,
 * or why it failed (with "Enter New Token…" when its token was refused).
 * "5 minutes ago" is worded again every minute.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pomar-sync-button.h"
#include "pomar-sync-item.h"

#define REFRESH_SECONDS 60

struct _PomarSyncButton
{
  GtkWidget            parent_instance;

  PomarSyncController *controller;
  guint                refresh_id;

  /* Template widgets */
  GtkWidget           *sync_button;
  GtkStack            *icon_stack;
  GtkSpinner          *spinner;
  GtkWidget           *status_button;
  GtkPopover          *popover;
  GtkLabel            *status_title;
  GtkLabel            *status_detail;
  GtkProgressBar      *progress_bar;
  GtkListBox          *list;
};

G_DEFINE_FINAL_TYPE (PomarSyncButton, pomar_sync_button, GTK_TYPE_WIDGET)

/* A connection's row --------------------------------------------------- */

typedef struct
{
  AdwActionRow *row;
  GtkWidget    *spinner;
  GtkWidget    *warning;
  GtkWidget    *token_button;
} RowWidgets;

static void
update_row (GtkWidget *row)
{
  PomarSyncItem *item = g_object_get_data (G_OBJECT (row), "pomar-sync-item");
  RowWidgets *widgets = g_object_get_data (G_OBJECT (row), "pomar-row-widgets");
  PomarSyncItemState state = pomar_sync_item_get_state (item);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *subtitle = NULL;

  switch (state)
    {
    case POMAR_SYNC_ITEM_SYNCING:
      subtitle = g_strdup (pomar_sync_item_get_progress_text (item));
      break;

    case POMAR_SYNC_ITEM_WAITING:
      subtitle = g_strdup (_("Waiting to sync"));
      break;

    case POMAR_SYNC_ITEM_FAILED:
      subtitle = g_strdup (pomar_sync_item_get_message (item));
      break;

    case POMAR_SYNC_ITEM_IDLE:
    case POMAR_SYNC_ITEM_DONE:
    default:
      subtitle = pomar_sync_format_synced (pomar_sync_item_get_last_synced (item), now);
      break;
    }

  adw_action_row_set_subtitle (widgets->row, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (widgets->spinner, state == POMAR_SYNC_ITEM_SYNCING);
  gtk_spinner_set_spinning (GTK_SPINNER (widgets->spinner), state == POMAR_SYNC_ITEM_SYNCING);
  gtk_widget_set_visible (widgets->warning, state == POMAR_SYNC_ITEM_FAILED);
  gtk_widget_set_visible (widgets->token_button,
                          state == POMAR_SYNC_ITEM_FAILED
                          && pomar_sync_item_get_needs_token (item));
}

static GtkWidget *
create_row (gpointer object,
            gpointer user_data)
{
  PomarSyncButton *self = user_data;
  PomarSyncItem *item = object;
  RowWidgets *widgets = g_new0 (RowWidgets, 1);
  GtkWidget *row = adw_action_row_new ();

  widgets->row = ADW_ACTION_ROW (row);
  /* Connection names are text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pomar_sync_item_get_name (item));
  adw_action_row_set_subtitle_lines (widgets->row, 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  widgets->spinner = gtk_spinner_new ();
  gtk_widget_set_valign (widgets->spinner, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (widgets->row, widgets->spinner);

  widgets->warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (widgets->warning, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (widgets->warning),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Failed"),
                                  -1);
  adw_action_row_add_suffix (widgets->row, widgets->warning);

  widgets->token_button = gtk_button_new_with_label (_("Enter New Token…"));
  gtk_widget_set_valign (widgets->token_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (widgets->token_button), "win.enter-token");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (widgets->token_button), "s",
                                    pomar_sync_item_get_name (item));
  /* The token window opens over the main window, not over a popover. */
  g_signal_connect_object (widgets->token_button, "clicked", G_CALLBACK (gtk_popover_popdown),
                           self->popover, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (widgets->row, widgets->token_button);

  g_object_set_data_full (G_OBJECT (row), "pomar-sync-item", g_object_ref (item), g_object_unref);
  g_object_set_data_full (G_OBJECT (row), "pomar-row-widgets", widgets, g_free);
  g_signal_connect_object (item, "notify", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);
  update_row (row);
  return row;
}

/* The button and the status -------------------------------------------- */

static void
update (PomarSyncButton *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *last_synced = NULL;
  g_autofree char *tooltip = NULL;
  const char *progress = NULL;
  gboolean syncing = FALSE;

  if (self->controller != NULL)
    {
      syncing = pomar_sync_controller_get_syncing (self->controller);
      progress = pomar_sync_controller_get_progress_text (self->controller);
      last_synced = pomar_sync_format_last_synced (
        pomar_sync_controller_get_last_synced (self->controller), now);
      gtk_widget_set_visible (GTK_WIDGET (self),
                              pomar_sync_controller_get_has_connections (self->controller));
    }
  else
    {
      last_synced = pomar_sync_format_last_synced (NULL, now);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
    }

  gtk_stack_set_visible_child_name (self->icon_stack, syncing ? "spinner" : "icon");
  gtk_spinner_set_spinning (self->spinner, syncing);

  if (syncing)
    {
      gtk_label_set_text (self->status_title, progress != NULL ? progress : _("Syncing…"));
      gtk_label_set_text (self->status_detail, last_synced);
      gtk_progress_bar_set_fraction (self->progress_bar,
                                     pomar_sync_controller_get_fraction (self->controller));
      tooltip = g_strdup (progress != NULL ? progress : _("Syncing…"));
    }
  else
    {
      g_autofree char *interval = NULL;
      guint minutes = self->controller != NULL
                      ? pomar_sync_controller_get_interval_minutes (self->controller) : 0;

      gtk_label_set_text (self->status_title, last_synced);
      if (minutes > 0)
        interval = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Pomar syncs every %u minute while it is open.",
                                                 "Pomar syncs every %u minutes while it is open.",
                                                 minutes),
                                    minutes);
      else
        interval = g_strdup (_("Pomar syncs only when you ask it to."));
      gtk_label_set_text (self->status_detail, interval);
      tooltip = g_strdup_printf ("%s\n%s", _("Sync Now"), last_synced);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), syncing);

  gtk_widget_set_tooltip_text (self->sync_button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  syncing && progress != NULL ? progress : last_synced,
                                  -1);
}

/* "5 minutes ago" becomes "6 minutes ago". */
static gboolean
refresh (gpointer user_data)
{
  PomarSyncButton *self = user_data;
  GtkWidget *row;

  update (self);
  for (row = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_object_get_data (G_OBJECT (row), "pomar-sync-item") != NULL)
      update_row (row);

  return G_SOURCE_CONTINUE;
}

void
pomar_sync_button_set_controller (PomarSyncButton     *self,
                                  PomarSyncController *controller)
{
  g_return_if_fail (POMAR_IS_SYNC_BUTTON (self));
  g_return_if_fail (controller == NULL || POMAR_IS_SYNC_CONTROLLER (controller));

  if (self->controller == controller)
    return;

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);

  if (controller != NULL)
    {
      g_signal_connect_swapped (controller, "notify::syncing", G_CALLBACK (update), self);
      g_signal_connect_swapped (controller, "notify::has-connections", G_CALLBACK (update), self);
      g_signal_connect_swapped (controller, "notify::progress-text", G_CALLBACK (update), self);
      g_signal_connect_swapped (controller, "notify::fraction", G_CALLBACK (update), self);
      g_signal_connect_swapped (controller, "notify::last-synced", G_CALLBACK (update), self);
      g_signal_connect_swapped (controller, "notify::interval-minutes", G_CALLBACK (update), self);
      gtk_list_box_bind_model (self->list, pomar_sync_controller_get_connections (controller),
                               create_row, self, NULL);
    }
  else
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);

  update (self);
}

/* GObject -------------------------------------------------------------- */

static void
pomar_sync_button_dispose (GObject *object)
{
  PomarSyncButton *self = POMAR_SYNC_BUTTON (object);
  GtkWidget *child;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->controller != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->controller, self);
      gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
      g_clear_object (&self->controller);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_SYNC_BUTTON);
  /* The separator is no template child: it goes with the others. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pomar_sync_button_parent_class)->dispose (object);
}

static void
pomar_sync_button_class_init (PomarSyncButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pomar_sync_button_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pomar/Pomar/ui/pomar-sync-button.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarSyncButton, sync_button);
  gtk_widget_class_bind_template_child (widget_class, PomarSyncButton, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, PomarSyncButton, spinner);
  gtk_widget_class_bind_template_child (widget_class, PomarSyncButton, status_button);
  gtk_widget_class_bind_template_child (widget_class, PomarSyncButton, popover);
  gtk_widget_class_bind_template_child (widget_class, PomarSyncButton, status_title);
  gtk_widget_class_bind_template_child (widget_class, PomarSyncButton, status_detail);
  gtk_widget_class_bind_template_child (widget_class, PomarSyncButton, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PomarSyncButton, list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  /* libadwaita's split button nodes, and so its look in a header bar. */
  gtk_widget_class_set_css_name (widget_class, "splitbutton");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pomar_sync_button_init (PomarSyncButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_add_css_class (GTK_WIDGET (self), "image-button");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sync Now"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sync Status"),
                                  -1);

  self->refresh_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, REFRESH_SECONDS,
                                                 refresh, self, NULL);
  g_source_set_name_by_id (self->refresh_id, "[pomar] last synced wording");

  update (self);
}
