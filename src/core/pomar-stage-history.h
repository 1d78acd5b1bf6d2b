/* pomar-stage-history.h: what an account's stage history says about a day.
 *
 * The history is a list of PomarStageChange (derived by the store from the
 * activities of kind stage_change), in any order. Changes are ordered by the
 * UTC day of changed_at, then by the changed_at text (RFC 3339 in UTC, so
 * the text sorts as the time does), then by their order in the input: the
 * later of two equal changes wins. A change whose changed_at does not parse
 * or whose to_stage is NULL says nothing and is skipped.
 */
#pragma once

#include <glib.h>

#include "pomar-day.h"
#include "pomar-records.h"

G_BEGIN_DECLS

/* The to_stage of the latest change dated on or before @day (a pointer into
 * @changes), or NULL when there is none. */
const char *pomar_stage_as_of          (const PomarStageChange * const *changes,
                                        guint                           n,
                                        PomarDay                        day);

/* The day the account entered the stage it has as of @as_of: the day of the
 * first of the latest run of changes to that stage (a repeated change to the
 * stage it is already in is not an entry). POMAR_NO_DAY when the history
 * says nothing on or before @as_of. */
PomarDay    pomar_stage_entered_on     (const PomarStageChange * const *changes,
                                        guint                           n,
                                        PomarDay                        as_of);

/* The day of the latest move into @stage dated on or before @as_of, or
 * POMAR_NO_DAY. A move is a change to @stage from another stage: the stage
 * of the change before it, or for the first change its from_stage (NULL
 * counts as another stage). */
PomarDay    pomar_stage_last_move_to   (const PomarStageChange * const *changes,
                                        guint                           n,
                                        const char                     *stage,
                                        PomarDay                        as_of);

/* The from_stage of the earliest change dated after @day: what the history
 * says the stage was on @day when nothing is dated on or before it. NULL
 * when there is no such change or it has no from_stage. */
const char *pomar_stage_from_after     (const PomarStageChange * const *changes,
                                        guint                           n,
                                        PomarDay                        day);

G_END_DECLS
