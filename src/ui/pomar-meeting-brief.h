/* pomar-meeting-brief.h: a customer's essentials on paper.
 *
 * The customer page fills a PomarMeetingBrief with the texts it shows
 * (already in the user's words and locale) and prints it, or saves it as a
 * PDF, for a meeting where no screen is at hand.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What the brief keeps of each list; what is added beyond it is counted
 * and printed as "and N more". */
#define POMAR_MEETING_BRIEF_MAX_COMMENTS 5
#define POMAR_MEETING_BRIEF_MAX_TICKETS  10
#define POMAR_MEETING_BRIEF_MAX_TASKS    10
#define POMAR_MEETING_BRIEF_MAX_NOTES    5

typedef struct _PomarMeetingBrief PomarMeetingBrief;

PomarMeetingBrief *pomar_meeting_brief_new  (void);
PomarMeetingBrief *pomar_meeting_brief_copy (const PomarMeetingBrief *brief);
void               pomar_meeting_brief_free (PomarMeetingBrief       *brief);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarMeetingBrief, pomar_meeting_brief_free)

/* Every text may be NULL (left out, or "—" where a value is expected). */
void pomar_meeting_brief_set_account (PomarMeetingBrief *brief,
                                      const char        *name,
                                      const char        *domain,
                                      const char        *segment,
                                      const char        *owner,
                                      const char        *stage);
/* "R$ 48.000" and "Renews on 3/1/27, in 98 days". */
void pomar_meeting_brief_set_money   (PomarMeetingBrief *brief,
                                      const char        *arr,
                                      const char        *renewal);
/* @summary: "72, green, up 6 points in 30 days"; @impact: the sentence on
 * what pulls the score down the most. */
void pomar_meeting_brief_set_health  (PomarMeetingBrief *brief,
                                      const char        *summary,
                                      const char        *impact);
/* One line per component: "Adoption: 62 — On average 45 of 80 seats...". */
void pomar_meeting_brief_add_health_line (PomarMeetingBrief *brief,
                                          const char        *line);
/* "NPS 20 over 90 days, 12 answers". */
void pomar_meeting_brief_set_nps     (PomarMeetingBrief *brief,
                                      const char        *nps);
/* A survey comment with its score (0..10; a detractor is 0..6), date and
 * author (may be NULL). Detractors print first; otherwise the order added
 * (newest first, say) is kept. */
void pomar_meeting_brief_add_comment (PomarMeetingBrief *brief,
                                      int                score,
                                      const char        *date,
                                      const char        *author,
                                      const char        *text);
/* An open ticket: its title, priority and age in words ("Urgent", "3 days"). */
void pomar_meeting_brief_add_ticket  (PomarMeetingBrief *brief,
                                      const char        *title,
                                      const char        *priority,
                                      const char        *age);
/* An open playbook task: its playbook, title, due day in words, and
 * whether it is overdue. */
void pomar_meeting_brief_add_task    (PomarMeetingBrief *brief,
                                      const char        *playbook,
                                      const char        *task,
                                      const char        *due,
                                      gboolean           overdue);
/* A note of the timeline: date, author (may be NULL) and body. */
void pomar_meeting_brief_add_note    (PomarMeetingBrief *brief,
                                      const char        *date,
                                      const char        *author,
                                      const char        *body);

const char *pomar_meeting_brief_get_name (const PomarMeetingBrief *brief);

/* Opens the print dialog (which also offers "Print to File", as PDF) for a
 * copy of @brief, with the job name "Meeting brief — <name>". Runs on its
 * own: a failure shows in a dialog over @parent. */
void     pomar_meeting_brief_print      (PomarMeetingBrief *brief,
                                         GtkWindow         *parent);

/* The same pages saved as a PDF at @path, with no dialog. */
gboolean pomar_meeting_brief_export_pdf (PomarMeetingBrief *brief,
                                         const char        *path,
                                         GError           **error);

G_END_DECLS
