/* pomar-account-object.c: one account as a GObject, for list models.
 *
 * The views share one GListStore of these. Each object keeps its own deep
 * copy of the summary it was made from, so the store's arrays can be freed
 * as soon as the model is filled, and never changes afterwards: a refresh
 * splices in new objects instead of mutating these (no "notify" to send).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pomar-account-object.h"

struct _PomarAccountObject
{
  GObject              parent_instance;

  PomarAccountSummary  summary;
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
  g_clear_pointer (&self->summary.last_touch, g_free);

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

PomarAccountObject *
pomar_account_object_new (const PomarAccountSummary *summary)
{
  PomarAccountObject *self;
  g_autoptr (PomarAccount) account = NULL;

  g_return_val_if_fail (summary != NULL, NULL);

  self = g_object_new (POMAR_TYPE_ACCOUNT_OBJECT, NULL);

  /* Move the copy's fields into the embedded struct; only the shell of the
   * copy is freed. */
  account = pomar_account_copy (&summary->account);
  self->summary.account = *account;
  memset (account, 0, sizeof *account);

  self->summary.open_tickets = summary->open_tickets;
  self->summary.open_urgent_tickets = summary->open_urgent_tickets;
  self->summary.open_high_tickets = summary->open_high_tickets;
  self->summary.last_touch = g_strdup (summary->last_touch);

  return self;
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
  return self->summary.account.currency;
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
