#!/usr/bin/env bash
# Install (or update) the built dist/bedside for the current user, with its menu entry.
#
#   bash installer/install-linux.sh                 # into ~/.local/opt/bedside
#   bash installer/install-linux.sh --prefix DIR    # into DIR/bedside
#
# The program folder is replaced whole: the new copy is written beside the old one and
# swapped in with a rename, so an interrupted update leaves the old program working.
# The data folder (~/.local/share/Bedside, or BEDSIDE_DATA_DIR) is never touched: an
# update keeps every store, draft and backup reminder as it was.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix="${HOME}/.local/opt"
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
    *) echo "install-linux.sh: unknown option $1 (use --prefix DIR)" >&2; exit 2 ;;
  esac
done

if [ ! -x dist/bedside/bedside ]; then
  echo "install-linux.sh: no build at dist/bedside: run bash installer/build.sh first" >&2
  exit 2
fi
data_home="${XDG_DATA_HOME:-${HOME}/.local/share}"
target="${prefix}/bedside"
mkdir -p "$prefix" "$data_home/applications" "$data_home/icons/hicolor/scalable/apps"

staging=$(mktemp -d "${prefix}/.bedside-new.XXXXXX")
trap 'rm -rf "$staging"' EXIT
cp -a dist/bedside/. "$staging/"
if [ -e "$target" ]; then
  old="${prefix}/.bedside-old.$$"
  mv "$target" "$old"
  mv "$staging" "$target"
  rm -rf "$old"
else
  mv "$staging" "$target"
fi
trap - EXIT

install -m 0644 installer/linux/bedside.svg "$data_home/icons/hicolor/scalable/apps/bedside.svg"
desktop="$data_home/applications/bedside.desktop"
sed "s|@EXEC@|\"${target}/bedside\"|" installer/linux/bedside.desktop.in > "$desktop.tmp"
chmod 0644 "$desktop.tmp"
mv "$desktop.tmp" "$desktop"
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$data_home/applications" || true
fi
echo "Installed ${target}/bedside and its menu entry ${desktop}."
