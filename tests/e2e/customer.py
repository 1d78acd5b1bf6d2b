#!/usr/bin/python3
# customer.py: the customer page of the real `pomar --demo`, through AT-SPI,
# in the language of $LANGUAGE (run-atspi.sh --lang pt_BR runs it in
# Brazilian Portuguese, finding every control by its translated name).
#
# 1. A card of the board opens its customer's page (a heading with the name).
# 2. Every control on the page has an accessible name.
# 3. Ticking an open playbook task marks it done: its row then offers to
#    reopen it.
# 4. A note typed into the timeline's editor and added shows in the timeline,
#    and the editor is empty again.
# 5. Alt+Down opens the next customer, Alt+Up comes back.
#
# Exits non-zero, saying why, when any of these fails.

import re
import time

import pyatspi

from pomar_atspi import (ALT_MASK, click, fail, find_app, find_button, find_text_field,
                         press, press_combo, tr, type_into, wait_for, wait_for_board, walk)

TIMEOUT = 30
KEY_DOWN = 0xff54
KEY_UP = 0xff52
CONTROLS = ("push button", "toggle button", "check box", "combo box", "text", "entry",
            "spin button", "slider", "menu button")


def heading(app, name):
    return any(node.getRoleName() == "heading" and node.name == name for node, _ in walk(app))


def headings(app):
    return {node.name for node, _ in walk(app) if node.getRoleName() == "heading" and node.name}


def matching(app, role, template):
    """Nodes of @role whose name starts with @template (one %s) filled in
    (GTK adds the row's title after the name of a row's check box)."""
    before, after = template.split("%s")
    return [node for node, _ in walk(app)
            if node.getRoleName() == role and node.name.startswith(before)
            and after in node.name[len(before) + 1:]]


def inner(name, template):
    before, after = template.split("%s")
    return name[len(before):name.index(after, len(before) + 1)]


def scroll_into_view(node):
    """Turns the mouse wheel over the page until @node is on screen (GTK 4.8
    gives a check box no AT-SPI action: it takes a real click)."""
    for _ in range(60):
        x, y, width, height = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        if 60 < y and y + height < 780:
            return
        pyatspi.Registry.generateMouseEvent(640, 450, "abs")
        pyatspi.Registry.generateMouseEvent(640, 450, "b5c" if y + height >= 780 else "b4c")
        time.sleep(0.15)
    fail("could not scroll %r into view" % node.name)


def label_named(app, text):
    return any(node.getRoleName() == "label" and node.name == text for node, _ in walk(app))


def main():
    app = find_app()
    found = wait_for_board(app, timeout=90)
    # An Onboarding customer of the demo book has its onboarding playbook
    # under way, with tasks still open.
    card = found[tr("Onboarding")][0]
    name = card.name.split(", ")[0]
    click(card)
    wait_for(lambda: heading(app, name), TIMEOUT, "clicking %r's card did not open its page" % name)
    print("opened the page of %r" % name)

    mark_done = tr("Mark “%s” done")
    reopen = tr("Reopen “%s”")
    checks = wait_for(lambda: matching(app, "check box", mark_done), TIMEOUT,
                      "the page of %r shows no open playbook task to tick" % name)

    # GTK names a control nobody named after its class ("GtkToggleButton").
    nameless = []
    for node, _ in walk(app):
        role = node.getRoleName()
        if role in CONTROLS and (not node.name.strip() or re.match(r"^Gtk[A-Z]\w*$", node.name)):
            nameless.append("%s %r" % (role, node.name))
    if nameless:
        fail("controls without an accessible name on the customer page: %s" % ", ".join(nameless))
    print("every control on the page has a name")

    task = inner(checks[0].name, mark_done)
    scroll_into_view(checks[0])
    click(checks[0])
    wait_for(lambda: find_button(app, reopen % task), TIMEOUT,
             "ticking %r did not mark it done (no %r button)" % (task, reopen % task))
    print("ticked %r: it is done" % task)

    note = "e2e %d: champion confirmed the rollout" % int(time.time())
    editor = wait_for(lambda: find_text_field(app, tr("New note")), TIMEOUT, "no note editor")
    scroll_into_view(editor)
    type_into(editor, note)
    add = wait_for(lambda: find_button(app, tr("_Add to Timeline").replace("_", "")), TIMEOUT,
                   "no button to add the note")
    press(add)
    wait_for(lambda: label_named(app, note), TIMEOUT, "the note %r did not show in the timeline" % note)
    print("the note shows in the timeline")

    # Other views have headings too; the page's own is the one that changes.
    before = headings(app)
    press_combo(ALT_MASK, KEY_DOWN)
    wait_for(lambda: not heading(app, name) and headings(app) - before, TIMEOUT,
             "Alt+Down did not open another customer")
    other = (headings(app) - before).pop()
    print("Alt+Down opened %r" % other)
    press_combo(ALT_MASK, KEY_UP)
    wait_for(lambda: heading(app, name), TIMEOUT, "Alt+Up did not come back to %r" % name)
    print("Alt+Up came back to %r" % name)


if __name__ == "__main__":
    main()
