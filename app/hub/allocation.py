"""The allocation list at the hub, readable only by the hub's statistician.

The hub has one data key, which every hub person's slot opens (the data manager's
among them), so it cannot keep the arm secret by itself. A second key, the hub's
*blinding key*, seals the allocation list (AES-256-GCM). It is sealed in turn to
the X25519 public key of each statistician's own slot (ephemeral X25519,
HKDF-SHA256, AES-GCM; the associated data binds hub id and name), and only their
password unwraps that slot's private key:

* ``bedside hub statistician add NAME`` gives a person a hub slot and a sealed copy
  of the blinding key. The first one is made by the data manager (the blinding key
  is new then, and nothing is sealed under it yet); every later one needs a
  statistician, who alone can open the key to seal it again.
* ``bedside hub allocation generate|top-up|export`` open the blinding key with the
  acting person's slot; anyone else is refused with :data:`BLINDED`.

For the layers above: :func:`read_allocation` gives the statistician the whole
list (``hub export-odm --unblinded`` builds on it), :func:`export_part` writes a
device's part for its pharmacists, whose format :mod:`app.allocation.part_file`
describes and checks.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.allocation import part_file
from app.allocation.generator import AllocationList, Design, Slot, generate, top_up
from app.errors import CorruptStore, InvalidInput, NotPermitted
from app.hub.models import HubBase
from app.hub.recipients import pharmacist_recipients
from app.hub.store import Hub
from app.models.base import UTCDateTime
from app.store.files import write_atomic
from app.store.keyslots import private_public
from app.timeutil import utc_now

STATISTICIAN = "statistician"
BLINDED = (
    "Only the hub's statistician can make or read the allocation list; "
    "the data manager stays blinded."
)
LIST_ID = "current"


class HubUnblindedPerson(HubBase):
    """A hub person who may see the arm: the blinding key, sealed to their slot."""

    __tablename__ = "hub_unblinded_people"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    sealed_key: Mapped[str] = mapped_column(Text)  # base64: epk ‖ nonce ‖ AES-GCM(key)
    added_by: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HubAllocation(HubBase):
    """The allocation list (JSON), AES-GCM sealed under the hub's blinding key."""

    __tablename__ = "hub_allocation"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    sealed_list: Mapped[str] = mapped_column(Text)  # base64: nonce ‖ AES-GCM(list JSON)
    version: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HubAllocationExport(HubBase):
    """Each part written for a device: its serial, size and who wrote it (no arms)."""

    __tablename__ = "hub_allocation_exports"

    device: Mapped[str] = mapped_column(String(32), primary_key=True)
    serial: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    slots: Mapped[int] = mapped_column(Integer)
    recipients: Mapped[str] = mapped_column(Text)  # JSON list of pharmacists' names
    exported_by: Mapped[str] = mapped_column(String(64))
    exported_at: Mapped[datetime] = mapped_column(UTCDateTime())


_TABLES = [HubUnblindedPerson.__table__, HubAllocation.__table__, HubAllocationExport.__table__]


def ensure_tables(hub: Hub) -> None:
    """Create the allocation tables in a hub made before they existed."""
    assert hub.engine is not None
    HubBase.metadata.create_all(hub.engine, tables=_TABLES)  # type: ignore[arg-type]


# -- the blinding key ----------------------------------------------------------------


def _aad(hub_id: str, name: str) -> bytes:
    return f"bedside-hub/blinding-key/v1|{hub_id}|{name}".encode()


def _seal_to(public_key: bytes, secret: bytes, aad: bytes) -> str:
    ephemeral = X25519PrivateKey.generate()
    epk = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_key))
    wrap = HKDF(hashes.SHA256(), 32, salt=epk + public_key, info=aad).derive(shared)
    nonce = os.urandom(12)
    return base64.b64encode(epk + nonce + AESGCM(wrap).encrypt(nonce, secret, aad)).decode()


def _open_with(private: X25519PrivateKey, sealed: str, aad: bytes) -> bytes:
    raw = base64.b64decode(sealed)
    epk, nonce, ciphertext = raw[:32], raw[32:44], raw[44:]
    public = private_public(private)
    shared = private.exchange(X25519PublicKey.from_public_bytes(epk))
    wrap = HKDF(hashes.SHA256(), 32, salt=epk + public, info=aad).derive(shared)
    return AESGCM(wrap).decrypt(nonce, ciphertext, aad)


def _blinding_key(hub: Hub, session: Session) -> bytes:
    """The blinding key, opened with the acting person's slot; :data:`BLINDED` otherwise."""
    name = hub.user_name
    row = session.get(HubUnblindedPerson, name) if name else None
    if row is None or name is None:
        raise NotPermitted(BLINDED)
    try:
        return _open_with(hub.slot_private_key(), row.sealed_key, _aad(hub.slots.store_id, name))
    except (InvalidTag, ValueError):
        raise CorruptStore(
            f"The blinding key sealed for {name} was altered: restore the hub from backup."
        ) from None


def is_statistician(hub: Hub) -> bool:
    ensure_tables(hub)
    with hub.session() as session:
        return (
            hub.user_name is not None and session.get(HubUnblindedPerson, hub.user_name) is not None
        )


def add_statistician(hub: Hub, name: str, password: str) -> None:
    """Give ``name`` a hub slot and the blinding key (made now if there is none yet)."""
    ensure_tables(hub)
    with hub.session() as session:
        people = session.scalars(select(HubUnblindedPerson)).all()
        # The first statistician gets a new key; only a statistician may add another.
        key = _blinding_key(hub, session) if people else os.urandom(32)
        slot = hub.add_user_slot(name, password)
        try:
            session.add(
                HubUnblindedPerson(
                    name=name,
                    role=STATISTICIAN,
                    sealed_key=_seal_to(slot.public_key, key, _aad(hub.slots.store_id, name)),
                    added_by=hub.user_name or "",
                    added_at=utc_now(),
                )
            )
            session.flush()
            hub.slots.save()
        except BaseException:
            hub.slots.remove("user", name)
            raise


# -- the list ------------------------------------------------------------------------


def _list_aad(hub: Hub) -> bytes:
    return f"bedside-hub/allocation-list/v1|{hub.slots.store_id}".encode()


def _load(
    hub: Hub, session: Session, key: bytes
) -> tuple[HubAllocation | None, AllocationList | None]:
    row = session.get(HubAllocation, LIST_ID)
    if row is None:
        return None, None
    raw = base64.b64decode(row.sealed_list)
    try:
        text = AESGCM(key).decrypt(raw[:12], raw[12:], _list_aad(hub))
    except InvalidTag:
        raise CorruptStore(
            "The hub's allocation list was altered: restore it from backup."
        ) from None
    return row, AllocationList.from_json(json.loads(text))


def _store(
    hub: Hub, session: Session, key: bytes, allocation: AllocationList, row: HubAllocation | None
) -> None:
    nonce = os.urandom(12)
    text = json.dumps(allocation.to_json(), sort_keys=True, separators=(",", ":")).encode()
    sealed = base64.b64encode(nonce + AESGCM(key).encrypt(nonce, text, _list_aad(hub))).decode()
    who, now = hub.user_name or "", utc_now()
    if row is None:
        session.add(
            HubAllocation(id=LIST_ID, sealed_list=sealed, version=1, updated_by=who, updated_at=now)
        )
    else:
        row.sealed_list, row.version, row.updated_by, row.updated_at = (
            sealed,
            row.version + 1,
            who,
            now,
        )


def generate_list(
    hub: Hub, design: Design, devices: Sequence[str], per_device: int, seed: str
) -> AllocationList:
    """Make the study's allocation list and keep it sealed; refused if one exists."""
    ensure_tables(hub)
    study = hub.study()  # before the transaction: each session holds the write lock
    with hub.session() as session:
        key = _blinding_key(hub, session)
        row, existing = _load(hub, session, key)
        if existing is not None:
            raise InvalidInput(
                "The hub already holds an allocation list: add slots with "
                "'bedside hub allocation top-up --device D --count N'."
            )
        allocation = generate(study, design, devices, per_device, seed)
        _store(hub, session, key, allocation, row)
    return allocation


def top_up_list(hub: Hub, device: str, count: int) -> list[Slot]:
    """``count`` more slots for ``device``; the new slots."""
    ensure_tables(hub)
    with hub.session() as session:
        key = _blinding_key(hub, session)
        row, allocation = _load(hub, session, key)
        if allocation is None:
            raise InvalidInput(
                "The hub holds no allocation list yet: make one with "
                "'bedside hub allocation generate'."
            )
        new = top_up(allocation, device, count)
        _store(hub, session, key, allocation, row)
    return new


def read_allocation(hub: Hub) -> AllocationList | None:
    """The whole list, for the statistician; None before one is made."""
    ensure_tables(hub)
    with hub.session() as session:
        return _load(hub, session, _blinding_key(hub, session))[1]


# -- a device's part, for its pharmacists ---------------------------------------------


@dataclass(frozen=True)
class ExportedPart:
    path: Path
    device: str
    serial: int
    slots: int
    recipients: tuple[str, ...]


def export_part(hub: Hub, device: str, out: Path) -> ExportedPart:
    """Write ``device``'s part to ``out``: signed by the hub, encrypted to the device's
    enrolled pharmacists (and to nobody else, the hub included)."""
    ensure_tables(hub)
    private_key, key_id = hub.signing_key()  # before the transaction, as above
    with hub.session() as session:
        key = _blinding_key(hub, session)
        _row, allocation = _load(hub, session, key)
        if allocation is None or device not in allocation.parts:
            raise InvalidInput(
                f"The allocation list has no part for device {device}: add one with "
                f"'bedside hub allocation top-up --device {device} --count N'."
            )
        recipients = pharmacist_recipients(session, device)
        if not recipients:
            raise InvalidInput(
                f"Device {device} has no enrolled pharmacist the hub knows of: add one on the "
                "device, send a bundle, and import it here first."
            )
        serial = 1 + max(
            session.scalars(
                select(HubAllocationExport.serial).where(HubAllocationExport.device == device)
            ).all(),
            default=0,
        )
        part = allocation.parts[device]
        names = tuple(sorted(recipients))
        data = part_file.seal_part(
            part_file.PartPayload(
                study=allocation.study,
                hub_id=hub.slots.store_id,
                device=device,
                serial=serial,
                issued_at=utc_now(),
                issued_by=hub.user_name or "",
                recipients=names,
                slots=tuple(part.slots),
            ),
            private_key,
            key_id,
            [recipients[n] for n in names],
        )
        session.add(
            HubAllocationExport(
                device=device,
                serial=serial,
                slots=len(part.slots),
                recipients=json.dumps(list(names)),
                exported_by=hub.user_name or "",
                exported_at=utc_now(),
            )
        )
        session.flush()
        write_atomic(out, data, mode=0o600)
    return ExportedPart(out, device, serial, len(part.slots), names)
