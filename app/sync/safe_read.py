"""Reading files that come from outside (a sync folder, a USB stick) without trusting them.

A name in the folder may be a symlink (to ``/dev/zero``), a FIFO (that blocks a
reader forever), a directory or a device file, and ``stat`` may lie about the
size of what it points at. Each file is opened without following links and
without blocking, checked to be a regular file on the open descriptor, and read
with a hard byte cap.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from app.sentences import QT_TRANSLATE_NOOP

TOO_LARGE = QT_TRANSLATE_NOOP("Files", "{name} is larger than {cap} bytes.")


class UnsafeFile(Exception):
    """A file that is not read: ``code`` for machines, ``sentence`` for people."""

    def __init__(self, code: str, sentence: str) -> None:
        super().__init__(sentence)
        self.code = code
        self.sentence = sentence


def printable_name(name: str) -> str:
    """A file name fit for a log line: bytes that are not UTF-8 as ``\\xff``, controls escaped.

    Equal to ``name`` exactly when the name is plain, printable UTF-8.
    """
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``max_bytes``."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    shown = printable_name(path.name)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise UnsafeFile(
            "missing", QT_TRANSLATE_NOOP("Files", "{name} is gone.").format(name=shown)
        ) from None
    except OSError as exc:
        if path.is_symlink():
            raise UnsafeFile(
                "symlink",
                QT_TRANSLATE_NOOP("Files", "{name} is a symbolic link: it was not read.").format(
                    name=shown
                ),
            ) from None
        raise UnsafeFile(
            "unreadable",
            QT_TRANSLATE_NOOP("Files", "{name} is unreadable ({problem}): it was not read.").format(
                name=shown, problem=exc.strerror
            ),
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            if stat.S_ISDIR(info.st_mode):
                raise UnsafeFile(
                    "not_a_file",
                    QT_TRANSLATE_NOOP("Files", "{name} is a directory: it was not read.").format(
                        name=shown
                    ),
                )
            raise UnsafeFile(
                "not_a_file",
                QT_TRANSLATE_NOOP("Files", "{name} is not a regular file: it was not read.").format(
                    name=shown
                ),
            )
        if info.st_size > max_bytes:
            raise UnsafeFile("too_large", TOO_LARGE.format(name=shown, cap=max_bytes))
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise UnsafeFile("too_large", TOO_LARGE.format(name=shown, cap=max_bytes))
        return b"".join(chunks)
    except OSError as exc:
        raise UnsafeFile(
            "unreadable",
            QT_TRANSLATE_NOOP("Files", "{name} could not be read ({problem}).").format(
                name=shown, problem=exc.strerror
            ),
        ) from None
    finally:
        os.close(fd)
