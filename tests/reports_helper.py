"""Printouts in tests: participants in a real store, and what poppler and zxing-cpp see."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from app.allocation.kit_codes import check_character
from app.models import Participant
from app.store.store import Store
from app.store.uow import Actor


def kit_code(payload: str) -> str:
    """A kit code with its check character, as the allocation list prints them."""
    return payload + check_character(payload)


def add_participant(
    store: Store,
    actor: Actor,
    *,
    screening_number: str,
    study_id: str | None,
    kit: str | None,
    initials: str = "AB",
    weight_kg: float | None = 70.0,
) -> str:
    """A participant row as enrolment and randomisation leave it (no arm: there is none)."""
    with store.transaction(actor) as session:
        p = Participant(
            screening_number=screening_number,
            study_id=study_id,
            initials=initials,
            sex="F",
            weight_kg=weight_kg,
            status="randomised" if kit else "eligible",
            kit_code=kit,
            created_at=datetime(2026, 11, 1, 8, 0, tzinfo=UTC),
        )
        session.add(p)
        session.flush()
        return p.id


def pdf_text(pdf: Path, *, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_fonts(pdf: Path) -> list[list[str]]:
    """``pdffonts`` rows, split on blanks (name, type…, emb, sub, uni, object, generation)."""
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True)
    return [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]


def barcodes(pdf: Path, folder: Path, dpi: int = 200) -> list[tuple[str, str]]:
    """(format, text) of every barcode zxing-cpp finds on the pages rendered at ``dpi``."""
    import zxingcpp
    from PIL import Image

    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    found = []
    for page in sorted(folder.glob(f"{pdf.stem}-*.png")):
        with Image.open(page) as image:
            for result in zxingcpp.read_barcodes(image):
                found.append((str(result.format).replace(" ", ""), result.text))
    return found
