"""Load a protocol TOML file into a validated, frozen :class:`Protocol`."""

from __future__ import annotations

import hashlib
import os
import sys
import tomllib
from decimal import Decimal
from pathlib import Path

from app.protocol.model import CriterionKind, Protocol
from app.protocol.reader import ProtocolError, Table, fail
from app.protocol.sections import (
    parse_arms,
    parse_criteria,
    parse_dose,
    parse_infusion_vitals,
    parse_labs,
    parse_outcomes,
    parse_oxygenation,
    parse_plausibility,
    parse_study,
    parse_thresholds,
    parse_visits,
)

SCHEMA_VERSION = 1
DEFAULT_PROTOCOL_FILE = "NCT04339660.toml"


def default_protocol_path() -> Path:
    """Where the study's own protocol file lives.

    In a source checkout that is ``<repo>/resources/protocols``; in a PyInstaller build
    the spec must copy ``resources/protocols`` to the same relative place inside the
    bundle (``sys._MEIPASS``).
    """
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if isinstance(bundle, str) else Path(__file__).resolve().parents[2]
    return root / "resources" / "protocols" / DEFAULT_PROTOCOL_FILE


def load_default() -> Protocol:
    """Load the NCT04339660 protocol shipped with the app."""
    return load_protocol(default_protocol_path())


def load_protocol(path: str | os.PathLike[str]) -> Protocol:
    """Read, parse and fully validate the protocol file at ``path``.

    Raises :class:`ProtocolError` with one sentence naming the file and the offending
    key path when anything is missing, mistyped, out of range or unknown.
    """
    source = Path(path)
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise ProtocolError(
            f"The protocol file {source} cannot be read ({error.strerror or error})."
        ) from None
    try:
        return parse_protocol(raw, source)
    except ProtocolError as error:
        raise ProtocolError(f"{source.name}: {error}", error.key_path) from None


def parse_protocol(raw: bytes, source: Path) -> Protocol:
    """Validate protocol bytes; ``source`` is recorded but not read."""
    try:
        document = tomllib.loads(raw.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise ProtocolError("the file is not UTF-8 text.") from None
    except tomllib.TOMLDecodeError as error:
        raise ProtocolError(f"the file is not valid TOML ({error}).") from None
    root = Table(document, "")
    schema_version = root.whole("schema_version", SCHEMA_VERSION, SCHEMA_VERSION)
    eligibility = root.table("eligibility")
    inclusion = parse_criteria(eligibility.tables("inclusion"), exclusion=False)
    exclusion = parse_criteria(eligibility.tables("exclusion", minimum=0), exclusion=True)
    eligibility.done()
    if not any(c.kind == CriterionKind.AGE for c in inclusion):
        raise fail("eligibility.inclusion", "must contain one criterion of kind 'age'")
    protocol = Protocol(
        schema_version=schema_version,
        study=parse_study(root.table("study")),
        arms=parse_arms(root.tables("arms", minimum=2)),
        inclusion=inclusion,
        exclusion=exclusion,
        thresholds=parse_thresholds(root.table("thresholds")),
        visits=parse_visits(root.tables("visits")),
        labs=parse_labs(root.tables("labs", minimum=0)),
        dose=parse_dose(root.table("dose")),
        infusion_vitals=parse_infusion_vitals(root.table("infusion_vitals")),
        plausibility=parse_plausibility(root.table("plausibility")),
        oxygenation=parse_oxygenation(root.table("oxygenation")),
        outcomes=parse_outcomes(root.table("outcomes")),
        source_path=source,
        fingerprint=hashlib.sha256(raw).hexdigest(),
    )
    if root.has("safety"):
        # Read by app.protocol.safety (the SAE clock and the reference safety information).
        root.table("safety")
    # Each read by its own module, so a protocol without them still loads:
    # [preparation] by app.protocol.preparation (use-by, second dose),
    # [infusion] by app.protocol.infusion (product-check window, stop criteria).
    for name in ("preparation", "infusion"):
        if root.has(name):
            root.table(name)
    root.done()
    return protocol
