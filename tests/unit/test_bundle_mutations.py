"""SECURITY.md test 12: any change to a bundle is rejected with a specific code.

Each mutated bundle must raise ``BundleRejected`` with one of the codes its stage can
produce, and nothing else: no other exception type, and never success.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.sync import agecrypt, bundle, bundle_manifest, minisign
from app.sync.bundle import BundleRejected
from tests.unit.test_bundle import (
    CREATED,
    HUB,
    KEYS,
    MEMBERS,
    OTHER_KEYS,
    archive,
    make_manifest,
    signed_manifest,
    with_members,
)

INNER_CODES = {
    "bad_container",
    "bad_manifest",
    "manifest_signature",
    "member_set",
    "member_hash",
    "name_mismatch",
    "too_large",
}
SIG_FILE_CODES = {"bad_signature_file", "bad_signature", "wrong_key"}


def _build() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        first = bundle.write_bundle(
            Path(folder), make_manifest(), MEMBERS, KEYS.private_key, KEYS.key_id, [HUB.recipient]
        )
        other_members = {name: data + b"\n" for name, data in MEMBERS.items()}
        second = bundle.write_bundle(
            Path(folder),
            make_manifest(seq=2, prev=first.age_sha256),
            other_members,
            KEYS.private_key,
            KEYS.key_id,
            [HUB.recipient],
        )
        return {
            "a": (first.age.name, first.age.read_bytes(), first.sig.read_bytes()),
            "b": (second.age.name, second.age.read_bytes(), second.sig.read_bytes()),
        }


BUNDLES = _build()
A_NAME, A_AGE, A_SIG = BUNDLES["a"]
B_NAME, B_AGE, B_SIG = BUNDLES["b"]
A_CONTAINER = agecrypt.decrypt(A_AGE, HUB)
B_CONTAINER = agecrypt.decrypt(B_AGE, HUB)


def code_of(name: str, age: bytes, sig: bytes, key: minisign.PublicKey = KEYS.public) -> str:
    """Open in memory; fail the test unless ``BundleRejected`` is raised."""
    with pytest.raises(BundleRejected) as caught:
        bundle.open_bundle_bytes(name, age, sig, key, HUB)
    return caught.value.code


def resealed_code(container: bytes, manifest: dict[str, Any] | None = None) -> str:
    """Encrypt and sign ``container`` with the real device key, then open it."""
    manifest = manifest or make_manifest()
    age = agecrypt.encrypt(container, [HUB.recipient])
    comment = bundle._comment_text(manifest, A_NAME)
    return code_of(A_NAME, age, bundle._sign(age, KEYS.private_key, KEYS.key_id, comment))


def flip(data: bytes, index: int, mask: int) -> bytes:
    return data[:index] + bytes([data[index] ^ mask]) + data[index + 1 :]


def test_untouched_bundles_open() -> None:
    assert bundle.open_bundle_bytes(A_NAME, A_AGE, A_SIG, KEYS.public, HUB).members == MEMBERS
    assert bundle.open_bundle_bytes(B_NAME, B_AGE, B_SIG, KEYS.public, HUB).name.seq == 2


def test_every_byte_of_every_layer_is_covered() -> None:
    # Exhaustive, one flipped bit per byte: the outer files and the decrypted archive.
    for index in range(len(A_AGE)):
        assert code_of(A_NAME, flip(A_AGE, index, 0x01), A_SIG) == "bad_signature"
    for index in range(len(A_SIG)):
        assert code_of(A_NAME, A_AGE, flip(A_SIG, index, 0x01)) in SIG_FILE_CODES
    for index in range(len(A_CONTAINER)):
        assert resealed_code(flip(A_CONTAINER, index, 0x01)) in INNER_CODES


@given(st.data())
def test_any_flipped_byte_of_the_age_file_breaks_the_signature(data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(A_AGE) - 1))
    mask = data.draw(st.integers(1, 255))
    assert code_of(A_NAME, flip(A_AGE, index, mask), A_SIG) == "bad_signature"


@given(st.data())
def test_any_flipped_byte_of_the_signature_file_is_rejected(data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(A_SIG) - 1))
    mask = data.draw(st.integers(1, 255))
    assert code_of(A_NAME, A_AGE, flip(A_SIG, index, mask)) in SIG_FILE_CODES


@pytest.mark.parametrize("line", [0, 1, 2, 3])
def test_a_flipped_byte_in_each_line_of_the_signature_file_is_rejected(line: int) -> None:
    start = sum(len(x) + 1 for x in A_SIG.split(b"\n")[:line])
    assert code_of(A_NAME, A_AGE, flip(A_SIG, start + 5, 0x01)) in SIG_FILE_CODES


@given(st.integers(0, len(A_AGE) - 1))
def test_truncated_age_file_is_rejected(length: int) -> None:
    assert code_of(A_NAME, A_AGE[:length], A_SIG) == "bad_signature"


@given(st.integers(0, len(A_SIG) - 1))
def test_truncated_signature_file_is_rejected(length: int) -> None:
    assert code_of(A_NAME, A_AGE, A_SIG[:length]) == "bad_signature_file"


@given(st.binary(min_size=1, max_size=64))
def test_bytes_appended_to_either_file_are_rejected(tail: bytes) -> None:
    assert code_of(A_NAME, A_AGE + tail, A_SIG) == "bad_signature"
    assert code_of(A_NAME, A_AGE, A_SIG + tail) == "bad_signature_file"


@given(st.binary(max_size=2048))
def test_garbage_signature_file_is_rejected(garbage: bytes) -> None:
    assert code_of(A_NAME, A_AGE, garbage) == "bad_signature_file"


@given(st.text(max_size=400))
def test_garbage_text_signature_file_is_rejected(garbage: str) -> None:
    assert code_of(A_NAME, A_AGE, garbage.encode("utf-8", "surrogatepass")) in SIG_FILE_CODES


def test_whole_files_swapped_between_bundles_are_rejected() -> None:
    assert code_of(A_NAME, B_AGE, A_SIG) == "bad_signature"
    assert code_of(A_NAME, A_AGE, B_SIG) == "bad_signature"
    assert code_of(B_NAME, A_AGE, A_SIG) == "name_mismatch"


def test_signature_from_another_device_key_is_rejected() -> None:
    assert code_of(A_NAME, A_AGE, A_SIG, OTHER_KEYS.public) == "wrong_key"


def _members_of(container: bytes) -> dict[str, bytes]:
    members, _ = bundle._parse_container(container, bundle.DEFAULT_LIMITS)
    return members


@pytest.mark.parametrize(
    ("member", "code"),
    [
        ("changes.jsonl", "member_hash"),
        ("audit.jsonl", "member_hash"),
        ("signatures.jsonl", "member_hash"),
        ("manifest.sig", "manifest_signature"),
        ("manifest.json", "manifest_signature"),
    ],
)
def test_members_swapped_between_two_bundles_are_rejected(member: str, code: str) -> None:
    entries = _members_of(A_CONTAINER)
    entries[member] = _members_of(B_CONTAINER)[member]
    assert resealed_code(archive(entries.items())) == code


@given(st.data())
def test_any_flipped_byte_of_the_decrypted_archive_is_rejected(data: st.DataObject) -> None:
    # The device key re-signs the result, so only the inner checks stand in the way.
    index = data.draw(st.integers(0, len(A_CONTAINER) - 1))
    mask = data.draw(st.integers(1, 255))
    assert resealed_code(flip(A_CONTAINER, index, mask)) in INNER_CODES


@given(st.integers(0, len(A_CONTAINER) - 1))
def test_truncated_archive_is_rejected(length: int) -> None:
    assert resealed_code(A_CONTAINER[:length]) == "bad_container"


_FIELD_VALUES = st.one_of(
    st.integers(-(2**64), 2**64), st.text(max_size=70), st.booleans(), st.none()
)
_TOP_FIELDS = sorted(bundle_manifest.SCHEMA)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_TOP_FIELDS), _FIELD_VALUES)
def test_edited_manifest_under_the_old_inner_signature_is_rejected(
    field: str, value: object
) -> None:
    original = with_members(make_manifest(), MEMBERS)
    entries = dict(signed_manifest(original))
    edited = {**original, field: value}
    entries[bundle.MANIFEST_NAME] = bundle.canonical_json(edited)
    entries.update(MEMBERS)
    assume(edited != original)
    code = resealed_code(archive(sorted(entries.items(), key=_archive_order)))
    assert code in {"bad_manifest", "manifest_signature", "bad_container"}


def _archive_order(item: tuple[str, bytes]) -> tuple[int, str]:
    order = {bundle.MANIFEST_NAME: 0, bundle.MANIFEST_SIG_NAME: 1}
    return order.get(item[0], 2), item[0]


def test_manifest_edited_and_resigned_by_another_key_is_rejected() -> None:
    manifest = with_members(make_manifest(), MEMBERS)
    entries = signed_manifest({**manifest, "audit": {**manifest["audit"], "last": 24}})
    entries = [(entries[0][0], bundle.canonical_json(manifest)), entries[1]]
    assert resealed_code(archive(entries + sorted(MEMBERS.items()))) == "manifest_signature"
    other = signed_manifest(manifest, OTHER_KEYS) + sorted(MEMBERS.items())
    assert resealed_code(archive(other)) == "manifest_signature"


def test_archive_dated_otherwise_than_the_manifest_is_rejected() -> None:
    entries = signed_manifest(with_members(make_manifest(), MEMBERS)) + sorted(MEMBERS.items())
    later = CREATED.replace(year=2026)
    assert resealed_code(archive(entries, created=later)) == "bad_container"
