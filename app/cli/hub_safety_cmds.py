"""The command line's `bedside hub safety`."""

from __future__ import annotations

import argparse
from typing import Any


def register_hub(cmds: Any, common: argparse.ArgumentParser) -> None:
    """Adds the subcommand to the hub's ``cmds``."""
