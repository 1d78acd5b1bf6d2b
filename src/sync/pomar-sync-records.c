/* pomar-sync-records.c: the contract's record rules, in one table per collection.
 *
 * A sync reads millions of usage rows, so this is written to cost little per
 * record: each object's members are walked once into slots (no lookup per
 * field, no JsonReader), the slots are then checked in the table's order (so
 * that the first problem reported does not depend on hash order), and the
 * only allocations are the record and its own strings. Timestamps already in
 * UTC ("...Z", or with no offset) are checked and copied by hand; GDateTime
 * is only used to shift a timestamp with an offset to UTC.
 *
 * The slots hold values (PomarSyncValue), not nodes, so that the page
 * reader of pomar-sync-page.c, which builds no tree, fills them too and
 * goes through the very same checks (pomar-sync-records-private.h).
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "pomar-sync-records.h"
#include "pomar-sync-records-private.h"

/* "YYYY-MM-DDTHH:MM:SSZ" and its terminating NUL. */
#define TIMESTAMP_LEN 20

/* At most this many characters of a bad value are quoted in a reason: the
 * raw record is kept beside the reason anyway. */
#define QUOTE_CHARS 40

typedef enum
{
  FIELD_ID,        /* a non-empty string, required */
  FIELD_DELETED,   /* true, false or null */
  FIELD_VERSION,   /* a whole number >= 0, required */
  FIELD_STRING,    /* a string or null */
  FIELD_DAY,       /* "YYYY-MM-DD", a real date, or null */
  FIELD_TIMESTAMP, /* RFC 3339, stored in UTC with a Z, or null */
  FIELD_COUNT,     /* a whole number >= 0, or null */
  FIELD_INTEGER,   /* any whole number, or null */
  FIELD_NUMBER,    /* any number, or null */
  FIELD_OBJECT,    /* a JSON object, kept as text, or null */
} FieldKind;

typedef struct
{
  const char *name;
  FieldKind   kind;
  guint16     offset;
  gboolean    in_tombstone; /* read in a tombstone too */
} Field;

typedef struct
{
  gsize          size;
  const Field   *fields;
  guint          n_fields;
  GDestroyNotify free;
} Collection;

/* The same four members open every record; "id" and "deleted" come first
 * because whether the rest is read at all depends on them. */
#define HEAD(Type)                                                   \
  { "id", FIELD_ID, offsetof (Type, id), TRUE },                     \
  { "deleted", FIELD_DELETED, offsetof (Type, deleted), TRUE },      \
  { "version", FIELD_VERSION, offsetof (Type, version), TRUE },      \
  { "updated_at", FIELD_TIMESTAMP, offsetof (Type, updated_at), TRUE }

#define BODY(Type, name, kind) { #name, kind, offsetof (Type, name), FALSE }

static const Field account_fields[] = {
  HEAD (PomarAccount),
  BODY (PomarAccount, name, FIELD_STRING),
  BODY (PomarAccount, domain, FIELD_STRING),
  BODY (PomarAccount, segment, FIELD_STRING),
  BODY (PomarAccount, owner, FIELD_STRING),
  BODY (PomarAccount, stage, FIELD_STRING),
  BODY (PomarAccount, arr, FIELD_NUMBER),
  BODY (PomarAccount, currency, FIELD_STRING),
  BODY (PomarAccount, plan, FIELD_STRING),
  BODY (PomarAccount, licensed_seats, FIELD_COUNT),
  BODY (PomarAccount, contract_start, FIELD_DAY),
  BODY (PomarAccount, renewal_date, FIELD_DAY),
  BODY (PomarAccount, created_at, FIELD_TIMESTAMP),
};

static const Field contact_fields[] = {
  HEAD (PomarContact),
  BODY (PomarContact, account_id, FIELD_STRING),
  BODY (PomarContact, name, FIELD_STRING),
  BODY (PomarContact, email, FIELD_STRING),
  BODY (PomarContact, title, FIELD_STRING),
  BODY (PomarContact, role, FIELD_STRING),
};

static const Field ticket_fields[] = {
  HEAD (PomarTicket),
  BODY (PomarTicket, account_id, FIELD_STRING),
  BODY (PomarTicket, subject, FIELD_STRING),
  BODY (PomarTicket, status, FIELD_STRING),
  BODY (PomarTicket, priority, FIELD_STRING),
  BODY (PomarTicket, type, FIELD_STRING),
  BODY (PomarTicket, created_at, FIELD_TIMESTAMP),
  BODY (PomarTicket, solved_at, FIELD_TIMESTAMP),
};

/* The record keeps "features" as features_json. */
static const Field usage_fields[] = {
  HEAD (PomarUsage),
  BODY (PomarUsage, account_id, FIELD_STRING),
  BODY (PomarUsage, day, FIELD_DAY),
  BODY (PomarUsage, active_users, FIELD_COUNT),
  BODY (PomarUsage, sessions, FIELD_COUNT),
  BODY (PomarUsage, events, FIELD_COUNT),
  { "features", FIELD_OBJECT, offsetof (PomarUsage, features_json), FALSE },
};

static const Field response_fields[] = {
  HEAD (PomarResponse),
  BODY (PomarResponse, account_id, FIELD_STRING),
  BODY (PomarResponse, contact_id, FIELD_STRING),
  BODY (PomarResponse, kind, FIELD_STRING),
  BODY (PomarResponse, score, FIELD_INTEGER),
  BODY (PomarResponse, comment, FIELD_STRING),
  BODY (PomarResponse, responded_at, FIELD_TIMESTAMP),
};

static const Field activity_fields[] = {
  HEAD (PomarActivity),
  BODY (PomarActivity, account_id, FIELD_STRING),
  BODY (PomarActivity, kind, FIELD_STRING),
  BODY (PomarActivity, author, FIELD_STRING),
  BODY (PomarActivity, body, FIELD_STRING),
  BODY (PomarActivity, occurred_at, FIELD_TIMESTAMP),
};

#undef HEAD
#undef BODY

/* The slots a record's members are sorted into, one per field. */
#define MAX_FIELDS POMAR_SYNC_MAX_FIELDS

G_STATIC_ASSERT (G_N_ELEMENTS (account_fields) <= MAX_FIELDS);
G_STATIC_ASSERT (G_N_ELEMENTS (contact_fields) <= MAX_FIELDS);
G_STATIC_ASSERT (G_N_ELEMENTS (ticket_fields) <= MAX_FIELDS);
G_STATIC_ASSERT (G_N_ELEMENTS (usage_fields) <= MAX_FIELDS);
G_STATIC_ASSERT (G_N_ELEMENTS (response_fields) <= MAX_FIELDS);
G_STATIC_ASSERT (G_N_ELEMENTS (activity_fields) <= MAX_FIELDS);

/* Indexes of the head in every table. */
enum
{
  SLOT_ID,
  SLOT_DELETED,
};

#define COLLECTION(Type, fields, free_func) \
  { sizeof (Type), fields, G_N_ELEMENTS (fields), (GDestroyNotify) free_func }

static const Collection collections[POMAR_N_COLLECTIONS] = {
  [POMAR_COLLECTION_ACCOUNTS] = COLLECTION (PomarAccount, account_fields, pomar_account_free),
  [POMAR_COLLECTION_CONTACTS] = COLLECTION (PomarContact, contact_fields, pomar_contact_free),
  [POMAR_COLLECTION_TICKETS] = COLLECTION (PomarTicket, ticket_fields, pomar_ticket_free),
  [POMAR_COLLECTION_USAGE] = COLLECTION (PomarUsage, usage_fields, pomar_usage_free),
  [POMAR_COLLECTION_RESPONSES] = COLLECTION (PomarResponse, response_fields, pomar_response_free),
  [POMAR_COLLECTION_ACTIVITIES] = COLLECTION (PomarActivity, activity_fields, pomar_activity_free),
};

#undef COLLECTION

/* Values ------------------------------------------------------------------ */

/* A member of a parsed tree as a slot. */
static void
value_from_node (JsonNode       *node,
                 PomarSyncValue *value)
{
  memset (value, 0, sizeof *value);
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      value->kind = POMAR_SYNC_VALUE_OBJECT;
      value->node = node;
      break;
    case JSON_NODE_ARRAY:
      value->kind = POMAR_SYNC_VALUE_ARRAY;
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          value->kind = POMAR_SYNC_VALUE_STRING;
          value->string = json_node_get_string (node);
          break;
        case G_TYPE_INT64:
          value->kind = POMAR_SYNC_VALUE_INT;
          value->integer = json_node_get_int (node);
          break;
        case G_TYPE_DOUBLE:
          value->kind = POMAR_SYNC_VALUE_DOUBLE;
          value->number = json_node_get_double (node);
          break;
        case G_TYPE_BOOLEAN:
          value->kind = POMAR_SYNC_VALUE_BOOLEAN;
          value->boolean = json_node_get_boolean (node);
          break;
        default:
          /* No parser makes one; like an array, it is none of the types
           * a field takes. */
          value->kind = POMAR_SYNC_VALUE_ARRAY;
          break;
        }
      break;
    case JSON_NODE_NULL:
    default:
      value->kind = POMAR_SYNC_VALUE_NULL;
      break;
    }
}

/* An object's value as compact JSON text, as json_to_string() writes it. */
static char *
object_text (const PomarSyncValue *value)
{
  g_autoptr (JsonNode) parsed = NULL;
  g_autofree char *copy = NULL;

  if (value->node != NULL)
    return json_to_string (value->node, FALSE);
  if (value->canonical)
    return g_strndup (value->text, value->length);

  copy = g_strndup (value->text, value->length);
  parsed = json_from_string (copy, NULL);
  g_return_val_if_fail (parsed != NULL, g_steal_pointer (&copy));
  return json_to_string (parsed, FALSE);
}

/* A bad value as a reason quotes it: at most QUOTE_CHARS characters. */
static char *
quote_value (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  const char *end = valid;

  for (guint i = 0; i < QUOTE_CHARS && *end != '\0'; i++)
    end = g_utf8_next_char (end);

  if (*end == '\0')
    return g_steal_pointer (&valid);
  else
    {
      g_autofree char *head = g_strndup (valid, end - valid);

      return g_strconcat (head, "…", NULL);
    }
}

/* A whole number: a JSON integer, or a real with no fraction (12.0, as
 * some encoders write every number) that fits in 64 bits. */
typedef enum
{
  WHOLE_OK,
  WHOLE_NOT,
  WHOLE_TOO_LARGE,
} WholeResult;

static WholeResult
read_whole (const PomarSyncValue *value,
            gint64               *out)
{
  if (value->kind == POMAR_SYNC_VALUE_INT)
    {
      *out = value->integer;
      return WHOLE_OK;
    }
  if (value->kind == POMAR_SYNC_VALUE_DOUBLE)
    {
      double d = value->number;

      if (d != floor (d))
        return WHOLE_NOT;
      /* -2^63 is exact in a double, 2^63 is the first value too large. */
      if (d < -9223372036854775808.0 || d >= 9223372036854775808.0)
        return WHOLE_TOO_LARGE;
      *out = (gint64) d;
      return WHOLE_OK;
    }
  return WHOLE_NOT;
}

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static inline int
two_digits (const char *p)
{
  return (p[0] - '0') * 10 + (p[1] - '0');
}

static gboolean
valid_date (int year,
            int month,
            int day)
{
  static const guint8 days_in_month[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  int last;

  if (year < 1 || month < 1 || month > 12 || day < 1)
    return FALSE;
  last = days_in_month[month - 1];
  if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
    last = 29;
  return day <= last;
}

/* "YYYY-MM-DD" at @p (not necessarily NUL-terminated after it). */
static gboolean
parse_date (const char *p,
            int        *year,
            int        *month,
            int        *day)
{
  for (guint i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        {
          if (p[i] != '-')
            return FALSE;
        }
      else if (!is_digit (p[i]))
        return FALSE;
    }

  *year = two_digits (p) * 100 + two_digits (p + 2);
  *month = two_digits (p + 5);
  *day = two_digits (p + 8);
  return valid_date (*year, *month, *day);
}

static gboolean
valid_day (const char *text)
{
  int year, month, day;

  /* parse_date() stops at the first character that is wrong, so it never
   * reads past the NUL of a shorter text. */
  return parse_date (text, &year, &month, &day) && text[10] == '\0';
}

/* RFC 3339: "YYYY-MM-DD" "T" "HH:MM:SS" [ "." digits ] ( "Z" | ("+"|"-") "HH:MM" ),
 * with 't' and 'z' in lower case, or a space for the 'T', as RFC 3339 allows;
 * a missing offset is taken as UTC. The fraction is dropped: see the header.
 * Returns the UTC text, or NULL when @text is not such a timestamp. */
char *
pomar_time_normalize (const char *text)
{
  int year, month, day, hour, minute, second;
  gboolean in_utc_already;
  const char *p;
  char *out;

  if (!parse_date (text, &year, &month, &day))
    return NULL;

  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ')
    return NULL;
  p = text + 11;
  if (!is_digit (p[0]) || !is_digit (p[1]) || p[2] != ':'
      || !is_digit (p[3]) || !is_digit (p[4]) || p[5] != ':'
      || !is_digit (p[6]) || !is_digit (p[7]))
    return NULL;
  hour = two_digits (p);
  minute = two_digits (p + 3);
  second = two_digits (p + 6);
  p += 8;

  if (*p == '.')
    {
      p++;
      if (!is_digit (*p))
        return NULL;
      while (is_digit (*p))
        p++;
    }

  if (hour > 23 || minute > 59 || second > 60)
    return NULL;

  if (p[0] == 'Z' || p[0] == 'z')
    {
      if (p[1] != '\0')
        return NULL;
      in_utc_already = TRUE;
    }
  else if (p[0] == '\0')
    in_utc_already = TRUE;
  else if ((p[0] == '+' || p[0] == '-')
           && is_digit (p[1]) && is_digit (p[2]) && p[3] == ':'
           && is_digit (p[4]) && is_digit (p[5]) && p[6] == '\0'
           && two_digits (p + 1) <= 23 && two_digits (p + 4) <= 59)
    in_utc_already = FALSE;
  else
    return NULL;

  if (in_utc_already && second < 60)
    {
      /* The common case, and that of every usage row: checked above,
       * copied without its fraction. */
      out = g_malloc (TIMESTAMP_LEN + 1);
      memcpy (out, text, 19);
      out[10] = 'T';
      out[19] = 'Z';
      out[20] = '\0';
      return out;
    }
  else
    {
      /* An offset (or a leap second, which GDateTime turns into :59):
       * GDateTime shifts the date. The fraction is not passed on, so it
       * is truncated, never rounded up. */
      g_autoptr (GTimeZone) utc = NULL;
      g_autoptr (GDateTime) local = NULL;
      g_autoptr (GDateTime) in_utc = NULL;
      char buf[32];

      g_snprintf (buf, sizeof buf, "%.10sT%.8s%s", text, text + 11, in_utc_already ? "Z" : p);
      utc = g_time_zone_new_utc ();
      local = g_date_time_new_from_iso8601 (buf, utc);
      if (local == NULL)
        return NULL;
      in_utc = g_date_time_to_utc (local);
      if (in_utc == NULL)
        return NULL;

      return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                              g_date_time_get_year (in_utc),
                              g_date_time_get_month (in_utc),
                              g_date_time_get_day_of_month (in_utc),
                              g_date_time_get_hour (in_utc),
                              g_date_time_get_minute (in_utc),
                              g_date_time_get_second (in_utc));
    }
}

/* Fields ------------------------------------------------------------------ */

static char *
reason_not_string (const char *name)
{
  /* Translators: %s is a field name of the sync contract, such as “name”. */
  return g_strdup_printf (_("“%s” is not a string."), name);
}

/* Reads @value (null when the member is absent) into @field of @record.
 * Returns NULL or the reason the value is invalid. */
static char *
read_field (const Field          *field,
            const PomarSyncValue *value,
            gpointer              record)
{
  gpointer member = G_STRUCT_MEMBER_P (record, field->offset);
  gboolean is_null = value->kind == POMAR_SYNC_VALUE_NULL;

  switch (field->kind)
    {
    case FIELD_ID:
      if (is_null)
        return g_strdup (_("The record has no “id”."));
      if (value->kind != POMAR_SYNC_VALUE_STRING)
        return reason_not_string (field->name);
      {
        const char *text = value->string;

        if (text == NULL || text[0] == '\0')
          return g_strdup (_("“id” is empty."));
        *(char **) member = g_strdup (text);
      }
      return NULL;

    case FIELD_DELETED:
      if (is_null)
        *(gboolean *) member = FALSE;
      else if (value->kind == POMAR_SYNC_VALUE_BOOLEAN)
        *(gboolean *) member = value->boolean;
      else
        /* Translators: %s is a field name of the sync contract. */
        return g_strdup_printf (_("“%s” is neither true nor false."), field->name);
      return NULL;

    case FIELD_STRING:
      if (is_null)
        return NULL;
      if (value->kind != POMAR_SYNC_VALUE_STRING)
        return reason_not_string (field->name);
      *(char **) member = g_strdup (value->string);
      return NULL;

    case FIELD_DAY:
      if (is_null)
        return NULL;
      if (value->kind != POMAR_SYNC_VALUE_STRING)
        return reason_not_string (field->name);
      {
        const char *text = value->string;

        if (!valid_day (text))
          {
            g_autofree char *quoted = quote_value (text);

            /* Translators: the first %s is a field name of the sync
             * contract, the second the value it holds. */
            return g_strdup_printf (_("“%s” is not a real day written YYYY-MM-DD: “%s”."),
                                    field->name, quoted);
          }
        *(char **) member = g_strdup (text);
      }
      return NULL;

    case FIELD_TIMESTAMP:
      if (is_null)
        return NULL;
      if (value->kind != POMAR_SYNC_VALUE_STRING)
        return reason_not_string (field->name);
      {
        const char *text = value->string;
        char *normalized = pomar_time_normalize (text);

        if (normalized == NULL)
          {
            g_autofree char *quoted = quote_value (text);

            /* Translators: the first %s is a field name of the sync
             * contract, the second the value it holds. */
            return g_strdup_printf (_("“%s” is not an RFC 3339 date and time: “%s”."),
                                    field->name, quoted);
          }
        *(char **) member = normalized;
      }
      return NULL;

    case FIELD_VERSION:
    case FIELD_COUNT:
    case FIELD_INTEGER:
      if (is_null)
        {
          if (field->kind == FIELD_VERSION)
            return g_strdup (_("The record has no “version”."));
          *(gint64 *) member = POMAR_NO_INT;
          return NULL;
        }
      {
        gint64 whole = 0;
        char number[G_ASCII_DTOSTR_BUF_SIZE];

        /* POMAR_NO_INT is how a record says null, so it cannot be a value;
         * json-glib also reads 2^63 and beyond as it. */
        switch (read_whole (value, &whole))
          {
          case WHOLE_OK:
            if (whole != POMAR_NO_INT)
              break;
            G_GNUC_FALLTHROUGH;
          case WHOLE_TOO_LARGE:
            /* Translators: %s is a field name of the sync contract. */
            return g_strdup_printf (_("“%s” is too large a number."), field->name);
          case WHOLE_NOT:
          default:
            /* Translators: %s is a field name of the sync contract. */
            return g_strdup_printf (_("“%s” is not a whole number."), field->name);
          }

        if (whole < 0 && field->kind != FIELD_INTEGER)
          {
            g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, whole);
            /* Translators: the first %s is a field name of the sync
             * contract, the second a number. */
            return g_strdup_printf (_("“%s” is %s, but it cannot be negative."),
                                    field->name, number);
          }
        *(gint64 *) member = whole;
      }
      return NULL;

    case FIELD_NUMBER:
      if (is_null)
        *(double *) member = NAN;
      else if (value->kind == POMAR_SYNC_VALUE_INT)
        *(double *) member = (double) value->integer;
      else if (value->kind != POMAR_SYNC_VALUE_DOUBLE)
        /* Translators: %s is a field name of the sync contract. */
        return g_strdup_printf (_("“%s” is not a number."), field->name);
      else if (!isfinite (value->number))
        /* json-glib reads 1e400 as infinity. */
        return g_strdup_printf (_("“%s” is too large a number."), field->name);
      else
        *(double *) member = value->number;
      return NULL;

    case FIELD_OBJECT:
      if (is_null)
        return NULL;
      if (value->kind != POMAR_SYNC_VALUE_OBJECT)
        /* Translators: %s is a field name of the sync contract. */
        return g_strdup_printf (_("“%s” is not a JSON object."), field->name);
      *(char **) member = object_text (value);
      return NULL;

    default:
      g_assert_not_reached ();
    }
}

/* A field that a tombstone does not carry is null. */
static void
set_null (const Field *field,
          gpointer     record)
{
  gpointer member = G_STRUCT_MEMBER_P (record, field->offset);

  if (field->kind == FIELD_COUNT || field->kind == FIELD_INTEGER)
    *(gint64 *) member = POMAR_NO_INT;
  else if (field->kind == FIELD_NUMBER)
    *(double *) member = NAN;
}

/* The rules that span fields: the range of a score depends on the kind. */
static char *
check_record (PomarCollection collection,
              gconstpointer   record)
{
  if (collection == POMAR_COLLECTION_USAGE)
    {
      const PomarUsage *usage = record;

      if (usage->account_id == NULL)
        return g_strdup (_("A usage record needs an “account_id”."));
      if (usage->day == NULL)
        return g_strdup (_("A usage record needs a “day”."));
    }
  else if (collection == POMAR_COLLECTION_RESPONSES)
    {
      const PomarResponse *response = record;
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      if (response->score == POMAR_NO_INT || response->kind == NULL)
        return NULL;

      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, response->score);
      if (g_str_equal (response->kind, "nps") && (response->score < 0 || response->score > 10))
        /* Translators: %s is the score the answer gives. */
        return g_strdup_printf (_("The score %s is outside 0..10 for an NPS answer."), number);
      if (g_str_equal (response->kind, "csat") && (response->score < 1 || response->score > 5))
        /* Translators: %s is the score the answer gives. */
        return g_strdup_printf (_("The score %s is outside 1..5 for a CSAT answer."), number);
    }

  return NULL;
}

/* Public API -------------------------------------------------------------- */

int
pomar_sync_record_field_slot (PomarCollection  collection,
                              const char      *name,
                              gsize            length)
{
  const Collection *c;

  g_return_val_if_fail (collection < POMAR_N_COLLECTIONS, -1);

  c = &collections[collection];
  for (guint i = 0; i < c->n_fields; i++)
    {
      const char *field = c->fields[i].name;

      if (field[0] == name[0] && strncmp (field, name, length) == 0 && field[length] == '\0')
        return (int) i;
    }
  return -1;
}

gpointer
pomar_sync_record_parse_slots (PomarCollection        collection,
                               const PomarSyncValue  *slots,
                               char                 **id,
                               char                 **reason)
{
  const Collection *c;
  gpointer record;
  char *why = NULL;
  gboolean tombstone;

  if (id != NULL)
    *id = NULL;
  if (reason != NULL)
    *reason = NULL;

  g_return_val_if_fail (collection < POMAR_N_COLLECTIONS, NULL);
  g_return_val_if_fail (slots != NULL, NULL);

  c = &collections[collection];
  record = g_malloc0 (c->size);

  why = read_field (&c->fields[SLOT_ID], &slots[SLOT_ID], record);
  if (why == NULL)
    why = read_field (&c->fields[SLOT_DELETED], &slots[SLOT_DELETED], record);
  tombstone = why == NULL && G_STRUCT_MEMBER (gboolean, record, c->fields[SLOT_DELETED].offset);

  for (guint i = SLOT_DELETED + 1; why == NULL && i < c->n_fields; i++)
    {
      if (tombstone && !c->fields[i].in_tombstone)
        set_null (&c->fields[i], record);
      else
        why = read_field (&c->fields[i], &slots[i], record);
    }

  if (why == NULL && !tombstone)
    why = check_record (collection, record);

  if (why != NULL)
    {
      if (id != NULL)
        *id = g_steal_pointer (&G_STRUCT_MEMBER (char *, record, c->fields[SLOT_ID].offset));
      if (reason != NULL)
        *reason = g_steal_pointer (&why);
      g_free (why);
      c->free (record);
      return NULL;
    }

  return record;
}

gpointer
pomar_sync_record_parse (PomarCollection   collection,
                         JsonNode         *node,
                         char            **id,
                         char            **reason)
{
  const Collection *c;
  PomarSyncValue slots[MAX_FIELDS] = { { 0, }, };
  JsonObjectIter iter;
  const char *member_name;
  JsonNode *member_node;

  if (id != NULL)
    *id = NULL;
  if (reason != NULL)
    *reason = NULL;

  g_return_val_if_fail (collection < POMAR_N_COLLECTIONS, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  c = &collections[collection];

  if (JSON_NODE_TYPE (node) != JSON_NODE_OBJECT)
    {
      if (reason != NULL)
        *reason = g_strdup (_("The record is not a JSON object."));
      return NULL;
    }

  /* One walk over the members; unknown ones find no slot. */
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &member_name, &member_node))
    {
      for (guint i = 0; i < c->n_fields; i++)
        {
          if (c->fields[i].name[0] == member_name[0] && strcmp (c->fields[i].name, member_name) == 0)
            {
              value_from_node (member_node, &slots[i]);
              break;
            }
        }
    }

  return pomar_sync_record_parse_slots (collection, slots, id, reason);
}

void
pomar_sync_record_free (PomarCollection collection,
                        gpointer        record)
{
  g_return_if_fail (collection < POMAR_N_COLLECTIONS);

  if (record != NULL)
    collections[collection].free (record);
}

gboolean
pomar_sync_record_upsert (PomarStoreWriter    *writer,
                          PomarCollection      collection,
                          gconstpointer        record,
                          PomarUpsertOutcome  *outcome,
                          GError             **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (collection)
    {
    case POMAR_COLLECTION_ACCOUNTS:
      return pomar_store_writer_upsert_account (writer, record, outcome, error);
    case POMAR_COLLECTION_CONTACTS:
      return pomar_store_writer_upsert_contact (writer, record, outcome, error);
    case POMAR_COLLECTION_TICKETS:
      return pomar_store_writer_upsert_ticket (writer, record, outcome, error);
    case POMAR_COLLECTION_USAGE:
      return pomar_store_writer_upsert_usage (writer, record, outcome, error);
    case POMAR_COLLECTION_RESPONSES:
      return pomar_store_writer_upsert_response (writer, record, outcome, error);
    case POMAR_COLLECTION_ACTIVITIES:
      return pomar_store_writer_upsert_activity (writer, record, outcome, error);
    case POMAR_N_COLLECTIONS:
    default:
      g_return_val_if_reached (FALSE);
    }
}
