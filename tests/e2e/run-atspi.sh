#!/bin/sh
# run-atspi.sh [--keyring] [--no-app] [--lang LL_CC] SCRIPT [POMAR-ARG...]: runs the real
# pomar (with POMAR-ARGs, `--demo` when none are given) on a virtual
# display, with a private session bus and AT-SPI bus, and then SCRIPT, a
# pyatspi script run by Debian's python3. With --keyring, a throw-away,
# unlocked GNOME Keyring runs on that session bus too (for tokens). With
# --no-app, SCRIPT starts pomar itself (pomar_atspi.start_pomar), after
# preparing what pomar must find (a server, a connection). Exits with
# SCRIPT's status (77, a skip, when a tool is missing). With --lang (say
# pt_BR), everything runs in that language and its locale (compiled into the
# throw-away folder when the system lacks it): the script finds pomar's
# controls by their translated names (pomar_atspi.tr).
#
# Everything runs in a throw-away folder that is also the working directory,
# with XDG folders inside it, so the demo book is made fresh, a relative
# --data-dir lands there, and no one's real cache or settings are touched.
#
# $POMAR names the pomar executable (the meson test sets it).
set -eu

keyring=0
no_app=0
lang=
while :; do
  case "${1:-}" in
    --keyring) keyring=1; shift ;;
    --no-app) no_app=1; shift ;;
    --lang) lang=$2; shift 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 1 ]; then
  echo "usage: run-atspi.sh [--keyring] [--no-app] [--lang LL_CC] SCRIPT [POMAR-ARG...]" >&2
  exit 2
fi
: "${POMAR:?set POMAR to the pomar executable}"

# Second stage: inside the display and the session bus made below.
if [ "${POMAR_E2E_INNER:-}" = 1 ]; then
  script=$1
  shift
  if [ $# -eq 0 ]; then
    set -- --demo
  fi

  # meson's test environment switches the accessibility bridge off for the
  # other tests; this one is all about it.
  unset NO_AT_BRIDGE GTK_A11Y

  if [ "$POMAR_E2E_KEYRING" = 1 ]; then
    # Its files go to the throw-away XDG_DATA_HOME; it ends with the bus.
    eval "$(printf 'x\n' | env -u G_MESSAGES_DEBUG gnome-keyring-daemon --unlock --components=secrets)"
    export GNOME_KEYRING_CONTROL
  fi

  # xvfb-run waits for Xvfb's "ready" signal; still, check that the
  # display is there before anything connects to it, and say so if not.
  n=${DISPLAY#:}
  n=${n%%.*}
  tries=50
  while [ ! -S "/tmp/.X11-unix/X$n" ] && [ "$tries" -gt 0 ]; do
    sleep 0.1
    tries=$((tries - 1))
  done
  if [ ! -S "/tmp/.X11-unix/X$n" ]; then
    echo "FAIL: the virtual display $DISPLAY did not come up" >&2
    exit 1
  fi

  /usr/libexec/at-spi-bus-launcher --launch-immediately &
  bus=$!
  app=

  cleanup () {
    if [ -n "$app" ]; then
      kill "$app" 2>/dev/null || true
    fi
    kill "$bus" 2>/dev/null || true
    wait 2>/dev/null || true
  }
  trap cleanup EXIT
  sleep 1

  if [ "$POMAR_E2E_NO_APP" != 1 ]; then
    "$POMAR" "$@" >pomar.log 2>&1 &
    app=$!
    export POMAR_PID="$app"
  fi

  status=0
  /usr/bin/python3 "$script" || status=$?
  if [ "$status" -ne 0 ] && [ -f pomar.log ]; then
    echo "--- pomar's output ---" >&2
    cat pomar.log >&2
  fi
  exit "$status"
fi

tools="xvfb-run dbus-run-session /usr/libexec/at-spi-bus-launcher /usr/bin/python3"
if [ "$keyring" = 1 ]; then
  tools="$tools gnome-keyring-daemon"
fi
for tool in $tools; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run-atspi.sh: $tool is missing (see shared/recipes.md)" >&2
    exit 77
  fi
done

POMAR=$(readlink -f "$POMAR")
if [ -n "${POMARCTL:-}" ]; then
  POMARCTL=$(readlink -f "$POMARCTL")
  export POMARCTL
fi
script=$(readlink -f "$1")
shift
self=$(readlink -f "$0")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/runtime"
chmod 0700 "$tmp/runtime"
cd "$tmp"

export POMAR POMAR_E2E_INNER=1 POMAR_E2E_KEYRING="$keyring" POMAR_E2E_NO_APP="$no_app"
export XDG_DATA_HOME="$tmp/data"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_CACHE_HOME="$tmp/cache"
export XDG_RUNTIME_DIR="$tmp/runtime"
export GSK_RENDERER="${GSK_RENDERER:-cairo}"
export GSETTINGS_BACKEND=memory
# No __pycache__ beside pomar_atspi.py in the source tree.
export PYTHONDONTWRITEBYTECODE=1
export LANG=C.UTF-8 LANGUAGE= LC_ALL=C.UTF-8
if [ -n "$lang" ]; then
  locale="$lang.UTF-8"
  if ! locale -a 2>/dev/null | grep -qix "$lang.utf8"; then
    mkdir -p "$tmp/locale"
    if ! localedef -i "$lang" -f UTF-8 "$tmp/locale/$locale" >/dev/null 2>&1; then
      echo "run-atspi.sh: the $locale locale is missing and localedef could not make it" >&2
      exit 77
    fi
    export LOCPATH="$tmp/locale"
  fi
  export LANG="$locale" LC_ALL="$locale" LANGUAGE="$lang"
fi

# xvfb-run -a looks for a free display from :99 up, and two runs that
# start together (tests run beside each other, by several people on one
# machine) both take the same one: starting from a number of our own makes
# that unlikely. -noreset: by default Xvfb resets itself each time its last
# client leaves, and a client connecting during that reset is refused
# ("cannot open display"); here the AT-SPI launcher's short visit to the
# display could be that last client just as pomar starts.
xvfb-run -a -n "$(($$ % 4000 + 100))" -s "-screen 0 1366x850x24 -noreset" \
  dbus-run-session -- sh "$self" "$script" "$@"
