/* pomar-health-card.h: an account's health, explained, on its page. */
#pragma once

#include <gtk/gtk.h>

#include "pomar-context.h"
#include "pomar-meeting-brief.h"

G_BEGIN_DECLS

#define POMAR_TYPE_HEALTH_CARD (pomar_health_card_get_type ())
G_DECLARE_FINAL_TYPE (PomarHealthCard, pomar_health_card, POMAR, HEALTH_CARD, GtkWidget)

GtkWidget  *pomar_health_card_new         (PomarContext                 *context);

/* Shows the health of @account_id: @explanation from
 * pomar_store_reader_explain_health() (NULL: nothing loaded, the card says
 * the health is unknown), @figures from pomar_store_reader_get_figures()
 * for its override (may be NULL: none). The card copies what it needs. */
void        pomar_health_card_set_account (PomarHealthCard              *self,
                                           const char                   *account_id,
                                           const PomarHealthExplanation *explanation,
                                           const PomarAccountFigures    *figures);
const char *pomar_health_card_get_account_id (PomarHealthCard           *self);

/* Puts what the card shows into @brief: the score line, one line per
 * component and the sentence on what pulls the score down the most. */
void        pomar_health_card_fill_brief  (PomarHealthCard              *self,
                                           PomarMeetingBrief            *brief);

G_END_DECLS
