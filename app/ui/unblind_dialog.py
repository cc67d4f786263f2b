"""The "Emergency unblind…" dialog an investigator opens from a participant's page.

It names the participant, warns plainly what happens (the treatment is revealed to
this investigator alone, recorded with their name and reason, shown on the page and
reported to the coordinating centre), and asks for the reason and the investigator's
password again. On success it shows the arm once; closing the dialog clears it, and
nothing else on screen ever shows it. A refusal is one sentence next to the field it
is about; nothing is written then.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import BedsideError, InvalidInput, LoginBackoff, WrongPassword
from app.roles import Permission
from app.services.unblinding import UnblindResult, check_reason, emergency_unblind
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now
from app.ui.app_style import TOUCH_MIN_PX, set_kind
from app.ui.error_dialog import show_error
from app.ui.participant_dialog import ParticipantDialog


def _line(accessible: str, kind: str = "error") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(accessible)
    set_kind(label, kind)
    label.hide()
    return label


class UnblindDialog(ParticipantDialog):
    """Reason and password, then one participant's arm, shown once.

    Signals:
        unblinded(str): the participant id, once the unblinding is recorded (no arm).
    """

    unblinded = Signal(str)

    def __init__(
        self, store: Store, actor: Actor, participant_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(store, actor, participant_id, parent)
        self.result_shown: UnblindResult | None = None
        who = self._who
        self.setWindowTitle(self.tr("Emergency unblinding"))
        self.heading = QLabel(self.tr("Emergency unblinding of {who}").format(who=who))
        self.warning = QLabel(
            self.tr(
                "This reveals the treatment of {who} to you alone. Do it only when the care of "
                "this participant needs it now: it is recorded with your name and reason, shown "
                "on the participant's page, and reported to the coordinating centre."
            ).format(who=who)
        )
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Clinical reason for unblinding"))
        self.reason.setPlaceholderText(self.tr("e.g. anaphylaxis during the infusion"))
        self.reason_message = _line(self.tr("About the reason"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Your password"))
        self.password_message = _line(self.tr("About the password"))
        self.message = _line(self.tr("Why the participant cannot be unblinded"))
        self.outcome = _line(self.tr("The participant's treatment"), "notice")
        self.cancel_button = QPushButton(self.tr("Ca&ncel"))
        self.unblind_button = QPushButton(self.tr("&Unblind this participant"))
        self._build()
        self.cancel_button.clicked.connect(self.reject)
        self.unblind_button.clicked.connect(self.unblind)
        if not actor.can(Permission.EMERGENCY_UNBLIND):
            self._refuse(
                self.tr(
                    "Only an investigator can emergency-unblind a participant: your role "
                    "({role}) stays blinded."
                ).format(role=actor.role.value)
            )

    def _build(self) -> None:
        set_kind(self.heading, "heading")
        set_kind(self.warning, "notice")
        for label in (self.heading, self.warning):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.form = form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for text, edit, note in (
            (self.tr("&Reason"), self.reason, self.reason_message),
            (self.tr("&Password"), self.password, self.password_message),
        ):
            edit.setMinimumHeight(TOUCH_MIN_PX)
            box = QVBoxLayout()
            box.setSpacing(4)
            box.addWidget(edit)
            box.addWidget(note)
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, box)
        row = self._button_row((self.cancel_button,), self.unblind_button, kind="danger")
        self.outcome.setStyleSheet("font-size: 15pt; font-weight: bold;")
        parts = (self.heading, self.warning, form, self.message, self.outcome)
        self._lay_out(parts, row, spacing=12, min_width=640)

    def _refuse(self, sentence: str) -> None:
        self.message.setText(sentence)
        self.message.show()
        self.unblind_button.setEnabled(False)
        self.reason.setEnabled(False)
        self.password.setEnabled(False)

    def _clear_messages(self) -> None:
        for label in (self.reason_message, self.password_message, self.message):
            label.clear()
            label.hide()

    @staticmethod
    def _say(label: QLabel, sentence: str) -> None:
        label.setText(sentence)
        label.show()

    @Slot()
    def unblind(self) -> None:
        """Open the participant's code-break with the password given; show the arm once."""
        self._clear_messages()
        try:
            check_reason(self.reason.text())
        except InvalidInput as exc:
            self._say(self.reason_message, exc.sentence)
            self.reason.setFocus()
            return
        try:
            result = emergency_unblind(
                self._store,
                self._actor,
                self._participant_id,
                self.password.text(),
                self.reason.text(),
                utc_now(),
            )
        except (WrongPassword, LoginBackoff) as exc:
            self._say(self.password_message, exc.sentence)
            self.password.selectAll()
            self.password.setFocus()
            return
        except BedsideError as exc:
            self._say(self.message, exc.sentence)
            return
        except Exception as exc:  # noqa: BLE001 - a bug: shown by reference, never raw
            show_error(self, exc)
            return
        finally:
            self.password.clear()
        self._show(result)

    def _show(self, result: UnblindResult) -> None:
        self.result_shown = result
        self.heading.setText(self.tr("{who}: treatment revealed").format(who=self._who))
        self.warning.setText(
            self.tr(
                "Shown once, to you: it is not shown again when this window closes. "
                "The unblinding is recorded on the participant's page."
            )
        )
        self.outcome.setText(
            self.tr("Kit {kit}: arm {arm}, {name_en}\n{name_zh}").format(
                kit=result.kit_code,
                arm=result.arm_code,
                name_en=result.arm_name_en,
                name_zh=result.arm_name_zh,
            )
        )
        self.outcome.show()
        self.unblind_button.hide()
        for row in range(self.form.rowCount()):
            self.form.setRowVisible(row, False)
        self.cancel_button.setText(self.tr("&Close"))
        self.cancel_button.clicked.disconnect()
        self.cancel_button.clicked.connect(self.accept)
        self.adjustSize()
        self.unblinded.emit(self._participant_id)

    def done(self, code: int) -> None:
        """Closing forgets the arm: it was shown once."""
        self.outcome.clear()
        self.result_shown = None
        super().done(code)
