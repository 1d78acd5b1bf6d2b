/* pomar-sync-page.h: a page of the sync contract read without a JSON tree.
 *
 * A full sync reads millions of records; building a JsonNode tree for each
 * page costs more than everything else the sync does with it. This reader
 * walks the page's text once, straight into the slots of the contract's
 * record rules (pomar-sync-records-private.h), for the pages a server
 * normally sends: strict JSON (RFC 8259) of the contract's shape.
 *
 * It reads what json-glib would read, or nothing: whatever it is not sure
 * to read exactly as json-glib does is left to json-glib. A page that is
 * not plain strict JSON of that shape is not read at all (the caller reads
 * it with json-glib, which also says what is wrong with it); a record with
 * anything unusual (a member twice, an escaped member name, a number of
 * more than 18 digits, an escaped NUL or UTF-16 surrogate) is read by
 * json-glib alone, in the page's order.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sync/pomar-provider.h"

G_BEGIN_DECLS

/* Reads @size bytes of @data, a 200 answer to a page of @collection, into
 * @page, which must be as pomar_provider_page_init() made it: records and
 * quarantined records in the page's order, next_cursor and sync_token.
 *
 * Returns FALSE, with @page as it came, when the page is to be read with
 * json-glib instead (see above): that is not an error in itself. */
gboolean pomar_sync_page_read (PomarCollection    collection,
                               const char        *data,
                               gsize              size,
                               PomarProviderPage *page);

G_END_DECLS
