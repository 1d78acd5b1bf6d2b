/* pomar-http.c: sessions and human errors for Pomar's HTTP.
 *
 * libsoup and GIO report failures in their own words ("Error resolving
 * ...: Name or service not known"); a person needs to know which server, what
 * went wrong and what to do. The mapping lives here so that every connector
 * says the same thing for the same failure.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

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
                   _("The token was refused by %s. Add the connection again with a new token."),
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
