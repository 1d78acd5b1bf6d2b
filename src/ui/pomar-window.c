/* pomar-window.c: a window onto one cache (one PomarContext).
 *
 * The window reads every account summary once, on a worker thread with a
 * store reader of its own, and splices them into one GListStore that the
 * board, the accounts table and the portfolio all show: the main loop never
 * runs a query. What the cache holds decides the page: accounts give the
 * views; an empty cache gives the welcome page, or the demo book being
 * prepared when this is the demo window; connections that have not synced
 * yet give a page that says so.
 *
 * Syncs belong to the window's PomarSyncController: it starts once the
 * first load has put the cached data on screen (so nothing waits for the
 * network), and the window reads the cache again when a sync stored
 * something: once a connection's accounts are in, and at the end.
 */
#include "config.h"

#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include <glib/gi18n-lib.h>

#include "core/pomar-error.h"
#include "core/pomar-stage.h"
#include "pomar-account-object.h"
#include "pomar-accounts-view-private.h"
#include "pomar-accounts-view.h"
#include "pomar-board.h"
#include "pomar-customer-page.h"
#include "pomar-frame-report.h"
#include "pomar-portfolio-view.h"
#include "pomar-quick-jump.h"
#include "pomar-sync-banner.h"
#include "pomar-sync-button.h"
#include "pomar-sync-controller.h"
#include "pomar-token-dialog.h"
#include "pomar-welcome-page.h"
#include "pomar-window.h"

struct _PomarWindow
{
  AdwApplicationWindow  parent_instance;

  PomarContext         *context;
  gboolean              prepare_demo;
  gboolean              demo_prepared;
  gboolean              is_demo;
  GListStore           *accounts;
  GCancellable         *cancellable;
  guint                 load_serial;
  gint64                load_started;

  /* The page to return to from the customer page, and who had the focus
   * there, so that Back puts a keyboard user where they were. */
  char                 *back_page;
  GtkWidget            *back_focus;

  /* A connection added in this session, named on the "not synced" page. */
  char                 *added_connection;

  PomarSyncController  *sync_controller;
  gboolean              sync_started;

  GtkWidget            *accounts_view;
  GtkWidget            *portfolio_view;
  GtkWidget            *customer_page;

  /* Template widgets */
  AdwToast             *move_toast;  /* weak: the toast of the last stage move */

  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkWidget            *back_button;
  GtkWidget            *step_buttons;
  GtkWidget            *demo_label;
  GtkWidget            *menu_button;
  GtkWidget            *quit_button;
  GtkWidget            *demo_button;
  GtkStack             *main_stack;
  AdwStatusPage        *loading_page;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  AdwStatusPage        *not_synced_page;
  AdwViewStack         *view_stack;
  PomarBoard           *board;
  PomarSyncButton      *sync_button;
  PomarSyncBanner      *sync_banner;
  GtkProgressBar       *sync_progress;
};

G_DEFINE_FINAL_TYPE (PomarWindow, pomar_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_PREPARE_DEMO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load (PomarWindow *self);

/* Chrome --------------------------------------------------------------- */

static gboolean
showing (PomarWindow *self,
         const char  *page)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), page) == 0;
}

/* The header follows the page: the view switcher only over the views, a
 * back button and the customer's name over the customer page, and the
 * switcher bar only when the views are shown and the header is too narrow
 * for the switcher. */
static void
update_chrome (PomarWindow *self)
{
  gboolean views = showing (self, "views");
  gboolean customer = showing (self, "customer");
  gboolean has_accounts = g_list_model_get_n_items (G_LIST_MODEL (self->accounts)) > 0;
  const char *title = _("Pomar");

  if (customer && self->customer_page != NULL
      && pomar_customer_page_get_title (POMAR_CUSTOMER_PAGE (self->customer_page)) != NULL)
    title = pomar_customer_page_get_title (POMAR_CUSTOMER_PAGE (self->customer_page));

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, views);
  adw_view_switcher_title_set_title (self->switcher_title, title);
  adw_view_switcher_title_set_subtitle (self->switcher_title,
                                        self->is_demo ? _("Demo Book") : NULL);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    views && adw_view_switcher_title_get_title_visible (self->switcher_title));
  gtk_widget_set_visible (self->back_button, customer);
  /* The switcher hides the subtitle when the window is wide: the badge says
   * "demo" then. A narrow window shows the title and its subtitle, which
   * says it: the badge would only squeeze the title. */
  gtk_widget_set_visible (self->demo_label,
                          self->is_demo && !customer
                          && !adw_view_switcher_title_get_title_visible (self->switcher_title));

  gtk_window_set_title (GTK_WINDOW (self),
                        self->is_demo ? _("Pomar — Demo Book") : _("Pomar"));

  gtk_spinner_set_spinning (self->spinner, showing (self, "loading"));

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "go-back")),
                               customer);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "step-customer")),
                               customer);
  gtk_widget_set_visible (self->step_buttons, customer);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "show-view")),
                               has_accounts && (views || customer));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "show-account")),
                               has_accounts && self->customer_page != NULL);
}

/* Syncing -------------------------------------------------------------- */

static void
update_sync (PomarWindow *self)
{
  gboolean has_connections = FALSE;
  gboolean syncing = FALSE;

  if (self->sync_controller != NULL)
    {
      has_connections = pomar_sync_controller_get_has_connections (self->sync_controller);
      syncing = pomar_sync_controller_get_syncing (self->sync_controller);
      gtk_progress_bar_set_fraction (self->sync_progress,
                                     pomar_sync_controller_get_fraction (self->sync_controller));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->sync_progress), syncing);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "sync")),
                               has_connections && !syncing);
}

/* The board shows synced accounts as soon as they are stored. */
static void
on_sync_stored (PomarWindow *self)
{
  load (self);
}

static void
show_page (PomarWindow *self,
           const char  *page)
{
  gtk_stack_set_visible_child_name (self->main_stack, page);
  update_chrome (self);
}

static void
show_loading (PomarWindow *self,
              const char  *title,
              const char  *description)
{
  adw_status_page_set_title (self->loading_page, title);
  adw_status_page_set_description (self->loading_page, description);
  show_page (self, "loading");
}

/* "“Acme”, “Globex”", for the "not synced" page. */
static char *
quote_names (const char * const *names)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, _("“%s”"), names[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Nothing has synced yet, and Pomar says so. The header shows whether a
 * sync is running (and the banner why one failed), so the page promises
 * nothing more than that the data will appear once a sync has stored it. */
static void
show_not_synced (PomarWindow        *self,
                 const char * const *connections)
{
  g_autofree char *title = NULL;
  g_autofree char *names = NULL;
  g_autofree char *description = NULL;
  g_autofree char *markup = NULL;
  guint n_connections = g_strv_length ((char **) connections);

  if (self->added_connection != NULL)
    {
      title = g_strdup_printf (_("Connection “%s” Added"), self->added_connection);
      description = g_strdup_printf (_("Pomar has not synced “%s” yet. Its customers, "
                                       "tickets, usage and survey answers will appear "
                                       "here after it syncs."),
                                     self->added_connection);
    }
  else
    {
      title = g_strdup (_("No Customers Yet"));
      names = quote_names (connections);
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Pomar has not synced %s yet. Its customers "
                                                  "will appear here after it syncs.",
                                                  "Pomar has not synced %s yet. Their customers "
                                                  "will appear here after they sync.",
                                                  n_connections),
                                     names);
    }

  /* Status page descriptions are markup; connection names are not. */
  markup = g_markup_escape_text (description, -1);
  adw_status_page_set_title (self->not_synced_page, title);
  adw_status_page_set_description (self->not_synced_page, markup);
  show_page (self, "not-synced");
}

void
pomar_window_show_error (PomarWindow  *self,
                         const char   *title,
                         const GError *error)
{
  g_autofree char *markup = NULL;

  g_return_if_fail (POMAR_IS_WINDOW (self));
  g_return_if_fail (title != NULL);
  g_return_if_fail (error != NULL);

  markup = g_markup_escape_text (error->message, -1);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, markup);
  show_page (self, "error");
}

/* Loading -------------------------------------------------------------- */

typedef struct
{
  GPtrArray *accounts;     /* of PomarAccountObject */
  GStrv      connections;  /* names */
  gboolean   is_demo;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->accounts, g_ptr_array_unref);
  g_clear_pointer (&result->connections, g_strfreev);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadResult, load_result_free)

static int
compare_account_objects (gconstpointer a,
                         gconstpointer b)
{
  return pomar_account_object_compare (*(PomarAccountObject * const *) a,
                                       *(PomarAccountObject * const *) b);
}

/* On a worker thread: everything the window needs, read through a store
 * reader of its own. The account objects are made here too, so that the
 * main loop only splices them in. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PomarContext *context = task_data;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) summaries = NULL;
  g_autoptr (GPtrArray) connections = NULL;
  g_autoptr (GStrvBuilder) names = NULL;
  g_autoptr (LoadResult) result = g_new0 (LoadResult, 1);
  GError *error = NULL;

  /* Figures of another day (or other weights) are brought up to date
   * first; a cache that cannot be written still shows what it holds. */
  if (!pomar_context_refresh (context, cancellable, &error))
    {
      g_debug ("Could not bring the figures up to date: %s", error->message);
      g_clear_error (&error);
    }

  reader = pomar_store_reader_new (pomar_context_get_store (context), &error);
  if (reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  summaries = pomar_store_reader_list_account_summaries (reader, &error);
  if (summaries == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  result->accounts = g_ptr_array_new_full (summaries->len, g_object_unref);
  for (guint i = 0; i < summaries->len; i++)
    g_ptr_array_add (result->accounts, pomar_account_object_new (g_ptr_array_index (summaries, i)));
  /* In the board's order (names as the locale sorts them), so that the
   * board splits the book into its columns without sorting on the main
   * loop. */
  g_ptr_array_sort (result->accounts, compare_account_objects);

  connections = pomar_store_reader_list_connections (reader, &error);
  if (connections == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  names = g_strv_builder_new ();
  for (guint i = 0; i < connections->len; i++)
    {
      const PomarConnectionInfo *info = g_ptr_array_index (connections, i);

      g_strv_builder_add (names, info->name);
    }
  result->connections = g_strv_builder_end (names);

  result->is_demo = pomar_context_is_demo (context, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) load_result_free);
}

static void
prepare_demo_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (PomarWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!pomar_context_generate_demo_finish (POMAR_CONTEXT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pomar_window_show_error (self, _("Pomar Could Not Prepare the Demo Book"), error);
      return;
    }

  load (self);
}

/* Loading reads every account on a worker thread, and what it freed stays
 * in that thread's malloc arena: some 17 MB of a 10,000-account book's
 * resident memory (bench-ui). Once the data is on screen, a worker hands
 * it back to the system (malloc_trim () trims every arena). */
#ifdef HAVE_MALLOC_TRIM
static void
trim_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  malloc_trim (0);
  g_task_return_boolean (task, TRUE);
}

static gboolean
trim_later (gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_run_in_thread (task, trim_thread);
  return G_SOURCE_REMOVE;
}
#endif

static void
give_back_memory (void)
{
#ifdef HAVE_MALLOC_TRIM
  /* After the frames that show the data. */
  g_timeout_add_seconds (1, trim_later, NULL);
#endif
}

static void
load_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  PomarWindow *self = POMAR_WINDOW (source);
  g_autoptr (LoadResult) result = NULL;
  g_autoptr (GError) error = NULL;
  guint n_old;
  gint64 splice_started;

  result = g_task_propagate_pointer (G_TASK (res), &error);

  /* A newer load is on its way: it alone decides what to show. */
  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (res), "pomar-load-serial")) != self->load_serial)
    return;

  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pomar_window_show_error (self, _("Pomar Cannot Read This Cache"), error);
      return;
    }

  if (result->accounts->len == 0 && self->prepare_demo && !self->demo_prepared)
    {
      /* Once only: should the book come out empty, the welcome page shows
       * rather than a loop. */
      self->demo_prepared = TRUE;
      show_loading (self,
                    _("Preparing the Demo Book…"),
                    _("Pomar is making up a book of customers to explore. "
                      "It is kept apart from your own customers."));
      pomar_context_generate_demo_async (self->context, NULL, FALSE, self->cancellable,
                                         prepare_demo_done, g_object_ref (self));
      return;
    }

  self->is_demo = result->is_demo;

  /* All at once: one items-changed for the board, table and portfolio. */
  splice_started = g_get_monotonic_time ();
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  g_list_store_splice (self->accounts, 0, n_old,
                       result->accounts->pdata, result->accounts->len);
  g_debug ("Loaded %u accounts from %s: %.1f ms on the worker, %.1f ms to splice",
           result->accounts->len, pomar_context_get_data_dir (self->context),
           (splice_started - self->load_started) / 1000.0,
           (g_get_monotonic_time () - splice_started) / 1000.0);
  if (pomar_frame_report_enabled ())
    {
      g_autofree char *detail = g_strdup_printf ("%u accounts, %.1f ms on the worker, %.1f ms to splice",
                                                 result->accounts->len,
                                                 (splice_started - self->load_started) / 1000.0,
                                                 (g_get_monotonic_time () - splice_started) / 1000.0);

      pomar_frame_report_mark (GTK_WIDGET (self), detail);
    }

  if (result->accounts->len == 0)
    {
      if (result->connections[0] != NULL)
        show_not_synced (self, (const char * const *) result->connections);
      else
        show_page (self, "welcome");
    }
  else if (!showing (self, "customer"))
    show_page (self, "views");
  else
    update_chrome (self);

  give_back_memory ();

  /* The cached data is on screen: now the network may be asked. */
  if (!self->sync_started && self->sync_controller != NULL)
    {
      self->sync_started = TRUE;
      pomar_sync_controller_start (self->sync_controller);
    }
}

static void
load (PomarWindow *self)
{
  g_autoptr (GTask) task = NULL;

  if (self->context == NULL)
    return;

  self->load_started = g_get_monotonic_time ();
  task = g_task_new (self, self->cancellable, load_done, NULL);
  g_task_set_source_tag (task, load);
  g_object_set_data (G_OBJECT (task), "pomar-load-serial", GUINT_TO_POINTER (++self->load_serial));
  g_task_set_task_data (task, g_object_ref (self->context), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

void
pomar_window_reload (PomarWindow *self)
{
  g_return_if_fail (POMAR_IS_WINDOW (self));

  load (self);
}

void
pomar_window_connection_added (PomarWindow *self,
                               const char  *name)
{
  g_return_if_fail (POMAR_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  g_free (self->added_connection);
  self->added_connection = g_strdup (name);

  /* With accounts on screen the views stay; a toast tells the news. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->accounts)) > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Connection “%s” added. Pomar has not synced it yet."),
                                               name);
      g_autofree char *markup = g_markup_escape_text (text, -1);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
    }

  load (self);
  if (self->sync_controller != NULL)
    pomar_sync_controller_sync (self->sync_controller);
}

/* Actions -------------------------------------------------------------- */

static void
show_account_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  PomarWindow *self = user_data;
  const char *account_id = g_variant_get_string (parameter, NULL);

  if (self->customer_page == NULL)
    return;

  if (!showing (self, "customer"))
    {
      g_free (self->back_page);
      self->back_page = g_strdup (gtk_stack_get_visible_child_name (self->main_stack));
      g_set_weak_pointer (&self->back_focus, gtk_root_get_focus (GTK_ROOT (self)));
    }

  pomar_customer_page_show_account (POMAR_CUSTOMER_PAGE (self->customer_page), account_id);
  show_page (self, "customer");
}

/* Next and previous customer (Alt+Down, Alt+Up): in the order of the
 * accounts table when the customer was opened from it, else in the
 * window's own order, which is by name (the loader sorts the book). */
static GListModel *
navigation_order (PomarWindow *self)
{
  if (g_strcmp0 (self->back_page, "views") == 0 && self->accounts_view != NULL
      && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "accounts") == 0)
    return pomar_accounts_view_get_shown (POMAR_ACCOUNTS_VIEW (self->accounts_view));
  return G_LIST_MODEL (self->accounts);
}

static void
step_customer_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  PomarWindow *self = user_data;
  g_autoptr (PomarAccountObject) next_account = NULL;
  GListModel *order;
  const char *current;
  int step = g_variant_get_int32 (parameter);
  guint n_items;
  int position = -1;
  int next;

  if (!showing (self, "customer") || self->customer_page == NULL)
    return;
  current = pomar_customer_page_get_account_id (POMAR_CUSTOMER_PAGE (self->customer_page));
  order = navigation_order (self);
  n_items = g_list_model_get_n_items (order);
  for (guint i = 0; i < n_items && position < 0; i++)
    {
      g_autoptr (PomarAccountObject) account = g_list_model_get_item (order, i);

      if (g_strcmp0 (pomar_account_object_get_id (account), current) == 0)
        position = (int) i;
    }

  /* A customer the list no longer shows: start from its top. */
  next = position < 0 ? 0 : position + step;
  if (next < 0 || next >= (int) n_items)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  next_account = g_list_model_get_item (order, (guint) next);
  pomar_customer_page_show_account (POMAR_CUSTOMER_PAGE (self->customer_page),
                                    pomar_account_object_get_id (next_account));
}

static void
go_back_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  PomarWindow *self = user_data;

  if (!showing (self, "customer"))
    return;

  show_page (self, self->back_page != NULL ? self->back_page : "views");
  if (self->back_focus != NULL && gtk_widget_get_mapped (self->back_focus))
    gtk_widget_grab_focus (self->back_focus);
  g_clear_weak_pointer (&self->back_focus);
}

static void
show_view_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  PomarWindow *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) == NULL)
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, name);
  if (!showing (self, "views"))
    {
      g_clear_weak_pointer (&self->back_focus);
      show_page (self, "views");
    }
}

static void
sync_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PomarWindow *self = user_data;

  if (self->sync_controller != NULL)
    pomar_sync_controller_sync (self->sync_controller);
}

static void
on_token_replaced (PomarWindow *self,
                   const char  *name)
{
  g_autofree char *text = g_strdup_printf (_("The new token of “%s” is saved. Pomar is syncing it."),
                                           name);
  g_autofree char *markup = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
  pomar_sync_controller_sync (self->sync_controller);
}

static void
enter_token_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PomarWindow *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);
  GtkWidget *dialog;

  if (self->context == NULL || self->sync_controller == NULL)
    return;

  dialog = pomar_token_dialog_new (pomar_context_get_store (self->context), name);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "token-replaced", G_CALLBACK (on_token_replaced), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
quick_jump_chosen_cb (PomarWindow *self,
                      const char  *account_id)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-account", "s", account_id);
}

/* Ctrl+K: any customer by a few letters of its name or domain. */
static void
quick_jump_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  PomarWindow *self = user_data;
  PomarQuickJump *jump;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->accounts)) == 0)
    return;
  jump = pomar_quick_jump_new (GTK_WINDOW (self), G_LIST_MODEL (self->accounts));
  g_signal_connect_object (jump, "account-chosen", G_CALLBACK (quick_jump_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (jump));
}

/* Stage moves ------------------------------------------------------------ *
 *
 * A move shows at once: the account object takes its new stage and the
 * shared model says that one item changed (the board moves its card, the
 * table re-sorts one row). The local change is written on the store's
 * writer; once it is, the account is read again (its figures changed, a
 * playbook may have started). A move that could not be written is undone
 * on screen and said in a toast. Undo is a second move, back. */

#define PENDING_MOVES_KEY "pomar-pending-moves"

static guint
pending_moves (PomarAccountObject *account)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (account), PENDING_MOVES_KEY));
}

static void
set_pending_moves (PomarAccountObject *account,
                   guint               n)
{
  g_object_set_data (G_OBJECT (account), PENDING_MOVES_KEY, GUINT_TO_POINTER (n));
}

/* One item of the shared model changed: its views look at it again. */
static void
account_changed (PomarWindow        *self,
                 PomarAccountObject *account)
{
  guint position;

  if (g_list_store_find (self->accounts, account, &position))
    g_list_store_splice (self->accounts, position, 1, (gpointer *) &account, 1);
}

static PomarAccountObject *
find_account (PomarWindow *self,
              const char  *account_id)
{
  GListModel *model = G_LIST_MODEL (self->accounts);
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (PomarAccountObject) account = g_list_model_get_item (model, i);

      if (g_strcmp0 (pomar_account_object_get_id (account), account_id) == 0)
        return account;
    }
  return NULL;
}

typedef struct
{
  PomarWindow        *self;
  PomarAccountObject *account;
  char               *from;
  char               *to;
} MoveData;

static void
move_data_free (MoveData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->account);
  g_free (data->from);
  g_free (data->to);
  g_free (data);
}

static void
reread_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PomarContext *context = task_data;
  const char *account_id = g_object_get_data (G_OBJECT (task), "account-id");
  g_autoptr (PomarStoreReader) reader = NULL;
  PomarAccountSummary *summary;
  GError *error = NULL;

  reader = pomar_store_reader_new (pomar_context_get_store (context), &error);
  if (reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  summary = pomar_store_reader_get_account_summary (reader, account_id, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) pomar_account_summary_free);
}

static void
reread_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  PomarWindow *self = POMAR_WINDOW (source);
  g_autoptr (PomarAccountObject) account = user_data;
  g_autoptr (PomarAccountSummary) summary = NULL;
  g_autoptr (GError) error = NULL;
  guint position;

  summary = g_task_propagate_pointer (G_TASK (result), &error);
  if (summary == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the account again: %s", error->message);
      return;
    }

  /* Another move under way will read it again; a reload replaced it. */
  if (pending_moves (account) > 0 || !g_list_store_find (self->accounts, account, &position))
    return;

  pomar_account_object_update (account, summary);
  account_changed (self, account);
}

/* The store's figures of @account, once its moves are written. */
static void
reread_account (PomarWindow        *self,
                PomarAccountObject *account)
{
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, reread_done, g_object_ref (account));

  g_task_set_source_tag (task, reread_account);
  g_object_set_data_full (G_OBJECT (task), "account-id",
                          g_strdup (pomar_account_object_get_id (account)), g_free);
  g_task_set_task_data (task, g_object_ref (self->context), g_object_unref);
  g_task_run_in_thread (task, reread_thread);
}

static void
move_written (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  MoveData *data = user_data;
  PomarWindow *self = data->self;
  g_autoptr (GError) error = NULL;

  set_pending_moves (data->account, pending_moves (data->account) - 1);

  if (!pomar_context_move_stage_finish (POMAR_CONTEXT (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = NULL;
          g_autofree char *markup = NULL;

          /* Shown as it is in the cache again. */
          if (g_strcmp0 (pomar_account_object_get_stage (data->account), data->to) == 0)
            {
              pomar_account_object_set_stage (data->account, data->from);
              account_changed (self, data->account);
            }
          text = g_strdup_printf (_("Could not move %s: %s"),
                                  pomar_account_object_get_name (data->account), error->message);
          markup = g_markup_escape_text (text, -1);
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
        }
      else
        {
          move_data_free (data);
          return;
        }
    }

  if (pending_moves (data->account) == 0)
    reread_account (self, data->account);
  move_data_free (data);
}

/* The keyboard focus goes with the card, unless it is typing elsewhere. */
static gboolean
card_should_take_focus (PomarWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (!showing (self, "views")
      || g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "board") != 0)
    return FALSE;
  return focus == NULL || !GTK_IS_EDITABLE (focus);
}

static void
move_stage (PomarWindow        *self,
            PomarAccountObject *account,
            const char         *to_stage,
            gboolean            undo)
{
  g_autofree char *from = g_strdup (pomar_account_object_get_stage (account));
  g_autofree char *text = NULL;
  g_autofree char *markup = NULL;
  const char *name = pomar_account_object_get_name (account);
  MoveData *data;
  AdwToast *toast;

  gint64 started = g_get_monotonic_time ();

  if (self->context == NULL || g_strcmp0 (from, to_stage) == 0)
    return;

  pomar_account_object_set_stage (account, to_stage);
  account_changed (self, account);
  if (card_should_take_focus (self))
    pomar_board_focus_account (self->board, account);
  g_debug ("Moved %s to %s: %.1f ms on the main loop", pomar_account_object_get_id (account), to_stage,
           (g_get_monotonic_time () - started) / 1000.0);

  data = g_new0 (MoveData, 1);
  data->self = g_object_ref (self);
  data->account = g_object_ref (account);
  data->from = g_strdup (from);
  data->to = g_strdup (to_stage);
  set_pending_moves (account, pending_moves (account) + 1);
  pomar_context_move_stage_async (self->context, pomar_account_object_get_id (account), to_stage,
                                  self->cancellable, move_written, data);

  /* The toast says what happened (a screen reader hears it), and offers
   * to take it back; a newer move's toast replaces it. */
  if (undo)
    text = g_strdup_printf (_("Moved %s back to %s"), name, pomar_stage_id_to_name (to_stage));
  else
    text = g_strdup_printf (_("Moved %s to %s"), name, pomar_stage_id_to_name (to_stage));
  markup = g_markup_escape_text (text, -1);
  toast = adw_toast_new (markup);
  if (!undo)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo-move-stage");
      adw_toast_set_action_target_value (toast, g_variant_new ("(ss)", pomar_account_object_get_id (account),
                                                               from != NULL ? from : ""));
    }
  if (self->move_toast != NULL)
    adw_toast_dismiss (self->move_toast);
  g_set_weak_pointer (&self->move_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
move_stage_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  PomarWindow *self = user_data;
  const char *account_id;
  const char *to_stage;
  PomarAccountObject *account;

  g_variant_get (parameter, "(&s&s)", &account_id, &to_stage);
  if (pomar_stage_from_id (to_stage) == POMAR_STAGE_UNKNOWN
      || (account = find_account (self, account_id)) == NULL)
    return;

  move_stage (self, account, to_stage, g_str_equal (g_action_get_name (G_ACTION (action)),
                                                    "undo-move-stage"));
}

/* Bulk actions ------------------------------------------------------------ *
 *
 * The accounts table acts on its selection through these. A bulk stage
 * move works as a single one does, for many accounts at once: the objects
 * take their new stage and the views hear of it, one write moves them all
 * (a failure moves none, and puts them back on screen), one toast says so
 * and offers Undo, which moves each back to its own stage. Starting a
 * playbook for several customers writes first, then reads them again.
 * Both keep to the pending-moves count, so that reading an account again
 * never undoes a move still being written. */

typedef void (*AccountChangeFunc) (PomarAccountObject *account,
                                   gpointer            change);

/* Applies @changes[i] to each account of @accounts that the shared model
 * holds, with @func, and tells the views: one splice per run of adjacent
 * positions, each run's accounts changed just before its splice (a sorted
 * view compares live values, so an account changed before the view heard
 * of it would be out of place when the view places another), or, when
 * they are scattered, all at once and one splice over their whole span (a
 * splice per account would re-sort and re-filter once per account). */
#define MAX_SPLICED_RUNS 16

static void
splice_unchanged (PomarWindow *self,
                  guint        position,
                  guint        n_items)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_full (n_items, g_object_unref);

  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (self->accounts), position + i));
  g_list_store_splice (self->accounts, position, n_items, items->pdata, n_items);
}

static void
change_accounts (PomarWindow       *self,
                 GPtrArray         *accounts,
                 gpointer          *changes,
                 AccountChangeFunc  func)
{
  GListModel *model = G_LIST_MODEL (self->accounts);
  guint n_items = g_list_model_get_n_items (model);
  g_autoptr (GHashTable) wanted = g_hash_table_new (NULL, NULL);
  g_autoptr (GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_runs = 0;
  guint start;

  for (guint i = 0; i < accounts->len; i++)
    g_hash_table_insert (wanted, g_ptr_array_index (accounts, i), GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < n_items && indices->len < accounts->len; i++)
    {
      g_autoptr (PomarAccountObject) item = g_list_model_get_item (model, i);
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (wanted, item));

      if (index == 0)
        continue;
      index--;
      if (positions->len == 0 || g_array_index (positions, guint, positions->len - 1) + 1 != i)
        n_runs++;
      g_array_append_val (positions, i);
      g_array_append_val (indices, index);
    }
  if (positions->len == 0)
    return;

  if (n_runs > MAX_SPLICED_RUNS)
    {
      guint first = g_array_index (positions, guint, 0);
      guint last = g_array_index (positions, guint, positions->len - 1);

      for (guint i = 0; i < indices->len; i++)
        {
          guint index = g_array_index (indices, guint, i);

          func (g_ptr_array_index (accounts, index), changes[index]);
        }
      splice_unchanged (self, first, last - first + 1);
      return;
    }

  start = 0;
  for (guint i = 0; i < positions->len; i++)
    {
      guint index = g_array_index (indices, guint, i);

      func (g_ptr_array_index (accounts, index), changes[index]);
      if (i + 1 == positions->len
          || g_array_index (positions, guint, i + 1) != g_array_index (positions, guint, i) + 1)
        {
          splice_unchanged (self, g_array_index (positions, guint, start), i - start + 1);
          start = i + 1;
        }
    }
}

static void
set_stage_change (PomarAccountObject *account,
                  gpointer            stage)
{
  pomar_account_object_set_stage (account, stage);
}

static void
update_change (PomarAccountObject *account,
               gpointer            summary)
{
  pomar_account_object_update (account, summary);
}

/* The accounts of @ids that the shared model holds, by id (one pass, not
 * one per id). */
static GHashTable *
find_accounts (PomarWindow        *self,
               const char * const *ids)
{
  GListModel *model = G_LIST_MODEL (self->accounts);
  guint n_items = g_list_model_get_n_items (model);
  g_autoptr (GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *found = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  for (guint i = 0; ids[i] != NULL; i++)
    g_hash_table_add (wanted, (gpointer) ids[i]);
  for (guint i = 0; i < n_items && g_hash_table_size (found) < g_hash_table_size (wanted); i++)
    {
      PomarAccountObject *account = g_list_model_get_item (model, i);
      const char *id = pomar_account_object_get_id (account);

      if (id != NULL && g_hash_table_contains (wanted, id))
        g_hash_table_replace (found, (gpointer) id, account);
      else
        g_object_unref (account);
    }
  return found;
}

/* Reading several accounts again, in one go ------------------------------- */

static void
reread_many_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  PomarContext *context = task_data;
  const char * const *ids = g_object_get_data (G_OBJECT (task), "account-ids");
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) summaries = NULL;
  GError *error = NULL;

  reader = pomar_store_reader_new (pomar_context_get_store (context), &error);
  if (reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_account_summary_free);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PomarAccountSummary *summary = pomar_store_reader_get_account_summary (reader, ids[i], &error);

      /* Gone from the cache (a sync deleted it): the next load says so. */
      if (summary == NULL && g_error_matches (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND))
        g_clear_error (&error);
      else if (summary == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (summaries, summary);
    }

  g_task_return_pointer (task, g_steal_pointer (&summaries), (GDestroyNotify) g_ptr_array_unref);
}

static void
reread_many_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PomarWindow *self = POMAR_WINDOW (source);
  g_autoptr (GPtrArray) accounts = user_data;
  g_autoptr (GPtrArray) summaries = NULL;
  g_autoptr (GPtrArray) settled = g_ptr_array_new ();
  g_autoptr (GPtrArray) settled_summaries = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;

  summaries = g_task_propagate_pointer (G_TASK (result), &error);
  if (summaries == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the accounts again: %s", error->message);
      return;
    }

  /* Another move under way will read it again. */
  for (guint i = 0; i < accounts->len; i++)
    if (g_ptr_array_index (summaries, i) != NULL && pending_moves (g_ptr_array_index (accounts, i)) == 0)
      {
        g_ptr_array_add (settled, g_ptr_array_index (accounts, i));
        g_ptr_array_add (settled_summaries, g_ptr_array_index (summaries, i));
      }
  change_accounts (self, settled, settled_summaries->pdata, update_change);
}

/* The store's figures of those of @accounts that have no move being
 * written (those are read again once it is). */
static void
reread_accounts (PomarWindow *self,
                 GPtrArray   *accounts)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GPtrArray) settled = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();

  for (guint i = 0; i < accounts->len; i++)
    {
      PomarAccountObject *account = g_ptr_array_index (accounts, i);

      if (pending_moves (account) > 0)
        continue;
      g_ptr_array_add (settled, g_object_ref (account));
      g_strv_builder_add (ids, pomar_account_object_get_id (account));
    }
  if (settled->len == 0 || self->context == NULL)
    return;

  task = g_task_new (self, self->cancellable, reread_many_done, g_steal_pointer (&settled));
  g_task_set_source_tag (task, reread_accounts);
  g_object_set_data_full (G_OBJECT (task), "account-ids", g_strv_builder_end (ids), (GDestroyNotify) g_strfreev);
  g_task_set_task_data (task, g_object_ref (self->context), g_object_unref);
  g_task_run_in_thread (task, reread_many_thread);
}

/* Bulk stage moves -------------------------------------------------------- */

typedef struct
{
  PomarWindow *self;
  GPtrArray   *accounts;  /* PomarAccountObject, those moved */
  GPtrArray   *from;      /* each one's stage before (NULL: none) */
  GPtrArray   *to;        /* and after */
} BulkMoveData;

static void
bulk_move_data_free (BulkMoveData *data)
{
  g_object_unref (data->self);
  g_ptr_array_unref (data->accounts);
  g_ptr_array_unref (data->from);
  g_ptr_array_unref (data->to);
  g_free (data);
}

static void
bulk_move_written (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  BulkMoveData *data = user_data;
  PomarWindow *self = data->self;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < data->accounts->len; i++)
    {
      PomarAccountObject *account = g_ptr_array_index (data->accounts, i);

      set_pending_moves (account, pending_moves (account) - 1);
    }

  if (!pomar_context_move_stages_finish (POMAR_CONTEXT (source), result, NULL, &error))
    {
      g_autoptr (GPtrArray) restored = g_ptr_array_new ();
      g_autoptr (GPtrArray) stages = g_ptr_array_new ();
      g_autofree char *text = NULL;
      g_autofree char *markup = NULL;
      guint n = data->accounts->len;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          bulk_move_data_free (data);
          return;
        }

      /* Shown as they are in the cache again: none moved. */
      for (guint i = 0; i < n; i++)
        if (g_strcmp0 (pomar_account_object_get_stage (g_ptr_array_index (data->accounts, i)),
                       g_ptr_array_index (data->to, i)) == 0)
          {
            g_ptr_array_add (restored, g_ptr_array_index (data->accounts, i));
            g_ptr_array_add (stages, g_ptr_array_index (data->from, i));
          }
      change_accounts (self, restored, stages->pdata, set_stage_change);

      if (n == 1)
        text = g_strdup_printf (_("Could not move %s: %s"),
                                pomar_account_object_get_name (g_ptr_array_index (data->accounts, 0)),
                                error->message);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Could not move %'u customer: %s",
                                             "Could not move %'u customers: %s", n),
                                n, error->message);
      markup = g_markup_escape_text (text, -1);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
    }

  reread_accounts (self, data->accounts);
  bulk_move_data_free (data);
}

/* The toast of a bulk move: what happened, and Undo unless it is one. */
static AdwToast *
bulk_move_toast (BulkMoveData *data,
                 gboolean      undo)
{
  guint n = data->accounts->len;
  const char *to = g_ptr_array_index (data->to, 0);
  gboolean same_target = TRUE;
  g_autoptr (GStrvBuilder) undo_ids = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) undo_stages = g_strv_builder_new ();
  g_auto (GStrv) ids = NULL;
  g_auto (GStrv) stages = NULL;
  g_autofree char *text = NULL;
  g_autofree char *markup = NULL;
  AdwToast *toast;

  for (guint i = 1; i < n; i++)
    same_target &= g_strcmp0 (g_ptr_array_index (data->to, i), to) == 0;

  if (n == 1)
    text = g_strdup_printf (undo ? _("Moved %s back to %s") : _("Moved %s to %s"),
                            pomar_account_object_get_name (g_ptr_array_index (data->accounts, 0)),
                            pomar_stage_id_to_name (to));
  else if (!undo)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Moved %'u customer to %s", "Moved %'u customers to %s", n),
                            n, pomar_stage_id_to_name (to));
  else if (same_target)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Moved %'u customer back to %s",
                                         "Moved %'u customers back to %s", n),
                            n, pomar_stage_id_to_name (to));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Moved %'u customer back", "Moved %'u customers back", n),
                            n);
  markup = g_markup_escape_text (text, -1);
  toast = adw_toast_new (markup);
  if (undo)
    return toast;

  /* Back to where each was; an account that had no stage (or one Pomar
   * does not know) cannot be moved back to it, and stays. */
  for (guint i = 0; i < n; i++)
    {
      const char *from = g_ptr_array_index (data->from, i);

      if (pomar_stage_from_id (from) == POMAR_STAGE_UNKNOWN)
        continue;
      g_strv_builder_add (undo_ids, pomar_account_object_get_id (g_ptr_array_index (data->accounts, i)));
      g_strv_builder_add (undo_stages, from);
    }
  ids = g_strv_builder_end (undo_ids);
  stages = g_strv_builder_end (undo_stages);
  if (ids[0] != NULL)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo-move-stages");
      adw_toast_set_action_target_value (toast, g_variant_new ("(^as^as)", ids, stages));
    }
  return toast;
}

/* Moves each of @accounts to @to_stages[i] (those already there stay). */
static void
move_stages (PomarWindow *self,
             GPtrArray   *accounts,
             GPtrArray   *to_stages,
             gboolean     undo)
{
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) stages = g_strv_builder_new ();
  g_auto (GStrv) id_list = NULL;
  g_auto (GStrv) stage_list = NULL;
  BulkMoveData *data;
  AdwToast *toast;
  gint64 started = g_get_monotonic_time ();

  if (self->context == NULL)
    return;

  data = g_new0 (BulkMoveData, 1);
  data->self = g_object_ref (self);
  data->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  data->from = g_ptr_array_new_with_free_func (g_free);
  data->to = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < accounts->len; i++)
    {
      PomarAccountObject *account = g_ptr_array_index (accounts, i);
      const char *to = g_ptr_array_index (to_stages, i);

      if (g_strcmp0 (pomar_account_object_get_stage (account), to) == 0)
        continue;
      g_ptr_array_add (data->accounts, g_object_ref (account));
      g_ptr_array_add (data->from, g_strdup (pomar_account_object_get_stage (account)));
      g_ptr_array_add (data->to, g_strdup (to));
      g_strv_builder_add (ids, pomar_account_object_get_id (account));
      g_strv_builder_add (stages, to);
    }
  if (data->accounts->len == 0)
    {
      bulk_move_data_free (data);
      return;
    }

  change_accounts (self, data->accounts, data->to->pdata, set_stage_change);
  g_debug ("Moved %u accounts: %.1f ms on the main loop", data->accounts->len,
           (g_get_monotonic_time () - started) / 1000.0);

  for (guint i = 0; i < data->accounts->len; i++)
    {
      PomarAccountObject *account = g_ptr_array_index (data->accounts, i);

      set_pending_moves (account, pending_moves (account) + 1);
    }
  id_list = g_strv_builder_end (ids);
  stage_list = g_strv_builder_end (stages);

  /* Made before the write's callback can free @data. */
  toast = bulk_move_toast (data, undo);
  pomar_context_move_stages_async (self->context, (const char * const *) id_list,
                                   (const char * const *) stage_list, self->cancellable,
                                   bulk_move_written, data);

  if (self->move_toast != NULL)
    adw_toast_dismiss (self->move_toast);
  g_set_weak_pointer (&self->move_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* win.move-stages (ids, stage): the accounts table's "Move to Stage". */
static void
move_stages_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PomarWindow *self = user_data;
  g_autofree const char **ids = NULL;
  g_autoptr (GHashTable) found = NULL;
  g_autoptr (GPtrArray) accounts = g_ptr_array_new ();
  g_autoptr (GPtrArray) stages = g_ptr_array_new ();
  const char *to_stage;

  g_variant_get (parameter, "(^a&s&s)", &ids, &to_stage);
  if (pomar_stage_from_id (to_stage) == POMAR_STAGE_UNKNOWN)
    return;

  found = find_accounts (self, ids);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PomarAccountObject *account = g_hash_table_lookup (found, ids[i]);

      if (account == NULL)
        continue;
      g_ptr_array_add (accounts, account);
      g_ptr_array_add (stages, (gpointer) to_stage);
    }
  move_stages (self, accounts, stages, FALSE);
}

/* win.undo-move-stages (ids, stages): each account back to its stage. */
static void
undo_move_stages_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  PomarWindow *self = user_data;
  g_autofree const char **ids = NULL;
  g_autofree const char **to_stages = NULL;
  g_autoptr (GHashTable) found = NULL;
  g_autoptr (GPtrArray) accounts = g_ptr_array_new ();
  g_autoptr (GPtrArray) stages = g_ptr_array_new ();

  g_variant_get (parameter, "(^a&s^a&s)", &ids, &to_stages);
  if (g_strv_length ((char **) ids) != g_strv_length ((char **) to_stages))
    return;

  found = find_accounts (self, ids);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PomarAccountObject *account = g_hash_table_lookup (found, ids[i]);

      if (account == NULL || pomar_stage_from_id (to_stages[i]) == POMAR_STAGE_UNKNOWN)
        continue;
      g_ptr_array_add (accounts, account);
      g_ptr_array_add (stages, (gpointer) to_stages[i]);
    }
  move_stages (self, accounts, stages, TRUE);
}

/* Starting a playbook for several customers ------------------------------- */

typedef struct
{
  PomarWindow *self;
  GPtrArray   *accounts;  /* PomarAccountObject, those the window has */
  char        *playbook;  /* the template's name */
  char        *one_name;  /* the customer's name when there is one */
  guint        n;         /* how many were asked for */
} PlaybookData;

static void
playbook_data_free (PlaybookData *data)
{
  g_object_unref (data->self);
  g_ptr_array_unref (data->accounts);
  g_free (data->playbook);
  g_free (data->one_name);
  g_free (data);
}

/* "Started “Onboarding” for 5 customers; 2 had it open already" */
static char *
playbook_started_text (PlaybookData *data,
                       guint         started,
                       guint         already_open)
{
  g_autofree char *done = NULL;
  g_autofree char *skipped = NULL;

  if (started == 0 && data->one_name != NULL)
    return g_strdup_printf (_("%s has “%s” open already"), data->one_name, data->playbook);
  if (started == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u customer has “%s” open already",
                                         "%'u customers have “%s” open already", already_open),
                            already_open, data->playbook);

  if (data->one_name != NULL)
    done = g_strdup_printf (_("Started “%s” for %s"), data->playbook, data->one_name);
  else
    done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Started “%s” for %'u customer",
                                         "Started “%s” for %'u customers", started),
                            data->playbook, started);
  if (already_open == 0)
    return g_steal_pointer (&done);

  skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u had it open already",
                                          "%'u had it open already", already_open),
                             already_open);
  /* Translators: what started, then how many customers were skipped:
   * "Started “Onboarding” for 5 customers; 2 had it open already". */
  return g_strdup_printf (C_("playbook started; skipped", "%s; %s"), done, skipped);
}

static void
playbook_started (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PlaybookData *data = user_data;
  PomarWindow *self = data->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *markup = NULL;
  guint started = 0;
  guint already_open = 0;

  if (!pomar_context_start_playbook_finish (POMAR_CONTEXT (source), result, &started, &already_open, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          playbook_data_free (data);
          return;
        }
      text = g_strdup_printf (_("Could not start “%s”: %s"), data->playbook, error->message);
    }
  else
    {
      text = playbook_started_text (data, started, already_open);
      /* The board shows each customer's playbook progress. */
      if (started > 0)
        reread_accounts (self, data->accounts);
    }

  markup = g_markup_escape_text (text, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
  playbook_data_free (data);
}

/* win.start-playbook (ids, template id): the accounts table's "Start
 * Playbook". */
static void
start_playbook_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  PomarWindow *self = user_data;
  g_autofree const char **ids = NULL;
  g_autoptr (GHashTable) found = NULL;
  const PomarPlaybookTemplate *tmpl;
  const char *template_id;
  PlaybookData *data;

  g_variant_get (parameter, "(^a&s&s)", &ids, &template_id);
  if (self->context == NULL || ids[0] == NULL
      || (tmpl = pomar_playbook_catalog_lookup (pomar_context_get_playbook_catalog (self->context),
                                                template_id)) == NULL)
    return;

  data = g_new0 (PlaybookData, 1);
  data->self = g_object_ref (self);
  data->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  data->playbook = g_strdup (tmpl->name);
  data->n = g_strv_length ((char **) ids);
  found = find_accounts (self, ids);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PomarAccountObject *account = g_hash_table_lookup (found, ids[i]);

      if (account != NULL)
        g_ptr_array_add (data->accounts, g_object_ref (account));
    }
  if (data->n == 1 && data->accounts->len == 1)
    data->one_name = g_strdup (pomar_account_object_get_name (g_ptr_array_index (data->accounts, 0)));

  pomar_context_start_playbook_async (self->context, ids, template_id, self->cancellable,
                                      playbook_started, data);
}

static const GActionEntry bulk_entries[] = {
  { "move-stages", move_stages_action, "(ass)" },
  { "undo-move-stages", undo_move_stages_action, "(asas)" },
  { "start-playbook", start_playbook_action, "(ass)" },
};

static const GActionEntry win_entries[] = {
  { "move-stage", move_stage_action, "(ss)" },
  { "undo-move-stage", move_stage_action, "(ss)" },
  { "show-account", show_account_action, "s" },
  { "quick-jump", quick_jump_action },
  { "go-back", go_back_action },
  { "step-customer", step_customer_action, "i" },
  { "show-view", show_view_action, "s" },
  { "sync", sync_action },
  { "enter-token", enter_token_action, "s" },
};

/* GObject -------------------------------------------------------------- */

static void
pomar_window_constructed (GObject *object)
{
  PomarWindow *self = POMAR_WINDOW (object);

  G_OBJECT_CLASS (pomar_window_parent_class)->constructed (object);

  if (self->context != NULL)
    {
      pomar_portfolio_view_set_context (POMAR_PORTFOLIO_VIEW (self->portfolio_view), self->context);
      pomar_accounts_view_set_playbook_catalog (POMAR_ACCOUNTS_VIEW (self->accounts_view),
                                                pomar_context_get_playbook_catalog (self->context));

      self->customer_page = pomar_customer_page_new (self->context);
      gtk_stack_add_named (self->main_stack, self->customer_page, "customer");
      g_signal_connect_object (self->customer_page, "notify::title",
                               G_CALLBACK (update_chrome), self,
                               G_CONNECT_SWAPPED);

      self->sync_controller =
        pomar_sync_controller_new (self->context,
                                   G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
      pomar_sync_button_set_controller (self->sync_button, self->sync_controller);
      pomar_sync_banner_set_controller (self->sync_banner, self->sync_controller);
      g_signal_connect_object (self->sync_controller, "notify::syncing",
                               G_CALLBACK (update_sync), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sync_controller, "notify::has-connections",
                               G_CALLBACK (update_sync), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sync_controller, "notify::fraction",
                               G_CALLBACK (update_sync), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sync_controller, "stored",
                               G_CALLBACK (on_sync_stored), self, G_CONNECT_SWAPPED);
    }

  update_chrome (self);
  update_sync (self);
  load (self);
}

static void
pomar_window_dispose (GObject *object)
{
  PomarWindow *self = POMAR_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_weak_pointer (&self->back_focus);
  g_clear_weak_pointer (&self->move_toast);

  /* A sync under way is cancelled; the application waits for it to wind
   * down (the controller holds it) before it quits. */
  if (self->sync_controller != NULL)
    {
      pomar_sync_controller_stop (self->sync_controller);
      g_signal_handlers_disconnect_by_data (self->sync_controller, self);
      g_clear_object (&self->sync_controller);
    }

  G_OBJECT_CLASS (pomar_window_parent_class)->dispose (object);
}

static void
pomar_window_finalize (GObject *object)
{
  PomarWindow *self = POMAR_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->accounts);
  g_clear_object (&self->context);
  g_clear_pointer (&self->back_page, g_free);
  g_clear_pointer (&self->added_connection, g_free);

  G_OBJECT_CLASS (pomar_window_parent_class)->finalize (object);
}

static void
pomar_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PomarWindow *self = POMAR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_PREPARE_DEMO:
      g_value_set_boolean (value, self->prepare_demo);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PomarWindow *self = POMAR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_PREPARE_DEMO:
      self->prepare_demo = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_window_class_init (PomarWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pomar_window_constructed;
  object_class->dispose = pomar_window_dispose;
  object_class->finalize = pomar_window_finalize;
  object_class->get_property = pomar_window_get_property;
  object_class->set_property = pomar_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         POMAR_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREPARE_DEMO] =
    g_param_spec_boolean ("prepare-demo", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (POMAR_TYPE_BOARD);
  g_type_ensure (POMAR_TYPE_SYNC_BANNER);
  g_type_ensure (POMAR_TYPE_SYNC_BUTTON);
  g_type_ensure (POMAR_TYPE_WELCOME_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pomar/Pomar/ui/pomar-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, step_buttons);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, quit_button);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, demo_button);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, not_synced_page);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, board);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, sync_banner);
  gtk_widget_class_bind_template_child (widget_class, PomarWindow, sync_progress);

  /* Bindings rather than application accels: they run after the focused
   * widget had its chance, so Escape still clears a search entry first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "win.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "win.step-customer", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "win.step-customer", "i", -1);
}

static void
pomar_window_init (PomarWindow *self)
{
  AdwViewStackPage *page;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The development profile's striped header: never mistaken for a
   * release holding real customers. */
  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->cancellable = g_cancellable_new ();
  self->accounts = g_list_store_new (POMAR_TYPE_ACCOUNT_OBJECT);
  pomar_frame_report_watch (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries, G_N_ELEMENTS (win_entries), self);
  g_action_map_add_action_entries (G_ACTION_MAP (self), bulk_entries, G_N_ELEMENTS (bulk_entries), self);

  /* Icon buttons are named for screen readers; text buttons are named by
   * their text, which GTK 4.8 repeats after their label property (mnemonic
   * underscore and all) unless the property is unset. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main Menu"),
                                  -1);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->quit_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->demo_button), GTK_ACCESSIBLE_PROPERTY_LABEL);

  self->accounts_view = pomar_accounts_view_new ();
  pomar_frame_report_watch_keys (GTK_WIDGET (pomar_accounts_view_get_search_entry (POMAR_ACCOUNTS_VIEW (self->accounts_view))),
                                 "accounts search");
  page = adw_view_stack_add_titled (self->view_stack, self->accounts_view, "accounts", _("_Accounts"));
  adw_view_stack_page_set_use_underline (page, TRUE);
  adw_view_stack_page_set_icon_name (page, "view-list-symbolic");

  self->portfolio_view = pomar_portfolio_view_new ();
  page = adw_view_stack_add_titled (self->view_stack, self->portfolio_view, "portfolio", _("_Portfolio"));
  adw_view_stack_page_set_use_underline (page, TRUE);
  adw_view_stack_page_set_icon_name (page, "x-office-spreadsheet-symbolic");

  pomar_board_set_model (self->board, G_LIST_MODEL (self->accounts));
  pomar_accounts_view_set_model (POMAR_ACCOUNTS_VIEW (self->accounts_view), G_LIST_MODEL (self->accounts));
  pomar_portfolio_view_set_model (POMAR_PORTFOLIO_VIEW (self->portfolio_view), G_LIST_MODEL (self->accounts));

  g_signal_connect_object (self->main_stack, "notify::visible-child-name",
                           G_CALLBACK (update_chrome), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (update_chrome), self, G_CONNECT_SWAPPED);
}

PomarWindow *
pomar_window_new (GtkApplication *application,
                  PomarContext   *context,
                  gboolean        prepare_demo)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (context == NULL || POMAR_IS_CONTEXT (context), NULL);

  return g_object_new (POMAR_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       "prepare-demo", prepare_demo,
                       NULL);
}

PomarContext *
pomar_window_get_context (PomarWindow *self)
{
  g_return_val_if_fail (POMAR_IS_WINDOW (self), NULL);
  return self->context;
}
