/* pomar-reachability.h: can the connections' servers be reached now?
 *
 * GNetworkMonitor says whether the computer has a network, not whether a
 * server answers: a hotel's wifi, a VPN that dropped or a server that is
 * down all look "available". So each connection's host is probed for
 * real, with a TCP connection to its port (closed at once), and the
 * monitor's changes only say when to probe again. Monitors flap (a wifi
 * roaming between access points sends several changes a second): a
 * change is acted on once the monitor has been quiet for a moment.
 *
 * While a host cannot be reached it is probed again with a growing delay,
 * so that a server coming back is noticed even when the monitor says
 * nothing. The "back" signal tells when a host that could not be reached
 * can be again: the time to send what waited.
 *
 * Everything runs on the thread-default main context of the thread that
 * made the object; nothing blocks.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define POMAR_TYPE_REACHABILITY (pomar_reachability_get_type ())
G_DECLARE_FINAL_TYPE (PomarReachability, pomar_reachability, POMAR, REACHABILITY, GObject)

/* @monitor NULL: g_network_monitor_get_default (). */
PomarReachability *pomar_reachability_new          (GNetworkMonitor    *monitor);

/* The servers to watch, by the connections' base URLs (http or https;
 * the port defaults to the scheme's). Hosts already known keep their
 * state; new ones are probed at once. NULL or empty: nothing to watch,
 * and the "reachable" property is TRUE. */
void               pomar_reachability_set_urls     (PomarReachability  *self,
                                                    const char * const *urls);

/* TRUE when the network is up and at least one watched host answered its
 * last probe (or was not probed yet), or when nothing is watched. A
 * property: notify::reachable. */
gboolean           pomar_reachability_get_reachable (PomarReachability *self);

/* Whether @url's host answered its last probe (TRUE before the first
 * probe, and for a URL not watched). */
gboolean           pomar_reachability_can_reach    (PomarReachability  *self,
                                                    const char         *url);

/* What a request to @url found: @reached FALSE (it could not connect)
 * marks the host unreachable and starts probing it again later; TRUE
 * marks it reachable. Requests are the best probes there are. */
void               pomar_reachability_report       (PomarReachability  *self,
                                                    const char         *url,
                                                    gboolean            reached);

/* Probes every watched host now (after the quiet delay, like a monitor
 * change). */
void               pomar_reachability_check        (PomarReachability  *self);

/* For tests: the quiet delay after a monitor change, the first and the
 * longest delay between probes of a host that cannot be reached, and a
 * probe's timeout, all in milliseconds. The defaults: 2 s, 10 s, 5 min,
 * 5 s. */
void               pomar_reachability_set_timing   (PomarReachability  *self,
                                                    guint               quiet_ms,
                                                    guint               first_retry_ms,
                                                    guint               max_retry_ms,
                                                    guint               timeout_ms);

/* For tests: how many probe rounds (all hosts probed at once) started. */
guint              pomar_reachability_get_n_rounds (PomarReachability  *self);

G_END_DECLS
