"""Entry point: parse, run, and turn every known fault into one line on stderr."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.errors import BedsideError, DiskError, InvalidInput

EXIT_BUG = 70


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        from app.cli.checks import bounded_sentence, shorten_words

        # argparse quotes what was typed ("invalid int value: …"): never at any length.
        self.exit(2, f"bedside: {bounded_sentence(shorten_words(message))}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="bedside", description="Bedside: encrypted bedside trial data capture.")
    parser.add_argument("--version", action="version", version=f"bedside {__version__}")
    parser.add_argument(
        "--data-dir", help="the store's folder (default: $BEDSIDE_DATA_DIR or the user data folder)"
    )
    # --data-dir is also accepted after the subcommand (`bedside hub init --data-dir H`).
    common = Parser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    # Subcommands import the store (SQLAlchemy, SQLCipher): only when one is asked for.
    from app.cli import (
        ae_cmds,
        backup_cmds,
        demo_cmds,
        hub_cmds,
        infusion_cmds,
        participant_cmds,
        prepare_cmds,
        randomise_cmds,
        report_cmds,
        store_cmds,
        sync_cmds,
        unblind_cmds,
        user_cmds,
    )

    store_cmds.register(sub, common)
    backup_cmds.register(sub, common)
    user_cmds.register(sub, common)
    sync_cmds.register(sub, common)
    hub_cmds.register(sub, common)
    participant_cmds.register(sub, common)
    demo_cmds.register(sub, common)
    report_cmds.register(sub, common)
    ae_cmds.register(sub, common)
    randomise_cmds.register(sub, common)
    prepare_cmds.register(sub, common)
    unblind_cmds.register(sub, common)
    infusion_cmds.register(sub, common)
    return parser


def gui_folder(argv: Sequence[str]) -> tuple[bool, str | None]:
    """Whether ``argv`` asks for the app and nothing else, and the folder it names."""
    quick = Parser(add_help=False)
    quick.add_argument("--data-dir")
    known, rest = quick.parse_known_args(list(argv))
    if rest:
        return False, None
    return True, known.data_dir


def run_gui(folder: Path) -> int:
    from app.ui.main import run

    return int(run(folder))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Until the log file is open, a record must not fall through to stderr (logging's
    # last resort), where it would add a traceback to the one line.
    root = logging.getLogger()
    if not any(isinstance(h, logging.NullHandler) for h in root.handlers):
        root.addHandler(logging.NullHandler())
    wants_gui, given = gui_folder(argv)
    if wants_gui:
        # Straight to the window: the login screen must not wait for the CLI's imports.
        from app.cli.checks import resolve_data_dir

        # Logging is set up by the app once its window is painted.
        try:
            return run_gui(resolve_data_dir(given))
        except BedsideError as exc:
            return fail(exc)
    from sqlalchemy.exc import DatabaseError

    from app.cli.checks import check_arguments
    from app.cli.common import data_dir
    from app.logsetup import configure
    from app.store.engine import WRITE_FAILED, translate_operational, translate_os_error

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # Before the log is opened in the folder: refused input leaves no trace there.
        check_arguments(parser, args)
        folder = data_dir(args)
    except BedsideError as exc:
        return fail(exc)
    configure(folder)
    func = getattr(args, "func", None)
    try:
        if func is None:
            return run_gui(folder)
        return int(func(args))
    except BedsideError as exc:
        return fail(exc)
    except BrokenPipeError:
        # The reader went away (``bedside … | head``): nothing to say to it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except DatabaseError as exc:
        known = translate_operational(exc.orig or exc, folder / "bedside.db")
        if isinstance(known, BedsideError):
            return fail(known)
        unreachable = hub_database_unreachable(exc)
        if unreachable is not None:
            return fail(unreachable)
        return bug(exc)
    except OSError as exc:
        known = translate_os_error(exc, folder)
        if isinstance(known, BedsideError):
            return fail(known)
        if exc.errno == errno.EIO:
            # The disk itself failed (a dying stick or disk): the person's fault to report,
            # not Bedside's bug.
            return fail(DiskError(WRITE_FAILED.said()))
        return bug(exc)
    except KeyboardInterrupt:
        print("bedside: interrupted; nothing more was changed.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: logged with a reference, never shown raw
        return bug(exc)


def hub_database_unreachable(exc: Exception) -> BedsideError | None:
    """PostgreSQL refusing or failing a connection (an environment fault), as a sentence."""
    from sqlalchemy.exc import OperationalError

    orig = getattr(exc, "orig", None)
    if not isinstance(exc, OperationalError) or not type(orig).__module__.startswith("psycopg"):
        return None
    lines = str(orig).strip().splitlines()
    return InvalidInput(
        f"The hub database cannot be reached: {lines[0] if lines else type(orig).__name__}"
    )


def fail(exc: BedsideError) -> int:
    from app.cli.checks import bounded_sentence

    sentence = bounded_sentence(exc.sentence)
    logging.getLogger("bedside").info("refused: %s", sentence)
    print(f"bedside: {sentence}", file=sys.stderr)
    return exc.exit_code


def bug(exc: BaseException) -> int:
    from app.logsetup import report_bug

    reference = report_bug(exc)
    logged = any(getattr(h, "_bedside", False) for h in logging.getLogger().handlers)
    where = "it is described in bedside.log in the data folder" if logged else "nothing was logged"
    print(
        f"bedside: an unexpected error happened (reference {reference}); {where}.",
        file=sys.stderr,
    )
    return EXIT_BUG
