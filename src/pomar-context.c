/* pomar-context.c: the one object a front end works through.
 *
 * The context owns the store and the settings, and hands the store what it
 * derives figures with: the health weights (settings) and the playbook
 * templates (built in, plus the team's own). It also knows the two data
 * dirs a person has: their own cache and the demo book's, which are kept
 * apart so that a demo never mixes with real customers.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/pomar-error.h"
#include "core/pomar-stage.h"
#include "pomar-context.h"
#include "sync/pomar-push.h"

struct _PomarContext
{
  GObject               parent_instance;

  char                 *data_dir;
  PomarStore           *store;
  GSettings            *settings;          /* NULL when no schema can be found */
  PomarPlaybookCatalog *catalog;
  GPtrArray            *playbook_problems; /* char *, one sentence per bad file */
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

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->store != NULL)
    pomar_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->catalog, pomar_playbook_catalog_unref);
  g_clear_pointer (&self->playbook_problems, g_ptr_array_unref);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (pomar_context_parent_class)->finalize (object);
}

enum
{
  ACCOUNT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
pomar_context_class_init (PomarContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pomar_context_finalize;

  /**
   * PomarContext::account-changed:
   * @account_id: the account a local change was written for
   *
   * Emitted on the main context once a local change is in the cache.
   */
  signals[ACCOUNT_CHANGED] =
    g_signal_new ("account-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
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

/* Settings ---------------------------------------------------------------- */

static const char *const weight_keys[POMAR_HEALTH_N_COMPONENTS] = {
  [POMAR_HEALTH_ADOPTION] = "health-weight-adoption",
  [POMAR_HEALTH_USAGE_TREND] = "health-weight-usage-trend",
  [POMAR_HEALTH_SUPPORT] = "health-weight-support",
  [POMAR_HEALTH_SENTIMENT] = "health-weight-sentiment",
  [POMAR_HEALTH_ENGAGEMENT] = "health-weight-engagement",
};

/* The installed schema, or, for a pomar run from its build tree, the one
 * compiled there. Without either Pomar runs on the defaults. */
static GSettings *
make_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchemaSource) build_source = NULL;
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema == NULL && g_file_test (BUILD_SCHEMADIR "/gschemas.compiled", G_FILE_TEST_EXISTS))
    {
      build_source = g_settings_schema_source_new_from_directory (BUILD_SCHEMADIR, source, FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, SCHEMA_ID, TRUE);
    }
  if (schema == NULL)
    {
      g_message ("Pomar’s settings schema is not installed; using the default settings.");
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

void
pomar_context_get_health_weights (PomarContext       *self,
                                  PomarHealthWeights *weights)
{
  g_return_if_fail (POMAR_IS_CONTEXT (self));
  g_return_if_fail (weights != NULL);

  pomar_health_weights_init_default (weights);
  if (self->settings == NULL)
    return;
  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    weights->weight[i] = g_settings_get_uint (self->settings, weight_keys[i]);
}

double
pomar_context_get_default_lifetime (PomarContext *self)
{
  g_return_val_if_fail (POMAR_IS_CONTEXT (self), 5.0);

  if (self->settings == NULL)
    return 5.0;
  return g_settings_get_double (self->settings, "ltv-default-lifetime");
}

GSettings *
pomar_context_get_settings (PomarContext *self)
{
  g_return_val_if_fail (POMAR_IS_CONTEXT (self), NULL);
  return self->settings;
}

/* New weights reach the writer; the next refresh recomputes every account
 * (the stored figures carry the weights they were computed with). */
static void
on_settings_changed (GSettings    *settings,
                     const char   *key,
                     PomarContext *self)
{
  PomarHealthWeights weights;

  if (!g_str_has_prefix (key, "health-weight-"))
    return;
  pomar_context_get_health_weights (self, &weights);
  pomar_store_set_health_weights (self->store, &weights);
}

PomarPlaybookCatalog *
pomar_context_get_playbook_catalog (PomarContext *self)
{
  g_return_val_if_fail (POMAR_IS_CONTEXT (self), NULL);
  return self->catalog;
}

GPtrArray *
pomar_context_get_playbook_problems (PomarContext *self)
{
  g_return_val_if_fail (POMAR_IS_CONTEXT (self), NULL);
  return self->playbook_problems;
}

gboolean
pomar_context_refresh (PomarContext  *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_return_val_if_fail (POMAR_IS_CONTEXT (self), FALSE);
  return pomar_store_refresh_derived (self->store, cancellable, error);
}

/* Opening ------------------------------------------------------------------- */

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

  self->settings = make_settings ();
  if (self->settings != NULL)
    {
      PomarHealthWeights weights;

      pomar_context_get_health_weights (self, &weights);
      pomar_store_set_health_weights (self->store, &weights);
      g_signal_connect (self->settings, "changed", G_CALLBACK (on_settings_changed), self);
    }

  self->catalog = pomar_playbook_catalog_load (NULL, &self->playbook_problems);
  pomar_store_set_playbook_catalog (self->store, self->catalog);

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

  /* The book's playbook history is generated with it: triggers note what
   * they see but start nothing on top of it. */
  pomar_store_writer_set_triggers_quiet (writer, TRUE);
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
    g_date_set_julian (&job.options.today, pomar_day_today ());
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

/* Local changes ------------------------------------------------------------ */

char *
pomar_context_local_author (void)
{
  const char *name = g_get_real_name ();

  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();
  return g_strdup (name);
}

/* One local change: what to write (on the writer thread, with the fields
 * below as its input and output), and the accounts it touched, named in
 * ::account-changed once it is written. */
typedef struct _LocalChange LocalChange;
typedef gboolean (*LocalChangeFunc) (PomarStoreWriter  *writer,
                                     LocalChange       *change,
                                     GError           **error);

struct _LocalChange
{
  LocalChangeFunc func;
  char          **account_ids;
  char          **to_stages;
  char           *template_id;
  char           *instance_id;
  char           *task_id;
  char           *state;
  char           *kind;
  char           *text;       /* a reason, a note's body */
  char           *author;
  int             score;
  PomarDay        expires_on;

  /* Out */
  guint           count;
  guint           skipped;
  char           *activity_id;
};

static void
local_change_free (LocalChange *change)
{
  g_strfreev (change->account_ids);
  g_strfreev (change->to_stages);
  g_free (change->template_id);
  g_free (change->instance_id);
  g_free (change->task_id);
  g_free (change->state);
  g_free (change->kind);
  g_free (change->text);
  g_free (change->author);
  g_free (change->activity_id);
  g_free (change);
}

static gboolean
local_change_in_writer (PomarStoreWriter  *writer,
                        gpointer           user_data,
                        GCancellable      *cancellable,
                        GError           **error)
{
  LocalChange *change = user_data;

  /* A failed transaction may be tried again: start the outputs afresh. */
  change->count = 0;
  change->skipped = 0;
  g_clear_pointer (&change->activity_id, g_free);
  return change->func (writer, change, error);
}

static void
local_change_written (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PomarContext *self = g_task_get_source_object (task);
  LocalChange *change = g_task_get_task_data (task);
  GError *error = NULL;

  if (!pomar_store_write_finish (POMAR_STORE (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; change->account_ids != NULL && change->account_ids[i] != NULL; i++)
    g_signal_emit (self, signals[ACCOUNT_CHANGED], 0, change->account_ids[i]);
  g_task_return_boolean (task, TRUE);
}

static void
local_change_start (PomarContext        *self,
                    LocalChange         *change,
                    gpointer             source_tag,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  change->author = pomar_context_local_author ();
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, change, (GDestroyNotify) local_change_free);
  pomar_store_write_async (self->store, local_change_in_writer, change, NULL, cancellable,
                           local_change_written, task);
}

static LocalChange *
local_change_finish (PomarContext  *self,
                     GAsyncResult  *result,
                     gpointer       source_tag,
                     GError       **error)
{
  g_return_val_if_fail (POMAR_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_task_get_task_data (G_TASK (result));
}

static gboolean
move_stages_func (PomarStoreWriter  *writer,
                  LocalChange       *change,
                  GError           **error)
{
  for (guint i = 0; change->account_ids[i] != NULL; i++)
    {
      g_autoptr (GError) local_error = NULL;

      if (!pomar_store_writer_move_stage (writer, change->account_ids[i], change->to_stages[i],
                                          change->author, NULL, NULL, &local_error))
        {
          /* Already there: nothing to do for this one. */
          if (g_error_matches (local_error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT)
              && pomar_stage_from_id (change->to_stages[i]) != POMAR_STAGE_UNKNOWN)
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      change->count++;
    }
  return TRUE;
}

void
pomar_context_move_stages_async (PomarContext        *self,
                                 const char * const  *account_ids,
                                 const char * const  *to_stages,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  LocalChange *change;

  g_return_if_fail (POMAR_IS_CONTEXT (self));
  g_return_if_fail (account_ids != NULL && to_stages != NULL);
  g_return_if_fail (g_strv_length ((char **) account_ids) == g_strv_length ((char **) to_stages));

  change = g_new0 (LocalChange, 1);
  change->func = move_stages_func;
  change->account_ids = g_strdupv ((char **) account_ids);
  change->to_stages = g_strdupv ((char **) to_stages);
  local_change_start (self, change, pomar_context_move_stages_async, cancellable, callback, user_data);
}

gboolean
pomar_context_move_stages_finish (PomarContext  *self,
                                  GAsyncResult  *result,
                                  guint         *moved,
                                  GError       **error)
{
  LocalChange *change = local_change_finish (self, result, pomar_context_move_stages_async, error);

  if (change == NULL)
    return FALSE;
  if (moved != NULL)
    *moved = change->count;
  return TRUE;
}

static gboolean
move_stage_func (PomarStoreWriter  *writer,
                 LocalChange       *change,
                 GError           **error)
{
  return pomar_store_writer_move_stage (writer, change->account_ids[0], change->to_stages[0], change->author,
                                        NULL, &change->activity_id, error);
}

void
pomar_context_move_stage_async (PomarContext        *self,
                                const char          *account_id,
                                const char          *to_stage,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  LocalChange *change;
  const char *ids[] = { account_id, NULL };
  const char *stages[] = { to_stage, NULL };

  g_return_if_fail (POMAR_IS_CONTEXT (self));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (to_stage != NULL);

  change = g_new0 (LocalChange, 1);
  change->func = move_stage_func;
  change->account_ids = g_strdupv ((char **) ids);
  change->to_stages = g_strdupv ((char **) stages);
  local_change_start (self, change, pomar_context_move_stage_async, cancellable, callback, user_data);
}

gboolean
pomar_context_move_stage_finish (PomarContext  *self,
                                 GAsyncResult  *result,
                                 char         **activity_id,
                                 GError       **error)
{
  LocalChange *change = local_change_finish (self, result, pomar_context_move_stage_async, error);

  if (change == NULL)
    return FALSE;
  if (activity_id != NULL)
    *activity_id = g_strdup (change->activity_id);
  return TRUE;
}

static gboolean
start_playbook_func (PomarStoreWriter  *writer,
                     LocalChange       *change,
                     GError           **error)
{
  for (guint i = 0; change->account_ids[i] != NULL; i++)
    {
      g_autoptr (GError) local_error = NULL;

      if (!pomar_store_writer_start_playbook (writer, change->account_ids[i], change->template_id,
                                              NULL, &local_error))
        {
          if (g_error_matches (local_error, POMAR_ERROR, POMAR_ERROR_REFUSED))
            {
              change->skipped++;
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      change->count++;
    }
  return TRUE;
}

void
pomar_context_start_playbook_async (PomarContext        *self,
                                    const char * const  *account_ids,
                                    const char          *template_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  LocalChange *change;

  g_return_if_fail (POMAR_IS_CONTEXT (self));
  g_return_if_fail (account_ids != NULL);
  g_return_if_fail (template_id != NULL);

  change = g_new0 (LocalChange, 1);
  change->func = start_playbook_func;
  change->account_ids = g_strdupv ((char **) account_ids);
  change->template_id = g_strdup (template_id);
  local_change_start (self, change, pomar_context_start_playbook_async, cancellable, callback, user_data);
}

gboolean
pomar_context_start_playbook_finish (PomarContext  *self,
                                     GAsyncResult  *result,
                                     guint         *started,
                                     guint         *already_open,
                                     GError       **error)
{
  LocalChange *change = local_change_finish (self, result, pomar_context_start_playbook_async, error);

  if (change == NULL)
    return FALSE;
  if (started != NULL)
    *started = change->count;
  if (already_open != NULL)
    *already_open = change->skipped;
  return TRUE;
}

static gboolean
set_task_state_func (PomarStoreWriter  *writer,
                     LocalChange       *change,
                     GError           **error)
{
  return pomar_store_writer_change_task (writer, change->instance_id, change->task_id, change->state,
                                         change->author, change->text, error);
}

void
pomar_context_set_task_state_async (PomarContext        *self,
                                    const char          *account_id,
                                    const char          *instance_id,
                                    const char          *task_id,
                                    const char          *state,
                                    const char          *reason,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  LocalChange *change;
  const char *ids[] = { account_id, NULL };

  g_return_if_fail (POMAR_IS_CONTEXT (self));
  g_return_if_fail (account_id != NULL && instance_id != NULL && task_id != NULL && state != NULL);

  change = g_new0 (LocalChange, 1);
  change->func = set_task_state_func;
  change->account_ids = g_strdupv ((char **) ids);
  change->instance_id = g_strdup (instance_id);
  change->task_id = g_strdup (task_id);
  change->state = g_strdup (state);
  change->text = g_strdup (reason);
  local_change_start (self, change, pomar_context_set_task_state_async, cancellable, callback, user_data);
}

gboolean
pomar_context_set_task_state_finish (PomarContext  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return local_change_finish (self, result, pomar_context_set_task_state_async, error) != NULL;
}

static gboolean
add_note_func (PomarStoreWriter  *writer,
               LocalChange       *change,
               GError           **error)
{
  return pomar_store_writer_add_local_activity (writer, change->account_ids[0], change->kind, change->text,
                                                change->author, &change->activity_id, error);
}

void
pomar_context_add_note_async (PomarContext        *self,
                              const char          *account_id,
                              const char          *kind,
                              const char          *body,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  static const char * const kinds[] = { "note", "meeting", "call", "email", NULL };
  LocalChange *change;
  const char *ids[] = { account_id, NULL };

  g_return_if_fail (POMAR_IS_CONTEXT (self));
  g_return_if_fail (account_id != NULL && body != NULL);
  g_return_if_fail (kind != NULL && g_strv_contains (kinds, kind));

  change = g_new0 (LocalChange, 1);
  change->func = add_note_func;
  change->account_ids = g_strdupv ((char **) ids);
  change->kind = g_strdup (kind);
  change->text = g_strdup (body);
  local_change_start (self, change, pomar_context_add_note_async, cancellable, callback, user_data);
}

gboolean
pomar_context_add_note_finish (PomarContext  *self,
                               GAsyncResult  *result,
                               char         **activity_id,
                               GError       **error)
{
  LocalChange *change = local_change_finish (self, result, pomar_context_add_note_async, error);

  if (change == NULL)
    return FALSE;
  if (activity_id != NULL)
    *activity_id = g_strdup (change->activity_id);
  return TRUE;
}

static gboolean
set_override_func (PomarStoreWriter  *writer,
                   LocalChange       *change,
                   GError           **error)
{
  if (change->score < 0)
    return pomar_store_writer_clear_health_override (writer, change->account_ids[0], NULL, error);
  return pomar_store_writer_set_health_override (writer, change->account_ids[0], change->score,
                                                 change->text, change->expires_on, error);
}

void
pomar_context_set_health_override_async (PomarContext        *self,
                                         const char          *account_id,
                                         int                  score,
                                         const char          *reason,
                                         PomarDay             expires_on,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  LocalChange *change;
  const char *ids[] = { account_id, NULL };

  g_return_if_fail (POMAR_IS_CONTEXT (self));
  g_return_if_fail (account_id != NULL);

  change = g_new0 (LocalChange, 1);
  change->func = set_override_func;
  change->account_ids = g_strdupv ((char **) ids);
  change->score = score;
  change->text = g_strdup (reason);
  change->expires_on = expires_on;
  local_change_start (self, change, pomar_context_set_health_override_async, cancellable, callback, user_data);
}

gboolean
pomar_context_set_health_override_finish (PomarContext  *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return local_change_finish (self, result, pomar_context_set_health_override_async, error) != NULL;
}

/* Settling a conflict ----------------------------------------------------------- */

typedef struct
{
  char     *account_id;
  gint64    seq;
  gboolean  keep_mine;
  char     *author;
} Settlement;

static void
settlement_free (Settlement *settlement)
{
  g_free (settlement->account_id);
  g_free (settlement->author);
  g_free (settlement);
}

static void
settle_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PomarContext *self = source_object;
  Settlement *settlement = task_data;
  GError *error = NULL;

  if (!pomar_push_resolve_conflict (self->store, settlement->seq, settlement->keep_mine,
                                    settlement->author, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
settled (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Settlement *settlement = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_signal_emit (source, signals[ACCOUNT_CHANGED], 0, settlement->account_id);
  g_task_return_boolean (task, TRUE);
}

void
pomar_context_resolve_conflict_async (PomarContext        *self,
                                      const char          *account_id,
                                      gint64               seq,
                                      gboolean             keep_mine,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr (GTask) inner = NULL;
  GTask *task;
  Settlement *settlement;

  g_return_if_fail (POMAR_IS_CONTEXT (self));
  g_return_if_fail (account_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pomar_context_resolve_conflict_async);

  settlement = g_new0 (Settlement, 1);
  settlement->account_id = g_strdup (account_id);
  settlement->seq = seq;
  settlement->keep_mine = keep_mine;
  settlement->author = pomar_context_local_author ();
  inner = g_task_new (self, cancellable, settled, task);
  g_task_set_task_data (inner, settlement, (GDestroyNotify) settlement_free);
  g_task_run_in_thread (inner, settle_thread);
}

gboolean
pomar_context_resolve_conflict_finish (PomarContext  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
