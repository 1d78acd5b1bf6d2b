#!/usr/bin/python3
# portfolio.py: the Portfolio view of the real `pomar --demo`, through
# AT-SPI (run by run-atspi.sh, which starts pomar on a virtual display).
#
# 1. Ctrl+3 shows the Portfolio: its tab in the view switcher is selected.
# 2. The NPS figure says the 90-day NPS as a number from -100 to 100 once
#    the store's figures are computed (it says "computing" before), and the
#    CSAT figure a percentage.
# 3. The renewals of the next 90 days are a list of rows, each saying when
#    it renews ("today", "tomorrow", "in N days", N at most 90), soonest
#    first.
# 4. Clicking the first row opens that customer: a label with its name
#    appears (the page's and the header's title, which no longer says
#    "Pomar"), and a Back button shows; Escape comes back to the Portfolio.
#
# With PORTFOLIO_SCREENSHOT=FILE.png in the environment, a picture of the
# screen is saved once the figures show, and another (FILE-renewals.png)
# with the renewals in view (to look at, not checked).
#
# Exits non-zero, saying why, when any of these fails.

import os
import re
import subprocess
import time

import pyatspi

from pomar_atspi import (CONTROL_MASK, children, click, count_labels, fail, find_app,
                         find_button, find_label, has_state, press_combo, press_key,
                         wait_for, wait_for_board, walk)

APP_TITLE = "Pomar"
PAGE_TIMEOUT = 30
ESCAPE = 0xff1b
KEY_3 = 0x033
NPS = re.compile(r"^NPS, last 90 days: (-?\d+)$")
CSAT = re.compile(r"^CSAT, last 90 days: (\d+)%$")
RENEWS = re.compile(r", renews on [^,]+, (today|tomorrow|in (\d+) days?), ARR ")
RENEWALS_LIST = "Renewals in the next 90 days"


def switcher_checked(app, name):
    """The view switcher's tab named @name, when it is the one selected
    (AdwViewSwitcher's buttons are page tabs to AT-SPI)."""
    for node, _ in walk(app):
        try:
            if (node.getRoleName() in ("page tab", "toggle button") and node.name.replace("_", "") == name
                    and (has_state(node, pyatspi.STATE_SELECTED) or has_state(node, pyatspi.STATE_CHECKED))):
                return node
        except Exception:
            continue
    return None


def label_matching(app, pattern):
    for node, in_item in walk(app):
        try:
            if not in_item and node.getRoleName() == "label" and pattern.match(node.name):
                return node
        except Exception:
            continue
    return None


def find_list(app, name):
    for node, _ in walk(app):
        try:
            if node.getRoleName() == "list" and node.name == name:
                return node
        except Exception:
            continue
    return None


def rows_of(listview):
    """The renewal rows: the named panels of the list's items, in order."""
    rows = []
    for item in children(listview):
        if item.getRoleName() != "list item":
            continue
        for node, _ in walk(item):
            if node.getRoleName() == "panel" and node.name:
                rows.append(node)
                break
    return rows


def bring_into_view(app, node):
    """Scrolls the page with the mouse wheel until @node is inside the
    window (the renewals are below the fold): a click must land on it.
    The wheel turns over the page's margin, outside the cards, so that the
    page scrolls rather than the list inside it."""
    window = children(app)[0].queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    wx, wy, ww, wh = window
    top, bottom = wy + 80, wy + wh - 20
    for _ in range(60):
        x, y, width, height = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        if y >= top and y + height <= bottom:
            return
        pyatspi.Registry.generateMouseEvent(wx + 40, wy + wh // 2, "b5c" if y + height > bottom else "b4c")
        time.sleep(0.3)
    fail("could not scroll %r into the window" % node.name)


def days_of(row):
    match = RENEWS.search(row.name)
    if match is None:
        fail("the renewal row %r does not say when it renews" % row.name)
    if match.group(1) == "today":
        return 0
    if match.group(1) == "tomorrow":
        return 1
    return int(match.group(2))


def main():
    app = find_app()
    print("found application %r" % app.name)

    # The demo book is generated on first start: give it time.
    wait_for_board(app, timeout=60)

    press_combo(CONTROL_MASK, KEY_3)
    wait_for(lambda: switcher_checked(app, "Portfolio"), PAGE_TIMEOUT,
             "Ctrl+3 did not show the Portfolio")
    print("Ctrl+3 showed the Portfolio")

    nps = wait_for(lambda: label_matching(app, NPS), PAGE_TIMEOUT,
                   "no NPS figure (\"NPS, last 90 days: N\") appeared")
    value = int(NPS.match(nps.name).group(1))
    if not -100 <= value <= 100:
        fail("the NPS %d is not between -100 and 100" % value)
    print("NPS figure: %r" % nps.name)
    csat = wait_for(lambda: label_matching(app, CSAT), PAGE_TIMEOUT, "no CSAT figure appeared")
    print("CSAT figure: %r" % csat.name)

    shot = os.environ.get("PORTFOLIO_SCREENSHOT")
    if shot:
        time.sleep(1)
        subprocess.run(["import", "-window", "root", shot], check=False)
        print("saved %s" % shot)

    listview = wait_for(lambda: find_list(app, RENEWALS_LIST), PAGE_TIMEOUT,
                        "no list named %r" % RENEWALS_LIST)
    rows = wait_for(lambda: rows_of(listview), PAGE_TIMEOUT, "the renewals list shows no row")
    days = [days_of(row) for row in rows]
    if any(d < 0 or d > 90 for d in days):
        fail("a renewal outside the next 90 days is listed: %s" % days)
    if days != sorted(days):
        fail("the renewals are not soonest first: %s" % days)
    print("%d renewal rows shown, in %s days" % (len(rows), ", ".join(str(d) for d in days[:8])))

    # The first row opens its customer.
    account_name = rows[0].name.split(", renews on ")[0]
    before = count_labels(app, account_name)
    if find_button(app, "Back") is not None:
        fail("a Back button shows before any customer was opened")
    bring_into_view(app, rows[0])
    if shot:
        time.sleep(1)
        subprocess.run(["import", "-window", "root", shot.replace(".png", "-renewals.png")], check=False)
    click(rows[0])
    wait_for(lambda: count_labels(app, account_name) > before, PAGE_TIMEOUT,
             "no label named %r appeared after clicking its renewal" % account_name)
    wait_for(lambda: find_button(app, "Back"), PAGE_TIMEOUT,
             "no Back button appeared on the customer page")
    wait_for(lambda: find_label(app, APP_TITLE) is None, PAGE_TIMEOUT,
             "the header still says %r on the customer page" % APP_TITLE)
    print("the renewal opened the customer page of %r" % account_name)

    press_key(ESCAPE)
    wait_for(lambda: find_button(app, "Back") is None, PAGE_TIMEOUT,
             "Escape did not leave the customer page")
    wait_for(lambda: switcher_checked(app, "Portfolio"), PAGE_TIMEOUT,
             "Escape did not come back to the Portfolio")
    print("Escape came back to the Portfolio")

    print("PASS")


if __name__ == "__main__":
    main()
