/* pomarctl-figures.h: the commands that show what Pomar computes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int pomarctl_command_health    (const char *main_dir, int argc, char **argv);
int pomarctl_command_playbooks (const char *main_dir, int argc, char **argv);
int pomarctl_command_portfolio (const char *main_dir, int argc, char **argv);
int pomarctl_command_override  (const char *main_dir, int argc, char **argv);

G_END_DECLS
