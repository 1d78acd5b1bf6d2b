#!/bin/sh
# test-cli-connection.sh: `pomarctl connection` end to end, as a person
# would run it. Runs inside with-keyring.sh (a throw-away Secret Service);
# POMARCTL is the built pomarctl. A small Python server on loopback plays the
# Pomar Sync API for `connection test`.
set -u

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

[ -n "${POMARCTL:-}" ] || fail "POMARCTL is not set"

work=$(mktemp -d)
server_pid=
cleanup () {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

dir="$work/cache"
token="cli-test-token-93b1f07d5a"

# run STATUS INPUT ARG...: runs pomarctl with INPUT on stdin; fails unless
# it exits with STATUS. Leaves stdout in $work/out and stderr in $work/err.
run () {
  expected=$1
  input=$2
  shift 2
  printf '%s' "$input" | "$POMARCTL" --data-dir "$dir" "$@" >"$work/out" 2>"$work/err"
  status=$?
  [ "$status" -eq "$expected" ] \
    || fail "pomarctl $* exited with $status, not $expected; stderr: $(cat "$work/err")"
}

# one_line FRAGMENT: stderr is exactly one line, "pomarctl: ...FRAGMENT...".
one_line () {
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "stderr is not one line: $(cat "$work/err")"
  grep -q '^pomarctl: ' "$work/err" || fail "stderr does not start with 'pomarctl: ': $(cat "$work/err")"
  grep -qF -- "$1" "$work/err" || fail "stderr does not say '$1': $(cat "$work/err")"
}

no_token_in () {
  if grep -rqF -- "$token" "$@"; then
    fail "the token was found in $*"
  fi
}

# Nothing yet, and asking creates no cache.
run 0 "" connection list
grep -qx "No connections." "$work/out" || fail "list of nothing: $(cat "$work/out")"
[ ! -e "$dir" ] || fail "connection list created the cache"

# add, with the token on standard input (a trailing newline is not part of it).
run 0 "$token
" connection add Desk --provider zendesk --url https://acme.zendesk.com/ --email ana@example.com --token-stdin
grep -qF "Desk" "$work/out" || fail "add said: $(cat "$work/out")"
[ "$(secret-tool lookup connection Desk data-dir "$dir")" = "$token" ] \
  || fail "the token is not in the keyring as given"
no_token_in "$dir" "$work/out" "$work/err"

# list, as a table and as JSON, never with the token.
run 0 "" connection list
grep -q '^NAME  *PROVIDER  *URL  *EMAIL$' "$work/out" || fail "no table heading: $(cat "$work/out")"
grep -q '^Desk  *zendesk  *https://acme.zendesk.com  *ana@example.com$' "$work/out" \
  || fail "no row for Desk: $(cat "$work/out")"
no_token_in "$work/out"

run 0 "" connection list --json
/usr/bin/python3 - "$work/out" <<'EOF' || fail "list --json: $(cat "$work/out")"
import json, sys
rows = json.load(open(sys.argv[1]))
assert isinstance(rows, list) and len(rows) == 1, rows
row = rows[0]
assert row["name"] == "Desk" and row["provider"] == "zendesk", row
assert row["url"] == "https://acme.zendesk.com" and row["email"] == "ana@example.com", row
assert "token" not in json.dumps(row).lower(), row
EOF
no_token_in "$work/out"

# Refusals: one line, exit 1, nothing stored.
run 1 "$token" connection add Plain --provider pomar --url http://cs.example.com --token-stdin
one_line "Pomar refuses http:// for cs.example.com because the token would travel unencrypted"
run 1 "$token" connection add Desk --provider pomar --url https://cs.example.com --token-stdin
one_line "A connection named “Desk” already exists."
[ "$(secret-tool lookup connection Desk data-dir "$dir")" = "$token" ] \
  || fail "a refused duplicate changed the token"

# Bad usage: exit 2.
run 2 "$token" connection add Other --provider pomar --url https://cs.example.com
grep -qF -- "--token-stdin" "$work/err" || fail "no hint about --token-stdin: $(cat "$work/err")"
run 2 "" connection add Other --provider pomar --url https://cs.example.com --token-stdin
grep -qF "No token on standard input." "$work/err" || fail "empty stdin: $(cat "$work/err")"
run 2 "$token" connection add Other --provider pomar --url https://cs.example.com --token "$token"
run 2 "$token" connection add Other --provider gitlab --url https://cs.example.com --token-stdin
run 2 "" connection frobnicate
run 2 "" connection test
run 0 "" connection list
[ "$(grep -c . "$work/out")" -eq 2 ] || fail "refused adds left rows: $(cat "$work/out")"

# HubSpot: which company properties hold the ARR, the renewal date... (--property).
run 0 "$token" connection add Crm --provider hubspot --url https://api.hubapi.com \
  --property arr=annual_contract_value --property renewal_date=contract_end --token-stdin
run 0 "" connection list
grep -q '^NAME  *PROVIDER  *URL  *EMAIL  *PROPERTIES$' "$work/out" || fail "no properties heading: $(cat "$work/out")"
grep -q '^Crm  *hubspot  *https://api.hubapi.com  *arr=annual_contract_value, renewal_date=contract_end$' "$work/out" \
  || fail "no row for Crm: $(cat "$work/out")"
grep -q '^Desk  *zendesk  *https://acme.zendesk.com  *ana@example.com$' "$work/out" \
  || fail "the row for Desk changed: $(cat "$work/out")"
run 0 "" connection list --json
/usr/bin/python3 - "$work/out" <<'EOF' || fail "list --json with properties: $(cat "$work/out")"
import json, sys
rows = {row["name"]: row for row in json.load(open(sys.argv[1]))}
assert rows["Crm"]["settings"] == {"properties": {"arr": "annual_contract_value",
                                                  "renewal_date": "contract_end"}}, rows
assert rows["Desk"]["settings"] is None, rows
EOF
run 1 "$token" connection add Crm2 --provider hubspot --url https://api.hubapi.com --property revenue=annualrevenue --token-stdin
one_line "“revenue” is not a field a HubSpot property can fill"
run 1 "$token" connection add Crm2 --provider hubspot --url https://api.hubapi.com --property "arr=annual revenue" --token-stdin
one_line "“annual revenue” is not a HubSpot property’s internal name."
run 1 "$token" connection add Crm2 --provider hubspot --url https://api.hubapi.com --property arr=a --property arr=b --token-stdin
one_line "The property for “arr” is given twice"
run 2 "$token" connection add Crm2 --provider zendesk --url https://acme.zendesk.com --property arr=x --token-stdin
grep -qF "for HubSpot connections only" "$work/err" || fail "--property for Zendesk: $(cat "$work/err")"
run 0 "" connection remove Crm

# test: against a small Pomar Sync API on loopback, then a closed port.
cat >"$work/server.py" <<'EOF'
import http.server, sys

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        good = self.headers.get("Authorization") == "Bearer " + sys.argv[2]
        if not good:
            self.send_response(401)
            self.end_headers()
            return
        body = b'{"data":[],"next_cursor":null,"sync_token":"t"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
EOF
/usr/bin/python3 "$work/server.py" "$work/port.tmp" "$token" &
server_pid=$!
i=0
while [ ! -s "$work/port.tmp" ] && [ $i -lt 100 ]; do
  sleep 0.1
  i=$((i + 1))
done
[ -s "$work/port.tmp" ] || fail "the test server did not start"
port=$(cat "$work/port.tmp")

run 0 "$token" connection add Local --provider pomar --url "http://127.0.0.1:$port/api" --token-stdin
run 0 "" connection test Local
grep -qx "Local: OK (accounts can be read)" "$work/out" || fail "test Local said: $(cat "$work/out")"
run 0 "wrong-$token" connection add Wrong --provider pomar --url "http://127.0.0.1:$port/api" --token-stdin
run 1 "" connection test Wrong
one_line "The token was refused by 127.0.0.1. Give the connection a new token (Enter New Token in Pomar, or “pomarctl connection token”)."
# A new token: one the server refuses is not kept; the right one is.
run 1 "still-wrong" connection token Wrong --token-stdin
one_line "The token was refused by 127.0.0.1."
[ "$(secret-tool lookup connection Wrong data-dir "$dir")" = "wrong-$token" ] \
  || fail "a refused token replaced the old one"
run 2 "" connection token Wrong
run 0 "$token" connection token Wrong --token-stdin
grep -qF "Wrong" "$work/out" || fail "token said: $(cat "$work/out")"
run 0 "" connection test Wrong
[ "$(secret-tool lookup connection Wrong data-dir "$dir")" = "$token" ] \
  || fail "the new token is not in the keyring"
run 1 "$token" connection token Nobody --token-stdin
one_line "There is no connection named “Nobody”."
kill "$server_pid"
wait "$server_pid" 2>/dev/null
server_pid=
run 1 "" connection test Local
one_line "127.0.0.1 refused the connection on port $port."
run 1 "" connection test Nobody
one_line "There is no connection named “Nobody”."

# remove: the row and the token.
for name in Desk Local Wrong; do
  run 0 "" connection remove "$name"
done
run 0 "" connection list
grep -qx "No connections." "$work/out" || fail "after remove: $(cat "$work/out")"
if secret-tool lookup connection Desk data-dir "$dir" >/dev/null 2>&1; then
  fail "the token of Desk is still in the keyring"
fi
run 1 "" connection remove Desk
one_line "There is no connection named “Desk”."
no_token_in "$dir"

echo "ok"
