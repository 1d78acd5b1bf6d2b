#!/usr/bin/env bash
# start.sh DIR: starts the Redmine that install.sh installed, on 127.0.0.1
# on a free port, as www-data, in the background, and waits until it answers
# (GET /users/current.json with the admin's API key, up to ~60 s). Writes:
#   DIR/url     http://127.0.0.1:PORT (no trailing slash)
#   DIR/key     the admin's API key (the REST API is enabled)
#   DIR/pid     the server's process id (stop.sh DIR ends it)
#   DIR/prefix  a project identifier prefix unique to this run, for seed.py:
#               the database is shared by every run, so each run makes its
#               own projects and looks only at those
#   DIR/redmine.log  the server's output
# and prints one line. Exits 77 (meson's "skipped") when Redmine is not
# installed or not configured, or when not run as root (or www-data); 1 when
# it is installed but does not start. The server stays in the caller's
# process group, so meson's kill on a timeout ends it too; callers should
# still run stop.sh DIR (e.g. in a trap).
set -euo pipefail

die() { echo "redmine start: $*" >&2; exit 1; }
skip() { echo "redmine start: SKIP: $*" >&2; exit 77; }

[ $# -eq 1 ] || { echo "usage: start.sh DIR" >&2; exit 2; }
DIR=$1
REDMINE=/usr/share/redmine
INSTANCE=default
PY=/usr/bin/python3; [ -x "$PY" ] || PY=$(command -v python3) || skip "python3 is not installed"
HOW="install it with: bash tests/sync/redmine/install.sh (as root)"

[ "$(dpkg-query -W -f='${Status}' redmine 2>/dev/null)" = "install ok installed" ] \
  && [ -f "$REDMINE/config.ru" ] || skip "Redmine is not installed; $HOW"
grep -qs '^gem "webrick"' "$REDMINE/Gemfile.local" || skip "Redmine has no webrick in Gemfile.local; $HOW"
case $(id -u) in
  0) AS_WWW=(setpriv --reuid=www-data --regid=www-data --init-groups) ;;
  33) AS_WWW=() ;;
  *) skip "starting Redmine needs root (it runs as www-data, which owns its database)" ;;
esac

# The SQLite file of the instance, from the production section of its
# database.yml (dbconfig-common writes it; no YAML parser needed).
db_path() {
  local yml=/etc/redmine/$INSTANCE/database.yml db
  sed -n '/^production:/,/^[^ #]/p' "$yml" 2>/dev/null | grep -q '^  adapter: *sqlite3' || return 1
  db=$(sed -n '/^production:/,/^[^ #]/s/^  database: *//p' "$yml" | tr -d "\"'")
  [ -n "$db" ] && [ -f "$db" ] && echo "$db"
}
DB=$(db_path) || skip "Redmine has no SQLite database (/etc/redmine/$INSTANCE/database.yml); $HOW"
# The admin's API key, straight from the database (Rails takes ~5 s to boot).
KEY=$("$PY" - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
rest = db.execute("select value from settings where name = 'rest_api_enabled'").fetchone()
key = db.execute("select t.value from tokens t join users u on u.id = t.user_id "
                 "where u.login = 'admin' and u.status = 1 and t.action = 'api' "
                 "order by t.id desc limit 1").fetchone()
if not rest or rest[0] != "1" or not key:
    sys.exit(1)
print(key[0])
PY
) || skip "Redmine's REST API is off or admin has no API key; $HOW"

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
LOG=$DIR/redmine.log
rm -f "$DIR/url" "$DIR/key" "$DIR/pid" "$DIR/prefix"

free_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits for the server: 0 ready, 1 died (or never answered), 2 port taken.
wait_ready() {
  "$PY" - "$1" "$2" "$KEY" "$LOG" <<'PY'
import os, sys, time, urllib.request, urllib.error
pid, url, key, log = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
deadline = time.monotonic() + 60
last = "no answer"
def alive():
    # Not yet reaped by start.sh, a dead server is a zombie: kill(pid, 0)
    # would still succeed.
    try:
        stat = open("/proc/%d/stat" % pid).read()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] not in "ZX"
while time.monotonic() < deadline:
    if not alive():
        text = open(log, errors="replace").read()
        sys.exit(2 if "Address already in use" in text else 1)
    # Bound by this server, not answered by another one on the same port:
    # WEBrick logs "WEBrick::HTTPServer#start: pid=PID port=PORT" once bound.
    if "#start: pid=%d port=%s" % (pid, url.rsplit(":", 1)[1]) not in open(log, errors="replace").read():
        time.sleep(0.25)
        continue
    req = urllib.request.Request(url + "/users/current.json", headers={"X-Redmine-API-Key": key})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            if r.status == 200:
                sys.exit(0)
    except urllib.error.HTTPError as e:
        last = "HTTP %d" % e.code
        if e.code in (401, 403):      # up, but the key or the REST API is wrong
            print("redmine start: the server answers %s to the admin's key" % last, file=sys.stderr)
            sys.exit(1)
    except (urllib.error.URLError, OSError) as e:
        last = str(e)
    time.sleep(0.25)
print("redmine start: no answer within 60 s (last: %s)" % last, file=sys.stderr)
sys.exit(1)
PY
}

T0=${EPOCHREALTIME//[.,]/}
cd "$REDMINE"
for _ in 1 2 3; do
  PORT=$(free_port) || die "cannot find a free port on 127.0.0.1"
  URL=http://127.0.0.1:$PORT
  # In the caller's process group (no setsid): a test killed on timeout takes
  # the server with it. All three standard streams off the caller's pipes, or
  # meson would wait for the server to close them.
  env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$DIR" LANG=C.UTF-8 TZ=UTC \
    BUNDLER_VERSION=2.3.15 REDMINE_INSTANCE=$INSTANCE RAILS_ENV=production \
    "${AS_WWW[@]}" bundle exec rackup -s webrick -o 127.0.0.1 -p "$PORT" -E production config.ru \
    </dev/null >"$LOG" 2>&1 &
  PID=$!
  echo "$PID" > "$DIR/pid"
  rc=0; wait_ready "$PID" "$URL" || rc=$?
  [ "$rc" -eq 2 ] && { wait "$PID" 2>/dev/null || true; continue; }   # port taken meanwhile: another
  break
done
if [ "$rc" -ne 0 ]; then
  kill "$PID" 2>/dev/null || true
  echo "redmine start: Redmine did not start on $URL; last lines of $LOG:" >&2
  tail -n 15 "$LOG" | sed 's/^/    /' >&2
  rm -f "$DIR/pid"
  exit 1
fi

echo "$URL" > "$DIR/url"
echo "$KEY" > "$DIR/key"
# Project identifiers: lower case letters, digits and dashes, starting with a
# letter; unique per run (time and pid), short enough for a host name.
printf 'p%s%s\n' "$(date -u +%y%m%d%H%M%S)" "$$" > "$DIR/prefix"
T1=${EPOCHREALTIME//[.,]/}
printf 'redmine: %s (pid %s) ready in %d.%d s\n' "$URL" "$PID" $(((T1 - T0) / 1000000)) $(((T1 - T0) / 100000 % 10))
