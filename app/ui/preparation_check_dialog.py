"""The second check of a prepared bag, before it is released to the ward.

The person checking types their own name and password: they must not be the one who
prepared the bag. A pharmacist (unblinded) is then shown every item, content too; a
nurse or investigator is shown only what both arms share (kit label, volume, use-by,
appearance) and the dialog never asks for more: a placebo bag reads exactly like an
active one. Each item is ticked as it is checked on the bag itself; Release confirms
with the password again (:func:`app.services.preparation.second_check`). A refusal is
one sentence next to the field it is about; nothing changes then.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import BedsideError, WrongPassword
from app.roles import Permission
from app.services import preparation as service
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import TOUCH_MIN_PX, set_kind

CONTEXT = "PreparationCheckDialog"
ITEM_WORDS = {
    "kit_code": QT_TRANSLATE_NOOP("PreparationCheckDialog", "Kit label"),
    "volume_ml": QT_TRANSLATE_NOOP("PreparationCheckDialog", "Volume"),
    "use_by": QT_TRANSLATE_NOOP("PreparationCheckDialog", "Use by"),
    "appearance": QT_TRANSLATE_NOOP("PreparationCheckDialog", "Appearance"),
    "arm": QT_TRANSLATE_NOOP("PreparationCheckDialog", "Arm"),
    "lot": QT_TRANSLATE_NOOP("PreparationCheckDialog", "Lot"),
    "lot_expiry": QT_TRANSLATE_NOOP("PreparationCheckDialog", "Lot expiry"),
    "cell_count": QT_TRANSLATE_NOOP("PreparationCheckDialog", "Cell count"),
    "viability_percent": QT_TRANSLATE_NOOP("PreparationCheckDialog", "Viability"),
    "dose_cells": QT_TRANSLATE_NOOP("PreparationCheckDialog", "Dose"),
}


def _line(name: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name)
    set_kind(label, "error")
    return label


class PreparationCheckDialog(QDialog):
    """Identify the second person, show what they check, release the bag.

    Signals:
        released(str): the preparation's id, once released.
    """

    released = Signal(str)

    def __init__(
        self,
        store: Store,
        preparation_id: str,
        current: Actor | None = None,
        parent: QWidget | None = None,
        now: Any = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._id = preparation_id
        self._now = now
        self.checker: Actor | None = None
        self._password = ""
        self.bag = service.blinded_view(store, preparation_id)
        self.setWindowTitle(self.tr("Second check"))
        self.heading = QLabel(
            self.tr("Second check: {product}, dose {number}").format(
                product=self.bag.product, number=self.bag.dose_number
            )
        )
        set_kind(self.heading, "heading")
        self.explain = QLabel(
            self.tr(
                "Prepared by {name}. Someone else checks each item on the bag "
                "itself, ticks it, and releases it with their own password."
            ).format(name=self.bag.prepared_by)
        )
        self.explain.setWordWrap(True)
        self.name = QLineEdit(current.name if current is not None else "")
        self.name.setAccessibleName(self.tr("Your user name"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Your password"))
        self.name_message = _line(self.tr("About the user name"))
        self.password_message = _line(self.tr("About the password"))
        self.continue_button = QPushButton(self.tr("&Show what to check"))
        self.items_box = QWidget()
        self.items_layout = QGridLayout(self.items_box)
        self.items_layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        self.items_message = _line(self.tr("Why the bag was not released"))
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName(self.tr("Check result"))
        set_kind(self.outcome, "ok")
        self.cancel_button = QPushButton(self.tr("Ca&ncel"))
        self.release_button = QPushButton(self.tr("&Release"))
        self._build()
        self.continue_button.clicked.connect(self.identify)
        self.release_button.clicked.connect(self.release)
        self.cancel_button.clicked.connect(self.reject)

    def _build(self) -> None:
        form = QFormLayout()
        name_box = QVBoxLayout()
        name_box.addWidget(self.name)
        name_box.addWidget(self.name_message)
        password_box = QVBoxLayout()
        password_box.addWidget(self.password)
        password_box.addWidget(self.password_message)
        for text, edit, box in ((self.tr("&Name"), self.name, name_box),
                                (self.tr("&Password"), self.password, password_box)):  # fmt: skip
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, box)
        for edit in (self.name, self.password):
            edit.setMinimumHeight(TOUCH_MIN_PX)
        buttons = QHBoxLayout()
        buttons.addWidget(self.items_message, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.release_button)
        for button in (self.continue_button, self.cancel_button, self.release_button):
            button.setMinimumHeight(TOUCH_MIN_PX)
            button.setAutoDefault(False)
        set_kind(self.release_button, "primary")
        self.release_button.setEnabled(False)
        self.items_box.hide()
        self.outcome.hide()
        outer = QVBoxLayout(self)
        outer.addWidget(self.heading)
        outer.addWidget(self.explain)
        outer.addLayout(form)
        outer.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addWidget(self.items_box)
        outer.addWidget(self.outcome)
        outer.addStretch(1)
        outer.addLayout(buttons)
        self.setMinimumWidth(640)

    def now(self) -> datetime:
        return self._now if self._now is not None else datetime.now(UTC)

    # -- who checks ---------------------------------------------------------------------

    @Slot()
    def identify(self) -> None:
        """Unlock the person named, then show the items they check (and nothing more)."""
        for line in (self.name_message, self.password_message, self.items_message):
            line.clear()
        name, password = self.name.text().strip(), self.password.text()
        if not name:
            self.name_message.setText(self.tr("Type your own user name."))
            return
        if name == self.bag.prepared_by:
            self.name_message.setText(
                self.tr(
                    "The second check is done by someone other than the person who prepared "
                    "the bag: ask a colleague."
                )
            )
            return
        try:
            checker = self._store.unlock(name, password)
        except WrongPassword as exc:
            self.password_message.setText(exc.sentence)
            return
        except BedsideError as exc:
            self.name_message.setText(exc.sentence)
            return
        if checker.role not in service.CHECKERS:
            self.name_message.setText(
                self.tr(
                    "Only a pharmacist, nurse or investigator checks study product: your role "
                    "({role}) cannot."
                ).format(role=checker.role.value)
            )
            return
        try:
            items = self._items(checker)
        except BedsideError as exc:
            self.name_message.setText(exc.sentence)
            return
        self.checker, self._password = checker, password
        self._show_items(items)

    def _items(self, checker: Actor) -> dict[str, str]:
        """The items this checker confirms: the content to a pharmacist only."""
        if checker.can(Permission.SEE_ARM):
            return service.unblinded_view(self._store, checker, self._id).items()
        return service.blinded_view(self._store, self._id).items()

    def _show_items(self, items: dict[str, str]) -> None:
        for box in self.boxes.values():
            box.deleteLater()
        self.boxes = {}
        # What both arms share on the left; the content (a pharmacist only) on the right.
        for key, value in items.items():
            word = QCoreApplication.translate(CONTEXT, str(ITEM_WORDS[key]))
            box = QCheckBox(self.tr("{item}: {value}").format(item=word, value=value))
            box.setMinimumHeight(TOUCH_MIN_PX)
            self.boxes[key] = box
            shared = key in service.SHARED_ITEMS
            row = (service.SHARED_ITEMS if shared else service.CONTENT_ITEMS).index(key)
            self.items_layout.addWidget(box, row, 0 if shared else 1)
        self.items_layout.setColumnStretch(0, 1)
        self.items_layout.setColumnStretch(1, 1)
        self.items_box.show()
        self.name.setEnabled(False)
        self.continue_button.setEnabled(False)
        self.release_button.setEnabled(True)

    # -- release --------------------------------------------------------------------------

    @Slot()
    def release(self) -> None:
        if self.checker is None:
            return
        ticked = [key for key, box in self.boxes.items() if box.isChecked()]
        try:
            done = service.second_check(
                self._store, self.checker, self._id, self._password, ticked, self.now()
            )
        except BedsideError as exc:
            self.items_message.setText(exc.sentence)
            return
        self.items_message.clear()
        at = done.released_at.astimezone() if done.released_at else None
        if at:
            said = self.tr("Released: {product} — checked by {name} at {time}.")
        else:
            said = self.tr("Released: {product} — checked by {name}.")
        self.outcome.setText(
            said.format(
                product=done.product, name=done.checked_by, time=f"{at:%H:%M}" if at else ""
            )
        )
        self.outcome.show()
        self.release_button.setEnabled(False)
        self.cancel_button.setText(self.tr("&Close"))
        self.released.emit(self._id)
