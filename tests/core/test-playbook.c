/* test-playbook.c: playbook templates, the catalog, triggers and instances.
 *
 * Template files are written by hand, so the tests check that each kind of
 * mistake is reported on the line where it is. Trigger keys, renewal
 * windows and lateness are compared with values worked out by hand. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <libintl.h>
#include <string.h>

#include "core/pomar-error.h"
#include "core/pomar-playbook.h"

static PomarDay
day (const char *s)
{
  PomarDay d = pomar_day_parse (s);

  g_assert_cmpuint (d, !=, POMAR_NO_DAY);
  return d;
}

/* Parses @text, which must fail with exactly @expected. */
static void
assert_parse_error (const char *text,
                    const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarPlaybookTemplate) tmpl = NULL;

  tmpl = pomar_playbook_template_parse (text, -1, "qbr.json", &error);
  g_assert_null (tmpl);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, expected);
}

/* Parsing ---------------------------------------------------------------- */

static const char good[] =
  "{\n"                                                     /* 1 */
  "  \"id\": \"qbr\",\n"                                    /* 2 */
  "  \"name\": \"Quarterly business review\",\n"            /* 3 */
  "  \"trigger\": \"stage:nurture\",\n"                     /* 4 */
  "  \"tasks\": [\n"                                        /* 5 */
  "    { \"id\": \"book\", \"title\": \"Book the meeting\", \"due_days\": 0,\n"
  "      \"description\": \"Find a date with the sponsor.\" },\n"
  "    { \"id\": \"deck\", \"title\": \"Prepare the deck\", \"due_days\": 10 }\n"
  "  ],\n"
  "  \"x-team-note\": \"members Pomar does not know are ignored\"\n"
  "}\n";

static void
test_parse_good (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarPlaybookTemplate) tmpl = NULL;
  const PomarPlaybookTaskTemplate *task;

  tmpl = pomar_playbook_template_parse (good, -1, "qbr.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (tmpl);
  g_assert_cmpstr (tmpl->id, ==, "qbr");
  g_assert_cmpstr (tmpl->name, ==, "Quarterly business review");
  g_assert_null (tmpl->description);
  g_assert_cmpstr (tmpl->trigger, ==, "stage:nurture");
  g_assert_false (tmpl->builtin);
  g_assert_cmpstr (tmpl->source, ==, "qbr.json");
  g_assert_cmpuint (tmpl->tasks->len, ==, 2);

  task = g_ptr_array_index (tmpl->tasks, 0);
  g_assert_cmpstr (task->id, ==, "book");
  g_assert_cmpstr (task->title, ==, "Book the meeting");
  g_assert_cmpstr (task->description, ==, "Find a date with the sponsor.");
  g_assert_cmpint (task->due_offset, ==, 0);
  task = g_ptr_array_index (tmpl->tasks, 1);
  g_assert_cmpstr (task->id, ==, "deck");
  g_assert_null (task->description);
  g_assert_cmpint (task->due_offset, ==, 10);

  /* A length shorter than the text: only that much is read. */
  g_clear_pointer (&tmpl, pomar_playbook_template_unref);
  tmpl = pomar_playbook_template_parse (good, 20, "qbr.json", &error);
  g_assert_null (tmpl);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA);
}

static void
test_parse_syntax (void)
{
  /* A bare word where a value belongs, on line 4. The wording inside the
   * parentheses is json-glib's: only the shape is checked. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (PomarPlaybookTemplate) tmpl = NULL;

    tmpl = pomar_playbook_template_parse ("{\n"
                                          "  \"id\": \"qbr\",\n"
                                          "  \"name\": \"Review\",\n"
                                          "  \"trigger\": manual,\n"
                                          "  \"tasks\": []\n"
                                          "}\n",
                                          -1, "qbr.json", &error);
    g_assert_null (tmpl);
    g_assert_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_DATA);
    g_assert_true (g_str_has_prefix (error->message, "qbr.json, line 4: this is not valid JSON ("));
    g_assert_true (g_str_has_suffix (error->message, ")"));
    /* json-glib's own "<data>:4:..." prefix is gone */
    g_assert_null (strstr (error->message, "<data>"));
  }

  /* The brace that closes the first task is missing: the parser finds a
   * string after the last value of line 5, where a comma could have been. */
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\",\n"
                      "  \"trigger\": \"manual\",\n"
                      "  \"tasks\": [\n"
                      "    { \"id\": \"a\", \"title\": \"A\", \"due_days\": 1\n"       /* 5 */
                      "    \"b\"\n"
                      "  ]\n"
                      "}\n",
                      "qbr.json, line 5: a comma is missing between two values");
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\"\n"                                       /* 2 */
                      "  \"name\": \"Review\"\n"
                      "}\n",
                      "qbr.json, line 2: a comma is missing between two values");
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\",\n"
                      "  \"name\": \"Review\",\n"                                 /* 3 */
                      "}\n",
                      "qbr.json, line 3: a comma comes before a closing bracket");
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\",\n"
                      "  \"name\" \"Review\"\n"                                   /* 3 */
                      "}\n",
                      "qbr.json, line 3: a colon is missing after a name");

  assert_parse_error ("", "qbr.json, line 1: the file is empty");
  assert_parse_error ("  \n\n", "qbr.json, line 1: the file is empty");
  assert_parse_error ("[\n  {}\n]\n",
                      "qbr.json, line 1: a playbook must be a JSON object, in braces");
  /* Latin-1 "é" on line 3 */
  assert_parse_error ("{\n  \"id\": \"qbr\",\n  \"name\": \"Revis\xe9o\"\n}\n",
                      "qbr.json, line 3: the file is not UTF-8 text");
}

static void
test_parse_missing_title (void)
{
  assert_parse_error ("{\n"                                                 /* 1 */
                      "  \"id\": \"qbr\",\n"                                /* 2 */
                      "  \"name\": \"Quarterly business review\",\n"        /* 3 */
                      "  \"trigger\": \"manual\",\n"                        /* 4 */
                      "  \"tasks\": [\n"                                    /* 5 */
                      "    { \"id\": \"book\", \"title\": \"Book it\", \"due_days\": 0 },\n"
                      "    {\n"                                             /* 7 */
                      "      \"id\": \"deck\",\n"                           /* 8 */
                      "      \"due_days\": 10\n"                            /* 9 */
                      "    }\n"                                             /* 10 */
                      "  ]\n"                                               /* 11 */
                      "}\n",                                                /* 12 */
                      "qbr.json, line 7: a task needs a title");

  /* An empty title is no title either; it is reported where it is. */
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\", \"trigger\": \"manual\",\n"
                      "  \"tasks\": [\n"
                      "    {\n"
                      "      \"id\": \"deck\",\n"
                      "      \"title\": \"\",\n"                            /* 6 */
                      "      \"due_days\": 10\n"
                      "    }\n"
                      "  ]\n"
                      "}\n",
                      "qbr.json, line 6: “title” cannot be empty");

  assert_parse_error ("{\n"
                      "  \"name\": \"Review\", \"trigger\": \"manual\",\n"
                      "  \"tasks\": [ { \"id\": \"a\", \"title\": \"A\", \"due_days\": 1 } ]\n"
                      "}\n",
                      "qbr.json, line 1: the playbook needs an id");
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\", \"trigger\": \"manual\",\n"
                      "  \"tasks\": [\n"
                      "    { \"id\": \"a\", \"title\": \"A\", \"due_days\": 1 },\n"
                      "    { \"title\": \"B\", \"due_days\": 2 }\n"           /* 5 */
                      "  ]\n"
                      "}\n",
                      "qbr.json, line 5: a task needs an id");
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\", \"trigger\": \"manual\",\n"
                      "  \"tasks\": [\n"
                      "    { \"id\": \"a\", \"title\": \"A\" }\n"             /* 4 */
                      "  ]\n"
                      "}\n",
                      "qbr.json, line 4: a task needs “due_days”, its due day counted from the "
                      "start");
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\", \"trigger\": \"manual\"\n"
                      "}\n",
                      "qbr.json, line 1: the playbook needs at least one task");
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\", \"trigger\": \"manual\",\n"
                      "  \"tasks\": [\n"                                      /* 3 */
                      "  ]\n"
                      "}\n",
                      "qbr.json, line 3: the playbook needs at least one task");
}

static void
test_parse_trigger (void)
{
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\",\n"
                      "  \"name\": \"Review\",\n"
                      "  \"trigger\": \"health:yellow\",\n"                   /* 4 */
                      "  \"tasks\": [ { \"id\": \"a\", \"title\": \"A\", \"due_days\": 1 } ]\n"
                      "}\n",
                      "qbr.json, line 4: “health:yellow” is not a trigger Pomar knows; use one "
                      "of stage:<stage id>, health:red, nps:detractor, renewal:90, "
                      "ticket:urgent-48h, manual");
  /* A stage that pomar-stage.h does not have. */
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\",\n"
                      "  \"trigger\": \"stage:expansion\",\n"                 /* 3 */
                      "  \"tasks\": [ { \"id\": \"a\", \"title\": \"A\", \"due_days\": 1 } ]\n"
                      "}\n",
                      "qbr.json, line 3: “stage:expansion” is not a trigger Pomar knows; use "
                      "one of stage:<stage id>, health:red, nps:detractor, renewal:90, "
                      "ticket:urgent-48h, manual");
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\",\n"
                      "  \"tasks\": [ { \"id\": \"a\", \"title\": \"A\", \"due_days\": 1 } ]\n"
                      "}\n",
                      "qbr.json, line 1: the playbook needs a trigger");
}

static void
test_parse_duplicate_task (void)
{
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\", \"trigger\": \"manual\",\n"
                      "  \"tasks\": [\n"
                      "    { \"id\": \"book\", \"title\": \"Book it\", \"due_days\": 0 },\n"
                      "    { \"id\": \"deck\", \"title\": \"Deck\", \"due_days\": 3 },\n"
                      "    {\n"
                      "      \"title\": \"Book it again\",\n"
                      "      \"id\": \"book\",\n"                              /* 8 */
                      "      \"due_days\": 5\n"
                      "    }\n"
                      "  ]\n"
                      "}\n",
                      "qbr.json, line 8: two tasks have the id “book”");
}

static void
test_parse_types (void)
{
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\",\n"
                      "  \"name\": 5,\n"                                      /* 3 */
                      "  \"trigger\": \"manual\",\n"
                      "  \"tasks\": [ { \"id\": \"a\", \"title\": \"A\", \"due_days\": 1 } ]\n"
                      "}\n",
                      "qbr.json, line 3: “name” must be text, in double quotes");
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\", \"trigger\": \"manual\",\n"
                      "  \"description\": null,\n"                            /* 3 */
                      "  \"tasks\": [ { \"id\": \"a\", \"title\": \"A\", \"due_days\": 1 } ]\n"
                      "}\n",
                      "qbr.json, line 3: “description” must be text, in double quotes");
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\", \"trigger\": \"manual\",\n"
                      "  \"tasks\": [\n"
                      "    { \"id\": \"a\", \"title\": [\"A\"], \"due_days\": 1 }\n" /* 4 */
                      "  ]\n"
                      "}\n",
                      "qbr.json, line 4: “title” must be text, in double quotes");
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\", \"trigger\": \"manual\",\n"
                      "  \"tasks\": [\n"
                      "    {\n"
                      "      \"id\": \"a\",\n"
                      "      \"title\": \"A\",\n"
                      "      \"due_days\": \"7\"\n"                          /* 7 */
                      "    }\n"
                      "  ]\n"
                      "}\n",
                      "qbr.json, line 7: “due_days” must be a whole number of days");
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\", \"trigger\": \"manual\",\n"
                      "  \"tasks\": [\n"
                      "    { \"id\": \"a\", \"title\": \"A\", \"due_days\": 1.5 }\n" /* 4 */
                      "  ]\n"
                      "}\n",
                      "qbr.json, line 4: “due_days” must be a whole number of days");
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\", \"trigger\": \"manual\",\n"
                      "  \"tasks\": [\n"
                      "    { \"id\": \"a\", \"title\": \"A\", \"due_days\": 3650 },\n"
                      "    { \"id\": \"b\", \"title\": \"B\", \"due_days\": 3651 }\n" /* 5 */
                      "  ]\n"
                      "}\n",
                      "qbr.json, line 5: “due_days” must be between 0 and 3650");
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\", \"trigger\": \"manual\",\n"
                      "  \"tasks\": [\n"
                      "    { \"id\": \"a\", \"title\": \"A\", \"due_days\": -1 }\n" /* 4 */
                      "  ]\n"
                      "}\n",
                      "qbr.json, line 4: “due_days” must be between 0 and 3650");
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\", \"trigger\": \"manual\",\n"
                      "  \"tasks\": {\n"                                      /* 3 */
                      "    \"a\": { \"title\": \"A\", \"due_days\": 1 }\n"
                      "  }\n"
                      "}\n",
                      "qbr.json, line 3: “tasks” must be a list, in square brackets");
  assert_parse_error ("{\n"
                      "  \"id\": \"qbr\", \"name\": \"Review\", \"trigger\": \"manual\",\n"
                      "  \"tasks\": [\n"
                      "    { \"id\": \"a\", \"title\": \"A\", \"due_days\": 1 },\n"
                      "    \"Call the champion\"\n"                          /* 5 */
                      "  ]\n"
                      "}\n",
                      "qbr.json, line 5: each task must be a JSON object, in braces");
  assert_parse_error ("{\n"
                      "  \"id\": \"quarterly review\",\n"                     /* 2 */
                      "  \"name\": \"Review\", \"trigger\": \"manual\",\n"
                      "  \"tasks\": [ { \"id\": \"a\", \"title\": \"A\", \"due_days\": 1 } ]\n"
                      "}\n",
                      "qbr.json, line 2: an id cannot contain spaces: “quarterly review”");
  assert_parse_error ("{\n"
                      "  \"id\": 7,\n"                                        /* 2 */
                      "  \"name\": \"Review\", \"trigger\": \"manual\",\n"
                      "  \"tasks\": [ { \"id\": \"a\", \"title\": \"A\", \"due_days\": 1 } ]\n"
                      "}\n",
                      "qbr.json, line 2: “id” must be text, in double quotes");
}

/* The catalog ------------------------------------------------------------ */

static void
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static const char *const builtin_ids[] = {
  "onboarding", "engagement", "risk-recovery", "detractor-follow-up", "technical-escalation",
  "renewal",
};

static void
test_catalog_team (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pomar-playbooks-XXXXXX", &error);
  g_autofree char *subdir = NULL;
  g_autofree char *qbr_path = NULL;
  g_autofree char *onboarding_path = NULL;
  g_autoptr (PomarPlaybookCatalog) catalog = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  const PomarPlaybookTemplate *tmpl;
  GPtrArray *templates;

  g_assert_no_error (error);
  /* a-qbr.json: good */
  write_file (dir, "a-qbr.json", good);
  /* b-broken.json: the second task has no title, line 7 */
  write_file (dir, "b-broken.json",
              "{\n"
              "  \"id\": \"broken\",\n"
              "  \"name\": \"Broken\",\n"
              "  \"trigger\": \"manual\",\n"
              "  \"tasks\": [\n"
              "    { \"id\": \"one\", \"title\": \"One\", \"due_days\": 1 },\n"
              "    { \"id\": \"two\", \"due_days\": 2 }\n"
              "  ]\n"
              "}\n");
  /* c-again.json: the id of a-qbr.json again */
  write_file (dir, "c-again.json", good);
  /* onboarding.json: the team's own onboarding, in the built-in's place */
  write_file (dir, "onboarding.json",
              "{\n"
              "  \"id\": \"onboarding\",\n"
              "  \"name\": \"Our onboarding\",\n"
              "  \"trigger\": \"stage:onboarding\",\n"
              "  \"tasks\": [\n"
              "    { \"id\": \"kick-off\", \"title\": \"Kick-off call\", \"due_days\": 2 }\n"
              "  ]\n"
              "}\n");
  /* Not templates: another extension, a hidden file, a folder. */
  write_file (dir, "notes.txt", "not JSON at all");
  write_file (dir, ".draft.json", "{ broken");
  subdir = g_build_filename (dir, "old.json", NULL);
  g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);

  catalog = pomar_playbook_catalog_load (dir, &problems);
  g_assert_nonnull (catalog);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==,
                   "b-broken.json, line 7: a task needs a title");
  g_assert_cmpstr (g_ptr_array_index (problems, 1), ==,
                   "c-again.json: the playbook id “qbr” is already used by a-qbr.json");

  /* The six built-ins (onboarding replaced in its place), then the team's. */
  templates = pomar_playbook_catalog_get_templates (catalog);
  g_assert_cmpuint (templates->len, ==, 7);
  for (guint i = 0; i < G_N_ELEMENTS (builtin_ids); i++)
    {
      tmpl = g_ptr_array_index (templates, i);
      g_assert_cmpstr (tmpl->id, ==, builtin_ids[i]);
      g_assert_true (tmpl->builtin == (i != 0));
      g_assert_true (pomar_playbook_catalog_lookup (catalog, builtin_ids[i]) == tmpl);
    }

  onboarding_path = g_build_filename (dir, "onboarding.json", NULL);
  tmpl = pomar_playbook_catalog_lookup (catalog, "onboarding");
  g_assert_cmpstr (tmpl->name, ==, "Our onboarding");
  g_assert_cmpstr (tmpl->source, ==, onboarding_path);
  g_assert_cmpuint (tmpl->tasks->len, ==, 1);

  qbr_path = g_build_filename (dir, "a-qbr.json", NULL);
  tmpl = g_ptr_array_index (templates, 6);
  g_assert_true (pomar_playbook_catalog_lookup (catalog, "qbr") == tmpl);
  g_assert_cmpstr (tmpl->name, ==, "Quarterly business review");
  g_assert_cmpstr (tmpl->source, ==, qbr_path);
  g_assert_false (tmpl->builtin);

  g_assert_null (pomar_playbook_catalog_lookup (catalog, "broken"));
  g_assert_null (pomar_playbook_catalog_lookup (catalog, "nothing"));
  g_assert_null (pomar_playbook_catalog_lookup (catalog, NULL));

  /* The catalog keeps what it loaded: the folder can go. */
  remove_tree (dir);
  g_assert_cmpstr (pomar_playbook_catalog_lookup (catalog, "qbr")->name, ==,
                   "Quarterly business review");
}

static void
test_catalog_no_folder (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pomar-playbooks-XXXXXX", &error);
  g_autofree char *missing = g_build_filename (dir, "playbooks", NULL);
  g_autoptr (PomarPlaybookCatalog) catalog = NULL;
  g_autoptr (GPtrArray) problems = NULL;

  g_assert_no_error (error);
  catalog = pomar_playbook_catalog_load (missing, &problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (pomar_playbook_catalog_get_templates (catalog)->len, ==, 6);

  /* problems may be NULL; ref and unref share the one catalog */
  g_clear_pointer (&catalog, pomar_playbook_catalog_unref);
  catalog = pomar_playbook_catalog_load (missing, NULL);
  g_assert_true (pomar_playbook_catalog_ref (catalog) == catalog);
  pomar_playbook_catalog_unref (catalog);
  g_assert_cmpuint (pomar_playbook_catalog_get_templates (catalog)->len, ==, 6);

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The default folder follows XDG_CONFIG_HOME (the tests get their own). */
static void
test_catalog_default_folder (void)
{
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "pomar", "playbooks",
                                                NULL);
  g_autofree char *dir = pomar_playbook_dup_user_dir ();

  g_assert_cmpstr (dir, ==, expected);
}

static void
test_builtins (void)
{
  static const struct
  {
    const char *trigger;
    const char *tasks;  /* id:due_days, in order */
  } expected[] = {
    { "stage:onboarding",
      "welcome:0 discover-goals:3 guide-key-features:7 celebrate-first-milestone:10 "
      "agree-first-goal:14 post-onboarding-survey:30" },
    { "stage:engagement", "review-value:7 agree-success-metrics:14 share-self-help:21" },
    { "health:red",
      "talk-to-champion:2 review-open-tickets:3 agree-recovery-plan:7 "
      "involve-executive-sponsor:10" },
    { "nps:detractor", "reply-personally:1 find-root-cause:5 close-the-loop:14" },
    { "ticket:urgent-48h",
      "escalate-to-engineering:0 update-customer:1 confirm-fix:7 track-root-cause:7" },
    { "renewal:90",
      "renewal-health-check:0 value-summary:30 send-proposal:45 ask-for-referral:60" },
  };
  g_autoptr (PomarPlaybookCatalog) catalog = pomar_playbook_catalog_new_builtin (FALSE);
  GPtrArray *templates = pomar_playbook_catalog_get_templates (catalog);

  g_assert_cmpuint (templates->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < templates->len; i++)
    {
      const PomarPlaybookTemplate *tmpl = g_ptr_array_index (templates, i);
      g_autofree char *source = g_strdup_printf ("/io/github/pomar/Pomar/playbooks/%s.json",
                                                 builtin_ids[i]);
      g_autoptr (GString) tasks = g_string_new (NULL);

      g_assert_cmpstr (tmpl->id, ==, builtin_ids[i]);
      g_assert_cmpstr (tmpl->trigger, ==, expected[i].trigger);
      g_assert_true (tmpl->builtin);
      g_assert_cmpstr (tmpl->source, ==, source);
      g_assert_nonnull (tmpl->description);
      for (guint j = 0; j < tmpl->tasks->len; j++)
        {
          const PomarPlaybookTaskTemplate *task = g_ptr_array_index (tmpl->tasks, j);

          g_assert_nonnull (task->description);
          /* Sentence case, no full stop at the end of a title. */
          g_assert_true (g_unichar_isupper (g_utf8_get_char (task->title)));
          g_assert_false (g_str_has_suffix (task->title, "."));
          g_string_append_printf (tasks, "%s%s:%" G_GINT64_FORMAT, j > 0 ? " " : "", task->id,
                                  task->due_offset);
        }
      g_assert_cmpstr (tasks->str, ==, expected[i].tasks);
    }
  g_assert_cmpstr (pomar_playbook_catalog_lookup (catalog, "onboarding")->name, ==, "Onboarding");
  g_assert_cmpstr (pomar_playbook_catalog_lookup (catalog, "engagement")->name, ==,
                   "Initial engagement");
}

/* In Brazilian Portuguese, the loader translates the built-ins; the demo's
 * catalog keeps the English. Run in a child, which may change its locale. */
static void
test_builtins_translated (void)
{
  const char *localedir = g_getenv ("POMAR_LOCALEDIR");
  locale_t portuguese;

  if (localedir == NULL)
    {
      g_test_skip ("POMAR_LOCALEDIR is not set");
      return;
    }
  if (g_test_subprocess ())
    {
      g_autoptr (PomarPlaybookCatalog) translated = NULL;
      g_autoptr (PomarPlaybookCatalog) english = NULL;
      const PomarPlaybookTemplate *tmpl;
      const PomarPlaybookTaskTemplate *task;

      g_setenv ("LANGUAGE", "pt_BR", TRUE);
      g_assert_nonnull (setlocale (LC_ALL, "pt_BR.UTF-8"));
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

      translated = pomar_playbook_catalog_load ("/nonexistent", NULL);
      tmpl = pomar_playbook_catalog_lookup (translated, "onboarding");
      g_assert_cmpstr (tmpl->name, ==, "Integração");
      task = g_ptr_array_index (tmpl->tasks, 0);
      g_assert_cmpstr (task->id, ==, "welcome");
      g_assert_cmpstr (task->title, ==, "Dar as boas-vindas ao novo cliente");
      tmpl = pomar_playbook_catalog_lookup (translated, "engagement");
      g_assert_cmpstr (tmpl->name, ==, "Engajamento inicial");
      /* The trigger is data, never translated. */
      g_assert_cmpstr (tmpl->trigger, ==, "stage:engagement");

      english = pomar_playbook_catalog_new_builtin (FALSE);
      tmpl = pomar_playbook_catalog_lookup (english, "onboarding");
      g_assert_cmpstr (tmpl->name, ==, "Onboarding");
      task = g_ptr_array_index (tmpl->tasks, 0);
      g_assert_cmpstr (task->title, ==, "Welcome the new customer");
      g_print ("checked\n");
      return;
    }

  /* Not every system has the locale. */
  portuguese = newlocale (LC_ALL_MASK, "pt_BR.UTF-8", (locale_t) 0);
  if (portuguese == (locale_t) 0)
    {
      g_test_skip ("no pt_BR.UTF-8 locale");
      return;
    }
  freelocale (portuguese);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("checked\n");
}

/* Triggers --------------------------------------------------------------- */

static void
test_trigger_valid (void)
{
  g_assert_true (pomar_playbook_trigger_is_valid ("stage:onboarding"));
  g_assert_true (pomar_playbook_trigger_is_valid ("stage:engagement"));
  g_assert_true (pomar_playbook_trigger_is_valid ("stage:nurture"));
  g_assert_true (pomar_playbook_trigger_is_valid ("stage:inspire"));
  g_assert_true (pomar_playbook_trigger_is_valid ("stage:churned"));
  g_assert_true (pomar_playbook_trigger_is_valid ("health:red"));
  g_assert_true (pomar_playbook_trigger_is_valid ("nps:detractor"));
  g_assert_true (pomar_playbook_trigger_is_valid ("renewal:90"));
  g_assert_true (pomar_playbook_trigger_is_valid ("ticket:urgent-48h"));
  g_assert_true (pomar_playbook_trigger_is_valid ("manual"));

  g_assert_false (pomar_playbook_trigger_is_valid ("stage:"));
  g_assert_false (pomar_playbook_trigger_is_valid ("stage:Onboarding"));
  g_assert_false (pomar_playbook_trigger_is_valid ("stage:expansion"));
  g_assert_false (pomar_playbook_trigger_is_valid ("health:yellow"));
  g_assert_false (pomar_playbook_trigger_is_valid ("renewal:60"));
  g_assert_false (pomar_playbook_trigger_is_valid ("ticket:urgent"));
  g_assert_false (pomar_playbook_trigger_is_valid ("manual "));
  g_assert_false (pomar_playbook_trigger_is_valid (""));
  g_assert_false (pomar_playbook_trigger_is_valid (NULL));
}

static void
test_trigger_keys (void)
{
  static const char * const urgent[] = { "tkt_9", "tkt_10", "tkt_2", "tkt_9" };
  static const char * const triggers[] = {
    "stage:onboarding", "health:red", "nps:detractor", "renewal:90", "ticket:urgent-48h", "manual",
  };
  PomarDay today = day ("2026-11-23");
  PomarTriggerFacts facts = { 0 };
  PomarTriggerFacts none = { 0 };
  g_autofree char *key = NULL;

  facts.stage = "onboarding";
  facts.stage_entered_at = "2026-11-02T16:20:00Z";
  facts.band = POMAR_HEALTH_BAND_RED;
  facts.renewal = day ("2027-01-31");
  facts.recent_detractor_id = "rsp_41";
  facts.urgent_ticket_ids = urgent;
  facts.n_urgent_tickets = G_N_ELEMENTS (urgent);

#define ASSERT_KEY(trigger, f, expected)                      \
  G_STMT_START                                                \
  {                                                           \
    g_autofree char *k_ = pomar_trigger_key (trigger, f, today); \
    g_assert_cmpstr (k_, ==, expected);                       \
  }                                                           \
  G_STMT_END

  ASSERT_KEY ("stage:onboarding", &facts, "onboarding@2026-11-02T16:20:00Z");
  ASSERT_KEY ("stage:engagement", &facts, NULL);
  ASSERT_KEY ("health:red", &facts, "red");
  ASSERT_KEY ("nps:detractor", &facts, "rsp_41");
  /* 69 days away */
  ASSERT_KEY ("renewal:90", &facts, "2027-01-31");
  /* sorted as strings, the repeated tkt_9 once */
  ASSERT_KEY ("ticket:urgent-48h", &facts, "tkt_10\ntkt_2\ntkt_9");
  ASSERT_KEY ("manual", &facts, NULL);
  ASSERT_KEY ("health:yellow", &facts, NULL);
  ASSERT_KEY ("stage:expansion", &facts, NULL);

  /* With no facts, nothing holds. */
  none.band = POMAR_HEALTH_BAND_NONE;
  none.renewal = POMAR_NO_DAY;
  for (guint i = 0; i < G_N_ELEMENTS (triggers); i++)
    ASSERT_KEY (triggers[i], &none, NULL);

  /* A stage entered at an unknown time still has a key. */
  facts.stage_entered_at = NULL;
  ASSERT_KEY ("stage:onboarding", &facts, "onboarding@");

  facts.band = POMAR_HEALTH_BAND_YELLOW;
  ASSERT_KEY ("health:red", &facts, NULL);
  facts.band = POMAR_HEALTH_BAND_GREEN;
  ASSERT_KEY ("health:red", &facts, NULL);

  key = pomar_trigger_key ("manual", &facts, today);
  g_assert_null (key);
#undef ASSERT_KEY
}

static char *
renewal_key (const char *renewal,
             const char *today)
{
  PomarTriggerFacts facts = { 0 };

  facts.renewal = renewal != NULL ? day (renewal) : POMAR_NO_DAY;
  return pomar_trigger_key ("renewal:90", &facts, day (today));
}

static void
test_trigger_renewal_window (void)
{
  g_autofree char *today = renewal_key ("2026-11-23", "2026-11-23");
  /* 2026-11-23 + 90 days: 7 to Nov 30, 31 to Dec 31, 31 to Jan 31, 21 in Feb */
  g_autofree char *in_90 = renewal_key ("2027-02-21", "2026-11-23");
  g_autofree char *in_91 = renewal_key ("2027-02-22", "2026-11-23");
  g_autofree char *yesterday = renewal_key ("2026-11-22", "2026-11-23");
  g_autofree char *none = renewal_key (NULL, "2026-11-23");
  /* across a leap day: 2028-02-29 is 90 days after 2027-12-01 */
  g_autofree char *leap = renewal_key ("2028-02-29", "2027-12-01");
  g_autofree char *leap_91 = renewal_key ("2028-03-01", "2027-12-01");

  g_assert_cmpstr (today, ==, "2026-11-23");
  g_assert_cmpstr (in_90, ==, "2027-02-21");
  g_assert_null (in_91);
  g_assert_null (yesterday);
  g_assert_null (none);
  g_assert_cmpstr (leap, ==, "2028-02-29");
  g_assert_null (leap_91);

  /* Entering the window fires once; the next year's renewal fires again. */
  g_assert_true (pomar_trigger_fires ("renewal:90", NULL, "2027-02-21"));
  g_assert_false (pomar_trigger_fires ("renewal:90", "2027-02-21", "2027-02-21"));
  g_assert_false (pomar_trigger_fires ("renewal:90", "2027-02-21", NULL));
  g_assert_true (pomar_trigger_fires ("renewal:90", "2027-02-21", "2028-02-21"));
}

/* What the store does: keep the key, ask whether the new one fires. */
typedef struct
{
  const char *trigger;
  char       *kept;
  guint       fired;
} Watch;

static void
watch_step (Watch                   *watch,
            const PomarTriggerFacts *facts,
            PomarDay                 today)
{
  char *key = pomar_trigger_key (watch->trigger, facts, today);

  if (pomar_trigger_fires (watch->trigger, watch->kept, key))
    watch->fired++;
  g_free (watch->kept);
  watch->kept = key;
}

static void
test_trigger_fires_twice (void)
{
  PomarDay today = day ("2026-11-23");
  PomarTriggerFacts facts = { 0 };
  Watch health = { "health:red", NULL, 0 };
  Watch stage = { "stage:onboarding", NULL, 0 };
  Watch tickets = { "ticket:urgent-48h", NULL, 0 };
  Watch detractor = { "nps:detractor", NULL, 0 };
  Watch manual = { "manual", NULL, 0 };
  const char *one[] = { "tkt_1" };
  const char *two[] = { "tkt_2", "tkt_1" };
  const char *only_two[] = { "tkt_2" };

  /* Health: red, red again (nothing new), yellow, red again (fires). */
  facts.band = POMAR_HEALTH_BAND_RED;
  watch_step (&health, &facts, today);
  g_assert_cmpuint (health.fired, ==, 1);
  watch_step (&health, &facts, today);
  g_assert_cmpuint (health.fired, ==, 1);
  facts.band = POMAR_HEALTH_BAND_YELLOW;
  watch_step (&health, &facts, today);
  g_assert_null (health.kept);
  g_assert_cmpuint (health.fired, ==, 1);
  facts.band = POMAR_HEALTH_BAND_RED;
  watch_step (&health, &facts, today);
  g_assert_cmpuint (health.fired, ==, 2);

  /* Stage: entering fires, staying does not, entering again later does. */
  facts.stage = "onboarding";
  facts.stage_entered_at = "2026-01-05T10:00:00Z";
  watch_step (&stage, &facts, today);
  watch_step (&stage, &facts, today);
  g_assert_cmpuint (stage.fired, ==, 1);
  facts.stage = "engagement";
  facts.stage_entered_at = "2026-03-01T10:00:00Z";
  watch_step (&stage, &facts, today);
  facts.stage = "onboarding";
  facts.stage_entered_at = "2026-06-01T10:00:00Z";
  watch_step (&stage, &facts, today);
  g_assert_cmpuint (stage.fired, ==, 2);

  /* Urgent tickets: a first one fires; a second one fires; the first one
   * solved does not; all solved does not; a new one fires. */
  facts.urgent_ticket_ids = one;
  facts.n_urgent_tickets = 1;
  watch_step (&tickets, &facts, today);
  g_assert_cmpuint (tickets.fired, ==, 1);
  facts.urgent_ticket_ids = two;
  facts.n_urgent_tickets = 2;
  watch_step (&tickets, &facts, today);
  g_assert_cmpuint (tickets.fired, ==, 2);
  g_assert_cmpstr (tickets.kept, ==, "tkt_1\ntkt_2");
  facts.urgent_ticket_ids = only_two;
  facts.n_urgent_tickets = 1;
  watch_step (&tickets, &facts, today);
  g_assert_cmpuint (tickets.fired, ==, 2);
  facts.n_urgent_tickets = 0;
  watch_step (&tickets, &facts, today);
  g_assert_cmpuint (tickets.fired, ==, 2);
  facts.urgent_ticket_ids = one;
  facts.n_urgent_tickets = 1;
  watch_step (&tickets, &facts, today);
  g_assert_cmpuint (tickets.fired, ==, 3);
  /* An id is a whole line, not a part of one: tkt_1 is not in tkt_10. */
  g_assert_true (pomar_trigger_fires ("ticket:urgent-48h", "tkt_10", "tkt_1"));
  g_assert_true (pomar_trigger_fires ("ticket:urgent-48h", "tkt_1", "tkt_10"));

  /* Detractors: the same answer once; a newer one again. */
  facts.recent_detractor_id = "rsp_1";
  watch_step (&detractor, &facts, today);
  watch_step (&detractor, &facts, today);
  g_assert_cmpuint (detractor.fired, ==, 1);
  facts.recent_detractor_id = "rsp_7";
  watch_step (&detractor, &facts, today);
  g_assert_cmpuint (detractor.fired, ==, 2);

  /* Manual never fires from facts. */
  watch_step (&manual, &facts, today);
  g_assert_cmpuint (manual.fired, ==, 0);
  g_assert_false (pomar_trigger_fires ("manual", NULL, NULL));

  g_free (health.kept);
  g_free (stage.kept);
  g_free (tickets.kept);
  g_free (detractor.kept);
  g_free (manual.kept);
}

/* Instances -------------------------------------------------------------- */

static PomarPlaybookTemplate *
parse_good (void)
{
  g_autoptr (GError) error = NULL;
  PomarPlaybookTemplate *tmpl = pomar_playbook_template_parse (good, -1, "qbr.json", &error);

  g_assert_no_error (error);
  return tmpl;
}

static void
task_free (gpointer task)
{
  pomar_playbook_task_free (task);
}

static void
test_instantiate (void)
{
  g_autoptr (PomarPlaybookTemplate) tmpl = parse_good ();
  g_auto (PomarPlaybookInstance) first = { 0 };
  g_auto (PomarPlaybookInstance) second = { 0 };
  g_autoptr (GPtrArray) tasks = g_ptr_array_new_with_free_func (task_free);
  g_autoptr (GPtrArray) more = g_ptr_array_new_with_free_func (task_free);

  pomar_playbook_instantiate (tmpl, "acc_0001", "manual", "2026-11-23T09:00:00Z", &first, tasks);
  g_assert_true (g_uuid_string_is_valid (first.id));
  g_assert_cmpstr (first.account_id, ==, "acc_0001");
  g_assert_cmpstr (first.template_id, ==, "qbr");
  g_assert_cmpstr (first.trigger, ==, "manual");
  g_assert_cmpstr (first.started_at, ==, "2026-11-23T09:00:00Z");
  g_assert_cmpstr (first.status, ==, "open");
  g_assert_null (first.completed_at);

  g_assert_cmpuint (tasks->len, ==, 2);
  for (guint i = 0; i < tasks->len; i++)
    {
      const PomarPlaybookTask *task = g_ptr_array_index (tasks, i);
      const PomarPlaybookTaskTemplate *from = g_ptr_array_index (tmpl->tasks, i);

      g_assert_cmpstr (task->instance_id, ==, first.id);
      g_assert_cmpstr (task->task_id, ==, from->id);
      g_assert_cmpint (task->position, ==, (int) i);
      g_assert_cmpstr (task->title, ==, from->title);
      g_assert_true (task->title != from->title); /* a copy */
      g_assert_cmpint (task->due_offset, ==, from->due_offset);
      g_assert_cmpstr (task->state, ==, "open");
      g_assert_null (task->done_by);
      g_assert_null (task->done_at);
      g_assert_null (task->skip_reason);
    }

  /* Without a trigger, the template's; every instance its own id. */
  pomar_playbook_instantiate (tmpl, "acc_0001", NULL, "2026-11-24T09:00:00Z", &second, more);
  g_assert_cmpstr (second.trigger, ==, "stage:nurture");
  g_assert_cmpstr (second.id, !=, first.id);
  g_assert_cmpstr (((PomarPlaybookTask *) g_ptr_array_index (more, 0))->instance_id, ==, second.id);
}

static void
test_progress (void)
{
  PomarPlaybookTask tasks[5] = {
    { .state = (char *) "open" },
    { .state = (char *) "done" },
    { .state = (char *) "skipped" },
    { .state = (char *) "open" },
    { .state = (char *) "done" },
  };
  const PomarPlaybookTask *list[5];
  guint finished = 99, total = 99;

  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    list[i] = &tasks[i];

  pomar_playbook_progress (list, 5, &finished, &total);
  g_assert_cmpuint (finished, ==, 3);
  g_assert_cmpuint (total, ==, 5);

  pomar_playbook_progress (list, 1, &finished, &total);
  g_assert_cmpuint (finished, ==, 0);
  g_assert_cmpuint (total, ==, 1);

  pomar_playbook_progress (NULL, 0, &finished, &total);
  g_assert_cmpuint (finished, ==, 0);
  g_assert_cmpuint (total, ==, 0);
}

static void
test_overdue (void)
{
  PomarDay started = day ("2026-11-23");
  PomarPlaybookTask task = { .state = (char *) "open", .due_offset = 7 };

  /* Due 2026-11-30: late from 2026-12-01. */
  g_assert_false (pomar_playbook_task_is_overdue (&task, started, day ("2026-11-23")));
  g_assert_false (pomar_playbook_task_is_overdue (&task, started, day ("2026-11-30")));
  g_assert_true (pomar_playbook_task_is_overdue (&task, started, day ("2026-12-01")));

  /* Done or skipped is never late. */
  task.state = (char *) "done";
  g_assert_false (pomar_playbook_task_is_overdue (&task, started, day ("2027-01-01")));
  task.state = (char *) "skipped";
  g_assert_false (pomar_playbook_task_is_overdue (&task, started, day ("2027-01-01")));

  /* Due the day it starts: late the next day. */
  task.state = (char *) "open";
  task.due_offset = 0;
  g_assert_false (pomar_playbook_task_is_overdue (&task, started, started));
  g_assert_true (pomar_playbook_task_is_overdue (&task, started, day ("2026-11-24")));

  /* Across a year end: started 2026-12-20, due 30 days later on 2027-01-19. */
  task.due_offset = 30;
  g_assert_false (pomar_playbook_task_is_overdue (&task, day ("2026-12-20"), day ("2027-01-19")));
  g_assert_true (pomar_playbook_task_is_overdue (&task, day ("2026-12-20"), day ("2027-01-20")));

  /* An instance whose start is unknown is not called late. */
  g_assert_false (pomar_playbook_task_is_overdue (&task, POMAR_NO_DAY, day ("2027-01-20")));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/playbook/parse/good", test_parse_good);
  g_test_add_func ("/playbook/parse/syntax", test_parse_syntax);
  g_test_add_func ("/playbook/parse/missing-title", test_parse_missing_title);
  g_test_add_func ("/playbook/parse/trigger", test_parse_trigger);
  g_test_add_func ("/playbook/parse/duplicate-task", test_parse_duplicate_task);
  g_test_add_func ("/playbook/parse/types", test_parse_types);
  g_test_add_func ("/playbook/catalog/team", test_catalog_team);
  g_test_add_func ("/playbook/catalog/no-folder", test_catalog_no_folder);
  g_test_add_func ("/playbook/catalog/default-folder", test_catalog_default_folder);
  g_test_add_func ("/playbook/builtins", test_builtins);
  g_test_add_func ("/playbook/builtins/translated", test_builtins_translated);
  g_test_add_func ("/playbook/trigger/valid", test_trigger_valid);
  g_test_add_func ("/playbook/trigger/keys", test_trigger_keys);
  g_test_add_func ("/playbook/trigger/renewal-window", test_trigger_renewal_window);
  g_test_add_func ("/playbook/trigger/fires-twice", test_trigger_fires_twice);
  g_test_add_func ("/playbook/instantiate", test_instantiate);
  g_test_add_func ("/playbook/progress", test_progress);
  g_test_add_func ("/playbook/overdue", test_overdue);

  return g_test_run ();
}
