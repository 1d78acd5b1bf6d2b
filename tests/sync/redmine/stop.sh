#!/usr/bin/env bash
# stop.sh DIR: stops the Redmine that start.sh DIR started (DIR/pid): SIGINT
# (rackup's own clean shutdown), after 5 s SIGTERM (also clean, but logs a
# FATAL backtrace), after 10 s SIGKILL. Does nothing when it is not running;
# never kills a process that is not that server (the pid is checked against
# rackup's command line). Safe in a trap.
set -u
[ $# -eq 1 ] || { echo "usage: stop.sh DIR" >&2; exit 2; }
PIDFILE=$1/pid
[ -f "$PIDFILE" ] || exit 0
PID=$(cat "$PIDFILE")
rm -f "$PIDFILE"
case $PID in ''|*[!0-9]*) exit 0 ;; esac
is_ours() { tr '\0' ' ' < "/proc/$PID/cmdline" 2>/dev/null | grep -q 'rackup.*config\.ru'; }
is_ours || exit 0
kill -INT "$PID" 2>/dev/null || exit 0
for i in $(seq 1 100); do
  is_ours || exit 0
  [ "$i" -ne 50 ] || kill -TERM "$PID" 2>/dev/null || true
  sleep 0.1
done
echo "redmine stop: pid $PID ignored SIGINT and SIGTERM for 10 s; killing it" >&2
kill -KILL "$PID" 2>/dev/null || true
