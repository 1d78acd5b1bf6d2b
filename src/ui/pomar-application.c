/* pomar-application.c: the GUI application: command line, windows, actions.
 *
 * A window shows one cache, and a cache has at most one window: `pomar`
 * opens the user's cache, `pomar --demo` the demo book's (a data dir of its
 * own, so that demo customers never mix with real ones) and
 * `pomar --data-dir DIR` any other. Pomar stays a single, unique process:
 * the primary instance handles every command line (HANDLES_COMMAND_LINE)
 * and opens, or raises, the window of the cache it names, each with a
 * PomarContext of its own. So running `pomar --demo` beside a running
 * `pomar` adds a demo window instead of showing the wrong cache, and two
 * windows never write to one cache from two processes. A relative --data-dir
 * is resolved against the directory of the command that named it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pomar-application.h"
#include "pomar-connection-dialog.h"
#include "pomar-context.h"
#include "pomar-preferences-window.h"
#include "pomar-resources.h"
#include "pomar-window.h"

struct _PomarApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (PomarApplication, pomar_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open the demo book, kept in a data folder of its own"), NULL },
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the cache in DIR instead of the default one"), N_("DIR") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

static PomarWindow *
find_window (PomarApplication *self,
             const char       *data_dir)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      PomarContext *context;

      if (!POMAR_IS_WINDOW (l->data))
        continue;
      context = pomar_window_get_context (l->data);
      if (context != NULL && g_strcmp0 (pomar_context_get_data_dir (context), data_dir) == 0)
        return l->data;
    }
  return NULL;
}

static char *
canonical_demo_data_dir (void)
{
  g_autofree char *demo_dir = pomar_demo_data_dir ();

  return g_canonicalize_filename (demo_dir, NULL);
}

/* Raises the window of @data_dir, or opens one. A cache that cannot be
 * opened (made by a newer Pomar, damaged, unreadable) gets a window that
 * says why, rather than a crash or an exit. */
static PomarWindow *
open_data_dir (PomarApplication *self,
               const char       *data_dir)
{
  g_autofree char *dir = g_canonicalize_filename (data_dir, NULL);
  g_autofree char *demo_dir = canonical_demo_data_dir ();
  g_autoptr (PomarContext) context = NULL;
  g_autoptr (GError) error = NULL;
  PomarWindow *window;

  window = find_window (self, dir);
  if (window == NULL)
    {
      context = pomar_context_new (dir, &error);
      window = pomar_window_new (GTK_APPLICATION (self), context, g_str_equal (dir, demo_dir));
      if (context == NULL)
        pomar_window_show_error (window, _("Pomar Cannot Open This Cache"), error);
    }

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static PomarWindow *
open_default_data_dir (PomarApplication *self)
{
  g_autofree char *dir = pomar_default_data_dir ();

  return open_data_dir (self, dir);
}

/* Actions -------------------------------------------------------------- */

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PomarApplication *self = user_data;
  g_autoptr (GList) windows = NULL;

  /* Destroying the windows drops their contexts, and closing a store waits
   * for its queued writes; the application ends with its last window. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PomarApplication *self = user_data;
  static const char *developers[] = { "The Pomar authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Pomar"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Pomar authors"),
                        "developers", developers,
                        "comments", _("Pomar keeps your customers' accounts, tickets, usage and "
                                      "survey answers on this computer, so you can review them "
                                      "anywhere, even offline."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
open_demo_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  PomarApplication *self = user_data;
  g_autofree char *demo_dir = pomar_demo_data_dir ();

  open_data_dir (self, demo_dir);
}

static void
on_connection_added (PomarWindow *window,
                     const char  *name)
{
  pomar_window_connection_added (window, name);
}

/* The connection goes to the cache of the active window; never to the demo
 * book's, which must stay a demo: from a demo window it goes to the user's
 * own cache, whose window opens for it. */
static void
add_connection_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  PomarApplication *self = user_data;
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *demo_dir = canonical_demo_data_dir ();
  PomarWindow *window = NULL;
  PomarContext *context;
  GtkWidget *dialog;

  if (POMAR_IS_WINDOW (active))
    {
      context = pomar_window_get_context (POMAR_WINDOW (active));
      if (context != NULL && !g_str_equal (pomar_context_get_data_dir (context), demo_dir))
        window = POMAR_WINDOW (active);
    }
  if (window == NULL)
    window = open_default_data_dir (self);

  context = pomar_window_get_context (window);
  if (context == NULL)
    return; /* the window already says why its cache cannot be opened */

  dialog = pomar_connection_dialog_new (pomar_context_get_store (context));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "connection-added",
                           G_CALLBACK (on_connection_added), window,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Preferences are for the cache of the window they are opened from (its
 * connections); the settings they hold are everybody's. A window has one
 * Preferences window at most: asking again raises it. From a dialog, they
 * are for the window under it. */
static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PomarApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *preferences;

  while (window != NULL && !POMAR_IS_WINDOW (window) && !POMAR_IS_PREFERENCES_WINDOW (window))
    window = gtk_window_get_transient_for (window);
  if (POMAR_IS_PREFERENCES_WINDOW (window))
    {
      gtk_window_present (window);
      return;
    }
  if (window == NULL)
    window = GTK_WINDOW (open_default_data_dir (self));

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (POMAR_IS_PREFERENCES_WINDOW (l->data)
          && gtk_window_get_transient_for (l->data) == window)
        {
          gtk_window_present (l->data);
          return;
        }
    }

  preferences = pomar_preferences_window_new (pomar_window_get_context (POMAR_WINDOW (window)));
  gtk_window_set_transient_for (GTK_WINDOW (preferences), window);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (preferences), TRUE);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_entries[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "open-demo", open_demo_action },
  { "add-connection", add_connection_action },
};

/* GApplication --------------------------------------------------------- */

static int
pomar_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_contains (options, "demo") && g_variant_dict_contains (options, "data-dir"))
    {
      g_printerr ("%s\n", _("Use --demo or --data-dir, not both."));
      return EXIT_FAILURE;
    }

  /* Go on: register, and hand the command line to the primary instance. */
  return -1;
}

static int
pomar_application_command_line (GApplication            *application,
                                 GApplicationCommandLine *command_line)
{
  PomarApplication *self = POMAR_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *data_dir = NULL;
  g_autofree char *dir = NULL;

  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &data_dir))
    {
      g_autoptr (GFile) file = g_application_command_line_create_file_for_arg (command_line, data_dir);

      dir = g_file_get_path (file);
    }
  else if (g_variant_dict_contains (options, "demo"))
    dir = pomar_demo_data_dir ();
  else
    dir = pomar_default_data_dir ();

  open_data_dir (self, dir);
  return EXIT_SUCCESS;
}

static void
pomar_application_activate (GApplication *application)
{
  PomarApplication *self = POMAR_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    gtk_window_present (window);
  else
    open_default_data_dir (self);
}

static void
pomar_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *board_accels[] = { "<Control>1", NULL };
  static const char *accounts_accels[] = { "<Control>2", NULL };
  static const char *portfolio_accels[] = { "<Control>3", NULL };
  static const char *sync_accels[] = { "<Control>r", "F5", NULL };
  static const char *quick_jump_accels[] = { "<Control>k", NULL };
  GtkApplication *gtk_application = GTK_APPLICATION (application);

  G_APPLICATION_CLASS (pomar_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application),
                                   app_entries, G_N_ELEMENTS (app_entries),
                                   application);

  gtk_application_set_accels_for_action (gtk_application, "app.quit", quit_accels);
  gtk_application_set_accels_for_action (gtk_application, "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (gtk_application, "win.show-view::board", board_accels);
  gtk_application_set_accels_for_action (gtk_application, "win.show-view::accounts", accounts_accels);
  gtk_application_set_accels_for_action (gtk_application, "win.show-view::portfolio", portfolio_accels);
  gtk_application_set_accels_for_action (gtk_application, "win.sync", sync_accels);
  gtk_application_set_accels_for_action (gtk_application, "win.quick-jump", quick_jump_accels);
}

static void
pomar_application_class_init (PomarApplicationClass *klass)
{
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  application_class->handle_local_options = pomar_application_handle_local_options;
  application_class->command_line = pomar_application_command_line;
  application_class->activate = pomar_application_activate;
  application_class->startup = pomar_application_startup;
}

static void
pomar_application_init (PomarApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

PomarApplication *
pomar_application_new (void)
{
  /* The UI library is static: naming its resource bundle links it in, and
   * the bundle's constructor registers it (templates, style.css). */
  g_return_val_if_fail (pomar_get_resource () != NULL, NULL);

  return g_object_new (POMAR_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/pomar/Pomar",
                       NULL);
}
