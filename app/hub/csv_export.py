"""``bedside hub export-csv``: one CSV file per table for statisticians, and the audit trail.

Each file is UTF-8 (no byte-order mark) with a header line: the record id, the
device, the row version and the deleted flag, the subject key where the table
belongs to a participant, then the mapped columns, units in their names. Values
are written exactly as the device stored them (numbers are not reformatted,
instants stay UTC ``…Z``, booleans ``true``/``false``); an empty cell is no value.
Deleted records stay, flagged, with their last data. The one change: text a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab or CR first)
gets a leading ``'`` in every file (:func:`neutralise`); the ODM export keeps it as typed.

The export is blinded like the ODM one: only mapped, blinded columns; signatures
only on exported forms; audit rows keep who/when/what, but their values and
reason are withheld (``values_withheld=true``) unless the field or event is one a
blinded export may show.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.hub import export_source as source
from app.hub.export_mapping import (
    SIGNATURE_TABLE,
    SUBJECT_TABLE,
    audit_values_exportable,
    blinded_tables,
)
from app.hub.export_model import BOOKKEEPING_HEADERS, SUBJECT_KEY_HEADER, ExportTable
from app.hub.export_safety import SUBJECT_VIA
from app.hub.store import Hub
from app.store.engine import translate_os_error
from app.sync.atomic import fsync_directory, temp_name

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
AUDIT_FILE = "audit.csv"
AUDIT_HEADERS = (
    "device",
    "seq",
    "at_utc",
    "user_name",
    "action",
    "table_name",
    "record_id",
    "field",
    "old_value",
    "new_value",
    "reason",
    "values_withheld",
)


@dataclass(frozen=True)
class CsvSummary:
    """What an export wrote (the command line reports it)."""

    folder: Path
    rows: dict[str, int]
    """File name → data rows written (header not counted)."""


def check_new_folder(out: Path) -> None:
    """Refuse a file, a folder that is not empty, or a missing parent, before any work."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InvalidInput(f"{out} exists and is not an empty folder: Bedside does not overwrite.")
    if not out.parent.is_dir():
        raise InvalidInput(f"The folder {out.parent} does not exist.")


@contextmanager
def new_folder(out: Path) -> Iterator[Path]:
    """A hidden temporary folder beside ``out``, renamed to ``out`` only when complete."""
    check_new_folder(out)
    tmp = out.with_name(temp_name(out.name))
    try:
        tmp.mkdir()
    except OSError as exc:
        raise translate_os_error(exc, out.parent) from None
    try:
        yield tmp
        if out.exists():
            if any(out.iterdir()):
                raise InvalidInput(f"{out} filled up while exporting: nothing was written.")
            out.rmdir()
        os.rename(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise translate_os_error(exc, out.parent) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    fsync_directory(out.parent)


def neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet shows it but never runs it (OWASP, CSV injection).

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading ``'``. A plain number such as ``-2.5`` is data, never a formula, and stays
    as it is, so negative values still read as numbers.
    """
    if cell.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


class _NeutralisingWriter:
    """A ``csv.writer`` that neutralises every cell: no file can skip it."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[str]) -> None:
        self._writer.writerow([neutralise(cell) for cell in row])


@contextmanager
def _csv_file(path: Path, headers: tuple[str, ...]) -> Iterator[_NeutralisingWriter]:
    with open(path, "x", encoding="utf-8", newline="") as stream:
        writer = _NeutralisingWriter(csv.writer(stream))
        writer.writerow(headers)
        yield writer
        stream.flush()
        os.fsync(stream.fileno())


def export_csv(hub: Hub, out: Path) -> CsvSummary:
    """Write the hub's blinded CSV files into ``out`` (a new or empty folder)."""
    check_new_folder(out)
    rows: dict[str, int] = {}
    with hub.session() as session, new_folder(out) as folder:
        subjects = source.subjects(session)
        tables = blinded_tables()
        forms = {t.table for t in tables if t.form is not None}
        for table in tables:
            rows[table.csv_file] = _write_table(folder, session, table, subjects, forms)
        rows[AUDIT_FILE] = _write_audit(folder, session)
    return CsvSummary(out, rows)


def _subject_column(table: ExportTable) -> str | None:
    """The column naming the participant's record; "" when the record is the participant."""
    if table.table == SUBJECT_TABLE:
        return ""
    return table.form.subject_column if table.form is not None else None


def _owners(session: Session, via: tuple[str, str]) -> dict[str, str]:
    """Record id → participant record id, for the table a record names as its owner."""
    return {
        r.record_id: str(r.data.get(via[1]) or "") for r in source.iter_records(session, via[0])
    }


def _write_table(
    folder: Path,
    session: Session,
    table: ExportTable,
    subjects: dict[str, source.Subject],
    forms: set[str],
) -> int:
    link = _subject_column(table)
    via = SUBJECT_VIA.get(table.table)
    owners = {} if via is None else _owners(session, via)
    headers = (
        *BOOKKEEPING_HEADERS,
        *((SUBJECT_KEY_HEADER,) if link is not None else ()),
        *(c.header for c in table.columns),
    )
    count = 0
    with _csv_file(folder / table.csv_file, headers) as writer:
        for record in source.iter_records(session, table.table):
            if table.table == SIGNATURE_TABLE and record.data.get("table_name") not in forms:
                continue  # a signature on a record this export leaves out says nothing here
            row: list[str] = [
                record.record_id,
                record.device,
                "" if record.row_version is None else str(record.row_version),
                "true" if record.deleted else "false",
            ]
            if link is not None:
                owner = record.record_id if link == "" else str(record.data.get(link) or "")
                owner = owners.get(owner, "") if via is not None else owner
                subject = subjects.get(owner)
                row.append(subject.key if subject else "")
            row.extend(source.as_text(record.data.get(c.name)) or "" for c in table.columns)
            writer.writerow(row)
            count += 1
    return count


def _write_audit(folder: Path, session: Session) -> int:
    count = 0
    with _csv_file(folder / AUDIT_FILE, AUDIT_HEADERS) as writer:
        for a in source.iter_audit(session):
            shown = audit_values_exportable(a.table_name, a.field, a.action)
            writer.writerow(
                [
                    a.device,
                    str(a.seq),
                    a.at_utc,
                    a.user_name,
                    a.action,
                    a.table_name or "",
                    a.record_id or "",
                    a.field or "",
                    (a.old_value or "") if shown else "",
                    (a.new_value or "") if shown else "",
                    (a.reason or "") if shown else "",
                    "false" if shown else "true",
                ]
            )
            count += 1
    return count
