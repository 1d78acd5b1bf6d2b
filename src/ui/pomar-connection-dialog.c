/* pomar-connection-dialog.c: the "Add a Connection" window.
 *
 * The fields are checked as they are typed (pomar_connections_validate is
 * pure and fast), and "Add" is sensitive only when they pass. Testing and
 * adding talk to D-Bus, SQLite and a server, so they run on worker threads
 * through the _async calls; the window shows a spinner meanwhile and its
 * result inline. Closing the window cancels whatever is in flight.
 *
 * A HubSpot connection also names the company properties that hold ARR,
 * the renewal date and the rest (pomar-provider-hubspot.h): nothing is
 * guessed. Those rows are checked by the same call as `pomarctl connection
 * add --property`, one row at a time, so that each error shows under the
 * row it is about.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sync/pomar-connections.h"
#include "sync/pomar-provider-hubspot.h"
#include "pomar-connection-dialog.h"

/* The fields a HubSpot property can be named for, in the order shown; the
 * less common ones wait under "More fields". Every field of
 * pomar_hubspot_get_mapped_fields() has a row (checked in class_init). */
typedef struct
{
  const char *field;
  const char *title;
  const char *accessible_name;
  gboolean    more;
} PropertyField;

static const PropertyField property_fields[] = {
  { "arr", N_("ARR"), N_("ARR property"), FALSE },
  { "currency", N_("Currency"), N_("Currency property"), FALSE },
  { "renewal_date", N_("Renewal date"), N_("Renewal date property"), FALSE },
  { "licensed_seats", N_("Licensed seats"), N_("Licensed seats property"), FALSE },
  { "stage", N_("Stage"), N_("Stage property"), FALSE },
  { "contract_start", N_("Contract start"), N_("Contract start property"), TRUE },
  { "segment", N_("Segment"), N_("Segment property"), TRUE },
  { "owner", N_("Owner"), N_("Owner property"), TRUE },
  { "plan", N_("Plan"), N_("Plan property"), TRUE },
};

#define N_PROPERTY_FIELDS G_N_ELEMENTS (property_fields)

struct _PomarConnectionDialog
{
  AdwWindow     parent_instance;

  PomarStore   *store;
  GCancellable *cancellable;
  gboolean      busy;
  gboolean      fields_valid;
  gboolean      properties_valid;

  /* Template widgets */
  AdwPreferencesGroup *fields_group;
  AdwEntryRow         *name_row;
  AdwComboRow         *provider_row;
  AdwEntryRow         *url_row;
  AdwEntryRow         *email_row;
  AdwEntryRow         *token_row;
  GtkLabel            *status_label;
  GtkSpinner          *spinner;
  AdwPreferencesGroup *properties_group;

  /* Made in code, from property_fields: an entry per field, and under
   * each a row with its error, shown only when there is one. */
  AdwEntryRow         *property_rows[N_PROPERTY_FIELDS];
  GtkWidget           *property_error_rows[N_PROPERTY_FIELDS];
  GtkLabel            *property_error_labels[N_PROPERTY_FIELDS];
  AdwExpanderRow      *more_properties_row;
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

static gboolean
is_hubspot (PomarConnectionDialog *self)
{
  return g_strcmp0 (selected_provider (self), "hubspot") == 0;
}

/* Testing asks only whether the token opens the URL; the properties are
 * for adding. */
static void
update_actions (PomarConnectionDialog *self)
{
  gboolean testable = self->fields_valid && !self->busy;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.add",
                                 testable && self->properties_valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.test", testable);
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
  for (guint i = 0; i < N_PROPERTY_FIELDS; i++)
    gtk_editable_set_editable (GTK_EDITABLE (self->property_rows[i]), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->provider_row), !busy);
  update_actions (self);
}

/* Shows @message (or nothing, for NULL) under the property row @i, and
 * tells assistive technologies that the entry is wrong and why. */
static void
show_property_error (PomarConnectionDialog *self,
                     guint                  i,
                     const char            *message)
{
  GtkWidget *row = GTK_WIDGET (self->property_rows[i]);
  GtkAccessible *accessible = GTK_ACCESSIBLE (row);

  gtk_label_set_text (self->property_error_labels[i], message != NULL ? message : "");
  gtk_widget_set_visible (self->property_error_rows[i], message != NULL);

  if (message != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_state (accessible,
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_state (accessible, GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/* "field=property" for the property row @i, as `pomarctl connection add
 * --property` takes it, or NULL when the row is empty: an empty row names
 * no property, and the field stays empty. */
static char *
property_assignment (PomarConnectionDialog *self,
                     guint                  i)
{
  g_autofree char *property =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->property_rows[i]))));

  if (*property == '\0')
    return NULL;
  return g_strdup_printf ("%s=%s", property_fields[i].field, property);
}

/* The assignments of every row filled in; NULL-terminated. */
static GStrv
property_assignments (PomarConnectionDialog *self)
{
  GPtrArray *assignments = g_ptr_array_new ();

  for (guint i = 0; i < N_PROPERTY_FIELDS; i++)
    {
      char *assignment = property_assignment (self, i);

      if (assignment != NULL)
        g_ptr_array_add (assignments, assignment);
    }
  g_ptr_array_add (assignments, NULL);

  return (GStrv) g_ptr_array_free (assignments, FALSE);
}

/* Checks each property row on its own, so that every wrong row shows its
 * own error. Returns FALSE when one is wrong. */
static gboolean
validate_properties (PomarConnectionDialog *self)
{
  gboolean valid = TRUE;

  for (guint i = 0; i < N_PROPERTY_FIELDS; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *settings = NULL;
      g_autofree char *assignment = property_assignment (self, i);
      const char *assignments[] = { assignment, NULL };

      if (assignment == NULL
          || pomar_hubspot_settings_from_assignments (assignments, &settings, &error))
        {
          show_property_error (self, i, NULL);
          continue;
        }

      show_property_error (self, i, error->message);
      valid = FALSE;

      /* Add turns insensitive: its reason must not stay folded away. */
      if (property_fields[i].more)
        adw_expander_row_set_expanded (self->more_properties_row, TRUE);
    }

  return valid;
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

  /* The rows of another provider's properties are hidden, and ignored. */
  self->properties_valid = validate_properties (self) || !is_hubspot (self);

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
  gtk_widget_set_visible (GTK_WIDGET (self->properties_group), is_hubspot (self));

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

  if (!pomar_connections_add_with_settings_finish (POMAR_STORE (source), result, &error))
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
  g_autoptr (GError) error = NULL;
  g_autofree char *settings = NULL;

  if (!self->fields_valid || !self->properties_valid || self->busy)
    return;

  if (is_hubspot (self))
    {
      g_auto (GStrv) assignments = property_assignments (self);

      /* Each row passed on its own; all of them at once can only fail
       * the same way, but the CLI's call has the last word. */
      if (!pomar_hubspot_settings_from_assignments ((const char * const *) assignments,
                                                    &settings, &error))
        {
          show_status (self, STATUS_ERROR, error->message);
          return;
        }
    }

  start_operation (self, _("Saving the token in the system keyring…"));
  pomar_connections_add_with_settings_async (self->store,
                                             gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                             selected_provider (self),
                                             gtk_editable_get_text (GTK_EDITABLE (self->url_row)),
                                             current_email (self),
                                             settings,
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
  gtk_widget_class_bind_template_child (widget_class, PomarConnectionDialog, properties_group);

  gtk_widget_class_install_action (widget_class, "connection.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "connection.add", NULL, add_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  /* A field the provider can read but the window cannot name would be one
   * only the CLI could map. */
  for (const char * const *field = pomar_hubspot_get_mapped_fields (); *field != NULL; field++)
    {
      gboolean shown = FALSE;

      for (guint i = 0; i < N_PROPERTY_FIELDS && !shown; i++)
        shown = g_str_equal (property_fields[i].field, *field);
      if (!shown)
        g_critical ("The HubSpot field “%s” has no row in the connection window", *field);
    }
}

/* The property rows, from property_fields: the common ones in the group,
 * the others in an expander row at its end. */
static void
add_property_rows (PomarConnectionDialog *self)
{
  for (guint i = 0; i < N_PROPERTY_FIELDS; i++)
    {
      const PropertyField *field = &property_fields[i];
      GtkWidget *entry = adw_entry_row_new ();
      GtkWidget *error_row = adw_preferences_row_new ();
      GtkWidget *label = gtk_label_new (NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _(field->title));
      adw_entry_row_set_activates_default (ADW_ENTRY_ROW (entry), TRUE);
      adw_entry_row_set_input_hints (ADW_ENTRY_ROW (entry),
                                     GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_NO_EMOJI);
      /* Internal names are identifiers, not prose. */
      gtk_widget_add_css_class (entry, "monospace");
      /* The title alone ("Stage") would not say that a property's name
       * is wanted, not a stage. The row is the text box screen readers
       * see (its inner text has no role of its own); it is labelled by
       * its title, which GTK would read after the label ("ARR property
       * ARR"), so that relation goes. */
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(field->accessible_name),
                                      -1);
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_field_changed), self);

      /* The error, in the colour and place of the window's other errors,
       * but neither selectable nor focusable: the entry's accessible
       * description carries it for screen readers. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "error");
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 8);
      gtk_widget_set_margin_bottom (label, 8);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (error_row), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (error_row), FALSE);
      gtk_widget_set_focusable (error_row, FALSE);
      gtk_widget_set_visible (error_row, FALSE);

      if (field->more && self->more_properties_row == NULL)
        {
          self->more_properties_row = ADW_EXPANDER_ROW (adw_expander_row_new ());
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->more_properties_row),
                                         _("More fields"));
          adw_expander_row_set_subtitle (self->more_properties_row,
                                         _("Contract start, segment, owner and plan"));
          adw_preferences_group_add (self->properties_group,
                                     GTK_WIDGET (self->more_properties_row));
        }

      if (field->more)
        {
          adw_expander_row_add_row (self->more_properties_row, entry);
          adw_expander_row_add_row (self->more_properties_row, error_row);
        }
      else
        {
          adw_preferences_group_add (self->properties_group, entry);
          adw_preferences_group_add (self->properties_group, error_row);
        }

      self->property_rows[i] = ADW_ENTRY_ROW (entry);
      self->property_error_rows[i] = error_row;
      self->property_error_labels[i] = GTK_LABEL (label);
    }
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
  add_property_rows (self);

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
