#!/bin/sh
# bench-ui.sh: makes a 10,000-account demo book (once, kept in
# $BENCH_CACHE or a throw-away folder) and runs bench-ui.py against it on a
# virtual display with a session bus and an AT-SPI bus (for the typed
# keys). $POMAR, $POMARCTL and $BENCH_HELLO name the programs (the meson
# benchmark sets them).
set -eu
: "${POMAR:?}" "${POMARCTL:?}" "${BENCH_HELLO:?}"

if [ "${BENCH_UI_INNER:-}" = 1 ]; then
  /usr/libexec/at-spi-bus-launcher --launch-immediately &
  bus=$!
  trap 'kill "$bus" 2>/dev/null; wait 2>/dev/null' EXIT
  sleep 1
  /usr/bin/python3 "$BENCH_UI_SCRIPT" "$1"
  exit $?
fi

for tool in xvfb-run dbus-run-session /usr/libexec/at-spi-bus-launcher /usr/bin/python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench-ui.sh: $tool is missing" >&2
    exit 77
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/config" "$tmp/runtime"
chmod 0700 "$tmp/runtime"
export XDG_CONFIG_HOME="$tmp/config" XDG_RUNTIME_DIR="$tmp/runtime" XDG_DATA_HOME="$tmp"
export GSETTINGS_BACKEND=memory LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=
unset NO_AT_BRIDGE GTK_A11Y
book=${BENCH_CACHE:-$tmp/book}
if [ ! -f "$book/pomar.db" ]; then
  echo "making a 10,000-account demo book in $book"
  "$POMARCTL" demo --accounts 10000 --today 2026-11-23 --data-dir "$book" >/dev/null
fi
export POMAR_TODAY=2026-11-23
export POMAR=$(readlink -f "$POMAR") BENCH_HELLO=$(readlink -f "$BENCH_HELLO")
export BENCH_UI_INNER=1 BENCH_UI_SCRIPT=$(readlink -f "$(dirname "$0")/bench-ui.py")
xvfb-run -a -n "$(($$ % 4000 + 100))" -s "-screen 0 1366x850x24 -noreset" \
  dbus-run-session -- sh "$(readlink -f "$0")" "$(readlink -f "$book")"
