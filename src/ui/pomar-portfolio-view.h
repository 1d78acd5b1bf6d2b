/* pomar-portfolio-view.h: the book of business at a glance. */
#pragma once

#include <gtk/gtk.h>

#include "pomar-context.h"

G_BEGIN_DECLS

#define POMAR_TYPE_PORTFOLIO_VIEW (pomar_portfolio_view_get_type ())
G_DECLARE_FINAL_TYPE (PomarPortfolioView, pomar_portfolio_view, POMAR, PORTFOLIO_VIEW, GtkWidget)

GtkWidget *pomar_portfolio_view_new         (void);
/* @accounts: a GListModel of PomarAccountObject, or NULL. The figures
 * follow the model as it changes. */
void       pomar_portfolio_view_set_model   (PomarPortfolioView *self,
                                             GListModel         *accounts);
/* The context of the figures that need the store rather than the accounts
 * (history, churn, LTV, as they arrive); may be NULL. */
void       pomar_portfolio_view_set_context (PomarPortfolioView *self,
                                             PomarContext       *context);

G_END_DECLS
