"""Sync benchmarks: export of 100,000 changes, and hub import on SQLite and PostgreSQL.

A change is one audit row (one field of one record): the audit trail is the
device's change log. Prints JSON with changes per second, and the ratio of our
export against encrypting and signing the same payload with the stock ``age``
and ``minisign`` tools in the same run.

Run: ``.venv/bin/python bench/bench_sync.py [--changes 100000] [--no-postgres]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.hub.admin import register_device  # noqa: E402
from app.hub.importer import import_folder  # noqa: E402
from app.hub.store import Hub  # noqa: E402
from app.models import Participant, VitalSigns  # noqa: E402
from app.store.audit import chain_head  # noqa: E402
from app.store.store import Store  # noqa: E402
from app.sync import agecrypt  # noqa: E402
from app.sync.device import device_public_key, export_bundle, set_hub  # noqa: E402

PASSWORD = "benchmark password"


def fill(store: Store, actor: object, changes: int) -> int:
    """Save participants with vital signs until the audit trail holds ``changes`` rows (a
    store filled before goes on from its own head); returns the rows it holds."""
    with store.read() as session:
        written = chain_head(session.connection(), store.store_id)[0]
    while written < changes:
        with store.transaction(actor) as session:  # type: ignore[arg-type]
            p = Participant(
                screening_number=f"S-{written:08d}",
                initials="BB",
                sex="F",
                weight_kg=70.0,
                created_at=datetime.now(UTC),
            )
            session.add(p)
            session.flush()
            for i in range(400):
                session.add(
                    VitalSigns(
                        participant_id=p.id,
                        visit_code="D7",
                        measured_at=datetime.now(UTC),
                        temperature_c=37.1,
                        heart_rate_per_min=80 + i % 20,
                        respiratory_rate_per_min=20,
                        systolic_bp_mmhg=120,
                        diastolic_bp_mmhg=80,
                        spo2_percent=93,
                        o2_device="nasal_cannula",
                        o2_flow_l_min=2.0,
                        fio2_fraction=0.28,
                    )
                )
        with store.read() as session:
            written = chain_head(session.connection(), store.store_id)[0]
    return written


def stock_tools(payload: bytes, recipient: str, work: Path) -> float | None:
    if not (shutil.which("age") and shutil.which("minisign")):
        return None
    plain, sealed = work / "payload.tar", work / "payload.tar.age"
    plain.write_bytes(payload)
    subprocess.run(
        ["minisign", "-G", "-W", "-p", str(work / "k.pub"), "-s", str(work / "k.key"), "-f"],
        check=True,
        capture_output=True,
    )
    start = time.perf_counter()
    subprocess.run(["age", "-r", recipient, "-o", str(sealed), str(plain)], check=True)
    subprocess.run(
        ["minisign", "-S", "-s", str(work / "k.key"), "-m", str(sealed)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def hub_import(
    root: Path,
    share: Path,
    url: str | None,
    public: str,
    identity: agecrypt.AgeIdentity,
    admin_key: str,
) -> dict[str, float]:
    hub, _ = Hub.init(root, url, "dm", PASSWORD, "NCT04339660", identity)
    register_device(hub, "B1", public, admin_key=admin_key)
    start = time.perf_counter()
    outcomes = import_folder(hub, share)
    elapsed = time.perf_counter() - start
    hub.close()
    changes = sum(o.changes for o in outcomes)
    assert all(o.status == "applied" for o in outcomes), outcomes
    return {
        "changes": changes,
        "seconds": round(elapsed, 3),
        "changes_per_s": round(changes / elapsed),
        "target_changes_per_s": 20_000,
    }


def postgres_import(
    work: Path, share: Path, public: str, identity: agecrypt.AgeIdentity, admin_key: str
) -> dict[str, object]:
    """The hub import on a PostgreSQL server started the way the tests start one, or why
    no server could be started (``skipped``)."""
    from tests.pg import _binary, start_server

    if _binary("initdb") is None or _binary("pg_ctl") is None:
        return {"skipped": "the PostgreSQL server binaries (initdb, pg_ctl) are not installed"}
    servers = start_server()
    try:
        server = next(servers)
    except BaseException as error:  # pytest's skip, raised by start_server, is one
        if isinstance(error, KeyboardInterrupt):
            raise
        return {"skipped": f"no PostgreSQL server could be started: {type(error).__name__}"}
    try:
        url = server.new_database()
        return hub_import(work / "hub-pg", share, url, public, identity, admin_key)
    finally:
        servers.close()


def figures(quick: bool) -> dict[str, dict[str, object]]:
    """Export and hub-import figures (bench/run); quick: 10,000 changes, else 100,000."""
    changes = 10_000 if quick else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        store, admin, _ = Store.create(
            work / "dev", site="BENCH", device="B1", admin_name="admin", admin_password=PASSWORD
        )
        from app.roles import Role
        from app.services.users import add_user, public_key_text

        add_user(store, admin, "nurse", Role.NURSE, PASSWORD)
        nurse = store.unlock("nurse", PASSWORD)
        fill(store, nurse, changes)
        hub, _ = Hub.init(work / "hub-keys", None, "dm", PASSWORD, "NCT04339660")
        keys, identity = hub.keys(), hub.identity()
        hub.close()
        admin = store.unlock("admin", PASSWORD)
        set_hub(store, admin, keys.age_recipient, keys.minisign_public_key)
        admin_key = public_key_text(store, admin)
        public = device_public_key(store, nurse).splitlines()[1]
        share = work / "share"
        share.mkdir()
        assert store.engine is not None
        raw = store.engine.raw_connection()
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.close()
        start = time.perf_counter()
        exported = export_bundle(store, nurse, share)
        export_s = time.perf_counter() - start
        assert exported is not None
        store.close()
        payload = agecrypt.decrypt(exported.path.read_bytes(), identity)
        stock_s = stock_tools(payload, keys.age_recipient, work)
        rate = round(exported.audit_rows / export_s)
        result: dict[str, dict[str, object]] = {
            "export_changes_per_s": {
                "median": rate,
                "changes": exported.audit_rows,
                "seconds": round(export_s, 3),
                "bundle_bytes": exported.path.stat().st_size,
            },
        }
        if stock_s:
            result["export_vs_stock_age_minisign"] = {
                "median": round(export_s / stock_s, 2),
                "seconds": round(export_s, 3),
                "baseline": {"stock_age_and_minisign_s": round(stock_s, 3)},
            }
        else:
            result["export_vs_stock_age_minisign"] = {
                "skipped": "the stock age and minisign tools are not installed"
            }
        for name, url in (("sqlite", None), ("postgresql", "pg")):
            key = f"hub_import_changes_per_s_{name}"
            try:
                if url is None:
                    got: dict[str, object] = dict(
                        hub_import(work / "hub-sqlite", share, None, public, identity, admin_key)
                    )
                else:
                    got = postgres_import(work, share, public, identity, admin_key)
            except Exception as error:  # noqa: BLE001 - one database's failure is its figure's
                got = {"error": f"{type(error).__name__}: {error}".splitlines()[0][:300]}
            if "changes_per_s" in got:
                got["median"] = got.pop("changes_per_s")
                got.pop("target_changes_per_s", None)
            result[key] = got
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    result: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        store, admin, _ = Store.create(
            work / "dev", site="BENCH", device="B1", admin_name="admin", admin_password=PASSWORD
        )
        from app.roles import Role
        from app.services.users import add_user, public_key_text

        add_user(store, admin, "nurse", Role.NURSE, PASSWORD)
        nurse = store.unlock("nurse", PASSWORD)
        total = fill(store, nurse, args.changes)
        hub_dir = work / "hub-keys"
        hub, _ = Hub.init(hub_dir, None, "dm", PASSWORD, "NCT04339660")
        keys = hub.keys()
        identity = hub.identity()
        hub.close()
        admin = store.unlock("admin", PASSWORD)
        set_hub(store, admin, keys.age_recipient, keys.minisign_public_key)
        admin_key = public_key_text(store, admin)
        public = device_public_key(store, nurse).splitlines()[1]
        share = work / "share"
        share.mkdir()
        # Fold the filler's WAL into the file first: the export is timed, not housekeeping.
        assert store.engine is not None
        raw = store.engine.raw_connection()
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.close()
        start = time.perf_counter()
        exported = export_bundle(store, nurse, share)
        export_s = time.perf_counter() - start
        assert exported is not None
        store.close()
        payload = agecrypt.decrypt(exported.path.read_bytes(), identity)
        stock_s = stock_tools(payload, keys.age_recipient, work)
        result["export"] = {
            "changes": exported.audit_rows,
            "records": exported.changes,
            "seconds": round(export_s, 3),
            "changes_per_s": round(exported.audit_rows / export_s),
            "target_changes_per_s": 50_000,
            "bundle_bytes": exported.path.stat().st_size,
            "stock_age_and_minisign_seconds": round(stock_s, 3) if stock_s else None,
            "ratio_vs_stock_tools": round(export_s / stock_s, 2) if stock_s else None,
        }
        result["hub_import_sqlite"] = hub_import(
            work / "hub-sqlite", share, None, public, identity, admin_key
        )
        if not args.no_postgres:
            from tests.pg import start_server

            servers = start_server()
            server = next(servers)
            try:
                result["hub_import_postgresql"] = hub_import(
                    work / "hub-pg", share, server.new_database(), public, identity, admin_key
                )
            finally:
                servers.close()
        result["device_audit_rows"] = total
        result["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
