/* pomar-accounts-view.h: every customer in a sortable, searchable table. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define POMAR_TYPE_ACCOUNTS_VIEW (pomar_accounts_view_get_type ())
G_DECLARE_FINAL_TYPE (PomarAccountsView, pomar_accounts_view, POMAR, ACCOUNTS_VIEW, GtkWidget)

GtkWidget *pomar_accounts_view_new       (void);
/* @accounts: a GListModel of PomarAccountObject, or NULL. */
void       pomar_accounts_view_set_model (PomarAccountsView *self,
                                          GListModel        *accounts);

G_END_DECLS
