"""The Argon2id cost of key slots: Bedside's own as shipped, and the suite's cheaper floor."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.store import keyslots
from app.store.keyslots import KdfParams

ROOT = Path(__file__).resolve().parents[2]

MAKE_A_STORE = """
import json, sys
from pathlib import Path
from app.store.store import Store
store, admin, recovery = Store.create(
    Path(sys.argv[1]), site="WH01", device="WARD_LAPTOP_1", admin_name="admin",
    admin_password="admin pass 1", admin_full_name="Ada Admin",
)
store.close()
"""


def _slots(data_dir: Path) -> list[dict[str, object]]:
    data = json.loads((data_dir / "keyslots.json").read_text("utf-8"))
    return [slot["kdf"] for slot in data["slots"]]


def test_a_store_made_outside_the_suite_uses_64_mib_and_three_passes(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BEDSIDE_")}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [sys.executable, "-c", MAKE_A_STORE, str(tmp_path / "store")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    kdfs = _slots(tmp_path / "store")
    assert len(kdfs) == 2  # the admin's slot and the recovery slot
    for kdf in kdfs:
        assert (kdf["memory_kib"], kdf["iterations"], kdf["lanes"]) == (65536, 3, 1)


def test_the_suites_slots_cost_owasps_floor_and_no_less(tmp_path: Path) -> None:
    params = KdfParams.fresh()
    assert (params.memory_kib, params.iterations) == (19456, 2)
    assert (keyslots.OWASP_MEMORY_KIB, keyslots.OWASP_ITERATIONS) == (19456, 2)
    saved = keyslots.ARGON2_ITERATIONS
    keyslots.ARGON2_ITERATIONS = 1
    try:
        with pytest.raises(RuntimeError, match="below OWASP's floor"):
            KdfParams.fresh()
    finally:
        keyslots.ARGON2_ITERATIONS = saved
