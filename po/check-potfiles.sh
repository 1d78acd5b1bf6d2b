#!/bin/sh
# check-potfiles.sh SRCDIR: every source file with a translatable string is
# listed in po/POTFILES.in, so no message is left out of the catalogs.
set -eu
cd "$1"
missing=$(
  { grep -l '_("\|N_("\|C_("' src/*.c src/*/*.c; grep -l 'translatable="yes"' resources/ui/*.ui resources/gtk/*.ui; } \
    | sort | while read -r file; do
        grep -qx "$file" po/POTFILES.in || echo "$file"
      done
)
if [ -n "$missing" ]; then
  echo "po/POTFILES.in does not list these files, which have translatable strings:" >&2
  echo "$missing" >&2
  exit 1
fi
echo "ok"
