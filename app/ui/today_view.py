"""Today: what needs doing on the ward now, one tap from each participant.

Sections: infusions in progress and follow-up checks outstanding, with the next check's
target time and countdown, red when one is overdue (a tap opens the participant's
infusion; :mod:`app.ui.infusion_today`), visits due or overdue (a tap opens the due
visit's form), for an investigator what waits for their signature (a tap opens the
checklist to sign), open serious adverse events with their reporting deadlines, and
sync status. Every sentence it says is read from the store when it refreshes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from app.roles import Permission
from app.services.participants import awaiting_signature, today, vitals_today
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now
from app.ui.app_style import scaled_font
from app.ui.i18n import current_language
from app.ui.infusion_today import InfusionCard, InfusionSection
from app.ui.participants_model import ROW_HEIGHT_PX
from app.ui.today_cards import DueCard, SignCard

STALE_AFTER_S = 2.0
# English source, translated where it is shown (str(): the no-op is typed as object).
NO_OPEN_SAE = str(
    QT_TRANSLATE_NOOP("TodayView", "None: no serious adverse event waits to be reported.")
)


def _local_now() -> datetime:
    # The ward's day is the laptop's calendar day.
    return utc_now().astimezone()


class TodayView(QWidget):
    """The Today screen.

    Signals:
        openParticipant(str): the id of the participant the person tapped.
        openForm(str, str, str): the participant's id, the tab of their page to open
            (``visits`` with the due visit's form, ``eligibility`` to sign) and the
            visit's code ("" when there is none).
    """

    openParticipant = Signal(str)
    openForm = Signal(str, str, str)

    def __init__(
        self,
        store: Store,
        actor: Actor,
        *,
        clock: Callable[[], datetime] = _local_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._actor = actor
        self._clock = clock
        self._cards: list[DueCard] = []
        self._sign_cards: list[SignCard] = []
        self._loaded_at = 0.0
        self._title = QLabel(self.tr("Today"))
        self._date = QLabel()
        self._refresh_button = QPushButton(self.tr("Refresh"))
        self._due_box = QGroupBox(self.tr("Visits due or overdue"))
        self._due_layout = QVBoxLayout(self._due_box)
        self._due_none = QLabel()
        self._sign_box = QGroupBox(self.tr("Waiting for your signature"))
        self._sign_layout = QVBoxLayout(self._sign_box)
        self._sign_none = QLabel(
            self.tr("None: every eligibility checklist with a verdict is signed.")
        )
        from app.protocol import load_default

        self._infusions_box = InfusionSection(store, load_default(), clock)
        self._sae_box = self._placeholder_section(
            self.tr("Open serious adverse events"),
            QCoreApplication.translate("TodayView", NO_OPEN_SAE),
        )
        self._sync_box = self._placeholder_section(self.tr("Sync"), self.tr("Never synced."))
        self._build()
        self._connect_signals()
        self.refresh()

    def _placeholder_section(self, title: str, text: str) -> QGroupBox:
        box = QGroupBox(title)
        label = QLabel(text)
        label.setProperty("kind", "hint")
        label.setWordWrap(True)
        label.setObjectName("content")
        QVBoxLayout(box).addWidget(label)
        return box

    def _build(self) -> None:
        self._title.setProperty("kind", "title")
        self._title.setFont(scaled_font(self._title.font(), 1.8, bold=True))
        self._date.setProperty("kind", "hint")
        self._refresh_button.setMinimumHeight(ROW_HEIGHT_PX)
        self._due_none.setProperty("kind", "hint")
        self._due_none.setWordWrap(True)
        self._due_layout.addWidget(self._due_none)
        self._sign_none.setProperty("kind", "hint")
        self._sign_none.setWordWrap(True)
        self._sign_layout.addWidget(self._sign_none)
        self._sign_box.setVisible(self._actor.can(Permission.SIGN))

        head = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self._title)
        names.addWidget(self._date)
        head.addLayout(names, 1)
        head.addWidget(self._refresh_button, 0, Qt.AlignmentFlag.AlignTop)

        side = QVBoxLayout()
        side.addWidget(self._sae_box)
        side.addWidget(self._sync_box)
        side.addStretch(1)
        main = QVBoxLayout()
        main.addWidget(self._infusions_box)  # timed checks first: they cannot wait
        main.addWidget(self._due_box)
        main.addWidget(self._sign_box)
        main.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(main, 3)
        body.addLayout(side, 2)

        content = QWidget()
        content.setObjectName("page")  # the app's page background, not the scroll area's
        column = QVBoxLayout(content)
        column.addLayout(head)
        column.addLayout(body)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _connect_signals(self) -> None:
        self._refresh_button.clicked.connect(self.refresh)
        self._infusions_box.chosen.connect(self._infusion_chosen)

    # -- public -------------------------------------------------------------------

    def cards(self) -> list[DueCard]:
        return list(self._cards)

    def infusion_cards(self) -> list[InfusionCard]:
        """Each infusion with checks to do, the overdue first."""
        return self._infusions_box.cards()

    def sign_cards(self) -> list[SignCard]:
        """What waits for this person's signature (none unless they sign)."""
        return list(self._sign_cards)

    def sentences(self) -> list[str]:
        """Every sentence the page says now, in reading order (tests, screen readers)."""
        said = [self._due_box.title()]
        said += [" ".join(c.text_lines()) for c in self._cards]
        if self._due_none.isVisibleTo(self):
            said.append(self._due_none.text())
        if self._sign_box.isVisibleTo(self):
            said.append(self._sign_box.title())
            said += [" ".join(c.text_lines()) for c in self._sign_cards]
            if self._sign_none.isVisibleTo(self):
                said.append(self._sign_none.text())
        for box in (self._infusions_box, self._sae_box, self._sync_box):
            said += [box.title(), self.section_text(box.title())]
        return said

    def section_text(self, title: str) -> str:
        """The text of a section (Infusions, SAEs, Sync) by its title."""
        if title.startswith(self._infusions_box.title().split(" (")[0]):
            return self._infusions_box.text()
        for box in (self._sae_box, self._sync_box):
            if box.title() == title:
                label = box.findChild(QLabel, "content")
                return label.text() if label is not None else ""
        raise KeyError(title)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The main window keeps this page while another is shown: coming back to it
        # shows what was saved meanwhile (but not twice right after construction).
        if time.monotonic() - self._loaded_at > STALE_AFTER_S:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Read who is due now and rebuild the cards."""
        now = self._clock()
        due = today(self._store, now)
        self._loaded_at = time.monotonic()
        self._date.setText(
            self.tr("{date} · updated {time}").format(date=self._day(now), time=f"{now:%H:%M}")
        )
        for card in self._cards:
            self._due_layout.removeWidget(card)
            card.deleteLater()
        self._cards = []
        for item in due:
            card = DueCard(item, self._due_box)
            card.chosen.connect(self._due_chosen)
            self._due_layout.addWidget(card)
            self._cards.append(card)
        overdue = sum(1 for d in due if d.overdue)
        if due and overdue:
            title = self.tr("Visits due or overdue ({count}, {overdue} overdue)")
        elif due:
            title = self.tr("Visits due or overdue ({count})")
        else:
            title = self.tr("Visits due or overdue")
        self._due_box.setTitle(title.format(count=len(due), overdue=overdue))
        self._due_none.setText(self._nobody_due_sentence(now))
        self._due_none.setVisible(not due)
        self._refresh_signatures()
        self._infusions_box.refresh(now)
        self._refresh_saes(now)
        self._refresh_sync()

    def _day(self, now: datetime) -> str:
        """The weekday and date in the interface language (English: Wednesday 02 December 2026)."""
        locale = QLocale(current_language())
        # A Qt date format, in the order and words of the language.
        shape = self.tr("dddd dd MMMM yyyy")
        return locale.toString(QDate(now.year, now.month, now.day), shape)

    def _nobody_due_sentence(self, now: datetime) -> str:
        seen, on_study = vitals_today(self._store, now)
        if on_study == 0:
            return self.tr("None: no participant is on study.")
        if seen == on_study:
            return self.tr("None: every participant on study has vital signs today.")
        return self.tr(
            "None: no visit is due or overdue today. {seen} of {on_study} participants "
            "on study have vital signs today."
        ).format(seen=seen, on_study=on_study)

    def _refresh_signatures(self) -> None:
        for card in self._sign_cards:
            self._sign_layout.removeWidget(card)
            card.deleteLater()
        self._sign_cards = []
        if not self._actor.can(Permission.SIGN):
            return
        waiting = awaiting_signature(self._store)
        for item in waiting:
            card = SignCard(item, self._sign_box)
            card.chosen.connect(self._sign_chosen)
            self._sign_layout.addWidget(card)
            self._sign_cards.append(card)
        title = (
            self.tr("Waiting for your signature ({count})").format(count=len(waiting))
            if waiting
            else self.tr("Waiting for your signature")
        )
        self._sign_box.setTitle(title)
        self._sign_none.setVisible(not waiting)

    def _refresh_saes(self, now: datetime) -> None:
        """Serious events not yet reported, nearest deadline first, with their clocks."""
        from app.protocol import load_default
        from app.services.adverse_events import open_saes

        lines = [
            f"{view.study_id or view.screening_number} · {view.term} · {view.clock.sentence()}"
            for view in open_saes(self._store, load_default(), now=now.astimezone(UTC))
        ]
        self._sae_box.setTitle(self.tr("Open serious adverse events"))
        label = self._sae_box.findChild(QLabel, "content")
        if label is not None:
            label.setText(
                "\n".join(lines) if lines else QCoreApplication.translate("TodayView", NO_OPEN_SAE)
            )

    def _refresh_sync(self) -> None:
        from app.sync.device import status

        now = status(self._store)
        if now.last_export is None and now.last_ack is None:
            text = self.tr("Never synced.")
        else:
            sent = (
                self.tr("Last bundle written {when}.").format(when=now.last_export)
                if now.last_export
                else ""
            )
            taken = (
                self.tr("The hub last confirmed a bundle {when}.").format(when=now.last_ack)
                if now.last_ack
                else self.tr("The hub has not confirmed a bundle yet.")
            )
            text = f"{sent} {taken}".strip()
        label = self._sync_box.findChild(QLabel, "content")
        if label is not None:
            label.setText(text)

    @Slot(str)
    def _due_chosen(self, participant_id: str) -> None:
        card = self.sender()
        code = card.visit_code if isinstance(card, DueCard) else None
        self.openParticipant.emit(participant_id)
        self.openForm.emit(participant_id, "visits", code or "")

    @Slot(str)
    def _infusion_chosen(self, participant_id: str) -> None:
        self.openParticipant.emit(participant_id)
        self.openForm.emit(participant_id, "infusion", "")

    @Slot(str)
    def _sign_chosen(self, participant_id: str) -> None:
        card = self.sender()
        form = card.form if isinstance(card, SignCard) else "eligibility"
        self.openForm.emit(participant_id, form, "")
