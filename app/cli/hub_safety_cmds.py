"""bedside hub safety: every serious adverse event across devices, late ones flagged.

The clock is the hub's own; ``--as-of`` sets it (to look back, and in tests).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from app.cli.common import print_json
from app.errors import InvalidInput
from app.timeutil import iso_utc, utc_now

DASH = "—"


def hub_time(text: str | None) -> datetime:
    """``--as-of`` as a moment (ISO 8601 with its zone), else the hub's clock now."""
    if text is None:
        return utc_now()
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            "--as-of is not a time: give it as 2026-11-27T09:00Z (ISO 8601 with its zone)."
        ) from None
    if moment.tzinfo is None:
        raise InvalidInput("--as-of needs its time zone, for example 2026-11-27T09:00Z.")
    return moment


def _short(moment: datetime | None) -> str:
    return DASH if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def cmd_safety(args: argparse.Namespace) -> int:
    from app.cli.hub_cmds import opened_hub
    from app.hub.safety import hub_saes
    from app.protocol import load_default

    now = hub_time(args.as_of)
    protocol = load_default()
    with opened_hub(args) as hub:
        saes = hub_saes(hub, protocol, now)
    if args.json:
        print_json({"as_of": iso_utc(now), "saes": [s.to_json() for s in saes]})
        return 0
    print(
        f"{'':<4} {'SUBJECT':<14} {'KIT':<9} {'DEVICE':<16} {'GRADE':<5} {'AWARE (UTC)':<16} "
        f"{'DEADLINE (UTC)':<16} {'REPORTED (UTC)':<16} {'CLOCK':<13} TERM"
    )
    for s in saes:
        flag = "LATE" if s.late else ""
        print(
            f"{flag:<4} {s.subject:<14} {s.kit_code or DASH:<9} {s.device:<16} "
            f"{s.grade if s.grade is not None else DASH!s:<5} {_short(s.aware_at):<16} "
            f"{_short(s.deadline):<16} {_short(s.reported_at):<16} {s.status.value:<13} {s.term}"
        )
    late = sum(1 for s in saes if s.late)
    plural = "" if len(saes) == 1 else "s"
    print(f"{len(saes)} serious adverse event{plural}; {late} late, as of {_short(now)} UTC.")
    return 0


def register_hub(cmds: Any, common: argparse.ArgumentParser) -> None:
    """Adds ``bedside hub safety`` to the hub's ``cmds``."""
    p = cmds.add_parser(
        "safety",
        help="every serious adverse event across devices, with its deadline; late ones flagged",
        parents=[common],
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--as-of", help="the hub's time to count from (ISO 8601; default: now)")
    p.set_defaults(func=cmd_safety)
