"""简体中文 through Qt's own tools: the catalogue is current, complete, and follows the person.

The committed ``.ts`` must hold exactly the strings ``pyside6-lupdate`` finds in the
sources, the committed ``.qm`` must be that ``.ts`` compiled, and every string of the
modules in :data:`TRANSLATED_MODULES` must be translated and reach the screen through
``tr()``. Add a module to that list once its strings are translated.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from app.models import Setting
from app.roles import Role
from app.services import settings
from app.services.users import add_user
from app.ui import i18n
from app.ui.app_style import BUNDLED_CJK_FAMILY, UI_FAMILIES, register_bundled_fonts
from app.ui.error_dialog import ErrorDialog
from app.ui.login import ChangePasswordDialog, LoginWindow
from app.ui.main import AppController
from app.ui.main_window import TODAY, MainWindow
from tests.conftest import ADMIN_PASSWORD, PASSWORDS, OpenStore

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # pyside6-lupdate/-lrelease come with PySide6
CATALOGUE = ROOT / "resources" / "translations" / "bedside_zh_CN.ts"
COMPILED = ROOT / "resources" / "translations" / "bedside_zh_CN.qm"
# The modules whose every string is translated; grows until it is all of app/ui.
LISTED_MODULES = (
    "app/ui/login.py",
    "app/ui/lock.py",
    "app/ui/main_window.py",
    "app/ui/window_shell.py",
    "app/ui/window_parts.py",
    "app/ui/window_drafts.py",
    "app/ui/today_view.py",
    "app/ui/demo_notice.py",
    "app/ui/error_dialog.py",
    "app/clinical/parsing.py",
    "app/ui/infusion_alerts.py",
    "app/ui/infusion_dialogs.py",
    "app/ui/infusion_panel.py",
    "app/ui/infusion_timepoints.py",
    "app/ui/infusion_today.py",
    "app/ui/infusion_vitals_form.py",
    "app/ui/infusion_reaction_form.py",
    "app/ui/product_check_dialog.py",
    "app/ui/preparation_check_dialog.py",
    "app/ui/safety_model.py",
    "app/ui/safety_page.py",
    "app/ui/participant_safety_tab.py",
    "app/ui/participant_page.py",
    "app/ui/participant_tabs.py",
    "app/ui/participants_view.py",
    "app/ui/participants_model.py",
    "app/ui/visits_panel.py",
    "app/ui/visits_model.py",
    "app/ui/screening_dialog.py",
    "app/ui/forms/reason_dialog.py",
    "app/ui/forms/vitals_form.py",
    "app/ui/forms/symptoms_form.py",
    "app/ui/forms/who_form.py",
    "app/ui/admin_page.py",
    "app/ui/users_model.py",
    "app/ui/backup_panel.py",
    "app/ui/study_range_tab.py",
    "app/ui/allocation_page.py",
    "app/ui/unblind_dialog.py",
    "app/ui/unblind_banner.py",
    "app/ui/randomise_dialog.py",
    "app/ui/sync_page.py",
    "app/ui/setup_wizard.py",
    "app/ui/forms/base.py",
    "app/ui/forms/visit_forms.py",
    "app/ui/forms/field_row.py",
    "app/ui/forms/fields.py",
    "app/ui/forms/field_grid.py",
    "app/ui/forms/form_state.py",
    "app/ui/forms/__init__.py",
    "app/ui/forms/labs_form.py",
    "app/ui/forms/conmed_form.py",
    "app/ui/forms/imaging_form.py",
    "app/ui/forms/disposition_form.py",
    "app/ui/forms/virology_form.py",
    "app/ui/forms/eligibility_wizard.py",
    "app/ui/forms/wizard_view.py",
    "app/ui/forms/screening_form.py",
    "app/ui/forms/oxygenation_form.py",
    "app/ui/forms/ae_form.py",
    "app/ui/forms/preparation_form.py",
    "app/ui/sync_controller.py",
    "app/ui/print_pdf.py",
    "app/ui/participant_print.py",
    "app/ui/ae_print.py",
    "app/ui/scan_prefix.py",
    "app/ui/trend_chart.py",
    "app/ui/qr_widget.py",
    "app/ui/main.py",
    "app/ui/session.py",
    "app/ui/pdf_button.py",
    "app/ui/scanner.py",
    "app/ui/elided.py",
    "app/services/participant_rows.py",
    "app/services/participant_detail.py",
    "app/services/outcomes.py",
    "app/clinical/adverse_events.py",
    "app/clinical/conmeds.py",
    "app/clinical/fio2.py",
    "app/clinical/oxygenation.py",
    "app/services/eligibility.py",
    "app/services/observations.py",
    "app/services/adverse_events.py",
    "app/services/conmeds.py",
    "app/services/screening.py",
    "app/ui/reenrol_panel.py",
    "app/clinical/plausibility.py",
    "app/services/allocation.py",
    "app/allocation/part_file.py",
    "app/allocation/kit_codes.py",
    "app/services/preparation.py",
    "app/services/preparation_views.py",
    "app/services/preparation_sheet.py",
    "app/services/infusion_check.py",
    "app/services/infusion.py",
    "app/services/unblinding.py",
    "app/services/users.py",
    "app/services/settings.py",
    "app/services/observation_checks.py",
    "app/services/oxygenation.py",
    "app/services/visits.py",
    "app/services/drafts.py",
    "app/services/signing.py",
    "app/services/backups.py",
    "app/services/reports.py",
    "app/services/eligibility_review.py",
    "app/services/participant_today.py",
    "app/store/anchor.py",
    "app/store/backoff.py",
    "app/store/backup.py",
    "app/store/backup_archive.py",
    "app/store/blinding.py",
    "app/store/bounded.py",
    "app/store/engine.py",
    "app/store/keyslots.py",
    "app/store/lock.py",
    "app/store/restore.py",
    "app/store/shared.py",
    "app/store/store.py",
    "app/store/trail_check.py",
    "app/store/uow.py",
    "app/sync/bundle.py",
    "app/sync/bundle_tar.py",
    "app/sync/device.py",
    "app/sync/receipt.py",
    "app/sync/reenrol.py",
    "app/sync/reenrol_doc.py",
    "app/sync/safe_read.py",
)
# Every module of app/ui, and every module of the layers below that speaks to a person
# (a tr(), translate() or QT_TRANSLATE_NOOP call), is checked too, so a module made by
# splitting a listed one is never left out.
SPEAKING_PACKAGES = ("app/ui", "app/services", "app/store", "app/sync", "app/allocation",
                     "app/clinical")  # fmt: skip
# The frozen build's self-test renders a label offscreen that nobody ever sees.
NEVER_SHOWN = {"app/ui/selftest.py"}
_SPEAKS = re.compile(r"\b(?:QT_TRANSLATE_NOOP|translate)\(|\.tr\(")


def _speaking_modules() -> set[str]:
    found: set[str] = set()
    for package in SPEAKING_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = path.relative_to(ROOT).as_posix()
            if name in NEVER_SHOWN:
                continue
            if package == "app/ui" or _SPEAKS.search(path.read_text("utf-8")):
                found.add(name)
    return found


TRANSLATED_MODULES = tuple(sorted(set(LISTED_MODULES) | _speaking_modules()))
# What puts text on screen: widgets built with a text, and the setters of text.
TEXT_CONSTRUCTORS = {
    "QLabel", "QPushButton", "QGroupBox", "QCheckBox", "QRadioButton", "QToolBar",
    "QAction", "QToolButton", "PlaceholderPage", "ValidationError",
    # What the services and the store raise reaches the screen as the person's sentence.
    "BedsideError", "InvalidInput", "NoStore", "StoreExists", "StoreInUse", "WrongPassword",
    "LoginBackoff", "CorruptStore", "CipherMissing", "DiskFull", "ReadOnlyLocation",
    "NotPermitted", "ReasonRequired", "ScanRefused", "ProductCheckRefused", "EntryRefused",
    "BackupRefused", "BlindingKeyMissing", "PrintFailed", "Rejected", "BundleRejected",
    "ReceiptRejected", "PartRejected", "ContainerRefused", "UnsafeFile", "TrailRefused",
    "SlotFileDamaged", "DiskError",
}  # fmt: skip
CODE_FIRST = {"ValidationError", "BundleRejected", "TrailRefused", "UnsafeFile"}
TEXT_SETTERS = {
    "setText", "setTitle", "setWindowTitle", "setPlaceholderText", "setToolTip",
    "setAccessibleName", "setAccessibleDescription", "setStatusTip", "setWhatsThis",
    "addRow", "addTab", "addItem", "addAction", "addMenu", "show_message", "showMessage",
    "setInformativeText", "setLabelText", "setTabText",
}  # fmt: skip
TRANSLATORS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
# Clinical units stay as the protocol writes them, in every language.
UNITS = {"mL", "mL/h", "mL/kg", "kg", "cm", "mmHg", "L/min", "°C", "/min", "%", "bpm"}


@pytest.fixture(autouse=True)
def _english_afterwards(qapp: object) -> Iterator[None]:
    """Every other test speaks English: put it back whatever a test installed."""
    yield
    i18n.install_language(i18n.ENGLISH)


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) → the message's translation element."""
    found: dict[tuple[str, str], ET.Element] = {}
    for context in ET.parse(ts).getroot().iter("context"):  # noqa: S314 - our own file
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found[(name, message.findtext("source") or "")] = translation
    return found


def _extract(sources: list[str], out: Path) -> dict[tuple[str, str], ET.Element]:
    subprocess.run(
        [BIN / "pyside6-lupdate", "-silent", "-locations", "none", *sources, "-ts", out],
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    return _messages(out)


def test_the_committed_catalogue_holds_exactly_the_strings_of_the_sources(tmp_path: Path) -> None:
    sources = sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "app").rglob("*.py")
        if "migrations" not in p.parts
    )
    fresh = _extract(sources, tmp_path / "bedside_zh_CN.ts")
    committed = _messages(CATALOGUE)
    new, gone = sorted(set(fresh) - set(committed)), sorted(set(committed) - set(fresh))
    assert not new and not gone, f"run tools/translations.sh: new {new}, no longer used {gone}"


def test_the_committed_qm_is_the_committed_catalogue_compiled(tmp_path: Path) -> None:
    compiled = tmp_path / "bedside_zh_CN.qm"
    subprocess.run(
        [BIN / "pyside6-lrelease", "-silent", CATALOGUE, "-qm", compiled], check=True, timeout=60
    )
    assert compiled.read_bytes() == COMPILED.read_bytes(), "run tools/translations.sh"


def test_every_string_of_the_translated_modules_has_a_finished_chinese_translation(
    tmp_path: Path,
) -> None:
    wanted = _extract(list(TRANSLATED_MODULES), tmp_path / "modules_zh_CN.ts")
    committed = _messages(CATALOGUE)
    problems = []
    for key in sorted(wanted):
        translation = committed.get(key)
        if translation is None or translation.get("type") == "unfinished":
            problems.append(f"{key}: not translated")
        elif not (translation.text or "").strip():
            problems.append(f"{key}: empty")
        elif sorted(PLACEHOLDER.findall(key[1])) != sorted(
            PLACEHOLDER.findall(translation.text or "")
        ):
            problems.append(f"{key}: the translation's {{placeholders}} differ")
    assert not problems, "\n".join(problems)
    assert len(wanted) > 50  # the shell's strings were found at all


def _said_literally(node: ast.expr) -> str | None:
    """The words of a literal (or of an f-string's fixed parts) when it has letters."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    else:
        return None
    return text if re.search(r"[A-Za-z]", text) and text.strip() not in UNITS else None


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _untranslated(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        if name in TRANSLATORS:
            found += [
                f"line {a.lineno}: an f-string inside {name}(): use placeholders and .format"
                for a in node.args
                if isinstance(a, ast.JoinedStr)
            ]
        elif name in TEXT_CONSTRUCTORS | TEXT_SETTERS:
            # These take a field's name or a machine code first, then the words to show.
            shown = node.args[1:] if name in CODE_FIRST else node.args
            for arg in [*shown, *(k.value for k in node.keywords)]:
                words = _said_literally(arg)
                if words is not None:
                    found.append(f"line {arg.lineno}: {name}({words!r}) is not translated")
    return found


def test_the_check_for_untranslated_strings_catches_one() -> None:
    assert _untranslated('QLabel("Hello", self)\nb.setText(f"Due {n}")\nself.tr(f"x {y}")') == [
        "line 1: QLabel('Hello') is not translated",
        "line 2: setText('Due ') is not translated",
        "line 3: an f-string inside tr(): use placeholders and .format",
    ]
    assert _untranslated('QLabel(self.tr("Hello"))\nb.setText(f"{a} · {b}")') == []


@pytest.mark.parametrize("module", TRANSLATED_MODULES)
def test_every_user_visible_literal_of_the_module_goes_through_tr(module: str) -> None:
    problems = _untranslated((ROOT / module).read_text(encoding="utf-8"))
    assert not problems, f"{module}:\n" + "\n".join(problems)


def test_the_bundled_chinese_font_is_registered_as_the_last_fallback(qapp: object) -> None:
    families = register_bundled_fonts()
    assert BUNDLED_CJK_FAMILY in families
    assert BUNDLED_CJK_FAMILY in QFontDatabase.families()
    assert UI_FAMILIES[-1] == BUNDLED_CJK_FAMILY


def test_the_login_window_speaks_chinese_and_turns_back_to_english(
    qtbot: QtBot, opened: OpenStore
) -> None:
    assert i18n.install_language("zh_CN") == "zh_CN"
    window = LoginWindow(opened.data_dir)
    window.use_store(opened.store)
    qtbot.addWidget(window)
    assert window.windowTitle() == "Bedside — 登录"
    assert window.form.submit_button.text() == "登录"
    assert window.form.name_label.text() == "用户名(&U)"
    assert window.folder_label.text() == f"数据文件夹：{opened.data_dir}"
    qtbot.mouseClick(window.form.submit_button, Qt.MouseButton.LeftButton)
    assert window.form.message_label.text() == "请输入用户名。"
    assert i18n.install_language(i18n.ENGLISH) == i18n.ENGLISH
    qtbot.waitUntil(lambda: window.form.submit_button.text() == "Log in")
    assert window.windowTitle() == "Bedside — log in"
    assert window.form.name_label.text() == "&User name"


def test_what_the_typing_rules_say_comes_in_the_persons_language(qapp: object) -> None:
    from app.clinical.errors import ValidationError
    from app.clinical.parsing import parse_decimal
    from app.sentences import Sentence

    i18n.install_language("zh_CN")
    with pytest.raises(ValidationError) as said:
        parse_decimal("38,5", "体温")
    message = said.value.message
    assert message == "体温须使用小数点，不能用逗号。"
    assert isinstance(message, Sentence)
    assert message.english() == "体温 must use a decimal point, not a comma."
    i18n.install_language(i18n.ENGLISH)
    with pytest.raises(ValidationError) as said:
        parse_decimal("38,5", "Temperature")
    assert str(said.value.message) == "Temperature must use a decimal point, not a comma."


def test_a_sentence_names_a_protocol_field_in_the_persons_language(qapp: object) -> None:
    from app.clinical.plausibility import check_value
    from app.protocol import load_default

    ranges = load_default().plausibility
    heart = next(r for r in ranges if r.field == "heart_rate_per_min")
    i18n.install_language("zh_CN")
    (said,) = check_value("heart_rate_per_min", "400", ranges)
    assert said.text.startswith(f"{heart.label_zh} 400") and "超出可能范围" in said.text
    assert said.text.english().startswith(f"{heart.label_en} 400")
    assert "is outside the possible range" in said.text.english()
    i18n.install_language(i18n.ENGLISH)
    (said,) = check_value("heart_rate_per_min", "400", ranges)
    assert said.text.startswith(f"{heart.label_en} 400") and "outside the possible" in said.text


def test_qt_standard_buttons_come_in_chinese_too(qtbot: QtBot) -> None:
    i18n.install_language("zh_CN")
    dialog = ErrorDialog("x", bug=True)
    qtbot.addWidget(dialog)
    ok = dialog.button(QMessageBox.StandardButton.Ok)
    assert ok is not None and "确定" in ok.text()
    assert dialog.windowTitle() == "Bedside — 出现问题"


def test_an_unknown_language_leaves_english(qapp: object) -> None:
    assert i18n.install_language("xx_YY") == i18n.ENGLISH
    assert i18n.current_language() == i18n.ENGLISH


def _choose(opened: OpenStore, name: str, code: str) -> None:
    key = settings.PERSON_LANGUAGE_KEY.format(name=name)
    with opened.store.transaction(opened.admin, reason="personal language") as session:
        session.add(Setting(key=key, value=code))


def test_a_persons_own_language_comes_before_the_devices(opened: OpenStore) -> None:
    nurse = opened.actor(Role.NURSE)
    assert i18n.person_language(opened.store, nurse.name) == "en"
    settings.set_language(opened.store, opened.admin, "zh_CN")
    assert i18n.person_language(opened.store, nurse.name) == "zh_CN"
    _choose(opened, nurse.name, "en")
    assert i18n.person_language(opened.store, nurse.name) == "en"
    _choose(opened, "admin", "klingon")  # no longer valid: the device's language
    assert i18n.person_language(opened.store, "admin") == "zh_CN"


def _log_in(qtbot: QtBot, form: object, name: str, password: str) -> None:
    edit = form.name_edit  # type: ignore[attr-defined]
    edit.clear()
    qtbot.keyClicks(edit, name)
    form.password_edit.setText(password)  # type: ignore[attr-defined]  # QTest types ASCII only
    qtbot.keyClick(form.password_edit, Qt.Key.Key_Return)  # type: ignore[attr-defined]


def _labels(window: MainWindow) -> list[str]:
    page = window.current_page()
    assert page is not None
    return [label.text() for label in page.findChildren(QLabel)]


def test_each_person_gets_their_language_at_login_and_unlock(
    qtbot: QtBot, opened: OpenStore
) -> None:
    settings.set_language(opened.store, opened.admin, "zh_CN")  # the device: Chinese
    add_user(opened.store, opened.admin, "nina", Role.NURSE, PASSWORDS[Role.NURSE], "Nina Nurse")
    _choose(opened, "nina", "en")  # Nina reads English
    opened.store.close()
    controller = AppController(opened.data_dir, language="en")
    login = controller.start()
    qtbot.addWidget(login)
    assert isinstance(login, LoginWindow)
    assert login.form.submit_button.text() == "Log in"
    _log_in(qtbot, login.form, "admin", ADMIN_PASSWORD)
    window = controller.main_window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert i18n.current_language() == "zh_CN"
    assert window.nav_buttons[TODAY].text() == "今日(&T)"
    assert window.lock_button.text() == "锁定 (Ctrl+L)"
    assert window.user_label.text() == "Ada Admin (admin) · 管理员"
    assert "今日" in _labels(window)  # Today was built after the translator was installed

    qtbot.mouseClick(window.lock_button, Qt.MouseButton.LeftButton)
    assert window.cover.title_label.text() == "Bedside 已锁定"
    _log_in(qtbot, window.cover.form, "nina", PASSWORDS[Role.NURSE])
    qtbot.waitUntil(lambda: window.session.actor.name == "nina")
    assert i18n.current_language() == "en"
    assert window.nav_buttons[TODAY].text() == "&Today"
    assert window.lock_button.text() == "Lock (Ctrl+L)"
    assert window.user_label.text() == "Nina Nurse (nina) · nurse"
    assert "Today" in _labels(window)  # Nina's Today is hers, in English


def test_a_forced_password_change_is_in_the_persons_language_and_logging_out_turns_back(
    qtbot: QtBot, opened: OpenStore
) -> None:
    settings.set_language(opened.store, opened.admin, "zh_CN")
    add_user(opened.store, opened.admin, "nina", Role.NURSE, "temporary-1", "Nina Nurse")
    opened.store.close()
    controller = AppController(opened.data_dir, language="en")
    login = controller.start()
    qtbot.addWidget(login)
    assert isinstance(login, LoginWindow)
    _log_in(qtbot, login.form, "nina", "temporary-1")
    dialog = login.findChild(ChangePasswordDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.ok_button.text() == "修改密码"
    assert dialog.cancel_button.text() == "退出登录"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert i18n.current_language() == "en"
    qtbot.waitUntil(lambda: login.form.submit_button.text() == "Log in")
    assert controller.main_window is None
    assert login.store is not None
    login.store.close()


def test_my_language_in_the_toolbar_turns_the_screens_at_once_and_keeps_what_was_typed(
    qtbot: QtBot, opened: OpenStore
) -> None:
    from app.ui.session import SessionController
    from tests.ui.test_idle_lock import FakeParts, FormPage, ready_nurse

    nurse = ready_nurse(opened)
    window = MainWindow(SessionController(opened.store, nurse), parts=FakeParts(),
                        idle_timeout_ms=600_000)  # fmt: skip
    qtbot.addWidget(window)
    window.show()
    assert window.language_combo.currentText() == "English"
    assert window.language_combo.accessibleName() == "My language"
    window.open_participant("p-1")
    page = window.current_page()
    assert isinstance(page, FormPage)
    qtbot.keyClicks(page.spo2_edit, "91")
    window.language_combo.setFocus()
    qtbot.keyClick(window.language_combo, Qt.Key.Key_Down)  # the keyboard chooses 简体中文
    assert settings.get_person_language(opened.store, "nurse") == "zh_CN"
    assert settings.get_language(opened.store) == "en"  # the device's is unchanged
    assert i18n.current_language() == "zh_CN"
    assert window.nav_buttons[TODAY].text() == "今日(&T)"
    assert window.language_combo.accessibleName() == "我的语言"
    again = window.current_page()
    assert isinstance(again, FormPage) and again is not page  # rebuilt in the new language
    assert window.participant_id == "p-1" and again.spo2_edit.text() == "91"
