"""Every page and form a person reaches in the main window, for the screen-fit tests.

:func:`walk` opens, in a real :class:`~app.ui.main_window.MainWindow`, each page a role
reaches (Today, Participants, Sync, Admin) and each of a participant's tabs, with every
eligibility step and every visit form open in turn, and yields a :class:`Screen` for
each: its name, the widget shown and its primary action (Save, Next or Sign).

Run as a module, it does the whole walk in this process and prints the problems as
JSON (the 150 % test runs it in a subprocess with ``QT_SCALE_FACTOR=1.5``)::

    python -m tests.ui.screens_helper --size 1280x720 --data-dir DIR
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QScrollArea,
    QWidget,
)

from app.models import Participant, ParticipantStatus
from app.protocol import load_default
from app.roles import Role
from app.services.screening import ScreeningEntry, screen_patient
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import apply_style
from app.ui.main_window import ADMIN, PARTICIPANTS, SYNC, TODAY, MainWindow
from app.ui.session import SessionController

PROTOCOL = load_default()
SIZES = {"1366x768": (1366, 768), "1280x720": (1280, 720)}
ROLES = (Role.NURSE, Role.INVESTIGATOR, Role.PHARMACIST, Role.MONITOR, Role.ADMIN)


@dataclass
class Screen:
    name: str
    widget: QWidget
    primary: QAbstractButton | None


def styled() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    return app


def settle() -> None:
    for _ in range(3):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def add_participants(store: Store, nurse: Actor) -> tuple[str, str]:
    """A screened patient (for screening and eligibility) and one on study (for visits)."""
    entry = ScreeningEntry(
        initials="LW", sex="F", date_of_birth=date(1961, 3, 14), weight_kg="58",
        admission_date=date.today() - timedelta(days=1),
    )  # fmt: skip
    screened = screen_patient(store, nurse, PROTOCOL, entry).id
    with store.transaction(nurse) as session:
        on_study = Participant(
            screening_number="WH01-D-0901", study_id="WH01-901", initials="ZX", sex="M",
            weight_kg=70.0, date_of_birth=date(1960, 1, 2),
            status=ParticipantStatus.INFUSED.value, day0_on=date.today() - timedelta(days=7),
            created_at=datetime.now(UTC) - timedelta(days=9),
        )  # fmt: skip
        session.add(on_study)
    return screened, on_study.id


def main_window(store: Store, actor: Actor, size: tuple[int, int]) -> MainWindow:
    window = MainWindow(SessionController(store, actor), idle_timeout_ms=3_600_000)
    window.resize(*size)
    window.show()
    settle()
    return window


def put_away(window: MainWindow) -> None:
    """Hide and delete the window without closing it (closing locks the store)."""
    window.sync.stop()
    window.idle_watcher.stop()
    window.hide()
    window.deleteLater()
    settle()


def walk(window: MainWindow, screened: str, on_study: str) -> Iterator[Screen]:
    """Open every page and form in turn (see the module doc)."""
    actor = window.session.actor
    for section in (TODAY, PARTICIPANTS, SYNC, ADMIN):
        if section == ADMIN and actor.role is not Role.ADMIN:
            continue
        window.show_section(section)
        settle()
        page = window.current_page()
        assert page is not None
        primary = getattr(page, "sync_button", None) or getattr(page, "add_button", None)
        yield Screen(section, page, primary)
    window.open_participant(screened)
    settle()
    page = window.current_page()
    assert page is not None
    forms = page.forms()  # type: ignore[attr-defined]
    form = forms.show_tab("screening")
    settle()
    yield Screen("screening", form, form.save_button)
    wizard = forms.show_tab("eligibility")
    for index, title in enumerate(wizard.step_titles):
        wizard.steps.setCurrentIndex(index)
        settle()
        last = index == len(wizard.step_titles) - 1
        yield Screen(f"eligibility {index + 1} ({title})", wizard,
                     wizard.save_button if last else wizard.next_button)  # fmt: skip
    form = forms.show_tab("oxygenation")
    settle()
    yield Screen("oxygenation", form, form.save_button)
    window.open_participant(on_study)
    settle()
    page = window.current_page()
    assert page is not None
    forms = page.forms()  # type: ignore[attr-defined]
    panel = forms.show_tab("visits")
    settle()
    yield Screen("visits", panel, None)
    from app.ui.forms.visit_forms import FORM_MODULES, VISIT_FORM_NAMES

    for name in FORM_MODULES:
        form = panel.open_form(name, "D7" if name in VISIT_FORM_NAMES else None)
        settle()
        yield Screen(f"visits: {name}", form, form.save_button)
        panel.back_to_schedule()
        panel.back_to_schedule()
    infusion = forms.show_tab("infusion")
    settle()
    yield Screen("infusion", infusion, None)
    safety = forms.show_tab("safety")
    settle()
    yield Screen("safety", safety, None)
    if "preparation" in forms.lazy:  # the pharmacist's tab
        form = forms.show_tab("preparation")
        settle()
        yield Screen("preparation", form, form.save_button)
    chart = forms.show_tab("trends")
    settle()
    yield Screen("trends", chart, None)


# -- what is checked -----------------------------------------------------------------


def nested_scroll_areas(root: QWidget) -> list[str]:
    """Each scroll area inside another scroll area, as 'outer > inner'."""
    found = []
    for area in root.findChildren(QAbstractScrollArea):
        if not area.isVisibleTo(root) or not isinstance(area, QScrollArea):
            continue
        parent = area.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea):
                found.append(f"{describe(parent)} > {describe(area)}")
                break
            parent = parent.parentWidget()  # up to the window: a tab's own counts too
    return found


def describe(widget: QWidget) -> str:
    owner = widget.parentWidget()
    while owner is not None and type(owner).__module__.startswith("PySide6"):
        owner = owner.parentWidget()
    where = type(owner).__name__ if owner is not None else "?"
    return f"{type(widget).__name__}({widget.objectName() or where})"


def shown_rect(widget: QWidget) -> QRect:
    """The part of ``widget`` that shows in its window (clipped by every ancestor)."""
    window = widget.window()
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def fit_problems(screen: Screen, size: tuple[int, int]) -> list[str]:
    """Why ``screen`` does not fit a window of ``size``: a nested scroll area, a window
    grown past the screen, or a primary action outside what shows."""
    problems = [f"{screen.name}: nested {n}" for n in nested_scroll_areas(screen.widget)]
    window = screen.widget.window()
    if window.width() > size[0] or window.height() > size[1]:
        problems.append(f"{screen.name}: the window grew to {window.width()}×{window.height()}")
    button = screen.primary
    if button is not None and button.isVisibleTo(window):
        whole = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        inside = QRect(0, 0, *size)
        if shown_rect(button) != whole or not inside.contains(whole):
            problems.append(
                f"{screen.name}: {button.text().replace('&', '')!r} at {whole.getRect()} "
                f"shows only {shown_rect(button).getRect()} of a {size[0]}×{size[1]} window"
            )
    return problems


def people(store: Store, admin: Actor) -> dict[Role, Actor]:
    from app.services.users import add_user

    found = {Role.ADMIN: admin}
    for role in ROLES:
        if role is not Role.ADMIN:
            add_user(store, admin, role.value, role, f"{role.value}-pass-1", role.value.title())
            found[role] = store.unlock(role.value, f"{role.value}-pass-1")
    return found


def check_all(data_dir: Path, size: tuple[int, int]) -> list[str]:
    """The whole walk for every role in a window of ``size``; the problems found."""
    styled()
    store, admin, _key = Store.create(
        data_dir, site="WH01", device="WARD_LAPTOP_1", admin_name="admin",
        admin_password="admin-pass-1", admin_full_name="Ada Admin",
    )  # fmt: skip
    problems: list[str] = []
    try:
        actors = people(store, admin)
        screened, on_study = add_participants(store, actors[Role.NURSE])
        for role, actor in actors.items():
            window = main_window(store, actor, size)
            try:
                for screen in walk(window, screened, on_study):
                    problems += [f"{role.value}: {p}" for p in fit_problems(screen, size)]
            finally:
                put_away(window)
    finally:
        store.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.split("x"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    screen = app.primaryScreen()  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory(prefix="bedside-fit-") as tmp:
        problems = check_all(args.data_dir or Path(tmp) / "store", (width, height))
    print(json.dumps({
        "screen": [screen.geometry().width(), screen.geometry().height()],
        "device_pixel_ratio": screen.devicePixelRatio(), "problems": problems,
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
