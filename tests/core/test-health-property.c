/* test-health-property.c: the health score over thousands of random accounts.
 *
 * For each account (random seats, including null and 0; usage rows, or none;
 * tickets of every status, priority and age; NPS and CSAT answers, some
 * invalid; activities of every kind; default or random weights) it checks
 * that pomar_health_inputs_from_records () + pomar_health_compute ():
 *  - gives a score in 0..100, or unknown;
 *  - gives the band of the rounded score;
 *  - gives the same result whatever the order of the record arrays;
 *  - agrees with a second, deliberately plain implementation written below
 *    from the text of domain.md (day by day, record by record), so that a
 *    mistake in either shows up as a disagreement.
 *
 * The seed is printed; POMAR_TEST_SEED=<n> replays a run and
 * POMAR_TEST_ACCOUNTS=<n> changes how many accounts are drawn.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/pomar-health.h"

#define BASE_DAY "2026-11-23"
#define DEFAULT_ACCOUNTS 3000

/* An account's records, as the store would hand them over. */
typedef struct
{
  PomarAccount *account;   /* NULL now and then: no account record */
  GPtrArray    *usage;
  GPtrArray    *tickets;
  GPtrArray    *responses;
  GPtrArray    *activities;
} Records;

static void
records_clear (Records *r)
{
  g_clear_pointer (&r->account, pomar_account_free);
  g_clear_pointer (&r->usage, g_ptr_array_unref);
  g_clear_pointer (&r->tickets, g_ptr_array_unref);
  g_clear_pointer (&r->responses, g_ptr_array_unref);
  g_clear_pointer (&r->activities, g_ptr_array_unref);
}

/* Random data ----------------------------------------------------------------- */

static char *
format_day (PomarDay d)
{
  char buf[11];

  return g_strdup (pomar_day_format (d, buf));
}

/* A UTC timestamp on day @d, at a random time. */
static char *
random_timestamp (GRand   *rng,
                  PomarDay d)
{
  char buf[11];

  return g_strdup_printf ("%sT%02d:%02d:%02dZ", pomar_day_format (d, buf),
                          g_rand_int_range (rng, 0, 24), g_rand_int_range (rng, 0, 60),
                          g_rand_int_range (rng, 0, 60));
}

static const char *
pick (GRand              *rng,
      const char * const *values,
      guint               n)
{
  return values[g_rand_int_range (rng, 0, (gint32) n)];
}

static void
random_records (GRand    *rng,
                PomarDay  base,
                Records  *r)
{
  static const char * const statuses[] = { "new", "open", "pending", "hold", "solved", "closed", NULL };
  static const char * const priorities[] = { "low", "normal", "high", "urgent", NULL, "p1" };
  static const char * const kinds[] = { "note", "meeting", "email", "call", "task_done",
                                        "task_reopened", "stage_change", NULL };
  gint64 seats;
  guint n;

  r->usage = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_usage_free);
  r->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_ticket_free);
  r->responses = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_response_free);
  r->activities = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_activity_free);

  switch (g_rand_int_range (rng, 0, 20))
    {
    case 0:
    case 1:
    case 2:
      seats = POMAR_NO_INT;
      break;
    case 3:
    case 4:
      seats = 0;
      break;
    default:
      seats = g_rand_int_range (rng, 1, 201);
      break;
    }
  if (g_rand_int_range (rng, 0, 30) != 0)
    {
      r->account = g_new0 (PomarAccount, 1);
      r->account->id = g_strdup ("acc");
      r->account->arr = NAN;
      r->account->licensed_seats = seats;
    }

  /* Usage: none for some accounts; else a run of days, each with a row or
   * not, reaching a little past the base day (rows after the day asked for
   * must be ignored). One row per day, as the contract's ids make it. */
  if (g_rand_int_range (rng, 0, 7) != 0)
    {
      PomarDay first = base - (PomarDay) g_rand_int_range (rng, 0, 140);
      PomarDay last = base + (PomarDay) g_rand_int_range (rng, 0, 6);
      double density = g_rand_double_range (rng, 0.05, 1.0);
      gint64 cap = seats > 0 ? seats + seats / 3 + 1 : 60;

      for (PomarDay d = first; d <= last; d++)
        {
          PomarUsage *u;

          if (g_rand_double (rng) > density)
            continue;
          u = g_new0 (PomarUsage, 1);
          u->account_id = g_strdup ("acc");
          u->day = format_day (d);
          u->active_users = g_rand_int_range (rng, 0, 40) == 0 ? POMAR_NO_INT : g_rand_int_range (rng, 0, (gint32) cap);
          u->sessions = POMAR_NO_INT;
          u->events = g_rand_int_range (rng, 0, 40) == 0 ? POMAR_NO_INT : g_rand_int_range (rng, 0, 1000);
          g_ptr_array_add (r->usage, u);
        }
    }

  n = (guint) g_rand_int_range (rng, 0, 9);
  for (guint i = 0; i < n; i++)
    {
      PomarTicket *t = g_new0 (PomarTicket, 1);
      PomarDay created = base - (PomarDay) g_rand_int_range (rng, -3, 100);

      t->account_id = g_strdup ("acc");
      t->status = g_strdup (pick (rng, statuses, G_N_ELEMENTS (statuses)));
      t->priority = g_strdup (pick (rng, priorities, G_N_ELEMENTS (priorities)));
      t->created_at = random_timestamp (rng, created);
      /* solved ones mostly have a solved_at, perhaps after the day asked for */
      if ((g_strcmp0 (t->status, "solved") == 0 || g_strcmp0 (t->status, "closed") == 0)
          && g_rand_int_range (rng, 0, 5) != 0)
        t->solved_at = random_timestamp (rng, created + (PomarDay) g_rand_int_range (rng, 0, 60));
      g_ptr_array_add (r->tickets, t);
    }

  n = (guint) g_rand_int_range (rng, 0, 11);
  for (guint i = 0; i < n; i++)
    {
      PomarResponse *p = g_new0 (PomarResponse, 1);
      gboolean nps = g_rand_boolean (rng);

      p->account_id = g_strdup ("acc");
      p->kind = g_strdup (nps ? "nps" : "csat");
      p->score = nps ? g_rand_int_range (rng, -1, 12) : g_rand_int_range (rng, 0, 7);
      p->responded_at = random_timestamp (rng, base - (PomarDay) g_rand_int_range (rng, -3, 250));
      g_ptr_array_add (r->responses, p);
    }

  n = (guint) g_rand_int_range (rng, 0, 7);
  for (guint i = 0; i < n; i++)
    {
      PomarActivity *a = g_new0 (PomarActivity, 1);

      a->account_id = g_strdup ("acc");
      a->kind = g_strdup (pick (rng, kinds, G_N_ELEMENTS (kinds)));
      a->occurred_at = random_timestamp (rng, base - (PomarDay) g_rand_int_range (rng, -3, 120));
      g_ptr_array_add (r->activities, a);
    }
}

static void
random_weights (GRand              *rng,
                PomarHealthWeights *w)
{
  pomar_health_weights_init_default (w);
  if (g_rand_int_range (rng, 0, 3) != 0)
    return;
  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    w->weight[i] = g_rand_int_range (rng, 0, 4) == 0 ? 0 : g_rand_int_range (rng, 1, 41);
}

static void
shuffle (GRand     *rng,
         GPtrArray *a)
{
  for (guint i = a->len; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rng, 0, (gint32) i);
      gpointer tmp = a->pdata[i - 1];

      a->pdata[i - 1] = a->pdata[j];
      a->pdata[j] = tmp;
    }
}

/* The reference: domain.md, read literally ---------------------------------- */

typedef struct
{
  gboolean present[POMAR_HEALTH_N_COMPONENTS];
  double   score[POMAR_HEALTH_N_COMPONENTS];
  gboolean known;
  double   health;
  int      most_impactful;  /* -1: none */
  double   impact[POMAR_HEALTH_N_COMPONENTS];
} Reference;

/* "YYYY-MM-DD..." to a Julian day, read here rather than with pomar_day_parse
 * (the generator writes only UTC dates and times). */
static guint32
ref_day (const char *text)
{
  int y, m, d;
  GDate date;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return 0;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return g_date_get_julian (&date);
}

static gboolean
ref_is_open_status (const char *status)
{
  static const char * const open[] = { "new", "open", "pending", "hold" };

  for (guint i = 0; i < G_N_ELEMENTS (open); i++)
    if (g_strcmp0 (status, open[i]) == 0)
      return TRUE;
  return FALSE;
}

static double
ref_priority (const char *priority)
{
  if (g_strcmp0 (priority, "urgent") == 0)
    return 4;
  if (g_strcmp0 (priority, "high") == 0)
    return 2;
  if (g_strcmp0 (priority, "low") == 0)
    return 0.5;
  return 1; /* normal, and (pomar-health.c's choice) any other */
}

static double
ref_clamp (double v)
{
  return v < 0 ? 0 : v > 100 ? 100 : v;
}

static void
reference_health (const Records            *r,
                  guint32                   D,
                  const PomarHealthWeights *w,
                  Reference                *ref)
{
  gint64 seats = r->account != NULL ? r->account->licensed_seats : POMAR_NO_INT;
  gboolean any_row = FALSE;
  double sum = 0, sum_w = 0, best = 0;

  memset (ref, 0, sizeof *ref);
  ref->most_impactful = -1;

  /* adoption: mean over the 30 days D-29..D of active_users / seats, a day
   * without a row counting 0 */
  for (guint i = 0; i < r->usage->len; i++)
    if (ref_day (((PomarUsage *) r->usage->pdata[i])->day) <= D)
      any_row = TRUE;
  if (seats != POMAR_NO_INT && seats != 0 && any_row)
    {
      double mean = 0;

      for (guint32 day = D - 29; day <= D; day++)
        {
          double active = 0;

          for (guint i = 0; i < r->usage->len; i++)
            {
              const PomarUsage *u = r->usage->pdata[i];

              if (ref_day (u->day) == day && u->active_users != POMAR_NO_INT)
                active += (double) u->active_users;
            }
          mean += active / (double) seats / 30.0;
        }
      ref->present[POMAR_HEALTH_ADOPTION] = TRUE;
      ref->score[POMAR_HEALTH_ADOPTION] = 100.0 * MIN (1.0, mean / 0.8);
    }

  /* usage trend: E1 over D-29..D, E0 over D-59..D-30 */
  {
    double e1 = 0, e0 = 0;

    for (guint i = 0; i < r->usage->len; i++)
      {
        const PomarUsage *u = r->usage->pdata[i];
        guint32 day = ref_day (u->day);

        if (u->events == POMAR_NO_INT)
          continue;
        if (day <= D && day >= D - 29)
          e1 += (double) u->events;
        else if (day <= D - 30 && day >= D - 59)
          e0 += (double) u->events;
      }
    if (e0 != 0)
      {
        ref->present[POMAR_HEALTH_USAGE_TREND] = TRUE;
        ref->score[POMAR_HEALTH_USAGE_TREND] = ref_clamp (50 + 100 * (e1 - e0) / e0);
      }
  }

  /* support: open tickets as of D weighted by priority, plus 1 for each
   * created more than 14 days before D */
  {
    double W = 0;

    for (guint i = 0; i < r->tickets->len; i++)
      {
        const PomarTicket *t = r->tickets->pdata[i];
        guint32 created = ref_day (t->created_at);
        gboolean open;

        if (created > D)
          continue;
        open = t->solved_at != NULL ? ref_day (t->solved_at) > D : ref_is_open_status (t->status);
        if (!open)
          continue;
        W += ref_priority (t->priority);
        if (D - created > 14)
          W += 1;
      }
    ref->present[POMAR_HEALTH_SUPPORT] = TRUE;
    ref->score[POMAR_HEALTH_SUPPORT] = ref_clamp (100 - 12.5 * W);
  }

  /* sentiment: NPS over the 180 days D-179..D mapped to (NPS + 100) / 2,
   * else the CSAT share of 4s and 5s, else missing */
  {
    int promoters = 0, detractors = 0, answers = 0, satisfied = 0, csat = 0;

    for (guint i = 0; i < r->responses->len; i++)
      {
        const PomarResponse *p = r->responses->pdata[i];
        guint32 day = ref_day (p->responded_at);

        if (day > D || day < D - 179)
          continue;
        if (g_strcmp0 (p->kind, "nps") == 0 && p->score >= 0 && p->score <= 10)
          {
            answers++;
            promoters += p->score >= 9;
            detractors += p->score <= 6;
          }
        else if (g_strcmp0 (p->kind, "csat") == 0 && p->score >= 1 && p->score <= 5)
          {
            csat++;
            satisfied += p->score >= 4;
          }
      }
    if (answers > 0)
      {
        /* round () rounds halves away from zero; 100 x k / n is exact when
         * it is a half */
        double nps = round (100.0 * (promoters - detractors) / answers);

        ref->present[POMAR_HEALTH_SENTIMENT] = TRUE;
        ref->score[POMAR_HEALTH_SENTIMENT] = (nps + 100) / 2;
      }
    else if (csat > 0)
      {
        ref->present[POMAR_HEALTH_SENTIMENT] = TRUE;
        ref->score[POMAR_HEALTH_SENTIMENT] = 100.0 * satisfied / csat;
      }
  }

  /* engagement: days since the newest note, meeting, email or call */
  {
    guint32 newest = 0;

    for (guint i = 0; i < r->activities->len; i++)
      {
        const PomarActivity *a = r->activities->pdata[i];
        guint32 day = ref_day (a->occurred_at);

        if (g_strcmp0 (a->kind, "note") != 0 && g_strcmp0 (a->kind, "meeting") != 0
            && g_strcmp0 (a->kind, "email") != 0 && g_strcmp0 (a->kind, "call") != 0)
          continue;
        if (day <= D && day > newest)
          newest = day;
      }
    if (newest != 0)
      {
        double d = D - newest;

        ref->present[POMAR_HEALTH_ENGAGEMENT] = TRUE;
        ref->score[POMAR_HEALTH_ENGAGEMENT] = d <= 14 ? 100 : d >= 60 ? 0 : 100 - 100 * (d - 14) / 46;
      }
  }

  for (int i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    {
      if (!ref->present[i] || w->weight[i] == 0)
        continue;
      sum += w->weight[i] * ref->score[i];
      sum_w += w->weight[i];
      ref->impact[i] = (100 - ref->score[i]) * w->weight[i];
      if (ref->impact[i] > best)
        {
          best = ref->impact[i];
          ref->most_impactful = i;
        }
    }
  ref->known = sum_w > 0;
  ref->health = ref->known ? sum / sum_w : 0;
}

static PomarHealthBand
ref_band (int rounded)
{
  if (rounded < 50)
    return POMAR_HEALTH_BAND_RED;
  if (rounded < 75)
    return POMAR_HEALTH_BAND_YELLOW;
  return POMAR_HEALTH_BAND_GREEN;
}

/* Checks -------------------------------------------------------------------- */

static void
compute (const Records            *r,
         PomarDay                  as_of,
         const PomarHealthWeights *w,
         PomarHealthInputs        *in,
         PomarHealthResult        *out)
{
  pomar_health_inputs_from_records (in, r->account,
                                    (const PomarUsage * const *) r->usage->pdata, r->usage->len,
                                    (const PomarTicket * const *) r->tickets->pdata, r->tickets->len,
                                    (const PomarResponse * const *) r->responses->pdata, r->responses->len,
                                    (const PomarActivity * const *) r->activities->pdata, r->activities->len,
                                    as_of);
  pomar_health_compute (in, as_of, w, out);
}

static void
check_sane (const PomarHealthResult *res)
{
  if (!res->known)
    {
      g_assert_cmpint (res->band, ==, POMAR_HEALTH_BAND_NONE);
      g_assert_cmpint (res->most_impactful, ==, POMAR_HEALTH_NO_COMPONENT);
      return;
    }
  g_assert_false (isnan (res->score));
  g_assert_cmpfloat (res->score, >=, 0);
  g_assert_cmpfloat (res->score, <=, 100);
  g_assert_cmpint (res->rounded, >=, 0);
  g_assert_cmpint (res->rounded, <=, 100);
  g_assert_cmpfloat (fabs (res->score - res->rounded), <=, 0.5);
  g_assert_cmpint (res->band, ==, ref_band (res->rounded));
  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    if (res->parts[i].present)
      {
        g_assert_cmpfloat (res->parts[i].score, >=, 0);
        g_assert_cmpfloat (res->parts[i].score, <=, 100);
      }
}

static void
check_same (const PomarHealthInputs *a_in,
            const PomarHealthResult *a,
            const PomarHealthInputs *b_in,
            const PomarHealthResult *b)
{
  /* integer sums and sums of 4, 2, 1 and 0.5: exactly equal in any order */
  g_assert_cmpint (a_in->licensed_seats, ==, b_in->licensed_seats);
  g_assert_cmpint (a_in->has_usage, ==, b_in->has_usage);
  g_assert_cmpint (a_in->active_users_30d, ==, b_in->active_users_30d);
  g_assert_cmpint (a_in->events_30d, ==, b_in->events_30d);
  g_assert_cmpint (a_in->events_prev_30d, ==, b_in->events_prev_30d);
  g_assert_cmpfloat (a_in->open_ticket_weight, ==, b_in->open_ticket_weight);
  g_assert_cmpuint (a_in->open_tickets_old, ==, b_in->open_tickets_old);
  g_assert_cmpuint (a_in->last_engagement, ==, b_in->last_engagement);
  g_assert_true (memcmp (&a_in->nps_180d, &b_in->nps_180d, sizeof a_in->nps_180d) == 0);
  g_assert_true (memcmp (&a_in->csat_180d, &b_in->csat_180d, sizeof a_in->csat_180d) == 0);

  g_assert_cmpint (a->known, ==, b->known);
  g_assert_cmpfloat (a->score, ==, b->score);
  g_assert_cmpint (a->rounded, ==, b->rounded);
  g_assert_cmpint (a->band, ==, b->band);
  g_assert_cmpint (a->most_impactful, ==, b->most_impactful);
  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    {
      g_assert_cmpint (a->parts[i].present, ==, b->parts[i].present);
      g_assert_cmpfloat (a->parts[i].score, ==, b->parts[i].score);
    }
}

static void
check_reference (const PomarHealthResult *res,
                 const Reference         *ref)
{
  const double eps = 1e-9;

  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    {
      if (res->parts[i].present != ref->present[i]
          || (ref->present[i] && fabs (res->parts[i].score - ref->score[i]) > eps))
        g_test_message ("the two disagree on %s", pomar_health_component_to_id (i));
      g_assert_cmpint (res->parts[i].present, ==, ref->present[i]);
      if (ref->present[i])
        g_assert_cmpfloat_with_epsilon (res->parts[i].score, ref->score[i], eps);
    }

  g_assert_cmpint (res->known, ==, ref->known);
  if (!ref->known)
    return;
  g_assert_cmpfloat_with_epsilon (res->score, ref->health, eps);

  /* the shown integer: either neighbour when the reference sits on a half */
  if (fabs (ref->health - floor (ref->health) - 0.5) < eps)
    g_assert_true (res->rounded == (int) floor (ref->health) || res->rounded == (int) ceil (ref->health));
  else
    g_assert_cmpint (res->rounded, ==, (int) round (ref->health));

  /* the most impactful: the same one, unless two are (nearly) tied */
  if (ref->most_impactful < 0)
    g_assert_cmpint (res->most_impactful, ==, POMAR_HEALTH_NO_COMPONENT);
  else
    {
      double best = ref->impact[ref->most_impactful];
      gboolean near_tie = best < 1e-6;

      for (int i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
        if (i != ref->most_impactful && fabs (ref->impact[i] - best) < 1e-6)
          near_tie = TRUE;
      if (!near_tie)
        g_assert_cmpint (res->most_impactful, ==, ref->most_impactful);
      else if (res->most_impactful != POMAR_HEALTH_NO_COMPONENT)
        g_assert_cmpfloat (fabs (ref->impact[res->most_impactful] - best), <, 1e-6);
    }
}

static guint64
env_number (const char *name,
            guint64     fallback)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text == NULL || *text == '\0' || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
    return fallback;
  return value;
}

static void
test_property (void)
{
  guint32 seed = (guint32) env_number ("POMAR_TEST_SEED", g_random_int ());
  guint n_accounts = (guint) env_number ("POMAR_TEST_ACCOUNTS", DEFAULT_ACCOUNTS);
  g_autoptr (GRand) rng = g_rand_new_with_seed (seed);
  PomarDay base = pomar_day_parse (BASE_DAY);
  guint unknown = 0, missing[POMAR_HEALTH_N_COMPONENTS] = { 0 };

  g_test_message ("seed %u (replay with POMAR_TEST_SEED=%u), %u accounts", seed, seed, n_accounts);

  for (guint k = 0; k < n_accounts; k++)
    {
      Records r = { 0 };
      PomarHealthWeights w;
      PomarHealthInputs in, in2;
      PomarHealthResult res, res2;
      Reference ref;
      PomarDay as_of;

      random_records (rng, base, &r);
      random_weights (rng, &w);
      /* as of the base day or a day before it: later records must not count */
      as_of = base - (PomarDay) g_rand_int_range (rng, 0, 45);

      if (g_test_verbose ())
        g_test_message ("account %u as of day %u", k, as_of);
      compute (&r, as_of, &w, &in, &res);
      check_sane (&res);

      reference_health (&r, as_of, &w, &ref);
      check_reference (&res, &ref);

      shuffle (rng, r.usage);
      shuffle (rng, r.tickets);
      shuffle (rng, r.responses);
      shuffle (rng, r.activities);
      compute (&r, as_of, &w, &in2, &res2);
      check_same (&in, &res, &in2, &res2);

      unknown += !res.known;
      for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
        missing[i] += !res.parts[i].present;
      records_clear (&r);
    }

  /* the generator must reach the edges it is meant to reach */
  g_test_message ("unknown %u; missing: adoption %u, trend %u, support %u, sentiment %u, engagement %u",
                  unknown, missing[0], missing[1], missing[2], missing[3], missing[4]);
  if (n_accounts >= 1000)
    {
      g_assert_cmpuint (unknown, >, 0);
      for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
        if (i != POMAR_HEALTH_SUPPORT)
          {
            g_assert_cmpuint (missing[i], >, 0);
            g_assert_cmpuint (missing[i], <, n_accounts);
          }
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/health/property", test_property);
  return g_test_run ();
}
