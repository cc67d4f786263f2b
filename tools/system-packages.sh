# Debian packages Bedside needs: the stock age and minisign tools (interoperability
# tests), PostgreSQL (the hub), fonts with Chinese glyphs (screens and printouts),
# poppler (PDF checks) and the libraries Qt's offscreen platform loads.
SYSTEM_PACKAGES="age minisign postgresql fonts-dejavu-core fonts-noto-cjk poppler-utils
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3"

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
