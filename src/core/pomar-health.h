/* pomar-health.h: the explainable health score of domain.md.
 *
 * Five components, each 0..100 or missing, weighted and renormalised over
 * the components that are present. The score is computed from a handful of
 * aggregates (PomarHealthInputs): the store fills them with SQL over its
 * indexes, and pomar_health_inputs_from_records() fills them from plain
 * records, which is how the tests check one against the other.
 */
#pragma once

#include <glib.h>

#include "pomar-day.h"
#include "pomar-nps.h"
#include "pomar-records.h"

G_BEGIN_DECLS

typedef enum
{
  POMAR_HEALTH_ADOPTION,
  POMAR_HEALTH_USAGE_TREND,
  POMAR_HEALTH_SUPPORT,
  POMAR_HEALTH_SENTIMENT,
  POMAR_HEALTH_ENGAGEMENT,
  POMAR_HEALTH_N_COMPONENTS,
  POMAR_HEALTH_NO_COMPONENT = POMAR_HEALTH_N_COMPONENTS,
} PomarHealthComponent;

typedef enum
{
  POMAR_HEALTH_BAND_NONE,    /* unknown: every component missing */
  POMAR_HEALTH_BAND_RED,     /* below 50 */
  POMAR_HEALTH_BAND_YELLOW,  /* 50 to below 75 */
  POMAR_HEALTH_BAND_GREEN,   /* 75 and up */
} PomarHealthBand;

typedef struct
{
  double weight[POMAR_HEALTH_N_COMPONENTS]; /* 0 switches a component off */
} PomarHealthWeights;

/* Everything the score needs, as of one day D. */
typedef struct
{
  gint64          licensed_seats;      /* POMAR_NO_INT when null */
  gboolean        has_usage;           /* any usage row dated D or before */
  gint64          active_users_30d;    /* sum over the 30 days ending on D */
  gint64          events_30d;          /* E1: the 30 days ending on D */
  gint64          events_prev_30d;     /* E0: the 30 days before those */
  double          open_ticket_weight;  /* W without the age term */
  guint           open_tickets_old;    /* open tickets created more than 14 days before D */
  PomarNpsCounts  nps_180d;
  PomarCsatCounts csat_180d;
  PomarDay        last_engagement;     /* newest note/meeting/email/call, or POMAR_NO_DAY */
} PomarHealthInputs;

typedef struct
{
  gboolean present;
  double   score;   /* 0..100 when present */
  double   weight;  /* the weight it was given */
} PomarHealthPart;

typedef struct
{
  PomarHealthPart      parts[POMAR_HEALTH_N_COMPONENTS];
  gboolean             known;        /* FALSE: every used component missing */
  double               score;        /* unrounded, 0..100 */
  int                  rounded;      /* what is shown */
  PomarHealthBand      band;         /* of the rounded score */
  PomarHealthComponent most_impactful; /* largest (100 - score) x weight, or NO_COMPONENT */
} PomarHealthResult;

void        pomar_health_weights_init_default (PomarHealthWeights       *weights);

/* The weight of a ticket priority in W: urgent 4, high 2, normal 1, low 0.5;
 * an unknown priority counts as normal. */
double      pomar_health_priority_weight      (const char               *priority);

void        pomar_health_compute              (const PomarHealthInputs  *inputs,
                                               PomarDay                  as_of,
                                               const PomarHealthWeights *weights,
                                               PomarHealthResult        *result);

PomarHealthBand pomar_health_band_for_score   (int                       score);
const char *pomar_health_band_to_id           (PomarHealthBand           band); /* "red"... or NULL */
const char *pomar_health_component_to_id      (PomarHealthComponent      component);
/* The other way round; NONE / NO_COMPONENT for NULL or an unknown id. */
PomarHealthBand      pomar_health_band_from_id      (const char *id);
PomarHealthComponent pomar_health_component_from_id (const char *id);
const char *pomar_health_component_get_name   (PomarHealthComponent      component);

/* Fills @inputs from plain records of one account, using only what is dated
 * on or before @as_of. Order of the arrays does not matter. A ticket counts
 * as open on @as_of when it was created by then and was not yet solved: its
 * solved_at is after @as_of, or, with no solved_at, its status is open. */
void        pomar_health_inputs_from_records  (PomarHealthInputs        *inputs,
                                               const PomarAccount       *account,
                                               const PomarUsage * const *usage,
                                               guint                     n_usage,
                                               const PomarTicket * const *tickets,
                                               guint                     n_tickets,
                                               const PomarResponse * const *responses,
                                               guint                     n_responses,
                                               const PomarActivity * const *activities,
                                               guint                     n_activities,
                                               PomarDay                  as_of);

/* Trend: the health of today against the health as of 30 days before. */
typedef enum
{
  POMAR_TREND_UNKNOWN,  /* either score is unknown */
  POMAR_TREND_FLAT,     /* moved by less than 5 points either way */
  POMAR_TREND_UP,       /* +5 or more */
  POMAR_TREND_DOWN,     /* -5 or less */
} PomarTrendArrow;

#define POMAR_HEALTH_TREND_DAYS 30

/* @delta (may be NULL) is @now's rounded score minus @then's rounded score:
 * the difference of the two figures the user sees, so that the arrow never
 * contradicts them. 0 when the trend is unknown. */
PomarTrendArrow pomar_health_trend            (const PomarHealthResult  *now,
                                               const PomarHealthResult  *then,
                                               int                      *delta);

/* A manual score set by the account manager (domain.md, Override). */
typedef struct
{
  gboolean set;
  int      score;       /* 0..100 */
  PomarDay set_on;
  PomarDay expires_on;  /* the first day it no longer applies; POMAR_NO_DAY: set_on + 30 */
} PomarHealthOverride;

#define POMAR_HEALTH_OVERRIDE_DEFAULT_DAYS 30

/* Sets @o to @score from @set_on for @n_days days (0: the default 30). */
void        pomar_health_override_init        (PomarHealthOverride      *o,
                                               int                       score,
                                               PomarDay                  set_on,
                                               guint                     n_days);

/* Active when set and set_on <= @as_of < expires_on: an override expires at
 * the start of its expires_on day. */
gboolean    pomar_health_override_is_active   (const PomarHealthOverride *o,
                                               PomarDay                   as_of);

/* The health shown on @as_of: the override while it is active, else the
 * computed rounded score. @known (may be NULL) is FALSE when there is
 * neither (the return value is then 0); @band (may be NULL) is the band of
 * the shown score, POMAR_HEALTH_BAND_NONE when unknown. @computed and @o
 * may be NULL. */
int         pomar_health_shown                (const PomarHealthResult   *computed,
                                               const PomarHealthOverride *o,
                                               PomarDay                   as_of,
                                               gboolean                  *known,
                                               PomarHealthBand           *band);

G_END_DECLS
