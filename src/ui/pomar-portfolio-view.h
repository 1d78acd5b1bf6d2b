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
 * (NPS, CSAT, ARR at risk, health bands, time to value, LTV); may be NULL,
 * and then they are not shown. */
void       pomar_portfolio_view_set_context (PomarPortfolioView *self,
                                             PomarContext       *context);
/* TRUE while the store's figures are computed on a worker thread (the
 * "computing" property); the figures computed before stay on screen. */
gboolean   pomar_portfolio_view_get_computing (PomarPortfolioView *self);

G_END_DECLS
