/* fixture-server.h: a Pomar Sync API v1 server for tests.
 *
 * The sync tests need a server that speaks shared/contract/sync-api-v1.md to
 * the letter and can misbehave on demand. This one is a SoupServer on its own
 * thread and GMainContext, on 127.0.0.1 (port chosen by the system), serving
 * GET {base}/v1/{collection} from an in-memory "truth": per collection, the
 * records as contract JSON, and a change sequence number that every put and
 * delete advances. Tokens and cursors are opaque to clients; what they hold
 * is described in fixture-server.c.
 *
 * Every function may be called from any thread; the truth is guarded by a
 * mutex that the server thread takes to answer.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "core/pomar-records.h"
#include "store/pomar-store.h"

G_BEGIN_DECLS

typedef struct _FixtureServer FixtureServer;

/* Starts a server that accepts "Authorization: Bearer @token". */
FixtureServer *fixture_server_new     (const char    *token);
/* Stops the server and joins its thread (pending answers are dropped). */
void           fixture_server_free    (FixtureServer *server);
/* e.g. "http://127.0.0.1:41234/api" (no trailing slash). */
const char    *fixture_server_get_url (FixtureServer *server);

/* The truth. @record's "id" (string) and "version" (integer) are set by the
 * caller; the rest is served as given. @record is copied (transfer none).
 * put replaces the record (or brings a deleted one back); delete turns a live
 * record into a tombstone {"id","deleted":true,"version":N+1,"updated_at":now}
 * (deleting a record that is not live is a programming error). */
void  fixture_server_put       (FixtureServer   *server,
                                PomarCollection  collection,
                                JsonObject      *record);
void  fixture_server_delete    (FixtureServer   *server,
                                PomarCollection  collection,
                                const char      *id);
/* Fills the truth from the demo generator: accounts, contacts, tickets,
 * usage, responses and activities (playbooks are not part of the contract).
 * @today NULL: the real today. The same arguments give the same book as
 * pomar_demo_generate() with the same options. */
void  fixture_server_load_demo (FixtureServer   *server,
                                guint            n_accounts,
                                guint64          seed,
                                const GDate     *today);
/* Live records of @collection. */
guint fixture_server_count     (FixtureServer   *server,
                                PomarCollection  collection);

typedef enum
{
  FIXTURE_FAULT_NONE,
  FIXTURE_FAULT_429,               /* with Retry-After: 1 */
  FIXTURE_FAULT_429_NO_RETRY_AFTER,
  FIXTURE_FAULT_500,
  FIXTURE_FAULT_502,
  FIXTURE_FAULT_503,
  FIXTURE_FAULT_400,               /* {"error":{"code":"bad_request",...}} */
  FIXTURE_FAULT_400_INVALID_CURSOR,
  FIXTURE_FAULT_401,
  FIXTURE_FAULT_403,
  FIXTURE_FAULT_404,
  FIXTURE_FAULT_TRUNCATED,         /* a 200 whose body stops half way, the connection closed
                                    * (Content-Length claims the full size) */
  FIXTURE_FAULT_NOT_JSON,          /* 200 with an HTML body */
  FIXTURE_FAULT_WRONG_SHAPE,       /* 200 with a JSON array at the top */
  FIXTURE_FAULT_SLOW,              /* the normal answer, after fixture_server_set_delay() ms
                                    * (default 2000) */
  FIXTURE_FAULT_RESET,             /* closes the connection without an answer */
  FIXTURE_FAULT_STUCK_CURSOR,      /* next_cursor equals the cursor sent (first page: a cursor
                                    * that comes back as itself forever) */
  FIXTURE_FAULT_INVALID_RECORD,    /* the page's first record gets a bad value: a response's
                                    * score out of range (11, or 6 for csat), else version "x" */
  FIXTURE_FAULT_REPEAT,            /* the page starts with the last record of the previous page
                                    * (first page: ends with its own first record again) */
} FixtureFault;

/* The @nth (1-based) request to @collection from now on answers with @fault,
 * once; with @nth 0, every request does until the faults are cleared.
 * Requests are counted as fixture_server_get_requests() counts them. */
void  fixture_server_inject            (FixtureServer   *server,
                                        PomarCollection  collection,
                                        guint            nth,
                                        FixtureFault     fault);
void  fixture_server_clear_faults      (FixtureServer   *server);
void  fixture_server_set_delay         (FixtureServer   *server,
                                        guint            milliseconds);
/* At most @max_per_page records a page, whatever the limit asked (0: no cap). */
void  fixture_server_set_page_size_cap (FixtureServer   *server,
                                        guint            max_per_page);
/* Requests that reached @collection's path so far, whatever their answer. */
guint fixture_server_get_requests      (FixtureServer   *server,
                                        PomarCollection  collection);

/* Compares the cache with the truth: every live record present with the same
 * version and the same contract fields, and no record the truth does not
 * have. TRUE, or FALSE with @diff (if not NULL) describing the first few
 * differences. */
gboolean fixture_server_matches_store (FixtureServer  *server,
                                       PomarStore     *store,
                                       char          **diff);

/* Other providers' endpoints on the same server -------------------------- */

/* What an endpoint's handler answers: a status (0: 200) and a JSON body. */
typedef struct
{
  guint status;
  char *body;      /* JSON text, taken */
} FixtureAnswer;

/* Answers one request to an endpoint. Runs on the server thread, without
 * the server's lock: a handler guards its own truth. The server has dealt
 * with the token and with the faults that do not depend on the provider
 * (429, 5xx, 400, 401, 403, 404, reset, slow, truncated, not JSON); the
 * handler gets FIXTURE_FAULT_NONE, _STUCK_CURSOR, _INVALID_RECORD, _REPEAT
 * or _WRONG_SHAPE to play in its provider's way.
 * @body is the request's body (a POST's), or NULL. */
typedef void (*FixtureHandler) (const char    *method,
                                GHashTable    *query,
                                GBytes        *body,
                                FixtureFault   fault,
                                FixtureAnswer *answer,
                                gpointer       user_data);

/* Serves @path (absolute, e.g. "/zendesk/api/v2/tickets.json") with
 * @handler; faults injected for @faults_of apply to it and its requests
 * count there. Requests must carry "Authorization: Bearer TOKEN", or Basic
 * "EMAIL/token:TOKEN" (any email), or "X-Redmine-API-Key: TOKEN". Call
 * before any request reaches the path. */
void         fixture_server_add_endpoint (FixtureServer   *server,
                                          const char      *path,
                                          PomarCollection  faults_of,
                                          FixtureHandler   handler,
                                          gpointer         user_data);
/* "http://127.0.0.1:PORT" */
const char  *fixture_server_get_origin   (FixtureServer   *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FixtureServer, fixture_server_free)

G_END_DECLS
