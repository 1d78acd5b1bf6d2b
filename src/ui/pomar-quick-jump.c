/* pomar-quick-jump.c: Ctrl+K, go to any customer.
 *
 * The list is a filter over the window's own model (already in name order),
 * so nothing is copied and a 10,000-account book costs a screenful of rows.
 * Each keystroke changes the filter once; the match is a substring test on
 * the folded key the account objects keep, the same key the board's filter
 * bar uses.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "core/pomar-stage.h"
#include "pomar-account-object.h"
#include "pomar-quick-jump.h"

struct _PomarQuickJump
{
  AdwWindow           parent_instance;

  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GtkCustomFilter    *filter;
  char               *folded_query;
  GStrv               words;         /* of folded_query, split once a keystroke */

  /* Template widgets */
  GtkSearchEntry     *entry;
  GtkStack           *stack;
  GtkListView        *list_view;
};

G_DEFINE_FINAL_TYPE (PomarQuickJump, pomar_quick_jump, ADW_TYPE_WINDOW)

enum {
  SIGNAL_ACCOUNT_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Every word somewhere: "cafe joao" finds "Café São João". */
static gboolean
matches_words (const char         *search_key,
               const char * const *words)
{
  if (search_key == NULL)
    return words == NULL || words[0] == NULL;
  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    if (strstr (search_key, words[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* The words of a folded query, empty ones dropped. */
static GStrv
split_words (const char *folded_query)
{
  g_auto (GStrv) parts = g_strsplit_set (folded_query != NULL ? folded_query : "", " \t", -1);
  g_autoptr (GStrvBuilder) words = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_strv_builder_add (words, parts[i]);
  return g_strv_builder_end (words);
}

gboolean
pomar_quick_jump_matches (const char *search_key,
                          const char *folded_query)
{
  g_auto (GStrv) words = split_words (folded_query);

  return matches_words (search_key, (const char * const *) words);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  PomarQuickJump *self = user_data;

  return matches_words (pomar_account_object_get_search_key (item), (const char * const *) self->words);
}

static void
update_page (PomarQuickJump *self)
{
  gboolean any = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0;

  gtk_stack_set_visible_child_name (self->stack, any ? "results" : "empty");
  if (any)
    gtk_single_selection_set_selected (self->selection, 0);
}

static void
search_changed_cb (PomarQuickJump *self)
{
  g_autofree char *folded = pomar_fold_for_search (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  /* Typing on narrows what is shown; deleting widens it. */
  if (self->folded_query != NULL && g_str_has_prefix (folded, self->folded_query))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->folded_query != NULL && g_str_has_prefix (self->folded_query, folded))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  g_free (self->folded_query);
  self->folded_query = g_steal_pointer (&folded);
  g_strfreev (self->words);
  self->words = split_words (self->folded_query);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_page (self);
}

static void
choose (PomarQuickJump *self,
        guint           position)
{
  g_autoptr (PomarAccountObject) account = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (account == NULL)
    return;
  g_signal_emit (self, signals[SIGNAL_ACCOUNT_CHOSEN], 0, pomar_account_object_get_id (account));
  gtk_window_close (GTK_WINDOW (self));
}

static void
activate_cb (PomarQuickJump *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  if (selected != GTK_INVALID_LIST_POSITION)
    choose (self, selected);
}

static void
list_activate_cb (PomarQuickJump *self,
                  guint           position)
{
  choose (self, position);
}

/* The arrows move the selection while the entry keeps the focus. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PomarQuickJump        *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint selected = gtk_single_selection_get_selected (self->selection);
  int step;

  if (keyval == GDK_KEY_Escape)
    {
      gtk_window_close (GTK_WINDOW (self));
      return TRUE;
    }
  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    step = 1;
  else if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    step = -1;
  else
    return FALSE;

  if (n == 0)
    return TRUE;
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  else if (step > 0 && selected + 1 < n)
    selected++;
  else if (step < 0 && selected > 0)
    selected--;
  gtk_single_selection_set_selected (self->selection, selected);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", selected);
  return TRUE;
}

/* Rows ------------------------------------------------------------------------ */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  PomarAccountObject *account = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (name);
  const PomarAccountSummary *summary = pomar_account_object_get_summary (account);
  const char *stage = pomar_stage_id_to_name (pomar_account_object_get_stage (account));
  g_autoptr (GString) text = g_string_new (stage != NULL ? stage : "");

  if (summary->account.domain != NULL)
    g_string_append_printf (text, text->len > 0 ? " · %s" : "%s", summary->account.domain);
  if (pomar_account_object_get_owner (account) != NULL)
    g_string_append_printf (text, text->len > 0 ? " · %s" : "%s", pomar_account_object_get_owner (account));

  gtk_label_set_text (GTK_LABEL (name), pomar_account_object_get_name (account));
  gtk_label_set_text (GTK_LABEL (detail), text->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  pomar_account_object_get_name (account), -1);
}

/* GObject ---------------------------------------------------------------------- */

static void
pomar_quick_jump_finalize (GObject *object)
{
  PomarQuickJump *self = POMAR_QUICK_JUMP (object);

  g_clear_object (&self->selection);
  g_free (self->folded_query);
  g_strfreev (self->words);

  G_OBJECT_CLASS (pomar_quick_jump_parent_class)->finalize (object);
}

static void
pomar_quick_jump_class_init (PomarQuickJumpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pomar_quick_jump_finalize;

  signals[SIGNAL_ACCOUNT_CHOSEN] =
    g_signal_new ("account-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pomar/Pomar/ui/pomar-quick-jump.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarQuickJump, entry);
  gtk_widget_class_bind_template_child (widget_class, PomarQuickJump, stack);
  gtk_widget_class_bind_template_child (widget_class, PomarQuickJump, list_view);
}

static void
pomar_quick_jump_init (PomarQuickJump *self)
{
  GtkEventController *keys;
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  g_signal_connect_swapped (self->entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (activate_cb), self);
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (list_activate_cb), self);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

PomarQuickJump *
pomar_quick_jump_new (GtkWindow  *parent,
                      GListModel *accounts)
{
  PomarQuickJump *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (accounts), NULL);

  self = g_object_new (POMAR_TYPE_QUICK_JUMP, "transient-for", parent, NULL);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (accounts), GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->filtered));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  update_page (self);
  /* Typing starts at once. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->entry));
  return self;
}
