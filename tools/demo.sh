#!/usr/bin/env bash
# Install Bedside on Debian/Ubuntu (Python 3.11+) and open it on a demo store.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/system-packages.sh
install_system_packages
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e .
folder="${BEDSIDE_DATA_DIR:-$(mktemp -d)/bedside-demo}"
exec .venv/bin/bedside --data-dir "$folder" demo "$@"
