"""The protocol's bedside-infusion rules: how long a product check stays valid, when a
vital-signs timepoint is due and overdue, and the stop criteria.

They are the protocol file's ``[infusion]`` table (the loader accepts it; it is read
here, so a protocol without infusions still loads). Every rule is the same for both
arms.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from app.protocol.model import PLAUSIBILITY_FIELDS, Protocol
from app.protocol.reader import ProtocolError, Table, fail

COMPARISONS = (">=", ">", "<=", "<", "drop_from_pre")
"""How a stop criterion compares a value: with its threshold, or (``drop_from_pre``) the
fall from the same measurement before the infusion, at or above the threshold."""


@dataclass(frozen=True)
class StopCriterion:
    """One vital-sign finding that prompts "stop the infusion?"."""

    code: str
    field: str
    """A plausibility field name, e.g. ``temperature_celsius``."""
    comparison: str
    threshold: Decimal
    label_en: str
    label_zh: str

    def met(self, value: Decimal, before: Decimal | None = None) -> bool:
        """Whether ``value`` (and, for a drop, the pre-infusion ``before``) meets it."""
        if self.comparison == "drop_from_pre":
            return before is not None and before - value >= self.threshold
        return {
            ">=": value >= self.threshold,
            ">": value > self.threshold,
            "<=": value <= self.threshold,
            "<": value < self.threshold,
        }[self.comparison]


@dataclass(frozen=True)
class InfusionRules:
    product_check_valid_minutes: int
    """A product check older than this when the infusion starts must be done again."""
    due_before_minutes: int
    """A timepoint shows as due from this many minutes before its target time."""
    overdue_grace_minutes: int
    """A timepoint not recorded this many minutes after its target time is overdue."""
    stop_criteria: tuple[StopCriterion, ...]


def _criterion(t: Table) -> StopCriterion:
    field = t.text("field")
    if field not in PLAUSIBILITY_FIELDS:
        raise fail(t.key_path("field"), f"names an unknown field {field!r}")
    criterion = StopCriterion(
        code=t.text("code", r"[a-z][a-z0-9_]{0,31}", "a lower-case code"),
        field=field,
        comparison=t.choice("comparison", COMPARISONS),
        threshold=t.number("threshold", 0, 10000),
        label_en=t.text("label_en"),
        label_zh=t.text("label_zh"),
    )
    t.done()
    return criterion


def parse_infusion(table: Table) -> InfusionRules:
    criteria = tuple(_criterion(t) for t in table.tables("stop_criteria"))
    codes = [c.code for c in criteria]
    for i, code in enumerate(codes):
        if code in codes[:i]:
            raise fail(table.key_path(f"stop_criteria[{i}].code"), f"repeats {code!r}")
    rules = InfusionRules(
        product_check_valid_minutes=table.whole("product_check_valid_minutes", 1, 24 * 60),
        due_before_minutes=table.whole("due_before_minutes", 0, 240),
        overdue_grace_minutes=table.whole("overdue_grace_minutes", 0, 240),
        stop_criteria=criteria,
    )
    table.done()
    return rules


@cache
def _rules_of(path: Path, fingerprint: str) -> InfusionRules:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ProtocolError(f"{path.name} cannot be read ({error.strerror or error}).") from None
    try:
        document = tomllib.loads(raw.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ProtocolError(f"{path.name} is not valid TOML ({error}).") from None
    if not isinstance(document.get("infusion"), dict):
        raise ProtocolError(f"{path.name} has no [infusion] table: the infusion record needs one.")
    try:
        return parse_infusion(Table(document, "").table("infusion"))
    except ProtocolError as error:
        raise ProtocolError(f"{path.name}: {error}", error.key_path) from None


def infusion_rules(protocol: Protocol) -> InfusionRules:
    """The ``[infusion]`` table of ``protocol``'s file (read once per file version)."""
    return _rules_of(protocol.source_path, protocol.fingerprint)
