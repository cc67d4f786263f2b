"""CTCAE v5: the curated list of adverse event terms and the wording of each grade.

Grade is the intensity of an event, from 1 (mild) to 5 (death related to the event). A
term from the list defines the grades it can have, each in its own words; an event typed
as free text is graded by the general wording. The list ships in ``resources/``.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.sentences import QT_TRANSLATE_NOOP

GRADES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class CtcaeTerm:
    code: str
    term: str
    soc: str
    grades: Mapping[int, str]
    """The term's own wording of each grade it defines; a grade it lacks cannot be chosen."""
    infusion_reaction: bool = False


@dataclass(frozen=True)
class CtcaeTerms:
    version: str
    general: Mapping[int, str]
    terms: tuple[CtcaeTerm, ...]

    def get(self, code: str | None) -> CtcaeTerm | None:
        return next((t for t in self.terms if t.code == code), None)

    def grade_wording(self, code: str | None, grade: int) -> str:
        """The term's own wording of ``grade``, or the general wording for a free term."""
        term = self.get(code)
        if term is not None:
            return term.grades.get(grade) or QT_TRANSLATE_NOOP(
                "AdverseEvents", "{term} has no grade {grade} in CTCAE."
            ).format(term=term.term, grade=grade)
        return self.general.get(grade, "")


def ctcae_terms_path() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if isinstance(bundle, str) else Path(__file__).resolve().parents[2]
    return root / "resources" / "ctcae_terms.toml"


@cache
def load_ctcae_terms(path: Path | None = None) -> CtcaeTerms:
    """The curated CTCAE list shipped in ``resources/`` (read once)."""
    data = tomllib.loads((path or ctcae_terms_path()).read_text("utf-8"))
    terms = tuple(
        CtcaeTerm(
            code=t["code"],
            term=t["term"],
            soc=t["soc"],
            grades={int(g): text for g, text in t.get("grades", {}).items()},
            infusion_reaction=bool(t.get("infusion_reaction", False)),
        )
        for t in data["term"]
    )
    general = {int(g): text for g, text in data["general"].items()}
    return CtcaeTerms(str(data["ctcae_version"]), general, terms)
