"""One kind of ward work through Bedside's own services, again and again, until killed.

``python -m tests.faults.kill_worker KIND FOLDER PREFIX [ARG ...]`` opens the store in
FOLDER as the person who does that work and repeats it. After each service call returns
(the moment a person sees "Saved") it prints one line saying what was saved; the fault
tests kill it with SIGKILL at random moments and then check that the work of every printed
line is in the store, whole.

KIND is one of:
- ``randomise``: screen a patient, sign them eligible, enrol and randomise them;
- ``infusion INFUSION_ID``: pause and restart a running infusion;
- ``ae PARTICIPANT_ID``: record a new adverse event;
- ``export PARTICIPANT_ID SHARE``: record an adverse event, then export a bundle to SHARE.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from app.clinical.adverse_events import AeEntry
from app.errors import InvalidInput
from app.models import Infusion, InfusionInterruption
from app.protocol import load_default
from app.roles import Role
from app.store.store import Store
from tests.conftest import ADMIN_PASSWORD, OpenStore

PROTOCOL = load_default()
NOW = datetime.now(UTC).replace(microsecond=0)


USED_UP = "used-up"
"""Said when the allocation part has no free slot left."""


def said(*words: object) -> None:
    print(*words, flush=True)


def randomise_again(opened: OpenStore, prefix: str, _args: list[str]) -> None:
    from app.services.allocation import randomise
    from tests.unit.allocation_env import ready_participant

    nurse = opened.actor(Role.NURSE)
    while True:
        pid = ready_participant(opened)
        try:
            kit = randomise(opened.store, nurse, pid)
        except InvalidInput as refused:
            if "used up" not in str(refused):
                raise
            said(USED_UP)  # every slot is taken: nothing left to interrupt but a wait
            time.sleep(3600)
        said(pid, kit)


def pause_and_restart(opened: OpenStore, prefix: str, args: list[str]) -> None:
    from app.services.infusion import interrupt, restart

    (infusion_id,) = args
    nurse = opened.actor(Role.NURSE)
    with opened.store.read() as session:
        started = session.get_one(Infusion, infusion_id).started_at
        pauses = session.scalars(
            select(InfusionInterruption).where(InfusionInterruption.infusion_id == infusion_id)
        ).all()
    # Each pause and restart a minute after the last one this infusion has.
    moments = [started, *(p.interrupted_at for p in pauses), *(p.restarted_at for p in pauses)]
    at = max(m for m in moments if m is not None) + timedelta(minutes=1)
    open_pause = next((p.id for p in pauses if p.restarted_at is None), None)
    i = 0
    while True:
        if open_pause is None:
            open_pause = interrupt(opened.store, nurse, infusion_id, at, f"{prefix}-{i}")
            said("paused", open_pause)
        else:
            restart(opened.store, nurse, infusion_id, at)
            said("restarted", open_pause)
            open_pause = None
        at += timedelta(minutes=1)
        i += 1


def _event(description: str) -> AeEntry:
    return AeEntry(term_code="fever", term_text="", onset_at=NOW - timedelta(hours=6),
                   grade=1, outcome="recovering", description=description)  # fmt: skip


def record_events(opened: OpenStore, prefix: str, args: list[str]) -> None:
    from app.services.adverse_events import record_ae

    (pid,) = args
    nurse = opened.actor(Role.NURSE)
    i = 0
    while True:
        description = f"{prefix}-{i}"
        said(record_ae(opened.store, nurse, PROTOCOL, pid, _event(description)), description)
        i += 1


def record_and_export(opened: OpenStore, prefix: str, args: list[str]) -> None:
    from app.services.adverse_events import record_ae
    from app.sync.device import export_bundle

    pid, share = args
    nurse = opened.actor(Role.NURSE)
    i = 0
    while True:
        record_ae(opened.store, nurse, PROTOCOL, pid, _event(f"{prefix}-{i}"))
        done = export_bundle(opened.store, nurse, Path(share))
        assert done is not None
        said(done.file_name, done.seq)
        i += 1


WORK: dict[str, Callable[[OpenStore, str, list[str]], None]] = {
    "randomise": randomise_again,
    "infusion": pause_and_restart,
    "ae": record_events,
    "export": record_and_export,
}


def main() -> None:
    kind, folder, prefix, *args = sys.argv[1:]
    store = Store.open(Path(folder))
    admin = store.unlock("admin", ADMIN_PASSWORD)
    opened = OpenStore(store, admin, "", Path(folder))
    said("ready")
    WORK[kind](opened, prefix, args)


if __name__ == "__main__":
    main()
