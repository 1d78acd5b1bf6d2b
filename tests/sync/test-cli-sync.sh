#!/bin/sh
# test-cli-sync.sh: `pomarctl sync` end to end. Runs inside with-keyring.sh;
# POMARCTL is the built pomarctl, FIXTURE_SERVE the fixture server as a
# process (tests/sync/fixture-serve.c) speaking the Pomar Sync API.
set -u

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

[ -n "${POMARCTL:-}" ] || fail "POMARCTL is not set"
[ -n "${FIXTURE_SERVE:-}" ] || fail "FIXTURE_SERVE is not set"

work=$(mktemp -d)
cleanup () {
  exec 3>&- 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

dir="$work/cache"
token="cli-sync-token-5e1a"

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

printf '%s\n' "$token" | "$POMARCTL" --data-dir "$dir" connection add fx --provider pomar --url "$url" --token-stdin \
  >/dev/null 2>"$work/err" || fail "connection add: $(cat "$work/err")"
printf '%s\n' "wrong-token" | "$POMARCTL" --data-dir "$dir" connection add bad --provider pomar --url "$url" --token-stdin \
  >/dev/null 2>"$work/err" || fail "connection add bad: $(cat "$work/err")"

# One connection: done, with a summary.
"$POMARCTL" --data-dir "$dir" sync fx >"$work/out" 2>"$work/err" || fail "sync fx failed: $(cat "$work/err")"
grep -q "^fx: [0-9]* records" "$work/out" || fail "no summary: $(cat "$work/out")"
accounts=$("$POMARCTL" --data-dir "$dir" export accounts --format csv | tail -n +2 | wc -l)
[ "$accounts" -eq 8 ] || fail "8 accounts expected, $accounts in the cache"

# All of them: the refused token fails (exit 1, its name and why), the
# other still syncs.
"$POMARCTL" --data-dir "$dir" sync >"$work/out" 2>"$work/err"
status=$?
[ "$status" -eq 1 ] || fail "sync with a refused token exited with $status"
grep -q "^pomarctl: bad: .*token" "$work/err" || fail "no reason for bad: $(cat "$work/err")"
grep -q "^fx: 0 records" "$work/out" || fail "fx did not sync again: $(cat "$work/out")"
if grep -rqF -- "$token" "$work/out" "$work/err" "$dir"; then
  fail "the token leaked"
fi

# status says why: the refused token, against the collection it stopped at.
"$POMARCTL" --data-dir "$dir" status >"$work/out" 2>"$work/err" || fail "status: $(cat "$work/err")"
grep -q "bad  *accounts  *never  *.*token" "$work/out" || fail "status does not say why bad failed: $(cat "$work/out")"
"$POMARCTL" --data-dir "$dir" status --json >"$work/out" || fail "status --json failed"
grep -q '"last_error" : "The token' "$work/out" || fail "status --json has no last_error: $(cat "$work/out")"

# Local changes: queued, listed, sent once by push or by sync (which pushes
# before it pulls), and then gone from the outbox.
account=$("$POMARCTL" --data-dir "$dir" export accounts --format csv | sed -n 2p | cut -d, -f1)
[ -n "$account" ] || fail "no account to change"
# (An account in the stage already refuses the move.)
"$POMARCTL" --data-dir "$dir" account set-stage "$account" inspire >/dev/null 2>"$work/err" \
  || "$POMARCTL" --data-dir "$dir" account set-stage "$account" nurture >/dev/null 2>"$work/err" \
  || fail "account set-stage: $(cat "$work/err")"
"$POMARCTL" --data-dir "$dir" note add "$account" "Called about the renewal" >/dev/null 2>"$work/err" \
  || fail "note add: $(cat "$work/err")"
"$POMARCTL" --data-dir "$dir" outbox >"$work/out" || fail "outbox failed"
[ "$(grep -c " pending " "$work/out")" -eq 2 ] || fail "two pending changes expected: $(cat "$work/out")"
"$POMARCTL" --data-dir "$dir" outbox --json >"$work/out" || fail "outbox --json failed"
grep -q '"kind" : "stage_move"' "$work/out" || fail "outbox --json: $(cat "$work/out")"
"$POMARCTL" --data-dir "$dir" push fx >"$work/out" 2>"$work/err" || fail "push fx: $(cat "$work/err")"
grep -q "^fx: 2 sent" "$work/out" || fail "push did not send both: $(cat "$work/out")"
"$POMARCTL" --data-dir "$dir" outbox >"$work/out" || fail "outbox failed"
grep -q "Nothing is waiting" "$work/out" || fail "the outbox is not empty: $(cat "$work/out")"
"$POMARCTL" --data-dir "$dir" note add "$account" "Renewal signed" >/dev/null || fail "note add"
"$POMARCTL" --data-dir "$dir" sync fx >"$work/out" 2>"$work/err" || fail "sync fx: $(cat "$work/err")"
grep -q "^fx: sent 1 changes" "$work/out" || fail "sync did not push first: $(cat "$work/out")"
"$POMARCTL" --data-dir "$dir" export activities --format csv | grep -q "Renewal signed" \
  || fail "the note is not in the cache after the sync"
# Playbook tasks: done and reopened are queued and sent; a skip stays here.
# (The playbook may already be open, started by the account's stage.)
"$POMARCTL" --data-dir "$dir" playbooks "$account" --start onboarding >/dev/null 2>&1 || true
"$POMARCTL" --data-dir "$dir" task done "$account" onboarding welcome >/dev/null 2>"$work/err" \
  || fail "task done: $(cat "$work/err")"
"$POMARCTL" --data-dir "$dir" playbooks "$account" >"$work/out" || fail "playbooks failed"
grep -q "\[x\] welcome · " "$work/out" || fail "the task is not done: $(cat "$work/out")"
"$POMARCTL" --data-dir "$dir" outbox >"$work/out" || fail "outbox failed"
grep -q "task done: onboarding / welcome  *pending" "$work/out" || fail "no task_done queued: $(cat "$work/out")"
"$POMARCTL" --data-dir "$dir" task skip "$account" onboarding discover-goals >/dev/null 2>"$work/err" \
  && fail "a skip without a reason succeeded"
grep -q "reason" "$work/err" || fail "skip without a reason: $(cat "$work/err")"
"$POMARCTL" --data-dir "$dir" task skip "$account" onboarding discover-goals --reason "They know their goals" \
  >/dev/null 2>"$work/err" || fail "task skip: $(cat "$work/err")"
"$POMARCTL" --data-dir "$dir" task reopen "$account" onboarding welcome >/dev/null 2>"$work/err" \
  || fail "task reopen: $(cat "$work/err")"
"$POMARCTL" --data-dir "$dir" task done "$account" onboarding no-such-task >/dev/null 2>"$work/err" \
  && fail "an unknown task was ticked"
grep -q "no-such-task" "$work/err" || fail "unknown task: $(cat "$work/err")"
"$POMARCTL" --data-dir "$dir" task done "$account" no-such-playbook welcome >/dev/null 2>"$work/err" \
  && fail "a task of an unknown playbook was ticked"
grep -q "no-such-playbook" "$work/err" || fail "unknown playbook: $(cat "$work/err")"
"$POMARCTL" --data-dir "$dir" push fx >"$work/out" 2>"$work/err" || fail "push fx: $(cat "$work/err")"
grep -q "^fx: 2 sent" "$work/out" || fail "push did not send done and reopened: $(cat "$work/out")"
"$POMARCTL" --data-dir "$dir" playbooks "$account" >"$work/out" || fail "playbooks failed"
grep -q "skipped: They know their goals" "$work/out" || fail "the skip is not kept: $(cat "$work/out")"

"$POMARCTL" --data-dir "$dir" conflicts >"$work/out" || fail "conflicts failed"
grep -q "No conflicts" "$work/out" || fail "conflicts: $(cat "$work/out")"
[ "$("$POMARCTL" --data-dir "$dir" conflicts --json | tr -d ' \n')" = "[]" ] || fail "conflicts --json is not empty"
"$POMARCTL" --data-dir "$dir" conflict resolve 999 mine >/dev/null 2>"$work/err" && fail "resolving no conflict succeeded"
grep -q "no conflict 999" "$work/err" || fail "conflict resolve 999: $(cat "$work/err")"
"$POMARCTL" --data-dir "$dir" account set-stage "$account" >/dev/null 2>"$work/err" && fail "set-stage without a stage succeeded"
grep -q "stage" "$work/err" || fail "set-stage without a stage: $(cat "$work/err")"

# An unknown name is a failure that says so.
"$POMARCTL" --data-dir "$dir" sync nobody >/dev/null 2>"$work/err" && fail "sync nobody succeeded"
grep -q "nobody" "$work/err" || fail "sync nobody: $(cat "$work/err")"

echo "ok"
