/* pomar-store-figures.c: reading what Pomar derived, and the whole book.
 *
 * The health table (kept by pomar-store-derive.c) is read beside the
 * accounts: lists, exports and the portfolio never recompute what is
 * stored. Figures of another day than the stored one (a portfolio "as of"
 * a past day) are computed from the records with the same SQL aggregates
 * and the same core functions as the stored ones.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "core/pomar-error.h"
#include "core/pomar-stage.h"
#include "core/pomar-suggest.h"
#include "core/pomar-ttv.h"
#include "store/pomar-store-private.h"

/* Figures ------------------------------------------------------------------ */

void
pomar_account_figures_clear (PomarAccountFigures *figures)
{
  g_clear_pointer (&figures->override_reason, g_free);
  memset (figures, 0, sizeof *figures);
}

gboolean
pomar_account_figures_shown_health (const PomarAccountFigures *figures,
                                    PomarDay                   as_of,
                                    int                       *score,
                                    PomarHealthBand           *band)
{
  PomarHealthResult computed = { 0 };
  gboolean known = FALSE;
  PomarHealthBand shown_band = POMAR_HEALTH_BAND_NONE;
  int shown;

  computed.known = figures->computed && figures->known;
  computed.score = figures->score;
  computed.rounded = figures->rounded;
  computed.band = figures->band;
  shown = pomar_health_shown (&computed, &figures->override, as_of, &known, &shown_band);

  if (score != NULL)
    *score = known ? shown : 0;
  if (band != NULL)
    *band = known ? shown_band : POMAR_HEALTH_BAND_NONE;
  return known;
}

void
pomar_store_read_figures (PomarStmt           *stmt,
                          int                  first,
                          PomarAccountFigures *f)
{
  int c = first;

  memset (f, 0, sizeof *f);
  f->most_impactful = POMAR_HEALTH_NO_COMPONENT;
  f->ttv_days = POMAR_NO_INT;

  f->computed = sqlite3_column_type (stmt, c) != SQLITE_NULL;
  f->as_of = pomar_stmt_get_day (stmt, c++);
  f->known = sqlite3_column_type (stmt, c) != SQLITE_NULL;
  f->score = sqlite3_column_double (stmt, c++);
  f->rounded = sqlite3_column_int (stmt, c++);
  f->band = pomar_health_band_from_id ((const char *) sqlite3_column_text (stmt, c++));
  f->most_impactful = pomar_health_component_from_id ((const char *) sqlite3_column_text (stmt, c++));
  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++, c++)
    {
      f->part_present[i] = sqlite3_column_type (stmt, c) != SQLITE_NULL;
      f->part_score[i] = sqlite3_column_double (stmt, c);
    }
  f->known_30d_ago = sqlite3_column_type (stmt, c) != SQLITE_NULL;
  f->rounded_30d_ago = sqlite3_column_int (stmt, c++);
  f->has_nps_90d = sqlite3_column_type (stmt, c) != SQLITE_NULL;
  f->nps_90d = sqlite3_column_int (stmt, c++);
  f->has_csat_90d = sqlite3_column_type (stmt, c) != SQLITE_NULL;
  f->csat_90d = sqlite3_column_double (stmt, c++);
  f->has_nps_180d = sqlite3_column_type (stmt, c) != SQLITE_NULL;
  f->nps_180d = sqlite3_column_int (stmt, c++);
  f->promoter_180d = sqlite3_column_int (stmt, c++) != 0;
  f->ttv_reached_on = pomar_stmt_get_day (stmt, c++);
  f->ttv_days = pomar_stmt_get_int (stmt, c++);
  f->stage_entered_on = pomar_stmt_get_day (stmt, c++);
  f->onboarding_complete = sqlite3_column_int (stmt, c++) != 0;
  if (sqlite3_column_type (stmt, c) != SQLITE_NULL)
    {
      f->override.set = TRUE;
      f->override.score = sqlite3_column_int (stmt, c);
      f->override.set_on = pomar_stmt_get_day (stmt, c + 1);
      f->override.expires_on = pomar_stmt_get_day (stmt, c + 2);
      f->override_reason = pomar_stmt_dup_text (stmt, c + 3);
    }
  c += 4;
  g_assert (c - first == POMAR_N_FIGURES_COLUMNS);
}

static const char SQL_FIGURES[] =
  "SELECT a.id, " POMAR_FIGURES_COLUMNS " FROM accounts AS a " POMAR_FIGURES_JOIN " WHERE a.id = ?1";

gboolean
pomar_store_reader_get_figures (PomarStoreReader     *reader,
                                const char           *account_id,
                                PomarAccountFigures  *figures,
                                GError              **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (figures != NULL, FALSE);

  memset (figures, 0, sizeof *figures);
  stmt = pomar_db_prepare (reader->db, SQL_FIGURES, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      pomar_store_read_figures (stmt, 1, figures);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return pomar_db_set_error (reader->db, rc, error);

  g_set_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
               _("There is no account “%s” in the cache."), account_id);
  return FALSE;
}

/* One account's answers ------------------------------------------------------- */

const guint pomar_nps_window_days[4] = { 30, 90, 180, 365 };

static const char SQL_ACCOUNT_ANSWERS[] =
  "SELECT kind, score, responded_at FROM responses "
  "WHERE account_id = ?1 AND responded_at >= ?2 AND responded_at < ?3";

gboolean
pomar_store_reader_get_account_answers (PomarStoreReader     *reader,
                                        const char           *account_id,
                                        PomarDay              as_of,
                                        PomarAccountAnswers  *answers,
                                        GError              **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  char from[11], to[11];
  PomarDay first;
  int rc;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);

  memset (answers, 0, sizeof *answers);
  answers->as_of = as_of;
  pomar_nps_months_init (as_of, answers->months);
  first = MIN (answers->months[0].first_day, as_of - 364);

  stmt = pomar_db_prepare (reader->db, SQL_ACCOUNT_ANSWERS, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  pomar_stmt_bind_text (stmt, 2, pomar_day_format (first, from));
  pomar_stmt_bind_text (stmt, 3, pomar_day_format (as_of + 1, to));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 0);
      gint64 score = pomar_stmt_get_int (stmt, 1);
      PomarDay day = pomar_stmt_get_day (stmt, 2);

      if (day == POMAR_NO_DAY || score == POMAR_NO_INT)
        continue;
      if (g_strcmp0 (kind, "nps") == 0)
        {
          for (guint w = 0; w < G_N_ELEMENTS (pomar_nps_window_days); w++)
            pomar_nps_window_add (&answers->windows[w], day, score, as_of, pomar_nps_window_days[w]);
          pomar_nps_months_add (answers->months, day, score);
        }
      else if (g_strcmp0 (kind, "csat") == 0 && pomar_day_in_window (day, as_of, 90))
        pomar_csat_counts_add (&answers->csat_90d, score);
    }
  if (rc != SQLITE_DONE)
    return pomar_db_set_error (reader->db, rc, error);
  return TRUE;
}

/* Explaining health ---------------------------------------------------------- */

static const char SQL_SEATS[] = "SELECT licensed_seats FROM accounts WHERE id = ?1";

gboolean
pomar_store_reader_explain_health (PomarStoreReader          *reader,
                                   const char                *account_id,
                                   PomarDay                   as_of,
                                   const PomarHealthWeights  *weights,
                                   PomarHealthExplanation    *e,
                                   GError                   **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  gint64 seats;
  int rc;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (e != NULL, FALSE);

  memset (e, 0, sizeof *e);
  stmt = pomar_db_prepare (reader->db, SQL_SEATS, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, account_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                   _("There is no account “%s” in the cache."), account_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return pomar_db_set_error (reader->db, rc, error);
  seats = pomar_stmt_get_int (stmt, 0);
  g_clear_pointer (&stmt, pomar_stmt_release);

  e->as_of = as_of;
  if (!pomar_store_gather_health (reader->db, account_id, seats, as_of, &e->inputs,
                                  &e->inputs_30d_ago, NULL, e->open_by_priority, error))
    return FALSE;
  pomar_health_compute (&e->inputs, as_of, weights, &e->result);
  pomar_health_compute (&e->inputs_30d_ago, as_of - 30, weights, &e->result_30d_ago);
  return TRUE;
}

/* The accounts export ------------------------------------------------------------ */

/* The contract's fields, then what Pomar computed (issue 3's list). */
static const char SQL_ACCOUNTS_EXPORT[] =
  "SELECT a.id, a.name, a.domain, a.segment, a.owner, a.stage, a.arr, a.currency, a.plan,"
  "       a.licensed_seats, a.contract_start, a.renewal_date, a.created_at, a.updated_at,"
  "       a.version,"
  "       (SELECT count(*) FROM tickets WHERE account_id = a.id"
  "        AND status IN ('new', 'open', 'pending', 'hold')), "
  POMAR_FIGURES_COLUMNS " "
  "FROM accounts AS a " POMAR_FIGURES_JOIN " ORDER BY a.id";

static const struct
{
  const char     *name;
  PomarFieldType  type;
} contract_columns[] = {
  { "id", POMAR_FIELD_STRING },
  { "name", POMAR_FIELD_STRING },
  { "domain", POMAR_FIELD_STRING },
  { "segment", POMAR_FIELD_STRING },
  { "owner", POMAR_FIELD_STRING },
  { "stage", POMAR_FIELD_STRING },
  { "arr", POMAR_FIELD_DOUBLE },
  { "currency", POMAR_FIELD_STRING },
  { "plan", POMAR_FIELD_STRING },
  { "licensed_seats", POMAR_FIELD_INT },
  { "contract_start", POMAR_FIELD_STRING },
  { "renewal_date", POMAR_FIELD_STRING },
  { "created_at", POMAR_FIELD_STRING },
  { "updated_at", POMAR_FIELD_STRING },
  { "version", POMAR_FIELD_INT },
};

enum
{
  X_HEALTH,
  X_HEALTH_BAND,
  X_HEALTH_COMPUTED,
  X_HEALTH_OVERRIDE,
  X_NPS_90D,
  X_CSAT_90D,
  X_OPEN_TICKETS,
  X_TTV_DAYS,
  X_DAYS_TO_RENEWAL,
  X_SUGGESTED_STAGE,
  X_SUGGESTION_REASON,
  N_EXTRA
};

static const char *const extra_names[N_EXTRA] = {
  "health", "health_band", "health_computed", "health_override", "nps_90d", "csat_90d",
  "open_tickets", "ttv_days", "days_to_renewal", "suggested_stage", "suggestion_reason",
};

#define N_CONTRACT G_N_ELEMENTS (contract_columns)

static void
set_int (PomarField *f,
         gboolean    present,
         gint64      value)
{
  f->type = present ? POMAR_FIELD_INT : POMAR_FIELD_NULL;
  f->i = value;
}

/* The suggestion inputs of an account, from its stored figures. */
void
pomar_store_suggestion_inputs (const PomarAccountFigures *f,
                               const char                *stage,
                               PomarDay                   contract_start,
                               gint64                     seats,
                               PomarDay                   as_of,
                               PomarSuggestionInputs     *in)
{
  memset (in, 0, sizeof *in);
  in->stage = stage;
  in->stage_entered = f->stage_entered_on;
  in->onboarding_complete = f->onboarding_complete;
  pomar_account_figures_shown_health (f, as_of, NULL, &in->band);
  in->has_nps_180d = f->has_nps_180d;
  in->nps_180d = f->nps_180d;
  in->promoter_180d = f->promoter_180d;

  if (contract_start != POMAR_NO_DAY && seats != POMAR_NO_INT && seats > 0 && contract_start <= as_of)
    {
      in->ttv.known = TRUE;
      if (f->ttv_reached_on != POMAR_NO_DAY && f->ttv_reached_on <= as_of)
        {
          in->ttv.reached = TRUE;
          in->ttv.reached_on = f->ttv_reached_on;
          in->ttv.days = (gint64) (f->ttv_reached_on - contract_start);
        }
      else
        in->ttv.days = (gint64) (as_of - contract_start);
    }
}

gboolean
pomar_store_scan_accounts (PomarStoreReader  *reader,
                           PomarRowFunc       func,
                           gpointer           user_data,
                           GError           **error)
{
  PomarField fields[N_CONTRACT + N_EXTRA];
  sqlite3_stmt *stmt = NULL;
  PomarDay today = pomar_day_today ();
  gboolean ok = TRUE;
  int rc;

  /* Prepared for this walk alone, as pomar_store_reader_scan() does. */
  rc = sqlite3_prepare_v2 (reader->db->db, SQL_ACCOUNTS_EXPORT, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return pomar_db_set_error (reader->db, rc, error);

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PomarAccountFigures figures;
      PomarSuggestionInputs in;
      PomarSuggestion suggestion = { 0 };
      PomarHealthBand band;
      PomarField *x = fields + N_CONTRACT;
      gint64 days;
      int shown;

      for (guint i = 0; i < N_CONTRACT; i++)
        {
          PomarField *field = &fields[i];

          memset (field, 0, sizeof *field);
          field->name = contract_columns[i].name;
          if (sqlite3_column_type (stmt, (int) i) == SQLITE_NULL)
            {
              field->type = POMAR_FIELD_NULL;
              continue;
            }
          field->type = contract_columns[i].type;
          if (field->type == POMAR_FIELD_INT)
            field->i = sqlite3_column_int64 (stmt, (int) i);
          else if (field->type == POMAR_FIELD_DOUBLE)
            field->d = sqlite3_column_double (stmt, (int) i);
          else
            field->s = (const char *) sqlite3_column_text (stmt, (int) i);
        }

      for (guint i = 0; i < N_EXTRA; i++)
        {
          memset (&x[i], 0, sizeof x[i]);
          x[i].name = extra_names[i];
          x[i].type = POMAR_FIELD_NULL;
        }

      pomar_store_read_figures (stmt, N_CONTRACT + 1, &figures);

      if (pomar_account_figures_shown_health (&figures, today, &shown, &band))
        {
          set_int (&x[X_HEALTH], TRUE, shown);
          x[X_HEALTH_BAND].type = POMAR_FIELD_STRING;
          x[X_HEALTH_BAND].s = pomar_health_band_to_id (band);
        }
      set_int (&x[X_HEALTH_COMPUTED], figures.computed && figures.known, figures.rounded);
      set_int (&x[X_HEALTH_OVERRIDE], pomar_health_override_is_active (&figures.override, today),
               figures.override.score);
      set_int (&x[X_NPS_90D], figures.has_nps_90d, figures.nps_90d);
      if (figures.has_csat_90d)
        {
          x[X_CSAT_90D].type = POMAR_FIELD_DOUBLE;
          x[X_CSAT_90D].d = figures.csat_90d;
        }
      set_int (&x[X_OPEN_TICKETS], TRUE, sqlite3_column_int64 (stmt, N_CONTRACT));
      set_int (&x[X_TTV_DAYS], figures.ttv_days != POMAR_NO_INT, figures.ttv_days);
      if (pomar_days_to_renewal (pomar_day_parse (fields[11].s), today, &days))
        set_int (&x[X_DAYS_TO_RENEWAL], TRUE, days);

      pomar_store_suggestion_inputs (&figures, fields[5].s, pomar_day_parse (fields[10].s),
                                     fields[9].type == POMAR_FIELD_INT ? fields[9].i : POMAR_NO_INT,
                                     today, &in);
      pomar_stage_suggest (&in, today, &suggestion);
      if (suggestion.to_stage != NULL)
        {
          x[X_SUGGESTED_STAGE].type = POMAR_FIELD_STRING;
          x[X_SUGGESTED_STAGE].s = suggestion.to_stage;
          x[X_SUGGESTION_REASON].type = POMAR_FIELD_STRING;
          x[X_SUGGESTION_REASON].s = suggestion.reason;
        }

      ok = func (fields, N_CONTRACT + N_EXTRA, user_data, error);
      pomar_suggestion_clear (&suggestion);
      pomar_account_figures_clear (&figures);
    }

  if (ok && rc != SQLITE_DONE)
    ok = pomar_db_set_error (reader->db, rc, error);

  sqlite3_finalize (stmt);
  return ok;
}

/* The portfolio ------------------------------------------------------------------ */

void
pomar_portfolio_clear (PomarPortfolio *portfolio)
{
  g_clear_pointer (&portfolio->arr, g_ptr_array_unref);
  g_clear_pointer (&portfolio->arr_at_risk, g_ptr_array_unref);
  g_clear_pointer (&portfolio->ltv, g_ptr_array_unref);
  memset (portfolio, 0, sizeof *portfolio);
}

static const char SQL_PORTFOLIO_ACCOUNTS[] =
  "SELECT a.id, a.stage, a.arr, a.currency, a.renewal_date, a.contract_start, a.licensed_seats, "
  POMAR_FIGURES_COLUMNS " FROM accounts AS a " POMAR_FIGURES_JOIN " ORDER BY a.id";

static const char SQL_STAGE_CHANGES[] =
  "SELECT " POMAR_STAGE_CHANGE_COLUMNS " FROM stage_history ORDER BY account_id";

/* Answers per kind, day and score: a few thousand groups for the whole
 * book, whatever its size. */
static const char SQL_BOOK_ANSWERS[] =
  "SELECT kind, substr(responded_at, 1, 10), score, count(*) FROM responses "
  "WHERE kind IN ('nps', 'csat') AND responded_at >= ?1 AND responded_at < ?2 "
  "GROUP BY 1, 2, 3";

static gboolean
read_stage_changes (PomarStoreReader  *reader,
                    GHashTable        *by_account,
                    GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  int rc;

  stmt = pomar_db_prepare (reader->db, SQL_STAGE_CHANGES, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PomarStageChange *change = pomar_store_read_stage_change (stmt);
      GPtrArray *list;

      list = g_hash_table_lookup (by_account, change->account_id);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_stage_change_free);
          g_hash_table_insert (by_account, g_strdup (change->account_id), list);
        }
      g_ptr_array_add (list, change);
    }
  if (rc != SQLITE_DONE)
    return pomar_db_set_error (reader->db, rc, error);
  return TRUE;
}

static gboolean
read_book_answers (PomarStoreReader  *reader,
                   PomarPortfolio    *p,
                   GError           **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  char from[11], to[11];
  PomarDay first = p->nps_months[0].first_day;
  int rc;

  if (p->as_of - 89 < first)
    first = p->as_of - 89;
  pomar_day_format (first, from);
  pomar_day_format (p->as_of + 1, to);

  stmt = pomar_db_prepare (reader->db, SQL_BOOK_ANSWERS, error);
  if (stmt == NULL)
    return FALSE;
  pomar_stmt_bind_text (stmt, 1, from);
  pomar_stmt_bind_text (stmt, 2, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean nps = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "nps") == 0;
      PomarDay day = pomar_stmt_get_day (stmt, 1);
      gint64 score = pomar_stmt_get_int (stmt, 2);
      gint64 n = sqlite3_column_int64 (stmt, 3);

      if (day == POMAR_NO_DAY || score == POMAR_NO_INT)
        continue;
      for (gint64 i = 0; i < n; i++)
        {
          if (nps)
            {
              pomar_nps_window_add (&p->nps_90d, day, score, p->as_of, 90);
              pomar_nps_months_add (p->nps_months, day, score);
            }
          else if (pomar_day_in_window (day, p->as_of, 90))
            pomar_csat_counts_add (&p->csat_90d, score);
        }
    }
  if (rc != SQLITE_DONE)
    return pomar_db_set_error (reader->db, rc, error);
  return TRUE;
}

gboolean
pomar_store_reader_get_portfolio (PomarStoreReader          *reader,
                                  PomarDay                   as_of,
                                  const PomarHealthWeights  *weights,
                                  double                     default_years,
                                  PomarPortfolio            *p,
                                  GError                   **error)
{
  g_autoptr (PomarStmt) stmt = NULL;
  g_autoptr (GHashTable) changes = NULL;
  g_autoptr (GArray) ttvs = g_array_new (FALSE, FALSE, sizeof (double));
  guint churned = 0, customers_then = 0;
  int rc;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (p != NULL, FALSE);
  g_return_val_if_fail (as_of != POMAR_NO_DAY, FALSE);

  memset (p, 0, sizeof *p);
  p->as_of = as_of;
  p->arr = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_money_total_free);
  p->arr_at_risk = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_money_total_free);
  p->ltv = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_money_total_free);
  pomar_nps_months_init (as_of, p->nps_months);

  changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  if (!read_stage_changes (reader, changes, error) || !read_book_answers (reader, p, error))
    goto fail;

  /* The live health of a past day steps other statements inside this
   * loop; they are other SQL texts, so other cached statements. */
  stmt = pomar_db_prepare (reader->db, SQL_PORTFOLIO_ACCOUNTS, error);
  if (stmt == NULL)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *id = pomar_stmt_dup_text (stmt, 0);
      g_autofree char *stage = pomar_stmt_dup_text (stmt, 1);
      double arr = pomar_stmt_get_double (stmt, 2);
      const char *currency = (const char *) sqlite3_column_text (stmt, 3);
      PomarDay renewal = pomar_stmt_get_day (stmt, 4);
      PomarDay start = pomar_stmt_get_day (stmt, 5);
      gint64 seats = pomar_stmt_get_int (stmt, 6);
      GPtrArray *history = g_hash_table_lookup (changes, id);
      PomarAccountFigures figures;
      PomarHealthBand band = POMAR_HEALTH_BAND_NONE;
      gboolean churned_recently = FALSE, customer_then = FALSE;
      const char *stage_then = NULL;
      gboolean customer;

      /* The stage as of the day asked for, when the history tells it. */
      if (history != NULL)
        stage_then = pomar_stage_as_of ((const PomarStageChange * const *) history->pdata, history->len, as_of);
      if (stage_then == NULL)
        stage_then = stage;
      customer = g_strcmp0 (stage_then, "churned") != 0;

      pomar_store_read_figures (stmt, 7, &figures);
      p->accounts++;

      if (figures.computed && figures.as_of == as_of)
        pomar_account_figures_shown_health (&figures, as_of, NULL, &band);
      else
        {
          PomarHealthInputs now, then;
          PomarHealthResult result;

          if (!pomar_store_gather_health (reader->db, id, seats, as_of, &now, &then, NULL, NULL, error))
            {
              pomar_account_figures_clear (&figures);
              goto fail;
            }
          pomar_health_compute (&now, as_of, weights, &result);
          pomar_health_shown (&result, &figures.override, as_of, NULL, &band);
        }

      if (customer)
        {
          p->customers++;
          p->bands[band]++;
          if (!isnan (arr))
            pomar_money_totals_add (p->arr, currency, arr);
        }
      if (!isnan (arr) && pomar_arr_is_at_risk (stage_then, renewal, band, as_of))
        pomar_money_totals_add (p->arr_at_risk, currency, arr);

      /* Time to value once reached does not depend on the day it is
       * looked at from, so the stored day serves any day after it. */
      if (figures.ttv_reached_on != POMAR_NO_DAY && start != POMAR_NO_DAY
          && pomar_day_in_window (figures.ttv_reached_on, as_of, 365))
        {
          double days = (double) (figures.ttv_reached_on - start);

          g_array_append_val (ttvs, days);
        }

      pomar_lifetime_count_account (history != NULL ? (const PomarStageChange * const *) history->pdata : NULL,
                                    history != NULL ? history->len : 0,
                                    start, stage, as_of, &churned_recently, &customer_then);
      churned += churned_recently;
      customers_then += customer_then;

      pomar_account_figures_clear (&figures);
    }
  if (rc != SQLITE_DONE)
    {
      pomar_db_set_error (reader->db, rc, error);
      goto fail;
    }

  p->ttv_reached_365d = ttvs->len;
  p->has_median_ttv = pomar_median ((double *) ttvs->data, ttvs->len, &p->median_ttv);
  pomar_lifetime_compute (churned, customers_then, default_years, &p->lifetime);
  pomar_ltv_totals (p->arr, &p->lifetime, p->ltv);
  return TRUE;

fail:
  pomar_portfolio_clear (p);
  return FALSE;
}
