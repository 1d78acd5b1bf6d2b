/* pomar-customer-page.h: everything Pomar knows about one customer.
 *
 * The page loads an account and its records from the cache on a worker
 * thread and shows them in sections. It also exports the small formatting
 * helpers (dates from the cache, segment names) that the other views share,
 * so that a date reads the same everywhere.
 */
#pragma once

#include <gtk/gtk.h>

#include "pomar-context.h"

G_BEGIN_DECLS

#define POMAR_TYPE_CUSTOMER_PAGE (pomar_customer_page_get_type ())
G_DECLARE_FINAL_TYPE (PomarCustomerPage, pomar_customer_page, POMAR, CUSTOMER_PAGE, GtkWidget)

GtkWidget  *pomar_customer_page_new            (PomarContext      *context);

/* Loads @account_id in the background, cancelling a load in flight, and
 * shows it when it arrives. Showing the same id again reloads it. */
void        pomar_customer_page_show_account   (PomarCustomerPage *self,
                                                const char        *account_id);
/* The id last passed to show_account, or NULL. */
const char *pomar_customer_page_get_account_id (PomarCustomerPage *self);
/* The customer's name once loaded (also the "title" property), or NULL;
 * for a window's title. */
const char *pomar_customer_page_get_title      (PomarCustomerPage *self);

/* Shared formatting ------------------------------------------------------ */

/* A "YYYY-MM-DD" day or an RFC 3339 timestamp (shown in local time) as a
 * date in the user's locale; "—" when @value is NULL or does not parse. */
char       *pomar_format_day                   (const char        *value);
/* How long ago @timestamp (RFC 3339) or day was, in calendar days of the
 * local time zone relative to @now (NULL: now): "Today", "Yesterday",
 * "3 days ago", "2 months ago", "1 year ago". NULL when it does not parse. */
char       *pomar_format_time_ago              (const char        *value,
                                                GDateTime         *now);
/* The same for a number of days ago. */
char       *pomar_format_days_ago              (int                days);
/* Calendar days from today (local, relative to @now, NULL: now) to the day
 * of @value: positive in the future. FALSE when @value is NULL or does not
 * parse. */
gboolean    pomar_days_from_today              (const char        *value,
                                                GDateTime         *now,
                                                int               *out_days);
/* "Enterprise", "Mid-market", "SMB", "Other"; an unknown id as given;
 * "—" for NULL. */
const char *pomar_segment_to_name              (const char        *segment);

/* The meeting brief of the customer shown, written to @path as a PDF: what
 * Meeting Brief… prints, without the print dialog. */
gboolean    pomar_customer_page_export_brief   (PomarCustomerPage *self,
                                                const char        *path,
                                                GError           **error);

G_END_DECLS
