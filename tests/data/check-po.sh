#!/bin/sh
# check-po.sh PO_DIR: every catalog in LINGUAS compiles with `msgfmt
# --check` (format strings, plural forms, headers), and none has a fuzzy
# or untranslated message: a half-translated Pomar reads worse than an
# English one.
set -eu
po_dir=$1
status=0
for lang in $(grep -v '^#' "$po_dir/LINGUAS"); do
  stats=$(msgfmt --check --statistics -o /dev/null "$po_dir/$lang.po" 2>&1) || {
    echo "$lang.po: msgfmt --check failed: $stats" >&2
    status=1
    continue
  }
  echo "$lang.po: $stats"
  case $stats in
    *fuzzy*|*untranslated*)
      echo "$lang.po: every message must be translated, and none fuzzy" >&2
      status=1
      ;;
  esac
done
exit $status
