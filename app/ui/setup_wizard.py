"""First run: name the site and this laptop, create the first admin, keep the recovery key.

The store is created when the admin page is committed (there is no going back
after that). The recovery key is then shown once, large, with Print and Save as
PDF; the wizard cannot be finished or closed until the admin ticks that the key
is printed or saved and put somewhere safe. The pages are :mod:`app.ui.setup_pages`
(site and laptop, first admin) and :mod:`app.ui.recovery_key_page`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from app.errors import BedsideError
from app.ui.app_style import set_kind
from app.ui.recovery_key_page import CONFIRM_TEXT as CONFIRM_TEXT
from app.ui.recovery_key_page import RecoveryKeyPage
from app.ui.setup_pages import AdminAccountPage, SitePage

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor


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
