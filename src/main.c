/* main.c: the entry point of pomar, the GUI.
 *
 * Everything but the locale set-up lives in PomarApplication. Running from
 * the build tree, POMAR_LOCALEDIR points at freshly built catalogs.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "ui/pomar-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (PomarApplication) application = NULL;
  const char *localedir = g_getenv ("POMAR_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = pomar_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
