"""QR code matrices for exchanging keys by camera (no Qt here; the widget paints them).

Keys are exchanged at enrolment as text or as a QR code: the device shows its
minisign public key, the hub's age recipient and minisign key are shown after
pinning. reportlab (already a dependency, for printing) carries a QR encoder;
this module turns its output into a plain, immutable matrix of dark modules.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

from reportlab.graphics.barcode.qrencoder import QR8bitByte, QRCode, QRErrorCorrectLevel

QUIET_ZONE_MODULES = 4
"""White modules around the symbol that scanners need (ISO/IEC 18004)."""

FINDER_MODULES = 7
"""Side of each of the three finder patterns, in modules."""

MAX_QR_BYTES = 1_200
"""More than any key we show; well inside the capacity of a level-M code."""

ErrorLevel = Literal["L", "M", "Q", "H"]
_LEVELS: dict[str, int] = {
    "L": QRErrorCorrectLevel.L,
    "M": QRErrorCorrectLevel.M,
    "Q": QRErrorCorrectLevel.Q,
    "H": QRErrorCorrectLevel.H,
}


@dataclass(frozen=True)
class QrMatrix:
    """The modules of one QR symbol, without its quiet zone; ``True`` is dark."""

    version: int
    rows: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        """Modules per side: ``17 + 4 × version``."""
        return len(self.rows)

    def dark(self, row: int, col: int) -> bool:
        return self.rows[row][col]

    def with_quiet_zone(self, modules: int = QUIET_ZONE_MODULES) -> tuple[tuple[bool, ...], ...]:
        """The rows framed by ``modules`` light modules on every side."""
        blank = (False,) * (self.size + 2 * modules)
        pad = (False,) * modules
        middle = tuple(pad + row + pad for row in self.rows)
        return (blank,) * modules + middle + (blank,) * modules

    def as_text(self) -> str:
        """The symbol as ``#`` and ``.`` lines (for logs and test failures)."""
        return "\n".join("".join("#" if d else "." for d in row) for row in self.rows)


def size_for_version(version: int) -> int:
    """Modules per side of a QR symbol of ``version`` (1–40)."""
    if not 1 <= version <= 40:
        raise ValueError(f"QR versions run from 1 to 40, not {version}.")
    return 17 + 4 * version


@functools.lru_cache(maxsize=32)
def qr_matrix(text: str, level: ErrorLevel = "M", version: int | None = None) -> QrMatrix:
    """Encode ``text`` (UTF-8, byte mode) at error-correction ``level``.

    The smallest version that fits is chosen unless ``version`` is given. The same
    text always gives the same matrix (the mask is chosen deterministically).
    Raises :class:`ValueError` when the text is empty or too long to show.
    """
    data = text.encode("utf-8")
    if not data:
        raise ValueError("There is nothing to show as a QR code.")
    if len(data) > MAX_QR_BYTES:
        raise ValueError(f"The text is too long for a QR code ({len(data)} bytes).")
    if version is not None:
        size_for_version(version)
    # Byte mode always: reportlab would otherwise guess a mode (numeric, Kanji…) per text.
    code = QRCode(version, _LEVELS[level])
    code.addData(QR8bitByte(data))
    try:
        code.make()
    except Exception as exc:  # reportlab raises a bare Exception when the data overflows
        raise ValueError(f"The text does not fit a version {version} QR code.") from exc
    count = int(code.getModuleCount())
    rows = tuple(tuple(bool(code.isDark(r, c)) for c in range(count)) for r in range(count))
    return QrMatrix(version=int(code.version), rows=rows)
