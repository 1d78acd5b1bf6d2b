/* pomar-context.h: what a front end works through.
 *
 * One PomarContext owns the store (and, as they arrive, the sync engine, the
 * settings and the network monitor). The GUI's application and the CLI each
 * make one; windows get it from the application. There are no globals.
 */
#pragma once

#include <gio/gio.h>

#include "core/pomar-demo.h"
#include "store/pomar-store.h"

G_BEGIN_DECLS

#define POMAR_TYPE_CONTEXT (pomar_context_get_type ())
G_DECLARE_FINAL_TYPE (PomarContext, pomar_context, POMAR, CONTEXT, GObject)

/* $XDG_DATA_HOME/pomar */
char         *pomar_default_data_dir      (void);
/* $XDG_DATA_HOME/pomar/demo: the demo book never mixes with a user's cache. */
char         *pomar_demo_data_dir         (void);

/* Opens (creating if needed) the cache in @data_dir (NULL: the default),
 * with the settings and the playbook templates (built in, and the team's
 * from $XDG_CONFIG_HOME/pomar/playbooks: a bad file is skipped, and
 * reported by get_playbook_problems). */
PomarContext *pomar_context_new           (const char   *data_dir,
                                           GError      **error);
PomarStore   *pomar_context_get_store     (PomarContext *self);
const char   *pomar_context_get_data_dir  (PomarContext *self);

/* NULL when no settings schema could be found (the defaults apply). */
GSettings    *pomar_context_get_settings  (PomarContext *self);
void          pomar_context_get_health_weights   (PomarContext       *self,
                                                  PomarHealthWeights *weights);
/* Years of customer lifetime the LTV estimate uses without churn history. */
double        pomar_context_get_default_lifetime (PomarContext       *self);
PomarPlaybookCatalog *pomar_context_get_playbook_catalog  (PomarContext *self);
/* Sentences naming each team template file that was skipped, and why. */
GPtrArray    *pomar_context_get_playbook_problems (PomarContext *self);

/* Brings the derived figures (health, playbooks started by triggers) up to
 * date for today; cheap when they are. */
gboolean      pomar_context_refresh       (PomarContext  *self,
                                           GCancellable  *cancellable,
                                           GError       **error);

/* TRUE when the cache holds no account at all. */
gboolean      pomar_context_is_empty      (PomarContext *self,
                                           GError      **error);
/* TRUE when the cache holds a generated demo book (and nothing synced). */
gboolean      pomar_context_is_demo       (PomarContext *self,
                                           GError      **error);

/* Replaces the cache's contents with a demo book, on the writer thread, in
 * chunks of accounts. Refuses (POMAR_ERROR_REFUSED) a cache that holds data
 * that is not a demo book (synced records or local changes) unless @force.
 * The whole book is written in one transaction, so a failure leaves the
 * cache as it was. @progress, if not NULL, is called on the store's writer
 * thread (where the book is generated) with the accounts done and the total. */
typedef void (*PomarDemoProgress) (guint done, guint total, gpointer user_data);

gboolean      pomar_context_generate_demo (PomarContext           *self,
                                           const PomarDemoOptions *options,
                                           gboolean                force,
                                           PomarDemoProgress       progress,
                                           gpointer                progress_data,
                                           GCancellable           *cancellable,
                                           GError                **error);
void          pomar_context_generate_demo_async  (PomarContext           *self,
                                                  const PomarDemoOptions *options,
                                                  gboolean                force,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
gboolean      pomar_context_generate_demo_finish (PomarContext  *self,
                                                  GAsyncResult  *result,
                                                  GError       **error);

/* Moves @account_id to @to_stage as a local change (domain.md, Offline):
 * pomar_store_writer_move_stage() on the store's writer thread, by the
 * person using this computer. Undoing a move is another move. _finish
 * gives the stage_change activity's id in @activity_id (may be NULL). */
void          pomar_context_move_stage_async     (PomarContext         *self,
                                                  const char           *account_id,
                                                  const char           *to_stage,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      pomar_context_move_stage_finish    (PomarContext         *self,
                                                  GAsyncResult         *result,
                                                  char                **activity_id,
                                                  GError              **error);

/* Settles the stage conflict @seq of @account_id (see
 * pomar_push_resolve_conflict) on a worker thread, then emits
 * ::account-changed for it. */
void          pomar_context_resolve_conflict_async  (PomarContext        *self,
                                                     const char          *account_id,
                                                     gint64               seq,
                                                     gboolean             keep_mine,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean      pomar_context_resolve_conflict_finish (PomarContext        *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Who makes changes here: the person's full name, else their login. */
char         *pomar_context_local_author         (void);

/* The local changes below work like a stage move: written to the cache
 * (and, for what the contract lets a client write, to the outbox) in one
 * transaction on the store's writer thread, by the person using this
 * computer, and the account's figures derived again. Each successful one
 * (stage moves included) then emits PomarContext::account-changed with the
 * account's id on the main context, so that every view showing the account
 * reads it again. */

/* Moves @account_ids[i] to @to_stages[i] (parallel arrays, NULL-terminated
 * and of the same length), all in one transaction: a failure moves none.
 * An account already in its target stage is left alone. _finish gives how
 * many were moved. Undoing a bulk move is another bulk move. */
void          pomar_context_move_stages_async    (PomarContext         *self,
                                                  const char * const   *account_ids,
                                                  const char * const   *to_stages,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      pomar_context_move_stages_finish   (PomarContext         *self,
                                                  GAsyncResult         *result,
                                                  guint                *moved,
                                                  GError              **error);

/* Starts playbook @template_id by hand for every account of @account_ids
 * (NULL-terminated), in one transaction. An account that has an open
 * instance of it already is counted in @already_open, not an error. */
void          pomar_context_start_playbook_async (PomarContext         *self,
                                                  const char * const   *account_ids,
                                                  const char           *template_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      pomar_context_start_playbook_finish (PomarContext        *self,
                                                   GAsyncResult        *result,
                                                   guint               *started,
                                                   guint               *already_open,
                                                   GError             **error);

/* A playbook task becomes "open", "done" or "skipped" (@reason, required
 * for a skip); done and reopened are also task_done / task_reopened
 * activities of @account_id, queued for the server. */
void          pomar_context_set_task_state_async  (PomarContext        *self,
                                                   const char          *account_id,
                                                   const char          *instance_id,
                                                   const char          *task_id,
                                                   const char          *state,
                                                   const char          *reason,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean      pomar_context_set_task_state_finish (PomarContext        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* A note (@kind "note", "meeting", "call" or "email") on @account_id's
 * timeline, queued for the server. _finish gives the activity's id. */
void          pomar_context_add_note_async   (PomarContext        *self,
                                              const char          *account_id,
                                              const char          *kind,
                                              const char          *body,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      pomar_context_add_note_finish  (PomarContext        *self,
                                              GAsyncResult        *result,
                                              char               **activity_id,
                                              GError             **error);

/* The health override (domain.md), local to this computer: @score 0..100,
 * a reason, an expiry day after today. @score < 0 removes the override
 * (then @reason and @expires_on are ignored). */
void          pomar_context_set_health_override_async  (PomarContext        *self,
                                                        const char          *account_id,
                                                        int                  score,
                                                        const char          *reason,
                                                        PomarDay             expires_on,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean      pomar_context_set_health_override_finish (PomarContext        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
