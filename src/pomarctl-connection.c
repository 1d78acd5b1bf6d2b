/* pomarctl-connection.c: `pomarctl connection add|list|test|remove`.
 *
 * The token only ever arrives on standard input (--token-stdin), never as an
 * argument: process arguments are visible to every user of the computer.
 * On a terminal it is read without echo. list, test and remove never create
 * a cache that does not exist yet.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "core/pomar-error.h"
#include "pomar-context.h"
#include "pomarctl-common.h"
#include "pomarctl-connection.h"
#include "pomar-sync-runner.h"
#include "sync/pomar-connections.h"
#include "sync/pomar-provider-hubspot.h"
#include "sync/pomar-secret-store.h"

/* Longer than any provider's token by far; more is not a token. */
#define MAX_TOKEN_BYTES 16384

/* "connection @subcommand", or "connection" when @subcommand is NULL: the
 * command's path that pomarctl-common.h takes. */
static char *
command_path (const char *subcommand)
{
  return g_strjoin (" ", "connection", subcommand, NULL);
}

static int
usage_error (const char *subcommand,
             const char *message)
{
  g_autofree char *path = command_path (subcommand);

  return pomarctl_usage_error (path, message);
}

/* Parses @argv (argv[0] is the subcommand) into @out_args. On a usage
 * error, prints it and returns FALSE. */
static gboolean
parse_options (GOptionContext  *context,
               const char      *subcommand,
               int              argc,
               char           **argv,
               GStrv           *out_args)
{
  g_autofree char *path = command_path (subcommand);

  *out_args = pomarctl_parse_command (context, path, argc, argv);
  return *out_args != NULL;
}

/* No more arguments than @n_positional. */
static gboolean
check_positional (GStrv       args,
                  const char *subcommand,
                  guint       n_positional)
{
  g_autofree char *path = command_path (subcommand);

  return pomarctl_check_positional (path, args, n_positional);
}

/* Exactly one NAME after the options. */
static const char *
single_name (GStrv       args,
             const char *subcommand)
{
  g_autofree char *message = NULL;

  if (args[1] == NULL)
    {
      message = g_strdup_printf (_("“connection %s” needs the connection’s name."), subcommand);
      usage_error (subcommand, message);
      return NULL;
    }

  if (!check_positional (args, subcommand, 1))
    return NULL;

  return args[1];
}

static gboolean
cache_exists (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "pomar.db", NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Reading the token ------------------------------------------------------ */

static void
wipe_and_free (char *secret)
{
  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

/* A token in memory: wiped when it goes out of scope. */
typedef char PomarctlSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarctlSecret, wipe_and_free)

/* Reads all of standard input (a pipe or a file) or, on a terminal, one
 * line without echo. Returns NULL with @error set on a read error; an empty
 * string when there was nothing. */
static char *
read_token (const char  *name,
            GError     **error)
{
  g_autoptr (PomarctlSecret) buffer = g_malloc0 (MAX_TOKEN_BYTES + 1);
  struct termios saved;
  gboolean terminal;
  gsize len = 0;

  terminal = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  if (terminal)
    {
      struct termios quiet = saved;

      quiet.c_lflag &= ~ECHO;
      quiet.c_lflag |= ECHONL;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
      /* Translators: the prompt for a token typed on a terminal. */
      g_printerr (_("Token for “%s”: "), name);
    }

  while (len < MAX_TOKEN_BYTES)
    {
      gssize n = read (STDIN_FILENO, buffer + len, MAX_TOKEN_BYTES - len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          if (terminal)
            tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
          g_set_error (error, POMAR_ERROR, POMAR_ERROR_IO,
                       _("Could not read the token from standard input: %s"),
                       g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      len += n;
      if (terminal && buffer[len - 1] == '\n')
        break;
    }

  if (terminal)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);

  if (len == MAX_TOKEN_BYTES)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                   _("Standard input holds more than %d bytes, which is not a token."),
                   MAX_TOKEN_BYTES);
      return NULL;
    }

  buffer[len] = '\0';
  while (len > 0 && (buffer[len - 1] == '\n' || buffer[len - 1] == '\r'))
    buffer[--len] = '\0';

  return g_steal_pointer (&buffer);
}

/* Subcommands ------------------------------------------------------------ */

static int
connection_add (const char  *data_dir,
                int          argc,
                char       **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (PomarContext) pomar = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarctlSecret) token = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *url = NULL;
  g_autofree char *email = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *message = NULL;
  g_autofree char *settings = NULL;
  g_auto (GStrv) properties = NULL;
  g_auto (PomarctlCommonOptions) common = { 0 };
  gboolean token_stdin = FALSE;
  const char *name;
  const GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider,
      N_("The service: pomar, zendesk, hubspot or redmine"), N_("PROVIDER") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("The base URL of the service’s API"), N_("URL") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email,
      N_("Zendesk only: the email the token belongs to"), N_("EMAIL") },
    { "property", 0, 0, G_OPTION_ARG_STRING_ARRAY, &properties,
      N_("HubSpot only, repeatable: the company property that holds FIELD (arr, currency, "
         "renewal_date, licensed_seats, stage, segment, owner, plan or contract_start)"),
      N_("FIELD=PROPERTY") },
    { "token-stdin", 0, 0, G_OPTION_ARG_NONE, &token_stdin,
      N_("Read the token from standard input (required)"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("connection add NAME"));
  g_option_context_set_summary (context,
                                _("Adds a connection. The token is read from standard input and "
                                  "kept only in the system keyring (Secret Service)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  pomarctl_add_common_entries (context, &common);
  if (!parse_options (context, "add", argc, argv, &args))
    return EXIT_USAGE;

  name = single_name (args, "add");
  if (name == NULL)
    return EXIT_USAGE;

  if (provider == NULL)
    {
      usage_error ("add", _("“connection add” needs --provider: "
                            "pomar, zendesk, hubspot or redmine."));
      return EXIT_USAGE;
    }
  if (!pomar_connections_is_provider (provider))
    {
      message = g_strdup_printf (_("“%s” is not a provider Pomar knows; "
                                   "use pomar, zendesk, hubspot or redmine."),
                                 provider);
      usage_error ("add", message);
      return EXIT_USAGE;
    }
  if (url == NULL)
    {
      usage_error ("add", _("“connection add” needs --url, the base URL of the service’s API."));
      return EXIT_USAGE;
    }
  if (!token_stdin)
    {
      usage_error ("add", _("“connection add” needs --token-stdin: the token is read from standard "
                            "input, never from the command line, where others could see it."));
      return EXIT_USAGE;
    }

  /* Refuse a bad name, URL or property before asking for the token. */
  if (!pomar_connections_validate (name, provider, url, email, NULL, &error))
    return pomarctl_fail (error);
  if (properties != NULL && !g_str_equal (provider, "hubspot"))
    {
      usage_error ("add", _("--property names HubSpot properties; it is for HubSpot connections only."));
      return EXIT_USAGE;
    }
  if (!pomar_hubspot_settings_from_assignments ((const char * const *) properties, &settings, &error))
    return pomarctl_fail (error);

  token = read_token (name, &error);
  if (token == NULL)
    return pomarctl_fail (error);
  if (*token == '\0')
    {
      usage_error ("add", _("No token on standard input."));
      return EXIT_USAGE;
    }

  dir = pomarctl_resolve_data_dir ("connection add", data_dir, &common);
  if (dir == NULL)
    return EXIT_USAGE;
  pomar = pomar_context_new (dir, &error);
  if (pomar == NULL)
    return pomarctl_fail (error);

  if (!pomar_connections_add_with_settings_sync (pomar_context_get_store (pomar), name, provider, url, email,
                                                 settings, token, NULL, &error))
    return pomarctl_fail (error);

  g_print (_("Added the connection “%s”; its token is in the system keyring.\n"), name);
  return EXIT_DONE;
}

static void
print_padded (const char *text,
              glong       width)
{
  glong pad = width - g_utf8_strlen (text, -1);

  g_print ("%s", text);
  for (; pad > 0; pad--)
    g_print (" ");
}

/* The HubSpot properties a connection names, as "arr=x, stage=y", or NULL. */
static char *
describe_properties (const PomarConnectionInfo *info)
{
  if (g_strcmp0 (info->provider, "hubspot") != 0)
    return NULL;
  return pomar_hubspot_settings_describe (info->settings_json);
}

static void
print_table (GPtrArray *connections)
{
  /* Translators: column headings of "pomarctl connection list". */
  const char *headings[] = { _("NAME"), _("PROVIDER"), _("URL"), _("EMAIL"), _("PROPERTIES") };
  g_autoptr (GPtrArray) described = g_ptr_array_new_with_free_func (g_free);
  glong widths[G_N_ELEMENTS (headings)];
  guint n_columns = G_N_ELEMENTS (headings) - 1;
  guint i, c;

  /* The properties column only when a connection names some. */
  for (i = 0; i < connections->len; i++)
    {
      char *text = describe_properties (g_ptr_array_index (connections, i));

      g_ptr_array_add (described, text);
      if (text != NULL)
        n_columns = G_N_ELEMENTS (headings);
    }

  for (c = 0; c < G_N_ELEMENTS (headings); c++)
    widths[c] = g_utf8_strlen (headings[c], -1);

  for (i = 0; i < connections->len; i++)
    {
      PomarConnectionInfo *info = g_ptr_array_index (connections, i);

      widths[0] = MAX (widths[0], g_utf8_strlen (info->name, -1));
      widths[1] = MAX (widths[1], g_utf8_strlen (info->provider, -1));
      widths[2] = MAX (widths[2], g_utf8_strlen (info->base_url, -1));
      if (info->email != NULL)
        widths[3] = MAX (widths[3], g_utf8_strlen (info->email, -1));
    }

  for (c = 0; c < n_columns - 1; c++)
    {
      print_padded (headings[c], widths[c]);
      g_print ("  ");
    }
  g_print ("%s\n", headings[n_columns - 1]);

  for (i = 0; i < connections->len; i++)
    {
      PomarConnectionInfo *info = g_ptr_array_index (connections, i);
      const char *cells[G_N_ELEMENTS (headings)] = {
        info->name, info->provider, info->base_url, info->email, g_ptr_array_index (described, i),
      };
      guint last = 0;

      /* No trailing blanks after the last cell a row has. */
      for (c = 0; c < n_columns; c++)
        if (cells[c] != NULL)
          last = c;
      for (c = 0; c < last; c++)
        {
          print_padded (cells[c] != NULL ? cells[c] : "", widths[c]);
          g_print ("  ");
        }
      g_print ("%s\n", cells[last]);
    }
}

/* The stored fields, never a token: there is none in the store to print. */
static void
print_json (GPtrArray *connections)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;
  guint i;

  json_builder_begin_array (builder);
  for (i = 0; connections != NULL && i < connections->len; i++)
    {
      PomarConnectionInfo *info = g_ptr_array_index (connections, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, info->name);
      json_builder_set_member_name (builder, "provider");
      json_builder_add_string_value (builder, info->provider);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, info->base_url);
      json_builder_set_member_name (builder, "email");
      if (info->email != NULL)
        json_builder_add_string_value (builder, info->email);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "settings");
      if (info->settings_json != NULL)
        {
          g_autoptr (JsonNode) settings = json_from_string (info->settings_json, NULL);

          if (settings != NULL)
            json_builder_add_value (builder, g_steal_pointer (&settings));
          else
            json_builder_add_null_value (builder);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "created_at");
      if (info->created_at != NULL)
        json_builder_add_string_value (builder, info->created_at);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static int
connection_list (const char  *data_dir,
                 int          argc,
                 char       **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (PomarContext) pomar = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) connections = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *dir = NULL;
  g_auto (PomarctlCommonOptions) common = { 0 };
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("connection list"));
  g_option_context_set_summary (context, _("Lists the connections (never their tokens)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  pomarctl_add_common_entries (context, &common);
  if (!parse_options (context, "list", argc, argv, &args))
    return EXIT_USAGE;

  if (!check_positional (args, "list", 0))
    return EXIT_USAGE;

  dir = pomarctl_resolve_data_dir ("connection list", data_dir, &common);
  if (dir == NULL)
    return EXIT_USAGE;

  if (cache_exists (dir))
    {
      pomar = pomar_context_new (dir, &error);
      if (pomar == NULL)
        return pomarctl_fail (error);

      connections = pomar_connections_list (pomar_context_get_store (pomar), &error);
      if (connections == NULL)
        return pomarctl_fail (error);
    }

  if (json)
    print_json (connections);
  else if (connections == NULL || connections->len == 0)
    g_print ("%s\n", _("No connections."));
  else
    print_table (connections);

  return EXIT_DONE;
}

/* test and remove: NAME of an existing connection. */
typedef int (*NamedCommand) (PomarStore *store,
                             const char *name);

static int
run_test (PomarStore *store,
          const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *summary = NULL;

  summary = pomar_connections_test_sync (store, name, NULL, &error);
  if (summary == NULL)
    return pomarctl_fail (error);

  /* Translators: "NAME: OK (what the server said)" */
  g_print (_("%s: OK (%s)\n"), name, summary);
  return EXIT_DONE;
}

static int
run_remove (PomarStore *store,
            const char *name)
{
  g_autoptr (GError) error = NULL;

  if (!pomar_connections_remove_sync (store, name, NULL, &error))
    return pomarctl_fail (error);

  g_print (_("Removed the connection “%s” and its token.\n"), name);
  return EXIT_DONE;
}

static int
connection_named (const char    *data_dir,
                  const char    *subcommand,
                  const char    *parameter,
                  const char    *summary,
                  NamedCommand   command,
                  int            argc,
                  char         **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (PomarContext) pomar = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *dir = NULL;
  g_auto (PomarctlCommonOptions) common = { 0 };
  const char *name;

  context = g_option_context_new (parameter);
  g_option_context_set_summary (context, summary);
  pomarctl_add_common_entries (context, &common);
  if (!parse_options (context, subcommand, argc, argv, &args))
    return EXIT_USAGE;

  name = single_name (args, subcommand);
  if (name == NULL)
    return EXIT_USAGE;

  {
    g_autofree char *path = g_strjoin (" ", "connection", subcommand, NULL);

    dir = pomarctl_resolve_data_dir (path, data_dir, &common);
  }
  if (dir == NULL)
    return EXIT_USAGE;

  if (!cache_exists (dir))
    {
      g_set_error (&error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                   _("There is no connection named “%s”."), name);
      return pomarctl_fail (error);
    }

  pomar = pomar_context_new (dir, &error);
  if (pomar == NULL)
    return pomarctl_fail (error);

  return command (pomar_context_get_store (pomar), name);
}

/* connection token NAME --token-stdin: a new token for a connection whose
 * token was refused. The server is asked first: a token it refuses does
 * not replace the old one. */
static int
connection_token (const char  *data_dir,
                  int          argc,
                  char       **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (PomarContext) pomar = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarctlSecret) token = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *dir = NULL;
  g_auto (PomarctlCommonOptions) common = { 0 };
  gboolean token_stdin = FALSE;
  const char *name;
  const GOptionEntry entries[] = {
    { "token-stdin", 0, 0, G_OPTION_ARG_NONE, &token_stdin,
      N_("Read the token from standard input (required)"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("connection token NAME"));
  g_option_context_set_summary (context,
                                _("Gives a connection a new token, read from standard input. The "
                                  "service is asked first; a token it refuses is not kept."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  pomarctl_add_common_entries (context, &common);
  if (!parse_options (context, "token", argc, argv, &args))
    return EXIT_USAGE;
  name = single_name (args, "token");
  if (name == NULL)
    return EXIT_USAGE;
  if (!token_stdin)
    {
      usage_error ("token", _("“connection token” needs --token-stdin: the token is read from standard "
                              "input, never from the command line, where others could see it."));
      return EXIT_USAGE;
    }

  dir = pomarctl_resolve_data_dir ("connection token", data_dir, &common);
  if (dir == NULL)
    return EXIT_USAGE;
  if (!cache_exists (dir))
    {
      g_set_error (&error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                   _("There is no connection named “%s”."), name);
      return pomarctl_fail (error);
    }

  token = read_token (name, &error);
  if (token == NULL)
    return pomarctl_fail (error);
  if (*token == '\0')
    {
      usage_error ("token", _("No token on standard input."));
      return EXIT_USAGE;
    }

  pomar = pomar_context_new (dir, &error);
  if (pomar == NULL
      || !pomar_sync_runner_replace_token_sync (pomar_context_get_store (pomar), name, token, NULL, &error))
    return pomarctl_fail (error);

  g_print (_("The connection “%s” has a new token, in the system keyring.\n"), name);
  return EXIT_DONE;
}

static void
print_help (void)
{
  g_print ("%s\n\n%s\n\n%s\n",
           _("Usage:\n  pomarctl connection COMMAND [OPTION…]"),
           _("Connections link Pomar to your team’s systems. Tokens are kept only in the\n"
             "system keyring (Secret Service), never in the cache or on the command line."),
           _("Commands:\n"
             "  add NAME --provider PROVIDER --url URL [--email EMAIL]\n"
             "      [--property FIELD=PROPERTY…] --token-stdin\n"
             "                 Add a connection; PROVIDER is pomar, zendesk, hubspot or redmine;\n"
             "                 --property (HubSpot) names the company property that holds a field\n"
             "  list [--json]  List the connections\n"
             "  test NAME      Check that the service accepts the connection’s token\n"
             "  token NAME --token-stdin\n"
             "                 Give a connection a new token (the service is asked first)\n"
             "  remove NAME    Remove a connection and its token\n"
             "\n"
             "Every command also takes --data-dir DIR or --demo, and --help."));
}

int
pomarctl_connection_main (const char  *data_dir,
                          int          argc,
                          char       **argv)
{
  const char *subcommand;
  g_autofree char *message = NULL;

  g_return_val_if_fail (argc >= 1, EXIT_USAGE);
  g_return_val_if_fail (argv != NULL, EXIT_USAGE);

  if (argc < 2)
    return usage_error (NULL, _("“connection” needs a command: add, list, test, token or remove."));

  subcommand = argv[1];
  if (g_str_equal (subcommand, "--help") || g_str_equal (subcommand, "-h")
      || g_str_equal (subcommand, "help"))
    {
      print_help ();
      return EXIT_DONE;
    }

  if (g_str_equal (subcommand, "add"))
    return connection_add (data_dir, argc - 1, argv + 1);
  if (g_str_equal (subcommand, "list"))
    return connection_list (data_dir, argc - 1, argv + 1);
  if (g_str_equal (subcommand, "test"))
    return connection_named (data_dir, "test", _("connection test NAME"),
                             _("Checks that the service accepts the connection’s token."),
                             run_test, argc - 1, argv + 1);
  if (g_str_equal (subcommand, "token"))
    return connection_token (data_dir, argc - 1, argv + 1);
  if (g_str_equal (subcommand, "remove"))
    return connection_named (data_dir, "remove", _("connection remove NAME"),
                             _("Removes a connection and its token."),
                             run_remove, argc - 1, argv + 1);

  message = g_strdup_printf (_("“%s” is not a connection command; use add, list, test, token or remove."),
                             subcommand);
  return usage_error (NULL, message);
}
