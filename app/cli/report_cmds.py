"""bedside worksheet, bedside casebook: printouts as PDF files."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from app.cli.common import unlocked
from app.errors import InvalidInput
from app.reports.i18n import LANGUAGES, check_language


def writable_out(value: str) -> Path:
    """Where ``--out`` may be written: a file (new or replaced) in an existing folder."""
    path = Path(value)
    if path.is_dir():
        raise InvalidInput("--out names a folder: give the PDF file's name.")
    if not path.parent.is_dir():
        raise InvalidInput("--out is in a folder that does not exist: create it first.")
    if path.suffix.lower() != ".pdf":
        raise InvalidInput("--out must end in .pdf.")
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: never a half-written PDF."""
    fd, temp = tempfile.mkstemp(prefix=".bedside-", suffix=".pdf", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def cmd_worksheet(args: argparse.Namespace) -> int:
    from app.protocol import load_default
    from app.reports.worksheet import render_worksheet
    from app.services.reports import blank_worksheet_data, worksheet_data

    lang = check_language(args.lang)
    out = writable_out(args.out)
    if args.study_id is None and not args.blank:
        raise InvalidInput("Give the participant's study ID, or --blank for a downtime worksheet.")
    protocol = load_default()
    with unlocked(args) as (store, actor):
        if args.blank:
            data = blank_worksheet_data(protocol, store, args.study_id, printed_by=actor.name)
        else:
            data = worksheet_data(store, protocol, args.study_id, printed_by=actor.name)
    write_atomically(out, render_worksheet(data, lang))
    print(f"Wrote {out}.")
    return 0


def cmd_casebook(args: argparse.Namespace) -> int:
    from app.protocol import load_default
    from app.reports.casebook import render_casebook
    from app.services.reports import casebook_data

    lang = check_language(args.lang)
    out = writable_out(args.out)
    protocol = load_default()
    with unlocked(args) as (store, actor):
        data = casebook_data(
            store, protocol, args.study_id, audit=args.audit, printed_by=actor.name
        )
    write_atomically(out, render_casebook(data, lang))
    print(f"Wrote {out}.")
    return 0


def register(sub: Any, common: argparse.ArgumentParser | None = None) -> None:
    """Add these subcommands to the ``bedside`` parser (``common``: options after them)."""
    parents = [common] if common is not None else []
    languages = ", ".join(LANGUAGES)
    w = sub.add_parser(
        "worksheet", help="print a participant's infusion worksheet to PDF", parents=parents
    )
    w.add_argument("study_id", nargs="?", metavar="STUDY_ID", help="the participant's study ID")
    w.add_argument("--out", required=True, help="the PDF file to write")
    w.add_argument("--blank", action="store_true", help="a downtime worksheet to fill in by hand")
    w.add_argument("--lang", default="en", help=f"the printout's language ({languages})")
    w.set_defaults(func=cmd_worksheet)
    c = sub.add_parser("casebook", help="print every form of a participant to PDF", parents=parents)
    c.add_argument("study_id", metavar="STUDY_ID", help="the participant's study ID")
    c.add_argument("--out", required=True, help="the PDF file to write")
    c.add_argument("--audit", action="store_true", help="add the audit trail")
    c.add_argument("--lang", default="en", help=f"the printout's language ({languages})")
    c.set_defaults(func=cmd_casebook)
