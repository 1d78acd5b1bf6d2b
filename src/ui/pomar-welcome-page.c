/* pomar-welcome-page.c: what an empty cache shows.
 *
 * Two ways forward, both application actions so that the page needs to know
 * nothing about windows or stores: explore the demo book (which opens in a
 * window of its own, on its own data dir, never in the user's cache) or add
 * a connection to the cache this window shows.
 */
#include "config.h"

#include "pomar-welcome-page.h"

struct _PomarWelcomePage
{
  AdwBin     parent_instance;

  /* Template widgets */
  GtkWidget *demo_button;
  GtkWidget *connection_button;
};

G_DEFINE_FINAL_TYPE (PomarWelcomePage, pomar_welcome_page, ADW_TYPE_BIN)

static void
pomar_welcome_page_class_init (PomarWelcomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pomar/Pomar/ui/pomar-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarWelcomePage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, PomarWelcomePage, connection_button);
}

static void
pomar_welcome_page_init (PomarWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 names a button by its label property, mnemonic underscore and
   * all, followed by its label's text: without the property, a screen
   * reader hears the text once. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->demo_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->connection_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
}

GtkWidget *
pomar_welcome_page_new (void)
{
  return g_object_new (POMAR_TYPE_WELCOME_PAGE, NULL);
}
