/* pomar-provider-pomar.c: Pomar's own contract (shared/contract/sync-api-v1.md).
 *
 * GET {base}/v1/{collection}?limit=N[&since=TOKEN][&cursor=CURSOR] answers
 * {"data": [...], "next_cursor": "..."|null, "sync_token": "..."}; each
 * element of "data" is a record of the contract, read by
 * pomar-sync-records.c: through pomar-sync-page.c, which reads a page
 * without a JSON tree, or through json-glib's tree when that reader leaves
 * the page to it. The cursor and the token are the server's, passed
 * back as they came. A 400 whose code is "invalid_cursor" starts the pass
 * again from its token.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "core/pomar-error.h"
#include "sync/pomar-provider.h"
#include "sync/pomar-sync-page.h"
#include "sync/pomar-sync-records.h"

static const PomarCollection pomar_collections[] = {
  POMAR_COLLECTION_ACCOUNTS, POMAR_COLLECTION_CONTACTS, POMAR_COLLECTION_TICKETS,
  POMAR_COLLECTION_USAGE, POMAR_COLLECTION_RESPONSES, POMAR_COLLECTION_ACTIVITIES,
};

static void
build_request (const PomarProviderPass *pass,
               PomarProviderRequest    *request)
{
  GString *uri = g_string_new (pass->info->base_url);

  g_string_append_printf (uri, "/v1/%s?limit=%u", pomar_collection_to_string (pass->collection),
                          MIN (pass->page_size, 1000u));
  if (pass->since != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (pass->since, NULL, FALSE);

      g_string_append_printf (uri, "&since=%s", escaped);
    }
  if (pass->cursor != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (pass->cursor, NULL, FALSE);

      g_string_append_printf (uri, "&cursor=%s", escaped);
    }
  request->method = SOUP_METHOD_GET;
  request->uri = g_string_free (uri, FALSE);
}

static gboolean
read_optional_text (JsonObject  *object,
                    const char  *name,
                    char       **out,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      /* Translators: %s is a member of the sync API's page, e.g. “next_cursor”. */
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA, _("“%s” is not text"), name);
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_page (const PomarProviderPass *pass,
           GBytes                  *body,
           PomarProviderPage       *page,
           GError                 **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  JsonNode *root, *node;
  JsonObject *object;
  JsonArray *array;
  guint n;

  if (pomar_sync_page_read (pass->collection, data, size, page))
    return TRUE;

  /* Anything but plain JSON of the contract's shape: json-glib reads it,
   * or says what is wrong with it. */
  if (!json_parser_load_from_data (parser, data, (gssize) size, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA, _("the page is not a JSON object"));
      return FALSE;
    }
  object = json_node_get_object (root);

  node = json_object_get_member (object, "data");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA, _("the page has no “data” list"));
      return FALSE;
    }
  array = json_node_get_array (node);

  if (!read_optional_text (object, "next_cursor", &page->next_cursor, error)
      || !read_optional_text (object, "sync_token", &page->sync_token, error))
    return FALSE;
  if (page->next_cursor == NULL && page->sync_token == NULL)
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                           _("the last page of a pass has no “sync_token”"));
      return FALSE;
    }

  n = json_array_get_length (array);
  g_ptr_array_set_size (page->records, 0);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *id = NULL;
      g_autofree char *reason = NULL;
      gpointer record = pomar_sync_record_parse (pass->collection, element, &id, &reason);

      if (record != NULL)
        pomar_provider_page_add (page, record);
      else
        pomar_provider_page_quarantine (page, element, id, reason);
    }
  return TRUE;
}

/* The contract's error body: {"error": {"code": "...", "message": "..."}}. */
static char *
error_code (GBytes  *body,
            char   **message)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *error;
  gsize size;
  const char *data;

  *message = NULL;
  if (body == NULL)
    return NULL;
  data = g_bytes_get_data (body, &size);
  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), "error"))
    return NULL;
  error = json_object_get_object_member (json_node_get_object (root), "error");
  if (error == NULL)
    return NULL;
  *message = g_strdup (pomar_json_string (error, "message"));
  return g_strdup (pomar_json_string (error, "code"));
}

static void
refusal (const PomarProviderPass *pass,
         guint                    status,
         GBytes                  *body,
         GError                 **error)
{
  g_autofree char *message = NULL;
  g_autofree char *code = NULL;

  if (status != 400)
    return;
  code = error_code (body, &message);
  g_clear_error (error);
  if (g_strcmp0 (code, "invalid_cursor") == 0)
    g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_CURSOR,
                         _("The server no longer knows where the last pass stopped."));
  else
    g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                 _("The server refused Pomar’s request for %s: %s"),
                 pomar_collection_to_string (pass->collection),
                 message != NULL ? message : (code != NULL ? code : _("no reason given")));
}

const PomarProvider pomar_provider_pomar = {
  .id = "pomar",
  .account_rank = 0,
  .collections = pomar_collections,
  .n_collections = G_N_ELEMENTS (pomar_collections),
  .global_ids = TRUE,
  .reconcile_full = FALSE,
  .build_request = build_request,
  .read_page = read_page,
  .refusal = refusal,
};
