"""Kit codes: random, fixed length, with a check character that catches misreadings.

The alphabet has 29 characters, without the look-alike pairs of a printed label
or a screen: neither 0 nor O, neither 1 nor I, and the letters Z, S and B that pass
for 2, 5 and 8 are left out. 29 is prime, which is what makes the check work.

The check is an ISO 7064 *pure system* over that alphabet (modulus 29, radix 2,
the construction of ISO 7064 MOD 37-2 with a look-alike-free alphabet): the
character at position ``i`` counted from the right, the check character being
position 0, carries weight ``2**i mod 29``, and a valid code's weighted sum is
0 mod 29. Because 2 is a primitive root of 29, the weights of the first 28
positions are distinct and non-zero, so for codes of up to 28 characters:

* a single substitution changes the sum by ``w * (a - b)``, never 0 mod 29;
* swapping neighbours changes it by ``(w_i - w_{i+1}) * (a - b)``, never 0 mod 29.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable

from app.sentences import QT_TRANSLATE_NOOP, Sentence

ALPHABET = "23456789ACDEFGHJKLMNPQRTUVWXY"
MODULUS = len(ALPHABET)  # 29, prime
RADIX = 2
PAYLOAD_LENGTH = 7  # 29**7 ≈ 1.7e10 codes
CODE_LENGTH = PAYLOAD_LENGTH + 1
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}

assert MODULUS == 29 and len(set(ALPHABET)) == MODULUS


def _weighted_sum(values: Iterable[int], first_weight: int) -> int:
    """Σ value·weight, the rightmost value weighing ``first_weight`` and each one to
    its left ``RADIX`` times as much."""
    total, weight = 0, first_weight
    for value in reversed(list(values)):
        total = (total + value * weight) % MODULUS
        weight = (weight * RADIX) % MODULUS
    return total


def check_character(payload: str) -> str:
    """The character that makes ``payload`` + it a valid code."""
    values = [_VALUE[ch] for ch in payload]
    # The payload's rightmost character sits at position 1 (weight 2).
    total = _weighted_sum(values, RADIX)
    return ALPHABET[(-total) % MODULUS]


def is_valid(code: str) -> bool:
    """Whether ``code`` is a well-formed kit code whose check character is right."""
    if len(code) != CODE_LENGTH or any(ch not in _VALUE for ch in code):
        return False
    return _weighted_sum((_VALUE[ch] for ch in code), 1) == 0


def code_problem(text: str) -> Sentence | None:
    """One sentence saying why ``text`` is not a kit code, or None when it is one.

    The text is never repeated back (it may be a label read wrongly) and never
    corrected: the person reads the label again.
    """
    if len(text) != CODE_LENGTH:
        return QT_TRANSLATE_NOOP(
            "KitCode", "A kit code has {count} characters: read the label again."
        ).format(count=CODE_LENGTH)
    if any(ch not in _VALUE for ch in text):
        return QT_TRANSLATE_NOOP(
            "KitCode",
            "A kit code holds only capital letters and digits 2–9, without I, O, B, S or Z: "
            "read the label again.",
        ).said()
    if not is_valid(text):
        return QT_TRANSLATE_NOOP(
            "KitCode", "That kit code's check character does not match: a character was misread."
        ).said()
    return None


def make_code(draw: Callable[[int], int]) -> str:
    """A random code; ``draw(n)`` returns a uniform integer in ``0 … n-1``."""
    payload = "".join(ALPHABET[draw(MODULUS)] for _ in range(PAYLOAD_LENGTH))
    return payload + check_character(payload)


def random_code() -> str:
    """A code from the operating system's CSPRNG."""
    return make_code(secrets.randbelow)
