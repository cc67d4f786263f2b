"""bedside unblind STUDY_ID --reason TEXT: an investigator's emergency unblinding.

The investigator's password (``BEDSIDE_PASSWORD``) unlocks the store and opens, again,
the code-break sealed to their own key, so it works offline. The arm is printed to
the investigator's terminal once and written nowhere: the store keeps who, when and
why, and the next bundle tells the hub. Anyone else is refused before any code-break
is looked at. Bad input is one line on stderr, a non-zero exit and nothing changed.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import acting_user, data_dir, print_json
from app.errors import InvalidInput


def cmd_unblind(args: argparse.Namespace) -> int:
    from app.cli.randomise_cmds import _participant_id
    from app.services.unblinding import check_reason, emergency_unblind
    from app.store.store import Store
    from app.timeutil import iso_utc, utc_now

    study_id = args.study_id.strip()
    if not study_id:
        raise InvalidInput("STUDY_ID is empty: give the participant's study ID.")
    reason = check_reason(args.reason)
    name, password = acting_user()
    store = Store.open(data_dir(args))
    try:
        actor = store.unlock(name, password)
        pid = _participant_id(store, study_id)
        result = emergency_unblind(store, actor, pid, password, reason, utc_now())
    finally:
        store.close()
    if args.json:
        print_json(
            {
                "study_id": result.study_id,
                "kit_code": result.kit_code,
                "arm_code": result.arm_code,
                "arm_name_en": result.arm_name_en,
                "arm_name_zh": result.arm_name_zh,
                "is_placebo": result.is_placebo,
                "unblinded_at": iso_utc(result.unblinded_at),
                "unblinded_by": name,
            }
        )
        return 0
    print(
        f"Emergency unblinding of {result.study_id} (kit {result.kit_code}): arm "
        f"{result.arm_code}, {result.arm_name_en} ({result.arm_name_zh})."
    )
    print("This unblinding is recorded with your reason and goes to the hub with the next bundle.")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``unblind STUDY_ID --reason TEXT`` to the ``bedside`` parser."""
    p = sub.add_parser(
        "unblind",
        help="emergency unblinding of one participant (investigator; password asked again)",
        parents=[common],
    )
    p.add_argument("study_id", metavar="STUDY_ID")
    p.add_argument("--reason", required=True, help="the clinical reason, recorded and sent")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_unblind)
