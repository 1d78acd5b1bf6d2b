/* pomar-secret-store.c: connection tokens in the Secret Service (libsecret).
 *
 * The schema files each token under the canonical data dir of its cache and
 * the connection's name. libsecret's sync calls run their own main context,
 * so they are safe on a worker thread; the callers keep them off the GUI's
 * main loop.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "core/pomar-error.h"
#include "pomar-secret-store.h"

#define ATTRIBUTE_DATA_DIR   "data-dir"
#define ATTRIBUTE_CONNECTION "connection"

static const SecretSchema token_schema = {
  "io.github.pomar.Pomar.Token",
  SECRET_SCHEMA_NONE,
  {
    { ATTRIBUTE_DATA_DIR, SECRET_SCHEMA_ATTRIBUTE_STRING },
    { ATTRIBUTE_CONNECTION, SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* The same cache reached through a relative path or a trailing slash must
 * find the same tokens. */
static char *
canonical_data_dir (const char *data_dir)
{
  return g_canonicalize_filename (data_dir, NULL);
}

/* Turns what libsecret reports into a sentence a person can act on. The
 * token is never part of these messages: libsecret does not know it in an
 * error, and we add nothing but the connection's name. */
static void
propagate_secret_error (GError **error,
                        GError  *secret_error)
{
  if (g_error_matches (secret_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, secret_error);
      return;
    }

  g_debug ("Secret Service call failed (%s %d): %s",
           g_quark_to_string (secret_error->domain), secret_error->code, secret_error->message);

  if (g_error_matches (secret_error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_NO_KEYRING,
                         _("The system keyring is locked, so Pomar cannot use the token. "
                           "Unlock it and try again."));
  /* A service that runs but has no default keyring, and could not ask the
   * person to make one (no display for its prompt, for one). libsecret then
   * asks for a collection that does not exist, which GDBus reports as an
   * unknown method (GLib 2.74) or object. */
  else if (g_error_matches (secret_error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD)
           || g_error_matches (secret_error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT)
           || g_error_matches (secret_error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT))
    g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_NO_KEYRING,
                         _("The system keyring (Secret Service) is running but has no default "
                           "keyring to keep the token in, and could not ask you to create one. "
                           "Create one, for example with Passwords and Keys, and try again."));
  /* No session bus, no service on it, or a service that cannot be started:
   * from where a person sits, all mean that no keyring is running. */
  else if (secret_error->domain == G_DBUS_ERROR
           || secret_error->domain == G_IO_ERROR
           || secret_error->domain == G_SPAWN_ERROR)
    g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_NO_KEYRING,
                         _("Pomar keeps tokens only in the system keyring (Secret Service), "
                           "and none is running. Start GNOME Keyring or another Secret Service "
                           "and try again."));
  else
    g_set_error (error, POMAR_ERROR, POMAR_ERROR_FAILED,
                 _("The system keyring failed: %s"), secret_error->message);

  g_error_free (secret_error);
}

gboolean
pomar_secret_store_store_sync (const char    *data_dir,
                               const char    *connection,
                               const char    *token,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *label = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (connection != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = canonical_data_dir (data_dir);
  /* Translators: the label of a token in the system keyring (Seahorse shows
   * it); %s is the connection's name. */
  label = g_strdup_printf (_("Pomar token for %s"), connection);

  if (!secret_password_store_sync (&token_schema, SECRET_COLLECTION_DEFAULT,
                                   label, token, cancellable, &local_error,
                                   ATTRIBUTE_DATA_DIR, dir,
                                   ATTRIBUTE_CONNECTION, connection,
                                   NULL))
    {
      if (local_error != NULL)
        propagate_secret_error (error, local_error);
      else
        g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_NO_KEYRING,
                             _("The system keyring did not keep the token: "
                               "the request to unlock it was dismissed."));
      return FALSE;
    }

  return TRUE;
}

char *
pomar_secret_store_lookup_sync (const char    *data_dir,
                                const char    *connection,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autofree char *dir = NULL;
  GError *local_error = NULL;
  char *token;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (connection != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = canonical_data_dir (data_dir);
  token = secret_password_lookup_sync (&token_schema, cancellable, &local_error,
                                       ATTRIBUTE_DATA_DIR, dir,
                                       ATTRIBUTE_CONNECTION, connection,
                                       NULL);
  if (local_error != NULL)
    {
      propagate_secret_error (error, local_error);
      return NULL;
    }

  if (token == NULL)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                   _("The system keyring holds no token for the connection “%s”. "
                     "Remove the connection and add it again."),
                   connection);
      return NULL;
    }

  return token;
}

gboolean
pomar_secret_store_clear_sync (const char    *data_dir,
                               const char    *connection,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autofree char *dir = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (connection != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = canonical_data_dir (data_dir);

  /* FALSE without an error only means there was nothing to clear. */
  if (!secret_password_clear_sync (&token_schema, cancellable, &local_error,
                                   ATTRIBUTE_DATA_DIR, dir,
                                   ATTRIBUTE_CONNECTION, connection,
                                   NULL)
      && local_error != NULL)
    {
      propagate_secret_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

void
pomar_secret_store_free_token (char *token)
{
  /* libsecret hands out passwords in its secure memory and wipes them on
   * free. */
  secret_password_free (token);
}
