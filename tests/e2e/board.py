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
# 4. A card says its health (a number and a band, never colour alone).
# 5. Alt+Right moves the focused card (the focus came back to it with
#    Escape) to the next column, and a toast says so; the toast's Undo
#    moves it back, and says that too.
# 6. Typing in the filter bar's search narrows every column to the cards
#    whose name has the text; clearing it brings them back.
#
# Exits non-zero, saying why, when any of these fails.

import re
import unicodedata

from pomar_atspi import (ALT_MASK, HIDDEN_STAGES, STAGES, board_columns, button_text,
                         cards_in, children, click, count_labels, fail, find_app,
                         find_button, find_label, find_label_containing,
                         find_text_field, press, press_combo, press_key,
                         type_into, wait_for, wait_for_board, windows)

APP_TITLE = "Pomar"  # the header's title over the views
PAGE_TIMEOUT = 20
ESCAPE = 0xff1b
RIGHT = 0xff53
HEALTH = re.compile(r", health (\d+), (red|yellow|green)(, (rising|falling))?, ")


def card_names(columns, stage):
    """The account names of @stage's cards (their names' first part)."""
    try:
        return [card.name.split(", ")[0] for card in cards_in(columns[stage])]
    except Exception:
        return None


def toast_parts(app, text):
    """The toast saying @text and its button, if it shows: a shallow,
    breadth-first look that does not go into the views (a toast lasts a few
    seconds; a walk of the whole window takes about as long)."""
    label = button = None
    level = [(window, 0) for window in windows(app)]
    while level:
        node, depth = level.pop(0)
        try:
            role = node.getRoleName()
            name = node.name
        except Exception:
            continue
        if role == "label" and name == text:
            label = node
        if role == "push button" and button_text(node) == "Undo":
            button = node
        if depth < 8 and role != "scroll pane":
            level.extend((child, depth + 1) for child in children(node))
    return (label, button) if label is not None else None


def folded(text):
    return "".join(c for c in unicodedata.normalize("NFD", text.lower())
                   if not unicodedata.combining(c))


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

    # A card's health, read as a screen reader reads it.
    match = HEALTH.search(card.name)
    if match is None:
        fail("the card %r does not say its health" % card.name)
    print("%s: health %s, %s" % (account_name, match.group(1), match.group(2)))

    # Escape gave the focus back to the card: Alt+Right moves it on, and a
    # toast says so (looked for first: it shows for a few seconds).
    columns = board_columns(app)
    press_combo(ALT_MASK, RIGHT)
    moved = "Moved %s to Initial engagement" % account_name
    _, undo = wait_for(lambda: toast_parts(app, moved), PAGE_TIMEOUT,
                       "no toast said %r after Alt+Right" % moved)
    if undo is None:
        fail("the toast %r offers no Undo" % moved)
    wait_for(lambda: account_name in (card_names(columns, "Initial engagement") or []), PAGE_TIMEOUT,
             "Alt+Right did not move %r to Initial engagement" % account_name)
    if account_name in (card_names(columns, "Onboarding") or []):
        fail("%r is still in Onboarding after Alt+Right" % account_name)
    print("Alt+Right moved %r to Initial engagement, and a toast said so" % account_name)

    # The toast's Undo moves it back, and says so.
    press(undo)
    wait_for(lambda: toast_parts(app, "Moved %s back to Onboarding" % account_name), PAGE_TIMEOUT,
             "no toast said that %r moved back" % account_name)
    wait_for(lambda: account_name in (card_names(columns, "Onboarding") or []), PAGE_TIMEOUT,
             "Undo did not move %r back to Onboarding" % account_name)
    print("Undo moved it back to Onboarding")

    # The filter bar's text narrows every column.
    word = max(account_name.split(), key=len)
    before = {stage: len(card_names(columns, stage) or []) for stage in STAGES}
    search = wait_for(lambda: find_text_field(app, "Search Accounts"), PAGE_TIMEOUT,
                      "the board has no \"Search Accounts\" field")
    type_into(search, word)

    def narrowed():
        names = {stage: card_names(columns, stage) for stage in STAGES}
        if any(n is None for n in names.values()) or account_name not in names["Onboarding"]:
            return False
        return all(folded(word) in folded(name) for n in names.values() for name in n)

    wait_for(narrowed, PAGE_TIMEOUT, "typing %r did not narrow the board to matching cards" % word)
    wait_for(lambda: find_label_containing(app, "accounts shown"), PAGE_TIMEOUT,
             "the filter bar does not say how many accounts it shows")
    print("typing %r left %s" % (word, {stage: len(card_names(columns, stage) or []) for stage in STAGES}))

    press_key(ESCAPE)
    wait_for(lambda: {stage: len(card_names(columns, stage) or []) for stage in STAGES} == before,
             PAGE_TIMEOUT, "Escape in the search did not bring every card back")
    print("Escape cleared the search")

    print("PASS")


if __name__ == "__main__":
    main()
