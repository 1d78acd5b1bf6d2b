/* test-sync-records.c: the contract's record rules, record by record.
 *
 * The records are written by hand, as an independent server would send them,
 * so that every rule of sync-api-v1.md (required fields, JSON types, nulls,
 * tombstones, scores, days, timestamps) is pinned by a case someone can read.
 * JSON here is written with single quotes, turned into double quotes before
 * parsing, so that the cases stay legible.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "store/pomar-store.h"
#include "sync/pomar-sync-records.h"

/* Helpers ---------------------------------------------------------------- */

static JsonNode *
node_from (const char *squoted)
{
  g_autofree char *text = g_strdelimit (g_strdup (squoted), "'", '"');
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static gpointer
parse_ok (PomarCollection collection,
          const char     *squoted)
{
  g_autoptr (JsonNode) node = node_from (squoted);
  g_autofree char *id = NULL;
  g_autofree char *reason = NULL;
  gpointer record;

  record = pomar_sync_record_parse (collection, node, &id, &reason);
  if (record == NULL)
    g_error ("Expected %s to parse, got: %s", squoted, reason);
  g_assert_null (id);
  g_assert_null (reason);
  return record;
}

/* Parses @squoted, which must be invalid, and checks the reason holds
 * @fragment and the id for the quarantine is @expected_id. */
static void
assert_invalid (PomarCollection collection,
                const char     *squoted,
                const char     *expected_id,
                const char     *fragment)
{
  g_autoptr (JsonNode) node = node_from (squoted);
  g_autofree char *id = NULL;
  g_autofree char *reason = NULL;
  gpointer record;

  record = pomar_sync_record_parse (collection, node, &id, &reason);
  if (record != NULL)
    {
      pomar_sync_record_free (collection, record);
      g_error ("Expected %s to be invalid", squoted);
    }
  g_assert_nonnull (reason);
  if (strstr (reason, fragment) == NULL)
    g_error ("The reason for %s is “%s”, which lacks “%s”", squoted, reason, fragment);
  g_assert_cmpstr (id, ==, expected_id);
  /* One sentence, ending with a full stop. */
  g_assert_true (g_str_has_suffix (reason, "."));
}

/* Full records ------------------------------------------------------------ */

static void
test_account_full (void)
{
  g_autoptr (PomarAccount) a = parse_ok (POMAR_COLLECTION_ACCOUNTS,
    "{'id':'acc_1042','name':'Acme Tintas Ltda','domain':'acmetintas.com.br',"
    " 'segment':'mid-market','owner':'ana@example.com','stage':'onboarding',"
    " 'arr':48000.5,'currency':'BRL','plan':'Pro','licensed_seats':40,"
    " 'contract_start':'2026-09-01','renewal_date':'2027-09-01',"
    " 'created_at':'2026-08-20T10:00:00Z','updated_at':'2026-11-20T09:12:44Z','version':12}");

  g_assert_cmpstr (a->id, ==, "acc_1042");
  g_assert_cmpint (a->version, ==, 12);
  g_assert_cmpstr (a->updated_at, ==, "2026-11-20T09:12:44Z");
  g_assert_false (a->deleted);
  g_assert_cmpstr (a->name, ==, "Acme Tintas Ltda");
  g_assert_cmpstr (a->domain, ==, "acmetintas.com.br");
  g_assert_cmpstr (a->segment, ==, "mid-market");
  g_assert_cmpstr (a->owner, ==, "ana@example.com");
  g_assert_cmpstr (a->stage, ==, "onboarding");
  g_assert_cmpfloat (a->arr, ==, 48000.5);
  g_assert_cmpstr (a->currency, ==, "BRL");
  g_assert_cmpstr (a->plan, ==, "Pro");
  g_assert_cmpint (a->licensed_seats, ==, 40);
  g_assert_cmpstr (a->contract_start, ==, "2026-09-01");
  g_assert_cmpstr (a->renewal_date, ==, "2027-09-01");
  g_assert_cmpstr (a->created_at, ==, "2026-08-20T10:00:00Z");
}

static void
test_contact_full (void)
{
  g_autoptr (PomarContact) c = parse_ok (POMAR_COLLECTION_CONTACTS,
    "{'id':'con_77','account_id':'acc_1042','name':'Beatriz Lima','email':'bia@acmetintas.com.br',"
    " 'title':'Head of Operations','role':'champion','updated_at':'2026-11-01T08:00:00Z','version':3}");

  g_assert_cmpstr (c->id, ==, "con_77");
  g_assert_cmpint (c->version, ==, 3);
  g_assert_cmpstr (c->updated_at, ==, "2026-11-01T08:00:00Z");
  g_assert_false (c->deleted);
  g_assert_cmpstr (c->account_id, ==, "acc_1042");
  g_assert_cmpstr (c->name, ==, "Beatriz Lima");
  g_assert_cmpstr (c->email, ==, "bia@acmetintas.com.br");
  g_assert_cmpstr (c->title, ==, "Head of Operations");
  g_assert_cmpstr (c->role, ==, "champion");
}

static void
test_ticket_full (void)
{
  g_autoptr (PomarTicket) t = parse_ok (POMAR_COLLECTION_TICKETS,
    "{'id':'tkt_9001','account_id':'acc_1042','subject':'Export to CSV fails',"
    " 'status':'solved','priority':'high','type':'incident',"
    " 'created_at':'2026-11-18T14:00:00Z','updated_at':'2026-11-19T08:30:00Z',"
    " 'solved_at':'2026-11-19T08:29:59Z','version':4}");

  g_assert_cmpstr (t->id, ==, "tkt_9001");
  g_assert_cmpint (t->version, ==, 4);
  g_assert_cmpstr (t->updated_at, ==, "2026-11-19T08:30:00Z");
  g_assert_false (t->deleted);
  g_assert_cmpstr (t->account_id, ==, "acc_1042");
  g_assert_cmpstr (t->subject, ==, "Export to CSV fails");
  g_assert_cmpstr (t->status, ==, "solved");
  g_assert_cmpstr (t->priority, ==, "high");
  g_assert_cmpstr (t->type, ==, "incident");
  g_assert_cmpstr (t->created_at, ==, "2026-11-18T14:00:00Z");
  g_assert_cmpstr (t->solved_at, ==, "2026-11-19T08:29:59Z");
}

static void
test_usage_full (void)
{
  g_autoptr (PomarUsage) u = parse_ok (POMAR_COLLECTION_USAGE,
    "{'id':'acc_1042:2026-11-20','account_id':'acc_1042','day':'2026-11-20',"
    " 'active_users':23,'sessions':61,'events':4210,"
    " 'features':{'reports':120,'dashboards':35,'exports':4},"
    " 'updated_at':'2026-11-20T23:59:59Z','version':1}");
  g_autoptr (JsonNode) features = NULL;
  JsonObject *object;

  g_assert_cmpstr (u->id, ==, "acc_1042:2026-11-20");
  g_assert_cmpint (u->version, ==, 1);
  g_assert_cmpstr (u->updated_at, ==, "2026-11-20T23:59:59Z");
  g_assert_false (u->deleted);
  g_assert_cmpstr (u->account_id, ==, "acc_1042");
  g_assert_cmpstr (u->day, ==, "2026-11-20");
  g_assert_cmpint (u->active_users, ==, 23);
  g_assert_cmpint (u->sessions, ==, 61);
  g_assert_cmpint (u->events, ==, 4210);

  /* Compact JSON text that reads back as the same object. */
  g_assert_nonnull (u->features_json);
  g_assert_null (strchr (u->features_json, ' '));
  g_assert_null (strchr (u->features_json, '\n'));
  features = json_from_string (u->features_json, NULL);
  g_assert_nonnull (features);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (features));
  object = json_node_get_object (features);
  g_assert_cmpuint (json_object_get_size (object), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "reports"), ==, 120);
  g_assert_cmpint (json_object_get_int_member (object, "dashboards"), ==, 35);
  g_assert_cmpint (json_object_get_int_member (object, "exports"), ==, 4);
}

static void
test_usage_features (void)
{
  /* Any object, nested or empty, is kept as it is. */
  g_autoptr (PomarUsage) nested = parse_ok (POMAR_COLLECTION_USAGE,
    "{'id':'u1','version':1,'account_id':'a','day':'2026-01-01',"
    " 'features':{'reports':{'made':3,'names':['x','y']},'beta':true,'ratio':0.5,'note':null}}");
  g_autoptr (PomarUsage) empty = parse_ok (POMAR_COLLECTION_USAGE,
    "{'id':'u2','version':1,'account_id':'a','day':'2026-01-01','features':{}}");
  g_autoptr (JsonNode) back = json_from_string (nested->features_json, NULL);
  JsonObject *object = json_node_get_object (back);

  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "reports"), "made"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (object, "reports"), "names")), ==, 2);
  g_assert_true (json_object_get_boolean_member (object, "beta"));
  g_assert_cmpfloat (json_object_get_double_member (object, "ratio"), ==, 0.5);
  g_assert_true (json_object_get_null_member (object, "note"));
  g_assert_cmpstr (empty->features_json, ==, "{}");

  assert_invalid (POMAR_COLLECTION_USAGE,
                  "{'id':'u3','version':1,'account_id':'a','day':'2026-01-01','features':[1,2]}",
                  "u3", "“features” is not a JSON object");
  assert_invalid (POMAR_COLLECTION_USAGE,
                  "{'id':'u4','version':1,'account_id':'a','day':'2026-01-01','features':'{}'}",
                  "u4", "“features” is not a JSON object");
}

static void
test_response_full (void)
{
  g_autoptr (PomarResponse) r = parse_ok (POMAR_COLLECTION_RESPONSES,
    "{'id':'rsp_5511','account_id':'acc_1042','contact_id':'con_77','kind':'nps',"
    " 'score':9,'comment':'Suporte excelente','responded_at':'2026-11-02T16:20:00Z',"
    " 'updated_at':'2026-11-02T16:21:00Z','version':1}");

  g_assert_cmpstr (r->id, ==, "rsp_5511");
  g_assert_cmpint (r->version, ==, 1);
  g_assert_cmpstr (r->updated_at, ==, "2026-11-02T16:21:00Z");
  g_assert_false (r->deleted);
  g_assert_cmpstr (r->account_id, ==, "acc_1042");
  g_assert_cmpstr (r->contact_id, ==, "con_77");
  g_assert_cmpstr (r->kind, ==, "nps");
  g_assert_cmpint (r->score, ==, 9);
  g_assert_cmpstr (r->comment, ==, "Suporte excelente");
  g_assert_cmpstr (r->responded_at, ==, "2026-11-02T16:20:00Z");
}

static void
test_activity_full (void)
{
  g_autoptr (PomarActivity) a = parse_ok (POMAR_COLLECTION_ACTIVITIES,
    "{'id':'3f1c0c1e-8a0e-4a4b-9f59-2b7f3f2a9d10','account_id':'acc_1042','kind':'stage_change',"
    " 'author':'ana@example.com','body':'{\\'from\\':\\'onboarding\\',\\'to\\':\\'engagement\\'}',"
    " 'occurred_at':'2026-11-21T15:00:00Z','updated_at':'2026-11-21T15:00:01Z','version':1}");

  g_assert_cmpstr (a->id, ==, "3f1c0c1e-8a0e-4a4b-9f59-2b7f3f2a9d10");
  g_assert_cmpint (a->version, ==, 1);
  g_assert_cmpstr (a->updated_at, ==, "2026-11-21T15:00:01Z");
  g_assert_false (a->deleted);
  g_assert_cmpstr (a->account_id, ==, "acc_1042");
  g_assert_cmpstr (a->kind, ==, "stage_change");
  g_assert_cmpstr (a->author, ==, "ana@example.com");
  /* The body is JSON text, kept as the string it is. */
  g_assert_cmpstr (a->body, ==, "{\"from\":\"onboarding\",\"to\":\"engagement\"}");
  g_assert_cmpstr (a->occurred_at, ==, "2026-11-21T15:00:00Z");

  assert_invalid (POMAR_COLLECTION_ACTIVITIES,
                  "{'id':'act_2','version':1,'kind':'note','body':{'text':'hi'}}",
                  "act_2", "“body” is not a string");
}

/* Nulls and missing fields --------------------------------------------------- */

static void
test_nulls (void)
{
  g_autoptr (PomarAccount) a = parse_ok (POMAR_COLLECTION_ACCOUNTS,
    "{'id':'acc_1','version':0,'updated_at':null,'name':null,'domain':null,'segment':null,"
    " 'owner':null,'stage':null,'arr':null,'currency':null,'plan':null,'licensed_seats':null,"
    " 'contract_start':null,'renewal_date':null,'created_at':null,'deleted':null}");
  g_autoptr (PomarAccount) bare = parse_ok (POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_2','version':7}");
  g_autoptr (PomarContact) c = parse_ok (POMAR_COLLECTION_CONTACTS, "{'id':'c','version':1}");
  g_autoptr (PomarTicket) t = parse_ok (POMAR_COLLECTION_TICKETS,
    "{'id':'t','version':1,'status':null,'solved_at':null}");
  g_autoptr (PomarUsage) u = parse_ok (POMAR_COLLECTION_USAGE,
    "{'id':'u','version':1,'account_id':'a','day':'2026-01-01','active_users':null,'features':null}");
  g_autoptr (PomarResponse) r = parse_ok (POMAR_COLLECTION_RESPONSES,
    "{'id':'r','version':1,'kind':'nps','score':null}");
  g_autoptr (PomarActivity) act = parse_ok (POMAR_COLLECTION_ACTIVITIES,
    "{'id':'x','version':1,'body':null}");

  for (guint i = 0; i < 2; i++)
    {
      PomarAccount *account = i == 0 ? a : bare;

      g_assert_null (account->updated_at);
      g_assert_false (account->deleted);
      g_assert_null (account->name);
      g_assert_null (account->domain);
      g_assert_null (account->segment);
      g_assert_null (account->owner);
      g_assert_null (account->stage);
      g_assert_true (isnan (account->arr));
      g_assert_null (account->currency);
      g_assert_null (account->plan);
      g_assert_cmpint (account->licensed_seats, ==, POMAR_NO_INT);
      g_assert_null (account->contract_start);
      g_assert_null (account->renewal_date);
      g_assert_null (account->created_at);
    }
  g_assert_cmpint (a->version, ==, 0);
  g_assert_cmpint (bare->version, ==, 7);

  g_assert_null (c->account_id);
  g_assert_null (c->name);
  g_assert_null (c->email);
  g_assert_null (c->title);
  g_assert_null (c->role);

  g_assert_null (t->account_id);
  g_assert_null (t->status);
  g_assert_null (t->priority);
  g_assert_null (t->type);
  g_assert_null (t->created_at);
  g_assert_null (t->solved_at);

  g_assert_cmpint (u->active_users, ==, POMAR_NO_INT);
  g_assert_cmpint (u->sessions, ==, POMAR_NO_INT);
  g_assert_cmpint (u->events, ==, POMAR_NO_INT);
  g_assert_null (u->features_json);

  g_assert_cmpint (r->score, ==, POMAR_NO_INT);
  g_assert_null (r->account_id);
  g_assert_null (r->contact_id);
  g_assert_null (r->comment);
  g_assert_null (r->responded_at);

  g_assert_null (act->account_id);
  g_assert_null (act->kind);
  g_assert_null (act->author);
  g_assert_null (act->body);
  g_assert_null (act->occurred_at);
}

static void
test_arr_number (void)
{
  g_autoptr (PomarAccount) whole = parse_ok (POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'arr':48000}");
  g_autoptr (PomarAccount) real = parse_ok (POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'arr':1.5e3}");
  g_autoptr (PomarAccount) zero = parse_ok (POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'arr':0}");

  g_assert_cmpfloat (whole->arr, ==, 48000.0);
  g_assert_cmpfloat (real->arr, ==, 1500.0);
  g_assert_cmpfloat (zero->arr, ==, 0.0);
}

/* A whole number may be written as a real with no fraction. */
static void
test_whole_reals (void)
{
  g_autoptr (PomarAccount) a = parse_ok (POMAR_COLLECTION_ACCOUNTS,
                                         "{'id':'a','version':12.0,'licensed_seats':4e1}");

  g_assert_cmpint (a->version, ==, 12);
  g_assert_cmpint (a->licensed_seats, ==, 40);
}

static void
test_big_version (void)
{
  g_autoptr (PomarAccount) big = parse_ok (POMAR_COLLECTION_ACCOUNTS,
                                           "{'id':'a','version':9007199254740993}");
  g_autoptr (PomarAccount) max = parse_ok (POMAR_COLLECTION_ACCOUNTS,
                                           "{'id':'a','version':9223372036854775807}");
  g_autoptr (PomarUsage) tombstone = parse_ok (POMAR_COLLECTION_USAGE,
                                               "{'id':'u','version':1700000000123456789,'deleted':true}");

  /* 2^53 + 1: exact, so not read through a double. */
  g_assert_cmpint (big->version, ==, G_GINT64_CONSTANT (9007199254740993));
  g_assert_cmpint (max->version, ==, G_MAXINT64);
  g_assert_cmpint (tombstone->version, ==, G_GINT64_CONSTANT (1700000000123456789));

  assert_invalid (POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1e19}", "a", "“version” is too large");
  assert_invalid (POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':9223372036854775808}", "a", "“version” is too large");
  assert_invalid (POMAR_COLLECTION_RESPONSES, "{'id':'r','version':1,'kind':'ces','score':-9223372036854775808}",
                  "r", "“score” is too large");
}

/* Tombstones -------------------------------------------------------------- */

static void
test_tombstones (void)
{
  static const char *cases[POMAR_N_COLLECTIONS] = {
    [POMAR_COLLECTION_ACCOUNTS] = "{'id':'gone','deleted':true,'version':13,'updated_at':'2026-11-22T10:00:00Z',"
                                  " 'name':42,'arr':'lots','licensed_seats':-3,'renewal_date':'2026-02-30',"
                                  " 'created_at':'yesterday','segment':['x']}",
    [POMAR_COLLECTION_CONTACTS] = "{'id':'gone','deleted':true,'version':13,'updated_at':'2026-11-22T10:00:00Z',"
                                  " 'account_id':{'x':1},'email':false}",
    [POMAR_COLLECTION_TICKETS] = "{'id':'gone','deleted':true,'version':13,'updated_at':'2026-11-22T10:00:00Z',"
                                 " 'status':7,'solved_at':'2026-13-01T00:00:00Z'}",
    /* No account_id and no day: a tombstone needs neither. */
    [POMAR_COLLECTION_USAGE] = "{'id':'gone','deleted':true,'version':13,'updated_at':'2026-11-22T10:00:00Z',"
                               " 'events':-1,'features':'nope'}",
    [POMAR_COLLECTION_RESPONSES] = "{'id':'gone','deleted':true,'version':13,'updated_at':'2026-11-22T10:00:00Z',"
                                   " 'kind':'nps','score':99}",
    [POMAR_COLLECTION_ACTIVITIES] = "{'id':'gone','deleted':true,'version':13,'updated_at':'2026-11-22T10:00:00Z',"
                                    " 'body':[1],'occurred_at':12}",
  };

  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    {
      gpointer record = parse_ok (i, cases[i]);
      /* Every record starts with these four members. */
      PomarContact *head = record;

      g_assert_cmpstr (head->id, ==, "gone");
      g_assert_cmpint (head->version, ==, 13);
      g_assert_cmpstr (head->updated_at, ==, "2026-11-22T10:00:00Z");
      g_assert_true (head->deleted);
      g_assert_null (head->account_id);
      pomar_sync_record_free (i, record);
    }

  {
    g_autoptr (PomarAccount) a = parse_ok (POMAR_COLLECTION_ACCOUNTS, cases[POMAR_COLLECTION_ACCOUNTS]);
    g_autoptr (PomarUsage) u = parse_ok (POMAR_COLLECTION_USAGE, cases[POMAR_COLLECTION_USAGE]);
    g_autoptr (PomarResponse) r = parse_ok (POMAR_COLLECTION_RESPONSES, cases[POMAR_COLLECTION_RESPONSES]);

    g_assert_null (a->name);
    g_assert_null (a->segment);
    g_assert_null (a->renewal_date);
    g_assert_null (a->created_at);
    g_assert_true (isnan (a->arr));
    g_assert_cmpint (a->licensed_seats, ==, POMAR_NO_INT);
    g_assert_cmpint (u->events, ==, POMAR_NO_INT);
    g_assert_null (u->features_json);
    g_assert_null (r->kind);
    g_assert_cmpint (r->score, ==, POMAR_NO_INT);
  }

  /* "deleted": false (or null) is a live record. */
  {
    g_autoptr (PomarAccount) a = parse_ok (POMAR_COLLECTION_ACCOUNTS,
                                           "{'id':'a','version':1,'deleted':false,'name':'Acme'}");

    g_assert_false (a->deleted);
    g_assert_cmpstr (a->name, ==, "Acme");
  }

  /* A tombstone still needs an id and a version, and a readable updated_at. */
  assert_invalid (POMAR_COLLECTION_ACCOUNTS, "{'deleted':true,'version':1}", NULL, "no “id”");
  assert_invalid (POMAR_COLLECTION_ACCOUNTS, "{'id':'gone','deleted':true}", "gone", "no “version”");
  assert_invalid (POMAR_COLLECTION_ACCOUNTS, "{'id':'gone','deleted':true,'version':'2'}", "gone",
                  "“version” is not a whole number");
  assert_invalid (POMAR_COLLECTION_ACCOUNTS, "{'id':'gone','deleted':true,'version':2,'updated_at':'soon'}",
                  "gone", "“updated_at” is not an RFC 3339 date and time: “soon”");
  assert_invalid (POMAR_COLLECTION_ACCOUNTS, "{'id':'gone','deleted':'yes','version':2}", "gone",
                  "“deleted” is neither true nor false");
  assert_invalid (POMAR_COLLECTION_ACCOUNTS, "{'id':'gone','deleted':1,'version':2}", "gone",
                  "“deleted” is neither true nor false");
}

/* Invalid records ------------------------------------------------------------ */

typedef struct
{
  PomarCollection collection;
  const char     *json;
  const char     *id;
  const char     *fragment;
} InvalidCase;

static void
test_invalid (void)
{
  static const InvalidCase cases[] = {
    /* The record itself. */
    { POMAR_COLLECTION_ACCOUNTS, "[{'id':'a','version':1}]", NULL, "The record is not a JSON object." },
    { POMAR_COLLECTION_ACCOUNTS, "'acc_1'", NULL, "The record is not a JSON object." },
    { POMAR_COLLECTION_CONTACTS, "null", NULL, "The record is not a JSON object." },
    { POMAR_COLLECTION_TICKETS, "42", NULL, "The record is not a JSON object." },
    /* id */
    { POMAR_COLLECTION_ACCOUNTS, "{'version':1,'name':'Acme'}", NULL, "The record has no “id”." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':null,'version':1}", NULL, "The record has no “id”." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'','version':1}", NULL, "“id” is empty." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':1042,'version':1}", NULL, "“id” is not a string." },
    { POMAR_COLLECTION_CONTACTS, "{'id':{'v':'c'},'version':1}", NULL, "“id” is not a string." },
    /* version */
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1'}", "acc_1", "The record has no “version”." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':null}", "acc_1", "The record has no “version”." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':'12'}", "acc_1", "“version” is not a whole number." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1.5}", "acc_1", "“version” is not a whole number." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':true}", "acc_1", "“version” is not a whole number." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':[1]}", "acc_1", "“version” is not a whole number." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':-1}", "acc_1", "“version” is -1, but it cannot be negative." },
    /* updated_at */
    { POMAR_COLLECTION_CONTACTS, "{'id':'c1','version':1,'updated_at':1732000000}", "c1", "“updated_at” is not a string." },
    /* strings */
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'name':42}", "acc_1", "“name” is not a string." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'owner':{'email':'a@b'}}", "acc_1", "“owner” is not a string." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'stage':['onboarding']}", "acc_1", "“stage” is not a string." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'currency':true}", "acc_1", "“currency” is not a string." },
    { POMAR_COLLECTION_CONTACTS, "{'id':'c1','version':1,'account_id':1042}", "c1", "“account_id” is not a string." },
    { POMAR_COLLECTION_CONTACTS, "{'id':'c1','version':1,'role':3}", "c1", "“role” is not a string." },
    { POMAR_COLLECTION_TICKETS, "{'id':'t1','version':1,'priority':1}", "t1", "“priority” is not a string." },
    { POMAR_COLLECTION_TICKETS, "{'id':'t1','version':1,'subject':['a']}", "t1", "“subject” is not a string." },
    { POMAR_COLLECTION_RESPONSES, "{'id':'r1','version':1,'kind':{'k':'nps'}}", "r1", "“kind” is not a string." },
    { POMAR_COLLECTION_RESPONSES, "{'id':'r1','version':1,'comment':5}", "r1", "“comment” is not a string." },
    { POMAR_COLLECTION_ACTIVITIES, "{'id':'x1','version':1,'author':false}", "x1", "“author” is not a string." },
    /* numbers */
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'arr':'48000'}", "acc_1", "“arr” is not a number." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'arr':true}", "acc_1", "“arr” is not a number." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'arr':1e400}", "acc_1", "“arr” is too large a number." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'arr':{'amount':1}}", "acc_1", "“arr” is not a number." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'licensed_seats':40.5}", "acc_1", "“licensed_seats” is not a whole number." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'licensed_seats':'40'}", "acc_1", "“licensed_seats” is not a whole number." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'licensed_seats':-2}", "acc_1", "“licensed_seats” is -2, but it cannot be negative." },
    { POMAR_COLLECTION_USAGE, "{'id':'u1','version':1,'account_id':'a','day':'2026-01-01','active_users':-1}", "u1", "“active_users” is -1, but it cannot be negative." },
    { POMAR_COLLECTION_USAGE, "{'id':'u1','version':1,'account_id':'a','day':'2026-01-01','sessions':'61'}", "u1", "“sessions” is not a whole number." },
    { POMAR_COLLECTION_USAGE, "{'id':'u1','version':1,'account_id':'a','day':'2026-01-01','events':{'n':1}}", "u1", "“events” is not a whole number." },
    { POMAR_COLLECTION_USAGE, "{'id':'u1','version':1,'account_id':'a','day':'2026-01-01','events':4210.25}", "u1", "“events” is not a whole number." },
    { POMAR_COLLECTION_RESPONSES, "{'id':'r1','version':1,'kind':'nps','score':'9'}", "r1", "“score” is not a whole number." },
    { POMAR_COLLECTION_RESPONSES, "{'id':'r1','version':1,'kind':'nps','score':8.5}", "r1", "“score” is not a whole number." },
    /* usage needs its account and day */
    { POMAR_COLLECTION_USAGE, "{'id':'u1','version':1,'day':'2026-01-01'}", "u1", "A usage record needs an “account_id”." },
    { POMAR_COLLECTION_USAGE, "{'id':'u1','version':1,'account_id':null,'day':'2026-01-01'}", "u1", "A usage record needs an “account_id”." },
    { POMAR_COLLECTION_USAGE, "{'id':'u1','version':1,'account_id':'a'}", "u1", "A usage record needs a “day”." },
    { POMAR_COLLECTION_USAGE, "{'id':'u1','version':1,'account_id':'a','day':null}", "u1", "A usage record needs a “day”." },
    /* days */
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'renewal_date':'2026-02-30'}", "acc_1", "“renewal_date” is not a real day written YYYY-MM-DD: “2026-02-30”." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'contract_start':'2025-02-29'}", "acc_1", "“contract_start” is not a real day" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'contract_start':'2026-13-01'}", "acc_1", "“contract_start” is not a real day" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'contract_start':'2026-00-10'}", "acc_1", "“contract_start” is not a real day" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'contract_start':'2026-04-31'}", "acc_1", "“contract_start” is not a real day" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'contract_start':'0000-01-01'}", "acc_1", "“contract_start” is not a real day" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'contract_start':'2026-9-1'}", "acc_1", "“contract_start” is not a real day" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'contract_start':'2026-09-01T00:00:00Z'}", "acc_1", "“contract_start” is not a real day" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'contract_start':'2026-09'}", "acc_1", "“contract_start” is not a real day" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'contract_start':''}", "acc_1", "“contract_start” is not a real day" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'contract_start':20260901}", "acc_1", "“contract_start” is not a string." },
    { POMAR_COLLECTION_USAGE, "{'id':'u1','version':1,'account_id':'a','day':'2026-02-30'}", "u1", "“day” is not a real day written YYYY-MM-DD: “2026-02-30”." },
    { POMAR_COLLECTION_USAGE, "{'id':'u1','version':1,'account_id':'a','day':'20/11/2026'}", "u1", "“day” is not a real day" },
    /* timestamps */
    { POMAR_COLLECTION_TICKETS, "{'id':'t1','version':1,'created_at':'2026-02-30T10:00:00Z'}", "t1", "“created_at” is not an RFC 3339 date and time: “2026-02-30T10:00:00Z”." },
    { POMAR_COLLECTION_TICKETS, "{'id':'t1','version':1,'solved_at':'2026-11-19'}", "t1", "“solved_at” is not an RFC 3339 date and time" },
    { POMAR_COLLECTION_RESPONSES, "{'id':'r1','version':1,'responded_at':'yesterday'}", "r1", "“responded_at” is not an RFC 3339 date and time: “yesterday”." },
    { POMAR_COLLECTION_ACTIVITIES, "{'id':'x1','version':1,'occurred_at':1732000000}", "x1", "“occurred_at” is not a string." },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'acc_1','version':1,'created_at':'2026-08-20T10:00:00Z '}", "acc_1", "“created_at” is not an RFC 3339" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_invalid (cases[i].collection, cases[i].json, cases[i].id, cases[i].fragment);
}

/* The first problem in the contract's order is the one reported, whatever
 * order the members come in. */
static void
test_first_problem (void)
{
  assert_invalid (POMAR_COLLECTION_ACCOUNTS,
                  "{'renewal_date':'x','name':1,'version':'v','id':'acc_1'}",
                  "acc_1", "“version” is not a whole number.");
  assert_invalid (POMAR_COLLECTION_ACCOUNTS,
                  "{'renewal_date':'x','name':1,'version':1,'id':'acc_1'}",
                  "acc_1", "“name” is not a string.");
}

/* A long bad value is quoted in part. */
static void
test_long_value (void)
{
  g_autoptr (GString) json = g_string_new ("{'id':'t1','version':1,'created_at':'");
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *id = NULL;
  g_autofree char *reason = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append (json, "é");
  g_string_append (json, "'}");

  node = node_from (json->str);
  g_assert_null (pomar_sync_record_parse (POMAR_COLLECTION_TICKETS, node, &id, &reason));
  g_assert_cmpstr (id, ==, "t1");
  g_assert_cmpuint (g_utf8_strlen (reason, -1), <, 200);
  g_assert_true (g_utf8_validate (reason, -1, NULL));
  g_assert_nonnull (strstr (reason, "é…”"));
}

/* Enums, unknown fields ---------------------------------------------------- */

static void
test_unknown_enums (void)
{
  g_autoptr (PomarAccount) a = parse_ok (POMAR_COLLECTION_ACCOUNTS,
    "{'id':'a','version':1,'segment':'government','stage':'hibernating'}");
  g_autoptr (PomarContact) c = parse_ok (POMAR_COLLECTION_CONTACTS,
    "{'id':'c','version':1,'role':'executive_sponsor'}");
  g_autoptr (PomarTicket) t = parse_ok (POMAR_COLLECTION_TICKETS,
    "{'id':'t','version':1,'status':'escalated','priority':'P0','type':'feature_request'}");
  g_autoptr (PomarResponse) r = parse_ok (POMAR_COLLECTION_RESPONSES,
    "{'id':'r','version':1,'kind':'ces','score':-40}");
  g_autoptr (PomarActivity) x = parse_ok (POMAR_COLLECTION_ACTIVITIES,
    "{'id':'x','version':1,'kind':'webinar','body':'Half the team came.'}");
  g_autoptr (PomarResponse) upper = parse_ok (POMAR_COLLECTION_RESPONSES,
    "{'id':'r','version':1,'kind':'NPS','score':99}");

  g_assert_cmpstr (a->segment, ==, "government");
  g_assert_cmpstr (a->stage, ==, "hibernating");
  g_assert_cmpstr (c->role, ==, "executive_sponsor");
  g_assert_cmpstr (t->status, ==, "escalated");
  g_assert_cmpstr (t->priority, ==, "P0");
  g_assert_cmpstr (t->type, ==, "feature_request");
  /* Another kind of survey: its score has no range we know. */
  g_assert_cmpstr (r->kind, ==, "ces");
  g_assert_cmpint (r->score, ==, -40);
  g_assert_cmpstr (x->kind, ==, "webinar");
  g_assert_cmpstr (x->body, ==, "Half the team came.");
  /* Kinds are compared as given: "NPS" is not "nps". */
  g_assert_cmpstr (upper->kind, ==, "NPS");
  g_assert_cmpint (upper->score, ==, 99);
}

static void
test_unknown_fields (void)
{
  g_autoptr (PomarAccount) a = parse_ok (POMAR_COLLECTION_ACCOUNTS,
    "{'id':'a','version':2,'name':'Acme','health_hint':{'deep':[1,2,{'x':null}]},"
    " 'Name':42,'tags':['a','b'],'':'empty key','deleted_at':'whenever','arr_usd':'n/a'}");
  g_autoptr (PomarUsage) u = parse_ok (POMAR_COLLECTION_USAGE,
    "{'id':'u','version':1,'account_id':'a','day':'2026-01-01','events':5,'minutes':'many'}");

  g_assert_cmpstr (a->name, ==, "Acme");
  g_assert_cmpint (a->version, ==, 2);
  g_assert_false (a->deleted);
  g_assert_true (isnan (a->arr));
  g_assert_cmpint (u->events, ==, 5);
}

/* A record without an account is kept: the app shows it as unmatched. */
static void
test_no_account (void)
{
  g_autoptr (PomarContact) c = parse_ok (POMAR_COLLECTION_CONTACTS, "{'id':'c','version':1,'name':'Bia'}");
  g_autoptr (PomarTicket) t = parse_ok (POMAR_COLLECTION_TICKETS, "{'id':'t','version':1,'subject':'Help'}");
  g_autoptr (PomarResponse) r = parse_ok (POMAR_COLLECTION_RESPONSES, "{'id':'r','version':1,'kind':'nps','score':3}");
  g_autoptr (PomarActivity) x = parse_ok (POMAR_COLLECTION_ACTIVITIES, "{'id':'x','version':1,'kind':'note'}");

  g_assert_null (c->account_id);
  g_assert_null (t->account_id);
  g_assert_null (r->account_id);
  g_assert_null (x->account_id);
}

/* Timestamps -------------------------------------------------------------- */

static void
test_timestamps (void)
{
  static const struct
  {
    const char *given;
    const char *stored;
  } cases[] = {
    { "2026-11-02T23:30:00Z", "2026-11-02T23:30:00Z" },
    { "2026-11-02T23:30:00-03:00", "2026-11-03T02:30:00Z" },
    { "2026-11-03T01:15:00+05:30", "2026-11-02T19:45:00Z" },
    { "2026-12-31T22:00:00-02:00", "2027-01-01T00:00:00Z" },
    { "2024-03-01T00:30:00+01:00", "2024-02-29T23:30:00Z" },
    { "2026-11-02T23:30:00+00:00", "2026-11-02T23:30:00Z" },
    { "2026-11-02T23:30:00-00:00", "2026-11-02T23:30:00Z" },
    /* Lower case and a space, as RFC 3339 allows. */
    { "2026-11-02t23:30:00z", "2026-11-02T23:30:00Z" },
    { "2026-11-02 23:30:00Z", "2026-11-02T23:30:00Z" },
    /* No offset: UTC. */
    { "2026-11-02T23:30:00", "2026-11-02T23:30:00Z" },
    /* Fractions are dropped, never rounded up into the next second (or day). */
    { "2026-11-02T23:30:00.000Z", "2026-11-02T23:30:00Z" },
    { "2026-11-02T23:30:00.5Z", "2026-11-02T23:30:00Z" },
    { "2026-12-31T23:59:59.999999Z", "2026-12-31T23:59:59Z" },
    { "2026-12-31T23:59:59.123456789Z", "2026-12-31T23:59:59Z" },
    { "2026-11-02T23:30:00.250-03:00", "2026-11-03T02:30:00Z" },
    { "2026-11-02T23:30:00.1", "2026-11-02T23:30:00Z" },
    /* A leap second becomes the second before it. */
    { "2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z" },
  };
  static const char *invalid[] = {
    "2026-11-02",
    "2026-11-02T",
    "2026-11-02T23:30",
    "2026-11-02T23:30Z",
    "2026-11-02T24:00:00Z",
    "2026-11-02T23:60:00Z",
    "2026-11-02T23:30:61Z",
    "2026-02-29T10:00:00Z",
    "2026-02-30T10:00:00-03:00",
    "2026-11-02T23:30:00.Z",
    "2026-11-02T23:30:00+0300",
    "2026-11-02T23:30:00+03",
    "2026-11-02T23:30:00+24:00",
    "2026-11-02T23:30:00Z junk",
    "2026-11-02T23:30:00ZZ",
    "2026-11-02X23:30:00Z",
    "20261102T233000Z",
    "2026-W45-1T23:30:00Z",
    "+2026-11-02T23:30:00Z",
    "0001-01-01T00:30:00+01:00",
    "9999-12-31T23:30:00-03:00",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{'id':'x','version':1,'occurred_at':'%s','updated_at':'%s'}",
                                               cases[i].given, cases[i].given);
      g_autoptr (PomarActivity) a = parse_ok (POMAR_COLLECTION_ACTIVITIES, json);

      g_assert_cmpstr (a->occurred_at, ==, cases[i].stored);
      g_assert_cmpstr (a->updated_at, ==, cases[i].stored);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *json = g_strdup_printf ("{'id':'x','version':1,'occurred_at':'%s'}", invalid[i]);

      assert_invalid (POMAR_COLLECTION_ACTIVITIES, json, "x", "“occurred_at” is not an RFC 3339 date and time");
    }

  /* Every timestamp field goes through the same rules. */
  {
    g_autoptr (PomarAccount) a = parse_ok (POMAR_COLLECTION_ACCOUNTS,
      "{'id':'a','version':1,'created_at':'2026-08-20T07:00:00-03:00','updated_at':'2026-11-20T09:12:44.5+01:00'}");
    g_autoptr (PomarTicket) t = parse_ok (POMAR_COLLECTION_TICKETS,
      "{'id':'t','version':1,'created_at':'2026-11-18T14:00:00+02:00','solved_at':'2026-11-19T08:30:00.75-01:00'}");
    g_autoptr (PomarResponse) r = parse_ok (POMAR_COLLECTION_RESPONSES,
      "{'id':'r','version':1,'responded_at':'2026-11-02T16:20:00-03:00'}");

    g_assert_cmpstr (a->created_at, ==, "2026-08-20T10:00:00Z");
    g_assert_cmpstr (a->updated_at, ==, "2026-11-20T08:12:44Z");
    g_assert_cmpstr (t->created_at, ==, "2026-11-18T12:00:00Z");
    g_assert_cmpstr (t->solved_at, ==, "2026-11-19T09:30:00Z");
    g_assert_cmpstr (r->responded_at, ==, "2026-11-02T19:20:00Z");
  }
}

static void
test_days (void)
{
  g_autoptr (PomarAccount) leap = parse_ok (POMAR_COLLECTION_ACCOUNTS,
    "{'id':'a','version':1,'contract_start':'2024-02-29','renewal_date':'2000-02-29'}");
  g_autoptr (PomarUsage) u = parse_ok (POMAR_COLLECTION_USAGE,
    "{'id':'u','version':1,'account_id':'a','day':'2026-12-31'}");

  g_assert_cmpstr (leap->contract_start, ==, "2024-02-29");
  g_assert_cmpstr (leap->renewal_date, ==, "2000-02-29");
  g_assert_cmpstr (u->day, ==, "2026-12-31");

  assert_invalid (POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'renewal_date':'1900-02-29'}", "a",
                  "“renewal_date” is not a real day written YYYY-MM-DD: “1900-02-29”.");
}

/* Scores ------------------------------------------------------------------ */

static void
test_scores (void)
{
  static const struct
  {
    const char *kind;
    int         score;
    gboolean    valid;
  } cases[] = {
    { "nps", 0, TRUE },
    { "nps", 10, TRUE },
    { "nps", 11, FALSE },
    { "nps", -1, FALSE },
    { "csat", 1, TRUE },
    { "csat", 5, TRUE },
    { "csat", 0, FALSE },
    { "csat", 6, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{'id':'rsp_1','version':1,'kind':'%s','score':%d}",
                                               cases[i].kind, cases[i].score);

      if (cases[i].valid)
        {
          g_autoptr (PomarResponse) r = parse_ok (POMAR_COLLECTION_RESPONSES, json);

          g_assert_cmpstr (r->kind, ==, cases[i].kind);
          g_assert_cmpint (r->score, ==, cases[i].score);
        }
      else
        {
          g_autofree char *fragment = NULL;

          if (g_str_equal (cases[i].kind, "nps"))
            fragment = g_strdup_printf ("The score %d is outside 0..10 for an NPS answer.", cases[i].score);
          else
            fragment = g_strdup_printf ("The score %d is outside 1..5 for a CSAT answer.", cases[i].score);
          assert_invalid (POMAR_COLLECTION_RESPONSES, json, "rsp_1", fragment);
        }
    }

  /* The range holds whatever order kind and score come in; 10.0 is 10. */
  assert_invalid (POMAR_COLLECTION_RESPONSES, "{'score':11,'version':1,'id':'rsp_2','kind':'nps'}",
                  "rsp_2", "The score 11 is outside 0..10 for an NPS answer.");
  {
    g_autoptr (PomarResponse) r = parse_ok (POMAR_COLLECTION_RESPONSES,
                                            "{'id':'r','version':1,'kind':'nps','score':10.0}");

    g_assert_cmpint (r->score, ==, 10);
  }
}

/* Without out arguments ----------------------------------------------------- */

static void
test_optional_out (void)
{
  g_autoptr (JsonNode) bad = node_from ("{'id':'a','version':'x'}");
  g_autoptr (JsonNode) good = node_from ("{'id':'a','version':1}");
  gpointer record;

  g_assert_null (pomar_sync_record_parse (POMAR_COLLECTION_ACCOUNTS, bad, NULL, NULL));
  record = pomar_sync_record_parse (POMAR_COLLECTION_ACCOUNTS, good, NULL, NULL);
  g_assert_nonnull (record);
  pomar_sync_record_free (POMAR_COLLECTION_ACCOUNTS, record);
  pomar_sync_record_free (POMAR_COLLECTION_ACCOUNTS, NULL);
}

/* Through a real store ------------------------------------------------------- */

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_assert_no_errno (g_remove (child));
        }
    }
  g_assert_no_errno (g_rmdir (path));
}

static const char *store_records[POMAR_N_COLLECTIONS] = {
  [POMAR_COLLECTION_ACCOUNTS] =
    "{'id':'acc_1042','name':'Acme Tintas Ltda','domain':'acmetintas.com.br','segment':'mid-market',"
    " 'owner':'ana@example.com','stage':'onboarding','arr':48000.0,'currency':'BRL','plan':'Pro',"
    " 'licensed_seats':40,'contract_start':'2026-09-01','renewal_date':'2027-09-01',"
    " 'created_at':'2026-08-20T07:00:00-03:00','updated_at':'2026-11-20T09:12:44Z','version':12}",
  [POMAR_COLLECTION_CONTACTS] =
    "{'id':'con_77','account_id':'acc_1042','name':'Beatriz Lima','email':'bia@acmetintas.com.br',"
    " 'title':'Head of Operations','role':'champion','updated_at':'2026-11-01T08:00:00Z','version':3}",
  [POMAR_COLLECTION_TICKETS] =
    "{'id':'tkt_9001','account_id':'acc_1042','subject':'Export to CSV fails','status':'open',"
    " 'priority':'high','type':'incident','created_at':'2026-11-18T14:00:00Z',"
    " 'updated_at':'2026-11-19T08:30:00Z','solved_at':null,'version':4}",
  [POMAR_COLLECTION_USAGE] =
    "{'id':'acc_1042:2026-11-20','account_id':'acc_1042','day':'2026-11-20','active_users':23,"
    " 'sessions':61,'events':4210,'features':{'reports':120},'updated_at':'2026-11-20T23:00:00Z','version':1}",
  [POMAR_COLLECTION_RESPONSES] =
    "{'id':'rsp_5511','account_id':'acc_1042','contact_id':'con_77','kind':'nps','score':9,"
    " 'comment':'Suporte excelente','responded_at':'2026-11-02T13:20:00-03:00',"
    " 'updated_at':'2026-11-02T16:21:00Z','version':1}",
  [POMAR_COLLECTION_ACTIVITIES] =
    "{'id':'3f1c0c1e-8a0e-4a4b-9f59-2b7f3f2a9d10','account_id':'acc_1042','kind':'note',"
    " 'author':'ana@example.com','body':'Kick-off done; champion is Beatriz.',"
    " 'occurred_at':'2026-11-21T15:00:00Z','updated_at':'2026-11-21T15:00:00Z','version':1}",
};

typedef struct
{
  gpointer           records[POMAR_N_COLLECTIONS];
  PomarUpsertOutcome outcomes[POMAR_N_COLLECTIONS];
} UpsertData;

static gboolean
upsert_all (PomarStoreWriter  *writer,
            gpointer           user_data,
            GCancellable      *cancellable,
            GError           **error)
{
  UpsertData *data = user_data;

  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    {
      if (data->records[i] == NULL)
        continue;
      if (!pomar_sync_record_upsert (writer, i, data->records[i], &data->outcomes[i], error))
        return FALSE;
    }
  return TRUE;
}

static void
upsert_data_clear (UpsertData *data)
{
  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    {
      pomar_sync_record_free (i, data->records[i]);
      data->records[i] = NULL;
    }
}

static void
test_store_upsert (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("pomar-sync-records-XXXXXX", &error);
  g_autofree char *data_dir = NULL;
  g_autoptr (PomarStore) store = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (PomarAccountSummary) summary = NULL;
  g_autoptr (GPtrArray) contacts = NULL;
  g_autoptr (GPtrArray) tickets = NULL;
  g_autoptr (GPtrArray) usage = NULL;
  g_autoptr (GPtrArray) responses = NULL;
  g_autoptr (GPtrArray) activities = NULL;
  UpsertData data = { { NULL, }, };
  PomarStoreCounts counts;
  PomarContact *contact;
  PomarTicket *ticket;
  PomarUsage *day;
  PomarResponse *response;
  PomarActivity *activity;

  g_assert_no_error (error);
  data_dir = g_build_filename (tmp, "data", NULL);
  store = pomar_store_open (data_dir, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    data.records[i] = parse_ok (i, store_records[i]);
  g_assert_true (pomar_store_write_sync (store, upsert_all, &data, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    g_assert_cmpint (data.outcomes[i], ==, POMAR_UPSERT_INSERTED);

  /* The same records again: replaced (equal versions, the later wins). */
  g_assert_true (pomar_store_write_sync (store, upsert_all, &data, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    g_assert_cmpint (data.outcomes[i], ==, POMAR_UPSERT_UPDATED);
  upsert_data_clear (&data);

  reader = pomar_store_reader_new (store, &error);
  g_assert_no_error (error);

  g_assert_true (pomar_store_reader_get_counts (reader, &counts, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    g_assert_cmpint (counts.collections[i], ==, 1);

  summary = pomar_store_reader_get_account_summary (reader, "acc_1042", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary->account.id, ==, "acc_1042");
  g_assert_cmpint (summary->account.version, ==, 12);
  g_assert_cmpstr (summary->account.updated_at, ==, "2026-11-20T09:12:44Z");
  g_assert_cmpstr (summary->account.name, ==, "Acme Tintas Ltda");
  g_assert_cmpstr (summary->account.domain, ==, "acmetintas.com.br");
  g_assert_cmpstr (summary->account.segment, ==, "mid-market");
  g_assert_cmpstr (summary->account.owner, ==, "ana@example.com");
  g_assert_cmpstr (summary->account.stage, ==, "onboarding");
  g_assert_cmpfloat (summary->account.arr, ==, 48000.0);
  g_assert_cmpstr (summary->account.currency, ==, "BRL");
  g_assert_cmpstr (summary->account.plan, ==, "Pro");
  g_assert_cmpint (summary->account.licensed_seats, ==, 40);
  g_assert_cmpstr (summary->account.contract_start, ==, "2026-09-01");
  g_assert_cmpstr (summary->account.renewal_date, ==, "2027-09-01");
  g_assert_cmpstr (summary->account.created_at, ==, "2026-08-20T10:00:00Z");
  g_assert_cmpint (summary->open_tickets, ==, 1);
  g_assert_cmpint (summary->open_high_tickets, ==, 1);

  contacts = pomar_store_reader_list_contacts (reader, "acc_1042", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 1);
  contact = g_ptr_array_index (contacts, 0);
  g_assert_cmpstr (contact->id, ==, "con_77");
  g_assert_cmpint (contact->version, ==, 3);
  g_assert_cmpstr (contact->name, ==, "Beatriz Lima");
  g_assert_cmpstr (contact->email, ==, "bia@acmetintas.com.br");
  g_assert_cmpstr (contact->title, ==, "Head of Operations");
  g_assert_cmpstr (contact->role, ==, "champion");

  tickets = pomar_store_reader_list_tickets (reader, "acc_1042", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 1);
  ticket = g_ptr_array_index (tickets, 0);
  g_assert_cmpstr (ticket->id, ==, "tkt_9001");
  g_assert_cmpint (ticket->version, ==, 4);
  g_assert_cmpstr (ticket->subject, ==, "Export to CSV fails");
  g_assert_cmpstr (ticket->status, ==, "open");
  g_assert_cmpstr (ticket->priority, ==, "high");
  g_assert_cmpstr (ticket->type, ==, "incident");
  g_assert_cmpstr (ticket->created_at, ==, "2026-11-18T14:00:00Z");
  g_assert_null (ticket->solved_at);

  usage = pomar_store_reader_list_usage (reader, "acc_1042", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (usage->len, ==, 1);
  day = g_ptr_array_index (usage, 0);
  g_assert_cmpstr (day->id, ==, "acc_1042:2026-11-20");
  g_assert_cmpstr (day->day, ==, "2026-11-20");
  g_assert_cmpint (day->active_users, ==, 23);
  g_assert_cmpint (day->sessions, ==, 61);
  g_assert_cmpint (day->events, ==, 4210);
  g_assert_cmpstr (day->features_json, ==, "{\"reports\":120}");

  responses = pomar_store_reader_list_responses (reader, "acc_1042", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (responses->len, ==, 1);
  response = g_ptr_array_index (responses, 0);
  g_assert_cmpstr (response->id, ==, "rsp_5511");
  g_assert_cmpstr (response->contact_id, ==, "con_77");
  g_assert_cmpstr (response->kind, ==, "nps");
  g_assert_cmpint (response->score, ==, 9);
  g_assert_cmpstr (response->comment, ==, "Suporte excelente");
  g_assert_cmpstr (response->responded_at, ==, "2026-11-02T16:20:00Z");

  activities = pomar_store_reader_list_activities (reader, "acc_1042", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (activities->len, ==, 1);
  activity = g_ptr_array_index (activities, 0);
  g_assert_cmpstr (activity->id, ==, "3f1c0c1e-8a0e-4a4b-9f59-2b7f3f2a9d10");
  g_assert_cmpstr (activity->kind, ==, "note");
  g_assert_cmpstr (activity->author, ==, "ana@example.com");
  g_assert_cmpstr (activity->body, ==, "Kick-off done; champion is Beatriz.");
  g_assert_cmpstr (activity->occurred_at, ==, "2026-11-21T15:00:00Z");

  /* A parsed tombstone removes the account and what belongs to it. */
  data.records[POMAR_COLLECTION_ACCOUNTS] = parse_ok (POMAR_COLLECTION_ACCOUNTS,
    "{'id':'acc_1042','deleted':true,'version':13,'updated_at':'2026-11-22T10:00:00Z','name':7}");
  g_assert_true (pomar_store_write_sync (store, upsert_all, &data, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (data.outcomes[POMAR_COLLECTION_ACCOUNTS], ==, POMAR_UPSERT_DELETED);
  upsert_data_clear (&data);

  g_assert_true (pomar_store_reader_get_counts (reader, &counts, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < POMAR_N_COLLECTIONS; i++)
    g_assert_cmpint (counts.collections[i], ==, 0);

  g_clear_pointer (&reader, pomar_store_reader_free);
  pomar_store_close (store);
  g_clear_object (&store);
  remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-records/account/full", test_account_full);
  g_test_add_func ("/sync-records/contact/full", test_contact_full);
  g_test_add_func ("/sync-records/ticket/full", test_ticket_full);
  g_test_add_func ("/sync-records/usage/full", test_usage_full);
  g_test_add_func ("/sync-records/usage/features", test_usage_features);
  g_test_add_func ("/sync-records/response/full", test_response_full);
  g_test_add_func ("/sync-records/activity/full", test_activity_full);
  g_test_add_func ("/sync-records/nulls", test_nulls);
  g_test_add_func ("/sync-records/arr", test_arr_number);
  g_test_add_func ("/sync-records/whole-reals", test_whole_reals);
  g_test_add_func ("/sync-records/big-version", test_big_version);
  g_test_add_func ("/sync-records/tombstones", test_tombstones);
  g_test_add_func ("/sync-records/invalid", test_invalid);
  g_test_add_func ("/sync-records/first-problem", test_first_problem);
  g_test_add_func ("/sync-records/long-value", test_long_value);
  g_test_add_func ("/sync-records/unknown-enums", test_unknown_enums);
  g_test_add_func ("/sync-records/unknown-fields", test_unknown_fields);
  g_test_add_func ("/sync-records/no-account", test_no_account);
  g_test_add_func ("/sync-records/timestamps", test_timestamps);
  g_test_add_func ("/sync-records/days", test_days);
  g_test_add_func ("/sync-records/scores", test_scores);
  g_test_add_func ("/sync-records/optional-out", test_optional_out);
  g_test_add_func ("/sync-records/store-upsert", test_store_upsert);

  return g_test_run ();
}
