/* sync-test-util.h: what the sync tests share. */
#pragma once

#include <string.h>

#include "sync/pomar-sync-engine.h"

/* Options for syncs against a fixture on loopback: retries that wait
 * milliseconds, not seconds, and a one-second timeout (the fixture's slow
 * answer takes two). */
static inline void
sync_test_fast_options (PomarSyncOptions *options)
{
  memset (options, 0, sizeof *options);
  options->page_size = 500;
  options->retry.max_attempts = 5;
  options->retry.backoff_ms = 10;
  options->retry.max_wait_ms = 2000;
  options->timeout_seconds = 1;
}
