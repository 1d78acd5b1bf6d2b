/* fixture-server.c: a Pomar Sync API v1 server for tests.
 *
 * The truth is, per collection, an append-only log of changes: every put or
 * delete appends the record (or its tombstone) with the next value of one
 * global sequence number, and marks the record's previous change as
 * superseded at that number. A pass takes a snapshot, the sequence number
 * when its first page is asked for, and walks the log in sequence order:
 * a full pass shows the live records as of the snapshot, a pass since T the
 * records and tombstones changed in (T, snapshot]. Because the walk is by
 * sequence number and each change keeps the copy it was made with, a cursor
 * stays valid however the truth changes while the pass runs, and nothing is
 * skipped: what changed after the snapshot comes with the next pass.
 *
 * Each change keeps its record as compact JSON text, the way it is served,
 * beside the little that paging needs (id, version, whether it deletes): a
 * page is its records' texts put end to end, so a book of 10,000 accounts
 * (4 million records, 1 GB of text) is served without a JSON tree in sight
 * and without the server's thread competing much with the sync it serves.
 * Only the odd record is parsed again: one made invalid on demand, and the
 * truth when it is compared with a cache.
 *
 * Opaque strings are base64url without padding (nothing to escape in a
 * query), over:
 *   sync token  "t1:<sequence>"
 *   cursor      "c1:<collection>:<snapshot>:<since or ->:<last sequence served>:<stuck 0|1>"
 *
 * Writes (POST activities, PATCH accounts/{id}) change the truth the way
 * fixture_server_put() does, so a pass since an earlier token shows them.
 * Every Idempotency-Key the server has done a write's work for (or refused
 * it on the merits: 400, 404, 412) stays in a table for the server's life
 * with the answer it got; the key's next requests get that answer back. A
 * write's faults are drawn from a list of their own, counted over all
 * writes, so that a push can be made to fail without touching its reads.
 *
 * Every answer but TRUNCATED's carries "Connection: close", so each
 * request arrives on a fresh connection: libsoup silently sends a GET again
 * when a connection it reused closes before any byte of the answer, which
 * would hide RESET. TRUNCATED's must not: on a connection announced to
 * close, libsoup takes a short body as complete.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <libsoup/soup.h>

#include "core/pomar-demo.h"
#include "fixture-server.h"

#define DEFAULT_LIMIT     500
#define MAX_LIMIT         5000
#define DEFAULT_DELAY_MS  2000
#define MAX_DIFFS         10
#define BASE_PATH         "/api"
#define COLLECTIONS_PATH  BASE_PATH "/v1/"
#define TIMESTAMP_FORMAT  "%Y-%m-%dT%H:%M:%SZ"
#define STATUS_TOO_MANY_REQUESTS 429 /* libsoup 3.2 has no name for it */

typedef struct
{
  guint64     seq;
  guint64     superseded; /* seq of the record's next change; 0: none yet */
  gint64      version;
  char       *id;         /* one block: the id, its NUL, then the JSON text */
  const char *json;       /* the record as put, or its tombstone, in the block */
  gboolean    deleted;
} Change;

typedef struct
{
  guint        at;        /* request number that gets it; 0: every request */
  FixtureFault fault;
} FaultRule;

/* A key's first answer, and how many times its work was done. */
typedef struct
{
  guint  status;
  char  *body;
  guint  applied;
} Replay;

typedef struct
{
  GArray     *log;        /* Change, by seq */
  GHashTable *latest;     /* id -> index of its latest change + 1 */
  guint       n_live;
  guint       requests;
  GArray     *faults;     /* FaultRule, in the order injected */
} Book;

/* An answer held back: delayed (SLOW) or whose connection is to be stolen
 * (RESET, TRUNCATED). Server thread only. */
typedef struct
{
  FixtureServer     *self;
  SoupServerMessage *msg;
  GSource           *source;
  gulong             disconnected_id;
  gboolean           gone;
  gboolean           reset;
  char              *raw;     /* TRUNCATED: the bytes to write before closing */
  gsize              raw_len;
} Pending;

typedef struct
{
  FixtureServer *self;
  GIOStream     *stream;
  char          *raw;
  gsize          raw_len;
} Write;

typedef struct
{
  char           *path;
  PomarCollection faults_of;
  FixtureHandler  handler;
  gpointer        user_data;
} Endpoint;

struct _FixtureServer
{
  char         *token;
  char         *url;
  char         *origin;
  GPtrArray    *endpoints;   /* Endpoint; fixed once requests come */

  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GCond         started;
  gboolean      ready;
  GError       *start_error;

  /* Server thread only. */
  SoupServer   *soup;
  GPtrArray    *pending;     /* Pending */
  GCancellable *cancellable; /* writes on stolen connections */
  guint         n_writing;

  /* Guarded by lock. */
  GMutex        lock;
  guint64       sequence;
  Book          books[POMAR_N_COLLECTIONS];
  guint         delay_ms;
  guint         page_cap;
  guint         writes;
  GArray       *write_faults; /* FaultRule, in the order injected */
  GHashTable   *keys;         /* Idempotency-Key -> Replay */
};

typedef enum
{
  ACTION_ANSWER,
  ACTION_DELAY,
  ACTION_RESET,
  ACTION_TRUNCATE,
} Action;

typedef struct
{
  Action      action;
  guint       status;
  const char *content_type;
  char       *body;
  gboolean    retry_after;
  gboolean    authenticate;
  const char *allow;      /* the methods for an Allow header, or NULL */
} Reply;

typedef struct
{
  PomarCollection collection;
  guint64         snapshot;
  gboolean        has_since;
  guint64         since;
  guint64         last;
  gboolean        stuck;
} Cursor;

/* The contract's fields per collection, in its order: a field the truth
 * lacks is null; a field of the cache outside these is computed. */
static const char *const contract_fields[POMAR_N_COLLECTIONS][16] = {
  [POMAR_COLLECTION_ACCOUNTS] = { "id", "name", "domain", "segment", "owner", "stage", "arr",
                                  "currency", "plan", "licensed_seats", "contract_start",
                                  "renewal_date", "created_at", "updated_at", "version", NULL },
  [POMAR_COLLECTION_CONTACTS] = { "id", "account_id", "name", "email", "title", "role",
                                  "updated_at", "version", NULL },
  [POMAR_COLLECTION_TICKETS] = { "id", "account_id", "subject", "status", "priority", "type",
                                 "created_at", "updated_at", "solved_at", "version", NULL },
  [POMAR_COLLECTION_USAGE] = { "id", "account_id", "day", "active_users", "sessions", "events",
                               "features", "updated_at", "version", NULL },
  [POMAR_COLLECTION_RESPONSES] = { "id", "account_id", "contact_id", "kind", "score", "comment",
                                   "responded_at", "updated_at", "version", NULL },
  [POMAR_COLLECTION_ACTIVITIES] = { "id", "account_id", "kind", "author", "body", "occurred_at",
                                    "updated_at", "version", NULL },
};

static const char *const timestamp_fields[] = {
  "updated_at", "created_at", "solved_at", "responded_at", "occurred_at",
};

/* Small helpers ------------------------------------------------------------ */

static gboolean
is_contract_field (PomarCollection  collection,
                   const char      *name)
{
  for (guint i = 0; contract_fields[collection][i] != NULL; i++)
    if (g_str_equal (contract_fields[collection][i], name))
      return TRUE;
  return FALSE;
}

static gboolean
is_timestamp_field (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (timestamp_fields); i++)
    if (g_str_equal (timestamp_fields[i], name))
      return TRUE;
  return FALSE;
}

static char *
now_timestamp (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, TIMESTAMP_FORMAT);
}

/* What a client that parsed @text keeps: UTC, whole seconds. Text that does
 * not parse is kept as it is. */
static char *
normalize_timestamp (const char *text)
{
  g_autoptr (GDateTime) parsed = g_date_time_new_from_iso8601 (text, NULL);
  g_autoptr (GDateTime) utc = NULL;

  if (parsed == NULL)
    return g_strdup (text);

  utc = g_date_time_to_utc (parsed);
  return g_date_time_format (utc, TIMESTAMP_FORMAT);
}

static gboolean
node_holds_type (JsonNode *node,
                 GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
node_holds_number (JsonNode *node)
{
  return node_holds_type (node, G_TYPE_INT64) || node_holds_type (node, G_TYPE_DOUBLE);
}

static double
node_get_number (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return json_node_get_double (node);
}

/* Opaque strings ----------------------------------------------------------- */

static char *
encode_opaque (const char *text)
{
  char *out = g_base64_encode ((const guchar *) text, strlen (text));

  for (char *p = out; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }

  return out;
}

/* NULL unless @opaque is base64url of printable ASCII. */
static char *
decode_opaque (const char *opaque)
{
  g_autoptr (GString) b64 = g_string_new (NULL);
  g_autofree guchar *raw = NULL;
  gsize len = 0;

  if (opaque == NULL || *opaque == '\0' || strlen (opaque) > 256 || strlen (opaque) % 4 == 1)
    return NULL;

  for (const char *p = opaque; *p != '\0'; p++)
    {
      if (*p == '-')
        g_string_append_c (b64, '+');
      else if (*p == '_')
        g_string_append_c (b64, '/');
      else if (g_ascii_isalnum (*p))
        g_string_append_c (b64, *p);
      else
        return NULL;
    }
  while (b64->len % 4 != 0)
    g_string_append_c (b64, '=');

  raw = g_base64_decode (b64->str, &len);
  if (len == 0)
    return NULL;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isprint (raw[i]))
      return NULL;

  return g_strndup ((const char *) raw, len);
}

static gboolean
parse_seq (const char *text,
           guint64    *out)
{
  return g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, out, NULL);
}

static char *
encode_token (guint64 seq)
{
  g_autofree char *text = g_strdup_printf ("t1:%" G_GUINT64_FORMAT, seq);

  return encode_opaque (text);
}

static gboolean
decode_token (const char *opaque,
              guint64    *seq)
{
  g_autofree char *text = decode_opaque (opaque);

  return text != NULL && g_str_has_prefix (text, "t1:") && parse_seq (text + 3, seq);
}

static char *
encode_cursor (const Cursor *cursor)
{
  g_autofree char *since = NULL;
  g_autofree char *text = NULL;

  if (cursor->has_since)
    since = g_strdup_printf ("%" G_GUINT64_FORMAT, cursor->since);
  else
    since = g_strdup ("-");
  text = g_strdup_printf ("c1:%s:%" G_GUINT64_FORMAT ":%s:%" G_GUINT64_FORMAT ":%d",
                          pomar_collection_to_string (cursor->collection), cursor->snapshot,
                          since, cursor->last, cursor->stuck ? 1 : 0);
  return encode_opaque (text);
}

static gboolean
decode_cursor (const char *opaque,
               Cursor     *cursor)
{
  g_autofree char *text = decode_opaque (opaque);
  g_auto (GStrv) parts = NULL;

  if (text == NULL)
    return FALSE;

  parts = g_strsplit (text, ":", -1);
  if (g_strv_length (parts) != 6 || !g_str_equal (parts[0], "c1"))
    return FALSE;

  memset (cursor, 0, sizeof *cursor);
  if (!pomar_collection_from_string (parts[1], &cursor->collection)
      || !parse_seq (parts[2], &cursor->snapshot)
      || !parse_seq (parts[4], &cursor->last))
    return FALSE;

  cursor->has_since = !g_str_equal (parts[3], "-");
  if (cursor->has_since && !parse_seq (parts[3], &cursor->since))
    return FALSE;

  if (g_str_equal (parts[5], "1"))
    cursor->stuck = TRUE;
  else if (!g_str_equal (parts[5], "0"))
    return FALSE;

  return TRUE;
}

/* The truth ---------------------------------------------------------------- */

static void
change_clear (gpointer data)
{
  Change *change = data;

  g_clear_pointer (&change->id, g_free);
  change->json = NULL;
}

static void
book_init (Book *book)
{
  book->log = g_array_new (FALSE, TRUE, sizeof (Change));
  g_array_set_clear_func (book->log, change_clear);
  book->latest = g_hash_table_new (g_str_hash, g_str_equal);
  book->faults = g_array_new (FALSE, FALSE, sizeof (FaultRule));
}

static void
book_clear (Book *book)
{
  g_clear_pointer (&book->latest, g_hash_table_unref);
  g_clear_pointer (&book->log, g_array_unref);
  g_clear_pointer (&book->faults, g_array_unref);
}

static Change *
book_lookup (Book       *book,
             const char *id)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (book->latest, id));

  return index > 0 ? &g_array_index (book->log, Change, index - 1) : NULL;
}

/* The index of the first change after @seq. */
static guint
book_find_after (Book    *book,
                 guint64  seq)
{
  guint lo = 0;
  guint hi = book->log->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (book->log, Change, mid).seq <= seq)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static Change *
book_find_seq (Book    *book,
               guint64  seq)
{
  guint index = book_find_after (book, seq);

  if (index == 0 || g_array_index (book->log, Change, index - 1).seq != seq)
    return NULL;
  return &g_array_index (book->log, Change, index - 1);
}

/* Appends the record @json (@len bytes of compact JSON, copied) as the
 * latest change of @id. */
static void
record_change_locked (FixtureServer   *self,
                      PomarCollection  collection,
                      const char      *id,
                      gint64           version,
                      gboolean         deleted,
                      const char      *json,
                      gsize            len)
{
  Book *book = &self->books[collection];
  gsize id_len = strlen (id);
  Change change = { 0 };
  Change *previous;
  Change *added;

  change.seq = ++self->sequence;
  change.version = version;
  change.deleted = deleted;
  change.id = g_malloc (id_len + 1 + len + 1);
  memcpy (change.id, id, id_len + 1);
  memcpy (change.id + id_len + 1, json, len);
  change.id[id_len + 1 + len] = '\0';
  change.json = change.id + id_len + 1;

  previous = book_lookup (book, change.id);
  if (previous != NULL)
    {
      previous->superseded = change.seq;
      if (!previous->deleted)
        book->n_live--;
    }

  g_array_append_val (book->log, change);
  added = &g_array_index (book->log, Change, book->log->len - 1);
  g_hash_table_replace (book->latest, added->id, GUINT_TO_POINTER (book->log->len));
  if (!deleted)
    book->n_live++;
}

static gboolean
record_is_valid (JsonObject *record)
{
  return node_holds_type (json_object_get_member (record, "id"), G_TYPE_STRING)
         && node_holds_type (json_object_get_member (record, "version"), G_TYPE_INT64);
}

/* Records of the demo generator as contract JSON ---------------------------
 *
 * Written by hand, byte for byte as json-glib writes the same members
 * (json_to_string), but without a JsonObject per record: a 10,000-account
 * book is 4 million of them. */

static void
json_begin (GString *out)
{
  g_string_truncate (out, 0);
  g_string_append_c (out, '{');
}

static void
json_name (GString    *out,
           const char *name)
{
  if (out->len > 1)
    g_string_append_c (out, ',');
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append (out, "\":");
}

/* As json-glib 1.6 escapes (json_strescape): quotes, backslashes, control
 * characters but 0x1f, and DEL; UTF-8 as it is. */
static void
json_put_string (GString    *out,
                 const char *name,
                 const char *value)
{
  const char *run;

  json_name (out, name);
  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  run = value;
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x1f && c != '"' && c != '\\' && c != 0x7f)
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", c);
          break;
        }
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

static void
json_put_int (GString    *out,
              const char *name,
              gint64      value)
{
  json_name (out, name);
  if (value == POMAR_NO_INT)
    g_string_append (out, "null");
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

static void
json_put_double (GString    *out,
                 const char *name,
                 double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  json_name (out, name);
  if (isnan (value))
    {
      g_string_append (out, "null");
      return;
    }
  g_ascii_dtostr (buf, sizeof buf, value);
  g_string_append (out, buf);
  if (strchr (buf, '.') == NULL)
    g_string_append (out, ".0");
}

/* @text is JSON already (a usage row's features). */
static void
json_put_raw (GString    *out,
              const char *name,
              const char *text)
{
  json_name (out, name);
  g_string_append (out, text != NULL ? text : "null");
}

static void
json_end (GString *out)
{
  g_string_append_c (out, '}');
}

static void
account_to_json (GString            *o,
                 const PomarAccount *r)
{
  json_begin (o);
  json_put_string (o, "id", r->id);
  json_put_string (o, "name", r->name);
  json_put_string (o, "domain", r->domain);
  json_put_string (o, "segment", r->segment);
  json_put_string (o, "owner", r->owner);
  json_put_string (o, "stage", r->stage);
  json_put_double (o, "arr", r->arr);
  json_put_string (o, "currency", r->currency);
  json_put_string (o, "plan", r->plan);
  json_put_int (o, "licensed_seats", r->licensed_seats);
  json_put_string (o, "contract_start", r->contract_start);
  json_put_string (o, "renewal_date", r->renewal_date);
  json_put_string (o, "created_at", r->created_at);
  json_put_string (o, "updated_at", r->updated_at);
  json_put_int (o, "version", r->version);
  json_end (o);
}

static void
contact_to_json (GString            *o,
                 const PomarContact *r)
{
  json_begin (o);
  json_put_string (o, "id", r->id);
  json_put_string (o, "account_id", r->account_id);
  json_put_string (o, "name", r->name);
  json_put_string (o, "email", r->email);
  json_put_string (o, "title", r->title);
  json_put_string (o, "role", r->role);
  json_put_string (o, "updated_at", r->updated_at);
  json_put_int (o, "version", r->version);
  json_end (o);
}

static void
ticket_to_json (GString           *o,
                const PomarTicket *r)
{
  json_begin (o);
  json_put_string (o, "id", r->id);
  json_put_string (o, "account_id", r->account_id);
  json_put_string (o, "subject", r->subject);
  json_put_string (o, "status", r->status);
  json_put_string (o, "priority", r->priority);
  json_put_string (o, "type", r->type);
  json_put_string (o, "created_at", r->created_at);
  json_put_string (o, "updated_at", r->updated_at);
  json_put_string (o, "solved_at", r->solved_at);
  json_put_int (o, "version", r->version);
  json_end (o);
}

static void
usage_to_json (GString          *o,
               const PomarUsage *r)
{
  json_begin (o);
  json_put_string (o, "id", r->id);
  json_put_string (o, "account_id", r->account_id);
  json_put_string (o, "day", r->day);
  json_put_int (o, "active_users", r->active_users);
  json_put_int (o, "sessions", r->sessions);
  json_put_int (o, "events", r->events);
  json_put_raw (o, "features", r->features_json);
  json_put_string (o, "updated_at", r->updated_at);
  json_put_int (o, "version", r->version);
  json_end (o);
}

static void
response_to_json (GString             *o,
                  const PomarResponse *r)
{
  json_begin (o);
  json_put_string (o, "id", r->id);
  json_put_string (o, "account_id", r->account_id);
  json_put_string (o, "contact_id", r->contact_id);
  json_put_string (o, "kind", r->kind);
  json_put_int (o, "score", r->score);
  json_put_string (o, "comment", r->comment);
  json_put_string (o, "responded_at", r->responded_at);
  json_put_string (o, "updated_at", r->updated_at);
  json_put_int (o, "version", r->version);
  json_end (o);
}

static void
activity_to_json (GString             *o,
                  const PomarActivity *r)
{
  json_begin (o);
  json_put_string (o, "id", r->id);
  json_put_string (o, "account_id", r->account_id);
  json_put_string (o, "kind", r->kind);
  json_put_string (o, "author", r->author);
  json_put_string (o, "body", r->body);
  json_put_string (o, "occurred_at", r->occurred_at);
  json_put_string (o, "updated_at", r->updated_at);
  json_put_int (o, "version", r->version);
  json_end (o);
}

typedef struct
{
  FixtureServer *self;
  GString       *text;   /* reused from one record to the next */
} DemoLoad;

/* Runs with the lock held (fixture_server_load_demo() takes it once). */
static gboolean
demo_sink (PomarDemoRecordKind   kind,
           gconstpointer         record,
           gpointer              user_data,
           GError              **error)
{
  DemoLoad *load = user_data;
  GString *text = load->text;
  PomarCollection collection;
  const char *id;
  gint64 version;

/* The records share their header by name, not by type. */
#define TO_JSON(Type, func, c)                  \
  func (text, record);                          \
  id = ((const Type *) record)->id;             \
  version = ((const Type *) record)->version;   \
  collection = c

  switch (kind)
    {
    case POMAR_DEMO_ACCOUNT:
      TO_JSON (PomarAccount, account_to_json, POMAR_COLLECTION_ACCOUNTS);
      break;
    case POMAR_DEMO_CONTACT:
      TO_JSON (PomarContact, contact_to_json, POMAR_COLLECTION_CONTACTS);
      break;
    case POMAR_DEMO_TICKET:
      TO_JSON (PomarTicket, ticket_to_json, POMAR_COLLECTION_TICKETS);
      break;
    case POMAR_DEMO_USAGE:
      TO_JSON (PomarUsage, usage_to_json, POMAR_COLLECTION_USAGE);
      break;
    case POMAR_DEMO_RESPONSE:
      TO_JSON (PomarResponse, response_to_json, POMAR_COLLECTION_RESPONSES);
      break;
    case POMAR_DEMO_ACTIVITY:
      TO_JSON (PomarActivity, activity_to_json, POMAR_COLLECTION_ACTIVITIES);
      break;
    case POMAR_DEMO_PLAYBOOK_INSTANCE:
    case POMAR_DEMO_PLAYBOOK_TASK:
      /* Not part of the contract. */
      return TRUE;
    default:
      g_assert_not_reached ();
    }

#undef TO_JSON

  record_change_locked (load->self, collection, id, version, FALSE, text->str, text->len);
  return TRUE;
}

/* Answers ------------------------------------------------------------------ */

static void
reply_error (Reply      *reply,
             guint       status,
             const char *code,
             const char *message)
{
  g_autoptr (JsonObject) root = json_object_new ();
  g_autoptr (JsonNode) node = NULL;
  JsonObject *error = json_object_new ();

  json_object_set_string_member (error, "code", code);
  json_object_set_string_member (error, "message", message);
  json_object_set_object_member (root, "error", error);
  node = json_node_init_object (json_node_alloc (), root);

  g_free (reply->body);
  reply->status = status;
  reply->content_type = "application/json";
  reply->body = json_to_string (node, FALSE);
}

/* The text of @record with a value a client must refuse. */
static char *
make_invalid (PomarCollection  collection,
              const char      *record)
{
  g_autoptr (JsonNode) node = json_from_string (record, NULL);
  JsonObject *copy = json_node_get_object (node);
  JsonNode *deleted = json_object_get_member (copy, "deleted");
  gboolean tombstone = node_holds_type (deleted, G_TYPE_BOOLEAN) && json_node_get_boolean (deleted);

  if (collection == POMAR_COLLECTION_RESPONSES && !tombstone)
    {
      JsonNode *kind = json_object_get_member (copy, "kind");
      gboolean csat = node_holds_type (kind, G_TYPE_STRING)
                      && g_str_equal (json_node_get_string (kind), "csat");

      json_object_set_int_member (copy, "score", csat ? 6 : 11);
    }
  else
    json_object_set_string_member (copy, "version", "x");

  return json_to_string (node, FALSE);
}

/* A page of a pass, or a 400. Runs with the lock held: the page references
 * the truth's texts until it is written out. */
static void
serve_page_locked (FixtureServer   *self,
                   PomarCollection  collection,
                   GHashTable      *query,
                   FixtureFault     fault,
                   Reply           *reply)
{
  Book *book = &self->books[collection];
  const char *since_text = query != NULL ? g_hash_table_lookup (query, "since") : NULL;
  const char *cursor_text = query != NULL ? g_hash_table_lookup (query, "cursor") : NULL;
  const char *limit_text = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new ();   /* const char *, the records' texts */
  g_autofree char *invalid = NULL;
  g_autofree char *next_cursor = NULL;
  g_autofree char *sync_token = NULL;
  const char *repeat = NULL;
  GString *body;
  gsize size;
  gboolean first_page;
  gboolean has_since = FALSE;
  gboolean more = FALSE;
  guint64 since = 0;
  guint64 limit = DEFAULT_LIMIT;
  guint64 last;
  guint want;
  Cursor cursor;

  if (since_text != NULL && *since_text == '\0')
    since_text = NULL;
  if (cursor_text != NULL && *cursor_text == '\0')
    cursor_text = NULL;

  if (limit_text != NULL
      && !g_ascii_string_to_unsigned (limit_text, 10, 1, G_MAXUINT64, &limit, NULL))
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request",
                   "limit must be a whole number from 1 to 5000");
      return;
    }
  limit = MIN (limit, MAX_LIMIT);

  if (since_text != NULL)
    {
      if (!decode_token (since_text, &since) || since > self->sequence)
        {
          reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request",
                       "since is not a sync token of this server");
          return;
        }
      has_since = TRUE;
    }

  first_page = cursor_text == NULL;
  if (first_page)
    {
      cursor.collection = collection;
      cursor.snapshot = self->sequence;
      cursor.has_since = has_since;
      cursor.since = since;
      cursor.last = since;
      cursor.stuck = FALSE;
    }
  else
    {
      if (!decode_cursor (cursor_text, &cursor)
          || cursor.collection != collection
          || cursor.snapshot > self->sequence
          || cursor.last > cursor.snapshot
          || (cursor.has_since && cursor.since > cursor.snapshot))
        {
          reply_error (reply, SOUP_STATUS_BAD_REQUEST, "invalid_cursor",
                       "The cursor is not valid; start the pass again");
          return;
        }
      /* A client may leave since out once it has a cursor; if it sends
       * one, it must be the pass's own. */
      if (has_since && (!cursor.has_since || cursor.since != since))
        {
          reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request",
                       "The cursor belongs to another pass");
          return;
        }
    }

  want = (guint) limit;
  if (self->page_cap > 0)
    want = MIN (want, self->page_cap);

  if (fault == FIXTURE_FAULT_REPEAT)
    {
      if (!first_page)
        {
          Change *served = book_find_seq (book, cursor.last);

          repeat = served != NULL ? served->json : NULL;
        }
      /* The repeated record takes a place of the page, but never leaves a
       * page without a new record (its cursor would not advance). */
      if ((first_page || repeat != NULL) && want >= 2)
        want--;
    }

  last = cursor.last;
  for (guint i = book_find_after (book, cursor.last); i < book->log->len; i++)
    {
      Change *change = &g_array_index (book->log, Change, i);

      if (change->seq > cursor.snapshot)
        break;
      if (change->superseded != 0 && change->superseded <= cursor.snapshot)
        continue;
      if (change->deleted && !cursor.has_since)
        continue;
      if (items->len == want)
        {
          more = TRUE;
          break;
        }

      g_ptr_array_add (items, (gpointer) change->json);
      last = change->seq;
    }

  if (more)
    {
      Cursor next = cursor;

      next.last = last;
      next.stuck = FALSE;
      next_cursor = encode_cursor (&next);
    }

  /* A stuck cursor, once made, stays stuck: the client must notice. */
  if (cursor.stuck || (fault == FIXTURE_FAULT_STUCK_CURSOR && !first_page))
    {
      g_free (next_cursor);
      next_cursor = g_strdup (cursor_text);
    }
  else if (fault == FIXTURE_FAULT_STUCK_CURSOR)
    {
      Cursor next = cursor;

      next.last = last;
      next.stuck = TRUE;
      g_free (next_cursor);
      next_cursor = encode_cursor (&next);
    }

  if (fault == FIXTURE_FAULT_REPEAT)
    {
      if (repeat != NULL)
        g_ptr_array_insert (items, 0, (gpointer) repeat);
      else if (first_page && items->len > 0)
        g_ptr_array_add (items, g_ptr_array_index (items, 0));
    }

  if (fault == FIXTURE_FAULT_INVALID_RECORD && items->len > 0)
    {
      invalid = make_invalid (collection, g_ptr_array_index (items, 0));
      g_ptr_array_index (items, 0) = invalid;
    }

  sync_token = encode_token (cursor.snapshot);

  reply->status = SOUP_STATUS_OK;
  if (fault == FIXTURE_FAULT_NOT_JSON)
    {
      reply->content_type = "text/html; charset=utf-8";
      reply->body = g_strdup ("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
                              "<body><h1>Bad Gateway</h1><p>The upstream server is not "
                              "answering.</p></body></html>\n");
      return;
    }

  /* The records' texts end to end, as json-glib would have written the
   * page (compact; the cursor and the token are base64url, with nothing to
   * escape). */
  size = 128;
  for (guint i = 0; i < items->len; i++)
    size += strlen (g_ptr_array_index (items, i)) + 1;
  body = g_string_sized_new (size);
  if (fault != FIXTURE_FAULT_WRONG_SHAPE)
    g_string_append (body, "{\"data\":");
  g_string_append_c (body, '[');
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append_c (body, ',');
      g_string_append (body, g_ptr_array_index (items, i));
    }
  g_string_append_c (body, ']');
  if (fault != FIXTURE_FAULT_WRONG_SHAPE)
    {
      if (next_cursor != NULL)
        g_string_append_printf (body, ",\"next_cursor\":\"%s\"", next_cursor);
      else
        g_string_append (body, ",\"next_cursor\":null");
      g_string_append_printf (body, ",\"sync_token\":\"%s\"}", sync_token);
    }

  reply->content_type = "application/json";
  reply->body = g_string_free (body, FALSE);
}

/* The fault of request number @request among those counted with @faults. */
static FixtureFault
take_fault_locked (GArray *faults,
                   guint   request)
{
  FixtureFault every = FIXTURE_FAULT_NONE;
  FixtureFault fault = FIXTURE_FAULT_NONE;
  guint i = 0;

  while (i < faults->len)
    {
      FaultRule *rule = &g_array_index (faults, FaultRule, i);

      if (rule->at == 0)
        {
          if (every == FIXTURE_FAULT_NONE)
            every = rule->fault;
          i++;
        }
      else if (rule->at == request && fault == FIXTURE_FAULT_NONE)
        {
          fault = rule->fault;
          g_array_remove_index (faults, i);
        }
      else if (rule->at <= request)
        g_array_remove_index (faults, i); /* another fault had its request */
      else
        i++;
    }

  return fault != FIXTURE_FAULT_NONE ? fault : every;
}

static gboolean
authorized (FixtureServer     *self,
            SoupServerMessage *msg,
            gboolean           other_schemes)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (value != NULL && g_ascii_strncasecmp (value, "Bearer ", 7) == 0)
    return g_str_equal (value + 7, self->token);
  if (!other_schemes)
    return FALSE;

  /* Zendesk's API tokens: Basic base64("email/token:TOKEN"). */
  if (value != NULL && g_ascii_strncasecmp (value, "Basic ", 6) == 0)
    {
      gsize len = 0;
      g_autofree char *plain = (char *) g_base64_decode (value + 6, &len);
      g_autofree char *text = g_strndup (plain, len);
      const char *mark = strstr (text, "/token:");

      return mark != NULL && g_str_equal (mark + 7, self->token);
    }
  value = soup_message_headers_get_one (headers, "X-Redmine-API-Key");
  return value != NULL && g_str_equal (value, self->token);
}

static Endpoint *
find_endpoint (FixtureServer *self,
               const char    *path)
{
  for (guint i = 0; i < self->endpoints->len; i++)
    {
      Endpoint *endpoint = g_ptr_array_index (self->endpoints, i);

      if (g_strcmp0 (endpoint->path, path) == 0)
        return endpoint;
    }
  return NULL;
}

static void
endpoint_free (Endpoint *endpoint)
{
  g_free (endpoint->path);
  g_free (endpoint);
}

/* The collection named by @path, or FALSE for any other path. */
static gboolean
parse_path (const char      *path,
            PomarCollection *collection)
{
  if (path == NULL || !g_str_has_prefix (path, COLLECTIONS_PATH))
    return FALSE;

  path += strlen (COLLECTIONS_PATH);
  return strchr (path, '/') == NULL && pomar_collection_from_string (path, collection);
}

static void
pending_free (Pending *pending)
{
  if (pending->source != NULL)
    {
      g_source_destroy (pending->source);
      g_source_unref (pending->source);
    }
  g_clear_signal_handler (&pending->disconnected_id, pending->msg);
  g_clear_object (&pending->msg);
  g_free (pending->raw);
  g_free (pending);
}

static void
pending_disconnected_cb (SoupServerMessage *msg,
                         gpointer           user_data)
{
  Pending *pending = user_data;

  pending->gone = TRUE;
}

static void
pending_finish (Pending *pending)
{
  g_ptr_array_remove_fast (pending->self->pending, pending);
  pending_free (pending);
}

static gboolean
delay_elapsed_cb (gpointer user_data)
{
  Pending *pending = user_data;

  if (!pending->gone)
    soup_server_message_unpause (pending->msg);
  pending_finish (pending);

  return G_SOURCE_REMOVE;
}

static void
truncated_written_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Write *write = user_data;

  /* The client may have gone already; either way the connection ends. */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  g_io_stream_close (write->stream, NULL, NULL);

  write->self->n_writing--;
  g_object_unref (write->stream);
  g_free (write->raw);
  g_free (write);
}

/* Takes the connection away from libsoup (the message is paused, so no
 * reading or writing of libsoup's is under way) and ends it our way. */
static gboolean
steal_cb (gpointer user_data)
{
  Pending *pending = user_data;
  GIOStream *stream;

  g_clear_signal_handler (&pending->disconnected_id, pending->msg);
  stream = pending->gone ? NULL : soup_server_message_steal_connection (pending->msg);

  if (stream != NULL && pending->reset)
    {
      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
    }
  else if (stream != NULL)
    {
      Write *write = g_new0 (Write, 1);

      write->self = pending->self;
      write->stream = stream;
      write->raw = g_steal_pointer (&pending->raw);
      write->raw_len = pending->raw_len;
      pending->self->n_writing++;
      g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                       write->raw, write->raw_len, G_PRIORITY_DEFAULT,
                                       pending->self->cancellable, truncated_written_cb, write);
    }

  pending_finish (pending);
  return G_SOURCE_REMOVE;
}

static void
hold_back (FixtureServer     *self,
           SoupServerMessage *msg,
           Pending           *pending,
           GSource           *source,
           GSourceFunc        func)
{
  pending->self = self;
  pending->msg = g_object_ref (msg);
  pending->source = source;
  pending->disconnected_id = g_signal_connect (msg, "disconnected",
                                               G_CALLBACK (pending_disconnected_cb), pending);
  g_ptr_array_add (self->pending, pending);

  soup_server_message_pause (msg);
  g_source_set_callback (source, func, pending, NULL);
  g_source_attach (source, self->context);
}

static void
deliver (FixtureServer     *self,
         SoupServerMessage *msg,
         Reply             *reply,
         guint              delay_ms)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize len;

  if (reply->action == ACTION_RESET || reply->action == ACTION_TRUNCATE)
    {
      Pending *pending = g_new0 (Pending, 1);

      pending->reset = reply->action == ACTION_RESET;
      /* No "Connection: close" here: libsoup takes a short body as
       * complete on a connection announced to close. */
      if (!pending->reset)
        {
          gsize body_len = strlen (reply->body);
          g_autoptr (GString) raw = g_string_new (NULL);

          g_string_append_printf (raw,
                                  "HTTP/1.1 200 OK\r\n"
                                  "Content-Type: %s\r\n"
                                  "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                  "\r\n",
                                  reply->content_type, body_len);
          g_string_append_len (raw, reply->body, (gssize) (body_len / 2));
          pending->raw_len = raw->len;
          pending->raw = g_string_free (g_steal_pointer (&raw), FALSE);
        }

      hold_back (self, msg, pending, g_idle_source_new (), steal_cb);
      return;
    }

  soup_message_headers_replace (headers, "Connection", "close");
  if (reply->retry_after)
    soup_message_headers_replace (headers, "Retry-After", "1");
  if (reply->authenticate)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer realm=\"pomar\"");
  if (reply->allow != NULL)
    soup_message_headers_replace (headers, "Allow", reply->allow);

  soup_server_message_set_status (msg, reply->status, NULL);
  len = strlen (reply->body);
  soup_server_message_set_response (msg, reply->content_type, SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&reply->body), len);

  if (reply->action == ACTION_DELAY)
    hold_back (self, msg, g_new0 (Pending, 1), g_timeout_source_new (delay_ms), delay_elapsed_cb);
}

/* The faults every provider answers alike: TRUE when @reply holds one. */
static gboolean
reply_fault (FixtureFault  fault,
             Reply        *reply)
{
  switch (fault)
    {
    case FIXTURE_FAULT_429:
      reply_error (reply, STATUS_TOO_MANY_REQUESTS, "rate_limited", "Slow down");
      reply->retry_after = TRUE;
      break;
    case FIXTURE_FAULT_429_NO_RETRY_AFTER:
      reply_error (reply, STATUS_TOO_MANY_REQUESTS, "rate_limited", "Slow down");
      break;
    case FIXTURE_FAULT_500:
      reply_error (reply, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                   "Something broke");
      break;
    case FIXTURE_FAULT_502:
      reply_error (reply, SOUP_STATUS_BAD_GATEWAY, "bad_gateway", "The upstream is down");
      break;
    case FIXTURE_FAULT_503:
      reply_error (reply, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                   "Down for maintenance");
      break;
    case FIXTURE_FAULT_400:
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request", "The request was wrong");
      break;
    case FIXTURE_FAULT_400_INVALID_CURSOR:
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "invalid_cursor",
                   "The cursor expired; start the pass again");
      break;
    case FIXTURE_FAULT_401:
      reply_error (reply, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                   "The token is missing or wrong");
      reply->authenticate = TRUE;
      break;
    case FIXTURE_FAULT_403:
      reply_error (reply, SOUP_STATUS_FORBIDDEN, "forbidden",
                   "The token may not read this collection");
      break;
    case FIXTURE_FAULT_404:
      reply_error (reply, SOUP_STATUS_NOT_FOUND, "not_found", "No such collection");
      break;
    case FIXTURE_FAULT_RESET:
      reply->action = ACTION_RESET;
      break;
    case FIXTURE_FAULT_NONE:
    case FIXTURE_FAULT_TRUNCATED:
    case FIXTURE_FAULT_NOT_JSON:
    case FIXTURE_FAULT_WRONG_SHAPE:
    case FIXTURE_FAULT_SLOW:
    case FIXTURE_FAULT_STUCK_CURSOR:
    case FIXTURE_FAULT_INVALID_RECORD:
    case FIXTURE_FAULT_REPEAT:
    case FIXTURE_FAULT_DROP_AFTER_APPLY:
    default:
      return FALSE;
    }
  return TRUE;
}

static void
handle_endpoint (FixtureServer     *self,
                 Endpoint          *endpoint,
                 SoupServerMessage *msg,
                 GHashTable        *query)
{
  Reply reply = { 0 };
  FixtureFault fault;
  guint delay_ms;

  g_mutex_lock (&self->lock);
  self->books[endpoint->faults_of].requests++;
  fault = take_fault_locked (self->books[endpoint->faults_of].faults,
                             self->books[endpoint->faults_of].requests);
  delay_ms = self->delay_ms;
  g_mutex_unlock (&self->lock);

  if (!authorized (self, msg, TRUE))
    {
      reply_error (&reply, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "The token is missing or wrong");
      reply.authenticate = TRUE;
    }
  else if (!reply_fault (fault, &reply))
    {
      FixtureAnswer answer = { 0 };
      SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
      g_autoptr (GBytes) body = NULL;

      if (request_body != NULL && request_body->length > 0)
        body = soup_message_body_flatten (request_body);
      endpoint->handler (soup_server_message_get_method (msg), query, body,
                         fault == FIXTURE_FAULT_NOT_JSON || fault == FIXTURE_FAULT_SLOW
                         || fault == FIXTURE_FAULT_TRUNCATED ? FIXTURE_FAULT_NONE : fault,
                         &answer, endpoint->user_data);
      reply.status = answer.status != 0 ? answer.status : SOUP_STATUS_OK;
      reply.content_type = "application/json";
      reply.body = answer.body != NULL ? answer.body : g_strdup ("{}");
      if (fault == FIXTURE_FAULT_NOT_JSON && reply.status == SOUP_STATUS_OK)
        {
          g_free (reply.body);
          reply.content_type = "text/html; charset=utf-8";
          reply.body = g_strdup ("<!DOCTYPE html>\n<html><body><h1>Bad Gateway</h1></body></html>\n");
        }
      if (fault == FIXTURE_FAULT_SLOW)
        reply.action = ACTION_DELAY;
      else if (fault == FIXTURE_FAULT_TRUNCATED && reply.status == SOUP_STATUS_OK)
        reply.action = ACTION_TRUNCATE;
    }

  deliver (self, msg, &reply, delay_ms);
  g_free (reply.body);
}

/* Writes ------------------------------------------------------------------- */

typedef enum
{
  WRITE_NONE,
  WRITE_ADD_ACTIVITY,
  WRITE_CHANGE_ACCOUNT,
} WriteKind;

static void
replay_free (Replay *replay)
{
  g_free (replay->body);
  g_free (replay);
}

/* The write that @method on @path asks for; for an account's, @account_id
 * gets its id, unescaped (libsoup hands the path over as it came). */
static WriteKind
parse_write (const char  *method,
             const char  *path,
             char       **account_id)
{
  const char *rest;

  if (path == NULL || !g_str_has_prefix (path, COLLECTIONS_PATH))
    return WRITE_NONE;
  rest = path + strlen (COLLECTIONS_PATH);

  if (g_str_equal (method, SOUP_METHOD_POST) && g_str_equal (rest, "activities"))
    return WRITE_ADD_ACTIVITY;

  /* libsoup 3.2 has no SOUP_METHOD_PATCH. */
  if (g_str_equal (method, "PATCH") && g_str_has_prefix (rest, "accounts/"))
    {
      rest += strlen ("accounts/");
      if (*rest == '\0' || strchr (rest, '/') != NULL)
        return WRITE_NONE;
      *account_id = g_uri_unescape_string (rest, NULL);
      return *account_id != NULL && **account_id != '\0' ? WRITE_CHANGE_ACCOUNT : WRITE_NONE;
    }

  return WRITE_NONE;
}

/* The request's body as a JSON object, or NULL. */
static JsonObject *
parse_request_object (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (body == NULL || body->length == 0
      || !json_parser_load_from_data (parser, body->data, body->length, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/* If-Match: "N", or N bare; a weak tag (W/"N") names no version. */
static gboolean
parse_if_match (const char *value,
                gint64     *version)
{
  g_autofree char *text = NULL;
  gsize len;

  if (value == NULL)
    return FALSE;

  text = g_strstrip (g_strdup (value));
  len = strlen (text);
  if (len >= 2 && text[0] == '"' && text[len - 1] == '"')
    {
      text[len - 1] = '\0';
      memmove (text, text + 1, len - 1);
    }

  return g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, version, NULL);
}

static void
reply_record (Reply      *reply,
              guint       status,
              const char *json)
{
  g_free (reply->body);
  reply->status = status;
  reply->content_type = "application/json";
  reply->body = g_strdup (json);
}

/* POST /v1/activities. Sets *@applied when a record was stored. */
static void
add_activity_locked (FixtureServer     *self,
                     SoupServerMessage *msg,
                     Reply             *reply,
                     guint             *applied)
{
  static const char *const required[] = { "id", "account_id", "kind", "body" };
  static const char *const optional[] = { "author", "occurred_at" };
  Book *book = &self->books[POMAR_COLLECTION_ACTIVITIES];
  g_autoptr (JsonObject) activity = parse_request_object (msg);
  g_autoptr (GString) text = NULL;
  g_autofree char *now = NULL;
  const char *id;
  Change *current;
  gint64 version = 1;

  if (activity == NULL)
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request",
                   "The body must be an activity, as a JSON object");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (!node_holds_type (json_object_get_member (activity, required[i]), G_TYPE_STRING))
      {
        g_autofree char *message = g_strdup_printf ("The activity's %s must be a string",
                                                    required[i]);

        reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request", message);
        return;
      }
  for (guint i = 0; i < G_N_ELEMENTS (optional); i++)
    {
      JsonNode *node = json_object_get_member (activity, optional[i]);

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node) && !node_holds_type (node, G_TYPE_STRING))
        {
          g_autofree char *message = g_strdup_printf ("The activity's %s must be a string or null",
                                                      optional[i]);

          reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request", message);
          return;
        }
    }

  /* The client chose the id: a second POST of it, under a key of its own
   * (the first answer lost with a key the client did not keep), stores
   * nothing. */
  id = json_object_get_string_member (activity, "id");
  current = book_lookup (book, id);
  if (current != NULL && !current->deleted)
    {
      reply_record (reply, SOUP_STATUS_OK, current->json);
      return;
    }
  /* Back after a tombstone: above it, or a client holding the tombstone's
   * version would keep the deletion. */
  if (current != NULL)
    version = current->version + 1;

  /* The contract's members only, with the server's version and time. */
  now = now_timestamp ();
  text = g_string_new (NULL);
  json_begin (text);
  json_put_string (text, "id", id);
  json_put_string (text, "account_id", json_object_get_string_member (activity, "account_id"));
  json_put_string (text, "kind", json_object_get_string_member (activity, "kind"));
  json_put_string (text, "author",
                   json_object_get_string_member_with_default (activity, "author", NULL));
  json_put_string (text, "body", json_object_get_string_member (activity, "body"));
  json_put_string (text, "occurred_at",
                   json_object_get_string_member_with_default (activity, "occurred_at", NULL));
  json_put_string (text, "updated_at", now);
  json_put_int (text, "version", version);
  json_end (text);

  record_change_locked (self, POMAR_COLLECTION_ACTIVITIES, id, version, FALSE, text->str,
                        text->len);
  (*applied)++;
  reply_record (reply, SOUP_STATUS_CREATED, text->str);
}

/* PATCH /v1/accounts/@id. Sets *@applied when the account was changed. */
static void
change_account_locked (FixtureServer     *self,
                       SoupServerMessage *msg,
                       const char        *id,
                       Reply             *reply,
                       guint             *applied)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr (JsonObject) changes = parse_request_object (msg);
  g_autoptr (JsonNode) parsed = NULL;
  g_autofree char *now = NULL;
  g_autofree char *text = NULL;
  JsonObject *account;
  JsonNode *stage;
  Change *current;
  gint64 expected;

  if (!parse_if_match (soup_message_headers_get_one (headers, "If-Match"), &expected))
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request",
                   "If-Match must name the version the change was made on");
      return;
    }
  if (changes == NULL)
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request",
                   "The body must be the fields to change, as a JSON object");
      return;
    }
  stage = json_object_get_member (changes, "stage");
  if (json_object_get_size (changes) != 1 || stage == NULL)
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request",
                   "Only an account's stage can be changed");
      return;
    }
  if (!JSON_NODE_HOLDS_NULL (stage) && !node_holds_type (stage, G_TYPE_STRING))
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request",
                   "The stage must be a string or null");
      return;
    }

  current = book_lookup (&self->books[POMAR_COLLECTION_ACCOUNTS], id);
  if (current == NULL || current->deleted)
    {
      reply_error (reply, SOUP_STATUS_NOT_FOUND, "not_found", "No such account");
      return;
    }

  parsed = json_from_string (current->json, NULL);
  g_assert (parsed != NULL && JSON_NODE_HOLDS_OBJECT (parsed));
  account = json_node_get_object (parsed);

  if (current->version != expected)
    {
      g_autoptr (JsonNode) refusal = NULL;
      JsonObject *root;

      reply_error (reply, SOUP_STATUS_PRECONDITION_FAILED, "version_conflict",
                   "The account changed since that version");
      refusal = json_from_string (reply->body, NULL);
      root = json_node_get_object (refusal);
      json_object_set_object_member (root, "current", json_object_ref (account));
      g_free (reply->body);
      reply->body = json_to_string (refusal, FALSE);
      return;
    }

  now = now_timestamp ();
  json_object_set_member (account, "stage", json_node_copy (stage));
  json_object_set_string_member (account, "updated_at", now);
  json_object_set_int_member (account, "version", current->version + 1);
  text = json_to_string (parsed, FALSE);

  record_change_locked (self, POMAR_COLLECTION_ACCOUNTS, id, current->version + 1, FALSE,
                        text, strlen (text));
  (*applied)++;
  reply_record (reply, SOUP_STATUS_OK, text);
}

static void
handle_write (FixtureServer     *self,
              SoupServerMessage *msg,
              WriteKind          kind,
              const char        *account_id)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  Reply reply = { 0 };
  FixtureFault fault;
  guint delay_ms;

  g_mutex_lock (&self->lock);

  self->writes++;
  fault = take_fault_locked (self->write_faults, self->writes);
  delay_ms = self->delay_ms;

  if (!authorized (self, msg, FALSE))
    {
      reply_error (&reply, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                   "The token is missing or wrong");
      reply.authenticate = TRUE;
    }
  else if (!reply_fault (fault, &reply))
    {
      Replay *replay;

      if (key == NULL || *key == '\0')
        reply_error (&reply, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "A write needs an Idempotency-Key");
      else if ((replay = g_hash_table_lookup (self->keys, key)) != NULL)
        reply_record (&reply, replay->status, replay->body);
      else
        {
          replay = g_new0 (Replay, 1);
          if (kind == WRITE_ADD_ACTIVITY)
            add_activity_locked (self, msg, &reply, &replay->applied);
          else
            change_account_locked (self, msg, account_id, &reply, &replay->applied);
          replay->status = reply.status;
          replay->body = g_strdup (reply.body);
          g_hash_table_insert (self->keys, g_strdup (key), replay);
        }

      /* The answer is what it would have been; only its way back fails. */
      if (fault == FIXTURE_FAULT_SLOW)
        reply.action = ACTION_DELAY;
      else if (fault == FIXTURE_FAULT_DROP_AFTER_APPLY)
        reply.action = ACTION_RESET;
    }

  g_mutex_unlock (&self->lock);

  deliver (self, msg, &reply, delay_ms);
  g_free (reply.body);
}

/* Runs on the server thread for every request. */
static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FixtureServer *self = user_data;
  PomarCollection collection;
  FixtureFault fault;
  Reply reply = { 0 };
  guint delay_ms;
  Endpoint *endpoint = find_endpoint (self, path);
  g_autofree char *account_id = NULL;
  WriteKind write;

  if (endpoint != NULL)
    {
      handle_endpoint (self, endpoint, msg, query);
      return;
    }

  write = parse_write (soup_server_message_get_method (msg), path, &account_id);
  if (write != WRITE_NONE)
    {
      handle_write (self, msg, write, account_id);
      return;
    }

  if (!parse_path (path, &collection))
    {
      reply_error (&reply, SOUP_STATUS_NOT_FOUND, "not_found", "No such collection");
      deliver (self, msg, &reply, 0);
      return;
    }

  g_mutex_lock (&self->lock);

  self->books[collection].requests++;
  fault = take_fault_locked (self->books[collection].faults, self->books[collection].requests);
  delay_ms = self->delay_ms;

  if (!authorized (self, msg, FALSE))
    {
      reply_error (&reply, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                   "The token is missing or wrong");
      reply.authenticate = TRUE;
    }
  else if (!g_str_equal (soup_server_message_get_method (msg), SOUP_METHOD_GET))
    {
      reply_error (&reply, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                   "This server only reads collections, and adds activities");
      reply.allow = collection == POMAR_COLLECTION_ACTIVITIES ? "GET, POST" : "GET";
    }
  else
    {
      if (!reply_fault (fault, &reply))
        {
          serve_page_locked (self, collection, query, fault, &reply);
          if (fault == FIXTURE_FAULT_SLOW)
            reply.action = ACTION_DELAY;
          else if (fault == FIXTURE_FAULT_TRUNCATED && reply.status == SOUP_STATUS_OK)
            reply.action = ACTION_TRUNCATE;
        }
    }

  g_mutex_unlock (&self->lock);

  deliver (self, msg, &reply, delay_ms);
  g_free (reply.body);
}

/* The server thread -------------------------------------------------------- */

static gboolean
stop_cb (gpointer user_data)
{
  FixtureServer *self = user_data;

  g_cancellable_cancel (self->cancellable);
  while (self->pending->len > 0)
    pending_free (g_ptr_array_steal_index_fast (self->pending, self->pending->len - 1));
  soup_server_disconnect (self->soup);
  g_main_loop_quit (self->loop);

  return G_SOURCE_REMOVE;
}

static gpointer
server_thread (gpointer user_data)
{
  FixtureServer *self = user_data;
  g_autoptr (GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  self->soup = soup_server_new ("server-header", "pomar-fixture ", NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);

  if (soup_server_listen_local (self->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      uris = soup_server_get_uris (self->soup);
      self->origin = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
      self->url = g_strconcat (self->origin, BASE_PATH, NULL);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }

  g_mutex_lock (&self->lock);
  self->start_error = g_steal_pointer (&error);
  self->ready = TRUE;
  g_cond_signal (&self->started);
  g_mutex_unlock (&self->lock);

  if (self->url != NULL)
    g_main_loop_run (self->loop);

  /* Cancelled writes report back through this context. */
  while (self->n_writing > 0)
    g_main_context_iteration (self->context, TRUE);
  g_clear_object (&self->soup);
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/* Public API --------------------------------------------------------------- */

FixtureServer *
fixture_server_new (const char *token)
{
  FixtureServer *self;

  g_return_val_if_fail (token != NULL && *token != '\0', NULL);

  self = g_new0 (FixtureServer, 1);
  self->token = g_strdup (token);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->pending = g_ptr_array_new ();
  self->endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) endpoint_free);
  self->cancellable = g_cancellable_new ();
  self->delay_ms = DEFAULT_DELAY_MS;
  self->write_faults = g_array_new (FALSE, FALSE, sizeof (FaultRule));
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) replay_free);
  g_mutex_init (&self->lock);
  g_cond_init (&self->started);
  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    book_init (&self->books[i]);

  self->thread = g_thread_new ("fixture-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->started, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL)
    g_error ("The fixture server could not listen on loopback: %s", self->start_error->message);

  return self;
}

void
fixture_server_free (FixtureServer *self)
{
  GSource *source;

  g_return_if_fail (self != NULL);

  source = g_idle_source_new ();
  g_source_set_callback (source, stop_cb, self, NULL);
  g_source_attach (source, self->context);
  g_source_unref (source);
  g_thread_join (self->thread);

  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    book_clear (&self->books[i]);
  g_clear_pointer (&self->write_faults, g_array_unref);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->started);
  g_clear_error (&self->start_error);
  g_free (self->token);
  g_free (self->url);
  g_free (self->origin);
  g_ptr_array_unref (self->endpoints);
  g_free (self);
}

const char *
fixture_server_get_origin (FixtureServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->origin;
}

void
fixture_server_add_endpoint (FixtureServer   *self,
                             const char      *path,
                             PomarCollection  faults_of,
                             FixtureHandler   handler,
                             gpointer         user_data)
{
  Endpoint *endpoint;

  g_return_if_fail (self != NULL && path != NULL && handler != NULL);
  g_return_if_fail (faults_of < POMAR_N_COLLECTIONS);

  endpoint = g_new0 (Endpoint, 1);
  endpoint->path = g_strdup (path);
  endpoint->faults_of = faults_of;
  endpoint->handler = handler;
  endpoint->user_data = user_data;
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->endpoints, endpoint);
  g_mutex_unlock (&self->lock);
}

const char *
fixture_server_get_url (FixtureServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->url;
}

void
fixture_server_put (FixtureServer   *self,
                    PomarCollection  collection,
                    JsonObject      *record)
{
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (collection < POMAR_N_COLLECTIONS);
  g_return_if_fail (record != NULL);
  g_return_if_fail (record_is_valid (record));

  node = json_node_init_object (json_node_alloc (), record);
  text = json_to_string (node, FALSE);

  g_mutex_lock (&self->lock);
  record_change_locked (self, collection, json_object_get_string_member (record, "id"),
                        json_object_get_int_member (record, "version"), FALSE, text, strlen (text));
  g_mutex_unlock (&self->lock);
}

void
fixture_server_delete (FixtureServer   *self,
                       PomarCollection  collection,
                       const char      *id)
{
  g_autoptr (GString) tombstone = g_string_new (NULL);
  g_autofree char *now = NULL;
  Change *current;
  gint64 version;

  g_return_if_fail (self != NULL);
  g_return_if_fail (collection < POMAR_N_COLLECTIONS);
  g_return_if_fail (id != NULL);

  g_mutex_lock (&self->lock);

  current = book_lookup (&self->books[collection], id);
  if (current == NULL || current->deleted)
    {
      g_mutex_unlock (&self->lock);
      g_critical ("fixture_server_delete: %s %s is not a live record",
                  pomar_collection_to_string (collection), id);
      return;
    }

  version = current->version + 1;
  now = now_timestamp ();
  json_begin (tombstone);
  json_put_string (tombstone, "id", id);
  json_put_raw (tombstone, "deleted", "true");
  json_put_int (tombstone, "version", version);
  json_put_string (tombstone, "updated_at", now);
  json_end (tombstone);
  record_change_locked (self, collection, id, version, TRUE, tombstone->str, tombstone->len);

  g_mutex_unlock (&self->lock);
}

void
fixture_server_load_demo (FixtureServer *self,
                          guint          n_accounts,
                          guint64        seed,
                          const GDate   *today)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_sized_new (512);
  DemoLoad load = { self, text };
  PomarDemoOptions options;
  gboolean ok;

  g_return_if_fail (self != NULL);

  pomar_demo_options_init (&options);
  options.n_accounts = n_accounts;
  options.seed = seed;
  if (today != NULL)
    options.today = *today;
  else
    g_date_clear (&options.today, 1);

  g_mutex_lock (&self->lock);
  ok = pomar_demo_generate (&options, demo_sink, NULL, &load, NULL, &error);
  g_mutex_unlock (&self->lock);

  if (!ok)
    g_error ("The demo book could not be generated: %s", error->message);
}

guint
fixture_server_count (FixtureServer   *self,
                      PomarCollection  collection)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (collection < POMAR_N_COLLECTIONS, 0);

  g_mutex_lock (&self->lock);
  n = self->books[collection].n_live;
  g_mutex_unlock (&self->lock);

  return n;
}

void
fixture_server_inject (FixtureServer   *self,
                       PomarCollection  collection,
                       guint            nth,
                       FixtureFault     fault)
{
  FaultRule rule;

  g_return_if_fail (self != NULL);
  g_return_if_fail (collection < POMAR_N_COLLECTIONS);
  g_return_if_fail (fault <= FIXTURE_FAULT_REPEAT);

  g_mutex_lock (&self->lock);
  rule.at = nth == 0 ? 0 : self->books[collection].requests + nth;
  rule.fault = fault;
  g_array_append_val (self->books[collection].faults, rule);
  g_mutex_unlock (&self->lock);
}

void
fixture_server_clear_faults (FixtureServer *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    g_array_set_size (self->books[i].faults, 0);
  g_array_set_size (self->write_faults, 0);
  g_mutex_unlock (&self->lock);
}

/* Listening, on the server's thread ---------------------------------------- */

typedef struct
{
  FixtureServer *server;
  gboolean       listening;
  gboolean       done;
  GError        *error;
} Listening;

static gboolean
listening_cb (gpointer user_data)
{
  Listening *change = user_data;
  FixtureServer *self = change->server;
  GError *error = NULL;

  if (change->listening)
    {
      g_autoptr (GUri) origin = g_uri_parse (self->origin, G_URI_FLAGS_NONE, NULL);

      /* The same port as before: the clients' URL stays right. */
      soup_server_listen_local (self->soup, g_uri_get_port (origin), SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
    }
  else
    soup_server_disconnect (self->soup);

  g_mutex_lock (&self->lock);
  change->error = error;
  change->done = TRUE;
  g_cond_broadcast (&self->started);
  g_mutex_unlock (&self->lock);
  return G_SOURCE_REMOVE;
}

void
fixture_server_set_listening (FixtureServer *self,
                              gboolean       listening)
{
  Listening change = { self, listening, FALSE, NULL };

  g_return_if_fail (self != NULL);

  g_main_context_invoke (self->context, listening_cb, &change);
  g_mutex_lock (&self->lock);
  while (!change.done)
    g_cond_wait (&self->started, &self->lock);
  g_mutex_unlock (&self->lock);
  if (change.error != NULL)
    g_error ("The fixture server could not listen again: %s", change.error->message);
}

void
fixture_server_set_delay (FixtureServer *self,
                          guint          milliseconds)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  self->delay_ms = milliseconds;
  g_mutex_unlock (&self->lock);
}

void
fixture_server_set_page_size_cap (FixtureServer *self,
                                  guint          max_per_page)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  self->page_cap = max_per_page;
  g_mutex_unlock (&self->lock);
}

guint
fixture_server_get_requests (FixtureServer   *self,
                             PomarCollection  collection)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (collection < POMAR_N_COLLECTIONS, 0);

  g_mutex_lock (&self->lock);
  n = self->books[collection].requests;
  g_mutex_unlock (&self->lock);

  return n;
}

/* The faults a write can meet: a status or RESET instead of the write, or
 * the write done and its answer late or lost. */
static gboolean
is_write_fault (FixtureFault fault)
{
  switch (fault)
    {
    case FIXTURE_FAULT_NONE:
    case FIXTURE_FAULT_429:
    case FIXTURE_FAULT_429_NO_RETRY_AFTER:
    case FIXTURE_FAULT_500:
    case FIXTURE_FAULT_502:
    case FIXTURE_FAULT_503:
    case FIXTURE_FAULT_400:
    case FIXTURE_FAULT_400_INVALID_CURSOR:
    case FIXTURE_FAULT_401:
    case FIXTURE_FAULT_403:
    case FIXTURE_FAULT_404:
    case FIXTURE_FAULT_SLOW:
    case FIXTURE_FAULT_RESET:
    case FIXTURE_FAULT_DROP_AFTER_APPLY:
      return TRUE;
    case FIXTURE_FAULT_TRUNCATED:
    case FIXTURE_FAULT_NOT_JSON:
    case FIXTURE_FAULT_WRONG_SHAPE:
    case FIXTURE_FAULT_STUCK_CURSOR:
    case FIXTURE_FAULT_INVALID_RECORD:
    case FIXTURE_FAULT_REPEAT:
    default:
      return FALSE;
    }
}

void
fixture_server_inject_write (FixtureServer *self,
                             guint          nth,
                             FixtureFault   fault)
{
  FaultRule rule;

  g_return_if_fail (self != NULL);
  g_return_if_fail (is_write_fault (fault));

  g_mutex_lock (&self->lock);
  rule.at = nth == 0 ? 0 : self->writes + nth;
  rule.fault = fault;
  g_array_append_val (self->write_faults, rule);
  g_mutex_unlock (&self->lock);
}

guint
fixture_server_get_writes (FixtureServer *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->lock);
  n = self->writes;
  g_mutex_unlock (&self->lock);

  return n;
}

guint
fixture_server_get_applied (FixtureServer *self,
                            const char    *idempotency_key)
{
  Replay *replay;
  guint n;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (idempotency_key != NULL, 0);

  g_mutex_lock (&self->lock);
  replay = g_hash_table_lookup (self->keys, idempotency_key);
  n = replay != NULL ? replay->applied : 0;
  g_mutex_unlock (&self->lock);

  return n;
}

gint64
fixture_server_get_version (FixtureServer   *self,
                            PomarCollection  collection,
                            const char      *id)
{
  Change *change;
  gint64 version;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (collection < POMAR_N_COLLECTIONS, -1);
  g_return_val_if_fail (id != NULL, -1);

  g_mutex_lock (&self->lock);
  change = book_lookup (&self->books[collection], id);
  version = change != NULL && !change->deleted ? change->version : -1;
  g_mutex_unlock (&self->lock);

  return version;
}

char *
fixture_server_get_string (FixtureServer   *self,
                           PomarCollection  collection,
                           const char      *id,
                           const char      *member)
{
  g_autoptr (JsonNode) parsed = NULL;
  Change *change;
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (collection < POMAR_N_COLLECTIONS, NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  g_mutex_lock (&self->lock);
  change = book_lookup (&self->books[collection], id);
  if (change != NULL && !change->deleted)
    parsed = json_from_string (change->json, NULL);
  g_mutex_unlock (&self->lock);

  if (parsed == NULL || !JSON_NODE_HOLDS_OBJECT (parsed))
    return NULL;
  node = json_object_get_member (json_node_get_object (parsed), member);
  return node_holds_type (node, G_TYPE_STRING) ? g_strdup (json_node_get_string (node)) : NULL;
}

/* Comparing with a cache --------------------------------------------------- */

typedef struct
{
  PomarCollection  collection;
  GHashTable      *unseen;   /* id -> the truth's Change, live only */
  GHashTable      *truth;    /* the same, all of them */
  GString         *diff;
  guint            n_diffs;
} Compare;

static void
add_diff (Compare    *compare,
          const char *id,
          const char *format,
          ...) G_GNUC_PRINTF (3, 4);

static void
add_diff (Compare    *compare,
          const char *id,
          const char *format,
          ...)
{
  va_list args;

  if (compare->n_diffs++ >= MAX_DIFFS)
    return;

  g_string_append_printf (compare->diff, "%s %s: ",
                          pomar_collection_to_string (compare->collection), id);
  va_start (args, format);
  g_string_append_vprintf (compare->diff, format, args);
  va_end (args);
  g_string_append_c (compare->diff, '\n');
}

static char *
field_to_string (const PomarField *field)
{
  switch (field->type)
    {
    case POMAR_FIELD_NULL:
      return g_strdup ("null");
    case POMAR_FIELD_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, field->i);
    case POMAR_FIELD_BOOLEAN:
      return g_strdup (field->i ? "true" : "false");
    case POMAR_FIELD_DOUBLE:
      return g_strdup_printf ("%.17g", field->d);
    case POMAR_FIELD_STRING:
      return g_strdup_printf ("\"%s\"", field->s);
    case POMAR_FIELD_JSON:
      return g_strdup (field->s);
    default:
      return g_strdup ("?");
    }
}

static gboolean
same_value (const PomarField *field,
            JsonNode         *truth)
{
  gboolean truth_null = truth == NULL || JSON_NODE_HOLDS_NULL (truth);

  if (field->type == POMAR_FIELD_NULL || truth_null)
    return field->type == POMAR_FIELD_NULL && truth_null;

  switch (field->type)
    {
    case POMAR_FIELD_INT:
      if (node_holds_type (truth, G_TYPE_INT64))
        return json_node_get_int (truth) == field->i;
      return node_holds_number (truth) && json_node_get_double (truth) == (double) field->i;

    case POMAR_FIELD_DOUBLE:
      {
        double value;

        if (!node_holds_number (truth))
          return FALSE;
        value = node_get_number (truth);
        return fabs (value - field->d) <= 1e-9 * MAX (1.0, fabs (value));
      }

    case POMAR_FIELD_BOOLEAN:
      return node_holds_type (truth, G_TYPE_BOOLEAN)
             && json_node_get_boolean (truth) == (field->i != 0);

    case POMAR_FIELD_STRING:
      {
        g_autofree char *expected = NULL;

        if (!node_holds_type (truth, G_TYPE_STRING))
          return FALSE;
        if (is_timestamp_field (field->name))
          expected = normalize_timestamp (json_node_get_string (truth));
        else
          expected = g_strdup (json_node_get_string (truth));
        return g_str_equal (expected, field->s);
      }

    case POMAR_FIELD_JSON:
      {
        g_autoptr (JsonNode) stored = json_from_string (field->s, NULL);

        return stored != NULL && json_node_equal (stored, truth);
      }

    case POMAR_FIELD_NULL:
    default:
      return FALSE;
    }
}

static gboolean
compare_row_cb (const PomarField *fields,
                guint             n_fields,
                gpointer          user_data,
                GError          **error)
{
  Compare *compare = user_data;
  const char *id = NULL;
  g_autoptr (JsonNode) parsed = NULL;
  JsonObject *truth;
  Change *change;

  for (guint i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].name, "id") && fields[i].type == POMAR_FIELD_STRING)
      id = fields[i].s;

  if (id == NULL)
    {
      add_diff (compare, "?", "a cached record without an id");
      return TRUE;
    }

  change = g_hash_table_lookup (compare->truth, id);
  if (change == NULL)
    {
      add_diff (compare, id, "in the cache, not in the truth");
      return TRUE;
    }
  if (!g_hash_table_remove (compare->unseen, id))
    {
      add_diff (compare, id, "twice in the cache");
      return TRUE;
    }

  parsed = json_from_string (change->json, NULL);
  g_assert (parsed != NULL && JSON_NODE_HOLDS_OBJECT (parsed));
  truth = json_node_get_object (parsed);

  for (guint i = 0; i < n_fields; i++)
    {
      const PomarField *field = &fields[i];
      JsonNode *node = json_object_get_member (truth, field->name);

      /* Computed fields (the accounts' health...) are not the truth's. */
      if (node == NULL && !is_contract_field (compare->collection, field->name))
        continue;

      if (!same_value (field, node))
        {
          g_autofree char *cached = field_to_string (field);
          g_autofree char *expected = NULL;

          expected = node != NULL ? json_to_string (node, FALSE) : g_strdup ("(absent)");

          add_diff (compare, id, "%s is %s in the cache, %s in the truth",
                    field->name, cached, expected);
        }
    }

  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

gboolean
fixture_server_matches_store (FixtureServer  *self,
                              PomarStore     *store,
                              char          **diff)
{
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  guint n_diffs = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (POMAR_IS_STORE (store), FALSE);

  reader = pomar_store_reader_new (store, &error);
  if (reader == NULL)
    g_error ("The cache could not be read: %s", error->message);

  /* The whole comparison holds the lock: the truth's changes may only be
   * touched under it. */
  g_mutex_lock (&self->lock);

  for (guint c = 0; c < POMAR_N_COLLECTIONS; c++)
    {
      Book *book = &self->books[c];
      Compare compare = { 0 };
      g_autoptr (GPtrArray) missing = NULL;
      GHashTableIter iter;
      gpointer key;
      gpointer value;

      compare.collection = c;
      compare.diff = text;
      compare.n_diffs = n_diffs;
      compare.truth = g_hash_table_new (g_str_hash, g_str_equal);
      compare.unseen = g_hash_table_new (g_str_hash, g_str_equal);

      g_hash_table_iter_init (&iter, book->latest);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Change *change = &g_array_index (book->log, Change, GPOINTER_TO_UINT (value) - 1);

          if (!change->deleted)
            {
              g_hash_table_insert (compare.truth, change->id, change);
              g_hash_table_insert (compare.unseen, change->id, change);
            }
        }

      if (!pomar_store_reader_scan (reader, c, compare_row_cb, &compare, &error))
        g_error ("The cache could not be scanned: %s", error->message);

      missing = g_ptr_array_new ();
      g_hash_table_iter_init (&iter, compare.unseen);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (missing, key);
      g_ptr_array_sort (missing, compare_strings);
      for (guint i = 0; i < missing->len; i++)
        add_diff (&compare, g_ptr_array_index (missing, i), "missing from the cache");

      n_diffs = compare.n_diffs;
      g_hash_table_unref (compare.truth);
      g_hash_table_unref (compare.unseen);
    }

  g_mutex_unlock (&self->lock);

  if (n_diffs > MAX_DIFFS)
    g_string_append_printf (text, "… and %u more differences\n", n_diffs - MAX_DIFFS);

  if (diff != NULL)
    *diff = n_diffs > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;

  return n_diffs == 0;
}
