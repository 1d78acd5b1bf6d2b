/* pomar-export.c: CSV and JSON writers for exports.
 *
 * Exports can run to millions of rows, so the writers format into a buffer
 * of their own with hand-written escapers and number formatters, and hand
 * the stream one large write at a time: no printf and no GObject per field.
 * What the output looks like is described in pomar-export.h.
 */
#include "config.h"

#include <string.h>

#include "pomar-export.h"

/* The writer hands the stream its buffer once it holds this much. */
#define FLUSH_SIZE (64 * 1024)

/* Nesting deeper than this in a JSON field is not something a cache holds
 * on purpose; such a field is written as a string rather than validated by
 * a recursion without bound. */
#define MAX_JSON_DEPTH 64

struct _PomarExportWriter
{
  GOutputStream     *stream;
  PomarExportFormat  format;
  GStrv              columns;
  GString           *buffer;
  guint64            rows;
  gboolean           finished;

  /* JSON: each field's `"name":` ready to copy, valid while the rows bring
   * the same name pointers (the store's are static). */
  GPtrArray         *key_names;
  GPtrArray         *keys;
};

static const char *const account_fields[] = {
  "id", "name", "domain", "segment", "owner", "stage", "arr", "currency", "plan",
  "licensed_seats", "contract_start", "renewal_date", "created_at", "updated_at", "version",
  /* computed by Pomar (issue 3) */
  "health", "health_band", "health_computed", "health_override", "nps_90d", "csat_90d",
  "open_tickets", "ttv_days", "days_to_renewal", "suggested_stage", "suggestion_reason",
  NULL
};
static const char *const contact_fields[] = {
  "id", "account_id", "name", "email", "title", "role", "updated_at", "version", NULL
};
static const char *const ticket_fields[] = {
  "id", "account_id", "subject", "status", "priority", "type", "created_at", "updated_at",
  "solved_at", "version", NULL
};
static const char *const usage_fields[] = {
  "id", "account_id", "day", "active_users", "sessions", "events", "features", "updated_at",
  "version", NULL
};
static const char *const response_fields[] = {
  "id", "account_id", "contact_id", "kind", "score", "comment", "responded_at", "updated_at",
  "version", NULL
};
static const char *const activity_fields[] = {
  "id", "account_id", "kind", "author", "body", "occurred_at", "updated_at", "version", NULL
};

const char *const *
pomar_export_collection_fields (PomarCollection collection)
{
  switch (collection)
    {
    case POMAR_COLLECTION_ACCOUNTS:
      return account_fields;
    case POMAR_COLLECTION_CONTACTS:
      return contact_fields;
    case POMAR_COLLECTION_TICKETS:
      return ticket_fields;
    case POMAR_COLLECTION_USAGE:
      return usage_fields;
    case POMAR_COLLECTION_RESPONSES:
      return response_fields;
    case POMAR_COLLECTION_ACTIVITIES:
      return activity_fields;
    case POMAR_N_COLLECTIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
pomar_export_format_to_string (PomarExportFormat format)
{
  switch (format)
    {
    case POMAR_EXPORT_FORMAT_CSV:
      return "csv";
    case POMAR_EXPORT_FORMAT_JSON:
      return "json";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
pomar_export_format_from_string (const char        *name,
                                 PomarExportFormat *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (g_strcmp0 (name, "csv") == 0)
    *out = POMAR_EXPORT_FORMAT_CSV;
  else if (g_strcmp0 (name, "json") == 0)
    *out = POMAR_EXPORT_FORMAT_JSON;
  else
    return FALSE;

  return TRUE;
}

/* Numbers ------------------------------------------------------------------ */

static void
append_int (GString *out,
            gint64   value)
{
  char digits[24];
  guint64 magnitude;
  int pos = sizeof digits;

  /* Through guint64 so that G_MININT64 has a magnitude too. */
  magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
  do
    {
      digits[--pos] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude != 0);
  if (value < 0)
    digits[--pos] = '-';

  g_string_append_len (out, digits + pos, sizeof digits - pos);
}

/* The shortest of %.15g, %.16g, %.17g that reads back as the same double
 * (48000 rather than 48000.000000000001), in the C locale, with a ".0" on
 * whole numbers so that a reader still sees a decimal number. @value is
 * finite. */
static void
append_double (GString *out,
               double   value)
{
  static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (text, sizeof text, formats[i], value);
      if (g_ascii_strtod (text, NULL) == value)
        break;
    }

  g_string_append (out, text);
  if (strpbrk (text, ".e") == NULL)
    g_string_append (out, ".0");
}

/* JSON --------------------------------------------------------------------- */

static const char *json_skip_value (const char *p, int depth);

static const char *
json_skip_space (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

static const char *
json_skip_string (const char *p)
{
  if (*p != '"')
    return NULL;

  for (p++; *p != '"'; p++)
    {
      if ((guchar) *p < 0x20)
        return NULL;
      if (*p != '\\')
        continue;

      p++;
      if (*p == 'u')
        {
          for (int i = 1; i <= 4; i++)
            if (!g_ascii_isxdigit (p[i]))
              return NULL;
          p += 4;
        }
      else if (*p == '\0' || strchr ("\"\\/bfnrt", *p) == NULL)
        return NULL;
    }

  return p + 1;
}

static const char *
json_skip_digits (const char *p)
{
  if (!g_ascii_isdigit (*p))
    return NULL;
  while (g_ascii_isdigit (*p))
    p++;
  return p;
}

static const char *
json_skip_number (const char *p)
{
  if (*p == '-')
    p++;
  if (*p == '0')
    p++;
  else if ((p = json_skip_digits (p)) == NULL)
    return NULL;

  if (*p == '.' && (p = json_skip_digits (p + 1)) == NULL)
    return NULL;

  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      p = json_skip_digits (p);
    }

  return p;
}

/* Skips "[ ... ]" or "{ ... }" at @p, whose members are values (arrays) or
 * string:value pairs (objects). */
static const char *
json_skip_container (const char *p,
                     int         depth)
{
  gboolean object = *p == '{';
  char close = object ? '}' : ']';

  p = json_skip_space (p + 1);
  if (*p == close)
    return p + 1;

  for (;;)
    {
      if (object)
        {
          if ((p = json_skip_string (json_skip_space (p))) == NULL)
            return NULL;
          p = json_skip_space (p);
          if (*p != ':')
            return NULL;
          p++;
        }

      if ((p = json_skip_value (p, depth + 1)) == NULL)
        return NULL;

      if (*p == close)
        return p + 1;
      if (*p != ',')
        return NULL;
      p++;
    }
}

/* Skips one JSON value with the space around it; NULL when there is no
 * valid value at @p. */
static const char *
json_skip_value (const char *p,
                 int         depth)
{
  if (depth > MAX_JSON_DEPTH)
    return NULL;

  p = json_skip_space (p);
  switch (*p)
    {
    case '{':
    case '[':
      p = json_skip_container (p, depth);
      break;
    case '"':
      p = json_skip_string (p);
      break;
    case 't':
      p = strncmp (p, "true", 4) == 0 ? p + 4 : NULL;
      break;
    case 'f':
      p = strncmp (p, "false", 5) == 0 ? p + 5 : NULL;
      break;
    case 'n':
      p = strncmp (p, "null", 4) == 0 ? p + 4 : NULL;
      break;
    default:
      p = json_skip_number (p);
      break;
    }

  return p != NULL ? json_skip_space (p) : NULL;
}

/* TRUE when @text is one whole JSON value in valid UTF-8. */
static gboolean
is_json_text (const char *text)
{
  const char *end;

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  end = json_skip_value (text, 0);
  return end != NULL && *end == '\0';
}

/* Appends @text as a JSON string: quotes, backslashes and control
 * characters escaped, everything else (non-ASCII too) as it is. Runs of
 * plain bytes are copied in one go. @text is valid UTF-8. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = text;
  const char *p;

  g_string_append_c (out, '"');
  for (p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      char escape[7] = { '\\', 0 };
      gsize escape_len = 2;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      switch (c)
        {
        case '"': escape[1] = '"'; break;
        case '\\': escape[1] = '\\'; break;
        case '\b': escape[1] = 'b'; break;
        case '\f': escape[1] = 'f'; break;
        case '\n': escape[1] = 'n'; break;
        case '\r': escape[1] = 'r'; break;
        case '\t': escape[1] = 't'; break;
        default:
          memcpy (escape + 1, "u00", 3);
          escape[4] = hex[c >> 4];
          escape[5] = hex[c & 0xf];
          escape_len = 6;
          break;
        }

      g_string_append_len (out, run, p - run);
      g_string_append_len (out, escape, escape_len);
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

/* @text itself when it is valid UTF-8, else a repaired copy in @repaired. */
static const char *
valid_utf8 (const char  *text,
            char       **repaired)
{
  if (g_utf8_validate (text, -1, NULL))
    return text;

  *repaired = g_utf8_make_valid (text, -1);
  return *repaired;
}

static void
append_json_value (GString          *out,
                   const PomarField *field)
{
  g_autofree char *repaired = NULL;

  switch (field->type)
    {
    case POMAR_FIELD_INT:
      append_int (out, field->i);
      break;

    case POMAR_FIELD_DOUBLE:
      /* JSON has no NaN nor infinity. */
      if (isfinite (field->d))
        append_double (out, field->d);
      else
        g_string_append (out, "null");
      break;

    case POMAR_FIELD_BOOLEAN:
      g_string_append (out, field->i ? "true" : "false");
      break;

    case POMAR_FIELD_STRING:
      append_json_string (out, valid_utf8 (field->s, &repaired));
      break;

    case POMAR_FIELD_JSON:
      /* Embedded as JSON when it is JSON; a damaged value is kept, as a
       * string, rather than breaking the whole document. */
      if (is_json_text (field->s))
        {
          const char *start = json_skip_space (field->s);
          const char *end = start + strlen (start);

          /* Without the space around it, which is_json_text() allows. */
          while (end > start && strchr (" \t\r\n", end[-1]) != NULL)
            end--;
          g_string_append_len (out, start, end - start);
        }
      else
        {
          append_json_string (out, valid_utf8 (field->s, &repaired));
        }
      break;

    case POMAR_FIELD_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

/* The `"name":` of each field, made once and reused while the rows bring
 * the same names. */
static const char *
json_key (PomarExportWriter *self,
          guint              index,
          const char        *name)
{
  GString *key;

  if (index < self->keys->len && g_ptr_array_index (self->key_names, index) == name)
    return g_ptr_array_index (self->keys, index);

  key = g_string_new (NULL);
  append_json_string (key, name);
  g_string_append_c (key, ':');

  if (index < self->keys->len)
    {
      g_free (g_ptr_array_index (self->keys, index));
      self->keys->pdata[index] = g_string_free (key, FALSE);
      self->key_names->pdata[index] = (gpointer) name;
    }
  else
    {
      g_ptr_array_add (self->keys, g_string_free (key, FALSE));
      g_ptr_array_add (self->key_names, (gpointer) name);
    }

  return g_ptr_array_index (self->keys, index);
}

static void
append_json_row (PomarExportWriter *self,
                 const PomarField  *fields,
                 guint              n_fields)
{
  GString *out = self->buffer;

  g_string_append (out, self->rows == 0 ? "[\n{" : ",\n{");
  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, json_key (self, i, fields[i].name));
      append_json_value (out, &fields[i]);
    }
  g_string_append_c (out, '}');
}

/* CSV ---------------------------------------------------------------------- */

static void
append_csv_text (GString    *out,
                 const char *text)
{
  g_autofree char *repaired = NULL;

  text = valid_utf8 (text, &repaired);

  /* Quoted only when it must be, and always when empty: "" is an empty
   * string where an empty field is a null. */
  if (*text != '\0' && strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      const char *quote = strchr (p, '"');

      if (quote == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, quote - p + 1);
      g_string_append_c (out, '"');
      p = quote;
    }
  g_string_append_c (out, '"');
}

static void
append_csv_value (GString          *out,
                  const PomarField *field)
{
  switch (field->type)
    {
    case POMAR_FIELD_INT:
      append_int (out, field->i);
      break;

    case POMAR_FIELD_DOUBLE:
      if (isfinite (field->d))
        append_double (out, field->d);
      break;

    case POMAR_FIELD_BOOLEAN:
      g_string_append (out, field->i ? "true" : "false");
      break;

    case POMAR_FIELD_STRING:
    case POMAR_FIELD_JSON:
      append_csv_text (out, field->s);
      break;

    case POMAR_FIELD_NULL:
    default:
      break;
    }
}

static void
append_csv_header (GString           *out,
                   const char *const *names,
                   guint              n_names)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_csv_text (out, names[i]);
    }
  g_string_append_c (out, '\n');
}

static void
append_csv_row (PomarExportWriter *self,
                const PomarField  *fields,
                guint              n_fields)
{
  GString *out = self->buffer;

  if (self->rows == 0)
    {
      g_autofree const char **names = g_new (const char *, n_fields);

      for (guint i = 0; i < n_fields; i++)
        names[i] = fields[i].name;
      append_csv_header (out, names, n_fields);
    }

  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_csv_value (out, &fields[i]);
    }
  g_string_append_c (out, '\n');
}

/* The writer --------------------------------------------------------------- */

PomarExportWriter *
pomar_export_writer_new (GOutputStream     *stream,
                         PomarExportFormat  format,
                         const char *const *columns)
{
  PomarExportWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);
  g_return_val_if_fail (format == POMAR_EXPORT_FORMAT_CSV || format == POMAR_EXPORT_FORMAT_JSON,
                        NULL);

  self = g_new0 (PomarExportWriter, 1);
  self->stream = g_object_ref (stream);
  self->format = format;
  self->columns = g_strdupv ((char **) columns);
  self->buffer = g_string_sized_new (FLUSH_SIZE + 4096);
  self->key_names = g_ptr_array_new ();
  self->keys = g_ptr_array_new_with_free_func (g_free);

  return self;
}

void
pomar_export_writer_free (PomarExportWriter *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->stream);
  g_clear_pointer (&self->columns, g_strfreev);
  g_string_free (self->buffer, TRUE);
  g_ptr_array_unref (self->key_names);
  g_ptr_array_unref (self->keys);
  g_free (self);
}

static gboolean
flush_buffer (PomarExportWriter  *self,
              GError            **error)
{
  if (self->buffer->len == 0)
    return TRUE;

  /* The stream's own error (G_IO_ERROR_BROKEN_PIPE, ...) is kept as it is:
   * a caller may want to tell a closed pipe from a failure. */
  if (!g_output_stream_write_all (self->stream, self->buffer->str, self->buffer->len,
                                  NULL, NULL, error))
    return FALSE;

  g_string_truncate (self->buffer, 0);
  return TRUE;
}

gboolean
pomar_export_writer_write_row (PomarExportWriter  *self,
                               const PomarField   *fields,
                               guint               n_fields,
                               GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (fields != NULL || n_fields == 0, FALSE);
  g_return_val_if_fail (!self->finished, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->format == POMAR_EXPORT_FORMAT_JSON)
    append_json_row (self, fields, n_fields);
  else
    append_csv_row (self, fields, n_fields);
  self->rows++;

  if (self->buffer->len >= FLUSH_SIZE)
    return flush_buffer (self, error);
  return TRUE;
}

gboolean
pomar_export_writer_finish (PomarExportWriter  *self,
                            GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->finished, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->finished = TRUE;

  if (self->format == POMAR_EXPORT_FORMAT_JSON)
    g_string_append (self->buffer, self->rows == 0 ? "[]\n" : "\n]\n");
  else if (self->rows == 0 && self->columns != NULL)
    append_csv_header (self->buffer, (const char *const *) self->columns,
                       g_strv_length (self->columns));

  return flush_buffer (self, error)
         && g_output_stream_flush (self->stream, NULL, error);
}

guint64
pomar_export_writer_get_rows (PomarExportWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rows;
}
