"""Key slots: how passwords and the recovery key unlock the data key.

One module past 430 lines on purpose: :meth:`KdfParams.fresh` reads this module's Argon2id
cost when it is called (the test suite lowers it here), and a slot and the slot file are
built on :class:`KdfParams`, so the three stay together without an import cycle.

One random 256-bit data key (DEK) encrypts the database. Each person has a slot:

* an X25519 key pair whose private half is wrapped with AES-GCM under a key
  stretched from their password by Argon2id; the associated data binds the store
  id, the slot kind and the user name, so a slot copied to another name or store
  fails to open;
* the DEK sealed to the slot's public key (ephemeral X25519, HKDF-SHA256,
  AES-GCM), once per key generation.

A password change re-wraps one private key and touches nothing else. Re-keying
seals a new DEK to every slot's public key, so it needs nobody's password, and
a person whose slot was removed cannot read the new key. During a re-key the
file holds both generations; whichever one opens the database is the one in
force, so a re-key killed at any moment leaves a store that opens.

The slots live in a JSON sidecar beside the database so the app can unlock
before the database is open.

The file's fixed shape and the typed secrets are :mod:`app.store.slot_format`, the
cryptography of one slot :mod:`app.store.slot_crypto`, and reading a file that may be
hostile :mod:`app.store.bounded`.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from app.errors import CorruptStore, WrongPassword
from app.sentences import QT_TRANSLATE_NOOP
from app.store.bounded import (
    SlotFileDamaged,
    _b64,
    _object,
    _unb64,
    bounded_int,
    bounded_text,
    parse_bounded_json,
    read_capped,
)
from app.store.files import write_atomic
from app.store.slot_crypto import (
    dek_aad,
    open_dek,
    private_aad,
    seal_dek,
    unwrap_private,
    wrap_private,
)
from app.store.slot_crypto import private_public as private_public
from app.store.slot_format import (
    ALTERED,
    GENERATION_RANGE,
    ITERATIONS_RANGE,
    LANES_RANGE,
    MAX_JSON_DEPTH,
    MAX_SLOT_FILE_BYTES,
    MAX_SLOTS,
    MEMORY_KIB_RANGE,
    NOT_RIGHT,
    PUBLIC_KEY_BYTES,
    SALT_BYTES,
    SEALED_DEK_BYTES,
    WRAPPED_PRIVATE_BYTES,
    generation_key,
)
from app.store.slot_format import DAMAGED as DAMAGED
from app.store.slot_format import FORMAT as FORMAT
from app.store.slot_format import RECOVERY_NAME as RECOVERY_NAME
from app.store.slot_format import SLOT_KINDS as SLOT_KINDS
from app.store.slot_format import new_recovery_key as new_recovery_key
from app.store.slot_format import normalise_password as normalise_password
from app.store.slot_format import normalise_recovery_key as normalise_recovery_key

# Argon2id cost: above OWASP's minimum (19 MiB, t=2) and well inside the
# one-second unlock budget on a 2-core laptop.
ARGON2_MEMORY_KIB = 65536
ARGON2_ITERATIONS = 3
ARGON2_LANES = 1
# The floor for slots Bedside makes: OWASP's Argon2id minimum (19 MiB, t=2).
OWASP_MEMORY_KIB = 19456
OWASP_ITERATIONS = 2


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    memory_kib: int = ARGON2_MEMORY_KIB
    iterations: int = ARGON2_ITERATIONS
    lanes: int = ARGON2_LANES

    def check_bounds(self) -> None:
        """Raise :class:`SlotFileDamaged` unless every parameter is in Bedside's ranges."""
        if type(self.salt) is not bytes or len(self.salt) != SALT_BYTES:
            raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "bad salt").said())
        bounded_int(self.memory_kib, *MEMORY_KIB_RANGE)
        bounded_int(self.iterations, *ITERATIONS_RANGE)
        bounded_int(self.lanes, *LANES_RANGE)
        # Argon2 needs at least 8 KiB per lane.
        if self.memory_kib < 8 * self.lanes:
            raise SlotFileDamaged(
                QT_TRANSLATE_NOOP("Store", "too little memory for the lanes").said()
            )

    @classmethod
    def fresh(cls, salt: bytes | None = None) -> KdfParams:
        """Parameters for a new slot: a new salt (unless given) and Bedside's cost, which
        is at least OWASP's floor. The cost is read when called, not when defined."""
        params = cls(
            salt=os.urandom(SALT_BYTES) if salt is None else salt,
            memory_kib=ARGON2_MEMORY_KIB,
            iterations=ARGON2_ITERATIONS,
            lanes=ARGON2_LANES,
        )
        if params.memory_kib < OWASP_MEMORY_KIB or params.iterations < OWASP_ITERATIONS:
            raise RuntimeError("Bedside's own Argon2id cost is below OWASP's floor")
        return params

    def derive(self, secret: bytes) -> bytes:
        try:
            self.check_bounds()
        except SlotFileDamaged:
            raise CorruptStore(DAMAGED.format(name="keyslots.json")) from None
        kdf = Argon2id(
            salt=self.salt,
            length=32,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        )
        return kdf.derive(secret)

    def check_digest(self) -> str:
        """A plain digest of the parameters: catches a salt or cost changed by disk
        damage or a bad edit, which would otherwise look like a wrong password."""
        text = f"bedside/kdf/v1|{_b64(self.salt)}|{self.memory_kib}|{self.iterations}|{self.lanes}"
        return hashlib.sha256(text.encode("ascii")).hexdigest()

    def to_json(self) -> dict[str, Any]:
        return {
            "alg": "argon2id",
            "salt": _b64(self.salt),
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
            "check": self.check_digest(),
        }

    @classmethod
    def from_json(cls, data: Any) -> KdfParams:
        data = _object(data)
        if data.get("alg") != "argon2id":
            raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "unknown kdf").said())
        params = cls(
            salt=_unb64(data["salt"], SALT_BYTES),
            memory_kib=bounded_int(data["memory_kib"], *MEMORY_KIB_RANGE),
            iterations=bounded_int(data["iterations"], *ITERATIONS_RANGE),
            lanes=bounded_int(data["lanes"], *LANES_RANGE),
        )
        params.check_bounds()
        # Files written before the digest existed have none; every save adds it.
        if "check" in data and data["check"] != params.check_digest():
            raise SlotFileDamaged(
                QT_TRANSLATE_NOOP("Store", "the key derivation parameters were changed").said()
            )
        return params


@dataclass
class Slot:
    kind: str  # "user" or "recovery"
    name: str
    kdf: KdfParams
    wrapped_private: bytes  # nonce ‖ AES-GCM ciphertext of the X25519 private key
    public_key: bytes
    sealed_dek: dict[int, bytes] = field(default_factory=dict)  # generation → epk‖nonce‖ct

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "kdf": self.kdf.to_json(),
            "private_key": _b64(self.wrapped_private),
            "public_key": _b64(self.public_key),
            "dek": {str(g): _b64(v) for g, v in sorted(self.sealed_dek.items())},
        }

    @classmethod
    def from_json(cls, data: Any) -> Slot:
        data = _object(data)
        kind = data["kind"]
        if type(kind) is not str or kind not in SLOT_KINDS:
            raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "unknown slot kind").said())
        sealed = _object(data["dek"])
        if not 0 < len(sealed) <= 2:
            raise SlotFileDamaged(
                QT_TRANSLATE_NOOP("Store", "a slot holds one or two key generations").said()
            )
        return cls(
            kind=kind,
            name=bounded_text(data["name"]),
            kdf=KdfParams.from_json(data["kdf"]),
            wrapped_private=_unb64(data["private_key"], WRAPPED_PRIVATE_BYTES),
            public_key=_unb64(data["public_key"], PUBLIC_KEY_BYTES),
            sealed_dek={generation_key(g): _unb64(v, SEALED_DEK_BYTES) for g, v in sealed.items()},
        )


class KeySlots:
    """The slot file of one store."""

    def __init__(
        self,
        path: Path,
        store_id: str,
        generation: int,
        slots: list[Slot],
        pending_generation: int | None = None,
        rekey_due: bool = False,
    ) -> None:
        self.path = path
        self.store_id = store_id
        self.generation = generation
        self.pending_generation = pending_generation
        self.slots = slots
        # A slot was removed since the data key last changed: whoever held it may
        # still have the key, so the store must be re-keyed.
        self.rekey_due = rekey_due

    # -- file ---------------------------------------------------------------

    @classmethod
    def create(cls, path: Path) -> KeySlots:
        return cls(path, store_id=str(uuid.uuid4()), generation=1, slots=[])

    @classmethod
    def load(cls, path: Path) -> KeySlots:
        """Read and check the slot file; anything Bedside would not write is "damaged".

        The size is capped before reading and the nesting depth before parsing, and
        every KDF parameter must be within fixed ranges, so a hostile file costs
        bounded time and memory. None of this counts as a failed login.
        """
        damaged = CorruptStore(DAMAGED.format(name=path.name))
        try:
            raw = read_capped(path, MAX_SLOT_FILE_BYTES)
        except FileNotFoundError:
            raise CorruptStore(
                QT_TRANSLATE_NOOP(
                    "Store", "The key-slot file {name} is missing: restore it from backup."
                ).format(name=path.name)
            ) from None
        except SlotFileDamaged:
            raise damaged from None
        try:
            return cls._from_json(
                path, parse_bounded_json(raw, MAX_SLOT_FILE_BYTES, MAX_JSON_DEPTH)
            )
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
            raise damaged from None

    @classmethod
    def _from_json(cls, path: Path, data: Any) -> KeySlots:
        data = _object(data)
        if data.get("format") != FORMAT:
            raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "format").said())
        store_id = data["store_id"]
        if type(store_id) is not str or len(store_id) != 36:
            raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "bad store id").said())
        generation = bounded_int(data["generation"], *GENERATION_RANGE)
        pending = data.get("pending_generation")
        if pending is not None and bounded_int(pending, *GENERATION_RANGE) != generation + 1:
            raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "bad pending generation").said())
        rekey_due = data.get("rekey_due", False)
        if type(rekey_due) is not bool:
            raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "bad rekey flag").said())
        raw_slots = data["slots"]
        if type(raw_slots) is not list or len(raw_slots) > MAX_SLOTS:
            raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "bad slot list").said())
        slots = [Slot.from_json(s) for s in raw_slots]
        allowed = {generation, pending}
        seen: set[tuple[str, str]] = set()
        for slot in slots:
            if generation not in slot.sealed_dek or not set(slot.sealed_dek) <= allowed:
                raise SlotFileDamaged(
                    QT_TRANSLATE_NOOP("Store", "a slot lacks the key generation in force").said()
                )
            if (slot.kind, slot.name) in seen:
                raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "two slots with one name").said())
            seen.add((slot.kind, slot.name))
        return cls(
            path,
            store_id=str(uuid.UUID(store_id)),
            generation=generation,
            pending_generation=pending,
            slots=slots,
            rekey_due=rekey_due,
        )

    def save(self) -> None:
        data = {
            "format": FORMAT,
            "store_id": self.store_id,
            "generation": self.generation,
            "pending_generation": self.pending_generation,
            "rekey_due": self.rekey_due,
            "slots": [s.to_json() for s in self.slots],
        }
        write_atomic(
            self.path, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"), mode=0o600
        )

    # -- lookup -------------------------------------------------------------

    def find(self, kind: str, name: str) -> Slot | None:
        for slot in self.slots:
            if slot.kind == kind and slot.name == name:
                return slot
        return None

    def user_names(self) -> list[str]:
        return [s.name for s in self.slots if s.kind == "user"]

    # -- crypto -------------------------------------------------------------

    def _seal_dek(self, slot: Slot, dek: bytes, generation: int) -> bytes:
        aad = dek_aad(self.store_id, slot.kind, slot.name, generation)
        return seal_dek(slot.public_key, dek, aad)

    def _open_dek(self, slot: Slot, private: X25519PrivateKey, generation: int) -> bytes:
        aad = dek_aad(self.store_id, slot.kind, slot.name, generation)
        return open_dek(private, slot.public_key, slot.sealed_dek[generation], aad)

    def _wrap_private(
        self, kind: str, name: str, secret: bytes
    ) -> tuple[KdfParams, bytes, X25519PrivateKey]:
        private = X25519PrivateKey.generate()
        kdf = KdfParams.fresh()
        return kdf, self._wrap_key(kind, name, kdf, secret, private), private

    def _wrap_key(
        self, kind: str, name: str, kdf: KdfParams, secret: bytes, private: X25519PrivateKey
    ) -> bytes:
        return wrap_private(kdf.derive(secret), private, private_aad(self.store_id, kind, name))

    def _unwrap_private(self, slot: Slot, secret: bytes) -> X25519PrivateKey:
        aad = private_aad(self.store_id, slot.kind, slot.name)
        try:
            raw = unwrap_private(slot.kdf.derive(secret), slot.wrapped_private, aad)
        except InvalidTag:
            raise WrongPassword(NOT_RIGHT.said()) from None
        # The password was right (AES-GCM authenticated it): from here on a mismatch
        # is a damaged file, never a failed login.
        try:
            private = X25519PrivateKey.from_private_bytes(raw)
        except ValueError:
            raise CorruptStore(DAMAGED.format(name=self.path.name)) from None
        if private_public(private) != slot.public_key:
            raise CorruptStore(DAMAGED.format(name=self.path.name))
        return private

    # -- operations ---------------------------------------------------------

    def add(self, kind: str, name: str, secret: bytes, deks: dict[int, bytes]) -> Slot:
        """A new slot for ``name`` that opens the given DEK generations."""
        return self.add_opened(kind, name, secret, deks)[0]

    def add_opened(
        self, kind: str, name: str, secret: bytes, deks: dict[int, bytes]
    ) -> tuple[Slot, X25519PrivateKey]:
        """Like :meth:`add`, with the new slot's private key (its owner's signing key
        derives from it), so nobody stretches the same password twice."""
        if self.find(kind, name) is not None:
            raise ValueError(f"slot {kind}:{name} exists")
        kdf, wrapped, private = self._wrap_private(kind, name, secret)
        slot = Slot(
            kind=kind,
            name=name,
            kdf=kdf,
            wrapped_private=wrapped,
            public_key=private_public(private),
        )
        for generation, dek in deks.items():
            slot.sealed_dek[generation] = self._seal_dek(slot, dek, generation)
        self.slots.append(slot)
        return slot, private

    def replace(self, kind: str, name: str, secret: bytes, deks: dict[int, bytes]) -> Slot:
        """Give ``name`` a fresh slot (an admin resetting a forgotten password)."""
        return self.replace_opened(kind, name, secret, deks)[0]

    def replace_opened(
        self, kind: str, name: str, secret: bytes, deks: dict[int, bytes]
    ) -> tuple[Slot, X25519PrivateKey]:
        self.remove(kind, name)
        return self.add_opened(kind, name, secret, deks)

    def remove(self, kind: str, name: str) -> None:
        self.slots = [s for s in self.slots if not (s.kind == kind and s.name == name)]

    def revoke(self, kind: str, name: str) -> None:
        """Remove a slot whose holder must lose access: the store is then due a re-key."""
        if self.find(kind, name) is not None:
            self.remove(kind, name)
            self.rekey_due = True

    def unlock(self, kind: str, name: str, secret: bytes) -> dict[int, bytes]:
        """The DEK generations this slot opens: the current one, and a pending one if any.

        Raises :class:`WrongPassword` for an unknown name, a wrong secret, or a slot
        that was edited or copied from elsewhere (AES-GCM refuses all three alike).
        """
        return self.open_slot(kind, name, secret)[0]

    def open_slot(
        self, kind: str, name: str, secret: bytes
    ) -> tuple[dict[int, bytes], X25519PrivateKey]:
        """Like :meth:`unlock`, with the slot's private key (the person's signing key derives
        from it, so it is only ever in memory while their password has been given)."""
        slot = self.find(kind, name)
        if slot is None:
            # Spend the same effort as a real attempt so names cannot be probed.
            KdfParams.fresh(salt=b"\0" * SALT_BYTES).derive(secret)
            raise WrongPassword(NOT_RIGHT.said())
        private = self._unwrap_private(slot, secret)
        deks: dict[int, bytes] = {}
        for generation in (self.generation, self.pending_generation):
            if generation is None or generation not in slot.sealed_dek:
                continue
            try:
                deks[generation] = self._open_dek(slot, private, generation)
            except (InvalidTag, ValueError):
                raise CorruptStore(ALTERED.said()) from None
        if self.generation not in deks:
            raise CorruptStore(ALTERED.said())
        return deks, private

    def change_secret(self, kind: str, name: str, old: bytes, new: bytes) -> None:
        """Re-wrap one slot's private key under a new password; nothing else changes."""
        slot = self.find(kind, name)
        if slot is None:
            raise WrongPassword(NOT_RIGHT.said())
        private = self._unwrap_private(slot, old)
        slot.kdf = KdfParams.fresh()
        slot.wrapped_private = self._wrap_key(kind, name, slot.kdf, new, private)

    def begin_rekey(self, new_dek: bytes) -> int:
        """Seal ``new_dek`` to every slot as the pending generation."""
        pending = self.generation + 1
        for slot in self.slots:
            slot.sealed_dek[pending] = self._seal_dek(slot, new_dek, pending)
        self.pending_generation = pending
        return pending

    def settle(self, generation: int) -> None:
        """Make ``generation`` the only one in force (the one that opened the database)."""
        if generation != self.generation:
            # The new key was sealed only to the slots left, so removed ones are out.
            self.rekey_due = False
        self.generation = generation
        self.pending_generation = None
        for slot in self.slots:
            slot.sealed_dek = {g: v for g, v in slot.sealed_dek.items() if g == generation}
