/* pomarctl-common.h: what every pomarctl command shares.
 *
 * The messages (a failure, a usage error with its hint to --help), the
 * --data-dir and --demo options every command takes, and parsing a
 * command's own arguments. pomarctl.c and pomarctl-connection.c both use
 * them, so that every command speaks and parses alike.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "pomar-context.h"

G_BEGIN_DECLS

/* Exit status. */
#define EXIT_DONE   0
#define EXIT_FAILED 1
#define EXIT_USAGE  2

/* Prints @error's message as "pomarctl: …" and returns EXIT_FAILED. */
int pomarctl_fail (const GError *error);

/* Prints @message and a hint to "pomarctl @command_path --help" (to
 * "pomarctl --help" when @command_path is NULL), e.g. "demo" or
 * "connection add". Returns EXIT_USAGE. */
int pomarctl_usage_error (const char *command_path,
                          const char *message);

/* --data-dir and --demo. */
typedef struct
{
  char     *data_dir;
  gboolean  demo;
} PomarctlCommonOptions;

void pomarctl_common_options_clear (PomarctlCommonOptions *common);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PomarctlCommonOptions, pomarctl_common_options_clear)

void pomarctl_add_common_entries (GOptionContext        *context,
                                  PomarctlCommonOptions *common);

/* NULL (after printing a usage error) for --data-dir with --demo. */
char *pomarctl_resolve_data_dir (const char                  *command_path,
                                 const char                  *main_dir,
                                 const PomarctlCommonOptions *common);

GStrv pomarctl_parse_command (GOptionContext  *context,
                              const char      *command_path,
                              int              argc,
                              char           **argv);

gboolean pomarctl_check_positional (const char *command_path,
                                    GStrv       args,
                                    guint       n_positional);

/* Whether there is a cache in @data_dir, without creating anything. FALSE
 * with @error set when @data_dir exists but is not a folder. */
gboolean pomarctl_cache_exists (const char  *data_dir,
                                gboolean    *exists,
                                GError     **error);

/* The context of the cache in @data_dir, which must exist: a mistyped
 * --data-dir says so rather than showing an empty book. */
PomarContext *pomarctl_open_existing (const char  *data_dir,
                                      GError     **error);

/* JSON members; a NULL string is a null. */
void pomarctl_builder_add_string (JsonBuilder *builder,
                                  const char  *name,
                                  const char  *value);
void pomarctl_builder_add_int    (JsonBuilder *builder,
                                  const char  *name,
                                  gint64       value);
/* The built value, pretty-printed (two spaces), and a newline, on stdout. */
void pomarctl_print_builder      (JsonBuilder *builder);

/* Rows of "Label:  value" with the values in one column, whatever length
 * the labels have once translated: a GPtrArray made with
 * g_ptr_array_new_with_free_func (pomarctl_line_free). */
typedef struct
{
  char *label;
  char *value;
} Line;

void  pomarctl_line_free    (gpointer    data);
/* Takes @value. */
void  pomarctl_add_line     (GPtrArray  *lines,
                             const char *label,
                             char       *value);
void  pomarctl_print_lines  (GPtrArray  *lines);
void  pomarctl_print_padded (const char *text,
                             glong       width);
char *pomarctl_int_text     (gint64      value);
/* A table with a heading, columns two spaces apart. @cells holds
 * @n_columns strings per row (at most 8 columns). */
void  pomarctl_print_table  (const char *const *headings,
                             guint              n_columns,
                             GPtrArray         *cells);

G_END_DECLS
