/* fixture-zendesk.c: Zendesk-shaped endpoints for the sync tests.
 *
 * GET /zendesk/api/v2/incremental/organizations.json?start_time=S
 *   The time-based export: objects with updated_at >= S, by (updated_at,
 *   id), a page at most; "end_time" is the last one's updated_at, so the
 *   next page (start_time = end_time) repeats the objects of that second,
 *   as Zendesk's does. "end_of_stream" when the page holds all that is
 *   left. Deleted organisations come with "deleted_at".
 * GET /zendesk/api/v2/incremental/tickets/cursor.json?start_time=0 | ?cursor=C
 *   The cursor-based export: by (updated_at, id) after the position C
 *   names; "after_cursor" names the last one served; deleted tickets come
 *   with status "deleted".
 * GET /zendesk/api/v2/satisfaction_ratings.json?score=received&start_time=S
 *     &page[size]=N[&page[after]=C]
 *   Answered ratings created at or after S, by (created_at, id), with
 *   "meta": {"has_more", "after_cursor"}.
 *
 * Faults for organisations, tickets and ratings are those of accounts,
 * tickets and responses on the fixture server. The handler plays REPEAT
 * (the page starts with the object before it), STUCK_CURSOR (the page
 * hands back the position it was asked from), INVALID_RECORD (the first
 * object's updated_at is not a time) and WRONG_SHAPE (a list at the top).
 */
#include "config.h"

#include <string.h>

#include "fixture-zendesk.h"
#include "store-test-util.h"

#define DEFAULT_PAGE 1000

typedef struct
{
  gint64  id;
  gint64  time;        /* updated_at */
  gint64  created;
  gboolean deleted;
  /* organisation */
  char   *name;
  char   *domain;
  /* ticket */
  gint64  organization;
  char   *subject;
  char   *status;
  char   *priority;
  char   *type;
  /* rating */
  gint64  ticket;
  char   *score;
  char   *comment;
} Item;

typedef struct
{
  GHashTable *items;   /* id → Item */
} Table;

struct _FixtureZendesk
{
  FixtureServer *server;
  char          *url;
  GMutex         lock;
  guint          page_size;
  Table          organizations;
  Table          tickets;
  Table          ratings;
};

static void
item_free (Item *item)
{
  g_free (item->name);
  g_free (item->domain);
  g_free (item->subject);
  g_free (item->status);
  g_free (item->priority);
  g_free (item->type);
  g_free (item->score);
  g_free (item->comment);
  g_free (item);
}

static Item *
table_take (Table  *table,
            gint64  id)
{
  Item *item = g_new0 (Item, 1);
  gint64 *key = g_new (gint64, 1);

  *key = id;
  item->id = id;
  g_hash_table_replace (table->items, key, item);
  return item;
}

/* Items by (time, id) — or (created, id) for ratings. */
static int
by_time (gconstpointer a,
         gconstpointer b)
{
  const Item *x = *(Item * const *) a;
  const Item *y = *(Item * const *) b;

  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  return x->id < y->id ? -1 : (x->id > y->id);
}

static int
by_creation (gconstpointer a,
             gconstpointer b)
{
  const Item *x = *(Item * const *) a;
  const Item *y = *(Item * const *) b;

  if (x->created != y->created)
    return x->created < y->created ? -1 : 1;
  return x->id < y->id ? -1 : (x->id > y->id);
}

static GPtrArray *
sorted (Table        *table,
        GCompareFunc  compare)
{
  GPtrArray *all = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (all, value);
  g_ptr_array_sort (all, compare);
  return all;
}

static char *
iso (gint64 seconds)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static void
set_time (JsonObject *object,
          const char *name,
          gint64      seconds)
{
  g_autofree char *text = iso (seconds);

  json_object_set_string_member (object, name, text);
}

static void
set_text (JsonObject *object,
          const char *name,
          const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static char *
answer_text (JsonObject *root)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), root);

  return json_to_string (node, FALSE);
}

/* Positions "time:id" in base64, as opaque as Zendesk's. */
static char *
encode_position (gint64 time,
                 gint64 id)
{
  g_autofree char *plain = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, time, id);

  return g_base64_encode ((const guchar *) plain, strlen (plain));
}

static gboolean
decode_position (const char *text,
                 gint64     *time,
                 gint64     *id)
{
  gsize len = 0;
  g_autofree guchar *raw = text != NULL ? g_base64_decode (text, &len) : NULL;
  g_autofree char *plain = raw != NULL ? g_strndup ((const char *) raw, len) : NULL;
  g_auto (GStrv) parts = plain != NULL ? g_strsplit (plain, ":", 2) : NULL;

  if (parts == NULL || g_strv_length (parts) != 2)
    return FALSE;
  *time = g_ascii_strtoll (parts[0], NULL, 10);
  *id = g_ascii_strtoll (parts[1], NULL, 10);
  return TRUE;
}

static guint
page_size (FixtureZendesk *self,
           GHashTable     *query,
           const char     *name,
           guint           max)
{
  const char *asked = query != NULL ? g_hash_table_lookup (query, name) : NULL;
  guint size = MIN (self->page_size, max);

  if (asked != NULL && g_ascii_strtoull (asked, NULL, 10) > 0)
    size = MIN (size, (guint) g_ascii_strtoull (asked, NULL, 10));
  return size;
}

/* The page, or (WRONG_SHAPE) a list where the page should be; takes @root. */
static void
finish (JsonObject    *root,
        FixtureFault   fault,
        FixtureAnswer *answer)
{
  answer->body = fault == FIXTURE_FAULT_WRONG_SHAPE ? g_strdup ("[]") : answer_text (root);
  json_object_unref (root);
}

static void
error_answer (FixtureAnswer *answer,
              guint          status,
              const char    *message)
{
  JsonObject *root = json_object_new ();

  json_object_set_string_member (root, "error", message);
  answer->status = status;
  answer->body = answer_text (root);
  json_object_unref (root);
}

/* Organisations -------------------------------------------------------------------- */

static JsonObject *
organization_json (const Item *item)
{
  JsonObject *object = json_object_new ();
  JsonArray *domains = json_array_new ();

  json_object_set_int_member (object, "id", item->id);
  json_object_set_string_member (object, "url", "https://example.zendesk.com/api/v2/organizations/x.json");
  set_text (object, "name", item->name);
  if (item->domain != NULL)
    json_array_add_string_element (domains, item->domain);
  json_object_set_array_member (object, "domain_names", domains);
  set_time (object, "created_at", item->created);
  set_time (object, "updated_at", item->time);
  if (item->deleted)
    set_time (object, "deleted_at", item->time);
  else
    json_object_set_null_member (object, "deleted_at");
  return object;
}

static void
serve_organizations (const char    *method,
                     GHashTable    *query,
                     GBytes        *body,
                     FixtureFault   fault,
                     FixtureAnswer *answer,
                     gpointer       user_data)
{
  FixtureZendesk *self = user_data;
  const char *start_text = g_hash_table_lookup (query != NULL ? query : NULL, "start_time");
  gint64 start;
  g_autoptr (GPtrArray) all = NULL;
  JsonObject *root;
  JsonArray *list = json_array_new ();
  guint size, first = 0, served = 0;
  gint64 end_time;

  if (start_text == NULL)
    {
      json_array_unref (list);
      error_answer (answer, 400, "start_time is required");
      return;
    }
  start = g_ascii_strtoll (start_text, NULL, 10);
  size = page_size (self, NULL, NULL, DEFAULT_PAGE);

  g_mutex_lock (&self->lock);
  all = sorted (&self->organizations, by_time);
  while (first < all->len && ((Item *) g_ptr_array_index (all, first))->time < start)
    first++;
  if (fault == FIXTURE_FAULT_REPEAT && first > 0)
    json_array_add_object_element (list, organization_json (g_ptr_array_index (all, first - 1)));
  for (guint i = first; i < all->len && served < size; i++, served++)
    {
      JsonObject *object = organization_json (g_ptr_array_index (all, i));

      if (fault == FIXTURE_FAULT_INVALID_RECORD && served == 0)
        json_object_set_string_member (object, "updated_at", "yesterday");
      json_array_add_object_element (list, object);
    }
  end_time = served > 0 ? ((Item *) g_ptr_array_index (all, first + served - 1))->time : start;
  root = json_object_new ();
  json_object_set_array_member (root, "organizations", list);
  json_object_set_int_member (root, "count", served);
  if (fault == FIXTURE_FAULT_STUCK_CURSOR)
    {
      json_object_set_int_member (root, "end_time", start);
      json_object_set_boolean_member (root, "end_of_stream", FALSE);
    }
  else
    {
      json_object_set_int_member (root, "end_time", end_time);
      json_object_set_boolean_member (root, "end_of_stream", first + served >= all->len);
    }
  g_mutex_unlock (&self->lock);

  finish (root, fault, answer);
}

/* Tickets ---------------------------------------------------------------------------- */

static JsonObject *
ticket_json (const Item *item)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", item->id);
  if (item->organization != 0)
    json_object_set_int_member (object, "organization_id", item->organization);
  else
    json_object_set_null_member (object, "organization_id");
  set_text (object, "subject", item->subject);
  set_text (object, "status", item->deleted ? "deleted" : item->status);
  set_text (object, "priority", item->priority);
  set_text (object, "type", item->type);
  set_time (object, "created_at", item->created);
  set_time (object, "updated_at", item->time);
  return object;
}

static void
serve_tickets (const char    *method,
               GHashTable    *query,
               GBytes        *body,
               FixtureFault   fault,
               FixtureAnswer *answer,
               gpointer       user_data)
{
  FixtureZendesk *self = user_data;
  const char *cursor = query != NULL ? g_hash_table_lookup (query, "cursor") : NULL;
  const char *start_text = query != NULL ? g_hash_table_lookup (query, "start_time") : NULL;
  g_autoptr (GPtrArray) all = NULL;
  g_autofree char *after = NULL;
  JsonObject *root;
  JsonArray *list = json_array_new ();
  gint64 at_time = G_MININT64, at_id = G_MININT64;
  guint size = page_size (self, query, "per_page", DEFAULT_PAGE);
  guint first = 0, served = 0;

  if (cursor != NULL && !decode_position (cursor, &at_time, &at_id))
    {
      json_array_unref (list);
      error_answer (answer, 422, "Invalid cursor");
      return;
    }
  if (cursor == NULL)
    {
      if (start_text == NULL)
        {
          json_array_unref (list);
          error_answer (answer, 400, "start_time or cursor is required");
          return;
        }
      at_time = g_ascii_strtoll (start_text, NULL, 10) - 1;
      at_id = G_MAXINT64;
    }

  g_mutex_lock (&self->lock);
  all = sorted (&self->tickets, by_time);
  while (first < all->len)
    {
      Item *item = g_ptr_array_index (all, first);

      if (item->time > at_time || (item->time == at_time && item->id > at_id))
        break;
      first++;
    }
  if (fault == FIXTURE_FAULT_REPEAT && first > 0)
    json_array_add_object_element (list, ticket_json (g_ptr_array_index (all, first - 1)));
  for (guint i = first; i < all->len && served < size; i++, served++)
    {
      JsonObject *object = ticket_json (g_ptr_array_index (all, i));

      if (fault == FIXTURE_FAULT_INVALID_RECORD && served == 0)
        json_object_set_string_member (object, "updated_at", "soon");
      json_array_add_object_element (list, object);
    }
  if (served > 0)
    {
      Item *last = g_ptr_array_index (all, first + served - 1);

      after = encode_position (last->time, last->id);
    }
  else
    after = cursor != NULL ? g_strdup (cursor) : NULL;

  root = json_object_new ();
  json_object_set_array_member (root, "tickets", list);
  if (fault == FIXTURE_FAULT_STUCK_CURSOR && cursor != NULL)
    {
      set_text (root, "after_cursor", cursor);
      json_object_set_boolean_member (root, "end_of_stream", FALSE);
    }
  else
    {
      set_text (root, "after_cursor", after);
      json_object_set_boolean_member (root, "end_of_stream", first + served >= all->len);
    }
  json_object_set_null_member (root, "before_cursor");
  g_mutex_unlock (&self->lock);

  finish (root, fault, answer);
}

/* Ratings ------------------------------------------------------------------------------ */

static gboolean
answered (const Item *item)
{
  return g_strcmp0 (item->score, "good") == 0 || g_strcmp0 (item->score, "bad") == 0;
}

static JsonObject *
rating_json (const Item *item)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", item->id);
  json_object_set_int_member (object, "ticket_id", item->ticket);
  json_object_set_int_member (object, "requester_id", 7000 + item->ticket);
  set_text (object, "score", item->score);
  set_text (object, "comment", item->comment);
  set_time (object, "created_at", item->created);
  set_time (object, "updated_at", item->time);
  return object;
}

static void
serve_ratings (const char    *method,
               GHashTable    *query,
               GBytes        *body,
               FixtureFault   fault,
               FixtureAnswer *answer,
               gpointer       user_data)
{
  FixtureZendesk *self = user_data;
  const char *score = query != NULL ? g_hash_table_lookup (query, "score") : NULL;
  const char *start_text = query != NULL ? g_hash_table_lookup (query, "start_time") : NULL;
  const char *after = query != NULL ? g_hash_table_lookup (query, "page[after]") : NULL;
  gint64 start = start_text != NULL ? g_ascii_strtoll (start_text, NULL, 10) : 0;
  gint64 at_time = G_MININT64, at_id = G_MININT64;
  guint size = page_size (self, query, "page[size]", 100);
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) chosen = g_ptr_array_new ();
  JsonObject *root, *meta;
  JsonArray *list = json_array_new ();
  guint served = 0;
  gboolean more;

  if (after != NULL && !decode_position (after, &at_time, &at_id))
    {
      json_array_unref (list);
      error_answer (answer, 400, "Invalid page[after]");
      return;
    }

  g_mutex_lock (&self->lock);
  all = sorted (&self->ratings, by_creation);
  for (guint i = 0; i < all->len; i++)
    {
      Item *item = g_ptr_array_index (all, i);

      if (item->created < start || (g_strcmp0 (score, "received") == 0 && !answered (item)))
        continue;
      if (after != NULL && (item->created < at_time || (item->created == at_time && item->id <= at_id)))
        continue;
      g_ptr_array_add (chosen, item);
    }
  if (fault == FIXTURE_FAULT_REPEAT && after != NULL)
    for (guint i = 0; i < all->len; i++)
      {
        Item *item = g_ptr_array_index (all, i);

        if (item->created == at_time && item->id == at_id)
          json_array_add_object_element (list, rating_json (item));
      }
  for (; served < chosen->len && served < size; served++)
    {
      JsonObject *object = rating_json (g_ptr_array_index (chosen, served));

      if (fault == FIXTURE_FAULT_INVALID_RECORD && served == 0)
        json_object_set_string_member (object, "score", "great");
      json_array_add_object_element (list, object);
    }
  more = served < chosen->len;
  meta = json_object_new ();
  json_object_set_boolean_member (meta, "has_more", more);
  if (fault == FIXTURE_FAULT_STUCK_CURSOR && after != NULL)
    {
      json_object_set_boolean_member (meta, "has_more", TRUE);
      json_object_set_string_member (meta, "after_cursor", after);
    }
  else if (served > 0)
    {
      Item *last = g_ptr_array_index (chosen, served - 1);
      g_autofree char *position = encode_position (last->created, last->id);

      json_object_set_string_member (meta, "after_cursor", position);
    }
  else
    json_object_set_null_member (meta, "after_cursor");
  root = json_object_new ();
  json_object_set_array_member (root, "satisfaction_ratings", list);
  json_object_set_object_member (root, "meta", meta);
  g_mutex_unlock (&self->lock);

  finish (root, fault, answer);
}

/* The truth ------------------------------------------------------------------------------ */

static void
table_init (Table *table)
{
  table->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) item_free);
}

FixtureZendesk *
fixture_zendesk_new (FixtureServer *server)
{
  FixtureZendesk *self = g_new0 (FixtureZendesk, 1);

  self->server = server;
  self->url = g_strconcat (fixture_server_get_origin (server), "/zendesk", NULL);
  self->page_size = DEFAULT_PAGE;
  g_mutex_init (&self->lock);
  table_init (&self->organizations);
  table_init (&self->tickets);
  table_init (&self->ratings);

  fixture_server_add_endpoint (server, "/zendesk/api/v2/incremental/organizations.json",
                               POMAR_COLLECTION_ACCOUNTS, serve_organizations, self);
  fixture_server_add_endpoint (server, "/zendesk/api/v2/incremental/tickets/cursor.json",
                               POMAR_COLLECTION_TICKETS, serve_tickets, self);
  fixture_server_add_endpoint (server, "/zendesk/api/v2/satisfaction_ratings.json",
                               POMAR_COLLECTION_RESPONSES, serve_ratings, self);
  return self;
}

void
fixture_zendesk_free (FixtureZendesk *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->organizations.items);
  g_hash_table_unref (self->tickets.items);
  g_hash_table_unref (self->ratings.items);
  g_mutex_clear (&self->lock);
  g_free (self->url);
  g_free (self);
}

const char *
fixture_zendesk_get_url (FixtureZendesk *self)
{
  return self->url;
}

void
fixture_zendesk_set_page_size (FixtureZendesk *self,
                               guint           size)
{
  g_mutex_lock (&self->lock);
  self->page_size = MAX (size, 1u);
  g_mutex_unlock (&self->lock);
}

void
fixture_zendesk_put_organization (FixtureZendesk *self,
                                  gint64          id,
                                  const char     *name,
                                  const char     *domain,
                                  gint64          time)
{
  Item *old, *item;
  gint64 created = time;

  g_mutex_lock (&self->lock);
  old = g_hash_table_lookup (self->organizations.items, &id);
  if (old != NULL)
    created = old->created;
  item = table_take (&self->organizations, id);
  item->name = g_strdup (name);
  item->domain = g_strdup (domain);
  item->time = time;
  item->created = created;
  g_mutex_unlock (&self->lock);
}

void
fixture_zendesk_delete_organization (FixtureZendesk *self,
                                     gint64          id,
                                     gint64          time)
{
  Item *item;

  g_mutex_lock (&self->lock);
  item = g_hash_table_lookup (self->organizations.items, &id);
  g_assert_nonnull (item);
  item->deleted = TRUE;
  item->time = time;
  g_mutex_unlock (&self->lock);
}

void
fixture_zendesk_put_ticket (FixtureZendesk *self,
                            gint64          id,
                            gint64          organization,
                            const char     *subject,
                            const char     *status,
                            const char     *priority,
                            const char     *type,
                            gint64          time)
{
  Item *old, *item;
  gint64 created = time;

  g_mutex_lock (&self->lock);
  old = g_hash_table_lookup (self->tickets.items, &id);
  if (old != NULL)
    created = old->created;
  item = table_take (&self->tickets, id);
  item->organization = organization;
  item->subject = g_strdup (subject);
  item->deleted = g_strcmp0 (status, "deleted") == 0;
  item->status = g_strdup (status);
  item->priority = g_strdup (priority);
  item->type = g_strdup (type);
  item->time = time;
  item->created = created;
  g_mutex_unlock (&self->lock);
}

void
fixture_zendesk_put_rating (FixtureZendesk *self,
                            gint64          id,
                            gint64          ticket,
                            const char     *score,
                            const char     *comment,
                            gint64          created,
                            gint64          time)
{
  Item *item;

  g_mutex_lock (&self->lock);
  item = table_take (&self->ratings, id);
  item->ticket = ticket;
  item->score = g_strdup (score);
  item->comment = g_strdup (comment);
  item->created = created;
  item->time = time;
  g_mutex_unlock (&self->lock);
}

/* Comparing ------------------------------------------------------------------------------ */

static const char * const account_names[] = { "id", "version", "name", "domain", NULL };
static const char * const ticket_names[] = { "id", "version", "account_id", "subject", "status", "priority",
                                             "type", "solved_at", NULL };
static const char * const response_names[] = { "id", "version", "account_id", "kind", "score", "comment",
                                               "responded_at", NULL };

static void
add_field (GString    *text,
           const char *name,
           const char *value)
{
  g_string_append_printf (text, "%s=%s;", name, value != NULL ? value : "null");
}

static char *
local_account (const char *connection,
               GHashTable *account_of_org,
               gint64      organization)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, organization);
  const char *mapped = account_of_org != NULL ? g_hash_table_lookup (account_of_org, key) : NULL;

  if (organization == 0)
    return NULL;
  return mapped != NULL ? g_strdup (mapped) : g_strdup_printf ("%s:%s", connection, key);
}

static void
compare (GHashTable *expected,
         GHashTable *stored,
         const char *what,
         GString    *diff)
{
  GHashTableIter iter;
  gpointer key, value;
  guint shown = 0;

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value) && shown < 5)
    {
      const char *have = g_hash_table_lookup (stored, key);

      if (g_strcmp0 (have, value) != 0)
        {
          g_string_append_printf (diff, "\n  %s %s: expected %s, cached %s", what, (char *) key,
                                  (char *) value, have != NULL ? have : "(nothing)");
          shown++;
        }
    }
  g_hash_table_iter_init (&iter, stored);
  while (g_hash_table_iter_next (&iter, &key, &value) && shown < 5)
    if (!g_hash_table_contains (expected, key))
      {
        g_string_append_printf (diff, "\n  %s %s is cached but not on the server: %s", what,
                                (char *) key, (char *) value);
        shown++;
      }
}

/* A deleted organisation's account went from the cache with what was its
 * (the store's rule for an account's tombstone). */
static gboolean
organization_deleted (FixtureZendesk *self,
                      gint64          id)
{
  Item *org = g_hash_table_lookup (self->organizations.items, &id);

  return org != NULL && org->deleted;
}

gboolean
fixture_zendesk_matches_store (FixtureZendesk *self,
                               PomarStore     *store,
                               const char     *connection,
                               GHashTable     *account_of_org,
                               char          **diff)
{
  g_autoptr (GHashTable) accounts = store_test_scan (store, POMAR_COLLECTION_ACCOUNTS, account_names);
  g_autoptr (GHashTable) tickets = store_test_scan (store, POMAR_COLLECTION_TICKETS, ticket_names);
  g_autoptr (GHashTable) responses = store_test_scan (store, POMAR_COLLECTION_RESPONSES, response_names);
  g_autoptr (GHashTable) want_accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) want_tickets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) want_responses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GString) differences = g_string_new (NULL);
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&self->lock);

  g_hash_table_iter_init (&iter, self->organizations.items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Item *org = value;
      char *id = local_account (connection, account_of_org, org->id);
      g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, org->time);
      GString *text = g_string_new (NULL);

      if (org->deleted || (account_of_org != NULL && !g_str_has_prefix (id, connection)))
        {
          /* Deleted; or matched to an account another source owns (its
           * fields are that account's: the matching test checks them). */
          g_string_free (text, TRUE);
          g_free (id);
          continue;
        }
      add_field (text, "id", id);
      add_field (text, "version", version);
      add_field (text, "name", org->name);
      add_field (text, "domain", org->domain);
      g_hash_table_insert (want_accounts, id, g_string_free (text, FALSE));
    }

  g_hash_table_iter_init (&iter, self->tickets.items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Item *ticket = value;
      g_autofree char *account = local_account (connection, account_of_org, ticket->organization);
      g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, ticket->time);
      g_autofree char *solved = iso (ticket->time);
      gboolean is_solved = g_strcmp0 (ticket->status, "solved") == 0 || g_strcmp0 (ticket->status, "closed") == 0;
      GString *text = g_string_new (NULL);
      char *id = g_strdup_printf ("%s:%" G_GINT64_FORMAT, connection, ticket->id);

      add_field (text, "id", id);
      add_field (text, "version", version);
      add_field (text, "account_id", account);
      add_field (text, "subject", ticket->subject);
      add_field (text, "status", ticket->status);
      add_field (text, "priority", ticket->priority != NULL ? ticket->priority : "normal");
      add_field (text, "type", ticket->type);
      add_field (text, "solved_at", is_solved ? solved : NULL);
      if (ticket->deleted || organization_deleted (self, ticket->organization))
        {
          g_free (id);
          g_string_free (text, TRUE);
          continue;
        }
      g_hash_table_insert (want_tickets, id, g_string_free (text, FALSE));
    }

  g_hash_table_iter_init (&iter, self->ratings.items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Item *rating = value;
      Item *ticket = g_hash_table_lookup (self->tickets.items, &rating->ticket);
      /* The answer keeps the account its ticket had when it came. */
      g_autofree char *account = ticket != NULL
                                 ? local_account (connection, account_of_org, ticket->organization) : NULL;
      g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, rating->time);
      g_autofree char *when = iso (rating->time);
      GString *text;
      char *id;

      if (!answered (rating) || (ticket != NULL && organization_deleted (self, ticket->organization)))
        continue;
      id = g_strdup_printf ("%s:%" G_GINT64_FORMAT, connection, rating->id);
      text = g_string_new (NULL);
      add_field (text, "id", id);
      add_field (text, "version", version);
      add_field (text, "account_id", account);
      add_field (text, "kind", "csat");
      add_field (text, "score", g_str_equal (rating->score, "good") ? "5" : "1");
      add_field (text, "comment", rating->comment != NULL && *rating->comment != '\0' ? rating->comment : NULL);
      add_field (text, "responded_at", when);
      g_hash_table_insert (want_responses, id, g_string_free (text, FALSE));
    }

  g_mutex_unlock (&self->lock);

  if (account_of_org == NULL)
    compare (want_accounts, accounts, "account", differences);
  else
    {
      /* Other sources' accounts are there too: only this connection's own. */
      GHashTableIter own;
      gpointer key;

      g_hash_table_iter_init (&own, accounts);
      while (g_hash_table_iter_next (&own, &key, NULL))
        if (!g_str_has_prefix (key, connection))
          g_hash_table_iter_remove (&own);
      compare (want_accounts, accounts, "account", differences);
    }
  compare (want_tickets, tickets, "ticket", differences);
  compare (want_responses, responses, "answer", differences);

  if (differences->len == 0)
    return TRUE;
  if (diff != NULL)
    *diff = g_strdup (differences->str);
  return FALSE;
}
