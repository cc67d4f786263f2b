"""bedside demo: a store full of fictional participants to try Bedside on."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import data_dir
from app.store.demo_marker import demo_accounts


def cmd_demo(args: argparse.Namespace) -> int:
    # Imported here, not at the top: every other command's start-up is spared it.
    from app.services.demo import DEVICE, PEOPLE, SITE, create_demo_store

    folder = data_dir(args)
    existing = demo_accounts(folder)
    if existing is not None and not args.no_gui:
        # The demo folder is kept between runs: open it again rather than refuse.
        print(f"Opening the demo store in {folder}.")
        passwords = existing
    else:
        passwords = create_demo_store(folder)
        print(
            f"Created a demo store in {folder} (site {SITE}, device {DEVICE}) "
            f"with {len(PEOPLE)} fictional participants."
        )
    print("Log in as (demo passwords, for trying Bedside only):")
    for user, password in passwords.items():
        print(f"  {user:<14} {password}")
    if args.no_gui:
        return 0
    from app.ui.main import run

    return int(run(folder))


def register(sub: Any, common: argparse.ArgumentParser | None = None) -> None:
    """Add this subcommand to the ``bedside`` parser (``common``: options after it)."""
    p = sub.add_parser(
        "demo",
        help="create a demo store with fictional participants, then open Bedside",
        parents=[common] if common is not None else [],
    )
    p.add_argument("--no-gui", action="store_true", help="only create the store and print users")
    p.set_defaults(func=cmd_demo)
