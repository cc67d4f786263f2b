"""Bedside's override of PyInstaller's PySide6.QtGui hook: the same collection, fewer plugins.

PyInstaller's own hook collects every QtGui plugin; their shared-library dependencies are
then collected too. Dropping plugins here (rather than after Analysis) keeps their
dependencies out of the build as well: the GTK 3 platform theme would otherwise bring the
build machine's GTK, GDK, cairo, pango and atk; the Wayland and EGLFS platforms bring
QtWaylandClient and the EGLFS/KMS libraries; the TUIO touch plugin brings QtNetwork.

Kept platform plugins: offscreen (tests, `bedside selftest`), xcb (Linux desktops,
including Wayland sessions through XWayland), windows, cocoa (macOS), minimal.
"""

from pathlib import Path

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

KEEP_PLATFORMS = {"offscreen", "xcb", "windows", "cocoa", "minimal"}
DROP_PLATFORM_THEMES = {"gtk3"}
# TUIO touch (multi-touch tables over UDP) is the only thing that links QtNetwork; ward
# touch screens reach Qt through the windowing system (XInput2, Windows, macOS) instead.
DROP_GENERIC = {"tuiotouchplugin"}
DROP_PLUGIN_DIRS = {
    "egldeviceintegrations",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
    "wayland-graphics-integration-server",
    "wayland-shell-integration",
}


def plugin_stem(name: str) -> str:
    """`libqxcb.so` / `qwindows.dll` / `libqcocoa.dylib` -> `xcb` / `windows` / `cocoa`."""
    stem = name.split(".")[0].removeprefix("lib")
    return stem[1:] if stem.startswith("q") else stem


def wanted(src: str, dest_dir: str) -> bool:
    parts = Path(dest_dir).parts
    if "plugins" not in parts:
        return True
    rest = parts[parts.index("plugins") + 1 :]
    kind = rest[0] if rest else ""
    if kind in DROP_PLUGIN_DIRS:
        return False
    stem = plugin_stem(Path(src).name)
    if kind == "platforms" and len(rest) == 1:
        return stem in KEEP_PLATFORMS
    if kind == "platformthemes":
        return stem not in DROP_PLATFORM_THEMES
    if kind == "generic":
        return stem not in DROP_GENERIC
    return True


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(src, dest) for src, dest in binaries if wanted(src, dest)]
