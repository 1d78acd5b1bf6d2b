/* pomar-health-card-private.h: the words of the health card, apart from
 * the widget, so that tests/ui/test-health-card.c can check them with no
 * display; and a way in to the override dialog for the display tests.
 *
 * Texts follow the current locale, which in the application is the user's.
 */
#pragma once

#include "pomar-health-card.h"
#include "pomar-health-override-dialog.h"

G_BEGIN_DECLS

/* The component that pulls the score down the most (domain.md: the largest
 * weight × (100 − score) among the components present), the one the core
 * named in @explanation's result; NO_COMPONENT when nothing is to gain. */
PomarHealthComponent pomar_health_card_pick_component   (const PomarHealthExplanation *explanation);

/* "Support pulls health down the most: 3 urgent tickets are open.": the
 * component pick_component() names, with the input that costs it points;
 * a sentence saying so when nothing pulls the score down, or when the
 * health is unknown. */
char    *pomar_health_card_impact_sentence  (const PomarHealthExplanation *explanation);

/* A component's input in words: "On average 45 of 80 seats active in the
 * last 30 days"; for a missing component, why and how the score treats it. */
char    *pomar_health_card_describe_input   (const PomarHealthExplanation *explanation,
                                             PomarHealthComponent          component);

/* "Adoption: 62 — On average 45 of 80 seats active in the last 30 days"
 * (the line of the meeting brief, and the bar's accessible description). */
char    *pomar_health_card_component_line   (const PomarHealthExplanation *explanation,
                                             PomarHealthComponent          component);

/* "Up 6 points in 30 days" and its short form "↑ +6"; both NULL when the
 * trend is unknown. */
void     pomar_health_card_trend_texts      (const PomarHealthExplanation *explanation,
                                             char                        **words,
                                             char                        **short_text);

/* "Set by you to 80 until 12/31/26: renewal signed", NULL when @figures
 * holds no override active on @today. */
char    *pomar_health_card_override_text    (const PomarAccountFigures    *figures,
                                             PomarDay                      today);

/* A day in the user's locale: "12/31/26" in en_US. */
char    *pomar_health_format_day            (PomarDay                      day);

/* For the display tests: the card's score label and a component's bar,
 * the override text shown (NULL when hidden), and the override dialog the
 * card opened last (NULL when none is open). */
GtkLabel    *pomar_health_card_get_score_label     (PomarHealthCard      *self);
GtkLabel    *pomar_health_card_get_computed_label  (PomarHealthCard      *self);
GtkLevelBar *pomar_health_card_get_bar             (PomarHealthCard      *self,
                                                    PomarHealthComponent  component);
const char  *pomar_health_card_get_impact_text     (PomarHealthCard      *self);
const char  *pomar_health_card_get_override_shown  (PomarHealthCard      *self);
PomarHealthOverrideDialog *pomar_health_card_get_override_dialog (PomarHealthCard *self);

/* The override dialog, for tests: what it holds, and whether Set is
 * enabled (and why not). */
void       pomar_health_override_dialog_set_values (PomarHealthOverrideDialog *self,
                                                    int                        score,
                                                    const char                *reason,
                                                    PomarDay                   expires_on);
gboolean   pomar_health_override_dialog_can_set    (PomarHealthOverrideDialog *self,
                                                    const char               **why);
GtkWidget *pomar_health_override_dialog_get_set_button (PomarHealthOverrideDialog *self);
/* What the dialog says under the rows (NULL when nothing), and whether
 * it waits for the store. */
const char *pomar_health_override_dialog_get_status (PomarHealthOverrideDialog *self);
gboolean   pomar_health_override_dialog_get_busy      (PomarHealthOverrideDialog *self);

G_END_DECLS
