/* pomar-table-rows.c: a selection model whose rows keep their identity.
 *
 * See pomar-table-rows.h for why. Positions are the wrapped model's, so
 * every selection call is passed on as it is, and its "selection-changed"
 * comes back out. A row is made once per position and kept (a search that
 * narrows the table to a few rows and widens it again would otherwise
 * free and make thousands); only the rows a cell watches hold an item, so
 * a change in the wrapped model touches the rows on screen, not the book.
 *
 * The number of rows follows the wrapped model's in steps. GTK 4.8's list
 * views keep widgets for up to 200 rows, a dozen widgets a row in a wide
 * table: a search that narrowed 10,000 customers to 20 destroyed some 180
 * rows' widgets (45 ms), and widening it again made them anew (70 ms), in
 * the keystroke. So the rows past the new end are blanked at once and go a
 * screenful at a time, and new rows come a screenful at once, the rest a
 * screenful a step, each step after the frame that shows the one before.
 * Past 256 rows GTK makes no more widgets: the rest of a long list comes
 * in one go.
 */
#include "config.h"

#include "pomar-table-rows-private.h"

struct _PomarTableRows
{
  GObject            parent_instance;

  GtkSelectionModel *model;
  GPtrArray         *rows;          /* PomarTableRow by position, as many as there ever were */
  guint              n_rows;        /* rows shown: @model's items, or on their way there */
  guint              target;        /* @model's items */
  guint              catch_up_id;
  GHashTable        *watched;       /* the rows cells show (not references) */
  gboolean           had_selection;

  /* The rows on screen, as the view last said; watched rows elsewhere
   * that have yet to show what is at their position, and when the last
   * one joined them (see on_items_changed ()). */
  guint              visible_first;
  guint              visible_n;
  gboolean           knows_visible;
  GHashTable        *pending;       /* watched rows (not references) */
  gint64             last_pending;
  guint              rest_id;
  gboolean           changing;      /* telling the views of a change */
};

/* Rows added, or rows with widgets removed, in one step; the number of
 * rows past which GTK 4.8 makes no more widgets (it keeps 200); and the
 * time between steps, which lets a frame through first (at idle priority
 * a step could run before the frame, which is not due yet). */
#define STEP_ROWS   32
#define OFF_SCREEN_STEP_ROWS 8
#define WIDGET_ROWS 256
#define STEP_MS     20

/* Rows off screen show their new items once nothing has changed for
 * REST_MS, PENDING_STEP rows each STEP_MS. */
#define REST_MS      400
#define PENDING_STEP 8

static void pomar_table_rows_list_model_init      (GListModelInterface        *iface);
static void pomar_table_rows_selection_model_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PomarTableRows, pomar_table_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pomar_table_rows_list_model_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL,
                                                      pomar_table_rows_selection_model_init))

/* GListModel ---------------------------------------------------------------- */

static GType
pomar_table_rows_get_item_type (GListModel *list)
{
  return POMAR_TYPE_TABLE_ROW;
}

static guint
pomar_table_rows_get_n_items (GListModel *list)
{
  return POMAR_TABLE_ROWS (list)->n_rows;
}

static gpointer
pomar_table_rows_get_item (GListModel *list,
                           guint       position)
{
  PomarTableRows *self = POMAR_TABLE_ROWS (list);

  if (position >= self->n_rows)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->rows, position));
}

static void
pomar_table_rows_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pomar_table_rows_get_item_type;
  iface->get_n_items = pomar_table_rows_get_n_items;
  iface->get_item = pomar_table_rows_get_item;
}

/* GtkSelectionModel: passed on ---------------------------------------------- */

static gboolean
pomar_table_rows_is_selected (GtkSelectionModel *model,
                              guint              position)
{
  return gtk_selection_model_is_selected (POMAR_TABLE_ROWS (model)->model, position);
}

static GtkBitset *
pomar_table_rows_get_selection_in_range (GtkSelectionModel *model,
                                         guint              position,
                                         guint              n_items)
{
  return gtk_selection_model_get_selection_in_range (POMAR_TABLE_ROWS (model)->model, position, n_items);
}

/* An empty row on its way out (see on_items_changed ()) has no item to
 * select: positions are cut to the wrapped model's. */
static guint
clamp_range (PomarTableRows *self,
             guint           position,
             guint           n_items)
{
  return position < self->target ? MIN (n_items, self->target - position) : 0;
}

static gboolean
pomar_table_rows_select_item (GtkSelectionModel *model,
                              guint              position,
                              gboolean           unselect_rest)
{
  PomarTableRows *self = POMAR_TABLE_ROWS (model);

  if (position >= self->target)
    return FALSE;
  return gtk_selection_model_select_item (self->model, position, unselect_rest);
}

static gboolean
pomar_table_rows_unselect_item (GtkSelectionModel *model,
                                guint              position)
{
  PomarTableRows *self = POMAR_TABLE_ROWS (model);

  if (position >= self->target)
    return FALSE;
  return gtk_selection_model_unselect_item (self->model, position);
}

static gboolean
pomar_table_rows_select_range (GtkSelectionModel *model,
                               guint              position,
                               guint              n_items,
                               gboolean           unselect_rest)
{
  PomarTableRows *self = POMAR_TABLE_ROWS (model);

  n_items = clamp_range (self, position, n_items);
  if (n_items == 0 && !unselect_rest)
    return FALSE;
  return gtk_selection_model_select_range (self->model, position, n_items, unselect_rest);
}

static gboolean
pomar_table_rows_unselect_range (GtkSelectionModel *model,
                                 guint              position,
                                 guint              n_items)
{
  PomarTableRows *self = POMAR_TABLE_ROWS (model);

  n_items = clamp_range (self, position, n_items);
  if (n_items == 0)
    return FALSE;
  return gtk_selection_model_unselect_range (self->model, position, n_items);
}

static gboolean
pomar_table_rows_select_all (GtkSelectionModel *model)
{
  return gtk_selection_model_select_all (POMAR_TABLE_ROWS (model)->model);
}

static gboolean
pomar_table_rows_unselect_all (GtkSelectionModel *model)
{
  return gtk_selection_model_unselect_all (POMAR_TABLE_ROWS (model)->model);
}

static gboolean
pomar_table_rows_set_selection (GtkSelectionModel *model,
                                GtkBitset         *selected,
                                GtkBitset         *mask)
{
  PomarTableRows *self = POMAR_TABLE_ROWS (model);
  g_autoptr (GtkBitset) in_range = gtk_bitset_copy (selected);

  gtk_bitset_remove_range (in_range, self->target, G_MAXUINT - self->target);
  return gtk_selection_model_set_selection (self->model, in_range, mask);
}

static void
pomar_table_rows_selection_model_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = pomar_table_rows_is_selected;
  iface->get_selection_in_range = pomar_table_rows_get_selection_in_range;
  iface->select_item = pomar_table_rows_select_item;
  iface->unselect_item = pomar_table_rows_unselect_item;
  iface->select_range = pomar_table_rows_select_range;
  iface->unselect_range = pomar_table_rows_unselect_range;
  iface->select_all = pomar_table_rows_select_all;
  iface->unselect_all = pomar_table_rows_unselect_all;
  iface->set_selection = pomar_table_rows_set_selection;
}

/* Following the wrapped model ----------------------------------------------- */

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint position_a = *(const guint *) a;
  guint position_b = *(const guint *) b;

  return (position_a < position_b) - (position_a > position_b);
}

/* The position after the last row on screen. */
static guint
visible_end (PomarTableRows *self)
{
  return self->visible_n > G_MAXUINT - self->visible_first ? G_MAXUINT : self->visible_first + self->visible_n;
}

/* One step towards @target rows. Adding: in the change (@now), those the
 * screen shows, none when the rows already reach past it; then a
 * screenful a step, or a few once past the screen, as GTK makes their
 * widgets. Removing: everything past
 * the target if that destroys a screenful of widgets or less, else up to
 * the watched row that makes a screenful. */
static void
catch_up (PomarTableRows *self,
          gboolean        now)
{
  guint n_old = self->n_rows;

  if (n_old < self->target)
    {
      gboolean off_screen = self->knows_visible && n_old >= visible_end (self);
      guint step = off_screen ? OFF_SCREEN_STEP_ROWS : STEP_ROWS;
      guint added = n_old >= WIDGET_ROWS ? self->target - n_old : MIN (self->target - n_old, step);

      if (now && off_screen && n_old < WIDGET_ROWS)
        return;
      /* In the change, the rows the screen shows; the others after. */
      if (now && self->knows_visible && n_old < WIDGET_ROWS && visible_end (self) > n_old)
        added = MIN (added, visible_end (self) - n_old);

      while (self->rows->len < n_old + added)
        g_ptr_array_add (self->rows, pomar_table_row_new (self, self->rows->len));
      self->n_rows = n_old + added;
      self->changing = TRUE;
      g_list_model_items_changed (G_LIST_MODEL (self), n_old, 0, added);
      self->changing = FALSE;
    }
  else if (n_old > self->target)
    {
      g_autoptr (GArray) past = g_array_new (FALSE, FALSE, sizeof (guint));
      GHashTableIter iter;
      gpointer row;
      guint cut = self->target;

      g_hash_table_iter_init (&iter, self->watched);
      while (g_hash_table_iter_next (&iter, &row, NULL))
        {
          guint at = pomar_table_row_get_position (row);

          if (at >= self->target && at < n_old)
            g_array_append_val (past, at);
        }
      if (past->len > STEP_ROWS)
        {
          g_array_sort (past, compare_positions);
          cut = g_array_index (past, guint, STEP_ROWS - 1);
        }

      self->n_rows = cut;
      self->changing = TRUE;
      g_list_model_items_changed (G_LIST_MODEL (self), cut, n_old - cut, 0);
      self->changing = FALSE;
    }
}

static gboolean
catch_up_later (gpointer user_data)
{
  PomarTableRows *self = user_data;

  catch_up (self, FALSE);
  if (self->n_rows != self->target)
    return G_SOURCE_CONTINUE;
  self->catch_up_id = 0;
  return G_SOURCE_REMOVE;
}

/* Rows off screen ------------------------------------------------------------
 *
 * A list view keeps some 200 rows' widgets, a screenful of which are on
 * screen: a search that changed what every row shows updated them all,
 * cell by cell (and told a screen reader about each cell), in the
 * keystroke. The rows off screen now wait until the typing rests, or
 * until they come on screen; till then they show, and are, what they
 * showed before. */

static gboolean
is_visible (PomarTableRows *self,
            guint           position)
{
  return !self->knows_visible
         || (position >= self->visible_first && position - self->visible_first < self->visible_n);
}

static gboolean
refresh_pending (gpointer user_data)
{
  PomarTableRows *self = user_data;
  gint64 quiet = (g_get_monotonic_time () - self->last_pending) / 1000;
  GHashTableIter iter;
  gpointer row;
  guint n = 0;

  if (quiet < REST_MS)
    {
      self->rest_id = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, REST_MS - quiet, refresh_pending, self, NULL);
      return G_SOURCE_REMOVE;
    }

  g_hash_table_iter_init (&iter, self->pending);
  while (n++ < PENDING_STEP && g_hash_table_iter_next (&iter, &row, NULL))
    {
      g_hash_table_iter_remove (&iter);
      pomar_table_row_refresh (row, TRUE);
    }
  if (g_hash_table_size (self->pending) == 0)
    {
      self->rest_id = 0;
      return G_SOURCE_REMOVE;
    }
  self->rest_id = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, STEP_MS, refresh_pending, self, NULL);
  return G_SOURCE_REMOVE;
}

static void
add_pending (PomarTableRows *self,
             PomarTableRow  *row)
{
  g_hash_table_add (self->pending, row);
  self->last_pending = g_get_monotonic_time ();
  if (self->rest_id == 0)
    self->rest_id = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, REST_MS, refresh_pending, self, NULL);
}

void
pomar_table_rows_set_visible (PomarTableRows *self,
                              guint           first,
                              guint           n_rows)
{
  GHashTableIter iter;
  gpointer row;
  g_autoptr (GPtrArray) now = g_ptr_array_new ();

  g_return_if_fail (POMAR_IS_TABLE_ROWS (self));

  self->visible_first = first;
  self->visible_n = n_rows;
  self->knows_visible = TRUE;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    if (is_visible (self, pomar_table_row_get_position (row)))
      {
        g_ptr_array_add (now, row);
        g_hash_table_iter_remove (&iter);
      }
  for (guint i = 0; i < now->len; i++)
    pomar_table_row_refresh (g_ptr_array_index (now, i), TRUE);

  /* Rows still on their way to where the screen now is come at once. */
  while (self->n_rows < self->target && (self->n_rows < first || self->n_rows - first < n_rows))
    catch_up (self, FALSE);
}

static gboolean
has_selection (PomarTableRows *self)
{
  g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (self->model);

  return !gtk_bitset_is_empty (selected);
}

/* The items at [position, position + added) were replaced (maybe by the
 * same objects, changed: their rows say so regardless); with a change in
 * number, the items after them moved too, up to the end. Rows come and go
 * at the end only. */
static void
on_items_changed (PomarTableRows *self,
                  guint           position,
                  guint           removed,
                  guint           added,
                  GListModel     *model)
{
  guint n_new = g_list_model_get_n_items (model);
  guint end;
  gboolean selection;
  g_autoptr (GPtrArray) shown = g_ptr_array_new_full (g_hash_table_size (self->watched), g_object_unref);
  GHashTableIter iter;
  gpointer row;

  self->target = n_new;
  end = removed == added ? position + added : MAX (self->n_rows, n_new);

  /* The rows on screen show what is now at their position (those past the
   * new end show nothing until they go). */
  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    {
      guint at = pomar_table_row_get_position (row);

      if (at >= position && at < end)
        g_ptr_array_add (shown, g_object_ref (row));
    }
  for (guint i = 0; i < shown->len; i++)
    {
      PomarTableRow *shown_row = g_ptr_array_index (shown, i);
      guint at = pomar_table_row_get_position (shown_row);

      if (is_visible (self, at))
        pomar_table_row_refresh (shown_row, at < position + added);
      else
        add_pending (self, shown_row);
    }

  catch_up (self, TRUE);
  if (self->n_rows != self->target && self->catch_up_id == 0)
    self->catch_up_id = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, STEP_MS, catch_up_later, self, NULL);

  /* The selection moved with the items; with none before or after, the
   * rows have nothing to hear (and GTK 4.8 updates every row on screen for
   * it). */
  selection = has_selection (self);
  if ((selection || self->had_selection) && position < MIN (end, self->n_rows))
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), position,
                                           MIN (end, self->n_rows) - position);
  self->had_selection = selection;
}

static void
on_selection_changed (PomarTableRows    *self,
                      guint              position,
                      guint              n_items,
                      GtkSelectionModel *model)
{
  self->had_selection = has_selection (self);
  /* Rows still on their way hear of it as they come. */
  if (position < self->n_rows)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), position,
                                           MIN (n_items, self->n_rows - position));
}

gboolean
pomar_table_rows_row_watched (PomarTableRows *self,
                              PomarTableRow  *row,
                              gboolean        watched)
{
  g_hash_table_remove (self->pending, row);
  if (!watched)
    {
      g_hash_table_remove (self->watched, row);
      return FALSE;
    }

  g_hash_table_add (self->watched, row);
  /* A row a change brings off screen waits with the others (a row a
   * scroll brings is on screen, whatever the view said before). */
  if (self->changing && !is_visible (self, pomar_table_row_get_position (row)))
    {
      add_pending (self, row);
      return TRUE;
    }
  return FALSE;
}

/* GObject ------------------------------------------------------------------- */

static void
pomar_table_rows_dispose (GObject *object)
{
  PomarTableRows *self = POMAR_TABLE_ROWS (object);

  g_clear_handle_id (&self->catch_up_id, g_source_remove);
  g_clear_handle_id (&self->rest_id, g_source_remove);
  if (self->model != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->model, self);
      g_clear_object (&self->model);
    }
  /* The list views may keep rows a while longer. */
  if (self->rows != NULL)
    {
      for (guint i = 0; i < self->rows->len; i++)
        pomar_table_row_detach (g_ptr_array_index (self->rows, i));
      g_clear_pointer (&self->rows, g_ptr_array_unref);
    }
  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);

  G_OBJECT_CLASS (pomar_table_rows_parent_class)->dispose (object);
}

static void
pomar_table_rows_class_init (PomarTableRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pomar_table_rows_dispose;
}

static void
pomar_table_rows_init (PomarTableRows *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->watched = g_hash_table_new (NULL, NULL);
  self->pending = g_hash_table_new (NULL, NULL);
}

PomarTableRows *
pomar_table_rows_new (GtkSelectionModel *model)
{
  PomarTableRows *self;

  g_return_val_if_fail (GTK_IS_SELECTION_MODEL (model), NULL);

  self = g_object_new (POMAR_TYPE_TABLE_ROWS, NULL);
  self->model = g_object_ref (model);
  self->n_rows = self->target = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint i = 0; i < self->n_rows; i++)
    g_ptr_array_add (self->rows, pomar_table_row_new (self, i));
  self->had_selection = has_selection (self);
  g_signal_connect_swapped (model, "items-changed", G_CALLBACK (on_items_changed), self);
  g_signal_connect_swapped (model, "selection-changed", G_CALLBACK (on_selection_changed), self);

  return self;
}

GtkSelectionModel *
pomar_table_rows_get_model (PomarTableRows *self)
{
  g_return_val_if_fail (POMAR_IS_TABLE_ROWS (self), NULL);
  return self->model;
}
