"""The blinding key: a second key, inside the store, for what differs between the arms.

Everyone who unlocks the device holds the data key, so the database itself cannot keep
the arm from a nurse. The blinding key can. It is a ring of 256-bit keys, one per
generation; each generation is sealed (ephemeral X25519, HKDF-SHA256, AES-GCM) to the
slot public key of every active pharmacist, in ``blinding_grants``. Only that person's
password unwraps their slot's private half, so a nurse holding the data key reads the
grant rows as noise.

A sealed field is ``bk1.<generation>.<base64>``: AES-GCM over the value's JSON padded
to a fixed size, with the store, table, column and record as associated data, so an
active and a placebo value are the same length and a value cannot be moved onto
another record. Audit rows of those columns hold the same text.

When a pharmacist is disabled, their grants are deleted at once and the ring is
marked for rotation: the next pharmacist to unlock adds a new generation, sealed to
the remaining pharmacists only, and everything sealed from then on uses it. (What the
removed person already saw they keep, as with a torn envelope; they cannot open what
comes later.)

Code-breaks: each allocation slot's arm is also sealed to each investigator's own
slot key (:class:`~app.models.CodeBreak`), so an investigator can unblind one
participant offline with their password. A pharmacist's unlock adds code-breaks for
investigators enrolled after the import.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.errors import BedsideError
from app.models import AllocationSlot, BlindingGrant, CodeBreak, Setting, User
from app.roles import Role
from app.sentences import QT_TRANSLATE_NOOP
from app.store.keyslots import KeySlots

log = logging.getLogger(__name__)

PREFIX = "bk1"
# Every sealed value is padded to a multiple of this many bytes before encryption, so
# "placebo" and a cell count with its lot cost the same number of bytes.
PAD_BYTES = 256
ROTATION_DUE = "blinding_rotation_due"
BLINDED = "(blinded)"


class BlindingKeyMissing(BedsideError):
    """The acting person holds no blinding key (they are blinded, or not yet granted)."""


def _aad(store_id: str, purpose: str) -> bytes:
    return f"bedside/blinding/v1|{store_id}|{purpose}".encode()


def seal_to(public_key: bytes, secret: bytes, aad: bytes) -> bytes:
    """``secret`` sealed to an X25519 public key (ephemeral key ‖ nonce ‖ AES-GCM)."""
    ephemeral = X25519PrivateKey.generate()
    epk = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_key))
    key = HKDF(hashes.SHA256(), 32, salt=epk + public_key, info=aad).derive(shared)
    nonce = os.urandom(12)
    return epk + nonce + AESGCM(key).encrypt(nonce, secret, aad)


def open_sealed(private: X25519PrivateKey, blob: bytes, aad: bytes) -> bytes:
    """The secret of :func:`seal_to`; :class:`InvalidTag` if it is not for this key."""
    public_key = private.public_key().public_bytes_raw()
    epk, nonce, ciphertext = blob[:32], blob[32:44], blob[44:]
    shared = private.exchange(X25519PublicKey.from_public_bytes(epk))
    key = HKDF(hashes.SHA256(), 32, salt=epk + public_key, info=aad).derive(shared)
    return AESGCM(key).decrypt(nonce, ciphertext, aad)


def _pad(value: Any) -> bytes:
    raw = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    size = (len(raw) // PAD_BYTES + 1) * PAD_BYTES
    return raw + b" " * (size - len(raw))


@dataclass(frozen=True)
class BlindingKeys:
    """The opened ring of one unblinded person, held beside their signing key."""

    store_id: str
    keys: dict[int, bytes] = field(repr=False)

    @property
    def generation(self) -> int:
        return max(self.keys)

    def _field_aad(self, table: str, column: str, record_id: str) -> bytes:
        return _aad(self.store_id, f"field|{table}.{column}|{record_id}")

    def seal(self, table: str, column: str, record_id: str, value: Any) -> str:
        """``value`` (anything JSON) sealed for ``table.column`` of one record."""
        generation = self.generation
        nonce = os.urandom(12)
        aad = self._field_aad(table, column, record_id) + f"|{generation}".encode()
        ciphertext = AESGCM(self.keys[generation]).encrypt(nonce, _pad(value), aad)
        return f"{PREFIX}.{generation}.{base64.b64encode(nonce + ciphertext).decode('ascii')}"

    def open(self, table: str, column: str, record_id: str, text: str) -> Any:
        """The value :meth:`seal` sealed; :class:`BedsideError` if it is damaged or moved."""
        try:
            prefix, gen_text, b64 = text.split(".", 2)
            generation = int(gen_text)
            blob = base64.b64decode(b64, validate=True)
            if prefix != PREFIX or generation not in self.keys:
                raise ValueError(prefix)
            aad = self._field_aad(table, column, record_id) + f"|{generation}".encode()
            plain = AESGCM(self.keys[generation]).decrypt(blob[:12], blob[12:], aad)
            return json.loads(plain)
        except (ValueError, binascii.Error, InvalidTag):
            raise BedsideError(
                QT_TRANSLATE_NOOP(
                    "Blinding",
                    "A blinded value of {table} is damaged or was moved from another record.",
                ).format(table=table)
            ) from None


def _grant_aad(store_id: str, user_name: str, generation: int) -> bytes:
    return _aad(store_id, f"grant|{user_name}|{generation}")


def code_break_aad(store_id: str, investigator: str, kit_code: str) -> bytes:
    return _aad(store_id, f"code-break|{investigator}|{kit_code}")


def _pharmacists(session: Session, slots: KeySlots) -> dict[str, bytes]:
    """Active pharmacists with a slot: name → slot public key."""
    names = session.scalars(
        select(User.name).where(User.role == Role.PHARMACIST.value, User.active.is_(True))
    ).all()
    found = {}
    for name in names:
        slot = slots.find("user", name)
        if slot is not None:
            found[name] = slot.public_key
    return found


def investigators(session: Session, slots: KeySlots) -> dict[str, bytes]:
    """Active investigators with a slot: name → slot public key."""
    names = session.scalars(
        select(User.name).where(User.role == Role.INVESTIGATOR.value, User.active.is_(True))
    ).all()
    found = {}
    for name in names:
        slot = slots.find("user", name)
        if slot is not None:
            found[name] = slot.public_key
    return found


def _grant(
    session: Session, store_id: str, name: str, public_key: bytes, keys: dict[int, bytes]
) -> None:
    for generation, key in keys.items():
        sealed = seal_to(public_key, key, _grant_aad(store_id, name, generation))
        session.add(
            BlindingGrant(
                generation=generation,
                user_name=name,
                public_key=base64.b64encode(public_key).decode("ascii"),
                sealed=base64.b64encode(sealed).decode("ascii"),
            )
        )


def _open_ring(
    session: Session, store_id: str, name: str, private: X25519PrivateKey
) -> dict[int, bytes]:
    keys: dict[int, bytes] = {}
    for grant in session.scalars(select(BlindingGrant).where(BlindingGrant.user_name == name)):
        try:
            keys[grant.generation] = open_sealed(
                private,
                base64.b64decode(grant.sealed),
                _grant_aad(store_id, name, grant.generation),
            )
        except (InvalidTag, ValueError, binascii.Error):
            log.warning("a blinding-key grant of %s does not open with their key", name)
    return keys


def unlock_blinding(
    session: Session,
    slots: KeySlots,
    name: str,
    private: X25519PrivateKey,
    audit_event: Any,
) -> BlindingKeys | None:
    """The ring of pharmacist ``name``, first creating, granting or rotating it as due.

    ``audit_event(session, action, detail)`` records each grant or rotation. Returns
    ``None`` when the ring exists but holds no grant for ``name`` yet: another
    pharmacist's next unlock grants it.
    """
    store_id = slots.store_id
    any_grant = session.scalars(select(BlindingGrant.id).limit(1)).first()
    pharmacists = _pharmacists(session, slots)
    if any_grant is None:
        keys = {1: os.urandom(32)}
        for person, public_key in pharmacists.items():
            _grant(session, store_id, person, public_key, keys)
        audit_event(session, "blinding_key_created", f"granted to {', '.join(sorted(pharmacists))}")
        _clear_rotation(session)
        return BlindingKeys(store_id, keys)
    keys = _open_ring(session, store_id, name, private)
    if not keys:
        return None
    rotation = _rotation(session)
    held = {
        person: {
            g
            for (g,) in session.execute(
                select(BlindingGrant.generation).where(BlindingGrant.user_name == person)
            )
        }
        for person in pharmacists
    }
    # Grants of people who are no longer active pharmacists go, whatever the reason.
    stale = session.scalars(
        select(BlindingGrant.id).where(BlindingGrant.user_name.not_in(list(pharmacists)))
    ).all()
    if rotation is not None or stale:
        keys = {**keys, max(keys) + 1: os.urandom(32)}
        session.execute(delete(BlindingGrant))
        for person, public_key in pharmacists.items():
            _grant(session, store_id, person, public_key, keys)
        _clear_rotation(session)
        audit_event(
            session,
            "blinding_key_rotated",
            f"generation {max(keys)}, granted to {', '.join(sorted(pharmacists))}",
        )
        return BlindingKeys(store_id, keys)
    for person, public_key in pharmacists.items():
        missing = {g: k for g, k in keys.items() if g not in held[person]}
        if missing:
            _grant(session, store_id, person, public_key, missing)
            audit_event(session, "blinding_key_granted", f"to {person}")
    return BlindingKeys(store_id, keys)


def withdraw(session: Session, name: str) -> None:
    """``name`` loses the blinding key now; the next pharmacist's unlock rotates it."""
    held = session.scalars(select(BlindingGrant.id).where(BlindingGrant.user_name == name)).all()
    session.execute(delete(BlindingGrant).where(BlindingGrant.user_name == name))
    if held and _rotation(session) is None:
        session.add(Setting(key=ROTATION_DUE, value="1"))


def _rotation(session: Session) -> Setting | None:
    return session.scalars(select(Setting).where(Setting.key == ROTATION_DUE)).first()


def _clear_rotation(session: Session) -> None:
    setting = _rotation(session)
    if setting is not None:
        session.delete(setting)


def seal_code_breaks(
    session: Session, keys: BlindingKeys, slots: KeySlots, only_missing: bool = True
) -> int:
    """Seal every slot's arm to every active investigator lacking its code-break."""
    people = investigators(session, slots)
    have = {
        (kit, who)
        for kit, who in session.execute(select(CodeBreak.kit_code, CodeBreak.investigator))
    }
    made = 0
    for slot in session.scalars(select(AllocationSlot)):
        arm = None
        for person, public_key in people.items():
            if only_missing and (slot.kit_code, person) in have:
                continue
            if arm is None:
                arm = keys.open("allocation_slots", "arm_sealed", slot.id, slot.arm_sealed)
            blob = seal_to(
                public_key,
                _pad(arm),
                code_break_aad(keys.store_id, person, slot.kit_code),
            )
            session.add(
                CodeBreak(
                    kit_code=slot.kit_code,
                    investigator=person,
                    sealed=base64.b64encode(blob).decode("ascii"),
                )
            )
            made += 1
    return made


def open_code_break(
    session: Session, store_id: str, investigator: str, private: X25519PrivateKey, kit_code: str
) -> Any:
    """What the pharmacist's import sealed for this kit to this investigator."""
    row = session.scalars(
        select(CodeBreak).where(
            CodeBreak.kit_code == kit_code, CodeBreak.investigator == investigator
        )
    ).first()
    if row is None:
        raise BlindingKeyMissing(
            QT_TRANSLATE_NOOP(
                "Blinding",
                "There is no code-break for kit {kit} sealed to {investigator}: a pharmacist "
                "must log in on this device once after you were enrolled.",
            ).format(kit=kit_code, investigator=investigator)
        )
    try:
        plain = open_sealed(
            private,
            base64.b64decode(row.sealed),
            code_break_aad(store_id, investigator, kit_code),
        )
        return json.loads(plain)
    except (InvalidTag, ValueError, binascii.Error):
        raise BedsideError(
            QT_TRANSLATE_NOOP("Blinding", "The code-break for kit {kit} is damaged.").format(
                kit=kit_code
            )
        ) from None
