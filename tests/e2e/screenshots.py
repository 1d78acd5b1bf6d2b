#!/usr/bin/python3
# screenshots.py OUT-DIR [SUFFIX]: drives the real `pomar --demo` (started
# by screenshot.sh) through AT-SPI to each main view and saves a picture of
# the window for each: board, accounts, portfolio and a customer's page
# (top, and further down: playbooks and timeline). SUFFIX (say "-dark") is
# added to every file name.

import os
import subprocess
import sys
import time

from pomar_atspi import (CONTROL_MASK, fail, find_app, find_window, press_combo,
                         press_key, wait_for, wait_for_board, walk)

import pyatspi

TIMEOUT = 30
ENTER = 0xff0d
PAGE_DOWN = 0xff56
KEYS = {"accounts": 0x0032, "portfolio": 0x0033}
KEY_K = 0x006b


def window_id():
    tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True).stdout
    for line in tree.splitlines():
        if '("pomar" ' in line:
            return line.split()[0]
    return "root"


def shoot(out_dir, name, suffix):
    # Park the pointer off the window, so that no tooltip hides anything.
    pyatspi.Registry.generateMouseEvent(1365, 849, "abs")
    time.sleep(2)
    path = os.path.join(out_dir, name + suffix + ".png")
    subprocess.run(["import", "-window", window_id(), path], check=True)
    print("saved", path)


def scroll_down(clicks):
    """Mouse wheel clicks over the middle of the window."""
    pyatspi.Registry.generateMouseEvent(640, 450, "abs")
    time.sleep(0.3)
    for _ in range(clicks):
        pyatspi.Registry.generateMouseEvent(640, 450, "b5c")
        time.sleep(0.05)
    time.sleep(1)


def has_node(root, role, name):
    return any(node.getRoleName() == role and node.name == name for node, _ in walk(root))


def main():
    out_dir = sys.argv[1]
    suffix = sys.argv[2] if len(sys.argv) > 2 else ""
    app = find_app()
    found = wait_for_board(app, timeout=90)
    shoot(out_dir, "board", suffix)

    press_combo(CONTROL_MASK, KEYS["accounts"])
    time.sleep(3)
    shoot(out_dir, "accounts", suffix)

    press_combo(CONTROL_MASK, KEYS["portfolio"])
    time.sleep(4)
    shoot(out_dir, "portfolio", suffix)

    # A customer with history: answers, tickets, a playbook under way.
    name = found["Nurture"][0].name.split(", ")[0]
    press_combo(CONTROL_MASK, KEY_K)
    window = wait_for(lambda: find_window(app, "Go to a Customer"), TIMEOUT, "Ctrl+K opened nothing")
    pyatspi.Registry.generateKeyboardEvent(0, name, pyatspi.KEY_STRING)
    time.sleep(1)
    press_key(ENTER)
    wait_for(lambda: has_node(app, "heading", name), TIMEOUT, "the page of %r did not open" % name)
    time.sleep(3)
    shoot(out_dir, "customer", suffix)

    # Further down the page: usage, NPS and CSAT, playbooks, the timeline.
    for name, clicks in (("customer-usage", 7), ("customer-answers", 8), ("customer-playbooks", 9),
                         ("customer-timeline", 10)):
        scroll_down(clicks)
        shoot(out_dir, name, suffix)


if __name__ == "__main__":
    main()
