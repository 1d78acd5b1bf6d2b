/* pomar-playbook.h: playbook templates, their triggers and their instances.
 *
 * A template is a named list of tasks with due days (domain.md, Playbooks).
 * Six ship with Pomar as JSON in the core's resources; a team adds its own
 * as JSON files in a folder. Everything here is pure: the store gathers the
 * facts of an account, asks whether a trigger fires and keeps the result,
 * and the front ends ask for progress and lateness.
 */
#pragma once

#include <glib.h>

#include "pomar-day.h"
#include "pomar-health.h"
#include "pomar-records.h"

G_BEGIN_DECLS

/* A template file holds one template, a JSON object (the built-ins in
 * resources/playbooks/ are in the same format, to be copied):
 *
 *   { "id": "qbr", "name": "Quarterly business review",
 *     "description": "…",                   (optional)
 *     "trigger": "stage:nurture",
 *     "tasks": [ { "id": "book", "title": "Book the meeting",
 *                  "description": "…",      (optional)
 *                  "due_days": 0 }, … ] }
 *
 * Ids are not empty and have no spaces; task ids are unique within the
 * template; due_days is a whole number from 0 to POMAR_PLAYBOOK_MAX_DUE_DAYS;
 * there is at least one task. Other members are ignored. */
#define POMAR_PLAYBOOK_MAX_DUE_DAYS 3650

typedef struct
{
  char  *id;
  char  *title;
  char  *description;  /* NULL when the file has none */
  gint64 due_offset;   /* days after the start, 0..POMAR_PLAYBOOK_MAX_DUE_DAYS */
} PomarPlaybookTaskTemplate;

/* Refcounted and immutable once made: share it, never change it. */
typedef struct
{
  char      *id;
  char      *name;
  char      *description;  /* NULL when the file has none */
  char      *trigger;      /* stage:<stage id> | health:red | nps:detractor | renewal:90 |
                            * ticket:urgent-48h | manual */
  GPtrArray *tasks;        /* PomarPlaybookTaskTemplate, in order, at least one */
  gboolean   builtin;
  char      *source;       /* file path for a team template, resource path for a built-in */
} PomarPlaybookTemplate;

PomarPlaybookTemplate *pomar_playbook_template_ref   (PomarPlaybookTemplate *tmpl);
void                   pomar_playbook_template_unref (PomarPlaybookTemplate *tmpl);

/* Parses one template from JSON text. On failure, an error in POMAR_ERROR
 * (POMAR_ERROR_INVALID_DATA) whose message is one sentence naming
 * @source_name and the line, as "qbr.json, line 7: a task needs a title".
 * The template's source is @source_name and builtin is FALSE. */
PomarPlaybookTemplate *pomar_playbook_template_parse (const char  *text,
                                                      gssize       length,
                                                      const char  *source_name,
                                                      GError     **error);

/* Refcounted, immutable once loaded, safe to share between threads. */
typedef struct _PomarPlaybookCatalog PomarPlaybookCatalog;

/* The built-ins (translated with gettext) and the team's templates: the
 * files *.json of @user_dir, in name order (NULL: the folder of
 * pomar_playbook_dup_user_dir()). A file that cannot be read or does not
 * parse is skipped, and one sentence naming it (and the line) is added to
 * *@problems, a new array of strings that is empty when all went well.
 * Never fails: a missing folder is no team templates. */
PomarPlaybookCatalog *pomar_playbook_catalog_load        (const char            *user_dir,
                                                          GPtrArray            **problems);
/* Only the six built-ins. @translated FALSE keeps the English source texts,
 * which the demo book uses so that it is the same in every language. */
PomarPlaybookCatalog *pomar_playbook_catalog_new_builtin (gboolean               translated);
PomarPlaybookCatalog *pomar_playbook_catalog_ref         (PomarPlaybookCatalog  *catalog);
void                  pomar_playbook_catalog_unref       (PomarPlaybookCatalog  *catalog);
/* Borrowed: the built-ins first, in the order of domain.md, then the team's
 * templates in file name order. A team template with a built-in's id
 * takes the built-in's place. */
GPtrArray            *pomar_playbook_catalog_get_templates (PomarPlaybookCatalog *catalog);
/* NULL when no template has that id. */
const PomarPlaybookTemplate *pomar_playbook_catalog_lookup (PomarPlaybookCatalog *catalog,
                                                            const char           *template_id);

/* $XDG_CONFIG_HOME/pomar/playbooks: where a team puts its templates. */
char    *pomar_playbook_dup_user_dir     (void);

/* Whether @trigger is one of the triggers of domain.md; stage:<id> must name
 * a stage of pomar-stage.h. */
gboolean pomar_playbook_trigger_is_valid (const char *trigger);

/* Triggers --------------------------------------------------------------- */

/* What the triggers look at, for one account as of one day. */
typedef struct
{
  const char         *stage;               /* current stage id or NULL */
  const char         *stage_entered_at;    /* RFC 3339 of the change into it, NULL: unknown */
  PomarHealthBand     band;                /* the health shown (an override counts) */
  PomarDay            renewal;             /* POMAR_NO_DAY when none */
  const char         *recent_detractor_id; /* newest NPS detractor answer (0-6) of the last
                                            * 30 days, or NULL */
  const char * const *urgent_ticket_ids;   /* open urgent tickets created more than 48 hours ago */
  guint               n_urgent_tickets;
} PomarTriggerFacts;

/* The trigger's key for these facts as of @today, or NULL when its
 * condition does not hold:
 *   stage:X            "X@<stage_entered_at or empty>" while the stage is X;
 *   health:red         "red" while the band is red;
 *   renewal:90         the renewal day, YYYY-MM-DD, when 0 <= renewal - today <= 90;
 *   nps:detractor      the id of the recent detractor answer;
 *   ticket:urgent-48h  the ids, sorted and without repeats, joined by '\n';
 *   manual             always NULL (so is a trigger that is not valid). */
char    *pomar_trigger_key   (const char              *trigger,
                              const PomarTriggerFacts *facts,
                              PomarDay                 today);
/* Whether the trigger fires going from @previous_key (as stored, maybe
 * NULL) to @key: @key is not NULL and differs from @previous_key; for
 * ticket:urgent-48h, only when @key holds an id that @previous_key lacks
 * (a ticket solved is no reason to start a playbook). */
gboolean pomar_trigger_fires (const char *trigger,
                              const char *previous_key,
                              const char *key);

/* Instances -------------------------------------------------------------- */

/* Fills @instance (an empty, zeroed struct) with a new open instance of
 * @tmpl, with a fresh random id, and appends its tasks to @tasks_out
 * (PomarPlaybookTask, owned by the array: give it pomar_playbook_task_free),
 * open, titles copied from the template. @trigger NULL: the template's. */
void     pomar_playbook_instantiate      (const PomarPlaybookTemplate *tmpl,
                                          const char                  *account_id,
                                          const char                  *trigger,
                                          const char                  *started_at,
                                          PomarPlaybookInstance       *instance,
                                          GPtrArray                   *tasks_out);
/* @finished: tasks done or skipped; @total: @n. Progress is their ratio. */
void     pomar_playbook_progress         (const PomarPlaybookTask * const *tasks,
                                          guint                            n,
                                          guint                           *finished,
                                          guint                           *total);
/* Open and past its due day (the day @started plus its due offset): the due
 * day itself is not late yet. FALSE when either day is POMAR_NO_DAY. */
gboolean pomar_playbook_task_is_overdue  (const PomarPlaybookTask *task,
                                          PomarDay                 started,
                                          PomarDay                 today);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarPlaybookTemplate, pomar_playbook_template_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarPlaybookCatalog, pomar_playbook_catalog_unref)

G_END_DECLS
