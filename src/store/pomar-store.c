/* pomar-store.c: opening the cache, and the writer thread.
 *
 * Opening is careful about what it touches: the data dir is made 0700 and
 * the database file 0600 before SQLite sees them, and the schema version is
 * read on a read-only connection before anything writes, so that a cache
 * made by a newer Pomar (or a file that is not a cache) stays byte for byte
 * as it was.
 *
 * A cache that can be read but not written (a disk mounted read-only, a
 * folder without write permission) still opens, so that the person's data
 * stays in reach: readers work, and every write is refused with the reason.
 *
 * All writes go through one thread that owns the only write connection.
 * Jobs arrive on a GAsyncQueue and each runs in one transaction; callers
 * either wait for it (write_sync) or get a GTask back on their main context
 * (write_async). SQLite allows one writer at a time anyway: queueing here
 * instead of waiting on the database lock keeps the order of writes the
 * order of requests, and keeps writes off the main loop.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pomar-error.h"
#include "store/pomar-store-private.h"

#define POMAR_STORE_DB_NAME "pomar.db"
#define BUSY_TIMEOUT_MS     5000

typedef enum
{
  JOB_WRITE_ASYNC,
  JOB_WRITE_SYNC,
  JOB_QUIT,
} JobKind;

/* A write request. Async jobs are owned by the queue, then by the writer
 * thread; a sync job lives on the waiting caller's stack. */
typedef struct
{
  JobKind              kind;
  PomarStoreWriteFunc  func;
  gpointer             user_data;
  GCancellable        *cancellable;

  /* JOB_WRITE_ASYNC: user_data is the task's task data. */
  GTask               *task;

  /* JOB_WRITE_SYNC */
  GMutex               mutex;
  GCond                cond;
  gboolean             done;
  gboolean             ok;
  GError              *error;
} Job;

struct _PomarStore
{
  GObject           parent_instance;

  char             *data_dir;
  char             *path;
  int               schema_version;

  GThread          *thread;
  GAsyncQueue      *jobs;
  PomarStoreWriter *writer;   /* owned by the writer thread once it runs */

  GMutex            lock;     /* guards closed */
  gboolean          closed;
  gboolean          read_only; /* no writer: every write is refused */

  PomarDeriveSettings settings; /* read by the writer thread, set by anyone */
};

G_DEFINE_FINAL_TYPE (PomarStore, pomar_store, G_TYPE_OBJECT)

static void
pomar_store_finalize (GObject *object)
{
  PomarStore *self = POMAR_STORE (object);

  pomar_store_close (self);

  g_clear_pointer (&self->jobs, g_async_queue_unref);
  pomar_derive_settings_clear (&self->settings);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (pomar_store_parent_class)->finalize (object);
}

static void
pomar_store_class_init (PomarStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pomar_store_finalize;
}

static void
pomar_store_init (PomarStore *self)
{
  g_mutex_init (&self->lock);
  self->jobs = g_async_queue_new ();
  pomar_derive_settings_init (&self->settings);
}

/* The writer thread ------------------------------------------------------ */

static gboolean
run_in_transaction (PomarStoreWriter     *writer,
                    PomarStoreWriteFunc   func,
                    gpointer              user_data,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr (GError) local_error = NULL;

  /* A job cancelled while it waited in the queue is not run at all. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!pomar_db_exec (writer->db, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* The figures of what the func changed are part of the same commit. */
  pomar_store_writer_reset (writer);
  if (func (writer, user_data, cancellable, &local_error)
      && pomar_store_writer_derive (writer, &local_error)
      && pomar_db_exec (writer->db, "COMMIT", &local_error))
    {
      pomar_store_writer_reset (writer);
      return TRUE;
    }
  pomar_store_writer_reset (writer);

  if (local_error == NULL)
    g_set_error_literal (&local_error, POMAR_ERROR, POMAR_ERROR_FAILED,
                         _("A change to Pomar’s cache failed and was undone."));

  /* Some errors (a full disk, for one) already rolled SQLite back. */
  if (!sqlite3_get_autocommit (writer->db->db))
    pomar_db_exec (writer->db, "ROLLBACK", NULL);

  /* The rolled-back work may have counted tombstones that are gone now. */
  pomar_store_writer_load_counts (writer, NULL);

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
unref_task (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static gpointer
writer_thread (gpointer data)
{
  PomarStore *self = data;

  for (;;)
    {
      Job *job = g_async_queue_pop (self->jobs);

      if (job->kind == JOB_QUIT)
        {
          g_free (job);
          break;
        }

      if (job->kind == JOB_WRITE_SYNC)
        {
          gboolean ok;
          GError *error = NULL;

          ok = run_in_transaction (self->writer, job->func, job->user_data,
                                   job->cancellable, &error);

          /* After the broadcast the job belongs to the caller again. */
          g_mutex_lock (&job->mutex);
          job->ok = ok;
          job->error = error;
          job->done = TRUE;
          g_cond_signal (&job->cond);
          g_mutex_unlock (&job->mutex);
        }
      else
        {
          GMainContext *context;
          GSource *idle;
          GError *error = NULL;

          if (run_in_transaction (self->writer, job->func,
                                  g_task_get_task_data (job->task),
                                  job->cancellable, &error))
            g_task_return_boolean (job->task, TRUE);
          else
            g_task_return_error (job->task, error);

          /* Our reference goes back to the caller's context too: were it
           * the last one, dropping it here could drop the store's last
           * reference on this very thread, which cannot join itself. */
          context = g_task_get_context (job->task);
          idle = g_idle_source_new ();
          g_source_set_static_name (idle, "[pomar] release a write task");
          g_source_set_callback (idle, unref_task, g_steal_pointer (&job->task), NULL);
          g_source_attach (idle, context);
          g_source_unref (idle);
          g_clear_object (&job->cancellable);
          g_free (job);
        }
    }

  return NULL;
}

/* Opening ---------------------------------------------------------------- */

static gboolean
make_data_dir (const char  *data_dir,
               GError     **error)
{
  g_autofree char *name = g_filename_display_name (data_dir);
  int saved_errno;

  if (g_file_test (data_dir, G_FILE_TEST_IS_DIR))
    return TRUE;

  /* Only a folder we create is made private: tightening a folder the person
   * chose and already uses would be a surprise. */
  if (g_mkdir_with_parents (data_dir, 0700) == 0 && g_chmod (data_dir, 0700) == 0)
    return TRUE;

  saved_errno = errno;
  g_set_error (error, POMAR_ERROR,
               (saved_errno == EACCES || saved_errno == EROFS || saved_errno == EPERM)
                 ? POMAR_ERROR_READ_ONLY : POMAR_ERROR_IO,
               _("Could not create the folder “%s” for Pomar’s cache: %s."),
               name, g_strerror (saved_errno));
  return FALSE;
}

/* The file is made here, 0600, so that SQLite never creates it with the
 * process umask; SQLite gives its -wal and -shm files the permissions of
 * the database file. */
static gboolean
make_db_file (const char  *path,
              GError     **error)
{
  g_autofree char *name = NULL;
  int saved_errno;
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    {
      /* The umask may have taken bits away from 0600; put them back. */
      if (fchmod (fd, 0600) == 0)
        {
          close (fd);
          return TRUE;
        }
      saved_errno = errno;
      close (fd);
    }
  else
    {
      saved_errno = errno;
      if (saved_errno == EEXIST)
        return TRUE;
    }

  name = g_filename_display_name (path);
  g_set_error (error, POMAR_ERROR,
               (saved_errno == EACCES || saved_errno == EROFS || saved_errno == EPERM)
                 ? POMAR_ERROR_READ_ONLY : POMAR_ERROR_IO,
               _("Could not create Pomar’s cache “%s”: %s."),
               name, g_strerror (saved_errno));
  return FALSE;
}

/* Reads the schema version without writing anything, and refuses a file
 * that a newer Pomar made or that is not a Pomar cache at all. */
static gboolean
check_existing (const char  *path,
                int         *version_out,
                GError     **error)
{
  g_autoptr (PomarDb) db = NULL;
  g_autoptr (PomarStmt) stmt = NULL;
  g_autofree char *name = g_filename_display_name (path);
  int version;
  int rc;

  db = pomar_db_open (path, SQLITE_OPEN_READONLY, error);
  if (db == NULL)
    return FALSE;

  if (!pomar_store_read_schema_version (db, &version, error))
    return FALSE;
  *version_out = version;

  if (version > POMAR_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_SCHEMA_TOO_NEW,
                   _("This cache was made by a newer version of Pomar (schema %d; this version understands up to %d). "
                     "Update Pomar, or choose another data folder. The cache at “%s” was left as it is."),
                   version, POMAR_STORE_SCHEMA_VERSION, name);
      return FALSE;
    }

  if (version > 0)
    return TRUE;

  /* Version 0 is a new cache, unless some other program's tables are in it. */
  stmt = pomar_db_prepare (db, "SELECT count(*) FROM sqlite_master", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pomar_db_set_error (db, rc, error);
  if (sqlite3_column_int64 (stmt, 0) > 0)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_CORRUPT,
                   _("The file “%s” is a database, but not a Pomar cache. Move it away or choose another data folder."),
                   name);
      return FALSE;
    }

  return TRUE;
}

/* SQLite answers PRAGMA journal_mode with the mode it kept; it keeps the
 * old one when it cannot make the -wal file. */
static gboolean
set_wal (PomarDb  *db,
         GError  **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autofree char *name = NULL;
  int rc;

  stmt = pomar_db_prepare (db, "PRAGMA journal_mode = WAL", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pomar_db_set_error (db, rc, error);

  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0)
    return TRUE;

  name = g_filename_display_name (db->path);
  g_set_error (error, POMAR_ERROR, POMAR_ERROR_READ_ONLY,
               _("Pomar’s cache at “%s” cannot be written: its folder does not accept the cache’s journal."),
               name);
  return FALSE;
}

static gboolean
configure_writer (PomarDb  *db,
                  GError  **error)
{
  if (sqlite3_db_readonly (db->db, "main") == 1)
    {
      pomar_store_set_read_only_error (error, db->path, FALSE, NULL);
      return FALSE;
    }

  sqlite3_busy_timeout (db->db, BUSY_TIMEOUT_MS);

  if (!set_wal (db, error)
      || !pomar_db_exec (db,
                         "PRAGMA synchronous = NORMAL;"
                         "PRAGMA foreign_keys = ON;"
                         /* A demo book is one transaction of a few hundred
                          * MB of WAL; give the disk back once it is in. */
                         "PRAGMA journal_size_limit = 67108864;"
                         /* 32 MB of page cache at most (SQLite's default
                          * is 2): recomputing the figures of the accounts
                          * a sync touched reads their index pages,
                          * scattered over a large file. bench-health: 500
                          * accounts of a 10,000-account book in 47 ms
                          * with it, 65 ms without. */
                         "PRAGMA cache_size = -32768;"
                         /* Checkpoint every 32 MB of WAL rather than 4:
                          * each checkpoint syncs the file twice, and a
                          * full sync of a 10,000-account book commits
                          * 4,000 pages of records, so this is the
                          * difference between 1,040 fdatasync calls (8.5 s
                          * blocked on this disk) and 143 (3.5 s) over
                          * 0.8 GB of cache, with pages that several
                          * commits rewrite copied back once. A commit
                          * stays what it was: atomic, in the WAL, synced
                          * at the next checkpoint (synchronous=NORMAL). */
                         "PRAGMA wal_autocheckpoint = 8192;",
                         error))
    return FALSE;

  /* Take the write lock once, empty: a cache whose folder no longer takes
   * the -wal and -shm files opens and reads fine, and would only fail at the
   * first write. Better to say so now. An empty transaction writes nothing. */
  return pomar_db_exec (db, "BEGIN IMMEDIATE; COMMIT;", error);
}

PomarStore *
pomar_store_open (const char  *data_dir,
                  GError     **error)
{
  g_autoptr (PomarStore) self = NULL;
  g_autoptr (PomarDb) db = NULL;
  g_autoptr (GError) local_error = NULL;
  int existing_version = 0;
  int version;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (POMAR_TYPE_STORE, NULL);
  self->data_dir = g_strdup (data_dir);
  self->path = g_build_filename (data_dir, POMAR_STORE_DB_NAME, NULL);

  if (!make_data_dir (data_dir, error)
      || !make_db_file (self->path, error)
      || !check_existing (self->path, &existing_version, error))
    return NULL;

  db = pomar_db_open (self->path, SQLITE_OPEN_READWRITE, &local_error);
  if (db != NULL && !configure_writer (db, &local_error))
    g_clear_pointer (&db, pomar_db_free);
  if (db == NULL)
    {
      /* Readable but not writable: open for reading only. Not a cache that
       * needs migrating, which the readers could not query. */
      if (g_error_matches (local_error, POMAR_ERROR, POMAR_ERROR_READ_ONLY)
          && existing_version == POMAR_STORE_SCHEMA_VERSION)
        {
          self->schema_version = existing_version;
          self->read_only = TRUE;
          return g_steal_pointer (&self);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!pomar_store_migrate (db, &version, error))
    return NULL;

  self->schema_version = version;
  self->writer = pomar_store_writer_new (g_steal_pointer (&db), &self->settings);
  if (!pomar_store_writer_load_counts (self->writer, error))
    {
      g_clear_pointer (&self->writer, pomar_store_writer_free);
      return NULL;
    }

  self->thread = g_thread_try_new ("pomar-store-writer", writer_thread, self, &local_error);
  if (self->thread == NULL)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_FAILED,
                   _("Could not start the cache’s writer: %s."), local_error->message);
      g_clear_pointer (&self->writer, pomar_store_writer_free);
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
pomar_store_get_data_dir (PomarStore *self)
{
  g_return_val_if_fail (POMAR_IS_STORE (self), NULL);

  return self->data_dir;
}

const char *
pomar_store_get_path (PomarStore *self)
{
  g_return_val_if_fail (POMAR_IS_STORE (self), NULL);

  return self->path;
}

int
pomar_store_get_schema_version (PomarStore *self)
{
  g_return_val_if_fail (POMAR_IS_STORE (self), 0);

  return self->schema_version;
}

void
pomar_store_close (PomarStore *self)
{
  Job *quit;

  g_return_if_fail (POMAR_IS_STORE (self));

  if (self->thread != NULL && g_thread_self () == self->thread)
    {
      g_critical ("pomar_store_close() called from inside a write func");
      return;
    }

  g_mutex_lock (&self->lock);
  if (self->closed)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  self->closed = TRUE;
  g_mutex_unlock (&self->lock);

  if (self->thread != NULL)
    {
      /* The quit job goes behind every queued write, so they all run. */
      quit = g_new0 (Job, 1);
      quit->kind = JOB_QUIT;
      g_async_queue_push (self->jobs, quit);
      g_thread_join (g_steal_pointer (&self->thread));
    }

  g_clear_pointer (&self->writer, pomar_store_writer_free);
}

/* Writing ---------------------------------------------------------------- */

static void
set_closed_error (GError **error)
{
  g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_FAILED,
                       _("Pomar’s cache is closed; the change was not made."));
}

gboolean
pomar_store_is_read_only (PomarStore *self)
{
  g_return_val_if_fail (POMAR_IS_STORE (self), TRUE);

  return self->read_only;
}

gboolean
pomar_store_check_writable (PomarStore  *self,
                            GError     **error)
{
  g_return_val_if_fail (POMAR_IS_STORE (self), FALSE);

  if (!self->read_only)
    return TRUE;
  pomar_store_set_read_only_error (error, self->path, TRUE, NULL);
  return FALSE;
}

/* Queues @job unless the store is closed. The check and the push happen
 * under the lock, so no job can slip in behind the quit job. */
static gboolean
push_job (PomarStore *self,
          Job        *job)
{
  gboolean pushed = FALSE;

  g_mutex_lock (&self->lock);
  if (!self->closed)
    {
      g_async_queue_push (self->jobs, job);
      pushed = TRUE;
    }
  g_mutex_unlock (&self->lock);

  return pushed;
}

void
pomar_store_write_async (PomarStore          *self,
                         PomarStoreWriteFunc  func,
                         gpointer             user_data,
                         GDestroyNotify       user_data_free,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             callback_data)
{
  g_autoptr (GTask) task = NULL;
  Job *job;

  g_return_if_fail (POMAR_IS_STORE (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, callback_data);
  g_task_set_source_tag (task, pomar_store_write_async);
  /* The result says whether the change was committed; a cancel that comes
   * after the commit must not turn it into an error. */
  g_task_set_check_cancellable (task, FALSE);
  /* user_data is freed with the task, on the caller's side. */
  g_task_set_task_data (task, user_data, user_data_free);

  if (self->read_only)
    {
      GError *error = NULL;

      pomar_store_set_read_only_error (&error, self->path, TRUE, NULL);
      g_task_return_error (task, error);
      return;
    }

  job = g_new0 (Job, 1);
  job->kind = JOB_WRITE_ASYNC;
  job->func = func;
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->task = g_object_ref (task);

  if (!push_job (self, job))
    {
      g_object_unref (job->task);
      g_clear_object (&job->cancellable);
      g_free (job);
      g_task_return_new_error (task, POMAR_ERROR, POMAR_ERROR_FAILED, "%s",
                               _("Pomar’s cache is closed; the change was not made."));
    }
}

gboolean
pomar_store_write_finish (PomarStore    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (POMAR_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pomar_store_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
pomar_store_write_sync (PomarStore           *self,
                        PomarStoreWriteFunc   func,
                        gpointer              user_data,
                        GCancellable         *cancellable,
                        GError              **error)
{
  Job job = { 0, };

  g_return_val_if_fail (POMAR_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_thread_self () == self->thread)
    {
      /* It would wait for itself forever. */
      g_critical ("pomar_store_write_sync() called from inside a write func");
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("A change to Pomar’s cache cannot wait for another change."));
      return FALSE;
    }

  if (self->read_only)
    {
      pomar_store_set_read_only_error (error, self->path, TRUE, NULL);
      return FALSE;
    }

  job.kind = JOB_WRITE_SYNC;
  job.func = func;
  job.user_data = user_data;
  job.cancellable = cancellable;
  g_mutex_init (&job.mutex);
  g_cond_init (&job.cond);

  if (!push_job (self, &job))
    {
      g_mutex_clear (&job.mutex);
      g_cond_clear (&job.cond);
      set_closed_error (error);
      return FALSE;
    }

  g_mutex_lock (&job.mutex);
  while (!job.done)
    g_cond_wait (&job.cond, &job.mutex);
  g_mutex_unlock (&job.mutex);

  g_mutex_clear (&job.mutex);
  g_cond_clear (&job.cond);

  if (!job.ok)
    {
      g_propagate_error (error, job.error);
      return FALSE;
    }

  return TRUE;
}

PomarDeriveSettings *
pomar_store_get_derive_settings (PomarStore *self)
{
  return &self->settings;
}

/* Reading ---------------------------------------------------------------- */

PomarStoreReader *
pomar_store_reader_new (PomarStore  *store,
                        GError     **error)
{
  g_return_val_if_fail (POMAR_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return pomar_store_reader_new_for_path (store->path, error);
}
