/* pomar-welcome-page.h: what an empty cache shows. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define POMAR_TYPE_WELCOME_PAGE (pomar_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (PomarWelcomePage, pomar_welcome_page, POMAR, WELCOME_PAGE, AdwBin)

GtkWidget *pomar_welcome_page_new (void);

G_END_DECLS
