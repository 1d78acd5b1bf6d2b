/* pomar-provider-hubspot.c: HubSpot companies as accounts.
 *
 * HubSpot (CRM API v3, Bearer token) has no change feed. A pass is made of
 * phases, and the cursor says which one it is in:
 *
 * A full pass (no token yet, or --full):
 *   probe     POST /crm/v3/objects/companies/search, newest
 *             hs_lastmodifieddate first, limit 1. What it finds is where
 *             the next pass starts: every change made after it is newer.
 *             (The newest time seen while listing would not do: a company
 *             listed early and changed during a long listing would be
 *             older than that and never read again.)
 *   list      GET  /crm/v3/objects/companies?archived=false&after=X, in
 *             pages of 100, until there is no paging.next.
 *   archived  GET  /crm/v3/objects/companies?archived=true&after=X: every
 *             archived company becomes a tombstone.
 * A later pass:
 *   search    POST .../companies/search for the companies changed since
 *             the token, oldest first. Never with "after": every page is a
 *             fresh query that starts where the last one ended (a keyset),
 *             so HubSpot's window of 10,000 results a query is never
 *             reached. HubSpot applies one sort a search, so the position
 *             is kept in two steps: by hs_lastmodifieddate ("gte"/"gt" a
 *             time) and, when a whole page shares one time, by
 *             hs_object_id within that time ("tie"), however many companies
 *             share it. A page of fewer than the limit ends a time gone
 *             through by id, or the phase.
 *   archived  as above, but only companies archived after the newest
 *             archiving the last pass saw.
 *
 * HubSpot's search index trails its writes by a few seconds, so a later
 * pass starts SEARCH_LAG_MS before the newest change the last one saw:
 * anything still being indexed then is within that margin (the upsert by
 * version takes the few companies read twice).
 *
 * Texts ("|" between fields; times in ms since 1970, ids HubSpot's):
 *   token     hs1|MARK|MARK_ID|ARCHIVED
 *             MARK, MARK_ID: the newest change (and its company) the pass
 *             vouches for: a full pass's probe, or the newest a search
 *             found; ARCHIVED: the newest archiving seen (at least MARK
 *             after a full pass).
 *   cursor    hs1|list|MARK|MARK_ID|AFTER
 *             hs1|search|MARK|MARK_ID|ARCHIVED|gte,gt,tie|AT|AT_ID
 *             hs1|archived|MARK|MARK_ID|ARCHIVED|FLOOR or -|AFTER
 *   The newest values seen so far travel in the cursor, so a pass resumed
 *   from its stored cursor ends with the same token.
 *
 * A company's version is its hs_lastmodifieddate in ms; a tombstone's, its
 * archivedAt (later than its last change). Which properties hold ARR,
 * renewal date, seats, stage... is the connection's (pomar-provider-hubspot.h).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include <math.h>
#include <string.h>

#include "core/pomar-error.h"
#include "core/pomar-stage.h"
#include "sync/pomar-provider.h"
#include "sync/pomar-provider-hubspot.h"
#include "sync/pomar-sync-records.h"

static const PomarCollection hubspot_collections[] = {
  POMAR_COLLECTION_ACCOUNTS,
};

/* HubSpot's largest page for the lists (the search takes 200; one limit
 * for both keeps the phases alike). */
#define LIMIT_MAX        100u
#define SEARCH_LAG_MS    G_GINT64_CONSTANT (60000)
#define COMPANIES_PATH   "/crm/v3/objects/companies"
#define SEARCH_PATH      COMPANIES_PATH "/search"
#define TEXT_VERSION     "hs1"
#define MAX_PROPERTY_LEN 100

/* Settings --------------------------------------------------------------------- */

enum
{
  FIELD_ARR,
  FIELD_CURRENCY,
  FIELD_RENEWAL_DATE,
  FIELD_LICENSED_SEATS,
  FIELD_STAGE,
  FIELD_SEGMENT,
  FIELD_OWNER,
  FIELD_PLAN,
  FIELD_CONTRACT_START,
  N_FIELDS
};

static const char *const mapped_fields[N_FIELDS + 1] = {
  [FIELD_ARR] = "arr",
  [FIELD_CURRENCY] = "currency",
  [FIELD_RENEWAL_DATE] = "renewal_date",
  [FIELD_LICENSED_SEATS] = "licensed_seats",
  [FIELD_STAGE] = "stage",
  [FIELD_SEGMENT] = "segment",
  [FIELD_OWNER] = "owner",
  [FIELD_PLAN] = "plan",
  [FIELD_CONTRACT_START] = "contract_start",
  [N_FIELDS] = NULL,
};

/* Properties every request asks for, whatever the connection names. */
static const char *const base_properties[] = {
  "name", "domain", "hs_lastmodifieddate", "createdate",
};

const char * const *
pomar_hubspot_get_mapped_fields (void)
{
  return (const char * const *) mapped_fields;
}

static int
field_index (const char *field)
{
  for (int i = 0; i < N_FIELDS; i++)
    if (g_str_equal (field, mapped_fields[i]))
      return i;
  return -1;
}

/* HubSpot's internal names: a letter, then letters, digits and
 * underscores. Nothing else may reach a URL or a search body. */
static gboolean
is_property_name (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > MAX_PROPERTY_LEN || !g_ascii_isalpha (name[0]))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

typedef struct
{
  char *property[N_FIELDS];
} Mapping;

static void
mapping_clear (Mapping *mapping)
{
  for (int i = 0; i < N_FIELDS; i++)
    g_clear_pointer (&mapping->property[i], g_free);
}

/* What @settings_json names; names that could not be a property are left
 * out (the CLI never stores one). */
static void
mapping_load (Mapping    *mapping,
              const char *settings_json)
{
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;
  JsonNode *node;
  JsonObject *properties;

  memset (mapping, 0, sizeof *mapping);
  if (settings_json == NULL || *settings_json == '\0')
    return;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, settings_json, -1, NULL))
    return;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  node = json_object_get_member (json_node_get_object (root), "properties");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  properties = json_node_get_object (node);
  for (int i = 0; i < N_FIELDS; i++)
    {
      const char *name = pomar_json_string (properties, mapped_fields[i]);

      if (name != NULL && is_property_name (name))
        mapping->property[i] = g_strdup (name);
    }
}

gboolean
pomar_hubspot_settings_from_assignments (const char * const  *assignments,
                                         char               **settings_json,
                                         GError             **error)
{
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonNode) root = NULL;
  Mapping mapping = { 0 };
  gboolean any = FALSE;

  g_return_val_if_fail (settings_json != NULL, FALSE);

  *settings_json = NULL;
  for (guint i = 0; assignments != NULL && assignments[i] != NULL; i++)
    {
      const char *equals = strchr (assignments[i], '=');
      g_autofree char *field = NULL;
      g_autofree char *property = NULL;
      g_autofree char *fields = NULL;
      int index;

      if (equals == NULL)
        {
          g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is what was typed after --property. */
                       _("“%s” is not of the form FIELD=PROPERTY, e.g. arr=annual_contract_value."),
                       assignments[i]);
          mapping_clear (&mapping);
          return FALSE;
        }
      field = g_strstrip (g_strndup (assignments[i], equals - assignments[i]));
      property = g_strstrip (g_strdup (equals + 1));
      index = field_index (field);
      if (index < 0)
        {
          fields = g_strjoinv (", ", (char **) mapped_fields);
          g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                       /* Translators: the first %s is a field name as typed, the second a list of them. */
                       _("“%s” is not a field a HubSpot property can fill; use one of %s."), field, fields);
          mapping_clear (&mapping);
          return FALSE;
        }
      if (!is_property_name (property))
        {
          g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is a property name as typed. */
                       _("“%s” is not a HubSpot property’s internal name. Use the internal name HubSpot "
                         "shows in the property’s settings: a letter, then letters, digits and "
                         "underscores (e.g. annual_contract_value)."),
                       property);
          mapping_clear (&mapping);
          return FALSE;
        }
      if (mapping.property[index] != NULL)
        {
          g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is a field name, e.g. “arr”. */
                       _("The property for “%s” is given twice; give it once."), field);
          mapping_clear (&mapping);
          return FALSE;
        }
      mapping.property[index] = g_steal_pointer (&property);
      any = TRUE;
    }

  if (!any)
    return TRUE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  for (int i = 0; i < N_FIELDS; i++)
    if (mapping.property[i] != NULL)
      {
        json_builder_set_member_name (builder, mapped_fields[i]);
        json_builder_add_string_value (builder, mapping.property[i]);
      }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  *settings_json = json_to_string (root, FALSE);
  mapping_clear (&mapping);
  return TRUE;
}

char *
pomar_hubspot_settings_get_property (const char *settings_json,
                                     const char *field)
{
  Mapping mapping;
  int index = field != NULL ? field_index (field) : -1;
  char *property;

  if (index < 0)
    return NULL;
  mapping_load (&mapping, settings_json);
  property = g_steal_pointer (&mapping.property[index]);
  mapping_clear (&mapping);
  return property;
}

char *
pomar_hubspot_settings_describe (const char *settings_json)
{
  Mapping mapping;
  GString *text = g_string_new (NULL);

  mapping_load (&mapping, settings_json);
  for (int i = 0; i < N_FIELDS; i++)
    if (mapping.property[i] != NULL)
      g_string_append_printf (text, "%s%s=%s", text->len > 0 ? ", " : "", mapped_fields[i],
                              mapping.property[i]);
  mapping_clear (&mapping);
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

/* The properties a request asks for: the base ones, then the named ones. */
static GPtrArray *
requested_properties (const Mapping *mapping)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (base_properties); i++)
    g_ptr_array_add (names, (gpointer) base_properties[i]);
  for (int i = 0; i < N_FIELDS; i++)
    {
      gboolean known = FALSE;

      if (mapping->property[i] == NULL)
        continue;
      for (guint j = 0; j < names->len && !known; j++)
        known = g_str_equal (g_ptr_array_index (names, j), mapping->property[i]);
      if (!known)
        g_ptr_array_add (names, mapping->property[i]);
    }
  return names;
}

/* Cursors and tokens ------------------------------------------------------------ */

typedef enum
{
  PHASE_PROBE,
  PHASE_LIST,
  PHASE_SEARCH,
  PHASE_ARCHIVED,
} Phase;

typedef enum
{
  STEP_GTE,   /* hs_lastmodifieddate >= AT, by that time */
  STEP_GT,    /* hs_lastmodifieddate > AT, by that time */
  STEP_TIE,   /* hs_lastmodifieddate == AT (GTE and LTE) and hs_object_id > AT_ID, by id */
} Step;

static const char *const step_names[] = { "gte", "gt", "tie" };

typedef struct
{
  Phase  phase;
  gint64 mark_ms;
  gint64 mark_id;
  gint64 archived_ms;
  gint64 floor_ms;      /* archived: tombstones for archivedAt > this; -1: all */
  Step   step;
  gint64 at_ms;
  gint64 at_id;
  char  *after;         /* list, archived: paging; NULL on the first page */
} Cursor;

static void
cursor_clear (Cursor *cursor)
{
  g_clear_pointer (&cursor->after, g_free);
}

static gboolean
parse_int (const char *text,
           gint64     *value)
{
  return text != NULL && g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, value, NULL);
}

static gboolean
token_parse (const char *text,
             gint64     *mark_ms,
             gint64     *mark_id,
             gint64     *archived_ms)
{
  g_auto (GStrv) parts = NULL;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, "|", 5);
  return g_strv_length (parts) == 4 && g_str_equal (parts[0], TEXT_VERSION)
         && parse_int (parts[1], mark_ms) && parse_int (parts[2], mark_id)
         && parse_int (parts[3], archived_ms);
}

static char *
token_format (const Cursor *cursor)
{
  return g_strdup_printf (TEXT_VERSION "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT,
                          cursor->mark_ms, cursor->mark_id, cursor->archived_ms);
}

static gboolean
cursor_parse (const char *text,
              Cursor     *cursor)
{
  g_auto (GStrv) parts = NULL;
  guint n;

  memset (cursor, 0, sizeof *cursor);
  cursor->floor_ms = -1;
  /* AFTER comes last and is HubSpot's text: whatever it holds stays whole. */
  parts = g_strsplit (text, "|", 8);
  n = g_strv_length (parts);
  if (n < 5 || !g_str_equal (parts[0], TEXT_VERSION)
      || !parse_int (parts[2], &cursor->mark_ms) || !parse_int (parts[3], &cursor->mark_id))
    return FALSE;

  if (g_str_equal (parts[1], "list"))
    {
      g_auto (GStrv) list = g_strsplit (text, "|", 5);

      cursor->phase = PHASE_LIST;
      cursor->archived_ms = cursor->mark_ms;
      cursor->after = *list[4] != '\0' ? g_strdup (list[4]) : NULL;
      return TRUE;
    }
  if (g_str_equal (parts[1], "search") && n == 8)
    {
      cursor->phase = PHASE_SEARCH;
      if (!parse_int (parts[4], &cursor->archived_ms) || !parse_int (parts[6], &cursor->at_ms)
          || !parse_int (parts[7], &cursor->at_id))
        return FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (step_names); i++)
        if (g_str_equal (parts[5], step_names[i]))
          {
            cursor->step = (Step) i;
            return TRUE;
          }
      return FALSE;
    }
  if (g_str_equal (parts[1], "archived") && n >= 7)
    {
      g_auto (GStrv) archived = g_strsplit (text, "|", 7);

      cursor->phase = PHASE_ARCHIVED;
      if (!parse_int (archived[4], &cursor->archived_ms)
          || (!g_str_equal (archived[5], "-") && !parse_int (archived[5], &cursor->floor_ms)))
        return FALSE;
      cursor->after = *archived[6] != '\0' ? g_strdup (archived[6]) : NULL;
      return TRUE;
    }
  return FALSE;
}

static char *
cursor_format (const Cursor *cursor)
{
  g_autofree char *floor_text = NULL;

  switch (cursor->phase)
    {
    case PHASE_LIST:
      return g_strdup_printf (TEXT_VERSION "|list|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s",
                              cursor->mark_ms, cursor->mark_id, cursor->after != NULL ? cursor->after : "");
    case PHASE_SEARCH:
      return g_strdup_printf (TEXT_VERSION "|search|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT
                              "|%" G_GINT64_FORMAT "|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT,
                              cursor->mark_ms, cursor->mark_id, cursor->archived_ms, step_names[cursor->step],
                              cursor->at_ms, cursor->at_id);
    case PHASE_ARCHIVED:
      floor_text = cursor->floor_ms < 0 ? g_strdup ("-")
                                        : g_strdup_printf ("%" G_GINT64_FORMAT, cursor->floor_ms);
      return g_strdup_printf (TEXT_VERSION "|archived|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT
                              "|%" G_GINT64_FORMAT "|%s|%s",
                              cursor->mark_ms, cursor->mark_id, cursor->archived_ms, floor_text,
                              cursor->after != NULL ? cursor->after : "");
    case PHASE_PROBE:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Where @pass is: its cursor, or the start a pass gets from its token. A
 * cursor or token this code did not write (an older Pomar's) starts over
 * with a full pass rather than guess. */
static void
current_cursor (const PomarProviderPass *pass,
                Cursor                  *cursor)
{
  if (pass->cursor != NULL && cursor_parse (pass->cursor, cursor))
    return;
  cursor_clear (cursor);
  memset (cursor, 0, sizeof *cursor);
  cursor->floor_ms = -1;
  if (!pass->full && token_parse (pass->since, &cursor->mark_ms, &cursor->mark_id, &cursor->archived_ms))
    {
      cursor->phase = PHASE_SEARCH;
      cursor->step = STEP_GTE;
      cursor->at_ms = MAX (0, cursor->mark_ms - SEARCH_LAG_MS);
      cursor->at_id = 0;
    }
  else
    cursor->phase = PHASE_PROBE;
}

static guint
page_limit (const PomarProviderPass *pass)
{
  return CLAMP (pass->page_size, 1u, LIMIT_MAX);
}

/* Requests ------------------------------------------------------------------------ */

static void
add_filter (JsonBuilder *builder,
            const char  *property,
            const char  *operator,
            gint64       value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "propertyName");
  json_builder_add_string_value (builder, property);
  json_builder_set_member_name (builder, "operator");
  json_builder_add_string_value (builder, operator);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
}

static char *
search_body (const Cursor *cursor,
             GPtrArray    *properties,
             guint         limit)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  const char *sort_by = "hs_lastmodifieddate";
  const char *direction = "ASCENDING";

  json_builder_begin_object (builder);

  if (cursor->phase == PHASE_SEARCH)
    {
      json_builder_set_member_name (builder, "filterGroups");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "filters");
      json_builder_begin_array (builder);
      switch (cursor->step)
        {
        case STEP_GTE:
          add_filter (builder, "hs_lastmodifieddate", "GTE", cursor->at_ms);
          break;
        case STEP_GT:
          add_filter (builder, "hs_lastmodifieddate", "GT", cursor->at_ms);
          break;
        case STEP_TIE:
        default:
          /* A range of one ms rather than EQ: the same for a time down to
           * the ms, and nothing to guess about how EQ treats one. */
          add_filter (builder, "hs_lastmodifieddate", "GTE", cursor->at_ms);
          add_filter (builder, "hs_lastmodifieddate", "LTE", cursor->at_ms);
          add_filter (builder, "hs_object_id", "GT", cursor->at_id);
          sort_by = "hs_object_id";
          break;
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  else
    direction = "DESCENDING";   /* the probe: the newest change */

  json_builder_set_member_name (builder, "sorts");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "propertyName");
  json_builder_add_string_value (builder, sort_by);
  json_builder_set_member_name (builder, "direction");
  json_builder_add_string_value (builder, direction);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "properties");
  json_builder_begin_array (builder);
  for (guint i = 0; i < properties->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (properties, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "limit");
  json_builder_add_int_value (builder, limit);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static char *
list_uri (const PomarProviderPass *pass,
          const Cursor            *cursor,
          GPtrArray               *properties,
          gboolean                 archived)
{
  GString *uri = g_string_new (pass->info->base_url);

  g_string_append_printf (uri, COMPANIES_PATH "?limit=%u&archived=%s&properties=", page_limit (pass),
                          archived ? "true" : "false");
  /* Property names are letters, digits and underscores: nothing to escape. */
  for (guint i = 0; i < properties->len; i++)
    g_string_append_printf (uri, "%s%s", i > 0 ? "," : "", (const char *) g_ptr_array_index (properties, i));
  if (cursor->after != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (cursor->after, NULL, FALSE);

      g_string_append_printf (uri, "&after=%s", escaped);
    }
  return g_string_free (uri, FALSE);
}

static void
build_request (const PomarProviderPass *pass,
               PomarProviderRequest    *request)
{
  g_autoptr (GPtrArray) properties = NULL;
  Cursor cursor = { 0 };
  Mapping mapping;

  mapping_load (&mapping, pass->info->settings_json);
  properties = requested_properties (&mapping);
  current_cursor (pass, &cursor);

  switch (cursor.phase)
    {
    case PHASE_PROBE:
      {
        g_autoptr (GPtrArray) newest = g_ptr_array_new ();

        g_ptr_array_add (newest, (gpointer) "hs_lastmodifieddate");
        request->method = SOUP_METHOD_POST;
        request->uri = g_strconcat (pass->info->base_url, SEARCH_PATH, NULL);
        request->body = search_body (&cursor, newest, 1);
      }
      break;
    case PHASE_SEARCH:
      request->method = SOUP_METHOD_POST;
      request->uri = g_strconcat (pass->info->base_url, SEARCH_PATH, NULL);
      request->body = search_body (&cursor, properties, page_limit (pass));
      break;
    case PHASE_LIST:
      request->method = SOUP_METHOD_GET;
      request->uri = list_uri (pass, &cursor, properties, FALSE);
      break;
    case PHASE_ARCHIVED:
    default:
      {
        g_autoptr (GPtrArray) few = g_ptr_array_new ();

        g_ptr_array_add (few, (gpointer) "hs_lastmodifieddate");
        request->method = SOUP_METHOD_GET;
        request->uri = list_uri (pass, &cursor, few, TRUE);
      }
      break;
    }

  cursor_clear (&cursor);
  mapping_clear (&mapping);
}

/* Values --------------------------------------------------------------------------- */

/* A property's value as text: HubSpot sends strings, but a number is
 * taken too. NULL when missing, null or empty. */
static char *
property_text (JsonObject *properties,
               const char *name)
{
  JsonNode *node;
  GType type;

  if (properties == NULL || name == NULL)
    return NULL;
  node = json_object_get_member (properties, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    {
      g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));

      return *text != '\0' ? g_steal_pointer (&text) : NULL;
    }
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
    }
  return NULL;
}

static gboolean
all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* A decimal number as HubSpot writes one ("12000.50", "-3", "1.5e4"). */
static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && strchr (".-+eE", *p) == NULL)
      return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != text && end != NULL && *end == '\0' && isfinite (*value);
}

/* An instant as ms since 1970: HubSpot's ISO 8601 ("…T10:00:00.123Z") or
 * a number of ms. */
static gboolean
parse_instant_ms (const char *text,
                  gint64     *ms)
{
  g_autoptr (GTimeZone) utc = NULL;
  g_autoptr (GDateTime) time = NULL;

  if (text == NULL)
    return FALSE;
  if (all_digits (text))
    return parse_int (text, ms);
  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL)
    return FALSE;
  *ms = g_date_time_to_unix (time) * 1000 + g_date_time_get_microsecond (time) / 1000;
  return TRUE;
}

/* A calendar day from a HubSpot date property, which comes as
 * "2027-03-31", as ms since 1970 (midnight UTC), or as an ISO date and
 * time (its day in UTC). NULL when it is none of them. */
static char *
parse_day (const char *text)
{
  g_autoptr (GDateTime) time = NULL;
  g_autoptr (GDateTime) utc_time = NULL;
  gint64 ms;

  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-')
    {
      gint64 year, month, day;
      g_autofree char *y = g_strndup (text, 4);
      g_autofree char *m = g_strndup (text + 5, 2);
      g_autofree char *d = g_strndup (text + 8, 2);

      if (!all_digits (y) || !all_digits (m) || !all_digits (d) || !parse_int (y, &year)
          || !parse_int (m, &month) || !parse_int (d, &day) || month < 1 || month > 12
          || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
        return NULL;
      return g_strdup (text);
    }
  if (!parse_instant_ms (text, &ms))
    return NULL;
  time = g_date_time_new_from_unix_utc (ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  if (time == NULL)
    return NULL;
  utc_time = g_date_time_to_utc (time);
  return g_date_time_format (utc_time, "%Y-%m-%d");
}

/* English stage names, as a HubSpot dropdown would show them. The core
 * gives only translated names (pomar-stage.h), which are accepted too. */
static const char *const stage_english[POMAR_N_STAGES] = {
  [POMAR_STAGE_ONBOARDING] = "Onboarding",
  [POMAR_STAGE_ENGAGEMENT] = "Initial engagement",
  [POMAR_STAGE_NURTURE] = "Nurture",
  [POMAR_STAGE_INSPIRE] = "Inspire",
  [POMAR_STAGE_CHURNED] = "Churned",
};

static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return g_str_equal (fa, fb);
}

/* A stage id, or NULL for a stage Pomar does not know (HubSpot's own
 * lifecycle stages, say): an unknown stage is not wrong data. */
static char *
stage_from_text (const char *text)
{
  for (guint i = 0; i < POMAR_N_STAGES; i++)
    if (same_text (text, pomar_stage_to_id ((PomarStage) i)) || same_text (text, stage_english[i])
        || same_text (text, pomar_stage_get_name ((PomarStage) i)))
      return g_strdup (pomar_stage_to_id ((PomarStage) i));
  return NULL;
}

/* The contract's segments from the spellings a dropdown may use; others
 * are kept as given. */
static char *
segment_from_text (const char *text)
{
  g_autofree char *key = g_ascii_strdown (text, -1);

  g_strdelimit (key, " _", '-');
  if (g_str_equal (key, "enterprise") || g_str_equal (key, "smb"))
    return g_steal_pointer (&key);
  if (g_str_equal (key, "mid-market") || g_str_equal (key, "midmarket"))
    return g_strdup ("mid-market");
  return g_strdup (text);
}

static char *
time_from_ms (gint64 ms)
{
  return pomar_time_from_unix (ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
}

/* Companies --------------------------------------------------------------------------- */

static JsonObject *
company_properties (JsonObject *company)
{
  JsonNode *node = json_object_get_member (company, "properties");

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The company's place in the search's order: its last change (ms) and its
 * id. FALSE when either cannot be read. */
static gboolean
company_position (JsonObject *company,
                  gint64     *modified_ms,
                  gint64     *id)
{
  g_autofree char *id_text = pomar_json_id (company, "id");
  g_autofree char *modified = property_text (company_properties (company), "hs_lastmodifieddate");

  if (modified == NULL)
    modified = g_strdup (pomar_json_string (company, "updatedAt"));
  return parse_int (id_text, id) && parse_instant_ms (modified, modified_ms);
}

/* The day in the property named for @field, if any; FALSE with @reason
 * when the value is there but is not a day. */
static gboolean
read_mapped_day (JsonObject     *properties,
                 const Mapping  *mapping,
                 int             field,
                 const char     *label,
                 char          **out,
                 char          **reason)
{
  g_autofree char *text = property_text (properties, mapping->property[field]);

  if (text == NULL)
    return TRUE;
  *out = parse_day (text);
  if (*out == NULL)
    {
      /* Translators: the first %s is a HubSpot property, the second what
       * it holds for Pomar ("the renewal date"), the third its value. */
      *reason = g_strdup_printf (_("HubSpot’s “%s” (%s) is not a date: “%s”."), mapping->property[field],
                                 label, text);
      return FALSE;
    }
  return TRUE;
}

/* One live company to an account, or NULL with @reason. */
static PomarAccount *
read_company (JsonObject     *company,
              const Mapping  *mapping,
              char          **id,
              char          **reason)
{
  g_autoptr (PomarAccount) account = NULL;
  JsonObject *properties;
  g_autofree char *modified = NULL;
  g_autofree char *created = NULL;
  g_autofree char *text = NULL;
  gint64 modified_ms;
  double number;

  *id = pomar_json_id (company, "id");
  if (*id == NULL)
    {
      *reason = g_strdup (_("A HubSpot company came without an id."));
      return NULL;
    }
  properties = company_properties (company);
  if (properties == NULL)
    {
      *reason = g_strdup (_("A HubSpot company came without its properties."));
      return NULL;
    }

  account = g_new0 (PomarAccount, 1);
  account->arr = NAN;
  account->licensed_seats = POMAR_NO_INT;
  account->id = g_strdup (*id);

  modified = property_text (properties, "hs_lastmodifieddate");
  if (modified == NULL)
    modified = g_strdup (pomar_json_string (company, "updatedAt"));
  if (!parse_instant_ms (modified, &modified_ms))
    {
      *reason = modified == NULL
                  ? g_strdup (_("A HubSpot company came without “hs_lastmodifieddate”."))
                  : g_strdup_printf (_("HubSpot’s “hs_lastmodifieddate” is not a date and time: “%s”."),
                                     modified);
      return NULL;
    }
  account->version = modified_ms;
  account->updated_at = time_from_ms (modified_ms);

  created = property_text (properties, "createdate");
  if (created == NULL)
    created = g_strdup (pomar_json_string (company, "createdAt"));
  if (created != NULL)
    {
      gint64 created_ms;

      if (!parse_instant_ms (created, &created_ms))
        {
          *reason = g_strdup_printf (_("HubSpot’s “createdate” is not a date and time: “%s”."), created);
          return NULL;
        }
      account->created_at = time_from_ms (created_ms);
    }

  account->name = property_text (properties, "name");
  account->domain = property_text (properties, "domain");

  text = property_text (properties, mapping->property[FIELD_ARR]);
  if (text != NULL)
    {
      if (!parse_number (text, &number))
        {
          /* Translators: %s are a HubSpot property and its value. */
          *reason = g_strdup_printf (_("HubSpot’s “%s” (the ARR) is not a number: “%s”."),
                                     mapping->property[FIELD_ARR], text);
          return NULL;
        }
      account->arr = number;
    }
  g_clear_pointer (&text, g_free);

  text = property_text (properties, mapping->property[FIELD_LICENSED_SEATS]);
  if (text != NULL)
    {
      if (!parse_number (text, &number) || number != floor (number) || number < 0 || number > 1e15)
        {
          /* Translators: %s are a HubSpot property and its value. */
          *reason = g_strdup_printf (_("HubSpot’s “%s” (the licensed seats) is not a whole number: “%s”."),
                                     mapping->property[FIELD_LICENSED_SEATS], text);
          return NULL;
        }
      account->licensed_seats = (gint64) number;
    }
  g_clear_pointer (&text, g_free);

  if (!read_mapped_day (properties, mapping, FIELD_RENEWAL_DATE, _("the renewal date"),
                        &account->renewal_date, reason)
      || !read_mapped_day (properties, mapping, FIELD_CONTRACT_START, _("the contract start"),
                           &account->contract_start, reason))
    return NULL;

  text = property_text (properties, mapping->property[FIELD_STAGE]);
  if (text != NULL)
    account->stage = stage_from_text (text);
  g_clear_pointer (&text, g_free);

  text = property_text (properties, mapping->property[FIELD_SEGMENT]);
  if (text != NULL)
    account->segment = segment_from_text (text);
  g_clear_pointer (&text, g_free);

  account->currency = property_text (properties, mapping->property[FIELD_CURRENCY]);
  account->owner = property_text (properties, mapping->property[FIELD_OWNER]);
  account->plan = property_text (properties, mapping->property[FIELD_PLAN]);

  return g_steal_pointer (&account);
}

/* An archived company to a tombstone, or NULL with @reason; *@archived_ms
 * gets when it was archived. */
static PomarAccount *
read_archived (JsonObject  *company,
               char       **id,
               gint64      *archived_ms,
               char       **reason)
{
  PomarAccount *tombstone;
  const char *archived_at = pomar_json_string (company, "archivedAt");

  *id = pomar_json_id (company, "id");
  if (*id == NULL)
    {
      *reason = g_strdup (_("An archived HubSpot company came without an id."));
      return NULL;
    }
  if (!parse_instant_ms (archived_at, archived_ms))
    {
      *reason = archived_at == NULL
                  ? g_strdup (_("An archived HubSpot company came without “archivedAt”."))
                  : g_strdup_printf (_("HubSpot’s “archivedAt” is not a date and time: “%s”."), archived_at);
      return NULL;
    }
  tombstone = g_new0 (PomarAccount, 1);
  tombstone->id = g_strdup (*id);
  tombstone->version = *archived_ms;
  tombstone->updated_at = time_from_ms (*archived_ms);
  tombstone->deleted = TRUE;
  tombstone->arr = NAN;
  tombstone->licensed_seats = POMAR_NO_INT;
  return tombstone;
}

/* Pages ----------------------------------------------------------------------------------- */

static void
raise_mark (Cursor *cursor,
            gint64  modified_ms,
            gint64  id)
{
  if (modified_ms > cursor->mark_ms || (modified_ms == cursor->mark_ms && id > cursor->mark_id))
    {
      cursor->mark_ms = modified_ms;
      cursor->mark_id = id;
    }
}

/* paging.next.after, or NULL at the end of a list. */
static char *
next_after (JsonObject *root)
{
  JsonNode *paging = json_object_get_member (root, "paging");
  JsonNode *next;

  if (paging == NULL || !JSON_NODE_HOLDS_OBJECT (paging))
    return NULL;
  next = json_object_get_member (json_node_get_object (paging), "next");
  if (next == NULL || !JSON_NODE_HOLDS_OBJECT (next))
    return NULL;
  return pomar_json_id (json_node_get_object (next), "after");
}

/* The live companies of a list or search page. */
static void
read_companies (JsonArray         *results,
                const Mapping     *mapping,
                PomarProviderPage *page)
{
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *element = json_array_get_element (results, i);
      g_autofree char *id = NULL;
      g_autofree char *reason = NULL;
      PomarAccount *account = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        reason = g_strdup (_("An element of HubSpot’s “results” is not an object."));
      else
        account = read_company (json_node_get_object (element), mapping, &id, &reason);
      if (account != NULL)
        pomar_provider_page_add (page, account);
      else
        pomar_provider_page_quarantine (page, element, id, reason);
    }
}

/* Whether a company at (@modified_ms, @id) is one the query of @cursor
 * asked for. */
static gboolean
asked_for (const Cursor *cursor,
           gint64        modified_ms,
           gint64        id)
{
  switch (cursor->step)
    {
    case STEP_GTE:
      return modified_ms >= cursor->at_ms;
    case STEP_GT:
      return modified_ms > cursor->at_ms;
    case STEP_TIE:
    default:
      return modified_ms == cursor->at_ms && id > cursor->at_id;
    }
}

/* Where the search goes after a page. The page's place is its last
 * company the query asked for (a company that comes again from an earlier
 * page is stored, but does not move the place). A short page ends a time
 * gone through by id (then on to later times), or the phase. A full one:
 * the next query starts from the page's last time (its companies of that
 * time are read again), or goes through that time by id when all of the
 * page is of it. FALSE when the page does not say where it ends. */
static gboolean
advance_search (Cursor    *cursor,
                JsonArray *results,
                guint      limit)
{
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = json_array_get_length (results);
  guint others = 0;
  gint64 last_ms = 0, last_id = 0;
  gboolean earlier = FALSE;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (results, i);
      gint64 modified_ms, id;

      if (!JSON_NODE_HOLDS_OBJECT (element)
          || !company_position (json_node_get_object (element), &modified_ms, &id))
        continue;
      raise_mark (cursor, modified_ms, id);
      if (!asked_for (cursor, modified_ms, id))
        {
          others++;
          continue;
        }
      g_array_append_val (times, modified_ms);
      last_ms = modified_ms;
      last_id = id;
    }

  if (n - others < limit && cursor->step == STEP_TIE)
    {
      /* That time is done: on to the later ones. */
      cursor->step = STEP_GT;
      cursor->at_id = 0;
      return TRUE;
    }
  if (n - others < limit)
    {
      /* Done searching: on to what was archived since the last pass. */
      cursor->phase = PHASE_ARCHIVED;
      cursor->floor_ms = cursor->archived_ms;
      g_clear_pointer (&cursor->after, g_free);
      return TRUE;
    }
  if (times->len == 0)
    return FALSE;

  if (cursor->step == STEP_TIE)
    {
      cursor->at_id = last_id;
      return TRUE;
    }
  for (guint i = 0; i < times->len && !earlier; i++)
    earlier = g_array_index (times, gint64, i) < last_ms;
  /* Earlier times on the page: the next query starts later than this one
   * did. None: the page is all of one time, gone through by id. */
  cursor->step = earlier ? STEP_GTE : STEP_TIE;
  cursor->at_ms = last_ms;
  cursor->at_id = 0;
  return TRUE;
}

static gboolean
read_page (const PomarProviderPass *pass,
           GBytes                  *body,
           PomarProviderPage       *page,
           GError                 **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *after = NULL;
  JsonObject *root;
  JsonArray *results;
  Cursor cursor = { 0 };
  Mapping mapping;
  gint64 total;

  root = pomar_provider_parse_page (body, parser, error);
  if (root == NULL)
    return FALSE;
  results = pomar_provider_page_list (root, "results", error);
  if (results == NULL)
    return FALSE;

  mapping_load (&mapping, pass->info->settings_json);
  current_cursor (pass, &cursor);
  after = next_after (root);

  switch (cursor.phase)
    {
    case PHASE_PROBE:
      {
        gint64 modified_ms = 0, id = 0;

        if (json_array_get_length (results) > 0)
          {
            JsonNode *first = json_array_get_element (results, 0);

            if (!JSON_NODE_HOLDS_OBJECT (first)
                || !company_position (json_node_get_object (first), &modified_ms, &id))
              {
                g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                                     _("HubSpot’s newest company has no “hs_lastmodifieddate”"));
                cursor_clear (&cursor);
                mapping_clear (&mapping);
                return FALSE;
              }
          }
        if (pomar_json_int (root, "total", &total))
          page->total = total;
        cursor.phase = PHASE_LIST;
        cursor.mark_ms = modified_ms;
        cursor.mark_id = id;
        cursor.archived_ms = modified_ms;
        page->next_cursor = cursor_format (&cursor);
      }
      break;

    case PHASE_LIST:
      read_companies (results, &mapping, page);
      if (after != NULL && g_strcmp0 (after, cursor.after) == 0)
        page->next_cursor = g_strdup (pass->cursor);   /* the engine stops a cursor that stands still */
      else if (after != NULL)
        {
          g_free (cursor.after);
          cursor.after = g_steal_pointer (&after);
          page->next_cursor = cursor_format (&cursor);
        }
      else
        {
          cursor.phase = PHASE_ARCHIVED;
          cursor.floor_ms = -1;
          g_clear_pointer (&cursor.after, g_free);
          page->next_cursor = cursor_format (&cursor);
        }
      break;

    case PHASE_SEARCH:
      read_companies (results, &mapping, page);
      if (pass->cursor == NULL && pomar_json_int (root, "total", &total))
        page->total = total;
      if (!advance_search (&cursor, results, page_limit (pass)))
        {
          g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                               _("HubSpot’s search answer does not say when its companies changed"));
          cursor_clear (&cursor);
          mapping_clear (&mapping);
          return FALSE;
        }
      page->next_cursor = cursor_format (&cursor);
      break;

    case PHASE_ARCHIVED:
    default:
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonNode *element = json_array_get_element (results, i);
          g_autofree char *id = NULL;
          g_autofree char *reason = NULL;
          PomarAccount *tombstone = NULL;
          gint64 archived_ms = 0;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            reason = g_strdup (_("An element of HubSpot’s “results” is not an object."));
          else
            tombstone = read_archived (json_node_get_object (element), &id, &archived_ms, &reason);
          if (tombstone == NULL)
            {
              pomar_provider_page_quarantine (page, element, id, reason);
              continue;
            }
          /* Archived before the last pass looked: that pass took it. */
          if (cursor.floor_ms >= 0 && archived_ms <= cursor.floor_ms)
            {
              pomar_sync_record_free (POMAR_COLLECTION_ACCOUNTS, tombstone);
              continue;
            }
          cursor.archived_ms = MAX (cursor.archived_ms, archived_ms);
          pomar_provider_page_add (page, tombstone);
        }
      if (after != NULL && g_strcmp0 (after, cursor.after) == 0)
        page->next_cursor = g_strdup (pass->cursor);
      else if (after != NULL)
        {
          g_free (cursor.after);
          cursor.after = g_steal_pointer (&after);
          page->next_cursor = cursor_format (&cursor);
        }
      else
        page->sync_token = token_format (&cursor);
      break;
    }

  cursor_clear (&cursor);
  mapping_clear (&mapping);
  return TRUE;
}

/* HubSpot's error body: {"status": "error", "message": "...", "category": "..."}. */
static void
refusal (const PomarProviderPass *pass,
         guint                    status,
         GBytes                  *body,
         GError                 **error)
{
  g_autoptr (JsonParser) parser = NULL;
  const char *message = NULL;
  const char *category = NULL;
  JsonNode *root;

  if (status != 400)
    return;
  if (body != NULL)
    {
      gsize size;
      const char *data = g_bytes_get_data (body, &size);

      parser = json_parser_new_immutable ();
      if (json_parser_load_from_data (parser, data, (gssize) size, NULL)
          && (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
        {
          message = pomar_json_string (json_node_get_object (root), "message");
          category = pomar_json_string (json_node_get_object (root), "category");
        }
    }
  g_clear_error (error);
  g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
               /* Translators: %s is HubSpot's own explanation, in English. */
               _("HubSpot refused Pomar’s request for companies: %s"),
               message != NULL ? message : (category != NULL ? category : _("no reason given")));
}

const PomarProvider pomar_provider_hubspot = {
  .id = "hubspot",
  .account_rank = 1,
  .collections = hubspot_collections,
  .n_collections = G_N_ELEMENTS (hubspot_collections),
  .global_ids = FALSE,
  .reconcile_full = FALSE,
  .build_request = build_request,
  .read_page = read_page,
  .refusal = refusal,
};
