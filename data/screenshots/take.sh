#!/bin/sh
# take.sh [BUILD-DIR]: the pictures of data/screenshots, from real runs of
# `pomar --demo` on a virtual display (tests/e2e/screenshot.sh with the
# tests/e2e/screenshots.py driver): the board, the accounts table, the
# portfolio and a customer's page, in the light style and in the dark one
# (NAME-dark.png). Look at them before committing them.
set -eu
here=$(dirname "$(readlink -f "$0")")
top=$(readlink -f "$here/../..")
build=$(readlink -f "${1:-$top/build}")

export POMAR="$build/src/pomar"
export SCREENSHOT_DRIVER="$top/tests/e2e/screenshots.py"
export SCREENSHOT_DELAY=1
SCREENSHOT_SUFFIX= sh "$top/tests/e2e/screenshot.sh" "$here" --demo
ADW_DEBUG_COLOR_SCHEME=prefer-dark SCREENSHOT_SUFFIX=-dark sh "$top/tests/e2e/screenshot.sh" "$here" --demo
