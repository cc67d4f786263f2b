"""What a form says under its fields, and the drafts it keeps: the parts of
:class:`~app.ui.forms.base.FormWidget` that read and write its fields' state.

A mixin: it works on the form's ``_fields``, ``form_message``, ``_shown``, ``_dirty``,
``_loading``, ``_touched`` and ``_draft_may_exist``, which the form sets up.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from app.clinical.errors import Message, Severity, ValidationError
from app.ui.app_style import set_kind
from app.ui.forms import hard
from app.ui.forms.field_row import FormField, repolish, show_line
from app.ui.forms.fields import problem_of

if TYPE_CHECKING:
    from app.ui.elided import ElidedLabel


class FormStateMixin:
    """Messages under fields, field refusals, and drafts (see the form base's doc)."""

    _fields: dict[str, FormField]
    _shown: tuple[Message, ...]
    _touched: set[str]
    _dirty: bool
    _loading: bool
    _draft_may_exist: bool
    form_message: ElidedLabel
    record_id: str | None

    if TYPE_CHECKING:  # provided by the widget this is mixed into

        def check(self) -> list[Message]: ...

        def value(self, name: str) -> Any: ...

        def set_value(self, name: str, value: Any) -> None: ...

        def extra_draft_state(self) -> dict[str, Any]: ...

        def restore_extra_draft(self, state: dict[str, Any]) -> None: ...

        def preview(self) -> None: ...

        def _live_check(self) -> None: ...

    # -- messages -----------------------------------------------------------------------

    def show_messages(self, messages: Iterable[Message]) -> None:
        """Put each message under its field: hard in red (field marked), soft in amber
        with a "the value is right" tick. Fields without a message are cleared.

        Everything shown here has room kept for it, so no field moves."""
        shown = tuple(messages)
        by_field: dict[str, list[Message]] = {}
        loose: list[Message] = []
        for message in shown:
            if message.field in self._fields:
                by_field.setdefault(message.field, []).append(message)
            else:
                loose.append(message)
        for name, field_ in self._fields.items():
            found = by_field.get(name, [])
            hard_ones = [m for m in found if m.severity is Severity.HARD]
            soft_ones = [m for m in found if m.severity is Severity.SOFT]
            worst = hard_ones or soft_ones
            mark = "hard" if hard_ones else "soft" if soft_ones else ""
            for part in field_.parts or [field_.editor]:
                if part.property("mark") != mark:
                    part.setProperty("mark", mark)
                    repolish(part)
            if worst:
                set_kind(field_.message, mark)
                prefix = "✖ " if hard_ones else "⚠ "
                field_.message.setText("  ".join(prefix + m.text for m in worst))
            else:
                field_.message.setText("")
            self._show_line(field_)
            needs_tick = bool(soft_ones) and not hard_ones
            field_.confirm.setVisible(needs_tick)
            if not needs_tick:
                field_.confirm.setChecked(False)
        if loose:
            worst_loose = "hard" if any(m.severity is Severity.HARD for m in loose) else "soft"
            set_kind(self.form_message, "error" if worst_loose == "hard" else "hint")
        self.form_message.setText("  ".join(m.text for m in loose))
        self._shown = shown

    def _show_line(self, field_: FormField) -> None:
        show_line(field_)

    def shown_messages(self) -> tuple[Message, ...]:
        return self._shown

    def unconfirmed(self) -> list[Message]:
        """Soft messages whose tick is not ticked yet."""
        return [
            m
            for m in self._shown
            if m.severity is Severity.SOFT
            and (m.field not in self._fields or not self._fields[m.field].confirm.isChecked())
        ]

    def confirm(self, name: str) -> None:
        """Tick a field's "the value is right" box (what the nurse does; tests too)."""
        self._fields[name].confirm.setChecked(True)

    def field_problems(self) -> list[Message]:
        """What the field types refuse, one hard message per field (its first refusal)."""
        found = []
        for name, field_ in self._fields.items():
            for part in field_.parts or [field_.editor]:
                problem = problem_of(part) if part.isEnabled() else None
                if problem:
                    found.append(hard(name, problem, "typed"))
                    break
        return found

    def _run_check(self) -> list[Message]:
        """The fields' refusals, then the form's own messages about the other fields."""
        refused = self.field_problems()
        flagged = {m.field for m in refused}
        try:
            checked = list(self.check())
        except ValidationError as exc:  # a rule refused what the form handed it
            checked = [hard(exc.field, exc.message)]
        return refused + [m for m in checked if m.field not in flagged]

    # -- drafts ---------------------------------------------------------------------------

    def draft_state(self) -> dict[str, Any] | None:
        """What is typed and not saved yet, or None when nothing changed since load/save."""
        if not self._dirty:
            return None
        self._draft_may_exist = True
        return {
            "fields": {name: self.value(name) for name in self._fields},
            "confirmed": [n for n, f in self._fields.items() if f.confirm.isChecked()],
            "record_id": self.record_id,
            "extra": self.extra_draft_state(),
        }

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Put a kept draft back, as unsaved entries."""
        self._draft_may_exist = True
        self._loading = True
        try:
            for name, value in dict(state.get("fields", {})).items():
                if name in self._fields:
                    self.set_value(name, value)
            self.restore_extra_draft(dict(state.get("extra", {})))
        finally:
            self._loading = False
        self.record_id = state.get("record_id") or self.record_id
        self._dirty = True
        self.preview()
        self._touched.update(n for n, _ in state.get("fields", {}).items() if n in self._fields)
        self._live_check()
        for name in state.get("confirmed", []):
            if name in self._fields and self._fields[name].confirm.isVisible():
                self._fields[name].confirm.setChecked(True)
