/* pomar-demo.h: a deterministic generator of believable books of business.
 *
 * The same options (seed, size, today) give the same book, record for record.
 * The generator knows nothing of storage: it hands each record to a sink, in
 * an order a store can take as it comes (an account before what belongs to
 * it; a playbook instance before its tasks).
 */
#pragma once

#include <gio/gio.h>

#include "pomar-records.h"

G_BEGIN_DECLS

#define POMAR_DEMO_DEFAULT_ACCOUNTS 120
#define POMAR_DEMO_DEFAULT_SEED     20261123
#define POMAR_DEMO_USAGE_DAYS       548 /* 18 months */

typedef enum
{
  POMAR_DEMO_ACCOUNT,
  POMAR_DEMO_CONTACT,
  POMAR_DEMO_TICKET,
  POMAR_DEMO_USAGE,
  POMAR_DEMO_RESPONSE,
  POMAR_DEMO_ACTIVITY,
  POMAR_DEMO_PLAYBOOK_INSTANCE,
  POMAR_DEMO_PLAYBOOK_TASK,
} PomarDemoRecordKind;

typedef struct
{
  guint    n_accounts;   /* 0: POMAR_DEMO_DEFAULT_ACCOUNTS */
  guint64  seed;
  GDate    today;        /* the book's "now"; invalid (cleared): the real today */
} PomarDemoOptions;

void pomar_demo_options_init (PomarDemoOptions *options);

/* Called for each record; @record points to the struct of @kind
 * (PomarAccount, PomarContact, ...), valid only during the call. */
typedef gboolean (*PomarDemoSink) (PomarDemoRecordKind kind,
                                   gconstpointer       record,
                                   gpointer            user_data,
                                   GError            **error);

/* Called after all records of one account (and before the next account) so a
 * caller can cut the book into transactions. May be NULL. */
typedef gboolean (*PomarDemoAccountDone) (guint     index,
                                          guint     n_accounts,
                                          gpointer  user_data,
                                          GError  **error);

gboolean pomar_demo_generate (const PomarDemoOptions *options,
                              PomarDemoSink           sink,
                              PomarDemoAccountDone    account_done,
                              gpointer                user_data,
                              GCancellable           *cancellable,
                              GError                **error);

G_END_DECLS
