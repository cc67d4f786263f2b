# mypy: disable-error-code="no-untyped-call"
"""The pharmacist's preparation form and the second-check dialog, typed into and clicked
on a real store with a randomised participant in each arm."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.protocol import load_default
from app.roles import Role
from app.services.preparation import (
    CONTENT_ITEMS,
    SHARED_ITEMS,
    blinded_view,
    preparations_for,
    prepare,
    unblinded_preparations_for,
)
from app.store.uow import Actor
from app.ui.forms.preparation_form import PreparationForm
from app.ui.preparation_check_dialog import PreparationCheckDialog
from tests.conftest import PASSWORDS, OpenStore
from tests.unit.preparation_env import (
    NOW,
    SECOND_PHARMACIST,
    SECOND_PHARMACIST_PASSWORD,
    Randomised,
    active_entry,
    placebo_entry,
    randomised_pair,
)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
CLICK = Qt.MouseButton.LeftButton
PROTOCOL = load_default()


@pytest.fixture
def pair(opened: OpenStore) -> Randomised:
    return randomised_pair(opened)


def _form(qtbot: QtBot, pair: Randomised, pid: str, actor: Actor | None = None) -> PreparationForm:
    form = PreparationForm(pair.opened.store, actor or pair.pharmacist, PROTOCOL, pid, now=NOW)
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    return form


def _type(qtbot: QtBot, form: PreparationForm, name: str, text: str) -> None:
    editor = form.field(name).editor
    assert isinstance(editor, QLineEdit)
    editor.clear()
    qtbot.keyClicks(editor, text)


def _shown_text(widget: QWidget) -> str:
    labels = [w.text() for w in widget.findChildren(QLabel)]
    edits = [w.text() for w in widget.findChildren(QLineEdit)]
    return " ".join(labels + edits + [widget.windowTitle()])


def test_the_pharmacist_types_a_dose_and_reads_it_back(qtbot: QtBot, pair: Randomised) -> None:
    form = _form(qtbot, pair, pair.active)
    assert "UNBLINDED — arm A" in _shown_text(form)
    assert form.text("weight_kg") == "58.5"  # the screening weight, to be checked
    _type(qtbot, form, "weight_kg", "65")
    _type(qtbot, form, "lot", "UCMSC-2026-114")
    _type(qtbot, form, "lot_expiry", "31/01/2027")
    _type(qtbot, form, "cell_count", "6,5e7")
    _type(qtbot, form, "viability_percent", "94,5")
    local = (NOW - timedelta(minutes=20)).astimezone()
    _type(qtbot, form, "prepared_on", local.strftime("%Y-%m-%d"))
    form.prepared_time.clear()
    qtbot.keyClicks(form.prepared_time, local.strftime("%H:%M"))
    use_by = (local + timedelta(hours=4)).strftime("%Y-%m-%d %H:%M")
    assert form.summary.text() == (
        f"Dose: 6.5 × 10⁷ cells in 100 mL (65 kg × 1 × 10⁶ cells/kg); use by {use_by}."
    )
    qtbot.mouseClick(form.save_button, CLICK)  # not inspected yet: refused at the field
    assert "Inspect the bag" in form.field("appearance_ok").message.text()
    assert preparations_for(pair.opened.store, pair.active) == []
    inspected = form.field("appearance_ok").editor
    qtbot.mouseClick(inspected.button("yes"), CLICK)  # type: ignore[attr-defined]
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, CLICK)
    (made,) = unblinded_preparations_for(pair.opened.store, pair.pharmacist, pair.active)
    assert (made.lot, made.lot_expiry, made.cell_count, made.viability_percent) == (
        "UCMSC-2026-114",
        "2027-01-31",
        "6,5e7",
        "94.5",
    )
    assert (made.dose_cells, made.shared.weight_kg, made.shared.status) == (
        "65000000",
        "65",
        "prepared",
    )
    assert form.summary.text() == "Saved: the bag waits for the second check by another person."
    assert "Dose 1: prepared, prepared by pharmacist." in form.done_text.text()


def test_an_expired_lot_and_a_bag_past_its_use_by_are_refused(
    qtbot: QtBot, pair: Randomised
) -> None:
    form = _form(qtbot, pair, pair.active)
    _type(qtbot, form, "weight_kg", "65")
    _type(qtbot, form, "lot", "UCMSC-2026-114")
    _type(qtbot, form, "lot_expiry", "2026-11-01")
    _type(qtbot, form, "cell_count", "65000000")
    _type(qtbot, form, "viability_percent", "90")
    stale = (NOW - timedelta(hours=4, minutes=1)).astimezone()
    _type(qtbot, form, "prepared_on", stale.strftime("%Y-%m-%d"))
    form.prepared_time.clear()
    qtbot.keyClicks(form.prepared_time, stale.strftime("%H:%M"))
    qtbot.mouseClick(form.field("appearance_ok").editor.button("yes"), CLICK)  # type: ignore[attr-defined]
    qtbot.mouseClick(form.save_button, CLICK)
    assert "The lot expired on 2026-11-01" in form.field("lot_expiry").message.text()
    assert "Past its use-by" in form.field("prepared_on").message.text()
    assert form.save_error.text().startswith("Not saved")
    assert preparations_for(pair.opened.store, pair.active) == []
    # An unusual weight is saved only once its tick is ticked.
    _type(qtbot, form, "weight_kg", "160")
    _type(qtbot, form, "lot_expiry", "2027-01-31")
    _type(qtbot, form, "cell_count", "1.6e8")
    now = NOW.astimezone()
    _type(qtbot, form, "prepared_on", now.strftime("%Y-%m-%d"))
    form.prepared_time.clear()
    qtbot.keyClicks(form.prepared_time, now.strftime("%H:%M"))
    qtbot.mouseClick(form.save_button, CLICK)
    assert "unusual" in form.field("weight_kg").message.text()
    assert preparations_for(pair.opened.store, pair.active) == []
    form.field("weight_kg").confirm.click()
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, CLICK)
    assert preparations_for(pair.opened.store, pair.active)[0].weight_kg == "160"


def test_a_placebo_bag_asks_for_no_content(qtbot: QtBot, pair: Randomised) -> None:
    form = _form(qtbot, pair, pair.placebo)
    assert not {"lot", "lot_expiry", "cell_count", "viability_percent"} & set(form.fields())
    assert form.summary.text().startswith("Bag: 100 mL normal saline")
    qtbot.mouseClick(form.field("appearance_ok").editor.button("yes"), CLICK)  # type: ignore[attr-defined]
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, CLICK)
    assert preparations_for(pair.opened.store, pair.placebo)[0].volume_ml == "100"


def test_a_blinded_person_gets_a_sentence_and_no_field(qtbot: QtBot, pair: Randomised) -> None:
    for pid in (pair.active, pair.placebo):
        form = _form(qtbot, pair, pid, pair.opened.actor(Role.NURSE))
        assert form.fields() == {}
        assert not form.save_button.isEnabled()
        shown = _shown_text(form)
        assert "Only a pharmacist prepares study product: your role (nurse) stays blinded." in shown
        assert "arm" not in shown.replace("pharmacist", "")


def _dialog(qtbot: QtBot, pair: Randomised, preparation_id: str) -> PreparationCheckDialog:
    dialog = PreparationCheckDialog(pair.opened.store, preparation_id, now=NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _identify(qtbot: QtBot, dialog: PreparationCheckDialog, name: str, password: str) -> None:
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, name)
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.continue_button, CLICK)


def test_a_blinded_checker_sees_and_ticks_only_what_both_arms_share(
    qtbot: QtBot, pair: Randomised
) -> None:
    store = pair.opened.store
    active = prepare(store, pair.pharmacist, pair.active, active_entry(), NOW).shared.id
    placebo = prepare(store, pair.pharmacist, pair.placebo, placebo_entry(), NOW).shared.id
    pair.opened.actor(Role.NURSE)
    seen = []
    for pid in (active, placebo):
        dialog = _dialog(qtbot, pair, pid)
        _identify(qtbot, dialog, "pharmacist", PASSWORDS[Role.PHARMACIST])
        assert "someone other than the person who prepared" in dialog.name_message.text()
        _identify(qtbot, dialog, "nurse", "wrong password")
        assert dialog.password_message.text().startswith("The user name or password is not right")
        qtbot.wait(1100)  # the wrong password's wait
        _identify(qtbot, dialog, "nurse", PASSWORDS[Role.NURSE])
        assert list(dialog.boxes) == list(SHARED_ITEMS)
        texts = [box.text() for box in dialog.boxes.values()]
        assert texts[0].startswith("Kit label: Study product, kit ")
        shown = _shown_text(dialog) + " ".join(texts)
        for secret in ("UCMSC", "6.5e7", "94.5", "placebo", "saline", "Arm", "Lot"):
            assert secret not in shown
        seen.append(texts[1:])
        for box in list(dialog.boxes.values())[:-1]:
            box.click()
        qtbot.mouseClick(dialog.release_button, CLICK)
        assert dialog.items_message.text() == "Confirm the appearance before releasing the bag."
        assert blinded_view(store, pid).status == "prepared"
        dialog.boxes["appearance"].click()
        with qtbot.waitSignal(dialog.released):
            qtbot.mouseClick(dialog.release_button, CLICK)
        assert dialog.outcome.text().startswith("Released: Study product, kit ")
        view = blinded_view(store, pid)
        assert (view.status, view.checked_by, view.check_kind) == ("released", "nurse", "blinded")
    assert seen[0] == seen[1]  # the placebo bag read exactly like the active one


def test_a_pharmacist_checker_ticks_the_content_too(qtbot: QtBot, pair: Randomised) -> None:
    store = pair.opened.store
    placebo = prepare(store, pair.pharmacist, pair.placebo, placebo_entry(), NOW).shared.id
    pair.second_pharmacist()
    dialog = _dialog(qtbot, pair, placebo)
    _identify(qtbot, dialog, SECOND_PHARMACIST, SECOND_PHARMACIST_PASSWORD)
    assert list(dialog.boxes) == list(SHARED_ITEMS + CONTENT_ITEMS)
    assert dialog.boxes["lot"].text() == "Lot: none (saline)"
    assert dialog.boxes["arm"].text() == "Arm: B (Control group (placebo))"
    for box in dialog.boxes.values():
        box.click()
    with qtbot.waitSignal(dialog.released):
        qtbot.mouseClick(dialog.release_button, CLICK)
    assert blinded_view(store, placebo).check_kind == "unblinded"
