/* pomar-meeting-brief.c: a customer's essentials on paper.
 *
 * The page's texts (the caller's, already localised) are laid out with
 * Pango once the print context is known (begin-print): every paragraph is
 * a PangoLayout as wide as the printable area, and pagination places its
 * lines one by one, so that a note longer than a page goes on over the
 * next ones, and a heading never ends a page alone. draw-page then only
 * shows the lines placed on its page, and the footer ("Page N of M" and
 * the day it was printed). Paper is always dark text on white, whatever
 * the style of the screen: nothing here reads the widgets' colours.
 *
 * Printing works on a copy of the brief: the dialog runs on its own, after
 * the caller has moved on.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pomar-meeting-brief.h"

#include <adwaita.h>

typedef struct
{
  int   score;
  char *date;
  char *author;
  char *text;
} BriefComment;

typedef struct
{
  char *title;
  char *priority;
  char *age;
} BriefTicket;

typedef struct
{
  char    *playbook;
  char    *task;
  char    *due;
  gboolean overdue;
} BriefTask;

typedef struct
{
  char *date;
  char *author;
  char *body;
} BriefNote;

struct _PomarMeetingBrief
{
  char      *name;
  char      *domain;
  char      *segment;
  char      *owner;
  char      *stage;
  char      *arr;
  char      *renewal;
  char      *health;
  char      *impact;
  char      *nps;
  GPtrArray *health_lines;  /* char * */
  GPtrArray *comments;      /* BriefComment, every one added */
  GPtrArray *tickets;       /* BriefTicket, up to the maximum */
  GPtrArray *tasks;         /* BriefTask, up to the maximum */
  GPtrArray *notes;         /* BriefNote, up to the maximum */
  guint      more_tickets;
  guint      more_tasks;
  guint      more_notes;
};

/* The brief ----------------------------------------------------------------- */

static void
brief_comment_free (BriefComment *c)
{
  g_free (c->date);
  g_free (c->author);
  g_free (c->text);
  g_free (c);
}

static void
brief_ticket_free (BriefTicket *t)
{
  g_free (t->title);
  g_free (t->priority);
  g_free (t->age);
  g_free (t);
}

static void
brief_task_free (BriefTask *t)
{
  g_free (t->playbook);
  g_free (t->task);
  g_free (t->due);
  g_free (t);
}

static void
brief_note_free (BriefNote *n)
{
  g_free (n->date);
  g_free (n->author);
  g_free (n->body);
  g_free (n);
}

PomarMeetingBrief *
pomar_meeting_brief_new (void)
{
  PomarMeetingBrief *brief = g_new0 (PomarMeetingBrief, 1);

  brief->health_lines = g_ptr_array_new_with_free_func (g_free);
  brief->comments = g_ptr_array_new_with_free_func ((GDestroyNotify) brief_comment_free);
  brief->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) brief_ticket_free);
  brief->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) brief_task_free);
  brief->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) brief_note_free);
  return brief;
}

void
pomar_meeting_brief_free (PomarMeetingBrief *brief)
{
  if (brief == NULL)
    return;

  g_free (brief->name);
  g_free (brief->domain);
  g_free (brief->segment);
  g_free (brief->owner);
  g_free (brief->stage);
  g_free (brief->arr);
  g_free (brief->renewal);
  g_free (brief->health);
  g_free (brief->impact);
  g_free (brief->nps);
  g_ptr_array_unref (brief->health_lines);
  g_ptr_array_unref (brief->comments);
  g_ptr_array_unref (brief->tickets);
  g_ptr_array_unref (brief->tasks);
  g_ptr_array_unref (brief->notes);
  g_free (brief);
}

PomarMeetingBrief *
pomar_meeting_brief_copy (const PomarMeetingBrief *brief)
{
  PomarMeetingBrief *copy;

  g_return_val_if_fail (brief != NULL, NULL);

  copy = pomar_meeting_brief_new ();
  pomar_meeting_brief_set_account (copy, brief->name, brief->domain, brief->segment,
                                   brief->owner, brief->stage);
  pomar_meeting_brief_set_money (copy, brief->arr, brief->renewal);
  pomar_meeting_brief_set_health (copy, brief->health, brief->impact);
  pomar_meeting_brief_set_nps (copy, brief->nps);
  for (guint i = 0; i < brief->health_lines->len; i++)
    pomar_meeting_brief_add_health_line (copy, g_ptr_array_index (brief->health_lines, i));
  for (guint i = 0; i < brief->comments->len; i++)
    {
      const BriefComment *c = g_ptr_array_index (brief->comments, i);
      pomar_meeting_brief_add_comment (copy, c->score, c->date, c->author, c->text);
    }
  for (guint i = 0; i < brief->tickets->len; i++)
    {
      const BriefTicket *t = g_ptr_array_index (brief->tickets, i);
      pomar_meeting_brief_add_ticket (copy, t->title, t->priority, t->age);
    }
  for (guint i = 0; i < brief->tasks->len; i++)
    {
      const BriefTask *t = g_ptr_array_index (brief->tasks, i);
      pomar_meeting_brief_add_task (copy, t->playbook, t->task, t->due, t->overdue);
    }
  for (guint i = 0; i < brief->notes->len; i++)
    {
      const BriefNote *n = g_ptr_array_index (brief->notes, i);
      pomar_meeting_brief_add_note (copy, n->date, n->author, n->body);
    }
  copy->more_tickets = brief->more_tickets;
  copy->more_tasks = brief->more_tasks;
  copy->more_notes = brief->more_notes;
  return copy;
}

static void
set_text (char       **field,
          const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

void
pomar_meeting_brief_set_account (PomarMeetingBrief *brief,
                                 const char        *name,
                                 const char        *domain,
                                 const char        *segment,
                                 const char        *owner,
                                 const char        *stage)
{
  g_return_if_fail (brief != NULL);

  set_text (&brief->name, name);
  set_text (&brief->domain, domain);
  set_text (&brief->segment, segment);
  set_text (&brief->owner, owner);
  set_text (&brief->stage, stage);
}

void
pomar_meeting_brief_set_money (PomarMeetingBrief *brief,
                               const char        *arr,
                               const char        *renewal)
{
  g_return_if_fail (brief != NULL);

  set_text (&brief->arr, arr);
  set_text (&brief->renewal, renewal);
}

void
pomar_meeting_brief_set_health (PomarMeetingBrief *brief,
                                const char        *summary,
                                const char        *impact)
{
  g_return_if_fail (brief != NULL);

  set_text (&brief->health, summary);
  set_text (&brief->impact, impact);
}

void
pomar_meeting_brief_add_health_line (PomarMeetingBrief *brief,
                                     const char        *line)
{
  g_return_if_fail (brief != NULL);
  g_return_if_fail (line != NULL);

  g_ptr_array_add (brief->health_lines, g_strdup (line));
}

void
pomar_meeting_brief_set_nps (PomarMeetingBrief *brief,
                             const char        *nps)
{
  g_return_if_fail (brief != NULL);

  set_text (&brief->nps, nps);
}

void
pomar_meeting_brief_add_comment (PomarMeetingBrief *brief,
                                 int                score,
                                 const char        *date,
                                 const char        *author,
                                 const char        *text)
{
  BriefComment *c;

  g_return_if_fail (brief != NULL);

  /* Every comment is kept: which five print depends on the detractors
   * among all of them (see comments_to_print). */
  c = g_new0 (BriefComment, 1);
  c->score = score;
  c->date = g_strdup (date);
  c->author = g_strdup (author);
  c->text = g_strdup (text);
  g_ptr_array_add (brief->comments, c);
}

void
pomar_meeting_brief_add_ticket (PomarMeetingBrief *brief,
                                const char        *title,
                                const char        *priority,
                                const char        *age)
{
  BriefTicket *t;

  g_return_if_fail (brief != NULL);

  if (brief->tickets->len >= POMAR_MEETING_BRIEF_MAX_TICKETS)
    {
      brief->more_tickets++;
      return;
    }
  t = g_new0 (BriefTicket, 1);
  t->title = g_strdup (title);
  t->priority = g_strdup (priority);
  t->age = g_strdup (age);
  g_ptr_array_add (brief->tickets, t);
}

void
pomar_meeting_brief_add_task (PomarMeetingBrief *brief,
                              const char        *playbook,
                              const char        *task,
                              const char        *due,
                              gboolean           overdue)
{
  BriefTask *t;

  g_return_if_fail (brief != NULL);

  if (brief->tasks->len >= POMAR_MEETING_BRIEF_MAX_TASKS)
    {
      brief->more_tasks++;
      return;
    }
  t = g_new0 (BriefTask, 1);
  t->playbook = g_strdup (playbook);
  t->task = g_strdup (task);
  t->due = g_strdup (due);
  t->overdue = overdue;
  g_ptr_array_add (brief->tasks, t);
}

void
pomar_meeting_brief_add_note (PomarMeetingBrief *brief,
                              const char        *date,
                              const char        *author,
                              const char        *body)
{
  BriefNote *n;

  g_return_if_fail (brief != NULL);

  if (brief->notes->len >= POMAR_MEETING_BRIEF_MAX_NOTES)
    {
      brief->more_notes++;
      return;
    }
  n = g_new0 (BriefNote, 1);
  n->date = g_strdup (date);
  n->author = g_strdup (author);
  n->body = g_strdup (body);
  g_ptr_array_add (brief->notes, n);
}

const char *
pomar_meeting_brief_get_name (const PomarMeetingBrief *brief)
{
  g_return_val_if_fail (brief != NULL, NULL);
  return brief->name;
}

/* Detractors (0..6) first, then the others, each in the order added; at
 * most POMAR_MEETING_BRIEF_MAX_COMMENTS. */
static GPtrArray *
comments_to_print (const PomarMeetingBrief *brief)
{
  GPtrArray *out = g_ptr_array_new ();

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < brief->comments->len; i++)
      {
        BriefComment *c = g_ptr_array_index (brief->comments, i);
        gboolean detractor = c->score >= 0 && c->score <= 6;

        if (out->len >= POMAR_MEETING_BRIEF_MAX_COMMENTS)
          return out;
        if (detractor == (pass == 0))
          g_ptr_array_add (out, c);
      }
  return out;
}

/* Layout --------------------------------------------------------------------- */

/* Sizes in points; the operation's unit. */
#define FOOTER_HEIGHT 28.0
#define BULLET_INDENT 12.0

typedef enum
{
  STYLE_TITLE,
  STYLE_HEADING,
  STYLE_BODY,
  STYLE_SMALL,
} BlockStyle;

typedef struct
{
  PangoLayout *layout;
  double       x;              /* left of the layout, from the margin */
  double       space_before;
  gboolean     keep_with_next; /* a heading: never last on a page */
  gboolean     rule_below;
} Block;

typedef struct
{
  PangoLayoutLine *line;       /* owned by its block's layout */
  double           x;
  double           baseline;
} PlacedLine;

typedef struct
{
  double y;                    /* a rule under a heading */
} PlacedRule;

typedef struct
{
  GArray *lines;               /* PlacedLine */
  GArray *rules;               /* PlacedRule */
} Page;

typedef struct
{
  PomarMeetingBrief *brief;
  GPtrArray         *blocks;   /* Block */
  GPtrArray         *pages;    /* Page */
  char              *printed_on;
  GtkWindow         *parent;   /* weak: where a failure shows */
  gboolean           reported;
} PrintJob;

static void
block_free (Block *block)
{
  g_clear_object (&block->layout);
  g_free (block);
}

static void
page_free (Page *page)
{
  g_array_unref (page->lines);
  g_array_unref (page->rules);
  g_free (page);
}

static Page *
page_new (void)
{
  Page *page = g_new0 (Page, 1);

  page->lines = g_array_new (FALSE, FALSE, sizeof (PlacedLine));
  page->rules = g_array_new (FALSE, FALSE, sizeof (PlacedRule));
  return page;
}

static void
print_job_free (PrintJob *job)
{
  pomar_meeting_brief_free (job->brief);
  g_clear_pointer (&job->blocks, g_ptr_array_unref);
  g_clear_pointer (&job->pages, g_ptr_array_unref);
  g_free (job->printed_on);
  if (job->parent != NULL)
    g_object_remove_weak_pointer (G_OBJECT (job->parent), (gpointer *) &job->parent);
  g_free (job);
}

static PrintJob *
print_job_new (const PomarMeetingBrief *brief)
{
  PrintJob *job = g_new0 (PrintJob, 1);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  job->brief = pomar_meeting_brief_copy (brief);
  /* The day in the locale's short form (%x), as the rest of Pomar. */
  job->printed_on = g_date_time_format (now, "%x");
  return job;
}

static const char *
style_font (BlockStyle style)
{
  switch (style)
    {
    case STYLE_TITLE:
      return "Sans Bold 20";
    case STYLE_HEADING:
      return "Sans Bold 13";
    case STYLE_SMALL:
      return "Sans 8.5";
    case STYLE_BODY:
    default:
      return "Sans 10";
    }
}

/* Adds a paragraph of Pango markup (the caller escapes what it inserts). */
static Block *
add_markup (PrintJob        *job,
            GtkPrintContext *context,
            BlockStyle       style,
            double           x,
            double           space_before,
            const char      *markup)
{
  Block *block = g_new0 (Block, 1);
  g_autoptr (PangoFontDescription) font = pango_font_description_from_string (style_font (style));
  double width = gtk_print_context_get_width (context) - x;

  block->layout = gtk_print_context_create_pango_layout (context);
  block->x = x;
  block->space_before = space_before;
  pango_layout_set_font_description (block->layout, font);
  pango_layout_set_width (block->layout, pango_units_from_double (MAX (width, 1)));
  pango_layout_set_wrap (block->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_spacing (block->layout, pango_units_from_double (style == STYLE_BODY ? 2 : 1));
  pango_layout_set_markup (block->layout, markup, -1);
  g_ptr_array_add (job->blocks, block);
  return block;
}

static void
add_text (PrintJob        *job,
          GtkPrintContext *context,
          BlockStyle       style,
          double           x,
          double           space_before,
          const char      *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  add_markup (job, context, style, x, space_before, markup);
}

static void
add_heading (PrintJob        *job,
             GtkPrintContext *context,
             const char      *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);
  Block *block = add_markup (job, context, STYLE_HEADING, 0, 16, markup);

  block->keep_with_next = TRUE;
  block->rule_below = TRUE;
}

/* "• text", hanging: the lines after the first start under the text. */
static void
add_bullet (PrintJob        *job,
            GtkPrintContext *context,
            double           space_before,
            const char      *markup)
{
  g_autofree char *bulleted = g_strdup_printf ("•\t%s", markup);
  Block *block = add_markup (job, context, STYLE_BODY, 0, space_before, bulleted);
  PangoTabArray *tabs = pango_tab_array_new_with_positions (1, FALSE, PANGO_TAB_LEFT,
                                                            pango_units_from_double (BULLET_INDENT));

  pango_layout_set_tabs (block->layout, tabs);
  pango_layout_set_indent (block->layout, pango_units_from_double (-BULLET_INDENT));
  pango_tab_array_free (tabs);
  block->x = BULLET_INDENT;
  pango_layout_set_width (block->layout,
                          pango_units_from_double (MAX (gtk_print_context_get_width (context)
                                                        - BULLET_INDENT, 1)));
}

/* "<b>Stage</b>  Nurture", for the facts of the account. */
static void
add_fact (PrintJob        *job,
          GtkPrintContext *context,
          const char      *label,
          const char      *value)
{
  g_autofree char *markup = NULL;

  if (value == NULL || *value == '\0')
    return;
  /* Translators: a fact of the account on the printed brief, "Stage: Nurture". */
  markup = g_markup_printf_escaped (_("<b>%s:</b> %s"), label, value);
  add_markup (job, context, STYLE_BODY, 0, 2, markup);
}

static void
add_none (PrintJob        *job,
          GtkPrintContext *context,
          const char      *text)
{
  g_autofree char *markup = g_markup_printf_escaped ("<span foreground=\"#5e5c64\">%s</span>", text);

  add_markup (job, context, STYLE_BODY, 0, 2, markup);
}

static void
add_more (PrintJob        *job,
          GtkPrintContext *context,
          guint            more)
{
  g_autofree char *text = NULL;

  if (more == 0)
    return;
  /* Translators: under a list cut short on the printed brief. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more.", "And %u more.", more), more);
  add_none (job, context, text);
}

static void
build_blocks (PrintJob        *job,
              GtkPrintContext *context)
{
  const PomarMeetingBrief *b = job->brief;
  g_autoptr (GPtrArray) comments = comments_to_print (b);

  g_clear_pointer (&job->blocks, g_ptr_array_unref);
  job->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);

  add_text (job, context, STYLE_TITLE, 0, 0, b->name != NULL ? b->name : _("Unnamed account"));
  /* Translators: under the customer's name on the printed brief. */
  add_text (job, context, STYLE_SMALL, 0, 2, _("Meeting brief"));

  /* The account, a little apart from the title. */
  add_markup (job, context, STYLE_SMALL, 0, 0, "");
  add_fact (job, context, _("Domain"), b->domain);
  add_fact (job, context, _("Segment"), b->segment);
  add_fact (job, context, _("Owner"), b->owner);
  add_fact (job, context, _("Stage"), b->stage);
  add_fact (job, context, _("ARR"), b->arr);
  add_fact (job, context, _("Renewal"), b->renewal);

  /* Health. */
  if (b->health != NULL || b->health_lines->len > 0)
    {
      add_heading (job, context, _("Health"));
      if (b->health != NULL)
        {
          g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", b->health);
          add_markup (job, context, STYLE_BODY, 0, 4, markup);
        }
      if (b->impact != NULL)
        add_text (job, context, STYLE_BODY, 0, 4, b->impact);
      for (guint i = 0; i < b->health_lines->len; i++)
        {
          g_autofree char *markup = g_markup_escape_text (g_ptr_array_index (b->health_lines, i), -1);
          add_bullet (job, context, i == 0 ? 6 : 2, markup);
        }
    }

  /* NPS and what the customers said. */
  if (b->nps != NULL || comments->len > 0)
    {
      add_heading (job, context, _("NPS and Comments"));
      if (b->nps != NULL)
        add_text (job, context, STYLE_BODY, 0, 4, b->nps);
      for (guint i = 0; i < comments->len; i++)
        {
          const BriefComment *c = g_ptr_array_index (comments, i);
          g_autofree char *who = NULL;
          g_autofree char *markup = NULL;

          if (c->author != NULL && c->date != NULL)
            /* Translators: who answered a survey, and when. */
            who = g_strdup_printf (_("%s, %s"), c->author, c->date);
          else
            who = g_strdup (c->author != NULL ? c->author : c->date != NULL ? c->date : "");
          /* Translators: a survey comment on paper: score, comment, who and when. */
          markup = g_markup_printf_escaped (_("<b>%d</b>  “%s”  <span foreground=\"#5e5c64\">%s</span>"),
                                            c->score, c->text != NULL ? c->text : "", who);
          add_bullet (job, context, i == 0 ? 6 : 3, markup);
        }
    }

  /* Open tickets. */
  add_heading (job, context, _("Open Tickets"));
  if (b->tickets->len == 0)
    add_none (job, context, _("No open tickets."));
  for (guint i = 0; i < b->tickets->len; i++)
    {
      const BriefTicket *t = g_ptr_array_index (b->tickets, i);
      g_autofree char *markup = NULL;

      /* Translators: an open ticket on paper: priority, title and age. */
      markup = g_markup_printf_escaped (_("<b>%s</b>  %s  <span foreground=\"#5e5c64\">%s</span>"),
                                        t->priority != NULL ? t->priority : "",
                                        t->title != NULL ? t->title : "",
                                        t->age != NULL ? t->age : "");
      add_bullet (job, context, i == 0 ? 4 : 2, markup);
    }
  add_more (job, context, b->more_tickets);

  /* Open playbook tasks. */
  add_heading (job, context, _("Open Playbook Tasks"));
  if (b->tasks->len == 0)
    add_none (job, context, _("No open playbook tasks."));
  for (guint i = 0; i < b->tasks->len; i++)
    {
      const BriefTask *t = g_ptr_array_index (b->tasks, i);
      g_autofree char *markup = NULL;

      if (t->overdue)
        /* Translators: an overdue playbook task on paper: playbook, task, due day. */
        markup = g_markup_printf_escaped (_("%s: %s  <span foreground=\"#a51d2d\"><b>due %s, overdue</b></span>"),
                                          t->playbook != NULL ? t->playbook : "",
                                          t->task != NULL ? t->task : "",
                                          t->due != NULL ? t->due : "—");
      else
        /* Translators: a playbook task on paper: playbook, task, due day. */
        markup = g_markup_printf_escaped (_("%s: %s  <span foreground=\"#5e5c64\">due %s</span>"),
                                          t->playbook != NULL ? t->playbook : "",
                                          t->task != NULL ? t->task : "",
                                          t->due != NULL ? t->due : "—");
      add_bullet (job, context, i == 0 ? 4 : 2, markup);
    }
  add_more (job, context, b->more_tasks);

  /* The latest notes, whole: on paper nothing is a click away. */
  add_heading (job, context, _("Latest Notes"));
  if (b->notes->len == 0)
    add_none (job, context, _("No notes yet."));
  for (guint i = 0; i < b->notes->len; i++)
    {
      const BriefNote *n = g_ptr_array_index (b->notes, i);
      g_autofree char *markup = NULL;
      Block *header;

      if (n->author != NULL)
        /* Translators: a note's heading on paper: its date and author. */
        markup = g_markup_printf_escaped (_("<b>%s</b> · %s"), n->date != NULL ? n->date : "—",
                                          n->author);
      else
        markup = g_markup_printf_escaped ("<b>%s</b>", n->date != NULL ? n->date : "—");
      header = add_markup (job, context, STYLE_BODY, 0, i == 0 ? 4 : 10, markup);
      header->keep_with_next = TRUE;
      add_text (job, context, STYLE_BODY, 0, 2, n->body != NULL ? n->body : "");
    }
  add_more (job, context, b->more_notes);
}

/* The height of the first line of @block, for keeping a heading with it. */
static double
first_line_height (Block *block)
{
  PangoLayoutIter *iter = pango_layout_get_iter (block->layout);
  int y0, y1;

  pango_layout_iter_get_line_yrange (iter, &y0, &y1);
  pango_layout_iter_free (iter);
  return pango_units_to_double (y1 - y0);
}

static double
block_height (Block *block)
{
  int height;

  pango_layout_get_size (block->layout, NULL, &height);
  return pango_units_to_double (height);
}

static void
paginate (PrintJob        *job,
          GtkPrintContext *context)
{
  double available = gtk_print_context_get_height (context) - FOOTER_HEIGHT;
  Page *page = page_new ();
  double y = 0;

  g_clear_pointer (&job->pages, g_ptr_array_unref);
  job->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
  g_ptr_array_add (job->pages, page);

  for (guint i = 0; i < job->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (job->blocks, i);
      PangoLayoutIter *iter;

      if (y > 0)
        y += block->space_before;

      /* A heading goes to the next page unless the first line after it
       * fits under it. */
      if (block->keep_with_next && y > 0 && i + 1 < job->blocks->len)
        {
          Block *next = g_ptr_array_index (job->blocks, i + 1);
          double needed = block_height (block) + (block->rule_below ? 4 : 0)
                          + next->space_before + first_line_height (next);

          if (y + needed > available)
            {
              page = page_new ();
              g_ptr_array_add (job->pages, page);
              y = 0;
            }
        }

      iter = pango_layout_get_iter (block->layout);
      do
        {
          PangoRectangle logical;
          PlacedLine placed;
          int y0, y1;
          double height;

          pango_layout_iter_get_line_yrange (iter, &y0, &y1);
          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          height = pango_units_to_double (y1 - y0);

          if (y > 0 && y + height > available)
            {
              page = page_new ();
              g_ptr_array_add (job->pages, page);
              y = 0;
            }

          placed.line = pango_layout_iter_get_line_readonly (iter);
          placed.x = block->x + pango_units_to_double (logical.x);
          placed.baseline = y + pango_units_to_double (pango_layout_iter_get_baseline (iter) - y0);
          g_array_append_val (page->lines, placed);
          y += height;
        }
      while (pango_layout_iter_next_line (iter));
      pango_layout_iter_free (iter);

      if (block->rule_below)
        {
          PlacedRule rule = { y + 2 };

          g_array_append_val (page->rules, rule);
          y += 4;
        }
    }
}

static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  build_blocks (job, context);
  paginate (job, context);
  gtk_print_operation_set_n_pages (operation, (int) job->pages->len);
}

static void
draw_footer (PrintJob        *job,
             GtkPrintContext *context,
             cairo_t         *cr,
             int              page_nr)
{
  double width = gtk_print_context_get_width (context);
  double top = gtk_print_context_get_height (context) - FOOTER_HEIGHT + 10;
  g_autoptr (PangoFontDescription) font = pango_font_description_from_string (style_font (STYLE_SMALL));
  g_autoptr (PangoLayout) left = gtk_print_context_create_pango_layout (context);
  g_autoptr (PangoLayout) right = gtk_print_context_create_pango_layout (context);
  g_autofree char *printed = NULL;
  g_autofree char *pages = NULL;

  cairo_set_source_rgb (cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, 0, top - 4);
  cairo_line_to (cr, width, top - 4);
  cairo_stroke (cr);

  cairo_set_source_rgb (cr, 0.37, 0.36, 0.39);

  /* Translators: the footer of the printed brief: customer and day printed. */
  printed = g_strdup_printf (_("%s · Printed on %s"),
                             job->brief->name != NULL ? job->brief->name : _("Unnamed account"),
                             job->printed_on);
  pango_layout_set_font_description (left, font);
  pango_layout_set_width (left, pango_units_from_double (width * 0.7));
  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (left, printed, -1);
  cairo_move_to (cr, 0, top);
  pango_cairo_show_layout (cr, left);

  /* Translators: the footer of the printed brief. */
  pages = g_strdup_printf (_("Page %d of %d"), page_nr + 1, (int) job->pages->len);
  pango_layout_set_font_description (right, font);
  pango_layout_set_width (right, pango_units_from_double (width * 0.3));
  pango_layout_set_alignment (right, PANGO_ALIGN_RIGHT);
  pango_layout_set_text (right, pages, -1);
  cairo_move_to (cr, width * 0.7, top);
  pango_cairo_show_layout (cr, right);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  Page *page;

  if (job->pages == NULL || page_nr < 0 || (guint) page_nr >= job->pages->len)
    return;
  page = g_ptr_array_index (job->pages, page_nr);

  /* Dark text on white paper, whatever the screen's style. */
  cairo_set_source_rgb (cr, 0.12, 0.12, 0.13);
  for (guint i = 0; i < page->lines->len; i++)
    {
      const PlacedLine *placed = &g_array_index (page->lines, PlacedLine, i);

      cairo_move_to (cr, placed->x, placed->baseline);
      pango_cairo_show_layout_line (cr, placed->line);
    }

  cairo_set_source_rgb (cr, 0.8, 0.8, 0.8);
  cairo_set_line_width (cr, 0.75);
  for (guint i = 0; i < page->rules->len; i++)
    {
      const PlacedRule *rule = &g_array_index (page->rules, PlacedRule, i);

      cairo_move_to (cr, 0, rule->y);
      cairo_line_to (cr, width, rule->y);
      cairo_stroke (cr);
    }

  draw_footer (job, context, cr, page_nr);
}

/* A4 or Letter, as the locale's default paper, with margins of 15 mm: the
 * printer's own minimum margins are often too tight to read comfortably. */
static GtkPrintOperation *
make_operation (PrintJob *job)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr (GtkPageSetup) setup = gtk_page_setup_new ();
  g_autofree char *job_name = NULL;

  gtk_page_setup_set_top_margin (setup, 15, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, 15, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, 18, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, 18, GTK_UNIT_MM);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  /* Translators: the print job's name, with the customer's name. */
  job_name = g_strdup_printf (_("Meeting brief — %s"),
                              job->brief->name != NULL ? job->brief->name : _("Unnamed account"));
  gtk_print_operation_set_job_name (operation, job_name);

  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), job);
  g_object_set_data_full (G_OBJECT (operation), "pomar-print-job", job,
                          (GDestroyNotify) print_job_free);
  return operation;
}

gboolean
pomar_meeting_brief_export_pdf (PomarMeetingBrief *brief,
                                const char        *path,
                                GError           **error)
{
  g_autoptr (GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;

  g_return_val_if_fail (brief != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  operation = make_operation (print_job_new (brief));
  gtk_print_operation_set_export_filename (operation, path);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

static void
report_failure (PrintJob     *job,
                const GError *error)
{
  AdwMessageDialog *dialog;

  if (job->reported)
    return;
  job->reported = TRUE;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (job->parent, _("Could Not Print"), NULL));
  adw_message_dialog_format_body (dialog, _("The meeting brief could not be printed: %s"),
                                  error != NULL ? error->message : _("the printing system gave no reason."));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_done (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         PrintJob                *job)
{
  g_autoptr (GError) error = NULL;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;
  gtk_print_operation_get_error (operation, &error);
  report_failure (job, error);
}

void
pomar_meeting_brief_print (PomarMeetingBrief *brief,
                           GtkWindow         *parent)
{
  g_autoptr (GtkPrintOperation) operation = NULL;
  g_autoptr (GError) error = NULL;
  PrintJob *job;

  g_return_if_fail (brief != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  job = print_job_new (brief);
  job->parent = parent;
  if (parent != NULL)
    g_object_add_weak_pointer (G_OBJECT (parent), (gpointer *) &job->parent);

  operation = make_operation (job);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "done", G_CALLBACK (on_done), job);

  /* The operation keeps itself alive while the dialog or the printing
   * runs on; "done" reports what fails after this returns. */
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    report_failure (job, error);
}
