#!/bin/sh
# test-install.sh MESON BUILD_DIR PREFIX APP_ID: `meson install` puts
# everything in place, and Pomar runs from there.
#
# Installs into a throw-away DESTDIR, then checks the two executables, the
# desktop entry, the metainfo, the icons (full colour and symbolic), the
# settings schema and the Portuguese catalog; compiles the schemas there
# as the post-install step would; and runs the installed programs: both
# say their version, pomarctl makes a demo book and reports on it, and
# speaks Portuguese from the installed catalog.
set -u
meson=$1
build=$2
prefix=$3
app_id=$4

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

"$meson" install -C "$build" --destdir "$dest" --no-rebuild >"$dest/install.log" 2>&1 \
  || fail "meson install: $(tail -n 20 "$dest/install.log")"
root=$dest$prefix

for file in \
  bin/pomar \
  bin/pomarctl \
  "share/applications/$app_id.desktop" \
  "share/metainfo/$app_id.metainfo.xml" \
  "share/icons/hicolor/scalable/apps/$app_id.svg" \
  "share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" \
  share/glib-2.0/schemas/io.github.pomar.Pomar.gschema.xml \
  share/locale/pt_BR/LC_MESSAGES/pomar.mo
do
  [ -s "$root/$file" ] || fail "$file was not installed under $prefix"
done
[ -x "$root/bin/pomar" ] && [ -x "$root/bin/pomarctl" ] || fail "the programs are not executable"

glib-compile-schemas --strict "$root/share/glib-2.0/schemas" || fail "the installed schema does not compile"
export GSETTINGS_SCHEMA_DIR="$root/share/glib-2.0/schemas"

"$root/bin/pomar" --version | grep -q "^pomar " || fail "the installed pomar does not run"
"$root/bin/pomarctl" --version | grep -q "^pomarctl " || fail "the installed pomarctl does not run"

data="$dest/cache"
"$root/bin/pomarctl" --data-dir "$data" demo --accounts 5 >/dev/null 2>"$dest/err" \
  || fail "pomarctl demo: $(cat "$dest/err")"
"$root/bin/pomarctl" --data-dir "$data" export accounts --format csv >"$dest/out" 2>"$dest/err" \
  || fail "pomarctl export: $(cat "$dest/err")"
[ "$(tail -n +2 "$dest/out" | wc -l)" -eq 5 ] || fail "the demo book has not 5 accounts"

POMAR_LOCALEDIR="$root/share/locale" LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$root/bin/pomarctl" --help >"$dest/out" 2>&1
grep -q "^Uso:" "$dest/out" || fail "the installed catalog is not used: $(head -n 3 "$dest/out")"

echo "ok: installed under $prefix and ran from there"
