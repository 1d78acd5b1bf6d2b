/* pomar-quick-jump.h: Ctrl+K, go to any customer by typing a few letters.
 *
 * A small modal window over the window's accounts: a search entry and the
 * accounts whose name or domain holds what was typed (accents and case do
 * not matter, as in the board's filter). Enter opens the one selected (the
 * first, unless the arrows moved), and the window closes; Escape closes it.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define POMAR_TYPE_QUICK_JUMP (pomar_quick_jump_get_type ())
G_DECLARE_FINAL_TYPE (PomarQuickJump, pomar_quick_jump, POMAR, QUICK_JUMP, AdwWindow)

/* @accounts: a GListModel of PomarAccountObject, in the order to list them.
 * "account-chosen" (const char *account_id) is emitted when one is opened. */
PomarQuickJump *pomar_quick_jump_new (GtkWindow  *parent,
                                      GListModel *accounts);

/* Whether @search_key (pomar_account_object_get_search_key()) holds every
 * word of @folded_query (pomar_fold_for_search() of what was typed). */
gboolean        pomar_quick_jump_matches (const char *search_key,
                                          const char *folded_query);

G_END_DECLS
