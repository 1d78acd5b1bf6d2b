#!/usr/bin/python3
# connection.py: adds a connection from the welcome page through AT-SPI (run
# by run-atspi.sh --keyring as `pomar --data-dir empty`), as a person would:
#
# 1. "Add a Connection…" opens the connection window over the empty cache,
#    whose header has no "Sync Now" (there is nothing to sync).
# 2. Its Name, URL and Token are typed in and "Add" is pressed; the token
#    goes to the throw-away keyring.
# 3. The window closes and the main window says that the connection was
#    added and that Pomar has not synced it yet, and its header now offers
#    "Sync Now" (Pomar tries at once; nothing listens at that URL, so no
#    customer can appear).

from pomar_atspi import (fail, find_app, find_button, find_label, find_pressable,
                         find_text_field, press, type_into, wait_for, walk,
                         windows)

TIMEOUT = 20
NAME = "Helpdesk"


def main():
    app = find_app()
    main_window = wait_for(lambda: windows(app) and windows(app)[0], TIMEOUT, "no window opened")
    wait_for(lambda: find_label(main_window, "Welcome to Pomar"), TIMEOUT,
             "the empty cache did not show \"Welcome to Pomar\"")

    if find_pressable(main_window, "Sync Now") is not None:
        fail("a cache without connections offers \"Sync Now\"")

    press(wait_for(lambda: find_button(main_window, "Add a Connection…"), TIMEOUT,
                   "no \"Add a Connection…\" button"))
    dialog = wait_for(lambda: len(windows(app)) > 1 and windows(app)[-1], TIMEOUT,
                      "\"Add a Connection…\" opened no window")
    print("\"Add a Connection…\" opened %r" % dialog.name)

    for field, text in (("Name", NAME), ("URL", "http://127.0.0.1:9"), ("Token", "e2e-token")):
        node = wait_for(lambda: find_text_field(dialog, field), TIMEOUT,
                        "the connection window has no %r field" % field)
        type_into(node, text)
    add = wait_for(lambda: find_button(dialog, "Add"), TIMEOUT,
                   "the connection window has no \"Add\" button")
    press(add)

    wait_for(lambda: len(windows(app)) == 1, TIMEOUT,
             "the connection window did not close after \"Add\"")
    title = "Connection “%s” Added" % NAME
    wait_for(lambda: find_label(main_window, title), TIMEOUT,
             "the window did not say %r" % title)
    sentence = "Pomar has not synced “%s” yet." % NAME
    description = wait_for(lambda: next((n.name for n, _ in walk(main_window)
                                         if n.getRoleName() == "label"
                                         and n.name.startswith(sentence)), None),
                           TIMEOUT, "the window did not say %r" % sentence)
    print("the window says: %s / %s" % (title, description))
    wait_for(lambda: find_pressable(main_window, "Sync Now"), TIMEOUT,
             "the header offers no \"Sync Now\" for the new connection")

    print("PASS")


if __name__ == "__main__":
    main()
