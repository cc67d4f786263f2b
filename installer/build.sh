#!/usr/bin/env bash
# Build Bedside with PyInstaller (one folder: dist/bedside) and check it with `bedside selftest`.
#
#   bash installer/build.sh            # build (reuses build/ as a cache), then selftest
#   bash installer/build.sh --clean    # extra arguments go to PyInstaller
#
# Needs the project's virtualenv (.venv, with `pip install -e .` done; tools/test.sh makes
# one). Writes build/ and dist/ at the repository root. Exits non-zero when the build or
# any selftest check fails. Works in Git Bash on Windows and in bash on macOS too.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x .venv/bin/python ]; then
  PY=.venv/bin/python
elif [ -x .venv/Scripts/python.exe ]; then
  PY=.venv/Scripts/python.exe
else
  echo "build.sh: no virtualenv at .venv; make one: python3 -m venv .venv && .venv/bin/pip install -e ." >&2
  exit 2
fi

if ! "$PY" -c "import app, sqlcipher3, PySide6, cryptography, pyrage, reportlab, alembic" 2>/dev/null; then
  echo "build.sh: installing Bedside and its dependencies into .venv"
  "$PY" -m pip install -q --disable-pip-version-check -c constraints.txt -e .
fi
"$PY" -m pip install -q --disable-pip-version-check -c constraints.txt "pyinstaller>=6.10,<7"

start=$(date +%s)
rm -f dist/bedside.stamp
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build \
  "$@" installer/bedside.spec
seconds=$(( $(date +%s) - start ))

exe=dist/bedside/bedside
[ -x "$exe" ] || exe=dist/bedside/bedside.exe
size=$(du -sh dist/bedside | cut -f1)
echo "Built $exe in ${seconds}s; dist/bedside is $size."

# A machine without a screen (CI, a build server) has only the offscreen platform.
case "$(uname -s)" in
  Linux*)
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
    fi
    ;;
esac
# Keep the selftest's log away from the user's real data folder.
selftest_dir=$(mktemp -d)
trap 'rm -rf "$selftest_dir"' EXIT
if ! "$exe" --data-dir "$selftest_dir" selftest; then
  echo "build.sh: the frozen build failed its selftest (see the FAIL lines above)." >&2
  exit 1
fi
# When this build started (Unix time): tests/integration/test_frozen_build.py reuses
# dist/bedside only when no source file changed since.
echo "$start" > dist/bedside.stamp
echo "Selftest passed: dist/bedside is ready."
