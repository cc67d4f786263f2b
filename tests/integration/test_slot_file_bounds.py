"""A hostile keyslots.json is "damaged": within bounded time and memory, never a failed login.

The named cases from the field (8 GiB of Argon2 memory, a million iterations,
nesting 100,000 deep, ``1e400``, ``lanes: -1``) go through ``bedside user list``
in a child whose address space is capped at 1 GiB, so an 8 GiB allocation could
not even be attempted quietly. Hypothesis then mutates every field of a real slot
file. None of them may count toward the login back-off.
"""

from __future__ import annotations

import base64
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import CorruptStore
from app.store.keyslots import FORMAT, SLOT_KINDS
from app.store.store import Store
from tests.conftest import ADMIN_PASSWORD, ROOT

DAMAGED = "The key file is damaged: restore it from a backup"
MEMORY_LIMIT_BYTES = 1 << 30
CLI_SECONDS = 30.0  # start-up of the whole CLI on a busy 2-core box included
IN_PROCESS_SECONDS = 2.0
PLACEHOLDER = "@@raw@@"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bounds") / "store"
    store, _admin, _key = Store.create(
        folder, site="WH01", device="LAP_1", admin_name="admin", admin_password=ADMIN_PASSWORD
    )
    store.close()
    return folder


def _copy(pristine: Path, dest: Path) -> Path:
    shutil.copytree(pristine, dest)
    (dest / "logins.json").unlink(missing_ok=True)
    return dest


def _slot_data(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "keyslots.json").read_text())
    return data


def _write(folder: Path, data: dict[str, Any], raw: str | None = None) -> None:
    """Write ``data``; the value set to :data:`PLACEHOLDER` becomes ``raw`` verbatim."""
    text = json.dumps(data, indent=1)
    if raw is not None:
        text = text.replace(json.dumps(PLACEHOLDER), raw)
    (folder / "keyslots.json").write_text(text)


def _admin(data: dict[str, Any]) -> dict[str, Any]:
    slot: dict[str, Any] = next(s for s in data["slots"] if s["name"] == "admin")
    return slot


def _flip_b64(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[0] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def _kdf(field: str, value: Any) -> Callable[[dict[str, Any]], str | None]:
    def edit(data: dict[str, Any]) -> str | None:
        _admin(data)["kdf"][field] = value
        return None

    return edit


def _raw_at(setter: Callable[[dict[str, Any]], None], raw: str) -> Callable[..., str | None]:
    def edit(data: dict[str, Any]) -> str | None:
        setter(data)
        return raw

    return edit


def _set_generation(data: dict[str, Any]) -> None:
    data["generation"] = PLACEHOLDER


def _set_slots(data: dict[str, Any]) -> None:
    data["slots"] = PLACEHOLDER


def _set_iterations(data: dict[str, Any]) -> None:
    _admin(data)["kdf"]["iterations"] = PLACEHOLDER


def _corrupt_salt(data: dict[str, Any]) -> str | None:
    kdf = _admin(data)["kdf"]
    kdf["salt"] = _flip_b64(kdf["salt"])  # still 16 bytes of valid base64
    return None


def _short_salt(data: dict[str, Any]) -> str | None:
    _admin(data)["kdf"]["salt"] = base64.b64encode(b"12345678").decode()
    return None


NAMED: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "memory-8-GiB": _kdf("memory_kib", 8 * 1024 * 1024),
    "iterations-million": _kdf("iterations", 10**6),
    "nesting-100000": _raw_at(_set_slots, "[" * 100_000 + "]" * 100_000),
    "generation-1e400": _raw_at(_set_generation, "1e400"),
    "lanes-minus-1": _kdf("lanes", -1),
    "memory-true": _kdf("memory_kib", True),
    "memory-float": _kdf("memory_kib", 65536.0),
    "memory-huge-int": _kdf("memory_kib", 10**40),
    "iterations-nan": _raw_at(_set_iterations, "NaN"),
    "generation-5000-digits": _raw_at(_set_generation, "9" * 5000),
    "salt-corrupt": _corrupt_salt,
    "salt-short": _short_salt,
}


def _cli_limited(folder: Path, *argv: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """``bedside`` as a real child with its address space capped."""

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))

    env = {k: v for k, v in os.environ.items() if not k.startswith("BEDSIDE_")}
    env.update(
        BEDSIDE_DATA_DIR=str(folder),
        BEDSIDE_USER="admin",
        BEDSIDE_PASSWORD=ADMIN_PASSWORD,
        QT_QPA_PLATFORM="offscreen",
    )
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "app", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        preexec_fn=cap_memory,
    )
    return done, time.monotonic() - start


def test_a_sound_slot_file_unlocks_under_the_same_memory_cap(
    pristine: Path, tmp_path: Path
) -> None:
    folder = _copy(pristine, tmp_path / "sound")
    done, _seconds = _cli_limited(folder, "user", "list")
    assert done.returncode == 0, done.stderr
    assert "admin" in done.stdout


@pytest.mark.parametrize("case", sorted(NAMED))
def test_a_named_hostile_slot_file_is_damaged_quickly_and_counts_no_failure(
    pristine: Path, tmp_path: Path, case: str
) -> None:
    folder = _copy(pristine, tmp_path / "case")
    data = _slot_data(folder)
    raw = NAMED[case](data)
    _write(folder, data, raw)
    done, seconds = _cli_limited(folder, "user", "list")
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"bedside: {DAMAGED}"), done.stderr
    assert seconds < CLI_SECONDS
    assert not (folder / "logins.json").exists(), "a damaged file is not a failed login"

    start = time.monotonic()
    with pytest.raises(CorruptStore, match=DAMAGED):
        store = Store.open(folder)
        try:
            store.unlock("admin", ADMIN_PASSWORD)
        finally:
            store.close()
    assert time.monotonic() - start < IN_PROCESS_SECONDS
    assert not (folder / "logins.json").exists()


def test_a_corrupt_public_key_with_the_right_password_is_damaged_not_a_wrong_password(
    pristine: Path, tmp_path: Path
) -> None:
    folder = _copy(pristine, tmp_path / "pk")
    data = _slot_data(folder)
    _admin(data)["public_key"] = _flip_b64(_admin(data)["public_key"])
    _write(folder, data)
    for _attempt in range(3):
        done, _seconds = _cli_limited(folder, "user", "list")
        assert done.returncode == 1
        assert done.stderr.startswith(f"bedside: {DAMAGED}"), done.stderr
    assert not (folder / "logins.json").exists()
    # Put the good file back: no wait, because nothing was counted.
    shutil.copy2(pristine / "keyslots.json", folder / "keyslots.json")
    store = Store.open(folder)
    try:
        assert store.unlock("admin", ADMIN_PASSWORD).name == "admin"
    finally:
        store.close()


def test_a_slot_file_over_the_size_cap_or_not_a_file_is_damaged(
    pristine: Path, tmp_path: Path
) -> None:
    folder = _copy(pristine, tmp_path / "big")
    path = folder / "keyslots.json"
    path.write_bytes(path.read_bytes() + b" " * (1 << 20))  # still JSON, but far too big
    with pytest.raises(CorruptStore, match=DAMAGED):
        Store.open(folder)
    path.unlink()
    path.symlink_to("/dev/zero")
    start = time.monotonic()
    with pytest.raises(CorruptStore, match=DAMAGED):
        Store.open(folder)
    assert time.monotonic() - start < IN_PROCESS_SECONDS
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(CorruptStore, match=DAMAGED):
        Store.open(folder)  # never blocks waiting for a writer


# -- Hypothesis: every field of a real slot file, mutated so that it cannot be sound ---------

JSONScalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8))
NOT_INT = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
NOT_TEXT = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.lists(st.text()))


def _int_outside(low: int, high: int) -> st.SearchStrategy[Any]:
    return st.one_of(
        NOT_INT, st.integers(max_value=low - 1), st.integers(min_value=high + 1, max_value=10**30)
    )


def _bad_b64(length: int) -> st.SearchStrategy[Any]:
    return st.one_of(
        NOT_TEXT,
        st.binary(max_size=80)
        .filter(lambda b: len(b) != length)
        .map(lambda b: base64.b64encode(b).decode()),
        st.sampled_from(["!", "abc", "====", "é" * 4, "AAAA AAAA", "A"]),
    )


def _not_uuid(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return True
    try:
        uuid.UUID(value)
    except ValueError:
        return True
    return False


TOP_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "format": st.one_of(NOT_TEXT, st.text(max_size=30).filter(lambda t: t != FORMAT)),
    "store_id": st.one_of(NOT_TEXT, st.text(max_size=40).filter(_not_uuid)),
    "generation": _int_outside(1, 1_000_000),
    "pending_generation": st.one_of(
        st.booleans(), st.floats(), st.text(max_size=4), st.integers().filter(lambda n: n != 2)
    ),
    "rekey_due": st.one_of(st.none(), st.integers(), st.text(max_size=4), st.floats()),
    "slots": st.one_of(
        st.none(), st.text(), st.integers(), st.lists(JSONScalar, min_size=1, max_size=3)
    ),
}
SLOT_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "kind": st.one_of(NOT_TEXT, st.text(max_size=10).filter(lambda t: t not in SLOT_KINDS)),
    "name": st.one_of(NOT_TEXT, st.just(""), st.text(min_size=257, max_size=300)),
    "private_key": _bad_b64(60),
    "public_key": _bad_b64(32),
    "dek": st.one_of(
        NOT_TEXT.filter(lambda v: not isinstance(v, dict)),
        st.just({}),
        st.dictionaries(
            st.sampled_from(["0", "2", "x", "1.0", "-1", "99999999", " 1"]),
            st.just(base64.b64encode(b"\0" * 92).decode()),
            min_size=1,
            max_size=2,
        ),
    ),
}
KDF_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "alg": st.one_of(NOT_TEXT, st.text(max_size=10).filter(lambda t: t != "argon2id")),
    "salt": _bad_b64(16),
    "memory_kib": _int_outside(19456, 1048576),
    "iterations": _int_outside(1, 10),
    "lanes": _int_outside(1, 8),
    "check": st.one_of(NOT_TEXT, st.text(max_size=64)),
}
REQUIRED = {
    "top": ["format", "store_id", "generation", "slots"],
    "slot": ["kind", "name", "kdf", "private_key", "public_key", "dek"],
    "kdf": ["alg", "salt", "memory_kib", "iterations", "lanes"],
}


@st.composite
def hostile_slot_files(draw: st.DrawFn, pristine_text: str) -> bytes:
    data = json.loads(pristine_text)
    slot = draw(st.sampled_from(data["slots"]))
    how = draw(
        st.sampled_from(["value", "delete", "nest", "truncate", "insert", "oversize", "prefix"])
    )
    raw: str | None = None
    if how == "value":
        where, fields = draw(
            st.sampled_from([(data, TOP_FIELDS), (slot, SLOT_FIELDS), (slot["kdf"], KDF_FIELDS)])
        )
        name = draw(st.sampled_from(sorted(fields)))
        where[name] = draw(fields[name])
    elif how == "delete":
        level = draw(st.sampled_from(sorted(REQUIRED)))
        where = {"top": data, "slot": slot, "kdf": slot["kdf"]}[level]
        del where[draw(st.sampled_from(REQUIRED[level]))]
    elif how == "nest":
        depth = draw(st.integers(min_value=17, max_value=200_000))
        opener = draw(st.sampled_from(["[", '{"a":']))
        closer = "]" if opener == "[" else "}"
        where, fields = draw(st.sampled_from([(data, TOP_FIELDS), (slot, SLOT_FIELDS)]))
        where[draw(st.sampled_from(sorted(fields)))] = PLACEHOLDER
        raw = opener * depth + ("0" if opener == '{"a":' else "") + closer * depth
    text = json.dumps(data, indent=1)
    if raw is not None:
        text = text.replace(json.dumps(PLACEHOLDER), raw)
    blob = text.encode("utf-8")
    if how == "truncate":
        blob = blob[: draw(st.integers(min_value=0, max_value=len(blob) - 2))]
    elif how == "insert":
        at = draw(st.integers(min_value=0, max_value=len(blob)))
        byte = draw(st.sampled_from([b"\x00", b"\x01", b"\x1f", b"\xff", b"\xc3"]))
        blob = blob[:at] + byte + blob[at:]
    elif how == "oversize":
        blob += b" " * ((1 << 20) + 1 - len(blob))
    elif how == "prefix":
        blob = draw(st.sampled_from([b"\xef\xbb\xbf", b"[", b"//", b"\x00"])) + blob
    return blob


def test_hypothesis_mutations_of_the_slot_file_are_each_damaged_quickly(
    pristine: Path, tmp_path: Path
) -> None:
    folder = _copy(pristine, tmp_path / "fuzz")
    pristine_text = (pristine / "keyslots.json").read_text()
    rss_before_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    slowest = 0.0

    @settings(
        max_examples=300,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(blob=hostile_slot_files(pristine_text))
    def check(blob: bytes) -> None:
        nonlocal slowest
        (folder / "keyslots.json").write_bytes(blob)
        start = time.monotonic()
        with pytest.raises(CorruptStore) as refused:
            store = Store.open(folder)
            try:
                store.unlock("admin", ADMIN_PASSWORD)
            finally:
                store.close()
        elapsed = time.monotonic() - start
        slowest = max(slowest, elapsed)
        assert DAMAGED in refused.value.sentence
        assert elapsed < IN_PROCESS_SECONDS
        assert not (folder / "logins.json").exists()

    check()
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before_kib) / 1024
    assert grown_mib < 200, f"peak memory grew by {grown_mib:.0f} MiB"
    assert slowest < IN_PROCESS_SECONDS
