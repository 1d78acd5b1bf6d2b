/* pomar-board.c: the accounts as cards in one column per journey stage.
 *
 * One column per stage of domain.md, in the journey's order. Churned
 * accounts are history rather than work, so their column shows only when
 * asked for. Accounts whose stage Pomar does not know (a newer server, or no
 * stage at all) are not dropped: they get a column of their own, shown only
 * when it has any.
 *
 * The board keeps one list per column, in name order, and follows the
 * window's shared model: a new book (a load) is sorted out into the lists
 * in one pass and spliced in once per column; a change of a few accounts
 * (a stage move) moves just those, so a column's view and filter look at
 * one item, never at the whole book again. The window's loader sorts the
 * book by pomar_account_object_compare() on its thread, so the lists come
 * out in order without sorting here.
 *
 * The filter bar narrows every column at once (one PomarBoardFilter), and
 * the columns' counts and sums follow it. A card moves to another stage by
 * drag and drop, or with Alt+Left and Alt+Right: the board asks the window
 * ("win.move-stage"), which makes the local change and puts the keyboard
 * focus back on the card (pomar_board_focus_account).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/pomar-stage.h"
#include "pomar-board-column.h"
#include "pomar-board-filter.h"
#include "pomar-board.h"
#include "pomar-customer-page.h"
#include "pomar-frame-report.h"
#include "pomar-ui-util.h"

/* A column per stage, and the one of stages Pomar does not know. */
#define N_COLUMNS (POMAR_N_STAGES + 1)

/* Beyond this many items changed at once, sorting the whole book out again
 * is cheaper than placing them one by one. */
#define INCREMENTAL_LIMIT 256

struct _PomarBoard
{
  GtkWidget         parent_instance;

  GListModel       *accounts;
  GPtrArray        *mirror;      /* the accounts' items, as the model had them */
  GHashTable       *placed;      /* PomarAccountObject → its column + 1 */
  GListStore       *lists[N_COLUMNS];
  GtkWidget        *columns[N_COLUMNS];
  PomarBoardFilter *filter;
  gboolean          show_churned;

  /* The dropdowns' choices: NULL (any) first, then the values. */
  GPtrArray        *owners;
  GPtrArray        *segments;

  /* Template widgets */
  GtkFlowBox       *filter_box;
  GtkSearchEntry   *search_entry;
  GtkDropDown      *owner_dropdown;
  GtkDropDown      *segment_dropdown;
  GtkDropDown      *band_dropdown;
  GtkToggleButton  *churned_button;
  GtkLabel         *total_label;
  GtkBox           *columns_box;
};

G_DEFINE_FINAL_TYPE (PomarBoard, pomar_board, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW_CHURNED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
column_for (PomarAccountObject *account)
{
  return pomar_stage_from_id (pomar_account_object_get_stage (account));
}

/* The header ------------------------------------------------------------------ */

static void
update_visibility (PomarBoard *self)
{
  g_autoptr (GString) total = g_string_new (NULL);
  GtkWidget *churned_column = self->columns[POMAR_STAGE_CHURNED];
  GtkWidget *other_column = self->columns[POMAR_STAGE_UNKNOWN];
  guint n_accounts = self->mirror->len;
  guint n_churned = g_list_model_get_n_items (G_LIST_MODEL (self->lists[POMAR_STAGE_CHURNED]));
  guint n_shown = 0;

  gtk_widget_set_visible (churned_column, self->show_churned);
  gtk_widget_set_visible (other_column,
                          pomar_board_column_get_n_accounts (POMAR_BOARD_COLUMN (other_column)) > 0);

  for (guint i = 0; i < N_COLUMNS; i++)
    if (gtk_widget_get_visible (self->columns[i]))
      n_shown += pomar_board_column_get_n_accounts (POMAR_BOARD_COLUMN (self->columns[i]));

  if (pomar_board_filter_is_active (self->filter))
    g_string_append_printf (total,
                            g_dngettext (GETTEXT_PACKAGE, "%'u of %'u account shown",
                                         "%'u of %'u accounts shown", n_accounts),
                            n_shown, n_accounts);
  else
    g_string_append_printf (total,
                            g_dngettext (GETTEXT_PACKAGE, "%'u account", "%'u accounts", n_accounts),
                            n_accounts);
  if (!self->show_churned && n_churned > 0)
    {
      g_string_append (total, " · ");
      g_string_append_printf (total,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%'u churned hidden",
                                           "%'u churned hidden",
                                           n_churned),
                              n_churned);
    }
  gtk_label_set_text (self->total_label, total->str);
}

/* The filter bar ----------------------------------------------------------- */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_segments (gconstpointer a,
                  gconstpointer b)
{
  return g_utf8_collate (pomar_segment_to_name (*(const char * const *) a),
                         pomar_segment_to_name (*(const char * const *) b));
}

/* Fills @dropdown with "any" and @values (sorted, owned by @choices), and
 * keeps the value chosen before when it is still there. */
static void
set_choices (GtkDropDown  *dropdown,
             GPtrArray    *choices,
             GHashTable   *values,
             const char   *any,
             const char   *(*name_of) (const char *),
             GCompareFunc  compare)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *chosen = NULL;
  guint selected = gtk_drop_down_get_selected (dropdown);
  guint keep = 0;
  GHashTableIter iter;
  gpointer value;

  if (selected != GTK_INVALID_LIST_POSITION && selected < choices->len)
    chosen = g_strdup (g_ptr_array_index (choices, selected));

  g_ptr_array_set_size (choices, 0);
  g_ptr_array_add (choices, NULL);
  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &value, NULL))
    g_ptr_array_add (choices, g_strdup (value));
  g_ptr_array_sort (choices, compare);

  gtk_string_list_append (names, any);
  for (guint i = 1; i < choices->len; i++)
    {
      const char *id = g_ptr_array_index (choices, i);

      gtk_string_list_append (names, name_of != NULL ? name_of (id) : id);
      if (chosen != NULL && g_str_equal (chosen, id))
        keep = i;
    }

  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (dropdown, keep);
  /* A long list of owners is easier searched than scrolled. */
  gtk_drop_down_set_enable_search (dropdown, choices->len > 12);
}

/* NULL sorts first: "any" stays on top. */
static int
compare_owner_choices (gconstpointer a,
                       gconstpointer b)
{
  const char *sa = *(const char * const *) a;
  const char *sb = *(const char * const *) b;

  if (sa == NULL || sb == NULL)
    return (sa != NULL) - (sb != NULL);
  return compare_names (a, b);
}

static int
compare_segment_choices (gconstpointer a,
                         gconstpointer b)
{
  const char *sa = *(const char * const *) a;
  const char *sb = *(const char * const *) b;

  if (sa == NULL || sb == NULL)
    return (sa != NULL) - (sb != NULL);
  return compare_segments (a, b);
}

static void
update_choices (PomarBoard *self)
{
  g_autoptr (GHashTable) owners = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) segments = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->mirror->len; i++)
    {
      PomarAccountObject *account = g_ptr_array_index (self->mirror, i);
      const char *owner = pomar_account_object_get_owner (account);
      const char *segment = pomar_account_object_get_segment (account);

      if (owner != NULL && *owner != '\0')
        g_hash_table_add (owners, (gpointer) owner);
      if (segment != NULL && *segment != '\0')
        g_hash_table_add (segments, (gpointer) segment);
    }

  set_choices (self->owner_dropdown, self->owners, owners, _("All Owners"), NULL,
               compare_owner_choices);
  set_choices (self->segment_dropdown, self->segments, segments, _("All Segments"),
               pomar_segment_to_name, compare_segment_choices);
}

static void
on_owner_selected (PomarBoard *self)
{
  guint selected = gtk_drop_down_get_selected (self->owner_dropdown);

  pomar_board_filter_set_owner (self->filter,
                                selected < self->owners->len ? g_ptr_array_index (self->owners, selected) : NULL);
}

static void
on_segment_selected (PomarBoard *self)
{
  guint selected = gtk_drop_down_get_selected (self->segment_dropdown);

  pomar_board_filter_set_segment (self->filter,
                                  selected < self->segments->len ? g_ptr_array_index (self->segments, selected) : NULL);
}

/* The band dropdown's rows, in the order of its model. */
static const int band_choices[] = {
  POMAR_BOARD_FILTER_ANY_BAND,
  POMAR_HEALTH_BAND_GREEN,
  POMAR_HEALTH_BAND_YELLOW,
  POMAR_HEALTH_BAND_RED,
  POMAR_HEALTH_BAND_NONE,
};

static void
on_band_selected (PomarBoard *self)
{
  guint selected = gtk_drop_down_get_selected (self->band_dropdown);

  pomar_board_filter_set_band (self->filter,
                               selected < G_N_ELEMENTS (band_choices) ? band_choices[selected]
                                                                      : POMAR_BOARD_FILTER_ANY_BAND);
}

static void
on_search_changed (PomarBoard *self)
{
  gint64 started = g_get_monotonic_time ();

  pomar_board_filter_set_text (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  g_debug ("Filtered the board by text: %.1f ms", (g_get_monotonic_time () - started) / 1000.0);
}

static void
on_stop_search (PomarBoard *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* The lists ------------------------------------------------------------------ */

/* Where @account is in @list, or where it would go: a binary search by the
 * lists' order. *@found says which. */
static guint
search_list (GListStore         *list,
             PomarAccountObject *account,
             gboolean           *found)
{
  guint low = 0;
  guint high = g_list_model_get_n_items (G_LIST_MODEL (list));

  *found = FALSE;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr (PomarAccountObject) item = g_list_model_get_item (G_LIST_MODEL (list), middle);
      int order;

      if (item == account)
        {
          *found = TRUE;
          return middle;
        }
      order = pomar_account_object_compare (item, account);
      if (order < 0)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/* Where @account is in @list, even when its name changed since it was put
 * there (it is then out of order). */
static gboolean
find_in_list (GListStore         *list,
              PomarAccountObject *account,
              guint              *position)
{
  gboolean found;

  *position = search_list (list, account, &found);
  return found || g_list_store_find (list, account, position);
}

static gboolean
in_order_at (GListStore         *list,
             guint               position,
             PomarAccountObject *account)
{
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr (PomarAccountObject) before = position > 0 ? g_list_model_get_item (model, position - 1) : NULL;
  g_autoptr (PomarAccountObject) after = g_list_model_get_item (model, position + 1);

  return (before == NULL || pomar_account_object_compare (before, account) < 0)
         && (after == NULL || pomar_account_object_compare (account, after) < 0);
}

static void
unplace (PomarBoard         *self,
         PomarAccountObject *account)
{
  guint column = GPOINTER_TO_UINT (g_hash_table_lookup (self->placed, account));
  guint position;

  if (column == 0)
    return;
  if (find_in_list (self->lists[column - 1], account, &position))
    g_list_store_remove (self->lists[column - 1], position);
  g_hash_table_remove (self->placed, account);
}

/* Puts @account in the list of its stage, in order, or tells its list
 * that it changed (its filter looks at it again). */
static void
place (PomarBoard         *self,
       PomarAccountObject *account)
{
  guint old = GPOINTER_TO_UINT (g_hash_table_lookup (self->placed, account));
  guint column = column_for (account);
  gboolean found;
  guint position;

  if (old == column + 1
      && find_in_list (self->lists[column], account, &position)
      && in_order_at (self->lists[column], position, account))
    {
      g_list_store_splice (self->lists[column], position, 1, (gpointer *) &account, 1);
      return;
    }

  unplace (self, account);
  position = search_list (self->lists[column], account, &found);
  g_list_store_insert (self->lists[column], position, account);
  g_hash_table_insert (self->placed, account, GUINT_TO_POINTER (column + 1));
}

static int
compare_accounts (gconstpointer a,
                  gconstpointer b)
{
  return pomar_account_object_compare (*(PomarAccountObject * const *) a,
                                       *(PomarAccountObject * const *) b);
}

/* A new book: every account sorted out into its column's list, each list
 * spliced in once. */
static void
rebuild (PomarBoard *self)
{
  GPtrArray *by_column[N_COLUMNS];
  guint n_items = self->accounts != NULL ? g_list_model_get_n_items (self->accounts) : 0;

  g_ptr_array_set_size (self->mirror, 0);
  g_hash_table_remove_all (self->placed);
  for (guint c = 0; c < N_COLUMNS; c++)
    by_column[c] = g_ptr_array_new ();

  for (guint i = 0; i < n_items; i++)
    {
      PomarAccountObject *account = g_list_model_get_item (self->accounts, i);
      guint column = column_for (account);

      g_ptr_array_add (self->mirror, account);
      g_ptr_array_add (by_column[column], account);
      g_hash_table_insert (self->placed, account, GUINT_TO_POINTER (column + 1));
    }

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GPtrArray *list = by_column[c];

      /* In order already when the model is (the window's loader sorts). */
      for (guint i = 1; i < list->len; i++)
        if (compare_accounts (&list->pdata[i - 1], &list->pdata[i]) > 0)
          {
            g_ptr_array_sort (list, compare_accounts);
            break;
          }

      g_list_store_splice (self->lists[c], 0, g_list_model_get_n_items (G_LIST_MODEL (self->lists[c])),
                           list->pdata, list->len);
      g_ptr_array_unref (list);
    }

  update_choices (self);
}

static gboolean
array_contains (GPtrArray *array,
                gpointer   item)
{
  for (guint i = 0; i < array->len; i++)
    if (g_ptr_array_index (array, i) == item)
      return TRUE;
  return FALSE;
}

static void
on_accounts_items_changed (PomarBoard *self,
                           guint       position,
                           guint       removed,
                           guint       added,
                           GListModel *model)
{
  g_autoptr (GPtrArray) gone = NULL;
  g_autoptr (GPtrArray) arrived = NULL;
  gboolean new_values = FALSE;

  if (removed + added > INCREMENTAL_LIMIT || position + removed > self->mirror->len)
    {
      rebuild (self);
      update_visibility (self);
      return;
    }

  gone = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < removed; i++)
    g_ptr_array_add (gone, g_object_ref (g_ptr_array_index (self->mirror, position + i)));
  g_ptr_array_remove_range (self->mirror, position, removed);

  arrived = g_ptr_array_new ();
  for (guint i = 0; i < added; i++)
    {
      PomarAccountObject *account = g_list_model_get_item (model, position + i);

      g_ptr_array_insert (self->mirror, position + i, account);
      g_ptr_array_add (arrived, account);
    }

  for (guint i = 0; i < gone->len; i++)
    if (!array_contains (arrived, g_ptr_array_index (gone, i)))
      unplace (self, g_ptr_array_index (gone, i));
  for (guint i = 0; i < arrived->len; i++)
    {
      PomarAccountObject *account = g_ptr_array_index (arrived, i);

      if (!array_contains (gone, account))
        new_values = TRUE;
      place (self, account);
    }

  if (new_values)
    update_choices (self);
  update_visibility (self);
}

/* Moves -------------------------------------------------------------------- */

static PomarAccountObject *
find_account (PomarBoard *self,
              const char *account_id)
{
  for (guint i = 0; i < self->mirror->len; i++)
    {
      PomarAccountObject *account = g_ptr_array_index (self->mirror, i);

      if (g_strcmp0 (pomar_account_object_get_id (account), account_id) == 0)
        return account;
    }
  return NULL;
}

static void
move_account (PomarBoard         *self,
              PomarAccountObject *account,
              const char         *to_stage)
{
  if (g_strcmp0 (pomar_account_object_get_stage (account), to_stage) == 0)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.move-stage", "(ss)",
                              pomar_account_object_get_id (account), to_stage);
}

static void
move_to_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PomarBoard *self = POMAR_BOARD (widget);
  const char *account_id;
  const char *to_stage;
  PomarAccountObject *account;

  g_variant_get (parameter, "(&s&s)", &account_id, &to_stage);
  account = find_account (self, account_id);
  if (account != NULL && pomar_stage_from_id (to_stage) != POMAR_STAGE_UNKNOWN)
    move_account (self, account, to_stage);
}

static PomarAccountObject *
focused_account (PomarBoard *self)
{
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      PomarAccountObject *account = pomar_board_column_get_focused_account (POMAR_BOARD_COLUMN (self->columns[c]));

      if (account != NULL)
        return account;
    }
  return NULL;
}

/* Alt+Left and Alt+Right: the focused card to the next stage shown that
 * way. Not handled (so the window's Alt+Left still goes back) when no card
 * has the focus. */
static gboolean
move_focused (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  PomarBoard *self = POMAR_BOARD (widget);
  PomarAccountObject *account = focused_account (self);
  int step = g_variant_get_int32 (args);
  int column;

  if (account == NULL)
    return FALSE;

  for (column = (int) column_for (account) + step; column >= 0 && column < N_COLUMNS; column += step)
    if (column < POMAR_N_STAGES && gtk_widget_get_visible (self->columns[column]))
      {
        move_account (self, account, pomar_stage_to_id (column));
        return TRUE;
      }

  /* Nowhere to go: the journey ends there. */
  gtk_widget_error_bell (widget);
  return TRUE;
}

static gboolean
focus_search (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  PomarBoard *self = POMAR_BOARD (widget);

  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* GObject ------------------------------------------------------------------- */

static void
pomar_board_dispose (GObject *object)
{
  PomarBoard *self = POMAR_BOARD (object);
  GtkWidget *child;

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_func (self->accounts, on_accounts_items_changed, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), POMAR_TYPE_BOARD);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      self->columns[c] = NULL;
      g_clear_object (&self->lists[c]);
    }
  g_clear_object (&self->accounts);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (pomar_board_parent_class)->dispose (object);
}

static void
pomar_board_finalize (GObject *object)
{
  PomarBoard *self = POMAR_BOARD (object);

  g_clear_pointer (&self->placed, g_hash_table_unref);
  g_clear_pointer (&self->mirror, g_ptr_array_unref);
  g_clear_pointer (&self->owners, g_ptr_array_unref);
  g_clear_pointer (&self->segments, g_ptr_array_unref);

  G_OBJECT_CLASS (pomar_board_parent_class)->finalize (object);
}

static void
pomar_board_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PomarBoard *self = POMAR_BOARD (object);

  switch (prop_id)
    {
    case PROP_SHOW_CHURNED:
      g_value_set_boolean (value, self->show_churned);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_board_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PomarBoard *self = POMAR_BOARD (object);

  switch (prop_id)
    {
    case PROP_SHOW_CHURNED:
      pomar_board_set_show_churned (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pomar_board_class_init (PomarBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pomar_board_dispose;
  object_class->finalize = pomar_board_finalize;
  object_class->get_property = pomar_board_get_property;
  object_class->set_property = pomar_board_set_property;

  properties[PROP_SHOW_CHURNED] =
    g_param_spec_boolean ("show-churned", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pomar/Pomar/ui/pomar-board.ui");
  gtk_widget_class_bind_template_child (widget_class, PomarBoard, filter_box);
  gtk_widget_class_bind_template_child (widget_class, PomarBoard, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PomarBoard, owner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PomarBoard, segment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PomarBoard, band_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PomarBoard, churned_button);
  gtk_widget_class_bind_template_child (widget_class, PomarBoard, total_label);
  gtk_widget_class_bind_template_child (widget_class, PomarBoard, columns_box);
  gtk_widget_class_bind_template_callback (widget_class, on_owner_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_segment_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_band_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);

  /* (account id, stage id): what a card dropped on a column asks. */
  gtk_widget_class_install_action (widget_class, "board.move-to", "(ss)", move_to_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, move_focused, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, GDK_ALT_MASK, move_focused, "i", 1);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "board");
}

static void
pomar_board_init (PomarBoard *self)
{
  GtkLayoutManager *layout;
  GtkEventController *shortcuts;
  GtkFlowBoxChild *child;

  gtk_widget_init_template (GTK_WIDGET (self));
  pomar_name_drop_down (self->owner_dropdown, _("Owner"));
  pomar_name_drop_down (self->segment_dropdown, _("Segment"));
  pomar_name_drop_down (self->band_dropdown, _("Health band"));
  pomar_frame_report_watch_keys (GTK_WIDGET (self->search_entry), "board search");

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  self->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  self->placed = g_hash_table_new (NULL, NULL);
  self->owners = g_ptr_array_new_with_free_func (g_free);
  self->segments = g_ptr_array_new_with_free_func (g_free);
  self->filter = pomar_board_filter_new ();

  /* The filter bar's boxes hold controls that take the focus themselves. */
  for (guint i = 0; (child = gtk_flow_box_get_child_at_index (self->filter_box, i)) != NULL; i++)
    gtk_widget_set_focusable (GTK_WIDGET (child), FALSE);

  /* GTK 4.8 names a button by its label property, mnemonic underscore and
   * all, followed by its label's text: without the property, a screen
   * reader hears "Show Churned" once. Dropdowns are named for what they
   * choose. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->churned_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->owner_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Owner"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->segment_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Segment"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->band_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Health"),
                                  -1);
  g_object_bind_property (self, "show-churned",
                          self->churned_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  /* Ctrl+F from anywhere in the window while the board shows. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (focus_search, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      /* POMAR_STAGE_UNKNOWN has no id: the "other" column. */
      GtkWidget *column = pomar_board_column_new (pomar_stage_to_id (c));

      self->lists[c] = g_list_store_new (POMAR_TYPE_ACCOUNT_OBJECT);
      self->columns[c] = column;
      pomar_board_column_set_model (POMAR_BOARD_COLUMN (column), G_LIST_MODEL (self->lists[c]),
                                    GTK_FILTER (self->filter));
      gtk_box_append (self->columns_box, column);
      g_signal_connect_object (column, "notify::n-accounts",
                               G_CALLBACK (update_visibility), self,
                               G_CONNECT_SWAPPED);
    }

  g_signal_connect_object (self->filter, "changed",
                           G_CALLBACK (update_visibility), self,
                           G_CONNECT_SWAPPED);

  update_choices (self);
  update_visibility (self);
}

GtkWidget *
pomar_board_new (void)
{
  return g_object_new (POMAR_TYPE_BOARD, NULL);
}

void
pomar_board_set_model (PomarBoard *self,
                       GListModel *accounts)
{
  g_return_if_fail (POMAR_IS_BOARD (self));
  g_return_if_fail (accounts == NULL || G_IS_LIST_MODEL (accounts));

  if (self->accounts == accounts)
    return;

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_func (self->accounts, on_accounts_items_changed, self);
  g_set_object (&self->accounts, accounts);
  if (self->accounts != NULL)
    g_signal_connect_object (self->accounts, "items-changed",
                             G_CALLBACK (on_accounts_items_changed), self,
                             G_CONNECT_SWAPPED);

  rebuild (self);
  update_visibility (self);
}

gboolean
pomar_board_get_show_churned (PomarBoard *self)
{
  g_return_val_if_fail (POMAR_IS_BOARD (self), FALSE);
  return self->show_churned;
}

void
pomar_board_set_show_churned (PomarBoard *self,
                              gboolean    show_churned)
{
  g_return_if_fail (POMAR_IS_BOARD (self));

  show_churned = !!show_churned;
  if (self->show_churned == show_churned)
    return;

  self->show_churned = show_churned;
  update_visibility (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_CHURNED]);
}

gboolean
pomar_board_focus_account (PomarBoard         *self,
                           PomarAccountObject *account)
{
  guint column;

  g_return_val_if_fail (POMAR_IS_BOARD (self), FALSE);
  g_return_val_if_fail (POMAR_IS_ACCOUNT_OBJECT (account), FALSE);

  column = GPOINTER_TO_UINT (g_hash_table_lookup (self->placed, account));
  if (column == 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;
  return pomar_board_column_focus_account (POMAR_BOARD_COLUMN (self->columns[column - 1]), account);
}

GtkFilter *
pomar_board_get_filter (PomarBoard *self)
{
  g_return_val_if_fail (POMAR_IS_BOARD (self), NULL);
  return GTK_FILTER (self->filter);
}
