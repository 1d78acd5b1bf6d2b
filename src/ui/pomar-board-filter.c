/* pomar-board-filter.c: what the board's filter bar asks of an account.
 *
 * One filter serves every column. With no criterion set it says it matches
 * everything (GTK_FILTER_MATCH_ALL), so the columns' filter models pass
 * their stage's accounts through without looking at them; each change says
 * whether it narrowed or widened the choice, so that the models re-check
 * only the accounts that can change sides. The text is matched against a
 * key the account object folded once, when it was loaded.
 */
#include "config.h"

#include <string.h>

#include "pomar-board-filter.h"

struct _PomarBoardFilter
{
  GtkFilter   parent_instance;

  char       *owner;
  char       *segment;
  int         band;
  char       *text;     /* as typed */
  char       *folded;   /* the text folded, for comparisons of strictness */
  GStrv       words;    /* the folded words, each to be found */
};

G_DEFINE_FINAL_TYPE (PomarBoardFilter, pomar_board_filter, GTK_TYPE_FILTER)

enum {
  PROP_0,
  PROP_OWNER,
  PROP_SEGMENT,
  PROP_BAND,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

gboolean
pomar_board_filter_is_active (PomarBoardFilter *self)
{
  g_return_val_if_fail (POMAR_IS_BOARD_FILTER (self), FALSE);

  return self->owner != NULL || self->segment != NULL
         || self->band != POMAR_BOARD_FILTER_ANY_BAND
         || (self->words != NULL && self->words[0] != NULL);
}

gboolean
pomar_board_filter_matches (PomarBoardFilter   *self,
                            PomarAccountObject *account)
{
  g_return_val_if_fail (POMAR_IS_BOARD_FILTER (self), FALSE);
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (account), FALSE);

  if (self->owner != NULL
      && g_strcmp0 (self->owner, pomar_account_object_get_owner (account)) != 0)
    return FALSE;

  if (self->segment != NULL
      && g_strcmp0 (self->segment, pomar_account_object_get_segment (account)) != 0)
    return FALSE;

  if (self->band != POMAR_BOARD_FILTER_ANY_BAND)
    {
      PomarHealthBand band;

      pomar_account_object_get_health (account, NULL, &band);
      if ((int) band != self->band)
        return FALSE;
    }

  if (self->words != NULL)
    {
      const char *key = pomar_account_object_get_search_key (account);

      for (guint i = 0; self->words[i] != NULL; i++)
        if (strstr (key, self->words[i]) == NULL)
          return FALSE;
    }

  return TRUE;
}

static gboolean
pomar_board_filter_match (GtkFilter *filter,
                          gpointer   item)
{
  return pomar_board_filter_matches (POMAR_BOARD_FILTER (filter), item);
}

static GtkFilterMatch
pomar_board_filter_get_strictness (GtkFilter *filter)
{
  if (!pomar_board_filter_is_active (POMAR_BOARD_FILTER (filter)))
    return GTK_FILTER_MATCH_ALL;
  return GTK_FILTER_MATCH_SOME;
}

/* A criterion that goes from any to one value narrows the choice, from one
 * value to any widens it, and from one value to another changes it. */
static void
set_choice (PomarBoardFilter *self,
            char            **field,
            const char       *value,
            guint             prop_id)
{
  GtkFilterChange change;

  if (!has_text (value))
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;

  if (*field == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (value == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_free (*field);
  *field = g_strdup (value);
  gtk_filter_changed (GTK_FILTER (self), change);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
pomar_board_filter_set_owner (PomarBoardFilter *self,
                              const char       *owner)
{
  g_return_if_fail (POMAR_IS_BOARD_FILTER (self));
  set_choice (self, &self->owner, owner, PROP_OWNER);
}

const char *
pomar_board_filter_get_owner (PomarBoardFilter *self)
{
  g_return_val_if_fail (POMAR_IS_BOARD_FILTER (self), NULL);
  return self->owner;
}

void
pomar_board_filter_set_segment (PomarBoardFilter *self,
                                const char       *segment)
{
  g_return_if_fail (POMAR_IS_BOARD_FILTER (self));
  set_choice (self, &self->segment, segment, PROP_SEGMENT);
}

const char *
pomar_board_filter_get_segment (PomarBoardFilter *self)
{
  g_return_val_if_fail (POMAR_IS_BOARD_FILTER (self), NULL);
  return self->segment;
}

void
pomar_board_filter_set_band (PomarBoardFilter *self,
                             int               band)
{
  GtkFilterChange change;

  g_return_if_fail (POMAR_IS_BOARD_FILTER (self));
  g_return_if_fail (band >= POMAR_BOARD_FILTER_ANY_BAND && band <= POMAR_HEALTH_BAND_GREEN);

  if (self->band == band)
    return;

  if (self->band == POMAR_BOARD_FILTER_ANY_BAND)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (band == POMAR_BOARD_FILTER_ANY_BAND)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  self->band = band;
  gtk_filter_changed (GTK_FILTER (self), change);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BAND]);
}

int
pomar_board_filter_get_band (PomarBoardFilter *self)
{
  g_return_val_if_fail (POMAR_IS_BOARD_FILTER (self), POMAR_BOARD_FILTER_ANY_BAND);
  return self->band;
}

void
pomar_board_filter_set_text (PomarBoardFilter *self,
                             const char       *text)
{
  g_autofree char *folded = NULL;
  GtkFilterChange change;

  g_return_if_fail (POMAR_IS_BOARD_FILTER (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  folded = g_strstrip (pomar_fold_for_search (text));

  if (g_strcmp0 (self->folded, folded) == 0)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
      return;
    }

  /* Typing on only lengthens a word or adds one: every account it leaves
   * out was already out. Deleting is the reverse. */
  if (g_str_has_prefix (folded, self->folded))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (g_str_has_prefix (self->folded, folded))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_free (self->folded);
  self->folded = g_steal_pointer (&folded);
  g_clear_pointer (&self->words, g_strfreev);
  if (*self->folded != '\0')
    self->words = g_strsplit_set (self->folded, " \t\n", -1);
  if (self->words != NULL)
    {
      /* Runs of spaces make empty words: drop them. */
      guint kept = 0;

      for (guint i = 0; self->words[i] != NULL; i++)
        {
          if (*self->words[i] != '\0')
            self->words[kept++] = self->words[i];
          else
            g_free (self->words[i]);
        }
      self->words[kept] = NULL;
    }

  gtk_filter_changed (GTK_FILTER (self), change);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
pomar_board_filter_get_text (PomarBoardFilter *self)
{
  g_return_val_if_fail (POMAR_IS_BOARD_FILTER (self), NULL);
  return self->text;
}

static void
pomar_board_filter_finalize (GObject *object)
{
  PomarBoardFilter *self = POMAR_BOARD_FILTER (object);

  g_clear_pointer (&self->owner, g_free);
  g_clear_pointer (&self->segment, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->folded, g_free);
  g_clear_pointer (&self->words, g_strfreev);

  G_OBJECT_CLASS (pomar_board_filter_parent_class)->finalize (object);
}

static void
pomar_board_filter_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PomarBoardFilter *self = POMAR_BOARD_FILTER (object);

  switch (prop_id)
    {
    case PROP_OWNER:
      g_value_set_string (value, self->owner);
      break;

    case PROP_SEGMENT:
      g_value_set_string (value, self->segment);
      break;

    case PROP_BAND:
      g_value_set_int (value, self->band);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_board_filter_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PomarBoardFilter *self = POMAR_BOARD_FILTER (object);

  switch (prop_id)
    {
    case PROP_OWNER:
      pomar_board_filter_set_owner (self, g_value_get_string (value));
      break;

    case PROP_SEGMENT:
      pomar_board_filter_set_segment (self, g_value_get_string (value));
      break;

    case PROP_BAND:
      pomar_board_filter_set_band (self, g_value_get_int (value));
      break;

    case PROP_TEXT:
      pomar_board_filter_set_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_board_filter_class_init (PomarBoardFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  object_class->finalize = pomar_board_filter_finalize;
  object_class->get_property = pomar_board_filter_get_property;
  object_class->set_property = pomar_board_filter_set_property;

  filter_class->match = pomar_board_filter_match;
  filter_class->get_strictness = pomar_board_filter_get_strictness;

  properties[PROP_OWNER] =
    g_param_spec_string ("owner", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEGMENT] =
    g_param_spec_string ("segment", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BAND] =
    g_param_spec_int ("band", NULL, NULL,
                      POMAR_BOARD_FILTER_ANY_BAND, POMAR_HEALTH_BAND_GREEN, POMAR_BOARD_FILTER_ANY_BAND,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pomar_board_filter_init (PomarBoardFilter *self)
{
  self->band = POMAR_BOARD_FILTER_ANY_BAND;
  self->folded = g_strdup ("");
}

PomarBoardFilter *
pomar_board_filter_new (void)
{
  return g_object_new (POMAR_TYPE_BOARD_FILTER, NULL);
}
