#!/usr/bin/python3
# welcome.py: checks the welcome page of an empty cache through AT-SPI (run
# by run-atspi.sh as `pomar --data-dir empty`, in a throw-away folder).
#
# 1. An empty cache shows "Welcome to Pomar" with two buttons: "Explore the
#    Demo Book" and "Add a Connection…".
# 2. "Add a Connection…" opens the connection window; Escape closes it.
# 3. "Explore the Demo Book" opens a second window, "Pomar — Demo Book",
#    whose board has cards, while the user's own cache stays empty: the
#    demo book lives in a data dir of its own.

import os
import re
import subprocess

from pomar_atspi import (STAGES, fail, find_app, find_button, find_label,
                         press, press_key, wait_for, wait_for_board, windows)

TIMEOUT = 20
ESCAPE = 0xff1b
DEMO_TITLE = "Pomar — Demo Book"


def accounts_in(data_dir):
    """The cache's account count, as pomarctl reports it (None without it)."""
    pomarctl = os.environ.get("POMARCTL")
    if not pomarctl:
        return None
    out = subprocess.run([pomarctl, "--data-dir", data_dir, "status"],
                         capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Accounts:\s+(\d+)", out, re.MULTILINE)
    return int(match.group(1)) if match else 0


def main():
    app = find_app()
    main_window = wait_for(lambda: windows(app) and windows(app)[0], TIMEOUT, "no window opened")
    print("window %r" % main_window.name)

    wait_for(lambda: find_label(main_window, "Welcome to Pomar"), TIMEOUT,
             "the empty cache did not show \"Welcome to Pomar\"")
    demo_button = wait_for(lambda: find_button(main_window, "Explore the Demo Book"), TIMEOUT,
                           "no \"Explore the Demo Book\" button")
    connection_button = wait_for(lambda: find_button(main_window, "Add a Connection…"), TIMEOUT,
                                 "no \"Add a Connection…\" button")
    print("welcome page with \"Explore the Demo Book\" and \"Add a Connection…\"")

    # The connection window, over the main window.
    n_windows = len(windows(app))
    press(connection_button)
    wait_for(lambda: len(windows(app)) > n_windows, TIMEOUT,
             "\"Add a Connection…\" opened no window")
    dialog = windows(app)[-1]
    print("\"Add a Connection…\" opened %r" % dialog.name)
    press_key(ESCAPE)
    wait_for(lambda: len(windows(app)) == n_windows, TIMEOUT,
             "Escape did not close the connection window")

    # The demo book, in a window of its own.
    press(demo_button)
    demo_window = wait_for(lambda: next((w for w in windows(app) if w.name == DEMO_TITLE), None),
                           60, "no %r window opened" % DEMO_TITLE)
    found = wait_for_board(demo_window, timeout=60)
    print("%r shows %s" % (DEMO_TITLE, ", ".join("%s: %d cards" % (s, len(found[s])) for s in STAGES)))

    if find_label(main_window, "Welcome to Pomar") is None:
        fail("the first window no longer shows the welcome page")
    own = accounts_in("empty")
    demo = accounts_in(os.path.join(os.environ["XDG_DATA_HOME"], "pomar", "demo"))
    if own is not None:
        print("accounts in the user's cache: %d, in the demo book's: %d" % (own, demo))
        if own != 0:
            fail("the demo book went into the user's cache")
        if demo == 0:
            fail("the demo book's cache is empty")

    print("PASS")


if __name__ == "__main__":
    main()
