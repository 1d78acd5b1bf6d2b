#!/bin/sh
# test-cli-full-disk.sh: a cache on a disk with no room left. pomarctl must
# refuse local changes and syncs in a sentence that says so (status 1, no
# GLib warning, no crash), keep everything it had, half a change included,
# and take the same changes once there is room again.
#
# The disk fills two ways, because SQLite needs room at two moments:
# - with nothing left at all, SQLite cannot even make the -shm file that a
#   WAL cache needs to be opened, so reads fail too ("at open");
# - with room for the -shm file but not for the -wal frames of a change,
#   the cache opens and reads, and the change fails as it commits ("in the
#   write"); reading there shows that nothing of it was kept.
#
# Runs inside with-keyring.sh (the connection's token), with POMARCTL and
# FIXTURE_SERVE set; see disk-test-lib.sh for the mount.
set -u

. "$(dirname "$0")/disk-test-lib.sh"
disk_test_start "$@"

full="no room left on the disk"

# fill KB: fills the tmpfs, leaving KB kilobytes free.
fill () {
  rm -f "$disk/filler"
  dd if=/dev/zero of="$disk/filler" bs=64k 2>/dev/null
  [ "$(df -k "$disk" | awk 'NR == 2 { print $4 }')" -eq 0 ] || fail "the tmpfs did not fill"
  if [ "$1" -gt 0 ]; then
    truncate -s "-$(($1 * 1024))" "$disk/filler" || fail "could not make room"
  fi
}

printf '%s\n' "$token" | pomarctl --data-dir "$dir" connection add fx --provider pomar --url "$url" --token-stdin \
  >/dev/null 2>"$work/err" || fail "connection add: $(cat "$work/err")"
pomarctl --data-dir "$dir" sync fx >/dev/null 2>"$work/err" || fail "sync: $(cat "$work/err")"

# Two changes waiting to be sent when the disk fills.
account=$(pomarctl --data-dir "$dir" export accounts --format csv | sed -n 2p | cut -d, -f1)
[ -n "$account" ] || fail "no account"
first_stage=$(stage_other_than "$account")
[ -n "$first_stage" ] || fail "no stage to move $account to"
pomarctl --data-dir "$dir" account set-stage "$account" "$first_stage" >/dev/null 2>"$work/err" \
  || fail "set-stage: $(cat "$work/err")"
pomarctl --data-dir "$dir" note add "$account" "Written before the disk filled" >/dev/null 2>"$work/err" \
  || fail "note add: $(cat "$work/err")"
snapshot before
[ "$(grep -c '"state" : "pending"' "$work/before-outbox")" -eq 2 ] || fail "two pending changes expected"
second_stage=$(stage_other_than "$account" "$first_stage")

# At open: no room even for the -shm file. (A clean close removed it.)
[ ! -e "$dir/pomar.db-shm" ] && [ ! -e "$dir/pomar.db-wal" ] || fail "a -shm or -wal file is left: $(ls "$dir")"
fill 0
expect_refusal "outbox on a full disk" "$full" pomarctl --data-dir "$dir" outbox
expect_refusal "note add on a full disk" "$full" pomarctl --data-dir "$dir" note add "$account" "Written on a full disk"
expect_refusal "set-stage on a full disk" "$full" pomarctl --data-dir "$dir" account set-stage "$account" "$second_stage"
expect_refusal "sync on a full disk" "$full" pomarctl --data-dir "$dir" sync fx
rm -f "$disk/filler"
integrity_ok "after a full disk at open"
snapshot open
same_snapshot before open

# Someone else adds a note on the server, so that a sync has something to
# store.
printf '%s\n' "$token" | pomarctl --data-dir "$work/other" connection add fx --provider pomar --url "$url" --token-stdin \
  >/dev/null 2>"$work/err" || fail "connection add (other): $(cat "$work/err")"
pomarctl --data-dir "$work/other" sync fx >/dev/null 2>"$work/err" || fail "sync (other): $(cat "$work/err")"
pomarctl --data-dir "$work/other" note add "$account" "Written elsewhere meanwhile" >/dev/null 2>"$work/err" \
  || fail "note add (other): $(cat "$work/err")"
pomarctl --data-dir "$work/other" push fx >/dev/null 2>"$work/err" || fail "push (other): $(cat "$work/err")"

# In the write: room for the -shm file (32 KB) and a page or two, not for a
# change's -wal frames. Reading works, which shows the open went through.
[ ! -e "$dir/pomar.db-shm" ] || fail "a -shm file is left: $(ls "$dir")"
fill 40
pomarctl --data-dir "$dir" outbox >"$work/out" 2>"$work/err" \
  || fail "outbox with 40 KB free: $(cat "$work/err")"
expect_refusal "note add with 40 KB free" "$full" pomarctl --data-dir "$dir" note add "$account" "Written on a full disk"
expect_refusal "set-stage with 40 KB free" "$full" pomarctl --data-dir "$dir" account set-stage "$account" "$second_stage"
expect_refusal "sync with 40 KB free" "$full" pomarctl --data-dir "$dir" sync fx
snapshot write
same_snapshot before write
rm -f "$disk/filler"
integrity_ok "after a full disk in the write"
snapshot freed
same_snapshot before freed

# Room again: the same changes go in, and everything reaches the server
# once (the fixture may have done the first two already, for a push that
# could not store their answers: it answers their keys again).
pomarctl --data-dir "$dir" note add "$account" "Written on a full disk" >/dev/null 2>"$work/err" \
  || fail "note add after freeing space: $(cat "$work/err")"
pomarctl --data-dir "$dir" account set-stage "$account" "$second_stage" >/dev/null 2>"$work/err" \
  || fail "set-stage after freeing space: $(cat "$work/err")"
pomarctl --data-dir "$dir" sync fx >"$work/out" 2>"$work/err" || fail "sync after freeing space: $(cat "$work/err")"
grep -q "^fx: sent 4 changes" "$work/out" || fail "not all four changes were sent: $(cat "$work/out")"
pomarctl --data-dir "$dir" outbox >"$work/out" || fail "outbox failed"
grep -q "Nothing is waiting" "$work/out" || fail "the outbox is not empty: $(cat "$work/out")"
pomarctl --data-dir "$dir" export activities --format csv >"$work/out" || fail "export activities failed"
for note in "Written before the disk filled" "Written on a full disk" "Written elsewhere meanwhile"; do
  [ "$(grep -c "$note" "$work/out")" -eq 1 ] || fail "“$note” is not in the cache once: $(grep "$note" "$work/out")"
done
integrity_ok "at the end"

echo "ok"
