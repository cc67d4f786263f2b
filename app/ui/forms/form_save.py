"""How a form saves: check → messages → the reason when editing → save, and what it says.

:class:`FormSaveMixin` is the Save button's (and Enter's) part of
:class:`~app.ui.forms.base.FormWidget`. A saved record shown unchanged is not saved
again; a hard message stops the save and puts the focus on its field; an amber message
needs its tick first; editing a saved record asks why
(:class:`~app.ui.forms.reason_dialog.ReasonDialog`). A
:class:`~app.errors.BedsideError` from the service becomes one sentence beside Save
and nothing typed is lost; anything else is a bug and propagates.

A mixin: it works on the form's fields, its messages, its bar under the fields and its
``save()``, which the form sets up and provides.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot

from app.clinical.errors import Message, Severity, ValidationError
from app.errors import BedsideError, ReasonRequired
from app.ui.elided import ElidedLabel
from app.ui.forms import editor_value, hard
from app.ui.forms.reason_dialog import ReasonDialog

if TYPE_CHECKING:
    from collections.abc import Iterable

    from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea

    from app.store.store import Store
    from app.store.uow import Actor
    from app.ui.forms.field_row import FormField

NOTHING_CHANGED = QT_TRANSLATE_NOOP("FormWidget", "Nothing changed: nothing was saved.")


class FormSaveMixin:
    """The Save flow of a form (see the module doc and the form base's)."""

    store: Store
    actor: Actor
    record_id: str | None
    reason_dialog: ReasonDialog | None
    save_button: QPushButton
    status_label: QLabel
    save_error: ElidedLabel
    scroll_area: QScrollArea
    saved: Any
    _fields: dict[str, FormField]
    _shown: tuple[Message, ...]
    _submitted: bool
    _dirty: bool
    _draft_may_exist: bool
    _resting_text: str
    _loaded_state: Any

    if TYPE_CHECKING:  # provided by the widget this is mixed into

        def save(self, reason: str | None) -> str: ...

        def after_save(self, record_id: str) -> None: ...

        def is_editing(self) -> bool: ...

        def change_summary(self) -> str: ...

        def form_key(self) -> str: ...

        def reveal(self, name: str) -> None: ...

        def extra_draft_state(self) -> dict[str, Any]: ...

        def show_messages(self, messages: Iterable[Message]) -> None: ...

        def unconfirmed(self) -> list[Message]: ...

        def _run_check(self) -> list[Message]: ...

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

    def enter_pressed(self) -> None:
        """Enter saves."""
        self.submit()

    def _cut(self, name: str) -> bool:
        """Whether the message line of field ``name`` shows only part of its sentence."""
        found = self._fields.get(name)
        if found is None or not isinstance(found.message, ElidedLabel):
            return False
        return found.message.shown_text() != found.message.text()

    def ask_reason(self, what: str) -> None:
        dialog = ReasonDialog(what, self)  # type: ignore[arg-type]  # mixed into a QWidget
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
