/* test-meeting-brief.c: the meeting brief on paper.
 *
 * Exports briefs as PDFs (GTK_PRINT_OPERATION_ACTION_EXPORT, the drawing
 * the print dialog uses) into a throw-away folder and reads the files back:
 * a PDF, with as many pages as the content needs: one for a brief with
 * nothing but a name, more when the notes are long, and a single note
 * longer than a page goes on over the next pages instead of being cut.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ui/pomar-meeting-brief.h"

static char *tmpdir;

/* Pages of a PDF made by cairo: its page objects, "/Type /Page" not
 * followed by "s" (which would be the page tree, "/Type /Pages"). */
static guint
count_pages (const char *contents,
             gsize       length)
{
  const char *needle = "/Type /Page";
  gsize n = strlen (needle);
  guint pages = 0;

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (contents + i, needle, n) == 0 && (i + n == length || contents[i + n] != 's'))
      pages++;
  return pages;
}

/* Exports @brief to @name in the folder, checks that it is a PDF, and
 * gives its pages. */
static guint
export_pages (PomarMeetingBrief *brief,
              const char        *name)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;

  g_assert_true (pomar_meeting_brief_export_pdf (brief, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 5);
  g_assert_true (memcmp (contents, "%PDF", 4) == 0);
  return count_pages (contents, length);
}

static char *
long_text (guint words)
{
  static const char *vocabulary[] = { "renewal", "champion", "rollout", "tickets", "budget",
                                      "training", "adoption", "sponsor", "integration", "quarter" };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < words; i++)
    {
      g_string_append (text, vocabulary[(i * 7) % G_N_ELEMENTS (vocabulary)]);
      g_string_append (text, (i % 17 == 16) ? ". " : " ");
    }
  return g_string_free (text, FALSE);
}

static PomarMeetingBrief *
full_brief (guint n_notes,
            guint note_words)
{
  PomarMeetingBrief *brief = pomar_meeting_brief_new ();

  pomar_meeting_brief_set_account (brief, "São Bento Café", "saobento.example.com.br",
                                   "Enterprise", "Ana Souza", "Nurture");
  pomar_meeting_brief_set_money (brief, "R$ 480.000", "Renews on 3/1/27, in 98 days");
  pomar_meeting_brief_set_health (brief, "58, Yellow, Down 9 points in 30 days",
                                  "Support pulls health down the most: 3 urgent tickets are open.");
  pomar_meeting_brief_add_health_line (brief, "Adoption: 62 — On average 40 of 80 seats active in the last 30 days");
  pomar_meeting_brief_add_health_line (brief, "Usage trend: 45 — 900 events in the last 30 days, 1,000 in the 30 before");
  pomar_meeting_brief_add_health_line (brief, "Support: 25 — 3 open tickets: 3 urgent");
  pomar_meeting_brief_add_health_line (brief, "Sentiment: 60 — NPS 20 over 180 days, from 10 answers (2 detractors)");
  pomar_meeting_brief_add_health_line (brief, "Engagement: 100 — Last note, meeting, email or call 3 days ago");
  pomar_meeting_brief_set_nps (brief, "NPS 20 over 90 days, 10 answers");
  pomar_meeting_brief_add_comment (brief, 9, "11/2/26", "Carla", "Great support team.");
  pomar_meeting_brief_add_comment (brief, 3, "10/28/26", "Diego", "Reports are slow every Monday.");
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *title = g_strdup_printf ("Export to the ERP fails, batch %u", i);
      pomar_meeting_brief_add_ticket (brief, title, i < 3 ? "Urgent" : "Normal", "3 days");
    }
  pomar_meeting_brief_add_task (brief, "Risk recovery", "Talk with the champion", "11/20/26", TRUE);
  pomar_meeting_brief_add_task (brief, "Risk recovery", "Agree a recovery plan", "11/30/26", FALSE);
  for (guint i = 0; i < n_notes; i++)
    {
      g_autofree char *body = long_text (note_words);
      pomar_meeting_brief_add_note (brief, "11/20/26", "Ana Souza", body);
    }
  return brief;
}

static void
test_name_only (void)
{
  g_autoptr (PomarMeetingBrief) brief = pomar_meeting_brief_new ();

  pomar_meeting_brief_set_account (brief, "Acme Ltda", NULL, NULL, NULL, NULL);
  g_assert_cmpstr (pomar_meeting_brief_get_name (brief), ==, "Acme Ltda");
  g_assert_cmpuint (export_pages (brief, "name-only.pdf"), ==, 1);
}

static void
test_pages (void)
{
  g_autoptr (PomarMeetingBrief) short_notes = full_brief (1, 12);
  g_autoptr (PomarMeetingBrief) long_notes = full_brief (5, 400);
  g_autoptr (PomarMeetingBrief) copy = NULL;
  guint short_pages, long_pages;

  /* Every section, with ten tickets and one short note, fits on one page. */
  short_pages = export_pages (short_notes, "short.pdf");
  g_assert_cmpuint (short_pages, ==, 1);

  /* Five notes of 400 words do not. */
  long_pages = export_pages (long_notes, "long.pdf");
  g_assert_cmpuint (long_pages, >=, 2);
  g_assert_cmpuint (long_pages, >, short_pages);

  /* A copy prints the same. */
  copy = pomar_meeting_brief_copy (long_notes);
  g_assert_cmpuint (export_pages (copy, "copy.pdf"), ==, long_pages);
}

static void
test_note_longer_than_a_page (void)
{
  g_autoptr (PomarMeetingBrief) brief = pomar_meeting_brief_new ();
  g_autofree char *body = long_text (3000);

  /* One note of 3,000 words runs over three pages or more: its lines go
   * on over the next pages rather than being cut at the first. */
  pomar_meeting_brief_set_account (brief, "Acme Ltda", NULL, NULL, NULL, NULL);
  pomar_meeting_brief_add_note (brief, "11/20/26", NULL, body);
  g_assert_cmpuint (export_pages (brief, "one-note.pdf"), >=, 3);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);
  /* Printing needs no display: export only draws into a PDF surface. */
  gtk_init_check ();

  tmpdir = g_dir_make_tmp ("pomar-brief-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/meeting-brief/name-only", test_name_only);
  g_test_add_func ("/meeting-brief/pages", test_pages);
  g_test_add_func ("/meeting-brief/note-longer-than-a-page", test_note_longer_than_a_page);

  result = g_test_run ();

  if (g_getenv ("POMAR_KEEP_PDF") == NULL)
    {
      const char *names[] = { "name-only.pdf", "short.pdf", "long.pdf", "copy.pdf", "one-note.pdf" };
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_autofree char *path = g_build_filename (tmpdir, names[i], NULL);
          g_unlink (path);
        }
      g_rmdir (tmpdir);
    }
  else
    g_printerr ("PDFs kept in %s\n", tmpdir);
  g_free (tmpdir);
  return result;
}
