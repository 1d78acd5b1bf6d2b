/* test-reachability.c: PomarReachability against real sockets on loopback.
 *
 * A listener stands for a connection's server: closed, connections are
 * refused as from a server that is down; opened again on the same port,
 * it answers. The main loop runs until what the object says changes,
 * with deadlines, so nothing here depends on exact timings beyond the
 * short ones the test sets.
 */
#include "config.h"

#include <gio/gio.h>

#include "sync/pomar-reachability.h"

#define QUIET_MS        20
#define FIRST_RETRY_MS 100
#define MAX_RETRY_MS   400
#define TIMEOUT_MS    1000

typedef struct
{
  GSocketListener *listener;
  guint16          port;
  char            *url;
} Server;

static void
server_listen (Server *server)
{
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, server->port);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;

  server->listener = g_socket_listener_new ();
  g_socket_listener_add_address (server->listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  if (server->port == 0)
    {
      server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
      server->url = g_strdup_printf ("http://127.0.0.1:%u/api", server->port);
    }
}

/* The port closes: connections are refused (the kernel answers them, as
 * for a server that is down; accepted ones were never read). */
static void
server_close (Server *server)
{
  g_socket_listener_close (server->listener);
  g_clear_object (&server->listener);
}

static void
server_clear (Server *server)
{
  if (server->listener != NULL)
    server_close (server);
  g_free (server->url);
}

typedef struct
{
  PomarReachability *reachability;
  guint              n_back;
  guint              n_notify;
} Watch;

static void
on_back (PomarReachability *reachability,
         Watch             *watch)
{
  watch->n_back++;
}

static void
on_notify (PomarReachability *reachability,
           GParamSpec        *pspec,
           Watch             *watch)
{
  watch->n_notify++;
}

static void
watch_init (Watch *watch)
{
  watch->reachability = pomar_reachability_new (NULL);
  pomar_reachability_set_timing (watch->reachability, QUIET_MS, FIRST_RETRY_MS, MAX_RETRY_MS, TIMEOUT_MS);
  g_signal_connect (watch->reachability, "back", G_CALLBACK (on_back), watch);
  g_signal_connect (watch->reachability, "notify::reachable", G_CALLBACK (on_notify), watch);
}

static void
watch_clear (Watch *watch)
{
  g_clear_object (&watch->reachability);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the loop until reachable is @wanted; fails after 5 s. */
static void
wait_reachable (Watch    *watch,
                gboolean  wanted)
{
  gboolean late = FALSE;
  guint id = g_timeout_add (5000, on_deadline, &late);

  while (pomar_reachability_get_reachable (watch->reachability) != wanted && !late)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (late);
  g_source_remove (id);
}

/* Runs the loop for @ms. */
static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_deadline, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* @server listening, and @watch watching it alone, its first probe done. */
static void
watch_server (Watch  *watch,
              Server *server)
{
  const char *urls[2] = { NULL, NULL };

  server_listen (server);
  watch_init (watch);
  urls[0] = server->url;
  pomar_reachability_set_urls (watch->reachability, urls);
  run_for (100);
}

/* A server that answers: reachable, before and after its probe. */
static void
test_up (void)
{
  Server server = { 0 };
  Watch watch = { 0 };
  const char *urls[2];

  server_listen (&server);
  watch_init (&watch);
  urls[0] = server.url;
  urls[1] = NULL;
  pomar_reachability_set_urls (watch.reachability, urls);
  g_assert_cmpuint (pomar_reachability_get_n_rounds (watch.reachability), ==, 1);
  g_assert_true (pomar_reachability_get_reachable (watch.reachability));
  run_for (300);
  g_assert_true (pomar_reachability_get_reachable (watch.reachability));
  g_assert_true (pomar_reachability_can_reach (watch.reachability, server.url));
  /* Every host answered: no retry round. */
  g_assert_cmpuint (pomar_reachability_get_n_rounds (watch.reachability), ==, 1);
  g_assert_cmpuint (watch.n_back, ==, 0);

  watch_clear (&watch);
  server_clear (&server);
}

/* Down, then back on the same port: found by the retries alone, with
 * delays that grow; "back" once. */
static void
test_down_and_back (void)
{
  Server server = { 0 };
  Watch watch = { 0 };
  guint rounds_before, rounds_after;

  watch_server (&watch, &server);

  server_close (&server);
  pomar_reachability_check (watch.reachability);
  wait_reachable (&watch, FALSE);
  g_assert_false (pomar_reachability_can_reach (watch.reachability, server.url));
  g_assert_cmpuint (watch.n_back, ==, 0);

  /* Retries after 100, 200, 400, 400... ms: in 1.5 s, at least three
   * rounds and at most eight (without the backoff it would be fifteen). */
  rounds_before = pomar_reachability_get_n_rounds (watch.reachability);
  run_for (1500);
  rounds_after = pomar_reachability_get_n_rounds (watch.reachability);
  g_assert_cmpuint (rounds_after - rounds_before, >=, 3);
  g_assert_cmpuint (rounds_after - rounds_before, <=, 8);
  g_assert_false (pomar_reachability_get_reachable (watch.reachability));

  server_listen (&server);
  wait_reachable (&watch, TRUE);
  g_assert_cmpuint (watch.n_back, ==, 1);
  run_for (MAX_RETRY_MS * 2);
  g_assert_cmpuint (watch.n_back, ==, 1);

  watch_clear (&watch);
  server_clear (&server);
}

/* A request that could not connect: unreachable at once, and a retry
 * finds the server that answers. */
static void
test_report (void)
{
  Server server = { 0 };
  Watch watch = { 0 };

  watch_server (&watch, &server);

  pomar_reachability_report (watch.reachability, server.url, FALSE);
  g_assert_false (pomar_reachability_get_reachable (watch.reachability));
  wait_reachable (&watch, TRUE);
  g_assert_cmpuint (watch.n_back, ==, 1);

  watch_clear (&watch);
  server_clear (&server);
}

/* A flapping monitor: twenty changes in a row make one round. */
static void
test_debounce (void)
{
  GNetworkMonitor *monitor = g_network_monitor_get_default ();
  Server server = { 0 };
  Watch watch = { 0 };
  guint rounds;

  watch_server (&watch, &server);
  rounds = pomar_reachability_get_n_rounds (watch.reachability);

  for (guint i = 0; i < 20; i++)
    {
      g_signal_emit_by_name (monitor, "network-changed", i % 2 == 0);
      run_for (QUIET_MS / 4);
    }
  g_signal_emit_by_name (monitor, "network-changed", TRUE);
  run_for (QUIET_MS * 10);
  g_assert_cmpuint (pomar_reachability_get_n_rounds (watch.reachability), ==, rounds + 1);
  g_assert_true (pomar_reachability_get_reachable (watch.reachability));

  watch_clear (&watch);
  server_clear (&server);
}

/* The monitor says the network went: unreachable with no probe; it says
 * the network came back: one round, and back. */
static void
test_network_down (void)
{
  GNetworkMonitor *monitor = g_network_monitor_get_default ();
  Server server = { 0 };
  Watch watch = { 0 };
  guint rounds;

  watch_server (&watch, &server);
  rounds = pomar_reachability_get_n_rounds (watch.reachability);

  g_signal_emit_by_name (monitor, "network-changed", FALSE);
  wait_reachable (&watch, FALSE);
  run_for (FIRST_RETRY_MS * 3);
  g_assert_cmpuint (pomar_reachability_get_n_rounds (watch.reachability), ==, rounds);
  g_assert_false (pomar_reachability_get_reachable (watch.reachability));

  g_signal_emit_by_name (monitor, "network-changed", TRUE);
  wait_reachable (&watch, TRUE);
  g_assert_cmpuint (pomar_reachability_get_n_rounds (watch.reachability), ==, rounds + 1);
  g_assert_cmpuint (watch.n_back, ==, 1);

  watch_clear (&watch);
  server_clear (&server);
}

/* Two servers: one answering is enough; none is offline. A host that
 * does not resolve counts as unreachable. */
static void
test_two_hosts (void)
{
  Server a = { 0 };
  Server b = { 0 };
  Watch watch = { 0 };
  const char *urls[4];

  server_listen (&a);
  server_listen (&b);
  watch_init (&watch);
  urls[0] = a.url;
  urls[1] = b.url;
  urls[2] = "https://pomar-test.invalid/api";
  urls[3] = NULL;
  pomar_reachability_set_urls (watch.reachability, urls);
  run_for (100);
  wait_reachable (&watch, TRUE);

  server_close (&b);
  pomar_reachability_check (watch.reachability);
  run_for (300);
  g_assert_true (pomar_reachability_get_reachable (watch.reachability));
  g_assert_true (pomar_reachability_can_reach (watch.reachability, a.url));
  g_assert_false (pomar_reachability_can_reach (watch.reachability, b.url));

  server_close (&a);
  pomar_reachability_check (watch.reachability);
  wait_reachable (&watch, FALSE);
  g_assert_false (pomar_reachability_can_reach (watch.reachability, urls[2]));

  /* Nothing to watch: reachable. */
  pomar_reachability_set_urls (watch.reachability, NULL);
  g_assert_true (pomar_reachability_get_reachable (watch.reachability));

  watch_clear (&watch);
  server_clear (&a);
  server_clear (&b);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reachability/up", test_up);
  g_test_add_func ("/reachability/down-and-back", test_down_and_back);
  g_test_add_func ("/reachability/report", test_report);
  g_test_add_func ("/reachability/debounce", test_debounce);
  g_test_add_func ("/reachability/network-down", test_network_down);
  g_test_add_func ("/reachability/two-hosts", test_two_hosts);

  return g_test_run ();
}
