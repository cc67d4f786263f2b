"""Streaming XML for the ODM export, and the new-file discipline every export follows.

:class:`XmlWriter` writes element by element through ``XMLGenerator`` (indented, so
a data manager can read the file), never holding a tree. :func:`new_file` writes to
a hidden temporary name beside the target and renames it only when the file is
complete, so a failed export leaves nothing that looks like an export.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import XMLGenerator

from app.errors import InvalidInput
from app.store.engine import translate_os_error
from app.sync.atomic import fsync_directory, remove_quietly, temp_name

# Characters XML 1.0 cannot carry, even escaped; a stray control code in a note must
# not make the whole file unreadable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class XmlWriter:
    """A streaming, indented XML writer over :class:`XMLGenerator`."""

    def __init__(self, stream: io.TextIOWrapper) -> None:
        self._out = XMLGenerator(stream, encoding="utf-8", short_empty_elements=True)
        self._depth = 0

    def begin(self) -> None:
        """The XML declaration."""
        self._out.startDocument()

    def finish(self) -> None:
        """End the document (after the root element is closed)."""
        self._out.ignorableWhitespace("\n")
        self._out.endDocument()

    def start(self, tag: str, attrs: dict[str, str | None] | None = None) -> None:
        """Open an element; attributes whose value is None are left out."""
        if self._depth:  # the declaration already ends its line
            self._out.ignorableWhitespace("\n" + "  " * self._depth)
        clean = {k: xml_safe(v) for k, v in (attrs or {}).items() if v is not None}
        self._out.startElement(tag, clean)  # type: ignore[arg-type]
        self._depth += 1

    def end(self, tag: str) -> None:
        """Close the element :meth:`start` opened."""
        self._depth -= 1
        self._out.ignorableWhitespace("\n" + "  " * self._depth)
        self._out.endElement(tag)

    def leaf(self, tag: str, attrs: dict[str, str | None] | None = None, text: str = "") -> None:
        """An element with attributes and/or text but no child elements."""
        self._out.ignorableWhitespace("\n" + "  " * self._depth)
        clean = {k: xml_safe(v) for k, v in (attrs or {}).items() if v is not None}
        self._out.startElement(tag, clean)  # type: ignore[arg-type]
        if text:
            self._out.characters(xml_safe(text))
        self._out.endElement(tag)

    def texts(self, tag: str, *by_lang: tuple[str, str]) -> None:
        """``<tag><TranslatedText xml:lang=…>…</TranslatedText>…</tag>``."""
        self.start(tag)
        for lang, text in by_lang:
            if text:
                self.leaf("TranslatedText", {"xml:lang": lang}, text)
        self.end(tag)


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def check_new_file(out: Path) -> None:
    """Refuse an existing file or a missing folder before any work is done."""
    if out.exists():
        raise InvalidInput(f"{out} exists: Bedside does not overwrite an export.")
    if not out.parent.is_dir():
        raise InvalidInput(f"The folder {out.parent} does not exist.")


@contextmanager
def new_file(out: Path) -> Iterator[io.TextIOWrapper]:
    """A hidden temporary file beside ``out``, renamed to ``out`` only when complete."""
    check_new_file(out)
    tmp = out.with_name(temp_name(out.name))
    try:
        stream = open(tmp, "x", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise translate_os_error(exc, out.parent) from None
    try:
        with stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if out.exists():
            raise InvalidInput(f"{out} appeared while exporting: nothing was written.")
        os.replace(tmp, out)
    except OSError as exc:
        remove_quietly(tmp)
        raise translate_os_error(exc, out.parent) from None
    except BaseException:
        remove_quietly(tmp)
        raise
    fsync_directory(out.parent)
