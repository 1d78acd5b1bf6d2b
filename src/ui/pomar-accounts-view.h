/* pomar-accounts-view.h: every customer in a sortable, searchable table.
 *
 * The table shows a GListModel of PomarAccountObject (the window's), lets
 * a person select several customers and act on them through the window's
 * actions (win.move-stages, win.start-playbook), and exports what it shows
 * as CSV.
 */
#pragma once

#include <gtk/gtk.h>

#include "core/pomar-playbook.h"

G_BEGIN_DECLS

#define POMAR_TYPE_ACCOUNTS_VIEW (pomar_accounts_view_get_type ())
G_DECLARE_FINAL_TYPE (PomarAccountsView, pomar_accounts_view, POMAR, ACCOUNTS_VIEW, GtkWidget)

GtkWidget *pomar_accounts_view_new                  (void);
/* @accounts: a GListModel of PomarAccountObject, or NULL. */
void       pomar_accounts_view_set_model            (PomarAccountsView    *self,
                                                     GListModel           *accounts);
/* The templates "Start Playbook" offers (NULL: the button hides). */
void       pomar_accounts_view_set_playbook_catalog (PomarAccountsView    *self,
                                                     PomarPlaybookCatalog *catalog);

/* Writes the rows the table shows, in its order (only the selected ones
 * when @selected_only), to @file as CSV: a header row with the table's
 * columns and the currency in a column of its own, plain values (ISO
 * dates, numbers with a '.'), RFC 4180 quoting, UTF-8. The rows are taken
 * when this is called; the file is written on a worker thread and
 * replaced in one step, so a failure leaves no half-written file. _finish
 * gives the number of rows written. This is what "Export CSV…" does once
 * the file is chosen. */
void       pomar_accounts_view_export_async         (PomarAccountsView    *self,
                                                     GFile                *file,
                                                     gboolean              selected_only,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean   pomar_accounts_view_export_finish        (PomarAccountsView    *self,
                                                     GAsyncResult         *result,
                                                     guint                *n_rows,
                                                     GError              **error);

/* The accounts as the table shows them: filtered, in its sort order (the
 * window steps through them with Alt+Down and Alt+Up). Owned by the view. */
GListModel *pomar_accounts_view_get_shown (PomarAccountsView *self);

G_END_DECLS
