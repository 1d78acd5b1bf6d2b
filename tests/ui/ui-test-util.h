/* ui-test-util.h: what the widget tests that run on a display share.
 *
 * A small demo book in a throw-away folder, opened as the app opens one,
 * and the accounts in the board's order; a label found by its words; the
 * main loop run until something holds.
 */
#pragma once

#include <string.h>

#include <gtk/gtk.h>

#include "core/pomar-demo.h"
#include "pomar-context.h"
#include "store/pomar-store.h"

G_BEGIN_DECLS

/* A context on a new demo book of @n_accounts in a new folder named after
 * @prefix (its path in *@dir_out, for the caller to free). */
static inline PomarContext *
ui_test_demo_context (const char  *prefix,
                      guint        n_accounts,
                      char       **dir_out)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", prefix);
  PomarContext *context;
  PomarDemoOptions options;

  *dir_out = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  context = pomar_context_new (*dir_out, &error);
  g_assert_no_error (error);
  pomar_demo_options_init (&options);
  options.n_accounts = n_accounts;
  g_assert_true (pomar_context_generate_demo (context, &options, FALSE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return context;
}

/* The accounts' summaries, by name as the board lists them. */
static inline GPtrArray *
ui_test_list_summaries (PomarContext *context)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = pomar_store_reader_new (pomar_context_get_store (context), &error);
  GPtrArray *summaries;

  g_assert_no_error (error);
  summaries = pomar_store_reader_list_account_summaries (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, >, 0);
  return summaries;
}

/* The outbox, oldest first. */
static inline GPtrArray *
ui_test_read_outbox (PomarContext *context)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = pomar_store_reader_new (pomar_context_get_store (context), &error);
  GPtrArray *entries;

  g_assert_no_error (error);
  entries = pomar_store_reader_list_outbox (reader, &error);
  g_assert_no_error (error);
  return entries;
}

/* The first label under @widget whose text holds @text, or NULL. */
static inline GtkWidget *
ui_test_find_label_containing (GtkWidget  *widget,
                               const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_test_find_label_containing (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Runs the main loop until @check (@data) holds; fails after 20 s. */
static inline void
ui_test_iterate_until (gboolean (*check) (gpointer data),
                       gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!check (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

G_END_DECLS
