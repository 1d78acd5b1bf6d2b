/* pomar-stage-history.c: reading a stage history as of a day.
 *
 * Histories are short (a handful of changes per account), so each call
 * sorts a small index of the usable changes rather than asking its caller
 * for a sorted array.
 */
#include "pomar-stage-history.h"

#include <stdlib.h>

typedef struct
{
  const PomarStageChange *change;
  PomarDay                day;
  guint                   index;  /* position in the input */
} Entry;

static int
compare_entries (const void *a,
                 const void *b)
{
  const Entry *x = a, *y = b;
  int cmp;

  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  cmp = g_strcmp0 (x->change->changed_at, y->change->changed_at);
  if (cmp != 0)
    return cmp;
  return (x->index > y->index) - (x->index < y->index);
}

/* The usable changes in history order; *n_out of them. */
static Entry *
sorted_entries (const PomarStageChange * const *changes,
                guint                           n,
                guint                          *n_out)
{
  Entry *entries;
  guint len = 0;

  *n_out = 0;
  if (changes == NULL || n == 0)
    return NULL;

  entries = g_new (Entry, n);
  for (guint i = 0; i < n; i++)
    {
      const PomarStageChange *c = changes[i];
      PomarDay day;

      if (c == NULL || c->to_stage == NULL)
        continue;
      day = pomar_day_parse (c->changed_at);
      if (day == POMAR_NO_DAY)
        continue;
      entries[len].change = c;
      entries[len].day = day;
      entries[len].index = i;
      len++;
    }
  qsort (entries, len, sizeof (Entry), compare_entries);
  *n_out = len;
  return entries;
}

/* The position of the latest entry dated on or before @day, or -1. */
static int
last_on_or_before (const Entry *entries,
                   guint        len,
                   PomarDay     day)
{
  int last = -1;

  for (guint i = 0; i < len && entries[i].day <= day; i++)
    last = (int) i;
  return last;
}

const char *
pomar_stage_as_of (const PomarStageChange * const *changes,
                   guint                           n,
                   PomarDay                        day)
{
  g_autofree Entry *entries = NULL;
  guint len;
  int last;

  entries = sorted_entries (changes, n, &len);
  last = last_on_or_before (entries, len, day);
  return last >= 0 ? entries[last].change->to_stage : NULL;
}

PomarDay
pomar_stage_entered_on (const PomarStageChange * const *changes,
                        guint                           n,
                        PomarDay                        as_of)
{
  g_autofree Entry *entries = NULL;
  const char *stage;
  guint len;
  int i;

  entries = sorted_entries (changes, n, &len);
  i = last_on_or_before (entries, len, as_of);
  if (i < 0)
    return POMAR_NO_DAY;

  /* Choice: a change to the stage the account is already in (a duplicate,
   * or a move undone and redone the same way) does not restart the time in
   * the stage; walk back to the first change of the run. */
  stage = entries[i].change->to_stage;
  while (i > 0 && g_str_equal (entries[i - 1].change->to_stage, stage))
    i--;
  return entries[i].day;
}

PomarDay
pomar_stage_last_move_to (const PomarStageChange * const *changes,
                          guint                           n,
                          const char                     *stage,
                          PomarDay                        as_of)
{
  g_autofree Entry *entries = NULL;
  PomarDay found = POMAR_NO_DAY;
  guint len;

  g_return_val_if_fail (stage != NULL, POMAR_NO_DAY);

  entries = sorted_entries (changes, n, &len);
  for (guint i = 0; i < len && entries[i].day <= as_of; i++)
    {
      const char *before = i > 0 ? entries[i - 1].change->to_stage : entries[i].change->from_stage;

      if (g_str_equal (entries[i].change->to_stage, stage) && g_strcmp0 (before, stage) != 0)
        found = entries[i].day;
    }
  return found;
}

const char *
pomar_stage_from_after (const PomarStageChange * const *changes,
                        guint                           n,
                        PomarDay                        day)
{
  g_autofree Entry *entries = NULL;
  guint len;

  entries = sorted_entries (changes, n, &len);
  for (guint i = 0; i < len; i++)
    if (entries[i].day > day)
      return entries[i].change->from_stage;
  return NULL;
}
