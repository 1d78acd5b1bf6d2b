#!/usr/bin/env bash
# install.sh: installs Debian's Redmine 5.0 (SQLite) for the Redmine
# connector's tests, as recipes.md says ("A real ticketing server"), as root.
#
# Idempotent: every step checks first and is skipped when already done, so a
# second run costs well under a second. Prints one line on success; on failure
# one line saying what went wrong (and where the full log is) on stderr.
#
#   bash tests/sync/redmine/install.sh         # as root, on Debian 12
#   POMAR_REDMINE_VERBOSE=1 ...                 # also time each step on stderr
#
# What it leaves: packages redmine + redmine-sqlite (instance "default"),
# /usr/share/redmine/Gemfile.local with webrick (rackup's server), Redmine's
# default data (trackers, statuses, priorities, roles, workflows; English),
# the REST API enabled and an API key for "admin". start.sh runs the server.
set -euo pipefail

export BUNDLER_VERSION=2.3.15   # Debian's packaged bundler; libruby3.1's newer
                                # one ignores Debian's packaged gems.
export DEBIAN_FRONTEND=noninteractive
REDMINE=/usr/share/redmine
INSTANCE=default
START=${EPOCHREALTIME//[.,]/}   # microseconds (bash 5)
LOG=

die() {
  echo "redmine install: $*" >&2
  if [ -n "$LOG" ] && [ -s "$LOG" ]; then
    echo "redmine install: last lines of $LOG:" >&2
    tail -n 15 "$LOG" | sed 's/^/    /' >&2
  fi
  exit 1
}
say() { [ -z "${POMAR_REDMINE_VERBOSE:-}" ] || printf 'redmine install: %6s s  %s\n' "$(elapsed)" "$*" >&2; }
elapsed() { local now=${EPOCHREALTIME//[.,]/}; printf '%d.%d' $(((now - START) / 1000000)) $(((now - START) / 100000 % 10)); }
newlog() { [ -n "$LOG" ] || LOG=$(mktemp /tmp/pomar-redmine-install.XXXXXX.log); }

[ "$(id -u)" = 0 ] || die "must run as root (it installs Debian packages and configures Redmine); try: sudo bash $0"
command -v apt-get >/dev/null && command -v dpkg-query >/dev/null \
  || die "needs a Debian system (apt-get, dpkg-query); this is Debian 12's Redmine 5.0"
# Debian's python3 (a pyenv shim on PATH costs ~0.3 s a call).
PY=/usr/bin/python3; [ -x "$PY" ] || PY=$(command -v python3) \
  || die "needs python3 (to read Redmine's SQLite database); apt-get install -y python3"

# The SQLite file of the instance, from the production section of its
# database.yml (dbconfig-common writes it; no YAML parser needed).
db_path() {
  local yml=/etc/redmine/$INSTANCE/database.yml db
  sed -n '/^production:/,/^[^ #]/p' "$yml" 2>/dev/null | grep -q '^  adapter: *sqlite3' || return 1
  db=$(sed -n '/^production:/,/^[^ #]/s/^  database: *//p' "$yml" | tr -d "\"'")
  [ -n "$db" ] && [ -f "$db" ] && echo "$db"
}
pkg_ok() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

# 1. The packages. Preseed dbconfig-common so the instance gets an SQLite
#    database without questions, then install with the packaged bundler.
if pkg_ok redmine && pkg_ok redmine-sqlite; then
  say "packages already installed"
else
  newlog
  printf '%s\n' \
    "redmine redmine/instances/$INSTANCE/dbconfig-install boolean true" \
    "redmine redmine/instances/$INSTANCE/database-type select sqlite3" \
    | debconf-set-selections || die "debconf-set-selections failed"
  install_pkgs() {
    apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=120 \
      redmine redmine-sqlite >>"$LOG" 2>&1
  }
  say "installing redmine, redmine-sqlite (apt-get; log $LOG)"
  if ! install_pkgs; then
    # A stale package list, or a half-configured redmine left by an earlier
    # attempt without BUNDLER_VERSION: refresh, finish configuring, retry.
    say "apt-get install failed; apt-get update, dpkg --configure, retry"
    apt-get update -o DPkg::Lock::Timeout=120 >>"$LOG" 2>&1 || true
    dpkg --configure --pending >>"$LOG" 2>&1 || true
    install_pkgs || die "apt-get install redmine redmine-sqlite failed (see the log; is the Debian archive reachable?)"
  fi
  pkg_ok redmine && pkg_ok redmine-sqlite \
    || die "redmine did not end up configured (dpkg status: $(dpkg-query -W -f='${Status}' redmine 2>&1))"
  say "packages installed"
fi

VERSION=$(dpkg-query -W -f='${Version}' redmine)
case "$VERSION" in 5.0.*) ;; *) die "expected Redmine 5.0.x, Debian has $VERSION installed" ;; esac

# 2. A web server for rackup: webrick, through Gemfile.local, resolved
#    against Debian's packaged gems only (--local). Gemfile.lock lives in
#    /var/lib/redmine and must stay writable by www-data (Redmine rewrites it).
LOCK=$(readlink -f "$REDMINE/Gemfile.lock" 2>/dev/null || echo "$REDMINE/Gemfile.lock")
if grep -qs '^gem "webrick"' "$REDMINE/Gemfile.local" \
   && grep -qs '^    webrick ' "$LOCK" \
   && [ "$(stat -c %U "$LOCK" 2>/dev/null)" = www-data ]; then
  say "Gemfile.local with webrick already resolved"
else
  newlog
  grep -qs '^gem "webrick"' "$REDMINE/Gemfile.local" \
    || echo 'gem "webrick"' >> "$REDMINE/Gemfile.local"
  say "bundle install --local (webrick)"
  (cd "$REDMINE" && bundle install --local --quiet) >>"$LOG" 2>&1 \
    || die "bundle install --local failed in $REDMINE (is ruby-webrick installed? BUNDLER_VERSION=$BUNDLER_VERSION)"
  chown www-data: "$LOCK" || die "cannot chown $LOCK to www-data"
fi

# 3. SQLite's busy timeout: without one, a request that meets another one's
#    write (two servers share this database when tests run in parallel)
#    fails at once with "database is locked" (HTTP 500). It does not save two
#    concurrent writers (seed.py takes a lock for that). dbconfig-common
#    writes database.yml without it (and rewrites it on upgrades).
YML=/etc/redmine/$INSTANCE/database.yml
if [ -f "$YML" ] && ! grep -qs '^  timeout:' "$YML"; then
  sed -i '/^production:/,/^[^ #]/{/^  adapter: sqlite3/a\  timeout: 10000
}' "$YML" || die "cannot add a busy timeout to $YML"
  grep -qs '^  timeout:' "$YML" || die "could not add 'timeout: 10000' to the production section of $YML"
  say "SQLite busy timeout set in $YML"
fi

# 4. The database: default data, REST API on, an API key for admin. Checked
#    straight in SQLite (fast); Rails is started only when something is missing.
DB=$(db_path) \
  || die "cannot find the SQLite database of Redmine instance '$INSTANCE' (/etc/redmine/$INSTANCE/database.yml)"
check_db() {
  "$PY" - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
one = lambda q: db.execute(q).fetchone()[0]
missing = []
if one("select count(*) from trackers") == 0: missing.append("trackers")
if one("select count(*) from issue_statuses where is_closed = 1") == 0: missing.append("closed statuses")
if one("select count(*) from enumerations where type = 'IssuePriority'") == 0: missing.append("priorities")
if one("select count(*) from settings where name = 'rest_api_enabled' and value = '1'") == 0: missing.append("REST API")
if one("select count(*) from tokens t join users u on u.id = t.user_id "
       "where u.login = 'admin' and t.action = 'api'") == 0: missing.append("admin API key")
print(", ".join(missing))
print(", ".join(r[0] for r in db.execute("select name from trackers order by position")))
PY
}
STATE=$(check_db) || die "cannot read Redmine's database $DB"
MISSING=$(sed -n 1p <<<"$STATE")
if [ -z "$MISSING" ]; then
  say "database already configured"
else
  newlog
  say "configuring the database (missing: $MISSING)"
  # As www-data: Rails writes its log and cache files on the way.
  su www-data -s /bin/sh -c "cd $REDMINE && REDMINE_INSTANCE=$INSTANCE RAILS_ENV=production \
    BUNDLER_VERSION=$BUNDLER_VERSION bundle exec rails runner '
      if Tracker.count == 0 || IssueStatus.count == 0 || IssuePriority.count == 0
        Redmine::DefaultData::Loader.load(\"en\")
      end
      Setting.rest_api_enabled = \"1\"
      admin = User.find_by_login(\"admin\") or raise \"no admin user\"
      admin.api_key
    '" >>"$LOG" 2>&1 || die "rails runner failed to load the default data / enable the REST API"
  STATE=$(check_db) || die "cannot read Redmine's database $DB"
  MISSING=$(sed -n 1p <<<"$STATE")
  [ -z "$MISSING" ] || die "still missing after configuring: $MISSING"
fi

TRACKERS=$(sed -n 2p <<<"$STATE")
[ -z "$LOG" ] || rm -f "$LOG"
printf 'redmine: %s ready (SQLite %s; REST API on; trackers %s) in %s s\n' \
  "$VERSION" "$DB" "$TRACKERS" "$(elapsed)"
