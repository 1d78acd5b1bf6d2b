/* test-export.c: the CSV and JSON export writers, on their own.
 *
 * The writers write into a memory stream; JSON output is read back with
 * json-glib, so a test fails on anything a real JSON reader would refuse.
 */
#include "config.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <gio/gunixoutputstream.h>

#include "cli-test-util.h"
#include "core/pomar-export.h"

/* Helpers ----------------------------------------------------------------- */

static PomarField
str_field (const char *name,
           const char *value)
{
  PomarField field = { name, value != NULL ? POMAR_FIELD_STRING : POMAR_FIELD_NULL, 0, 0.0, value };

  return field;
}

static PomarField
int_field (const char *name,
           gint64      value)
{
  PomarField field = { name, POMAR_FIELD_INT, value, 0.0, NULL };

  return field;
}

static PomarField
double_field (const char *name,
              double      value)
{
  PomarField field = { name, POMAR_FIELD_DOUBLE, 0, value, NULL };

  return field;
}

static PomarField
json_field (const char *name,
            const char *value)
{
  PomarField field = { name, POMAR_FIELD_JSON, 0, 0.0, value };

  return field;
}

static PomarField
bool_field (const char *name,
            gboolean    value)
{
  PomarField field = { name, POMAR_FIELD_BOOLEAN, value, 0.0, NULL };

  return field;
}

static PomarField
null_field (const char *name)
{
  PomarField field = { name, POMAR_FIELD_NULL, 0, 0.0, NULL };

  return field;
}

/* Writes @n_rows rows of @n_fields each (all rows alike) and returns the
 * text, NUL-terminated. */
static char *
export_rows (PomarExportFormat  format,
             const char *const *columns,
             const PomarField  *fields,
             guint              n_fields,
             guint              n_rows)
{
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (PomarExportWriter) writer = NULL;
  g_autoptr (GError) error = NULL;

  writer = pomar_export_writer_new (stream, format, columns);
  for (guint i = 0; i < n_rows; i++)
    {
      pomar_export_writer_write_row (writer, fields, n_fields, &error);
      g_assert_no_error (error);
    }
  pomar_export_writer_finish (writer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pomar_export_writer_get_rows (writer), ==, n_rows);

  /* One more byte, a NUL, makes the text a C string. */
  g_output_stream_write_all (stream, "", 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static char *
export_one (PomarExportFormat  format,
            const PomarField  *fields,
            guint              n_fields)
{
  return export_rows (format, NULL, fields, n_fields, 1);
}

/* Parses @text, which must be a JSON array, and returns its root. */
static JsonNode *
parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (JSON_NODE_TYPE (json_parser_get_root (parser)), ==, JSON_NODE_ARRAY);

  return json_node_copy (json_parser_get_root (parser));
}

/* The object of a one-row JSON export of @fields. */
static JsonObject *
export_json_object (const PomarField *fields,
                    guint             n_fields)
{
  g_autofree char *text = export_one (POMAR_EXPORT_FORMAT_JSON, fields, n_fields);
  g_autoptr (JsonNode) root = parse_json (text);
  JsonArray *array = json_node_get_array (root);

  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  return json_object_ref (json_array_get_object_element (array, 0));
}

/* CSV ---------------------------------------------------------------------- */

static void
test_csv_quoting (void)
{
  const PomarField fields[] = {
    str_field ("plain", "Acme"),
    str_field ("comma", "a,b"),
    str_field ("quote", "say \"hi\""),
    str_field ("lines", "first\nsecond\r\nthird"),
    str_field ("empty", ""),
    null_field ("null"),
    str_field ("accents", "Ação ✓"),
    str_field ("space", " padded "),
  };
  g_autofree char *text = export_one (POMAR_EXPORT_FORMAT_CSV, fields, G_N_ELEMENTS (fields));

  g_assert_cmpstr (text, ==,
                   "plain,comma,quote,lines,empty,null,accents,space\n"
                   "Acme,\"a,b\",\"say \"\"hi\"\"\",\"first\nsecond\r\nthird\",\"\",,Ação ✓, padded \n");
}

static void
test_csv_values (void)
{
  const PomarField fields[] = {
    int_field ("seats", 40),
    int_field ("negative", -7),
    int_field ("min", G_MININT64),
    int_field ("max", G_MAXINT64),
    double_field ("arr", 48000.0),
    double_field ("fraction", 1234.5),
    double_field ("nan", NAN),
    bool_field ("yes", TRUE),
    bool_field ("no", FALSE),
    json_field ("features", "{\"reports\":120,\"exports\":4}"),
  };
  g_autofree char *text = export_one (POMAR_EXPORT_FORMAT_CSV, fields, G_N_ELEMENTS (fields));

  g_assert_cmpstr (text, ==,
                   "seats,negative,min,max,arr,fraction,nan,yes,no,features\n"
                   "40,-7,-9223372036854775808,9223372036854775807,48000.0,1234.5,,true,false,"
                   "\"{\"\"reports\"\":120,\"\"exports\"\":4}\"\n");
}

static void
test_csv_header_without_rows (void)
{
  const char *const columns[] = { "id", "name, with comma", NULL };
  g_autofree char *with_columns = export_rows (POMAR_EXPORT_FORMAT_CSV, columns, NULL, 0, 0);
  g_autofree char *without = export_rows (POMAR_EXPORT_FORMAT_CSV, NULL, NULL, 0, 0);

  g_assert_cmpstr (with_columns, ==, "id,\"name, with comma\"\n");
  g_assert_cmpstr (without, ==, "");
}

/* Under a locale with a decimal comma, numbers are still written with a
 * point (and no digit grouping). */
static void
test_numbers_in_comma_locale (void)
{
  const PomarField fields[] = {
    double_field ("arr", 1234567.25),
    int_field ("events", 4210),
  };
  g_autofree char *tmp_dir = g_dir_make_tmp ("pomar-export-XXXXXX", NULL);
  g_autofree char *why = NULL;
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  char probe[32];

  g_assert_nonnull (tmp_dir);
  if (!cli_test_provide_comma_locale (tmp_dir, &why))
    {
      cli_test_remove_tree (tmp_dir);
      g_test_skip (why);
      return;
    }

  g_assert_nonnull (setlocale (LC_NUMERIC, CLI_TEST_COMMA_LOCALE));
  /* The locale does what the test needs it to do. */
  g_snprintf (probe, sizeof probe, "%.2f", 1.5);
  g_assert_cmpstr (probe, ==, "1,50");

  csv = export_one (POMAR_EXPORT_FORMAT_CSV, fields, G_N_ELEMENTS (fields));
  json = export_one (POMAR_EXPORT_FORMAT_JSON, fields, G_N_ELEMENTS (fields));
  setlocale (LC_NUMERIC, saved);
  cli_test_remove_tree (tmp_dir);

  g_assert_cmpstr (csv, ==, "arr,events\n1234567.25,4210\n");
  g_assert_cmpstr (json, ==, "[\n{\"arr\":1234567.25,\"events\":4210}\n]\n");
}

/* JSON --------------------------------------------------------------------- */

static void
test_json_document_shape (void)
{
  const PomarField fields[] = { str_field ("id", "a"), int_field ("version", 1) };
  g_autofree char *none = export_rows (POMAR_EXPORT_FORMAT_JSON, NULL, NULL, 0, 0);
  g_autofree char *two = export_rows (POMAR_EXPORT_FORMAT_JSON, NULL, fields, 2, 2);

  g_assert_cmpstr (none, ==, "[]\n");
  g_assert_cmpstr (two, ==,
                   "[\n"
                   "{\"id\":\"a\",\"version\":1},\n"
                   "{\"id\":\"a\",\"version\":1}\n"
                   "]\n");
}

static void
test_json_types (void)
{
  const PomarField fields[] = {
    str_field ("id", "acc_1042"),
    double_field ("arr", 48000.0),
    double_field ("nan", NAN),
    int_field ("licensed_seats", 40),
    null_field ("segment"),
    bool_field ("deleted", FALSE),
    json_field ("features", " {\"reports\": 120, \"dashboards\": [1, 2.5e3, null, true]} \n"),
    int_field ("version", 12),
  };
  g_autoptr (JsonObject) object = export_json_object (fields, G_N_ELEMENTS (fields));
  g_autoptr (GList) members = json_object_get_members (object);
  JsonNode *node;
  JsonObject *features;

  /* Every field, in order. */
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (fields));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_cmpstr (g_list_nth_data (members, i), ==, fields[i].name);

  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "acc_1042");

  node = json_object_get_member (object, "arr");
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_node_get_double (node), ==, 48000.0);

  g_assert_true (json_object_get_null_member (object, "nan"));
  g_assert_true (json_object_get_null_member (object, "segment"));

  node = json_object_get_member (object, "licensed_seats");
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (node), ==, 40);

  node = json_object_get_member (object, "deleted");
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);
  g_assert_false (json_node_get_boolean (node));

  features = json_object_get_object_member (object, "features");
  g_assert_nonnull (features);
  g_assert_cmpint (json_object_get_int_member (features, "reports"), ==, 120);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (features, "dashboards")), ==, 4);
}

/* Strings come back from a JSON reader exactly as they went in. */
static void
test_json_string_round_trip (void)
{
  static const char *const strings[] = {
    "",
    "plain",
    "say \"hi\"",
    "back\\slash \\\" \\n",
    "tab\tnew\nline\rcarriage\bback\fform",
    "\x01\x02\x1f\x7f end",
    "Ação, café, 日本語, 🍊",
    "</script> and \u2028 line separator",
    "{\"not\": \"json, a string\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      const PomarField fields[] = { str_field ("s", strings[i]) };
      g_autoptr (JsonObject) object = export_json_object (fields, 1);

      g_assert_cmpstr (json_object_get_string_member (object, "s"), ==, strings[i]);
    }
}

/* Names are escaped as values are. */
static void
test_json_names_escaped (void)
{
  const PomarField fields[] = { int_field ("we\"ird\nname", 1) };
  g_autoptr (JsonObject) object = export_json_object (fields, 1);

  g_assert_true (json_object_has_member (object, "we\"ird\nname"));
}

/* Whatever bytes a cache holds, the document stays valid UTF-8 JSON. */
static void
test_json_invalid_utf8 (void)
{
  const PomarField fields[] = {
    str_field ("s", "caf\xe9 ok"),
    json_field ("j", "{\"k\":\"\xff\"}"),
  };
  g_autoptr (JsonObject) object = export_json_object (fields, G_N_ELEMENTS (fields));
  g_autofree char *csv = export_one (POMAR_EXPORT_FORMAT_CSV, fields, G_N_ELEMENTS (fields));
  const char *s = json_object_get_string_member (object, "s");

  g_assert_true (g_str_has_prefix (s, "caf"));
  g_assert_true (g_str_has_suffix (s, " ok"));
  g_assert_true (g_utf8_validate (s, -1, NULL));
  /* Not JSON once it is not UTF-8: kept as a (repaired) string. */
  g_assert_nonnull (json_object_get_string_member (object, "j"));
  g_assert_true (g_utf8_validate (csv, -1, NULL));
}

/* A JSON field is embedded when it is one whole JSON value, and kept as a
 * string otherwise, so that one damaged value never breaks a document. */
static void
test_json_field_validation (void)
{
  static const struct
  {
    const char *text;
    gboolean    embedded;
  } cases[] = {
    { "{}", TRUE },
    { "[]", TRUE },
    { "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"\\u00e9\\n\"}}", TRUE },
    { "-0.5e-3", TRUE },
    { "\"text\"", TRUE },
    { "  [ 1 , 2 ]  ", TRUE },
    { "", FALSE },
    { "   ", FALSE },
    { "{", FALSE },
    { "{\"a\":}", FALSE },
    { "{\"a\" 1}", FALSE },
    { "{a:1}", FALSE },
    { "[1,2", FALSE },
    { "[1,]", FALSE },
    { "{\"a\":1,}", FALSE },
    { "[1] [2]", FALSE },
    { "tru", FALSE },
    { "nul", FALSE },
    { "01", FALSE },
    { "1.", FALSE },
    { ".5", FALSE },
    { "1e", FALSE },
    { "-", FALSE },
    { "NaN", FALSE },
    { "\"bad \\x escape\"", FALSE },
    { "\"bad \\u12 escape\"", FALSE },
    { "\"raw\ttab\"", FALSE },
    { "\"unterminated", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const PomarField fields[] = { json_field ("j", cases[i].text) };
      g_autoptr (JsonObject) object = export_json_object (fields, 1);
      JsonNode *node = json_object_get_member (object, "j");
      gboolean as_string = JSON_NODE_HOLDS_VALUE (node)
                           && json_node_get_value_type (node) == G_TYPE_STRING;

      g_test_message ("JSON field %s", cases[i].text);
      if (cases[i].embedded && cases[i].text[0] != '"')
        g_assert_false (as_string);
      else if (!cases[i].embedded)
        g_assert_cmpstr (json_node_get_string (node), ==, cases[i].text);
    }
}

/* Nesting without bound is not followed down: it is kept as a string. */
static void
test_json_field_deep_nesting (void)
{
  g_autoptr (GString) deep = g_string_new (NULL);
  g_autoptr (GString) fine = g_string_new (NULL);

  for (int i = 0; i < 10000; i++)
    g_string_append_c (deep, '[');
  for (int i = 0; i < 10000; i++)
    g_string_append_c (deep, ']');
  for (int i = 0; i < 20; i++)
    g_string_append (fine, "{\"a\":");
  g_string_append (fine, "1");
  for (int i = 0; i < 20; i++)
    g_string_append_c (fine, '}');

  {
    const PomarField fields[] = { json_field ("deep", deep->str), json_field ("fine", fine->str) };
    g_autoptr (JsonObject) object = export_json_object (fields, G_N_ELEMENTS (fields));

    g_assert_cmpstr (json_object_get_string_member (object, "deep"), ==, deep->str);
    g_assert_nonnull (json_object_get_object_member (object, "fine"));
  }
}

static void
test_json_doubles_round_trip (void)
{
  static const double values[] = {
    0.0, -0.0, 0.1, 1.0 / 3.0, 48000.0, 1234.56, -99.99, 1e300, -2.5e-300, 9007199254740993.0,
    123456789.123456789, G_MAXDOUBLE, G_MINDOUBLE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      const PomarField fields[] = { double_field ("d", values[i]) };
      g_autoptr (JsonObject) object = export_json_object (fields, 1);
      JsonNode *node = json_object_get_member (object, "d");

      g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_DOUBLE);
      g_assert_cmpfloat (json_node_get_double (node), ==, values[i]);
    }

  /* And the shortest text that does it. */
  {
    const PomarField fields[] = {
      double_field ("a", 0.1), double_field ("b", 48000.0), double_field ("c", -0.0),
    };
    g_autofree char *text = export_one (POMAR_EXPORT_FORMAT_JSON, fields, G_N_ELEMENTS (fields));

    g_assert_cmpstr (text, ==, "[\n{\"a\":0.1,\"b\":48000.0,\"c\":-0.0}\n]\n");
  }
}

/* Many rows: the writer's buffer is flushed many times over, and not a byte
 * is lost or doubled at the seams. */
static void
test_many_rows (void)
{
  const guint n_rows = 50000;
  const PomarField fields[] = {
    str_field ("id", "acc_1:2026-11-20"),
    str_field ("comment", "multi\nline, \"quoted\""),
    int_field ("events", 4210),
    json_field ("features", "{\"reports\":120}"),
  };
  g_autofree char *json = export_rows (POMAR_EXPORT_FORMAT_JSON, NULL, fields,
                                       G_N_ELEMENTS (fields), n_rows);
  g_autofree char *csv = export_rows (POMAR_EXPORT_FORMAT_CSV, NULL, fields,
                                      G_N_ELEMENTS (fields), n_rows);
  g_autoptr (JsonNode) root = parse_json (json);
  const char *row = "acc_1:2026-11-20,\"multi\nline, \"\"quoted\"\"\",4210,\"{\"\"reports\"\":120}\"\n";
  const char *header = "id,comment,events,features\n";

  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, n_rows);
  g_assert_cmpuint (strlen (csv), ==, strlen (header) + n_rows * strlen (row));
  g_assert_true (g_str_has_prefix (csv, header));
  for (guint i = 0; i < n_rows; i++)
    g_assert_true (strncmp (csv + strlen (header) + i * strlen (row), row, strlen (row)) == 0);
}

/* A stream's own error reaches the caller as it is: pomarctl tells a
 * closed pipe (a reader such as `head` that has seen enough) from a real
 * failure by it. */
static void
test_broken_pipe (void)
{
  const PomarField fields[] = { str_field ("id", "a fairly long identifier to fill buffers") };
  g_autoptr (GOutputStream) stream = NULL;
  g_autoptr (PomarExportWriter) writer = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok = TRUE;
  int fds[2];

  g_assert_no_errno (pipe (fds));
  close (fds[0]);
  stream = g_unix_output_stream_new (fds[1], TRUE);

  writer = pomar_export_writer_new (stream, POMAR_EXPORT_FORMAT_CSV, NULL);
  for (guint i = 0; ok && i < 100000; i++)
    ok = pomar_export_writer_write_row (writer, fields, 1, &error);
  if (ok)
    ok = pomar_export_writer_finish (writer, &error);

  g_assert_false (ok);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
}

static void
test_format_names (void)
{
  PomarExportFormat format;

  g_assert_true (pomar_export_format_from_string ("csv", &format));
  g_assert_cmpint (format, ==, POMAR_EXPORT_FORMAT_CSV);
  g_assert_true (pomar_export_format_from_string ("json", &format));
  g_assert_cmpint (format, ==, POMAR_EXPORT_FORMAT_JSON);
  g_assert_false (pomar_export_format_from_string ("xml", &format));
  g_assert_false (pomar_export_format_from_string ("CSV", &format));
  g_assert_false (pomar_export_format_from_string (NULL, &format));
  g_assert_cmpstr (pomar_export_format_to_string (POMAR_EXPORT_FORMAT_JSON), ==, "json");
  g_assert_cmpstr (pomar_export_format_to_string (POMAR_EXPORT_FORMAT_CSV), ==, "csv");

  for (guint c = 0; c < POMAR_N_COLLECTIONS; c++)
    {
      const char *const *names = pomar_export_collection_fields (c);

      g_assert_nonnull (names);
      g_assert_cmpstr (names[0], ==, "id");
    }
}

int
main (int    argc,
      char **argv)
{
  /* The test of a broken pipe wants EPIPE, not the signal. */
  signal (SIGPIPE, SIG_IGN);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/csv/quoting", test_csv_quoting);
  g_test_add_func ("/export/csv/values", test_csv_values);
  g_test_add_func ("/export/csv/header-without-rows", test_csv_header_without_rows);
  g_test_add_func ("/export/numbers-in-comma-locale", test_numbers_in_comma_locale);
  g_test_add_func ("/export/json/document-shape", test_json_document_shape);
  g_test_add_func ("/export/json/types", test_json_types);
  g_test_add_func ("/export/json/string-round-trip", test_json_string_round_trip);
  g_test_add_func ("/export/json/names-escaped", test_json_names_escaped);
  g_test_add_func ("/export/json/invalid-utf8", test_json_invalid_utf8);
  g_test_add_func ("/export/json/field-validation", test_json_field_validation);
  g_test_add_func ("/export/json/field-deep-nesting", test_json_field_deep_nesting);
  g_test_add_func ("/export/json/doubles-round-trip", test_json_doubles_round_trip);
  g_test_add_func ("/export/many-rows", test_many_rows);
  g_test_add_func ("/export/broken-pipe", test_broken_pipe);
  g_test_add_func ("/export/format-names", test_format_names);

  return g_test_run ();
}
