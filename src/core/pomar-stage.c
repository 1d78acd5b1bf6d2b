/* pomar-stage.c: stage ids and their translatable names. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pomar-stage.h"

static const struct
{
  const char *id;
  const char *name;
} stages[POMAR_N_STAGES] = {
  [POMAR_STAGE_ONBOARDING] = { "onboarding", N_("Onboarding") },
  [POMAR_STAGE_ENGAGEMENT] = { "engagement", N_("Initial engagement") },
  [POMAR_STAGE_NURTURE] = { "nurture", N_("Nurture") },
  [POMAR_STAGE_INSPIRE] = { "inspire", N_("Inspire") },
  [POMAR_STAGE_CHURNED] = { "churned", N_("Churned") },
};

const char *
pomar_stage_to_id (PomarStage stage)
{
  if (stage >= POMAR_N_STAGES)
    return NULL;
  return stages[stage].id;
}

PomarStage
pomar_stage_from_id (const char *id)
{
  if (id == NULL)
    return POMAR_STAGE_UNKNOWN;
  for (guint i = 0; i < POMAR_N_STAGES; i++)
    if (g_str_equal (id, stages[i].id))
      return (PomarStage) i;
  return POMAR_STAGE_UNKNOWN;
}

const char *
pomar_stage_get_name (PomarStage stage)
{
  if (stage >= POMAR_N_STAGES)
    return _("Unknown stage");
  return _(stages[stage].name);
}

const char *
pomar_stage_id_to_name (const char *id)
{
  PomarStage stage;

  if (id == NULL)
    return _("No stage");
  stage = pomar_stage_from_id (id);
  if (stage == POMAR_STAGE_UNKNOWN)
    return id;
  return pomar_stage_get_name (stage);
}
