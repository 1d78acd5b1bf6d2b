/* pomarctl-outbox.h: local changes from the command line, the outbox, and push. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int pomarctl_command_outbox (const char *main_dir, int argc, char **argv);
int pomarctl_command_push   (const char *main_dir, int argc, char **argv);
int pomarctl_command_account (const char *main_dir, int argc, char **argv);
int pomarctl_command_note    (const char *main_dir, int argc, char **argv);
int pomarctl_command_task    (const char *main_dir, int argc, char **argv);
int pomarctl_command_conflicts (const char *main_dir, int argc, char **argv);
int pomarctl_command_conflict  (const char *main_dir, int argc, char **argv);

G_END_DECLS
