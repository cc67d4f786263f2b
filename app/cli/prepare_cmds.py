"""The command line's `bedside prepare`."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Adds the subcommands to ``sub``."""
