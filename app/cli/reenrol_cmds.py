"""bedside device re-enrol | device endorsement import | hub endorse."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import print_json, unlocked


def cmd_reenrol(args: argparse.Namespace) -> int:
    from app.sync.reenrol import request_reenrolment

    with unlocked(args) as (store, actor):
        written = request_reenrolment(store, actor, Path(args.out))
    print(
        f"Wrote the re-enrolment request {written.path} (epoch {written.epoch_from}, audit "
        f"head {written.head_seq}). Take it to the hub's data manager for "
        "'bedside hub endorse'."
    )
    return 0


def cmd_endorsement_import(args: argparse.Namespace) -> int:
    from app.sync.reenrol import import_endorsement

    with unlocked(args) as (store, actor):
        done = import_endorsement(store, actor, Path(args.file))
    if args.json:
        print_json(
            {
                "epoch": done.epoch,
                "base_seq": done.base_seq,
                "next_bundle": done.next_bundle,
                "lost_count": done.lost_count,
                "lost": done.lost_lines,
            }
        )
        return 0
    print(
        f"The hub endorsed this device as epoch {done.epoch}: it continues after audit row "
        f"{done.base_seq}, and the next bundle is number {done.next_bundle}."
    )
    _print_lost(done.lost_count, done.lost_lines, "this device lost; the hub keeps them")
    return 0


def cmd_hub_endorse(args: argparse.Namespace) -> int:
    from app.cli.hub_cmds import opened_hub
    from app.hub.endorse import endorse

    with opened_hub(args) as hub:
        done = endorse(hub, Path(args.file), Path(args.out))
    if args.json:
        print_json({**done.to_json(), "lost": done.lost_lines})
        return 0
    again = " again" if done.again else ""
    print(
        f"Endorsed {done.device}{again} as epoch {done.epoch}: the hub continues its audit "
        f"trail after row {done.base_seq} and accepts bundle {done.next_bundle} next."
    )
    _print_lost(done.lost_count, done.lost_lines, "the device lost; they stay at the hub")
    print(f"Wrote {done.path}; the device imports it with 'bedside device endorsement import'.")
    return 0


def _print_lost(count: int, lines: list[str], what: str) -> None:
    if count == 0:
        print("No change was lost: the hub held nothing after that row.")
        return
    print(f"{count} change{'s' if count != 1 else ''} {what}:")
    for line in lines:
        print(line)


def register_device(cmds: Any, common: argparse.ArgumentParser) -> None:
    """``bedside device re-enrol`` and ``bedside device endorsement import``."""
    p = cmds.add_parser(
        "re-enrol",
        help="after a restore: write a signed request for the hub to accept this device again",
        parents=[common],
    )
    p.add_argument("--out", required=True, help="the request file to write (never overwritten)")
    p.set_defaults(func=cmd_reenrol)
    endorsement = cmds.add_parser(
        "endorsement", help="the hub's answer to a re-enrolment request", parents=[common]
    )
    ecmds = endorsement.add_subparsers(dest="endorsement_command", required=True, metavar="COMMAND")
    p = ecmds.add_parser(
        "import", help="check the hub's endorsement and sync in its new epoch", parents=[common]
    )
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_endorsement_import)


def register_hub(cmds: Any, common: argparse.ArgumentParser) -> None:
    """``bedside hub endorse``."""
    p = cmds.add_parser(
        "endorse",
        help="accept a restored device again: check its request, list what it lost",
        parents=[common],
    )
    p.add_argument("file", metavar="REQUEST_FILE")
    p.add_argument("--out", required=True, help="the endorsement file to write")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_hub_endorse)
