"""bedside participant list."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from app.cli.common import print_json, unlocked
from app.roles import Permission

if TYPE_CHECKING:
    from app.services.participants import ParticipantRow

DASH = "—"


def _as_json(row: ParticipantRow, arms: dict[str, str | None] | None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": row.id,
        "study_id": row.study_id,
        "screening_number": row.screening_number,
        "status": row.status.value,
        "kit_code": row.kit_code,
    }
    if arms is not None:
        item["arm"] = arms.get(row.id)
    return item


def cmd_list(args: argparse.Namespace) -> int:
    # Imported here, not at the top: every other command's start-up is spared them.
    from app.services.allocation import arm_text
    from app.services.participants import allocated_arms, list_participants, status_word

    with unlocked(args) as (store, actor):
        rows = list_participants(store)
        # Only an unblinded person's output has an arm at all, not even an empty one.
        arms = allocated_arms(store, actor) if actor.can(Permission.SEE_ARM) else None
    if args.json:
        print_json([_as_json(r, arms) for r in rows])
        return 0
    header = f"{'STUDY ID':<12} {'SCREENING':<12} {'STATUS':<14} {'KIT':<10}"
    print((header + (" ARM" if arms is not None else "")).rstrip())
    for r in rows:
        line = (
            f"{r.study_id or DASH:<12} {r.screening_number:<12} "
            f"{status_word(r.status):<14} {r.kit_code or DASH:<10}"
        )
        if arms is not None:
            arm = arms.get(r.id)
            line += f" {arm_text(arm) if arm else 'not allocated'}"
        print(line.rstrip())
    print(f"{len(rows)} participant{'s' if len(rows) != 1 else ''}.")
    return 0


def register(sub: Any, common: argparse.ArgumentParser | None = None) -> None:
    """Add these subcommands to the ``bedside`` parser (``common``: options after them)."""
    parents = [common] if common is not None else []
    participant = sub.add_parser(
        "participant", help="the participants in this store", parents=parents
    )
    cmds = participant.add_subparsers(dest="participant_command", required=True, metavar="COMMAND")
    p = cmds.add_parser(
        "list", help="list every participant (the arm only for a pharmacist)", parents=parents
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_list)
