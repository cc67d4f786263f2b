"""``bedside hub import``: check every bundle in a folder, each on its own, then merge it.

For each ``*.bundle.age`` with its ``.minisig``: a regular file read with a hard
byte cap (links, FIFOs, directories and devices are skipped with a reason), size
caps and strict parsing, a known and unrevoked device key, the signature, the
sequence (a replay is a no-op, a gap is held until it fills, a second bundle
under a used number is a fork), decryption, member hashes, audit-chain
continuity from the stored head, every row against the schema, every
transaction against its seal and the enrolled keys; then the records are
derived by replaying the audited values, merged in one transaction, and a
receipt signed by the hub goes into the folder.

Every bundle is handled on its own: any failure, a bug included, rejects that
bundle with its reason and changes none of the hub's data, and the import goes
on with the next. Only what a device's key signed is counted against it. This module is
the loop over the folder; checking one bundle is :mod:`app.hub.import_check`, applying
it :mod:`app.hub.import_apply`, and the record of each outcome
:mod:`app.hub.import_outcomes`.
"""

from __future__ import annotations

import base64
import logging
import os
from pathlib import Path

from sqlalchemy import select

from app.hub import epochs
from app.hub.continuity import Rejected
from app.hub.import_apply import apply_bundle
from app.hub.import_check import check_bundle
from app.hub.import_outcomes import Incoming, english, internal_error, reject, skip
from app.hub.import_outcomes import Outcome as Outcome
from app.hub.models import Device, HeldBundle, ReceivedFile
from app.hub.store import Hub
from app.store.trail_check import TrailRefused
from app.sync.bundle import (
    AGE_SUFFIX,
    DEFAULT_LIMITS,
    SIG_SUFFIX,
    BundleRejected,
    parse_bundle_name,
)
from app.sync.bundle_types import sha256_and_blake2b
from app.sync.safe_read import UnsafeFile, printable_name, read_capped

log = logging.getLogger(__name__)


def import_folder(hub: Hub, folder: Path) -> list[Outcome]:
    """Import every complete bundle in ``folder``; held bundles are retried as gaps fill."""
    if not folder.is_dir():
        from app.errors import InvalidInput

        raise InvalidInput(f"The folder {printable_name(str(folder))[:200]} is not reachable.")
    hub.load_secrets()
    epochs.ensure_tables(hub.engine)
    outcomes: list[Outcome] = []
    for name in _bundle_names(folder):
        try:
            outcomes.extend(_import_name(hub, folder, name))
        except Exception as exc:  # noqa: BLE001 (one bundle's bug is that bundle's rejection)
            outcomes.append(internal_error(hub, name, exc))
    return outcomes


def _bundle_names(folder: Path) -> list[str]:
    """Names in ``folder`` ending like a bundle, in device and sequence order."""
    with os.scandir(folder) as entries:
        names = [e.name for e in entries if e.name.endswith(AGE_SUFFIX)]
    return sorted(names, key=_order)


def _order(name: str) -> tuple[str, int, str]:
    try:
        parsed = parse_bundle_name(name)
        return (parsed.device, parsed.seq, name)
    except BundleRejected:
        return ("", 0, name)


def _import_name(hub: Hub, folder: Path, name: str) -> list[Outcome]:
    shown = printable_name(name)
    if shown != name:
        return [skip(hub, shown, "bad_name", f"{shown} is not a UTF-8 file name: it was skipped.")]
    age_path = folder / name
    sig_path = folder / (name + SIG_SUFFIX)
    try:
        os.lstat(sig_path)
    except FileNotFoundError:
        return []  # still being written, or not a bundle
    try:
        sig_bytes = read_capped(sig_path, DEFAULT_LIMITS.max_signature_bytes)
        age = read_capped(age_path, DEFAULT_LIMITS.max_bundle_bytes)
    except UnsafeFile as exc:
        return [skip(hub, name, exc.code, english(exc.sentence))]
    try:
        sig = sig_bytes.decode("utf-8")
    except UnicodeDecodeError:
        sig = ""
    sha256, blake2b = sha256_and_blake2b(age)
    return _import(hub, Incoming(name, age, sig, sha256, blake2b), folder)


def _import(hub: Hub, incoming: Incoming, folder: Path) -> list[Outcome]:
    with hub.session() as session:
        seen = session.scalars(
            select(ReceivedFile).where(
                ReceivedFile.file_name == incoming.file_name,
                ReceivedFile.sha256 == incoming.sha256,
                ReceivedFile.status.in_(("rejected", "quarantined")),
            )
        ).first()
    if seen is not None:
        return [
            Outcome(incoming.file_name, seen.device, seen.seq, seen.status, seen.code, seen.reason)
        ]
    try:
        outcome = _check_and_apply(hub, incoming, folder)
    except (BundleRejected, Rejected, TrailRefused) as exc:
        return [reject(hub, incoming, exc.code, english(exc.sentence))]
    outcomes = [outcome]
    if outcome.status == "applied" and outcome.device:
        outcomes.extend(_release_held(hub, outcome.device, folder))
    return outcomes


def _check_and_apply(hub: Hub, incoming: Incoming, folder: Path) -> Outcome:
    with hub.session() as session:
        checked = check_bundle(hub, session, incoming, folder)
        if isinstance(checked, Outcome):
            return checked
        return apply_bundle(hub, session, folder, incoming, checked)


def _release_held(hub: Hub, device_name: str, folder: Path) -> list[Outcome]:
    outcomes: list[Outcome] = []
    while True:
        with hub.session() as session:
            device = session.get(Device, device_name)
            assert device is not None
            held = session.get(HeldBundle, (device_name, device.last_seq + 1))
            if held is None:
                return outcomes
            incoming = Incoming(
                held.file_name, base64.b64decode(held.age_bytes), held.sig_text, held.sha256
            )
            seq = held.seq
        try:
            result = _import(hub, incoming, folder)
        except Exception as exc:  # noqa: BLE001 (as in import_folder: this bundle alone)
            result = [internal_error(hub, incoming.file_name, exc)]
        outcomes.extend(result)
        if not result or result[0].status != "applied":
            with hub.session() as session:
                session.execute(
                    HeldBundle.__table__.delete().where(  # type: ignore[attr-defined]
                        HeldBundle.device == device_name, HeldBundle.seq == seq
                    )
                )
            return outcomes
