"""What became of each entry in an import folder, and the hub's record of it.

An entry is applied, a duplicate, held for a gap, rejected, quarantined (its device was
revoked) or skipped (not read at all). Every rejection and skip is recorded with its
code and its reason in English, so ``hub status`` can show it and a bundle rejected once
is not checked again.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select

from app.hub.models import ReceivedFile
from app.hub.store import Hub
from app.sentences import Sentence
from app.sync.safe_read import printable_name
from app.timeutil import utc_now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What became of one folder entry."""

    file: str
    device: str | None
    seq: int | None
    status: str  # applied, duplicate, held, rejected, quarantined, skipped
    code: str | None = None
    reason: str | None = None
    changes: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        where = f"{self.file}: {self.status}"
        if self.status == "applied":
            return f"{where} ({self.changes} changes)"
        return f"{where} — {self.reason}" if self.reason else where


@dataclass
class Incoming:
    """A bundle as read from the folder (or held at the hub), not yet checked."""

    file_name: str
    age: bytes
    sig: str
    sha256: str
    blake2b: bytes | None = field(default=None)
    """The BLAKE2b-512 of ``age``, which its signature signs, if it was taken on reading."""
    # Set once the bundle's signature verified with a device's key: only then is a
    # rejection that device's (junk named like its bundles is counted apart).
    device: str | None = field(default=None)
    seq: int | None = field(default=None)


def english(sentence: str) -> str:
    """What the hub keeps and reports: the English words, whoever's language said them."""
    return sentence.english() if isinstance(sentence, Sentence) else sentence


def reject(hub: Hub, incoming: Incoming, code: str, sentence: str) -> Outcome:
    """A bundle refused with ``code``: recorded, and quarantined if its device was revoked."""
    status = "quarantined" if code == "revoked_device" else "rejected"
    with hub.session() as session:
        session.add(
            ReceivedFile(
                file_name=incoming.file_name,
                sha256=incoming.sha256,
                device=incoming.device,
                seq=incoming.seq,
                status=status,
                code=code,
                reason=sentence,
                received_at=utc_now(),
            )
        )
    log.info("%s %s: %s", status, incoming.file_name, sentence)
    return Outcome(incoming.file_name, incoming.device, incoming.seq, status, code, sentence)


def skip(hub: Hub, name: str, code: str, sentence: str) -> Outcome:
    """A folder entry that is not read at all: recorded once, against no device."""
    with hub.session() as session:
        known = session.scalars(
            select(ReceivedFile.id).where(
                ReceivedFile.file_name == name,
                ReceivedFile.status == "skipped",
                ReceivedFile.code == code,
            )
        ).first()
        if known is None:
            session.add(
                ReceivedFile(
                    file_name=name[:100],
                    sha256="",
                    device=None,
                    seq=None,
                    status="skipped",
                    code=code,
                    reason=sentence,
                    received_at=utc_now(),
                )
            )
    log.info("skipped %s: %s", name, sentence)
    return Outcome(name, None, None, "skipped", code, sentence)


def internal_error(hub: Hub, name: str, exc: Exception) -> Outcome:
    """A bug while handling one bundle: logged with its traceback, that bundle rejected."""
    shown = printable_name(name)
    log.error("internal error importing %s", shown, exc_info=exc)
    sentence = (
        f"The hub could not check {shown[:120]} ({type(exc).__name__}); it was rejected and "
        "the error is in the hub's log."
    )
    try:
        with hub.session() as session:
            session.add(
                ReceivedFile(
                    file_name=shown[:100],
                    sha256="",
                    device=None,
                    seq=None,
                    status="rejected",
                    code="internal_error",
                    reason=sentence,
                    received_at=utc_now(),
                )
            )
    except Exception:  # the hub's own store failing is logged; the loop goes on
        log.exception("could not record the rejection of %s", shown)
    return Outcome(shown, None, None, "rejected", "internal_error", sentence)
