"""What the visit and outcome forms share, and the list of them.

:class:`ObservationForm` adds to :class:`~app.ui.forms.base.FormWidget`: the visit the
values belong to, date-and-time fields on the ward clock, a chooser of what is already
saved ("New" or an earlier record, to edit it), and a change summary for the reason
dialog; and the glue every such form shares: it builds its fields in :meth:`build`,
reads what is saved, checks the entry with its service's check and saves it with its
service's record function. :func:`form_class` names each form for the visits panel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from app.clinical.errors import Message, ValidationError
from app.protocol import Protocol
from app.services.observation_checks import UNSCHEDULED, Saved
from app.services.visits import Recorded, recorded
from app.store.store import Store
from app.store.uow import Actor
from app.ui.forms import DateField, TimeField, hard, parse_date_text, parse_local_datetime
from app.ui.forms.base import FormWidget
from app.ui.forms.fields import entry_text
from app.ui.i18n import pick


def visit_combo(protocol: Protocol) -> QComboBox:
    """The protocol's visits, then "Unscheduled"; the first item asks for a choice."""
    combo = QComboBox()
    combo.addItem(QCoreApplication.translate("VisitForms", "Choose the visit…"), "")
    for visit in protocol.visits:
        combo.addItem(pick(visit.name_en, visit.name_zh), visit.code)
    combo.addItem(
        QCoreApplication.translate("VisitForms", "Unscheduled (between visits)"), UNSCHEDULED
    )
    return combo


def visit_name(protocol: Protocol, code: str) -> str:
    found = next((v for v in protocol.visits if v.code == code), None)
    if found is not None:
        return pick(found.name_en, found.name_zh)
    if code == UNSCHEDULED:
        return QCoreApplication.translate("VisitForms", "Unscheduled")
    return code


def local_parts(moment: datetime | None) -> tuple[str, str]:
    """An instant as ward-clock ``YYYY-MM-DD`` and ``HH:MM``."""
    if moment is None:
        return "", ""
    local = moment.astimezone()
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M")


def now_parts() -> tuple[str, str]:
    return local_parts(datetime.now().astimezone())


class ObservationForm(FormWidget):
    """A form for one participant's observations, optionally of one visit.

    Subclasses add their fields in ``build()`` and give ``values_of(entry)`` (form values
    of a saved entry), ``blank_values()``, ``describe(entry)`` and ``entry(problems)``
    (what is typed, as the service's entry); the chooser at the top then lists "New" and
    the saved records, picking one loads it, and Save checks the entry with ``checker``
    and records it with ``recorder``.
    """

    form_title: object = ""
    """The form's name, marked with ``QT_TRANSLATE_NOOP`` under the class's own name."""
    new_text: object = ""
    """What the chooser calls an entry not saved yet ("New blood draw"), marked likewise."""
    records: tuple[str, ...] = ()
    """The :class:`~app.services.visits.Recorded` lists this form reads (the first is shown)."""
    one_per_visit = False
    """Opened for a visit that has a saved record, show that record (labs, imaging, WHO)."""
    of_visit = True
    """The records belong to a visit; if not (symptoms, samples, disposition), opening the
    form for a visit shows the participant's records all the same."""
    checker: Callable[..., Sequence[Message]]
    """The service's check of one entry."""
    recorder: Callable[..., Any]
    """The service's function that saves one entry (a new one, or ``record_id`` corrected)."""
    against_protocol = True
    """``checker`` and ``recorder`` take the protocol (its ranges and visit windows), the
    check the participant's day 0, and the save confirms values outside the usual range
    that the nurse has seen flagged."""
    when_field = ""
    """The service's name for the date or time the entry is taken on: when that cannot be
    read, the form's own sentence says so and the service's is dropped."""
    renames: Mapping[str, str] = MappingProxyType({})
    """The service's field names that the form shows under another field."""

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        participant_id: str,
        visit_code: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, actor, protocol, participant_id, parent)
        self.visit_code = visit_code if self.of_visit else None
        self.picker = QComboBox()
        self.picker.setAccessibleName(
            QCoreApplication.translate("ObservationForm", "{form}: new or saved").format(
                form=self.words(self.form_title)
            )
        )
        self._loaded: dict[str, Any] = {}
        self.day0: date | None = None
        """The participant's day 0, read with the saved records: visit windows count from it."""
        self._extra_watch: list[tuple[QWidget, str]] = []
        self.build()
        self.finish()
        self.reload()

    def build(self) -> None:
        """Add the form's headings and fields (the picker, the visit, the date...)."""
        raise NotImplementedError

    def words(self, source: object) -> str:
        """``source``, marked under the name of the form class that declares it, translated."""
        for cls in type(self).__mro__:
            if "form_title" in cls.__dict__ and cls is not ObservationForm:
                return QCoreApplication.translate(cls.__name__, str(source))
        return str(source)

    # -- building -----------------------------------------------------------------------

    def add_picker(self, caption: str | None = None) -> None:
        if caption is None:
            caption = QCoreApplication.translate("ObservationForm", "Showing")
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        label = QLabel(caption)
        label.setBuddy(self.picker)
        line.addWidget(label)
        line.addWidget(self.picker, 1)
        self.add_widget(row)
        self.picker.currentIndexChanged.connect(self._picked)

    def add_visit_field(self) -> None:
        self.add_field(
            "visit_code",
            QCoreApplication.translate("ObservationForm", "&Visit"),
            visit_combo(self.protocol),
        )

    def add_when(self, prefix: str, label: str, *, with_time: bool = True) -> None:
        """A date field ``<prefix>_on`` and, with a time, ``<prefix>_time`` beside it."""
        day = DateField()
        if not with_time:
            self.add_field(f"{prefix}_on", label, day, trailing=(stretch(),))
            return
        clock = TimeField()
        clock.setObjectName(f"{prefix}_time")
        clock.setAccessibleName(
            QCoreApplication.translate("ObservationForm", "{label}: time").format(
                label=label.replace("&", "")
            )
        )
        self.add_field(
            f"{prefix}_on",
            label,
            day,
            trailing=(
                QLabel(QCoreApplication.translate("ObservationForm", "at")),
                clock,
                stretch(),
            ),
        )
        self.watch_extra(clock, f"{prefix}_on")

    def watch_extra(self, editor: QWidget, field: str) -> None:
        """Treat ``editor`` (beside a field) as part of ``field``: edits, checks, drafts."""
        self.watch_part(editor, field)
        self._extra_watch.append((editor, field))

    def extra_text(self, name: str) -> str:
        """The text of field ``name``, or of the editor of that name beside a field."""
        if name in self.fields():
            return self.text(name)
        editor = self.findChild(QWidget, name)
        if isinstance(editor, QLineEdit):
            return entry_text(editor)
        return "" if editor is None else str(_editor_text(editor) or "").strip()

    def time_edit(self, prefix: str) -> QLineEdit:
        found = self.findChild(QLineEdit, f"{prefix}_time")
        assert found is not None
        return found

    # -- reading what is typed -------------------------------------------------------------

    def when(self, prefix: str, label: str, problems: list[Message]) -> datetime | None:
        """The date and time typed, or None with a hard message added to ``problems``."""
        try:
            moment = parse_local_datetime(
                self.text(f"{prefix}_on"), entry_text(self.time_edit(prefix)), f"{prefix}_on", label
            )
        except ValidationError as exc:
            problems.append(hard(exc.field, exc.message))
            return None
        if moment is None:
            problems.append(
                hard(
                    f"{prefix}_on",
                    QCoreApplication.translate(
                        "ObservationForm", "{label}: enter the date and time."
                    ).format(label=label),
                )
            )
        return moment

    def day(
        self,
        name: str,
        label: str,
        problems: list[Message],
        *,
        required: bool,
        field: str | None = None,
    ) -> date | None:
        """The date typed in ``name`` (a field or an editor beside one), or None.

        Problems are reported against ``field`` (default: ``name``).
        """
        try:
            found = parse_date_text(self.extra_text(name), field or name, label)
        except ValidationError as exc:
            problems.append(hard(exc.field, exc.message))
            return None
        if found is None and required:
            problems.append(
                hard(
                    field or name,
                    QCoreApplication.translate(
                        "ObservationForm", "{label}: enter the date."
                    ).format(label=label),
                )
            )
        return found

    @staticmethod
    def renamed(messages: Sequence[Message], names: Mapping[str, str]) -> list[Message]:
        """Messages about the service's fields, moved to the form's fields."""
        return [Message(names.get(m.field, m.field), m.text, m.severity, m.code) for m in messages]

    def optional(self, name: str) -> str | None:
        return self.text(name) or None

    # -- extra editors in drafts ----------------------------------------------------------

    def extra_draft_state(self) -> dict[str, Any]:
        return {e.objectName(): _editor_text(e) for e, _f in self._extra_watch}

    def restore_extra_draft(self, state: dict[str, Any]) -> None:
        for editor, _field in self._extra_watch:
            if editor.objectName() in state:
                _set_editor_text(editor, state[editor.objectName()])

    # -- saved records --------------------------------------------------------------------

    def values_of(self, entry: Any) -> dict[str, Any]:
        raise NotImplementedError

    def blank_values(self) -> dict[str, Any]:
        raise NotImplementedError

    def held(self) -> Recorded:
        """What this participant's records of this form hold now."""
        return recorded(self.store, self.participant_id or "", self.records)

    def saved_records(self, held: Recorded) -> Sequence[Saved[Any]]:
        """The saved records to choose from, latest first (of the visit, if opened for one)."""
        saved: Sequence[Saved[Any]] = getattr(held, self.records[0])
        if self.visit_code is not None:
            saved = [s for s in saved if s.entry.visit_code == self.visit_code]
        return list(saved)[::-1]

    # -- checking and saving --------------------------------------------------------------

    def entry(self, problems: list[Message]) -> Any:
        """What is typed, as the service's entry; what cannot be read goes to ``problems``."""
        raise NotImplementedError

    def check(self) -> list[Message]:
        problems: list[Message] = []
        entry = self.entry(problems)
        checker = type(self).checker
        if self.against_protocol:
            found = checker(self.protocol, entry, day0=self.day0)
        else:
            found = checker(entry)
        if problems:
            found = [m for m in found if m.field != self.when_field]
        return problems + self.renamed(found, self.renames)

    def save(self, reason: str | None) -> str:
        recorder = type(self).recorder
        entry = self.entry([])
        participant = self.participant_id or ""
        if self.against_protocol:
            saved = recorder(
                self.store,
                self.actor,
                self.protocol,
                participant,
                entry,
                record_id=self.record_id,
                reason=reason,
                confirm_unusual=True,
            )
        else:
            saved = recorder(
                self.store, self.actor, participant, entry, record_id=self.record_id, reason=reason
            )
        return str(saved.id)

    def describe(self, entry: Any) -> str:
        return str(entry)

    def reload(self, select: str | None = None) -> None:
        """Read the saved records again; show ``select`` (an id), else a new blank entry."""
        held = self.held()
        self.day0 = held.day0_on
        records = list(self.saved_records(held))
        self.picker.blockSignals(True)
        self.picker.clear()
        self.picker.addItem(self._new_entry_text(), None)
        for saved in records:
            self.picker.addItem(self.describe(saved.entry), saved)
        index = next((i + 1 for i, s in enumerate(records) if s.id == select), 0)
        if select is None and self.one_per_visit and self.visit_code and records:
            index = 1  # the visit's own record, to look at or correct
        self.picker.setCurrentIndex(index)
        self.picker.blockSignals(False)
        self._show(records[index - 1] if index else None)

    @Slot(int)
    def _picked(self, index: int) -> None:
        self._show(self.picker.itemData(index))

    def _show(self, saved: Saved[Any] | None) -> None:
        values = self.blank_values() if saved is None else self.values_of(saved.entry)
        for editor, _field in self._extra_watch:  # load_values below resets "edited"
            _set_editor_text(editor, values.get(editor.objectName(), ""))
        self.load_values(values, None if saved is None else saved.id)
        self._loaded = dict(values)

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Put a draft back over the record it was editing (or over a new entry)."""
        self.reload(select=state.get("record_id"))
        super().restore_draft(state)

    def change_summary(self) -> str:
        changed = []
        for name, shown in self.fields().items():
            before = self._loaded.get(name)
            now = self.text(name) if isinstance(shown.editor, QLineEdit) else self.value(name)
            if str(before or "") != str(now or ""):
                label = shown.label.text().replace("&", "")
                changed.append(f"{label}: {before or '—'} → {now or '—'}")
        for editor, _field in self._extra_watch:
            before = self._loaded.get(editor.objectName())
            now = entry_text(editor) if isinstance(editor, QLineEdit) else _editor_text(editor)
            if str(before or "") != str(now or ""):
                changed.append(f"{editor.accessibleName()}: {before or '—'} → {now or '—'}")
        if not changed:
            return QCoreApplication.translate(
                "ObservationForm", "You are saving a record that was already saved."
            )
        return (
            QCoreApplication.translate("ObservationForm", "You are changing:")
            + "\n"
            + "\n".join(changed)
        )

    def after_save(self, record_id: str) -> None:
        super().after_save(record_id)
        self.reload(select=record_id)

    def _new_entry_text(self) -> str:
        """The chooser's "New" (a form may name its own: "New blood draw")."""
        if not self.new_text:
            return QCoreApplication.translate("ObservationForm", "New")
        return self.words(self.new_text)


def stretch() -> QWidget:
    """Empty space that takes the rest of a field's row."""
    space = QWidget()
    space.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return space


def _editor_text(editor: QWidget) -> Any:
    if isinstance(editor, QComboBox):
        return editor.currentData() if editor.currentData() is not None else editor.currentText()
    if isinstance(editor, QLineEdit):
        return editor.text()
    return None


def _set_editor_text(editor: QWidget, value: Any) -> None:
    if isinstance(editor, QComboBox):
        index = editor.findData(value)
        editor.setCurrentIndex(index if index >= 0 else 0)
    elif isinstance(editor, QLineEdit):
        editor.setText("" if value is None else str(value))


FORM_MODULES: dict[str, tuple[str, str, str]] = {
    # name -> (module, class, button text); visit forms first.
    "vitals": ("app.ui.forms.vitals_form", "VitalSignsForm", "Vital signs"),
    "labs": ("app.ui.forms.labs_form", "LabsForm", "Laboratory"),
    "imaging": ("app.ui.forms.imaging_form", "ImagingForm", "Chest imaging"),
    "who": ("app.ui.forms.who_form", "WhoScaleForm", "WHO scale"),
    "symptoms": ("app.ui.forms.symptoms_form", "SymptomsForm", "Symptoms"),
    "virology": ("app.ui.forms.virology_form", "VirologyForm", "Nucleic acid"),
    "disposition": ("app.ui.forms.disposition_form", "DispositionForm", "Disposition"),
}
VISIT_FORM_NAMES = ("vitals", "labs", "imaging", "who")
PARTICIPANT_FORM_NAMES = ("symptoms", "virology", "disposition")


def form_class(name: str) -> Callable[..., ObservationForm]:
    """The form called ``name`` (see :data:`FORM_MODULES`), imported on first use."""
    import importlib

    module, cls, _text = FORM_MODULES[name]
    found: Callable[..., ObservationForm] = getattr(importlib.import_module(module), cls)
    return found
