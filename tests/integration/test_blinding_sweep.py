"""The blinding sweep: a participant randomised to each arm, seen as a nurse.

Nothing a blinded person can reach holds an arm or a field that differs between arms:
the store opened with the nurse's own key (a raw SQLCipher connection, every table and
value), the hub's blinded ODM and CSV files, the log, the nurse's command-line output
and printouts, the refusals they get. And the two participants' blinded outputs are the
same once ids, codes and times are masked: nothing tells the arms apart.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.hub.odm import ODM_NS
from app.roles import Role
from app.store.engine import connect_raw
from app.store.keyslots import KeySlots, normalise_password
from app.store.paths import StorePaths
from tests.conftest import PASSWORDS, CliResult, run_cli
from tests.integration.blinding_sweep_env import (
    Subject,
    Sweep,
    build,
    hits,
    masked,
    text_hits,
    text_needles,
)
from tests.reports_helper import pdf_text

N = {"odm": ODM_NS}


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Sweep:
    return build(tmp_path_factory.mktemp("blinding-sweep"))


def _as(sweep: Sweep, role: Role, *args: str) -> CliResult:
    return run_cli(*args, data_dir=sweep.store_dir, user=role.value, password=PASSWORDS[role])


def _nurse(sweep: Sweep, *args: str) -> CliResult:
    done = _as(sweep, Role.NURSE, *args)
    assert done.returncode == 0, done.stderr
    return done


def _same_once_masked(sweep: Sweep, texts: list[str]) -> None:
    active, placebo = (masked(t, s) for t, s in zip(texts, sweep.subjects, strict=True))
    assert active == placebo


def _flat(text: str) -> str:
    """PDF text without line breaks, blanks or hyphens (pdftotext joins a word hyphenated
    at a line end, so where an id wraps would otherwise tell two printouts apart)."""
    return "".join(ch for ch in text if not ch.isspace() and ch != "-")


def _same_printouts(sweep: Sweep, texts: list[str]) -> None:
    """Alike once masked and flattened; a time cut by a line end is a run of digits then,
    so runs of digits count as one mark (words, and where they stand, must still match)."""
    flat = [
        re.sub(
            r"\d+",
            "#",
            masked(
                _flat(masked(t, s)),
                replace(s, **{k: _flat(getattr(s, k)) for k in ("study_id", "screening_number")}),
            ),
        )
        for t, s in zip(texts, sweep.subjects, strict=True)
    ]
    assert flat[0] == flat[1]


# -- the store, read with the nurse's key --------------------------------------------


def _nurse_haystack(sweep: Sweep) -> bytes:
    """Every value of every table, read through a raw connection keyed as the nurse."""
    paths = StorePaths(sweep.store_dir)
    slots = KeySlots.load(paths.slots)
    deks, _private = slots.open_slot("user", "nurse", normalise_password(PASSWORDS[Role.NURSE]))
    conn = connect_raw(paths.db, deks[slots.generation])
    parts: list[bytes] = []
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        assert {"allocation_slots", "preparations", "code_breaks", "blinding_grants"} <= set(tables)
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):  # the store's own names
                for value in row:
                    if isinstance(value, bytes):
                        parts.append(value)
                    elif value is not None:
                        parts.append(str(value).encode("utf-8"))
    finally:
        conn.close()
    return b"\n".join(parts)


def test_the_nurse_s_key_opens_no_arm_anywhere_in_the_store(sweep: Sweep) -> None:
    haystack = _nurse_haystack(sweep)
    # The sealed columns are there, as ciphertext; what the pharmacist opens from them
    # is what this search would find if it were written in clear (a positive control).
    assert haystack.count(b"bk1.") >= 4
    needles = [n.encode("utf-8") for n in text_needles()]
    for plain in sweep.sealed_plaintexts:
        assert hits(plain.encode("utf-8"), needles), plain
    assert hits(haystack, needles) == []


def test_the_nurse_s_key_opens_no_blinding_key(sweep: Sweep) -> None:
    haystack = _nurse_haystack(sweep)
    assert sweep.blinding_keys and all(len(k) == 32 for k in sweep.blinding_keys)
    assert hits(haystack, sweep.blinding_keys) == []
    assert hits(b"grant " + sweep.blinding_keys[0].hex().encode(), sweep.blinding_keys)


# -- the hub's blinded exports ---------------------------------------------------------


def test_the_blinded_odm_holds_no_arm_and_both_subjects_read_alike(sweep: Sweep) -> None:
    text = sweep.odm.read_text("utf-8")
    assert text_hits(text) == []
    root = ET.parse(sweep.odm).getroot()  # noqa: S314 - our own export
    subjects = []
    for subject in sweep.subjects:
        found = root.find(f".//odm:SubjectData[@SubjectKey='{subject.study_id}']", N)
        assert found is not None
        found.tail = None
        subjects.append(ET.tostring(found, encoding="unicode"))
    assert "F.DM" in subjects[0]
    _same_once_masked(sweep, subjects)


def _csv_rows(sweep: Sweep, subject: Subject) -> str:
    """Every CSV row about ``subject``, file by file, in file order."""
    lines = []
    for path in sorted(sweep.csv.glob("*.csv")):
        for line in path.read_text("utf-8").splitlines()[1:]:
            if subject.study_id in line or subject.pid in line:
                lines.append(f"{path.name}: {line}")
    return "\n".join(lines)


def test_the_blinded_csv_holds_no_arm_and_both_subjects_read_alike(sweep: Sweep) -> None:
    for path in sweep.csv.glob("*.csv"):
        assert text_hits(path.read_text("utf-8")) == [], path.name
    rows = [_csv_rows(sweep, s) for s in sweep.subjects]
    assert "participants.csv" in rows[0]
    _same_once_masked(sweep, rows)


# -- the nurse's command line, printouts and refusals ------------------------------------


def _entry(items: list[dict[str, Any]], subject: Subject) -> str:
    mine = [i for i in items if subject.pid in json.dumps(i) or subject.study_id in json.dumps(i)]
    assert mine, subject.study_id
    return json.dumps(mine, sort_keys=True, ensure_ascii=False)


def test_the_nurse_s_participant_list_holds_no_arm(sweep: Sweep) -> None:
    done = _nurse(sweep, "participant", "list", "--json")
    assert text_hits(done.stdout) == []
    items = json.loads(done.stdout)
    assert all("arm" not in item for item in items)
    _same_once_masked(sweep, [_entry(items, s) for s in sweep.subjects])


def test_the_nurse_s_adverse_event_list_holds_no_arm(sweep: Sweep) -> None:
    done = _nurse(sweep, "ae", "list", "--json")
    assert text_hits(done.stdout) == []
    items = json.loads(done.stdout)
    _same_once_masked(sweep, [_entry(items, s) for s in sweep.subjects])


def test_the_nurse_s_preparation_list_reads_alike_for_both_arms(sweep: Sweep) -> None:
    shown = []
    for subject in sweep.subjects:
        done = _nurse(sweep, "prepare", "list", subject.study_id, "--json")
        assert text_hits(done.stdout) == []
        shown.append(done.stdout)
    assert "released" in shown[0]
    _same_once_masked(sweep, shown)


@pytest.mark.parametrize("printout", ["worksheet", "casebook"])
def test_the_nurse_s_printouts_hold_no_arm(sweep: Sweep, tmp_path: Path, printout: str) -> None:
    texts = []
    for subject in sweep.subjects:
        out = tmp_path / f"{printout}-{subject.arm}.pdf"
        extra = ["--audit"] if printout == "casebook" else []
        _nurse(sweep, printout, subject.study_id, "--out", str(out), *extra)
        texts.append(pdf_text(out))
    for text in texts:
        assert text_hits(text) == []
        assert "Study product" in text or "study product" in text
    _same_printouts(sweep, texts)


def test_the_nurse_s_refusals_hold_no_arm(sweep: Sweep) -> None:
    for subject in sweep.subjects:
        for args in (
            ("unblind", subject.study_id, "--reason", "curious"),
            ("randomise", subject.study_id),
            ("allocation", "import", str(sweep.root / "part.age")),
        ):
            done = _as(sweep, Role.NURSE, *args)
            assert done.returncode != 0 and len(done.stderr.strip().splitlines()) == 1
            assert text_hits(done.stderr) == [], done.stderr


def test_the_log_holds_no_arm_even_after_the_pharmacist_s_commands(sweep: Sweep) -> None:
    done = _as(sweep, Role.PHARMACIST, "participant", "list", "--json")
    assert done.returncode == 0, done.stderr
    arms = {item.get("arm") for item in json.loads(done.stdout)}
    assert {"A", "B"} <= arms  # the pharmacist sees them; the log must not keep them
    _nurse(sweep, "participant", "list")
    log = (sweep.store_dir / "bedside.log").read_text("utf-8")
    assert "participant" in log or "refused" in log
    assert text_hits(log) == []
