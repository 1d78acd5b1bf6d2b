/* pomar-table-rows.h: a selection model whose rows keep their identity.
 *
 * Wraps a GtkSelectionModel (the same positions, the same selection) and
 * gives a PomarTableRow per position instead of the model's own items: a
 * change in the wrapped model changes what rows show, and only a change in
 * their number adds or removes rows, at the end. GTK 4.8's list views make
 * new widgets for every item they have not shown before and destroy those
 * of the items that left, so a filter that changes the visible items
 * rebuilt every visible row, cell by cell; over rows that stay, they keep
 * their widgets, and the cells update from the rows' "item". The number of
 * rows reaches the wrapped model's in steps (see pomar-table-rows.c): for
 * a moment after a change, there may be fewer or more rows than items, the
 * extra ones empty.
 */
#pragma once

#include <gtk/gtk.h>

#include "pomar-table-row.h"

G_BEGIN_DECLS

#define POMAR_TYPE_TABLE_ROWS (pomar_table_rows_get_type ())
G_DECLARE_FINAL_TYPE (PomarTableRows, pomar_table_rows, POMAR, TABLE_ROWS, GObject)

/* Takes a reference on @model. */
PomarTableRows    *pomar_table_rows_new       (GtkSelectionModel *model);
GtkSelectionModel *pomar_table_rows_get_model (PomarTableRows    *self);
/* The rows on screen, from the view. Once told, a change shows at once on
 * those rows only; the others show it when they come on screen, or once
 * changes rest for a moment. */
void               pomar_table_rows_set_visible (PomarTableRows *self,
                                                 guint           first,
                                                 guint           n_rows);

G_END_DECLS
