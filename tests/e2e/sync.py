#!/usr/bin/python3
# sync.py: the GUI syncs (run by run-atspi.sh --keyring --no-app). The
# fixture server serves a book of 40 accounts; a connection to it is added
# with pomarctl, then pomar opens the cache, as a person would find it:
#
# 1. At start Pomar syncs by itself: the accounts come onto the board, as
#    many as the server has, with nothing pressed.
# 2. The header has a "Sync Now" button, which says when Pomar last synced
#    (its accessible description), and a "Sync Status" popover that says so
#    too, with the connection's row.
# 3. "Sync Now" syncs again: the cache records a later sync.

import json
import time

import pyatspi

from pomar_atspi import (add_connection, description, fail, find_app, find_label,
                         find_label_containing, find_pressable, pomarctl, press,
                         press_key, start_fixture_server, start_pomar, wait_for,
                         wait_for_board, windows)

TIMEOUT = 60
TOKEN = "e2e-sync-token-7d41"
NAME = "Acme"
N_ACCOUNTS = 40
DATA_DIR = "cache"


def last_synced_at():
    """The latest last_synced_at of the connection, from pomarctl status."""
    status = json.loads(pomarctl("--data-dir", DATA_DIR, "status", "--json"))
    times = []

    def collect(node):
        if isinstance(node, dict):
            if node.get("connection") == NAME and node.get("last_synced_at"):
                times.append(node["last_synced_at"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)
    collect(status)
    return max(times) if times else None


def main():
    url = start_fixture_server(TOKEN, N_ACCOUNTS)
    add_connection(DATA_DIR, NAME, url, TOKEN)
    start_pomar("--data-dir", DATA_DIR)

    app = find_app()
    main_window = wait_for(lambda: windows(app) and windows(app)[0], TIMEOUT, "no window opened")

    # 1. The sync at start fills the board.
    board = wait_for_board(main_window, TIMEOUT)
    print("the board shows %s" % ", ".join("%s: %d" % (stage, len(cards))
                                          for stage, cards in board.items()))
    summary = "%d accounts" % N_ACCOUNTS
    wait_for(lambda: find_label_containing(main_window, summary), TIMEOUT,
             "the board does not say %r" % summary)

    # 2. Sync Now, and when Pomar last synced.
    sync_now = wait_for(lambda: find_pressable(main_window, "Sync Now"), TIMEOUT,
                        "the header has no \"Sync Now\" button")
    said = wait_for(lambda: description(sync_now).startswith("Last synced")
                    and description(sync_now), TIMEOUT,
                    "\"Sync Now\" does not say when Pomar last synced (it says %r)"
                    % description(sync_now))
    print("\"Sync Now\" says: %s" % said)

    press(wait_for(lambda: find_pressable(main_window, "Sync Status"), TIMEOUT,
                   "the header has no \"Sync Status\" button"))
    status = wait_for(lambda: find_label_containing(app, "Last synced"), TIMEOUT,
                      "the sync status does not say when Pomar last synced")
    print("the sync status says: %s" % status.name)
    wait_for(lambda: find_label(app, NAME, outside_lists=False), TIMEOUT,
             "the sync status has no row for %r" % NAME)
    wait_for(lambda: find_label(app, "Synced just now", outside_lists=False), TIMEOUT,
             "the row of %r does not say it synced just now" % NAME)
    press_key(0xff1b)  # Escape closes the popover

    # 3. Sync Now syncs again (the cache keeps times to the second).
    before = last_synced_at()
    if before is None:
        fail("pomarctl status knows no sync of %r" % NAME)
    time.sleep(1.2)
    wait_for(lambda: sync_now.getState().contains(pyatspi.STATE_SENSITIVE), TIMEOUT,
             "\"Sync Now\" stays insensitive")
    press(sync_now)
    after = wait_for(lambda: (last_synced_at() or "") > before and last_synced_at(), TIMEOUT,
                     "\"Sync Now\" did not sync (last synced at %s)" % before)
    print("\"Sync Now\" synced again: %s, then %s" % (before, after))
    wait_for(lambda: description(sync_now).startswith("Last synced"), TIMEOUT,
             "after \"Sync Now\", the button does not say when Pomar last synced")

    print("PASS")


if __name__ == "__main__":
    main()
