/* pomar-provider-hubspot.h: what a HubSpot connection keeps besides its URL.
 *
 * HubSpot has no standard property for ARR, renewal date, seats or a
 * customer-success stage: each portal makes its own. A connection names
 * them, field by field, and keeps the names in its settings_json as
 *   {"properties": {"arr": "annual_contract_value", "stage": "cs_stage", ...}}
 * Nothing is guessed: a field no property is named for stays empty.
 * The provider itself is pomar_provider_hubspot (pomar-provider.h).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The account fields a property can be named for, in the order they are
 * shown: "arr", "currency", "renewal_date", "licensed_seats", "stage",
 * "segment", "owner", "plan", "contract_start". NULL-terminated. */
const char * const *pomar_hubspot_get_mapped_fields (void);

/* Turns "FIELD=PROPERTY" assignments (as `pomarctl connection add
 * --property` takes them) into settings JSON text. @assignments may be NULL
 * or empty: *@settings_json is then NULL. FALSE with
 * POMAR_ERROR_INVALID_ARGUMENT and a sentence saying what is wrong (an
 * unknown field, a name that is not a HubSpot property's internal name, a
 * field given twice). */
gboolean pomar_hubspot_settings_from_assignments (const char * const  *assignments,
                                                  char               **settings_json,
                                                  GError             **error);

/* The property named for @field in @settings_json, or NULL. Newly
 * allocated. */
char    *pomar_hubspot_settings_get_property     (const char          *settings_json,
                                                  const char          *field);

/* "arr=annual_contract_value, stage=cs_stage" for listings, or NULL when
 * @settings_json names no property. */
char    *pomar_hubspot_settings_describe         (const char          *settings_json);

G_END_DECLS
