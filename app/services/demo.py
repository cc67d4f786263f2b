"""A demo store: one person per role and a dozen fictional participants at every stage.

Everything is written through :meth:`Store.transaction` as the person who would
do it on a ward (the nurse screens and takes vital signs, the investigator
decides eligibility, the pharmacist dispenses kits), so the audit trail is real.
Every name, number and date is invented.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from app.models import Participant, ParticipantStatus, User, VitalSigns
from app.roles import Role
from app.services.screening import set_study_id_range
from app.services.users import add_user
from app.store.demo_marker import DEMO_MARKER
from app.store.demo_marker import FORMAT as DEMO_FORMAT
from app.store.files import write_atomic
from app.store.paths import StorePaths
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now

SITE = "Demo"
# The brief said DEMO-LAPTOP; device codes name bundle files, so no hyphen.
DEVICE = "DEMO_LAPTOP"
FULL_NAMES = {
    Role.NURSE: "Nina Nurse",
    Role.INVESTIGATOR: "Ivan Investigator",
    Role.PHARMACIST: "Pia Pharmacist",
    Role.MONITOR: "Mona Monitor",
    Role.ADMIN: "Ada Admin",
}


STUDY_IDS = ("DEMO-", 9, 40)
"""The demo device's study-ID range: prefix, first and last number."""


def demo_password(role: Role) -> str:
    return f"{role.value}-demo"


S = ParticipantStatus


@dataclass(frozen=True)
class DemoPerson:
    """A fictional participant and how far they got."""

    screening: str
    initials: str
    sex: str
    born: date | None
    age_years: int | None
    weight_kg: float
    status: ParticipantStatus
    study_id: str | None = None
    fail_reason: str | None = None
    # Days ago of each set of vital signs (0 = today, a little earlier than now).
    vitals_days_ago: tuple[int, ...] = field(default=())


# fmt: off
PEOPLE = (
    DemoPerson("S-001", "LW", "F", date(1961, 3, 14), None, 58.5, S.SCREENING),
    DemoPerson("S-002", "ZH", "M", None, 47, 81.0, S.SCREENING),
    DemoPerson(
        "S-003", "CJ", "M", date(1957, 11, 2), None, 67.0, S.SCREEN_FAILED,
        fail_reason="Not severe: SpO₂ 95 % at rest, RR 22/min, P/F 340 mmHg.",
    ),
    DemoPerson(
        "S-004", "HM", "F", date(1970, 6, 30), None, 62.0, S.SCREEN_FAILED,
        fail_reason="Declined to give consent.",
    ),
    # Signed eligible and not enrolled yet: enrolment gives the first ID of the range.
    DemoPerson("S-005", "WQ", "F", date(1958, 1, 9), None, 70.5, S.ELIGIBLE),
    DemoPerson(
        "S-006", "LY", "M", date(1955, 8, 21), None, 76.0, S.RANDOMISED, "DEMO-002",
        vitals_days_ago=(2, 1),
    ),
    DemoPerson(
        "S-007", "ZX", "F", date(1966, 12, 5), None, 54.0, S.RANDOMISED, "DEMO-003",
        vitals_days_ago=(1, 0),
    ),
    DemoPerson(
        "S-008", "GF", "M", date(1952, 4, 17), None, 88.0, S.INFUSED, "DEMO-004",
        vitals_days_ago=(5, 4, 3),
    ),
    DemoPerson(
        "S-009", "MT", "F", None, 63, 66.5, S.INFUSED, "DEMO-005",
        vitals_days_ago=(3, 2, 1),
    ),
    DemoPerson(
        "S-010", "SR", "M", date(1963, 9, 28), None, 79.0, S.COMPLETED, "DEMO-006",
        vitals_days_ago=(9, 8, 7),
    ),
    DemoPerson(
        "S-011", "YB", "F", date(1975, 2, 11), None, 60.0, S.WITHDRAWN, "DEMO-007",
        vitals_days_ago=(6,),
    ),
    # Randomised this morning: the bag is released and waits for the bedside check.
    DemoPerson(
        "S-013", "FK", "F", date(1968, 10, 19), None, 64.0, S.RANDOMISED, "DEMO-001",
        vitals_days_ago=(0,),
    ),
    DemoPerson(
        "S-012", "QD", "M", date(1953, 7, 3), None, 71.0, S.DIED, "DEMO-008",
        vitals_days_ago=(8, 7, 6),
    ),
)

# fmt: on

ENROLMENT = "all eligibility criteria met"
ENDINGS: dict[ParticipantStatus, tuple[Role, str]] = {
    S.COMPLETED: (Role.INVESTIGATOR, "day 28 visit done; follow-up complete"),
    S.WITHDRAWN: (Role.INVESTIGATOR, "participant withdrew consent"),
    S.DIED: (Role.INVESTIGATOR, "death reported to the sponsor as a serious adverse event"),
}


def create_demo_store(data_dir: Path) -> dict[str, str]:
    """Create the demo store in ``data_dir``; returns user name → password.

    Refuses a folder that already holds a store (:class:`~app.errors.StoreExists`).
    If filling it fails half-way, the half-made store is removed again.
    """
    store, admin, _recovery = Store.create(
        data_dir,
        site=SITE,
        device=DEVICE,
        admin_name=Role.ADMIN.value,
        admin_password=demo_password(Role.ADMIN),
        admin_full_name=FULL_NAMES[Role.ADMIN],
    )
    try:
        actors = _add_people(store, admin)
        now = utc_now()
        ids = {person.screening: _enact(store, actors, person, now) for person in PEOPLE}
        # The pharmacist imports this device's allocation part; the nurse randomises
        # each enrolled participant, day 0 being their baseline visit.
        from app.services.allocation_demo import seed_allocation

        randomised = [p for p in PEOPLE if p.study_id is not None]  # every enrolled one
        seed_allocation(
            store,
            admin,
            actors[Role.PHARMACIST],
            demo_password(Role.PHARMACIST),
            actors[Role.NURSE],
            [ids[p.screening] for p in randomised],
            day0={
                ids[p.screening]: (now - timedelta(days=max(p.vitals_days_ago, default=0))).date()
                for p in randomised
            },
        )
        made = {
            person.screening: _prepare(store, actors, ids[person.screening], person, now)
            for person in randomised
        }
        # Two infusions running on the ward now (one check due soon, one overdue), and
        # those given earlier, completed with their follow-up vital signs.
        from app.services.infusion_demo import seed_infusions

        seed_infusions(
            store,
            actors[Role.NURSE],
            now,
            due_soon=ids["S-006"],
            overdue=ids["S-007"],
            done=[
                (ids[p.screening], made[p.screening] + timedelta(minutes=20))
                for p in randomised
                if _rank(p.status) >= _rank(S.INFUSED)
            ],
        )
        for person in randomised:
            _after_randomisation(store, actors, ids[person.screening], person, now)
        from app.protocol import load_default
        from app.services.ae_demo import add_demo_adverse_events

        # A signed infusion reaction, a serious event with its clock running, one reported.
        add_demo_adverse_events(
            store, actors, load_default(), demo_password(Role.INVESTIGATOR), now
        )
        # The demo device's own study IDs, after those its participants already hold.
        set_study_id_range(store, admin, *STUDY_IDS)
    except BaseException:
        store.close()
        _remove_store_files(StorePaths(data_dir))
        raise
    store.close()
    accounts = {role.value: demo_password(role) for role in Role}
    write_atomic(
        data_dir / DEMO_MARKER,
        json.dumps({"format": DEMO_FORMAT, "accounts": accounts}, indent=1).encode(),
    )
    return accounts


def _remove_store_files(paths: StorePaths) -> None:
    for path in (paths.db, paths.wal, paths.shm, paths.slots, paths.logins, paths.lock):
        with contextlib.suppress(OSError):
            path.unlink()


def _add_people(store: Store, admin: Actor) -> dict[Role, Actor]:
    actors = {Role.ADMIN: admin}
    for role in Role:
        if role is Role.ADMIN:
            continue
        add_user(store, admin, role.value, role, demo_password(role), FULL_NAMES[role])
    # Demo accounts are shared on purpose, so nobody is made to change a password.
    with store.transaction(admin, reason="demo account: no password change needed") as session:
        for user in session.scalars(select(User).where(User.must_change_password)):
            user.must_change_password = False
    for role in Role:
        if role is not Role.ADMIN:
            actors[role] = store.unlock(role.value, demo_password(role))
    return actors


def _enact(store: Store, actors: dict[Role, Actor], person: DemoPerson, now: datetime) -> str:
    """Screen ``person`` as the nurse, and have them signed eligible and enrolled as due.

    Randomisation and what follows it come after the allocation list is imported."""
    first_day = max((*person.vitals_days_ago, 1)) + 1
    with store.transaction(actors[Role.NURSE]) as session:
        p = Participant(
            screening_number=person.screening,
            initials=person.initials,
            sex=person.sex,
            date_of_birth=person.born,
            age_years=person.age_years,
            weight_kg=person.weight_kg,
            height_cm=165.0 if person.sex == "F" else 174.0,
            admission_date=(now - timedelta(days=first_day)).date(),
            status=S.SCREENING.value,
            created_at=now - timedelta(days=first_day),
        )
        session.add(p)
    pid = p.id
    if person.status is S.SCREEN_FAILED:
        with store.transaction(actors[Role.INVESTIGATOR], reason="not eligible") as session:
            row = session.get_one(Participant, pid)
            row.status = S.SCREEN_FAILED.value
            row.screen_fail_reason = person.fail_reason
        return pid
    if _rank(person.status) >= _rank(S.ELIGIBLE):
        _sign_eligible(store, actors, pid, person, now)
        if person.study_id is not None:
            with store.transaction(actors[Role.INVESTIGATOR], reason=ENROLMENT) as session:
                row = session.get_one(Participant, pid)
                row.status = S.ELIGIBLE.value
                row.study_id = person.study_id
    return pid


def _prepare(
    store: Store, actors: dict[Role, Actor], pid: str, person: DemoPerson, now: datetime
) -> datetime:
    """The pharmacist prepares the participant's bag on day 0; the nurse checks and releases it.

    Those infused days ago had theirs prepared then; those waiting, an hour ago."""
    from app.clinical.preparation import PreparationEntry
    from app.services.preparation import prepare, second_check
    from app.services.preparation_views import SHARED_ITEMS, arm_of

    days = max(person.vitals_days_ago, default=0)
    # Those still to be given (on the ward this morning) had theirs made an hour ago.
    waiting = person.status is S.RANDOMISED
    at = now - timedelta(hours=1) if waiting or not days else now - timedelta(days=days, hours=3)
    found = arm_of(store, actors[Role.PHARMACIST], pid)
    placebo = found is None or found[1]
    lot_expiry = (now + timedelta(days=60)).date().isoformat()
    entry = PreparationEntry(
        weight_kg=f"{person.weight_kg:g}",
        prepared_at=at,
        appearance_ok=True,
        lot="" if placebo else "UCMSC-2026-114",
        lot_expiry="" if placebo else lot_expiry,
        cell_count="" if placebo else str(round(person.weight_kg * 1_000_000)),
        viability_percent="" if placebo else "93.5",
    )
    bag = prepare(store, actors[Role.PHARMACIST], pid, entry, at + timedelta(minutes=5))
    second_check(
        store, actors[Role.NURSE], bag.shared.id, demo_password(Role.NURSE), SHARED_ITEMS,
        at + timedelta(minutes=15),
    )  # fmt: skip
    return at


def _after_randomisation(
    store: Store, actors: dict[Role, Actor], pid: str, person: DemoPerson, now: datetime
) -> None:
    """Vital signs and how the participant left, once their infusion is recorded."""
    if person.vitals_days_ago:
        _record_vitals(store, actors[Role.NURSE], pid, person.vitals_days_ago, now)
    if person.status in ENDINGS:
        role, why = ENDINGS[person.status]
        with store.transaction(actors[role], reason=why) as session:
            session.get_one(Participant, pid).status = person.status.value


def _sign_eligible(
    store: Store, actors: dict[Role, Actor], pid: str, person: DemoPerson, now: datetime
) -> None:
    """The nurse fills in the checklist (eligible by respiratory rate); the investigator signs.

    Someone screened with an age only has the date of birth found for the checklist."""
    from app.protocol import load_default
    from app.services.eligibility import EligibilityEntry, save_assessment, sign_assessment

    protocol = load_default()
    today = now.astimezone().date()
    born = person.born or date(today.year - (person.age_years or 50) - 1, 7, 1)
    entry = EligibilityEntry(
        assessed_on=today, date_of_birth=born,
        rt_pcr_date=today - timedelta(days=2), rt_pcr_positive=True,
        ct_date=today - timedelta(days=1), ct_characteristic=True,
        ct_finding="Bilateral ground-glass opacities", respiratory_rate_per_min="31",
        spo2_at_rest_percent="92",
        answers={"IN05": True, "IN06": True, "EX01": False, "EX02": False, "EX03": False,
                 "EX04": False},
    )  # fmt: skip
    saved = save_assessment(store, actors[Role.NURSE], protocol, pid, entry, today=today)
    sign_assessment(
        store, actors[Role.INVESTIGATOR], demo_password(Role.INVESTIGATOR), saved.id, protocol
    )


def _rank(status: ParticipantStatus) -> int:
    order = [S.SCREENING, S.ELIGIBLE, S.RANDOMISED, S.INFUSED]
    return order.index(status) if status in order else len(order)


VISIT_CODES = ("BASELINE", "D1", "D2", "D7")


def _record_vitals(
    store: Store, nurse: Actor, pid: str, days_ago: tuple[int, ...], now: datetime
) -> None:
    with store.transaction(nurse) as session:
        for n, days in enumerate(sorted(days_ago, reverse=True)):
            # Today's set a little earlier than now; earlier days at mid-morning-ish.
            at = now - timedelta(minutes=20) if days == 0 else now - timedelta(days=days, hours=2)
            session.add(
                VitalSigns(
                    participant_id=pid,
                    visit_code=VISIT_CODES[n],
                    measured_at=at,
                    temperature_c=round(38.4 - 0.3 * n, 1),
                    heart_rate_per_min=104 - 4 * n,
                    respiratory_rate_per_min=28 - n,
                    systolic_bp_mmhg=128 - 2 * n,
                    diastolic_bp_mmhg=78,
                    spo2_percent=min(89 + 2 * n, 97),
                    o2_device="nasal_cannula",
                    o2_flow_l_min=4.0 - n,
                    fio2_fraction=round(0.36 - 0.04 * n, 2),
                )
            )
