"""bedside allocation import FILE | allocation status | randomise STUDY_ID.

``allocation import`` is the pharmacist's: the file the hub wrote for this device
opens with their own password (``BEDSIDE_PASSWORD``, asked once for the login and
used again for the file). ``randomise`` is the nurse's or investigator's, and prints
the kit code only: "study product, kit K". ``allocation status`` counts slots and
parts and names no arm, so anyone may run it. Bad input is one line on stderr, a
non-zero exit and nothing changed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import acting_user, data_dir, print_json
from app.errors import InvalidInput


def read_part_file(path: Path) -> bytes:
    """The bytes of an allocation file named on the command line, after plain checks."""
    from app.allocation.part_file import MAX_FILE_BYTES

    try:
        info = path.stat()
    except FileNotFoundError:
        raise InvalidInput(f"There is no file {path}: nothing was imported.") from None
    except OSError as exc:
        raise InvalidInput(
            f"{path} cannot be read ({exc.strerror}): nothing was imported."
        ) from None
    if not path.is_file():
        raise InvalidInput(f"{path} is not a file: give the allocation file the hub wrote.")
    if info.st_size > MAX_FILE_BYTES:
        raise InvalidInput("The allocation file is too large to be one device's part.")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            f"{path} cannot be read ({exc.strerror}): nothing was imported."
        ) from None


def cmd_import(args: argparse.Namespace) -> int:
    from app.services.allocation import import_part
    from app.store.store import Store

    data = read_part_file(Path(args.file))
    name, password = acting_user()
    store = Store.open(data_dir(args))
    try:
        actor = store.unlock(name, password)
        result = import_part(store, actor, data, password)
    finally:
        store.close()
    if args.json:
        print_json(
            {
                "serial": result.serial,
                "slots_total": result.slots_total,
                "slots_added": result.slots_added,
                "code_breaks": result.code_breaks,
            }
        )
        return 0
    print(
        f"Imported part {result.serial} of this device's allocation: {result.slots_added} new "
        f"slot{'' if result.slots_added == 1 else 's'}, {result.slots_total} in all."
    )
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from app.cli.common import unlocked
    from app.services.allocation import allocation_status

    with unlocked(args) as (store, _actor):
        status = allocation_status(store)
    if args.json:
        print_json(status.to_json())
        return 0
    print(f"Slots: {status.total} in all, {status.used} used, {status.left} left.")
    for part in status.parts:
        print(
            f"Part {part.serial}: {part.slot_count} slots, imported "
            f"{part.imported_at:%Y-%m-%d %H:%M} UTC by {part.imported_by}."
        )
    if not status.parts:
        print("No allocation part is imported yet: a pharmacist runs 'bedside allocation import'.")
    return 0


def _participant_id(store: Any, study_id: str) -> str:
    from sqlalchemy import func, select

    from app.models import Participant
    from app.services.participants import normalise_code

    wanted = normalise_code(study_id)
    with store.read() as session:
        found = session.scalars(
            select(Participant.id).where(func.upper(func.trim(Participant.study_id)) == wanted)
        ).first()
    if found is None:
        raise InvalidInput(f"There is no participant with study ID {study_id[:40]}.")
    return str(found)


def cmd_randomise(args: argparse.Namespace) -> int:
    from app.cli.common import unlocked
    from app.protocol import load_default
    from app.services.allocation import randomise

    if not args.study_id.strip():
        raise InvalidInput("STUDY_ID is empty: give the participant's study ID.")
    with unlocked(args) as (store, actor):
        pid = _participant_id(store, args.study_id)
        kit = randomise(store, actor, pid)
    label = load_default().study.blinded_label_en
    if args.json:
        print_json({"study_id": args.study_id.strip(), "kit_code": kit, "product": label})
        return 0
    print(f"Randomised {args.study_id.strip()}: {label.lower()}, kit {kit}.")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``allocation import|status`` and ``randomise`` to the ``bedside`` parser."""
    alloc = sub.add_parser(
        "allocation", help="this device's part of the allocation list", parents=[common]
    )
    cmds = alloc.add_subparsers(dest="allocation_command", required=True, metavar="COMMAND")
    p = cmds.add_parser(
        "import",
        help="import the hub's allocation file for this device (pharmacist)",
        parents=[common],
    )
    p.add_argument("file", metavar="FILE", help="the file 'bedside hub allocation export' wrote")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_import)
    p = cmds.add_parser(
        "status", help="slots in all, used and left, and the parts imported", parents=[common]
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser(
        "randomise",
        help="give an enrolled, signed-eligible participant the next kit (nurse, investigator)",
        parents=[common],
    )
    p.add_argument("study_id", metavar="STUDY_ID")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_randomise)
