/* pomar-suggest.c: the three suggested moves of domain.md. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pomar-stage.h"
#include "pomar-suggest.h"

void
pomar_suggestion_clear (PomarSuggestion *suggestion)
{
  suggestion->to_stage = NULL;
  g_clear_pointer (&suggestion->reason, g_free);
}

void
pomar_stage_suggest (const PomarSuggestionInputs *in,
                     PomarDay                     as_of,
                     PomarSuggestion             *out)
{
  out->to_stage = NULL;
  out->reason = NULL;

  switch (pomar_stage_from_id (in->stage))
    {
    case POMAR_STAGE_ONBOARDING:
      if (in->ttv.known && in->ttv.reached)
        {
          out->to_stage = "engagement";
          out->reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      "Reached time to value in %d day",
                                                      "Reached time to value in %d days",
                                                      (gulong) in->ttv.days),
                                         (int) in->ttv.days);
        }
      else if (in->onboarding_complete)
        {
          out->to_stage = "engagement";
          out->reason = g_strdup (_("The onboarding playbook is complete"));
        }
      break;

    case POMAR_STAGE_ENGAGEMENT:
      /* Choice: with no stage history the time in stage is unknown, and
       * Pomar does not guess it. */
      if (in->stage_entered != POMAR_NO_DAY && in->stage_entered <= as_of
          && as_of - in->stage_entered >= 60 && in->band == POMAR_HEALTH_BAND_GREEN)
        {
          guint days = as_of - in->stage_entered;

          out->to_stage = "nurture";
          out->reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      "%u day in initial engagement with green health",
                                                      "%u days in initial engagement with green health",
                                                      days),
                                         days);
        }
      break;

    case POMAR_STAGE_NURTURE:
      if (in->band == POMAR_HEALTH_BAND_GREEN && in->has_nps_180d && in->nps_180d >= 50
          && in->promoter_180d)
        {
          out->to_stage = "inspire";
          out->reason = g_strdup_printf (_("Green health, an NPS of %d over 180 days and a recent promoter"),
                                         in->nps_180d);
        }
      break;

    case POMAR_STAGE_INSPIRE:
    case POMAR_STAGE_CHURNED:
    case POMAR_STAGE_UNKNOWN:
    default:
      break;
    }
}
