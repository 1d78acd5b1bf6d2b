/* pomarctl-common.c: what every pomarctl command shares.
 *
 * Messages, the --data-dir and --demo options and parsing a command's own
 * arguments, written once for pomarctl.c and pomarctl-connection.c so that
 * every command says and takes the same things. A command is named by its
 * path after "pomarctl": "demo", "connection add".
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/pomar-error.h"
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

/* The cache itself, without creating it ----------------------------------- */

/* Whether there is a cache in @data_dir, without creating anything. FALSE
 * with @error set when @data_dir exists but is not a folder. */
gboolean
pomarctl_cache_exists (const char  *data_dir,
                       gboolean    *exists,
                       GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, "pomar.db", NULL);

  if (g_file_test (data_dir, G_FILE_TEST_EXISTS) && !g_file_test (data_dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *name = g_filename_display_name (data_dir);

      g_set_error (error, POMAR_ERROR, POMAR_ERROR_IO,
                   _("“%s” is not a folder, so it cannot hold Pomar’s cache."), name);
      return FALSE;
    }

  *exists = g_file_test (path, G_FILE_TEST_EXISTS);
  return TRUE;
}

void
pomarctl_builder_add_string (JsonBuilder *builder,
                             const char  *name,
                             const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
pomarctl_builder_add_int (JsonBuilder *builder,
                          const char  *name,
                          gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
pomarctl_print_builder (JsonBuilder *builder)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* Rows of "Label:  value" ------------------------------------------------- */

void
pomarctl_line_free (gpointer data)
{
  Line *line = data;

  g_free (line->label);
  g_free (line->value);
  g_free (line);
}

void
pomarctl_add_line (GPtrArray  *lines,
                   const char *label,
                   char       *value)
{
  Line *line = g_new0 (Line, 1);

  line->label = g_strdup (label);
  line->value = value;
  g_ptr_array_add (lines, line);
}

void
pomarctl_print_padded (const char *text,
                       glong       width)
{
  glong pad = width - g_utf8_strlen (text, -1);

  g_print ("%s%*s", text, (int) MAX (pad, 0), "");
}

void
pomarctl_print_lines (GPtrArray *lines)
{
  glong width = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      const Line *line = g_ptr_array_index (lines, i);

      width = MAX (width, g_utf8_strlen (line->label, -1));
    }

  for (guint i = 0; i < lines->len; i++)
    {
      const Line *line = g_ptr_array_index (lines, i);

      pomarctl_print_padded (line->label, width + 2);
      g_print ("%s\n", line->value);
    }
}

char *
pomarctl_int_text (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

/* A table with a heading, columns two spaces apart. @cells holds
 * @n_columns strings per row. */
void
pomarctl_print_table (const char *const *headings,
                      guint              n_columns,
                      GPtrArray         *cells)
{
  glong widths[8] = { 0 };

  g_assert (n_columns <= G_N_ELEMENTS (widths));

  for (guint c = 0; c < n_columns; c++)
    widths[c] = g_utf8_strlen (headings[c], -1);
  for (guint i = 0; i < cells->len; i++)
    widths[i % n_columns] = MAX (widths[i % n_columns],
                                 g_utf8_strlen (g_ptr_array_index (cells, i), -1));

  g_print ("  ");
  for (guint c = 0; c < n_columns; c++)
    {
      if (c + 1 < n_columns)
        pomarctl_print_padded (headings[c], widths[c] + 2);
      else
        g_print ("%s\n", headings[c]);
    }
  for (guint i = 0; i < cells->len; i++)
    {
      const char *cell = g_ptr_array_index (cells, i);

      if (i % n_columns == 0)
        g_print ("  ");
      if (i % n_columns + 1 < n_columns)
        pomarctl_print_padded (cell, widths[i % n_columns] + 2);
      else
        g_print ("%s\n", cell);
    }
}

PomarContext *
pomarctl_open_existing (const char  *data_dir,
                        GError     **error)
{
  gboolean exists;

  if (!pomarctl_cache_exists (data_dir, &exists, error))
    return NULL;
  if (!exists)
    {
      g_autofree char *name = g_filename_display_name (data_dir);

      g_set_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                   _("There is no Pomar cache in “%s”."), name);
      return NULL;
    }
  return pomar_context_new (data_dir, error);
}
