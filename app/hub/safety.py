"""The coordinating centre's safety view: every serious adverse event across devices.

Each SAE is read from the records its device sent (the event and its reports to the
sponsor), its clock recomputed with the protocol's reporting window at the hub's own
time, so an event a ward has not reported shows as overdue here even while the laptop
is offline. Participants are named by subject key and kit code: the records hold no arm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.clinical.adverse_events import SERIOUSNESS, ClockStatus, sae_clock
from app.errors import InvalidInput
from app.hub import export_source as source
from app.hub.export_mapping import SUBJECT_TABLE
from app.hub.export_safety import AE_TABLE, SAE_REPORT_TABLE
from app.hub.store import Hub
from app.protocol import Protocol
from app.protocol.safety import safety_rules
from app.timeutil import iso_utc, parse_iso_utc

LATE = frozenset({ClockStatus.OVERDUE, ClockStatus.REPORTED_LATE})


@dataclass(frozen=True)
class HubSae:
    """One serious adverse event as the hub sees it."""

    ae_id: str
    device: str
    site: str
    subject: str
    kit_code: str | None
    term: str
    grade: int | None
    seriousness: tuple[str, ...]
    outcome: str | None
    aware_at: datetime | None
    clock_started_at: datetime | None
    deadline: datetime | None
    reported_at: datetime | None
    """The initial report to the sponsor, or None while none is recorded."""
    follow_ups: int
    status: ClockStatus

    @property
    def late(self) -> bool:
        """Not reported by its deadline (overdue now, or reported late)."""
        return self.status in LATE

    def to_json(self) -> dict[str, Any]:
        def instant(moment: datetime | None) -> str | None:
            return None if moment is None else iso_utc(moment)

        return {
            "ae_id": self.ae_id,
            "device": self.device,
            "site": self.site,
            "subject": self.subject,
            "kit_code": self.kit_code,
            "term": self.term,
            "grade": self.grade,
            "seriousness": list(self.seriousness),
            "outcome": self.outcome,
            "aware_at": instant(self.aware_at),
            "clock_started_at": instant(self.clock_started_at),
            "reporting_deadline": instant(self.deadline),
            "reported_at": instant(self.reported_at),
            "follow_up_reports": self.follow_ups,
            "clock": self.status.value,
            "late": self.late,
        }


def _instant(value: Any) -> datetime | None:
    """A device's UTC text (``…Z``) as a moment; anything else is no moment."""
    if not isinstance(value, str):
        return None
    try:
        return parse_iso_utc(value)
    except ValueError:
        return None


def _whole(value: Any) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _reports(session: Session) -> dict[str, list[datetime]]:
    """Adverse event id → the times of its live reports to the sponsor, earliest first."""
    found: dict[str, list[datetime]] = {}
    for record in source.iter_records(session, SAE_REPORT_TABLE):
        when = _instant(record.data.get("reported_at"))
        owner = source.as_text(record.data.get("adverse_event_id"))
        if record.deleted or when is None or owner is None:
            continue
        found.setdefault(owner, []).append(when)
    return {k: sorted(v) for k, v in found.items()}


def hub_saes(hub: Hub, protocol: Protocol, now: datetime) -> list[HubSae]:
    """Every live serious adverse event at the hub: late ones first, then by deadline.

    ``now`` is the hub's clock (injected by tests); the window and the urgent hours
    come from the protocol file's ``[safety]`` table.
    """
    if protocol.study.nct_id != hub.study():
        raise InvalidInput(
            f"The hub holds study {hub.study()} but the protocol file is for "
            f"{protocol.study.nct_id}."
        )
    rules = safety_rules(protocol)
    out: list[HubSae] = []
    with hub.session() as session:
        subjects = source.subjects(session)
        site_of = {p.device: p.site for p in source.places(session)}
        kits = {r.record_id: source.as_text(r.data.get("kit_code"))
                for r in source.iter_records(session, SUBJECT_TABLE)}  # fmt: skip
        reports = _reports(session)
        for record in source.iter_records(session, AE_TABLE):
            data = record.data
            if record.deleted or data.get("serious") != "true":
                continue
            participant = source.as_text(data.get("participant_id")) or ""
            subject = subjects.get(participant)
            sent = reports.get(record.record_id, [])
            started = _instant(data.get("clock_started_at"))
            clock = sae_clock(started, sent[0] if sent else None,
                              rules.sae_reporting_window_hours, rules.sae_urgent_within_hours,
                              now)  # fmt: skip
            out.append(
                HubSae(
                    ae_id=record.record_id,
                    device=record.device,
                    site=site_of.get(record.device, record.device),
                    subject=subject.key if subject else participant,
                    kit_code=kits.get(participant),
                    term=source.as_text(data.get("term_text")) or "",
                    grade=_whole(data.get("grade")),
                    seriousness=tuple(k for k in SERIOUSNESS if data.get(f"serious_{k}") == "true"),
                    outcome=source.as_text(data.get("outcome")),
                    aware_at=_instant(data.get("aware_at")),
                    clock_started_at=started,
                    deadline=clock.deadline,
                    reported_at=sent[0] if sent else None,
                    follow_ups=max(0, len(sent) - 1),
                    status=clock.status,
                )
            )
    return sorted(out, key=lambda s: (not s.late, s.deadline or now, s.subject, s.ae_id))
