"""A person changes their own password: by choice from the tool bar, or forced after a
temporary one, before they start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import BedsideError, InvalidInput, WrongPassword
from app.ui.app_style import form_layout, set_kind
from app.ui.elided import name_shown

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor

# English source, translated where it is shown (also by the setup wizard);
# str(): PySide6 types QT_TRANSLATE_NOOP as returning object.
PHRASE_RULES = str(
    QT_TRANSLATE_NOOP(
        "ChangePasswordDialog",
        "At least 8 characters. A short phrase is easier to type in gloves than a jumble, "
        "for example “green kettle 42”.",
    )
)


class ChangePasswordDialog(QDialog):
    """The person changes their own password; forced after a temporary one."""

    def __init__(
        self, store: Store, actor: Actor, *, forced: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.setWindowTitle(self.tr("Bedside — choose a new password"))
        self.setModal(True)
        name = name_shown(actor.full_name)  # a name of any length leaves room for the form
        intro = QLabel(
            self.tr("{name}, your password is temporary: choose your own before you start.")
            if forced
            else self.tr("{name}, choose a new password."),
            self,
        )
        intro.setText(intro.text().format(name=name))
        intro.setWordWrap(True)
        set_kind(intro, "heading")
        self.current_edit = QLineEdit(self)
        self.new_edit = QLineEdit(self)
        self.again_edit = QLineEdit(self)
        current = self.tr("Temporary password") if forced else self.tr("Current password")
        for edit, name in (
            (self.current_edit, current),
            (self.new_edit, self.tr("New password")),
            (self.again_edit, self.tr("New password again")),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(name)
        rules = QLabel(QCoreApplication.translate("ChangePasswordDialog", PHRASE_RULES), self)
        rules.setWordWrap(True)
        set_kind(rules, "hint")
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        set_kind(self.message_label, "error")
        self.message_label.hide()
        self.ok_button = QPushButton(self.tr("Change password"), self)
        set_kind(self.ok_button, "primary")
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Log out") if forced else self.tr("Cancel"), self)

        form = form_layout()
        form.addRow(current, self.current_edit)
        form.addRow(self.tr("New password"), self.new_edit)
        form.addRow(self.tr("New password again"), self.again_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(rules)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        self.resize(640, 420)
        self.ok_button.clicked.connect(self._change)
        self.cancel_button.clicked.connect(self.reject)

    @Slot()
    def _change(self) -> None:
        from app.services.users import change_password, check_password

        old, new = self.current_edit.text(), self.new_edit.text()
        try:
            if new != self.again_edit.text():
                raise InvalidInput(
                    self.tr("The two new passwords are not the same: type them again.")
                )
            if new == old:
                raise InvalidInput(self.tr("Choose a new password, not the one you have now."))
            check_password(new)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                change_password(self.store, self.actor, old, new)
            finally:
                QApplication.restoreOverrideCursor()
        except WrongPassword as exc:
            text = exc.sentence
            if text.startswith("The user name or password"):
                text = self.tr("The current password is not right: type it again.")
            self._refuse(text)
            return
        except BedsideError as exc:
            self._refuse(exc.sentence)
            return
        self.accept()

    def _refuse(self, sentence: str) -> None:
        self.message_label.setText(sentence)
        self.message_label.show()
        self.new_edit.clear()
        self.again_edit.clear()
        self.current_edit.setFocus()
