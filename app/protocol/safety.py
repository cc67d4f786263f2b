"""The protocol's safety reporting rules: the SAE reporting window and the reference
safety information (RSI) that expectedness is judged against.

They are the protocol file's ``[safety]`` table (the loader accepts it; it is read here,
so a protocol without adverse-event reporting still loads).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from app.protocol.model import Protocol
from app.protocol.reader import ProtocolError, Table


@dataclass(frozen=True)
class SafetyRules:
    sae_reporting_window_hours: int
    """Hours from the site's awareness of a serious AE to the report to the sponsor."""
    sae_urgent_within_hours: int
    """The clock turns urgent when this many hours or fewer remain."""
    reference_safety_information: str
    reference_safety_information_version: str


def _document(path: Path) -> dict[str, object] | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ProtocolError(f"{path.name} cannot be read ({error.strerror or error}).") from None
    try:
        return tomllib.loads(raw.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ProtocolError(f"{path.name} is not valid TOML ({error}).") from None


def parse_safety(table: Table) -> SafetyRules:
    window = table.whole("sae_reporting_window_hours", 1, 24 * 30)
    urgent = table.whole("sae_urgent_within_hours", 0, window)
    rules = SafetyRules(
        sae_reporting_window_hours=window,
        sae_urgent_within_hours=urgent,
        reference_safety_information=table.text("reference_safety_information"),
        reference_safety_information_version=table.text("reference_safety_information_version"),
    )
    table.done()
    return rules


def safety_rules(protocol: Protocol) -> SafetyRules:
    """The ``[safety]`` table of ``protocol``'s file."""
    source = protocol.source_path
    for path in (source,):
        document = _document(path)
        if document is not None and isinstance(document.get("safety"), dict):
            try:
                return parse_safety(Table(document, "").table("safety"))
            except ProtocolError as error:
                raise ProtocolError(f"{path.name}: {error}", error.key_path) from None
    raise ProtocolError(f"{source.name} has no [safety] table: the SAE clock needs one.")
