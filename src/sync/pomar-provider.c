/* pomar-provider.c: the providers' table, and what their readers share. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include <string.h>

#include "core/pomar-error.h"
#include "sync/pomar-provider.h"
#include "sync/pomar-sync-records.h"

void
pomar_page_reject_free (PomarPageReject *quarantined)
{
  if (quarantined == NULL)
    return;
  g_free (quarantined->id);
  g_free (quarantined->reason);
  g_free (quarantined->raw);
  g_free (quarantined);
}

void
pomar_provider_page_init (PomarProviderPage *page,
                          PomarCollection    collection)
{
  memset (page, 0, sizeof *page);
  page->collection = collection;
  page->records = g_ptr_array_new ();
  page->quarantined = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_page_reject_free);
  page->total = -1;
}

void
pomar_provider_page_clear (PomarProviderPage *page)
{
  if (page->records != NULL)
    for (guint i = 0; i < page->records->len; i++)
      pomar_sync_record_free (page->collection, g_ptr_array_index (page->records, i));
  g_clear_pointer (&page->records, g_ptr_array_unref);
  g_clear_pointer (&page->quarantined, g_ptr_array_unref);
  g_clear_pointer (&page->ticket_refs, g_ptr_array_unref);
  g_clear_pointer (&page->next_cursor, g_free);
  g_clear_pointer (&page->sync_token, g_free);
  page->tombstones = 0;
  page->total = -1;
}

/* The records share their header by name, not by type. */
static gboolean
is_tombstone (PomarCollection collection,
              gconstpointer   record)
{
  switch (collection)
    {
    case POMAR_COLLECTION_ACCOUNTS:
      return ((const PomarAccount *) record)->deleted;
    case POMAR_COLLECTION_CONTACTS:
      return ((const PomarContact *) record)->deleted;
    case POMAR_COLLECTION_TICKETS:
      return ((const PomarTicket *) record)->deleted;
    case POMAR_COLLECTION_USAGE:
      return ((const PomarUsage *) record)->deleted;
    case POMAR_COLLECTION_RESPONSES:
      return ((const PomarResponse *) record)->deleted;
    case POMAR_COLLECTION_ACTIVITIES:
      return ((const PomarActivity *) record)->deleted;
    case POMAR_N_COLLECTIONS:
    default:
      return FALSE;
    }
}

void
pomar_provider_page_add (PomarProviderPage *page,
                         gpointer           record)
{
  if (is_tombstone (page->collection, record))
    page->tombstones++;
  g_ptr_array_add (page->records, record);
}

void
pomar_provider_page_quarantine (PomarProviderPage *page,
                                JsonNode          *element,
                                const char        *id,
                                const char        *reason)
{
  PomarPageReject *q = g_new0 (PomarPageReject, 1);

  q->id = g_strdup (id);
  q->reason = g_strdup (reason);
  q->raw = element != NULL ? json_to_string (element, FALSE) : NULL;
  g_ptr_array_add (page->quarantined, q);
}

void
pomar_provider_request_clear (PomarProviderRequest *request)
{
  g_clear_pointer (&request->uri, g_free);
  g_clear_pointer (&request->body, g_free);
  request->method = NULL;
}

const PomarProvider *
pomar_provider_lookup (const char *id)
{
  static const PomarProvider *const all[] = {
    &pomar_provider_pomar, &pomar_provider_zendesk, &pomar_provider_redmine, &pomar_provider_hubspot, /*PROVIDERS*/
  };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (g_strcmp0 (all[i]->id, id) == 0)
      return all[i];
  return NULL;
}

/* JSON ----------------------------------------------------------------------- */

const char *
pomar_json_string (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
pomar_json_int (JsonObject *object,
                const char *name,
                gint64     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d != (double) (gint64) d)
        return FALSE;
      *value = (gint64) d;
      return TRUE;
    }
  if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end = NULL;
      gint64 parsed;

      if (text == NULL || *text == '\0')
        return FALSE;
      parsed = g_ascii_strtoll (text, &end, 10);
      if (end == NULL || *end != '\0')
        return FALSE;
      *value = parsed;
      return TRUE;
    }
  return FALSE;
}

char *
pomar_json_id (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  gint64 number;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
    }
  if (pomar_json_int (object, name, &number))
    return g_strdup_printf ("%" G_GINT64_FORMAT, number);
  return NULL;
}

JsonObject *
pomar_provider_parse_page (GBytes      *body,
                           JsonParser  *parser,
                           GError     **error)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, (gssize) size, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA, _("the page is not a JSON object"));
      return NULL;
    }
  return json_node_get_object (root);
}

JsonArray *
pomar_provider_page_list (JsonObject  *page,
                          const char  *name,
                          GError     **error)
{
  JsonNode *node = json_object_get_member (page, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      /* Translators: %s is the name of the list a page holds, e.g. “tickets”. */
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA, _("the page has no “%s” list"), name);
      return NULL;
    }
  return json_node_get_array (node);
}

gboolean
pomar_provider_read_stamp (JsonObject  *record,
                           const char  *time_member,
                           char       **id,
                           char       **updated_at,
                           gint64      *version,
                           char       **reason)
{
  *id = pomar_json_id (record, "id");
  if (*id == NULL)
    {
      *reason = g_strdup (_("The record has no id."));
      return FALSE;
    }
  *updated_at = pomar_time_normalize (pomar_json_string (record, time_member));
  if (*updated_at == NULL)
    {
      /* Translators: %s is the name of a record's field, e.g. “updated_at”. */
      *reason = g_strdup_printf (_("“%s” is missing or not a date and time."), time_member);
      return FALSE;
    }
  *version = pomar_time_to_unix (*updated_at);
  return TRUE;
}

/* Times ------------------------------------------------------------------------ */

gint64
pomar_time_to_unix (const char *normalized)
{
  g_autoptr (GDateTime) time = NULL;

  if (normalized == NULL)
    return -1;
  time = g_date_time_new_from_iso8601 (normalized, NULL);
  return time != NULL ? g_date_time_to_unix (time) : -1;
}

char *
pomar_time_from_unix (gint64 seconds)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}
