"""The change feed a bundle carries: audit rows in a range, and the seals that sign them.

The audit trail is the device's change log. A bundle covering audit rows
``first..last`` carries those rows verbatim (so the hub can continue the hash
chain) and the seal of every transaction among them (each signed by the person
who committed it). The hub derives each record's state by replaying the audited
field values; a bundle asserts no record state of its own.

Rows are read through the driver directly and written with one shared JSON
encoder: a bundle may carry hundreds of thousands of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from app.store.audit import CHAIN_FIELDS

# Tables whose records travel to the hub, parents before children.
SYNC_TABLES: tuple[str, ...] = (
    "store_info",
    "users",
    "person_keys",
    "participants",
    "vital_signs",
    "oxygenation",
    "eligibility_assessments",
    "lab_results",
    "chest_imaging",
    "symptoms",
    "nucleic_acid_tests",
    "who_scale_scores",
    "dispositions",
    "allocation_parts",
    "allocation_slots",
    "preparations",
    "product_checks",
    "infusions",
    "infusion_interruptions",
    "infusion_vitals",
    "unblindings",
    "adverse_events",
    "sae_reports",
    "con_meds",
    "signatures",
)
AUDIT_COLUMNS = (*CHAIN_FIELDS, "prev_hash", "row_hash")
# A bundle holds exactly these members (besides its manifest and the manifest's signature).
AUDIT_MEMBER = "audit.jsonl"
SEALS_MEMBER = "seals.jsonl"
BUNDLE_MEMBERS = frozenset({AUDIT_MEMBER, SEALS_MEMBER})
SEAL_COLUMNS = ("first_seq", "last_seq", "signer", "signature")
DATA_ACTIONS = frozenset({"insert", "update", "delete"})
_PRESORTED = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Feed:
    """What goes into one bundle."""

    audit_first: int
    audit_last: int
    audit_head: str
    audit_jsonl: bytes
    seals_jsonl: bytes
    records: int  # distinct synced records the rows touch


def _cursor(conn: Connection) -> Any:
    return conn.connection.driver_connection.cursor()  # type: ignore[union-attr]


# Each audit row's JSON line is made by SQLite's json_object(), keys in sorted order:
# byte for byte what the shared encoder writes for the same dict (no spaces, UTF-8 kept,
# control characters escaped the same way; tests/unit/test_change_feed.py holds it), and
# made in C, where a bundle's hundred thousand rows cost no Python per field.
_AUDIT_JSON = "json_object({})".format(
    ", ".join(f"'{name}', {name}" for name in sorted(AUDIT_COLUMNS))
)


def audit_lines(conn: Connection, first: int, last: int) -> Iterator[tuple[str, str, str | None]]:
    """Each audit row ``first..last`` as its JSON line, with its table and record id."""
    cursor = _cursor(conn)
    cursor.execute(
        f"SELECT {_AUDIT_JSON}, table_name, record_id FROM audit_log "
        "WHERE seq BETWEEN ? AND ? ORDER BY seq",
        (first, last),
    )
    while rows := cursor.fetchmany(5000):
        yield from rows


def seals(conn: Connection, first: int, last: int) -> Iterator[dict[str, Any]]:
    """The seals of the transactions whose rows lie in ``first..last``."""
    cursor = _cursor(conn)
    cursor.execute(
        "SELECT first_seq, last_seq, signer, signature FROM audit_seals "
        "WHERE last_seq BETWEEN ? AND ? ORDER BY last_seq",
        (first, last),
    )
    for row in cursor.fetchall():
        yield dict(zip(SEAL_COLUMNS, row, strict=True))


def build_feed(conn: Connection, first: int, last: int, head: str) -> Feed:
    encode_sorted = _PRESORTED.encode
    lines: list[str] = []
    synced = frozenset(SYNC_TABLES)
    touched: set[tuple[str, str]] = set()
    for line, table, record in audit_lines(conn, first, last):
        lines.append(line)
        if record and table in synced:
            touched.add((table, record))
    seal_lines = [encode_sorted(dict(sorted(seal.items()))) for seal in seals(conn, first, last)]
    lines.append("")
    return Feed(
        audit_first=first,
        audit_last=last,
        audit_head=head,
        audit_jsonl="\n".join(lines).encode("utf-8") if len(lines) > 1 else b"",
        seals_jsonl="".join(line + "\n" for line in seal_lines).encode("utf-8"),
        records=len(touched),
    )


# The decoder's scanner, called directly: raw_decode is this call wrapped in a frame of
# Python, which costs a sixth of the parse of a bundle's hundred thousand lines.
def _not_json(constant: str) -> Any:
    """NaN and Infinity are not JSON (RFC 8259), though Python's decoder reads them."""
    raise ValueError(f"{constant} is not JSON")


_SCAN = json.JSONDecoder(parse_constant=_not_json).scan_once  # type: ignore[attr-defined]


def parse_jsonl(data: bytes | str) -> list[dict[str, Any]]:
    """Strict JSON lines (UTF-8 bytes, or text already decoded): each line exactly one
    object; raises ValueError otherwise."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    scan, find, starts = _SCAN, text.find, text.startswith
    out: list[dict[str, Any]] = []
    append = out.append
    index, end = 0, len(text)
    while index < end:
        try:
            value, stop = scan(text, index)
        except StopIteration:
            raise ValueError("a JSON-lines member holds a line that is not JSON") from None
        except RecursionError:
            # Deeply nested JSON: no line Bedside writes is nested at all.
            raise ValueError("a JSON-lines member nests too deeply") from None
        if type(value) is not dict or not starts("\n", stop) or find("\n", index, stop) != -1:
            raise ValueError("a JSON-lines member holds something other than one object per line")
        append(value)
        index = stop + 1
    return out
