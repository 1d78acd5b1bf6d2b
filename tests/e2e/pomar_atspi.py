# pomar_atspi.py: what the e2e scripts share for driving pomar through
# AT-SPI, as a screen reader or a person would.
#
# GTK 4.8 tells AT-SPI whether a widget is visible, but not whether it is on
# screen (it sets no SHOWING state, and the pages of a stack all look
# alike), so the scripts check page changes through what changes visibly:
# titles, buttons that show and hide, windows that open.

import atexit
import gettext
import os
import subprocess
import sys
import time

import pyatspi
from gi.repository import GLib


def _catalog():
    """Pomar's own catalog for $LANGUAGE (run-atspi.sh --lang sets it), from
    the build tree ($POMAR_LOCALEDIR); None for English."""
    language = os.environ.get("LANGUAGE", "")
    if not language or language.startswith("en"):
        return None
    localedir = os.environ.get("POMAR_LOCALEDIR")
    if not localedir:
        print("FAIL: LANGUAGE=%s, but POMAR_LOCALEDIR is not set" % language)
        sys.exit(1)
    try:
        return gettext.translation("pomar", localedir=localedir, languages=[language])
    except OSError as e:
        print("FAIL: no %s catalog of pomar in %s: %s" % (language, localedir, e))
        sys.exit(1)


CATALOG = _catalog()


def tr(text):
    """@text as pomar says it in the language under test. A text the
    catalog lacks fails the test: the UI would be in two languages."""
    if CATALOG is None:
        return text
    translated = CATALOG.gettext(text)
    if translated == text:
        print("FAIL: %r has no translation in the %s catalog" % (text, os.environ["LANGUAGE"]))
        sys.exit(1)
    return translated


APP_NAMES = ("pomar", "Pomar")
STAGES = [tr(s) for s in ("Onboarding", "Initial engagement", "Nurture", "Inspire")]
HIDDEN_STAGES = [tr("Churned")]
ACCOUNTS_IN = tr("Accounts in %s").split("%s")[0]


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


# pomar, when the script started it (start_pomar).
_pomar = None


def check_alive():
    """Fails at once when pomar (POMAR_PID, set by run-atspi.sh) has ended,
    rather than waiting out a timeout."""
    if _pomar is not None:
        if _pomar.poll() is not None:
            fail("pomar exited (status %d) before the checks were done" % _pomar.returncode)
        return
    pid = os.environ.get("POMAR_PID")
    if pid is None:
        return
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        fail("pomar exited before the checks were done")


def wait_for(predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        check_alive()
        # A node that went away while it was read (a list filled again) is
        # "not yet": the next round reads the tree as it is then.
        try:
            result = predicate()
        except GLib.GError:
            result = None
        if result:
            return result
        time.sleep(0.5)
    fail("%s within %d s" % (what, timeout))


def find_app(timeout=30):
    def lookup():
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.name in APP_NAMES:
                return app
        return None
    return wait_for(lookup, timeout, "no application named pomar appeared on the AT-SPI bus")


def has_state(node, state):
    try:
        return node.getState().contains(state)
    except Exception:
        return False


def children(node):
    try:
        count = node.childCount
    except Exception:
        return []
    result = []
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            result.append(child)
    return result


def holds_items(node, role):
    """Whether @node's children are items: a list item's, and the cells of
    a board column's list (a one-column grid named "Accounts in <stage>",
    whose cells GTK 4.8 calls table cells)."""
    if role == "list item":
        return True
    try:
        return role == "table" and node.name.startswith(ACCOUNTS_IN)
    except Exception:
        return False


def walk(node):
    """Yields (node, inside_list_item) for node and its visible descendants."""
    stack = [(node, False)]
    while stack:
        current, in_item = stack.pop()
        yield current, in_item
        try:
            role = current.getRoleName()
        except Exception:
            continue
        item = in_item or holds_items(current, role)
        for child in reversed(children(current)):
            if has_state(child, pyatspi.STATE_VISIBLE):
                stack.append((child, item))


def windows(app):
    """The application's top-level windows (an AdwWindow shows as a filler)."""
    return children(app)


def find_window(app, name):
    for window in windows(app):
        if window.name == name:
            return window
    return None


def count_labels(root, text):
    """Labels named @text outside list items (the board's cards)."""
    return sum(1 for node, in_item in walk(root)
               if not in_item and node.getRoleName() == "label" and node.name == text)


def find_label(root, text, outside_lists=True):
    for node, in_item in walk(root):
        if (not outside_lists or not in_item) and node.getRoleName() == "label" and node.name == text:
            return node
    return None


def button_text(node):
    """A button's name as a person reads it. GTK 4.8 names a button made
    with a mnemonic label "_Add Add" (the label property, then the label's
    text); Pomar's own buttons avoid that, others' may not."""
    name = node.name.replace("_", "")
    half = len(name) // 2
    if len(name) % 2 == 1 and name[half] == " " and name[:half] == name[half + 1:]:
        return name[:half]
    return name


def find_button(root, name):
    for node, _ in walk(root):
        if node.getRoleName() in ("push button", "toggle button") and button_text(node) == name:
            return node
    return None


def find_text_field(root, name):
    for node, _ in walk(root):
        if node.getRoleName() in ("text", "entry", "password text") and node.name == name:
            return node
    return None


def type_into(field, text):
    """Clicks into @field and types @text, as a person would (GTK 4.8
    offers neither grabFocus nor EditableText over AT-SPI)."""
    click(field)
    time.sleep(0.5)
    pyatspi.Registry.generateKeyboardEvent(0, text, pyatspi.KEY_STRING)
    time.sleep(0.5)


def press(button):
    """Activates a button through its AT-SPI action, as a screen reader does."""
    action = button.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "press", "activate"):
            action.doAction(i)
            return
    action.doAction(0)


def click(node):
    """A real pointer click in the middle of @node."""
    component = node.queryComponent()
    x, y, width, height = component.getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(x + width // 2, y + height // 2, "b1c")


def press_key(keysym):
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)


CONTROL_MASK = 1 << 2
ALT_MASK = 1 << 3


def press_combo(modifiers, keysym):
    """@keysym with @modifiers (CONTROL_MASK, ALT_MASK...) held, e.g. Ctrl+K."""
    from gi.repository import Atspi
    Atspi.generate_keyboard_event(modifiers, None, Atspi.KeySynthType.LOCKMODIFIERS)
    try:
        time.sleep(0.1)
        pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
        time.sleep(0.1)
    finally:
        Atspi.generate_keyboard_event(modifiers, None, Atspi.KeySynthType.UNLOCKMODIFIERS)


def board_columns(root):
    """Visible stage columns by name: panels whose name is a stage's."""
    columns = {}
    for node, _ in walk(root):
        if node.getRoleName() == "panel" and node.name in STAGES + HIDDEN_STAGES:
            columns[node.name] = node
    return columns


def cards_in(column):
    """A column's account cards: the named panels inside its list items."""
    return [node for node, in_item in walk(column)
            if in_item and node.getRoleName() == "panel" and node.name]


def wait_for_board(root, timeout=60):
    """Waits until every stage column shows cards; returns {stage: cards}."""
    found = {}

    def complete():
        found.clear()
        # A board being filled again (after a sync) drops nodes as they are
        # read: that is "not yet", not a failure.
        try:
            for name, column in board_columns(root).items():
                found[name] = cards_in(column)
        except GLib.GError:
            found.clear()
            return False
        return all(found.get(stage) for stage in STAGES)

    deadline = time.time() + timeout
    while time.time() < deadline:
        check_alive()
        if complete():
            return dict(found)
        time.sleep(1)
    for stage in STAGES:
        if stage not in found:
            fail("the board has no visible column named %r (found: %s)"
                 % (stage, ", ".join(sorted(found)) or "none"))
        if not found[stage]:
            fail("the %r column shows no account card" % stage)
    fail("the board did not appear")


# Scripts run with run-atspi.sh --no-app prepare what pomar must find, then
# start it. ------------------------------------------------------------------

def start_fixture_server(token, n_accounts):
    """Starts tests/sync's fixture server ($FIXTURE_SERVE), which serves a
    demo book of @n_accounts over the Pomar Sync API to @token alone, and
    returns its URL. It stops when the script ends."""
    serve = os.environ.get("FIXTURE_SERVE")
    if not serve:
        fail("FIXTURE_SERVE is not set")
    # It serves until its standard input closes.
    server = subprocess.Popen([serve, token, str(n_accounts)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def stop():
        server.stdin.close()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    atexit.register(stop)

    url = server.stdout.readline().decode().strip()
    if not url:
        fail("the fixture server did not start")
    return url


def add_connection(data_dir, name, url, token):
    """Adds a "pomar" connection with `pomarctl connection add` (its token
    goes to the keyring of run-atspi.sh --keyring)."""
    result = subprocess.run([os.environ["POMARCTL"], "--data-dir", data_dir, "connection", "add",
                             name, "--provider", "pomar", "--url", url, "--token-stdin"],
                            input=token + "\n", capture_output=True, text=True)
    if result.returncode != 0:
        fail("pomarctl connection add %s: %s" % (name, result.stderr.strip()))


def pomarctl(*args):
    """pomarctl's standard output (it must succeed)."""
    result = subprocess.run([os.environ["POMARCTL"], *args], capture_output=True, text=True)
    if result.returncode != 0:
        fail("pomarctl %s: %s" % (" ".join(args), result.stderr.strip()))
    return result.stdout


def start_pomar(*args):
    """Starts pomar with @args, its output in pomar.log (which run-atspi.sh
    shows when the script fails); it is stopped when the script ends."""
    global _pomar
    log = open("pomar.log", "ab")
    _pomar = subprocess.Popen([os.environ["POMAR"], *args], stdout=log, stderr=subprocess.STDOUT)
    os.environ["POMAR_PID"] = str(_pomar.pid)

    def stop():
        if _pomar.poll() is None:
            _pomar.terminate()
            try:
                _pomar.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _pomar.kill()
    atexit.register(stop)


def find_pressable(root, name):
    """A button named @name that takes a press. A GtkMenuButton shows as a
    button holding a toggle button of the same name: the inner one acts."""
    for node, _ in walk(root):
        if node.getRoleName() in ("push button", "toggle button") and button_text(node) == name:
            try:
                if node.queryAction().nActions > 0:
                    return node
            except NotImplementedError:
                continue
    return None


def description(node):
    try:
        return node.description or ""
    except Exception:
        return ""


def find_label_containing(root, *parts):
    """A label (outside the board's lists) whose text holds every one of
    @parts."""
    for node, in_item in walk(root):
        if not in_item and node.getRoleName() == "label" and all(p in node.name for p in parts):
            return node
    return None
