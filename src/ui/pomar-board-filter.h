/* pomar-board-filter.h: what the board's filter bar asks of an account. */
#pragma once

#include <gtk/gtk.h>

#include "pomar-account-object.h"

G_BEGIN_DECLS

/* Any band (the default) for pomar_board_filter_set_band(); the bands of
 * PomarHealthBand otherwise, POMAR_HEALTH_BAND_NONE meaning unknown. */
#define POMAR_BOARD_FILTER_ANY_BAND (-1)

#define POMAR_TYPE_BOARD_FILTER (pomar_board_filter_get_type ())
G_DECLARE_FINAL_TYPE (PomarBoardFilter, pomar_board_filter, POMAR, BOARD_FILTER, GtkFilter)

PomarBoardFilter *pomar_board_filter_new         (void);

/* NULL or "": any owner, any segment, any text. */
void        pomar_board_filter_set_owner   (PomarBoardFilter *self,
                                            const char       *owner);
const char *pomar_board_filter_get_owner   (PomarBoardFilter *self);
void        pomar_board_filter_set_segment (PomarBoardFilter *self,
                                            const char       *segment);
const char *pomar_board_filter_get_segment (PomarBoardFilter *self);
void        pomar_board_filter_set_band    (PomarBoardFilter *self,
                                            int               band);
int         pomar_board_filter_get_band    (PomarBoardFilter *self);
/* Words of a name or domain, in any case, with or without accents: an
 * account matches when each word is found in its name or its domain. */
void        pomar_board_filter_set_text    (PomarBoardFilter *self,
                                            const char       *text);
const char *pomar_board_filter_get_text    (PomarBoardFilter *self);

/* Whether any criterion is set. */
gboolean    pomar_board_filter_is_active   (PomarBoardFilter *self);
/* Whether @account meets every criterion set. */
gboolean    pomar_board_filter_matches     (PomarBoardFilter   *self,
                                            PomarAccountObject *account);

G_END_DECLS
