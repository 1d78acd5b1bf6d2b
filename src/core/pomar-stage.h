/* pomar-stage.h: the journey stages of domain.md.
 *
 * Stage ids are fixed strings (stored and sent over the API); their names are
 * translatable. An id that Pomar does not know (a newer server) is kept as
 * given, and shown as given.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  POMAR_STAGE_ONBOARDING,
  POMAR_STAGE_ENGAGEMENT,
  POMAR_STAGE_NURTURE,
  POMAR_STAGE_INSPIRE,
  POMAR_STAGE_CHURNED,
  POMAR_N_STAGES,
  POMAR_STAGE_UNKNOWN = POMAR_N_STAGES,
} PomarStage;

/* "onboarding", "engagement", ...; NULL for POMAR_STAGE_UNKNOWN */
const char *pomar_stage_to_id      (PomarStage  stage);
/* POMAR_STAGE_UNKNOWN for NULL or an id Pomar does not know */
PomarStage  pomar_stage_from_id    (const char *id);
/* the translated name; for an unknown id, the id itself; "No stage" for NULL */
const char *pomar_stage_id_to_name (const char *id);
const char *pomar_stage_get_name   (PomarStage  stage);

G_END_DECLS
