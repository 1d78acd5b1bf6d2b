/* test-narrow.c: every main view of the real window fits a phone-sized
 * window, 360 px wide (GNOME's narrowest); and the customer page's meeting
 * brief, from the records the page shows, comes out as a PDF.
 *
 * On a virtual display (xvfb-run; skipped without one): a PomarWindow over
 * a small demo book, shown on the board, the accounts table, the portfolio
 * and a customer's page in turn; on each, the window's minimum width (what
 * its widgets ask for) must be at most 360 px. When it is not, the test
 * names the widgets that ask for more, deepest first, so the culprit is
 * plain. "Today" is pinned.
 */
#include "config.h"

#include <adwaita.h>

#include "pomar-context.h"
#include "ui/pomar-customer-page.h"
#include "ui/pomar-window.h"
#include "pomar-resources.h"
#include "../store/store-test-util.h"

#define TODAY "2026-11-23"
#define NARROWEST 360

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static int
min_width (GtkWidget *widget)
{
  int min = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

/* The widgets that ask for more than NARROWEST with no child that does:
 * where the width comes from. */
static void
find_wide (GtkWidget *widget,
           GString   *out)
{
  gboolean wide_child = FALSE;

  if (!gtk_widget_get_visible (widget))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && min_width (child) > NARROWEST)
      {
        wide_child = TRUE;
        find_wide (child, out);
      }
  if (!wide_child)
    {
      const char *name = gtk_widget_get_name (widget);

      g_string_append_printf (out, "\n  %s (%d px)", G_OBJECT_TYPE_NAME (widget), min_width (widget));
      if (name != NULL && !g_str_equal (name, G_OBJECT_TYPE_NAME (widget)))
        g_string_append_printf (out, " named %s", name);
      /* Where it is: its ancestors up to the first of Pomar's own. */
      for (GtkWidget *up = gtk_widget_get_parent (widget); up != NULL; up = gtk_widget_get_parent (up))
        {
          g_string_append_printf (out, " < %s", G_OBJECT_TYPE_NAME (up));
          if (g_str_has_prefix (G_OBJECT_TYPE_NAME (up), "Pomar"))
            break;
        }
      /* ... and what it holds, side by side. */
      g_string_append (out, ":");
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (gtk_widget_get_visible (child))
          g_string_append_printf (out, " %s %d", G_OBJECT_TYPE_NAME (child), min_width (child));
    }
}

static void
assert_fits (GtkWidget  *window,
             const char *what)
{
  g_autoptr (GString) wide = g_string_new (NULL);
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  int width = min_width (content);

  g_test_message ("%s: at least %d px wide", what, width);
  if (width <= NARROWEST)
    return;
  find_wide (content, wide);
  g_test_message ("%s needs %d px, more than %d px:%s", what, width, NARROWEST, wide->str);
  g_test_fail ();
}

static void
test_narrow (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GtkApplication) app = NULL;
  g_autoptr (PomarContext) context = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) summaries = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *data_dir = NULL;
  const char *views[] = { "board", "accounts", "portfolio" };
  PomarDemoOptions options;
  PomarWindow *window;
  gint64 deadline;

  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return;
    }
  adw_init ();
  /* GNOME's own title bar buttons (Xvfb has no desktop to say so): the
   * window's close button alone. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);

  tmp = g_dir_make_tmp ("pomar-narrow-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (tmp, "data", NULL);
  context = pomar_context_new (data_dir, &error);
  g_assert_no_error (error);
  pomar_demo_options_init (&options);
  options.n_accounts = 60;
  g_date_set_julian (&options.today, pomar_day_parse (TODAY));
  g_assert_true (pomar_context_generate_demo (context, &options, FALSE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pomar_context_refresh (context, NULL, &error));
  g_assert_no_error (error);

  app = gtk_application_new ("io.github.pomar.Pomar.TestNarrow", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = pomar_window_new (app, context, FALSE);
  gtk_window_present (GTK_WINDOW (window));

  /* The board is up when the views can be switched. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!g_action_group_get_action_enabled (G_ACTION_GROUP (window), "show-view")
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "show-view"));
  iterate_for (500);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_action_group_activate_action (G_ACTION_GROUP (window), "show-view", g_variant_new_string (views[i]));
      iterate_for (1500);
      assert_fits (GTK_WIDGET (window), views[i]);
    }

  reader = pomar_store_reader_new (pomar_context_get_store (context), &error);
  g_assert_no_error (error);
  summaries = pomar_store_reader_list_account_summaries (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, >, 0);
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-account",
                                  g_variant_new_string (((PomarAccountSummary *) g_ptr_array_index (summaries, 0))->account.id));
  iterate_for (2500);
  assert_fits (GTK_WIDGET (window), "the customer page");

  /* The page's meeting brief, as Meeting Brief… prints it. */
  {
    g_autofree char *pdf = g_build_filename (tmp, "brief.pdf", NULL);
    g_autofree char *contents = NULL;
    GtkWidget *page = NULL;
    gsize length = 0;

    for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (window)); w != NULL && page == NULL; )
      {
        if (POMAR_IS_CUSTOMER_PAGE (w))
          page = w;
        else if (gtk_widget_get_first_child (w) != NULL)
          w = gtk_widget_get_first_child (w);
        else
          {
            while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
              w = gtk_widget_get_parent (w);
            if (w != NULL)
              w = gtk_widget_get_next_sibling (w);
          }
      }
    g_assert_nonnull (page);
    g_assert_true (pomar_customer_page_export_brief (POMAR_CUSTOMER_PAGE (page), pdf, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (length, >, 4000);
    g_assert_true (g_str_has_prefix (contents, "%PDF"));
    /* POMAR_KEEP_BRIEF=FILE keeps a copy, to look at. */
    if (g_getenv ("POMAR_KEEP_BRIEF") != NULL)
      g_assert_true (g_file_set_contents (g_getenv ("POMAR_KEEP_BRIEF"), contents, length, NULL));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (200);
  g_clear_pointer (&reader, pomar_store_reader_free);
  g_clear_object (&context);
  store_test_remove_tree (tmp);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("POMAR_TODAY", TODAY, TRUE);
  g_setenv ("XDG_CONFIG_HOME", "/nonexistent/pomar-test-config", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (pomar_get_resource ());

  g_test_add_func ("/narrow/every-view", test_narrow);

  return g_test_run ();
}
