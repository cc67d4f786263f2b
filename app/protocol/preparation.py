"""The protocol's rules for preparing a dose: how long a prepared (thawed) bag may wait,
the viability a cell product needs, how close the bag's cell count must be to the dose,
and whether (and when) a second dose may be given.

They are the protocol file's ``[preparation]`` table (the loader accepts it; it is read
here, so a protocol without product preparation still loads). The interval between
doses is not repeated here: it is the ``[dose]`` table's ``repeat_interval_days``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from app.protocol.model import Protocol
from app.protocol.reader import ProtocolError, Table, fail


@dataclass(frozen=True)
class PreparationRules:
    use_by_hours: int
    """Hours from preparation (or thaw) after which the bag must not be started."""
    viability_min_percent: Decimal
    """Below this viability the cell product is not released."""
    cell_count_tolerance_percent: Decimal
    """How far the bag's cell count may be from the computed dose, either way."""
    second_dose_allowed: bool
    max_doses: int
    repeat_interval_days: int | None
    """From ``[dose]``: the least number of days between one dose and the next."""


def parse_preparation(table: Table, repeat_interval_days: int | None) -> PreparationRules:
    allowed = table.flag("second_dose_allowed")
    max_doses = table.whole("max_doses", 1, 10)
    if allowed and max_doses < 2:
        raise fail(table.key_path("max_doses"), "must be at least 2 when a second dose is allowed")
    if not allowed and max_doses != 1:
        raise fail(table.key_path("max_doses"), "must be 1 when no second dose is allowed")
    if allowed and repeat_interval_days is None:
        raise fail(
            table.key_path("second_dose_allowed"),
            "needs dose.repeat_interval_days, the least interval between doses",
        )
    rules = PreparationRules(
        use_by_hours=table.whole("use_by_hours", 1, 72),
        viability_min_percent=table.number("viability_min_percent", 0, 100),
        cell_count_tolerance_percent=table.number("cell_count_tolerance_percent", 0, 50),
        second_dose_allowed=allowed,
        max_doses=max_doses,
        repeat_interval_days=repeat_interval_days,
    )
    table.done()
    return rules


@cache
def _rules_of(path: Path, fingerprint: str, repeat_interval_days: int | None) -> PreparationRules:
    del fingerprint  # part of the cache key: a changed file is read again
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ProtocolError(f"{path.name} cannot be read ({error.strerror or error}).") from None
    try:
        document = tomllib.loads(raw.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ProtocolError(f"{path.name} is not valid TOML ({error}).") from None
    if not isinstance(document.get("preparation"), dict):
        raise ProtocolError(
            f"{path.name} has no [preparation] table: preparing study product needs one."
        )
    try:
        return parse_preparation(Table(document, "").table("preparation"), repeat_interval_days)
    except ProtocolError as error:
        raise ProtocolError(f"{path.name}: {error}", error.key_path) from None


def preparation_rules(protocol: Protocol) -> PreparationRules:
    """The ``[preparation]`` table of ``protocol``'s file (read once per file version)."""
    return _rules_of(protocol.source_path, protocol.fingerprint, protocol.dose.repeat_interval_days)
