#!/usr/bin/env python3
"""dbpath.py [INSTANCE]: prints the SQLite database file of a Debian Redmine
instance, read from /etc/redmine/INSTANCE/database.yml (production section).
Exits 1 with a message when there is none. Stdlib only (no YAML parser)."""
import os
import sys

instance = sys.argv[1] if len(sys.argv) > 1 else "default"
conf = "/etc/redmine/%s/database.yml" % instance
try:
    lines = open(conf, encoding="utf-8").read().splitlines()
except OSError as e:
    sys.exit("redmine: cannot read %s: %s" % (conf, e.strerror))

section, found = None, {}
for line in lines:
    if not line.strip() or line.lstrip().startswith("#"):
        continue
    if not line[0].isspace():
        section = line.split(":", 1)[0].strip()
    elif section == "production" and ":" in line:
        key, value = line.split(":", 1)
        found[key.strip()] = value.strip().strip("'\"")

if found.get("adapter") != "sqlite3" or not found.get("database"):
    sys.exit("redmine: %s has no sqlite3 production database (adapter %r)"
             % (conf, found.get("adapter")))
path = found["database"]
if not os.path.isabs(path):
    path = os.path.join("/usr/share/redmine", path)
if not os.path.exists(path):
    sys.exit("redmine: the database %s does not exist" % path)
print(path)
