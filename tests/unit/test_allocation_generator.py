"""The allocation generator: permuted blocks that balance, disjoint device parts,
reproducible seeds, top-ups that never reuse a code."""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter

import pytest

from app.allocation.generator import (
    AllocationList,
    Design,
    Slot,
    block_sequence,
    generate,
    parse_arms,
    parse_block_sizes,
    parse_devices,
    top_up,
)
from app.allocation.kit_codes import is_valid
from app.errors import InvalidInput
from app.protocol import load_default

PROTOCOL_ARMS = [a.code for a in load_default().arms]
EQUAL = Design((("A", 1), ("B", 1)), (4, 6))
TWO_TO_ONE = Design((("A", 2), ("B", 1)), (3, 6, 9))
DEVICES = ("WARD_1", "WARD_2", "ICU_1")
PINNED_BLOCKS = [(1, 4, "A"), (1, 4, "B"), (1, 4, "B"), (1, 4, "A"), (2, 4, "A"), (2, 4, "B")]
PINNED_FIRST_CODE = "5E3MRWHU"


def _blocks(slots: list[Slot]) -> dict[int, list[Slot]]:
    out: dict[int, list[Slot]] = {}
    for slot in slots:
        out.setdefault(slot.block, []).append(slot)
    return out


@pytest.mark.parametrize("design", [EQUAL, TWO_TO_ONE])
def test_every_complete_block_holds_each_arm_in_ratio(design: Design) -> None:
    allocation = generate("NCT04339660", design, DEVICES, 300, "block-balance")
    for part in allocation.parts.values():
        blocks = _blocks(part.slots)
        complete = [b for b in blocks.values() if len(b) == b[0].block_size]
        assert len(complete) >= len(blocks) - 1  # only the last may be cut short
        for block in complete:
            size = block[0].block_size
            assert size in design.block_sizes
            counts = Counter(s.arm for s in block)
            assert counts == {a: r * size // design.ratio_sum for a, r in design.ratios}


@pytest.mark.parametrize("design", [EQUAL, TWO_TO_ONE])
def test_the_part_is_in_ratio_overall_at_every_block_boundary(design: Design) -> None:
    allocation = generate("NCT04339660", design, DEVICES, 250, "overall-balance")
    for part in allocation.parts.values():
        counts: Counter[str] = Counter()
        for index, slot in enumerate(part.slots):
            counts[slot.arm] += 1
            ends_block = index + 1 == len(part.slots) or part.slots[index + 1].block != slot.block
            if ends_block and len(_blocks(part.slots)[slot.block]) == slot.block_size:
                total = index + 1
                assert counts == {a: r * total // design.ratio_sum for a, r in design.ratios}, (
                    f"{part.device} after slot {total}"
                )


def test_block_sizes_are_drawn_at_random_from_the_set() -> None:
    sizes = Counter(size for _b, size, _a in _take(block_sequence(EQUAL, "sizes", "WARD_1"), 3000))
    assert set(sizes) == {4, 6}


def _take(iterator: object, count: int) -> list[tuple[int, int, str]]:
    it = iter(iterator)  # type: ignore[call-overload]
    return [next(it) for _ in range(count)]


def test_slots_are_numbered_per_device_and_parts_are_disjoint() -> None:
    allocation = generate("NCT04339660", EQUAL, DEVICES, 200, "disjoint")
    codes = [s.kit_code for p in allocation.parts.values() for s in p.slots]
    assert len(codes) == len(set(codes)) == 600
    assert all(is_valid(c) for c in codes)
    for device, part in allocation.parts.items():
        assert [s.number for s in part.slots] == list(range(1, 201))
        assert {s.device for s in part.slots} == {device}
    # Each device has its own sequence: the parts are not copies of one another.
    arms = [tuple(s.arm for s in p.slots) for p in allocation.parts.values()]
    assert len(set(arms)) == len(arms)


def test_the_same_seed_gives_the_same_list_and_another_seed_another() -> None:
    first = generate("NCT04339660", EQUAL, DEVICES, 100, "seed-one").to_json()
    again = generate("NCT04339660", EQUAL, DEVICES, 100, "seed-one").to_json()
    other = generate("NCT04339660", EQUAL, DEVICES, 100, "seed-two").to_json()
    assert first == again
    assert first != other
    for device in DEVICES:
        one = [s["arm"] for s in first["parts"][device]["slots"]]
        two = [s["arm"] for s in other["parts"][device]["slots"]]
        assert one != two
        assert {s["kit_code"] for s in first["parts"][device]["slots"]}.isdisjoint(
            s["kit_code"] for s in other["parts"][device]["slots"]
        )


def test_the_list_is_pinned_to_its_documented_stream() -> None:
    # The stream is HMAC-SHA256 in counter mode: a change to it would change every list
    # made from a seed, so the first slots of a known seed are fixed here.
    part = generate("NCT04339660", EQUAL, ["WARD_1"], 6, "pinned").parts["WARD_1"]
    assert [(s.block, s.block_size, s.arm) for s in part.slots] == PINNED_BLOCKS
    assert part.slots[0].kit_code == PINNED_FIRST_CODE


def test_the_stream_is_hmac_sha256_in_counter_mode_over_the_seed() -> None:
    from app.allocation.stream import Stream

    key = hashlib.sha256(b"bedside/allocation-seed/v1|pinned").digest()
    expected = b"".join(
        hmac.new(key, b"blocks|WARD_1\0" + i.to_bytes(8, "big"), hashlib.sha256).digest()
        for i in range(2)
    )
    assert Stream("pinned", "blocks|WARD_1").read(64) == expected


def test_kit_codes_say_nothing_about_the_arm() -> None:
    allocation = generate("NCT04339660", EQUAL, ["WARD_1"], 2000, "no-pattern")
    slots = allocation.parts["WARD_1"].slots
    by_code = sorted(slots, key=lambda s: s.kit_code)
    # Sorting by code does not sort by arm: both arms spread through the sorted list.
    first_half = Counter(s.arm for s in by_code[:1000])
    assert 400 < first_half["A"] < 600
    first_chars = {arm: Counter(s.kit_code[0] for s in slots if s.arm == arm) for arm in "AB"}
    assert set(first_chars["A"]) == set(first_chars["B"])


def test_a_top_up_carries_on_the_blocks_and_never_reuses_a_code() -> None:
    allocation = generate("NCT04339660", EQUAL, DEVICES, 7, "top-up")
    before = allocation.all_codes()
    new = top_up(allocation, "WARD_1", 13)
    assert [s.number for s in new] == list(range(8, 21))
    assert before.isdisjoint(s.kit_code for s in new)
    assert len(allocation.all_codes()) == len(before) + 13
    # The blocks are those a part of 20 would have had from the start.
    whole = generate("NCT04339660", EQUAL, ["WARD_1"], 20, "top-up").parts["WARD_1"]
    topped = allocation.parts["WARD_1"].slots
    assert [(s.block, s.arm) for s in topped] == [(s.block, s.arm) for s in whole.slots]


def test_a_top_up_skips_a_code_that_another_part_already_holds() -> None:
    allocation = generate("NCT04339660", EQUAL, ["WARD_1"], 3, "collide")
    # Plant the code WARD_2's stream would give first: the top-up must draw another.
    probe = generate("NCT04339660", EQUAL, ["WARD_2"], 1, "collide").parts["WARD_2"]
    taken = probe.slots[0].kit_code
    allocation.parts["WARD_1"].slots[0] = Slot("WARD_1", 1, 1, 4, "A", taken)
    new = top_up(allocation, "WARD_2", 2)
    assert taken not in {s.kit_code for s in new}
    assert allocation.parts["WARD_2"].code_draws == 3


def test_a_top_up_can_add_a_device() -> None:
    allocation = generate("NCT04339660", EQUAL, ["WARD_1"], 4, "new-device")
    new = top_up(allocation, "WARD_9", 4)
    assert [s.device for s in new] == ["WARD_9"] * 4


def test_the_list_survives_its_json_form() -> None:
    allocation = generate("NCT04339660", TWO_TO_ONE, DEVICES, 20, "json")
    again = AllocationList.from_json(allocation.to_json())
    assert again == allocation
    top_up(again, "WARD_1", 5)
    assert again.parts["WARD_1"].code_draws == 25


def test_arms_come_from_the_protocol_with_whole_ratios() -> None:
    assert parse_arms("A=1,B=1", PROTOCOL_ARMS) == (("A", 1), ("B", 1))
    assert parse_arms(" B=1 , A=2", PROTOCOL_ARMS) == (("B", 1), ("A", 2))
    for bad, words in [
        ("A=1", "B is missing"),
        ("A=1,B=1,C=1", "no arm 'C'"),
        ("A=1,A=1,B=1", "twice"),
        ("A=0,B=1", "ratio"),
        ("A=1.5,B=1", "ARM=RATIO"),
        ("A,B", "ARM=RATIO"),
    ]:
        with pytest.raises(InvalidInput, match=words):
            parse_arms(bad, PROTOCOL_ARMS)


def test_block_sizes_must_be_multiples_of_the_ratio_sum() -> None:
    assert parse_block_sizes("4,6", 2) == (4, 6)
    for bad, total in [("4,5", 2), ("4,6", 3), ("0", 2), ("4,4", 2), ("four", 2), ("", 2)]:
        with pytest.raises(InvalidInput):
            parse_block_sizes(bad, total)


def test_devices_are_plain_codes_named_once() -> None:
    assert parse_devices("D1,D2") == ("D1", "D2")
    for bad in ["D1,D1", "D 1", "", "D1,"]:
        with pytest.raises(InvalidInput):
            parse_devices(bad)
