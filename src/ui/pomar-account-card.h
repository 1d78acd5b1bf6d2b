/* pomar-account-card.h: one account on the board, as a card. */
#pragma once

#include <gtk/gtk.h>

#include "pomar-account-object.h"

G_BEGIN_DECLS

#define POMAR_TYPE_ACCOUNT_CARD (pomar_account_card_get_type ())
G_DECLARE_FINAL_TYPE (PomarAccountCard, pomar_account_card, POMAR, ACCOUNT_CARD, GtkWidget)

GtkWidget          *pomar_account_card_new         (void);
/* @account may be NULL (an unbound card shows nothing). */
void                pomar_account_card_set_account (PomarAccountCard   *self,
                                                    PomarAccountObject *account);
PomarAccountObject *pomar_account_card_get_account (PomarAccountCard   *self);

/* The card's accessible label: one sentence with the key figures, "Acme
 * Ltda, ARR 120,000 BRL, health 72, green, rising, renews in 45 days, …". */
char               *pomar_account_card_describe    (PomarAccountObject *account);

G_END_DECLS
