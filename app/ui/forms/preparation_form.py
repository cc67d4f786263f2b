"""UNBLINDED: the pharmacist's preparation of one dose for one randomised participant.

The form shows the participant's arm (the pharmacist is unblinded) and asks what that
arm's bag needs: the weight used, the preparation (thaw) date and time, and for the cell
product its lot, the lot's expiry, the cell count and viability. Under the fields it
reads back the dose and the use-by as understood ("6.5 × 10⁷ cells in 100 mL, use by
13:30"). Saving hands the entry to :func:`app.services.preparation.prepare`; the bag
then waits for another person's check. Anyone else who opens it sees one sentence and
no field: nothing here is for blinded eyes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from app.clinical.errors import Message, ValidationError
from app.clinical.infusion import scientific
from app.clinical.parsing import format_number, parse_local_datetime, parse_number_text
from app.clinical.preparation import (
    CELL_COUNT_CHARS,
    LOT_CHARS,
    PreparationEntry,
    clock,
    preparation_messages,
    use_by,
)
from app.errors import BedsideError
from app.models import Participant
from app.protocol import Protocol
from app.protocol.preparation import preparation_rules
from app.roles import Permission
from app.services import preparation as service
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import set_kind
from app.ui.forms import (
    ChoiceField,
    DateField,
    NumberField,
    TextField,
    TimeField,
    entry_text,
    hard,
)
from app.ui.forms.base import FormWidget
from app.ui.i18n import pick

INSPECTED = (
    ("yes", QT_TRANSLATE_NOOP("PreparationForm", "No leak, clumps or discolouration")),
    ("no", QT_TRANSLATE_NOOP("PreparationForm", "Not fine")),
)
RENAMED = {"prepared_at": "prepared_on"}


def _stretch() -> QWidget:
    space = QWidget()
    space.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return space


class PreparationForm(FormWidget):
    """The pharmacist's preparation of the participant's next dose (see module doc)."""

    form_name = "preparation"

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        participant_id: str,
        parent: QWidget | None = None,
        now: Any = None,
    ) -> None:
        super().__init__(store, actor, protocol, participant_id, parent)
        self._now = now  # a fixed clock (tests, screenshots); None: the real one
        self.rules = preparation_rules(protocol)
        self.arm: tuple[str, bool] | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("The dose and use-by as understood"))
        set_kind(self.summary, "ok")
        self.done_text = QLabel()
        self.done_text.setWordWrap(True)
        self.done_text.setAccessibleName(self.tr("This participant's bags"))
        refusal = self._refusal()
        if refusal:
            self.add_heading(self.tr("Prepare study product"))
            self.add_hint(refusal)
            self.save_button.setEnabled(False)
            self.finish()
            return
        assert self.arm is not None
        self._build()
        self.finish()
        self.load_values(self.blank_values(), None)

    # -- building -----------------------------------------------------------------------

    def _refusal(self) -> str:
        """Why this person cannot prepare here, or "" (and the arm is known)."""
        if not self.actor.can(Permission.SEE_ARM):
            return self.tr(
                "Only a pharmacist prepares study product: your role ({role}) stays blinded."
            ).format(role=self.actor.role.value)
        try:
            self.arm = service.arm_of(self.store, self.actor, self.participant_id or "")
        except BedsideError as exc:
            return exc.sentence
        if self.arm is None:
            return self.tr("This participant is not randomised yet: there is no kit to prepare.")
        return ""

    def _build(self) -> None:
        assert self.arm is not None
        code, placebo = self.arm
        arm = next(a for a in self.protocol.arms if a.code == code)
        kit = self._participant().kit_code or ""
        study = self.protocol.study
        product = pick(study.blinded_label_en.lower(), study.blinded_label_zh)
        self.add_heading(
            self.tr("Prepare {product}, kit {kit}").format(product=product, kit=kit),
            self.tr("UNBLINDED — arm {code}: {arm}. {intervention}.").format(
                code=code,
                arm=pick(arm.name_en, arm.name_zh),
                intervention=pick(arm.intervention_en, arm.intervention_zh),
            ),
        )
        self.add_widget(self.done_text)
        if self.rules.max_doses > 1:
            doses = [
                (str(n), self.tr("Dose {number}").format(number=n))
                for n in range(1, self.rules.max_doses + 1)
            ]
            self.add_field("dose_number", self.tr("D&ose"), ChoiceField(doses))
        weight = NumberField("kg", places=2, digits=4)
        self.add_field("weight_kg", self.tr("&Weight used"), weight, unit="kg",
                       hint=self.tr("The weight the dose is computed from."))  # fmt: skip
        day = DateField()
        at = QLabel(self.tr("at"))
        self.add_field("prepared_on", self.tr("&Prepared (thawed)"), day,
                       trailing=(at, self._time_editor(), _stretch()))  # fmt: skip
        self.watch_part(self.prepared_time, "prepared_on")
        if not placebo:
            self.add_heading(self.tr("Cell product"))
            self.add_field("lot", self.tr("&Lot"), TextField(LOT_CHARS),
                           hint=self.tr("As printed on the product label."))  # fmt: skip
            self.add_field("lot_expiry", self.tr("Lot e&xpiry"), DateField())
            self.add_field("cell_count", self.tr("&Cell count"), TextField(CELL_COUNT_CHARS),
                           hint=self.tr("Cells in the bag, as 6.5e7 or 6.5×10^7."))  # fmt: skip
            self.add_field("viability_percent", self.tr("&Viability"),
                           NumberField("%", places=2, digits=4), unit="%")  # fmt: skip
        self.add_heading(self.tr("The bag"))
        inspected = tuple(
            (code, QCoreApplication.translate("PreparationForm", str(word)))
            for code, word in INSPECTED
        )
        self.add_field("appearance_ok", self.tr("&Inspected"), ChoiceField(inspected))
        self.add_widget(self.summary)
        self.save_button.setText(self.tr("&Save preparation"))
        self._show_done()

    def _time_editor(self) -> TimeField:
        self.prepared_time = TimeField()
        self.prepared_time.setObjectName("prepared_time")
        self.prepared_time.setAccessibleName(self.tr("Prepared (thawed): time"))
        return self.prepared_time

    def _participant(self) -> Participant:
        with self.store.read() as session:
            return session.get_one(Participant, self.participant_id)

    def _show_done(self) -> None:
        rows = service.unblinded_preparations_for(self.store, self.actor, self.participant_id or "")
        lines = []
        for row in rows:
            shared = row.shared
            if shared.checked_by:
                line = self.tr("Dose {number}: {status}, prepared by {by}, checked by {checker}.")
            else:
                line = self.tr("Dose {number}: {status}, prepared by {by}.")
            lines.append(
                line.format(
                    number=shared.dose_number,
                    status=shared.status,
                    by=shared.prepared_by,
                    checker=shared.checked_by,
                )
            )
        self.done_text.setText("  ".join(lines) or self.tr("No dose prepared yet."))
        set_kind(self.done_text, "hint")

    # -- values ---------------------------------------------------------------------------

    def now(self) -> datetime:
        return self._now if self._now is not None else datetime.now(UTC)

    def next_dose(self) -> int:
        kept = [
            p
            for p in service.preparations_for(self.store, self.participant_id or "")
            if p.status != "discarded"
        ]
        return min(len(kept) + 1, self.rules.max_doses)

    def blank_values(self) -> dict[str, Any]:
        local = self.now().astimezone()
        weight = self._participant().weight_kg
        values: dict[str, Any] = dict.fromkeys(self.fields(), "")
        values.update(
            weight_kg="" if weight is None else format_number(Decimal(repr(weight))),
            prepared_on=local.strftime("%Y-%m-%d"),
            appearance_ok=None,
            dose_number=str(self.next_dose()),
        )
        self.prepared_time.setText(local.strftime("%H:%M"))
        return values

    def prepared_at(self, problems: list[Message]) -> datetime | None:
        try:
            moment = parse_local_datetime(
                self.text("prepared_on"), entry_text(self.prepared_time), "prepared_on",
                self.tr("Prepared (thawed)"),
            )  # fmt: skip
        except ValidationError as exc:
            problems.append(hard("prepared_on", exc.message))
            return None
        if moment is None:
            problems.append(
                hard("prepared_on", self.tr("Enter the date and time of preparation (or thaw)."))
            )
        return moment

    def entry(self, problems: list[Message]) -> PreparationEntry:
        fields = self.fields()

        def typed(name: str) -> str:
            return self.text(name) if name in fields else ""

        return PreparationEntry(
            weight_kg=typed("weight_kg"),
            prepared_at=self.prepared_at(problems),
            lot=typed("lot"),
            lot_expiry=typed("lot_expiry"),
            cell_count=typed("cell_count"),
            viability_percent=typed("viability_percent"),
            appearance_ok=self.value("appearance_ok") == "yes",
            dose_number=int(self.value("dose_number") or 1) if "dose_number" in fields else 1,
        )

    # -- check, preview and save -------------------------------------------------------------

    def check(self) -> list[Message]:
        if self.arm is None:
            return []
        problems: list[Message] = []
        entry = self.entry(problems)
        found = preparation_messages(
            entry, self.protocol, self.rules, is_placebo=self.arm[1], now=self.now()
        )
        if problems:  # the time could not be read: its own message says so
            found = [m for m in found if m.field != "prepared_at"]
        renamed = [
            Message(RENAMED.get(m.field, m.field), m.text, m.severity, m.code) for m in found
        ]
        return problems + renamed

    def preview(self) -> None:
        """Read back the dose and the use-by as the form understands them."""
        if self.arm is None or "weight_kg" not in self.fields():
            return
        parts = []
        try:
            weight = parse_number_text(self.text("weight_kg"), "weight_kg", self.tr("Weight"))
        except ValidationError:
            weight = None
        dose = self.protocol.dose
        if self.arm[1]:
            parts.append(
                self.tr("Bag: {volume} mL {vehicle}").format(
                    volume=format_number(dose.placebo_volume_ml),
                    vehicle=pick(dose.vehicle_en, dose.vehicle_zh),
                )
            )
        elif weight is not None:
            cells = dose.cells_per_kg * weight
            parts.append(
                self.tr(
                    "Dose: {cells} cells in {volume} mL ({weight} kg × {per_kg} cells/kg)"
                ).format(
                    cells=scientific(cells),
                    volume=format_number(dose.volume_ml),
                    weight=format_number(weight),
                    per_kg=scientific(dose.cells_per_kg),
                )
            )
        else:
            parts.append(self.tr("Dose: enter the weight used"))
        at = self.prepared_at([])
        if at is not None:
            parts.append(
                self.tr("use by {time}").format(time=clock(use_by(at, self.rules).astimezone()))
            )
        self.summary.setText(self.tr("{parts}.").format(parts=self.tr("; ").join(parts)))

    def save(self, reason: str | None) -> str:
        del reason  # a preparation is never edited: a wrong one is discarded
        try:
            done = service.prepare(
                self.store,
                self.actor,
                self.participant_id or "",
                self.entry([]),
                self.now(),
                protocol=self.protocol,
                confirm_unusual=True,  # the form's ticks confirmed each unusual value
            )
        except ValidationError as exc:
            raise ValidationError(RENAMED.get(exc.field, exc.field), exc.message) from None
        return done.shared.id

    def after_save(self, record_id: str) -> None:
        """The bag now waits for its check: the form is cleared for the next dose."""
        del record_id
        self._show_done()
        self.load_values(self.blank_values(), None)
        self.summary.setText(
            self.tr("Saved: the bag waits for the second check by another person.")
        )
