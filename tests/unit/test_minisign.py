"""minisign formats: keys, signatures, verification, strict parsing."""

from __future__ import annotations

import contextlib
import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.sync import minisign

# Made once with stock minisign 0.11 (`minisign -G -W`, then `-S`, and `-S -l`).
KAT_PUBLIC = """untrusted comment: minisign public key 39501DC9EFAF721C
RWQccq/vyR1QObbQ8IPhjCatEqm4RxhyGlCDYp7Gtqp9hdt0Sn3QSNrC
"""
KAT_MESSAGE = b"Bedside known-answer message\n"
KAT_PREHASHED = """untrusted comment: signature from minisign secret key
RUQccq/vyR1QOYoqSNvkQgGMOfXqH/297pJCI8TyI5OHLtLw2Z0S4Cw8Rh12MMaqRjFoI/9b34b3RUpiFh479iUCb5TG/ut2Igo=
trusted comment: kat prehashed
y5/+0Acl9U3MkEPl4O5Sz2Ns8rctbDcpArXqh9hdsU9VWQ4WR+Ugz3Whkugh54znpurivwO+wzuGaNrLaCdECQ==
"""
KAT_LEGACY = """untrusted comment: signature from minisign secret key
RWQccq/vyR1QOSRCrTm89tB2/Ev+J5WXwVDyguLUpoo8WQCnDaxjcj3RSonfgnSs5WKlYaxjOOBEXSQKmIhtoa9efre3zgbcTAQ=
trusted comment: kat legacy
mjtRfmu9S7ufAic+L1pzgzE4Xfwih3+eqxWBV43nAOKAB835iamXfYQC4vFVvCAUGPbFRAkUwOl5aZIQs41eDQ==
"""

KEYS = minisign.generate_keypair()
OTHER_KEYS = minisign.generate_keypair()


def test_stock_minisign_signatures_verify_prehashed_and_legacy() -> None:
    public = minisign.parse_public_key(KAT_PUBLIC)
    assert public.key_id_hex == "39501DC9EFAF721C"
    assert minisign.verify(KAT_MESSAGE, KAT_PREHASHED, public) == "kat prehashed"
    assert minisign.verify(KAT_MESSAGE, KAT_LEGACY, public) == "kat legacy"


def test_stock_minisign_signature_fails_on_changed_message() -> None:
    public = minisign.parse_public_key(KAT_PUBLIC)
    with pytest.raises(minisign.VerificationFailed):
        minisign.verify(KAT_MESSAGE + b"!", KAT_PREHASHED, public)


def test_public_key_string_round_trips_and_names_the_key_id() -> None:
    text = minisign.public_key_string(KEYS.public)
    assert text.startswith(f"untrusted comment: minisign public key {KEYS.public.key_id_hex}\n")
    assert minisign.parse_public_key(text) == KEYS.public
    assert minisign.parse_public_key(text.splitlines()[1]) == KEYS.public


def test_public_key_derives_from_stored_private_key() -> None:
    derived = minisign.public_key_from_private(KEYS.private_key, KEYS.key_id)
    assert derived == KEYS.public


def test_keypair_repr_never_shows_the_private_key() -> None:
    assert KEYS.private_key.hex() not in repr(KEYS)
    assert repr(KEYS.private_key) not in repr(KEYS)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not base64 at all",
        "untrusted comment: x\nRWQccq/vyR1QObbQ8IPhjCatEqm4RxhyGlCDYp7Gtqp9hdt0Sn3QSNr=",
        "untrusted comment: x\nRUQccq/vyR1QObbQ8IPhjCatEqm4RxhyGlCDYp7Gtqp9hdt0Sn3QSNrC",
        "a\nb\nc",
        "RWQccq/vyR1QObbQ8IPhjCatEqm4RxhyGlCDYp7Gtqp9hdt0Sn3Q",
    ],
)
def test_parse_public_key_refuses_what_is_not_a_key(text: str) -> None:
    with pytest.raises(minisign.MalformedKey):
        minisign.parse_public_key(text)


@pytest.mark.parametrize("prehashed", [True, False])
def test_sign_then_verify_returns_the_trusted_comment(prehashed: bool) -> None:
    sig = minisign.sign(b"data", KEYS.private_key, KEYS.key_id, "site:S01", prehashed=prehashed)
    assert minisign.parse_signature(sig).prehashed is prehashed
    assert minisign.verify(b"data", sig, KEYS.public) == "site:S01"


def test_signature_of_other_key_is_a_key_id_mismatch() -> None:
    sig = minisign.sign(b"data", OTHER_KEYS.private_key, OTHER_KEYS.key_id, "c")
    with pytest.raises(minisign.KeyIdMismatch, match=OTHER_KEYS.public.key_id_hex):
        minisign.verify(b"data", sig, KEYS.public)


def test_other_key_claiming_our_key_id_fails_verification() -> None:
    sig = minisign.sign(b"data", OTHER_KEYS.private_key, KEYS.key_id, "c")
    with pytest.raises(minisign.VerificationFailed) as caught:
        minisign.verify(b"data", sig, KEYS.public)
    assert not isinstance(caught.value, minisign.KeyIdMismatch)


def test_edited_trusted_comment_fails_verification() -> None:
    sig = minisign.sign(b"data", KEYS.private_key, KEYS.key_id, "seq:1")
    with pytest.raises(minisign.VerificationFailed, match="trusted comment"):
        minisign.verify(b"data", sig.replace("seq:1", "seq:2"), KEYS.public)


def test_untrusted_comment_is_not_covered_by_the_signature() -> None:
    # That is minisign's design; the bundle layer refuses any untrusted comment but its own.
    sig = minisign.sign(b"data", KEYS.private_key, KEYS.key_id, "c", untrusted_comment="a")
    assert minisign.verify(b"data", sig.replace("comment: a", "comment: b", 1), KEYS.public)


def test_windows_line_ends_are_accepted() -> None:
    sig = minisign.sign(b"data", KEYS.private_key, KEYS.key_id, "c")
    assert minisign.verify(b"data", sig.replace("\n", "\r\n"), KEYS.public) == "c"


def test_format_signature_reproduces_the_file() -> None:
    assert minisign.format_signature(minisign.parse_signature(KAT_PREHASHED)) == KAT_PREHASHED


@pytest.mark.parametrize(
    "comment", ["two\nlines", "carriage\rreturn", "nul\0byte", "x" * 9000, "\ud800"]
)
def test_sign_refuses_comments_that_would_break_the_format(comment: str) -> None:
    with pytest.raises(ValueError, match="comment"):
        minisign.sign(b"data", KEYS.private_key, KEYS.key_id, comment)


def test_sign_refuses_wrong_key_lengths() -> None:
    with pytest.raises(ValueError, match="8 bytes"):
        minisign.sign(b"d", KEYS.private_key, b"short", "c")
    with pytest.raises(ValueError, match="32 bytes"):
        minisign.sign(b"d", b"short", KEYS.key_id, "c")


def _replace_line(text: str, index: int, line: str) -> str:
    lines = text.split("\n")
    lines[index] = line
    return "\n".join(lines)


@pytest.mark.parametrize(
    "text",
    [
        "",
        KAT_PREHASHED.replace("untrusted comment:", "comment:"),
        KAT_PREHASHED.replace("trusted comment: kat", "trusted: kat"),
        KAT_PREHASHED + "fifth line\n",
        "\n".join(KAT_PREHASHED.split("\n")[:3]),
        _replace_line(KAT_PREHASHED, 1, "RUQ=" * 3),  # right base64, wrong length
        _replace_line(KAT_PREHASHED, 1, "not base64!"),
        _replace_line(KAT_PREHASHED, 3, "y5/+"),
        _replace_line(KAT_PREHASHED, 1, KAT_PREHASHED.split("\n")[1].replace("RUQ", "RXQ", 1)),
        _replace_line(KAT_PREHASHED, 1, KAT_PREHASHED.split("\n")[1][:-2] + "p="),  # pad bits
    ],
)
def test_parse_signature_refuses_malformed_files(text: str) -> None:
    with pytest.raises(minisign.MalformedSignature):
        minisign.parse_signature(text)


@given(st.text(max_size=600))
def test_parse_signature_of_any_text_raises_only_malformed_signature(text: str) -> None:
    with contextlib.suppress(minisign.MalformedSignature):
        minisign.parse_signature(text)


SIGNED = minisign.sign(b"payload", KEYS.private_key, KEYS.key_id, "timestamp:1\tseq:7")


@given(st.data())
def test_any_changed_character_of_a_signature_fails_or_only_touched_the_untrusted_line(
    data: st.DataObject,
) -> None:
    index = data.draw(st.integers(0, len(SIGNED) - 1))
    char = data.draw(st.characters(codec="utf-8").filter(lambda c: c != SIGNED[index]))
    mutated = SIGNED[:index] + char + SIGNED[index + 1 :]
    try:
        comment = minisign.verify(b"payload", mutated, KEYS.public)
    except minisign.MinisignError:
        return
    # Only a change to the first line, the unsigned untrusted comment, may pass.
    assert comment == "timestamp:1\tseq:7"
    assert mutated.split("\n")[1:] == SIGNED.split("\n")[1:]


@given(st.binary(min_size=1, max_size=64), st.data())
def test_any_changed_byte_of_the_data_fails_verification(
    payload: bytes, data: st.DataObject
) -> None:
    sig = minisign.sign(payload, KEYS.private_key, KEYS.key_id, "c")
    index = data.draw(st.integers(0, len(payload) - 1))
    flip = data.draw(st.integers(1, 255))
    changed = payload[:index] + bytes([payload[index] ^ flip]) + payload[index + 1 :]
    with pytest.raises(minisign.VerificationFailed):
        minisign.verify(changed, sig, KEYS.public)


def test_a_digest_taken_beforehand_verifies_only_if_it_is_the_files() -> None:
    """The hub takes a bundle's BLAKE2b-512 while it reads the file; a digest of other
    bytes fails as other bytes would, and a legacy signature signs the bytes themselves."""
    public = minisign.parse_public_key(KAT_PUBLIC)
    prehashed = minisign.parse_signature(KAT_PREHASHED)
    right = hashlib.blake2b(KAT_MESSAGE, digest_size=64).digest()
    assert minisign.verify_parsed(KAT_MESSAGE, prehashed, public, blake2b=right) == (
        "kat prehashed"
    )
    wrong = hashlib.blake2b(KAT_MESSAGE + b"!", digest_size=64).digest()
    with pytest.raises(minisign.VerificationFailed):
        minisign.verify_parsed(KAT_MESSAGE, prehashed, public, blake2b=wrong)
    legacy = minisign.parse_signature(KAT_LEGACY)
    assert minisign.verify_parsed(KAT_MESSAGE, legacy, public, blake2b=right) == "kat legacy"
    with pytest.raises(minisign.VerificationFailed):
        minisign.verify_parsed(KAT_MESSAGE + b"!", legacy, public, blake2b=right)


def test_signing_with_a_digest_taken_beforehand_writes_the_same_signature() -> None:
    data = b"bundle bytes" * 1000
    digest = hashlib.blake2b(data, digest_size=64).digest()
    plain = minisign.sign(data, KEYS.private_key, KEYS.key_id, "c")
    assert minisign.sign(data, KEYS.private_key, KEYS.key_id, "c", blake2b=digest) == plain
    assert minisign.verify(data, plain, KEYS.public) == "c"
