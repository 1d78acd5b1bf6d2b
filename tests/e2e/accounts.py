#!/usr/bin/python3
# accounts.py: checks the accounts table of the real `pomar --demo` through
# AT-SPI, as a screen reader sees it (run by run-atspi.sh, which starts
# pomar on a virtual display).
#
# 1. Ctrl+2 shows the table: a "Customers" table with a row per customer,
#    and a count that says how many.
# 2. Typing in its search narrows the rows, and the count says exactly how
#    many of how many it shows ("N of 120 customers").
# 3. A click on a row and a Ctrl+click on another select both: an action
#    bar says "2 selected".
# 4. Every button in the view, the action bar's included, has a name a
#    screen reader can say.
# 5. "Move to Stage" moves both to the stage chosen from its menu: their
#    Stage cells change, and a toast says "Moved 2 customers to <stage>";
#    its Undo moves each back to its own stage.
# 6. Escape clears the selection.
#
# Exits non-zero, saying why, when any of these fails.

import time

import pyatspi
from gi.repository import Atspi

from pomar_atspi import (CONTROL_MASK, STAGES, button_text, children, click, fail, find_app,
                         find_label, find_pressable, find_text_field, press, press_combo,
                         press_key, type_into, wait_for, wait_for_board, walk, windows)

TIMEOUT = 20
ESCAPE = 0xff1b
COLUMNS = ["Name", "Stage", "Health", "Trend", "NPS (90 Days)", "ARR", "Renewal",
           "Open Tickets", "Owner", "Segment", "Last Touch"]
NAME, STAGE = 0, 1
BUTTON_ROLES = ("push button", "toggle button", "menu button", "check box", "radio button")


def find_table(app):
    for node, _ in walk(app):
        if node.getRoleName() in ("table", "tree table") and node.name == "Customers":
            return node
    return None


def the_view(table):
    """The table's view: the box that holds the search, the table and the
    action bar (four levels up: scroll pane, stack page, stack, box)."""
    node = table
    for _ in range(4):
        node = node.parent
    return node


def rows(table):
    """{name: [cell texts]} of the data rows the table shows (the header's
    row holds titles, not cells)."""
    found = {}
    for node, _ in walk(table):
        if node.getRoleName() != "table row":
            continue
        cells = [c for c in children(node) if c.getRoleName() == "table cell"]
        if len(cells) != len(COLUMNS):
            continue
        texts = []
        for cell in cells:
            label = children(cell)
            texts.append(label[0].name if label else "")
        found[texts[NAME]] = (texts, cells)
    return found


def count_label(view):
    for node, _ in walk(view):
        if node.getRoleName() == "label" and node.name.endswith(" customers"):
            return node.name
    return None


def ctrl_click(node):
    Atspi.generate_keyboard_event(CONTROL_MASK, None, Atspi.KeySynthType.LOCKMODIFIERS)
    try:
        time.sleep(0.2)
        click(node)
        time.sleep(0.2)
    finally:
        Atspi.generate_keyboard_event(CONTROL_MASK, None, Atspi.KeySynthType.UNLOCKMODIFIERS)


def find_menu_item(app, name):
    for node, _ in walk(app):
        if node.getRoleName() in ("menu item", "check menu item", "radio menu item") \
                and node.name.replace("_", "") == name:
            return node
    return None


def find_toast(app, text):
    """The toast saying @text and its Undo button, if it shows: a shallow,
    breadth-first look that does not go into scrolled content (a toast
    lasts a few seconds; a walk of the whole table takes about as long)."""
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


def unnamed_buttons(view):
    """Buttons (menu buttons' outer and inner parts too) with no name, or
    only GTK's type name standing in for one."""
    bad = []
    for node, _ in walk(view):
        role = node.getRoleName()
        if role in ("tree table", "table"):
            continue
        if role in BUTTON_ROLES:
            name = node.name.strip()
            if not name or name.startswith(("Gtk", "Adw", "Pomar")):
                bad.append("%s %r" % (role, node.name))
    return bad


def main():
    app = find_app()
    print("found application %r" % app.name)
    wait_for_board(app, timeout=60)

    # 1. Ctrl+2: the table, every customer in it.
    press_combo(CONTROL_MASK, ord("2"))
    table = wait_for(lambda: find_table(app), TIMEOUT, "Ctrl+2 showed no \"Customers\" table")
    view = the_view(table)
    total_text = wait_for(lambda: count_label(view), TIMEOUT, "the table does not say how many customers it has")
    total = int(total_text.split()[0].replace(",", ""))
    everyone = wait_for(lambda: rows(table), TIMEOUT, "the table shows no rows")
    print("the table shows %r (%d rows on screen)" % (total_text, len(everyone)))

    # 2. The search: a word of a name that several customers share.
    words = {}
    for name in everyone:
        for word in name.replace(",", " ").split():
            if len(word) >= 4:
                words.setdefault(word, set()).add(name)
    word = max((w for w in words if len(words[w]) >= 2), key=lambda w: (len(words[w]), w), default=None)
    if word is None:
        fail("no word is shared by two customers' names: %s" % sorted(everyone))
    search = wait_for(lambda: find_text_field(view, "Search customers"), TIMEOUT,
                      "the table has no \"Search customers\" field")
    type_into(search, word)

    def narrowed():
        shown = rows(table)
        label = count_label(view)
        if not shown or label is None or " of " not in label:
            return None
        n = int(label.split()[0].replace(",", ""))
        return (shown, label) if n == len(shown) and n < total else None

    shown, label = wait_for(narrowed, TIMEOUT, "typing %r did not narrow the table and its count" % word)
    if not words[word] <= set(shown):
        fail("%r left out %s" % (word, sorted(words[word] - set(shown))))
    print("typing %r left %r" % (word, label))

    # 3. Two rows selected: preferably in different stages, so that Undo
    # has two different stages to put them back in.
    names = sorted(words[word])
    first = names[0]
    second = next((n for n in names[1:] if shown[n][0][STAGE] != shown[first][0][STAGE]), names[1])
    stages_before = {first: shown[first][0][STAGE], second: shown[second][0][STAGE]}
    click(shown[first][1][NAME])
    time.sleep(0.5)
    ctrl_click(rows(table)[second][1][NAME])
    wait_for(lambda: find_label(view, "2 selected"), TIMEOUT,
             "selecting %r and %r did not show \"2 selected\"" % (first, second))
    print("selected %r (%s) and %r (%s)" % (first, stages_before[first], second, stages_before[second]))

    # 4. Every button has a name, the action bar's too.
    bad = unnamed_buttons(view)
    if bad:
        fail("buttons without an accessible name: %s" % ", ".join(bad))
    print("every button in the view has a name")

    # 5. Move to Stage: a stage neither is in.
    target = next(s for s in STAGES if s not in stages_before.values())
    move = wait_for(lambda: find_pressable(view, "Move to Stage"), TIMEOUT, "no \"Move to Stage\" button")
    press(move)
    # In the view: the customer page has menus with the same names.
    item = wait_for(lambda: find_menu_item(view, target), TIMEOUT,
                    "the \"Move to Stage\" menu has no %r item" % target)
    press(item)
    moved = "Moved 2 customers to %s" % target
    _, undo = wait_for(lambda: find_toast(app, moved), TIMEOUT, "no toast said %r" % moved)

    def stages_are(expected):
        current = rows(table)
        return all(n in current and current[n][0][STAGE] == expected[n] for n in expected)

    wait_for(lambda: stages_are({first: target, second: target}), TIMEOUT,
             "the Stage cells of %r and %r did not change to %r" % (first, second, target))
    print("both moved to %r, and a toast said %r" % (target, moved))

    if undo is None:
        fail("the toast %r offers no Undo" % moved)
    press(undo)
    wait_for(lambda: stages_are(stages_before), TIMEOUT,
             "Undo did not move each back to its own stage (%s)" % stages_before)
    print("Undo moved each back: %s" % stages_before)

    # 6. Escape clears the selection (the focus is in the table).
    click(rows(table)[first][1][NAME])
    wait_for(lambda: find_label(view, "1 selected"), TIMEOUT, "a click did not select one row")
    press_key(ESCAPE)
    wait_for(lambda: find_label(view, "1 selected") is None and find_label(view, "0 selected"), TIMEOUT,
             "Escape did not clear the selection")
    print("Escape cleared the selection")

    print("PASS")


if __name__ == "__main__":
    main()
