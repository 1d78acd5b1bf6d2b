/* pomar-store-writer.c: everything a write func can do to the cache.
 *
 * These run on the writer thread, inside the transaction that
 * pomar-store.c opened for the job. The upserts follow the contract's rule
 * (keep the higher version; on a tie, the copy received later wins) with one
 * INSERT ... ON CONFLICT DO UPDATE ... WHERE excluded.version >= version per
 * record: SQLite itself leaves the stored row alone when it is newer, and
 * sqlite3_changes() says whether it did.
 *
 * Tombstones are kept in their own table so that an older copy of a deleted
 * record cannot bring it back. Usage rows arrive by the million, so the
 * usage path does no work the rules do not need: no tombstone lookup while
 * there are no usage tombstones, and no lookup of the stored version unless
 * the caller asked for the outcome.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "core/pomar-error.h"
#include "core/pomar-stage.h"
#include "store/pomar-store-private.h"

PomarStoreWriter *
pomar_store_writer_new (PomarDb             *db,
                        PomarDeriveSettings *settings)
{
  PomarStoreWriter *writer;

  writer = g_new0 (PomarStoreWriter, 1);
  writer->db = db;
  writer->settings = settings;
  writer->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return writer;
}

void
pomar_store_writer_touch_from (PomarStoreWriter *writer,
                               const char       *account_id,
                               PomarDay          ttv_from)
{
  gpointer value;

  if (account_id == NULL || *account_id == '\0')
    return;
  /* Looked up first: the usage of one account arrives row by row. */
  if (g_hash_table_lookup_extended (writer->touched, account_id, NULL, &value))
    {
      if (ttv_from < GPOINTER_TO_UINT (value))
        g_hash_table_insert (writer->touched, g_strdup (account_id), GUINT_TO_POINTER (ttv_from));
    }
  else
    g_hash_table_insert (writer->touched, g_strdup (account_id), GUINT_TO_POINTER (ttv_from));
}

void
pomar_store_writer_touch (PomarStoreWriter *writer,
                          const char       *account_id)
{
  pomar_store_writer_touch_from (writer, account_id, POMAR_TTV_FROM_START);
}

void
pomar_store_writer_reset (PomarStoreWriter *writer)
{
  g_hash_table_remove_all (writer->touched);
  writer->triggers_quiet = FALSE;
}

void
pomar_store_writer_set_triggers_quiet (PomarStoreWriter *writer,
                                       gboolean          quiet)
{
  g_return_if_fail (writer != NULL);

  writer->triggers_quiet = quiet;
}

void
pomar_store_writer_free (PomarStoreWriter *writer)
{
  if (writer == NULL)
    return;

  pomar_db_free (writer->db);
  g_clear_pointer (&writer->touched, g_hash_table_unref);
  g_free (writer);
}

static const char SQL_COUNT_TOMBSTONES[] =
  "SELECT collection, count(*) FROM tombstones GROUP BY collection";

gboolean
pomar_store_writer_load_counts (PomarStoreWriter  *writer,
                                GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  int rc;

  memset (writer->tombstones, 0, sizeof writer->tombstones);

  stmt = pomar_db_prepare (writer->db, SQL_COUNT_TOMBSTONES, error);
  if (stmt == NULL)
    {
      /* Unknown: assume there are some, so no lookup is ever skipped. */
      for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
        writer->tombstones[i] = 1;
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PomarCollection collection;

      if (pomar_collection_from_string ((const char *) sqlite3_column_text (stmt, 0), &collection))
        writer->tombstones[collection] = sqlite3_column_int64 (stmt, 1);
    }

  if (rc != SQLITE_DONE)
    {
      for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
        writer->tombstones[i] = 1;
      return pomar_db_set_error (writer->db, rc, error);
    }

  return TRUE;
}

/* Tombstones and versions ------------------------------------------------ */

static const char SQL_TOMBSTONE_VERSION[] =
  "SELECT version FROM tombstones WHERE collection = ?1 AND id = ?2";
static const char SQL_TOMBSTONE_PUT[] =
  "INSERT INTO tombstones (collection, id, version, updated_at) VALUES (?1, ?2, ?3, ?4) "
  "ON CONFLICT (collection, id) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at";
static const char SQL_TOMBSTONE_DELETE[] =
  "DELETE FROM tombstones WHERE collection = ?1 AND id = ?2";

/* Looks up one integer by id; *found tells whether there was a row. */
static gboolean
lookup_version (PomarDb     *db,
                const char  *sql,
                const char  *collection,
                const char  *id,
                gboolean    *found,
                gint64      *version,
                GError     **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  int rc;
  int n = 1;

  stmt = pomar_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (collection != NULL)
    pomar_stmt_bind_text (stmt, n++, collection);
  pomar_stmt_bind_text (stmt, n, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      *version = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      *found = FALSE;
      return TRUE;
    }

  return pomar_db_set_error (db, rc, error);
}

static gboolean
run_by_id (PomarDb     *db,
           const char  *sql,
           const char  *id,
           GError     **error)
{
  g_autoptr (PomarStmt) stmt = NULL;

  stmt = pomar_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  pomar_stmt_bind_text (stmt, 1, id);
  return pomar_db_step_done (db, stmt, error);
}

/* What every collection's upsert needs to know about its table. */
typedef struct
{
  PomarCollection collection;
  const char     *select_version;  /* ?1 = id */
  const char     *delete_by_id;    /* ?1 = id */
  const char     *upsert;          /* ?1 = id, ?2 = version, ?3 = updated_at; ?4 on: bind */
  void          (*bind) (PomarStmt     *stmt,
                         gconstpointer  record);
  const char     *select_account;  /* ?1 = id: the account a stored record belongs to */
  const char   *(*account_of) (gconstpointer record);
} Table;

static const char SQL_ACCOUNT_VERSION[] = "SELECT version FROM accounts WHERE id = ?1";
static const char SQL_ACCOUNT_DELETE[] = "DELETE FROM accounts WHERE id = ?1";
static const char SQL_CONTACT_VERSION[] = "SELECT version FROM contacts WHERE id = ?1";
static const char SQL_CONTACT_DELETE[] = "DELETE FROM contacts WHERE id = ?1";
static const char SQL_TICKET_VERSION[] = "SELECT version FROM tickets WHERE id = ?1";
static const char SQL_TICKET_DELETE[] = "DELETE FROM tickets WHERE id = ?1";
static const char SQL_USAGE_VERSION[] = "SELECT version FROM usage WHERE id = ?1";
static const char SQL_USAGE_DELETE[] = "DELETE FROM usage WHERE id = ?1";
static const char SQL_RESPONSE_VERSION[] = "SELECT version FROM responses WHERE id = ?1";
static const char SQL_RESPONSE_DELETE[] = "DELETE FROM responses WHERE id = ?1";
static const char SQL_ACTIVITY_VERSION[] = "SELECT version FROM activities WHERE id = ?1";
static const char SQL_ACTIVITY_DELETE[] = "DELETE FROM activities WHERE id = ?1";

/* What belongs to an account, removed with it (the outbox stays: a local
 * change still waits for the server's answer). Playbook tasks go with their
 * instances through ON DELETE CASCADE. */
static const char *const account_dependants[] = {
  "DELETE FROM contacts WHERE account_id = ?1",
  "DELETE FROM tickets WHERE account_id = ?1",
  "DELETE FROM usage WHERE account_id = ?1",
  "DELETE FROM responses WHERE account_id = ?1",
  "DELETE FROM activities WHERE account_id = ?1",
  "DELETE FROM stage_history WHERE account_id = ?1",
  "DELETE FROM playbook_instances WHERE account_id = ?1",
};

static const char SQL_STAGE_HISTORY_DELETE[] =
  "DELETE FROM stage_history WHERE activity_id = ?1";

/* What Pomar derived for a deleted account goes with it, and so does the
 * account manager's override: there is nothing left to override. */
static const char *const account_derived[] = {
  "DELETE FROM health WHERE account_id = ?1",
  "DELETE FROM health_overrides WHERE account_id = ?1",
  "DELETE FROM playbook_triggers WHERE account_id = ?1",
};

/* The account a stored record belongs to, before a tombstone removes it. */
static gboolean
touch_stored_owner (PomarStoreWriter  *writer,
                    const Table       *table,
                    const char        *id,
                    GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  int rc;

  if (table->select_account == NULL)
    return TRUE;

  stmt = pomar_db_prepare (writer->db, table->select_account, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      pomar_store_writer_touch (writer, (const char *) sqlite3_column_text (stmt, 0));
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    return TRUE;
  return pomar_db_set_error (writer->db, rc, error);
}

/* Removes the record (an account: with what belongs to it) and remembers
 * its tombstone. The caller decided that @version wins. */
static gboolean
remove_with_tombstone (PomarStoreWriter  *writer,
                       const Table       *table,
                       const char        *id,
                       gint64             version,
                       const char        *updated_at,
                       GError           **error)
{
  const char *collection = pomar_collection_to_string (table->collection);
  g_autoptr (PomarStmt) stmt = NULL;
  gboolean found;
  gint64 stored;

  if (!lookup_version (writer->db, SQL_TOMBSTONE_VERSION, collection, id, &found, &stored, error))
    return FALSE;

  if (table->collection == POMAR_COLLECTION_ACCOUNTS)
    pomar_store_writer_touch (writer, id);
  else if (!touch_stored_owner (writer, table, id, error))
    return FALSE;

  if (!run_by_id (writer->db, table->delete_by_id, id, error))
    return FALSE;

  if (table->collection == POMAR_COLLECTION_ACTIVITIES
      && !run_by_id (writer->db, SQL_STAGE_HISTORY_DELETE, id, error))
    return FALSE;

  if (table->collection == POMAR_COLLECTION_ACCOUNTS)
    {
      for (guint i = 0; i < G_N_ELEMENTS (account_dependants); i++)
        if (!run_by_id (writer->db, account_dependants[i], id, error))
          return FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (account_derived); i++)
        if (!run_by_id (writer->db, account_derived[i], id, error))
          return FALSE;
    }

  stmt = pomar_db_prepare (writer->db, SQL_TOMBSTONE_PUT, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, collection);
  pomar_stmt_bind_text (stmt, 2, id);
  sqlite3_bind_int64 (stmt, 3, version);
  pomar_stmt_bind_text (stmt, 4, updated_at);
  if (!pomar_db_step_done (writer->db, stmt, error))
    return FALSE;

  if (!found)
    writer->tombstones[table->collection]++;
  return TRUE;
}

static gboolean
apply_tombstone (PomarStoreWriter    *writer,
                 const Table         *table,
                 const char          *id,
                 gint64               version,
                 const char          *updated_at,
                 PomarUpsertOutcome  *outcome,
                 GError             **error)
{
  const char *collection = pomar_collection_to_string (table->collection);
  gboolean found;
  gint64 stored;

  /* A stored copy, or an earlier tombstone, with a higher version wins. */
  if (!lookup_version (writer->db, table->select_version, NULL, id, &found, &stored, error))
    return FALSE;
  if (found && stored > version)
    {
      *outcome = POMAR_UPSERT_STALE;
      return TRUE;
    }
  if (!lookup_version (writer->db, SQL_TOMBSTONE_VERSION, collection, id, &found, &stored, error))
    return FALSE;
  if (found && stored > version)
    {
      *outcome = POMAR_UPSERT_STALE;
      return TRUE;
    }

  if (!remove_with_tombstone (writer, table, id, version, updated_at, error))
    return FALSE;
  *outcome = POMAR_UPSERT_DELETED;
  return TRUE;
}

/* Before a live copy is written: is there a newer tombstone for it? */
static gboolean
check_tombstone (PomarStoreWriter  *writer,
                 const Table       *table,
                 const char        *id,
                 gint64             version,
                 gboolean          *stale,
                 gboolean          *tombstoned,
                 GError           **error)
{
  gint64 stored = 0;

  *stale = FALSE;
  *tombstoned = FALSE;

  if (writer->tombstones[table->collection] == 0)
    return TRUE;

  if (!lookup_version (writer->db, SQL_TOMBSTONE_VERSION,
                       pomar_collection_to_string (table->collection),
                       id, tombstoned, &stored, error))
    return FALSE;

  *stale = *tombstoned && stored > version;
  return TRUE;
}

/* Once a live copy replaced a tombstone, the tombstone is forgotten. */
static gboolean
forget_tombstone (PomarStoreWriter  *writer,
                  const Table       *table,
                  const char        *id,
                  GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;

  stmt = pomar_db_prepare (writer->db, SQL_TOMBSTONE_DELETE, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, pomar_collection_to_string (table->collection));
  pomar_stmt_bind_text (stmt, 2, id);
  if (!pomar_db_step_done (writer->db, stmt, error))
    return FALSE;

  writer->tombstones[table->collection]--;
  return TRUE;
}

/* The shared shape of a live-record upsert: tombstone check, optional
 * lookup for the outcome, the bound statement (already bound by the
 * caller), and the bookkeeping after it. */
static gboolean
finish_upsert (PomarStoreWriter    *writer,
               const Table         *table,
               const char          *id,
               gint64               version,
               PomarStmt           *upsert,
               PomarUpsertOutcome  *outcome,
               gboolean            *written,
               GError             **error)
{
  gboolean stale;
  gboolean tombstoned;
  gboolean found = FALSE;
  gint64 stored;

  *written = FALSE;

  if (!check_tombstone (writer, table, id, version, &stale, &tombstoned, error))
    return FALSE;
  if (stale)
    {
      if (outcome != NULL)
        *outcome = POMAR_UPSERT_STALE;
      return TRUE;
    }

  if (outcome != NULL
      && !lookup_version (writer->db, table->select_version, NULL, id, &found, &stored, error))
    return FALSE;

  if (!pomar_db_step_done (writer->db, upsert, error))
    return FALSE;

  *written = sqlite3_changes (writer->db->db) > 0;

  if (*written && tombstoned && !forget_tombstone (writer, table, id, error))
    return FALSE;

  if (outcome != NULL)
    {
      if (!*written)
        *outcome = POMAR_UPSERT_STALE;
      else
        *outcome = found ? POMAR_UPSERT_UPDATED : POMAR_UPSERT_INSERTED;
    }

  return TRUE;
}

static gboolean
check_record (const char  *id,
              GError     **error)
{
  if (id != NULL && *id != '\0')
    return TRUE;

  g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                       _("A record without an id cannot be stored."));
  return FALSE;
}

/* Upserts ---------------------------------------------------------------- */

/* Every upsert statement takes the header every record has at the same
 * places (?1 = id, ?2 = version, ?3 = updated_at), bound by upsert_record;
 * the collection's own columns follow from ?4, bound by its bind func. */

static const char SQL_ACCOUNT_UPSERT[] =
  "INSERT INTO accounts (id, version, updated_at, name, domain, segment, owner, stage, arr,"
  "                      currency, plan, licensed_seats, contract_start, renewal_date,"
  "                      created_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
  "ON CONFLICT (id) DO UPDATE SET"
  "  name = excluded.name, domain = excluded.domain, segment = excluded.segment,"
  "  owner = excluded.owner, stage = excluded.stage, arr = excluded.arr,"
  "  currency = excluded.currency, plan = excluded.plan,"
  "  licensed_seats = excluded.licensed_seats, contract_start = excluded.contract_start,"
  "  renewal_date = excluded.renewal_date, created_at = excluded.created_at,"
  "  updated_at = excluded.updated_at, version = excluded.version "
  "WHERE excluded.version >= accounts.version";

static void
bind_account (PomarStmt     *stmt,
              gconstpointer  data)
{
  const PomarAccount *record = data;

  pomar_stmt_bind_text (stmt, 4, record->name);
  pomar_stmt_bind_text (stmt, 5, record->domain);
  pomar_stmt_bind_text (stmt, 6, record->segment);
  pomar_stmt_bind_text (stmt, 7, record->owner);
  pomar_stmt_bind_text (stmt, 8, record->stage);
  pomar_stmt_bind_double (stmt, 9, record->arr);
  pomar_stmt_bind_text (stmt, 10, record->currency);
  pomar_stmt_bind_text (stmt, 11, record->plan);
  pomar_stmt_bind_int (stmt, 12, record->licensed_seats);
  pomar_stmt_bind_text (stmt, 13, record->contract_start);
  pomar_stmt_bind_text (stmt, 14, record->renewal_date);
  pomar_stmt_bind_text (stmt, 15, record->created_at);
}

static const char SQL_CONTACT_UPSERT[] =
  "INSERT INTO contacts (id, version, updated_at, account_id, name, email, title, role) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
  "ON CONFLICT (id) DO UPDATE SET"
  "  account_id = excluded.account_id, name = excluded.name, email = excluded.email,"
  "  title = excluded.title, role = excluded.role, updated_at = excluded.updated_at,"
  "  version = excluded.version "
  "WHERE excluded.version >= contacts.version";

static void
bind_contact (PomarStmt     *stmt,
              gconstpointer  data)
{
  const PomarContact *record = data;

  pomar_stmt_bind_text (stmt, 4, record->account_id);
  pomar_stmt_bind_text (stmt, 5, record->name);
  pomar_stmt_bind_text (stmt, 6, record->email);
  pomar_stmt_bind_text (stmt, 7, record->title);
  pomar_stmt_bind_text (stmt, 8, record->role);
}

static const char SQL_TICKET_UPSERT[] =
  "INSERT INTO tickets (id, version, updated_at, account_id, subject, status, priority, type,"
  "                     created_at, solved_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
  "ON CONFLICT (id) DO UPDATE SET"
  "  account_id = excluded.account_id, subject = excluded.subject, status = excluded.status,"
  "  priority = excluded.priority, type = excluded.type, created_at = excluded.created_at,"
  "  updated_at = excluded.updated_at, solved_at = excluded.solved_at,"
  "  version = excluded.version "
  "WHERE excluded.version >= tickets.version";

static void
bind_ticket (PomarStmt     *stmt,
             gconstpointer  data)
{
  const PomarTicket *record = data;

  pomar_stmt_bind_text (stmt, 4, record->account_id);
  pomar_stmt_bind_text (stmt, 5, record->subject);
  pomar_stmt_bind_text (stmt, 6, record->status);
  pomar_stmt_bind_text (stmt, 7, record->priority);
  pomar_stmt_bind_text (stmt, 8, record->type);
  pomar_stmt_bind_text (stmt, 9, record->created_at);
  pomar_stmt_bind_text (stmt, 10, record->solved_at);
}

static const char SQL_USAGE_UPSERT[] =
  "INSERT INTO usage (id, version, updated_at, account_id, day, active_users, sessions,"
  "                   events, features) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
  "ON CONFLICT (id) DO UPDATE SET"
  "  account_id = excluded.account_id, day = excluded.day,"
  "  active_users = excluded.active_users, sessions = excluded.sessions,"
  "  events = excluded.events, features = excluded.features,"
  "  updated_at = excluded.updated_at, version = excluded.version "
  "WHERE excluded.version >= usage.version";

static void
bind_usage (PomarStmt     *stmt,
            gconstpointer  data)
{
  const PomarUsage *record = data;

  pomar_stmt_bind_text (stmt, 4, record->account_id);
  pomar_stmt_bind_text (stmt, 5, record->day);
  pomar_stmt_bind_int (stmt, 6, record->active_users);
  pomar_stmt_bind_int (stmt, 7, record->sessions);
  pomar_stmt_bind_int (stmt, 8, record->events);
  pomar_stmt_bind_text (stmt, 9, record->features_json);
}

static const char SQL_RESPONSE_UPSERT[] =
  "INSERT INTO responses (id, version, updated_at, account_id, contact_id, kind, score,"
  "                       comment, responded_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
  "ON CONFLICT (id) DO UPDATE SET"
  "  account_id = excluded.account_id, contact_id = excluded.contact_id,"
  "  kind = excluded.kind, score = excluded.score, comment = excluded.comment,"
  "  responded_at = excluded.responded_at, updated_at = excluded.updated_at,"
  "  version = excluded.version "
  "WHERE excluded.version >= responses.version";

static void
bind_response (PomarStmt     *stmt,
               gconstpointer  data)
{
  const PomarResponse *record = data;

  pomar_stmt_bind_text (stmt, 4, record->account_id);
  pomar_stmt_bind_text (stmt, 5, record->contact_id);
  pomar_stmt_bind_text (stmt, 6, record->kind);
  pomar_stmt_bind_int (stmt, 7, record->score);
  pomar_stmt_bind_text (stmt, 8, record->comment);
  pomar_stmt_bind_text (stmt, 9, record->responded_at);
}

static const char SQL_ACTIVITY_UPSERT[] =
  "INSERT INTO activities (id, version, updated_at, account_id, kind, author, body, occurred_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
  "ON CONFLICT (id) DO UPDATE SET"
  "  account_id = excluded.account_id, kind = excluded.kind, author = excluded.author,"
  "  body = excluded.body, occurred_at = excluded.occurred_at,"
  "  updated_at = excluded.updated_at, version = excluded.version "
  "WHERE excluded.version >= activities.version";

static void
bind_activity (PomarStmt     *stmt,
               gconstpointer  data)
{
  const PomarActivity *record = data;

  pomar_stmt_bind_text (stmt, 4, record->account_id);
  pomar_stmt_bind_text (stmt, 5, record->kind);
  pomar_stmt_bind_text (stmt, 6, record->author);
  pomar_stmt_bind_text (stmt, 7, record->body);
  pomar_stmt_bind_text (stmt, 8, record->occurred_at);
}

/* The account each record belongs to, for the figures to derive again. */
static const char *account_of_account (gconstpointer r) { return ((const PomarAccount *) r)->id; }
static const char *account_of_contact (gconstpointer r) { return ((const PomarContact *) r)->account_id; }
static const char *account_of_ticket (gconstpointer r) { return ((const PomarTicket *) r)->account_id; }
static const char *account_of_usage (gconstpointer r) { return ((const PomarUsage *) r)->account_id; }
static const char *account_of_response (gconstpointer r) { return ((const PomarResponse *) r)->account_id; }
static const char *account_of_activity (gconstpointer r) { return ((const PomarActivity *) r)->account_id; }

static const Table tables[POMAR_N_COLLECTIONS] = {
  [POMAR_COLLECTION_ACCOUNTS] = { POMAR_COLLECTION_ACCOUNTS, SQL_ACCOUNT_VERSION, SQL_ACCOUNT_DELETE,
                                  SQL_ACCOUNT_UPSERT, bind_account,
    NULL, account_of_account },
  [POMAR_COLLECTION_CONTACTS] = { POMAR_COLLECTION_CONTACTS, SQL_CONTACT_VERSION, SQL_CONTACT_DELETE,
                                  SQL_CONTACT_UPSERT, bind_contact,
    "SELECT account_id FROM contacts WHERE id = ?1", account_of_contact },
  [POMAR_COLLECTION_TICKETS] = { POMAR_COLLECTION_TICKETS, SQL_TICKET_VERSION, SQL_TICKET_DELETE,
                                 SQL_TICKET_UPSERT, bind_ticket,
    "SELECT account_id FROM tickets WHERE id = ?1", account_of_ticket },
  [POMAR_COLLECTION_USAGE] = { POMAR_COLLECTION_USAGE, SQL_USAGE_VERSION, SQL_USAGE_DELETE,
                               SQL_USAGE_UPSERT, bind_usage,
    "SELECT account_id FROM usage WHERE id = ?1", account_of_usage },
  [POMAR_COLLECTION_RESPONSES] = { POMAR_COLLECTION_RESPONSES, SQL_RESPONSE_VERSION, SQL_RESPONSE_DELETE,
                                   SQL_RESPONSE_UPSERT, bind_response,
    "SELECT account_id FROM responses WHERE id = ?1", account_of_response },
  [POMAR_COLLECTION_ACTIVITIES] = { POMAR_COLLECTION_ACTIVITIES, SQL_ACTIVITY_VERSION, SQL_ACTIVITY_DELETE,
                                    SQL_ACTIVITY_UPSERT, bind_activity,
    "SELECT account_id FROM activities WHERE id = ?1", account_of_activity },
};

/* One record of any collection: a tombstone, or the live copy through the
 * table's upsert statement. id, version, updated_at and deleted are the
 * record's header; record itself goes to the table's bind func. *written
 * (may be NULL) tells whether a live copy was stored, never for a tombstone. */
static gboolean
upsert_record (PomarStoreWriter    *writer,
               const Table         *table,
               gconstpointer        record,
               const char          *id,
               gint64               version,
               const char          *updated_at,
               gboolean             deleted,
               PomarUpsertOutcome  *outcome,
               gboolean            *written,
               GError             **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  PomarUpsertOutcome unused;
  gboolean ignored;

  if (written == NULL)
    written = &ignored;
  *written = FALSE;

  if (!check_record (id, error))
    return FALSE;
  if (deleted)
    return apply_tombstone (writer, table, id, version, updated_at,
                            outcome != NULL ? outcome : &unused, error);

  /* A record that moves from one account to another changes both; usage
   * rows (by far the most numerous) are a day of one account and never
   * move, so they skip the lookup. */
  if (table->collection != POMAR_COLLECTION_USAGE
      && !touch_stored_owner (writer, table, id, error))
    return FALSE;

  stmt = pomar_db_prepare (writer->db, table->upsert, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, version);
  pomar_stmt_bind_text (stmt, 3, updated_at);
  table->bind (stmt, record);

  if (!finish_upsert (writer, table, id, version, stmt, outcome, written, error))
    return FALSE;

  if (*written)
    {
      /* Time to value reads usage and the account only, and a usage row
       * changes it from its own day on. */
      PomarDay ttv_from = POMAR_TTV_UNAFFECTED;

      if (table->collection == POMAR_COLLECTION_ACCOUNTS)
        ttv_from = POMAR_TTV_FROM_START;
      else if (table->collection == POMAR_COLLECTION_USAGE)
        {
          ttv_from = pomar_day_parse (((const PomarUsage *) record)->day);
          if (ttv_from == POMAR_NO_DAY)
            ttv_from = POMAR_TTV_FROM_START;
        }
      pomar_store_writer_touch_from (writer, table->account_of (record), ttv_from);
    }
  return TRUE;
}

/* The record types share their header fields by name, not by type. */
#define UPSERT_RECORD(writer, collection, record, outcome, written, error)              \
  upsert_record ((writer), &tables[(collection)], (record), (record)->id,               \
                 (record)->version, (record)->updated_at, (record)->deleted,            \
                 (outcome), (written), (error))

/* Accounts and their sources ---------------------------------------------------- */

/* An account is what its sources say of it (migration 3 in
 * pomar-store-migrations.c): each connection's copy is kept in
 * account_sources under the connection's own id, and the accounts row is
 * put together from the live copies. A copy is matched to its account once,
 * when it is first seen: by the id it had before (the same connection), else
 * by an account of that very id (pomar's ids are global), else by domain
 * with an account no copy of this connection belongs to yet, else it makes
 * an account of its own. Rows of other collections that pointed at the
 * copy's default id before the copy arrived are moved to the account. */

static const char SQL_SOURCE_GET[] =
  "SELECT account_id, version, deleted FROM account_sources WHERE connection = ?1 AND source_id = ?2";

static const char SQL_SOURCE_BY_DOMAIN[] =
  "SELECT account_id FROM account_sources AS s"
  " WHERE domain_key = ?1 AND connection <> ?2 AND NOT deleted"
  "   AND NOT EXISTS (SELECT 1 FROM account_sources AS o"
  "                    WHERE o.account_id = s.account_id AND o.connection = ?2)"
  " ORDER BY account_id LIMIT 1";

static const char SQL_SOURCE_PUT[] =
  "INSERT INTO account_sources (connection, source_id, account_id, rank, domain_key, version,"
  "                             deleted, updated_at, name, domain, segment, owner, stage, arr,"
  "                             currency, plan, licensed_seats, contract_start, renewal_date,"
  "                             created_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20) "
  "ON CONFLICT (connection, source_id) DO UPDATE SET"
  "  rank = excluded.rank, domain_key = excluded.domain_key, version = excluded.version,"
  "  deleted = excluded.deleted, updated_at = excluded.updated_at, name = excluded.name,"
  "  domain = excluded.domain, segment = excluded.segment, owner = excluded.owner,"
  "  stage = excluded.stage, arr = excluded.arr, currency = excluded.currency,"
  "  plan = excluded.plan, licensed_seats = excluded.licensed_seats,"
  "  contract_start = excluded.contract_start, renewal_date = excluded.renewal_date,"
  "  created_at = excluded.created_at";

/* The live copies of one account, the one that speaks first first: lower
 * rank, then the most recently updated. */
static const char SQL_SOURCES_OF[] =
  "SELECT version, updated_at, name, domain, segment, owner, stage, arr, currency, plan,"
  "       licensed_seats, contract_start, renewal_date, created_at"
  "  FROM account_sources WHERE account_id = ?1 AND NOT deleted"
  " ORDER BY rank, updated_at DESC, connection";

static const char SQL_SOURCES_MAX_VERSION[] =
  "SELECT max(version), max(updated_at) FROM account_sources WHERE account_id = ?1";

static const char SQL_ACCOUNT_PUT[] =
  "INSERT INTO accounts (id, version, updated_at, name, domain, segment, owner, stage, arr,"
  "                      currency, plan, licensed_seats, contract_start, renewal_date,"
  "                      created_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
  "ON CONFLICT (id) DO UPDATE SET"
  "  name = excluded.name, domain = excluded.domain, segment = excluded.segment,"
  "  owner = excluded.owner, stage = excluded.stage, arr = excluded.arr,"
  "  currency = excluded.currency, plan = excluded.plan,"
  "  licensed_seats = excluded.licensed_seats, contract_start = excluded.contract_start,"
  "  renewal_date = excluded.renewal_date, created_at = excluded.created_at,"
  "  updated_at = excluded.updated_at, version = excluded.version";

/* Where rows that named an account before it arrived are moved. */
static const char *const account_relinks[] = {
  "UPDATE contacts SET account_id = ?1 WHERE account_id = ?2",
  "UPDATE tickets SET account_id = ?1 WHERE account_id = ?2",
  "UPDATE usage SET account_id = ?1 WHERE account_id = ?2",
  "UPDATE responses SET account_id = ?1 WHERE account_id = ?2",
  "UPDATE activities SET account_id = ?1 WHERE account_id = ?2",
  "UPDATE stage_history SET account_id = ?1 WHERE account_id = ?2",
};

static gboolean
find_account_for_source (PomarStoreWriter  *writer,
                         const char        *connection,
                         const char        *default_id,
                         const char        *domain_key,
                         char             **account_id,
                         GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  gboolean found;
  gint64 version;
  int rc;

  *account_id = NULL;

  /* An account of that id: the same one (pomar's ids are the server's). */
  if (!lookup_version (writer->db, SQL_ACCOUNT_VERSION, NULL, default_id, &found, &version, error))
    return FALSE;
  if (found)
    {
      *account_id = g_strdup (default_id);
      return TRUE;
    }

  if (domain_key != NULL)
    {
      stmt = pomar_db_prepare (writer->db, SQL_SOURCE_BY_DOMAIN, error);
      if (stmt == NULL)
        return FALSE;
      pomar_stmt_bind_text (stmt, 1, domain_key);
      pomar_stmt_bind_text (stmt, 2, connection);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        *account_id = pomar_stmt_dup_text (stmt, 0);
      else if (rc != SQLITE_DONE)
        return pomar_db_set_error (writer->db, rc, error);
    }

  if (*account_id == NULL)
    *account_id = g_strdup (default_id);
  return TRUE;
}

static void
merge_text (char      **into,
            PomarStmt  *stmt,
            int         column)
{
  if (*into == NULL)
    *into = pomar_stmt_dup_text (stmt, column);
}

static const char SQL_PENDING_STAGE_MOVE[] =
  "SELECT json_extract (payload, '$.to') FROM outbox"
  " WHERE account_id = ?1 AND kind = 'stage_move' AND state = 'pending'"
  " ORDER BY seq DESC LIMIT 1";

/* The stage of the newest stage move of @account_id waiting in the outbox,
 * into *@stage; left alone when there is none. */
static gboolean
pending_stage_move (PomarStoreWriter  *writer,
                    const char        *account_id,
                    char             **stage,
                    GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  int rc;

  stmt = pomar_db_prepare (writer->db, SQL_PENDING_STAGE_MOVE, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (sqlite3_column_type (stmt, 0) == SQLITE_TEXT)
        {
          g_free (*stage);
          *stage = pomar_stmt_dup_text (stmt, 0);
        }
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return pomar_db_set_error (writer->db, rc, error);
  return TRUE;
}

static const char SQL_LOCAL_STAGE[] =
  "SELECT json_extract (payload, '$.to') FROM outbox "
  "WHERE account_id = ?1 AND kind = 'stage_move' ORDER BY seq DESC LIMIT 1";

static gboolean
apply_local_stage (PomarStoreWriter  *writer,
                   const char        *account_id,
                   PomarAccount      *merged,
                   GError           **error)
{
  g_autoptr (PomarStmt) stmt = pomar_db_prepare (writer->db, SQL_LOCAL_STAGE, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return pomar_db_set_error (writer->db, rc, error);
  if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      g_free (merged->stage);
      merged->stage = pomar_stmt_dup_text (stmt, 0);
    }
  return TRUE;
}

/* Puts the accounts row of @account_id together from its live copies; with
 * none left, the account is deleted (and what belongs to it). */
static gboolean
put_merged_account (PomarStoreWriter  *writer,
                    const char        *account_id,
                    GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autoptr (PomarStmt) put = NULL;
  PomarAccount merged = { 0 };
  gboolean any = FALSE;
  gboolean tombstoned = FALSE;
  gboolean stale;
  int rc;

  merged.arr = NAN;
  merged.licensed_seats = POMAR_NO_INT;

  stmt = pomar_db_prepare (writer->db, SQL_SOURCES_OF, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!any)
        {
          merged.version = sqlite3_column_int64 (stmt, 0);
          merged.updated_at = pomar_stmt_dup_text (stmt, 1);
          any = TRUE;
        }
      merge_text (&merged.name, stmt, 2);
      merge_text (&merged.domain, stmt, 3);
      merge_text (&merged.segment, stmt, 4);
      merge_text (&merged.owner, stmt, 5);
      merge_text (&merged.stage, stmt, 6);
      if (isnan (merged.arr))
        merged.arr = pomar_stmt_get_double (stmt, 7);
      merge_text (&merged.currency, stmt, 8);
      merge_text (&merged.plan, stmt, 9);
      if (merged.licensed_seats == POMAR_NO_INT)
        merged.licensed_seats = pomar_stmt_get_int (stmt, 10);
      merge_text (&merged.contract_start, stmt, 11);
      merge_text (&merged.renewal_date, stmt, 12);
      merge_text (&merged.created_at, stmt, 13);
    }
  if (rc != SQLITE_DONE)
    {
      pomar_account_clear (&merged);
      return pomar_db_set_error (writer->db, rc, error);
    }

  /* A stage move made here and not sent yet outranks every copy: a sync
   * must not undo it silently (domain.md, Offline). */
  if (any && !pending_stage_move (writer, account_id, &merged.stage, error))
    {
      pomar_account_clear (&merged);
      return FALSE;
    }

  if (!any)
    {
      g_autoptr (PomarStmt) newest = NULL;
      gboolean found;
      gint64 stored;

      pomar_account_clear (&merged);
      newest = pomar_db_prepare (writer->db, SQL_SOURCES_MAX_VERSION, error);
      if (newest == NULL)
        return FALSE;
      pomar_stmt_bind_text (newest, 1, account_id);
      if ((rc = sqlite3_step (newest)) != SQLITE_ROW)
        return pomar_db_set_error (writer->db, rc, error);
      /* Nothing to remove, and an earlier tombstone says enough. */
      if (!lookup_version (writer->db, SQL_ACCOUNT_VERSION, NULL, account_id, &found, &stored, error))
        return FALSE;
      if (!found && !check_tombstone (writer, &tables[POMAR_COLLECTION_ACCOUNTS], account_id, 0,
                                      &stale, &tombstoned, error))
        return FALSE;
      if (!found && tombstoned)
        return TRUE;
      return remove_with_tombstone (writer, &tables[POMAR_COLLECTION_ACCOUNTS], account_id,
                                    sqlite3_column_int64 (newest, 0),
                                    (const char *) sqlite3_column_text (newest, 1), error);
    }

  /* A stage move made here and not yet taken by the server (pending, or
   * a conflict the user has not settled) stays what the account shows. */
  if (!apply_local_stage (writer, account_id, &merged, error))
    {
      pomar_account_clear (&merged);
      return FALSE;
    }

  put = pomar_db_prepare (writer->db, SQL_ACCOUNT_PUT, error);
  if (put == NULL)
    {
      pomar_account_clear (&merged);
      return FALSE;
    }
  pomar_stmt_bind_text (put, 1, account_id);
  sqlite3_bind_int64 (put, 2, merged.version);
  pomar_stmt_bind_text (put, 3, merged.updated_at);
  bind_account (put, &merged);
  if (!pomar_db_step_done (writer->db, put, error)
      || !check_tombstone (writer, &tables[POMAR_COLLECTION_ACCOUNTS], account_id, 0,
                           &stale, &tombstoned, error)
      || (tombstoned && !forget_tombstone (writer, &tables[POMAR_COLLECTION_ACCOUNTS], account_id, error)))
    {
      pomar_account_clear (&merged);
      return FALSE;
    }
  pomar_account_clear (&merged);

  pomar_store_writer_touch (writer, account_id);
  return TRUE;
}

static gboolean
relink (PomarStoreWriter  *writer,
        const char        *from,
        const char        *to,
        GError           **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (account_relinks); i++)
    {
      g_autoptr (PomarStmt) stmt = pomar_db_prepare (writer->db, account_relinks[i], error);

      if (stmt == NULL)
        return FALSE;
      pomar_stmt_bind_text (stmt, 1, to);
      pomar_stmt_bind_text (stmt, 2, from);
      if (!pomar_db_step_done (writer->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
pomar_store_writer_upsert_account_source (PomarStoreWriter    *writer,
                                          const char          *connection,
                                          int                  rank,
                                          const char          *default_id,
                                          const PomarAccount  *record,
                                          char               **account_id,
                                          PomarUpsertOutcome  *outcome,
                                          GError             **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autofree char *local_id = NULL;
  g_autofree char *domain_key = NULL;
  gboolean known = FALSE;
  gboolean was_deleted = FALSE;
  gint64 stored = 0;
  PomarUpsertOutcome result;
  int rc;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (connection != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (account_id != NULL)
    *account_id = NULL;
  if (!check_record (record->id, error) || !check_record (default_id, error))
    return FALSE;

  stmt = pomar_db_prepare (writer->db, SQL_SOURCE_GET, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, connection);
  pomar_stmt_bind_text (stmt, 2, record->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      known = TRUE;
      local_id = pomar_stmt_dup_text (stmt, 0);
      stored = sqlite3_column_int64 (stmt, 1);
      was_deleted = sqlite3_column_int (stmt, 2) != 0;
    }
  else if (rc != SQLITE_DONE)
    return pomar_db_set_error (writer->db, rc, error);
  g_clear_pointer (&stmt, pomar_stmt_release);

  /* The contract's rule, per source: the higher version; a tie, the later. */
  if (known && stored > record->version)
    {
      if (outcome != NULL)
        *outcome = POMAR_UPSERT_STALE;
      if (account_id != NULL)
        *account_id = g_steal_pointer (&local_id);
      return TRUE;
    }

  domain_key = record->deleted ? NULL : pomar_domain_key (record->domain);
  if (!known)
    {
      if (record->deleted)
        local_id = g_strdup (default_id);
      else if (!find_account_for_source (writer, connection, default_id, domain_key, &local_id, error))
        return FALSE;
    }

  stmt = pomar_db_prepare (writer->db, SQL_SOURCE_PUT, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, connection);
  pomar_stmt_bind_text (stmt, 2, record->id);
  pomar_stmt_bind_text (stmt, 3, local_id);
  sqlite3_bind_int (stmt, 4, rank);
  pomar_stmt_bind_text (stmt, 5, domain_key);
  sqlite3_bind_int64 (stmt, 6, record->version);
  sqlite3_bind_int (stmt, 7, record->deleted ? 1 : 0);
  pomar_stmt_bind_text (stmt, 8, record->updated_at);
  pomar_stmt_bind_text (stmt, 9, record->name);
  pomar_stmt_bind_text (stmt, 10, record->domain);
  pomar_stmt_bind_text (stmt, 11, record->segment);
  pomar_stmt_bind_text (stmt, 12, record->owner);
  pomar_stmt_bind_text (stmt, 13, record->stage);
  pomar_stmt_bind_double (stmt, 14, record->arr);
  pomar_stmt_bind_text (stmt, 15, record->currency);
  pomar_stmt_bind_text (stmt, 16, record->plan);
  pomar_stmt_bind_int (stmt, 17, record->licensed_seats);
  pomar_stmt_bind_text (stmt, 18, record->contract_start);
  pomar_stmt_bind_text (stmt, 19, record->renewal_date);
  pomar_stmt_bind_text (stmt, 20, record->created_at);
  if (!pomar_db_step_done (writer->db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, pomar_stmt_release);

  /* A connection's copy takes over from the local one of the same id
   * (accounts cached before sources were kept, or the demo's). */
  if (*connection != '\0' && g_str_equal (local_id, record->id))
    {
      stmt = pomar_db_prepare (writer->db,
                               "DELETE FROM account_sources WHERE connection = '' AND source_id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      pomar_stmt_bind_text (stmt, 1, record->id);
      if (!pomar_db_step_done (writer->db, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, pomar_stmt_release);
    }

  if (!known && !g_str_equal (local_id, default_id)
      && !relink (writer, default_id, local_id, error))
    return FALSE;

  if (!put_merged_account (writer, local_id, error))
    return FALSE;

  if (record->deleted)
    result = POMAR_UPSERT_DELETED;
  else
    result = known && !was_deleted ? POMAR_UPSERT_UPDATED : POMAR_UPSERT_INSERTED;
  if (outcome != NULL)
    *outcome = result;
  if (account_id != NULL)
    *account_id = g_steal_pointer (&local_id);
  return TRUE;
}

/* Ids (with their versions) that a query lists, gathered before any is
 * changed. */
static gboolean
collect_ids (PomarStoreWriter  *writer,
             PomarStmt         *stmt,
             GHashTable        *seen,
             GPtrArray         *ids,
             GArray            *versions,
             GError           **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      gint64 version = sqlite3_column_int64 (stmt, 1);

      if (g_hash_table_contains (seen, id))
        continue;
      g_ptr_array_add (ids, g_strdup (id));
      g_array_append_val (versions, version);
    }
  if (rc != SQLITE_DONE)
    return pomar_db_set_error (writer->db, rc, error);
  return TRUE;
}

gboolean
pomar_store_writer_delete_unseen (PomarStoreWriter  *writer,
                                  const char        *connection,
                                  PomarCollection    collection,
                                  const char        *id_prefix,
                                  GHashTable        *seen,
                                  const char        *now,
                                  guint64           *deleted,
                                  GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) versions = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *end = NULL;   /* bound to the statement: lives as long */

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (collection < POMAR_N_COLLECTIONS, FALSE);
  g_return_val_if_fail (seen != NULL, FALSE);

  if (deleted != NULL)
    *deleted = 0;

  if (collection == POMAR_COLLECTION_ACCOUNTS)
    {
      stmt = pomar_db_prepare (writer->db,
                               "SELECT source_id, version FROM account_sources"
                               " WHERE connection = ?1 AND NOT deleted", error);
      if (stmt == NULL)
        return FALSE;
      pomar_stmt_bind_text (stmt, 1, connection);
    }
  else
    {
      g_autofree char *sql = NULL;
      gsize length;

      g_return_val_if_fail (id_prefix != NULL && *id_prefix != '\0', FALSE);
      /* The ids that start with the prefix: a range the primary key serves. */
      end = g_strdup (id_prefix);
      length = strlen (end);
      end[length - 1]++;
      sql = g_strdup_printf ("SELECT id, version FROM %s WHERE id >= ?1 AND id < ?2",
                             pomar_collection_to_string (collection));
      stmt = pomar_db_prepare (writer->db, sql, error);
      if (stmt == NULL)
        return FALSE;
      pomar_stmt_bind_text (stmt, 1, id_prefix);
      pomar_stmt_bind_text (stmt, 2, end);
    }
  if (!collect_ids (writer, stmt, seen, ids, versions, error))
    return FALSE;
  g_clear_pointer (&stmt, pomar_stmt_release);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      gint64 version = g_array_index (versions, gint64, i) + 1;

      if (collection == POMAR_COLLECTION_ACCOUNTS)
        {
          PomarAccount tombstone = { .id = (char *) id, .version = version,
                                     .updated_at = (char *) now, .deleted = TRUE };

          if (!pomar_store_writer_upsert_account_source (writer, connection, 0, id, &tombstone,
                                                         NULL, NULL, error))
            return FALSE;
        }
      else if (!remove_with_tombstone (writer, &tables[collection], id, version, now, error))
        return FALSE;
    }
  if (deleted != NULL)
    *deleted = ids->len;
  return TRUE;
}

gboolean
pomar_store_writer_get_ticket_account (PomarStoreWriter  *writer,
                                       const char        *ticket_id,
                                       char             **account_id,
                                       GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (writer != NULL && ticket_id != NULL && account_id != NULL, FALSE);

  *account_id = NULL;
  stmt = pomar_db_prepare (writer->db, tables[POMAR_COLLECTION_TICKETS].select_account, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *account_id = pomar_stmt_dup_text (stmt, 0);
  else if (rc != SQLITE_DONE)
    return pomar_db_set_error (writer->db, rc, error);
  return TRUE;
}

gboolean
pomar_store_writer_upsert_account (PomarStoreWriter    *writer,
                                   const PomarAccount  *record,
                                   PomarUpsertOutcome  *outcome,
                                   GError             **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  return pomar_store_writer_upsert_account_source (writer, "", 0, record->id, record, NULL, outcome, error);
}

gboolean
pomar_store_writer_upsert_contact (PomarStoreWriter    *writer,
                                   const PomarContact  *record,
                                   PomarUpsertOutcome  *outcome,
                                   GError             **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  return UPSERT_RECORD (writer, POMAR_COLLECTION_CONTACTS, record, outcome, NULL, error);
}

gboolean
pomar_store_writer_upsert_ticket (PomarStoreWriter    *writer,
                                  const PomarTicket   *record,
                                  PomarUpsertOutcome  *outcome,
                                  GError             **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  return UPSERT_RECORD (writer, POMAR_COLLECTION_TICKETS, record, outcome, NULL, error);
}

gboolean
pomar_store_writer_upsert_usage (PomarStoreWriter    *writer,
                                 const PomarUsage    *record,
                                 PomarUpsertOutcome  *outcome,
                                 GError             **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  return UPSERT_RECORD (writer, POMAR_COLLECTION_USAGE, record, outcome, NULL, error);
}

gboolean
pomar_store_writer_upsert_response (PomarStoreWriter     *writer,
                                    const PomarResponse  *record,
                                    PomarUpsertOutcome   *outcome,
                                    GError              **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  return UPSERT_RECORD (writer, POMAR_COLLECTION_RESPONSES, record, outcome, NULL, error);
}

static const char SQL_STAGE_HISTORY_PUT[] =
  "INSERT INTO stage_history (activity_id, account_id, from_stage, to_stage, changed_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5) "
  "ON CONFLICT (activity_id) DO UPDATE SET"
  "  account_id = excluded.account_id, from_stage = excluded.from_stage,"
  "  to_stage = excluded.to_stage, changed_at = excluded.changed_at";

/* Reads {"from": ..., "to": ...}. "to" must be a string; "from" may be
 * missing or null (the first stage). Anything else is not a stage change
 * we can chart, and the activity is kept without a history row. */
static gboolean
parse_stage_change (const char  *body,
                    char       **from,
                    char       **to)
{
  g_autoptr (JsonParser) parser = NULL;
  JsonObject *object;
  JsonNode *root;
  JsonNode *node;

  if (body == NULL)
    return FALSE;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, body, -1, NULL))
    return FALSE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);

  node = json_object_get_member (object, "to");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *to = g_strdup (json_node_get_string (node));

  node = json_object_get_member (object, "from");
  if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
    *from = g_strdup (json_node_get_string (node));
  else
    *from = NULL;

  return TRUE;
}

static gboolean
write_stage_history (PomarStoreWriter     *writer,
                     const PomarActivity  *record,
                     GError              **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  /* An activity that is (no longer) a readable stage change has no row. */
  if (g_strcmp0 (record->kind, "stage_change") != 0
      || !parse_stage_change (record->body, &from, &to))
    return run_by_id (writer->db, SQL_STAGE_HISTORY_DELETE, record->id, error);

  stmt = pomar_db_prepare (writer->db, SQL_STAGE_HISTORY_PUT, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, record->id);
  pomar_stmt_bind_text (stmt, 2, record->account_id);
  pomar_stmt_bind_text (stmt, 3, from);
  pomar_stmt_bind_text (stmt, 4, to);
  pomar_stmt_bind_text (stmt, 5, record->occurred_at);

  return pomar_db_step_done (writer->db, stmt, error);
}

gboolean
pomar_store_writer_upsert_activity (PomarStoreWriter     *writer,
                                    const PomarActivity  *record,
                                    PomarUpsertOutcome   *outcome,
                                    GError              **error)
{
  gboolean written;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (!UPSERT_RECORD (writer, POMAR_COLLECTION_ACTIVITIES, record, outcome, &written, error))
    return FALSE;

  /* A stale copy changed nothing, so neither does its history. */
  if (!written)
    return TRUE;

  return write_stage_history (writer, record, error);
}

/* Local changes ------------------------------------------------------------ */

static const char SQL_OUTBOX_DONE[] =
  "DELETE FROM outbox WHERE seq = ?1";
static const char SQL_OUTBOX_FAILED[] =
  "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE seq = ?1";
static const char SQL_OUTBOX_STATE[] =
  "UPDATE outbox SET state = ?2, server_record = ?3, last_error = ?4, connection = ?5 WHERE seq = ?1";

gboolean
pomar_store_writer_outbox_done (PomarStoreWriter  *writer,
                                gint64             seq,
                                GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;

  g_return_val_if_fail (writer != NULL, FALSE);

  stmt = pomar_db_prepare (writer->db, SQL_OUTBOX_DONE, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  return pomar_db_step_done (writer->db, stmt, error);
}

gboolean
pomar_store_writer_outbox_failed (PomarStoreWriter  *writer,
                                  gint64             seq,
                                  const char        *message,
                                  GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;

  g_return_val_if_fail (writer != NULL, FALSE);

  stmt = pomar_db_prepare (writer->db, SQL_OUTBOX_FAILED, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  pomar_stmt_bind_text (stmt, 2, message);
  return pomar_db_step_done (writer->db, stmt, error);
}

static const char SQL_OUTBOX_REBASE[] =
  "UPDATE outbox SET state = 'pending', base_version = ?2, idempotency_key = ?3, server_record = NULL,"
  "                  last_error = NULL "
  "WHERE seq = ?1";
static const char SQL_OUTBOX_MOVE_ACTIVITY[] =
  "SELECT json_extract (payload, '$.activity_id') FROM outbox WHERE seq = ?1 AND kind = 'stage_move'";

gboolean
pomar_store_writer_outbox_rebase (PomarStoreWriter  *writer,
                                  gint64             seq,
                                  gint64             base_version,
                                  const char        *idempotency_key,
                                  GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;

  g_return_val_if_fail (writer != NULL, FALSE);

  stmt = pomar_db_prepare (writer->db, SQL_OUTBOX_REBASE, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int64 (stmt, 2, base_version);
  pomar_stmt_bind_text (stmt, 3, idempotency_key);
  return pomar_db_step_done (writer->db, stmt, error);
}

gboolean
pomar_store_writer_outbox_drop_move (PomarStoreWriter  *writer,
                                     gint64             seq,
                                     GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autofree char *activity_id = NULL;
  int rc;

  g_return_val_if_fail (writer != NULL, FALSE);

  stmt = pomar_db_prepare (writer->db, SQL_OUTBOX_MOVE_ACTIVITY, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return pomar_db_set_error (writer->db, rc, error);
  activity_id = pomar_stmt_dup_text (stmt, 0);

  /* The move never reached the server: its activity and stage-history row
   * go with it (the outcome is recorded by the caller). */
  if (activity_id != NULL
      && (!run_by_id (writer->db, SQL_ACTIVITY_DELETE, activity_id, error)
          || !run_by_id (writer->db, SQL_STAGE_HISTORY_DELETE, activity_id, error)))
    return FALSE;
  return pomar_store_writer_outbox_done (writer, seq, error);
}

gboolean
pomar_store_writer_outbox_set_state (PomarStoreWriter  *writer,
                                     gint64             seq,
                                     const char        *connection,
                                     const char        *state,
                                     const char        *server_record,
                                     const char        *message,
                                     GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (g_strcmp0 (state, "pending") == 0 || g_strcmp0 (state, "conflict") == 0
                        || g_strcmp0 (state, "gone") == 0, FALSE);

  stmt = pomar_db_prepare (writer->db, SQL_OUTBOX_STATE, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  pomar_stmt_bind_text (stmt, 2, state);
  pomar_stmt_bind_text (stmt, 3, server_record);
  pomar_stmt_bind_text (stmt, 4, message);
  pomar_stmt_bind_text (stmt, 5, connection);
  return pomar_db_step_done (writer->db, stmt, error);
}

static const char SQL_ACCOUNT_STAGE_GET[] =
  "SELECT stage, version FROM accounts WHERE id = ?1";
static const char SQL_ACCOUNT_STAGE_SET[] =
  "UPDATE accounts SET stage = ?2 WHERE id = ?1";
static const char SQL_OUTBOX_PUT[] =
  "INSERT INTO outbox (idempotency_key, account_id, kind, payload, base_version, created_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/* @account_id's stage (may be NULL) and version, each if asked for;
 * POMAR_ERROR_NOT_FOUND without such an account. */
static gboolean
get_account_stage (PomarStoreWriter  *writer,
                   const char        *account_id,
                   char             **stage,
                   gint64            *version,
                   GError           **error)
{
  g_autoptr (PomarStmt) stmt = pomar_db_prepare (writer->db, SQL_ACCOUNT_STAGE_GET, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                   _("There is no account “%s” in the cache."), account_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return pomar_db_set_error (writer->db, rc, error);
  if (stage != NULL)
    *stage = pomar_stmt_dup_text (stmt, 0);
  if (version != NULL)
    *version = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

/* {"from": @from or null, "to": @to}, the contract's stage_change body;
 * with @account_id and @activity_id, the outbox payload of the move. */
static char *
stage_move_json (const char *account_id,
                 const char *from,
                 const char *to,
                 const char *activity_id)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  if (account_id != NULL)
    {
      json_builder_set_member_name (builder, "account_id");
      json_builder_add_string_value (builder, account_id);
    }
  json_builder_set_member_name (builder, "from");
  if (from != NULL)
    json_builder_add_string_value (builder, from);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  if (activity_id != NULL)
    {
      json_builder_set_member_name (builder, "activity_id");
      json_builder_add_string_value (builder, activity_id);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

gboolean
pomar_store_writer_move_stage (PomarStoreWriter  *writer,
                               const char        *account_id,
                               const char        *to_stage,
                               const char        *author,
                               const char        *occurred_at,
                               char             **activity_id_out,
                               GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autofree char *from = NULL;
  g_autofree char *activity_id = NULL;
  g_autofree char *when = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *body = NULL;
  g_autofree char *payload = NULL;
  PomarActivity activity = { 0 };
  gint64 version;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (to_stage != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (pomar_stage_from_id (to_stage) == POMAR_STAGE_UNKNOWN)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a journey stage."), to_stage);
      return FALSE;
    }

  if (!get_account_stage (writer, account_id, &from, &version, error))
    return FALSE;

  if (g_strcmp0 (from, to_stage) == 0)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                   _("The account is in %s already."), pomar_stage_id_to_name (to_stage));
      return FALSE;
    }

  if (occurred_at != NULL)
    when = g_strdup (occurred_at);
  else
    {
      g_autoptr (GDateTime) now = pomar_now_utc ();

      when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
    }
  created_at = pomar_store_now ();
  activity_id = g_uuid_string_random ();
  body = stage_move_json (NULL, from, to_stage, NULL);
  payload = stage_move_json (account_id, from, to_stage, activity_id);

  /* The server's copy of the activity, when it comes back, replaces this
   * one (the same id, a version at least as high). */
  activity.id = activity_id;
  activity.version = 1;
  activity.updated_at = when;
  activity.account_id = (char *) account_id;
  activity.kind = (char *) "stage_change";
  activity.author = (char *) author;
  activity.body = body;
  activity.occurred_at = when;
  if (!pomar_store_writer_upsert_activity (writer, &activity, NULL, error))
    return FALSE;

  stmt = pomar_db_prepare (writer->db, SQL_ACCOUNT_STAGE_SET, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  pomar_stmt_bind_text (stmt, 2, to_stage);
  if (!pomar_db_step_done (writer->db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, pomar_stmt_release);

  stmt = pomar_db_prepare (writer->db, SQL_OUTBOX_PUT, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, activity_id);
  pomar_stmt_bind_text (stmt, 2, account_id);
  pomar_stmt_bind_text (stmt, 3, "stage_move");
  pomar_stmt_bind_text (stmt, 4, payload);
  sqlite3_bind_int64 (stmt, 5, version);
  pomar_stmt_bind_text (stmt, 6, created_at);
  if (!pomar_db_step_done (writer->db, stmt, error))
    return FALSE;

  pomar_store_writer_touch (writer, account_id);
  if (activity_id_out != NULL)
    *activity_id_out = g_steal_pointer (&activity_id);
  return TRUE;
}

gboolean
pomar_store_writer_add_local_activity (PomarStoreWriter  *writer,
                                       const char        *account_id,
                                       const char        *kind,
                                       const char        *body,
                                       const char        *author,
                                       char             **activity_id_out,
                                       GError           **error)
{
  static const char * const kinds[] = {
    "note", "meeting", "email", "call", "task_done", "task_reopened", NULL
  };
  g_autoptr (PomarStmt) stmt = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *activity_id = NULL;
  g_autofree char *when = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *trimmed = NULL;
  PomarActivity activity = { 0 };

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_strv_contains (kinds, kind))
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a kind of activity Pomar can add."), kind);
      return FALSE;
    }
  trimmed = g_strstrip (g_strdup (body != NULL ? body : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("The note is empty."));
      return FALSE;
    }
  if (!g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("The note is not valid text."));
      return FALSE;
    }
  if (!get_account_stage (writer, account_id, NULL, NULL, error))
    return FALSE;

  now = pomar_now_utc ();
  when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  created_at = pomar_store_now ();
  activity_id = g_uuid_string_random ();

  activity.id = activity_id;
  activity.version = 1;
  activity.updated_at = when;
  activity.account_id = (char *) account_id;
  activity.kind = (char *) kind;
  activity.author = (char *) author;
  activity.body = trimmed;
  activity.occurred_at = when;
  if (!pomar_store_writer_upsert_activity (writer, &activity, NULL, error))
    return FALSE;

  payload = pomar_activity_to_contract_json (&activity);
  stmt = pomar_db_prepare (writer->db, SQL_OUTBOX_PUT, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, activity_id);
  pomar_stmt_bind_text (stmt, 2, account_id);
  pomar_stmt_bind_text (stmt, 3, "activity");
  pomar_stmt_bind_text (stmt, 4, payload);
  sqlite3_bind_null (stmt, 5);
  pomar_stmt_bind_text (stmt, 6, created_at);
  if (!pomar_db_step_done (writer->db, stmt, error))
    return FALSE;

  pomar_store_writer_touch (writer, account_id);
  if (activity_id_out != NULL)
    *activity_id_out = g_steal_pointer (&activity_id);
  return TRUE;
}

static const char SQL_INSTANCE_GET[] =
  "SELECT account_id, template_id FROM playbook_instances WHERE id = ?1";
static const char SQL_TASK_STATE_GET[] =
  "SELECT state FROM playbook_tasks WHERE instance_id = ?1 AND task_id = ?2";

gboolean
pomar_store_writer_change_task (PomarStoreWriter  *writer,
                                const char        *instance_id,
                                const char        *task_id,
                                const char        *state,
                                const char        *author,
                                const char        *reason,
                                GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *template_id = NULL;
  g_autofree char *before = NULL;
  int rc;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (instance_id != NULL, FALSE);
  g_return_val_if_fail (task_id != NULL, FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  stmt = pomar_db_prepare (writer->db, SQL_INSTANCE_GET, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, instance_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                           _("That playbook is no longer in the cache."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return pomar_db_set_error (writer->db, rc, error);
  account_id = pomar_stmt_dup_text (stmt, 0);
  template_id = pomar_stmt_dup_text (stmt, 1);
  g_clear_pointer (&stmt, pomar_stmt_release);

  stmt = pomar_db_prepare (writer->db, SQL_TASK_STATE_GET, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, instance_id);
  pomar_stmt_bind_text (stmt, 2, task_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    before = pomar_stmt_dup_text (stmt, 0);
  else if (rc != SQLITE_DONE)
    return pomar_db_set_error (writer->db, rc, error);
  g_clear_pointer (&stmt, pomar_stmt_release);

  if (!pomar_store_writer_set_task_state (writer, instance_id, task_id, state, author, reason, error))
    return FALSE;

  /* Done and reopened are the contract's task activities; a skip stays
   * on this computer (the contract has no kind for it). A task that was
   * skipped and is opened again was never done: nothing to reopen. */
  if (account_id != NULL && template_id != NULL
      && g_strcmp0 (before, state) != 0
      && (g_str_equal (state, "done")
          || (g_str_equal (state, "open") && g_strcmp0 (before, "done") == 0)))
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonGenerator) generator = json_generator_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autofree char *body = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "playbook");
      json_builder_add_string_value (builder, template_id);
      json_builder_set_member_name (builder, "task");
      json_builder_add_string_value (builder, task_id);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      body = json_generator_to_data (generator, NULL);

      if (!pomar_store_writer_add_local_activity (writer, account_id,
                                                  g_str_equal (state, "done") ? "task_done" : "task_reopened",
                                                  body, author, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* Playbooks -------------------------------------------------------------- */

/* ON CONFLICT DO UPDATE rather than INSERT OR REPLACE: a replace deletes
 * the row first, and the cascade would take the instance's tasks with it. */
static const char SQL_PLAYBOOK_INSTANCE_PUT[] =
  "INSERT INTO playbook_instances (id, account_id, template_id, \"trigger\", started_at,"
  "                                status, completed_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
  "ON CONFLICT (id) DO UPDATE SET"
  "  account_id = excluded.account_id, template_id = excluded.template_id,"
  "  \"trigger\" = excluded.\"trigger\", started_at = excluded.started_at,"
  "  status = excluded.status, completed_at = excluded.completed_at";

gboolean
pomar_store_writer_put_playbook_instance (PomarStoreWriter             *writer,
                                          const PomarPlaybookInstance  *instance,
                                          GError                      **error)
{
  g_autoptr (PomarStmt) stmt = NULL;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (instance != NULL, FALSE);

  if (!check_record (instance->id, error))
    return FALSE;

  stmt = pomar_db_prepare (writer->db, SQL_PLAYBOOK_INSTANCE_PUT, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, instance->id);
  pomar_stmt_bind_text (stmt, 2, instance->account_id);
  pomar_stmt_bind_text (stmt, 3, instance->template_id);
  pomar_stmt_bind_text (stmt, 4, instance->trigger);
  pomar_stmt_bind_text (stmt, 5, instance->started_at);
  pomar_stmt_bind_text (stmt, 6, instance->status);
  pomar_stmt_bind_text (stmt, 7, instance->completed_at);

  /* A finished onboarding playbook is a reason to suggest a stage move. */
  pomar_store_writer_touch (writer, instance->account_id);
  return pomar_db_step_done (writer->db, stmt, error);
}

static const char SQL_PLAYBOOK_TASK_PUT[] =
  "INSERT INTO playbook_tasks (instance_id, task_id, position, title, due_offset, state,"
  "                            done_by, done_at, skip_reason) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
  "ON CONFLICT (instance_id, task_id) DO UPDATE SET"
  "  position = excluded.position, title = excluded.title,"
  "  due_offset = excluded.due_offset, state = excluded.state,"
  "  done_by = excluded.done_by, done_at = excluded.done_at,"
  "  skip_reason = excluded.skip_reason";

gboolean
pomar_store_writer_put_playbook_task (PomarStoreWriter         *writer,
                                      const PomarPlaybookTask  *task,
                                      GError                  **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (task != NULL, FALSE);

  if (!check_record (task->instance_id, error) || !check_record (task->task_id, error))
    return FALSE;

  stmt = pomar_db_prepare (writer->db, SQL_PLAYBOOK_TASK_PUT, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, task->instance_id);
  pomar_stmt_bind_text (stmt, 2, task->task_id);
  sqlite3_bind_int (stmt, 3, task->position);
  pomar_stmt_bind_text (stmt, 4, task->title);
  pomar_stmt_bind_int (stmt, 5, task->due_offset);
  pomar_stmt_bind_text (stmt, 6, task->state);
  pomar_stmt_bind_text (stmt, 7, task->done_by);
  pomar_stmt_bind_text (stmt, 8, task->done_at);
  pomar_stmt_bind_text (stmt, 9, task->skip_reason);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;

  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                   _("The playbook task “%s” belongs to a playbook “%s” that is not in the cache."),
                   task->task_id, task->instance_id);
      return FALSE;
    }

  return pomar_db_set_error (writer->db, rc, error);
}

/* Clearing, meta, sync state, quarantine --------------------------------- */

gboolean
pomar_store_writer_clear_all (PomarStoreWriter  *writer,
                              gboolean           include_outbox,
                              GError           **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);

  /* Whole-table DELETEs without WHERE let SQLite drop the pages at once. */
  if (!pomar_db_exec (writer->db,
                      "DELETE FROM accounts;"
                      "DELETE FROM contacts;"
                      "DELETE FROM tickets;"
                      "DELETE FROM usage;"
                      "DELETE FROM responses;"
                      "DELETE FROM activities;"
                      "DELETE FROM stage_history;"
                      "DELETE FROM playbook_tasks;"
                      "DELETE FROM playbook_instances;"
                      "DELETE FROM quarantine;"
                      "DELETE FROM sync_state;"
                      "DELETE FROM tombstones;"
                      "DELETE FROM health;"
                      "DELETE FROM health_overrides;"
                      "DELETE FROM playbook_triggers;"
                      "DELETE FROM account_sources;",
                      error))
    return FALSE;

  if (include_outbox && !pomar_db_exec (writer->db, "DELETE FROM outbox;", error))
    return FALSE;

  memset (writer->tombstones, 0, sizeof writer->tombstones);
  return TRUE;
}

static const char SQL_META_SET[] =
  "INSERT INTO meta (key, value) VALUES (?1, ?2) "
  "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
static const char SQL_META_DELETE[] = "DELETE FROM meta WHERE key = ?1";

gboolean
pomar_store_writer_set_meta (PomarStoreWriter  *writer,
                             const char        *key,
                             const char        *value,
                             GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  /* A NULL value unsets the key, so that get_meta answers NULL again. */
  if (value == NULL)
    return run_by_id (writer->db, SQL_META_DELETE, key, error);

  stmt = pomar_db_prepare (writer->db, SQL_META_SET, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, key);
  pomar_stmt_bind_text (stmt, 2, value);

  return pomar_db_step_done (writer->db, stmt, error);
}

/* One sync_state row, keyed by connection and collection (?1, ?2), with
 * @value (?3) and, when the statement has it, @value2 (?4). */
static gboolean
put_sync_state (PomarStoreWriter  *writer,
                const char        *sql,
                const char        *connection,
                PomarCollection    collection,
                const char        *value,
                const char        *value2,
                GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (connection != NULL, FALSE);
  g_return_val_if_fail (collection < POMAR_N_COLLECTIONS, FALSE);

  stmt = pomar_db_prepare (writer->db, sql, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, connection);
  pomar_stmt_bind_text (stmt, 2, pomar_collection_to_string (collection));
  pomar_stmt_bind_text (stmt, 3, value);
  if (sqlite3_bind_parameter_count (stmt) >= 4)
    pomar_stmt_bind_text (stmt, 4, value2);
  return pomar_db_step_done (writer->db, stmt, error);
}

/* A completed pass: its token, and no pass under way any more. */
static const char SQL_SYNC_STATE_SET[] =
  "INSERT INTO sync_state (connection, collection, sync_token, last_synced_at) "
  "VALUES (?1, ?2, ?3, ?4) "
  "ON CONFLICT (connection, collection) DO UPDATE SET"
  "  sync_token = excluded.sync_token, last_synced_at = excluded.last_synced_at,"
  "  cursor = NULL, last_error = NULL";

gboolean
pomar_store_writer_set_sync_state (PomarStoreWriter  *writer,
                                   const char        *connection,
                                   PomarCollection    collection,
                                   const char        *sync_token,
                                   const char        *last_synced_at,
                                   GError           **error)
{
  return put_sync_state (writer, SQL_SYNC_STATE_SET, connection, collection, sync_token,
                         last_synced_at, error);
}

static const char SQL_SYNC_CURSOR_SET[] =
  "INSERT INTO sync_state (connection, collection, cursor) VALUES (?1, ?2, ?3) "
  "ON CONFLICT (connection, collection) DO UPDATE SET cursor = excluded.cursor";

gboolean
pomar_store_writer_set_sync_cursor (PomarStoreWriter  *writer,
                                    const char        *connection,
                                    PomarCollection    collection,
                                    const char        *cursor,
                                    GError           **error)
{
  return put_sync_state (writer, SQL_SYNC_CURSOR_SET, connection, collection, cursor, NULL, error);
}

static const char SQL_SYNC_ERROR_SET[] =
  "INSERT INTO sync_state (connection, collection, last_error) VALUES (?1, ?2, ?3) "
  "ON CONFLICT (connection, collection) DO UPDATE SET last_error = excluded.last_error";

gboolean
pomar_store_writer_set_sync_error (PomarStoreWriter  *writer,
                                   const char        *connection,
                                   PomarCollection    collection,
                                   const char        *message,
                                   GError           **error)
{
  return put_sync_state (writer, SQL_SYNC_ERROR_SET, connection, collection, message, NULL, error);
}

static const char SQL_QUARANTINE_ADD[] =
  "INSERT INTO quarantine (connection, collection, record_id, reason, raw, received_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

gboolean
pomar_store_writer_quarantine (PomarStoreWriter  *writer,
                               const char        *connection,
                               PomarCollection    collection,
                               const char        *record_id,
                               const char        *reason,
                               const char        *raw,
                               GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (collection < POMAR_N_COLLECTIONS, FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  now = pomar_store_now ();

  stmt = pomar_db_prepare (writer->db, SQL_QUARANTINE_ADD, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, connection);
  pomar_stmt_bind_text (stmt, 2, pomar_collection_to_string (collection));
  pomar_stmt_bind_text (stmt, 3, record_id);
  pomar_stmt_bind_text (stmt, 4, reason);
  pomar_stmt_bind_text (stmt, 5, raw);
  pomar_stmt_bind_text (stmt, 6, now);

  return pomar_db_step_done (writer->db, stmt, error);
}

/* Connections ------------------------------------------------------------ */

static const char SQL_CONNECTION_ADD[] =
  "INSERT INTO connections (name, provider, base_url, email, settings_json, created_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

gboolean
pomar_store_writer_add_connection (PomarStoreWriter           *writer,
                                   const PomarConnectionInfo  *info,
                                   GError                    **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autofree char *now = NULL;
  int rc;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (info->name == NULL || *info->name == '\0' || info->provider == NULL || *info->provider == '\0')
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("A connection needs a name and a provider."));
      return FALSE;
    }

  now = info->created_at == NULL ? pomar_store_now () : NULL;

  stmt = pomar_db_prepare (writer->db, SQL_CONNECTION_ADD, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, info->name);
  pomar_stmt_bind_text (stmt, 2, info->provider);
  pomar_stmt_bind_text (stmt, 3, info->base_url);
  pomar_stmt_bind_text (stmt, 4, info->email);
  pomar_stmt_bind_text (stmt, 5, info->settings_json);
  pomar_stmt_bind_text (stmt, 6, info->created_at != NULL ? info->created_at : now);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;

  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                   _("A connection named “%s” already exists."), info->name);
      return FALSE;
    }

  return pomar_db_set_error (writer->db, rc, error);
}

static const char SQL_CONNECTION_REMOVE[] = "DELETE FROM connections WHERE name = ?1";
static const char SQL_SYNC_STATE_REMOVE[] = "DELETE FROM sync_state WHERE connection = ?1";

gboolean
pomar_store_writer_remove_connection (PomarStoreWriter  *writer,
                                      const char        *name,
                                      GError           **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!run_by_id (writer->db, SQL_CONNECTION_REMOVE, name, error))
    return FALSE;

  if (sqlite3_changes (writer->db->db) == 0)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                   _("There is no connection named “%s”."), name);
      return FALSE;
    }

  return run_by_id (writer->db, SQL_SYNC_STATE_REMOVE, name, error);
}
