"""bedside infusion check|start|vitals|interrupt|restart|stop|list: the infusion record.

For tests and automation; the ward uses the screens. Output names the product as the
blinded label and kit code, never an arm. Bad input: one line on stderr, nothing saved.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from app.cli.common import print_json, unlocked
from app.errors import InvalidInput
from app.models import Infusion, InfusionStatus, Participant, ProductCheck
from app.store.store import Store
from app.timeutil import iso_utc, utc_now

if TYPE_CHECKING:
    from app.services.infusion_views import InfusionView

# The infusion service and the protocol are imported by the commands (``svc``): every
# other command's start-up is spared them.

VITALS_OPTIONS = {
    "heart_rate_per_min": "--heart-rate",
    "respiratory_rate_per_min": "--respiratory-rate",
    "systolic_bp_mmhg": "--systolic",
    "diastolic_bp_mmhg": "--diastolic",
    "spo2_percent": "--spo2",
    "temperature_c": "--temperature",
}


def moment(text: str | None, label: str = "--at") -> datetime:
    """``--at`` as an ISO 8601 time (without a zone: this computer's), else now."""
    if text is None:
        return utc_now()
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{label} must be a time such as 2026-11-25T09:30+08:00.") from None
    return parsed if parsed.tzinfo is not None else parsed.astimezone()


def _participant_id(store: Store, study_id: str) -> str:
    wanted = study_id.strip().upper()
    with store.read() as session:
        found = session.scalars(
            select(Participant.id).where(func.upper(Participant.study_id) == wanted)
        ).first()
    if found is None:
        raise InvalidInput(
            "No participant has that study ID: check it with `bedside participant list`."
        )
    return found


def _latest_check(store: Store, participant_id: str) -> str | None:
    with store.read() as session:
        return session.scalars(
            select(ProductCheck.id)
            .where(ProductCheck.participant_id == participant_id)
            .order_by(ProductCheck.checked_at.desc())
        ).first()


def _latest_infusion(store: Store, participant_id: str, *, running: bool = False) -> str:
    with store.read() as session:
        query = select(Infusion.id).where(Infusion.participant_id == participant_id)
        if running:
            query = query.where(Infusion.status == InfusionStatus.IN_PROGRESS)
        found = session.scalars(query.order_by(Infusion.started_at.desc())).first()
    if found is None:
        what = "no infusion running" if running else "no infusion"
        raise InvalidInput(f"This participant has {what}.")
    return found


def _when(value: datetime | None) -> str | None:
    return None if value is None else iso_utc(value)


def as_json(view: InfusionView) -> dict[str, Any]:
    return {
        "id": view.id,
        "study_id": view.study_id,
        "kit_code": view.kit_code,
        "product": view.product_en,
        "dose_number": view.dose_number,
        "status": view.status,
        "started_at": _when(view.started_at),
        "stopped_at": _when(view.stopped_at),
        "rate_ml_h": view.rate_ml_h,
        "volume_infused_ml": view.volume_infused_ml,
        "line": view.line,
        "site": view.site,
        "paused": view.paused,
        "transcribed_from_paper": view.transcribed_from_paper,
        "next_due": None if view.next_due is None else view.next_due.code,
        "timepoints": [
            {
                "code": p.code,
                "status": p.status,
                "target_at": _when(p.target_at),
                "measured_at": _when(p.measured_at),
                "values": dict(p.values),
                "skipped_reason": p.skipped_reason,
                "stop_criteria": list(p.stop_criteria),
            }
            for p in view.timepoints
        ],
    }


def cmd_check(args: argparse.Namespace) -> int:
    from app.services import infusion as svc

    now = utc_now()
    with unlocked(args) as (store, actor):
        pid = _participant_id(store, args.study_id)
        view = svc.check_product(store, actor, pid, args.wristband, args.label, now)
    local = view.valid_until.astimezone().strftime("%H:%M")
    print(f"Product check passed: {view.product_en}; start the infusion by {local}.")
    return 0


def cmd_start(args: argparse.Namespace) -> int:
    from app.services import infusion as svc

    now = utc_now()
    started = moment(args.at)
    with unlocked(args) as (store, actor):
        pid = _participant_id(store, args.study_id)
        check = None if args.transcribed else _latest_check(store, pid)
        if check is None and not args.transcribed:
            raise InvalidInput("Check the product first: `bedside infusion check`.")
        svc.start_infusion(store, actor, pid, check, started, args.rate_ml_h, args.line,
                           args.site, now=now, transcribed_from_paper=args.transcribed)  # fmt: skip
    print(f"Infusion started for {args.study_id.strip()}.")
    return 0


def cmd_vitals(args: argparse.Namespace) -> int:
    from app.services import infusion as svc

    now = utc_now()
    values = {k: v for k in VITALS_OPTIONS if (v := getattr(args, k)) is not None}
    if args.skip_reason is not None and values:
        raise InvalidInput("Give either the vital signs or --skip-reason, not both.")
    if args.skip_reason is None and not values:
        raise InvalidInput("Give at least one vital sign, or --skip-reason.")
    with unlocked(args) as (store, actor):
        iid = _latest_infusion(store, _participant_id(store, args.study_id))
        if args.skip_reason is not None:
            svc.skip_timepoint(store, actor, iid, args.timepoint, args.skip_reason, now=now)
            print(f"{args.timepoint} skipped.")
            return 0
        result = svc.record_vitals(store, actor, iid, args.timepoint, values, moment(args.at),
                                   now=now, confirm_unusual=args.confirm_unusual,
                                   reason=args.reason)  # fmt: skip
    print(f"{args.timepoint} recorded.")
    for criterion in result.stop_criteria:
        print(f"Stop criterion met: {criterion.label_en}. Consider stopping the infusion.")
    return 0


def cmd_interrupt(args: argparse.Namespace) -> int:
    from app.services import infusion as svc

    now = utc_now()
    with unlocked(args) as (store, actor):
        iid = _latest_infusion(store, _participant_id(store, args.study_id), running=True)
        svc.interrupt(store, actor, iid, moment(args.at), args.reason, now=now)
    print("Infusion interrupted.")
    return 0


def cmd_restart(args: argparse.Namespace) -> int:
    from app.services import infusion as svc

    now = utc_now()
    with unlocked(args) as (store, actor):
        iid = _latest_infusion(store, _participant_id(store, args.study_id), running=True)
        svc.restart(store, actor, iid, moment(args.at), now=now)
    print("Infusion restarted.")
    return 0


def cmd_stop(args: argparse.Namespace) -> int:
    from app.services import infusion as svc

    now = utc_now()
    with unlocked(args) as (store, actor):
        iid = _latest_infusion(store, _participant_id(store, args.study_id), running=True)
        svc.stop_infusion(store, actor, iid, moment(args.at), args.volume_ml, args.early_reason,
                          now=now)  # fmt: skip
    print("Infusion stopped early." if args.early_reason else "Infusion completed.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from app.protocol import load_default
    from app.services import infusion as svc

    protocol = load_default()
    now = utc_now()
    with unlocked(args) as (store, _actor):
        views = svc.infusions_in_progress(store, now, protocol=protocol)
    if args.json:
        print_json([as_json(v) for v in views])
        return 0
    print(f"{'STUDY ID':<10} {'KIT':<9} {'STATUS':<13} NEXT")
    for v in views:
        nxt = v.next_due
        due = "—" if nxt is None else f"{nxt.code} {nxt.status}"
        if nxt is not None and nxt.target_at is not None:
            due += f" at {nxt.target_at.astimezone().strftime('%H:%M')}"
        print(f"{v.study_id:<10} {v.kit_code:<9} {v.status:<13} {due}")
    print(f"{len(views)} infusion{'s' if len(views) != 1 else ''} to watch.")
    return 0


def _add(cmds: Any, name: str, text: str, parents: list[argparse.ArgumentParser]) -> Any:
    p = cmds.add_parser(name, help=text, parents=parents)
    if name != "list":
        p.add_argument("study_id", metavar="STUDY_ID", help="the participant's study ID")
    return p


def register(sub: Any, common: argparse.ArgumentParser | None = None) -> None:
    """Add ``bedside infusion …`` to the parser (``common``: options after the subcommand)."""
    parents = [common] if common is not None else []
    top = sub.add_parser("infusion", help="the bedside infusion record", parents=parents)
    cmds = top.add_subparsers(dest="infusion_command", required=True, metavar="COMMAND")
    p = _add(cmds, "check", "check the wristband against the bag's label", parents)
    p.add_argument("--wristband", required=True, help="the wristband's barcode, as scanned")
    p.add_argument("--label", required=True, help="the bag's kit label, as scanned")
    p.set_defaults(func=cmd_check)
    p = _add(cmds, "start", "start the infusion on the latest product check", parents)
    p.add_argument("--rate-ml-h", required=True, help="the rate in mL/h")
    p.add_argument("--line", required=True, help="the line, e.g. peripheral IV")
    p.add_argument("--site", required=True, help="the site, e.g. left forearm")
    p.add_argument("--at", help="when it started (ISO 8601; default now)")
    p.add_argument("--transcribed", action="store_true",
                   help="transcribed from a paper worksheet (no electronic check)")  # fmt: skip
    p.set_defaults(func=cmd_start)
    p = _add(cmds, "vitals", "record or skip one timepoint's vital signs", parents)
    p.add_argument("--timepoint", required=True, help="PRE, DUR15, DUR30, END, POST60, …")
    for dest, option in VITALS_OPTIONS.items():
        p.add_argument(option, dest=dest, help=dest.replace("_", " "))
    p.add_argument("--at", help="when they were measured (ISO 8601; default now)")
    p.add_argument("--skip-reason", help="why they were not taken")
    p.add_argument("--confirm-unusual", action="store_true", help="save unusual values")
    p.add_argument("--reason", help="why a recorded timepoint is changed")
    p.set_defaults(func=cmd_vitals)
    p = _add(cmds, "interrupt", "pause the running infusion", parents)
    p.add_argument("--reason", required=True, help="why it was interrupted")
    p.add_argument("--at", help="when (ISO 8601; default now)")
    p.set_defaults(func=cmd_interrupt)
    p = _add(cmds, "restart", "run the paused infusion again", parents)
    p.add_argument("--at", help="when (ISO 8601; default now)")
    p.set_defaults(func=cmd_restart)
    p = _add(cmds, "stop", "end the running infusion", parents)
    p.add_argument("--volume-ml", required=True, help="the volume infused in mL")
    p.add_argument("--early-reason", help="why it was stopped before the bag was finished")
    p.add_argument("--at", help="when it stopped (ISO 8601; default now)")
    p.set_defaults(func=cmd_stop)
    p = _add(cmds, "list", "infusions running or with follow-up vitals outstanding", parents)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_list)
