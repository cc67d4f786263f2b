"""The participant page's form tabs, each built the first time it is opened.

Screening (the log entry, screen failure, enrolment), Eligibility (the checklist
the investigator signs), Oxygenation (SpO₂ and blood gas with P/F), Visits (the
schedule with its forms and the outcome summary) and Trends (SpO₂, P/F, key labs).
Building on first use keeps opening a participant fast; a tab's half-filled form
is part of the page's draft.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.protocol import Protocol, load_default
from app.roles import Permission
from app.store.store import Store
from app.store.uow import Actor

TAB_TITLES = {
    "screening": QT_TRANSLATE_NOOP("ParticipantTabs", "Screening"),
    "eligibility": QT_TRANSLATE_NOOP("ParticipantTabs", "Eligibility"),
    "oxygenation": QT_TRANSLATE_NOOP("ParticipantTabs", "Oxygenation"),
    "infusion": QT_TRANSLATE_NOOP("ParticipantTabs", "Infusion"),
    "visits": QT_TRANSLATE_NOOP("ParticipantTabs", "Visits"),
    "safety": QT_TRANSLATE_NOOP("ParticipantTabs", "Safety"),
    "trends": QT_TRANSLATE_NOOP("ParticipantTabs", "Trends"),
    "preparation": QT_TRANSLATE_NOOP("ParticipantTabs", "Preparation"),
}


@cache
def current_protocol() -> Protocol:
    """The study's protocol file, read once per process."""
    return load_default()


def scrolls_itself(widget: QWidget) -> bool:
    """Whether ``widget`` brings its own scroll area (a form, the chart, the visits).

    Those keep their actions (Save, Next, Sign) in a bar under their one scroll area;
    a second scroll area around them would scroll that bar off a laptop screen.
    """
    return widget.findChild(QScrollArea) is not None


def scroll_stack_page(stack: QStackedWidget, index: int) -> None:
    """Put page ``index`` of ``stack`` in a scroll area of its own (unless it has one).

    The pages sit side by side in the stack, so no scroll area ends up inside another:
    the page that shows a form keeps the form's own, this one scrolls as a whole.
    """
    page = stack.widget(index)
    if page is None or isinstance(page, QScrollArea) or scrolls_itself(page):
        return
    current = stack.currentIndex()
    stack.removeWidget(page)
    stack.insertWidget(index, scrolled(page))
    stack.setCurrentIndex(current)


def scrolled(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area that swipes on a touch screen."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(widget)
    QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return scroll


class LazyTab(QWidget):
    """A tab whose real widget is made when first shown.

    The tab has exactly one scroll area: a form's own (its actions stay in the bar
    under it), else one made here around the whole widget.
    """

    def __init__(self, make: Callable[[], QWidget]) -> None:
        super().__init__()
        self._make = make
        self.widget: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> QWidget:
        if self.widget is None:
            self.widget = self._make()
            if scrolls_itself(self.widget):
                self._layout.addWidget(self.widget)
            else:
                # A short laptop screen scrolls the widget rather than squeezing it.
                self._layout.addWidget(scrolled(self.widget))
        return self.widget


class ParticipantTabs(QObject):
    """Adds the form tabs to a participant page's tab widget and keeps them in step.

    Signals:
        recordSaved(): a form saved something (the page reloads its header).
    """

    recordSaved = Signal()

    NAMES = ("screening", "eligibility", "oxygenation", "infusion", "visits", "safety", "trends")
    # Tabs only an unblinded person gets: what is in the bag differs between the arms.
    PHARMACY = ("preparation",)

    def __init__(self, tabs: QTabWidget, store: Store, actor: Actor, participant_id: str) -> None:
        super().__init__(tabs)
        self._tabs = tabs
        self._store = store
        self._actor = actor
        self._participant_id = participant_id
        self.lazy: dict[str, LazyTab] = {}
        names = self.NAMES + (self.PHARMACY if actor.can(Permission.SEE_ARM) else ())
        for name in names:
            tab = LazyTab(getattr(self, f"_make_{name}"))
            self.lazy[name] = tab
            title = TAB_TITLES.get(name)
            said = (
                QCoreApplication.translate("ParticipantTabs", str(title)) if title else name.title()
            )
            tabs.addTab(tab, said)
        tabs.currentChanged.connect(self._on_current_changed)

    # -- making the widgets ------------------------------------------------------

    def _make_screening(self) -> QWidget:
        from app.ui.forms.screening_form import ScreeningForm

        form = ScreeningForm(self._store, self._actor, current_protocol(), self._participant_id)
        form.saved.connect(self._on_saved)
        form.statusChanged.connect(self._on_saved)
        return form

    def _make_visits(self) -> QWidget:
        from app.ui.visits_panel import VisitsPanel

        panel = VisitsPanel(self._store, self._actor, current_protocol(), self._participant_id)
        # The schedule page scrolls on its own; the form page has the form's scroll area.
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        for stack in panel.findChildren(QStackedWidget, options=direct):
            scroll_stack_page(stack, VisitsPanel.SCHEDULE_PAGE)
        panel.recordSaved.connect(self._on_saved)
        return panel

    def _make_trends(self) -> QWidget:
        from app.ui.trend_chart import TrendChart

        return TrendChart(self._store, self._actor, current_protocol(), self._participant_id)

    def _make_eligibility(self) -> QWidget:
        from app.ui.forms.eligibility_wizard import EligibilityWizard

        wizard = EligibilityWizard(
            self._store, self._actor, current_protocol(), self._participant_id
        )
        wizard.saved.connect(self._on_saved)
        wizard.signed.connect(self._on_saved)
        return wizard

    def _make_oxygenation(self) -> QWidget:
        from app.ui.forms.oxygenation_form import OxygenationForm

        form = OxygenationForm(self._store, self._actor, current_protocol(), self._participant_id)
        form.saved.connect(self._on_saved)
        return form

    def _make_infusion(self) -> QWidget:
        from app.ui.infusion_panel import InfusionPanel

        panel = InfusionPanel(self._store, self._actor, current_protocol(), self._participant_id)
        panel.changed.connect(self._on_saved)
        return panel

    def _make_safety(self) -> QWidget:
        from app.ui.participant_safety_tab import ParticipantSafetyTab

        tab = ParticipantSafetyTab(
            self._store, self._actor, current_protocol(), self._participant_id
        )
        tab.changed.connect(self._on_saved)
        return tab

    def _make_preparation(self) -> QWidget:
        from app.ui.forms.preparation_form import PreparationForm

        form = PreparationForm(self._store, self._actor, current_protocol(), self._participant_id)
        form.saved.connect(self._on_saved)
        return form

    def widget(self, name: str) -> QWidget:
        """The tab's widget, made now if it was not yet."""
        return self.lazy[name].ensure()

    def show_tab(self, name: str) -> QWidget:
        self._tabs.setCurrentWidget(self.lazy[name])
        return self.widget(name)

    # -- keeping in step ---------------------------------------------------------

    @Slot(int)
    def _on_current_changed(self, index: int) -> None:
        page = self._tabs.widget(index)
        if isinstance(page, LazyTab):
            page.ensure()

    @Slot()
    @Slot(str)
    def _on_saved(self, *_args: object) -> None:
        # A blood gas feeds the eligibility checklist, a signature the screening tab,
        # any form the visit schedule and the trends: every other opened tab reloads
        # (a reload keeps unsaved typing).
        source = self.sender()
        for tab in self.lazy.values():
            made = tab.widget
            if made is not None and made is not source and hasattr(made, "reload"):
                made.reload()
        self.recordSaved.emit()

    def reload(self) -> None:
        for tab in self.lazy.values():
            if tab.widget is not None and hasattr(tab.widget, "reload"):
                tab.widget.reload()

    # -- drafts ------------------------------------------------------------------

    def draft_state(self) -> dict[str, Any] | None:
        """Every opened tab's half-filled form, and which tab was in front."""
        states: dict[str, Any] = {}
        for name, tab in self.lazy.items():
            made = tab.widget
            if made is not None and hasattr(made, "draft_state"):
                state = made.draft_state()
                if state is not None:
                    states[name] = state
        if not states:
            return None
        current = self._tabs.currentWidget()
        front = next((n for n, t in self.lazy.items() if t is current), None)
        return {"forms": states, "front": front}

    def restore_draft(self, state: dict[str, Any]) -> None:
        for name, form_state in dict(state.get("forms") or {}).items():
            if name in self.lazy:
                made = self.widget(name)
                if hasattr(made, "restore_draft"):
                    made.restore_draft(form_state)
        front = state.get("front")
        if front in self.lazy:
            self.show_tab(str(front))
