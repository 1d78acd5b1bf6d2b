/* fixture-hubspot.h: HubSpot-shaped company endpoints on a fixture server.
 *
 * A truth of companies (an id, string properties, when each was created,
 * last changed and archived), served under {origin}/hubspot the way
 * HubSpot's CRM API v3 serves them: the list with "after" paging, and the
 * search with its filters, its one sort, its limits and its window of
 * 10,000 results (fixture-hubspot.c says how). Times are ms since 1970,
 * chosen by the test, so that many companies can share one.
 */
#pragma once

#include "fixture-server.h"

G_BEGIN_DECLS

typedef struct _FixtureHubspot FixtureHubspot;

/* Registers the endpoints on @server (which must not have served any
 * request yet); their faults are those of accounts. Freed by the caller,
 * after the server. */
FixtureHubspot *fixture_hubspot_new               (FixtureServer  *server);
void            fixture_hubspot_free              (FixtureHubspot *hubspot);
/* The base URL a HubSpot connection gets: "{origin}/hubspot". */
const char     *fixture_hubspot_get_url           (FixtureHubspot *hubspot);
/* The property INVALID_RECORD spoils (default "arr"). */
void            fixture_hubspot_set_arr_property  (FixtureHubspot *hubspot,
                                                   const char     *property);

/* The truth. put makes company @id live (creating it, created at
 * @modified, or bringing it back from the archive) with exactly the
 * properties given as NULL-terminated name, value pairs (a NULL value
 * leaves that one unset), changed at @modified. set changes one property
 * of a live company (NULL unsets it). archive archives a live one. */
void  fixture_hubspot_put     (FixtureHubspot *hubspot,
                               gint64          id,
                               gint64          modified,
                               const char     *first_property,
                               ...) G_GNUC_NULL_TERMINATED;
void  fixture_hubspot_set     (FixtureHubspot *hubspot,
                               gint64          id,
                               gint64          modified,
                               const char     *property,
                               const char     *value);
void  fixture_hubspot_archive (FixtureHubspot *hubspot,
                               gint64          id,
                               gint64          archived);
/* Live companies. */
guint fixture_hubspot_count   (FixtureHubspot *hubspot);

/* HubSpot's search trails its writes. While company @id is held, the
 * search keeps answering with it as it is now (or without it, when there
 * is none yet); the lists see every change at once. release lets every
 * held company through. */
void  fixture_hubspot_hold_in_search (FixtureHubspot *hubspot,
                                      gint64          id);
void  fixture_hubspot_release_search (FixtureHubspot *hubspot);

/* The next search is refused with a 400 carrying @message, as HubSpot
 * refuses a search it finds wrong. */
void  fixture_hubspot_refuse_next_search (FixtureHubspot *hubspot,
                                          const char     *message);

/* Requests that reached the list of live companies, the list of archived
 * ones, and the search. */
void  fixture_hubspot_get_requests (FixtureHubspot *hubspot,
                                    guint          *live_list,
                                    guint          *archived_list,
                                    guint          *search);

/* Compares the cache's accounts with the truth as a connection called
 * @connection with @settings_json (its {"properties": {...}}) must have
 * made them: every live company (but those whose ARR is not a number,
 * which are quarantined) as account "<connection>:<id>", field by field,
 * and no other account. TRUE, or FALSE with @diff naming the first
 * differences. */
gboolean fixture_hubspot_matches_store (FixtureHubspot *hubspot,
                                        PomarStore     *store,
                                        const char     *connection,
                                        const char     *settings_json,
                                        char          **diff);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FixtureHubspot, fixture_hubspot_free)

G_END_DECLS
