"""The one dialog that asks why a saved value is being changed (21 CFR 11.10(e)).

It says what is being changed, offers the usual reasons as large buttons (a gloved
nurse taps one) and a line to type any other reason; OK stays disabled until the
reason is not blank. It is window-modal and opened with ``open()``, never
``exec()``, so the caller's event loop (and a test) keeps running.

API (stable)::

    dialog = ReasonDialog("You are changing PaO₂ (was 60 mmHg).", parent=form)
    dialog.reasonGiven.connect(form._save_with_reason)   # str, stripped, not blank
    dialog.open()
    dialog.reason_edit        # the QLineEdit (tests type into it)
    dialog.ok_button          # the OK button
    dialog.reason()           # the text as it stands
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.clinical.errors import ValidationError
from app.clinical.parsing import check_text
from app.models import AuditEntry
from app.ui.app_style import set_kind
from app.ui.elided import ElidedLabel
from app.ui.forms.fields import column_limit

# Suggestions only: the one tapped is put in the line, in the person's language.
USUAL_REASONS = (
    QT_TRANSLATE_NOOP("ReasonDialog", "Typing error corrected"),
    QT_TRANSLATE_NOOP("ReasonDialog", "Checked against the source document"),
    QT_TRANSLATE_NOOP("ReasonDialog", "Information received later"),
    QT_TRANSLATE_NOOP("ReasonDialog", "Entered for the wrong time or visit"),
)
REASON_CHARS = column_limit(AuditEntry.reason, 500)


class ReasonDialog(QDialog):
    """Asks for the reason for changing saved data; one sentence, required.

    Signals:
        reasonGiven(str): OK was pressed with a reason that is not blank.
    """

    reasonGiven = Signal(str)

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reason for the change"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(620)
        self.what_label = QLabel(what)
        self.what_label.setWordWrap(True)
        self.what_label.setTextFormat(Qt.TextFormat.PlainText)
        self._question = QLabel(self.tr("This was already saved. Why is it being changed?"))
        set_kind(self._question, "heading")
        self._question.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setAccessibleName(self.tr("Reason for the change"))
        self.reason_edit.setPlaceholderText(
            self.tr("Type the reason, or tap one of the usual reasons")
        )
        # Never cut (a pasted reason keeps every character): refused beyond the limit.
        self.refusal = ElidedLabel(lines=2)
        self.refusal.setAccessibleName(self.tr("Why the reason cannot be saved"))
        set_kind(self.refusal, "error")
        self.refusal.setFixedHeight(2 * self.fontMetrics().lineSpacing() + 6)
        self.ok_button = QPushButton(self.tr("Save with this reason"))
        set_kind(self.ok_button, "primary")
        self.ok_button.setEnabled(False)
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self._usual: list[QPushButton] = []
        self._build()
        self._connect_signals()
        self.reason_edit.setFocus()

    def _build(self) -> None:
        usual = QGridLayout()
        usual.setSpacing(8)
        for i, source in enumerate(USUAL_REASONS):
            text = QCoreApplication.translate("ReasonDialog", str(source))
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.setProperty("reason", text)
            self._usual.append(button)
            usual.addWidget(button, i // 2, i % 2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        self.cancel_button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(self._question)
        layout.addWidget(self.what_label)
        layout.addLayout(usual)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.refusal)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.reason_edit.textChanged.connect(self._update_ok)
        self.reason_edit.returnPressed.connect(self._accept_reason)
        self.ok_button.clicked.connect(self._accept_reason)
        self.cancel_button.clicked.connect(self.reject)
        for button in self._usual:
            button.clicked.connect(self._use_usual)

    def reason(self) -> str:
        """The reason as typed, without surrounding blanks."""
        return self.reason_edit.text().strip()

    def problem(self) -> str | None:
        """Why the reason cannot be saved as typed (too long, a control character)."""
        try:
            check_text(self.reason_edit.text(), "reason", self.tr("Reason"), max_chars=REASON_CHARS)
        except ValidationError as exc:
            return exc.message
        return None

    @Slot()
    def _update_ok(self) -> None:
        refused = self.problem()
        self.refusal.setText(refused or "")
        self.ok_button.setEnabled(bool(self.reason()) and refused is None)

    @Slot()
    def _use_usual(self) -> None:
        self.reason_edit.setText(str(self.sender().property("reason")))
        self.reason_edit.setFocus()

    @Slot()
    def _accept_reason(self) -> None:
        reason = self.reason()
        if not reason or self.problem() is not None:
            return
        self.accept()
        self.reasonGiven.emit(reason)
