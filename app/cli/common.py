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

from app.errors import InvalidInput
from app.store.paths import default_data_dir
from app.store.store import Store
from app.store.uow import Actor


def data_dir(args: argparse.Namespace) -> Path:
    given = getattr(args, "data_dir", None)
    return Path(given).expanduser() if given else default_data_dir()


def secret_from_env(var: str, prompt: str) -> str:
    """A secret from the environment, else asked on the terminal; never from argv."""
    value = os.environ.get(var)
    if value is not None:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    raise InvalidInput(f"Set {var}: Bedside does not take passwords on the command line.")


def acting_user() -> tuple[str, str]:
    name = os.environ.get("BEDSIDE_USER")
    if not name:
        raise InvalidInput("Set BEDSIDE_USER to the name of the person running this command.")
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
