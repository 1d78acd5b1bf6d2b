#!/usr/bin/python3
# refused-token.py: a refused token, in the GUI (run by run-atspi.sh --keyring
# --no-app). The fixture server accepts one token; the connection was added
# with another, as if the server had revoked it:
#
# 1. The sync at start fails, and the window says so under the header: the
#    connection's name, that the server refused its token, and an "Enter
#    New Token…" button.
# 2. That button opens a window for the connection's new token; the right
#    one is typed in and saved.
# 3. Pomar syncs again by itself: the accounts come onto the board and the
#    failure goes away.

from pomar_atspi import (add_connection, fail, find_app, find_button,
                         find_label_containing, find_text_field, press,
                         start_fixture_server, start_pomar, type_into, wait_for,
                         wait_for_board, windows)

TIMEOUT = 60
NAME = "Helpdesk"
GOOD_TOKEN = "e2e-new-token-9c2f"
OLD_TOKEN = "e2e-revoked-token-1b7e"
DATA_DIR = "cache"


def main():
    url = start_fixture_server(GOOD_TOKEN, 40)
    add_connection(DATA_DIR, NAME, url, OLD_TOKEN)
    start_pomar("--data-dir", DATA_DIR)

    app = find_app()
    main_window = wait_for(lambda: windows(app) and windows(app)[0], TIMEOUT, "no window opened")

    # 1. The failure, with the connection's name and why.
    failure = wait_for(lambda: find_label_containing(main_window, "“%s”" % NAME, "refused"),
                       TIMEOUT, "the window does not say that %r's token was refused" % NAME)
    print("the window says: %s" % failure.name)
    if "token" not in failure.name:
        fail("the failure does not say what was refused: %r" % failure.name)

    # 2. A new token.
    press(wait_for(lambda: find_button(main_window, "Enter New Token…"), TIMEOUT,
                   "the failure offers no \"Enter New Token…\""))
    dialog = wait_for(lambda: len(windows(app)) > 1 and windows(app)[-1], TIMEOUT,
                      "\"Enter New Token…\" opened no window")
    print("\"Enter New Token…\" opened %r" % dialog.name)
    if NAME not in dialog.name:
        fail("the token window does not name the connection: %r" % dialog.name)
    field = wait_for(lambda: find_text_field(dialog, "Token"), TIMEOUT,
                     "the token window has no \"Token\" field")
    type_into(field, GOOD_TOKEN)
    press(wait_for(lambda: find_button(dialog, "Save"), TIMEOUT,
                   "the token window has no \"Save\" button"))
    wait_for(lambda: len(windows(app)) == 1, TIMEOUT,
             "the token window did not close after \"Save\"")

    # 3. The sync that follows.
    board = wait_for_board(main_window, TIMEOUT)
    print("the board shows %d accounts" % sum(len(cards) for cards in board.values()))
    wait_for(lambda: find_label_containing(main_window, "“%s”" % NAME, "refused") is None,
             TIMEOUT, "the failure stays after the new token synced")

    print("PASS")


if __name__ == "__main__":
    main()
