/* test-quick-jump.c: what Ctrl+K finds for what was typed. */
#include "config.h"

#include "ui/pomar-account-object.h"
#include "ui/pomar-quick-jump.h"

static gboolean
finds (const char *name_and_domain,
       const char *typed)
{
  g_autofree char *key = pomar_fold_for_search (name_and_domain);
  g_autofree char *query = pomar_fold_for_search (typed);

  return pomar_quick_jump_matches (key, query);
}

static void
test_matches (void)
{
  /* Case and accents do not matter, either way round. */
  g_assert_true (finds ("Café São João Distribuição cafesaojoao.com.br", "sao joao"));
  g_assert_true (finds ("Cafe Sao Joao cafesaojoao.com.br", "São"));
  g_assert_true (finds ("ACME Indústria acme.com.br", "industria"));
  /* Every word, anywhere, in any order; the domain counts. */
  g_assert_true (finds ("Padaria Três Irmãos tresirmaos.com", "irmaos padaria"));
  g_assert_true (finds ("Globex globex.io", "globex.io"));
  g_assert_false (finds ("Padaria Três Irmãos tresirmaos.com", "irmaos mercado"));
  g_assert_false (finds ("Globex globex.io", "initech"));
  /* Nothing typed: everything. Spaces alone: everything. */
  g_assert_true (finds ("Globex globex.io", ""));
  g_assert_true (finds ("Globex globex.io", "   "));
  g_assert_true (pomar_quick_jump_matches ("x", NULL));
  g_assert_false (pomar_quick_jump_matches (NULL, "x"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/quick-jump/matches", test_matches);
  return g_test_run ();
}
