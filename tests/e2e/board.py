#!/usr/bin/python3
# board.py: checks the real `pomar --demo` through AT-SPI, as a screen reader
# sees it (run by run-atspi.sh, which starts pomar on a virtual display).
#
# 1. The board shows a column per stage (Onboarding, Initial engagement,
#    Nurture, Inspire), found by accessible name, each with account cards.
# 2. The Churned column is hidden by default.
# 3. Clicking a card opens the customer page: labels with the account's
#    name appear (the page's, and the header's title, which no longer says
#    "Pomar"), and a Back button shows; Escape takes both back.
#
# Exits non-zero, saying why, when any of these fails.

from pomar_atspi import (HIDDEN_STAGES, STAGES, click, count_labels, fail,
                         find_app, find_button, find_label, press_key,
                         wait_for, wait_for_board)

APP_TITLE = "Pomar"  # the header's title over the views
PAGE_TIMEOUT = 20
ESCAPE = 0xff1b


def main():
    app = find_app()
    print("found application %r" % app.name)

    # The demo book is generated on first start: give it time.
    found = wait_for_board(app, timeout=60)
    for stage in STAGES:
        cards = found[stage]
        print("column %-20r %3d cards, first: %s" % (stage, len(cards), cards[0].name))

    for stage in HIDDEN_STAGES:
        if stage in found:
            fail("the %r column is shown, but it should be hidden by default" % stage)
        print("column %-20r hidden" % stage)

    # The customer page, from a click on the first Onboarding card. The
    # card's accessible name starts with the account's name.
    card = found["Onboarding"][0]
    account_name = card.name.split(", ")[0]
    # Other views (the accounts table) may name it too: count, not find.
    before = count_labels(app, account_name)
    if find_button(app, "Back") is not None:
        fail("a Back button shows before any customer was opened")
    click(card)
    wait_for(lambda: count_labels(app, account_name) > before, PAGE_TIMEOUT,
             "no label named %r appeared after clicking its card" % account_name)
    wait_for(lambda: find_button(app, "Back"), PAGE_TIMEOUT,
             "no Back button appeared on the customer page")
    wait_for(lambda: find_label(app, APP_TITLE) is None, PAGE_TIMEOUT,
             "the header still says %r on the customer page" % APP_TITLE)
    print("customer page shows %r, with a Back button" % account_name)

    # Escape goes back to the board.
    press_key(ESCAPE)
    wait_for(lambda: find_button(app, "Back") is None, PAGE_TIMEOUT,
             "Escape did not leave the customer page")
    wait_for(lambda: find_label(app, APP_TITLE), PAGE_TIMEOUT,
             "the header did not say %r again after Escape" % APP_TITLE)
    print("Escape went back to the board")

    print("PASS")


if __name__ == "__main__":
    main()
