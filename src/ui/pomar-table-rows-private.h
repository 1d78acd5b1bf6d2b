/* pomar-table-rows-private.h: what a PomarTableRows and its rows share. */
#pragma once

#include "pomar-table-rows.h"

G_BEGIN_DECLS

PomarTableRow *pomar_table_row_new          (PomarTableRows *owner,
                                             guint           position);
/* The item is fetched again and "item" notified: with @always, even when
 * it is the same object (it changed). Watched rows only. */
void           pomar_table_row_refresh      (PomarTableRow  *self,
                                             gboolean        always);
/* The owner is going away. */
void           pomar_table_row_detach       (PomarTableRow  *self);

/* A row's watchers came or went: the owner keeps a list of watched rows.
 * TRUE if a row now watched is to show nothing until it is refreshed (it
 * is off screen, see pomar_table_rows_set_visible ()). */
gboolean       pomar_table_rows_row_watched (PomarTableRows *self,
                                             PomarTableRow  *row,
                                             gboolean        watched);

G_END_DECLS
