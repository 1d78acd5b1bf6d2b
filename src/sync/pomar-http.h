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

/* How a request is tried again after a transient failure: 429 (waiting
 * its Retry-After), 408, 5xx, timeouts, resets, truncated bodies and
 * bodies the caller's check finds unreadable. Waits double from
 * @backoff_ms, each with up to half of it again at random (jitter),
 * capped at @max_wait_ms. */
typedef struct
{
  guint max_attempts;  /* tries in all, at least 1 */
  guint backoff_ms;
  guint max_wait_ms;
} PomarRetryPolicy;

void pomar_retry_policy_init (PomarRetryPolicy *policy); /* 6 tries, 500 ms, 60 s */

/* Looks at a 2xx body; FALSE (with @error) when it cannot be used: the
 * request is then tried again as for a 5xx. */
typedef gboolean (*PomarHttpBodyCheck) (GBytes    *body,
                                        gpointer   user_data,
                                        GError   **error);

/* How a provider's token goes into a request: one header, never logged,
 * never in a URL. The value is wiped when freed. */
typedef struct
{
  char *header;   /* "Authorization", "X-Redmine-API-Key" */
  char *value;
} PomarHttpCredentials;

/* Redmine: the key in X-Redmine-API-Key; Zendesk with an email: Basic
 * "email/token:TOKEN"; everything else: Bearer. */
PomarHttpCredentials *pomar_http_credentials_new   (const char                 *provider,
                                                    const char                 *email,
                                                    const char                 *token);
void                  pomar_http_credentials_free  (PomarHttpCredentials       *credentials);
void                  pomar_http_credentials_apply (const PomarHttpCredentials *credentials,
                                                    SoupMessageHeaders         *headers);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarHttpCredentials, pomar_http_credentials_free)

/* Sends @method (GET, POST or PATCH; POST and PATCH carry @json_body) to
 * @uri (Accept: application/json; @credentials, if not NULL, as their
 * header; @headers, if not NULL, more name, value pairs ending in NULL, such
 * as Idempotency-Key, sent again as they are with every try) until it
 * gets a usable 2xx body, fails for good, or runs out of tries. A non-2xx
 * answer that is not transient fails at once: @error from its status, and,
 * if not NULL, *@status and *@error_body (the answer's body, e.g. the
 * contract's error object) are set for the caller to look closer.
 * @attempts, if not NULL, gets how many requests were sent. */
GBytes *pomar_http_send (SoupSession                *session,
                         const char                 *method,
                         const char                 *uri,
                         const char                 *json_body,
                         const PomarHttpCredentials *credentials,
                         const char * const         *headers,
                         const PomarRetryPolicy     *policy,
                         PomarHttpBodyCheck          check,
                         gpointer                    check_data,
                         guint                      *status,
                         GBytes                    **error_body,
                         guint                      *attempts,
                         GCancellable               *cancellable,
                         GError                    **error);

G_END_DECLS
