/* pomar-preferences-window.c: Preferences.
 *
 * Connections belong to a cache, so the window is opened for the cache of
 * one PomarWindow (its transient parent) and lists that cache's
 * connections. Everything that talks to SQLite, D-Bus or a server (listing,
 * testing, removing) runs on a worker thread; a row shows a spinner
 * meanwhile and its result in its subtitle. Adding and replacing a token
 * reuse the windows the rest of Pomar uses for them.
 *
 * The other pages are GSettings keys, which every cache shares, bound to
 * their spin buttons with g_settings_bind. The context hands new health
 * weights to its store, but the stored figures are only recomputed by the
 * next refresh; so a change of weights, once the person stops changing
 * them, reloads every window, which refreshes the figures on its worker
 * thread before it reads them.
 *
 * The demo book is made up and syncs with nothing: from its window, the
 * Connections page says so, and adding a connection goes to the person's
 * own cache (app.add-connection), as it does from the rest of the demo.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "core/pomar-health.h"
#include "sync/pomar-connections.h"
#include "sync/pomar-provider-hubspot.h"
#include "pomar-connection-dialog.h"
#include "pomar-preferences-window.h"
#include "pomar-token-dialog.h"
#include "pomar-window.h"

/* Quiet time after the last change of a weight before the figures are
 * recomputed: a spin button held down changes it many times a second. */
#define RECOMPUTE_DELAY_MS 600

typedef struct
{
  const char *key;
  const char *subtitle;
  const char *accessible_name;
} WeightRow;

/* In domain.md's order, which is PomarHealthComponent's. */
static const WeightRow weight_rows[POMAR_HEALTH_N_COMPONENTS] = {
  [POMAR_HEALTH_ADOPTION] = { "health-weight-adoption",
                              N_("Seats in daily use over the last 30 days"),
                              N_("Adoption weight") },
  [POMAR_HEALTH_USAGE_TREND] = { "health-weight-usage-trend",
                                 N_("Product events in the last 30 days against the 30 before"),
                                 N_("Usage trend weight") },
  [POMAR_HEALTH_SUPPORT] = { "health-weight-support",
                             N_("Open tickets, by priority and age"),
                             N_("Support weight") },
  [POMAR_HEALTH_SENTIMENT] = { "health-weight-sentiment",
                               N_("NPS over 180 days, or CSAT where there is no NPS answer"),
                               N_("Sentiment weight") },
  [POMAR_HEALTH_ENGAGEMENT] = { "health-weight-engagement",
                                N_("Days since the last note, meeting, email or call"),
                                N_("Engagement weight") },
};

/* What a connection's row shows and holds. */
typedef struct
{
  char          *name;
  char          *details;      /* provider, URL (and email, properties) */
  AdwActionRow  *row;
  GtkSpinner    *spinner;
  GtkImage      *status_icon;
  GtkWidget     *test_button;
  GtkWidget     *token_button;
  GtkWidget     *remove_button;
  GCancellable  *cancellable;  /* of the test or removal under way */
} ConnectionRow;

struct _PomarPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  PomarContext        *context;
  GSettings           *settings;
  gboolean             is_demo;
  GCancellable        *cancellable;   /* the listing under way; cancelled on dispose */
  GHashTable          *rows;          /* name -> ConnectionRow */
  guint                recompute_id;
  GtkSpinButton       *weight_spins[POMAR_HEALTH_N_COMPONENTS];
  GtkLabel            *shares_label;
  GtkImage            *shares_icon;

  /* Template widgets */
  AdwPreferencesGroup *connections_group;
  AdwActionRow        *empty_row;
  AdwPreferencesGroup *sync_group;
  GtkSpinButton       *interval_spin;
  AdwPreferencesGroup *weights_group;
  AdwPreferencesGroup *lifetime_group;
  GtkSpinButton       *lifetime_spin;
};

G_DEFINE_FINAL_TYPE (PomarPreferencesWindow, pomar_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
connection_row_free (ConnectionRow *row)
{
  g_cancellable_cancel (row->cancellable);
  g_clear_object (&row->cancellable);
  g_clear_object (&row->row);
  g_free (row->name);
  g_free (row->details);
  g_free (row);
}

static void
add_toast (PomarPreferencesWindow *self,
           const char             *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (markup));
}

/* The PomarWindow this one was opened for, if it still shows this cache. */
static PomarWindow *
main_window (PomarPreferencesWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (!POMAR_IS_WINDOW (parent) || pomar_window_get_context (POMAR_WINDOW (parent)) != self->context)
    return NULL;
  return POMAR_WINDOW (parent);
}

static PomarStore *
store (PomarPreferencesWindow *self)
{
  return self->context != NULL ? pomar_context_get_store (self->context) : NULL;
}

/* Connections ------------------------------------------------------------ */

/* "Pomar Sync API · https://cs.example.com/api", and for HubSpot a line
 * with the properties the connection names. */
static char *
describe_connection (const PomarConnectionInfo *info)
{
  GString *text = g_string_new (NULL);
  const char *title = pomar_connections_get_provider_title (info->provider);

  /* Translators: a connection's provider and URL, e.g. "Zendesk · https://acme.zendesk.com". */
  g_string_append_printf (text, _("%s · %s"), title != NULL ? title : info->provider, info->base_url);
  if (info->email != NULL && *info->email != '\0')
    /* Translators: after a connection's URL, the email its Zendesk token belongs to. */
    g_string_append_printf (text, _(" · %s"), info->email);

  if (g_strcmp0 (info->provider, "hubspot") == 0)
    {
      g_autofree char *mapping = pomar_hubspot_settings_describe (info->settings_json);

      g_string_append_c (text, '\n');
      if (mapping != NULL)
        /* Translators: %s lists field=property pairs, e.g. "arr=annual_contract_value, stage=cs_stage". */
        g_string_append_printf (text, _("Properties: %s"), mapping);
      else
        g_string_append (text, _("No properties named: ARR, renewal date and the rest stay empty"));
    }

  return g_string_free (text, FALSE);
}

typedef enum
{
  ROW_BUSY,
  ROW_OK,
  ROW_FAILED,
} RowState;

/* Shows @state in @row: a spinner while busy, an icon after a test, and
 * @message (the test's result) under the row's details. */
static void
set_row_state (ConnectionRow *row,
               RowState       state,
               const char    *message)
{
  gboolean busy = state == ROW_BUSY;
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (row->spinner), busy);
  gtk_spinner_set_spinning (row->spinner, busy);
  gtk_widget_set_sensitive (row->test_button, !busy);
  gtk_widget_set_sensitive (row->token_button, !busy);
  gtk_widget_set_sensitive (row->remove_button, !busy);

  gtk_widget_remove_css_class (GTK_WIDGET (row->status_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (row->status_icon), "error");
  gtk_widget_set_visible (GTK_WIDGET (row->status_icon), state == ROW_OK || state == ROW_FAILED);
  if (state == ROW_OK)
    {
      gtk_image_set_from_icon_name (row->status_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (row->status_icon), "success");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->status_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("The connection works"), -1);
    }
  else if (state == ROW_FAILED)
    {
      gtk_image_set_from_icon_name (row->status_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (row->status_icon), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->status_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("The connection failed"), -1);
    }

  if (message != NULL)
    subtitle = g_strdup_printf ("%s\n%s", row->details, message);
  adw_action_row_set_subtitle (row->row, subtitle != NULL ? subtitle : row->details);
}

/* A button of a connection's row. Its text is a child label rather than
 * the button's label, and its accessible name is set: GTK 4.8 names a
 * button with a label property by that and then the label's text ("Test
 * Test"), and a button with a child by nothing. Several rows have the same
 * buttons, so there are no mnemonics. */
static GtkWidget *
row_button (const char *label,
            const char *action,
            const char *name,
            const char *tooltip)
{
  GtkWidget *button = gtk_button_new ();

  if (label != NULL)
    {
      gtk_button_set_child (GTK_BUTTON (button), gtk_label_new (label));
      gtk_widget_add_css_class (button, "text-button");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", name);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

static ConnectionRow *
connection_row_new (PomarPreferencesWindow    *self,
                    const PomarConnectionInfo *info)
{
  ConnectionRow *row = g_new0 (ConnectionRow, 1);
  g_autofree char *test_tooltip = NULL;
  g_autofree char *token_tooltip = NULL;
  g_autofree char *remove_tooltip = NULL;
  GtkWidget *box;

  row->name = g_strdup (info->name);
  row->details = describe_connection (info);
  row->row = g_object_ref_sink (ADW_ACTION_ROW (adw_action_row_new ()));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), info->name);
  adw_action_row_set_subtitle (row->row, row->details);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);

  row->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (row->spinner), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Working"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->spinner));

  row->status_icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_visible (GTK_WIDGET (row->status_icon), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->status_icon));

  /* Translators: %s is a connection's name. */
  test_tooltip = g_strdup_printf (_("Ask the server whether “%s” still works"), info->name);
  row->test_button = row_button (_("Test"), "prefs.test-connection", info->name, test_tooltip);
  gtk_box_append (GTK_BOX (box), row->test_button);

  /* Translators: %s is a connection's name. */
  token_tooltip = g_strdup_printf (_("Give “%s” a new token"), info->name);
  row->token_button = row_button (_("New Token…"), "prefs.new-token", info->name, token_tooltip);
  gtk_box_append (GTK_BOX (box), row->token_button);

  /* Translators: %s is a connection's name. */
  remove_tooltip = g_strdup_printf (_("Remove “%s”"), info->name);
  row->remove_button = row_button (NULL, "prefs.remove-connection", info->name, remove_tooltip);
  gtk_button_set_icon_name (GTK_BUTTON (row->remove_button), "user-trash-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove"),
                                  -1);
  gtk_widget_add_css_class (row->remove_button, "flat");
  gtk_box_append (GTK_BOX (box), row->remove_button);

  adw_action_row_add_suffix (row->row, box);
  return row;
}

/* Shows @connections (PomarConnectionInfo, by name): the rows of
 * connections still there stay, with whatever they show. */
static void
show_connections (PomarPreferencesWindow *self,
                  GPtrArray              *connections)
{
  g_autoptr (GHashTable) old = self->rows;
  GHashTableIter iter;
  ConnectionRow *row;

  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) connection_row_free);

  /* Taken out, and put back in the new order. */
  g_hash_table_iter_init (&iter, old);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    adw_preferences_group_remove (self->connections_group, GTK_WIDGET (row->row));

  for (guint i = 0; connections != NULL && i < connections->len; i++)
    {
      const PomarConnectionInfo *info = g_ptr_array_index (connections, i);

      if (g_hash_table_steal_extended (old, info->name, NULL, (gpointer *) &row))
        {
          g_free (row->details);
          row->details = describe_connection (info);
          if (!gtk_widget_get_visible (GTK_WIDGET (row->status_icon)))
            adw_action_row_set_subtitle (row->row, row->details);
        }
      else
        row = connection_row_new (self, info);

      g_hash_table_insert (self->rows, row->name, row);
      adw_preferences_group_add (self->connections_group, GTK_WIDGET (row->row));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->empty_row), g_hash_table_size (self->rows) == 0);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *connections = pomar_connections_list (task_data, &error);

  if (connections == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, connections, (GDestroyNotify) g_ptr_array_unref);
}

static void
list_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PomarPreferencesWindow *self = POMAR_PREFERENCES_WINDOW (source);
  g_autoptr (GPtrArray) connections = NULL;
  g_autoptr (GError) error = NULL;

  connections = g_task_propagate_pointer (G_TASK (result), &error);
  if (connections == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row),
                                     _("Pomar could not read the connections"));
      adw_action_row_set_subtitle (self->empty_row, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->empty_row), TRUE);
      return;
    }

  show_connections (self, connections);
}

static void
refresh_connections (PomarPreferencesWindow *self)
{
  g_autoptr (GTask) task = NULL;

  if (store (self) == NULL || self->is_demo)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  task = g_task_new (self, self->cancellable, list_done, NULL);
  g_task_set_source_tag (task, refresh_connections);
  g_task_set_name (task, "[pomar] list connections");
  g_task_set_task_data (task, g_object_ref (store (self)), g_object_unref);
  g_task_run_in_thread (task, list_thread);
}

/* What a test or a removal is about: the window, its store (the worker
 * thread's own reference: the window drops its context when it closes)
 * and a connection's name. */
typedef struct
{
  PomarPreferencesWindow *self;
  PomarStore             *store;
  char                   *name;
  gboolean                last;  /* removing: no other connection is left */
} RowJob;

static RowJob *
row_job_new (PomarPreferencesWindow *self,
             const char             *name)
{
  RowJob *job = g_new0 (RowJob, 1);

  job->self = g_object_ref (self);
  job->store = g_object_ref (store (self));
  job->name = g_strdup (name);
  return job;
}

static void
row_job_free (RowJob *job)
{
  g_object_unref (job->self);
  g_object_unref (job->store);
  g_free (job->name);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RowJob, row_job_free)

/* Starts an operation on the row of @name, cancelling the one before. */
static ConnectionRow *
start_row_job (PomarPreferencesWindow *self,
               const char             *name)
{
  ConnectionRow *row = self->rows != NULL ? g_hash_table_lookup (self->rows, name) : NULL;

  if (row == NULL)
    return NULL;

  g_cancellable_cancel (row->cancellable);
  g_clear_object (&row->cancellable);
  row->cancellable = g_cancellable_new ();
  set_row_state (row, ROW_BUSY, NULL);
  return row;
}

static void
test_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (RowJob) job = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  ConnectionRow *row;

  summary = pomar_connections_test_finish (POMAR_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || job->self->rows == NULL)
    return;
  row = g_hash_table_lookup (job->self->rows, job->name);
  if (row == NULL)
    return;

  if (summary == NULL)
    {
      set_row_state (row, ROW_FAILED, error->message);
      return;
    }

  /* Translators: %s says what the server answered, e.g. "signed in as
   * ana@example.com". */
  text = g_strdup_printf (_("The connection works: %s."), summary);
  set_row_state (row, ROW_OK, text);
}

static void
test_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PomarPreferencesWindow *self = POMAR_PREFERENCES_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  ConnectionRow *row = start_row_job (self, name);

  if (row == NULL)
    return;
  pomar_connections_test_async (store (self), name, row->cancellable,
                                test_done, row_job_new (self, name));
}

static void
on_token_replaced (PomarPreferencesWindow *self,
                   const char             *name)
{
  PomarWindow *window = main_window (self);
  ConnectionRow *row = self->rows != NULL ? g_hash_table_lookup (self->rows, name) : NULL;
  g_autofree char *text = NULL;

  /* The server accepted it: the row's old failure no longer holds. */
  if (row != NULL)
    set_row_state (row, ROW_OK, _("The server accepted the new token."));

  /* Translators: %s is a connection's name. */
  text = g_strdup_printf (_("The new token of “%s” is saved."), name);
  add_toast (self, text);

  /* A sync refused with the old token can now go through. */
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL);
}

static void
new_token_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PomarPreferencesWindow *self = POMAR_PREFERENCES_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  GtkWidget *dialog;

  if (store (self) == NULL)
    return;

  dialog = pomar_token_dialog_new (store (self), name);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "token-replaced", G_CALLBACK (on_token_replaced), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RowJob *job = task_data;
  g_autoptr (GPtrArray) left = NULL;
  GError *error = NULL;

  if (!pomar_connections_remove_sync (job->store, job->name, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  left = pomar_connections_list (job->store, NULL);
  job->last = left != NULL && left->len == 0;
  g_task_return_boolean (task, TRUE);
}

static void
remove_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  PomarPreferencesWindow *self = POMAR_PREFERENCES_WINDOW (source);
  RowJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  PomarWindow *window;
  ConnectionRow *row;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->rows == NULL)
        return;
      row = g_hash_table_lookup (self->rows, job->name);
      if (row != NULL)
        set_row_state (row, ROW_FAILED, error->message);
      return;
    }

  /* Translators: %s is a connection's name. */
  text = g_strdup_printf (_("Removed “%s” and its token."), job->name);
  add_toast (self, text);
  refresh_connections (self);

  /* The window's "not synced yet" page and sync status name connections.
   * The sync status lists them as of the last sync: with none left, a
   * "sync" only reads the list again, asks no server, and clears the
   * failures of the connection that went. (With others left, the next
   * sync does that; starting one here would sync while automatic syncs
   * may be off.) */
  window = main_window (self);
  if (window != NULL)
    {
      pomar_window_reload (window);
      if (job->last)
        gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL);
    }
}

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  RowJob *job = user_data;
  PomarPreferencesWindow *self = job->self;
  g_autoptr (GTask) task = NULL;
  ConnectionRow *row;

  if (!g_str_equal (response, "remove"))
    return;

  row = start_row_job (self, job->name);
  if (row == NULL)
    return;

  task = g_task_new (self, row->cancellable, remove_done, NULL);
  g_task_set_source_tag (task, on_remove_response);
  g_task_set_name (task, "[pomar] remove connection");
  g_task_set_task_data (task, row_job_new (self, job->name), (GDestroyNotify) row_job_free);
  g_task_run_in_thread (task, remove_thread);
}

static void
remove_connection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PomarPreferencesWindow *self = POMAR_PREFERENCES_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->rows == NULL || g_hash_table_lookup (self->rows, name) == NULL)
    return;

  /* Translators: %s is a connection's name. */
  heading = g_strdup_printf (_("Remove “%s”?"), name);
  /* Translators: %s is a connection's name. */
  body = g_strdup_printf (_("Pomar will stop syncing “%s” and remove its token from the system "
                            "keyring. The customers, tickets and answers it already brought stay "
                            "in the cache."), name);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_remove_response),
                         row_job_new (self, name), (GClosureNotify) (void (*) (void)) row_job_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_connection_added (PomarPreferencesWindow *self,
                     const char             *name)
{
  PomarWindow *window = main_window (self);
  g_autofree char *text = NULL;

  refresh_connections (self);

  /* Translators: %s is a connection's name. */
  text = g_strdup_printf (_("Connection “%s” added."), name);
  add_toast (self, text);

  /* The window shows it and syncs it, as after adding it from there. */
  if (window != NULL)
    pomar_window_connection_added (window, name);
}

static void
add_connection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PomarPreferencesWindow *self = POMAR_PREFERENCES_WINDOW (widget);
  GtkWidget *dialog;

  /* The demo book stays a demo: the connection goes to the person's own
   * cache, whose window opens for it. */
  if (self->is_demo)
    {
      gtk_widget_activate_action (widget, "app.add-connection", NULL);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (store (self) == NULL)
    return;

  dialog = pomar_connection_dialog_new (store (self));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "connection-added", G_CALLBACK (on_connection_added), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Health weights ----------------------------------------------------------- */

static guint
get_weight (PomarPreferencesWindow *self,
            PomarHealthComponent    component)
{
  if (self->settings == NULL)
    return 0;
  return g_settings_get_uint (self->settings, weight_rows[component].key);
}

/* "Weights count in proportion: Adoption 30%, Usage trend 10%, …": each
 * component's share of the score when every component can be scored
 * (domain.md renormalises the weights over the components present). */
static void
update_shares (PomarPreferencesWindow *self)
{
  g_autoptr (GString) shares = g_string_new (NULL);
  g_autoptr (GString) left_out = g_string_new (NULL);
  g_autoptr (GString) text = g_string_new (NULL);
  guint total = 0;
  gboolean defaults = TRUE;

  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    {
      g_autoptr (GVariant) user_value = NULL;

      total += get_weight (self, i);
      if (self->settings != NULL)
        user_value = g_settings_get_user_value (self->settings, weight_rows[i].key);
      defaults = defaults && user_value == NULL;
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.restore-weights",
                                 self->settings != NULL && !defaults);

  if (total == 0)
    {
      gtk_label_set_text (self->shares_label,
                          _("Every weight is 0, so Pomar cannot compute a health score: every "
                            "account’s health shows as unknown. Give at least one component a "
                            "weight."));
      gtk_widget_set_visible (GTK_WIDGET (self->shares_icon), TRUE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->shares_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->shares_label), "warning");
      return;
    }

  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    {
      guint weight = get_weight (self, i);
      const char *component = pomar_health_component_get_name (i);
      GString *list = weight > 0 ? shares : left_out;

      if (list->len > 0)
        /* Translators: between the items of a list, e.g. "Adoption 30%, Support 20%". */
        g_string_append (list, _(", "));
      if (weight > 0)
        /* Translators: a health component and its share of the score, e.g. "Adoption 30%". */
        g_string_append_printf (list, _("%s %d%%"), component, (int) floor (100.0 * weight / total + 0.5));
      else
        g_string_append (list, component);
    }

  /* Translators: %s lists each health component and its share, e.g.
   * "Adoption 30%, Usage trend 10%, Support 20%, Sentiment 25%, Engagement 15%". */
  g_string_printf (text, _("Weights count in proportion: %s."), shares->str);
  if (left_out->len > 0)
    {
      g_string_append_c (text, ' ');
      /* Translators: %s lists the health components whose weight is 0. */
      g_string_append_printf (text, _("Left out: %s."), left_out->str);
    }
  g_string_append_c (text, ' ');
  g_string_append (text, _("An account without data for a component is scored on the others, "
                           "in the same proportions."));

  gtk_label_set_text (self->shares_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->shares_icon), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->shares_label), "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->shares_label), "dim-label");
}

/* Every window recomputes its figures with the new weights (the load on
 * its worker thread refreshes them first) and shows them. */
static gboolean
recompute_figures (gpointer user_data)
{
  PomarPreferencesWindow *self = user_data;
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  self->recompute_id = 0;

  if (application != NULL)
    {
      for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
        if (POMAR_IS_WINDOW (l->data) && !gtk_widget_in_destruction (l->data))
          pomar_window_reload (l->data);
    }
  else if (main_window (self) != NULL && !gtk_widget_in_destruction (GTK_WIDGET (main_window (self))))
    pomar_window_reload (main_window (self));

  return G_SOURCE_REMOVE;
}

static void
on_settings_changed (PomarPreferencesWindow *self,
                     const char             *key)
{
  if (!g_str_has_prefix (key, "health-weight-"))
    return;

  update_shares (self);
  g_clear_handle_id (&self->recompute_id, g_source_remove);
  self->recompute_id = g_timeout_add (RECOMPUTE_DELAY_MS, recompute_figures, self);
}

static void
restore_weights_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PomarPreferencesWindow *self = POMAR_PREFERENCES_WINDOW (widget);

  if (self->settings == NULL)
    return;

  /* Five changes, one recomputation (on_settings_changed waits for the
   * last). Not g_settings_delay(): the settings are the context's, and
   * delay-apply mode cannot be left. */
  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    g_settings_reset (self->settings, weight_rows[i].key);
}

/* A spin button that is its row's activatable widget is labelled by the
 * row's title too, which GTK 4.8 reads after its own label ("Adoption
 * weight Adoption"): the label says it all, so that relation goes. */
static void
named_by_label_only (GtkWidget *widget)
{
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static GtkWidget *
weight_spin_new (guint i)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, 100, 1);

  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_snap_to_ticks (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 3);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(weight_rows[i].accessible_name),
                                  -1);
  return spin;
}

/* A row per component, then the proportions line under them. */
static void
add_weight_rows (PomarPreferencesWindow *self)
{
  GtkWidget *box;

  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = weight_spin_new (i);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pomar_health_component_get_name (i));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(weight_rows[i].subtitle));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      named_by_label_only (spin);
      adw_preferences_group_add (self->weights_group, row);
      self->weight_spins[i] = GTK_SPIN_BUTTON (spin);
    }

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_margin_top (box, 12);

  self->shares_icon = GTK_IMAGE (gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_widget_set_valign (GTK_WIDGET (self->shares_icon), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (self->shares_icon), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->shares_icon), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->shares_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->shares_icon));

  self->shares_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->shares_label, TRUE);
  gtk_label_set_xalign (self->shares_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->shares_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->shares_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->shares_label));

  adw_preferences_group_add (self->weights_group, box);
}

/* Settings --------------------------------------------------------------- */

static void
bind_settings (PomarPreferencesWindow *self)
{
  if (self->settings == NULL)
    {
      const char *why = _("Pomar’s settings schema is not installed, so these settings cannot "
                          "be changed; Pomar uses their defaults.");

      for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
        gtk_spin_button_set_value (self->weight_spins[i], 0);
      adw_preferences_group_set_description (self->sync_group, why);
      adw_preferences_group_set_description (self->weights_group, why);
      adw_preferences_group_set_description (self->lifetime_group, why);
      gtk_widget_set_sensitive (GTK_WIDGET (self->interval_spin), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->lifetime_spin), FALSE);
      for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
        gtk_widget_set_sensitive (GTK_WIDGET (self->weight_spins[i]), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->shares_label), FALSE);
      update_shares (self);
      return;
    }

  g_settings_bind (self->settings, "sync-interval-minutes",
                   self->interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "ltv-default-lifetime",
                   self->lifetime_spin, "value", G_SETTINGS_BIND_DEFAULT);
  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    g_settings_bind (self->settings, weight_rows[i].key,
                     self->weight_spins[i], "value", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self,
                           G_CONNECT_SWAPPED);
  update_shares (self);
}

/* Whether @context is the demo book's (as PomarApplication tells them). */
static gboolean
is_demo_context (PomarContext *context)
{
  g_autofree char *demo_dir = pomar_demo_data_dir ();
  g_autofree char *canonical = g_canonicalize_filename (demo_dir, NULL);

  return context != NULL && g_strcmp0 (pomar_context_get_data_dir (context), canonical) == 0;
}

/* GObject --------------------------------------------------------------- */

static void
pomar_preferences_window_constructed (GObject *object)
{
  PomarPreferencesWindow *self = POMAR_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (pomar_preferences_window_parent_class)->constructed (object);

  if (self->context != NULL)
    self->settings = pomar_context_get_settings (self->context);
  if (self->settings != NULL)
    g_object_ref (self->settings);
  bind_settings (self);

  self->is_demo = is_demo_context (self->context);
  if (self->is_demo)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row),
                                     _("The demo book syncs with nothing"));
      adw_action_row_set_subtitle (self->empty_row,
                                   _("Its customers are made up. Connections belong to your own "
                                     "customers’ cache, which opens in a window of its own when "
                                     "you add one."));
    }
  else if (self->context == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row),
                                     _("This window’s cache could not be opened"));
      adw_action_row_set_subtitle (self->empty_row,
                                   _("Its connections cannot be read or changed."));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.add-connection", FALSE);
    }
  else
    {
      /* Until the list is read: no flash of "No connections yet". */
      gtk_widget_set_visible (GTK_WIDGET (self->empty_row), FALSE);
      refresh_connections (self);
    }
}

static void
pomar_preferences_window_dispose (GObject *object)
{
  PomarPreferencesWindow *self = POMAR_PREFERENCES_WINDOW (object);

  /* Weights changed just before closing are still applied. */
  if (self->recompute_id != 0)
    {
      g_clear_handle_id (&self->recompute_id, g_source_remove);
      recompute_figures (self);
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (pomar_preferences_window_parent_class)->dispose (object);
}

static void
pomar_preferences_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  PomarPreferencesWindow *self = POMAR_PREFERENCES_WINDOW (object);

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
pomar_preferences_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  PomarPreferencesWindow *self = POMAR_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_preferences_window_class_init (PomarPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pomar_preferences_window_constructed;
  object_class->dispose = pomar_preferences_window_dispose;
  object_class->get_property = pomar_preferences_window_get_property;
  object_class->set_property = pomar_preferences_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         POMAR_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/pomar/Pomar/ui/pomar-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarPreferencesWindow, connections_group);
  gtk_widget_class_bind_template_child (widget_class, PomarPreferencesWindow, empty_row);
  gtk_widget_class_bind_template_child (widget_class, PomarPreferencesWindow, sync_group);
  gtk_widget_class_bind_template_child (widget_class, PomarPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, PomarPreferencesWindow, weights_group);
  gtk_widget_class_bind_template_child (widget_class, PomarPreferencesWindow, lifetime_group);
  gtk_widget_class_bind_template_child (widget_class, PomarPreferencesWindow, lifetime_spin);

  gtk_widget_class_install_action (widget_class, "prefs.add-connection", NULL, add_connection_action);
  gtk_widget_class_install_action (widget_class, "prefs.test-connection", "s", test_connection_action);
  gtk_widget_class_install_action (widget_class, "prefs.new-token", "s", new_token_action);
  gtk_widget_class_install_action (widget_class, "prefs.remove-connection", "s", remove_connection_action);
  gtk_widget_class_install_action (widget_class, "prefs.restore-weights", NULL, restore_weights_action);
}

static void
pomar_preferences_window_init (PomarPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  named_by_label_only (GTK_WIDGET (self->interval_spin));
  named_by_label_only (GTK_WIDGET (self->lifetime_spin));

  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) connection_row_free);
  add_weight_rows (self);
}

GtkWidget *
pomar_preferences_window_new (PomarContext *context)
{
  g_return_val_if_fail (context == NULL || POMAR_IS_CONTEXT (context), NULL);

  return g_object_new (POMAR_TYPE_PREFERENCES_WINDOW,
                       "context", context,
                       NULL);
}

PomarContext *
pomar_preferences_window_get_context (PomarPreferencesWindow *self)
{
  g_return_val_if_fail (POMAR_IS_PREFERENCES_WINDOW (self), NULL);
  return self->context;
}
