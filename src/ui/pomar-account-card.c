/* pomar-account-card.c: one account on the board, as a card.
 *
 * The board's views recycle cards: a card is bound to one account after
 * another, so everything it shows is (re)set in update() and nothing is
 * appended. It follows its account's "notify" while bound, so a local
 * change (a stage move) shows at once. Its accessible label repeats the
 * key figures in one sentence (pomar_account_card_describe()), so that a
 * screen reader, and the AT-SPI tests, read a card as a whole; colour is
 * never the only sign: the band is also a word, and the badge a number.
 *
 * A card can be dragged: the drag carries the account's id, and the
 * board's columns take it (pomar-board-column.c).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "core/pomar-stage.h"
#include "pomar-account-card.h"
#include "pomar-ui-util.h"

struct _PomarAccountCard
{
  GtkWidget           parent_instance;

  PomarAccountObject *account;

  /* Template widgets */
  GtkInscription     *name_label;
  GtkInscription     *health_label;
  GtkInscription     *arr_label;
  GtkInscription     *facts_label;
  GtkInscription     *tickets_label;
  GtkInscription     *playbook_label;
  GtkLevelBar        *playbook_bar;
  GtkInscription     *suggestion_label;

  int                 arr_shape;   /* what the ARR line's attributes fit, see update () */
};

G_DEFINE_FINAL_TYPE (PomarAccountCard, pomar_account_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Words and texts, shared by the card and its description ----------------- */

/* "health 72, green, rising" */
static char *
health_sentence (PomarAccountObject *account)
{
  PomarHealthBand band;
  int score;
  int trend = pomar_account_object_get_health_trend (account);

  if (!pomar_account_object_get_health (account, &score, &band))
    return g_strdup (_("health unknown"));
  if (trend > 0)
    /* Translators: health score, band (red, yellow, green) and trend. */
    return g_strdup_printf (_("health %d, %s, rising"), score, pomar_health_band_word (band));
  if (trend < 0)
    return g_strdup_printf (_("health %d, %s, falling"), score, pomar_health_band_word (band));
  return g_strdup_printf (_("health %d, %s"), score, pomar_health_band_word (band));
}

/* "Renews in 45 days"; NULL for a churned account (its renewal date is
 * history, not a countdown) or one without a renewal date. @urgency gets
 * 0, 1 within 90 days (where ARR is at risk), 2 when overdue. */
static char *
renewal_text (PomarAccountObject *account,
              int                *urgency)
{
  gint64 days;

  *urgency = 0;
  if (pomar_stage_from_id (pomar_account_object_get_stage (account)) == POMAR_STAGE_CHURNED
      || !pomar_account_object_get_days_to_renewal (account, &days))
    return NULL;

  if (days < 0)
    {
      *urgency = 2;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Renewal overdue by %d day",
                                           "Renewal overdue by %d days",
                                           (gulong) -days),
                              (int) -days);
    }
  if (days <= 90)
    *urgency = 1;
  if (days == 0)
    return g_strdup (_("Renews today"));
  if (days == 1)
    return g_strdup (_("Renews tomorrow"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Renews in %d day",
                                       "Renews in %d days",
                                       (gulong) days),
                          (int) days);
}

/* "2 urgent · 1 high" (@separator between the two), NULL when neither. */
static char *
tickets_text (const PomarAccountSummary *summary,
              const char                *separator)
{
  g_autofree char *urgent = NULL;
  g_autofree char *high = NULL;

  if (summary->open_urgent_tickets > 0)
    urgent = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%d urgent ticket",
                                           "%d urgent tickets",
                                           (gulong) summary->open_urgent_tickets),
                              (int) summary->open_urgent_tickets);
  if (summary->open_high_tickets > 0)
    high = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%d high priority ticket",
                                         "%d high priority tickets",
                                         (gulong) summary->open_high_tickets),
                            (int) summary->open_high_tickets);

  if (urgent != NULL && high != NULL)
    return g_strconcat (urgent, separator, high, NULL);
  if (urgent != NULL)
    return g_steal_pointer (&urgent);
  return g_steal_pointer (&high);
}

/* "Open tickets: 2 urgent, 1 high", the short form for the card; NULL
 * when there are neither. */
static char *
tickets_line (const PomarAccountSummary *summary)
{
  g_autofree char *urgent = NULL;
  g_autofree char *high = NULL;
  g_autofree char *both = NULL;

  if (summary->open_urgent_tickets > 0)
    /* Translators: open tickets of priority urgent, on a card. */
    urgent = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d urgent", "%d urgent",
                                           (gulong) summary->open_urgent_tickets),
                              (int) summary->open_urgent_tickets);
  if (summary->open_high_tickets > 0)
    /* Translators: open tickets of priority high, on a card. */
    high = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d high", "%d high",
                                         (gulong) summary->open_high_tickets),
                            (int) summary->open_high_tickets);
  if (urgent == NULL && high == NULL)
    return NULL;
  if (urgent != NULL && high != NULL)
    both = g_strdup_printf (_("%s, %s"), urgent, high);
  /* Translators: "Open tickets: 2 urgent, 1 high" on a card. */
  return g_strdup_printf (_("Open tickets: %s"), both != NULL ? both : urgent != NULL ? urgent : high);
}

/* "ARR 120,000 BRL": an amount a screen reader says well (grouped as the
 * locale groups, the currency by its code). */
static char *
arr_sentence (const PomarAccount *account)
{
  g_autofree char *number = NULL;

  if (isnan (account->arr))
    return g_strdup (_("ARR unknown"));
  number = g_strdup_printf ("%'.0f", account->arr);
  if (account->currency == NULL)
    /* Translators: annual recurring revenue, without a currency. */
    return g_strdup_printf (_("ARR %s"), number);
  /* Translators: annual recurring revenue: amount and currency code. */
  return g_strdup_printf (_("ARR %s %s"), number, account->currency);
}

char *
pomar_account_card_describe (PomarAccountObject *account)
{
  const PomarAccountSummary *summary;
  const PomarAccount *record;
  g_autoptr (GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *renewal = NULL;
  g_autofree char *tickets = NULL;
  int urgency;

  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (account), NULL);

  summary = pomar_account_object_get_summary (account);
  record = &summary->account;

  g_ptr_array_add (facts, g_strdup (record->name != NULL ? record->name : _("Unnamed account")));
  g_ptr_array_add (facts, arr_sentence (record));
  g_ptr_array_add (facts, health_sentence (account));

  renewal = renewal_text (account, &urgency);
  if (renewal != NULL)
    g_ptr_array_add (facts, g_utf8_strdown (renewal, -1));

  if (summary->figures.has_nps_90d)
    g_ptr_array_add (facts, g_strdup_printf (_("NPS %d over 90 days"), summary->figures.nps_90d));
  else
    g_ptr_array_add (facts, g_strdup (_("no NPS answers in 90 days")));

  tickets = tickets_text (summary, _(" and "));
  g_ptr_array_add (facts, tickets != NULL ? g_strdup_printf (_("%s open"), tickets)
                                          : g_strdup (_("no urgent or high priority tickets")));

  if (summary->playbook_tasks > 0)
    g_ptr_array_add (facts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "playbook %d of %d task done",
                                                          "playbook %d of %d tasks done",
                                                          (gulong) summary->playbook_tasks),
                                             (int) summary->playbook_tasks_finished,
                                             (int) summary->playbook_tasks));
  if (record->owner != NULL)
    g_ptr_array_add (facts, g_strdup_printf (_("owner %s"), record->owner));
  if (summary->stage_conflict)
    g_ptr_array_add (facts, g_strdup (_("stage conflict with the server, to settle on the customer page")));
  if (summary->suggested_stage != NULL)
    g_ptr_array_add (facts, g_strdup_printf (_("suggested move to %s"),
                                             pomar_stage_id_to_name (summary->suggested_stage)));

  g_ptr_array_add (facts, NULL);
  return g_strjoinv (", ", (char **) facts->pdata);
}

/* The card ----------------------------------------------------------------- */

/* A line with nothing to say takes no room: the card leaves it out when
 * it lays its lines out. Not hidden: hiding a widget changes its
 * siblings' CSS (first, last, nth child), and GTK restyled every card a
 * search changed. An inscription's size does not follow its text, so the
 * card asks to be laid out again only when a line comes or goes. */
static gboolean
has_text (GtkInscription *label)
{
  const char *text = gtk_inscription_get_text (label);

  return text != NULL && *text != '\0';
}

static void
set_label (GtkInscription *label,
           const char     *text)
{
  gboolean had_text = has_text (label);

  gtk_inscription_set_text (label, text != NULL && *text != '\0' ? text : NULL);
  if (had_text != has_text (label))
    gtk_widget_queue_resize (gtk_widget_get_parent (GTK_WIDGET (label)));
}

static void
set_classes (GtkWidget          *widget,
             const char * const *all,
             const char         *wanted)
{
  for (guint i = 0; all[i] != NULL; i++)
    {
      if (g_strcmp0 (all[i], wanted) == 0)
        gtk_widget_add_css_class (widget, all[i]);
      else
        gtk_widget_remove_css_class (widget, all[i]);
    }
}

/* The owner beside the ARR: 60 % opaque. */
#define OWNER_ALPHA ((guint16) (0.6 * G_MAXUINT16))

/* "faint" rather than libadwaita's dim-label: the same look, but by the
 * text's colour, not the widget's opacity, which cairo draws through an
 * offscreen group per card and frame. */
static const char * const urgency_classes[] = { "faint", "warning", "error", NULL };
static const char * const last_line_classes[] = { "suggestion", "error", NULL };

static void
update (PomarAccountCard *self)
{
  const PomarAccountSummary *summary;
  const PomarAccount *account;
  g_autofree char *description = NULL;
  g_autofree char *arr = NULL;
  g_autoptr (PangoAttrList) attrs = NULL;
  PangoAttribute *weight;
  g_autofree char *money = NULL;
  g_autofree char *health = NULL;
  g_autofree char *renewal = NULL;
  g_autofree char *nps = NULL;
  g_autofree char *line = NULL;
  g_autofree char *tickets = NULL;
  g_autofree char *playbook = NULL;
  g_autofree char *suggestion = NULL;
  PomarHealthBand band = POMAR_HEALTH_BAND_NONE;
  int score;
  int trend;
  int urgency = 0;
  int arr_shape;

  GtkWidget *cell = gtk_widget_get_parent (GTK_WIDGET (self));

  if (self->account == NULL)
    {
      set_label (self->name_label, NULL);
      set_label (self->arr_label, NULL);
      set_label (self->facts_label, NULL);
      set_label (self->tickets_label, NULL);
      set_label (self->playbook_label, NULL);
      set_label (self->suggestion_label, NULL);
      gtk_widget_set_opacity (GTK_WIDGET (self->playbook_bar), 0.0);
      gtk_widget_set_opacity (GTK_WIDGET (self->health_label), 0.0);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      if (cell != NULL)
        gtk_accessible_reset_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  summary = pomar_account_object_get_summary (self->account);
  account = &summary->account;

  set_label (self->name_label, account->name != NULL ? account->name : _("Unnamed account"));

  /* The badge: the number, an arrow for the trend, the band's colour. */
  trend = pomar_account_object_get_health_trend (self->account);
  if (pomar_account_object_get_health (self->account, &score, &band))
    health = g_strdup_printf ("%d%s", score, trend > 0 ? " ↑" : trend < 0 ? " ↓" : "");
  else
    health = g_strdup ("—");
  gtk_inscription_set_text (self->health_label, health);
  gtk_widget_set_opacity (GTK_WIDGET (self->health_label), 1.0);
  pomar_set_health_band_class (GTK_WIDGET (self->health_label), band);

  /* ARR first, so that only the owner is cut short on a narrow card: the
   * amount bold, the owner small and faint. Attributes rather than
   * markup: nothing to escape, nothing to parse at each keystroke. */
  money = pomar_format_money (account->arr, account->currency);
  arr = account->owner != NULL ? g_strconcat (money, "  ", account->owner, NULL) : g_strdup (money);
  gtk_inscription_set_text (self->arr_label, arr);
  /* New attributes make the inscription lay itself out again and merge
   * its style into them: only when the amount's length or the owner's
   * presence changed, not at every account. */
  arr_shape = account->owner != NULL ? (int) strlen (money) : -(int) strlen (money);
  if (arr_shape != self->arr_shape)
    {
      attrs = pango_attr_list_new ();
      weight = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
      weight->end_index = strlen (money);
      pango_attr_list_insert (attrs, weight);
      if (account->owner != NULL)
        {
          PangoAttribute *alpha = pango_attr_foreground_alpha_new (OWNER_ALPHA);
          PangoAttribute *scale = pango_attr_scale_new (PANGO_SCALE_SMALL);

          alpha->start_index = scale->start_index = strlen (money) + 2;
          pango_attr_list_insert (attrs, alpha);
          pango_attr_list_insert (attrs, scale);
        }
      gtk_inscription_set_attributes (self->arr_label, attrs);
      self->arr_shape = arr_shape;
    }

  /* NPS and renewal share a line; the renewal's colour says how near. */
  if (summary->figures.has_nps_90d)
    /* Translators: the NPS of the last 90 days, on a card. */
    nps = g_strdup_printf (_("NPS %d"), summary->figures.nps_90d);
  else
    nps = g_strdup (_("NPS —"));
  renewal = renewal_text (self->account, &urgency);
  line = renewal != NULL ? g_strdup_printf (_("%s · %s"), nps, renewal) : g_strdup (nps);
  set_label (self->facts_label, line);
  set_classes (GTK_WIDGET (self->facts_label), urgency_classes, urgency_classes[urgency]);

  tickets = tickets_line (summary);
  set_label (self->tickets_label, tickets);
  set_classes (GTK_WIDGET (self->tickets_label), urgency_classes,
               summary->open_urgent_tickets > 0 ? "error" : "warning");

  if (summary->playbook_tasks > 0)
    {
      /* Translators: playbook progress on a card: tasks done of all. */
      playbook = g_strdup_printf (_("Playbook %d/%d"), (int) summary->playbook_tasks_finished,
                                  (int) summary->playbook_tasks);
      gtk_level_bar_set_value (self->playbook_bar,
                               (double) summary->playbook_tasks_finished / summary->playbook_tasks);
    }
  set_label (self->playbook_label, playbook);
  /* The bar goes with its line, unseen when the line is left out. */
  gtk_widget_set_opacity (GTK_WIDGET (self->playbook_bar), playbook != NULL ? 1.0 : 0.0);

  /* The last line: a stage conflict, which waits for the user, before a
   * suggestion, which can wait. */
  if (summary->stage_conflict)
    /* Translators: on a card whose stage move the server refused. */
    suggestion = g_strdup (_("Stage conflict: open to settle"));
  else if (summary->suggested_stage != NULL)
    /* Translators: a stage move Pomar suggests, on a card. */
    suggestion = g_strdup_printf (_("Suggested: %s"),
                                  pomar_stage_id_to_name (summary->suggested_stage));
  set_label (self->suggestion_label, suggestion);
  set_classes (GTK_WIDGET (self->suggestion_label), last_line_classes,
               summary->stage_conflict ? "error" : "suggestion");

  /* One sentence for screen readers. */
  description = pomar_account_card_describe (self->account);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
  /* In a list, the cell that holds the card is what takes the keyboard
   * focus: it says the same, so that a screen reader reads the card when
   * it gets there (GTK 4.8 names a cell by its type otherwise). */
  if (cell != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (cell),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                    -1);

}

/* The tooltip gives what the card abbreviates, a fact a line; made when
 * asked for. Not gtk_widget_set_tooltip_text () at each update: each call
 * asks the display where the pointer is, a round trip per card to an X
 * server, and a search updates dozens of cards a keystroke. */
static gboolean
on_query_tooltip (PomarAccountCard *self,
                  int               x,
                  int               y,
                  gboolean          keyboard_mode,
                  GtkTooltip       *tooltip)
{
  const PomarAccountSummary *summary;
  g_autoptr (GPtrArray) facts = NULL;
  g_autofree char *health = NULL;
  g_autofree char *text = NULL;

  if (self->account == NULL)
    return FALSE;

  summary = pomar_account_object_get_summary (self->account);
  facts = g_ptr_array_new ();
  g_ptr_array_add (facts, (char *) (summary->account.name != NULL ? summary->account.name : ""));
  health = health_sentence (self->account);
  health[0] = g_ascii_toupper (health[0]);
  g_ptr_array_add (facts, health);
  if (summary->figures.override.set && pomar_health_override_is_active (&summary->figures.override,
                                                                        pomar_day_today ()))
    g_ptr_array_add (facts, (char *) _("Health set by hand"));
  if (summary->suggestion_reason != NULL)
    g_ptr_array_add (facts, summary->suggestion_reason);
  g_ptr_array_add (facts, NULL);

  text = g_strjoinv ("\n", (char **) facts->pdata);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Layout ------------------------------------------------------------------- */

/* The card's lines, top to bottom: an inscription, maybe with a widget at
 * its end (the badge, the playbook's bar). A line without text is left
 * out; its widgets keep a place under the next line, drawing nothing. */
#define ROW_SPACING    3
#define COLUMN_SPACING 12
#define N_LINES        6

static GtkInscription *
get_line (PomarAccountCard  *self,
          guint              line,
          GtkWidget        **end)
{
  *end = NULL;
  switch (line)
    {
    case 0:
      *end = GTK_WIDGET (self->health_label);
      return self->name_label;
    case 1:
      return self->arr_label;
    case 2:
      return self->facts_label;
    case 3:
      return self->tickets_label;
    case 4:
      *end = GTK_WIDGET (self->playbook_bar);
      return self->playbook_label;
    default:
      return self->suggestion_label;
    }
}

static void
pomar_account_card_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  PomarAccountCard *self = POMAR_ACCOUNT_CARD (widget);
  guint shown = 0;

  *minimum = *natural = 0;
  for (guint line = 0; line < N_LINES; line++)
    {
      GtkWidget *end;
      GtkInscription *main = get_line (self, line, &end);
      int main_min, main_nat, end_min = 0, end_nat = 0;

      if (!has_text (main))
        continue;
      shown++;
      gtk_widget_measure (GTK_WIDGET (main), orientation, -1, &main_min, &main_nat, NULL, NULL);
      if (end != NULL)
        gtk_widget_measure (end, orientation, -1, &end_min, &end_nat, NULL, NULL);

      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          int spacing = end != NULL ? COLUMN_SPACING : 0;

          *minimum = MAX (*minimum, main_min + spacing + end_min);
          *natural = MAX (*natural, main_nat + spacing + end_nat);
        }
      else
        {
          *minimum += MAX (main_min, end_min);
          *natural += MAX (main_nat, end_nat);
        }
    }
  if (orientation == GTK_ORIENTATION_VERTICAL && shown > 1)
    {
      *minimum += ROW_SPACING * (int) (shown - 1);
      *natural += ROW_SPACING * (int) (shown - 1);
    }
}

static void
pomar_account_card_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  PomarAccountCard *self = POMAR_ACCOUNT_CARD (widget);
  int y = 0;

  for (guint line = 0; line < N_LINES; line++)
    {
      GtkWidget *end;
      GtkInscription *main = get_line (self, line, &end);
      int main_height, end_width = 0, end_height = 0, line_height;

      gtk_widget_measure (GTK_WIDGET (main), GTK_ORIENTATION_VERTICAL, -1, NULL, &main_height, NULL, NULL);
      if (end != NULL)
        {
          int end_min;

          gtk_widget_measure (end, GTK_ORIENTATION_HORIZONTAL, -1, &end_min, &end_width, NULL, NULL);
          end_width = MAX (end_min, MIN (end_width, width / 2));
          gtk_widget_measure (end, GTK_ORIENTATION_VERTICAL, end_width, NULL, &end_height, NULL, NULL);
        }
      line_height = MAX (main_height, end_height);

      gtk_widget_allocate (GTK_WIDGET (main),
                           end != NULL ? MAX (width - end_width - COLUMN_SPACING, 0) : width,
                           line_height, -1,
                           gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, y)));
      /* The badge and the bar sit at the line's end, centred on it. */
      if (end != NULL)
        gtk_widget_allocate (end, end_width, end_height, -1,
                             gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (width - end_width,
                                                                                  y + (line_height - end_height) / 2)));
      if (has_text (main))
        y += line_height + ROW_SPACING;
    }
}

/* Dragging ----------------------------------------------------------------- */

static GdkContentProvider *
on_drag_prepare (GtkDragSource    *source,
                 double            x,
                 double            y,
                 PomarAccountCard *self)
{
  if (self->account == NULL)
    return NULL;

  return gdk_content_provider_new_typed (G_TYPE_STRING, pomar_account_object_get_id (self->account));
}

static void
on_drag_begin (GtkDragSource    *source,
               GdkDrag          *drag,
               PomarAccountCard *self)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (self));

  gtk_drag_source_set_icon (source, paintable, 24, 24);
  gtk_widget_add_css_class (GTK_WIDGET (self), "dragged");
}

static void
on_drag_end (GtkDragSource    *source,
             GdkDrag          *drag,
             gboolean          delete_data,
             PomarAccountCard *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "dragged");
}

/* GObject ------------------------------------------------------------------- */

static void
pomar_account_card_dispose (GObject *object)
{
  PomarAccountCard *self = POMAR_ACCOUNT_CARD (object);

  pomar_account_card_set_account (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_ACCOUNT_CARD);

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
  gtk_widget_class_bind_template_child (widget_class, PomarAccountCard, health_label);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountCard, arr_label);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountCard, facts_label);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountCard, tickets_label);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountCard, playbook_label);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountCard, playbook_bar);
  gtk_widget_class_bind_template_child (widget_class, PomarAccountCard, suggestion_label);

  widget_class->measure = pomar_account_card_measure;
  widget_class->size_allocate = pomar_account_card_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "accountcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pomar_account_card_init (PomarAccountCard *self)
{
  GtkDragSource *drag_source;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->arr_shape = G_MININT;

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);

  /* A plain bar in the accent colour: the level bar's own offsets would
   * paint an unfinished playbook as a warning. */
  gtk_level_bar_remove_offset_value (self->playbook_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->playbook_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->playbook_bar, GTK_LEVEL_BAR_OFFSET_FULL);

  drag_source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (drag_source, GDK_ACTION_MOVE);
  g_signal_connect (drag_source, "prepare", G_CALLBACK (on_drag_prepare), self);
  g_signal_connect (drag_source, "drag-begin", G_CALLBACK (on_drag_begin), self);
  /* The drop moves the card to another column: this card may be gone (or
   * showing another account) when the drag ends. */
  g_signal_connect_object (drag_source, "drag-end", G_CALLBACK (on_drag_end), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag_source));
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

  if (self->account == account)
    return;

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_func (self->account, update, self);
  g_set_object (&self->account, account);
  if (self->account != NULL)
    g_signal_connect_swapped (self->account, "notify", G_CALLBACK (update), self);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

PomarAccountObject *
pomar_account_card_get_account (PomarAccountCard *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_CARD (self), NULL);
  return self->account;
}
