"""Sentences the rules and services say, kept as a message id plus its values.

Services and clinical rules never import Qt, yet what they say (a refusal, a field's
validation message) reaches a nurse who may read Chinese. A sentence is written as::

    QT_TRANSLATE_NOOP("Numbers", "{label} must be a number.").format(label=label)

``QT_TRANSLATE_NOOP`` is the marker ``pyside6-lupdate`` looks for, so the English source
lands in ``resources/translations/*.ts`` under its context, like every ``tr()`` of the
interface. ``.format`` makes a :class:`Sentence`: a ``str`` in the language the app has
installed for the person signed in (English on the command line and in the hub), that
also keeps its context, its English source and its values, so :meth:`Sentence.english`
gives the source-language text wherever a record must not depend on who read it.

The interface installs the translator (:func:`use_translator`) when it installs a
language; a translation whose placeholders do not fit is ignored and the English
sentence is said instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Translate = Callable[[str, str], str]

_translate: Translate | None = None
_language = "en"


def use_translator(translate: Translate | None, language: str = "en") -> None:
    """Say sentences made from now on through ``translate`` (None: English), in
    ``language`` (its code, for the protocol's own bilingual wording: :func:`pick`)."""
    global _translate, _language
    _translate = translate
    _language = language if translate is not None else "en"


class Worded(str):
    """The protocol's own wording of a name in the installed language, keeping its English."""

    english_text: str

    def __new__(cls, said: str, english: str) -> Worded:
        made = super().__new__(cls, said)
        made.english_text = english
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Worded, (str(self), self.english_text))

    def english(self) -> str:
        return self.english_text


def pick(english: str, chinese: str) -> Worded:
    """A name the protocol gives in both languages (a vital sign, a visit, a timepoint),
    as a sentence's value: its Chinese when sentences are said in Chinese and the
    protocol has one, else its English; :meth:`Sentence.english` says the English."""
    return Worded(chinese if _language == "zh_CN" and chinese else english, english)


class Sentence(str):
    """A sentence in the installed language that remembers its id and values."""

    context: str
    source: str
    params: Mapping[str, object]

    def __new__(cls, context: str, source: str, params: Mapping[str, object]) -> Sentence:
        english = source.format(**params)
        said = english
        if _translate is not None:
            try:
                said = _translate(context, source).format(**params)
            except (KeyError, IndexError, ValueError):
                said = english  # a translation that does not fit its values: say the source
        made = super().__new__(cls, said)
        made.context, made.source, made.params = context, source, dict(params)
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        # copy, deepcopy and pickle keep the words as said, with the id and values.
        return (_said_again, (str(self), self.context, self.source, dict(self.params)))

    def english(self) -> str:
        """The sentence in the source language, whatever language it was said in."""
        return self.source.format(**{
            name: value.english() if isinstance(value, Sentence | Worded) else value
            for name, value in self.params.items()
        })  # fmt: skip


def _said_again(said: str, context: str, source: str, params: Mapping[str, object]) -> Sentence:
    made = str.__new__(Sentence, said)
    made.context, made.source, made.params = context, source, dict(params)
    return made


class Template(str):
    """A sentence's English source with ``{placeholders}``, not yet given its values."""

    context: str

    def __new__(cls, context: str, source: str) -> Template:
        made = super().__new__(cls, source)
        made.context = context
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Template, (self.context, str(self)))

    def format(self, *args: Any, **params: Any) -> Sentence:
        if args:
            raise TypeError("a sentence takes named values only")
        return Sentence(self.context, str(self), params)

    def said(self) -> Sentence:
        """The sentence without values."""
        return Sentence(self.context, str(self), {})


def QT_TRANSLATE_NOOP(context: str, source: str) -> Template:
    """Mark ``source`` as a sentence of ``context`` for the translation tools."""
    return Template(context, source)
