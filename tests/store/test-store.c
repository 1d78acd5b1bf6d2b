/* test-store.c: the SQLite cache, through its public API.
 *
 * Every test opens a store in a fresh temporary folder. Where a test needs
 * to see what the API does not show (file modes, the schema version, an
 * outbox row to keep), it opens the file with SQLite directly.
 */
#include "config.h"

#include <errno.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pomar-error.h"
#include "store/pomar-store-private.h"
#include "store-test-util.h"

/* Fixture ----------------------------------------------------------------- */

typedef struct
{
  char       *tmp_dir;
  char       *data_dir;
  PomarStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;

  f->tmp_dir = g_dir_make_tmp ("pomar-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->data_dir = g_build_filename (f->tmp_dir, "data", NULL);
  f->store = pomar_store_open (f->data_dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

/* For tests that open the store themselves. */
static void
fixture_setup_empty (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;

  f->tmp_dir = g_dir_make_tmp ("pomar-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->data_dir = g_build_filename (f->tmp_dir, "data", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_clear_object (&f->store);
  store_test_remove_tree (f->tmp_dir);
  g_free (f->data_dir);
  g_free (f->tmp_dir);
}

static PomarStoreReader *
new_reader (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  PomarStoreReader *reader;

  reader = pomar_store_reader_new (f->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);
  return reader;
}

static PomarStoreCounts
get_counts (Fixture *f)
{
  g_autoptr (PomarStoreReader) reader = new_reader (f);
  g_autoptr (GError) error = NULL;
  PomarStoreCounts counts;

  g_assert_true (pomar_store_reader_get_counts (reader, &counts, &error));
  g_assert_no_error (error);
  return counts;
}

/* Runs SQL on the file with a connection of the test's own. */
static void
direct_exec (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static gint64
direct_int (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static char *
file_checksum (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* Writing helpers ---------------------------------------------------------- */

typedef struct
{
  PomarCollection    collection;
  gconstpointer      record;
  gboolean           want_outcome;
  PomarUpsertOutcome outcome;
} Upsert;

static gboolean
upsert_one (PomarStoreWriter   *writer,
            PomarCollection     collection,
            gconstpointer       record,
            PomarUpsertOutcome *outcome,
            GError            **error)
{
  switch (collection)
    {
    case POMAR_COLLECTION_ACCOUNTS:
      return pomar_store_writer_upsert_account (writer, record, outcome, error);
    case POMAR_COLLECTION_CONTACTS:
      return pomar_store_writer_upsert_contact (writer, record, outcome, error);
    case POMAR_COLLECTION_TICKETS:
      return pomar_store_writer_upsert_ticket (writer, record, outcome, error);
    case POMAR_COLLECTION_USAGE:
      return pomar_store_writer_upsert_usage (writer, record, outcome, error);
    case POMAR_COLLECTION_RESPONSES:
      return pomar_store_writer_upsert_response (writer, record, outcome, error);
    case POMAR_COLLECTION_ACTIVITIES:
      return pomar_store_writer_upsert_activity (writer, record, outcome, error);
    case POMAR_N_COLLECTIONS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
upsert_func (PomarStoreWriter  *writer,
             gpointer           user_data,
             GCancellable      *cancellable,
             GError           **error)
{
  Upsert *upsert = user_data;

  return upsert_one (writer, upsert->collection, upsert->record,
                     upsert->want_outcome ? &upsert->outcome : NULL, error);
}

static PomarUpsertOutcome
upsert (Fixture         *f,
        PomarCollection  collection,
        gconstpointer    record)
{
  g_autoptr (GError) error = NULL;
  Upsert op = { collection, record, TRUE, -1 };

  g_assert_true (pomar_store_write_sync (f->store, upsert_func, &op, NULL, &error));
  g_assert_no_error (error);
  return op.outcome;
}

/* The same upsert, without asking for the outcome (the lean path). */
static void
upsert_quietly (Fixture         *f,
                PomarCollection  collection,
                gconstpointer    record)
{
  g_autoptr (GError) error = NULL;
  Upsert op = { collection, record, FALSE, -1 };

  g_assert_true (pomar_store_write_sync (f->store, upsert_func, &op, NULL, &error));
  g_assert_no_error (error);
}

/* A record of any collection with a recognisable text ("marker") in one of
 * its fields, to tell which copy the store kept. */
static const char *const marker_fields[POMAR_N_COLLECTIONS] = {
  [POMAR_COLLECTION_ACCOUNTS] = "name",
  [POMAR_COLLECTION_CONTACTS] = "name",
  [POMAR_COLLECTION_TICKETS] = "subject",
  [POMAR_COLLECTION_USAGE] = "features",
  [POMAR_COLLECTION_RESPONSES] = "comment",
  [POMAR_COLLECTION_ACTIVITIES] = "body",
};

static gpointer
make_record (PomarCollection  collection,
             const char      *id,
             gint64           version,
             const char      *account_id,
             const char      *marker,
             gboolean         deleted)
{
  switch (collection)
    {
    case POMAR_COLLECTION_ACCOUNTS:
      {
        PomarAccount *r = store_test_account (id, version, marker, "onboarding", 1000.0, "BRL");
        r->deleted = deleted;
        return r;
      }
    case POMAR_COLLECTION_CONTACTS:
      {
        PomarContact *r = g_new0 (PomarContact, 1);
        r->id = g_strdup (id);
        r->version = version;
        r->deleted = deleted;
        r->updated_at = g_strdup ("2026-11-20T09:00:00Z");
        r->account_id = g_strdup (account_id);
        r->name = g_strdup (marker);
        r->email = g_strdup ("bia@example.com");
        r->role = g_strdup ("champion");
        return r;
      }
    case POMAR_COLLECTION_TICKETS:
      {
        PomarTicket *r = store_test_ticket (id, version, account_id, "open", "high", "2026-11-18T14:00:00Z");
        g_free (r->subject);
        r->subject = g_strdup (marker);
        r->deleted = deleted;
        return r;
      }
    case POMAR_COLLECTION_USAGE:
      {
        PomarUsage *r = store_test_usage (account_id, "2026-11-20", version, 23, 4210);
        g_free (r->id);
        r->id = g_strdup (id);
        g_free (r->features_json);
        r->features_json = g_strdup (marker);
        r->deleted = deleted;
        return r;
      }
    case POMAR_COLLECTION_RESPONSES:
      {
        PomarResponse *r = g_new0 (PomarResponse, 1);
        r->id = g_strdup (id);
        r->version = version;
        r->deleted = deleted;
        r->updated_at = g_strdup ("2026-11-02T16:20:00Z");
        r->account_id = g_strdup (account_id);
        r->contact_id = g_strdup ("con_1");
        r->kind = g_strdup ("nps");
        r->score = 9;
        r->comment = g_strdup (marker);
        r->responded_at = g_strdup ("2026-11-02T16:20:00Z");
        return r;
      }
    case POMAR_COLLECTION_ACTIVITIES:
      {
        PomarActivity *r = store_test_activity (id, version, account_id, "note", marker, "2026-11-21T15:00:00Z");
        r->deleted = deleted;
        return r;
      }
    case POMAR_N_COLLECTIONS:
    default:
      g_assert_not_reached ();
    }
}

static void
free_record (PomarCollection collection,
             gpointer        record)
{
  switch (collection)
    {
    case POMAR_COLLECTION_ACCOUNTS: pomar_account_free (record); break;
    case POMAR_COLLECTION_CONTACTS: pomar_contact_free (record); break;
    case POMAR_COLLECTION_TICKETS: pomar_ticket_free (record); break;
    case POMAR_COLLECTION_USAGE: pomar_usage_free (record); break;
    case POMAR_COLLECTION_RESPONSES: pomar_response_free (record); break;
    case POMAR_COLLECTION_ACTIVITIES: pomar_activity_free (record); break;
    case POMAR_N_COLLECTIONS:
    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  const char *id;
  const char *field;
  char       *value;
  gint64      version;
  gboolean    found;
} FindMarker;

static gboolean
find_marker_row (const PomarField *fields,
                 guint             n_fields,
                 gpointer          user_data,
                 GError          **error)
{
  FindMarker *find = user_data;

  g_assert_cmpstr (fields[0].name, ==, "id");
  if (!g_str_equal (fields[0].s, find->id))
    return TRUE;

  find->found = TRUE;
  for (guint i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].name, find->field))
        find->value = g_strdup (fields[i].s);
      if (g_str_equal (fields[i].name, "version"))
        find->version = fields[i].i;
    }
  return TRUE;
}

/* The stored marker of @id, or NULL when the record is not stored. */
static char *
stored_marker (Fixture         *f,
               PomarCollection  collection,
               const char      *id,
               gint64          *version)
{
  g_autoptr (PomarStoreReader) reader = new_reader (f);
  g_autoptr (GError) error = NULL;
  FindMarker find = { id, marker_fields[collection], NULL, 0, FALSE };

  g_assert_true (pomar_store_reader_scan (reader, collection, find_marker_row, &find, &error));
  g_assert_no_error (error);
  if (version != NULL)
    *version = find.version;
  if (!find.found)
    g_assert_null (find.value);
  else
    g_assert_nonnull (find.value);
  return find.value;
}

#define assert_stored(f, collection, id, marker) \
  G_STMT_START { \
    g_autofree char *stored__ = stored_marker ((f), (collection), (id), NULL); \
    g_assert_cmpstr (stored__, ==, (marker)); \
  } G_STMT_END

/* Opening ------------------------------------------------------------------ */

static void
test_open_new (Fixture       *f,
               gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (f->data_dir, "pomar.db", NULL);
  const char *const tables[] = {
    "accounts", "contacts", "tickets", "usage", "responses", "activities",
    "stage_history", "playbook_instances", "playbook_tasks", "connections",
    "sync_state", "outbox", "quarantine", "tombstones", "meta",
  };
  const char *const indexes[] = {
    "usage_account_day", "tickets_account_status", "responses_account_time",
    "activities_account_time", "contacts_account", "accounts_domain",
    "stage_history_account_time",
  };
  PomarStoreCounts counts;

  g_assert_cmpint (pomar_store_get_schema_version (f->store), ==, POMAR_STORE_SCHEMA_VERSION);
  g_assert_cmpstr (pomar_store_get_data_dir (f->store), ==, f->data_dir);
  g_assert_cmpstr (pomar_store_get_path (f->store), ==, path);

  g_assert_cmpint (direct_int (path, "PRAGMA user_version"), ==, POMAR_STORE_SCHEMA_VERSION);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'", tables[i]);
      g_assert_cmpint (direct_int (path, sql), ==, 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (indexes); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '%s'", indexes[i]);
      g_assert_cmpint (direct_int (path, sql), ==, 1);
    }

  /* The health score's 30-day sums must be answered from the index alone. */
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    g_autoptr (GString) plan = g_string_new (NULL);

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db,
                                         "EXPLAIN QUERY PLAN SELECT sum(active_users), sum(events) FROM usage "
                                         "WHERE account_id = 'a' AND day BETWEEN '2026-01-01' AND '2026-01-30'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append (plan, (const char *) sqlite3_column_text (stmt, 3));
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    g_assert_nonnull (strstr (plan->str, "COVERING INDEX usage_account_day"));
  }

  counts = get_counts (f);
  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    g_assert_cmpint (counts.collections[i], ==, 0);
  g_assert_cmpint (counts.outbox, ==, 0);
  g_assert_cmpint (counts.tombstones, ==, 0);
}

static void
test_reopen (Fixture       *f,
             gconstpointer  user_data)
{
  g_autoptr (PomarAccount) account = store_test_account ("acc_1", 3, "Acme", "onboarding", 48000.0, "BRL");
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->data_dir, "pomar.db", NULL);
  gint64 version;

  g_assert_cmpint (upsert (f, POMAR_COLLECTION_ACCOUNTS, account), ==, POMAR_UPSERT_INSERTED);
  pomar_store_close (f->store);
  /* Closing twice is harmless. */
  pomar_store_close (f->store);
  g_clear_object (&f->store);

  f->store = pomar_store_open (f->data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pomar_store_get_schema_version (f->store), ==, POMAR_STORE_SCHEMA_VERSION);
  g_assert_cmpint (direct_int (path, "PRAGMA user_version"), ==, POMAR_STORE_SCHEMA_VERSION);

  {
    g_autofree char *name = stored_marker (f, POMAR_COLLECTION_ACCOUNTS, "acc_1", &version);
    g_assert_cmpstr (name, ==, "Acme");
    g_assert_cmpint (version, ==, 3);
  }
  g_assert_cmpint (direct_int (path, "SELECT count(*) FROM sqlite_master WHERE name = 'accounts'"), ==, 1);
}

static void
test_modes (Fixture       *f,
            gconstpointer  user_data)
{
  g_autoptr (PomarAccount) account = store_test_account ("acc_1", 1, "Acme", NULL, NAN, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  g_autofree char *existing = NULL;
  struct stat st;
  mode_t old_umask;

  /* A permissive umask must not leak into the cache's modes. */
  old_umask = umask (0);
  f->store = pomar_store_open (f->data_dir, &error);
  umask (old_umask);
  g_assert_no_error (error);

  upsert (f, POMAR_COLLECTION_ACCOUNTS, account);

  path = g_build_filename (f->data_dir, "pomar.db", NULL);
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);

  g_assert_no_errno (g_stat (f->data_dir, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_no_errno (g_stat (path, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_no_errno (g_stat (wal, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_no_errno (g_stat (shm, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (direct_int (path, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);
  g_clear_object (&f->store);

  /* A folder that exists already is the person's choice: left as it is. */
  existing = g_build_filename (f->tmp_dir, "mine", NULL);
  g_assert_no_errno (g_mkdir (existing, 0755));
  g_assert_no_errno (g_chmod (existing, 0755));
  f->store = pomar_store_open (existing, &error);
  g_assert_no_error (error);
  g_assert_no_errno (g_stat (existing, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0755);
}

static void
test_schema_too_new (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->data_dir, "pomar.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  PomarStore *store;

  g_assert_no_errno (g_mkdir_with_parents (f->data_dir, 0700));
  direct_exec (path, "CREATE TABLE accounts (id TEXT PRIMARY KEY); "
                     "INSERT INTO accounts VALUES ('acc_from_the_future'); "
                     "PRAGMA user_version = 99;");
  before = file_checksum (path);
  g_assert_cmpuint (count_files (f->data_dir), ==, 1);

  store = pomar_store_open (f->data_dir, &error);
  g_assert_null (store);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_SCHEMA_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version of Pomar"));
  g_assert_nonnull (strstr (error->message, "schema 99"));
  g_assert_nonnull (strstr (error->message, "up to " G_STRINGIFY (POMAR_STORE_SCHEMA_VERSION)));

  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  /* No journal or WAL file was made next to it either. */
  g_assert_cmpuint (count_files (f->data_dir), ==, 1);
}

static void
test_not_a_database (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) garbage = g_string_new (NULL);
  g_autofree char *path = g_build_filename (f->data_dir, "pomar.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *display = g_filename_display_name (path);
  PomarStore *store;

  g_assert_no_errno (g_mkdir_with_parents (f->data_dir, 0700));
  for (guint i = 0; i < 300; i++)
    g_string_append (garbage, "this is not a database, just words. ");
  g_file_set_contents (path, garbage->str, garbage->len, &error);
  g_assert_no_error (error);
  before = file_checksum (path);

  store = pomar_store_open (f->data_dir, &error);
  g_assert_null (store);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, display));

  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (count_files (f->data_dir), ==, 1);
}

static void
test_foreign_database (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->data_dir, "pomar.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  PomarStore *store;

  /* Some other program's database, at version 0. */
  g_assert_no_errno (g_mkdir_with_parents (f->data_dir, 0700));
  direct_exec (path, "CREATE TABLE songs (title TEXT);");
  before = file_checksum (path);

  store = pomar_store_open (f->data_dir, &error);
  g_assert_null (store);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_CORRUPT);

  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_unmakeable_dir (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_build_filename (f->tmp_dir, "a-file", NULL);
  g_autofree char *below = g_build_filename (file, "data", NULL);
  PomarStore *store;

  g_file_set_contents (file, "x", 1, &error);
  g_assert_no_error (error);

  store = pomar_store_open (below, &error);
  g_assert_null (store);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_IO);
}

static gboolean
write_nothing (PomarStoreWriter  *writer,
               gpointer           user_data,
               GCancellable      *cancellable,
               GError           **error)
{
  gboolean *ran = user_data;

  *ran = TRUE;
  return TRUE;
}

static void
refused_write_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (pomar_store_write_finish (POMAR_STORE (source), result, error));
  g_assert_nonnull (*error);
}

/* A cache that cannot be written opens for reading: the account is there,
 * figures refresh to what is stored, and writes, waited for or not, are
 * refused before they run. */
static void
assert_read_only (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) async_error = NULL;
  gboolean ran = FALSE;

  f->store = pomar_store_open (f->data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (pomar_store_is_read_only (f->store));
  g_assert_cmpint (get_counts (f).collections[POMAR_COLLECTION_ACCOUNTS], ==, 1);
  g_assert_true (pomar_store_refresh_derived (f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (pomar_store_write_sync (f->store, write_nothing, &ran, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_READ_ONLY);
  pomar_store_write_async (f->store, write_nothing, &ran, NULL, NULL, refused_write_done, &async_error);
  while (async_error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (async_error, POMAR_ERROR, POMAR_ERROR_READ_ONLY);
  g_assert_false (ran);
  g_clear_object (&f->store);
}

static void
test_read_only (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *parent = g_build_filename (f->tmp_dir, "locked", NULL);
  g_autofree char *below = g_build_filename (parent, "data", NULL);
  g_autofree char *path = g_build_filename (f->data_dir, "pomar.db", NULL);
  g_autoptr (PomarAccount) account = store_test_account ("acc_1", 1, "Acme", "onboarding", 48000.0, "BRL");
  PomarStore *store;

  /* root writes anywhere, so there is nothing to refuse it. */
  if (geteuid () == 0)
    {
      g_test_skip ("Running as root, which ignores file permissions");
      return;
    }

  /* A folder that cannot be made. */
  g_assert_no_errno (g_mkdir (parent, 0500));
  store = pomar_store_open (below, &error);
  g_assert_null (store);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* A folder where the file cannot be made. */
  g_assert_no_errno (g_mkdir (f->data_dir, 0500));
  store = pomar_store_open (f->data_dir, &error);
  g_assert_null (store);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* A cache that exists but cannot be written. */
  g_assert_no_errno (g_chmod (f->data_dir, 0700));
  f->store = pomar_store_open (f->data_dir, &error);
  g_assert_no_error (error);
  g_assert_false (pomar_store_is_read_only (f->store));
  upsert (f, POMAR_COLLECTION_ACCOUNTS, account);
  g_clear_object (&f->store);
  g_assert_no_errno (g_chmod (path, 0400));
  assert_read_only (f);

  /* A writable cache in a folder that no longer takes new files (its WAL). */
  g_assert_no_errno (g_chmod (path, 0600));
  g_assert_no_errno (g_chmod (f->data_dir, 0500));
  assert_read_only (f);
  g_assert_no_errno (g_chmod (f->data_dir, 0700));
}

/* Upsert rules, for every collection ---------------------------------------- */

static void
test_upsert_rules (Fixture       *f,
                   gconstpointer  user_data)
{
  PomarCollection collection = GPOINTER_TO_INT (user_data);
  struct
  {
    gint64             version;
    const char        *marker;
    gboolean           deleted;
    PomarUpsertOutcome outcome;
    const char        *stored;  /* after; NULL: not stored */
    gint64             tombstones;
  } steps[] = {
    { 2, "{\"copy\":\"A\"}", FALSE, POMAR_UPSERT_INSERTED, "{\"copy\":\"A\"}", 0 },
    { 3, "{\"copy\":\"B\"}", FALSE, POMAR_UPSERT_UPDATED, "{\"copy\":\"B\"}", 0 },
    { 1, "{\"copy\":\"C\"}", FALSE, POMAR_UPSERT_STALE, "{\"copy\":\"B\"}", 0 },
    /* A tie: the copy received later wins. */
    { 3, "{\"copy\":\"D\"}", FALSE, POMAR_UPSERT_UPDATED, "{\"copy\":\"D\"}", 0 },
    /* A tombstone older than the stored copy changes nothing. */
    { 2, NULL, TRUE, POMAR_UPSERT_STALE, "{\"copy\":\"D\"}", 0 },
    { 5, NULL, TRUE, POMAR_UPSERT_DELETED, NULL, 1 },
    /* An older copy after the tombstone stays deleted. */
    { 4, "{\"copy\":\"E\"}", FALSE, POMAR_UPSERT_STALE, NULL, 1 },
    /* So does an older tombstone. */
    { 4, NULL, TRUE, POMAR_UPSERT_STALE, NULL, 1 },
    /* A newer copy brings it back, and the tombstone is forgotten. */
    { 6, "{\"copy\":\"F\"}", FALSE, POMAR_UPSERT_INSERTED, "{\"copy\":\"F\"}", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      gpointer record = make_record (collection, "rec_1", steps[i].version, "acc_1",
                                     steps[i].marker, steps[i].deleted);
      g_autofree char *stored = NULL;
      PomarStoreCounts counts;

      g_test_message ("step %u", i);
      g_assert_cmpint (upsert (f, collection, record), ==, steps[i].outcome);
      free_record (collection, record);

      stored = stored_marker (f, collection, "rec_1", NULL);
      g_assert_cmpstr (stored, ==, steps[i].stored);
      counts = get_counts (f);
      g_assert_cmpint (counts.tombstones, ==, steps[i].tombstones);
      g_assert_cmpint (counts.collections[collection], ==, steps[i].stored != NULL ? 1 : 0);
    }

  /* The same rules without asking for the outcome. */
  {
    gpointer newer = make_record (collection, "rec_1", 7, "acc_1", "{\"copy\":\"G\"}", FALSE);
    gpointer older = make_record (collection, "rec_1", 1, "acc_1", "{\"copy\":\"H\"}", FALSE);
    gpointer tomb = make_record (collection, "rec_2", 3, "acc_1", NULL, TRUE);
    gpointer resurrect = make_record (collection, "rec_2", 2, "acc_1", "{\"copy\":\"I\"}", FALSE);

    upsert_quietly (f, collection, newer);
    assert_stored (f, collection, "rec_1", "{\"copy\":\"G\"}");
    upsert_quietly (f, collection, older);
    assert_stored (f, collection, "rec_1", "{\"copy\":\"G\"}");

    /* A tombstone for a record never seen is remembered all the same. */
    upsert_quietly (f, collection, tomb);
    upsert_quietly (f, collection, resurrect);
    assert_stored (f, collection, "rec_2", NULL);
    g_assert_cmpint (get_counts (f).tombstones, ==, 1);

    free_record (collection, newer);
    free_record (collection, older);
    free_record (collection, tomb);
    free_record (collection, resurrect);
  }

  /* The tombstone survives a restart (the writer's counts are reloaded). */
  g_clear_object (&f->store);
  {
    g_autoptr (GError) error = NULL;
    gpointer resurrect = make_record (collection, "rec_2", 2, "acc_1", "{\"copy\":\"I\"}", FALSE);

    f->store = pomar_store_open (f->data_dir, &error);
    g_assert_no_error (error);
    g_assert_cmpint (upsert (f, collection, resurrect), ==, POMAR_UPSERT_STALE);
    assert_stored (f, collection, "rec_2", NULL);
    free_record (collection, resurrect);
  }
}

static void
test_upsert_no_id (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr (PomarAccount) account = store_test_account ("acc_1", 1, "Acme", NULL, NAN, NULL);
  g_autoptr (GError) error = NULL;
  Upsert op = { POMAR_COLLECTION_ACCOUNTS, account, TRUE, -1 };

  g_clear_pointer (&account->id, g_free);
  g_assert_false (pomar_store_write_sync (f->store, upsert_func, &op, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
}

/* Account tombstones --------------------------------------------------------- */

static gboolean
populate_account (PomarStoreWriter  *writer,
                  gpointer           user_data,
                  GCancellable      *cancellable,
                  GError           **error)
{
  const char *account_id = user_data;
  g_autofree char *id = NULL;
  gboolean ok = TRUE;

  for (PomarCollection c = 0; ok && c < POMAR_N_COLLECTIONS; c++)
    {
      gpointer record;

      g_free (id);
      id = g_strdup_printf ("%s_%s", pomar_collection_to_string (c), account_id);
      record = make_record (c, c == POMAR_COLLECTION_ACCOUNTS ? account_id : id, 1,
                            account_id, "{\"copy\":\"A\"}", FALSE);
      ok = upsert_one (writer, c, record, NULL, error);
      free_record (c, record);
    }

  if (ok)
    {
      g_autoptr (PomarActivity) move = NULL;
      PomarPlaybookInstance instance = { 0, };
      PomarPlaybookTask task = { 0, };
      g_autofree char *move_id = g_strdup_printf ("move_%s", account_id);
      g_autofree char *instance_id = g_strdup_printf ("pb_%s", account_id);

      move = store_test_activity (move_id, 1, account_id, "stage_change",
                                  "{\"from\":\"onboarding\",\"to\":\"engagement\"}",
                                  "2026-11-01T10:00:00Z");
      instance.id = instance_id;
      instance.account_id = (char *) account_id;
      instance.template_id = (char *) "onboarding";
      instance.trigger = (char *) "stage:onboarding";
      instance.started_at = (char *) "2026-11-01T10:00:00Z";
      instance.status = (char *) "open";
      task.instance_id = instance_id;
      task.task_id = (char *) "welcome-message";
      task.position = 0;
      task.title = (char *) "Send the welcome message";
      task.due_offset = 1;
      task.state = (char *) "open";

      ok = pomar_store_writer_upsert_activity (writer, move, NULL, error)
           && pomar_store_writer_put_playbook_instance (writer, &instance, error)
           && pomar_store_writer_put_playbook_task (writer, &task, error);
    }

  return ok;
}

static void
test_account_tombstone (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarAccount) tomb = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) history = NULL;
  g_autoptr (GPtrArray) playbooks = NULL;
  g_autoptr (GPtrArray) tasks = NULL;
  g_autofree char *path = g_build_filename (f->data_dir, "pomar.db", NULL);
  PomarStoreCounts counts;

  g_assert_true (pomar_store_write_sync (f->store, populate_account, (gpointer) "acc_a", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pomar_store_write_sync (f->store, populate_account, (gpointer) "acc_b", NULL, &error));
  g_assert_no_error (error);
  /* A local change of acc_a, still waiting for the server. */
  direct_exec (path, "INSERT INTO outbox (idempotency_key, account_id, kind, payload, created_at) "
                     "VALUES ('5d1e7c52-3f2a-4f59-a3a4-0f0f0f0f0f0f', 'acc_a', 'activity', '{}', '2026-11-21T10:00:00Z')");

  counts = get_counts (f);
  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    g_assert_cmpint (counts.collections[i], ==, i == POMAR_COLLECTION_ACTIVITIES ? 4 : 2);
  g_assert_cmpint (counts.stage_changes, ==, 2);
  g_assert_cmpint (counts.playbook_instances, ==, 2);
  g_assert_cmpint (counts.playbook_tasks, ==, 2);
  g_assert_cmpint (counts.outbox, ==, 1);

  tomb = g_new0 (PomarAccount, 1);
  tomb->id = g_strdup ("acc_a");
  tomb->version = 2;
  tomb->updated_at = g_strdup ("2026-11-22T00:00:00Z");
  tomb->deleted = TRUE;
  tomb->arr = NAN;
  tomb->licensed_seats = POMAR_NO_INT;
  g_assert_cmpint (upsert (f, POMAR_COLLECTION_ACCOUNTS, tomb), ==, POMAR_UPSERT_DELETED);

  counts = get_counts (f);
  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    g_assert_cmpint (counts.collections[i], ==, i == POMAR_COLLECTION_ACTIVITIES ? 2 : 1);
  g_assert_cmpint (counts.stage_changes, ==, 1);
  g_assert_cmpint (counts.playbook_instances, ==, 1);
  g_assert_cmpint (counts.playbook_tasks, ==, 1);
  g_assert_cmpint (counts.outbox, ==, 1);
  g_assert_cmpint (counts.tombstones, ==, 1);

  /* What is left is acc_b's. */
  for (PomarCollection c = 0; c < POMAR_N_COLLECTIONS; c++)
    {
      g_autofree char *id_a = g_strdup_printf ("%s_acc_a", pomar_collection_to_string (c));
      g_autofree char *id_b = g_strdup_printf ("%s_acc_b", pomar_collection_to_string (c));

      if (c == POMAR_COLLECTION_ACCOUNTS)
        {
          assert_stored (f, c, "acc_a", NULL);
          assert_stored (f, c, "acc_b", "{\"copy\":\"A\"}");
        }
      else
        {
          assert_stored (f, c, id_a, NULL);
          assert_stored (f, c, id_b, "{\"copy\":\"A\"}");
        }
    }

  reader = new_reader (f);
  history = pomar_store_reader_list_stage_history (reader, "acc_b", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  playbooks = pomar_store_reader_list_playbook_instances (reader, "acc_b", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (playbooks->len, ==, 1);
  tasks = pomar_store_reader_list_playbook_tasks (reader, "pb_acc_b", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 1);
  g_clear_pointer (&tasks, g_ptr_array_unref);
  tasks = pomar_store_reader_list_playbook_tasks (reader, "pb_acc_a", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 0);
}

/* Stage history ---------------------------------------------------------------- */

static void
test_stage_history (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarActivity) first = NULL;
  g_autoptr (PomarActivity) second = NULL;
  g_autoptr (PomarActivity) broken = NULL;
  g_autoptr (PomarActivity) stale = NULL;
  g_autoptr (PomarActivity) renamed = NULL;
  g_autoptr (PomarActivity) tomb = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) history = NULL;
  PomarStageChange *change;

  first = store_test_activity ("act_1", 1, "acc_1", "stage_change",
                               "{\"to\":\"onboarding\"}", "2026-09-01T10:00:00Z");
  second = store_test_activity ("act_2", 1, "acc_1", "stage_change",
                                "{\"from\":\"onboarding\",\"to\":\"engagement\"}", "2026-10-15T09:30:00Z");
  broken = store_test_activity ("act_3", 1, "acc_1", "stage_change",
                                "{\"from\":\"engagement\",", "2026-11-01T09:30:00Z");

  /* Written newest first: the history comes back oldest first anyway. */
  g_assert_cmpint (upsert (f, POMAR_COLLECTION_ACTIVITIES, second), ==, POMAR_UPSERT_INSERTED);
  g_assert_cmpint (upsert (f, POMAR_COLLECTION_ACTIVITIES, first), ==, POMAR_UPSERT_INSERTED);
  /* A body that does not parse: the activity is kept, without history. */
  g_assert_cmpint (upsert (f, POMAR_COLLECTION_ACTIVITIES, broken), ==, POMAR_UPSERT_INSERTED);
  assert_stored (f, POMAR_COLLECTION_ACTIVITIES, "act_3", "{\"from\":\"engagement\",");

  reader = new_reader (f);
  history = pomar_store_reader_list_stage_history (reader, "acc_1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  change = g_ptr_array_index (history, 0);
  g_assert_cmpstr (change->activity_id, ==, "act_1");
  g_assert_cmpstr (change->account_id, ==, "acc_1");
  g_assert_null (change->from_stage);
  g_assert_cmpstr (change->to_stage, ==, "onboarding");
  g_assert_cmpstr (change->changed_at, ==, "2026-09-01T10:00:00Z");
  change = g_ptr_array_index (history, 1);
  g_assert_cmpstr (change->activity_id, ==, "act_2");
  g_assert_cmpstr (change->from_stage, ==, "onboarding");
  g_assert_cmpstr (change->to_stage, ==, "engagement");
  g_assert_cmpstr (change->changed_at, ==, "2026-10-15T09:30:00Z");
  g_clear_pointer (&history, g_ptr_array_unref);

  /* A stale copy of a stage change does not touch the history. */
  stale = store_test_activity ("act_2", 0, "acc_1", "stage_change",
                               "{\"from\":\"onboarding\",\"to\":\"churned\"}", "2026-10-15T09:30:00Z");
  g_assert_cmpint (upsert (f, POMAR_COLLECTION_ACTIVITIES, stale), ==, POMAR_UPSERT_STALE);
  /* A newer copy that is no longer a stage change drops its row. */
  renamed = store_test_activity ("act_1", 2, "acc_1", "note", "Kick-off", "2026-09-01T10:00:00Z");
  g_assert_cmpint (upsert (f, POMAR_COLLECTION_ACTIVITIES, renamed), ==, POMAR_UPSERT_UPDATED);

  history = pomar_store_reader_list_stage_history (reader, "acc_1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  change = g_ptr_array_index (history, 0);
  g_assert_cmpstr (change->to_stage, ==, "engagement");
  g_clear_pointer (&history, g_ptr_array_unref);

  /* The activity's tombstone takes its history row with it. */
  tomb = g_new0 (PomarActivity, 1);
  tomb->id = g_strdup ("act_2");
  tomb->version = 5;
  tomb->deleted = TRUE;
  g_assert_cmpint (upsert (f, POMAR_COLLECTION_ACTIVITIES, tomb), ==, POMAR_UPSERT_DELETED);
  history = pomar_store_reader_list_stage_history (reader, "acc_1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 0);
}

/* The writer thread ------------------------------------------------------------ */

typedef struct
{
  GMutex    mutex;
  GCond     cond;
  gboolean  started;
  gboolean  released;
  guint     runs;
  GThread  *thread;
} Gate;

static void
gate_init (Gate *gate)
{
  memset (gate, 0, sizeof *gate);
  g_mutex_init (&gate->mutex);
  g_cond_init (&gate->cond);
}

static void
gate_clear (Gate *gate)
{
  g_mutex_clear (&gate->mutex);
  g_cond_clear (&gate->cond);
}

static void
gate_wait_started (Gate *gate)
{
  g_mutex_lock (&gate->mutex);
  while (!gate->started)
    g_cond_wait (&gate->cond, &gate->mutex);
  g_mutex_unlock (&gate->mutex);
}

static void
gate_release (Gate *gate)
{
  g_mutex_lock (&gate->mutex);
  gate->released = TRUE;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->mutex);
}

/* Writes a new copy of acc_1, then holds the transaction open until the
 * test releases the gate. */
static gboolean
gated_write (PomarStoreWriter  *writer,
             gpointer           user_data,
             GCancellable      *cancellable,
             GError           **error)
{
  Gate *gate = user_data;
  g_autoptr (PomarAccount) account = store_test_account ("acc_1", 2, "New name", "engagement", 1.0, "BRL");

  if (!pomar_store_writer_upsert_account (writer, account, NULL, error))
    return FALSE;

  g_mutex_lock (&gate->mutex);
  gate->started = TRUE;
  gate->runs++;
  gate->thread = g_thread_self ();
  g_cond_broadcast (&gate->cond);
  while (!gate->released)
    g_cond_wait (&gate->cond, &gate->mutex);
  g_mutex_unlock (&gate->mutex);

  return TRUE;
}

static gboolean
count_run (PomarStoreWriter  *writer,
           gpointer           user_data,
           GCancellable      *cancellable,
           GError           **error)
{
  guint *runs = user_data;

  (*runs)++;
  return TRUE;
}

typedef struct
{
  GMainContext *context;
  GThread      *thread;
  gboolean      done;
  gboolean      ok;
  GError       *error;
} AsyncResult;

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->thread = g_thread_self ();
  r->context = g_main_context_get_thread_default ();
  r->ok = pomar_store_write_finish (POMAR_STORE (source), result, &r->error);
  r->done = TRUE;
}

static void
wait_done (AsyncResult *r)
{
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();

  while (!r->done)
    g_main_context_iteration (context, TRUE);
}

static void
test_readers_during_write (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr (PomarAccount) account = store_test_account ("acc_1", 1, "Old name", "onboarding", 1.0, "BRL");
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GMainContext) context = g_main_context_new ();
  AsyncResult result = { 0, };
  Gate gate;

  gate_init (&gate);
  upsert (f, POMAR_COLLECTION_ACCOUNTS, account);

  g_main_context_push_thread_default (context);
  pomar_store_write_async (f->store, gated_write, &gate, NULL, NULL, write_done, &result);
  gate_wait_started (&gate);

  /* The writer holds its transaction open, halfway: the reader sees the
   * last committed copy, without waiting. */
  reader = new_reader (f);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (PomarAccountSummary) summary = pomar_store_reader_get_account_summary (reader, "acc_1", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (summary->account.name, ==, "Old name");
    g_assert_cmpint (summary->account.version, ==, 1);
  }
  g_assert_true (gate.thread != g_thread_self ());

  gate_release (&gate);
  wait_done (&result);
  g_main_context_pop_thread_default (context);

  /* The callback came on the caller's context and thread. */
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  g_assert_true (result.context == context);
  g_assert_true (result.thread == g_thread_self ());

  {
    g_autoptr (GError) error = NULL;
    g_autoptr (PomarAccountSummary) summary = pomar_store_reader_get_account_summary (reader, "acc_1", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (summary->account.name, ==, "New name");
  }
  gate_clear (&gate);
}

static void
test_cancelled_not_run (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  AsyncResult blocked = { 0, };
  AsyncResult cancelled = { 0, };
  guint runs = 0;
  Gate gate;

  gate_init (&gate);

  /* Hold the writer, queue a job behind it, cancel that job while it waits. */
  pomar_store_write_async (f->store, gated_write, &gate, NULL, NULL, write_done, &blocked);
  gate_wait_started (&gate);
  pomar_store_write_async (f->store, count_run, &runs, NULL, cancellable, write_done, &cancelled);
  g_cancellable_cancel (cancellable);
  gate_release (&gate);

  wait_done (&blocked);
  wait_done (&cancelled);
  g_assert_true (blocked.ok);
  g_assert_false (cancelled.ok);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled.error);
  g_assert_cmpuint (runs, ==, 0);

  /* The same for a synchronous write. */
  g_assert_false (pomar_store_write_sync (f->store, count_run, &runs, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (runs, ==, 0);

  gate_clear (&gate);
}

static gboolean
write_then_fail (PomarStoreWriter  *writer,
                 gpointer           user_data,
                 GCancellable      *cancellable,
                 GError           **error)
{
  gboolean set_error = GPOINTER_TO_INT (user_data);
  g_autoptr (PomarAccount) account = store_test_account ("acc_9", 1, "Doomed", NULL, NAN, NULL);
  g_autoptr (PomarAccount) tomb = store_test_account ("acc_8", 9, NULL, NULL, NAN, NULL);

  tomb->deleted = TRUE;
  if (!pomar_store_writer_upsert_account (writer, account, NULL, error)
      || !pomar_store_writer_upsert_account (writer, tomb, NULL, error)
      || !pomar_store_writer_set_meta (writer, "doomed", "yes", error))
    return FALSE;

  if (set_error)
    g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA, "Made to fail");
  return FALSE;
}

static void
test_rollback (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (PomarAccount) older = store_test_account ("acc_8", 1, "Back", NULL, NAN, NULL);
  g_autofree char *meta = NULL;
  PomarStoreCounts counts;

  g_assert_false (pomar_store_write_sync (f->store, write_then_fail, GINT_TO_POINTER (TRUE), NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* A func that fails without saying why still reports a failure. */
  g_assert_false (pomar_store_write_sync (f->store, write_then_fail, GINT_TO_POINTER (FALSE), NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_FAILED);
  g_clear_error (&error);

  counts = get_counts (f);
  g_assert_cmpint (counts.collections[POMAR_COLLECTION_ACCOUNTS], ==, 0);
  g_assert_cmpint (counts.tombstones, ==, 0);
  reader = new_reader (f);
  meta = pomar_store_reader_get_meta (reader, "doomed", &error);
  g_assert_no_error (error);
  g_assert_null (meta);

  /* The rolled-back tombstone does not hold back an older copy. */
  g_assert_cmpint (upsert (f, POMAR_COLLECTION_ACCOUNTS, older), ==, POMAR_UPSERT_INSERTED);
}

static void
test_close_drains (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  AsyncResult results[10] = { { 0, }, };
  AsyncResult late = { 0, };
  guint runs = 0;

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    pomar_store_write_async (f->store, count_run, &runs, NULL, NULL, write_done, &results[i]);
  pomar_store_close (f->store);
  g_assert_cmpuint (runs, ==, G_N_ELEMENTS (results));

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      wait_done (&results[i]);
      g_assert_true (results[i].ok);
    }

  /* After close, writes are refused, not lost silently. */
  g_assert_false (pomar_store_write_sync (f->store, count_run, &runs, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_FAILED);
  pomar_store_write_async (f->store, count_run, &runs, NULL, NULL, write_done, &late);
  wait_done (&late);
  g_assert_false (late.ok);
  g_assert_error (late.error, POMAR_ERROR, POMAR_ERROR_FAILED);
  g_clear_error (&late.error);
  g_assert_cmpuint (runs, ==, G_N_ELEMENTS (results));
}

/* These two reach into the writer's connection (pomar-store-private.h) to
 * make SQLite run out of room, or wait less for a lock, than it would. */
static gboolean
fill_the_disk (PomarStoreWriter  *writer,
               gpointer           user_data,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr (PomarAccount) first = store_test_account ("acc_first", 1, "First", NULL, NAN, NULL);

  if (!pomar_store_writer_upsert_account (writer, first, NULL, error)
      || !pomar_db_exec (writer->db, "PRAGMA max_page_count = 40", error))
    return FALSE;

  for (guint i = 0; i < 100000; i++)
    {
      g_autoptr (PomarUsage) usage = store_test_usage ("acc_first", "2026-01-01", 1, 1, 1);

      g_free (usage->id);
      usage->id = g_strdup_printf ("usage_%u", i);
      if (!pomar_store_writer_upsert_usage (writer, usage, NULL, error))
        return FALSE;
    }

  return TRUE;
}

static void
test_disk_full (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  PomarStoreCounts counts;

  g_assert_false (pomar_store_write_sync (f->store, fill_the_disk, NULL, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "no room left on the disk"));

  counts = get_counts (f);
  g_assert_cmpint (counts.collections[POMAR_COLLECTION_ACCOUNTS], ==, 0);
  g_assert_cmpint (counts.collections[POMAR_COLLECTION_USAGE], ==, 0);
}

static gboolean
shorten_busy_timeout (PomarStoreWriter  *writer,
                      gpointer           user_data,
                      GCancellable      *cancellable,
                      GError           **error)
{
  sqlite3_busy_timeout (writer->db->db, 100);
  return TRUE;
}

static void
test_busy (Fixture       *f,
           gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->data_dir, "pomar.db", NULL);
  sqlite3 *other = NULL;
  guint runs = 0;

  g_assert_true (pomar_store_write_sync (f->store, shorten_busy_timeout, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Another process holds the write lock. */
  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_false (pomar_store_write_sync (f->store, count_run, &runs, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_cmpuint (runs, ==, 0);

  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  g_assert_true (pomar_store_write_sync (f->store, count_run, &runs, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (runs, ==, 1);
}

typedef struct
{
  Fixture  *f;
  gboolean  done;
  GThread  *finalized_on;
} DropStore;

static void
store_finalized (gpointer  data,
                 GObject  *where_the_object_was)
{
  DropStore *drop = data;

  drop->finalized_on = g_thread_self ();
}

/* The caller lets go of the store in the callback: the last reference is
 * the task's, and it must not be dropped on the writer thread. */
static void
drop_store_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DropStore *drop = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (pomar_store_write_finish (POMAR_STORE (source), result, &error));
  g_assert_no_error (error);
  g_clear_object (&drop->f->store);
  drop->done = TRUE;
}

static void
test_last_ref_in_callback (Fixture       *f,
                           gconstpointer  user_data)
{
  DropStore drop = { f, FALSE, NULL };
  guint runs = 0;

  g_object_weak_ref (G_OBJECT (f->store), store_finalized, &drop);
  pomar_store_write_async (f->store, count_run, &runs, NULL, NULL, drop_store_done, &drop);
  while (drop.finalized_on == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (drop.done);
  g_assert_cmpuint (runs, ==, 1);
  g_assert_true (drop.finalized_on == g_thread_self ());
}

typedef struct
{
  PomarStore *store;
  guint       index;
  guint       done;
} Hammer;

static gboolean
hammer_write (PomarStoreWriter  *writer,
              gpointer           user_data,
              GCancellable      *cancellable,
              GError           **error)
{
  Hammer *hammer = user_data;
  g_autofree char *id = g_strdup_printf ("acc_t%u_%u", hammer->index, hammer->done);
  g_autoptr (PomarAccount) account = store_test_account (id, 1, id, NULL, NAN, NULL);

  return pomar_store_writer_upsert_account (writer, account, NULL, error);
}

static gpointer
hammer_thread (gpointer data)
{
  Hammer *hammer = data;

  for (hammer->done = 0; hammer->done < 50; hammer->done++)
    {
      g_autoptr (GError) error = NULL;

      if (!pomar_store_write_sync (hammer->store, hammer_write, hammer, NULL, &error))
        g_error ("%s", error->message);
    }
  return NULL;
}

static void
test_many_threads (Fixture       *f,
                   gconstpointer  user_data)
{
  Hammer hammers[4];
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      hammers[i].store = f->store;
      hammers[i].index = i;
      threads[i] = g_thread_new ("hammer", hammer_thread, &hammers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_assert_cmpint (get_counts (f).collections[POMAR_COLLECTION_ACCOUNTS], ==, 4 * 50);
}

/* Lists and figures ------------------------------------------------------------- */

static gboolean
populate_book (PomarStoreWriter  *writer,
               gpointer           user_data,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new ();
  struct { const char *id, *name, *stage; double arr; const char *currency; } accounts[] = {
    { "acc_1", "beta Ltda", "onboarding", 100.0, "BRL" },
    { "acc_2", "Alfa SA", "onboarding", 50.0, "BRL" },
    { "acc_3", "Gamma Inc", "onboarding", 70.0, "USD" },
    { "acc_4", "Delta", "engagement", NAN, "BRL" },
    { "acc_5", "Epsilon", "engagement", 30.0, "BRL" },
    { "acc_6", "Zeta", NULL, 5.0, NULL },
  };
  struct { const char *id, *status, *priority, *created_at; } tickets[] = {
    { "t1", "open", "urgent", "2026-11-01T00:00:00Z" },
    { "t2", "solved", "urgent", "2026-11-05T00:00:00Z" },
    { "t3", "pending", "high", "2026-10-01T00:00:00Z" },
    { "t4", "new", "normal", "2026-11-03T00:00:00Z" },
    { "t5", "closed", "high", "2026-11-10T00:00:00Z" },
    { "t6", "hold", "high", "2026-09-01T00:00:00Z" },
  };
  struct { const char *id, *kind, *occurred_at; } activities[] = {
    { "a1", "note", "2026-10-01T00:00:00Z" },
    { "a2", "call", "2026-11-02T00:00:00Z" },
    /* Newer, but not a touch. */
    { "a3", "task_done", "2026-11-20T00:00:00Z" },
    { "a4", "meeting", "2026-10-20T00:00:00Z" },
  };
  const char *days[] = { "2026-11-03", "2026-11-01", "2026-11-02" };

  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      g_autoptr (PomarAccount) a = store_test_account (accounts[i].id, 1, accounts[i].name,
                                                       accounts[i].stage, accounts[i].arr,
                                                       accounts[i].currency);
      if (!pomar_store_writer_upsert_account (writer, a, NULL, error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    {
      g_autoptr (PomarTicket) t = store_test_ticket (tickets[i].id, 1, "acc_1", tickets[i].status,
                                                     tickets[i].priority, tickets[i].created_at);
      if (!pomar_store_writer_upsert_ticket (writer, t, NULL, error))
        return FALSE;
    }
  /* A ticket of an account not known (yet): kept. */
  {
    g_autoptr (PomarTicket) t = store_test_ticket ("t_orphan", 1, "acc_unknown", "open", "urgent",
                                                   "2026-11-01T00:00:00Z");
    if (!pomar_store_writer_upsert_ticket (writer, t, NULL, error))
      return FALSE;
  }

  for (guint i = 0; i < G_N_ELEMENTS (activities); i++)
    {
      g_autoptr (PomarActivity) a = store_test_activity (activities[i].id, 1, "acc_1", activities[i].kind,
                                                         "Body", activities[i].occurred_at);
      if (!pomar_store_writer_upsert_activity (writer, a, NULL, error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr (PomarUsage) u = store_test_usage ("acc_1", days[i], 1, 10 + i, 100 * (i + 1));
      if (!pomar_store_writer_upsert_usage (writer, u, NULL, error))
        return FALSE;
    }
  {
    g_autoptr (PomarUsage) u = store_test_usage ("acc_2", "2026-11-01", 1, POMAR_NO_INT, POMAR_NO_INT);
    g_clear_pointer (&u->features_json, g_free);
    if (!pomar_store_writer_upsert_usage (writer, u, NULL, error))
      return FALSE;
  }

  {
    const char *names[] = { "zoe", "Ana", "bruno" };
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *id = g_strdup_printf ("con_%u", i);
        PomarContact *c = make_record (POMAR_COLLECTION_CONTACTS, id, 1, "acc_1", names[i], FALSE);
        gboolean ok = pomar_store_writer_upsert_contact (writer, c, NULL, error);

        pomar_contact_free (c);
        if (!ok)
          return FALSE;
      }
  }

  {
    const char *when[] = { "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", "2026-09-01T00:00:00Z" };
    for (guint i = 0; i < G_N_ELEMENTS (when); i++)
      {
        g_autofree char *id = g_strdup_printf ("rsp_%u", i);
        PomarResponse *r = make_record (POMAR_COLLECTION_RESPONSES, id, 1, "acc_1", "ok", FALSE);
        gboolean ok;

        g_free (r->responded_at);
        r->responded_at = g_strdup (when[i]);
        ok = pomar_store_writer_upsert_response (writer, r, NULL, error);
        pomar_response_free (r);
        if (!ok)
          return FALSE;
      }
  }

  {
    PomarPlaybookInstance old_one = { (char *) "pb_old", (char *) "acc_1", (char *) "onboarding",
                                      (char *) "manual", (char *) "2026-09-01T00:00:00Z",
                                      (char *) "complete", (char *) "2026-10-01T00:00:00Z" };
    PomarPlaybookInstance new_one = { (char *) "pb_new", (char *) "acc_1", (char *) "renewal",
                                      (char *) "renewal:90", (char *) "2026-11-01T00:00:00Z",
                                      (char *) "open", NULL };
    PomarPlaybookTask second = { (char *) "pb_new", (char *) "call", 1, (char *) "Call the champion",
                                 7, (char *) "open", NULL, NULL, NULL };
    PomarPlaybookTask first = { (char *) "pb_new", (char *) "review", 0, (char *) "Review usage",
                                POMAR_NO_INT, (char *) "done", (char *) "ana@example.com",
                                (char *) "2026-11-02T00:00:00Z", NULL };

    if (!pomar_store_writer_put_playbook_instance (writer, &old_one, error)
        || !pomar_store_writer_put_playbook_instance (writer, &new_one, error)
        || !pomar_store_writer_put_playbook_task (writer, &second, error)
        || !pomar_store_writer_put_playbook_task (writer, &first, error))
      return FALSE;

    /* Putting the instance again keeps its tasks. */
    new_one.status = (char *) "complete";
    if (!pomar_store_writer_put_playbook_instance (writer, &new_one, error))
      return FALSE;
  }

  return TRUE;
}

static void
test_lists (Fixture       *f,
            gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) summaries = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (PomarAccountSummary) one = NULL;
  PomarAccountSummary *s;
  PomarStoreCounts counts;
  const char *order[] = { "acc_2", "acc_1", "acc_4", "acc_5", "acc_3", "acc_6" };

  g_assert_true (pomar_store_write_sync (f->store, populate_book, NULL, NULL, &error));
  g_assert_no_error (error);
  reader = new_reader (f);

  counts = get_counts (f);
  g_assert_cmpint (counts.collections[POMAR_COLLECTION_ACCOUNTS], ==, 6);
  g_assert_cmpint (counts.collections[POMAR_COLLECTION_TICKETS], ==, 7);
  g_assert_cmpint (counts.collections[POMAR_COLLECTION_ACTIVITIES], ==, 4);
  g_assert_cmpint (counts.collections[POMAR_COLLECTION_USAGE], ==, 4);
  g_assert_cmpint (counts.collections[POMAR_COLLECTION_CONTACTS], ==, 3);
  g_assert_cmpint (counts.collections[POMAR_COLLECTION_RESPONSES], ==, 3);
  g_assert_cmpint (counts.playbook_instances, ==, 2);
  g_assert_cmpint (counts.playbook_tasks, ==, 2);

  /* Summaries: by name, whatever the case; open tickets counted by priority. */
  summaries = pomar_store_reader_list_account_summaries (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (((PomarAccountSummary *) g_ptr_array_index (summaries, i))->account.id, ==, order[i]);

  s = g_ptr_array_index (summaries, 1);
  g_assert_cmpstr (s->account.name, ==, "beta Ltda");
  g_assert_cmpint (s->open_tickets, ==, 4);
  g_assert_cmpint (s->open_urgent_tickets, ==, 1);
  g_assert_cmpint (s->open_high_tickets, ==, 2);
  g_assert_cmpstr (s->last_touch, ==, "2026-11-02T00:00:00Z");
  g_assert_cmpfloat (s->account.arr, ==, 100.0);
  g_assert_cmpint (s->account.licensed_seats, ==, 40);
  g_assert_cmpstr (s->account.contract_start, ==, "2026-09-01");
  g_assert_false (s->account.deleted);

  s = g_ptr_array_index (summaries, 0);
  g_assert_cmpint (s->open_tickets, ==, 0);
  g_assert_null (s->last_touch);
  s = g_ptr_array_index (summaries, 2);
  g_assert_true (isnan (s->account.arr));

  one = pomar_store_reader_get_account_summary (reader, "acc_1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (one->open_tickets, ==, 4);
  g_assert_cmpint (one->open_urgent_tickets, ==, 1);
  g_assert_cmpint (one->open_high_tickets, ==, 2);
  g_assert_cmpstr (one->last_touch, ==, "2026-11-02T00:00:00Z");
  g_assert_null (pomar_store_reader_get_account_summary (reader, "acc_nope", &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Contacts by name. */
  list = pomar_store_reader_list_contacts (reader, "acc_1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((PomarContact *) list->pdata[0])->name, ==, "Ana");
  g_assert_cmpstr (((PomarContact *) list->pdata[1])->name, ==, "bruno");
  g_assert_cmpstr (((PomarContact *) list->pdata[2])->name, ==, "zoe");
  g_assert_cmpstr (((PomarContact *) list->pdata[0])->role, ==, "champion");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Tickets: open first, then newest first. */
  {
    const char *expected[] = { "t4", "t1", "t3", "t6", "t5", "t2" };

    list = pomar_store_reader_list_tickets (reader, "acc_1", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_cmpstr (((PomarTicket *) list->pdata[i])->id, ==, expected[i]);
    g_assert_null (((PomarTicket *) list->pdata[0])->solved_at);
    g_clear_pointer (&list, g_ptr_array_unref);
  }

  /* Activities newest first. */
  {
    const char *expected[] = { "a3", "a2", "a4", "a1" };

    list = pomar_store_reader_list_activities (reader, "acc_1", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_cmpstr (((PomarActivity *) list->pdata[i])->id, ==, expected[i]);
    g_clear_pointer (&list, g_ptr_array_unref);
  }

  /* Responses newest first. */
  list = pomar_store_reader_list_responses (reader, "acc_1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((PomarResponse *) list->pdata[0])->id, ==, "rsp_1");
  g_assert_cmpstr (((PomarResponse *) list->pdata[1])->id, ==, "rsp_0");
  g_assert_cmpstr (((PomarResponse *) list->pdata[2])->id, ==, "rsp_2");
  g_assert_cmpint (((PomarResponse *) list->pdata[0])->score, ==, 9);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Usage oldest first, from a day on. */
  list = pomar_store_reader_list_usage (reader, "acc_1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((PomarUsage *) list->pdata[0])->day, ==, "2026-11-01");
  g_assert_cmpint (((PomarUsage *) list->pdata[0])->active_users, ==, 11);
  g_assert_cmpint (((PomarUsage *) list->pdata[0])->events, ==, 200);
  g_assert_cmpstr (((PomarUsage *) list->pdata[0])->features_json, ==, "{\"reports\":120,\"dashboards\":35}");
  g_assert_cmpstr (((PomarUsage *) list->pdata[2])->day, ==, "2026-11-03");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = pomar_store_reader_list_usage (reader, "acc_1", "2026-11-02", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((PomarUsage *) list->pdata[0])->day, ==, "2026-11-02");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = pomar_store_reader_list_usage (reader, "acc_2", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((PomarUsage *) list->pdata[0])->active_users, ==, POMAR_NO_INT);
  g_assert_cmpint (((PomarUsage *) list->pdata[0])->events, ==, POMAR_NO_INT);
  g_assert_null (((PomarUsage *) list->pdata[0])->features_json);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Playbooks newest first, tasks in order; re-putting kept the tasks. */
  list = pomar_store_reader_list_playbook_instances (reader, "acc_1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((PomarPlaybookInstance *) list->pdata[0])->id, ==, "pb_new");
  g_assert_cmpstr (((PomarPlaybookInstance *) list->pdata[0])->status, ==, "complete");
  g_assert_cmpstr (((PomarPlaybookInstance *) list->pdata[0])->trigger, ==, "renewal:90");
  g_assert_null (((PomarPlaybookInstance *) list->pdata[0])->completed_at);
  g_assert_cmpstr (((PomarPlaybookInstance *) list->pdata[1])->id, ==, "pb_old");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = pomar_store_reader_list_playbook_tasks (reader, "pb_new", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((PomarPlaybookTask *) list->pdata[0])->task_id, ==, "review");
  g_assert_cmpint (((PomarPlaybookTask *) list->pdata[0])->due_offset, ==, POMAR_NO_INT);
  g_assert_cmpstr (((PomarPlaybookTask *) list->pdata[0])->done_by, ==, "ana@example.com");
  g_assert_cmpstr (((PomarPlaybookTask *) list->pdata[1])->task_id, ==, "call");
  g_assert_cmpint (((PomarPlaybookTask *) list->pdata[1])->due_offset, ==, 7);
  g_clear_pointer (&list, g_ptr_array_unref);
}

static gboolean
put_orphan_task (PomarStoreWriter  *writer,
                 gpointer           user_data,
                 GCancellable      *cancellable,
                 GError           **error)
{
  PomarPlaybookTask task = { (char *) "pb_missing", (char *) "t", 0, (char *) "T", 0,
                             (char *) "open", NULL, NULL, NULL };

  return pomar_store_writer_put_playbook_task (writer, &task, error);
}

static void
test_orphan_task (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (pomar_store_write_sync (f->store, put_orphan_task, NULL, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND);
}

static void
test_stage_totals (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) totals = NULL;
  struct { const char *stage, *currency; gint64 accounts; double arr; } expected[] = {
    { NULL, NULL, 1, 5.0 },
    { "engagement", "BRL", 2, 30.0 },
    { "onboarding", "BRL", 2, 150.0 },
    { "onboarding", "USD", 1, 70.0 },
  };

  g_assert_true (pomar_store_write_sync (f->store, populate_book, NULL, NULL, &error));
  g_assert_no_error (error);
  reader = new_reader (f);

  totals = pomar_store_reader_list_stage_totals (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (totals->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      PomarStageTotal *t = g_ptr_array_index (totals, i);

      g_assert_cmpstr (t->stage, ==, expected[i].stage);
      g_assert_cmpstr (t->currency, ==, expected[i].currency);
      g_assert_cmpint (t->accounts, ==, expected[i].accounts);
      g_assert_cmpfloat_with_epsilon (t->arr, expected[i].arr, 1e-9);
    }
}

static gboolean
write_misc (PomarStoreWriter  *writer,
            gpointer           user_data,
            GCancellable      *cancellable,
            GError           **error)
{
  return pomar_store_writer_set_meta (writer, "demo.seed", "42", error)
         && pomar_store_writer_set_meta (writer, "gone", "soon", error)
         && pomar_store_writer_set_meta (writer, "gone", NULL, error)
         && pomar_store_writer_set_sync_state (writer, "work", POMAR_COLLECTION_TICKETS, "tok-1", "2026-11-20T10:00:00Z", error)
         && pomar_store_writer_set_sync_state (writer, "work", POMAR_COLLECTION_TICKETS, "tok-2", "2026-11-21T10:00:00Z", error)
         && pomar_store_writer_set_sync_state (writer, "work", POMAR_COLLECTION_ACCOUNTS, "tok-a", NULL, error)
         && pomar_store_writer_set_sync_state (writer, "home", POMAR_COLLECTION_USAGE, NULL, NULL, error)
         && pomar_store_writer_quarantine (writer, "work", POMAR_COLLECTION_RESPONSES, "rsp_1",
                                           "score 14 is out of range", "{\"id\":\"rsp_1\",\"score\":14}", error)
         && pomar_store_writer_quarantine (writer, "work", POMAR_COLLECTION_TICKETS, NULL,
                                           "no id", "{}", error);
}

static void
test_meta_sync_quarantine (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) states = NULL;
  g_autoptr (GPtrArray) quarantined = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *gone = NULL;
  PomarSyncState *state;
  PomarQuarantined *q;

  g_assert_true (pomar_store_write_sync (f->store, write_misc, NULL, NULL, &error));
  g_assert_no_error (error);
  reader = new_reader (f);

  seed = pomar_store_reader_get_meta (reader, "demo.seed", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seed, ==, "42");
  gone = pomar_store_reader_get_meta (reader, "gone", &error);
  g_assert_no_error (error);
  g_assert_null (gone);

  states = pomar_store_reader_list_sync_states (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (states->len, ==, 3);
  state = g_ptr_array_index (states, 0);
  g_assert_cmpstr (state->connection, ==, "home");
  g_assert_cmpstr (state->collection, ==, "usage");
  g_assert_null (state->sync_token);
  state = g_ptr_array_index (states, 2);
  g_assert_cmpstr (state->connection, ==, "work");
  g_assert_cmpstr (state->collection, ==, "tickets");
  g_assert_cmpstr (state->sync_token, ==, "tok-2");
  g_assert_cmpstr (state->last_synced_at, ==, "2026-11-21T10:00:00Z");

  quarantined = pomar_store_reader_list_quarantined (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quarantined->len, ==, 2);
  q = g_ptr_array_index (quarantined, 0);
  g_assert_null (q->record_id);
  g_assert_cmpstr (q->collection, ==, "tickets");
  q = g_ptr_array_index (quarantined, 1);
  g_assert_cmpstr (q->connection, ==, "work");
  g_assert_cmpstr (q->collection, ==, "responses");
  g_assert_cmpstr (q->record_id, ==, "rsp_1");
  g_assert_cmpstr (q->reason, ==, "score 14 is out of range");
  g_assert_cmpstr (q->raw, ==, "{\"id\":\"rsp_1\",\"score\":14}");
  g_assert_true (g_str_has_suffix (q->received_at, "Z"));
  g_assert_cmpuint (strlen (q->received_at), ==, strlen ("2026-11-21T10:00:00Z"));
  g_assert_cmpint (get_counts (f).quarantined, ==, 2);
}

static gboolean
clear_func (PomarStoreWriter  *writer,
            gpointer           user_data,
            GCancellable      *cancellable,
            GError           **error)
{
  return pomar_store_writer_clear_all (writer, GPOINTER_TO_INT (user_data), error);
}

static gboolean
add_connection (PomarStoreWriter  *writer,
                gpointer           user_data,
                GCancellable      *cancellable,
                GError           **error)
{
  return pomar_store_writer_add_connection (writer, user_data, error);
}

static void
test_clear_all (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (PomarAccount) tomb = store_test_account ("acc_x", 3, NULL, NULL, NAN, NULL);
  g_autoptr (PomarAccount) old_copy = store_test_account ("acc_x", 1, "X", NULL, NAN, NULL);
  g_autofree char *path = g_build_filename (f->data_dir, "pomar.db", NULL);
  g_autofree char *seed = NULL;
  PomarConnectionInfo info = { (char *) "work", (char *) "pomar", (char *) "https://cs.example.com/api",
                               NULL, NULL, NULL };
  PomarStoreCounts counts;

  tomb->deleted = TRUE;
  g_assert_true (pomar_store_write_sync (f->store, populate_book, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pomar_store_write_sync (f->store, write_misc, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pomar_store_write_sync (f->store, populate_account, (gpointer) "acc_p", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pomar_store_write_sync (f->store, add_connection, &info, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (upsert (f, POMAR_COLLECTION_ACCOUNTS, tomb), ==, POMAR_UPSERT_DELETED);
  direct_exec (path, "INSERT INTO outbox (idempotency_key, account_id, kind, payload, created_at) "
                     "VALUES ('k1', 'acc_1', 'activity', '{}', '2026-11-21T10:00:00Z')");

  counts = get_counts (f);
  g_assert_cmpint (counts.outbox, ==, 1);

  g_assert_true (pomar_store_write_sync (f->store, clear_func, GINT_TO_POINTER (FALSE), NULL, &error));
  g_assert_no_error (error);
  counts = get_counts (f);
  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    g_assert_cmpint (counts.collections[i], ==, 0);
  g_assert_cmpint (counts.stage_changes, ==, 0);
  g_assert_cmpint (counts.playbook_instances, ==, 0);
  g_assert_cmpint (counts.playbook_tasks, ==, 0);
  g_assert_cmpint (counts.quarantined, ==, 0);
  g_assert_cmpint (counts.tombstones, ==, 0);
  g_assert_cmpint (counts.outbox, ==, 1);

  reader = new_reader (f);
  {
    g_autoptr (GPtrArray) states = pomar_store_reader_list_sync_states (reader, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (states->len, ==, 0);
  }
  /* The meta table and the connections are the caller's: kept. */
  seed = pomar_store_reader_get_meta (reader, "demo.seed", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seed, ==, "42");
  {
    g_autoptr (GPtrArray) connections = pomar_store_reader_list_connections (reader, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (connections->len, ==, 1);
  }

  /* The tombstone went too: an old copy comes in as new. */
  g_assert_cmpint (upsert (f, POMAR_COLLECTION_ACCOUNTS, old_copy), ==, POMAR_UPSERT_INSERTED);

  g_assert_true (pomar_store_write_sync (f->store, clear_func, GINT_TO_POINTER (TRUE), NULL, &error));
  g_assert_no_error (error);
  counts = get_counts (f);
  g_assert_cmpint (counts.outbox, ==, 0);
  g_assert_cmpint (counts.collections[POMAR_COLLECTION_ACCOUNTS], ==, 0);
}

/* Connections ------------------------------------------------------------------- */

typedef struct
{
  const PomarConnectionInfo *add;
  const char                *remove;
} ConnectionOp;

static gboolean
connection_func (PomarStoreWriter  *writer,
                 gpointer           user_data,
                 GCancellable      *cancellable,
                 GError           **error)
{
  ConnectionOp *op = user_data;

  if (op->add != NULL)
    return pomar_store_writer_add_connection (writer, op->add, error);
  return pomar_store_writer_remove_connection (writer, op->remove, error);
}

static void
test_connections (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GPtrArray) states = NULL;
  g_autoptr (PomarConnectionInfo) got = NULL;
  PomarConnectionInfo work = { (char *) "work", (char *) "zendesk", (char *) "https://acme.zendesk.com",
                               (char *) "ana@example.com", (char *) "{\"subdomain\":\"acme\"}",
                               (char *) "2026-11-20T10:00:00Z" };
  PomarConnectionInfo home = { (char *) "home", (char *) "pomar", (char *) "http://127.0.0.1:8080/api",
                               NULL, NULL, NULL };
  PomarConnectionInfo nameless = { NULL, (char *) "pomar", NULL, NULL, NULL, NULL };
  ConnectionOp op = { 0, };

  op.add = &work;
  g_assert_true (pomar_store_write_sync (f->store, connection_func, &op, NULL, &error));
  g_assert_no_error (error);
  op.add = &home;
  g_assert_true (pomar_store_write_sync (f->store, connection_func, &op, NULL, &error));
  g_assert_no_error (error);

  /* Names are unique. */
  op.add = &work;
  g_assert_false (pomar_store_write_sync (f->store, connection_func, &op, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "work"));
  g_clear_error (&error);
  op.add = &nameless;
  g_assert_false (pomar_store_write_sync (f->store, connection_func, &op, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (pomar_store_write_sync (f->store, write_misc, NULL, NULL, &error));
  g_assert_no_error (error);

  reader = new_reader (f);
  list = pomar_store_reader_list_connections (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((PomarConnectionInfo *) list->pdata[0])->name, ==, "home");
  g_assert_null (((PomarConnectionInfo *) list->pdata[0])->email);
  /* A connection made without a date gets the current one. */
  g_assert_true (g_str_has_suffix (((PomarConnectionInfo *) list->pdata[0])->created_at, "Z"));
  g_assert_cmpstr (((PomarConnectionInfo *) list->pdata[1])->name, ==, "work");

  got = pomar_store_reader_get_connection (reader, "work", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->provider, ==, "zendesk");
  g_assert_cmpstr (got->base_url, ==, "https://acme.zendesk.com");
  g_assert_cmpstr (got->email, ==, "ana@example.com");
  g_assert_cmpstr (got->settings_json, ==, "{\"subdomain\":\"acme\"}");
  g_assert_cmpstr (got->created_at, ==, "2026-11-20T10:00:00Z");
  g_assert_null (pomar_store_reader_get_connection (reader, "nope", &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Removing "work" takes its sync state, not "home"'s. */
  op.add = NULL;
  op.remove = "work";
  g_assert_true (pomar_store_write_sync (f->store, connection_func, &op, NULL, &error));
  g_assert_no_error (error);
  states = pomar_store_reader_list_sync_states (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (states->len, ==, 1);
  g_assert_cmpstr (((PomarSyncState *) states->pdata[0])->connection, ==, "home");
  g_assert_null (pomar_store_reader_get_connection (reader, "work", &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (pomar_store_write_sync (f->store, connection_func, &op, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND);
}

/* Scanning ------------------------------------------------------------------------ */

typedef struct
{
  GPtrArray *ids;
  GString   *first;  /* the first row, as "name:type=value;..." */
  guint      stop_after;
} ScanLog;

static gboolean
log_row (const PomarField *fields,
         guint             n_fields,
         gpointer          user_data,
         GError          **error)
{
  ScanLog *log = user_data;

  g_ptr_array_add (log->ids, g_strdup (fields[0].s));

  if (log->first->len == 0)
    {
      for (guint i = 0; i < n_fields; i++)
        {
          g_string_append_printf (log->first, "%s:", fields[i].name);
          switch (fields[i].type)
            {
            case POMAR_FIELD_NULL: g_string_append (log->first, "null"); break;
            case POMAR_FIELD_INT: g_string_append_printf (log->first, "int=%" G_GINT64_FORMAT, fields[i].i); break;
            case POMAR_FIELD_DOUBLE: g_string_append_printf (log->first, "double=%g", fields[i].d); break;
            case POMAR_FIELD_STRING: g_string_append_printf (log->first, "string=%s", fields[i].s); break;
            case POMAR_FIELD_JSON: g_string_append_printf (log->first, "json=%s", fields[i].s); break;
            case POMAR_FIELD_BOOLEAN: g_string_append_printf (log->first, "bool=%d", (int) fields[i].i); break;
            default: g_assert_not_reached ();
            }
          g_string_append_c (log->first, ';');
        }
    }

  if (log->stop_after > 0 && log->ids->len == log->stop_after)
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_IO, "The export's disk is full");
      return FALSE;
    }
  return TRUE;
}

static void
test_scan (Fixture       *f,
           gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  ScanLog log;

  g_assert_true (pomar_store_write_sync (f->store, populate_book, NULL, NULL, &error));
  g_assert_no_error (error);
  reader = new_reader (f);

  log.ids = g_ptr_array_new_with_free_func (g_free);
  log.first = g_string_new (NULL);
  log.stop_after = 0;
  g_assert_true (pomar_store_reader_scan (reader, POMAR_COLLECTION_ACCOUNTS, log_row, &log, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.ids->len, ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("acc_%u", i + 1);
      g_assert_cmpstr (log.ids->pdata[i], ==, id);
    }
  /* The contract's fields first, as they are stored; then what Pomar
   * computed (test-figures.c checks those). */
  g_assert_true (g_str_has_prefix (log.first->str,
                   "id:string=acc_1;name:string=beta Ltda;domain:string=acc_1.example.com;"
                   "segment:string=mid-market;owner:string=ana@example.com;stage:string=onboarding;"
                   "arr:double=100;currency:string=BRL;plan:string=Pro;licensed_seats:int=40;"
                   "contract_start:string=2026-09-01;renewal_date:string=2027-09-01;"
                   "created_at:string=2026-08-20T10:00:00Z;updated_at:string=2026-11-20T09:12:44Z;"
                   "version:int=1;health:"));
  g_assert_nonnull (strstr (log.first->str, ";open_tickets:int=4;"));

  g_ptr_array_set_size (log.ids, 0);
  g_string_truncate (log.first, 0);
  g_assert_true (pomar_store_reader_scan (reader, POMAR_COLLECTION_USAGE, log_row, &log, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.ids->len, ==, 4);
  g_assert_cmpstr (log.ids->pdata[0], ==, "acc_1:2026-11-01");
  g_assert_cmpstr (log.ids->pdata[3], ==, "acc_2:2026-11-01");
  g_assert_cmpstr (log.first->str, ==,
                   "id:string=acc_1:2026-11-01;account_id:string=acc_1;day:string=2026-11-01;"
                   "active_users:int=11;sessions:int=33;events:int=200;"
                   "features:json={\"reports\":120,\"dashboards\":35};"
                   "updated_at:string=2026-11-20T23:00:00Z;version:int=1;");

  /* The other collections name their fields as the contract does. */
  {
    struct { PomarCollection c; const char *names; } expected[] = {
      { POMAR_COLLECTION_CONTACTS, "id account_id name email title role updated_at version" },
      { POMAR_COLLECTION_TICKETS, "id account_id subject status priority type created_at updated_at solved_at version" },
      { POMAR_COLLECTION_RESPONSES, "id account_id contact_id kind score comment responded_at updated_at version" },
      { POMAR_COLLECTION_ACTIVITIES, "id account_id kind author body occurred_at updated_at version" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_auto (GStrv) names = g_strsplit (expected[i].names, " ", -1);
        g_autoptr (GString) pattern = g_string_new (NULL);

        g_ptr_array_set_size (log.ids, 0);
        g_string_truncate (log.first, 0);
        g_assert_true (pomar_store_reader_scan (reader, expected[i].c, log_row, &log, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (log.ids->len, >, 0);
        for (guint j = 0; names[j] != NULL; j++)
          {
            g_autofree char *needle = g_strdup_printf ("%s:", names[j]);
            const char *at = strstr (log.first->str + pattern->len, needle);

            /* Each name follows the previous one. */
            g_assert_nonnull (at);
            g_string_append_len (pattern, log.first->str + pattern->len,
                                 at - (log.first->str + pattern->len) + strlen (needle));
          }
      }
  }

  /* A func that stops the walk stops it, with its error. */
  g_ptr_array_set_size (log.ids, 0);
  g_string_truncate (log.first, 0);
  log.stop_after = 2;
  g_assert_false (pomar_store_reader_scan (reader, POMAR_COLLECTION_TICKETS, log_row, &log, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_IO);
  g_assert_cmpuint (log.ids->len, ==, 2);

  g_ptr_array_unref (log.ids);
  g_string_free (log.first, TRUE);
}

static void
test_integrity (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autofree char *report = NULL;

  g_assert_true (pomar_store_write_sync (f->store, populate_book, NULL, NULL, &error));
  reader = new_reader (f);
  g_assert_true (pomar_store_reader_check_integrity (reader, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (report, ==, "ok");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define ADD_EMPTY(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup_empty, func, fixture_teardown)

  ADD ("/store/open/new", test_open_new);
  ADD ("/store/open/reopen", test_reopen);
  ADD_EMPTY ("/store/open/modes", test_modes);
  ADD_EMPTY ("/store/open/schema-too-new", test_schema_too_new);
  ADD_EMPTY ("/store/open/not-a-database", test_not_a_database);
  ADD_EMPTY ("/store/open/foreign-database", test_foreign_database);
  ADD_EMPTY ("/store/open/unmakeable-dir", test_unmakeable_dir);
  ADD_EMPTY ("/store/open/read-only", test_read_only);

  for (PomarCollection c = 0; c < POMAR_N_COLLECTIONS; c++)
    {
      g_autofree char *path = g_strdup_printf ("/store/upsert/%s", pomar_collection_to_string (c));
      g_test_add (path, Fixture, GINT_TO_POINTER (c), fixture_setup, test_upsert_rules, fixture_teardown);
    }
  ADD ("/store/upsert/no-id", test_upsert_no_id);
  ADD ("/store/upsert/account-tombstone", test_account_tombstone);
  ADD ("/store/upsert/stage-history", test_stage_history);

  ADD ("/store/writer/readers-during-write", test_readers_during_write);
  ADD ("/store/writer/cancelled-not-run", test_cancelled_not_run);
  ADD ("/store/writer/rollback", test_rollback);
  ADD ("/store/writer/close-drains", test_close_drains);
  ADD ("/store/writer/many-threads", test_many_threads);
  ADD ("/store/writer/last-ref-in-callback", test_last_ref_in_callback);
  ADD ("/store/writer/disk-full", test_disk_full);
  ADD ("/store/writer/busy", test_busy);

  ADD ("/store/read/lists", test_lists);
  ADD ("/store/read/orphan-task", test_orphan_task);
  ADD ("/store/read/stage-totals", test_stage_totals);
  ADD ("/store/read/meta-sync-quarantine", test_meta_sync_quarantine);
  ADD ("/store/read/clear-all", test_clear_all);
  ADD ("/store/read/connections", test_connections);
  ADD ("/store/read/scan", test_scan);
  ADD ("/store/read/integrity", test_integrity);

  return g_test_run ();
}
