"""The file that carries one device's part of the allocation list to its pharmacists.

Standard formats, so it can be checked without Bedside:

* the file is **age**-encrypted to the X25519 recipients of the device's enrolled
  pharmacists (each derives their identity from their own slot, see
  :func:`app.store.person_key.derive_age_identity`), so ``age -d -i ID FILE`` opens
  it for them and for nobody else, the hub included;
* inside is one JSON object ``{"format", "payload", "signature"}``: ``payload`` is
  the base64 of the part as canonical JSON, ``signature`` a **minisign** signature
  of those bytes by the hub's key (the one devices pin for receipts), whose
  trusted comment names study, device and serial. ``minisign -Vm payload -P KEY``
  verifies it.

The payload: ``format``, ``study``, ``hub_id``, ``device``, ``serial`` (1, 2, … for
each part the hub wrote for that device), ``issued_at``, ``issued_by``,
``recipients`` (the pharmacists' names) and ``slots``, every slot of the device's
part so far (``number``, ``block``, ``block_size``, ``arm``, ``kit_code``). A later
serial repeats the earlier slots unchanged and adds the top-up's.

:func:`open_part` is what an import on the device calls: it decrypts, verifies the
hub's signature and checks the study and the device; whether a serial or a kit
code was seen before is the importing store's to check.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.allocation.generator import Slot
from app.allocation.kit_codes import is_valid
from app.sentences import QT_TRANSLATE_NOOP
from app.sync import agecrypt, minisign
from app.sync.bundle import canonical_json
from app.timeutil import iso_utc

FORMAT = "bedside-allocation-part/1"
MAX_FILE_BYTES = 32 * 1024 * 1024
DAMAGED = QT_TRANSLATE_NOOP(
    "AllocationFile", "The allocation file is damaged: ask the hub for a new one."
)


class PartRejected(Exception):
    """The file is not a part this device may take; one sentence says why."""

    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence


@dataclass(frozen=True)
class PartPayload:
    study: str
    hub_id: str
    device: str
    serial: int
    issued_at: datetime
    issued_by: str
    recipients: tuple[str, ...]
    slots: tuple[Slot, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "study": self.study,
            "hub_id": self.hub_id,
            "device": self.device,
            "serial": self.serial,
            "issued_at": iso_utc(self.issued_at),
            "issued_by": self.issued_by,
            "recipients": list(self.recipients),
            "slots": [s.to_json() for s in self.slots],
        }

    @property
    def trusted_comment(self) -> str:
        return f"bedside allocation study:{self.study} device:{self.device} serial:{self.serial}"


def seal_part(
    payload: PartPayload, private_key: bytes, key_id: bytes, recipients: Sequence[str]
) -> bytes:
    """The file's bytes: the payload signed with the hub's key, encrypted to ``recipients``."""
    data = canonical_json(payload.to_json())
    signature = minisign.sign(
        data,
        private_key,
        key_id,
        payload.trusted_comment,
        untrusted_comment="bedside hub allocation part",
    )
    envelope = {
        "format": FORMAT,
        "payload": base64.b64encode(data).decode("ascii"),
        "signature": signature,
    }
    return agecrypt.encrypt(canonical_json(envelope), list(recipients))


def open_part(
    data: bytes,
    identities: Sequence[agecrypt.AgeIdentity | str],
    hub_key: minisign.PublicKey,
    study: str,
    device: str,
) -> tuple[PartPayload, bytes]:
    """Decrypt, verify and check a part; the payload and its signed bytes."""
    if len(data) > MAX_FILE_BYTES:
        raise PartRejected(
            QT_TRANSLATE_NOOP(
                "AllocationFile", "The allocation file is too large to be one device's part."
            ).said()
        )
    try:
        plain = agecrypt.decrypt(data, list(identities))
    except agecrypt.AgeError:
        raise PartRejected(
            QT_TRANSLATE_NOOP(
                "AllocationFile",
                "This allocation file is not for you: it opens only for the pharmacists of the "
                "device it was written for.",
            ).said()
        ) from None
    try:
        envelope = json.loads(plain)
        if envelope.get("format") != FORMAT:
            raise ValueError("format")
        signed = base64.b64decode(envelope["payload"], validate=True)
        signature = str(envelope["signature"])
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error):
        raise PartRejected(DAMAGED.said()) from None
    try:
        comment = minisign.verify(signed, signature, hub_key)
    except minisign.MinisignError:
        raise PartRejected(
            QT_TRANSLATE_NOOP(
                "AllocationFile",
                "The allocation file is not signed by this device's hub: it was changed or "
                "comes from elsewhere.",
            ).said()
        ) from None
    payload = _payload(signed)
    if comment != payload.trusted_comment:
        raise PartRejected(
            QT_TRANSLATE_NOOP(
                "AllocationFile", "The allocation file's signature names another part."
            ).said()
        )
    if payload.study != study:
        raise PartRejected(
            QT_TRANSLATE_NOOP(
                "AllocationFile", "The allocation file is for study {found}, not {study}."
            ).format(found=payload.study[:40], study=study)
        )
    if payload.device != device:
        raise PartRejected(
            QT_TRANSLATE_NOOP(
                "AllocationFile",
                "The allocation file is for device {found}, not this one ({device}).",
            ).format(found=payload.device[:32], device=device)
        )
    return payload, signed


def _payload(signed: bytes) -> PartPayload:
    try:
        raw = json.loads(signed)
        if raw.get("format") != FORMAT:
            raise ValueError("format")
        device = str(raw["device"])
        slots = tuple(
            Slot(
                device=device,
                number=int(s["number"]),
                block=int(s["block"]),
                block_size=int(s["block_size"]),
                arm=str(s["arm"]),
                kit_code=str(s["kit_code"]),
            )
            for s in raw["slots"]
        )
        if [s.number for s in slots] != list(range(1, len(slots) + 1)):
            raise ValueError("slot numbers")
        if not all(is_valid(s.kit_code) for s in slots):
            raise ValueError("kit code")
        return PartPayload(
            study=str(raw["study"]),
            hub_id=str(raw["hub_id"]),
            device=device,
            serial=int(raw["serial"]),
            issued_at=datetime.fromisoformat(str(raw["issued_at"]).replace("Z", "+00:00")),
            issued_by=str(raw["issued_by"]),
            recipients=tuple(str(n) for n in raw["recipients"]),
            slots=slots,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        raise PartRejected(DAMAGED.said()) from None
