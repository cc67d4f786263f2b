"""The form base every Bedside data-entry form is built on: load → check → save.

(Past 450 lines because it is one class with one idea, the form's building and its Save
flow, and its API is documented here in full; what a form says under its fields and
the drafts it keeps are in :mod:`app.ui.forms.form_state`.)

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
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QMargins, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.clinical.errors import Message, Severity, ValidationError
from app.errors import BedsideError, ReasonRequired
from app.protocol import Protocol
from app.roles import Permission
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import TOUCH_MIN_PX, set_kind
from app.ui.elided import ElidedLabel
from app.ui.forms import ChoiceField, editor_value, hard, set_editor_value
from app.ui.forms.field_grid import LABEL_COLUMN_PX as LABEL_COLUMN_PX
from app.ui.forms.field_grid import TWO_COLUMNS_PX as TWO_COLUMNS_PX
from app.ui.forms.field_grid import FieldGrid
from app.ui.forms.field_row import (
    FORM_STYLE,
    FormField,
    field_row,
    repolish,
    steady_height,
)
from app.ui.forms.fields import entry_text
from app.ui.forms.form_state import FormStateMixin
from app.ui.forms.reason_dialog import ReasonDialog

NOTHING_CHANGED = QT_TRANSLATE_NOOP("FormWidget", "Nothing changed: nothing was saved.")


def read_only_reason(actor: Actor) -> str:
    """Why ``actor`` sees forms they cannot change (empty for those who enter data)."""
    if actor.can(Permission.ENTER_DATA):
        return ""
    if actor.role.value == "monitor":
        return QCoreApplication.translate("FormWidget", "Monitors can read but not change records.")
    return QCoreApplication.translate(
        "FormWidget", "Your role ({role}) can read but not change records."
    ).format(role=actor.role.value)


class FormWidget(FormStateMixin, QWidget):
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
        super().__init__(parent)
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
        self._grids: list[FieldGrid] = []
        self._room = 0  # how wide the fields' grids may be; set when the form is sized
        self.setStyleSheet(FORM_STYLE)
        self._body = QWidget()
        self._body.setObjectName("page")
        self.body_layout = QVBoxLayout(self._body)
        self.body_layout.setContentsMargins(16, 8, 16, 8)
        self.body_layout.setSpacing(10)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self._body)
        # Three rows of fields at the least, not the height of both touch-sized scroll
        # bars: a banner above the pages or a read-only notice never grows the window.
        self.scroll_area.setMinimumHeight(3 * TOUCH_MIN_PX)
        QScroller.grabGesture(
            self.scroll_area.viewport(), QScroller.ScrollerGestureType.TouchGesture
        )
        # The bar under the scroll area has a fixed height: a sentence beside Save (why
        # it did not save, a message about no one field) never moves Save or a field.
        self.form_message = ElidedLabel()
        self.form_message.setAccessibleName(
            QCoreApplication.translate("FormWidget", "Messages about the whole form")
        )
        self.save_error = ElidedLabel(lines=2)
        self.save_error.setAccessibleName(
            QCoreApplication.translate("FormWidget", "Why the form was not saved")
        )
        set_kind(self.save_error, "error")
        self.status_label = QLabel()
        set_kind(self.status_label, "ok")
        self.save_button = QPushButton(QCoreApplication.translate("FormWidget", "&Save"))
        set_kind(self.save_button, "primary")
        self.save_button.setMinimumWidth(160)
        sentences = QWidget()
        said = QVBoxLayout(sentences)
        said.setContentsMargins(0, 0, 0, 0)
        said.setSpacing(0)
        said.addWidget(self.form_message)
        said.addWidget(self.save_error, 1)
        self.action_bar = QWidget()
        self.action_bar.setObjectName("action_bar")
        self.action_bar.setFixedHeight(TOUCH_MIN_PX + 28)
        self.button_row = QHBoxLayout(self.action_bar)
        self.button_row.setContentsMargins(16, 6, 16, 6)
        self.button_row.addWidget(sentences, 1)
        self.button_row.addWidget(self.status_label)
        self.button_row.addWidget(self.save_button)
        # Above the scroll area, so it shows whatever is scrolled: why nothing here can be
        # changed (a monitor), before anyone tries.
        self.read_only_banner = QLabel(read_only_reason(actor))
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setAccessibleName(
            QCoreApplication.translate("FormWidget", "Why this form cannot be changed")
        )
        self.read_only_banner.setContentsMargins(12, 8, 12, 8)
        set_kind(self.read_only_banner, "message")
        self.read_only = not actor.can(Permission.ENTER_DATA)
        self.read_only_banner.setVisible(self.read_only)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.read_only_banner)
        outer.addWidget(self.scroll_area, 1)
        outer.addWidget(self.action_bar)
        self.save_button.clicked.connect(self.submit)
        self._resting_text = ""  # what the line next to Save says when all is well
        self._loaded_state: Any = None  # what was loaded or saved, to tell a real change
        if self.read_only:
            self.save_button.setEnabled(False)

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

    # -- the save flow -------------------------------------------------------------------

    def change_state(self) -> Any:
        """What saving would change: every field's value (and the form's own extras)."""
        values = {
            name: [editor_value(part) for part in f.parts or [f.editor]]
            for name, f in self._fields.items()
        }
        return values, self.extra_draft_state()

    def nothing_changed(self) -> bool:
        """Whether this is a saved record shown exactly as it was loaded or saved."""
        if self.record_id is None:
            return False
        return not self._dirty or self.change_state() == self._loaded_state

    @Slot()
    def submit(self) -> None:
        """Check, show messages, ask the reason when editing, then save.

        A saved record with nothing changed is not saved again (no reason is asked):
        the line next to Save says so."""
        if not self.save_button.isEnabled():
            return
        if self.nothing_changed():
            self.save_error.setText(self._resting_text)
            self.status_label.setText(
                QCoreApplication.translate("FormWidget", str(NOTHING_CHANGED))
            )
            return
        self._submitted = True
        self.status_label.clear()
        messages = self._run_check()
        self.show_messages(messages)
        first_hard = next((m for m in messages if m.severity is Severity.HARD), None)
        if first_hard is not None:
            sentence = QCoreApplication.translate(
                "FormWidget", "Not saved: correct the entries marked in red."
            )
            if self._cut(first_hard.field):  # the whole sentence, where there is room
                sentence += f" {first_hard.text}"
            self.save_error.setText(sentence)
            self._focus(first_hard.field, tick=False)
            return
        pending = self.unconfirmed()
        if pending:
            self.save_error.setText(
                QCoreApplication.translate(
                    "FormWidget",
                    "Not saved: tick “The value is right” beside each value marked in amber.",
                )
            )
            self._focus(pending[0].field, tick=True)
            return
        self.save_error.setText(self._resting_text)
        if self.is_editing():
            self.ask_reason(self.change_summary())
        else:
            self._save_with(None)

    def _cut(self, name: str) -> bool:
        """Whether the message line of field ``name`` shows only part of its sentence."""
        found = self._fields.get(name)
        if found is None or not isinstance(found.message, ElidedLabel):
            return False
        return found.message.shown_text() != found.message.text()

    def ask_reason(self, what: str) -> None:
        dialog = ReasonDialog(what, self)
        dialog.reasonGiven.connect(self._save_with_reason)
        dialog.finished.connect(self._reason_dialog_closed)
        self.reason_dialog = dialog
        dialog.open()

    @Slot(str)
    def _save_with_reason(self, reason: str) -> None:
        self._save_with(reason)

    @Slot()
    def _reason_dialog_closed(self) -> None:
        self.reason_dialog = None

    def _save_with(self, reason: str | None) -> None:
        try:
            record_id = self.save(reason)
        except ReasonRequired as exc:
            self.ask_reason(exc.sentence)
            return
        except ValidationError as exc:
            self.show_messages([*self._shown, hard(exc.field, exc.message)])
            self.save_error.setText(
                QCoreApplication.translate(
                    "FormWidget", "Not saved: correct the entries marked in red."
                )
            )
            return
        except BedsideError as exc:
            self.save_error.setText(exc.sentence)
            return
        self.save_error.setText(self._resting_text)
        if self._draft_may_exist:
            from app.services.drafts import discard_draft

            discard_draft(self.store, self.actor, self.form_key())
            self._draft_may_exist = False
        self._dirty = False
        self._submitted = False
        self.after_save(record_id)
        self._loaded_state = self.change_state()
        self.status_label.setText(
            QCoreApplication.translate("FormWidget", "Saved at {time}").format(
                time=f"{datetime.now():%H:%M}"
            )
        )
        self.saved.emit(record_id)

    def _focus(self, name: str, *, tick: bool) -> None:
        field = self._fields.get(name)
        if field is None:
            return
        target = field.confirm if tick else field.editor
        self.reveal(name)
        self.scroll_area.ensureWidgetVisible(field.box)
        target.setFocus(Qt.FocusReason.OtherFocusReason)

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

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Two columns of fields where the form is wide enough for them, else one."""
        super().resizeEvent(event)
        self.lay_out_columns(event.size().width())

    def lay_out_columns(self, width: int) -> None:
        """Re-flow every section's fields for a form ``width`` pixels wide."""
        self._room = self._field_room(width)
        for grid in self._grids:
            grid.fit(self._room)

    def _field_room(self, width: int) -> int:
        # The room whether or not the scroll bar shows, so that showing it never flips
        # the columns back and forth.
        layout = self._body.layout()
        margins = layout.contentsMargins() if layout is not None else QMargins()
        return width - margins.left() - margins.right() - TOUCH_MIN_PX

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter saves (a focused push button is pressed instead)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = QApplication.focusWidget()  # where the key came from, if anywhere
            mine = isinstance(focused, QPushButton) and self.isAncestorOf(focused)
            if mine and isinstance(focused, QPushButton) and not focused.isCheckable():
                focused.click()
            else:
                self.enter_pressed()
            event.accept()
            return
        super().keyPressEvent(event)

    def enter_pressed(self) -> None:
        self.submit()
