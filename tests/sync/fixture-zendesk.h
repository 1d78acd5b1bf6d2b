/* fixture-zendesk.h: Zendesk-shaped endpoints on a fixture server.
 *
 * A truth of organisations, tickets and satisfaction ratings, served the
 * way Zendesk serves them (fixture-zendesk.c says how, endpoint by
 * endpoint) under {origin}/zendesk. Times are seconds since 1970, set by
 * the test, so that pages can share a second as Zendesk's do.
 */
#pragma once

#include "fixture-server.h"

G_BEGIN_DECLS

typedef struct _FixtureZendesk FixtureZendesk;

/* Registers the endpoints on @server (which must not have served any
 * request yet). Freed by the caller, after the server. */
FixtureZendesk *fixture_zendesk_new          (FixtureServer  *server);
void            fixture_zendesk_free         (FixtureZendesk *zendesk);
/* The base URL a Zendesk connection gets: "{origin}/zendesk". */
const char     *fixture_zendesk_get_url      (FixtureZendesk *zendesk);
/* Records a page at most (the exports: 1000 in Zendesk; ratings: 100). */
void            fixture_zendesk_set_page_size (FixtureZendesk *zendesk,
                                               guint           size);

/* The truth. Each call puts (or replaces) one object changed at @time. */
void fixture_zendesk_put_organization (FixtureZendesk *zendesk,
                                       gint64          id,
                                       const char     *name,
                                       const char     *domain,     /* NULL: no domain_names */
                                       gint64          time);
void fixture_zendesk_delete_organization (FixtureZendesk *zendesk,
                                          gint64          id,
                                          gint64          time);
/* @organization 0: none. @priority NULL: none. @status "deleted" deletes. */
void fixture_zendesk_put_ticket       (FixtureZendesk *zendesk,
                                       gint64          id,
                                       gint64          organization,
                                       const char     *subject,
                                       const char     *status,
                                       const char     *priority,
                                       const char     *type,
                                       gint64          time);
/* @score "good", "bad", "offered"… created at @created, updated at @time. */
void fixture_zendesk_put_rating       (FixtureZendesk *zendesk,
                                       gint64          id,
                                       gint64          ticket,
                                       const char     *score,
                                       const char     *comment,
                                       gint64          created,
                                       gint64          time);

/* Compares the cache's accounts, tickets and answers with the truth as a
 * connection called @connection must have made them (ids
 * "<connection>:<id>", accounts by their Zendesk organisation unless
 * @account_of_org maps an organisation id (as text) to another local
 * account id). TRUE, or FALSE with @diff naming the first differences. */
gboolean fixture_zendesk_matches_store (FixtureZendesk *zendesk,
                                        PomarStore     *store,
                                        const char     *connection,
                                        GHashTable     *account_of_org,
                                        char          **diff);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FixtureZendesk, fixture_zendesk_free)

G_END_DECLS
