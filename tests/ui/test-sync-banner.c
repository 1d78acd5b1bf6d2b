/* test-sync-banner.c: changes kept for accounts gone from the server.
 *
 * With a display (xvfb-run): on a small demo book, a note and a stage move
 * made here that the server answered with 404 (outbox entries in state
 * "gone") are counted by the sync controller and reported by the banner
 * under the header; "Show Changes…" lists them (with the note's words, so
 * that they can be copied), "Copy" puts that list on the clipboard, and
 * "Discard" removes exactly them from the outbox, after which the row goes.
 * A change still waiting is never touched. Without a display it is skipped.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "core/pomar-demo.h"
#include "pomar-context.h"
#include "pomar-resources.h"
#include "store/pomar-store.h"
#include "ui/pomar-sync-banner.h"
#include "ui/pomar-sync-controller.h"
#include "ui-test-util.h"

#define TODAY "2026-11-23"
#define NOTE  "Promised a discount at the renewal"

static gboolean have_display;

typedef struct
{
  const char *account_id;
  const char *text;
  gint64      seq;
} Change;

static gboolean
write_note (PomarStoreWriter  *writer,
            gpointer           user_data,
            GCancellable      *cancellable,
            GError           **error)
{
  Change *change = user_data;

  return pomar_store_writer_add_local_activity (writer, change->account_id, "note", change->text, "Ana", NULL, error);
}

static gboolean
mark_gone (PomarStoreWriter  *writer,
           gpointer           user_data,
           GCancellable      *cancellable,
           GError           **error)
{
  Change *change = user_data;

  return pomar_store_writer_outbox_set_state (writer, change->seq, "fixture", "gone", NULL,
                                              "The account is no longer on the server.", error);
}

/* A note on @account_id; "gone" when @gone. */
static void
add_note (PomarContext *context,
          const char   *account_id,
          const char   *text,
          gboolean      gone)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  Change change = { account_id, text, 0 };

  g_assert_true (pomar_store_write_sync (pomar_context_get_store (context), write_note, &change, NULL, &error));
  g_assert_no_error (error);
  if (!gone)
    return;
  entries = ui_test_read_outbox (context);
  change.seq = ((PomarOutboxEntry *) g_ptr_array_index (entries, entries->len - 1))->seq;
  g_assert_true (pomar_store_write_sync (pomar_context_get_store (context), mark_gone, &change, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
banner_says (GtkWidget  *banner,
             const char *text)
{
  return gtk_widget_get_visible (banner) && ui_test_find_label_containing (banner, text) != NULL;
}

static gboolean
reports_two (gpointer data)
{
  return banner_says (data, "2 changes made here were not delivered");
}

static gboolean
reports_none (gpointer data)
{
  return ui_test_find_label_containing (data, "not delivered") == NULL;
}

static GtkWidget *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  GtkWidget **dialog = data;

  *dialog = find_dialog ();
  return *dialog != NULL;
}

static void
on_text (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  char **text = user_data;
  g_autoptr (GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
text_read (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_gone (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarContext) context = NULL;
  g_autoptr (PomarSyncController) controller = NULL;
  g_autoptr (GPtrArray) summaries = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *copied = NULL;
  GtkWidget *window;
  GtkWidget *banner;
  GtkWidget *dialog = NULL;
  const char *body;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  context = ui_test_demo_context ("pomar-banner", 3, &dir);
  summaries = ui_test_list_summaries (context);
  first = g_strdup (((PomarAccountSummary *) g_ptr_array_index (summaries, 0))->account.id);
  second = g_strdup (((PomarAccountSummary *) g_ptr_array_index (summaries, 1))->account.id);

  add_note (context, first, NOTE, TRUE);
  add_note (context, second, "Still waiting to be sent", FALSE);
  add_note (context, second, "Sent to a deleted account", TRUE);

  controller = pomar_sync_controller_new (context, NULL);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 300);
  banner = g_object_new (POMAR_TYPE_SYNC_BANNER, NULL);
  gtk_window_set_child (GTK_WINDOW (window), banner);
  pomar_sync_banner_set_controller (POMAR_SYNC_BANNER (banner), controller);
  gtk_window_present (GTK_WINDOW (window));

  /* The first job counts the outbox: two gone, one waiting. */
  pomar_sync_controller_start (controller);
  ui_test_iterate_until (reports_two, banner);
  g_assert_cmpuint (pomar_sync_controller_get_n_gone (controller), ==, 2);
  g_assert_cmpuint (pomar_sync_controller_get_n_waiting (controller), ==, 1);

  /* Listed, with what each change says. */
  g_assert_true (gtk_widget_activate_action (banner, "sync-banner.show-gone", NULL));
  ui_test_iterate_until (dialog_shown, &dialog);
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, first));
  g_assert_nonnull (strstr (body, "note: " NOTE));
  g_assert_nonnull (strstr (body, "Sent to a deleted account"));
  g_assert_null (strstr (body, "Still waiting"));

  /* Copy: the list, on the clipboard. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "copy");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (banner), NULL, on_text, &copied);
  ui_test_iterate_until (text_read, &copied);
  g_assert_nonnull (strstr (copied, NOTE));
  g_assert_nonnull (strstr (copied, second));

  /* Discard: the two go, the waiting one stays, and so does the row's end. */
  g_assert_true (gtk_widget_activate_action (banner, "sync-banner.show-gone", NULL));
  dialog = NULL;
  ui_test_iterate_until (dialog_shown, &dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "discard");
  ui_test_iterate_until (reports_none, banner);
  g_assert_cmpuint (pomar_sync_controller_get_n_gone (controller), ==, 0);
  entries = ui_test_read_outbox (context);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((PomarOutboxEntry *) g_ptr_array_index (entries, 0))->state, ==, "pending");

  pomar_sync_controller_stop (controller);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("POMAR_TODAY", TODAY, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();
  g_assert_nonnull (pomar_get_resource ());
  if (have_display)
    adw_init ();

  g_test_add_func ("/sync-banner/gone", test_gone);

  return g_test_run ();
}
