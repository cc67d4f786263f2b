"""``kill -9`` of a writer at random moments: the store always reopens intact.

Every commit the child reported (it prints after ``commit()`` returns) must be
there afterwards, both integrity checks must pass and the audit chain must
verify. ``BEDSIDE_KILL_ROUNDS`` sets the number of kills (100 by default, as CI
runs it).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from app.roles import Role
from app.store.audit import CHAIN_FIELDS, check_rows
from app.store.engine import connect_raw
from tests.conftest import ROOT, OpenStore, kill_and_read, whole_lines

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime
    from pathlib import Path

    from app.models import Participant, VitalSigns
    from app.store.store import Store
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from app.store.uow import Actor
    from app.roles import Role

    folder, generation, dek_hex, prefix, key_hex = sys.argv[1:6]
    store = Store.open(Path(folder))
    store._open_with({int(generation): bytes.fromhex(dek_hex)})
    # The nurse's own key, opened once by the test: every commit is sealed as hers.
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(key_hex))
    actor = Actor("writer", "nurse", "Writer Nurse", Role.NURSE, key)
    i = 0
    while True:
        number = f"{prefix}-{i:05d}"
        with store.transaction(actor) as session:
            p = Participant(screening_number=number, initials="KL", sex="M",
                            weight_kg=70.0 + i % 7, created_at=datetime.now(UTC))
            session.add(p)
            session.flush()
            session.add(VitalSigns(participant_id=p.id, visit_code="D1",
                                   measured_at=datetime.now(UTC), spo2_percent=90 + i % 9,
                                   heart_rate_per_min=80, note="x" * (i % 300)))
        print(number, flush=True)
        i += 1
    """
)


def _rounds() -> int:
    return int(os.environ.get("BEDSIDE_KILL_ROUNDS", "100"))


@pytest.mark.slow
def test_kill_9_during_writes_never_loses_a_reported_commit(
    opened: OpenStore, tmp_path: Path
) -> None:
    store = opened.store
    nurse = opened.actor(Role.NURSE)
    assert nurse.signing_key is not None
    key_hex = nurse.signing_key.private_bytes_raw().hex()
    generation = store.slots.generation
    dek = store.current_deks()[generation]
    store_id = store.store_id
    folder = opened.data_dir
    store.close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    rng = random.Random(20201)
    reported: set[str] = set()
    for round_no in range(_rounds()):
        child = subprocess.Popen(
            [
                sys.executable,
                str(script),
                str(folder),
                str(generation),
                dek.hex(),
                f"R{round_no}",
                key_hex,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert child.stdout is not None
        first = child.stdout.readline().strip()
        assert first, child.stderr.read() if child.stderr else "writer died"
        reported.add(first)
        time.sleep(rng.uniform(0.0, 0.25))
        out, _err = kill_and_read(child)
        reported.update(line.strip() for line in whole_lines(out) if line.strip())

        conn = connect_raw(folder / "bedside.db", dek)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
            present = {r[0] for r in conn.execute("SELECT screening_number FROM participants")}
            missing = reported - present
            assert not missing, f"round {round_no}: reported commits lost: {sorted(missing)[:5]}"
            orphans = conn.execute(
                "SELECT count(*) FROM vital_signs v LEFT JOIN participants p "
                "ON p.id = v.participant_id WHERE p.id IS NULL"
            ).fetchone()[0]
            assert orphans == 0
        finally:
            conn.close()

    engine = create_engine(
        "sqlite+pysqlite://", creator=lambda: connect_raw(folder / "bedside.db", dek)
    )
    with engine.connect() as conn:
        cols = ", ".join((*CHAIN_FIELDS, "prev_hash", "row_hash"))
        report = check_rows(
            conn.exec_driver_sql(f"SELECT {cols} FROM audit_log ORDER BY seq"), store_id
        )
    engine.dispose()
    assert report.ok, report.sentence()
    assert len(reported) >= _rounds()
