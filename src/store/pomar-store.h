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

#include "core/pomar-health.h"
#include "core/pomar-money.h"
#include "core/pomar-nps.h"
#include "core/pomar-playbook.h"
#include "core/pomar-records.h"

G_BEGIN_DECLS

/* The schema version this Pomar creates and understands. */
#define POMAR_STORE_SCHEMA_VERSION 4

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
 * starts the writer thread and brings the schema up to date. A cache of
 * the current schema that cannot be written opens read-only (see
 * pomar_store_is_read_only()). */
PomarStore *pomar_store_open                 (const char   *data_dir,
                                              GError      **error);
/* TRUE when the cache could be opened for reading only (a disk mounted
 * read-only, a folder without write permission): it reads as usual, and
 * every write fails with POMAR_ERROR_READ_ONLY. */
gboolean    pomar_store_is_read_only         (PomarStore   *self);
/* FALSE, with the read-only error in words, when nothing can be written:
 * for work that must not start unless its results can be kept. */
gboolean    pomar_store_check_writable       (PomarStore   *self,
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

/* One connection's copy of an account (@record->id is the connection's
 * own id for it; "" is the local source, which pomar_store_writer_upsert_account
 * writes). The contract's version rule applies per copy. A copy seen for
 * the first time is matched to an account: the account called @default_id
 * if there is one, else one whose copies share its domain (lower case,
 * without "www.") and that has no copy from @connection yet, else a new
 * account called @default_id; rows of other collections that named
 * @default_id move to that account. The account's fields are then those of
 * its live copies, the lowest @rank (and, between equals, the most recently
 * updated) first where several have a value; when no live copy is left,
 * the account is deleted as by its tombstone. @account_id (may be NULL)
 * gets the local account's id, stale or not. */
gboolean pomar_store_writer_upsert_account_source (PomarStoreWriter    *writer,
                                                   const char          *connection,
                                                   int                  rank,
                                                   const char          *default_id,
                                                   const PomarAccount  *record,
                                                   char               **account_id,
                                                   PomarUpsertOutcome  *outcome,
                                                   GError             **error);

/* After a full pass of @connection that saw the ids in @seen: deletes what
 * the cache holds of @collection from that connection and @seen lacks, as
 * a tombstone one version above the stored copy would (for servers that
 * delete without tombstones). Accounts are the connection's copies, by
 * source id; other collections are the records whose id starts with
 * @id_prefix (not empty). @deleted (may be NULL) gets how many. */
gboolean pomar_store_writer_delete_unseen (PomarStoreWriter  *writer,
                                           const char        *connection,
                                           PomarCollection    collection,
                                           const char        *id_prefix,
                                           GHashTable        *seen,
                                           const char        *now,
                                           guint64           *deleted,
                                           GError           **error);

/* The account of the ticket @ticket_id as the cache has it: *@account_id
 * NULL when there is no such ticket, or it names no account. */
gboolean pomar_store_writer_get_ticket_account (PomarStoreWriter  *writer,
                                                const char        *ticket_id,
                                                char             **account_id,
                                                GError           **error);

gboolean pomar_store_writer_put_playbook_instance (PomarStoreWriter *writer, const PomarPlaybookInstance *instance, GError **error);
gboolean pomar_store_writer_put_playbook_task     (PomarStoreWriter *writer, const PomarPlaybookTask     *task, GError **error);

/* Removes every record, tombstone, stage-history row, playbook, quarantined
 * record and sync state (a new demo book starts from here). Keeps the outbox
 * unless @include_outbox. */
gboolean pomar_store_writer_clear_all       (PomarStoreWriter *writer, gboolean include_outbox, GError **error);

/* A small key/value table for the store's users (the demo seed, ...). */
gboolean pomar_store_writer_set_meta        (PomarStoreWriter *writer, const char *key, const char *value, GError **error);

/* A completed pass of a collection: its sync token and when (clears the
 * cursor and the error of the pass). */
gboolean pomar_store_writer_set_sync_state  (PomarStoreWriter *writer,
                                             const char       *connection,
                                             PomarCollection   collection,
                                             const char       *sync_token,
                                             const char       *last_synced_at,
                                             GError          **error);

/* A pass under way has stored the page that @cursor follows (NULL: no
 * pass under way). Committed with the page's records. */
gboolean pomar_store_writer_set_sync_cursor (PomarStoreWriter *writer,
                                             const char       *connection,
                                             PomarCollection   collection,
                                             const char       *cursor,
                                             GError          **error);
/* Why the last pass of a collection stopped (NULL: it did not fail). */
gboolean pomar_store_writer_set_sync_error  (PomarStoreWriter *writer,
                                             const char       *connection,
                                             PomarCollection   collection,
                                             const char       *message,
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

/* Tickets and survey answers that name no account in the cache (kept, and
 * shown as unmatched in the sync status). */
gboolean pomar_store_reader_count_unmatched (PomarStoreReader *reader,
                                             gint64           *tickets,
                                             gint64           *responses,
                                             GError          **error);

/* The accounts a connection's copies were matched to: source id → local
 * account id (both strings, owned by the table). */
GHashTable *pomar_store_reader_get_account_map (PomarStoreReader *reader,
                                                const char       *connection,
                                                GError          **error);

/* Whether the cache holds any account; cheap whatever the book's size. */
gboolean pomar_store_reader_has_accounts (PomarStoreReader *reader,
                                          gboolean         *has_accounts,
                                          GError          **error);

/* NULL with no error when the key is not set. */
char    *pomar_store_reader_get_meta   (PomarStoreReader *reader,
                                        const char       *key,
                                        GError          **error);

/* What Pomar derived for one account as of one day (pomar-store-derive.c
 * keeps them in the health table; absent until first computed). */
typedef struct
{
  gboolean        computed;           /* FALSE: nothing derived yet */
  PomarDay        as_of;
  gboolean        known;              /* the computed health */
  double          score;
  int             rounded;
  PomarHealthBand band;
  PomarHealthComponent most_impactful;
  gboolean        part_present[POMAR_HEALTH_N_COMPONENTS];
  double          part_score[POMAR_HEALTH_N_COMPONENTS];
  gboolean        known_30d_ago;
  int             rounded_30d_ago;
  gboolean        has_nps_90d;
  int             nps_90d;
  gboolean        has_csat_90d;
  double          csat_90d;
  gboolean        has_nps_180d;
  int             nps_180d;
  gboolean        promoter_180d;
  PomarDay        ttv_reached_on;     /* POMAR_NO_DAY: not reached */
  gint64          ttv_days;           /* POMAR_NO_INT: not reached */
  PomarDay        stage_entered_on;   /* POMAR_NO_DAY: unknown */
  gboolean        onboarding_complete;
  PomarHealthOverride override;       /* .set FALSE: none */
  char           *override_reason;
} PomarAccountFigures;

void pomar_account_figures_clear (PomarAccountFigures *figures);

/* The health the account manager sees as of @as_of: an active override,
 * else the computed score. FALSE when unknown. */
gboolean pomar_account_figures_shown_health (const PomarAccountFigures *figures,
                                             PomarDay                   as_of,
                                             int                       *score,
                                             PomarHealthBand           *band);

/* An account with the figures every list shows beside it. */
typedef struct
{
  PomarAccount account;
  PomarAccountFigures figures;
  gint64       open_tickets;        /* status new/open/pending/hold */
  gint64       open_urgent_tickets; /* ... of priority urgent */
  gint64       open_high_tickets;   /* ... of priority high */
  char        *last_touch;          /* newest note/meeting/email/call occurred_at, or NULL */
  /* The stage move Pomar suggests today (pomar-suggest.h): a stage id (a
   * static string) and why, a translated sentence; both NULL when none. */
  const char  *suggested_stage;
  char        *suggestion_reason;
  /* Playbook progress (domain.md): the tasks of the account's open
   * playbook instances, and how many of them are done or skipped. */
  gint64       playbook_tasks;
  gint64       playbook_tasks_finished;
  /* A stage move made here that the server refused (an outbox entry in
   * state "conflict"): the user settles it on the customer page. */
  gboolean     stage_conflict;
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
/* One activity by id (POMAR_ERROR_NOT_FOUND without it). */
PomarActivity *pomar_store_reader_get_activity         (PomarStoreReader *reader, const char *activity_id, GError **error);
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

/* Sync state rows, for status screens and the sync engine. */
typedef struct
{
  char  *connection;
  char  *collection;
  char  *sync_token;      /* of the last completed pass, or NULL */
  char  *last_synced_at;
  char  *cursor;          /* a pass under way stopped after this page, or NULL */
  char  *last_error;      /* why the last pass of this collection stopped, or NULL */
} PomarSyncState;

void       pomar_sync_state_free             (PomarSyncState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarSyncState, pomar_sync_state_free)
GPtrArray *pomar_store_reader_list_sync_states (PomarStoreReader *reader, GError **error);
/* One connection and collection; all fields but the names NULL when it
 * never synced. */
PomarSyncState *pomar_store_reader_get_sync_state (PomarStoreReader *reader,
                                                   const char       *connection,
                                                   PomarCollection   collection,
                                                   GError          **error);

/* Local changes waiting for the server (domain.md, Offline), in the order
 * they were made. @state is "pending" (to be sent), "conflict" (the server
 * refused a stage move made against an older version: @server_record is
 * its current account, as the contract's JSON) or "gone" (the account is
 * no longer on the server). @attempts and @last_error count and say why
 * sending failed so far. */
typedef struct
{
  gint64  seq;
  char   *idempotency_key;
  char   *account_id;
  char   *kind;            /* "stage_move" or "activity" */
  char   *payload;         /* JSON: see pomar_store_writer_move_stage () and _add_local_activity () */
  gint64  base_version;    /* the account's version the change was made on; -1 if none */
  char   *created_at;
  gint64  attempts;
  char   *last_error;
  char   *state;
  char   *server_record;
  char   *connection;      /* the connection that refused it, for a conflict or gone */
} PomarOutboxEntry;

void       pomar_outbox_entry_free         (PomarOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarOutboxEntry, pomar_outbox_entry_free)
GPtrArray *pomar_store_reader_list_outbox  (PomarStoreReader *reader, GError **error);

/* The id and version of @connection's copy of the local account
 * @account_id: FALSE with POMAR_ERROR_NOT_FOUND when the connection has
 * no live copy of it. */
gboolean   pomar_store_reader_get_account_source (PomarStoreReader  *reader,
                                                  const char        *connection,
                                                  const char        *account_id,
                                                  char             **source_id,
                                                  gint64            *version,
                                                  GError           **error);

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

/* Derived figures --------------------------------------------------------- *
 *
 * Health, time to value, the inputs of stage suggestions and the playbooks
 * that triggers start are derived from the records on the writer thread, in
 * the transaction that changed them: every write func's transaction ends by
 * recomputing the accounts it touched (all of them when the day or the
 * weights changed since the last time), then evaluating the playbook
 * triggers of those accounts. */

/* The weights (domain.md: settings) and the playbook templates the writer
 * uses from the next transaction on. */
void                  pomar_store_set_health_weights   (PomarStore               *self,
                                                        const PomarHealthWeights *weights);
void                  pomar_store_get_health_weights   (PomarStore               *self,
                                                        PomarHealthWeights       *weights);
void                  pomar_store_set_playbook_catalog (PomarStore               *self,
                                                        PomarPlaybookCatalog     *catalog);
PomarPlaybookCatalog *pomar_store_dup_playbook_catalog (PomarStore               *self);

/* Brings the derived figures up to date for today: cheap when they are
 * current, every account when the day or the weights changed. A read-only
 * cache keeps the figures it has, and this succeeds. */
gboolean pomar_store_refresh_derived        (PomarStore           *self,
                                             GCancellable         *cancellable,
                                             GError              **error);
void     pomar_store_refresh_derived_async  (PomarStore           *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean pomar_store_refresh_derived_finish (PomarStore           *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* Inside a write func: recompute now, for every account when @all, else
 * for those touched so far (the commit does this anyway). */
gboolean pomar_store_writer_refresh_derived (PomarStoreWriter *writer,
                                             gboolean          all,
                                             GError          **error);
/* For this transaction, triggers only record what they see and start no
 * playbook: a demo book writes its own playbook history. */
void     pomar_store_writer_set_triggers_quiet (PomarStoreWriter *writer,
                                                gboolean          quiet);

/* The account manager's health override (domain.md): @score 0..100, a
 * reason, an expiry day. POMAR_ERROR_NOT_FOUND without such an account,
 * POMAR_ERROR_INVALID_ARGUMENT for a score out of range, an empty reason or
 * an expiry not after today. */
gboolean pomar_store_writer_set_health_override   (PomarStoreWriter *writer,
                                                   const char       *account_id,
                                                   int               score,
                                                   const char       *reason,
                                                   PomarDay          expires_on,
                                                   GError          **error);
/* TRUE with @removed FALSE when there was none. */
gboolean pomar_store_writer_clear_health_override (PomarStoreWriter *writer,
                                                   const char       *account_id,
                                                   gboolean         *removed,
                                                   GError          **error);

/* A stage move made in Pomar (domain.md, Offline): in the caller's
 * transaction, a stage_change activity with a client-made id (a random
 * UUID) and the body {"from": ..., "to": ...} (which also writes the stage
 * history), the account's new stage, and an outbox entry of kind
 * "stage_move" whose idempotency key is the activity's id, with the payload
 * {"account_id", "from", "to", "activity_id"} and the account's version as
 * base version. The commit derives the account's figures again (and starts
 * the playbook of the stage entered). @author may be NULL; @occurred_at is
 * an RFC 3339 time, NULL for now. Undoing a move is another move.
 * POMAR_ERROR_NOT_FOUND without such an account; POMAR_ERROR_INVALID_ARGUMENT
 * for a stage id Pomar does not know, or the stage the account is in.
 * @activity_id_out (may be NULL) gets the activity's id. */
gboolean pomar_store_writer_move_stage (PomarStoreWriter  *writer,
                                        const char        *account_id,
                                        const char        *to_stage,
                                        const char        *author,
                                        const char        *occurred_at,
                                        char             **activity_id_out,
                                        GError           **error);

/* A note, meeting, call or email written in Pomar, or a task change
 * (@kind task_done / task_reopened, @body the contract's JSON), in the
 * caller's transaction: the activity with a client-made id (a random
 * UUID), at now, and an outbox entry of kind "activity" whose payload is
 * the contract's activity record and whose idempotency key is its id.
 * POMAR_ERROR_INVALID_ARGUMENT for an empty @body or another kind;
 * POMAR_ERROR_NOT_FOUND without such an account. */
gboolean pomar_store_writer_add_local_activity (PomarStoreWriter  *writer,
                                                const char        *account_id,
                                                const char        *kind,
                                                const char        *body,
                                                const char        *author,
                                                char             **activity_id_out,
                                                GError           **error);

/* pomar_store_writer_set_task_state(), and, when a task becomes done or a
 * done task opens again, the task_done / task_reopened activity of the
 * instance's account (add_local_activity). */
gboolean pomar_store_writer_change_task (PomarStoreWriter  *writer,
                                         const char        *instance_id,
                                         const char        *task_id,
                                         const char        *state,
                                         const char        *author,
                                         const char        *reason,
                                         GError           **error);

/* The outbox, inside a write func. done: the server took the change; the
 * entry goes. failed: one more attempt that did not reach an answer (the
 * entry stays pending). set_state: "conflict" or "gone" (or "pending"
 * again), as @connection answered, with the server's answer (may be NULL)
 * and a sentence for the user. A @seq that is not in the outbox is not an error (another process
 * may have settled it). */
gboolean pomar_store_writer_outbox_done      (PomarStoreWriter  *writer,
                                              gint64             seq,
                                              GError           **error);
gboolean pomar_store_writer_outbox_failed    (PomarStoreWriter  *writer,
                                              gint64             seq,
                                              const char        *message,
                                              GError           **error);
gboolean pomar_store_writer_outbox_set_state (PomarStoreWriter  *writer,
                                              gint64             seq,
                                              const char        *connection,
                                              const char        *state,
                                              const char        *server_record,
                                              const char        *message,
                                              GError           **error);

/* Settling a conflict. rebase: the stage move is sent again against the
 * server's @base_version, under a new @idempotency_key (the old one's
 * answer was the refusal) (keep mine). drop_move: the stage move and the
 * stage_change activity it wrote here go, unsent (take theirs); the caller
 * stores the server's account again, which then shows its stage. */
gboolean pomar_store_writer_outbox_rebase    (PomarStoreWriter  *writer,
                                              gint64             seq,
                                              gint64             base_version,
                                              const char        *idempotency_key,
                                              GError           **error);
gboolean pomar_store_writer_outbox_drop_move (PomarStoreWriter  *writer,
                                              gint64             seq,
                                              GError           **error);

/* Starts @template_id for @account_id by hand (trigger "manual"). Refuses
 * (POMAR_ERROR_REFUSED) while an instance of it is open for the account.
 * @instance_id, if not NULL, gets the new instance's id. */
gboolean pomar_store_writer_start_playbook (PomarStoreWriter *writer,
                                            const char       *account_id,
                                            const char       *template_id,
                                            char            **instance_id,
                                            GError          **error);
/* A task becomes "open", "done" (@who, at now) or "skipped" (@reason); the
 * instance completes when no task is left open, and opens again when one is. */
gboolean pomar_store_writer_set_task_state (PomarStoreWriter *writer,
                                            const char       *instance_id,
                                            const char       *task_id,
                                            const char       *state,
                                            const char       *who,
                                            const char       *reason,
                                            GError          **error);

/* The figures of one account as stored (POMAR_ERROR_NOT_FOUND without such
 * an account; @figures->computed FALSE when none were derived yet). */
gboolean pomar_store_reader_get_figures (PomarStoreReader    *reader,
                                         const char          *account_id,
                                         PomarAccountFigures *figures,
                                         GError             **error);

/* The health of one account computed now from the records as of @as_of and
 * 30 days before, with the inputs that explain it. */
typedef struct
{
  PomarDay          as_of;
  PomarHealthInputs inputs;
  PomarHealthResult result;
  PomarHealthInputs inputs_30d_ago;
  PomarHealthResult result_30d_ago;
  gint64            open_by_priority[4];  /* urgent, high, normal, low (others count as normal) */
} PomarHealthExplanation;

gboolean pomar_store_reader_explain_health (PomarStoreReader         *reader,
                                            const char               *account_id,
                                            PomarDay                  as_of,
                                            const PomarHealthWeights *weights,
                                            PomarHealthExplanation   *explanation,
                                            GError                  **error);

/* One account's answers as of @as_of: NPS over the 30, 90, 180 and 365 days
 * ending on it, one NPS per calendar month for the 12 months ending with
 * its month, and CSAT over 90 days. */
typedef struct
{
  PomarDay        as_of;
  PomarNpsCounts  windows[4];   /* 30, 90, 180, 365 days */
  PomarNpsMonth   months[12];
  PomarCsatCounts csat_90d;
} PomarAccountAnswers;

extern const guint pomar_nps_window_days[4];

gboolean pomar_store_reader_get_account_answers (PomarStoreReader    *reader,
                                                 const char          *account_id,
                                                 PomarDay             as_of,
                                                 PomarAccountAnswers *answers,
                                                 GError             **error);

/* The whole book as of @as_of (domain.md): customers are accounts whose
 * stage is not churned. */
typedef struct
{
  PomarDay        as_of;
  guint           accounts;
  guint           customers;
  PomarNpsCounts  nps_90d;
  PomarNpsMonth   nps_months[12];
  PomarCsatCounts csat_90d;
  GPtrArray      *arr;              /* PomarMoneyTotal per currency, customers */
  GPtrArray      *arr_at_risk;      /* PomarMoneyTotal per currency */
  GPtrArray      *ltv;              /* PomarMoneyTotal per currency */
  guint           bands[4];         /* customers per PomarHealthBand (NONE: unknown) */
  guint           ttv_reached_365d; /* accounts that reached TTV in the last 365 days */
  gboolean        has_median_ttv;
  double          median_ttv;
  PomarLifetime   lifetime;
} PomarPortfolio;

void     pomar_portfolio_clear             (PomarPortfolio   *portfolio);
/* Uses the stored figures when they are of @as_of, else computes every
 * account's health for that day. */
gboolean pomar_store_reader_get_portfolio  (PomarStoreReader *reader,
                                            PomarDay          as_of,
                                            const PomarHealthWeights *weights,
                                            double            default_lifetime_years,
                                            PomarPortfolio   *portfolio,
                                            GError          **error);

/* Runs SQLite's integrity check. TRUE when the cache is sound; FALSE with
 * POMAR_ERROR_CORRUPT when it is not (or another code when the check could
 * not run). @report, if not NULL, gets the check's own words ("ok", or one
 * problem per line) whenever it ran. */
gboolean pomar_store_reader_check_integrity (PomarStoreReader *reader,
                                             char            **report,
                                             GError          **error);

G_END_DECLS
