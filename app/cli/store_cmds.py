"""init, verify, rekey, recover, selftest."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.common import data_dir, print_json, secret_from_env, unlocked
from app.errors import InvalidInput, NotPermitted
from app.roles import Permission
from app.services.users import check_full_name, check_name, check_password
from app.store.keyslots import normalise_password
from app.store.store import Store, check_code
from app.store.uow import log_event


def cmd_init(args: argparse.Namespace) -> int:
    check_name(args.admin)
    if args.full_name is not None:
        check_full_name(args.full_name)
    site, device = check_code("site", args.site.strip()), check_code("device", args.device.strip())
    password = check_password(secret_from_env("BEDSIDE_PASSWORD", "Admin password: "))
    store, _admin, recovery = Store.create(
        data_dir(args),
        site=site,
        device=device,
        admin_name=args.admin,
        admin_password=password,
        admin_full_name=args.full_name,
    )
    store.close()
    print(f"Created the Bedside store for site {site}, device {device}, in {store.paths.root}.")
    print("Recovery key (shown once; print it and keep it locked away):")
    print(f"  {recovery}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from app.errors import CorruptStore
    from app.services.verify import verify_store

    try:
        with unlocked(args) as (store, _actor):
            report = verify_store(store)
    except CorruptStore as exc:
        # A store that fails closed (a lost tail, a damaged file) is a failed check.
        if args.json:
            print_json({"ok": False, "problem": exc.sentence})
        raise
    if args.json:
        print_json(report.to_json())
    else:
        for line in report.lines():
            print(line)
    if not report.ok:
        # A lost tail refuses the unlock above already; this names what else failed.
        print(f"bedside: verification failed: {report.first_problem()}", file=sys.stderr)
        return 1
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    with unlocked(args) as (store, actor):
        if not actor.can(Permission.MANAGE_DEVICE):
            raise NotPermitted("Only an admin can re-key the store.")
        generation = store.rekey(actor)
    print(f"Re-keyed the store: key generation {generation}; every slot re-wrapped.")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    """Reset a person's password with the recovery key (a lost admin password)."""
    key = secret_from_env("BEDSIDE_RECOVERY_KEY", "Recovery key: ")
    new = check_password(secret_from_env("BEDSIDE_NEW_PASSWORD", "New password: "))
    store = Store.open(data_dir(args))
    try:
        recovery_signing_key = store.unlock_with_recovery_key(key)
        from sqlalchemy import select

        from app.models import User
        from app.roles import Role
        from app.store.uow import Actor

        with store.read() as session:
            user = session.scalars(select(User).where(User.name == args.user)).one_or_none()
        if user is None or not user.active:
            raise InvalidInput(f"There is no active user called {args.user!r}.")
        from app.services.users import enrol_key
        from app.store.person_key import RECOVERY_ACTOR

        # The recovery key acts (and signs) as itself, never as the person it resets.
        actor = Actor("", RECOVERY_ACTOR, "Recovery key", Role.ADMIN, recovery_signing_key)
        from app.store.person_key import age_recipient, derive_age_secret, derive_signing_key

        _slot, private = store.slots.replace_opened(
            "user", user.name, normalise_password(new), store.current_deks()
        )
        person_key = derive_signing_key(private, store.store_id, "user", user.name)
        with store.transaction(actor, reason="password reset with the recovery key") as session:
            recipient = age_recipient(derive_age_secret(private, store.store_id, "user", user.name))
            enrol_key(session, user.name, Role(user.role), person_key, recipient)
            log_event(
                session, "password_reset", RECOVERY_ACTOR, record_id=user.id, detail=user.name
            )
            session.flush()
            store.slots.save()
    finally:
        store.close()
    print(f"The password of {args.user} was reset with the recovery key.")
    return 0


def cmd_selftest(args: argparse.Namespace) -> int:
    from app.selftest import run_selftest

    results = run_selftest()
    if args.json:
        print_json({name: {"ok": ok, "detail": detail} for name, ok, detail in results})
    else:
        for name, ok, detail in results:
            print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
    return 0 if all(ok for _n, ok, _d in results) else 1


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add these subcommands to the ``bedside`` parser."""
    p = sub.add_parser(
        "init", help="create the encrypted store and its first admin", parents=[common]
    )
    p.add_argument("--site", required=True)
    p.add_argument("--device", required=True)
    p.add_argument("--admin", required=True, help="user name of the first admin")
    p.add_argument("--full-name", help="the admin's printed name for signatures")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "verify", help="check the file, the cipher, the audit chain, signatures", parents=[common]
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("rekey", help="rotate the data key and re-wrap every slot", parents=[common])
    p.set_defaults(func=cmd_rekey)

    p = sub.add_parser("recover", help="reset a password with the recovery key", parents=[common])
    p.add_argument("--user", required=True)
    p.set_defaults(func=cmd_recover)

    p = sub.add_parser(
        "selftest", help="check encryption, signing, PDF and Qt work here", parents=[common]
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_selftest)


__all__ = ["register"]
