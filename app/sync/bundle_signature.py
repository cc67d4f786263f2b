"""The signatures of a sync bundle: the ``.minisig`` beside it and ``manifest.sig`` inside.

Both are minisign signatures by the device key whose trusted comment names the file,
study, site, device and sequence. Only the exact bytes Bedside writes are accepted, so
no byte of a signature file can change unnoticed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.sentences import QT_TRANSLATE_NOOP
from app.sync import minisign
from app.sync.bundle_manifest import FORMAT, FORMAT_VERSION, ID_RE, STUDY_RE
from app.sync.bundle_manifest import epoch as _epoch
from app.sync.bundle_types import UNTRUSTED_COMMENT, BundleRejected, RejectCode, TrustedComment

_COMMENT_KEYS = ("timestamp", "file", "format", "study", "site", "device", "seq")


def sign(
    data: bytes, key: bytes, key_id: bytes, comment: str, *, blake2b: bytes | None = None
) -> bytes:
    """The signature file Bedside writes for ``data``, with ``comment`` trusted;
    ``blake2b``: the BLAKE2b-512 of ``data``, if the caller already took it."""
    text = minisign.sign(
        data, key, key_id, comment, untrusted_comment=UNTRUSTED_COMMENT, blake2b=blake2b
    )
    return text.encode("utf-8")


def comment_text(fields: Mapping[str, Any], file: str) -> str:
    """A trusted comment in minisign's ``key:value`` tab style."""
    values = {"timestamp": _epoch(fields.get("created_at", "")), **fields}
    values.update(file=file, format=f"{FORMAT}/{FORMAT_VERSION}")
    return "\t".join(f"{key}:{values[key]}" for key in _COMMENT_KEYS)


def trusted_comment(manifest: Mapping[str, Any], file: str) -> TrustedComment:
    """The trusted comment a signature of ``file`` carries for ``manifest``."""
    m = manifest
    stamp = _epoch(m["created_at"])
    return TrustedComment(stamp, file, m["study"], m["site"], m["device"], m["seq"])


def parse_signature_file(
    data: bytes, code: RejectCode = "bad_signature_file"
) -> tuple[minisign.Signature, TrustedComment]:
    """A signature file as Bedside writes it, and its trusted comment; refused otherwise."""
    try:
        text = data.decode("utf-8")
        sig = minisign.parse_signature(text)
    except UnicodeDecodeError:
        raise BundleRejected(
            code, QT_TRANSLATE_NOOP("Bundle", "The signature file is not UTF-8 text.").said()
        ) from None
    except minisign.MalformedSignature as exc:
        raise BundleRejected(
            code,
            QT_TRANSLATE_NOOP(
                "Bundle", "The signature is not in minisign format: {problem}"
            ).format(problem=str(exc)),
        ) from None
    # Our writer's exact bytes only: then no byte of the file can change unnoticed.
    ours = sig.prehashed and sig.untrusted_comment == UNTRUSTED_COMMENT
    if not ours or minisign.format_signature(sig) != text:
        raise BundleRejected(
            code,
            QT_TRANSLATE_NOOP("Bundle", "The signature file was not written by Bedside.").said(),
        )
    fields = dict(part.partition(":")[::2] for part in sig.trusted_comment.split("\t"))
    try:
        comment = TrustedComment(
            int(fields["timestamp"]),
            fields["file"],
            fields["study"],
            fields["site"],
            fields["device"],
            int(fields["seq"]),
        )
    except (KeyError, ValueError):
        comment = None
    if (
        comment is None
        or comment_text(vars(comment), comment.file) != sig.trusted_comment
        or not all(ID_RE.fullmatch(value) for value in (comment.site, comment.device))
        or not STUDY_RE.fullmatch(comment.study)
    ):
        raise BundleRejected(
            code,
            QT_TRANSLATE_NOOP(
                "Bundle", "The signature's trusted comment is not a Bedside one."
            ).said(),
        )
    return sig, comment


def verify_signature(
    data: bytes,
    sig: minisign.Signature,
    key: minisign.PublicKey,
    code: RejectCode,
    what: str,
    *,
    blake2b: bytes | None = None,
) -> None:
    """Refuse ``data`` under ``code`` unless ``sig`` by ``key`` verifies over it;
    ``blake2b``: the BLAKE2b-512 of ``data``, if the caller already took it."""
    try:
        minisign.verify_parsed(data, sig, key, blake2b=blake2b)
    except minisign.KeyIdMismatch as exc:
        raise BundleRejected("wrong_key" if code == "bad_signature" else code, str(exc)) from None
    except minisign.VerificationFailed:
        if what == "The bundle file":
            raise BundleRejected(
                code,
                QT_TRANSLATE_NOOP("Bundle", "The bundle file does not match its signature.").said(),
            ) from None
        raise BundleRejected(
            code,
            QT_TRANSLATE_NOOP("Bundle", "{what} does not match its signature.").format(what=what),
        ) from None
