/* pomar-health.c: the health score, component by component, as domain.md
 * defines it. Choices where domain.md is silent are marked "Choice:". */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "pomar-health.h"

static const struct
{
  const char *id;
  const char *name;
  double      weight;
} components[POMAR_HEALTH_N_COMPONENTS] = {
  [POMAR_HEALTH_ADOPTION] = { "adoption", N_("Adoption"), 30 },
  [POMAR_HEALTH_USAGE_TREND] = { "usage_trend", N_("Usage trend"), 10 },
  [POMAR_HEALTH_SUPPORT] = { "support", N_("Support"), 20 },
  [POMAR_HEALTH_SENTIMENT] = { "sentiment", N_("Sentiment"), 25 },
  [POMAR_HEALTH_ENGAGEMENT] = { "engagement", N_("Engagement"), 15 },
};

void
pomar_health_weights_init_default (PomarHealthWeights *weights)
{
  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    weights->weight[i] = components[i].weight;
}

PomarHealthBand
pomar_health_band_from_id (const char *id)
{
  for (PomarHealthBand band = POMAR_HEALTH_BAND_RED; band <= POMAR_HEALTH_BAND_GREEN; band++)
    if (g_strcmp0 (id, pomar_health_band_to_id (band)) == 0)
      return band;
  return POMAR_HEALTH_BAND_NONE;
}

PomarHealthComponent
pomar_health_component_from_id (const char *id)
{
  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    if (g_strcmp0 (id, components[i].id) == 0)
      return (PomarHealthComponent) i;
  return POMAR_HEALTH_NO_COMPONENT;
}

const char *
pomar_health_component_to_id (PomarHealthComponent component)
{
  if (component >= POMAR_HEALTH_N_COMPONENTS)
    return NULL;
  return components[component].id;
}

const char *
pomar_health_component_get_name (PomarHealthComponent component)
{
  if (component >= POMAR_HEALTH_N_COMPONENTS)
    return NULL;
  return _(components[component].name);
}

double
pomar_health_priority_weight (const char *priority)
{
  if (priority == NULL)
    return 1;
  if (g_str_equal (priority, "urgent"))
    return 4;
  if (g_str_equal (priority, "high"))
    return 2;
  if (g_str_equal (priority, "low"))
    return 0.5;
  /* "normal", and (Choice:) any priority Pomar does not know. */
  return 1;
}

PomarHealthBand
pomar_health_band_for_score (int score)
{
  if (score < 50)
    return POMAR_HEALTH_BAND_RED;
  if (score < 75)
    return POMAR_HEALTH_BAND_YELLOW;
  return POMAR_HEALTH_BAND_GREEN;
}

const char *
pomar_health_band_to_id (PomarHealthBand band)
{
  switch (band)
    {
    case POMAR_HEALTH_BAND_RED:
      return "red";
    case POMAR_HEALTH_BAND_YELLOW:
      return "yellow";
    case POMAR_HEALTH_BAND_GREEN:
      return "green";
    case POMAR_HEALTH_BAND_NONE:
    default:
      return NULL;
    }
}

static double
clamp100 (double v)
{
  return CLAMP (v, 0.0, 100.0);
}

void
pomar_health_compute (const PomarHealthInputs  *in,
                      PomarDay                  as_of,
                      const PomarHealthWeights *weights,
                      PomarHealthResult        *out)
{
  PomarHealthWeights defaults;
  PomarHealthPart *p = out->parts;
  double sum = 0, sum_w = 0, best_impact = 0;
  int nps;
  double csat;

  if (weights == NULL)
    {
      pomar_health_weights_init_default (&defaults);
      weights = &defaults;
    }

  memset (out, 0, sizeof *out);
  out->most_impactful = POMAR_HEALTH_NO_COMPONENT;

  /* Adoption: u = mean over 30 days of active/seats, a day without a row
   * counting 0, which is the 30-day sum of active users over 30 x seats. */
  if (in->licensed_seats != POMAR_NO_INT && in->licensed_seats > 0 && in->has_usage)
    {
      double u = (double) in->active_users_30d / (30.0 * (double) in->licensed_seats);

      p[POMAR_HEALTH_ADOPTION].present = TRUE;
      p[POMAR_HEALTH_ADOPTION].score = 100.0 * MIN (1.0, u / 0.8);
    }

  /* Usage trend: missing when E0 = 0. */
  if (in->events_prev_30d > 0)
    {
      double e1 = (double) in->events_30d, e0 = (double) in->events_prev_30d;

      p[POMAR_HEALTH_USAGE_TREND].present = TRUE;
      p[POMAR_HEALTH_USAGE_TREND].score = clamp100 (50.0 + 100.0 * (e1 - e0) / e0);
    }

  /* Support: never missing; no open ticket is a perfect 100. */
  p[POMAR_HEALTH_SUPPORT].present = TRUE;
  p[POMAR_HEALTH_SUPPORT].score =
    clamp100 (100.0 - 12.5 * (in->open_ticket_weight + (double) in->open_tickets_old));

  /* Sentiment: NPS over 180 days, else the CSAT share, else missing. */
  if (pomar_nps_compute (&in->nps_180d, &nps))
    {
      p[POMAR_HEALTH_SENTIMENT].present = TRUE;
      p[POMAR_HEALTH_SENTIMENT].score = (nps + 100) / 2.0;
    }
  else if (pomar_csat_compute (&in->csat_180d, &csat))
    {
      p[POMAR_HEALTH_SENTIMENT].present = TRUE;
      p[POMAR_HEALTH_SENTIMENT].score = csat;
    }

  /* Engagement: 100 up to 14 days since the last touch, 0 from 60, linear
   * between. Choice: a touch dated after D does not exist as of D. */
  if (in->last_engagement != POMAR_NO_DAY && in->last_engagement <= as_of)
    {
      double d = (double) (as_of - in->last_engagement);

      p[POMAR_HEALTH_ENGAGEMENT].present = TRUE;
      if (d <= 14)
        p[POMAR_HEALTH_ENGAGEMENT].score = 100;
      else if (d >= 60)
        p[POMAR_HEALTH_ENGAGEMENT].score = 0;
      else
        p[POMAR_HEALTH_ENGAGEMENT].score = 100.0 * (60.0 - d) / 46.0;
    }

  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    {
      double w = MAX (0.0, weights->weight[i]);
      double impact;

      p[i].weight = w;
      if (!p[i].present || w <= 0)
        continue;

      sum += w * p[i].score;
      sum_w += w;

      /* Choice: ties go to the component listed first in domain.md, and a
       * score with nothing to gain (every component at 100) names none. */
      impact = (100.0 - p[i].score) * w;
      if (impact > best_impact)
        {
          best_impact = impact;
          out->most_impactful = (PomarHealthComponent) i;
        }
    }

  if (sum_w <= 0)
    {
      out->band = POMAR_HEALTH_BAND_NONE;
      return;
    }

  out->known = TRUE;
  out->score = clamp100 (sum / sum_w);
  out->rounded = (int) pomar_round (out->score);
  /* Choice: the band follows the rounded score, so that a shown 75 is green. */
  out->band = pomar_health_band_for_score (out->rounded);
}

void
pomar_health_inputs_from_records (PomarHealthInputs            *in,
                                  const PomarAccount           *account,
                                  const PomarUsage * const     *usage,
                                  guint                         n_usage,
                                  const PomarTicket * const    *tickets,
                                  guint                         n_tickets,
                                  const PomarResponse * const  *responses,
                                  guint                         n_responses,
                                  const PomarActivity * const  *activities,
                                  guint                         n_activities,
                                  PomarDay                      as_of)
{
  memset (in, 0, sizeof *in);
  in->licensed_seats = account != NULL ? account->licensed_seats : POMAR_NO_INT;
  in->last_engagement = POMAR_NO_DAY;

  for (guint i = 0; i < n_usage; i++)
    {
      PomarDay day = pomar_day_parse (usage[i]->day);

      if (day == POMAR_NO_DAY || day > as_of)
        continue;
      in->has_usage = TRUE;
      if (pomar_day_in_window (day, as_of, 30))
        {
          if (usage[i]->active_users != POMAR_NO_INT)
            in->active_users_30d += usage[i]->active_users;
          if (usage[i]->events != POMAR_NO_INT)
            in->events_30d += usage[i]->events;
        }
      else if (pomar_day_in_window (day, as_of - 30, 30) && usage[i]->events != POMAR_NO_INT)
        in->events_prev_30d += usage[i]->events;
    }

  for (guint i = 0; i < n_tickets; i++)
    {
      const PomarTicket *t = tickets[i];
      PomarDay created = pomar_day_parse (t->created_at);

      if (!pomar_ticket_is_open_on (created, pomar_day_parse (t->solved_at), t->status, as_of))
        continue;

      in->open_ticket_weight += pomar_health_priority_weight (t->priority);
      if (as_of - created > 14)
        in->open_tickets_old++;
    }

  for (guint i = 0; i < n_responses; i++)
    {
      const PomarResponse *r = responses[i];
      PomarDay day = pomar_day_parse (r->responded_at);

      if (!pomar_day_in_window (day, as_of, 180) || r->kind == NULL)
        continue;
      if (g_str_equal (r->kind, "nps"))
        pomar_nps_counts_add (&in->nps_180d, r->score);
      else if (g_str_equal (r->kind, "csat"))
        pomar_csat_counts_add (&in->csat_180d, r->score);
    }

  for (guint i = 0; i < n_activities; i++)
    {
      const PomarActivity *a = activities[i];
      PomarDay day;

      if (!pomar_activity_kind_is_touch (a->kind))
        continue;
      day = pomar_day_parse (a->occurred_at);
      if (day == POMAR_NO_DAY || day > as_of)
        continue;
      if (in->last_engagement == POMAR_NO_DAY || day > in->last_engagement)
        in->last_engagement = day;
    }
}

PomarTrendArrow
pomar_health_trend (const PomarHealthResult *now,
                    const PomarHealthResult *then,
                    int                     *delta)
{
  int d;

  if (delta != NULL)
    *delta = 0;
  if (now == NULL || then == NULL || !now->known || !then->known)
    return POMAR_TREND_UNKNOWN;

  /* Choice: the difference of the rounded scores, the two figures the user
   * sees, not of the unrounded ones: 70 then and 75 now always shows an
   * arrow up, even when the unrounded scores are 4.9 apart. */
  /* Choice: the caller passes computed scores: an override is a statement
   * about the days it covers and says nothing of the month before. */
  d = now->rounded - then->rounded;
  if (delta != NULL)
    *delta = d;
  if (d >= 5)
    return POMAR_TREND_UP;
  if (d <= -5)
    return POMAR_TREND_DOWN;
  return POMAR_TREND_FLAT;
}

void
pomar_health_override_init (PomarHealthOverride *o,
                            int                  score,
                            PomarDay             set_on,
                            guint                n_days)
{
  g_return_if_fail (o != NULL);

  o->set = TRUE;
  o->score = CLAMP (score, 0, 100);
  o->set_on = set_on;
  o->expires_on = set_on + (n_days > 0 ? n_days : POMAR_HEALTH_OVERRIDE_DEFAULT_DAYS);
}

gboolean
pomar_health_override_is_active (const PomarHealthOverride *o,
                                 PomarDay                   as_of)
{
  PomarDay expires;

  if (o == NULL || !o->set || o->set_on == POMAR_NO_DAY || as_of == POMAR_NO_DAY)
    return FALSE;
  /* Choice: without an expiry day the default of 30 days applies. The
   * override expires at the start of expires_on: set on the 1st for 30
   * days, it is shown up to the 30th and no longer on the 31st. */
  expires = o->expires_on != POMAR_NO_DAY ? o->expires_on
                                          : o->set_on + POMAR_HEALTH_OVERRIDE_DEFAULT_DAYS;
  return o->set_on <= as_of && as_of < expires;
}

int
pomar_health_shown (const PomarHealthResult   *computed,
                    const PomarHealthOverride *o,
                    PomarDay                   as_of,
                    gboolean                  *known,
                    PomarHealthBand           *band)
{
  gboolean k = FALSE;
  int score = 0;

  if (pomar_health_override_is_active (o, as_of))
    {
      /* Choice: a stored score outside 0..100 is clamped, like the
       * computed one. */
      k = TRUE;
      score = CLAMP (o->score, 0, 100);
    }
  else if (computed != NULL && computed->known)
    {
      k = TRUE;
      score = computed->rounded;
    }

  if (known != NULL)
    *known = k;
  /* The band of the shown score, as for a computed one. */
  if (band != NULL)
    *band = k ? pomar_health_band_for_score (score) : POMAR_HEALTH_BAND_NONE;
  return score;
}
