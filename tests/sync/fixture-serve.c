/* fixture-serve.c: the fixture server as a process, for shell tests:
 * fixture-serve TOKEN N_ACCOUNTS prints its URL on a line, then serves a
 * demo book of N_ACCOUNTS until its standard input closes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fixture-server.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr (FixtureServer) server = NULL;
  GDate today;
  char buf[64];

  if (argc != 3)
    return 2;

  server = fixture_server_new (argv[1]);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);
  fixture_server_load_demo (server, (guint) atoi (argv[2]), 7, &today);
  fixture_server_set_page_size_cap (server, 50);
  printf ("%s\n", fixture_server_get_url (server));
  fflush (stdout);

  while (fgets (buf, sizeof buf, stdin) != NULL)
    ;
  return 0;
}
