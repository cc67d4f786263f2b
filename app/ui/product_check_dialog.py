"""The bedside product check: the wristband, then the bag's kit label, scanned in order.

Both codes are checked against the participant's allocated, released preparation by
the service; a refusal is its sentence next to the field that does not match, and is a
hard stop. A check that is interrupted (the dialog closed, the window locked) starts
again from the wristband. A passed check reads "study product, kit K — checked HH:MM"
and offers Start infusion with the rate, line and site. Nothing here knows the arm.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.clinical.errors import ValidationError
from app.errors import BedsideError
from app.models import Infusion
from app.protocol import Protocol
from app.services import infusion as service
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now
from app.ui.app_style import TOUCH_MIN_PX, set_kind
from app.ui.elided import ElidedLabel
from app.ui.error_dialog import show_error
from app.ui.forms import NumberField, TextField, TimeField, TypedField, column_limit
from app.ui.i18n import pick
from app.ui.infusion_dialogs import moment_today
from app.ui.participant_dialog import ParticipantDialog
from app.ui.scanner import ScanField

LINE_CHARS = column_limit(Infusion.line, 64)
SITE_CHARS = column_limit(Infusion.site, 64)


def _message_line(name: str) -> ElidedLabel:
    line = ElidedLabel(lines=2)
    line.setAccessibleName(name)
    set_kind(line, "error")
    line.setFixedHeight(2 * line.fontMetrics().lineSpacing() + 6)
    return line


class ProductCheckDialog(ParticipantDialog):
    """Scan the wristband and the kit label; on a match, start the infusion.

    Signals:
        checked(str): the id of the passed product check.
        started(str): the id of the infusion just started.
    """

    checked = Signal(str)
    started = Signal(str)

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
        super().__init__(store, actor, participant_id, parent)
        self._clock = clock
        self._protocol = protocol
        self.check: service.ProductCheckView | None = None
        self.infusion_id: str | None = None
        self.setWindowTitle(self.tr("Bedside product check"))
        self.heading = QLabel(self.tr("Product check for {who}").format(who=self._who))
        self.explain = QLabel(
            self.tr(
                "At the bedside: scan the participant's wristband, then the kit label on the "
                "bag. Never check paper against paper."
            )
        )
        self.wristband = ScanField()
        self.wristband.setAccessibleName(self.tr("Wristband"))
        self.wristband.setPlaceholderText(self.tr("Scan the wristband (or type its study ID)"))
        self.wristband_message = _message_line(self.tr("Why the wristband does not match"))
        self.label = ScanField()
        self.label.setAccessibleName(self.tr("Kit label"))
        self.label.setPlaceholderText(
            self.tr("Scan the kit label on the bag (or type its kit code)")
        )
        self.label_message = _message_line(self.tr("Why the kit label does not match"))
        self.outcome = QLabel()
        self.outcome.setAccessibleName(self.tr("Product check result"))
        self.started_at = TimeField(label=self.tr("Start time"))
        self.rate = NumberField("mL/h", places=1, digits=4, label=self.tr("Rate"))
        self.line = TextField(
            LINE_CHARS, label=self.tr("Line"), placeholder=self.tr("e.g. peripheral cannula")
        )
        self.site = TextField(
            SITE_CHARS, label=self.tr("Site"), placeholder=self.tr("e.g. left forearm")
        )
        self.start_message = _message_line(self.tr("Why the infusion did not start"))
        self.start_panel = QWidget()
        self.again_button = QPushButton(self.tr("Check &again"))
        self.close_button = QPushButton(self.tr("&Close"))
        self.start_button = QPushButton(self.tr("&Start infusion"))
        self._build()
        self._connect_callbacks()
        self.restart()

    def _build(self) -> None:
        set_kind(self.heading, "heading")
        set_kind(self.outcome, "ok")
        for label in (self.heading, self.explain, self.outcome):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
        for edit in (self.wristband, self.label):
            edit.setMinimumHeight(TOUCH_MIN_PX)
            edit.setMinimumWidth(420)
        named: dict[str, TypedField] = {
            "started_at": self.started_at,
            "rate_ml_h": self.rate,
            "line": self.line,
            "site": self.site,
        }
        for name, typed in named.items():
            typed.setObjectName(name)
            typed.setAccessibleName(typed.label)
        fields = QFormLayout()
        fields.setVerticalSpacing(4)
        fields.addRow(self.tr("1. &Wristband"), self.wristband)
        fields.addRow("", self.wristband_message)
        fields.addRow(self.tr("2. &Kit label"), self.label)
        fields.addRow("", self.label_message)
        start = QFormLayout(self.start_panel)
        start.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("Start the infusion"))
        set_kind(title, "heading")
        start.addRow(title)
        rate_row = QHBoxLayout()
        rate_row.addWidget(self.rate)
        rate_row.addWidget(QLabel("mL/h"))
        rate_row.addStretch(1)
        start.addRow(self.tr("Start ti&me"), self.started_at)
        rate_label = QLabel(self.tr("&Rate"))
        rate_label.setBuddy(self.rate)
        start.addRow(rate_label, rate_row)
        start.addRow(self.tr("L&ine"), self.line)
        start.addRow(self.tr("Si&te"), self.site)
        start.addRow("", self.start_message)
        row = self._button_row(
            (self.close_button, self.again_button), self.start_button, kind="primary"
        )
        parts = (self.heading, self.explain, fields, self.outcome, self.start_panel)
        self._lay_out(parts, row, spacing=10, min_width=720)

    def _connect_callbacks(self) -> None:
        self.wristband.scanned.connect(self._wristband_entered)
        self.wristband.returnPressed.connect(self._wristband_entered)
        self.label.scanned.connect(self._label_entered)
        self.label.returnPressed.connect(self._label_entered)
        self.again_button.clicked.connect(self.restart)
        self.close_button.clicked.connect(self.reject)
        self.start_button.clicked.connect(self.start_infusion)

    # -- the check ----------------------------------------------------------------------

    @Slot()
    def restart(self) -> None:
        """Start the check again from the wristband: nothing scanned, nothing passed."""
        self.check = None
        for edit in (self.wristband, self.label):
            edit.clear()
        self.label.setEnabled(False)
        for line in (self.wristband_message, self.label_message, self.start_message):
            line.setText("")
        self.outcome.clear()
        self.outcome.hide()
        self.start_panel.hide()
        self.start_button.hide()
        self.again_button.hide()
        self.wristband.setEnabled(True)
        self.wristband.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _wristband_entered(self) -> None:
        if self.check is not None:
            return
        if not self.wristband.text().strip():
            self.wristband_message.setText(self.tr("Scan the participant's wristband first."))
            return
        self.wristband_message.setText("")
        self.label_message.setText("")
        self.label.setEnabled(True)
        self.label.clear()
        self.label.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _label_entered(self) -> None:
        if self.check is not None:
            return
        if not self.label.text().strip():
            self.label_message.setText(self.tr("Scan the kit label on the bag."))
            return
        try:
            view = service.check_product(
                self._store,
                self._actor,
                self._participant_id,
                self.wristband.text(),
                self.label.text(),
                self._clock(),
                protocol=self._protocol,
            )
        except (service.ProductCheckRefused, service.ScanRefused) as exc:
            self._refused(exc)
            return
        except BedsideError as exc:
            self.label_message.setText(exc.sentence)
            return
        except Exception as exc:  # noqa: BLE001 - a bug: shown by reference, never raw
            show_error(self, exc)
            return
        self._passed(view)

    def _refused(self, exc: service.ProductCheckRefused | service.ScanRefused) -> None:
        """A hard stop: the sentence beside the field that does not match."""
        target, line = (
            (self.wristband, self.wristband_message)
            if exc.field == service.WRISTBAND
            else (self.label, self.label_message)
        )
        line.setText(f"✖ {exc.sentence}")
        self.again_button.show()
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        target.selectAll()  # the next scan replaces what was read

    def _passed(self, view: service.ProductCheckView) -> None:
        self.check = view
        self.outcome.setText(
            self.tr("✔ {product} — checked {time}").format(
                product=pick(view.product_en, view.product_zh),
                time=f"{view.checked_at.astimezone():%H:%M}",
            )
        )
        self.started_at.setText(f"{self._clock().astimezone():%H:%M}")
        self.outcome.show()
        for edit in (self.wristband, self.label):
            edit.setEnabled(False)
        self.start_panel.show()
        self.start_button.show()
        self.again_button.show()
        self.rate.setFocus(Qt.FocusReason.OtherFocusReason)
        self.checked.emit(view.id)

    # -- starting -----------------------------------------------------------------------

    @Slot()
    def start_infusion(self) -> None:
        """Start the infusion on this check, at the time, rate, line and site as typed."""
        if self.check is None:
            return
        for edit in (self.started_at, self.rate, self.line, self.site):
            problem = edit.problem()
            if problem is None and not edit.text().strip():
                problem = self.tr("Enter the {label}.").format(label=edit.label.lower())
            if problem:
                self.start_message.setText(problem)
                edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        try:
            today = self._clock().astimezone().date()
            at = moment_today(
                self.started_at.entry_text(), today, "started_at", self.tr("Start time")
            )
            infusion_id = service.start_infusion(
                self._store, self._actor, self._participant_id, self.check.id, at,
                self.rate.entry_text(), self.line.entry_text(), self.site.entry_text(),
                now=self._clock(), protocol=self._protocol,
            )  # fmt: skip
        except ValidationError as exc:
            self.start_message.setText(exc.message)
            return
        except BedsideError as exc:
            self.start_message.setText(exc.sentence)
            return
        except Exception as exc:  # noqa: BLE001 - a bug: shown by reference, never raw
            show_error(self, exc)
            return
        self.infusion_id = infusion_id
        self.started.emit(infusion_id)
        self.accept()

    # -- interruptions --------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.check is None and not self.wristband.text():
            self.wristband.setFocus(Qt.FocusReason.OtherFocusReason)

    def hideEvent(self, event: QHideEvent) -> None:
        # Closed, cancelled or covered by the lock: the next check starts from the top.
        super().hideEvent(event)
        if self.infusion_id is None:
            self.restart()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if self.infusion_id is None:
            self.restart()

    def line_edits(self) -> list[QLineEdit]:
        """Every field of the dialog in order (tests)."""
        return [self.wristband, self.label, self.started_at, self.rate, self.line, self.site]
