"""The first-run wizard's first pages: which site and laptop this is, and the first admin.

Also what every page of the wizard shares: its large title, and the sentences of the
wizard's own context.
"""

from __future__ import annotations

import html
import re
import socket
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWizardPage

from app.errors import BedsideError, InvalidInput
from app.ui.app_style import form_layout, set_kind
from app.ui.password_dialog import PHRASE_RULES

if TYPE_CHECKING:
    from app.ui.setup_wizard import SetupWizard

# English sources, translated where they are shown (context "SetupWizard");
# str(): PySide6 types QT_TRANSLATE_NOOP as returning object.
NAME_RULES = str(
    QT_TRANSLATE_NOOP(
        "SetupWizard", "2–32 lower-case letters, digits, “.”, “_” or “-”, starting with a letter."
    )
)
CODE_RULES = str(
    QT_TRANSLATE_NOOP("SetupWizard", "Letters, digits or “_”, up to 32, for example WH01.")
)


def translated(source: str) -> str:
    """One of the wizard's English sources in the installed language."""
    return QCoreApplication.translate("SetupWizard", source)


def default_device_name() -> str:
    """This computer's name, as a device code (letters, digits, '_')."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", socket.gethostname()).strip("_").upper()
    return name[:32] or "LAPTOP_1"


def check_admin(name: str, full_name: str, password: str, again: str) -> None:
    """The first admin's details, each refused with one sentence (raises InvalidInput)."""
    from app.services.users import check_name, check_password

    check_name(name)
    if not full_name.strip():
        raise InvalidInput(
            QCoreApplication.translate(
                "SetupWizard", "Type your full name as it should be printed under your signature."
            )
        )
    if password != again:
        raise InvalidInput(
            QCoreApplication.translate(
                "SetupWizard", "The two passwords are not the same: type them again."
            )
        )
    check_password(password)


def page_title(text: str) -> str:
    return f'<span style="font-size: 18pt; font-weight: bold;">{html.escape(text)}</span>'


class SitePage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.setTitle(page_title(self.tr("Set up Bedside on this laptop")))
        self.setSubTitle(self.tr("Which site is this, and what is this laptop called?"))
        self.site_edit = QLineEdit(self)
        self.site_edit.setAccessibleName(self.tr("Site code"))
        self.site_edit.setMaxLength(32)
        self.device_edit = QLineEdit(default_device_name(), self)
        self.device_edit.setAccessibleName(self.tr("Device name"))
        self.device_edit.setMaxLength(32)
        hint = QLabel(translated(CODE_RULES), self)
        set_kind(hint, "hint")
        folder = QLabel(
            self.tr("The encrypted data will be kept in {folder}.").format(folder=wizard.data_dir),
            self,
        )
        folder.setWordWrap(True)
        set_kind(folder, "hint")
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        set_kind(self.message_label, "error")
        form = form_layout()
        form.addRow(self.tr("Site code"), self.site_edit)
        form.addRow(self.tr("Device name"), self.device_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(folder)
        layout.addWidget(self.message_label)
        layout.addStretch(1)
        self.site_edit.textChanged.connect(self.completeChanged)
        self.device_edit.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.site_edit.text().strip() and self.device_edit.text().strip())

    def validatePage(self) -> bool:
        from app.store.store import check_code

        try:
            check_code("site", self.site_edit.text().strip())
            check_code("device", self.device_edit.text().strip())
        except BedsideError as exc:
            self.message_label.setText(exc.sentence)
            return False
        self.message_label.clear()
        return True


class AdminAccountPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(page_title(self.tr("The first admin")))
        self.setSubTitle(
            self.tr(
                "You will manage the people who use this laptop. Everyone else gets their own "
                "account from you later."
            )
        )
        self.setCommitPage(True)
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName(self.tr("User name"))
        self.full_name_edit = QLineEdit(self)
        self.full_name_edit.setAccessibleName(self.tr("Full name"))
        self.password_edit = QLineEdit(self)
        self.again_edit = QLineEdit(self)
        for edit, name in (
            (self.password_edit, self.tr("Password")),
            (self.again_edit, self.tr("Password again")),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(name)
        rules = QLabel(
            self.tr("User name: {name_rules}\nPassword: {password_rules}").format(
                name_rules=translated(NAME_RULES),
                password_rules=QCoreApplication.translate("ChangePasswordDialog", PHRASE_RULES),
            ),
            self,
        )
        rules.setWordWrap(True)
        set_kind(rules, "hint")
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName(self.tr("Setup message"))
        set_kind(self.message_label, "error")
        form = form_layout()
        form.addRow(self.tr("User name"), self.name_edit)
        form.addRow(self.tr("Full name (printed)"), self.full_name_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow(self.tr("Password again"), self.again_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(rules)
        layout.addWidget(self.message_label)
        layout.addStretch(1)
        for edit in (self.name_edit, self.full_name_edit, self.password_edit, self.again_edit):
            edit.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        edits = (self.name_edit, self.full_name_edit, self.password_edit, self.again_edit)
        return all(edit.text() for edit in edits) and self._wizard.store is None

    def validatePage(self) -> bool:
        name = self.name_edit.text().strip()
        try:
            check_admin(
                name, self.full_name_edit.text(), self.password_edit.text(), self.again_edit.text()
            )
        except BedsideError as exc:
            self.message_label.setText(exc.sentence)
            if self.password_edit.text() != self.again_edit.text():
                self.password_edit.clear()
                self.again_edit.clear()
                self.password_edit.setFocus()
            return False
        sentence = self._wizard.create_store(
            name, self.full_name_edit.text().strip(), self.password_edit.text()
        )
        if sentence:
            self.message_label.setText(sentence)
            return False
        self.message_label.clear()
        self.password_edit.clear()
        self.again_edit.clear()
        return True
