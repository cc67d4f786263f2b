"""Permuted-block allocation lists, one part per device, reproducible from a seed.

Each device's part is its own sequence of blocks, so two offline laptops never
hand out the same slot, and a part can be topped up later by carrying on where
its sequence stopped:

* block sizes are drawn at random from the design's set, and each size is a
  multiple of the sum of the arms' ratios, so every complete block holds each arm
  exactly in ratio; inside a block the arms are shuffled (Fisher–Yates);
* each slot gets a kit code drawn independently of its arm, so neither a code nor
  the order of codes says anything about the arm; a code already used anywhere in
  the list is skipped, so codes are disjoint across all parts and all top-ups.

Everything random comes from :class:`app.allocation.stream.Stream` over the seed:
the blocks of device D from the stream labelled ``blocks|D``, its codes from
``kit-codes|D``. The same seed, design and devices give the same list.

Interfaces for the layers above: :func:`generate` and :func:`top_up` make and
grow an :class:`AllocationList`; :meth:`AllocationList.to_json` is what the hub
seals, and :meth:`DevicePart.slots` what a device's pharmacists receive.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.allocation.kit_codes import is_valid, make_code
from app.allocation.stream import Stream
from app.errors import InvalidInput

FORMAT = "bedside-allocation-list/1"
DEVICE_RE = re.compile(r"[A-Za-z0-9_]{1,32}")  # the device codes of app.store.store
MAX_SLOTS_PER_DEVICE = 100_000
MAX_BLOCK_SIZE = 100
MAX_RATIO = 20
MAX_DEVICES = 200
MAX_SEED_CHARS = 200


@dataclass(frozen=True)
class Design:
    """Arms with their ratios, in the order given, and the block sizes to draw from."""

    ratios: tuple[tuple[str, int], ...]
    block_sizes: tuple[int, ...]

    @property
    def ratio_sum(self) -> int:
        return sum(r for _a, r in self.ratios)

    def to_json(self) -> dict[str, Any]:
        return {
            "arms": [{"code": a, "ratio": r} for a, r in self.ratios],
            "block_sizes": list(self.block_sizes),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Design:
        return cls(
            ratios=tuple((str(a["code"]), int(a["ratio"])) for a in data["arms"]),
            block_sizes=tuple(int(b) for b in data["block_sizes"]),
        )


@dataclass(frozen=True)
class Slot:
    """One place in a device's part: the n-th participant randomised on that device."""

    device: str
    number: int  # 1-based, within the device's part
    block: int  # 1-based, within the device's part
    block_size: int
    arm: str
    kit_code: str

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "block": self.block,
            "block_size": self.block_size,
            "arm": self.arm,
            "kit_code": self.kit_code,
        }


@dataclass
class DevicePart:
    device: str
    slots: list[Slot] = field(default_factory=list)
    code_draws: int = 0  # codes taken from this device's code stream, skipped ones included


@dataclass
class AllocationList:
    """The whole list: UNBLINDED. Only the hub's statistician and a device's
    pharmacists (their own part) ever see it."""

    study: str
    seed: str
    design: Design
    parts: dict[str, DevicePart]

    def all_codes(self) -> set[str]:
        return {s.kit_code for part in self.parts.values() for s in part.slots}

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "study": self.study,
            "seed": self.seed,
            "design": self.design.to_json(),
            "parts": {
                d: {"code_draws": p.code_draws, "slots": [s.to_json() for s in p.slots]}
                for d, p in sorted(self.parts.items())
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AllocationList:
        if data.get("format") != FORMAT:
            raise ValueError("not an allocation list")
        parts = {}
        for device, raw in data["parts"].items():
            slots = [
                Slot(
                    device=device,
                    number=int(s["number"]),
                    block=int(s["block"]),
                    block_size=int(s["block_size"]),
                    arm=str(s["arm"]),
                    kit_code=str(s["kit_code"]),
                )
                for s in raw["slots"]
            ]
            parts[device] = DevicePart(device, slots, int(raw["code_draws"]))
        return cls(
            study=str(data["study"]),
            seed=str(data["seed"]),
            design=Design.from_json(data["design"]),
            parts=parts,
        )


# -- parsing what the statistician types ------------------------------------------


def parse_arms(text: str, protocol_arms: Sequence[str]) -> tuple[tuple[str, int], ...]:
    """``A=1,B=1`` → (("A", 1), ("B", 1)); every arm of the protocol, each once."""
    ratios: list[tuple[str, int]] = []
    for item in text.split(","):
        code, sep, ratio = item.strip().partition("=")
        if not sep or not ratio.strip().isascii() or not ratio.strip().isdigit():
            raise InvalidInput(
                "--arms takes ARM=RATIO pairs separated by commas, for example A=1,B=1."
            )
        code, number = code.strip(), int(ratio.strip())
        if code not in protocol_arms:
            known = ", ".join(protocol_arms)
            raise InvalidInput(f"The protocol has no arm {code[:8]!r}: its arms are {known}.")
        if any(code == c for c, _r in ratios):
            raise InvalidInput(f"--arms names arm {code} twice.")
        if not 1 <= number <= MAX_RATIO:
            raise InvalidInput(f"An arm's ratio is a whole number from 1 to {MAX_RATIO}.")
        ratios.append((code, number))
    missing = [c for c in protocol_arms if all(c != r for r, _n in ratios)]
    if missing:
        raise InvalidInput(
            f"--arms must give every arm of the protocol a ratio: {', '.join(missing)} is missing."
        )
    return tuple(ratios)


def parse_block_sizes(text: str, ratio_sum: int) -> tuple[int, ...]:
    """``4,6`` → (4, 6); each a multiple of the sum of the ratios, so blocks balance."""
    sizes: list[int] = []
    for item in text.split(","):
        item = item.strip()
        if not item.isascii() or not item.isdigit():
            raise InvalidInput("--block-sizes takes whole numbers separated by commas, like 4,6.")
        size = int(item)
        if not ratio_sum <= size <= MAX_BLOCK_SIZE or size % ratio_sum:
            raise InvalidInput(
                f"Each block size must be a multiple of {ratio_sum} (the sum of the ratios) "
                f"up to {MAX_BLOCK_SIZE}: {size} is not."
            )
        if size in sizes:
            raise InvalidInput(f"--block-sizes names {size} twice.")
        sizes.append(size)
    return tuple(sizes)


def parse_devices(text: str) -> tuple[str, ...]:
    devices: list[str] = []
    for item in text.split(","):
        device = item.strip()
        check_device(device)
        if device in devices:
            raise InvalidInput(f"--devices names {device} twice.")
        devices.append(device)
    if len(devices) > MAX_DEVICES:
        raise InvalidInput(f"One list serves at most {MAX_DEVICES} devices.")
    return tuple(devices)


def check_device(device: str) -> str:
    if not DEVICE_RE.fullmatch(device):
        raise InvalidInput("A device code is 1–32 letters, digits or '_'.")
    return device


def check_slot_count(count: int, what: str = "--per-device") -> int:
    if not 1 <= count <= MAX_SLOTS_PER_DEVICE:
        raise InvalidInput(f"{what} is a number of slots from 1 to {MAX_SLOTS_PER_DEVICE}.")
    return count


def check_seed(seed: str) -> str:
    if not 1 <= len(seed) <= MAX_SEED_CHARS or not seed.isprintable():
        raise InvalidInput(f"--seed is 1–{MAX_SEED_CHARS} printable characters.")
    return seed


# -- making the list ----------------------------------------------------------------


def block_sequence(design: Design, seed: str, device: str) -> Iterator[tuple[int, int, str]]:
    """The endless sequence of (block number, block size, arm) of one device."""
    stream = Stream(seed, f"blocks|{device}")
    block = 0
    while True:
        block += 1
        size = design.block_sizes[stream.below(len(design.block_sizes))]
        arms = [a for a, r in design.ratios for _ in range(r * size // design.ratio_sum)]
        for i in range(len(arms) - 1, 0, -1):
            j = stream.below(i + 1)
            arms[i], arms[j] = arms[j], arms[i]
        for arm in arms:
            yield block, size, arm


def _codes(seed: str, device: str) -> Iterator[str]:
    stream = Stream(seed, f"kit-codes|{device}")
    while True:
        yield make_code(stream.below)


def _extend(allocation: AllocationList, part: DevicePart, count: int) -> list[Slot]:
    used = allocation.all_codes()
    start = len(part.slots)
    blocks = block_sequence(allocation.design, allocation.seed, part.device)
    codes = _codes(allocation.seed, part.device)
    for _ in range(start):
        next(blocks)
    for _ in range(part.code_draws):
        next(codes)
    new: list[Slot] = []
    for number in range(start + 1, start + count + 1):
        block, size, arm = next(blocks)
        while True:
            code = next(codes)
            part.code_draws += 1
            if code not in used:
                break
        assert is_valid(code)
        used.add(code)
        new.append(Slot(part.device, number, block, size, arm, code))
    part.slots.extend(new)
    return new


def generate(
    study: str, design: Design, devices: Sequence[str], per_device: int, seed: str
) -> AllocationList:
    """A new list: ``per_device`` slots for each device, in the order given."""
    check_slot_count(per_device)
    allocation = AllocationList(study, check_seed(seed), design, {})
    for device in devices:
        part = allocation.parts[check_device(device)] = DevicePart(device)
        _extend(allocation, part, per_device)
    return allocation


def top_up(allocation: AllocationList, device: str, count: int) -> list[Slot]:
    """``count`` more slots for ``device`` (a new device gets its first part); the new slots.

    The device's blocks carry on where they stopped, and no code already in the list
    is used again.
    """
    check_slot_count(count, "--count")
    part = allocation.parts.get(check_device(device))
    if part is None:
        if len(allocation.parts) >= MAX_DEVICES:
            raise InvalidInput(f"One list serves at most {MAX_DEVICES} devices.")
        part = allocation.parts[device] = DevicePart(device)
    if len(part.slots) + count > MAX_SLOTS_PER_DEVICE:
        raise InvalidInput(f"A device's part holds at most {MAX_SLOTS_PER_DEVICE} slots.")
    return _extend(allocation, part, count)
