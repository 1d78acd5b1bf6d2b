/* pomar-account-object.h: one account as a GObject, for list models.
 *
 * The board, the accounts table and the portfolio all show the same
 * GListModel of these, loaded from the store off the main thread. An object
 * is immutable once made: a refresh replaces the objects.
 */
#pragma once

#include <glib-object.h>

#include "store/pomar-store.h"

G_BEGIN_DECLS

#define POMAR_TYPE_ACCOUNT_OBJECT (pomar_account_object_get_type ())
G_DECLARE_FINAL_TYPE (PomarAccountObject, pomar_account_object, POMAR, ACCOUNT_OBJECT, GObject)

/* Takes a copy of what it needs from @summary. */
PomarAccountObject        *pomar_account_object_new              (const PomarAccountSummary *summary);

/* The underlying record and figures (never NULL; owned by the object). */
const PomarAccountSummary *pomar_account_object_get_summary      (PomarAccountObject *self);

/* Convenience getters, also exposed as read-only properties of the same
 * names ("id", "name", "stage", "owner", "segment", "currency", "arr",
 * "open-tickets", "renewal-date", "last-touch") for GtkExpression sorters
 * and filters. */
const char                *pomar_account_object_get_id           (PomarAccountObject *self);
const char                *pomar_account_object_get_name         (PomarAccountObject *self);
const char                *pomar_account_object_get_stage        (PomarAccountObject *self);
const char                *pomar_account_object_get_owner        (PomarAccountObject *self);
const char                *pomar_account_object_get_segment      (PomarAccountObject *self);
const char                *pomar_account_object_get_currency     (PomarAccountObject *self);
double                     pomar_account_object_get_arr          (PomarAccountObject *self); /* NAN when unknown */
gint64                     pomar_account_object_get_open_tickets (PomarAccountObject *self);
const char                *pomar_account_object_get_renewal_date (PomarAccountObject *self);
const char                *pomar_account_object_get_last_touch   (PomarAccountObject *self);

/* "R$ 48.000" / "US$ 12,500" in the user's locale; "—" when unknown. */
char                      *pomar_format_money                    (double      amount,
                                                                  const char *currency);

G_END_DECLS
