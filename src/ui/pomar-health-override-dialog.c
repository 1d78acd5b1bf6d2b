/* pomar-health-override-dialog.c: setting an account's health by hand.
 *
 * A score 0..100, a reason (required: the team reads it beside the score)
 * and the day the computed score applies again, after today and 30 days
 * out at first (domain.md's default). Set stays disabled until the three
 * make an override the store takes, and the window says what is missing,
 * so that the user never meets a refusal for something it could have said
 * first. The store's own refusals and failures (pomar_context_set_health_
 * override_async) still show in the window, in words, and leave it open.
 * Closing the window cancels what is in flight.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pomar-health-card-private.h"
#include "pomar-health-override-dialog.h"
#include "pomar-ui-util.h"

struct _PomarHealthOverrideDialog
{
  AdwWindow     parent_instance;

  PomarContext *context;
  char         *account_id;
  PomarDay      expires_on;
  GCancellable *cancellable;
  gboolean      busy;
  gboolean      failed;   /* the status label shows a failure */

  /* Template widgets */
  GtkSpinButton *score_spin;
  AdwEntryRow   *reason_row;
  GtkMenuButton *until_button;
  GtkCalendar   *calendar;
  GtkLabel      *status_label;
  GtkSpinner    *spinner;
  GtkWidget     *set_button;
};

G_DEFINE_FINAL_TYPE (PomarHealthOverrideDialog, pomar_health_override_dialog, ADW_TYPE_WINDOW)

gboolean
pomar_health_override_check (int          score,
                             const char  *reason,
                             PomarDay     expires_on,
                             PomarDay     today,
                             const char **why)
{
  g_autofree char *stripped = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  const char *problem = NULL;

  if (score < 0 || score > 100)
    problem = _("The score goes from 0 to 100.");
  else if (*stripped == '\0')
    problem = _("Give a reason: your team sees it beside the score.");
  else if (expires_on == POMAR_NO_DAY || expires_on <= today)
    problem = _("Choose a day after today for the override to end.");

  if (why != NULL)
    *why = problem;
  return problem == NULL;
}

static int
current_score (PomarHealthOverrideDialog *self)
{
  return gtk_spin_button_get_value_as_int (self->score_spin);
}

static void
update (PomarHealthOverrideDialog *self)
{
  const char *why = NULL;
  gboolean valid;

  valid = pomar_health_override_check (current_score (self),
                                       gtk_editable_get_text (GTK_EDITABLE (self->reason_row)),
                                       self->expires_on, pomar_day_today (), &why);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "override.set", valid && !self->busy);

  /* A failure stays in sight until the user changes something. */
  if (!self->failed)
    pomar_show_status (self->status_label, why, FALSE);
}

static void
on_changed (PomarHealthOverrideDialog *self)
{
  self->failed = FALSE;
  update (self);
}

static void
set_expiry (PomarHealthOverrideDialog *self,
            PomarDay                   day)
{
  g_autofree char *text = pomar_health_format_day (day);
  g_autofree char *accessible = NULL;

  self->expires_on = day;
  gtk_menu_button_set_label (self->until_button, text);
  /* Translators: the button that opens the calendar of the expiry day. */
  accessible = g_strdup_printf (_("Until %s"), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->until_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
on_day_selected (PomarHealthOverrideDialog *self)
{
  g_autoptr (GDateTime) when = gtk_calendar_get_date (self->calendar);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (when),
                  g_date_time_get_month (when), g_date_time_get_year (when));
  set_expiry (self, pomar_day_from_date (&date));
  gtk_menu_button_popdown (self->until_button);
  on_changed (self);
}

static void
select_day (PomarHealthOverrideDialog *self,
            PomarDay                   day)
{
  g_autoptr (GDateTime) when = NULL;
  GDate date;

  if (day == POMAR_NO_DAY)
    {
      set_expiry (self, day);
      return;
    }
  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  when = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                g_date_get_day (&date), 12, 0, 0);
  g_signal_handlers_block_by_func (self->calendar, on_day_selected, self);
  gtk_calendar_select_day (self->calendar, when);
  g_signal_handlers_unblock_by_func (self->calendar, on_day_selected, self);
  set_expiry (self, day);
}

static void
on_override_set (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (PomarHealthOverrideDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  if (pomar_context_set_health_override_finish (POMAR_CONTEXT (source), result, &error))
    {
      /* The context emits "account-changed": the page shows the override. */
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  self->failed = TRUE;
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  /* Translators: the reason comes from Pomar, a sentence. */
  text = g_strdup_printf (_("The override could not be set: %s"), error->message);
  pomar_show_status (self->status_label, text, TRUE);
  update (self);
}

static void
set_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PomarHealthOverrideDialog *self = POMAR_HEALTH_OVERRIDE_DIALOG (widget);
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));
  g_autofree char *stripped = g_strstrip (g_strdup (reason));

  if (self->busy || !pomar_health_override_check (current_score (self), stripped,
                                                  self->expires_on, pomar_day_today (), NULL))
    return;

  self->busy = TRUE;
  self->failed = FALSE;
  pomar_show_status (self->status_label, NULL, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);
  update (self);

  pomar_context_set_health_override_async (self->context, self->account_id,
                                           current_score (self), stripped, self->expires_on,
                                           self->cancellable, on_override_set,
                                           g_object_ref (self));
}

static gboolean
pomar_health_override_dialog_close_request (GtkWindow *window)
{
  PomarHealthOverrideDialog *self = POMAR_HEALTH_OVERRIDE_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (pomar_health_override_dialog_parent_class)->close_request (window);
}

static void
pomar_health_override_dialog_dispose (GObject *object)
{
  PomarHealthOverrideDialog *self = POMAR_HEALTH_OVERRIDE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_HEALTH_OVERRIDE_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pomar_health_override_dialog_parent_class)->dispose (object);
}

static void
pomar_health_override_dialog_finalize (GObject *object)
{
  PomarHealthOverrideDialog *self = POMAR_HEALTH_OVERRIDE_DIALOG (object);

  g_free (self->account_id);

  G_OBJECT_CLASS (pomar_health_override_dialog_parent_class)->finalize (object);
}

static void
pomar_health_override_dialog_class_init (PomarHealthOverrideDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pomar_health_override_dialog_dispose;
  object_class->finalize = pomar_health_override_dialog_finalize;
  window_class->close_request = pomar_health_override_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pomar/Pomar/ui/pomar-health-override-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarHealthOverrideDialog, score_spin);
  gtk_widget_class_bind_template_child (widget_class, PomarHealthOverrideDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, PomarHealthOverrideDialog, until_button);
  gtk_widget_class_bind_template_child (widget_class, PomarHealthOverrideDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, PomarHealthOverrideDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, PomarHealthOverrideDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, PomarHealthOverrideDialog, set_button);

  gtk_widget_class_install_action (widget_class, "override.set", NULL, set_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pomar_health_override_dialog_init (PomarHealthOverrideDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  g_signal_connect_swapped (self->score_spin, "value-changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->reason_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->calendar, "day-selected", G_CALLBACK (on_day_selected), self);
  g_signal_connect_swapped (self->reason_row, "entry-activated",
                            G_CALLBACK (gtk_widget_activate_default), self);

  select_day (self, pomar_day_today () + POMAR_HEALTH_OVERRIDE_DEFAULT_DAYS);
}

GtkWidget *
pomar_health_override_dialog_new (PomarContext *context,
                                  const char   *account_id,
                                  int           score)
{
  PomarHealthOverrideDialog *self;

  g_return_val_if_fail (POMAR_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  self = g_object_new (POMAR_TYPE_HEALTH_OVERRIDE_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->account_id = g_strdup (account_id);
  gtk_spin_button_set_value (self->score_spin, score >= 0 ? CLAMP (score, 0, 100) : 50);
  update (self);

  return GTK_WIDGET (self);
}

void
pomar_health_override_dialog_set_values (PomarHealthOverrideDialog *self,
                                         int                        score,
                                         const char                *reason,
                                         PomarDay                   expires_on)
{
  g_return_if_fail (POMAR_IS_HEALTH_OVERRIDE_DIALOG (self));

  gtk_spin_button_set_value (self->score_spin, score);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), reason != NULL ? reason : "");
  select_day (self, expires_on);
  on_changed (self);
}

gboolean
pomar_health_override_dialog_can_set (PomarHealthOverrideDialog *self,
                                      const char               **why)
{
  g_return_val_if_fail (POMAR_IS_HEALTH_OVERRIDE_DIALOG (self), FALSE);

  pomar_health_override_check (current_score (self),
                               gtk_editable_get_text (GTK_EDITABLE (self->reason_row)),
                               self->expires_on, pomar_day_today (), why);
  return gtk_widget_get_sensitive (self->set_button);
}

GtkWidget *
pomar_health_override_dialog_get_set_button (PomarHealthOverrideDialog *self)
{
  g_return_val_if_fail (POMAR_IS_HEALTH_OVERRIDE_DIALOG (self), NULL);
  return self->set_button;
}

const char *
pomar_health_override_dialog_get_status (PomarHealthOverrideDialog *self)
{
  g_return_val_if_fail (POMAR_IS_HEALTH_OVERRIDE_DIALOG (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->status_label)))
    return NULL;
  return gtk_label_get_text (self->status_label);
}

gboolean
pomar_health_override_dialog_get_busy (PomarHealthOverrideDialog *self)
{
  g_return_val_if_fail (POMAR_IS_HEALTH_OVERRIDE_DIALOG (self), FALSE);
  return self->busy;
}
