/* pomar-table-row.h: one row of a PomarTableRows.
 *
 * A row stays the same object, at the same position, while what it shows
 * changes: its "item" is the wrapped model's item at that position. A row
 * knows its item only while it is watched (while a cell shows it), so
 * that a change in the model costs as many rows as are on screen.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define POMAR_TYPE_TABLE_ROW (pomar_table_row_get_type ())
G_DECLARE_FINAL_TYPE (PomarTableRow, pomar_table_row, POMAR, TABLE_ROW, GObject)

/* The row's position in its PomarTableRows. */
guint          pomar_table_row_get_position (PomarTableRow *self);
/* While watched: the item shown (borrowed), or NULL. */
gpointer       pomar_table_row_get_item     (PomarTableRow *self);
/* A cell that shows the row watches it from bind to unbind; "item" is
 * notified when what the row shows changes (another item, or the same
 * one changed). */
void           pomar_table_row_watch        (PomarTableRow *self);
void           pomar_table_row_unwatch      (PomarTableRow *self);

/* For a list item factory whose items are rows: "bind" watches the list
 * item's row and calls @refresh now and whenever the row's item changes;
 * "unbind" stops. */
typedef void (*PomarTableRowRefresh) (GtkListItem *list_item);
void           pomar_table_row_bind         (GtkListItem          *list_item,
                                             PomarTableRowRefresh  refresh);
void           pomar_table_row_unbind       (GtkListItem          *list_item,
                                             PomarTableRowRefresh  refresh);

G_END_DECLS
