/* pomar-suggest.h: stage moves Pomar suggests, with their reasons.
 *
 * The stage is the account manager's decision: Pomar only suggests
 * (domain.md, Journey stages):
 *  - onboarding -> engagement: time to value reached, or the onboarding
 *    playbook complete;
 *  - engagement -> nurture: 60 days in engagement with health green;
 *  - nurture -> inspire: health green, NPS (180 days) >= 50, and a promoter
 *    answer in the last 180 days.
 */
#pragma once

#include <glib.h>

#include "pomar-health.h"
#include "pomar-ttv.h"

G_BEGIN_DECLS

typedef struct
{
  const char     *stage;                  /* current stage id */
  PomarDay        stage_entered;          /* when it entered it, or POMAR_NO_DAY */
  PomarTtv        ttv;
  gboolean        onboarding_complete;    /* an onboarding playbook instance is complete */
  PomarHealthBand band;                   /* the health shown (an override counts) */
  gboolean        has_nps_180d;
  int             nps_180d;
  gboolean        promoter_180d;          /* a 9 or 10 in the last 180 days */
} PomarSuggestionInputs;

typedef struct
{
  const char *to_stage;   /* a stage id, or NULL: no suggestion */
  char       *reason;     /* a translated sentence, or NULL */
} PomarSuggestion;

void pomar_suggestion_clear (PomarSuggestion             *suggestion);

/* Fills @suggestion for the state as of @as_of, overwriting it: a filled
 * one must be cleared with pomar_suggestion_clear() first. The reason is a
 * translated sentence whenever there is a suggestion. */
void pomar_stage_suggest    (const PomarSuggestionInputs *inputs,
                             PomarDay                     as_of,
                             PomarSuggestion             *suggestion);

G_END_DECLS
