/* pomar-playbook-template.c: one playbook template, parsed from its JSON.
 *
 * Template files are written by hand, so a mistake must be reported where
 * it is: "qbr.json, line 7: a task needs a title". json-glib 1.6 keeps no
 * positions in its nodes, so the lines are recorded while parsing, from the
 * parser's signals: the line of each object's and array's opening bracket,
 * and the line where each member or element value ends (a scalar's own line).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pomar-error.h"
#include "pomar-playbook.h"

static void
task_template_free (PomarPlaybookTaskTemplate *task)
{
  if (task == NULL)
    return;
  g_free (task->id);
  g_free (task->title);
  g_free (task->description);
  g_free (task);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarPlaybookTaskTemplate, task_template_free)

static void
template_clear (PomarPlaybookTemplate *tmpl)
{
  g_free (tmpl->id);
  g_free (tmpl->name);
  g_free (tmpl->description);
  g_free (tmpl->trigger);
  g_clear_pointer (&tmpl->tasks, g_ptr_array_unref);
  g_free (tmpl->source);
}

static PomarPlaybookTemplate *
template_new (void)
{
  PomarPlaybookTemplate *tmpl = g_atomic_rc_box_new0 (PomarPlaybookTemplate);

  tmpl->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) task_template_free);
  return tmpl;
}

PomarPlaybookTemplate *
pomar_playbook_template_ref (PomarPlaybookTemplate *tmpl)
{
  g_return_val_if_fail (tmpl != NULL, NULL);

  return g_atomic_rc_box_acquire (tmpl);
}

void
pomar_playbook_template_unref (PomarPlaybookTemplate *tmpl)
{
  g_return_if_fail (tmpl != NULL);

  g_atomic_rc_box_release_full (tmpl, (GDestroyNotify) template_clear);
}

/* Lines ------------------------------------------------------------------ */

typedef struct
{
  JsonParser *parser;
  GArray     *open;        /* guint: lines of the brackets not yet closed */
  GHashTable *containers;  /* JsonObject* or JsonArray* -> line of its opening bracket */
  GHashTable *values;      /* JsonObject* or JsonArray* -> GHashTable: member name or
                            * element index (as text) -> line where the value ends */
  guint       error_line;  /* where a syntax error was found */
} Lines;

static void
lines_clear (Lines *lines)
{
  g_clear_pointer (&lines->open, g_array_unref);
  g_clear_pointer (&lines->containers, g_hash_table_unref);
  g_clear_pointer (&lines->values, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Lines, lines_clear)

static void
on_container_start (JsonParser *parser,
                    Lines      *lines)
{
  guint line = json_parser_get_current_line (parser);

  g_array_append_val (lines->open, line);
}

static void
on_container_end (JsonParser *parser,
                  gpointer    container,
                  Lines      *lines)
{
  guint line;

  g_return_if_fail (lines->open->len > 0);
  line = g_array_index (lines->open, guint, lines->open->len - 1);
  g_array_set_size (lines->open, lines->open->len - 1);
  g_hash_table_insert (lines->containers, container, GUINT_TO_POINTER (line));
}

static void
record_value (Lines      *lines,
              gpointer    container,
              const char *key)
{
  GHashTable *table = g_hash_table_lookup (lines->values, container);
  guint line = json_parser_get_current_line (lines->parser);

  if (table == NULL)
    {
      table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (lines->values, container, table);
    }
  g_hash_table_insert (table, g_strdup (key), GUINT_TO_POINTER (line));
}

static void
on_object_member (JsonParser *parser,
                  JsonObject *object,
                  const char *name,
                  Lines      *lines)
{
  record_value (lines, object, name);
}

static void
on_array_element (JsonParser *parser,
                  JsonArray  *array,
                  int         index,
                  Lines      *lines)
{
  char key[16];

  g_snprintf (key, sizeof key, "%d", index);
  record_value (lines, array, key);
}

static void
on_error (JsonParser   *parser,
          const GError *error,
          Lines        *lines)
{
  lines->error_line = json_parser_get_current_line (parser);
}

static void
lines_init (Lines      *lines,
            JsonParser *parser)
{
  lines->parser = parser;
  lines->open = g_array_new (FALSE, FALSE, sizeof (guint));
  /* Containers stay alive as long as the parser's root: plain pointers. */
  lines->containers = g_hash_table_new (NULL, NULL);
  lines->values = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);

  g_signal_connect (parser, "object-start", G_CALLBACK (on_container_start), lines);
  g_signal_connect (parser, "array-start", G_CALLBACK (on_container_start), lines);
  g_signal_connect (parser, "object-end", G_CALLBACK (on_container_end), lines);
  g_signal_connect (parser, "array-end", G_CALLBACK (on_container_end), lines);
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), lines);
  g_signal_connect (parser, "array-element", G_CALLBACK (on_array_element), lines);
  g_signal_connect (parser, "error", G_CALLBACK (on_error), lines);
}

static guint
container_line (Lines   *lines,
                gpointer container)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (lines->containers, container));
}

/* The line of a value: where an object or array opens, the line a scalar
 * is on. */
static guint
value_line (Lines      *lines,
            gpointer    container,
            const char *key,
            JsonNode   *node)
{
  GHashTable *table;

  if (JSON_NODE_HOLDS_OBJECT (node))
    return container_line (lines, json_node_get_object (node));
  if (JSON_NODE_HOLDS_ARRAY (node))
    return container_line (lines, json_node_get_array (node));
  table = g_hash_table_lookup (lines->values, container);
  return table != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (table, key)) : 0;
}

static guint
member_line (Lines      *lines,
             JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return container_line (lines, object);
  return value_line (lines, object, name, node);
}

static guint
element_line (Lines     *lines,
              JsonArray *array,
              guint      index)
{
  char key[16];

  g_snprintf (key, sizeof key, "%u", index);
  return value_line (lines, array, key, json_array_get_element (array, index));
}

/* Errors ----------------------------------------------------------------- */

G_GNUC_PRINTF (4, 5)
static void
set_error_at (GError    **error,
              const char *source_name,
              guint       line,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: a mistake in a playbook file: the file's name, the line
   * and what is wrong, as in "qbr.json, line 7: a task needs a title". */
  g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA, _("%s, line %u: %s"),
               source_name, MAX (line, 1), message);
}

/* json-glib's own message starts "<data>:line:column: "; what follows is
 * the part worth showing. */
static const char *
syntax_detail (const char *message)
{
  const char *p = message;

  if (g_str_has_prefix (p, "<data>:"))
    {
      for (guint colons = 0; colons < 3 && p != NULL; colons++)
        {
          p = strchr (p, ':');
          if (p != NULL)
            p++;
        }
      if (p != NULL)
        return *p == ' ' ? p + 1 : p;
    }
  return message;
}

/* The usual slips get a sentence of ours; the rest, json-glib's words. */
static void
set_syntax_error (GError      **error,
                  const char   *source_name,
                  guint         line,
                  const GError *json_error)
{
  if (g_error_matches (json_error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_TRAILING_COMMA))
    set_error_at (error, source_name, line, _("a comma comes before a closing bracket"));
  else if (g_error_matches (json_error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_MISSING_COMMA))
    set_error_at (error, source_name, line, _("a comma is missing between two values"));
  else if (g_error_matches (json_error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_MISSING_COLON))
    set_error_at (error, source_name, line, _("a colon is missing after a name"));
  else
    set_error_at (error, source_name, line, _("this is not valid JSON (%s)"),
                  syntax_detail (json_error->message));
}

typedef struct
{
  const char *source_name;
  Lines      *lines;
  GError    **error;
} Context;

/* Points @value at the text of the member @name. FALSE, with an error, when
 * it is not text, or is missing or empty while @required (@missing says
 * what is missing); TRUE with NULL when it is optional and missing. */
static gboolean
get_string (Context     *ctx,
            JsonObject  *object,
            const char  *name,
            gboolean     required,
            const char  *missing,
            const char **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL)
    {
      if (!required)
        return TRUE;
      set_error_at (ctx->error, ctx->source_name, container_line (ctx->lines, object), "%s",
                    missing);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_error_at (ctx->error, ctx->source_name, member_line (ctx->lines, object, name),
                    /* Translators: %s is the name of a member of a JSON object, as
                     * "title": leave it as it is. */
                    _("“%s” must be text, in double quotes"), name);
      return FALSE;
    }
  *value = json_node_get_string (node);
  if (required && **value == '\0')
    {
      set_error_at (ctx->error, ctx->source_name, member_line (ctx->lines, object, name),
                    /* Translators: %s is the name of a member of a JSON object, as
                     * "title": leave it as it is. */
                    _("“%s” cannot be empty"), name);
      return FALSE;
    }
  return TRUE;
}

/* Ids are stored, compared and typed on a command line: no blanks. */
static gboolean
check_id (Context    *ctx,
          JsonObject *object,
          const char *id)
{
  for (const char *p = id; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          set_error_at (ctx->error, ctx->source_name, member_line (ctx->lines, object, "id"),
                        _("an id cannot contain spaces: “%s”"), id);
          return FALSE;
        }
    }
  return TRUE;
}

static PomarPlaybookTaskTemplate *
parse_task (Context    *ctx,
            JsonArray  *tasks,
            guint       index,
            GHashTable *seen)
{
  JsonNode *node = json_array_get_element (tasks, index);
  g_autoptr (PomarPlaybookTaskTemplate) task = NULL;
  JsonObject *object;
  JsonNode *due;
  const char *id, *title, *description;
  gint64 days;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_error_at (ctx->error, ctx->source_name, element_line (ctx->lines, tasks, index),
                    _("each task must be a JSON object, in braces"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_string (ctx, object, "id", TRUE, _("a task needs an id"), &id)
      || !check_id (ctx, object, id)
      || !get_string (ctx, object, "title", TRUE, _("a task needs a title"), &title)
      || !get_string (ctx, object, "description", FALSE, NULL, &description))
    return NULL;

  if (g_hash_table_contains (seen, id))
    {
      set_error_at (ctx->error, ctx->source_name, member_line (ctx->lines, object, "id"),
                    _("two tasks have the id “%s”"), id);
      return NULL;
    }

  due = json_object_get_member (object, "due_days");
  if (due == NULL)
    {
      set_error_at (ctx->error, ctx->source_name, container_line (ctx->lines, object),
                    /* Translators: "due_days" is a name in the file: leave it as it is. */
                    _("a task needs “due_days”, its due day counted from the start"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (due) || json_node_get_value_type (due) != G_TYPE_INT64)
    {
      set_error_at (ctx->error, ctx->source_name, member_line (ctx->lines, object, "due_days"),
                    _("“due_days” must be a whole number of days"));
      return NULL;
    }
  days = json_node_get_int (due);
  if (days < 0 || days > POMAR_PLAYBOOK_MAX_DUE_DAYS)
    {
      set_error_at (ctx->error, ctx->source_name, member_line (ctx->lines, object, "due_days"),
                    _("“due_days” must be between 0 and %d"), POMAR_PLAYBOOK_MAX_DUE_DAYS);
      return NULL;
    }

  g_hash_table_add (seen, (gpointer) id);
  task = g_new0 (PomarPlaybookTaskTemplate, 1);
  task->id = g_strdup (id);
  task->title = g_strdup (title);
  task->description = g_strdup (description);
  task->due_offset = days;
  return g_steal_pointer (&task);
}

static PomarPlaybookTemplate *
parse_template (Context  *ctx,
                JsonNode *root)
{
  g_autoptr (PomarPlaybookTemplate) tmpl = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *object;
  JsonNode *node;
  JsonArray *tasks;
  const char *id, *name, *description, *trigger;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      set_error_at (ctx->error, ctx->source_name, 1,
                    _("a playbook must be a JSON object, in braces"));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!get_string (ctx, object, "id", TRUE, _("the playbook needs an id"), &id)
      || !check_id (ctx, object, id)
      || !get_string (ctx, object, "name", TRUE, _("the playbook needs a name"), &name)
      || !get_string (ctx, object, "description", FALSE, NULL, &description)
      || !get_string (ctx, object, "trigger", TRUE, _("the playbook needs a trigger"), &trigger))
    return NULL;

  if (!pomar_playbook_trigger_is_valid (trigger))
    {
      set_error_at (ctx->error, ctx->source_name, member_line (ctx->lines, object, "trigger"),
                    /* Translators: leave the triggers after "use one of" as they are. */
                    _("“%s” is not a trigger Pomar knows; use one of stage:<stage id>, "
                      "health:red, nps:detractor, renewal:90, ticket:urgent-48h, manual"),
                    trigger);
      return NULL;
    }

  node = json_object_get_member (object, "tasks");
  if (node == NULL)
    {
      set_error_at (ctx->error, ctx->source_name, container_line (ctx->lines, object),
                    _("the playbook needs at least one task"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_error_at (ctx->error, ctx->source_name, member_line (ctx->lines, object, "tasks"),
                    /* Translators: "tasks" is a name in the file: leave it as it is. */
                    _("“tasks” must be a list, in square brackets"));
      return NULL;
    }
  tasks = json_node_get_array (node);
  if (json_array_get_length (tasks) == 0)
    {
      set_error_at (ctx->error, ctx->source_name, container_line (ctx->lines, tasks),
                    _("the playbook needs at least one task"));
      return NULL;
    }

  tmpl = template_new ();
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      PomarPlaybookTaskTemplate *task = parse_task (ctx, tasks, i, seen);

      if (task == NULL)
        return NULL;
      g_ptr_array_add (tmpl->tasks, task);
    }

  tmpl->id = g_strdup (id);
  tmpl->name = g_strdup (name);
  tmpl->description = g_strdup (description);
  tmpl->trigger = g_strdup (trigger);
  tmpl->builtin = FALSE;
  tmpl->source = g_strdup (ctx->source_name);
  return g_steal_pointer (&tmpl);
}

/* The line @end is on (for the first byte that is not UTF-8). */
static guint
line_of (const char *text,
         const char *end)
{
  guint line = 1;

  for (const char *p = text; p < end; p++)
    if (*p == '\n')
      line++;
  return line;
}

PomarPlaybookTemplate *
pomar_playbook_template_parse (const char  *text,
                               gssize       length,
                               const char  *source_name,
                               GError     **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local_error = NULL;
  g_auto (Lines) lines = { 0 };
  Context ctx = { source_name, &lines, error };
  const char *bad;
  JsonNode *root;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (source_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (text);

  if (!g_utf8_validate (text, length, &bad))
    {
      set_error_at (error, source_name, line_of (text, bad), _("the file is not UTF-8 text"));
      return NULL;
    }

  parser = json_parser_new ();
  lines_init (&lines, parser);
  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      set_syntax_error (error, source_name, lines.error_line, local_error);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      set_error_at (error, source_name, 1, _("the file is empty"));
      return NULL;
    }
  return parse_template (&ctx, root);
}
