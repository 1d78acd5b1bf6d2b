/* pomar-push.h: sending local changes to the server (domain.md, Offline).
 *
 * The outbox holds every change made in Pomar (stage moves, notes, meetings,
 * task changes) with the Idempotency-Key made when the change was made. A
 * push sends what is pending to a "pomar" connection, oldest first, an
 * account's changes in the order they were made: an account whose change
 * could not go (a conflict, an account gone from the server, a failure)
 * holds its later changes back. What the server answers is stored, and the
 * entry goes, in one transaction; a retry after a crash sends the same key,
 * so the server does the work once (sync-api-v1.md, Writing).
 *
 * A stage move refused with 412 is settled without the user when the
 * server's stage is already the one moved to, or is still the one moved
 * from (only other fields changed: the move is sent again on the new
 * version); otherwise the entry becomes a conflict for the user, and the
 * server's account is kept with it. Nothing is dropped here.
 *
 * The calls block (HTTP and SQLite): run them on a worker thread or from
 * the CLI.
 */
#pragma once

#include <gio/gio.h>

#include "store/pomar-store.h"
#include "sync/pomar-http.h"

G_BEGIN_DECLS

typedef struct
{
  guint    sent;         /* changes the server took (or already had) */
  guint    settled;      /* stage moves refused on a version but already true on the server */
  guint    conflicts;    /* stage moves now waiting for the user */
  guint    gone;         /* changes to accounts the server no longer has */
  guint    held;         /* left pending: behind an account's earlier change, or not tried */
  gboolean auth_failed;  /* the token was refused: nothing else was tried */
  char    *error;        /* why the push stopped or a change failed, or NULL */
} PomarPushResult;

void pomar_push_result_clear (PomarPushResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PomarPushResult, pomar_push_result_clear)

/* Pushes the pending changes of the accounts @info (a "pomar" connection)
 * has a copy of. @retry NULL: the defaults; @timeout_seconds 0:
 * POMAR_HTTP_TIMEOUT_SECONDS. TRUE when nothing failed (conflicts and gone
 * accounts are not failures: they wait for the user); FALSE with @error
 * when the server could not be reached, refused the token, or refused a
 * change. @result, if not NULL, is filled either way. Another provider
 * takes no writes: TRUE, nothing sent. */
gboolean pomar_push_connection (PomarStore                *store,
                                const PomarConnectionInfo *info,
                                const char                *token,
                                const PomarRetryPolicy    *retry,
                                guint                      timeout_seconds,
                                PomarPushResult           *result,
                                GCancellable              *cancellable,
                                GError                   **error);

/* Settles the conflict @seq (an outbox entry in state "conflict"): keep
 * mine sends the move again against the server's current version (at the
 * next push); take theirs drops the move and the stage_change activity it
 * wrote here, and the account shows the server's stage. Either way a note
 * by @author (may be NULL) on the account's timeline says what was
 * decided, queued for the server like any note. POMAR_ERROR_NOT_FOUND when
 * @seq is no conflict. */
gboolean pomar_push_resolve_conflict (PomarStore  *store,
                                      gint64       seq,
                                      gboolean     keep_mine,
                                      const char  *author,
                                      GError     **error);

/* A name-based UUID (version 5 layout over SHA-1) of @name: the same name
 * gives the same key, so a change sent again after a crash keeps it. */
char *pomar_push_derive_key (const char *name);

/* What a change is, in a line: "stage: onboarding → engagement",
 * "note: Kick-off done…" (the first 48 characters), "task done:
 * onboarding / welcome". */
char *pomar_push_describe_change (const PomarOutboxEntry *entry);

G_END_DECLS
