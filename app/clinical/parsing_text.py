"""Free text and codes as a person typed them into a field, checked before saving.

Free text is kept as typed (surrounding blanks dropped) or refused with one sentence for
the nurse, never cut; a code (initials) is read in capitals. Every parser of typed text
first refuses an invisible control character, which could not be saved or shown.
"""

from __future__ import annotations

import re
import unicodedata

from app.clinical.errors import ValidationError
from app.sentences import QT_TRANSLATE_NOOP

_ALLOWED_CONTROLS_MULTILINE = frozenset("\n\t")


def _control_character(text: str, allowed: frozenset[str] = frozenset()) -> str | None:
    """The first control (or other invisible format) character in ``text``, if any."""
    for char in text:
        if char in allowed:
            continue
        if unicodedata.category(char) in {"Cc", "Cf", "Cs", "Zl", "Zp"} and char != "\u200d":
            return char
    return None


def refuse_controls(text: str, field: str, label: str, allowed: frozenset[str]) -> None:
    """Refuse ``text`` if it holds a control character other than those ``allowed``."""
    char = _control_character(text, allowed)
    if char is not None:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP(
                "Typing",
                "{label}: remove the invisible control character ({code}); it cannot be saved.",
            ).format(label=label, code=f"U+{ord(char):04X}"),
        )


def shown_char(char: str) -> str:
    """A character named in a sentence: in quotes, or "a space"."""
    return QT_TRANSLATE_NOOP("Typing", "a space").format() if char.isspace() else f"“{char}”"


def check_text(
    text: object, field: str, label: str, *, max_chars: int, multiline: bool = False
) -> str:
    """Free text as typed (surrounding blanks dropped), if it can be saved as it is.

    Refused, never cut: more than ``max_chars`` characters, or a control character (a
    newline and a tab only in a multi-line note).
    """
    raw = "" if text is None else str(text)
    refuse_controls(raw, field, label, _ALLOWED_CONTROLS_MULTILINE if multiline else frozenset())
    typed = raw.strip()
    if len(typed) > max_chars:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP(
                "Typing", "{label}: at most {most} characters; this has {count}."
            ).format(label=label, most=f"{max_chars:,}", count=f"{len(typed):,}"),
        )
    return typed


def parse_code_text(
    text: object, field: str, label: str, *, letter: str, longest: int, rule: str
) -> str | None:
    """A code (initials) typed in capitals or not: the capitals it denotes; blank → None.

    Each character must match ``letter`` (a regular expression for one capital, such as
    ``[A-Z]``) and there are at most ``longest``; ``rule`` says so in one sentence
    ("Initials are 1 to 4 letters A–Z."). Nothing is dropped: a character that does not
    belong refuses the whole code, and the sentence names it.
    """
    typed = check_text(text, field, label, max_chars=max(longest, 64))
    if not typed:
        return None
    code = typed.upper()
    odd = next((c for c in code if re.fullmatch(letter, c) is None), None)
    if odd is not None:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("Typing", "{rule} {char} is not one of them.").format(
                rule=rule, char=shown_char(odd).capitalize()
            ),
        )
    if len(code) > longest:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("Typing", "{rule} This has {count}.").format(
                rule=rule, count=len(code)
            ),
        )
    return code
