# Debian packages Bedside needs: the stock age and minisign tools (interoperability
# tests), PostgreSQL (the hub), fonts with Chinese glyphs (screens and printouts),
# poppler (PDF checks), CUPS with its client tools (the print-queue test starts its own
# cupsd with a file-backed queue; Debian has no cups-pdf), WenQuanYi Micro Hei (the
# TrueType CJK font bundled in resources/fonts), the libraries Qt's offscreen platform
# loads, and the xcb libraries a frozen build bundles for laptops with a screen.
SYSTEM_PACKAGES="age minisign postgresql fonts-dejavu-core fonts-noto-cjk poppler-utils
  cups cups-client cups-bsd fonts-wqy-microhei
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-xkb1 libxkbcommon-x11-0"

install_system_packages() {
  # shellcheck disable=SC2086
  if dpkg -s $SYSTEM_PACKAGES >/dev/null 2>&1; then
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    $SYSTEM_PACKAGES >/dev/null
}
