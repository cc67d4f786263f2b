"""Saving the screening, eligibility and oxygenation forms on a store with 500 participants.

    .venv/bin/python bench/bench_forms.py [--participants 500] [--rounds 60]

Builds a real (encrypted, audited) store in a temporary folder through the services
themselves: every participant screened, with one blood gas each, so the audit chain
and the tables are the size a busy site reaches. Then, in this process:

* ``service.*``: one save through the service (``screen_patient``,
  ``record_oxygenation``, ``save_assessment``, ``enrol``), i.e. one unit of work;
* ``widget.*``: the form's whole Save path, offscreen: ``submit()`` = the pure checks,
  the service's save and the form showing the saved record (``after_save``);
* ``sign_eligibility`` (for information, no target): it re-asks the password through
  Argon2id, which is slow on purpose.

Prints JSON: p50 and p95 in ms (wall clock) for each, against the target p95 ≤ 25 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication

from app.protocol import load_default
from app.roles import Role
from app.services.eligibility import (
    EligibilityEntry,
    save_assessment,
    sign_assessment,
)
from app.services.oxygenation import OxygenationEntry, record_oxygenation
from app.services.screening import (
    ScreeningEntry,
    enrol,
    screen_patient,
    set_study_id_range,
)
from app.services.users import add_user
from app.store.store import Store
from app.ui.app_style import apply_style
from app.ui.forms.eligibility_wizard import EligibilityWizard
from app.ui.forms.oxygenation_form import OxygenationForm
from app.ui.forms.screening_form import ScreeningForm

TARGET_P95_MS = 25.0
PASSWORDS = {Role.NURSE: "bench-nurse-1", Role.INVESTIGATOR: "bench-investigator-1"}
PROTOCOL = load_default()
TODAY = date.today()
SCREENING = ScreeningEntry(initials="LW", sex="F", date_of_birth=date(1961, 3, 14),
                           weight_kg="58.5", height_cm="162",
                           admission_date=TODAY - timedelta(days=2))  # fmt: skip
ANSWERS = {"IN05": True, "IN06": True, "EX01": False, "EX02": False, "EX03": False,
           "EX04": False}  # fmt: skip


OXYGENATION_VALUES = (
    ("measured_at", TODAY.isoformat()), ("o2_device", "high_flow_nasal_cannula"),
    ("o2_flow_l_min", "40"), ("spo2_percent", "92"), ("at_rest", "yes"), ("pao2_entered", "8"),
    ("fio2_mode", "set"), ("fio2_entered", "0.40"),
)  # fmt: skip
WIZARD_VALUES = (
    ("rt_pcr_date", TODAY.isoformat()), ("rt_pcr_positive", "yes"),
    ("ct_date", TODAY.isoformat()), ("ct_characteristic", "yes"),
    ("respiratory_rate_per_min", "24"), ("spo2_at_rest_percent", "95"),
    *((c, "no" if c.startswith("EX") else "yes") for c in ANSWERS),
)  # fmt: skip


def blood_gas(at: datetime) -> OxygenationEntry:
    return OxygenationEntry(measured_at=at, o2_device="high_flow_nasal_cannula",
                            o2_flow_l_min="40", spo2_percent="92", at_rest=True,
                            pao2_entered="8", pao2_unit="kPa", fio2_mode="set",
                            fio2_entered="0.40", fio2_at=at + timedelta(minutes=5))  # fmt: skip


def eligible(gas_id: str | None) -> EligibilityEntry:
    return EligibilityEntry(assessed_on=TODAY, date_of_birth=date(1961, 3, 14),
                            rt_pcr_date=TODAY, rt_pcr_positive=True, ct_date=TODAY,
                            ct_characteristic=True, respiratory_rate_per_min="24",
                            spo2_at_rest_percent="95", oxygenation_id=gas_id,
                            answers=ANSWERS)  # fmt: skip


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(samples),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(ordered[-1], 2),
    }


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def build(folder: Path, participants: int) -> tuple[Store, Any, Any, list[tuple[str, str]]]:
    store, admin, _ = Store.create(folder, site="WH01", device="BENCH", admin_name="admin",
                                   admin_password="bench-admin-1")  # fmt: skip
    for role, password in PASSWORDS.items():
        add_user(store, admin, role.value, role, password, f"Bench {role.value.title()}")
    set_study_id_range(store, admin, "WH01-", 1, 999_999)
    nurse = store.unlock(Role.NURSE.value, PASSWORDS[Role.NURSE])
    investigator = store.unlock(Role.INVESTIGATOR.value, PASSWORDS[Role.INVESTIGATOR])
    at = datetime.now().astimezone().replace(second=0, microsecond=0) - timedelta(hours=3)
    made = []
    for _ in range(participants):
        pid = screen_patient(store, nurse, PROTOCOL, SCREENING).id
        made.append((pid, record_oxygenation(store, nurse, PROTOCOL, pid, blood_gas(at))))
    return store, nurse, investigator, made


def measure_services(store: Store, nurse: Any, investigator: Any, rounds: int) -> dict[str, Any]:
    at = datetime.now().astimezone().replace(second=0, microsecond=0) - timedelta(hours=1)
    names = ("screen_patient", "record_oxygenation", "save_assessment", "enrol")
    samples: dict[str, list[float]] = {k: [] for k in (*names, "sign_eligibility")}
    password = PASSWORDS[Role.INVESTIGATOR]
    for _ in range(rounds):
        ms, made = timed(partial(screen_patient, store, nurse, PROTOCOL, SCREENING))
        samples["screen_patient"].append(ms)
        pid = made.id
        ms, gas = timed(partial(record_oxygenation, store, nurse, PROTOCOL, pid, blood_gas(at)))
        samples["record_oxygenation"].append(ms)
        ms, saved = timed(partial(save_assessment, store, nurse, PROTOCOL, pid, eligible(gas)))
        samples["save_assessment"].append(ms)
        sign = partial(sign_assessment, store, investigator, password, saved.id, PROTOCOL)
        ms, _ = timed(sign)
        samples["sign_eligibility"].append(ms)
        ms, _ = timed(partial(enrol, store, nurse, pid))
        samples["enrol"].append(ms)
    return {name: summary(values) for name, values in samples.items()}


def measure_widgets(store: Store, nurse: Any, rounds: int) -> dict[str, Any]:
    samples: dict[str, list[float]] = {"screening": [], "oxygenation": [], "eligibility": []}
    screening = ScreeningForm(store, nurse, PROTOCOL)
    screening.resize(1000, 860)
    screening.show()
    for _ in range(rounds):
        screening.new_patient()
        for name, value in (("initials", "LW"), ("sex", "F"), ("date_of_birth", "1961-03-14"),
                            ("weight_kg", "58.5"), ("height_cm", "162"),
                            ("admission_date", TODAY.isoformat())):  # fmt: skip
            screening.set_value(name, value)
        ms, _ = timed(screening.submit)
        assert screening.record is not None, screening.save_error.text()
        samples["screening"].append(ms)
        pid = screening.record.id

        oxygenation = OxygenationForm(store, nurse, PROTOCOL, pid)
        oxygenation.show()
        clock = (datetime.now() - timedelta(minutes=30)).strftime("%H:%M")
        oxygenation.measured_time.setText(clock)
        oxygenation.pao2_unit.set_value("kPa")
        for name, value in (*OXYGENATION_VALUES, ("fio2_at", clock)):
            oxygenation.set_value(name, value)
        ms, _ = timed(oxygenation.submit)
        assert oxygenation.record_id is not None, oxygenation.save_error.text()
        samples["oxygenation"].append(ms)

        wizard = EligibilityWizard(store, nurse, PROTOCOL, pid, language="en")
        wizard.show()
        for name, value in (*WIZARD_VALUES, ("oxygenation_id", oxygenation.record_id)):
            wizard.set_value(name, value)
        wizard.steps.setCurrentIndex(wizard.steps.count() - 1)
        ms, _ = timed(wizard.submit)
        assert wizard.record_id is not None, wizard.save_error.text()
        samples["eligibility"].append(ms)
        for widget in (oxygenation, wizard):
            widget.close()
            widget.deleteLater()
        QApplication.processEvents()
    screening.close()
    return {name: summary(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_style(app)
    with tempfile.TemporaryDirectory(prefix="bench-forms-") as tmp:
        started = time.perf_counter()
        store, nurse, investigator, _ = build(Path(tmp) / "store", args.participants)
        built_s = time.perf_counter() - started
        try:
            services = measure_services(store, nurse, investigator, args.rounds)
            widgets = measure_widgets(store, nurse, args.rounds)
        finally:
            store.close()
    timed_ones = [v for k, v in services.items() if k != "sign_eligibility"]
    timed_ones += list(widgets.values())
    result = {
        "participants": args.participants,
        "rounds": args.rounds,
        "build_s": round(built_s, 1),
        "target_p95_ms": TARGET_P95_MS,
        "service": services,
        "widget": widgets,
        "all_within_target": all(v["p95_ms"] <= TARGET_P95_MS for v in timed_ones),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
