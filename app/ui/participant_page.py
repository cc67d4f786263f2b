"""One participant: who they are at a glance, what happened to them, and (later) their forms.

The header shows the study ID, age, sex, weight, status and, once randomised,
the kit code. It never shows the arm: a blinded person knows the product only as
"study product, kit K".
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScroller,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models import ParticipantStatus
from app.roles import Permission, Role
from app.services.participants import ParticipantDetail, participant_detail, status_word
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import scaled_font
from app.ui.participant_print import PrintButton
from app.ui.participant_tabs import ParticipantTabs, current_protocol
from app.ui.participants_model import ROW_HEIGHT_PX, TimelineColumn, TimelineModel
from app.ui.unblind_banner import UnblindBanner

SEX_WORDS = {
    "F": QT_TRANSLATE_NOOP("ParticipantPage", "Female"),
    "M": QT_TRANSLATE_NOOP("ParticipantPage", "Male"),
}
CAPTIONS = {
    "Age": QT_TRANSLATE_NOOP("ParticipantPage", "Age"),
    "Sex": QT_TRANSLATE_NOOP("ParticipantPage", "Sex"),
    "Weight": QT_TRANSLATE_NOOP("ParticipantPage", "Weight"),
    "Status": QT_TRANSLATE_NOOP("ParticipantPage", "Status"),
    "Kit": QT_TRANSLATE_NOOP("ParticipantPage", "Kit"),
}
STALE_AFTER_S = 2.0
DASH = "—"


class ParticipantPage(QWidget):
    """A participant's page: header, a Timeline tab and the form tabs.

    Signals:
        backRequested(): the person wants to go back to the participants list.
    """

    backRequested = Signal()

    TIMELINE_TAB = 0

    def __init__(
        self, store: Store, actor: Actor, participant_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._actor = actor
        self._participant_id = participant_id
        self._detail: ParticipantDetail | None = None
        self._loaded_at = 0.0
        self._back = QPushButton(self.tr("‹ Participants"))
        self._title = QLabel()
        self._subtitle = QLabel()
        self._facts: dict[str, QLabel] = {}
        self._notice = QLabel()
        self._tabs = QTabWidget()
        self._actions = QHBoxLayout()
        self._banners = QVBoxLayout()
        self._timeline_model = TimelineModel(self)
        self._timeline = QTableView()
        self._build()
        self._forms = ParticipantTabs(self._tabs, store, actor, participant_id)
        self._connect_signals()
        self.reload()

    # -- layout -------------------------------------------------------------------

    def _build(self) -> None:
        # Two lines beside the back button (who, then the facts), so the forms keep the
        # height of a laptop screen: the study ID and screening number, then age, sex,
        # weight, status and kit, each caption in grey before its value.
        self._back.setMinimumHeight(ROW_HEIGHT_PX)
        self._back.setAccessibleName(self.tr("Back to the participants list"))
        self._title.setProperty("kind", "heading")
        # The app's stylesheet sets these sizes; this keeps the page readable without it.
        self._title.setFont(scaled_font(self._title.font(), 1.25, bold=True))
        self._title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._subtitle.setProperty("kind", "hint")
        self._notice.setWordWrap(True)
        self._notice.setProperty("kind", "hint")

        facts = QHBoxLayout()
        facts.setSpacing(6)
        for caption, source in CAPTIONS.items():
            said = QCoreApplication.translate("ParticipantPage", str(source))
            name = QLabel(self.tr("{caption}:").format(caption=said))
            name.setProperty("kind", "hint")
            value = QLabel()
            value.setFont(scaled_font(value.font(), 1.0, bold=True))
            value.setAccessibleName(said)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addWidget(name)
            facts.addWidget(value)
            facts.addSpacing(22)
            self._facts[caption] = value
        facts.addStretch(1)

        table = self._timeline
        table.setModel(self._timeline_model)
        table.setAccessibleName(self.tr("Timeline"))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(True)
        table.setTabKeyNavigation(False)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setStyleSheet("QTableView::item { padding: 4px 8px; }")
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setMinimumSectionSize(ROW_HEIGHT_PX)
        # Rows grow with wrapped details, re-measured when the width changes.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = table.horizontalHeader()
        header.setMinimumHeight(ROW_HEIGHT_PX)
        header.setSectionResizeMode(TimelineColumn.WHEN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TimelineColumn.WHAT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TimelineColumn.DETAIL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TimelineColumn.BY, QHeaderView.ResizeMode.ResizeToContents)
        QScroller.grabGesture(table.viewport(), QScroller.ScrollerGestureType.TouchGesture)

        self._tabs.addTab(table, self.tr("Timeline"))

        who = QHBoxLayout()
        who.setSpacing(16)
        who.addWidget(self._title)
        who.addWidget(self._subtitle, 1, Qt.AlignmentFlag.AlignBaseline)
        lines = QVBoxLayout()
        lines.setSpacing(0)
        lines.addLayout(who)
        lines.addLayout(facts)
        top = QHBoxLayout()
        top.addWidget(self._back, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(16)
        top.addLayout(lines, 1)
        # The page's actions sit at the right end of the tab bar, where they take no
        # height from the forms and no width from the header.
        self._actions.setSpacing(8)
        self._actions.setContentsMargins(0, 0, 0, 2)
        self._print = PrintButton(
            self._store, self._actor, current_protocol(), lambda: self._study_id(), self
        )
        self._actions.addWidget(self._print)
        # Nurses and investigators randomise; the button says why when it cannot.
        self.randomise_button = QPushButton(self.tr("Randomise…"))
        self.randomise_button.setMinimumHeight(ROW_HEIGHT_PX)
        self._may_randomise = self._actor.role in (Role.NURSE, Role.INVESTIGATOR)
        self.randomise_button.setVisible(False)  # reload shows it where it applies
        self._actions.insertWidget(0, self.randomise_button)
        # The second person's check of a prepared bag, before it is released.
        self.check_button = QPushButton(self.tr("Check product…"))
        self.check_button.setMinimumHeight(ROW_HEIGHT_PX)
        self.check_button.setVisible(False)
        self._waiting_id: str | None = None
        self._actions.insertWidget(0, self.check_button)
        # Investigators only, once the participant holds a kit: one participant's arm.
        self.unblind_button = QPushButton(self.tr("Emergency unblind…"))
        self.unblind_button.setMinimumHeight(ROW_HEIGHT_PX)
        self.unblind_button.setVisible(False)
        self._actions.insertWidget(0, self.unblind_button)
        self.unblind_banner = UnblindBanner()
        corner = QWidget()
        corner.setLayout(self._actions)
        self._tabs.setCornerWidget(corner, Qt.Corner.TopRightCorner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        self._banners.setSpacing(4)
        self._banners.addWidget(self.unblind_banner)
        layout.addLayout(self._banners)
        layout.addWidget(self._notice)
        layout.addWidget(self._tabs, 1)

    def _connect_signals(self) -> None:
        self._back.clicked.connect(self.backRequested)
        self.randomise_button.clicked.connect(self._open_randomise)
        self.check_button.clicked.connect(self._open_check)
        self.unblind_button.clicked.connect(self._open_unblind)
        self._forms.recordSaved.connect(self.reload)

    # -- public -------------------------------------------------------------------

    @property
    def participant_id(self) -> str:
        return self._participant_id

    @property
    def detail(self) -> ParticipantDetail | None:
        return self._detail

    def title(self) -> str:
        """The participant's label (study ID, else screening number) for a window or tab title."""
        return self._detail.row.label if self._detail else ""

    def header_text(self) -> str:
        """Everything the header shows, as one string (screen readers, tests)."""
        parts = [self._title.text(), self._subtitle.text()]
        parts += [
            self.tr("{caption}: {value}").format(
                caption=QCoreApplication.translate("ParticipantPage", str(CAPTIONS[name])),
                value=label.text(),
            )
            for name, label in self._facts.items()
        ]
        parts.append(self._notice.text())
        return "\n".join(p for p in parts if p)

    def timeline_model(self) -> TimelineModel:
        return self._timeline_model

    def tabs(self) -> QTabWidget:
        return self._tabs

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The main window keeps this page while another is shown: coming back to it
        # shows what was saved meanwhile (but not twice right after construction).
        if time.monotonic() - self._loaded_at > STALE_AFTER_S:
            self.reload()

    @Slot()
    def reload(self) -> None:
        """Read the participant again (after a form is saved, or on coming back)."""
        detail = participant_detail(self._store, self._participant_id)
        self._detail = detail
        self._loaded_at = time.monotonic()
        row = detail.row
        self._title.setText(row.label)
        subtitle = self.tr("Screening no. {number} · initials {initials}").format(
            number=row.screening_number, initials=row.initials
        )
        self._subtitle.setText(subtitle)
        self._facts["Age"].setText(
            DASH if row.age_years is None else self.tr("{years} years").format(years=row.age_years)
        )
        sex = SEX_WORDS.get(row.sex)
        self._facts["Sex"].setText(
            QCoreApplication.translate("ParticipantPage", str(sex)) if sex else row.sex
        )
        self._facts["Weight"].setText(DASH if row.weight_kg is None else f"{row.weight_kg:.1f} kg")
        self._facts["Status"].setText(status_word(row.status))
        self._facts["Kit"].setText(row.kit_code or DASH)
        notice = ""
        if row.status is ParticipantStatus.SCREEN_FAILED and detail.screen_fail_reason:
            notice = self.tr("Screen failed: {reason}").format(reason=detail.screen_fail_reason)
        self._notice.setText(notice)
        self._notice.setVisible(bool(notice))
        self._timeline_model.set_entries(detail.timeline)
        self._update_randomise(row.kit_code)
        self._update_check()
        self.unblind_button.setVisible(
            self._actor.can(Permission.EMERGENCY_UNBLIND) and bool(row.kit_code)
        )
        self.unblind_banner.refresh(self._store, self._participant_id)

    def _update_check(self) -> None:
        from app.services.preparation_views import awaiting_check

        waiting = awaiting_check(self._store, self._participant_id)
        self._waiting_id = waiting.id if waiting else None
        checker = self._actor.role in (Role.NURSE, Role.INVESTIGATOR, Role.PHARMACIST)
        self.check_button.setVisible(
            waiting is not None and checker and waiting.prepared_by != self._actor.name
        )

    @Slot()
    def _open_unblind(self) -> None:
        from app.ui.unblind_dialog import UnblindDialog

        dialog = UnblindDialog(self._store, self._actor, self._participant_id, self)
        dialog.unblinded.connect(self._after_action)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def _open_check(self) -> None:
        from app.ui.preparation_check_dialog import PreparationCheckDialog

        if self._waiting_id is None:
            return
        dialog = PreparationCheckDialog(self._store, self._waiting_id, self._actor, self)
        dialog.released.connect(self._after_action)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _update_randomise(self, kit_code: str | None) -> None:
        # Once randomised the button goes: the kit in the header says the rest.
        self.randomise_button.setVisible(self._may_randomise and not kit_code)
        if not self.randomise_button.isVisibleTo(self):
            return
        from app.services.allocation import why_not_randomise

        why = why_not_randomise(self._store, self._actor, self._participant_id)
        self.randomise_button.setEnabled(why is None)
        self.randomise_button.setToolTip(why or self.tr("Take the next kit of this device's list."))
        self.randomise_button.setAccessibleDescription(why or "")

    @Slot()
    def _open_randomise(self) -> None:
        from app.ui.randomise_dialog import RandomiseDialog

        dialog = RandomiseDialog(self._store, self._actor, self._participant_id, self)
        dialog.randomised.connect(self._after_action)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot(str)
    def _after_action(self, _id: str) -> None:
        self.reload()
        self._forms.reload()

    def _study_id(self) -> str | None:
        return self._detail.row.study_id if self._detail else None

    def forms(self) -> ParticipantTabs:
        return self._forms

    def draft_state(self) -> dict[str, Any] | None:
        """The half-filled forms to keep as a draft when the screen locks; None if none."""
        return self._forms.draft_state()

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Put a kept draft back into its forms."""
        self._forms.restore_draft(state)
