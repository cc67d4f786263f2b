"""bedside hub statistician add | hub allocation generate | top-up | export.

The acting person (``BEDSIDE_USER``) must be one of the hub's statisticians for every
``hub allocation`` command: the data manager is refused with one sentence, and
nothing is changed. Arguments are checked before the hub is unlocked.
"""

from __future__ import annotations

import argparse
import secrets
from pathlib import Path
from typing import Any

from app.cli.common import print_json, secret_from_env
from app.errors import InvalidInput


def cmd_statistician_add(args: argparse.Namespace) -> int:
    from app.cli.hub_cmds import opened_hub
    from app.hub.allocation import add_statistician
    from app.services.users import check_name, check_password

    check_name(args.name)
    password = check_password(secret_from_env("BEDSIDE_NEW_PASSWORD", "New password: "))
    with opened_hub(args) as hub:
        add_statistician(hub, args.name, password)
    print(f"Added {args.name} as the hub's statistician: they alone read the allocation list.")
    return 0


def _design(args: argparse.Namespace) -> Any:
    from app.allocation.generator import Design, parse_arms, parse_block_sizes
    from app.protocol import load_default

    ratios = parse_arms(args.arms, [a.code for a in load_default().arms])
    return Design(ratios, parse_block_sizes(args.block_sizes, sum(r for _a, r in ratios)))


def cmd_generate(args: argparse.Namespace) -> int:
    from app.allocation.generator import check_seed, check_slot_count, parse_devices
    from app.cli.hub_cmds import opened_hub
    from app.hub.allocation import generate_list

    design = _design(args)
    devices = parse_devices(args.devices)
    check_slot_count(args.per_device)
    seed = check_seed(args.seed) if args.seed is not None else secrets.token_urlsafe(24)
    with opened_hub(args) as hub:
        allocation = generate_list(hub, design, devices, args.per_device, seed)
    parts = {d: len(p.slots) for d, p in allocation.parts.items()}
    if args.json:
        print_json({"study": allocation.study, "parts": parts})
    else:
        shown = ", ".join(f"{d} {n}" for d, n in parts.items())
        print(f"Made the allocation list of {allocation.study}, sealed for the statistician.")
        print(f"Slots per device: {shown}.")
    return 0


def cmd_top_up(args: argparse.Namespace) -> int:
    from app.allocation.generator import check_device, check_slot_count
    from app.cli.hub_cmds import opened_hub
    from app.hub.allocation import top_up_list

    check_device(args.device)
    check_slot_count(args.count, "--count")
    with opened_hub(args) as hub:
        new = top_up_list(hub, args.device, args.count)
    print(
        f"Added slots {new[0].number}–{new[-1].number} to the part of {args.device}: "
        "export it again for its pharmacists."
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from app.allocation.generator import check_device
    from app.cli.hub_cmds import opened_hub
    from app.hub.allocation import export_part

    check_device(args.device)
    out = Path(args.out)
    if out.exists() or out.is_symlink():
        raise InvalidInput(f"{out} exists: Bedside does not overwrite an allocation file.")
    if not out.parent.is_dir():
        raise InvalidInput(f"The folder {out.parent} does not exist: nothing was written.")
    with opened_hub(args) as hub:
        part = export_part(hub, args.device, out)
    print(
        f"Wrote part {part.serial} of {part.device} ({part.slots} slots) to {out}, signed by "
        f"the hub and encrypted to {', '.join(part.recipients)}."
    )
    return 0


def register_hub(cmds: Any, common: argparse.ArgumentParser) -> None:
    """Add ``hub statistician …`` and ``hub allocation …`` to ``bedside hub``'s commands."""
    stat = cmds.add_parser(
        "statistician", help="the hub's unblinded statisticians", parents=[common]
    )
    stat_cmds = stat.add_subparsers(dest="statistician_command", required=True, metavar="COMMAND")
    p = stat_cmds.add_parser(
        "add",
        help="add a statistician (password from BEDSIDE_NEW_PASSWORD)",
        parents=[common],
    )
    p.add_argument("name")
    p.set_defaults(func=cmd_statistician_add)

    alloc = cmds.add_parser(
        "allocation", help="the allocation list (statistician only)", parents=[common]
    )
    alloc_cmds = alloc.add_subparsers(dest="allocation_command", required=True, metavar="COMMAND")
    p = alloc_cmds.add_parser(
        "generate", help="make the permuted-block list, one part per device", parents=[common]
    )
    p.add_argument("--arms", required=True, help="ARM=RATIO,… (the protocol's arm codes)")
    p.add_argument("--block-sizes", required=True, help="e.g. 4,6: multiples of the ratio sum")
    p.add_argument("--devices", required=True, help="D1,D2,…")
    p.add_argument("--per-device", required=True, type=int, help="slots in each device's part")
    p.add_argument("--seed", help="reproduces the list; as secret as the list (default: random)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_generate)

    p = alloc_cmds.add_parser(
        "top-up", help="add slots to a device's part (new codes only)", parents=[common]
    )
    p.add_argument("--device", required=True)
    p.add_argument("--count", required=True, type=int)
    p.set_defaults(func=cmd_top_up)

    p = alloc_cmds.add_parser(
        "export",
        help="write a device's part, signed, encrypted to its pharmacists",
        parents=[common],
    )
    p.add_argument("--device", required=True)
    p.add_argument("--out", required=True, help="the new file to write (never overwritten)")
    p.set_defaults(func=cmd_export)
