/* pomar-sync-engine.c: passes over a connection's collections.
 *
 * Two threads per sync. A fetcher thread owns the HTTP session (a
 * SoupSession belongs to the thread that made it) and answers page
 * requests from a queue; the calling thread stores pages through the
 * store's writer. The next page is asked for before the current one is
 * stored, so fetching page N+1 overlaps storing page N.
 *
 * A page's records, its quarantined records and the cursor that follows it
 * commit in one transaction; the pass's token commits with its last page.
 * So a pass killed at any point resumes after the last stored page, and
 * neither skips nor stores twice what it had (a record seen twice is an
 * upsert by version anyway).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include <string.h>

#include "core/pomar-error.h"
#include "sync/pomar-sync-engine.h"
#include "sync/pomar-sync-records.h"

/* Restarts of one pass after "invalid_cursor" before giving up. */
#define MAX_RESTARTS 3

/* The order passes run in: accounts first, so that what belongs to them
 * finds them. */
static const PomarCollection pass_order[POMAR_N_COLLECTIONS] = {
  POMAR_COLLECTION_ACCOUNTS, POMAR_COLLECTION_CONTACTS, POMAR_COLLECTION_TICKETS,
  POMAR_COLLECTION_USAGE, POMAR_COLLECTION_RESPONSES, POMAR_COLLECTION_ACTIVITIES,
};

void
pomar_sync_result_clear (PomarSyncResult *result)
{
  g_clear_pointer (&result->connection, g_free);
  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    g_clear_pointer (&result->collections[i].error, g_free);
  memset (result, 0, sizeof *result);
}

/* Pages ------------------------------------------------------------------------- */

typedef struct
{
  char *id;
  char *reason;
  char *raw;
} Quarantined;

static void
quarantined_free (Quarantined *q)
{
  g_free (q->id);
  g_free (q->reason);
  g_free (q->raw);
  g_free (q);
}

typedef struct
{
  PomarCollection collection;
  char           *sent_cursor;   /* the cursor this page was asked with */
  GPtrArray      *records;       /* parsed records */
  GPtrArray      *quarantined;   /* Quarantined */
  guint64         tombstones;
  char           *next_cursor;
  char           *sync_token;
  guint           requests;
  GError         *error;         /* set instead of the rest when the fetch failed */
} Page;

static void
page_free (Page *page)
{
  if (page == NULL)
    return;
  if (page->records != NULL)
    for (guint i = 0; i < page->records->len; i++)
      pomar_sync_record_free (page->collection, g_ptr_array_index (page->records, i));
  g_clear_pointer (&page->records, g_ptr_array_unref);
  g_clear_pointer (&page->quarantined, g_ptr_array_unref);
  g_free (page->sent_cursor);
  g_free (page->next_cursor);
  g_free (page->sync_token);
  g_clear_error (&page->error);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

static gboolean
is_tombstone (PomarCollection collection,
              gconstpointer   record)
{
  switch (collection)
    {
    case POMAR_COLLECTION_ACCOUNTS:
      return ((const PomarAccount *) record)->deleted;
    case POMAR_COLLECTION_CONTACTS:
      return ((const PomarContact *) record)->deleted;
    case POMAR_COLLECTION_TICKETS:
      return ((const PomarTicket *) record)->deleted;
    case POMAR_COLLECTION_USAGE:
      return ((const PomarUsage *) record)->deleted;
    case POMAR_COLLECTION_RESPONSES:
      return ((const PomarResponse *) record)->deleted;
    case POMAR_COLLECTION_ACTIVITIES:
      return ((const PomarActivity *) record)->deleted;
    case POMAR_N_COLLECTIONS:
    default:
      return FALSE;
    }
}

/* The body of a 200: {"data": [...], "next_cursor": "..."|null,
 * "sync_token": "..."}. Anything else is unreadable, and retried. */
static gboolean
read_page (GBytes    *body,
           gpointer   user_data,
           GError   **error)
{
  Page *page = user_data;
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  JsonNode *root, *node;
  JsonObject *object;
  JsonArray *array;
  guint n;

  if (!json_parser_load_from_data (parser, data, (gssize) size, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA, _("the page is not a JSON object"));
      return FALSE;
    }
  object = json_node_get_object (root);

  node = json_object_get_member (object, "data");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA, _("the page has no “data” list"));
      return FALSE;
    }
  array = json_node_get_array (node);

  g_clear_pointer (&page->next_cursor, g_free);
  g_clear_pointer (&page->sync_token, g_free);
  node = json_object_get_member (object, "next_cursor");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA, _("“next_cursor” is not text"));
          return FALSE;
        }
      page->next_cursor = g_strdup (json_node_get_string (node));
    }
  node = json_object_get_member (object, "sync_token");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA, _("“sync_token” is not text"));
          return FALSE;
        }
      page->sync_token = g_strdup (json_node_get_string (node));
    }
  if (page->next_cursor == NULL && page->sync_token == NULL)
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                           _("the last page of a pass has no “sync_token”"));
      return FALSE;
    }

  /* A retry may come after a page that read well but was refused here. */
  if (page->records != NULL)
    for (guint i = 0; i < page->records->len; i++)
      pomar_sync_record_free (page->collection, g_ptr_array_index (page->records, i));
  g_clear_pointer (&page->records, g_ptr_array_unref);
  g_clear_pointer (&page->quarantined, g_ptr_array_unref);
  page->tombstones = 0;

  n = json_array_get_length (array);
  page->records = g_ptr_array_sized_new (n);
  page->quarantined = g_ptr_array_new_with_free_func ((GDestroyNotify) quarantined_free);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *id = NULL;
      g_autofree char *reason = NULL;
      gpointer record = pomar_sync_record_parse (page->collection, element, &id, &reason);

      if (record != NULL)
        {
          if (is_tombstone (page->collection, record))
            page->tombstones++;
          g_ptr_array_add (page->records, record);
        }
      else
        {
          Quarantined *q = g_new0 (Quarantined, 1);

          q->id = g_steal_pointer (&id);
          q->reason = g_steal_pointer (&reason);
          q->raw = json_to_string (element, FALSE);
          g_ptr_array_add (page->quarantined, q);
        }
    }
  return TRUE;
}

/* The fetcher ------------------------------------------------------------------ */

typedef struct
{
  PomarCollection collection;
  char           *since;
  char           *cursor;
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
  char             *base_url;
  char             *authorization;   /* "Bearer …": kept here only */
  guint             page_size;
  guint             timeout;
  PomarRetryPolicy  retry;
  GCancellable     *cancellable;
  GAsyncQueue      *requests;        /* Request, or the queue itself to stop */
  GAsyncQueue      *pages;           /* Page */
  GThread          *thread;
} Fetcher;

/* The contract's error body: {"error": {"code": "...", "message": "..."}}. */
static char *
error_code (GBytes      *body,
            char       **message)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *error;
  gsize size;
  const char *data;

  *message = NULL;
  if (body == NULL)
    return NULL;
  data = g_bytes_get_data (body, &size);
  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), "error"))
    return NULL;
  error = json_object_get_object_member (json_node_get_object (root), "error");
  if (error == NULL)
    return NULL;
  if (json_object_has_member (error, "message"))
    *message = g_strdup (json_object_get_string_member_with_default (error, "message", NULL));
  return g_strdup (json_object_get_string_member_with_default (error, "code", NULL));
}

static void
fetch (Fetcher     *fetcher,
       SoupSession *session,
       Request     *request,
       Page        *page)
{
  g_autoptr (GString) uri = g_string_new (fetcher->base_url);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GBytes) error_body = NULL;
  g_autoptr (GError) error = NULL;
  guint status = 0;

  g_string_append_printf (uri, "/v1/%s?limit=%u", pomar_collection_to_string (request->collection),
                          fetcher->page_size);
  if (request->since != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (request->since, NULL, FALSE);

      g_string_append_printf (uri, "&since=%s", escaped);
    }
  if (request->cursor != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (request->cursor, NULL, FALSE);

      g_string_append_printf (uri, "&cursor=%s", escaped);
    }

  page->collection = request->collection;
  page->sent_cursor = g_strdup (request->cursor);
  body = pomar_http_get (session, uri->str, fetcher->authorization, &fetcher->retry, read_page, page,
                         &status, &error_body, &page->requests, fetcher->cancellable, &error);
  if (body != NULL)
    return;

  /* What the contract asks of each refusal. */
  if (status == 400)
    {
      g_autofree char *message = NULL;
      g_autofree char *code = error_code (error_body, &message);

      g_clear_error (&error);
      if (g_strcmp0 (code, "invalid_cursor") == 0)
        g_set_error_literal (&error, POMAR_ERROR, POMAR_ERROR_INVALID_CURSOR,
                             _("The server no longer knows where the last pass stopped."));
      else
        g_set_error (&error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                     _("The server refused Pomar’s request for %s: %s"),
                     pomar_collection_to_string (request->collection),
                     message != NULL ? message : (code != NULL ? code : _("no reason given")));
    }
  else if (status == SOUP_STATUS_FORBIDDEN)
    {
      g_clear_error (&error);
      g_set_error (&error, POMAR_ERROR, POMAR_ERROR_FORBIDDEN,
                   _("The token may not read %s on this server. Ask its administrator for that right."),
                   pomar_collection_to_string (request->collection));
    }
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
      fetch (fetcher, session, item, page);
      request_free (item);
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
             const char      *cursor)
{
  Request *request = g_new0 (Request, 1);

  request->collection = collection;
  request->since = g_strdup (since);
  request->cursor = g_strdup (cursor);
  g_async_queue_push (fetcher->requests, request);
}

/* Storing ------------------------------------------------------------------------ */

typedef struct
{
  const char *connection;
  Page       *page;
  gboolean    last;        /* the pass completes with this page */
  const char *now;
} StoreJob;

static gboolean
store_page (PomarStoreWriter  *writer,
            gpointer           user_data,
            GCancellable      *cancellable,
            GError           **error)
{
  StoreJob *job = user_data;
  Page *page = job->page;

  for (guint i = 0; i < page->records->len; i++)
    if (!pomar_sync_record_upsert (writer, page->collection, g_ptr_array_index (page->records, i), NULL, error))
      return FALSE;
  for (guint i = 0; i < page->quarantined->len; i++)
    {
      Quarantined *q = g_ptr_array_index (page->quarantined, i);

      if (!pomar_store_writer_quarantine (writer, job->connection, page->collection, q->id, q->reason,
                                          q->raw, error))
        return FALSE;
    }

  if (job->last)
    return pomar_store_writer_set_sync_state (writer, job->connection, page->collection,
                                              page->sync_token, job->now, error);
  return pomar_store_writer_set_sync_cursor (writer, job->connection, page->collection,
                                             page->next_cursor, error);
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
          const PomarConnectionInfo  *info,
          const PomarSyncOptions     *options,
          PomarCollection             collection,
          PomarSyncCollectionResult  *out,
          GError                    **error)
{
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (PomarSyncState) state = NULL;
  g_autofree char *since = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  PomarSyncProgress progress = { info->name, collection, 0, 0, -1 };
  gboolean outstanding;

  reader = pomar_store_reader_new (store, error);
  if (reader == NULL)
    return FALSE;
  state = pomar_store_reader_get_sync_state (reader, info->name, collection, error);
  if (state == NULL)
    return FALSE;

  /* A pass under way resumes after its last stored page; --full starts
   * over from nothing. */
  if (!options->full)
    {
      since = g_strdup (state->sync_token);
      cursor = g_strdup (state->cursor);
    }

  fetcher_ask (fetcher, collection, since, cursor);
  outstanding = TRUE;

  for (;;)
    {
      g_autoptr (Page) page = g_async_queue_pop (fetcher->pages);
      g_autoptr (GError) local_error = NULL;
      StoreJob job = { info->name, page, FALSE, now_text };

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
              fetcher_ask (fetcher, collection, since, NULL);
              outstanding = TRUE;
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&page->error));
          return FALSE;
        }

      /* A cursor that does not move would loop forever. */
      if (page->next_cursor != NULL && page->sent_cursor != NULL
          && g_str_equal (page->next_cursor, page->sent_cursor))
        {
          g_set_error (error, POMAR_ERROR, POMAR_ERROR_SERVER_BUG,
                       _("The server sent the same cursor again for %s, so the pass would never end; "
                         "it was stopped. Tell the server’s maintainers."),
                       pomar_collection_to_string (collection));
          return FALSE;
        }

      /* Ask for the next page before storing this one. */
      job.last = page->next_cursor == NULL;
      if (!job.last)
        {
          fetcher_ask (fetcher, collection, since, page->next_cursor);
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
      out->records += page->records->len;
      out->tombstones += page->tombstones;
      out->quarantined += page->quarantined->len;
      progress.records = out->records;
      progress.quarantined = out->quarantined;
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
  gint64 start = g_get_monotonic_time ();
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

  if (g_strcmp0 (info->provider, "pomar") != 0)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                   _("Pomar cannot sync from %s connections yet."), info->provider);
      return FALSE;
    }

  fetcher.base_url = g_strdup (info->base_url);
  fetcher.authorization = g_strconcat ("Bearer ", token, NULL);
  fetcher.page_size = options->page_size > 0 ? options->page_size : 1000;
  fetcher.timeout = options->timeout_seconds > 0 ? options->timeout_seconds : POMAR_HTTP_TIMEOUT_SECONDS;
  fetcher.retry = options->retry;
  if (fetcher.retry.max_attempts == 0)
    pomar_retry_policy_init (&fetcher.retry);
  fetcher.cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  fetcher.requests = g_async_queue_new ();
  fetcher.pages = g_async_queue_new ();
  fetcher.thread = g_thread_new ("pomar-sync-fetcher", fetcher_thread, &fetcher);

  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    {
      PomarCollection collection = pass_order[i];
      PomarSyncCollectionResult *out = &result->collections[collection];
      g_autoptr (GError) pass_error = NULL;

      out->collection = collection;
      if (g_cancellable_set_error_if_cancelled (cancellable, &pass_error)
          || !run_pass (store, &fetcher, info, options, collection, out, &pass_error))
        {
          StateJob failed = { info->name, collection, pass_error->message, FALSE };

          out->error = g_strdup (pass_error->message);
          /* Recorded for the status screens; the cursor stays, so the pass
           * resumes from its last stored page. */
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
  g_free (fetcher.base_url);
  /* The token's copy is wiped, not only freed. */
  memset (fetcher.authorization, 0, strlen (fetcher.authorization));
  g_free (fetcher.authorization);

  result->seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }
  return TRUE;
}
