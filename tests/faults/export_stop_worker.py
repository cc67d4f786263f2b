"""An export that Bedside's process does not survive, at a chosen moment.

``python -m tests.faults.export_stop_worker FOLDER SHARE MOMENT`` opens the store in
FOLDER as the nurse, records one adverse event for the first participant and exports a
bundle to SHARE, killing its own process with SIGKILL at MOMENT:

- ``recorded``: the bundle is recorded in the store, and none of its files has landed;
- ``signature``: the ``.minisig`` has landed, and the ``.age`` has not;
- ``placed``: both files have landed, and the store has not marked the bundle placed.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.models import Participant
from app.roles import Role
from app.store.store import Store
from app.sync import device
from tests.conftest import ADMIN_PASSWORD, OpenStore
from tests.faults.kill_worker import PROTOCOL, _event


def _die(*_args: Any, **_kwargs: Any) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    folder, share, moment = sys.argv[1:]
    if moment == "recorded":
        device.place_bundle = _die  # type: ignore[assignment]
    elif moment == "signature":
        real = os.replace

        def replace(src: Any, dst: Any) -> None:
            if str(dst).endswith(".bundle.age"):
                _die()
            real(src, dst)

        os.replace = replace  # type: ignore[assignment]
    elif moment == "placed":
        device._mark_placed = _die  # type: ignore[assignment]
    else:
        raise SystemExit(f"no moment {moment!r}")
    from app.services.adverse_events import record_ae

    store = Store.open(Path(folder))
    admin = store.unlock("admin", ADMIN_PASSWORD)
    nurse = OpenStore(store, admin, "", Path(folder)).actor(Role.NURSE)
    with store.read() as session:
        pid = session.scalars(select(Participant.id)).first()
    assert pid is not None
    record_ae(store, nurse, PROTOCOL, pid, _event(f"stopped at {moment}"))
    device.export_bundle(store, nurse, Path(share))
    print("the export finished", flush=True)


if __name__ == "__main__":
    main()
