"""Hostile text in every free-text field of every form, through the widgets.

Very long text, control characters, right-to-left overrides, emoji, SQL-ish and
formula-like strings: each is saved exactly as typed, or refused with a sentence on the
form, and the field still holds what was typed. Never a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import AuditEntry
from app.protocol import load_default
from app.roles import Role
from app.ui.forms.ae_form import AeForm
from app.ui.forms.base import FormWidget
from app.ui.forms.conmed_form import ConMedForm
from app.ui.forms.visit_forms import FORM_MODULES, form_class
from tests.conftest import OpenStore
from tests.ui.test_visit_forms import pid

__all__ = ["pid"]  # a participant on day 7, as the visit form tests have one

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PROTOCOL = load_default()

HOSTILE = {
    "long": "Ward note " * 600,
    "control": "line one\x00\x07\x1b[2Jline two",
    "rtl": "\u202egnp.exe\u202c left-to-right again \u2067أحمد\u2069",
    "emoji": "fever 🤒 then 💉 👩🏽‍⚕️",
    "sql": "'); DROP TABLE participants;-- \" OR 1=1",
    "formula": '=HYPERLINK("http://x.invalid","click")',
}


def _visit_form(name: str) -> Callable[[OpenStore, str], FormWidget]:
    def make(opened: OpenStore, pid: str) -> FormWidget:
        return form_class(name)(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, "D7")

    return make


FORMS: dict[str, Callable[[OpenStore, str], FormWidget]] = {
    **{name: _visit_form(name) for name in FORM_MODULES},
    "ae": lambda o, p: AeForm(o.store, o.actor(Role.NURSE), PROTOCOL, p),
    "conmed": lambda o, p: ConMedForm(o.store, o.actor(Role.NURSE), PROTOCOL, p),
}


def _text_editors(form: FormWidget) -> list[QWidget]:
    found: list[QWidget] = []
    for field_ in form.fields().values():
        for part in field_.parts or [field_.editor]:
            if isinstance(part, (QLineEdit, QPlainTextEdit)) and part.isEnabled():
                found.append(part)
    return found


def _text(editor: QWidget) -> str:
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    assert isinstance(editor, QLineEdit)
    return editor.text()


def _said(form: FormWidget) -> list[str]:
    lines = [f.message.text() for f in form.fields().values() if f.message.text()]
    lines += [w.text() for w in (form.save_error, form.form_message) if w.text()]
    return lines


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("form_name", sorted(FORMS))
def test_hostile_text_is_saved_as_typed_or_refused_with_a_sentence(
    qtbot: QtBot, opened: OpenStore, pid: str, form_name: str, kind: str
) -> None:
    hostile = HOSTILE[kind]
    form = FORMS[form_name](opened, pid)
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    editors = _text_editors(form)
    assert editors, f"{form_name} has no text field"
    for editor in editors:  # pasted: a keyboard cannot type a NUL or an override
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(hostile)
        else:
            assert isinstance(editor, QLineEdit)
            editor.setText(hostile)
    with opened.store.read() as session:
        before = session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1))
    saved: list[str] = []
    form.saved.connect(saved.append)
    form.submit()
    assert [_text(e) for e in editors] == [hostile] * len(editors)  # never altered
    if saved:
        with opened.store.read() as session:
            values = session.scalars(
                select(AuditEntry.new_value).where(AuditEntry.seq > (before or 0))
            ).all()
        assert hostile in values, "saved, but not as typed"
    else:
        assert _said(form), "neither saved nor refused with a sentence"


def _conmed(opened: OpenStore, pid: str, hostile: str) -> FormWidget:
    form = ConMedForm(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid)
    for name, value in {"drug": hostile, "dose": "6", "dose_unit": "mg", "route": "iv",
                        "frequency": hostile,
                        "start_on": (date.today() - timedelta(days=1)).isoformat(),
                        "ongoing": True, "indication": hostile}.items():  # fmt: skip
        form.set_value(name, value)
    return form


def _ae(opened: OpenStore, pid: str, hostile: str) -> FormWidget:
    form = AeForm(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid)
    yesterday = (date.today() - timedelta(days=1)).isoformat()  # never in the future
    for name, value in {"term_code": "fever", "onset_on": yesterday,
                        "grade": "1", "outcome": "recovering",
                        "description": hostile}.items():  # fmt: skip
        form.set_value(name, value)
    clock = form.field("onset_on").parts[-1]
    assert isinstance(clock, QLineEdit)
    clock.setText("08:00")
    return form


MUST_SAVE = ("emoji", "formula", "sql")
"""Plain text a person may well type: saved, exactly."""


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("make", [_conmed, _ae], ids=["conmed", "ae"])
def test_hostile_free_text_in_an_otherwise_valid_entry_is_kept_exactly(
    qtbot: QtBot,
    opened: OpenStore,
    pid: str,
    make: Callable[[OpenStore, str, str], FormWidget],
    kind: str,
) -> None:
    hostile = HOSTILE[kind]
    form = make(opened, pid, hostile)
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    saved: list[str] = []
    form.saved.connect(saved.append)
    form.submit()
    if kind in MUST_SAVE:
        assert saved, _said(form)
    if saved:
        with opened.store.read() as session:
            values = session.scalars(
                select(AuditEntry.new_value).where(AuditEntry.record_id == saved[0])
            ).all()
        assert hostile in values, "saved, but not as typed"
    else:
        assert _said(form), "neither saved nor refused with a sentence"
        assert hostile in [_text(e) for e in _text_editors(form)]


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_line_and_site_at_the_infusion_start_are_kept_exactly_or_refused(
    qtbot: QtBot, opened: OpenStore, kind: str
) -> None:
    from app.services.infusion import infusions_for
    from app.ui.product_check_dialog import ProductCheckDialog
    from tests.ui.infusion_env import CHECKED_AT, released_ward

    hostile = HOSTILE[kind]
    ward = released_ward(opened)
    pid = ward.active
    dialog = ProductCheckDialog(opened.store, ward.nurse, PROTOCOL, pid, clock=lambda: CHECKED_AT)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.wristband.setText(ward.study_id(pid))
    dialog.wristband.returnPressed.emit()
    dialog.label.setText(ward.kits[pid])
    dialog.label.returnPressed.emit()
    assert dialog.check is not None, dialog.label_message.text()
    dialog.rate.setText("120")
    dialog.line.setText(hostile)
    dialog.site.setText(hostile)
    dialog.start_button.click()
    assert (dialog.line.text(), dialog.site.text()) == (hostile, hostile)  # never altered
    if dialog.infusion_id is None:
        assert dialog.start_message.text(), "neither started nor refused with a sentence"
        assert infusions_for(opened.store, pid, CHECKED_AT, protocol=PROTOCOL) == []
    else:
        view = infusions_for(opened.store, pid, CHECKED_AT, protocol=PROTOCOL)[0]
        assert (view.line, view.site) == (hostile, hostile)
