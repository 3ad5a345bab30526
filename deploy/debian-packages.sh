#!/usr/bin/env bash
# Install the named Debian packages that are not installed yet (as root, or through sudo).
# Used by `make setup` (the fonts the self-assessment PDF embeds) and .ci/run (those and Chromium).
#
# With --fonts (make setup): the fonts are optional for everything but the PDF. When they are already
# under PDF_FONTS_DIR, nothing is done; when they cannot be installed (no apt-get, no root, no sudo
# without a password), it says how to get them and succeeds, so `make run` and `make test` go on.
set -euo pipefail
fonts=""
if [ "${1:-}" = "--fonts" ]; then fonts=yes; shift; fi
fonts_dir=${PDF_FONTS_DIR:-/usr/share/fonts/truetype}
if [ -n "$fonts" ] && [ -f "$fonts_dir/noto/NotoSans-Regular.ttf" ] && [ -f "$fonts_dir/ancient-scripts/Symbola_hint.ttf" ]; then
  exit 0
fi
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
  done
else
  missing=("$@")
fi
[ ${#missing[@]} -eq 0 ] && exit 0
cannot() {
  if [ -n "$fonts" ]; then
    echo "Note: $1 The self-assessment PDF needs the fonts of the Debian packages ${missing[*]}: install them" \
      "(as root: apt-get install ${missing[*]}), or put their noto/ and ancient-scripts/ folders in a directory" \
      "and set PDF_FONTS_DIR to it (see docs/configuration.md). Everything else works without them." >&2
    exit 0
  fi
  echo "$1 Install these packages: ${missing[*]}" >&2
  exit 1
}
command -v apt-get >/dev/null 2>&1 || cannot "This is not a Debian-like system (no apt-get)."
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo -n"
else
  cannot "Not root, and sudo is unavailable or asks for a password."
fi
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
