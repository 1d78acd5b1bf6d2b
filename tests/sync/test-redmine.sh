#!/bin/sh
# test-redmine.sh TEST: starts the Redmine that redmine/install.sh installed
# (on loopback, a port of its own), fills it through its API with this
# run's projects and issues (redmine/seed.py), runs TEST (test-sync-redmine)
# against it with REDMINE_URL, REDMINE_KEY and REDMINE_TRUTH, and stops it.
# Exits 77 (skipped) when Redmine is not installed: the README's test
# command installs it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
test_program=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/pomar-redmine-XXXXXX")
cleanup() {
  bash "$here/redmine/stop.sh" "$dir" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

status=0
bash "$here/redmine/start.sh" "$dir" || status=$?
[ "$status" -eq 0 ] || exit "$status"

url=$(cat "$dir/url")
key=$(cat "$dir/key")
prefix=$(cat "$dir/prefix")
python3 "$here/redmine/seed.py" "$url" "$key" "$prefix" > "$dir/truth.json"

REDMINE_URL=$url REDMINE_KEY=$key REDMINE_TRUTH=$dir/truth.json "$test_program"
