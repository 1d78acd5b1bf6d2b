/* pomar-sync-runner.c: a whole sync, as both front ends run it.
 *
 * Kept out of src/sync because it is what a front end does with the sync
 * layer (which connections, in what order, what a failure stops), not a
 * part of it: the CLI prints as it goes, the GUI marshals the same
 * callbacks to its main loop.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/pomar-error.h"
#include "pomar-sync-runner.h"
#include "sync/pomar-connections.h"
#include "sync/pomar-secret-store.h"

GPtrArray *
pomar_sync_runner_get_connections (PomarStore          *store,
                                   const char * const  *names,
                                   GError             **error)
{
  g_autoptr (GPtrArray) connections = NULL;

  g_return_val_if_fail (POMAR_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (names == NULL || names[0] == NULL)
    return pomar_connections_list (store, error);

  connections = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_connection_info_free);
  for (guint i = 0; names[i] != NULL; i++)
    {
      PomarConnectionInfo *info = pomar_connections_get (store, names[i], error);

      if (info == NULL)
        return NULL;
      g_ptr_array_add (connections, info);
    }
  return g_steal_pointer (&connections);
}

gboolean
pomar_sync_runner_sync_connection (PomarStore                *store,
                                   const PomarConnectionInfo *info,
                                   const PomarSyncOptions    *options,
                                   PomarSyncResult           *result,
                                   gboolean                  *ran,
                                   GCancellable              *cancellable,
                                   GError                   **error)
{
  g_auto (PomarPushResult) push = { 0 };
  g_autoptr (GError) push_error = NULL;
  char *token;
  gboolean pushed;
  gboolean ok;

  g_return_val_if_fail (POMAR_IS_STORE (store), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (ran != NULL)
    *ran = FALSE;

  token = pomar_secret_store_lookup_sync (pomar_store_get_data_dir (store), info->name,
                                          cancellable, error);
  if (token == NULL)
    return FALSE;

  if (ran != NULL)
    *ran = TRUE;

  /* Local changes go first, so that what comes back is the server's answer
   * to them. A refused token stops both; a push that failed otherwise (a
   * server out of reach, a change refused) still lets the pull run. */
  pushed = pomar_push_connection (store, info, token, options != NULL ? &options->retry : NULL,
                                  options != NULL ? options->timeout_seconds : 0,
                                  &push, cancellable, &push_error);
  if (!pushed && (push.auth_failed || g_error_matches (push_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    ok = FALSE;
  else
    ok = pomar_sync_connection (store, info, token, options, result, cancellable, error);
  pomar_secret_store_free_token (token);

  if (result != NULL)
    {
      if (result->connection == NULL)
        result->connection = g_strdup (info->name);
      pomar_push_result_clear (&result->push);
      result->push = push;
      memset (&push, 0, sizeof push);
    }
  if (!pushed)
    {
      if (ok || (error != NULL && *error == NULL))
        g_propagate_error (error, g_steal_pointer (&push_error));
      return FALSE;
    }
  return ok;
}

gboolean
pomar_sync_runner_push_connection (PomarStore                *store,
                                   const PomarConnectionInfo *info,
                                   PomarPushResult           *result,
                                   gboolean                  *ran,
                                   GCancellable              *cancellable,
                                   GError                   **error)
{
  char *token;
  gboolean ok;

  g_return_val_if_fail (POMAR_IS_STORE (store), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (ran != NULL)
    *ran = FALSE;
  if (g_strcmp0 (info->provider, "pomar") != 0)
    return TRUE;

  token = pomar_secret_store_lookup_sync (pomar_store_get_data_dir (store), info->name,
                                          cancellable, error);
  if (token == NULL)
    return FALSE;
  if (ran != NULL)
    *ran = TRUE;

  ok = pomar_push_connection (store, info, token, NULL, 0, result, cancellable, error);
  pomar_secret_store_free_token (token);
  return ok;
}

guint
pomar_sync_runner_run (PomarStore                     *store,
                       GPtrArray                      *connections,
                       const PomarSyncOptions         *options,
                       const PomarSyncRunnerCallbacks *callbacks,
                       gpointer                        user_data,
                       GCancellable                   *cancellable)
{
  guint failed = 0;

  g_return_val_if_fail (POMAR_IS_STORE (store), 0);
  g_return_val_if_fail (connections != NULL, 0);

  for (guint i = 0; i < connections->len; i++)
    {
      const PomarConnectionInfo *info = g_ptr_array_index (connections, i);
      g_auto (PomarSyncResult) result = { 0 };
      g_autoptr (GError) error = NULL;
      gboolean ran = FALSE;

      /* The ones after a cancel are not tried, and not reported either. */
      if (g_cancellable_is_cancelled (cancellable))
        {
          failed += connections->len - i;
          break;
        }

      if (callbacks != NULL && callbacks->started != NULL)
        callbacks->started (info, user_data);

      if (!pomar_sync_runner_sync_connection (store, info, options, &result, &ran,
                                              cancellable, &error))
        failed++;

      if (callbacks != NULL && callbacks->finished != NULL)
        callbacks->finished (info, ran ? &result : NULL, error, user_data);
    }

  return failed;
}

/* A new token ---------------------------------------------------------------- */

gboolean
pomar_sync_runner_replace_token_sync (PomarStore    *store,
                                      const char    *name,
                                      const char    *token,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  g_autoptr (PomarConnectionInfo) info = NULL;
  g_autofree char *summary = NULL;

  g_return_val_if_fail (POMAR_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  info = pomar_connections_get (store, name, error);
  if (info == NULL)
    return FALSE;

  /* Checked before it replaces anything: a mistyped token must not take
   * the place of one that may only have been refused for a while. */
  summary = pomar_connections_check_sync (info->provider, info->base_url, info->email, token,
                                          cancellable, error);
  if (summary == NULL)
    return FALSE;

  return pomar_secret_store_store_sync (pomar_store_get_data_dir (store), name, token,
                                        cancellable, error);
}

typedef struct
{
  char *name;
  char *token;
} ReplaceTokenData;

static void
replace_token_data_free (ReplaceTokenData *data)
{
  g_free (data->name);
  if (data->token != NULL)
    {
      memset (data->token, 0, strlen (data->token));
      g_free (data->token);
    }
  g_free (data);
}

static void
replace_token_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  ReplaceTokenData *data = task_data;
  GError *error = NULL;

  if (pomar_sync_runner_replace_token_sync (source_object, data->name, data->token,
                                            cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
pomar_sync_runner_replace_token_async (PomarStore          *store,
                                       const char          *name,
                                       const char          *token,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  ReplaceTokenData *data;

  g_return_if_fail (POMAR_IS_STORE (store));
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ReplaceTokenData, 1);
  data->name = g_strdup (name);
  data->token = g_strdup (token);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pomar_sync_runner_replace_token_async);
  g_task_set_task_data (task, data, (GDestroyNotify) replace_token_data_free);
  g_task_run_in_thread (task, replace_token_thread);
}

gboolean
pomar_sync_runner_replace_token_finish (PomarStore    *store,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (POMAR_IS_STORE (store), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
