/* pomar-sync-engine.c: passes over a connection's collections.
 *
 * Two threads per sync. A fetcher thread owns the HTTP session (a
 * SoupSession belongs to the thread that made it) and answers page
 * requests from a queue; the calling thread stores pages through the
 * store's writer. The next page is asked for before the current one is
 * stored, so fetching page N+1 overlaps storing page N. What a page asks
 * and how its answer reads are the provider's (pomar-provider.h).
 *
 * A page's records, its quarantined records and the cursor that follows it
 * commit in one transaction; the pass's token commits with its last page.
 * So a pass killed at any point resumes after the last stored page, and
 * neither skips nor stores twice what it had (a record seen twice is an
 * upsert by version anyway).
 *
 * Records are made local as they are stored. A provider's accounts go in
 * as the connection's copies (pomar_store_writer_upsert_account_source),
 * which matches them to accounts across connections by domain; the ids it
 * gives them map to the local accounts, and every other record's account
 * goes through that map. A record whose account the map does not know yet
 * names the id that account would get on its own, and is moved when the
 * account arrives. Providers whose ids are not global get the connection's
 * name in front of them ("support:4211"), so two connections never collide.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include <string.h>

#include "core/pomar-error.h"
#include "sync/pomar-sync-engine.h"
#include "sync/pomar-provider.h"
#include "sync/pomar-sync-records.h"

/* Restarts of one pass after "invalid_cursor" before giving up. */
#define MAX_RESTARTS 3

void
pomar_sync_result_clear (PomarSyncResult *result)
{
  g_clear_pointer (&result->connection, g_free);
  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    g_clear_pointer (&result->collections[i].error, g_free);
  pomar_push_result_clear (&result->push);
  memset (result, 0, sizeof *result);
}

/* Pages ------------------------------------------------------------------------- */

typedef struct
{
  PomarProviderPass  pass;         /* what was asked (strings owned below) */
  char              *since;
  char              *cursor;
  gboolean           check;        /* the token check, not a page */
} Request;

static void
request_free (Request *request)
{
  g_free (request->since);
  g_free (request->cursor);
  g_free (request);
}

typedef struct
{
  PomarProviderPage  page;
  const PomarProvider *provider;
  Request           *request;
  guint              requests;
  GError            *error;        /* set instead of the rest when the fetch failed */
} Page;

static void
page_free (Page *page)
{
  if (page == NULL)
    return;
  pomar_provider_page_clear (&page->page);
  g_clear_pointer (&page->request, request_free);
  g_clear_error (&page->error);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

/* The body check of pomar_http_send(): a body the provider cannot read is
 * asked for again, as a 5xx would be. */
static gboolean
read_body (GBytes    *body,
           gpointer   user_data,
           GError   **error)
{
  Page *page = user_data;

  /* A retry may come after a page that read well but was refused here. */
  pomar_provider_page_clear (&page->page);
  pomar_provider_page_init (&page->page, page->request->pass.collection);
  return page->provider->read_page (&page->request->pass, body, &page->page, error);
}

/* The fetcher ------------------------------------------------------------------ */

typedef struct
{
  const PomarProvider        *provider;
  const PomarConnectionInfo  *info;
  PomarHttpCredentials       *credentials;  /* kept here only */
  guint                       page_size;
  guint                       timeout;
  PomarRetryPolicy            retry;
  GCancellable               *cancellable;
  GAsyncQueue                *requests;     /* Request, or the queue itself to stop */
  GAsyncQueue                *pages;        /* Page */
  GThread                    *thread;
  gpointer                    state;        /* the provider's prepare() */
} Fetcher;

static void
fetch (Fetcher     *fetcher,
       SoupSession *session,
       Page        *page)
{
  g_auto (PomarProviderRequest) request = { 0 };
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GBytes) error_body = NULL;
  g_autoptr (GError) error = NULL;
  guint status = 0;

  if (page->request->check)
    {
      if (fetcher->provider->check_token != NULL
          && !fetcher->provider->check_token (fetcher->info, session, fetcher->credentials, &fetcher->retry,
                                              fetcher->cancellable, &page->error))
        return;
      if (fetcher->provider->prepare != NULL)
        fetcher->state = fetcher->provider->prepare (fetcher->info, session, fetcher->credentials,
                                                     &fetcher->retry, fetcher->cancellable, &page->error);
      return;
    }

  fetcher->provider->build_request (&page->request->pass, &request);
  body = pomar_http_send (session, request.method, request.uri, request.body, fetcher->credentials, NULL,
                          &fetcher->retry, read_body, page, &status, &error_body, &page->requests,
                          fetcher->cancellable, &error);
  if (body != NULL)
    return;

  if (status == SOUP_STATUS_FORBIDDEN)
    {
      g_clear_error (&error);
      g_set_error (&error, POMAR_ERROR, POMAR_ERROR_FORBIDDEN,
                   _("The token may not read %s on this server. Ask its administrator for that right."),
                   pomar_collection_to_string (page->request->pass.collection));
    }
  else if (status >= 400 && status < 500 && status != SOUP_STATUS_UNAUTHORIZED
           && fetcher->provider->refusal != NULL)
    fetcher->provider->refusal (&page->request->pass, status, error_body, &error);
  page->error = g_steal_pointer (&error);
}

static gpointer
fetcher_thread (gpointer data)
{
  Fetcher *fetcher = data;
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (SoupSession) session = NULL;

  g_main_context_push_thread_default (context);
  session = pomar_http_session_new (fetcher->timeout);

  for (;;)
    {
      gpointer item = g_async_queue_pop (fetcher->requests);
      Page *page;

      if (item == (gpointer) fetcher->requests)
        break;

      page = g_new0 (Page, 1);
      page->provider = fetcher->provider;
      page->request = item;
      pomar_provider_page_init (&page->page, page->request->pass.collection);
      fetch (fetcher, session, page);
      g_async_queue_push (fetcher->pages, page);
    }

  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
fetcher_ask (Fetcher         *fetcher,
             PomarCollection  collection,
             const char      *since,
             const char      *cursor,
             gboolean         full)
{
  Request *request = g_new0 (Request, 1);

  request->since = g_strdup (since);
  request->cursor = g_strdup (cursor);
  request->pass.info = fetcher->info;
  request->pass.collection = collection;
  request->pass.since = request->since;
  request->pass.cursor = request->cursor;
  request->pass.page_size = fetcher->page_size;
  request->pass.full = full;
  request->pass.state = fetcher->state;
  g_async_queue_push (fetcher->requests, request);
}

/* Storing ------------------------------------------------------------------------ */

typedef struct
{
  const PomarProvider *provider;
  const char          *connection;
  char                *prefix;         /* "<connection>:" for ids that are not global */
  GHashTable          *account_map;    /* source id → local account id */
} Localizer;

/* The local id of a record the provider calls @id. */
static void
localize_id (Localizer  *localizer,
             char      **id)
{
  if (localizer->prefix != NULL && *id != NULL)
    {
      char *local = g_strconcat (localizer->prefix, *id, NULL);

      g_free (*id);
      *id = local;
    }
}

/* The local account a record's @account_id (the provider's) names. */
static void
localize_account (Localizer  *localizer,
                  char      **account_id)
{
  const char *local;

  if (*account_id == NULL)
    return;
  local = g_hash_table_lookup (localizer->account_map, *account_id);
  if (local != NULL)
    {
      if (strcmp (local, *account_id) != 0)
        {
          g_free (*account_id);
          *account_id = g_strdup (local);
        }
    }
  else
    localize_id (localizer, account_id);
}

static void
localize (Localizer       *localizer,
          PomarCollection  collection,
          gpointer         record)
{
  switch (collection)
    {
    case POMAR_COLLECTION_CONTACTS:
      localize_id (localizer, &((PomarContact *) record)->id);
      localize_account (localizer, &((PomarContact *) record)->account_id);
      break;
    case POMAR_COLLECTION_TICKETS:
      localize_id (localizer, &((PomarTicket *) record)->id);
      localize_account (localizer, &((PomarTicket *) record)->account_id);
      break;
    case POMAR_COLLECTION_USAGE:
      localize_id (localizer, &((PomarUsage *) record)->id);
      localize_account (localizer, &((PomarUsage *) record)->account_id);
      break;
    case POMAR_COLLECTION_RESPONSES:
      localize_id (localizer, &((PomarResponse *) record)->id);
      localize_account (localizer, &((PomarResponse *) record)->account_id);
      break;
    case POMAR_COLLECTION_ACTIVITIES:
      localize_id (localizer, &((PomarActivity *) record)->id);
      localize_account (localizer, &((PomarActivity *) record)->account_id);
      break;
    case POMAR_COLLECTION_ACCOUNTS:
    case POMAR_N_COLLECTIONS:
    default:
      break;
    }
}

/* The id a record is kept under once local: what localize() made of it. */
static const char *
record_id (PomarCollection collection,
           gconstpointer   record)
{
  /* Every record starts with its id. */
  G_STATIC_ASSERT (G_STRUCT_OFFSET (PomarAccount, id) == 0 && G_STRUCT_OFFSET (PomarTicket, id) == 0
                   && G_STRUCT_OFFSET (PomarContact, id) == 0 && G_STRUCT_OFFSET (PomarUsage, id) == 0
                   && G_STRUCT_OFFSET (PomarResponse, id) == 0 && G_STRUCT_OFFSET (PomarActivity, id) == 0);
  return *(char * const *) record;
}

typedef struct
{
  Localizer  *localizer;
  Page       *page;
  gboolean    last;        /* the pass completes with this page */
  const char *now;
  GHashTable *seen;        /* ids seen in a full pass, to find what was deleted; or NULL */
  guint64     unseen_deleted;
} StoreJob;

static gboolean
store_page (PomarStoreWriter  *writer,
            gpointer           user_data,
            GCancellable      *cancellable,
            GError           **error)
{
  StoreJob *job = user_data;
  Localizer *localizer = job->localizer;
  PomarProviderPage *page = &job->page->page;
  PomarCollection collection = page->collection;

  for (guint i = 0; i < page->records->len; i++)
    {
      gpointer record = g_ptr_array_index (page->records, i);

      if (collection == POMAR_COLLECTION_ACCOUNTS)
        {
          PomarAccount *account = record;
          g_autofree char *default_id = g_strconcat (localizer->prefix != NULL ? localizer->prefix : "",
                                                     account->id, NULL);
          char *local_id = NULL;

          if (!pomar_store_writer_upsert_account_source (writer, localizer->connection,
                                                         localizer->provider->account_rank, default_id,
                                                         account, &local_id, NULL, error))
            return FALSE;
          g_hash_table_replace (localizer->account_map, g_strdup (account->id), local_id);
        }
      else
        {
          localize (localizer, collection, record);
          if (collection == POMAR_COLLECTION_RESPONSES && page->ticket_refs != NULL
              && g_ptr_array_index (page->ticket_refs, i) != NULL
              && ((PomarResponse *) record)->account_id == NULL)
            {
              g_autofree char *ticket = g_strconcat (localizer->prefix != NULL ? localizer->prefix : "",
                                                     g_ptr_array_index (page->ticket_refs, i), NULL);

              if (!pomar_store_writer_get_ticket_account (writer, ticket,
                                                          &((PomarResponse *) record)->account_id, error))
                return FALSE;
            }
          if (!pomar_sync_record_upsert (writer, collection, record, NULL, error))
            return FALSE;
        }
      if (job->seen != NULL)
        g_hash_table_add (job->seen, g_strdup (record_id (collection, record)));
    }
  for (guint i = 0; i < page->quarantined->len; i++)
    {
      PomarPageReject *q = g_ptr_array_index (page->quarantined, i);

      if (!pomar_store_writer_quarantine (writer, localizer->connection, collection, q->id, q->reason,
                                          q->raw, error))
        return FALSE;
      /* Seen, if wrong: it is not deleted. Accounts go by source id. */
      if (job->seen != NULL && q->id != NULL)
        {
          char *id = g_strdup (q->id);

          if (collection != POMAR_COLLECTION_ACCOUNTS)
            localize_id (localizer, &id);
          g_hash_table_add (job->seen, id);
        }
    }

  if (!job->last)
    return pomar_store_writer_set_sync_cursor (writer, localizer->connection, collection,
                                               page->next_cursor, error);

  /* The end of a full pass: what it did not see was deleted. */
  if (job->seen != NULL)
    {
      if (!pomar_store_writer_delete_unseen (writer, localizer->connection, collection, localizer->prefix,
                                             job->seen, job->now, &job->unseen_deleted, error))
        return FALSE;
    }
  return pomar_store_writer_set_sync_state (writer, localizer->connection, collection,
                                            page->sync_token, job->now, error);
}

typedef struct
{
  const char     *connection;
  PomarCollection collection;
  const char     *message;
  gboolean        forget_cursor;
} StateJob;

static gboolean
store_state (PomarStoreWriter  *writer,
             gpointer           user_data,
             GCancellable      *cancellable,
             GError           **error)
{
  StateJob *job = user_data;

  if (job->forget_cursor
      && !pomar_store_writer_set_sync_cursor (writer, job->connection, job->collection, NULL, error))
    return FALSE;
  return pomar_store_writer_set_sync_error (writer, job->connection, job->collection, job->message, error);
}

/* One pass ------------------------------------------------------------------------ */

static gboolean
run_pass (PomarStore                 *store,
          Fetcher                    *fetcher,
          Localizer                  *localizer,
          const PomarSyncOptions     *options,
          PomarCollection             collection,
          PomarSyncCollectionResult  *out,
          GError                    **error)
{
  const PomarConnectionInfo *info = fetcher->info;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (PomarSyncState) state = NULL;
  g_autoptr (GHashTable) seen = NULL;
  g_autofree char *since = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  PomarSyncProgress progress = { info->name, collection, 0, 0, -1 };
  gboolean full = options->full;
  gboolean outstanding;

  reader = pomar_store_reader_new (store, error);
  if (reader == NULL)
    return FALSE;
  state = pomar_store_reader_get_sync_state (reader, info->name, collection, error);
  if (state == NULL)
    return FALSE;

  /* A pass under way resumes after its last stored page; --full starts
   * over from nothing. */
  if (!full)
    {
      PomarProviderPass asked = { info, collection, state->sync_token, NULL, fetcher->page_size, FALSE,
                                  fetcher->state };

      if (state->sync_token != NULL && fetcher->provider->wants_full != NULL
          && state->cursor == NULL && fetcher->provider->wants_full (&asked))
        full = TRUE;
      else
        {
          since = g_strdup (state->sync_token);
          cursor = g_strdup (state->cursor);
        }
    }

  /* A full pass read from its start sees everything the server has. */
  if (full && fetcher->provider->reconcile_full)
    seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  fetcher_ask (fetcher, collection, since, cursor, full);
  outstanding = TRUE;

  for (;;)
    {
      g_autoptr (Page) page = g_async_queue_pop (fetcher->pages);
      g_autoptr (GError) local_error = NULL;
      StoreJob job = { localizer, page, FALSE, now_text, seen, 0 };
      PomarProviderPage *read = &page->page;

      outstanding = FALSE;
      out->requests += page->requests;

      if (page->error != NULL)
        {
          if (g_error_matches (page->error, POMAR_ERROR, POMAR_ERROR_INVALID_CURSOR)
              && out->restarts < MAX_RESTARTS)
            {
              StateJob forget = { info->name, collection, NULL, TRUE };

              /* The pass starts again from its token; what it stored stays. */
              out->restarts++;
              if (!pomar_store_write_sync (store, store_state, &forget, NULL, error))
                return FALSE;
              g_clear_pointer (&cursor, g_free);
              if (seen != NULL)
                g_hash_table_remove_all (seen);
              fetcher_ask (fetcher, collection, since, NULL, full);
              outstanding = TRUE;
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&page->error));
          return FALSE;
        }

      /* A cursor that does not move would loop forever. */
      if (read->next_cursor != NULL && page->request->cursor != NULL
          && g_str_equal (read->next_cursor, page->request->cursor))
        {
          g_set_error (error, POMAR_ERROR, POMAR_ERROR_SERVER_BUG,
                       _("The server sent the same cursor again for %s, so the pass would never end; "
                         "it was stopped. Tell the server’s maintainers."),
                       pomar_collection_to_string (collection));
          return FALSE;
        }

      /* Ask for the next page before storing this one. */
      job.last = read->next_cursor == NULL;
      if (!job.last)
        {
          fetcher_ask (fetcher, collection, since, read->next_cursor, full);
          outstanding = TRUE;
        }

      if (!pomar_store_write_sync (store, store_page, &job, NULL, &local_error))
        {
          /* Take back the page asked for, so the fetcher is idle again. */
          if (outstanding)
            page_free (g_async_queue_pop (fetcher->pages));
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      out->pages++;
      out->records += read->records->len;
      out->tombstones += read->tombstones + job.unseen_deleted;
      out->quarantined += read->quarantined->len;
      progress.records = out->records;
      progress.quarantined = out->quarantined;
      if (read->total >= 0)
        progress.total = read->total;
      if (options->progress != NULL)
        options->progress (&progress, options->progress_data);

      if (job.last)
        {
          out->done = TRUE;
          return TRUE;
        }
    }
}

/* The connection --------------------------------------------------------------------- */

static gboolean
check_token (Fetcher  *fetcher,
             GError  **error)
{
  Request *request;
  g_autoptr (Page) page = NULL;

  if (fetcher->provider->check_token == NULL && fetcher->provider->prepare == NULL)
    return TRUE;
  request = g_new0 (Request, 1);
  request->check = TRUE;
  request->pass.info = fetcher->info;
  g_async_queue_push (fetcher->requests, request);
  page = g_async_queue_pop (fetcher->pages);
  if (page->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&page->error));
      return FALSE;
    }
  return TRUE;
}

gboolean
pomar_sync_connection (PomarStore                *store,
                       const PomarConnectionInfo *info,
                       const char                *token,
                       const PomarSyncOptions    *options,
                       PomarSyncResult           *result,
                       GCancellable              *cancellable,
                       GError                   **error)
{
  g_auto (PomarSyncResult) local_result = { 0 };
  PomarSyncOptions defaults = { 0 };
  g_autoptr (GError) first_error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  gint64 start = g_get_monotonic_time ();
  const PomarProvider *provider;
  Localizer localizer = { 0 };
  Fetcher fetcher = { 0 };

  g_return_val_if_fail (POMAR_IS_STORE (store), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  if (result == NULL)
    result = &local_result;
  memset (result, 0, sizeof *result);
  result->connection = g_strdup (info->name);
  if (options == NULL)
    options = &defaults;

  provider = pomar_provider_lookup (info->provider);
  if (provider == NULL)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                   _("Pomar cannot sync from %s connections."), info->provider);
      return FALSE;
    }

  reader = pomar_store_reader_new (store, error);
  if (reader == NULL)
    return FALSE;
  localizer.provider = provider;
  localizer.connection = info->name;
  localizer.prefix = provider->global_ids ? NULL : g_strconcat (info->name, ":", NULL);
  localizer.account_map = pomar_store_reader_get_account_map (reader, info->name, error);
  g_clear_pointer (&reader, pomar_store_reader_free);
  if (localizer.account_map == NULL)
    {
      g_free (localizer.prefix);
      return FALSE;
    }

  fetcher.provider = provider;
  fetcher.info = info;
  fetcher.credentials = pomar_http_credentials_new (info->provider, info->email, token);
  fetcher.page_size = options->page_size > 0 ? options->page_size : 1000;
  fetcher.timeout = options->timeout_seconds > 0 ? options->timeout_seconds : POMAR_HTTP_TIMEOUT_SECONDS;
  fetcher.retry = options->retry;
  if (fetcher.retry.max_attempts == 0)
    pomar_retry_policy_init (&fetcher.retry);
  fetcher.cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  fetcher.requests = g_async_queue_new ();
  fetcher.pages = g_async_queue_new ();
  fetcher.thread = g_thread_new ("pomar-sync-fetcher", fetcher_thread, &fetcher);

  if (!check_token (&fetcher, &first_error))
    {
      result->auth_failed = g_error_matches (first_error, POMAR_ERROR, POMAR_ERROR_AUTH);
      for (guint i = 0; i < provider->n_collections; i++)
        {
          PomarCollection collection = provider->collections[i];
          StateJob failed = { info->name, collection, first_error->message, FALSE };

          result->collections[collection].collection = collection;
          result->collections[collection].error = g_strdup (first_error->message);
          pomar_store_write_sync (store, store_state, &failed, NULL, NULL);
        }
    }
  else
    for (guint i = 0; i < provider->n_collections; i++)
      {
        PomarCollection collection = provider->collections[i];
        PomarSyncCollectionResult *out = &result->collections[collection];
        g_autoptr (GError) pass_error = NULL;

        out->collection = collection;
        if (provider->ordered_passes && first_error != NULL)
          g_set_error (&pass_error, POMAR_ERROR, POMAR_ERROR_NETWORK,
                       _("Not synced: it waits for %s, whose sync did not end."),
                       pomar_collection_to_string (provider->collections[i - 1]));
        if (pass_error != NULL
            || g_cancellable_set_error_if_cancelled (cancellable, &pass_error)
            || !run_pass (store, &fetcher, &localizer, options, collection, out, &pass_error))
          {
            StateJob failed = { info->name, collection, pass_error->message, FALSE };

            out->error = g_strdup (pass_error->message);
            /* Recorded for the status screens (a cancel is no failure); the
             * cursor stays, so the pass resumes from its last stored page. */
            if (!g_error_matches (pass_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
              pomar_store_write_sync (store, store_state, &failed, NULL, NULL);
            if (first_error == NULL)
              first_error = g_error_copy (pass_error);
            if (g_error_matches (pass_error, POMAR_ERROR, POMAR_ERROR_AUTH))
              {
                result->auth_failed = TRUE;
                break;
              }
            if (g_error_matches (pass_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
              break;
          }
      }

  g_async_queue_push (fetcher.requests, fetcher.requests);
  g_thread_join (fetcher.thread);
  g_async_queue_unref (fetcher.requests);
  g_async_queue_unref (fetcher.pages);
  g_clear_object (&fetcher.cancellable);
  pomar_http_credentials_free (fetcher.credentials);
  if (fetcher.state != NULL && provider->free_state != NULL)
    provider->free_state (fetcher.state);
  g_hash_table_unref (localizer.account_map);
  g_free (localizer.prefix);

  result->seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }
  return TRUE;
}
