/* pomar-health-card.c: an account's health, explained, on its page.
 *
 * The score, its band and its trend; the five components as bars, each
 * with its weight and its input in words; one sentence on the component
 * that pulls the score down the most; and the account manager's override
 * (domain.md, Health). The card shows what the customer page loaded on its
 * worker thread (a PomarHealthExplanation and the account's figures) and
 * copies it: it reads nothing itself. Setting or removing the override
 * goes through the context, which emits "account-changed" on success; the
 * page then loads the account again and hands the card the new figures.
 *
 * Colour is never the only sign: the band is also a word, the trend an
 * arrow and a signed number, and every figure has an accessible sentence.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pomar-account-object.h"
#include "pomar-health-card-private.h"
#include "pomar-ui-util.h"

struct _PomarHealthCard
{
  GtkWidget               parent_instance;

  PomarContext           *context;
  char                   *account_id;
  gboolean                has_explanation;
  PomarHealthExplanation  explanation;
  PomarHealthOverride     override;
  char                   *override_reason;
  gboolean                override_active;
  char                   *override_text;
  char                   *impact_text;
  GCancellable           *cancellable;
  gboolean                busy;
  PomarHealthOverrideDialog *dialog;   /* weak */

  /* Template widgets */
  GtkWidget              *box;
  GtkLabel               *score_label;
  GtkLabel               *band_label;
  GtkLabel               *trend_label;
  GtkLabel               *computed_label;
  GtkWidget              *override_box;
  GtkLabel               *override_label;
  GtkLabel               *impact_label;
  GtkGrid                *components_grid;
  GtkLabel               *error_label;
  GtkWidget              *override_button;

  /* One row of the grid per component, made in init. */
  struct
  {
    GtkLabel    *name;
    GtkLabel    *value;
    GtkLevelBar *bar;
    GtkLabel    *input;
  } rows[POMAR_HEALTH_N_COMPONENTS];
};

G_DEFINE_FINAL_TYPE (PomarHealthCard, pomar_health_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Words --------------------------------------------------------------------- */

char *
pomar_health_format_day (PomarDay day)
{
  GDate date;
  char buf[128];

  if (day == POMAR_NO_DAY)
    return g_strdup ("—");
  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  if (g_date_strftime (buf, sizeof buf, "%x", &date) == 0)
    return pomar_day_format (day, g_malloc (11));
  return g_strdup (buf);
}

/* A count in the locale's grouping: "1,234". */
static char *
format_count (double value)
{
  if (value != 0 && fabs (value) < 10 && fabs (value - round (value)) >= 0.05)
    return g_strdup_printf ("%'.1f", value);
  return g_strdup_printf ("%'.0f", value);
}

static gint64
open_tickets (const PomarHealthExplanation *e)
{
  gint64 total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (e->open_by_priority); i++)
    total += e->open_by_priority[i];
  return total;
}

/* "2 urgent, 1 high, 3 normal": the priorities that have open tickets. */
static char *
tickets_breakdown (const PomarHealthExplanation *e)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const gint64 *n = e->open_by_priority;

  if (n[0] > 0)
    /* Translators: open tickets of priority urgent, in a list. */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d urgent", "%d urgent",
                                                          (gulong) n[0]), (int) n[0]));
  if (n[1] > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d high", "%d high",
                                                          (gulong) n[1]), (int) n[1]));
  if (n[2] > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d normal", "%d normal",
                                                          (gulong) n[2]), (int) n[2]));
  if (n[3] > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d low", "%d low",
                                                          (gulong) n[3]), (int) n[3]));
  g_ptr_array_add (parts, NULL);
  /* Translators: the separator of a list such as "2 urgent, 1 high". */
  return g_strjoinv (C_("list separator", ", "), (char **) parts->pdata);
}

/* Days since the last touch, as of the explanation's day; -1 when none. */
static int
days_since_touch (const PomarHealthExplanation *e)
{
  if (e->inputs.last_engagement == POMAR_NO_DAY || e->inputs.last_engagement > e->as_of)
    return -1;
  return (int) (e->as_of - e->inputs.last_engagement);
}

PomarHealthComponent
pomar_health_card_pick_component (const PomarHealthExplanation *e)
{
  g_return_val_if_fail (e != NULL, POMAR_HEALTH_NO_COMPONENT);

  /* The core made the choice when it computed the score (pomar-health.c:
   * the largest (100 − score) × weight, ties to the first), so that the
   * card, the board and pomarctl always name the same component. */
  if (!e->result.known)
    return POMAR_HEALTH_NO_COMPONENT;
  return e->result.most_impactful;
}

char *
pomar_health_card_describe_input (const PomarHealthExplanation *e,
                                  PomarHealthComponent          c)
{
  const PomarHealthInputs *in;
  const PomarHealthPart *part;

  g_return_val_if_fail (e != NULL, NULL);
  g_return_val_if_fail (c < POMAR_HEALTH_N_COMPONENTS, NULL);

  in = &e->inputs;
  part = &e->result.parts[c];

  if (part->weight <= 0)
    return g_strdup (_("Switched off: its weight is 0 in Preferences"));

  switch (c)
    {
    case POMAR_HEALTH_ADOPTION:
      if (in->licensed_seats == POMAR_NO_INT || in->licensed_seats <= 0)
        return g_strdup (_("No licensed seats known: left out, the other components share its weight"));
      if (!in->has_usage)
        return g_strdup (_("No usage reported yet: left out, the other components share its weight"));
      else
        {
          g_autofree char *active = format_count ((double) in->active_users_30d / 30.0);
          g_autofree char *seats = format_count ((double) in->licensed_seats);

          /* Translators: adoption's input: average active users and licensed seats. */
          return g_strdup_printf (_("On average %s of %s seats active in the last 30 days"),
                                  active, seats);
        }

    case POMAR_HEALTH_USAGE_TREND:
      if (!part->present)
        return g_strdup (_("No events in the 30 days before the last 30: left out, the other components share its weight"));
      else
        {
          g_autofree char *e1 = format_count ((double) in->events_30d);
          g_autofree char *e0 = format_count ((double) in->events_prev_30d);

          /* Translators: usage trend's input: events in two periods of 30 days. */
          return g_strdup_printf (_("%s events in the last 30 days, %s in the 30 before"), e1, e0);
        }

    case POMAR_HEALTH_SUPPORT:
      {
        gint64 total = open_tickets (e);
        g_autofree char *breakdown = NULL;
        g_autofree char *open = NULL;

        if (total == 0)
          return g_strdup (_("No open tickets"));
        breakdown = tickets_breakdown (e);
        /* Translators: support's input: open tickets, then "2 urgent, 1 high". */
        open = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d open ticket: %s",
                                             "%d open tickets: %s", (gulong) total),
                                (int) total, breakdown);
        if (in->open_tickets_old == 0)
          return g_steal_pointer (&open);
        /* Translators: "3 open tickets: 2 urgent, 1 high" and how many of
         * them are older than 14 days. */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s; %d open more than 14 days",
                                             "%s; %d open more than 14 days",
                                             in->open_tickets_old),
                                open, (int) in->open_tickets_old);
      }

    case POMAR_HEALTH_SENTIMENT:
      {
        int nps;
        double csat;
        guint n = pomar_nps_counts_total (&in->nps_180d);

        if (pomar_nps_compute (&in->nps_180d, &nps))
          /* Translators: sentiment's input: the NPS, its answers and detractors. */
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "NPS %d over 180 days, from %d answer (%d detractors)",
                                               "NPS %d over 180 days, from %d answers (%d detractors)",
                                               n),
                                  nps, (int) n, (int) in->nps_180d.detractors);
        if (pomar_csat_compute (&in->csat_180d, &csat))
          /* Translators: sentiment's input without NPS answers: the CSAT share. */
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "No NPS answers; %.0f%% satisfied in %d CSAT answer over 180 days",
                                               "No NPS answers; %.0f%% satisfied in %d CSAT answers over 180 days",
                                               in->csat_180d.total),
                                  csat, (int) in->csat_180d.total);
        return g_strdup (_("No NPS or CSAT answers in 180 days: left out, the other components share its weight"));
      }

    case POMAR_HEALTH_ENGAGEMENT:
      {
        int d = days_since_touch (e);

        if (d < 0)
          return g_strdup (_("No note, meeting, email or call yet: left out, the other components share its weight"));
        if (d == 0)
          return g_strdup (_("Last note, meeting, email or call today"));
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Last note, meeting, email or call %d day ago",
                                             "Last note, meeting, email or call %d days ago",
                                             d),
                                d);
      }

    case POMAR_HEALTH_N_COMPONENTS:
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
pomar_health_card_component_line (const PomarHealthExplanation *e,
                                  PomarHealthComponent          c)
{
  const PomarHealthPart *part;
  g_autofree char *input = NULL;

  g_return_val_if_fail (e != NULL, NULL);
  g_return_val_if_fail (c < POMAR_HEALTH_N_COMPONENTS, NULL);

  part = &e->result.parts[c];
  input = pomar_health_card_describe_input (e, c);
  if (!part->present || part->weight <= 0)
    /* Translators: a component without a score, and why: "Adoption: no data — …". */
    return g_strdup_printf (_("%s: no data — %s"), pomar_health_component_get_name (c), input);
  /* Translators: a component, its score 0..100 and its input in words. */
  return g_strdup_printf (_("%s: %d — %s"), pomar_health_component_get_name (c),
                          (int) pomar_round (part->score), input);
}

char *
pomar_health_card_impact_sentence (const PomarHealthExplanation *e)
{
  const PomarHealthInputs *in;
  PomarHealthComponent c;

  g_return_val_if_fail (e != NULL, NULL);

  if (!e->result.known)
    return g_strdup (_("Health is unknown: no component has data yet."));

  in = &e->inputs;
  c = pomar_health_card_pick_component (e);
  switch (c)
    {
    case POMAR_HEALTH_ADOPTION:
      {
        g_autofree char *active = format_count ((double) in->active_users_30d / 30.0);
        g_autofree char *seats = format_count ((double) in->licensed_seats);

        return g_strdup_printf (_("Adoption pulls health down the most: on average %s of %s seats were active in the last 30 days."),
                                active, seats);
      }

    case POMAR_HEALTH_USAGE_TREND:
      {
        g_autofree char *e1 = format_count ((double) in->events_30d);
        g_autofree char *e0 = format_count ((double) in->events_prev_30d);

        return g_strdup_printf (_("Usage trend pulls health down the most: %s events in the last 30 days against %s in the 30 before."),
                                e1, e0);
      }

    case POMAR_HEALTH_SUPPORT:
      {
        gint64 total = open_tickets (e);
        g_autofree char *breakdown = NULL;

        /* The weight of old tickets alone can cost points. */
        if (total == 0 || (in->open_tickets_old > 0 && e->open_by_priority[0] == 0
                           && e->open_by_priority[1] == 0))
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Support pulls health down the most: %d ticket has been open more than 14 days.",
                                               "Support pulls health down the most: %d tickets have been open more than 14 days.",
                                               in->open_tickets_old),
                                  (int) in->open_tickets_old);
        if (e->open_by_priority[0] == total)
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Support pulls health down the most: %d urgent ticket is open.",
                                               "Support pulls health down the most: %d urgent tickets are open.",
                                               (gulong) total),
                                  (int) total);
        breakdown = tickets_breakdown (e);
        /* Translators: the count of open tickets, then "2 urgent, 1 high". */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Support pulls health down the most: %d ticket is open (%s).",
                                             "Support pulls health down the most: %d tickets are open (%s).",
                                             (gulong) total),
                                (int) total, breakdown);
      }

    case POMAR_HEALTH_SENTIMENT:
      {
        int nps;
        double csat;
        guint n = pomar_nps_counts_total (&in->nps_180d);

        if (pomar_nps_compute (&in->nps_180d, &nps))
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Sentiment pulls health down the most: NPS over 180 days is %d, with %d detractor in %d answers.",
                                               "Sentiment pulls health down the most: NPS over 180 days is %d, with %d detractors in %d answers.",
                                               in->nps_180d.detractors),
                                  nps, (int) in->nps_180d.detractors, (int) n);
        if (pomar_csat_compute (&in->csat_180d, &csat))
          return g_strdup_printf (_("Sentiment pulls health down the most: only %.0f%% of CSAT answers in 180 days were satisfied."),
                                  csat);
        g_return_val_if_reached (NULL);
      }

    case POMAR_HEALTH_ENGAGEMENT:
      {
        int d = MAX (0, days_since_touch (e));

        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Engagement pulls health down the most: the last note, meeting, email or call was %d day ago.",
                                             "Engagement pulls health down the most: the last note, meeting, email or call was %d days ago.",
                                             d),
                                d);
      }

    case POMAR_HEALTH_N_COMPONENTS:
    default:
      return g_strdup (_("Every component is at its best: nothing pulls health down."));
    }
}

void
pomar_health_card_trend_texts (const PomarHealthExplanation *e,
                               char                        **words,
                               char                        **short_text)
{
  PomarTrendArrow arrow;
  int delta;
  int size;

  g_return_if_fail (e != NULL);

  /* Computed against computed: an override says nothing of the month
   * before (pomar-health.c). */
  arrow = pomar_health_trend (&e->result, &e->result_30d_ago, &delta);
  size = ABS (delta);
  switch (arrow)
    {
    case POMAR_TREND_UP:
      if (words != NULL)
        *words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Up %d point in 30 days",
                                               "Up %d points in 30 days", size), size);
      if (short_text != NULL)
        /* Translators: the trend, short: an arrow and the points gained. */
        *short_text = g_strdup_printf (_("↑ +%d"), size);
      break;

    case POMAR_TREND_DOWN:
      if (words != NULL)
        *words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Down %d point in 30 days",
                                               "Down %d points in 30 days", size), size);
      if (short_text != NULL)
        /* Translators: the trend, short: an arrow and the points lost. */
        *short_text = g_strdup_printf (_("↓ −%d"), size);
      break;

    case POMAR_TREND_FLAT:
      if (words != NULL)
        {
          if (delta > 0)
            *words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Steady, up %d point in 30 days",
                                                   "Steady, up %d points in 30 days", size), size);
          else if (delta < 0)
            *words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Steady, down %d point in 30 days",
                                                   "Steady, down %d points in 30 days", size), size);
          else
            *words = g_strdup (_("Unchanged in 30 days"));
        }
      if (short_text != NULL)
        *short_text = delta > 0 ? g_strdup_printf ("+%d", size)
                    : delta < 0 ? g_strdup_printf ("−%d", size)
                                : g_strdup ("±0");
      break;

    case POMAR_TREND_UNKNOWN:
    default:
      if (words != NULL)
        *words = NULL;
      if (short_text != NULL)
        *short_text = NULL;
      break;
    }
}

static PomarDay
override_expiry (const PomarHealthOverride *o)
{
  return o->expires_on != POMAR_NO_DAY ? o->expires_on
                                       : o->set_on + POMAR_HEALTH_OVERRIDE_DEFAULT_DAYS;
}

static char *
override_sentence (const PomarHealthOverride *o,
                   const char                *reason,
                   PomarDay                   today)
{
  g_autofree char *until = NULL;

  if (!pomar_health_override_is_active (o, today))
    return NULL;

  until = pomar_health_format_day (override_expiry (o));
  if (reason == NULL || *reason == '\0')
    /* Translators: a health score set by hand and the day it expires. */
    return g_strdup_printf (_("Set by you to %d until %s"), CLAMP (o->score, 0, 100), until);
  /* Translators: a health score set by hand, the day it expires, and why. */
  return g_strdup_printf (_("Set by you to %d until %s: %s"), CLAMP (o->score, 0, 100), until, reason);
}

char *
pomar_health_card_override_text (const PomarAccountFigures *figures,
                                 PomarDay                   today)
{
  if (figures == NULL)
    return NULL;
  return override_sentence (&figures->override, figures->override_reason, today);
}

/* The card ------------------------------------------------------------------- */


static void
show_error (PomarHealthCard *self,
            const char      *text)
{
  gtk_label_set_text (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static void
update_actions (PomarHealthCard *self)
{
  gboolean ready = self->context != NULL && self->account_id != NULL && !self->busy;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "health.override", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "health.remove-override",
                                 ready && self->override_active);
}

static void
update_components (PomarHealthCard *self)
{
  const PomarHealthExplanation *e = &self->explanation;

  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    {
      const PomarHealthPart *part = &e->result.parts[i];
      gboolean scored = self->has_explanation && part->present && part->weight > 0;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      g_autofree char *input = NULL;
      g_autofree char *line = NULL;
      g_autofree char *weight = g_strdup_printf ("%'.0f", part->weight);
      int score = scored ? (int) pomar_round (part->score) : 0;

      /* Translators: a health component and its weight, "Adoption · weight 30". */
      name = g_markup_printf_escaped (_("%s  <span alpha=\"60%%\" size=\"small\" weight=\"normal\">weight %s</span>"),
                                      pomar_health_component_get_name (i), weight);
      gtk_label_set_markup (self->rows[i].name, name);

      value = scored ? g_strdup_printf ("%d", score) : g_strdup ("—");
      gtk_label_set_text (self->rows[i].value, value);

      input = self->has_explanation ? pomar_health_card_describe_input (e, i) : g_strdup ("");
      gtk_label_set_text (self->rows[i].input, input);

      gtk_level_bar_set_value (self->rows[i].bar, score);
      gtk_widget_set_visible (GTK_WIDGET (self->rows[i].bar), scored);
      gtk_widget_set_visible (GTK_WIDGET (self->rows[i].value), self->has_explanation);

      if (self->has_explanation)
        {
          line = pomar_health_card_component_line (e, i);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->rows[i].bar),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          pomar_health_component_get_name (i),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, line,
                                          -1);
        }
    }
}

static void
update (PomarHealthCard *self)
{
  const PomarHealthExplanation *e = &self->explanation;
  PomarDay today = pomar_day_today ();
  PomarHealthBand band = POMAR_HEALTH_BAND_NONE;
  g_autofree char *score_text = NULL;
  g_autofree char *trend_words = NULL;
  g_autofree char *trend_short = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *computed = NULL;
  gboolean known = FALSE;
  int score = 0;

  g_clear_pointer (&self->override_text, g_free);
  g_clear_pointer (&self->impact_text, g_free);
  self->override_active = pomar_health_override_is_active (&self->override, today);

  if (self->has_explanation)
    score = pomar_health_shown (&e->result, &self->override, today, &known, &band);
  else if (self->override_active)
    score = pomar_health_shown (NULL, &self->override, today, &known, &band);

  score_text = known ? g_strdup_printf ("%d", score) : g_strdup ("—");
  gtk_label_set_text (self->score_label, score_text);

  gtk_label_set_text (self->band_label, pomar_health_band_name (band));
  pomar_set_health_band_class (GTK_WIDGET (self->band_label), band);

  /* The trend, with its words for a screen reader. */
  if (self->has_explanation)
    pomar_health_card_trend_texts (e, &trend_words, &trend_short);
  if (trend_short != NULL)
    {
      gtk_label_set_text (self->trend_label, trend_short);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->trend_label), trend_words);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->trend_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, trend_words,
                                      -1);
    }
  else
    {
      const char *none = self->has_explanation ? _("No trend: the health of 30 days ago is unknown") : "";

      gtk_label_set_text (self->trend_label, self->has_explanation ? _("No trend") : "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->trend_label), none);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->trend_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, none,
                                      -1);
    }

  /* The override, prominent while it applies, with the computed score
   * still in sight. */
  self->override_text = override_sentence (&self->override, self->override_reason, today);
  gtk_label_set_text (self->override_label, self->override_text != NULL ? self->override_text : "");
  gtk_widget_set_visible (self->override_box, self->override_text != NULL);
  gtk_widget_set_visible (self->override_button, self->override_text == NULL);
  if (self->override_text != NULL)
    {
      if (self->has_explanation && e->result.known)
        /* Translators: the computed health beside a score set by hand. */
        computed = g_strdup_printf (_("Computed: %d"), e->result.rounded);
      else
        computed = g_strdup (_("Computed: unknown"));
    }
  if (computed != NULL && trend_short != NULL)
    {
      /* The trend is the computed score's (an override says nothing of the
       * month before): beside it, not beside the score set by hand. */
      g_autofree char *with_trend = NULL;

      /* Translators: the computed health and its trend, "Computed: 56 (↓ −20)". */
      with_trend = g_strdup_printf (_("%s (%s)"), computed, trend_short);
      gtk_label_set_text (self->computed_label, with_trend);
    }
  else
    gtk_label_set_text (self->computed_label, computed != NULL ? computed : "");
  gtk_widget_set_visible (GTK_WIDGET (self->computed_label), computed != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->trend_label), computed == NULL);

  /* One sentence for a screen reader on the score itself. */
  if (!known)
    sentence = g_strdup (_("Health unknown"));
  else if (self->override_text != NULL && trend_words != NULL)
    /* Translators: health score and band, set by hand, then the computed
     * score and its trend. */
    sentence = g_strdup_printf (_("Health %d, %s, set by hand; %s, %s"), score,
                                pomar_health_band_name (band), computed, trend_words);
  else if (self->override_text != NULL)
    /* Translators: health score and band, set by hand, then the computed score. */
    sentence = g_strdup_printf (_("Health %d, %s, set by hand; %s"), score,
                                pomar_health_band_name (band), computed);
  else if (trend_words != NULL)
    /* Translators: health score, band and trend. */
    sentence = g_strdup_printf (_("Health %d, %s, %s"), score, pomar_health_band_name (band), trend_words);
  else
    sentence = g_strdup_printf (_("Health %d, %s"), score, pomar_health_band_name (band));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->score_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, sentence,
                                  -1);

  if (self->has_explanation)
    self->impact_text = pomar_health_card_impact_sentence (e);
  gtk_label_set_text (self->impact_label, self->impact_text != NULL ? self->impact_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->impact_label), self->impact_text != NULL);

  update_components (self);
  update_actions (self);
}

/* The override ---------------------------------------------------------------- */

static void
override_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PomarHealthCard *self = POMAR_HEALTH_CARD (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  int score = -1;

  if (self->context == NULL || self->account_id == NULL)
    return;

  if (self->has_explanation && self->explanation.result.known)
    score = self->explanation.result.rounded;
  if (self->override_active)
    score = self->override.score;

  show_error (self, NULL);
  dialog = pomar_health_override_dialog_new (self->context, self->account_id, score);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));

  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = POMAR_HEALTH_OVERRIDE_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_override_removed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (PomarHealthCard) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!pomar_context_set_health_override_finish (POMAR_CONTEXT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->busy = FALSE;
      {
        /* Translators: the reason comes from Pomar, a sentence. */
        g_autofree char *text = g_strdup_printf (_("The override could not be removed: %s"),
                                                 error->message);
        show_error (self, text);
      }
      update_actions (self);
      return;
    }

  /* The page reloads the account on "account-changed" and hands the card
   * the figures without the override. */
  self->busy = FALSE;
  update_actions (self);
}

static void
remove_override_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PomarHealthCard *self = POMAR_HEALTH_CARD (widget);

  if (self->context == NULL || self->account_id == NULL || self->busy)
    return;

  show_error (self, NULL);
  self->busy = TRUE;
  update_actions (self);
  pomar_context_set_health_override_async (self->context, self->account_id, -1, NULL,
                                           POMAR_NO_DAY, self->cancellable,
                                           on_override_removed, g_object_ref (self));
}

/* Public API ------------------------------------------------------------------ */

GtkWidget *
pomar_health_card_new (PomarContext *context)
{
  g_return_val_if_fail (context == NULL || POMAR_IS_CONTEXT (context), NULL);

  return g_object_new (POMAR_TYPE_HEALTH_CARD, "context", context, NULL);
}

void
pomar_health_card_set_account (PomarHealthCard              *self,
                               const char                   *account_id,
                               const PomarHealthExplanation *explanation,
                               const PomarAccountFigures    *figures)
{
  g_return_if_fail (POMAR_IS_HEALTH_CARD (self));

  /* Another account: what was in flight for the last one is moot. */
  if (g_strcmp0 (account_id, self->account_id) != 0)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      self->busy = FALSE;
      show_error (self, NULL);
    }

  g_free (self->account_id);
  self->account_id = g_strdup (account_id);

  self->has_explanation = explanation != NULL;
  if (explanation != NULL)
    self->explanation = *explanation;
  else
    memset (&self->explanation, 0, sizeof self->explanation);

  g_clear_pointer (&self->override_reason, g_free);
  if (figures != NULL)
    {
      self->override = figures->override;
      self->override_reason = g_strdup (figures->override_reason);
    }
  else
    memset (&self->override, 0, sizeof self->override);

  update (self);
}

const char *
pomar_health_card_get_account_id (PomarHealthCard *self)
{
  g_return_val_if_fail (POMAR_IS_HEALTH_CARD (self), NULL);
  return self->account_id;
}

void
pomar_health_card_fill_brief (PomarHealthCard   *self,
                              PomarMeetingBrief *brief)
{
  const PomarHealthExplanation *e;
  g_autofree char *summary = NULL;
  g_autofree char *trend = NULL;
  PomarHealthBand band = POMAR_HEALTH_BAND_NONE;
  gboolean known = FALSE;
  int score;

  g_return_if_fail (POMAR_IS_HEALTH_CARD (self));
  g_return_if_fail (brief != NULL);

  e = &self->explanation;
  score = pomar_health_shown (self->has_explanation ? &e->result : NULL, &self->override,
                              pomar_day_today (), &known, &band);
  if (self->has_explanation)
    pomar_health_card_trend_texts (e, &trend, NULL);

  if (!known)
    summary = g_strdup (_("Unknown"));
  else if (self->override_text != NULL && self->has_explanation && e->result.known)
    /* Translators: for print: the override's sentence, then the computed score. */
    summary = g_strdup_printf (_("%s (computed: %d)"), self->override_text, e->result.rounded);
  else if (self->override_text != NULL)
    /* Translators: for print: the override's sentence, without a computed score. */
    summary = g_strdup_printf (_("%s (computed: unknown)"), self->override_text);
  else if (trend != NULL)
    /* Translators: for print: score, band and trend, "72, Green, Up 6 points in 30 days". */
    summary = g_strdup_printf (_("%d, %s, %s"), score, pomar_health_band_name (band), trend);
  else
    summary = g_strdup_printf (_("%d, %s"), score, pomar_health_band_name (band));

  pomar_meeting_brief_set_health (brief, summary, self->impact_text);
  if (!self->has_explanation)
    return;
  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    {
      g_autofree char *line = pomar_health_card_component_line (e, i);

      pomar_meeting_brief_add_health_line (brief, line);
    }
}

GtkLabel *
pomar_health_card_get_score_label (PomarHealthCard *self)
{
  return self->score_label;
}

GtkLabel *
pomar_health_card_get_computed_label (PomarHealthCard *self)
{
  return self->computed_label;
}

GtkLevelBar *
pomar_health_card_get_bar (PomarHealthCard      *self,
                           PomarHealthComponent  component)
{
  g_return_val_if_fail (component < POMAR_HEALTH_N_COMPONENTS, NULL);
  return self->rows[component].bar;
}

const char *
pomar_health_card_get_impact_text (PomarHealthCard *self)
{
  return self->impact_text;
}

const char *
pomar_health_card_get_override_shown (PomarHealthCard *self)
{
  return gtk_widget_get_visible (self->override_box) ? self->override_text : NULL;
}

PomarHealthOverrideDialog *
pomar_health_card_get_override_dialog (PomarHealthCard *self)
{
  return self->dialog;
}

/* GObject --------------------------------------------------------------------- */

static void
pomar_health_card_dispose (GObject *object)
{
  PomarHealthCard *self = POMAR_HEALTH_CARD (object);

  g_cancellable_cancel (self->cancellable);
  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_HEALTH_CARD);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pomar_health_card_parent_class)->dispose (object);
}

static void
pomar_health_card_finalize (GObject *object)
{
  PomarHealthCard *self = POMAR_HEALTH_CARD (object);

  g_free (self->account_id);
  g_free (self->override_reason);
  g_free (self->override_text);
  g_free (self->impact_text);

  G_OBJECT_CLASS (pomar_health_card_parent_class)->finalize (object);
}

static void
pomar_health_card_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PomarHealthCard *self = POMAR_HEALTH_CARD (object);

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
pomar_health_card_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PomarHealthCard *self = POMAR_HEALTH_CARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      update_actions (self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_health_card_class_init (PomarHealthCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pomar_health_card_dispose;
  object_class->finalize = pomar_health_card_finalize;
  object_class->get_property = pomar_health_card_get_property;
  object_class->set_property = pomar_health_card_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         POMAR_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pomar/Pomar/ui/pomar-health-card.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarHealthCard, box);
  gtk_widget_class_bind_template_child (widget_class, PomarHealthCard, score_label);
  gtk_widget_class_bind_template_child (widget_class, PomarHealthCard, band_label);
  gtk_widget_class_bind_template_child (widget_class, PomarHealthCard, trend_label);
  gtk_widget_class_bind_template_child (widget_class, PomarHealthCard, computed_label);
  gtk_widget_class_bind_template_child (widget_class, PomarHealthCard, override_box);
  gtk_widget_class_bind_template_child (widget_class, PomarHealthCard, override_label);
  gtk_widget_class_bind_template_child (widget_class, PomarHealthCard, impact_label);
  gtk_widget_class_bind_template_child (widget_class, PomarHealthCard, components_grid);
  gtk_widget_class_bind_template_child (widget_class, PomarHealthCard, error_label);
  gtk_widget_class_bind_template_child (widget_class, PomarHealthCard, override_button);

  gtk_widget_class_install_action (widget_class, "health.override", NULL, override_action);
  gtk_widget_class_install_action (widget_class, "health.remove-override", NULL,
                                   remove_override_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "healthcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pomar_health_card_init (PomarHealthCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  /* A row per component: the name and weight, the score, a bar, the
   * input in words. */
  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    {
      GtkWidget *name = gtk_label_new (NULL);
      GtkWidget *value = gtk_label_new (NULL);
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, 100);
      GtkWidget *input = gtk_label_new (NULL);
      int row = 3 * i;

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_widget_add_css_class (name, "heading");
      gtk_widget_set_margin_top (name, i > 0 ? 8 : 0);

      gtk_label_set_xalign (GTK_LABEL (value), 1);
      gtk_widget_set_valign (value, GTK_ALIGN_END);
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_add_css_class (value, "heading");

      /* Coloured as the score would be: red below 50, yellow below 75,
       * green from 75 (the bar holds rounded scores). */
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), "band-red", 49.5);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), "band-yellow", 74.5);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), "band-green", 100);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);

      gtk_label_set_xalign (GTK_LABEL (input), 0);
      gtk_label_set_wrap (GTK_LABEL (input), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (input), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (input, "caption");
      gtk_widget_add_css_class (input, "dim-label");

      gtk_grid_attach (self->components_grid, name, 0, row, 1, 1);
      gtk_grid_attach (self->components_grid, value, 1, row, 1, 1);
      gtk_grid_attach (self->components_grid, bar, 0, row + 1, 2, 1);
      gtk_grid_attach (self->components_grid, input, 0, row + 2, 2, 1);

      self->rows[i].name = GTK_LABEL (name);
      self->rows[i].value = GTK_LABEL (value);
      self->rows[i].bar = GTK_LEVEL_BAR (bar);
      self->rows[i].input = GTK_LABEL (input);
    }

  update (self);
}
