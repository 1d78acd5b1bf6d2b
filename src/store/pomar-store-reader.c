/* pomar-store-reader.c: every read of the cache.
 *
 * A reader is one read-only connection with its own statement cache, used
 * by one thread at a time. With WAL it sees the last committed state and
 * never waits for the writer, so a worker can read while a sync writes.
 * Lists come back as GPtrArrays of the records of pomar-records.h; scan()
 * streams a whole collection row by row for exports.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/pomar-error.h"
#include "store/pomar-store-private.h"

#define BUSY_TIMEOUT_MS 5000

PomarStoreReader *
pomar_store_reader_new_for_path (const char  *path,
                                 GError     **error)
{
  g_autoptr (PomarDb) db = NULL;
  PomarStoreReader *reader;

  db = pomar_db_open (path, SQLITE_OPEN_READONLY, error);
  if (db == NULL)
    return NULL;

  sqlite3_busy_timeout (db->db, BUSY_TIMEOUT_MS);
  if (!pomar_db_exec (db, "PRAGMA query_only = ON", error))
    return NULL;

  reader = g_new0 (PomarStoreReader, 1);
  reader->db = g_steal_pointer (&db);

  return reader;
}

void
pomar_store_reader_free (PomarStoreReader *reader)
{
  if (reader == NULL)
    return;

  pomar_db_free (reader->db);
  g_free (reader);
}

/* Free functions of the aggregates ---------------------------------------- */

void
pomar_account_summary_free (PomarAccountSummary *summary)
{
  if (summary == NULL)
    return;

  pomar_account_clear (&summary->account);
  pomar_account_figures_clear (&summary->figures);
  g_free (summary->last_touch);
  g_free (summary->suggestion_reason);
  g_free (summary);
}

void
pomar_stage_total_free (PomarStageTotal *total)
{
  if (total == NULL)
    return;

  g_free (total->stage);
  g_free (total->currency);
  g_free (total);
}

void
pomar_sync_state_free (PomarSyncState *state)
{
  if (state == NULL)
    return;

  g_free (state->connection);
  g_free (state->collection);
  g_free (state->sync_token);
  g_free (state->cursor);
  g_free (state->last_error);
  g_free (state->last_synced_at);
  g_free (state);
}

void
pomar_quarantined_free (PomarQuarantined *q)
{
  if (q == NULL)
    return;

  g_free (q->connection);
  g_free (q->collection);
  g_free (q->record_id);
  g_free (q->reason);
  g_free (q->raw);
  g_free (q->received_at);
  g_free (q);
}

void
pomar_connection_info_free (PomarConnectionInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->name);
  g_free (info->provider);
  g_free (info->base_url);
  g_free (info->email);
  g_free (info->settings_json);
  g_free (info->created_at);
  g_free (info);
}

/* Generic lists ----------------------------------------------------------- */

typedef gpointer (*RowReader) (PomarStmt *stmt);

/* Runs @sql with up to two text parameters and turns each row into an
 * element with @read. */
static GPtrArray *
list_rows (PomarStoreReader  *reader,
           const char        *sql,
           const char        *param1,
           const char        *param2,
           RowReader          read,
           GDestroyNotify     free_func,
           GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  int rc;

  stmt = pomar_db_prepare (reader->db, sql, error);
  if (stmt == NULL)
    return NULL;

  if (param1 != NULL)
    pomar_stmt_bind_text (stmt, 1, param1);
  if (param2 != NULL)
    pomar_stmt_bind_text (stmt, 2, param2);

  rows = g_ptr_array_new_with_free_func (free_func);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read (stmt));

  if (rc != SQLITE_DONE)
    {
      pomar_db_set_error (reader->db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/* The one row @sql finds, or NULL: with @error set when the query failed,
 * without when there is no such row. */
static gpointer
get_row (PomarStoreReader  *reader,
         const char        *sql,
         const char        *param1,
         const char        *param2,
         RowReader          read,
         GDestroyNotify     free_func,
         GError           **error)
{
  g_autoptr (GPtrArray) rows = list_rows (reader, sql, param1, param2, read, free_func, error);

  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_ptr_array_steal_index (rows, 0);
}

/* Counts and meta ---------------------------------------------------------- */

static const char SQL_COUNTS[] =
  "SELECT (SELECT count(*) FROM accounts), (SELECT count(*) FROM contacts),"
  "       (SELECT count(*) FROM tickets), (SELECT count(*) FROM usage),"
  "       (SELECT count(*) FROM responses), (SELECT count(*) FROM activities),"
  "       (SELECT count(*) FROM stage_history), (SELECT count(*) FROM playbook_instances),"
  "       (SELECT count(*) FROM playbook_tasks), (SELECT count(*) FROM outbox),"
  "       (SELECT count(*) FROM quarantine), (SELECT count(*) FROM tombstones)";

/* A record whose account is not (yet) in the cache is kept, not dropped
 * (domain.md): these count them. */
static const char SQL_UNMATCHED[] =
  "SELECT (SELECT count(*) FROM tickets AS t"
  "        WHERE NOT EXISTS (SELECT 1 FROM accounts AS a WHERE a.id = t.account_id)),"
  "       (SELECT count(*) FROM responses AS r"
  "        WHERE NOT EXISTS (SELECT 1 FROM accounts AS a WHERE a.id = r.account_id))";

GHashTable *
pomar_store_reader_get_account_map (PomarStoreReader  *reader,
                                    const char        *connection,
                                    GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autoptr (GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int rc;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (connection != NULL, NULL);

  stmt = pomar_db_prepare (reader->db,
                           "SELECT source_id, account_id FROM account_sources WHERE connection = ?1",
                           error);
  if (stmt == NULL)
    return NULL;
  pomar_stmt_bind_text (stmt, 1, connection);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (map, pomar_stmt_dup_text (stmt, 0), pomar_stmt_dup_text (stmt, 1));
  if (rc != SQLITE_DONE)
    {
      pomar_db_set_error (reader->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&map);
}

gboolean
pomar_store_reader_count_unmatched (PomarStoreReader  *reader,
                                    gint64            *tickets,
                                    gint64            *responses,
                                    GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (reader != NULL, FALSE);

  stmt = pomar_db_prepare (reader->db, SQL_UNMATCHED, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pomar_db_set_error (reader->db, rc, error);
  *tickets = sqlite3_column_int64 (stmt, 0);
  *responses = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

gboolean
pomar_store_reader_get_counts (PomarStoreReader  *reader,
                               PomarStoreCounts  *counts,
                               GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = pomar_db_prepare (reader->db, SQL_COUNTS, error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pomar_db_set_error (reader->db, rc, error);

  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    counts->collections[i] = sqlite3_column_int64 (stmt, i);
  counts->stage_changes = sqlite3_column_int64 (stmt, 6);
  counts->playbook_instances = sqlite3_column_int64 (stmt, 7);
  counts->playbook_tasks = sqlite3_column_int64 (stmt, 8);
  counts->outbox = sqlite3_column_int64 (stmt, 9);
  counts->quarantined = sqlite3_column_int64 (stmt, 10);
  counts->tombstones = sqlite3_column_int64 (stmt, 11);

  return TRUE;
}

static const char SQL_META_GET[] = "SELECT value FROM meta WHERE key = ?1";

char *
pomar_store_reader_get_meta (PomarStoreReader  *reader,
                             const char        *key,
                             GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pomar_db_prepare (reader->db, SQL_META_GET, error);
  if (stmt == NULL)
    return NULL;
  pomar_stmt_bind_text (stmt, 1, key);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return pomar_stmt_dup_text (stmt, 0);
  if (rc != SQLITE_DONE)
    pomar_db_set_error (reader->db, rc, error);

  return NULL;
}

/* Answers from the first row it finds, so it stays instant on a big book
 * (pomar_store_reader_get_counts counts every usage row). */
gboolean
pomar_store_reader_has_accounts (PomarStoreReader  *reader,
                                 gboolean          *has_accounts,
                                 GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (has_accounts != NULL, FALSE);

  stmt = pomar_db_prepare (reader->db, "SELECT EXISTS (SELECT 1 FROM accounts)", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pomar_db_set_error (reader->db, rc, error);

  *has_accounts = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

/* Accounts ----------------------------------------------------------------- */

#define ACCOUNT_COLUMNS \
  "a.id, a.version, a.updated_at, a.name, a.domain, a.segment, a.owner, a.stage, a.arr," \
  " a.currency, a.plan, a.licensed_seats, a.contract_start, a.renewal_date, a.created_at"
#define N_ACCOUNT_COLUMNS 15

#define OPEN_STATUSES "('new', 'open', 'pending', 'hold')"
#define TOUCH_KINDS   "('note', 'meeting', 'email', 'call')"

static void
read_account (PomarStmt    *stmt,
              PomarAccount *account)
{
  account->id = pomar_stmt_dup_text (stmt, 0);
  account->version = sqlite3_column_int64 (stmt, 1);
  account->updated_at = pomar_stmt_dup_text (stmt, 2);
  account->deleted = FALSE;
  account->name = pomar_stmt_dup_text (stmt, 3);
  account->domain = pomar_stmt_dup_text (stmt, 4);
  account->segment = pomar_stmt_dup_text (stmt, 5);
  account->owner = pomar_stmt_dup_text (stmt, 6);
  account->stage = pomar_stmt_dup_text (stmt, 7);
  account->arr = pomar_stmt_get_double (stmt, 8);
  account->currency = pomar_stmt_dup_text (stmt, 9);
  account->plan = pomar_stmt_dup_text (stmt, 10);
  account->licensed_seats = pomar_stmt_get_int (stmt, 11);
  account->contract_start = pomar_stmt_dup_text (stmt, 12);
  account->renewal_date = pomar_stmt_dup_text (stmt, 13);
  account->created_at = pomar_stmt_dup_text (stmt, 14);
}

static gpointer
read_summary (PomarStmt *stmt)
{
  PomarAccountSummary *summary = g_new0 (PomarAccountSummary, 1);

  read_account (stmt, &summary->account);
  summary->open_tickets = sqlite3_column_int64 (stmt, N_ACCOUNT_COLUMNS);
  summary->open_urgent_tickets = sqlite3_column_int64 (stmt, N_ACCOUNT_COLUMNS + 1);
  summary->open_high_tickets = sqlite3_column_int64 (stmt, N_ACCOUNT_COLUMNS + 2);
  summary->last_touch = pomar_stmt_dup_text (stmt, N_ACCOUNT_COLUMNS + 3);
  pomar_store_read_figures (stmt, N_ACCOUNT_COLUMNS + 4, &summary->figures);
  summary->playbook_tasks = sqlite3_column_int64 (stmt, N_ACCOUNT_COLUMNS + 4 + POMAR_N_FIGURES_COLUMNS);
  summary->playbook_tasks_finished = sqlite3_column_int64 (stmt, N_ACCOUNT_COLUMNS + 5 + POMAR_N_FIGURES_COLUMNS);
  summary->stage_conflict = sqlite3_column_int (stmt, N_ACCOUNT_COLUMNS + 6 + POMAR_N_FIGURES_COLUMNS) != 0;

  return summary;
}

/* The suggestion of today, from the stored figures (as exports have it). */
static void
add_suggestion (PomarAccountSummary *summary,
                PomarDay             today)
{
  PomarSuggestionInputs in;
  PomarSuggestion suggestion = { 0 };

  pomar_store_suggestion_inputs (&summary->figures, summary->account.stage,
                                 pomar_day_parse (summary->account.contract_start),
                                 summary->account.licensed_seats, today, &in);
  pomar_stage_suggest (&in, today, &suggestion);
  summary->suggested_stage = suggestion.to_stage;
  summary->suggestion_reason = g_steal_pointer (&suggestion.reason);
  pomar_suggestion_clear (&suggestion);
}

/* The tasks of open playbook instances, and those done or skipped: one
 * walk of the instances by account, each instance's tasks by primary key. */
#define PLAYBOOK_PROGRESS \
  "SELECT i.account_id, count(*) AS tasks_n, sum(t.state IN ('done', 'skipped')) AS finished_n" \
  " FROM playbook_instances AS i JOIN playbook_tasks AS t ON t.instance_id = i.id" \
  " WHERE i.status = 'open'"

/* The outbox is short (changes waiting for the server) and indexed by
 * account: one probe per account. */
#define STAGE_CONFLICT \
  "EXISTS (SELECT 1 FROM outbox WHERE account_id = a.id AND state = 'conflict')"

/* The open tickets of every account in one pass over their covering index,
 * grouped and joined to the accounts (much cheaper than three correlated
 * counts per account); the last touch is a short backwards walk of each
 * account's entries in the activities index, cheaper than grouping all
 * activities and joining that. Measured by bench-store. */
static const char SQL_ACCOUNT_SUMMARIES[] =
  "SELECT " ACCOUNT_COLUMNS ","
  "       coalesce(t.open_n, 0), coalesce(t.urgent_n, 0), coalesce(t.high_n, 0),"
  "       (SELECT max(occurred_at) FROM activities"
  "        WHERE account_id = a.id AND kind IN " TOUCH_KINDS "), "
  POMAR_FIGURES_COLUMNS ","
  "       coalesce(p.tasks_n, 0), coalesce(p.finished_n, 0), " STAGE_CONFLICT " "
  "FROM accounts AS a " POMAR_FIGURES_JOIN " "
  "LEFT JOIN (SELECT account_id, count(*) AS open_n,"
  "                  sum(priority = 'urgent') AS urgent_n, sum(priority = 'high') AS high_n"
  "           FROM tickets WHERE status IN " OPEN_STATUSES
  "           GROUP BY account_id) AS t ON t.account_id = a.id "
  "LEFT JOIN (" PLAYBOOK_PROGRESS " GROUP BY i.account_id) AS p ON p.account_id = a.id "
  "ORDER BY a.name COLLATE NOCASE, a.id";

/* For one account, the indexes answer each subquery directly. */
static const char SQL_ACCOUNT_SUMMARY[] =
  "SELECT " ACCOUNT_COLUMNS ","
  "       (SELECT count(*) FROM tickets"
  "        WHERE account_id = a.id AND status IN " OPEN_STATUSES "),"
  "       (SELECT count(*) FROM tickets"
  "        WHERE account_id = a.id AND status IN " OPEN_STATUSES " AND priority = 'urgent'),"
  "       (SELECT count(*) FROM tickets"
  "        WHERE account_id = a.id AND status IN " OPEN_STATUSES " AND priority = 'high'),"
  "       (SELECT max(occurred_at) FROM activities"
  "        WHERE account_id = a.id AND kind IN " TOUCH_KINDS "), "
  POMAR_FIGURES_COLUMNS ","
  "       coalesce(p.tasks_n, 0), coalesce(p.finished_n, 0), " STAGE_CONFLICT " "
  "FROM accounts AS a " POMAR_FIGURES_JOIN " "
  "LEFT JOIN (" PLAYBOOK_PROGRESS " AND i.account_id = ?1) AS p ON 1 "
  "WHERE a.id = ?1";

GPtrArray *
pomar_store_reader_list_account_summaries (PomarStoreReader  *reader,
                                           GError           **error)
{
  GPtrArray *summaries;
  PomarDay today;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  summaries = list_rows (reader, SQL_ACCOUNT_SUMMARIES, NULL, NULL, read_summary,
                         (GDestroyNotify) pomar_account_summary_free, error);
  if (summaries == NULL)
    return NULL;

  today = pomar_day_today ();
  for (guint i = 0; i < summaries->len; i++)
    add_suggestion (g_ptr_array_index (summaries, i), today);
  return summaries;
}

PomarAccountSummary *
pomar_store_reader_get_account_summary (PomarStoreReader  *reader,
                                        const char        *account_id,
                                        GError           **error)
{
  g_autoptr (GError) local_error = NULL;
  PomarAccountSummary *summary;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  summary = get_row (reader, SQL_ACCOUNT_SUMMARY, account_id, NULL, read_summary,
                     (GDestroyNotify) pomar_account_summary_free, &local_error);
  if (summary == NULL && local_error == NULL)
    g_set_error (&local_error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                 _("There is no account “%s” in the cache."), account_id);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  if (summary != NULL)
    add_suggestion (summary, pomar_day_today ());
  return summary;
}

/* One account's records ------------------------------------------------------ */

static gpointer
read_contact (PomarStmt *stmt)
{
  PomarContact *record = g_new0 (PomarContact, 1);

  record->id = pomar_stmt_dup_text (stmt, 0);
  record->account_id = pomar_stmt_dup_text (stmt, 1);
  record->name = pomar_stmt_dup_text (stmt, 2);
  record->email = pomar_stmt_dup_text (stmt, 3);
  record->title = pomar_stmt_dup_text (stmt, 4);
  record->role = pomar_stmt_dup_text (stmt, 5);
  record->updated_at = pomar_stmt_dup_text (stmt, 6);
  record->version = sqlite3_column_int64 (stmt, 7);

  return record;
}

static const char SQL_LIST_CONTACTS[] =
  "SELECT id, account_id, name, email, title, role, updated_at, version "
  "FROM contacts WHERE account_id = ?1 ORDER BY name COLLATE NOCASE, id";

GPtrArray *
pomar_store_reader_list_contacts (PomarStoreReader  *reader,
                                  const char        *account_id,
                                  GError           **error)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  return list_rows (reader, SQL_LIST_CONTACTS, account_id, NULL, read_contact,
                    (GDestroyNotify) pomar_contact_free, error);
}

static gpointer
read_ticket (PomarStmt *stmt)
{
  PomarTicket *record = g_new0 (PomarTicket, 1);

  record->id = pomar_stmt_dup_text (stmt, 0);
  record->account_id = pomar_stmt_dup_text (stmt, 1);
  record->subject = pomar_stmt_dup_text (stmt, 2);
  record->status = pomar_stmt_dup_text (stmt, 3);
  record->priority = pomar_stmt_dup_text (stmt, 4);
  record->type = pomar_stmt_dup_text (stmt, 5);
  record->created_at = pomar_stmt_dup_text (stmt, 6);
  record->updated_at = pomar_stmt_dup_text (stmt, 7);
  record->solved_at = pomar_stmt_dup_text (stmt, 8);
  record->version = sqlite3_column_int64 (stmt, 9);

  return record;
}

static const char SQL_LIST_TICKETS[] =
  "SELECT id, account_id, subject, status, priority, type, created_at, updated_at, solved_at, version "
  "FROM tickets WHERE account_id = ?1 "
  "ORDER BY status IN " OPEN_STATUSES " DESC, created_at DESC, id";

GPtrArray *
pomar_store_reader_list_tickets (PomarStoreReader  *reader,
                                 const char        *account_id,
                                 GError           **error)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  return list_rows (reader, SQL_LIST_TICKETS, account_id, NULL, read_ticket,
                    (GDestroyNotify) pomar_ticket_free, error);
}

static gpointer
read_usage (PomarStmt *stmt)
{
  PomarUsage *record = g_new0 (PomarUsage, 1);

  record->id = pomar_stmt_dup_text (stmt, 0);
  record->account_id = pomar_stmt_dup_text (stmt, 1);
  record->day = pomar_stmt_dup_text (stmt, 2);
  record->active_users = pomar_stmt_get_int (stmt, 3);
  record->sessions = pomar_stmt_get_int (stmt, 4);
  record->events = pomar_stmt_get_int (stmt, 5);
  record->features_json = pomar_stmt_dup_text (stmt, 6);
  record->updated_at = pomar_stmt_dup_text (stmt, 7);
  record->version = sqlite3_column_int64 (stmt, 8);

  return record;
}

static const char SQL_LIST_USAGE[] =
  "SELECT id, account_id, day, active_users, sessions, events, features, updated_at, version "
  "FROM usage WHERE account_id = ?1 ORDER BY day, id";
static const char SQL_LIST_USAGE_SINCE[] =
  "SELECT id, account_id, day, active_users, sessions, events, features, updated_at, version "
  "FROM usage WHERE account_id = ?1 AND day >= ?2 ORDER BY day, id";

GPtrArray *
pomar_store_reader_list_usage (PomarStoreReader  *reader,
                               const char        *account_id,
                               const char        *since_day,
                               GError           **error)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  return list_rows (reader, since_day != NULL ? SQL_LIST_USAGE_SINCE : SQL_LIST_USAGE,
                    account_id, since_day, read_usage,
                    (GDestroyNotify) pomar_usage_free, error);
}

static gpointer
read_response (PomarStmt *stmt)
{
  PomarResponse *record = g_new0 (PomarResponse, 1);

  record->id = pomar_stmt_dup_text (stmt, 0);
  record->account_id = pomar_stmt_dup_text (stmt, 1);
  record->contact_id = pomar_stmt_dup_text (stmt, 2);
  record->kind = pomar_stmt_dup_text (stmt, 3);
  record->score = pomar_stmt_get_int (stmt, 4);
  record->comment = pomar_stmt_dup_text (stmt, 5);
  record->responded_at = pomar_stmt_dup_text (stmt, 6);
  record->updated_at = pomar_stmt_dup_text (stmt, 7);
  record->version = sqlite3_column_int64 (stmt, 8);

  return record;
}

static const char SQL_LIST_RESPONSES[] =
  "SELECT id, account_id, contact_id, kind, score, comment, responded_at, updated_at, version "
  "FROM responses WHERE account_id = ?1 ORDER BY responded_at DESC, id";

GPtrArray *
pomar_store_reader_list_responses (PomarStoreReader  *reader,
                                   const char        *account_id,
                                   GError           **error)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  return list_rows (reader, SQL_LIST_RESPONSES, account_id, NULL, read_response,
                    (GDestroyNotify) pomar_response_free, error);
}

static gpointer
read_activity (PomarStmt *stmt)
{
  PomarActivity *record = g_new0 (PomarActivity, 1);

  record->id = pomar_stmt_dup_text (stmt, 0);
  record->account_id = pomar_stmt_dup_text (stmt, 1);
  record->kind = pomar_stmt_dup_text (stmt, 2);
  record->author = pomar_stmt_dup_text (stmt, 3);
  record->body = pomar_stmt_dup_text (stmt, 4);
  record->occurred_at = pomar_stmt_dup_text (stmt, 5);
  record->updated_at = pomar_stmt_dup_text (stmt, 6);
  record->version = sqlite3_column_int64 (stmt, 7);

  return record;
}

static const char SQL_LIST_ACTIVITIES[] =
  "SELECT id, account_id, kind, author, body, occurred_at, updated_at, version "
  "FROM activities WHERE account_id = ?1 ORDER BY occurred_at DESC, id";

static const char SQL_GET_ACTIVITY[] =
  "SELECT id, account_id, kind, author, body, occurred_at, updated_at, version "
  "FROM activities WHERE id = ?1";

PomarActivity *
pomar_store_reader_get_activity (PomarStoreReader  *reader,
                                 const char        *activity_id,
                                 GError           **error)
{
  g_autoptr (GPtrArray) rows = NULL;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (activity_id != NULL, NULL);

  rows = list_rows (reader, SQL_GET_ACTIVITY, activity_id, NULL, read_activity,
                    (GDestroyNotify) pomar_activity_free, error);
  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                   _("There is no activity “%s” in the cache."), activity_id);
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

GPtrArray *
pomar_store_reader_list_activities (PomarStoreReader  *reader,
                                    const char        *account_id,
                                    GError           **error)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  return list_rows (reader, SQL_LIST_ACTIVITIES, account_id, NULL, read_activity,
                    (GDestroyNotify) pomar_activity_free, error);
}

gpointer
pomar_store_read_stage_change (PomarStmt *stmt)
{
  PomarStageChange *record = g_new0 (PomarStageChange, 1);

  record->account_id = pomar_stmt_dup_text (stmt, 0);
  record->from_stage = pomar_stmt_dup_text (stmt, 1);
  record->to_stage = pomar_stmt_dup_text (stmt, 2);
  record->changed_at = pomar_stmt_dup_text (stmt, 3);
  record->activity_id = pomar_stmt_dup_text (stmt, 4);

  return record;
}

static const char SQL_LIST_STAGE_HISTORY[] =
  "SELECT " POMAR_STAGE_CHANGE_COLUMNS " "
  "FROM stage_history WHERE account_id = ?1 ORDER BY changed_at, activity_id";

GPtrArray *
pomar_store_reader_list_stage_history (PomarStoreReader  *reader,
                                       const char        *account_id,
                                       GError           **error)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  return list_rows (reader, SQL_LIST_STAGE_HISTORY, account_id, NULL, pomar_store_read_stage_change,
                    (GDestroyNotify) pomar_stage_change_free, error);
}

static gpointer
read_playbook_instance (PomarStmt *stmt)
{
  PomarPlaybookInstance *record = g_new0 (PomarPlaybookInstance, 1);

  record->id = pomar_stmt_dup_text (stmt, 0);
  record->account_id = pomar_stmt_dup_text (stmt, 1);
  record->template_id = pomar_stmt_dup_text (stmt, 2);
  record->trigger = pomar_stmt_dup_text (stmt, 3);
  record->started_at = pomar_stmt_dup_text (stmt, 4);
  record->status = pomar_stmt_dup_text (stmt, 5);
  record->completed_at = pomar_stmt_dup_text (stmt, 6);

  return record;
}

static const char SQL_LIST_PLAYBOOK_INSTANCES[] =
  "SELECT id, account_id, template_id, \"trigger\", started_at, status, completed_at "
  "FROM playbook_instances WHERE account_id = ?1 ORDER BY started_at DESC, id";

GPtrArray *
pomar_store_reader_list_playbook_instances (PomarStoreReader  *reader,
                                            const char        *account_id,
                                            GError           **error)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  return list_rows (reader, SQL_LIST_PLAYBOOK_INSTANCES, account_id, NULL, read_playbook_instance,
                    (GDestroyNotify) pomar_playbook_instance_free, error);
}

static gpointer
read_playbook_task (PomarStmt *stmt)
{
  PomarPlaybookTask *record = g_new0 (PomarPlaybookTask, 1);

  record->instance_id = pomar_stmt_dup_text (stmt, 0);
  record->task_id = pomar_stmt_dup_text (stmt, 1);
  record->position = sqlite3_column_int (stmt, 2);
  record->title = pomar_stmt_dup_text (stmt, 3);
  record->due_offset = pomar_stmt_get_int (stmt, 4);
  record->state = pomar_stmt_dup_text (stmt, 5);
  record->done_by = pomar_stmt_dup_text (stmt, 6);
  record->done_at = pomar_stmt_dup_text (stmt, 7);
  record->skip_reason = pomar_stmt_dup_text (stmt, 8);

  return record;
}

static const char SQL_LIST_PLAYBOOK_TASKS[] =
  "SELECT instance_id, task_id, position, title, due_offset, state, done_by, done_at, skip_reason "
  "FROM playbook_tasks WHERE instance_id = ?1 ORDER BY position, task_id";

GPtrArray *
pomar_store_reader_list_playbook_tasks (PomarStoreReader  *reader,
                                        const char        *instance_id,
                                        GError           **error)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (instance_id != NULL, NULL);

  return list_rows (reader, SQL_LIST_PLAYBOOK_TASKS, instance_id, NULL, read_playbook_task,
                    (GDestroyNotify) pomar_playbook_task_free, error);
}

/* Portfolio figures, sync state, quarantine, connections --------------------- */

static gpointer
read_stage_total (PomarStmt *stmt)
{
  PomarStageTotal *total = g_new0 (PomarStageTotal, 1);

  total->stage = pomar_stmt_dup_text (stmt, 0);
  total->currency = pomar_stmt_dup_text (stmt, 1);
  total->accounts = sqlite3_column_int64 (stmt, 2);
  total->arr = sqlite3_column_double (stmt, 3);

  return total;
}

/* total() rather than sum(): 0.0 for a group whose ARRs are all null. */
static const char SQL_STAGE_TOTALS[] =
  "SELECT stage, currency, count(*), total(arr) FROM accounts "
  "GROUP BY stage, currency ORDER BY stage, currency";

GPtrArray *
pomar_store_reader_list_stage_totals (PomarStoreReader  *reader,
                                      GError           **error)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_rows (reader, SQL_STAGE_TOTALS, NULL, NULL, read_stage_total,
                    (GDestroyNotify) pomar_stage_total_free, error);
}

static gpointer
read_sync_state (PomarStmt *stmt)
{
  PomarSyncState *state = g_new0 (PomarSyncState, 1);

  state->connection = pomar_stmt_dup_text (stmt, 0);
  state->collection = pomar_stmt_dup_text (stmt, 1);
  state->sync_token = pomar_stmt_dup_text (stmt, 2);
  state->last_synced_at = pomar_stmt_dup_text (stmt, 3);
  state->cursor = pomar_stmt_dup_text (stmt, 4);
  state->last_error = pomar_stmt_dup_text (stmt, 5);

  return state;
}

static const char SQL_SYNC_STATES[] =
  "SELECT connection, collection, sync_token, last_synced_at, cursor, last_error FROM sync_state "
  "ORDER BY connection, collection";

static const char SQL_SYNC_STATE[] =
  "SELECT connection, collection, sync_token, last_synced_at, cursor, last_error FROM sync_state "
  "WHERE connection = ?1 AND collection = ?2";

PomarSyncState *
pomar_store_reader_get_sync_state (PomarStoreReader  *reader,
                                   const char        *connection,
                                   PomarCollection    collection,
                                   GError           **error)
{
  g_autoptr (GError) local_error = NULL;
  PomarSyncState *state;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (connection != NULL, NULL);

  state = get_row (reader, SQL_SYNC_STATE, connection, pomar_collection_to_string (collection),
                   read_sync_state, (GDestroyNotify) pomar_sync_state_free, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (state == NULL)
    {
      /* Never synced: the names, and nothing else. */
      state = g_new0 (PomarSyncState, 1);
      state->connection = g_strdup (connection);
      state->collection = g_strdup (pomar_collection_to_string (collection));
    }
  return state;
}

GPtrArray *
pomar_store_reader_list_sync_states (PomarStoreReader  *reader,
                                     GError           **error)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_rows (reader, SQL_SYNC_STATES, NULL, NULL, read_sync_state,
                    (GDestroyNotify) pomar_sync_state_free, error);
}

void
pomar_outbox_entry_free (PomarOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->idempotency_key);
  g_free (entry->account_id);
  g_free (entry->kind);
  g_free (entry->payload);
  g_free (entry->created_at);
  g_free (entry->last_error);
  g_free (entry->state);
  g_free (entry->server_record);
  g_free (entry->connection);
  g_free (entry);
}

static gpointer
read_outbox_entry (PomarStmt *stmt)
{
  PomarOutboxEntry *entry = g_new0 (PomarOutboxEntry, 1);

  entry->seq = sqlite3_column_int64 (stmt, 0);
  entry->idempotency_key = pomar_stmt_dup_text (stmt, 1);
  entry->account_id = pomar_stmt_dup_text (stmt, 2);
  entry->kind = pomar_stmt_dup_text (stmt, 3);
  entry->payload = pomar_stmt_dup_text (stmt, 4);
  entry->base_version = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 5);
  entry->created_at = pomar_stmt_dup_text (stmt, 6);
  entry->attempts = sqlite3_column_int64 (stmt, 7);
  entry->last_error = pomar_stmt_dup_text (stmt, 8);
  entry->state = pomar_stmt_dup_text (stmt, 9);
  entry->server_record = pomar_stmt_dup_text (stmt, 10);
  entry->connection = pomar_stmt_dup_text (stmt, 11);

  return entry;
}

static const char SQL_OUTBOX[] =
  "SELECT seq, idempotency_key, account_id, kind, payload, base_version, created_at, attempts,"
  "       last_error, state, server_record, connection FROM outbox ORDER BY seq";

GPtrArray *
pomar_store_reader_list_outbox (PomarStoreReader  *reader,
                                GError           **error)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_rows (reader, SQL_OUTBOX, NULL, NULL, read_outbox_entry,
                    (GDestroyNotify) pomar_outbox_entry_free, error);
}

static const char SQL_ACCOUNT_SOURCE[] =
  "SELECT source_id, version FROM account_sources "
  "WHERE connection = ?1 AND account_id = ?2 AND deleted = 0 "
  "ORDER BY source_id LIMIT 1";

gboolean
pomar_store_reader_get_account_source (PomarStoreReader  *reader,
                                       const char        *connection,
                                       const char        *account_id,
                                       char             **source_id,
                                       gint64            *version,
                                       GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (connection != NULL && account_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = pomar_db_prepare (reader->db, SQL_ACCOUNT_SOURCE, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, connection);
  pomar_stmt_bind_text (stmt, 2, account_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                   _("The connection “%s” has no copy of the account “%s”."), connection, account_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return pomar_db_set_error (reader->db, rc, error);
  if (source_id != NULL)
    *source_id = pomar_stmt_dup_text (stmt, 0);
  if (version != NULL)
    *version = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

static gpointer
read_quarantined (PomarStmt *stmt)
{
  PomarQuarantined *q = g_new0 (PomarQuarantined, 1);

  q->id = sqlite3_column_int64 (stmt, 0);
  q->connection = pomar_stmt_dup_text (stmt, 1);
  q->collection = pomar_stmt_dup_text (stmt, 2);
  q->record_id = pomar_stmt_dup_text (stmt, 3);
  q->reason = pomar_stmt_dup_text (stmt, 4);
  q->raw = pomar_stmt_dup_text (stmt, 5);
  q->received_at = pomar_stmt_dup_text (stmt, 6);

  return q;
}

/* Timestamps have a one-second grain; the id breaks ties in arrival order. */
static const char SQL_QUARANTINED[] =
  "SELECT id, connection, collection, record_id, reason, raw, received_at FROM quarantine "
  "ORDER BY received_at DESC, id DESC";

GPtrArray *
pomar_store_reader_list_quarantined (PomarStoreReader  *reader,
                                     GError           **error)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_rows (reader, SQL_QUARANTINED, NULL, NULL, read_quarantined,
                    (GDestroyNotify) pomar_quarantined_free, error);
}

static gpointer
read_connection (PomarStmt *stmt)
{
  PomarConnectionInfo *info = g_new0 (PomarConnectionInfo, 1);

  info->name = pomar_stmt_dup_text (stmt, 0);
  info->provider = pomar_stmt_dup_text (stmt, 1);
  info->base_url = pomar_stmt_dup_text (stmt, 2);
  info->email = pomar_stmt_dup_text (stmt, 3);
  info->settings_json = pomar_stmt_dup_text (stmt, 4);
  info->created_at = pomar_stmt_dup_text (stmt, 5);

  return info;
}

static const char SQL_CONNECTIONS[] =
  "SELECT name, provider, base_url, email, settings_json, created_at FROM connections "
  "ORDER BY name";
static const char SQL_CONNECTION[] =
  "SELECT name, provider, base_url, email, settings_json, created_at FROM connections "
  "WHERE name = ?1";

GPtrArray *
pomar_store_reader_list_connections (PomarStoreReader  *reader,
                                     GError           **error)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_rows (reader, SQL_CONNECTIONS, NULL, NULL, read_connection,
                    (GDestroyNotify) pomar_connection_info_free, error);
}

PomarConnectionInfo *
pomar_store_reader_get_connection (PomarStoreReader  *reader,
                                   const char        *name,
                                   GError           **error)
{
  g_autoptr (GError) local_error = NULL;
  PomarConnectionInfo *info;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = get_row (reader, SQL_CONNECTION, name, NULL, read_connection,
                  (GDestroyNotify) pomar_connection_info_free, &local_error);
  if (info == NULL && local_error == NULL)
    g_set_error (&local_error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                 _("There is no connection named “%s”."), name);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return info;
}

/* Scanning ----------------------------------------------------------------- */

typedef struct
{
  const char     *name;
  PomarFieldType  type;
} Column;

#define MAX_COLUMNS 15

typedef struct
{
  const char *sql;
  Column      columns[MAX_COLUMNS];
} Scan;

/* The contract's field names and order, per collection; accounts, which
 * gain computed fields, are walked by pomar_store_scan_accounts(). */
static const Scan scans[POMAR_N_COLLECTIONS] = {
  [POMAR_COLLECTION_CONTACTS] = {
    "SELECT id, account_id, name, email, title, role, updated_at, version"
    " FROM contacts ORDER BY id",
    {
      { "id", POMAR_FIELD_STRING },
      { "account_id", POMAR_FIELD_STRING },
      { "name", POMAR_FIELD_STRING },
      { "email", POMAR_FIELD_STRING },
      { "title", POMAR_FIELD_STRING },
      { "role", POMAR_FIELD_STRING },
      { "updated_at", POMAR_FIELD_STRING },
      { "version", POMAR_FIELD_INT },
    },
  },
  [POMAR_COLLECTION_TICKETS] = {
    "SELECT id, account_id, subject, status, priority, type, created_at, updated_at,"
    " solved_at, version FROM tickets ORDER BY id",
    {
      { "id", POMAR_FIELD_STRING },
      { "account_id", POMAR_FIELD_STRING },
      { "subject", POMAR_FIELD_STRING },
      { "status", POMAR_FIELD_STRING },
      { "priority", POMAR_FIELD_STRING },
      { "type", POMAR_FIELD_STRING },
      { "created_at", POMAR_FIELD_STRING },
      { "updated_at", POMAR_FIELD_STRING },
      { "solved_at", POMAR_FIELD_STRING },
      { "version", POMAR_FIELD_INT },
    },
  },
  [POMAR_COLLECTION_USAGE] = {
    "SELECT id, account_id, day, active_users, sessions, events, features, updated_at,"
    " version FROM usage ORDER BY id",
    {
      { "id", POMAR_FIELD_STRING },
      { "account_id", POMAR_FIELD_STRING },
      { "day", POMAR_FIELD_STRING },
      { "active_users", POMAR_FIELD_INT },
      { "sessions", POMAR_FIELD_INT },
      { "events", POMAR_FIELD_INT },
      { "features", POMAR_FIELD_JSON },
      { "updated_at", POMAR_FIELD_STRING },
      { "version", POMAR_FIELD_INT },
    },
  },
  [POMAR_COLLECTION_RESPONSES] = {
    "SELECT id, account_id, contact_id, kind, score, comment, responded_at, updated_at,"
    " version FROM responses ORDER BY id",
    {
      { "id", POMAR_FIELD_STRING },
      { "account_id", POMAR_FIELD_STRING },
      { "contact_id", POMAR_FIELD_STRING },
      { "kind", POMAR_FIELD_STRING },
      { "score", POMAR_FIELD_INT },
      { "comment", POMAR_FIELD_STRING },
      { "responded_at", POMAR_FIELD_STRING },
      { "updated_at", POMAR_FIELD_STRING },
      { "version", POMAR_FIELD_INT },
    },
  },
  [POMAR_COLLECTION_ACTIVITIES] = {
    "SELECT id, account_id, kind, author, body, occurred_at, updated_at, version"
    " FROM activities ORDER BY id",
    {
      { "id", POMAR_FIELD_STRING },
      { "account_id", POMAR_FIELD_STRING },
      { "kind", POMAR_FIELD_STRING },
      { "author", POMAR_FIELD_STRING },
      { "body", POMAR_FIELD_STRING },
      { "occurred_at", POMAR_FIELD_STRING },
      { "updated_at", POMAR_FIELD_STRING },
      { "version", POMAR_FIELD_INT },
    },
  },
};

gboolean
pomar_store_reader_scan (PomarStoreReader  *reader,
                         PomarCollection    collection,
                         PomarRowFunc       func,
                         gpointer           user_data,
                         GError           **error)
{
  const Scan *scan;
  PomarField fields[MAX_COLUMNS];
  sqlite3_stmt *stmt = NULL;
  guint n_fields;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (collection < POMAR_N_COLLECTIONS, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (collection == POMAR_COLLECTION_ACCOUNTS)
    return pomar_store_scan_accounts (reader, func, user_data, error);

  scan = &scans[collection];
  for (n_fields = 0; n_fields < MAX_COLUMNS && scan->columns[n_fields].name != NULL; n_fields++)
    ;

  /* Not from the cache: @func may use this reader for another scan, and a
   * cached statement would still be stepping. One prepare per scan costs
   * nothing next to the walk. */
  rc = sqlite3_prepare_v2 (reader->db->db, scan->sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return pomar_db_set_error (reader->db, rc, error);

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (guint i = 0; i < n_fields; i++)
        {
          PomarField *field = &fields[i];

          field->name = scan->columns[i].name;
          field->i = 0;
          field->d = 0.0;
          field->s = NULL;

          if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
            {
              field->type = POMAR_FIELD_NULL;
              continue;
            }

          field->type = scan->columns[i].type;
          switch (field->type)
            {
            case POMAR_FIELD_INT:
            case POMAR_FIELD_BOOLEAN:
              field->i = sqlite3_column_int64 (stmt, i);
              break;
            case POMAR_FIELD_DOUBLE:
              field->d = sqlite3_column_double (stmt, i);
              break;
            case POMAR_FIELD_STRING:
            case POMAR_FIELD_JSON:
              field->s = (const char *) sqlite3_column_text (stmt, i);
              break;
            case POMAR_FIELD_NULL:
            default:
              break;
            }
        }

      ok = func (fields, n_fields, user_data, error);
    }

  if (ok && rc != SQLITE_DONE)
    ok = pomar_db_set_error (reader->db, rc, error);

  sqlite3_finalize (stmt);
  return ok;
}

/* Integrity ---------------------------------------------------------------- */

gboolean
pomar_store_reader_check_integrity (PomarStoreReader  *reader,
                                    char             **report,
                                    GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autoptr (GString) text = NULL;
  g_autofree char *name = NULL;
  int rc;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = pomar_db_prepare (reader->db, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;

  text = g_string_new (NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, (const char *) sqlite3_column_text (stmt, 0));
    }
  if (rc != SQLITE_DONE)
    return pomar_db_set_error (reader->db, rc, error);

  if (report != NULL)
    *report = g_strdup (text->str);

  if (g_str_equal (text->str, "ok"))
    return TRUE;

  name = g_filename_display_name (reader->db->path);
  g_set_error (error, POMAR_ERROR, POMAR_ERROR_CORRUPT,
               _("Pomar’s cache at “%s” is damaged: %s"), name, text->str);
  return FALSE;
}
