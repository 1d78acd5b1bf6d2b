/* pomar-provider.h: what the sync engine needs to know of one provider.
 *
 * The engine (pomar-sync-engine.c) runs passes: for each collection a
 * provider offers, it asks for pages, stores each page with the cursor that
 * follows it, and keeps the pass's token when the last page is stored. A
 * provider says how a page is asked for and how its answer becomes records.
 * Cursors and tokens are the provider's own text: the engine stores them and
 * hands them back, and never looks inside.
 *
 * Records come back with the provider's own ids ("source ids"): an
 * organisation 42 of a Zendesk is account "42", and its tickets point at
 * account "42". The engine makes them local (pomar-sync-engine.c says how),
 * so two connections cannot collide and accounts from several providers
 * meet by domain.
 *
 * Everything here runs on the engine's fetcher thread, except what is said
 * otherwise.
 */
#pragma once

#include <libsoup/soup.h>

#include "core/pomar-records.h"
#include "store/pomar-store.h"
#include "sync/pomar-http.h"

G_BEGIN_DECLS

/* One record that could not be read, as the quarantine keeps it. */
typedef struct
{
  char *id;       /* the source id when one could be read, or NULL */
  char *reason;   /* one translated sentence */
  char *raw;      /* the record as the server sent it (JSON) */
} PomarPageReject;

void pomar_page_reject_free (PomarPageReject *quarantined);

/* A page as a provider reads it. */
typedef struct
{
  PomarCollection collection;
  GPtrArray      *records;       /* PomarAccount *, PomarTicket *… (pomar_sync_record_free) */
  GPtrArray      *quarantined;   /* PomarPageReject * */
  guint64         tombstones;    /* records among @records that are tombstones */
  char           *next_cursor;   /* where the pass goes on; NULL: this page ends it */
  char           *sync_token;    /* with the last page: where the next pass starts */
  gint64          total;         /* what the whole pass holds, when the server says; else -1 */
  /* Answers that name a ticket instead of an account (Zendesk's ratings):
   * per record, the provider's id of that ticket (char *, or NULL); the
   * answer takes the ticket's account. NULL when no record needs it. */
  GPtrArray      *ticket_refs;
} PomarProviderPage;

void pomar_provider_page_init  (PomarProviderPage *page,
                                PomarCollection    collection);
void pomar_provider_page_clear (PomarProviderPage *page);
/* Adds @record (taking it), counting it when it is a tombstone. */
void pomar_provider_page_add        (PomarProviderPage *page,
                                     gpointer           record);
/* Quarantines @element of the answer, with @id (may be NULL) and @reason. */
void pomar_provider_page_quarantine (PomarProviderPage *page,
                                     JsonNode          *element,
                                     const char        *id,
                                     const char        *reason);

/* One request a pass sends. */
typedef struct
{
  const char *method;     /* SOUP_METHOD_GET or SOUP_METHOD_POST (static) */
  char       *uri;        /* absolute */
  char       *body;       /* JSON, for a POST; else NULL */
} PomarProviderRequest;

void pomar_provider_request_clear (PomarProviderRequest *request);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PomarProviderRequest, pomar_provider_request_clear)

/* What a pass starts from. */
typedef struct
{
  const PomarConnectionInfo *info;
  PomarCollection            collection;
  const char                *since;      /* the token of the last complete pass, or NULL */
  const char                *cursor;     /* where a pass under way stopped, or NULL */
  guint                      page_size;  /* what the engine would like; providers cap it */
  gboolean                   full;       /* the pass reads everything, whatever @since says */
  gpointer                   state;      /* what the provider's prepare() made, or NULL */
} PomarProviderPass;

typedef struct _PomarProvider PomarProvider;

struct _PomarProvider
{
  const char            *id;             /* "pomar", "zendesk"… as stored */
  /* Where the provider's accounts stand when fields of several sources
   * meet: lower comes first (see pomar_store_writer_upsert_account_source). */
  int                    account_rank;
  /* The collections it offers, in the order passes run (accounts first). */
  const PomarCollection *collections;
  guint                  n_collections;
  /* Ids the provider makes are kept as they are (pomar's contract: ids
   * are the server's and the same for every client); the others get the
   * connection's name in front. */
  gboolean               global_ids;
  /* A full pass also finds what was deleted without a tombstone: what the
   * cache has from this connection and the pass did not see is deleted. */
  gboolean               reconcile_full;
  /* A pass runs only when the ones before it in this sync completed: what
   * it stores reads what they stored (Zendesk's ratings take their
   * ticket's account). */
  gboolean               ordered_passes;

  /* Optional: a request made once before the passes, to make sure the
   * token is the one it should be (Redmine answers a wrong key with public
   * data). FALSE with POMAR_ERROR_AUTH when it is not. */
  gboolean (*check_token)    (const PomarConnectionInfo   *info,
                              SoupSession                 *session,
                              const PomarHttpCredentials  *credentials,
                              const PomarRetryPolicy      *retry,
                              GCancellable                *cancellable,
                              GError                     **error);

  /* Optional: what the passes need to know first, asked once after the
   * token check (e.g. which of Redmine's statuses are closed). The result
   * reaches every pass as its @state, and is freed with free_state. */
  gpointer (*prepare)        (const PomarConnectionInfo   *info,
                              SoupSession                 *session,
                              const PomarHttpCredentials  *credentials,
                              const PomarRetryPolicy      *retry,
                              GCancellable                *cancellable,
                              GError                     **error);
  GDestroyNotify           free_state;

  /* Optional: TRUE when this pass must read everything even though there
   * is a token (e.g. "every so often", from what the token says). */
  gboolean (*wants_full)     (const PomarProviderPass     *pass);

  void     (*build_request)  (const PomarProviderPass     *pass,
                              PomarProviderRequest        *request);

  /* Reads a 2xx answer to the request built for @pass. FALSE with @error
   * when the answer as a whole is unusable (it is then asked again, as for
   * a 5xx); a record that is wrong is quarantined instead. */
  gboolean (*read_page)      (const PomarProviderPass     *pass,
                              GBytes                      *body,
                              PomarProviderPage           *page,
                              GError                     **error);

  /* Optional: turns a refusal (4xx other than 401 and 429) into the error
   * the engine acts on, e.g. POMAR_ERROR_INVALID_CURSOR to start the pass
   * again. @error already holds the generic one; replace it or leave it. */
  void     (*refusal)        (const PomarProviderPass     *pass,
                              guint                        status,
                              GBytes                      *body,
                              GError                     **error);
};

/* The provider called @id, or NULL. */
const PomarProvider *pomar_provider_lookup (const char *id);

extern const PomarProvider pomar_provider_pomar;
extern const PomarProvider pomar_provider_zendesk;
extern const PomarProvider pomar_provider_hubspot;
extern const PomarProvider pomar_provider_redmine;

/* Helpers for readers of JSON answers ------------------------------------ */

/* The answer @body as a JSON object, parsed with @parser (which owns it);
 * NULL with @error when it is not one. */
JsonObject *pomar_provider_parse_page  (GBytes      *body,
                                        JsonParser  *parser,
                                        GError     **error);
/* The list called @name in @page; NULL with @error when there is none. */
JsonArray  *pomar_provider_page_list   (JsonObject  *page,
                                        const char  *name,
                                        GError     **error);
/* A record's id ("id", a number or text) and the time it changed (the
 * member @time_member), normalized, with that time in seconds as its
 * version. FALSE with a translated @reason when either is missing. */
gboolean    pomar_provider_read_stamp  (JsonObject  *record,
                                        const char  *time_member,
                                        char       **id,
                                        char       **updated_at,
                                        gint64      *version,
                                        char       **reason);

/* The member @name of @object when it is a string, else NULL. */
const char *pomar_json_string  (JsonObject *object,
                                const char *name);
/* The member as a whole number (a JSON integer, or a string of digits, as
 * HubSpot sends them); FALSE when missing, null or not one. */
gboolean    pomar_json_int     (JsonObject *object,
                                const char *name,
                                gint64     *value);
/* The member as text whatever its JSON type (numbers written out), or NULL
 * when missing or null: ids come as numbers from some servers and strings
 * from others. Newly allocated. */
char       *pomar_json_id      (JsonObject *object,
                                const char *name);
/* Seconds since 1970 of a normalized time, or -1. */
gint64      pomar_time_to_unix   (const char *normalized);
/* The normalized time of @seconds since 1970. */
char       *pomar_time_from_unix (gint64      seconds);

G_END_DECLS
