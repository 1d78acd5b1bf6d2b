/* pomar-sync-controller.c: the GUI's syncs of one cache.
 *
 * A window owns one controller. A sync runs the same loop as `pomarctl
 * sync` (pomar-sync-runner.c) on a GTask worker thread: listing the
 * connections, reading their tokens and syncing them all block on D-Bus,
 * HTTP and SQLite, and the main loop never does. One sync runs at a time;
 * asking for one during another queues one more.
 *
 * The engine reports progress on the worker after every stored page, which
 * can be a thousand times a second. The worker only writes it into a job
 * shared under a mutex and, unless one is already queued, queues a flush
 * on the main context a tenth of a second later; the flush copies the job
 * into the PomarSyncItems and the controller's properties. So the main loop
 * sees at most ten updates a second, however fast the pages come.
 *
 * Syncs start when the window has shown its cached data (start), then
 * every sync-interval-minutes after the end of the last one (0: only when
 * asked), following changes of the key as they happen.
 *
 * A local change (the context's account-changed) is pushed on its own a
 * moment later, without a pull, when the servers can be reached: a job of
 * its own that only sends the outbox and counts what is left. A push that
 * failed for another reason than the network is tried again later, each
 * time twice as late. Whether the servers can be reached is
 * PomarReachability's to say: a sync or push that could not connect asks
 * it to probe, the timer's syncs wait while nothing can be reached, and
 * when a server answers again, a sync (which pushes first) starts by
 * itself. Nothing here waits for the network on the main loop.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/pomar-error.h"
#include "pomar-sync-controller-private.h"
#include "pomar-sync-item.h"
#include "pomar-sync-runner.h"
#include "sync/pomar-reachability.h"

#define FLUSH_INTERVAL_MS       100
#define DEFAULT_INTERVAL_MINUTES 15
#define PUSH_DELAY_MS           1000
#define PUSH_RETRY_FIRST_S        30
#define PUSH_RETRY_MAX_S     (15 * 60)

/* The job: what the worker knows, shared with the main loop. ------------- */

typedef struct
{
  char               *name;
  PomarSyncItemState  state;
  gboolean            in_pass;
  PomarCollection     collection;
  guint               passes;        /* collections begun */
  guint64             pass_records;  /* stored in the current pass */
  gint64              pass_total;    /* the server's count of it, or -1 */
  char               *message;
  gboolean            needs_token;
  gboolean            network_failed;  /* the sync or push could not talk to the server */
  GDateTime          *last_synced;
  char               *url;
} JobEntry;

typedef struct
{
  gatomicrefcount  ref_count;
  GMutex           lock;
  gboolean         sync;           /* FALSE: only read the connections, or push */
  gboolean         push;           /* push only (when send), and count the outbox */
  gboolean         send;           /* the servers could be reached when it began */
  guint            push_failures;  /* connections whose push failed, not for the network */
  guint            n_waiting;      /* outbox entries pending when it ended */
  guint            n_gone;         /* ... for accounts gone from the server */
  gboolean         listed;         /* the entries are known */
  GPtrArray       *entries;        /* JobEntry, by name */
  JobEntry        *current;
  gboolean         stored;         /* records or deletions were stored */
  guint            accounts_done;  /* connections whose accounts pass stored some */
  gboolean         flush_queued;
  GMainContext    *main_context;
  GWeakRef         controller;
} SyncJob;

static void
job_entry_free (JobEntry *entry)
{
  g_free (entry->name);
  g_free (entry->message);
  g_free (entry->url);
  g_clear_pointer (&entry->last_synced, g_date_time_unref);
  g_free (entry);
}

static JobEntry *
job_entry_copy (const JobEntry *entry)
{
  JobEntry *copy = g_memdup2 (entry, sizeof *entry);

  copy->name = g_strdup (entry->name);
  copy->message = g_strdup (entry->message);
  copy->url = g_strdup (entry->url);
  if (entry->last_synced != NULL)
    copy->last_synced = g_date_time_ref (entry->last_synced);
  return copy;
}

static SyncJob *
sync_job_new (gpointer controller,
              gboolean sync)
{
  SyncJob *job = g_new0 (SyncJob, 1);

  g_atomic_ref_count_init (&job->ref_count);
  g_mutex_init (&job->lock);
  job->sync = sync;
  job->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) job_entry_free);
  job->main_context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&job->controller, controller);
  return job;
}

static SyncJob *
sync_job_ref (SyncJob *job)
{
  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

static void
sync_job_unref (SyncJob *job)
{
  if (!g_atomic_ref_count_dec (&job->ref_count))
    return;
  g_mutex_clear (&job->lock);
  g_ptr_array_unref (job->entries);
  g_main_context_unref (job->main_context);
  g_weak_ref_clear (&job->controller);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncJob, sync_job_unref)

/* The controller ------------------------------------------------------- */

struct _PomarSyncController
{
  GObject       parent_instance;

  PomarContext *context;
  GApplication *application;
  GSettings    *settings;
  GListStore   *items;

  SyncJob      *job;            /* the job under way, or NULL */
  GCancellable *cancellable;    /* its cancellable */
  gboolean      started;
  gboolean      stopped;
  gboolean      pending;        /* a sync was asked for during a job */

  gboolean      syncing;
  gboolean      has_connections;
  double        fraction;
  char         *progress_text;
  GDateTime    *last_synced;
  guint         n_failures;

  guint         accounts_announced;

  guint         timer_id;
  guint         minute_seconds;
  guint         n_updates;

  PomarReachability *reachability;
  gboolean      online;
  guint         n_waiting;
  guint         n_gone;
  guint         push_id;        /* a push soon after a local change */
  guint         push_backoff_s; /* 0, or the delay of the retry armed in push_id */
  gboolean      push_pending;   /* a push was asked for during a job */
};

G_DEFINE_FINAL_TYPE (PomarSyncController, pomar_sync_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_APPLICATION,
  PROP_SYNCING,
  PROP_HAS_CONNECTIONS,
  PROP_FRACTION,
  PROP_PROGRESS_TEXT,
  PROP_LAST_SYNCED,
  PROP_N_FAILURES,
  PROP_INTERVAL_MINUTES,
  PROP_CONNECTIONS,
  PROP_ONLINE,
  PROP_N_WAITING,
  PROP_N_GONE,
  N_PROPS
};

enum {
  STORED,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef enum
{
  JOB_READ,
  JOB_SYNC,
  JOB_PUSH,
} JobKind;

static void run_job (PomarSyncController *self,
                     JobKind              kind);
static void arm_timer (PomarSyncController *self);

/* Words ---------------------------------------------------------------- */

/* Translators: the collections below name what a sync is storing, as in
 * "Syncing “Acme”: tickets, 1,200 records". */
static const char *
collection_title (PomarCollection collection)
{
  switch (collection)
    {
    case POMAR_COLLECTION_ACCOUNTS:
      return _("accounts");
    case POMAR_COLLECTION_CONTACTS:
      return _("contacts");
    case POMAR_COLLECTION_TICKETS:
      return _("tickets");
    case POMAR_COLLECTION_USAGE:
      return _("usage");
    case POMAR_COLLECTION_RESPONSES:
      return _("survey answers");
    case POMAR_COLLECTION_ACTIVITIES:
      return _("activities");
    case POMAR_N_COLLECTIONS:
    default:
      return "";
    }
}

/* "accounts, 1,200 of 5,000 records" */
static char *
entry_progress_text (const JobEntry *entry)
{
  g_autofree char *records = NULL;
  g_autofree char *total = NULL;

  if (entry->state != POMAR_SYNC_ITEM_SYNCING)
    return NULL;
  if (!entry->in_pass)
    return g_strdup (_("Starting…"));

  records = g_strdup_printf ("%'" G_GUINT64_FORMAT, entry->pass_records);
  if (entry->pass_total >= 0)
    {
      total = g_strdup_printf ("%'" G_GINT64_FORMAT, entry->pass_total);
      /* Translators: a collection ("accounts"), the records stored so far
       * ("1,200") and how many the server has ("5,000"). */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %s of %s record",
                                           "%s, %s of %s records", (gulong) entry->pass_total),
                              collection_title (entry->collection), records, total);
    }
  /* Translators: a collection ("accounts") and the records stored so far
   * ("1,200"). */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %s record", "%s, %s records",
                                       (gulong) entry->pass_records),
                          collection_title (entry->collection), records);
}

static gint64
minutes_between (GDateTime *then,
                 GDateTime *now)
{
  GTimeSpan span = g_date_time_difference (now, then);

  return MAX (span, 0) / G_TIME_SPAN_MINUTE;
}

char *
pomar_sync_format_last_synced (GDateTime *last_synced,
                               GDateTime *now)
{
  gint64 minutes;
  int n;

  if (last_synced == NULL)
    return g_strdup (_("Never synced"));

  minutes = minutes_between (last_synced, now);
  if (minutes < 1)
    return g_strdup (_("Last synced just now"));
  if (minutes < 60)
    {
      n = (int) minutes;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last synced %d minute ago",
                                           "Last synced %d minutes ago", n), n);
    }
  if (minutes < 24 * 60)
    {
      n = (int) (minutes / 60);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last synced %d hour ago",
                                           "Last synced %d hours ago", n), n);
    }
  n = (int) MIN (minutes / (24 * 60), G_MAXINT);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last synced %d day ago",
                                       "Last synced %d days ago", n), n);
}

char *
pomar_sync_format_synced (GDateTime *last_synced,
                          GDateTime *now)
{
  gint64 minutes;
  int n;

  if (last_synced == NULL)
    return g_strdup (_("Not synced yet"));

  minutes = minutes_between (last_synced, now);
  if (minutes < 1)
    return g_strdup (_("Synced just now"));
  if (minutes < 60)
    {
      n = (int) minutes;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Synced %d minute ago",
                                           "Synced %d minutes ago", n), n);
    }
  if (minutes < 24 * 60)
    {
      n = (int) (minutes / 60);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Synced %d hour ago",
                                           "Synced %d hours ago", n), n);
    }
  n = (int) MIN (minutes / (24 * 60), G_MAXINT);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Synced %d day ago",
                                       "Synced %d days ago", n), n);
}

/* On the worker --------------------------------------------------------- */

static gboolean flush_in_main (gpointer user_data);

/* Called with the lock held. */
static void
queue_flush (SyncJob *job)
{
  GSource *source;

  if (job->flush_queued)
    return;
  job->flush_queued = TRUE;

  source = g_timeout_source_new (FLUSH_INTERVAL_MS);
  g_source_set_name (source, "[pomar] sync progress");
  g_source_set_callback (source, flush_in_main, sync_job_ref (job),
                         (GDestroyNotify) sync_job_unref);
  g_source_attach (source, job->main_context);
  g_source_unref (source);
}

static JobEntry *
find_entry (SyncJob    *job,
            const char *name)
{
  for (guint i = 0; i < job->entries->len; i++)
    {
      JobEntry *entry = g_ptr_array_index (job->entries, i);

      if (g_strcmp0 (entry->name, name) == 0)
        return entry;
    }
  return NULL;
}

/* When each connection last completed a pass, from the store. */
static void
read_last_synced (PomarStore *store,
                  SyncJob    *job)
{
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) states = NULL;
  g_autoptr (GError) error = NULL;

  reader = pomar_store_reader_new (store, &error);
  if (reader != NULL)
    states = pomar_store_reader_list_sync_states (reader, &error);
  if (states == NULL)
    {
      g_debug ("Could not read when the connections last synced: %s", error->message);
      return;
    }

  g_mutex_lock (&job->lock);
  for (guint i = 0; i < states->len; i++)
    {
      const PomarSyncState *state = g_ptr_array_index (states, i);
      JobEntry *entry = find_entry (job, state->connection);
      g_autoptr (GDateTime) when = NULL;

      if (entry == NULL || state->last_synced_at == NULL)
        continue;
      when = g_date_time_new_from_iso8601 (state->last_synced_at, NULL);
      if (when != NULL
          && (entry->last_synced == NULL || g_date_time_compare (when, entry->last_synced) > 0))
        {
          g_clear_pointer (&entry->last_synced, g_date_time_unref);
          entry->last_synced = g_steal_pointer (&when);
        }
    }
  queue_flush (job);
  g_mutex_unlock (&job->lock);
}

static void
on_started (const PomarConnectionInfo *info,
            gpointer                   user_data)
{
  SyncJob *job = user_data;

  g_mutex_lock (&job->lock);
  job->current = find_entry (job, info->name);
  if (job->current != NULL)
    job->current->state = POMAR_SYNC_ITEM_SYNCING;
  queue_flush (job);
  g_mutex_unlock (&job->lock);
}

static void
on_progress (const PomarSyncProgress *progress,
             gpointer                 user_data)
{
  SyncJob *job = user_data;
  JobEntry *entry;

  g_mutex_lock (&job->lock);
  entry = job->current;
  if (entry != NULL)
    {
      if (!entry->in_pass || entry->collection != progress->collection)
        {
          /* The board can show the accounts before the rest arrives. */
          if (entry->in_pass && entry->collection == POMAR_COLLECTION_ACCOUNTS
              && entry->pass_records > 0)
            job->accounts_done++;
          entry->in_pass = TRUE;
          entry->collection = progress->collection;
          entry->passes++;
        }
      entry->pass_records = progress->records;
      entry->pass_total = progress->total;
      queue_flush (job);
    }
  g_mutex_unlock (&job->lock);
}

static void
on_finished (const PomarConnectionInfo *info,
             const PomarSyncResult     *result,
             const GError              *error,
             gpointer                   user_data)
{
  SyncJob *job = user_data;
  JobEntry *entry;

  g_mutex_lock (&job->lock);
  entry = find_entry (job, info->name);
  if (result != NULL)
    {
      for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
        if (result->collections[i].records > 0 || result->collections[i].tombstones > 0)
          job->stored = TRUE;
      /* The push stored the server's answers, or marked a conflict or an
       * account gone: the views read the cache again either way. */
      if (result->push.sent + result->push.settled + result->push.conflicts + result->push.gone > 0)
        job->stored = TRUE;
    }
  if (entry != NULL)
    {
      g_clear_pointer (&entry->message, g_free);
      entry->needs_token = FALSE;
      entry->in_pass = FALSE;

      if (error == NULL)
        entry->state = POMAR_SYNC_ITEM_DONE;
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        entry->state = POMAR_SYNC_ITEM_IDLE;
      else
        {
          entry->state = POMAR_SYNC_ITEM_FAILED;
          /* The engine's sentence for a refused token says to add the
           * connection again; here a new token is one click away. */
          if (result != NULL && result->auth_failed)
            {
              entry->needs_token = TRUE;
              entry->message = g_strdup (_("The server refused its token."));
            }
          else if (result == NULL && g_error_matches (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND))
            {
              entry->needs_token = TRUE;
              entry->message = g_strdup (_("The system keyring holds no token for it."));
            }
          else
            entry->message = g_strdup (error->message);
          entry->network_failed = g_error_matches (error, POMAR_ERROR, POMAR_ERROR_NETWORK);
        }
    }
  job->current = NULL;
  queue_flush (job);
  g_mutex_unlock (&job->lock);
}

/* A push job: each connection that takes writes, without a pull. Its
 * entry keeps the items' state (a push says nothing of the last sync);
 * only whether the server could be talked to is noted. */
static void
push_connections (PomarStore   *store,
                  GPtrArray    *connections,
                  SyncJob      *job,
                  GCancellable *cancellable)
{
  for (guint i = 0; i < connections->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      const PomarConnectionInfo *info = g_ptr_array_index (connections, i);
      g_auto (PomarPushResult) result = { 0 };
      g_autoptr (GError) error = NULL;
      gboolean ok;

      ok = pomar_sync_runner_push_connection (store, info, &result, NULL, cancellable, &error);

      g_mutex_lock (&job->lock);
      if (result.sent + result.settled + result.conflicts + result.gone > 0)
        job->stored = TRUE;
      if (!ok)
        {
          JobEntry *entry = find_entry (job, info->name);

          if (g_error_matches (error, POMAR_ERROR, POMAR_ERROR_NETWORK) && entry != NULL)
            entry->network_failed = TRUE;
          else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            job->push_failures++;
          g_debug ("Could not push to %s: %s", info->name, error->message);
        }
      g_mutex_unlock (&job->lock);
    }
}

/* What the outbox holds now, for the banner. */
static void
count_outbox (PomarStore *store,
              SyncJob    *job)
{
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  guint waiting = 0, gone = 0;

  reader = pomar_store_reader_new (store, &error);
  if (reader != NULL)
    entries = pomar_store_reader_list_outbox (reader, &error);
  if (entries == NULL)
    {
      g_debug ("Could not read the outbox: %s", error->message);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      const PomarOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->state, "gone") == 0)
        gone++;
      else if (g_strcmp0 (entry->state, "pending") == 0)
        waiting++;
    }

  g_mutex_lock (&job->lock);
  job->n_waiting = waiting;
  job->n_gone = gone;
  g_mutex_unlock (&job->lock);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  PomarSyncController *self = source_object;
  SyncJob *job = task_data;
  PomarStore *store = pomar_context_get_store (self->context);
  const PomarSyncRunnerCallbacks callbacks = { on_started, on_finished };
  PomarSyncOptions options = { 0 };
  g_autoptr (GPtrArray) connections = NULL;
  GError *error = NULL;

  connections = pomar_sync_runner_get_connections (store, NULL, &error);
  if (connections == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_mutex_lock (&job->lock);
  for (guint i = 0; i < connections->len; i++)
    {
      const PomarConnectionInfo *info = g_ptr_array_index (connections, i);
      JobEntry *entry = g_new0 (JobEntry, 1);

      entry->name = g_strdup (info->name);
      entry->url = g_strdup (info->base_url);
      entry->state = job->sync ? POMAR_SYNC_ITEM_WAITING : POMAR_SYNC_ITEM_IDLE;
      entry->pass_total = -1;
      g_ptr_array_add (job->entries, entry);
    }
  job->listed = TRUE;
  g_mutex_unlock (&job->lock);

  if (job->push)
    {
      if (job->send)
        push_connections (store, connections, job, cancellable);
    }
  else
    read_last_synced (store, job);

  if (job->sync && connections->len > 0)
    {
      options.progress = on_progress;
      options.progress_data = job;
      pomar_sync_runner_run (store, connections, &options, &callbacks, job, cancellable);
      read_last_synced (store, job);
    }

  count_outbox (store, job);
  g_task_return_boolean (task, TRUE);
}

/* On the main loop ------------------------------------------------------- */

static void
set_syncing (PomarSyncController *self,
             gboolean             syncing)
{
  if (self->syncing == syncing)
    return;
  self->syncing = syncing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

static void
set_progress (PomarSyncController *self,
              double               fraction,
              const char          *text)
{
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (!G_APPROX_VALUE (self->fraction, fraction, 0.0005))
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  if (g_strcmp0 (self->progress_text, text) != 0)
    {
      g_free (self->progress_text);
      self->progress_text = g_strdup (text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_TEXT]);
    }
}

/* The items follow the entries: same names in the same order, or a new
 * list (connections come and go rarely, and there are few). */
static void
update_items (PomarSyncController *self,
              GPtrArray           *entries)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  gboolean same = n_items == entries->len;

  for (guint i = 0; same && i < n_items; i++)
    {
      g_autoptr (PomarSyncItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      const JobEntry *entry = g_ptr_array_index (entries, i);

      same = g_strcmp0 (pomar_sync_item_get_name (item), entry->name) == 0;
    }

  if (!same)
    {
      g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < entries->len; i++)
        {
          const JobEntry *entry = g_ptr_array_index (entries, i);

          g_ptr_array_add (items, pomar_sync_item_new (entry->name));
        }
      g_list_store_splice (self->items, 0, n_items, items->pdata, items->len);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      g_autoptr (PomarSyncItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      const JobEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *text = entry_progress_text (entry);

      pomar_sync_item_set_state (item, entry->state, text, entry->message, entry->needs_token);
      pomar_sync_item_set_last_synced (item, entry->last_synced);
    }
}

/* Copies the job's state into the items and the properties. */
static void
apply_job (PomarSyncController *self,
           SyncJob             *job)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) job_entry_free);
  g_autoptr (GDateTime) last_synced = NULL;
  g_autofree char *text = NULL;
  double done = 0;
  guint n_failures = 0;
  gboolean listed;
  guint accounts_done;

  g_mutex_lock (&job->lock);
  listed = job->listed;
  accounts_done = job->accounts_done;
  for (guint i = 0; i < job->entries->len; i++)
    g_ptr_array_add (entries, job_entry_copy (g_ptr_array_index (job->entries, i)));
  g_mutex_unlock (&job->lock);

  if (!listed)
    return;

  self->n_updates++;
  g_object_freeze_notify (G_OBJECT (self));

  update_items (self, entries);

  for (guint i = 0; i < entries->len; i++)
    {
      const JobEntry *entry = g_ptr_array_index (entries, i);

      if (entry->last_synced != NULL
          && (last_synced == NULL || g_date_time_compare (entry->last_synced, last_synced) > 0))
        {
          g_clear_pointer (&last_synced, g_date_time_unref);
          last_synced = g_date_time_ref (entry->last_synced);
        }

      switch (entry->state)
        {
        case POMAR_SYNC_ITEM_DONE:
          done += 1;
          break;

        case POMAR_SYNC_ITEM_FAILED:
          done += 1;
          n_failures++;
          break;

        case POMAR_SYNC_ITEM_SYNCING:
          {
            g_autofree char *detail = entry_progress_text (entry);
            double pass = 0;

            /* A connection's share moves a sixth per collection, and
             * within one when the server says how many records it has. */
            if (entry->in_pass && entry->pass_total > 0)
              pass = MIN ((double) entry->pass_records / entry->pass_total, 1.0);
            if (entry->passes > 0)
              done += (entry->passes - 1 + pass) / POMAR_N_COLLECTIONS;
            /* Translators: a connection's name and how far its sync is,
             * e.g. "accounts, 1,200 records". */
            text = g_strdup_printf (_("Syncing “%s”: %s"), entry->name, detail);
          }
          break;

        case POMAR_SYNC_ITEM_IDLE:
        case POMAR_SYNC_ITEM_WAITING:
        default:
          break;
        }
    }

  if (self->has_connections != (entries->len > 0))
    {
      self->has_connections = entries->len > 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_CONNECTIONS]);
    }

  if (last_synced != NULL
      && (self->last_synced == NULL || !g_date_time_equal (last_synced, self->last_synced)))
    {
      g_clear_pointer (&self->last_synced, g_date_time_unref);
      self->last_synced = g_steal_pointer (&last_synced);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED]);
    }

  if (self->syncing)
    {
      if (text == NULL)
        text = g_strdup (_("Syncing…"));
      set_progress (self, entries->len > 0 ? done / entries->len : 0, text);
    }

  if (job->sync && self->n_failures != n_failures)
    {
      self->n_failures = n_failures;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAILURES]);
    }

  g_object_thaw_notify (G_OBJECT (self));

  if (self->syncing && accounts_done > self->accounts_announced)
    {
      self->accounts_announced = accounts_done;
      g_signal_emit (self, signals[STORED], 0);
    }
}

static gboolean
flush_in_main (gpointer user_data)
{
  SyncJob *job = user_data;
  g_autoptr (PomarSyncController) self = g_weak_ref_get (&job->controller);

  g_mutex_lock (&job->lock);
  job->flush_queued = FALSE;
  g_mutex_unlock (&job->lock);

  /* A job that ended (or was cancelled) was applied for the last time
   * when it did. */
  if (self != NULL && self->job == job && !self->stopped)
    apply_job (self, job);

  return G_SOURCE_REMOVE;
}

static guint
interval_minutes (PomarSyncController *self)
{
  if (self->settings == NULL)
    return DEFAULT_INTERVAL_MINUTES;
  return g_settings_get_uint (self->settings, "sync-interval-minutes");
}

static gboolean
on_timer (gpointer user_data)
{
  PomarSyncController *self = user_data;

  self->timer_id = 0;
  /* A job under way re-arms the timer when it ends. Out of reach, the
   * sync waits for a server to answer again ("back"), which starts it. */
  if (self->job == NULL && self->has_connections)
    {
      if (self->online)
        run_job (self, JOB_SYNC);
      else
        arm_timer (self);
    }
  return G_SOURCE_REMOVE;
}

/* The next automatic sync comes a whole interval after now: after the end
 * of the last sync, or after the interval changed. */
static void
arm_timer (PomarSyncController *self)
{
  guint minutes;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->stopped || !self->started)
    return;

  minutes = interval_minutes (self);
  if (minutes == 0)
    return;

  self->timer_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT,
                                               minutes * self->minute_seconds,
                                               on_timer, self, NULL);
  g_source_set_name_by_id (self->timer_id, "[pomar] sync interval");
}

static void
on_interval_changed (PomarSyncController *self)
{
  if (self->job == NULL)
    arm_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL_MINUTES]);
}

static void
set_uint_property (PomarSyncController *self,
                   guint               *field,
                   guint                value,
                   guint                prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static gboolean
on_push_timer (gpointer user_data)
{
  PomarSyncController *self = user_data;

  self->push_id = 0;
  if (self->job != NULL)
    self->push_pending = TRUE;
  else
    run_job (self, JOB_PUSH);
  return G_SOURCE_REMOVE;
}

static void
arm_push (PomarSyncController *self,
          guint                delay_ms)
{
  g_clear_handle_id (&self->push_id, g_source_remove);
  if (self->stopped)
    return;
  self->push_id = g_timeout_add (delay_ms, on_push_timer, self);
  g_source_set_name_by_id (self->push_id, "[pomar] push");
}

/* What the job learnt of the servers goes to the reachability: a
 * completed sync proves its server answers; one that could not talk to
 * its server asks for a probe (an answer that was an error page is no
 * sign of being offline, and the probe tells them apart). */
static void
report_reachability (PomarSyncController *self,
                     SyncJob             *job)
{
  g_autoptr (GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) reached = g_ptr_array_new_with_free_func (g_free);
  gboolean listed, probe = FALSE;

  /* Copied under the lock; the reachability's signals are emitted
   * without it. */
  g_mutex_lock (&job->lock);
  listed = job->listed;
  for (guint i = 0; listed && i < job->entries->len; i++)
    {
      JobEntry *entry = g_ptr_array_index (job->entries, i);

      if (entry->url == NULL)
        continue;
      g_ptr_array_add (urls, g_strdup (entry->url));
      if (entry->network_failed)
        probe = TRUE;
      else if (job->sync && entry->state == POMAR_SYNC_ITEM_DONE)
        g_ptr_array_add (reached, g_strdup (entry->url));
    }
  g_mutex_unlock (&job->lock);

  if (!listed)
    return;
  g_ptr_array_add (urls, NULL);
  pomar_reachability_set_urls (self->reachability, (const char * const *) urls->pdata);
  for (guint i = 0; i < reached->len; i++)
    pomar_reachability_report (self->reachability, g_ptr_array_index (reached, i), TRUE);
  if (probe)
    pomar_reachability_check (self->reachability);
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  PomarSyncController *self = POMAR_SYNC_CONTROLLER (source);
  g_autoptr (SyncJob) job = user_data;
  g_autoptr (GError) error = NULL;
  gboolean synced = job->sync;
  gboolean stored;
  guint push_failures, n_waiting, n_gone;

  if (self->application != NULL)
    g_application_release (self->application);

  if (self->stopped)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Pomar could not read its connections: %s", error->message);

  if (!job->push)
    apply_job (self, job);
  g_clear_pointer (&self->job, sync_job_unref);
  g_clear_object (&self->cancellable);

  g_mutex_lock (&job->lock);
  stored = job->stored;
  push_failures = job->push_failures;
  n_waiting = job->n_waiting;
  n_gone = job->n_gone;
  g_mutex_unlock (&job->lock);

  g_object_freeze_notify (G_OBJECT (self));
  set_progress (self, 0, NULL);
  set_syncing (self, FALSE);
  set_uint_property (self, &self->n_waiting, n_waiting, PROP_N_WAITING);
  set_uint_property (self, &self->n_gone, n_gone, PROP_N_GONE);
  g_object_thaw_notify (G_OBJECT (self));

  /* A push the server refused for another reason than the network (its
   * errors, a token read that failed) is tried again, later each time;
   * the network's failures wait for "back". */
  if (job->push && job->send)
    {
      if (push_failures > 0 && n_waiting > 0)
        {
          self->push_backoff_s = self->push_backoff_s == 0
                                 ? PUSH_RETRY_FIRST_S
                                 : MIN (self->push_backoff_s * 2, PUSH_RETRY_MAX_S);
          arm_push (self, self->push_backoff_s * 1000);
        }
      else
        self->push_backoff_s = 0;
    }

  if (stored)
    g_signal_emit (self, signals[STORED], 0);
  if (synced)
    g_signal_emit (self, signals[FINISHED], 0, stored);

  if (self->pending)
    {
      self->pending = FALSE;
      self->push_pending = FALSE;
      run_job (self, JOB_SYNC);
    }
  else if (self->push_pending)
    {
      self->push_pending = FALSE;
      run_job (self, JOB_PUSH);
    }
  /* At start, with automatic syncs on, the reading is followed by a sync. */
  else if (!synced && !job->push && self->has_connections && interval_minutes (self) > 0)
    run_job (self, JOB_SYNC);
  else if (!job->push)
    arm_timer (self);

  /* Last: a server found again here starts a sync ("back"), which must
   * find the next job, if any, already under way, and queue behind it. */
  report_reachability (self, job);
}

static void
run_job (PomarSyncController *self,
         JobKind              kind)
{
  g_autoptr (GTask) task = NULL;
  gboolean sync = kind == JOB_SYNC;

  g_assert (self->job == NULL);

  /* A push job leaves the sync timer as it was; a sync pushes too. */
  if (kind != JOB_PUSH)
    g_clear_handle_id (&self->timer_id, g_source_remove);
  if (kind == JOB_SYNC)
    g_clear_handle_id (&self->push_id, g_source_remove);

  self->job = sync_job_new (self, sync);
  self->job->push = kind == JOB_PUSH;
  self->job->send = self->online;
  self->accounts_announced = 0;
  self->cancellable = g_cancellable_new ();
  if (self->application != NULL)
    g_application_hold (self->application);

  if (sync)
    {
      g_object_freeze_notify (G_OBJECT (self));
      set_syncing (self, TRUE);
      set_progress (self, 0, _("Syncing…"));
      g_object_thaw_notify (G_OBJECT (self));
    }

  task = g_task_new (self, self->cancellable, job_done, sync_job_ref (self->job));
  g_task_set_source_tag (task, run_job);
  g_task_set_name (task, sync ? "[pomar] sync" : kind == JOB_PUSH ? "[pomar] push" : "[pomar] read connections");
  g_task_set_task_data (task, sync_job_ref (self->job), (GDestroyNotify) sync_job_unref);
  g_task_run_in_thread (task, job_thread);
}

/* API -------------------------------------------------------------------- */

void
pomar_sync_controller_start (PomarSyncController *self)
{
  g_return_if_fail (POMAR_IS_SYNC_CONTROLLER (self));

  if (self->started || self->stopped)
    return;
  self->started = TRUE;

  if (self->job == NULL)
    run_job (self, JOB_READ);
}

void
pomar_sync_controller_sync (PomarSyncController *self)
{
  g_return_if_fail (POMAR_IS_SYNC_CONTROLLER (self));

  if (self->stopped)
    return;
  self->started = TRUE;

  if (self->job != NULL)
    {
      /* Once more after the job under way, which may have listed the
       * connections before the one just added, or used an old token. */
      self->pending = TRUE;
      return;
    }
  run_job (self, JOB_SYNC);
}

void
pomar_sync_controller_stop (PomarSyncController *self)
{
  g_return_if_fail (POMAR_IS_SYNC_CONTROLLER (self));

  self->stopped = TRUE;
  self->pending = FALSE;
  self->push_pending = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->push_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
}

gboolean
pomar_sync_controller_get_syncing (PomarSyncController *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_CONTROLLER (self), FALSE);
  return self->syncing;
}

gboolean
pomar_sync_controller_get_has_connections (PomarSyncController *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_CONTROLLER (self), FALSE);
  return self->has_connections;
}

double
pomar_sync_controller_get_fraction (PomarSyncController *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_CONTROLLER (self), 0);
  return self->fraction;
}

const char *
pomar_sync_controller_get_progress_text (PomarSyncController *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_CONTROLLER (self), NULL);
  return self->progress_text;
}

GDateTime *
pomar_sync_controller_get_last_synced (PomarSyncController *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_CONTROLLER (self), NULL);
  return self->last_synced;
}

guint
pomar_sync_controller_get_n_failures (PomarSyncController *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_CONTROLLER (self), 0);
  return self->n_failures;
}

guint
pomar_sync_controller_get_interval_minutes (PomarSyncController *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_CONTROLLER (self), 0);
  return interval_minutes (self);
}

gboolean
pomar_sync_controller_get_online (PomarSyncController *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_CONTROLLER (self), TRUE);
  return self->online;
}

guint
pomar_sync_controller_get_n_waiting (PomarSyncController *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_CONTROLLER (self), 0);
  return self->n_waiting;
}

guint
pomar_sync_controller_get_n_gone (PomarSyncController *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_CONTROLLER (self), 0);
  return self->n_gone;
}

PomarContext *
pomar_sync_controller_get_context (PomarSyncController *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_CONTROLLER (self), NULL);
  return self->context;
}

void
pomar_sync_controller_recount (PomarSyncController *self)
{
  g_return_if_fail (POMAR_IS_SYNC_CONTROLLER (self));

  if (self->stopped)
    return;
  if (self->job != NULL)
    self->push_pending = TRUE;
  else
    run_job (self, JOB_PUSH);
}

PomarReachability *
pomar_sync_controller_get_reachability (PomarSyncController *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_CONTROLLER (self), NULL);
  return self->reachability;
}

GListModel *
pomar_sync_controller_get_connections (PomarSyncController *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_CONTROLLER (self), NULL);
  return G_LIST_MODEL (self->items);
}

void
pomar_sync_controller_set_minute_seconds (PomarSyncController *self,
                                          guint                seconds)
{
  g_return_if_fail (POMAR_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (seconds > 0);

  self->minute_seconds = seconds;
  if (self->timer_id != 0)
    arm_timer (self);
}

guint
pomar_sync_controller_get_n_updates (PomarSyncController *self)
{
  g_return_val_if_fail (POMAR_IS_SYNC_CONTROLLER (self), 0);
  return self->n_updates;
}

/* GObject ---------------------------------------------------------------- */

static void
on_reachable_changed (PomarSyncController *self)
{
  gboolean online = pomar_reachability_get_reachable (self->reachability);

  if (self->online == online)
    return;
  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

/* A server answers again: what waited goes now (a sync pushes first).
 * With automatic syncs off, only the local changes go: the user syncs
 * when they choose, but a change made here is never left behind. */
static void
on_back (PomarSyncController *self)
{
  if (!self->started || !self->has_connections)
    return;
  if (interval_minutes (self) > 0)
    pomar_sync_controller_sync (self);
  else
    pomar_sync_controller_recount (self);
}

/* A local change: pushed a moment later (several changes in a row go
 * together), or only counted while nothing can be reached. */
static void
on_account_changed (PomarSyncController *self)
{
  if (!self->started || self->stopped)
    return;
  self->push_backoff_s = 0;
  arm_push (self, PUSH_DELAY_MS);
}

static void
pomar_sync_controller_constructed (GObject *object)
{
  PomarSyncController *self = POMAR_SYNC_CONTROLLER (object);

  G_OBJECT_CLASS (pomar_sync_controller_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  g_signal_connect_object (self->context, "account-changed", G_CALLBACK (on_account_changed),
                           self, G_CONNECT_SWAPPED);
  self->settings = pomar_context_get_settings (self->context);
  if (self->settings != NULL)
    {
      g_object_ref (self->settings);
      g_signal_connect_object (self->settings, "changed::sync-interval-minutes",
                               G_CALLBACK (on_interval_changed), self, G_CONNECT_SWAPPED);
    }
}

static void
pomar_sync_controller_dispose (GObject *object)
{
  PomarSyncController *self = POMAR_SYNC_CONTROLLER (object);

  /* A job under way holds a reference: this runs after it ended. */
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->push_id, g_source_remove);
  g_clear_object (&self->settings);
  if (self->reachability != NULL)
    g_signal_handlers_disconnect_by_data (self->reachability, self);
  g_clear_object (&self->reachability);

  G_OBJECT_CLASS (pomar_sync_controller_parent_class)->dispose (object);
}

static void
pomar_sync_controller_finalize (GObject *object)
{
  PomarSyncController *self = POMAR_SYNC_CONTROLLER (object);

  g_clear_pointer (&self->job, sync_job_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->items);
  g_clear_object (&self->context);
  g_clear_object (&self->application);
  g_clear_pointer (&self->progress_text, g_free);
  g_clear_pointer (&self->last_synced, g_date_time_unref);

  G_OBJECT_CLASS (pomar_sync_controller_parent_class)->finalize (object);
}

static void
pomar_sync_controller_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PomarSyncController *self = POMAR_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;

    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;

    case PROP_HAS_CONNECTIONS:
      g_value_set_boolean (value, self->has_connections);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_PROGRESS_TEXT:
      g_value_set_string (value, self->progress_text);
      break;

    case PROP_LAST_SYNCED:
      g_value_set_boxed (value, self->last_synced);
      break;

    case PROP_N_FAILURES:
      g_value_set_uint (value, self->n_failures);
      break;

    case PROP_INTERVAL_MINUTES:
      g_value_set_uint (value, interval_minutes (self));
      break;

    case PROP_CONNECTIONS:
      g_value_set_object (value, self->items);
      break;

    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;

    case PROP_N_WAITING:
      g_value_set_uint (value, self->n_waiting);
      break;

    case PROP_N_GONE:
      g_value_set_uint (value, self->n_gone);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_sync_controller_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PomarSyncController *self = POMAR_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_APPLICATION:
      self->application = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_sync_controller_class_init (PomarSyncControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pomar_sync_controller_constructed;
  object_class->dispose = pomar_sync_controller_dispose;
  object_class->finalize = pomar_sync_controller_finalize;
  object_class->get_property = pomar_sync_controller_get_property;
  object_class->set_property = pomar_sync_controller_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, POMAR_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL, G_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_CONNECTIONS] =
    g_param_spec_boolean ("has-connections", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS_TEXT] =
    g_param_spec_string ("progress-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNCED] =
    g_param_spec_boxed ("last-synced", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_FAILURES] =
    g_param_spec_uint ("n-failures", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL_MINUTES] =
    g_param_spec_uint ("interval-minutes", NULL, NULL, 0, G_MAXUINT, DEFAULT_INTERVAL_MINUTES,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTIONS] =
    g_param_spec_object ("connections", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Whether a connection's server can be reached (PomarReachability). */
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Local changes waiting to be sent, and those kept for accounts the
   * server no longer has, as the last job counted them. */
  properties[PROP_N_WAITING] =
    g_param_spec_uint ("n-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_GONE] =
    g_param_spec_uint ("n-gone", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PomarSyncController::stored:
   *
   * A sync stored records worth showing: a connection's accounts (while
   * the rest of its records are still coming), or anything, at its end.
   */
  signals[STORED] =
    g_signal_new ("stored",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * PomarSyncController::finished:
   * @stored: whether the sync stored any record or deletion
   *
   * A sync ended (completed, failed or cancelled, the items say which).
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
pomar_sync_controller_init (PomarSyncController *self)
{
  self->items = g_list_store_new (POMAR_TYPE_SYNC_ITEM);
  self->minute_seconds = 60;
  self->online = TRUE;
  self->reachability = pomar_reachability_new (NULL);
  g_signal_connect_swapped (self->reachability, "notify::reachable", G_CALLBACK (on_reachable_changed), self);
  g_signal_connect_swapped (self->reachability, "back", G_CALLBACK (on_back), self);
}

PomarSyncController *
pomar_sync_controller_new (PomarContext *context,
                           GApplication *application)
{
  g_return_val_if_fail (POMAR_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);

  return g_object_new (POMAR_TYPE_SYNC_CONTROLLER,
                       "context", context,
                       "application", application,
                       NULL);
}
