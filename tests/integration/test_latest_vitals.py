"""The participants list's "Last vitals" comes from a row kept by triggers on vital_signs.

Whatever writes the vital signs (the form's service, a correction, plain SQL, a
migration from a store saved before the triggers existed), the list shows the time of
each participant's latest set, and a participant with none shows none.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from app.models import Participant, VitalSigns
from app.protocol import load_default
from app.roles import Role
from app.services.observation_entries import VitalSignsEntry
from app.services.observations import record_vital_signs
from app.services.participants import list_participants
from app.store import migrate
from tests.conftest import OpenStore

PROTOCOL = load_default()
T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(days=2)


def _participant(opened: OpenStore, number: str) -> str:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(
            screening_number=number,
            initials="AB",
            sex="F",
            status="infused",
            day0_on=date.today() - timedelta(days=3),
            created_at=T0 - timedelta(days=1),
        )
        session.add(p)
    return p.id


def _last_seen(opened: OpenStore) -> dict[str, datetime | None]:
    return {row.id: row.last_seen for row in list_participants(opened.store)}


def _vitals(opened: OpenStore, pid: str, at: datetime, record_id: str | None = None) -> str:
    entry = VitalSignsEntry("D1", at, temperature_c="37.2", heart_rate_per_min="80")
    reason = "wrong time" if record_id else None
    saved = record_vital_signs(
        opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, entry,
        record_id=record_id, reason=reason, confirm_unusual=True,
    )  # fmt: skip
    return saved.id


def test_the_list_shows_each_participants_latest_set_through_saves_and_corrections(
    opened: OpenStore,
) -> None:
    first, second, none = (_participant(opened, f"S-{n}") for n in (1, 2, 3))
    _vitals(opened, first, T0 + timedelta(hours=1))
    latest = _vitals(opened, first, T0 + timedelta(hours=5))
    _vitals(opened, first, T0 + timedelta(hours=3))  # typed later, measured earlier
    _vitals(opened, second, T0 + timedelta(hours=2))
    seen = _last_seen(opened)
    assert seen == {first: T0 + timedelta(hours=5), second: T0 + timedelta(hours=2), none: None}

    # The latest set corrected to an earlier time: the one before it is now the latest.
    _vitals(opened, first, T0, record_id=latest)
    assert _last_seen(opened)[first] == T0 + timedelta(hours=3)
    # Moved to another participant (plain SQL, as no form does): both rows follow.
    engine = opened.store.engine
    assert engine is not None
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE vital_signs SET participant_id = :to WHERE id = :id"),
            {"to": second, "id": latest},
        )
    seen = _last_seen(opened)
    assert seen[first] == T0 + timedelta(hours=3)
    assert seen[second] == T0 + timedelta(hours=2)  # the moved set, at T0, is older
    # Every set of a participant deleted: nothing is shown, and nothing is left behind.
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM vital_signs WHERE participant_id = :p"), {"p": first})
        left = conn.execute(
            text("SELECT count(*) FROM participant_latest_vitals WHERE participant_id = :p"),
            {"p": first},
        ).scalar_one()
    assert left == 0
    assert _last_seen(opened)[first] is None


def test_the_migration_fills_the_rows_from_vital_signs_saved_before_it(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate.upgrade(engine, "0012")
    stamp = "2026-11-30T08:00:00.000000Z"
    with engine.begin() as conn:
        for pid, number in (("p-1", "S-1"), ("p-2", "S-2")):
            conn.execute(
                text(
                    "INSERT INTO participants (id, row_version, screening_number, initials, sex, "
                    "status, created_at) VALUES (:id, 1, :n, 'AB', 'F', 'infused', :at)"
                ),
                {"id": pid, "n": number, "at": stamp},
            )
        for n, at in enumerate(("2026-12-01T08:00:00.000000Z", "2026-12-02T09:30:00.000000Z")):
            conn.execute(
                text(
                    "INSERT INTO vital_signs (id, row_version, participant_id, visit_code, "
                    "measured_at) VALUES (:id, 1, 'p-1', 'D1', :at)"
                ),
                {"id": f"v-{n}", "at": at},
            )
    migrate.upgrade(engine)
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT * FROM participant_latest_vitals")).all()
        assert [tuple(r) for r in rows] == [("p-1", "2026-12-02T09:30:00.000000Z")]
        conn.execute(
            text(
                "INSERT INTO vital_signs (id, row_version, participant_id, visit_code, "
                "measured_at) VALUES ('v-9', 1, 'p-2', 'D1', :at)"
            ),
            {"at": stamp},
        )
        assert (
            conn.execute(
                text("SELECT measured_at FROM participant_latest_vitals WHERE participant_id='p-2'")
            ).scalar_one()
            == stamp
        )
    migrate.downgrade(engine, "0012")
    names = inspect(engine).get_table_names()
    with engine.connect() as conn:
        triggers = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type='trigger' AND name LIKE 'vital%'")
        ).all()
    engine.dispose()
    assert "participant_latest_vitals" not in names and triggers == []
    assert VitalSigns.__tablename__ in names
