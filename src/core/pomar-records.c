/* pomar-records.c: freeing and naming the normalized records. */
#include "pomar-records.h"

#include <string.h>

#include <json-glib/json-glib.h>

static const char *collection_names[POMAR_N_COLLECTIONS] = {
  [POMAR_COLLECTION_ACCOUNTS] = "accounts",
  [POMAR_COLLECTION_CONTACTS] = "contacts",
  [POMAR_COLLECTION_TICKETS] = "tickets",
  [POMAR_COLLECTION_USAGE] = "usage",
  [POMAR_COLLECTION_RESPONSES] = "responses",
  [POMAR_COLLECTION_ACTIVITIES] = "activities",
};

const char *
pomar_collection_to_string (PomarCollection collection)
{
  g_return_val_if_fail (collection < POMAR_N_COLLECTIONS, NULL);
  return collection_names[collection];
}

gboolean
pomar_collection_from_string (const char      *name,
                              PomarCollection *out)
{
  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    {
      if (g_str_equal (name, collection_names[i]))
        {
          if (out != NULL)
            *out = (PomarCollection) i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
pomar_ticket_status_is_open (const char *status)
{
  return status != NULL
         && (g_str_equal (status, "new") || g_str_equal (status, "open")
             || g_str_equal (status, "pending") || g_str_equal (status, "hold"));
}

gboolean
pomar_ticket_is_open_on (PomarDay    created,
                         PomarDay    solved,
                         const char *status,
                         PomarDay    day)
{
  if (created == POMAR_NO_DAY || created > day)
    return FALSE;
  if (solved != POMAR_NO_DAY)
    return solved > day;
  return pomar_ticket_status_is_open (status);
}

gboolean
pomar_activity_kind_is_touch (const char *kind)
{
  return kind != NULL
         && (g_str_equal (kind, "note") || g_str_equal (kind, "meeting")
             || g_str_equal (kind, "email") || g_str_equal (kind, "call"));
}

void
pomar_account_clear (PomarAccount *self)
{
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->domain, g_free);
  g_clear_pointer (&self->segment, g_free);
  g_clear_pointer (&self->owner, g_free);
  g_clear_pointer (&self->stage, g_free);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->plan, g_free);
  g_clear_pointer (&self->contract_start, g_free);
  g_clear_pointer (&self->renewal_date, g_free);
  g_clear_pointer (&self->created_at, g_free);
}

void
pomar_contact_clear (PomarContact *self)
{
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->role, g_free);
}

void
pomar_ticket_clear (PomarTicket *self)
{
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->priority, g_free);
  g_clear_pointer (&self->type, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->solved_at, g_free);
}

void
pomar_usage_clear (PomarUsage *self)
{
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->day, g_free);
  g_clear_pointer (&self->features_json, g_free);
}

void
pomar_response_clear (PomarResponse *self)
{
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->contact_id, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->comment, g_free);
  g_clear_pointer (&self->responded_at, g_free);
}

void
pomar_activity_clear (PomarActivity *self)
{
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->body, g_free);
  g_clear_pointer (&self->occurred_at, g_free);
}

void
pomar_stage_change_clear (PomarStageChange *self)
{
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->from_stage, g_free);
  g_clear_pointer (&self->to_stage, g_free);
  g_clear_pointer (&self->changed_at, g_free);
  g_clear_pointer (&self->activity_id, g_free);
}

void
pomar_playbook_instance_clear (PomarPlaybookInstance *self)
{
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->template_id, g_free);
  g_clear_pointer (&self->trigger, g_free);
  g_clear_pointer (&self->started_at, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->completed_at, g_free);
}

void
pomar_playbook_task_clear (PomarPlaybookTask *self)
{
  g_clear_pointer (&self->instance_id, g_free);
  g_clear_pointer (&self->task_id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->done_by, g_free);
  g_clear_pointer (&self->done_at, g_free);
  g_clear_pointer (&self->skip_reason, g_free);
}

/* The *_free functions: clear, then free the struct itself. */
#define DEFINE_FREE(Type, prefix)       \
  void prefix##_free (Type *self)       \
  {                                     \
    if (self == NULL)                   \
      return;                           \
    prefix##_clear (self);              \
    g_free (self);                      \
  }

DEFINE_FREE (PomarAccount, pomar_account)
DEFINE_FREE (PomarContact, pomar_contact)
DEFINE_FREE (PomarTicket, pomar_ticket)
DEFINE_FREE (PomarUsage, pomar_usage)
DEFINE_FREE (PomarResponse, pomar_response)
DEFINE_FREE (PomarActivity, pomar_activity)
DEFINE_FREE (PomarStageChange, pomar_stage_change)
DEFINE_FREE (PomarPlaybookInstance, pomar_playbook_instance)
DEFINE_FREE (PomarPlaybookTask, pomar_playbook_task)

PomarAccount *
pomar_account_copy (const PomarAccount *self)
{
  PomarAccount *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (PomarAccount, 1);
  copy->id = g_strdup (self->id);
  copy->version = self->version;
  copy->updated_at = g_strdup (self->updated_at);
  copy->deleted = self->deleted;
  copy->name = g_strdup (self->name);
  copy->domain = g_strdup (self->domain);
  copy->segment = g_strdup (self->segment);
  copy->owner = g_strdup (self->owner);
  copy->stage = g_strdup (self->stage);
  copy->arr = self->arr;
  copy->currency = g_strdup (self->currency);
  copy->plan = g_strdup (self->plan);
  copy->licensed_seats = self->licensed_seats;
  copy->contract_start = g_strdup (self->contract_start);
  copy->renewal_date = g_strdup (self->renewal_date);
  copy->created_at = g_strdup (self->created_at);
  return copy;
}

char *
pomar_domain_key (const char *text)
{
  g_autofree char *lower = NULL;
  const char *start;
  const char *end;
  const char *scheme;
  gsize length;

  if (text == NULL)
    return NULL;
  lower = g_ascii_strdown (text, -1);
  g_strstrip (lower);

  /* After a scheme and any user info; up to a port, path, query or fragment. */
  start = lower;
  scheme = strstr (start, "://");
  if (scheme != NULL)
    start = scheme + 3;
  end = start + strcspn (start, "/?#");
  for (const char *at = start; at < end; at++)
    if (*at == '@')
      start = at + 1;
  end = start + strcspn (start, ":/?#");
  while (end > start && end[-1] == '.')
    end--;
  if (end - start > 4 && g_str_has_prefix (start, "www."))
    start += 4;

  length = (gsize) (end - start);
  if (length == 0 || memchr (start, ' ', length) != NULL)
    return NULL;
  return g_strndup (start, length);
}

char *
pomar_activity_to_contract_json (const PomarActivity *activity)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (activity != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, activity->id);
  json_builder_set_member_name (builder, "account_id");
  json_builder_add_string_value (builder, activity->account_id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, activity->kind);
  json_builder_set_member_name (builder, "author");
  if (activity->author != NULL)
    json_builder_add_string_value (builder, activity->author);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, activity->body);
  json_builder_set_member_name (builder, "occurred_at");
  json_builder_add_string_value (builder, activity->occurred_at);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
