/* cli-test-util.h: helpers shared by the tests of tests/cli.
 *
 * A locale that writes numbers with a decimal comma is what catches a
 * number written in the user's locale instead of the C locale. Debian's
 * minimal images carry none compiled, so when pt_BR is missing these
 * helpers compile it into the test's own folder with localedef (the
 * sources ship with libc-bin) and point LOCPATH there.
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>

#define CLI_TEST_COMMA_LOCALE "pt_BR.UTF-8"

static inline void
cli_test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR)
              && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            cli_test_remove_tree (child);
          else
            g_remove (child);
        }
    }
  g_remove (path);
}

/* Makes CLI_TEST_COMMA_LOCALE loadable, compiling it under @tmp_dir if it
 * must. Returns FALSE (and the reason in @why) when it cannot be had. On
 * success LOCPATH may have been set for this process and its children. */
static inline gboolean
cli_test_provide_comma_locale (const char  *tmp_dir,
                               char       **why)
{
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autofree char *locpath = NULL;
  g_autofree char *target = NULL;
  g_autofree char *localedef = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;
  gboolean ok;

  ok = setlocale (LC_NUMERIC, CLI_TEST_COMMA_LOCALE) != NULL;
  setlocale (LC_NUMERIC, saved);
  if (ok)
    return TRUE;

  localedef = g_find_program_in_path ("localedef");
  if (localedef == NULL)
    {
      *why = g_strdup ("the pt_BR locale is not installed and there is no localedef to make it");
      return FALSE;
    }

  locpath = g_build_filename (tmp_dir, "locales", NULL);
  target = g_build_filename (locpath, CLI_TEST_COMMA_LOCALE, NULL);
  g_mkdir_with_parents (locpath, 0700);

  {
    const char *argv[] = { localedef, "-i", "pt_BR", "-f", "UTF-8", target, NULL };

    /* localedef exits with 1 on mere warnings: whether the locale then
     * loads is what counts. */
    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                       NULL, &err, &status, &error))
      {
        *why = g_strdup_printf ("the pt_BR locale is not installed and localedef did not run: %s",
                                error->message);
        return FALSE;
      }
  }

  g_setenv ("LOCPATH", locpath, TRUE);
  ok = setlocale (LC_NUMERIC, CLI_TEST_COMMA_LOCALE) != NULL;
  setlocale (LC_NUMERIC, saved);
  if (!ok)
    *why = g_strdup_printf ("the pt_BR locale is not installed and localedef could not make it: %s",
                            err != NULL ? err : "");

  return ok;
}
