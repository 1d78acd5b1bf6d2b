/* test-domain.c: hand-computed cases for NPS, CSAT, health and TTV (domain.md).
 *
 * Every expected figure is worked out by hand in a comment beside it. */
#include "config.h"

#include "core/pomar-health.h"

#include <math.h>
#include <string.h>


#include "core/pomar-nps.h"
#include "core/pomar-ttv.h"

static PomarDay
day (const char *s)
{
  PomarDay d = pomar_day_parse (s);

  g_assert_cmpuint (d, !=, POMAR_NO_DAY);
  return d;
}

static void
test_day_parse (void)
{
  char buf[11];

  g_assert_cmpuint (pomar_day_parse ("2026-11-02T16:20:00Z"), ==, day ("2026-11-02"));
  /* 23:30 at -03:00 is the next day in UTC */
  g_assert_cmpuint (pomar_day_parse ("2026-11-02T23:30:00-03:00"), ==, day ("2026-11-03"));
  g_assert_cmpuint (pomar_day_parse ("2026-11-02T16:20:00.123Z"), ==, day ("2026-11-02"));
  g_assert_cmpuint (pomar_day_parse ("2026-02-30"), ==, POMAR_NO_DAY);
  g_assert_cmpuint (pomar_day_parse ("yesterday"), ==, POMAR_NO_DAY);
  g_assert_cmpuint (pomar_day_parse (NULL), ==, POMAR_NO_DAY);
  g_assert_cmpstr (pomar_day_format (day ("2024-02-29"), buf), ==, "2024-02-29");
}

static void
test_nps_rounding (void)
{
  PomarNpsCounts c = { 0 };
  int nps = 999;

  g_assert_false (pomar_nps_compute (&c, &nps));
  g_assert_cmpint (nps, ==, 999);

  /* 1 promoter, 2 passives, 0 detractors = 33 */
  pomar_nps_counts_add (&c, 10);
  pomar_nps_counts_add (&c, 7);
  pomar_nps_counts_add (&c, 8);
  g_assert_true (pomar_nps_compute (&c, &nps));
  g_assert_cmpint (nps, ==, 33);

  /* 1 detractor in 6 = -17 */
  memset (&c, 0, sizeof c);
  pomar_nps_counts_add (&c, 6);
  for (int i = 0; i < 5; i++)
    pomar_nps_counts_add (&c, 8);
  g_assert_true (pomar_nps_compute (&c, &nps));
  g_assert_cmpint (nps, ==, -17);

  /* halves away from zero: 1 promoter, 1 passive -> 50; 1 of 8 -> 12.5 -> 13; -12.5 -> -13 */
  g_assert_cmpint (pomar_round_ratio (100, 8), ==, 13);
  g_assert_cmpint (pomar_round_ratio (-100, 8), ==, -13);
  g_assert_cmpint (pomar_round_ratio (100, 3), ==, 33);
  g_assert_cmpint (pomar_round_ratio (200, 3), ==, 67);

  /* out of range scores are not answers */
  memset (&c, 0, sizeof c);
  pomar_nps_counts_add (&c, 11);
  pomar_nps_counts_add (&c, -1);
  g_assert_false (pomar_nps_compute (&c, &nps));

  memset (&c, 0, sizeof c);
  pomar_nps_counts_add (&c, 0);
  g_assert_true (pomar_nps_compute (&c, &nps));
  g_assert_cmpint (nps, ==, -100);
}

static void
test_csat (void)
{
  PomarCsatCounts c = { 0 };
  double share;

  g_assert_false (pomar_csat_compute (&c, &share));
  pomar_csat_counts_add (&c, 5);
  pomar_csat_counts_add (&c, 4);
  pomar_csat_counts_add (&c, 3);
  pomar_csat_counts_add (&c, 0); /* invalid, ignored */
  g_assert_true (pomar_csat_compute (&c, &share));
  g_assert_cmpfloat_with_epsilon (share, 200.0 / 3.0, 1e-9);
}

static void
test_window (void)
{
  PomarDay d = day ("2026-11-23");

  g_assert_true (pomar_day_in_window (d, d, 30));
  g_assert_true (pomar_day_in_window (d - 29, d, 30));
  g_assert_false (pomar_day_in_window (d - 30, d, 30));
  g_assert_false (pomar_day_in_window (d + 1, d, 30));
}

static void
test_health_all_missing (void)
{
  PomarHealthInputs in = { 0 };
  PomarHealthWeights w;
  PomarHealthResult r;

  in.licensed_seats = POMAR_NO_INT;
  in.last_engagement = POMAR_NO_DAY;
  /* support is never missing; switch it off to get all-missing */
  pomar_health_weights_init_default (&w);
  w.weight[POMAR_HEALTH_SUPPORT] = 0;
  pomar_health_compute (&in, day ("2026-11-23"), &w, &r);
  g_assert_false (r.known);
  g_assert_cmpint (r.band, ==, POMAR_HEALTH_BAND_NONE);
  g_assert_cmpint (r.most_impactful, ==, POMAR_HEALTH_NO_COMPONENT);

  /* with default weights: only support, 100 */
  pomar_health_compute (&in, day ("2026-11-23"), NULL, &r);
  g_assert_true (r.known);
  g_assert_cmpint (r.rounded, ==, 100);
  g_assert_cmpint (r.band, ==, POMAR_HEALTH_BAND_GREEN);
  g_assert_cmpint (r.most_impactful, ==, POMAR_HEALTH_NO_COMPONENT);
}

static void
test_health_hand_computed (void)
{
  PomarDay today = day ("2026-11-23");
  PomarHealthInputs in = { 0 };
  PomarHealthResult r;

  in.licensed_seats = 40;
  in.has_usage = TRUE;
  in.active_users_30d = 600;       /* u = 600 / 1200 = 0.5 -> 62.5 */
  in.events_30d = 900;
  in.events_prev_30d = 1000;       /* 50 - 10 = 40 */
  in.open_ticket_weight = 4 + 2;   /* urgent + high */
  in.open_tickets_old = 1;         /* W = 7 -> 12.5 */
  in.nps_180d.promoters = 3;       /* NPS = 100*(3-1)/5 = 40 -> 70 */
  in.nps_180d.passives = 1;
  in.nps_180d.detractors = 1;
  in.last_engagement = today - 37; /* 100*(60-37)/46 = 50 */

  pomar_health_compute (&in, today, NULL, &r);
  g_assert_cmpfloat_with_epsilon (r.parts[POMAR_HEALTH_ADOPTION].score, 62.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (r.parts[POMAR_HEALTH_USAGE_TREND].score, 40, 1e-9);
  g_assert_cmpfloat_with_epsilon (r.parts[POMAR_HEALTH_SUPPORT].score, 12.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (r.parts[POMAR_HEALTH_SENTIMENT].score, 70, 1e-9);
  g_assert_cmpfloat_with_epsilon (r.parts[POMAR_HEALTH_ENGAGEMENT].score, 50, 1e-9);
  /* (30*62.5 + 10*40 + 20*12.5 + 25*70 + 15*50) / 100 = 50.25 */
  g_assert_cmpfloat_with_epsilon (r.score, 50.25, 1e-9);
  g_assert_cmpint (r.rounded, ==, 50);
  g_assert_cmpint (r.band, ==, POMAR_HEALTH_BAND_YELLOW);
  /* impacts: adoption 1125, trend 600, support 1750, sentiment 750, engagement 750 */
  g_assert_cmpint (r.most_impactful, ==, POMAR_HEALTH_SUPPORT);
}

static void
test_health_edges (void)
{
  PomarDay today = day ("2026-11-23");
  PomarHealthInputs in = { 0 };
  PomarHealthResult r;

  in.licensed_seats = 0; /* zero seats: adoption missing */
  in.has_usage = TRUE;
  in.active_users_30d = 10;
  in.events_30d = 50;
  in.events_prev_30d = 0; /* E0 = 0: trend missing */
  in.last_engagement = today - 14;
  pomar_health_compute (&in, today, NULL, &r);
  g_assert_false (r.parts[POMAR_HEALTH_ADOPTION].present);
  g_assert_false (r.parts[POMAR_HEALTH_USAGE_TREND].present);
  g_assert_false (r.parts[POMAR_HEALTH_SENTIMENT].present);
  g_assert_cmpfloat (r.parts[POMAR_HEALTH_ENGAGEMENT].score, ==, 100);

  in.last_engagement = today - 60;
  pomar_health_compute (&in, today, NULL, &r);
  g_assert_cmpfloat (r.parts[POMAR_HEALTH_ENGAGEMENT].score, ==, 0);
  /* support 100 (w 20) and engagement 0 (w 15): 2000/35 = 57.14 */
  g_assert_cmpint (r.rounded, ==, 57);
  g_assert_cmpint (r.most_impactful, ==, POMAR_HEALTH_ENGAGEMENT);

  in.last_engagement = today - 15;
  pomar_health_compute (&in, today, NULL, &r);
  g_assert_cmpfloat_with_epsilon (r.parts[POMAR_HEALTH_ENGAGEMENT].score, 100.0 * 45 / 46, 1e-9);

  /* usage growing a lot clamps at 100; adoption above 0.8 clamps at 100 */
  in.licensed_seats = 10;
  in.active_users_30d = 300; /* u = 1 */
  in.events_prev_30d = 10;
  in.events_30d = 100;
  pomar_health_compute (&in, today, NULL, &r);
  g_assert_cmpfloat (r.parts[POMAR_HEALTH_ADOPTION].score, ==, 100);
  g_assert_cmpfloat (r.parts[POMAR_HEALTH_USAGE_TREND].score, ==, 100);

  /* CSAT stands in for sentiment when there is no NPS */
  in.csat_180d.satisfied = 3;
  in.csat_180d.total = 4;
  pomar_health_compute (&in, today, NULL, &r);
  g_assert_cmpfloat (r.parts[POMAR_HEALTH_SENTIMENT].score, ==, 75);

  /* bands at the boundaries of the rounded score */
  g_assert_cmpint (pomar_health_band_for_score (49), ==, POMAR_HEALTH_BAND_RED);
  g_assert_cmpint (pomar_health_band_for_score (50), ==, POMAR_HEALTH_BAND_YELLOW);
  g_assert_cmpint (pomar_health_band_for_score (74), ==, POMAR_HEALTH_BAND_YELLOW);
  g_assert_cmpint (pomar_health_band_for_score (75), ==, POMAR_HEALTH_BAND_GREEN);
}

static void
test_nps_window_add (void)
{
  PomarDay today = day ("2026-11-23");
  static const guint windows[] = { 30, 90, 180, 365 };

  for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
    {
      guint n = windows[w];
      PomarNpsCounts c = { 0 };
      int nps = 0;

      pomar_nps_window_add (&c, today, 10, today, n);          /* today: in */
      pomar_nps_window_add (&c, today - (n - 1), 0, today, n); /* the oldest day: in */
      pomar_nps_window_add (&c, today - n, 0, today, n);       /* one day too old */
      pomar_nps_window_add (&c, today + 1, 0, today, n);       /* after as_of */
      pomar_nps_window_add (&c, POMAR_NO_DAY, 0, today, n);    /* no day */
      g_assert_cmpuint (c.promoters, ==, 1);
      g_assert_cmpuint (c.detractors, ==, 1);
      g_assert_cmpuint (pomar_nps_counts_total (&c), ==, 2);
      /* 100 x (1 - 1) / 2 = 0 */
      g_assert_true (pomar_nps_compute (&c, &nps));
      g_assert_cmpint (nps, ==, 0);
    }
}

static void
test_nps_months (void)
{
  PomarNpsMonth m[12];
  int nps = 0;

  pomar_nps_months_init (day ("2026-03-15"), m);
  /* oldest first: April 2025 .. March 2026 */
  g_assert_cmpint (m[0].year, ==, 2025);
  g_assert_cmpint (m[0].month, ==, 4);
  g_assert_cmpuint (m[0].first_day, ==, day ("2025-04-01"));
  g_assert_cmpuint (m[0].last_day, ==, day ("2025-04-30"));
  g_assert_cmpint (m[8].year, ==, 2025);
  g_assert_cmpint (m[8].month, ==, 12);
  g_assert_cmpuint (m[8].last_day, ==, day ("2025-12-31"));
  g_assert_cmpint (m[9].year, ==, 2026);
  g_assert_cmpint (m[9].month, ==, 1);
  g_assert_cmpuint (m[10].first_day, ==, day ("2026-02-01"));
  g_assert_cmpuint (m[10].last_day, ==, day ("2026-02-28"));
  g_assert_cmpint (m[11].month, ==, 3);
  g_assert_cmpuint (m[11].first_day, ==, day ("2026-03-01"));
  g_assert_cmpuint (m[11].last_day, ==, day ("2026-03-15"));  /* as_of, not the 31st */
  for (guint i = 0; i < 12; i++)
    g_assert_cmpuint (pomar_nps_counts_total (&m[i].counts), ==, 0);
  for (guint i = 1; i < 12; i++)
    g_assert_cmpuint (m[i].first_day, ==, m[i - 1].last_day + 1);

  g_assert_cmpint (pomar_nps_month_index (m, day ("2025-03-31")), ==, -1);
  g_assert_cmpint (pomar_nps_month_index (m, day ("2025-04-01")), ==, 0);
  g_assert_cmpint (pomar_nps_month_index (m, day ("2026-02-28")), ==, 10);
  g_assert_cmpint (pomar_nps_month_index (m, day ("2026-03-15")), ==, 11);
  g_assert_cmpint (pomar_nps_month_index (m, day ("2026-03-16")), ==, -1);
  g_assert_cmpint (pomar_nps_month_index (m, POMAR_NO_DAY), ==, -1);

  pomar_nps_months_add (m, day ("2026-03-01"), 10);
  pomar_nps_months_add (m, day ("2026-03-15"), 0);
  pomar_nps_months_add (m, day ("2026-03-16"), 10);  /* after as_of: ignored */
  pomar_nps_months_add (m, day ("2026-02-28"), 9);
  pomar_nps_months_add (m, day ("2026-02-01"), 7);
  pomar_nps_months_add (m, day ("2025-03-31"), 0);   /* before the 12 months */
  /* March: 1 promoter, 1 detractor = 0; February: 1 promoter, 1 passive = 50 */
  g_assert_true (pomar_nps_compute (&m[11].counts, &nps));
  g_assert_cmpint (nps, ==, 0);
  g_assert_true (pomar_nps_compute (&m[10].counts, &nps));
  g_assert_cmpint (nps, ==, 50);
  g_assert_false (pomar_nps_compute (&m[0].counts, &nps));

  /* a leap February, and a year that ends on the day asked for */
  pomar_nps_months_init (day ("2024-12-31"), m);
  g_assert_cmpint (m[0].year, ==, 2024);
  g_assert_cmpint (m[0].month, ==, 1);
  g_assert_cmpuint (m[1].last_day, ==, day ("2024-02-29"));
  g_assert_cmpuint (m[11].last_day, ==, day ("2024-12-31"));

  /* the first of January: the current month is a single day */
  pomar_nps_months_init (day ("2026-01-01"), m);
  g_assert_cmpint (m[0].year, ==, 2025);
  g_assert_cmpint (m[0].month, ==, 2);
  g_assert_cmpuint (m[11].first_day, ==, m[11].last_day);
}

static void
test_health_trend (void)
{
  PomarHealthResult now = { 0 }, then = { 0 };
  int delta = 99;

  now.known = then.known = TRUE;
  then.rounded = 70;

  now.rounded = 75;
  g_assert_cmpint (pomar_health_trend (&now, &then, &delta), ==, POMAR_TREND_UP);
  g_assert_cmpint (delta, ==, 5);
  now.rounded = 74;
  g_assert_cmpint (pomar_health_trend (&now, &then, &delta), ==, POMAR_TREND_FLAT);
  g_assert_cmpint (delta, ==, 4);
  now.rounded = 65;
  g_assert_cmpint (pomar_health_trend (&now, &then, &delta), ==, POMAR_TREND_DOWN);
  g_assert_cmpint (delta, ==, -5);
  now.rounded = 66;
  g_assert_cmpint (pomar_health_trend (&now, &then, &delta), ==, POMAR_TREND_FLAT);
  g_assert_cmpint (delta, ==, -4);
  now.rounded = 70;
  g_assert_cmpint (pomar_health_trend (&now, &then, NULL), ==, POMAR_TREND_FLAT);

  /* the rounded figures decide: 74.5 shows 75 and 69.6 shows 70, so the
   * arrow is up though the unrounded scores are 4.9 apart */
  now.score = 74.5;
  now.rounded = 75;
  then.score = 69.6;
  then.rounded = 70;
  g_assert_cmpint (pomar_health_trend (&now, &then, &delta), ==, POMAR_TREND_UP);
  g_assert_cmpint (delta, ==, 5);

  then.known = FALSE;
  g_assert_cmpint (pomar_health_trend (&now, &then, &delta), ==, POMAR_TREND_UNKNOWN);
  g_assert_cmpint (delta, ==, 0);
  then.known = TRUE;
  now.known = FALSE;
  delta = 99;
  g_assert_cmpint (pomar_health_trend (&now, &then, &delta), ==, POMAR_TREND_UNKNOWN);
  g_assert_cmpint (delta, ==, 0);
}

static void
test_health_override (void)
{
  PomarDay d = day ("2026-11-01");
  PomarHealthOverride o = { 0 };
  PomarHealthResult computed = { 0 };
  PomarHealthBand band = POMAR_HEALTH_BAND_GREEN;
  gboolean known = TRUE;

  g_assert_false (pomar_health_override_is_active (&o, d));
  g_assert_false (pomar_health_override_is_active (NULL, d));

  /* default 30 days: from the 1st up to the 30th, gone on December 1st */
  pomar_health_override_init (&o, 40, d, 0);
  g_assert_cmpuint (o.expires_on, ==, day ("2026-12-01"));
  g_assert_false (pomar_health_override_is_active (&o, d - 1));
  g_assert_true (pomar_health_override_is_active (&o, d));
  g_assert_true (pomar_health_override_is_active (&o, day ("2026-11-30")));
  g_assert_false (pomar_health_override_is_active (&o, day ("2026-12-01")));

  /* no expiry stored: the default applies */
  o.expires_on = POMAR_NO_DAY;
  g_assert_true (pomar_health_override_is_active (&o, d + 29));
  g_assert_false (pomar_health_override_is_active (&o, d + 30));

  /* an explicit expiry of 7 days */
  pomar_health_override_init (&o, 40, d, 7);
  g_assert_true (pomar_health_override_is_active (&o, d + 6));
  g_assert_false (pomar_health_override_is_active (&o, d + 7));
  o.set = FALSE;
  g_assert_false (pomar_health_override_is_active (&o, d));

  /* shown: the override while active, the computed score beside it */
  pomar_health_override_init (&o, 40, d, 0);
  computed.known = TRUE;
  computed.score = 80.4;
  computed.rounded = 80;
  computed.band = POMAR_HEALTH_BAND_GREEN;
  g_assert_cmpint (pomar_health_shown (&computed, &o, d + 3, &known, &band), ==, 40);
  g_assert_true (known);
  g_assert_cmpint (band, ==, POMAR_HEALTH_BAND_RED);
  g_assert_cmpint (pomar_health_shown (&computed, &o, d + 30, &known, &band), ==, 80);
  g_assert_true (known);
  g_assert_cmpint (band, ==, POMAR_HEALTH_BAND_GREEN);
  g_assert_cmpint (pomar_health_shown (&computed, NULL, d, NULL, NULL), ==, 80);

  /* an override is shown even when the computed score is unknown */
  computed.known = FALSE;
  g_assert_cmpint (pomar_health_shown (&computed, &o, d, &known, &band), ==, 40);
  g_assert_true (known);
  g_assert_cmpint (pomar_health_shown (&computed, &o, d + 30, &known, &band), ==, 0);
  g_assert_false (known);
  g_assert_cmpint (band, ==, POMAR_HEALTH_BAND_NONE);

  /* a manual 75 is green, 74 yellow */
  pomar_health_override_init (&o, 75, d, 0);
  pomar_health_shown (&computed, &o, d, NULL, &band);
  g_assert_cmpint (band, ==, POMAR_HEALTH_BAND_GREEN);
  pomar_health_override_init (&o, 74, d, 0);
  pomar_health_shown (&computed, &o, d, NULL, &band);
  g_assert_cmpint (band, ==, POMAR_HEALTH_BAND_YELLOW);
}

/* Health from plain records ---------------------------------------------- */

#define S(x) ((char *) (x))

static void
compute_from_records (const PomarAccount           *account,
                      const PomarUsage * const     *usage,
                      guint                         n_usage,
                      const PomarTicket * const    *tickets,
                      guint                         n_tickets,
                      const PomarResponse * const  *responses,
                      guint                         n_responses,
                      const PomarActivity * const  *activities,
                      guint                         n_activities,
                      PomarDay                      as_of,
                      PomarHealthInputs            *in,
                      PomarHealthResult            *r)
{
  pomar_health_inputs_from_records (in, account, usage, n_usage, tickets, n_tickets,
                                    responses, n_responses, activities, n_activities, as_of);
  pomar_health_compute (in, as_of, NULL, r);
}

static void
test_health_no_data (void)
{
  PomarDay today = day ("2026-11-23");
  PomarAccount account = { .licensed_seats = 50 };
  PomarHealthInputs in;
  PomarHealthResult r;

  /* an account with nothing but seats: adoption (no usage row), usage
   * trend (E0 = 0), sentiment and engagement missing; support is 100 with
   * no open ticket, so the score is 100 and there is nothing to raise */
  compute_from_records (&account, NULL, 0, NULL, 0, NULL, 0, NULL, 0, today, &in, &r);
  g_assert_false (in.has_usage);
  g_assert_false (r.parts[POMAR_HEALTH_ADOPTION].present);
  g_assert_false (r.parts[POMAR_HEALTH_USAGE_TREND].present);
  g_assert_true (r.parts[POMAR_HEALTH_SUPPORT].present);
  g_assert_false (r.parts[POMAR_HEALTH_SENTIMENT].present);
  g_assert_false (r.parts[POMAR_HEALTH_ENGAGEMENT].present);
  g_assert_true (r.known);
  g_assert_cmpfloat (r.score, ==, 100);
  g_assert_cmpint (r.band, ==, POMAR_HEALTH_BAND_GREEN);
  g_assert_cmpint (r.most_impactful, ==, POMAR_HEALTH_NO_COMPONENT);

  /* no account record at all: seats unknown, same result */
  compute_from_records (NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, today, &in, &r);
  g_assert_cmpint (in.licensed_seats, ==, POMAR_NO_INT);
  g_assert_cmpint (r.rounded, ==, 100);
}

static void
test_health_seats (void)
{
  PomarDay today = day ("2026-11-23");
  PomarAccount account = { .licensed_seats = POMAR_NO_INT };
  PomarUsage recent = { .day = S ("2026-11-20"), .active_users = 8, .events = 0 };
  PomarUsage old = { .day = S ("2026-10-01"), .active_users = 8, .events = 0 };
  PomarUsage future = { .day = S ("2026-11-24"), .active_users = 8, .events = 0 };
  const PomarUsage *usage[] = { &recent };
  const PomarUsage *only_old[] = { &old };
  const PomarUsage *only_future[] = { &future };
  PomarHealthInputs in;
  PomarHealthResult r;

  /* null seats: adoption missing, whatever the usage */
  compute_from_records (&account, usage, 1, NULL, 0, NULL, 0, NULL, 0, today, &in, &r);
  g_assert_true (in.has_usage);
  g_assert_false (r.parts[POMAR_HEALTH_ADOPTION].present);

  /* zero seats: missing too */
  account.licensed_seats = 0;
  compute_from_records (&account, usage, 1, NULL, 0, NULL, 0, NULL, 0, today, &in, &r);
  g_assert_false (r.parts[POMAR_HEALTH_ADOPTION].present);

  /* 10 seats, one row of 8 in the last 30 days: u = 8 / (30 x 10) = 0.02667,
   * score = 100 x 0.02667 / 0.8 = 3.333 */
  account.licensed_seats = 10;
  compute_from_records (&account, usage, 1, NULL, 0, NULL, 0, NULL, 0, today, &in, &r);
  g_assert_cmpfloat_with_epsilon (r.parts[POMAR_HEALTH_ADOPTION].score, 100.0 / 30.0, 1e-9);

  /* a row only before the 30 days: the account has usage, 30 days of 0 */
  compute_from_records (&account, only_old, 1, NULL, 0, NULL, 0, NULL, 0, today, &in, &r);
  g_assert_true (r.parts[POMAR_HEALTH_ADOPTION].present);
  g_assert_cmpfloat (r.parts[POMAR_HEALTH_ADOPTION].score, ==, 0);

  /* a row only after the day asked for does not exist yet */
  compute_from_records (&account, only_future, 1, NULL, 0, NULL, 0, NULL, 0, today, &in, &r);
  g_assert_false (r.parts[POMAR_HEALTH_ADOPTION].present);
}

static void
test_health_usage_windows (void)
{
  PomarDay today = day ("2026-11-23");
  PomarAccount account = { .licensed_seats = 10 };
  /* E1: the 30 days 2026-10-25..2026-11-23; E0: 2026-09-25..2026-10-24 */
  PomarUsage rows[] = {
    { .day = S ("2026-11-23"), .active_users = 5, .events = 20 },
    { .day = S ("2026-10-25"), .active_users = 7, .events = 100 },
    { .day = S ("2026-10-24"), .active_users = 9, .events = 60 },
    { .day = S ("2026-09-25"), .active_users = 9, .events = 40 },
    { .day = S ("2026-09-24"), .active_users = 9, .events = 1000 },   /* too old for E0 */
    { .day = S ("2026-11-01"), .active_users = POMAR_NO_INT, .events = POMAR_NO_INT },
  };
  const PomarUsage *usage[G_N_ELEMENTS (rows)];
  PomarHealthInputs in;
  PomarHealthResult r;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    usage[i] = &rows[i];
  compute_from_records (&account, usage, G_N_ELEMENTS (rows), NULL, 0, NULL, 0, NULL, 0, today, &in, &r);
  g_assert_cmpint (in.active_users_30d, ==, 12);
  g_assert_cmpint (in.events_30d, ==, 120);
  g_assert_cmpint (in.events_prev_30d, ==, 100);
  /* u = 12 / 300 = 0.04 -> 100 x 0.04 / 0.8 = 5 */
  g_assert_cmpfloat_with_epsilon (r.parts[POMAR_HEALTH_ADOPTION].score, 5, 1e-9);
  /* 50 + 100 x (120 - 100) / 100 = 70 */
  g_assert_cmpfloat_with_epsilon (r.parts[POMAR_HEALTH_USAGE_TREND].score, 70, 1e-9);

  /* usage halving: 50 + 100 x (50 - 100) / 100 = 0; dropping further clamps at 0 */
  rows[0].events = 0;
  rows[1].events = 50;
  compute_from_records (&account, usage, G_N_ELEMENTS (rows), NULL, 0, NULL, 0, NULL, 0, today, &in, &r);
  g_assert_cmpfloat (r.parts[POMAR_HEALTH_USAGE_TREND].score, ==, 0);
  rows[1].events = 10;
  compute_from_records (&account, usage, G_N_ELEMENTS (rows), NULL, 0, NULL, 0, NULL, 0, today, &in, &r);
  g_assert_cmpfloat (r.parts[POMAR_HEALTH_USAGE_TREND].score, ==, 0);

  /* E0 = 0 with events in E1: missing, not infinite */
  rows[2].events = 0;
  rows[3].events = 0;
  compute_from_records (&account, usage, G_N_ELEMENTS (rows), NULL, 0, NULL, 0, NULL, 0, today, &in, &r);
  g_assert_cmpint (in.events_prev_30d, ==, 0);
  g_assert_false (r.parts[POMAR_HEALTH_USAGE_TREND].present);
}

static void
test_health_ticket_age (void)
{
  PomarDay today = day ("2026-11-23");
  PomarTicket t14 = { .status = S ("open"), .priority = S ("normal"), .created_at = S ("2026-11-09T10:00:00Z") };
  PomarTicket t15 = { .status = S ("pending"), .priority = S ("normal"), .created_at = S ("2026-11-08T10:00:00Z") };
  PomarTicket low = { .status = S ("new"), .priority = S ("low"), .created_at = S ("2026-11-23T08:00:00Z") };
  PomarTicket odd = { .status = S ("hold"), .priority = S ("whenever"), .created_at = S ("2026-11-20T08:00:00Z") };
  PomarTicket solved = { .status = S ("solved"), .priority = S ("urgent"),
                         .created_at = S ("2026-10-01T08:00:00Z"), .solved_at = S ("2026-11-22T08:00:00Z") };
  PomarTicket closed = { .status = S ("closed"), .priority = S ("urgent"), .created_at = S ("2026-10-01T08:00:00Z") };
  PomarTicket later = { .status = S ("open"), .priority = S ("urgent"), .created_at = S ("2026-11-24T08:00:00Z") };
  const PomarTicket *only14[] = { &t14 };
  const PomarTicket *only15[] = { &t15 };
  const PomarTicket *all[] = { &t14, &t15, &low, &odd, &solved, &closed, &later };
  PomarHealthInputs in;
  PomarHealthResult r;

  /* open exactly 14 days: no age term, W = 1 -> 100 - 12.5 = 87.5 */
  compute_from_records (NULL, NULL, 0, only14, 1, NULL, 0, NULL, 0, today, &in, &r);
  g_assert_cmpuint (in.open_tickets_old, ==, 0);
  g_assert_cmpfloat (r.parts[POMAR_HEALTH_SUPPORT].score, ==, 87.5);
  /* 15 days: W = 1 + 1 -> 75 */
  compute_from_records (NULL, NULL, 0, only15, 1, NULL, 0, NULL, 0, today, &in, &r);
  g_assert_cmpuint (in.open_tickets_old, ==, 1);
  g_assert_cmpfloat (r.parts[POMAR_HEALTH_SUPPORT].score, ==, 75);

  /* all: 14d normal 1 + 15d normal 1 + age 1 + low 0.5 + unknown priority 1 = 4.5;
   * solved, closed and not-yet-created tickets are not open: 100 - 56.25 = 43.75 */
  compute_from_records (NULL, NULL, 0, all, G_N_ELEMENTS (all), NULL, 0, NULL, 0, today, &in, &r);
  g_assert_cmpfloat (in.open_ticket_weight, ==, 3.5);
  g_assert_cmpuint (in.open_tickets_old, ==, 1);
  g_assert_cmpfloat (r.parts[POMAR_HEALTH_SUPPORT].score, ==, 43.75);

  /* as of 2026-11-21 the solved ticket was still open (urgent 4, 51 days
   * old: + 1), the two normal ones were 12 and 13 days old, the odd one
   * (counted as normal) existed and the low one did not:
   * W = 4 + 1 + 1 + 1 + 1 = 8 -> 100 - 100 = 0 */
  compute_from_records (NULL, NULL, 0, all, G_N_ELEMENTS (all), NULL, 0, NULL, 0, today - 2, &in, &r);
  g_assert_cmpfloat (in.open_ticket_weight, ==, 7);
  g_assert_cmpuint (in.open_tickets_old, ==, 1);
  g_assert_cmpfloat (r.parts[POMAR_HEALTH_SUPPORT].score, ==, 0);
}

static void
test_health_sentiment_engagement (void)
{
  PomarDay today = day ("2026-11-23");
  PomarResponse p = { .kind = S ("nps"), .score = 10, .responded_at = S ("2026-05-28T12:00:00Z") }; /* the oldest day of 180: in */
  PomarResponse d = { .kind = S ("nps"), .score = 3, .responded_at = S ("2026-05-27T23:59:59Z") };  /* a day too old: out */
  PomarResponse c = { .kind = S ("csat"), .score = 2, .responded_at = S ("2026-11-01T12:00:00Z") };
  const PomarResponse *answers[] = { &d, &c, &p };
  const PomarResponse *csat_only[] = { &c, &d };
  PomarActivity note = { .kind = S ("note"), .occurred_at = S ("2026-10-17T09:00:00Z") };   /* 37 days */
  PomarActivity call = { .kind = S ("call"), .occurred_at = S ("2026-09-01T09:00:00Z") };
  PomarActivity task = { .kind = S ("task_done"), .occurred_at = S ("2026-11-22T09:00:00Z") };
  PomarActivity stage = { .kind = S ("stage_change"), .occurred_at = S ("2026-11-22T09:00:00Z") };
  PomarActivity later = { .kind = S ("meeting"), .occurred_at = S ("2026-11-24T09:00:00Z") };
  const PomarActivity *acts[] = { &call, &task, &note, &stage, &later };
  const PomarActivity *no_touch[] = { &task, &stage };
  PomarHealthInputs in;
  PomarHealthResult r;

  /* NPS over 180 days: one promoter -> 100 -> sentiment 100; the CSAT
   * answer is not used when there is an NPS answer */
  compute_from_records (NULL, NULL, 0, NULL, 0, answers, 3, acts, G_N_ELEMENTS (acts), today, &in, &r);
  g_assert_cmpuint (pomar_nps_counts_total (&in.nps_180d), ==, 1);
  g_assert_cmpfloat (r.parts[POMAR_HEALTH_SENTIMENT].score, ==, 100);
  /* the newest touch is the note, 37 days ago: 100 x (60 - 37) / 46 = 50 */
  g_assert_cmpuint (in.last_engagement, ==, day ("2026-10-17"));
  g_assert_cmpfloat_with_epsilon (r.parts[POMAR_HEALTH_ENGAGEMENT].score, 50, 1e-9);
  /* support 100 (20), sentiment 100 (25), engagement 50 (15):
   * (2000 + 2500 + 750) / 60 = 87.5 -> 88 */
  g_assert_cmpfloat_with_epsilon (r.score, 87.5, 1e-9);
  g_assert_cmpint (r.rounded, ==, 88);

  /* only the old detractor (out of the window) and a CSAT 2: share 0 */
  compute_from_records (NULL, NULL, 0, NULL, 0, csat_only, 2, no_touch, 2, today, &in, &r);
  g_assert_true (r.parts[POMAR_HEALTH_SENTIMENT].present);
  g_assert_cmpfloat (r.parts[POMAR_HEALTH_SENTIMENT].score, ==, 0);
  /* tasks and stage changes are not touches */
  g_assert_false (r.parts[POMAR_HEALTH_ENGAGEMENT].present);
}

static void
test_health_weights (void)
{
  PomarDay today = day ("2026-11-23");
  PomarHealthInputs in = { 0 };
  PomarHealthWeights w;
  PomarHealthResult r;

  /* the inputs of test_health_hand_computed: adoption 62.5, trend 40,
   * support 12.5, sentiment 70, engagement 50 */
  in.licensed_seats = 40;
  in.has_usage = TRUE;
  in.active_users_30d = 600;
  in.events_30d = 900;
  in.events_prev_30d = 1000;
  in.open_ticket_weight = 6;
  in.open_tickets_old = 1;
  in.nps_180d.promoters = 3;
  in.nps_180d.passives = 1;
  in.nps_180d.detractors = 1;
  in.last_engagement = today - 37;

  /* sentiment off: (1875 + 400 + 250 + 750) / 75 = 43.67 -> 44, red */
  pomar_health_weights_init_default (&w);
  w.weight[POMAR_HEALTH_SENTIMENT] = 0;
  pomar_health_compute (&in, today, &w, &r);
  g_assert_cmpfloat_with_epsilon (r.score, 3275.0 / 75.0, 1e-9);
  g_assert_cmpint (r.rounded, ==, 44);
  g_assert_cmpint (r.band, ==, POMAR_HEALTH_BAND_RED);
  g_assert_cmpint (r.most_impactful, ==, POMAR_HEALTH_SUPPORT);

  /* support off: it has the largest gap but is not named;
   * (1875 + 400 + 1750 + 750) / 80 = 59.69 -> 60; adoption (1125) is next */
  pomar_health_weights_init_default (&w);
  w.weight[POMAR_HEALTH_SUPPORT] = 0;
  pomar_health_compute (&in, today, &w, &r);
  g_assert_cmpfloat_with_epsilon (r.score, 4775.0 / 80.0, 1e-9);
  g_assert_cmpint (r.rounded, ==, 60);
  g_assert_cmpint (r.band, ==, POMAR_HEALTH_BAND_YELLOW);
  g_assert_cmpint (r.most_impactful, ==, POMAR_HEALTH_ADOPTION);

  /* a negative weight (a bad setting) counts as 0 */
  w.weight[POMAR_HEALTH_SUPPORT] = -20;
  pomar_health_compute (&in, today, &w, &r);
  g_assert_cmpfloat_with_epsilon (r.score, 4775.0 / 80.0, 1e-9);

  /* missing components renormalise: adoption and trend missing leaves
   * support 12.5 (20), sentiment 70 (25), engagement 50 (15):
   * (250 + 1750 + 750) / 60 = 45.83 -> 46 */
  in.licensed_seats = POMAR_NO_INT;
  in.events_prev_30d = 0;
  pomar_health_compute (&in, today, NULL, &r);
  g_assert_cmpfloat_with_epsilon (r.score, 2750.0 / 60.0, 1e-9);
  g_assert_cmpint (r.rounded, ==, 46);

  /* a tie for the most impactful goes to the component listed first:
   * no ticket, sentiment 70 x 25 = 750 and engagement 50 x 15 = 750 */
  in.open_ticket_weight = 0;
  in.open_tickets_old = 0;
  pomar_health_compute (&in, today, NULL, &r);
  g_assert_cmpint (r.most_impactful, ==, POMAR_HEALTH_SENTIMENT);
  /* (2000 + 1750 + 750) / 60 = 75 exactly: green */
  g_assert_cmpfloat_with_epsilon (r.score, 75, 1e-9);
  g_assert_cmpint (r.band, ==, POMAR_HEALTH_BAND_GREEN);

  /* every weight 0: unknown */
  memset (&w, 0, sizeof w);
  pomar_health_compute (&in, today, &w, &r);
  g_assert_false (r.known);
  g_assert_cmpint (r.band, ==, POMAR_HEALTH_BAND_NONE);
  g_assert_cmpint (r.most_impactful, ==, POMAR_HEALTH_NO_COMPONENT);
}

static void
test_ttv (void)
{
  PomarDay start = day ("2026-09-01");
  PomarDay days[40];
  gint64 active[40];
  PomarTtv t;

  /* 10 seats; 5 active every day from day 10: first 7-day mean >= 0.5 on day 16 */
  for (guint i = 0; i < 40; i++)
    {
      days[i] = start + i;
      active[i] = i >= 10 ? 5 : 0;
    }
  pomar_ttv_compute (start, 10, days, active, 40, start + 39, &t);
  g_assert_true (t.known);
  g_assert_true (t.reached);
  g_assert_cmpint (t.days, ==, 16);

  /* as of day 15 it is not reached yet: "not yet (day 15)" */
  pomar_ttv_compute (start, 10, days, active, 40, start + 15, &t);
  g_assert_true (t.known);
  g_assert_false (t.reached);
  g_assert_cmpint (t.days, ==, 15);

  /* seats null or zero: unknown */
  pomar_ttv_compute (start, POMAR_NO_INT, days, active, 40, start + 39, &t);
  g_assert_false (t.known);
  pomar_ttv_compute (start, 0, days, active, 40, start + 39, &t);
  g_assert_false (t.known);

  /* usage before the contract (a pilot) counts towards the first window */
  for (guint i = 0; i < 7; i++)
    {
      days[i] = start - 6 + i;
      active[i] = 5;
    }
  pomar_ttv_compute (start, 10, days, active, 7, start + 30, &t);
  g_assert_true (t.reached);
  g_assert_cmpint (t.days, ==, 0);
}

static void
test_median (void)
{
  double v[] = { 5, 1, 3, 2 };
  double m;

  g_assert_false (pomar_median (v, 0, &m));
  g_assert_true (pomar_median (v, 3, &m));
  g_assert_cmpfloat (m, ==, 3);
  g_assert_true (pomar_median (v, 4, &m));
  g_assert_cmpfloat (m, ==, 2.5);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/day/parse", test_day_parse);
  g_test_add_func ("/core/nps/rounding", test_nps_rounding);
  g_test_add_func ("/core/nps/csat", test_csat);
  g_test_add_func ("/core/nps/window", test_window);
  g_test_add_func ("/core/nps/window-add", test_nps_window_add);
  g_test_add_func ("/core/nps/months", test_nps_months);
  g_test_add_func ("/core/health/all-missing", test_health_all_missing);
  g_test_add_func ("/core/health/hand-computed", test_health_hand_computed);
  g_test_add_func ("/core/health/edges", test_health_edges);
  g_test_add_func ("/core/health/no-data", test_health_no_data);
  g_test_add_func ("/core/health/seats", test_health_seats);
  g_test_add_func ("/core/health/usage-windows", test_health_usage_windows);
  g_test_add_func ("/core/health/ticket-age", test_health_ticket_age);
  g_test_add_func ("/core/health/sentiment-engagement", test_health_sentiment_engagement);
  g_test_add_func ("/core/health/weights", test_health_weights);
  g_test_add_func ("/core/health/trend", test_health_trend);
  g_test_add_func ("/core/health/override", test_health_override);
  g_test_add_func ("/core/ttv", test_ttv);
  g_test_add_func ("/core/median", test_median);
  return g_test_run ();
}
