"""Render every main screen offscreen and save it under docs/screenshots/.

    .venv/bin/python tools/screenshots.py [--out docs/screenshots] [--only forms]

The data-entry forms are rendered at 1366×768 (the ward laptop) with the entries a
hurried nurse types by mistake, so their messages show (31-… to 40-…).

Uses a temporary demo store (``app.services.demo.create_demo_store`` when it
exists, else a store with a few people made here), so nothing real is touched.
Look at every PNG after a UI change: clipped text, tiny controls and poor
contrast show up here first. Needs the fonts in tools/system-packages.sh
(DejaVu, Noto CJK) or text renders as boxes.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget, QWizard  # noqa: E402

from app.roles import Role  # noqa: E402
from app.ui.app_style import apply_style, has_cjk_font  # noqa: E402

SIZE = (1280, 800)
WARD_LAPTOP = (1366, 768)
PASSWORDS = {role: f"{role.value}-demo" for role in Role}


def settle() -> None:
    """Let layouts, polish and deferred calls finish before grabbing."""
    for _ in range(5):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def save(widget: QWidget, out: Path, name: str) -> Path:
    settle()
    path = out / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise SystemExit(f"screenshots: could not write {path}")
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return path


def make_store(data_dir: Path) -> None:
    if importlib.util.find_spec("app.services.demo") is not None:
        from app.services.demo import create_demo_store

        create_demo_store(data_dir)
        return
    from app.services.users import add_user, change_password
    from app.store.store import Store

    store, admin, _key = Store.create(
        data_dir,
        site="Demo",
        device="DEMO_LAPTOP",
        admin_name="admin",
        admin_password=PASSWORDS[Role.ADMIN],
        admin_full_name="Ada Admin",
    )
    with store:
        for role, full in ((Role.NURSE, "Nina Nurse"), (Role.INVESTIGATOR, "Ivan Investigator")):
            add_user(store, admin, role.value, role, "temporary-1", full)
            change_password(store, store.unlock(role.value, "temporary-1"), "temporary-1",
                            PASSWORDS[role])  # fmt: skip


def wizard_pages(out: Path, tmp: Path) -> None:
    from app.ui.setup_wizard import SetupWizard

    wizard = SetupWizard(tmp / "new-store")
    wizard.resize(*SIZE)
    wizard.show()
    wizard.site_page.site_edit.setText("WH01")
    wizard.site_page.device_edit.setText("WARD4_LAPTOP_2")
    save(wizard, out, "01-setup-site")
    wizard.next()
    page = wizard.admin_page
    page.name_edit.setText("li.na")
    page.full_name_edit.setText("Li Na")
    page.password_edit.setText("green kettle 42")
    page.again_edit.setText("green kettle 24")
    wizard.button(QWizard.WizardButton.CommitButton).click()  # refused: not the same
    save(wizard, out, "02-setup-admin-error")
    page.again_edit.setText("green kettle 42")
    page.password_edit.setText("green kettle 42")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    save(wizard, out, "03-setup-recovery-key")
    pdf = tmp / "recovery-key.pdf"
    wizard.recovery_page.write_pdf(pdf)
    wizard.recovery_page.confirm_box.setChecked(True)
    save(wizard, out, "04-setup-recovery-key-saved")
    wizard.accept()
    if wizard.store is not None:
        wizard.store.close()
    wizard.deleteLater()
    render_pdf(pdf, out / "05-recovery-key-pdf")


def render_pdf(pdf: Path, stem: Path) -> None:
    """The printed recovery key as a PNG, when poppler's pdftoppm is installed."""
    import shutil
    import subprocess

    tool = shutil.which("pdftoppm")
    if tool is None:
        print("screenshots: pdftoppm missing; the recovery key PDF was not rendered")
        return
    subprocess.run([tool, "-r", "70", "-png", "-singlefile", str(pdf), str(stem)], check=True)
    print(f"{stem.relative_to(ROOT)}.png")


def login_screens(out: Path, data_dir: Path) -> None:
    from app.ui.login import LoginWindow

    window = LoginWindow(data_dir)
    window.resize(*SIZE)
    window.show()
    save(window, out, "06-login")
    window.form.name_edit.setText("nurse")
    window.form.password_edit.setText("not-my-password")
    window.form.submit()
    window.form.password_edit.setText("Secret")
    window.form.caps_label.show()
    save(window, out, "07-login-wrong-password")
    assert window.store is not None
    window.store.throttle.record_success("nurse")
    window.store.close()
    window.deleteLater()
    settle()


def main_screens(out: Path, data_dir: Path) -> None:
    from app.store.store import Store
    from app.ui.main_window import MainWindow
    from app.ui.session import SessionController

    store = Store.open(data_dir)
    actor = store.unlock("admin", PASSWORDS[Role.ADMIN])
    window = MainWindow(SessionController(store, actor), idle_timeout_ms=3_600_000)
    window.resize(*SIZE)
    window.show()
    save(window, out, "08-main-today")
    window.show_section("participants")
    save(window, out, "09-main-participants")
    participant = first_participant(store)
    if participant is not None:
        window.open_participant(participant)
        save(window, out, "10-main-participant")
    window.barcode_edit.setText("K-9999")
    window.barcode_edit.returnPressed.emit()
    save(window, out, "11-main-barcode-no-match")
    window.message_frame.hide()
    window.barcode_edit.clear()
    window.show_section("safety")
    save(window, out, "12-main-safety")
    window.show_section("admin")
    page = window.current_page()
    save(window, out, "13-admin-people")
    tabs = getattr(page, "tabs", None)
    if tabs is not None:
        tabs.setCurrentIndex(1)
        save(window, out, "14-admin-settings")
        tabs.setCurrentIndex(2)
        save(window, out, "15-admin-device")
        tabs.setCurrentIndex(0)
    window.show_section("today")
    window.lock()
    save(window, out, "16-lock-cover")
    window.cover.form.name_edit.setText("nurse")
    window.cover.form.password_edit.setText(PASSWORDS[Role.NURSE])
    window.cover.form.submit()
    save(window, out, "17-nurse-after-unlock")
    password_dialog(out, window)
    window.close()
    settle()


def password_dialog(out: Path, window: QWidget) -> None:
    from app.ui.login import ChangePasswordDialog

    session = window.session  # type: ignore[attr-defined]
    dialog = ChangePasswordDialog(session.store, session.actor, forced=True, parent=window)
    dialog.show()
    dialog.current_edit.setText("x")
    dialog.new_edit.setText("short")
    dialog.again_edit.setText("short")
    dialog.ok_button.click()
    save(dialog, out, "18-change-password-forced")
    dialog.reject()


# Form name -> (screenshot, {field or part name: text typed}, choices to click).
FORM_ENTRIES: dict[str, tuple[str, dict[str, str]]] = {
    "vitals": ("31-form-vitals-messages", {
        "temperature_c": "38,5", "heart_rate_per_min": "1OO", "respiratory_rate_per_min": "-5",
        "systolic_bp_mmhg": "120", "diastolic_bp_mmhg": "130", "spo2_percent": "9l",
    }),
    "labs": ("27-labs-form", {
        "CRP.value": "<0,5", "IL6.value": "22.0", "IL6.reference_low": "20",
        "IL6.reference_high": "16.6", "TNF_A.value": "7O.5",
    }),
    "imaging": ("32-form-imaging-messages", {
        "imaged_on": "1.3.2026", "lesion_extent_percent": "35,5", "finding": "x" * 1200,
    }),
    "symptoms": ("33-form-symptoms-messages", {
        "fever.onset_on": "31/02/2026", "dry_cough.onset_on": "1.3.2026",
        "dyspnoea.onset_on": "2026-03-04", "dyspnoea.resolved_on": "2026-03-01",
    }),
    "virology": ("34-form-nucleic-acid-messages", {"sampled_on": "2026-13-01"}),
    "who": ("35-form-who-messages", {"assessed_on": "01/03/26"}),
    "disposition": ("29-disposition", {"event_on": "1.3.2026"}),
}  # fmt: skip


def form_screens(out: Path, data_dir: Path) -> None:
    """Every data-entry form at 1366×768, with messages showing (see FORM_ENTRIES)."""
    from app.protocol import load_default
    from app.services.participants import find_by_code
    from app.store.store import Store
    from app.ui.forms.eligibility_wizard import EligibilityWizard
    from app.ui.forms.oxygenation_form import OxygenationForm
    from app.ui.forms.screening_form import ScreeningForm
    from app.ui.forms.visit_forms import form_class

    protocol = load_default()
    store = Store.open(data_dir)
    nurse = store.unlock("nurse", PASSWORDS[Role.NURSE])
    pid = find_by_code(store, "DEMO-002") or first_participant(store) or ""

    def show(form: QWidget, name: str, entries: dict[str, str]) -> None:
        form.resize(*WARD_LAPTOP)
        form.show()
        settle()
        for key, text in entries.items():
            editor = form.findChild(QWidget, key)
            editor.setText(text)  # type: ignore[union-attr]  # as if pasted
        form.submit()  # type: ignore[attr-defined]
        save(form, out, name)
        form.close()
        form.deleteLater()

    screening = ScreeningForm(store, nurse, protocol)
    screening.field("sex").editor.button("F").click()  # type: ignore[attr-defined]
    show(screening, "36-form-screening-messages", {
        "initials": "L😀W", "date_of_birth": "31/02/1950", "weight_kg": "7O.5",
        "height_cm": "-5", "admission_date": "1.3.2026",
    })  # fmt: skip
    oxygenation = OxygenationForm(store, nurse, protocol, pid)
    devices = oxygenation.field("o2_device").editor
    devices.setCurrentIndex(devices.findData("nasal_cannula"))  # type: ignore[attr-defined]
    show(oxygenation, "37-form-oxygenation-messages", {
        "o2_flow_l_min": "-5abc", "spo2_percent": "9l", "pao2_entered": "8,0",
        "fio2_entered": "40",
    })  # fmt: skip
    wizard = EligibilityWizard(store, nurse, protocol, pid)
    severity = next(i for i, t in enumerate(wizard.step_titles) if t == "Severity")
    wizard.steps.setCurrentIndex(severity)
    wizard.resize(*WARD_LAPTOP)
    wizard.show()
    wizard.field("respiratory_rate_per_min").editor.setText("1OO")  # type: ignore[attr-defined]
    wizard.field("spo2_at_rest_percent").editor.setText("9l")  # type: ignore[attr-defined]
    wizard.go_next()
    save(wizard, out, "38-form-eligibility-severity-messages")
    wizard.close()
    for form_name, (shot, entries) in FORM_ENTRIES.items():
        form = form_class(form_name)(store, nurse, protocol, pid, "D7")
        if form_name == "disposition":
            form.field("kind").editor.button("withdrawn").click()  # type: ignore[attr-defined]
        show(form, shot, entries)
    settle()
    store.close()


def first_participant(store: object) -> str | None:
    if importlib.util.find_spec("app.services.participants") is None:
        return "demo-participant"
    from app.services.participants import find_by_code

    for code in ("DEMO-002", "S-006", "S-001"):
        found = find_by_code(store, code)  # type: ignore[arg-type]
        if found:
            return str(found)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", choices=["forms"], help="render only the data-entry forms")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus)
    apply_style(app)
    if not has_cjk_font():
        print("screenshots: no CJK font installed (fonts-noto-cjk): 简体中文 shows as boxes")
    steps: list[Callable[[Path, Path], None]] = [wizard_pages]
    with tempfile.TemporaryDirectory(prefix="bedside-shots-") as tmp_name:
        tmp = Path(tmp_name)
        data_dir = tmp / "demo"
        make_store(data_dir)
        if args.only != "forms":
            for step in steps:
                step(out, tmp)
            login_screens(out, data_dir)
            main_screens(out, data_dir)
        form_screens(out, data_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
