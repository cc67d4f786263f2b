"""Kit codes: the check character catches every single substitution and every
adjacent transposition, checked exhaustively over a generated list."""

from __future__ import annotations

import pytest

from app.allocation.kit_codes import (
    ALPHABET,
    CODE_LENGTH,
    check_character,
    code_problem,
    is_valid,
    make_code,
    random_code,
)
from app.allocation.stream import Stream

LOOK_ALIKES = "0O1IZSB"


def _codes(count: int) -> list[str]:
    stream = Stream("kit-code-test", "codes")
    return [make_code(stream.below) for _ in range(count)]


def test_the_alphabet_has_no_look_alikes_and_a_prime_size() -> None:
    assert not set(LOOK_ALIKES) & set(ALPHABET)
    assert len(ALPHABET) == 29
    assert all(len(ALPHABET) % d for d in range(2, len(ALPHABET)))


def test_generated_codes_are_valid_and_of_fixed_length() -> None:
    codes = _codes(2000)
    assert all(len(c) == CODE_LENGTH and is_valid(c) for c in codes)
    assert all(code_problem(c) is None for c in codes)
    assert is_valid(random_code())


def test_every_single_substitution_is_caught() -> None:
    checked = 0
    for code in _codes(300):
        for position in range(CODE_LENGTH):
            for ch in ALPHABET:
                if ch == code[position]:
                    continue
                typo = code[:position] + ch + code[position + 1 :]
                assert not is_valid(typo), (code, typo)
                checked += 1
    assert checked == 300 * CODE_LENGTH * (len(ALPHABET) - 1)


def test_every_adjacent_transposition_is_caught() -> None:
    checked = 0
    for code in _codes(2000):
        for position in range(CODE_LENGTH - 1):
            a, b = code[position], code[position + 1]
            if a == b:
                continue
            swapped = code[:position] + b + a + code[position + 2 :]
            assert not is_valid(swapped), (code, swapped)
            checked += 1
    assert checked > 2000 * (CODE_LENGTH - 1) * 0.9


def test_every_adjacent_transposition_of_every_character_pair_is_caught() -> None:
    # Exhaustive over the alphabet: every pair of characters side by side at every
    # position of the payload, the check character's neighbour included.
    base = "2" * (CODE_LENGTH - 1)
    swaps = 0
    for position in range(CODE_LENGTH - 2):
        for a in ALPHABET:
            for b in ALPHABET:
                payload = base[:position] + a + b + base[position + 2 :]
                code = payload + check_character(payload)
                assert is_valid(code)
                for left in (position, position + 1):
                    x, y = code[left], code[left + 1]
                    if x != y:
                        swapped = code[:left] + y + x + code[left + 2 :]
                        assert not is_valid(swapped), (code, swapped)
                        swaps += 1
    assert swaps > 0


def test_a_code_is_not_repeated_and_order_follows_no_pattern() -> None:
    codes = _codes(5000)
    assert len(set(codes)) == len(codes)
    assert sorted(codes) != codes


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ABC", "8 characters"),
        ("2345678O", "capital letters"),
        ("2345678a", "capital letters"),
    ],
)
def test_a_wrong_code_is_refused_with_a_sentence_that_does_not_repeat_it(
    text: str, words: str
) -> None:
    problem = code_problem(text)
    assert problem is not None and words in problem and text not in problem


def test_a_misread_code_is_named_as_a_check_character_mismatch() -> None:
    code = _codes(1)[0]
    typo = code[:3] + ("X" if code[3] != "X" else "Y") + code[4:]
    problem = code_problem(typo)
    assert problem is not None and "check character" in problem
