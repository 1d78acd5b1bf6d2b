/* test-connection-dialog.c: the "Add a Connection" window, driven through
 * its widgets and actions as a person would.
 *
 * Needs a display (xvfb-run) and a Secret Service (with-keyring.sh). The
 * server it tests against is a SoupServer on loopback, served from the
 * test's main context, which keeps running while the dialog's work happens
 * on worker threads.
 *
 * Providers are chosen by their place in the Provider row, which is
 * pomar_connections_get_providers()'s order: Pomar, Zendesk, HubSpot.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "core/pomar-error.h"
#include "pomar-resources.h"
#include "store/pomar-store.h"
#include "sync/pomar-connections.h"
#include "sync/pomar-provider-hubspot.h"
#include "sync/pomar-secret-store.h"
#include "ui/pomar-connection-dialog.h"

#define GOOD_TOKEN "dialog-test-token-c0ffee42"

enum { PROVIDER_POMAR, PROVIDER_ZENDESK, PROVIDER_HUBSPOT };

/* The company-property rows, by title; the last four are under "More
 * fields". */
static const char * const property_titles[] = {
  "ARR", "Currency", "Renewal date", "Licensed seats", "Stage",
  "Contract start", "Segment", "Owner", "Plan",
};

typedef struct
{
  char       *data_dir;
  PomarStore *store;
  SoupServer *server;
  char       *base;
  GtkWidget  *dialog;
  char       *added;
} Fixture;

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  static const char body[] = "{\"data\":[],\"next_cursor\":null,\"sync_token\":\"t\"}";

  if (g_strcmp0 (soup_message_headers_get_one (headers, "Authorization"), "Bearer " GOOD_TOKEN) != 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
on_connection_added (GtkWidget  *dialog,
                     const char *name,
                     Fixture    *fixture)
{
  g_free (fixture->added);
  fixture->added = g_strdup (name);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  GSList *uris;

  fixture->data_dir = g_dir_make_tmp ("pomar-test-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = pomar_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_callback, NULL, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  fixture->dialog = pomar_connection_dialog_new (fixture->store);
  g_object_ref_sink (fixture->dialog);
  g_signal_connect (fixture->dialog, "connection-added", G_CALLBACK (on_connection_added), fixture);
  gtk_window_present (GTK_WINDOW (fixture->dialog));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  g_clear_object (&fixture->dialog);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  pomar_store_close (fixture->store);
  g_clear_object (&fixture->store);

  dir = g_dir_open (fixture->data_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->data_dir, name, NULL);

      g_assert_no_errno (g_remove (path));
    }
  g_assert_no_errno (g_rmdir (fixture->data_dir));

  g_free (fixture->data_dir);
  g_free (fixture->base);
  g_free (fixture->added);
}

/* Finding widgets the way a person does: by what they say. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *text)
{
  GtkWidget *child;

  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    {
      const char *shown = NULL;

      if (ADW_IS_PREFERENCES_ROW (root))
        shown = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root));
      else if (GTK_IS_BUTTON (root))
        shown = gtk_button_get_label (GTK_BUTTON (root));

      if (text == NULL || g_strcmp0 (shown, text) == 0)
        return root;
    }

  for (child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
row (Fixture    *fixture,
     const char *title)
{
  GtkWidget *widget = find_widget (fixture->dialog, ADW_TYPE_PREFERENCES_ROW, title);

  g_assert_nonnull (widget);
  return widget;
}

static void
type_into (Fixture    *fixture,
           const char *title,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row (fixture, title)), text);
}

static gboolean
action_enabled (Fixture    *fixture,
                const char *label)
{
  GtkWidget *button = find_widget (fixture->dialog, GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

/* The inline status: the one wrapping label of the window. */
static const char *
status_text (Fixture *fixture)
{
  GtkWidget *child = fixture->dialog;
  GtkWidget *found = NULL;
  GPtrArray *queue = g_ptr_array_new ();

  g_ptr_array_add (queue, child);
  while (queue->len > 0 && found == NULL)
    {
      GtkWidget *widget = g_ptr_array_steal_index (queue, 0);

      if (GTK_IS_LABEL (widget) && gtk_label_get_wrap (GTK_LABEL (widget))
          && gtk_label_get_selectable (GTK_LABEL (widget)))
        found = widget;

      for (child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (queue, child);
    }
  g_ptr_array_unref (queue);

  g_assert_nonnull (found);
  if (!gtk_widget_get_visible (found))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (found));
}

/* A row is on screen only if it and every widget above it are visible. */
static gboolean
row_shown (Fixture    *fixture,
           const char *title)
{
  return gtk_widget_is_visible (row (fixture, title));
}

/* The error shown under a property row: the row right below it in its
 * list, or NULL when that row is hidden. */
static const char *
property_error (Fixture    *fixture,
                const char *title)
{
  GtkWidget *below = gtk_widget_get_next_sibling (row (fixture, title));
  GtkWidget *label;

  g_assert_true (ADW_IS_PREFERENCES_ROW (below));
  g_assert_false (ADW_IS_ENTRY_ROW (below));
  if (!gtk_widget_get_visible (below))
    return NULL;
  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (below));
  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

/* The text box a screen reader sees: with libadwaita 1.2 the entry row
 * itself (its inner GtkText has no role). */
static GtkAccessible *
text_of (Fixture    *fixture,
         const char *title)
{
  GtkAccessible *row_accessible = GTK_ACCESSIBLE (row (fixture, title));

  g_assert_cmpint (gtk_accessible_get_accessible_role (row_accessible), ==,
                   GTK_ACCESSIBLE_ROLE_TEXT_BOX);
  return row_accessible;
}

/* Lets worker threads finish whatever they were started for. */
static void
spin_main_loop (guint milliseconds)
{
  gint64 deadline = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

/* Waits for "connection-added", failing with what the window says if it
 * never comes. */
static void
wait_for_added (Fixture    *fixture,
                const char *name)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (fixture->added == NULL && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);

  if (fixture->added == NULL)
    g_error ("the connection was not added (the window says “%s”)", status_text (fixture));
  g_assert_cmpstr (fixture->added, ==, name);
  g_assert_false (gtk_widget_get_visible (fixture->dialog));
}

static void
wait_for_status (Fixture    *fixture,
                 const char *prefix)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      const char *text = status_text (fixture);

      if (text != NULL && g_str_has_prefix (text, prefix))
        return;
      g_main_context_iteration (NULL, TRUE);
    }

  g_error ("the status never said “%s” (it says “%s”)", prefix, status_text (fixture));
}

static void
test_validation (Fixture       *fixture,
                 gconstpointer  user_data)
{
  AdwComboRow *provider = ADW_COMBO_ROW (row (fixture, "Provider"));

  g_assert_false (action_enabled (fixture, "_Add"));
  g_assert_false (action_enabled (fixture, "_Test Connection"));
  g_assert_null (status_text (fixture));

  /* The email row is there for Zendesk only. */
  g_assert_false (gtk_widget_get_visible (row (fixture, "Email (optional)")));
  adw_combo_row_set_selected (provider, 1);
  g_assert_true (gtk_widget_get_visible (row (fixture, "Email (optional)")));
  adw_combo_row_set_selected (provider, 0);
  g_assert_false (gtk_widget_get_visible (row (fixture, "Email (optional)")));

  type_into (fixture, "Name", "Support");
  type_into (fixture, "URL", "http://example.com");
  type_into (fixture, "Token", GOOD_TOKEN);
  g_assert_false (action_enabled (fixture, "_Add"));
  g_assert_cmpstr (status_text (fixture), ==,
                   "Pomar refuses http:// for example.com because the token would travel "
                   "unencrypted; use https://, or http:// only for a server on this computer.");

  type_into (fixture, "URL", "https://cs.example.com/api");
  g_assert_true (action_enabled (fixture, "_Add"));
  g_assert_true (action_enabled (fixture, "_Test Connection"));
  g_assert_null (status_text (fixture));

  /* An empty field is not an error, but Add waits for it. */
  type_into (fixture, "Token", "");
  g_assert_false (action_enabled (fixture, "_Add"));
  g_assert_null (status_text (fixture));

  /* HubSpot has one address, filled in when the URL is empty. */
  type_into (fixture, "URL", "");
  adw_combo_row_set_selected (provider, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fixture, "URL"))), ==, "https://api.hubapi.com");
}

static void
test_test_and_add (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) connections = NULL;
  g_autofree char *url = g_strconcat (fixture->base, "/api/", NULL);
  PomarConnectionInfo *info;
  char *token;

  type_into (fixture, "Name", "Local API");
  type_into (fixture, "URL", url);
  type_into (fixture, "Token", "wrong-token");

  gtk_widget_activate_action (fixture->dialog, "connection.test", NULL);
  g_assert_false (action_enabled (fixture, "_Add"));
  wait_for_status (fixture, "The token was refused by 127.0.0.1.");
  g_assert_true (action_enabled (fixture, "_Add"));

  type_into (fixture, "Token", GOOD_TOKEN);
  gtk_widget_activate_action (fixture->dialog, "connection.test", NULL);
  wait_for_status (fixture, "The connection works: accounts can be read.");

  gtk_widget_activate_action (fixture->dialog, "connection.add", NULL);
  while (fixture->added == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (fixture->added, ==, "Local API");
  g_assert_false (gtk_widget_get_visible (fixture->dialog));

  connections = pomar_connections_list (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (connections->len, ==, 1);
  info = g_ptr_array_index (connections, 0);
  g_assert_cmpstr (info->name, ==, "Local API");
  g_assert_cmpstr (info->provider, ==, "pomar");
  g_assert_true (g_str_has_prefix (info->base_url, fixture->base));
  g_assert_cmpstr (info->base_url + strlen (fixture->base), ==, "/api");
  g_assert_null (info->settings_json);

  token = pomar_secret_store_lookup_sync (fixture->data_dir, "Local API", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, GOOD_TOKEN);
  pomar_secret_store_free_token (token);

  g_assert_true (pomar_connections_remove_sync (fixture->store, "Local API", NULL, &error));
  g_assert_no_error (error);
}

/* A name in use: the error shows inline, the window stays. */
static void
test_duplicate_inline (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pomar_connections_add_sync (fixture->store, "Taken", "redmine", "https://redmine.example.org",
                                             NULL, GOOD_TOKEN, NULL, &error));
  g_assert_no_error (error);

  type_into (fixture, "Name", "Taken");
  type_into (fixture, "URL", "https://cs.example.com");
  type_into (fixture, "Token", "another-token");
  gtk_widget_activate_action (fixture->dialog, "connection.add", NULL);
  wait_for_status (fixture, "A connection named “Taken” already exists.");
  g_assert_null (fixture->added);
  g_assert_true (gtk_widget_get_visible (fixture->dialog));
  g_assert_true (action_enabled (fixture, "_Add"));

  g_assert_true (pomar_connections_remove_sync (fixture->store, "Taken", NULL, &error));
  g_assert_no_error (error);
}

/* The company properties are HubSpot's: shown for it, hidden for the
 * others, each entry with an accessible name that says what it wants. */
static void
test_properties_shown_for_hubspot (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  AdwComboRow *provider = ADW_COMBO_ROW (row (fixture, "Provider"));

  for (guint i = 0; i < G_N_ELEMENTS (property_titles); i++)
    g_assert_false (row_shown (fixture, property_titles[i]));

  adw_combo_row_set_selected (provider, PROVIDER_HUBSPOT);
  for (guint i = 0; i < G_N_ELEMENTS (property_titles); i++)
    {
      g_autofree char *accessible_name = g_strdup_printf ("%s property", property_titles[i]);

      g_assert_true (row_shown (fixture, property_titles[i]));
      g_assert_null (property_error (fixture, property_titles[i]));
      /* GTK reads a labelled-by relation after the label: none, so the
       * name is the label alone. */
      gtk_test_accessible_assert_property (text_of (fixture, property_titles[i]),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name);
      g_assert_false (gtk_test_accessible_has_relation (text_of (fixture, property_titles[i]),
                                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY));
    }
  g_assert_true (row_shown (fixture, "More fields"));

  adw_combo_row_set_selected (provider, PROVIDER_ZENDESK);
  for (guint i = 0; i < G_N_ELEMENTS (property_titles); i++)
    g_assert_false (row_shown (fixture, property_titles[i]));
  g_assert_false (row_shown (fixture, "More fields"));

  adw_combo_row_set_selected (provider, PROVIDER_POMAR);
  g_assert_false (row_shown (fixture, "ARR"));
}

/* A name that is not a property's internal name: its error under its row,
 * Add refused (Test still works: it does not use the properties), and
 * nothing stored, neither row nor token. */
static void
test_bad_property_refused (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) connections = NULL;
  char *token;

  adw_combo_row_set_selected (ADW_COMBO_ROW (row (fixture, "Provider")), PROVIDER_HUBSPOT);
  type_into (fixture, "Name", "Portal");
  type_into (fixture, "Token", GOOD_TOKEN);
  g_assert_true (action_enabled (fixture, "_Add"));

  type_into (fixture, "ARR", "annual contract value");
  g_assert_cmpstr (property_error (fixture, "ARR"), ==,
                   "“annual contract value” is not a HubSpot property’s internal name. "
                   "Use the internal name HubSpot shows in the property’s settings: "
                   "a letter, then letters, digits and underscores "
                   "(e.g. annual_contract_value).");
  g_assert_true (gtk_widget_has_css_class (row (fixture, "ARR"), "error"));
  gtk_test_accessible_assert_state (text_of (fixture, "ARR"), GTK_ACCESSIBLE_STATE_INVALID,
                                    GTK_ACCESSIBLE_INVALID_TRUE);
  g_assert_null (property_error (fixture, "Stage"));
  g_assert_false (action_enabled (fixture, "_Add"));
  g_assert_true (action_enabled (fixture, "_Test Connection"));
  /* The form's own status stays for the connection's fields. */
  g_assert_null (status_text (fixture));

  /* Each wrong row says so under itself, in the expander too, which
   * opens: Add must not be off for a reason folded away. */
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row (fixture, "More fields"))));
  type_into (fixture, "Plan", "9plan");
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row (fixture, "More fields"))));
  g_assert_nonnull (property_error (fixture, "Plan"));
  g_assert_true (g_str_has_prefix (property_error (fixture, "Plan"), "“9plan” is not"));
  g_assert_nonnull (property_error (fixture, "ARR"));

  /* Add, pressed anyway (a shortcut, a stale button), does nothing. */
  gtk_widget_activate_action (fixture->dialog, "connection.add", NULL);
  spin_main_loop (300);
  g_assert_null (fixture->added);
  g_assert_true (gtk_widget_get_visible (fixture->dialog));
  connections = pomar_connections_list (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (connections->len, ==, 0);
  token = pomar_secret_store_lookup_sync (fixture->data_dir, "Portal", NULL, &error);
  g_assert_error (error, POMAR_ERROR, POMAR_ERROR_NOT_FOUND);
  g_assert_null (token);
  g_clear_error (&error);

  /* Set right, the errors go and Add comes back. */
  type_into (fixture, "ARR", "annual_contract_value");
  type_into (fixture, "Plan", "");
  g_assert_null (property_error (fixture, "ARR"));
  g_assert_null (property_error (fixture, "Plan"));
  g_assert_false (gtk_widget_has_css_class (row (fixture, "ARR"), "error"));
  g_assert_false (gtk_test_accessible_has_state (text_of (fixture, "ARR"),
                                                 GTK_ACCESSIBLE_STATE_INVALID));
  g_assert_true (action_enabled (fixture, "_Add"));

  /* Another provider ignores the hidden rows, wrong or not. */
  type_into (fixture, "ARR", "not a name");
  g_assert_false (action_enabled (fixture, "_Add"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (fixture, "Provider")), PROVIDER_POMAR);
  type_into (fixture, "URL", "https://cs.example.com/api");
  g_assert_true (action_enabled (fixture, "_Add"));
}

/* A good mapping is what the stored connection's settings say, as
 * `pomarctl connection add --property` would have stored it. */
static void
test_good_mapping_stored (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarConnectionInfo) info = NULL;
  g_autofree char *described = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *cli_settings = NULL;
  const char * const cli_assignments[] = {
    "arr=annual_contract_value", "renewal_date=renewal_date", "stage=cs_stage",
    "plan=plan_tier", NULL,
  };

  adw_combo_row_set_selected (ADW_COMBO_ROW (row (fixture, "Provider")), PROVIDER_HUBSPOT);
  type_into (fixture, "Name", "Portal");
  type_into (fixture, "URL", fixture->base);
  type_into (fixture, "Token", GOOD_TOKEN);
  /* Spaces around a name are not part of it. */
  type_into (fixture, "ARR", " annual_contract_value ");
  type_into (fixture, "Renewal date", "renewal_date");
  type_into (fixture, "Stage", "cs_stage");
  type_into (fixture, "Plan", "plan_tier");
  type_into (fixture, "Currency", "  ");
  g_assert_null (property_error (fixture, "Currency"));
  g_assert_true (action_enabled (fixture, "_Add"));

  gtk_widget_activate_action (fixture->dialog, "connection.add", NULL);
  wait_for_added (fixture, "Portal");

  info = pomar_connections_get (fixture->store, "Portal", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->provider, ==, "hubspot");
  g_assert_nonnull (info->settings_json);
  described = pomar_hubspot_settings_describe (info->settings_json);
  g_assert_cmpstr (described, ==,
                   "arr=annual_contract_value, renewal_date=renewal_date, stage=cs_stage, "
                   "plan=plan_tier");
  currency = pomar_hubspot_settings_get_property (info->settings_json, "currency");
  g_assert_null (currency);

  /* The very text the CLI stores for the same properties. */
  g_assert_true (pomar_hubspot_settings_from_assignments (cli_assignments, &cli_settings, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info->settings_json, ==, cli_settings);

  g_assert_true (pomar_connections_remove_sync (fixture->store, "Portal", NULL, &error));
  g_assert_no_error (error);
}

/* HubSpot with no property named stores no settings at all. */
static void
test_no_mapping_no_settings (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PomarConnectionInfo) info = NULL;

  adw_combo_row_set_selected (ADW_COMBO_ROW (row (fixture, "Provider")), PROVIDER_HUBSPOT);
  type_into (fixture, "Name", "Bare Portal");
  type_into (fixture, "Token", GOOD_TOKEN);
  gtk_widget_activate_action (fixture->dialog, "connection.add", NULL);
  wait_for_added (fixture, "Bare Portal");

  info = pomar_connections_get (fixture->store, "Bare Portal", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->provider, ==, "hubspot");
  g_assert_cmpstr (info->base_url, ==, "https://api.hubapi.com");
  g_assert_null (info->settings_json);

  g_assert_true (pomar_connections_remove_sync (fixture->store, "Bare Portal", NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The window's template is in the resources linked from the UI library. */
  g_assert_nonnull (pomar_get_resource ());

  g_test_add ("/connection-dialog/validation", Fixture, NULL, fixture_setup, test_validation, fixture_teardown);
  g_test_add ("/connection-dialog/test-and-add", Fixture, NULL, fixture_setup, test_test_and_add, fixture_teardown);
  g_test_add ("/connection-dialog/duplicate-inline", Fixture, NULL, fixture_setup, test_duplicate_inline,
              fixture_teardown);
  g_test_add ("/connection-dialog/hubspot/properties-shown", Fixture, NULL, fixture_setup,
              test_properties_shown_for_hubspot, fixture_teardown);
  g_test_add ("/connection-dialog/hubspot/bad-property-refused", Fixture, NULL, fixture_setup,
              test_bad_property_refused, fixture_teardown);
  g_test_add ("/connection-dialog/hubspot/good-mapping-stored", Fixture, NULL, fixture_setup,
              test_good_mapping_stored, fixture_teardown);
  g_test_add ("/connection-dialog/hubspot/no-mapping-no-settings", Fixture, NULL, fixture_setup,
              test_no_mapping_no_settings, fixture_teardown);

  return g_test_run ();
}
