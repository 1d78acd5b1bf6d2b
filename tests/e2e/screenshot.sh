#!/bin/sh
# screenshot.sh OUT.png [POMAR-ARG...]: starts the real pomar (by default
# `pomar --demo`) on a 1366x850 virtual display and saves a picture of the
# screen to OUT.png, to look at. With $SCREENSHOT_DRIVER (a pyatspi script,
# e.g. tests/e2e/screenshots.py), OUT is a folder and the driver takes the
# pictures (with $SCREENSHOT_SUFFIX added to their names). The demo book is made fresh in throw-away
# XDG folders. ADW_DEBUG_COLOR_SCHEME=prefer-dark gives the dark style.
#
# $POMAR names the pomar executable (default: build/src/pomar);
# $SCREENSHOT_DELAY the seconds to wait before the picture (default 8);
# $SCREENSHOT_LOCALE the locale to show (default en_US.UTF-8, compiled into
# the throw-away folder with localedef when the system lacks it, so that
# amounts show their thousands separators; C.UTF-8 when that fails).
set -eu

if [ $# -lt 1 ]; then
  echo "usage: screenshot.sh OUT.png [POMAR-ARG...]" >&2
  exit 2
fi

if [ "${POMAR_SHOT_INNER:-}" = 1 ]; then
  out=$1
  shift
  bus=
  if [ -n "${SCREENSHOT_DRIVER:-}" ]; then
    # The driver finds the views through AT-SPI: its bus first.
    /usr/libexec/at-spi-bus-launcher --launch-immediately &
    bus=$!
    sleep 1
  fi
  "$POMAR" "$@" &
  app=$!
  trap 'kill "$app" 2>/dev/null; [ -n "$bus" ] && kill "$bus" 2>/dev/null; wait 2>/dev/null' EXIT
  sleep 1
  if [ -n "${SCREENSHOT_DRIVER:-}" ]; then
    PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$(dirname "$SCREENSHOT_DRIVER")" \
      /usr/bin/python3 "$SCREENSHOT_DRIVER" "$out" ${SCREENSHOT_SUFFIX:-}
    exit $?
  fi
  # Park the pointer off the window, so that no tooltip hides a card.
  /usr/bin/python3 -c 'import pyatspi; pyatspi.Registry.generateMouseEvent(1365, 849, "abs")' \
    2>/dev/null || true
  sleep "${SCREENSHOT_DELAY:-8}"
  # The window alone when it can be found (its WM_CLASS is "pomar"), or
  # else the whole screen.
  window=$(xwininfo -root -tree 2>/dev/null | awk '/\("pomar" / { print $1; exit }')
  import -window "${window:-root}" "$out"
  exit 0
fi

POMAR=$(readlink -f "${POMAR:-build/src/pomar}")
export POMAR

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/runtime"
chmod 0700 "$tmp/runtime"

locale=${SCREENSHOT_LOCALE:-en_US.UTF-8}
if ! locale -a 2>/dev/null | grep -qix "$(echo "$locale" | sed 's/UTF-8/utf8/')"; then
  mkdir -p "$tmp/locale"
  if localedef -i "${locale%%.*}" -f UTF-8 "$tmp/locale/$locale" >/dev/null 2>&1; then
    export LOCPATH="$tmp/locale"
  else
    locale=C.UTF-8
  fi
fi
export LANG="$locale" LC_ALL="$locale"

out=$(readlink -f "$1")
if [ -n "${SCREENSHOT_DRIVER:-}" ]; then
  SCREENSHOT_DRIVER=$(readlink -f "$SCREENSHOT_DRIVER")
  export SCREENSHOT_DRIVER SCREENSHOT_SUFFIX
fi
shift
if [ $# -eq 0 ]; then
  set -- --demo
fi

export POMAR_SHOT_INNER=1
export XDG_DATA_HOME="$tmp/data"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_CACHE_HOME="$tmp/cache"
export XDG_RUNTIME_DIR="$tmp/runtime"
export GSK_RENDERER="${GSK_RENDERER:-cairo}"
export GSETTINGS_BACKEND=memory

self=$(readlink -f "$0")
xvfb-run -a -s "-screen 0 1366x850x24" \
  dbus-run-session -- sh "$self" "$out" "$@"
echo "saved $out"
