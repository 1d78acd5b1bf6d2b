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

/* The writer (pomar-store-writer.c). */
struct _PomarStoreWriter
{
  PomarDb *db;
  /* Tombstones per collection: the live-record upsert skips the tombstone
   * lookup while a collection has none (the common case, and the demo's). */
  gint64   tombstones[POMAR_N_COLLECTIONS];
};

PomarStoreWriter *pomar_store_writer_new         (PomarDb          *db);
void              pomar_store_writer_free        (PomarStoreWriter *writer);
gboolean          pomar_store_writer_load_counts (PomarStoreWriter *writer,
                                                  GError          **error);

/* The reader (pomar-store-reader.c). */
PomarStoreReader *pomar_store_reader_new_for_path (const char *path,
                                                   GError    **error);

G_END_DECLS
