/* pomar-error.c: the Pomar error domain. */
#include "pomar-error.h"

G_DEFINE_QUARK (pomar-error-quark, pomar_error)
