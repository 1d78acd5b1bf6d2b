/* pomar-board-column.h: one stage of the board: its accounts as cards. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define POMAR_TYPE_BOARD_COLUMN (pomar_board_column_get_type ())
G_DECLARE_FINAL_TYPE (PomarBoardColumn, pomar_board_column, POMAR, BOARD_COLUMN, GtkWidget)

/* A column for the accounts whose stage is @stage_id; NULL: for the accounts
 * whose stage Pomar does not know (or that have none). */
GtkWidget  *pomar_board_column_new            (const char       *stage_id);
const char *pomar_board_column_get_stage_id   (PomarBoardColumn *self);
/* @accounts: a GListModel of PomarAccountObject, or NULL. */
void        pomar_board_column_set_model      (PomarBoardColumn *self,
                                               GListModel       *accounts);
guint       pomar_board_column_get_n_accounts (PomarBoardColumn *self);

G_END_DECLS
