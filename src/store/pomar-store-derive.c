/* pomar-store-derive.c: the figures Pomar derives per account, kept current.
 *
 * Every write transaction ends here (pomar_store_writer_derive, called
 * before COMMIT): the accounts whose records it changed get their health,
 * time to value and suggestion inputs computed again, then their playbook
 * triggers evaluated, all in the same transaction, so that what is stored
 * never disagrees with the records beside it. When the day or the health
 * weights changed since the figures were stored (meta "derived.signature"),
 * every account is recomputed instead: windows slide with the calendar.
 *
 * The core computes; this file only gathers its inputs. The heavy part is
 * aggregated in SQL over covering indexes: usage sums in three 30-day
 * buckets (one range read per account serves health today and 30 days
 * ago), open tickets by priority as of both days. The few responses and
 * touches of an account come back as rows and are bucketed in C by the
 * core's own window rules.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "core/pomar-error.h"
#include "core/pomar-stage.h"
#include "core/pomar-stage-history.h"
#include "core/pomar-ttv.h"
#include "store/pomar-store-private.h"

#define META_DERIVED_SIGNATURE "derived.signature"

/* No IN lists in the per-account statements: SQLite evaluates one through
 * a temporary b-tree opened at every run, which costs more than the rest of
 * the statement. Such filters are applied in C instead. */

/* Settings ----------------------------------------------------------------- */

void
pomar_derive_settings_init (PomarDeriveSettings *settings)
{
  g_mutex_init (&settings->lock);
  pomar_health_weights_init_default (&settings->weights);
  settings->catalog = NULL;
}

void
pomar_derive_settings_clear (PomarDeriveSettings *settings)
{
  g_clear_pointer (&settings->catalog, pomar_playbook_catalog_unref);
  g_mutex_clear (&settings->lock);
}

void
pomar_store_set_health_weights (PomarStore               *self,
                                const PomarHealthWeights *weights)
{
  PomarDeriveSettings *settings;

  g_return_if_fail (POMAR_IS_STORE (self));
  g_return_if_fail (weights != NULL);

  settings = pomar_store_get_derive_settings (self);
  g_mutex_lock (&settings->lock);
  settings->weights = *weights;
  g_mutex_unlock (&settings->lock);
}

void
pomar_store_get_health_weights (PomarStore         *self,
                                PomarHealthWeights *weights)
{
  PomarDeriveSettings *settings;

  g_return_if_fail (POMAR_IS_STORE (self));
  g_return_if_fail (weights != NULL);

  settings = pomar_store_get_derive_settings (self);
  g_mutex_lock (&settings->lock);
  *weights = settings->weights;
  g_mutex_unlock (&settings->lock);
}

void
pomar_store_set_playbook_catalog (PomarStore           *self,
                                  PomarPlaybookCatalog *catalog)
{
  PomarDeriveSettings *settings;
  PomarPlaybookCatalog *old;

  g_return_if_fail (POMAR_IS_STORE (self));

  settings = pomar_store_get_derive_settings (self);
  g_mutex_lock (&settings->lock);
  old = settings->catalog;
  settings->catalog = catalog != NULL ? pomar_playbook_catalog_ref (catalog) : NULL;
  g_mutex_unlock (&settings->lock);

  g_clear_pointer (&old, pomar_playbook_catalog_unref);
}

PomarPlaybookCatalog *
pomar_store_dup_playbook_catalog (PomarStore *self)
{
  PomarDeriveSettings *settings;
  PomarPlaybookCatalog *catalog = NULL;

  g_return_val_if_fail (POMAR_IS_STORE (self), NULL);

  settings = pomar_store_get_derive_settings (self);
  g_mutex_lock (&settings->lock);
  if (settings->catalog != NULL)
    catalog = pomar_playbook_catalog_ref (settings->catalog);
  g_mutex_unlock (&settings->lock);

  return catalog;
}

/* Gathering the inputs of health ------------------------------------------ */

/* Three 30-day buckets ending on D: (D-30, D], (D-60, D-30], (D-90, D-60].
 * Health as of D takes active users and events from the first and events
 * from the second; as of D-30, the second and the third. */
static const char SQL_USAGE_BUCKETS[] =
  "SELECT coalesce(sum(CASE WHEN day > ?2 THEN active_users END), 0),"
  "       coalesce(sum(CASE WHEN day > ?2 THEN events END), 0),"
  "       coalesce(sum(CASE WHEN day <= ?2 AND day > ?3 THEN active_users END), 0),"
  "       coalesce(sum(CASE WHEN day <= ?2 AND day > ?3 THEN events END), 0),"
  "       coalesce(sum(CASE WHEN day <= ?3 THEN events END), 0) "
  "FROM usage WHERE account_id = ?1 AND day > ?4 AND day <= ?5";

static const char SQL_USAGE_FIRST_DAY[] =
  "SELECT min(day) FROM usage WHERE account_id = ?1";

/* The tickets that may be open on either day: created by the end of today
 * and not solved before the day 30 days ago. An account has a handful;
 * whether each was open on each day is the core's rule, applied in C.
 * (Summing them per priority in SQL takes CASE or IN expressions that
 * SQLite evaluates through a temporary b-tree at every run, which cost more
 * than the query.) */
static const char SQL_TICKETS_OPEN[] =
  "SELECT priority, status, created_at, solved_at, id FROM tickets "
  "WHERE account_id = ?1 AND created_at < ?2 AND (solved_at IS NULL OR solved_at >= ?3)";

static const char SQL_RESPONSES_RECENT[] =
  "SELECT id, kind, score, responded_at FROM responses "
  "WHERE account_id = ?1 AND responded_at >= ?2 AND responded_at < ?3";

/* The account's activities newest first, straight from the index: the
 * first touches met are the last ones (a kind filter in SQL would cost a
 * temporary b-tree at every run). */
static const char SQL_LAST_TOUCH[] =
  "SELECT kind, occurred_at FROM activities "
  "WHERE account_id = ?1 AND occurred_at < ?2 ORDER BY occurred_at DESC";

static int
priority_slot (const char *priority)
{
  if (g_strcmp0 (priority, "urgent") == 0)
    return 0;
  if (g_strcmp0 (priority, "high") == 0)
    return 1;
  if (g_strcmp0 (priority, "low") == 0)
    return 3;
  return 2;
}

/* An answer counts for sentiment in the 180 days ending on @as_of. */
static void
add_sentiment (PomarHealthInputs *inputs,
               gboolean           nps,
               PomarDay           day,
               gint64             score,
               PomarDay           as_of)
{
  if (!pomar_day_in_window (day, as_of, 180))
    return;
  if (nps)
    pomar_nps_counts_add (&inputs->nps_180d, score);
  else
    pomar_csat_counts_add (&inputs->csat_180d, score);
}

/* The last touch by the end of @next - 1 and by the end of @then_next - 1. */
static gboolean
last_touches (PomarDb     *db,
              const char  *account_id,
              const char  *next,
              const char  *then_next,
              PomarDay    *now,
              PomarDay    *then,
              GError     **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  int rc;

  stmt = pomar_db_prepare (db, SQL_LAST_TOUCH, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  pomar_stmt_bind_text (stmt, 2, next);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *occurred_at = (const char *) sqlite3_column_text (stmt, 1);

      if (!pomar_activity_kind_is_touch ((const char *) sqlite3_column_text (stmt, 0)))
        continue;
      if (*now == POMAR_NO_DAY)
        *now = pomar_day_parse (occurred_at);
      if (g_strcmp0 (occurred_at, then_next) < 0)
        {
          *then = pomar_day_parse (occurred_at);
          return TRUE;
        }
    }
  if (rc != SQLITE_DONE)
    return pomar_db_set_error (db, rc, error);
  return TRUE;
}

gboolean
pomar_store_gather_health (PomarDb                *db,
                           const char             *account_id,
                           gint64                  seats,
                           PomarDay                as_of,
                           PomarHealthInputs      *now,
                           PomarHealthInputs      *then,
                           PomarResponseFacts     *facts,
                           gint64                  open_by_priority[4],
                           GError                **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  char d[11], d_30[11], d_60[11], d_90[11], next[11], next_then[11];
  char first_response[11];
  PomarDay then_day = as_of - 30;
  PomarDay first_usage;
  int rc;

  memset (now, 0, sizeof *now);
  memset (then, 0, sizeof *then);
  now->licensed_seats = then->licensed_seats = seats;
  now->last_engagement = then->last_engagement = POMAR_NO_DAY;
  if (facts != NULL)
    {
      const char *urgent_before = facts->urgent_before;

      memset (facts, 0, sizeof *facts);
      facts->urgent_before = urgent_before;
      facts->urgent_ids = g_ptr_array_new_with_free_func (g_free);
    }
  if (open_by_priority != NULL)
    memset (open_by_priority, 0, 4 * sizeof (gint64));

  pomar_day_format (as_of, d);
  pomar_day_format (as_of - 30, d_30);
  pomar_day_format (as_of - 60, d_60);
  pomar_day_format (as_of - 90, d_90);
  pomar_day_format (as_of + 1, next);
  pomar_day_format (then_day + 1, next_then);
  pomar_day_format (then_day - 179, first_response);

  /* Usage */
  stmt = pomar_db_prepare (db, SQL_USAGE_BUCKETS, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  pomar_stmt_bind_text (stmt, 2, d_30);
  pomar_stmt_bind_text (stmt, 3, d_60);
  pomar_stmt_bind_text (stmt, 4, d_90);
  pomar_stmt_bind_text (stmt, 5, d);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pomar_db_set_error (db, rc, error);
  now->active_users_30d = sqlite3_column_int64 (stmt, 0);
  now->events_30d = sqlite3_column_int64 (stmt, 1);
  then->active_users_30d = sqlite3_column_int64 (stmt, 2);
  now->events_prev_30d = then->events_30d = sqlite3_column_int64 (stmt, 3);
  then->events_prev_30d = sqlite3_column_int64 (stmt, 4);
  g_clear_pointer (&stmt, pomar_stmt_release);

  stmt = pomar_db_prepare (db, SQL_USAGE_FIRST_DAY, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pomar_db_set_error (db, rc, error);
  first_usage = pomar_stmt_get_day (stmt, 0);
  now->has_usage = first_usage != POMAR_NO_DAY && first_usage <= as_of;
  then->has_usage = first_usage != POMAR_NO_DAY && first_usage <= then_day;
  g_clear_pointer (&stmt, pomar_stmt_release);

  /* Open tickets by priority */
  stmt = pomar_db_prepare (db, SQL_TICKETS_OPEN, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  pomar_stmt_bind_text (stmt, 2, next);
  pomar_stmt_bind_text (stmt, 3, next_then);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *priority = (const char *) sqlite3_column_text (stmt, 0);
      const char *status = (const char *) sqlite3_column_text (stmt, 1);
      PomarDay created = pomar_stmt_get_day (stmt, 2);
      PomarDay solved = pomar_stmt_get_day (stmt, 3);
      double weight = pomar_health_priority_weight (priority);

      if (created == POMAR_NO_DAY)
        continue;
      if (pomar_ticket_is_open_on (created, solved, status, as_of))
        {
          now->open_ticket_weight += weight;
          now->open_tickets_old += as_of - created > 14;
          if (open_by_priority != NULL)
            open_by_priority[priority_slot (priority)]++;
        }
      /* Open now, urgent and over 48 hours old: for the triggers. */
      if (facts != NULL && facts->urgent_before != NULL && solved == POMAR_NO_DAY
          && g_strcmp0 (priority, "urgent") == 0 && pomar_ticket_status_is_open (status)
          && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), facts->urgent_before) < 0)
        g_ptr_array_add (facts->urgent_ids, pomar_stmt_dup_text (stmt, 4));
      if (pomar_ticket_is_open_on (created, solved, status, then_day))
        {
          then->open_ticket_weight += weight;
          then->open_tickets_old += then_day - created > 14;
        }
    }
  if (rc != SQLITE_DONE)
    return pomar_db_set_error (db, rc, error);
  g_clear_pointer (&stmt, pomar_stmt_release);

  /* Responses of the 210 days that the two 180-day windows span */
  stmt = pomar_db_prepare (db, SQL_RESPONSES_RECENT, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  pomar_stmt_bind_text (stmt, 2, first_response);
  pomar_stmt_bind_text (stmt, 3, next);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *kind = (const char *) sqlite3_column_text (stmt, 1);
      gint64 score = pomar_stmt_get_int (stmt, 2);
      const char *responded_at = (const char *) sqlite3_column_text (stmt, 3);
      PomarDay day = pomar_day_parse (responded_at);
      gboolean nps = g_strcmp0 (kind, "nps") == 0;
      gboolean csat = g_strcmp0 (kind, "csat") == 0;

      if (day == POMAR_NO_DAY || score == POMAR_NO_INT || !(nps || csat))
        continue;

      add_sentiment (now, nps, day, score, as_of);
      add_sentiment (then, nps, day, score, then_day);
      if (facts == NULL)
        continue;

      if (pomar_day_in_window (day, as_of, 90))
        {
          if (nps)
            pomar_nps_counts_add (&facts->nps_90d, score);
          else
            pomar_csat_counts_add (&facts->csat_90d, score);
        }
      if (nps && score >= 9 && score <= 10 && pomar_day_in_window (day, as_of, 180))
        facts->promoter_180d = TRUE;
      /* The newest detractor answer of the last 30 days (ties by id). */
      if (nps && score >= 0 && score <= 6 && pomar_day_in_window (day, as_of, 30))
        {
          int cmp = g_strcmp0 (responded_at, facts->detractor_at);

          if (facts->detractor_id == NULL || cmp > 0
              || (cmp == 0 && g_strcmp0 (id, facts->detractor_id) > 0))
            {
              g_free (facts->detractor_id);
              g_free (facts->detractor_at);
              facts->detractor_id = g_strdup (id);
              facts->detractor_at = g_strdup (responded_at);
            }
        }
    }
  if (rc != SQLITE_DONE)
    return pomar_db_set_error (db, rc, error);
  g_clear_pointer (&stmt, pomar_stmt_release);

  /* The last touch as of each day */
  if (!last_touches (db, account_id, next, next_then, &now->last_engagement,
                     &then->last_engagement, error))
    return FALSE;

  return TRUE;
}

void
pomar_response_facts_clear (PomarResponseFacts *facts)
{
  g_clear_pointer (&facts->detractor_id, g_free);
  g_clear_pointer (&facts->detractor_at, g_free);
  g_clear_pointer (&facts->urgent_ids, g_ptr_array_unref);
}

/* Time to value ------------------------------------------------------------ */

static const char SQL_USAGE_SINCE[] =
  "SELECT day, active_users FROM usage "
  "WHERE account_id = ?1 AND day >= ?2 AND day <= ?3 ORDER BY day";

/* Reads the usage from six days before @read_from to @until. */
static gboolean
compute_ttv_until (PomarDb     *db,
                   const char  *account_id,
                   PomarDay     start,
                   PomarDay     read_from,
                   gint64       seats,
                   PomarDay     until,
                   PomarTtv    *ttv,
                   GError     **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autoptr (GArray) days = g_array_new (FALSE, FALSE, sizeof (PomarDay));
  g_autoptr (GArray) active = g_array_new (FALSE, FALSE, sizeof (gint64));
  char from[11], to[11];
  int rc;

  pomar_day_format (read_from > 6 ? read_from - 6 : 1, from);
  pomar_day_format (until, to);

  stmt = pomar_db_prepare (db, SQL_USAGE_SINCE, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  pomar_stmt_bind_text (stmt, 2, from);
  pomar_stmt_bind_text (stmt, 3, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PomarDay day = pomar_stmt_get_day (stmt, 0);
      gint64 users = pomar_stmt_get_int (stmt, 1);

      if (day == POMAR_NO_DAY)
        continue;
      g_array_append_val (days, day);
      g_array_append_val (active, users);
    }
  if (rc != SQLITE_DONE)
    return pomar_db_set_error (db, rc, error);

  pomar_ttv_compute (start, seats, (const PomarDay *) days->data, (const gint64 *) active->data,
                     days->len, until, ttv);
  return TRUE;
}

/* Most accounts reach value within weeks: a first read of four months
 * settles them, and only the others read their whole history. */
#define TTV_FIRST_READ_DAYS 120

/* @from: the first day whose usage may have changed since the account was
 * last found not to have reached value (POMAR_TTV_FROM_START: unknown).
 * No day before it reaches value, because their 7-day windows hold none of
 * the changed rows; so only the rows from six days before it are read, and
 * the missing older days, counted as 0, cannot make a window reach 0.5. */
static gboolean
compute_ttv (PomarDb     *db,
             const char  *account_id,
             PomarDay     start,
             gint64       seats,
             PomarDay     as_of,
             PomarDay     from,
             PomarTtv    *ttv,
             GError     **error)
{
  memset (ttv, 0, sizeof *ttv);
  if (start == POMAR_NO_DAY || seats == POMAR_NO_INT || seats <= 0 || start > as_of)
    return TRUE;

  if (from > start && from <= as_of)
    return compute_ttv_until (db, account_id, start, from, seats, as_of, ttv, error);

  if (as_of > start + TTV_FIRST_READ_DAYS)
    {
      if (!compute_ttv_until (db, account_id, start, start, seats, start + TTV_FIRST_READ_DAYS, ttv, error))
        return FALSE;
      if (ttv->reached)
        return TRUE;
    }

  return compute_ttv_until (db, account_id, start, start, seats, as_of, ttv, error);
}

/* One account ----------------------------------------------------------------- */

static const char SQL_ACCOUNT_BASICS[] =
  "SELECT a.stage, a.licensed_seats, a.contract_start, a.renewal_date,"
  "       h.account_id IS NOT NULL, h.ttv_reached_on,"
  "       o.score, o.set_at, o.expires_on "
  "FROM accounts AS a "
  "LEFT JOIN health AS h ON h.account_id = a.id "
  "LEFT JOIN health_overrides AS o ON o.account_id = a.id "
  "WHERE a.id = ?1";

static const char SQL_STAGE_HISTORY[] =
  "SELECT " POMAR_STAGE_CHANGE_COLUMNS " FROM stage_history WHERE account_id = ?1";

/* The day the account entered the stage it is in, by the core's reading of
 * its history (a repeated change to the same stage is not an entry); when
 * the history ends in another stage than the account's, the last move to
 * the account's stage, if any. */
static gboolean
stage_entered_on (PomarDb     *db,
                  const char  *account_id,
                  const char  *stage,
                  PomarDay     as_of,
                  PomarDay    *entered,
                  GError     **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autoptr (GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_stage_change_free);
  const PomarStageChange * const *list;
  int rc;

  stmt = pomar_db_prepare (db, SQL_STAGE_HISTORY, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (changes, pomar_store_read_stage_change (stmt));
  if (rc != SQLITE_DONE)
    return pomar_db_set_error (db, rc, error);

  list = (const PomarStageChange * const *) changes->pdata;
  if (g_strcmp0 (pomar_stage_as_of (list, changes->len, as_of), stage) == 0)
    *entered = pomar_stage_entered_on (list, changes->len, as_of);
  else
    *entered = stage != NULL ? pomar_stage_last_move_to (list, changes->len, stage, as_of) : POMAR_NO_DAY;
  return TRUE;
}

/* Complete: marked so, or every task of it done or skipped. */
static const char SQL_ONBOARDING_COMPLETE[] =
  "SELECT EXISTS (SELECT 1 FROM playbook_instances AS i"
  "               WHERE i.account_id = ?1 AND i.template_id = 'onboarding'"
  "                 AND (i.status = 'complete'"
  "                      OR (EXISTS (SELECT 1 FROM playbook_tasks WHERE instance_id = i.id)"
  "                          AND NOT EXISTS (SELECT 1 FROM playbook_tasks"
  "                                          WHERE instance_id = i.id AND state = 'open'))))";

static const char SQL_HEALTH_PUT[] =
  "INSERT OR REPLACE INTO health (account_id, as_of, score, rounded, band, most_impactful,"
  "  adoption, usage_trend, support, sentiment, engagement, rounded_30d_ago, nps_90d, csat_90d,"
  "  nps_180d, promoter_180d, ttv_reached_on, ttv_days, stage_entered_on, onboarding_complete,"
  "  computed_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
  "        ?19, ?20, ?21)";

static const char SQL_HEALTH_DELETE[] = "DELETE FROM health WHERE account_id = ?1";

typedef struct
{
  PomarDay               today;
  GDateTime             *now;
  char                  *now_text;
  char                  *urgent_bound;    /* tickets created before this are over 48 hours old */
  PomarHealthWeights     weights;
  PomarPlaybookCatalog  *catalog;         /* may be NULL */
  GPtrArray             *triggers;        /* the distinct automatic triggers of the catalog */
} DeriveRun;

static gboolean
text_result (PomarDb     *db,
             const char  *sql,
             const char  *p1,
             const char  *p2,
             char       **out,
             GError     **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  int rc;

  stmt = pomar_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, p1);
  if (p2 != NULL)
    pomar_stmt_bind_text (stmt, 2, p2);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      *out = NULL;
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    return pomar_db_set_error (db, rc, error);
  *out = pomar_stmt_dup_text (stmt, 0);
  return TRUE;
}

static void
bind_part (PomarStmt               *stmt,
           int                      index,
           const PomarHealthResult *result,
           PomarHealthComponent     component)
{
  if (result->parts[component].present)
    sqlite3_bind_double (stmt, index, result->parts[component].score);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean evaluate_triggers (PomarStoreWriter          *writer,
                                   const DeriveRun           *run,
                                   const char                *account_id,
                                   const char                *stage,
                                   const char                *stage_entered_at,
                                   PomarHealthBand            band,
                                   PomarDay                   renewal,
                                   const PomarResponseFacts  *facts,
                                   GError                   **error);

static gboolean
derive_account (PomarStoreWriter  *writer,
                const DeriveRun   *run,
                const char        *account_id,
                PomarDay           ttv_from,
                GError           **error)
{
  PomarDb *db = writer->db;
  g_autoptr (PomarStmt) stmt = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *entered_at = NULL;
  g_autofree char *onboarding = NULL;
  PomarDay entered = POMAR_NO_DAY;
  g_auto (PomarResponseFacts) facts = { 0 };
  PomarHealthInputs now, then;
  PomarHealthResult result, result_then;
  PomarHealthOverride override = { 0 };
  PomarTtv ttv = { 0 };
  PomarDay start, renewal, stored_ttv = POMAR_NO_DAY;
  PomarHealthBand shown_band;
  gboolean shown_known;
  gboolean has_stored;
  gint64 seats;
  char as_of[11], buf[11];
  int shown, nps, rc;
  double csat;

  stmt = pomar_db_prepare (db, SQL_ACCOUNT_BASICS, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      /* A record of an account Pomar does not know (yet): nothing to derive. */
      g_clear_pointer (&stmt, pomar_stmt_release);
      stmt = pomar_db_prepare (db, SQL_HEALTH_DELETE, error);
      if (stmt == NULL)
        return FALSE;
      pomar_stmt_bind_text (stmt, 1, account_id);
      return pomar_db_step_done (db, stmt, error);
    }
  if (rc != SQLITE_ROW)
    return pomar_db_set_error (db, rc, error);

  stage = pomar_stmt_dup_text (stmt, 0);
  seats = pomar_stmt_get_int (stmt, 1);
  start = pomar_stmt_get_day (stmt, 2);
  renewal = pomar_stmt_get_day (stmt, 3);
  has_stored = sqlite3_column_int (stmt, 4) != 0;
  stored_ttv = pomar_stmt_get_day (stmt, 5);
  if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
    {
      override.set = TRUE;
      override.score = sqlite3_column_int (stmt, 6);
      override.set_on = pomar_stmt_get_day (stmt, 7);
      override.expires_on = pomar_stmt_get_day (stmt, 8);
    }
  g_clear_pointer (&stmt, pomar_stmt_release);

  facts.urgent_before = run->urgent_bound;
  if (!pomar_store_gather_health (db, account_id, seats, run->today, &now, &then, &facts, NULL, error))
    return FALSE;
  pomar_health_compute (&now, run->today, &run->weights, &result);
  pomar_health_compute (&then, run->today - 30, &run->weights, &result_then);

  /* Time to value changes only with usage rows and the account: a new day
   * brings no usage by itself (new rows come through a write, which says
   * from which day on they may change it), so an account keeps what was
   * found before that day, reached or not. */
  if (has_stored && start != POMAR_NO_DAY && seats != POMAR_NO_INT && seats > 0
      && stored_ttv != POMAR_NO_DAY && stored_ttv >= start && ttv_from > stored_ttv)
    {
      ttv.known = ttv.reached = TRUE;
      ttv.reached_on = stored_ttv;
      ttv.days = (gint64) (stored_ttv - start);
    }
  else if (has_stored && ttv_from == POMAR_TTV_UNAFFECTED)
    {
      memset (&ttv, 0, sizeof ttv);
      if (start != POMAR_NO_DAY && seats != POMAR_NO_INT && seats > 0 && start <= run->today)
        {
          ttv.known = TRUE;
          ttv.reached = stored_ttv != POMAR_NO_DAY && stored_ttv >= start;
          ttv.reached_on = ttv.reached ? stored_ttv : POMAR_NO_DAY;
          ttv.days = (gint64) ((ttv.reached ? stored_ttv : run->today) - start);
        }
    }
  else if (!compute_ttv (db, account_id, start, seats, run->today,
                        has_stored ? ttv_from : POMAR_TTV_FROM_START, &ttv, error))
    return FALSE;

  if (!stage_entered_on (db, account_id, stage, run->today, &entered, error)
      || !text_result (db, SQL_ONBOARDING_COMPLETE, account_id, NULL, &onboarding, error))
    return FALSE;
  if (entered != POMAR_NO_DAY)
    entered_at = g_strdup (pomar_day_format (entered, buf));

  stmt = pomar_db_prepare (db, SQL_HEALTH_PUT, error);
  if (stmt == NULL)
    return FALSE;
  pomar_day_format (run->today, as_of);
  pomar_stmt_bind_text (stmt, 1, account_id);
  pomar_stmt_bind_text (stmt, 2, as_of);
  if (result.known)
    {
      sqlite3_bind_double (stmt, 3, result.score);
      sqlite3_bind_int (stmt, 4, result.rounded);
      pomar_stmt_bind_text (stmt, 5, pomar_health_band_to_id (result.band));
    }
  pomar_stmt_bind_text (stmt, 6, pomar_health_component_to_id (result.most_impactful));
  bind_part (stmt, 7, &result, POMAR_HEALTH_ADOPTION);
  bind_part (stmt, 8, &result, POMAR_HEALTH_USAGE_TREND);
  bind_part (stmt, 9, &result, POMAR_HEALTH_SUPPORT);
  bind_part (stmt, 10, &result, POMAR_HEALTH_SENTIMENT);
  bind_part (stmt, 11, &result, POMAR_HEALTH_ENGAGEMENT);
  if (result_then.known)
    sqlite3_bind_int (stmt, 12, result_then.rounded);
  if (pomar_nps_compute (&facts.nps_90d, &nps))
    sqlite3_bind_int (stmt, 13, nps);
  if (pomar_csat_compute (&facts.csat_90d, &csat))
    sqlite3_bind_double (stmt, 14, csat);
  if (pomar_nps_compute (&now.nps_180d, &nps))
    sqlite3_bind_int (stmt, 15, nps);
  sqlite3_bind_int (stmt, 16, facts.promoter_180d);
  if (ttv.known && ttv.reached)
    {
      pomar_stmt_bind_text (stmt, 17, pomar_day_format (ttv.reached_on, buf));
      sqlite3_bind_int64 (stmt, 18, ttv.days);
    }
  pomar_stmt_bind_text (stmt, 19, entered_at);
  sqlite3_bind_int (stmt, 20, g_strcmp0 (onboarding, "1") == 0);
  pomar_stmt_bind_text (stmt, 21, run->now_text);
  if (!pomar_db_step_done (db, stmt, error))
    return FALSE;

  if (run->triggers == NULL || run->triggers->len == 0)
    return TRUE;

  shown = pomar_health_shown (&result, &override, run->today, &shown_known, &shown_band);
  (void) shown;
  return evaluate_triggers (writer, run, account_id, stage, entered_at, shown_band, renewal,
                            &facts, error);
}

/* Triggers ----------------------------------------------------------------- */

static const char SQL_TRIGGER_KEYS[] =
  "SELECT \"trigger\", key FROM playbook_triggers WHERE account_id = ?1";
static const char SQL_TRIGGER_PUT[] =
  "INSERT OR REPLACE INTO playbook_triggers (account_id, \"trigger\", key) VALUES (?1, ?2, ?3)";
static const char SQL_OPEN_INSTANCE[] =
  "SELECT EXISTS (SELECT 1 FROM playbook_instances"
  "               WHERE account_id = ?1 AND template_id = ?2 AND status = 'open')";

static gboolean
has_open_instance (PomarDb     *db,
                   const char  *account_id,
                   const char  *template_id,
                   gboolean    *open,
                   GError     **error)
{
  g_autofree char *text = NULL;

  if (!text_result (db, SQL_OPEN_INSTANCE, account_id, template_id, &text, error))
    return FALSE;
  *open = g_strcmp0 (text, "1") == 0;
  return TRUE;
}

static gboolean
start_instance (PomarStoreWriter             *writer,
                const PomarPlaybookTemplate  *template,
                const char                   *account_id,
                const char                   *trigger,
                const char                   *started_at,
                char                        **instance_id,
                GError                      **error)
{
  g_auto (PomarPlaybookInstance) instance = { 0 };
  g_autoptr (GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_playbook_task_free);

  pomar_playbook_instantiate (template, account_id, trigger, started_at, &instance, tasks);
  if (!pomar_store_writer_put_playbook_instance (writer, &instance, error))
    return FALSE;
  for (guint i = 0; i < tasks->len; i++)
    if (!pomar_store_writer_put_playbook_task (writer, g_ptr_array_index (tasks, i), error))
      return FALSE;

  if (instance_id != NULL)
    *instance_id = g_strdup (instance.id);
  return TRUE;
}

static gboolean
evaluate_triggers (PomarStoreWriter          *writer,
                   const DeriveRun           *run,
                   const char                *account_id,
                   const char                *stage,
                   const char                *stage_entered_at,
                   PomarHealthBand            band,
                   PomarDay                   renewal,
                   const PomarResponseFacts  *facts,
                   GError                   **error)
{
  PomarDb *db = writer->db;
  g_autoptr (PomarStmt) stmt = NULL;
  g_autoptr (GHashTable) previous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  PomarTriggerFacts trigger_facts = { 0 };
  int rc;

  stmt = pomar_db_prepare (db, SQL_TRIGGER_KEYS, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (previous, pomar_stmt_dup_text (stmt, 0), pomar_stmt_dup_text (stmt, 1));
  if (rc != SQLITE_DONE)
    return pomar_db_set_error (db, rc, error);
  g_clear_pointer (&stmt, pomar_stmt_release);

  trigger_facts.stage = stage;
  trigger_facts.stage_entered_at = stage_entered_at;
  trigger_facts.band = band;
  trigger_facts.renewal = renewal;
  trigger_facts.recent_detractor_id = facts->detractor_id;
  trigger_facts.urgent_ticket_ids = (const char * const *) facts->urgent_ids->pdata;
  trigger_facts.n_urgent_tickets = facts->urgent_ids->len;

  for (guint i = 0; i < run->triggers->len; i++)
    {
      const char *trigger = g_ptr_array_index (run->triggers, i);
      g_autofree char *key = pomar_trigger_key (trigger, &trigger_facts, run->today);
      const char *before = g_hash_table_lookup (previous, trigger);
      gboolean known = g_hash_table_contains (previous, trigger);
      GPtrArray *templates;

      if (known && g_strcmp0 (before, key) == 0)
        continue;

      if (!writer->triggers_quiet && pomar_trigger_fires (trigger, before, key))
        {
          templates = pomar_playbook_catalog_get_templates (run->catalog);
          for (guint j = 0; j < templates->len; j++)
            {
              const PomarPlaybookTemplate *template = g_ptr_array_index (templates, j);
              gboolean open;

              if (g_strcmp0 (template->trigger, trigger) != 0)
                continue;
              /* At most one open instance per account and template. */
              if (!has_open_instance (db, account_id, template->id, &open, error))
                return FALSE;
              if (!open && !start_instance (writer, template, account_id, trigger, run->now_text,
                                            NULL, error))
                return FALSE;
            }
        }

      stmt = pomar_db_prepare (db, SQL_TRIGGER_PUT, error);
      if (stmt == NULL)
        return FALSE;
      pomar_stmt_bind_text (stmt, 1, account_id);
      pomar_stmt_bind_text (stmt, 2, trigger);
      pomar_stmt_bind_text (stmt, 3, key);
      if (!pomar_db_step_done (db, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, pomar_stmt_release);
    }

  return TRUE;
}

/* The run ------------------------------------------------------------------ */

static char *
make_signature (PomarDay                  today,
                const PomarHealthWeights *weights)
{
  GString *text = g_string_new (NULL);
  char day[11];

  g_string_append (text, pomar_day_format (today, day));
  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    g_string_append_printf (text, "|%s=%.6g", pomar_health_component_to_id (i), weights->weight[i]);
  return g_string_free (text, FALSE);
}

static void
derive_run_clear (DeriveRun *run)
{
  g_clear_pointer (&run->now, g_date_time_unref);
  g_clear_pointer (&run->now_text, g_free);
  g_clear_pointer (&run->urgent_bound, g_free);
  g_clear_pointer (&run->catalog, pomar_playbook_catalog_unref);
  g_clear_pointer (&run->triggers, g_ptr_array_unref);
}

static void
derive_run_init (DeriveRun           *run,
                 PomarDeriveSettings *settings)
{
  g_autoptr (GDateTime) bound = NULL;

  memset (run, 0, sizeof *run);
  run->today = pomar_day_today ();
  run->now = pomar_now_utc ();
  run->now_text = g_date_time_format (run->now, "%Y-%m-%dT%H:%M:%SZ");
  bound = g_date_time_add_hours (run->now, -48);
  run->urgent_bound = g_date_time_format (bound, "%Y-%m-%dT%H:%M:%SZ");

  g_mutex_lock (&settings->lock);
  run->weights = settings->weights;
  if (settings->catalog != NULL)
    run->catalog = pomar_playbook_catalog_ref (settings->catalog);
  g_mutex_unlock (&settings->lock);

  run->triggers = g_ptr_array_new_with_free_func (g_free);
  if (run->catalog != NULL)
    {
      GPtrArray *templates = pomar_playbook_catalog_get_templates (run->catalog);

      for (guint i = 0; i < templates->len; i++)
        {
          const PomarPlaybookTemplate *template = g_ptr_array_index (templates, i);

          if (g_strcmp0 (template->trigger, "manual") == 0
              || g_ptr_array_find_with_equal_func (run->triggers, template->trigger, g_str_equal, NULL))
            continue;
          g_ptr_array_add (run->triggers, g_strdup (template->trigger));
        }
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DeriveRun, derive_run_clear)

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static const char SQL_META_GET[] = "SELECT value FROM meta WHERE key = ?1";
static const char SQL_ALL_ACCOUNTS[] = "SELECT id FROM accounts ORDER BY id";
static const char SQL_HEALTH_ORPHANS[] =
  "DELETE FROM health WHERE account_id NOT IN (SELECT id FROM accounts)";

static gboolean
derive (PomarStoreWriter  *writer,
        gboolean           all,
        GError           **error)
{
  g_auto (DeriveRun) run = { 0 };
  g_autofree char *signature = NULL;
  g_autofree char *stored = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  int rc;

  derive_run_init (&run, writer->settings);
  signature = make_signature (run.today, &run.weights);
  if (!text_result (writer->db, SQL_META_GET, META_DERIVED_SIGNATURE, NULL, &stored, error))
    return FALSE;
  if (g_strcmp0 (signature, stored) != 0)
    all = TRUE;

  if (!all && g_hash_table_size (writer->touched) == 0)
    return TRUE;

  ids = g_ptr_array_new_with_free_func (g_free);
  if (all)
    {
      g_autoptr (PomarStmt) stmt = pomar_db_prepare (writer->db, SQL_ALL_ACCOUNTS, error);

      if (stmt == NULL)
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (ids, pomar_stmt_dup_text (stmt, 0));
      if (rc != SQLITE_DONE)
        return pomar_db_set_error (writer->db, rc, error);
    }
  else
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, writer->touched);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (ids, g_strdup (key));
      /* In id order, the accounts' rows are met in index order: fewer
       * pages to read than in the hash table's order. */
      g_ptr_array_sort (ids, compare_ids);
    }

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      gpointer from;

      if (!g_hash_table_lookup_extended (writer->touched, id, NULL, &from))
        from = GUINT_TO_POINTER (POMAR_TTV_UNAFFECTED);
      if (!derive_account (writer, &run, id, GPOINTER_TO_UINT (from), error))
        return FALSE;
    }

  g_hash_table_remove_all (writer->touched);

  if (all)
    return pomar_db_exec (writer->db, SQL_HEALTH_ORPHANS, error)
           && pomar_store_writer_set_meta (writer, META_DERIVED_SIGNATURE, signature, error);
  return TRUE;
}

gboolean
pomar_store_writer_derive (PomarStoreWriter  *writer,
                           GError           **error)
{
  return derive (writer, FALSE, error);
}

gboolean
pomar_store_writer_refresh_derived (PomarStoreWriter  *writer,
                                    gboolean           all,
                                    GError           **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return derive (writer, all, error);
}

/* Refreshing from outside ---------------------------------------------------- */

/* Nothing to write: the commit's derive step does the work when the
 * stored figures are of another day or other weights. */
static gboolean
refresh_func (PomarStoreWriter  *writer,
              gpointer           user_data,
              GCancellable      *cancellable,
              GError           **error)
{
  return TRUE;
}

gboolean
pomar_store_refresh_derived (PomarStore    *self,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_return_val_if_fail (POMAR_IS_STORE (self), FALSE);

  /* A cache that cannot be written shows the figures it last stored: a
   * day old, they are better than none. */
  if (pomar_store_is_read_only (self))
    return TRUE;
  return pomar_store_write_sync (self, refresh_func, NULL, cancellable, error);
}

void
pomar_store_refresh_derived_async (PomarStore          *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (POMAR_IS_STORE (self));

  if (pomar_store_is_read_only (self))
    {
      g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

      /* Finished like a write, as pomar_store_refresh_derived_finish() expects. */
      g_task_set_source_tag (task, pomar_store_write_async);
      g_task_return_boolean (task, TRUE);
      return;
    }
  pomar_store_write_async (self, refresh_func, NULL, NULL, cancellable, callback, user_data);
}

gboolean
pomar_store_refresh_derived_finish (PomarStore    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return pomar_store_write_finish (self, result, error);
}

/* Local changes: overrides, playbooks, tasks ----------------------------------- */

static const char SQL_ACCOUNT_EXISTS[] = "SELECT id FROM accounts WHERE id = ?1";

static gboolean
require_account (PomarDb     *db,
                 const char  *account_id,
                 GError     **error)
{
  g_autofree char *found = NULL;

  if (!text_result (db, SQL_ACCOUNT_EXISTS, account_id, NULL, &found, error))
    return FALSE;
  if (found != NULL)
    return TRUE;

  g_set_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
               _("There is no account “%s” in the cache."), account_id);
  return FALSE;
}

static const char SQL_OVERRIDE_PUT[] =
  "INSERT OR REPLACE INTO health_overrides (account_id, score, reason, set_at, expires_on) "
  "VALUES (?1, ?2, ?3, ?4, ?5)";

gboolean
pomar_store_writer_set_health_override (PomarStoreWriter  *writer,
                                        const char        *account_id,
                                        int                score,
                                        const char        *reason,
                                        PomarDay           expires_on,
                                        GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *trimmed = NULL;
  char day[11];

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);

  if (score < 0 || score > 100)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                   _("A health score goes from 0 to 100; %d is outside that."), score);
      return FALSE;
    }
  trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("An override needs a reason, so that others know why the score was set by hand."));
      return FALSE;
    }
  if (expires_on == POMAR_NO_DAY || expires_on <= pomar_day_today ())
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("An override must last at least until tomorrow."));
      return FALSE;
    }
  if (!require_account (writer->db, account_id, error))
    return FALSE;

  now = pomar_now_utc ();
  now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  stmt = pomar_db_prepare (writer->db, SQL_OVERRIDE_PUT, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  sqlite3_bind_int (stmt, 2, score);
  pomar_stmt_bind_text (stmt, 3, trimmed);
  pomar_stmt_bind_text (stmt, 4, now_text);
  pomar_stmt_bind_text (stmt, 5, pomar_day_format (expires_on, day));
  if (!pomar_db_step_done (writer->db, stmt, error))
    return FALSE;

  /* The band shown changed: triggers look again. */
  pomar_store_writer_touch (writer, account_id);
  return TRUE;
}

static const char SQL_OVERRIDE_DELETE[] = "DELETE FROM health_overrides WHERE account_id = ?1";

gboolean
pomar_store_writer_clear_health_override (PomarStoreWriter  *writer,
                                          const char        *account_id,
                                          gboolean          *removed,
                                          GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);

  if (!require_account (writer->db, account_id, error))
    return FALSE;

  stmt = pomar_db_prepare (writer->db, SQL_OVERRIDE_DELETE, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  if (!pomar_db_step_done (writer->db, stmt, error))
    return FALSE;

  if (removed != NULL)
    *removed = sqlite3_changes (writer->db->db) > 0;
  pomar_store_writer_touch (writer, account_id);
  return TRUE;
}

gboolean
pomar_store_writer_start_playbook (PomarStoreWriter  *writer,
                                   const char        *account_id,
                                   const char        *template_id,
                                   char             **instance_id,
                                   GError           **error)
{
  g_autoptr (PomarPlaybookCatalog) catalog = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *now_text = NULL;
  const PomarPlaybookTemplate *template;
  gboolean open;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (template_id != NULL, FALSE);

  g_mutex_lock (&writer->settings->lock);
  if (writer->settings->catalog != NULL)
    catalog = pomar_playbook_catalog_ref (writer->settings->catalog);
  g_mutex_unlock (&writer->settings->lock);

  template = catalog != NULL ? pomar_playbook_catalog_lookup (catalog, template_id) : NULL;
  if (template == NULL)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                   _("There is no playbook “%s”."), template_id);
      return FALSE;
    }
  if (!require_account (writer->db, account_id, error)
      || !has_open_instance (writer->db, account_id, template_id, &open, error))
    return FALSE;
  if (open)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_REFUSED,
                   _("The playbook “%s” is already under way for this account."), template->name);
      return FALSE;
    }

  now = pomar_now_utc ();
  now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  return start_instance (writer, template, account_id, "manual", now_text, instance_id, error);
}

static const char SQL_TASK_GET[] =
  "SELECT i.account_id FROM playbook_tasks AS t JOIN playbook_instances AS i ON i.id = t.instance_id "
  "WHERE t.instance_id = ?1 AND t.task_id = ?2";
static const char SQL_TASK_STATE[] =
  "UPDATE playbook_tasks SET state = ?3, done_by = ?4, done_at = ?5, skip_reason = ?6 "
  "WHERE instance_id = ?1 AND task_id = ?2";
/* The instance follows its tasks: complete when none is open. A cancelled
 * instance stays cancelled. */
static const char SQL_INSTANCE_FOLLOW[] =
  "UPDATE playbook_instances SET"
  "  status = CASE WHEN EXISTS (SELECT 1 FROM playbook_tasks WHERE instance_id = ?1 AND state = 'open')"
  "                THEN 'open' ELSE 'complete' END,"
  "  completed_at = CASE WHEN EXISTS (SELECT 1 FROM playbook_tasks WHERE instance_id = ?1 AND state = 'open')"
  "                THEN NULL ELSE coalesce(completed_at, ?2) END "
  "WHERE id = ?1 AND status != 'cancelled'";

gboolean
pomar_store_writer_set_task_state (PomarStoreWriter  *writer,
                                   const char        *instance_id,
                                   const char        *task_id,
                                   const char        *state,
                                   const char        *who,
                                   const char        *reason,
                                   GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *why = NULL;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (instance_id != NULL && task_id != NULL && state != NULL, FALSE);

  if (!g_str_equal (state, "open") && !g_str_equal (state, "done") && !g_str_equal (state, "skipped"))
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                   _("A task is open, done or skipped, not “%s”."), state);
      return FALSE;
    }
  why = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (g_str_equal (state, "skipped") && *why == '\0')
    {
      g_set_error_literal (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                           _("Skipping a task needs a reason."));
      return FALSE;
    }

  if (!text_result (writer->db, SQL_TASK_GET, instance_id, task_id, &account_id, error))
    return FALSE;
  if (account_id == NULL)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                   _("There is no task “%s” in that playbook."), task_id);
      return FALSE;
    }

  now = pomar_now_utc ();
  now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  stmt = pomar_db_prepare (writer->db, SQL_TASK_STATE, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, instance_id);
  pomar_stmt_bind_text (stmt, 2, task_id);
  pomar_stmt_bind_text (stmt, 3, state);
  if (g_str_equal (state, "done"))
    {
      pomar_stmt_bind_text (stmt, 4, who);
      pomar_stmt_bind_text (stmt, 5, now_text);
    }
  if (g_str_equal (state, "skipped"))
    pomar_stmt_bind_text (stmt, 6, why);
  if (!pomar_db_step_done (writer->db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, pomar_stmt_release);

  stmt = pomar_db_prepare (writer->db, SQL_INSTANCE_FOLLOW, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, instance_id);
  pomar_stmt_bind_text (stmt, 2, now_text);
  if (!pomar_db_step_done (writer->db, stmt, error))
    return FALSE;

  pomar_store_writer_touch (writer, account_id);
  return TRUE;
}
