"""bedside device show-key | set-hub | set-study-ids | re-enrol | endorsement import,
bedside export, bedside receipt apply."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import unlocked


def cmd_show_key(args: argparse.Namespace) -> int:
    from app.sync.device import device_public_key

    with unlocked(args) as (store, actor):
        print(device_public_key(store, actor), end="")
    return 0


def cmd_set_hub(args: argparse.Namespace) -> int:
    from app.sync.device import set_hub

    with unlocked(args) as (store, actor):
        set_hub(store, actor, args.recipient, args.hub_key)
    print("Pinned the hub: bundles are encrypted to it and only its receipts are accepted.")
    return 0


def cmd_set_study_ids(args: argparse.Namespace) -> int:
    from app.services.screening import set_study_id_range

    with unlocked(args) as (store, actor):
        given = set_study_id_range(store, actor, args.prefix, args.first, args.last)
    print(
        f"This device enrols study IDs {given.format(given.first)} to {given.format(given.last)}."
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from app.sync.device import export_bundle

    with unlocked(args) as (store, actor):
        result = export_bundle(store, actor, Path(args.to))
    if result is None:
        print("Nothing new since the last bundle: nothing was written.")
    else:
        print(
            f"Wrote {result.file_name} ({result.audit_rows} audit rows, {result.changes} records)."
        )
    return 0


def cmd_receipt_apply(args: argparse.Namespace) -> int:
    from app.sync.device import apply_receipt

    with unlocked(args) as (store, actor):
        seq = apply_receipt(store, actor, Path(args.file))
    print(f"The hub acknowledged bundle {seq}: those changes are marked as synced.")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add these subcommands to the ``bedside`` parser."""
    device = sub.add_parser(
        "device", help="this device's signing key and pinned hub", parents=[common]
    )
    cmds = device.add_subparsers(dest="device_command", required=True, metavar="COMMAND")
    p = cmds.add_parser(
        "show-key", help="print the device's public key (minisign format)", parents=[common]
    )
    p.set_defaults(func=cmd_show_key)
    p = cmds.add_parser("set-hub", help="pin the hub's keys", parents=[common])
    p.add_argument("--recipient", required=True, help="the hub's age recipient (age1…)")
    p.add_argument("--hub-key", required=True, help="the hub's minisign public key")
    p.set_defaults(func=cmd_set_hub)

    p = cmds.add_parser(
        "set-study-ids", help="the study IDs this device hands out at enrolment", parents=[common]
    )
    p.add_argument("--prefix", required=True, help="e.g. WH01-")
    p.add_argument("--first", required=True, type=int)
    p.add_argument("--last", required=True, type=int)
    p.set_defaults(func=cmd_set_study_ids)
    from app.cli import reenrol_cmds

    reenrol_cmds.register_device(cmds, common)

    p = sub.add_parser("export", help="write one signed, encrypted bundle", parents=[common])
    p.add_argument("--to", required=True, help="the sync folder (network share or USB stick)")
    p.set_defaults(func=cmd_export)

    receipt = sub.add_parser("receipt", help="hub receipts", parents=[common])
    rcmds = receipt.add_subparsers(dest="receipt_command", required=True, metavar="COMMAND")
    p = rcmds.add_parser(
        "apply", help="verify a receipt and mark its changes synced", parents=[common]
    )
    p.add_argument("file")
    p.set_defaults(func=cmd_receipt_apply)
