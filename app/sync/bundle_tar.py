"""The bundle's container: the strict subset of POSIX ustar that Bedside writes.

Plain files only, mode 0644, owner 0/0, no user names, one date for all members,
ended by two empty blocks. The parser rebuilds every header and compares it byte
for byte, so anything a stock ``tar`` could read but Bedside would not write is
refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app.sentences import QT_TRANSLATE_NOOP

BLOCK = 512
END = bytes(2 * BLOCK)


class ContainerRefused(Exception):
    """The archive is not one Bedside writes; ``sentence`` says why."""

    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence


def tar_header(name: str, size: int, mtime: int) -> bytes:
    """Our only header: a regular file, mode 0644, owner 0, no user names."""
    fields = b"%s0000644\x000000000\x000000000\x00%011o\x00%011o\x00        0" % (
        name.encode("ascii").ljust(100, b"\0"),
        size,
        mtime,
    )
    header = (fields + bytes(100) + b"ustar\x0000").ljust(BLOCK, b"\0")
    # The checksum is the byte sum with its own field counted as spaces.
    return header[:148] + b"%06o\0 " % sum(header) + header[156:]


def encode_container(entries: list[tuple[str, bytes]], mtime: int) -> bytes:
    parts: list[bytes] = []
    for name, data in entries:
        parts += [tar_header(name, len(data), mtime), data, bytes(-len(data) % BLOCK)]
    return b"".join([*parts, END])


def parse_container(
    data: bytes, max_bytes: int, max_members: int, valid_name: Callable[[str], bool]
) -> tuple[dict[str, bytes], int]:
    """Members in archive order and their common mtime; :class:`ContainerRefused` otherwise."""
    if len(data) % BLOCK or len(data) > max_bytes:
        raise ContainerRefused(
            QT_TRANSLATE_NOOP(
                "Bundle", "its length is not whole 512-byte blocks within the cap."
            ).said()
        )
    members: dict[str, bytes] = {}
    mtimes: set[int] = set()
    pos = 0
    while data[pos : pos + BLOCK] not in (bytes(BLOCK), b""):
        header = data[pos : pos + BLOCK]
        kind = header[156:157]
        if kind in (b"1", b"2"):
            raise ContainerRefused(QT_TRANSLATE_NOOP("Bundle", "it contains a link.").said())
        if kind != b"0" or header[257:265] != b"ustar\x0000":
            raise ContainerRefused(
                QT_TRANSLATE_NOOP("Bundle", "it contains an entry that is not a plain file.").said()
            )
        raw_name, _, rest = header[:100].partition(b"\0")
        numbers = re.fullmatch(rb"([0-7]{11})\0([0-7]{11})\0", header[124:148])
        if rest.strip(b"\0") or not numbers:
            raise ContainerRefused(QT_TRANSLATE_NOOP("Bundle", "a header is malformed.").said())
        name = raw_name.decode("ascii", "replace")
        if not valid_name(name):
            raise ContainerRefused(
                QT_TRANSLATE_NOOP(
                    "Bundle", "the name {name} is not allowed (no '/', '..' or odd characters)."
                ).format(name=repr(name))
            )
        if name in members:
            raise ContainerRefused(
                QT_TRANSLATE_NOOP("Bundle", "{name} appears twice.").format(name=name)
            )
        size, mtime = int(numbers.group(1), 8), int(numbers.group(2), 8)
        if header != tar_header(name, size, mtime):
            raise ContainerRefused(
                QT_TRANSLATE_NOOP(
                    "Bundle", "the header of {name} is not one Bedside writes."
                ).format(name=name)
            )
        if len(members) >= max_members:
            raise ContainerRefused(QT_TRANSLATE_NOOP("Bundle", "it has too many members.").said())
        end = pos + BLOCK + size
        padded = end + (-size % BLOCK)
        if padded > len(data) or data[end:padded].strip(b"\0"):
            raise ContainerRefused(
                QT_TRANSLATE_NOOP("Bundle", "{name} is truncated or badly padded.").format(
                    name=name
                )
            )
        members[name] = data[pos + BLOCK : end]
        mtimes.add(mtime)
        pos = padded
    if data[pos:] != END:
        raise ContainerRefused(
            QT_TRANSLATE_NOOP("Bundle", "it does not end with exactly two empty blocks.").said()
        )
    if len(mtimes) > 1:
        raise ContainerRefused(
            QT_TRANSLATE_NOOP("Bundle", "its members have different dates.").said()
        )
    return members, mtimes.pop() if mtimes else 0
