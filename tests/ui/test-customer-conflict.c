/* test-customer-conflict.c: a stage conflict on the customer page.
 *
 * With a display (xvfb-run): on a small demo book, a stage move made here
 * that the server refused (an outbox entry in state "conflict", with the
 * server's account as a 412 gives it) shows a banner naming both stages;
 * "Keep Mine" sends the move again against the server's version (the entry
 * pending again, its base the server's version), "Take Theirs" drops it
 * (the account shows the server's stage); each hides the banner and leaves
 * a note on the timeline. The account's card on the board marks the
 * conflict, in its last line and in what a screen reader hears, until it
 * is settled. Without a display it is skipped.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "core/pomar-demo.h"
#include "core/pomar-stage.h"
#include "pomar-context.h"
#include "pomar-resources.h"
#include "store/pomar-store.h"
#include "ui/pomar-account-card.h"
#include "ui/pomar-account-object.h"
#include "ui/pomar-customer-page.h"
#include "ui-test-util.h"

#define TODAY "2026-11-23"

static gboolean have_display;

typedef struct
{
  const char *account_id;
  const char *stage;
  const char *server_record;
  gint64      seq;
} Conflict;

static gboolean
write_conflict (PomarStoreWriter  *writer,
                gpointer           user_data,
                GCancellable      *cancellable,
                GError           **error)
{
  Conflict *conflict = user_data;

  return pomar_store_writer_move_stage (writer, conflict->account_id, conflict->stage, "Ana", NULL, NULL, error);
}

static gboolean
mark_conflict (PomarStoreWriter  *writer,
               gpointer           user_data,
               GCancellable      *cancellable,
               GError           **error)
{
  Conflict *conflict = user_data;

  return pomar_store_writer_outbox_set_state (writer, conflict->seq, "fixture", "conflict",
                                              conflict->server_record,
                                              "The account was moved to another stage on the server.", error);
}

/* A move to @stage here, refused by a server that has @theirs at version 40. */
static void
make_conflict (PomarContext *context,
               const char   *account_id,
               const char   *stage,
               const char   *theirs)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *record = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"Acme Tintas\",\"stage\":\"%s\","
                                             "\"version\":40,\"updated_at\":\"2026-11-23T09:00:00Z\"}",
                                             account_id, theirs);
  Conflict conflict = { account_id, stage, record, 0 };

  g_assert_true (pomar_store_write_sync (pomar_context_get_store (context), write_conflict, &conflict, NULL, &error));
  g_assert_no_error (error);
  entries = ui_test_read_outbox (context);
  conflict.seq = ((PomarOutboxEntry *) g_ptr_array_index (entries, entries->len - 1))->seq;
  g_assert_true (pomar_store_write_sync (pomar_context_get_store (context), mark_conflict, &conflict, NULL, &error));
  g_assert_no_error (error);
}

static GtkWidget *
find_by_class (GtkWidget  *widget,
               const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkLabel *
find_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
wait_for_banner (GtkWidget *banner,
                 gboolean   visible)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (gtk_widget_get_visible (banner) != visible)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static guint
count_notes_containing (PomarContext *context,
                        const char   *account_id,
                        const char   *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarStoreReader) reader = pomar_store_reader_new (pomar_context_get_store (context), &error);
  g_autoptr (GPtrArray) activities = pomar_store_reader_list_activities (reader, account_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < activities->len; i++)
    {
      const PomarActivity *activity = g_ptr_array_index (activities, i);

      if (g_strcmp0 (activity->kind, "note") == 0 && strstr (activity->body, text) != NULL)
        n++;
    }
  return n;
}

/* The card of @account_id as the board would make it: the text of its
 * last line (or NULL) and its description for screen readers. */
static void
read_card (PomarStoreReader  *reader,
           const char        *account_id,
           gboolean          *conflict,
           char             **last_line,
           char             **description)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarAccountSummary) summary = pomar_store_reader_get_account_summary (reader, account_id, &error);
  g_autoptr (PomarAccountObject) account = NULL;
  GtkWidget *card;
  GtkWidget *last = NULL;

  g_assert_no_error (error);
  *conflict = summary->stage_conflict;
  account = pomar_account_object_new (summary);
  card = g_object_ref_sink (pomar_account_card_new ());
  pomar_account_card_set_account (POMAR_ACCOUNT_CARD (card), account);
  for (GtkWidget *child = gtk_widget_get_first_child (card); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_INSCRIPTION (child))
      last = child;
  g_assert_nonnull (last);
  *last_line = g_strdup (gtk_inscription_get_text (GTK_INSCRIPTION (last)));
  if (*conflict)
    g_assert_true (gtk_widget_has_css_class (last, "error"));
  *description = pomar_account_card_describe (account);
  g_object_unref (card);
}

static void
test_banner (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarContext) context = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) summaries = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (PomarAccountSummary) summary = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *account_id = NULL;
  const char *mine;
  const char *theirs;
  GtkWidget *window;
  GtkWidget *page;
  GtkWidget *banner;
  const char *text;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  context = ui_test_demo_context ("pomar-conflict", 3, &dir);
  reader = pomar_store_reader_new (pomar_context_get_store (context), &error);
  g_assert_no_error (error);
  summaries = ui_test_list_summaries (context);
  account_id = g_strdup (((PomarAccountSummary *) g_ptr_array_index (summaries, 0))->account.id);
  mine = g_strcmp0 (((PomarAccountSummary *) g_ptr_array_index (summaries, 0))->account.stage, "inspire") == 0
         ? "nurture" : "inspire";
  theirs = g_str_equal (mine, "inspire") ? "engagement" : "onboarding";
  make_conflict (context, account_id, mine, theirs);

  /* The board's card marks it. */
  {
    g_autofree char *line = NULL;
    g_autofree char *description = NULL;
    gboolean conflict;

    read_card (reader, account_id, &conflict, &line, &description);
    g_assert_true (conflict);
    g_assert_cmpstr (line, ==, "Stage conflict: open to settle");
    g_assert_nonnull (strstr (description, "stage conflict with the server"));
  }

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 700);
  page = pomar_customer_page_new (context);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  banner = find_by_class (page, "conflict-banner");
  g_assert_nonnull (banner);
  pomar_customer_page_show_account (POMAR_CUSTOMER_PAGE (page), account_id);
  wait_for_banner (banner, TRUE);

  /* It names both stages. */
  text = gtk_label_get_text (find_label (banner));
  g_assert_nonnull (strstr (text, pomar_stage_id_to_name (mine)));
  g_assert_nonnull (strstr (text, pomar_stage_id_to_name (theirs)));

  /* Keep mine: sent again on the server's version. */
  gtk_widget_activate (find_button (banner, "_Keep Mine"));
  wait_for_banner (banner, FALSE);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = ui_test_read_outbox (context);
  {
    const PomarOutboxEntry *move = g_ptr_array_index (entries, 0);

    g_assert_cmpstr (move->kind, ==, "stage_move");
    g_assert_cmpstr (move->state, ==, "pending");
    g_assert_cmpint (move->base_version, ==, 40);
  }
  g_assert_cmpuint (count_notes_containing (context, account_id, pomar_stage_id_to_name (mine)), ==, 1);
  {
    g_autofree char *line = NULL;
    g_autofree char *description = NULL;
    gboolean conflict;

    read_card (reader, account_id, &conflict, &line, &description);
    g_assert_false (conflict);
    g_assert_cmpstr (line, !=, "Stage conflict: open to settle");
    g_assert_null (strstr (description, "stage conflict"));
  }

  /* Take theirs, on a second conflict: the server's stage shows. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = ui_test_read_outbox (context);
  {
    Conflict again = { account_id, NULL, NULL, ((PomarOutboxEntry *) g_ptr_array_index (entries, 0))->seq };
    g_autofree char *record = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"Acme Tintas\",\"stage\":\"%s\","
                                               "\"version\":41,\"updated_at\":\"2026-11-23T10:00:00Z\"}",
                                               account_id, theirs);

    again.server_record = record;
    g_assert_true (pomar_store_write_sync (pomar_context_get_store (context), mark_conflict, &again, NULL, &error));
    g_assert_no_error (error);
  }
  pomar_customer_page_show_account (POMAR_CUSTOMER_PAGE (page), account_id);
  wait_for_banner (banner, TRUE);
  gtk_widget_activate (find_button (banner, "_Take Theirs"));
  wait_for_banner (banner, FALSE);

  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = ui_test_read_outbox (context);
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpstr (((PomarOutboxEntry *) g_ptr_array_index (entries, i))->kind, !=, "stage_move");
  summary = pomar_store_reader_get_account_summary (reader, account_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary->account.stage, ==, theirs);

  gtk_window_destroy (GTK_WINDOW (window));
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

  g_test_add_func ("/customer-conflict/banner", test_banner);

  return g_test_run ();
}
