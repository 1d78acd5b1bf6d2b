/* pomar-playbook.c: the catalog of playbook templates, triggers, instances.
 *
 * The six built-in templates are JSON files in the core's GResource, in the
 * very format a team uses for its own, so that a team can start from a
 * copy. xgettext cannot read JSON: po/update-playbook-strings.py lists their
 * texts in pomar-playbook-strings.c for it, and the loader translates them
 * here. A catalog is built once and never changed, which is what lets the
 * store's writer thread and the interface share it without a lock.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>

#include "pomar-core-resources.h"
#include "pomar-error.h"
#include "pomar-playbook.h"
#include "pomar-stage.h"

#define BUILTIN_PATH "/io/github/pomar/Pomar/playbooks/"

/* In the order of domain.md; resources/pomar-core.gresource.xml lists them. */
static const char * const builtin_files[] = {
  "onboarding.json",
  "engagement.json",
  "risk-recovery.json",
  "detractor-follow-up.json",
  "technical-escalation.json",
  "renewal.json",
};

struct _PomarPlaybookCatalog
{
  GPtrArray  *templates;  /* PomarPlaybookTemplate */
  GHashTable *by_id;      /* id -> PomarPlaybookTemplate, borrowed from templates */
};

/* The core is a static library: a resource registered by a constructor
 * would be dropped by the linker with the object file that holds it, so the
 * loader calls for it by name and registers it itself, once (the resource
 * is compiled with --manual-register). */
static void
ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      pomar_core_register_resource ();
      g_assert (pomar_core_get_resource () != NULL);
      g_once_init_leave (&registered, 1);
    }
}

static void
catalog_clear (PomarPlaybookCatalog *catalog)
{
  g_clear_pointer (&catalog->by_id, g_hash_table_unref);
  g_clear_pointer (&catalog->templates, g_ptr_array_unref);
}

static PomarPlaybookCatalog *
catalog_new (void)
{
  PomarPlaybookCatalog *catalog = g_atomic_rc_box_new0 (PomarPlaybookCatalog);

  catalog->templates =
    g_ptr_array_new_with_free_func ((GDestroyNotify) pomar_playbook_template_unref);
  catalog->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  return catalog;
}

PomarPlaybookCatalog *
pomar_playbook_catalog_ref (PomarPlaybookCatalog *catalog)
{
  g_return_val_if_fail (catalog != NULL, NULL);

  return g_atomic_rc_box_acquire (catalog);
}

void
pomar_playbook_catalog_unref (PomarPlaybookCatalog *catalog)
{
  g_return_if_fail (catalog != NULL);

  g_atomic_rc_box_release_full (catalog, (GDestroyNotify) catalog_clear);
}

GPtrArray *
pomar_playbook_catalog_get_templates (PomarPlaybookCatalog *catalog)
{
  g_return_val_if_fail (catalog != NULL, NULL);

  return catalog->templates;
}

const PomarPlaybookTemplate *
pomar_playbook_catalog_lookup (PomarPlaybookCatalog *catalog,
                               const char           *template_id)
{
  g_return_val_if_fail (catalog != NULL, NULL);

  if (template_id == NULL)
    return NULL;
  return g_hash_table_lookup (catalog->by_id, template_id);
}

static void
catalog_add (PomarPlaybookCatalog  *catalog,
             PomarPlaybookTemplate *tmpl)
{
  g_ptr_array_add (catalog->templates, tmpl);
  g_hash_table_replace (catalog->by_id, tmpl->id, tmpl);
}

static char *
translate (char *text)
{
  char *translated;

  /* gettext("") is the catalog's header, never a translation. */
  if (text == NULL || *text == '\0')
    return text;
  translated = g_strdup (g_dgettext (GETTEXT_PACKAGE, text));
  g_free (text);
  return translated;
}

/* The built-ins were written by us and are checked by the tests: one that
 * is missing or does not parse is a bug in this build, not something to
 * tell a user, who still gets the others. */
static void
add_builtins (PomarPlaybookCatalog *catalog,
              gboolean              translated)
{
  ensure_resources ();

  for (guint i = 0; i < G_N_ELEMENTS (builtin_files); i++)
    {
      g_autofree char *path = g_strconcat (BUILTIN_PATH, builtin_files[i], NULL);
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (GError) error = NULL;
      PomarPlaybookTemplate *tmpl;
      gsize size;
      const char *data;

      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes == NULL)
        {
          g_critical ("The built-in playbook %s is missing: %s", path, error->message);
          continue;
        }
      data = g_bytes_get_data (bytes, &size);
      tmpl = pomar_playbook_template_parse (data, (gssize) size, builtin_files[i], &error);
      if (tmpl == NULL)
        {
          g_critical ("A built-in playbook does not parse: %s", error->message);
          continue;
        }

      tmpl->builtin = TRUE;
      g_free (tmpl->source);
      tmpl->source = g_steal_pointer (&path);
      if (translated)
        {
          tmpl->name = translate (tmpl->name);
          tmpl->description = translate (tmpl->description);
          for (guint j = 0; j < tmpl->tasks->len; j++)
            {
              PomarPlaybookTaskTemplate *task = g_ptr_array_index (tmpl->tasks, j);

              task->title = translate (task->title);
              task->description = translate (task->description);
            }
        }
      catalog_add (catalog, tmpl);
    }
}

PomarPlaybookCatalog *
pomar_playbook_catalog_new_builtin (gboolean translated)
{
  PomarPlaybookCatalog *catalog = catalog_new ();

  add_builtins (catalog, translated);
  return catalog;
}

char *
pomar_playbook_dup_user_dir (void)
{
  return g_build_filename (g_get_user_config_dir (), "pomar", "playbooks", NULL);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The *.json files of @dir, in name order; hidden files are left alone
 * (editors keep their backups there). */
static GPtrArray *
list_team_files (const char *dir,
                 GPtrArray  *problems)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) folder = NULL;
  g_autoptr (GError) error = NULL;
  const char *name;

  folder = g_dir_open (dir, 0, &error);
  if (folder == NULL)
    {
      /* No folder: the team has no templates of its own. */
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_autofree char *display = g_filename_display_name (dir);
          char *message;

          /* Translators: a folder, then why it could not be read. */
          message = g_strdup_printf (_("The playbook folder %s could not be read: %s"), display,
                                     error->message);
          g_ptr_array_add (problems, message);
        }
      return g_steal_pointer (&names);
    }

  while ((name = g_dir_read_name (folder)) != NULL)
    {
      if (name[0] != '.' && g_str_has_suffix (name, ".json"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_strings);
  return g_steal_pointer (&names);
}

static void
add_team_templates (PomarPlaybookCatalog *catalog,
                    const char           *dir,
                    GPtrArray            *problems)
{
  g_autoptr (GPtrArray) names = list_team_files (dir, problems);
  /* id -> the file that used it first */
  g_autoptr (GHashTable) team_ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *display = g_filename_display_name (name);
      g_autofree char *text = NULL;
      g_autoptr (GError) error = NULL;
      PomarPlaybookTemplate *tmpl, *builtin;
      const char *first;
      char *message;
      gsize length;
      guint index;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      if (!g_file_get_contents (path, &text, &length, &error))
        {
          /* Translators: the name of a playbook file, then why it could not be read. */
          message = g_strdup_printf (_("%s could not be read: %s"), display, error->message);
          g_ptr_array_add (problems, message);
          continue;
        }
      tmpl = pomar_playbook_template_parse (text, (gssize) length, display, &error);
      if (tmpl == NULL)
        {
          g_ptr_array_add (problems, g_strdup (error->message));
          continue;
        }
      g_free (tmpl->source);
      tmpl->source = g_steal_pointer (&path);

      first = g_hash_table_lookup (team_ids, tmpl->id);
      if (first != NULL)
        {
          /* Translators: a playbook file, a playbook id, and the file that has it too. */
          message = g_strdup_printf (_("%s: the playbook id “%s” is already used by %s"), display,
                                     tmpl->id, first);
          g_ptr_array_add (problems, message);
          pomar_playbook_template_unref (tmpl);
          continue;
        }
      g_hash_table_insert (team_ids, tmpl->id, g_strdup (display));

      /* A team template with a built-in's id replaces the built-in, in its
       * place: a team adapts "onboarding" to its way of working without
       * the list changing order or the store seeing a new id. */
      builtin = g_hash_table_lookup (catalog->by_id, tmpl->id);
      if (builtin != NULL && g_ptr_array_find (catalog->templates, builtin, &index))
        {
          /* replace, not insert: the old key goes away with the built-in */
          g_hash_table_replace (catalog->by_id, tmpl->id, tmpl);
          g_ptr_array_index (catalog->templates, index) = tmpl;
          pomar_playbook_template_unref (builtin);
          continue;
        }
      catalog_add (catalog, tmpl);
    }
}

PomarPlaybookCatalog *
pomar_playbook_catalog_load (const char  *user_dir,
                             GPtrArray  **problems)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *default_dir = NULL;
  PomarPlaybookCatalog *catalog = catalog_new ();

  if (user_dir == NULL)
    user_dir = default_dir = pomar_playbook_dup_user_dir ();

  add_builtins (catalog, TRUE);
  add_team_templates (catalog, user_dir, found);

  if (problems != NULL)
    *problems = g_steal_pointer (&found);
  return catalog;
}

/* Triggers --------------------------------------------------------------- */

static const char * const fixed_triggers[] = {
  "health:red", "nps:detractor", "renewal:90", "ticket:urgent-48h", "manual",
};

gboolean
pomar_playbook_trigger_is_valid (const char *trigger)
{
  if (trigger == NULL)
    return FALSE;
  if (g_str_has_prefix (trigger, "stage:"))
    return pomar_stage_from_id (trigger + strlen ("stage:")) != POMAR_STAGE_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (fixed_triggers); i++)
    if (g_str_equal (trigger, fixed_triggers[i]))
      return TRUE;
  return FALSE;
}

static char *
urgent_key (const PomarTriggerFacts *facts)
{
  g_autofree const char **ids = NULL;
  GString *key;
  guint n = 0;

  if (facts->n_urgent_tickets == 0 || facts->urgent_ticket_ids == NULL)
    return NULL;

  ids = g_new (const char *, facts->n_urgent_tickets);
  for (guint i = 0; i < facts->n_urgent_tickets; i++)
    if (facts->urgent_ticket_ids[i] != NULL)
      ids[n++] = facts->urgent_ticket_ids[i];
  if (n == 0)
    return NULL;
  qsort (ids, n, sizeof ids[0], compare_strings);

  key = g_string_new (ids[0]);
  for (guint i = 1; i < n; i++)
    {
      if (!g_str_equal (ids[i], ids[i - 1]))
        {
          g_string_append_c (key, '\n');
          g_string_append (key, ids[i]);
        }
    }
  return g_string_free (key, FALSE);
}

char *
pomar_trigger_key (const char              *trigger,
                   const PomarTriggerFacts *facts,
                   PomarDay                 today)
{
  g_return_val_if_fail (facts != NULL, NULL);

  if (!pomar_playbook_trigger_is_valid (trigger))
    return NULL;

  if (g_str_has_prefix (trigger, "stage:"))
    {
      const char *stage = trigger + strlen ("stage:");
      const char *entered = facts->stage_entered_at;

      if (g_strcmp0 (facts->stage, stage) != 0)
        return NULL;
      return g_strconcat (stage, "@", entered != NULL ? entered : "", NULL);
    }
  if (g_str_equal (trigger, "health:red"))
    return facts->band == POMAR_HEALTH_BAND_RED ? g_strdup ("red") : NULL;
  if (g_str_equal (trigger, "renewal:90"))
    {
      gint64 days = (gint64) facts->renewal - (gint64) today;
      char day[11];

      if (facts->renewal == POMAR_NO_DAY || today == POMAR_NO_DAY || days < 0 || days > 90)
        return NULL;
      return g_strdup (pomar_day_format (facts->renewal, day));
    }
  if (g_str_equal (trigger, "nps:detractor"))
    return g_strdup (facts->recent_detractor_id);
  if (g_str_equal (trigger, "ticket:urgent-48h"))
    return urgent_key (facts);
  /* manual: started by a person, never by facts. */
  return NULL;
}

gboolean
pomar_trigger_fires (const char *trigger,
                     const char *previous_key,
                     const char *key)
{
  g_auto (GStrv) before = NULL;
  g_auto (GStrv) now = NULL;

  if (key == NULL)
    return FALSE;
  if (g_strcmp0 (trigger, "ticket:urgent-48h") != 0 || previous_key == NULL)
    return g_strcmp0 (previous_key, key) != 0;

  /* Fires for a ticket that newly crossed the 48 hours, not for one that
   * was solved while others stay open. */
  before = g_strsplit (previous_key, "\n", -1);
  now = g_strsplit (key, "\n", -1);
  for (guint i = 0; now[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) before, now[i]))
      return TRUE;
  return FALSE;
}

/* Instances -------------------------------------------------------------- */

void
pomar_playbook_instantiate (const PomarPlaybookTemplate *tmpl,
                            const char                  *account_id,
                            const char                  *trigger,
                            const char                  *started_at,
                            PomarPlaybookInstance       *instance,
                            GPtrArray                   *tasks_out)
{
  g_return_if_fail (tmpl != NULL);
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (started_at != NULL);
  g_return_if_fail (instance != NULL);
  g_return_if_fail (tasks_out != NULL);

  instance->id = g_uuid_string_random ();
  instance->account_id = g_strdup (account_id);
  instance->template_id = g_strdup (tmpl->id);
  instance->trigger = g_strdup (trigger != NULL ? trigger : tmpl->trigger);
  instance->started_at = g_strdup (started_at);
  instance->status = g_strdup ("open");
  instance->completed_at = NULL;

  for (guint i = 0; i < tmpl->tasks->len; i++)
    {
      const PomarPlaybookTaskTemplate *from = g_ptr_array_index (tmpl->tasks, i);
      PomarPlaybookTask *task = g_new0 (PomarPlaybookTask, 1);

      task->instance_id = g_strdup (instance->id);
      task->task_id = g_strdup (from->id);
      task->position = (int) i;
      task->title = g_strdup (from->title);
      task->due_offset = from->due_offset;
      task->state = g_strdup ("open");
      g_ptr_array_add (tasks_out, task);
    }
}

void
pomar_playbook_progress (const PomarPlaybookTask * const *tasks,
                         guint                            n,
                         guint                           *finished,
                         guint                           *total)
{
  guint count = 0;

  g_return_if_fail (tasks != NULL || n == 0);

  for (guint i = 0; i < n; i++)
    {
      const char *state = tasks[i]->state;

      if (g_strcmp0 (state, "done") == 0 || g_strcmp0 (state, "skipped") == 0)
        count++;
    }
  if (finished != NULL)
    *finished = count;
  if (total != NULL)
    *total = n;
}

gboolean
pomar_playbook_task_is_overdue (const PomarPlaybookTask *task,
                                PomarDay                 started,
                                PomarDay                 today)
{
  g_return_val_if_fail (task != NULL, FALSE);

  if (g_strcmp0 (task->state, "open") != 0 || started == POMAR_NO_DAY || today == POMAR_NO_DAY)
    return FALSE;
  return (gint64) today > (gint64) started + task->due_offset;
}
