"""The cryptography of one key slot: the data key sealed to it, its private key wrapped.

The data key is sealed to a slot's X25519 public key (an ephemeral key pair, HKDF-SHA256
and AES-GCM); the slot's private key is wrapped with AES-GCM under a key stretched from
its owner's password. The associated data binds the store id, the slot kind, the name and
(for the data key) the key generation, so a slot copied elsewhere fails to open.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def private_aad(store_id: str, kind: str, name: str) -> bytes:
    """What a wrapped private key is bound to."""
    return f"bedside/slot-private/v1|{store_id}|{kind}|{name}".encode()


def dek_aad(store_id: str, kind: str, name: str, generation: int) -> bytes:
    """What a sealed data key is bound to."""
    return f"bedside/slot-dek/v1|{store_id}|{kind}|{name}|{generation}".encode()


def seal_dek(public_key: bytes, dek: bytes, aad: bytes) -> bytes:
    """``dek`` sealed to ``public_key``: ephemeral key ‖ nonce ‖ AES-GCM ciphertext."""
    ephemeral = X25519PrivateKey.generate()
    epk = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_key))
    wrap_key = HKDF(hashes.SHA256(), 32, salt=epk + public_key, info=aad).derive(shared)
    nonce = os.urandom(12)
    return epk + nonce + AESGCM(wrap_key).encrypt(nonce, dek, aad)


def open_dek(private: X25519PrivateKey, public_key: bytes, blob: bytes, aad: bytes) -> bytes:
    """The data key in ``blob``; raises ``InvalidTag`` if it was not sealed to this slot."""
    epk, nonce, ciphertext = blob[:32], blob[32:44], blob[44:]
    shared = private.exchange(X25519PublicKey.from_public_bytes(epk))
    wrap_key = HKDF(hashes.SHA256(), 32, salt=epk + public_key, info=aad).derive(shared)
    return AESGCM(wrap_key).decrypt(nonce, ciphertext, aad)


def wrap_private(key: bytes, private: X25519PrivateKey, aad: bytes) -> bytes:
    """``private`` under ``key``: nonce ‖ AES-GCM ciphertext."""
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, private.private_bytes_raw(), aad)


def unwrap_private(key: bytes, wrapped: bytes, aad: bytes) -> bytes:
    """The raw private key in ``wrapped``; raises ``InvalidTag`` for a wrong ``key``."""
    return AESGCM(key).decrypt(wrapped[:12], wrapped[12:], aad)


def private_public(private: X25519PrivateKey) -> bytes:
    """The raw public half of ``private``."""
    return private.public_key().public_bytes_raw()
