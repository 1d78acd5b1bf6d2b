/* pomar-sync-records.h: one JSON record of the sync contract to a C record.
 *
 * Every connector that speaks sync-api-v1 hands each element of a page's
 * "data" array here, so that the rules of the contract (what is required,
 * what a wrong type is, which scores and dates are out of range) live in one
 * place. A record that breaks them comes back as NULL with a sentence the
 * quarantine can show as it is; the rest of the page goes on.
 *
 * Timestamps come out in one form only, "YYYY-MM-DDTHH:MM:SSZ" in UTC, whole
 * seconds: the store and the core order them as strings, and '.' sorts before
 * 'Z', so "12:00:00.5Z" would sort before "12:00:00Z" if fractions were kept.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "core/pomar-records.h"
#include "store/pomar-store.h"

G_BEGIN_DECLS

/* Parses one record of @collection from @node (the JSON value of one element
 * of a page's "data" array).
 *
 * Returns a new record (PomarAccount *, PomarContact *, ... as gpointer; free
 * with pomar_sync_record_free()) or, when the record is invalid, NULL with
 * *@reason set to one translated human sentence saying what is wrong (e.g.
 * "The score 11 is outside 0..10 for an NPS answer.", "“version” is not a
 * whole number.") and *@id set to the record's id when one could be read (for
 * the quarantine), else NULL. On success both are set to NULL. @id and
 * @reason may be NULL when the caller does not want them.
 *
 * Timestamps (updated_at, created_at, solved_at, responded_at, occurred_at)
 * are RFC 3339 with or without an offset (none means UTC) and are stored in
 * UTC as "YYYY-MM-DDTHH:MM:SSZ", fractions of a second dropped (truncated, so
 * a time never moves into the next second or day). Calendar days must be real
 * "YYYY-MM-DD" dates. A whole number may be written 12 or 12.0; 12.5 is not
 * one. Usage "features" is kept as compact JSON text. */
gpointer pomar_sync_record_parse  (PomarCollection      collection,
                                   JsonNode            *node,
                                   char               **id,
                                   char               **reason);

void     pomar_sync_record_free   (PomarCollection      collection,
                                   gpointer             record);

/* Through the writer's upsert for that collection
 * (pomar_store_writer_upsert_account() etc.). Inside a write func only.
 * @outcome may be NULL. */
gboolean pomar_sync_record_upsert (PomarStoreWriter    *writer,
                                   PomarCollection      collection,
                                   gconstpointer        record,
                                   PomarUpsertOutcome  *outcome,
                                   GError             **error);

/* An RFC 3339 time (with or without an offset; none means UTC) as
 * "YYYY-MM-DDTHH:MM:SSZ" in UTC, whole seconds (truncated), or NULL when
 * @text is not one. Every connector's times go through here. */
char    *pomar_time_normalize     (const char          *text);

G_END_DECLS
