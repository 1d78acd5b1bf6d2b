/* test-cli.c: the built pomarctl (POMARCTL), run as a script would run it.
 *
 * Every run gets a throw-away XDG_DATA_HOME and, through --data-dir, a cache
 * of its own under a temporary folder; LC_ALL=C.UTF-8 keeps messages in
 * English. One demo book of 30 accounts is made once and shared by the
 * tests that only read it. The test also links libpomar to prepare caches
 * pomarctl must refuse (real data, a newer schema) and to check exports
 * against the store itself.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "cli-test-util.h"
#include "core/pomar-export.h"
#include "store/pomar-store.h"

#define BOOK_ACCOUNTS "30"
#define BOOK_SEED     "7"
#define BOOK_TODAY    "2026-11-01"

static char *tmp_root;      /* removed at the end */
static char *book_dir;      /* the shared demo book, made on first use */
static guint n_dirs;

/* Running pomarctl ---------------------------------------------------------- */

typedef struct
{
  int     exit_status;      /* -1 when a signal ended it */
  int     term_sig;
  GBytes *out;
  char   *out_text;         /* out, NUL-terminated */
  char   *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_bytes_unref);
  g_clear_pointer (&run->out_text, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static GSubprocessLauncher *
make_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  g_autofree char *xdg = g_build_filename (tmp_root, "xdg", NULL);

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", xdg, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  return launcher;
}

/* An empty GBytes may have no data pointer at all; a stream that was not
 * piped gives no GBytes. */
static char *
bytes_text (GBytes *bytes)
{
  gsize len = bytes != NULL ? g_bytes_get_size (bytes) : 0;

  return len > 0 ? g_strndup (g_bytes_get_data (bytes, NULL), len) : g_strdup ("");
}

static void
run_argv (Run                 *run,
          GSubprocessLauncher *launcher,
          const char *const   *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GBytes) err = NULL;
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("POMARCTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &run->out, &err, &error);
  g_assert_no_error (error);

  run->err = bytes_text (err);
  run->out_text = bytes_text (run->out);
  if (g_subprocess_get_if_exited (process))
    {
      run->exit_status = g_subprocess_get_exit_status (process);
      run->term_sig = 0;
    }
  else
    {
      run->exit_status = -1;
      run->term_sig = g_subprocess_get_term_sig (process);
    }
}

/* Runs pomarctl with the NULL-terminated arguments. */
G_GNUC_NULL_TERMINATED static void
run_pomarctl (Run        *run,
              const char *first,
              ...)
{
  g_autoptr (GSubprocessLauncher) launcher =
    make_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  run_argv (run, launcher, (const char *const *) args->pdata);
}

static void
assert_done (const Run *run)
{
  if (run->exit_status != 0)
    g_error ("pomarctl exited with %d (signal %d); stderr: %s",
             run->exit_status, run->term_sig, run->err);
  g_assert_cmpstr (run->err, ==, "");
}

/* Exit 1 and exactly one line on stderr: "pomarctl: <sentence>". */
static void
assert_failed (const Run  *run,
               const char *fragment)
{
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->exit_status, ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "pomarctl: "));
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
  if (fragment != NULL)
    g_assert_nonnull (strstr (run->err, fragment));
  g_assert_cmpstr (run->out_text, ==, "");
}

/* Exit 2: a one-line message, then the hint to --help. */
static void
assert_usage (const Run *run)
{
  g_auto (GStrv) lines = g_strsplit (run->err, "\n", -1);

  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->exit_status, ==, 2);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "pomarctl: "));
  g_assert_true (g_str_has_prefix (lines[1], "Try “pomarctl "));
  g_assert_true (g_str_has_suffix (lines[1], "--help”."));
  g_assert_cmpstr (lines[2], ==, "");
  g_assert_cmpstr (run->out_text, ==, "");
}

/* Folders and caches -------------------------------------------------------- */

/* A path under the test's folder that does not exist yet. */
static char *
new_dir_path (void)
{
  g_autofree char *name = g_strdup_printf ("dir-%u", ++n_dirs);

  return g_build_filename (tmp_root, name, NULL);
}

static void
make_demo (const char *dir,
           const char *seed)
{
  g_auto (Run) run = { 0 };

  run_pomarctl (&run, "demo", "--accounts", BOOK_ACCOUNTS, "--seed", seed,
                "--today", BOOK_TODAY, "--data-dir", dir, NULL);
  assert_done (&run);
}

static const char *
get_book (void)
{
  if (book_dir == NULL)
    {
      g_auto (Run) run = { 0 };

      book_dir = new_dir_path ();
      /* --data-dir before the command here; after it everywhere else. */
      run_pomarctl (&run, "--data-dir", book_dir, "demo", "--accounts", BOOK_ACCOUNTS,
                    "--seed", BOOK_SEED, "--today", BOOK_TODAY, NULL);
      assert_done (&run);
      g_assert_true (g_str_has_prefix (run.out_text, "Generated 30 accounts ("));
    }

  return book_dir;
}

static JsonNode *
parse_json_bytes (GBytes *bytes)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_cmpuint (len, >, 0);
  g_assert_true (g_utf8_validate (data, len, NULL));
  json_parser_load_from_data (parser, data, len, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
status_json (const char *dir)
{
  g_auto (Run) run = { 0 };

  run_pomarctl (&run, "status", "--json", "--data-dir", dir, NULL);
  assert_done (&run);
  return parse_json_bytes (run.out);
}

static JsonNode *
export_json (const char *dir,
             const char *collection)
{
  g_auto (Run) run = { 0 };

  run_pomarctl (&run, "export", collection, "--format", "json", "--data-dir", dir, NULL);
  assert_done (&run);
  return parse_json_bytes (run.out);
}

/* A small RFC 4180 reader: records of fields; a field that was quoted is
 * told from one that was not, so "" (empty text) differs from a null. */
typedef struct
{
  char     *text;
  gboolean  quoted;
} CsvField;

static void
csv_field_free (gpointer data)
{
  CsvField *field = data;

  g_free (field->text);
  g_free (field);
}

static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *record = NULL;
  const char *p = text;

  while (*p != '\0')
    {
      CsvField *field = g_new0 (CsvField, 1);
      GString *value = g_string_new (NULL);

      if (record == NULL)
        {
          record = g_ptr_array_new_with_free_func (csv_field_free);
          g_ptr_array_add (records, record);
        }

      if (*p == '"')
        {
          field->quoted = TRUE;
          for (p++;; p++)
            {
              g_assert_true (*p != '\0');   /* an unterminated quote */
              if (*p == '"' && p[1] == '"')
                g_string_append_c (value, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (value, *p);
            }
          p++;
        }
      else
        {
          while (*p != ',' && *p != '\n' && *p != '\0')
            {
              g_assert_true (*p != '"' && *p != '\r');
              g_string_append_c (value, *p++);
            }
        }

      field->text = g_string_free (value, FALSE);
      g_ptr_array_add (record, field);

      g_assert_true (*p == ',' || *p == '\n');   /* every line ends with LF */
      if (*p == '\n')
        record = NULL;
      p++;
    }

  return records;
}

static const char *
csv_text (GPtrArray *records,
          guint      row,
          guint      column)
{
  GPtrArray *record = g_ptr_array_index (records, row);
  CsvField *field = g_ptr_array_index (record, column);

  return field->text;
}

static gint64
json_count (JsonNode   *status,
            const char *name)
{
  JsonObject *counts = json_object_get_object_member (json_node_get_object (status), "counts");

  return json_object_get_int_member (counts, name);
}

/* Usage --------------------------------------------------------------------- */

static void
test_help_and_version (void)
{
  static const char *const commands[] = { "demo", "status", "export", "connection" };

  {
    g_auto (Run) run = { 0 };

    run_pomarctl (&run, "--help", NULL);
    assert_done (&run);
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      {
        g_autofree char *row = g_strdup_printf ("\n  %s ", commands[i]);

        g_assert_nonnull (strstr (run.out_text, row));
      }
    g_assert_nonnull (strstr (run.out_text, "--data-dir"));
    g_assert_nonnull (strstr (run.out_text, "--demo"));
  }

  {
    g_auto (Run) run = { 0 };

    run_pomarctl (&run, "export", "--help", NULL);
    assert_done (&run);
    g_assert_nonnull (strstr (run.out_text, "--format"));
    g_assert_nonnull (strstr (run.out_text, "--data-dir"));
  }

  {
    g_auto (Run) run = { 0 };

    run_pomarctl (&run, "demo", "--help", NULL);
    assert_done (&run);
    g_assert_nonnull (strstr (run.out_text, "--accounts"));
    g_assert_nonnull (strstr (run.out_text, "--force"));
  }

  {
    g_auto (Run) run = { 0 };

    run_pomarctl (&run, "--version", NULL);
    assert_done (&run);
    g_assert_cmpstr (run.out_text, ==, "pomarctl " PACKAGE_VERSION "\n");
  }
}

static void
test_bad_usage (void)
{
  g_autofree char *dir = new_dir_path ();
  const char *const cases[][8] = {
    { NULL },
    { "frobnicate", NULL },
    { "--bogus", "status", NULL },
    { "status", "--bogus", NULL },
    { "status", "extra", NULL },
    { "--demo", "--data-dir", dir, "status", NULL },
    { "status", "--demo", "--data-dir", dir, NULL },
    { "export", NULL },
    { "export", "widgets", NULL },
    { "export", "accounts", "--format", "xml", NULL },
    { "export", "accounts", "--format", NULL },
    { "export", "accounts", "usage", NULL },
    { "demo", "--accounts", "abc", NULL },
    { "demo", "--accounts", "0", NULL },
    { "demo", "--accounts", "100001", NULL },
    { "demo", "--accounts", "12x", NULL },
    { "demo", "--seed", "-1", NULL },
    { "demo", "--today", "2026-02-30", NULL },
    { "demo", "--today", "1/11/2026", NULL },
    { "demo", "now", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GSubprocessLauncher) launcher =
        make_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autoptr (GPtrArray) args = g_ptr_array_new ();
      g_auto (Run) run = { 0 };
      gboolean has_dir = FALSE;

      for (guint j = 0; cases[i][j] != NULL; j++)
        {
          g_ptr_array_add (args, (gpointer) cases[i][j]);
          has_dir |= g_str_equal (cases[i][j], "--data-dir");
        }
      /* Never the default cache, not even by mistake. */
      if (!has_dir && i > 0)
        {
          g_ptr_array_add (args, (gpointer) "--data-dir");
          g_ptr_array_add (args, dir);
        }
      g_ptr_array_add (args, NULL);

      g_test_message ("case %u: %s", i, cases[i][0]);
      run_argv (&run, launcher, (const char *const *) args->pdata);
      assert_usage (&run);
    }

  /* A bad command line creates nothing. */
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* The book ------------------------------------------------------------------ */

static void
test_status_json (void)
{
  g_autoptr (JsonNode) status = status_json (get_book ());
  JsonObject *object = json_node_get_object (status);
  g_autofree char *path = g_build_filename (get_book (), "pomar.db", NULL);

  g_assert_cmpstr (json_object_get_string_member (object, "cache"), ==, path);
  g_assert_true (json_object_get_boolean_member (object, "exists"));
  g_assert_cmpint (json_object_get_int_member (object, "schema_version"), ==,
                   POMAR_STORE_SCHEMA_VERSION);
  g_assert_cmpint (json_count (status, "accounts"), ==, 30);
  g_assert_cmpint (json_count (status, "usage"), >=, 30);
  g_assert_cmpint (json_object_get_int_member (object, "outbox"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "quarantined"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "sync")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "quarantine")), ==, 0);
}

static void
test_status_text (void)
{
  g_auto (Run) run = { 0 };

  run_pomarctl (&run, "status", "--data-dir", get_book (), NULL);
  assert_done (&run);
  g_test_message ("%s", run.out_text);

  g_assert_true (g_str_has_prefix (run.out_text, "Cache:  "));
  g_assert_nonnull (strstr (run.out_text, "\nSchema:  "));
  g_assert_nonnull (strstr (run.out_text, "\nAccounts:  "));
  g_assert_nonnull (strstr (run.out_text, " 30\n"));
  g_assert_nonnull (strstr (run.out_text, "\nNo connections have synced yet.\n"));
}

/* Every collection exports as many objects as status counts, with the
 * contract's field names in the contract's order. */
static void
test_export_json_matches_status (void)
{
  g_autoptr (JsonNode) status = status_json (get_book ());

  for (PomarCollection c = 0; c < POMAR_N_COLLECTIONS; c++)
    {
      const char *name = pomar_collection_to_string (c);
      const char *const *fields = pomar_export_collection_fields (c);
      g_autoptr (JsonNode) root = export_json (get_book (), name);
      JsonArray *array = json_node_get_array (root);

      g_test_message ("collection %s", name);
      g_assert_cmpint (json_array_get_length (array), ==, json_count (status, name));
      g_assert_cmpuint (json_array_get_length (array), >, 0);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *object = json_array_get_object_element (array, i);
          g_autoptr (GList) members = json_object_get_members (object);
          guint n = 0;

          for (GList *l = members; l != NULL; l = l->next, n++)
            g_assert_cmpstr (l->data, ==, fields[n]);
          g_assert_null (fields[n]);
          g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "version")),
                           ==, G_TYPE_INT64);
          g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "id")),
                           ==, G_TYPE_STRING);
        }
    }
}

static void
assert_member_type (JsonObject *object,
                    const char *name,
                    GType       type)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  if (JSON_NODE_HOLDS_NULL (node))
    return;
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, type);
}

static void
test_export_json_types (void)
{
  g_autoptr (JsonNode) accounts = export_json (get_book (), "accounts");
  g_autoptr (JsonNode) usage = export_json (get_book (), "usage");
  JsonArray *array = json_node_get_array (accounts);
  guint with_arr = 0;
  guint with_features = 0;

  g_assert_cmpuint (json_array_get_length (array), ==, 30);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      assert_member_type (object, "name", G_TYPE_STRING);
      assert_member_type (object, "arr", G_TYPE_DOUBLE);
      assert_member_type (object, "licensed_seats", G_TYPE_INT64);
      assert_member_type (object, "renewal_date", G_TYPE_STRING);
      with_arr += !json_object_get_null_member (object, "arr");
    }
  g_assert_cmpuint (with_arr, >, 0);

  array = json_node_get_array (usage);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      JsonNode *features = json_object_get_member (object, "features");

      assert_member_type (object, "active_users", G_TYPE_INT64);
      assert_member_type (object, "events", G_TYPE_INT64);
      g_assert_true (JSON_NODE_HOLDS_NULL (features) || JSON_NODE_HOLDS_OBJECT (features));
      with_features += JSON_NODE_HOLDS_OBJECT (features);
    }
  g_assert_cmpuint (with_features, >, 0);
}

/* CSV holds the same records as JSON: as many, with the same ids, and the
 * same texts (line breaks and quotes included). */
static void
test_export_csv (void)
{
  for (PomarCollection c = 0; c < POMAR_N_COLLECTIONS; c++)
    {
      const char *name = pomar_collection_to_string (c);
      const char *const *fields = pomar_export_collection_fields (c);
      g_autoptr (JsonNode) json = export_json (get_book (), name);
      JsonArray *array = json_node_get_array (json);
      g_autoptr (GPtrArray) records = NULL;
      g_auto (Run) run = { 0 };
      GPtrArray *header;

      g_test_message ("collection %s", name);
      run_pomarctl (&run, "export", name, "--data-dir", get_book (), NULL);
      assert_done (&run);
      records = parse_csv (run.out_text);

      g_assert_cmpuint (records->len, ==, json_array_get_length (array) + 1);
      header = g_ptr_array_index (records, 0);
      g_assert_cmpuint (header->len, ==, g_strv_length ((char **) fields));
      for (guint i = 0; i < header->len; i++)
        g_assert_cmpstr (csv_text (records, 0, i), ==, fields[i]);

      for (guint r = 1; r < records->len; r++)
        {
          GPtrArray *record = g_ptr_array_index (records, r);
          JsonObject *object = json_array_get_object_element (array, r - 1);

          g_assert_cmpuint (record->len, ==, header->len);
          for (guint i = 0; i < header->len; i++)
            {
              JsonNode *node = json_object_get_member (object, fields[i]);
              CsvField *field = g_ptr_array_index (record, i);

              if (JSON_NODE_HOLDS_NULL (node))
                {
                  g_assert_cmpstr (field->text, ==, "");
                  g_assert_false (field->quoted);
                }
              else if (JSON_NODE_HOLDS_VALUE (node)
                       && json_node_get_value_type (node) == G_TYPE_STRING)
                {
                  g_assert_cmpstr (field->text, ==, json_node_get_string (node));
                }
              else if (JSON_NODE_HOLDS_VALUE (node)
                       && json_node_get_value_type (node) == G_TYPE_INT64)
                {
                  g_autofree char *number =
                    g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

                  g_assert_cmpstr (field->text, ==, number);
                }
            }
        }
    }

  /* 30 accounts: a header and 30 records, whatever lines the texts hold. */
  {
    g_auto (Run) run = { 0 };
    g_autoptr (GPtrArray) records = NULL;

    run_pomarctl (&run, "export", "accounts", "--format", "csv", "--data-dir", get_book (), NULL);
    assert_done (&run);
    records = parse_csv (run.out_text);
    g_assert_cmpuint (records->len, ==, 31);
    g_assert_true (g_str_has_prefix (run.out_text, "id,name,domain,segment,owner,stage,arr,currency,plan,"
                                          "licensed_seats,contract_start,renewal_date,"
                                          "created_at,updated_at,version,health,health_band,"
                                          "health_computed,health_override,nps_90d,csat_90d,"
                                          "open_tickets,ttv_days,days_to_renewal,suggested_stage,"
                                          "suggestion_reason\n"));
  }
}

/* The export's field table is the store's scan: the same names, in the
 * same order, for every collection. */
typedef struct
{
  const char *const *expected;
  guint              rows;
} ScanCheck;

static gboolean
check_scan_names (const PomarField  *fields,
                  guint              n_fields,
                  gpointer           user_data,
                  GError           **error)
{
  ScanCheck *check = user_data;

  g_assert_cmpuint (n_fields, ==, g_strv_length ((char **) check->expected));
  for (guint i = 0; i < n_fields; i++)
    g_assert_cmpstr (fields[i].name, ==, check->expected[i]);
  check->rows++;
  return TRUE;
}

static void
test_export_fields_match_store (void)
{
  g_autoptr (PomarStore) store = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GError) error = NULL;

  store = pomar_store_open (get_book (), &error);
  g_assert_no_error (error);
  reader = pomar_store_reader_new (store, &error);
  g_assert_no_error (error);

  for (PomarCollection c = 0; c < POMAR_N_COLLECTIONS; c++)
    {
      ScanCheck check = { pomar_export_collection_fields (c), 0 };

      pomar_store_reader_scan (reader, c, check_scan_names, &check, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (check.rows, >, 0);
    }

  g_clear_pointer (&reader, pomar_store_reader_free);
  pomar_store_close (store);
}

/* Numbers in the C locale even under one with a decimal comma. */
static void
test_export_comma_locale (void)
{
  g_autofree char *why = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_auto (Run) run = { 0 };
  const char *args[] = { "export", "accounts", "--data-dir", get_book (), NULL };
  guint with_fraction = 0;

  if (!cli_test_provide_comma_locale (tmp_root, &why))
    {
      g_test_skip (why);
      return;
    }

  launcher = make_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", CLI_TEST_COMMA_LOCALE, TRUE);
  run_argv (&run, launcher, args);
  assert_done (&run);

  records = parse_csv (run.out_text);
  g_assert_cmpuint (records->len, ==, 31);
  for (guint r = 1; r < records->len; r++)
    {
      const char *arr = csv_text (records, r, 6);
      char *end = NULL;

      g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (records, r))->len, ==, 26);
      if (*arr == '\0')
        continue;
      g_assert_null (strchr (arr, ','));
      g_assert_nonnull (strchr (arr, '.'));
      g_ascii_strtod (arr, &end);
      g_assert_cmpint (*end, ==, '\0');
      with_fraction++;
    }
  g_assert_cmpuint (with_fraction, >, 0);
}

/* Brazilian Portuguese is one of Pomar's two languages: with the built
 * catalog and a pt_BR locale, pomarctl speaks it, down to the error line. */
static void
test_translated (void)
{
  g_autofree char *why = NULL;
  g_autofree char *missing = g_build_filename (tmp_root, "nowhere", NULL);
  const char *localedir = g_getenv ("POMAR_LOCALEDIR");

  if (localedir == NULL)
    {
      g_test_skip ("POMAR_LOCALEDIR is not set: run this test through meson");
      return;
    }
  if (!cli_test_provide_comma_locale (tmp_root, &why))
    {
      g_test_skip (why);
      return;
    }

  {
    g_autoptr (GSubprocessLauncher) launcher = NULL;
    g_auto (Run) run = { 0 };
    const char *args[] = { "--help", NULL };

    launcher = make_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
    g_subprocess_launcher_setenv (launcher, "LC_ALL", CLI_TEST_COMMA_LOCALE, TRUE);
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", "pt_BR", TRUE);
    run_argv (&run, launcher, args);
    assert_done (&run);
    g_assert_nonnull (strstr (run.out_text, "Comandos:"));
    g_assert_nonnull (strstr (run.out_text, "carteira de demonstração"));
  }

  {
    g_autoptr (GSubprocessLauncher) launcher = NULL;
    g_auto (Run) run = { 0 };
    const char *args[] = { "export", "nonsense", "--data-dir", missing, NULL };

    launcher = make_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
    g_subprocess_launcher_setenv (launcher, "LC_ALL", CLI_TEST_COMMA_LOCALE, TRUE);
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", "pt_BR", TRUE);
    run_argv (&run, launcher, args);
    g_assert_cmpint (run.exit_status, ==, 2);
    g_assert_cmpstr (run.out_text, ==, "");
    g_assert_nonnull (strstr (run.err, "não é uma coleção"));
    g_assert_nonnull (strstr (run.err, "Experimente “pomarctl export --help”."));
  }
}

/* `pomarctl export usage | head`: pomarctl goes as cat does, by SIGPIPE,
 * and says nothing. */
static void
test_export_broken_pipe (void)
{
  g_autoptr (GSubprocessLauncher) launcher =
    make_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GBytes) err = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { g_getenv ("POMARCTL"), "export", "usage", "--format", "json",
                         "--data-dir", get_book (), NULL };
  char buffer[100];
  gsize n = 0;

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  g_input_stream_read_all (g_subprocess_get_stdout_pipe (process), buffer, sizeof buffer,
                           &n, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, sizeof buffer);
  g_input_stream_close (g_subprocess_get_stdout_pipe (process), NULL, &error);
  g_assert_no_error (error);

  err = g_input_stream_read_bytes (g_subprocess_get_stderr_pipe (process), 4096, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (g_bytes_get_size (err), ==, 0);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGPIPE);
}

/* A failed write (a full disk) is a failure, said in one line. */
static void
test_export_disk_full (void)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_auto (Run) run = { 0 };
  const char *args[] = { "export", "usage", "--data-dir", get_book (), NULL };

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("there is no /dev/full");
      return;
    }

  launcher = make_launcher (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdout_file_path (launcher, "/dev/full");
  run_argv (&run, launcher, args);
  assert_failed (&run, "No space left");
}

/* Same seed, same day: the same book, byte for byte, in every collection,
 * whether made in a new cache or over a demo book (which needs no --force).
 * Another seed makes another book. */
static void
test_demo_deterministic (void)
{
  g_autofree char *again = new_dir_path ();
  g_autofree char *other = new_dir_path ();

  make_demo (again, "99");
  make_demo (again, BOOK_SEED);
  make_demo (other, "8");

  for (PomarCollection c = 0; c < POMAR_N_COLLECTIONS; c++)
    {
      const char *name = pomar_collection_to_string (c);
      char *sums[3] = { NULL };
      const char *dirs[] = { get_book (), again, other };

      for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
        {
          g_auto (Run) run = { 0 };

          run_pomarctl (&run, "export", name, "--format", "json", "--data-dir", dirs[i], NULL);
          assert_done (&run);
          sums[i] = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, run.out);
        }

      g_test_message ("%s: %s %s %s", name, sums[0], sums[1], sums[2]);
      g_assert_cmpstr (sums[0], ==, sums[1]);
      if (c == POMAR_COLLECTION_ACCOUNTS)
        g_assert_cmpstr (sums[0], !=, sums[2]);
      for (guint i = 0; i < G_N_ELEMENTS (sums); i++)
        g_free (sums[i]);
    }
}

/* Caches pomarctl must not touch ------------------------------------------- */

static gboolean
write_real_account (PomarStoreWriter  *writer,
                    gpointer           user_data,
                    GCancellable      *cancellable,
                    GError           **error)
{
  PomarAccount account = {
    .id = (char *) "acc_real",
    .version = 1,
    .updated_at = (char *) "2026-11-20T09:12:44Z",
    .name = (char *) "Acme Tintas Ltda, \"the\" real one",
    .arr = 48000.0,
    .currency = (char *) "BRL",
    .licensed_seats = POMAR_NO_INT,
  };

  return pomar_store_writer_upsert_account (writer, &account, NULL, error);
}

static void
test_demo_refuses_real_data (void)
{
  g_autofree char *dir = new_dir_path ();
  g_autoptr (GError) error = NULL;

  {
    g_autoptr (PomarStore) store = pomar_store_open (dir, &error);

    g_assert_no_error (error);
    pomar_store_write_sync (store, write_real_account, NULL, NULL, &error);
    g_assert_no_error (error);
    pomar_store_close (store);
  }

  {
    g_auto (Run) run = { 0 };

    run_pomarctl (&run, "demo", "--accounts", "5", "--data-dir", dir, NULL);
    assert_failed (&run, "--force");
  }

  /* Untouched. */
  {
    g_autoptr (JsonNode) accounts = export_json (dir, "accounts");
    JsonArray *array = json_node_get_array (accounts);
    JsonObject *object;

    g_assert_cmpuint (json_array_get_length (array), ==, 1);
    object = json_array_get_object_element (array, 0);
    g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "acc_real");
    g_assert_cmpstr (json_object_get_string_member (object, "name"), ==,
                     "Acme Tintas Ltda, \"the\" real one");
    g_assert_true (json_object_get_null_member (object, "licensed_seats"));
    g_assert_true (json_object_get_null_member (object, "segment"));
  }

  {
    g_auto (Run) run = { 0 };

    run_pomarctl (&run, "demo", "--accounts", "5", "--seed", "3", "--today", BOOK_TODAY,
                  "--force", "--data-dir", dir, NULL);
    assert_done (&run);
    g_assert_true (g_str_has_prefix (run.out_text, "Generated 5 accounts ("));
  }

  {
    g_autoptr (JsonNode) status = status_json (dir);

    g_assert_cmpint (json_count (status, "accounts"), ==, 5);
  }
}

static void
test_data_dir_is_a_file (void)
{
  g_autofree char *file = new_dir_path ();
  g_autoptr (GError) error = NULL;
  const char *const commands[][3] = {
    { "status", NULL },
    { "status", "--json", NULL },
    { "export", "accounts", NULL },
    { "demo", NULL },
  };

  g_file_set_contents (file, "not a folder\n", -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr (GSubprocessLauncher) launcher =
        make_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_auto (Run) run = { 0 };
      const char *args[6] = { commands[i][0], commands[i][1], NULL };
      guint n = commands[i][1] != NULL ? 2 : 1;

      args[n] = "--data-dir";
      args[n + 1] = file;
      g_test_message ("%s", commands[i][0]);
      run_argv (&run, launcher, args);
      assert_failed (&run, NULL);
    }
}

static void
test_schema_too_new (void)
{
  g_autofree char *dir = new_dir_path ();
  g_autofree char *path = g_build_filename (dir, "pomar.db", NULL);
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;

  {
    g_autoptr (PomarStore) store = pomar_store_open (dir, &error);

    g_assert_no_error (error);
    pomar_store_close (store);
  }

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  {
    g_auto (Run) run = { 0 };

    run_pomarctl (&run, "status", "--data-dir", dir, NULL);
    assert_failed (&run, "newer");
  }
  {
    g_auto (Run) run = { 0 };

    run_pomarctl (&run, "export", "accounts", "--data-dir", dir, NULL);
    assert_failed (&run, "newer");
  }

  /* Left as it was. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 99);
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);
}

/* status and export create nothing where there is no cache. */
static void
test_no_cache (void)
{
  g_autofree char *dir = new_dir_path ();
  g_autofree char *path = g_build_filename (dir, "pomar.db", NULL);

  {
    g_auto (Run) run = { 0 };

    run_pomarctl (&run, "status", "--data-dir", dir, NULL);
    assert_done (&run);
    g_assert_nonnull (strstr (run.out_text, path));
    g_assert_nonnull (strstr (run.out_text, "There is no cache here yet"));
  }

  {
    g_autoptr (JsonNode) status = status_json (dir);
    JsonObject *object = json_node_get_object (status);

    g_assert_false (json_object_get_boolean_member (object, "exists"));
    g_assert_cmpstr (json_object_get_string_member (object, "cache"), ==, path);
    g_assert_true (json_object_get_null_member (object, "schema_version"));
    for (PomarCollection c = 0; c < POMAR_N_COLLECTIONS; c++)
      g_assert_cmpint (json_count (status, pomar_collection_to_string (c)), ==, 0);
  }

  {
    g_auto (Run) run = { 0 };

    run_pomarctl (&run, "export", "accounts", "--data-dir", dir, NULL);
    assert_failed (&run, "no Pomar cache");
  }

  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* --demo is the demo book's folder under XDG_DATA_HOME, before or after
 * the command. */
static void
test_demo_option (void)
{
  g_autofree char *expected = g_build_filename (tmp_root, "xdg", "pomar", "demo", "pomar.db", NULL);
  const char *const cases[][4] = {
    { "--demo", "status", "--json", NULL },
    { "status", "--demo", "--json", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GSubprocessLauncher) launcher =
        make_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_auto (Run) run = { 0 };
      g_autoptr (JsonNode) status = NULL;

      run_argv (&run, launcher, cases[i]);
      assert_done (&run);
      status = parse_json_bytes (run.out);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (status), "cache"), ==,
                       expected);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("POMARCTL") == NULL)
    g_error ("POMARCTL must name the built pomarctl");

  tmp_root = g_dir_make_tmp ("pomar-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/cli/usage/help-and-version", test_help_and_version);
  g_test_add_func ("/cli/usage/bad", test_bad_usage);
  g_test_add_func ("/cli/status/json", test_status_json);
  g_test_add_func ("/cli/status/text", test_status_text);
  g_test_add_func ("/cli/status/no-cache", test_no_cache);
  g_test_add_func ("/cli/status/demo-option", test_demo_option);
  g_test_add_func ("/cli/export/json-matches-status", test_export_json_matches_status);
  g_test_add_func ("/cli/export/json-types", test_export_json_types);
  g_test_add_func ("/cli/export/csv", test_export_csv);
  g_test_add_func ("/cli/export/fields-match-store", test_export_fields_match_store);
  g_test_add_func ("/cli/export/comma-locale", test_export_comma_locale);
  g_test_add_func ("/cli/usage/translated", test_translated);
  g_test_add_func ("/cli/export/broken-pipe", test_export_broken_pipe);
  g_test_add_func ("/cli/export/disk-full", test_export_disk_full);
  g_test_add_func ("/cli/demo/deterministic", test_demo_deterministic);
  g_test_add_func ("/cli/demo/refuses-real-data", test_demo_refuses_real_data);
  g_test_add_func ("/cli/failure/data-dir-is-a-file", test_data_dir_is_a_file);
  g_test_add_func ("/cli/failure/schema-too-new", test_schema_too_new);

  status = g_test_run ();

  cli_test_remove_tree (tmp_root);
  g_free (tmp_root);
  g_free (book_dir);

  return status;
}
