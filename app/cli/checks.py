"""What arrives on the command line and in the environment, checked before anything opens.

Every refusal is one sentence that names the argument and never repeats its value:
bytes that are not UTF-8 would reach the terminal and the log only as escapes, and a
100 KB value would swamp both. Python hands undecodable bytes over as lone
surrogates (PEP 383); that is how they are found here.
"""

from __future__ import annotations

import argparse
import os
import re
import stat
from pathlib import Path

from app.errors import InvalidInput

# Limits of the models the values end up in (or of the check that takes them next).
TEXT_LIMITS: dict[str, int] = {
    "name": 64,  # users.name
    "admin": 64,
    "user": 64,
    "role": 20,  # users.role
    "site": 32,  # check_code: 1-32 letters, digits or '_'
    "device": 32,
    "full_name": 200,  # users.full_name
    "reason": 500,  # the app's reason box
    "prefix": 16,  # check_study_id_range
    "recipient": 200,  # an age recipient is 62 characters
    "hub_key": 200,  # a minisign public key line is 56
    "key": 200,
    "db_url": 2048,
}
DEFAULT_TEXT_LIMIT = 1024
PATH_ARGUMENTS = frozenset({"data_dir", "to", "out", "file", "folder", "identity"})
SECRET_LIMIT = 4096
USER_NAME_LIMIT = TEXT_LIMITS["name"]
# Pseudo filesystems: a folder there is never a place for a store.
SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")


def has_surrogates(text: str) -> bool:
    """Whether ``text`` came from bytes that are not UTF-8."""
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


def elide(text: str, limit: int = 60) -> str:
    """``text`` fit to quote in a sentence: controls and undecodable bytes shown as '?',
    and cut (with '…') when longer than ``limit`` characters."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def bounded_sentence(sentence: str, limit: int = 400) -> str:
    """A sentence for stderr and the log: never unbounded, never raw bytes.

    A last guard for sentences built elsewhere around a value given to us; the
    middle goes, so the start (what) and the end (what to do) stay.
    """
    shown = "".join(ch if ch.isprintable() else "?" for ch in sentence)
    if len(shown) <= limit:
        return shown
    keep = (limit - 3) // 2
    return f"{shown[:keep]} … {shown[-keep:]}"


def shorten_words(message: str, limit: int = 40) -> str:
    """``message`` with every run of more than ``limit`` non-blank characters cut short."""
    return re.sub(rf"\S{{{limit + 1},}}", lambda m: m.group(0)[: limit - 1] + "…", message)


def check_text(value: str, label: str, limit: int) -> str:
    if has_surrogates(value):
        raise InvalidInput(f"{label} holds bytes that are not UTF-8 text: type it again.")
    if len(value) > limit:
        raise InvalidInput(f"{label} is longer than {limit} characters: shorten it.")
    return value


def _fs_limits(path: Path) -> tuple[int, int]:
    """The longest name and path (in bytes) the filesystem under ``path`` takes."""
    probe = path
    while True:
        try:
            if os.path.isdir(probe):
                break
        except (OSError, ValueError):
            pass
        if probe.parent == probe:
            break
        probe = probe.parent
    limits = []
    for name, fallback in (("PC_NAME_MAX", 255), ("PC_PATH_MAX", 4096)):
        try:
            limits.append(int(os.pathconf(probe, name)))
        except (OSError, ValueError, AttributeError):
            limits.append(fallback)
    return limits[0], limits[1]


def check_path_text(value: str, label: str, *, expand: bool = False) -> Path:
    """A path argument that this filesystem can hold, without looking at what is there."""
    if value == "":
        raise InvalidInput(f"{label} is empty: give a path.")
    if has_surrogates(value):
        raise InvalidInput(
            f"{label} holds bytes that are not UTF-8 text: Bedside takes only UTF-8 names."
        )
    path = Path(value)
    if expand:
        try:
            path = path.expanduser()
        except RuntimeError:
            raise InvalidInput(
                f"{label} starts with '~' but names no user of this computer: give the folder "
                "itself."
            ) from None
    name_max, path_max = _fs_limits(path)
    if len(os.fsencode(path)) >= path_max:
        raise InvalidInput(
            f"{label} is longer than {path_max - 1} bytes, the longest path this system takes."
        )
    if any(len(os.fsencode(part)) > name_max for part in path.parts):
        raise InvalidInput(
            f"{label} has a name longer than {name_max} bytes, the longest this filesystem takes."
        )
    return path


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device file"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a folder"


def check_data_dir(value: str, label: str) -> Path:
    """The store's (or hub's) folder: a folder, or nothing yet, somewhere a store can live."""
    if value == "":
        raise InvalidInput(f"{label} is empty: give the store's folder.")
    path = check_path_text(value, label, expand=True)
    try:
        mode: int | None = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except NotADirectoryError:
        raise InvalidInput(
            f"{label} goes through a file where a folder belongs: give the store's folder."
        ) from None
    except OSError as exc:
        raise InvalidInput(f"{label} cannot be looked at ({exc.strerror}).") from None
    if mode is not None and not stat.S_ISDIR(mode):
        raise InvalidInput(f"{label} names {_kind(mode)}, not a folder: give the store's folder.")
    real = os.path.realpath(path)
    for system in SYSTEM_FOLDERS:
        if real == system or real.startswith(system + os.sep):
            raise InvalidInput(
                f"{label} is inside {system}, a system folder that cannot hold a store."
            )
    return path


def resolve_data_dir(given: str | None) -> Path:
    """``--data-dir``, else ``BEDSIDE_DATA_DIR``, else the platform's folder; each checked.

    An empty value is refused rather than read as "not given": it would quietly open
    (or create) a store in the default folder.
    """
    from app.store.paths import default_data_dir

    if given is not None:
        return check_data_dir(given, "--data-dir")
    env = os.environ.get("BEDSIDE_DATA_DIR")
    if env is not None:
        if env == "":
            raise InvalidInput(
                "BEDSIDE_DATA_DIR is set but empty: give the store's folder, or unset it."
            )
        return check_data_dir(env, "BEDSIDE_DATA_DIR")
    return default_data_dir()


def _label(action: argparse.Action) -> str:
    if action.option_strings:
        longest = max(action.option_strings, key=len)
        return longest
    return str(action.metavar or action.dest.upper())


def _labels(parser: argparse.ArgumentParser, args: argparse.Namespace) -> dict[str, str]:
    """How each argument of the chosen (sub)command is spelt on the command line."""
    labels: dict[str, str] = {}
    current: argparse.ArgumentParser | None = parser
    while current is not None:
        chosen: argparse.ArgumentParser | None = None
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                name = getattr(args, action.dest, None)
                if isinstance(name, str) and name in action.choices:
                    chosen = action.choices[name]
            elif action.dest != argparse.SUPPRESS:
                labels[action.dest] = _label(action)
        current = chosen
    return labels


def check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse a text or path argument that is not UTF-8, too long, or empty where a path is."""
    labels = _labels(parser, args)
    for dest, value in sorted(vars(args).items()):
        if not isinstance(value, str):
            continue
        label = labels.get(dest, "--" + dest.replace("_", "-"))
        if dest == "data_dir":
            check_data_dir(value, label)
        elif dest in PATH_ARGUMENTS:
            check_path_text(value, label)
        else:
            check_text(value, label, TEXT_LIMITS.get(dest, DEFAULT_TEXT_LIMIT))
