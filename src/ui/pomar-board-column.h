/* pomar-board-column.h: one stage of the board: its accounts as cards. */
#pragma once

#include <gtk/gtk.h>

#include "pomar-account-object.h"

G_BEGIN_DECLS

#define POMAR_TYPE_BOARD_COLUMN (pomar_board_column_get_type ())
G_DECLARE_FINAL_TYPE (PomarBoardColumn, pomar_board_column, POMAR, BOARD_COLUMN, GtkWidget)

/* A column for the accounts whose stage is @stage_id; NULL: for the accounts
 * whose stage Pomar does not know (or that have none). */
GtkWidget          *pomar_board_column_new                 (const char       *stage_id);
const char         *pomar_board_column_get_stage_id        (PomarBoardColumn *self);
/* @accounts: this stage's PomarAccountObjects, in the order to show, or
 * NULL; @filter (may be NULL): which of them to show. */
void                pomar_board_column_set_model           (PomarBoardColumn *self,
                                                            GListModel       *accounts,
                                                            GtkFilter        *filter);
/* The accounts shown (the filter's choice). */
guint               pomar_board_column_get_n_accounts      (PomarBoardColumn *self);
/* Scrolls to @account's card and gives it the keyboard focus; FALSE when
 * the column does not show it. */
gboolean            pomar_board_column_focus_account       (PomarBoardColumn   *self,
                                                            PomarAccountObject *account);
/* The account whose card has the keyboard focus, or NULL. */
PomarAccountObject *pomar_board_column_get_focused_account (PomarBoardColumn *self);

G_END_DECLS
