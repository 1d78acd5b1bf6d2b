/* pomarctl-figures.c: what Pomar computes, on the command line.
 *
 * health (one account's score, explained), playbooks (one account's
 * instances and tasks, or the templates), portfolio (the whole book) and
 * override (the account manager's own score). Each prints text for a
 * person, or one JSON object with --json for a script. Figures are brought
 * up to date for today before they are shown, through the same context
 * call the GUI uses.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "core/pomar-error.h"
#include "core/pomar-stage.h"
#include "pomarctl-common.h"
#include "pomarctl-figures.h"

/* Shared ---------------------------------------------------------------------- */

static gboolean
parse_as_of (const char  *command,
             const char  *text,
             PomarDay    *day)
{
  if (text == NULL)
    {
      *day = pomar_day_today ();
      return TRUE;
    }
  *day = strlen (text) == 10 ? pomar_day_parse (text) : POMAR_NO_DAY;
  if (*day != POMAR_NO_DAY)
    return TRUE;

  {
    g_autofree char *message =
      g_strdup_printf (_("--as-of takes a date as YYYY-MM-DD, not “%s”."), text);

    pomarctl_usage_error (command, message);
  }
  return FALSE;
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            gboolean     present,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (present)
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int_or_null (JsonBuilder *builder,
                 const char  *name,
                 gboolean     present,
                 gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (present)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static const char *
arrow_id (PomarTrendArrow arrow)
{
  switch (arrow)
    {
    case POMAR_TREND_UP:
      return "up";
    case POMAR_TREND_DOWN:
      return "down";
    case POMAR_TREND_FLAT:
      return "flat";
    case POMAR_TREND_UNKNOWN:
    default:
      return NULL;
    }
}

static const char *
band_name (PomarHealthBand band)
{
  switch (band)
    {
    case POMAR_HEALTH_BAND_RED:
      return _("red");
    case POMAR_HEALTH_BAND_YELLOW:
      return _("yellow");
    case POMAR_HEALTH_BAND_GREEN:
      return _("green");
    case POMAR_HEALTH_BAND_NONE:
    default:
      return _("unknown");
    }
}

/* Opens the cache in the data dir the options name and brings its figures
 * up to date. */
static PomarContext *
open_current (const char                  *command,
              const char                  *main_dir,
              const PomarctlCommonOptions *common,
              GError                     **error)
{
  g_autofree char *data_dir = pomarctl_resolve_data_dir (command, main_dir, common);
  g_autoptr (PomarContext) context = NULL;

  if (data_dir == NULL)
    return NULL;
  context = pomarctl_open_existing (data_dir, error);
  if (context == NULL || !pomar_context_refresh (context, NULL, error))
    return NULL;
  return g_steal_pointer (&context);
}

/* health ---------------------------------------------------------------------- */

static char *
component_inputs_text (PomarHealthComponent           component,
                       const PomarHealthExplanation  *e)
{
  const PomarHealthInputs *in = &e->inputs;
  int nps;
  double csat;

  switch (component)
    {
    case POMAR_HEALTH_ADOPTION:
      if (in->licensed_seats == POMAR_NO_INT || in->licensed_seats <= 0)
        return g_strdup (_("no licensed seats on record"));
      if (!in->has_usage)
        return g_strdup (_("no usage on record"));
      return g_strdup_printf (_("%.1f active users a day over 30 days, %lld seats (%.0f%% in use)"),
                              (double) in->active_users_30d / 30.0, (long long) in->licensed_seats,
                              100.0 * (double) in->active_users_30d / (30.0 * (double) in->licensed_seats));
    case POMAR_HEALTH_USAGE_TREND:
      if (in->events_prev_30d <= 0)
        return g_strdup_printf (_("%lld events in the last 30 days, none in the 30 before"),
                                (long long) in->events_30d);
      return g_strdup_printf (_("%lld events in the last 30 days, %lld in the 30 before"),
                              (long long) in->events_30d, (long long) in->events_prev_30d);
    case POMAR_HEALTH_SUPPORT:
      return g_strdup_printf (_("open tickets: %lld urgent, %lld high, %lld normal, %lld low; "
                                "%u older than 14 days"),
                              (long long) e->open_by_priority[0], (long long) e->open_by_priority[1],
                              (long long) e->open_by_priority[2], (long long) e->open_by_priority[3],
                              in->open_tickets_old);
    case POMAR_HEALTH_SENTIMENT:
      if (pomar_nps_compute (&in->nps_180d, &nps))
        return g_strdup_printf (_("NPS %d over 180 days (promoters %u, passives %u, detractors %u)"),
                                nps, in->nps_180d.promoters, in->nps_180d.passives, in->nps_180d.detractors);
      if (pomar_csat_compute (&in->csat_180d, &csat))
        return g_strdup_printf (_("no NPS answer in 180 days; CSAT %.0f%% (satisfied %u of %u)"),
                                csat, in->csat_180d.satisfied, in->csat_180d.total);
      return g_strdup (_("no NPS or CSAT answer in 180 days"));
    case POMAR_HEALTH_ENGAGEMENT:
      if (in->last_engagement == POMAR_NO_DAY || in->last_engagement > e->as_of)
        return g_strdup (_("no note, meeting, email or call on record"));
      {
        char day[11];
        guint days = e->as_of - in->last_engagement;

        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "last touch %s, %u day before",
                                             "last touch %s, %u days before", days),
                                pomar_day_format (in->last_engagement, day), days);
      }
    case POMAR_HEALTH_N_COMPONENTS:
    default:
      return g_strdup ("");
    }
}

static void
add_component_inputs_json (JsonBuilder                  *b,
                           PomarHealthComponent          component,
                           const PomarHealthExplanation *e)
{
  const PomarHealthInputs *in = &e->inputs;
  char day[11];
  int nps;
  double csat;

  json_builder_set_member_name (b, "inputs");
  json_builder_begin_object (b);
  switch (component)
    {
    case POMAR_HEALTH_ADOPTION:
      add_int_or_null (b, "licensed_seats", in->licensed_seats != POMAR_NO_INT, in->licensed_seats);
      json_builder_set_member_name (b, "has_usage");
      json_builder_add_boolean_value (b, in->has_usage);
      pomarctl_builder_add_int (b, "active_users_30d", in->active_users_30d);
      add_double (b, "mean_active_share",
                  in->licensed_seats != POMAR_NO_INT && in->licensed_seats > 0 && in->has_usage,
                  in->licensed_seats > 0 ? (double) in->active_users_30d / (30.0 * (double) in->licensed_seats) : 0);
      break;
    case POMAR_HEALTH_USAGE_TREND:
      pomarctl_builder_add_int (b, "events_30d", in->events_30d);
      pomarctl_builder_add_int (b, "events_prev_30d", in->events_prev_30d);
      break;
    case POMAR_HEALTH_SUPPORT:
      pomarctl_builder_add_int (b, "open_urgent", e->open_by_priority[0]);
      pomarctl_builder_add_int (b, "open_high", e->open_by_priority[1]);
      pomarctl_builder_add_int (b, "open_normal", e->open_by_priority[2]);
      pomarctl_builder_add_int (b, "open_low", e->open_by_priority[3]);
      pomarctl_builder_add_int (b, "open_older_than_14d", in->open_tickets_old);
      add_double (b, "weighted_load", TRUE, in->open_ticket_weight + (double) in->open_tickets_old);
      break;
    case POMAR_HEALTH_SENTIMENT:
      pomarctl_builder_add_int (b, "promoters_180d", in->nps_180d.promoters);
      pomarctl_builder_add_int (b, "passives_180d", in->nps_180d.passives);
      pomarctl_builder_add_int (b, "detractors_180d", in->nps_180d.detractors);
      add_int_or_null (b, "nps_180d", pomar_nps_compute (&in->nps_180d, &nps), nps);
      pomarctl_builder_add_int (b, "csat_satisfied_180d", in->csat_180d.satisfied);
      pomarctl_builder_add_int (b, "csat_answers_180d", in->csat_180d.total);
      add_double (b, "csat_180d", pomar_csat_compute (&in->csat_180d, &csat), csat);
      break;
    case POMAR_HEALTH_ENGAGEMENT:
      {
        gboolean known = in->last_engagement != POMAR_NO_DAY && in->last_engagement <= e->as_of;

        pomarctl_builder_add_string (b, "last_touch", known ? pomar_day_format (in->last_engagement, day) : NULL);
        add_int_or_null (b, "days_since", known, known ? (gint64) (e->as_of - in->last_engagement) : 0);
      }
      break;
    case POMAR_HEALTH_N_COMPONENTS:
    default:
      break;
    }
  json_builder_end_object (b);
}

static int
print_health (const PomarAccountSummary    *summary,
              const PomarHealthExplanation *e,
              gboolean                      json)
{
  const PomarAccountFigures *f = &summary->figures;
  const PomarHealthResult *r = &e->result;
  gboolean override = pomar_health_override_is_active (&f->override, e->as_of);
  PomarHealthBand band = POMAR_HEALTH_BAND_NONE;
  gboolean known = FALSE;
  PomarTrendArrow arrow;
  int shown, delta = 0;
  char day[11];

  shown = pomar_health_shown (r, &f->override, e->as_of, &known, &band);
  arrow = pomar_health_trend (r, &e->result_30d_ago, &delta);

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      pomarctl_builder_add_string (b, "account_id", summary->account.id);
      pomarctl_builder_add_string (b, "name", summary->account.name);
      pomarctl_builder_add_string (b, "as_of", pomar_day_format (e->as_of, day));
      add_int_or_null (b, "health", known, shown);
      pomarctl_builder_add_string (b, "band", known ? pomar_health_band_to_id (band) : NULL);
      add_int_or_null (b, "computed", r->known, r->rounded);
      add_double (b, "computed_unrounded", r->known, r->score);
      json_builder_set_member_name (b, "override");
      if (override)
        {
          json_builder_begin_object (b);
          pomarctl_builder_add_int (b, "score", f->override.score);
          pomarctl_builder_add_string (b, "reason", f->override_reason);
          pomarctl_builder_add_string (b, "set_on", pomar_day_format (f->override.set_on, day));
          pomarctl_builder_add_string (b, "expires_on", pomar_day_format (f->override.expires_on, day));
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "trend");
      json_builder_begin_object (b);
      add_int_or_null (b, "health_30d_ago", e->result_30d_ago.known, e->result_30d_ago.rounded);
      add_int_or_null (b, "delta", arrow != POMAR_TREND_UNKNOWN, delta);
      pomarctl_builder_add_string (b, "arrow", arrow_id (arrow));
      json_builder_end_object (b);
      pomarctl_builder_add_string (b, "most_impactful", pomar_health_component_to_id (r->most_impactful));
      json_builder_set_member_name (b, "components");
      json_builder_begin_array (b);
      for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
        {
          json_builder_begin_object (b);
          pomarctl_builder_add_string (b, "id", pomar_health_component_to_id (i));
          pomarctl_builder_add_string (b, "name", pomar_health_component_get_name (i));
          add_double (b, "score", r->parts[i].present, r->parts[i].score);
          json_builder_set_member_name (b, "missing");
          json_builder_add_boolean_value (b, !r->parts[i].present);
          add_double (b, "weight", TRUE, r->parts[i].weight);
          add_component_inputs_json (b, i, e);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
      return EXIT_DONE;
    }

  {
    g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (pomarctl_line_free);
    g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
    const char *headings[] = { _("Component"), _("Score"), _("Weight"), _("Inputs") };

    g_print ("%s (%s)\n\n", summary->account.name != NULL ? summary->account.name : summary->account.id,
             summary->account.id);

    pomarctl_add_line (lines, _("As of:"), g_strdup (pomar_day_format (e->as_of, day)));
    if (known)
      pomarctl_add_line (lines, _("Health:"), g_strdup_printf ("%d (%s)", shown, band_name (band)));
    else
      pomarctl_add_line (lines, _("Health:"), g_strdup (_("unknown: every component is missing")));
    if (override)
      {
        g_autofree char *computed = r->known ? g_strdup_printf ("%d", r->rounded) : g_strdup (_("unknown"));

        pomarctl_add_line (lines, _("Override:"),
                           g_strdup_printf (_("set by hand until %s: “%s”; computed %s"),
                                            pomar_day_format (f->override.expires_on, day),
                                            f->override_reason, computed));
      }
    if (arrow == POMAR_TREND_UNKNOWN)
      pomarctl_add_line (lines, _("Trend:"), g_strdup (_("unknown (no score for one of the two days)")));
    else
      pomarctl_add_line (lines, _("Trend:"),
                         g_strdup_printf (_("%s%d over 30 days (%d then)%s"), delta > 0 ? "+" : "", delta,
                                          e->result_30d_ago.rounded,
                                          arrow == POMAR_TREND_UP ? " ↑" : arrow == POMAR_TREND_DOWN ? " ↓" : ""));
    pomarctl_add_line (lines, _("Raise it most:"),
                       g_strdup (r->most_impactful != POMAR_HEALTH_NO_COMPONENT
                                 ? pomar_health_component_get_name (r->most_impactful)
                                 : _("nothing: every component is at 100")));
    pomarctl_print_lines (lines);
    g_print ("\n");

    for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
      {
        g_ptr_array_add (cells, g_strdup (pomar_health_component_get_name (i)));
        g_ptr_array_add (cells, r->parts[i].present ? g_strdup_printf ("%.0f", r->parts[i].score)
                                                    : g_strdup (_("missing")));
        g_ptr_array_add (cells, g_strdup_printf ("%g", r->parts[i].weight));
        g_ptr_array_add (cells, component_inputs_text (i, e));
      }
    pomarctl_print_table (headings, 4, cells);
  }
  return EXIT_DONE;
}

int
pomarctl_command_health (const char  *main_dir,
                         int          argc,
                         char       **argv)
{
  g_auto (PomarctlCommonOptions) common = { 0 };
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (PomarContext) context = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (PomarAccountSummary) summary = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *as_of_text = NULL;
  PomarHealthExplanation explanation;
  PomarHealthWeights weights;
  gboolean json = FALSE;
  PomarDay as_of;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("Compute it as of an earlier day"), N_("YYYY-MM-DD") },
    { NULL }
  };

  options = g_option_context_new (_("health ACCOUNT_ID"));
  g_option_context_set_summary (options,
                                _("Explains one account’s health score: each component’s score (or\n"
                                  "why it is missing), its weight and the figures behind it, the\n"
                                  "total and its band, the change over 30 days, and the component\n"
                                  "that would raise the score most."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  pomarctl_add_common_entries (options, &common);

  if ((args = pomarctl_parse_command (options, "health", argc, argv)) == NULL)
    return EXIT_USAGE;
  if (args[1] == NULL)
    return pomarctl_usage_error ("health", _("“health” needs an account id."));
  if (!pomarctl_check_positional ("health", args, 1) || !parse_as_of ("health", as_of_text, &as_of))
    return EXIT_USAGE;

  context = open_current ("health", main_dir, &common, &error);
  if (context == NULL)
    return error != NULL ? pomarctl_fail (error) : EXIT_USAGE;

  reader = pomar_store_reader_new (pomar_context_get_store (context), &error);
  if (reader == NULL)
    return pomarctl_fail (error);
  summary = pomar_store_reader_get_account_summary (reader, args[1], &error);
  if (summary == NULL)
    return pomarctl_fail (error);

  pomar_context_get_health_weights (context, &weights);
  if (!pomar_store_reader_explain_health (reader, args[1], as_of, &weights, &explanation, &error))
    return pomarctl_fail (error);

  return print_health (summary, &explanation, json);
}

/* playbooks ------------------------------------------------------------------- */

static const char *
task_mark (const char *state)
{
  if (g_strcmp0 (state, "done") == 0)
    return "[x]";
  if (g_strcmp0 (state, "skipped") == 0)
    return "[-]";
  return "[ ]";
}

static int
print_templates (PomarContext *context,
                 gboolean      json)
{
  GPtrArray *templates = pomar_playbook_catalog_get_templates (pomar_context_get_playbook_catalog (context));
  GPtrArray *problems = pomar_context_get_playbook_problems (context);

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "templates");
      json_builder_begin_array (b);
      for (guint i = 0; i < templates->len; i++)
        {
          const PomarPlaybookTemplate *t = g_ptr_array_index (templates, i);

          json_builder_begin_object (b);
          pomarctl_builder_add_string (b, "id", t->id);
          pomarctl_builder_add_string (b, "name", t->name);
          pomarctl_builder_add_string (b, "trigger", t->trigger);
          json_builder_set_member_name (b, "builtin");
          json_builder_add_boolean_value (b, t->builtin);
          pomarctl_builder_add_string (b, "source", t->source);
          json_builder_set_member_name (b, "tasks");
          json_builder_begin_array (b);
          for (guint j = 0; j < t->tasks->len; j++)
            {
              const PomarPlaybookTaskTemplate *task = g_ptr_array_index (t->tasks, j);

              json_builder_begin_object (b);
              pomarctl_builder_add_string (b, "id", task->id);
              pomarctl_builder_add_string (b, "title", task->title);
              pomarctl_builder_add_string (b, "description", task->description);
              pomarctl_builder_add_int (b, "due_days", task->due_offset);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "problems");
      json_builder_begin_array (b);
      for (guint i = 0; problems != NULL && i < problems->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (problems, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
      return EXIT_DONE;
    }

  for (guint i = 0; i < templates->len; i++)
    {
      const PomarPlaybookTemplate *t = g_ptr_array_index (templates, i);

      g_print ("%s (%s), %s%s\n", t->name, t->id, t->trigger, t->builtin ? "" : _(", the team’s own"));
      for (guint j = 0; j < t->tasks->len; j++)
        {
          const PomarPlaybookTaskTemplate *task = g_ptr_array_index (t->tasks, j);

          /* Translators: due day, task id (for “pomarctl task”), title. */
          g_print (_("  day %-3lld %s · %s\n"), (long long) task->due_offset, task->id, task->title);
        }
    }
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_printerr (_("pomarctl: skipped a playbook file: %s\n"), (const char *) g_ptr_array_index (problems, i));
  return EXIT_DONE;
}

static int
print_playbooks (PomarContext     *context,
                 PomarStoreReader *reader,
                 const char       *account_id,
                 gboolean          json,
                 GError          **error)
{
  PomarPlaybookCatalog *catalog = pomar_context_get_playbook_catalog (context);
  g_autoptr (GPtrArray) instances = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  PomarDay today = pomar_day_today ();
  char day[11];

  instances = pomar_store_reader_list_playbook_instances (reader, account_id, error);
  if (instances == NULL)
    return pomarctl_fail (*error);

  if (json)
    {
      b = json_builder_new ();
      json_builder_begin_object (b);
      pomarctl_builder_add_string (b, "account_id", account_id);
      json_builder_set_member_name (b, "instances");
      json_builder_begin_array (b);
    }
  else if (instances->len == 0)
    g_print (_("No playbook has been started for this account.\n"));

  for (guint i = 0; i < instances->len; i++)
    {
      const PomarPlaybookInstance *instance = g_ptr_array_index (instances, i);
      const PomarPlaybookTemplate *template = pomar_playbook_catalog_lookup (catalog, instance->template_id);
      g_autoptr (GPtrArray) tasks = pomar_store_reader_list_playbook_tasks (reader, instance->id, error);
      PomarDay started = pomar_day_parse (instance->started_at);
      guint finished = 0, total = 0;

      if (tasks == NULL)
        return pomarctl_fail (*error);
      pomar_playbook_progress ((const PomarPlaybookTask * const *) tasks->pdata, tasks->len, &finished, &total);

      if (json)
        {
          json_builder_begin_object (b);
          pomarctl_builder_add_string (b, "id", instance->id);
          pomarctl_builder_add_string (b, "template_id", instance->template_id);
          pomarctl_builder_add_string (b, "name", template != NULL ? template->name : NULL);
          pomarctl_builder_add_string (b, "trigger", instance->trigger);
          pomarctl_builder_add_string (b, "started_at", instance->started_at);
          pomarctl_builder_add_string (b, "status", instance->status);
          pomarctl_builder_add_string (b, "completed_at", instance->completed_at);
          add_double (b, "progress", total > 0, total > 0 ? (double) finished / total : 0);
          json_builder_set_member_name (b, "tasks");
          json_builder_begin_array (b);
        }
      else
        g_print (_("%s (%s): %s, started %s by %s, %u of %u finished\n"),
                 template != NULL ? template->name : instance->template_id, instance->template_id,
                 instance->status, pomar_day_format (started, day), instance->trigger, finished, total);

      for (guint j = 0; j < tasks->len; j++)
        {
          const PomarPlaybookTask *task = g_ptr_array_index (tasks, j);
          gboolean overdue = g_strcmp0 (instance->status, "cancelled") != 0
                             && pomar_playbook_task_is_overdue (task, started, today);
          char due[11];

          pomar_day_format (started + (PomarDay) task->due_offset, due);
          if (json)
            {
              json_builder_begin_object (b);
              pomarctl_builder_add_string (b, "task_id", task->task_id);
              pomarctl_builder_add_string (b, "title", task->title);
              pomarctl_builder_add_string (b, "state", task->state);
              pomarctl_builder_add_string (b, "due", due);
              json_builder_set_member_name (b, "overdue");
              json_builder_add_boolean_value (b, overdue);
              pomarctl_builder_add_string (b, "done_by", task->done_by);
              pomarctl_builder_add_string (b, "done_at", task->done_at);
              pomarctl_builder_add_string (b, "skip_reason", task->skip_reason);
              json_builder_end_object (b);
            }
          else if (g_strcmp0 (task->state, "done") == 0)
            /* Translators: mark, task id (for “pomarctl task”), title, due day, who, day. */
            g_print (_("  %s %s · %s (due %s), done by %s on %s\n"), task_mark (task->state), task->task_id,
                     task->title, due,
                     task->done_by != NULL ? task->done_by : _("someone"),
                     pomar_day_format (pomar_day_parse (task->done_at), day));
          else if (g_strcmp0 (task->state, "skipped") == 0)
            g_print (_("  %s %s · %s (due %s), skipped: %s\n"), task_mark (task->state), task->task_id,
                     task->title, due,
                     task->skip_reason != NULL ? task->skip_reason : "");
          else
            g_print ("  %s %s · %s (%s %s)%s\n", task_mark (task->state), task->task_id, task->title, _("due"), due,
                     overdue ? _(", overdue") : "");
        }

      if (json)
        {
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
    }

  if (json)
    {
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
    }
  return EXIT_DONE;
}

typedef struct
{
  const char *account_id;
  const char *template_id;
  char       *instance_id;
} StartJob;

static gboolean
start_in_writer (PomarStoreWriter  *writer,
                 gpointer           user_data,
                 GCancellable      *cancellable,
                 GError           **error)
{
  StartJob *job = user_data;

  return pomar_store_writer_start_playbook (writer, job->account_id, job->template_id,
                                            &job->instance_id, error);
}

int
pomarctl_command_playbooks (const char  *main_dir,
                            int          argc,
                            char       **argv)
{
  g_auto (PomarctlCommonOptions) common = { 0 };
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (PomarContext) context = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (PomarAccountSummary) summary = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *start = NULL;
  gboolean json = FALSE, templates = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start, N_("Start a playbook by hand first"), N_("TEMPLATE_ID") },
    { "templates", 0, 0, G_OPTION_ARG_NONE, &templates,
      N_("List the playbook templates instead (built in, and the team’s)"), NULL },
    { NULL }
  };

  options = g_option_context_new (_("playbooks [ACCOUNT_ID]"));
  g_option_context_set_summary (options,
                                _("Lists one account’s playbooks, newest first, with their tasks:\n"
                                  "open, done (by whom, when) or skipped (why), and which are\n"
                                  "overdue. --templates lists the templates instead; the team’s own\n"
                                  "are read from $XDG_CONFIG_HOME/pomar/playbooks/*.json."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  pomarctl_add_common_entries (options, &common);

  if ((args = pomarctl_parse_command (options, "playbooks", argc, argv)) == NULL)
    return EXIT_USAGE;
  if (templates)
    {
      if (!pomarctl_check_positional ("playbooks", args, 0))
        return EXIT_USAGE;
    }
  else if (args[1] == NULL)
    return pomarctl_usage_error ("playbooks", _("“playbooks” needs an account id, or --templates."));
  else if (!pomarctl_check_positional ("playbooks", args, 1))
    return EXIT_USAGE;

  context = open_current ("playbooks", main_dir, &common, &error);
  if (context == NULL)
    return error != NULL ? pomarctl_fail (error) : EXIT_USAGE;
  if (templates)
    return print_templates (context, json);

  reader = pomar_store_reader_new (pomar_context_get_store (context), &error);
  if (reader == NULL)
    return pomarctl_fail (error);
  summary = pomar_store_reader_get_account_summary (reader, args[1], &error);
  if (summary == NULL)
    return pomarctl_fail (error);

  if (start != NULL)
    {
      StartJob job = { args[1], start, NULL };

      if (!pomar_store_write_sync (pomar_context_get_store (context), start_in_writer, &job, NULL, &error))
        return pomarctl_fail (error);
      g_free (job.instance_id);
    }

  return print_playbooks (context, reader, args[1], json, &error);
}

/* portfolio ------------------------------------------------------------------- */

static void
add_totals_json (JsonBuilder *b,
                 const char  *name,
                 GPtrArray   *totals)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < totals->len; i++)
    {
      const PomarMoneyTotal *t = g_ptr_array_index (totals, i);

      json_builder_begin_object (b);
      pomarctl_builder_add_string (b, "currency", t->currency);
      add_double (b, "amount", TRUE, t->amount);
      pomarctl_builder_add_int (b, "accounts", t->accounts);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static char *
totals_text (GPtrArray *totals)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < totals->len; i++)
    {
      const PomarMoneyTotal *t = g_ptr_array_index (totals, i);

      if (i > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, "%s %.2f", t->currency != NULL ? t->currency : "?", t->amount);
    }
  if (totals->len == 0)
    g_string_append (text, _("none"));
  return g_string_free (text, FALSE);
}

static int
print_portfolio (const PomarPortfolio *p,
                 gboolean              json)
{
  static const PomarHealthBand bands[] = {
    POMAR_HEALTH_BAND_GREEN, POMAR_HEALTH_BAND_YELLOW, POMAR_HEALTH_BAND_RED, POMAR_HEALTH_BAND_NONE,
  };
  char day[11];
  int nps;
  double csat;

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      pomarctl_builder_add_string (b, "as_of", pomar_day_format (p->as_of, day));
      pomarctl_builder_add_int (b, "accounts", p->accounts);
      pomarctl_builder_add_int (b, "customers", p->customers);
      add_int_or_null (b, "nps_90d", pomar_nps_compute (&p->nps_90d, &nps), nps);
      pomarctl_builder_add_int (b, "nps_90d_answers", pomar_nps_counts_total (&p->nps_90d));
      json_builder_set_member_name (b, "nps_monthly");
      json_builder_begin_array (b);
      for (guint i = 0; i < 12; i++)
        {
          const PomarNpsMonth *m = &p->nps_months[i];
          g_autofree char *month = g_strdup_printf ("%04d-%02d", m->year, m->month);

          json_builder_begin_object (b);
          pomarctl_builder_add_string (b, "month", month);
          add_int_or_null (b, "nps", pomar_nps_compute (&m->counts, &nps), nps);
          pomarctl_builder_add_int (b, "answers", pomar_nps_counts_total (&m->counts));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      add_double (b, "csat_90d", pomar_csat_compute (&p->csat_90d, &csat), csat);
      pomarctl_builder_add_int (b, "csat_90d_answers", p->csat_90d.total);
      add_totals_json (b, "arr", p->arr);
      add_totals_json (b, "arr_at_risk", p->arr_at_risk);
      json_builder_set_member_name (b, "health_bands");
      json_builder_begin_object (b);
      pomarctl_builder_add_int (b, "green", p->bands[POMAR_HEALTH_BAND_GREEN]);
      pomarctl_builder_add_int (b, "yellow", p->bands[POMAR_HEALTH_BAND_YELLOW]);
      pomarctl_builder_add_int (b, "red", p->bands[POMAR_HEALTH_BAND_RED]);
      pomarctl_builder_add_int (b, "unknown", p->bands[POMAR_HEALTH_BAND_NONE]);
      json_builder_end_object (b);
      add_double (b, "median_ttv_days", p->has_median_ttv, p->median_ttv);
      pomarctl_builder_add_int (b, "ttv_reached_365d", p->ttv_reached_365d);
      json_builder_set_member_name (b, "ltv");
      json_builder_begin_object (b);
      add_double (b, "lifetime_years", TRUE, p->lifetime.years);
      json_builder_set_member_name (b, "from_churn_history");
      json_builder_add_boolean_value (b, p->lifetime.from_history);
      add_double (b, "annual_churn", p->lifetime.from_history, p->lifetime.churn);
      pomarctl_builder_add_int (b, "churned_365d", p->lifetime.churned_last_365d);
      pomarctl_builder_add_int (b, "customers_365d_ago", p->lifetime.customers_365d_ago);
      add_totals_json (b, "per_currency", p->ltv);
      json_builder_end_object (b);
      json_builder_end_object (b);
      print_json (b);
      return EXIT_DONE;
    }

  {
    g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (pomarctl_line_free);
    GString *months = g_string_new (NULL);
    GString *band_text = g_string_new (NULL);

    pomarctl_add_line (lines, _("As of:"), g_strdup (pomar_day_format (p->as_of, day)));
    pomarctl_add_line (lines, _("Customers:"), g_strdup_printf (_("%u (of %u accounts)"), p->customers, p->accounts));
    if (pomar_nps_compute (&p->nps_90d, &nps))
      pomarctl_add_line (lines, _("NPS, 90 days:"),
                         g_strdup_printf (_("%d (%u answers)"), nps, pomar_nps_counts_total (&p->nps_90d)));
    else
      pomarctl_add_line (lines, _("NPS, 90 days:"), g_strdup (_("none (no answer)")));
    for (guint i = 0; i < 12; i++)
      {
        const PomarNpsMonth *m = &p->nps_months[i];

        if (i > 0)
          g_string_append (months, "  ");
        if (pomar_nps_compute (&m->counts, &nps))
          g_string_append_printf (months, "%04d-%02d %d", m->year, m->month, nps);
        else
          g_string_append_printf (months, "%04d-%02d —", m->year, m->month);
      }
    pomarctl_add_line (lines, _("NPS by month:"), g_string_free (months, FALSE));
    if (pomar_csat_compute (&p->csat_90d, &csat))
      pomarctl_add_line (lines, _("CSAT, 90 days:"),
                         g_strdup_printf (_("%.0f%% satisfied (%u answers)"), csat, p->csat_90d.total));
    else
      pomarctl_add_line (lines, _("CSAT, 90 days:"), g_strdup (_("none (no answer)")));
    pomarctl_add_line (lines, _("ARR:"), totals_text (p->arr));
    pomarctl_add_line (lines, _("ARR at risk:"), totals_text (p->arr_at_risk));
    for (guint i = 0; i < G_N_ELEMENTS (bands); i++)
      g_string_append_printf (band_text, "%s%s %u", i > 0 ? ", " : "", band_name (bands[i]), p->bands[bands[i]]);
    pomarctl_add_line (lines, _("Health:"), g_string_free (band_text, FALSE));
    if (p->has_median_ttv)
      pomarctl_add_line (lines, _("Time to value:"),
                         g_strdup_printf (_("median %.1f days (%u accounts reached it in 365 days)"),
                                          p->median_ttv, p->ttv_reached_365d));
    else
      pomarctl_add_line (lines, _("Time to value:"), g_strdup (_("no account reached it in 365 days")));
    if (p->lifetime.from_history)
      pomarctl_add_line (lines, _("Lifetime:"),
                         g_strdup_printf (_("%.1f years (annual churn %.1f%%: %u of %u customers)"),
                                          p->lifetime.years, 100.0 * p->lifetime.churn,
                                          p->lifetime.churned_last_365d, p->lifetime.customers_365d_ago));
    else
      pomarctl_add_line (lines, _("Lifetime:"),
                         g_strdup_printf (_("%.1f years (the setting: no churn history)"), p->lifetime.years));
    pomarctl_add_line (lines, _("LTV estimate:"), totals_text (p->ltv));
    pomarctl_print_lines (lines);
  }
  return EXIT_DONE;
}

int
pomarctl_command_portfolio (const char  *main_dir,
                            int          argc,
                            char       **argv)
{
  g_auto (PomarctlCommonOptions) common = { 0 };
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (PomarContext) context = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *as_of_text = NULL;
  PomarPortfolio portfolio;
  PomarHealthWeights weights;
  gboolean json = FALSE;
  PomarDay as_of;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("Compute it as of an earlier day"), N_("YYYY-MM-DD") },
    { NULL }
  };

  options = g_option_context_new ("portfolio");
  g_option_context_set_summary (options,
                                _("The whole book: NPS over 90 days and by month for a year, CSAT,\n"
                                  "ARR and ARR at risk per currency (never added across currencies),\n"
                                  "customers per health band, the median time to value and the LTV\n"
                                  "estimate."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  pomarctl_add_common_entries (options, &common);

  if ((args = pomarctl_parse_command (options, "portfolio", argc, argv)) == NULL
      || !pomarctl_check_positional ("portfolio", args, 0)
      || !parse_as_of ("portfolio", as_of_text, &as_of))
    return EXIT_USAGE;

  context = open_current ("portfolio", main_dir, &common, &error);
  if (context == NULL)
    return error != NULL ? pomarctl_fail (error) : EXIT_USAGE;
  reader = pomar_store_reader_new (pomar_context_get_store (context), &error);
  if (reader == NULL)
    return pomarctl_fail (error);

  pomar_context_get_health_weights (context, &weights);
  if (!pomar_store_reader_get_portfolio (reader, as_of, &weights,
                                         pomar_context_get_default_lifetime (context),
                                         &portfolio, &error))
    return pomarctl_fail (error);

  status = print_portfolio (&portfolio, json);
  pomar_portfolio_clear (&portfolio);
  return status;
}

/* override -------------------------------------------------------------------- */

typedef struct
{
  const char *account_id;
  gboolean    clear;
  int         score;
  const char *reason;
  PomarDay    expires_on;
  gboolean    removed;
} OverrideJob;

static gboolean
override_in_writer (PomarStoreWriter  *writer,
                    gpointer           user_data,
                    GCancellable      *cancellable,
                    GError           **error)
{
  OverrideJob *job = user_data;

  if (job->clear)
    return pomar_store_writer_clear_health_override (writer, job->account_id, &job->removed, error);
  return pomar_store_writer_set_health_override (writer, job->account_id, job->score, job->reason,
                                                 job->expires_on, error);
}

int
pomarctl_command_override (const char  *main_dir,
                           int          argc,
                           char       **argv)
{
  g_auto (PomarctlCommonOptions) common = { 0 };
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (PomarContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *reason = NULL;
  OverrideJob job = { 0 };
  gboolean clear = FALSE;
  int days = 30;
  char day[11];
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the score is set by hand (required)"), N_("TEXT") },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("How many days it lasts (30 unless given)"), N_("N") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Remove the override"), NULL },
    { NULL }
  };

  options = g_option_context_new (_("override ACCOUNT_ID SCORE | override ACCOUNT_ID --clear"));
  g_option_context_set_summary (options,
                                _("Sets an account’s health by hand, 0 to 100, with a reason, for a\n"
                                  "number of days. Until it expires it is the health shown and used;\n"
                                  "the computed score stays visible beside it, and no sync changes it."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  pomarctl_add_common_entries (options, &common);

  if ((args = pomarctl_parse_command (options, "override", argc, argv)) == NULL)
    return EXIT_USAGE;
  if (args[1] == NULL)
    return pomarctl_usage_error ("override", _("“override” needs an account id."));

  job.account_id = args[1];
  job.clear = clear;
  if (clear)
    {
      if (!pomarctl_check_positional ("override", args, 1))
        return EXIT_USAGE;
      if (reason != NULL)
        return pomarctl_usage_error ("override", _("--clear takes no --reason."));
    }
  else
    {
      gint64 score;

      if (args[2] == NULL)
        return pomarctl_usage_error ("override", _("“override” needs a score from 0 to 100, or --clear."));
      if (!pomarctl_check_positional ("override", args, 2))
        return EXIT_USAGE;
      if (!g_ascii_string_to_signed (args[2], 10, 0, 100, &score, NULL))
        {
          g_autofree char *message =
            g_strdup_printf (_("The score is a whole number from 0 to 100, not “%s”."), args[2]);
          return pomarctl_usage_error ("override", message);
        }
      if (reason == NULL || *g_strstrip (reason) == '\0')
        return pomarctl_usage_error ("override", _("An override needs --reason: why the score is set by hand."));
      if (days < 1 || days > 365)
        return pomarctl_usage_error ("override", _("--days takes a number of days from 1 to 365."));
      job.score = (int) score;
      job.reason = reason;
      job.expires_on = pomar_day_today () + (PomarDay) days;
    }

  context = open_current ("override", main_dir, &common, &error);
  if (context == NULL)
    return error != NULL ? pomarctl_fail (error) : EXIT_USAGE;
  if (!pomar_store_write_sync (pomar_context_get_store (context), override_in_writer, &job, NULL, &error))
    return pomarctl_fail (error);

  if (clear)
    g_print (job.removed ? _("Removed the override of %s; its computed health shows again.\n")
                         : _("%s had no override.\n"), job.account_id);
  else
    g_print (_("The health of %s is %d until %s (computed beside it).\n"), job.account_id, job.score,
             pomar_day_format (job.expires_on, day));
  return EXIT_DONE;
}
