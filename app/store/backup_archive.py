"""The backup file: one tar of the encrypted database, its key slots, its anchor and a manifest.

The manifest names the store (id, site, device), the audit head the copy ends at,
and the size and SHA-256 of every other member; it carries an HMAC under a key
derived from the data key, so only someone who can open the store can make a
manifest that passes. Reading never trusts the tar's own names or types: exactly
the four members, regular files, each streamed out under a fixed name while it is
hashed. Nothing in a backup is plaintext study data: the database stays encrypted
under the store's data key.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import json
import os
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import BedsideError
from app.sentences import QT_TRANSLATE_NOOP
from app.store.anchor import AuditHead
from app.store.bounded import SlotFileDamaged, bounded_int, bounded_text, parse_bounded_json

FORMAT = "bedside-backup/1"
DB = "bedside.db"
SLOTS = "keyslots.json"
ANCHOR = "anchor.json"
MANIFEST = "manifest.json"
DATA_MEMBERS = (DB, SLOTS, ANCHOR)
MAX_MANIFEST_BYTES = 64 * 1024
MAX_SMALL_MEMBER_BYTES = 1 << 20  # the slot file's own cap; the anchor is 1 KiB
MAX_DB_BYTES = 1 << 40
CHUNK = 1 << 20


class BackupRefused(BedsideError):
    """A backup file that is damaged, cut short, altered, foreign, or not a backup at all."""


def not_a_backup(file: Path) -> BackupRefused:
    return BackupRefused(
        QT_TRANSLATE_NOOP(
            "Backup",
            "The file {name} is not a Bedside backup, or it is damaged: nothing was changed.",
        ).format(name=file.name)
    )


def damaged(file: Path, member: str) -> BackupRefused:
    if member == "content":
        return BackupRefused(
            QT_TRANSLATE_NOOP(
                "Backup",
                "The backup {name} is damaged or cut short (its content does not match its "
                "manifest): nothing was changed.",
            ).format(name=file.name)
        )
    return BackupRefused(
        QT_TRANSLATE_NOOP(
            "Backup",
            "The backup {name} is damaged or cut short (its {member} does not match its "
            "manifest): nothing was changed.",
        ).format(name=file.name, member=member)
    )


def manifest_key(dek: bytes, store_id: str) -> bytes:
    """The manifest's MAC key: bound to the data key and the store."""
    info = f"bedside/backup-manifest/v1|{store_id}".encode()
    return HKDF(hashes.SHA256(), 32, salt=None, info=info).derive(dek)


@dataclass(frozen=True)
class Manifest:
    """What a backup holds and how to know it is whole."""

    store_id: str
    site: str
    device: str
    head: AuditHead
    made_at: str
    made_by: str
    schema: str
    sha256: dict[str, str]
    sizes: dict[str, int]
    mac: str = ""

    def body(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "store_id": self.store_id,
            "site": self.site,
            "device": self.device,
            "audit_head": {"seq": self.head.seq, "row_hash": self.head.row_hash},
            "made_at": self.made_at,
            "made_by": self.made_by,
            "schema": self.schema,
            "sha256": dict(sorted(self.sha256.items())),
            "sizes": dict(sorted(self.sizes.items())),
        }

    def expected_mac(self, dek: bytes) -> str:
        canonical = json.dumps(self.body(), sort_keys=True, separators=(",", ":")).encode()
        return hmac.new(manifest_key(dek, self.store_id), canonical, hashlib.sha256).hexdigest()

    def sealed(self, dek: bytes) -> Manifest:
        return Manifest(**{**self.__dict__, "mac": self.expected_mac(dek)})

    def mac_ok(self, dek: bytes) -> bool:
        return hmac.compare_digest(self.expected_mac(dek), self.mac)

    def to_bytes(self) -> bytes:
        return json.dumps({**self.body(), "mac": self.mac}, indent=1, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Manifest:
        """Parse a manifest; raises ``SlotFileDamaged`` (a ``ValueError``) for anything odd."""
        data = parse_bounded_json(raw, MAX_MANIFEST_BYTES, 4)
        if type(data) is not dict or data.get("format") != FORMAT:
            raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "format").said())
        head = data["audit_head"]
        sha = data["sha256"]
        sizes = data["sizes"]
        if type(head) is not dict or type(sha) is not dict or type(sizes) is not dict:
            raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "bad manifest").said())
        if set(sha) != set(DATA_MEMBERS) or set(sizes) != set(DATA_MEMBERS):
            raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "members").said())
        return cls(
            store_id=bounded_text(data["store_id"], 36),
            site=bounded_text(data["site"], 32),
            device=bounded_text(data["device"], 32),
            head=AuditHead(
                bounded_int(head["seq"], 0, 2**63 - 1), bounded_text(head["row_hash"], 64)
            ),
            made_at=bounded_text(data["made_at"], 40),
            made_by=bounded_text(data["made_by"]),
            schema=bounded_text(data["schema"], 64),
            sha256={k: bounded_text(v, 64) for k, v in sha.items()},
            sizes={k: bounded_int(v, 0, MAX_DB_BYTES) for k, v in sizes.items()},
            mac=bounded_text(data["mac"], 64),
        )


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def write_archive(target: Path, manifest: Manifest, folder: Path) -> None:
    """Write the manifest and the members found in ``folder`` as a tar at ``target``, fsynced.

    ``target`` must not exist (it is a fresh temporary name); it is removed on failure.
    """
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            with tarfile.open(fileobj=handle, mode="w:", format=tarfile.PAX_FORMAT) as tar:
                raw = manifest.to_bytes()
                tar.addfile(_info(MANIFEST, len(raw)), io.BytesIO(raw))
                for name in DATA_MEMBERS:
                    path = folder / name
                    with path.open("rb") as member:
                        tar.addfile(_info(name, path.stat().st_size), member)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise


def _info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = 0
    return info


def read_archive(file: Path, into: Path) -> Manifest:
    """Check ``file`` member by member and write its data members into ``into``.

    Raises :class:`BackupRefused` for anything but exactly the four members, each a
    regular file whose size and SHA-256 match the manifest. The manifest's MAC is
    the caller's to check, once a slot has opened the data key.
    """
    try:
        handle: IO[bytes] = file.open("rb")
    except IsADirectoryError:
        raise not_a_backup(file) from None
    with handle:
        try:
            tar = tarfile.open(fileobj=handle, mode="r:")  # noqa: SIM115 - closed just below
        except (tarfile.TarError, EOFError, ValueError):
            raise not_a_backup(file) from None
        with tar:
            return _read_members(file, tar, into)


def _read_members(file: Path, tar: tarfile.TarFile, into: Path) -> Manifest:
    manifest: Manifest | None = None
    seen: set[str] = set()
    try:
        for info in tar:
            name = info.name
            if name in seen or name not in (MANIFEST, *DATA_MEMBERS) or not info.isreg():
                raise not_a_backup(file)
            seen.add(name)
            source = tar.extractfile(info)
            if source is None:
                raise not_a_backup(file)
            if name == MANIFEST:
                if manifest is not None or seen != {MANIFEST} or info.size > MAX_MANIFEST_BYTES:
                    raise not_a_backup(file)
                try:
                    manifest = Manifest.from_bytes(source.read(MAX_MANIFEST_BYTES + 1))
                except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                    raise not_a_backup(file) from None
                continue
            if manifest is None:
                raise not_a_backup(file)
            limit = MAX_DB_BYTES if name == DB else MAX_SMALL_MEMBER_BYTES
            if info.size != manifest.sizes[name] or info.size > limit:
                raise damaged(file, name)
            if _copy_hashed(source, into / name) != (manifest.sha256[name], info.size):
                raise damaged(file, name)
    except (tarfile.TarError, EOFError):
        raise damaged(file, "content") from None
    if manifest is None:
        raise not_a_backup(file)
    missing = [n for n in DATA_MEMBERS if n not in seen]
    if missing:
        raise damaged(file, missing[0])
    return manifest


def _copy_hashed(source: IO[bytes], target: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest(), size
