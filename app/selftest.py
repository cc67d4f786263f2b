"""``bedside selftest``: prove this build has what Bedside relies on.

Run inside the frozen build too: a build that lost SQLCipher, the KDF, the
ciphers, reportlab or Qt's offscreen platform must say so before a nurse types.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

Result = tuple[str, bool, str]


def _sqlcipher() -> str:
    import sqlcipher3.dbapi2 as sqlcipher

    from app.store.engine import connect_raw

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.db"
        key = os.urandom(32)
        conn = connect_raw(path, key, create=True)
        version = conn.execute("PRAGMA cipher_version").fetchone()[0]
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES ('selftest')")
        conn.close()
        if path.read_bytes()[:16] == b"SQLite format 3\0":
            raise RuntimeError("the file was written unencrypted")
    return f"SQLCipher {version}, SQLite {sqlcipher.sqlite_version}"


def _argon2() -> str:
    from app.store.keyslots import KdfParams

    key = KdfParams(salt=b"\x01" * 16).derive(b"selftest")
    if len(key) != 32:
        raise RuntimeError("wrong key length")
    return "Argon2id 64 MiB, t=3"


def _aes_gcm() -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(12)
    if AESGCM(key).decrypt(nonce, AESGCM(key).encrypt(nonce, b"x", b"a"), b"a") != b"x":
        raise RuntimeError("round trip failed")
    return "AES-256-GCM round trip"


def _ed25519() -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    key.public_key().verify(key.sign(b"selftest"), b"selftest")
    return "Ed25519 sign and verify"


def _age() -> str:
    from app.sync import agecrypt

    identity = agecrypt.generate_identity()
    sealed = agecrypt.encrypt(b"selftest", [identity.recipient])
    if agecrypt.decrypt(sealed, identity) != b"selftest":
        raise RuntimeError("round trip failed")
    return "age X25519 round trip"


def _reportlab() -> str:
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    buffer = BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 72, "Bedside selftest")
    canvas.save()
    if not buffer.getvalue().startswith(b"%PDF"):
        raise RuntimeError("no PDF produced")
    return "PDF written"


def _qt_offscreen() -> str:
    # In a child process, so the platform plugin choice cannot leak into a GUI here.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    code = "from app.ui.selftest import check; print(check())"
    if getattr(sys, "frozen", False):
        # No `python -c` in a frozen build: check here, without a window.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from app.ui.selftest import check

        return check()
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "failed")
    return done.stdout.strip()


CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("sqlcipher", _sqlcipher),
    ("argon2id", _argon2),
    ("aes-gcm", _aes_gcm),
    ("ed25519", _ed25519),
    ("age", _age),
    ("reportlab", _reportlab),
    ("qt-offscreen", _qt_offscreen),
]


def run_selftest() -> list[Result]:
    results = []
    for name, check in CHECKS:
        try:
            results.append((name, True, check()))
        except Exception as exc:  # noqa: BLE001 - every failure is a finding to report
            results.append((name, False, f"{type(exc).__name__}: {exc}"))
    return results
