/* pomar-demo.c: the demo book of business.
 *
 * A believable portfolio for trying Pomar without a server, and a big one for
 * benchmarks. Everything comes from a small PRNG of our own (xoshiro256**,
 * seeded through splitmix64) rather than GRand or rand(), whose algorithms
 * are not ours to freeze: the same seed and the same "today" give the same
 * book, byte for byte, on every machine and in every version of GLib.
 *
 * Each account draws from streams derived from (seed, account index), so
 * account i is the same whether the book has 120 accounts or 10,000. The few
 * things that depend on earlier accounts (unique names and domains, the
 * running numbers in contact, ticket and response ids) depend only on the
 * accounts before it, so a smaller book is a prefix of a bigger one.
 *
 * An account is first planned (its age, stage history, usage shape, seats,
 * contract), then its records are made from the plan and handed to the sink
 * one by one. Records live in stack buffers that are reused from one record
 * to the next, which keeps the 3.65 million usage rows of a 10,000-account
 * book free of heap traffic.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pomar-demo.h"
#include "pomar-demo-data.h"
#include "pomar-error.h"
#include "pomar-playbook.h"
#include "pomar-stage.h"

/* Records carry non-const char pointers because they normally own their
 * strings; the sink gets them as const and only for the duration of a call,
 * so pointing them at literals and buffers is safe. */
#define STR(s) ((char *) (s))

#define SECONDS_PER_DAY 86400
#define NOW_SECONDS     (9 * 3600) /* the book's "now" is today at 09:00 UTC */
#define MAX_CONTACTS    6
#define MAX_HISTORY     5
#define MAX_INSTANCES   12

/* How far back and ahead of today the day table reaches: contracts start at
 * most three years ago, accounts are created a few weeks before that. */
#define DAYS_BEFORE 1200
#define DAYS_AFTER  900

/* The PRNG streams of an account. Separate streams keep, for instance, the
 * usage rows of an account the same when the way its tickets are drawn
 * changes. */
enum
{
  STREAM_PLAN = 1,
  STREAM_NAME,
  STREAM_USAGE,
  STREAM_RECORDS,
};

typedef struct
{
  guint64 s[4];
} Rng;

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

static inline guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static void
rng_init (Rng     *rng,
          guint64  seed,
          guint64  account,
          guint64  stream)
{
  guint64 x = seed;

  x = splitmix64 (&x) ^ (account * G_GUINT64_CONSTANT (0xD1B54A32D192ED03));
  x = splitmix64 (&x) ^ (stream * G_GUINT64_CONSTANT (0x8CB92BA72F3D8DD7));
  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
}

/* xoshiro256** (Blackman and Vigna, public domain). */
static inline guint64
rng_next (Rng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/* In [0, 1). */
static inline double
rng_double (Rng *rng)
{
  return (double) (rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

static inline double
rng_uniform (Rng    *rng,
             double  lo,
             double  hi)
{
  return lo + (hi - lo) * rng_double (rng);
}

/* An integer in [lo, hi], both included. */
static inline gint64
rng_range (Rng    *rng,
           gint64  lo,
           gint64  hi)
{
  guint64 span;

  if (hi <= lo)
    return lo;
  span = (guint64) (hi - lo) + 1;
  return lo + (gint64) (rng_next (rng) % span);
}

static inline gboolean
rng_chance (Rng    *rng,
            double  p)
{
  return rng_double (rng) < p;
}

/* About normal with mean 0 and deviation 1: the sum of four 16-bit uniforms
 * taken from one draw. Its tails stop at +-3.5, which suits noise. */
static inline double
rng_gauss (Rng *rng)
{
  guint64 x = rng_next (rng);
  double sum = (double) (x & 0xffff) + (double) ((x >> 16) & 0xffff)
               + (double) ((x >> 32) & 0xffff) + (double) (x >> 48);

  return (sum / 65536.0 - 2.0) * 1.7320508075688772;
}

static guint
rng_poisson (Rng    *rng,
             double  mean)
{
  double limit;
  double p = 1.0;
  guint k = 0;

  if (mean <= 0)
    return 0;
  if (mean > 40)
    {
      long draw = lround (mean + sqrt (mean) * rng_gauss (rng));

      return (guint) MAX (0, draw);
    }

  limit = exp (-mean);
  do
    {
      k++;
      p *= rng_double (rng);
    }
  while (p > limit);
  return k - 1;
}

/* An index drawn with the given weights (any positive scale). */
static guint
rng_weighted (Rng          *rng,
              const double *weights,
              guint         n)
{
  double total = 0;
  double x;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  x = rng_double (rng) * total;
  for (guint i = 0; i < n; i++)
    {
      if (x < weights[i])
        return i;
      x -= weights[i];
    }
  return n - 1;
}

static inline const char *
rng_word (Rng                  *rng,
          const PomarDemoWords *words)
{
  return words->items[rng_range (rng, 0, words->n - 1)];
}

typedef enum
{
  SHAPE_RAMP,       /* onboarding: climbs from a few percent to a plateau */
  SHAPE_STEADY,
  SHAPE_GROWING,
  SHAPE_DECLINING,  /* at risk */
  SHAPE_SEASONAL,   /* a sine over the year */
  SHAPE_CHURNING,   /* declines to almost nothing, then stops at churn */
} Shape;

typedef enum
{
  SEGMENT_ENTERPRISE,
  SEGMENT_MID_MARKET,
  SEGMENT_SMB,
} Segment;

static const char * const segment_ids[] = { "enterprise", "mid-market", "smb" };

typedef enum
{
  ROLE_CHAMPION,
  ROLE_DECISION_MAKER,
  ROLE_USER,
  ROLE_BILLING,
} Role;

static const char * const role_ids[] = { "champion", "decision_maker", "user", "billing" };

/* The account managers; the first three are Brazilian. */
static const char * const owners[] = {
  "ana.souza@pomar.example",
  "rafael.lima@pomar.example",
  "juliana.castro@pomar.example",
  "john.miller@pomar.example",
  "sarah.chen@pomar.example",
};
#define N_BR_OWNERS 3

typedef struct
{
  char  str[11];  /* YYYY-MM-DD */
  guint8 weekday; /* 1 Monday .. 7 Sunday */
  guint8 month;
  guint8 mday;
  guint16 yday;   /* 1 .. 366 */
} DayInfo;

/* What a moment is: seconds since the first day of the day table, 00:00 UTC.
 * Days are Julian day numbers (GDate's). */
typedef gint64 Moment;

typedef struct
{
  guint      index;
  char       id[24];
  gboolean   brazilian;
  Segment    segment;
  Shape      shape;
  PomarStage stage;
  char      *name;
  char      *domain;
  const char *owner;
  const char *currency;
  const char *plan;
  gint64     seats;          /* what usage is drawn against, known or not */
  gboolean   seats_known;
  double     arr;

  guint32    start;          /* contract_start */
  guint32    renewal;
  guint32    churn;          /* 0 unless churned */
  guint32    last_day;       /* of usage: today, or the churn day */
  Moment     created;

  PomarStage history[MAX_HISTORY];
  guint32    history_day[MAX_HISTORY];
  guint      n_history;

  /* usage */
  double     plateau;
  double     tau;
  double     weekend;
  double     sessions_per_user;
  double     events_per_session;
  double     f_reports;
  double     f_dashboards;
  double     f_exports;
  double     f_api;
  guint32    decline_start;
  double     decline_floor;
  double     season_amplitude;
  double     season_phase;

  /* contacts, kept for responses and activity bodies */
  guint      n_contacts;
  char       contact_id[MAX_CONTACTS][24];
  char       contact_first[MAX_CONTACTS][32];

  /* what the playbooks react to */
  Moment     last_detractor;  /* -1: none */
  Moment     urgent_created;  /* -1: no urgent ticket */
  Moment     urgent_solved;   /* -1: still open */
} Plan;

/* The built-in playbooks the book runs, by id (pomar-playbook.h). */
typedef enum
{
  PLAYBOOK_ONBOARDING,
  PLAYBOOK_ENGAGEMENT,
  PLAYBOOK_RISK_RECOVERY,
  PLAYBOOK_DETRACTOR_FOLLOW_UP,
  PLAYBOOK_TECHNICAL_ESCALATION,
  PLAYBOOK_RENEWAL,
  N_PLAYBOOKS
} Playbook;

static const char * const playbook_ids[N_PLAYBOOKS] = {
  [PLAYBOOK_ONBOARDING] = "onboarding",
  [PLAYBOOK_ENGAGEMENT] = "engagement",
  [PLAYBOOK_RISK_RECOVERY] = "risk-recovery",
  [PLAYBOOK_DETRACTOR_FOLLOW_UP] = "detractor-follow-up",
  [PLAYBOOK_TECHNICAL_ESCALATION] = "technical-escalation",
  [PLAYBOOK_RENEWAL] = "renewal",
};

typedef struct
{
  PomarDemoSink         sink;
  gpointer              user_data;

  guint64     seed;
  guint32     today;
  guint32     day0;
  guint       n_days;
  DayInfo    *days;
  Moment      now;

  GHashTable *names;
  GHashTable *domains;
  guint64     next_contact;
  guint64     next_ticket;
  guint64     next_response;

  GArray     *moments;   /* scratch for sorting a batch of times */
  GString    *scratch;

  /* The built-in templates in their English source texts: the book is the
   * same in every language, like what a server would send. */
  PomarPlaybookCatalog        *catalog;
  const PomarPlaybookTemplate *playbooks[N_PLAYBOOKS];
} Generator;

static inline const DayInfo *
day_info (Generator *gen,
          guint32    jd)
{
  g_assert (jd >= gen->day0 && jd - gen->day0 < gen->n_days);
  return &gen->days[jd - gen->day0];
}

static inline Moment
moment_at (Generator *gen,
           guint32    jd,
           gint64     seconds)
{
  return (Moment) (jd - gen->day0) * SECONDS_PER_DAY + seconds;
}

static inline guint32
moment_day (Generator *gen,
            Moment     m)
{
  return gen->day0 + (guint32) (m / SECONDS_PER_DAY);
}

/* A time of day when people of that country are at work, in UTC. */
static inline gint64
business_seconds (Rng      *rng,
                  gboolean  brazilian)
{
  return brazilian ? rng_range (rng, 11 * 3600, 21 * 3600)
                   : rng_range (rng, 13 * 3600, 23 * 3600);
}

static inline Moment
business_moment (Generator *gen,
                  Rng       *rng,
                  guint32    jd,
                  gboolean   brazilian)
{
  Moment m = moment_at (gen, jd, business_seconds (rng, brazilian));

  return MIN (m, gen->now);
}

static inline char *
put_2digits (char *p,
             guint v)
{
  *p++ = '0' + v / 10;
  *p++ = '0' + v % 10;
  return p;
}

/* RFC 3339 in UTC: "2026-11-20T09:12:44Z" into @buf (at least 21 bytes). */
static void
format_moment (Generator *gen,
               Moment     m,
               char      *buf)
{
  guint seconds = (guint) (m % SECONDS_PER_DAY);
  char *p = buf;

  memcpy (p, day_info (gen, moment_day (gen, m))->str, 10);
  p += 10;
  *p++ = 'T';
  p = put_2digits (p, seconds / 3600);
  *p++ = ':';
  p = put_2digits (p, seconds / 60 % 60);
  *p++ = ':';
  p = put_2digits (p, seconds % 60);
  *p++ = 'Z';
  *p = '\0';
}

static char *
put_uint (char    *p,
          guint64  v)
{
  char tmp[24];
  guint n = 0;

  do
    {
      tmp[n++] = '0' + v % 10;
      v /= 10;
    }
  while (v > 0);
  while (n > 0)
    *p++ = tmp[--n];
  return p;
}

static char *
put_str (char       *p,
         const char *s)
{
  gsize len = strlen (s);

  memcpy (p, s, len);
  return p + len;
}

/* A UUID-like id (version 4 layout) drawn from @rng. */
static void
make_uuid (Rng  *rng,
           char *buf)
{
  static const char hex[] = "0123456789abcdef";
  guint8 bytes[16];
  guint64 a = rng_next (rng);
  guint64 b = rng_next (rng);
  char *p = buf;

  for (guint i = 0; i < 8; i++)
    {
      bytes[i] = (guint8) (a >> (i * 8));
      bytes[8 + i] = (guint8) (b >> (i * 8));
    }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = hex[bytes[i] >> 4];
      *p++ = hex[bytes[i] & 0x0f];
    }
  *p = '\0';
}

/* Lowercase ASCII letters and digits of @text: accents dropped (a cedilla is
 * a c), spaces and punctuation removed. For domains and e-mail addresses. */
static void
append_slug (GString    *out,
             const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char a = 0;

      if (c < 0x80)
        {
          if (g_ascii_isalnum ((char) c))
            a = g_ascii_tolower ((char) c);
        }
      else
        {
          switch (g_unichar_tolower (c))
            {
            case 0xe0: case 0xe1: case 0xe2: case 0xe3: case 0xe4:
              a = 'a';
              break;
            case 0xe7:
              a = 'c';
              break;
            case 0xe8: case 0xe9: case 0xea: case 0xeb:
              a = 'e';
              break;
            case 0xec: case 0xed: case 0xee: case 0xef:
              a = 'i';
              break;
            case 0xf1:
              a = 'n';
              break;
            case 0xf2: case 0xf3: case 0xf4: case 0xf5: case 0xf6:
              a = 'o';
              break;
            case 0xf9: case 0xfa: case 0xfb: case 0xfc:
              a = 'u';
              break;
            default:
              break;
            }
        }
      if (a != 0)
        g_string_append_c (out, a);
    }
}

static guint32
add_years (guint32 jd,
           int     years)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, jd);
  if (years >= 0)
    g_date_add_years (&date, years);
  else
    g_date_subtract_years (&date, -years);
  return g_date_get_julian (&date);
}

/* Company names. Brazilian ones are a trade and a name ("Padaria Estrela"),
 * a name and a product ("Acme Tintas") or a family name; the others are an
 * adjective, a noun and an industry ("Blue Harbor Analytics"), the two run
 * together ("Northwind Logistics") or a family name. The legal suffix is
 * kept apart: it is left out of the domain. */
static void
draw_name (Rng     *rng,
           gboolean brazilian,
           Segment  segment,
           GString *core,
           GString *legal)
{
  double r = rng_double (rng);

  g_string_truncate (core, 0);
  g_string_truncate (legal, 0);

  if (brazilian)
    {
      if (r < 0.40)
        g_string_append_printf (core, "%s %s", rng_word (rng, &pomar_demo_br_trades),
                                rng_word (rng, &pomar_demo_br_fancy));
      else if (r < 0.75)
        g_string_append_printf (core, "%s %s", rng_word (rng, &pomar_demo_br_fancy),
                                rng_word (rng, &pomar_demo_br_products));
      else if (r < 0.90)
        g_string_append_printf (core, "%s %s", rng_word (rng, &pomar_demo_br_surnames),
                                rng_word (rng, &pomar_demo_br_products));
      else
        g_string_append_printf (core, "%s & %s", rng_word (rng, &pomar_demo_br_surnames),
                                rng_word (rng, &pomar_demo_br_surnames));

      /* ME and EPP are the legal forms of micro and small companies. */
      if (segment == SEGMENT_ENTERPRISE)
        g_string_append (legal, rng_chance (rng, 0.6) ? "S.A." : "Ltda");
      else if (segment == SEGMENT_MID_MARKET && rng_chance (rng, 0.6))
        g_string_append (legal, rng_chance (rng, 0.8) ? "Ltda" : "S.A.");
      else if (segment == SEGMENT_SMB && rng_chance (rng, 0.45))
        g_string_append (legal, rng_word (rng, &pomar_demo_br_legal));
    }
  else
    {
      if (r < 0.45)
        g_string_append_printf (core, "%s %s %s", rng_word (rng, &pomar_demo_en_adjectives),
                                rng_word (rng, &pomar_demo_en_nouns),
                                rng_word (rng, &pomar_demo_en_industries));
      else if (r < 0.80)
        {
          const char *adjective = rng_word (rng, &pomar_demo_en_adjectives);
          const char *noun = rng_word (rng, &pomar_demo_en_nouns);

          g_string_append_printf (core, "%s%c%s %s", adjective, g_ascii_tolower (noun[0]),
                                  noun + 1, rng_word (rng, &pomar_demo_en_industries));
        }
      else if (r < 0.92)
        g_string_append_printf (core, "%s %s", rng_word (rng, &pomar_demo_en_surnames),
                                rng_word (rng, &pomar_demo_en_industries));
      else
        g_string_append_printf (core, "%s & %s", rng_word (rng, &pomar_demo_en_surnames),
                                rng_word (rng, &pomar_demo_en_surnames));

      if (rng_chance (rng, 0.35))
        g_string_append (legal, rng_word (rng, &pomar_demo_en_legal));
    }
}

/* A name no earlier account has, and a domain derived from it that no
 * earlier account has either. Draws come from the account's own name stream
 * so that a retry here changes nothing else about the account. */
static void
plan_name (Generator *gen,
           Plan      *plan)
{
  g_autoptr (GString) core = g_string_new (NULL);
  g_autoptr (GString) legal = g_string_new (NULL);
  g_autoptr (GString) name = g_string_new (NULL);
  g_autoptr (GString) domain = g_string_new (NULL);
  const char *tld;
  gsize slug_len;
  Rng rng;

  rng_init (&rng, gen->seed, plan->index, STREAM_NAME);

  for (guint attempt = 0;; attempt++)
    {
      draw_name (&rng, plan->brazilian, plan->segment, core, legal);
      /* Past a dozen misses the lists are crowded: name the branch's city,
       * then number it, as real companies do. */
      if (attempt >= 12)
        g_string_append_printf (core, " %s",
                                rng_word (&rng, plan->brazilian ? &pomar_demo_br_cities
                                                                : &pomar_demo_en_cities));
      if (attempt >= 24)
        g_string_append_printf (core, " %u", attempt - 22);

      g_string_assign (name, core->str);
      if (legal->len > 0)
        g_string_append_printf (name, " %s", legal->str);

      if (plan->brazilian)
        tld = ".com.br";
      else
        {
          double r = rng_double (&rng);

          tld = r < 0.7 ? ".com" : r < 0.85 ? ".io" : ".co";
        }
      g_string_truncate (domain, 0);
      append_slug (domain, core->str);
      slug_len = domain->len;
      g_string_append (domain, tld);

      /* "Siqueira Tintas" and "Siqueira Tintas Ltda" would share a domain:
       * draw again rather than number it. */
      if (!g_hash_table_contains (gen->names, name->str)
          && (attempt >= 30 || !g_hash_table_contains (gen->domains, domain->str)))
        break;
    }

  for (guint n = 2; g_hash_table_contains (gen->domains, domain->str); n++)
    {
      g_string_truncate (domain, slug_len);
      g_string_append_printf (domain, "%u%s", n, tld);
    }

  plan->name = g_strdup (name->str);
  plan->domain = g_strdup (domain->str);
  g_hash_table_add (gen->names, g_strdup (plan->name));
  g_hash_table_add (gen->domains, g_strdup (plan->domain));
}

static void
add_history (Plan       *plan,
             PomarStage  stage,
             guint32     jd)
{
  g_assert (plan->n_history < MAX_HISTORY);
  plan->history[plan->n_history] = stage;
  plan->history_day[plan->n_history] = jd;
  plan->n_history++;
}

/* Who the account is, how long it has been a customer, where it is in the
 * journey and how its usage moves. The mix: about 6 % onboarding, 10 %
 * engagement, 8 % churned, the rest nurture or (healthy and growing) inspire. */
static void
plan_account (Generator *gen,
              Plan      *plan,
              guint      index)
{
  static const double segment_weights[] = { 15, 35, 50 };
  const guint32 today = gen->today;
  double kind;
  double seats_position;
  double arr_min;
  double arr_max;
  guint32 age = 0;
  guint32 window_start;
  guint32 engagement_day;
  guint32 nurture_day;
  Rng rng;

  memset (plan, 0, sizeof *plan);
  plan->index = index;
  g_snprintf (plan->id, sizeof plan->id, "acc_%04u", index + 1);
  plan->last_detractor = -1;
  plan->urgent_created = -1;
  plan->urgent_solved = -1;

  rng_init (&rng, gen->seed, index, STREAM_PLAN);

  plan->brazilian = rng_chance (&rng, 0.6);
  plan->segment = (Segment) rng_weighted (&rng, segment_weights, G_N_ELEMENTS (segment_weights));

  kind = rng_double (&rng);
  if (kind < 0.06)
    {
      age = (guint32) rng_range (&rng, 1, 44);
      plan->stage = POMAR_STAGE_ONBOARDING;
      plan->shape = SHAPE_RAMP;
    }
  else if (kind < 0.16)
    {
      age = (guint32) rng_range (&rng, 45, 125);
      plan->stage = POMAR_STAGE_ENGAGEMENT;
      plan->shape = SHAPE_RAMP;
    }
  else if (kind < 0.24)
    {
      static const double years_weights[] = { 70, 30 };
      int years = 1 + (int) rng_weighted (&rng, years_weights, G_N_ELEMENTS (years_weights));
      guint32 anniversary;

      /* Customers leave at a renewal, or a few days after it; the contract
       * started at most three years ago, as every other one. */
      plan->churn = today - (guint32) rng_range (&rng, 10, MIN (480, 1095 - 366 * years));
      anniversary = plan->churn - (guint32) rng_range (&rng, 0, 6);
      plan->start = add_years (anniversary, -years);
      plan->renewal = anniversary;
      plan->stage = POMAR_STAGE_CHURNED;
      plan->shape = SHAPE_CHURNING;
    }
  else
    {
      static const double shape_weights[] = { 35, 25, 20, 20 };
      static const Shape shapes[] = { SHAPE_STEADY, SHAPE_GROWING, SHAPE_SEASONAL, SHAPE_DECLINING };

      /* Skewed towards younger accounts: a growing vendor signs more
       * customers every year. */
      age = 150 + (guint32) (945 * pow (rng_double (&rng), 1.25));
      plan->shape = shapes[rng_weighted (&rng, shape_weights, G_N_ELEMENTS (shape_weights))];
      plan->stage = POMAR_STAGE_NURTURE;
      if ((plan->shape == SHAPE_GROWING && rng_chance (&rng, 0.7))
          || (plan->shape == SHAPE_STEADY && rng_chance (&rng, 0.2))
          || (plan->shape == SHAPE_SEASONAL && rng_chance (&rng, 0.15)))
        plan->stage = POMAR_STAGE_INSPIRE;
    }

  if (plan->churn == 0)
    {
      int years = 1;

      plan->start = today - age;
      while (add_years (plan->start, years) <= today)
        years++;
      plan->renewal = add_years (plan->start, years);
      plan->last_day = today;
    }
  else
    plan->last_day = plan->churn;

  /* The journey so far: every stage change is a day in the history. */
  engagement_day = plan->start + (guint32) rng_range (&rng, 21, 44);
  nurture_day = engagement_day + (guint32) rng_range (&rng, 60, 100);
  add_history (plan, POMAR_STAGE_ONBOARDING, plan->start);
  if (plan->stage != POMAR_STAGE_ONBOARDING)
    add_history (plan, POMAR_STAGE_ENGAGEMENT, engagement_day);
  if (plan->stage == POMAR_STAGE_NURTURE || plan->stage == POMAR_STAGE_INSPIRE
      || plan->stage == POMAR_STAGE_CHURNED)
    add_history (plan, POMAR_STAGE_NURTURE, nurture_day);
  if (plan->stage == POMAR_STAGE_INSPIRE)
    add_history (plan, POMAR_STAGE_INSPIRE,
                 nurture_day + (guint32) ((today - nurture_day) * rng_uniform (&rng, 0.2, 0.9)));
  if (plan->stage == POMAR_STAGE_CHURNED)
    add_history (plan, POMAR_STAGE_CHURNED, plan->churn);

  plan->created = moment_at (gen, plan->start - (guint32) rng_range (&rng, 2, 20),
                             business_seconds (&rng, plan->brazilian));

  /* Managers mostly look after customers of their own country. */
  if (rng_chance (&rng, plan->brazilian ? 0.85 : 0.15))
    plan->owner = owners[rng_range (&rng, 0, N_BR_OWNERS - 1)];
  else
    plan->owner = owners[rng_range (&rng, N_BR_OWNERS, G_N_ELEMENTS (owners) - 1)];
  plan->currency = plan->brazilian && !rng_chance (&rng, 0.05) ? "BRL" : "USD";

  /* Seats, then ARR: where the seats sit in the segment's range, blurred a
   * little (discounts, add-ons), mapped onto the segment's ARR range. */
  switch (plan->segment)
    {
    case SEGMENT_ENTERPRISE:
      seats_position = pow (rng_double (&rng), 2);
      plan->seats = 250 + (gint64) (1750 * seats_position);
      arr_min = 150000;
      arr_max = 900000;
      plan->plan = rng_chance (&rng, 0.7) ? "Enterprise" : "Business";
      break;
    case SEGMENT_MID_MARKET:
      seats_position = pow (rng_double (&rng), 1.5);
      plan->seats = 40 + (gint64) (260 * seats_position);
      arr_min = 30000;
      arr_max = 150000;
      plan->plan = rng_chance (&rng, 0.55) ? "Pro" : "Business";
      break;
    case SEGMENT_SMB:
    default:
      seats_position = pow (rng_double (&rng), 1.5);
      plan->seats = 5 + (gint64) (45 * seats_position);
      arr_min = 6000;
      arr_max = 30000;
      plan->plan = rng_chance (&rng, 0.6) ? "Starter" : "Pro";
      break;
    }
  seats_position = 0.85 * seats_position + 0.15 * rng_double (&rng);
  plan->arr = round ((arr_min + (arr_max - arr_min) * seats_position) / 100) * 100;
  plan->seats_known = !rng_chance (&rng, 0.02);

  /* Usage: a plateau of active seats reached after an onboarding ramp,
   * shaped by the account's trend, lower at weekends. */
  plan->plateau = plan->shape == SHAPE_DECLINING || plan->shape == SHAPE_CHURNING
                  ? rng_uniform (&rng, 0.5, 0.8) : rng_uniform (&rng, 0.55, 0.9);
  plan->tau = plan->stage == POMAR_STAGE_ONBOARDING && rng_chance (&rng, 0.25)
              ? rng_uniform (&rng, 25, 45) : rng_uniform (&rng, 5, 18);
  plan->weekend = rng_uniform (&rng, 0.15, 0.3);
  plan->sessions_per_user = rng_uniform (&rng, 1.5, 3.0);
  plan->events_per_session = rng_uniform (&rng, 20, 80);
  plan->f_reports = rng_uniform (&rng, 0.015, 0.04);
  plan->f_dashboards = rng_uniform (&rng, 0.004, 0.015);
  plan->f_exports = rng_uniform (&rng, 0.0005, 0.003);
  plan->f_api = plan->segment == SEGMENT_ENTERPRISE ? rng_uniform (&rng, 0.05, 0.2) : 0;
  plan->season_amplitude = rng_uniform (&rng, 0.2, 0.4);
  plan->season_phase = rng_uniform (&rng, 0, 365);
  if (plan->shape == SHAPE_DECLINING)
    {
      plan->decline_start = today - (guint32) rng_range (&rng, 45, 200);
      plan->decline_floor = rng_uniform (&rng, 0.25, 0.45);
    }
  else if (plan->shape == SHAPE_CHURNING)
    {
      plan->decline_start = plan->churn - (guint32) rng_range (&rng, 90, 200);
      plan->decline_floor = rng_uniform (&rng, 0.05, 0.15);
    }
  window_start = MAX (plan->start, today - (POMAR_DEMO_USAGE_DAYS - 1));
  plan->decline_start = MAX (plan->decline_start, MIN (window_start + 30, plan->last_day));

  plan_name (gen, plan);
}

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->name, g_free);
  g_clear_pointer (&plan->domain, g_free);
}

static gboolean
emit (Generator            *gen,
      PomarDemoRecordKind   kind,
      gconstpointer         record,
      GError              **error)
{
  GError *local_error = NULL;

  if (gen->sink (kind, record, gen->user_data, &local_error))
    return TRUE;

  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else
    g_set_error (error, POMAR_ERROR, POMAR_ERROR_FAILED,
                 _("The demo book could not be stored"));
  return FALSE;
}

static Moment
recent_moment (Generator *gen,
               Rng       *rng,
               Moment     not_before,
               double     max_days)
{
  Moment m = gen->now - (Moment) (rng_double (rng) * max_days * SECONDS_PER_DAY);

  return CLAMP (m, not_before, gen->now);
}

static gboolean
emit_account (Generator  *gen,
              Plan       *plan,
              Rng        *rng,
              GError    **error)
{
  PomarAccount account = { 0 };
  char updated_at[24];
  char created_at[24];
  Moment last_change;

  last_change = moment_at (gen, plan->history_day[plan->n_history - 1], 12 * 3600);
  format_moment (gen, recent_moment (gen, rng, MAX (plan->created, last_change), 20),
                 updated_at);
  format_moment (gen, plan->created, created_at);

  account.id = plan->id;
  account.version = 1 + plan->n_history + rng_range (rng, 0, 8);
  account.updated_at = updated_at;
  account.name = plan->name;
  account.domain = plan->domain;
  account.segment = STR (segment_ids[plan->segment]);
  account.owner = STR (plan->owner);
  account.stage = STR (pomar_stage_to_id (plan->stage));
  account.arr = plan->arr;
  account.currency = STR (plan->currency);
  account.plan = STR (plan->plan);
  account.licensed_seats = plan->seats_known ? plan->seats : POMAR_NO_INT;
  account.contract_start = STR (day_info (gen, plan->start)->str);
  account.renewal_date = STR (day_info (gen, plan->renewal)->str);
  account.created_at = created_at;

  return emit (gen, POMAR_DEMO_ACCOUNT, &account, error);
}

/* "Diretor Comercial|Diretora Comercial": the half that agrees. */
static void
pick_title (const char *pair,
            gboolean    female,
            char       *buf,
            gsize       size)
{
  const char *bar = strchr (pair, '|');

  if (bar == NULL)
    g_strlcpy (buf, pair, size);
  else if (female)
    g_strlcpy (buf, bar + 1, size);
  else
    g_strlcpy (buf, pair, MIN (size, (gsize) (bar - pair) + 1));
}

static gboolean
emit_contacts (Generator  *gen,
               Plan       *plan,
               Rng        *rng,
               GError    **error)
{
  char emails[MAX_CONTACTS][128];

  switch (plan->segment)
    {
    case SEGMENT_ENTERPRISE:
      plan->n_contacts = (guint) rng_range (rng, 4, 6);
      break;
    case SEGMENT_MID_MARKET:
      plan->n_contacts = (guint) rng_range (rng, 3, 5);
      break;
    case SEGMENT_SMB:
    default:
      plan->n_contacts = (guint) rng_range (rng, 2, 3);
      break;
    }

  for (guint i = 0; i < plan->n_contacts; i++)
    {
      PomarContact contact = { 0 };
      const char *role = NULL;
      Role role_index;
      gboolean female = rng_chance (rng, 0.5);
      const char *first;
      const char *last;
      char name[96];
      char title[96];
      char updated_at[24];
      GString *email = gen->scratch;

      if (i == 0)
        role_index = ROLE_CHAMPION;
      else if (i == 1)
        role_index = ROLE_DECISION_MAKER;
      else if (i == 2 && rng_chance (rng, 0.6))
        role_index = ROLE_BILLING;
      else
        role_index = ROLE_USER;
      /* Some people in the CRM were never given a role. */
      if (!(role_index == ROLE_USER && rng_chance (rng, 0.05)))
        role = role_ids[role_index];

      if (plan->brazilian)
        {
          first = rng_word (rng, female ? &pomar_demo_br_first_female : &pomar_demo_br_first_male);
          last = rng_word (rng, &pomar_demo_br_surnames);
          pick_title (rng_word (rng, &pomar_demo_br_titles[role_index]), female,
                      title, sizeof title);
        }
      else
        {
          first = rng_word (rng, &pomar_demo_en_first_names);
          last = rng_word (rng, &pomar_demo_en_surnames);
          g_strlcpy (title, rng_word (rng, &pomar_demo_en_titles[role_index]), sizeof title);
        }
      g_snprintf (name, sizeof name, "%s %s", first, last);

      g_string_truncate (email, 0);
      append_slug (email, first);
      g_string_append_c (email, '.');
      append_slug (email, last);
      for (guint j = 0; j < i; j++)
        {
          /* Two people of the same name in one company: the second one
           * gets a number, as mail servers do. */
          if (g_str_has_prefix (emails[j], email->str) && emails[j][email->len] == '@')
            {
              g_string_append_printf (email, "%u", i + 1);
              break;
            }
        }
      g_string_append_printf (email, "@%s", plan->domain);
      g_strlcpy (emails[i], email->str, sizeof emails[i]);

      g_snprintf (plan->contact_id[i], sizeof plan->contact_id[i],
                  "con_%" G_GUINT64_FORMAT, ++gen->next_contact);
      g_strlcpy (plan->contact_first[i], first, sizeof plan->contact_first[i]);
      format_moment (gen, recent_moment (gen, rng, plan->created, 400), updated_at);

      contact.id = plan->contact_id[i];
      contact.version = rng_range (rng, 1, 4);
      contact.updated_at = updated_at;
      contact.account_id = plan->id;
      contact.name = name;
      contact.email = emails[i];
      contact.title = title;
      contact.role = STR (role);
      if (!emit (gen, POMAR_DEMO_CONTACT, &contact, error))
        return FALSE;
    }
  return TRUE;
}

static int
compare_moments (gconstpointer a,
                 gconstpointer b)
{
  Moment x = *(const Moment *) a;
  Moment y = *(const Moment *) b;

  return x < y ? -1 : x > y;
}

/* @n business moments on days in [@first, @last], sorted, into gen->moments.
 * A share @recent_share of them falls in the last @recent_days of the span:
 * recent weeks are always busier than a year ago in a support queue. */
static void
draw_moments (Generator *gen,
              Plan      *plan,
              Rng       *rng,
              guint      n,
              guint32    first,
              guint32    last,
              double     recent_share,
              guint32    recent_days)
{
  guint32 span = last - first + 1;

  g_array_set_size (gen->moments, 0);
  for (guint i = 0; i < n; i++)
    {
      guint32 jd;
      Moment m;

      if (rng_chance (rng, recent_share))
        jd = last - (guint32) rng_range (rng, 0, MIN (span, recent_days) - 1);
      else
        jd = first + (guint32) rng_range (rng, 0, span - 1);
      m = business_moment (gen, rng, jd, plan->brazilian);
      if (plan->churn != 0)
        m = MIN (m, moment_at (gen, plan->churn, 20 * 3600));
      g_array_append_val (gen->moments, m);
    }
  g_array_sort (gen->moments, compare_moments);
}

static gboolean
emit_tickets (Generator  *gen,
              Plan       *plan,
              Rng        *rng,
              GError    **error)
{
  static const char * const priorities[] = { "low", "normal", "high", "urgent" };
  static const double priority_weights[] = { 20, 50, 22, 8 };
  static const double risky_priority_weights[] = { 12, 45, 30, 13 };
  static const double median_hours[] = { 96, 40, 18, 6 };
  static const char * const open_statuses[] = { "open", "pending", "hold" };
  static const double open_weights[] = { 55, 30, 15 };
  gboolean risky = plan->shape == SHAPE_DECLINING || plan->shape == SHAPE_CHURNING;
  guint32 first = MAX (plan->start, gen->today - 730);
  guint32 last = plan->last_day;
  double per_year;
  double mean;
  guint n;

  switch (plan->segment)
    {
    case SEGMENT_ENTERPRISE:
      per_year = 12;
      break;
    case SEGMENT_MID_MARKET:
      per_year = 7;
      break;
    case SEGMENT_SMB:
    default:
      per_year = 4;
      break;
    }
  if (risky)
    per_year *= 1.6;
  mean = per_year * (last - first + 1) / 365.0;
  /* New customers ask a lot of questions. */
  if (plan->start >= first)
    mean += 2;
  n = rng_poisson (rng, mean);
  draw_moments (gen, plan, rng, n, first, last, 0.3, 60);

  for (guint i = 0; i < n; i++)
    {
      PomarTicket ticket = { 0 };
      Moment created = g_array_index (gen->moments, Moment, i);
      double age_days = (double) (gen->now - created) / SECONDS_PER_DAY;
      const PomarDemoSubject *subject;
      guint priority;
      gboolean open;
      Moment solved = -1;
      Moment updated;
      char id[32];
      char created_at[24];
      char solved_at[24];
      char updated_at[24];

      priority = rng_weighted (rng, risky ? risky_priority_weights : priority_weights, 4);
      subject = plan->brazilian
                ? &pomar_demo_br_subjects[rng_range (rng, 0, pomar_demo_n_br_subjects - 1)]
                : &pomar_demo_en_subjects[rng_range (rng, 0, pomar_demo_n_en_subjects - 1)];

      /* Fresh tickets are mostly still open; a few old ones linger on hold
       * or waiting for the customer. A churned customer's are all closed. */
      open = plan->churn == 0
             && rng_chance (rng, 0.09 + 0.85 * exp (-age_days / 25.0));

      ticket.id = id;
      g_snprintf (id, sizeof id, "tkt_%" G_GUINT64_FORMAT, ++gen->next_ticket);
      ticket.account_id = plan->id;
      ticket.subject = STR (subject->subject);
      ticket.priority = STR (priorities[priority]);
      ticket.type = rng_chance (rng, 0.03) ? NULL : STR (subject->type);
      format_moment (gen, created, created_at);
      ticket.created_at = created_at;

      if (open)
        {
          if (age_days < 1 && rng_chance (rng, 0.6))
            ticket.status = STR ("new");
          else
            ticket.status = STR (open_statuses[rng_weighted (rng, open_weights, 3)]);
          updated = created + (Moment) ((gen->now - created) * rng_double (rng));
          ticket.version = rng_range (rng, 1, 4);
        }
      else
        {
          Moment limit = plan->churn != 0 ? moment_at (gen, plan->churn, 21 * 3600) : gen->now;
          double hours = median_hours[priority] * exp (rng_gauss (rng));

          solved = created + (Moment) (hours * 3600);
          if (solved > limit - 3600)
            solved = created + (Moment) (MAX (0, limit - created) * rng_uniform (rng, 0.3, 0.9));
          format_moment (gen, solved, solved_at);
          ticket.solved_at = solved_at;
          /* The help desk closes a solved ticket after four days. */
          if (gen->now - solved < 4 * SECONDS_PER_DAY)
            {
              ticket.status = STR ("solved");
              updated = solved;
            }
          else
            {
              ticket.status = STR ("closed");
              updated = MIN (solved + 4 * SECONDS_PER_DAY, gen->now);
            }
          ticket.version = rng_range (rng, 2, 7);
        }
      format_moment (gen, updated, updated_at);
      ticket.updated_at = updated_at;

      if (priority == 3)
        {
          plan->urgent_created = created;
          plan->urgent_solved = solved;
        }

      if (!emit (gen, POMAR_DEMO_TICKET, &ticket, error))
        return FALSE;
    }
  return TRUE;
}

/* The share of seats in use on @jd, before weekends and noise. */
static inline double
usage_level (Generator *gen,
             Plan      *plan,
             guint32    jd,
             guint32    window_start)
{
  const DayInfo *day = day_info (gen, jd);
  double t = jd - plan->start;
  double level = plan->plateau;

  if (t < 12 * plan->tau)
    level *= 0.06 + 0.94 * (1 - exp (-t / plan->tau));

  switch (plan->shape)
    {
    case SHAPE_GROWING:
      if (plan->last_day > window_start)
        level *= 0.55 + 0.45 * (double) (jd - window_start) / (plan->last_day - window_start);
      break;
    case SHAPE_DECLINING:
    case SHAPE_CHURNING:
      if (jd > plan->decline_start && plan->last_day > plan->decline_start)
        level *= 1 - (1 - plan->decline_floor) * (double) (jd - plan->decline_start)
                       / (plan->last_day - plan->decline_start);
      break;
    case SHAPE_SEASONAL:
      level *= 1 + plan->season_amplitude * sin (2 * G_PI * (day->yday + plan->season_phase) / 365.25);
      break;
    case SHAPE_RAMP:
    case SHAPE_STEADY:
    default:
      break;
    }

  if (day->weekday == G_DATE_SATURDAY)
    level *= plan->weekend;
  else if (day->weekday == G_DATE_SUNDAY)
    level *= plan->weekend * 0.8;

  /* The days between Christmas and New Year are quiet everywhere. */
  if ((day->month == 12 && day->mday >= 24) || (day->month == 1 && day->mday == 1))
    level *= 0.5;

  return level;
}

static gboolean
emit_usage (Generator  *gen,
            Plan       *plan,
            GError    **error)
{
  guint32 window_start = MAX (plan->start, gen->today - (POMAR_DEMO_USAGE_DAYS - 1));
  gsize id_len = strlen (plan->id);
  char id[48];
  char updated_at[24];
  char features[160];
  PomarUsage usage = { 0 };
  Rng rng;

  rng_init (&rng, gen->seed, plan->index, STREAM_USAGE);

  memcpy (id, plan->id, id_len);
  id[id_len] = ':';
  usage.id = id;
  usage.version = 1;
  usage.updated_at = updated_at;
  usage.account_id = plan->id;
  usage.features_json = features;

  for (guint32 jd = window_start; jd <= plan->last_day; jd++)
    {
      const DayInfo *day = day_info (gen, jd);
      double level = usage_level (gen, plan, jd, window_start);
      gint64 active;
      gint64 sessions;
      gint64 events;
      Moment updated;
      char *p;

      level *= 1 + 0.08 * rng_gauss (&rng);
      level = CLAMP (level, 0, 0.98);
      active = MIN ((gint64) llround (plan->seats * level), plan->seats);
      /* (MIN and MAX are macros: never a draw inside them.) */
      sessions = llround (active * plan->sessions_per_user * (1 + 0.1 * rng_gauss (&rng)));
      sessions = MAX (sessions, active);
      events = llround (sessions * plan->events_per_session * (1 + 0.15 * rng_gauss (&rng)));
      events = MAX (events, sessions);

      memcpy (id + id_len + 1, day->str, 11);
      usage.day = id + id_len + 1;
      usage.active_users = active;
      usage.sessions = sessions;
      usage.events = events;

      /* The usage pipeline lands a day's row in the small hours after it. */
      updated = moment_at (gen, jd + 1, rng_range (&rng, 2 * 3600, 4 * 3600));
      updated = MIN (updated, gen->now);
      format_moment (gen, updated, updated_at);

      p = features;
      p = put_str (p, "{\"reports\":");
      p = put_uint (p, (guint64) llround (events * plan->f_reports));
      p = put_str (p, ",\"dashboards\":");
      p = put_uint (p, (guint64) llround (events * plan->f_dashboards));
      p = put_str (p, ",\"exports\":");
      p = put_uint (p, (guint64) llround (events * plan->f_exports));
      if (plan->f_api > 0)
        {
          p = put_str (p, ",\"api_calls\":");
          p = put_uint (p, (guint64) llround (events * plan->f_api));
        }
      p = put_str (p, "}");
      *p = '\0';

      if (!emit (gen, POMAR_DEMO_USAGE, &usage, error))
        return FALSE;
    }
  return TRUE;
}

typedef enum
{
  MOOD_HAPPY,
  MOOD_MIXED,
  MOOD_UNHAPPY,
} Mood;

static Mood
mood_on (Plan    *plan,
         guint32  jd)
{
  if (plan->stage == POMAR_STAGE_INSPIRE || plan->shape == SHAPE_GROWING)
    return MOOD_HAPPY;
  if ((plan->shape == SHAPE_DECLINING || plan->shape == SHAPE_CHURNING)
      && jd + 30 >= plan->decline_start)
    return MOOD_UNHAPPY;
  return MOOD_MIXED;
}

static gboolean
emit_responses (Generator  *gen,
                Plan       *plan,
                Rng        *rng,
                GError    **error)
{
  /* promoter, passive, detractor */
  static const double nps_weights[3][3] = {
    [MOOD_HAPPY] = { 70, 22, 8 },
    [MOOD_MIXED] = { 42, 36, 22 },
    [MOOD_UNHAPPY] = { 12, 30, 58 },
  };
  static const double detractor_scores[] = { 1, 1, 1, 2, 3, 4, 5 };
  /* scores 1 to 5 */
  static const double csat_weights[3][5] = {
    [MOOD_HAPPY] = { 2, 2, 6, 35, 55 },
    [MOOD_MIXED] = { 5, 8, 15, 37, 35 },
    [MOOD_UNHAPPY] = { 15, 20, 25, 25, 15 },
  };
  const PomarDemoWords *comments = plan->brazilian ? pomar_demo_br_comments : pomar_demo_en_comments;
  guint32 first = MAX (plan->start + 14, gen->today - (POMAR_DEMO_USAGE_DAYS - 1));
  guint32 last = plan->last_day;
  guint n = 0;

  if (first <= last)
    n = rng_poisson (rng, 0.4 + 4.8 * (last - first + 1) / 365.0);
  draw_moments (gen, plan, rng, n, MIN (first, last), last, 0, 1);

  for (guint i = 0; i < n; i++)
    {
      PomarResponse response = { 0 };
      Moment responded = g_array_index (gen->moments, Moment, i);
      Mood mood = mood_on (plan, moment_day (gen, responded));
      const PomarDemoWords *comment_list = NULL;
      double comment_chance = 0.45;
      char id[32];
      char responded_at[24];

      g_snprintf (id, sizeof id, "rsp_%" G_GUINT64_FORMAT, ++gen->next_response);
      response.id = id;
      response.version = 1;
      response.account_id = plan->id;
      response.contact_id = plan->contact_id[rng_chance (rng, 0.4)
                                             ? 0 : rng_range (rng, 0, plan->n_contacts - 1)];

      if (rng_chance (rng, 0.65))
        {
          guint category = rng_weighted (rng, nps_weights[mood], 3);

          response.kind = STR ("nps");
          if (category == 0)
            response.score = rng_range (rng, 9, 10);
          else if (category == 1)
            response.score = rng_range (rng, 7, 8);
          else
            {
              response.score = rng_weighted (rng, detractor_scores, G_N_ELEMENTS (detractor_scores));
              comment_chance = 0.65;
              plan->last_detractor = responded;
            }
          comment_list = &comments[category];
        }
      else
        {
          response.kind = STR ("csat");
          response.score = 1 + rng_weighted (rng, csat_weights[mood], 5);
          if (response.score >= 4)
            comment_list = &comments[3];
          else if (response.score <= 2)
            comment_list = &comments[4];
          else
            comment_chance = 0;
        }
      if (comment_list != NULL && rng_chance (rng, comment_chance))
        response.comment = STR (rng_word (rng, comment_list));

      format_moment (gen, responded, responded_at);
      response.responded_at = responded_at;
      response.updated_at = responded_at;

      if (!emit (gen, POMAR_DEMO_RESPONSE, &response, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  Moment      when;
  int         kind;      /* index in activity_kinds */
  const char *body;      /* a template with "{c}", or NULL for a stage change */
  PomarStage  from;
  PomarStage  to;
} PlannedActivity;

static const char * const activity_kinds[] = { "note", "meeting", "email", "call", "stage_change" };
#define KIND_MEETING      1
#define KIND_STAGE_CHANGE 4

static int
compare_activities (gconstpointer a,
                    gconstpointer b)
{
  return compare_moments (&((const PlannedActivity *) a)->when,
                          &((const PlannedActivity *) b)->when);
}

static gboolean
emit_activities (Generator  *gen,
                 Plan       *plan,
                 Rng        *rng,
                 GError    **error)
{
  static const double kind_weights[] = { 35, 20, 25, 20 };
  const PomarDemoWords *bodies = plan->brazilian ? pomar_demo_br_bodies : pomar_demo_en_bodies;
  PlannedActivity planned[24];
  guint n_planned = 0;
  guint32 first = MAX (plan->start, gen->today - 730);
  guint32 last_touch;
  guint32 gap;
  guint n_touches;
  gboolean neglected;
  double r;

  /* How long since someone last spoke with the customer: mostly days,
   * sometimes weeks, and for some accounts (more of the ones in trouble)
   * months. */
  neglected = plan->shape == SHAPE_DECLINING || plan->shape == SHAPE_CHURNING;
  r = rng_double (rng);
  if (r < (neglected ? 0.35 : 0.6))
    gap = (guint32) rng_range (rng, 0, 14);
  else if (r < (neglected ? 0.6 : 0.85))
    gap = (guint32) rng_range (rng, 15, 59);
  else
    gap = (guint32) rng_range (rng, 61, 200);
  if (plan->stage == POMAR_STAGE_ONBOARDING)
    gap = (guint32) rng_range (rng, 0, MIN (10, plan->last_day - plan->start));
  last_touch = plan->last_day - MIN (gap, plan->last_day - first);
  if (last_touch == gen->today && gen->today > first)
    last_touch--;

  n_touches = (guint) rng_range (rng, 5, 11);
  n_touches = MIN (n_touches, 1 + (last_touch - first) / 7);

  for (guint i = 0; i < n_touches; i++)
    {
      PlannedActivity *a = &planned[n_planned++];
      guint32 jd;

      if (i == 0 && plan->start >= first)
        {
          /* The kick-off meeting opens every relationship. */
          a->kind = KIND_MEETING;
          a->body = bodies[KIND_MEETING].items[0];
          jd = plan->start;
        }
      else
        {
          const PomarDemoWords *list;

          a->kind = (int) rng_weighted (rng, kind_weights, G_N_ELEMENTS (kind_weights));
          list = &bodies[a->kind];
          /* Not the kick-off again: it is the first item of the meetings. */
          a->body = list->items[a->kind == KIND_MEETING ? rng_range (rng, 1, list->n - 1)
                                                        : rng_range (rng, 0, list->n - 1)];
          jd = i == n_touches - 1 ? last_touch
                                  : first + (guint32) rng_range (rng, 0, last_touch - first);
        }
      a->when = business_moment (gen, rng, jd, plan->brazilian);
    }

  for (guint i = 0; i < plan->n_history; i++)
    {
      PlannedActivity *a = &planned[n_planned++];

      a->kind = KIND_STAGE_CHANGE;
      a->body = NULL;
      a->from = i == 0 ? POMAR_STAGE_UNKNOWN : plan->history[i - 1];
      a->to = plan->history[i];
      /* Before any touch of the same day, and in order. */
      a->when = MIN (moment_at (gen, plan->history_day[i], 10 * 3600 + i), gen->now);
    }

  qsort (planned, n_planned, sizeof planned[0], compare_activities);

  for (guint i = 0; i < n_planned; i++)
    {
      PomarActivity activity = { 0 };
      PlannedActivity *a = &planned[i];
      GString *body = gen->scratch;
      char id[40];
      char occurred_at[24];

      make_uuid (rng, id);
      format_moment (gen, a->when, occurred_at);

      g_string_truncate (body, 0);
      if (a->kind == KIND_STAGE_CHANGE)
        {
          if (a->from == POMAR_STAGE_UNKNOWN)
            g_string_append_printf (body, "{\"from\":null,\"to\":\"%s\"}",
                                    pomar_stage_to_id (a->to));
          else
            g_string_append_printf (body, "{\"from\":\"%s\",\"to\":\"%s\"}",
                                    pomar_stage_to_id (a->from), pomar_stage_to_id (a->to));
        }
      else
        {
          g_string_append (body, a->body);
          g_string_replace (body, "{c}", plan->contact_first[0], 0);
        }

      activity.id = id;
      activity.version = 1;
      activity.updated_at = occurred_at;
      activity.account_id = plan->id;
      activity.kind = STR (activity_kinds[a->kind]);
      activity.author = STR (plan->owner);
      activity.body = body->str;
      activity.occurred_at = occurred_at;
      if (!emit (gen, POMAR_DEMO_ACTIVITY, &activity, error))
        return FALSE;
    }
  return TRUE;
}

typedef enum
{
  RUN_OPEN,
  RUN_COMPLETE,
  RUN_CANCELLED,
} RunStatus;

typedef struct
{
  Playbook  playbook;
  Moment    started;
  RunStatus status;
  Moment    until;    /* cancelled: when */
} PlannedRun;

static int
compare_runs (gconstpointer a,
              gconstpointer b)
{
  return compare_moments (&((const PlannedRun *) a)->started,
                          &((const PlannedRun *) b)->started);
}

static void
add_run (PlannedRun *runs,
         guint      *n_runs,
         Playbook    playbook,
         Moment      started,
         RunStatus   status,
         Moment      until)
{
  g_assert (*n_runs < MAX_INSTANCES);
  runs[*n_runs] = (PlannedRun) { playbook, started, status, until };
  (*n_runs)++;
}

static gboolean
emit_run (Generator   *gen,
          Plan        *plan,
          Rng         *rng,
          PlannedRun  *run,
          GError     **error)
{
  static const char * const statuses[] = { "open", "complete", "cancelled" };
  const PomarPlaybookTemplate *template = gen->playbooks[run->playbook];
  const PomarDemoWords *reasons = plan->brazilian ? &pomar_demo_br_skip_reasons
                                                  : &pomar_demo_en_skip_reasons;
  double diligence = plan->shape == SHAPE_DECLINING ? 0.6 : 0.8;
  PomarPlaybookInstance instance = { 0 };
  Moment done[8];
  int state[8]; /* 0 open, 1 done, 2 skipped */
  Moment completed = run->started;
  char id[40];
  char started_at[24];
  char completed_at[24];

  g_assert (template->tasks->len <= G_N_ELEMENTS (done));

  for (guint i = 0; i < template->tasks->len; i++)
    {
      const PomarPlaybookTaskTemplate *task = g_ptr_array_index (template->tasks, i);
      Moment due = run->started + task->due_offset * SECONDS_PER_DAY;
      Moment jitter = (Moment) rng_range (rng, -SECONDS_PER_DAY, 3 * SECONDS_PER_DAY);
      Moment limit = run->status == RUN_CANCELLED ? run->until : gen->now;

      done[i] = CLAMP (due + jitter, run->started, MAX (run->started, limit));
      if (run->status == RUN_COMPLETE)
        state[i] = rng_chance (rng, 0.1) ? 2 : 1;
      else if (due <= limit)
        /* Open tasks past their due day are overdue: the list of what is
         * late is half of what makes a playbook useful. */
        state[i] = rng_chance (rng, diligence) ? 1 : 0;
      else
        state[i] = 0;
      if (state[i] != 0)
        completed = MAX (completed, done[i]);
    }
  if (run->status == RUN_CANCELLED)
    completed = run->until;

  make_uuid (rng, id);
  format_moment (gen, run->started, started_at);
  format_moment (gen, completed, completed_at);
  instance.id = id;
  instance.account_id = plan->id;
  instance.template_id = STR (template->id);
  instance.trigger = STR (template->trigger);
  instance.started_at = started_at;
  instance.status = STR (statuses[run->status]);
  instance.completed_at = run->status == RUN_OPEN ? NULL : completed_at;
  if (!emit (gen, POMAR_DEMO_PLAYBOOK_INSTANCE, &instance, error))
    return FALSE;

  for (guint i = 0; i < template->tasks->len; i++)
    {
      const PomarPlaybookTaskTemplate *from = g_ptr_array_index (template->tasks, i);
      PomarPlaybookTask task = { 0 };
      char done_at[24];

      task.instance_id = id;
      task.task_id = from->id;
      task.position = (int) i;
      task.title = from->title;
      task.due_offset = from->due_offset;
      if (state[i] == 1)
        {
          task.state = STR ("done");
          task.done_by = STR (plan->owner);
          format_moment (gen, done[i], done_at);
          task.done_at = done_at;
        }
      else if (state[i] == 2)
        {
          task.state = STR ("skipped");
          task.skip_reason = STR (rng_word (rng, reasons));
        }
      else
        task.state = STR ("open");
      if (!emit (gen, POMAR_DEMO_PLAYBOOK_TASK, &task, error))
        return FALSE;
    }
  return TRUE;
}

/* The playbooks an account went through, and the ones under way: at most
 * one open run of a template per account, as domain.md wants. */
static gboolean
emit_playbooks (Generator  *gen,
                Plan       *plan,
                Rng        *rng,
                GError    **error)
{
  PlannedRun runs[MAX_INSTANCES];
  guint n_runs = 0;
  Moment churn_moment = plan->churn != 0 ? moment_at (gen, plan->churn, 18 * 3600) : -1;
  Moment start = moment_at (gen, plan->start, 12 * 3600);

  add_run (runs, &n_runs, PLAYBOOK_ONBOARDING, start,
           plan->stage == POMAR_STAGE_ONBOARDING ? RUN_OPEN : RUN_COMPLETE, 0);

  if (plan->n_history > 1)
    add_run (runs, &n_runs, PLAYBOOK_ENGAGEMENT,
             moment_at (gen, plan->history_day[1], 12 * 3600),
             plan->stage == POMAR_STAGE_ENGAGEMENT ? RUN_OPEN : RUN_COMPLETE, 0);

  if (plan->shape == SHAPE_DECLINING)
    add_run (runs, &n_runs, PLAYBOOK_RISK_RECOVERY,
             business_moment (gen, rng, gen->today - (guint32) rng_range (rng, 2, 30),
                              plan->brazilian),
             RUN_OPEN, 0);
  else if (plan->shape == SHAPE_CHURNING)
    add_run (runs, &n_runs, PLAYBOOK_RISK_RECOVERY,
             business_moment (gen, rng, plan->churn - (guint32) rng_range (rng, 20, 60),
                              plan->brazilian),
             RUN_CANCELLED, churn_moment);
  else if (plan->stage == POMAR_STAGE_NURTURE && plan->history_day[2] + 120 < gen->today
           && rng_chance (rng, 0.15))
    /* A scare that passed. */
    add_run (runs, &n_runs, PLAYBOOK_RISK_RECOVERY,
             business_moment (gen, rng,
                              (guint32) rng_range (rng, plan->history_day[2], gen->today - 60),
                              plan->brazilian),
             RUN_COMPLETE, 0);

  if (plan->last_detractor >= 0)
    {
      gboolean recent = gen->now - plan->last_detractor < 30 * SECONDS_PER_DAY;

      add_run (runs, &n_runs, PLAYBOOK_DETRACTOR_FOLLOW_UP,
               MIN (plan->last_detractor + 3600, gen->now),
               recent && plan->churn == 0 ? RUN_OPEN : RUN_COMPLETE, 0);
    }

  if (plan->urgent_created >= 0)
    {
      Moment escalated = plan->urgent_created + 2 * SECONDS_PER_DAY;

      if (plan->urgent_solved < 0 && escalated < gen->now)
        add_run (runs, &n_runs, PLAYBOOK_TECHNICAL_ESCALATION, escalated,
                 RUN_OPEN, 0);
      else if (plan->urgent_solved > escalated)
        add_run (runs, &n_runs, PLAYBOOK_TECHNICAL_ESCALATION, escalated,
                 RUN_COMPLETE, 0);
    }

  if (plan->churn == 0)
    {
      guint32 previous = add_years (plan->renewal, -1);

      if (plan->renewal <= gen->today + 90)
        add_run (runs, &n_runs, PLAYBOOK_RENEWAL,
                 MIN (moment_at (gen, plan->renewal - 90, 12 * 3600), gen->now), RUN_OPEN, 0);
      /* Last year's renewal, when there was one. */
      if (previous > plan->start && previous - 90 >= plan->start && rng_chance (rng, 0.6))
        add_run (runs, &n_runs, PLAYBOOK_RENEWAL,
                 moment_at (gen, previous - 90, 12 * 3600), RUN_COMPLETE, 0);
    }

  qsort (runs, n_runs, sizeof runs[0], compare_runs);
  for (guint i = 0; i < n_runs; i++)
    {
      /* A complete run ends before now: a run that would finish in the
       * future is still open. */
      if (runs[i].status == RUN_COMPLETE && runs[i].started > gen->now - 75 * SECONDS_PER_DAY)
        {
          const PomarPlaybookTemplate *template = gen->playbooks[runs[i].playbook];
          const PomarPlaybookTaskTemplate *last = g_ptr_array_index (template->tasks,
                                                                     template->tasks->len - 1);
          gint64 span = last->due_offset + 3;

          if (runs[i].started + span * SECONDS_PER_DAY > gen->now)
            runs[i].status = RUN_OPEN;
        }
    }
  for (guint i = 0; i < n_runs; i++)
    {
      if (!emit_run (gen, plan, rng, &runs[i], error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
generate_account (Generator  *gen,
                  guint       index,
                  GError    **error)
{
  Plan plan;
  gboolean ok;
  Rng rng;

  plan_account (gen, &plan, index);
  rng_init (&rng, gen->seed, index, STREAM_RECORDS);

  ok = emit_account (gen, &plan, &rng, error)
       && emit_contacts (gen, &plan, &rng, error)
       && emit_tickets (gen, &plan, &rng, error)
       && emit_usage (gen, &plan, error)
       && emit_responses (gen, &plan, &rng, error)
       && emit_activities (gen, &plan, &rng, error)
       && emit_playbooks (gen, &plan, &rng, error);

  plan_clear (&plan);
  return ok;
}

void
pomar_demo_options_init (PomarDemoOptions *options)
{
  g_return_if_fail (options != NULL);

  options->n_accounts = POMAR_DEMO_DEFAULT_ACCOUNTS;
  options->seed = POMAR_DEMO_DEFAULT_SEED;
  g_date_clear (&options->today, 1);
}

static void
generator_init (Generator              *gen,
                const PomarDemoOptions *options)
{
  GDate date;

  if (g_date_valid (&options->today))
    gen->today = g_date_get_julian (&options->today);
  else
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));
      gen->today = g_date_get_julian (&date);
    }

  gen->seed = options->seed;
  gen->day0 = gen->today - DAYS_BEFORE;
  gen->n_days = gen->today - gen->day0 + DAYS_AFTER;
  gen->days = g_new (DayInfo, gen->n_days);
  gen->now = moment_at (gen, gen->today, NOW_SECONDS);

  g_date_clear (&date, 1);
  for (guint i = 0; i < gen->n_days; i++)
    {
      DayInfo *day = &gen->days[i];

      g_date_set_julian (&date, gen->day0 + i);
      g_snprintf (day->str, sizeof day->str, "%04u-%02u-%02u",
                  g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
      day->weekday = (guint8) g_date_get_weekday (&date);
      day->month = (guint8) g_date_get_month (&date);
      day->mday = g_date_get_day (&date);
      day->yday = (guint16) g_date_get_day_of_year (&date);
    }

  gen->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gen->domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gen->moments = g_array_new (FALSE, FALSE, sizeof (Moment));
  gen->scratch = g_string_sized_new (256);

  gen->catalog = pomar_playbook_catalog_new_builtin (FALSE);
  for (guint i = 0; i < N_PLAYBOOKS; i++)
    {
      gen->playbooks[i] = pomar_playbook_catalog_lookup (gen->catalog, playbook_ids[i]);
      g_assert (gen->playbooks[i] != NULL);
    }
}

static void
generator_clear (Generator *gen)
{
  g_clear_pointer (&gen->days, g_free);
  g_clear_pointer (&gen->names, g_hash_table_unref);
  g_clear_pointer (&gen->domains, g_hash_table_unref);
  g_clear_pointer (&gen->moments, g_array_unref);
  if (gen->scratch != NULL)
    g_string_free (g_steal_pointer (&gen->scratch), TRUE);
  g_clear_pointer (&gen->catalog, pomar_playbook_catalog_unref);
}

gboolean
pomar_demo_generate (const PomarDemoOptions *options,
                     PomarDemoSink           sink,
                     PomarDemoAccountDone    account_done,
                     gpointer                user_data,
                     GCancellable           *cancellable,
                     GError                **error)
{
  PomarDemoOptions defaults;
  Generator gen = { 0 };
  guint n_accounts;
  gboolean ok = TRUE;

  g_return_val_if_fail (sink != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  /* The day table reaches DAYS_BEFORE days back from today. */
  g_return_val_if_fail (options == NULL || !g_date_valid (&options->today)
                        || g_date_get_julian (&options->today) > DAYS_BEFORE, FALSE);

  if (options == NULL)
    {
      pomar_demo_options_init (&defaults);
      options = &defaults;
    }
  n_accounts = options->n_accounts != 0 ? options->n_accounts : POMAR_DEMO_DEFAULT_ACCOUNTS;

  gen.sink = sink;
  gen.user_data = user_data;
  generator_init (&gen, options);

  for (guint i = 0; ok && i < n_accounts; i++)
    {
      ok = !g_cancellable_set_error_if_cancelled (cancellable, error)
           && generate_account (&gen, i, error)
           && (account_done == NULL || account_done (i, n_accounts, user_data, error));
    }

  generator_clear (&gen);
  return ok;
}
