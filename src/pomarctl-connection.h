/* pomarctl-connection.h: `pomarctl connection`, add, list, test and remove. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @argv[0] is "connection", the subcommand is @argv[1]. @data_dir NULL means
 * the default cache. Prints its own messages; returns the exit code: 0 done,
 * 1 failed (one line on stderr), 2 bad usage. */
int pomarctl_connection_main (const char  *data_dir,
                              int          argc,
                              char       **argv);

G_END_DECLS
