"""QR matrices for key exchange: standard size, finder patterns, format bits, determinism."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.sync.qr import QUIET_ZONE_MODULES, ErrorLevel, QrMatrix, qr_matrix, size_for_version

DEVICE_KEY = "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3"
AGE_RECIPIENT = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"

# ECC level → the two format bits the standard gives it.
LEVEL_BITS = {"L": 0b01, "M": 0b00, "Q": 0b11, "H": 0b10}


def format_codeword(level: str, mask: int) -> int:
    """The 15-bit format information (BCH(15,5), masked with 0x5412) per ISO/IEC 18004."""
    data = (LEVEL_BITS[level] << 3) | mask
    remainder = data
    for _ in range(10):
        remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537)
    return ((data << 10) | remainder) ^ 0x5412


def read_format_copies(m: QrMatrix) -> tuple[int, int]:
    """Both copies of the format information, bit 0 first, as the standard places them."""
    n = m.size
    first = [m.dark(i, 8) for i in range(6)] + [m.dark(7, 8), m.dark(8, 8), m.dark(8, 7)]
    first += [m.dark(8, 14 - i) for i in range(9, 15)]
    second = [m.dark(8, n - 1 - i) for i in range(8)]
    second += [m.dark(n - 15 + i, 8) for i in range(8, 15)]
    as_int = [sum(1 << i for i, bit in enumerate(bits) if bit) for bits in (first, second)]
    return as_int[0], as_int[1]


def finder_at(m: QrMatrix, top: int, left: int) -> bool:
    """A 7×7 finder: dark ring, light ring, dark 3×3 centre."""
    for r in range(7):
        for c in range(7):
            ring = max(abs(r - 3), abs(c - 3))
            if m.dark(top + r, left + c) != (ring != 2):
                return False
    return True


@pytest.mark.parametrize(("version", "size"), [(1, 21), (2, 25), (4, 33), (7, 45), (40, 177)])
def test_the_size_follows_the_version(version: int, size: int) -> None:
    assert size_for_version(version) == size


@pytest.mark.parametrize("version", [1, 3, 5, 10])
def test_a_forced_version_gives_a_symbol_of_that_size(version: int) -> None:
    matrix = qr_matrix("bedside", version=version)
    assert matrix.version == version
    assert matrix.size == size_for_version(version)
    assert all(len(row) == matrix.size for row in matrix.rows)


def test_a_device_key_fits_a_small_symbol_for_a_phone_camera() -> None:
    matrix = qr_matrix(DEVICE_KEY)
    assert matrix.version <= 5
    assert matrix.size == size_for_version(matrix.version)


@pytest.mark.parametrize("text", [DEVICE_KEY, AGE_RECIPIENT, "x", "简体中文 key"])
def test_finder_patterns_sit_at_three_corners_and_not_the_fourth(text: str) -> None:
    m = qr_matrix(text)
    end = m.size - 7
    assert finder_at(m, 0, 0) and finder_at(m, 0, end) and finder_at(m, end, 0)
    assert not finder_at(m, end, end)
    # The separators around the finders are light.
    assert not any(m.dark(7, c) for c in range(8)) and not any(m.dark(r, 7) for r in range(8))


@pytest.mark.parametrize("text", [DEVICE_KEY, AGE_RECIPIENT])
def test_timing_patterns_alternate_between_the_finders(text: str) -> None:
    m = qr_matrix(text)
    for i in range(8, m.size - 8):
        assert m.dark(6, i) == (i % 2 == 0)
        assert m.dark(i, 6) == (i % 2 == 0)
    assert m.dark(m.size - 8, 8)  # the "dark module" every symbol has


@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
def test_both_copies_of_the_format_information_name_the_chosen_level(level: ErrorLevel) -> None:
    m = qr_matrix(AGE_RECIPIENT, level=level)
    first, second = read_format_copies(m)
    assert first == second
    assert first in {format_codeword(level, mask) for mask in range(8)}


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=120))
def test_the_same_text_always_gives_the_same_matrix(text: str) -> None:
    first = qr_matrix(text)
    qr_matrix.cache_clear()
    again = qr_matrix(text)
    assert first == again and first is not again


def test_different_keys_give_different_matrices() -> None:
    assert qr_matrix(DEVICE_KEY) != qr_matrix(DEVICE_KEY[:-1] + "4")


def test_the_quiet_zone_frames_the_symbol_with_four_light_modules() -> None:
    m = qr_matrix(DEVICE_KEY)
    framed = m.with_quiet_zone()
    side = m.size + 2 * QUIET_ZONE_MODULES
    assert len(framed) == side and all(len(row) == side for row in framed)
    for i in range(QUIET_ZONE_MODULES):
        assert not any(framed[i]) and not any(framed[side - 1 - i])
        assert not any(row[i] or row[side - 1 - i] for row in framed)
    assert framed[QUIET_ZONE_MODULES][QUIET_ZONE_MODULES] is True  # the finder's corner


def test_as_text_draws_one_line_per_row() -> None:
    m = qr_matrix("x")
    lines = m.as_text().splitlines()
    assert len(lines) == m.size and lines[0].startswith("#######.")


@pytest.mark.parametrize("text", ["", "y" * 1_201])
def test_empty_or_oversized_text_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"QR code|nothing"):
        qr_matrix(text)


def test_text_too_long_for_a_forced_version_is_refused() -> None:
    with pytest.raises(ValueError, match="version 1"):
        qr_matrix(AGE_RECIPIENT, version=1)


@pytest.mark.parametrize("version", [0, 41])
def test_versions_outside_1_to_40_are_refused(version: int) -> None:
    with pytest.raises(ValueError, match="1 to 40"):
        size_for_version(version)
