"""A canary typed into every field of every form appears in no file outside the store.

The canary goes into each form's text fields through the widgets; the forms are kept as
drafts (what the lock and a crash keep) and, where the entry is otherwise valid, saved.
With the app's own log switched on,
no file in the store's folder, the temp folder or the log holds the canary in any
common encoding, and with the key the values are there.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.logsetup import configure
from app.models import AuditEntry
from app.roles import Role
from app.services.drafts import load_draft, save_draft
from tests.conftest import OpenStore
from tests.faults.test_hostile_text import FORMS, _ae, _conmed, _text_editors, pid

__all__ = ["pid"]  # the participant fixture, shared with the hostile-text tests

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
CANARY = "CANARY-b41e07-Ärzte-输注"
NEEDLES = (CANARY.encode("utf-8"), CANARY.encode("utf-16-le"), b"CANARY-b41e07")


def _files_with(folder: Path, needle: bytes) -> list[str]:
    return [str(p) for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


@pytest.fixture
def app_log(opened: OpenStore) -> Iterator[Path]:
    """The app's own log in the store's folder, where a careless line would land."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    configure(opened.data_dir)
    yield opened.data_dir
    for handler in root.handlers:
        if handler not in before:
            handler.close()
            root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setenv("SQLITE_TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_the_canary_is_in_no_file_outside_the_encrypted_store(
    qtbot: QtBot, opened: OpenStore, pid: str, temp: Path, app_log: Path
) -> None:
    nurse = opened.actor(Role.NURSE)
    kept = 0
    for name, make in FORMS.items():
        form = make(opened, pid)
        qtbot.addWidget(form)
        for editor in _text_editors(form):
            if isinstance(editor, QPlainTextEdit):
                editor.setPlainText(CANARY)
            else:
                assert isinstance(editor, QLineEdit)
                editor.setText(CANARY)
        form.edited.emit()
        state = form.draft_state() or {"fields": {n: form.value(n) for n in form.fields()}}
        save_draft(opened.store, nurse, f"canary:{name}", state)
        kept += 1
        form.submit()  # refused (the canary is no date) or saved: neither may leak
    saved = []
    for make in (_conmed, _ae):
        form = make(opened, pid, CANARY)
        qtbot.addWidget(form)
        form.saved.connect(saved.append)
        form.submit()
    assert len(saved) == 2
    logging.getLogger("app").info("forms filled")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert any(p.name.endswith(".log") for p in app_log.iterdir())  # the log was written
    for needle in NEEDLES:
        assert _files_with(opened.data_dir, needle) == []
        assert _files_with(temp, needle) == []
    # For whoever holds the key, every draft and both saved entries are there, as typed.
    assert kept == len(FORMS)
    for name in FORMS:
        draft = load_draft(opened.store, nurse, f"canary:{name}")
        assert draft is not None and CANARY in str(draft)
    with opened.store.read() as session:
        values = session.scalars(
            select(AuditEntry.new_value).where(AuditEntry.record_id.in_(saved))
        ).all()
    assert values.count(CANARY) >= 4  # drug, frequency, indication, description
    opened.store.close()
    for needle in NEEDLES:
        assert _files_with(opened.data_dir, needle) == []
