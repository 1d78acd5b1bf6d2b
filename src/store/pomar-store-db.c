/* pomar-store-db.c: one SQLite connection, its statement cache, and the
 * translation of SQLite's result codes into Pomar errors.
 *
 * Everything the writer and the readers do goes through these few helpers,
 * so that every statement is prepared once per connection, always bound by
 * parameter, and every failure reaches the caller as a sentence in
 * POMAR_ERROR rather than as a SQLite code.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "core/pomar-error.h"
#include "store/pomar-store-private.h"

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

/* SQLite reports a -shm or -wal file it could not make or grow, and a
 * disk mounted read-only, as an I/O error or as a file it cannot open; the
 * system's errno behind it says which, and what the person can do. */
static int
refine_code (PomarDb *self,
             int      rc)
{
  int os_error;

  if (self->db == NULL || ((rc & 0xff) != SQLITE_IOERR && (rc & 0xff) != SQLITE_CANTOPEN))
    return rc;

  os_error = sqlite3_system_errno (self->db);
  if (os_error == ENOSPC || os_error == EDQUOT)
    return SQLITE_FULL;
  if (os_error == EROFS)
    return SQLITE_READONLY;
  return rc;
}

/* Permissions are not the problem on a disk mounted read-only, and
 * nothing on it can change while it is. */
static gboolean
on_read_only_disk (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  struct statvfs info;

  return statvfs (dir, &info) == 0 && (info.f_flag & ST_RDONLY) != 0;
}

/* A cache in WAL mode needs its -shm file even to be read, and SQLite
 * cannot make one in a folder it cannot write to (a disk mounted
 * read-only, say): it then refuses to read the cache at all. Without a
 * -wal file no connection has the cache open and the database file alone
 * holds everything, so SQLite's "immutable" mode can read it without -shm
 * file or locks. On a read-only disk an empty -wal (left by a program that
 * stopped) holds nothing either. Any other -wal may hold committed changes
 * that immutable mode would not see, or belong to a writer at work: then
 * the cache is opened as usual (SQLite reads a -wal and -shm that exist). */
static gboolean
needs_immutable (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf info;

  if (access (dir, W_OK) == 0)
    return FALSE;
  if (g_stat (wal, &info) != 0)
    return errno == ENOENT;
  return info.st_size == 0 && on_read_only_disk (path);
}

PomarDb *
pomar_db_open (const char  *path,
               int          flags,
               GError     **error)
{
  g_autoptr (PomarDb) self = NULL;
  g_autofree char *uri = NULL;
  int rc;

  self = g_new0 (PomarDb, 1);
  self->path = g_strdup (path);
  self->stmts = g_hash_table_new_full (NULL, NULL, NULL, finalize_stmt);

  if ((flags & SQLITE_OPEN_READONLY) != 0 && needs_immutable (path))
    {
      g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);

      /* "file:" and an absolute path would read "//x" as a host. */
      uri = g_strconcat (g_path_is_absolute (path) ? "file://" : "file:", escaped, "?immutable=1", NULL);
      flags |= SQLITE_OPEN_URI;
    }

  rc = sqlite3_open_v2 (uri != NULL ? uri : path, &self->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      pomar_db_set_error (self, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);

  return g_steal_pointer (&self);
}

void
pomar_db_free (PomarDb *self)
{
  if (self == NULL)
    return;

  /* Statements first: sqlite3_close refuses a connection with live ones. */
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);
  g_free (self);
}

PomarStmt *
pomar_db_prepare (PomarDb     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = g_hash_table_lookup (self->stmts, sql);
  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      pomar_db_set_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->stmts, (gpointer) sql, stmt);

  return stmt;
}

void
pomar_stmt_release (PomarStmt *stmt)
{
  if (stmt == NULL)
    return;

  /* reset repeats the last step's error code; it was already reported. */
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

gboolean
pomar_db_exec (PomarDb     *self,
               const char  *sql,
               GError     **error)
{
  char *message = NULL;
  int rc;

  rc = sqlite3_exec (self->db, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      pomar_store_set_sqlite_error (error, self->path, refine_code (self, rc),
                                    message != NULL ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

gboolean
pomar_db_step_done (PomarDb     *self,
                    PomarStmt   *stmt,
                    GError     **error)
{
  int rc;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  return pomar_db_set_error (self, rc, error);
}

gboolean
pomar_db_set_error (PomarDb  *self,
                    int       rc,
                    GError  **error)
{
  const char *detail;

  detail = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  pomar_store_set_sqlite_error (error, self->path, refine_code (self, rc), detail);

  return FALSE;
}

/* A folder we cannot write to turns SQLITE_CANTOPEN into a permission
 * problem, which the person can fix; anything else is a plain I/O error. */
static gboolean
folder_is_writable (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  return access (dir, W_OK) == 0;
}

void
pomar_store_set_read_only_error (GError     **error,
                                 const char  *path,
                                 gboolean     readable,
                                 const char  *detail)
{
  g_autofree char *name = g_filename_display_name (path != NULL ? path : "");
  g_autofree char *sentence = NULL;

  /* Checking permissions would send the person the wrong way when the
   * whole disk is mounted read-only. */
  if (path != NULL && on_read_only_disk (path) && readable)
    sentence = g_strdup_printf (_("Pomar’s cache at “%s” is on a disk mounted read-only: it can be read, but not changed."),
                                name);
  else if (path != NULL && on_read_only_disk (path))
    sentence = g_strdup_printf (_("Pomar’s cache at “%s” is on a disk mounted read-only: mount it read-write and try again."),
                                name);
  else
    sentence = g_strdup_printf (_("Pomar’s cache at “%s” cannot be written: check the permissions of the file and its folder."),
                                name);

  if (detail != NULL)
    g_set_error (error, POMAR_ERROR, POMAR_ERROR_READ_ONLY, "%s (%s)", sentence, detail);
  else
    g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_READ_ONLY, sentence);
}

void
pomar_store_set_sqlite_error (GError     **error,
                              const char  *path,
                              int          rc,
                              const char  *detail)
{
  g_autofree char *name = NULL;

  name = g_filename_display_name (path != NULL ? path : "");

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_DISK_FULL,
                   _("There is no room left on the disk for Pomar’s cache at “%s”. Free some space and try again. (%s)"),
                   name, detail);
      break;

    case SQLITE_READONLY:
      pomar_store_set_read_only_error (error, path, FALSE, detail);
      break;

    case SQLITE_CANTOPEN:
      if (path != NULL && !folder_is_writable (path))
        pomar_store_set_read_only_error (error, path, FALSE, detail);
      else
        g_set_error (error, POMAR_ERROR, POMAR_ERROR_IO,
                     _("Pomar’s cache at “%s” could not be opened. (%s)"),
                     name, detail);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_BUSY,
                   _("Another program is using Pomar’s cache at “%s”. Try again when it is done. (%s)"),
                   name, detail);
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_CORRUPT,
                   _("The file “%s” is damaged or is not a Pomar cache. Move it away and Pomar will start a new cache. (%s)"),
                   name, detail);
      break;

    case SQLITE_IOERR:
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_IO,
                   _("Pomar’s cache at “%s” could not be read or written. (%s)"),
                   name, detail);
      break;

    default:
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_DATABASE,
                   _("Pomar’s cache at “%s” failed an operation. (%s)"),
                   name, detail);
      break;
    }
}

void
pomar_stmt_bind_text (PomarStmt  *stmt,
                      int         index,
                      const char *value)
{
  /* SQLITE_STATIC: the record outlives the step that reads it, and copying
   * every string would cost more than the upsert on the usage path. */
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_STATIC);
}

void
pomar_stmt_bind_int (PomarStmt *stmt,
                     int        index,
                     gint64     value)
{
  if (value == POMAR_NO_INT)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, value);
}

void
pomar_stmt_bind_double (PomarStmt *stmt,
                        int        index,
                        double     value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, value);
}

char *
pomar_stmt_dup_text (PomarStmt *stmt,
                     int        column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gint64
pomar_stmt_get_int (PomarStmt *stmt,
                    int        column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return POMAR_NO_INT;
  return sqlite3_column_int64 (stmt, column);
}

double
pomar_stmt_get_double (PomarStmt *stmt,
                       int        column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NAN;
  return sqlite3_column_double (stmt, column);
}

PomarDay
pomar_stmt_get_day (PomarStmt *stmt,
                    int        column)
{
  return pomar_day_parse ((const char *) sqlite3_column_text (stmt, column));
}

char *
pomar_store_now (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}
