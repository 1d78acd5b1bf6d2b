/* test-store-crash.c: a writer killed with SIGKILL in the middle of a
 * transaction leaves a sound cache holding exactly what was committed.
 *
 * For each kill point, a child process opens the store, commits a known
 * state, then starts a large write (account updates, an account tombstone,
 * stage changes, many usage rows) and tells the parent through a pipe when
 * it has reached the kill point. It carries on writing; the parent kills
 * it at once. The child never commits that write (it waits at the end of
 * its func), except in the last case, where it tells the parent just
 * before returning, so that the kill lands around COMMIT: there the cache
 * must hold one state or the other, never a mix. And once write_sync has
 * returned, the write must survive the kill whole.
 *
 * The parent holds no store while it forks (so no writer thread exists to
 * be lost in the child), and the child opens its own store after fork().
 */
#include "config.h"

#include <signal.h>
#include <sys/stat.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/pomar-error.h"
#include "store-test-util.h"

#define N_ACCOUNTS   200
#define N_COMMITTED  5000    /* usage rows in the committed state */
#define N_HALF       150000  /* usage rows in the write that gets killed */

#define KILL_AT_COMMIT    G_MAXUINT
#define KILL_AFTER_COMMIT (G_MAXUINT - 1)

typedef struct
{
  int   fd;
  guint kill_at;
} Child;

static void
child_fail (const char *what,
            GError     *error)
{
  g_printerr ("child: %s: %s\n", what, error != NULL ? error->message : "failed");
  _exit (1);
}

static void
tell_parent (int fd)
{
  char byte = 'k';

  if (write (fd, &byte, 1) != 1)
    _exit (2);
}

static gboolean
write_committed (PomarStoreWriter  *writer,
                 gpointer           user_data,
                 GCancellable      *cancellable,
                 GError           **error)
{
  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      g_autofree char *id = g_strdup_printf ("acc_%04u", i);
      g_autofree char *name = g_strdup_printf ("committed %u", i);
      g_autoptr (PomarAccount) account = store_test_account (id, 1, name, "onboarding", 1000.0, "BRL");

      if (!pomar_store_writer_upsert_account (writer, account, NULL, error))
        return FALSE;
    }

  for (guint i = 0; i < N_COMMITTED; i++)
    {
      g_autofree char *account_id = g_strdup_printf ("acc_%04u", i % N_ACCOUNTS);
      g_autofree char *day = g_strdup_printf ("2026-%02u-%02u", 1 + (i / N_ACCOUNTS) / 28, 1 + (i / N_ACCOUNTS) % 28);
      g_autoptr (PomarUsage) usage = store_test_usage (account_id, day, 1, 10, 100);

      if (!pomar_store_writer_upsert_usage (writer, usage, NULL, error))
        return FALSE;
    }

  return pomar_store_writer_set_meta (writer, "state", "committed", error);
}

static gboolean
write_half (PomarStoreWriter  *writer,
            gpointer           user_data,
            GCancellable      *cancellable,
            GError           **error)
{
  Child *child = user_data;
  g_autoptr (PomarAccount) tomb = store_test_account ("acc_0000", 9, NULL, NULL, NAN, NULL);

  if (!pomar_store_writer_set_meta (writer, "state", "half", error))
    return FALSE;

  for (guint i = 1; i < N_ACCOUNTS; i++)
    {
      g_autofree char *id = g_strdup_printf ("acc_%04u", i);
      g_autofree char *name = g_strdup_printf ("half %u", i);
      g_autoptr (PomarAccount) account = store_test_account (id, 2, name, "engagement", 2000.0, "BRL");
      g_autoptr (PomarActivity) move = NULL;
      g_autofree char *move_id = g_strdup_printf ("move_%u", i);

      move = store_test_activity (move_id, 1, id, "stage_change",
                                  "{\"from\":\"onboarding\",\"to\":\"engagement\"}",
                                  "2026-11-01T10:00:00Z");
      if (!pomar_store_writer_upsert_account (writer, account, NULL, error)
          || !pomar_store_writer_upsert_activity (writer, move, NULL, error))
        return FALSE;
    }

  /* Removes acc_0000 and its usage rows. */
  tomb->deleted = TRUE;
  if (!pomar_store_writer_upsert_account (writer, tomb, NULL, error))
    return FALSE;

  for (guint i = 0; i < N_HALF; i++)
    {
      g_autofree char *account_id = g_strdup_printf ("acc_%04u", 1 + i % (N_ACCOUNTS - 1));
      g_autofree char *day = g_strdup_printf ("2025-%02u-%02u-%u", 1 + (i / N_ACCOUNTS) % 12, 1 + (i / N_ACCOUNTS) % 28, i);
      g_autoptr (PomarUsage) usage = store_test_usage (account_id, day, 1, 20, 200);

      if (i == child->kill_at)
        tell_parent (child->fd);
      if (!pomar_store_writer_upsert_usage (writer, usage, NULL, error))
        return FALSE;
    }

  if (child->kill_at == KILL_AT_COMMIT)
    tell_parent (child->fd);
  if (child->kill_at == KILL_AT_COMMIT || child->kill_at == KILL_AFTER_COMMIT)
    return TRUE;

  /* Never commit: wait for the parent's SIGKILL. */
  for (;;)
    pause ();
}

G_GNUC_NORETURN static void
run_child (const char *data_dir,
           int         fd,
           guint       kill_at)
{
  GError *error = NULL;
  PomarStore *store;
  Child child = { fd, kill_at };

  store = pomar_store_open (data_dir, &error);
  if (store == NULL)
    child_fail ("open", error);
  if (!pomar_store_write_sync (store, write_committed, NULL, NULL, &error))
    child_fail ("committed write", error);
  if (!pomar_store_write_sync (store, write_half, &child, NULL, &error))
    child_fail ("half write", error);
  if (kill_at == KILL_AFTER_COMMIT)
    tell_parent (fd);

  /* Committed: wait for the kill. */
  for (;;)
    pause ();
}

typedef struct
{
  guint  rows;
  guint  committed_names;
  guint  half_names;
  gint64 max_version;
} AccountScan;

static gboolean
scan_account (const PomarField *fields,
              guint             n_fields,
              gpointer          user_data,
              GError          **error)
{
  AccountScan *scan = user_data;

  g_assert_cmpstr (fields[1].name, ==, "name");
  g_assert_cmpstr (fields[14].name, ==, "version");
  scan->rows++;
  if (g_str_has_prefix (fields[1].s, "committed "))
    scan->committed_names++;
  if (g_str_has_prefix (fields[1].s, "half "))
    scan->half_names++;
  scan->max_version = MAX (scan->max_version, fields[14].i);
  return TRUE;
}

static gboolean
upsert_after (PomarStoreWriter  *writer,
              gpointer           user_data,
              GCancellable      *cancellable,
              GError           **error)
{
  g_autoptr (PomarAccount) account = store_test_account ("acc_after", 1, "After", NULL, NAN, NULL);

  return pomar_store_writer_upsert_account (writer, account, NULL, error);
}

static void
test_kill (gconstpointer user_data)
{
  guint kill_at = GPOINTER_TO_UINT (user_data);
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStore) store = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *report = NULL;
  g_autofree char *state = NULL;
  PomarStoreCounts counts;
  AccountScan scan = { 0, };
  gboolean committed;
  int fds[2];
  char byte;
  int status;
  pid_t pid;
  struct stat st;

  tmp_dir = g_dir_make_tmp ("pomar-crash-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (tmp_dir, "data", NULL);

  g_assert_no_errno (pipe (fds));
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      run_child (data_dir, fds[1], kill_at);
    }

  close (fds[1]);
  /* 0 bytes means the child died before the kill point: a failure. */
  g_assert_cmpint (read (fds[0], &byte, 1), ==, 1);
  g_assert_no_errno (kill (pid, SIGKILL));
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  close (fds[0]);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  wal = g_build_filename (data_dir, "pomar.db-wal", NULL);
  if (g_stat (wal, &st) == 0)
    g_test_message ("kill at %u: WAL left behind: %" G_GINT64_FORMAT " bytes",
                    kill_at, (gint64) st.st_size);

  store = pomar_store_open (data_dir, &error);
  g_assert_no_error (error);
  reader = pomar_store_reader_new (store, &error);
  g_assert_no_error (error);

  g_assert_true (pomar_store_reader_check_integrity (reader, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (report, ==, "ok");

  g_assert_true (pomar_store_reader_get_counts (reader, &counts, &error));
  g_assert_no_error (error);
  g_assert_true (pomar_store_reader_scan (reader, POMAR_COLLECTION_ACCOUNTS, scan_account, &scan, &error));
  g_assert_no_error (error);
  state = pomar_store_reader_get_meta (reader, "state", &error);
  g_assert_no_error (error);

  committed = g_strcmp0 (state, "half") == 0;
  if (kill_at == KILL_AFTER_COMMIT)
    g_assert_true (committed);
  else if (kill_at != KILL_AT_COMMIT)
    g_assert_false (committed);

  if (!committed)
    {
      /* Exactly the committed state, nothing of the killed write. */
      g_assert_cmpstr (state, ==, "committed");
      g_assert_cmpint (scan.rows, ==, N_ACCOUNTS);
      g_assert_cmpint (scan.committed_names, ==, N_ACCOUNTS);
      g_assert_cmpint (scan.max_version, ==, 1);
      g_assert_cmpint (counts.collections[POMAR_COLLECTION_ACCOUNTS], ==, N_ACCOUNTS);
      g_assert_cmpint (counts.collections[POMAR_COLLECTION_USAGE], ==, N_COMMITTED);
      g_assert_cmpint (counts.collections[POMAR_COLLECTION_ACTIVITIES], ==, 0);
      g_assert_cmpint (counts.stage_changes, ==, 0);
      g_assert_cmpint (counts.tombstones, ==, 0);
    }
  else
    {
      /* Exactly the whole of it. */
      g_test_message ("kill at %u: the commit made it", kill_at);
      g_assert_cmpint (scan.rows, ==, N_ACCOUNTS - 1);
      g_assert_cmpint (scan.half_names, ==, N_ACCOUNTS - 1);
      g_assert_cmpint (counts.collections[POMAR_COLLECTION_USAGE],
                       ==, N_COMMITTED - N_COMMITTED / N_ACCOUNTS + N_HALF);
      g_assert_cmpint (counts.stage_changes, ==, N_ACCOUNTS - 1);
      g_assert_cmpint (counts.tombstones, ==, 1);
    }

  /* And the cache takes writes again. */
  g_assert_true (pomar_store_write_sync (store, upsert_after, NULL, NULL, &error));
  g_assert_no_error (error);

  g_clear_pointer (&reader, pomar_store_reader_free);
  g_clear_object (&store);
  store_test_remove_tree (tmp_dir);
}

int
main (int   argc,
      char *argv[])
{
  const guint kill_points[] = { 0, 1000, 30000, 90000, 140000 };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kill_points); i++)
    {
      g_autofree char *path = g_strdup_printf ("/store/crash/kill-at-%u", kill_points[i]);
      g_test_add_data_func (path, GUINT_TO_POINTER (kill_points[i]), test_kill);
    }
  g_test_add_data_func ("/store/crash/kill-at-commit", GUINT_TO_POINTER (KILL_AT_COMMIT), test_kill);
  g_test_add_data_func ("/store/crash/kill-after-commit", GUINT_TO_POINTER (KILL_AFTER_COMMIT), test_kill);

  return g_test_run ();
}
