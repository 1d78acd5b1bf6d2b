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
#include "core/pomar-stage.h"
#include "pomar-account-object.h"
#include "pomar-customer-page.h"

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
  GtkFlowBox          *facts_box;
  AdwPreferencesGroup *contacts_group;
  AdwPreferencesGroup *tickets_group;
  AdwPreferencesGroup *responses_group;
  AdwPreferencesGroup *playbooks_group;
  AdwPreferencesGroup *usage_group;
  AdwPreferencesGroup *timeline_group;
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
  g_autoptr (GDateTime) parsed = NULL;
  g_autoptr (GDateTime) local = NULL;

  if (value == NULL || *value == '\0')
    return FALSE;

  if (strlen (value) == 10)
    {
      g_autofree char *midnight = g_strconcat (value, "T00:00:00Z", NULL);

      parsed = g_date_time_new_from_iso8601 (midnight, NULL);
      if (parsed == NULL)
        return FALSE;
      g_date_clear (out, 1);
      g_date_set_dmy (out,
                      g_date_time_get_day_of_month (parsed),
                      g_date_time_get_month (parsed),
                      g_date_time_get_year (parsed));
      return TRUE;
    }

  parsed = g_date_time_new_from_iso8601 (value, NULL);
  if (parsed == NULL)
    return FALSE;
  local = g_date_time_to_local (parsed);
  g_date_clear (out, 1);
  g_date_set_dmy (out,
                  g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local),
                  g_date_time_get_year (local));
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

  /* A timestamp a little in the future is a skewed clock, not news. */
  days = -days;
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
  { "task_done", "object-select-symbolic", N_("Task done") },
  { "task_reopened", "edit-undo-symbolic", N_("Task reopened") },
  { "stage_change", "go-next-symbolic", N_("Stage change") },
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

typedef struct
{
  PomarAccountSummary *summary;
  GPtrArray           *contacts;
  GPtrArray           *tickets;
  GPtrArray           *responses;
  GPtrArray           *activities;
  GPtrArray           *usage;
  GPtrArray           *instances;
  GPtrArray           *instance_tasks; /* of GPtrArray, one per instance */
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

static void
show_responses (PomarCustomerPage *self,
                GPtrArray         *responses,
                GPtrArray         *contacts)
{
  guint shown = MIN (responses->len, MAX_ROWS);

  for (guint i = 0; i < shown; i++)
    {
      const PomarResponse *response = g_ptr_array_index (responses, i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *date = pomar_format_day (response->responded_at);
      GtkWidget *row;

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
          title = g_strdup_printf (_("NPS %d · %s"), (int) response->score, group);
        }
      else if (g_strcmp0 (response->kind, "csat") == 0)
        title = g_strdup_printf (_("CSAT %d of 5"), (int) response->score);
      else
        title = g_strdup_printf ("%s %d", response->kind != NULL ? response->kind : "?",
                                 (int) response->score);

      subtitle = join_parts ((const char *[]) {
                               response->comment,
                               contact_name (contacts, response->contact_id),
                             }, 2);
      row = section_add_row (self, SECTION_RESPONSES, title, subtitle);
      row_add_suffix_text (row, date);
    }

  if (responses->len == 0)
    section_add_placeholder (self, SECTION_RESPONSES, _("No survey answers"));
  section_add_more (self, SECTION_RESPONSES, shown, responses->len);
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

static GtkWidget *
task_row_new (const PomarPlaybookInstance *instance,
              const PomarPlaybookTask     *task,
              const GDate                 *today)
{
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (g_strcmp0 (task->state, "done") == 0)
    {
      g_autofree char *when = pomar_format_day (task->done_at);

      subtitle = task->done_by != NULL
        ? g_strdup_printf (_("Done by %s on %s"), task->done_by, when)
        : g_strdup_printf (_("Done on %s"), when);
      row = text_row_new (task->title, subtitle);
      row_add_prefix_icon (row, "object-select-symbolic", _("Done"), "success");
    }
  else if (g_strcmp0 (task->state, "skipped") == 0)
    {
      subtitle = task->skip_reason != NULL
        ? g_strdup_printf (_("Skipped: %s"), task->skip_reason)
        : g_strdup (_("Skipped"));
      row = text_row_new (task->title, subtitle);
      row_add_prefix_icon (row, "media-skip-forward-symbolic", _("Skipped"), "dim-label");
    }
  else
    {
      GDate due;
      gboolean has_due = task_due_day (instance, task, &due);
      gboolean overdue = has_due && g_date_compare (&due, today) < 0;
      g_autofree char *when = has_due ? format_gdate (&due) : NULL;

      if (overdue)
        subtitle = g_strdup_printf (_("Overdue since %s"), when);
      else if (has_due)
        subtitle = g_strdup_printf (_("Due %s"), when);
      row = text_row_new (task->title, subtitle);
      if (overdue)
        row_add_prefix_icon (row, "dialog-warning-symbolic", _("Overdue"), "warning");
      else
        row_add_prefix_icon (row, "radio-symbolic", _("To do"), "dim-label");
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

static void
show_customer (PomarCustomerPage *self,
               CustomerData      *data)
{
  const PomarAccount *account = &data->summary->account;

  for (guint i = 0; i < N_SECTIONS; i++)
    section_clear (self, i);

  show_header (self, data->summary);
  show_contacts (self, data->contacts);
  show_tickets (self, data->tickets);
  show_responses (self, data->responses, data->contacts);
  show_playbooks (self, data);
  show_usage (self, account, data->usage);
  show_timeline (self, data);

  set_title (self, account->name != NULL ? account->name : account->id);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
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

      show_customer (self, data);
      g_debug ("Customer %s: read in %.1f ms, shown %.1f ms later",
               request->account_id,
               (request->loaded - request->started) / 1000.0,
               (g_get_monotonic_time () - request->loaded) / 1000.0);
    }
}

/* Public API --------------------------------------------------------------- */

void
pomar_customer_page_show_account (PomarCustomerPage *self,
                                  const char        *account_id)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDateTime) since = NULL;
  LoadRequest *request;

  g_return_if_fail (POMAR_IS_CUSTOMER_PAGE (self));
  g_return_if_fail (account_id != NULL);

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

  /* "The last 90 days" ends today, in local time. */
  now = g_date_time_new_now_local ();
  since = g_date_time_add_days (now, -(USAGE_DAYS - 1));

  request = g_new0 (LoadRequest, 1);
  request->store = g_object_ref (pomar_context_get_store (self->context));
  request->account_id = g_strdup (account_id);
  request->since_day = g_date_time_format (since, "%Y-%m-%d");
  request->started = g_get_monotonic_time ();

  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  task = g_task_new (self, self->cancellable, load_done, NULL);
  g_task_set_source_tag (task, pomar_customer_page_show_account);
  g_task_set_task_data (task, request, (GDestroyNotify) load_request_free);
  g_task_run_in_thread (task, load_thread);
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

static void
pomar_customer_page_class_init (PomarCustomerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

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
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, facts_box);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, contacts_group);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, tickets_group);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, responses_group);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, playbooks_group);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, usage_group);
  gtk_widget_class_bind_template_child (widget_class, PomarCustomerPage, timeline_group);

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
}
