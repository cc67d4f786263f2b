"""bedside user add | passwd | disable | role | list."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from app.cli.common import print_json, secret_from_env, unlocked
from app.roles import parse_role
from app.services import users


def cmd_add(args: argparse.Namespace) -> int:
    role = parse_role(args.role)
    users.check_name(args.name)
    if args.full_name is not None:
        users.check_full_name(args.full_name)  # before the store is unlocked
    password = users.check_password(secret_from_env("BEDSIDE_NEW_PASSWORD", "New password: "))
    with unlocked(args) as (store, actor):
        view = users.add_user(store, actor, args.name, role, password, args.full_name)
    print(f"Added {view.name} ({view.role}); they must change the password at first login.")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    new = users.check_password(secret_from_env("BEDSIDE_NEW_PASSWORD", "New password: "))
    with unlocked(args) as (store, actor):
        if args.name == actor.name:
            old = secret_from_env("BEDSIDE_PASSWORD", "Current password: ")
            users.change_password(store, actor, old, new)
            print(f"Changed the password of {actor.name}.")
        else:
            reason = args.reason or "password reset by an admin"
            users.reset_password(store, actor, args.name, new, reason)
            print(f"Set a temporary password for {args.name}; it must be changed at next login.")
    return 0


def cmd_disable(args: argparse.Namespace) -> int:
    with unlocked(args) as (store, actor):
        users.disable_user(store, actor, args.name, args.reason or "account disabled")
    print(
        f"Disabled {args.name}, removed their key slot and re-keyed the store: an old copy of "
        "the key file opens nothing."
    )
    return 0


def cmd_role(args: argparse.Namespace) -> int:
    role = parse_role(args.role)
    with unlocked(args) as (store, actor):
        users.set_role(store, actor, args.name, role, args.reason)
    print(f"{args.name} is now {role.value}.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with unlocked(args) as (store, _actor):
        people = users.list_users(store)
    if args.json:
        print_json([asdict(p) for p in people])
    else:
        for p in people:
            state = "active" if p.active else "disabled"
            print(f"{p.name:<20} {p.role:<13} {state:<9} {p.full_name}")
    return 0


def cmd_show_key(args: argparse.Namespace) -> int:
    with unlocked(args) as (store, actor):
        text = users.public_key_text(store, actor)
    print(text)
    return 0


def cmd_language(args: argparse.Namespace) -> int:
    from app.services.settings import LANGUAGES, set_person_language

    with unlocked(args) as (store, actor):
        code = set_person_language(store, actor, args.code)
    print(f"Your screens will be in {LANGUAGES[code]} from your next login or unlock.")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add these subcommands to the ``bedside`` parser."""
    user = sub.add_parser("user", help="manage the people who use this device", parents=[common])
    cmds = user.add_subparsers(dest="user_command", required=True, metavar="COMMAND")

    p = cmds.add_parser(
        "add", help="add a person (password from BEDSIDE_NEW_PASSWORD)", parents=[common]
    )
    p.add_argument("name")
    p.add_argument("--role", required=True)
    p.add_argument("--full-name", help="printed name, shown with signatures")
    p.set_defaults(func=cmd_add)

    p = cmds.add_parser(
        "passwd", help="change your password, or reset someone else's", parents=[common]
    )
    p.add_argument("name")
    p.add_argument("--reason")
    p.set_defaults(func=cmd_passwd)

    p = cmds.add_parser(
        "disable", help="disable a person and remove their key slot", parents=[common]
    )
    p.add_argument("name")
    p.add_argument("--reason")
    p.set_defaults(func=cmd_disable)

    p = cmds.add_parser("role", help="change a person's role", parents=[common])
    p.add_argument("name")
    p.add_argument("role")
    p.add_argument("--reason", required=True)
    p.set_defaults(func=cmd_role)

    p = cmds.add_parser("list", help="list the people", parents=[common])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = cmds.add_parser(
        "show-key",
        help="your own signing key, in minisign format (the first admin's goes to the hub)",
        parents=[common],
    )
    p.set_defaults(func=cmd_show_key)

    p = cmds.add_parser(
        "language",
        help="your own interface language (en or zh_CN), from your next login or unlock",
        parents=[common],
    )
    p.add_argument("code")
    p.set_defaults(func=cmd_language)
