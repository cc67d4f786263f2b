"""The key-slot file's fixed shape, and the secrets people type to open a slot.

The file names its format and holds slots of two kinds; everything a file read from
disk may ask for is bounded, so a damaged or hostile file is refused before a byte is
allocated for the key derivation. A password is compared in Unicode NFC, a recovery key
without its dashes and in capitals.
"""

from __future__ import annotations

import base64
import secrets
import unicodedata

from app.sentences import QT_TRANSLATE_NOOP
from app.store.bounded import SlotFileDamaged, bounded_int

FORMAT = "bedside-keyslots/1"
RECOVERY_NAME = "recovery"
SLOT_KINDS = frozenset(("user", "recovery"))

# What a slot file read from disk may ask for. Anything outside is a damaged or
# hostile file: refused before a single byte is allocated for the KDF.
MAX_SLOT_FILE_BYTES = 1 << 20
MAX_JSON_DEPTH = 16
MEMORY_KIB_RANGE = (19456, 1048576)  # 19 MiB – 1 GiB
ITERATIONS_RANGE = (1, 10)
LANES_RANGE = (1, 8)
GENERATION_RANGE = (1, 1_000_000)
MAX_SLOTS = 1000
SALT_BYTES = 16
PUBLIC_KEY_BYTES = 32
WRAPPED_PRIVATE_BYTES = 12 + 32 + 16  # nonce ‖ AES-GCM(32-byte key) ‖ tag
SEALED_DEK_BYTES = 32 + 12 + 32 + 16  # ephemeral key ‖ nonce ‖ AES-GCM(DEK) ‖ tag

DAMAGED = QT_TRANSLATE_NOOP(
    "Store", "The key file is damaged: restore it from a backup ({name} is damaged or was edited)."
)
NOT_RIGHT = QT_TRANSLATE_NOOP("Store", "The user name or password is not right.")
ALTERED = QT_TRANSLATE_NOOP("Store", "A key slot was altered: restore keyslots.json from backup.")


def normalise_password(password: str) -> bytes:
    """NFC so a password typed on another keyboard layout still matches."""
    return unicodedata.normalize("NFC", password).encode("utf-8")


def normalise_recovery_key(text: str) -> str:
    """A recovery key as typed, in capitals and without dashes or spaces."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def new_recovery_key() -> str:
    """160 random bits as 32 base32 characters in groups of four."""
    raw = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def generation_key(text: str) -> int:
    """A generation written as a JSON object key: plain decimal digits only."""
    if not (0 < len(text) <= 7 and text.isascii() and text.isdigit()):
        raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "bad key generation").said())
    return bounded_int(int(text), *GENERATION_RANGE)
