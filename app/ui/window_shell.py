"""The main window's frame: tool bar, navigation, message strip and status bar, in the
interface language.

Everything here is built once per window and re-worded by :meth:`ShellMixin.retranslate`
whenever the language changes (another person unlocks, a ``LanguageChange`` event),
while the pages inside are rebuilt for each person and come up in their language.
"""

from __future__ import annotations

import functools
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.services.settings import LANGUAGES
from app.ui import i18n
from app.ui.app_style import set_kind
from app.ui.elided import ElidedLabel, elided
from app.ui.scanner import accept_scans

if TYPE_CHECKING:
    from app.ui.session import SessionController
    from app.ui.sync_controller import SyncState

log = logging.getLogger(__name__)

STUDY_ID_FALLBACK = "NCT04339660"
TODAY, PARTICIPANTS, SAFETY, ALLOCATION, SYNC, ADMIN, PARTICIPANT = (
    "today",
    "participants",
    "safety",
    "allocation",
    "sync",
    "admin",
    "participant",
)
# English sources, translated in MainWindow's context (str(): the no-op is typed object).
# Alt+S is every form's Save: Safety takes the e. Allocation (the pharmacist's kit list)
# shows for unblinded people only.
NAV = (
    (TODAY, str(QT_TRANSLATE_NOOP("MainWindow", "&Today"))),
    (PARTICIPANTS, str(QT_TRANSLATE_NOOP("MainWindow", "&Participants"))),
    (SAFETY, str(QT_TRANSLATE_NOOP("MainWindow", "Saf&ety"))),
    (ALLOCATION, str(QT_TRANSLATE_NOOP("MainWindow", "Allocation"))),
    (SYNC, str(QT_TRANSLATE_NOOP("MainWindow", "S&ync"))),
    (ADMIN, str(QT_TRANSLATE_NOOP("MainWindow", "&Admin"))),
)
ROLE_NAMES = {
    "nurse": str(QT_TRANSLATE_NOOP("MainWindow", "nurse")),
    "investigator": str(QT_TRANSLATE_NOOP("MainWindow", "investigator")),
    "pharmacist": str(QT_TRANSLATE_NOOP("MainWindow", "pharmacist")),
    "monitor": str(QT_TRANSLATE_NOOP("MainWindow", "monitor")),
    "admin": str(QT_TRANSLATE_NOOP("MainWindow", "admin")),
}


def _tr(source: str) -> str:
    """A source string held in a constant, translated in MainWindow's context."""
    return QCoreApplication.translate("MainWindow", source)


def role_word(code: str) -> str:
    """A role's name in the person's language (the stored code when it is not a role)."""
    return _tr(ROLE_NAMES.get(code, code))


class ShellMixin:
    """The frame of :class:`~app.ui.main_window.MainWindow` (its session, its study)."""

    session: SessionController
    _site_name: str
    _sync_state: SyncState | None

    def _build_toolbar(self) -> None:
        assert isinstance(self, QMainWindow)
        bar = QToolBar(self)
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self.barcode_edit = QLineEdit(bar)
        self.barcode_edit.setMinimumWidth(460)
        self.barcode_edit.setClearButtonEnabled(True)
        accept_scans(self.barcode_edit)  # a scan replaces what Find held and presses Enter
        self.scan_label = QLabel(bar)
        self.password_button = QPushButton(bar)
        self.language_combo = QComboBox(bar)  # each language in its own words
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.lock_button = QPushButton(bar)
        set_kind(self.lock_button, "primary")
        spacer = QWidget(bar)
        spacer.setSizePolicy(spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Fixed)
        bar.addWidget(self.scan_label)
        bar.addWidget(self.barcode_edit)
        bar.addWidget(spacer)
        bar.addWidget(self.language_combo)
        bar.addWidget(self.password_button)
        bar.addWidget(self.lock_button)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _build_status_bar(self) -> None:
        assert isinstance(self, QMainWindow)
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        self.user_label = ElidedLabel(parent=bar)  # a long name is cut, whole in its tooltip
        self.unsynced_label = QLabel(bar)
        from app.sync.device import DATA_CHANGE

        self.unsynced_label.setToolTip(DATA_CHANGE)
        self.last_sync_label = QLabel(bar)
        self.clock_label = QLabel(bar)
        bar.addWidget(self.user_label, 1)
        for label in (self.unsynced_label, self.last_sync_label, self.clock_label):
            bar.addPermanentWidget(label)

    def _build_nav(self) -> QFrame:
        assert isinstance(self, QMainWindow)
        self.nav_group = QButtonGroup(self)
        self.nav_buttons: dict[str, QPushButton] = {}
        nav = QFrame(self)
        nav.setProperty("kind", "navbar")
        nav.setFixedWidth(220)
        nav_layout = QVBoxLayout(nav)
        nav_layout.setContentsMargins(10, 16, 10, 16)
        nav_layout.setSpacing(8)
        for name, _text in NAV:
            button = QPushButton(nav)
            button.setCheckable(True)
            set_kind(button, "nav")
            self.nav_group.addButton(button)
            self.nav_buttons[name] = button
            nav_layout.addWidget(button)
        nav_layout.addStretch(1)
        return nav

    def _build_message_strip(self) -> None:
        assert isinstance(self, QMainWindow)
        self.message_frame = QFrame(self)
        self.message_frame.setProperty("kind", "message")
        self.message_label = QLabel(self.message_frame)
        self.message_label.setWordWrap(True)
        self.dismiss_button = QPushButton(self.message_frame)
        self.dismiss_button.clicked.connect(self.message_frame.hide)
        message_row = QHBoxLayout(self.message_frame)
        message_row.addWidget(self.message_label, 1)
        message_row.addWidget(self.dismiss_button)
        self.message_frame.hide()

    def retranslate(self) -> None:
        """Every word of the frame in the interface language, for the person signed in."""
        assert isinstance(self, QMainWindow)
        self.toolbar.setWindowTitle(QCoreApplication.translate("MainWindow", "Tools"))
        self.barcode_edit.setAccessibleName(
            QCoreApplication.translate("MainWindow", "Scan a barcode")
        )
        self.barcode_edit.setPlaceholderText(
            QCoreApplication.translate(
                "MainWindow", "Scan or type a study ID, screening no. or kit code"
            )
        )
        self.scan_label.setText(QCoreApplication.translate("MainWindow", "Find (Ctrl+F)"))
        self.password_button.setText(QCoreApplication.translate("MainWindow", "My password"))
        self.language_combo.setAccessibleName(
            QCoreApplication.translate("MainWindow", "My language")
        )
        self.language_combo.setToolTip(
            QCoreApplication.translate("MainWindow", "The language of your screens")
        )
        self.language_combo.blockSignals(True)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(i18n.current_language()))
        )
        self.language_combo.blockSignals(False)
        self.lock_button.setText(QCoreApplication.translate("MainWindow", "Lock (Ctrl+L)"))
        self.lock_button.setAccessibleName(QCoreApplication.translate("MainWindow", "Lock"))
        for name, source in NAV:
            text = _tr(source)
            self.nav_buttons[name].setText(text)
            self.nav_buttons[name].setAccessibleName(text.replace("&", ""))
        self.message_label.setAccessibleName(QCoreApplication.translate("MainWindow", "Message"))
        self.dismiss_button.setText(QCoreApplication.translate("MainWindow", "OK"))
        self.clock_label.setAccessibleName(QCoreApplication.translate("MainWindow", "Clock"))
        actor = self.session.actor
        role = _tr(ROLE_NAMES.get(actor.role.value, actor.role.value))
        self.user_label.setText(
            f"{elided(actor.full_name, 40)} ({actor.name}) · {role}",
            whole=f"{actor.full_name} ({actor.name}) · {role}",
        )
        self.setWindowTitle(
            QCoreApplication.translate("MainWindow", "Bedside — {study} — {site}").format(
                study=study_id(), site=self._site_name
            )
        )
        self._show_sync_state()
        self._tick()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]

    @Slot(object)
    def _sync_status(self, state: SyncState) -> None:  # sync:
        self._sync_state = state
        self._show_sync_state()

    def _show_sync_state(self) -> None:
        state = self._sync_state
        unsynced = state.unsynced if state is not None else 0
        self.unsynced_label.setText(
            QCoreApplication.translate("MainWindow", "Unsynced changes: {count}").format(
                count=unsynced
            )
        )
        if state is None or not state.last_sync:
            self.last_sync_label.setText(
                QCoreApplication.translate("MainWindow", "Last sync: never")
            )
        else:
            self.last_sync_label.setText(
                QCoreApplication.translate("MainWindow", "Last sync: {when}").format(
                    when=state.last_sync
                )
            )

    @Slot()
    def _tick(self) -> None:
        now = datetime.now(UTC)
        self.clock_label.setText(
            QCoreApplication.translate("MainWindow", "{utc} UTC · {local} local").format(
                utc=f"{now:%H:%M}", local=f"{now.astimezone():%H:%M}"
            )
        )


@functools.cache
def study_id() -> str:
    """The study's registry id from the protocol file, else the literal NCT04339660."""
    try:
        from app.protocol import ProtocolError, load_default
    except ImportError:
        return STUDY_ID_FALLBACK
    try:
        return load_default().study.nct_id
    except ProtocolError as exc:
        log.warning("protocol file: %s", exc)
        return STUDY_ID_FALLBACK
