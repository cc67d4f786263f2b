"""Bundle format: round trip, file names, manifest rules, and each rejection code.

The helpers at the top are shared with the other ``test_bundle_*`` files.
"""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.sync import agecrypt, bundle, bundle_manifest, minisign
from app.sync.bundle import BundleRejected, Expected, Limits

KEYS = minisign.generate_keypair()
OTHER_KEYS = minisign.generate_keypair()
HUB = agecrypt.generate_identity()
OTHER_HUB = agecrypt.generate_identity()
CREATED = datetime(2025, 3, 14, 9, 26, 53, tzinfo=UTC)
MEMBERS = {
    "changes.jsonl": b'{"table":"oxygenation","op":"upsert","row_version":3}\n',
    "audit.jsonl": b'{"id":1,"row_hash":"ab"}\n{"id":2,"row_hash":"cd"}\n',
    "signatures.jsonl": b"",
}


def make_manifest(seq: int = 1, prev: str = bundle.ZERO_SHA256, **changes: Any) -> dict[str, Any]:
    """A valid manifest for site S01, device D0001; keyword arguments override fields."""
    manifest = bundle.build_manifest(
        study="NCT04339660",
        site="S01",
        device="D0001",
        seq=seq,
        prev_bundle_sha256=prev,
        changes=(1, 10),
        audit=(1, 25),
        audit_head="a" * 64,
        created_at=CREATED,
    )
    manifest.update(changes)
    return manifest


def write(
    folder: Path,
    seq: int = 1,
    prev: str = bundle.ZERO_SHA256,
    members: dict[str, bytes] = MEMBERS,
    keys: minisign.KeyPair = KEYS,
    **changes: Any,
) -> bundle.BundlePaths:
    """Write a valid bundle into ``folder``."""
    return bundle.write_bundle(
        folder,
        make_manifest(seq, prev, **changes),
        members,
        keys.private_key,
        keys.key_id,
        [HUB.recipient],
    )


def open_paths(paths: bundle.BundlePaths, **kwargs: Any) -> bundle.OpenedBundle:
    """Open a bundle with the right device key and hub identity unless told otherwise."""
    key = kwargs.pop("key", KEYS.public)
    identity = kwargs.pop("identity", HUB)
    return bundle.open_bundle(paths.age, paths.sig, key, identity, **kwargs)


def decrypt_container(paths: bundle.BundlePaths) -> bytes:
    """The plaintext tar archive inside a bundle."""
    return agecrypt.decrypt(paths.age.read_bytes(), HUB)


def signed_manifest(manifest: dict[str, Any], keys: minisign.KeyPair = KEYS) -> list[Any]:
    """``manifest.json`` and its ``manifest.sig`` as archive entries."""
    data = bundle.canonical_json(manifest)
    comment = bundle._comment_text(manifest, bundle.MANIFEST_NAME)
    return [
        (bundle.MANIFEST_NAME, data),
        (bundle.MANIFEST_SIG_NAME, bundle._sign(data, keys.private_key, keys.key_id, comment)),
    ]


def with_members(manifest: dict[str, Any], members: dict[str, bytes]) -> dict[str, Any]:
    """``manifest`` with the member list that ``members`` would produce."""
    listed = {n: {"sha256": bundle._sha256(d), "size": len(d)} for n, d in members.items()}
    return {**manifest, "members": listed}


def seal(
    folder: Path,
    container: bytes,
    manifest: dict[str, Any] | None = None,
    keys: minisign.KeyPair = KEYS,
) -> bundle.BundlePaths:
    """Encrypt and sign any archive as the device would: forges the inner layers."""
    manifest = manifest or make_manifest()
    name = bundle.BundleName(manifest["site"], manifest["device"], manifest["seq"])
    age_bytes = agecrypt.encrypt(container, [HUB.recipient])
    comment = bundle._comment_text(manifest, name.age_name)
    sig = bundle._sign(age_bytes, keys.private_key, keys.key_id, comment)
    paths = bundle.BundlePaths(folder / name.age_name, folder / name.sig_name, "")
    paths.age.write_bytes(age_bytes)
    paths.sig.write_bytes(sig)
    return paths


def archive(entries: Iterable[tuple[str, bytes]], created: datetime = CREATED) -> bytes:
    """Our own ustar encoding of ``entries`` with the manifest's timestamp."""
    return bundle._encode_container(list(entries), int(created.timestamp()))


def forged(folder: Path, manifest: dict[str, Any], members: dict[str, bytes]) -> bundle.BundlePaths:
    """A bundle whose manifest and members are as given, properly signed everywhere."""
    entries = signed_manifest(manifest) + sorted(members.items())
    return seal(folder, archive(entries), manifest)


def rejected(paths: bundle.BundlePaths, **kwargs: Any) -> str:
    """Open ``paths`` expecting rejection; return the code after checking the sentence."""
    with pytest.raises(BundleRejected) as caught:
        open_paths(paths, **kwargs)
    sentence = caught.value.sentence
    assert sentence
    assert "\n" not in sentence
    assert sentence.endswith(".")
    return caught.value.code


# --- round trip --------------------------------------------------------------------------


def test_round_trip_returns_manifest_members_and_hash(tmp_path: Path) -> None:
    paths = write(tmp_path)
    opened = open_paths(paths, expected=Expected("NCT04339660", "S01", "D0001"))
    assert opened.members == MEMBERS
    assert opened.age_sha256 == paths.age_sha256 == bundle._sha256(paths.age.read_bytes())
    assert opened.name == bundle.BundleName("S01", "D0001", 1)
    assert opened.key_id == KEYS.key_id
    assert opened.manifest["members"]["audit.jsonl"]["size"] == len(MEMBERS["audit.jsonl"])
    assert opened.manifest["created_at"] == "2025-03-14T09:26:53Z"


def test_files_are_named_site_device_and_zero_padded_sequence(tmp_path: Path) -> None:
    paths = write(tmp_path, seq=42, prev="b" * 64)
    assert paths.age.name == "S01-D0001-000042.bundle.age"
    assert paths.sig.name == "S01-D0001-000042.bundle.age.minisig"
    assert sorted(p.name for p in tmp_path.iterdir()) == [paths.age.name, paths.sig.name]


def test_second_bundle_chains_to_the_first(tmp_path: Path) -> None:
    first = write(tmp_path)
    second = write(tmp_path, seq=2, prev=first.age_sha256)
    assert open_paths(second).manifest["prev_bundle_sha256"] == first.age_sha256


def test_peek_signature_reads_name_comment_and_key_id_without_keys(tmp_path: Path) -> None:
    paths = write(tmp_path, seq=7, prev="c" * 64)
    info = bundle.peek_signature(paths.age, paths.sig)
    assert info.name == bundle.BundleName("S01", "D0001", 7)
    assert (info.comment.site, info.comment.device, info.comment.seq) == ("S01", "D0001", 7)
    assert info.comment.study == "NCT04339660"
    assert info.comment.file == "S01-D0001-000007.bundle.age"
    assert info.comment.timestamp == int(CREATED.timestamp())
    assert info.key_id_hex == KEYS.public.key_id_hex


def test_peek_signature_rejects_a_garbled_signature_file(tmp_path: Path) -> None:
    paths = write(tmp_path)
    paths.sig.write_bytes(b"untrusted comment: x\nnot a signature\n")
    with pytest.raises(BundleRejected) as caught:
        bundle.peek_signature(paths.age, paths.sig)
    assert caught.value.code == "bad_signature_file"


def test_payload_is_a_plain_tar_with_the_manifest_first(tmp_path: Path) -> None:
    container = decrypt_container(write(tmp_path))
    with tarfile.open(fileobj=io.BytesIO(container), mode="r:") as tar:
        infos = tar.getmembers()
        assert [i.name for i in infos] == [
            "manifest.json",
            "manifest.sig",
            "audit.jsonl",
            "changes.jsonl",
            "signatures.jsonl",
        ]
        assert all(i.isfile() and i.mode == 0o644 and i.mtime == CREATED.timestamp() for i in infos)
        manifest_file = tar.extractfile("manifest.json")
        assert manifest_file is not None
        manifest_bytes = manifest_file.read()
    manifest = json.loads(manifest_bytes)
    assert bundle.canonical_json(manifest) == manifest_bytes
    assert set(manifest) == set(bundle_manifest.SCHEMA)


def test_inner_manifest_signature_verifies_with_the_device_key(tmp_path: Path) -> None:
    with tarfile.open(fileobj=io.BytesIO(decrypt_container(write(tmp_path))), mode="r:") as tar:
        data = tar.extractfile("manifest.json").read()  # type: ignore[union-attr]
        sig = tar.extractfile("manifest.sig").read().decode()  # type: ignore[union-attr]
    comment = minisign.verify(data, sig, KEYS.public)
    assert "file:manifest.json" in comment
    assert "seq:1" in comment


def test_same_inputs_give_the_same_archive(tmp_path: Path) -> None:
    # Deterministic headers: only the age encryption differs between two writes.
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = decrypt_container(write(tmp_path / "a"))
    second = decrypt_container(write(tmp_path / "b"))
    assert first == second


# --- what write_bundle refuses -------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"seq": 0},
        {"seq": True},
        {"prev_bundle_sha256": "f" * 64},  # bundle 1 follows nothing
        {"site": "S-01"},  # the hyphen separates file-name fields
        {"device": ""},
        {"study": "../etc"},
        {"changes": {"first": 5, "last": 3}},
        {"audit": {"first": 1, "last": 2}},
        {"audit": {"first": 1, "last": 2, "head": "A" * 64}},
        {"created_at": "2025-03-14 09:26:53"},
        {"created_at": "2025-02-30T00:00:00Z"},
        {"format_version": 2},
        {"extra": 1},
        {"seq": 1.0},
    ],
)
def test_write_refuses_a_manifest_outside_the_schema(
    tmp_path: Path, changes: dict[str, Any]
) -> None:
    manifest = {**make_manifest(), **changes}
    with pytest.raises(ValueError, match=r"\S"):
        bundle.write_bundle(
            tmp_path, manifest, MEMBERS, KEYS.private_key, KEYS.key_id, [HUB.recipient]
        )
    assert list(tmp_path.iterdir()) == []


def test_write_refuses_a_later_bundle_without_a_previous_hash(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="64 zeros"):
        write(tmp_path, seq=2)


@pytest.mark.parametrize(
    "name", ["a/b", "..", "x..y", ".hidden", "", "manifest.json", "manifest.sig", "x" * 101, "é"]
)
def test_write_refuses_member_names_that_tar_could_misread(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="member"):
        write(tmp_path, members={name: b"x"})


def test_write_never_overwrites_an_existing_bundle(tmp_path: Path) -> None:
    paths = write(tmp_path)
    before = paths.age.read_bytes()
    with pytest.raises(FileExistsError):
        write(tmp_path)
    assert paths.age.read_bytes() == before


def test_write_replaces_a_signature_left_alone_by_a_crash(tmp_path: Path) -> None:
    orphan = tmp_path / "S01-D0001-000001.bundle.age.minisig"
    orphan.write_text("left over")
    open_paths(write(tmp_path))


# --- each rejection code ----------------------------------------------------------------


def test_bad_file_names_are_rejected(tmp_path: Path) -> None:
    paths = write(tmp_path)
    for bad in ("S01-D0001-42.bundle.age", "S01-D0001-0000042.bundle.age", "x.bundle.age"):
        renamed = bundle.BundlePaths(tmp_path / bad, tmp_path / (bad + ".minisig"), "")
        assert rejected(renamed) == "bad_name"
    elsewhere = bundle.BundlePaths(paths.age, tmp_path / "other.minisig", "")
    assert rejected(elsewhere) == "bad_name"


def test_files_over_the_caps_are_rejected_before_reading(tmp_path: Path) -> None:
    paths = write(tmp_path)
    assert rejected(paths, limits=Limits(max_bundle_bytes=100)) == "too_large"
    assert rejected(paths, limits=Limits(max_signature_bytes=100)) == "too_large"
    paths.sig.write_bytes(b"x" * (Limits().max_signature_bytes + 1))
    assert rejected(paths) == "too_large"


def test_manifest_over_its_cap_is_rejected(tmp_path: Path) -> None:
    assert rejected(write(tmp_path), limits=Limits(max_manifest_bytes=50)) == "too_large"


@pytest.mark.parametrize(
    "garble",
    [
        lambda s: b"",
        lambda s: b"\xff\xfe" + s,
        lambda s: s.replace(b"bedside bundle signature", b"signature from minisign"),
        lambda s: s.replace(b"\n", b"\r\n"),  # minisign accepts it; we accept only our bytes
        lambda s: s.replace(b"\tseq:1", b"\tseq:01"),
        lambda s: s.replace(b"\tseq:1", b""),
        lambda s: s.replace(b"site:S01", b"site:S:1"),
        lambda s: s + b"\n",
    ],
)
def test_garbled_signature_files_are_rejected(tmp_path: Path, garble: Any) -> None:
    paths = write(tmp_path)
    paths.sig.write_bytes(garble(paths.sig.read_bytes()))
    assert rejected(paths) == "bad_signature_file"


def test_signature_by_another_device_key_is_rejected(tmp_path: Path) -> None:
    assert rejected(write(tmp_path, keys=OTHER_KEYS)) == "wrong_key"
    assert rejected(write(tmp_path, seq=2, prev="d" * 64), key=OTHER_KEYS.public) == "wrong_key"


def test_signature_by_a_key_claiming_the_device_key_id_is_rejected(tmp_path: Path) -> None:
    impostor = minisign.KeyPair(KEYS.key_id, OTHER_KEYS.public_key, OTHER_KEYS.private_key)
    assert rejected(write(tmp_path, keys=impostor)) == "bad_signature"


def test_bundle_for_another_hub_cannot_be_decrypted(tmp_path: Path) -> None:
    assert rejected(write(tmp_path), identity=OTHER_HUB) == "decrypt_failed"


def test_any_of_several_hub_identities_opens_a_bundle(tmp_path: Path) -> None:
    assert open_paths(write(tmp_path), identity=[OTHER_HUB, HUB]).members == MEMBERS


def _tar_with(kind: str) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in signed_manifest(with_members(make_manifest(), {})):
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), int(CREATED.timestamp())
            tar.addfile(info, io.BytesIO(data))
        info = tarfile.TarInfo("evil")
        info.type = {"symlink": tarfile.SYMTYPE, "hardlink": tarfile.LNKTYPE}.get(
            kind, tarfile.DIRTYPE
        )
        info.linkname = "/etc/passwd"
        tar.addfile(info)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["symlink", "hardlink", "directory"])
def test_links_and_other_entry_types_are_rejected(tmp_path: Path, kind: str) -> None:
    assert rejected(seal(tmp_path, _tar_with(kind))) == "bad_container"


@pytest.mark.parametrize(
    "entries",
    [
        [("changes.jsonl", b"a"), ("changes.jsonl", b"b")],  # duplicate
        [("zz.jsonl", b""), ("aa.jsonl", b"")],  # not sorted
    ],
)
def test_duplicate_or_unsorted_members_are_rejected(
    tmp_path: Path, entries: list[tuple[str, bytes]]
) -> None:
    manifest = with_members(make_manifest(), dict(entries))
    container = archive(signed_manifest(manifest) + entries)
    assert rejected(seal(tmp_path, container, manifest)) == "bad_container"


@pytest.mark.parametrize("name", ["../x", "a/b", "/abs", "..", "-rf", "x\\y"])
def test_paths_and_odd_member_names_are_rejected(tmp_path: Path, name: str) -> None:
    manifest = with_members(make_manifest(), {name: b"1"})
    entries = [*signed_manifest(manifest), (name, b"1")]
    assert rejected(seal(tmp_path, archive(entries), manifest)) == "bad_container"


def test_too_many_members_are_rejected(tmp_path: Path) -> None:
    members = {f"m{i:03d}": b"" for i in range(70)}
    manifest = with_members(make_manifest(), members)
    assert rejected(forged(tmp_path, manifest, members)) == "bad_container"


@pytest.mark.parametrize(
    "manifest_bytes",
    [
        b"not json",
        b'{"a":NaN}',
        b'{"seq":1,"seq":2}',
        b"[]",
        b'{"format":"bedside-bundle","format_version":1}',
        b'{"format": "bedside-bundle"}',  # not canonical
    ],
)
def test_unparseable_or_incomplete_manifests_are_rejected(
    tmp_path: Path, manifest_bytes: bytes
) -> None:
    sig = bundle._sign(manifest_bytes, KEYS.private_key, KEYS.key_id, "x")
    container = archive([(bundle.MANIFEST_NAME, manifest_bytes), (bundle.MANIFEST_SIG_NAME, sig)])
    assert rejected(seal(tmp_path, container)) == "bad_manifest"


def test_manifest_signed_by_another_key_is_rejected(tmp_path: Path) -> None:
    manifest = with_members(make_manifest(), MEMBERS)
    entries = signed_manifest(manifest, OTHER_KEYS) + sorted(MEMBERS.items())
    assert rejected(seal(tmp_path, archive(entries), manifest)) == "manifest_signature"


def test_members_missing_or_unlisted_are_rejected(tmp_path: Path) -> None:
    manifest = with_members(make_manifest(), MEMBERS)
    fewer = dict(list(MEMBERS.items())[:2])
    assert rejected(forged(tmp_path, manifest, fewer)) == "member_set"
    more = {**MEMBERS, "extra.jsonl": b"{}"}
    (tmp_path / "more").mkdir()
    assert rejected(forged(tmp_path / "more", manifest, more)) == "member_set"


def test_member_with_other_content_than_its_hash_is_rejected(tmp_path: Path) -> None:
    manifest = with_members(make_manifest(), MEMBERS)
    changed = {**MEMBERS, "changes.jsonl": MEMBERS["changes.jsonl"].replace(b"3", b"4")}
    assert rejected(forged(tmp_path, manifest, changed)) == "member_hash"


def test_renamed_bundle_is_rejected_as_a_name_mismatch(tmp_path: Path) -> None:
    paths = write(tmp_path, seq=3, prev="e" * 64)
    target = bundle.BundleName("S01", "D0001", 4)
    renamed = bundle.BundlePaths(tmp_path / target.age_name, tmp_path / target.sig_name, "")
    paths.age.rename(renamed.age)
    paths.sig.rename(renamed.sig)
    assert rejected(renamed) == "name_mismatch"


def test_manifest_disagreeing_with_the_signed_name_is_rejected(tmp_path: Path) -> None:
    # The device key signed an outer comment for seq 1 around a manifest saying seq 2.
    manifest = with_members(make_manifest(seq=2, prev="f" * 64), MEMBERS)
    entries = signed_manifest(manifest) + sorted(MEMBERS.items())
    assert rejected(seal(tmp_path, archive(entries), make_manifest())) == "name_mismatch"


@pytest.mark.parametrize(
    "expected", [Expected(study="NCT00000000"), Expected(site="S02"), Expected(device="D0002")]
)
def test_bundle_from_another_origin_than_expected_is_rejected(
    tmp_path: Path, expected: Expected
) -> None:
    assert rejected(write(tmp_path), expected=expected) == "unexpected_origin"


def test_missing_file_is_an_os_error_not_a_rejection(tmp_path: Path) -> None:
    paths = write(tmp_path)
    paths.age.unlink()
    with pytest.raises(FileNotFoundError):
        open_paths(paths)


def test_rejection_repr_names_code_and_sentence() -> None:
    assert repr(BundleRejected("too_large", "Big.")) == "BundleRejected('too_large', 'Big.')"
