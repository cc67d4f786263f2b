"""Record state at the hub, derived by replaying a device's audited field values.

A bundle asserts no record state: each record is what its audit rows make it.
A record belongs to the device whose trail created it; another device's rows
cannot touch it, and a record cannot be created twice or changed before it exists.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select, tuple_
from sqlalchemy.orm import Session

from app.hub.continuity import Rejected
from app.hub.models import HubRecord
from app.hub.schema import TABLES
from app.store.provenance import Seal
from app.sync.changes import SYNC_TABLES

RECORDS: Table = HubRecord.__table__  # type: ignore[assignment]
_SYNCED = frozenset(SYNC_TABLES)
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
_LOOKUP_BATCH = 400


@dataclass
class RecordState:
    device: str
    row_version: int
    deleted: bool
    data: dict[str, Any]
    new: bool = False


def load_records(
    session: Session, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], RecordState]:
    """The hub's current state of ``keys`` (table, record id), from every device."""
    found: dict[tuple[str, str], RecordState] = {}
    wanted = sorted(keys)
    for start in range(0, len(wanted), _LOOKUP_BATCH):
        chunk = wanted[start : start + _LOOKUP_BATCH]
        rows = session.execute(
            select(
                RECORDS.c.table_name,
                RECORDS.c.record_id,
                RECORDS.c.device,
                RECORDS.c.row_version,
                RECORDS.c.deleted,
                RECORDS.c.data_json,
            ).where(tuple_(RECORDS.c.table_name, RECORDS.c.record_id).in_(chunk))
        )
        for table, record_id, device, version, deleted, data_json in rows:
            found[(table, record_id)] = RecordState(
                device, int(version or 0), bool(deleted), json.loads(data_json)
            )
    return found


def touched_keys(rows: Sequence[Mapping[str, Any]]) -> set[tuple[str, str]]:
    return {
        (row["table_name"], row["record_id"])
        for row in rows
        if row["table_name"] in _SYNCED and row["record_id"] is not None
    }


def replay(
    device: str,
    rows: Sequence[Mapping[str, Any]],
    seals: Sequence[Seal],
    states: dict[tuple[str, str], RecordState],
) -> list[tuple[str, str, str, int, bool, str]]:
    """Apply ``rows`` to ``states``; the records to write (``merge.RECORD_COLUMNS``)."""
    # Each row's transaction is named by its last row; rows and seals are both in order.
    ends = sorted(seal.last_seq for seal in seals)
    position, count = 0, len(ends)
    bumped: set[tuple[tuple[str, str], int]] = set()
    changed: dict[tuple[str, str], RecordState] = {}
    for row in rows:
        table = row["table_name"]
        if table not in _SYNCED:
            continue
        key = (table, row["record_id"])
        state = states.get(key)
        action = row["action"]
        if state is not None and state.device != device:
            raise Rejected(
                "foreign_record",
                f"Record {key[1]} of {table} belongs to device {state.device}: a bundle from "
                f"{device} cannot change it.",
            )
        if action == "insert":
            if state is not None and not state.new:
                raise Rejected(
                    "duplicate_record",
                    f"Audit row {row['seq']} creates record {key[1]} of {table}, which exists.",
                )
            if state is None:
                # Every field, as the device's signed content has it (None until set).
                fields = dict.fromkeys(TABLES[table])
                state = states[key] = RecordState(device, 0, False, fields, new=True)
            state.data[row["field"]] = row["new_value"]
        elif state is None:
            raise Rejected(
                "unknown_record",
                f"Audit row {row['seq']} changes record {key[1]} of {table}, which was never "
                "created.",
            )
        elif action == "update":
            state.data[row["field"]] = row["new_value"]
        else:  # delete: the record keeps its last data, flagged, for the trail
            state.deleted = True
        seq = int(row["seq"])
        while position < count and ends[position] < seq:
            position += 1
        mark = (key, ends[position] if position < count else seq)
        if mark not in bumped:
            bumped.add(mark)
            state.row_version += 1
        changed[key] = state
    return [
        (table, record_id, device, s.row_version, s.deleted, _ENCODER.encode(s.data))
        for (table, record_id), s in changed.items()
    ]
