/* pomar-reachability.c: probing the connections' servers (see the header).
 *
 * A host is "host:port"; several connections on one server share it. Its
 * state is what its last probe, or the last request to it, found; a host
 * never probed counts as reachable, so that nothing says "offline" before
 * anything was tried.
 *
 * A round probes every host at once. When it ends with a host that could
 * not be reached, the next round comes after a delay that doubles each
 * time (up to a ceiling), and a round where every host answered brings the
 * delay back to its first value. GNetworkMonitor's word is taken for "the
 * network went away" (no probe can succeed then: every host is marked
 * unreachable, and nothing is probed until it comes back), and only as a
 * hint for "it came back" (a round tells).
 */
#include "config.h"

#include "pomar-reachability.h"

#define DEFAULT_QUIET_MS        2000
#define DEFAULT_FIRST_RETRY_MS 10000
#define DEFAULT_MAX_RETRY_MS   (5 * 60 * 1000)
#define DEFAULT_TIMEOUT_MS      5000

typedef struct
{
  char     *key;        /* "host:port" */
  char     *host;
  guint16   port;
  gboolean  reachable;
  gboolean  known;      /* probed or reported at least once */
  gboolean  probing;
} Host;

struct _PomarReachability
{
  GObject          parent_instance;

  GNetworkMonitor *monitor;
  GPtrArray       *hosts;          /* Host */
  GSocketClient   *client;
  GCancellable    *cancellable;    /* every probe's; cancelled on dispose */

  gboolean         network_up;     /* the monitor's last word, after the quiet delay */
  gboolean         heard_up;       /* its word during the quiet delay */
  gboolean         reachable;

  guint            quiet_id;
  guint            retry_id;
  guint            retry_ms;       /* the delay before the next retry round */
  guint            n_probing;
  guint            n_rounds;

  guint            quiet_ms;
  guint            first_retry_ms;
  guint            max_retry_ms;
  guint            timeout_ms;
};

G_DEFINE_FINAL_TYPE (PomarReachability, pomar_reachability, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REACHABLE,
  N_PROPS
};

enum {
  BACK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_round (PomarReachability *self);

static void
host_free (Host *host)
{
  g_free (host->key);
  g_free (host->host);
  g_free (host);
}

/* "host:port" of @url, with the scheme's port when it names none; FALSE
 * for text that is no http(s) URL with a host. */
static gboolean
parse_url (const char  *url,
           char       **host_out,
           guint16     *port_out)
{
  g_autoptr (GUri) uri = NULL;
  const char *scheme;
  const char *host;
  int port;

  if (url == NULL)
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL || *host == '\0')
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  port = g_uri_get_port (uri);
  if (port <= 0)
    {
      if (g_ascii_strcasecmp (scheme, "http") == 0)
        port = 80;
      else if (g_ascii_strcasecmp (scheme, "https") == 0)
        port = 443;
      else
        return FALSE;
    }

  *host_out = g_strdup (host);
  *port_out = (guint16) port;
  return TRUE;
}

static Host *
find_host (PomarReachability *self,
           const char        *url)
{
  g_autofree char *host = NULL;
  g_autofree char *key = NULL;
  guint16 port;

  if (!parse_url (url, &host, &port))
    return NULL;
  key = g_strdup_printf ("%s:%u", host, port);
  for (guint i = 0; i < self->hosts->len; i++)
    {
      Host *known = g_ptr_array_index (self->hosts, i);

      if (g_str_equal (known->key, key))
        return known;
    }
  return NULL;
}

/* The property follows the hosts; "back" when a host that could not be
 * reached is reached again. */
static void
update_reachable (PomarReachability *self)
{
  gboolean any = self->hosts->len == 0;

  for (guint i = 0; !any && i < self->hosts->len; i++)
    any = ((Host *) g_ptr_array_index (self->hosts, i))->reachable;
  any = any && self->network_up;

  if (any != self->reachable)
    {
      self->reachable = any;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REACHABLE]);
    }
}

static void
set_host_state (PomarReachability *self,
                Host              *host,
                gboolean           reachable)
{
  gboolean back = host->known && !host->reachable && reachable;

  host->known = TRUE;
  host->reachable = reachable;
  /* A host that answered is proof of a network, whatever the monitor
   * said last. */
  if (reachable)
    self->network_up = TRUE;
  update_reachable (self);
  if (back)
    g_signal_emit (self, signals[BACK], 0);
}

static gboolean
any_unreachable (PomarReachability *self)
{
  for (guint i = 0; i < self->hosts->len; i++)
    if (!((Host *) g_ptr_array_index (self->hosts, i))->reachable)
      return TRUE;
  return FALSE;
}

static gboolean
on_retry (gpointer user_data)
{
  PomarReachability *self = user_data;

  self->retry_id = 0;
  start_round (self);
  return G_SOURCE_REMOVE;
}

/* After a round, or a failed request: the next try, later each time. */
static void
arm_retry (PomarReachability *self)
{
  if (self->retry_id != 0 || self->n_probing > 0 || !self->network_up)
    return;

  self->retry_id = g_timeout_add (self->retry_ms, on_retry, self);
  g_source_set_name_by_id (self->retry_id, "[pomar] reachability retry");
  self->retry_ms = MIN (self->retry_ms * 2, self->max_retry_ms);
}

/* Probes ------------------------------------------------------------------ */

typedef struct
{
  GWeakRef      owner;
  char         *key;
  GCancellable *cancellable;  /* this probe's: cancelled at its timeout */
  gulong        owner_cancel_id;
  GCancellable *owner_cancellable;
  guint         timeout_id;
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_handle_id (&probe->timeout_id, g_source_remove);
  if (probe->owner_cancel_id != 0)
    g_cancellable_disconnect (probe->owner_cancellable, probe->owner_cancel_id);
  g_clear_object (&probe->owner_cancellable);
  g_clear_object (&probe->cancellable);
  g_weak_ref_clear (&probe->owner);
  g_free (probe->key);
  g_free (probe);
}

static gboolean
on_probe_timeout (gpointer user_data)
{
  Probe *probe = user_data;

  probe->timeout_id = 0;
  g_cancellable_cancel (probe->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr (PomarReachability) self = g_weak_ref_get (&probe->owner);
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;

  /* The connection proves the server listens; it goes at once (its last
   * reference closes it). */
  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (self != NULL && !g_cancellable_is_cancelled (self->cancellable))
    {
      for (guint i = 0; i < self->hosts->len; i++)
        {
          Host *host = g_ptr_array_index (self->hosts, i);

          if (!g_str_equal (host->key, probe->key))
            continue;
          host->probing = FALSE;
          if (error != NULL)
            g_debug ("Could not reach %s: %s", host->key, error->message);
          set_host_state (self, host, connection != NULL);
          break;
        }
      g_assert (self->n_probing > 0);
      if (--self->n_probing == 0)
        {
          if (any_unreachable (self))
            arm_retry (self);
          else
            self->retry_ms = self->first_retry_ms;
        }
    }
  probe_free (probe);
}

static void
on_owner_cancelled (GCancellable *owner_cancellable,
                    gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
probe_host (PomarReachability *self,
            Host              *host)
{
  g_autoptr (GSocketConnectable) address = g_network_address_new (host->host, host->port);
  Probe *probe = g_new0 (Probe, 1);

  g_weak_ref_init (&probe->owner, self);
  probe->key = g_strdup (host->key);
  probe->cancellable = g_cancellable_new ();
  probe->owner_cancellable = g_object_ref (self->cancellable);
  probe->owner_cancel_id = g_cancellable_connect (self->cancellable, G_CALLBACK (on_owner_cancelled),
                                                  probe->cancellable, NULL);
  probe->timeout_id = g_timeout_add (self->timeout_ms, on_probe_timeout, probe);
  g_source_set_name_by_id (probe->timeout_id, "[pomar] reachability probe timeout");

  host->probing = TRUE;
  self->n_probing++;
  g_socket_client_connect_async (self->client, address, probe->cancellable, on_connected, probe);
}

static void
start_round (PomarReachability *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->hosts->len == 0 || !self->network_up)
    return;

  self->n_rounds++;
  for (guint i = 0; i < self->hosts->len; i++)
    {
      Host *host = g_ptr_array_index (self->hosts, i);

      if (!host->probing)
        probe_host (self, host);
    }
}

/* The monitor ------------------------------------------------------------- */

static gboolean
on_quiet (gpointer user_data)
{
  PomarReachability *self = user_data;

  self->quiet_id = 0;
  self->network_up = self->heard_up;
  if (!self->network_up)
    {
      /* No route anywhere: nothing to probe until one comes back. */
      g_clear_handle_id (&self->retry_id, g_source_remove);
      for (guint i = 0; i < self->hosts->len; i++)
        {
          Host *host = g_ptr_array_index (self->hosts, i);

          host->known = TRUE;
          host->reachable = FALSE;
        }
      update_reachable (self);
      return G_SOURCE_REMOVE;
    }

  self->retry_ms = self->first_retry_ms;
  start_round (self);
  return G_SOURCE_REMOVE;
}

/* Each change restarts the quiet delay: a flapping monitor is heard once,
 * when it settles. */
static void
on_network_changed (GNetworkMonitor   *monitor,
                    gboolean           network_available,
                    PomarReachability *self)
{
  self->heard_up = network_available;
  g_clear_handle_id (&self->quiet_id, g_source_remove);
  self->quiet_id = g_timeout_add (self->quiet_ms, on_quiet, self);
  g_source_set_name_by_id (self->quiet_id, "[pomar] network settling");
}

/* API --------------------------------------------------------------------- */

PomarReachability *
pomar_reachability_new (GNetworkMonitor *monitor)
{
  PomarReachability *self;

  g_return_val_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor), NULL);

  self = g_object_new (POMAR_TYPE_REACHABILITY, NULL);
  self->monitor = g_object_ref (monitor != NULL ? monitor : g_network_monitor_get_default ());
  g_signal_connect_object (self->monitor, "network-changed", G_CALLBACK (on_network_changed),
                           self, G_CONNECT_DEFAULT);
  return self;
}

void
pomar_reachability_set_urls (PomarReachability  *self,
                             const char * const *urls)
{
  g_autoptr (GPtrArray) hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) host_free);
  gboolean added = FALSE;

  g_return_if_fail (POMAR_IS_REACHABILITY (self));

  for (guint i = 0; urls != NULL && urls[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *key = NULL;
      Host *host = NULL;
      guint16 port;

      if (!parse_url (urls[i], &name, &port))
        continue;
      key = g_strdup_printf ("%s:%u", name, port);
      for (guint j = 0; host == NULL && j < hosts->len; j++)
        if (g_str_equal (((Host *) g_ptr_array_index (hosts, j))->key, key))
          host = g_ptr_array_index (hosts, j);
      if (host != NULL)
        continue;

      /* A host already watched keeps what is known of it. */
      for (guint j = 0; host == NULL && j < self->hosts->len; j++)
        if (g_str_equal (((Host *) g_ptr_array_index (self->hosts, j))->key, key))
          host = g_ptr_array_steal_index (self->hosts, j);
      if (host == NULL)
        {
          host = g_new0 (Host, 1);
          host->key = g_steal_pointer (&key);
          host->host = g_steal_pointer (&name);
          host->port = port;
          host->reachable = TRUE;
          added = TRUE;
        }
      g_ptr_array_add (hosts, host);
    }

  /* A probe of a host no longer watched finds nothing to update; the
   * round still counts it down. */
  g_ptr_array_unref (self->hosts);
  self->hosts = g_steal_pointer (&hosts);
  update_reachable (self);
  if (added)
    start_round (self);
}

gboolean
pomar_reachability_get_reachable (PomarReachability *self)
{
  g_return_val_if_fail (POMAR_IS_REACHABILITY (self), TRUE);
  return self->reachable;
}

gboolean
pomar_reachability_can_reach (PomarReachability *self,
                              const char        *url)
{
  Host *host;

  g_return_val_if_fail (POMAR_IS_REACHABILITY (self), TRUE);

  host = find_host (self, url);
  return host == NULL || (host->reachable && self->network_up);
}

void
pomar_reachability_report (PomarReachability *self,
                           const char        *url,
                           gboolean           reached)
{
  Host *host;

  g_return_if_fail (POMAR_IS_REACHABILITY (self));

  host = find_host (self, url);
  if (host == NULL)
    return;
  set_host_state (self, host, reached);
  if (!reached)
    arm_retry (self);
}

void
pomar_reachability_check (PomarReachability *self)
{
  g_return_if_fail (POMAR_IS_REACHABILITY (self));

  on_network_changed (self->monitor, TRUE, self);
}

void
pomar_reachability_set_timing (PomarReachability *self,
                               guint              quiet_ms,
                               guint              first_retry_ms,
                               guint              max_retry_ms,
                               guint              timeout_ms)
{
  g_return_if_fail (POMAR_IS_REACHABILITY (self));
  g_return_if_fail (first_retry_ms > 0 && max_retry_ms >= first_retry_ms && timeout_ms > 0);

  self->quiet_ms = quiet_ms;
  self->first_retry_ms = self->retry_ms = first_retry_ms;
  self->max_retry_ms = max_retry_ms;
  self->timeout_ms = timeout_ms;
}

guint
pomar_reachability_get_n_rounds (PomarReachability *self)
{
  g_return_val_if_fail (POMAR_IS_REACHABILITY (self), 0);
  return self->n_rounds;
}

/* GObject ------------------------------------------------------------------ */

static void
pomar_reachability_dispose (GObject *object)
{
  PomarReachability *self = POMAR_REACHABILITY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->quiet_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (pomar_reachability_parent_class)->dispose (object);
}

static void
pomar_reachability_finalize (GObject *object)
{
  PomarReachability *self = POMAR_REACHABILITY (object);

  g_ptr_array_unref (self->hosts);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pomar_reachability_parent_class)->finalize (object);
}

static void
pomar_reachability_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PomarReachability *self = POMAR_REACHABILITY (object);

  switch (prop_id)
    {
    case PROP_REACHABLE:
      g_value_set_boolean (value, self->reachable);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_reachability_class_init (PomarReachabilityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pomar_reachability_dispose;
  object_class->finalize = pomar_reachability_finalize;
  object_class->get_property = pomar_reachability_get_property;

  properties[PROP_REACHABLE] =
    g_param_spec_boolean ("reachable", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A host that could not be reached answers again. */
  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pomar_reachability_init (PomarReachability *self)
{
  self->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) host_free);
  self->client = g_socket_client_new ();
  self->cancellable = g_cancellable_new ();
  self->network_up = self->heard_up = TRUE;
  self->reachable = TRUE;
  self->quiet_ms = DEFAULT_QUIET_MS;
  self->first_retry_ms = self->retry_ms = DEFAULT_FIRST_RETRY_MS;
  self->max_retry_ms = DEFAULT_MAX_RETRY_MS;
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
}
