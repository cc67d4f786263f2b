"""bedside ae list | report: every adverse event with its grade, seriousness and reporting
deadline, and one event's report as a PDF ready to fax or scan.

Blinded or not, the output names each participant by study ID and kit code: no arm.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from app.cli.common import print_json, unlocked
from app.errors import InvalidInput
from app.timeutil import iso_utc

if TYPE_CHECKING:
    from app.services.adverse_events import AeView

# The protocol and the services are imported by the commands that use them: every other
# command's start-up is spared them.

DASH = "—"


def _as_json(view: AeView) -> dict[str, Any]:
    entry = view.entry
    clock = view.clock
    return {
        "id": view.id,
        "participant_id": view.participant_id,
        "study_id": view.study_id,
        "kit_code": view.kit_code,
        "term": view.term,
        "term_code": entry.term_code,
        "grade": entry.grade,
        "serious": view.serious,
        "seriousness": sorted(entry.seriousness),
        "causality_product": entry.causality_product,
        "causality_procedures": entry.causality_procedures,
        "expectedness": entry.expectedness,
        "rsi_version": view.rsi_version,
        "outcome": entry.outcome,
        "infusion_reaction": view.infusion_reaction,
        "status": view.status,
        "onset_at": None if entry.onset_at is None else iso_utc(entry.onset_at),
        "aware_at": None if entry.aware_at is None else iso_utc(entry.aware_at),
        "clock": clock.status.value,
        "reporting_deadline": None if clock.deadline is None else iso_utc(clock.deadline),
        "reported_at": iso_utc(view.reports[0].reported_at) if view.reports else None,
        "follow_up_reports": max(0, len(view.reports) - 1),
    }


def cmd_list(args: argparse.Namespace) -> int:
    from app.protocol import load_default
    from app.services.adverse_events import list_aes

    protocol = load_default()
    with unlocked(args) as (store, _actor):
        views = list_aes(store, protocol)
    if args.json:
        print_json([_as_json(v) for v in views])
        return 0
    print(f"{'STUDY ID':<10} {'KIT':<8} {'GRADE':<5} {'SERIOUS':<7} {'STATUS':<15} TERM / CLOCK")
    for v in views:
        serious = "yes" if v.serious else "no"
        clock = f" — {v.clock.sentence()}" if v.serious else ""
        print(
            f"{v.study_id or v.screening_number:<10} {v.kit_code or DASH:<8} "
            f"{v.entry.grade!s:<5} {serious:<7} {v.status:<15} {v.term}{clock}"
        )
    print(f"{len(views)} adverse event{'s' if len(views) != 1 else ''}.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from app.cli.report_cmds import writable_out, write_atomically
    from app.protocol import load_default
    from app.reports.ae_report import render_ae_report
    from app.reports.i18n import check_language
    from app.services.ae_report import ae_report_data

    lang = check_language(args.lang)
    out = writable_out(args.out)
    if not args.ae_id.strip():
        raise InvalidInput("Give the adverse event's id, as bedside ae list shows it.")
    protocol = load_default()
    with unlocked(args) as (store, actor):
        data = ae_report_data(store, protocol, args.ae_id.strip(), printed_by=actor.name)
    write_atomically(out, render_ae_report(data, lang))
    print(f"Wrote {out}.")
    return 0


def register(sub: Any, common: argparse.ArgumentParser | None = None) -> None:
    """Add ``bedside ae …`` to the parser (``common``: options after the subcommand)."""
    parents = [common] if common is not None else []
    ae = sub.add_parser("ae", help="adverse events and the SAE reporting clock", parents=parents)
    cmds = ae.add_subparsers(dest="ae_command", required=True, metavar="COMMAND")
    p = cmds.add_parser(
        "list", help="every adverse event with its reporting deadline", parents=parents
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_list)
    r = cmds.add_parser(
        "report", help="one event's report (the SAE form) as a PDF", parents=parents
    )
    r.add_argument("ae_id", metavar="AE_ID", help="the event's id (bedside ae list --json)")
    r.add_argument("--out", required=True, help="the PDF file to write")
    r.add_argument("--lang", default="en", help="the printout's language (en, zh_CN)")
    r.set_defaults(func=cmd_report)
