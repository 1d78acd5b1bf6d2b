/* pomar-provider-redmine.c: a Redmine as a source of accounts (projects)
 * and tickets (issues).
 *
 * The key goes in X-Redmine-API-Key. A Redmine that does not require a
 * login answers a wrong key with the public data, so the key is checked
 * first with /users/current.json, which only a real user gets. Which
 * statuses are closed is in the issue (Redmine 5.0.4 on); for older ones,
 * /issue_statuses.json says it, asked once before the passes.
 *
 * projects → accounts   GET /projects.json?offset=O&limit=100, then
 *                        GET /projects/ID.json for each
 *   Few, and with no filter by time: every pass lists them all, and a
 *   project it no longer sees (deleted, or archived) is deleted. The
 *   domain is the host of the project's homepage, which only the project's
 *   own page gives: a list page's ids are read one by one. Cursor: "L|O"
 *   (the list from O) or "P|O|ID,ID,…" (those projects, then the list from
 *   O, or nothing more when O is -1).
 * issues → tickets      GET /issues.json?status_id=*&sort=updated_on
 *                           &updated_on=>=T&offset=K&limit=100
 *   Pages are asked anew from the newest time read, T (an issue updated
 *   while the pass runs moves to the end of the list instead of shifting
 *   the pages under an offset); only when more than a page of issues share
 *   two seconds does the pass go on by offset K under the same filter.
 *   Cursor and token: "T|K|F", F being the day of the last full pass. Redmine deletes issues
 *   without a trace: a full pass (--full, or on its own once F is a week
 *   old) deletes what the cache has and the pass did not see.
 *
 * Versions are updated_on in seconds since 1970.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include <string.h>

#include "core/pomar-error.h"
#include "sync/pomar-provider.h"
#include "sync/pomar-sync-records.h"

static const PomarCollection redmine_collections[] = {
  POMAR_COLLECTION_ACCOUNTS, POMAR_COLLECTION_TICKETS,
};

/* Redmine caps a page at 100, whatever is asked. */
#define PAGE_MAX 100u
/* Days between full passes over the issues, to find the deleted ones. */
#define FULL_EVERY_DAYS 7

/* Where a pass over the issues is ---------------------------------------------------- */

typedef struct
{
  char  *time;       /* updated_on of the last issue read (normalized), or NULL */
  guint  skip;       /* issues of that second already read */
  char  *full_day;   /* YYYY-MM-DD of the last full pass, or NULL */
} Position;

static void
position_clear (Position *position)
{
  g_clear_pointer (&position->time, g_free);
  g_clear_pointer (&position->full_day, g_free);
}

static void
position_parse (const char *text,
                Position   *position)
{
  g_auto (GStrv) parts = NULL;

  memset (position, 0, sizeof *position);
  if (text == NULL)
    return;
  parts = g_strsplit (text, "|", 3);
  if (g_strv_length (parts) != 3)
    return;
  position->time = *parts[0] != '\0' ? pomar_time_normalize (parts[0]) : NULL;
  position->skip = (guint) g_ascii_strtoull (parts[1], NULL, 10);
  position->full_day = *parts[2] != '\0' ? g_strdup (parts[2]) : NULL;
}

static char *
position_text (const Position *position)
{
  return g_strdup_printf ("%s|%u|%s", position->time != NULL ? position->time : "", position->skip,
                          position->full_day != NULL ? position->full_day : "");
}

/* Where this pass is: its cursor, else where the last one ended (not for
 * a full pass, which starts from nothing). */
static void
pass_position (const PomarProviderPass *pass,
               Position                *position)
{
  if (pass->cursor != NULL)
    position_parse (pass->cursor, position);
  else if (!pass->full)
    position_parse (pass->since, position);
  else
    {
      memset (position, 0, sizeof *position);
      /* A full pass keeps the day of the one before until it ends. */
      if (pass->since != NULL)
        {
          Position last;

          position_parse (pass->since, &last);
          position->full_day = g_steal_pointer (&last.full_day);
          position_clear (&last);
        }
    }
}

static gboolean
wants_full (const PomarProviderPass *pass)
{
  Position position;
  GDate last, today;
  gboolean full;

  /* Projects are listed whole every time. */
  if (pass->collection == POMAR_COLLECTION_ACCOUNTS)
    return TRUE;

  position_parse (pass->since, &position);
  g_date_clear (&last, 1);
  g_date_clear (&today, 1);
  if (position.full_day != NULL)
    g_date_set_parse (&last, position.full_day);
  g_date_set_time_t (&today, time (NULL));
  full = !g_date_valid (&last) || g_date_days_between (&last, &today) >= FULL_EVERY_DAYS;
  position_clear (&position);
  return full;
}

/* Requests --------------------------------------------------------------------------- */

static void
build_request (const PomarProviderPass *pass,
               PomarProviderRequest    *request)
{
  GString *uri = g_string_new (pass->info->base_url);

  request->method = SOUP_METHOD_GET;
  if (pass->collection == POMAR_COLLECTION_ACCOUNTS)
    {
      g_auto (GStrv) parts = pass->cursor != NULL ? g_strsplit (pass->cursor, "|", 3) : NULL;

      if (parts != NULL && g_str_equal (parts[0], "P") && g_strv_length (parts) == 3)
        {
          g_autofree char *id = g_strndup (parts[2], strcspn (parts[2], ","));

          g_string_append_printf (uri, "/projects/%s.json", id);
        }
      else
        {
          guint64 offset = parts != NULL && g_strv_length (parts) == 2 ? g_ascii_strtoull (parts[1], NULL, 10) : 0;

          /* Active and closed projects (archived ones are gone), in the
           * order they were made, which a rename does not change. */
          g_string_append_printf (uri, "/projects.json?status=1%%7C5&sort=created_on&offset=%" G_GUINT64_FORMAT
                                  "&limit=%u", offset, PAGE_MAX);
        }
    }
  else
    {
      Position position;

      pass_position (pass, &position);
      g_string_append (uri, "/issues.json?status_id=*&sort=updated_on");
      if (position.time != NULL)
        {
          g_autofree char *filter = g_strconcat (">=", position.time, NULL);
          g_autofree char *escaped = g_uri_escape_string (filter, NULL, FALSE);

          g_string_append_printf (uri, "&updated_on=%s", escaped);
        }
      g_string_append_printf (uri, "&offset=%u&limit=%u", position.time != NULL ? position.skip : 0, PAGE_MAX);
      position_clear (&position);
    }
  request->uri = g_string_free (uri, FALSE);
}

/* The key, and the statuses --------------------------------------------------------- */

static JsonNode *
get_json (const PomarConnectionInfo   *info,
          SoupSession                 *session,
          const PomarHttpCredentials  *credentials,
          const PomarRetryPolicy      *retry,
          const char                  *path,
          JsonParser                  *parser,
          GCancellable                *cancellable,
          GError                     **error)
{
  g_autofree char *uri = g_strconcat (info->base_url, path, NULL);
  g_autoptr (GBytes) body = NULL;
  gsize size;
  const char *data;

  body = pomar_http_send (session, SOUP_METHOD_GET, uri, NULL, credentials, NULL, retry, NULL, NULL, NULL, NULL,
                          NULL, cancellable, error);
  if (body == NULL)
    return NULL;
  data = g_bytes_get_data (body, &size);
  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL) || json_parser_get_root (parser) == NULL
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                   _("%s did not answer as a Redmine does. Check the connection’s address."), info->base_url);
      return NULL;
    }
  return json_parser_get_root (parser);
}

static gboolean
check_token (const PomarConnectionInfo   *info,
             SoupSession                 *session,
             const PomarHttpCredentials  *credentials,
             const PomarRetryPolicy      *retry,
             GCancellable                *cancellable,
             GError                     **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonNode *user;
  gint64 id;

  root = get_json (info, session, credentials, retry, "/users/current.json", parser, cancellable, error);
  if (root == NULL)
    return FALSE;
  user = json_object_get_member (json_node_get_object (root), "user");
  if (user == NULL || !JSON_NODE_HOLDS_OBJECT (user) || !pomar_json_int (json_node_get_object (user), "id", &id))
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_AUTH,
                   _("%s did not recognise the API key. Give the connection a new key (My account → API access key)."),
                   info->base_url);
      return FALSE;
    }
  return TRUE;
}

/* Status id (as text) → "closed" or the status's name, lower case. */
static gpointer
prepare (const PomarConnectionInfo   *info,
         SoupSession                 *session,
         const PomarHttpCredentials  *credentials,
         const PomarRetryPolicy      *retry,
         GCancellable                *cancellable,
         GError                     **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GHashTable) closed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonNode *root;
  JsonNode *list;

  root = get_json (info, session, credentials, retry, "/issue_statuses.json", parser, cancellable, error);
  if (root == NULL)
    return NULL;
  list = json_object_get_member (json_node_get_object (root), "issue_statuses");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA,
                   _("%s did not answer as a Redmine does. Check the connection’s address."), info->base_url);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (list), i);
      JsonObject *status = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonNode *is_closed = status != NULL ? json_object_get_member (status, "is_closed") : NULL;
      g_autofree char *id = pomar_json_id (status, "id");

      if (id != NULL && is_closed != NULL && JSON_NODE_HOLDS_VALUE (is_closed)
          && json_node_get_value_type (is_closed) == G_TYPE_BOOLEAN && json_node_get_boolean (is_closed))
        g_hash_table_add (closed, g_steal_pointer (&id));
    }
  return g_steal_pointer (&closed);
}

/* Records ------------------------------------------------------------------------------- */

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A name of Redmine's default data (English or Portuguese), lower case,
 * found among @names. */
static gboolean
named (const char         *name,
       const char * const *names)
{
  g_autofree char *lower = name != NULL ? g_utf8_strdown (name, -1) : NULL;

  return lower != NULL && g_strv_contains (names, lower);
}

static const char *
map_priority (const char *name)
{
  static const char * const low[] = { "low", "baixa", NULL };
  static const char * const high[] = { "high", "alta", NULL };
  static const char * const urgent[] = { "urgent", "immediate", "urgente", "imediata", NULL };

  if (named (name, low))
    return "low";
  if (named (name, high))
    return "high";
  if (named (name, urgent))
    return "urgent";
  /* Choice: "Normal", and any priority a team made up, is normal. */
  return "normal";
}

static const char *
map_tracker (const char *name)
{
  static const char * const incident[] = { "bug", "defeito", "erro", NULL };
  static const char * const task[] = { "feature", "funcionalidade", "tarefa", "task", NULL };
  static const char * const question[] = { "support", "suporte", "question", "pergunta", NULL };

  if (named (name, incident))
    return "incident";
  if (named (name, task))
    return "task";
  if (named (name, question))
    return "question";
  return NULL;
}

static const char *
map_status (const char *name,
            gboolean    closed)
{
  static const char * const fresh[] = { "new", "nova", "novo", NULL };
  static const char * const waiting[] = { "feedback", "aguardando", "aguardando retorno", NULL };
  static const char * const solved[] = { "resolved", "resolvida", "resolvido", NULL };

  if (closed)
    return "closed";
  if (named (name, fresh))
    return "new";
  if (named (name, waiting))
    return "pending";
  if (named (name, solved))
    return "solved";
  return "open";
}

static gpointer
read_project (JsonObject  *object,
              char       **id,
              char       **reason)
{
  g_autofree char *updated_at = NULL;
  PomarAccount *account;
  gint64 version;

  if (!pomar_provider_read_stamp (object, "updated_on", id, &updated_at, &version, reason))
    return NULL;

  account = g_new0 (PomarAccount, 1);
  account->id = g_strdup (*id);
  account->version = version;
  account->updated_at = g_steal_pointer (&updated_at);
  account->arr = NAN;
  account->licensed_seats = POMAR_NO_INT;
  account->name = g_strdup (pomar_json_string (object, "name"));
  account->domain = pomar_domain_key (pomar_json_string (object, "homepage"));
  account->created_at = pomar_time_normalize (pomar_json_string (object, "created_on"));
  return account;
}

static gpointer
read_issue (JsonObject  *object,
            GHashTable  *closed_statuses,
            char       **id,
            char       **reason)
{
  g_autofree char *updated_at = NULL;
  g_autofree char *status_id = NULL;
  JsonObject *project = member_object (object, "project");
  JsonObject *status = member_object (object, "status");
  JsonObject *priority = member_object (object, "priority");
  JsonObject *tracker = member_object (object, "tracker");
  PomarTicket *ticket;
  JsonNode *is_closed;
  gboolean closed;
  gint64 version;

  if (!pomar_provider_read_stamp (object, "updated_on", id, &updated_at, &version, reason))
    return NULL;
  if (status == NULL || (status_id = pomar_json_id (status, "id")) == NULL)
    {
      *reason = g_strdup (_("The issue has no status."));
      return NULL;
    }

  ticket = g_new0 (PomarTicket, 1);
  ticket->id = g_strdup (*id);
  ticket->version = version;
  ticket->updated_at = g_steal_pointer (&updated_at);
  ticket->account_id = project != NULL ? pomar_json_id (project, "id") : NULL;
  ticket->subject = g_strdup (pomar_json_string (object, "subject"));
  /* Redmine 5.0.4 and later say it in the issue; earlier ones through
   * the statuses asked for first. */
  is_closed = json_object_get_member (status, "is_closed");
  if (is_closed != NULL && JSON_NODE_HOLDS_VALUE (is_closed)
      && json_node_get_value_type (is_closed) == G_TYPE_BOOLEAN)
    closed = json_node_get_boolean (is_closed);
  else
    closed = closed_statuses != NULL && g_hash_table_contains (closed_statuses, status_id);
  ticket->status = g_strdup (map_status (pomar_json_string (status, "name"), closed));
  ticket->priority = g_strdup (map_priority (priority != NULL ? pomar_json_string (priority, "name") : NULL));
  ticket->type = g_strdup (map_tracker (tracker != NULL ? pomar_json_string (tracker, "name") : NULL));
  ticket->created_at = pomar_time_normalize (pomar_json_string (object, "created_on"));
  if (closed)
    {
      ticket->solved_at = pomar_time_normalize (pomar_json_string (object, "closed_on"));
      if (ticket->solved_at == NULL)
        ticket->solved_at = g_strdup (ticket->updated_at);
    }
  return ticket;
}

/* Pages ------------------------------------------------------------------------------------ */

/* One project's own page, {"project": {...}}, at the head of a "P|O|ids"
 * cursor: the next is the rest of the ids, else the list from O. */
static gboolean
read_project_page (const PomarProviderPass *pass,
                   JsonObject              *object,
                   PomarProviderPage       *page,
                   GError                 **error)
{
  g_auto (GStrv) parts = g_strsplit (pass->cursor, "|", 3);
  JsonNode *node = json_object_get_member (object, "project");
  g_autofree char *id = NULL;
  g_autofree char *reason = NULL;
  const char *rest;
  gint64 offset;
  gpointer record;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) || g_strv_length (parts) != 3)
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA, _("the page has no “project”"));
      return FALSE;
    }
  record = read_project (json_node_get_object (node), &id, &reason);
  if (record != NULL)
    pomar_provider_page_add (page, record);
  else
    pomar_provider_page_quarantine (page, node, id, reason);

  offset = g_ascii_strtoll (parts[1], NULL, 10);
  rest = strchr (parts[2], ',');
  if (rest != NULL)
    page->next_cursor = g_strdup_printf ("P|%s|%s", parts[1], rest + 1);
  else if (offset >= 0)
    page->next_cursor = g_strdup_printf ("L|%" G_GINT64_FORMAT, offset);
  else
    page->sync_token = g_strdup ("projects");
  return TRUE;
}


static gboolean
read_page (const PomarProviderPass *pass,
           GBytes                  *body,
           PomarProviderPage       *page,
           GError                 **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  gboolean accounts = pass->collection == POMAR_COLLECTION_ACCOUNTS;
  gboolean detail = accounts && pass->cursor != NULL && g_str_has_prefix (pass->cursor, "P|");
  const char *list_name = accounts ? "projects" : "issues";
  JsonObject *object;
  JsonArray *list;
  gint64 total = -1, offset = 0;
  g_autoptr (GString) ids = g_string_new (NULL);
  guint n;

  object = pomar_provider_parse_page (body, parser, error);
  if (object == NULL)
    return FALSE;
  if (detail)
    return read_project_page (pass, object, page, error);
  list = pomar_provider_page_list (object, list_name, error);
  if (list == NULL)
    return FALSE;
  n = json_array_get_length (list);
  pomar_json_int (object, "total_count", &total);
  pomar_json_int (object, "offset", &offset);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      g_autofree char *id = NULL;
      g_autofree char *reason = NULL;
      gpointer record = NULL;

      if (accounts)
        {
          /* The list gives ids; each project's page gives the project. */
          g_autofree char *project = JSON_NODE_HOLDS_OBJECT (element)
                                     ? pomar_json_id (json_node_get_object (element), "id") : NULL;

          if (project != NULL)
            {
              if (ids->len > 0)
                g_string_append_c (ids, ',');
              g_string_append (ids, project);
            }
          continue;
        }
      if (!JSON_NODE_HOLDS_OBJECT (element))
        reason = g_strdup (_("The record is not a JSON object."));
      else
        record = read_issue (json_node_get_object (element), pass->state, &id, &reason);
      if (record != NULL)
        pomar_provider_page_add (page, record);
      else
        pomar_provider_page_quarantine (page, element, id, reason);
    }

  if (accounts)
    {
      gint64 next = offset + (gint64) n;
      gboolean more = n > 0 && (total < 0 || next < total);

      page->total = total;
      if (ids->len > 0)
        page->next_cursor = g_strdup_printf ("P|%" G_GINT64_FORMAT "|%s", more ? next : -1, ids->str);
      else if (more)
        page->next_cursor = g_strdup_printf ("L|%" G_GINT64_FORMAT, next);
      else
        page->sync_token = g_strdup ("projects");
      return TRUE;
    }
  else
    {
      Position position;
      g_autofree char *last_time = NULL;

      pass_position (pass, &position);
      if (pass->cursor == NULL)
        page->total = total;

      /* The newest time read: the list is by updated_on, ascending. */
      for (guint i = n; i > 0 && last_time == NULL; i--)
        {
          JsonNode *element = json_array_get_element (list, i - 1);

          if (JSON_NODE_HOLDS_OBJECT (element))
            last_time = pomar_time_normalize (pomar_json_string (json_node_get_object (element), "updated_on"));
        }

      /* Redmine keeps microseconds and shows seconds, and its ">=T" means
       * "after T less one second". A page that ends past that second moves
       * the filter there (re-reading at most its last two seconds); one
       * that does not (more than a page of issues in two seconds) goes on
       * by offset under the same filter. */
      if (last_time != NULL
          && (position.time == NULL || pomar_time_to_unix (last_time) > pomar_time_to_unix (position.time) + 1))
        {
          g_free (position.time);
          position.time = g_steal_pointer (&last_time);
          position.skip = 0;
        }
      else
        position.skip += n;

      /* total_count counts what the filter matches, offset is the skip. */
      if (total >= 0 ? offset + (gint64) n < total : n >= PAGE_MAX)
        page->next_cursor = position_text (&position);
      else
        {
          /* The pass ends; one that read everything (a full one, or the
           * first) says so for the next week. */
          if (pass->full || pass->since == NULL)
            {
              g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

              g_free (position.full_day);
              position.full_day = g_date_time_format (now, "%Y-%m-%d");
            }
          position.skip = 0;
          page->sync_token = position_text (&position);
        }
      position_clear (&position);
      return TRUE;
    }
}

const PomarProvider pomar_provider_redmine = {
  .id = "redmine",
  .account_rank = 3,
  .collections = redmine_collections,
  .n_collections = G_N_ELEMENTS (redmine_collections),
  .global_ids = FALSE,
  .reconcile_full = TRUE,
  .ordered_passes = FALSE,
  .check_token = check_token,
  .prepare = prepare,
  .free_state = (GDestroyNotify) g_hash_table_unref,
  .wants_full = wants_full,
  .build_request = build_request,
  .read_page = read_page,
};
