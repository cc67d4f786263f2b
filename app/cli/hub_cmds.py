"""bedside hub init | register | keys | export-identity | import | status | revoke."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.common import acting_user, data_dir, print_json
from app.errors import InvalidInput

if TYPE_CHECKING:
    from app.sync.agecrypt import AgeIdentity


@contextmanager
def opened_hub(args: argparse.Namespace) -> Iterator[Any]:
    from app.hub.store import Hub

    name, password = acting_user()
    hub = Hub.open(data_dir(args), name, password)
    try:
        yield hub
    finally:
        hub.close()


MAX_IDENTITY_BYTES = 16 * 1024  # an identity file is about 200 bytes


def read_identity(path: Path) -> AgeIdentity:
    """The age identity in ``path`` (as ``hub export-identity`` or ``age-keygen`` write it).

    Read like any outside file: no links followed, no FIFO waited on, a small cap.
    """
    from app.sync import agecrypt
    from app.sync.safe_read import UnsafeFile, printable_name, read_capped

    shown = printable_name(path.name)
    try:
        text = read_capped(path, MAX_IDENTITY_BYTES).decode("utf-8")
        return agecrypt.parse_identity(text)
    except UnsafeFile as exc:
        if exc.code == "missing":
            raise InvalidInput(
                f"The identity file {shown} does not exist: nothing was created."
            ) from None
        sentence = exc.sentence.removesuffix(".")
        raise InvalidInput(f"The identity file {sentence}; nothing was created.") from None
    except (UnicodeDecodeError, agecrypt.AgeError):
        raise InvalidInput(
            f"{shown} is not an age identity (one AGE-SECRET-KEY-1 line): nothing was created."
        ) from None


def cmd_init(args: argparse.Namespace) -> int:
    from app.hub.store import Hub
    from app.protocol import load_default
    from app.services.users import check_name, check_password

    name, password = acting_user()
    check_name(name)
    check_password(password)
    identity = read_identity(Path(args.identity)) if args.identity is not None else None
    hub, recovery = Hub.init(
        data_dir(args),
        args.db_url,
        name,
        password,
        load_default().study.nct_id,
        identity=identity,
    )
    keys = hub.keys()
    hub.close()
    if identity is not None:
        print(f"Restored the hub's age identity from {args.identity}.")
    print(f"Created the Bedside hub in {hub.paths.root}.")
    print(f"age recipient:      {keys.age_recipient}")
    print(f"minisign public key: {keys.minisign_public_key}")
    print("Recovery key (shown once; keep it with the sealed off-site copy of the identity):")
    print(f"  {recovery}")
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    from app.hub.admin import register_device

    with opened_hub(args) as hub:
        register_device(hub, args.device, args.key, args.site, admin_key=args.admin_key)
    print(f"Enrolled device {args.device}.")
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    with opened_hub(args) as hub:
        keys = hub.keys()
    if args.json:
        print_json(
            {"age_recipient": keys.age_recipient, "minisign_public_key": keys.minisign_public_key}
        )
    else:
        print(f"age recipient:       {keys.age_recipient}")
        print(f"minisign public key: {keys.minisign_public_key}")
    return 0


def cmd_export_identity(args: argparse.Namespace) -> int:
    from app.store.files import write_atomic
    from app.sync.agecrypt import identity_file_text

    out = Path(args.out)
    if out.exists():
        raise InvalidInput(f"{out} exists: Bedside does not overwrite a key file.")
    with opened_hub(args) as hub:
        text = identity_file_text(hub.identity())
    write_atomic(out, text.encode("ascii"), mode=0o600)
    print(f"Wrote the hub's age identity to {out}. Seal it and keep it off site.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.hub.importer import import_folder

    with opened_hub(args) as hub:
        outcomes = import_folder(hub, Path(args.folder))
    if args.json:
        print_json([o.to_json() for o in outcomes])
    else:
        for outcome in outcomes:
            print(outcome.line())
        if not outcomes:
            print("No bundles in that folder.")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from app.hub.admin import duplicate_subjects, status, unattributed, unblindings

    with opened_hub(args) as hub:
        devices = status(hub)
        junk = unattributed(hub)
        unblinded = unblindings(hub)
        duplicates = duplicate_subjects(hub)
    if args.json:
        print_json({
            "devices": devices, "unattributed_rejections": junk, "unblindings": unblinded,
            "duplicates": duplicates,
        })  # fmt: skip
    else:
        if junk:
            print(f"{junk} files in the import folder were not any device's (junk, skipped).")
        for d in devices:
            state = "revoked" if d["revoked_at"] else "active"
            print(
                f"{d['device']:<16} {state:<8} last bundle {d['last_seq']:<5} "
                f"held {d['held'] or '-'} rejections {d['rejections']} "
                f"last seen {d['last_seen'] or 'never'}"
            )
            if d["fork"]:
                fork = d["fork"]
                print(f"  FORK: {fork['sentence']}")
        _print_duplicates(duplicates)
        _print_unblindings(unblinded)
    return 0


def _print_duplicates(duplicates: list[dict[str, Any]]) -> None:
    """One line per study ID or kit code that more than one participant record holds."""
    if not duplicates:
        print("Duplicate study IDs and kit codes: none.")
        return
    print(f"DUPLICATES: {len(duplicates)} study IDs or kit codes are held by more than one record.")
    for d in duplicates:
        held = ", ".join(
            f"{r['device']} {r['screening_number'] or '-'} (record {r['record_id']})"
            for r in d["records"]
        )
        name = "study ID" if d["field"] == "study_id" else "kit code"
        print(f"  {name} {d['value']}: {held}")


def _print_unblindings(unblinded: list[dict[str, Any]]) -> None:
    """One line per emergency unblinding: device, participant, who, when, why."""
    if not unblinded:
        print("Emergency unblindings: none.")
        return
    print(f"Emergency unblindings: {len(unblinded)}.")
    for u in unblinded:
        who = f"{u['unblinded_by']} ({u['full_name']})" if u["full_name"] else u["unblinded_by"]
        when = str(u["unblinded_at"] or "")[:16].replace("T", " ")
        print(
            f"  {u['device']:<16} {u['study_id']} kit {u['kit_code']}: by {who} "
            f"on {when} UTC, reason: {u['reason']}"
        )


def cmd_revoke(args: argparse.Namespace) -> int:
    from app.hub.admin import revoke_device

    with opened_hub(args) as hub:
        revoke_device(hub, args.device)
    print(f"Revoked device {args.device}: its bundles are quarantined from now on.")
    return 0


def cmd_export_odm(args: argparse.Namespace) -> int:
    from app.hub.odm import export_odm
    from app.hub.odm_unblinded import export_unblinded_odm
    from app.hub.odm_xml import check_new_file

    out = Path(args.out)
    check_new_file(out)  # a wrong path is refused before the hub is unlocked
    randomised = unmatched = None
    with opened_hub(args) as hub:
        if args.unblinded:
            unblinded = export_unblinded_odm(hub, out)
            summary = unblinded.odm
            randomised, unmatched = unblinded.randomised, unblinded.unmatched
        else:
            summary = export_odm(hub, out)
    counts = {
        "path": str(summary.path),
        "subjects": summary.subjects,
        "forms": summary.forms,
        "items": summary.items,
        "audit_records": summary.audit_records,
        "signatures": summary.signatures,
    }
    if args.json:
        if args.unblinded:
            counts.update(unblinded=True, randomised=randomised, kits_not_in_list=unmatched)
        print_json(counts)
        return 0
    kind = "an UNBLINDED" if args.unblinded else "a blinded"
    print(
        f"Wrote {kind} CDISC ODM 1.3.2 snapshot to {out}: {summary.subjects} subjects, "
        f"{summary.forms} forms, {summary.items} items, {summary.audit_records} audit "
        f"records, {summary.signatures} signatures."
    )
    if args.unblinded:
        print(f"Randomisation data of {randomised} subjects, with their arm.")
        if unmatched:
            print(f"{unmatched} kit codes are not in the hub's allocation list: check them.")
    return 0


def cmd_export_csv(args: argparse.Namespace) -> int:
    from app.hub.csv_export import check_new_folder, export_csv

    out = Path(args.out)
    check_new_folder(out)  # a wrong path is refused before the hub is unlocked
    with opened_hub(args) as hub:
        summary = export_csv(hub, out)
    if args.json:
        print_json({"folder": str(summary.folder), "rows": summary.rows})
    else:
        print(f"Wrote blinded CSV files to {out}:")
        width = max(len(name) for name in summary.rows)
        for name, count in summary.rows.items():
            print(f"  {name:<{width}} {count} row{'' if count == 1 else 's'}")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``bedside hub …`` to the parser."""
    hub = sub.add_parser("hub", help="the coordinating centre's hub", parents=[common])
    cmds = hub.add_subparsers(dest="hub_command", required=True, metavar="COMMAND")

    p = cmds.add_parser(
        "init", help="create the hub (first user from BEDSIDE_USER)", parents=[common]
    )
    p.add_argument("--db-url", help="postgresql://… (default: an encrypted SQLite file)")
    p.add_argument("--identity", help="restore the age identity from its sealed copy")
    p.set_defaults(func=cmd_init)

    p = cmds.add_parser("register", help="enrol a device's public key", parents=[common])
    p.add_argument("--device", required=True)
    p.add_argument("--key", required=True, help="the device's minisign public key")
    p.add_argument(
        "--admin-key",
        help="the device's first admin's own key (bedside user show-key on the device)",
    )
    p.add_argument("--site")
    p.set_defaults(func=cmd_register)

    p = cmds.add_parser("keys", help="the hub's public keys", parents=[common])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_keys)

    p = cmds.add_parser(
        "export-identity", help="write the age identity for the sealed copy", parents=[common]
    )
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_export_identity)

    p = cmds.add_parser("import", help="check and merge every bundle in a folder", parents=[common])
    p.add_argument("folder")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)

    p = cmds.add_parser(
        "status", help="devices, sequences, held bundles, rejections", parents=[common]
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = cmds.add_parser(
        "revoke", help="revoke a device: its bundles are quarantined", parents=[common]
    )
    p.add_argument("device")
    p.set_defaults(func=cmd_revoke)

    p = cmds.add_parser(
        "export-odm", help="write a blinded CDISC ODM 1.3.2 snapshot", parents=[common]
    )
    p.add_argument("--out", required=True, help="the new file to write (never overwritten)")
    p.add_argument(
        "--unblinded",
        action="store_true",
        help="add the randomisation data with each subject's arm (statistician only)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_export_odm)

    p = cmds.add_parser(
        "export-csv",
        help="write blinded CSV files, one per form, and the audit trail",
        parents=[common],
    )
    p.add_argument("--out", required=True, help="a new or empty folder to write into")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_export_csv)

    from app.cli import allocation_cmds, hub_safety_cmds, reenrol_cmds

    allocation_cmds.register_hub(cmds, common)
    hub_safety_cmds.register_hub(cmds, common)
    reenrol_cmds.register_hub(cmds, common)
