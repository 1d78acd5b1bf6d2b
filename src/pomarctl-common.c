/* pomarctl-common.c: what every pomarctl command shares.
 *
 * Messages, the --data-dir and --demo options and parsing a command's own
 * arguments, written once for pomarctl.c and pomarctl-connection.c so that
 * every command says and takes the same things. A command is named by its
 * path after "pomarctl": "demo", "connection add".
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pomar-context.h"
#include "pomarctl-common.h"

/* Messages ----------------------------------------------------------------- */

int
pomarctl_fail (const GError *error)
{
  g_printerr ("pomarctl: %s\n", error->message);
  return EXIT_FAILED;
}

/* @command_path is NULL for the main options. */
int
pomarctl_usage_error (const char *command_path,
                      const char *message)
{
  g_printerr ("pomarctl: %s\n", message);
  if (command_path != NULL)
    g_printerr (_("Try “pomarctl %s --help”.\n"), command_path);
  else
    g_printerr (_("Try “pomarctl --help”.\n"));
  return EXIT_USAGE;
}

/* Options every command takes ---------------------------------------------- */

void
pomarctl_common_options_clear (PomarctlCommonOptions *common)
{
  g_clear_pointer (&common->data_dir, g_free);
}

void
pomarctl_add_common_entries (GOptionContext        *context,
                             PomarctlCommonOptions *common)
{
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &common->data_dir,
      N_("Use the cache in DIR"), N_("DIR") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &common->demo,
      N_("Use the demo book’s cache, the one “pomar --demo” shows"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/* The data dir a command works on: its own --demo, else its own --data-dir,
 * else the one given before the command (@main_dir), else the default.
 * --data-dir with --demo is a usage error of @command_path: NULL after it is
 * printed. */
char *
pomarctl_resolve_data_dir (const char                  *command_path,
                           const char                  *main_dir,
                           const PomarctlCommonOptions *common)
{
  if (common->demo && common->data_dir != NULL)
    {
      pomarctl_usage_error (command_path, _("--data-dir and --demo cannot be used together."));
      return NULL;
    }
  if (common->demo)
    return pomar_demo_data_dir ();
  if (common->data_dir != NULL)
    return g_strdup (common->data_dir);
  if (main_dir != NULL)
    return g_strdup (main_dir);
  return pomar_default_data_dir ();
}

/* Parsing a command's arguments -------------------------------------------- */

/* Parses a command's arguments (@argv[0] is the command's name) with
 * @context. Returns the arguments left, the program's name first, or NULL
 * after a usage error of @command_path, which is printed. */
GStrv
pomarctl_parse_command (GOptionContext  *context,
                        const char      *command_path,
                        int              argc,
                        char           **argv)
{
  g_auto (GStrv) args = g_new0 (char *, argc + 1);
  g_autoptr (GError) error = NULL;

  /* GOptionContext takes args[0] for the program's name, and would make it
   * the prgname if none is set yet. */
  args[0] = g_strdup (g_get_prgname () != NULL ? g_get_prgname () : "pomarctl");
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      pomarctl_usage_error (command_path, error->message);
      return NULL;
    }

  return g_steal_pointer (&args);
}

/* A usage error of @command_path, printed, unless @args (after the
 * program's name) holds at most @n_positional arguments. */
gboolean
pomarctl_check_positional (const char *command_path,
                           GStrv       args,
                           guint       n_positional)
{
  guint n = g_strv_length (args) - 1;
  g_autofree char *message = NULL;

  if (n > n_positional)
    {
      message = g_strdup_printf (_("Unexpected argument “%s”."), args[n_positional + 1]);
      pomarctl_usage_error (command_path, message);
      return FALSE;
    }

  return TRUE;
}
