"""age encryption used by bundles: round trips and one exception type for every failure."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.sync import agecrypt

HUB = agecrypt.generate_identity()
SPARE = agecrypt.generate_identity()
CIPHERTEXT = agecrypt.encrypt(b"bedside payload " * 100, [HUB.recipient])


def test_identity_and_recipient_have_the_standard_prefixes() -> None:
    assert HUB.secret.startswith("AGE-SECRET-KEY-1")
    assert HUB.recipient.startswith("age1")
    assert agecrypt.parse_recipient(f"  {HUB.recipient}\n") == HUB.recipient


def test_repr_never_shows_the_secret() -> None:
    assert HUB.secret not in repr(HUB)


def test_encrypt_then_decrypt_round_trips() -> None:
    assert agecrypt.decrypt(CIPHERTEXT, HUB) == b"bedside payload " * 100
    assert agecrypt.decrypt(CIPHERTEXT, HUB.secret) == b"bedside payload " * 100
    assert CIPHERTEXT.startswith(b"age-encryption.org/v1\n")


def test_each_of_several_recipients_can_decrypt() -> None:
    data = agecrypt.encrypt(b"x", [HUB.recipient, SPARE.recipient])
    assert agecrypt.decrypt(data, HUB) == agecrypt.decrypt(data, SPARE) == b"x"


def test_identity_file_round_trips_with_comments() -> None:
    text = agecrypt.identity_file_text(HUB)
    assert text.startswith("# created: ")
    assert f"# public key: {HUB.recipient}\n" in text
    assert agecrypt.parse_identity(text) == HUB


def test_wrong_identity_fails_with_age_error() -> None:
    with pytest.raises(agecrypt.AgeError, match="decryption failed"):
        agecrypt.decrypt(CIPHERTEXT, SPARE)


@pytest.mark.parametrize("text", ["", "age1", "AGE-SECRET-KEY-1", "age1" + "q" * 58, "x y"])
def test_bad_recipients_fail_with_age_error(text: str) -> None:
    with pytest.raises(agecrypt.AgeError):
        agecrypt.encrypt(b"x", [text])


def test_encrypt_needs_a_recipient() -> None:
    with pytest.raises(agecrypt.AgeError):
        agecrypt.encrypt(b"x", [])
    with pytest.raises(TypeError):
        agecrypt.encrypt(b"x", HUB.recipient)


def test_bad_identity_error_does_not_echo_the_secret() -> None:
    almost = HUB.secret[:-1] + ("Q" if HUB.secret[-1] != "Q" else "P")
    with pytest.raises(agecrypt.AgeError) as caught:
        agecrypt.decrypt(CIPHERTEXT, almost)
    assert almost not in str(caught.value)
    assert HUB.secret[16:40] not in str(caught.value)


@pytest.mark.parametrize("text", ["", "# only a comment\n", f"{HUB.secret}\n{SPARE.secret}\n"])
def test_identity_files_without_exactly_one_key_are_refused(text: str) -> None:
    with pytest.raises(agecrypt.AgeError):
        agecrypt.parse_identity(text)


@given(st.data())
def test_any_damage_to_ciphertext_raises_only_age_error(data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(CIPHERTEXT) - 1))
    damaged = data.draw(
        st.sampled_from(
            [
                CIPHERTEXT[:index],
                CIPHERTEXT[:index] + bytes([CIPHERTEXT[index] ^ 0x20]) + CIPHERTEXT[index + 1 :],
                CIPHERTEXT + b"\0",
            ]
        )
    )
    with pytest.raises(agecrypt.AgeError):
        agecrypt.decrypt(damaged, HUB)


@given(st.binary(max_size=300))
def test_garbage_raises_only_age_error(garbage: bytes) -> None:
    with pytest.raises(agecrypt.AgeError):
        agecrypt.decrypt(garbage, HUB)
