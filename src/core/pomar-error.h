/* pomar-error.h: the one error domain of Pomar.
 *
 * Every layer reports failures as a GError in POMAR_ERROR with a code that
 * says what kind of failure it was; the message is a human sentence that the
 * UI and the CLI can show as it is.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define POMAR_ERROR (pomar_error_quark ())

typedef enum
{
  POMAR_ERROR_FAILED,           /* anything not named below */
  POMAR_ERROR_IO,               /* a file or folder could not be read or written */
  POMAR_ERROR_DATABASE,         /* SQLite failed */
  POMAR_ERROR_SCHEMA_TOO_NEW,   /* the cache was made by a newer Pomar */
  POMAR_ERROR_CORRUPT,          /* the cache is damaged or not a Pomar cache */
  POMAR_ERROR_DISK_FULL,        /* no room left on the device */
  POMAR_ERROR_READ_ONLY,        /* the cache or its folder cannot be written */
  POMAR_ERROR_BUSY,             /* another process holds the cache */
  POMAR_ERROR_NOT_FOUND,        /* no such account, record, connection... */
  POMAR_ERROR_INVALID_ARGUMENT, /* the caller asked for something malformed */
  POMAR_ERROR_INVALID_DATA,     /* a record or file holds data that does not parse */
  POMAR_ERROR_REFUSED,          /* the operation would lose data and was not forced */
  POMAR_ERROR_NO_KEYRING,       /* no usable Secret Service to keep a token in */
  POMAR_ERROR_AUTH,             /* a server refused the credentials */
  POMAR_ERROR_NETWORK,          /* a server could not be reached or answered badly */
  POMAR_ERROR_FORBIDDEN,        /* a server accepted the credentials but refused this request */
  POMAR_ERROR_INVALID_CURSOR,   /* a sync cursor expired: the pass starts again */
  POMAR_ERROR_SERVER_BUG,       /* a server broke its contract (a cursor that does not advance...) */
} PomarErrorCode;

GQuark pomar_error_quark (void);

G_END_DECLS
