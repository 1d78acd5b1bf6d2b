/* test-demo.c: the demo book generator.
 *
 * The generator must be deterministic (same seed and today, same bytes),
 * prefix-stable (account i does not depend on the book's size) and make a
 * book that looks like a real one: every stage, both currencies, usage with
 * weekends and ramps, tickets and surveys in believable mixes, a stage
 * history that parses, and playbooks that keep their invariants. The checks
 * below read the records exactly as a store would receive them.
 */
#include "core/pomar-demo.h"
#include "core/pomar-demo-data.h"
#include "core/pomar-error.h"
#include "core/pomar-playbook.h"
#include "core/pomar-stage.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#define TODAY_DAY   23
#define TODAY_MONTH G_DATE_NOVEMBER
#define TODAY_YEAR  2026
#define TODAY_STR   "2026-11-23"
/* Nothing in the book happens after the book's "now" (today, 09:00 UTC). */
#define NOW_STR     "2026-11-23T09:00:00Z"

static void
fixed_options (PomarDemoOptions *options,
               guint             n_accounts,
               guint64           seed)
{
  pomar_demo_options_init (options);
  options->n_accounts = n_accounts;
  options->seed = seed;
  g_date_set_dmy (&options->today, TODAY_DAY, TODAY_MONTH, TODAY_YEAR);
}

/* Calendar days as numbers, to subtract them. */
static guint32
julian (const char *day)
{
  GDate date;
  guint y, m, d;

  g_assert_nonnull (day);
  g_assert_cmpint (sscanf (day, "%4u-%2u-%2u", &y, &m, &d), ==, 3);
  g_assert_true (g_date_valid_dmy (d, m, y));
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return g_date_get_julian (&date);
}

static void
assert_timestamp (const char *ts)
{
  g_assert_nonnull (ts);
  g_assert_cmpuint (strlen (ts), ==, 20);
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", ts, 0, 0));
  julian (ts);
  g_assert_cmpstr (ts, <=, NOW_STR);
}

/* ---- a canonical serialization of every record, for digests ---- */

static void
feed_str (GChecksum  *sum,
          const char *s)
{
  if (s == NULL)
    g_checksum_update (sum, (const guchar *) "\x01", 1);
  else
    g_checksum_update (sum, (const guchar *) s, strlen (s));
  g_checksum_update (sum, (const guchar *) "\x1f", 1);
}

static void
feed_int (GChecksum *sum,
          gint64     v)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, v);
  feed_str (sum, buf);
}

static void
feed_record (GChecksum           *sum,
             PomarDemoRecordKind  kind,
             gconstpointer        record)
{
  feed_int (sum, kind);
  switch (kind)
    {
    case POMAR_DEMO_ACCOUNT:
      {
        const PomarAccount *a = record;
        char arr[G_ASCII_DTOSTR_BUF_SIZE];

        feed_str (sum, a->id);
        feed_int (sum, a->version);
        feed_str (sum, a->updated_at);
        feed_int (sum, a->deleted);
        feed_str (sum, a->name);
        feed_str (sum, a->domain);
        feed_str (sum, a->segment);
        feed_str (sum, a->owner);
        feed_str (sum, a->stage);
        feed_str (sum, g_ascii_dtostr (arr, sizeof arr, a->arr));
        feed_str (sum, a->currency);
        feed_str (sum, a->plan);
        feed_int (sum, a->licensed_seats);
        feed_str (sum, a->contract_start);
        feed_str (sum, a->renewal_date);
        feed_str (sum, a->created_at);
      }
      break;
    case POMAR_DEMO_CONTACT:
      {
        const PomarContact *c = record;

        feed_str (sum, c->id);
        feed_int (sum, c->version);
        feed_str (sum, c->updated_at);
        feed_int (sum, c->deleted);
        feed_str (sum, c->account_id);
        feed_str (sum, c->name);
        feed_str (sum, c->email);
        feed_str (sum, c->title);
        feed_str (sum, c->role);
      }
      break;
    case POMAR_DEMO_TICKET:
      {
        const PomarTicket *t = record;

        feed_str (sum, t->id);
        feed_int (sum, t->version);
        feed_str (sum, t->updated_at);
        feed_int (sum, t->deleted);
        feed_str (sum, t->account_id);
        feed_str (sum, t->subject);
        feed_str (sum, t->status);
        feed_str (sum, t->priority);
        feed_str (sum, t->type);
        feed_str (sum, t->created_at);
        feed_str (sum, t->solved_at);
      }
      break;
    case POMAR_DEMO_USAGE:
      {
        const PomarUsage *u = record;

        feed_str (sum, u->id);
        feed_int (sum, u->version);
        feed_str (sum, u->updated_at);
        feed_int (sum, u->deleted);
        feed_str (sum, u->account_id);
        feed_str (sum, u->day);
        feed_int (sum, u->active_users);
        feed_int (sum, u->sessions);
        feed_int (sum, u->events);
        feed_str (sum, u->features_json);
      }
      break;
    case POMAR_DEMO_RESPONSE:
      {
        const PomarResponse *r = record;

        feed_str (sum, r->id);
        feed_int (sum, r->version);
        feed_str (sum, r->updated_at);
        feed_int (sum, r->deleted);
        feed_str (sum, r->account_id);
        feed_str (sum, r->contact_id);
        feed_str (sum, r->kind);
        feed_int (sum, r->score);
        feed_str (sum, r->comment);
        feed_str (sum, r->responded_at);
      }
      break;
    case POMAR_DEMO_ACTIVITY:
      {
        const PomarActivity *a = record;

        feed_str (sum, a->id);
        feed_int (sum, a->version);
        feed_str (sum, a->updated_at);
        feed_int (sum, a->deleted);
        feed_str (sum, a->account_id);
        feed_str (sum, a->kind);
        feed_str (sum, a->author);
        feed_str (sum, a->body);
        feed_str (sum, a->occurred_at);
      }
      break;
    case POMAR_DEMO_PLAYBOOK_INSTANCE:
      {
        const PomarPlaybookInstance *i = record;

        feed_str (sum, i->id);
        feed_str (sum, i->account_id);
        feed_str (sum, i->template_id);
        feed_str (sum, i->trigger);
        feed_str (sum, i->started_at);
        feed_str (sum, i->status);
        feed_str (sum, i->completed_at);
      }
      break;
    case POMAR_DEMO_PLAYBOOK_TASK:
      {
        const PomarPlaybookTask *t = record;

        feed_str (sum, t->instance_id);
        feed_str (sum, t->task_id);
        feed_int (sum, t->position);
        feed_str (sum, t->title);
        feed_int (sum, t->due_offset);
        feed_str (sum, t->state);
        feed_str (sum, t->done_by);
        feed_str (sum, t->done_at);
        feed_str (sum, t->skip_reason);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  GChecksum *book;         /* over every record */
  GChecksum *account;      /* over the current account's records */
  GPtrArray *per_account;  /* one digest per account */
  guint64    n_records;
} Digests;

static gboolean
digest_sink (PomarDemoRecordKind   kind,
             gconstpointer         record,
             gpointer              user_data,
             GError              **error)
{
  Digests *d = user_data;

  feed_record (d->book, kind, record);
  feed_record (d->account, kind, record);
  d->n_records++;
  return TRUE;
}

static gboolean
digest_account_done (guint     index,
                     guint     n_accounts,
                     gpointer  user_data,
                     GError  **error)
{
  Digests *d = user_data;

  g_assert_cmpuint (index, ==, d->per_account->len);
  g_ptr_array_add (d->per_account, g_strdup (g_checksum_get_string (d->account)));
  g_checksum_reset (d->account);
  return TRUE;
}

/* The SHA-256 of a whole book; per-account digests into @per_account. */
static char *
digest_book (const PomarDemoOptions  *options,
             GPtrArray              **per_account)
{
  g_autoptr (GError) error = NULL;
  Digests d = { 0 };
  char *result;

  d.book = g_checksum_new (G_CHECKSUM_SHA256);
  d.account = g_checksum_new (G_CHECKSUM_SHA256);
  d.per_account = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (pomar_demo_generate (options, digest_sink, digest_account_done, &d, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (d.per_account->len, ==, options->n_accounts);
  g_assert_cmpuint (d.n_records, >, options->n_accounts);

  result = g_strdup (g_checksum_get_string (d.book));
  if (per_account != NULL)
    *per_account = g_steal_pointer (&d.per_account);
  g_clear_pointer (&d.per_account, g_ptr_array_unref);
  g_checksum_free (d.book);
  g_checksum_free (d.account);
  return result;
}

static void
test_deterministic (void)
{
  PomarDemoOptions options;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *other_seed = NULL;
  g_autofree char *other_day = NULL;

  fixed_options (&options, 120, POMAR_DEMO_DEFAULT_SEED);
  first = digest_book (&options, NULL);
  second = digest_book (&options, NULL);
  g_assert_cmpstr (first, ==, second);

  options.seed++;
  other_seed = digest_book (&options, NULL);
  g_assert_cmpstr (first, !=, other_seed);

  options.seed--;
  g_date_add_days (&options.today, 1);
  other_day = digest_book (&options, NULL);
  g_assert_cmpstr (first, !=, other_day);
}

static void
test_prefix_stable (void)
{
  PomarDemoOptions options;
  g_autoptr (GPtrArray) small = NULL;
  g_autoptr (GPtrArray) big = NULL;
  g_autofree char *small_book = NULL;
  g_autofree char *big_book = NULL;

  fixed_options (&options, 120, 42);
  small_book = digest_book (&options, &small);
  options.n_accounts = 300;
  big_book = digest_book (&options, &big);

  g_assert_cmpstr (small_book, !=, big_book);
  for (guint i = 0; i < small->len; i++)
    g_assert_cmpstr (small->pdata[i], ==, big->pdata[i]);
}

/* ---- the default book, checked record by record ---- */

typedef struct
{
  /* the account being read */
  char       *id;
  char       *stage;
  char       *owner;
  char       *domain;
  char       *contract_start;
  gint64      seats;
  gboolean    brazilian;
  guint       n_contacts;
  guint       n_champions;
  GHashTable *contact_ids;
  GArray     *usage_days;     /* guint32 julian days */
  GArray     *usage_active;   /* gint64 */
  char       *last_stage_to;
  guint       n_stage_changes;
  char       *churn_day;
  char       *last_touch;     /* newest note, meeting, email or call */
  GHashTable *open_templates;
  char       *instance_id;
  char       *instance_status;
  guint32     instance_started;
  const PomarPlaybookTemplate *instance_template;
  guint       next_position;

  /* the whole book */
  guint       n_accounts;
  guint       stages[POMAR_N_STAGES];
  guint       segments[3];
  guint       brl;
  guint       usd;
  guint       seats_unknown;
  GHashTable *ids;            /* "kind:id" of every record */
  GHashTable *names;
  GHashTable *domains;
  double      weekday_sum;
  guint       weekday_n;
  double      weekend_sum;
  guint       weekend_n;
  guint       ramps_checked;
  guint       churned_checked;
  guint       tickets;
  guint       tickets_open;
  guint       priorities[4];
  guint       br_comments;
  guint       br_comments_pt;
  guint       en_comments;
  guint       en_comments_en;
  guint       nps;
  guint       csat;
  guint       stage_changes;
  guint       touched_recently;
  guint       untouched_60;
  guint       instances;
  guint       open_instances;
  guint       complete_instances;
  guint       tasks;
  guint       overdue_tasks;
  guint       skipped_tasks;
} Book;

static void
book_reset_account (Book *b)
{
  g_clear_pointer (&b->id, g_free);
  g_clear_pointer (&b->stage, g_free);
  g_clear_pointer (&b->owner, g_free);
  g_clear_pointer (&b->domain, g_free);
  g_clear_pointer (&b->contract_start, g_free);
  g_clear_pointer (&b->last_stage_to, g_free);
  g_clear_pointer (&b->churn_day, g_free);
  g_clear_pointer (&b->last_touch, g_free);
  g_clear_pointer (&b->instance_id, g_free);
  g_clear_pointer (&b->instance_status, g_free);
  g_hash_table_remove_all (b->contact_ids);
  g_hash_table_remove_all (b->open_templates);
  g_array_set_size (b->usage_days, 0);
  g_array_set_size (b->usage_active, 0);
  b->n_contacts = 0;
  b->n_champions = 0;
  b->n_stage_changes = 0;
  b->instance_template = NULL;
}

static void
book_init (Book *b)
{
  memset (b, 0, sizeof *b);
  b->contact_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->open_templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->usage_days = g_array_new (FALSE, FALSE, sizeof (guint32));
  b->usage_active = g_array_new (FALSE, FALSE, sizeof (gint64));
  b->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
book_clear (Book *b)
{
  book_reset_account (b);
  g_hash_table_unref (b->contact_ids);
  g_hash_table_unref (b->open_templates);
  g_array_unref (b->usage_days);
  g_array_unref (b->usage_active);
  g_hash_table_unref (b->ids);
  g_hash_table_unref (b->names);
  g_hash_table_unref (b->domains);
}

static void
assert_new_id (Book       *b,
               const char *kind,
               const char *id)
{
  g_assert_nonnull (id);
  g_assert_true (g_hash_table_add (b->ids, g_strdup_printf ("%s:%s", kind, id)));
}

static gboolean
is_uuid (const char *s)
{
  return g_regex_match_simple ("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
                               s, 0, 0);
}

/* Whole words of the comment, lower case. */
static gboolean
has_word (const char         *text,
          const char * const *words)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  g_auto (GStrv) tokens = g_regex_split_simple ("[\\s.,!?;:]+", lower, 0, 0);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (g_strv_contains (words, tokens[i]))
        return TRUE;
    }
  return FALSE;
}

static const char * const portuguese_words[] = {
  "de", "da", "do", "para", "com", "não", "muito", "mas", "que", "os", "o", "e",
  "um", "uma", "na", "nos", "só", "sem", "foi", "se", "obrigado", "três", NULL
};
static const char * const english_words[] = {
  "the", "to", "and", "is", "we", "it", "of", "in", "on", "but", "our", "was",
  "i", "for", "they", "too", "very", "it", "thank", "you", NULL
};

static gboolean
is_ascii (const char *s)
{
  for (; *s != '\0'; s++)
    {
      if ((guchar) *s >= 0x80)
        return FALSE;
    }
  return TRUE;
}

static void
check_account (Book               *b,
               const PomarAccount *a)
{
  static const char * const segments[] = { "enterprise", "mid-market", "smb", NULL };
  static const double arr_min[] = { 150000, 30000, 6000 };
  static const double arr_max[] = { 900000, 150000, 30000 };
  g_autofree char *expected_id = g_strdup_printf ("acc_%04u", b->n_accounts + 1);
  PomarStage stage = pomar_stage_from_id (a->stage);
  guint segment;

  book_reset_account (b);
  assert_new_id (b, "account", a->id);
  g_assert_cmpstr (a->id, ==, expected_id);
  g_assert_false (a->deleted);
  g_assert_cmpint (a->version, >=, 1);
  g_assert_cmpint (a->version, <=, 20);
  assert_timestamp (a->updated_at);
  assert_timestamp (a->created_at);
  g_assert_cmpstr (a->updated_at, >=, a->created_at);

  g_assert_nonnull (a->name);
  g_assert_true (g_hash_table_add (b->names, g_strdup (a->name)));
  g_assert_nonnull (a->domain);
  g_assert_true (g_regex_match_simple ("^[a-z0-9]+\\.(com\\.br|com|io|co)$", a->domain, 0, 0));
  g_assert_true (g_hash_table_add (b->domains, g_strdup (a->domain)));

  g_assert_cmpuint (stage, <, POMAR_N_STAGES);
  b->stages[stage]++;
  g_assert_true (g_strv_contains (segments, a->segment));
  for (segment = 0; !g_str_equal (segments[segment], a->segment); segment++)
    ;
  b->segments[segment]++;
  g_assert_cmpfloat (a->arr, >=, arr_min[segment]);
  g_assert_cmpfloat (a->arr, <=, arr_max[segment]);
  g_assert_true (g_str_has_suffix (a->owner, "@pomar.example"));

  g_assert_true (g_str_equal (a->currency, "BRL") || g_str_equal (a->currency, "USD"));
  b->brazilian = g_str_has_suffix (a->domain, ".com.br");
  if (g_str_equal (a->currency, "BRL"))
    {
      g_assert_true (b->brazilian);
      b->brl++;
    }
  else
    b->usd++;
  g_assert_nonnull (a->plan);

  if (a->licensed_seats == POMAR_NO_INT)
    b->seats_unknown++;
  else
    {
      g_assert_cmpint (a->licensed_seats, >=, 5);
      g_assert_cmpint (a->licensed_seats, <=, 2000);
    }

  /* Contracts: signed after the account was created, renewed every year,
   * the next renewal ahead (or, for a churned one, the last one before). */
  g_assert_cmpuint (julian (a->created_at), <, julian (a->contract_start));
  g_assert_cmpuint (julian (a->contract_start), <, julian (TODAY_STR));
  g_assert_cmpuint (julian (a->contract_start), >=, julian (TODAY_STR) - 1100);
  /* (A contract signed on 29 February renews on the 28th.) */
  if (!g_str_has_suffix (a->contract_start, "-02-29"))
    g_assert_cmpstr (a->contract_start + 4, ==, a->renewal_date + 4);
  else
    g_assert_true (g_str_has_suffix (a->renewal_date, "-02-28")
                   || g_str_has_suffix (a->renewal_date, "-02-29"));
  if (stage == POMAR_STAGE_CHURNED)
    g_assert_cmpstr (a->renewal_date, <, TODAY_STR);
  else
    {
      g_assert_cmpstr (a->renewal_date, >, TODAY_STR);
      g_assert_cmpuint (julian (a->renewal_date), <=, julian (TODAY_STR) + 366);
    }
  if (stage == POMAR_STAGE_ONBOARDING)
    g_assert_cmpuint (julian (TODAY_STR) - julian (a->contract_start), <, 45);

  b->id = g_strdup (a->id);
  b->stage = g_strdup (a->stage);
  b->owner = g_strdup (a->owner);
  b->domain = g_strdup (a->domain);
  b->contract_start = g_strdup (a->contract_start);
  b->seats = a->licensed_seats;
  b->n_accounts++;
}

static void
check_contact (Book               *b,
               const PomarContact *c)
{
  static const char * const roles[] = { "champion", "decision_maker", "user", "billing", NULL };
  g_autofree char *at_domain = g_strconcat ("@", b->domain, NULL);

  assert_new_id (b, "contact", c->id);
  g_assert_true (g_str_has_prefix (c->id, "con_"));
  g_assert_cmpstr (c->account_id, ==, b->id);
  assert_timestamp (c->updated_at);
  g_assert_nonnull (c->name);
  g_assert_nonnull (c->title);
  g_assert_true (g_str_has_suffix (c->email, at_domain));
  g_assert_true (is_ascii (c->email));
  g_assert_true (c->role == NULL || g_strv_contains (roles, c->role));
  if (g_strcmp0 (c->role, "champion") == 0)
    b->n_champions++;
  b->n_contacts++;
  g_hash_table_add (b->contact_ids, g_strdup (c->id));
}

static void
check_ticket (Book              *b,
              const PomarTicket *t)
{
  static const char * const statuses[] = { "new", "open", "pending", "hold", "solved", "closed", NULL };
  static const char * const priorities[] = { "low", "normal", "high", "urgent", NULL };
  static const char * const types[] = { "question", "incident", "problem", "task", NULL };
  guint priority;

  assert_new_id (b, "ticket", t->id);
  g_assert_true (g_str_has_prefix (t->id, "tkt_"));
  g_assert_cmpstr (t->account_id, ==, b->id);
  g_assert_nonnull (t->subject);
  g_assert_true (g_strv_contains (statuses, t->status));
  g_assert_true (g_strv_contains (priorities, t->priority));
  g_assert_true (t->type == NULL || g_strv_contains (types, t->type));
  assert_timestamp (t->created_at);
  assert_timestamp (t->updated_at);
  g_assert_cmpstr (t->updated_at, >=, t->created_at);
  g_assert_cmpstr (t->created_at, >=, b->contract_start);

  b->tickets++;
  if (pomar_ticket_status_is_open (t->status))
    {
      g_assert_null (t->solved_at);
      g_assert_cmpstr (b->stage, !=, "churned");
      b->tickets_open++;
    }
  else
    {
      assert_timestamp (t->solved_at);
      g_assert_cmpstr (t->solved_at, >=, t->created_at);
    }
  for (priority = 0; !g_str_equal (priorities[priority], t->priority); priority++)
    ;
  b->priorities[priority]++;
}

static void
check_usage (Book             *b,
             const PomarUsage *u)
{
  g_autofree char *expected_id = g_strdup_printf ("%s:%s", b->id, u->day);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  guint32 day = julian (u->day);
  GDate date;
  double ratio;

  g_assert_cmpstr (u->id, ==, expected_id);
  g_assert_cmpstr (u->account_id, ==, b->id);
  assert_timestamp (u->updated_at);
  g_assert_cmpstr (u->day, >=, b->contract_start);
  g_assert_cmpstr (u->day, <=, TODAY_STR);
  g_assert_cmpuint (julian (TODAY_STR) - day, <, POMAR_DEMO_USAGE_DAYS);
  if (b->usage_days->len > 0)
    g_assert_cmpuint (day, ==, g_array_index (b->usage_days, guint32, b->usage_days->len - 1) + 1);

  g_assert_cmpint (u->active_users, >=, 0);
  if (b->seats != POMAR_NO_INT)
    g_assert_cmpint (u->active_users, <=, b->seats);
  g_assert_cmpint (u->sessions, >=, u->active_users);
  g_assert_cmpint (u->events, >=, u->sessions);

  /* A small JSON object of counts. */
  g_assert_true (json_parser_load_from_data (parser, u->features_json, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  g_assert_true (json_object_has_member (json_node_get_object (json_parser_get_root (parser)),
                                         "reports"));

  g_array_append_val (b->usage_days, day);
  g_array_append_val (b->usage_active, u->active_users);

  if (b->seats != POMAR_NO_INT)
    {
      ratio = (double) u->active_users / b->seats;
      g_date_clear (&date, 1);
      g_date_set_julian (&date, day);
      if (g_date_get_weekday (&date) >= G_DATE_SATURDAY)
        {
          b->weekend_sum += ratio;
          b->weekend_n++;
        }
      else
        {
          b->weekday_sum += ratio;
          b->weekday_n++;
        }
    }
}

static void
check_response (Book                *b,
                const PomarResponse *r)
{
  assert_new_id (b, "response", r->id);
  g_assert_true (g_str_has_prefix (r->id, "rsp_"));
  g_assert_cmpstr (r->account_id, ==, b->id);
  g_assert_true (g_hash_table_contains (b->contact_ids, r->contact_id));
  assert_timestamp (r->responded_at);
  assert_timestamp (r->updated_at);
  g_assert_cmpuint (julian (TODAY_STR) - julian (r->responded_at), <, POMAR_DEMO_USAGE_DAYS);
  g_assert_cmpstr (r->responded_at, >=, b->contract_start);

  if (g_str_equal (r->kind, "nps"))
    {
      g_assert_cmpint (r->score, >=, 0);
      g_assert_cmpint (r->score, <=, 10);
      b->nps++;
    }
  else
    {
      g_assert_cmpstr (r->kind, ==, "csat");
      g_assert_cmpint (r->score, >=, 1);
      g_assert_cmpint (r->score, <=, 5);
      b->csat++;
    }

  /* Comments speak the customer's language. */
  if (r->comment == NULL)
    return;
  if (b->brazilian)
    {
      b->br_comments++;
      if (has_word (r->comment, portuguese_words)
          || g_regex_match_simple ("[ãõçáéíóúâêô]", r->comment, G_REGEX_CASELESS, 0))
        b->br_comments_pt++;
    }
  else
    {
      b->en_comments++;
      if (is_ascii (r->comment) && has_word (r->comment, english_words)
          && !has_word (r->comment, portuguese_words))
        b->en_comments_en++;
    }
}

static void
check_activity (Book                *b,
                const PomarActivity *a)
{
  static const char * const kinds[] = { "note", "meeting", "email", "call", "stage_change", NULL };

  assert_new_id (b, "activity", a->id);
  g_assert_true (is_uuid (a->id));
  g_assert_cmpstr (a->account_id, ==, b->id);
  g_assert_cmpstr (a->author, ==, b->owner);
  assert_timestamp (a->occurred_at);
  assert_timestamp (a->updated_at);
  g_assert_true (g_strv_contains (kinds, a->kind));
  g_assert_nonnull (a->body);

  if (g_str_equal (a->kind, "stage_change"))
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) error = NULL;
      JsonObject *object;
      JsonNode *from;
      const char *to;

      g_assert_true (json_parser_load_from_data (parser, a->body, -1, &error));
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_true (json_object_has_member (object, "from"));
      from = json_object_get_member (object, "from");
      to = json_object_get_string_member (object, "to");
      g_assert_cmpuint (pomar_stage_from_id (to), <, POMAR_N_STAGES);

      /* A chain: null -> onboarding -> ... in time order. */
      if (b->n_stage_changes == 0)
        {
          g_assert_true (JSON_NODE_HOLDS_NULL (from));
          g_assert_cmpstr (to, ==, "onboarding");
          g_assert_cmpstr (a->occurred_at, >=, b->contract_start);
        }
      else
        {
          g_assert_cmpstr (json_node_get_string (from), ==, b->last_stage_to);
          g_assert_cmpstr (to, !=, b->last_stage_to);
        }
      g_free (b->last_stage_to);
      b->last_stage_to = g_strdup (to);
      b->n_stage_changes++;
      b->stage_changes++;
      if (g_str_equal (to, "churned"))
        {
          g_free (b->churn_day);
          b->churn_day = g_strndup (a->occurred_at, 10);
        }
    }
  else
    {
      g_assert_null (strstr (a->body, "{c}"));
      g_assert_cmpuint (strlen (a->body), >, 10);
      if (b->last_touch == NULL || strcmp (a->occurred_at, b->last_touch) > 0)
        {
          g_free (b->last_touch);
          b->last_touch = g_strdup (a->occurred_at);
        }
    }
}

/* The book runs the built-in playbooks, in their English source texts. */
static const PomarPlaybookTemplate *
find_template (const char *id)
{
  static PomarPlaybookCatalog *builtin = NULL;

  if (builtin == NULL)
    builtin = pomar_playbook_catalog_new_builtin (FALSE);
  return pomar_playbook_catalog_lookup (builtin, id);
}

static void
check_instance (Book                        *b,
                const PomarPlaybookInstance *i)
{
  const PomarPlaybookTemplate *template = find_template (i->template_id);

  /* The previous instance got all of its tasks. */
  if (b->instance_template != NULL)
    g_assert_cmpuint (b->next_position, ==, b->instance_template->tasks->len);

  assert_new_id (b, "instance", i->id);
  g_assert_true (is_uuid (i->id));
  g_assert_cmpstr (i->account_id, ==, b->id);
  g_assert_nonnull (template);
  g_assert_cmpstr (i->trigger, ==, template->trigger);
  assert_timestamp (i->started_at);
  g_assert_cmpstr (i->started_at, >=, b->contract_start);

  if (g_str_equal (i->status, "open"))
    {
      g_assert_null (i->completed_at);
      /* At most one open run of a template per account. */
      g_assert_true (g_hash_table_add (b->open_templates, g_strdup (i->template_id)));
      g_assert_cmpstr (b->stage, !=, "churned");
      b->open_instances++;
    }
  else
    {
      g_assert_true (g_str_equal (i->status, "complete") || g_str_equal (i->status, "cancelled"));
      assert_timestamp (i->completed_at);
      g_assert_cmpstr (i->completed_at, >=, i->started_at);
      if (g_str_equal (i->status, "complete"))
        b->complete_instances++;
    }
  b->instances++;

  g_free (b->instance_id);
  b->instance_id = g_strdup (i->id);
  g_free (b->instance_status);
  b->instance_status = g_strdup (i->status);
  b->instance_started = julian (i->started_at);
  b->instance_template = template;
  b->next_position = 0;
}

static void
check_task (Book                    *b,
            const PomarPlaybookTask *t)
{
  const PomarPlaybookTaskTemplate *expected;

  /* A task follows its instance, in order. */
  g_assert_nonnull (b->instance_template);
  g_assert_cmpstr (t->instance_id, ==, b->instance_id);
  g_assert_cmpint (t->position, ==, b->next_position);
  g_assert_cmpuint (b->next_position, <, b->instance_template->tasks->len);
  expected = g_ptr_array_index (b->instance_template->tasks, b->next_position);
  g_assert_cmpstr (t->task_id, ==, expected->id);
  g_assert_cmpstr (t->title, ==, expected->title);
  g_assert_cmpint (t->due_offset, ==, expected->due_offset);
  b->next_position++;
  b->tasks++;

  if (g_str_equal (t->state, "done"))
    {
      g_assert_cmpstr (t->done_by, ==, b->owner);
      assert_timestamp (t->done_at);
      g_assert_cmpuint (julian (t->done_at), >=, b->instance_started);
      g_assert_null (t->skip_reason);
    }
  else if (g_str_equal (t->state, "skipped"))
    {
      g_assert_nonnull (t->skip_reason);
      g_assert_cmpstr (b->instance_status, ==, "complete");
      b->skipped_tasks++;
    }
  else
    {
      g_assert_cmpstr (t->state, ==, "open");
      g_assert_null (t->done_at);
      g_assert_cmpstr (b->instance_status, !=, "complete");
      if (g_str_equal (b->instance_status, "open")
          && b->instance_started + t->due_offset < julian (TODAY_STR))
        b->overdue_tasks++;
    }
}

static gboolean
book_sink (PomarDemoRecordKind   kind,
           gconstpointer         record,
           gpointer              user_data,
           GError              **error)
{
  Book *b = user_data;

  g_assert_true (kind == POMAR_DEMO_ACCOUNT || b->id != NULL);
  switch (kind)
    {
    case POMAR_DEMO_ACCOUNT:
      check_account (b, record);
      break;
    case POMAR_DEMO_CONTACT:
      check_contact (b, record);
      break;
    case POMAR_DEMO_TICKET:
      check_ticket (b, record);
      break;
    case POMAR_DEMO_USAGE:
      check_usage (b, record);
      break;
    case POMAR_DEMO_RESPONSE:
      check_response (b, record);
      break;
    case POMAR_DEMO_ACTIVITY:
      check_activity (b, record);
      break;
    case POMAR_DEMO_PLAYBOOK_INSTANCE:
      check_instance (b, record);
      break;
    case POMAR_DEMO_PLAYBOOK_TASK:
      check_task (b, record);
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/* The mean of active users over @n days from @from in the account's usage. */
static double
mean_active (Book  *b,
             guint  from,
             guint  n)
{
  double sum = 0;

  g_assert_cmpuint (from + n, <=, b->usage_active->len);
  for (guint i = from; i < from + n; i++)
    sum += g_array_index (b->usage_active, gint64, i);
  return sum / n;
}

static gboolean
book_account_done (guint     index,
                   guint     n_accounts,
                   gpointer  user_data,
                   GError  **error)
{
  Book *b = user_data;
  guint n_usage = b->usage_active->len;

  g_assert_cmpuint (index + 1, ==, b->n_accounts);
  g_assert_cmpuint (b->n_contacts, >=, 2);
  g_assert_cmpuint (b->n_contacts, <=, 6);
  g_assert_cmpuint (b->n_champions, ==, 1);

  /* The history ends in the account's stage. */
  g_assert_cmpstr (b->last_stage_to, ==, b->stage);

  /* Every account has used the product, up to today or its churn. */
  g_assert_cmpuint (n_usage, >, 0);
  if (g_str_equal (b->stage, "churned"))
    {
      double peak = 0;

      g_assert_nonnull (b->churn_day);
      g_assert_cmpuint (g_array_index (b->usage_days, guint32, n_usage - 1), <=, julian (b->churn_day));
      g_assert_cmpuint (julian (b->churn_day), <, julian (TODAY_STR));
      /* Declining before it stopped. */
      if (n_usage >= 60)
        {
          for (guint i = 0; i + 7 <= n_usage; i += 7)
            peak = MAX (peak, mean_active (b, i, 7));
          g_assert_cmpfloat (mean_active (b, n_usage - 7, 7), <, 0.5 * peak);
        }
      b->churned_checked++;
    }
  else
    {
      g_assert_null (b->churn_day);
      g_assert_cmpuint (g_array_index (b->usage_days, guint32, n_usage - 1), ==, julian (TODAY_STR));
    }

  /* Onboarding: usage climbs from a few seats to a plateau. */
  if (g_str_equal (b->stage, "onboarding") && n_usage >= 21)
    {
      g_assert_cmpfloat (mean_active (b, n_usage - 7, 7), >, 1.5 * mean_active (b, 0, 7));
      b->ramps_checked++;
    }

  /* Who opens a playbook for whom. */
  if (g_str_equal (b->stage, "onboarding"))
    g_assert_true (g_hash_table_contains (b->open_templates, "onboarding"));
  if (g_str_equal (b->stage, "engagement"))
    g_assert_true (g_hash_table_contains (b->open_templates, "engagement"));
  if (b->instance_template != NULL)
    g_assert_cmpuint (b->next_position, ==, b->instance_template->tasks->len);

  if (b->last_touch != NULL)
    {
      guint32 days = julian (TODAY_STR) - julian (b->last_touch);

      if (days <= 14)
        b->touched_recently++;
      else if (days > 60 && !g_str_equal (b->stage, "churned"))
        b->untouched_60++;
    }
  return TRUE;
}

static void
test_default_book (void)
{
  g_autoptr (GError) error = NULL;
  PomarDemoOptions options;
  Book b;
  double open_share;
  double weekend_ratio;

  pomar_demo_options_init (&options);
  g_assert_cmpuint (options.n_accounts, ==, POMAR_DEMO_DEFAULT_ACCOUNTS);
  g_assert_cmpuint (options.seed, ==, POMAR_DEMO_DEFAULT_SEED);
  g_assert_false (g_date_valid (&options.today));
  g_date_set_dmy (&options.today, TODAY_DAY, TODAY_MONTH, TODAY_YEAR);

  book_init (&b);
  g_assert_true (pomar_demo_generate (&options, book_sink, book_account_done, &b, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (b.n_accounts, ==, 120);
  for (guint i = 0; i < POMAR_N_STAGES; i++)
    {
      g_test_message ("stage %s: %u accounts", pomar_stage_to_id (i), b.stages[i]);
      g_assert_cmpuint (b.stages[i], >, 0);
    }
  g_assert_cmpuint (b.stages[POMAR_STAGE_NURTURE], >, b.stages[POMAR_STAGE_ONBOARDING]);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (b.segments[i], >, 5);
  g_assert_cmpuint (b.segments[2], >, b.segments[0]);
  g_assert_cmpuint (b.brl, >, 40);
  g_assert_cmpuint (b.usd, >, 30);
  g_assert_cmpuint (b.seats_unknown, <, 10);

  /* Weekends are much quieter than weekdays. */
  weekend_ratio = (b.weekend_sum / b.weekend_n) / (b.weekday_sum / b.weekday_n);
  g_test_message ("weekend usage / weekday usage: %.2f", weekend_ratio);
  g_assert_cmpfloat (weekend_ratio, >, 0.1);
  g_assert_cmpfloat (weekend_ratio, <, 0.4);
  g_assert_cmpuint (b.ramps_checked, >, 0);
  g_assert_cmpuint (b.churned_checked, >=, 3);

  /* Tickets: mostly solved, priorities in the usual proportions. */
  open_share = (double) b.tickets_open / b.tickets;
  g_test_message ("%u tickets, %.1f %% open; low %u normal %u high %u urgent %u",
                  b.tickets, 100 * open_share, b.priorities[0], b.priorities[1],
                  b.priorities[2], b.priorities[3]);
  g_assert_cmpuint (b.tickets, >, 120 * 6);
  g_assert_cmpfloat (open_share, >, 0.10);
  g_assert_cmpfloat (open_share, <, 0.35);
  g_assert_cmpfloat ((double) b.priorities[0] / b.tickets, >, 0.10);
  g_assert_cmpfloat ((double) b.priorities[0] / b.tickets, <, 0.30);
  g_assert_cmpfloat ((double) b.priorities[1] / b.tickets, >, 0.38);
  g_assert_cmpfloat ((double) b.priorities[1] / b.tickets, <, 0.60);
  g_assert_cmpfloat ((double) b.priorities[2] / b.tickets, >, 0.14);
  g_assert_cmpfloat ((double) b.priorities[2] / b.tickets, <, 0.34);
  g_assert_cmpfloat ((double) b.priorities[3] / b.tickets, >, 0.03);
  g_assert_cmpfloat ((double) b.priorities[3] / b.tickets, <, 0.16);

  /* Surveys: both kinds; comments in Portuguese and in English. */
  g_test_message ("%u NPS and %u CSAT answers; comments: %u/%u Portuguese, %u/%u English",
                  b.nps, b.csat, b.br_comments_pt, b.br_comments, b.en_comments_en, b.en_comments);
  g_assert_cmpuint (b.nps, >, b.csat);
  g_assert_cmpuint (b.csat, >, 0);
  g_assert_cmpuint (b.br_comments, >=, 20);
  g_assert_cmpuint (b.en_comments, >=, 20);
  g_assert_cmpfloat (b.br_comments_pt, >=, 0.9 * b.br_comments);
  g_assert_cmpfloat (b.en_comments_en, >=, 0.9 * b.en_comments);

  /* Activities: a stage history for everyone, some accounts touched this
   * fortnight and some neglected for two months. */
  g_test_message ("%u stage changes; %u accounts touched in 14 days, %u not in 60",
                  b.stage_changes, b.touched_recently, b.untouched_60);
  g_assert_cmpuint (b.stage_changes, >=, 120);
  g_assert_cmpuint (b.touched_recently, >, 20);
  g_assert_cmpuint (b.untouched_60, >, 3);

  /* Playbooks under way, done in the past, some tasks late or skipped. */
  g_test_message ("%u playbook instances (%u open, %u complete), %u tasks, %u overdue, %u skipped",
                  b.instances, b.open_instances, b.complete_instances, b.tasks,
                  b.overdue_tasks, b.skipped_tasks);
  g_assert_cmpuint (b.open_instances, >, 10);
  g_assert_cmpuint (b.complete_instances, >, 100);
  g_assert_cmpuint (b.overdue_tasks, >, 0);
  g_assert_cmpuint (b.skipped_tasks, >, 0);

  book_clear (&b);
}

/* Every invariant above holds in a bigger book with another seed too. */
static void
test_bigger_book (void)
{
  g_autoptr (GError) error = NULL;
  PomarDemoOptions options;
  Book b;

  fixed_options (&options, 1000, 7);
  book_init (&b);
  g_assert_true (pomar_demo_generate (&options, book_sink, book_account_done, &b, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (b.n_accounts, ==, 1000);
  g_assert_cmpuint (g_hash_table_size (b.domains), ==, 1000);
  g_assert_cmpuint (g_hash_table_size (b.names), ==, 1000);
  book_clear (&b);
}

static gboolean
counting_sink (PomarDemoRecordKind   kind,
               gconstpointer         record,
               gpointer              user_data,
               GError              **error)
{
  guint64 *counts = user_data;

  counts[kind]++;
  return TRUE;
}

static void
test_proportions (void)
{
  g_autoptr (GError) error = NULL;
  PomarDemoOptions options;
  guint64 counts[POMAR_DEMO_PLAYBOOK_TASK + 1] = { 0 };
  double per_account[G_N_ELEMENTS (counts)];

  fixed_options (&options, 2000, 99);
  g_assert_true (pomar_demo_generate (&options, counting_sink, NULL, counts, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    per_account[i] = (double) counts[i] / options.n_accounts;
  g_test_message ("per account: %.1f contacts, %.1f tickets, %.1f usage, %.1f responses, "
                  "%.1f activities", per_account[POMAR_DEMO_CONTACT],
                  per_account[POMAR_DEMO_TICKET], per_account[POMAR_DEMO_USAGE],
                  per_account[POMAR_DEMO_RESPONSE], per_account[POMAR_DEMO_ACTIVITY]);

  g_assert_cmpuint (counts[POMAR_DEMO_ACCOUNT], ==, 2000);
  /* 10,000 accounts: about 3.65 M usage rows, 100 k tickets, 50 k answers. */
  g_assert_cmpfloat (per_account[POMAR_DEMO_USAGE], >, 340);
  g_assert_cmpfloat (per_account[POMAR_DEMO_USAGE], <, 390);
  g_assert_cmpfloat (per_account[POMAR_DEMO_TICKET], >, 9);
  g_assert_cmpfloat (per_account[POMAR_DEMO_TICKET], <, 11);
  g_assert_cmpfloat (per_account[POMAR_DEMO_RESPONSE], >, 4.5);
  g_assert_cmpfloat (per_account[POMAR_DEMO_RESPONSE], <, 5.5);
  g_assert_cmpfloat (per_account[POMAR_DEMO_CONTACT], >=, 2);
  g_assert_cmpfloat (per_account[POMAR_DEMO_CONTACT], <=, 6);
  g_assert_cmpfloat (per_account[POMAR_DEMO_ACTIVITY], >=, 8);
  g_assert_cmpfloat (per_account[POMAR_DEMO_ACTIVITY], <=, 15);
}

typedef struct
{
  GCancellable *cancellable;
  guint         cancel_after;
  guint         accounts;
  guint         records;
  guint         fail_at;      /* 0: never */
} Stopper;

static gboolean
stopper_sink (PomarDemoRecordKind   kind,
              gconstpointer         record,
              gpointer              user_data,
              GError              **error)
{
  Stopper *s = user_data;

  s->records++;
  if (kind == POMAR_DEMO_ACCOUNT)
    s->accounts++;
  if (s->records == s->fail_at)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_DISK_FULL, "No room left");
      return FALSE;
    }
  return TRUE;
}

static gboolean
stopper_account_done (guint     index,
                      guint     n_accounts,
                      gpointer  user_data,
                      GError  **error)
{
  Stopper *s = user_data;

  if (index + 1 == s->cancel_after)
    g_cancellable_cancel (s->cancellable);
  return TRUE;
}

/* A cancel is honoured between accounts. */
static void
test_cancel (void)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  PomarDemoOptions options;
  Stopper s = { cancellable, 3, 0, 0, 0 };

  fixed_options (&options, 50, 1);
  g_assert_false (pomar_demo_generate (&options, stopper_sink, stopper_account_done, &s,
                                       cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (s.accounts, ==, 3);
}

/* A sink that fails stops the book, and its error comes back as it was. */
static void
test_sink_error (void)
{
  g_autoptr (GError) error = NULL;
  PomarDemoOptions options;
  Stopper s = { NULL, 0, 0, 0, 500 };

  fixed_options (&options, 50, 1);
  g_assert_false (pomar_demo_generate (&options, stopper_sink, NULL, &s, NULL, &error));
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_DISK_FULL);
  g_assert_cmpuint (s.records, ==, 500);
}

typedef struct
{
  char *last_day;
} LastDay;

static gboolean
last_day_sink (PomarDemoRecordKind   kind,
               gconstpointer         record,
               gpointer              user_data,
               GError              **error)
{
  LastDay *l = user_data;

  if (kind == POMAR_DEMO_USAGE)
    {
      const PomarUsage *u = record;

      if (l->last_day == NULL || strcmp (u->day, l->last_day) > 0)
        {
          g_free (l->last_day);
          l->last_day = g_strdup (u->day);
        }
    }
  return TRUE;
}

/* Without a today, the book is made for the real one. */
static void
test_real_today (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) before = g_date_time_new_now_local ();
  g_autoptr (GDateTime) after = NULL;
  g_autofree char *day_before = g_date_time_format (before, "%Y-%m-%d");
  g_autofree char *day_after = NULL;
  PomarDemoOptions options;
  LastDay l = { NULL };

  pomar_demo_options_init (&options);
  options.n_accounts = 5;
  g_assert_true (pomar_demo_generate (&options, last_day_sink, NULL, &l, NULL, &error));
  g_assert_no_error (error);
  after = g_date_time_new_now_local ();
  day_after = g_date_time_format (after, "%Y-%m-%d");

  /* (Run across midnight, either day is right.) */
  g_assert_nonnull (l.last_day);
  g_assert_true (g_str_equal (l.last_day, day_before) || g_str_equal (l.last_day, day_after));
  g_free (l.last_day);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/prefix-stable", test_prefix_stable);
  g_test_add_func ("/demo/default-book", test_default_book);
  g_test_add_func ("/demo/bigger-book", test_bigger_book);
  g_test_add_func ("/demo/proportions", test_proportions);
  g_test_add_func ("/demo/cancel", test_cancel);
  g_test_add_func ("/demo/sink-error", test_sink_error);
  g_test_add_func ("/demo/real-today", test_real_today);

  return g_test_run ();
}
