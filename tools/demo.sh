#!/usr/bin/env bash
# Install Bedside on Debian/Ubuntu (Python 3.11+) and open it on a demo store.
# Only what the app needs is installed (no test tools, no database server). The demo
# store lives in one folder that is kept between runs: $BEDSIDE_DATA_DIR, else
# ~/.local/share/bedside-demo; a second run opens the same demo store again.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/system-packages.sh
require_python
install_system_packages app
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e .
folder="${BEDSIDE_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/bedside-demo}"
echo "Demo store: $folder"
exec .venv/bin/bedside --data-dir "$folder" demo "$@"
