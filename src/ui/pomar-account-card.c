/* pomar-account-card.c: one account on the board, as a card.
 *
 * The board's list views recycle cards: a card is bound to one account after
 * another, so everything it shows is (re)set in set_account and nothing is
 * appended. Its accessible label repeats the key figures in one sentence, so
 * that a screen reader (and the AT-SPI smoke test) reads a card as a whole.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "core/pomar-stage.h"
#include "pomar-account-card.h"

struct _PomarAccountCard
{
  GtkWidget           parent_instance;

  PomarAccountObject *account;
  char               *tooltip;

  /* Template widgets */
  GtkLabel           *name_label;
  GtkLabel           *arr_label;
  GtkLabel           *tickets_label;
  GtkLabel           *owner_label;
  GtkLabel           *renewal_label;
};

G_DEFINE_FINAL_TYPE (PomarAccountCard, pomar_account_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Days from today to a "YYYY-MM-DD" day; FALSE when @day does not parse. */
static gboolean
days_until (const char *day,
            int        *days)
{
  g_autoptr (GDateTime) now = NULL;
  GDate today;
  GDate date;
  guint y, m, d;

  if (day == NULL || sscanf (day, "%4u-%2u-%2u", &y, &m, &d) != 3
      || !g_date_valid_dmy (d, m, y))
    return FALSE;

  now = g_date_time_new_now_local ();
  g_date_clear (&today, 1);
  g_date_set_dmy (&today,
                  g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now),
                  g_date_time_get_year (now));
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);

  *days = g_date_days_between (&today, &date);
  return TRUE;
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
update (PomarAccountCard *self)
{
  const PomarAccountSummary *summary;
  const PomarAccount *account;
  g_autoptr (GPtrArray) facts = g_ptr_array_new ();
  g_autofree char *description = NULL;
  g_autofree char *arr = NULL;
  g_autofree char *tickets = NULL;
  g_autofree char *urgent = NULL;
  g_autofree char *renewal = NULL;
  g_autofree char *owner = NULL;
  const char *renewal_class = "dim-label";
  int days;

  gtk_widget_remove_css_class (GTK_WIDGET (self->tickets_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->tickets_label), "caption-heading");
  gtk_widget_remove_css_class (GTK_WIDGET (self->renewal_label), "dim-label");
  gtk_widget_remove_css_class (GTK_WIDGET (self->renewal_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->renewal_label), "error");

  if (self->account == NULL)
    {
      set_label (self->name_label, NULL);
      set_label (self->arr_label, NULL);
      set_label (self->tickets_label, NULL);
      set_label (self->owner_label, NULL);
      set_label (self->renewal_label, NULL);
      g_clear_pointer (&self->tooltip, g_free);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  summary = pomar_account_object_get_summary (self->account);
  account = &summary->account;

  arr = pomar_format_money (account->arr, account->currency);

  if (summary->open_tickets == 0)
    tickets = g_strdup (_("No open tickets"));
  else
    tickets = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%d open ticket",
                                            "%d open tickets",
                                            (gulong) summary->open_tickets),
                               (int) summary->open_tickets);
  if (summary->open_urgent_tickets > 0)
    urgent = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%d urgent",
                                           "%d urgent",
                                           (gulong) summary->open_urgent_tickets),
                              (int) summary->open_urgent_tickets);

  /* A churned account's renewal date is history, not a countdown. */
  if (pomar_stage_from_id (account->stage) != POMAR_STAGE_CHURNED
      && days_until (account->renewal_date, &days))
    {
      if (days < 0)
        {
          renewal = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Renewal overdue by %d day",
                                                  "Renewal overdue by %d days",
                                                  -days),
                                     -days);
          renewal_class = "error";
        }
      else if (days == 0)
        renewal = g_strdup (_("Renews today"));
      else if (days == 1)
        renewal = g_strdup (_("Renews tomorrow"));
      else
        renewal = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Renews in %d day",
                                                "Renews in %d days",
                                                days),
                                   days);

      /* The window in which domain.md counts ARR at risk. */
      if (days >= 0 && days <= 90)
        renewal_class = "warning";
    }

  set_label (self->name_label, account->name);
  set_label (self->arr_label, arr);
  if (urgent != NULL)
    {
      g_autofree char *line = g_strdup_printf (_("%s · %s"), tickets, urgent);

      set_label (self->tickets_label, line);
      gtk_widget_add_css_class (GTK_WIDGET (self->tickets_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->tickets_label), "caption-heading");
    }
  else
    set_label (self->tickets_label, tickets);
  set_label (self->owner_label, account->owner);
  set_label (self->renewal_label, renewal);
  gtk_widget_add_css_class (GTK_WIDGET (self->renewal_label), renewal_class);

  /* One sentence for screen readers; the same, a fact a line, as tooltip. */
  g_ptr_array_add (facts, account->name != NULL ? account->name : _("Unnamed account"));
  g_ptr_array_add (facts, arr);
  if (account->owner != NULL)
    {
      owner = g_strdup_printf (_("owner %s"), account->owner);
      g_ptr_array_add (facts, owner);
    }
  g_ptr_array_add (facts, tickets);
  if (urgent != NULL)
    g_ptr_array_add (facts, urgent);
  if (renewal != NULL)
    g_ptr_array_add (facts, renewal);
  g_ptr_array_add (facts, NULL);

  description = g_strjoinv (", ", (char **) facts->pdata);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);

  g_free (self->tooltip);
  self->tooltip = g_strjoinv ("\n", (char **) facts->pdata);
}

/* Not gtk_widget_set_tooltip_text () on every bind: each call asks the
 * display where the pointer is, a round trip per card to an X server. */
static gboolean
on_query_tooltip (PomarAccountCard *self,
                  int               x,
                  int               y,
                  gboolean          keyboard_mode,
                  GtkTooltip       *tooltip)
{
  if (self->tooltip == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, self->tooltip);
  return TRUE;
}

static void
pomar_account_card_dispose (GObject *object)
{
  PomarAccountCard *self = POMAR_ACCOUNT_CARD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_ACCOUNT_CARD);
  g_clear_object (&self->account);
  g_clear_pointer (&self->tooltip, g_free);

  G_OBJECT_CLASS (pomar_account_card_parent_class)->dispose (object);
}

static void
pomar_account_card_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PomarAccountCard *self = POMAR_ACCOUNT_CARD (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_account_card_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PomarAccountCard *self = POMAR_ACCOUNT_CARD (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      pomar_account_card_set_account (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_account_card_class_init (PomarAccountCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pomar_account_card_dispose;
  object_class->get_property = pomar_account_card_get_property;
  object_class->set_property = pomar_account_card_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         POMAR_TYPE_ACCOUNT_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pomar/Pomar/ui/pomar-account-card.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarAccountCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountCard, arr_label);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountCard, tickets_label);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountCard, owner_label);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountCard, renewal_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_GRID_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "accountcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pomar_account_card_init (PomarAccountCard *self)
{
  GtkGridLayout *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);

  layout = GTK_GRID_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));
  gtk_grid_layout_set_row_spacing (layout, 4);
  gtk_grid_layout_set_column_spacing (layout, 12);
}

GtkWidget *
pomar_account_card_new (void)
{
  return g_object_new (POMAR_TYPE_ACCOUNT_CARD, NULL);
}

void
pomar_account_card_set_account (PomarAccountCard   *self,
                                PomarAccountObject *account)
{
  g_return_if_fail (POMAR_IS_ACCOUNT_CARD (self));
  g_return_if_fail (account == NULL || POMAR_IS_ACCOUNT_OBJECT (account));

  if (!g_set_object (&self->account, account))
    return;

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

PomarAccountObject *
pomar_account_card_get_account (PomarAccountCard *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_CARD (self), NULL);
  return self->account;
}
