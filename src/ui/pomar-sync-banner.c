/* pomar-sync-banner.c: what stands between this computer and the servers.
 *
 * Four kinds of rows, each only when it has something to say:
 * - read-only: the cache is on a disk that cannot be written, so nothing
 *   made here can be kept; it can still be read.
 * - offline: no connection's server can be reached. It says how old the
 *   data on screen is, and how many changes made here wait to be sent (they
 *   go by themselves when a server answers again), with a way to try now.
 * - the connections the last sync could not complete, each by name with
 *   the reason in words (the sync layer's messages are sentences) and,
 *   where the server refused the token, the way to give it a new one. A
 *   sync every fifteen minutes must not flash them away and back, so they
 *   change only when a sync ends; offline, they are left out (the offline
 *   row says it all).
 * - changes kept for accounts the server no longer has: never dropped
 *   silently, so listed on demand, to copy or to discard.
 * Dismissing hides the banner until what it says changes.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <adwaita.h>

#include "pomar-sync-banner.h"
#include "pomar-sync-item.h"
#include "sync/pomar-push.h"

struct _PomarSyncBanner
{
  GtkWidget            parent_instance;

  PomarSyncController *controller;
  gboolean             dismissed;
  guint                minute_id;    /* the data's age, kept current while offline */

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

static GtkWidget *
make_text_row (const char *icon_name,
               const char *icon_label,
               const char *text,
               GtkWidget  *button)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *label = gtk_label_new (text);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, icon_label,
                                  -1);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (row), label);
  if (button != NULL)
    {
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (row), button);
    }
  /* As tall as a row with a button, so that rows line up; and a wrapped
   * label beside a 16 px icon alone made GTK 4.8 measure the row one pixel
   * short of its one-line height. */
  gtk_widget_set_size_request (row, -1, 34);
  return row;
}

/* "You are offline. The data is from 3 hours ago; 2 changes made here
 * will be sent when a server answers again." */
char *
pomar_sync_banner_offline_text (GDateTime *last_synced,
                                GDateTime *now,
                                guint      n_waiting)
{
  g_autofree char *age = pomar_sync_format_last_synced (last_synced, now);
  g_autofree char *waiting = NULL;

  if (n_waiting == 0)
    /* Translators: %s says when the data was synced: "Last synced 3 hours ago". */
    return g_strdup_printf (_("Offline: no server can be reached. %s."), age);

  waiting = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u change made here waits, and is sent when a server answers again.",
                                          "%u changes made here wait, and are sent when a server answers again.",
                                          n_waiting),
                             n_waiting);
  /* Translators: the data's age ("Last synced 3 hours ago"), then the
   * changes waiting to be sent. */
  return g_strdup_printf (_("Offline: no server can be reached. %s. %s"), age, waiting);
}

static void rebuild (PomarSyncBanner *self);

static gboolean
on_minute (gpointer user_data)
{
  rebuild (user_data);
  return G_SOURCE_CONTINUE;
}

/* What the banner says now, from the controller. */
static void
rebuild (PomarSyncBanner *self)
{
  GtkWidget *child;
  guint n_rows = 0;
  gboolean offline;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_box))) != NULL)
    gtk_box_remove (self->rows_box, child);
  if (self->controller == NULL)
    {
      set_shown (self, FALSE);
      return;
    }

  /* A cache that can only be read: every change would be refused, so the
   * banner says so before anyone tries (the store's sentence). */
  {
    PomarContext *context = pomar_sync_controller_get_context (self->controller);
    g_autoptr (GError) error = NULL;

    if (!pomar_store_check_writable (pomar_context_get_store (context), &error))
      {
        gtk_box_append (self->rows_box, make_text_row ("changes-prevent-symbolic", _("Read-only"),
                                                       error->message, NULL));
        n_rows++;
      }
  }

  offline = pomar_sync_controller_get_has_connections (self->controller)
            && !pomar_sync_controller_get_online (self->controller);
  if (offline)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *text = pomar_sync_banner_offline_text (pomar_sync_controller_get_last_synced (self->controller),
                                                              now, pomar_sync_controller_get_n_waiting (self->controller));
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Try Again"));

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "sync-banner.try-again");
      gtk_box_append (self->rows_box, make_text_row ("network-offline-symbolic", _("Offline"), text, button));
      n_rows++;
      if (self->minute_id == 0)
        {
          self->minute_id = g_timeout_add_seconds (60, on_minute, self);
          g_source_set_name_by_id (self->minute_id, "[pomar] offline banner age");
        }
    }
  else
    {
      GListModel *connections = pomar_sync_controller_get_connections (self->controller);

      g_clear_handle_id (&self->minute_id, g_source_remove);
      for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
        {
          g_autoptr (PomarSyncItem) item = g_list_model_get_item (connections, i);

          if (pomar_sync_item_get_state (item) != POMAR_SYNC_ITEM_FAILED)
            continue;
          gtk_box_append (self->rows_box, make_row (item));
          n_rows++;
        }
    }

  if (pomar_sync_controller_get_n_gone (self->controller) > 0)
    {
      guint n = pomar_sync_controller_get_n_gone (self->controller);
      g_autofree char *text = NULL;
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Show Changes…"));

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u change made here was not delivered: its account is gone from the server.",
                                           "%u changes made here were not delivered: their accounts are gone from the server.",
                                           n),
                              n);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "sync-banner.show-gone");
      gtk_box_append (self->rows_box, make_text_row ("dialog-warning-symbolic", _("Not delivered"), text, button));
      n_rows++;
    }

  set_shown (self, n_rows > 0 && !self->dismissed);
}

/* Something new to say: shown again even if dismissed. */
static void
on_changed (PomarSyncBanner *self)
{
  self->dismissed = FALSE;
  rebuild (self);
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
    {
      g_signal_connect_swapped (controller, "finished", G_CALLBACK (on_changed), self);
      g_signal_connect_swapped (controller, "notify::online", G_CALLBACK (on_changed), self);
      g_signal_connect_swapped (controller, "notify::n-gone", G_CALLBACK (on_changed), self);
      /* The count and the age, in a row already shown: no need to show
       * a dismissed banner again. */
      g_signal_connect_swapped (controller, "notify::n-waiting", G_CALLBACK (rebuild), self);
      g_signal_connect_swapped (controller, "notify::last-synced", G_CALLBACK (rebuild), self);
    }
  self->dismissed = FALSE;
  rebuild (self);
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  POMAR_SYNC_BANNER (widget)->dismissed = TRUE;
  set_shown (POMAR_SYNC_BANNER (widget), FALSE);
}

static void
try_again_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PomarSyncBanner *self = POMAR_SYNC_BANNER (widget);

  if (self->controller != NULL)
    pomar_sync_controller_sync (self->controller);
}

/* Changes for accounts gone from the server ---------------------------------- */

typedef struct
{
  GArray *seqs;  /* gint64 */
} Discard;

static void
discard_free (Discard *discard)
{
  g_array_unref (discard->seqs);
  g_free (discard);
}

static gboolean
discard_in_writer (PomarStoreWriter  *writer,
                   gpointer           user_data,
                   GCancellable      *cancellable,
                   GError           **error)
{
  Discard *discard = user_data;

  /* The entry goes from the outbox as if the server had taken it: there
   * is no server left to take it, and the user has read it. */
  for (guint i = 0; i < discard->seqs->len; i++)
    if (!pomar_store_writer_outbox_done (writer, g_array_index (discard->seqs, gint64, i), error))
      return FALSE;
  return TRUE;
}

static void
on_discarded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (PomarSyncBanner) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!pomar_store_write_finish (POMAR_STORE (source), result, &error))
    {
      g_warning ("Could not discard the undelivered changes: %s", error->message);
      return;
    }
  /* The controller counts again after its next job; ask for one now. */
  if (self->controller != NULL)
    pomar_sync_controller_recount (self->controller);
}

/* The gone changes, a line each: "acc_0042, 2026-11-20: note: Called…". */
static GPtrArray *
read_gone (PomarStore  *store,
           GString     *text,
           GError     **error)
{
  g_autoptr (PomarStoreReader) reader = pomar_store_reader_new (store, error);
  g_autoptr (GPtrArray) entries = NULL;
  GPtrArray *gone = g_ptr_array_new_with_free_func (g_free);

  if (reader == NULL || (entries = pomar_store_reader_list_outbox (reader, error)) == NULL)
    {
      g_ptr_array_unref (gone);
      return NULL;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      const PomarOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *what = NULL;
      gint64 *seq;

      if (g_strcmp0 (entry->state, "gone") != 0)
        continue;
      what = pomar_push_describe_change (entry);
      g_string_append_printf (text, "%s, %s: %s\n", entry->account_id != NULL ? entry->account_id : "—",
                              entry->created_at, what);
      seq = g_new (gint64, 1);
      *seq = entry->seq;
      g_ptr_array_add (gone, seq);
    }
  return gone;
}

static void
on_gone_response (AdwMessageDialog *dialog,
                  const char       *response,
                  PomarSyncBanner  *self)
{
  GPtrArray *gone = g_object_get_data (G_OBJECT (dialog), "gone");
  const char *text = g_object_get_data (G_OBJECT (dialog), "text");

  if (g_str_equal (response, "copy"))
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  else if (g_str_equal (response, "discard") && self->controller != NULL)
    {
      Discard *discard = g_new0 (Discard, 1);
      PomarContext *context = pomar_sync_controller_get_context (self->controller);

      discard->seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < gone->len; i++)
        g_array_append_val (discard->seqs, *(gint64 *) g_ptr_array_index (gone, i));
      pomar_store_write_async (pomar_context_get_store (context), discard_in_writer, discard,
                               (GDestroyNotify) discard_free, NULL, on_discarded, g_object_ref (self));
    }
}

static void
show_gone_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PomarSyncBanner *self = POMAR_SYNC_BANNER (widget);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  GPtrArray *gone;
  GtkWidget *dialog;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->controller == NULL)
    return;
  gone = read_gone (pomar_context_get_store (pomar_sync_controller_get_context (self->controller)), text, &error);
  if (gone == NULL)
    {
      g_warning ("Could not read the outbox: %s", error->message);
      return;
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Changes Not Delivered"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s",
                                  _("These changes were made here for accounts that were deleted on the server "
                                    "since. Pomar keeps them until you discard them: copy them first if you "
                                    "need them elsewhere."),
                                  text->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Keep"),
                                    "discard", _("_Discard"),
                                    "copy", _("_Copy"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "copy");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_object_set_data_full (G_OBJECT (dialog), "gone", gone, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "text", g_strdup (text->str), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_gone_response), self, G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
pomar_sync_banner_dispose (GObject *object)
{
  PomarSyncBanner *self = POMAR_SYNC_BANNER (object);

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_clear_object (&self->controller);
  g_clear_handle_id (&self->minute_id, g_source_remove);

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
  gtk_widget_class_install_action (widget_class, "sync-banner.try-again", NULL, try_again_action);
  gtk_widget_class_install_action (widget_class, "sync-banner.show-gone", NULL, show_gone_action);

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
