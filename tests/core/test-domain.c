/* test-domain.c: hand-computed cases for NPS, CSAT, health and TTV (domain.md). */
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
  g_test_add_func ("/core/health/all-missing", test_health_all_missing);
  g_test_add_func ("/core/health/hand-computed", test_health_hand_computed);
  g_test_add_func ("/core/health/edges", test_health_edges);
  g_test_add_func ("/core/ttv", test_ttv);
  g_test_add_func ("/core/median", test_median);
  return g_test_run ();
}
