/* pomar-sync-records-private.h: the record rules, fed without a JsonNode.
 *
 * pomar_sync_record_parse() sorts a JsonNode's members into one slot per
 * field of the collection's table, then checks the slots in the table's
 * order. The page reader (pomar-sync-page.c) reads the contract's pages
 * without building a tree, and hands the same checks the same values
 * through these slots, so that both ways of reading a record share every
 * rule and every reason word for word.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sync/pomar-sync-records.h"

G_BEGIN_DECLS

/* The most fields a collection's table has. */
#define POMAR_SYNC_MAX_FIELDS 16

/* A member's value as json-glib would have read it. */
typedef enum
{
  POMAR_SYNC_VALUE_NULL,      /* null, or the member is absent */
  POMAR_SYNC_VALUE_STRING,
  POMAR_SYNC_VALUE_INT,       /* a number without a fraction or an exponent */
  POMAR_SYNC_VALUE_DOUBLE,    /* any other number */
  POMAR_SYNC_VALUE_BOOLEAN,
  POMAR_SYNC_VALUE_OBJECT,
  POMAR_SYNC_VALUE_ARRAY,
} PomarSyncValueKind;

typedef struct
{
  PomarSyncValueKind kind;
  const char        *string;     /* STRING: NUL-terminated UTF-8, as unescaped */
  gint64             integer;    /* INT */
  double             number;     /* DOUBLE */
  gboolean           boolean;    /* BOOLEAN */
  /* OBJECT: the value as compact JSON text (json_to_string()) is taken from
   * @node when set, else from @text: its @length bytes are that text
   * already when @canonical, else they are JSON that json-glib rewrites. */
  JsonNode          *node;
  const char        *text;
  gsize              length;
  gboolean           canonical;
} PomarSyncValue;

/* The slot of the member @name (@length bytes, not NUL-terminated) in
 * @collection's table, or -1 for a member the contract does not read. */
int      pomar_sync_record_field_slot   (PomarCollection        collection,
                                         const char            *name,
                                         gsize                  length);

/* pomar_sync_record_parse(), from slots already filled: @slots holds
 * POMAR_SYNC_MAX_FIELDS values, one per field of the table (a field without
 * its member is POMAR_SYNC_VALUE_NULL). */
gpointer pomar_sync_record_parse_slots  (PomarCollection        collection,
                                         const PomarSyncValue  *slots,
                                         char                 **id,
                                         char                 **reason);

G_END_DECLS
