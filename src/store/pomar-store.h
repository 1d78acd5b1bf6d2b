/* pomar-store.h: Pomar's local SQLite cache.
 *
 * One SQLite file, pomar.db, in a data dir made with mode 0700 (the file
 * 0600). Schema by numbered migrations over PRAGMA user_version; a cache made
 * by a newer Pomar is refused with POMAR_ERROR_SCHEMA_TOO_NEW and left as it is.
 *
 * Threads: every write runs on the store's single writer thread, inside one
 * transaction (a PomarStoreWriteFunc that returns FALSE rolls it back).
 * Reads go through a PomarStoreReader: a connection of its own, used by one
 * thread at a time, so a reader on a worker never waits for the writer (WAL).
 *
 * No SQL leaves src/store: callers get records (pomar-records.h) and
 * aggregates, never statements.
 */
#pragma once

#include <gio/gio.h>

#include "core/pomar-records.h"

G_BEGIN_DECLS

/* The schema version this Pomar creates and understands. */
#define POMAR_STORE_SCHEMA_VERSION 1

#define POMAR_TYPE_STORE (pomar_store_get_type ())
G_DECLARE_FINAL_TYPE (PomarStore, pomar_store, POMAR, STORE, GObject)

typedef struct _PomarStoreWriter PomarStoreWriter;
typedef struct _PomarStoreReader PomarStoreReader;

/* What an upsert did with a record. */
typedef enum
{
  POMAR_UPSERT_INSERTED, /* new record */
  POMAR_UPSERT_UPDATED,  /* replaced a copy with a lower or equal version */
  POMAR_UPSERT_STALE,    /* kept the stored copy (or tombstone): it has a higher version */
  POMAR_UPSERT_DELETED,  /* a tombstone removed the record (and what belongs to it) */
} PomarUpsertOutcome;

/* Runs on the writer thread inside one transaction. Return FALSE (with
 * @error set) to roll the transaction back. */
typedef gboolean (*PomarStoreWriteFunc) (PomarStoreWriter *writer,
                                         gpointer          user_data,
                                         GCancellable     *cancellable,
                                         GError          **error);

/* Opening ---------------------------------------------------------------- */

/* Makes @data_dir (0700) if needed, opens or creates pomar.db (0600) in it,
 * starts the writer thread and brings the schema up to date. */
PomarStore *pomar_store_open                 (const char   *data_dir,
                                              GError      **error);
const char *pomar_store_get_data_dir         (PomarStore   *self);
const char *pomar_store_get_path             (PomarStore   *self);
int         pomar_store_get_schema_version   (PomarStore   *self);
/* Waits for queued writes, stops the writer thread, closes the database.
 * Also done on finalize. */
void        pomar_store_close                (PomarStore   *self);

/* Writing ---------------------------------------------------------------- */

void        pomar_store_write_async          (PomarStore          *self,
                                              PomarStoreWriteFunc  func,
                                              gpointer             user_data,
                                              GDestroyNotify       user_data_free,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             callback_data);
gboolean    pomar_store_write_finish         (PomarStore          *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* Queues @func on the writer thread and blocks until it has committed or
 * rolled back. Never call it from inside a write func. */
gboolean    pomar_store_write_sync           (PomarStore          *self,
                                              PomarStoreWriteFunc  func,
                                              gpointer             user_data,
                                              GCancellable        *cancellable,
                                              GError             **error);

/* Inside a write func only. Each keeps the copy with the higher version
 * (ties: the one received later); a tombstone (deleted = TRUE) removes the
 * record unless the stored copy has a higher version, and is remembered so
 * that an older copy arriving later does not bring the record back. An
 * account's tombstone also removes its contacts, tickets, usage, responses,
 * activities, stage history and playbooks (not its outbox entries).
 * @outcome may be NULL. */
gboolean pomar_store_writer_upsert_account  (PomarStoreWriter *writer, const PomarAccount  *record, PomarUpsertOutcome *outcome, GError **error);
gboolean pomar_store_writer_upsert_contact  (PomarStoreWriter *writer, const PomarContact  *record, PomarUpsertOutcome *outcome, GError **error);
gboolean pomar_store_writer_upsert_ticket   (PomarStoreWriter *writer, const PomarTicket   *record, PomarUpsertOutcome *outcome, GError **error);
gboolean pomar_store_writer_upsert_usage    (PomarStoreWriter *writer, const PomarUsage    *record, PomarUpsertOutcome *outcome, GError **error);
gboolean pomar_store_writer_upsert_response (PomarStoreWriter *writer, const PomarResponse *record, PomarUpsertOutcome *outcome, GError **error);
/* An activity of kind stage_change also writes its stage-history row. */
gboolean pomar_store_writer_upsert_activity (PomarStoreWriter *writer, const PomarActivity *record, PomarUpsertOutcome *outcome, GError **error);

gboolean pomar_store_writer_put_playbook_instance (PomarStoreWriter *writer, const PomarPlaybookInstance *instance, GError **error);
gboolean pomar_store_writer_put_playbook_task     (PomarStoreWriter *writer, const PomarPlaybookTask     *task, GError **error);

/* Removes every record, tombstone, stage-history row, playbook, quarantined
 * record and sync state (a new demo book starts from here). Keeps the outbox
 * unless @include_outbox. */
gboolean pomar_store_writer_clear_all       (PomarStoreWriter *writer, gboolean include_outbox, GError **error);

/* A small key/value table for the store's users (the demo seed, ...). */
gboolean pomar_store_writer_set_meta        (PomarStoreWriter *writer, const char *key, const char *value, GError **error);

/* Sync state per connection and collection (the sync issue drives these). */
gboolean pomar_store_writer_set_sync_state  (PomarStoreWriter *writer,
                                             const char       *connection,
                                             PomarCollection   collection,
                                             const char       *sync_token,
                                             const char       *last_synced_at,
                                             GError          **error);

/* Keeps a record that could not be read, raw, with the reason. */
gboolean pomar_store_writer_quarantine      (PomarStoreWriter *writer,
                                             const char       *connection,
                                             PomarCollection   collection,
                                             const char       *record_id,
                                             const char       *reason,
                                             const char       *raw,
                                             GError          **error);

/* Connections: what a connection is (never its token: tokens live only in
 * the Secret Service). Names are unique. */
typedef struct
{
  char *name;
  char *provider;       /* pomar | zendesk | hubspot | redmine */
  char *base_url;
  char *email;          /* NULL unless the provider's auth needs it */
  char *settings_json;  /* provider-specific settings, a JSON object as text, or NULL */
  char *created_at;
} PomarConnectionInfo;

void pomar_connection_info_free (PomarConnectionInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarConnectionInfo, pomar_connection_info_free)

/* POMAR_ERROR_INVALID_ARGUMENT when a connection of that name exists. */
gboolean pomar_store_writer_add_connection    (PomarStoreWriter *writer, const PomarConnectionInfo *info, GError **error);
/* Removes the connection and its sync state; POMAR_ERROR_NOT_FOUND when none. */
gboolean pomar_store_writer_remove_connection (PomarStoreWriter *writer, const char *name, GError **error);

/* Reading ---------------------------------------------------------------- */

PomarStoreReader *pomar_store_reader_new  (PomarStore       *store,
                                           GError          **error);
void              pomar_store_reader_free (PomarStoreReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarStoreReader, pomar_store_reader_free)

/* Row counts of every collection, and of the other tables. */
typedef struct
{
  gint64 collections[POMAR_N_COLLECTIONS];
  gint64 stage_changes;
  gint64 playbook_instances;
  gint64 playbook_tasks;
  gint64 outbox;
  gint64 quarantined;
  gint64 tombstones;
} PomarStoreCounts;

gboolean pomar_store_reader_get_counts (PomarStoreReader *reader,
                                        PomarStoreCounts *counts,
                                        GError          **error);

/* Whether the cache holds any account; cheap whatever the book's size. */
gboolean pomar_store_reader_has_accounts (PomarStoreReader *reader,
                                          gboolean         *has_accounts,
                                          GError          **error);

/* NULL with no error when the key is not set. */
char    *pomar_store_reader_get_meta   (PomarStoreReader *reader,
                                        const char       *key,
                                        GError          **error);

/* An account with the figures every list shows beside it. */
typedef struct
{
  PomarAccount account;
  gint64       open_tickets;        /* status new/open/pending/hold */
  gint64       open_urgent_tickets; /* ... of priority urgent */
  gint64       open_high_tickets;   /* ... of priority high */
  char        *last_touch;          /* newest note/meeting/email/call occurred_at, or NULL */
} PomarAccountSummary;

void pomar_account_summary_free (PomarAccountSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarAccountSummary, pomar_account_summary_free)

/* Every account, ordered by name; a GPtrArray of PomarAccountSummary. */
GPtrArray    *pomar_store_reader_list_account_summaries (PomarStoreReader *reader, GError **error);
/* NULL with POMAR_ERROR_NOT_FOUND when there is no such account. */
PomarAccountSummary *pomar_store_reader_get_account_summary (PomarStoreReader *reader, const char *account_id, GError **error);

/* One account's records, each a GPtrArray of the record type:
 * contacts by name; tickets open first, then newest first; responses and
 * activities newest first; usage by day (oldest first) from @since_day
 * (NULL: all); stage history oldest first; playbook instances newest first. */
GPtrArray *pomar_store_reader_list_contacts           (PomarStoreReader *reader, const char *account_id, GError **error);
GPtrArray *pomar_store_reader_list_tickets            (PomarStoreReader *reader, const char *account_id, GError **error);
GPtrArray *pomar_store_reader_list_usage              (PomarStoreReader *reader, const char *account_id, const char *since_day, GError **error);
GPtrArray *pomar_store_reader_list_responses          (PomarStoreReader *reader, const char *account_id, GError **error);
GPtrArray *pomar_store_reader_list_activities         (PomarStoreReader *reader, const char *account_id, GError **error);
GPtrArray *pomar_store_reader_list_stage_history      (PomarStoreReader *reader, const char *account_id, GError **error);
GPtrArray *pomar_store_reader_list_playbook_instances (PomarStoreReader *reader, const char *account_id, GError **error);
GPtrArray *pomar_store_reader_list_playbook_tasks     (PomarStoreReader *reader, const char *instance_id, GError **error);

/* Account count and ARR summed per stage and currency (never across
 * currencies). A GPtrArray of PomarStageTotal, by stage then currency. */
typedef struct
{
  char  *stage;     /* as stored; NULL for accounts with no stage */
  char  *currency;  /* NULL for accounts with no currency */
  gint64 accounts;
  double arr;       /* the sum of the non-null ARRs */
} PomarStageTotal;

void       pomar_stage_total_free            (PomarStageTotal *total);
GPtrArray *pomar_store_reader_list_stage_totals (PomarStoreReader *reader, GError **error);

/* Sync state rows, for status screens. */
typedef struct
{
  char  *connection;
  char  *collection;
  char  *sync_token;
  char  *last_synced_at;
} PomarSyncState;

void       pomar_sync_state_free             (PomarSyncState *state);
GPtrArray *pomar_store_reader_list_sync_states (PomarStoreReader *reader, GError **error);

/* Quarantined records, newest first. */
typedef struct
{
  gint64 id;
  char  *connection;
  char  *collection;
  char  *record_id;
  char  *reason;
  char  *raw;
  char  *received_at;
} PomarQuarantined;

void       pomar_quarantined_free            (PomarQuarantined *q);
GPtrArray *pomar_store_reader_list_quarantined (PomarStoreReader *reader, GError **error);

/* Connections by name. get: NULL with POMAR_ERROR_NOT_FOUND when none. */
GPtrArray           *pomar_store_reader_list_connections (PomarStoreReader *reader, GError **error);
PomarConnectionInfo *pomar_store_reader_get_connection   (PomarStoreReader *reader, const char *name, GError **error);

/* A generic, streaming walk over one collection for exports: @func gets each
 * record's fields, named and ordered as in the contract, in id order. Values
 * are valid only during the call. Return FALSE from @func to stop with its
 * error. */
gboolean pomar_store_reader_scan (PomarStoreReader *reader,
                                  PomarCollection   collection,
                                  PomarRowFunc      func,
                                  gpointer          user_data,
                                  GError          **error);

/* Runs SQLite's integrity check. TRUE when the cache is sound; FALSE with
 * POMAR_ERROR_CORRUPT when it is not (or another code when the check could
 * not run). @report, if not NULL, gets the check's own words ("ok", or one
 * problem per line) whenever it ran. */
gboolean pomar_store_reader_check_integrity (PomarStoreReader *reader,
                                             char            **report,
                                             GError          **error);

G_END_DECLS
