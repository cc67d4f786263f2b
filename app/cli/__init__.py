"""The ``bedside`` command: the GUI by default, subcommands for admins, the hub and tests."""

from app.cli.main import main

__all__ = ["main"]
