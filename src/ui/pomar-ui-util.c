/* pomar-ui-util.c: small things several widgets say or do alike. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pomar-ui-util.h"

const char *
pomar_health_band_name (PomarHealthBand band)
{
  switch (band)
    {
    case POMAR_HEALTH_BAND_RED:
      return C_("health band", "Red");
    case POMAR_HEALTH_BAND_YELLOW:
      return C_("health band", "Yellow");
    case POMAR_HEALTH_BAND_GREEN:
      return C_("health band", "Green");
    case POMAR_HEALTH_BAND_NONE:
    default:
      return C_("health band", "Unknown");
    }
}

const char *
pomar_health_band_word (PomarHealthBand band)
{
  switch (band)
    {
    case POMAR_HEALTH_BAND_RED:
      return C_("health band", "red");
    case POMAR_HEALTH_BAND_YELLOW:
      return C_("health band", "yellow");
    case POMAR_HEALTH_BAND_GREEN:
      return C_("health band", "green");
    case POMAR_HEALTH_BAND_NONE:
    default:
      return C_("health band", "unknown");
    }
}

const char *
pomar_health_band_style_class (PomarHealthBand band)
{
  switch (band)
    {
    case POMAR_HEALTH_BAND_RED:
      return "error";
    case POMAR_HEALTH_BAND_YELLOW:
      return "warning";
    case POMAR_HEALTH_BAND_GREEN:
      return "success";
    case POMAR_HEALTH_BAND_NONE:
    default:
      return "unknown";
    }
}

void
pomar_set_health_band_class (GtkWidget       *widget,
                             PomarHealthBand  band)
{
  static const PomarHealthBand bands[] = {
    POMAR_HEALTH_BAND_NONE, POMAR_HEALTH_BAND_RED, POMAR_HEALTH_BAND_YELLOW, POMAR_HEALTH_BAND_GREEN,
  };

  g_return_if_fail (GTK_IS_WIDGET (widget));

  for (guint i = 0; i < G_N_ELEMENTS (bands); i++)
    if (bands[i] != band)
      gtk_widget_remove_css_class (widget, pomar_health_band_style_class (bands[i]));
  gtk_widget_add_css_class (widget, pomar_health_band_style_class (band));
}

void
pomar_name_drop_down (GtkDropDown *drop_down,
                      const char  *name)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));

  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (drop_down));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

void
pomar_show_status (GtkLabel   *label,
                   const char *text,
                   gboolean    is_error)
{
  GtkWidget *widget = GTK_WIDGET (label);

  g_return_if_fail (GTK_IS_LABEL (label));

  if (is_error)
    {
      gtk_widget_add_css_class (widget, "error");
      gtk_widget_remove_css_class (widget, "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (widget, "error");
      gtk_widget_add_css_class (widget, "dim-label");
    }
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (widget, text != NULL);
}
