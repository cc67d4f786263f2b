"""The one typeface every printout uses, embedded (subset) in each PDF.

WenQuanYi Micro Hei is a TrueType collection with Latin and CJK glyphs, so a Chinese
worksheet prints on a machine without Chinese fonts. ReportLab refuses OpenType CFF
fonts (Noto Sans CJK), which is why this one is bundled in ``resources/fonts`` with its
licence. It has no bold face: headings differ by size and rules.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "BedsideSans"
FONT_FILE = "wqy-microhei.ttc"
_lock = threading.Lock()


def fonts_folder() -> Path:
    """``resources/fonts`` in a checkout, or at the same place inside a frozen build."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if isinstance(bundle, str) else Path(__file__).resolve().parents[2]
    return root / "resources" / "fonts"


def register_fonts() -> str:
    """Register the bundled font once per process; returns its name for styles."""
    with _lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            path = fonts_folder() / FONT_FILE
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
    return FONT_NAME
