"""The participant's infusion: the bedside check, start and stop, pauses, and the timed
vital signs with their target times and the countdown to the next.

The timepoints are :class:`~app.ui.infusion_timepoints.TimepointGrid` rows, each with
its Record and Skip (by keyboard too: Tab to Record, Enter, type, Enter). Vital signs
that meet a stop criterion ask "Stop the infusion?" and offer to report an adverse
event. Nothing here knows the arm: both arms have the same fields, the same rows and
the same words ("study product, kit K").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import BedsideError
from app.models import Infusion, InfusionInterruption, InfusionVitals
from app.protocol import Protocol
from app.roles import Permission
from app.services import infusion as service
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now
from app.ui.app_style import TOUCH_MIN_PX, set_kind
from app.ui.forms import NumberField, TextField, TimeField, column_limit
from app.ui.i18n import pick
from app.ui.infusion_dialogs import Ask, StepDialog, Values, moment_today
from app.ui.infusion_status import dose_title, next_check_sentence, status_sentence
from app.ui.infusion_timepoints import STATE_COLOURS, TimepointGrid, next_point
from app.ui.infusion_vitals_form import InfusionVitalsForm, StopPrompt
from app.ui.product_check_dialog import ProductCheckDialog

REASON_CHARS = column_limit(InfusionInterruption.reason, 500)
EARLY_CHARS = column_limit(Infusion.stopped_early_reason, 500)
SKIP_CHARS = column_limit(InfusionVitals.skipped_reason, 500)
TICK_MS = 15_000


class InfusionPanel(QWidget):
    """The Infusion tab of a participant's page.

    Signals:
        changed(): something was saved here (the page and Today may refresh).
    """

    changed = Signal()

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        participant_id: str,
        *,
        clock: Callable[[], datetime] = utc_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._actor = actor
        self._protocol = protocol
        self._participant_id = participant_id
        self._clock = clock
        self._can_enter = actor.can(Permission.ENTER_DATA)
        self.infusion: service.InfusionView | None = None
        self.infusions: list[service.InfusionView] = []
        self._chosen_id: str | None = None  # None: follow the latest infusion
        self.dialog: QDialog | None = None
        self.vitals_form: InfusionVitalsForm | None = None
        self.stop_prompt: StopPrompt | None = None
        self.ae_form: QWidget | None = None
        self._reaction: service.VitalsResult | None = None
        self.heading = QLabel(self.tr("Infusion"))
        self.dose_choice = QComboBox()  # shown once there is more than one infusion
        self.dose_choice.setAccessibleName(self.tr("Which infusion"))
        self.dose_choice.setMinimumHeight(TOUCH_MIN_PX)
        self.status = QLabel()
        self.next_check = QLabel()
        self.message = QLabel()
        self.check_button = QPushButton(self.tr("Bedside &product check…"))
        self.interrupt_button = QPushButton(self.tr("&Interrupt…"))
        self.restart_button = QPushButton(self.tr("Res&tart…"))
        self.stop_button = QPushButton(self.tr("St&op infusion…"))
        self.grid = TimepointGrid(can_enter=actor.can(Permission.ENTER_DATA))
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self._build()
        self._connect_callbacks()
        self.refresh()
        self.timer.start()

    def _build(self) -> None:
        set_kind(self.heading, "heading")
        set_kind(self.message, "error")
        for label in (self.status, self.next_check, self.message):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(self.tr("Infusion status"))
        self.next_check.setAccessibleName(self.tr("Next timed check"))
        self.next_check.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.message.hide()
        buttons = QHBoxLayout()
        for button in (self.check_button, self.interrupt_button, self.restart_button,
                       self.stop_button):  # fmt: skip
            button.setMinimumHeight(TOUCH_MIN_PX)
            buttons.addWidget(button)
        buttons.addStretch(1)
        set_kind(self.check_button, "primary")
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(10)
        heading = QHBoxLayout()
        heading.addWidget(self.heading)
        heading.addWidget(self.dose_choice)
        heading.addStretch(1)
        self.dose_choice.hide()
        column.addLayout(heading)
        column.addWidget(self.status)
        column.addLayout(buttons)
        column.addWidget(self.message)
        column.addWidget(self.next_check)
        column.addWidget(self.grid)
        column.addStretch(1)

    def _connect_callbacks(self) -> None:
        self.check_button.clicked.connect(self.open_product_check)
        self.interrupt_button.clicked.connect(self.open_interrupt)
        self.restart_button.clicked.connect(self.open_restart)
        self.stop_button.clicked.connect(self.open_stop)
        self.timer.timeout.connect(self._tick)
        self.grid.recordRequested.connect(self.open_record)
        self.grid.skipRequested.connect(self.open_skip)
        self.dose_choice.activated.connect(self._dose_chosen)

    # -- reading ----------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the participant's infusions and show the chosen one (the latest at first)."""
        now = self._clock()
        try:
            found = service.infusions_for(
                self._store, self._participant_id, now, protocol=self._protocol
            )
        except BedsideError as exc:
            self.message.setText(exc.sentence)
            self.message.show()
            return
        self.message.hide()
        self.infusions = list(found)
        chosen = [v for v in found if v.id == self._chosen_id]
        self.infusion = chosen[0] if chosen else (found[-1] if found else None)
        self._list_doses()
        self._show(now)

    def _list_doses(self) -> None:
        self.dose_choice.blockSignals(True)
        self.dose_choice.clear()
        for view in self.infusions:
            self.dose_choice.addItem(dose_title(view), view.id)
        if self.infusion is not None:
            self.dose_choice.setCurrentIndex(self.dose_choice.findData(self.infusion.id))
        self.dose_choice.blockSignals(False)
        self.dose_choice.setVisible(len(self.infusions) > 1)

    @Slot(int)
    def _dose_chosen(self, index: int) -> None:
        latest = self.infusions[-1].id if self.infusions else None
        chosen = self.dose_choice.itemData(index)
        self._chosen_id = None if chosen == latest else chosen
        self.refresh()

    def _show(self, now: datetime) -> None:
        view = self.infusion
        in_progress = view is not None and view.status == "in_progress"
        paused = in_progress and view is not None and view.paused
        can_enter = self._actor.can(Permission.ENTER_DATA)
        latest = self.infusions[-1] if self.infusions else None
        running = latest is not None and latest.status == "in_progress"
        self.check_button.setVisible(not running and can_enter)  # the next dose's check
        self.interrupt_button.setVisible(in_progress and not paused and can_enter)
        self.restart_button.setVisible(bool(paused) and can_enter)
        self.stop_button.setVisible(in_progress and can_enter)
        self.status.setText(status_sentence(view))
        self.grid.show_infusion(view, now)
        self.next_check.setText(self.next_sentence(now))
        point = next_point(view)
        colour = STATE_COLOURS.get(point.status, "#111111") if point is not None else "#111111"
        self.next_check.setStyleSheet(f"font-size: 14pt; font-weight: bold; color: {colour};")

    @Slot()
    def _tick(self) -> None:
        """Read again (the states move with the clock) and move the countdowns, while
        shown (behind the lock the store is closed)."""
        if self.isVisible() and self._store.unlocked:
            self.refresh()

    def next_sentence(self, now: datetime) -> str:
        """The next timed check and the countdown to it."""
        return next_check_sentence(self.infusion, now)

    def row_text(self, code: str) -> list[str]:
        """What a timepoint's row says, cell by cell (tests)."""
        return self.grid.row_text(code)

    # -- the check and start -------------------------------------------------------------

    @Slot()
    def open_product_check(self) -> None:
        dialog = ProductCheckDialog(
            self._store, self._actor, self._protocol, self._participant_id,
            clock=self._clock, parent=self,
        )  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.started.connect(self._saved)
        self.dialog = dialog
        dialog.open()

    # -- pauses and the end ----------------------------------------------------------------

    def _step(self, title: str, explain: str, asks: list[Ask], act: Callable[[Values], None],
              ok_text: str) -> StepDialog:  # fmt: skip
        dialog = StepDialog(title, explain, asks, act, ok_text=ok_text, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _now_text(self) -> str:
        return f"{self._clock().astimezone():%H:%M}"

    def _at(self, values: Values, name: str, label: str) -> datetime:
        return moment_today(values[name], self._clock().astimezone().date(), name, label)

    @Slot()
    def open_interrupt(self) -> None:
        def act(values: Values) -> None:
            assert self.infusion is not None
            at = self._at(values, "interrupted_at", self.tr("Paused at"))
            service.interrupt(self._store, self._actor, self.infusion.id, at, values["reason"],
                              now=self._clock())  # fmt: skip

        self._step(
            self.tr("Interrupt the infusion"),
            self.tr("Say why the infusion is paused; restart it here when it runs again."),
            [Ask("reason", self.tr("&Reason"), TextField(REASON_CHARS)),
             Ask("interrupted_at", self.tr("Paused &at"), TimeField(), text=self._now_text())],
            act, self.tr("&Pause the infusion"),
        )  # fmt: skip

    @Slot()
    def open_restart(self) -> None:
        def act(values: Values) -> None:
            assert self.infusion is not None
            at = self._at(values, "restarted_at", self.tr("Restarted at"))
            service.restart(self._store, self._actor, self.infusion.id, at, now=self._clock())

        self._step(
            self.tr("Restart the infusion"),
            self.tr("The time the infusion ran again."),
            [Ask("restarted_at", self.tr("Restarted &at"), TimeField(), text=self._now_text())],
            act, self.tr("&Restart"),
        )  # fmt: skip

    @Slot()
    def open_stop(self) -> None:
        def act(values: Values) -> None:
            assert self.infusion is not None
            service.stop_infusion(
                self._store, self._actor, self.infusion.id,
                self._at(values, "stopped_at", self.tr("Stopped at")), values["volume_infused_ml"],
                values["stopped_early_reason"] or None, now=self._clock(),
            )  # fmt: skip

        self._step(
            self.tr("Stop the infusion"),
            self.tr("The time it ended and the volume infused. If it was stopped before the bag "
                    "was finished, say why."),
            [Ask("stopped_at", self.tr("Stopped &at"), TimeField(), text=self._now_text()),
             Ask("volume_infused_ml", self.tr("&Volume infused (mL)"),
                 NumberField("mL", places=1)),
             Ask("stopped_early_reason", self.tr("Stopped &early because"),
                 TextField(EARLY_CHARS), required=False)],
            act, self.tr("&Stop the infusion"),
        )  # fmt: skip

    # -- timepoints -----------------------------------------------------------------------

    def _timepoint(self, code: str) -> service.TimepointView:
        assert self.infusion is not None
        return next(p for p in self.infusion.timepoints if p.code == code)

    @Slot(str)
    def open_record(self, code: str) -> InfusionVitalsForm:
        """The vital-signs form of timepoint ``code``, in its own window."""
        assert self.infusion is not None
        point = self._timepoint(code)
        form = InfusionVitalsForm(
            self._store, self._actor, self._protocol, self._participant_id,
            self.infusion.id, self._timepoint(code), clock=self._clock,
        )  # fmt: skip
        form.setWindowFlag(Qt.WindowType.Dialog)
        form.setWindowModality(Qt.WindowModality.WindowModal)
        form.setParent(self, Qt.WindowType.Dialog)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.setWindowTitle(
            self.tr("Vital signs: {label}").format(label=pick(point.label_en, point.label_zh))
        )
        form.resize(1100, 620)
        form.recorded.connect(self._vitals_recorded)
        self.vitals_form = form
        form.show()
        first = form.field("temperature_c").editor
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        return form

    @Slot(str)
    def open_skip(self, code: str) -> StepDialog:
        point = self._timepoint(code)

        def act(values: Values) -> None:
            assert self.infusion is not None
            service.skip_timepoint(self._store, self._actor, self.infusion.id, code,
                                   values["reason"], now=self._clock(),
                                   protocol=self._protocol)  # fmt: skip

        return self._step(
            self.tr("Skip: {label}").format(label=pick(point.label_en, point.label_zh)),
            self.tr("Why were these vital signs not taken? The check stays on the record as "
                    "skipped."),
            [Ask("reason", self.tr("&Reason"), TextField(SKIP_CHARS))],
            act, self.tr("S&kip this check"),
        )  # fmt: skip

    @Slot(object)
    def _vitals_recorded(self, result: service.VitalsResult) -> None:
        form = self.vitals_form
        if form is not None:
            form.close()
        self.vitals_form = None
        self._saved()
        if result.stop_criteria:
            prompt = StopPrompt([pick(c.label_en, c.label_zh) for c in result.stop_criteria], self)
            prompt.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            prompt.chosen.connect(self._stop_prompt_chosen)
            self.stop_prompt = prompt
            self._reaction = result
            prompt.open()

    @Slot(str)
    def _stop_prompt_chosen(self, choice: str) -> None:
        self.stop_prompt = None
        if choice == "stop":
            self.open_stop()
            dialog = self.dialog
            if isinstance(dialog, StepDialog):
                dialog.editor("stopped_early_reason").setText(self.tr("Stop criteria met"))
        elif choice == "report":
            self.open_adverse_event()

    def open_adverse_event(self) -> QWidget:
        """The adverse-event form, started as an infusion reaction of this infusion."""
        from app.ui.infusion_reaction_form import ReactionAeForm

        form = ReactionAeForm(self._store, self._actor, self._protocol, self._participant_id)
        result = self._reaction
        if self.infusion is not None and result is not None:
            form.start_from(self.infusion.id, result.stop_criteria, self._clock())
        else:
            form.load(None)
        form.setParent(self, Qt.WindowType.Dialog)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.setWindowTitle(self.tr("Report an adverse event"))
        form.resize(1100, 700)
        self.ae_form = form
        form.show()
        return form

    @Slot()
    def _saved(self) -> None:
        self.refresh()
        self.changed.emit()
