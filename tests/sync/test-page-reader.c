/* test-page-reader.c: the tree-less page reader against json-glib's reading.
 *
 * pomar-sync-page.c promises to read a page exactly as the provider's
 * json-glib path reads it (json-glib's tree, then pomar_sync_record_parse
 * per element), or to leave the page to that path. Every case here reads
 * a page both ways: when the fast reader takes the page, the records (field
 * by field), the quarantined records (id, reason, raw text), the cursor and
 * the token must be the same; when json-glib refuses a page, the fast
 * reader must have left it. Plain pages must be taken, or the fast path
 * would silently never run. The cases are written by hand (every rule of
 * the contract, every JSON construct that json-glib 1.6 reads its own way),
 * taken from the fixture server's demo book, and made by mutating a page at
 * random.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <libsoup/soup.h>

#include "fixture-server.h"
#include "sync/pomar-provider.h"
#include "sync/pomar-sync-page.h"
#include "sync/pomar-sync-records.h"

#define TOKEN "page-reader-token"

/* The provider's json-glib path (pomar-provider-pomar.c), as it reads a
 * page the fast reader leaves to it. */
static gboolean
read_with_tree (PomarCollection    collection,
                const char        *data,
                gsize              size,
                PomarProviderPage *page)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object;
  JsonNode *root, *node;
  JsonArray *array;
  const char *names[] = { "next_cursor", "sync_token" };
  char **outs[] = { &page->next_cursor, &page->sync_token };

  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);
  node = json_object_get_member (object, "data");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *member = json_object_get_member (object, names[i]);

      if (member == NULL || JSON_NODE_HOLDS_NULL (member))
        continue;
      if (json_node_get_value_type (member) != G_TYPE_STRING)
        return FALSE;
      *outs[i] = g_strdup (json_node_get_string (member));
    }
  if (page->next_cursor == NULL && page->sync_token == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *id = NULL;
      g_autofree char *reason = NULL;
      gpointer record = pomar_sync_record_parse (collection, element, &id, &reason);

      if (record != NULL)
        pomar_provider_page_add (page, record);
      else
        pomar_provider_page_quarantine (page, element, id, reason);
    }
  return TRUE;
}

/* Comparing records ------------------------------------------------------ */

static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || memcmp (&a, &b, sizeof a) == 0;
}

#define SAME_STR(field) (g_strcmp0 (x->field, y->field) == 0)
#define SAME_INT(field) (x->field == y->field)
#define SAME_HEAD       (SAME_STR (id) && SAME_INT (version) && SAME_STR (updated_at) && SAME_INT (deleted))

static gboolean
same_record (PomarCollection collection,
             gconstpointer   a,
             gconstpointer   b)
{
  switch (collection)
    {
    case POMAR_COLLECTION_ACCOUNTS:
      {
        const PomarAccount *x = a, *y = b;

        return SAME_HEAD && SAME_STR (name) && SAME_STR (domain) && SAME_STR (segment)
               && SAME_STR (owner) && SAME_STR (stage) && same_double (x->arr, y->arr)
               && SAME_STR (currency) && SAME_STR (plan) && SAME_INT (licensed_seats)
               && SAME_STR (contract_start) && SAME_STR (renewal_date) && SAME_STR (created_at);
      }
    case POMAR_COLLECTION_CONTACTS:
      {
        const PomarContact *x = a, *y = b;

        return SAME_HEAD && SAME_STR (account_id) && SAME_STR (name) && SAME_STR (email)
               && SAME_STR (title) && SAME_STR (role);
      }
    case POMAR_COLLECTION_TICKETS:
      {
        const PomarTicket *x = a, *y = b;

        return SAME_HEAD && SAME_STR (account_id) && SAME_STR (subject) && SAME_STR (status)
               && SAME_STR (priority) && SAME_STR (type) && SAME_STR (created_at) && SAME_STR (solved_at);
      }
    case POMAR_COLLECTION_USAGE:
      {
        const PomarUsage *x = a, *y = b;

        return SAME_HEAD && SAME_STR (account_id) && SAME_STR (day) && SAME_INT (active_users)
               && SAME_INT (sessions) && SAME_INT (events) && SAME_STR (features_json);
      }
    case POMAR_COLLECTION_RESPONSES:
      {
        const PomarResponse *x = a, *y = b;

        return SAME_HEAD && SAME_STR (account_id) && SAME_STR (contact_id) && SAME_STR (kind)
               && SAME_INT (score) && SAME_STR (comment) && SAME_STR (responded_at);
      }
    case POMAR_COLLECTION_ACTIVITIES:
      {
        const PomarActivity *x = a, *y = b;

        return SAME_HEAD && SAME_STR (account_id) && SAME_STR (kind) && SAME_STR (author)
               && SAME_STR (body) && SAME_STR (occurred_at);
      }
    case POMAR_N_COLLECTIONS:
    default:
      g_assert_not_reached ();
    }
}

#undef SAME_STR
#undef SAME_INT
#undef SAME_HEAD

typedef struct
{
  guint taken;     /* pages the fast reader read */
  guint left;      /* pages it left to json-glib */
} Counts;

/* Reads @text both ways and checks that they agree. Returns whether the
 * fast reader took the page. */
static gboolean
check_page_len (PomarCollection  collection,
                const char      *text,
                gsize            size,
                Counts          *counts)
{
  PomarProviderPage fast, tree;
  gboolean taken, read;

  pomar_provider_page_init (&fast, collection);
  pomar_provider_page_init (&tree, collection);
  taken = pomar_sync_page_read (collection, text, size, &fast);
  read = read_with_tree (collection, text, size, &tree);

  if (taken)
    {
      if (!read)
        g_error ("The fast reader took a page json-glib refuses: %.*s", (int) MIN (size, 400), text);
      g_assert_cmpuint (fast.records->len, ==, tree.records->len);
      for (guint i = 0; i < fast.records->len; i++)
        if (!same_record (collection, g_ptr_array_index (fast.records, i), g_ptr_array_index (tree.records, i)))
          g_error ("Record %u differs between the readers in: %.*s", i, (int) MIN (size, 400), text);
      g_assert_cmpuint (fast.tombstones, ==, tree.tombstones);
      g_assert_cmpuint (fast.quarantined->len, ==, tree.quarantined->len);
      for (guint i = 0; i < fast.quarantined->len; i++)
        {
          PomarPageReject *x = g_ptr_array_index (fast.quarantined, i);
          PomarPageReject *y = g_ptr_array_index (tree.quarantined, i);

          g_assert_cmpstr (x->id, ==, y->id);
          g_assert_cmpstr (x->reason, ==, y->reason);
          g_assert_cmpstr (x->raw, ==, y->raw);
        }
      g_assert_cmpstr (fast.next_cursor, ==, tree.next_cursor);
      g_assert_cmpstr (fast.sync_token, ==, tree.sync_token);
      g_assert_cmpint (fast.total, ==, -1);
      counts->taken++;
    }
  else
    {
      /* Left as it came. */
      g_assert_cmpuint (fast.records->len, ==, 0);
      g_assert_cmpuint (fast.quarantined->len, ==, 0);
      g_assert_null (fast.next_cursor);
      g_assert_null (fast.sync_token);
      counts->left++;
    }

  pomar_provider_page_clear (&fast);
  pomar_provider_page_clear (&tree);
  return taken;
}

static gboolean
check_page (PomarCollection  collection,
            const char      *text)
{
  Counts counts = { 0 };

  return check_page_len (collection, text, strlen (text), &counts);
}

/* JSON here is written with single quotes, turned into double quotes. */
static char *
dq (const char *squoted)
{
  return g_strdelimit (g_strdup (squoted), "'", '"');
}

/* A page of one record @record (single-quoted), which must be taken. */
static void
assert_record_taken (PomarCollection  collection,
                     const char      *record)
{
  g_autofree char *page = g_strdup_printf ("{'data':[%s],'next_cursor':null,'sync_token':'t'}", record);
  g_autofree char *text = dq (page);

  if (!check_page (collection, text))
    g_error ("The fast reader left a plain page to json-glib: %s", text);
}

/* A page of one record that json-glib may read its own way: both ways
 * agree, whoever reads it. */
static void
assert_record_agrees (PomarCollection  collection,
                      const char      *record)
{
  g_autofree char *page = g_strdup_printf ("{\"data\":[%s],\"next_cursor\":null,\"sync_token\":\"t\"}", record);

  check_page (collection, page);
}

/* Cases ---------------------------------------------------------------------- */

static void
test_records (void)
{
  static const struct
  {
    PomarCollection collection;
    const char     *record;
  } cases[] = {
    { POMAR_COLLECTION_ACCOUNTS,
      "{'id':'acc_1042','name':'Acme Tintas Ltda','domain':'acmetintas.com.br','segment':'mid-market',"
      "'owner':'ana@example.com','stage':'onboarding','arr':48000.0,'currency':'BRL','plan':'Pro',"
      "'licensed_seats':40,'contract_start':'2026-09-01','renewal_date':'2027-09-01',"
      "'created_at':'2026-08-20T10:00:00Z','updated_at':'2026-11-20T09:12:44Z','version':12}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'arr':48000}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'arr':-0.1e-3}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'arr':1E400}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'arr':0.30000000000000004}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'arr':-0.0}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'arr':-0}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'arr':1e-99999}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'arr':-1e99999}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'arr':4.9e-324}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'arr':2.2250738585072011e-308}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'arr':123456789.123456789e007}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'licensed_seats':1E3}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':0}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':-1}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'arr':'12'}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'licensed_seats':-3}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'licensed_seats':12.0}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'licensed_seats':12.5}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'licensed_seats':1e3}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':999999999999999999}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':-0}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':9.3e18}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':'1'}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':true}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a'}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'version':1}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'','version':1}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':7,'version':1}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':null,'version':1}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'name':['x']}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'name':{'x':1}}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'contract_start':'2026-02-30'}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'contract_start':'2028-02-29'}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'created_at':'2026-11-20T09:12:44.999+05:30'}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'created_at':'2026-11-20t23:59:60z'}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'created_at':'2026-11-20 09:12:44'}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','version':1,'created_at':'yesterday, a very long time ago indeed, so long ago'}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','deleted':true,'version':3,'updated_at':'2026-11-20T09:12:44Z','name':7}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','deleted':false,'version':3}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','deleted':'yes','version':3}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'id':'a','deleted':null,'version':3}" },
    { POMAR_COLLECTION_ACCOUNTS, "{'version':1,'id':'a','unknown':{'deep':[1,2,{'x':[true,false,null]}]},'more':[]}" },
    { POMAR_COLLECTION_ACCOUNTS, "{}" },
    { POMAR_COLLECTION_CONTACTS,
      "{'id':'con_77','account_id':'acc_1042','name':'Beatriz Lima','email':'bia@acmetintas.com.br',"
      "'title':'Head of Operations','role':'champion','updated_at':'2026-11-20T09:12:44Z','version':3}" },
    { POMAR_COLLECTION_TICKETS,
      "{'id':'tkt_9001','account_id':'acc_1042','subject':'Export to CSV fails','status':'open',"
      "'priority':'high','type':'incident','created_at':'2026-11-18T14:00:00Z',"
      "'updated_at':'2026-11-19T08:30:00Z','solved_at':null,'version':4}" },
    { POMAR_COLLECTION_TICKETS, "{'id':'t','version':1,'status':'weird-new-status'}" },
    { POMAR_COLLECTION_USAGE,
      "{'id':'acc_1042:2026-11-20','account_id':'acc_1042','day':'2026-11-20','active_users':23,"
      "'sessions':61,'events':4210,'features':{'reports':120,'dashboards':35,'exports':4},"
      "'updated_at':'2026-11-21T03:00:00Z','version':1}" },
    { POMAR_COLLECTION_USAGE, "{'id':'u','account_id':'a','day':'2026-11-20','version':1,'features':{}}" },
    { POMAR_COLLECTION_USAGE, "{'id':'u','account_id':'a','day':'2026-11-20','version':1,'features':{ 'a' : 1 }}" },
    { POMAR_COLLECTION_USAGE, "{'id':'u','account_id':'a','day':'2026-11-20','version':1,'features':{'a':1.50}}" },
    { POMAR_COLLECTION_USAGE, "{'id':'u','account_id':'a','day':'2026-11-20','version':1,'features':{'a':1e2}}" },
    { POMAR_COLLECTION_USAGE, "{'id':'u','account_id':'a','day':'2026-11-20','version':1,'features':{'a':-0}}" },
    { POMAR_COLLECTION_USAGE, "{'id':'u','account_id':'a','day':'2026-11-20','version':1,'features':{'a':-5}}" },
    { POMAR_COLLECTION_USAGE, "{'id':'u','account_id':'a','day':'2026-11-20','version':1,'features':{'a':1,'a':2}}" },
    { POMAR_COLLECTION_USAGE, "{'id':'u','account_id':'a','day':'2026-11-20','version':1,'features':{'a':{'b':[1,'x',null,true]},'c':[]}}" },
    { POMAR_COLLECTION_USAGE, "{'id':'u','account_id':'a','day':'2026-11-20','version':1,'features':{'a':{'b':1,'b':2}}}" },
    { POMAR_COLLECTION_USAGE, "{'id':'u','account_id':'a','day':'2026-11-20','version':1,'features':{'a':123456789012345678}}" },
    { POMAR_COLLECTION_USAGE, "{'id':'u','account_id':'a','day':'2026-11-20','version':1,'features':[1]}" },
    { POMAR_COLLECTION_USAGE, "{'id':'u','account_id':'a','day':'2026-11-20','version':1,'features':'{}'}" },
    { POMAR_COLLECTION_USAGE, "{'id':'u','account_id':'a','day':'2026-11-20','version':1,'features':null}" },
    { POMAR_COLLECTION_USAGE, "{'id':'u','day':'2026-11-20','version':1}" },
    { POMAR_COLLECTION_USAGE, "{'id':'u','account_id':'a','version':1}" },
    { POMAR_COLLECTION_USAGE, "{'id':'u','deleted':true,'version':2}" },
    { POMAR_COLLECTION_RESPONSES,
      "{'id':'rsp_5511','account_id':'acc_1042','contact_id':'con_77','kind':'nps','score':9,"
      "'comment':'Suporte excelente','responded_at':'2026-11-02T16:20:00Z','updated_at':'2026-11-02T16:20:00Z','version':1}" },
    { POMAR_COLLECTION_RESPONSES, "{'id':'r','version':1,'kind':'nps','score':11}" },
    { POMAR_COLLECTION_RESPONSES, "{'id':'r','version':1,'kind':'csat','score':0}" },
    { POMAR_COLLECTION_RESPONSES, "{'id':'r','version':1,'kind':'csat','score':-2}" },
    { POMAR_COLLECTION_RESPONSES, "{'id':'r','version':1,'kind':'other','score':99}" },
    { POMAR_COLLECTION_ACTIVITIES,
      "{'id':'3f1c0c1e-8a0e-4a4b-9f59-2b7f3f2a9d10','account_id':'acc_1042','kind':'note',"
      "'author':'ana@example.com','body':'Kick-off done; champion is Beatriz.',"
      "'occurred_at':'2026-11-21T15:00:00Z','updated_at':'2026-11-21T15:00:00Z','version':1}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_record_taken (cases[i].collection, cases[i].record);
}

/* Strings: escapes, UTF-8, and what json-glib reads its own way. */
static void
test_strings (void)
{
  static const char *const taken[] = {
    "{\"id\":\"a\",\"version\":1,\"name\":\"quote \\\" backslash \\\\ slash \\/ \\b\\f\\n\\r\\t end\"}",
    "{\"id\":\"a\",\"version\":1,\"name\":\"\\u00e9t\\u00C9 \\u20ac \\u0041\"}",
    "{\"id\":\"a\",\"version\":1,\"name\":\"Jo\xc3\xa3o \xe2\x82\xac \xf0\x9f\x8d\x8e\"}",
    "{\"id\":\"a\",\"version\":1,\"name\":\"\x7f del\"}",
    "{\"id\":\"a\",\"version\":1,\"name\":\"\"}",
    "{\"id\":\"\\u0061\",\"version\":1}",
    "{\"id\":\"a\",\"version\":1,\"unknown\":\"\\u0000\"}",
    "{\"id\":\"a\",\"version\":1,\"name\":\"x\\u001f\\u0001y\"}",
  };
  /* Read by json-glib, whoever reads the page. */
  static const char *const agree[] = {
    "{\"id\":\"a\",\"version\":1,\"name\":\"\\ud83c\\udf4e apple\"}",
    "{\"id\":\"a\",\"version\":1,\"name\":\"lone \\ud83c\"}",
    "{\"id\":\"a\",\"version\":1,\"name\":\"lone \\udf4e\"}",
    "{\"id\":\"a\",\"version\":1,\"name\":\"nul \\u0000 inside\"}",
    "{\"\\u0069d\":\"a\",\"version\":1}",
    "{\"id\":\"a\",\"version\":1,\"id\":\"b\"}",
    "{\"id\":\"a\",\"version\":1,\"version\":2}",
    "{\"id\":\"a\",\"version\":12345678901234567890}",
    "{\"id\":\"a\",\"version\":9223372036854775808}",
    "{\"id\":\"a\",\"version\":9223372036854775807}",
    "{\"id\":\"a\",\"version\":-9223372036854775808}",
    "{\"id\":\"a\",\"version\":1,\"arr\":1.000000000000000000000000000000000000000000000000000000000000000001}",
    "{\"id\":\"a\",\"version\":1,\"features\":{\"a\":\"\\u0000\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (taken); i++)
    {
      g_autofree char *page = g_strdup_printf ("{\"data\":[%s],\"next_cursor\":\"c\",\"sync_token\":null}", taken[i]);

      if (!check_page (POMAR_COLLECTION_ACCOUNTS, page))
        g_error ("The fast reader left a plain page to json-glib: %s", page);
    }
  for (guint i = 0; i < G_N_ELEMENTS (agree); i++)
    {
      assert_record_agrees (POMAR_COLLECTION_ACCOUNTS, agree[i]);
      assert_record_agrees (POMAR_COLLECTION_USAGE, agree[i]);
    }
}

/* Elements that are not objects are quarantined as json-glib shows them. */
static void
test_not_objects (void)
{
  static const char *const elements[] = {
    "5", "-1.5e3", "\"text\"", "[1, {\"id\": \"a\"}]", "null", "true", "{ }",
  };

  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    assert_record_taken (POMAR_COLLECTION_TICKETS, elements[i]);
}

/* Pages json-glib reads its own way, or refuses: never taken. */
static void
test_pages_left (void)
{
  static const char *const pages[] = {
    "",
    "   ",
    "[]",
    "{}",
    "null",
    "{\"data\":{},\"sync_token\":\"t\"}",
    "{\"data\":[],\"next_cursor\":null}",
    "{\"data\":[],\"sync_token\":5}",
    "{\"data\":[],\"next_cursor\":[\"c\"],\"sync_token\":\"t\"}",
    "{\"next_cursor\":\"c\"}",
    "{\"data\":[],\"sync_token\":\"t\"} x",
    "{\"data\":[],\"sync_token\":\"t\"}{}",
    "\xef\xbb\xbf{\"data\":[],\"sync_token\":\"t\"}",
    "{\"data\":[],\"sync_token\":\"t\",}",
    "{\"data\":[1,],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"a\",\"version\":1,}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"a\",\"version\":012}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"a\",\"version\":0x10}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"a\",\"version\":$10}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"a\",\"version\":+1}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"a\",\"version\":.5}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"a\",\"version\":1.}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"a\",\"version\":1e}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"a\",\"version\":NaN}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"a\",\"version\":Infinity}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":'a',\"version\":1}],\"sync_token\":\"t\"}",
    "{\"data\":[{id:\"a\",\"version\":1}],\"sync_token\":\"t\"}",
    "{\"data\":[/* c */{\"id\":\"a\",\"version\":1}],\"sync_token\":\"t\"}",
    "{\"data\":[// c\n{\"id\":\"a\",\"version\":1}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"a\\x\",\"version\":1}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"a\\u12\",\"version\":1}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"a\\012\",\"version\":1}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"tab\there\",\"version\":1}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"new\nline\",\"version\":1}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"bad \xc3\x28 utf-8\",\"version\":1}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"a\",\"version\":1,\"x\":tru}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"a\",\"version\":1,\"x\":truex}],\"sync_token\":\"t\"}",
    "{\"data\":[{\"id\":\"a\",\"version\":1}],\"data\":[],\"sync_token\":\"t\"}",
    "{\"data\":[],\"sync_token\":\"t\",\"sync_token\":\"u\"}",
    "{\"d\\u0061ta\":[],\"sync_token\":\"t\"}",
    "{\"data\":[],\"sync_token\":\"\\ud800\"}",
    "{\"data\":[{\"id\":\"a\",\"version\":1}",
    "{\"data\":[{\"id\":\"a\",\"vers",
    "{\"data\":[],\"sync_token\":\"t\"",
  };
  Counts counts = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (check_page_len (POMAR_COLLECTION_ACCOUNTS, pages[i], strlen (pages[i]), &counts))
      g_error ("The fast reader took a page it should leave to json-glib: %s", pages[i]);

  /* A NUL inside the page. */
  {
    static const char with_nul[] = "{\"data\":[],\"sync_token\":\"t\0\"}";

    g_assert_false (check_page_len (POMAR_COLLECTION_ACCOUNTS, with_nul, sizeof with_nul - 1, &counts));
  }

  /* Nesting deeper than the reader goes. */
  {
    g_autoptr (GString) deep = g_string_new ("{\"data\":[{\"id\":\"a\",\"version\":1,\"x\":");

    for (guint i = 0; i < 100; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 100; i++)
      g_string_append_c (deep, ']');
    g_string_append (deep, "}],\"sync_token\":\"t\"}");
    g_assert_false (check_page_len (POMAR_COLLECTION_ACCOUNTS, deep->str, deep->len, &counts));
  }
}

/* White space anywhere strict JSON allows it, and members in any order. */
static void
test_layout (void)
{
  static const char *const pages[] = {
    " \n\t\r{ \"sync_token\" : \"t\" , \"extra\" : { \"a\" : [ 1 , 2 ] } ,\n \"data\" : [ "
    "{ \"version\" : 2 , \"id\" : \"a\" , \"features\" : { \"x\" : 1 } } , 5 ] , \"next_cursor\" : null } \n",
    "{\"data\":[],\"next_cursor\":\"c\\/1\",\"sync_token\":\"t\\u00e9\"}",
    "{\"data\":[],\"next_cursor\":\"c\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (!check_page (POMAR_COLLECTION_USAGE, pages[i]))
      g_error ("The fast reader left a plain page to json-glib: %s", pages[i]);
}

/* The fixture's demo book, page by page, every collection. */
static void
test_demo_pages (void)
{
  g_autoptr (FixtureServer) server = fixture_server_new (TOKEN);
  g_autoptr (SoupSession) session = soup_session_new ();
  Counts counts = { 0 };

  soup_session_set_proxy_resolver (session, NULL);
  fixture_server_load_demo (server, 40, 7, NULL);
  fixture_server_delete (server, POMAR_COLLECTION_TICKETS, "tkt_1");

  for (guint c = 0; c < POMAR_N_COLLECTIONS; c++)
    {
      g_autofree char *cursor = NULL;
      g_autofree char *token = NULL;

      /* A full pass, then a pass since the start (with tombstones). */
      for (guint pass = 0; pass < 2; pass++)
        do
          {
            g_autoptr (GString) uri = g_string_new (NULL);
            g_autoptr (SoupMessage) message = NULL;
            g_autoptr (GBytes) body = NULL;
            g_autoptr (GError) error = NULL;
            PomarProviderPage page;
            gsize size;
            const char *data;

            g_string_printf (uri, "%s/v1/%s?limit=300", fixture_server_get_url (server),
                             pomar_collection_to_string (c));
            if (pass == 1)
              g_string_append (uri, "&since=dDE6MA");   /* "t1:0" */
            if (cursor != NULL)
              g_string_append_printf (uri, "&cursor=%s", cursor);
            message = soup_message_new ("GET", uri->str);
            soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                          "Bearer " TOKEN);
            body = soup_session_send_and_read (session, message, NULL, &error);
            g_assert_no_error (error);
            g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
            data = g_bytes_get_data (body, &size);
            if (!check_page_len (c, data, size, &counts))
              g_error ("The fast reader left a page of the demo book to json-glib");

            pomar_provider_page_init (&page, c);
            g_assert_true (pomar_sync_page_read (c, data, size, &page));
            g_clear_pointer (&cursor, g_free);
            cursor = g_strdup (page.next_cursor);
            g_free (token);
            token = g_strdup (page.sync_token);
            pomar_provider_page_clear (&page);
          }
        while (cursor != NULL);
    }
  g_assert_cmpuint (counts.left, ==, 0);
  g_assert_cmpuint (counts.taken, >, 12);
}

/* A page with a bit of everything, mutated at random: whatever the fast
 * reader takes, json-glib reads the same way. */
static void
test_mutations (void)
{
  static const char page[] =
    "{\"data\":[{\"id\":\"acc_1:2026-11-20\",\"account_id\":\"acc_1\",\"day\":\"2026-11-20\","
    "\"active_users\":23,\"sessions\":61,\"events\":4210,"
    "\"features\":{\"reports\":120,\"dashboards\":35,\"exports\":4},"
    "\"updated_at\":\"2026-11-21T03:00:00Z\",\"version\":1},"
    "{\"id\":\"u\\u00e9\",\"deleted\":true,\"version\":2,\"updated_at\":\"2026-11-21T03:00:00+01:00\"},"
    "{\"id\":\"x\",\"account_id\":\"a\",\"day\":\"2026-02-29\",\"active_users\":-1.0,\"sessions\":1e2,"
    "\"events\":null,\"features\":{\"a\":[1,{\"b\":null}],\"c\":\"d\\n\"},\"version\":3,\"other\":[true,false]}],"
    "\"next_cursor\":\"Y3Vyc29y\",\"sync_token\":\"dG9rZW4\"}";
  static const char alphabet[] = "{}[]\":,.-+0123456789eEtrufalsn \\u\t\nx\x7f\xc3\xa9";
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261123);
  Counts counts = { 0 };
  gsize length = sizeof page - 1;

  for (guint i = 0; i < 30000; i++)
    {
      g_autofree char *text = g_memdup2 (page, length + 1);
      gsize size = length;
      guint edits = g_rand_int_range (rand, 1, 4);

      for (guint e = 0; e < edits && size > 0; e++)
        {
          gsize at = g_rand_int_range (rand, 0, (gint32) size);
          char c = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];

          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:
              text[at] = c;
              break;
            case 1:
              memmove (text + at, text + at + 1, size - at);
              size--;
              break;
            case 2:
              text = g_realloc (text, size + 2);
              memmove (text + at + 1, text + at, size - at + 1);
              text[at] = c;
              size++;
              break;
            default:
              size = at;
              text[size] = '\0';
              break;
            }
        }
      check_page_len (POMAR_COLLECTION_USAGE, text, size, &counts);
    }

  /* Both kinds happened. */
  g_assert_cmpuint (counts.taken, >, 1000);
  g_assert_cmpuint (counts.left, >, 1000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/page-reader/records", test_records);
  g_test_add_func ("/page-reader/strings", test_strings);
  g_test_add_func ("/page-reader/not-objects", test_not_objects);
  g_test_add_func ("/page-reader/pages-left", test_pages_left);
  g_test_add_func ("/page-reader/layout", test_layout);
  g_test_add_func ("/page-reader/demo-pages", test_demo_pages);
  g_test_add_func ("/page-reader/mutations", test_mutations);

  return g_test_run ();
}
