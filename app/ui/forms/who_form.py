"""The WHO Clinical Progression Scale (0-10) at a visit, each level with its wording."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox

from app.clinical.errors import Message
from app.clinical.who_scale import WHO_SCALE
from app.services.observation_checks import WhoScoreEntry, check_who_score
from app.services.observations import record_who_score
from app.ui.forms.visit_forms import ObservationForm, visit_name
from app.ui.i18n import pick


def score_combo() -> QComboBox:
    """Every level, number first, so a keyboard user can type the digit."""
    combo = QComboBox()
    combo.addItem(QCoreApplication.translate("WhoScaleForm", "Choose the level…"), "")
    for level in WHO_SCALE:
        combo.addItem(
            QCoreApplication.translate("WhoScaleForm", "{score} — {state}").format(
                score=level.score, state=pick(level.state_en, level.state_zh)
            ),
            level.score,
        )
    return combo


class WhoScaleForm(ObservationForm):
    """The participant's level on the WHO progression scale at a visit."""

    form_name = "who"
    form_title = QT_TRANSLATE_NOOP("WhoScaleForm", "WHO scale score")
    new_text = QT_TRANSLATE_NOOP("WhoScaleForm", "New score")
    records = ("who_scores",)
    one_per_visit = True
    checker = check_who_score
    recorder = record_who_score
    when_field = "assessed_on"

    def build(self) -> None:
        self.add_heading(
            self.tr("WHO clinical progression scale"),
            self.tr(
                "The level that describes the participant on the day (0 uninfected – 10 dead)."
            ),
        )
        self.add_picker()
        self.add_visit_field()
        self.add_when("assessed", self.tr("Assessed o&n"), with_time=False)
        self.add_field("score", self.tr("&Level"), score_combo())

    def blank_values(self) -> dict[str, Any]:
        return {
            "visit_code": self.visit_code or "",
            "assessed_on": date.today().isoformat(),
            "score": "",
        }

    def values_of(self, entry: WhoScoreEntry) -> dict[str, Any]:
        return {
            "visit_code": entry.visit_code,
            "assessed_on": entry.assessed_on.isoformat(),
            "score": entry.score,
        }

    def describe(self, entry: WhoScoreEntry) -> str:
        name = visit_name(self.protocol, entry.visit_code)
        return self.tr("{date} · {visit} · level {score}").format(
            date=entry.assessed_on.isoformat(), visit=name, score=entry.score
        )

    def entry(self, problems: list[Message]) -> WhoScoreEntry:
        assessed = self.day("assessed_on", self.tr("Assessed on"), problems, required=True)
        score = self.value("score")
        return WhoScoreEntry(
            str(self.value("visit_code") or ""),
            assessed or date.today(),
            score if isinstance(score, int) else None,
        )
