"""Timed infusion checks that are due or overdue: a banner that stays, and a sound.

:class:`AlertMonitor` reads, on its own timer, every vital-signs timepoint still to be
recorded (infusions in progress and follow-up checks outstanding) and says which are
due (amber) or overdue (red). It runs whether or not the window has focus, and while
the window is locked it keeps counting from what it last read (the store's key is gone
then, the target times are not: :meth:`AlertMonitor.set_store`). An overdue check
stays an alert until it is recorded or skipped with a reason; while one is overdue the
monitor beeps when it becomes overdue and again every ``repeat_sound_s``, unless the
sound is switched off in Admin (:data:`SOUND_KEY`). :class:`AlertBanner` shows the
alerts, most urgent first; a tap opens the participant. :class:`AlertSoundSetting` is
the Admin switch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.errors import BedsideError, NotPermitted
from app.models import Setting
from app.protocol import Protocol
from app.roles import Permission
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now
from app.ui.i18n import pick

log = logging.getLogger(__name__)

SOUND_KEY = "infusion_alert_sound"
"""Setting: ``on`` (the default) or ``off``: whether an overdue check beeps."""
DUE, OVERDUE = "due", "overdue"
TICK_MS = 5_000
REPEAT_SOUND_S = 60
SHOWN_LINES = 4
RED, AMBER = "#a4000f", "#8a5a00"


@dataclass(frozen=True)
class PendingCheck:
    """One timed check still to be recorded (what the alert needs; no arm, no dose)."""

    participant_id: str
    who: str
    """How the ward names the participant: the study ID."""
    infusion_id: str
    timepoint_code: str
    label: str
    """The timepoint's name, e.g. "30 min into infusion"."""
    target_at: datetime
    due_from: datetime
    overdue_from: datetime


@dataclass(frozen=True)
class Alert:
    check: PendingCheck
    state: str  # DUE or OVERDUE

    def sentence(self, now: datetime) -> str:
        """One line: who, which check, and how late or how soon."""
        at = f"{self.check.target_at.astimezone():%H:%M}"
        late = int((now - self.check.target_at).total_seconds() // 60)
        who, label = self.check.who, self.check.label
        if self.state == OVERDUE:
            said = QCoreApplication.translate(
                "InfusionAlerts",
                "{who} · {label} vital signs overdue, due at {at} ({late} min ago)",
            )
            return said.format(who=who, label=label, at=at, late=late)
        if late >= 0:
            return QCoreApplication.translate(
                "InfusionAlerts", "{who} · {label} vital signs due now, at {at}"
            ).format(who=who, label=label, at=at)
        said = QCoreApplication.translate(
            "InfusionAlerts", "{who} · {label} vital signs due at {at} (in {minutes} min)"
        )
        return said.format(who=who, label=label, at=at, minutes=-late)


def state_at(check: PendingCheck, now: datetime) -> str | None:
    """DUE from ``due_from``, OVERDUE from ``overdue_from``, else None (later)."""
    if now >= check.overdue_from:
        return OVERDUE
    if now >= check.due_from:
        return DUE
    return None


def alerts_at(checks: Sequence[PendingCheck], now: datetime) -> list[Alert]:
    """The due and overdue checks, overdue first, then by target time."""
    found = []
    for check in checks:
        state = state_at(check, now)
        if state is not None:
            found.append(Alert(check, state))
    return sorted(found, key=lambda a: (a.state != OVERDUE, a.check.target_at, a.check.who))


# -- the sound switch -------------------------------------------------------------------


def alert_sound_on(store: Store) -> bool:
    """Whether an overdue check beeps (on unless an admin switched it off)."""
    with store.read() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == SOUND_KEY))
    return value != "off"


def set_alert_sound(store: Store, actor: Actor, on: bool) -> None:
    """Switch the overdue-check sound on or off (admin only)."""
    if not actor.can(Permission.MANAGE_DEVICE):
        said = QCoreApplication.translate(
            "InfusionAlerts", "Your role ({role}) cannot change the alert sound."
        )
        raise NotPermitted(said.format(role=actor.role.value))
    value = "on" if on else "off"
    with store.transaction(actor, reason="infusion alert sound changed in settings") as session:
        setting = session.scalars(select(Setting).where(Setting.key == SOUND_KEY)).one_or_none()
        if setting is None:
            session.add(Setting(key=SOUND_KEY, value=value))
        elif setting.value != value:
            setting.value = value


# -- reading the pending checks ---------------------------------------------------------


def pending_checks(store: Store, protocol: Protocol, now: datetime) -> list[PendingCheck]:
    """Every timed check not yet recorded or skipped, of every infusion on this device.

    A check after the end has no target time until the infusion ends: it is not listed.
    """
    from app.protocol.infusion import infusion_rules
    from app.services.infusion import infusions_in_progress

    rules = infusion_rules(protocol)
    before = timedelta(minutes=rules.due_before_minutes)
    grace = timedelta(minutes=rules.overdue_grace_minutes)
    return [
        PendingCheck(
            participant_id=view.participant_id,
            who=view.study_id,
            infusion_id=view.id,
            timepoint_code=point.code,
            label=pick(point.label_en, point.label_zh),
            target_at=point.target_at,
            due_from=point.target_at - before,
            # The service's own rule: due up to and including the end of the grace.
            overdue_from=point.target_at + grace + timedelta(microseconds=1),
        )
        for view in infusions_in_progress(store, now, protocol=protocol)
        for point in view.timepoints
        if point.target_at is not None and point.status not in ("done", "skipped")
    ]


class AlertMonitor(QObject):
    """The timer that turns pending checks into alerts and sounds (see the module doc).

    Signals:
        changed(): the alerts (or their minutes) changed; read them with ``alerts()``.
    """

    changed = Signal()

    def __init__(
        self,
        store: Store,
        protocol: Protocol,
        *,
        clock: Callable[[], datetime] = utc_now,
        load: Callable[[Store, Protocol, datetime], Sequence[PendingCheck]] = pending_checks,
        sound: Callable[[], None] = QApplication.beep,
        tick_ms: int = TICK_MS,
        repeat_sound_s: int = REPEAT_SOUND_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store: Store | None = store
        self._protocol = protocol
        self._clock = clock
        self._load = load
        self._sound = sound
        self._repeat = timedelta(seconds=repeat_sound_s)
        self._checks: list[PendingCheck] = []
        self._alerts: list[Alert] = []
        self._sound_on = True
        self._sounded: set[tuple[str, str]] = set()
        self._last_sound: datetime | None = None
        self._said: list[str] = []
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.check_now)

    def start(self) -> None:
        self.check_now()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def set_store(self, store: Store | None) -> None:
        """None while the window is locked (alerts count on from the last reading); the
        store again once someone unlocks."""
        self._store = store

    def alerts(self) -> list[Alert]:
        return list(self._alerts)

    def overdue(self) -> list[Alert]:
        return [a for a in self._alerts if a.state == OVERDUE]

    def sentences(self) -> list[str]:
        """Each alert as one line, as the banner shows them."""
        return list(self._said)

    @property
    def sound_on(self) -> bool:
        return self._sound_on

    @Slot()
    def check_now(self) -> None:
        """Read the pending checks (if the store is open), then alert and sound."""
        now = self._clock()
        if self._store is not None and self._store.unlocked:
            try:
                self._checks = list(self._load(self._store, self._protocol, now))
                self._sound_on = alert_sound_on(self._store)
            except BedsideError as exc:  # count on from what was read last
                log.warning("infusion alerts from the last reading: %s", exc.sentence)
        self._alerts = alerts_at(self._checks, now)
        self._maybe_sound(now)
        said = [a.sentence(now) for a in self._alerts]
        if said != self._said:
            self._said = said
            self.changed.emit()

    def _maybe_sound(self, now: datetime) -> None:
        overdue = {(a.check.infusion_id, a.check.timepoint_code) for a in self.overdue()}
        newly = overdue - self._sounded
        self._sounded = overdue  # a recorded or skipped check is forgotten
        if not overdue or not self._sound_on:
            return
        again = self._last_sound is None or now - self._last_sound >= self._repeat
        if newly or again:
            self._sound()
            self._last_sound = now


class AlertBanner(QFrame):
    """The alerts above every page: red while one is overdue, else amber; hidden if none.

    Signals:
        openParticipant(str): the participant of the alert tapped.
    """

    openParticipant = Signal(str)

    def __init__(self, monitor: AlertMonitor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._monitor = monitor
        self.setObjectName("infusionAlerts")
        self.setAccessibleName(self.tr("Infusion checks due"))
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(8, 6, 8, 6)
        self._column.setSpacing(0)
        self._buttons: list[QPushButton] = []
        self._more = QLabel()
        self._column.addWidget(self._more)
        self.hide()
        monitor.changed.connect(self._refresh)
        self._refresh()

    def lines(self) -> list[str]:
        """What the banner says, line by line (tests, screen readers)."""
        said = [b.text() for b in self._buttons]
        return said + ([self._more.text()] if self._more.text() else [])

    def colour(self) -> str:
        return RED if self._monitor.overdue() else AMBER

    @Slot()
    def _refresh(self) -> None:
        for button in self._buttons:
            self._column.removeWidget(button)
            button.deleteLater()
        self._buttons = []
        alerts = self._monitor.alerts()
        said = self._monitor.sentences()
        for alert, text in zip(alerts[:SHOWN_LINES], said, strict=False):
            button = QPushButton(("⚠ " if alert.state == OVERDUE else "") + text, self)
            button.setProperty("participant", alert.check.participant_id)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setProperty("state", alert.state)
            button.clicked.connect(self._chosen)
            self._column.insertWidget(len(self._buttons), button)
            self._buttons.append(button)
        extra = len(alerts) - SHOWN_LINES
        self._more.setText(self.tr("and {extra} more: see Today.").format(extra=extra)
                           if extra > 0 else "")  # fmt: skip
        self._more.setVisible(extra > 0)
        edge = self.colour()
        paper = "#fde8ea" if edge == RED else "#fff3cd"
        self.setStyleSheet(
            f"QFrame#infusionAlerts {{ background: {paper}; border: 3px solid {edge};"
            " border-radius: 6px; }"
            " QPushButton { text-align: left; padding: 4px 10px; min-height: 32px;"
            f" color: {AMBER}; font-weight: bold; background: transparent; border: none; }}"
            f' QPushButton[state="overdue"] {{ color: {RED}; }}'
            " QPushButton:focus { background: #ffdd00; color: #000000; }"
            f" QLabel {{ color: {edge}; }}"
        )
        self.setVisible(bool(alerts))

    @Slot()
    def _chosen(self) -> None:
        self.openParticipant.emit(str(self.sender().property("participant")))


class AlertSoundSetting(QWidget):
    """The Admin switch for the overdue-check sound, with its sentence when refused."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._actor = actor
        self.checkbox = QCheckBox(self.tr("Sound an alarm when a timed infusion check is overdue"))
        self.checkbox.setChecked(alert_sound_on(store))
        self.checkbox.setMinimumHeight(44)
        self.message = QLabel()
        self.message.setProperty("kind", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.checkbox)
        column.addWidget(self.message)
        self.checkbox.toggled.connect(self._toggled)

    @Slot(bool)
    def _toggled(self, on: bool) -> None:
        try:
            set_alert_sound(self._store, self._actor, on)
        except BedsideError as exc:
            self.message.setText(exc.sentence)
            self.message.show()
            self.checkbox.blockSignals(True)
            self.checkbox.setChecked(not on)
            self.checkbox.blockSignals(False)
            return
        self.message.hide()
