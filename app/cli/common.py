"""What every subcommand shares: the data directory, the acting user, output."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.cli.checks import SECRET_LIMIT, USER_NAME_LIMIT, check_text, resolve_data_dir
from app.errors import InvalidInput
from app.store.store import Store
from app.store.uow import Actor


def data_dir(args: argparse.Namespace | None) -> Path:
    """``--data-dir``, else ``BEDSIDE_DATA_DIR``, else the platform's folder; each checked.

    An empty value is refused rather than read as "not given": it would quietly open
    (or create) a store in the default folder.
    """
    return resolve_data_dir(getattr(args, "data_dir", None))


def secret_from_env(var: str, prompt: str) -> str:
    """A secret from the environment, else asked on the terminal; never from argv."""
    value = os.environ.get(var)
    if value is None:
        if sys.stdin is None or not sys.stdin.isatty():
            raise InvalidInput(f"Set {var}: Bedside does not take passwords on the command line.")
        value = getpass.getpass(prompt)
    return check_text(value, var, SECRET_LIMIT)


def acting_user() -> tuple[str, str]:
    name = os.environ.get("BEDSIDE_USER")
    if not name:
        raise InvalidInput("Set BEDSIDE_USER to the name of the person running this command.")
    check_text(name, "BEDSIDE_USER", USER_NAME_LIMIT)
    return name, secret_from_env("BEDSIDE_PASSWORD", f"Password for {name}: ")


@contextmanager
def unlocked(args: argparse.Namespace) -> Iterator[tuple[Store, Actor]]:
    """Open the store and unlock it as ``BEDSIDE_USER``; always closed afterwards."""
    name, password = acting_user()
    store = Store.open(data_dir(args))
    try:
        actor = store.unlock(name, password)
        yield store, actor
    finally:
        store.close()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")
