/* pomar-token-dialog.c: a new token for a connection.
 *
 * When a server refuses a connection's token, the fix is a new token, not
 * a new connection: this window takes one, has the server check it and
 * keeps it in the system keyring in place of the old one
 * (pomar_sync_runner_replace_token_async, on a worker thread). A token the
 * server refuses too is not kept, and the window says why and stays open.
 * Closing the window cancels whatever is in flight.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/pomar-error.h"
#include "pomar-sync-runner.h"
#include "pomar-token-dialog.h"
#include "pomar-ui-util.h"

struct _PomarTokenDialog
{
  AdwWindow     parent_instance;

  PomarStore   *store;
  char         *name;
  GCancellable *cancellable;
  gboolean      busy;

  /* Template widgets */
  AdwPreferencesGroup *group;
  AdwEntryRow         *token_row;
  GtkLabel            *status_label;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (PomarTokenDialog, pomar_token_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_NAME,
  N_PROPS
};

enum {
  TOKEN_REPLACED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A pasted token often carries a line break or spaces around it. */
static char *
current_token (PomarTokenDialog *self)
{
  char *token = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row)));

  return g_strstrip (token);
}

static void
update_actions (PomarTokenDialog *self)
{
  g_autofree char *token = current_token (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "token.save", !self->busy && *token != '\0');
  memset (token, 0, strlen (token));
}

static void
set_busy (PomarTokenDialog *self,
          gboolean          busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* Frozen rather than insensitive, as in the connection window: the
   * focused field keeps its focus. */
  gtk_editable_set_editable (GTK_EDITABLE (self->token_row), !busy);
  update_actions (self);
}

static void
replace_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (PomarTokenDialog) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!pomar_sync_runner_replace_token_finish (POMAR_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      /* The sync layer's sentence for a refused token says to add the
       * connection again, which is what this window spares. */
      if (g_error_matches (error, POMAR_ERROR, POMAR_ERROR_AUTH))
        pomar_show_status (self->status_label,
                           _("The server refused this token as well. Check that it was copied "
                             "whole and that it has not expired."), TRUE);
      else
        pomar_show_status (self->status_label, error->message, TRUE);
      return;
    }

  set_busy (self, FALSE);
  g_signal_emit (self, signals[TOKEN_REPLACED], 0, self->name);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PomarTokenDialog *self = POMAR_TOKEN_DIALOG (widget);
  g_autofree char *token = current_token (self);

  if (self->busy || *token == '\0')
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_busy (self, TRUE);
  pomar_show_status (self->status_label, _("Asking the server…"), FALSE);
  pomar_sync_runner_replace_token_async (self->store, self->name, token, self->cancellable,
                                         replace_done, g_object_ref (self));
  memset (token, 0, strlen (token));
}

/* GObject --------------------------------------------------------------- */

static void
pomar_token_dialog_constructed (GObject *object)
{
  PomarTokenDialog *self = POMAR_TOKEN_DIALOG (object);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  G_OBJECT_CLASS (pomar_token_dialog_parent_class)->constructed (object);

  /* Translators: %s is a connection's name. */
  title = g_strdup_printf (_("A New Token for “%s”"), self->name);
  description = g_strdup (_("The server refused the token Pomar had for this connection (it may "
                            "have expired or been revoked), or the system keyring no longer holds "
                            "it. Pomar checks the new one with the server and keeps it in the "
                            "system keyring, nowhere else."));
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_preferences_group_set_description (self->group, description);
}

static void
pomar_token_dialog_dispose (GObject *object)
{
  PomarTokenDialog *self = POMAR_TOKEN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_TOKEN_DIALOG);

  G_OBJECT_CLASS (pomar_token_dialog_parent_class)->dispose (object);
}

static void
pomar_token_dialog_finalize (GObject *object)
{
  PomarTokenDialog *self = POMAR_TOKEN_DIALOG (object);

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (pomar_token_dialog_parent_class)->finalize (object);
}

static void
pomar_token_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PomarTokenDialog *self = POMAR_TOKEN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_token_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PomarTokenDialog *self = POMAR_TOKEN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_token_dialog_class_init (PomarTokenDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pomar_token_dialog_constructed;
  object_class->dispose = pomar_token_dialog_dispose;
  object_class->finalize = pomar_token_dialog_finalize;
  object_class->get_property = pomar_token_dialog_get_property;
  object_class->set_property = pomar_token_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, POMAR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PomarTokenDialog::token-replaced:
   * @name: the connection's name
   *
   * The server accepted the new token and the keyring keeps it; the
   * window closes next.
   */
  signals[TOKEN_REPLACED] =
    g_signal_new ("token-replaced",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pomar/Pomar/ui/pomar-token-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarTokenDialog, group);
  gtk_widget_class_bind_template_child (widget_class, PomarTokenDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, PomarTokenDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, PomarTokenDialog, spinner);

  gtk_widget_class_install_action (widget_class, "token.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pomar_token_dialog_init (PomarTokenDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->token_row, "changed", G_CALLBACK (update_actions), self);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
}

GtkWidget *
pomar_token_dialog_new (PomarStore *store,
                        const char *name)
{
  g_return_val_if_fail (POMAR_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (POMAR_TYPE_TOKEN_DIALOG,
                       "store", store,
                       "name", name,
                       NULL);
}
