/* fixture-server.h: a Pomar Sync API v1 server for tests.
 *
 * The sync tests need a server that speaks shared/contract/sync-api-v1.md to
 * the letter and can misbehave on demand. This one is a SoupServer on its own
 * thread and GMainContext, on 127.0.0.1 (port chosen by the system), serving
 * GET {base}/v1/{collection} from an in-memory "truth": per collection, the
 * records as contract JSON, and a change sequence number that every put and
 * delete advances. Tokens and cursors are opaque to clients; what they hold
 * is described in fixture-server.c. It also takes the contract's writes
 * (POST {base}/v1/activities, PATCH {base}/v1/accounts/{id}), so that a
 * client's push can be checked against the same truth it syncs from.
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

/* FALSE: the server closes its port and every connection (a client sees
 * "connection refused", as from a server that is down); TRUE: it listens
 * again, on the same port. The records and counts are kept. */
void           fixture_server_set_listening (FixtureServer *server,
                                             gboolean       listening);

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
  FIXTURE_FAULT_DROP_AFTER_APPLY,  /* writes only: the write is done and its answer kept for its
                                    * key, then the connection closes without an answer */
} FixtureFault;

/* The @nth (1-based) request to @collection from now on answers with @fault,
 * once; with @nth 0, every request does until the faults are cleared.
 * Requests are counted as fixture_server_get_requests() counts them.
 * Reads only: writes have fixture_server_inject_write(). */
void  fixture_server_inject            (FixtureServer   *server,
                                        PomarCollection  collection,
                                        guint            nth,
                                        FixtureFault     fault);
/* Clears the faults of reads and writes alike. */
void  fixture_server_clear_faults      (FixtureServer   *server);
void  fixture_server_set_delay         (FixtureServer   *server,
                                        guint            milliseconds);
/* At most @max_per_page records a page, whatever the limit asked (0: no cap). */
void  fixture_server_set_page_size_cap (FixtureServer   *server,
                                        guint            max_per_page);
/* Requests that reached @collection's path so far, whatever their answer;
 * writes are not among them (fixture_server_get_writes() counts those). */
guint fixture_server_get_requests      (FixtureServer   *server,
                                        PomarCollection  collection);

/* Writes ------------------------------------------------------------------
 *
 * POST {base}/v1/activities and PATCH {base}/v1/accounts/{id}, as the
 * contract's "Writing" has them. Each needs the token (401) and an
 * Idempotency-Key (400 without). A key is kept for the server's life with
 * the answer its first request got, and a request that brings it again gets
 * that answer back, status and body, with nothing done. Faults are not
 * answers: a key turned away by one is free to try again.
 *
 * POST takes an activity with string "id", "account_id", "kind" and "body"
 * ("author" and "occurred_at" a string or null, other members ignored):
 * 201 with the record stored at version 1 (one past its tombstone if it had
 * been deleted) and "updated_at" now; 200 with the stored record when that
 * id is live already. PATCH takes If-Match "N" (quoted or not) and an object
 * of the fields to change, of which there is only "stage" (a string or
 * null): 404 when the account is not live, 412 version_conflict with
 * "current" (the live account) when N is not its version, else 200 with the
 * account at version N+1, "updated_at" now. Anything else wrong in the
 * request is a 400 bad_request. What a write stores is a change of the
 * truth like fixture_server_put()'s: passes since an earlier token see it. */

/* The @nth (1-based) write from now on (POSTs and PATCHes counted together)
 * answers with @fault, once; with @nth 0, every write does until
 * fixture_server_clear_faults(). The statuses (429..404) and RESET turn the
 * write away with nothing done; SLOW does it and holds its answer back;
 * DROP_AFTER_APPLY does it, keeps the answer for its key, and closes the
 * connection instead. The faults about pages (TRUNCATED, NOT_JSON,
 * WRONG_SHAPE, STUCK_CURSOR, INVALID_RECORD, REPEAT) are refused. */
void     fixture_server_inject_write (FixtureServer   *server,
                                      guint            nth,
                                      FixtureFault     fault);
/* Write requests received so far, whatever their answer. */
guint    fixture_server_get_writes   (FixtureServer   *server);
/* How many times the work of @idempotency_key was done (a record stored or
 * changed): 0 or 1 when the server is right, as a replay does nothing; 0 for
 * a key never seen or whose answer was 200-as-stored, 400, 404 or 412. */
guint    fixture_server_get_applied  (FixtureServer   *server,
                                      const char      *idempotency_key);
/* The live record's version, or -1 when it is not live. */
gint64   fixture_server_get_version  (FixtureServer   *server,
                                      PomarCollection  collection,
                                      const char      *id);
/* The string member @member of the live record, or NULL when the record is
 * not live or the member is absent, null or not a string. Free with g_free(). */
char    *fixture_server_get_string   (FixtureServer   *server,
                                      PomarCollection  collection,
                                      const char      *id,
                                      const char      *member);

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
