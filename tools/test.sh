#!/usr/bin/env bash
# Install what Bedside's tests need on Debian/Ubuntu (Python 3.11+), then run them.
# Extra arguments go to pytest, e.g. `bash tools/test.sh tests/unit -q`.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/system-packages.sh
require_python
install_system_packages
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
export QT_QPA_PLATFORM=offscreen
# The suite runs on every core, one test file per worker so that a file's shared
# fixtures are made once; BEDSIDE_TEST_WORKERS=0 runs it in one process.
exec .venv/bin/python -m pytest -n "${BEDSIDE_TEST_WORKERS:-auto}" --dist loadfile "$@"
