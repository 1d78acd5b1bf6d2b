/* pomar-http.c: sessions and human errors for Pomar's HTTP.
 *
 * libsoup and GIO report failures in their own words ("Error resolving
 * ...: Name or service not known"); a person needs to know which server, what
 * went wrong and what to do. The mapping lives here so that every connector
 * says the same thing for the same failure.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "core/pomar-error.h"
#include "pomar-http.h"

SoupSession *
pomar_http_session_new (guint timeout_seconds)
{
  g_return_val_if_fail (timeout_seconds > 0, NULL);

  /* "timeout" covers connecting and waiting for each read or write;
   * "idle-timeout" drops kept-alive connections nobody uses. */
  return soup_session_new_with_options ("timeout", timeout_seconds,
                                        "idle-timeout", 60,
                                        "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION " ",
                                        NULL);
}

static int
uri_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port > 0)
    return port;

  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

void
pomar_http_set_error_from_transport (GError       **error,
                                     GUri          *uri,
                                     const GError  *transport_error)
{
  const char *host;

  g_return_if_fail (uri != NULL);
  g_return_if_fail (transport_error != NULL);

  host = g_uri_get_host (uri);

  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, transport_error->message);
  else if (transport_error->domain == G_RESOLVER_ERROR)
    g_set_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK,
                 _("Pomar could not find the server %s. "
                   "Check the address in the URL and that this computer is online."),
                 host);
  else if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_set_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK,
                 _("%s refused the connection on port %d. "
                   "Check the address and port in the URL, and that the server is running."),
                 host, uri_port (uri));
  else if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK,
                 _("%s did not answer in time. "
                   "Check that the server is up, or try again later."),
                 host);
  else if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE)
           || g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    g_set_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK,
                 _("%s cannot be reached from this network. Check that this computer is online."),
                 host);
  else if (g_error_matches (transport_error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    g_set_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK,
                 _("The certificate of %s is not trusted (it may be self-signed, expired "
                   "or made for another name), so Pomar did not send the token."),
                 host);
  else if (transport_error->domain == G_TLS_ERROR)
    g_set_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK,
                 _("Pomar could not make a secure connection to %s on port %d. "
                   "Check that the server speaks HTTPS on that port."),
                 host, uri_port (uri));
  else
    g_set_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK,
                 _("Pomar could not talk to %s: %s"),
                 host, transport_error->message);
}

static const char *
reason_phrase (SoupMessage *message)
{
  const char *reason = soup_message_get_reason_phrase (message);

  if (reason != NULL && *reason != '\0')
    return reason;
  return soup_status_get_phrase (soup_message_get_status (message));
}

void
pomar_http_set_error_from_status (GError      **error,
                                  SoupMessage  *message)
{
  GUri *uri;
  const char *host;
  guint status;

  g_return_if_fail (SOUP_IS_MESSAGE (message));

  uri = soup_message_get_uri (message);
  host = g_uri_get_host (uri);
  status = soup_message_get_status (message);

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_AUTH,
                   _("The token was refused by %s. Give the connection a new token (Enter New Token in Pomar, or “pomarctl connection token”)."),
                   host);
    }
  else if (status == SOUP_STATUS_NOT_FOUND)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND,
                   _("%s has nothing at %s (HTTP 404). Check the connection’s URL: "
                     "it should be the base address of the service’s API."),
                   host, g_uri_get_path (uri));
    }
  else if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (message);
      const char *location = soup_message_headers_get_one (headers, "Location");

      /* Pomar does not follow redirects: following one would send the
       * token to wherever the server points. */
      if (location != NULL)
        g_set_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK,
                     _("%s answered with a redirect to %s. "
                       "If that is the right place, use it as the connection’s URL."),
                     host, location);
      else
        g_set_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK,
                     _("%s answered with a redirect (HTTP %u). Check the connection’s URL."),
                     host, status);
    }
  else if (status == 429 /* Too Many Requests: libsoup 3.2 has no name for it */)
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK,
                   _("%s is limiting how often Pomar may ask. Try again in a minute."),
                   host);
    }
  else if (SOUP_STATUS_IS_SERVER_ERROR (status))
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK,
                   _("%s had a problem answering (HTTP %u %s). Try again later."),
                   host, status, reason_phrase (message));
    }
  else
    {
      g_set_error (error, POMAR_ERROR, POMAR_ERROR_NETWORK,
                   _("%s answered with an unexpected HTTP status %u (%s)."),
                   host, status, reason_phrase (message));
    }
}

/* Retries ------------------------------------------------------------------ */

void
pomar_retry_policy_init (PomarRetryPolicy *policy)
{
  policy->max_attempts = 6;
  policy->backoff_ms = 500;
  policy->max_wait_ms = 60000;
}

static gboolean
status_is_transient (guint status)
{
  return status == 429 || status == SOUP_STATUS_REQUEST_TIMEOUT || SOUP_STATUS_IS_SERVER_ERROR (status);
}

/* A failure to get an answer that may go away: anything but a cancel, a
 * name that does not resolve, a refused connection or a TLS problem. */
static gboolean
transport_is_transient (const GError *error)
{
  return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
         && error->domain != G_RESOLVER_ERROR
         && error->domain != G_TLS_ERROR
         && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

/* Sleeps @ms, waking early (FALSE) when @cancellable is cancelled. */
static gboolean
wait_ms (guint          ms,
         GCancellable  *cancellable)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (MIN (20000, MAX (1, end - g_get_monotonic_time ())));
    }
  return !g_cancellable_is_cancelled (cancellable);
}

static guint
backoff (const PomarRetryPolicy *policy,
         guint                   attempt)
{
  guint64 base = (guint64) policy->backoff_ms << MIN (attempt, 16u);
  guint64 jitter = base > 1 ? (guint64) g_random_int_range (0, (gint32) MIN (base / 2 + 1, G_MAXINT32)) : 0;

  return (guint) MIN (base + jitter, (guint64) policy->max_wait_ms);
}

/* Retry-After in seconds (the HTTP-date form is not used by the contract's
 * servers; it falls back to the backoff). */
static gboolean
retry_after_ms (SoupMessage *message,
                guint       *ms)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After");
  guint64 seconds;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, 86400, &seconds, NULL))
    return FALSE;
  *ms = (guint) (seconds * 1000);
  return TRUE;
}

/* Credentials ---------------------------------------------------------------- */

static void
wipe (char *text)
{
  if (text != NULL)
    memset (text, 0, strlen (text));
}

PomarHttpCredentials *
pomar_http_credentials_new (const char *provider,
                            const char *email,
                            const char *token)
{
  PomarHttpCredentials *credentials = g_new0 (PomarHttpCredentials, 1);

  g_return_val_if_fail (token != NULL, credentials);

  if (g_strcmp0 (provider, "redmine") == 0)
    {
      credentials->header = g_strdup ("X-Redmine-API-Key");
      credentials->value = g_strdup (token);
    }
  else if (g_strcmp0 (provider, "zendesk") == 0 && email != NULL && *email != '\0')
    {
      /* Zendesk's API tokens: Basic base64("email/token:TOKEN"). */
      g_autofree char *plain = g_strdup_printf ("%s/token:%s", email, token);
      g_autofree char *encoded = g_base64_encode ((const guchar *) plain, strlen (plain));

      credentials->header = g_strdup ("Authorization");
      credentials->value = g_strconcat ("Basic ", encoded, NULL);
      wipe (plain);
      wipe (encoded);
    }
  else
    {
      credentials->header = g_strdup ("Authorization");
      credentials->value = g_strconcat ("Bearer ", token, NULL);
    }
  return credentials;
}

void
pomar_http_credentials_free (PomarHttpCredentials *credentials)
{
  if (credentials == NULL)
    return;
  wipe (credentials->value);
  g_free (credentials->value);
  g_free (credentials->header);
  g_free (credentials);
}

void
pomar_http_credentials_apply (const PomarHttpCredentials *credentials,
                              SoupMessageHeaders         *headers)
{
  if (credentials != NULL && credentials->header != NULL && credentials->value != NULL)
    soup_message_headers_replace (headers, credentials->header, credentials->value);
}

/* Sending ------------------------------------------------------------------------ */

GBytes *
pomar_http_send (SoupSession                *session,
                 const char                 *method,
                 const char                 *uri,
                 const char                 *json_body,
                 const PomarHttpCredentials *credentials,
                 const char * const         *headers,
                 const PomarRetryPolicy     *policy,
                 PomarHttpBodyCheck          check,
                 gpointer                    check_data,
                 guint                      *status_out,
                 GBytes                    **error_body,
                 guint                      *attempts,
                 GCancellable               *cancellable,
                 GError                    **error)
{
  PomarRetryPolicy defaults;
  g_autoptr (GError) last_error = NULL;
  guint attempt;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  if (policy == NULL)
    {
      pomar_retry_policy_init (&defaults);
      policy = &defaults;
    }
  if (status_out != NULL)
    *status_out = 0;
  if (error_body != NULL)
    *error_body = NULL;

  for (attempt = 0; attempt < MAX (1u, policy->max_attempts); attempt++)
    {
      g_autoptr (SoupMessage) message = NULL;
      g_autoptr (GBytes) body = NULL;
      g_autoptr (GError) local_error = NULL;
      guint wait = backoff (policy, attempt);
      guint status;

      if (attempts != NULL)
        *attempts = attempt + 1;

      message = soup_message_new (method, uri);
      if (message == NULL)
        {
          g_set_error (error, POMAR_ERROR, POMAR_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a URL Pomar can ask."), uri);
          return NULL;
        }
      /* Never follow a redirect: it would take the token elsewhere. */
      soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Accept", "application/json");
      pomar_http_credentials_apply (credentials, soup_message_get_request_headers (message));
      for (guint h = 0; headers != NULL && headers[h] != NULL && headers[h + 1] != NULL; h += 2)
        soup_message_headers_replace (soup_message_get_request_headers (message), headers[h], headers[h + 1]);
      if (json_body != NULL)
        {
          g_autoptr (GBytes) request_body = g_bytes_new (json_body, strlen (json_body));

          soup_message_set_request_body_from_bytes (message, "application/json", request_body);
        }

      body = soup_session_send_and_read (session, message, cancellable, &local_error);
      if (body == NULL)
        {
          if (!transport_is_transient (local_error))
            {
              pomar_http_set_error_from_transport (error, soup_message_get_uri (message), local_error);
              return NULL;
            }
          g_clear_error (&last_error);
          pomar_http_set_error_from_transport (&last_error, soup_message_get_uri (message), local_error);
        }
      else if (SOUP_STATUS_IS_SUCCESSFUL (status = soup_message_get_status (message)))
        {
          if (check == NULL || check (body, check_data, &local_error))
            {
              if (status_out != NULL)
                *status_out = status;
              return g_steal_pointer (&body);
            }
          g_clear_error (&last_error);
          g_set_error (&last_error, POMAR_ERROR, POMAR_ERROR_NETWORK,
                       _("%s sent an answer Pomar could not read (%s)."),
                       g_uri_get_host (soup_message_get_uri (message)), local_error->message);
        }
      else
        {
          if (status_out != NULL)
            *status_out = status;
          g_clear_error (&last_error);
          pomar_http_set_error_from_status (&last_error, message);
          if (!status_is_transient (status))
            {
              if (error_body != NULL)
                *error_body = g_steal_pointer (&body);
              g_propagate_error (error, g_steal_pointer (&last_error));
              return NULL;
            }
          if (status == 429)
            retry_after_ms (message, &wait);
        }

      if (attempt + 1 < MAX (1u, policy->max_attempts)
          && !wait_ms (MIN (wait, policy->max_wait_ms), cancellable))
        break;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  g_propagate_error (error, g_steal_pointer (&last_error));
  return NULL;
}
