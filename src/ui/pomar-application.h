/* pomar-application.h: the GUI application: command line, windows, actions. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define POMAR_TYPE_APPLICATION (pomar_application_get_type ())
G_DECLARE_FINAL_TYPE (PomarApplication, pomar_application, POMAR, APPLICATION, AdwApplication)

PomarApplication *pomar_application_new (void);

G_END_DECLS
