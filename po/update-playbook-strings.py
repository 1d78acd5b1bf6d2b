#!/usr/bin/env python3
# update-playbook-strings.py: the texts of the built-in playbooks, for xgettext.
#
# The built-in playbook templates are JSON (resources/playbooks/), which
# xgettext cannot read. This script writes src/core/pomar-playbook-strings.c,
# a C file that holds each name, title and description with N_() so that
# they reach po/pomar.pot through po/POTFILES.in; pomar-playbook.c translates
# them when it loads the templates. Run it after changing a built-in
# template; "--check" (the test "playbook-strings") fails when the file is
# out of date.

import argparse
import json
import pathlib
import sys
import xml.etree.ElementTree as ElementTree

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESOURCES = ROOT / 'resources'
GRESOURCE = RESOURCES / 'pomar-core.gresource.xml'
OUTPUT = ROOT / 'src' / 'core' / 'pomar-playbook-strings.c'

HEADER = '''\
/* pomar-playbook-strings.c: the texts of the built-in playbooks, for xgettext.
 *
 * Written by po/update-playbook-strings.py from resources/playbooks/: do not
 * edit, run the script. xgettext cannot read JSON, so this file hands it
 * every name, title and description of the built-in templates, in the order
 * of resources/pomar-core.gresource.xml; pomar-playbook.c translates them
 * when it loads the templates. It is listed in po/POTFILES.in and is not
 * compiled; the test "playbook-strings" fails when it is out of date.
 */
#include <glib/gi18n-lib.h>

static const char * const playbook_strings[] = {
'''

FOOTER = '''\
};
'''


def c_string(text):
    out = []
    for ch in text:
        if ch == '\\':
            out.append('\\\\')
        elif ch == '"':
            out.append('\\"')
        elif ch == '\n':
            out.append('\\n')
        elif ch == '\t':
            out.append('\\t')
        elif ord(ch) < 0x20 or ord(ch) == 0x7f:
            out.append('\\%03o' % ord(ch))
        else:
            out.append(ch)
    return '"' + ''.join(out) + '"'


def comment(text):
    # Nothing in a template may close the comment early.
    return text.replace('*/', '* /')


def playbook_files():
    tree = ElementTree.parse(GRESOURCE)
    for element in tree.getroot().iter('file'):
        if element.text.startswith('playbooks/') and element.text.endswith('.json'):
            yield RESOURCES / element.text


def entry(lines, translator_comment, text):
    if isinstance(text, str) and text != '':
        lines.append('  /* Translators: %s */\n' % comment(translator_comment))
        lines.append('  N_(%s),\n' % c_string(text))


def generate():
    lines = [HEADER]
    for path in playbook_files():
        with open(path, encoding='utf-8') as f:
            template = json.load(f)
        name = template.get('name')
        where = '%s (%s)' % (path.name, template.get('id'))
        entry(lines, 'the name of a built-in playbook, %s' % where, name)
        entry(lines, 'what the playbook “%s” is for' % name, template.get('description'))
        for task in template.get('tasks', []):
            title = task.get('title')
            entry(lines, 'a task of the playbook “%s”' % name, title)
            entry(lines, 'what the task “%s” asks for' % title, task.get('description'))
    lines.append(FOOTER)
    return ''.join(lines)


def main():
    parser = argparse.ArgumentParser(
        description='Write src/core/pomar-playbook-strings.c from the built-in playbooks.')
    parser.add_argument('--check', action='store_true',
                        help='fail when the file is out of date instead of writing it')
    args = parser.parse_args()

    text = generate()
    if args.check:
        current = OUTPUT.read_text(encoding='utf-8') if OUTPUT.exists() else None
        if current != text:
            print('%s is out of date with resources/playbooks/: run %s'
                  % (OUTPUT.relative_to(ROOT), pathlib.Path(__file__).relative_to(ROOT)),
                  file=sys.stderr)
            return 1
        return 0

    OUTPUT.write_text(text, encoding='utf-8')
    return 0


if __name__ == '__main__':
    sys.exit(main())
