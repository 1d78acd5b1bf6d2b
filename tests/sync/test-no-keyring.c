/* test-no-keyring.c: with no usable Secret Service, Pomar says so and
 * stores nothing.
 *
 * By default main() points the session bus at a socket that does not exist,
 * before anything (libsecret, GDBus) reads the variable, so this holds
 * wherever the test runs. With --no-collection it runs inside
 * `with-keyring.sh --no-collection` instead: a keyring daemon that has no
 * keyring to keep a token in and no display to ask for one.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "core/pomar-error.h"
#include "store/pomar-store.h"
#include "sync/pomar-connections.h"
#include "sync/pomar-secret-store.h"

#define TOKEN "pomar-no-keyring-token-5e2d"
#define NO_KEYRING "Pomar keeps tokens only in the system keyring (Secret Service), and none is " \
                   "running. Start GNOME Keyring or another Secret Service and try again."
#define NO_COLLECTION "The system keyring (Secret Service) is running but has no default " \
                      "keyring to keep the token in, and could not ask you to create one. " \
                      "Create one, for example with Passwords and Keys, and try again."

/* Which case this run is, and the sentence it expects. */
static gboolean no_collection = FALSE;
static const char *expected_message = NO_KEYRING;

/* SQLite files hold NULs, so no string search. */
static gboolean
bytes_contain (const char *haystack,
               gsize       length,
               const char *needle)
{
  gsize needle_length = strlen (needle);
  gsize i;

  for (i = 0; i + needle_length <= length; i++)
    {
      if (memcmp (haystack + i, needle, needle_length) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
dir_contains_bytes (const char *dir,
                    const char *needle)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      if (bytes_contain (contents, length, needle))
        return TRUE;
    }

  return FALSE;
}

static void
remove_dir (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_assert_no_errno (g_remove (child));
    }
  g_assert_no_errno (g_rmdir (path));
}

static void
test_secret_store (void)
{
  g_autoptr (GError) error = NULL;
  char *token;

  g_assert_false (pomar_secret_store_store_sync ("/tmp/pomar-nowhere", "Desk", TOKEN, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NO_KEYRING);
  g_assert_cmpstr (error->message, ==, expected_message);
  g_clear_error (&error);

  /* A service without a keyring can still say it holds nothing. */
  if (no_collection)
    return;

  token = pomar_secret_store_lookup_sync ("/tmp/pomar-nowhere", "Desk", NULL, &error);
  g_assert_null (token);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NO_KEYRING);
  g_clear_error (&error);

  g_assert_false (pomar_secret_store_clear_sync ("/tmp/pomar-nowhere", "Desk", NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NO_KEYRING);
}

static void
test_add_stores_nothing (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStore) store = NULL;
  g_autoptr (GPtrArray) connections = NULL;
  g_autofree char *dir = NULL;

  dir = g_dir_make_tmp ("pomar-test-no-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  store = pomar_store_open (dir, &error);
  g_assert_no_error (error);

  g_assert_false (pomar_connections_add_sync (store, "Desk", "zendesk", "https://acme.zendesk.com",
                                              "ana@example.com", TOKEN, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NO_KEYRING);
  g_assert_cmpstr (error->message, ==, expected_message);
  g_clear_error (&error);

  connections = pomar_connections_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (connections->len, ==, 0);

  pomar_store_close (store);
  g_assert_false (dir_contains_bytes (dir, TOKEN));
  g_assert_false (dir_contains_bytes (dir, "acme.zendesk.com"));

  g_clear_object (&store);
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc > 1 && g_str_equal (argv[1], "--no-collection"))
    {
      no_collection = TRUE;
      expected_message = NO_COLLECTION;
      argv[1] = argv[0];
      argv++;
      argc--;
    }
  else
    {
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/pomar-test-bus", TRUE);
    }

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connections/no-keyring/secret-store", test_secret_store);
  g_test_add_func ("/connections/no-keyring/add-stores-nothing", test_add_stores_nothing);

  return g_test_run ();
}
