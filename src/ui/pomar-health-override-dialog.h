/* pomar-health-override-dialog.h: setting an account's health by hand. */
#pragma once

#include <adwaita.h>

#include "pomar-context.h"

G_BEGIN_DECLS

#define POMAR_TYPE_HEALTH_OVERRIDE_DIALOG (pomar_health_override_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PomarHealthOverrideDialog, pomar_health_override_dialog,
                      POMAR, HEALTH_OVERRIDE_DIALOG, AdwWindow)

/* A modal window that sets the health override of @account_id through
 * pomar_context_set_health_override_async(), starting from @score (the
 * computed score, or -1 when unknown); set its transient parent and
 * present it. It closes itself once the override is set. */
GtkWidget *pomar_health_override_dialog_new (PomarContext *context,
                                             const char   *account_id,
                                             int           score);

/* Whether a score, a reason and an expiry day make an override that can be
 * set on @today: the reason must say something and @expires_on must be
 * after @today. @why (may be NULL) gets the sentence saying what is
 * missing (a static, translated string), NULL when valid. */
gboolean   pomar_health_override_check      (int           score,
                                             const char   *reason,
                                             PomarDay      expires_on,
                                             PomarDay      today,
                                             const char  **why);

G_END_DECLS
