/* pomar-store-migrations.c: the cache's schema, one numbered step at a time.
 *
 * PRAGMA user_version holds the number of the last step applied. Each step
 * runs in its own transaction together with the bump of user_version, so a
 * crash leaves the cache at one step or the next, never between. A later
 * issue changes the schema by appending a step to `migrations`, never by
 * editing one that has shipped.
 */
#include "config.h"

#include "store/pomar-store-private.h"

typedef struct
{
  int         version;
  const char *sql;
} Migration;

/* Step 1: the records of the contract (columns named as its fields), what
 * the store derives from them, and the local state of sync.
 *
 * There is no foreign key from a record to its account: a ticket may name an
 * account that is not (yet) known, and is kept. An account's tombstone
 * deletes its dependants explicitly instead.
 *
 * Indexes serve the queries in pomar-store-reader.c. Some extend the obvious
 * key with a column or two so that they cover their query: usage's carries
 * active_users and events (health sums 30-day windows over millions of
 * rows without touching the table), tickets' the priority and activities'
 * the kind (the account summaries count open tickets by priority and find
 * the last touch from the indexes alone).
 *
 * usage is a WITHOUT ROWID table: its rows are small and keyed by a text id,
 * so keeping them in the primary key's b-tree saves a third b-tree per
 * insert on the largest table. */
static const char migration_1[] =
  "CREATE TABLE accounts ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT,"
  "  domain TEXT,"
  "  segment TEXT,"
  "  owner TEXT,"
  "  stage TEXT,"
  "  arr REAL,"
  "  currency TEXT,"
  "  plan TEXT,"
  "  licensed_seats INTEGER,"
  "  contract_start TEXT,"
  "  renewal_date TEXT,"
  "  created_at TEXT,"
  "  updated_at TEXT,"
  "  version INTEGER NOT NULL"
  ");"
  "CREATE INDEX accounts_domain ON accounts (domain);"

  "CREATE TABLE contacts ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  account_id TEXT,"
  "  name TEXT,"
  "  email TEXT,"
  "  title TEXT,"
  "  role TEXT,"
  "  updated_at TEXT,"
  "  version INTEGER NOT NULL"
  ");"
  "CREATE INDEX contacts_account ON contacts (account_id);"

  "CREATE TABLE tickets ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  account_id TEXT,"
  "  subject TEXT,"
  "  status TEXT,"
  "  priority TEXT,"
  "  type TEXT,"
  "  created_at TEXT,"
  "  updated_at TEXT,"
  "  solved_at TEXT,"
  "  version INTEGER NOT NULL"
  ");"
  "CREATE INDEX tickets_account_status ON tickets (account_id, status, priority);"

  "CREATE TABLE usage ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  account_id TEXT,"
  "  day TEXT,"
  "  active_users INTEGER,"
  "  sessions INTEGER,"
  "  events INTEGER,"
  "  features TEXT,"
  "  updated_at TEXT,"
  "  version INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE INDEX usage_account_day ON usage (account_id, day, active_users, events);"

  "CREATE TABLE responses ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  account_id TEXT,"
  "  contact_id TEXT,"
  "  kind TEXT,"
  "  score INTEGER,"
  "  comment TEXT,"
  "  responded_at TEXT,"
  "  updated_at TEXT,"
  "  version INTEGER NOT NULL"
  ");"
  "CREATE INDEX responses_account_time ON responses (account_id, responded_at);"

  "CREATE TABLE activities ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  account_id TEXT,"
  "  kind TEXT,"
  "  author TEXT,"
  "  body TEXT,"
  "  occurred_at TEXT,"
  "  updated_at TEXT,"
  "  version INTEGER NOT NULL"
  ");"
  "CREATE INDEX activities_account_time ON activities (account_id, occurred_at, kind);"

  /* Derived from activities of kind stage_change, keyed by the activity. */
  "CREATE TABLE stage_history ("
  "  activity_id TEXT PRIMARY KEY NOT NULL,"
  "  account_id TEXT,"
  "  from_stage TEXT,"
  "  to_stage TEXT,"
  "  changed_at TEXT"
  ");"
  "CREATE INDEX stage_history_account_time ON stage_history (account_id, changed_at);"

  "CREATE TABLE playbook_instances ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  account_id TEXT,"
  "  template_id TEXT,"
  "  \"trigger\" TEXT,"
  "  started_at TEXT,"
  "  status TEXT,"
  "  completed_at TEXT"
  ");"
  "CREATE INDEX playbook_instances_account ON playbook_instances (account_id, started_at);"

  "CREATE TABLE playbook_tasks ("
  "  instance_id TEXT NOT NULL REFERENCES playbook_instances (id) ON DELETE CASCADE,"
  "  task_id TEXT NOT NULL,"
  "  position INTEGER,"
  "  title TEXT,"
  "  due_offset INTEGER,"
  "  state TEXT,"
  "  done_by TEXT,"
  "  done_at TEXT,"
  "  skip_reason TEXT,"
  "  PRIMARY KEY (instance_id, task_id)"
  ");"

  /* What a connection is; its token lives in the Secret Service only. */
  "CREATE TABLE connections ("
  "  name TEXT PRIMARY KEY NOT NULL,"
  "  provider TEXT NOT NULL,"
  "  base_url TEXT,"
  "  email TEXT,"
  "  settings_json TEXT,"
  "  created_at TEXT"
  ");"

  "CREATE TABLE sync_state ("
  "  connection TEXT NOT NULL,"
  "  collection TEXT NOT NULL,"
  "  sync_token TEXT,"
  "  cursor TEXT,"
  "  last_synced_at TEXT,"
  "  last_error TEXT,"
  "  PRIMARY KEY (connection, collection)"
  ");"

  /* Local changes waiting for the server; the key is sent as
   * Idempotency-Key so that a retry after a crash is not applied twice. */
  "CREATE TABLE outbox ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  account_id TEXT,"
  "  kind TEXT NOT NULL,"
  "  payload TEXT NOT NULL,"
  "  base_version INTEGER,"
  "  created_at TEXT NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT,"
  "  state TEXT NOT NULL DEFAULT 'pending'"
  ");"
  "CREATE INDEX outbox_account ON outbox (account_id);"

  "CREATE TABLE quarantine ("
  "  id INTEGER PRIMARY KEY,"
  "  connection TEXT,"
  "  collection TEXT NOT NULL,"
  "  record_id TEXT,"
  "  reason TEXT NOT NULL,"
  "  raw TEXT,"
  "  received_at TEXT NOT NULL"
  ");"

  /* Deleted records, remembered so that an older copy arriving later does
   * not bring one back. */
  "CREATE TABLE tombstones ("
  "  collection TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  updated_at TEXT,"
  "  PRIMARY KEY (collection, id)"
  ") WITHOUT ROWID;"

  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT"
  ");";

/* Step 2: what Pomar derives per account (issue 3), kept so that lists,
 * exports and the portfolio read it instead of recomputing it.
 *
 * health holds the computed score of each account as of one day (as_of),
 * its components (NULL: missing), the score 30 days earlier for the trend,
 * the time to value, and the inputs of the stage suggestion; it is rebuilt
 * for the accounts a write touched, and for all of them when the day or
 * the weights change. health_overrides are the account manager's own
 * scores: no recomputation touches them. playbook_triggers remember, per
 * account and trigger, what the trigger saw last, so that a condition that
 * still holds does not start its playbook again. */
static const char migration_2[] =
  "CREATE TABLE health ("
  "  account_id TEXT PRIMARY KEY NOT NULL,"
  "  as_of TEXT NOT NULL,"
  "  score REAL,"
  "  rounded INTEGER,"
  "  band TEXT,"
  "  most_impactful TEXT,"
  "  adoption REAL,"
  "  usage_trend REAL,"
  "  support REAL,"
  "  sentiment REAL,"
  "  engagement REAL,"
  "  rounded_30d_ago INTEGER,"
  "  nps_90d INTEGER,"
  "  csat_90d REAL,"
  "  nps_180d INTEGER,"
  "  promoter_180d INTEGER NOT NULL DEFAULT 0,"
  "  ttv_reached_on TEXT,"
  "  ttv_days INTEGER,"
  "  stage_entered_on TEXT,"
  "  onboarding_complete INTEGER NOT NULL DEFAULT 0,"
  "  computed_at TEXT NOT NULL"
  ");"
  "CREATE INDEX health_band ON health (band);"

  "CREATE TABLE health_overrides ("
  "  account_id TEXT PRIMARY KEY NOT NULL,"
  "  score INTEGER NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  set_at TEXT NOT NULL,"
  "  expires_on TEXT NOT NULL"
  ");"

  "CREATE TABLE playbook_triggers ("
  "  account_id TEXT NOT NULL,"
  "  \"trigger\" TEXT NOT NULL,"
  "  key TEXT,"
  "  PRIMARY KEY (account_id, \"trigger\")"
  ") WITHOUT ROWID;"

  /* Responses by kind and time over the whole book, for the portfolio's
   * monthly NPS points. */
  "CREATE INDEX responses_kind_time ON responses (kind, responded_at, score);"
  /* Changes into a stage over the whole book, for the churn rate. */
  "CREATE INDEX stage_history_to_time ON stage_history (to_stage, changed_at);";

/* Step 3: one customer, several sources (issue 4, domain.md "One customer,
 * several sources"). Each connection's copy of an account is kept as that
 * source sent it, under the source's own id, with the local account it was
 * matched to; the accounts row is made from the live copies, the better
 * ranked source's fields first. Accounts already cached (the demo book, or
 * a pomar connection's before this step) become copies of the local source
 * "", under their own ids, and so do deleted ones. */
static const char migration_3[] =
  "CREATE TABLE account_sources ("
  "  connection TEXT NOT NULL,"
  "  source_id TEXT NOT NULL,"
  "  account_id TEXT NOT NULL,"
  "  rank INTEGER NOT NULL,"
  "  domain_key TEXT,"
  "  version INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  updated_at TEXT,"
  "  name TEXT,"
  "  domain TEXT,"
  "  segment TEXT,"
  "  owner TEXT,"
  "  stage TEXT,"
  "  arr REAL,"
  "  currency TEXT,"
  "  plan TEXT,"
  "  licensed_seats INTEGER,"
  "  contract_start TEXT,"
  "  renewal_date TEXT,"
  "  created_at TEXT,"
  "  PRIMARY KEY (connection, source_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX account_sources_account ON account_sources (account_id);"
  "CREATE INDEX account_sources_domain ON account_sources (domain_key);"
  "INSERT INTO account_sources (connection, source_id, account_id, rank, domain_key, version,"
  "                             updated_at, name, domain, segment, owner, stage, arr,"
  "                             currency, plan, licensed_seats, contract_start,"
  "                             renewal_date, created_at) "
  "  SELECT '', id, id, 0,"
  "         CASE WHEN lower(trim(domain)) LIKE 'www.%' THEN substr(lower(trim(domain)), 5)"
  "              ELSE nullif(lower(trim(domain)), '') END,"
  "         version, updated_at, name, domain, segment, owner, stage, arr, currency, plan,"
  "         licensed_seats, contract_start, renewal_date, created_at"
  "  FROM accounts;"
  "INSERT OR IGNORE INTO account_sources (connection, source_id, account_id, rank, version,"
  "                                       deleted, updated_at) "
  "  SELECT '', id, id, 0, version, 1, updated_at FROM tombstones WHERE collection = 'accounts';";

/* 4: what the server answered a local change it refused, kept with the
 * change: which connection, and a 412's current record (a conflict the
 * user settles). Entries are pending, conflict or gone. */
static const char migration_4[] =
  "ALTER TABLE outbox ADD COLUMN server_record TEXT;"
  "ALTER TABLE outbox ADD COLUMN connection TEXT;";

static const Migration migrations[] = {
  { 1, migration_1 },
  { 2, migration_2 },
  { 3, migration_3 },
  { 4, migration_4 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == POMAR_STORE_SCHEMA_VERSION);

int
pomar_store_migrations_latest (void)
{
  return migrations[G_N_ELEMENTS (migrations) - 1].version;
}

gboolean
pomar_store_read_schema_version (PomarDb  *db,
                                 int      *version,
                                 GError  **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  int rc;

  stmt = pomar_db_prepare (db, "PRAGMA user_version", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pomar_db_set_error (db, rc, error);

  *version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static gboolean
apply (PomarDb          *db,
       const Migration  *migration,
       GError          **error)
{
  g_autofree char *bump = NULL;
  int current;

  if (!pomar_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Another Pomar may have migrated between our read and our lock. */
  if (!pomar_store_read_schema_version (db, &current, error))
    goto rollback;
  if (current >= migration->version)
    return pomar_db_exec (db, "COMMIT", error);

  bump = g_strdup_printf ("PRAGMA user_version = %d", migration->version);
  if (!pomar_db_exec (db, migration->sql, error) || !pomar_db_exec (db, bump, error))
    goto rollback;

  if (!pomar_db_exec (db, "COMMIT", error))
    goto rollback;

  return TRUE;

rollback:
  if (!sqlite3_get_autocommit (db->db))
    pomar_db_exec (db, "ROLLBACK", NULL);
  return FALSE;
}

gboolean
pomar_store_migrate (PomarDb  *db,
                     int      *version,
                     GError  **error)
{
  int current;

  if (!pomar_store_read_schema_version (db, &current, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      if (migrations[i].version <= current)
        continue;
      if (!apply (db, &migrations[i], error))
        return FALSE;
      current = migrations[i].version;
    }

  *version = current;
  return TRUE;
}
