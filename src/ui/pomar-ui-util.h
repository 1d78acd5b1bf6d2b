/* pomar-ui-util.h: small things several widgets say or do alike. */
#pragma once

#include <gtk/gtk.h>

#include "core/pomar-health.h"

G_BEGIN_DECLS

/* A health band as a heading or a badge says it ("Green"; "Unknown" for no
 * band), and inside a sentence ("green", "unknown"). */
const char *pomar_health_band_name        (PomarHealthBand band);
const char *pomar_health_band_word        (PomarHealthBand band);

/* A health band's colour, as the style class libadwaita colours with
 * ("error", "warning", "success"; "unknown" for no band), and that class
 * put on @widget in place of another band's. */
const char *pomar_health_band_style_class (PomarHealthBand band);
void        pomar_set_health_band_class   (GtkWidget      *widget,
                                           PomarHealthBand band);

/* GTK 4.8 gives a GtkDropDown's own accessible name to no one: a screen
 * reader meets its button as "GtkToggleButton". This names that button. */
void        pomar_name_drop_down          (GtkDropDown    *drop_down,
                                           const char     *name);

/* A dialog's status line: @text dimmed, or in the error colour when
 * @is_error; hidden when @text is NULL. */
void        pomar_show_status             (GtkLabel       *label,
                                           const char     *text,
                                           gboolean        is_error);

G_END_DECLS
