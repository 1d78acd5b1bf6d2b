/* test-health-card.c: the health card of the customer page.
 *
 * Without a display: the words of the card (pomar-health-card-private.h):
 * which component the sentence names and what it says of it, each input in
 * words, missing components, the trend and the override's sentence, and
 * when an override can be set. With a display (xvfb-run): the card showing
 * an explanation (score, bars, sentence), an override in place of the
 * score with the computed one beside it, and the override dialog keeping
 * Set disabled until it has a reason and a day after today, and, through
 * the context on a small demo book, an override set, removed and refused. "Today" is
 * pinned and the locale is C, so dates read as 12/23/26 and numbers have
 * no grouping.
 *
 * POMAR_SNAPSHOT_DIR=folder also saves the card as PNGs there, to look at.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ui/pomar-health-card-private.h"
#include "pomar-resources.h"
#include "ui-test-util.h"

#define TODAY "2026-11-23"

static gboolean have_display;

/* An account whose health Support pulls down the most: 3 urgent tickets
 * (W = 12: support 0), adoption 45 of 80 seats (70), usage 900 events
 * against 1,000 (40), NPS 30 (65), last touch 12 days ago (100). */
static void
make_explanation (PomarHealthExplanation *e)
{
  PomarDay today = pomar_day_parse (TODAY);

  memset (e, 0, sizeof *e);
  e->as_of = today;
  e->inputs.licensed_seats = 80;
  e->inputs.has_usage = TRUE;
  e->inputs.active_users_30d = 45 * 30;
  e->inputs.events_30d = 900;
  e->inputs.events_prev_30d = 1000;
  e->inputs.open_ticket_weight = 3 * pomar_health_priority_weight ("urgent");
  e->inputs.open_tickets_old = 0;
  e->inputs.nps_180d.promoters = 5;
  e->inputs.nps_180d.passives = 3;
  e->inputs.nps_180d.detractors = 2;
  e->inputs.last_engagement = today - 12;
  e->open_by_priority[0] = 3;
  pomar_health_compute (&e->inputs, today, NULL, &e->result);

  /* A month ago: no tickets, a touch 10 days before, the rest alike. */
  e->inputs_30d_ago = e->inputs;
  e->inputs_30d_ago.open_ticket_weight = 0;
  e->inputs_30d_ago.last_engagement = today - 40;
  pomar_health_compute (&e->inputs_30d_ago, today - 30, NULL, &e->result_30d_ago);
}

static void
test_impact (void)
{
  PomarHealthExplanation e;
  PomarHealthWeights weights;
  g_autofree char *sentence = NULL;
  g_autofree char *engagement = NULL;
  g_autofree char *best = NULL;
  g_autofree char *unknown = NULL;
  PomarDay today = pomar_day_parse (TODAY);

  make_explanation (&e);
  g_assert_cmpint (pomar_health_card_pick_component (&e), ==, POMAR_HEALTH_SUPPORT);
  sentence = pomar_health_card_impact_sentence (&e);
  g_assert_cmpstr (sentence, ==, "Support pulls health down the most: 3 urgent tickets are open.");

  /* Urgent and high: the count and the breakdown. */
  e.open_by_priority[1] = 1;
  g_clear_pointer (&sentence, g_free);
  sentence = pomar_health_card_impact_sentence (&e);
  g_assert_cmpstr (sentence, ==, "Support pulls health down the most: 4 tickets are open (3 urgent, 1 high).");

  /* No tickets, no touch for 50 days: engagement, (100 − 21.7) × 15,
   * now weighs more than adoption's (100 − 70.3) × 30. */
  make_explanation (&e);
  e.inputs.open_ticket_weight = 0;
  e.open_by_priority[0] = 0;
  e.inputs.last_engagement = today - 50;
  pomar_health_compute (&e.inputs, today, NULL, &e.result);
  g_assert_cmpint (pomar_health_card_pick_component (&e), ==, POMAR_HEALTH_ENGAGEMENT);
  engagement = pomar_health_card_impact_sentence (&e);
  g_assert_cmpstr (engagement, ==, "Engagement pulls health down the most: the last note, "
                                   "meeting, email or call was 50 days ago.");

  /* Touched today, adoption then: 45 of 80 seats. */
  e.inputs.last_engagement = today;
  pomar_health_compute (&e.inputs, today, NULL, &e.result);
  g_assert_cmpint (pomar_health_card_pick_component (&e), ==, POMAR_HEALTH_ADOPTION);
  g_clear_pointer (&sentence, g_free);
  sentence = pomar_health_card_impact_sentence (&e);
  g_assert_cmpstr (sentence, ==, "Adoption pulls health down the most: on average 45 of 80 seats "
                                 "were active in the last 30 days.");

  /* Everything at 100: nothing to name. */
  e.inputs.active_users_30d = 80 * 30;
  e.inputs.events_30d = 2000;
  e.inputs.nps_180d.passives = 0;
  e.inputs.nps_180d.detractors = 0;
  pomar_health_compute (&e.inputs, today, NULL, &e.result);
  g_assert_cmpint (pomar_health_card_pick_component (&e), ==, POMAR_HEALTH_NO_COMPONENT);
  best = pomar_health_card_impact_sentence (&e);
  g_assert_cmpstr (best, ==, "Every component is at its best: nothing pulls health down.");

  /* Unknown: support switched off, nothing else with data. */
  pomar_health_weights_init_default (&weights);
  weights.weight[POMAR_HEALTH_SUPPORT] = 0;
  memset (&e, 0, sizeof e);
  e.as_of = today;
  e.inputs.licensed_seats = POMAR_NO_INT;
  e.inputs.last_engagement = POMAR_NO_DAY;
  pomar_health_compute (&e.inputs, today, &weights, &e.result);
  g_assert_false (e.result.known);
  g_assert_cmpint (pomar_health_card_pick_component (&e), ==, POMAR_HEALTH_NO_COMPONENT);
  unknown = pomar_health_card_impact_sentence (&e);
  g_assert_cmpstr (unknown, ==, "Health is unknown: no component has data yet.");
}

static void
test_inputs (void)
{
  PomarHealthExplanation e;
  struct
  {
    PomarHealthComponent component;
    const char          *line;
  } lines[] = {
    { POMAR_HEALTH_ADOPTION, "Adoption: 70 — On average 45 of 80 seats active in the last 30 days" },
    { POMAR_HEALTH_USAGE_TREND, "Usage trend: 40 — 900 events in the last 30 days, 1000 in the 30 before" },
    { POMAR_HEALTH_SUPPORT, "Support: 0 — 3 open tickets: 3 urgent" },
    { POMAR_HEALTH_SENTIMENT, "Sentiment: 65 — NPS 30 over 180 days, from 10 answers (2 detractors)" },
    { POMAR_HEALTH_ENGAGEMENT, "Engagement: 100 — Last note, meeting, email or call 12 days ago" },
  };

  make_explanation (&e);
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *line = pomar_health_card_component_line (&e, lines[i].component);
      g_assert_cmpstr (line, ==, lines[i].line);
    }

  /* Old tickets count too. */
  e.inputs.open_tickets_old = 1;
  {
    g_autofree char *support = pomar_health_card_describe_input (&e, POMAR_HEALTH_SUPPORT);
    g_assert_cmpstr (support, ==, "3 open tickets: 3 urgent; 1 open more than 14 days");
  }

  /* Missing components say so, and how the score treats them. */
  e.inputs.licensed_seats = POMAR_NO_INT;
  e.inputs.events_prev_30d = 0;
  e.inputs.nps_180d = (PomarNpsCounts) { 0 };
  e.inputs.last_engagement = POMAR_NO_DAY;
  pomar_health_compute (&e.inputs, e.as_of, NULL, &e.result);
  {
    g_autofree char *adoption = pomar_health_card_component_line (&e, POMAR_HEALTH_ADOPTION);
    g_autofree char *usage = pomar_health_card_component_line (&e, POMAR_HEALTH_USAGE_TREND);
    g_autofree char *sentiment = pomar_health_card_component_line (&e, POMAR_HEALTH_SENTIMENT);
    g_autofree char *engagement = pomar_health_card_component_line (&e, POMAR_HEALTH_ENGAGEMENT);

    g_assert_cmpstr (adoption, ==, "Adoption: no data — No licensed seats known: left out, "
                                   "the other components share its weight");
    g_assert_true (g_str_has_prefix (usage, "Usage trend: no data — No events in the 30 days before"));
    g_assert_true (g_str_has_prefix (sentiment, "Sentiment: no data — No NPS or CSAT answers"));
    g_assert_true (g_str_has_prefix (engagement, "Engagement: no data — No note, meeting"));
  }

  /* CSAT stands in for NPS. */
  e.inputs.csat_180d.satisfied = 3;
  e.inputs.csat_180d.total = 4;
  pomar_health_compute (&e.inputs, e.as_of, NULL, &e.result);
  {
    g_autofree char *sentiment = pomar_health_card_component_line (&e, POMAR_HEALTH_SENTIMENT);
    g_assert_cmpstr (sentiment, ==, "Sentiment: 75 — No NPS answers; 75% satisfied in 4 CSAT answers over 180 days");
  }
}

static void
test_trend_and_override (void)
{
  PomarHealthExplanation e;
  PomarAccountFigures figures = { 0 };
  PomarDay today = pomar_day_parse (TODAY);
  g_autofree char *words = NULL;
  g_autofree char *short_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expired = NULL;
  g_autofree char *no_reason = NULL;
  const char *why = NULL;

  /* Today 56 (support 0), a month ago 76: down 20. */
  make_explanation (&e);
  g_assert_cmpint (e.result.rounded, ==, 56);
  g_assert_cmpint (e.result_30d_ago.rounded, ==, 76);
  pomar_health_card_trend_texts (&e, &words, &short_text);
  g_assert_cmpstr (words, ==, "Down 20 points in 30 days");
  g_assert_cmpstr (short_text, ==, "↓ −20");

  /* A month ago unknown: no trend. */
  g_clear_pointer (&words, g_free);
  g_clear_pointer (&short_text, g_free);
  e.result_30d_ago.known = FALSE;
  pomar_health_card_trend_texts (&e, &words, &short_text);
  g_assert_null (words);
  g_assert_null (short_text);

  /* An override set 5 days ago until the 23rd of next month. */
  pomar_health_override_init (&figures.override, 80, today - 5, 35);
  figures.override_reason = (char *) "Renewal signed last week";
  text = pomar_health_card_override_text (&figures, today);
  g_assert_cmpstr (text, ==, "Set by you to 80 until 12/23/26: Renewal signed last week");
  figures.override_reason = NULL;
  no_reason = pomar_health_card_override_text (&figures, today);
  g_assert_cmpstr (no_reason, ==, "Set by you to 80 until 12/23/26");
  /* From the day it expires, none. */
  expired = pomar_health_card_override_text (&figures, today + 30);
  g_assert_null (expired);

  /* What Set needs. */
  g_assert_true (pomar_health_override_check (80, "Renewal signed", today + 1, today, &why));
  g_assert_null (why);
  g_assert_false (pomar_health_override_check (80, "", today + 30, today, &why));
  g_assert_cmpstr (why, ==, "Give a reason: your team sees it beside the score.");
  g_assert_false (pomar_health_override_check (80, "  \n", today + 30, today, &why));
  g_assert_nonnull (why);
  g_assert_false (pomar_health_override_check (80, "Renewal signed", today, today, &why));
  g_assert_cmpstr (why, ==, "Choose a day after today for the override to end.");
  g_assert_false (pomar_health_override_check (101, "Renewal signed", today + 5, today, &why));
  g_assert_false (pomar_health_override_check (-1, "Renewal signed", today + 5, today, &why));
}

/* The card, on a display --------------------------------------------------- */

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  const char *dir = g_getenv ("POMAR_SNAPSHOT_DIR");
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  int width, height;

  if (dir == NULL)
    return;

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
wait_for_layout (GtkWidget *widget)
{
  /* Let the frame clock lay the window out (twice: labels that wrap ask
   * again once they know their width). */
  for (guint i = 0; i < 2; i++)
    {
      gint64 until = g_get_monotonic_time () + 150 * G_TIME_SPAN_MILLISECOND;

      gtk_widget_queue_resize (widget);
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
    }
}

/* A throw-away cache folder (it holds no folders). */
static void
remove_folder (const char *dir)
{
  g_autoptr (GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_card (void)
{
  g_autofree char *dir = NULL;
  g_autoptr (PomarContext) context = NULL;
  g_autoptr (GError) error = NULL;
  PomarHealthExplanation e;
  PomarAccountFigures figures = { 0 };
  PomarDay today = pomar_day_parse (TODAY);
  PomarHealthOverrideDialog *dialog;
  GtkWidget *window;
  GtkWidget *scrolled;
  GtkWidget *card;
  const char *why = NULL;
  static const double expected[] = { 70, 40, 0, 65, 100 };
  g_autoptr (PomarMeetingBrief) brief = NULL;
  g_autofree char *pdf = NULL;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  dir = g_dir_make_tmp ("pomar-health-card-XXXXXX", &error);
  g_assert_no_error (error);
  context = pomar_context_new (dir, &error);
  g_assert_no_error (error);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 1000);
  card = pomar_health_card_new (context);
  gtk_widget_set_margin_start (card, 12);
  gtk_widget_set_margin_end (card, 12);
  gtk_widget_set_margin_top (card, 12);
  gtk_widget_set_margin_bottom (card, 12);
  gtk_widget_set_valign (card, GTK_ALIGN_START);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), card);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (card))
    g_main_context_iteration (NULL, TRUE);

  /* Nothing loaded: nothing to override. */
  g_assert_cmpstr (gtk_label_get_text (pomar_health_card_get_score_label (POMAR_HEALTH_CARD (card))), ==, "—");
  gtk_widget_activate_action (card, "health.override", NULL);
  g_assert_null (pomar_health_card_get_override_dialog (POMAR_HEALTH_CARD (card)));

  make_explanation (&e);
  pomar_health_card_set_account (POMAR_HEALTH_CARD (card), "acc_1", &e, &figures);
  g_assert_cmpstr (pomar_health_card_get_account_id (POMAR_HEALTH_CARD (card)), ==, "acc_1");
  g_assert_cmpstr (gtk_label_get_text (pomar_health_card_get_score_label (POMAR_HEALTH_CARD (card))), ==, "56");
  g_assert_cmpstr (pomar_health_card_get_impact_text (POMAR_HEALTH_CARD (card)), ==,
                   "Support pulls health down the most: 3 urgent tickets are open.");
  for (guint i = 0; i < POMAR_HEALTH_N_COMPONENTS; i++)
    {
      GtkLevelBar *bar = pomar_health_card_get_bar (POMAR_HEALTH_CARD (card), i);

      g_assert_cmpfloat_with_epsilon (gtk_level_bar_get_value (bar), expected[i], 0.001);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
    }
  g_assert_null (pomar_health_card_get_override_shown (POMAR_HEALTH_CARD (card)));
  wait_for_layout (window);
  save_png (window, "health-card.png");

  /* A component without data has no bar (not an empty one). */
  e.inputs.licensed_seats = POMAR_NO_INT;
  pomar_health_compute (&e.inputs, today, NULL, &e.result);
  pomar_health_card_set_account (POMAR_HEALTH_CARD (card), "acc_1", &e, &figures);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (pomar_health_card_get_bar (POMAR_HEALTH_CARD (card),
                                                                                POMAR_HEALTH_ADOPTION))));

  /* An override: shown in place of the score, the sentence in sight. */
  make_explanation (&e);
  pomar_health_override_init (&figures.override, 85, today - 2, 30);
  figures.override_reason = (char *) "Renewal signed; the urgent tickets are a known outage";
  pomar_health_card_set_account (POMAR_HEALTH_CARD (card), "acc_1", &e, &figures);
  g_assert_cmpstr (gtk_label_get_text (pomar_health_card_get_score_label (POMAR_HEALTH_CARD (card))), ==, "85");
  g_assert_cmpstr (pomar_health_card_get_override_shown (POMAR_HEALTH_CARD (card)), ==,
                   "Set by you to 85 until 12/21/26: Renewal signed; the urgent tickets are a known outage");
  /* The computed score keeps its trend, beside it. */
  g_assert_cmpstr (gtk_label_get_text (pomar_health_card_get_computed_label (POMAR_HEALTH_CARD (card))), ==,
                   "Computed: 56 (↓ −20)");
  wait_for_layout (window);
  save_png (window, "health-card-override.png");

  /* What it puts in a meeting brief prints. */
  brief = pomar_meeting_brief_new ();
  pomar_meeting_brief_set_account (brief, "Acme Ltda", NULL, NULL, NULL, NULL);
  pomar_health_card_fill_brief (POMAR_HEALTH_CARD (card), brief);
  pdf = g_build_filename (dir, "brief.pdf", NULL);
  g_assert_true (pomar_meeting_brief_export_pdf (brief, pdf, &error));
  g_assert_no_error (error);
  g_unlink (pdf);

  /* Narrow, as on a phone. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 1100);
  wait_for_layout (window);
  save_png (window, "health-card-360.png");

  /* The dialog: Set waits for a reason and a day after today. */
  figures.override.set = FALSE;
  pomar_health_card_set_account (POMAR_HEALTH_CARD (card), "acc_1", &e, &figures);
  g_assert_null (pomar_health_card_get_override_shown (POMAR_HEALTH_CARD (card)));
  g_assert_true (gtk_widget_activate_action (card, "health.override", NULL));
  dialog = pomar_health_card_get_override_dialog (POMAR_HEALTH_CARD (card));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  /* It opens on the computed score, 30 days out, with no reason. */
  g_assert_false (pomar_health_override_dialog_can_set (dialog, &why));
  g_assert_cmpstr (why, ==, "Give a reason: your team sees it beside the score.");
  g_assert_false (gtk_widget_get_sensitive (pomar_health_override_dialog_get_set_button (dialog)));

  pomar_health_override_dialog_set_values (dialog, 75, "Champion back from leave", today + 30);
  g_assert_true (pomar_health_override_dialog_can_set (dialog, &why));
  g_assert_null (why);
  g_assert_true (gtk_widget_get_sensitive (pomar_health_override_dialog_get_set_button (dialog)));
  wait_for_layout (GTK_WIDGET (dialog));
  save_png (GTK_WIDGET (dialog), "health-override-dialog.png");

  pomar_health_override_dialog_set_values (dialog, 75, "Champion back from leave", today);
  g_assert_false (pomar_health_override_dialog_can_set (dialog, &why));
  g_assert_false (gtk_widget_get_sensitive (pomar_health_override_dialog_get_set_button (dialog)));
  pomar_health_override_dialog_set_values (dialog, 75, "   ", today + 3);
  g_assert_false (pomar_health_override_dialog_can_set (dialog, &why));
  g_assert_false (gtk_widget_get_sensitive (pomar_health_override_dialog_get_set_button (dialog)));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (pomar_health_card_get_override_dialog (POMAR_HEALTH_CARD (card)));
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&context);

  remove_folder (dir);
}

/* Setting and removing an override through the context, against a small
 * demo book; and a refusal, shown in the dialog in words. */
static void
on_account_changed (PomarContext *context,
                    const char   *account_id,
                    gpointer      user_data)
{
  g_free (*(char **) user_data);
  *(char **) user_data = g_strdup (account_id);
}

static void
read_account (PomarContext           *context,
              const char             *account_id,
              PomarHealthExplanation *e,
              PomarAccountFigures    *figures)
{
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GError) error = NULL;

  reader = pomar_store_reader_new (pomar_context_get_store (context), &error);
  g_assert_no_error (error);
  g_assert_true (pomar_store_reader_explain_health (reader, account_id, pomar_day_today (), NULL, e, &error));
  g_assert_no_error (error);
  g_assert_true (pomar_store_reader_get_figures (reader, account_id, figures, &error));
  g_assert_no_error (error);
}

static void
test_set_and_remove (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *account_id = NULL;
  g_autoptr (PomarContext) context = NULL;
  g_autoptr (PomarStoreReader) reader = NULL;
  g_autoptr (GPtrArray) summaries = NULL;
  g_autoptr (GError) error = NULL;
  PomarHealthExplanation e;
  PomarAccountFigures figures = { 0 };
  PomarDay today = pomar_day_parse (TODAY);
  PomarHealthOverrideDialog *dialog;
  GtkWidget *window;
  GtkWidget *card;
  const char *status;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  context = ui_test_demo_context ("pomar-health-card", 3, &dir);
  reader = pomar_store_reader_new (pomar_context_get_store (context), &error);
  g_assert_no_error (error);
  summaries = ui_test_list_summaries (context);
  account_id = g_strdup (((PomarAccountSummary *) g_ptr_array_index (summaries, 0))->account.id);
  g_signal_connect (context, "account-changed", G_CALLBACK (on_account_changed), &changed);

  window = gtk_window_new ();
  card = pomar_health_card_new (context);
  gtk_window_set_child (GTK_WINDOW (window), card);
  gtk_window_present (GTK_WINDOW (window));
  read_account (context, account_id, &e, &figures);
  g_assert_false (figures.override.set);
  pomar_health_card_set_account (POMAR_HEALTH_CARD (card), account_id, &e, &figures);
  pomar_account_figures_clear (&figures);

  /* Set: written, announced, and the dialog closes. */
  g_assert_true (gtk_widget_activate_action (card, "health.override", NULL));
  dialog = pomar_health_card_get_override_dialog (POMAR_HEALTH_CARD (card));
  g_assert_nonnull (dialog);
  pomar_health_override_dialog_set_values (dialog, 77, "  Champion back from leave ", today + 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "override.set", NULL));
  g_assert_true (pomar_health_override_dialog_get_busy (dialog));
  while (pomar_health_card_get_override_dialog (POMAR_HEALTH_CARD (card)) != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (changed, ==, account_id);

  read_account (context, account_id, &e, &figures);
  g_assert_true (figures.override.set);
  g_assert_cmpint (figures.override.score, ==, 77);
  g_assert_cmpint (figures.override.expires_on, ==, today + 10);
  g_assert_cmpstr (figures.override_reason, ==, "Champion back from leave");
  pomar_health_card_set_account (POMAR_HEALTH_CARD (card), account_id, &e, &figures);
  pomar_account_figures_clear (&figures);
  g_assert_cmpstr (gtk_label_get_text (pomar_health_card_get_score_label (POMAR_HEALTH_CARD (card))), ==, "77");
  g_assert_nonnull (pomar_health_card_get_override_shown (POMAR_HEALTH_CARD (card)));

  /* Remove: the computed score again. */
  g_clear_pointer (&changed, g_free);
  g_assert_true (gtk_widget_activate_action (card, "health.remove-override", NULL));
  while (changed == NULL)
    g_main_context_iteration (NULL, TRUE);
  read_account (context, account_id, &e, &figures);
  g_assert_false (figures.override.set);
  pomar_health_card_set_account (POMAR_HEALTH_CARD (card), account_id, &e, &figures);
  pomar_account_figures_clear (&figures);
  g_assert_null (pomar_health_card_get_override_shown (POMAR_HEALTH_CARD (card)));

  /* A refusal (no such account) shows in the dialog, which stays. */
  pomar_health_card_set_account (POMAR_HEALTH_CARD (card), "acc_gone", &e, NULL);
  g_assert_true (gtk_widget_activate_action (card, "health.override", NULL));
  dialog = pomar_health_card_get_override_dialog (POMAR_HEALTH_CARD (card));
  pomar_health_override_dialog_set_values (dialog, 40, "Churn risk", today + 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "override.set", NULL));
  while (pomar_health_override_dialog_get_busy (dialog))
    g_main_context_iteration (NULL, TRUE);
  status = pomar_health_override_dialog_get_status (dialog);
  g_assert_nonnull (status);
  g_assert_true (g_str_has_prefix (status, "The override could not be set: "));
  g_assert_true (pomar_health_override_dialog_can_set (dialog, NULL));
  wait_for_layout (GTK_WIDGET (dialog));
  save_png (GTK_WIDGET (dialog), "health-override-dialog-error.png");

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_pointer (&reader, pomar_store_reader_free);
  g_signal_handlers_disconnect_by_func (context, on_account_changed, &changed);
  g_clear_object (&context);
  remove_folder (dir);
}


int
main (int    argc,
      char **argv)
{
  g_setenv ("POMAR_TODAY", TODAY, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();
  /* The widgets' templates are in the resources linked from the UI library. */
  g_assert_nonnull (pomar_get_resource ());
  if (have_display)
    {
      g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

      /* As the application has it: libadwaita's style and Pomar's. */
      adw_init ();
      gtk_css_provider_load_from_resource (css, "/io/github/pomar/Pomar/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }

  g_test_add_func ("/health-card/impact", test_impact);
  g_test_add_func ("/health-card/inputs", test_inputs);
  g_test_add_func ("/health-card/trend-and-override", test_trend_and_override);
  g_test_add_func ("/health-card/card", test_card);
  g_test_add_func ("/health-card/set-and-remove", test_set_and_remove);

  return g_test_run ();
}
