/* fixture-hubspot.c: HubSpot-shaped company endpoints for the sync tests.
 *
 * GET  /hubspot/crm/v3/objects/companies?limit=N&archived=BOOL&properties=a,b&after=X
 *   The list: companies that are (archived=true) or are not archived, by
 *   id, at most N (1..100, default 10). "after" is where the next page
 *   starts (an id, as HubSpot's are); paging.next is there while more are
 *   left. Archived ones carry "archived": true and "archivedAt".
 * POST /hubspot/crm/v3/objects/companies/search
 *   {"filterGroups": [{"filters": [{"propertyName", "operator", "value"}]}],
 *    "sorts": [{"propertyName", "direction"}], "properties": [...],
 *    "limit": N, "after": "OFFSET"}
 *   Live companies only. Groups are ORed, filters in a group ANDed (at
 *   most 5 groups of 6, 18 in all); operators EQ, NEQ, LT, LTE, GT, GTE,
 *   HAS_PROPERTY, NOT_HAS_PROPERTY; dates (hs_lastmodifieddate,
 *   createdate) and hs_object_id compare as numbers, dates given in ms.
 *   One sort at most ("Only one sorting rule can be applied to any
 *   search"); companies the sort leaves equal come in an order of their
 *   own (neither by id nor by time), as HubSpot promises none; without a
 *   sort, by creation. "limit" 1..200 (default 10); "after" is an offset,
 *   and a page reaching past the 10,000th result is refused with a 400,
 *   as HubSpot refuses it. The answer: {"total", "results", "paging"}.
 *
 * Every property value is a string, as HubSpot sends them; a property
 * asked for and not set comes as null. Faults are those of accounts; the
 * handlers play REPEAT (the answer starts with the last company of the
 * answer before from the same list, or search), STUCK_CURSOR (the list's paging.next.after is the
 * "after" it was asked with), INVALID_RECORD (the first company's ARR
 * property is not a number) and WRONG_SHAPE (a list at the top).
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "fixture-hubspot.h"

#define LIST_LIMIT_MAX    100
#define SEARCH_LIMIT_MAX  200
#define SEARCH_WINDOW     10000
#define MAX_GROUPS        5
#define MAX_GROUP_FILTERS 6
#define MAX_FILTERS       18
#define DEFAULT_LIMIT     10
#define MAX_DIFFS         10

/* The three lists a REPEAT repeats within. */
typedef enum
{
  LISTING_LIVE,
  LISTING_ARCHIVED,
  LISTING_SEARCH,
} Listing;

typedef struct
{
  gint64      id;
  gint64      created;
  gint64      modified;
  gboolean    archived;
  gint64      archived_at;
  GHashTable *properties;   /* name → value */
} Company;

struct _FixtureHubspot
{
  FixtureServer *server;
  char          *url;
  GMutex         lock;
  GHashTable    *companies;   /* &id → Company: the truth */
  GHashTable    *held;        /* &id → Company as the search still sees it
                              * (archived: not at all) */
  char          *arr_property;
  char          *refusal;
  gint64         last_served[3];  /* per Listing: the last company of its last answer */
  guint          live_requests;
  guint          archived_requests;
  guint          search_requests;
};

static void
company_free (Company *company)
{
  g_hash_table_unref (company->properties);
  g_free (company);
}

static Company *
company_copy (const Company *company)
{
  Company *copy = g_new0 (Company, 1);
  GHashTableIter iter;
  gpointer name, value;

  *copy = *company;
  copy->properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, company->properties);
  while (g_hash_table_iter_next (&iter, &name, &value))
    g_hash_table_insert (copy->properties, g_strdup (name), g_strdup (value));
  return copy;
}

static GHashTable *
companies_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) company_free);
}

static char *
iso_ms (gint64 ms)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, (int) (ms % 1000));
}

/* The same company in another order than by id or time: where a sort
 * leaves companies equal, HubSpot gives them in no promised order. */
static guint32
scramble (gint64 id)
{
  guint64 x = (guint64) id * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  return (guint32) (x >> 32);
}

/* Answers ------------------------------------------------------------------------ */

static void
answer_error (FixtureAnswer *answer,
              guint          status,
              const char    *category,
              const char    *message)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "error");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "correlationId");
  json_builder_add_string_value (builder, "00000000-fixture-0000-0000-000000000000");
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, category);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  answer->status = status;
  answer->body = json_to_string (root, FALSE);
}

static gboolean
is_system_property (const char *name)
{
  return g_str_equal (name, "hs_object_id") || g_str_equal (name, "createdate")
         || g_str_equal (name, "hs_lastmodifieddate");
}

static char *
system_value (const Company *company,
              const char    *name)
{
  if (g_str_equal (name, "hs_object_id"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, company->id);
  if (g_str_equal (name, "createdate"))
    return iso_ms (company->created);
  return iso_ms (company->modified);
}

static const char *const default_properties[] = {
  "name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id",
};

/* A company as HubSpot sends it, with the properties in @names (NULL:
 * HubSpot's default ones). */
static void
add_company (FixtureHubspot *self,
             JsonBuilder    *builder,
             const Company  *company,
             GPtrArray      *names,
             gboolean        spoil)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, company->id);
  g_autofree char *created = iso_ms (company->created);
  g_autofree char *modified = iso_ms (company->modified);
  g_autoptr (GPtrArray) shown = g_ptr_array_new ();

  if (names != NULL)
    for (guint i = 0; i < names->len; i++)
      g_ptr_array_add (shown, g_ptr_array_index (names, i));
  else
    for (guint i = 0; i < G_N_ELEMENTS (default_properties); i++)
      g_ptr_array_add (shown, (gpointer) default_properties[i]);
  /* These three come whatever was asked. */
  for (guint i = 0; i < 3; i++)
    {
      const char *always = (const char *[]) { "hs_object_id", "createdate", "hs_lastmodifieddate" }[i];
      gboolean there = FALSE;

      for (guint j = 0; j < shown->len && !there; j++)
        there = g_str_equal (g_ptr_array_index (shown, j), always);
      if (!there)
        g_ptr_array_add (shown, (gpointer) always);
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  for (guint i = 0; i < shown->len; i++)
    {
      const char *name = g_ptr_array_index (shown, i);

      json_builder_set_member_name (builder, name);
      if (spoil && g_str_equal (name, self->arr_property))
        json_builder_add_string_value (builder, "twelve thousand");
      else if (is_system_property (name))
        {
          g_autofree char *value = system_value (company, name);

          json_builder_add_string_value (builder, value);
        }
      else if (g_hash_table_contains (company->properties, name))
        json_builder_add_string_value (builder, g_hash_table_lookup (company->properties, name));
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "createdAt");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "updatedAt");
  json_builder_add_string_value (builder, modified);
  json_builder_set_member_name (builder, "archived");
  json_builder_add_boolean_value (builder, company->archived);
  if (company->archived)
    {
      g_autofree char *archived = iso_ms (company->archived_at);

      json_builder_set_member_name (builder, "archivedAt");
      json_builder_add_string_value (builder, archived);
    }
  json_builder_end_object (builder);
}

static void
add_paging (JsonBuilder *builder,
            const char  *base,
            const char  *after)
{
  g_autofree char *link = g_strdup_printf ("%s?after=%s", base, after);

  json_builder_set_member_name (builder, "paging");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "next");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "after");
  json_builder_add_string_value (builder, after);
  json_builder_set_member_name (builder, "link");
  json_builder_add_string_value (builder, link);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* @page (Company *) with REPEAT, INVALID_RECORD and the total, as the
 * answer's JSON. */
static char *
page_body (FixtureHubspot *self,
           Listing         listing,
           GPtrArray      *page,
           GPtrArray      *names,
           FixtureFault    fault,
           gint64          total,
           const char     *next_after,
           const char     *link_base,
           GHashTable     *repeat_from)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  Company *repeated = NULL;

  if (fault == FIXTURE_FAULT_REPEAT && self->last_served[listing] != 0)
    repeated = g_hash_table_lookup (repeat_from, &self->last_served[listing]);

  json_builder_begin_object (builder);
  if (total >= 0)
    {
      json_builder_set_member_name (builder, "total");
      json_builder_add_int_value (builder, total);
    }
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  if (repeated != NULL)
    add_company (self, builder, repeated, names, FALSE);
  for (guint i = 0; i < page->len; i++)
    add_company (self, builder, g_ptr_array_index (page, i), names,
                 fault == FIXTURE_FAULT_INVALID_RECORD && i == 0);
  json_builder_end_array (builder);
  if (next_after != NULL)
    add_paging (builder, link_base, next_after);
  json_builder_end_object (builder);

  if (page->len > 0)
    self->last_served[listing] = ((Company *) g_ptr_array_index (page, page->len - 1))->id;
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
parse_count (const char *text,
             gint64      low,
             gint64      high,
             gint64     *value)
{
  return text != NULL && g_ascii_string_to_signed (text, 10, low, high, value, NULL);
}

/* The list --------------------------------------------------------------------------- */

static int
by_id (gconstpointer a,
       gconstpointer b)
{
  const Company *x = *(Company * const *) a;
  const Company *y = *(Company * const *) b;

  return x->id < y->id ? -1 : x->id > y->id;
}

static void
handle_list (const char    *method,
             GHashTable    *query,
             GBytes        *body,
             FixtureFault   fault,
             FixtureAnswer *answer,
             gpointer       user_data)
{
  FixtureHubspot *self = user_data;
  const char *limit_text = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  const char *after_text = query != NULL ? g_hash_table_lookup (query, "after") : NULL;
  const char *archived_text = query != NULL ? g_hash_table_lookup (query, "archived") : NULL;
  const char *properties_text = query != NULL ? g_hash_table_lookup (query, "properties") : NULL;
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GPtrArray) matching = g_ptr_array_new ();
  g_autoptr (GPtrArray) page = g_ptr_array_new ();
  g_auto (GStrv) split = NULL;
  g_autofree char *next_after = NULL;
  g_autofree char *link_base = NULL;
  gboolean archived = FALSE;
  gint64 limit = DEFAULT_LIMIT, after = 0;
  GHashTableIter iter;
  gpointer value;

  if (!g_str_equal (method, "GET"))
    {
      answer_error (answer, 405, "VALIDATION_ERROR", "Only GET lists companies.");
      return;
    }
  if (fault == FIXTURE_FAULT_WRONG_SHAPE)
    {
      answer->body = g_strdup ("[]");
      return;
    }
  if (limit_text != NULL && !parse_count (limit_text, 1, LIST_LIMIT_MAX, &limit))
    {
      answer_error (answer, 400, "VALIDATION_ERROR", "limit must be a whole number from 1 to 100.");
      return;
    }
  if (after_text != NULL && !parse_count (after_text, 0, G_MAXINT64, &after))
    {
      answer_error (answer, 400, "VALIDATION_ERROR", "after is not a paging cursor of this list.");
      return;
    }
  if (archived_text != NULL && !g_str_equal (archived_text, "false") && !g_str_equal (archived_text, "true"))
    {
      answer_error (answer, 400, "VALIDATION_ERROR", "archived must be true or false.");
      return;
    }
  archived = g_strcmp0 (archived_text, "true") == 0;
  if (properties_text != NULL)
    {
      split = g_strsplit (properties_text, ",", -1);
      names = g_ptr_array_new ();
      for (guint i = 0; split[i] != NULL; i++)
        if (*split[i] != '\0')
          g_ptr_array_add (names, split[i]);
    }

  g_mutex_lock (&self->lock);
  if (archived)
    self->archived_requests++;
  else
    self->live_requests++;

  g_hash_table_iter_init (&iter, self->companies);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Company *company = value;

      if (company->archived == archived && company->id >= after)
        g_ptr_array_add (matching, company);
    }
  g_ptr_array_sort (matching, by_id);
  for (guint i = 0; i < matching->len && i < (guint) limit; i++)
    g_ptr_array_add (page, g_ptr_array_index (matching, i));
  if (matching->len > page->len)
    {
      Company *last = g_ptr_array_index (page, page->len - 1);

      next_after = fault == FIXTURE_FAULT_STUCK_CURSOR && after_text != NULL
                     ? g_strdup (after_text)
                     : g_strdup_printf ("%" G_GINT64_FORMAT, last->id + 1);
    }
  link_base = g_strconcat (self->url, "/crm/v3/objects/companies", NULL);
  answer->body = page_body (self, archived ? LISTING_ARCHIVED : LISTING_LIVE, page, names, fault, -1,
                            next_after, link_base, self->companies);
  g_mutex_unlock (&self->lock);
}

/* The search ---------------------------------------------------------------------------- */

typedef enum
{
  OP_EQ,
  OP_NEQ,
  OP_LT,
  OP_LTE,
  OP_GT,
  OP_GTE,
  OP_HAS,
  OP_NOT_HAS,
} Operator;

static const char *const operator_names[] = {
  "EQ", "NEQ", "LT", "LTE", "GT", "GTE", "HAS_PROPERTY", "NOT_HAS_PROPERTY",
};

typedef struct
{
  char    *property;
  Operator op;
  gboolean numeric;
  gint64   number;
  char    *text;
} Filter;

static void
filter_clear (gpointer data)
{
  Filter *filter = data;

  g_free (filter->property);
  g_free (filter->text);
}

static gboolean
numeric_property (const char *name)
{
  return is_system_property (name);
}

static gint64
numeric_value (const Company *company,
               const char    *name)
{
  if (g_str_equal (name, "hs_object_id"))
    return company->id;
  if (g_str_equal (name, "createdate"))
    return company->created;
  return company->modified;
}

static int
compare_numbers (gint64 a,
                 gint64 b)
{
  return a < b ? -1 : a > b;
}

static gboolean
filter_matches (const Filter  *filter,
                const Company *company)
{
  const char *text = NULL;
  int order;

  if (filter->numeric)
    order = compare_numbers (numeric_value (company, filter->property), filter->number);
  else
    {
      text = g_hash_table_lookup (company->properties, filter->property);
      if (filter->op == OP_HAS)
        return text != NULL;
      if (filter->op == OP_NOT_HAS)
        return text == NULL;
      if (text == NULL)
        return filter->op == OP_NEQ;
      order = filter->op == OP_EQ || filter->op == OP_NEQ ? g_ascii_strcasecmp (text, filter->text)
                                                           : strcmp (text, filter->text);
    }

  switch (filter->op)
    {
    case OP_EQ:
      return order == 0;
    case OP_NEQ:
      return order != 0;
    case OP_LT:
      return order < 0;
    case OP_LTE:
      return order <= 0;
    case OP_GT:
      return order > 0;
    case OP_GTE:
      return order >= 0;
    case OP_HAS:
      return TRUE;
    case OP_NOT_HAS:
    default:
      return FALSE;
    }
}

typedef struct
{
  GArray     *groups;       /* GArray of Filter, one per group */
  char       *sort_by;      /* NULL: by creation */
  gboolean    descending;
  gint64      limit;
  gint64      after;
  GPtrArray  *names;        /* properties asked for, or NULL */
} Search;

static void
search_clear (Search *search)
{
  if (search->groups != NULL)
    for (guint i = 0; i < search->groups->len; i++)
      g_array_unref (g_array_index (search->groups, GArray *, i));
  g_clear_pointer (&search->groups, g_array_unref);
  g_clear_pointer (&search->sort_by, g_free);
  g_clear_pointer (&search->names, g_ptr_array_unref);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A member that must be a string (or, for numbers HubSpot takes either
 * way, an integer). */
static const char *
member_text (JsonObject *object,
             const char *name,
             char      **owned)
{
  JsonNode *node = json_object_get_member (object, name);

  *owned = NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return *owned = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

/* Reads a search body as HubSpot would; FALSE with @message (a 400's). */
static gboolean
parse_search (GBytes  *body,
              Search  *search,
              char   **message)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root, *node;
  JsonObject *object;
  guint total_filters = 0;
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : "";

  memset (search, 0, sizeof *search);
  search->limit = DEFAULT_LIMIT;
  search->groups = g_array_new (FALSE, FALSE, sizeof (GArray *));

  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      *message = g_strdup ("Invalid input JSON on line 1: the body is not a JSON object.");
      return FALSE;
    }
  object = json_node_get_object (root);

  node = json_object_get_member (object, "filterGroups");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonArray *groups;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          *message = g_strdup ("filterGroups must be a list.");
          return FALSE;
        }
      groups = json_node_get_array (node);
      if (json_array_get_length (groups) > MAX_GROUPS)
        {
          *message = g_strdup_printf ("Too many filter groups (%u); the most is %d.",
                                      json_array_get_length (groups), MAX_GROUPS);
          return FALSE;
        }
      for (guint g = 0; g < json_array_get_length (groups); g++)
        {
          JsonNode *group = json_array_get_element (groups, g);
          JsonNode *filters_node;
          JsonArray *filters;
          GArray *parsed = g_array_new (FALSE, TRUE, sizeof (Filter));

          g_array_set_clear_func (parsed, filter_clear);
          g_array_append_val (search->groups, parsed);
          if (!JSON_NODE_HOLDS_OBJECT (group)
              || (filters_node = json_object_get_member (json_node_get_object (group), "filters")) == NULL
              || !JSON_NODE_HOLDS_ARRAY (filters_node))
            {
              *message = g_strdup ("A filter group must have a list of filters.");
              return FALSE;
            }
          filters = json_node_get_array (filters_node);
          if (json_array_get_length (filters) == 0 || json_array_get_length (filters) > MAX_GROUP_FILTERS)
            {
              *message = g_strdup_printf ("A filter group takes 1 to %d filters.", MAX_GROUP_FILTERS);
              return FALSE;
            }
          total_filters += json_array_get_length (filters);
          if (total_filters > MAX_FILTERS)
            {
              *message = g_strdup_printf ("Too many filters; the most is %d in all.", MAX_FILTERS);
              return FALSE;
            }
          for (guint f = 0; f < json_array_get_length (filters); f++)
            {
              JsonNode *element = json_array_get_element (filters, f);
              JsonObject *filter_object;
              Filter filter = { 0 };
              const char *property, *op_name, *value;
              g_autofree char *owned = NULL;
              gboolean known = FALSE;

              if (!JSON_NODE_HOLDS_OBJECT (element))
                {
                  *message = g_strdup ("A filter must be an object.");
                  return FALSE;
                }
              filter_object = json_node_get_object (element);
              property = string_member (filter_object, "propertyName");
              op_name = string_member (filter_object, "operator");
              if (property == NULL || op_name == NULL)
                {
                  *message = g_strdup ("A filter needs propertyName and operator.");
                  return FALSE;
                }
              for (guint o = 0; o < G_N_ELEMENTS (operator_names) && !known; o++)
                if (g_str_equal (op_name, operator_names[o]))
                  {
                    filter.op = (Operator) o;
                    known = TRUE;
                  }
              if (!known)
                {
                  *message = g_strdup_printf ("The operator %s is not one this server knows.", op_name);
                  return FALSE;
                }
              filter.property = g_strdup (property);
              filter.numeric = numeric_property (property);
              value = member_text (filter_object, "value", &owned);
              if (filter.op != OP_HAS && filter.op != OP_NOT_HAS)
                {
                  if (value == NULL)
                    {
                      filter_clear (&filter);
                      *message = g_strdup_printf ("The filter on %s needs a value.", property);
                      return FALSE;
                    }
                  if (filter.numeric && !parse_count (value, G_MININT64, G_MAXINT64, &filter.number))
                    {
                      filter_clear (&filter);
                      *message = g_strdup_printf ("%s is not a valid value for %s: dates are "
                                                  "milliseconds since 1970, ids whole numbers.",
                                                  value, property);
                      return FALSE;
                    }
                  filter.text = g_strdup (value);
                }
              g_array_append_val (parsed, filter);
            }
        }
    }

  node = json_object_get_member (object, "sorts");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonArray *sorts;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          *message = g_strdup ("sorts must be a list.");
          return FALSE;
        }
      sorts = json_node_get_array (node);
      if (json_array_get_length (sorts) > 1)
        {
          *message = g_strdup ("Only one sorting rule can be applied to any search.");
          return FALSE;
        }
      if (json_array_get_length (sorts) == 1)
        {
          JsonNode *sort = json_array_get_element (sorts, 0);
          const char *property, *direction;

          if (!JSON_NODE_HOLDS_OBJECT (sort)
              || (property = string_member (json_node_get_object (sort), "propertyName")) == NULL)
            {
              *message = g_strdup ("A sort needs propertyName.");
              return FALSE;
            }
          direction = string_member (json_node_get_object (sort), "direction");
          if (direction != NULL && !g_str_equal (direction, "ASCENDING")
              && !g_str_equal (direction, "DESCENDING"))
            {
              *message = g_strdup_printf ("%s is not a sort direction.", direction);
              return FALSE;
            }
          search->sort_by = g_strdup (property);
          search->descending = g_strcmp0 (direction, "DESCENDING") == 0;
        }
    }

  node = json_object_get_member (object, "limit");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
          || json_node_get_int (node) < 1 || json_node_get_int (node) > SEARCH_LIMIT_MAX)
        {
          *message = g_strdup_printf ("limit must be a whole number from 1 to %d.", SEARCH_LIMIT_MAX);
          return FALSE;
        }
      search->limit = json_node_get_int (node);
    }

  if (json_object_has_member (object, "after"))
    {
      g_autofree char *owned = NULL;
      const char *after = member_text (object, "after", &owned);

      if (after != NULL && *after != '\0' && !parse_count (after, 0, G_MAXINT64, &search->after))
        {
          *message = g_strdup_printf ("after must be formatted as an integer, not %s.", after);
          return FALSE;
        }
    }
  if (search->after + search->limit > SEARCH_WINDOW)
    {
      *message = g_strdup_printf ("The search endpoints are limited to %d results for any given query; "
                                  "this page would reach result %" G_GINT64_FORMAT ".",
                                  SEARCH_WINDOW, search->after + search->limit);
      return FALSE;
    }

  node = json_object_get_member (object, "properties");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
    {
      JsonArray *properties = json_node_get_array (node);

      search->names = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < json_array_get_length (properties); i++)
        {
          JsonNode *element = json_array_get_element (properties, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_ptr_array_add (search->names, g_strdup (json_node_get_string (element)));
        }
    }
  return TRUE;
}

static gboolean
search_matches (const Search  *search,
                const Company *company)
{
  if (search->groups->len == 0)
    return TRUE;
  for (guint g = 0; g < search->groups->len; g++)
    {
      GArray *filters = g_array_index (search->groups, GArray *, g);
      gboolean all = TRUE;

      for (guint f = 0; f < filters->len && all; f++)
        all = filter_matches (&g_array_index (filters, Filter, f), company);
      if (all)
        return TRUE;
    }
  return FALSE;
}

static int
compare_by_sort (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Search *search = user_data;
  const Company *x = *(Company * const *) a;
  const Company *y = *(Company * const *) b;
  int order;

  if (search->sort_by == NULL)
    order = compare_numbers (x->created, y->created);
  else if (numeric_property (search->sort_by))
    order = compare_numbers (numeric_value (x, search->sort_by), numeric_value (y, search->sort_by));
  else
    {
      const char *tx = g_hash_table_lookup (x->properties, search->sort_by);
      const char *ty = g_hash_table_lookup (y->properties, search->sort_by);

      /* Unset values last. */
      order = tx == NULL || ty == NULL ? (tx == NULL) - (ty == NULL) : strcmp (tx, ty);
    }
  if (search->descending)
    order = -order;
  if (order == 0)
    order = compare_numbers (scramble (x->id), scramble (y->id));
  if (order == 0)
    order = compare_numbers (x->id, y->id);
  return order;
}

static void
handle_search (const char    *method,
               GHashTable    *query,
               GBytes        *body,
               FixtureFault   fault,
               FixtureAnswer *answer,
               gpointer       user_data)
{
  FixtureHubspot *self = user_data;
  g_autoptr (GPtrArray) matching = g_ptr_array_new ();
  g_autoptr (GPtrArray) page = g_ptr_array_new ();
  g_autofree char *message = NULL;
  g_autofree char *refusal = NULL;
  g_autofree char *next_after = NULL;
  g_autofree char *link_base = NULL;
  Search search;
  GHashTableIter iter;
  gpointer value;

  if (!g_str_equal (method, "POST"))
    {
      answer_error (answer, 405, "VALIDATION_ERROR", "Searches are POSTed.");
      return;
    }
  if (fault == FIXTURE_FAULT_WRONG_SHAPE)
    {
      answer->body = g_strdup ("[]");
      return;
    }

  g_mutex_lock (&self->lock);
  self->search_requests++;
  refusal = g_steal_pointer (&self->refusal);
  if (refusal != NULL || !parse_search (body, &search, &message))
    {
      if (refusal == NULL)
        search_clear (&search);
      g_mutex_unlock (&self->lock);
      answer_error (answer, 400, "VALIDATION_ERROR", refusal != NULL ? refusal : message);
      return;
    }

  g_hash_table_iter_init (&iter, self->companies);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Company *company = value;
      Company *held = g_hash_table_lookup (self->held, &company->id);

      if (held != NULL)
        company = held;
      if (!company->archived && search_matches (&search, company))
        g_ptr_array_add (matching, company);
    }
  g_ptr_array_sort_with_data (matching, compare_by_sort, &search);
  for (guint i = (guint) search.after; i < matching->len && page->len < (guint) search.limit; i++)
    g_ptr_array_add (page, g_ptr_array_index (matching, i));
  if (search.after + page->len < matching->len)
    next_after = fault == FIXTURE_FAULT_STUCK_CURSOR
                   ? g_strdup_printf ("%" G_GINT64_FORMAT, search.after)
                   : g_strdup_printf ("%" G_GINT64_FORMAT, search.after + (gint64) page->len);
  link_base = g_strconcat (self->url, "/crm/v3/objects/companies/search", NULL);
  answer->body = page_body (self, LISTING_SEARCH, page, search.names, fault, matching->len, next_after, link_base,
                            self->companies);
  g_mutex_unlock (&self->lock);
  search_clear (&search);
}

/* The truth ------------------------------------------------------------------------------- */

FixtureHubspot *
fixture_hubspot_new (FixtureServer *server)
{
  FixtureHubspot *self = g_new0 (FixtureHubspot, 1);

  self->server = server;
  self->url = g_strconcat (fixture_server_get_origin (server), "/hubspot", NULL);
  g_mutex_init (&self->lock);
  self->companies = companies_new ();
  self->held = companies_new ();
  self->arr_property = g_strdup ("arr");
  fixture_server_add_endpoint (server, "/hubspot/crm/v3/objects/companies", POMAR_COLLECTION_ACCOUNTS,
                               handle_list, self);
  fixture_server_add_endpoint (server, "/hubspot/crm/v3/objects/companies/search", POMAR_COLLECTION_ACCOUNTS,
                               handle_search, self);
  return self;
}

void
fixture_hubspot_free (FixtureHubspot *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->companies);
  g_hash_table_unref (self->held);
  g_mutex_clear (&self->lock);
  g_free (self->arr_property);
  g_free (self->refusal);
  g_free (self->url);
  g_free (self);
}

const char *
fixture_hubspot_get_url (FixtureHubspot *self)
{
  return self->url;
}

void
fixture_hubspot_set_arr_property (FixtureHubspot *self,
                                  const char     *property)
{
  g_mutex_lock (&self->lock);
  g_free (self->arr_property);
  self->arr_property = g_strdup (property);
  g_mutex_unlock (&self->lock);
}

void
fixture_hubspot_put (FixtureHubspot *self,
                     gint64          id,
                     gint64          modified,
                     const char     *first_property,
                     ...)
{
  Company *company;
  va_list args;

  g_return_if_fail (id > 0);

  g_mutex_lock (&self->lock);
  company = g_hash_table_lookup (self->companies, &id);
  if (company == NULL)
    {
      company = g_new0 (Company, 1);
      company->id = id;
      company->created = modified;
      company->properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (self->companies, &company->id, company);
    }
  g_hash_table_remove_all (company->properties);
  company->modified = modified;
  company->archived = FALSE;
  company->archived_at = 0;

  va_start (args, first_property);
  for (const char *name = first_property; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        g_hash_table_insert (company->properties, g_strdup (name), g_strdup (value));
    }
  va_end (args);
  g_mutex_unlock (&self->lock);
}

void
fixture_hubspot_set (FixtureHubspot *self,
                     gint64          id,
                     gint64          modified,
                     const char     *property,
                     const char     *value)
{
  Company *company;

  g_mutex_lock (&self->lock);
  company = g_hash_table_lookup (self->companies, &id);
  g_assert (company != NULL && !company->archived);
  if (value != NULL)
    g_hash_table_insert (company->properties, g_strdup (property), g_strdup (value));
  else
    g_hash_table_remove (company->properties, property);
  company->modified = modified;
  g_mutex_unlock (&self->lock);
}

void
fixture_hubspot_archive (FixtureHubspot *self,
                         gint64          id,
                         gint64          archived)
{
  Company *company;

  g_mutex_lock (&self->lock);
  company = g_hash_table_lookup (self->companies, &id);
  g_assert (company != NULL && !company->archived);
  company->archived = TRUE;
  company->archived_at = archived;
  g_mutex_unlock (&self->lock);
}

guint
fixture_hubspot_count (FixtureHubspot *self)
{
  GHashTableIter iter;
  gpointer value;
  guint live = 0;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->companies);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!((Company *) value)->archived)
      live++;
  g_mutex_unlock (&self->lock);
  return live;
}

void
fixture_hubspot_hold_in_search (FixtureHubspot *self,
                                gint64          id)
{
  Company *company, *copy;

  g_mutex_lock (&self->lock);
  company = g_hash_table_lookup (self->companies, &id);
  if (company != NULL)
    copy = company_copy (company);
  else
    {
      copy = g_new0 (Company, 1);
      copy->id = id;
      copy->archived = TRUE;
      copy->properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }
  g_hash_table_replace (self->held, &copy->id, copy);
  g_mutex_unlock (&self->lock);
}

void
fixture_hubspot_release_search (FixtureHubspot *self)
{
  g_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->held);
  g_mutex_unlock (&self->lock);
}

void
fixture_hubspot_refuse_next_search (FixtureHubspot *self,
                                    const char     *message)
{
  g_mutex_lock (&self->lock);
  g_free (self->refusal);
  self->refusal = g_strdup (message);
  g_mutex_unlock (&self->lock);
}

void
fixture_hubspot_get_requests (FixtureHubspot *self,
                              guint          *live_list,
                              guint          *archived_list,
                              guint          *search)
{
  g_mutex_lock (&self->lock);
  if (live_list != NULL)
    *live_list = self->live_requests;
  if (archived_list != NULL)
    *archived_list = self->archived_requests;
  if (search != NULL)
    *search = self->search_requests;
  g_mutex_unlock (&self->lock);
}

/* What the cache must hold ------------------------------------------------------------------ *
 *
 * Written out here on their own, from HubSpot's documented value forms, so
 * that the provider's reading is checked rather than repeated. */

static const char *const mapped_fields[] = {
  "arr", "currency", "renewal_date", "licensed_seats", "stage", "segment", "owner", "plan", "contract_start",
};

static const char *const stage_ids[] = { "onboarding", "engagement", "nurture", "inspire", "churned" };
static const char *const stage_names[] = {
  "onboarding", "initial engagement", "nurture", "inspire", "churned",
};

static char *
utc_text (gint64 ms, const char *format)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);

  return g_date_time_format (time, format);
}

static char *
expected_day (const char *value)
{
  gint64 ms;

  if (value == NULL)
    return NULL;
  if (strlen (value) == 10)
    return g_strdup (value);
  if (parse_count (value, 0, G_MAXINT64, &ms))
    return utc_text (ms, "%Y-%m-%d");
  {
    g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
    g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (value, utc);
    g_autoptr (GDateTime) in_utc = time != NULL ? g_date_time_to_utc (time) : NULL;

    return in_utc != NULL ? g_date_time_format (in_utc, "%Y-%m-%d") : g_strdup ("(not a day)");
  }
}

static char *
expected_stage (const char *value)
{
  g_autofree char *lower = value != NULL ? g_ascii_strdown (value, -1) : NULL;

  for (guint i = 0; lower != NULL && i < G_N_ELEMENTS (stage_ids); i++)
    if (g_str_equal (lower, stage_ids[i]) || g_str_equal (lower, stage_names[i]))
      return g_strdup (stage_ids[i]);
  return NULL;
}

static char *
expected_segment (const char *value)
{
  g_autofree char *lower = value != NULL ? g_ascii_strdown (value, -1) : NULL;

  if (lower == NULL)
    return NULL;
  if (g_str_equal (lower, "mid market") || g_str_equal (lower, "mid-market")
      || g_str_equal (lower, "midmarket") || g_str_equal (lower, "mid_market"))
    return g_strdup ("mid-market");
  if (g_str_equal (lower, "enterprise") || g_str_equal (lower, "smb"))
    return g_steal_pointer (&lower);
  return g_strdup (value);
}

/* FALSE when the company is to be quarantined (its ARR is not a number). */
static gboolean
expected_account (const Company *company,
                  const char    *connection,
                  char * const  *property,
                  PomarAccount  *out)
{
  const char *arr = property[0] != NULL ? g_hash_table_lookup (company->properties, property[0]) : NULL;
  const char *seats = property[3] != NULL ? g_hash_table_lookup (company->properties, property[3]) : NULL;
#define VALUE(i) (property[(i)] != NULL ? g_hash_table_lookup (company->properties, property[(i)]) : NULL)

  memset (out, 0, sizeof *out);
  out->arr = NAN;
  out->licensed_seats = POMAR_NO_INT;
  if (arr != NULL)
    {
      char *end = NULL;

      out->arr = g_ascii_strtod (arr, &end);
      if (end == arr || *end != '\0')
        return FALSE;
    }
  if (seats != NULL)
    out->licensed_seats = (gint64) g_ascii_strtod (seats, NULL);

  out->id = g_strdup_printf ("%s:%" G_GINT64_FORMAT, connection, company->id);
  out->version = company->modified;
  out->updated_at = utc_text (company->modified, "%Y-%m-%dT%H:%M:%SZ");
  out->created_at = utc_text (company->created, "%Y-%m-%dT%H:%M:%SZ");
  out->name = g_strdup (g_hash_table_lookup (company->properties, "name"));
  out->domain = g_strdup (g_hash_table_lookup (company->properties, "domain"));
  out->currency = g_strdup (VALUE (1));
  out->renewal_date = expected_day (VALUE (2));
  out->stage = expected_stage (VALUE (4));
  out->segment = expected_segment (VALUE (5));
  out->owner = g_strdup (VALUE (6));
  out->plan = g_strdup (VALUE (7));
  out->contract_start = expected_day (VALUE (8));
#undef VALUE
  return TRUE;
}

static void
note_text (GString    *diff,
           guint      *n,
           const char *id,
           const char *field,
           const char *want,
           const char *got)
{
  if (g_strcmp0 (want, got) == 0)
    return;
  if ((*n)++ < MAX_DIFFS)
    g_string_append_printf (diff, "\n  %s: %s is “%s”, not “%s”", id, field, got ? got : "(null)",
                            want ? want : "(null)");
}

static void
compare_accounts (const PomarAccount *want,
                  const PomarAccount *got,
                  GString            *diff,
                  guint              *n)
{
  g_autofree char *want_version = g_strdup_printf ("%" G_GINT64_FORMAT, want->version);
  g_autofree char *got_version = g_strdup_printf ("%" G_GINT64_FORMAT, got->version);
  g_autofree char *want_arr = isnan (want->arr) ? NULL : g_strdup_printf ("%.6f", want->arr);
  g_autofree char *got_arr = isnan (got->arr) ? NULL : g_strdup_printf ("%.6f", got->arr);
  g_autofree char *want_seats = want->licensed_seats == POMAR_NO_INT ? NULL
                                : g_strdup_printf ("%" G_GINT64_FORMAT, want->licensed_seats);
  g_autofree char *got_seats = got->licensed_seats == POMAR_NO_INT ? NULL
                               : g_strdup_printf ("%" G_GINT64_FORMAT, got->licensed_seats);

  note_text (diff, n, want->id, "version", want_version, got_version);
  note_text (diff, n, want->id, "updated_at", want->updated_at, got->updated_at);
  note_text (diff, n, want->id, "created_at", want->created_at, got->created_at);
  note_text (diff, n, want->id, "name", want->name, got->name);
  note_text (diff, n, want->id, "domain", want->domain, got->domain);
  note_text (diff, n, want->id, "arr", want_arr, got_arr);
  note_text (diff, n, want->id, "currency", want->currency, got->currency);
  note_text (diff, n, want->id, "licensed_seats", want_seats, got_seats);
  note_text (diff, n, want->id, "renewal_date", want->renewal_date, got->renewal_date);
  note_text (diff, n, want->id, "contract_start", want->contract_start, got->contract_start);
  note_text (diff, n, want->id, "stage", want->stage, got->stage);
  note_text (diff, n, want->id, "segment", want->segment, got->segment);
  note_text (diff, n, want->id, "owner", want->owner, got->owner);
  note_text (diff, n, want->id, "plan", want->plan, got->plan);
}

gboolean
fixture_hubspot_matches_store (FixtureHubspot *self,
                               PomarStore     *store,
                               const char     *connection,
                               const char     *settings_json,
                               char          **diff_out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) summaries = NULL;
  g_autoptr (GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) pomar_account_free);
  g_autoptr (GString) diff = g_string_new (NULL);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  char *property[G_N_ELEMENTS (mapped_fields)] = { NULL };
  JsonObject *properties = NULL;
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  if (settings_json != NULL && json_parser_load_from_data (parser, settings_json, -1, NULL))
    properties = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                "properties");
  for (guint i = 0; properties != NULL && i < G_N_ELEMENTS (mapped_fields); i++)
    if (json_object_has_member (properties, mapped_fields[i]))
      property[i] = (char *) json_object_get_string_member (properties, mapped_fields[i]);

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->companies);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PomarAccount *account = g_new0 (PomarAccount, 1);

      if (((Company *) value)->archived || !expected_account (value, connection, property, account))
        {
          pomar_account_free (account);
          continue;
        }
      g_hash_table_insert (expected, account->id, account);
    }
  g_mutex_unlock (&self->lock);

  reader = pomar_store_reader_new (store, &error);
  g_assert_no_error (error);
  summaries = pomar_store_reader_list_account_summaries (reader, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < summaries->len; i++)
    {
      PomarAccountSummary *summary = g_ptr_array_index (summaries, i);
      PomarAccount *want = g_hash_table_lookup (expected, summary->account.id);

      if (want == NULL)
        {
          if (n++ < MAX_DIFFS)
            g_string_append_printf (diff, "\n  %s: in the cache, not live in HubSpot", summary->account.id);
          continue;
        }
      compare_accounts (want, &summary->account, diff, &n);
      g_hash_table_remove (expected, summary->account.id);
    }
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (n++ < MAX_DIFFS)
      g_string_append_printf (diff, "\n  %s: live in HubSpot, not in the cache",
                              ((PomarAccount *) value)->id);

  if (n == 0)
    return TRUE;
  if (diff_out != NULL)
    *diff_out = g_strdup_printf ("%u differences:%s", n, diff->str);
  return FALSE;
}
