"""Errors Bedside expects: environment faults and refused input.

Each carries one sentence a nurse or an admin can act on. Anything that is not
a :class:`BedsideError` is a bug: it is logged with its traceback and shown with
a reference, never swallowed.
"""

from __future__ import annotations


class BedsideError(Exception):
    """A known fault with one sentence that says what to do."""

    exit_code = 1

    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence

    def __str__(self) -> str:
        return self.sentence


class NoStore(BedsideError):
    """There is no store in the data directory."""


class StoreExists(BedsideError):
    """A store already exists where a new one was asked for."""


class StoreInUse(BedsideError):
    """Another copy of Bedside has the store open."""


class WrongPassword(BedsideError):
    """The user name or password does not unlock the store."""


class LoginBackoff(BedsideError):
    """Too many failed logins for this account; wait before trying again."""

    def __init__(self, sentence: str, wait_seconds: float) -> None:
        super().__init__(sentence)
        self.wait_seconds = wait_seconds


class CorruptStore(BedsideError):
    """The database or its key slots are damaged or were tampered with."""


class CipherMissing(BedsideError):
    """The SQLite library in use has no encryption: refuse to write plaintext."""


class DiskFull(BedsideError):
    """The disk (or the store's size cap) is full."""


class DiskError(BedsideError):
    """The disk refused a write or a flush (an I/O error): what was being saved was not."""


class ReadOnlyLocation(BedsideError):
    """The data directory cannot be written."""


class NotPermitted(BedsideError):
    """The acting user's role does not allow this action."""


class ReasonRequired(BedsideError):
    """A saved value was changed without a reason for the change."""


class InvalidInput(BedsideError):
    """A value given on the command line or in a form was refused."""
