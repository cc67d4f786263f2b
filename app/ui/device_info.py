"""This device, as the Admin page shows it: site, device, store, versions, data folder, key.

Each fact can be selected and copied (IT asks for them on the phone); the key the hub
enrols this device with is shown as text and as a QR code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFormLayout, QLabel

from app.services import settings
from app.sync.device import device_public_key  # sync:
from app.ui.qr_widget import KeyView  # sync:

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor


def show_device_info(form: QFormLayout, store: Store, actor: Actor) -> None:
    """Replace the rows of ``form`` with this device's facts and its enrolment key."""
    info = settings.device_info(store)
    while form.rowCount():
        form.removeRow(0)
    for label, value in (
        (QCoreApplication.translate("AdminPage", "Site"), info.site),
        (QCoreApplication.translate("AdminPage", "Device"), info.device),
        (QCoreApplication.translate("AdminPage", "Store ID"), info.store_id),
        (QCoreApplication.translate("AdminPage", "Bedside version"), info.bedside_version),
        (QCoreApplication.translate("AdminPage", "SQLCipher version"), info.sqlcipher_version),
        (QCoreApplication.translate("AdminPage", "Data folder"), info.data_dir),
    ):
        shown = QLabel(value)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        shown.setAccessibleName(label)
        form.addRow(label, shown)
    # sync: the key the hub enrols this device with, as text and as a QR code
    key = device_public_key(store, actor).splitlines()[1]
    caption = QCoreApplication.translate(
        "AdminPage", "Enrol this device at the hub with this key: scan, paste or read it out."
    )
    form.addRow(QCoreApplication.translate("AdminPage", "Device key"), KeyView(caption, key))
