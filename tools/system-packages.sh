# Debian packages Bedside needs, in two sets.
#
# APP_PACKAGES, what the app itself needs on a laptop: python3-venv (stock Debian 12
# and Ubuntu 24.04 lack it), fonts with Chinese glyphs (WenQuanYi Micro Hei is also
# bundled in resources/fonts for printouts), the CUPS client (`lp`, for printing), the
# libraries Qt's platforms load, and the xcb libraries a frozen build bundles.
#
# TEST_PACKAGES, what the tests add: the stock age and minisign tools
# (interoperability), PostgreSQL (the hub), poppler (PDF checks), the CUPS server (the
# print-queue test starts its own cupsd with a file-backed queue; Debian has no
# cups-pdf), Noto CJK (a CFF font reportlab must refuse) and libfiu's fiu-run (the
# fault tests make the C library's write and fsync answer EIO).
APP_PACKAGES="python3-venv fonts-dejavu-core fonts-wqy-microhei cups-client
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-xkb1 libxkbcommon-x11-0"
TEST_PACKAGES="age minisign postgresql fonts-noto-cjk poppler-utils cups cups-bsd desktop-file-utils
  fiu-utils"

require_python() {
  # Bedside needs Python 3.11 or newer; say so plainly instead of a pip error later.
  if ! command -v python3 >/dev/null 2>&1; then
    echo "Bedside needs Python 3.11 or newer: install python3 first." >&2
    exit 1
  fi
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "Bedside needs Python 3.11 or newer; this python3 is $(python3 -V 2>&1 | cut -d' ' -f2)." >&2
    exit 1
  fi
}

install_system_packages() {
  # `install_system_packages app` installs what the app needs; no argument adds the tests'.
  local packages="$APP_PACKAGES"
  if [ "${1:-all}" != "app" ]; then packages="$APP_PACKAGES $TEST_PACKAGES"; fi
  # shellcheck disable=SC2086
  if dpkg -s $packages >/dev/null 2>&1; then
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    $packages >/dev/null
}
