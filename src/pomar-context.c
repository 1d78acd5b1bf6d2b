/* pomar-context.c: the one object a front end works through.
 *
 * The context owns the store. It also knows the two data dirs a person has:
 * their own cache and the demo book's, which are kept apart so that a demo
 * never mixes with real customers.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/pomar-error.h"
#include "pomar-context.h"

struct _PomarContext
{
  GObject     parent_instance;

  char       *data_dir;
  PomarStore *store;
};

G_DEFINE_FINAL_TYPE (PomarContext, pomar_context, G_TYPE_OBJECT)

/* Keys of the store's meta table that mark a generated book. */
#define META_DEMO_SEED     "demo.seed"
#define META_DEMO_ACCOUNTS "demo.accounts"
#define META_DEMO_TODAY    "demo.today"

static void
pomar_context_finalize (GObject *object)
{
  PomarContext *self = POMAR_CONTEXT (object);

  if (self->store != NULL)
    pomar_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (pomar_context_parent_class)->finalize (object);
}

static void
pomar_context_class_init (PomarContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pomar_context_finalize;
}

static void
pomar_context_init (PomarContext *self)
{
}

char *
pomar_default_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "pomar", NULL);
}

char *
pomar_demo_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "pomar", "demo", NULL);
}

PomarContext *
pomar_context_new (const char  *data_dir,
                   GError     **error)
{
  g_autoptr (PomarContext) self = NULL;
  g_autofree char *dir = NULL;

  dir = data_dir != NULL ? g_strdup (data_dir) : pomar_default_data_dir ();

  self = g_object_new (POMAR_TYPE_CONTEXT, NULL);
  self->data_dir = g_steal_pointer (&dir);
  self->store = pomar_store_open (self->data_dir, error);
  if (self->store == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

PomarStore *
pomar_context_get_store (PomarContext *self)
{
  g_return_val_if_fail (POMAR_IS_CONTEXT (self), NULL);
  return self->store;
}

const char *
pomar_context_get_data_dir (PomarContext *self)
{
  g_return_val_if_fail (POMAR_IS_CONTEXT (self), NULL);
  return self->data_dir;
}

gboolean
pomar_context_is_empty (PomarContext  *self,
                        GError       **error)
{
  g_autoptr (PomarStoreReader) reader = NULL;
  gboolean has_accounts = FALSE;

  g_return_val_if_fail (POMAR_IS_CONTEXT (self), FALSE);

  reader = pomar_store_reader_new (self->store, error);
  if (reader == NULL || !pomar_store_reader_has_accounts (reader, &has_accounts, error))
    return FALSE;

  return !has_accounts;
}

/* A cache is a demo book when the generator marked it and nothing real has
 * been added since: no connection and no local change waiting to be sent. */
static gboolean
reader_is_demo (PomarStoreReader  *reader,
                gboolean          *is_demo,
                GError           **error)
{
  g_autofree char *seed = NULL;
  g_autoptr (GPtrArray) connections = NULL;
  g_autoptr (GError) local_error = NULL;
  PomarStoreCounts counts;

  *is_demo = FALSE;

  seed = pomar_store_reader_get_meta (reader, META_DEMO_SEED, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (seed == NULL)
    return TRUE;

  connections = pomar_store_reader_list_connections (reader, error);
  if (connections == NULL)
    return FALSE;
  if (!pomar_store_reader_get_counts (reader, &counts, error))
    return FALSE;

  *is_demo = connections->len == 0 && counts.outbox == 0;
  return TRUE;
}

gboolean
pomar_context_is_demo (PomarContext  *self,
                       GError       **error)
{
  g_autoptr (PomarStoreReader) reader = NULL;
  gboolean is_demo = FALSE;

  g_return_val_if_fail (POMAR_IS_CONTEXT (self), FALSE);

  reader = pomar_store_reader_new (self->store, error);
  if (reader == NULL || !reader_is_demo (reader, &is_demo, error))
    return FALSE;
  return is_demo;
}

typedef struct
{
  PomarDemoOptions  options;
  PomarDemoProgress progress;
  gpointer          progress_data;
  PomarStoreWriter *writer;
} DemoJob;

static gboolean
demo_sink (PomarDemoRecordKind   kind,
           gconstpointer         record,
           gpointer              user_data,
           GError              **error)
{
  DemoJob *job = user_data;

  switch (kind)
    {
    case POMAR_DEMO_ACCOUNT:
      return pomar_store_writer_upsert_account (job->writer, record, NULL, error);
    case POMAR_DEMO_CONTACT:
      return pomar_store_writer_upsert_contact (job->writer, record, NULL, error);
    case POMAR_DEMO_TICKET:
      return pomar_store_writer_upsert_ticket (job->writer, record, NULL, error);
    case POMAR_DEMO_USAGE:
      return pomar_store_writer_upsert_usage (job->writer, record, NULL, error);
    case POMAR_DEMO_RESPONSE:
      return pomar_store_writer_upsert_response (job->writer, record, NULL, error);
    case POMAR_DEMO_ACTIVITY:
      return pomar_store_writer_upsert_activity (job->writer, record, NULL, error);
    case POMAR_DEMO_PLAYBOOK_INSTANCE:
      return pomar_store_writer_put_playbook_instance (job->writer, record, error);
    case POMAR_DEMO_PLAYBOOK_TASK:
      return pomar_store_writer_put_playbook_task (job->writer, record, error);
    default:
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_FAILED,
                   "The demo generator produced a record of unknown kind %d", kind);
      return FALSE;
    }
}

static gboolean
demo_account_done (guint     index,
                   guint     n_accounts,
                   gpointer  user_data,
                   GError  **error)
{
  DemoJob *job = user_data;

  if (job->progress != NULL)
    job->progress (index + 1, n_accounts, job->progress_data);
  return TRUE;
}

/* The whole book is written in one transaction: a failure half way (a full
 * disk, a cancel) leaves the previous contents exactly as they were. */
static gboolean
generate_demo_in_writer (PomarStoreWriter  *writer,
                         gpointer           user_data,
                         GCancellable      *cancellable,
                         GError           **error)
{
  DemoJob *job = user_data;
  g_autofree char *seed = NULL;
  g_autofree char *accounts = NULL;
  char today[16];

  job->writer = writer;

  if (!pomar_store_writer_clear_all (writer, TRUE, error))
    return FALSE;
  if (!pomar_demo_generate (&job->options, demo_sink, demo_account_done, job, cancellable, error))
    return FALSE;

  seed = g_strdup_printf ("%" G_GUINT64_FORMAT, job->options.seed);
  accounts = g_strdup_printf ("%u", job->options.n_accounts);
  g_date_strftime (today, sizeof today, "%Y-%m-%d", &job->options.today);

  return pomar_store_writer_set_meta (writer, META_DEMO_SEED, seed, error)
         && pomar_store_writer_set_meta (writer, META_DEMO_ACCOUNTS, accounts, error)
         && pomar_store_writer_set_meta (writer, META_DEMO_TODAY, today, error);
}

gboolean
pomar_context_generate_demo (PomarContext           *self,
                             const PomarDemoOptions *options,
                             gboolean                force,
                             PomarDemoProgress       progress,
                             gpointer                progress_data,
                             GCancellable           *cancellable,
                             GError                **error)
{
  g_autoptr (PomarStoreReader) reader = NULL;
  PomarStoreCounts counts;
  DemoJob job = { 0 };
  gboolean is_demo = FALSE;

  g_return_val_if_fail (POMAR_IS_CONTEXT (self), FALSE);

  reader = pomar_store_reader_new (self->store, error);
  if (reader == NULL
      || !pomar_store_reader_get_counts (reader, &counts, error)
      || !reader_is_demo (reader, &is_demo, error))
    return FALSE;

  if (!force && !is_demo
      && (counts.collections[POMAR_COLLECTION_ACCOUNTS] > 0 || counts.outbox > 0))
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_REFUSED,
                   _("The cache in %s holds customers that are not a demo book; "
                     "Pomar will not replace them with one"),
                   self->data_dir);
      return FALSE;
    }

  if (options != NULL)
    job.options = *options;
  else
    pomar_demo_options_init (&job.options);
  if (job.options.n_accounts == 0)
    job.options.n_accounts = POMAR_DEMO_DEFAULT_ACCOUNTS;
  if (!g_date_valid (&job.options.today))
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();

      g_date_set_dmy (&job.options.today,
                      g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }
  job.progress = progress;
  job.progress_data = progress_data;

  return pomar_store_write_sync (self->store, generate_demo_in_writer, &job, cancellable, error);
}

typedef struct
{
  PomarDemoOptions options;
  gboolean         has_options;
  gboolean         force;
} GenerateDemoData;

static void
generate_demo_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  PomarContext *self = source_object;
  GenerateDemoData *data = task_data;
  GError *error = NULL;

  if (pomar_context_generate_demo (self, data->has_options ? &data->options : NULL,
                                   data->force, NULL, NULL, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
pomar_context_generate_demo_async (PomarContext           *self,
                                   const PomarDemoOptions *options,
                                   gboolean                force,
                                   GCancellable           *cancellable,
                                   GAsyncReadyCallback     callback,
                                   gpointer                user_data)
{
  g_autoptr (GTask) task = NULL;
  GenerateDemoData *data;

  g_return_if_fail (POMAR_IS_CONTEXT (self));

  data = g_new0 (GenerateDemoData, 1);
  if (options != NULL)
    {
      data->options = *options;
      data->has_options = TRUE;
    }
  data->force = force;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pomar_context_generate_demo_async);
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, generate_demo_thread);
}

gboolean
pomar_context_generate_demo_finish (PomarContext  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (POMAR_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
