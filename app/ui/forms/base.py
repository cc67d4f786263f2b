"""The form base every Bedside data-entry form is built on: load → check → save.

:class:`FormWidget` builds a form's fields, reads and loads their values and checks
them as they are typed. The frame it is drawn in (scrolling body, read-only banner, the
bar with Save, one or two columns) is :mod:`app.ui.forms.form_frame`; the Save flow
:mod:`app.ui.forms.form_save`; what a form says under its fields and the drafts it
keeps :mod:`app.ui.forms.form_state`.

Stable API (other forms build on it; change it only by adding)::

    class LabForm(FormWidget):
        form_name = "labs"                       # draft key "labs:<participant id>"

        def __init__(self, store, actor, protocol, participant_id, parent=None):
            super().__init__(store, actor, protocol, participant_id, parent)
            self.add_heading("Laboratory result")
            self.add_field("value", "&Value", NumberField("mg/L"), hint="as reported")
            self.add_field("sampled_on", "Sampled &on", DateField())
            self.finish()                        # tab order, Enter to save, live checks

        def check(self) -> list[Message]:        # pure: no saving, no dialogs
            return [...]                          # hard → refused, soft → confirm tick

        def save(self, reason: str | None) -> str:
            return record_lab(self.store, self.actor, ..., reason=reason)   # the record id

- ``saved = Signal(str)``: the saved record's id, after a successful save.
- ``edited = Signal()``: any field changed (the page can show "unsaved").
- ``add_heading(text, hint=None)``, ``add_field(name, label, editor, *, unit=None,
  hint=None, trailing=())`` → :class:`FormField` (label, editor, unit, a message
  line of fixed height under it that holds the hint until there is a message, and a
  "the value is right" tick for soft messages, in room kept for it under the label),
  ``watch_part(editor, name)`` (an editor beside a field that belongs to it),
  ``add_widget(widget)``, ``field(name)``, ``value(name)``, ``text(name)``,
  ``set_value(name, value)``, ``load_values(values, record_id)``.
- ``show_messages(messages)``: a hard :class:`~app.clinical.errors.Message` puts a red
  sentence under its field and marks the field; a soft one an amber sentence and
  the tick, which must be ticked before the form saves. Messages for a field the
  form does not have appear beside the Save button. ``shown_messages()``,
  ``unconfirmed()``, ``confirm(name)``. Every message goes in room kept for it:
  checking never moves a field.
- The field types (:mod:`app.ui.forms.fields`) refuse what cannot be saved as typed;
  their sentences come before the form's own ``check()`` and replace its messages
  about the same field. ``text(name)`` is the value as understood (``38,5`` → ``38.5``),
  ``value(name)`` the text as typed (drafts keep that).
- ``form_key()``, ``draft_state()`` (None when nothing changed), ``restore_draft(dict)``,
  ``has_unsaved_changes()``;
  extra state through ``extra_draft_state()`` / ``restore_extra_draft(dict)``.
- ``record_id``: the saved record being edited (None: a new one). Saving an edit asks
  for the reason first (:class:`~app.ui.forms.reason_dialog.ReasonDialog`, reachable as
  ``reason_dialog`` while open). ``change_summary()`` says what is being changed.
- ``submit()`` (the Save button and Enter): check → messages → reason when editing →
  ``save(reason)`` → ``after_save(record_id)`` and ``saved``. A
  :class:`~app.errors.BedsideError` is shown as one sentence next to Save
  (``save_error``) and nothing typed is lost; :class:`~app.errors.ReasonRequired`
  asks for the reason and saves again; a ValidationError from the service becomes a
  hard message. Anything else is a bug and propagates (logged, shown by reference).
- ``preview()``: called after every edit, for computed values (P/F, age).
- A stepped form puts each step's fields in its own layout with ``start_section(layout)``
  and turns to the right step in ``reveal(name)`` (called before a field is focused).

The field types (``NumberField``, ``DateField``, ``TimeField``, ``CodeField``,
``TextField``, ``ChoiceField``) and the pure text parsers are in :mod:`app.ui.forms`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.clinical.errors import Message
from app.protocol import Protocol
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import set_kind
from app.ui.forms import ChoiceField, editor_value, set_editor_value
from app.ui.forms.field_grid import LABEL_COLUMN_PX as LABEL_COLUMN_PX
from app.ui.forms.field_grid import TWO_COLUMNS_PX as TWO_COLUMNS_PX
from app.ui.forms.field_grid import FieldGrid
from app.ui.forms.field_row import FormField, field_row, repolish, steady_height
from app.ui.forms.fields import entry_text
from app.ui.forms.form_frame import FormFrame
from app.ui.forms.form_frame import read_only_reason as read_only_reason
from app.ui.forms.form_save import NOTHING_CHANGED as NOTHING_CHANGED
from app.ui.forms.form_save import FormSaveMixin
from app.ui.forms.form_state import FormStateMixin
from app.ui.forms.reason_dialog import ReasonDialog


class FormWidget(FormSaveMixin, FormStateMixin, FormFrame):
    """A data-entry form: fields with their messages, and the Save flow (see module doc).

    Signals:
        saved(str): the id of the record just saved.
        edited(): a field changed.
    """

    saved = Signal(str)
    edited = Signal()

    form_name = "form"

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        participant_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(actor, parent)
        self.store = store
        self.actor = actor
        self.protocol = protocol
        self.participant_id = participant_id
        self.record_id: str | None = None
        self.reason_dialog: ReasonDialog | None = None
        self._fields: dict[str, FormField] = {}
        self._shown: tuple[Message, ...] = ()
        self._touched: set[str] = set()
        self._submitted = False
        self._dirty = False
        self._loading = False
        self._draft_may_exist = False
        self._grid: QGridLayout | None = None
        self.save_button.clicked.connect(self.submit)
        self._resting_text = ""  # what the line next to Save says when all is well
        self._loaded_state: Any = None  # what was loaded or saved, to tell a real change

    # -- building -----------------------------------------------------------------------

    def add_heading(self, text: str, hint: str | None = None) -> QLabel:
        """A section title (and a hint line); the fields after it form one grid."""
        heading = QLabel(text)
        set_kind(heading, "heading")
        heading.setWordWrap(True)
        self.body_layout.addWidget(heading)
        if hint:
            self.add_hint(hint)
        self._grid = None
        return heading

    def start_section(self, layout: QVBoxLayout) -> None:
        """Add what follows to ``layout`` (a step of a stepped form) instead of the body."""
        self.body_layout = layout
        self._grid = None

    def add_hint(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        set_kind(label, "hint")
        self.body_layout.addWidget(label)
        self._grid = None
        return label

    def add_widget(self, widget: QWidget) -> None:
        """Anything else (computed values, a table) across the whole width."""
        self.body_layout.addWidget(widget)
        self._grid = None

    def add_field(
        self,
        name: str,
        label: str,
        editor: QWidget,
        *,
        unit: str | None = None,
        hint: str | None = None,
        trailing: Iterable[QWidget] = (),
    ) -> FormField:
        """A labelled editor with its unit, a message line under it and a confirm tick."""
        trailing = tuple(trailing)
        if self._grid is None:
            holder = QWidget()
            # Never taller than its rows: wrapped labels would share out the extra height.
            holder.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            self._grid = QGridLayout(holder)
            self._grid.setContentsMargins(0, 0, 0, 0)
            self._grid.setHorizontalSpacing(16)
            self._grid.setVerticalSpacing(10)
            self.body_layout.addWidget(holder)
            self._grids.append(FieldGrid(self._grid))
        left, box, entry = field_row(self, name, label, editor, unit=unit, hint=hint,
                                     trailing=trailing)  # fmt: skip
        wide = any(isinstance(extra, QLabel) for extra in trailing)
        self._grids[-1].add(left, box, self._room, wide=wide)
        self._fields[name] = entry
        self._watch(entry)
        return entry

    def watch_part(self, editor: QWidget, name: str) -> None:
        """Treat ``editor`` (beside field ``name``) as part of it: edits, checks, notes."""
        steady_height(editor)
        self._fields[name].parts.append(editor)
        self._connect_edits(editor, name)

    def finish(self) -> None:
        """Call once the fields are added: the body ends in a stretch and checks start."""
        self.body_layout.addStretch(1)
        self.preview()
        self._lock_if_read_only()

    def _lock_if_read_only(self) -> None:
        """For a person who may not change data: every field shows its value and takes
        no typing (text stays selectable), every choice and tick is disabled."""
        if not self.read_only:
            return
        for field_ in self._fields.values():
            field_.confirm.setEnabled(False)
            for part in [*(field_.parts or [field_.editor]), *field_.box.findChildren(QWidget)]:
                if isinstance(part, QLineEdit | QPlainTextEdit):
                    if not part.isReadOnly():
                        part.setReadOnly(True)
                        repolish(part)
                elif isinstance(part, QComboBox | QAbstractButton | ChoiceField):
                    part.setEnabled(False)

    def _watch(self, field: FormField) -> None:
        self._connect_edits(field.editor, field.name)

    def _connect_edits(self, editor: QWidget, name: str) -> None:
        def changed(*_: object) -> None:
            self._on_edited(name)

        def left(*_: object) -> None:
            # A focused editor says "editing finished" while its form is being deleted.
            if shiboken6.isValid(self):
                self._on_left(name)

        if isinstance(editor, ChoiceField):
            editor.changed.connect(changed)
            editor.changed.connect(left)
        elif isinstance(editor, QLineEdit):
            editor.textChanged.connect(changed)
            editor.editingFinished.connect(left)
        elif isinstance(editor, QPlainTextEdit):
            editor.textChanged.connect(changed)
        elif isinstance(editor, QComboBox):
            editor.currentIndexChanged.connect(changed)
            editor.currentIndexChanged.connect(left)
        elif isinstance(editor, QAbstractButton):
            editor.toggled.connect(changed)
            editor.toggled.connect(left)

    # -- values -------------------------------------------------------------------------

    def field(self, name: str) -> FormField:
        return self._fields[name]

    def fields(self) -> dict[str, FormField]:
        return dict(self._fields)

    def value(self, name: str) -> Any:
        return editor_value(self._fields[name].editor)

    def text(self, name: str) -> str:
        """A text field's value as understood ('' when blank): ``38,5`` is ``38.5``, a date
        ``2026-03-01``; what a field refuses comes back as typed (its check says why)."""
        editor = self._fields[name].editor
        if isinstance(editor, QLineEdit):
            return entry_text(editor)
        return str(self.value(name) or "").strip()

    def set_value(self, name: str, value: Any) -> None:
        set_editor_value(self._fields[name].editor, value)

    def load_values(self, values: dict[str, Any], record_id: str | None) -> None:
        """Show a saved record (or a blank form when ``record_id`` is None); not dirty."""
        self._loading = True
        try:
            for name, value in values.items():
                if name in self._fields:
                    self.set_value(name, value)
        finally:
            self._loading = False
        self.record_id = record_id
        self._dirty = False
        self._submitted = False
        self._touched.clear()
        self.show_messages([])
        self.save_error.setText(self._resting_text)
        self.preview()
        self._loaded_state = self.change_state()
        self._lock_if_read_only()

    # -- to be provided by each form ---------------------------------------------------

    def check(self) -> list[Message]:
        """Every message about what is entered now (pure; no saving)."""
        raise NotImplementedError

    def save(self, reason: str | None) -> str:
        """Save through the service; returns the record id. Raises BedsideError."""
        raise NotImplementedError

    def form_key(self) -> str:
        return f"{self.form_name}:{self.participant_id or 'new'}"

    def is_editing(self) -> bool:
        """Whether saving changes a record that was already saved (a reason is needed)."""
        return self.record_id is not None

    def change_summary(self) -> str:
        return QCoreApplication.translate(
            "FormWidget", "You are changing a record that was already saved."
        )

    def preview(self) -> None:
        """Show computed values for what is entered now (after every edit)."""

    def reveal(self, name: str) -> None:
        """Make the field ``name`` visible (a stepped form turns to its step)."""
        del name

    def after_save(self, record_id: str) -> None:
        """After a successful save: the form now shows that record."""
        self.record_id = record_id

    def extra_draft_state(self) -> dict[str, Any]:
        return {}

    def restore_extra_draft(self, state: dict[str, Any]) -> None:
        del state

    def has_unsaved_changes(self) -> bool:
        """Whether something was typed since the form was loaded or saved."""
        return self._dirty

    # -- live checking --------------------------------------------------------------------

    def _on_edited(self, name: str) -> None:
        if self._loading:
            return
        self._dirty = True
        self._fields[name].confirm.setChecked(False)  # the tick was for the old value
        self._show_line(self._fields[name])
        self.status_label.clear()
        self.preview()
        self._live_check()
        self.edited.emit()

    def _on_left(self, name: str) -> None:
        if self._loading:
            return
        self._touched.add(name)
        self._live_check()

    def _live_check(self) -> None:
        """Messages for the fields already visited (all of them after a Save attempt)."""
        messages = self._run_check()
        if not self._submitted:
            messages = [m for m in messages if m.field in self._touched]
        confirmed = {n for n, f in self._fields.items() if f.confirm.isChecked()}
        self.show_messages(messages)
        for name in confirmed:
            if self._fields[name].confirm.isVisible():
                self._fields[name].confirm.setChecked(True)
