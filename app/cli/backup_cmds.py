"""backup, restore: one checked, encrypted file of the whole store, and back."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import acting_user, data_dir

BACKUP_HELP = (
    "write a checked, encrypted copy of the store (with its key slots) to FILE, or into "
    "the folder FILE, while the app may be running; admin only, since the copy holds every "
    "person's key slot and the whole store"
)
RESTORE_HELP = (
    "put the store back from a backup FILE, once it verifies; give the user name "
    "(BEDSIDE_USER) and password (BEDSIDE_PASSWORD) of an admin of the backed-up store"
)


def cmd_backup(args: argparse.Namespace) -> int:
    from app.store.backup import backup_file_name, make_backup, open_for_backup

    name, password = acting_user()
    out = Path(args.out)
    with open_for_backup(data_dir(args), name, password) as (store, actor):
        if out.is_dir():
            info = store.info()
            out = out / backup_file_name(info.site, info.device)
        done = make_backup(store, actor, out)
    print(done.sentence())
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.store.restore import restore_backup

    name, password = acting_user()
    done = restore_backup(Path(args.file), data_dir(args), name, password, replace=args.replace)
    for line in done.sentences():
        print(line)
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add these subcommands to the ``bedside`` parser."""
    p = sub.add_parser("backup", help=BACKUP_HELP, description=BACKUP_HELP, parents=[common])
    p.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="the new backup file, or a folder (a USB stick) to write it into",
    )
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help=RESTORE_HELP, description=RESTORE_HELP, parents=[common])
    p.add_argument("file", metavar="FILE", help="the backup file")
    p.add_argument(
        "--replace",
        action="store_true",
        help="restore over the store in the data folder, keeping it in a replaced-<time> folder",
    )
    p.set_defaults(func=cmd_restore)


__all__ = ["register"]
