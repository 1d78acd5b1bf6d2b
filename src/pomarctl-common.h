/* pomarctl-common.h: what every pomarctl command shares.
 *
 * The messages (a failure, a usage error with its hint to --help), the
 * --data-dir and --demo options every command takes, and parsing a
 * command's own arguments. pomarctl.c and pomarctl-connection.c both use
 * them, so that every command speaks and parses alike.
 */
#pragma once

#include <glib.h>

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

G_END_DECLS
