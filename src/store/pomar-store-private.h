/* pomar-store-private.h: what the store's own files share.
 *
 * A PomarDb is one SQLite connection with its cache of prepared statements;
 * the writer and every reader each own one. Statements are keyed by the
 * address of their SQL text, which is always a static string of the store,
 * so that finding a cached statement on the hot upsert path costs a pointer
 * hash rather than hashing a few hundred bytes of SQL per row.
 */
#pragma once

#include <sqlite3.h>

#include "core/pomar-suggest.h"
#include "store/pomar-store.h"

G_BEGIN_DECLS

typedef struct
{
  sqlite3    *db;
  char       *path;   /* the database file, for error messages */
  GHashTable *stmts;  /* static SQL text -> sqlite3_stmt */
} PomarDb;

PomarDb      *pomar_db_open           (const char  *path,
                                       int          flags,
                                       GError     **error);
void          pomar_db_free           (PomarDb     *db);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarDb, pomar_db_free)

/* A cached statement, ready to bind. Release it (reset and unbind) with
 * pomar_stmt_release, best through g_autoptr (PomarStmt). */
typedef sqlite3_stmt PomarStmt;
PomarStmt    *pomar_db_prepare        (PomarDb     *db,
                                       const char  *sql,
                                       GError     **error);
void          pomar_stmt_release      (PomarStmt   *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarStmt, pomar_stmt_release)

/* Runs SQL without results (one or more statements). */
gboolean      pomar_db_exec           (PomarDb     *db,
                                       const char  *sql,
                                       GError     **error);
/* Steps a statement that must finish without returning rows. */
gboolean      pomar_db_step_done      (PomarDb     *db,
                                       PomarStmt   *stmt,
                                       GError     **error);
/* Sets @error from a SQLite result code, in POMAR_ERROR, and returns FALSE. */
gboolean      pomar_db_set_error      (PomarDb     *db,
                                       int          rc,
                                       GError     **error);
void          pomar_store_set_sqlite_error (GError   **error,
                                            const char *path,
                                            int         rc,
                                            const char *detail);
/* POMAR_ERROR_READ_ONLY for the cache at @path, saying why in words that
 * fit: a disk mounted read-only, or permissions. @readable: the cache
 * could be opened for reading. @detail may be NULL. */
void          pomar_store_set_read_only_error (GError   **error,
                                               const char *path,
                                               gboolean    readable,
                                               const char *detail);

/* Binding helpers that map the records' nulls (NULL, NAN, POMAR_NO_INT). */
void          pomar_stmt_bind_text    (PomarStmt   *stmt,
                                       int          index,
                                       const char  *value);
void          pomar_stmt_bind_int     (PomarStmt   *stmt,
                                       int          index,
                                       gint64       value);
void          pomar_stmt_bind_double  (PomarStmt   *stmt,
                                       int          index,
                                       double       value);
/* Column helpers, the other way round. */
char         *pomar_stmt_dup_text     (PomarStmt   *stmt,
                                       int          column);
gint64        pomar_stmt_get_int      (PomarStmt   *stmt,
                                       int          column);
double        pomar_stmt_get_double   (PomarStmt   *stmt,
                                       int          column);

/* The calendar day of a day or timestamp column; POMAR_NO_DAY for NULL. */
PomarDay      pomar_stmt_get_day      (PomarStmt   *stmt,
                                       int          column);

/* "2026-03-01T12:00:00Z", now, in UTC. */
char         *pomar_store_now        (void);

/* Migrations (pomar-store-migrations.c). */
int           pomar_store_migrations_latest (void);
gboolean      pomar_store_read_schema_version (PomarDb  *db,
                                               int      *version,
                                               GError  **error);
gboolean      pomar_store_migrate     (PomarDb     *db,
                                       int         *version,
                                       GError     **error);

/* What the writer derives figures with, set from any thread by the store's
 * owner (pomar-store-derive.c). */
typedef struct
{
  GMutex                lock;
  PomarHealthWeights    weights;
  PomarPlaybookCatalog *catalog;
} PomarDeriveSettings;

/* The writer (pomar-store-writer.c). */
struct _PomarStoreWriter
{
  PomarDb *db;
  /* Tombstones per collection: the live-record upsert skips the tombstone
   * lookup while a collection has none (the common case, and the demo's). */
  gint64   tombstones[POMAR_N_COLLECTIONS];

  PomarDeriveSettings *settings;  /* the store's */
  /* Accounts whose records this transaction changed: their figures are
   * recomputed before it commits. Each maps to the first day from which
   * its time to value may have changed (see POMAR_TTV_FROM_START). */
  GHashTable *touched;
  gboolean    triggers_quiet;
};

PomarStoreWriter *pomar_store_writer_new         (PomarDb             *db,
                                                  PomarDeriveSettings *settings);
void              pomar_store_writer_free        (PomarStoreWriter *writer);
gboolean          pomar_store_writer_load_counts (PomarStoreWriter *writer,
                                                  GError          **error);

/* Notes that @account_id's figures must be derived again (NULL: ignored),
 * its time to value from the beginning. */
void              pomar_store_writer_touch       (PomarStoreWriter *writer,
                                                  const char       *account_id);
/* The same, when the records that changed can change the time to value
 * only from @ttv_from on (a usage row's day), or not at all. */
#define POMAR_TTV_FROM_START ((PomarDay) 1)
#define POMAR_TTV_UNAFFECTED ((PomarDay) G_MAXUINT32)
void              pomar_store_writer_touch_from  (PomarStoreWriter *writer,
                                                  const char       *account_id,
                                                  PomarDay          ttv_from);
/* Before a transaction and after a rollback: forget what was touched. */
void              pomar_store_writer_reset       (PomarStoreWriter *writer);
/* At the end of a transaction, before COMMIT (pomar-store-derive.c). */
gboolean          pomar_store_writer_derive      (PomarStoreWriter *writer,
                                                  GError          **error);

void              pomar_derive_settings_init     (PomarDeriveSettings *settings);
void              pomar_derive_settings_clear    (PomarDeriveSettings *settings);

/* The store's derive settings, for pomar-store-derive.c. */
PomarDeriveSettings *pomar_store_get_derive_settings (PomarStore *self);

/* What the responses of an account's last 210 days say besides health. */
typedef struct
{
  PomarNpsCounts  nps_90d;
  PomarCsatCounts csat_90d;
  gboolean        promoter_180d;
  char           *detractor_id;   /* newest detractor answer of the last 30 days */
  char           *detractor_at;
  /* In: tickets created before this timestamp count as over 48 hours old
   * (NULL: none is looked for). Out: the open urgent ones among them. */
  const char     *urgent_before;
  GPtrArray      *urgent_ids;
} PomarResponseFacts;

void pomar_response_facts_clear (PomarResponseFacts *facts);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PomarResponseFacts, pomar_response_facts_clear)

/* The inputs of health for one account as of @as_of and 30 days before,
 * aggregated in SQL (pomar-store-derive.c). @facts and @open_by_priority
 * (urgent, high, normal, low) may be NULL. */
gboolean pomar_store_gather_health (PomarDb            *db,
                                    const char         *account_id,
                                    gint64              seats,
                                    PomarDay            as_of,
                                    PomarHealthInputs  *now,
                                    PomarHealthInputs  *then,
                                    PomarResponseFacts *facts,
                                    gint64              open_by_priority[4],
                                    GError            **error);

/* The derived figures beside an account row: the health table as h and
 * the overrides as o, read by pomar_store_read_figures() from column
 * @first on (pomar-store-figures.c). */
#define POMAR_FIGURES_COLUMNS \
  "h.as_of, h.score, h.rounded, h.band, h.most_impactful, h.adoption, h.usage_trend," \
  " h.support, h.sentiment, h.engagement, h.rounded_30d_ago, h.nps_90d, h.csat_90d," \
  " h.nps_180d, h.promoter_180d, h.ttv_reached_on, h.ttv_days, h.stage_entered_on," \
  " h.onboarding_complete, o.score, o.set_at, o.expires_on, o.reason"
#define POMAR_N_FIGURES_COLUMNS 23
#define POMAR_FIGURES_JOIN \
  "LEFT JOIN health AS h ON h.account_id = a.id" \
  " LEFT JOIN health_overrides AS o ON o.account_id = a.id"

void     pomar_store_read_figures      (PomarStmt             *stmt,
                                        int                    first,
                                        PomarAccountFigures   *figures);
void     pomar_store_suggestion_inputs (const PomarAccountFigures *figures,
                                        const char            *stage,
                                        PomarDay               contract_start,
                                        gint64                 seats,
                                        PomarDay               as_of,
                                        PomarSuggestionInputs *inputs);
/* The accounts of the export: the contract's fields and the computed ones. */
gboolean pomar_store_scan_accounts     (PomarStoreReader      *reader,
                                        PomarRowFunc           func,
                                        gpointer               user_data,
                                        GError               **error);

/* A PomarStageChange from a row of account_id, from_stage, to_stage,
 * changed_at, activity_id (pomar-store-reader.c). */
#define POMAR_STAGE_CHANGE_COLUMNS "account_id, from_stage, to_stage, changed_at, activity_id"
gpointer pomar_store_read_stage_change (PomarStmt *stmt);

/* The reader (pomar-store-reader.c). */
struct _PomarStoreReader
{
  PomarDb *db;
};

PomarStoreReader *pomar_store_reader_new_for_path (const char *path,
                                                   GError    **error);

G_END_DECLS
