/* pomarctl-sync.h: `pomarctl sync`. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int pomarctl_command_sync (const char *main_dir, int argc, char **argv);

G_END_DECLS
