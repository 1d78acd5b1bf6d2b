/* pomar-customer-page.c: everything Pomar knows about one customer.
 *
 * show_account() starts a GTask that opens its own PomarStoreReader on a
 * worker thread and reads the account and its records; the main thread only
 * turns the result into widgets. A newer show_account() cancels the load in
 * flight, so a slow load can never overwrite a newer customer.
 *
 * The sections are plain AdwPreferencesGroups of rows: each shows at most
 * MAX_ROWS entries (the newest, as the store orders them) and says how many
 * more there are, so a customer with thousands of activities still builds in
 * a few milliseconds. Later issues turn some of them into charts.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "core/pomar-error.h"
#include "core/pomar-nps.h"
#include "core/pomar-playbook.h"
#include "core/pomar-stage.h"
#include "pomar-account-object.h"
#include "pomar-chart.h"
#include "pomar-customer-page.h"
#include "pomar-health-card.h"
#include "pomar-meeting-brief.h"
#include "pomar-ui-util.h"

/* Rows per section before "and N more". */
#define MAX_ROWS   20
/* The widest a figure of the header grows, in characters. */
#define MAX_FACT_CHARS 22
/* The usage section covers the last USAGE_DAYS calendar days. */
#define USAGE_DAYS 90

typedef enum
{
  SECTION_CONTACTS,
  SECTION_TICKETS,
  SECTION_RESPONSES,
  SECTION_PLAYBOOKS,
  SECTION_USAGE,
  SECTION_TIMELINE,
  N_SECTIONS
} Section;

struct _PomarCustomerPage
{
  GtkWidget     parent_instance;

  PomarContext *context;
  char         *account_id;
  char         *title;
  GCancellable *cancellable;

  /* The rows added to each section, to remove them on the next show. */
  GPtrArray    *section_rows[N_SECTIONS];
  AdwPreferencesGroup *sections[N_SECTIONS];

  /* Template widgets */
  GtkStack            *stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_page;
  GtkScrolledWindow   *scroller;
  GtkLabel            *name_label;
  GtkLabel            *details_label;
  GtkWidget           *conflict_banner;
  GtkLabel            *conflict_label;
  gint64               conflict_seq;     /* the outbox entry shown in the banner, or 0 */
  GtkFlowBox          *facts_box;
  AdwPreferencesGroup *contacts_group;
  AdwPreferencesGroup *tickets_group;
  AdwPreferencesGroup *responses_group;
  AdwPreferencesGroup *playbooks_group;
  AdwPreferencesGroup *usage_group;
  AdwPreferencesGroup *timeline_group;
  GtkBox              *health_box;
  GtkMenuButton       *start_playbook_button;
  GtkTextView         *note_view;
  GtkDropDown         *note_kind;
  GtkLabel            *note_error;

  /* Made in code */
  GtkWidget           *health_card;
  GtkWidget           *usage_chart;
  GtkWidget           *events_chart;
  GtkWidget           *nps_chart;
  GtkWidget           *csat_chart;

  /* What the page shows, kept for the meeting brief. */
  struct _CustomerData *data;
  /* A note being written to the cache. */
  gboolean             adding_note;
};

G_DEFINE_FINAL_TYPE (PomarCustomerPage, pomar_customer_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_ACCOUNT_ID,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* g_set_str () is GLib 2.76; Pomar's floor is 2.74. */
static gboolean
set_str (char       **str_pointer,
         const char  *new_str)
{
  if (g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;
  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
  return TRUE;
}

/* Shared formatting -------------------------------------------------------- */

/* The calendar day of @value in local time (a timestamp) or as written (a
 * "YYYY-MM-DD" day: a day has no time zone, so it is never shifted). */
static gboolean
parse_local_day (const char *value,
                 GDate      *out)
{
  PomarDay day = pomar_day_parse_local (value);

  if (day == POMAR_NO_DAY)
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_julian (out, day);
  return TRUE;
}

static void
local_today (GDateTime *now,
             GDate     *out)
{
  g_autoptr (GDateTime) local = NULL;

  local = now != NULL ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  g_date_clear (out, 1);
  g_date_set_dmy (out,
                  g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

static char *
format_gdate (const GDate *date)
{
  g_autoptr (GDateTime) midday = NULL;

  /* Noon, so that no daylight-saving gap can move the day. */
  midday = g_date_time_new_local (g_date_get_year (date),
                                  g_date_get_month (date),
                                  g_date_get_day (date),
                                  12, 0, 0);
  if (midday == NULL)
    return g_strdup ("—");
  return g_date_time_format (midday, "%x");
}

char *
pomar_format_day (const char *value)
{
  GDate date;

  if (!parse_local_day (value, &date))
    return g_strdup ("—");
  return format_gdate (&date);
}

gboolean
pomar_days_from_today (const char *value,
                       GDateTime  *now,
                       int        *out_days)
{
  GDate today;
  GDate date;

  g_return_val_if_fail (out_days != NULL, FALSE);

  if (!parse_local_day (value, &date))
    return FALSE;
  local_today (now, &today);
  *out_days = g_date_days_between (&today, &date);
  return TRUE;
}

char *
pomar_format_time_ago (const char *value,
                       GDateTime  *now)
{
  int days;

  if (!pomar_days_from_today (value, now, &days))
    return NULL;
  return pomar_format_days_ago (-days);
}

char *
pomar_format_days_ago (int days)
{
  /* A timestamp a little in the future is a skewed clock, not news. */
  if (days <= 0)
    return g_strdup (_("Today"));
  if (days == 1)
    return g_strdup (_("Yesterday"));
  if (days < 31)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days), days);
  if (days < 365)
    {
      int months = MAX (1, days / 30);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d month ago", "%d months ago", months), months);
    }
  else
    {
      int years = days / 365;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year ago", "%d years ago", years), years);
    }
}

const char *
pomar_segment_to_name (const char *segment)
{
  if (segment == NULL)
    return "—";
  if (g_str_equal (segment, "enterprise"))
    return _("Enterprise");
  if (g_str_equal (segment, "mid-market"))
    return _("Mid-market");
  if (g_str_equal (segment, "smb"))
    return _("SMB");
  if (g_str_equal (segment, "other"))
    return _("Other");
  return segment;
}

/* Names of the records' enums ---------------------------------------------- */

/* Each returns the id itself for a value Pomar does not know (the contract
 * keeps unknown values as given). */

static const char *
role_to_name (const char *role)
{
  if (role == NULL)
    return NULL;
  if (g_str_equal (role, "champion"))
    return _("Champion");
  if (g_str_equal (role, "decision_maker"))
    return _("Decision maker");
  if (g_str_equal (role, "user"))
    return _("User");
  if (g_str_equal (role, "billing"))
    return _("Billing");
  return role;
}

static const char *
status_to_name (const char *status)
{
  if (status == NULL)
    return NULL;
  if (g_str_equal (status, "new"))
    return _("New");
  if (g_str_equal (status, "open"))
    return _("Open");
  if (g_str_equal (status, "pending"))
    return _("Pending");
  if (g_str_equal (status, "hold"))
    return _("On hold");
  if (g_str_equal (status, "solved"))
    return _("Solved");
  if (g_str_equal (status, "closed"))
    return _("Closed");
  return status;
}

static const char *
priority_to_name (const char *priority)
{
  if (priority == NULL)
    return NULL;
  if (g_str_equal (priority, "low"))
    return _("Low priority");
  if (g_str_equal (priority, "normal"))
    return _("Normal priority");
  if (g_str_equal (priority, "high"))
    return _("High priority");
  if (g_str_equal (priority, "urgent"))
    return _("Urgent");
  return priority;
}

static const char *
playbook_to_name (const char *template_id)
{
  if (template_id == NULL)
    return _("Playbook");
  if (g_str_equal (template_id, "onboarding"))
    return _("Onboarding");
  if (g_str_equal (template_id, "engagement"))
    return _("Initial engagement");
  if (g_str_equal (template_id, "risk-recovery"))
    return _("Risk recovery");
  if (g_str_equal (template_id, "detractor-follow-up"))
    return _("Detractor follow-up");
  if (g_str_equal (template_id, "technical-escalation"))
    return _("Technical escalation");
  if (g_str_equal (template_id, "renewal"))
    return _("Renewal");
  return template_id;
}

typedef struct
{
  const char *kind;
  const char *icon_name;
  const char *name;
} ActivityKind;

static const ActivityKind activity_kinds[] = {
  { "note", "document-edit-symbolic", N_("Note") },
  { "meeting", "x-office-calendar-symbolic", N_("Meeting") },
  { "email", "mail-unread-symbolic", N_("Email") },
  { "call", "call-start-symbolic", N_("Call") },
  { "task_done", "pomar-playbook-symbolic", N_("Task done") },
  { "task_reopened", "edit-undo-symbolic", N_("Task reopened") },
  { "stage_change", "pomar-stage-move-symbolic", N_("Stage change") },
};

static const ActivityKind *
activity_kind_lookup (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (activity_kinds); i++)
    if (g_strcmp0 (kind, activity_kinds[i].kind) == 0)
      return &activity_kinds[i];
  return NULL;
}

/* Parts joined by " · ", skipping NULL and empty ones. */
static char *
join_parts (const char * const *parts,
            guint               n_parts)
{
  g_autoptr (GString) joined = g_string_new (NULL);

  for (guint i = 0; i < n_parts; i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (joined->len > 0)
        g_string_append (joined, " · ");
      g_string_append (joined, parts[i]);
    }

  return g_string_free (g_steal_pointer (&joined), FALSE);
}

/* Loading, on a worker thread ---------------------------------------------- */

typedef struct
{
  PomarStore *store;
  char       *account_id;
  char       *since_day;
  PomarDay    today;
  PomarHealthWeights weights;
  gint64      started;     /* monotonic time of the request, for the log */
  gint64      loaded;      /* ... and of the end of the reads */
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_clear_object (&request->store);
  g_free (request->account_id);
  g_free (request->since_day);
  g_free (request);
}

typedef struct _CustomerData
{
  PomarAccountSummary *summary;
  GPtrArray           *contacts;
  GPtrArray           *tickets;
  GPtrArray           *responses;
  GPtrArray           *activities;
  GPtrArray           *usage;
  GPtrArray           *instances;
  GPtrArray           *instance_tasks; /* of GPtrArray, one per instance */
  PomarAccountFigures  figures;
  PomarHealthExplanation explanation;
  PomarAccountAnswers  answers;
  PomarDay             today;
  PomarOutboxEntry    *conflict;       /* the account's first stage conflict, or NULL */
} CustomerData;

static void
customer_data_free (CustomerData *data)
{
  g_clear_pointer (&data->summary, pomar_account_summary_free);
  g_clear_pointer (&data->contacts, g_ptr_array_unref);
  g_clear_pointer (&data->tickets, g_ptr_array_unref);
  g_clear_pointer (&data->responses, g_ptr_array_unref);
  g_clear_pointer (&data->activities, g_ptr_array_unref);
  g_clear_pointer (&data->usage, g_ptr_array_unref);
  g_clear_pointer (&data->instances, g_ptr_array_unref);
  g_clear_pointer (&data->instance_tasks, g_ptr_array_unref);
  pomar_account_figures_clear (&data->figures);
  g_clear_pointer (&data->conflict, pomar_outbox_entry_free);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustomerData, customer_data_free)

/* Every read goes through here so that a cancelled load stops between
 * queries instead of finishing work nobody will see. */
static gboolean
read_step (gpointer       result,
           GCancellable  *cancellable,
           GError       **error)
{
  if (result == NULL)
    return FALSE;
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static gboolean
read_customer (PomarStoreReader  *reader,
               const LoadRequest *request,
               CustomerData      *data,
               GCancellable      *cancellable,
               GError           **error)
{
  const char *id = request->account_id;

  if (!read_step (data->summary = pomar_store_reader_get_account_summary (reader, id, error), cancellable, error) ||
      !read_step (data->contacts = pomar_store_reader_list_contacts (reader, id, error), cancellable, error) ||
      !read_step (data->tickets = pomar_store_reader_list_tickets (reader, id, error), cancellable, error) ||
      !read_step (data->responses = pomar_store_reader_list_responses (reader, id, error), cancellable, error) ||
      !read_step (data->activities = pomar_store_reader_list_activities (reader, id, error), cancellable, error) ||
      !read_step (data->usage = pomar_store_reader_list_usage (reader, id, request->since_day, error), cancellable, error) ||
      !read_step (data->instances = pomar_store_reader_list_playbook_instances (reader, id, error), cancellable, error))
    return FALSE;

  data->instance_tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < data->instances->len; i++)
    {
      const PomarPlaybookInstance *instance = g_ptr_array_index (data->instances, i);
      GPtrArray *tasks = pomar_store_reader_list_playbook_tasks (reader, instance->id, error);

      if (!read_step (tasks, cancellable, error))
        {
          g_clear_pointer (&tasks, g_ptr_array_unref);
          return FALSE;
        }
      g_ptr_array_add (data->instance_tasks, tasks);
    }

  /* A stage move the server refused waits for the user here. */
  {
    g_autoptr (GPtrArray) outbox = pomar_store_reader_list_outbox (reader, error);

    if (!read_step (outbox, cancellable, error))
      return FALSE;
    for (guint i = 0; i < outbox->len && data->conflict == NULL; i++)
      {
        PomarOutboxEntry *entry = g_ptr_array_index (outbox, i);

        if (g_strcmp0 (entry->account_id, id) == 0 && g_strcmp0 (entry->state, "conflict") == 0)
          data->conflict = g_ptr_array_steal_index (outbox, i);
      }
  }

  data->today = request->today;
  if (!pomar_store_reader_get_figures (reader, id, &data->figures, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !pomar_store_reader_explain_health (reader, id, request->today, &request->weights,
                                          &data->explanation, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !pomar_store_reader_get_account_answers (reader, id, request->today, &data->answers, error))
    return FALSE;

  return TRUE;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadRequest *request = task_data;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (CustomerData) data = g_new0 (CustomerData, 1);
  GError *error = NULL;

  reader = pomar_store_reader_new (request->store, &error);
  if (reader == NULL || !read_customer (reader, request, data, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  request->loaded = g_get_monotonic_time ();
  g_task_return_pointer (task, g_steal_pointer (&data), (GDestroyNotify) customer_data_free);
}

/* Building the page, on the main thread ------------------------------------ */

/* A row of a boxed list that holds a chart. */
static GtkWidget *
chart_row_new (GtkWidget  **chart_out,
               const char  *title,
               const char  *empty_text)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *chart = pomar_chart_new ();

  pomar_chart_set_title (POMAR_CHART (chart), title);
  pomar_chart_set_empty_text (POMAR_CHART (chart), empty_text);
  gtk_widget_set_size_request (chart, -1, 160);
  gtk_widget_set_margin_top (chart, 12);
  gtk_widget_set_margin_bottom (chart, 12);
  gtk_widget_set_margin_start (chart, 12);
  gtk_widget_set_margin_end (chart, 12);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), chart);
  *chart_out = chart;
  return row;
}

static void
section_clear (PomarCustomerPage *self,
               Section            section)
{
  GPtrArray *rows = self->section_rows[section];

  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (self->sections[section], g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
section_add (PomarCustomerPage *self,
             Section            section,
             GtkWidget         *row)
{
  adw_preferences_group_add (self->sections[section], row);
  g_ptr_array_add (self->section_rows[section], row);
}

/* Record fields are plain text, never markup. */
static GtkWidget *
text_row_new (const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static GtkWidget *
section_add_row (PomarCustomerPage *self,
                 Section            section,
                 const char        *title,
                 const char        *subtitle)
{
  GtkWidget *row = text_row_new (title, subtitle);

  section_add (self, section, row);
  return row;
}

static void
section_add_placeholder (PomarCustomerPage *self,
                         Section            section,
                         const char        *text)
{
  GtkWidget *row = section_add_row (self, section, text, NULL);

  gtk_widget_add_css_class (row, "dim-label");
}

static void
section_add_more (PomarCustomerPage *self,
                  Section            section,
                  guint              shown,
                  guint              total)
{
  g_autofree char *text = NULL;

  if (total <= shown)
    return;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", total - shown),
                          total - shown);
  section_add_placeholder (self, section, text);
}

static void
row_add_suffix_text (GtkWidget  *row,
                     const char *text)
{
  GtkWidget *label;

  if (text == NULL)
    return;

  label = gtk_label_new (text);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
}

static void
row_add_prefix_icon (GtkWidget  *row,
                     const char *icon_name,
                     const char *accessible_label,
                     const char *css_class)
{
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

  if (css_class != NULL)
    gtk_widget_add_css_class (image, css_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
}

static gboolean
on_query_lazy_tooltip (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  gtk_tooltip_set_text (tooltip, g_object_get_data (G_OBJECT (widget), "pomar-tooltip"));
  return TRUE;
}

/* A tooltip given on demand: gtk_widget_set_tooltip_text () queries the
 * pointer at once (an X round trip per row under X11). Takes @text. */
static void
set_lazy_tooltip (GtkWidget *widget,
                  char      *text)
{
  g_object_set_data_full (G_OBJECT (widget), "pomar-tooltip", text, g_free);
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_lazy_tooltip), NULL);
}

static void
clear_facts (PomarCustomerPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->facts_box))) != NULL)
    gtk_flow_box_remove (self->facts_box, child);
}

/* One figure of the header: a caption above its value, and an optional
 * line below. The value's accessible name says what it is. */
static void
add_fact (PomarCustomerPage *self,
          const char        *caption,
          const char        *value,
          const char        *detail,
          const char        *detail_class)
{
  g_autofree char *accessible = NULL;
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *child;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  label = gtk_label_new (caption);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  /* Capped, so that one long value (an e-mail address) does not widen
   * every column of the homogeneous flow box; the whole value is in the
   * tooltip and the accessible name. */
  label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), MAX_FACT_CHARS);
  if (g_utf8_strlen (value, -1) > MAX_FACT_CHARS)
    set_lazy_tooltip (label, g_strdup (value));
  gtk_widget_add_css_class (label, "numeric");
  accessible = detail != NULL
    ? g_strdup_printf ("%s: %s, %s", caption, value, detail)
    : g_strdup_printf ("%s: %s", caption, value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_box_append (GTK_BOX (box), label);

  if (detail != NULL)
    {
      label = gtk_label_new (detail);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), MAX_FACT_CHARS);
      gtk_widget_add_css_class (label, "caption");
      if (detail_class != NULL)
        gtk_widget_add_css_class (label, detail_class);
      gtk_box_append (GTK_BOX (box), label);
    }

  gtk_flow_box_append (self->facts_box, box);
  /* The figures are text to read, not items to pick. */
  child = gtk_widget_get_parent (box);
  gtk_widget_set_focusable (child, FALSE);
}

/* "Renews in 42 days"; @style_class gets "error" when the renewal has
 * passed and "warning" within 90 days (the window of ARR at risk). */
static char *
renewal_countdown (const char  *renewal_date,
                   const char **style_class)
{
  int days;

  *style_class = NULL;
  if (!pomar_days_from_today (renewal_date, NULL, &days))
    return NULL;

  if (days < 0)
    *style_class = "error";
  else if (days <= 90)
    *style_class = "warning";

  if (days > 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Renews in %d day", "Renews in %d days", days), days);
  if (days == 1)
    return g_strdup (_("Renews tomorrow"));
  if (days == 0)
    return g_strdup (_("Renews today"));
  if (days == -1)
    return g_strdup (_("Renewal was yesterday"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Renewal was %d day ago", "Renewal was %d days ago", -days), -days);
}

static void
show_header (PomarCustomerPage         *self,
             const PomarAccountSummary *summary)
{
  const PomarAccount *account = &summary->account;
  const char *name = account->name != NULL ? account->name : account->id;
  g_autofree char *details = NULL;
  g_autofree char *arr = NULL;
  g_autofree char *seats = NULL;
  g_autofree char *contract_start = NULL;
  g_autofree char *renewal = NULL;
  g_autofree char *countdown = NULL;
  g_autofree char *open_tickets = NULL;
  const char *countdown_class;

  gtk_label_set_text (self->name_label, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);

  details = join_parts ((const char *[]) {
                          account->domain,
                          account->segment != NULL ? pomar_segment_to_name (account->segment) : NULL,
                        }, 2);
  gtk_label_set_text (self->details_label, details);
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), *details != '\0');

  arr = pomar_format_money (account->arr, account->currency);
  if (account->licensed_seats != POMAR_NO_INT)
    seats = g_strdup_printf ("%" G_GINT64_FORMAT, account->licensed_seats);
  contract_start = pomar_format_day (account->contract_start);
  renewal = pomar_format_day (account->renewal_date);
  open_tickets = g_strdup_printf ("%" G_GINT64_FORMAT, summary->open_tickets);
  countdown = renewal_countdown (account->renewal_date, &countdown_class);

  clear_facts (self);
  add_fact (self, _("Stage"), pomar_stage_id_to_name (account->stage), NULL, NULL);
  add_fact (self, _("ARR"), arr, NULL, NULL);
  add_fact (self, _("Renewal"), renewal, countdown, countdown_class);
  add_fact (self, _("Owner"), account->owner != NULL ? account->owner : "—", NULL, NULL);
  add_fact (self, _("Plan"), account->plan != NULL ? account->plan : "—", NULL, NULL);
  add_fact (self, _("Seats"), seats != NULL ? seats : "—", NULL, NULL);
  add_fact (self, _("Contract start"), contract_start, NULL, NULL);
  add_fact (self, _("Open tickets"), open_tickets, NULL, NULL);
}

static void
show_contacts (PomarCustomerPage *self,
               GPtrArray         *contacts)
{
  guint shown = MIN (contacts->len, MAX_ROWS);

  for (guint i = 0; i < shown; i++)
    {
      const PomarContact *contact = g_ptr_array_index (contacts, i);
      g_autofree char *subtitle = NULL;

      subtitle = join_parts ((const char *[]) {
                               role_to_name (contact->role),
                               contact->title,
                               contact->email,
                             }, 3);
      section_add_row (self, SECTION_CONTACTS,
                       contact->name != NULL ? contact->name : contact->email,
                       subtitle);
    }

  if (contacts->len == 0)
    section_add_placeholder (self, SECTION_CONTACTS, _("No contacts"));
  section_add_more (self, SECTION_CONTACTS, shown, contacts->len);
}

static char *
ticket_age (const char *created_at)
{
  int days;

  if (!pomar_days_from_today (created_at, NULL, &days))
    return NULL;

  days = MAX (0, -days);
  if (days == 0)
    return g_strdup (_("Opened today"));
  if (days == 1)
    return g_strdup (_("Opened yesterday"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Opened %d day ago", "Opened %d days ago", days), days);
}

static void
show_tickets (PomarCustomerPage *self,
              GPtrArray         *tickets)
{
  guint shown = MIN (tickets->len, MAX_ROWS);
  guint n_open = 0;

  for (guint i = 0; i < tickets->len; i++)
    {
      const PomarTicket *ticket = g_ptr_array_index (tickets, i);

      if (pomar_ticket_status_is_open (ticket->status))
        n_open++;
    }

  /* The store lists open tickets first, then the newest. */
  for (guint i = 0; i < shown; i++)
    {
      const PomarTicket *ticket = g_ptr_array_index (tickets, i);
      gboolean is_open = pomar_ticket_status_is_open (ticket->status);
      g_autofree char *age = ticket_age (ticket->created_at);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      subtitle = join_parts ((const char *[]) {
                               status_to_name (ticket->status),
                               priority_to_name (ticket->priority),
                               age,
                             }, 3);
      row = section_add_row (self, SECTION_TICKETS,
                             ticket->subject != NULL ? ticket->subject : _("No subject"),
                             subtitle);

      if (is_open && g_strcmp0 (ticket->priority, "urgent") == 0)
        row_add_prefix_icon (row, "dialog-warning-symbolic", _("Urgent"), "error");
      else if (is_open && g_strcmp0 (ticket->priority, "high") == 0)
        row_add_prefix_icon (row, "dialog-warning-symbolic", _("High priority"), "warning");
      else if (is_open)
        row_add_prefix_icon (row, "mail-unread-symbolic", _("Open"), NULL);
      else
        row_add_prefix_icon (row, "object-select-symbolic", _("Closed"), "dim-label");
    }

  adw_preferences_group_set_description (self->tickets_group, NULL);
  if (tickets->len == 0)
    section_add_placeholder (self, SECTION_TICKETS, _("No tickets"));
  else
    {
      g_autofree char *description = NULL;

      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u open of %u ticket",
                                                  "%u open of %u tickets",
                                                  tickets->len),
                                     n_open, tickets->len);
      adw_preferences_group_set_description (self->tickets_group, description);
    }
  section_add_more (self, SECTION_TICKETS, shown, tickets->len);
}

static const char *
contact_name (GPtrArray  *contacts,
              const char *contact_id)
{
  if (contact_id == NULL)
    return NULL;
  for (guint i = 0; i < contacts->len; i++)
    {
      const PomarContact *contact = g_ptr_array_index (contacts, i);

      if (g_strcmp0 (contact->id, contact_id) == 0)
        return contact->name;
    }
  return NULL;
}

/* NPS 0-6 and CSAT 1-2 are the unhappy answers (domain.md: detractors;
 * CSAT counts 4 and 5 as satisfied, and 3 is neutral). */
static gboolean
response_is_unhappy (const PomarResponse *response)
{
  if (g_strcmp0 (response->kind, "nps") == 0)
    return response->score <= 6;
  if (g_strcmp0 (response->kind, "csat") == 0)
    return response->score <= 2;
  return FALSE;
}

static char *
response_title (const PomarResponse *response)
{
  if (g_strcmp0 (response->kind, "nps") == 0)
    {
      const char *group;

      /* domain.md: promoters 9-10, passives 7-8, detractors 0-6. */
      if (response->score >= 9)
        group = _("Promoter");
      else if (response->score >= 7)
        group = _("Passive");
      else
        group = _("Detractor");
      return g_strdup_printf (_("NPS %d · %s"), (int) response->score, group);
    }
  if (g_strcmp0 (response->kind, "csat") == 0)
    return g_strdup_printf (_("CSAT %d of 5"), (int) response->score);
  return g_strdup_printf ("%s %d", response->kind != NULL ? response->kind : "?", (int) response->score);
}

/* The comments worth reading before a meeting: answers with a comment,
 * unhappy ones first, newest first within each; at most @max. The store
 * lists answers newest first, and the sort is stable. */
static GPtrArray *
latest_comments (GPtrArray *responses,
                 guint      max)
{
  g_autoptr (GPtrArray) unhappy = g_ptr_array_new ();
  g_autoptr (GPtrArray) others = g_ptr_array_new ();
  GPtrArray *comments = g_ptr_array_new ();

  for (guint i = 0; i < responses->len; i++)
    {
      const PomarResponse *response = g_ptr_array_index (responses, i);
      g_autofree char *text = NULL;

      if (response->comment == NULL)
        continue;
      text = g_strstrip (g_strdup (response->comment));
      if (*text == '\0')
        continue;
      g_ptr_array_add (response_is_unhappy (response) ? unhappy : others, (gpointer) response);
    }
  for (guint i = 0; i < unhappy->len && comments->len < max; i++)
    g_ptr_array_add (comments, g_ptr_array_index (unhappy, i));
  for (guint i = 0; i < others->len && comments->len < max; i++)
    g_ptr_array_add (comments, g_ptr_array_index (others, i));
  return comments;
}

#define MAX_COMMENTS 5

static void
show_answer_charts (PomarCustomerPage *self,
                    CustomerData      *data)
{
  const PomarAccountAnswers *answers = &data->answers;
  PomarCsatCounts csat[POMAR_NPS_N_MONTHS] = { { 0 } };
  double nps[POMAR_NPS_N_MONTHS];
  double csat_share[POMAR_NPS_N_MONTHS];
  gboolean any_nps = FALSE;
  gboolean any_csat = FALSE;

  for (guint i = 0; i < POMAR_NPS_N_MONTHS; i++)
    {
      int value;

      nps[i] = NAN;
      if (pomar_nps_compute (&answers->months[i].counts, &value))
        {
          nps[i] = value;
          any_nps = TRUE;
        }
    }

  /* CSAT by the same calendar months. */
  for (guint i = 0; i < data->responses->len; i++)
    {
      const PomarResponse *response = g_ptr_array_index (data->responses, i);
      int month;

      if (g_strcmp0 (response->kind, "csat") != 0)
        continue;
      month = pomar_nps_month_index (answers->months, pomar_day_parse (response->responded_at));
      if (month >= 0)
        pomar_csat_counts_add (&csat[month], response->score);
    }
  for (guint i = 0; i < POMAR_NPS_N_MONTHS; i++)
    {
      csat_share[i] = NAN;
      if (pomar_csat_compute (&csat[i], &csat_share[i]))
        any_csat = TRUE;
      else
        csat_share[i] = NAN;
    }

  gtk_widget_set_visible (gtk_widget_get_parent (self->nps_chart), any_nps);
  gtk_widget_set_visible (gtk_widget_get_parent (self->csat_chart), any_csat);
  if (any_nps)
    {
      pomar_chart_set_months (POMAR_CHART (self->nps_chart), answers->months[0].first_day, POMAR_NPS_N_MONTHS);
      pomar_chart_set_y_range (POMAR_CHART (self->nps_chart), -100, 100);
      pomar_chart_add_series (POMAR_CHART (self->nps_chart), _("NPS"), POMAR_CHART_LINE,
                              POMAR_CHART_ROLE_ACCENT, nps, POMAR_NPS_N_MONTHS);
    }
  else
    pomar_chart_clear (POMAR_CHART (self->nps_chart));

  if (any_csat)
    {
      pomar_chart_set_months (POMAR_CHART (self->csat_chart), answers->months[0].first_day, POMAR_NPS_N_MONTHS);
      pomar_chart_set_y_range (POMAR_CHART (self->csat_chart), 0, 100);
      pomar_chart_add_series (POMAR_CHART (self->csat_chart), _("CSAT"), POMAR_CHART_BAR,
                              POMAR_CHART_ROLE_SUCCESS, csat_share, POMAR_NPS_N_MONTHS);
    }
  else
    pomar_chart_clear (POMAR_CHART (self->csat_chart));
}

static void
show_responses (PomarCustomerPage *self,
                CustomerData      *data)
{
  GPtrArray *responses = data->responses;
  const PomarNpsCounts *nps_90d = &data->answers.windows[1];
  g_autoptr (GPtrArray) comments = NULL;
  g_autofree char *nps_text = NULL;
  g_autofree char *nps_detail = NULL;
  g_autofree char *csat_text = NULL;
  g_autofree char *csat_detail = NULL;
  double csat;
  int nps;
  GtkWidget *row;

  show_answer_charts (self, data);

  if (pomar_nps_compute (nps_90d, &nps))
    {
      guint total = pomar_nps_counts_total (nps_90d);

      nps_text = g_strdup_printf ("%+d", nps);
      nps_detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%u answer: %u promoters, %u passives, %u detractors",
                                                 "%u answers: %u promoters, %u passives, %u detractors",
                                                 total),
                                    total, nps_90d->promoters, nps_90d->passives, nps_90d->detractors);
    }
  else
    nps_text = g_strdup (_("No answers"));
  row = section_add_row (self, SECTION_RESPONSES, _("NPS, last 90 days"), nps_detail);
  row_add_suffix_text (row, nps_text);

  if (pomar_csat_compute (&data->answers.csat_90d, &csat))
    {
      csat_text = g_strdup_printf ("%.0f%%", csat);
      csat_detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u of %u answer satisfied",
                                                  "%u of %u answers satisfied",
                                                  data->answers.csat_90d.total),
                                     data->answers.csat_90d.satisfied, data->answers.csat_90d.total);
    }
  else
    csat_text = g_strdup (_("No answers"));
  row = section_add_row (self, SECTION_RESPONSES, _("CSAT, last 90 days"), csat_detail);
  row_add_suffix_text (row, csat_text);

  comments = latest_comments (responses, MAX_COMMENTS);
  for (guint i = 0; i < comments->len; i++)
    {
      const PomarResponse *response = g_ptr_array_index (comments, i);
      g_autofree char *title = g_strstrip (g_strdup (response->comment));
      g_autofree char *kind = response_title (response);
      g_autofree char *date = pomar_format_day (response->responded_at);
      g_autofree char *subtitle = NULL;

      subtitle = join_parts ((const char *[]) {
                               kind,
                               contact_name (data->contacts, response->contact_id),
                               date,
                             }, 3);
      row = section_add_row (self, SECTION_RESPONSES, title, subtitle);
      if (response_is_unhappy (response))
        row_add_prefix_icon (row, "face-sad-symbolic", _("Unhappy answer"), "error");
      else
        row_add_prefix_icon (row, "face-smile-symbolic", _("Answer"), "dim-label");
    }

  adw_preferences_group_set_description (self->responses_group, NULL);
  if (responses->len == 0)
    section_add_placeholder (self, SECTION_RESPONSES, _("No survey answers yet"));
  else
    {
      g_autofree char *description = NULL;

      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u answer in all; the latest comments, unhappy ones first",
                                                  "%u answers in all; the latest comments, unhappy ones first",
                                                  responses->len),
                                     responses->len);
      adw_preferences_group_set_description (self->responses_group, description);
    }
}

/* The day a task falls due: the instance's start plus its offset. */
static gboolean
task_due_day (const PomarPlaybookInstance *instance,
              const PomarPlaybookTask     *task,
              GDate                       *out)
{
  if (!parse_local_day (instance->started_at, out))
    return FALSE;
  if (task->due_offset > 0)
    g_date_add_days (out, (guint) task->due_offset);
  return TRUE;
}

/* customer.set-task (ssss): instance id, task id, state, reason. */
static GVariant *
task_target (const PomarPlaybookInstance *instance,
             const PomarPlaybookTask     *task,
             const char                  *state,
             const char                  *reason)
{
  return g_variant_new ("(ssss)", instance->id, task->task_id, state, reason != NULL ? reason : "");
}

static void
on_skip_reason_changed (GtkEditable *entry,
                        GtkWidget   *button)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  gtk_widget_set_sensitive (button, *reason != '\0');
}

static void
on_skip_clicked (GtkButton *button,
                 GtkEntry  *entry)
{
  GtkWidget *widget = GTK_WIDGET (button);
  const char *instance_id = g_object_get_data (G_OBJECT (button), "instance-id");
  const char *task_id = g_object_get_data (G_OBJECT (button), "task-id");
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  GtkWidget *popover = gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER);

  if (*reason == '\0')
    return;
  gtk_widget_activate_action (widget, "customer.set-task", "(ssss)", instance_id, task_id, "skipped", reason);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
on_task_toggled (GtkCheckButton *check,
                 gpointer        user_data)
{
  GVariant *target = g_object_get_data (G_OBJECT (check), "target");

  if (!gtk_check_button_get_active (check) || target == NULL)
    return;
  /* Once: the row is made again when the change is in the cache. */
  gtk_widget_set_sensitive (GTK_WIDGET (check), FALSE);
  gtk_widget_activate_action_variant (GTK_WIDGET (check), "customer.set-task", target);
}

/* "Skip…": a popover asking why (domain.md: a skip needs a reason). */
static GtkWidget *
skip_button_new (const PomarPlaybookInstance *instance,
                 const PomarPlaybookTask     *task)
{
  GtkWidget *menu_button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *label = gtk_label_new (_("Why skip this task?"));
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *skip = gtk_button_new_with_mnemonic (_("_Skip Task"));
  g_autofree char *name = g_strdup_printf (_("Skip “%s”"), task->title != NULL ? task->title : task->task_id);

  gtk_menu_button_set_label (GTK_MENU_BUTTON (menu_button), _("Skip…"));
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_widget_set_tooltip_text (menu_button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason for skipping"), -1);
  gtk_widget_set_size_request (entry, 240, -1);
  gtk_widget_add_css_class (skip, "destructive-action");
  gtk_widget_set_halign (skip, GTK_ALIGN_END);
  gtk_widget_set_sensitive (skip, FALSE);
  g_object_set_data_full (G_OBJECT (skip), "instance-id", g_strdup (instance->id), g_free);
  g_object_set_data_full (G_OBJECT (skip), "task-id", g_strdup (task->task_id), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (on_skip_reason_changed), skip);
  g_signal_connect (skip, "clicked", G_CALLBACK (on_skip_clicked), entry);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (gtk_widget_activate), skip);

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), skip);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu_button), popover);
  return menu_button;
}

static GtkWidget *
task_row_new (const PomarPlaybookInstance *instance,
              const PomarPlaybookTask     *task,
              const GDate                 *today)
{
  g_autofree char *subtitle = NULL;
  const char *title = task->title != NULL ? task->title : task->task_id;
  gboolean open_instance = g_strcmp0 (instance->status, "cancelled") != 0;
  GtkWidget *row;

  if (g_strcmp0 (task->state, "done") == 0 || g_strcmp0 (task->state, "skipped") == 0)
    {
      gboolean done = g_strcmp0 (task->state, "done") == 0;
      g_autofree char *name = g_strdup_printf (_("Reopen “%s”"), title);
      GtkWidget *reopen;

      if (done)
        {
          g_autofree char *when = pomar_format_day (task->done_at);

          subtitle = task->done_by != NULL
            ? g_strdup_printf (_("Done by %s on %s"), task->done_by, when)
            : g_strdup_printf (_("Done on %s"), when);
        }
      else
        subtitle = task->skip_reason != NULL
          ? g_strdup_printf (_("Skipped: %s"), task->skip_reason)
          : g_strdup (_("Skipped"));
      row = text_row_new (title, subtitle);
      if (done)
        row_add_prefix_icon (row, "object-select-symbolic", _("Done"), "success");
      else
        row_add_prefix_icon (row, "media-skip-forward-symbolic", _("Skipped"), "dim-label");

      if (open_instance)
        {
          reopen = gtk_button_new_from_icon_name ("edit-undo-symbolic");
          gtk_widget_set_valign (reopen, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (reopen, "flat");
          gtk_widget_set_tooltip_text (reopen, name);
          gtk_accessible_update_property (GTK_ACCESSIBLE (reopen), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (reopen), "customer.set-task");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (reopen), task_target (instance, task, "open", NULL));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), reopen);
        }
    }
  else
    {
      GDate due;
      gboolean has_due = task_due_day (instance, task, &due);
      gboolean overdue = has_due && g_date_compare (&due, today) < 0;
      g_autofree char *when = has_due ? format_gdate (&due) : NULL;
      g_autofree char *name = g_strdup_printf (_("Mark “%s” done"), title);
      GtkWidget *check;

      if (overdue)
        subtitle = g_strdup_printf (_("Overdue since %s"), when);
      else if (has_due)
        subtitle = g_strdup_printf (_("Due %s"), when);
      row = text_row_new (title, subtitle);
      if (overdue)
        {
          gtk_widget_add_css_class (row, "overdue");
          row_add_prefix_icon (row, "dialog-warning-symbolic", _("Overdue"), "warning");
        }

      /* Ticking the box marks the task done; the row is made again once
       * the change is in the cache. */
      check = gtk_check_button_new ();
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (check, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_object_set_data_full (G_OBJECT (check), "target",
                              g_variant_ref_sink (task_target (instance, task, "done", NULL)),
                              (GDestroyNotify) g_variant_unref);
      g_signal_connect (check, "toggled", G_CALLBACK (on_task_toggled), NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      if (open_instance)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), skip_button_new (instance, task));
      else
        gtk_widget_set_sensitive (check, FALSE);
    }

  return row;
}

static void
show_playbooks (PomarCustomerPage *self,
                CustomerData      *data)
{
  guint shown = MIN (data->instances->len, MAX_ROWS);
  gboolean expanded_one = FALSE;
  GDate today;

  local_today (NULL, &today);

  for (guint i = 0; i < shown; i++)
    {
      const PomarPlaybookInstance *instance = g_ptr_array_index (data->instances, i);
      GPtrArray *tasks = g_ptr_array_index (data->instance_tasks, i);
      g_autofree char *progress = NULL;
      g_autofree char *started_day = pomar_format_day (instance->started_at);
      g_autofree char *started = NULL;
      g_autofree char *subtitle = NULL;
      const char *status = NULL;
      guint finished = 0;
      GtkWidget *row;

      /* domain.md: progress counts done and skipped tasks. */
      for (guint j = 0; j < tasks->len; j++)
        {
          const PomarPlaybookTask *task = g_ptr_array_index (tasks, j);

          if (g_strcmp0 (task->state, "done") == 0 || g_strcmp0 (task->state, "skipped") == 0)
            finished++;
        }

      progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u task", "%u of %u tasks", tasks->len),
                                  finished, tasks->len);
      started = g_strdup_printf (_("Started %s"), started_day);
      if (g_strcmp0 (instance->status, "complete") == 0)
        status = _("Complete");
      else if (g_strcmp0 (instance->status, "cancelled") == 0)
        status = _("Cancelled");
      subtitle = join_parts ((const char *[]) { progress, started, status }, 3);

      row = adw_expander_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), playbook_to_name (instance->template_id));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

      for (guint j = 0; j < tasks->len; j++)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  task_row_new (instance, g_ptr_array_index (tasks, j), &today));

      /* The newest open playbook is what the account manager works on. */
      if (!expanded_one && g_strcmp0 (instance->status, "open") == 0 && tasks->len > 0)
        {
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
          expanded_one = TRUE;
        }

      section_add (self, SECTION_PLAYBOOKS, row);
    }

  if (data->instances->len == 0)
    section_add_placeholder (self, SECTION_PLAYBOOKS, _("No playbooks"));
  section_add_more (self, SECTION_PLAYBOOKS, shown, data->instances->len);
}

/* Active users against seats, and events, one point per day of the last
 * USAGE_DAYS days; a day with no row counts as no one active (as
 * domain.md's adoption does). */
static void
show_usage_charts (PomarCustomerPage  *self,
                   const PomarAccount *account,
                   GPtrArray          *usage,
                   PomarDay            today)
{
  PomarChart *users_chart = POMAR_CHART (self->usage_chart);
  PomarChart *events_chart = POMAR_CHART (self->events_chart);
  PomarDay first = today - (USAGE_DAYS - 1);
  double users[USAGE_DAYS];
  double events[USAGE_DAYS];
  double seats[USAGE_DAYS];

  /* Without data, the section's placeholder row says so: no empty charts. */
  gtk_widget_set_visible (gtk_widget_get_parent (self->usage_chart), usage->len > 0);
  gtk_widget_set_visible (gtk_widget_get_parent (self->events_chart), usage->len > 0);
  if (usage->len == 0)
    {
      pomar_chart_clear (users_chart);
      pomar_chart_clear (events_chart);
      return;
    }

  for (guint i = 0; i < USAGE_DAYS; i++)
    {
      users[i] = 0;
      events[i] = 0;
      seats[i] = account->licensed_seats != POMAR_NO_INT ? (double) account->licensed_seats : NAN;
    }
  for (guint i = 0; i < usage->len; i++)
    {
      const PomarUsage *row = g_ptr_array_index (usage, i);
      PomarDay day = pomar_day_parse (row->day);

      if (day < first || day > today)
        continue;
      users[day - first] = row->active_users != POMAR_NO_INT ? (double) row->active_users : NAN;
      events[day - first] = row->events != POMAR_NO_INT ? (double) row->events : NAN;
    }

  pomar_chart_set_days (users_chart, first, USAGE_DAYS);
  pomar_chart_add_series (users_chart, _("Active users"), POMAR_CHART_LINE, POMAR_CHART_ROLE_ACCENT,
                          users, USAGE_DAYS);
  if (account->licensed_seats != POMAR_NO_INT)
    pomar_chart_add_series (users_chart, _("Licensed seats"), POMAR_CHART_DASHED_LINE,
                            POMAR_CHART_ROLE_NEUTRAL, seats, USAGE_DAYS);

  pomar_chart_set_days (events_chart, first, USAGE_DAYS);
  pomar_chart_add_series (events_chart, _("Events"), POMAR_CHART_BAR, POMAR_CHART_ROLE_ACCENT,
                          events, USAGE_DAYS);
}

static void
show_usage (PomarCustomerPage  *self,
            const PomarAccount *account,
            GPtrArray          *usage)
{
  g_autofree char *users = NULL;
  g_autofree char *events = NULL;
  g_autofree char *active_days = NULL;
  gint64 sum_users = 0;
  gint64 sum_events = 0;
  guint days_active = 0;
  double average;
  GtkWidget *row;

  /* The store returns the rows from the window's first day on; a day with
   * no row counts as no one active (as domain.md's adoption does). */
  for (guint i = 0; i < usage->len; i++)
    {
      const PomarUsage *day = g_ptr_array_index (usage, i);

      if (day->active_users != POMAR_NO_INT)
        {
          sum_users += day->active_users;
          if (day->active_users > 0)
            days_active++;
        }
      if (day->events != POMAR_NO_INT)
        sum_events += day->events;
    }
  average = (double) sum_users / USAGE_DAYS;

  if (usage->len == 0)
    {
      section_add_placeholder (self, SECTION_USAGE, _("No usage in the last 90 days"));
      return;
    }

  if (account->licensed_seats != POMAR_NO_INT && account->licensed_seats > 0)
    {
      /* Seat counts are far below G_MAXINT; an int keeps the string
       * translatable (xgettext cannot see through G_GINT64_FORMAT). */
      int seats = (int) MIN (account->licensed_seats, G_MAXINT);

      users = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%.1f of %d seat (%.0f%%)",
                                            "%.1f of %d seats (%.0f%%)",
                                            seats),
                               average, seats, 100.0 * average / seats);
    }
  else
    users = g_strdup_printf ("%.1f", average);
  row = section_add_row (self, SECTION_USAGE, _("Average active users"), NULL);
  row_add_suffix_text (row, users);

  events = g_strdup_printf ("%'" G_GINT64_FORMAT, sum_events);
  row = section_add_row (self, SECTION_USAGE, _("Events"), NULL);
  row_add_suffix_text (row, events);

  active_days = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u day", "%u of %u days", USAGE_DAYS),
                                 days_active, USAGE_DAYS);
  row = section_add_row (self, SECTION_USAGE, _("Days with active users"), NULL);
  row_add_suffix_text (row, active_days);
}

/* The title of a playbook task, found among the account's playbooks. */
static const char *
find_task_title (CustomerData *data,
                 const char   *template_id,
                 const char   *task_id)
{
  for (guint i = 0; i < data->instances->len; i++)
    {
      const PomarPlaybookInstance *instance = g_ptr_array_index (data->instances, i);
      GPtrArray *tasks = g_ptr_array_index (data->instance_tasks, i);

      if (g_strcmp0 (instance->template_id, template_id) != 0)
        continue;
      for (guint j = 0; j < tasks->len; j++)
        {
          const PomarPlaybookTask *task = g_ptr_array_index (tasks, j);

          if (g_strcmp0 (task->task_id, task_id) == 0)
            return task->title;
        }
    }
  return NULL;
}

static const char *
json_object_get_string_or_null (JsonObject *object,
                                const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* What a stage_change or task_* activity says, in words. Its body is JSON
 * (the contract); NULL when it does not parse, to show the body as given. */
static char *
describe_structured_activity (CustomerData        *data,
                              const PomarActivity *activity)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode *root;

  if (activity->body == NULL || !json_parser_load_from_data (parser, activity->body, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);

  if (g_str_equal (activity->kind, "stage_change"))
    {
      const char *from = json_object_get_string_or_null (object, "from");
      const char *to = json_object_get_string_or_null (object, "to");

      if (to == NULL)
        return NULL;
      if (from == NULL)
        return g_strdup_printf (_("Stage set to %s"), pomar_stage_id_to_name (to));
      return g_strdup_printf (_("Stage changed from %s to %s"),
                              pomar_stage_id_to_name (from), pomar_stage_id_to_name (to));
    }
  else
    {
      const char *playbook = json_object_get_string_or_null (object, "playbook");
      const char *task = json_object_get_string_or_null (object, "task");
      const char *title;

      if (task == NULL)
        return NULL;
      title = find_task_title (data, playbook, task);
      if (title == NULL)
        title = task;

      if (g_str_equal (activity->kind, "task_done"))
        return g_strdup_printf (_("Completed “%s” in %s"), title, playbook_to_name (playbook));
      return g_strdup_printf (_("Reopened “%s” in %s"), title, playbook_to_name (playbook));
    }
}

static void
show_timeline (PomarCustomerPage *self,
               CustomerData      *data)
{
  GPtrArray *activities = data->activities;
  guint shown = MIN (activities->len, MAX_ROWS);

  /* The store lists activities newest first. */
  for (guint i = 0; i < shown; i++)
    {
      const PomarActivity *activity = g_ptr_array_index (activities, i);
      const ActivityKind *kind = activity_kind_lookup (activity->kind);
      const char *kind_name = kind != NULL ? _(kind->name) : activity->kind;
      g_autofree char *described = NULL;
      g_autofree char *ago = pomar_format_time_ago (activity->occurred_at, NULL);
      g_autofree char *subtitle = NULL;
      g_autofree char *tooltip = NULL;
      const char *title;
      GtkWidget *row;

      if (activity->kind != NULL &&
          (g_str_equal (activity->kind, "stage_change") ||
           g_str_equal (activity->kind, "task_done") ||
           g_str_equal (activity->kind, "task_reopened")))
        described = describe_structured_activity (data, activity);

      if (described != NULL)
        title = described;
      else if (activity->body != NULL && *activity->body != '\0')
        title = activity->body;
      else
        title = kind_name;

      subtitle = join_parts ((const char *[]) { kind_name, activity->author, ago }, 3);
      row = section_add_row (self, SECTION_TIMELINE, title, subtitle);
      row_add_prefix_icon (row,
                           kind != NULL ? kind->icon_name : "text-x-generic-symbolic",
                           kind_name, NULL);

      tooltip = pomar_format_day (activity->occurred_at);
      set_lazy_tooltip (row, g_steal_pointer (&tooltip));
    }

  if (activities->len == 0)
    section_add_placeholder (self, SECTION_TIMELINE, _("No activity yet"));
  section_add_more (self, SECTION_TIMELINE, shown, activities->len);
}

static void
set_title (PomarCustomerPage *self,
           const char        *title)
{
  if (set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/* The conflict banner: what was moved here, where the server has it. */
static void
show_conflict (PomarCustomerPage      *self,
               const PomarOutboxEntry *conflict)
{
  g_autoptr (JsonNode) payload = NULL;
  g_autoptr (JsonNode) record = NULL;
  g_autofree char *text = NULL;
  const char *mine = NULL;
  const char *theirs = NULL;

  self->conflict_seq = conflict != NULL ? conflict->seq : 0;
  gtk_widget_set_visible (self->conflict_banner, conflict != NULL);
  gtk_widget_set_sensitive (self->conflict_banner, TRUE);
  if (conflict == NULL)
    return;

  payload = json_from_string (conflict->payload, NULL);
  if (payload != NULL && JSON_NODE_HOLDS_OBJECT (payload))
    mine = json_object_get_string_member_with_default (json_node_get_object (payload), "to", NULL);
  record = conflict->server_record != NULL ? json_from_string (conflict->server_record, NULL) : NULL;
  if (record != NULL && JSON_NODE_HOLDS_OBJECT (record))
    theirs = json_object_get_string_member_with_default (json_node_get_object (record), "stage", NULL);

  /* Translators: a banner on the customer page; the stages are names. */
  text = g_strdup_printf (_("You moved this account to %s here, but on the server it was moved to %s "
                            "in the meantime. Which stage should it have?"),
                          mine != NULL ? pomar_stage_id_to_name (mine) : "—",
                          theirs != NULL ? pomar_stage_id_to_name (theirs) : _("no stage"));
  gtk_label_set_text (self->conflict_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->conflict_banner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Stage conflict"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
conflict_settled (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (PomarCustomerPage) self = user_data;
  g_autoptr (GError) error = NULL;

  /* On success ::account-changed reads the page again. */
  if (!pomar_context_resolve_conflict_finish (POMAR_CONTEXT (source), result, &error))
    {
      gtk_widget_set_sensitive (self->conflict_banner, TRUE);
      gtk_label_set_text (self->conflict_label, error->message);
    }
}

static void
settle_conflict (PomarCustomerPage *self,
                 gboolean           keep_mine)
{
  if (self->context == NULL || self->account_id == NULL || self->conflict_seq == 0)
    return;
  gtk_widget_set_sensitive (self->conflict_banner, FALSE);
  pomar_context_resolve_conflict_async (self->context, self->account_id, self->conflict_seq, keep_mine,
                                        NULL, conflict_settled, g_object_ref (self));
}

static void
on_keep_mine (PomarCustomerPage *self)
{
  settle_conflict (self, TRUE);
}

static void
on_take_theirs (PomarCustomerPage *self)
{
  settle_conflict (self, FALSE);
}

static void
show_customer (PomarCustomerPage *self,
               CustomerData      *data,
               gboolean           again)
{
  const PomarAccount *account = &data->summary->account;
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double scrolled = gtk_adjustment_get_value (vadjustment);

  for (guint i = 0; i < N_SECTIONS; i++)
    section_clear (self, i);

  show_header (self, data->summary);
  show_conflict (self, data->conflict);
  if (self->health_card != NULL)
    pomar_health_card_set_account (POMAR_HEALTH_CARD (self->health_card), account->id,
                                   &data->explanation, &data->figures);
  show_usage_charts (self, account, data->usage, data->today);
  show_usage (self, account, data->usage);
  show_responses (self, data);
  show_playbooks (self, data);
  show_tickets (self, data->tickets);
  show_timeline (self, data);
  show_contacts (self, data->contacts);

  set_title (self, account->name != NULL ? account->name : account->id);
  /* The same customer read again after a change stays where the reader
   * was; another customer starts at the top. */
  gtk_adjustment_set_value (vadjustment, again ? scrolled : 0);
  gtk_stack_set_visible_child_name (self->stack, "account");
}

static void
load_done (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PomarCustomerPage *self = POMAR_CUSTOMER_PAGE (source_object);
  g_autoptr (CustomerData) data = NULL;
  g_autoptr (GError) error = NULL;

  data = g_task_propagate_pointer (G_TASK (result), &error);

  /* A cancelled load was replaced by a newer one (or the page is going). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->spinner);

  if (g_error_matches (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND))
    {
      set_title (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, "missing");
    }
  else if (error != NULL)
    {
      set_title (self, NULL);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      const LoadRequest *request = g_task_get_task_data (G_TASK (result));

      gboolean again = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "again"));

      if (self->data != NULL)
        customer_data_free (self->data);
      self->data = g_steal_pointer (&data);
      show_customer (self, self->data, again);
      g_debug ("Customer %s: read in %.1f ms, shown %.1f ms later",
               request->account_id,
               (request->loaded - request->started) / 1000.0,
               (g_get_monotonic_time () - request->loaded) / 1000.0);
    }
}

/* Public API --------------------------------------------------------------- */

static void
load_account (PomarCustomerPage *self,
              const char        *account_id,
              gboolean           again)
{
  g_autoptr (GTask) task = NULL;
  LoadRequest *request;
  char since[11];

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (set_str (&self->account_id, account_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_ID]);

  if (self->context == NULL)
    {
      set_title (self, NULL);
      adw_status_page_set_description (self->error_page, _("No cache is open."));
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  request = g_new0 (LoadRequest, 1);
  request->store = g_object_ref (pomar_context_get_store (self->context));
  request->account_id = g_strdup (account_id);
  /* "The last 90 days" ends today. */
  request->today = pomar_day_today ();
  request->since_day = g_strdup (pomar_day_format (request->today - (USAGE_DAYS - 1), since));
  pomar_context_get_health_weights (self->context, &request->weights);
  request->started = g_get_monotonic_time ();

  /* Read again after a change, the page stays as it is until the new
   * figures are in. */
  if (!again || !g_str_equal (gtk_stack_get_visible_child_name (self->stack), "account"))
    {
      again = FALSE;
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  task = g_task_new (self, self->cancellable, load_done, NULL);
  g_task_set_source_tag (task, pomar_customer_page_show_account);
  g_task_set_task_data (task, request, (GDestroyNotify) load_request_free);
  g_object_set_data (G_OBJECT (task), "again", GINT_TO_POINTER (again));
  g_task_run_in_thread (task, load_thread);
}

void
pomar_customer_page_show_account (PomarCustomerPage *self,
                                  const char        *account_id)
{
  g_return_if_fail (POMAR_IS_CUSTOMER_PAGE (self));
  g_return_if_fail (account_id != NULL);

  load_account (self, account_id, FALSE);
}

/* Local changes ------------------------------------------------------------- */

static void
on_account_changed (PomarContext      *context,
                    const char        *account_id,
                    PomarCustomerPage *self)
{
  if (g_strcmp0 (account_id, self->account_id) == 0)
    load_account (self, account_id, TRUE);
}

/* Says what went wrong in the window's toasts (a screen reader hears them). */
static void
show_toast (PomarCustomerPage *self,
            const char        *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *markup = NULL;

  if (overlay == NULL)
    {
      g_warning ("%s", text);
      return;
    }
  markup = g_markup_escape_text (text, -1);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (markup));
}

static void
task_state_set (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (PomarCustomerPage) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!pomar_context_set_task_state_finish (POMAR_CONTEXT (source), result, &error))
    {
      /* Shown as the cache has it again. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not change the task: %s"), error->message);

          show_toast (self, text);
        }
      if (self->account_id != NULL)
        load_account (self, self->account_id, TRUE);
    }
}

static void
set_task_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PomarCustomerPage *self = POMAR_CUSTOMER_PAGE (widget);
  const char *instance_id, *task_id, *state, *reason;

  if (self->context == NULL || self->account_id == NULL)
    return;
  g_variant_get (parameter, "(&s&s&s&s)", &instance_id, &task_id, &state, &reason);
  pomar_context_set_task_state_async (self->context, self->account_id, instance_id, task_id, state,
                                      *reason != '\0' ? reason : NULL, NULL,
                                      task_state_set, g_object_ref (self));
}

static void
playbook_started (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (PomarCustomerPage) self = user_data;
  g_autoptr (GError) error = NULL;
  guint started = 0;

  if (!pomar_context_start_playbook_finish (POMAR_CONTEXT (source), result, &started, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not start the playbook: %s"), error->message);

          show_toast (self, text);
        }
    }
  else if (started == 0)
    show_toast (self, _("That playbook is open already for this customer."));
}

static void
start_playbook_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PomarCustomerPage *self = POMAR_CUSTOMER_PAGE (widget);
  const char *ids[2] = { self->account_id, NULL };

  if (self->context == NULL || self->account_id == NULL)
    return;
  pomar_context_start_playbook_async (self->context, ids, g_variant_get_string (parameter, NULL),
                                      NULL, playbook_started, g_object_ref (self));
}

static const char * const note_kinds[] = { "note", "meeting", "call", "email" };

static char *
note_text (PomarCustomerPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
update_note_button (PomarCustomerPage *self)
{
  g_autofree char *text = note_text (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.add-note",
                                 !self->adding_note && *text != '\0' && self->account_id != NULL);
}

static void
note_added (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (PomarCustomerPage) self = user_data;
  g_autoptr (GError) error = NULL;

  self->adding_note = FALSE;
  gtk_text_view_set_editable (self->note_view, TRUE);
  if (!pomar_context_add_note_finish (POMAR_CONTEXT (source), result, NULL, &error))
    {
      /* The text stays in the editor, to try again. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->note_error, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->note_error), TRUE);
        }
    }
  else
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), "", -1);
  update_note_button (self);
}

static void
add_note_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PomarCustomerPage *self = POMAR_CUSTOMER_PAGE (widget);
  g_autofree char *text = note_text (self);
  guint kind = gtk_drop_down_get_selected (self->note_kind);

  if (self->context == NULL || self->account_id == NULL || *text == '\0' || self->adding_note)
    return;
  if (kind >= G_N_ELEMENTS (note_kinds))
    kind = 0;

  self->adding_note = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->note_error), FALSE);
  gtk_text_view_set_editable (self->note_view, FALSE);
  update_note_button (self);
  pomar_context_add_note_async (self->context, self->account_id, note_kinds[kind], text, NULL,
                                note_added, g_object_ref (self));
}

static void
on_note_changed (GtkTextBuffer     *buffer,
                 PomarCustomerPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->note_error), FALSE);
  update_note_button (self);
}

/* The meeting brief --------------------------------------------------------- */

static PomarMeetingBrief *
make_brief (PomarCustomerPage *self,
            CustomerData      *data)
{
  const PomarAccount *account = &data->summary->account;
  PomarMeetingBrief *brief = pomar_meeting_brief_new ();
  g_autoptr (GPtrArray) nps_answers = g_ptr_array_new ();
  g_autoptr (GPtrArray) comments = NULL;
  g_autofree char *arr = pomar_format_money (account->arr, account->currency);
  g_autofree char *renewal_day = pomar_format_day (account->renewal_date);
  const char *countdown_class;
  g_autofree char *countdown = renewal_countdown (account->renewal_date, &countdown_class);
  g_autofree char *renewal = NULL;
  const PomarNpsCounts *nps_90d = &data->answers.windows[1];
  guint n_tickets = 0;
  guint n_tasks = 0;
  guint n_notes = 0;
  GDate today;
  int nps;

  local_today (NULL, &today);
  /* The brief's comments are NPS answers: their 0-10 score reads on paper
   * without a scale beside it. */
  for (guint i = 0; i < data->responses->len; i++)
    if (g_strcmp0 (((PomarResponse *) g_ptr_array_index (data->responses, i))->kind, "nps") == 0)
      g_ptr_array_add (nps_answers, g_ptr_array_index (data->responses, i));
  comments = latest_comments (nps_answers, POMAR_MEETING_BRIEF_MAX_COMMENTS);
  pomar_meeting_brief_set_account (brief,
                                   account->name != NULL ? account->name : account->id,
                                   account->domain,
                                   account->segment != NULL ? pomar_segment_to_name (account->segment) : NULL,
                                   account->owner,
                                   pomar_stage_id_to_name (account->stage));
  renewal = countdown != NULL ? g_strdup_printf ("%s (%s)", renewal_day, countdown) : g_strdup (renewal_day);
  pomar_meeting_brief_set_money (brief, arr, renewal);
  if (self->health_card != NULL)
    pomar_health_card_fill_brief (POMAR_HEALTH_CARD (self->health_card), brief);

  if (pomar_nps_compute (nps_90d, &nps))
    {
      guint total = pomar_nps_counts_total (nps_90d);
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%+d over the last 90 days (%u answer)",
                                                            "%+d over the last 90 days (%u answers)",
                                                            total),
                                               nps, total);

      pomar_meeting_brief_set_nps (brief, text);
    }
  else
    pomar_meeting_brief_set_nps (brief, _("No NPS answers in the last 90 days"));

  for (guint i = 0; i < comments->len; i++)
    {
      const PomarResponse *response = g_ptr_array_index (comments, i);
      g_autofree char *date = pomar_format_day (response->responded_at);
      g_autofree char *comment = g_strstrip (g_strdup (response->comment));

      pomar_meeting_brief_add_comment (brief, (int) response->score, date,
                                       contact_name (data->contacts, response->contact_id), comment);
    }

  /* The store lists open tickets first. */
  for (guint i = 0; i < data->tickets->len && n_tickets < POMAR_MEETING_BRIEF_MAX_TICKETS; i++)
    {
      const PomarTicket *ticket = g_ptr_array_index (data->tickets, i);
      g_autofree char *age = NULL;

      if (!pomar_ticket_status_is_open (ticket->status))
        continue;
      age = ticket_age (ticket->created_at);
      pomar_meeting_brief_add_ticket (brief, ticket->subject != NULL ? ticket->subject : _("No subject"),
                                      priority_to_name (ticket->priority), age);
      n_tickets++;
    }

  for (guint i = 0; i < data->instances->len && n_tasks < POMAR_MEETING_BRIEF_MAX_TASKS; i++)
    {
      const PomarPlaybookInstance *instance = g_ptr_array_index (data->instances, i);
      GPtrArray *tasks = g_ptr_array_index (data->instance_tasks, i);

      if (g_strcmp0 (instance->status, "open") != 0)
        continue;
      for (guint j = 0; j < tasks->len && n_tasks < POMAR_MEETING_BRIEF_MAX_TASKS; j++)
        {
          const PomarPlaybookTask *task = g_ptr_array_index (tasks, j);
          g_autofree char *due = NULL;
          gboolean overdue = FALSE;
          GDate day;

          if (g_strcmp0 (task->state, "open") != 0)
            continue;
          if (task_due_day (instance, task, &day))
            {
              due = format_gdate (&day);
              overdue = g_date_compare (&day, &today) < 0;
            }
          pomar_meeting_brief_add_task (brief, playbook_to_name (instance->template_id),
                                        task->title != NULL ? task->title : task->task_id, due, overdue);
          n_tasks++;
        }
    }

  for (guint i = 0; i < data->activities->len && n_notes < POMAR_MEETING_BRIEF_MAX_NOTES; i++)
    {
      const PomarActivity *activity = g_ptr_array_index (data->activities, i);
      g_autofree char *date = NULL;

      if (activity->kind == NULL || activity->body == NULL
          || !(g_str_equal (activity->kind, "note") || g_str_equal (activity->kind, "meeting")
               || g_str_equal (activity->kind, "call") || g_str_equal (activity->kind, "email")))
        continue;
      date = pomar_format_day (activity->occurred_at);
      pomar_meeting_brief_add_note (brief, date, activity->author, activity->body);
      n_notes++;
    }

  return brief;
}

static void
print_brief_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PomarCustomerPage *self = POMAR_CUSTOMER_PAGE (widget);
  g_autoptr (PomarMeetingBrief) brief = NULL;
  GtkRoot *root;

  if (self->data == NULL || !g_str_equal (gtk_stack_get_visible_child_name (self->stack), "account"))
    return;
  brief = make_brief (self, self->data);
  root = gtk_widget_get_root (widget);
  pomar_meeting_brief_print (brief, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

gboolean
pomar_customer_page_export_brief (PomarCustomerPage  *self,
                                  const char         *path,
                                  GError            **error)
{
  g_autoptr (PomarMeetingBrief) brief = NULL;

  g_return_val_if_fail (POMAR_IS_CUSTOMER_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->data == NULL || !g_str_equal (gtk_stack_get_visible_child_name (self->stack), "account"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No customer is shown."));
      return FALSE;
    }
  brief = make_brief (self, self->data);
  return pomar_meeting_brief_export_pdf (brief, path, error);
}

static void
build_playbook_menu (PomarCustomerPage *self)
{
  g_autoptr (GMenu) menu = g_menu_new ();
  PomarPlaybookCatalog *catalog;
  GPtrArray *templates;

  if (self->context == NULL || (catalog = pomar_context_get_playbook_catalog (self->context)) == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->start_playbook_button), FALSE);
      return;
    }
  templates = pomar_playbook_catalog_get_templates (catalog);
  for (guint i = 0; i < templates->len; i++)
    {
      const PomarPlaybookTemplate *tmpl = g_ptr_array_index (templates, i);
      g_autoptr (GMenuItem) item = g_menu_item_new (tmpl->name, NULL);

      g_menu_item_set_action_and_target_value (item, "customer.start-playbook", g_variant_new_string (tmpl->id));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->start_playbook_button, G_MENU_MODEL (menu));
}

const char *
pomar_customer_page_get_account_id (PomarCustomerPage *self)
{
  g_return_val_if_fail (POMAR_IS_CUSTOMER_PAGE (self), NULL);

  return self->account_id;
}

const char *
pomar_customer_page_get_title (PomarCustomerPage *self)
{
  g_return_val_if_fail (POMAR_IS_CUSTOMER_PAGE (self), NULL);

  return self->title;
}

GtkWidget *
pomar_customer_page_new (PomarContext *context)
{
  g_return_val_if_fail (context == NULL || POMAR_IS_CONTEXT (context), NULL);

  return g_object_new (POMAR_TYPE_CUSTOMER_PAGE,
                       "context", context,
                       NULL);
}

/* GObject ------------------------------------------------------------------ */

static void
pomar_customer_page_dispose (GObject *object)
{
  PomarCustomerPage *self = POMAR_CUSTOMER_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);

  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_CUSTOMER_PAGE);
  /* dispose_template () only unparents the children it has a name for. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pomar_customer_page_parent_class)->dispose (object);
}

static void
pomar_customer_page_finalize (GObject *object)
{
  PomarCustomerPage *self = POMAR_CUSTOMER_PAGE (object);

  for (guint i = 0; i < N_SECTIONS; i++)
    g_clear_pointer (&self->section_rows[i], g_ptr_array_unref);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->data, customer_data_free);

  G_OBJECT_CLASS (pomar_customer_page_parent_class)->finalize (object);
}

static void
pomar_customer_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PomarCustomerPage *self = POMAR_CUSTOMER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account_id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_customer_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PomarCustomerPage *self = POMAR_CUSTOMER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_set_object (&self->context, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* What needs the context: the health card, the playbooks one can start,
 * and the news of changes. */
static void
pomar_customer_page_constructed (GObject *object)
{
  PomarCustomerPage *self = POMAR_CUSTOMER_PAGE (object);

  G_OBJECT_CLASS (pomar_customer_page_parent_class)->constructed (object);

  if (self->context != NULL)
    {
      self->health_card = pomar_health_card_new (self->context);
      gtk_box_append (self->health_box, self->health_card);
      g_signal_connect_object (self->context, "account-changed", G_CALLBACK (on_account_changed), self, 0);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->health_box), self->health_card != NULL);
  build_playbook_menu (self);
}

static void
pomar_customer_page_class_init (PomarCustomerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pomar_customer_page_constructed;
  object_class->dispose = pomar_customer_page_dispose;
  object_class->finalize = pomar_customer_page_finalize;
  object_class->get_property = pomar_customer_page_get_property;
  object_class->set_property = pomar_customer_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         POMAR_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACCOUNT_ID] =
    g_param_spec_string ("account-id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pomar/Pomar/ui/pomar-customer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, conflict_banner);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, conflict_label);
  gtk_widget_class_bind_template_callback (widget_class, on_keep_mine);
  gtk_widget_class_bind_template_callback (widget_class, on_take_theirs);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, facts_box);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, contacts_group);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, tickets_group);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, responses_group);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, playbooks_group);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, usage_group);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, timeline_group);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, health_box);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, start_playbook_button);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, note_view);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, note_kind);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, note_error);

  gtk_widget_class_install_action (widget_class, "customer.set-task", "(ssss)", set_task_action);
  gtk_widget_class_install_action (widget_class, "customer.start-playbook", "s", start_playbook_action);
  gtk_widget_class_install_action (widget_class, "customer.add-note", NULL, add_note_action);
  gtk_widget_class_install_action (widget_class, "customer.print-brief", NULL, print_brief_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "customer.print-brief", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pomarcustomerpage");
}

static void
pomar_customer_page_init (PomarCustomerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->sections[SECTION_CONTACTS] = self->contacts_group;
  self->sections[SECTION_TICKETS] = self->tickets_group;
  self->sections[SECTION_RESPONSES] = self->responses_group;
  self->sections[SECTION_PLAYBOOKS] = self->playbooks_group;
  self->sections[SECTION_USAGE] = self->usage_group;
  self->sections[SECTION_TIMELINE] = self->timeline_group;
  for (guint i = 0; i < N_SECTIONS; i++)
    self->section_rows[i] = g_ptr_array_new ();

  /* The charts are the first rows of their sections; the rows made from
   * the records come after them. */
  adw_preferences_group_add (self->usage_group, chart_row_new (&self->usage_chart, _("Active users and seats"),
                                                               _("No usage in the last 90 days")));
  adw_preferences_group_add (self->usage_group, chart_row_new (&self->events_chart, _("Events per day"),
                                                               _("No usage in the last 90 days")));
  adw_preferences_group_add (self->responses_group, chart_row_new (&self->nps_chart, _("NPS by month"),
                                                                   _("No NPS answers in the last 12 months")));
  adw_preferences_group_add (self->responses_group, chart_row_new (&self->csat_chart, _("CSAT by month"),
                                                                   _("No CSAT answers in the last 12 months")));
  pomar_chart_set_value_format (POMAR_CHART (self->csat_chart), POMAR_CHART_FORMAT_PERCENT, NULL);

  pomar_name_drop_down (self->note_kind, _("Kind of entry"));

  /* Ctrl+Enter adds the note, as in a chat. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                            gtk_named_action_new ("customer.add-note")));
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK),
                                                            gtk_named_action_new ("customer.add-note")));
    gtk_widget_add_controller (GTK_WIDGET (self->note_view), shortcuts);
  }
  g_signal_connect (gtk_text_view_get_buffer (self->note_view), "changed", G_CALLBACK (on_note_changed), self);
  update_note_button (self);
}
