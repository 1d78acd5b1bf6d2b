#!/usr/bin/python3
# preferences.py: Preferences (run by run-atspi.sh --keyring --no-app). The
# fixture server serves a small book; a connection to it, "Acme", is added
# with pomarctl, then pomar opens the cache:
#
# 1. Ctrl+comma opens Preferences, whose Connections page has a row for
#    "Acme" with its provider and URL.
# 2. Its Test button asks the server, and the row says the connection works.
#    New Token… opens the token window for "Acme" (cancelled here).
# 3. Sync: the interval is changed to 45 minutes; after closing Preferences
#    and opening it again, it is still 45 (the settings are GSettings' memory
#    backend, which lives in pomar's process, so the window is the witness).
# 4. Health: the proportions line follows the weights: engagement at 0
#    leaves it out and the others share its part; with every weight at 0
#    it warns, and the board's cards, recomputed, say their health is
#    unknown; Restore Defaults puts the weights and the scores back, and
#    the weights still take changes after it.
# 5. Remove, confirmed in the dialog that says what goes and what stays,
#    removes the connection: the page says there are none, and so does
#    `pomarctl connection list`.

import re
import time

import pyatspi
from gi.repository import Atspi

from pomar_atspi import (add_connection, click, fail, find_app, find_button,
                         find_label_containing, has_state, pomarctl, press,
                         press_key, start_fixture_server, start_pomar, wait_for,
                         walk, windows)

TIMEOUT = 60
TOKEN = "e2e-prefs-token-5a3c"
NAME = "Acme"
DATA_DIR = "cache"

CONTROL_MASK = 1 << 2
KEY_COMMA = 0x2c
KEY_A = 0x61
KEY_RETURN = 0xff0d


def press_control(keysym):
    """Ctrl+@keysym, to the focused window."""
    Atspi.generate_keyboard_event(CONTROL_MASK, None, Atspi.KeySynthType.LOCKMODIFIERS)
    try:
        time.sleep(0.1)
        press_key(keysym)
        time.sleep(0.1)
    finally:
        Atspi.generate_keyboard_event(CONTROL_MASK, None, Atspi.KeySynthType.UNLOCKMODIFIERS)


def find_window(app, name):
    for window in windows(app):
        if window.name == name:
            return window
    return None


def open_preferences(app, main_window):
    # Keys go to the window under the pointer (the virtual display has no
    # window manager): it rests on an empty part of the main window's header.
    x, y, width, height = main_window.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(x + width * 3 // 4 - 20, y + 10, "abs")
    time.sleep(0.5)
    press_control(KEY_COMMA)
    return wait_for(lambda: find_window(app, "Preferences"), TIMEOUT,
                    "Ctrl+comma opened no Preferences window")


def close_preferences(app, prefs):
    press(wait_for(lambda: find_button(prefs, "Close"), TIMEOUT,
                   "Preferences has no \"Close\" button"))
    wait_for(lambda: find_window(app, "Preferences") is None, TIMEOUT,
             "Preferences did not close")


def show_page(prefs, title):
    """Switches Preferences to the page @title with its view switcher."""
    for node, _ in walk(prefs):
        if node.getRoleName() == "page tab" and node.name == title:
            click(node)
            time.sleep(0.5)
            return
    fail("Preferences has no page %r" % title)


def find_row(root, title):
    for node, _ in walk(root):
        if node.getRoleName() == "list item" and node.name == title:
            return node
    return None


def label_with(root, *parts):
    """A label anywhere under @root (rows included) holding all of @parts."""
    for node, _ in walk(root):
        if node.getRoleName() == "label" and all(p in node.name for p in parts):
            return node
    return None


def find_spin(root, name):
    for node, _ in walk(root):
        if node.getRoleName() == "spin button" and node.name == name:
            return node
    return None


def spin_value(spin):
    return spin.queryValue().currentValue


def set_spin(spin, value):
    """Types @value into @spin, as a person would: click, select all, type,
    Enter."""
    click(spin)
    time.sleep(0.3)
    press_control(KEY_A)
    pyatspi.Registry.generateKeyboardEvent(0, str(value), pyatspi.KEY_STRING)
    time.sleep(0.2)
    press_key(KEY_RETURN)
    wait_for(lambda: spin_value(spin) == value, TIMEOUT,
             "%r did not take %s (it shows %s)" % (spin.name, value, spin_value(spin)))


# How a card tells a screen reader its health (pomar-account-card.c).
KNOWN_HEALTH = re.compile(r"\bhealth \d+, ")


def count_health(root):
    """(cards with a health score, cards whose health is unknown)."""
    known = unknown = 0
    for node, _ in walk(root):
        name = node.name or ""
        if KNOWN_HEALTH.search(name):
            known += 1
        elif "health unknown" in name:
            unknown += 1
    return known, unknown


def main():
    url = start_fixture_server(TOKEN, 20)
    add_connection(DATA_DIR, NAME, url, TOKEN)
    start_pomar("--data-dir", DATA_DIR)

    app = find_app()
    main_window = wait_for(lambda: windows(app) and windows(app)[0], TIMEOUT, "no window opened")
    wait_for(lambda: count_health(main_window)[0] > 0, TIMEOUT,
             "after the first sync, no card says its health")

    # 1. Ctrl+comma, and the connection's row.
    prefs = open_preferences(app, main_window)
    row = wait_for(lambda: find_row(prefs, NAME), TIMEOUT,
                   "the Connections page has no row for %r" % NAME)
    details = wait_for(lambda: label_with(row, "Pomar Sync API", url), TIMEOUT,
                       "the row of %r does not show its provider and URL" % NAME)
    print("the row says: %s" % details.name)

    # 2. Test, and New Token….
    press(wait_for(lambda: find_button(row, "Test"), TIMEOUT, "the row has no \"Test\" button"))
    result = wait_for(lambda: label_with(row, "The connection works"), TIMEOUT,
                      "\"Test\" did not say the connection works")
    print("after Test: %s" % result.name.replace("\n", " | "))

    press(wait_for(lambda: find_button(row, "New Token…"), TIMEOUT,
                   "the row has no \"New Token…\" button"))
    token_window = wait_for(lambda: next((w for w in windows(app) if NAME in w.name
                                          and "Token" in w.name), None),
                            TIMEOUT, "\"New Token…\" opened no token window for %r" % NAME)
    print("\"New Token…\" opened %r" % token_window.name)
    press(wait_for(lambda: find_button(token_window, "Cancel"), TIMEOUT,
                   "the token window has no \"Cancel\""))
    wait_for(lambda: not any("Token" in w.name for w in windows(app)), TIMEOUT,
             "the token window did not close")

    # 3. The sync interval, kept after closing and opening again.
    show_page(prefs, "Sync")
    interval = wait_for(lambda: find_spin(prefs, "Minutes between automatic syncs"), TIMEOUT,
                        "the Sync page has no \"Minutes between automatic syncs\"")
    if spin_value(interval) != 15:
        fail("the interval starts at %s, not the default 15" % spin_value(interval))
    set_spin(interval, 45)
    close_preferences(app, prefs)
    prefs = open_preferences(app, main_window)
    show_page(prefs, "Sync")
    interval = wait_for(lambda: find_spin(prefs, "Minutes between automatic syncs"), TIMEOUT,
                        "the Sync page has no interval after reopening")
    if spin_value(interval) != 45:
        fail("after reopening, the interval is %s, not 45" % spin_value(interval))
    print("the interval stayed at 45 minutes")

    # 4. The weights and the proportions line.
    show_page(prefs, "Health")
    line = wait_for(lambda: find_label_containing(prefs, "Weights count in proportion"), TIMEOUT,
                    "the Health page has no proportions line")
    for share in ("Adoption 30%", "Usage trend 10%", "Support 20%", "Sentiment 25%",
                  "Engagement 15%"):
        if share not in line.name:
            fail("the default proportions do not say %r: %r" % (share, line.name))
    engagement = wait_for(lambda: find_spin(prefs, "Engagement weight"), TIMEOUT,
                          "the Health page has no \"Engagement weight\"")
    set_spin(engagement, 0)
    # 30, 10, 20 and 25 of 85.
    line = wait_for(lambda: find_label_containing(prefs, "Adoption 35%", "Usage trend 12%",
                                                  "Support 24%", "Sentiment 29%",
                                                  "Left out: Engagement"),
                    TIMEOUT, "with engagement at 0, the proportions line did not follow")
    print("with engagement at 0: %s" % line.name)
    for name in ("Adoption weight", "Usage trend weight", "Support weight", "Sentiment weight"):
        set_spin(wait_for(lambda: find_spin(prefs, name), TIMEOUT,
                          "the Health page has no %r" % name), 0)
    warning = wait_for(lambda: find_label_containing(prefs, "Every weight is 0"), TIMEOUT,
                       "with every weight at 0, the Health page does not warn")
    print("with every weight at 0: %s" % warning.name)
    def all_unknown():
        known, unknown = count_health(main_window)
        return known == 0 and unknown > 0
    wait_for(all_unknown, TIMEOUT, "with every weight at 0, the cards were not recomputed "
             "(some still say a health score, or none says it is unknown)")
    print("the cards say their health is unknown")
    restore = wait_for(lambda: find_button(prefs, "Restore Defaults"), TIMEOUT,
                       "the Health page has no \"Restore Defaults\"")
    press(restore)
    wait_for(lambda: find_label_containing(prefs, "Adoption 30%", "Engagement 15%"), TIMEOUT,
             "\"Restore Defaults\" did not bring the default proportions back")
    if spin_value(engagement) != 15:
        fail("after \"Restore Defaults\", engagement weighs %s" % spin_value(engagement))
    wait_for(lambda: not has_state(restore, pyatspi.STATE_SENSITIVE), TIMEOUT,
             "\"Restore Defaults\" stays sensitive with the defaults restored")
    wait_for(lambda: count_health(main_window)[0] > 0, TIMEOUT,
             "after \"Restore Defaults\", no card says its health again")
    print("\"Restore Defaults\" restored 30, 10, 20, 25, 15, and the cards' scores")
    # The weights still take changes after that: 40 of 120 for support.
    set_spin(wait_for(lambda: find_spin(prefs, "Support weight"), TIMEOUT,
                      "the Health page has no \"Support weight\""), 40)
    wait_for(lambda: find_label_containing(prefs, "Adoption 25%", "Support 33%"), TIMEOUT,
             "after \"Restore Defaults\", a new weight did not change the proportions line")

    # 5. Remove, after confirming.
    show_page(prefs, "Connections")
    row = wait_for(lambda: find_row(prefs, NAME), TIMEOUT, "the row of %r went away" % NAME)
    before = set(w.name for w in windows(app))
    press(wait_for(lambda: find_button(row, "Remove"), TIMEOUT, "the row has no \"Remove\" button"))
    dialog = wait_for(lambda: next((w for w in windows(app) if w.name not in before), None),
                      TIMEOUT, "\"Remove\" asked for no confirmation")
    body = wait_for(lambda: find_label_containing(dialog, "keyring"), TIMEOUT,
                    "the confirmation does not say the token leaves the keyring")
    if "stay" not in body.name:
        fail("the confirmation does not say the cached records stay: %r" % body.name)
    print("the confirmation says: %s" % body.name)
    press(wait_for(lambda: find_button(dialog, "Remove"), TIMEOUT,
                   "the confirmation has no \"Remove\" button"))
    wait_for(lambda: label_with(prefs, "No connections yet"), TIMEOUT,
             "after removing %r, the page does not say there are no connections" % NAME)
    if find_row(prefs, NAME) is not None:
        fail("the row of %r stays after removing it" % NAME)
    listed = pomarctl("--data-dir", DATA_DIR, "connection", "list").strip()
    if listed != "No connections.":
        fail("pomarctl connection list says %r after removing %r" % (listed, NAME))
    print("pomarctl connection list: %s" % listed)

    print("PASS")


if __name__ == "__main__":
    main()
