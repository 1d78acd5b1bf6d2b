/* test-suggest.c: the three suggested stage moves of domain.md and their
 * edges, with a reason for every suggestion. */
#include "config.h"

#include <string.h>

#include "core/pomar-stage-history.h"
#include "core/pomar-suggest.h"

#define S(x) ((char *) (x))

static PomarDay
day (const char *s)
{
  PomarDay d = pomar_day_parse (s);

  g_assert_cmpuint (d, !=, POMAR_NO_DAY);
  return d;
}

/* A reason is a sentence: some words, starting with a capital letter or a
 * number ("60 days in..."), with no stray space at either end. */
static void
assert_reason (const PomarSuggestion *s)
{
  gunichar first;
  gsize len;

  g_assert_nonnull (s->reason);
  g_assert_true (g_utf8_validate (s->reason, -1, NULL));
  len = strlen (s->reason);
  g_assert_cmpuint (len, >, 10);
  g_assert_nonnull (strchr (s->reason, ' '));
  first = g_utf8_get_char (s->reason);
  g_assert_true (g_unichar_isupper (first) || g_unichar_isdigit (first));
  g_assert_false (g_ascii_isspace (s->reason[len - 1]));
}

static void
suggest (const PomarSuggestionInputs *in,
         PomarDay                     as_of,
         const char                  *expected,
         PomarSuggestion             *s)
{
  pomar_suggestion_clear (s);
  pomar_stage_suggest (in, as_of, s);
  g_assert_cmpstr (s->to_stage, ==, expected);
  if (expected != NULL)
    assert_reason (s);
  else
    g_assert_null (s->reason);
}

static void
test_onboarding (void)
{
  PomarDay today = day ("2026-11-23");
  PomarSuggestionInputs in = { .stage = "onboarding", .stage_entered = today - 20 };
  PomarSuggestion s = { 0 };

  /* neither TTV reached nor the playbook complete: nothing */
  in.ttv.known = TRUE;
  in.ttv.days = 20;
  suggest (&in, today, NULL, &s);

  /* TTV reached in 16 days */
  in.ttv.reached = TRUE;
  in.ttv.reached_on = today - 4;
  in.ttv.days = 16;
  suggest (&in, today, "engagement", &s);
  g_assert_nonnull (strstr (s.reason, "16"));

  /* the onboarding playbook complete, TTV not reached (or unknown) */
  in.ttv.reached = FALSE;
  in.ttv.days = 20;
  in.onboarding_complete = TRUE;
  suggest (&in, today, "engagement", &s);
  memset (&in.ttv, 0, sizeof in.ttv);
  suggest (&in, today, "engagement", &s);

  /* health does not matter for this move */
  in.band = POMAR_HEALTH_BAND_RED;
  suggest (&in, today, "engagement", &s);
  pomar_suggestion_clear (&s);
}

static void
test_engagement (void)
{
  PomarDay today = day ("2026-11-23");
  PomarSuggestionInputs in = { .stage = "engagement", .band = POMAR_HEALTH_BAND_GREEN };
  PomarSuggestion s = { 0 };

  /* exactly 60 days with green health: suggest nurture */
  in.stage_entered = today - 60;
  suggest (&in, today, "nurture", &s);
  g_assert_nonnull (strstr (s.reason, "60"));
  /* 59 days: not yet */
  in.stage_entered = today - 59;
  suggest (&in, today, NULL, &s);
  /* 60 days, yellow, red or unknown health: no */
  in.stage_entered = today - 60;
  in.band = POMAR_HEALTH_BAND_YELLOW;
  suggest (&in, today, NULL, &s);
  in.band = POMAR_HEALTH_BAND_RED;
  suggest (&in, today, NULL, &s);
  in.band = POMAR_HEALTH_BAND_NONE;
  suggest (&in, today, NULL, &s);
  /* time in stage unknown (no history), or a day after the one asked for */
  in.band = POMAR_HEALTH_BAND_GREEN;
  in.stage_entered = POMAR_NO_DAY;
  suggest (&in, today, NULL, &s);
  in.stage_entered = today + 1;
  suggest (&in, today, NULL, &s);
  /* TTV and a complete playbook do not matter here */
  in.stage_entered = today - 30;
  in.ttv.known = in.ttv.reached = TRUE;
  in.onboarding_complete = TRUE;
  suggest (&in, today, NULL, &s);
  pomar_suggestion_clear (&s);
}

static void
test_engagement_from_history (void)
{
  PomarDay today = day ("2026-11-23");
  PomarStageChange first = { .to_stage = S ("onboarding"), .changed_at = S ("2026-08-01T09:00:00Z") };
  PomarStageChange moved = { .from_stage = S ("onboarding"), .to_stage = S ("engagement"), .changed_at = S ("2026-09-24T17:30:00Z") };
  const PomarStageChange *h[] = { &moved, &first };
  PomarSuggestionInputs in = { .stage = "engagement", .band = POMAR_HEALTH_BAND_GREEN };
  PomarSuggestion s = { 0 };

  /* entered engagement on 2026-09-24: 60 days on 2026-11-23, 59 the day before */
  in.stage_entered = pomar_stage_entered_on (h, G_N_ELEMENTS (h), today);
  g_assert_cmpuint (in.stage_entered, ==, day ("2026-09-24"));
  suggest (&in, today, "nurture", &s);
  suggest (&in, today - 1, NULL, &s);
  pomar_suggestion_clear (&s);
}

static void
test_nurture (void)
{
  PomarDay today = day ("2026-11-23");
  PomarSuggestionInputs in = {
    .stage = "nurture",
    .stage_entered = today - 300,
    .band = POMAR_HEALTH_BAND_GREEN,
    .has_nps_180d = TRUE,
    .nps_180d = 50,
    .promoter_180d = TRUE,
  };
  PomarSuggestion s = { 0 };

  /* green, NPS exactly 50 and a promoter: suggest inspire */
  suggest (&in, today, "inspire", &s);
  g_assert_nonnull (strstr (s.reason, "50"));
  /* 49: no */
  in.nps_180d = 49;
  suggest (&in, today, NULL, &s);
  /* 50 without a promoter answer: no */
  in.nps_180d = 50;
  in.promoter_180d = FALSE;
  suggest (&in, today, NULL, &s);
  /* 50 with a promoter, yellow: no */
  in.promoter_180d = TRUE;
  in.band = POMAR_HEALTH_BAND_YELLOW;
  suggest (&in, today, NULL, &s);
  /* no NPS answer in 180 days: no, whatever the stored number */
  in.band = POMAR_HEALTH_BAND_GREEN;
  in.has_nps_180d = FALSE;
  in.nps_180d = 100;
  suggest (&in, today, NULL, &s);
  /* 100, green, a promoter */
  in.has_nps_180d = TRUE;
  suggest (&in, today, "inspire", &s);
  pomar_suggestion_clear (&s);
}

static void
test_no_suggestion (void)
{
  PomarDay today = day ("2026-11-23");
  static const char * const stages[] = { "inspire", "churned", "pilot", NULL };
  PomarSuggestion s = { 0 };

  /* every condition of every rule holds, but these stages have no next one */
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      PomarSuggestionInputs in = {
        .stage = stages[i],
        .stage_entered = today - 400,
        .ttv = { .known = TRUE, .reached = TRUE, .reached_on = today - 300, .days = 10 },
        .onboarding_complete = TRUE,
        .band = POMAR_HEALTH_BAND_GREEN,
        .has_nps_180d = TRUE,
        .nps_180d = 100,
        .promoter_180d = TRUE,
      };

      suggest (&in, today, NULL, &s);
    }
  pomar_suggestion_clear (&s);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/suggest/onboarding", test_onboarding);
  g_test_add_func ("/core/suggest/engagement", test_engagement);
  g_test_add_func ("/core/suggest/engagement-from-history", test_engagement_from_history);
  g_test_add_func ("/core/suggest/nurture", test_nurture);
  g_test_add_func ("/core/suggest/none", test_no_suggestion);
  return g_test_run ();
}
