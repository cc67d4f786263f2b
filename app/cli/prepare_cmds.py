"""bedside prepare STUDY_ID … | prepare check STUDY_ID | prepare list STUDY_ID |
prepare discard STUDY_ID | prepare sheet STUDY_ID --out FILE.pdf.

``prepare STUDY_ID`` is the pharmacist's: the weight used, the preparation (thaw) time
and, for a cell product, the lot, its expiry, the cell count and viability. Placebo
takes the same options; the participant's arm decides which are needed, and only a
pharmacist learns which (anyone else is refused before the arm is looked at).
``prepare check`` is the second person's, with their own password (``BEDSIDE_PASSWORD``,
asked again): each item checked on the bag is named with ``--confirm``. ``prepare
list`` shows what both arms share, and the content to a pharmacist only. ``prepare
sheet`` prints the pharmacist's preparation sheet of a kept bag (UNBLINDED). Bad input is
one line on stderr, a non-zero exit and nothing changed; a refusal that could name
what a bag holds is said on stderr only, never written to the log.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from app.cli.checks import bounded_sentence, check_text
from app.cli.common import acting_user, data_dir, print_json, unlocked
from app.clinical.errors import ValidationError
from app.errors import BedsideError, InvalidInput

ACTIONS = ("check", "list", "discard", "sheet")
PREPARE_ONLY = (
    "weight_kg", "lot", "lot_expiry", "cell_count", "viability_percent", "prepared_at",
)  # fmt: skip
WHEN_FORMATS = "2026-11-26 09:30 (this laptop's time) or 2026-11-26T09:30+08:00"


def _words(args: argparse.Namespace) -> tuple[str, str]:
    """(action, study ID) from the positional words: ``STUDY_ID`` or ``ACTION STUDY_ID``."""
    words = [check_text(w, "STUDY_ID", 64).strip() for w in args.words]
    if len(words) == 2 and words[0] in ACTIONS:
        action, study_id = words
    elif len(words) == 1 and words[0] not in ACTIONS:
        action, study_id = "prepare", words[0]
    elif len(words) == 1:
        raise InvalidInput(f"prepare {words[0]} needs the participant's study ID.")
    else:
        raise InvalidInput(
            "Give one study ID: bedside prepare [check|list|discard|sheet] STUDY_ID."
        )
    if not study_id:
        raise InvalidInput("STUDY_ID is empty: give the participant's study ID.")
    for name in PREPARE_ONLY if action != "prepare" else ():
        if getattr(args, name) is not None:
            flag = "--" + name.replace("_", "-")
            raise InvalidInput(f"{flag} is for preparing a dose, not for prepare {action}.")
    if action != "check" and args.confirm:
        raise InvalidInput("--confirm is for prepare check only.")
    if action != "discard" and args.reason is not None:
        raise InvalidInput("--reason is for prepare discard only.")
    for name in ("out", "lang") if action != "sheet" else ():
        if getattr(args, name) is not None:
            raise InvalidInput(f"--{name} is for prepare sheet only.")
    return action, study_id


def parse_when(text: str) -> datetime:
    """A preparation time typed on the command line, as an aware datetime."""
    from app.clinical.parsing import parse_local_datetime

    typed = text.strip()
    if "T" in typed:
        try:
            at = datetime.fromisoformat(typed)
        except ValueError:
            at = None
        if at is not None and at.tzinfo is not None:
            return at
        raise InvalidInput(f"--prepared-at: write the time as {WHEN_FORMATS}.")
    day, _sep, clock = typed.rpartition(" ")
    try:
        at = parse_local_datetime(day, clock, "prepared_at", "--prepared-at")
    except ValidationError:
        at = None
    if at is None:
        raise InvalidInput(f"--prepared-at: write the time as {WHEN_FORMATS}.")
    return at


def _say(exc: BedsideError | ValidationError) -> int:
    """Refuse on stderr only: the log may be read by blinded people."""
    sentence = exc.sentence if isinstance(exc, BedsideError) else exc.message
    print(f"bedside: {bounded_sentence(sentence)}", file=sys.stderr)
    return exc.exit_code if isinstance(exc, BedsideError) else 1


def _shared(view: Any) -> dict[str, Any]:
    def at(moment: datetime | None) -> str | None:
        return None if moment is None else moment.isoformat()

    return {
        "id": view.id,
        "study_id": view.study_id,
        "kit_code": view.kit_code,
        "product": view.product,
        "dose_number": view.dose_number,
        "weight_kg": view.weight_kg,
        "volume_ml": view.volume_ml,
        "prepared_at": at(view.prepared_at),
        "use_by_at": at(view.use_by_at),
        "appearance_ok": view.appearance_ok,
        "status": view.status,
        "prepared_by": view.prepared_by,
        "checked_by": view.checked_by,
        "checked_at": at(view.checked_at),
        "check_kind": view.check_kind,
        "released_at": at(view.released_at),
        "discard_reason": view.discard_reason,
    }


def _unblinded(view: Any) -> dict[str, Any]:
    return {
        **_shared(view.shared),
        "content": {
            "arm": view.arm,
            "arm_name": view.arm_name,
            "lot": view.lot,
            "lot_expiry": view.lot_expiry,
            "cell_count": view.cell_count,
            "viability_percent": view.viability_percent,
            "dose_cells": view.dose_cells,
        },
    }


def _line(view: Any) -> str:
    shared = view.shared if hasattr(view, "shared") else view
    items = view.items()
    text = (
        f"Dose {shared.dose_number}: {shared.product}, {shared.status}; "
        f"{items['volume_ml']}, use by {items['use_by']}"
    )
    if hasattr(view, "shared"):
        text += f"; {items['arm']}, {items['dose_cells']}, lot {items['lot']}"
    if shared.checked_by:
        text += f"; checked by {shared.checked_by} ({shared.check_kind})"
    return text + "."


def cmd_prepare(args: argparse.Namespace) -> int:
    action, study_id = _words(args)
    if action == "check":
        return _check(args, study_id)
    if action == "list":
        return _list(args, study_id)
    if action == "discard":
        return _discard(args, study_id)
    if action == "sheet":
        return _sheet(args, study_id)
    return _prepare(args, study_id)


def _prepare(args: argparse.Namespace, study_id: str) -> int:
    from app.cli.randomise_cmds import _participant_id
    from app.clinical.preparation import PreparationEntry
    from app.roles import Permission
    from app.services import preparation as service
    from app.timeutil import utc_now

    with unlocked(args) as (store, actor):
        if not actor.can(Permission.SEE_ARM):
            raise InvalidInput(
                f"Only a pharmacist prepares study product: your role ({actor.role.value}) "
                "stays blinded."
            )
        if args.weight_kg is None or args.prepared_at is None:
            raise InvalidInput("Give --weight-kg and --prepared-at (and what the bag holds).")
        entry = PreparationEntry(
            weight_kg=args.weight_kg,
            prepared_at=parse_when(args.prepared_at),
            lot=args.lot or "",
            lot_expiry=args.lot_expiry or "",
            cell_count=args.cell_count or "",
            viability_percent=args.viability_percent or "",
            appearance_ok=args.appearance_ok,
            dose_number=args.dose_number,
        )
        pid = _participant_id(store, study_id)
        try:
            done = service.prepare(
                store, actor, pid, entry, utc_now(), confirm_unusual=args.confirm_unusual
            )
        except (ValidationError, BedsideError) as exc:
            return _say(exc)
    if args.json:
        print_json(_unblinded(done))
        return 0
    print(f"Prepared {study_id}: {_line(done)} It waits for the second check.")
    return 0


def _confirmations(args: argparse.Namespace) -> list[str]:
    from app.services.preparation import CONTENT_ITEMS, SHARED_ITEMS

    known = SHARED_ITEMS + CONTENT_ITEMS
    given = [c.strip().replace("-", "_") for c in args.confirm]
    for item in given:
        if item not in known:
            shown = ", ".join(k.replace("_", "-") for k in known)
            raise InvalidInput(f"--confirm takes one of {shown}.")
    return given


def _check(args: argparse.Namespace, study_id: str) -> int:
    from app.cli.randomise_cmds import _participant_id
    from app.services import preparation as service
    from app.store.store import Store
    from app.timeutil import utc_now

    confirmations = _confirmations(args)
    name, password = acting_user()
    store = Store.open(data_dir(args))
    try:
        checker = store.unlock(name, password)
        pid = _participant_id(store, study_id)
        waiting = service.awaiting_check(store, pid)
        if waiting is None:
            raise InvalidInput(f"{study_id} has no prepared bag waiting for its second check.")
        done = service.second_check(store, checker, waiting.id, password, confirmations, utc_now())
    finally:
        store.close()
    if args.json:
        print_json(_shared(done))
        return 0
    print(f"Released {study_id}: {_line(done)}")
    return 0


def _list(args: argparse.Namespace, study_id: str) -> int:
    from app.cli.randomise_cmds import _participant_id
    from app.roles import Permission
    from app.services import preparation as service

    with unlocked(args) as (store, actor):
        pid = _participant_id(store, study_id)
        if actor.can(Permission.SEE_ARM):
            rows: list[Any] = service.unblinded_preparations_for(store, actor, pid)
            shown = [_unblinded(r) for r in rows]
        else:
            rows = service.preparations_for(store, pid)
            shown = [_shared(r) for r in rows]
    if args.json:
        print_json(shown)
        return 0
    if not rows:
        print(f"{study_id} has no prepared dose.")
    for row in rows:
        print(_line(row))
    return 0


def _discard(args: argparse.Namespace, study_id: str) -> int:
    from app.cli.randomise_cmds import _participant_id
    from app.services import preparation as service
    from app.timeutil import utc_now

    if args.reason is None or not args.reason.strip():
        raise InvalidInput("Give --reason: why the bag is discarded (everyone reads it).")
    with unlocked(args) as (store, actor):
        pid = _participant_id(store, study_id)
        kept = [p for p in service.preparations_for(store, pid) if p.status != "discarded"]
        if args.dose_number_given:
            kept = [p for p in kept if p.dose_number == args.dose_number]
        if not kept:
            raise InvalidInput(f"{study_id} has no bag to discard.")
        try:
            done = service.discard(store, actor, kept[-1].id, args.reason, utc_now())
        except ValidationError as exc:
            raise InvalidInput(exc.message) from None
    if args.json:
        print_json(_shared(done))
        return 0
    print(f"Discarded {study_id}: {_line(done)}")
    return 0


def _sheet(args: argparse.Namespace, study_id: str) -> int:
    from app.cli.randomise_cmds import _participant_id
    from app.cli.report_cmds import writable_out, write_atomically
    from app.reports.i18n import check_language
    from app.roles import Permission
    from app.services import preparation as service
    from app.services.preparation_sheet import preparation_sheet_pdf

    if args.out is None:
        raise InvalidInput("Give --out: the PDF file to write the preparation sheet to.")
    lang = check_language(args.lang or "en")
    out = writable_out(args.out)
    with unlocked(args) as (store, actor):
        if not actor.can(Permission.SEE_ARM):
            raise InvalidInput(
                "Only a pharmacist prints the preparation sheet: your role "
                f"({actor.role.value}) stays blinded."
            )
        pid = _participant_id(store, study_id)
        kept = [p for p in service.preparations_for(store, pid) if p.status != "discarded"]
        if args.dose_number_given:
            kept = [p for p in kept if p.dose_number == args.dose_number]
        if not kept:
            raise InvalidInput(f"{study_id} has no kept preparation to print.")
        local_tz = datetime.now().astimezone().tzinfo or UTC
        pdf = preparation_sheet_pdf(store, actor, kept[-1].id, lang, local_tz=local_tz)
    write_atomically(out, pdf)
    print(f"Wrote {out}.")
    return 0


class _DoseNumber(argparse.Action):
    def __call__(self, parser: Any, namespace: Any, values: Any, option: Any = None) -> None:
        setattr(namespace, self.dest, values)
        namespace.dose_number_given = True


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Adds ``prepare`` (and its check, list and discard) to the ``bedside`` parser."""
    p = sub.add_parser(
        "prepare",
        help="prepare a participant's dose (pharmacist); check, list, discard or print it",
        parents=[common],
    )
    p.add_argument(
        "words", nargs="+", metavar="[check|list|discard|sheet] STUDY_ID",
        help="the participant's study ID, after check, list, discard or sheet for those",
    )  # fmt: skip
    p.add_argument("--weight-kg", help="the weight used for the dose, in kg")
    p.add_argument("--lot", help="the cell product's lot (batch)")
    p.add_argument("--lot-expiry", help="the lot's expiry date, e.g. 2027-01-31")
    p.add_argument("--cell-count", help="the bag's total cells: 65000000, 6.5e7 or 6.5x10^7")
    p.add_argument("--viability-percent", help="the cell product's viability, in percent")
    p.add_argument("--prepared-at", help=f"preparation (thaw) time: {WHEN_FORMATS}")
    p.add_argument(
        "--appearance-ok", action="store_true",
        help="the bag was inspected: no leak, clumps or discolouration",
    )  # fmt: skip
    p.add_argument(
        "--dose-number", type=int, default=1, action=_DoseNumber,
        help="which dose (1, or 2 where the protocol allows a second one)",
    )  # fmt: skip
    p.add_argument("--confirm-unusual", action="store_true", help="the unusual weight is right")
    p.add_argument(
        "--confirm", action="append", default=[], metavar="ITEM",
        help="prepare check: an item checked on the bag (kit-code, volume-ml, use-by, "
        "appearance; a pharmacist also arm, lot, lot-expiry, cell-count, viability-percent, "
        "dose-cells); once per item",
    )  # fmt: skip
    p.add_argument("--reason", help="prepare discard: why the bag is not to be given")
    p.add_argument("--out", help="prepare sheet: the PDF file to write")
    p.add_argument("--lang", help="prepare sheet: the printout's language (en, zh_CN)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_prepare, dose_number_given=False)
