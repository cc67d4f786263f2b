"""Adverse events, their SAE reports to the sponsor, and concomitant medications.

Grade (CTCAE) and seriousness (the six ICH E2A criteria) are separate columns. No arm
and nothing that differs between arms is kept here: every column is blinded-safe.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Audited, Base, UTCDateTime
from app.models.clinical import ParticipantForm


class AdverseEvent(ParticipantForm, Base):
    """One adverse event: entered by a nurse, assessed and signed by the investigator.

    ``clock_started_at`` is when the SAE reporting clock began: the site's awareness of
    a serious event, or the edit that made an event serious. Editing a signed event
    needs a reason and voids the signature.
    """

    __tablename__ = "adverse_events"

    term_code: Mapped[str | None] = mapped_column(String(48))  # CTCAE code, or None: free text
    term_text: Mapped[str] = mapped_column(String(200))
    ctcae_version: Mapped[str] = mapped_column(String(8))
    description: Mapped[str | None] = mapped_column(Text)
    onset_at: Mapped[datetime] = mapped_column(UTCDateTime())
    end_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ongoing: Mapped[bool] = mapped_column(default=False)
    grade: Mapped[int] = mapped_column(Integer)
    serious: Mapped[bool] = mapped_column(default=False)
    serious_death: Mapped[bool] = mapped_column(default=False)  # AESDTH
    serious_life_threatening: Mapped[bool] = mapped_column(default=False)  # AESLIFE
    serious_hospitalisation: Mapped[bool] = mapped_column(default=False)  # AESHOSP
    serious_disability: Mapped[bool] = mapped_column(default=False)  # AESDISAB
    serious_congenital_anomaly: Mapped[bool] = mapped_column(default=False)  # AESCONG
    serious_medically_important: Mapped[bool] = mapped_column(default=False)  # AESMIE
    aware_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    clock_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    causality_product: Mapped[str | None] = mapped_column(String(16))
    causality_procedures: Mapped[str | None] = mapped_column(String(16))
    expectedness: Mapped[str | None] = mapped_column(String(16))
    rsi_version: Mapped[str | None] = mapped_column(
        String(64)
    )  # what expectedness was judged against
    action_taken: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str | None] = mapped_column(String(32))
    # The infusion it followed; there is no infusion record yet, so no foreign key.
    infusion_id: Mapped[str | None] = mapped_column(String(36))
    infusion_related: Mapped[bool] = mapped_column(default=False)
    entered_by: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SaeReport(Audited, Base):
    """One report of a serious AE to the sponsor: number 0 is the initial report, then
    follow-up 1, 2, … Who, when and how it was sent."""

    __tablename__ = "sae_reports"

    adverse_event_id: Mapped[str] = mapped_column(ForeignKey("adverse_events.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reported_by: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(16))  # fax, email, phone, edc, other
    note: Mapped[str | None] = mapped_column(Text)


class ConMed(ParticipantForm, Base):
    """A concomitant medication, or part of the conventional treatment both arms get."""

    __tablename__ = "con_meds"

    drug: Mapped[str] = mapped_column(String(200))
    dose: Mapped[str | None] = mapped_column(String(32))  # as typed
    dose_unit: Mapped[str | None] = mapped_column(String(16))
    route: Mapped[str | None] = mapped_column(String(16))
    frequency: Mapped[str | None] = mapped_column(String(200))
    start_on: Mapped[date] = mapped_column(Date)
    stop_on: Mapped[date | None] = mapped_column(Date)
    ongoing: Mapped[bool] = mapped_column(default=False)
    indication: Mapped[str | None] = mapped_column(String(200))
    conventional: Mapped[bool] = mapped_column(default=False)
