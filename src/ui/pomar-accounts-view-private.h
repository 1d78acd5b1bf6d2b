/* pomar-accounts-view-private.h: what tests look at inside the table. */
#pragma once

#include "pomar-accounts-view.h"

G_BEGIN_DECLS

GtkColumnView       *pomar_accounts_view_get_column_view    (PomarAccountsView *self);
/* By the column's id: "name", "stage", "health", "trend", "nps", "arr",
 * "renewal", "tickets", "owner", "segment", "touch". */
GtkColumnViewColumn *pomar_accounts_view_get_column         (PomarAccountsView *self,
                                                             const char        *id);
GtkEditable         *pomar_accounts_view_get_search_entry   (PomarAccountsView *self);
const char          *pomar_accounts_view_get_count_text     (PomarAccountsView *self);
/* "list", "no-match" or "empty". */
const char          *pomar_accounts_view_get_page           (PomarAccountsView *self);
gboolean             pomar_accounts_view_get_action_bar_revealed (PomarAccountsView *self);
const char          *pomar_accounts_view_get_selection_text (PomarAccountsView *self);
/* The text the cell of @column_id shows for @account, and what a screen
 * reader says for it (NULL: the same). */
char                *pomar_accounts_view_cell_text          (const char        *column_id,
                                                             gpointer           account,
                                                             char             **accessible);
/* Whether the table follows its model (it does only while mapped). */
gboolean             pomar_accounts_view_is_live            (PomarAccountsView *self);

G_END_DECLS
