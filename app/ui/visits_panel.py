"""A participant's visits: the schedule with each visit's status, that visit's forms, the
participant's own forms (symptoms, nucleic acid, disposition), and the outcome summary.

Nothing here knows the arm. :class:`VisitsPanel` is a tab of the
participant page; its ``draft_state()``/``restore_draft()`` carry the open form.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScroller,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.clinical.visits import VisitStatus
from app.protocol import Protocol
from app.services.observation_checks import UNSCHEDULED
from app.services.outcomes import Outcomes, describe_outcomes, participant_outcomes
from app.services.visits import Schedule, visit_schedule
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import TOUCH_MIN_PX
from app.ui.forms.visit_forms import (
    FORM_MODULES,
    PARTICIPANT_FORM_NAMES,
    VISIT_FORM_NAMES,
    ObservationForm,
    form_class,
)
from app.ui.i18n import pick
from app.ui.visits_model import STATUS_COLOURS as STATUS_COLOURS
from app.ui.visits_model import StatusDelegate, VisitColumn, VisitsModel

# The forms' button texts (FORM_MODULES holds the English ones).
FORM_TITLES = {
    "vitals": QT_TRANSLATE_NOOP("VisitsPanel", "Vital signs"),
    "labs": QT_TRANSLATE_NOOP("VisitsPanel", "Laboratory"),
    "imaging": QT_TRANSLATE_NOOP("VisitsPanel", "Chest imaging"),
    "who": QT_TRANSLATE_NOOP("VisitsPanel", "WHO scale"),
    "symptoms": QT_TRANSLATE_NOOP("VisitsPanel", "Symptoms"),
    "virology": QT_TRANSLATE_NOOP("VisitsPanel", "Nucleic acid"),
    "disposition": QT_TRANSLATE_NOOP("VisitsPanel", "Disposition"),
}


def form_title(name: str) -> str:
    """Form ``name``'s button text in the installed language."""
    source = FORM_TITLES.get(name)
    return (
        QCoreApplication.translate("VisitsPanel", str(source)) if source else FORM_MODULES[name][2]
    )


class VisitsPanel(QWidget):
    """A participant's visit schedule with status, the forms of each visit, the outcomes.

    Choosing a visit and a form (or a participant form) shows that form in place of the
    schedule; "Back to visits" returns. Saving refreshes the schedule and the outcomes.

    Signals:
        recordSaved(str): a form (its name, e.g. ``"disposition"``) saved a record; a
            disposition may have changed the participant's status.
    """

    recordSaved = Signal(str)

    SCHEDULE_PAGE = 0
    FORM_PAGE = 1

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        participant_id: str,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._actor = actor
        self._protocol = protocol
        self._participant_id = participant_id
        self._clock = clock
        self._schedule: Schedule | None = None
        self._form: ObservationForm | None = None
        self._form_visit: str | None = None
        self._discard_armed = False
        self._stack = QStackedWidget()
        self._day0 = QLabel()
        self._refresh = QPushButton(self.tr("Refresh"))
        self._model = VisitsModel(self)
        self._table = QTableView()
        self._visit_caption = QLabel()
        self._buttons: dict[str, QPushButton] = {}
        self._outcomes = QGroupBox(self.tr("Outcomes"))
        self._outcome_grid = QGridLayout(self._outcomes)
        self._back = QPushButton(self.tr("‹ Back to visits"))
        self._form_title = QLabel()
        self._back_note = QLabel()
        self._form_holder = QVBoxLayout()
        self._build()
        self._focus_order()
        self._connect_signals()
        self.reload()

    # -- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        self._day0.setWordWrap(True)
        self._day0.setProperty("kind", "hint")
        self._refresh.setMinimumHeight(TOUCH_MIN_PX)
        table = self._table
        table.setModel(self._model)
        table.setAccessibleName(self.tr("Visit schedule"))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setItemDelegateForColumn(VisitColumn.STATUS, StatusDelegate(table))
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(TOUCH_MIN_PX)
        header = table.horizontalHeader()
        header.setMinimumHeight(TOUCH_MIN_PX)
        for column in VisitColumn:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VisitColumn.FORMS, QHeaderView.ResizeMode.Stretch)
        QScroller.grabGesture(table.viewport(), QScroller.ScrollerGestureType.TouchGesture)

        top = QHBoxLayout()
        top.addWidget(self._day0, 1)
        top.addWidget(self._refresh)
        visit_row = QHBoxLayout()
        self._visit_caption.setProperty("kind", "heading")
        visit_row.addWidget(self._visit_caption)
        for name in VISIT_FORM_NAMES:
            visit_row.addWidget(self._form_button(name))
        visit_row.addStretch(1)
        participant_row = QHBoxLayout()
        caption = QLabel(self.tr("Any time"))
        caption.setProperty("kind", "heading")
        participant_row.addWidget(caption)
        for name in PARTICIPANT_FORM_NAMES:
            participant_row.addWidget(self._form_button(name))
        participant_row.addStretch(1)
        self._outcome_grid.setColumnStretch(1, 1)
        self._outcome_grid.setHorizontalSpacing(16)

        schedule = QWidget()
        schedule.setObjectName("page")
        lines = QVBoxLayout(schedule)
        lines.addLayout(top)
        lines.addWidget(table)
        lines.addLayout(visit_row)
        lines.addLayout(participant_row)
        lines.addWidget(self._outcomes)
        lines.addStretch(1)

        form_page = QWidget()
        form_page.setObjectName("page")
        head = QHBoxLayout()
        self._back.setMinimumHeight(TOUCH_MIN_PX)
        self._form_title.setProperty("kind", "heading")
        self._back_note.setProperty("kind", "error")
        self._back_note.setWordWrap(True)
        head.addWidget(self._back)
        head.addSpacing(12)
        head.addWidget(self._form_title, 1)
        self._form_holder.setContentsMargins(0, 0, 0, 0)
        page = QVBoxLayout(form_page)
        page.addLayout(head)
        page.addWidget(self._back_note)
        page.addLayout(self._form_holder, 1)
        self._back_note.hide()

        self._stack.addWidget(schedule)
        self._stack.addWidget(form_page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)

    def _form_button(self, name: str) -> QPushButton:
        button = QPushButton(form_title(name))
        button.setMinimumHeight(TOUCH_MIN_PX)
        button.setProperty("form", name)
        self._buttons[name] = button
        return button

    def _focus_order(self) -> None:
        """Tab: the schedule, the visit's forms, the participant's forms, then Refresh."""
        chain = [self._table, *self._buttons.values(), self._refresh]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.setFocusProxy(self._table)

    def _connect_signals(self) -> None:
        self._refresh.clicked.connect(self.reload)
        self._back.clicked.connect(self.back_to_schedule)
        self._table.selectionModel().currentRowChanged.connect(self._visit_changed)
        self._table.activated.connect(self._visit_activated)
        for button in self._buttons.values():
            button.clicked.connect(self._form_button_clicked)

    # -- public -------------------------------------------------------------------------

    def model(self) -> VisitsModel:
        return self._model

    def table(self) -> QTableView:
        return self._table

    def button(self, form_name: str) -> QPushButton:
        return self._buttons[form_name]

    def schedule(self) -> Schedule | None:
        return self._schedule

    def current_form(self) -> ObservationForm | None:
        """The form shown instead of the schedule, or None."""
        return self._form

    def selected_visit(self) -> str | None:
        row = self._model.row_at(self._table.currentIndex().row())
        return row.code if row else None

    def day0_text(self) -> str:
        """The line above the schedule: day 0 and today's day number."""
        return self._day0.text()

    def outcome_text(self) -> str:
        """The outcome summary as one string (screen readers, tests)."""
        labels = self._outcomes.findChildren(QLabel)
        return "\n".join(label.text() for label in labels)

    @Slot()
    def reload(self) -> None:
        """Read the schedule and the outcomes again (after a save, or on request)."""
        keep = self.selected_visit()
        today = self._clock()
        schedule = visit_schedule(self._store, self._protocol, self._participant_id, today)
        self._schedule = schedule
        self._model.set_rows(schedule.visits)
        self._fit_table()
        if schedule.day0_on is None:
            self._day0.setText(
                self.tr(
                    "Day 0 (the infusion) is not recorded yet: the visits are "
                    "planned from it. Forms can still be filled in any time."
                )
            )
        else:
            day = (today - schedule.day0_on).days
            on = schedule.day0_on.strftime(self.tr("%a %d %b %Y"))
            self._day0.setText(
                self.tr("Day 0: {date}. Today is day {day}.").format(date=on, day=day)
            )
        self._select(keep or _first_to_do(schedule))
        self._show_outcomes(participant_outcomes(self._store, self._protocol, self._participant_id))

    def open_form(self, name: str, visit_code: str | None = None) -> ObservationForm:
        """Show form ``name`` (of ``visit_code`` for a visit form) instead of the schedule."""
        self._close_form()
        visit = visit_code if name in VISIT_FORM_NAMES else None
        form = form_class(name)(
            self._store, self._actor, self._protocol, self._participant_id, visit
        )
        form.saved.connect(self._form_saved)
        self._form, self._form_visit = form, visit
        self._form_holder.addWidget(form)
        if visit:
            title = self.tr("{form} · {visit}").format(
                form=form_title(name), visit=self._visit_name(visit)
            )
        else:
            title = form_title(name)
        self._form_title.setText(title)
        self._stack.setCurrentIndex(self.FORM_PAGE)
        form.setFocus()
        form.focusNextChild()
        return form

    @Slot()
    def back_to_schedule(self) -> None:
        """Back to the schedule; unsaved entries need a second tap to be given up."""
        form = self._form
        if form is not None and form.draft_state() is not None and not self._discard_armed:
            self._discard_armed = True
            self._back_note.setText(
                self.tr("Not saved yet: press Save, or press Back again to leave without saving.")
            )
            self._back_note.show()
            return
        self._close_form()
        self._stack.setCurrentIndex(self.SCHEDULE_PAGE)
        self.reload()
        self._table.setFocus()

    def draft_state(self) -> dict[str, Any] | None:
        """The open form's unsaved entries (with which form and visit), or None."""
        if self._form is None:
            return None
        state = self._form.draft_state()
        if state is None:
            return None
        return {"form": self._form.form_name, "visit": self._form_visit, "state": state}

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Reopen the form a draft came from and put its entries back."""
        name = state.get("form")
        if name not in FORM_MODULES:
            return
        form = self.open_form(str(name), state.get("visit"))
        form.restore_draft(dict(state.get("state") or {}))

    # -- handlers -------------------------------------------------------------------------

    def _close_form(self) -> None:
        self._discard_armed = False
        self._back_note.hide()
        if self._form is not None:
            self._form_holder.removeWidget(self._form)
            self._form.deleteLater()
            self._form = None
            self._form_visit = None

    def _fit_table(self) -> None:
        """As tall as its rows (a schedule has a handful), so nothing scrolls inside it."""
        rows = self._model.rowCount()
        self._table.setVisible(rows > 0)
        header = self._table.horizontalHeader()
        height = max(header.sizeHint().height(), header.minimumHeight())
        height += self._table.verticalHeader().length() + 2 * self._table.frameWidth()
        self._table.setFixedHeight(height + 2)

    def _select(self, code: str | None) -> None:
        row = self._model.row_of(code) if code else -1
        if row < 0 and self._model.rowCount():
            row = 0
        if row >= 0:
            self._table.setCurrentIndex(self._model.index(row, VisitColumn.VISIT))
        self._visit_changed()

    @Slot()
    def _visit_changed(self, *_: object) -> None:
        row = self._model.row_at(self._table.currentIndex().row())
        shown = pick(row.name_en, row.name_zh) if row else ""
        self._visit_caption.setText(shown if row else self.tr("Unscheduled"))
        for name in VISIT_FORM_NAMES:
            where = shown if row else self.tr("between visits")
            self._buttons[name].setAccessibleName(
                self.tr("{form}, {visit}").format(form=form_title(name), visit=where)
            )

    def _visit_name(self, code: str) -> str:
        found = next((v for v in self._protocol.visits if v.code == code), None)
        if found is not None:
            return pick(found.name_en, found.name_zh)
        return self.tr("Unscheduled") if code == UNSCHEDULED else code

    @Slot(QModelIndex)
    def _visit_activated(self, index: QModelIndex) -> None:
        row = self._model.row_at(index.row())
        self.open_form("vitals", row.code if row else None)

    @Slot()
    def _form_button_clicked(self) -> None:
        name = str(self.sender().property("form"))
        self.open_form(name, self.selected_visit())

    @Slot(str)
    def _form_saved(self, _record_id: str) -> None:
        self._discard_armed = False
        self._back_note.hide()
        if self._form is not None:
            self.recordSaved.emit(self._form.form_name)

    def _show_outcomes(self, found: Outcomes) -> None:
        while (item := self._outcome_grid.takeAt(0)) is not None:
            if (old := item.widget()) is not None:
                old.deleteLater()
        for i, (caption, text) in enumerate(describe_outcomes(found)):
            name = QLabel(caption)
            name.setProperty("kind", "hint")
            value = QLabel(text)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._outcome_grid.addWidget(name, i, 0, Qt.AlignmentFlag.AlignTop)
            self._outcome_grid.addWidget(value, i, 1)


def _first_to_do(schedule: Schedule) -> str | None:
    """The visit a nurse most likely wants: overdue, due, else the next one coming."""
    for wanted in (VisitStatus.OVERDUE, VisitStatus.DUE, VisitStatus.UPCOMING):
        found = next((v for v in schedule.visits if v.status is wanted), None)
        if found is not None:
            return found.code
    return schedule.visits[-1].code if schedule.visits else None
