"""Key slots: how passwords and the recovery key unlock the data key.

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
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import CorruptStore, WrongPassword
from app.store.files import write_atomic

FORMAT = "bedside-keyslots/1"
RECOVERY_NAME = "recovery"

# Argon2id cost: above OWASP's minimum (19 MiB, t=2) and well inside the
# one-second unlock budget on a 2-core laptop.
ARGON2_MEMORY_KIB = 65536
ARGON2_ITERATIONS = 3
ARGON2_LANES = 1


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def normalise_password(password: str) -> bytes:
    """NFC so a password typed on another keyboard layout still matches."""
    return unicodedata.normalize("NFC", password).encode("utf-8")


def normalise_recovery_key(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def new_recovery_key() -> str:
    """160 random bits as 32 base32 characters in groups of four."""
    raw = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    memory_kib: int = ARGON2_MEMORY_KIB
    iterations: int = ARGON2_ITERATIONS
    lanes: int = ARGON2_LANES

    def derive(self, secret: bytes) -> bytes:
        if self.memory_kib < 19456 or self.iterations < 2:
            raise CorruptStore("A key slot asks for a weaker key derivation than Bedside allows.")
        kdf = Argon2id(
            salt=self.salt,
            length=32,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        )
        return kdf.derive(secret)

    def to_json(self) -> dict[str, Any]:
        return {
            "alg": "argon2id",
            "salt": _b64(self.salt),
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KdfParams:
        if data.get("alg") != "argon2id":
            raise ValueError("unknown kdf")
        return cls(
            salt=_unb64(data["salt"]),
            memory_kib=int(data["memory_kib"]),
            iterations=int(data["iterations"]),
            lanes=int(data["lanes"]),
        )


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
    def from_json(cls, data: dict[str, Any]) -> Slot:
        return cls(
            kind=str(data["kind"]),
            name=str(data["name"]),
            kdf=KdfParams.from_json(data["kdf"]),
            wrapped_private=_unb64(data["private_key"]),
            public_key=_unb64(data["public_key"]),
            sealed_dek={int(g): _unb64(v) for g, v in dict(data["dek"]).items()},
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
    ) -> None:
        self.path = path
        self.store_id = store_id
        self.generation = generation
        self.pending_generation = pending_generation
        self.slots = slots

    # -- file ---------------------------------------------------------------

    @classmethod
    def create(cls, path: Path) -> KeySlots:
        return cls(path, store_id=str(uuid.uuid4()), generation=1, slots=[])

    @classmethod
    def load(cls, path: Path) -> KeySlots:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise CorruptStore(
                f"The key-slot file {path.name} is missing: restore it from backup."
            ) from None
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise ValueError("format")
            pending = data.get("pending_generation")
            return cls(
                path,
                store_id=str(uuid.UUID(data["store_id"])),
                generation=int(data["generation"]),
                pending_generation=None if pending is None else int(pending),
                slots=[Slot.from_json(s) for s in data["slots"]],
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            raise CorruptStore(
                f"The key-slot file {path.name} is damaged: restore it from backup."
            ) from None

    def save(self) -> None:
        data = {
            "format": FORMAT,
            "store_id": self.store_id,
            "generation": self.generation,
            "pending_generation": self.pending_generation,
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

    def _private_aad(self, kind: str, name: str) -> bytes:
        return f"bedside/slot-private/v1|{self.store_id}|{kind}|{name}".encode()

    def _dek_aad(self, kind: str, name: str, generation: int) -> bytes:
        return f"bedside/slot-dek/v1|{self.store_id}|{kind}|{name}|{generation}".encode()

    def _seal_dek(self, slot: Slot, dek: bytes, generation: int) -> bytes:
        ephemeral = X25519PrivateKey.generate()
        epk = ephemeral.public_key().public_bytes_raw()
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(slot.public_key))
        aad = self._dek_aad(slot.kind, slot.name, generation)
        wrap_key = HKDF(hashes.SHA256(), 32, salt=epk + slot.public_key, info=aad).derive(shared)
        nonce = os.urandom(12)
        return epk + nonce + AESGCM(wrap_key).encrypt(nonce, dek, aad)

    def _open_dek(self, slot: Slot, private: X25519PrivateKey, generation: int) -> bytes:
        blob = slot.sealed_dek[generation]
        epk, nonce, ciphertext = blob[:32], blob[32:44], blob[44:]
        shared = private.exchange(X25519PublicKey.from_public_bytes(epk))
        aad = self._dek_aad(slot.kind, slot.name, generation)
        wrap_key = HKDF(hashes.SHA256(), 32, salt=epk + slot.public_key, info=aad).derive(shared)
        return AESGCM(wrap_key).decrypt(nonce, ciphertext, aad)

    def _wrap_private(self, kind: str, name: str, secret: bytes) -> tuple[KdfParams, bytes, bytes]:
        private = X25519PrivateKey.generate()
        kdf = KdfParams(salt=os.urandom(16))
        return kdf, self._wrap_key(kind, name, kdf, secret, private), private_public(private)

    def _wrap_key(
        self, kind: str, name: str, kdf: KdfParams, secret: bytes, private: X25519PrivateKey
    ) -> bytes:
        nonce = os.urandom(12)
        raw = private.private_bytes_raw()
        return nonce + AESGCM(kdf.derive(secret)).encrypt(nonce, raw, self._private_aad(kind, name))

    def _unwrap_private(self, slot: Slot, secret: bytes) -> X25519PrivateKey:
        nonce, ciphertext = slot.wrapped_private[:12], slot.wrapped_private[12:]
        try:
            raw = AESGCM(slot.kdf.derive(secret)).decrypt(
                nonce, ciphertext, self._private_aad(slot.kind, slot.name)
            )
            private = X25519PrivateKey.from_private_bytes(raw)
        except (InvalidTag, ValueError):
            raise WrongPassword("The user name or password is not right.") from None
        if private_public(private) != slot.public_key:
            raise WrongPassword("The user name or password is not right.")
        return private

    # -- operations ---------------------------------------------------------

    def add(self, kind: str, name: str, secret: bytes, deks: dict[int, bytes]) -> Slot:
        """A new slot for ``name`` that opens the given DEK generations."""
        if self.find(kind, name) is not None:
            raise ValueError(f"slot {kind}:{name} exists")
        kdf, wrapped, public = self._wrap_private(kind, name, secret)
        slot = Slot(kind=kind, name=name, kdf=kdf, wrapped_private=wrapped, public_key=public)
        for generation, dek in deks.items():
            slot.sealed_dek[generation] = self._seal_dek(slot, dek, generation)
        self.slots.append(slot)
        return slot

    def replace(self, kind: str, name: str, secret: bytes, deks: dict[int, bytes]) -> Slot:
        """Give ``name`` a fresh slot (an admin resetting a forgotten password)."""
        self.remove(kind, name)
        return self.add(kind, name, secret, deks)

    def remove(self, kind: str, name: str) -> None:
        self.slots = [s for s in self.slots if not (s.kind == kind and s.name == name)]

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
            KdfParams(salt=b"\0" * 16).derive(secret)
            raise WrongPassword("The user name or password is not right.")
        private = self._unwrap_private(slot, secret)
        deks: dict[int, bytes] = {}
        for generation in (self.generation, self.pending_generation):
            if generation is None or generation not in slot.sealed_dek:
                continue
            try:
                deks[generation] = self._open_dek(slot, private, generation)
            except (InvalidTag, ValueError):
                raise CorruptStore(
                    "A key slot was altered: restore keyslots.json from backup."
                ) from None
        if self.generation not in deks:
            raise CorruptStore("A key slot was altered: restore keyslots.json from backup.")
        return deks, private

    def change_secret(self, kind: str, name: str, old: bytes, new: bytes) -> None:
        """Re-wrap one slot's private key under a new password; nothing else changes."""
        slot = self.find(kind, name)
        if slot is None:
            raise WrongPassword("The user name or password is not right.")
        private = self._unwrap_private(slot, old)
        slot.kdf = KdfParams(salt=os.urandom(16))
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
        self.generation = generation
        self.pending_generation = None
        for slot in self.slots:
            slot.sealed_dek = {g: v for g, v in slot.sealed_dek.items() if g == generation}


def private_public(private: X25519PrivateKey) -> bytes:
    return private.public_key().public_bytes_raw()
