#!/usr/bin/python3
# quick-jump.py: Ctrl+K on the real `pomar --demo`, through AT-SPI.
#
# 1. Ctrl+K opens "Go to a Customer" with its search field focused.
# 2. Typing part of a customer's name, in lower case and without accents,
#    lists it; Enter opens its customer page and closes the window.
# 3. Text no customer has says so; Escape closes the window.
#
# Exits non-zero, saying why, when any of these fails.

import time
import unicodedata

from pomar_atspi import (CONTROL_MASK, fail, find_app, find_button, find_window,
                         press_combo, press_key, wait_for, wait_for_board, walk)

import pyatspi

TIMEOUT = 20
ENTER = 0xff0d
ESCAPE = 0xff1b
KEY_K = 0x006b
TITLE = "Go to a Customer"


def folded_word(name):
    """The longest word of @name, lower case, accents dropped: what a hurried
    person types."""
    word = max(name.replace(",", " ").split(), key=len)
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def type_text(text):
    pyatspi.Registry.generateKeyboardEvent(0, text, pyatspi.KEY_STRING)
    time.sleep(0.5)


def named(root, name):
    """A node called @name under @root, list rows included."""
    return any(node.name == name for node, _ in walk(root))


def open_jump(app):
    press_combo(CONTROL_MASK, KEY_K)
    return wait_for(lambda: find_window(app, TITLE), TIMEOUT, "Ctrl+K opened no %r window" % TITLE)


def main():
    app = find_app()
    found = wait_for_board(app, timeout=60)
    card = found["Nurture"][0]
    name = card.name.split(", ")[0]
    query = folded_word(name)
    print("going to %r by typing %r" % (name, query))

    window = open_jump(app)
    # The search field has the focus: type straight away.
    type_text(query)
    wait_for(lambda: named(window, name), TIMEOUT, "typing %r did not list %r" % (query, name))
    press_key(ENTER)
    wait_for(lambda: find_window(app, TITLE) is None, TIMEOUT, "Enter did not close the window")
    wait_for(lambda: find_button(app, "Back"), TIMEOUT, "Enter did not open a customer page")
    print("Enter opened the customer page")
    press_key(ESCAPE)
    wait_for(lambda: find_button(app, "Back") is None, TIMEOUT, "Escape did not go back")

    window = open_jump(app)
    type_text("zzqqxxwv")
    wait_for(lambda: named(window, "No Customer Matches"), TIMEOUT, "text no customer has did not say so")
    press_key(ESCAPE)
    wait_for(lambda: find_window(app, TITLE) is None, TIMEOUT, "Escape did not close the window")
    print("no match said so; Escape closed the window")
    print("PASS")


if __name__ == "__main__":
    main()
