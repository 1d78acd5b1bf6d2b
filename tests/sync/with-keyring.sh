#!/bin/sh
# with-keyring.sh: runs a command inside a throw-away D-Bus session with a
# throw-away, unlocked GNOME Keyring (recipes.md), so tests never see the
# keyring of the person running them. The keyring's files live in a
# temporary XDG_DATA_HOME, removed afterwards; the daemon exits with the bus.
set -eu

# --no-collection: the keyring daemon runs, but no keyring was ever made
# and there is no display for its prompt to make one.
mode=unlocked
if [ "${1:-}" = "--no-collection" ]; then
  mode=no-collection
  shift
  unset DISPLAY WAYLAND_DISPLAY
fi

if [ $# -eq 0 ]; then
  echo "usage: with-keyring.sh [--no-collection] COMMAND [ARG...]" >&2
  exit 2
fi

keyring_home=$(mktemp -d)
runtime_dir=$(mktemp -d)
trap 'rm -rf "$keyring_home" "$runtime_dir"' EXIT
chmod 0700 "$runtime_dir"

export XDG_DATA_HOME="$keyring_home"
export XDG_RUNTIME_DIR="$runtime_dir"

# The daemon's debug output would land in what eval reads.
dbus-run-session -- sh -c '
  if [ "$0" = unlocked ]; then
    eval "$(printf "x\n" | env -u G_MESSAGES_DEBUG gnome-keyring-daemon --unlock --components=secrets)"
  else
    eval "$(env -u G_MESSAGES_DEBUG gnome-keyring-daemon --start --components=secrets)"
  fi
  exec "$@"
' "$mode" "$@"
