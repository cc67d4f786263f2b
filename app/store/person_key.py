"""Each person's own Ed25519 signing key.

The key is derived from the private half of the person's key slot, which only
their password unwraps. Whoever holds the data key (every person who unlocks
the device) can read the whole database, but cannot make another person's key:
so a seal on a transaction, or an e-signature, proves who made it.
"""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.store import bech32
from app.store.keyslots import RECOVERY_NAME

# The name under which the recovery key acts and signs.
RECOVERY_ACTOR = "recovery-key"


def derive_signing_key(
    slot_private: X25519PrivateKey, store_id: str, kind: str, name: str
) -> Ed25519PrivateKey:
    """The person's signing key, bound to this store and this slot."""
    info = f"bedside/person-signing-key/v1|{store_id}|{kind}|{name}".encode()
    seed = HKDF(hashes.SHA256(), 32, salt=None, info=info).derive(slot_private.private_bytes_raw())
    return Ed25519PrivateKey.from_private_bytes(seed)


def derive_age_secret(slot_private: X25519PrivateKey, store_id: str, kind: str, name: str) -> str:
    """The person's age identity (``AGE-SECRET-KEY-1…``), bound to this store and slot.

    Derived like the signing key, under its own label, so files sealed to the
    person (their device's allocation part) open with their password alone: the
    app derives it, or the person writes it to a file for the stock ``age -d -i``.
    """
    info = f"bedside/person-age-identity/v1|{store_id}|{kind}|{name}".encode()
    scalar = HKDF(hashes.SHA256(), 32, salt=None, info=info).derive(
        slot_private.private_bytes_raw()
    )
    return bech32.encode("age-secret-key-", scalar).upper()


def age_recipient(secret: str) -> str:
    """The ``age1…`` recipient of an identity made by :func:`derive_age_secret`."""
    from app.sync import agecrypt

    return agecrypt.parse_identity(secret).recipient


def public_text(key: Ed25519PrivateKey) -> str:
    """The public half as base64 (44 characters), as enrolments and the hub keep it."""
    return base64.b64encode(key.public_key().public_bytes_raw()).decode("ascii")


def slot_for_actor(actor_name: str) -> tuple[str, str]:
    """(slot kind, slot name) of the key an actor signs with."""
    if actor_name == RECOVERY_ACTOR:
        return "recovery", RECOVERY_NAME
    return "user", actor_name
