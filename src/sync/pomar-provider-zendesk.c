/* pomar-provider-zendesk.c: Zendesk Support as a source of accounts,
 * tickets and CSAT answers.
 *
 * organisations  → accounts   GET /api/v2/incremental/organizations.json?start_time=S
 *   The time-based export: a page ends at "end_time", the next starts
 *   there, so records of that very second come again (an upsert by id
 *   takes them twice). The pass ends with "end_of_stream"; its "end_time"
 *   is the token of the next one. Cursor and token: that time, in seconds.
 *   The domain is the first of "domain_names"; "deleted_at" makes a
 *   tombstone.
 * tickets        → tickets    GET /api/v2/incremental/tickets/cursor.json
 *   The cursor-based export: "start_time=0" first, then "cursor=" the
 *   "after_cursor" of the page before, until "end_of_stream"; the last
 *   "after_cursor" is the token, and the next pass goes on from it.
 *   Status "deleted" makes a tombstone.
 * satisfaction ratings → CSAT answers   GET /api/v2/satisfaction_ratings.json
 *   "score=received" (answered ones only), "start_time=S" (creation, in
 *   seconds), cursor pagination ("page[size]", "page[after]"). Good is 5,
 *   bad is 1. A rating names its ticket, not an organisation: its account
 *   is its ticket's (the engine looks it up). Cursor: "S|AFTER|NEWEST",
 *   NEWEST being the latest creation seen, the token of the next pass.
 *
 * Versions are "updated_at" in seconds since 1970. Auth: "email/token"
 * Basic when the connection has an email, else Bearer (an OAuth token).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include <string.h>

#include "core/pomar-error.h"
#include "sync/pomar-provider.h"
#include "sync/pomar-sync-records.h"

static const PomarCollection zendesk_collections[] = {
  POMAR_COLLECTION_ACCOUNTS, POMAR_COLLECTION_TICKETS, POMAR_COLLECTION_RESPONSES,
};

/* The incremental exports give at most 1000 a page; ratings 100. */
#define EXPORT_PAGE_MAX  1000u
#define RATINGS_PAGE_MAX 100u

/* Cursors of the ratings pass ------------------------------------------------- */

typedef struct
{
  gint64  start;     /* start_time of the pass */
  char   *after;     /* page[after], or NULL for the first page */
  gint64  newest;    /* latest creation seen so far */
} RatingsCursor;

static void
ratings_cursor_parse (const PomarProviderPass *pass,
                      RatingsCursor           *cursor)
{
  gint64 since = 0;

  memset (cursor, 0, sizeof *cursor);
  if (!pass->full && pass->since != NULL)
    since = g_ascii_strtoll (pass->since, NULL, 10);
  cursor->start = since;
  cursor->newest = since;

  if (pass->cursor != NULL)
    {
      g_auto (GStrv) parts = g_strsplit (pass->cursor, "|", 3);

      if (g_strv_length (parts) == 3)
        {
          cursor->start = g_ascii_strtoll (parts[0], NULL, 10);
          cursor->after = *parts[1] != '\0' ? g_strdup (parts[1]) : NULL;
          cursor->newest = g_ascii_strtoll (parts[2], NULL, 10);
        }
    }
}

/* Requests ------------------------------------------------------------------------ */

static void
build_request (const PomarProviderPass *pass,
               PomarProviderRequest    *request)
{
  GString *uri = g_string_new (pass->info->base_url);

  request->method = SOUP_METHOD_GET;
  switch (pass->collection)
    {
    case POMAR_COLLECTION_ACCOUNTS:
      {
        const char *start = pass->cursor != NULL ? pass->cursor
                            : (!pass->full && pass->since != NULL ? pass->since : "0");

        g_string_append_printf (uri, "/api/v2/incremental/organizations.json?start_time=%" G_GINT64_FORMAT,
                                g_ascii_strtoll (start, NULL, 10));
      }
      break;

    case POMAR_COLLECTION_TICKETS:
      {
        const char *cursor = pass->cursor != NULL ? pass->cursor : (!pass->full ? pass->since : NULL);

        g_string_append (uri, "/api/v2/incremental/tickets/cursor.json?");
        if (cursor != NULL)
          {
            g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);

            g_string_append_printf (uri, "cursor=%s", escaped);
          }
        else
          g_string_append (uri, "start_time=0");
        g_string_append_printf (uri, "&per_page=%u", MIN (pass->page_size, EXPORT_PAGE_MAX));
      }
      break;

    case POMAR_COLLECTION_RESPONSES:
      {
        RatingsCursor cursor;

        ratings_cursor_parse (pass, &cursor);
        g_string_append_printf (uri, "/api/v2/satisfaction_ratings.json?score=received"
                                "&start_time=%" G_GINT64_FORMAT "&page%%5Bsize%%5D=%u",
                                cursor.start, MIN (pass->page_size, RATINGS_PAGE_MAX));
        if (cursor.after != NULL)
          {
            g_autofree char *escaped = g_uri_escape_string (cursor.after, NULL, FALSE);

            g_string_append_printf (uri, "&page%%5Bafter%%5D=%s", escaped);
          }
        g_free (cursor.after);
      }
      break;

    case POMAR_COLLECTION_CONTACTS:
    case POMAR_COLLECTION_USAGE:
    case POMAR_COLLECTION_ACTIVITIES:
    case POMAR_N_COLLECTIONS:
    default:
      g_assert_not_reached ();
    }
  request->uri = g_string_free (uri, FALSE);
}

/* Records ------------------------------------------------------------------------- */

static gpointer
read_organization (JsonObject  *object,
                   char       **id,
                   char       **reason)
{
  g_autofree char *updated_at = NULL;
  PomarAccount *account;
  JsonNode *node;
  gint64 version;

  if (!pomar_provider_read_stamp (object, "updated_at", id, &updated_at, &version, reason))
    return NULL;

  account = g_new0 (PomarAccount, 1);
  account->id = g_strdup (*id);
  account->version = version;
  account->updated_at = g_steal_pointer (&updated_at);
  account->arr = NAN;
  account->licensed_seats = POMAR_NO_INT;

  node = json_object_get_member (object, "deleted_at");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      account->deleted = TRUE;
      return account;
    }

  account->name = g_strdup (pomar_json_string (object, "name"));
  node = json_object_get_member (object, "domain_names");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *names = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (names) && account->domain == NULL; i++)
        {
          JsonNode *name = json_array_get_element (names, i);

          if (JSON_NODE_HOLDS_VALUE (name) && json_node_get_value_type (name) == G_TYPE_STRING
              && *json_node_get_string (name) != '\0')
            account->domain = g_strdup (json_node_get_string (name));
        }
    }
  account->created_at = pomar_time_normalize (pomar_json_string (object, "created_at"));
  return account;
}

static gboolean
one_of (const char         *value,
        const char * const *allowed)
{
  return value != NULL && g_strv_contains (allowed, value);
}

static gpointer
read_ticket (JsonObject  *object,
             char       **id,
             char       **reason)
{
  static const char * const statuses[] = { "new", "open", "pending", "hold", "solved", "closed", NULL };
  static const char * const priorities[] = { "low", "normal", "high", "urgent", NULL };
  static const char * const types[] = { "question", "incident", "problem", "task", NULL };
  g_autofree char *updated_at = NULL;
  const char *status;
  const char *priority;
  const char *type;
  PomarTicket *ticket;
  gint64 version;

  if (!pomar_provider_read_stamp (object, "updated_at", id, &updated_at, &version, reason))
    return NULL;

  status = pomar_json_string (object, "status");
  if (g_strcmp0 (status, "deleted") != 0 && !one_of (status, statuses))
    {
      /* Translators: %s is what the server sent as a ticket's status. */
      *reason = g_strdup_printf (_("The status “%s” is not one of Zendesk’s."), status != NULL ? status : "null");
      return NULL;
    }
  priority = pomar_json_string (object, "priority");
  if (priority != NULL && !one_of (priority, priorities))
    {
      *reason = g_strdup_printf (_("The priority “%s” is not one of Zendesk’s."), priority);
      return NULL;
    }

  ticket = g_new0 (PomarTicket, 1);
  ticket->id = g_strdup (*id);
  ticket->version = version;
  ticket->updated_at = g_steal_pointer (&updated_at);
  if (g_str_equal (status, "deleted"))
    {
      ticket->deleted = TRUE;
      return ticket;
    }

  ticket->account_id = pomar_json_id (object, "organization_id");
  ticket->subject = g_strdup (pomar_json_string (object, "subject"));
  ticket->status = g_strdup (status);
  /* Choice: a ticket nobody gave a priority is a normal one. */
  ticket->priority = g_strdup (priority != NULL ? priority : "normal");
  type = pomar_json_string (object, "type");
  ticket->type = one_of (type, types) ? g_strdup (type) : NULL;
  ticket->created_at = pomar_time_normalize (pomar_json_string (object, "created_at"));
  /* Choice: a ticket carries no solved time; a solved or closed one was
   * solved by its last update at the latest. */
  if (g_str_equal (status, "solved") || g_str_equal (status, "closed"))
    ticket->solved_at = g_strdup (ticket->updated_at);
  return ticket;
}

static gpointer
read_rating (JsonObject  *object,
             char       **id,
             char       **reason,
             char       **ticket_id,
             gboolean    *skip)
{
  g_autofree char *updated_at = NULL;
  const char *score;
  PomarResponse *response;
  gint64 version;

  *skip = FALSE;
  if (!pomar_provider_read_stamp (object, "updated_at", id, &updated_at, &version, reason))
    return NULL;

  score = pomar_json_string (object, "score");
  /* Offered but unanswered: not an answer. */
  if (g_strcmp0 (score, "offered") == 0 || g_strcmp0 (score, "unoffered") == 0)
    {
      *skip = TRUE;
      return NULL;
    }
  if (g_strcmp0 (score, "good") != 0 && g_strcmp0 (score, "bad") != 0)
    {
      *reason = g_strdup_printf (_("The score “%s” is neither good nor bad."), score != NULL ? score : "null");
      return NULL;
    }

  response = g_new0 (PomarResponse, 1);
  response->id = g_strdup (*id);
  response->version = version;
  response->updated_at = g_steal_pointer (&updated_at);
  response->kind = g_strdup ("csat");
  response->score = g_str_equal (score, "good") ? 5 : 1;
  response->comment = g_strdup (pomar_json_string (object, "comment"));
  if (response->comment != NULL && *response->comment == '\0')
    g_clear_pointer (&response->comment, g_free);
  /* Choice: a rating is made when it is offered and updated when it is
   * answered; the answer's time is its last update. */
  response->responded_at = g_strdup (response->updated_at);
  *ticket_id = pomar_json_id (object, "ticket_id");
  return response;
}

/* Pages ------------------------------------------------------------------------------- */

static gboolean
end_of_stream (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "end_of_stream");

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN
         && json_node_get_boolean (node);
}

static gboolean
read_page (const PomarProviderPass *pass,
           GBytes                  *body,
           PomarProviderPage       *page,
           GError                 **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object = pomar_provider_parse_page (body, parser, error);
  RatingsCursor ratings = { 0 };
  const char *list_name;
  JsonArray *list;

  if (object == NULL)
    return FALSE;

  switch (pass->collection)
    {
    case POMAR_COLLECTION_ACCOUNTS:
      list_name = "organizations";
      break;
    case POMAR_COLLECTION_TICKETS:
      list_name = "tickets";
      break;
    case POMAR_COLLECTION_RESPONSES:
      list_name = "satisfaction_ratings";
      ratings_cursor_parse (pass, &ratings);
      break;
    case POMAR_COLLECTION_CONTACTS:
    case POMAR_COLLECTION_USAGE:
    case POMAR_COLLECTION_ACTIVITIES:
    case POMAR_N_COLLECTIONS:
    default:
      g_assert_not_reached ();
    }
  list = pomar_provider_page_list (object, list_name, error);
  if (list == NULL)
    {
      g_free (ratings.after);
      return FALSE;
    }

  page->ticket_refs = pass->collection == POMAR_COLLECTION_RESPONSES
                      ? g_ptr_array_new_with_free_func (g_free) : NULL;
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      g_autofree char *id = NULL;
      g_autofree char *reason = NULL;
      g_autofree char *ticket_id = NULL;
      gboolean skip = FALSE;
      gpointer record = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        reason = g_strdup (_("The record is not a JSON object."));
      else if (pass->collection == POMAR_COLLECTION_ACCOUNTS)
        record = read_organization (json_node_get_object (element), &id, &reason);
      else if (pass->collection == POMAR_COLLECTION_TICKETS)
        record = read_ticket (json_node_get_object (element), &id, &reason);
      else
        {
          record = read_rating (json_node_get_object (element), &id, &reason, &ticket_id, &skip);
          if (record != NULL)
            {
              const char *created = pomar_json_string (json_node_get_object (element), "created_at");
              g_autofree char *normalized = pomar_time_normalize (created);
              gint64 seconds = pomar_time_to_unix (normalized);

              ratings.newest = MAX (ratings.newest, seconds);
            }
        }

      if (record != NULL)
        {
          pomar_provider_page_add (page, record);
          if (page->ticket_refs != NULL)
            g_ptr_array_add (page->ticket_refs, g_steal_pointer (&ticket_id));
        }
      else if (!skip)
        pomar_provider_page_quarantine (page, element, id, reason);
    }

  switch (pass->collection)
    {
    case POMAR_COLLECTION_ACCOUNTS:
      {
        gint64 end_time;

        if (!pomar_json_int (object, "end_time", &end_time))
          {
            g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA, _("the page has no “end_time”"));
            return FALSE;
          }
        if (end_of_stream (object))
          page->sync_token = g_strdup_printf ("%" G_GINT64_FORMAT, end_time);
        else
          page->next_cursor = g_strdup_printf ("%" G_GINT64_FORMAT, end_time);
      }
      break;

    case POMAR_COLLECTION_TICKETS:
      {
        const char *after = pomar_json_string (object, "after_cursor");

        if (end_of_stream (object))
          {
            /* With nothing new, the cursor the page was asked with stays. */
            const char *kept = after != NULL ? after
                               : (pass->cursor != NULL ? pass->cursor : (!pass->full ? pass->since : NULL));

            page->sync_token = g_strdup (kept);
          }
        else if (after == NULL)
          {
            g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                                 _("the page has no “after_cursor” but more is to come"));
            return FALSE;
          }
        else
          page->next_cursor = g_strdup (after);
      }
      break;

    case POMAR_COLLECTION_RESPONSES:
      {
        JsonNode *meta_node = json_object_get_member (object, "meta");
        JsonObject *meta = meta_node != NULL && JSON_NODE_HOLDS_OBJECT (meta_node)
                           ? json_node_get_object (meta_node) : NULL;
        JsonNode *more = meta != NULL ? json_object_get_member (meta, "has_more") : NULL;
        const char *after = meta != NULL ? pomar_json_string (meta, "after_cursor") : NULL;
        gboolean has_more = more != NULL && JSON_NODE_HOLDS_VALUE (more)
                            && json_node_get_value_type (more) == G_TYPE_BOOLEAN && json_node_get_boolean (more);

        if (has_more && after == NULL)
          {
            g_free (ratings.after);
            g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                                 _("the page has no “after_cursor” but more is to come"));
            return FALSE;
          }
        if (has_more)
          page->next_cursor = g_strdup_printf ("%" G_GINT64_FORMAT "|%s|%" G_GINT64_FORMAT,
                                               ratings.start, after, ratings.newest);
        else
          page->sync_token = g_strdup_printf ("%" G_GINT64_FORMAT, ratings.newest);
        g_free (ratings.after);
      }
      break;

    case POMAR_COLLECTION_CONTACTS:
    case POMAR_COLLECTION_USAGE:
    case POMAR_COLLECTION_ACTIVITIES:
    case POMAR_N_COLLECTIONS:
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/* Zendesk answers an unknown or expired cursor with 422 or 400 and an
 * "error" text; the pass starts again from its token. */
static void
refusal (const PomarProviderPass *pass,
         guint                    status,
         GBytes                  *body,
         GError                 **error)
{
  if ((status == 400 || status == 422) && pass->cursor != NULL)
    {
      g_clear_error (error);
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_CURSOR,
                           _("The server no longer knows where the last pass stopped."));
    }
}

const PomarProvider pomar_provider_zendesk = {
  .id = "zendesk",
  .account_rank = 2,
  .collections = zendesk_collections,
  .n_collections = G_N_ELEMENTS (zendesk_collections),
  .global_ids = FALSE,
  .reconcile_full = FALSE,
  .ordered_passes = TRUE,
  .build_request = build_request,
  .read_page = read_page,
  .refusal = refusal,
};
