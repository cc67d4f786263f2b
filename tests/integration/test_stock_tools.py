"""Interoperability with the stock ``age``, ``minisign`` and ``tar`` command-line tools.

A data manager must be able to check a bundle without our code, and files made by the
stock tools must be readable by ours. CI installs the tools (apt: age, minisign); the
tests skip, saying so, only where a binary is absent.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.sync import agecrypt, bundle, minisign

needs_age = pytest.mark.skipif(shutil.which("age") is None, reason="stock `age` not installed")
needs_minisign = pytest.mark.skipif(
    shutil.which("minisign") is None, reason="stock `minisign` not installed"
)
needs_tar = pytest.mark.skipif(shutil.which("tar") is None, reason="stock `tar` not installed")

KEYS = minisign.generate_keypair()
HUB = agecrypt.generate_identity()
MEMBERS = {"changes.jsonl": b'{"op":"upsert"}\n', "audit.jsonl": b'{"id":1}\n'}


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run a stock tool without a terminal; never waits for a passphrase prompt."""
    argv = [str(a) for a in args]
    return subprocess.run(
        argv, cwd=cwd, capture_output=True, stdin=subprocess.DEVNULL, timeout=60, check=False
    )


def write_bundle(folder: Path) -> bundle.BundlePaths:
    manifest = bundle.build_manifest(
        study="NCT04339660",
        site="S01",
        device="D0001",
        seq=1,
        prev_bundle_sha256=bundle.ZERO_SHA256,
        changes=(1, 1),
        audit=(1, 1),
        audit_head="a" * 64,
        created_at=datetime(2025, 3, 14, 9, 26, 53, tzinfo=UTC),
    )
    return bundle.write_bundle(
        folder, manifest, MEMBERS, KEYS.private_key, KEYS.key_id, [HUB.recipient]
    )


def identity_file(folder: Path) -> Path:
    path = folder / "hub-identity.txt"
    path.write_text(agecrypt.identity_file_text(HUB))
    return path


def public_key_base64() -> str:
    return minisign.public_key_string(KEYS.public).splitlines()[1]


@needs_age
def test_stock_age_decrypts_our_bundle_into_the_archive(tmp_path: Path) -> None:
    paths = write_bundle(tmp_path)
    out = tmp_path / "payload.tar"
    result = run("age", "-d", "-i", identity_file(tmp_path), "-o", out, paths.age)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == agecrypt.decrypt(paths.age.read_bytes(), HUB)


@needs_age
@needs_tar
@needs_minisign
def test_data_manager_can_unpack_and_check_a_bundle_with_stock_tools(tmp_path: Path) -> None:
    paths = write_bundle(tmp_path)
    out = tmp_path / "payload.tar"
    assert run("age", "-d", "-i", identity_file(tmp_path), "-o", out, paths.age).returncode == 0
    listing = run("tar", "-tf", out)
    assert listing.returncode == 0, listing.stderr
    assert listing.stderr == b""
    assert listing.stdout.decode().split() == [
        "manifest.json",
        "manifest.sig",
        "audit.jsonl",
        "changes.jsonl",
    ]
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    assert run("tar", "-xf", out, "-C", unpacked).returncode == 0
    assert (unpacked / "changes.jsonl").read_bytes() == MEMBERS["changes.jsonl"]
    key = public_key_base64()
    check = run("minisign", "-Vm", "manifest.json", "-x", "manifest.sig", "-P", key, cwd=unpacked)
    assert check.returncode == 0, check.stderr
    assert b"file:manifest.json" in check.stdout


@needs_minisign
def test_stock_minisign_verifies_our_signature(tmp_path: Path) -> None:
    paths = write_bundle(tmp_path)
    result = run("minisign", "-V", "-m", paths.age, "-P", public_key_base64())
    assert result.returncode == 0, result.stderr
    assert b"seq:1" in result.stdout
    pub = tmp_path / "device.pub"
    pub.write_text(minisign.public_key_string(KEYS.public))
    assert run("minisign", "-V", "-m", paths.age, "-p", pub).returncode == 0


@needs_minisign
def test_stock_minisign_refuses_our_bundle_with_a_flipped_byte(tmp_path: Path) -> None:
    paths = write_bundle(tmp_path)
    data = bytearray(paths.age.read_bytes())
    data[len(data) // 2] ^= 0x01
    paths.age.write_bytes(bytes(data))
    result = run("minisign", "-V", "-m", paths.age, "-P", public_key_base64())
    assert result.returncode != 0


@needs_minisign
@pytest.mark.parametrize("legacy", [False, True])
def test_our_verify_accepts_signatures_made_by_stock_minisign(tmp_path: Path, legacy: bool) -> None:
    pub, key = tmp_path / "stock.pub", tmp_path / "stock.key"
    generated = run("minisign", "-G", "-W", "-p", pub, "-s", key)
    assert generated.returncode == 0, generated.stderr
    message = tmp_path / "message.bin"
    message.write_bytes(b"signed by the stock tool\n" * 100)
    legacy_flag = ["-l"] if legacy else []
    signed = run("minisign", "-S", "-s", key, "-m", message, "-t", "stock comment", *legacy_flag)
    assert signed.returncode == 0, signed.stderr
    sig_text = (tmp_path / "message.bin.minisig").read_text()
    public = minisign.parse_public_key(pub.read_text())
    assert minisign.parse_signature(sig_text).prehashed is not legacy
    assert minisign.verify(message.read_bytes(), sig_text, public) == "stock comment"
    with pytest.raises(minisign.VerificationFailed):
        minisign.verify(message.read_bytes() + b"x", sig_text, public)


@needs_age
def test_our_decrypt_opens_a_file_encrypted_by_stock_age(tmp_path: Path) -> None:
    plain = tmp_path / "plain.bin"
    plain.write_bytes(bytes(range(256)) * 300)
    encrypted = tmp_path / "plain.bin.age"
    result = run("age", "-r", HUB.recipient, "-o", encrypted, plain)
    assert result.returncode == 0, result.stderr
    assert agecrypt.decrypt(encrypted.read_bytes(), HUB) == plain.read_bytes()


@pytest.mark.skipif(shutil.which("age-keygen") is None, reason="stock `age-keygen` not installed")
def test_identity_file_from_stock_age_keygen_is_readable(tmp_path: Path) -> None:
    key_file = tmp_path / "key.txt"
    assert run("age-keygen", "-o", key_file).returncode == 0
    identity = agecrypt.parse_identity(key_file.read_text())
    assert f"# public key: {identity.recipient}" in key_file.read_text()
    assert agecrypt.decrypt(agecrypt.encrypt(b"x", [identity.recipient]), identity) == b"x"
