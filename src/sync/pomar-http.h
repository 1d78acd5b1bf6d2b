/* pomar-http.h: the HTTP pieces every connector shares.
 *
 * One place makes SoupSessions (timeouts, user agent) and turns what libsoup
 * and GIO report into POMAR_ERROR sentences that name the server and say
 * what to do. No message ever holds a request's headers, so a token cannot
 * leak through an error.
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Seconds a connect, a send or a wait for an answer may take. */
#define POMAR_HTTP_TIMEOUT_SECONDS 15

/* A session that gives up after @timeout_seconds of silence. It must be used
 * from the thread (and thread-default main context) that made it. */
SoupSession *pomar_http_session_new             (guint          timeout_seconds);

/* Sets @error from a failed send to @uri: DNS, refused connections, TLS,
 * timeouts... G_IO_ERROR_CANCELLED is passed on as it is. */
void         pomar_http_set_error_from_transport (GError       **error,
                                                  GUri          *uri,
                                                  const GError  *transport_error);

/* Sets @error for an answered @message whose status is not 2xx: 401/403
 * become POMAR_ERROR_AUTH, 404 POMAR_ERROR_NOT_FOUND, the rest
 * POMAR_ERROR_NETWORK. */
void         pomar_http_set_error_from_status    (GError       **error,
                                                  SoupMessage   *message);

G_END_DECLS
