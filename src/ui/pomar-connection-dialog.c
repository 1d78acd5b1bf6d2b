/* pomar-connection-dialog.c: the "Add a Connection" window.
 *
 * The fields are checked as they are typed (pomar_connections_validate is
 * pure and fast), and "Add" is sensitive only when they pass. Testing and
 * adding talk to D-Bus, SQLite and a server, so they run on worker threads
 * through the _async calls; the window shows a spinner meanwhile and its
 * result inline. Closing the window cancels whatever is in flight.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sync/pomar-connections.h"
#include "pomar-connection-dialog.h"

struct _PomarConnectionDialog
{
  AdwWindow     parent_instance;

  PomarStore   *store;
  GCancellable *cancellable;
  gboolean      busy;
  gboolean      fields_valid;

  /* Template widgets */
  AdwPreferencesGroup *fields_group;
  AdwEntryRow         *name_row;
  AdwComboRow         *provider_row;
  AdwEntryRow         *url_row;
  AdwEntryRow         *email_row;
  AdwEntryRow         *token_row;
  GtkLabel            *status_label;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (PomarConnectionDialog, pomar_connection_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  CONNECTION_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The provider ids, in the combo row's order. */
static const char *
selected_provider (PomarConnectionDialog *self)
{
  const char * const *providers = pomar_connections_get_providers ();
  guint selected = adw_combo_row_get_selected (self->provider_row);

  if (selected >= g_strv_length ((char **) providers))
    return NULL;
  return providers[selected];
}

/* The email only counts while its row is shown (Zendesk). */
static const char *
current_email (PomarConnectionDialog *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->email_row)))
    return NULL;
  return gtk_editable_get_text (GTK_EDITABLE (self->email_row));
}

typedef enum
{
  STATUS_NONE,
  STATUS_INFO,
  STATUS_SUCCESS,
  STATUS_ERROR,
} StatusKind;

static void
show_status (PomarConnectionDialog *self,
             StatusKind             kind,
             const char            *text)
{
  GtkWidget *label = GTK_WIDGET (self->status_label);

  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "dim-label");

  if (kind == STATUS_NONE || text == NULL)
    {
      gtk_label_set_text (self->status_label, "");
      gtk_widget_set_visible (label, FALSE);
      return;
    }

  if (kind == STATUS_ERROR)
    gtk_widget_add_css_class (label, "error");
  else if (kind == STATUS_SUCCESS)
    gtk_widget_add_css_class (label, "success");
  else
    gtk_widget_add_css_class (label, "dim-label");

  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_visible (label, TRUE);
}

static void
update_actions (PomarConnectionDialog *self)
{
  gboolean ready = self->fields_valid && !self->busy;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.add", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.test", ready);
}

static void
set_busy (PomarConnectionDialog *self,
          gboolean               busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* The fields are frozen rather than made insensitive: a focused text
   * field that turns insensitive loses its focus-out event (GTK 4.8 warns
   * about it), and a person's place in the form should stay anyway. */
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->url_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->email_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->token_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->provider_row), !busy);
  update_actions (self);
}

/* Checks the fields and says what is wrong with the ones already filled
 * in: an empty field makes the form incomplete, not wrong, so it is
 * replaced by a stand-in for the check and left unmentioned. */
static void
validate_fields (PomarConnectionDialog *self)
{
  g_autoptr (GError) error = NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  gboolean complete = *name != '\0' && *url != '\0' && *token != '\0';

  if (pomar_connections_validate (*name != '\0' ? name : "-",
                                  selected_provider (self),
                                  *url != '\0' ? url : "https://example.com",
                                  current_email (self),
                                  NULL, &error))
    {
      self->fields_valid = complete;
      show_status (self, STATUS_NONE, NULL);
    }
  else
    {
      self->fields_valid = FALSE;
      show_status (self, STATUS_ERROR, error->message);
    }

  update_actions (self);
}

static void
on_field_changed (PomarConnectionDialog *self)
{
  if (!self->busy)
    validate_fields (self);
}

/* A hint under the fields for each provider: where its URL and token are. */
static void
update_provider (PomarConnectionDialog *self)
{
  const char *provider = selected_provider (self);
  const char *hint = NULL;

  if (g_strcmp0 (provider, "pomar") == 0)
    hint = _("The base URL of your team’s Pomar Sync API, such as https://cs.example.com/api, "
             "and the token it gave you.");
  else if (g_strcmp0 (provider, "zendesk") == 0)
    hint = _("The address of your Zendesk, such as https://example.zendesk.com. With your email, "
             "the token is an API token; without it, an OAuth access token.");
  else if (g_strcmp0 (provider, "hubspot") == 0)
    hint = _("https://api.hubapi.com and the access token of a HubSpot private app.");
  else if (g_strcmp0 (provider, "redmine") == 0)
    hint = _("The address of your Redmine and your API access key (My account → API access key).");

  adw_preferences_group_set_description (self->fields_group, hint);
  gtk_widget_set_visible (GTK_WIDGET (self->email_row),
                          pomar_connections_provider_takes_email (provider));

  /* HubSpot has one address for everybody. */
  if (g_strcmp0 (provider, "hubspot") == 0
      && *gtk_editable_get_text (GTK_EDITABLE (self->url_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), "https://api.hubapi.com");

  on_field_changed (self);
}

/* Results -------------------------------------------------------------- */

static void
check_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (PomarConnectionDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;

  summary = pomar_connections_check_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (summary == NULL)
    {
      show_status (self, STATUS_ERROR, error->message);
      return;
    }

  /* Translators: %s says what the server answered, e.g. "signed in as
   * ana@example.com". */
  text = g_strdup_printf (_("The connection works: %s."), summary);
  show_status (self, STATUS_SUCCESS, text);
}

static void
add_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (PomarConnectionDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;

  if (!pomar_connections_add_finish (POMAR_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_busy (self, FALSE);
      show_status (self, STATUS_ERROR, error->message);
      return;
    }

  set_busy (self, FALSE);
  name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  g_signal_emit (self, signals[CONNECTION_ADDED], 0, name);
  gtk_window_close (GTK_WINDOW (self));
}

/* Actions --------------------------------------------------------------- */

static void
start_operation (PomarConnectionDialog *self,
                 const char            *message)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_busy (self, TRUE);
  show_status (self, STATUS_INFO, message);
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PomarConnectionDialog *self = POMAR_CONNECTION_DIALOG (widget);

  if (!self->fields_valid || self->busy)
    return;

  start_operation (self, _("Asking the server…"));
  pomar_connections_check_async (selected_provider (self),
                                 gtk_editable_get_text (GTK_EDITABLE (self->url_row)),
                                 current_email (self),
                                 gtk_editable_get_text (GTK_EDITABLE (self->token_row)),
                                 self->cancellable,
                                 check_done,
                                 g_object_ref (self));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PomarConnectionDialog *self = POMAR_CONNECTION_DIALOG (widget);

  if (!self->fields_valid || self->busy)
    return;

  start_operation (self, _("Saving the token in the system keyring…"));
  pomar_connections_add_async (self->store,
                               gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                               selected_provider (self),
                               gtk_editable_get_text (GTK_EDITABLE (self->url_row)),
                               current_email (self),
                               gtk_editable_get_text (GTK_EDITABLE (self->token_row)),
                               self->cancellable,
                               add_done,
                               g_object_ref (self));
}

/* GObject --------------------------------------------------------------- */

static void
pomar_connection_dialog_dispose (GObject *object)
{
  PomarConnectionDialog *self = POMAR_CONNECTION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_CONNECTION_DIALOG);

  G_OBJECT_CLASS (pomar_connection_dialog_parent_class)->dispose (object);
}

static void
pomar_connection_dialog_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  PomarConnectionDialog *self = POMAR_CONNECTION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_connection_dialog_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  PomarConnectionDialog *self = POMAR_CONNECTION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_connection_dialog_class_init (PomarConnectionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pomar_connection_dialog_dispose;
  object_class->get_property = pomar_connection_dialog_get_property;
  object_class->set_property = pomar_connection_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         POMAR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PomarConnectionDialog::connection-added:
   * @name: the new connection's name
   *
   * The connection and its token are stored; the window closes next.
   */
  signals[CONNECTION_ADDED] =
    g_signal_new ("connection-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/pomar/Pomar/ui/pomar-connection-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarConnectionDialog, fields_group);
  gtk_widget_class_bind_template_child (widget_class, PomarConnectionDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PomarConnectionDialog, provider_row);
  gtk_widget_class_bind_template_child (widget_class, PomarConnectionDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, PomarConnectionDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, PomarConnectionDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, PomarConnectionDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, PomarConnectionDialog, spinner);

  gtk_widget_class_install_action (widget_class, "connection.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "connection.add", NULL, add_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pomar_connection_dialog_init (PomarConnectionDialog *self)
{
  g_autoptr (GtkStringList) titles = gtk_string_list_new (NULL);
  const char * const *providers = pomar_connections_get_providers ();
  guint i;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (i = 0; providers[i] != NULL; i++)
    gtk_string_list_append (titles, pomar_connections_get_provider_title (providers[i]));
  adw_combo_row_set_model (self->provider_row, G_LIST_MODEL (titles));

  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (on_field_changed), self);
  g_signal_connect_swapped (self->url_row, "changed", G_CALLBACK (on_field_changed), self);
  g_signal_connect_swapped (self->email_row, "changed", G_CALLBACK (on_field_changed), self);
  g_signal_connect_swapped (self->token_row, "changed", G_CALLBACK (on_field_changed), self);
  g_signal_connect_swapped (self->provider_row, "notify::selected",
                            G_CALLBACK (update_provider), self);

  update_provider (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

GtkWidget *
pomar_connection_dialog_new (PomarStore *store)
{
  g_return_val_if_fail (POMAR_IS_STORE (store), NULL);

  return g_object_new (POMAR_TYPE_CONNECTION_DIALOG,
                       "store", store,
                       NULL);
}
