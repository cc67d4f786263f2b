"""How the sync costs grow: export and hub import at one size and at ten times it.

    .venv/bin/python -m bench.bench_scale [--changes 100000] [--devices 10] [--postgres]

Each of ``--devices`` devices fills its own store with ``--changes`` changes (audit rows)
and exports them in bundles of at most 100,000 changes; the hub imports every bundle of
every device. The same is measured first for one device (1×), then for all of them
(``--devices``×), and the JSON gives the cost per change at each size and their ratio:
about 1 means the cost grows linearly with the data, well above 1 superlinearly. The
participants list and the participant screen at 10× are measured by
``bench/bench_participants.py --participants 100000`` and
``bench/bench_participant_open.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.hub.admin import register_device  # noqa: E402
from app.hub.importer import import_folder  # noqa: E402
from app.hub.store import Hub  # noqa: E402
from app.roles import Role  # noqa: E402
from app.services.users import add_user, public_key_text  # noqa: E402
from app.store.store import Store  # noqa: E402
from app.sync.device import device_public_key, export_bundle, set_hub  # noqa: E402
from bench.bench_sync import PASSWORD, fill  # noqa: E402

BUNDLE_CHANGES = 100_000


def device(
    work: Path, name: str, changes: int, keys: Any, share: Path
) -> tuple[str, str, float, int]:
    """A device with ``changes`` changes exported to ``share``: its keys, export time, rows."""
    store, admin, _ = Store.create(work / name, site="BENCH", device=name, admin_name="admin",
                                   admin_password=PASSWORD)  # fmt: skip
    add_user(store, admin, "nurse", Role.NURSE, PASSWORD)
    set_hub(store, admin, keys.age_recipient, keys.minisign_public_key)
    admin_key = public_key_text(store, admin)
    nurse = store.unlock("nurse", PASSWORD)
    public = device_public_key(store, nurse).splitlines()[1]
    export_s, rows, written = 0.0, 0, 0
    while written < changes:
        written = fill(store, nurse, min(changes, written + BUNDLE_CHANGES))
        start = time.process_time()
        done = export_bundle(store, nurse, share)
        export_s += time.process_time() - start
        rows += done.audit_rows if done is not None else 0
    store.close()
    return public, admin_key, export_s, rows


def run(work: Path, devices: int, changes: int, url: str | None) -> dict[str, Any]:
    hub, _ = Hub.init(work / "hub-keys", None, "dm", PASSWORD, "NCT04339660")
    keys, identity = hub.keys(), hub.identity()
    hub.close()
    share = work / "share"
    share.mkdir()
    made = [device(work, f"D{n:02d}", changes, keys, share) for n in range(devices)]
    hub, _ = Hub.init(work / "hub", url, "dm", PASSWORD, "NCT04339660", identity)
    for n, (public, admin_key, _s, _r) in enumerate(made):
        register_device(hub, f"D{n:02d}", public, admin_key=admin_key)
    start_cpu, start = time.process_time(), time.perf_counter()
    outcomes = import_folder(hub, share)
    import_cpu, import_s = time.process_time() - start_cpu, time.perf_counter() - start
    hub.close()
    assert all(o.status == "applied" for o in outcomes), outcomes
    rows = sum(r for *_x, r in made)
    export_cpu = sum(s for _p, _k, s, _r in made)
    return {
        "devices": devices,
        "changes": rows,
        "bundles": len(outcomes),
        "export_cpu_us_per_change": round(export_cpu / rows * 1e6, 2),
        "import_cpu_us_per_change": round(import_cpu / rows * 1e6, 2),
        "import_changes_per_s": round(rows / import_s),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=100_000, help="per device")
    parser.add_argument("--devices", type=int, default=10)
    parser.add_argument("--postgres", action="store_true", help="the hub on PostgreSQL")
    args = parser.parse_args()
    servers = None
    url: str | None = None
    if args.postgres:
        from tests.pg import start_server

        servers = start_server()
        server = next(servers)
    result: dict[str, Any] = {"hub": "postgresql" if args.postgres else "sqlite"}
    try:
        for label, devices in (("1x", 1), (f"{args.devices}x", args.devices)):
            if servers is not None:
                url = server.new_database()
            with tempfile.TemporaryDirectory() as tmp:
                result[label] = run(Path(tmp), devices, args.changes, url)
    finally:
        if servers is not None:
            servers.close()
    small, large = result["1x"], result[f"{args.devices}x"]
    for key in ("export_cpu_us_per_change", "import_cpu_us_per_change"):
        result[f"{key}_growth"] = round(large[key] / small[key], 2)
    result["load_average"] = os.getloadavg()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
