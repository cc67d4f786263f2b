"""First run: name the site and this laptop, create the first admin, keep the recovery key.

The store is created when the admin page is committed (there is no going back
after that). The recovery key is then shown once, large, with Print and Save as
PDF; the wizard cannot be finished or closed until the admin ticks that the key
is printed or saved and put somewhere safe.
"""

from __future__ import annotations

import html
import re
import socket
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QMarginsF, Qt, Slot
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.errors import BedsideError, InvalidInput
from app.timeutil import utc_now
from app.ui.app_style import form_layout, mono_font, set_kind, ui_font
from app.ui.password_dialog import PHRASE_RULES

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor

# English sources, translated where they are shown (context "SetupWizard");
# str(): PySide6 types QT_TRANSLATE_NOOP as returning object.
CONFIRM_TEXT = str(
    QT_TRANSLATE_NOOP(
        "SetupWizard", "I have printed or saved the recovery key and put it somewhere safe"
    )
)
NAME_RULES = str(
    QT_TRANSLATE_NOOP(
        "SetupWizard", "2–32 lower-case letters, digits, “.”, “_” or “-”, starting with a letter."
    )
)
KEY_ALPHABET = str(
    QT_TRANSLATE_NOOP(
        "SetupWizard", "The key uses the letters A–Z and the digits 2–7 only: no zero, no one."
    )
)
CODE_RULES = str(
    QT_TRANSLATE_NOOP("SetupWizard", "Letters, digits or “_”, up to 32, for example WH01.")
)


def _translate(source: str) -> str:
    """One of the constants above in the installed language."""
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


def key_lines(key: str) -> list[str]:
    """The key in two lines of four groups, so a line never breaks inside a group."""
    groups = key.split("-")
    half = (len(groups) + 1) // 2
    return ["-".join(groups[:half]), "-".join(groups[half:])] if half else [key]


def recovery_key_html(key: str, site: str, device: str, store_id: str, created: str) -> str:
    """The printable recovery key page."""
    e = html.escape
    lines = "<br/>".join(e(line) for line in key_lines(key))
    translate = QCoreApplication.translate
    heading = translate("SetupWizard", "Bedside recovery key")
    where = translate(
        "SetupWizard",
        "Site <b>{site}</b> · device <b>{device}</b><br/>\nStore {store}<br/>Created {created}",
    ).format(site=e(site), device=e(device), store=e(store_id), created=e(created))
    opens = translate(
        "SetupWizard",
        "This key opens the store if every admin password is lost. With it an admin can set\n"
        "a new password (<tt>bedside recover --user NAME</tt>).",
    )
    keep = translate(
        "SetupWizard",
        "<b>Keep this page locked away, apart from the laptop.</b> Anyone who has this key and\n"
        "a copy of the data folder can read the data. Do not photograph it or keep it on the\n"
        "laptop.",
    )
    kept_by = translate(
        "SetupWizard", "Kept by: ________________________ &nbsp; Date: ____________"
    )
    signature = translate("SetupWizard", "Signature: ______________________________")
    return f"""
<h1>{heading}</h1>
<p>{where}</p>
<table border="1" cellpadding="16" cellspacing="0" width="100%"><tr><td align="center"
   style="font-family: 'DejaVu Sans Mono', 'Consolas', monospace; font-size: 22pt;
   font-weight: bold;">{lines}</td></tr></table>
<p>{e(_translate(KEY_ALPHABET))}</p>
<p>{opens}</p>
<p>{keep}</p>
<p>{kept_by}</p>
<p>{signature}</p>
"""


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
        hint = QLabel(_translate(CODE_RULES), self)
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
                name_rules=_translate(NAME_RULES),
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


class RecoveryKeyPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(page_title(self.tr("The recovery key: shown only this once")))
        self.setSubTitle(
            self.tr(
                "It opens the store if every admin password is lost. Print it, or save it as a "
                "PDF on a USB stick (not on this laptop), and lock it away."
            )
        )
        self.key_label = QLabel(self)
        self.key_label.setFont(mono_font(24))
        self.key_label.setAccessibleName(self.tr("Recovery key"))
        self.key_label.setWordWrap(True)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setStyleSheet("padding: 16px; border: 2px dashed #3a3a3a;")
        alphabet = QLabel(_translate(KEY_ALPHABET), self)
        set_kind(alphabet, "hint")
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.pdf_button = QPushButton(self.tr("Save as PDF…"), self)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Recovery key message"))
        self.confirm_box = QCheckBox(_translate(CONFIRM_TEXT), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.key_label)
        layout.addWidget(alphabet)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        layout.addWidget(self.confirm_box)
        # Tests (and a future "save to the USB stick" helper) give the path directly.
        self.choose_pdf_path: Callable[[], str] = self._ask_pdf_path
        self.print_button.clicked.connect(self.print_key)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.confirm_box.toggled.connect(self.completeChanged)

    def initializePage(self) -> None:
        self.key_label.setText(self._wizard.recovery_key)

    def isComplete(self) -> bool:
        return self.confirm_box.isChecked()

    def document(self, printer: QPrinter | None = None) -> QTextDocument:
        w = self._wizard
        doc = QTextDocument(self)
        if printer is not None:
            # Lay the page out on the paper's own width, not a screen-sized default.
            doc.setPageSize(printer.pageLayout().paintRectPoints().size().toSizeF())
        doc.setDefaultFont(ui_font(12))
        doc.setHtml(
            recovery_key_html(
                w.recovery_key, w.site, w.device, w.store_id, f"{utc_now():%Y-%m-%d %H:%M} UTC"
            )
        )
        return doc

    def _say(self, sentence: str, *, ok: bool) -> None:
        self.status_label.setText(sentence)
        set_kind(self.status_label, "ok" if ok else "error")

    @Slot()
    def print_key(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print the recovery key"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.document(printer).print_(printer)
        self._say(self.tr("Sent to the printer. Check the page came out whole."), ok=True)

    def _ask_pdf_path(self) -> str:
        suggested = Path.home() / f"bedside-recovery-key-{self._wizard.site}.pdf"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the recovery key as PDF"), str(suggested), "PDF (*.pdf)"
        )
        return path

    @Slot()
    def save_pdf(self) -> None:
        path = self.choose_pdf_path()
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else f"{path}.pdf")
        self.write_pdf(target)

    def write_pdf(self, target: Path) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(20, 20, 20, 20),
                QPageLayout.Unit.Millimeter,
            )
        )
        self.document(printer).print_(printer)
        del printer  # the PDF is finished when the printer goes
        if not target.is_file() or target.stat().st_size == 0:
            said = self.tr("The PDF could not be written to {folder}: choose another place.")
            self._say(said.format(folder=target.parent), ok=False)
            return False
        self._say(self.tr("Saved to {path}.").format(path=target), ok=True)
        return True


class SetupWizard(QWizard):
    """The first-run wizard; after ``accepted``, :attr:`store` and :attr:`actor` are open."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.store: Store | None = None
        self.actor: Actor | None = None
        self.recovery_key = ""
        self.site = ""
        self.device = ""
        self.store_id = ""
        self.setWindowTitle(self.tr("Bedside — set up this laptop"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setTitleFormat(Qt.TextFormat.RichText)
        for which in (
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.CommitButton,
            QWizard.WizardButton.FinishButton,
        ):
            set_kind(self.button(which), "primary")
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create the store"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Start Bedside"))
        self.site_page = SitePage(self)
        self.admin_page = AdminAccountPage(self)
        self.recovery_page = RecoveryKeyPage(self)
        for page in (self.site_page, self.admin_page, self.recovery_page):
            self.addPage(page)
        self.resize(900, 680)

    def create_store(self, name: str, full_name: str, password: str) -> str | None:
        """Create the store; returns the sentence to show if it could not be made."""
        from app.store.store import Store

        site = self.site_page.site_edit.text().strip()
        device = self.site_page.device_edit.text().strip()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            store, actor, key = Store.create(
                self.data_dir,
                site=site,
                device=device,
                admin_name=name,
                admin_password=password,
                admin_full_name=full_name,
            )
        except BedsideError as exc:
            return exc.sentence
        except OSError as exc:
            return self.tr(
                "Bedside cannot make its files in {folder} "
                "({reason}): choose a folder you can write to."
            ).format(folder=self.data_dir, reason=exc.strerror or exc)
        finally:
            QApplication.restoreOverrideCursor()
        self.store, self.actor, self.recovery_key = store, actor, key
        self.site, self.device, self.store_id = site, device, store.store_id
        return None

    def done(self, result: int) -> None:
        if self.store is not None and not self.recovery_page.confirm_box.isChecked():
            # The key exists nowhere else yet: closing now would lose it.
            self.recovery_page._say(
                self.tr(
                    "Print or save the recovery key and tick the box first: it is shown only once."
                ),
                ok=False,
            )
            return
        if self.store is not None:
            result = QWizard.DialogCode.Accepted.value
            self.recovery_key = ""
            self.recovery_page.key_label.clear()
        super().done(result)
