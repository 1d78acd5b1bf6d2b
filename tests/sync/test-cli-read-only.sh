#!/bin/sh
# test-cli-read-only.sh: a cache on a disk mounted read-only. What pomarctl
# shows keeps working (the person's data stays in reach); every change and
# every sync is refused in a sentence that says why (status 1, no GLib
# warning, no crash); nothing stored is lost, and once the disk is
# writable again the waiting changes go to the server once.
#
# Runs inside with-keyring.sh (the connection's token), with POMARCTL and
# FIXTURE_SERVE set; see disk-test-lib.sh for the mount.
set -u

. "$(dirname "$0")/disk-test-lib.sh"
disk_test_start "$@"

read_only="mounted read-only"

printf '%s\n' "$token" | pomarctl --data-dir "$dir" connection add fx --provider pomar --url "$url" --token-stdin \
  >/dev/null 2>"$work/err" || fail "connection add: $(cat "$work/err")"
pomarctl --data-dir "$dir" sync fx >/dev/null 2>"$work/err" || fail "sync: $(cat "$work/err")"

# Two changes waiting to be sent when the disk turns read-only.
account=$(pomarctl --data-dir "$dir" export accounts --format csv | sed -n 2p | cut -d, -f1)
[ -n "$account" ] || fail "no account"
first_stage=$(stage_other_than "$account")
[ -n "$first_stage" ] || fail "no stage to move $account to"
pomarctl --data-dir "$dir" account set-stage "$account" "$first_stage" >/dev/null 2>"$work/err" \
  || fail "set-stage: $(cat "$work/err")"
pomarctl --data-dir "$dir" note add "$account" "Written before the disk turned read-only" >/dev/null 2>"$work/err" \
  || fail "note add: $(cat "$work/err")"
second_stage=$(stage_other_than "$account" "$first_stage")
snapshot before
[ "$(grep -c '"state" : "pending"' "$work/before-outbox")" -eq 2 ] || fail "two pending changes expected"
for command in status portfolio "health $account" "playbooks $account" conflicts "connection list"; do
  # shellcheck disable=SC2086 # the command's words
  pomarctl --data-dir "$dir" $command >"$work/before-$command" 2>"$work/err" || fail "$command: $(cat "$work/err")"
done

remount ro
if touch "$disk/probe" 2>/dev/null; then
  fail "the tmpfs is still writable"
fi

# Reading: the same answers as before.
snapshot read-only
same_snapshot before read-only
for command in status portfolio "health $account" "playbooks $account" conflicts "connection list"; do
  # shellcheck disable=SC2086
  pomarctl --data-dir "$dir" $command >"$work/out" 2>"$work/err" || fail "$command on a read-only disk: $(cat "$work/err")"
  [ ! -s "$work/err" ] || fail "$command on a read-only disk said: $(cat "$work/err")"
  cmp -s "$work/before-$command" "$work/out" \
    || fail "$command reads otherwise: $(diff "$work/before-$command" "$work/out" | head -n 20)"
done

# Writing: refused, with the reason.
expect_refusal "note add" "$read_only" pomarctl --data-dir "$dir" note add "$account" "Written on a read-only disk"
expect_refusal "set-stage" "$read_only" pomarctl --data-dir "$dir" account set-stage "$account" "$second_stage"
expect_refusal "override" "$read_only" pomarctl --data-dir "$dir" override "$account" 80 --reason "Call went well"
expect_refusal "push" "$read_only" pomarctl --data-dir "$dir" push fx
expect_refusal "sync" "$read_only" pomarctl --data-dir "$dir" sync fx
expect_refusal "demo --force" "$read_only" pomarctl --data-dir "$dir" demo --force --accounts 3
snapshot refused
same_snapshot before refused
[ -z "$(ls "$dir" | grep -v '^pomar\.db$')" ] || fail "files beside the cache: $(ls "$dir")"

remount rw
integrity_ok "after the disk was read-only"
snapshot writable
same_snapshot before writable

# Writable again: the same changes go in, and the four reach the server
# once each (the push above sent nothing: an answer it could not store
# would have left the change to be sent again).
pomarctl --data-dir "$dir" note add "$account" "Written on a read-only disk" >/dev/null 2>"$work/err" \
  || fail "note add on a writable disk: $(cat "$work/err")"
pomarctl --data-dir "$dir" account set-stage "$account" "$second_stage" >/dev/null 2>"$work/err" \
  || fail "set-stage on a writable disk: $(cat "$work/err")"
pomarctl --data-dir "$dir" sync fx >"$work/out" 2>"$work/err" || fail "sync on a writable disk: $(cat "$work/err")"
grep -q "^fx: sent 4 changes" "$work/out" || fail "not all four changes were sent: $(cat "$work/out")"
pomarctl --data-dir "$dir" outbox >"$work/out" || fail "outbox failed"
grep -q "Nothing is waiting" "$work/out" || fail "the outbox is not empty: $(cat "$work/out")"
pomarctl --data-dir "$dir" export activities --format csv >"$work/out" || fail "export activities failed"
for note in "Written before the disk turned read-only" "Written on a read-only disk"; do
  [ "$(grep -c "$note" "$work/out")" -eq 1 ] || fail "“$note” is not in the cache once: $(grep "$note" "$work/out")"
done
integrity_ok "at the end"

echo "ok"
