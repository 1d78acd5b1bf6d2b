/* pomar-account-object.c: one account as a GObject, for list models.
 *
 * The views share one GListStore of these. Each object keeps its own deep
 * copy of the summary it was made from, so the store's arrays can be freed
 * as soon as the model is filled. Objects are made on the window's loading
 * thread, so what the board sorts and filters by (a collation key, a folded
 * search text, the health shown today) is worked out there, once, rather
 * than on the main loop for every card. A refresh splices in new objects;
 * a local change (a stage move) updates the object in place, with "notify".
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "core/pomar-money.h"
#include "pomar-account-object.h"

struct _PomarAccountObject
{
  GObject              parent_instance;

  PomarAccountSummary  summary;

  /* Worked out from the summary, as of the day it was made. */
  PomarDay             today;
  PomarDay             last_touch_day;   /* once asked for */
  const char          *currency;         /* interned */
  gboolean             last_touch_parsed;
  gboolean             has_health;
  int                  health;
  PomarHealthBand      band;
  int                  trend;
  char                *sort_key;
  char                *search_key;
};

G_DEFINE_FINAL_TYPE (PomarAccountObject, pomar_account_object, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_STAGE,
  PROP_OWNER,
  PROP_SEGMENT,
  PROP_CURRENCY,
  PROP_ARR,
  PROP_OPEN_TICKETS,
  PROP_RENEWAL_DATE,
  PROP_LAST_TOUCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pomar_account_object_finalize (GObject *object)
{
  PomarAccountObject *self = POMAR_ACCOUNT_OBJECT (object);

  pomar_account_clear (&self->summary.account);
  pomar_account_figures_clear (&self->summary.figures);
  g_clear_pointer (&self->summary.last_touch, g_free);
  g_clear_pointer (&self->summary.suggestion_reason, g_free);
  g_clear_pointer (&self->sort_key, g_free);
  g_clear_pointer (&self->search_key, g_free);

  G_OBJECT_CLASS (pomar_account_object_parent_class)->finalize (object);
}

static void
pomar_account_object_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PomarAccountObject *self = POMAR_ACCOUNT_OBJECT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->summary.account.id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->summary.account.name);
      break;

    case PROP_STAGE:
      g_value_set_string (value, self->summary.account.stage);
      break;

    case PROP_OWNER:
      g_value_set_string (value, self->summary.account.owner);
      break;

    case PROP_SEGMENT:
      g_value_set_string (value, self->summary.account.segment);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, self->summary.account.currency);
      break;

    case PROP_ARR:
      g_value_set_double (value, self->summary.account.arr);
      break;

    case PROP_OPEN_TICKETS:
      g_value_set_int64 (value, self->summary.open_tickets);
      break;

    case PROP_RENEWAL_DATE:
      g_value_set_string (value, self->summary.account.renewal_date);
      break;

    case PROP_LAST_TOUCH:
      g_value_set_string (value, self->summary.last_touch);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_account_object_class_init (PomarAccountObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pomar_account_object_finalize;
  object_class->get_property = pomar_account_object_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STAGE] =
    g_param_spec_string ("stage", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OWNER] =
    g_param_spec_string ("owner", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEGMENT] =
    g_param_spec_string ("segment", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* NAN when the source gave no ARR, hence the unbounded range. */
  properties[PROP_ARR] =
    g_param_spec_double ("arr", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPEN_TICKETS] =
    g_param_spec_int64 ("open-tickets", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RENEWAL_DATE] =
    g_param_spec_string ("renewal-date", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_TOUCH] =
    g_param_spec_string ("last-touch", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pomar_account_object_init (PomarAccountObject *self)
{
}

/* Name and domain, one per line (no word of a query matches across the
 * two), folded for a search that ignores case and accents. */
static char *
make_search_key (const PomarAccount *account)
{
  g_autofree char *joined = g_strjoin ("\n",
                                       account->name != NULL ? account->name : "",
                                       account->domain != NULL ? account->domain : "",
                                       NULL);

  return pomar_fold_for_search (joined);
}

/* Replaces the object's summary with a deep copy of @summary, and works out
 * what is read from it often. */
static void
set_summary (PomarAccountObject        *self,
             const PomarAccountSummary *summary)
{
  g_autoptr (PomarAccount) account = NULL;
  g_autofree char *folded = NULL;
  const PomarAccountFigures *figures = &summary->figures;

  pomar_account_clear (&self->summary.account);
  pomar_account_figures_clear (&self->summary.figures);
  g_clear_pointer (&self->summary.last_touch, g_free);
  g_clear_pointer (&self->summary.suggestion_reason, g_free);

  /* Move the copy's fields into the embedded struct; only the shell of the
   * copy is freed. */
  account = pomar_account_copy (&summary->account);
  self->summary.account = *account;
  memset (account, 0, sizeof *account);

  self->summary.figures = *figures;
  self->summary.figures.override_reason = g_strdup (figures->override_reason);
  self->summary.open_tickets = summary->open_tickets;
  self->summary.open_urgent_tickets = summary->open_urgent_tickets;
  self->summary.open_high_tickets = summary->open_high_tickets;
  self->summary.last_touch = g_strdup (summary->last_touch);
  self->last_touch_parsed = FALSE;
  self->summary.suggested_stage = summary->suggested_stage;
  self->summary.suggestion_reason = g_strdup (summary->suggestion_reason);
  self->summary.playbook_tasks = summary->playbook_tasks;
  self->summary.playbook_tasks_finished = summary->playbook_tasks_finished;
  self->summary.stage_conflict = summary->stage_conflict;

  self->currency = g_intern_string (self->summary.account.currency);
  self->today = pomar_day_today ();
  self->has_health = pomar_account_figures_shown_health (figures, self->today,
                                                         &self->health, &self->band);
  /* domain.md: the computed score against the one of 30 days ago, an arrow
   * at 5 points either way (an override is not history). */
  self->trend = 0;
  if (figures->computed && figures->known && figures->known_30d_ago)
    {
      int delta = figures->rounded - figures->rounded_30d_ago;

      self->trend = delta >= 5 ? 1 : delta <= -5 ? -1 : 0;
    }

  /* Case folded first, as GtkStringSorter does by default: "acme" and
   * "Acme" sort together in every locale. */
  g_clear_pointer (&self->sort_key, g_free);
  folded = g_utf8_casefold (self->summary.account.name != NULL ? self->summary.account.name : "", -1);
  self->sort_key = g_utf8_collate_key (folded, -1);
  g_clear_pointer (&self->search_key, g_free);
  self->search_key = make_search_key (&self->summary.account);
}

PomarAccountObject *
pomar_account_object_new (const PomarAccountSummary *summary)
{
  PomarAccountObject *self;

  g_return_val_if_fail (summary != NULL, NULL);

  self = g_object_new (POMAR_TYPE_ACCOUNT_OBJECT, NULL);
  set_summary (self, summary);

  return self;
}

void
pomar_account_object_update (PomarAccountObject        *self,
                             const PomarAccountSummary *summary)
{
  g_return_if_fail (POMAR_IS_ACCOUNT_OBJECT (self));
  g_return_if_fail (summary != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  set_summary (self, summary);
  for (guint i = 1; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
pomar_account_object_set_stage (PomarAccountObject *self,
                                const char         *stage)
{
  g_return_if_fail (POMAR_IS_ACCOUNT_OBJECT (self));

  if (g_strcmp0 (self->summary.account.stage, stage) == 0)
    return;

  g_free (self->summary.account.stage);
  self->summary.account.stage = g_strdup (stage);
  /* What the board would suggest was for the stage it left. */
  self->summary.suggested_stage = NULL;
  g_clear_pointer (&self->summary.suggestion_reason, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
}

gboolean
pomar_account_object_get_health (PomarAccountObject *self,
                                 int                *score,
                                 PomarHealthBand    *band)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (self), FALSE);

  if (score != NULL)
    *score = self->health;
  if (band != NULL)
    *band = self->has_health ? self->band : POMAR_HEALTH_BAND_NONE;
  return self->has_health;
}

int
pomar_account_object_get_health_trend (PomarAccountObject *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (self), 0);
  return self->trend;
}

gboolean
pomar_account_object_get_days_to_renewal (PomarAccountObject *self,
                                          gint64             *days)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (self), FALSE);

  return pomar_days_to_renewal (pomar_day_parse (self->summary.account.renewal_date),
                                self->today, days);
}

const char *
pomar_account_object_get_search_key (PomarAccountObject *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (self), NULL);
  return self->search_key;
}

int
pomar_account_object_compare (PomarAccountObject *a,
                              PomarAccountObject *b)
{
  int result;

  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (a), 0);
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (b), 0);

  result = strcmp (a->sort_key, b->sort_key);
  if (result == 0)
    result = g_strcmp0 (a->summary.account.id, b->summary.account.id);
  return result;
}

/* Case folded, accents dropped where the text has an ASCII spelling ("São"
 * and "sao" meet), and spaces kept. */
char *
pomar_fold_for_search (const char *text)
{
  g_autofree char *ascii = NULL;
  g_autofree char *normalized = NULL;

  if (text == NULL)
    return g_strdup ("");

  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  if (normalized == NULL)
    return g_strdup ("");
  ascii = g_str_to_ascii (normalized, "C");
  /* Letters with no ASCII spelling become "?": keep the folded original
   * then, so that Cyrillic or CJK names still match themselves. */
  if (strchr (ascii, '?') != NULL && strchr (normalized, '?') == NULL)
    return g_utf8_casefold (normalized, -1);
  return g_ascii_strdown (ascii, -1);
}

const PomarAccountSummary *
pomar_account_object_get_summary (PomarAccountObject *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (self), NULL);
  return &self->summary;
}

const char *
pomar_account_object_get_id (PomarAccountObject *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (self), NULL);
  return self->summary.account.id;
}

const char *
pomar_account_object_get_name (PomarAccountObject *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (self), NULL);
  return self->summary.account.name;
}

const char *
pomar_account_object_get_stage (PomarAccountObject *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (self), NULL);
  return self->summary.account.stage;
}

const char *
pomar_account_object_get_owner (PomarAccountObject *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (self), NULL);
  return self->summary.account.owner;
}

const char *
pomar_account_object_get_segment (PomarAccountObject *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (self), NULL);
  return self->summary.account.segment;
}

const char *
pomar_account_object_get_currency (PomarAccountObject *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (self), NULL);
  return self->currency;
}

double
pomar_account_object_get_arr (PomarAccountObject *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (self), NAN);
  return self->summary.account.arr;
}

gint64
pomar_account_object_get_open_tickets (PomarAccountObject *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (self), 0);
  return self->summary.open_tickets;
}

const char *
pomar_account_object_get_renewal_date (PomarAccountObject *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (self), NULL);
  return self->summary.account.renewal_date;
}

const char *
pomar_account_object_get_last_touch (PomarAccountObject *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (self), NULL);
  return self->summary.last_touch;
}

PomarDay
pomar_account_object_get_last_touch_day (PomarAccountObject *self)
{
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (self), POMAR_NO_DAY);

  /* Parsed when first shown: a table redrawn at each keystroke parsed a
   * timestamp (and made a time zone) for every row it showed. */
  if (!self->last_touch_parsed)
    {
      self->last_touch_day = pomar_day_parse_local (self->summary.last_touch);
      self->last_touch_parsed = TRUE;
    }
  return self->last_touch_day;
}

/* The two currencies of Pomar's first users get a symbol that no reader can
 * mistake ("R$", "US$", as Brazilians write them); the euro keeps its sign;
 * any other currency is named by its ISO code after the amount, which is
 * unambiguous everywhere. Grouping follows LC_NUMERIC (the "'" flag). The
 * space is a no-break space (U+00A0), so that a wrapping label never puts
 * the symbol and the amount on different lines. */
char *
pomar_format_money (double      amount,
                    const char *currency)
{
  g_autofree char *number = NULL;

  if (isnan (amount))
    return g_strdup ("—");

  number = g_strdup_printf ("%'.0f", amount);

  if (currency == NULL || *currency == '\0')
    return g_steal_pointer (&number);
  if (g_str_equal (currency, "BRL"))
    return g_strdup_printf ("R$\u00a0%s", number);
  if (g_str_equal (currency, "USD"))
    return g_strdup_printf ("US$\u00a0%s", number);
  if (g_str_equal (currency, "EUR"))
    return g_strdup_printf ("€\u00a0%s", number);
  return g_strdup_printf ("%s\u00a0%s", number, currency);
}
