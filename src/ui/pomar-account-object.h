/* pomar-account-object.h: one account as a GObject, for list models.
 *
 * The board, the accounts table and the portfolio all show the same
 * GListModel of these, loaded from the store off the main thread. A refresh
 * replaces the objects; a local change updates one in place and notifies.
 * Objects may be made on any thread, then used on the main thread only.
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

/* A local change: the account as the store now has it (every property is
 * notified), or only its new stage (which drops the stage suggestion). */
void                       pomar_account_object_update           (PomarAccountObject        *self,
                                                                  const PomarAccountSummary *summary);
void                       pomar_account_object_set_stage        (PomarAccountObject *self,
                                                                  const char         *stage);

/* The health shown as of the day the object was made (an active override
 * counts): FALSE when unknown (@band then POMAR_HEALTH_BAND_NONE). */
gboolean                   pomar_account_object_get_health       (PomarAccountObject *self,
                                                                  int                *score,
                                                                  PomarHealthBand    *band);
/* 1: rising, -1: falling (5 points or more in 30 days), 0: neither or unknown. */
int                        pomar_account_object_get_health_trend (PomarAccountObject *self);
/* FALSE without a renewal date. */
gboolean                   pomar_account_object_get_days_to_renewal (PomarAccountObject *self,
                                                                     gint64             *days);
/* Name and domain, folded by pomar_fold_for_search(). */
const char                *pomar_account_object_get_search_key   (PomarAccountObject *self);
/* By name as the locale sorts, ignoring case (collation keys made with
 * the object), then by id: a qsort-style order for the board's columns. */
int                        pomar_account_object_compare          (PomarAccountObject *a,
                                                                  PomarAccountObject *b);

/* Convenience getters, also exposed as read-only properties of the same
 * names ("id", "name", "stage", "owner", "segment", "currency", "arr",
 * "open-tickets", "renewal-date", "last-touch") for GtkExpression sorters
 * and filters. */
const char                *pomar_account_object_get_id           (PomarAccountObject *self);
const char                *pomar_account_object_get_name         (PomarAccountObject *self);
const char                *pomar_account_object_get_stage        (PomarAccountObject *self);
const char                *pomar_account_object_get_owner        (PomarAccountObject *self);
const char                *pomar_account_object_get_segment      (PomarAccountObject *self);
/* Interned: currencies compare by address. */
const char                *pomar_account_object_get_currency     (PomarAccountObject *self);
double                     pomar_account_object_get_arr          (PomarAccountObject *self); /* NAN when unknown */
gint64                     pomar_account_object_get_open_tickets (PomarAccountObject *self);
const char                *pomar_account_object_get_renewal_date (PomarAccountObject *self);
const char                *pomar_account_object_get_last_touch   (PomarAccountObject *self);
/* The last touch's calendar day in local time, or POMAR_NO_DAY. */
PomarDay                   pomar_account_object_get_last_touch_day (PomarAccountObject *self);

/* @text case folded, accents dropped, for substring search. */
char                      *pomar_fold_for_search                 (const char *text);

/* "R$ 48.000" / "US$ 12,500" in the user's locale; "—" when unknown. */
char                      *pomar_format_money                    (double      amount,
                                                                  const char *currency);

G_END_DECLS
