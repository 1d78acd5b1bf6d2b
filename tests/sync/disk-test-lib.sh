# disk-test-lib.sh: what test-cli-full-disk.sh and test-cli-read-only.sh
# share, sourced by them. Both put a cache on a small tmpfs of their own,
# fill it from the fixture server, then make the disk full or read-only
# under pomarctl and check that it says so in words and loses nothing.
#
# A mount must never outlive its test, even one that fails or is killed:
# the script runs again in a mount namespace of its own, where the tmpfs
# goes away with the last process. Root can make one directly, anyone
# else through a user namespace (unshare -rm, as root there); without
# either the test is skipped (77). Sourced scripts call disk_test_start
# "$@" first thing.

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

disk_test_start () {
  [ -n "${POMARCTL:-}" ] || fail "POMARCTL is not set"
  [ -n "${FIXTURE_SERVE:-}" ] || fail "FIXTURE_SERVE is not set"

  if [ -z "${POMAR_DISK_TEST_NS:-}" ]; then
    export POMAR_DISK_TEST_NS=1
    if [ "$(id -u)" -eq 0 ] && unshare -m --propagation private true 2>/dev/null; then
      exec unshare -m --propagation private sh "$0" "$@"
    fi
    if unshare -rm true 2>/dev/null; then
      exec unshare -rm sh "$0" "$@"
    fi
    # Root without namespaces still mounts; the trap unmounts.
    [ "$(id -u)" -eq 0 ] || { echo "SKIP: no way to mount a tmpfs here (not root, no user namespaces)"; exit 77; }
  fi

  work=$(mktemp -d)
  disk="$work/disk"
  dir="$disk/cache"
  token="disk-test-token-7c2e"
  mkdir "$disk"
  trap disk_test_cleanup EXIT
  trap 'exit 1' HUP INT TERM

  mount -t tmpfs -o size=8m,mode=0700 tmpfs "$disk" 2>"$work/err" \
    || { echo "SKIP: cannot mount a tmpfs here: $(cat "$work/err")"; exit 77; }
  mounted=1

  # The server lives while our end of its stdin (fd 3) is open.
  mkfifo "$work/in"
  "$FIXTURE_SERVE" "$token" 8 <"$work/in" >"$work/url" &
  exec 3>"$work/in"
  for i in $(seq 50); do
    [ -s "$work/url" ] && break
    sleep 0.1
  done
  url=$(head -n 1 "$work/url")
  [ -n "$url" ] || fail "the fixture server did not start"
}

disk_test_cleanup () {
  exec 3>&- 2>/dev/null
  wait 2>/dev/null
  # The mount first: rm -rf must not walk into it, full or read-only.
  if [ -n "${mounted:-}" ]; then
    umount "$disk" 2>/dev/null || umount -l "$disk" 2>/dev/null
  fi
  rm -rf "$work"
}

pomarctl () {
  "$POMARCTL" "$@"
}

# A user namespace may only change the flags of the mount point, not of
# the tmpfs itself; either turns writes into EROFS.
remount () {
  mount -o "remount,$1" "$disk" 2>/dev/null || mount -o "remount,bind,$1" "$disk" \
    || fail "could not remount the tmpfs $1"
}

# What must survive: every collection, and the outbox without the count
# of tries and the last error, which a failed push may update.
snapshot () {
  for collection in accounts contacts tickets usage responses activities; do
    pomarctl --data-dir "$dir" export "$collection" --format csv >"$work/$1-$collection" 2>"$work/err" \
      || fail "export $collection ($1): $(cat "$work/err")"
  done
  pomarctl --data-dir "$dir" outbox --json >"$work/$1-outbox-raw" 2>"$work/err" \
    || fail "outbox --json ($1): $(cat "$work/err")"
  grep -v -e '"attempts"' -e '"last_error"' "$work/$1-outbox-raw" >"$work/$1-outbox"
}

same_snapshot () {
  for part in accounts contacts tickets usage responses activities outbox; do
    cmp -s "$work/$1-$part" "$work/$2-$part" \
      || fail "$part changed between $1 and $2: $(diff "$work/$1-$part" "$work/$2-$part" | head -n 20)"
  done
}

# SQLite's own check of every page and index, through Python's sqlite3
# (PYTHON3, from meson, which needs one; the sqlite3 tool may be missing).
integrity_ok () {
  result=$("${PYTHON3:-python3}" -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$dir/pomar.db" 2>&1)
  [ "$result" = "ok" ] || fail "integrity check ($1): $result"
}

# expect_refusal WHAT PATTERN COMMAND...: COMMAND fails with status 1 (not
# a crash: 134 is an abort, 139 a segfault), says PATTERN on standard
# error as "pomarctl: ...", and says nothing GLib or SQLite would say on
# its own.
expect_refusal () {
  what=$1
  pattern=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  status=$?
  [ "$status" -eq 1 ] || fail "$what: exit status $status, 1 expected: $(cat "$work/err")"
  grep -q "^pomarctl: .*$pattern" "$work/err" || fail "$what: no clear reason: $(cat "$work/err")"
  if grep -Eqi "critical|warning|assert|bail out|sqlite3_|segmentation" "$work/err"; then
    fail "$what: more than a reason on standard error: $(cat "$work/err")"
  fi
}

# stage_other_than ACCOUNT [STAGE]: a stage ACCOUNT is not in, nor STAGE,
# so that a move to it can only fail for the reason a test is after.
stage_other_than () {
  current=$(pomarctl --data-dir "$dir" export accounts --format json | "${PYTHON3:-python3}" -c 'import json, sys
print(next(a["stage"] or "" for a in json.load(sys.stdin) if a["id"] == sys.argv[1]))' "$1") \
    || fail "no stage for $1"
  for stage in inspire nurture engagement onboarding; do
    if [ "$stage" != "$current" ] && [ "$stage" != "${2:-}" ]; then
      echo "$stage"
      return
    fi
  done
}
