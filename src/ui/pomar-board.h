/* pomar-board.h: the accounts as cards in one column per journey stage. */
#pragma once

#include <gtk/gtk.h>

#include "pomar-account-object.h"

G_BEGIN_DECLS

#define POMAR_TYPE_BOARD (pomar_board_get_type ())
G_DECLARE_FINAL_TYPE (PomarBoard, pomar_board, POMAR, BOARD, GtkWidget)

GtkWidget *pomar_board_new              (void);
/* @accounts: a GListModel of PomarAccountObject, or NULL. */
void       pomar_board_set_model        (PomarBoard *self,
                                         GListModel *accounts);
gboolean   pomar_board_get_show_churned (PomarBoard *self);
void       pomar_board_set_show_churned (PomarBoard *self,
                                         gboolean    show_churned);
/* Scrolls to @account's card and gives it the keyboard focus (after a
 * move); FALSE when the board does not show it. */
gboolean   pomar_board_focus_account    (PomarBoard         *self,
                                         PomarAccountObject *account);
/* The filter bar's filter (a PomarBoardFilter). */
GtkFilter *pomar_board_get_filter       (PomarBoard *self);

G_END_DECLS
