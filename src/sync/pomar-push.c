/* pomar-push.c: the outbox, sent to a pomar connection (see pomar-push.h).
 *
 * One entry at a time, in the outbox's order:
 * - "activity": POST {base}/v1/activities with the contract's record (its
 *   account named by the connection's id for it); 200 or 201 stores the
 *   server's copy and removes the entry.
 * - "stage_move": PATCH {base}/v1/accounts/{id} {"stage": to} with If-Match
 *   the version the move was made on; 200 stores the server's account, then
 *   the move's stage_change activity is posted as above, and the entry goes.
 *   412 with the server's "current" account: see pomar-push.h.
 * Keys: the entry's own for its first request; requests an entry needs
 * besides (the activity of a move, a move sent again on a newer version)
 * get keys derived from it, the same after a crash.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "core/pomar-error.h"
#include "core/pomar-stage.h"
#include "sync/pomar-provider.h"
#include "sync/pomar-push.h"
#include "sync/pomar-sync-records.h"

void
pomar_push_result_clear (PomarPushResult *result)
{
  g_clear_pointer (&result->error, g_free);
  memset (result, 0, sizeof *result);
}

char *
pomar_push_derive_key (const char *name)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize length = sizeof digest;

  g_return_val_if_fail (name != NULL, NULL);

  g_checksum_update (checksum, (const guchar *) "pomar-outbox:", -1);
  g_checksum_update (checksum, (const guchar *) name, -1);
  g_checksum_get_digest (checksum, digest, &length);
  digest[6] = (digest[6] & 0x0f) | 0x50;   /* version 5 */
  digest[8] = (digest[8] & 0x3f) | 0x80;   /* RFC 4122 variant */

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

/* JSON helpers ------------------------------------------------------------- */

static JsonObject *
parse_object (const char *text,
              gsize       length)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, length, NULL))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
parse_bytes (GBytes *bytes)
{
  gsize length = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &length) : NULL;

  return data != NULL ? parse_object (data, length) : NULL;
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

/* A 2xx body the push can use: a JSON object (the stored record). */
static gboolean
check_object (GBytes    *body,
              gpointer   user_data,
              GError   **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  return pomar_provider_parse_page (body, parser, error) != NULL;
}

/* Storing what the server answered ---------------------------------------- */

typedef struct
{
  const char   *connection;
  int           rank;
  gint64        seq;             /* the entry to remove, or 0 */
  PomarAccount *account;         /* the server's copy, or NULL */
  PomarActivity *activity;       /* the server's copy, or NULL */
  const char   *local_account;   /* what the activity belongs to here */
  const char   *state;           /* set instead of removing: "conflict", "gone" */
  const char   *server_record;
  const char   *message;
} Outcome;

static gboolean
store_outcome (PomarStoreWriter  *writer,
               gpointer           user_data,
               GCancellable      *cancellable,
               GError           **error)
{
  Outcome *outcome = user_data;

  if (outcome->account != NULL
      && !pomar_store_writer_upsert_account_source (writer, outcome->connection, outcome->rank,
                                                    outcome->account->id, outcome->account,
                                                    NULL, NULL, error))
    return FALSE;
  if (outcome->activity != NULL)
    {
      /* The server names the account by its id; here it is the local one. */
      g_free (outcome->activity->account_id);
      outcome->activity->account_id = g_strdup (outcome->local_account);
      if (!pomar_store_writer_upsert_activity (writer, outcome->activity, NULL, error))
        return FALSE;
    }
  if (outcome->seq == 0)
    return TRUE;
  if (outcome->state != NULL)
    return pomar_store_writer_outbox_set_state (writer, outcome->seq, outcome->connection, outcome->state,
                                                outcome->server_record, outcome->message, error);
  return pomar_store_writer_outbox_done (writer, outcome->seq, error);
}

typedef struct
{
  gint64      seq;
  const char *message;
} Failure;

static gboolean
store_failure (PomarStoreWriter  *writer,
               gpointer           user_data,
               GCancellable      *cancellable,
               GError           **error)
{
  Failure *failure = user_data;

  return pomar_store_writer_outbox_failed (writer, failure->seq, failure->message, error);
}

/* The push ------------------------------------------------------------------- */

typedef struct
{
  PomarStore                 *store;
  PomarStoreReader           *reader;
  const PomarConnectionInfo  *info;
  int                         rank;
  SoupSession                *session;
  PomarHttpCredentials       *credentials;
  PomarRetryPolicy            retry;
  GCancellable               *cancellable;
  PomarPushResult            *result;
} Push;

/* Sends one request; the body of a 2xx, or NULL with @error (and, for an
 * answered error, *@status and *@error_body). */
static GBytes *
send_json (Push        *push,
           const char  *method,
           const char  *path,
           const char  *body,
           const char  *key,
           const char  *if_match,
           guint       *status,
           GBytes     **error_body,
           GError     **error)
{
  g_autofree char *uri = g_strconcat (push->info->base_url, path, NULL);
  const char *headers[] = { "Idempotency-Key", key, if_match != NULL ? "If-Match" : NULL, if_match, NULL };

  return pomar_http_send (push->session, method, uri, body, push->credentials, headers, &push->retry,
                          check_object, NULL, status, error_body, NULL, push->cancellable, error);
}

static gboolean
write_outcome (Push     *push,
               Outcome  *outcome,
               GError  **error)
{
  outcome->connection = push->info->name;
  outcome->rank = push->rank;
  return pomar_store_write_sync (push->store, store_outcome, outcome, push->cancellable, error);
}

/* POSTs the activity record @body (its account_id already the server's),
 * with @key; on success the server's copy is stored (and, with @seq, the
 * entry removed) in one transaction. */
static gboolean
post_activity (Push        *push,
               const char  *body,
               const char  *local_account,
               const char  *key,
               gint64       seq,
               guint       *status,
               GError     **error)
{
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *reason = NULL;
  Outcome outcome = { 0 };
  gboolean ok;

  answer = send_json (push, SOUP_METHOD_POST, "/v1/activities", body, key, NULL, status, NULL, error);
  if (answer == NULL)
    return FALSE;

  /* The server took it: even a copy Pomar cannot read (it will come back
   * with the next sync, or be quarantined then) does not send it again. */
  if (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL))
    outcome.activity = pomar_sync_record_parse (POMAR_COLLECTION_ACTIVITIES, json_parser_get_root (parser),
                                                NULL, &reason);
  outcome.local_account = local_account;
  outcome.seq = seq;
  ok = write_outcome (push, &outcome, error);
  if (outcome.activity != NULL)
    pomar_sync_record_free (POMAR_COLLECTION_ACTIVITIES, outcome.activity);
  return ok;
}

static gboolean
push_activity (Push                   *push,
               const PomarOutboxEntry *entry,
               const char             *source_id,
               guint                  *status,
               GError                **error)
{
  g_autoptr (JsonObject) record = parse_object (entry->payload, strlen (entry->payload));
  g_autofree char *body = NULL;

  if (record == NULL)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                   _("A change waiting to be sent is damaged and cannot be read."));
      return FALSE;
    }
  json_object_set_string_member (record, "account_id", source_id);
  body = object_to_string (record);
  return post_activity (push, body, entry->account_id, entry->idempotency_key, entry->seq, status, error);
}

/* The stage_change activity a move wrote here, as the contract's record
 * for the server (its account named by @source_id), or NULL. */
static char *
move_activity (Push       *push,
               JsonObject *payload,
               const char *source_id)
{
  const char *activity_id = json_object_get_string_member_with_default (payload, "activity_id", NULL);
  g_autoptr (PomarActivity) activity = NULL;

  if (activity_id == NULL
      || (activity = pomar_store_reader_get_activity (push->reader, activity_id, NULL)) == NULL)
    return NULL;
  g_free (activity->account_id);
  activity->account_id = g_strdup (source_id);
  return pomar_activity_to_contract_json (activity);
}

/* After the server took a move (or had it already): its activity, then the
 * entry goes. An activity no longer here (an account deleted and made
 * again) leaves only the move to send. */
static gboolean
finish_move (Push                   *push,
             const PomarOutboxEntry *entry,
             JsonObject             *payload,
             const char             *source_id,
             guint                  *status,
             GError                **error)
{
  g_autofree char *activity = move_activity (push, payload, source_id);
  g_autofree char *key = NULL;
  Outcome outcome = { 0 };

  if (activity == NULL)
    {
      outcome.seq = entry->seq;
      return write_outcome (push, &outcome, error);
    }
  key = pomar_push_derive_key (entry->idempotency_key);
  return post_activity (push, activity, entry->account_id, key, entry->seq, status, error);
}

typedef enum
{
  MOVE_SENT,
  MOVE_SETTLED,
  MOVE_CONFLICT,
  MOVE_GONE,
  MOVE_FAILED,
} MoveOutcome;

static MoveOutcome
push_stage_move (Push                   *push,
                 const PomarOutboxEntry *entry,
                 const char             *source_id,
                 gint64                  copy_version,
                 guint                  *status,
                 GError                **error)
{
  g_autoptr (JsonObject) payload = parse_object (entry->payload, strlen (entry->payload));
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *body = NULL;
  g_autofree char *key = g_strdup (entry->idempotency_key);
  gint64 version = entry->base_version >= 0 ? entry->base_version : copy_version;
  const char *to;
  const char *from;

  if (payload == NULL || (to = json_object_get_string_member_with_default (payload, "to", NULL)) == NULL)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                   _("A change waiting to be sent is damaged and cannot be read."));
      return MOVE_FAILED;
    }
  from = json_object_get_string_member_with_default (payload, "from", NULL);

  {
    g_autoptr (JsonObject) change = json_object_new ();

    json_object_set_string_member (change, "stage", to);
    body = object_to_string (change);
  }
  escaped = g_uri_escape_string (source_id, NULL, FALSE);
  path = g_strconcat ("/v1/accounts/", escaped, NULL);

  /* At most twice: once on the version the move was made on, once more on
   * the server's when only other fields changed since. */
  for (guint round = 0; round < 2; round++)
    {
      g_autofree char *if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
      g_autoptr (GBytes) answer = NULL;
      g_autoptr (GBytes) error_body = NULL;
      g_autoptr (GError) local_error = NULL;
      g_autoptr (JsonObject) refusal = NULL;
      g_autofree char *current_text = NULL;
      g_autofree char *reason = NULL;
      JsonObject *current;
      const char *server_stage;
      PomarAccount *account = NULL;
      Outcome outcome = { 0 };
      gboolean ok;

      answer = send_json (push, "PATCH", path, body, key, if_match, status, &error_body, &local_error);
      if (answer != NULL)
        {
          g_autoptr (JsonParser) parser = json_parser_new ();

          if (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL))
            account = pomar_sync_record_parse (POMAR_COLLECTION_ACCOUNTS, json_parser_get_root (parser), NULL, &reason);
          outcome.account = account;
          ok = write_outcome (push, &outcome, error);
          if (account != NULL)
            pomar_sync_record_free (POMAR_COLLECTION_ACCOUNTS, account);
          if (!ok || !finish_move (push, entry, payload, source_id, status, error))
            return MOVE_FAILED;
          return MOVE_SENT;
        }

      if (*status == 404)
        {
          outcome.seq = entry->seq;
          outcome.state = "gone";
          outcome.message = _("The account is no longer on the server.");
          return write_outcome (push, &outcome, error) ? MOVE_GONE : MOVE_FAILED;
        }
      if (*status != 412
          || (refusal = parse_bytes (error_body)) == NULL
          || !json_object_has_member (refusal, "current")
          || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (refusal, "current")))
        {
          if (*status == 412)
            g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                         _("The server refused a stage move on an older version of the account "
                           "without saying what the account is now."));
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return MOVE_FAILED;
        }

      current = json_object_get_object_member (refusal, "current");
      server_stage = json_object_get_string_member_with_default (current, "stage", NULL);
      account = pomar_sync_record_parse (POMAR_COLLECTION_ACCOUNTS, json_object_get_member (refusal, "current"),
                                         NULL, &reason);
      if (account == NULL)
        {
          g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                       _("The server refused a stage move and sent an account Pomar cannot read (%s)."),
                       reason != NULL ? reason : "?");
          return MOVE_FAILED;
        }

      if (g_strcmp0 (server_stage, to) == 0)
        {
          /* Someone made the same move: it is true already. */
          outcome.account = account;
          ok = write_outcome (push, &outcome, error)
               && finish_move (push, entry, payload, source_id, status, error);
          pomar_sync_record_free (POMAR_COLLECTION_ACCOUNTS, account);
          return ok ? MOVE_SETTLED : MOVE_FAILED;
        }

      if (g_strcmp0 (server_stage, from) == 0 && round == 0)
        {
          /* Nobody moved it: send the move again on the version the server
           * has, under a key of its own (the first one's answer was the 412). */
          version = account->version;
          pomar_sync_record_free (POMAR_COLLECTION_ACCOUNTS, account);
          g_free (key);
          {
            g_autofree char *name = g_strdup_printf ("%s@%" G_GINT64_FORMAT, entry->idempotency_key, version);

            key = pomar_push_derive_key (name);
          }
          continue;
        }

      /* Moved elsewhere on the server: the user settles it. The local stage
       * stays the one moved to until then. */
      current_text = object_to_string (current);
      outcome.seq = entry->seq;
      outcome.state = "conflict";
      outcome.server_record = current_text;
      outcome.message = _("The account was moved to another stage on the server.");
      ok = write_outcome (push, &outcome, error);
      pomar_sync_record_free (POMAR_COLLECTION_ACCOUNTS, account);
      return ok ? MOVE_CONFLICT : MOVE_FAILED;
    }

  g_set_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK,
               _("The server kept refusing the stage move on its own version of the account."));
  return MOVE_FAILED;
}

static void
note_failure (Push                   *push,
              const PomarOutboxEntry *entry,
              const GError           *failure)
{
  Failure record = { entry->seq, failure->message };

  /* If even this cannot be written, the entry is still there, pending. */
  pomar_store_write_sync (push->store, store_failure, &record, NULL, NULL);
  if (push->result->error == NULL)
    push->result->error = g_strdup (failure->message);
}

gboolean
pomar_push_connection (PomarStore                *store,
                       const PomarConnectionInfo *info,
                       const char                *token,
                       const PomarRetryPolicy    *retry,
                       guint                      timeout_seconds,
                       PomarPushResult           *result_out,
                       GCancellable              *cancellable,
                       GError                   **error)
{
  PomarPushResult own_result = { 0 };
  PomarPushResult *result = result_out != NULL ? result_out : &own_result;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GHashTable) held = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) first_error = NULL;
  g_autoptr (SoupSession) session = NULL;
  g_autoptr (PomarHttpCredentials) credentials = NULL;
  const PomarProvider *provider;
  Push push = { 0 };
  gboolean stop = FALSE;

  g_return_val_if_fail (POMAR_IS_STORE (store), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (result, 0, sizeof *result);
  if (g_strcmp0 (info->provider, "pomar") != 0)
    return TRUE;
  /* A server's answer that cannot be stored would leave the change
   * pending, to be sent again: nothing is sent from a read-only cache. */
  if (!pomar_store_check_writable (store, error))
    return FALSE;

  reader = pomar_store_reader_new (store, error);
  if (reader == NULL)
    return FALSE;
  entries = pomar_store_reader_list_outbox (reader, error);
  if (entries == NULL)
    return FALSE;

  provider = pomar_provider_lookup (info->provider);
  session = pomar_http_session_new (timeout_seconds > 0 ? timeout_seconds : POMAR_HTTP_TIMEOUT_SECONDS);
  credentials = pomar_http_credentials_new (info->provider, info->email, token != NULL ? token : "");
  push.store = store;
  push.reader = reader;
  push.info = info;
  push.rank = provider != NULL ? provider->account_rank : 0;
  push.session = session;
  push.credentials = credentials;
  push.cancellable = cancellable;
  push.result = result;
  if (retry != NULL)
    push.retry = *retry;
  else
    pomar_retry_policy_init (&push.retry);

  for (guint i = 0; i < entries->len; i++)
    {
      const PomarOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *source_id = NULL;
      g_autoptr (GError) local_error = NULL;
      gint64 copy_version = -1;
      guint status = 0;
      gboolean ok;

      if (entry->account_id == NULL)
        continue;
      /* A change held for the user holds the account's later ones. */
      if (g_strcmp0 (entry->state, "pending") != 0)
        {
          g_hash_table_add (held, entry->account_id);
          continue;
        }
      if (stop || g_hash_table_contains (held, entry->account_id))
        {
          result->held++;
          continue;
        }
      /* An account this connection does not have goes elsewhere. */
      if (!pomar_store_reader_get_account_source (reader, info->name, entry->account_id, &source_id,
                                                  &copy_version, NULL))
        continue;

      if (g_strcmp0 (entry->kind, "stage_move") == 0)
        {
          switch (push_stage_move (&push, entry, source_id, copy_version, &status, &local_error))
            {
            case MOVE_SENT:
              result->sent++;
              continue;
            case MOVE_SETTLED:
              result->settled++;
              continue;
            case MOVE_CONFLICT:
              result->conflicts++;
              g_hash_table_add (held, entry->account_id);
              continue;
            case MOVE_GONE:
              result->gone++;
              g_hash_table_add (held, entry->account_id);
              continue;
            case MOVE_FAILED:
            default:
              ok = FALSE;
              break;
            }
        }
      else if (g_strcmp0 (entry->kind, "activity") == 0)
        {
          ok = push_activity (&push, entry, source_id, &status, &local_error);
          if (ok)
            {
              result->sent++;
              continue;
            }
          if (status == 404)
            {
              Outcome outcome = { .seq = entry->seq, .state = "gone",
                                  .message = _("The account is no longer on the server.") };

              g_clear_error (&local_error);
              if (write_outcome (&push, &outcome, &local_error))
                {
                  result->gone++;
                  g_hash_table_add (held, entry->account_id);
                  continue;
                }
            }
        }
      else
        continue;

      /* A failure: the account's later changes wait; a server out of
       * reach, a refused token or a cancel stop the push. */
      g_assert (local_error != NULL);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      note_failure (&push, entry, local_error);
      g_hash_table_add (held, entry->account_id);
      result->held++;
      if (g_error_matches (local_error, POMAR_ERROR, POMAR_ERROR_AUTH))
        result->auth_failed = TRUE;
      if (result->auth_failed || g_error_matches (local_error, POMAR_ERROR, POMAR_ERROR_NETWORK))
        stop = TRUE;
      if (first_error == NULL)
        first_error = g_steal_pointer (&local_error);
    }

  pomar_push_result_clear (&own_result);
  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }
  return TRUE;
}

/* Settling a conflict -------------------------------------------------------- */

typedef struct
{
  const PomarOutboxEntry *entry;
  gboolean                keep_mine;
  const char             *connection;
  int                     rank;
  PomarAccount           *server;     /* the server's account, from the 412 */
  const char             *outcome;    /* the sentence the timeline keeps */
  const char             *author;
} Settle;

static gboolean
store_settlement (PomarStoreWriter  *writer,
                  gpointer           user_data,
                  GCancellable      *cancellable,
                  GError           **error)
{
  Settle *settle = user_data;

  if (settle->keep_mine)
    {
      g_autofree char *name = g_strdup_printf ("%s@%" G_GINT64_FORMAT, settle->entry->idempotency_key,
                                               settle->server->version);
      g_autofree char *key = pomar_push_derive_key (name);

      if (!pomar_store_writer_outbox_rebase (writer, settle->entry->seq, settle->server->version, key, error))
        return FALSE;
    }
  else if (!pomar_store_writer_outbox_drop_move (writer, settle->entry->seq, error)
           /* Stored again, the server's copy makes the account's stage. */
           || !pomar_store_writer_upsert_account_source (writer, settle->connection, settle->rank,
                                                         settle->server->id, settle->server,
                                                         NULL, NULL, error))
    return FALSE;

  /* The timeline says how it was settled, and so will the server's. */
  return pomar_store_writer_add_local_activity (writer, settle->entry->account_id, "note", settle->outcome,
                                                settle->author, NULL, error);
}

gboolean
pomar_push_resolve_conflict (PomarStore  *store,
                             gint64       seq,
                             gboolean     keep_mine,
                             const char  *author,
                             GError     **error)
{
  const char *connection;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonObject) payload = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *outcome = NULL;
  const PomarOutboxEntry *entry = NULL;
  const PomarProvider *provider = pomar_provider_lookup ("pomar");
  Settle settle = { 0 };
  const char *to;
  gboolean ok;

  g_return_val_if_fail (POMAR_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reader = pomar_store_reader_new (store, error);
  if (reader == NULL || (entries = pomar_store_reader_list_outbox (reader, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len && entry == NULL; i++)
    if (((PomarOutboxEntry *) g_ptr_array_index (entries, i))->seq == seq)
      entry = g_ptr_array_index (entries, i);
  if (entry == NULL || g_strcmp0 (entry->state, "conflict") != 0)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                   _("There is no conflict %lld to settle (see “pomarctl conflicts”)."), (long long) seq);
      return FALSE;
    }

  /* The server's copy is that of the connection that refused the move. */
  connection = entry->connection;
  if (connection == NULL)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                   _("The conflict %lld cannot be read; it is kept as it is."), (long long) seq);
      return FALSE;
    }

  payload = parse_object (entry->payload, strlen (entry->payload));
  to = payload != NULL ? json_object_get_string_member_with_default (payload, "to", NULL) : NULL;
  if (entry->server_record == NULL
      || !json_parser_load_from_data (parser, entry->server_record, -1, NULL)
      || (settle.server = pomar_sync_record_parse (POMAR_COLLECTION_ACCOUNTS, json_parser_get_root (parser),
                                                   NULL, &reason)) == NULL
      || to == NULL)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                   _("The conflict %lld cannot be read; it is kept as it is."), (long long) seq);
      return FALSE;
    }

  if (keep_mine)
    /* Translators: a note on the timeline; the stages are names. */
    outcome = g_strdup_printf (_("Stage conflict settled: kept the move to %s (the server had %s)."),
                               pomar_stage_id_to_name (to),
                               settle.server->stage != NULL ? pomar_stage_id_to_name (settle.server->stage) : "—");
  else
    /* Translators: a note on the timeline; the stages are names. */
    outcome = g_strdup_printf (_("Stage conflict settled: took the server’s stage, %s; the move to %s was dropped."),
                               settle.server->stage != NULL ? pomar_stage_id_to_name (settle.server->stage) : "—",
                               pomar_stage_id_to_name (to));

  settle.entry = entry;
  settle.keep_mine = keep_mine;
  settle.connection = connection;
  settle.rank = provider != NULL ? provider->account_rank : 0;
  settle.outcome = outcome;
  settle.author = author;
  ok = pomar_store_write_sync (store, store_settlement, &settle, NULL, error);
  pomar_sync_record_free (POMAR_COLLECTION_ACCOUNTS, settle.server);
  return ok;
}

/* Words ------------------------------------------------------------------- */

char *
pomar_push_describe_change (const PomarOutboxEntry *entry)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *payload;

  if (!json_parser_load_from_data (parser, entry->payload, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup (entry->kind);
  payload = json_node_get_object (json_parser_get_root (parser));

  if (g_strcmp0 (entry->kind, "stage_move") == 0)
    {
      const char *from = json_object_get_string_member_with_default (payload, "from", NULL);
      const char *to = json_object_get_string_member_with_default (payload, "to", NULL);

      /* Translators: a stage move waiting to be sent: from → to. */
      return g_strdup_printf (_("stage: %s → %s"), from != NULL ? from : "—", to != NULL ? to : "—");
    }
  else
    {
      const char *kind = json_object_get_string_member_with_default (payload, "kind", entry->kind);
      const char *body = json_object_get_string_member_with_default (payload, "body", "");
      g_autoptr (JsonNode) task = g_str_has_prefix (kind, "task_") ? json_from_string (body, NULL) : NULL;
      g_autofree char *shown = NULL;
      char *line;

      /* A task change's body is the contract's {"playbook", "task"}. */
      if (task != NULL && JSON_NODE_HOLDS_OBJECT (task))
        {
          JsonObject *names = json_node_get_object (task);
          const char *playbook = json_object_get_string_member_with_default (names, "playbook", "—");
          const char *task_id = json_object_get_string_member_with_default (names, "task", "—");

          if (g_str_equal (kind, "task_done"))
            /* Translators: a playbook task ticked here: playbook id / task id. */
            return g_strdup_printf (_("task done: %s / %s"), playbook, task_id);
          /* Translators: a done task opened again here: playbook id / task id. */
          return g_strdup_printf (_("task reopened: %s / %s"), playbook, task_id);
        }

      shown = g_utf8_substring (body, 0, MIN (g_utf8_strlen (body, -1), 48));
      line = g_strdup_printf ("%s: %s%s", kind, shown, g_utf8_strlen (body, -1) > 48 ? "…" : "");
      g_strdelimit (line, "\n\t", ' ');
      return line;
    }
}
