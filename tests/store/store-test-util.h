/* store-test-util.h: what the store's tests and benchmark share.
 *
 * Record builders (every string owned, as the records want them), a
 * throw-away data dir per test, a write helper that runs one closure on the
 * writer thread, a batch of records written in one transaction, days, and
 * a look straight into the cache's database.
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "core/pomar-demo.h"
#include "core/pomar-records.h"
#include "store/pomar-store.h"

G_BEGIN_DECLS

static inline void
store_test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  /* Tests make folders read-only; the tree must go all the same. */
  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            store_test_remove_tree (child);
          else
            g_assert_no_errno (g_remove (child));
        }
    }
  g_assert_no_errno (g_rmdir (path));
}

static inline PomarAccount *
store_test_account (const char *id,
                    gint64      version,
                    const char *name,
                    const char *stage,
                    double      arr,
                    const char *currency)
{
  PomarAccount *record = g_new0 (PomarAccount, 1);

  record->id = g_strdup (id);
  record->version = version;
  record->updated_at = g_strdup ("2026-11-20T09:12:44Z");
  record->name = g_strdup (name);
  record->domain = g_strdup_printf ("%s.example.com", id);
  record->segment = g_strdup ("mid-market");
  record->owner = g_strdup ("ana@example.com");
  record->stage = g_strdup (stage);
  record->arr = arr;
  record->currency = g_strdup (currency);
  record->plan = g_strdup ("Pro");
  record->licensed_seats = 40;
  record->contract_start = g_strdup ("2026-09-01");
  record->renewal_date = g_strdup ("2027-09-01");
  record->created_at = g_strdup ("2026-08-20T10:00:00Z");

  return record;
}

static inline PomarTicket *
store_test_ticket (const char *id,
                   gint64      version,
                   const char *account_id,
                   const char *status,
                   const char *priority,
                   const char *created_at)
{
  PomarTicket *record = g_new0 (PomarTicket, 1);

  record->id = g_strdup (id);
  record->version = version;
  record->updated_at = g_strdup ("2026-11-19T08:30:00Z");
  record->account_id = g_strdup (account_id);
  record->subject = g_strdup_printf ("Subject of %s", id);
  record->status = g_strdup (status);
  record->priority = g_strdup (priority);
  record->type = g_strdup ("incident");
  record->created_at = g_strdup (created_at);

  return record;
}

static inline PomarUsage *
store_test_usage (const char *account_id,
                  const char *day,
                  gint64      version,
                  gint64      active_users,
                  gint64      events)
{
  PomarUsage *record = g_new0 (PomarUsage, 1);

  record->id = g_strdup_printf ("%s:%s", account_id, day);
  record->version = version;
  record->updated_at = g_strdup ("2026-11-20T23:00:00Z");
  record->account_id = g_strdup (account_id);
  record->day = g_strdup (day);
  record->active_users = active_users;
  record->sessions = active_users * 3;
  record->events = events;
  record->features_json = g_strdup ("{\"reports\":120,\"dashboards\":35}");

  return record;
}

static inline PomarActivity *
store_test_activity (const char *id,
                     gint64      version,
                     const char *account_id,
                     const char *kind,
                     const char *body,
                     const char *occurred_at)
{
  PomarActivity *record = g_new0 (PomarActivity, 1);

  record->id = g_strdup (id);
  record->version = version;
  record->updated_at = g_strdup (occurred_at);
  record->account_id = g_strdup (account_id);
  record->kind = g_strdup (kind);
  record->author = g_strdup ("ana@example.com");
  record->body = g_strdup (body);
  record->occurred_at = g_strdup (occurred_at);

  return record;
}

/* A PomarDemoSink that upserts every record of a demo book through the
 * writer given as user data. */
static inline gboolean
store_test_demo_sink (PomarDemoRecordKind   kind,
                      gconstpointer         record,
                      gpointer              user_data,
                      GError              **error)
{
  PomarStoreWriter *writer = user_data;

  switch (kind)
    {
    case POMAR_DEMO_ACCOUNT:
      return pomar_store_writer_upsert_account (writer, record, NULL, error);
    case POMAR_DEMO_CONTACT:
      return pomar_store_writer_upsert_contact (writer, record, NULL, error);
    case POMAR_DEMO_TICKET:
      return pomar_store_writer_upsert_ticket (writer, record, NULL, error);
    case POMAR_DEMO_USAGE:
      return pomar_store_writer_upsert_usage (writer, record, NULL, error);
    case POMAR_DEMO_RESPONSE:
      return pomar_store_writer_upsert_response (writer, record, NULL, error);
    case POMAR_DEMO_ACTIVITY:
      return pomar_store_writer_upsert_activity (writer, record, NULL, error);
    case POMAR_DEMO_PLAYBOOK_INSTANCE:
      return pomar_store_writer_put_playbook_instance (writer, record, error);
    case POMAR_DEMO_PLAYBOOK_TASK:
      return pomar_store_writer_put_playbook_task (writer, record, error);
    default:
      g_assert_not_reached ();
    }
}

/* A write func that stores the demo book of the PomarDemoOptions given as
 * user data, its triggers quiet (as pomar_context_generate_demo() does). */
static inline gboolean
store_test_write_demo (PomarStoreWriter  *writer,
                       gpointer           user_data,
                       GCancellable      *cancellable,
                       GError           **error)
{
  pomar_store_writer_set_triggers_quiet (writer, TRUE);
  return pomar_demo_generate (user_data, store_test_demo_sink, NULL, writer, cancellable, error);
}

/* A cache's collection as text, for comparing it with what a server holds:
 * id → "name=value;…" over @names (the contract's field names, in that
 * order; null as "null"). */
typedef struct
{
  const char * const *names;
  GHashTable         *rows;
} StoreTestScan;

static inline gboolean
store_test_scan_row (const PomarField *fields,
                     guint             n_fields,
                     gpointer          user_data,
                     GError          **error)
{
  StoreTestScan *scan = user_data;
  GString *text = g_string_new (NULL);
  const char *id = NULL;

  for (guint n = 0; scan->names[n] != NULL; n++)
    for (guint i = 0; i < n_fields; i++)
      {
        const PomarField *field = &fields[i];

        if (!g_str_equal (field->name, scan->names[n]))
          continue;
        if (g_str_equal (field->name, "id"))
          id = field->s;
        g_string_append_printf (text, "%s=", field->name);
        if (field->type == POMAR_FIELD_INT || field->type == POMAR_FIELD_BOOLEAN)
          g_string_append_printf (text, "%" G_GINT64_FORMAT, field->i);
        else if (field->type == POMAR_FIELD_DOUBLE)
          g_string_append_printf (text, "%g", field->d);
        else if (field->type == POMAR_FIELD_STRING || field->type == POMAR_FIELD_JSON)
          g_string_append (text, field->s);
        else
          g_string_append (text, "null");
        g_string_append_c (text, ';');
      }
  g_hash_table_insert (scan->rows, g_strdup (id), g_string_free (text, FALSE));
  return TRUE;
}

static inline GHashTable *
store_test_scan (PomarStore         *store,
                 PomarCollection     collection,
                 const char * const *names)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = pomar_store_reader_new (store, &error);
  StoreTestScan scan = { names, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };

  g_assert_no_error (error);
  g_assert_true (pomar_store_reader_scan (reader, collection, store_test_scan_row, &scan, &error));
  g_assert_no_error (error);
  return scan.rows;
}

/* A "YYYY-MM-DD" day, which must parse. */
static inline PomarDay
store_test_day (const char *text)
{
  PomarDay d = pomar_day_parse (text);

  g_assert_cmpuint (d, !=, POMAR_NO_DAY);
  return d;
}

static inline char *
store_test_day_text (PomarDay d)
{
  char buf[11];

  return g_strdup (pomar_day_format (d, buf));
}

static inline PomarResponse *
store_test_response (const char *id,
                     const char *account_id,
                     const char *kind,
                     gint64      score,
                     const char *responded_at)
{
  PomarResponse *r = g_new0 (PomarResponse, 1);

  r->id = g_strdup (id);
  r->version = 1;
  r->updated_at = g_strdup (responded_at);
  r->account_id = g_strdup (account_id);
  r->kind = g_strdup (kind);
  r->score = score;
  r->responded_at = g_strdup (responded_at);
  return r;
}

/* Records to write in one transaction (store_test_write_batch), with the
 * playbook triggers quiet or not. */
typedef struct
{
  GPtrArray *accounts, *tickets, *usage, *responses, *activities;
  gboolean   quiet;
} StoreTestBatch;

static inline void
store_test_batch_init (StoreTestBatch *b)
{
  b->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_account_free);
  b->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_ticket_free);
  b->usage = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_usage_free);
  b->responses = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_response_free);
  b->activities = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_activity_free);
  b->quiet = FALSE;
}

static inline void
store_test_batch_clear (StoreTestBatch *b)
{
  g_clear_pointer (&b->accounts, g_ptr_array_unref);
  g_clear_pointer (&b->tickets, g_ptr_array_unref);
  g_clear_pointer (&b->usage, g_ptr_array_unref);
  g_clear_pointer (&b->responses, g_ptr_array_unref);
  g_clear_pointer (&b->activities, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoreTestBatch, store_test_batch_clear)

static inline gboolean
store_test_write_batch (PomarStoreWriter  *writer,
                        gpointer           user_data,
                        GCancellable      *cancellable,
                        GError           **error)
{
  StoreTestBatch *b = user_data;

  pomar_store_writer_set_triggers_quiet (writer, b->quiet);
  for (guint i = 0; i < b->accounts->len; i++)
    if (!pomar_store_writer_upsert_account (writer, g_ptr_array_index (b->accounts, i), NULL, error))
      return FALSE;
  for (guint i = 0; i < b->tickets->len; i++)
    if (!pomar_store_writer_upsert_ticket (writer, g_ptr_array_index (b->tickets, i), NULL, error))
      return FALSE;
  for (guint i = 0; i < b->usage->len; i++)
    if (!pomar_store_writer_upsert_usage (writer, g_ptr_array_index (b->usage, i), NULL, error))
      return FALSE;
  for (guint i = 0; i < b->responses->len; i++)
    if (!pomar_store_writer_upsert_response (writer, g_ptr_array_index (b->responses, i), NULL, error))
      return FALSE;
  for (guint i = 0; i < b->activities->len; i++)
    if (!pomar_store_writer_upsert_activity (writer, g_ptr_array_index (b->activities, i), NULL, error))
      return FALSE;
  return TRUE;
}

/* The first column of the first row of @sql, read from the cache in
 * @data_dir over a read-only connection of its own; NULL for no row or a
 * NULL value. */
static inline char *
store_test_query_text (const char *data_dir,
                       const char *sql)
{
  g_autofree char *path = g_build_filename (data_dir, "pomar.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* The same as an integer; there must be one. */
static inline gint64
store_test_query_int (const char *data_dir,
                      const char *sql)
{
  g_autofree char *text = store_test_query_text (data_dir, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

G_END_DECLS
