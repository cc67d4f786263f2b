"""bedside ae list: every AE the acting person may see, with its reporting deadline, and
never an arm."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from app.clinical.adverse_events import AeEntry
from app.models import Participant
from app.protocol import load_default
from app.roles import Role
from app.services.adverse_events import mark_reported, record_ae
from tests.conftest import PASSWORDS, OpenStore, run_cli

PROTOCOL = load_default()
NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def store_with_aes(opened: OpenStore) -> OpenStore:
    nurse = opened.actor(Role.NURSE)
    for role in (Role.MONITOR, Role.PHARMACIST):
        opened.actor(role)
    with opened.store.transaction(nurse) as session:
        p = Participant(screening_number="S-1", study_id="P-001", initials="AB", sex="F",
                        status="infused", kit_code="K7Q2MX", day0_on=date.today(),
                        created_at=NOW - timedelta(days=3))  # fmt: skip
        session.add(p)
    aware = NOW - timedelta(hours=30)
    serious = AeEntry("hypoxia", "", aware, grade=3, seriousness=frozenset({"hospitalisation"}),
                      aware_at=aware, outcome="recovering")  # fmt: skip
    record_ae(opened.store, nurse, PROTOCOL, p.id, serious, now=NOW)
    reported = AeEntry("fever", "", NOW - timedelta(hours=5), grade=2, outcome="recovering",
                       seriousness=frozenset({"medically_important"}),
                       aware_at=NOW - timedelta(hours=4))  # fmt: skip
    rid = record_ae(opened.store, nurse, PROTOCOL, p.id, reported, now=NOW)
    mark_reported(opened.store, nurse, rid, NOW - timedelta(hours=1), "email", now=NOW)
    mild = AeEntry(None, "Injection-site bruise", NOW - timedelta(hours=2), grade=1,
                   outcome="recovering")  # fmt: skip
    record_ae(opened.store, nurse, PROTOCOL, p.id, mild, now=NOW)
    opened.store.close()
    return opened


def _list(opened: OpenStore, role: Role, *args: str) -> str:
    done = run_cli("ae", "list", *args, data_dir=opened.data_dir, user=role.value,
                   password=PASSWORDS[role])  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("role", [Role.NURSE, Role.MONITOR, Role.PHARMACIST])
def test_ae_list_json_gives_term_grade_seriousness_status_and_deadline_without_an_arm(
    store_with_aes: OpenStore, role: Role
) -> None:
    items = json.loads(_list(store_with_aes, role, "--json"))
    by_term = {i["term"]: i for i in items}
    assert set(by_term) == {"Hypoxia", "Fever", "Injection-site bruise"}
    late = by_term["Hypoxia"]
    assert (late["grade"], late["serious"], late["clock"]) == (3, True, "overdue")
    assert late["seriousness"] == ["hospitalisation"]
    assert late["kit_code"] == "K7Q2MX" and late["study_id"] == "P-001"
    assert late["reporting_deadline"].startswith(
        (NOW - timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M")
    )
    assert late["status"] == "entered" and late["causality_product"] is None
    assert by_term["Fever"]["clock"] == "reported" and by_term["Fever"]["reported_at"]
    free = by_term["Injection-site bruise"]
    assert (free["term_code"], free["serious"], free["reporting_deadline"]) == (None, False, None)
    for item in items:
        assert not any("arm" in key for key in item)


def test_ae_list_prints_a_table_with_the_clock(store_with_aes: OpenStore) -> None:
    out = _list(store_with_aes, Role.NURSE)
    assert "Hypoxia — Overdue by 6 h" in out
    assert out.rstrip().endswith("3 adverse events.")
    assert "placebo" not in out.casefold()
